-- 001 — Foundation: the run journal every command writes to.
-- (Schema lecap and lecap.schema_migration are created by lecap init itself.)

CREATE TABLE lecap.execution (
    id               bigserial PRIMARY KEY,
    commande         text        NOT NULL,
    debut            timestamptz NOT NULL DEFAULT now(),
    fin              timestamptz,
    hote             text        NOT NULL,
    pid              int         NOT NULL,
    version_lecap    text        NOT NULL,
    fichiers_integres  int NOT NULL DEFAULT 0,
    fichiers_rejetes   int NOT NULL DEFAULT 0,
    fichiers_doublons  int NOT NULL DEFAULT 0,
    fichiers_obsoletes int NOT NULL DEFAULT 0,
    campagnes_agregees int[] NOT NULL DEFAULT '{}',
    rapports_ecrits  int NOT NULL DEFAULT 0,
    code_sortie      int,
    messages         text NOT NULL DEFAULT ''
);
COMMENT ON TABLE lecap.execution IS 'Journal des exécutions de lecap (une ligne par commande qui écrit en base)';
COMMENT ON COLUMN lecap.execution.id IS 'Identifiant de l''exécution';
COMMENT ON COLUMN lecap.execution.commande IS 'Commande lancée (run, ingest, aggregate, report...)';
COMMENT ON COLUMN lecap.execution.debut IS 'Début de l''exécution';
COMMENT ON COLUMN lecap.execution.fin IS 'Fin de l''exécution (NULL : en cours ou interrompue)';
COMMENT ON COLUMN lecap.execution.hote IS 'Machine qui a lancé l''exécution';
COMMENT ON COLUMN lecap.execution.pid IS 'Numéro de processus';
COMMENT ON COLUMN lecap.execution.version_lecap IS 'Version de lecap';
COMMENT ON COLUMN lecap.execution.fichiers_integres IS 'Fichiers intégrés';
COMMENT ON COLUMN lecap.execution.fichiers_rejetes IS 'Fichiers rejetés (mis en quarantaine)';
COMMENT ON COLUMN lecap.execution.fichiers_doublons IS 'Fichiers déjà reçus (même SHA-256)';
COMMENT ON COLUMN lecap.execution.fichiers_obsoletes IS 'Fichiers remplacés par un export plus récent déjà intégré';
COMMENT ON COLUMN lecap.execution.campagnes_agregees IS 'Campagnes dont les agrégats ont été recalculés';
COMMENT ON COLUMN lecap.execution.rapports_ecrits IS 'Rapports PDF écrits';
COMMENT ON COLUMN lecap.execution.code_sortie IS 'Code de sortie (0 succès, 1 rejets, 2 usage, 3 base, 4 verrou, 5 E/S)';
COMMENT ON COLUMN lecap.execution.messages IS 'Erreurs et avertissements de l''exécution';

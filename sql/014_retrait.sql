-- 014 — Withdrawals (lecap retirer): an evaluation and its plan removed by
-- the operator, who, when and why; the files they came from stay archived,
-- marked withdrawn, so that dropping one again is refused (unless lecap
-- ingest --reintegrer); the campaign is marked for re-aggregation.

CREATE TABLE lecap.retrait (
    id           bigserial PRIMARY KEY,
    siret        text NOT NULL,
    campagne     int  NOT NULL,
    motif        text NOT NULL DEFAULT '',
    par          text NOT NULL,
    le           timestamptz NOT NULL DEFAULT now(),
    execution_id bigint REFERENCES lecap.execution,
    evaluations  int    NOT NULL,
    repondants   int    NOT NULL,
    reponses     bigint NOT NULL,
    plans        int    NOT NULL,
    actions      int    NOT NULL,
    fichiers     int    NOT NULL
);
CREATE INDEX retrait_siret ON lecap.retrait (siret, campagne);
COMMENT ON TABLE lecap.retrait IS 'Journal des retraits d''évaluations (lecap retirer) : qui, quand, pourquoi, ce qui a été retiré';
COMMENT ON COLUMN lecap.retrait.id IS 'Identifiant';
COMMENT ON COLUMN lecap.retrait.siret IS 'SIRET de l''évaluation retirée';
COMMENT ON COLUMN lecap.retrait.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.retrait.motif IS 'Motif donné par l''exploitant (--motif)';
COMMENT ON COLUMN lecap.retrait.par IS 'Qui : utilisateur système et hôte, puis rôle PostgreSQL';
COMMENT ON COLUMN lecap.retrait.le IS 'Quand';
COMMENT ON COLUMN lecap.retrait.execution_id IS 'Exécution (lecap.execution) qui a fait le retrait';
COMMENT ON COLUMN lecap.retrait.evaluations IS 'Évaluations retirées (0 ou 1)';
COMMENT ON COLUMN lecap.retrait.repondants IS 'Répondants retirés';
COMMENT ON COLUMN lecap.retrait.reponses IS 'Cellules de réponse retirées';
COMMENT ON COLUMN lecap.retrait.plans IS 'Plans de progrès retirés (0 ou 1)';
COMMENT ON COLUMN lecap.retrait.actions IS 'Actions de plan retirées';
COMMENT ON COLUMN lecap.retrait.fichiers IS 'Fichiers marqués retirés (restés dans l''archive)';

ALTER TABLE lecap.fichier ADD COLUMN retrait_id bigint REFERENCES lecap.retrait;
COMMENT ON COLUMN lecap.fichier.retrait_id IS 'Retrait (lecap retirer) qui a retiré ce fichier ; un nouveau dépôt du même contenu est refusé, sauf lecap ingest --reintegrer';

-- Campaigns whose data changed outside of the ingestion (a withdrawal, an
-- erasure): lecap.campagne_perimee reads it.
CREATE TABLE lecap.campagne_modifiee (
    campagne int  PRIMARY KEY,
    le       timestamptz NOT NULL,
    raison   text NOT NULL
);
COMMENT ON TABLE lecap.campagne_modifiee IS 'Dernière modification d''une campagne hors ingestion (retrait, effacement) : ses agrégats sont périmés si elle est postérieure à leur calcul';
COMMENT ON COLUMN lecap.campagne_modifiee.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.campagne_modifiee.le IS 'Date de la modification';
COMMENT ON COLUMN lecap.campagne_modifiee.raison IS 'Raison donnée par lecap status (ex. évaluation retirée)';

-- lecap.retirer_evaluation (the withdrawal) and the staleness rule that
-- reads lecap.campagne_modifiee are in sql/fonctions/.

-- Delegates read the staleness of the campaigns (lecap.agregat_campagne,
-- lecap.campagne_perimee), not the withdrawals: lecap.retrait names members
-- of every region.
GRANT SELECT ON lecap.campagne_modifiee TO lecap_delegue;

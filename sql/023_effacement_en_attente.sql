-- 023 — Erasing a member (lecap purger --siret) safe against a crash: the
-- files to erase are recorded in the same transaction as the deletion of the
-- member's rows, then erased one by one, each row removed once its file is
-- gone. A kill -9 after the commit leaves rows here; the next lecap command
-- that takes the run lock (or lecap purger again) finishes them, and lecap
-- status shows them meanwhile. No siret column on purpose: the table is not
-- one of those lecap.effacer_adherent empties, and holds nothing once done.

CREATE TABLE lecap.effacement_en_attente (
    chemin text PRIMARY KEY,
    sha256 text,
    depuis timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE lecap.effacement_en_attente IS 'Fichiers d''un adhérent effacé (lecap purger --siret) qui restent à effacer du disque après la validation ; vide hors interruption';
COMMENT ON COLUMN lecap.effacement_en_attente.chemin IS 'Chemin du fichier à effacer (boîte de réception, archive, quarantaine, rapports)';
COMMENT ON COLUMN lecap.effacement_en_attente.sha256 IS 'Empreinte attendue (fichiers de la boîte de réception) : un fichier redéposé depuis, au contenu différent, est gardé';
COMMENT ON COLUMN lecap.effacement_en_attente.depuis IS 'Date de la décision d''effacement';

-- Not granted to the reader roles: the paths name members of every region.

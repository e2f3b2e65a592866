-- 037 — What each photographie was last drawn from (issue 20 item 3): the
-- digest of its inputs (lecap.photographie_entrees), written once the
-- report step has written or kept every photographie of the campaign. The
-- next run without --all reads only the members whose digest differs (or
-- who have none, or whose file is missing or damaged); the PDF's own
-- fingerprint stays the arbiter of what is redrawn. A run killed before
-- the end writes nothing: every member is still to redo.

CREATE TABLE lecap.photographie_entree (
    campagne int  NOT NULL CHECK (campagne BETWEEN 2000 AND 2100),
    siret    text COLLATE "C" NOT NULL CHECK (siret ~ '^[0-9]{14}$'),
    entrees  text NOT NULL CHECK (entrees ~ '^[0-9a-f]{32}$'),
    PRIMARY KEY (campagne, siret)
);
COMMENT ON TABLE lecap.photographie_entree IS 'Entrées de la dernière photographie produite de chaque adhérent (lecap run) : un adhérent dont les entrées n''ont pas changé n''est pas relu';
COMMENT ON COLUMN lecap.photographie_entree.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.photographie_entree.siret IS 'SIRET de l''adhérent';
COMMENT ON COLUMN lecap.photographie_entree.entrees IS 'Empreinte MD5 de ce que la photographie montre (lecap.photographie_entrees) au moment où elle a été écrite ou gardée';

REVOKE ALL ON lecap.photographie_entree FROM PUBLIC, lecap_analyste, lecap_delegue;

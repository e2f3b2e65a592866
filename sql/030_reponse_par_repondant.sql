-- 030 — Answers stored one row per respondent (issue 20): the notes of a
-- respondent as one character per indicator of the grid version, in the
-- grid's order (lecap.element rang among the indicators): '1'–'4' a note,
-- 'N' non concerné (NC), '.' no answer. About 60 bytes for 60 cells, where
-- one row per cell took about 85 bytes per cell with its index. Analysts
-- read one row per cell, as before, in lecap.v_reponse (sql/vues/).
--
-- What keeps a row valid, declared: the characters in the domain (CHECK);
-- the length equal to the indicator count of the grid version (a foreign
-- key from (version_referentiel, longueur) to (version, indicateurs) of
-- lecap.referentiel, longueur being the length of notes). lecap ingest is
-- still the one writer (src/ingest/ingest_batch.c), and deletes the answers
-- with their evaluation.

-- The indicator count of each grid version (lecap init sets it when it
-- loads a grid: src/referentiel/referentiel_db.c).
ALTER TABLE lecap.referentiel ADD COLUMN indicateurs smallint;
UPDATE lecap.referentiel r
   SET indicateurs = (SELECT count(*) FROM lecap.element e WHERE e.version = r.version AND e.niveau = 'indicateur');
ALTER TABLE lecap.referentiel ADD CONSTRAINT referentiel_indicateurs UNIQUE (version, indicateurs);
COMMENT ON COLUMN lecap.referentiel.indicateurs IS 'Nombre d''indicateurs de la grille : la longueur des notes de lecap.reponse';

ALTER TABLE lecap.reponse RENAME TO reponse_par_cellule;
ALTER TABLE lecap.reponse_par_cellule RENAME CONSTRAINT reponse_pkey TO reponse_par_cellule_pkey;

CREATE TABLE lecap.reponse (
    evaluation_id       bigint   NOT NULL,
    repondant           smallint NOT NULL,
    version_referentiel text     NOT NULL,
    longueur            smallint NOT NULL GENERATED ALWAYS AS (length(notes)) STORED,
    notes               text     NOT NULL CHECK (btrim(notes, '1234N.') = ''),
    PRIMARY KEY (evaluation_id, repondant),
    FOREIGN KEY (version_referentiel, longueur) REFERENCES lecap.referentiel (version, indicateurs)
);
COMMENT ON TABLE lecap.reponse IS 'Les notes d''un répondant, une ligne par répondant (une ligne par cellule : lecap.v_reponse) ; répondant et évaluation garantis par lecap ingest (seul écrivain), sans clé étrangère vers eux';
COMMENT ON COLUMN lecap.reponse.evaluation_id IS 'Évaluation';
COMMENT ON COLUMN lecap.reponse.repondant IS 'Numéro du répondant dans l''évaluation';
COMMENT ON COLUMN lecap.reponse.version_referentiel IS 'Version de la grille de l''évaluation : l''ordre et le nombre des indicateurs';
COMMENT ON COLUMN lecap.reponse.longueur IS 'Longueur de notes : le nombre d''indicateurs de la grille (clé étrangère vers lecap.referentiel)';
COMMENT ON COLUMN lecap.reponse.notes IS 'Un caractère par indicateur, dans l''ordre de la grille : 1 à 4 la note, N non concerné (NC), . sans réponse';

-- The cells in place, in the grid's order, one row for every respondent
-- (all '.' when they answered nothing, as lecap ingest writes it); a cell
-- of an indicator absent from the grid cannot exist (lecap ingest
-- validates the codes).
INSERT INTO lecap.reponse (evaluation_id, repondant, version_referentiel, notes)
SELECT r.evaluation_id, r.numero, e.version_referentiel,
       string_agg(CASE WHEN c.indicateur IS NULL THEN '.' WHEN c.note IS NULL THEN 'N' ELSE c.note::text END,
                  '' ORDER BY g.pos)
  FROM lecap.repondant r
  JOIN lecap.evaluation e ON e.id = r.evaluation_id
  JOIN (SELECT version, code, row_number() OVER (PARTITION BY version ORDER BY rang) AS pos
          FROM lecap.element WHERE niveau = 'indicateur') g ON g.version = e.version_referentiel
  LEFT JOIN lecap.reponse_par_cellule c
    ON c.evaluation_id = r.evaluation_id AND c.repondant = r.numero AND c.indicateur = g.code
 GROUP BY r.evaluation_id, r.numero, e.version_referentiel;
DROP TABLE lecap.reponse_par_cellule;

-- Readers: as before (sql/005_roles.sql), the delegates through the rows of
-- their regions' evaluations.
GRANT SELECT ON lecap.reponse TO lecap_analyste, lecap_delegue;
ALTER TABLE lecap.reponse ENABLE ROW LEVEL SECURITY;
CREATE POLICY analyste ON lecap.reponse FOR SELECT TO lecap_analyste USING (true);
CREATE POLICY delegue ON lecap.reponse FOR SELECT TO lecap_delegue
    USING (evaluation_id IN (SELECT id FROM lecap.evaluation));

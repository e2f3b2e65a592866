-- 042 — An evaluation's own results, digested once (issue 20, item 3).
-- lecap.photographie_entrees hashed, every night, every row of lecap.score,
-- lecap.score_college and lecap.divergence that a photographie can show,
-- to find the few members whose inputs changed: 0.24 M score rows at 2,000
-- members, 1.2 M at 10,000 (2.16 s of a 10 s night with one corrected
-- export). Those rows never change while the evaluation keeps its id (a
-- corrected export is a new evaluation; lecap.agreger computes an
-- evaluation's rows once, when it is new, and deletes them when it is
-- gone): their count and the sum of their 64-bit hashes are written here,
-- right after the rows, and read back instead of the rows. Only the quarter of the network each score falls in is still
-- computed at each night: it moves with the network's quartiles.
--
-- Written by lecap.agreger only (sql/fonctions/agreger.sql), deleted with
-- the rows it digests; internal (no reader role reads it: it holds no
-- figure, only sums of hashes).

CREATE TABLE lecap.empreinte_evaluation (
    campagne      int    NOT NULL,
    evaluation_id bigint NOT NULL,
    lignes        int    NOT NULL CHECK (lignes >= 0),
    somme         numeric NOT NULL,
    PRIMARY KEY (campagne, evaluation_id)
);
COMMENT ON TABLE lecap.empreinte_evaluation IS 'Empreinte des résultats propres de chaque évaluation agrégée (ses lignes de lecap.score, lecap.score_college et lecap.divergence), écrite par lecap.agreger avec ces lignes ; lue par lecap.photographie_entrees';
COMMENT ON COLUMN lecap.empreinte_evaluation.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.empreinte_evaluation.evaluation_id IS 'Évaluation (voir lecap.resultat_evaluation)';
COMMENT ON COLUMN lecap.empreinte_evaluation.lignes IS 'Nombre de ses lignes de scores, de scores des collèges et de divergences';
COMMENT ON COLUMN lecap.empreinte_evaluation.somme IS 'Somme des hachages 64 bits (hash_record_extended) de ces lignes';
REVOKE ALL ON lecap.empreinte_evaluation FROM PUBLIC, lecap_analyste, lecap_delegue;

-- The evaluations already aggregated, from their rows as stored: the same
-- records as lecap.agreger hashes (same columns, same types).
INSERT INTO lecap.empreinte_evaluation
SELECT r.campagne, r.evaluation_id, coalesce(sum(x.n), 0)::int, coalesce(sum(x.h), 0)
  FROM lecap.resultat_evaluation r
  LEFT JOIN (
    SELECT s.campagne, s.evaluation_id, count(*) AS n,
           sum(hash_record_extended((s.niveau, s.code, s.score, s.atteint, s.n_objectifs, s.n_atteints), 0)) AS h
      FROM lecap.score s GROUP BY 1, 2
    UNION ALL
    SELECT c.campagne, c.evaluation_id, count(*),
           sum(hash_record_extended((c.college, c.niveau, c.code, c.score, c.n_repondants), 0))
      FROM lecap.score_college c GROUP BY 1, 2
    UNION ALL
    SELECT d.campagne, d.evaluation_id, count(*),
           sum(hash_record_extended((d.sous_theme, d.ecart_moyen, d.n_indicateurs, d.point_de_debat), 0))
      FROM lecap.divergence d GROUP BY 1, 2) x
    ON x.campagne = r.campagne AND x.evaluation_id = r.evaluation_id
 GROUP BY r.campagne, r.evaluation_id;

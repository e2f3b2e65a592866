-- 051 — The sums of the colleges' scores kept per region (issue 20,
-- nights). Migration 046 kept them for the network only: the network's
-- college aggregates came from them, but the regions' were grouped again
-- from the rows of lecap.score_college of every region touched (a night
-- with 100 corrected exports at 10,000 members touches nearly every
-- region: 0.26 s to group 400,000 rows; with one, 33 ms). Kept per
-- region, a night adds the new evaluations' rows and takes away those of
-- the evaluations gone, region by region; a region's aggregates are its
-- rows' sums, the network's the sums of every region's (an evaluation is
-- in one region).
--
-- Same rules as migration 046 otherwise: the sum kept per scale of the
-- scores it adds (echelle); written and read by lecap.agreger only
-- (sql/fonctions/agreger.sql); internal. Filled here from the rows that
-- the last aggregation of each campaign left: the college scores of the
-- evaluations whose lecap.resultat_evaluation row says complete, in the
-- region of their rows.

DROP TABLE lecap.somme_college;
CREATE TABLE lecap.somme_college (
    campagne     int    NOT NULL,
    region       text COLLATE "C" NOT NULL,
    college      text COLLATE "C" NOT NULL,
    niveau       text COLLATE "C" NOT NULL,
    code         text COLLATE "C" NOT NULL,
    echelle      smallint NOT NULL,
    n            int    NOT NULL CHECK (n > 0),
    n_repondants bigint NOT NULL,
    somme        numeric NOT NULL,
    PRIMARY KEY (campagne, region, college, niveau, code, echelle)
);
COMMENT ON TABLE lecap.somme_college IS 'Sommes des scores des collèges d''une campagne : pour chaque région, collège, élément et nombre de décimales, combien d''évaluations complètes, leurs répondants et la somme de leurs scores ; table interne de lecap.agreger, d''où il tire les agrégats des collèges des régions et du réseau (FR)';
COMMENT ON COLUMN lecap.somme_college.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.somme_college.region IS 'Région des évaluations (code INSEE)';
COMMENT ON COLUMN lecap.somme_college.college IS 'Collège';
COMMENT ON COLUMN lecap.somme_college.niveau IS 'Niveau de l''élément (sous_theme, theme)';
COMMENT ON COLUMN lecap.somme_college.code IS 'Code de l''élément';
COMMENT ON COLUMN lecap.somme_college.echelle IS 'Nombre de décimales des scores sommés (ceux de lecap.score_college)';
COMMENT ON COLUMN lecap.somme_college.n IS 'Nombre d''évaluations complètes de la région dont ce collège a ce score pour cet élément, à ce nombre de décimales';
COMMENT ON COLUMN lecap.somme_college.n_repondants IS 'Somme de leurs répondants du collège (lecap.score_college.n_repondants)';
COMMENT ON COLUMN lecap.somme_college.somme IS 'Somme de leurs scores';
REVOKE ALL ON lecap.somme_college FROM PUBLIC, lecap_analyste, lecap_delegue;

INSERT INTO lecap.somme_college
SELECT c.campagne, c.region, c.college, c.niveau, c.code, scale(c.score), count(*), sum(c.n_repondants),
       sum(c.score)
  FROM lecap.score_college c
  JOIN lecap.resultat_evaluation r ON r.evaluation_id = c.evaluation_id
 WHERE r.complete
 GROUP BY c.campagne, c.region, c.college, c.niveau, c.code, scale(c.score);

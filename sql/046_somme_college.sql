-- 046 — The sums that give the network's college aggregates, kept (issue
-- 20, nights). lecap.agregat_college's network rows (region 'FR': per
-- college and element, the count of complete evaluations, their
-- respondents and the mean of their college scores) were grouped from the
-- campaign's 440,000 rows of lecap.score_college at every aggregation
-- (0.42-0.48 s of a night with one corrected export at 10,000 members).
-- They depend only on the count, the respondents and the sum of the scores
-- per college and element: kept here, a night adds the new evaluations'
-- rows and takes away those of the evaluations gone (as for the
-- distribution of the scores, lecap.repartition_score, migration 045).
--
-- The sum is kept per scale of the scores it adds (echelle): avg() keeps
-- the largest scale of what it sums, and a sum from which the only score
-- of scale 16 was taken away would otherwise keep that scale; the mean is
-- the sum of the rows over their count, avg()'s digits.
--
-- Written by lecap.agreger only (sql/fonctions/agreger.sql), read by it
-- only; internal (no reader role reads it: the published figures are those
-- of lecap.agregat_college, through the publication rules). Filled here
-- from the rows that the last aggregation of each campaign left: the
-- college scores of the evaluations whose lecap.resultat_evaluation row
-- says complete.

CREATE TABLE lecap.somme_college (
    campagne     int    NOT NULL,
    college      text COLLATE "C" NOT NULL,
    niveau       text COLLATE "C" NOT NULL,
    code         text COLLATE "C" NOT NULL,
    echelle      smallint NOT NULL,
    n            int    NOT NULL CHECK (n > 0),
    n_repondants bigint NOT NULL,
    somme        numeric NOT NULL,
    PRIMARY KEY (campagne, college, niveau, code, echelle)
);
COMMENT ON TABLE lecap.somme_college IS 'Sommes des scores des collèges d''une campagne : pour chaque collège, élément et nombre de décimales, combien d''évaluations complètes, leurs répondants et la somme de leurs scores ; table interne de lecap.agreger, d''où il tire les agrégats des collèges du réseau (FR)';
COMMENT ON COLUMN lecap.somme_college.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.somme_college.college IS 'Collège';
COMMENT ON COLUMN lecap.somme_college.niveau IS 'Niveau de l''élément (sous_theme, theme)';
COMMENT ON COLUMN lecap.somme_college.code IS 'Code de l''élément';
COMMENT ON COLUMN lecap.somme_college.echelle IS 'Nombre de décimales des scores sommés (ceux de lecap.score_college)';
COMMENT ON COLUMN lecap.somme_college.n IS 'Nombre d''évaluations complètes dont ce collège a ce score pour cet élément, à ce nombre de décimales';
COMMENT ON COLUMN lecap.somme_college.n_repondants IS 'Somme de leurs répondants du collège (lecap.score_college.n_repondants)';
COMMENT ON COLUMN lecap.somme_college.somme IS 'Somme de leurs scores';
REVOKE ALL ON lecap.somme_college FROM PUBLIC, lecap_analyste, lecap_delegue;

INSERT INTO lecap.somme_college
SELECT c.campagne, c.college, c.niveau, c.code, scale(c.score), count(*), sum(c.n_repondants), sum(c.score)
  FROM lecap.score_college c
  JOIN lecap.resultat_evaluation r ON r.evaluation_id = c.evaluation_id
 WHERE r.complete
 GROUP BY c.campagne, c.college, c.niveau, c.code, scale(c.score);

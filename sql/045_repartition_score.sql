-- 045 — The distribution of the scores of a campaign, per structure type
-- and element, kept (issue 20, nights). The network's aggregates
-- (lecap.agregat, region 'FR': per structure type, and for every type)
-- need the median and quartiles of every element's scores over the
-- campaign's complete evaluations: lecap.agreger read and sorted the whole
-- campaign's rows of lecap.score for them at every aggregation, 1.0 s of
-- the 2.1 s of a night with one corrected export at 10,000 members (670,000
-- rows sorted). Those percentiles, the mean, the extremes and the share of
-- objectives reached depend only on how many evaluations have each score:
-- at 10,000 members 90,000 distinct (type, element, score) for 670,000
-- scores. They are kept here, one row per distinct score, and a night adds
-- the new evaluations' scores and takes away those of the evaluations gone
-- instead of reading every score again.
--
-- A score is kept with its scale (echelle): 3 (a consensus note) and
-- 3.0000000000000000 (a mean of notes) are equal but not the same numeric,
-- and the mean keeps the largest scale of what it sums, as avg() does.
--
-- Written by lecap.agreger only (sql/fonctions/agreger.sql), read by it
-- only; internal (no reader role reads it: the published figures are those
-- of lecap.agregat, through the publication rules). Filled here from the
-- rows that the last aggregation of each campaign left: the scores of the
-- evaluations whose lecap.resultat_evaluation row says complete.

CREATE TABLE lecap.repartition_score (
    campagne       int    NOT NULL,
    type_structure text COLLATE "C" NOT NULL,
    niveau         text COLLATE "C" NOT NULL,
    code           text COLLATE "C" NOT NULL,
    score          numeric NOT NULL,
    echelle        smallint NOT NULL,
    n              int    NOT NULL CHECK (n > 0),
    n_atteints     bigint,
    n_objectifs    bigint,
    PRIMARY KEY (campagne, type_structure, niveau, code, score, echelle),
    CHECK (echelle = scale(score))
);
COMMENT ON TABLE lecap.repartition_score IS 'Répartition des scores d''une campagne : pour chaque type de structure, élément et score, combien d''évaluations complètes l''ont ; table interne de lecap.agreger, d''où il tire les agrégats du réseau (FR)';
COMMENT ON COLUMN lecap.repartition_score.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.repartition_score.type_structure IS 'Type de structure des évaluations';
COMMENT ON COLUMN lecap.repartition_score.niveau IS 'Niveau de l''élément (indicateur, objectif, sous_theme, theme)';
COMMENT ON COLUMN lecap.repartition_score.code IS 'Code de l''élément';
COMMENT ON COLUMN lecap.repartition_score.score IS 'Score (NC exclu)';
COMMENT ON COLUMN lecap.repartition_score.echelle IS 'Nombre de décimales du score tel qu''il est gardé dans lecap.score (3 et 3,0000000000000000 sont deux lignes)';
COMMENT ON COLUMN lecap.repartition_score.n IS 'Nombre d''évaluations complètes de ce type qui ont ce score pour cet élément';
COMMENT ON COLUMN lecap.repartition_score.n_atteints IS 'Somme de leurs objectifs atteints (lecap.score.n_atteints)';
COMMENT ON COLUMN lecap.repartition_score.n_objectifs IS 'Somme de leurs objectifs notés (lecap.score.n_objectifs)';
REVOKE ALL ON lecap.repartition_score FROM PUBLIC, lecap_analyste, lecap_delegue;

INSERT INTO lecap.repartition_score
SELECT s.campagne, r.type_structure, s.niveau, s.code, s.score, scale(s.score), count(*),
       sum(s.n_atteints), sum(s.n_objectifs)
  FROM lecap.score s
  JOIN lecap.resultat_evaluation r ON r.evaluation_id = s.evaluation_id
 WHERE s.score IS NOT NULL AND r.complete
 GROUP BY s.campagne, r.type_structure, s.niveau, s.code, s.score, scale(s.score);

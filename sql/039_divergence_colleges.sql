-- 039 — The divergence between colleges, kept per evaluation (issue 19,
-- render cost). The photographie's « Vos points de débat » and the
-- divergence column of its consensus table computed it from the raw
-- answers of each batch of members at every rendering (≈ 55 ms of server
-- per batch of 64, a third of the photographie's server time).
-- lecap.agreger now computes it in its one pass over the answers, with the
-- other per-evaluation results (kept until the evaluation changes, issue 20
-- item 2), and the photographie reads this table.
--
-- Per evaluation, per sub-theme and per objective answered by at least two
-- colleges (consensus apart): a college's score is the mean of its
-- respondents' notes on the element's indicators (NC and blanks excluded);
-- the divergence is the highest score minus the lowest, each rounded to 2
-- decimals as printed; the highest and lowest colleges, ties in the grid's
-- college order (direction, salarie_permanent, salarie_insertion, benevole,
-- administrateur).

CREATE TABLE lecap.divergence_colleges (
    campagne      int     NOT NULL,
    evaluation_id bigint  NOT NULL,
    region        text COLLATE "C" NOT NULL,
    niveau        text COLLATE "C" NOT NULL CHECK (niveau IN ('sous_theme', 'objectif')),
    code          text COLLATE "C" NOT NULL,
    divergence    numeric NOT NULL CHECK (divergence >= 0),
    college_haut  text COLLATE "C" NOT NULL,
    score_haut    numeric NOT NULL CHECK (score_haut BETWEEN 1 AND 4),
    college_bas   text COLLATE "C" NOT NULL,
    score_bas     numeric NOT NULL CHECK (score_bas BETWEEN 1 AND 4)
);
-- No unique key, as lecap.consensus_evaluation (sql/036).
CREATE INDEX divergence_colleges_evaluation ON lecap.divergence_colleges (campagne, evaluation_id);
COMMENT ON TABLE lecap.divergence_colleges IS 'Divergence entre collèges d''une évaluation par sous-thème et par objectif, calculée par l''agrégation (lue par la photographie)';
COMMENT ON COLUMN lecap.divergence_colleges.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.divergence_colleges.evaluation_id IS 'Évaluation (lecap.resultat_evaluation)';
COMMENT ON COLUMN lecap.divergence_colleges.region IS 'Code INSEE de la région de l''évaluation';
COMMENT ON COLUMN lecap.divergence_colleges.niveau IS 'sous_theme ou objectif';
COMMENT ON COLUMN lecap.divergence_colleges.code IS 'Code du sous-thème ou de l''objectif';
COMMENT ON COLUMN lecap.divergence_colleges.divergence IS 'Plus forte moyenne de collège moins la plus faible, chacune arrondie à 2 décimales (au moins deux collèges, hors consensus)';
COMMENT ON COLUMN lecap.divergence_colleges.college_haut IS 'Collège de la plus forte moyenne (à égalité : le premier dans l''ordre des collèges de la grille)';
COMMENT ON COLUMN lecap.divergence_colleges.score_haut IS 'Plus forte moyenne de collège (notes de ses répondants sur les indicateurs de l''élément, NC exclus)';
COMMENT ON COLUMN lecap.divergence_colleges.college_bas IS 'Collège de la plus faible moyenne (à égalité : le premier dans l''ordre des collèges de la grille)';
COMMENT ON COLUMN lecap.divergence_colleges.score_bas IS 'Plus faible moyenne de collège';

-- Readers as the other per-evaluation results (sql/036): analysts
-- everything, delegates their regions' rows.
GRANT SELECT ON lecap.divergence_colleges TO lecap_analyste, lecap_delegue;
ALTER TABLE lecap.divergence_colleges ENABLE ROW LEVEL SECURITY;
CREATE POLICY analyste ON lecap.divergence_colleges FOR SELECT TO lecap_analyste USING (true);
CREATE POLICY delegue ON lecap.divergence_colleges FOR SELECT TO lecap_delegue
    USING (region IN (SELECT d.region FROM lecap.delegue_region d WHERE d.login = current_user));

-- The evaluations already aggregated: computed here once, from their
-- answers (as the photographie did until now), so that the photographies
-- say the same thing right after the upgrade; lecap.agreger keeps them, as
-- it keeps their scores, until the evaluation changes.
INSERT INTO lecap.divergence_colleges
WITH grille AS (
    SELECT i.version, array_agg(i.parent ORDER BY i.rang) AS objectifs,
           array_agg(o.parent ORDER BY i.rang) AS sous_themes
      FROM lecap.element i
      JOIN lecap.element o ON o.version = i.version AND o.code = i.parent
     WHERE i.niveau = 'indicateur'
     GROUP BY i.version
), note AS (
    SELECT r.campagne, r.evaluation_id, r.region, g.objectifs[c.pos] AS objectif,
           g.sous_themes[c.pos] AS sous_theme, rp.college, c.n::int AS note
      FROM lecap.resultat_evaluation r
      JOIN lecap.reponse p ON p.evaluation_id = r.evaluation_id
      JOIN grille g ON g.version = p.version_referentiel
      JOIN lecap.repondant rp ON rp.evaluation_id = p.evaluation_id AND rp.numero = p.repondant
      CROSS JOIN LATERAL unnest(string_to_array(p.notes, NULL)) WITH ORDINALITY AS c(n, pos)
     WHERE c.n IN ('1', '2', '3', '4') AND rp.college <> 'consensus'
), score AS (
    SELECT campagne, evaluation_id, region, sous_theme, objectif, college, avg(note) AS score,
           array_position(ARRAY['direction', 'salarie_permanent', 'salarie_insertion', 'benevole',
                                'administrateur'], college) AS rang
      FROM note
     GROUP BY GROUPING SETS ((campagne, evaluation_id, region, sous_theme, college),
                             (campagne, evaluation_id, region, objectif, college))
)
SELECT campagne, evaluation_id, region,
       CASE WHEN objectif IS NULL THEN 'sous_theme' ELSE 'objectif' END AS niveau,
       coalesce(objectif, sous_theme) AS code, round(max(score), 2) - round(min(score), 2) AS divergence,
       (array_agg(college ORDER BY score DESC, rang))[1] AS college_haut, max(score) AS score_haut,
       (array_agg(college ORDER BY score, rang))[1] AS college_bas, min(score) AS score_bas
  FROM score
 GROUP BY campagne, evaluation_id, region, objectif IS NULL, coalesce(objectif, sous_theme)
HAVING count(*) >= 2;

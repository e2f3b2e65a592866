CREATE VIEW lecap.v_score_college_entreprise WITH (security_invoker = true) AS
SELECT r.campagne, r.siret, r.region, c.college, c.niveau, c.code, c.score::numeric(14,10) AS score, c.n_repondants
  FROM lecap.score_college c
  JOIN lecap.resultat_evaluation r ON r.campagne = c.campagne AND r.evaluation_id = c.evaluation_id;
COMMENT ON VIEW lecap.v_score_college_entreprise IS 'Score de chaque collège d''une évaluation par thème et sous-thème (la photographie d''un adhérent)';
COMMENT ON COLUMN lecap.v_score_college_entreprise.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_score_college_entreprise.siret IS 'SIRET de l''entreprise';
COMMENT ON COLUMN lecap.v_score_college_entreprise.region IS 'Code INSEE de la région';
COMMENT ON COLUMN lecap.v_score_college_entreprise.college IS 'Collège';
COMMENT ON COLUMN lecap.v_score_college_entreprise.niveau IS 'theme ou sous_theme';
COMMENT ON COLUMN lecap.v_score_college_entreprise.code IS 'Code du thème ou du sous-thème';
COMMENT ON COLUMN lecap.v_score_college_entreprise.score IS 'Moyenne des notes des répondants du collège (NC exclus) sur les indicateurs de l''élément';
COMMENT ON COLUMN lecap.v_score_college_entreprise.n_repondants IS 'Répondants de ce collège';

GRANT SELECT ON lecap.v_score_college_entreprise TO lecap_analyste, lecap_delegue;

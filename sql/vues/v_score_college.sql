CREATE VIEW lecap.v_score_college WITH (security_invoker = true) AS
SELECT campagne, region, college, niveau, code, n_entreprises, n_repondants, moyenne::numeric(14,10) AS moyenne, diffusable
  FROM lecap.agregat_college;
COMMENT ON VIEW lecap.v_score_college IS 'Score moyen par collège, thème (et sous-thème) et région (FR : réseau), sur les évaluations complètes : moyenne sur les entreprises de la note moyenne du collège dans l''entreprise';
COMMENT ON COLUMN lecap.v_score_college.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_score_college.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.v_score_college.college IS 'Collège : direction, salarie_permanent, salarie_insertion, benevole, administrateur';
COMMENT ON COLUMN lecap.v_score_college.niveau IS 'theme ou sous_theme';
COMMENT ON COLUMN lecap.v_score_college.code IS 'Code du thème ou du sous-thème';
COMMENT ON COLUMN lecap.v_score_college.n_entreprises IS 'Entreprises où ce collège a noté cet élément';
COMMENT ON COLUMN lecap.v_score_college.n_repondants IS 'Répondants de ce collège dans ces entreprises';
COMMENT ON COLUMN lecap.v_score_college.moyenne IS 'Moyenne, sur les entreprises, de la note moyenne du collège (NC exclus) sur les indicateurs de l''élément';
COMMENT ON COLUMN lecap.v_score_college.diffusable IS 'Vrai si n_entreprises ≥ seuil_secret';

GRANT SELECT ON lecap.v_score_college TO lecap_analyste, lecap_delegue;

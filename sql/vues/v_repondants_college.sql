CREATE VIEW lecap.v_repondants_college WITH (security_invoker = true) AS
SELECT campagne, region, college, n_repondants, n_entreprises FROM lecap.repondants_college;
COMMENT ON VIEW lecap.v_repondants_college IS 'Répondants par collège, campagne et région (FR : réseau)';
COMMENT ON COLUMN lecap.v_repondants_college.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_repondants_college.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.v_repondants_college.college IS 'Collège (hors consensus)';
COMMENT ON COLUMN lecap.v_repondants_college.n_repondants IS 'Répondants';
COMMENT ON COLUMN lecap.v_repondants_college.n_entreprises IS 'Évaluations où le collège a répondu';

GRANT SELECT ON lecap.v_repondants_college TO lecap_analyste, lecap_delegue;

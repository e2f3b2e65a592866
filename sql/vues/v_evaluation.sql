CREATE VIEW lecap.v_evaluation WITH (security_invoker = true) AS
SELECT campagne, siret, raison_sociale, region, type_structure, version_referentiel,
       n_repondants, consensus, n_indicateurs, n_renseignes, completude::numeric(14,10) AS completude, complete
  FROM lecap.resultat_evaluation;
COMMENT ON VIEW lecap.v_evaluation IS 'Chaque évaluation agrégée, avec sa complétude';
COMMENT ON COLUMN lecap.v_evaluation.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_evaluation.siret IS 'SIRET de l''entreprise';
COMMENT ON COLUMN lecap.v_evaluation.raison_sociale IS 'Raison sociale déclarée';
COMMENT ON COLUMN lecap.v_evaluation.region IS 'Code INSEE de la région déclarée';
COMMENT ON COLUMN lecap.v_evaluation.type_structure IS 'Type de structure déclaré';
COMMENT ON COLUMN lecap.v_evaluation.version_referentiel IS 'Version de la grille';
COMMENT ON COLUMN lecap.v_evaluation.n_repondants IS 'Répondants individuels (hors consensus)';
COMMENT ON COLUMN lecap.v_evaluation.consensus IS 'Vrai si l''export porte une ligne de consensus';
COMMENT ON COLUMN lecap.v_evaluation.n_indicateurs IS 'Indicateurs de la grille';
COMMENT ON COLUMN lecap.v_evaluation.n_renseignes IS 'Indicateurs avec un score ou NC';
COMMENT ON COLUMN lecap.v_evaluation.completude IS 'n_renseignes / n_indicateurs';
COMMENT ON COLUMN lecap.v_evaluation.complete IS 'Vrai si completude ≥ completude_min';

GRANT SELECT ON lecap.v_evaluation TO lecap_analyste, lecap_delegue;

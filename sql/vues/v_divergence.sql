CREATE VIEW lecap.v_divergence WITH (security_invoker = true) AS
SELECT r.campagne, r.siret, r.raison_sociale, r.region, r.type_structure, d.sous_theme,
       d.ecart_moyen::numeric(14,10) AS ecart_moyen, d.n_indicateurs, d.point_de_debat, r.complete
  FROM lecap.divergence d
  JOIN lecap.resultat_evaluation r ON r.campagne = d.campagne AND r.evaluation_id = d.evaluation_id;
COMMENT ON VIEW lecap.v_divergence IS 'Points de vue divergents : par évaluation et sous-thème, moyenne sur ses indicateurs de l''écart max − min des notes des répondants individuels';
COMMENT ON COLUMN lecap.v_divergence.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_divergence.siret IS 'SIRET de l''entreprise';
COMMENT ON COLUMN lecap.v_divergence.raison_sociale IS 'Raison sociale déclarée';
COMMENT ON COLUMN lecap.v_divergence.region IS 'Code INSEE de la région';
COMMENT ON COLUMN lecap.v_divergence.type_structure IS 'Type de structure';
COMMENT ON COLUMN lecap.v_divergence.sous_theme IS 'Code du sous-thème';
COMMENT ON COLUMN lecap.v_divergence.ecart_moyen IS 'Moyenne, sur les indicateurs notés par au moins deux répondants individuels, de l''écart max − min (NC et consensus exclus)';
COMMENT ON COLUMN lecap.v_divergence.n_indicateurs IS 'Indicateurs entrant dans la moyenne';
COMMENT ON COLUMN lecap.v_divergence.point_de_debat IS 'Vrai si ecart_moyen ≥ 2';
COMMENT ON COLUMN lecap.v_divergence.complete IS 'Vrai si l''évaluation est complète';

GRANT SELECT ON lecap.v_divergence TO lecap_analyste, lecap_delegue;

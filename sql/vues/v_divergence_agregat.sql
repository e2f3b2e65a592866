CREATE VIEW lecap.v_divergence_agregat WITH (security_invoker = true) AS
SELECT campagne, region, sous_theme, n_entreprises, ecart_moyen::numeric(14,10) AS ecart_moyen, n_points_de_debat,
       part_points_de_debat::numeric(14,10) AS part_points_de_debat, diffusable
  FROM lecap.divergence_agregat;
COMMENT ON VIEW lecap.v_divergence_agregat IS 'Divergence par région (FR : réseau) et sous-thème, sur les évaluations complètes';
COMMENT ON COLUMN lecap.v_divergence_agregat.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_divergence_agregat.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.v_divergence_agregat.sous_theme IS 'Code du sous-thème';
COMMENT ON COLUMN lecap.v_divergence_agregat.n_entreprises IS 'Entreprises dont l''écart a pu être mesuré';
COMMENT ON COLUMN lecap.v_divergence_agregat.ecart_moyen IS 'Moyenne des écarts moyens';
COMMENT ON COLUMN lecap.v_divergence_agregat.n_points_de_debat IS 'Entreprises où ce sous-thème est un point de débat';
COMMENT ON COLUMN lecap.v_divergence_agregat.part_points_de_debat IS 'n_points_de_debat / n_entreprises';
COMMENT ON COLUMN lecap.v_divergence_agregat.diffusable IS 'Vrai si n_entreprises ≥ seuil_secret';

GRANT SELECT ON lecap.v_divergence_agregat TO lecap_analyste, lecap_delegue;

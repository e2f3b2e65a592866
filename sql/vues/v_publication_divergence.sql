CREATE VIEW lecap.v_publication_divergence AS
SELECT a.campagne, a.region, coalesce(rg.libelle, 'Tout le réseau') AS libelle_region,
       a.region = 'FR' AS national, a.sous_theme, el.libelle, pc.version_referentiel, el.rang,
       a.n_entreprises,
       CASE WHEN s.motif IS NULL THEN round(a.ecart_moyen, 2)::numeric(5,2) END AS ecart_moyen,
       CASE WHEN s.motif IS NULL THEN a.n_points_de_debat END AS n_points_de_debat,
       CASE WHEN s.motif IS NULL THEN round(a.part_points_de_debat, 3)::numeric(4,3) END AS part_points_de_debat,
       s.motif IS NULL AS diffusable, s.motif AS secret
  FROM lecap.divergence_agregat a
  JOIN lecap.publication_campagne pc ON pc.campagne = a.campagne
  LEFT JOIN lecap.secret s ON s.campagne = a.campagne AND s.tableau = 'divergence' AND s.region = a.region
        AND s.ventilation = '' AND s.code = a.sous_theme
  LEFT JOIN lecap.region rg ON rg.code = a.region
  LEFT JOIN lecap.element el ON el.version = pc.version_referentiel AND el.code = a.sous_theme;
COMMENT ON VIEW lecap.v_publication_divergence IS 'Publication : divergence des points de vue par région et sous-thème (v_divergence_agregat), secret statistique appliqué';
COMMENT ON COLUMN lecap.v_publication_divergence.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_publication_divergence.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.v_publication_divergence.libelle_region IS 'Nom de la région';
COMMENT ON COLUMN lecap.v_publication_divergence.national IS 'Vrai pour les lignes du réseau (FR)';
COMMENT ON COLUMN lecap.v_publication_divergence.sous_theme IS 'Code du sous-thème';
COMMENT ON COLUMN lecap.v_publication_divergence.libelle IS 'Intitulé du sous-thème';
COMMENT ON COLUMN lecap.v_publication_divergence.version_referentiel IS 'Version de la grille de la campagne';
COMMENT ON COLUMN lecap.v_publication_divergence.rang IS 'Ordre d''affichage (ordre de la grille)';
COMMENT ON COLUMN lecap.v_publication_divergence.n_entreprises IS 'Entreprises dont l''écart a pu être mesuré';
COMMENT ON COLUMN lecap.v_publication_divergence.ecart_moyen IS 'Moyenne des écarts moyens, 2 décimales ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_divergence.n_points_de_debat IS 'Entreprises où le sous-thème est un point de débat ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_divergence.part_points_de_debat IS 'n_points_de_debat / n_entreprises, 3 décimales ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_divergence.diffusable IS 'Vrai si la cellule est publiée';
COMMENT ON COLUMN lecap.v_publication_divergence.secret IS 'NULL si publiée ; primaire ou secondaire';

GRANT SELECT ON lecap.v_publication_divergence TO lecap_analyste, lecap_delegue;

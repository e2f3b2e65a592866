CREATE VIEW lecap.v_publication_repondants_college AS
SELECT a.campagne, a.region, coalesce(rg.libelle, 'Tout le réseau') AS libelle_region,
       a.region = 'FR' AS national, a.college,
       array_position(ARRAY['direction', 'salarie_permanent', 'salarie_insertion', 'benevole',
                            'administrateur'], a.college::text) AS rang_college,
       a.n_entreprises,
       CASE WHEN s.motif IS NULL THEN a.n_repondants END AS n_repondants,
       s.motif IS NULL AS diffusable, s.motif AS secret
  FROM lecap.repondants_college a
  JOIN lecap.publication_campagne pc ON pc.campagne = a.campagne
  LEFT JOIN lecap.secret s ON s.campagne = a.campagne AND s.tableau = 'repondants' AND s.region = a.region
        AND s.ventilation = a.college AND s.code = ''
  LEFT JOIN lecap.region rg ON rg.code = a.region;
COMMENT ON VIEW lecap.v_publication_repondants_college IS 'Publication : répondants par collège (v_repondants_college), secret statistique appliqué';
COMMENT ON COLUMN lecap.v_publication_repondants_college.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_publication_repondants_college.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.v_publication_repondants_college.libelle_region IS 'Nom de la région';
COMMENT ON COLUMN lecap.v_publication_repondants_college.national IS 'Vrai pour les lignes du réseau (FR)';
COMMENT ON COLUMN lecap.v_publication_repondants_college.college IS 'Collège (hors consensus)';
COMMENT ON COLUMN lecap.v_publication_repondants_college.rang_college IS 'Ordre d''affichage du collège';
COMMENT ON COLUMN lecap.v_publication_repondants_college.n_entreprises IS 'Évaluations où le collège a répondu';
COMMENT ON COLUMN lecap.v_publication_repondants_college.n_repondants IS 'Répondants ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_repondants_college.diffusable IS 'Vrai si la cellule est publiée';
COMMENT ON COLUMN lecap.v_publication_repondants_college.secret IS 'NULL si publiée ; primaire (moins de seuil_secret évaluations) ou secondaire';

GRANT SELECT ON lecap.v_publication_repondants_college TO lecap_analyste, lecap_delegue;

CREATE VIEW lecap.v_publication_score_college AS
SELECT a.campagne, a.region, coalesce(rg.libelle, 'Tout le réseau') AS libelle_region,
       a.region = 'FR' AS national, a.college,
       array_position(ARRAY['direction', 'salarie_permanent', 'salarie_insertion', 'benevole',
                            'administrateur'], a.college::text) AS rang_college,
       a.niveau, a.code, el.libelle, pc.version_referentiel, el.rang, a.n_entreprises,
       CASE WHEN s.motif IS NULL AND sr.motif IS NULL THEN a.n_repondants END AS n_repondants,
       CASE WHEN s.motif IS NULL THEN round(a.moyenne, 2)::numeric(5,2) END AS moyenne,
       s.motif IS NULL AS diffusable, s.motif AS secret
  FROM lecap.agregat_college a
  JOIN lecap.publication_campagne pc ON pc.campagne = a.campagne
  LEFT JOIN lecap.secret s ON s.campagne = a.campagne AND s.tableau = 'college' AND s.region = a.region
        AND s.ventilation = a.college AND s.code = a.code
  -- The college's respondents are one figure, published in
  -- v_publication_repondants_college: secret there, secret here too.
  LEFT JOIN lecap.secret sr ON sr.campagne = a.campagne AND sr.tableau = 'repondants' AND sr.region = a.region
        AND sr.ventilation = a.college AND sr.code = ''
  LEFT JOIN lecap.region rg ON rg.code = a.region
  LEFT JOIN lecap.element el ON el.version = pc.version_referentiel AND el.code = a.code;
COMMENT ON VIEW lecap.v_publication_score_college IS 'Publication : score moyen par collège (v_score_college), secret statistique appliqué';
COMMENT ON COLUMN lecap.v_publication_score_college.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_publication_score_college.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.v_publication_score_college.libelle_region IS 'Nom de la région';
COMMENT ON COLUMN lecap.v_publication_score_college.national IS 'Vrai pour les lignes du réseau (FR)';
COMMENT ON COLUMN lecap.v_publication_score_college.college IS 'Collège';
COMMENT ON COLUMN lecap.v_publication_score_college.rang_college IS 'Ordre d''affichage du collège (ordre du contrat des exports)';
COMMENT ON COLUMN lecap.v_publication_score_college.niveau IS 'theme ou sous_theme';
COMMENT ON COLUMN lecap.v_publication_score_college.code IS 'Code du thème ou du sous-thème';
COMMENT ON COLUMN lecap.v_publication_score_college.libelle IS 'Intitulé';
COMMENT ON COLUMN lecap.v_publication_score_college.version_referentiel IS 'Version de la grille de la campagne';
COMMENT ON COLUMN lecap.v_publication_score_college.rang IS 'Ordre d''affichage (ordre de la grille)';
COMMENT ON COLUMN lecap.v_publication_score_college.n_entreprises IS 'Entreprises où ce collège a noté l''élément';
COMMENT ON COLUMN lecap.v_publication_score_college.n_repondants IS 'Répondants de ce collège ; NULL si la cellule est secrète ou si le nombre de répondants du collège dans la région l''est (v_publication_repondants_college)';
COMMENT ON COLUMN lecap.v_publication_score_college.moyenne IS 'Score moyen du collège, 2 décimales ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_score_college.diffusable IS 'Vrai si la cellule est publiée';
COMMENT ON COLUMN lecap.v_publication_score_college.secret IS 'NULL si publiée ; primaire ou secondaire';

GRANT SELECT ON lecap.v_publication_score_college TO lecap_analyste, lecap_delegue;

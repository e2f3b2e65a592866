CREATE VIEW lecap.v_publication_participation AS
SELECT a.campagne, a.region, coalesce(rg.libelle, 'Tout le réseau') AS libelle_region,
       a.region = 'FR' AS national, a.n_adherents, a.n_adherents_evalues,
       round(a.taux_participation, 3)::numeric(4,3) AS taux_participation,
       a.n_sans_evaluation_recente, a.n_jamais_evalues, a.n_evaluations,
       a.n_completes,
       CASE WHEN s.motif IS NULL THEN a.n_repondants END AS n_repondants,
       s.motif IS NULL AS diffusable, s.motif AS secret
  FROM lecap.participation a
  JOIN lecap.publication_campagne pc ON pc.campagne = a.campagne
  LEFT JOIN lecap.secret s ON s.campagne = a.campagne AND s.tableau = 'participation' AND s.region = a.region
        AND s.ventilation = '' AND s.code = ''
  LEFT JOIN lecap.region rg ON rg.code = a.region;
COMMENT ON VIEW lecap.v_publication_participation IS 'Publication : participation et chiffres clés (v_participation) ; les comptes d''adhérents et d''évaluations (complètes comprises : n_completes est l''effectif n_entreprises de chaque cellule de résultats) sont publics, n_repondants suit le secret statistique';
COMMENT ON COLUMN lecap.v_publication_participation.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_publication_participation.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.v_publication_participation.libelle_region IS 'Nom de la région';
COMMENT ON COLUMN lecap.v_publication_participation.national IS 'Vrai pour la ligne du réseau (FR)';
COMMENT ON COLUMN lecap.v_publication_participation.n_adherents IS 'Adhérents inscrits à la campagne (adhésion au plus tard le 31 décembre, pas sortis avant le 1er janvier)';
COMMENT ON COLUMN lecap.v_publication_participation.n_adherents_evalues IS 'Parmi eux, ceux évalués à cette campagne';
COMMENT ON COLUMN lecap.v_publication_participation.taux_participation IS 'n_adherents_evalues / n_adherents, 3 décimales (NULL sans registre)';
COMMENT ON COLUMN lecap.v_publication_participation.n_sans_evaluation_recente IS 'Adhérents dont la dernière évaluation date de deux campagnes ou plus';
COMMENT ON COLUMN lecap.v_publication_participation.n_jamais_evalues IS 'Adhérents jamais évalués';
COMMENT ON COLUMN lecap.v_publication_participation.n_evaluations IS 'Évaluations reçues';
COMMENT ON COLUMN lecap.v_publication_participation.n_completes IS 'Évaluations complètes : toujours publié, c''est l''effectif des résultats de la région (n_entreprises d''un thème dans v_publication_agregat)';
COMMENT ON COLUMN lecap.v_publication_participation.n_repondants IS 'Répondants individuels ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_participation.diffusable IS 'Vrai si n_repondants est publié';
COMMENT ON COLUMN lecap.v_publication_participation.secret IS 'NULL si publiée ; primaire (0 < n_evaluations < seuil) ou secondaire';

GRANT SELECT ON lecap.v_publication_participation TO lecap_analyste, lecap_delegue;

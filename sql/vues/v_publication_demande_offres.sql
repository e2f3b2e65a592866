CREATE VIEW lecap.v_publication_demande_offres AS
SELECT a.campagne, a.region, coalesce(rg.libelle, 'Tout le réseau') AS libelle_region,
       a.region = 'FR' AS national, a.offre, o.libelle,
       dense_rank() OVER (ORDER BY a.offre)::int AS rang,
       a.n_entreprises_plan,
       CASE WHEN sp.motif IS NULL THEN a.n_actions END AS n_actions,
       a.n_entreprises_objectifs,
       CASE WHEN so.motif IS NULL THEN a.n_objectifs_non_atteints END AS n_objectifs_non_atteints,
       sp.motif IS NULL AND so.motif IS NULL AS diffusable,
       CASE WHEN 'primaire' IN (sp.motif, so.motif) THEN 'primaire' ELSE coalesce(sp.motif, so.motif) END AS secret
  FROM lecap.demande_offres a
  JOIN lecap.publication_campagne pc ON pc.campagne = a.campagne
  JOIN lecap.offre o ON o.code = a.offre
  LEFT JOIN lecap.secret sp ON sp.campagne = a.campagne AND sp.tableau = 'offre_plan' AND sp.region = a.region
        AND sp.ventilation = '' AND sp.code = a.offre
  LEFT JOIN lecap.secret so ON so.campagne = a.campagne AND so.tableau = 'offre_objectifs' AND so.region = a.region
        AND so.ventilation = '' AND so.code = a.offre
  LEFT JOIN lecap.region rg ON rg.code = a.region;
COMMENT ON VIEW lecap.v_publication_demande_offres IS 'Publication : demande adressée à l''offre de services (v_demande_offres), secret statistique appliqué à chacune de ses deux moitiés (plans, objectifs non atteints)';
COMMENT ON COLUMN lecap.v_publication_demande_offres.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_publication_demande_offres.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.v_publication_demande_offres.libelle_region IS 'Nom de la région';
COMMENT ON COLUMN lecap.v_publication_demande_offres.national IS 'Vrai pour les lignes du réseau (FR)';
COMMENT ON COLUMN lecap.v_publication_demande_offres.offre IS 'Code de l''offre';
COMMENT ON COLUMN lecap.v_publication_demande_offres.libelle IS 'Intitulé de l''offre';
COMMENT ON COLUMN lecap.v_publication_demande_offres.rang IS 'Ordre d''affichage (ordre des codes d''offre)';
COMMENT ON COLUMN lecap.v_publication_demande_offres.n_entreprises_plan IS 'Entreprises dont le plan mobilise l''offre';
COMMENT ON COLUMN lecap.v_publication_demande_offres.n_actions IS 'Actions qui la mobilisent ; NULL si 0 < n_entreprises_plan < seuil ou secret secondaire';
COMMENT ON COLUMN lecap.v_publication_demande_offres.n_entreprises_objectifs IS 'Entreprises dont un objectif non atteint y renvoie';
COMMENT ON COLUMN lecap.v_publication_demande_offres.n_objectifs_non_atteints IS 'Couples (entreprise, objectif non atteint) ; NULL si 0 < n_entreprises_objectifs < seuil ou secret secondaire';
COMMENT ON COLUMN lecap.v_publication_demande_offres.diffusable IS 'Vrai si les deux moitiés de la ligne sont publiées';
COMMENT ON COLUMN lecap.v_publication_demande_offres.secret IS 'NULL si tout est publié ; primaire si une moitié est sous le seuil, secondaire sinon';

GRANT SELECT ON lecap.v_publication_demande_offres TO lecap_analyste, lecap_delegue;

CREATE VIEW lecap.v_publication_plan AS
SELECT a.campagne, a.region, coalesce(rg.libelle, 'Tout le réseau') AS libelle_region,
       a.region = 'FR' AS national, a.objectif, el.libelle, pc.version_referentiel, el.rang,
       a.n_entreprises,
       CASE WHEN s.motif IS NULL THEN a.n_actions END AS n_actions,
       CASE WHEN s.motif IS NULL THEN a.n_a_engager END AS n_a_engager,
       CASE WHEN s.motif IS NULL THEN a.n_en_cours END AS n_en_cours,
       CASE WHEN s.motif IS NULL THEN a.n_realisees END AS n_realisees,
       CASE WHEN s.motif IS NULL THEN a.n_abandonnees END AS n_abandonnees,
       CASE WHEN s.motif IS NULL THEN a.n_priorite_haute END AS n_priorite_haute,
       CASE WHEN s.motif IS NULL THEN a.n_actions_precedentes END AS n_actions_precedentes,
       CASE WHEN s.motif IS NULL THEN a.n_realisees_precedentes END AS n_realisees_precedentes,
       CASE WHEN s.motif IS NULL THEN round(a.part_realisee_precedente, 3)::numeric(4,3) END AS part_realisee_precedente,
       s.motif IS NULL AS diffusable, s.motif AS secret
  FROM lecap.plan_agregat a
  JOIN lecap.publication_campagne pc ON pc.campagne = a.campagne
  LEFT JOIN lecap.secret s ON s.campagne = a.campagne AND s.tableau = 'plan' AND s.region = a.region
        AND s.ventilation = '' AND s.code = a.objectif
  LEFT JOIN lecap.region rg ON rg.code = a.region
  LEFT JOIN lecap.element el ON el.version = pc.version_referentiel AND el.code = a.objectif;
COMMENT ON VIEW lecap.v_publication_plan IS 'Publication : plans de progrès par région et objectif (v_plan_agregat), secret statistique appliqué (tous les comptes d''une cellule secrète sont NULL, sauf n_entreprises)';
COMMENT ON COLUMN lecap.v_publication_plan.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_publication_plan.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.v_publication_plan.libelle_region IS 'Nom de la région';
COMMENT ON COLUMN lecap.v_publication_plan.national IS 'Vrai pour les lignes du réseau (FR)';
COMMENT ON COLUMN lecap.v_publication_plan.objectif IS 'Code de l''objectif';
COMMENT ON COLUMN lecap.v_publication_plan.libelle IS 'Intitulé de l''objectif';
COMMENT ON COLUMN lecap.v_publication_plan.version_referentiel IS 'Version de la grille de la campagne';
COMMENT ON COLUMN lecap.v_publication_plan.rang IS 'Ordre d''affichage (ordre de la grille)';
COMMENT ON COLUMN lecap.v_publication_plan.n_entreprises IS 'Entreprises avec au moins une action sur cet objectif';
COMMENT ON COLUMN lecap.v_publication_plan.n_actions IS 'Actions sur cet objectif ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_plan.n_a_engager IS 'Actions à engager ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_plan.n_en_cours IS 'Actions en cours ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_plan.n_realisees IS 'Actions réalisées ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_plan.n_abandonnees IS 'Actions abandonnées ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_plan.n_priorite_haute IS 'Actions de priorité haute ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_plan.n_actions_precedentes IS 'Actions encore ouvertes des plans de la campagne précédente (voir v_plan_agregat) ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_plan.n_realisees_precedentes IS 'Parmi elles, celles réalisées depuis ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_plan.part_realisee_precedente IS 'Part (0–1) des actions précédentes réalisées, 3 décimales ; NULL si secret ou sans action précédente';
COMMENT ON COLUMN lecap.v_publication_plan.diffusable IS 'Vrai si la cellule est publiée';
COMMENT ON COLUMN lecap.v_publication_plan.secret IS 'NULL si publiée ; primaire (n_entreprises sous le seuil) ou secondaire';

GRANT SELECT ON lecap.v_publication_plan TO lecap_analyste, lecap_delegue;

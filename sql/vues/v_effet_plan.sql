-- The effect of progress plans (issue 22): did the members progress more
-- on what they had put in their plan? The cells are computed by
-- lecap.effet_plan_calculer (sql/fonctions/: the panel and its split) and
-- their secrecy decided by lecap.publier with the campaign's other tables
-- (docs/analystes.md, « Secret statistique »). A row's two groups are two
-- cells of lecap.secret: effet_avec (the group with a plan, per status) and
-- effet_sans (the group without, the 'tous' row's, which every status row
-- of the objective shows): primary when the group has fewer members than
-- the threshold, secondary over FR = Σ regions, the group with a plan over
-- all statuses = Σ its statuses, a theme or sub-theme = its weighted
-- children. A secret group keeps its count; its evolution is NULL, and the
-- row's ecart with it. An association, not a proof of cause
-- (docs/analystes.md, « L'effet des plans de progrès »).
CREATE VIEW lecap.v_effet_plan AS
SELECT e.campagne, e.campagne_precedente, e.region, e.niveau, e.code, e.statut,
       e.n_avec AS n_avec_plan,
       CASE WHEN sa.motif IS NULL THEN round(e.e_avec, 2)::numeric(5,2) END AS evolution_avec_plan,
       e.n_sans AS n_sans_plan,
       CASE WHEN ss.motif IS NULL THEN round(e.e_sans, 2)::numeric(5,2) END AS evolution_sans_plan,
       CASE WHEN sa.motif IS NULL AND ss.motif IS NULL
            THEN (round(e.e_avec, 2) - round(e.e_sans, 2))::numeric(5,2) END AS ecart,
       sa.motif IS NULL AND ss.motif IS NULL AS diffusable,
       CASE WHEN 'primaire' IN (sa.motif, ss.motif) THEN 'primaire' ELSE coalesce(sa.motif, ss.motif) END AS secret,
       e.region = 'FR' AS national, el.libelle, el.rang,
       array_position(ARRAY['tous', 'realisee', 'en_cours', 'a_engager', 'abandonnee'], e.statut::text) AS rang_statut
  FROM lecap.effet_plan e
  JOIN lecap.publication_campagne pc ON pc.campagne = e.campagne
  LEFT JOIN lecap.secret sa ON sa.campagne = e.campagne AND sa.tableau = 'effet_avec' AND sa.region = e.region
        AND sa.ventilation = e.statut AND sa.code = e.code
  LEFT JOIN lecap.secret ss ON ss.campagne = e.campagne AND ss.tableau = 'effet_sans' AND ss.region = e.region
        AND ss.ventilation = 'tous' AND ss.code = e.code
  LEFT JOIN lecap.element el ON el.version = pc.version_referentiel AND el.code = e.code;
COMMENT ON VIEW lecap.v_effet_plan IS 'L''effet des plans de progrès : évolution des scores, d''une campagne à la suivante, des adhérents évalués (complets) aux deux campagnes, selon que l''objectif (ou un objectif du sous-thème, du thème) était dans leur plan de la campagne précédente ; secret statistique appliqué ; une association, pas la preuve d''une cause';
COMMENT ON COLUMN lecap.v_effet_plan.campagne IS 'Année de campagne (N)';
COMMENT ON COLUMN lecap.v_effet_plan.campagne_precedente IS 'Campagne comparée (N−1 : la précédente qui a des évaluations), celle du plan';
COMMENT ON COLUMN lecap.v_effet_plan.region IS 'Code INSEE de la région de l''évaluation de la campagne N, ou FR';
COMMENT ON COLUMN lecap.v_effet_plan.niveau IS 'objectif, sous_theme ou theme';
COMMENT ON COLUMN lecap.v_effet_plan.code IS 'Code de l''élément de la grille';
COMMENT ON COLUMN lecap.v_effet_plan.statut IS 'tous, ou (objectifs) le dernier statut déclaré de l''action du plan N−1 sur l''objectif : realisee, en_cours, a_engager, abandonnee ; le groupe sans plan est le même pour tous les statuts';
COMMENT ON COLUMN lecap.v_effet_plan.n_avec_plan IS 'Adhérents du panel dont le plan N−1 visait l''élément (et, hors tous, au statut dit) et qui ont un score aux deux campagnes';
COMMENT ON COLUMN lecap.v_effet_plan.evolution_avec_plan IS 'Moyenne de leur score N moins leur score N−1, 2 décimales ; NULL si ce groupe est secret';
COMMENT ON COLUMN lecap.v_effet_plan.n_sans_plan IS 'Adhérents du panel dont le plan N−1 ne visait pas l''élément (ou sans plan N−1)';
COMMENT ON COLUMN lecap.v_effet_plan.evolution_sans_plan IS 'Moyenne de leur score N moins leur score N−1, 2 décimales ; NULL si ce groupe est secret';
COMMENT ON COLUMN lecap.v_effet_plan.ecart IS 'evolution_avec_plan − evolution_sans_plan ; NULL si l''un des deux groupes est secret';
COMMENT ON COLUMN lecap.v_effet_plan.diffusable IS 'Vrai si les deux groupes de la ligne sont publiés (chacun atteint le seuil ou est vide, et aucune règle du secret secondaire ne le masque)';
COMMENT ON COLUMN lecap.v_effet_plan.secret IS 'NULL si publiée ; primaire (un des deux groupes sous le seuil) ou secondaire (lecap.secret, tableaux effet_avec et effet_sans)';
COMMENT ON COLUMN lecap.v_effet_plan.national IS 'Vrai pour les lignes du réseau (FR)';
COMMENT ON COLUMN lecap.v_effet_plan.libelle IS 'Intitulé de l''élément';
COMMENT ON COLUMN lecap.v_effet_plan.rang IS 'Ordre d''affichage (ordre de la grille)';
COMMENT ON COLUMN lecap.v_effet_plan.rang_statut IS 'Ordre d''affichage des statuts (tous d''abord)';

GRANT SELECT ON lecap.v_effet_plan TO lecap_analyste, lecap_delegue;

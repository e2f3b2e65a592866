-- The effect of progress plans (issue 22): did the members progress more
-- on what they had put in their plan? A panel — the members with a complete
-- evaluation at campaign N and at its previous campaign (the one lecap.publier
-- compares to) — split, for each objective, sub-theme and theme, by whether
-- the objective (or any objective under the sub-theme or theme) was in their
-- previous campaign's plan. An association, not a proof of cause
-- (docs/analystes.md, « L'effet des plans de progrès »).
--
-- Secrecy is applied here, like in the publication views, with the
-- campaign's own threshold (lecap.publication_campagne.seuil_secret):
-- * primary: a row is secret when either side has fewer members than the
--   threshold (neither side is then published);
-- * FR = Σ regions (statut 'tous'): when one or two regions are secret, the
--   published regions of the smallest population (then in code order) are
--   masked until three are — and FR too if the network has fewer than
--   three regions for that element;
-- * by status (objectives only): the rows of a region's four statuses are
--   published all together or not at all (tous = Σ statuses), only where its
--   'tous' row is; when one or two regions' statuses are masked, FR's are too.
-- A secret row keeps its counts; its evolutions and ecart are NULL.
CREATE VIEW lecap.v_effet_plan AS
WITH pc AS (
    SELECT campagne, campagne_precedente AS precedente, seuil_secret
      FROM lecap.publication_campagne
     WHERE campagne_precedente IS NOT NULL
), panel AS (
    SELECT pc.campagne, pc.precedente, pc.seuil_secret, rn.siret, rn.region,
           rn.evaluation_id AS ev_n, rp.evaluation_id AS ev_p
      FROM pc
      JOIN lecap.resultat_evaluation rn ON rn.campagne = pc.campagne AND rn.complete
      JOIN lecap.resultat_evaluation rp ON rp.campagne = pc.precedente AND rp.siret = rn.siret AND rp.complete
), delta AS (
    SELECT p.campagne, p.precedente, p.siret, p.region, sn.niveau, sn.code, sn.score - sp.score AS delta
      FROM panel p
      JOIN lecap.score sn ON sn.campagne = p.campagne AND sn.evaluation_id = p.ev_n
           AND sn.niveau IN ('objectif', 'sous_theme', 'theme') AND sn.score IS NOT NULL
      JOIN lecap.score sp ON sp.campagne = p.precedente AND sp.evaluation_id = p.ev_p
           AND sp.niveau = sn.niveau AND sp.code = sn.code AND sp.score IS NOT NULL
), planifie AS (
    -- Objectives in the previous campaign's plan, with the status last
    -- reported: this campaign's plan when it has an action on the objective,
    -- else the previous plan's (several actions: the first of réalisée,
    -- en cours, à engager, abandonnée).
    SELECT p.campagne, p.siret, a.objectif,
           coalesce((SELECT (ARRAY['realisee', 'en_cours', 'a_engager', 'abandonnee'])[
                            min(array_position(ARRAY['realisee', 'en_cours', 'a_engager', 'abandonnee'], an.statut))]
                       FROM lecap.plan pn
                       JOIN lecap.plan_action an ON an.plan_id = pn.id
                      WHERE pn.siret = p.siret AND pn.campagne = p.campagne AND an.objectif = a.objectif),
                    (ARRAY['realisee', 'en_cours', 'a_engager', 'abandonnee'])[
                        min(array_position(ARRAY['realisee', 'en_cours', 'a_engager', 'abandonnee'], a.statut))]) AS statut
      FROM panel p
      JOIN lecap.plan pp ON pp.siret = p.siret AND pp.campagne = p.precedente
      JOIN lecap.plan_action a ON a.plan_id = pp.id
     GROUP BY p.campagne, p.siret, a.objectif
), marque AS (
    SELECT d.*,
           CASE WHEN d.niveau = 'objectif'
                THEN EXISTS (SELECT 1 FROM planifie x WHERE x.campagne = d.campagne AND x.siret = d.siret
                                AND x.objectif = d.code)
                ELSE EXISTS (SELECT 1 FROM planifie x WHERE x.campagne = d.campagne AND x.siret = d.siret
                                AND left(x.objectif, length(d.code) + 1) = d.code || '.')
           END AS avec,
           CASE WHEN d.niveau = 'objectif'
                THEN (SELECT x.statut FROM planifie x WHERE x.campagne = d.campagne AND x.siret = d.siret
                         AND x.objectif = d.code)
           END AS statut
      FROM delta d
), tous AS (
    SELECT m.campagne, m.precedente, g.region, m.niveau, m.code,
           count(*) FILTER (WHERE m.avec)::int AS n_avec, avg(m.delta) FILTER (WHERE m.avec) AS e_avec,
           count(*) FILTER (WHERE NOT m.avec)::int AS n_sans, avg(m.delta) FILTER (WHERE NOT m.avec) AS e_sans
      FROM marque m
      CROSS JOIN LATERAL (VALUES (m.region), ('FR')) AS g (region)
     GROUP BY m.campagne, m.precedente, g.region, m.niveau, m.code
), tous_primaire AS (
    SELECT t.*, pc.seuil_secret,
           t.n_avec < pc.seuil_secret OR t.n_sans < pc.seuil_secret AS primaire
      FROM tous t JOIN pc ON pc.campagne = t.campagne
), tous_rang AS (
    SELECT t.*,
           count(*) FILTER (WHERE t.primaire AND t.region <> 'FR')
               OVER (PARTITION BY t.campagne, t.niveau, t.code) AS k_primaires,
           count(*) FILTER (WHERE t.region <> 'FR')
               OVER (PARTITION BY t.campagne, t.niveau, t.code) AS n_regions,
           CASE WHEN t.region <> 'FR' AND NOT t.primaire
                THEN row_number() OVER (PARTITION BY t.campagne, t.niveau, t.code,
                                                     t.region <> 'FR' AND NOT t.primaire
                                        ORDER BY least(t.n_avec, t.n_sans), t.n_avec + t.n_sans, t.region)
           END AS rang_publie
      FROM tous_primaire t
), tous_secret AS (
    SELECT t.campagne, t.precedente, t.region, t.niveau, t.code, t.n_avec, t.e_avec, t.n_sans, t.e_sans,
           t.seuil_secret,
           CASE WHEN t.primaire THEN 'primaire'
                WHEN t.region <> 'FR' AND t.k_primaires BETWEEN 1 AND 2 AND t.rang_publie <= 3 - t.k_primaires
                    THEN 'secondaire'
                WHEN t.region = 'FR' AND t.k_primaires >= 1 AND t.n_regions < 3 THEN 'secondaire'
           END AS secret
      FROM tous_rang t
), par_statut AS (
    SELECT t.campagne, t.precedente, t.region, t.code, t.n_sans, t.e_sans, t.seuil_secret,
           t.secret AS secret_tous, s.statut,
           (SELECT count(*)::int FROM marque m
             WHERE m.campagne = t.campagne AND m.niveau = 'objectif' AND m.code = t.code AND m.avec
               AND m.statut = s.statut AND (t.region = 'FR' OR m.region = t.region)) AS n_avec,
           (SELECT avg(m.delta) FROM marque m
             WHERE m.campagne = t.campagne AND m.niveau = 'objectif' AND m.code = t.code AND m.avec
               AND m.statut = s.statut AND (t.region = 'FR' OR m.region = t.region)) AS e_avec
      FROM tous_secret t
      CROSS JOIN (VALUES ('realisee'), ('en_cours'), ('a_engager'), ('abandonnee')) AS s (statut)
     WHERE t.niveau = 'objectif'
), statut_region AS (
    -- A region's statuses: all published, or none.
    SELECT p.*,
           p.secret_tous IS NOT NULL
           OR bool_or(p.n_avec > 0 AND p.n_avec < p.seuil_secret)
                  OVER (PARTITION BY p.campagne, p.region, p.code) AS masque
      FROM par_statut p
), statut_fr AS (
    SELECT s.*,
           count(*) FILTER (WHERE s.region <> 'FR' AND s.masque AND s.n_avec > 0)
               OVER (PARTITION BY s.campagne, s.code, s.statut) AS k_masques
      FROM statut_region s
), statut_secret AS (
    SELECT s.*,
           CASE WHEN s.secret_tous IS NOT NULL THEN s.secret_tous
                WHEN s.n_avec > 0 AND s.n_avec < s.seuil_secret THEN 'primaire'
                WHEN s.masque THEN 'secondaire'
                WHEN s.region = 'FR' AND bool_or(s.k_masques BETWEEN 1 AND 2)
                         OVER (PARTITION BY s.campagne, s.code) THEN 'secondaire'
           END AS secret
      FROM statut_fr s
), lignes AS (
    SELECT campagne, precedente, region, niveau, code, 'tous'::text AS statut,
           n_avec, e_avec, n_sans, e_sans, secret
      FROM tous_secret
    UNION ALL
    SELECT campagne, precedente, region, 'objectif', code, statut, n_avec, e_avec, n_sans, e_sans, secret
      FROM statut_secret
)
SELECT l.campagne, l.precedente AS campagne_precedente, l.region, l.niveau, l.code, l.statut,
       l.n_avec AS n_avec_plan,
       CASE WHEN l.secret IS NULL THEN round(l.e_avec, 2)::numeric(5,2) END AS evolution_avec_plan,
       l.n_sans AS n_sans_plan,
       CASE WHEN l.secret IS NULL THEN round(l.e_sans, 2)::numeric(5,2) END AS evolution_sans_plan,
       CASE WHEN l.secret IS NULL THEN (round(l.e_avec, 2) - round(l.e_sans, 2))::numeric(5,2) END AS ecart,
       l.secret IS NULL AS diffusable, l.secret,
       l.region = 'FR' AS national, el.libelle, el.rang,
       array_position(ARRAY['tous', 'realisee', 'en_cours', 'a_engager', 'abandonnee'], l.statut) AS rang_statut
  FROM lignes l
  JOIN lecap.publication_campagne pcv ON pcv.campagne = l.campagne
  LEFT JOIN lecap.element el ON el.version = pcv.version_referentiel AND el.code = l.code;
COMMENT ON VIEW lecap.v_effet_plan IS 'L''effet des plans de progrès : évolution des scores, d''une campagne à la suivante, des adhérents évalués (complets) aux deux campagnes, selon que l''objectif (ou un objectif du sous-thème, du thème) était dans leur plan de la campagne précédente ; secret statistique appliqué ; une association, pas la preuve d''une cause';
COMMENT ON COLUMN lecap.v_effet_plan.campagne IS 'Année de campagne (N)';
COMMENT ON COLUMN lecap.v_effet_plan.campagne_precedente IS 'Campagne comparée (N−1 : la précédente qui a des évaluations), celle du plan';
COMMENT ON COLUMN lecap.v_effet_plan.region IS 'Code INSEE de la région de l''évaluation de la campagne N, ou FR';
COMMENT ON COLUMN lecap.v_effet_plan.niveau IS 'objectif, sous_theme ou theme';
COMMENT ON COLUMN lecap.v_effet_plan.code IS 'Code de l''élément de la grille';
COMMENT ON COLUMN lecap.v_effet_plan.statut IS 'tous, ou (objectifs) le dernier statut déclaré de l''action du plan N−1 sur l''objectif : realisee, en_cours, a_engager, abandonnee ; le groupe sans plan est le même pour tous les statuts';
COMMENT ON COLUMN lecap.v_effet_plan.n_avec_plan IS 'Adhérents du panel dont le plan N−1 visait l''élément (et, hors tous, au statut dit) et qui ont un score aux deux campagnes';
COMMENT ON COLUMN lecap.v_effet_plan.evolution_avec_plan IS 'Moyenne de leur score N moins leur score N−1, 2 décimales ; NULL si secret';
COMMENT ON COLUMN lecap.v_effet_plan.n_sans_plan IS 'Adhérents du panel dont le plan N−1 ne visait pas l''élément (ou sans plan N−1)';
COMMENT ON COLUMN lecap.v_effet_plan.evolution_sans_plan IS 'Moyenne de leur score N moins leur score N−1, 2 décimales ; NULL si secret';
COMMENT ON COLUMN lecap.v_effet_plan.ecart IS 'evolution_avec_plan − evolution_sans_plan ; NULL si secret';
COMMENT ON COLUMN lecap.v_effet_plan.diffusable IS 'Vrai si la ligne est publiée (les deux groupes atteignent le seuil, et aucune règle du secret secondaire ne la masque)';
COMMENT ON COLUMN lecap.v_effet_plan.secret IS 'NULL si publiée ; primaire (un des deux groupes sous le seuil) ou secondaire';
COMMENT ON COLUMN lecap.v_effet_plan.national IS 'Vrai pour les lignes du réseau (FR)';
COMMENT ON COLUMN lecap.v_effet_plan.libelle IS 'Intitulé de l''élément';
COMMENT ON COLUMN lecap.v_effet_plan.rang IS 'Ordre d''affichage (ordre de la grille)';
COMMENT ON COLUMN lecap.v_effet_plan.rang_statut IS 'Ordre d''affichage des statuts (tous d''abord)';

GRANT SELECT ON lecap.v_effet_plan TO lecap_analyste, lecap_delegue;

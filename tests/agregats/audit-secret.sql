-- The attack of the published tables, in the spirit of sdcTable's attack():
-- for every secret cell, try to recompute it from what is published, by
-- each relation a reader can use, as the public and as the delegate of each
-- region (who reads their own region in full). An attack succeeds when its
-- estimate is within 0.01 of the true value.
--
-- Known to the attacker: every published value of the publication views,
-- every n (published), the grid's weights, and for a delegate the true
-- values of their region. Relations (Σ coef × value = 0):
--   R  FR = Σ regions (n-weighted means; counts), every table and statistic
--   T  region (and FR) = Σ structure types (n-weighted means)
--   H  parent = Σ poids × children / Σ poids, within a region and type
--   C  respondents of a region = Σ colleges
--   E  evolution: this year = previous published + published evolution
--   S  effect of plans: the group with a plan = Σ its statuses
--   P  effect of plans: a theme or sub-theme's panel = its weighted
--      children's (Q: a theme's from its objectives directly)
--   D  effect of plans: ecart = evolution_avec − evolution_sans
--   G  the regions below the threshold together (v_publication_regroupement,
--      pseudo-region 'G'): G = Σ its regions, FR = G + Σ the other regions
--   N  the same count published twice: participation n_completes = the n
--      of the region's theme cells; a college's respondents = the
--      n_repondants of its score cells
-- Prints one line: cells|attacks|feasible|successes, one for the effect of
-- plans alone (effet_plan|cells|attacks|feasible|successes), one for the
-- group below the threshold (regroupement|cells|secret|attacks through it or
-- on it|feasible|successes), then the successes.

CREATE TEMP TABLE au_cell AS
WITH pa AS (
    SELECT campagne, region, '*'::text AS type_structure, code, moyenne, part_atteinte, evolution FROM lecap.v_publication_agregat
    UNION ALL
    SELECT campagne, region, type_structure, code, moyenne, part_atteinte, evolution FROM lecap.v_publication_agregat_type)
SELECT 'agregat'::text AS tab, 'moyenne'::text AS stat, a.campagne, a.region::text, a.type_structure::text AS vent,
       a.code::text, a.n_entreprises AS n, a.n_entreprises::numeric AS w, p.moyenne::numeric AS pub, a.moyenne::numeric AS vrai,
       p.evolution::numeric AS evolution
  FROM lecap.agregat a JOIN pa p USING (campagne, region, type_structure, code)
UNION ALL
SELECT 'college', 'moyenne', a.campagne, a.region, a.college, a.code, a.n_entreprises, a.n_entreprises, p.moyenne, a.moyenne, NULL
  FROM lecap.agregat_college a JOIN lecap.v_publication_score_college p USING (campagne, region, college, code)
UNION ALL
SELECT 'college', 'n_repondants', a.campagne, a.region, a.college, a.code, a.n_entreprises, 1, p.n_repondants, a.n_repondants, NULL
  FROM lecap.agregat_college a JOIN lecap.v_publication_score_college p USING (campagne, region, college, code)
UNION ALL
SELECT 'divergence', 'ecart_moyen', a.campagne, a.region, '', a.sous_theme, a.n_entreprises, a.n_entreprises, p.ecart_moyen, a.ecart_moyen, NULL
  FROM lecap.divergence_agregat a JOIN lecap.v_publication_divergence p USING (campagne, region, sous_theme)
UNION ALL
SELECT 'divergence', 'n_points_de_debat', a.campagne, a.region, '', a.sous_theme, a.n_entreprises, 1, p.n_points_de_debat, a.n_points_de_debat, NULL
  FROM lecap.divergence_agregat a JOIN lecap.v_publication_divergence p USING (campagne, region, sous_theme)
UNION ALL
SELECT 'plan', s.stat, a.campagne, a.region, '', a.objectif, a.n_entreprises, 1, s.pub, s.vrai, NULL
  FROM lecap.plan_agregat a JOIN lecap.v_publication_plan p USING (campagne, region, objectif)
 CROSS JOIN LATERAL (VALUES
    ('n_actions', p.n_actions, a.n_actions), ('n_a_engager', p.n_a_engager, a.n_a_engager),
    ('n_en_cours', p.n_en_cours, a.n_en_cours), ('n_realisees', p.n_realisees, a.n_realisees),
    ('n_abandonnees', p.n_abandonnees, a.n_abandonnees), ('n_priorite_haute', p.n_priorite_haute, a.n_priorite_haute),
    ('n_actions_precedentes', p.n_actions_precedentes, a.n_actions_precedentes),
    ('n_realisees_precedentes', p.n_realisees_precedentes, a.n_realisees_precedentes)) s(stat, pub, vrai)
UNION ALL
SELECT 'offre', 'n_actions', a.campagne, a.region, '', a.offre, a.n_entreprises_plan, 1, p.n_actions, a.n_actions, NULL
  FROM lecap.demande_offres a JOIN lecap.v_publication_demande_offres p USING (campagne, region, offre)
UNION ALL
SELECT 'offre', 'n_objectifs_non_atteints', a.campagne, a.region, '', a.offre, a.n_entreprises_objectifs, 1, p.n_objectifs_non_atteints,
       a.n_objectifs_non_atteints, NULL
  FROM lecap.demande_offres a JOIN lecap.v_publication_demande_offres p USING (campagne, region, offre)
UNION ALL
SELECT 'participation', s.stat, a.campagne, a.region, '', '', a.n_evaluations, 1, s.pub, s.vrai, NULL
  FROM lecap.participation a JOIN lecap.v_publication_participation p USING (campagne, region)
 CROSS JOIN LATERAL (VALUES ('n_completes', p.n_completes, a.n_completes),
                            ('n_repondants', p.n_repondants, a.n_repondants)) s(stat, pub, vrai)
UNION ALL
SELECT 'repondants', 'n_repondants', a.campagne, a.region, a.college, '', a.n_entreprises, 1, p.n_repondants, a.n_repondants, NULL
  FROM lecap.repondants_college a JOIN lecap.v_publication_repondants_college p USING (campagne, region, college)
-- The regions below the threshold together (v_publication_regroupement),
-- as a pseudo-region 'G'.
UNION ALL
SELECT 'agregat', 'moyenne', g.campagne, 'G', '*', g.code, g.n_entreprises, g.n_entreprises, g.moyenne,
       (SELECT sum(a.n_entreprises * a.moyenne) / sum(a.n_entreprises) FROM lecap.agregat a
         WHERE a.campagne = g.campagne AND a.type_structure = '*' AND a.code = g.code
           AND a.region = ANY (string_to_array(g.regions, ','))), NULL
  FROM lecap.v_publication_regroupement g
-- The effect of plans (v_effet_plan): each row's group with a plan (per
-- status) and, on the 'tous' rows, its group without; an empty group has
-- no value.
UNION ALL
SELECT 'effet', 'e_avec', e.campagne, e.region, e.statut, e.code, e.n_avec, e.n_avec, v.evolution_avec_plan, e.e_avec, NULL
  FROM lecap.effet_plan e JOIN lecap.v_effet_plan v USING (campagne, region, code, statut)
 WHERE e.n_avec > 0
UNION ALL
SELECT 'effet', 'e_sans', e.campagne, e.region, e.statut, e.code, e.n_sans, e.n_sans, v.evolution_sans_plan, e.e_sans, v.ecart
  FROM lecap.effet_plan e JOIN lecap.v_effet_plan v USING (campagne, region, code, statut)
 WHERE e.n_sans > 0 AND e.statut = 'tous';
ALTER TABLE au_cell ADD COLUMN id serial PRIMARY KEY;
CREATE INDEX ON au_cell (tab, stat, campagne, region, vent, code);
ANALYZE au_cell;

-- Relations: (grp, id, coef).
CREATE TEMP TABLE au_rel AS
SELECT 'R|' || tab || '|' || stat || '|' || campagne || '|' || vent || '|' || code AS grp, id,
       CASE WHEN region = 'FR' THEN -w ELSE w END AS coef
  FROM au_cell
  WHERE region <> 'G'
UNION ALL
-- The group below the threshold: G = Σ its regions; FR = G + Σ the others.
SELECT 'R|G|' || g.campagne || '|' || g.code, c.id, CASE WHEN c.region = 'G' THEN -c.w ELSE c.w END
  FROM au_cell c
  JOIN lecap.v_publication_regroupement g ON g.campagne = c.campagne AND g.code = c.code
 WHERE c.tab = 'agregat' AND c.vent = '*' AND (c.region = 'G' OR c.region = ANY (string_to_array(g.regions, ',')))
UNION ALL
SELECT 'R|FG|' || g.campagne || '|' || g.code, c.id, CASE WHEN c.region = 'FR' THEN -c.w ELSE c.w END
  FROM au_cell c
  JOIN lecap.v_publication_regroupement g ON g.campagne = c.campagne AND g.code = c.code
 WHERE c.tab = 'agregat' AND c.vent = '*' AND NOT c.region = ANY (string_to_array(g.regions, ','))
UNION ALL
SELECT 'T|' || stat || '|' || campagne || '|' || region || '|' || code, id,
       CASE WHEN vent = '*' THEN -w ELSE w END
  FROM au_cell WHERE tab = 'agregat' AND region <> 'G'
UNION ALL
SELECT 'C|' || campagne || '|' || region, id, CASE WHEN tab = 'participation' THEN -1 ELSE 1 END
  FROM au_cell WHERE stat = 'n_repondants' AND tab IN ('participation', 'repondants');
-- Parent = weighted children (the grid of each campaign's version).
CREATE TEMP TABLE au_ch AS
SELECT c.id, c.campagne, c.region, c.vent, g.parent, g.poids
  FROM au_cell c
  JOIN (SELECT DISTINCT pc.campagne, el.code, el.parent, el.poids
          FROM lecap.publication_campagne pc
          JOIN lecap.element el ON el.version = pc.version_referentiel
         WHERE el.parent IS NOT NULL) g ON g.campagne = c.campagne AND g.code = c.code
 WHERE c.tab = 'agregat';
INSERT INTO au_rel
SELECT 'H|' || campagne || '|' || region || '|' || vent || '|' || parent, id, poids FROM au_ch
UNION ALL
SELECT 'H|' || p.campagne || '|' || p.region || '|' || p.vent || '|' || p.code, p.id, -w.poids
  FROM au_cell p
  JOIN (SELECT campagne, region, vent, parent, sum(poids) AS poids FROM au_ch
         GROUP BY campagne, region, vent, parent) w
    ON w.campagne = p.campagne AND w.region = p.region AND w.vent = p.vent AND w.parent = p.code
 WHERE p.tab = 'agregat';
-- The effect of plans: the group with a plan over all statuses = Σ its
-- statuses; a theme or sub-theme's panel sum (both groups) = Σ poids ×
-- its children's / Σ poids (each member's evolution is the weighted mean
-- of its children's), and a theme's from its objectives directly.
INSERT INTO au_rel
SELECT 'S|' || campagne || '|' || region || '|' || code, id, CASE WHEN vent = 'tous' THEN -w ELSE w END
  FROM au_cell c
 WHERE tab = 'effet' AND stat = 'e_avec'
   AND EXISTS (SELECT 1 FROM au_cell o WHERE o.tab = 'effet' AND o.stat = 'e_avec' AND o.campagne = c.campagne
                  AND o.region = c.region AND o.code = c.code AND o.vent <> 'tous');
CREATE TEMP TABLE au_eg AS
WITH g AS (
    SELECT DISTINCT pc.campagne, el.code, el.parent, el.poids, el.niveau
      FROM lecap.publication_campagne pc
      JOIN lecap.element el ON el.version = pc.version_referentiel
     WHERE el.niveau IN ('sous_theme', 'objectif')),
w AS (SELECT campagne, parent, sum(poids) AS poids FROM g GROUP BY campagne, parent),
direct AS (
    SELECT g.campagne, g.parent, g.code, g.poids / w.poids AS f FROM g JOIN w USING (campagne, parent)),
petit AS (
    SELECT o.campagne, s.parent, o.code, s.f * o.f AS f
      FROM direct o JOIN direct s ON s.campagne = o.campagne AND s.code = o.parent)
SELECT 'P' AS k, * FROM direct UNION ALL SELECT 'Q', * FROM petit;
INSERT INTO au_rel
SELECT e.k || '|' || c.campagne || '|' || c.region || '|' || e.parent, c.id, e.f * c.w
  FROM au_cell c JOIN au_eg e ON e.campagne = c.campagne AND e.code = c.code
 WHERE c.tab = 'effet' AND c.vent = 'tous'
UNION ALL
SELECT x.k || '|' || c.campagne || '|' || c.region || '|' || c.code, c.id, -c.w
  FROM au_cell c JOIN (SELECT DISTINCT k, campagne, parent FROM au_eg) x
    ON x.campagne = c.campagne AND x.parent = c.code
 WHERE c.tab = 'effet' AND c.vent = 'tous';
CREATE INDEX ON au_rel (grp);
CREATE INDEX ON au_rel (id);
ANALYZE au_rel;

-- Per relation: what the public knows (Σ coef × published value) and how
-- many cells it does not know.
CREATE TEMP TABLE au_grp AS
SELECT r.grp, coalesce(sum(r.coef * c.pub) FILTER (WHERE c.pub IS NOT NULL), 0) AS connu,
       count(*) FILTER (WHERE c.pub IS NULL) AS inconnues
  FROM au_rel r JOIN au_cell c ON c.id = r.id GROUP BY r.grp;
CREATE INDEX ON au_grp (grp);
ANALYZE au_grp;

-- Attacks: as the public, each secret cell by each of its relations (it
-- succeeds if it is the relation's only unknown); as the delegate of a
-- region with a secret cell in a FR = Σ regions relation, who knows that
-- cell too (the other relations lie within one region: its delegate knows
-- them all, the other delegates know what the public knows). A delegate
-- who finds a total made of their own region's members only (same n)
-- learns nothing they did not read in full: not counted. The group below
-- the threshold ('G') has no delegate, and is not a delegate's target: it
-- is the sum of regions each secret, which a delegate outside it already
-- gets from FR − Σ the others (R); the audit attacks its regions through it.
CREATE TEMP TABLE au_att AS
SELECT t.id AS cible, r.grp, NULL::text AS qui, g.inconnues = 1 AS faisable,
       -g.connu / r.coef AS estimation, t.vrai
  FROM au_cell t JOIN au_rel r ON r.id = t.id JOIN au_grp g ON g.grp = r.grp
 WHERE t.pub IS NULL AND t.vrai IS NOT NULL AND r.coef <> 0
UNION ALL
SELECT t.id, r.grp, x.region, g.inconnues = 2, -(g.connu + rx.coef * x.vrai) / r.coef, t.vrai
  FROM au_cell t JOIN au_rel r ON r.id = t.id JOIN au_grp g ON g.grp = r.grp
  JOIN au_rel rx ON rx.grp = r.grp AND rx.id <> t.id
  JOIN au_cell x ON x.id = rx.id
 WHERE t.pub IS NULL AND t.vrai IS NOT NULL AND r.coef <> 0 AND r.grp LIKE 'R|%'
   AND x.pub IS NULL AND x.region NOT IN ('FR', 'G') AND x.region <> t.region AND t.region <> 'G'
   AND NOT (t.region = 'FR' AND x.n = t.n);
-- Evolution: this year's secret mean from last year's published mean and
-- this year's published evolution.
INSERT INTO au_att
SELECT t.id, 'E|' || t.id, NULL, t.evolution IS NOT NULL AND p.pub IS NOT NULL, p.pub + t.evolution, t.vrai
  FROM au_cell t
  JOIN lecap.publication_campagne pc ON pc.campagne = t.campagne
  LEFT JOIN au_cell p ON p.tab = t.tab AND p.stat = t.stat AND p.campagne = pc.campagne_precedente
        AND p.region = t.region AND p.vent = t.vent AND p.code = t.code
 WHERE t.tab = 'agregat' AND t.pub IS NULL;
-- The effect of plans: ecart = evolution_avec − evolution_sans.
INSERT INTO au_att
SELECT a.id, 'D|' || a.id, NULL, a.pub IS NULL AND sn.pub IS NOT NULL AND sn.evolution IS NOT NULL,
       sn.evolution + sn.pub, a.vrai
  FROM au_cell a
  JOIN au_cell sn ON sn.tab = 'effet' AND sn.stat = 'e_sans' AND sn.campagne = a.campagne AND sn.region = a.region
       AND sn.code = a.code
 WHERE a.tab = 'effet' AND a.stat = 'e_avec' AND a.vent = 'tous' AND a.pub IS NULL
UNION ALL
SELECT sn.id, 'D|' || sn.id, NULL, a.pub IS NOT NULL AND sn.evolution IS NOT NULL, a.pub - sn.evolution, sn.vrai
  FROM au_cell sn
  JOIN au_cell a ON a.tab = 'effet' AND a.stat = 'e_avec' AND a.vent = 'tous' AND a.campagne = sn.campagne
       AND a.region = sn.region AND a.code = sn.code
 WHERE sn.tab = 'effet' AND sn.stat = 'e_sans' AND sn.pub IS NULL;

-- The same count published twice: a region's complete evaluations are the
-- n of each of its theme cells (every n is published), and a college's
-- respondents are also the n_repondants of its score cells.
INSERT INTO au_att
SELECT t.id, 'N|' || t.id || '|' || a.code, NULL, a.n_entreprises IS NOT NULL, a.n_entreprises, t.vrai
  FROM au_cell t
  JOIN lecap.v_publication_agregat a ON a.campagne = t.campagne AND a.region = t.region AND a.niveau = 'theme'
 WHERE t.tab = 'participation' AND t.stat = 'n_completes' AND t.pub IS NULL
UNION ALL
SELECT t.id, 'N|' || t.id || '|' || c.code, NULL, c.n_repondants IS NOT NULL, c.n_repondants, t.vrai
  FROM au_cell t
  JOIN lecap.v_publication_score_college c ON c.campagne = t.campagne AND c.region = t.region
       AND c.college = t.vent
 WHERE t.tab = 'repondants' AND t.stat = 'n_repondants' AND t.pub IS NULL;

SELECT (SELECT count(*) FROM au_cell WHERE pub IS NULL AND vrai IS NOT NULL) || '|' || count(*) || '|'
       || count(*) FILTER (WHERE faisable) || '|'
       || count(*) FILTER (WHERE faisable AND abs(estimation - vrai) <= 0.01)
  FROM au_att;
SELECT 'effet_plan|' || (SELECT count(*) FROM au_cell WHERE tab = 'effet' AND pub IS NULL AND vrai IS NOT NULL) || '|'
       || count(*) || '|' || count(*) FILTER (WHERE a.faisable) || '|'
       || count(*) FILTER (WHERE a.faisable AND abs(a.estimation - a.vrai) <= 0.01)
  FROM au_att a JOIN au_cell c ON c.id = a.cible WHERE c.tab = 'effet';
SELECT 'regroupement|' || (SELECT count(*) || '|' || count(*) FILTER (WHERE pub IS NULL) FROM au_cell WHERE region = 'G')
       || '|' || count(*) || '|' || count(*) FILTER (WHERE faisable) || '|'
       || count(*) FILTER (WHERE faisable AND abs(estimation - vrai) <= 0.01)
  FROM au_att WHERE grp LIKE 'R|G|%' OR grp LIKE 'R|FG|%' OR cible IN (SELECT id FROM au_cell WHERE region = 'G');
SELECT c.tab, c.stat, c.campagne, c.region, c.vent, c.code, a.grp, coalesce(a.qui, 'public'), round(a.estimation, 4), c.vrai
  FROM au_att a JOIN au_cell c ON c.id = a.cible
 WHERE a.faisable AND abs(a.estimation - a.vrai) <= 0.01
 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
 LIMIT 20;

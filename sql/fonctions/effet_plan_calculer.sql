-- The effect of progress plans (issue 22): did the members progress more
-- on what they had put in their plan? A panel — the members with a complete
-- evaluation at campaign N and at its previous campaign (the one the function publier
-- compares to) — split, for each objective, sub-theme and theme, by whether
-- the objective (or any objective under the sub-theme or theme) was in their
-- previous campaign's plan. An association, not a proof of cause
-- (docs/analystes.md, « L'effet des plans de progrès »).
--
-- Fills lecap.effet_plan for the campaign, figures unrounded and nothing
-- secret yet: publier (sql/fonctions/) calls it, then decides which rows may be
-- published with every other table of the campaign (lecap.secret, tableau
-- 'effet_plan'); v_effet_plan (sql/vues/) shows them.
CREATE FUNCTION lecap.effet_plan_calculer(p_campagne int, p_precedente int)
RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
    v_rows int;
BEGIN
    DELETE FROM lecap.effet_plan WHERE campagne = p_campagne;
    IF p_precedente IS NULL THEN
        RETURN 0;
    END IF;
    -- Temporary tables with their statistics, joined on keys: a correlated
    -- EXISTS over a CTE compared every score with every planned objective.
    DROP TABLE IF EXISTS pg_temp.ep_panel, pg_temp.ep_plan, pg_temp.ep_marque;
    -- The panel in one grouping of both campaigns' complete evaluations (one
    -- per member and campaign), not a join of the table with itself: on the
    -- first night lecap.resultat_evaluation has just been written (this
    -- campaign in this transaction, the previous one by the other connection)
    -- and has no statistics; the self-join was then planned as nested loops
    -- matching the siret by filter, every member against every other
    -- (6.8 s at 10,000 members, issue 20). A grouping has no such plan.
    CREATE TEMP TABLE ep_panel ON COMMIT DROP AS
    SELECT r.siret, max(r.region) FILTER (WHERE r.campagne = p_campagne) AS region,
           max(r.evaluation_id) FILTER (WHERE r.campagne = p_campagne) AS ev_n,
           max(r.evaluation_id) FILTER (WHERE r.campagne = p_precedente) AS ev_p
      FROM lecap.resultat_evaluation r
     WHERE r.campagne IN (p_campagne, p_precedente) AND r.complete
     GROUP BY r.siret
    HAVING bool_or(r.campagne = p_campagne) AND bool_or(r.campagne = p_precedente);
    ANALYZE ep_panel;
    -- Objectives in the previous campaign's plan, with the status last
    -- reported: this campaign's plan when it has an action on the objective,
    -- else the previous plan's (several actions: the first of réalisée, en
    -- cours, à engager, abandonnée); and, for each, the sub-theme and theme
    -- above it (code prefixes), planned with it. Both plans' actions in one
    -- grouping per member and objective: the rank of each campaign's, the
    -- objective kept when the previous plan has it. (A join of the grouping
    -- with itself, the previous campaign's rows against this one's, was
    -- planned as nested loops over two CTE scans estimated at 3 rows on a
    -- first night, plans and actions not yet analysed: 40,000 rows against
    -- 40,000, 48 to 58 s per campaign at 10,000 members, issue 20.)
    CREATE TEMP TABLE ep_plan ON COMMIT DROP AS
    WITH objectif AS (
        SELECT p.siret, a.objectif,
               (ARRAY['realisee', 'en_cours', 'a_engager', 'abandonnee'])[coalesce(
                   min(array_position(ARRAY['realisee', 'en_cours', 'a_engager', 'abandonnee'], a.statut))
                       FILTER (WHERE pp.campagne = p_campagne),
                   min(array_position(ARRAY['realisee', 'en_cours', 'a_engager', 'abandonnee'], a.statut))
                       FILTER (WHERE pp.campagne = p_precedente))] AS statut
          FROM ep_panel p
          JOIN lecap.plan pp ON pp.siret = p.siret AND pp.campagne IN (p_precedente, p_campagne)
          JOIN lecap.plan_action a ON a.plan_id = pp.id
         GROUP BY p.siret, a.objectif
        HAVING bool_or(pp.campagne = p_precedente)
    )
    SELECT siret, objectif AS code, statut FROM objectif
    UNION
    SELECT DISTINCT o.siret, array_to_string((string_to_array(o.objectif, '.'))[1:i], '.'), NULL
      FROM objectif o
     CROSS JOIN LATERAL generate_series(1, cardinality(string_to_array(o.objectif, '.')) - 1) AS i;
    CREATE INDEX ON ep_plan (siret, code);
    ANALYZE ep_plan;
    -- Each panel member's evolution on every objective, sub-theme and theme
    -- scored at both campaigns, with the objective's plan status: the
    -- scores of the member's two evaluations read by their key (LATERAL,
    -- OFFSET 0: parameterised index scans whatever the statistics —
    -- lecap.score has just been rewritten in this transaction) and grouped
    -- per element, one small grouping per member. (Before: both campaigns'
    -- scores copied into a table, analysed, then joined with itself; read
    -- straight from lecap.score with a join, the planner of a fresh table
    -- joined the two campaigns by nested loop on the evaluation alone,
    -- 1.1 s per campaign at 2,000 members. The grouping does the same work
    -- in one pass: 3.3 s → 2.0 s at 10,000 members, issue 20.)
    CREATE TEMP TABLE ep_marque ON COMMIT DROP AS
    SELECT p.siret, p.region, d.niveau, d.code, d.delta, x.siret IS NOT NULL AS avec, x.statut
      FROM ep_panel p
     CROSS JOIN LATERAL (
            SELECT s.niveau, s.code,
                   max(s.score) FILTER (WHERE s.campagne = p_campagne)
                   - max(s.score) FILTER (WHERE s.campagne = p_precedente) AS delta
              FROM lecap.score s
             WHERE ((s.campagne = p_campagne AND s.evaluation_id = p.ev_n)
                    OR (s.campagne = p_precedente AND s.evaluation_id = p.ev_p))
               AND s.niveau IN ('objectif', 'sous_theme', 'theme') AND s.score IS NOT NULL
             GROUP BY s.niveau, s.code
            HAVING bool_or(s.campagne = p_campagne) AND bool_or(s.campagne = p_precedente)
            OFFSET 0) d
      LEFT JOIN ep_plan x ON x.siret = p.siret AND x.code = d.code;
    ANALYZE ep_marque;

    -- Every member counts in their region and in FR.
    INSERT INTO lecap.effet_plan
    SELECT p_campagne, p_precedente, coalesce(m.region, 'FR'), m.niveau, m.code, 'tous',
           count(*) FILTER (WHERE m.avec), avg(m.delta) FILTER (WHERE m.avec),
           count(*) FILTER (WHERE NOT m.avec), avg(m.delta) FILTER (WHERE NOT m.avec)
      FROM ep_marque m
     GROUP BY GROUPING SETS ((m.region, m.niveau, m.code), (m.niveau, m.code));
    -- By status (objectives): the group without a plan is the 'tous' row's.
    INSERT INTO lecap.effet_plan
    SELECT t.campagne, t.campagne_precedente, t.region, t.niveau, t.code, s.statut,
           coalesce(c.n, 0), c.e, t.n_sans, t.e_sans
      FROM lecap.effet_plan t
     CROSS JOIN (VALUES ('realisee'), ('en_cours'), ('a_engager'), ('abandonnee')) AS s (statut)
      LEFT JOIN (SELECT coalesce(m.region, 'FR') AS region, m.code, m.statut, count(*)::int AS n, avg(m.delta) AS e
                   FROM ep_marque m WHERE m.niveau = 'objectif' AND m.avec
                  GROUP BY GROUPING SETS ((m.region, m.code, m.statut), (m.code, m.statut))) c
             ON c.region = t.region AND c.code = t.code AND c.statut = s.statut
     WHERE t.campagne = p_campagne AND t.niveau = 'objectif' AND t.statut = 'tous';
    SELECT count(*) INTO v_rows FROM lecap.effet_plan WHERE campagne = p_campagne;
    DROP TABLE pg_temp.ep_panel, pg_temp.ep_plan, pg_temp.ep_marque;
    RETURN v_rows;
END
$$;
COMMENT ON FUNCTION lecap.effet_plan_calculer(int, int) IS 'Calcule les cellules de l''effet des plans de progrès d''une campagne (lecap.effet_plan), comparée à la campagne précédente ; appelée par la fonction publier, qui en décide le secret';
REVOKE EXECUTE ON FUNCTION lecap.effet_plan_calculer(int, int) FROM PUBLIC;

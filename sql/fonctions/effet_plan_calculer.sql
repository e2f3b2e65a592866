-- The effect of progress plans (issue 22): did the members progress more
-- on what they had put in their plan? A panel — the members with a complete
-- evaluation at campaign N and at its previous campaign (the one the function publier
-- compares to) — split, for each objective, sub-theme and theme, by whether
-- the objective (or any objective under the sub-theme or theme) was in their
-- previous campaign's plan. An association, not a proof of cause
-- (docs/analystes.md, « L'effet des plans de progrès »).
--
-- Keeps each panel member's evolution (lecap.effet_plan_panel, migration
-- 043) and the sums of each region's (lecap.effet_plan_somme, migration
-- 049), and from them fills lecap.effet_plan for the campaign, figures
-- unrounded and nothing
-- secret yet: publier (sql/fonctions/) calls it, then decides which rows may be
-- published with every other table of the campaign (lecap.secret, tableau
-- 'effet_plan'); v_effet_plan (sql/vues/) shows them.
CREATE FUNCTION lecap.effet_plan_calculer(p_campagne int, p_precedente int)
RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
    v_rows int;
    v_calc int;
    v_nestloop text;
BEGIN
    -- The panel rows deleted in this transaction (by lecap.effet_plan_retirer,
    -- with the evaluations the aggregation deleted, and below), whose
    -- contributions leave the sums.
    CREATE TEMP TABLE IF NOT EXISTS ep_parti (LIKE lecap.effet_plan_panel) ON COMMIT DROP;
    DELETE FROM lecap.effet_plan WHERE campagne = p_campagne;
    IF p_precedente IS NULL THEN
        DELETE FROM ep_parti WHERE campagne = p_campagne;
        DELETE FROM lecap.effet_plan_panel WHERE campagne = p_campagne;
        DELETE FROM lecap.effet_plan_somme WHERE campagne = p_campagne;
        DELETE FROM lecap.effet_plan_somme_region WHERE campagne = p_campagne;
        RETURN 0;
    END IF;
    -- Temporary tables, joined on keys or grouped: a correlated EXISTS over
    -- a CTE compared every score with every planned objective.
    DROP TABLE IF EXISTS pg_temp.ep_panel, pg_temp.ep_calc, pg_temp.ep_plan;
    -- The panel in one grouping of both campaigns' complete evaluations (one
    -- per member and campaign), not a join of the table with itself: on the
    -- first night lecap.resultat_evaluation has just been written (this
    -- campaign in this transaction, the previous one by the other connection)
    -- and has no statistics; the self-join was then planned as nested loops
    -- matching the siret by filter, every member against every other
    -- (6.8 s at 10,000 members, issue 20). A grouping has no such plan.
    -- The plans of both campaigns in the same grouping: their ids tell
    -- whether the member's kept evolution is still its own (below). (Left
    -- joins to lecap.plan were planned, without statistics, as nested loops
    -- scanning every plan of the campaign for each member.)
    CREATE TEMP TABLE ep_panel ON COMMIT DROP AS
    SELECT x.siret,
           max(x.region) FILTER (WHERE x.campagne = p_campagne) AS region,
           max(x.ev) FILTER (WHERE x.campagne = p_campagne) AS ev_n,
           max(x.ev) FILTER (WHERE x.campagne = p_precedente) AS ev_p,
           max(x.plan) FILTER (WHERE x.campagne = p_campagne) AS plan_n,
           max(x.plan) FILTER (WHERE x.campagne = p_precedente) AS plan_p
      FROM (SELECT r.siret, r.campagne, r.region, r.evaluation_id AS ev, NULL::bigint AS plan
              FROM lecap.resultat_evaluation r
             WHERE r.campagne IN (p_campagne, p_precedente) AND r.complete
            UNION ALL
            SELECT p.siret COLLATE "C", p.campagne, NULL, NULL, p.id
              FROM lecap.plan p
             WHERE p.campagne IN (p_campagne, p_precedente)) x
     GROUP BY x.siret
    HAVING count(x.ev) FILTER (WHERE x.campagne = p_campagne) > 0
       AND count(x.ev) FILTER (WHERE x.campagne = p_precedente) > 0;
    ALTER TABLE ep_panel ADD PRIMARY KEY (siret);
    ANALYZE ep_panel;
    -- A member's evolution (its row of lecap.effet_plan_panel, migration
    -- 043) is kept while its two evaluations and its two plans are those it
    -- was computed from: the evaluations' scores never change while they
    -- keep their ids, a plan is replaced by a new id. The members gone from
    -- the panel, or whose evaluations or plans changed, lose their row; a
    -- recomputation from scratch has already emptied the table (its foreign
    -- keys to lecap.resultat_evaluation). Only the members left without a
    -- row (ep_calc) are compared below.
    WITH d AS (DELETE FROM lecap.effet_plan_panel c
                WHERE c.campagne = p_campagne
                  AND NOT EXISTS (SELECT 1 FROM ep_panel p
                                   WHERE p.siret = c.siret AND p.ev_n = c.evaluation_id
                                     AND p.ev_p = c.evaluation_precedente_id
                                     AND p.plan_n IS NOT DISTINCT FROM c.plan_id
                                     AND p.plan_p IS NOT DISTINCT FROM c.plan_precedent_id)
               RETURNING c.*)
    INSERT INTO ep_parti SELECT * FROM d;
    CREATE TEMP TABLE ep_calc ON COMMIT DROP AS
    SELECT p.* FROM ep_panel p
     WHERE NOT EXISTS (SELECT 1 FROM lecap.effet_plan_panel c
                        WHERE c.campagne = p_campagne AND c.siret = p.siret);
    ANALYZE ep_calc;
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
    -- 40,000, 48 to 58 s per campaign at 10,000 members, issue 20.) Read
    -- whole below, in a grouping: no index, no statistics.
    CREATE TEMP TABLE ep_plan ON COMMIT DROP AS
    WITH objectif AS (
        SELECT p.siret, a.objectif,
               (ARRAY['realisee', 'en_cours', 'a_engager', 'abandonnee'])[coalesce(
                   min(array_position(ARRAY['realisee', 'en_cours', 'a_engager', 'abandonnee'], a.statut))
                       FILTER (WHERE pp.campagne = p_campagne),
                   min(array_position(ARRAY['realisee', 'en_cours', 'a_engager', 'abandonnee'], a.statut))
                       FILTER (WHERE pp.campagne = p_precedente))] AS statut
          FROM ep_calc p
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
    -- The evolution of each member to compare (ep_calc) on every objective,
    -- sub-theme and theme scored at both campaigns, with the objective's
    -- plan status: the member's scores of the two campaigns (n and pr, each
    -- joined to the members on the evaluation), joined per member, level
    -- and code, the member's planned elements joined on the code, then
    -- grouped per member into its row (arrays sorted by level and code).
    -- Then the cells, from the sums kept per region (below).
    -- Before, four statements: the member's scores read through LATERAL (a
    -- bitmap scan per member, 0.2 ms each: one evaluation's scores lie on a
    -- hundred pages, twice as many in lecap aggregate --all, the campaign's
    -- rows deleted in this transaction still indexed), the plan
    -- left-joined (a memoized scan of the member's plan per score: 330,000
    -- code comparisons), a temporary table ep_marque written and analysed,
    -- the status rows joined back to the 'tous' rows. Here each campaign's
    -- scores are read once, hashed on the evaluation, and grouped.
    -- Measured at 2,000 members, lecap aggregate --all (two campaigns with
    -- a previous one, least of 3 runs): 910 ms for those four statements
    -- (ep_marque 714, its ANALYZE 138, the inserts 58), 662 ms for the one
    -- statement that both these make. Kept evolutions (migration 043): a
    -- night with one corrected export compares one member, not the panel.
    -- (Until 7 December 2026 the two campaigns' scores and the plan were
    -- one UNION ALL grouped per member, level and code: a sort of 541,000
    -- rows at 10,000 members; joined, the same rows, 1.57 -> 1.20 s for
    -- one campaign, docs/performance.md.)
    -- No plan of them compares every row with every other: the scores meet
    -- the members, each other and the plan by hash (or merge) joins,
    -- nested loops being off for these statements: on the
    -- statistics of a first night (lecap.score never analysed, estimated at
    -- one row) the planner joined them by nested loop, the panel scanned
    -- again for every score (tests/integration/48-publier-plan.sh). Except
    -- when a few members are compared (at most 32, and a tenth of the
    -- panel: a night with a few corrected exports or plans): nested loops
    -- then read their scores by index, member by member, instead of
    -- hashing every score of both campaigns (90 ms at 2,000 members for
    -- one member); at worst, on a never-analysed lecap.score, each score of
    -- the campaign meets those few members.
    SELECT count(*) INTO v_calc FROM ep_calc;
    v_nestloop := current_setting('enable_nestloop');
    IF v_calc > 32 OR v_calc * 10 > (SELECT count(*) FROM ep_panel) THEN
        PERFORM set_config('enable_nestloop', 'off', true);
    END IF;
    -- n and pr are each planned apart (OFFSET 0: neither flattened into
    -- the query): inlined, the planner may join the two campaigns' scores
    -- on the element alone before each is joined to its members (ep_calc).
    -- It did on a fresh base of 10,000 members, lecap aggregate --all, the
    -- campaign's own scores written in this transaction and absent from
    -- the statistics (estimated at a few rows): billions of pairs, 71 GB of
    -- temporary files in 7 minutes before it was stopped. Apart, the two
    -- are joined on the whole key only, whatever the estimates, and
    -- streamed into the join (materialised, they cost 70 ms more at 2,000
    -- members; docs/performance.md).
    INSERT INTO lecap.effet_plan_panel
    WITH n AS (
        SELECT p.siret, s.niveau, s.code, s.score
          FROM ep_calc p JOIN lecap.score s ON s.campagne = p_campagne AND s.evaluation_id = p.ev_n
         WHERE s.niveau IN ('objectif', 'sous_theme', 'theme') AND s.score IS NOT NULL
        OFFSET 0),
    pr AS (
        SELECT p.siret, s.niveau, s.code, s.score
          FROM ep_calc p JOIN lecap.score s ON s.campagne = p_precedente AND s.evaluation_id = p.ev_p
         WHERE s.niveau IN ('objectif', 'sous_theme', 'theme') AND s.score IS NOT NULL
        OFFSET 0)
    -- One row per member and element scored at both campaigns (an
    -- evaluation has one score per level and code); avec: the element was
    -- in the previous plan, statut its status. ep_plan has one row per
    -- member and code, and a code has one shape per level (code_shape_ok
    -- in src/referentiel/referentiel.c: an objective is never another's
    -- prefix), so the code alone finds the plan's row.
    , m AS (
        SELECT n.siret, n.niveau, n.code, n.score - pr.score AS delta, x.siret IS NOT NULL AS avec, x.statut
          FROM n
          JOIN pr ON pr.siret = n.siret AND pr.niveau = n.niveau AND pr.code = n.code
          LEFT JOIN ep_plan x ON x.siret = n.siret AND x.code = n.code)
    -- Every member compared has its row, its arrays empty when no element
    -- is scored at both campaigns (it is not compared again each night).
    -- A member's rows sorted once, by level and code, into one array
    -- (lecap.effet_plan_ligne, migration 055), each of the five arrays then
    -- read from it in that order, its ordinality.
    SELECT p_campagne, c.siret, c.region, c.ev_n, c.ev_p, c.plan_n, c.plan_p,
           coalesce(ARRAY(SELECT u.niveau FROM unnest(e.r) WITH ORDINALITY u ORDER BY u.ordinality), '{}'),
           coalesce(ARRAY(SELECT u.code FROM unnest(e.r) WITH ORDINALITY u ORDER BY u.ordinality), '{}'),
           coalesce(ARRAY(SELECT u.delta FROM unnest(e.r) WITH ORDINALITY u ORDER BY u.ordinality), '{}'),
           coalesce(ARRAY(SELECT u.avec FROM unnest(e.r) WITH ORDINALITY u ORDER BY u.ordinality), '{}'),
           coalesce(ARRAY(SELECT u.statut FROM unnest(e.r) WITH ORDINALITY u ORDER BY u.ordinality), '{}')
      FROM ep_calc c
      LEFT JOIN (SELECT m.siret,
                        array_agg((m.niveau, m.code, m.delta, m.avec, m.statut)::lecap.effet_plan_ligne
                                  ORDER BY m.niveau, m.code) AS r
                   FROM m GROUP BY m.siret) e ON e.siret = c.siret;
    PERFORM set_config('enable_nestloop', v_nestloop, true);
    -- The cells, from the sums kept per region (lecap.effet_plan_somme,
    -- migration 049), each region's with the keys of the members it sums
    -- (count and sum of hashes, lecap.effet_plan_somme_region). The rows
    -- that left the panel in this transaction (ep_parti) and those just
    -- compared (ep_calc) change them: where the kept keys, those gone taken
    -- away and those compared added, are the keys of the region's panel
    -- now, their contributions are taken away and added (ep_dreg); a region
    -- whose panel changed otherwise (a recomputation from scratch, whose
    -- evaluations went with their panel rows; an erased member's) is
    -- counted again from its whole panel (ep_reg); the others are kept.
    -- (Unnesting every panel member's evolution for every night was
    -- 0.45-0.50 s at 10,000 members; counting again the regions whose panel
    -- changed, 0.33 s of a night with 100 corrected exports, which touches
    -- nearly all of them.)
    DROP TABLE IF EXISTS pg_temp.ep_reg, pg_temp.ep_dreg, pg_temp.ep_chg;
    CREATE TEMP TABLE ep_chg ON COMMIT DROP AS
    SELECT c.*, 1 AS signe
      FROM lecap.effet_plan_panel c JOIN ep_calc k ON k.siret = c.siret
     WHERE c.campagne = p_campagne
    UNION ALL
    SELECT g.*, -1 FROM ep_parti g WHERE g.campagne = p_campagne;
    DELETE FROM ep_parti WHERE campagne = p_campagne;
    CREATE TEMP TABLE ep_reg ON COMMIT DROP AS
    SELECT coalesce(c.region, k.region, d.region) AS region, c.membres, c.cles,
           (c.membres, c.cles) IS NOT DISTINCT FROM
               (nullif(coalesce(k.membres, 0) + coalesce(d.membres, 0), 0),
                CASE WHEN coalesce(k.membres, 0) + coalesce(d.membres, 0) <> 0
                     THEN coalesce(k.cles, 0) + coalesce(d.cles, 0) END) AS par_difference
      FROM (SELECT p.region, count(*)::int AS membres,
                   sum(hash_record_extended((p.siret, p.evaluation_id, p.evaluation_precedente_id,
                                             p.plan_id, p.plan_precedent_id), 0)) AS cles
              FROM lecap.effet_plan_panel p
             WHERE p.campagne = p_campagne
             GROUP BY p.region) c
      FULL JOIN (SELECT r.region, r.membres, r.cles FROM lecap.effet_plan_somme_region r
                  WHERE r.campagne = p_campagne) k ON k.region = c.region
      FULL JOIN (SELECT x.region, sum(x.signe)::int AS membres,
                        sum(x.signe * hash_record_extended((x.siret, x.evaluation_id, x.evaluation_precedente_id,
                                                            x.plan_id, x.plan_precedent_id), 0)) AS cles
                   FROM ep_chg x GROUP BY x.region) d ON d.region = coalesce(c.region, k.region)
     WHERE (c.membres, c.cles) IS DISTINCT FROM (k.membres, k.cles);
    CREATE TEMP TABLE ep_dreg ON COMMIT DROP AS
    SELECT region, membres, cles FROM ep_reg WHERE par_difference;
    DELETE FROM ep_reg WHERE par_difference;
    -- The regions counted again: their rows deleted, then counted below.
    DELETE FROM lecap.effet_plan_somme s USING ep_reg r
     WHERE s.campagne = p_campagne AND s.region = r.region;
    -- The regions changed by difference: each row's difference, rows whose
    -- count falls to zero deleted, the others updated, the rest inserted
    -- (as the aggregation keeps the distribution of the scores).
    DROP TABLE IF EXISTS pg_temp.ep_delta;
    CREATE TEMP TABLE ep_delta ON COMMIT DROP AS
    SELECT x.region, x.niveau, x.code, x.groupe, scale(x.delta)::smallint AS echelle, sum(x.signe)::int AS n,
           sum(x.signe * x.delta) AS somme
      FROM (SELECT p.region, m.niveau, m.code, m.delta, g.groupe, p.signe
              FROM ep_chg p
              JOIN ep_dreg r ON r.region = p.region
             CROSS JOIN LATERAL unnest(p.niveaux, p.codes, p.deltas, p.avec, p.statuts)
                                AS m (niveau, code, delta, avec, statut)
             CROSS JOIN LATERAL (VALUES (CASE WHEN m.avec THEN 'avec' ELSE 'sans' END),
                                        (CASE WHEN m.avec THEN m.statut END)) AS g (groupe)
             WHERE g.groupe IS NOT NULL) x
     GROUP BY x.region, x.niveau, x.code, x.groupe, scale(x.delta)
    HAVING sum(x.signe) <> 0 OR sum(x.signe * x.delta) <> 0;
    PERFORM lecap.difference_appliquer('lecap.effet_plan_somme', 'ep_delta', p_campagne,
                                       ARRAY['region', 'niveau', 'code', 'groupe', 'echelle'], ARRAY['n', 'somme']);
    -- Every changed region's keys: those of its panel now.
    DELETE FROM lecap.effet_plan_somme_region s
     WHERE s.campagne = p_campagne
       AND s.region IN (SELECT region FROM ep_reg UNION ALL SELECT region FROM ep_dreg);
    INSERT INTO lecap.effet_plan_somme_region
    SELECT p_campagne, r.region, r.membres, r.cles
      FROM (SELECT region, membres, cles FROM ep_reg UNION ALL SELECT region, membres, cles FROM ep_dreg) r
     WHERE r.membres IS NOT NULL;
    -- The regions counted again: each member's element counts in its group
    -- avec or sans and, for an objective in the plan with a status, in that
    -- status's group.
    INSERT INTO lecap.effet_plan_somme
    SELECT p_campagne, x.region, x.niveau, x.code, x.groupe, scale(x.delta), count(*), sum(x.delta)
      FROM (SELECT p.region, m.niveau, m.code, m.delta, g.groupe
              FROM ep_reg r
              JOIN lecap.effet_plan_panel p ON p.campagne = p_campagne AND p.region = r.region
             CROSS JOIN LATERAL unnest(p.niveaux, p.codes, p.deltas, p.avec, p.statuts)
                                AS m (niveau, code, delta, avec, statut)
             CROSS JOIN LATERAL (VALUES (CASE WHEN m.avec THEN 'avec' ELSE 'sans' END),
                                        (CASE WHEN m.avec THEN m.statut END)) AS g (groupe)
             WHERE g.groupe IS NOT NULL) x
     GROUP BY x.region, x.niveau, x.code, x.groupe, scale(x.delta);
    -- Per region, element and group (g), and for the network (the
    -- regions' sums added up), one count and one mean: the sum over the
    -- count, as avg() computes it. Each region and element (k) gets its
    -- 'tous' row (the group avec) and, for an objective, one row per
    -- status, each beside the group sans.
    INSERT INTO lecap.effet_plan
    WITH g AS (
        SELECT coalesce(x.region, 'FR') AS region, x.niveau, x.code, x.groupe, sum(x.n) AS n,
               sum(x.somme) / sum(x.n)::numeric AS e
          FROM lecap.effet_plan_somme x
         WHERE x.campagne = p_campagne
         GROUP BY GROUPING SETS ((x.region, x.niveau, x.code, x.groupe), (x.niveau, x.code, x.groupe))),
    k AS (SELECT DISTINCT g.region, g.niveau, g.code FROM g)
    SELECT p_campagne, p_precedente, k.region, k.niveau, k.code, s.statut,
           coalesce(a.n, 0), a.e, coalesce(z.n, 0), z.e
      FROM k
     CROSS JOIN (VALUES ('tous', 'avec'), ('realisee', 'realisee'), ('en_cours', 'en_cours'),
                        ('a_engager', 'a_engager'), ('abandonnee', 'abandonnee')) AS s (statut, groupe)
      LEFT JOIN g a ON a.region = k.region AND a.niveau = k.niveau AND a.code = k.code AND a.groupe = s.groupe
      LEFT JOIN g z ON z.region = k.region AND z.niveau = k.niveau AND z.code = k.code AND z.groupe = 'sans'
     WHERE s.statut = 'tous' OR k.niveau = 'objectif';
    SELECT count(*) INTO v_rows FROM lecap.effet_plan WHERE campagne = p_campagne;
    DROP TABLE pg_temp.ep_panel, pg_temp.ep_calc, pg_temp.ep_plan, pg_temp.ep_reg, pg_temp.ep_dreg, pg_temp.ep_chg,
        pg_temp.ep_delta;
    RETURN v_rows;
END
$$;
COMMENT ON FUNCTION lecap.effet_plan_calculer(int, int) IS 'Calcule les cellules de l''effet des plans de progrès d''une campagne (lecap.effet_plan), comparée à la campagne précédente ; appelée par la fonction publier, qui en décide le secret';
REVOKE EXECUTE ON FUNCTION lecap.effet_plan_calculer(int, int) FROM PUBLIC;

-- lecap.agreger(): recomputes every result of one campaign, in the caller's
-- transaction (lecap aggregate runs one transaction per campaign).
--
-- It was first written in sql/004_agregats.sql (kept as the reference of
-- tests/integration/43-agregats-equivalence.sh: tests/agregats/agreger_004.sql),
-- then rewritten for speed (migration 012), same results.
--
-- Issue 6 asks that a 10,000-enterprise network over 3 campaigns aggregate
-- in no more time than its ingest, with a cost linear in the evaluations.
-- The version of 004_agregats.sql took 120 s there (82 s of server CPU),
-- against 82 s of ingest (docs/performance.md, « Agrégation »). What
-- changes, statement by statement (the tables, views and rules do not):
--
-- * The pass over the answers reads the campaign's answers only, evaluation
--   by evaluation, through the primary key of lecap.reponse, whose first
--   column is evaluation_id (a LATERAL subquery per evaluation, kept a
--   parameterised index scan by OFFSET 0). The 004 version joined the whole
--   table to the campaign's evaluations: depending on the statistics, a
--   sequential scan of every campaign's answers (3 times for --all), and
--   one hash table for the whole campaign (tens of megabytes at 2,000
--   enterprises, five times more at 10,000, far out of the processor's
--   caches). Here each evaluation's cells are grouped in small hash tables
--   of their own: the cost per evaluation does not depend on the size of
--   the network or of the history.
--   (Since 7 December 2026 lecap itself makes that pass, in C, between
--   agreger_preparer, which now makes t_eval, t_elem, t_cid and t_resp,
--   and this function: src/aggregate/cellules.c reads the new evaluations'
--   notes through a cursor and copies their cells into t_cell; 750 -> 290
--   ms a campaign at 2,000 members, docs/performance.md. Since the same
--   day it also writes the rows that follow from those sums alone: the
--   colleges' scores, the divergence between colleges, the diverging
--   viewpoints and the consensus of each new evaluation, which this
--   function grouped from t_cell. Since the same day again it computes
--   the new evaluations' scores level by level too, into t_score, which
--   four grouped INSERT made here from t_cell; t_cell is gone.)
-- * The consensus row is told by its number (t_eval.cons) instead of a
--   text comparison of its college per cell; the college of each cell comes
--   from the evaluation's few respondents (t_resp), hashed per evaluation.
--   The grouping gives each indicator's score directly (no second pass and
--   full join to build t_ind) and one row per
--   college and sub-theme (the college scores no longer regroup per cell).
-- * The network aggregates (lecap.agregat) are grouped on integer keys
--   (region, structure type, and (niveau, code) numbered in t_eval and
--   t_elem), the names joined back afterwards: the sorts that the
--   percentiles need compare integers instead of texts.
-- * Several campaigns at once: lecap aggregate --all computes the campaigns
--   on up to three connections in turn (src/aggregate/aggregate.c), each in its own
--   transaction. The only result a campaign reads from another is the
--   previous campaign's lecap.agregat (evolution): it is now written last,
--   from t_agr, after waiting for the previous campaign's lock (taken by
--   every call, released at its commit). The run lock is this lecap's when
--   lecap.pid_verrou names the backend that holds it.
-- * JIT off: at 10,000 enterprises most statements passed the planner's
--   JIT thresholds and paid compilation for little in return; fewer ANALYZE
--   of temporary tables (none of the score levels).
--
-- Results are the same rows, value for value and digit for digit
-- (tests/integration/43-agregats-equivalence.sh runs both versions on the
-- same data and compares every result table), with one nuance:
-- lecap.agregat's minimum and maximum are stored without trailing zeros
-- (since 7 December 2026). min() and max() return whichever of several
-- equal scores the grouping meets first, and 3 (a consensus note) and
-- 3.0000000000000000 (a mean of notes) are equal but do not print alike;
-- which one came first depended on the plan and on the order of the rows,
-- hence on the history of the tables (the 004 version's too: test 43
-- compares them as values; test 39, incremental against full, as text).
--
-- Incremental (issue 20, item 2). An evaluation's own results — its row of
-- lecap.resultat_evaluation, its rows of lecap.score, lecap.score_college,
-- lecap.divergence, lecap.consensus_evaluation and lecap.divergence_colleges: the per-evaluation scores —
-- and the digest of some of them in lecap.empreinte_evaluation — depend on its answers,
-- respondents and grid only, and an evaluation never changes in place: a
-- corrected export deletes it and loads a new one (new id), a withdrawal or
-- an erasure deletes it. So the scores of an evaluation that already has its
-- lecap.resultat_evaluation row are kept; only the evaluations without one
-- (new, or replacing another) go through the pass over the answers; the rows
-- of evaluations gone (t_gone: found through their digests and their
-- lecap.resultat_evaluation rows) are deleted. The campaign's aggregates are then
-- recomputed from the stored scores: those of lecap.agregat,
-- lecap.agregat_college and lecap.divergence_agregat for the network ('FR')
-- and for the regions touched only — a region with an evaluation new,
-- replaced, gone, or whose completeness changed (t_touch) — the other
-- regions' rows kept; every region when nothing is kept, or when the kept
-- rows were computed with other thresholds, another previous campaign, or
-- before that campaign's aggregates (the evolution) were last recomputed.
-- The network's median and quartiles come from the distribution of the
-- campaign's scores (lecap.repartition_score, migration 045), kept by adding
-- the new evaluations' scores and taking away those of the evaluations gone;
-- a recomputation from scratch counts it from the scores and keeps it (test
-- 39 compares both paths, and the kept distribution with a count from the
-- scores; test 43 the medians with percentile_cont() over the scores).
-- A night with one corrected export recomputes one region and the network:
-- lecap.agreger at 2,000 members 1.17-1.24 s -> 0.63-0.69 s (six runs of
-- each, alternated; docs/performance.md).
-- Only the elements whose distribution changed get new network rows (the
-- others' are kept), and the colleges' rows, the regions' and the network's,
-- come from sums kept the same way per region (lecap.somme_college,
-- migrations 046 and 051; each kept table of sums takes its difference
-- through lecap.difference_appliquer). The demand for the offers follows
-- the evaluations that came and went the same way (counted again for the
-- touched regions only when the kept rows cannot serve), and the places of
-- the plans (lecap.plan_region) are written by difference.
-- When only notes changed (no completeness, no erased member), the touched
-- regions' aggregates are recomputed for the elements whose scores changed
-- in the region only (t_rcode). The colleges' respondents are counted
-- again for the regions whose evaluations came or went (the network's:
-- their sum). The follow-up of the plans stays campaign-wide, but is kept
-- as it is while the plans, their members and regions do not change
-- (lecap.calcul_entree, migration 050), and so does the secrecy decision,
-- taken after it by the publication (publier.sql). Only
-- completeness depends on a parameter (completude_min): the kept rows'
-- « complete » is set again from their stored completude. lecap aggregate
-- --all and --campagne recompute from scratch: agreger_preparer then
-- takes every evaluation for new (t_depuis_zero, src/aggregate/aggregate.c),
-- and the lecap.resultat_evaluation rows of those whose rows are not kept
-- in place are deleted here (see below). tests/integration/39-agregats-increment.sh
-- compares the incremental path with a full recomputation after random
-- sequences of new, replaced and withdrawn exports.
--
-- Only lecap aggregate runs it: EXECUTE is revoked from PUBLIC (below).

CREATE FUNCTION lecap.agreger(p_campagne int, p_completude_min numeric, p_seuil_secret int)
RETURNS TABLE (evaluations int, completes int, agregats int, recalculees int, gardees int)
LANGUAGE plpgsql AS $$
DECLARE
    v_prec int := lecap.campagne_precedente(p_campagne);
    v_fichier bigint;
    v_eval int;
    v_comp int;
    v_agr int;
    v_new int;
    v_gardees int;
    v_changees int;
    v_full boolean;
    v_nouvelles boolean;
    v_lecap boolean;
    v_lecap_scores bigint;
    v_scores bigint;
    v_redistribuer boolean := true;
    v_repartition_ecrite boolean := true;
    v_rep_tout boolean := false;
    v_partiel boolean := false;
    v_merge text;
    v_nestloop text;
    v_lignes int;
    v_somme numeric;
    v_parametres text;
    v_region text;
    v_offre text;
    v_n_ent bigint;
    v_n_obj bigint;
BEGIN
    IF p_completude_min IS NULL OR p_completude_min < 0 OR p_completude_min > 1 THEN
        RAISE EXCEPTION 'completude_min doit être entre 0 et 1 (reçu %)', p_completude_min;
    END IF;
    IF p_seuil_secret IS NULL OR p_seuil_secret < 1 THEN
        RAISE EXCEPTION 'seuil_secret doit être un entier positif (reçu %)', p_seuil_secret;
    END IF;
    -- The campaign's evaluations, its grid, the new evaluations' respondents
    -- (t_eval, t_elem, t_cid, t_resp) and their scores (t_score) are ready:
    -- agreger_preparer made them in this transaction, with the locks, and
    -- lecap filled t_score (src/aggregate/cellules.c, scores.c).
    -- t_calcul, dropped at the commit, is there only in the transaction
    -- that prepared (its locks are still held); its file, the last one
    -- integrated when the preparation began, is never NULL.
    IF to_regclass('pg_temp.t_calcul') IS NOT NULL THEN
        SELECT c.fichier INTO v_fichier FROM t_calcul c WHERE c.campagne = p_campagne;
    END IF;
    IF v_fichier IS NULL THEN
        RAISE EXCEPTION 'agrégation de la campagne % non préparée dans cette transaction', p_campagne
              USING HINT = 'lecap aggregate prépare la campagne (agreger_preparer) et calcule les cellules de ses réponses avant de l''agréger';
    END IF;
    DROP TABLE IF EXISTS pg_temp.t_parti, pg_temp.t_moins, pg_temp.t_delta, pg_temp.t_delta_r, pg_temp.t_delta_college, pg_temp.t_gcode, pg_temp.t_rcode, pg_temp.t_touch, pg_temp.t_rtouch, pg_temp.t_rep;

    -- The per-evaluation results kept: those of the evaluations that still
    -- have their lecap.resultat_evaluation row (see the top of this file).
    -- The rows of every other evaluation of the campaign (gone, or to be
    -- computed below) are deleted; all of them when none is kept.
    SELECT count(*) FILTER (WHERE nouvelle) INTO v_new FROM t_eval;
    -- The regions touched since the last aggregation (see the top of this
    -- file): those of the new evaluations, of the evaluations gone (their
    -- old rows, deleted below, name them) and of those whose completeness
    -- changed. Every region (v_full) when nothing is kept, or when what the
    -- kept aggregates were computed with changed: the thresholds, the
    -- previous campaign, or that campaign's aggregates (the evolution), when
    -- recomputed after this one's.
    CREATE TEMP TABLE t_touch (region text COLLATE "C" PRIMARY KEY) ON COMMIT DROP;
    INSERT INTO t_touch SELECT DISTINCT region FROM t_eval WHERE nouvelle;
    -- Every evaluation new (lecap aggregate --all, --campagne, a first
    -- aggregation): the campaign's scores are those of t_score, which the
    -- regions' aggregates and the distribution of the scores below read
    -- instead of lecap.score: neither the index scan nor the joins that
    -- pick the touched regions' elements (every one is), and no plan made
    -- on statistics that do not know the campaign yet (its first night,
    -- the earlier campaigns analysed: the distribution's count took 0.33
    -- s instead of 0.11 at 2,000 members; docs/performance.md).
    v_nouvelles := NOT EXISTS (SELECT 1 FROM t_eval WHERE NOT nouvelle);
    v_full := v_nouvelles
        OR NOT EXISTS (SELECT 1 FROM lecap.agregat_campagne a
                        WHERE a.campagne = p_campagne AND a.seuil_secret = p_seuil_secret
                          AND a.completude_min = p_completude_min
                          AND a.campagne_precedente IS NOT DISTINCT FROM v_prec
                          AND (v_prec IS NULL
                               OR a.calcule_le > (SELECT p.calcule_le FROM lecap.agregat_campagne p
                                                   WHERE p.campagne = v_prec)));
    -- From scratch: the results kept while their inputs do not change
    -- (lecap.calcul_entree, migration 050) are computed again.
    IF v_full THEN
        DELETE FROM lecap.calcul_entree WHERE campagne = p_campagne;
    END IF;
    -- (t_empreinte analysed: without statistics, each of the NOT EXISTS
    -- that read it was a nested loop over it, 0.73 s at 10,000 members.)
    ANALYZE t_empreinte;
    IF NOT EXISTS (SELECT 1 FROM t_eval WHERE NOT nouvelle) THEN
        -- Every evaluation new: their lecap.resultat_evaluation rows go,
        -- but those of the evaluations whose rows are kept in place (a
        -- recomputation from scratch: t_empreinte.garde), which stay with
        -- the digests of their quarters and their evolutions in the effect
        -- of plans, which the deletion takes by cascade (their scores are
        -- the same; see src/aggregate/aggregate.c forget_scores). Their
        -- row is set again below where it differs from what is computed.
        DELETE FROM lecap.resultat_evaluation r
         WHERE r.campagne = p_campagne
           AND NOT EXISTS (SELECT 1 FROM t_empreinte x WHERE x.evaluation_id = r.evaluation_id AND x.garde);
        -- The campaign's rows of lecap.score are replaced below, once the
        -- new ones are computed, where they changed (t_stocke, t_empreinte).
        DELETE FROM lecap.empreinte_evaluation WHERE campagne = p_campagne;
    ELSE
        -- The evaluations whose rows go (t_gone) were found by
        -- agreger_preparer, which says how and deleted their rows of the
        -- tables lecap writes (lecap.score_college, lecap.divergence_colleges,
        -- lecap.divergence, lecap.consensus_evaluation); their other rows go
        -- here, each table through its (campagne, evaluation_id) index.
        -- The erased members' evaluations name their regions by their rows
        -- of lecap.score (their lecap.resultat_evaluation row is gone). What
        -- is deleted is kept until the end for the distribution of the
        -- scores (lecap.repartition_score, below): the scores of the
        -- evaluations gone, their type and completeness.
        -- The effect of the plans is told which evaluations go before their
        -- foreign key takes its panel rows with them.
        PERFORM lecap.effet_plan_retirer(ARRAY(SELECT id FROM t_gone));
        CREATE TEMP TABLE t_parti ON COMMIT DROP AS
        SELECT evaluation_id, region, type_structure, complete, version_referentiel
          FROM lecap.resultat_evaluation WITH NO DATA;
        WITH d AS (DELETE FROM lecap.resultat_evaluation r USING t_gone g
                    WHERE r.campagne = p_campagne AND r.evaluation_id = g.id
                   RETURNING r.evaluation_id, r.region, r.type_structure, r.complete, r.version_referentiel)
        INSERT INTO t_parti SELECT * FROM d;
        INSERT INTO t_touch SELECT DISTINCT region FROM t_parti ON CONFLICT DO NOTHING;
        CREATE TEMP TABLE t_moins ON COMMIT DROP AS
        SELECT evaluation_id, region, niveau, code, score, n_atteints, n_objectifs, atteint
          FROM lecap.score WITH NO DATA;
        WITH d AS (DELETE FROM lecap.score r USING t_gone g
                    WHERE r.campagne = p_campagne AND r.evaluation_id = g.id
                   RETURNING r.evaluation_id, r.region, r.niveau, r.code, r.score, r.n_atteints, r.n_objectifs,
                             r.atteint)
        INSERT INTO t_moins SELECT * FROM d;
        INSERT INTO t_touch SELECT DISTINCT region FROM t_moins ON CONFLICT DO NOTHING;
        -- The colleges' scores deleted are kept too (t_moins_college, by
        -- agreger_preparer), for their sums (lecap.somme_college, below).
        -- Scores whose evaluation's type and completeness are unknown (an
        -- erased member's): the distribution and the sums are counted again.
        v_redistribuer := EXISTS (SELECT 1 FROM t_moins m
                                   WHERE NOT EXISTS (SELECT 1 FROM t_parti p
                                                      WHERE p.evaluation_id = m.evaluation_id))
                       OR EXISTS (SELECT 1 FROM t_moins_college m
                                   WHERE NOT EXISTS (SELECT 1 FROM t_parti p
                                                      WHERE p.evaluation_id = m.evaluation_id));
        DELETE FROM lecap.empreinte_evaluation r USING t_gone g
         WHERE r.campagne = p_campagne AND r.evaluation_id = g.id;
    END IF;

    -- The new evaluations' respondents and their college (the pass over
    -- the answers reads them); per evaluation and college, how many
    -- (consensus apart, below), for the evaluations of the regions whose
    -- evaluations came or went (t_rtouch, all of them when nothing is kept
    -- or when an evaluation gone names no region): the regions' counts of
    -- respondents (lecap.repondants_college) are counted again for those
    -- regions only, the network's being their sum. (The campaign's 70,000
    -- respondents at 10,000 members were read and grouped every night:
    -- 0.15 s of a night with one corrected export.)
    CREATE TEMP TABLE t_rtouch ON COMMIT DROP AS SELECT region FROM t_touch;
    IF NOT v_full THEN
        -- (t_gone exists when an evaluation is kept, which v_full false implies)
        v_rep_tout := EXISTS (SELECT 1 FROM t_gone g
                               WHERE NOT EXISTS (SELECT 1 FROM t_parti p WHERE p.evaluation_id = g.id)
                                 AND NOT EXISTS (SELECT 1 FROM t_moins m WHERE m.evaluation_id = g.id)
                                 AND NOT EXISTS (SELECT 1 FROM t_eval e WHERE e.id = g.id));
    END IF;
    IF v_full OR v_rep_tout THEN
        INSERT INTO t_rtouch SELECT region FROM t_eval
         UNION SELECT region FROM lecap.repondants_college WHERE campagne = p_campagne AND region <> 'FR'
        EXCEPT SELECT region FROM t_rtouch;
    END IF;
    ANALYZE t_rtouch;
    CREATE TEMP TABLE t_rep ON COMMIT DROP AS
    SELECT p.evaluation_id, p.college COLLATE "C" AS college, count(*)::int AS n
      FROM t_eval e
      JOIN lecap.repondant p ON p.evaluation_id = e.id
     WHERE e.region IN (SELECT region FROM t_rtouch)
     GROUP BY 1, 2;
    ANALYZE t_rep;

    -- The new evaluations' scores (t_score), level by level: score NULL
    -- means NC, no row means missing. An indicator's, the consensus note
    -- when the consensus row answers it (NC there is NC), else the mean of
    -- the individual notes (NC excluded; NULL when every given answer is
    -- NC). An objective's, the mean of its indicators' scores weighted by
    -- their poids, NC and missing excluded, reached (atteint) when score ≥
    -- cible; a sub-theme's, then a theme's, the weighted mean of the level
    -- below, the counts of scored and reached objectives added up.
    -- lecap computes them from the notes (src/aggregate/cellules.c and
    -- scores.c, with PostgreSQL's numeric arithmetic to the digit,
    -- src/base/decimal.c), between agreger_preparer and this function:
    -- they were a LATERAL pass over the answers here, unnested and grouped
    -- three ways per evaluation, about 1 µs per cell (2,000 members: 750
    -- ms a campaign), then four grouped INSERT from the cells that lecap
    -- copied (0.25 s a campaign at 2,000 members; docs/performance.md).
    -- The same pass gives the new evaluations' colleges' scores, the
    -- divergence between their colleges, their diverging viewpoints and
    -- their consensus against the individual views, which lecap writes
    -- into lecap.score_college, lecap.divergence_colleges, lecap.divergence
    -- and lecap.consensus_evaluation (grouped here from the cells, each
    -- college's per sub-theme and objective among them: about 1 s a
    -- campaign at 2,000 members, issue 20).

    -- Completeness: share of the grid's indicators with a score or NC (the
    -- new evaluations, their t_score rows of indicators counted by lecap in
    -- t_empreinte; the kept ones against today's completude_min).
    -- A completeness changed: its region is touched, and the distribution
    -- of the scores is counted again (below).
    WITH u AS (UPDATE lecap.resultat_evaluation SET complete = completude >= p_completude_min
                WHERE campagne = p_campagne AND complete IS DISTINCT FROM (completude >= p_completude_min)
                RETURNING region),
         t AS (INSERT INTO t_touch SELECT DISTINCT region FROM u ON CONFLICT DO NOTHING)
    SELECT count(*) INTO v_changees FROM u;
    v_redistribuer := v_redistribuer OR v_changees > 0;
    -- The new evaluations' rows: inserted, or, for an evaluation kept in
    -- place whose row stayed (above), set again where it differs (an
    -- edit by hand; nothing else can change it: its answers, respondents
    -- and grid are those of its rows, the completeness was set above).
    WITH n AS (
        SELECT e.id AS evaluation_id, p_campagne AS campagne, e.siret, e.raison_sociale, e.region,
               e.type_structure, e.version AS version_referentiel,
               coalesce(rp.n, 0) AS n_repondants, coalesce(rp.consensus, false) AS consensus,
               g.n AS n_indicateurs, coalesce(s.n, 0) AS n_renseignes,
               coalesce(s.n, 0)::numeric / g.n AS completude,
               coalesce(s.n, 0)::numeric / g.n >= p_completude_min AS complete
          FROM t_eval e
          JOIN (SELECT version, count(*)::int AS n FROM t_elem
                 WHERE niveau = 'indicateur' GROUP BY version) g ON g.version = e.version
          LEFT JOIN (SELECT evaluation_id, indicateurs AS n FROM t_empreinte) s ON s.evaluation_id = e.id
          LEFT JOIN (SELECT evaluation_id, sum(n) FILTER (WHERE college <> 'consensus')::int AS n,
                            bool_or(college = 'consensus') AS consensus
                       FROM t_rep GROUP BY 1) rp ON rp.evaluation_id = e.id
         WHERE e.nouvelle),
    u AS (
        UPDATE lecap.resultat_evaluation r
           SET campagne = n.campagne, siret = n.siret, raison_sociale = n.raison_sociale, region = n.region,
               type_structure = n.type_structure, version_referentiel = n.version_referentiel,
               n_repondants = n.n_repondants, consensus = n.consensus, n_indicateurs = n.n_indicateurs,
               n_renseignes = n.n_renseignes, completude = n.completude, complete = n.complete
          FROM n
         WHERE r.evaluation_id = n.evaluation_id AND r::text IS DISTINCT FROM n::text)
    INSERT INTO lecap.resultat_evaluation
    SELECT n.* FROM n
     WHERE NOT EXISTS (SELECT 1 FROM lecap.resultat_evaluation r WHERE r.evaluation_id = n.evaluation_id);
    -- The completeness of the new evaluations, and of every one when a
    -- completeness changed; analysed again when that may move the
    -- statistics (a night's few new evaluations do not: the whole table
    -- rewritten and analysed again was 35-40 ms at 10,000 members).
    UPDATE t_eval e SET complete = r.complete
      FROM lecap.resultat_evaluation r
     WHERE (e.nouvelle OR v_changees > 0) AND r.evaluation_id = e.id AND e.complete IS DISTINCT FROM r.complete;
    IF v_changees > 0 OR v_new * 10 > (SELECT count(*) FROM t_eval) THEN
        ANALYZE t_eval (id, region, type_structure, version, complete, nouvelle, cons, rid, tid);
    END IF;
    SELECT count(*), count(*) FILTER (WHERE complete) INTO v_eval, v_comp FROM t_eval;

    -- The scores. When every score of the campaign is computed again (none
    -- kept: lecap aggregate --all, --campagne, a first aggregation), an
    -- evaluation whose rows are stored as they were written (t_stocke,
    -- agreger_preparer) keeps them in place when lecap computed the same
    -- rows (t_empreinte.garde: the digests of their text equal); the
    -- stored rows of the others go, in lecap.score here (lecap deleted
    -- those of the four tables it writes before writing the new ones, and
    -- agreger_preparer the rows stored otherwise than written), and in
    -- every table for an evaluation left without rows. The new evaluations'
    -- rows are then written, those kept apart. The same rows as a DELETE of
    -- the campaign then an INSERT of every row, written only where they
    -- differ. (At 10,000 members, one campaign recomputed: the DELETE and
    -- the INSERT of 698,000 rows took 0.25 + 1.81 s on a fresh table,
    -- 2.45-3.13 s once recomputed a few times, most of it the index; a
    -- hashed full join of the stored rows with the new ones, then the
    -- writes of what differs, 0.82-1.11 s; docs/performance.md.)
    DELETE FROM lecap.score r USING t_stocke s
     WHERE r.campagne = p_campagne AND r.evaluation_id = s.evaluation_id
       AND NOT EXISTS (SELECT 1 FROM t_empreinte x WHERE x.evaluation_id = s.evaluation_id AND x.garde);
    PERFORM lecap.lignes_propres_effacer(p_campagne, ARRAY(
        SELECT s.evaluation_id FROM t_stocke s
         WHERE s.lignes + s.lignes_autres > 0
           AND NOT EXISTS (SELECT 1 FROM t_empreinte x WHERE x.evaluation_id = s.evaluation_id)));
    -- (An evaluation with t_score rows has its t_empreinte row, lignes
    -- counting them: when every such row is kept, there is nothing to
    -- insert, and t_score is not read for it: 0.10 s at 10,000 members.)
    IF EXISTS (SELECT 1 FROM t_empreinte WHERE NOT garde AND lignes > 0) THEN
        INSERT INTO lecap.score
        SELECT p_campagne, s.evaluation_id, e.region, s.niveau, s.code, s.score, s.atteint,
               s.n_objectifs, s.n_atteints
          FROM t_score s JOIN t_eval e ON e.id = s.evaluation_id
         WHERE NOT EXISTS (SELECT 1 FROM t_empreinte x WHERE x.evaluation_id = s.evaluation_id AND x.garde);
    END IF;
    -- t_score holds the scores of the evaluations whose rows are not kept
    -- only (lecap leaves out those it keeps in place: at 10,000 members,
    -- one campaign recomputed copied its 698,000 rows into t_score for
    -- nothing, 0.59 s, when lecap counts the distribution and the demand
    -- for the offers). When lecap has left them to SQL (none in
    -- t_repartition), the kept evaluations' scores are read back from
    -- lecap.score: what follows groups t_score.
    IF NOT EXISTS (SELECT 1 FROM t_repartition) AND EXISTS (SELECT 1 FROM t_empreinte WHERE garde) THEN
        INSERT INTO t_score
        SELECT s.evaluation_id, s.niveau, s.code, s.score, s.atteint, s.n_objectifs, s.n_atteints, c.cid
          FROM lecap.score s
          JOIN t_empreinte x ON x.evaluation_id = s.evaluation_id AND x.garde
          LEFT JOIN t_cid c ON c.niveau = s.niveau AND c.code = s.code
         WHERE s.campagne = p_campagne;
    END IF;
    -- A college's score: the mean of its respondents' notes (NC excluded)
    -- over the indicators of a sub-theme, or of a theme, with the count of
    -- its respondents: written by lecap for the new evaluations
    -- (src/aggregate/cellules.c, after agreger_preparer), the quotient
    -- printed as numeric division prints it (src/base/quotient.c).

    -- Network aggregates over complete evaluations: per region and type,
    -- per type, per region, for the network; evolution against the same
    -- key in the previous campaign (below). Grouped on integer keys (sorting
    -- them is cheaper than sorting the texts they stand for) into t_g, the
    -- names put back in t_agr. The regions' for the regions touched only
    -- (t_touch, every region when v_full), their evaluations' scores read by
    -- index (a night with one corrected export: one region's, 60,000 of
    -- 670,000 rows at 10,000 members, where the whole campaign's were read
    -- and kept in a materialised CTE; the statement 1.48 -> 1.25 s, timed by
    -- auto_explain; issue 20).
    IF v_full THEN
        INSERT INTO t_touch SELECT DISTINCT region FROM t_eval ON CONFLICT DO NOTHING;
    END IF;
    ANALYZE t_touch;
    DROP TABLE IF EXISTS pg_temp.t_g, pg_temp.t_agr;
    -- The elements whose network aggregates ('FR') are recomputed when not
    -- all of them are (v_partiel, below).
    CREATE TEMP TABLE t_gcode (niveau text COLLATE "C", code text COLLATE "C", PRIMARY KEY (niveau, code))
        ON COMMIT DROP;
    -- The aggregates whose inputs changed, per region and element (t_rcode).
    -- The difference between the new evaluations' scores and those of the
    -- evaluations gone, per region, structure type, element and score
    -- (v_partiel: when nothing else changed what the kept aggregates were
    -- computed from, nor a completeness, and the distribution of the scores
    -- below is kept): only the elements with a non-zero difference get new
    -- aggregates in their region, the others' rows are kept (an aggregate
    -- is a function of its scores' multiset: count, sum, order, extremes,
    -- and of the sums of the objectives). A corrected export with one note
    -- changed: its indicator, objective, sub-theme and theme in its region,
    -- where the region's 900 elements and types were recomputed from its
    -- 60,000 scores (0.13-0.16 s at 10,000 members). Otherwise every
    -- element of the touched regions.
    v_partiel := NOT v_full AND NOT v_redistribuer
                 -- (read by its index: an EXISTS became a sequential scan
                 -- that crossed the earlier campaigns' rows first, 15 ms)
                 AND (SELECT r.campagne FROM lecap.repartition_score r WHERE r.campagne = p_campagne
                       ORDER BY r.campagne, r.type_structure LIMIT 1) IS NOT NULL;
    CREATE TEMP TABLE t_rcode (region text COLLATE "C", cid int, PRIMARY KEY (region, cid)) ON COMMIT DROP;
    IF v_partiel THEN
        CREATE TEMP TABLE t_delta_r ON COMMIT DROP AS
        SELECT x.region, x.type_structure, x.niveau, x.code, x.score, scale(x.score)::smallint AS echelle,
               sum(x.signe)::int AS n, sum(x.signe * x.n_atteints) AS n_atteints,
               sum(x.signe * x.n_objectifs) AS n_objectifs
          FROM (SELECT e.region, e.type_structure, s.niveau, s.code, s.score, 1 AS signe, s.n_atteints,
                       s.n_objectifs
                  FROM t_score s JOIN t_eval e ON e.id = s.evaluation_id
                 WHERE e.nouvelle AND e.complete AND s.score IS NOT NULL
                UNION ALL
                SELECT p.region, p.type_structure, m.niveau, m.code, m.score, -1, m.n_atteints, m.n_objectifs
                  FROM t_moins m JOIN t_parti p ON p.evaluation_id = m.evaluation_id
                 WHERE p.complete AND m.score IS NOT NULL) x
         GROUP BY x.region, x.type_structure, x.niveau, x.code, x.score, scale(x.score)
        HAVING sum(x.signe) <> 0 OR coalesce(sum(x.signe * x.n_atteints), 0) <> 0
            OR coalesce(sum(x.signe * x.n_objectifs), 0) <> 0;
        INSERT INTO t_rcode
        SELECT DISTINCT d.region, c.cid FROM t_delta_r d JOIN t_cid c ON c.niveau = d.niveau AND c.code = d.code;
    ELSE
        INSERT INTO t_rcode SELECT t.region, c.cid FROM t_touch t CROSS JOIN t_cid c;
    END IF;
    ANALYZE t_rcode;
    -- When every evaluation is new, lecap has counted the distribution of
    -- the complete evaluations' scores as it computed them
    -- (src/aggregate/repartition.c) and written t_g's rows, the regions'
    -- and the network's, into t_gc, and the network's distribution into
    -- t_rc, each number the text this function's statements give (avg(),
    -- percentile_cont() over float8 rounded to 10 places, the quotient of
    -- the sums): they are read instead of grouping t_score (at 2,000
    -- members, the regions' grouping was 0.21 s a campaign, the network's
    -- distribution 0.15 s and its percentiles 0.2 s). lecap counted the
    -- scores of the evaluations it found complete: the same as here, or
    -- the aggregation fails.
    v_lecap := v_nouvelles AND EXISTS (SELECT 1 FROM t_repartition);
    IF v_lecap THEN
        SELECT r.scores, (SELECT coalesce(sum(x.scores), 0) FROM t_empreinte x JOIN t_eval e ON e.id = x.evaluation_id
                           WHERE e.complete)
          INTO v_lecap_scores, v_scores
          FROM t_repartition r;
        IF v_lecap_scores <> v_scores THEN
            RAISE EXCEPTION 'répartition des scores de la campagne % : % score(s) comptés par lecap, % pour les évaluations complètes',
                p_campagne, v_lecap_scores, v_scores;
        END IF;
        ALTER TABLE t_gc RENAME TO t_g;
    ELSE
        CREATE TEMP TABLE t_g ON COMMIT DROP AS
        SELECT b.rid, b.tid, b.cid, count(*)::int AS n, avg(b.score) AS moyenne,
               round(percentile_cont(0.5) WITHIN GROUP (ORDER BY b.score::float8)::numeric, 10) AS mediane,
               round(percentile_cont(0.25) WITHIN GROUP (ORDER BY b.score::float8)::numeric, 10) AS q1,
               round(percentile_cont(0.75) WITHIN GROUP (ORDER BY b.score::float8)::numeric, 10) AS q3,
               min(b.score) AS minimum, max(b.score) AS maximum,
               sum(b.n_atteints)::numeric / nullif(sum(b.n_objectifs), 0) AS part
          FROM (SELECT e.rid, e.tid, s.cid, s.score, s.n_atteints, s.n_objectifs
                  FROM t_eval e JOIN t_score s ON s.evaluation_id = e.id
                 WHERE v_nouvelles AND s.score IS NOT NULL AND s.cid IS NOT NULL AND e.complete
                UNION ALL
                SELECT e.rid, e.tid, c.cid, s.score, s.n_atteints, s.n_objectifs
                  FROM t_eval e
                  JOIN (SELECT DISTINCT region FROM t_rcode) t ON t.region = e.region
                  JOIN lecap.score s ON s.campagne = p_campagne AND s.evaluation_id = e.id
                  JOIN t_cid c ON c.niveau = s.niveau AND c.code = s.code
                  JOIN t_rcode k ON k.region = e.region AND k.cid = c.cid
                 WHERE NOT v_nouvelles AND s.score IS NOT NULL AND e.complete) b
         GROUP BY GROUPING SETS ((b.rid, b.tid, b.cid), (b.rid, b.cid));
    END IF;

    -- The network's ('FR', per type and for every type), from the
    -- distribution of the campaign's scores over its complete evaluations,
    -- per structure type and element (lecap.repartition_score, migration
    -- 045; 89,000 rows at 10,000 members for 670,000 scores). It is counted
    -- from lecap.score by a recomputation from scratch (v_full), when it is
    -- absent, when a completeness changed, or when scores went whose
    -- evaluation's type is unknown (an erased member's). (A recomputation
    -- from scratch sorted the scores themselves, one sort for both grouping
    -- sets, and forgot the distribution: the first night with a few exports
    -- after it counted it again, and with it every element of the touched
    -- regions; make bench's night with one corrected export, which follows a
    -- first night, 1.09-1.21 -> 0.57-0.66 s at 2,000 members. The
    -- recomputation pays for it: at 10,000 members, per campaign, the sort
    -- took 0.88 s; the count with its 89,000 rows written takes 1.22 s, the
    -- percentiles read from them 0.47 s.) Otherwise the new evaluations' scores are
    -- added and those of the evaluations gone (t_moins, with their type and
    -- completeness in t_parti) taken away, a row whose count falls to zero
    -- deleted; a count that would fall below zero breaks the table's CHECK:
    -- the aggregation fails rather than publish a wrong median.
    -- Counted again, only the rows that differ from the stored ones are
    -- written (the stored rows not among the new ones deleted, the new
    -- ones not stored inserted): a campaign recomputed from scratch mostly
    -- finds the same distribution (at 10,000 members, 89,719 rows: their
    -- DELETE and INSERT took 0.5 s, the two comparisons 0.17 s).
    IF v_lecap THEN
        CREATE TEMP TABLE t_rnew ON COMMIT DROP AS
        SELECT t.type_structure, c.niveau, c.code, r.score, r.echelle, r.n, r.n_atteints, r.n_objectifs
          FROM t_rc r
          JOIN t_cid c ON c.cid = r.cid
          JOIN (SELECT DISTINCT tid, type_structure FROM t_eval) t ON t.tid = r.tid;
    ELSIF NOT v_partiel THEN
        CREATE TEMP TABLE t_rnew ON COMMIT DROP AS
        SELECT e.type_structure, s.niveau, s.code, s.score, scale(s.score)::smallint AS echelle,
               count(*)::int AS n, sum(s.n_atteints) AS n_atteints, sum(s.n_objectifs) AS n_objectifs
          FROM (SELECT evaluation_id, niveau, code, score, n_atteints, n_objectifs FROM t_score
                 WHERE v_nouvelles
                UNION ALL
                SELECT evaluation_id, niveau, code, score, n_atteints, n_objectifs FROM lecap.score
                 WHERE NOT v_nouvelles AND campagne = p_campagne) s
          JOIN t_eval e ON e.id = s.evaluation_id
         WHERE s.score IS NOT NULL AND e.complete
         GROUP BY e.type_structure, s.niveau, s.code, s.score, scale(s.score);
    END IF;
    IF NOT v_partiel THEN
        -- (A recomputation that finds the stored distribution, as one from
        -- scratch mostly does, sees it from the count and the sum of the
        -- rows' hashes, both sides, and writes nothing: the two comparisons
        -- below took 0.43 s at 10,000 members on 8 December 2026. Equal
        -- sums over different rows would take a collision of 64-bit hashes.)
        -- (Nothing stored, as on a fresh base: nothing to compare. AND and
        -- OR stop at their first deciding operand.)
        IF EXISTS (SELECT 1 FROM lecap.repartition_score r WHERE r.campagne = p_campagne)
           AND (SELECT row(count(*), coalesce(sum(hash_record_extended(
                       (n.type_structure::text, n.niveau::text, n.code::text, n.score, n.echelle::smallint,
                        n.n::int, n.n_atteints::bigint, n.n_objectifs::bigint), 0)), 0))
              FROM t_rnew n)
           IS NOT DISTINCT FROM
           (SELECT row(count(*), coalesce(sum(hash_record_extended(
                       (r.type_structure::text, r.niveau::text, r.code::text, r.score, r.echelle,
                        r.n, r.n_atteints, r.n_objectifs), 0)), 0))
              FROM lecap.repartition_score r WHERE r.campagne = p_campagne) THEN
            v_repartition_ecrite := false;
        END IF;
    END IF;
    IF NOT v_partiel AND v_repartition_ecrite THEN
        DELETE FROM lecap.repartition_score r
         WHERE r.campagne = p_campagne
           AND NOT EXISTS (SELECT 1 FROM t_rnew n
                            WHERE n.type_structure = r.type_structure AND n.niveau = r.niveau
                              AND n.code = r.code AND n.score = r.score AND n.echelle = r.echelle
                              AND n.n = r.n AND n.n_atteints IS NOT DISTINCT FROM r.n_atteints
                              AND n.n_objectifs IS NOT DISTINCT FROM r.n_objectifs);
        -- (hashed: a merge join sorted the 89,719 new rows, 0.28 s; nested
        -- loops probed the primary key for each, 0.33 s)
        v_merge := current_setting('enable_mergejoin');
        v_nestloop := current_setting('enable_nestloop');
        PERFORM set_config('enable_mergejoin', 'off', true);
        PERFORM set_config('enable_nestloop', 'off', true);
        INSERT INTO lecap.repartition_score
        SELECT p_campagne, n.type_structure, n.niveau, n.code, n.score, n.echelle, n.n, n.n_atteints,
               n.n_objectifs
          FROM t_rnew n
         WHERE NOT EXISTS (SELECT 1 FROM lecap.repartition_score r
                            WHERE r.campagne = p_campagne AND r.type_structure = n.type_structure
                              AND r.niveau = n.niveau AND r.code = n.code AND r.score = n.score
                              AND r.echelle = n.echelle);
        PERFORM set_config('enable_mergejoin', v_merge, true);
        PERFORM set_config('enable_nestloop', v_nestloop, true);
    ELSIF v_partiel THEN
        -- The network's difference: the regions' (t_delta_r, above) summed.
        CREATE TEMP TABLE t_delta ON COMMIT DROP AS
        SELECT type_structure, niveau, code, score, echelle, sum(n)::int AS n,
               sum(n_atteints) AS n_atteints, sum(n_objectifs) AS n_objectifs
          FROM t_delta_r
         GROUP BY type_structure, niveau, code, score, echelle
        HAVING sum(n) <> 0 OR coalesce(sum(n_atteints), 0) <> 0 OR coalesce(sum(n_objectifs), 0) <> 0;
        -- Only the elements whose distribution changes get new network
        -- aggregates: those of the others are the kept rows of
        -- lecap.agregat, since the thresholds and the previous
        -- campaign's aggregates (the evolution) are those they were
        -- computed with (else v_full). A corrected export with one note
        -- changed: its indicator, objective, sub-theme and theme, where
        -- the 909 elements and types were recomputed (0.66 s at 10,000
        -- members).
        INSERT INTO t_gcode SELECT DISTINCT niveau, code FROM t_delta;
        -- The rows whose count falls to zero deleted, the others updated,
        -- the rest inserted.
        PERFORM lecap.difference_appliquer('lecap.repartition_score', 't_delta', p_campagne,
                                           ARRAY['type_structure', 'niveau', 'code', 'score', 'echelle'],
                                           ARRAY['n', 'n_atteints', 'n_objectifs']);
        DROP TABLE pg_temp.t_delta;
    END IF;
    -- The count, the sums of the scores and of the objectives per row
    -- give the mean and the share reached exactly as avg() and sum()
    -- do; a running count in score order finds the rows that
    -- percentile_cont() reads in the sorted scores, first = floor(p (n -
    -- 1)) and second = ceil(p (n - 1)), and the same float8
    -- interpolation, first + (p (n - 1) - first) (second - first).
    -- (lecap has written them when it counted the distribution.)
    IF NOT v_lecap THEN
        INSERT INTO t_g
        SELECT NULL, x.tid, x.cid, x.n::int, x.somme / x.n::numeric,
               round((x.m1 + (x.pm - floor(x.pm)) * (x.m2 - x.m1))::numeric, 10),
               round((x.a1 + (x.pa - floor(x.pa)) * (x.a2 - x.a1))::numeric, 10),
               round((x.b1 + (x.pb - floor(x.pb)) * (x.b2 - x.b1))::numeric, 10),
               x.minimum, x.maximum, x.atteints / nullif(x.objectifs, 0)
          FROM (SELECT w.tid, w.cid, max(w.t) AS n, sum(w.score * w.n) AS somme,
                       min(w.score) AS minimum, max(w.score) AS maximum,
                       sum(w.n_atteints) AS atteints, sum(w.n_objectifs) AS objectifs,
                       0.5::float8 * (max(w.t) - 1)::float8 AS pm,
                       0.25::float8 * (max(w.t) - 1)::float8 AS pa,
                       0.75::float8 * (max(w.t) - 1)::float8 AS pb,
                       min(w.v) FILTER (WHERE w.e > floor(0.5::float8 * (w.t - 1)::float8)) AS m1,
                       min(w.v) FILTER (WHERE w.e > ceil(0.5::float8 * (w.t - 1)::float8)) AS m2,
                       min(w.v) FILTER (WHERE w.e > floor(0.25::float8 * (w.t - 1)::float8)) AS a1,
                       min(w.v) FILTER (WHERE w.e > ceil(0.25::float8 * (w.t - 1)::float8)) AS a2,
                       min(w.v) FILTER (WHERE w.e > floor(0.75::float8 * (w.t - 1)::float8)) AS b1,
                       min(w.v) FILTER (WHERE w.e > ceil(0.75::float8 * (w.t - 1)::float8)) AS b2
                  FROM (SELECT h.tid, h.cid, h.score, h.v, h.n, h.n_atteints, h.n_objectifs,
                               sum(h.n) OVER (PARTITION BY h.tid, h.cid ORDER BY h.v
                                              ROWS UNBOUNDED PRECEDING) AS e,
                               sum(h.n) OVER (PARTITION BY h.tid, h.cid) AS t
                          FROM (SELECT CASE WHEN u.par_type THEN t.tid END AS tid, c.cid, r.score,
                                       r.score::float8 AS v, r.n, r.n_atteints, r.n_objectifs
                                  FROM lecap.repartition_score r
                                  JOIN t_cid c ON c.niveau = r.niveau AND c.code = r.code
                                  LEFT JOIN t_gcode k ON k.niveau = r.niveau AND k.code = r.code
                                  JOIN (SELECT DISTINCT tid, type_structure FROM t_eval) t
                                    ON t.type_structure = r.type_structure
                                 CROSS JOIN (VALUES (true), (false)) u(par_type)
                                 WHERE r.campagne = p_campagne
                                   AND (NOT v_partiel OR k.code IS NOT NULL)) h) w
                 GROUP BY w.tid, w.cid) x;
    END IF;
    CREATE TEMP TABLE t_agr ON COMMIT DROP AS
    SELECT coalesce(r.region, 'FR') AS region, coalesce(t.type_structure, '*') AS type_structure,
           c.niveau, c.code, g.n, g.moyenne, g.mediane, g.q1, g.q3, g.minimum, g.maximum, g.part
      FROM t_g g
      JOIN t_cid c ON c.cid = g.cid
      LEFT JOIN (SELECT DISTINCT rid, region FROM t_eval) r ON r.rid = g.rid
      LEFT JOIN (SELECT DISTINCT tid, type_structure FROM t_eval) t ON t.tid = g.tid;

    -- The colleges' aggregates, the regions' and the network's, from sums
    -- kept per campaign, region, college, element and scale
    -- (lecap.somme_college, migrations 046 and 051): counted again when
    -- absent, when a completeness changed or when an erased member's rows
    -- went (v_redistribuer), else the new evaluations' rows added and those
    -- of the evaluations gone taken away, in their region (a row whose
    -- count falls to zero deleted; below zero breaks its CHECK, the
    -- aggregation fails). A recomputation from scratch counts the sums from
    -- the campaign's rows and keeps them. A region's aggregates are its
    -- rows' sums, written again for the regions touched; the network's the
    -- sums of every region's. (The network's were grouped from the
    -- campaign's 440,000 rows, 0.42 s of a night with one corrected export
    -- at 10,000 members; the regions' from the rows of the regions touched,
    -- 0.26 s of a night with 100 corrected exports.)
    IF v_full OR v_redistribuer OR NOT EXISTS (SELECT 1 FROM lecap.somme_college
                                              WHERE campagne = p_campagne) THEN
        DELETE FROM lecap.somme_college WHERE campagne = p_campagne;
        IF v_lecap THEN
            -- every evaluation new: lecap summed their rows as it wrote
            -- them, those of the complete evaluations of the distribution
            -- checked above (src/aggregate/somme_college.h: the same rows
            -- as the grouping below, which read the campaign's 438,000
            -- rows at 10,000 members, 0.21 s)
            INSERT INTO lecap.somme_college
            SELECT p_campagne, region, college, niveau, code, echelle, n, n_repondants, somme
              FROM t_somme_college;
        ELSE
            INSERT INTO lecap.somme_college
            SELECT p_campagne, c.region, c.college, c.niveau, c.code, scale(c.score), count(*),
                   sum(c.n_repondants), sum(c.score)
              FROM lecap.score_college c JOIN t_eval e ON e.id = c.evaluation_id
             WHERE c.campagne = p_campagne AND e.complete
             GROUP BY c.region, c.college, c.niveau, c.code, scale(c.score);
        END IF;
    ELSE
        CREATE TEMP TABLE t_delta_college ON COMMIT DROP AS
        SELECT x.region, x.college, x.niveau, x.code, scale(x.score)::smallint AS echelle,
               sum(x.signe)::int AS n, sum(x.signe * x.n_repondants) AS n_repondants,
               sum(x.signe * x.score) AS somme
          FROM (SELECT c.region, c.college, c.niveau, c.code, c.score, c.n_repondants, 1 AS signe
                  FROM t_eval e
                  JOIN lecap.score_college c ON c.campagne = p_campagne AND c.evaluation_id = e.id
                 WHERE e.nouvelle AND e.complete
                UNION ALL
                SELECT p.region, m.college, m.niveau, m.code, m.score, m.n_repondants, -1
                  FROM t_moins_college m JOIN t_parti p ON p.evaluation_id = m.evaluation_id
                 WHERE p.complete) x
         GROUP BY x.region, x.college, x.niveau, x.code, scale(x.score)
        HAVING sum(x.signe) <> 0 OR sum(x.signe * x.n_repondants) <> 0 OR sum(x.signe * x.score) <> 0;
        -- As for the distribution of the scores.
        PERFORM lecap.difference_appliquer('lecap.somme_college', 't_delta_college', p_campagne,
                                           ARRAY['region', 'college', 'niveau', 'code', 'echelle'],
                                           ARRAY['n', 'n_repondants', 'somme']);
        DROP TABLE pg_temp.t_delta_college;
    END IF;
    -- The count and the sum give the mean exactly as avg() does (the
    -- sum over the count, the sum at the largest scale of its terms).
    DELETE FROM lecap.agregat_college WHERE campagne = p_campagne
       AND (v_full OR region = 'FR' OR region IN (SELECT region FROM t_touch));
    INSERT INTO lecap.agregat_college
    SELECT p_campagne, s.region, s.college, s.niveau, s.code, sum(s.n),
           sum(s.n_repondants), sum(s.somme) / sum(s.n)::numeric, sum(s.n) >= p_seuil_secret
      FROM lecap.somme_college s
     WHERE s.campagne = p_campagne AND s.region IN (SELECT region FROM t_touch)
     GROUP BY s.region, s.college, s.niveau, s.code
    UNION ALL
    SELECT p_campagne, 'FR', s.college, s.niveau, s.code, sum(s.n),
           sum(s.n_repondants), sum(s.somme) / sum(s.n)::numeric, sum(s.n) >= p_seuil_secret
      FROM lecap.somme_college s
     WHERE s.campagne = p_campagne
     GROUP BY s.college, s.niveau, s.code;

    -- The consensus against the individual views (lecap.consensus_evaluation,
    -- which the view of the consensus reads): per sub-theme, over the
    -- indicators with a consensus note (NC excluded) and at least one
    -- individual note, the mean of the consensus notes and the mean of all
    -- the individual notes; written by lecap for the new evaluations
    -- (src/aggregate/cellules.c, after agreger_preparer).

    -- The divergence between colleges (the photographie's points de débat
    -- read it): per sub-theme and per objective answered by at least two
    -- colleges, the highest and the lowest college's score (the mean of its
    -- individual notes, NC excluded), and their difference, each rounded as
    -- printed, ties in the grid's college order: written by lecap for the
    -- new evaluations (src/aggregate/cellules.c, after agreger_preparer).
    -- (Grouped here, it was 0.4 s a campaign at 2,000 members; earlier
    -- forms of that statement in docs/performance.md.)

    -- Diverging viewpoints (lecap.divergence): per indicator the range of
    -- the individual notes (at least two), then the mean per sub-theme, a
    -- point of debate from 2; written by lecap for the new evaluations
    -- (src/aggregate/cellules.c). (These two tables were grouped here from
    -- t_cell, about 0.12 s each a campaign at 2,000 members.)

    -- The digest of each new evaluation's own rows (lecap.empreinte_evaluation,
    -- migration 042; read by photographie_entrees.sql): its rows of
    -- lecap.score, lecap.score_college and lecap.divergence, counted and
    -- digested by lecap as it wrote them (t_empreinte; see
    -- src/aggregate/cellules.c: their SHA-256, as these tables store their
    -- text); one row per new evaluation, none of its rows included
    -- (lignes 0, somme 0). (Hashed here from the stored rows, 0.62 s a
    -- campaign at 10,000 members.)
    -- With the digest of its rows of lecap.divergence_colleges and
    -- lecap.consensus_evaluation, and the transaction that wrote its rows
    -- (this one, or the one that wrote those kept in place): what a
    -- recomputation from scratch checks to keep them (migration 056).
    INSERT INTO lecap.empreinte_evaluation
        (campagne, evaluation_id, lignes, somme, lignes_autres, somme_autres, transaction_lignes)
    SELECT p_campagne, e.id, coalesce(x.lignes, 0), coalesce(x.somme, 0), coalesce(x.lignes_autres, 0),
           coalesce(x.somme_autres, 0),
           CASE WHEN x.garde THEN s.transaction_lignes ELSE pg_current_xact_id()::xid END
      FROM t_eval e
      LEFT JOIN t_empreinte x ON x.evaluation_id = e.id
      LEFT JOIN t_stocke s ON s.evaluation_id = e.id
     WHERE e.nouvelle;

    -- The touched regions' and the network's.
    DELETE FROM lecap.divergence_agregat WHERE campagne = p_campagne
       AND (v_full OR region = 'FR' OR region IN (SELECT region FROM t_touch));
    -- The network's over the campaign; the touched regions' (every region
    -- when v_full: t_touch has them all) from their evaluations' rows only,
    -- an evaluation's rows carrying its region (one grouping of the whole
    -- campaign by region and sub-theme, most groups then dropped, was 14 of
    -- the statement's 40 ms at 10,000 members).
    INSERT INTO lecap.divergence_agregat
    SELECT p_campagne, 'FR', d.sous_theme, count(*), avg(d.ecart_moyen),
           count(*) FILTER (WHERE d.point_de_debat),
           (count(*) FILTER (WHERE d.point_de_debat))::numeric / count(*),
           count(*) >= p_seuil_secret
      FROM lecap.divergence d JOIN t_eval e ON e.id = d.evaluation_id
     WHERE d.campagne = p_campagne AND e.complete
     GROUP BY d.sous_theme;
    INSERT INTO lecap.divergence_agregat
    SELECT p_campagne, d.region, d.sous_theme, count(*), avg(d.ecart_moyen),
           count(*) FILTER (WHERE d.point_de_debat),
           (count(*) FILTER (WHERE d.point_de_debat))::numeric / count(*),
           count(*) >= p_seuil_secret
      FROM t_eval e
      JOIN t_touch t ON t.region = e.region
      JOIN lecap.divergence d ON d.campagne = p_campagne AND d.evaluation_id = e.id
     WHERE e.complete
     GROUP BY d.region, d.sous_theme;

    -- Progress plans of this campaign and of the previous one, placed in a
    -- region: that of the same campaign's evaluation, else the enterprise's
    -- last known one, else the registry's.
    DROP TABLE IF EXISTS pg_temp.t_plan;
    CREATE TEMP TABLE t_plan ON COMMIT DROP AS
    SELECT p.id, p.siret, p.campagne, coalesce(ev.region, en.region, ad.region) AS region
      FROM lecap.plan p
      LEFT JOIN lecap.evaluation ev ON ev.siret = p.siret AND ev.campagne = p.campagne
      LEFT JOIN lecap.entreprise en ON en.siret = p.siret
      LEFT JOIN lecap.adherent ad ON ad.siret = p.siret
     WHERE p.campagne = p_campagne OR p.campagne = v_prec;
    DELETE FROM t_plan WHERE region IS NULL;
    -- The same places written down for the campaign's plans
    -- (lecap.plan_region, which row-level security reads), by difference:
    -- the rows that moved or went deleted, the new ones inserted. (The
    -- publication rewrote its 6,000 rows from the same query every night:
    -- 56 ms of a night with one corrected export at 10,000 members.)
    DELETE FROM lecap.plan_region r
     WHERE r.campagne = p_campagne
       AND NOT EXISTS (SELECT 1 FROM t_plan p
                        WHERE p.id = r.plan_id AND p.campagne = p_campagne AND p.siret = r.siret
                          AND p.region = r.region);
    INSERT INTO lecap.plan_region
    SELECT p.id, p.campagne, p.siret, p.region
      FROM t_plan p
     WHERE p.campagne = p_campagne AND NOT EXISTS (SELECT 1 FROM lecap.plan_region r WHERE r.plan_id = p.id);

    -- The digests of the campaign's new plans, read by the photographies'
    -- digests (sql/fonctions/photographie_entrees.sql).
    PERFORM lecap.empreinte_plan_ecrire(p_campagne);
    -- The follow-up of the plans is a function of these plans (a plan's
    -- actions never change while it keeps its id), of their members and
    -- regions, of the threshold and of the previous campaign: kept as it
    -- is when their digest is the one it was computed from
    -- (lecap.calcul_entree, migration 050), as on a night whose exports
    -- are evaluations only.
    SELECT count(*)::int, coalesce(sum(hash_record_extended((id, siret, campagne, region), 0)), 0)
      INTO v_lignes, v_somme FROM t_plan;
    v_parametres := concat_ws('|', p_seuil_secret, v_prec);
    IF NOT EXISTS (SELECT 1 FROM lecap.calcul_entree k
                    WHERE k.campagne = p_campagne AND k.calcul = 'plan_agregat' AND k.parametres = v_parametres
                      AND k.lignes = v_lignes AND k.somme = v_somme) THEN
        DELETE FROM lecap.plan_agregat WHERE campagne = p_campagne;
        INSERT INTO lecap.plan_agregat
        WITH cur AS (
            SELECT coalesce(p.region, 'FR') AS region, a.objectif,
                   count(DISTINCT p.id)::int AS n_ent, count(*)::int AS n_act,
                   count(*) FILTER (WHERE a.statut = 'a_engager')::int AS n_ae,
                   count(*) FILTER (WHERE a.statut = 'en_cours')::int AS n_ec,
                   count(*) FILTER (WHERE a.statut = 'realisee')::int AS n_re,
                   count(*) FILTER (WHERE a.statut = 'abandonnee')::int AS n_ab,
                   count(*) FILTER (WHERE a.priorite = 1)::int AS n_p1
              FROM t_plan p JOIN lecap.plan_action a ON a.plan_id = p.id
             WHERE p.campagne = p_campagne
             GROUP BY GROUPING SETS ((p.region, a.objectif), (a.objectif))),
        -- The previous campaign's actions still open then (a_engager,
        -- en_cours) of the members who sent a plan this campaign: carried out
        -- when this campaign's plan reports the objective realisee.
        fait AS (
            SELECT DISTINCT p.siret, a.objectif
              FROM t_plan p JOIN lecap.plan_action a ON a.plan_id = p.id
             WHERE p.campagne = p_campagne AND a.statut = 'realisee'),
        prev AS (
            SELECT coalesce(p.region, 'FR') AS region, a.objectif, count(*)::int AS n_act,
                   count(f.siret)::int AS n_re
              FROM t_plan p
              JOIN lecap.plan_action a ON a.plan_id = p.id
              LEFT JOIN fait f ON f.siret = p.siret AND f.objectif = a.objectif
             WHERE p.campagne = v_prec AND a.statut IN ('a_engager', 'en_cours')
               AND p.siret IN (SELECT siret FROM t_plan WHERE campagne = p_campagne)
             GROUP BY GROUPING SETS ((p.region, a.objectif), (a.objectif)))
        SELECT p_campagne, coalesce(c.region, v.region), coalesce(c.objectif, v.objectif),
               coalesce(c.n_ent, 0), coalesce(c.n_act, 0), coalesce(c.n_ae, 0), coalesce(c.n_ec, 0),
               coalesce(c.n_re, 0), coalesce(c.n_ab, 0), coalesce(c.n_p1, 0),
               coalesce(v.n_act, 0), coalesce(v.n_re, 0), v.n_re::numeric / nullif(v.n_act, 0),
               coalesce(c.n_ent, 0) >= p_seuil_secret
          FROM cur c FULL JOIN prev v ON v.region = c.region AND v.objectif = c.objectif;
        INSERT INTO lecap.calcul_entree VALUES (p_campagne, 'plan_agregat', v_parametres, v_lignes, v_somme)
        ON CONFLICT (campagne, calcul) DO UPDATE
           SET parametres = excluded.parametres, lignes = excluded.lignes, somme = excluded.somme;
    END IF;

    -- Demand for the service offer: what the plans call for, and what the
    -- unreached objectives of complete evaluations point to. The latter per
    -- region; the network's is their sum, an evaluation being in one region
    -- (the campaign's objective scores were grouped for it: 0.34 s of a
    -- night with one corrected export at 10,000 members). A region's counts
    -- are per offer the evaluations with an unreached objective that points
    -- to it and those objectives: sums over evaluations, each adding its
    -- own. When the kept rows were counted from the evaluations kept and
    -- those gone (neither v_full nor v_redistribuer, as for the colleges'
    -- sums above), the new evaluations' are added and those of the
    -- evaluations gone (their scores in t_moins, their region, completeness
    -- and grid version in t_parti) taken away; a grid version's links to
    -- the offers never change. Otherwise counted again for the regions
    -- touched, their evaluations' scores read by index, and kept for the
    -- others. (A night with 100 corrected exports touches nearly every
    -- region: their 130,000 objective scores read again, 0.20 s at 10,000
    -- members.)
    DROP TABLE IF EXISTS pg_temp.t_obj;
    CREATE TEMP TABLE t_obj ON COMMIT DROP AS
    SELECT d.region, d.offre, d.n_entreprises_objectifs AS n_ent, d.n_objectifs_non_atteints AS n_obj
      FROM lecap.demande_offres d
     WHERE d.campagne = p_campagne AND d.region <> 'FR' AND d.n_entreprises_objectifs > 0
       AND NOT v_full AND (NOT v_redistribuer OR d.region NOT IN (SELECT region FROM t_touch));
    IF v_lecap THEN
        -- every evaluation new, lecap counted them as it computed their
        -- scores (src/aggregate/demande.h: the same rows as the grouping
        -- below, which took 0.32 s a campaign at 10,000 members), for the
        -- complete evaluations of the distribution checked above
        INSERT INTO t_obj SELECT region, offre, n_ent, n_obj FROM t_demande;
    ELSIF v_nouvelles THEN
        -- every evaluation new: its objectives from t_score, every region
        -- touched (the same rows; read from lecap.score on statistics that
        -- did not know the campaign, the index was nested-looped into
        -- t_eval 40,000 times: 0.15 s a campaign at 2,000 members)
        INSERT INTO t_obj
        SELECT e.region, eo.offre, count(DISTINCT s.evaluation_id)::int, count(*)::int
          FROM t_score s
          JOIN t_eval e ON e.id = s.evaluation_id
          JOIN lecap.element_offre eo ON eo.version = e.version AND eo.code = s.code
         WHERE s.niveau = 'objectif' AND NOT s.atteint AND e.complete
         GROUP BY e.region, eo.offre;
    ELSIF v_full OR v_redistribuer THEN
        INSERT INTO t_obj
        SELECT e.region, eo.offre, count(DISTINCT s.evaluation_id)::int, count(*)::int
          FROM t_eval e
          JOIN t_touch t ON t.region = e.region
          JOIN lecap.score s ON s.campagne = p_campagne AND s.evaluation_id = e.id
          JOIN lecap.element_offre eo ON eo.version = e.version AND eo.code = s.code
         WHERE s.niveau = 'objectif' AND NOT s.atteint AND e.complete
         GROUP BY e.region, eo.offre;
    ELSE
        -- per evaluation and offer: its sign, and its objectives pointing
        -- to it, added to the kept rows (summed below)
        INSERT INTO t_obj
        SELECT e.region, eo.offre, 1, count(*)::int
          FROM t_eval e
          JOIN lecap.score s ON s.campagne = p_campagne AND s.evaluation_id = e.id
          JOIN lecap.element_offre eo ON eo.version = e.version AND eo.code = s.code
         WHERE e.nouvelle AND e.complete AND s.niveau = 'objectif' AND NOT s.atteint
         GROUP BY e.id, e.region, eo.offre
        UNION ALL
        SELECT p.region, eo.offre, -1, -count(*)::int
          FROM t_moins m
          JOIN t_parti p ON p.evaluation_id = m.evaluation_id
          JOIN lecap.element_offre eo ON eo.version = p.version_referentiel AND eo.code = m.code
         WHERE p.complete AND m.niveau = 'objectif' AND NOT m.atteint
         GROUP BY m.evaluation_id, p.region, eo.offre;
        -- A count below zero, or a count of evaluations and one of
        -- objectives not zero together: the kept rows were not what they
        -- were counted from.
        SELECT o.region, o.offre, sum(o.n_ent), sum(o.n_obj) INTO v_region, v_offre, v_n_ent, v_n_obj
          FROM t_obj o
         GROUP BY o.region, o.offre
        HAVING sum(o.n_ent) < 0 OR sum(o.n_obj) < 0 OR (sum(o.n_ent) = 0) <> (sum(o.n_obj) = 0)
         ORDER BY o.region, o.offre
         LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'demande d''offres : comptes gardés incohérents (région %, offre % : % évaluation(s) et % objectif(s) non atteint(s), une fois ajoutées les évaluations arrivées et retirées celles parties)',
                v_region, v_offre, v_n_ent, v_n_obj
                USING HINT = format('recalculer la campagne depuis zéro : lecap aggregate --campagne %s', p_campagne);
        END IF;
    END IF;
    DELETE FROM lecap.demande_offres WHERE campagne = p_campagne;
    INSERT INTO lecap.demande_offres
    WITH pla AS (
        SELECT coalesce(p.region, 'FR') AS region, o.offre,
               count(DISTINCT p.id)::int AS n_ent, count(*)::int AS n_act
          FROM t_plan p JOIN lecap.plan_action_offre o ON o.plan_id = p.id
         WHERE p.campagne = p_campagne
         GROUP BY GROUPING SETS ((p.region, o.offre), (o.offre))),
    reg AS (
        SELECT o.region, o.offre, sum(o.n_ent)::int AS n_ent, sum(o.n_obj)::int AS n_obj
          FROM t_obj o
         GROUP BY o.region, o.offre
        HAVING sum(o.n_ent) > 0),
    obj AS (
        SELECT r.region, r.offre, r.n_ent, r.n_obj FROM reg r
        UNION ALL
        SELECT 'FR', r.offre, sum(r.n_ent)::int, sum(r.n_obj)::int FROM reg r GROUP BY r.offre)
    SELECT p_campagne, coalesce(a.region, b.region), coalesce(a.offre, b.offre),
           coalesce(a.n_ent, 0), coalesce(a.n_act, 0), coalesce(b.n_ent, 0), coalesce(b.n_obj, 0),
           greatest(coalesce(a.n_ent, 0), coalesce(b.n_ent, 0)) >= p_seuil_secret
      FROM pla a FULL JOIN obj b ON b.region = a.region AND b.offre = a.offre;

    -- Participation (lecap.participation, lecap.adherent_sans_evaluation)
    -- is the publication's (publier.sql), which lecap aggregate runs next in the same
    -- transaction: it counts the members registered at the campaign.

    -- The regions whose evaluations came or went (t_rtouch, above), and
    -- the network's: the sum of the regions', an evaluation being in one.
    DELETE FROM lecap.repondants_college
     WHERE campagne = p_campagne AND (region = 'FR' OR region IN (SELECT region FROM t_rtouch));
    INSERT INTO lecap.repondants_college
    SELECT p_campagne, e.region, r.college, sum(r.n), count(*)
      FROM t_rep r JOIN t_eval e ON e.id = r.evaluation_id
     WHERE r.college <> 'consensus'
     GROUP BY e.region, r.college;
    INSERT INTO lecap.repondants_college
    SELECT p_campagne, 'FR', r.college, sum(r.n_repondants), sum(r.n_entreprises)
      FROM lecap.repondants_college r
     WHERE r.campagne = p_campagne AND r.region <> 'FR'
     GROUP BY r.college;

    -- Evolution: against the previous campaign's aggregates. When that
    -- campaign is being computed on the other connection of lecap aggregate
    -- --all, wait for its commit (its lock); the statements below then see
    -- its new rows. Last, so that the two campaigns overlap.
    IF v_prec IS NOT NULL THEN
        PERFORM pg_advisory_xact_lock_shared(1818583905, v_prec);
    END IF;
    -- The minimum and the maximum without trailing zeros: min() and max()
    -- return whichever of several equal scores they meet first, 3 (a
    -- consensus note) or 3.0000000000000000 (a mean of notes), which
    -- depends on the plan and on the order of the rows, hence on the
    -- history of the tables; 3 whatever that order.
    CREATE TEMP TABLE t_anew ON COMMIT DROP AS
    SELECT p_campagne AS campagne, k.region, k.type_structure, k.niveau, k.code, k.n AS n_entreprises,
           k.moyenne, k.mediane, k.q1, k.q3, trim_scale(k.minimum) AS minimum,
           trim_scale(k.maximum) AS maximum,
           CASE WHEN k.niveau = 'indicateur' THEN NULL ELSE k.part END AS part_atteinte,
           k.moyenne - p.moyenne AS evolution, k.n >= p_seuil_secret AS diffusable
      FROM t_agr k LEFT JOIN lecap.agregat p
        ON p.campagne = v_prec AND p.region = k.region
       AND p.type_structure = k.type_structure AND p.code = k.code AND p.niveau = k.niveau;
    -- Recomputed from scratch (v_full), the campaign's rows are mostly
    -- those stored: seen from the count and the sum of the hashes of the
    -- rows' text, both sides, they are not written again (their DELETE
    -- and INSERT took 0.25 s at 10,000 members on 8 December 2026; equal
    -- sums over different rows would take a collision of 64-bit hashes).
    IF NOT v_full
       OR NOT EXISTS (SELECT 1 FROM lecap.agregat a WHERE a.campagne = p_campagne)
       OR (SELECT row(count(*), coalesce(sum(hashtextextended(a::text, 0)), 0)) FROM t_anew a)
          IS DISTINCT FROM
          (SELECT row(count(*), coalesce(sum(hashtextextended(a::text, 0)), 0))
             FROM lecap.agregat a WHERE a.campagne = p_campagne) THEN
        DELETE FROM lecap.agregat WHERE campagne = p_campagne
           AND (v_full
                OR (region <> 'FR' AND NOT v_partiel AND region IN (SELECT region FROM t_touch))
                OR (region <> 'FR' AND v_partiel
                    AND (region, niveau, code) IN (SELECT k.region, c.niveau, c.code
                                                     FROM t_rcode k JOIN t_cid c ON c.cid = k.cid))
                OR (region = 'FR' AND (NOT v_partiel
                                       OR (niveau, code) IN (SELECT niveau, code FROM t_gcode))));
        INSERT INTO lecap.agregat SELECT * FROM t_anew;
    END IF;
    DROP TABLE t_anew;
    -- All of the campaign's, kept ones included.
    SELECT count(*) INTO v_agr FROM lecap.agregat WHERE campagne = p_campagne;

    INSERT INTO lecap.agregat_campagne AS a
    VALUES (p_campagne, clock_timestamp(), v_fichier, v_prec, p_completude_min, p_seuil_secret,
            v_eval, v_comp, v_agr)
    ON CONFLICT (campagne) DO UPDATE
       SET calcule_le = excluded.calcule_le, dernier_fichier_id = excluded.dernier_fichier_id,
           campagne_precedente = excluded.campagne_precedente,
           completude_min = excluded.completude_min, seuil_secret = excluded.seuil_secret,
           n_evaluations = excluded.n_evaluations, n_completes = excluded.n_completes,
           n_agregats = excluded.n_agregats;

    -- recalculees: the new evaluations, scored again; gardees: those of
    -- them whose rows were kept in place (src/aggregate/aggregate.c
    -- analyses after a run that wrote a tenth of them).
    SELECT count(*)::int INTO v_gardees FROM t_empreinte WHERE garde;
    DROP TABLE IF EXISTS pg_temp.t_gone, pg_temp.t_parti, pg_temp.t_moins, pg_temp.t_moins_college;
    DROP TABLE IF EXISTS pg_temp.t_stocke, pg_temp.t_abime, pg_temp.t_depuis_zero;
    DROP TABLE pg_temp.t_calcul, pg_temp.t_eval, pg_temp.t_touch, pg_temp.t_rtouch, pg_temp.t_elem, pg_temp.t_cid, pg_temp.t_resp, pg_temp.t_score, pg_temp.t_empreinte, pg_temp.t_rep, pg_temp.t_plan, pg_temp.t_obj, pg_temp.t_g, pg_temp.t_gcode, pg_temp.t_rcode, pg_temp.t_agr;
    DROP TABLE IF EXISTS pg_temp.t_rnew, pg_temp.t_delta_r, pg_temp.t_gc, pg_temp.t_rc, pg_temp.t_repartition, pg_temp.t_demande, pg_temp.t_somme_college;
    RETURN QUERY SELECT v_eval, v_comp, v_agr, v_new, v_gardees;
END
$$;
COMMENT ON FUNCTION lecap.agreger(int, numeric, int) IS 'Recalcule tous les résultats d''une campagne dans la transaction de l''appelant (lecap aggregate)';
REVOKE EXECUTE ON FUNCTION lecap.agreger(int, numeric, int) FROM PUBLIC;

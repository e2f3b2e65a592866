-- lecap.agreger_preparer(): the first part of the aggregation of one
-- campaign, in the caller's transaction (lecap aggregate, one transaction
-- per campaign, src/aggregate/aggregate.c): the locks, the campaign's
-- evaluations (t_eval: new ones, without their per-evaluation results, and
-- kept ones), the grid of their versions (t_elem, t_cid), the new
-- evaluations' respondents (t_resp), the rows that lecap writes (of
-- lecap.score_college, lecap.divergence_colleges, lecap.divergence and
-- lecap.consensus_evaluation) of the evaluations that go or are new deleted
-- (from scratch, those stored as written are kept for lecap to compare:
-- t_stocke),
-- and t_score, empty, for the new evaluations' scores level by level (with
-- t_gc, t_rc and t_repartition for the distribution of the scores,
-- t_demande for the demand for the offers and t_somme_college for the sums
-- of the colleges' scores, which lecap counts when every evaluation is
-- new).
-- lecap then reads those evaluations' answers, fills t_score and writes
-- their rows of those four tables (src/aggregate/cellules.c, scores.c);
-- agreger, in the same transaction,
-- computes everything else from them and refuses to run without this
-- preparation (t_calcul). The temporary tables go at the commit.
--
-- Only lecap aggregate runs it: EXECUTE is revoked from PUBLIC (below).

CREATE FUNCTION lecap.agreger_preparer(p_campagne int)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v_fichier bigint;
    -- A recomputation from scratch (lecap aggregate --all, --campagne;
    -- src/aggregate/aggregate.c forget_scores): every evaluation is new,
    -- its lecap.resultat_evaluation row or not (agreger deletes those of
    -- the evaluations whose rows it does not keep in place).
    v_zero boolean := false;
    v_intactes boolean := false;
BEGIN
    -- The run lock of src/runlock.c: lecap aggregate already holds it (a
    -- session may take it again); a call from psql waits for a running lecap.
    -- lecap aggregate --all computes two campaigns at once, on two
    -- connections: the second one names in lecap.pid_verrou the backend of
    -- the first, which holds the lock (pg_locks: the bigint key split in
    -- classid, objid; objsubid 1).
    IF NOT EXISTS (SELECT 1 FROM pg_locks l
                    WHERE l.locktype = 'advisory' AND l.granted AND l.mode = 'ExclusiveLock'
                      AND l.classid = 1818583905 AND l.objid = 1879048194 AND l.objsubid = 1
                      AND l.pid = nullif(current_setting('lecap.pid_verrou', true), '')::int) THEN
        PERFORM pg_advisory_xact_lock(7810758398886019074);
    END IF;
    -- This campaign is being computed: a later campaign computed beside it
    -- waits for its commit before reading its aggregates (the evolution,
    -- in agreger).
    PERFORM pg_advisory_xact_lock(1818583905, p_campagne);
    IF to_regclass('pg_temp.t_depuis_zero') IS NOT NULL THEN
        SELECT EXISTS (SELECT 1 FROM t_depuis_zero WHERE campagne = p_campagne) INTO v_zero;
    END IF;
    PERFORM set_config('work_mem', '256MB', true);
    PERFORM set_config('jit', 'off', true);
    -- Taken first: a file integrated while we compute makes us stale.
    -- Kept for agreger in t_calcul, with the campaign prepared.
    SELECT coalesce(max(id), 0) INTO v_fichier FROM lecap.fichier
     WHERE statut = 'integre' AND (campagne = p_campagne OR nature = 'adherents');

    DROP TABLE IF EXISTS pg_temp.t_eval, pg_temp.t_gone, pg_temp.t_parti, pg_temp.t_moins, pg_temp.t_moins_college, pg_temp.t_delta, pg_temp.t_delta_r, pg_temp.t_delta_college, pg_temp.t_gcode, pg_temp.t_rcode, pg_temp.t_touch, pg_temp.t_rtouch, pg_temp.t_elem, pg_temp.t_resp, pg_temp.t_score, pg_temp.t_empreinte, pg_temp.t_rep, pg_temp.t_cid, pg_temp.t_calcul, pg_temp.t_gc, pg_temp.t_rc, pg_temp.t_repartition, pg_temp.t_stocke, pg_temp.t_abime, pg_temp.t_lignes, pg_temp.t_ecrits, pg_temp.t_demande, pg_temp.t_somme_college;
    CREATE TEMP TABLE t_calcul ON COMMIT DROP AS SELECT p_campagne AS campagne, v_fichier AS fichier;

    -- The campaign's evaluations, in id order (the order in which lecap
    -- reads the new ones' answers), with the number of their consensus respondent
    -- (-1: none; at most one, index repondant_un_consensus), and integer
    -- keys for its region and structure type (rid, tid: see lecap.agregat).
    -- A kept evaluation (nouvelle false: it has its lecap.resultat_evaluation
    -- row) comes with its stored completeness, set again below for the new
    -- ones and those whose completeness changed. Analysed on the columns
    -- the statements below filter, join or group on (not the names: the
    -- whole table's statistics were 15-18 ms at 10,000 members, these
    -- columns' 4 ms).
    CREATE TEMP TABLE t_eval ON COMMIT DROP AS
    SELECT e.id, e.siret COLLATE "C" AS siret, e.raison_sociale, e.region COLLATE "C" AS region,
           e.type_structure COLLATE "C" AS type_structure,
           e.version_referentiel COLLATE "C" AS version, coalesce(r.complete AND NOT v_zero, false) AS complete,
           r.evaluation_id IS NULL OR v_zero AS nouvelle,
           coalesce(c.numero, -1)::smallint AS cons, g.rid, t.tid
      FROM lecap.evaluation e
      -- the ranks of the few distinct regions and types (two windows over
      -- the whole campaign's rows were 11 ms of 35 at 10,000 members)
      JOIN (SELECT x.region, dense_rank() OVER (ORDER BY x.region COLLATE "C")::int AS rid
              FROM (SELECT DISTINCT region FROM lecap.evaluation WHERE campagne = p_campagne) x) g
        ON g.region = e.region
      JOIN (SELECT x.type_structure, dense_rank() OVER (ORDER BY x.type_structure COLLATE "C")::int AS tid
              FROM (SELECT DISTINCT type_structure FROM lecap.evaluation WHERE campagne = p_campagne) x) t
        ON t.type_structure = e.type_structure
      LEFT JOIN lecap.resultat_evaluation r ON r.evaluation_id = e.id
      LEFT JOIN lecap.repondant c ON c.evaluation_id = e.id AND c.college = 'consensus'
     WHERE e.campagne = p_campagne
     ORDER BY e.id;
    ALTER TABLE t_eval ADD PRIMARY KEY (id);
    ANALYZE t_eval (id, region, type_structure, version, complete, nouvelle, cons, rid, tid);

    -- The grids of these evaluations: small and analysed, so that joins to
    -- it are hashed. Each element carries an integer id (a cheap grouping
    -- key for the answers), its cible and its parent's, and for an indicator its
    -- sub-theme and theme; cid numbers the (niveau, code) pairs across
    -- versions (the key of the aggregates), pcid is the parent's.
    CREATE TEMP TABLE t_elem ON COMMIT DROP AS
    SELECT row_number() OVER (ORDER BY el.version, el.code)::int AS id,
           el.version COLLATE "C" AS version, el.code COLLATE "C" AS code,
           el.niveau COLLATE "C" AS niveau, el.parent COLLATE "C" AS parent, el.poids, el.cible,
           pe.cible AS cible_parent, pe.parent COLLATE "C" AS sous_theme,
           st.parent COLLATE "C" AS theme,
           dense_rank() OVER (ORDER BY el.niveau COLLATE "C", el.code COLLATE "C")::int AS cid,
           NULL::int AS pcid,
           -- An indicator's position in the notes of lecap.reponse (sql/030).
           CASE WHEN el.niveau = 'indicateur'
                THEN row_number() OVER (PARTITION BY el.version, el.niveau = 'indicateur' ORDER BY el.rang)::int
           END AS pos
      FROM lecap.element el
      LEFT JOIN lecap.element pe ON pe.version = el.version AND pe.code = el.parent
      LEFT JOIN lecap.element st ON st.version = pe.version AND st.code = pe.parent
     WHERE el.version IN (SELECT DISTINCT version FROM t_eval);
    ALTER TABLE t_elem ADD PRIMARY KEY (id);
    UPDATE t_elem c SET pcid = p.cid FROM t_elem p WHERE p.version = c.version AND p.code = c.parent;
    ANALYZE t_elem;
    CREATE TEMP TABLE t_cid ON COMMIT DROP AS SELECT DISTINCT cid, niveau, code FROM t_elem;
    ANALYZE t_cid;

    -- The new evaluations' respondents, with their college.
    CREATE TEMP TABLE t_resp ON COMMIT DROP AS
    SELECT p.evaluation_id, p.numero, p.college COLLATE "C" AS college
      FROM lecap.repondant p JOIN t_eval e ON e.id = p.evaluation_id
     WHERE e.nouvelle;
    ALTER TABLE t_resp ADD PRIMARY KEY (evaluation_id, numero);
    ANALYZE t_resp;

    -- The rows that lecap writes itself for the new evaluations, from
    -- their notes (src/aggregate/cellules.c): their colleges' scores
    -- (lecap.score_college), the divergence between their colleges
    -- (lecap.divergence_colleges), their diverging viewpoints
    -- (lecap.divergence) and their consensus against the individual views
    -- (lecap.consensus_evaluation). When an evaluation is kept, those of
    -- the evaluations that go (t_gone; see agreger: the new ones too, in
    -- case rows were left under their id) are deleted first; the colleges'
    -- scores deleted are kept in t_moins_college, for their sums
    -- (lecap.somme_college, in agreger).
    --
    -- When none is kept (a recomputation from scratch: lecap aggregate
    -- --all, --campagne, a first aggregation), the rows of an evaluation
    -- that are stored as they were written (t_stocke) stay in place until
    -- lecap has computed its rows again: it keeps them when they are the
    -- same (the digests of their text, computed as it writes them, equal),
    -- else it deletes them before writing the new ones
    -- (src/aggregate/cellules.c; agreger does it for lecap.score and for
    -- an evaluation left without rows). As they were written: as many rows
    -- in the five tables as their digest counts, each written by the
    -- transaction that wrote the digest (xmin; migration 056). Every other
    -- row of the campaign (an evaluation gone, or rows changed, deleted or
    -- added by hand) is deleted here, through each table's (campagne,
    -- evaluation_id) index. (Writing the 1.5 million rows of a campaign
    -- again, the same ones, was about 3 s of its 8.8 at 10,000 members;
    -- this check reads them in 0.36-0.44 s; docs/performance.md.) Most
    -- often, every row is as written: checked first per writer (below).
    CREATE TEMP TABLE t_stocke (
        evaluation_id bigint PRIMARY KEY, lignes int, somme numeric, lignes_autres int, somme_autres numeric,
        transaction_lignes xid
    ) ON COMMIT DROP;
    CREATE TEMP TABLE t_abime (id bigint PRIMARY KEY) ON COMMIT DROP;
    IF NOT EXISTS (SELECT 1 FROM t_eval WHERE NOT nouvelle) THEN
        -- First per writer: the campaign's rows counted per xmin, against
        -- the rows that the digests say each transaction wrote (the sum of
        -- their counts per transaction_lignes). A row that is not as it was
        -- written is gone (a count short) or was written by another
        -- transaction (a row changed, added, or left under an evaluation
        -- gone: a count over, or a writer no digest names); rows are never
        -- written again under their writer's xmin. When every count is
        -- its digests', every evaluation's rows are as written: one
        -- grouping on a few keys instead of one per evaluation (at 10,000
        -- members, 0.55 s instead of 0.67-0.86 s on 8 December 2026).
        -- (A table made, not a SELECT INTO, which PL/pgSQL runs without
        -- parallel workers.)
        CREATE TEMP TABLE t_ecrits ON COMMIT DROP AS
        SELECT r.x, count(*) AS n
          FROM (SELECT xmin AS x FROM lecap.score WHERE campagne = p_campagne
                UNION ALL
                SELECT xmin FROM lecap.score_college WHERE campagne = p_campagne
                UNION ALL
                SELECT xmin FROM lecap.divergence WHERE campagne = p_campagne
                UNION ALL
                SELECT xmin FROM lecap.divergence_colleges WHERE campagne = p_campagne
                UNION ALL
                SELECT xmin FROM lecap.consensus_evaluation WHERE campagne = p_campagne) r
         GROUP BY r.x;
        SELECT NOT EXISTS (
                 SELECT 1
                   FROM t_ecrits l
                   FULL JOIN (SELECT d.transaction_lignes AS x, sum(d.lignes + d.lignes_autres) AS n
                                FROM lecap.empreinte_evaluation d JOIN t_eval e ON e.id = d.evaluation_id
                               WHERE d.campagne = p_campagne AND d.transaction_lignes IS NOT NULL
                                 AND d.lignes_autres IS NOT NULL
                               GROUP BY d.transaction_lignes) w ON w.x = l.x
                  WHERE l.n IS DISTINCT FROM w.n)
          INTO v_intactes;
        DROP TABLE t_ecrits;
    END IF;
    IF v_intactes THEN
        INSERT INTO t_stocke
        SELECT d.evaluation_id, d.lignes, d.somme, d.lignes_autres, d.somme_autres, d.transaction_lignes
          FROM lecap.empreinte_evaluation d
          JOIN t_eval e ON e.id = d.evaluation_id
         WHERE d.campagne = p_campagne AND d.transaction_lignes IS NOT NULL AND d.lignes_autres IS NOT NULL;
        ANALYZE t_stocke;
        ANALYZE t_abime;
    ELSIF NOT EXISTS (SELECT 1 FROM t_eval WHERE NOT nouvelle) THEN
        -- Else evaluation by evaluation.
        CREATE TEMP TABLE t_lignes ON COMMIT DROP AS
        SELECT r.evaluation_id, count(*)::int AS n, bool_and(r.x = d.transaction_lignes) AS memes
          FROM (SELECT evaluation_id, xmin AS x FROM lecap.score WHERE campagne = p_campagne
                UNION ALL
                SELECT evaluation_id, xmin FROM lecap.score_college WHERE campagne = p_campagne
                UNION ALL
                SELECT evaluation_id, xmin FROM lecap.divergence WHERE campagne = p_campagne
                UNION ALL
                SELECT evaluation_id, xmin FROM lecap.divergence_colleges WHERE campagne = p_campagne
                UNION ALL
                SELECT evaluation_id, xmin FROM lecap.consensus_evaluation WHERE campagne = p_campagne) r
          LEFT JOIN lecap.empreinte_evaluation d ON d.campagne = p_campagne AND d.evaluation_id = r.evaluation_id
         GROUP BY r.evaluation_id;
        INSERT INTO t_stocke
        SELECT d.evaluation_id, d.lignes, d.somme, d.lignes_autres, d.somme_autres, d.transaction_lignes
          FROM lecap.empreinte_evaluation d
          JOIN t_eval e ON e.id = d.evaluation_id
          LEFT JOIN t_lignes l ON l.evaluation_id = d.evaluation_id
         WHERE d.campagne = p_campagne AND d.transaction_lignes IS NOT NULL AND d.lignes_autres IS NOT NULL
           AND d.lignes + d.lignes_autres = coalesce(l.n, 0) AND coalesce(l.memes, true);
        INSERT INTO t_abime
        SELECT l.evaluation_id FROM t_lignes l
         WHERE NOT EXISTS (SELECT 1 FROM t_stocke s WHERE s.evaluation_id = l.evaluation_id);
        DROP TABLE t_lignes;
        ANALYZE t_stocke;
        ANALYZE t_abime;
        DELETE FROM lecap.score r USING t_abime g WHERE r.campagne = p_campagne AND r.evaluation_id = g.id;
        PERFORM lecap.lignes_propres_effacer(p_campagne, ARRAY(SELECT id FROM t_abime));
    ELSE
        -- The evaluations whose rows go: every one of the campaign that has
        -- rows and is not kept, found without reading the rows. An
        -- evaluation has rows in lecap.score, lecap.score_college,
        -- lecap.divergence, lecap.consensus_evaluation and
        -- lecap.divergence_colleges only if it has its digest in
        -- lecap.empreinte_evaluation, written with them (agreger) and
        -- deleted with them (migration 044 made it so for the rows older
        -- than the digests); an erasure (lecap purger --siret,
        -- effacer_adherent.sql) deletes its lecap.resultat_evaluation row
        -- but neither its rows nor its digest. The new evaluations are
        -- added, in case rows were left under their id. Each table is then
        -- deleted from through its (campagne, evaluation_id) index (here and
        -- in agreger): a night with one corrected export read the whole
        -- campaign's rows of each table to find those of one (0.93 s at
        -- 10,000 members, timed by auto_explain, issue 20).
        CREATE TEMP TABLE t_gone ON COMMIT DROP AS
        SELECT x.id
          FROM (SELECT evaluation_id AS id FROM lecap.empreinte_evaluation WHERE campagne = p_campagne
                UNION
                SELECT evaluation_id FROM lecap.resultat_evaluation WHERE campagne = p_campagne
                UNION
                SELECT id FROM t_eval WHERE nouvelle) x
         WHERE NOT EXISTS (SELECT 1 FROM t_eval e WHERE e.id = x.id AND NOT e.nouvelle);
        ALTER TABLE t_gone ADD PRIMARY KEY (id);
        ANALYZE t_gone;
        CREATE TEMP TABLE t_moins_college ON COMMIT DROP AS
        SELECT evaluation_id, college, niveau, code, score, n_repondants
          FROM lecap.score_college WITH NO DATA;
        WITH d AS (DELETE FROM lecap.score_college r USING t_gone g
                    WHERE r.campagne = p_campagne AND r.evaluation_id = g.id
                   RETURNING r.evaluation_id, r.college, r.niveau, r.code, r.score, r.n_repondants)
        INSERT INTO t_moins_college SELECT * FROM d;
        DELETE FROM lecap.divergence_colleges r USING t_gone g
         WHERE r.campagne = p_campagne AND r.evaluation_id = g.id;
        DELETE FROM lecap.divergence r USING t_gone g WHERE r.campagne = p_campagne AND r.evaluation_id = g.id;
        DELETE FROM lecap.consensus_evaluation r USING t_gone g
         WHERE r.campagne = p_campagne AND r.evaluation_id = g.id;
    END IF;

    -- The new evaluations' scores level by level, filled by lecap (see
    -- agreger for what each row holds): score NULL means NC, no row means
    -- missing; cid numbers the element (t_cid). Not those of the
    -- evaluations whose rows are kept in place (t_empreinte.garde): agreger
    -- reads them from lecap.score when it needs them.
    CREATE TEMP TABLE t_score (
        evaluation_id bigint, niveau text COLLATE "C", code text COLLATE "C",
        score numeric, atteint boolean, n_objectifs int, n_atteints int, cid int
    ) ON COMMIT DROP;
    -- The new evaluations' digests, filled by lecap with their rows (see
    -- agreger): one row per evaluation with rows.
    -- garde: its stored rows are the ones computed, kept in place (lecap
    -- wrote none of them, nor its t_score rows); indicateurs: its t_score
    -- rows of indicators (answered, a score or NC), scores: its t_score
    -- rows with a score, the kept ones' included (agreger reads the
    -- completeness and the count of the distribution's scores there).
    CREATE TEMP TABLE t_empreinte (
        evaluation_id bigint, lignes int, somme numeric, lignes_autres int, somme_autres numeric, garde boolean,
        indicateurs int, scores int
    ) ON COMMIT DROP;
    -- When every evaluation of the campaign is new, the aggregates of the
    -- distribution of its complete evaluations' scores, filled by lecap as
    -- it computes them (src/aggregate/repartition.h): t_g's rows (t_gc:
    -- regions and network; rid NULL for the network, tid NULL for every
    -- type) and the network's distribution (t_rc, lecap.repartition_score's
    -- rows by keys), with the number of scores counted (t_repartition, one
    -- row once they are written; none: agreger groups t_score itself),
    -- the demand for the offers (t_demande: t_obj's rows, per region
    -- and offer the complete evaluations with an unreached objective that
    -- points to it and those objectives; src/aggregate/demande.h), and
    -- the sums of the colleges' scores (t_somme_college: the campaign's
    -- rows of lecap.somme_college; src/aggregate/somme_college.h).
    CREATE TEMP TABLE t_gc (
        rid int, tid int, cid int, n int, moyenne numeric, mediane numeric, q1 numeric, q3 numeric,
        minimum numeric, maximum numeric, part numeric
    ) ON COMMIT DROP;
    CREATE TEMP TABLE t_rc (
        tid int, cid int, score numeric, echelle smallint, n int, n_atteints bigint, n_objectifs bigint
    ) ON COMMIT DROP;
    CREATE TEMP TABLE t_repartition (scores bigint) ON COMMIT DROP;
    CREATE TEMP TABLE t_demande (region text COLLATE "C", offre text COLLATE "C", n_ent int, n_obj int)
        ON COMMIT DROP;
    CREATE TEMP TABLE t_somme_college (
        region text COLLATE "C", college text COLLATE "C", niveau text COLLATE "C", code text COLLATE "C",
        echelle smallint, n int, n_repondants bigint, somme numeric
    ) ON COMMIT DROP;
END
$$;
COMMENT ON FUNCTION lecap.agreger_preparer(int) IS 'Prépare l''agrégation d''une campagne dans la transaction de l''appelant : verrous, évaluations, grille, répondants des évaluations nouvelles et table de leurs scores, que lecap remplit (lecap aggregate)';
REVOKE EXECUTE ON FUNCTION lecap.agreger_preparer(int) FROM PUBLIC;

-- lecap.agreger as sql/004_agregats.sql first defined it (before the rewrite
-- for speed, now sql/fonctions/agreger.sql), installed as lecap.agreger_004:
-- the reference of tests/integration/43-agregats-equivalence.sh.

-- Recomputes every result of one campaign, in the caller's transaction
-- (lecap aggregate runs one transaction per campaign). Set-based: each step
-- is one statement over the whole campaign; the intermediate results are
-- temporary tables dropped at commit.
CREATE FUNCTION lecap.agreger_004(p_campagne int, p_completude_min numeric, p_seuil_secret int)
RETURNS TABLE (evaluations int, completes int, agregats int)
LANGUAGE plpgsql AS $$
DECLARE
    v_prec int := lecap.campagne_precedente(p_campagne);
    v_fichier bigint;
    v_eval int;
    v_comp int;
    v_agr int;
BEGIN
    IF p_completude_min IS NULL OR p_completude_min < 0 OR p_completude_min > 1 THEN
        RAISE EXCEPTION 'completude_min doit être entre 0 et 1 (reçu %)', p_completude_min;
    END IF;
    IF p_seuil_secret IS NULL OR p_seuil_secret < 1 THEN
        RAISE EXCEPTION 'seuil_secret doit être un entier positif (reçu %)', p_seuil_secret;
    END IF;
    -- The run lock of src/runlock.c: lecap aggregate already holds it (a
    -- session may take it again); a call from psql waits for a running lecap.
    PERFORM pg_advisory_xact_lock(7810758398886019074);
    PERFORM set_config('work_mem', '256MB', true);
    -- Taken first: a file integrated while we compute makes us stale.
    SELECT coalesce(max(id), 0) INTO v_fichier FROM lecap.fichier
     WHERE statut = 'integre' AND (campagne = p_campagne OR nature = 'adherents');

    DROP TABLE IF EXISTS pg_temp.t_eval, pg_temp.t_elem, pg_temp.t_cell, pg_temp.t_ind, pg_temp.t_score, pg_temp.t_rep;

    -- The campaign's evaluations.
    CREATE TEMP TABLE t_eval ON COMMIT DROP AS
    SELECT e.id, e.siret COLLATE "C" AS siret, e.raison_sociale, e.region COLLATE "C" AS region,
           e.type_structure COLLATE "C" AS type_structure,
           e.version_referentiel COLLATE "C" AS version, false AS complete
      FROM lecap.evaluation e WHERE e.campagne = p_campagne;
    ALTER TABLE t_eval ADD PRIMARY KEY (id);
    ANALYZE t_eval;

    -- The grids of these evaluations: small and analysed, so that joins to
    -- it are hashed. Each element carries an integer id (a cheap grouping
    -- key for the answers), its parent's cible, and for an indicator its
    -- sub-theme and theme.
    CREATE TEMP TABLE t_elem ON COMMIT DROP AS
    SELECT row_number() OVER (ORDER BY el.version, el.code)::int AS id,
           el.version COLLATE "C" AS version, el.code COLLATE "C" AS code,
           el.niveau COLLATE "C" AS niveau, el.parent COLLATE "C" AS parent, el.poids,
           pe.cible AS cible_parent, pe.parent COLLATE "C" AS sous_theme,
           st.parent COLLATE "C" AS theme
      FROM lecap.element el
      LEFT JOIN lecap.element pe ON pe.version = el.version AND pe.code = el.parent
      LEFT JOIN lecap.element st ON st.version = pe.version AND st.code = pe.parent
     WHERE el.version IN (SELECT DISTINCT version FROM t_eval);
    ALTER TABLE t_elem ADD PRIMARY KEY (id);
    ANALYZE t_elem;

    -- Respondents per evaluation and college (consensus apart).
    CREATE TEMP TABLE t_rep ON COMMIT DROP AS
    SELECT p.evaluation_id, p.college COLLATE "C" AS college, count(*)::int AS n
      FROM lecap.repondant p JOIN t_eval e ON e.id = p.evaluation_id
     GROUP BY 1, 2;
    ANALYZE t_rep;

    -- The one pass over the answers, two groupings at once (hashed):
    -- per evaluation and indicator of its grid, what the scoring rules need
    -- (the consensus note, the individual notes' count, sum and range);
    -- per evaluation, college and sub-theme, the count and sum of the notes.
    CREATE TEMP TABLE t_cell ON COMMIT DROP AS
    SELECT r.evaluation_id, el.id AS ind, p.college COLLATE "C" AS college,
           CASE WHEN GROUPING(el.id) = 0 THEN 'indicateur' ELSE 'sous_theme' END AS niveau,
           el.sous_theme AS code,
           bool_or(p.college = 'consensus') AS consensus,
           max(r.note) FILTER (WHERE p.college = 'consensus') AS note_consensus,
           count(r.note) FILTER (WHERE p.college <> 'consensus')::int AS n_notes,
           sum(r.note) FILTER (WHERE p.college <> 'consensus')::int AS somme,
           max(r.note) FILTER (WHERE p.college <> 'consensus')
             - min(r.note) FILTER (WHERE p.college <> 'consensus') AS ecart
      FROM lecap.v_reponse r
      JOIN t_eval e ON e.id = r.evaluation_id
      JOIN lecap.repondant p ON p.evaluation_id = r.evaluation_id AND p.numero = r.repondant
      JOIN t_elem el ON el.version = e.version AND el.code = r.indicateur
                    AND el.niveau = 'indicateur'
     GROUP BY GROUPING SETS ((r.evaluation_id, el.id), (r.evaluation_id, p.college, el.sous_theme));
    ANALYZE t_cell;

    -- Indicator of an enterprise: the consensus note when the consensus
    -- row answers (NC there is NC); else the mean of the individual notes;
    -- NC (score NULL) when every given answer is NC; no row when none.
    CREATE TEMP TABLE t_ind ON COMMIT DROP AS
    SELECT evaluation_id, ind,
           CASE WHEN consensus THEN note_consensus::numeric
                ELSE somme::numeric / nullif(n_notes, 0) END AS score,
           n_notes AS n_individuelles, ecart
      FROM t_cell WHERE niveau = 'indicateur';
    ANALYZE t_ind;

    -- Scores level by level; score NULL means NC, no row means missing.
    CREATE TEMP TABLE t_score (
        evaluation_id bigint, niveau text COLLATE "C", code text COLLATE "C",
        score numeric, atteint boolean, n_objectifs int, n_atteints int
    ) ON COMMIT DROP;
    INSERT INTO t_score (evaluation_id, niveau, code, score)
    SELECT i.evaluation_id, 'indicateur', el.code, i.score
      FROM t_ind i JOIN t_elem el ON el.id = i.ind;

    -- Objective: weighted mean (poids) of its indicators, NC and missing
    -- excluded; reached when score ≥ cible.
    INSERT INTO t_score
    SELECT o.evaluation_id, 'objectif', o.code, o.score, o.score >= o.cible,
           (o.score IS NOT NULL)::int, coalesce((o.score >= o.cible)::int, 0)
      FROM (SELECT i.evaluation_id, el.parent AS code, el.cible_parent AS cible,
                   sum(el.poids * i.score) / nullif(sum(el.poids) FILTER (WHERE i.score IS NOT NULL), 0) AS score
              FROM t_ind i JOIN t_elem el ON el.id = i.ind
             GROUP BY i.evaluation_id, el.parent, el.cible_parent) o;
    ANALYZE t_score;

    -- Sub-theme, then theme: weighted means of the level below; the counts
    -- of scored and reached objectives add up.
    INSERT INTO t_score (evaluation_id, niveau, code, score, n_objectifs, n_atteints)
    SELECT s.evaluation_id, 'sous_theme', el.parent,
           sum(el.poids * s.score) / nullif(sum(el.poids) FILTER (WHERE s.score IS NOT NULL), 0),
           sum(s.n_objectifs), sum(s.n_atteints)
      FROM t_score s
      JOIN t_eval e ON e.id = s.evaluation_id
      JOIN t_elem el ON el.version = e.version AND el.code = s.code
     WHERE s.niveau = 'objectif'
     GROUP BY s.evaluation_id, el.parent;
    ANALYZE t_score;
    INSERT INTO t_score (evaluation_id, niveau, code, score, n_objectifs, n_atteints)
    SELECT s.evaluation_id, 'theme', el.parent,
           sum(el.poids * s.score) / nullif(sum(el.poids) FILTER (WHERE s.score IS NOT NULL), 0),
           sum(s.n_objectifs), sum(s.n_atteints)
      FROM t_score s
      JOIN t_eval e ON e.id = s.evaluation_id
      JOIN t_elem el ON el.version = e.version AND el.code = s.code
     WHERE s.niveau = 'sous_theme'
     GROUP BY s.evaluation_id, el.parent;
    ANALYZE t_score;

    -- Completeness: share of the grid's indicators with a score or NC.
    DELETE FROM lecap.resultat_evaluation WHERE campagne = p_campagne;
    INSERT INTO lecap.resultat_evaluation
    SELECT e.id, p_campagne, e.siret, e.raison_sociale, e.region, e.type_structure, e.version,
           coalesce(rp.n, 0), coalesce(rp.consensus, false), g.n, coalesce(s.n, 0),
           coalesce(s.n, 0)::numeric / g.n,
           coalesce(s.n, 0)::numeric / g.n >= p_completude_min
      FROM t_eval e
      JOIN (SELECT version, count(*)::int AS n FROM t_elem
             WHERE niveau = 'indicateur' GROUP BY version) g ON g.version = e.version
      LEFT JOIN (SELECT evaluation_id, count(*)::int AS n FROM t_ind GROUP BY 1) s ON s.evaluation_id = e.id
      LEFT JOIN (SELECT evaluation_id, sum(n) FILTER (WHERE college <> 'consensus')::int AS n,
                        bool_or(college = 'consensus') AS consensus
                   FROM t_rep GROUP BY 1) rp ON rp.evaluation_id = e.id;
    UPDATE t_eval e SET complete = r.complete
      FROM lecap.resultat_evaluation r WHERE r.evaluation_id = e.id;
    ANALYZE t_eval;
    SELECT count(*), count(*) FILTER (WHERE complete) INTO v_eval, v_comp FROM t_eval;

    DELETE FROM lecap.score WHERE campagne = p_campagne;
    INSERT INTO lecap.score
    SELECT p_campagne, s.evaluation_id, e.region, s.niveau, s.code, s.score, s.atteint,
           s.n_objectifs, s.n_atteints
      FROM t_score s JOIN t_eval e ON e.id = s.evaluation_id;

    -- A college's score: the mean of its respondents' notes (NC excluded)
    -- over the indicators of a sub-theme, or of a theme.
    DELETE FROM lecap.score_college WHERE campagne = p_campagne;
    INSERT INTO lecap.score_college
    WITH st AS (
        SELECT c.evaluation_id, e.region, c.college, c.code, t.theme, c.somme, c.n_notes
          FROM t_cell c
          JOIN t_eval e ON e.id = c.evaluation_id
          JOIN (SELECT DISTINCT version, sous_theme, theme FROM t_elem WHERE niveau = 'indicateur') t
            ON t.version = e.version AND t.sous_theme = c.code
         WHERE c.niveau = 'sous_theme' AND c.college <> 'consensus' AND c.n_notes > 0)
    SELECT p_campagne, x.evaluation_id, x.region, x.college, x.niveau, x.code,
           x.somme::numeric / x.n_notes, rp.n
      FROM (SELECT evaluation_id, region, college, 'sous_theme' AS niveau, code, somme, n_notes FROM st
            UNION ALL
            SELECT evaluation_id, region, college, 'theme', theme, sum(somme), sum(n_notes)
              FROM st GROUP BY evaluation_id, region, college, theme) x
      JOIN t_rep rp ON rp.evaluation_id = x.evaluation_id AND rp.college = x.college;

    -- Network aggregates over complete evaluations: per region and type,
    -- per type, per region, for the network; evolution against the same
    -- key in the previous campaign.
    DELETE FROM lecap.agregat WHERE campagne = p_campagne;
    INSERT INTO lecap.agregat
    WITH g AS (
        SELECT coalesce(e.region, 'FR') AS region, coalesce(e.type_structure, '*') AS type_structure,
               s.niveau, s.code, count(*)::int AS n, avg(s.score) AS moyenne,
               round(percentile_cont(0.5) WITHIN GROUP (ORDER BY s.score::float8)::numeric, 10) AS mediane,
               round(percentile_cont(0.25) WITHIN GROUP (ORDER BY s.score::float8)::numeric, 10) AS q1,
               round(percentile_cont(0.75) WITHIN GROUP (ORDER BY s.score::float8)::numeric, 10) AS q3,
               min(s.score) AS minimum, max(s.score) AS maximum,
               sum(s.n_atteints)::numeric / nullif(sum(s.n_objectifs), 0) AS part
          FROM t_score s JOIN t_eval e ON e.id = s.evaluation_id
         WHERE s.score IS NOT NULL AND e.complete
         GROUP BY GROUPING SETS ((e.region, e.type_structure, s.niveau, s.code),
                                 (e.type_structure, s.niveau, s.code),
                                 (e.region, s.niveau, s.code),
                                 (s.niveau, s.code)))
    SELECT p_campagne, g.region, g.type_structure, g.niveau, g.code, g.n, g.moyenne,
           g.mediane, g.q1, g.q3, g.minimum, g.maximum,
           CASE WHEN g.niveau = 'indicateur' THEN NULL ELSE g.part END,
           g.moyenne - p.moyenne, g.n >= p_seuil_secret
      FROM g LEFT JOIN lecap.agregat p
        ON p.campagne = v_prec AND p.region = g.region
       AND p.type_structure = g.type_structure AND p.code = g.code AND p.niveau = g.niveau;
    GET DIAGNOSTICS v_agr = ROW_COUNT;

    DELETE FROM lecap.agregat_college WHERE campagne = p_campagne;
    INSERT INTO lecap.agregat_college
    SELECT p_campagne, coalesce(c.region, 'FR'), c.college, c.niveau, c.code, count(*),
           sum(c.n_repondants), avg(c.score), count(*) >= p_seuil_secret
      FROM lecap.score_college c JOIN t_eval e ON e.id = c.evaluation_id
     WHERE c.campagne = p_campagne AND e.complete
     GROUP BY GROUPING SETS ((c.region, c.college, c.niveau, c.code), (c.college, c.niveau, c.code));

    -- Diverging viewpoints: per indicator the range of the individual notes
    -- (at least two), then the mean per sub-theme.
    DELETE FROM lecap.divergence WHERE campagne = p_campagne;
    INSERT INTO lecap.divergence
    SELECT p_campagne, i.evaluation_id, e.region, el.sous_theme, avg(i.ecart), count(*),
           avg(i.ecart) >= 2
      FROM t_ind i
      JOIN t_eval e ON e.id = i.evaluation_id
      JOIN t_elem el ON el.id = i.ind
     WHERE i.n_individuelles >= 2
     GROUP BY i.evaluation_id, e.region, el.sous_theme;

    DELETE FROM lecap.divergence_agregat WHERE campagne = p_campagne;
    INSERT INTO lecap.divergence_agregat
    SELECT p_campagne, coalesce(d.region, 'FR'), d.sous_theme, count(*), avg(d.ecart_moyen),
           count(*) FILTER (WHERE d.point_de_debat),
           (count(*) FILTER (WHERE d.point_de_debat))::numeric / count(*),
           count(*) >= p_seuil_secret
      FROM lecap.divergence d JOIN t_eval e ON e.id = d.evaluation_id
     WHERE d.campagne = p_campagne AND e.complete
     GROUP BY GROUPING SETS ((d.region, d.sous_theme), (d.sous_theme));

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

    -- Demand for the service offer: what the plans call for, and what the
    -- unreached objectives of complete evaluations point to.
    DELETE FROM lecap.demande_offres WHERE campagne = p_campagne;
    INSERT INTO lecap.demande_offres
    WITH pla AS (
        SELECT coalesce(p.region, 'FR') AS region, o.offre,
               count(DISTINCT p.id)::int AS n_ent, count(*)::int AS n_act
          FROM t_plan p JOIN lecap.plan_action_offre o ON o.plan_id = p.id
         WHERE p.campagne = p_campagne
         GROUP BY GROUPING SETS ((p.region, o.offre), (o.offre))),
    obj AS (
        SELECT coalesce(e.region, 'FR') AS region, eo.offre,
               count(DISTINCT s.evaluation_id)::int AS n_ent, count(*)::int AS n_obj
          FROM t_score s
          JOIN t_eval e ON e.id = s.evaluation_id
          JOIN lecap.element_offre eo ON eo.version = e.version AND eo.code = s.code
         WHERE s.niveau = 'objectif' AND NOT s.atteint AND e.complete
         GROUP BY GROUPING SETS ((e.region, eo.offre), (eo.offre)))
    SELECT p_campagne, coalesce(a.region, b.region), coalesce(a.offre, b.offre),
           coalesce(a.n_ent, 0), coalesce(a.n_act, 0), coalesce(b.n_ent, 0), coalesce(b.n_obj, 0),
           greatest(coalesce(a.n_ent, 0), coalesce(b.n_ent, 0)) >= p_seuil_secret
      FROM pla a FULL JOIN obj b ON b.region = a.region AND b.offre = a.offre;

    -- Participation: the registry against the evaluations up to this
    -- campaign; key figures of the campaign's evaluations.
    DROP TABLE IF EXISTS pg_temp.t_adh;
    CREATE TEMP TABLE t_adh ON COMMIT DROP AS
    SELECT a.siret, a.region, a.raison_sociale, a.type_structure, d.derniere
      FROM lecap.adherent a
      LEFT JOIN (SELECT siret, max(campagne) AS derniere FROM lecap.evaluation
                  WHERE campagne <= p_campagne GROUP BY siret) d ON d.siret = a.siret;

    DELETE FROM lecap.participation WHERE campagne = p_campagne;
    INSERT INTO lecap.participation
    WITH adh AS (
        SELECT coalesce(region, 'FR') AS region, count(*)::int AS n,
               count(*) FILTER (WHERE derniere = p_campagne)::int AS n_eval,
               count(*) FILTER (WHERE derniere <= p_campagne - 2)::int AS n_anc,
               count(*) FILTER (WHERE derniere IS NULL)::int AS n_jamais
          FROM t_adh GROUP BY GROUPING SETS ((region), ())),
    ev AS (
        SELECT coalesce(e.region, 'FR') AS region, count(*)::int AS n,
               count(*) FILTER (WHERE e.complete)::int AS n_comp,
               coalesce(sum(r.n_repondants), 0)::int AS n_rep
          FROM t_eval e JOIN lecap.resultat_evaluation r ON r.evaluation_id = e.id
         GROUP BY GROUPING SETS ((e.region), ()))
    SELECT p_campagne, coalesce(a.region, v.region), coalesce(a.n, 0), coalesce(a.n_eval, 0),
           a.n_eval::numeric / nullif(a.n, 0), coalesce(a.n_anc, 0), coalesce(a.n_jamais, 0),
           coalesce(v.n, 0), coalesce(v.n_comp, 0), coalesce(v.n_rep, 0)
      FROM adh a FULL JOIN ev v ON v.region = a.region;

    DELETE FROM lecap.adherent_sans_evaluation WHERE campagne = p_campagne;
    INSERT INTO lecap.adherent_sans_evaluation
    SELECT p_campagne, region, siret, raison_sociale, type_structure, derniere
      FROM t_adh WHERE derniere IS NULL OR derniere <= p_campagne - 2;

    DELETE FROM lecap.repondants_college WHERE campagne = p_campagne;
    INSERT INTO lecap.repondants_college
    SELECT p_campagne, coalesce(e.region, 'FR'), r.college, sum(r.n), count(*)
      FROM t_rep r JOIN t_eval e ON e.id = r.evaluation_id
     WHERE r.college <> 'consensus'
     GROUP BY GROUPING SETS ((e.region, r.college), (r.college));

    INSERT INTO lecap.agregat_campagne AS a
    VALUES (p_campagne, clock_timestamp(), v_fichier, v_prec, p_completude_min, p_seuil_secret,
            v_eval, v_comp, v_agr)
    ON CONFLICT (campagne) DO UPDATE
       SET calcule_le = excluded.calcule_le, dernier_fichier_id = excluded.dernier_fichier_id,
           campagne_precedente = excluded.campagne_precedente,
           completude_min = excluded.completude_min, seuil_secret = excluded.seuil_secret,
           n_evaluations = excluded.n_evaluations, n_completes = excluded.n_completes,
           n_agregats = excluded.n_agregats;

    DROP TABLE pg_temp.t_eval, pg_temp.t_elem, pg_temp.t_cell, pg_temp.t_ind, pg_temp.t_score, pg_temp.t_rep, pg_temp.t_plan, pg_temp.t_adh;
    RETURN QUERY SELECT v_eval, v_comp, v_agr;
END
$$;

-- Recomputes the campaign's participation from the members registered at
-- the campaign, then decides the campaign's secrecy pattern. Called by
-- lecap aggregate right after lecap.agreger(), in the same transaction; it
-- reads only result tables (and the registry history).
CREATE FUNCTION lecap.publier(p_campagne int, p_seuil_secret int)
RETURNS TABLE (cellules int, primaires int, secondaires int)
LANGUAGE plpgsql AS $$
DECLARE
    v_changed int;
    v_rounds int := 0;
    v_cel int;
    v_pri int;
    v_sec int;
    v_prec int;
    v_cible text;
    v_lignes int;
    v_somme numeric;
    v_parametres text;
    v_meme boolean;
    v_evol_meme boolean;
BEGIN
    IF p_seuil_secret IS NULL OR p_seuil_secret < 1 THEN
        RAISE EXCEPTION 'seuil_secret doit être un entier positif (reçu %)', p_seuil_secret;
    END IF;

    -- The registry's history (lecap.adherent_historique): the members of
    -- the current registry, and those it no longer has, gone since the day
    -- it was integrated. Only the members whose row differs are offered
    -- (an anti-join: each of the 10,000 members' conflict checked by the
    -- index was 25 ms a night, for none to write).
    INSERT INTO lecap.adherent_historique AS h
    SELECT a.siret, a.raison_sociale, a.region, a.type_structure, a.date_adhesion, NULL
      FROM lecap.adherent a
     WHERE NOT EXISTS (SELECT 1 FROM lecap.adherent_historique x
                        WHERE x.siret = a.siret
                          AND (x.raison_sociale, x.region, x.type_structure, x.date_adhesion, x.sorti_le)
                              IS NOT DISTINCT FROM (a.raison_sociale, a.region, a.type_structure,
                                                    a.date_adhesion, NULL::date))
    ON CONFLICT (siret) DO UPDATE
       SET raison_sociale = excluded.raison_sociale, region = excluded.region,
           type_structure = excluded.type_structure, date_adhesion = excluded.date_adhesion,
           sorti_le = NULL
     WHERE (h.raison_sociale, h.region, h.type_structure, h.date_adhesion, h.sorti_le)
           IS DISTINCT FROM (excluded.raison_sociale, excluded.region, excluded.type_structure,
                             excluded.date_adhesion, NULL::date);
    UPDATE lecap.adherent_historique h
       SET sorti_le = (SELECT f.recu_le::date FROM lecap.fichier f
                        WHERE f.id = (SELECT max(a.fichier_id) FROM lecap.adherent a))
     WHERE h.sorti_le IS NULL AND EXISTS (SELECT 1 FROM lecap.adherent)
       AND NOT EXISTS (SELECT 1 FROM lecap.adherent a WHERE a.siret = h.siret);

    -- Participation: the registry as it stood at the campaign.
    DROP TABLE IF EXISTS pg_temp.p_adh;
    CREATE TEMP TABLE p_adh ON COMMIT DROP AS
    -- A member evaluated at the campaign counts in the region of that
    -- evaluation; the others in the region of the latest registry.
    SELECT a.siret, coalesce(ev.region, a.region) AS region, a.raison_sociale, a.type_structure, d.derniere
      FROM lecap.adherents_campagne(p_campagne) a
      LEFT JOIN lecap.evaluation ev ON ev.siret = a.siret AND ev.campagne = p_campagne
      LEFT JOIN (SELECT e.siret, max(e.campagne) AS derniere FROM lecap.evaluation e
                  WHERE e.campagne <= p_campagne GROUP BY e.siret) d ON d.siret = a.siret;
    DELETE FROM lecap.participation WHERE campagne = p_campagne;
    INSERT INTO lecap.participation
    WITH adh AS (
        SELECT coalesce(region, 'FR') AS region, count(*)::int AS n,
               count(*) FILTER (WHERE derniere = p_campagne)::int AS n_eval,
               count(*) FILTER (WHERE derniere <= p_campagne - 2)::int AS n_anc,
               count(*) FILTER (WHERE derniere IS NULL)::int AS n_jamais
          FROM p_adh GROUP BY GROUPING SETS ((region), ())),
    ev AS (
        SELECT coalesce(r.region, 'FR') AS region, count(*)::int AS n,
               count(*) FILTER (WHERE r.complete)::int AS n_comp,
               coalesce(sum(r.n_repondants), 0)::int AS n_rep
          FROM lecap.resultat_evaluation r WHERE r.campagne = p_campagne
         GROUP BY GROUPING SETS ((r.region), ()))
    SELECT p_campagne, coalesce(a.region, v.region), coalesce(a.n, 0), coalesce(a.n_eval, 0),
           a.n_eval::numeric / nullif(a.n, 0), coalesce(a.n_anc, 0), coalesce(a.n_jamais, 0),
           coalesce(v.n, 0), coalesce(v.n_comp, 0), coalesce(v.n_rep, 0)
      FROM adh a FULL JOIN ev v ON v.region = a.region
     WHERE coalesce(a.n, 0) > 0 OR coalesce(v.n, 0) > 0;
    DELETE FROM lecap.adherent_sans_evaluation WHERE campagne = p_campagne;
    INSERT INTO lecap.adherent_sans_evaluation
    SELECT p_campagne, region, siret, raison_sociale, type_structure, derniere
      FROM p_adh WHERE derniere IS NULL OR derniere <= p_campagne - 2;

    -- The effect of progress plans (lecap.effet_plan), against the
    -- previous campaign: its cells are decided below with the others.
    v_prec := lecap.campagne_precedente(p_campagne);
    PERFORM lecap.effet_plan_calculer(p_campagne, v_prec);

    -- Every cell of the campaign: primary secrecy, and the size of its
    -- population (complete evaluations of its region and type) that ranks
    -- the candidates for secondary secrecy.
    DROP TABLE IF EXISTS pg_temp.p_cel, pg_temp.p_mem, pg_temp.p_pop;
    CREATE TEMP TABLE p_pop ON COMMIT DROP AS
    SELECT coalesce(region, 'FR') COLLATE "C" AS region, coalesce(type_structure, '*') COLLATE "C" AS type_structure,
           count(*)::int AS n
      FROM lecap.resultat_evaluation WHERE campagne = p_campagne AND complete
     GROUP BY GROUPING SETS ((region, type_structure), (region), (type_structure), ());

    CREATE TEMP TABLE p_cel (
        id serial PRIMARY KEY, tableau text COLLATE "C", region text COLLATE "C",
        ventilation text COLLATE "C", code text COLLATE "C", n int, pop int, total boolean,
        motif text, tour int NOT NULL DEFAULT 0) ON COMMIT DROP;
    INSERT INTO p_cel (tableau, region, ventilation, code, n, pop, total, motif)
    SELECT 'agregat', a.region, a.type_structure, a.code, a.n_entreprises, coalesce(p.n, 0),
           false, CASE WHEN a.n_entreprises < p_seuil_secret THEN 'primaire' END
      FROM lecap.agregat a
      LEFT JOIN p_pop p ON p.region = a.region AND p.type_structure = a.type_structure
     WHERE a.campagne = p_campagne
    UNION ALL
    SELECT 'college', region, college, code, n_entreprises, n_entreprises, false,
           CASE WHEN n_entreprises < p_seuil_secret THEN 'primaire' END
      FROM lecap.agregat_college WHERE campagne = p_campagne
    UNION ALL
    SELECT 'divergence', region, '', sous_theme, n_entreprises, n_entreprises, false,
           CASE WHEN n_entreprises < p_seuil_secret THEN 'primaire' END
      FROM lecap.divergence_agregat WHERE campagne = p_campagne
    UNION ALL
    SELECT 'plan', region, '', objectif, n_entreprises, n_entreprises, false,
           CASE WHEN n_entreprises < p_seuil_secret THEN 'primaire' END
      FROM lecap.plan_agregat WHERE campagne = p_campagne
    UNION ALL
    SELECT 'offre_plan', region, '', offre, n_entreprises_plan, n_entreprises_plan, false,
           CASE WHEN n_entreprises_plan > 0 AND n_entreprises_plan < p_seuil_secret THEN 'primaire' END
      FROM lecap.demande_offres WHERE campagne = p_campagne
    UNION ALL
    SELECT 'offre_objectifs', region, '', offre, n_entreprises_objectifs, n_entreprises_objectifs, false,
           CASE WHEN n_entreprises_objectifs > 0 AND n_entreprises_objectifs < p_seuil_secret THEN 'primaire' END
      FROM lecap.demande_offres WHERE campagne = p_campagne
    UNION ALL
    -- The participation cell is its count of respondents. Counts of
    -- enterprises (n_evaluations, n_completes) are never secret: the n of
    -- every published cell is the count of complete evaluations, so a
    -- secret n_completes would be printed anyway in the region's tables
    -- (and FR − Σ regions would give it back).
    SELECT 'participation', region, '', '', n_evaluations, n_evaluations, false,
           CASE WHEN n_evaluations > 0 AND n_evaluations < p_seuil_secret THEN 'primaire' END
      FROM lecap.participation WHERE campagne = p_campagne
    UNION ALL
    SELECT 'repondants', region, college, '', n_entreprises, n_entreprises, false,
           CASE WHEN n_entreprises < p_seuil_secret THEN 'primaire' END
      FROM lecap.repondants_college WHERE campagne = p_campagne
    UNION ALL
    -- The effect of plans: each row's two evolutions are two cells, the
    -- group with a plan (effet_avec, one per status) and the group without
    -- (effet_sans, the 'tous' row's: every status row shows it); a group of
    -- nobody is no cell.
    SELECT 'effet_avec', region, statut, code, n_avec, n_avec, false,
           CASE WHEN n_avec < p_seuil_secret THEN 'primaire' END
      FROM lecap.effet_plan WHERE campagne = p_campagne AND n_avec > 0
    UNION ALL
    SELECT 'effet_sans', region, statut, code, n_sans, n_sans, false,
           CASE WHEN n_sans < p_seuil_secret THEN 'primaire' END
      FROM lecap.effet_plan WHERE campagne = p_campagne AND statut = 'tous' AND n_sans > 0;
    -- The two temporary tables' statistics from a sample of 3,000 rows
    -- (statistics target 10) instead of 30,000: enough for the planner to
    -- size their joins, and the two ANALYZE took 80 ms per campaign at 2,000
    -- members (p_mem: 48,000 rows of long texts).

    -- The decision below is a function of the cells (table, region,
    -- breakdown, code, count, population: every key of the ranking of the
    -- candidates), the threshold and the grid versions (the relations):
    -- when their digest is the one kept with the decision in force
    -- (lecap.calcul_entree, migration 050) and lecap.secret still holds
    -- that decision, it stands as it is (v_meme). A night with one
    -- corrected export changes no count: 0.25-0.3 s of it at 10,000
    -- members went into deciding the same pattern again.
    SELECT count(*)::int, coalesce(sum(hash_record_extended((tableau, region, ventilation, code, n, pop), 0)), 0)
      INTO v_lignes, v_somme FROM p_cel;
    SELECT concat_ws('|', p_seuil_secret,
                     string_agg(DISTINCT version_referentiel, ',' ORDER BY version_referentiel))
      INTO v_parametres
      FROM lecap.resultat_evaluation WHERE campagne = p_campagne;
    SELECT EXISTS (SELECT 1 FROM lecap.calcul_entree s
                     JOIN lecap.publication_campagne pc ON pc.campagne = s.campagne
                    WHERE s.campagne = p_campagne AND s.calcul = 'secret' AND s.parametres = v_parametres
                      AND s.lignes = v_lignes AND s.somme = v_somme
                      AND pc.n_cellules = v_lignes
                      AND pc.n_primaires + pc.n_secondaires
                          = (SELECT count(*) FROM lecap.secret x WHERE x.campagne = p_campagne))
      INTO v_meme;
    -- The published evolution (below) reads this campaign's cells of
    -- lecap.agregat (their keys, in the digest) and the previous campaign's
    -- means and secret: it stands too when that campaign is the same and
    -- was neither aggregated nor published again since this decision.
    SELECT v_meme AND pc.campagne_precedente IS NOT DISTINCT FROM v_prec
           AND (v_prec IS NULL
                OR ((SELECT a.calcule_le FROM lecap.agregat_campagne a WHERE a.campagne = v_prec) < pc.decide_le
                    AND coalesce((SELECT p.decide_le FROM lecap.publication_campagne p WHERE p.campagne = v_prec),
                                 '-infinity') < pc.decide_le))
      INTO v_evol_meme
      FROM lecap.publication_campagne pc WHERE pc.campagne = p_campagne;
    v_evol_meme := coalesce(v_evol_meme, false);

    IF NOT v_meme THEN
        v_cible := current_setting('default_statistics_target');
        PERFORM set_config('default_statistics_target', '10', true);
        ANALYZE p_cel;

        -- The relations: each group is a total and its components.
        CREATE TEMP TABLE p_mem (grp text COLLATE "C", besoin int, id int, total boolean) ON COMMIT DROP;
        -- FR = Σ regions, for every table (3 secret cells at least).
        INSERT INTO p_mem
        SELECT 'R|' || tableau || '|' || ventilation || '|' || code, 3, id, region = 'FR'
          FROM p_cel;
        -- Region (and FR) = Σ structure types.
        INSERT INTO p_mem
        SELECT 'T|' || region || '|' || code, 2, id, ventilation = '*'
          FROM p_cel WHERE tableau = 'agregat';
        -- A parent of the grid = its weighted children, in a region and type.
        -- Its rows are distinct without DISTINCT nor UNION (two sorts of 30,000
        -- texts dropped): a cell meets each parent of its code once (g is
        -- distinct), a parent row once, and the two branches differ by total.
        INSERT INTO p_mem
        SELECT 'H|' || c.region || '|' || c.ventilation || '|' || g.parent, 2, c.id, false
          FROM p_cel c
          JOIN (SELECT DISTINCT el.code, el.parent FROM lecap.element el
                 WHERE el.version IN (SELECT DISTINCT version_referentiel FROM lecap.resultat_evaluation
                                       WHERE campagne = p_campagne)) g ON g.code = c.code
         WHERE c.tableau = 'agregat' AND g.parent IS NOT NULL
        UNION ALL
        SELECT 'H|' || c.region || '|' || c.ventilation || '|' || c.code, 2, c.id, true
          FROM p_cel c
         WHERE c.tableau = 'agregat'
           AND EXISTS (SELECT 1 FROM lecap.element el WHERE el.parent = c.code
                          AND el.version IN (SELECT DISTINCT version_referentiel FROM lecap.resultat_evaluation
                                              WHERE campagne = p_campagne));
        -- Respondents of a region = Σ colleges.
        INSERT INTO p_mem
        SELECT 'C|' || region, 2, id, tableau = 'participation'
          FROM p_cel WHERE tableau IN ('participation', 'repondants');
        -- The effect of plans: the group with a plan over all statuses = Σ its
        -- statuses; a theme or sub-theme's panel (both groups) = its weighted
        -- children's (each member's evolution is the weighted mean of its
        -- children's), within a region.
        -- (The cells of a region and code with some status other than 'tous':
        -- a window over the effect cells, where an EXISTS of p_cel in itself
        -- needed an index of p_cel, 20 ms to build at 2,000 members.)
        INSERT INTO p_mem
        SELECT 'S|' || c.region || '|' || c.code, 2, c.id, c.ventilation = 'tous'
          FROM (SELECT c.id, c.region, c.code, c.ventilation,
                       bool_or(c.ventilation <> 'tous') OVER (PARTITION BY c.region, c.code) AS statuts
                  FROM p_cel c
                 WHERE c.tableau = 'effet_avec') c
         WHERE c.statuts;
        INSERT INTO p_mem
        SELECT DISTINCT 'P|' || c.region || '|' || coalesce(g.parent, c.code), 2, c.id, g.parent IS NULL
          FROM p_cel c
          JOIN (SELECT DISTINCT el.code, CASE WHEN el.niveau <> 'theme' THEN el.parent END AS parent
                  FROM lecap.element el
                 WHERE el.niveau IN ('theme', 'sous_theme', 'objectif')
                   AND el.version IN (SELECT DISTINCT version_referentiel FROM lecap.resultat_evaluation
                                       WHERE campagne = p_campagne)) g ON g.code = c.code
         WHERE c.tableau IN ('effet_avec', 'effet_sans') AND c.ventilation = 'tous'
        UNION
        SELECT DISTINCT 'P|' || c.region || '|' || c.code, 2, c.id, true
          FROM p_cel c
         WHERE c.tableau IN ('effet_avec', 'effet_sans') AND c.ventilation = 'tous'
           AND EXISTS (SELECT 1 FROM lecap.element el WHERE el.parent = c.code AND el.niveau IN ('sous_theme', 'objectif')
                          AND el.version IN (SELECT DISTINCT version_referentiel FROM lecap.resultat_evaluation
                                              WHERE campagne = p_campagne));
        CREATE INDEX ON p_mem (grp);
        CREATE INDEX ON p_mem (id);
        ANALYZE p_mem;
        PERFORM set_config('default_statistics_target', v_cible, true);

        -- Secondary secrecy: while a relation has some secret cells but fewer
        -- than it needs (and not all of them), hide one more of its cells: the
        -- published component of the smallest population, the total last. A
        -- relation across regions (besoin 3) is also safe with its total
        -- hidden and two secret cells at least: a delegate who knows one
        -- component still faces two unknowns; when too few components are left
        -- to reach three, the total is hidden instead of all of them.
        --
        -- Each round looks only at the relations with a cell hidden in the round
        -- before (tour: the round that hid the cell, 0 for the primary ones). A
        -- relation's counts change only when one of its cells is hidden, and a
        -- relation still to complete in a round has one of its cells hidden in
        -- that round: the others cannot be short of secret cells in the next.
        -- Same cells hidden, round after round, as when every round grouped the
        -- whole of p_mem (48,000 memberships at 2,000 members, about 30 ms a
        -- round, 3 to 4 rounds per campaign); after the first round, a few
        -- thousand. lecap aggregate --all, 2,000 members, least of 3 runs, the
        -- loop's statement: 557 ms -> 275 ms for the three campaigns.
        LOOP
            v_rounds := v_rounds + 1;
            WITH t AS (
                SELECT DISTINCT m.grp
                  FROM p_cel c JOIN p_mem m ON m.id = c.id
                 WHERE c.tour = v_rounds - 1 AND c.motif IS NOT NULL),
            g AS (
                SELECT m.grp, max(m.besoin) AS besoin, count(*) AS taille,
                       count(*) FILTER (WHERE c.motif IS NOT NULL) AS k,
                       count(*) FILTER (WHERE c.motif IS NOT NULL AND NOT m.total) AS k_comp,
                       count(*) FILTER (WHERE c.motif IS NULL AND NOT m.total) AS comp_publiees,
                       coalesce(bool_or(c.motif IS NOT NULL) FILTER (WHERE m.total), false) AS total_masque
                  FROM t JOIN p_mem m ON m.grp = t.grp JOIN p_cel c ON c.id = m.id
                 GROUP BY m.grp),
            a_completer AS (
                SELECT g.grp,
                       g.besoin = 3 AND g.k_comp >= 1 AND g.comp_publiees < 3 - g.k_comp AS total_d_abord
                  FROM g
                 WHERE g.k > 0 AND g.k < least(g.besoin, g.taille)
                   AND NOT (g.besoin = 3 AND g.total_masque AND g.k >= 2)),
            pick AS (
                SELECT DISTINCT ON (m.grp) m.grp, c.id
                  FROM a_completer x JOIN p_mem m ON m.grp = x.grp JOIN p_cel c ON c.id = m.id
                 WHERE c.motif IS NULL
                 ORDER BY m.grp, m.total = x.total_d_abord DESC, c.pop, c.n, c.region, c.ventilation, c.code,
                          c.tableau)
            UPDATE p_cel c SET motif = 'secondaire', tour = v_rounds FROM pick WHERE pick.id = c.id;
            GET DIAGNOSTICS v_changed = ROW_COUNT;
            EXIT WHEN v_changed = 0;
            IF v_rounds > 10000 THEN
                RAISE EXCEPTION 'secret secondaire : pas de point fixe après % tours', v_rounds;
            END IF;
        END LOOP;
    END IF;

    -- The published evolution: against the previous campaign's means,
    -- where that campaign published the cell. One grouping of the two
    -- campaigns' aggregates and of the previous campaign's secret cells:
    -- a cell of this campaign keeps its predecessor's mean when the
    -- predecessor exists and was not secret. Written as a plain join, the
    -- planner of a fresh base (result tables filled in this transaction,
    -- never analysed, estimated at one row) chose nested loops that
    -- compared every cell with every other: 48 s for 2025 and 145 s for 2026
    -- at 2,000 members, during which lecap aggregate --all's other
    -- connection waited for the campaign's lock (issue 20); a grouping has
    -- no such plan. It replaces a LATERAL lookup of each cell's predecessor
    -- and of its secret by primary key (two index probes per cell, 14,000
    -- cells): 2,000 members, lecap aggregate --all, least of 3 runs,
    -- 276 ms -> 142 ms for the two campaigns with a previous one.
    IF NOT v_evol_meme THEN
        DELETE FROM lecap.evolution_publiee WHERE campagne = p_campagne;
        IF v_prec IS NOT NULL AND EXISTS (SELECT 1 FROM lecap.publication_campagne WHERE campagne = v_prec) THEN
            INSERT INTO lecap.evolution_publiee
            SELECT p_campagne, u.region, u.type_structure, u.code, round(max(u.moyenne), 2)
              FROM (SELECT 1 AS src, a.region, a.type_structure, a.code, NULL::numeric AS moyenne
                      FROM lecap.agregat a WHERE a.campagne = p_campagne
                    UNION ALL
                    SELECT 2, q.region, q.type_structure, q.code, q.moyenne
                      FROM lecap.agregat q WHERE q.campagne = v_prec
                    UNION ALL
                    SELECT 3, ps.region, ps.ventilation, ps.code, NULL
                      FROM lecap.secret ps WHERE ps.campagne = v_prec AND ps.tableau = 'agregat') u
             GROUP BY u.region, u.type_structure, u.code
            HAVING bool_or(u.src = 1) AND bool_or(u.src = 2) AND NOT bool_or(u.src = 3);
    END IF;
    END IF;

    IF v_meme THEN
        SELECT pc.n_cellules, pc.n_primaires, pc.n_secondaires INTO v_cel, v_pri, v_sec
          FROM lecap.publication_campagne pc WHERE pc.campagne = p_campagne;
    ELSE
        DELETE FROM lecap.secret WHERE campagne = p_campagne;
        INSERT INTO lecap.secret
        SELECT p_campagne, tableau, region, ventilation, code, n, motif FROM p_cel WHERE motif IS NOT NULL;
        SELECT count(*), count(*) FILTER (WHERE motif = 'primaire'), count(*) FILTER (WHERE motif = 'secondaire')
          INTO v_cel, v_pri, v_sec FROM p_cel;
        INSERT INTO lecap.calcul_entree VALUES (p_campagne, 'secret', v_parametres, v_lignes, v_somme)
        ON CONFLICT (campagne, calcul) DO UPDATE
           SET parametres = excluded.parametres, lignes = excluded.lignes, somme = excluded.somme;
    END IF;

    INSERT INTO lecap.publication_campagne AS pc
    VALUES (p_campagne, clock_timestamp(), p_seuil_secret,
            (SELECT mode() WITHIN GROUP (ORDER BY version_referentiel)
               FROM lecap.resultat_evaluation WHERE campagne = p_campagne),
            lecap.campagne_precedente(p_campagne), v_cel, v_pri, v_sec)
    ON CONFLICT (campagne) DO UPDATE
       SET decide_le = excluded.decide_le, seuil_secret = excluded.seuil_secret,
           version_referentiel = excluded.version_referentiel,
           campagne_precedente = excluded.campagne_precedente, n_cellules = excluded.n_cellules,
           n_primaires = excluded.n_primaires, n_secondaires = excluded.n_secondaires;

    -- The photographies' digests of the quarters of the network each score
    -- falls in follow the quartiles just published: lecap aggregate calls
    -- lecap.quart_ecrire once this transaction has committed
    -- (quart_ecrire.sql says why). They are due from this commit on
    -- (migration 054): a lecap killed before writing them leaves this row,
    -- and the next lecap aggregate writes them.
    INSERT INTO lecap.quart_en_attente (campagne) VALUES (p_campagne)
    ON CONFLICT (campagne) DO UPDATE SET depuis = excluded.depuis;

    DROP TABLE IF EXISTS pg_temp.p_mem;
    DROP TABLE pg_temp.p_adh, pg_temp.p_cel, pg_temp.p_pop;
    RETURN QUERY SELECT v_cel, v_pri, v_sec;
END
$$;
COMMENT ON FUNCTION lecap.publier(int, int) IS 'Recalcule la participation d''une campagne (adhérents inscrits à la campagne) et décide son secret statistique (lecap.secret) ; appelée par lecap aggregate après lecap.agreger, dans la même transaction';
REVOKE EXECUTE ON FUNCTION lecap.publier(int, int) FROM PUBLIC;


-- Brings the digests of the quarters of the campaign's evaluations
-- (lecap.quart_evaluation, migration 048) up to date with the network's
-- quartiles just published: called by lecap aggregate
-- (src/aggregate/aggregate.c) right after the campaign's commit, in a
-- transaction of its own. The digests are a cache: photographie_entrees
-- reads them only when they were computed with the quartiles published
-- and every evaluation has one, and otherwise hashes the scores itself; so
-- a crash between the two commits costs time, never a wrong photographie,
-- and the next lecap aggregate writes them (lecap.quart_en_attente,
-- migration 054).
-- Outside the campaign's transaction they no longer hold up the next
-- campaign of lecap aggregate --all, which waits for that commit (0.10 s
-- a campaign at 2,000 members; docs/performance.md). The elements whose
-- published quartiles moved since the digests were computed
-- (lecap.quart_borne; all of them the first time) change every
-- evaluation's digest by the difference of their hashes, old quarter
-- against new (one pass over the campaign's scores of those elements; none
-- on a night where no quartile moved); the evaluations
-- without a digest (new, or every one after a recomputation from scratch,
-- which deletes the results) get theirs from their scores. Sums of hashes
-- are exact (numeric): the digest is the one a computation from scratch
-- gives (tests/integration/64-run-entrees.sh compares them). Returns the
-- number of evaluations whose digest was written or changed.
CREATE FUNCTION lecap.quart_ecrire(p_campagne int)
RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
    v_chg int := 0;
    v_new int;
BEGIN
    DROP TABLE IF EXISTS pg_temp.q_fr, pg_temp.q_chg, pg_temp.q_new;
    -- The network's published quartiles and median (all three published),
    -- those the photographies print.
    CREATE TEMP TABLE q_fr ON COMMIT DROP AS
    SELECT a.code, a.q1, a.mediane, a.q3
      FROM lecap.v_publication_agregat a
     WHERE a.campagne = p_campagne AND a.region = 'FR' AND a.niveau IN ('theme', 'sous_theme', 'objectif')
       AND a.diffusable AND a.q1 IS NOT NULL AND a.mediane IS NOT NULL AND a.q3 IS NOT NULL;
    ALTER TABLE q_fr ADD PRIMARY KEY (code);
    CREATE TEMP TABLE q_chg ON COMMIT DROP AS
    SELECT coalesce(n.code, o.code) AS code, o.q1 AS o1, o.mediane AS o2, o.q3 AS o3,
           n.q1 AS n1, n.mediane AS n2, n.q3 AS n3
      FROM q_fr n
      FULL JOIN (SELECT b.code, b.q1, b.mediane, b.q3 FROM lecap.quart_borne b
                  WHERE b.campagne = p_campagne) o ON o.code = n.code
     WHERE (n.q1, n.mediane, n.q3) IS DISTINCT FROM (o.q1, o.mediane, o.q3);
    IF EXISTS (SELECT 1 FROM q_chg) THEN
        IF EXISTS (SELECT 1 FROM lecap.quart_evaluation WHERE campagne = p_campagne) THEN
            ANALYZE q_chg;
            WITH u AS (
                UPDATE lecap.quart_evaluation q
                   SET lignes = q.lignes + d.l, somme = q.somme + d.s
                  FROM (SELECT s.evaluation_id,
                               sum((c.n1 IS NOT NULL)::int - (c.o1 IS NOT NULL)::int) AS l,
                               sum(coalesce(lecap.quart_hachage(s.niveau, s.code, s.score, c.n1, c.n2, c.n3)::numeric, 0)
                                   - coalesce(lecap.quart_hachage(s.niveau, s.code, s.score, c.o1, c.o2, c.o3)::numeric, 0)) AS s
                          FROM lecap.score s JOIN q_chg c ON c.code = s.code
                         WHERE s.campagne = p_campagne AND s.niveau IN ('theme', 'sous_theme', 'objectif')
                           AND s.score IS NOT NULL
                         GROUP BY s.evaluation_id) d
                 WHERE q.evaluation_id = d.evaluation_id AND (d.l <> 0 OR d.s <> 0)
                RETURNING 1)
            SELECT count(*) INTO v_chg FROM u;
        END IF;
        DELETE FROM lecap.quart_borne WHERE campagne = p_campagne;
        INSERT INTO lecap.quart_borne SELECT p_campagne, f.code, f.q1, f.mediane, f.q3 FROM q_fr f;
    END IF;
    -- The evaluations without a digest, from their scores (read by index
    -- when they are few).
    CREATE TEMP TABLE q_new ON COMMIT DROP AS
    SELECT r.evaluation_id FROM lecap.resultat_evaluation r
     WHERE r.campagne = p_campagne
       AND NOT EXISTS (SELECT 1 FROM lecap.quart_evaluation q WHERE q.evaluation_id = r.evaluation_id);
    ALTER TABLE q_new ADD PRIMARY KEY (evaluation_id);
    ANALYZE q_new;
    INSERT INTO lecap.quart_evaluation
    SELECT p_campagne, n.evaluation_id, count(x.h)::int, coalesce(sum(x.h), 0)
      FROM q_new n
      LEFT JOIN (SELECT s.evaluation_id, lecap.quart_hachage(s.niveau, s.code, s.score, f.q1, f.mediane, f.q3) AS h
                   FROM q_new k
                   JOIN lecap.score s ON s.campagne = p_campagne AND s.evaluation_id = k.evaluation_id
                   JOIN q_fr f ON f.code = s.code
                  WHERE s.niveau IN ('theme', 'sous_theme', 'objectif') AND s.score IS NOT NULL) x
        ON x.evaluation_id = n.evaluation_id
     GROUP BY n.evaluation_id;
    GET DIAGNOSTICS v_new = ROW_COUNT;
    DROP TABLE pg_temp.q_fr, pg_temp.q_chg, pg_temp.q_new;
    -- Written: no longer due (migration 054).
    DELETE FROM lecap.quart_en_attente WHERE campagne = p_campagne;
    RETURN v_chg + v_new;
END
$$;
COMMENT ON FUNCTION lecap.quart_ecrire(int) IS 'Met à jour l''empreinte des quarts du réseau où tombent les scores des évaluations de la campagne (lecap.quart_evaluation) d''après les quartiles publiés ; appelée par lecap aggregate une fois la campagne validée';
REVOKE EXECUTE ON FUNCTION lecap.quart_ecrire(int) FROM PUBLIC;

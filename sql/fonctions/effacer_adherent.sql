-- Erases every row that names the member p_siret (lecap purger --siret), in
-- the caller's transaction: its answers, respondents, evaluations, plans,
-- registry row and enterprise; then the rows of every other table of schema
-- lecap that has a siret column (the result tables, and any table added
-- later); then its lecap.fichier rows (by siret, or by name for files read
-- without one) and its withdrawals; the SIRET is blanked out of the run
-- journal's messages; the campaigns it had data in are marked stale, and
-- when it was in the registry every aggregated campaign (participation).
-- Returns what it removed, one row per table with rows removed.
CREATE FUNCTION lecap.effacer_adherent(p_siret text)
RETURNS TABLE (objet text, lignes bigint)
LANGUAGE plpgsql AS $$
DECLARE
    t record;
    n bigint;
    v_camps int[];
BEGIN
    -- The campaigns it had data in; every aggregated campaign when it is in
    -- the registry: each campaign's participation counts the registry's
    -- members, those without an evaluation that campaign included.
    SELECT array_agg(DISTINCT c.campagne) INTO v_camps FROM (
        SELECT e.campagne FROM lecap.evaluation e WHERE e.siret = p_siret
        UNION SELECT p.campagne FROM lecap.plan p WHERE p.siret = p_siret
        UNION SELECT a.campagne FROM lecap.agregat_campagne a
               WHERE EXISTS (SELECT 1 FROM lecap.adherent x WHERE x.siret = p_siret)) c;
    -- lecap.reponse has no declared foreign key to its evaluation (sql/030):
    -- deleted first. Counted in answer cells, as lecap.v_reponse shows them
    -- (the characters of the notes other than '.').
    SELECT coalesce(sum(length(replace(p.notes, '.', ''))), 0) INTO n
      FROM lecap.reponse p JOIN lecap.evaluation e ON e.id = p.evaluation_id WHERE e.siret = p_siret;
    DELETE FROM lecap.reponse p USING lecap.evaluation e WHERE e.id = p.evaluation_id AND e.siret = p_siret;
    objet := 'reponse'; lignes := n; RETURN NEXT;
    DELETE FROM lecap.repondant r USING lecap.evaluation e WHERE e.id = r.evaluation_id AND e.siret = p_siret;
    GET DIAGNOSTICS n = ROW_COUNT; objet := 'repondant'; lignes := n; RETURN NEXT;
    DELETE FROM lecap.evaluation e WHERE e.siret = p_siret;
    GET DIAGNOSTICS n = ROW_COUNT; objet := 'evaluation'; lignes := n; RETURN NEXT;
    DELETE FROM lecap.plan_action a USING lecap.plan p WHERE p.id = a.plan_id AND p.siret = p_siret;
    GET DIAGNOSTICS n = ROW_COUNT; objet := 'plan_action'; lignes := n; RETURN NEXT;
    DELETE FROM lecap.plan p WHERE p.siret = p_siret;
    GET DIAGNOSTICS n = ROW_COUNT; objet := 'plan'; lignes := n; RETURN NEXT;
    DELETE FROM lecap.adherent a WHERE a.siret = p_siret;
    GET DIAGNOSTICS n = ROW_COUNT; objet := 'adherent'; lignes := n; RETURN NEXT;
    DELETE FROM lecap.entreprise x WHERE x.siret = p_siret;
    GET DIAGNOSTICS n = ROW_COUNT; objet := 'entreprise'; lignes := n; RETURN NEXT;
    FOR t IN SELECT c.relname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
              WHERE c.relnamespace = 'lecap'::regnamespace AND c.relkind IN ('r', 'p')
                AND a.attname = 'siret' AND NOT a.attisdropped
                AND c.relname NOT IN ('evaluation', 'plan', 'adherent', 'entreprise', 'fichier', 'retrait')
              ORDER BY c.relname
    LOOP
        EXECUTE format('DELETE FROM lecap.%I WHERE siret = $1', t.relname) USING p_siret;
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n > 0 THEN
            objet := t.relname; lignes := n; RETURN NEXT;
        END IF;
    END LOOP;
    DELETE FROM lecap.fichier f
     WHERE f.nature <> 'adherents'
       AND (f.siret = p_siret OR (f.siret IS NULL AND strpos(f.nom, p_siret) > 0));
    GET DIAGNOSTICS n = ROW_COUNT; objet := 'fichier'; lignes := n; RETURN NEXT;
    DELETE FROM lecap.retrait r WHERE r.siret = p_siret;
    GET DIAGNOSTICS n = ROW_COUNT; objet := 'retrait'; lignes := n; RETURN NEXT;
    UPDATE lecap.execution x SET messages = replace(x.messages, p_siret, '[effacé]')
     WHERE strpos(x.messages, p_siret) > 0;
    GET DIAGNOSTICS n = ROW_COUNT; objet := 'execution (messages)'; lignes := n; RETURN NEXT;
    INSERT INTO lecap.campagne_modifiee AS m (campagne, le, raison)
    SELECT c, now(), 'adhérent effacé' FROM unnest(v_camps) AS c
    ON CONFLICT (campagne) DO UPDATE SET le = excluded.le, raison = excluded.raison;
END
$$;
COMMENT ON FUNCTION lecap.effacer_adherent(text) IS 'lecap purger --siret : efface toutes les lignes qui désignent l''adhérent, marque ses campagnes à recalculer';

-- Only lecap purger (the owner) calls it (016: no lecap function is PUBLIC's).
REVOKE EXECUTE ON FUNCTION lecap.effacer_adherent(text) FROM PUBLIC;

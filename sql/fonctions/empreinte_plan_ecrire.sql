-- The digests of the actions and offers of the campaign's plans that have
-- none yet (lecap.empreinte_plan, migration 047): the md5 texts that
-- the photographies' digests (photographie_entrees.sql) would compute, under the same
-- settings, since it hashes the rows as text. A plan never changes while it
-- keeps its id; its row goes with it. Called by the aggregation (agreger.sql), in the
-- aggregation's transaction: the reports that follow read them.
CREATE FUNCTION lecap.empreinte_plan_ecrire(p_campagne int)
RETURNS int
LANGUAGE sql
-- dates, times and numbers as text whatever the session's settings (those
-- of photographie_entrees.sql)
SET datestyle = 'ISO, YMD' SET timezone = 'UTC' SET extra_float_digits = 1 SET lc_numeric = 'C'
AS $$
    WITH i AS (
        INSERT INTO lecap.empreinte_plan
        SELECT p.id, p.campagne,
               (SELECT md5(string_agg(a::text, ';' ORDER BY a.numero))
                  FROM lecap.plan_action a WHERE a.plan_id = p.id),
               (SELECT md5(string_agg(o::text, ';' ORDER BY o.numero, o.offre))
                  FROM lecap.plan_action_offre o WHERE o.plan_id = p.id)
          FROM lecap.plan p
         WHERE p.campagne = p_campagne
           AND NOT EXISTS (SELECT 1 FROM lecap.empreinte_plan x WHERE x.plan_id = p.id)
        RETURNING 1)
    SELECT count(*)::int FROM i
$$;
COMMENT ON FUNCTION lecap.empreinte_plan_ecrire(int) IS 'Écrit l''empreinte des actions et des offres des plans de la campagne qui n''en ont pas encore (lecap.empreinte_plan) ; appelée par la fonction agreger';
REVOKE EXECUTE ON FUNCTION lecap.empreinte_plan_ecrire(int) FROM PUBLIC;

-- Applies a difference to one of the tables of sums kept per campaign by
-- the aggregation (the distribution of the scores, repartition_score; the
-- colleges' sums, somme_college; the sums of the effect of the plans,
-- effet_plan_somme). The temporary table p_difference holds, per key
-- (p_cles: the table's key after campagne), what to add to each summed
-- column (p_sommes, the count n among them). A row whose count falls to
-- zero is deleted, the others are updated, the keys the table lacks are
-- inserted; p_difference is emptied of the keys it found on the way. A
-- count that would fall below zero breaks the table's CHECK: the caller's
-- transaction fails rather than keep a wrong sum. (Not INSERT ... ON
-- CONFLICT DO UPDATE: it checks the CHECK on the row it would insert, a
-- negative difference, before finding the row to update.) Only identifiers
-- are written into the statements (the table as a regclass, the names
-- through %I); the campaign is a parameter.
CREATE FUNCTION lecap.difference_appliquer(p_table regclass, p_difference text, p_campagne int,
                                           p_cles text[], p_sommes text[])
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v_egal text;   -- r.k1 = d.k1 AND r.k2 = d.k2 …
    v_cles text;   -- k1, k2 …
    v_r_cles text; -- r.k1, r.k2 …
    v_somme text;  -- s1 = r.s1 + d.s1, …
    v_sommes text; -- s1, s2 …
BEGIN
    SELECT string_agg(format('r.%1$I = d.%1$I', k), ' AND '), string_agg(format('%I', k), ', '),
           string_agg(format('r.%I', k), ', ')
      INTO v_egal, v_cles, v_r_cles
      FROM unnest(p_cles) AS k;
    SELECT string_agg(format('%1$I = r.%1$I + d.%1$I', s), ', '), string_agg(format('%I', s), ', ')
      INTO v_somme, v_sommes
      FROM unnest(p_sommes) AS s;
    EXECUTE format('WITH x AS (DELETE FROM %1$s r USING %2$I d'
                   ' WHERE r.campagne = $1 AND %3$s AND r.n + d.n = 0 RETURNING %4$s)'
                   ' DELETE FROM %2$I d USING x r WHERE %3$s',
                   p_table, p_difference, v_egal, v_r_cles) USING p_campagne;
    EXECUTE format('WITH x AS (UPDATE %1$s r SET %5$s FROM %2$I d WHERE r.campagne = $1 AND %3$s RETURNING %4$s)'
                   ' DELETE FROM %2$I d USING x r WHERE %3$s',
                   p_table, p_difference, v_egal, v_r_cles, v_somme) USING p_campagne;
    EXECUTE format('INSERT INTO %1$s (campagne, %3$s, %4$s) SELECT $1, %3$s, %4$s FROM %2$I',
                   p_table, p_difference, v_cles, v_sommes) USING p_campagne;
END
$$;
COMMENT ON FUNCTION lecap.difference_appliquer(regclass, text, int, text[], text[]) IS 'Ajoute une différence (table temporaire, par clé) à une table de sommes gardées par campagne : ligne supprimée quand son compte tombe à zéro, mise à jour sinon, insérée si absente';

REVOKE EXECUTE ON FUNCTION lecap.difference_appliquer(regclass, text, int, text[], text[]) FROM PUBLIC;

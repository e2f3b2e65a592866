-- The campaign evolutions and plan follow-ups compare with.
CREATE FUNCTION lecap.campagne_precedente(p_campagne int) RETURNS int
LANGUAGE sql STABLE AS $$
    SELECT max(campagne) FROM lecap.evaluation WHERE campagne < p_campagne
$$;
COMMENT ON FUNCTION lecap.campagne_precedente(int) IS 'Campagne précédente : la plus récente antérieure qui a des évaluations';

REVOKE EXECUTE ON FUNCTION lecap.campagne_precedente(int) FROM PUBLIC;
-- Read-only: lecap status and the readers use it.
GRANT EXECUTE ON FUNCTION lecap.campagne_precedente(int) TO lecap_analyste, lecap_delegue;

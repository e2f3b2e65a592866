-- Campaigns that have something to aggregate, or results to clear.
CREATE FUNCTION lecap.campagnes_candidates() RETURNS SETOF int
LANGUAGE sql STABLE AS $$
    SELECT campagne FROM lecap.evaluation
    UNION SELECT campagne FROM lecap.plan
    UNION SELECT campagne FROM lecap.agregat_campagne
    ORDER BY 1
$$;
COMMENT ON FUNCTION lecap.campagnes_candidates() IS 'Campagnes qui ont des évaluations, des plans ou des agrégats';

REVOKE EXECUTE ON FUNCTION lecap.campagnes_candidates() FROM PUBLIC;
-- Read-only: lecap status and the readers use it.
GRANT EXECUTE ON FUNCTION lecap.campagnes_candidates() TO lecap_analyste, lecap_delegue;

-- The rows of the panel of the effect of the plans (lecap.effet_plan_panel,
-- migration 043) of the evaluations p_evaluations, which the aggregation is
-- about to delete (their foreign key would take these rows with them
-- silently): deleted here, and kept to the end of the transaction in the
-- temporary table ep_parti, where the computation of the effect
-- (effet_plan_calculer.sql), which the publication calls next in the same
-- transaction, takes their contributions away from the sums it keeps
-- (lecap.effet_plan_somme).
-- ep_parti belongs to these two functions of the effect of the plans; the
-- aggregation only names the evaluations that go.
CREATE FUNCTION lecap.effet_plan_retirer(p_evaluations bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    CREATE TEMP TABLE IF NOT EXISTS ep_parti (LIKE lecap.effet_plan_panel) ON COMMIT DROP;
    WITH d AS (DELETE FROM lecap.effet_plan_panel c WHERE c.evaluation_id = ANY (p_evaluations) RETURNING c.*)
    INSERT INTO ep_parti SELECT * FROM d;
END
$$;
COMMENT ON FUNCTION lecap.effet_plan_retirer(bigint[]) IS 'Retire du panel de l''effet des plans les lignes des évaluations que l''agrégation supprime, gardées jusqu''à la fin de la transaction pour le calcul de l''effet des plans';

REVOKE EXECUTE ON FUNCTION lecap.effet_plan_retirer(bigint[]) FROM PUBLIC;

-- lecap.effet_plan_oublier(): forgets every kept evolution of the effect of
-- plans (lecap.effet_plan_panel, migration 043), in its own transaction,
-- before lecap aggregate --all recomputes the campaigns on several connections
-- (src/aggregate/aggregate.c). Each campaign's recomputation from scratch
-- deletes them anyway (the foreign keys of migration 043), but a campaign's
-- rows name the previous campaign's evaluations as well as its own: the
-- deletions of two campaigns computed at once met on the same rows, in
-- different orders (a deadlock, seen in tests/integration/39), or the later
-- campaign waited for the earlier one's commit. The rows are a cache: a
-- campaign whose computation then fails compares every member of its panel
-- again at its next aggregation. Returns the rows deleted.
CREATE FUNCTION lecap.effet_plan_oublier() RETURNS bigint
LANGUAGE sql AS $$
    WITH d AS (DELETE FROM lecap.effet_plan_panel RETURNING 1)
    SELECT count(*) FROM d
$$;
COMMENT ON FUNCTION lecap.effet_plan_oublier() IS 'lecap aggregate --all : oublie l''évolution gardée de chaque membre du panel de l''effet des plans (lecap.effet_plan_panel), recalculée ensuite';

REVOKE EXECUTE ON FUNCTION lecap.effet_plan_oublier() FROM PUBLIC;

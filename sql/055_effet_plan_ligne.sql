-- 055 — One element of a member's evolution in the panel of the effect of
-- plans (lecap.effet_plan_calculer): its level, code, evolution, whether
-- it was in the previous plan and its status. The panel sorts a member's
-- elements once into an array of these, then reads its five arrays from it
-- in that order (each column of lecap.effet_plan_panel); five ordered
-- array_agg sorted the same rows five times (0.83 -> 0.71 s for 5,143
-- members compared at 10,000 members).

CREATE TYPE lecap.effet_plan_ligne AS (
    niveau text,
    code   text,
    delta  numeric,
    avec   boolean,
    statut text
);
COMMENT ON TYPE lecap.effet_plan_ligne IS 'Un élément de l''évolution d''un membre du panel de l''effet des plans, le temps de son calcul (lecap.effet_plan_calculer)';

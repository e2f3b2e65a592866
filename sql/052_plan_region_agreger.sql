-- 052 — lecap.plan_region is written by the aggregation (lecap.agreger,
-- sql/fonctions/agreger.sql), by difference, from the places it gives the
-- plans for their follow-up: the publication rewrote it from the same
-- rule every night. Only the table's comment changes.

COMMENT ON TABLE lecap.plan_region IS 'Région de chaque plan de progrès : celle de l''évaluation de la même campagne, sinon la dernière connue de l''entreprise, sinon celle du registre (écrite par lecap.agreger)';

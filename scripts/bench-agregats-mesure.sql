-- Measures, in one session, the server CPU and wall time of one scan of
-- lecap.reponse and of lecap.agreger() for each campaign (scripts/bench-agregats.sh).
\set ON_ERROR_STOP 1
SET max_parallel_workers_per_gather = 0;  -- the leader's CPU is all the CPU
CREATE FUNCTION pg_temp.cpu() RETURNS numeric LANGUAGE sql AS
$$ SELECT (split_part(s, ' ', 14)::numeric + split_part(s, ' ', 15)::numeric) / 100
     FROM pg_read_file('/proc/self/stat') AS s $$;
SELECT count(*), sum(note) FROM lecap.reponse \gset
SELECT pg_temp.cpu() AS cpu0, clock_timestamp() AS t0 \gset
SELECT count(*), sum(note) FROM lecap.reponse \gset
SELECT round(pg_temp.cpu() - :cpu0, 2) AS cpu, round(extract(epoch FROM clock_timestamp() - :'t0')::numeric, 2) AS mur \gset
\echo balayage SELECT count(*), sum(note) FROM lecap.reponse : :mur s, CPU serveur :cpu s
SELECT pg_temp.cpu() AS cpu0, clock_timestamp() AS t0 \gset
BEGIN;
SELECT evaluations FROM lecap.agreger(2024, 0.75, 5) \gset
COMMIT;
BEGIN;
SELECT evaluations FROM lecap.agreger(2025, 0.75, 5) \gset
COMMIT;
BEGIN;
SELECT evaluations FROM lecap.agreger(2026, 0.75, 5) \gset
COMMIT;
SELECT round(pg_temp.cpu() - :cpu0, 2) AS cpu, round(extract(epoch FROM clock_timestamp() - :'t0')::numeric, 2) AS mur \gset
\echo lecap.agreger() des 3 campagnes : :mur s, CPU serveur :cpu s

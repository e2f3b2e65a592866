-- 020 — The result tables become logged (issue 20, item 4).
--
-- 004 made them UNLOGGED to halve the cost of a refresh: a PostgreSQL crash
-- then emptied them (lecap.agregat_campagne included), so that the analysts'
-- views stayed empty until the next aggregation, and a standby never saw
-- them (« cannot access temporary or unlogged relations during recovery »).
-- Logged, a crash in the middle of an aggregation leaves every campaign
-- either with its previous results or with its new ones (one transaction
-- per campaign), and a hot standby replays them like the loaded data.
-- SET LOGGED rewrites each table once, in the transaction of this migration.

ALTER TABLE lecap.agregat_campagne SET LOGGED;
ALTER TABLE lecap.resultat_evaluation SET LOGGED;
ALTER TABLE lecap.score SET LOGGED;
ALTER TABLE lecap.score_college SET LOGGED;
ALTER TABLE lecap.agregat SET LOGGED;
ALTER TABLE lecap.agregat_college SET LOGGED;
ALTER TABLE lecap.divergence SET LOGGED;
ALTER TABLE lecap.divergence_agregat SET LOGGED;
ALTER TABLE lecap.plan_agregat SET LOGGED;
ALTER TABLE lecap.demande_offres SET LOGGED;
ALTER TABLE lecap.participation SET LOGGED;
ALTER TABLE lecap.repondants_college SET LOGGED;
ALTER TABLE lecap.adherent_sans_evaluation SET LOGGED;

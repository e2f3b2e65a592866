-- 012 — Faster aggregation: lecap.agreger() rewritten, same results.
--
-- This migration replaced the function of 004. Functions and views are no
-- longer written in migrations: lecap.agreger lives in
-- sql/fonctions/agreger.sql (with the account of what the rewrite changed),
-- which lecap init applies after the migrations and re-applies whenever its
-- text changes. The migration keeps its number for the bases that recorded
-- it; it has nothing left to do.
SELECT 1;

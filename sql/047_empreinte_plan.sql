-- 047 — A progress plan's actions and their offers, digested once (issue
-- 20, item 3). lecap.photographie_entrees digested, every night, every
-- action and every offer of the plans of the campaign's members (two
-- subqueries per plan: 14,000 plans, 0.25-0.34 s of a night with one
-- corrected export at 10,000 members). A plan never changes while it keeps
-- its id (a later export of the plan deletes it and loads a new one; an
-- erasure deletes it): the two digests are kept here, the same md5 texts
-- as photographie_entrees computes (so that upgrading redraws nothing),
-- and deleted with the plan. A plan without its row (not yet aggregated)
-- is digested on the fly, as before.
--
-- Written by lecap.agreger (through lecap.empreinte_plan_ecrire,
-- sql/fonctions/) for the plans of the campaign it aggregates, which
-- lecap aggregate runs before any report; internal (no reader role reads
-- it: it holds no figure, only digests). A migration that changes the
-- columns of lecap.plan_action or lecap.plan_action_offre (their rows are
-- digested as text) must empty it.

CREATE TABLE lecap.empreinte_plan (
    plan_id  bigint PRIMARY KEY REFERENCES lecap.plan ON DELETE CASCADE,
    campagne int    NOT NULL,
    actions  text,
    offres   text
);
COMMENT ON TABLE lecap.empreinte_plan IS 'Empreinte des actions et des offres de chaque plan de progrès, écrite par lecap.agreger quand il agrège la campagne du plan ; lue par lecap.photographie_entrees';
COMMENT ON COLUMN lecap.empreinte_plan.plan_id IS 'Plan (lecap.plan), supprimé avec lui';
COMMENT ON COLUMN lecap.empreinte_plan.campagne IS 'Année de campagne du plan';
COMMENT ON COLUMN lecap.empreinte_plan.actions IS 'md5 de ses actions (lecap.plan_action) en texte, par numéro ; NULL : aucune action';
COMMENT ON COLUMN lecap.empreinte_plan.offres IS 'md5 des offres de ses actions (lecap.plan_action_offre) en texte, par numéro et offre ; NULL : aucune offre';
REVOKE ALL ON lecap.empreinte_plan FROM PUBLIC, lecap_analyste, lecap_delegue;

-- The plans already loaded, digested as lecap.photographie_entrees does:
-- the same texts, under the same settings (dates, times, numbers). SET
-- LOCAL: they end with the migration's transaction and the session's own
-- settings come back (RESET would put the server's defaults instead, for
-- the rest of the session: lecap init then ingested naive export times in
-- the server's time zone, not lecap's; tests/integration/60-run.sh).
SET LOCAL datestyle = 'ISO, YMD';
SET LOCAL timezone = 'UTC';
SET LOCAL extra_float_digits = 1;
SET LOCAL lc_numeric = 'C';
INSERT INTO lecap.empreinte_plan
SELECT p.id, p.campagne,
       (SELECT md5(string_agg(a::text, ';' ORDER BY a.numero)) FROM lecap.plan_action a WHERE a.plan_id = p.id),
       (SELECT md5(string_agg(o::text, ';' ORDER BY o.numero, o.offre))
          FROM lecap.plan_action_offre o WHERE o.plan_id = p.id)
  FROM lecap.plan p;

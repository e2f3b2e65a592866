-- 005 — Roles of the people who read the results, and row-level security.
--
-- lecap_analyste and lecap_delegue are NOLOGIN group roles: the federation
-- grants them to people's login roles (GRANT lecap_delegue TO jdupont).
-- Roles are cluster-wide: they are created only when missing, so that
-- several databases of one cluster (tests, a copy) share them.
-- The batch writes as the owner of the tables, which row-level security does
-- not restrict (RLS is enabled, not forced).
-- A delegate sees the rows of the regions mapped to their login in
-- lecap.delegue_region, and the network-wide ('FR') rows.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'lecap_analyste') THEN
        CREATE ROLE lecap_analyste NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'lecap_delegue') THEN
        CREATE ROLE lecap_delegue NOLOGIN;
    END IF;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE EXCEPTION 'le rôle qui lance lecap init ne peut pas créer les rôles lecap_analyste et lecap_delegue'
        USING HINT = 'un administrateur de PostgreSQL peut les créer une fois : CREATE ROLE lecap_analyste NOLOGIN; CREATE ROLE lecap_delegue NOLOGIN; puis relancez lecap init';
END
$$;

CREATE TABLE lecap.delegue_region (
    login  text NOT NULL,
    region text NOT NULL REFERENCES lecap.region,
    PRIMARY KEY (login, region)
);
COMMENT ON TABLE lecap.delegue_region IS 'Régions que chaque délégué régional (rôle de connexion membre de lecap_delegue) peut lire';
COMMENT ON COLUMN lecap.delegue_region.login IS 'Nom du rôle de connexion PostgreSQL du délégué (current_user)';
COMMENT ON COLUMN lecap.delegue_region.region IS 'Code INSEE d''une région que ce délégué peut lire';

GRANT USAGE ON SCHEMA lecap TO lecap_analyste, lecap_delegue;

-- Analysts read every table (the default privilege below was withdrawn by
-- 015: later tables are granted by their migration; views and functions
-- carry their grants in sql/vues/ and sql/fonctions/).
GRANT SELECT ON ALL TABLES IN SCHEMA lecap TO lecap_analyste;
ALTER DEFAULT PRIVILEGES IN SCHEMA lecap GRANT SELECT ON TABLES TO lecap_analyste;

-- Delegates: the referential and the tables below under RLS (the views
-- grant themselves, in sql/vues/).
-- Not the files received, the run journal or raw plans outside their region.
GRANT SELECT ON lecap.region, lecap.type_structure, lecap.offre, lecap.referentiel,
    lecap.element, lecap.element_offre, lecap.agregat_campagne, lecap.delegue_region,
    lecap.entreprise, lecap.evaluation, lecap.repondant, lecap.reponse,
    lecap.plan, lecap.plan_action, lecap.plan_action_offre, lecap.adherent,
    lecap.resultat_evaluation, lecap.score, lecap.score_college, lecap.agregat,
    lecap.agregat_college, lecap.divergence, lecap.divergence_agregat, lecap.plan_agregat,
    lecap.demande_offres, lecap.participation, lecap.repondants_college,
    lecap.adherent_sans_evaluation
  TO lecap_delegue;

-- Row-level security: one policy per reader role on every table that holds
-- rows of a region. The views are security_invoker, so they inherit it.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['entreprise', 'evaluation', 'adherent', 'resultat_evaluation',
        'score', 'score_college', 'agregat', 'agregat_college', 'divergence',
        'divergence_agregat', 'plan_agregat', 'demande_offres', 'participation',
        'repondants_college', 'adherent_sans_evaluation']
    LOOP
        EXECUTE format('ALTER TABLE lecap.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY analyste ON lecap.%I FOR SELECT TO lecap_analyste USING (true)', t);
        EXECUTE format('CREATE POLICY delegue ON lecap.%I FOR SELECT TO lecap_delegue USING (region = ''FR'' OR region IN '
                       '(SELECT d.region FROM lecap.delegue_region d WHERE d.login = current_user))', t);
    END LOOP;
END
$$;

-- Tables without a region column follow their parent row, itself filtered
-- by its own policy (a policy's subquery runs under the reader's rights).
ALTER TABLE lecap.repondant ENABLE ROW LEVEL SECURITY;
CREATE POLICY analyste ON lecap.repondant FOR SELECT TO lecap_analyste USING (true);
CREATE POLICY delegue ON lecap.repondant FOR SELECT TO lecap_delegue
    USING (evaluation_id IN (SELECT id FROM lecap.evaluation));
ALTER TABLE lecap.reponse ENABLE ROW LEVEL SECURITY;
CREATE POLICY analyste ON lecap.reponse FOR SELECT TO lecap_analyste USING (true);
CREATE POLICY delegue ON lecap.reponse FOR SELECT TO lecap_delegue
    USING (evaluation_id IN (SELECT id FROM lecap.evaluation));
ALTER TABLE lecap.plan ENABLE ROW LEVEL SECURITY;
CREATE POLICY analyste ON lecap.plan FOR SELECT TO lecap_analyste USING (true);
CREATE POLICY delegue ON lecap.plan FOR SELECT TO lecap_delegue
    USING (siret IN (SELECT siret FROM lecap.entreprise));
ALTER TABLE lecap.plan_action ENABLE ROW LEVEL SECURITY;
CREATE POLICY analyste ON lecap.plan_action FOR SELECT TO lecap_analyste USING (true);
CREATE POLICY delegue ON lecap.plan_action FOR SELECT TO lecap_delegue
    USING (plan_id IN (SELECT id FROM lecap.plan));
ALTER TABLE lecap.plan_action_offre ENABLE ROW LEVEL SECURITY;
CREATE POLICY analyste ON lecap.plan_action_offre FOR SELECT TO lecap_analyste USING (true);
CREATE POLICY delegue ON lecap.plan_action_offre FOR SELECT TO lecap_delegue
    USING (plan_id IN (SELECT id FROM lecap.plan));
ALTER TABLE lecap.delegue_region ENABLE ROW LEVEL SECURITY;
CREATE POLICY analyste ON lecap.delegue_region FOR SELECT TO lecap_analyste USING (true);
CREATE POLICY delegue ON lecap.delegue_region FOR SELECT TO lecap_delegue USING (login = current_user);

-- 031 — The effect of progress plans under the publication convention
-- (issue 18): lecap.v_effet_plan decided its own secrecy in the view. Its
-- cells are now computed by lecap.effet_plan_calculer (sql/fonctions/),
-- called by lecap.publier in the transaction that decides the campaign's
-- pattern, and stored here; their secrecy is decided by lecap.publier with
-- the other tables (lecap.secret, tableaux 'effet_avec' and 'effet_sans':
-- the two groups of a row), and the view reads
-- both. Like lecap.evolution_publiee, the rows of campaign N are those of
-- its last aggregation.

-- Campaigns aggregated before this migration have no effect cells yet:
-- forget their aggregation state, so that the next lecap aggregate
-- recomputes them (as 021 did).
DELETE FROM lecap.agregat_campagne;

CREATE TABLE lecap.effet_plan (
    campagne            int  NOT NULL,
    campagne_precedente int  NOT NULL,
    region              text COLLATE "C" NOT NULL,
    niveau              text COLLATE "C" NOT NULL CHECK (niveau IN ('objectif', 'sous_theme', 'theme')),
    code                text COLLATE "C" NOT NULL,
    statut              text COLLATE "C" NOT NULL
                        CHECK (statut IN ('tous', 'realisee', 'en_cours', 'a_engager', 'abandonnee')),
    n_avec              int  NOT NULL,
    e_avec              numeric,
    n_sans              int  NOT NULL,
    e_sans              numeric,
    PRIMARY KEY (campagne, region, code, statut)
);
COMMENT ON TABLE lecap.effet_plan IS 'Cellules de l''effet des plans de progrès (lecap.effet_plan_calculer, appelée par lecap.publier) : évolution moyenne des scores du panel selon que l''élément était dans le plan précédent ; publiées par lecap.v_effet_plan, secret appliqué';
COMMENT ON COLUMN lecap.effet_plan.campagne IS 'Année de campagne (N)';
COMMENT ON COLUMN lecap.effet_plan.campagne_precedente IS 'Campagne comparée (N−1), celle du plan';
COMMENT ON COLUMN lecap.effet_plan.region IS 'Code INSEE de la région de l''évaluation N, ou FR';
COMMENT ON COLUMN lecap.effet_plan.niveau IS 'objectif, sous_theme ou theme';
COMMENT ON COLUMN lecap.effet_plan.code IS 'Code de l''élément de la grille';
COMMENT ON COLUMN lecap.effet_plan.statut IS 'tous, ou (objectifs) le dernier statut déclaré de l''action du plan N−1';
COMMENT ON COLUMN lecap.effet_plan.n_avec IS 'Adhérents du panel dont le plan N−1 visait l''élément (au statut dit)';
COMMENT ON COLUMN lecap.effet_plan.e_avec IS 'Moyenne de leur score N moins leur score N−1 (non arrondie)';
COMMENT ON COLUMN lecap.effet_plan.n_sans IS 'Adhérents du panel dont le plan N−1 ne visait pas l''élément';
COMMENT ON COLUMN lecap.effet_plan.e_sans IS 'Moyenne de leur score N moins leur score N−1 (non arrondie) ; le même pour tous les statuts';

ALTER TABLE lecap.secret DROP CONSTRAINT secret_tableau_check;
ALTER TABLE lecap.secret ADD CONSTRAINT secret_tableau_check CHECK (tableau IN ('agregat', 'college', 'divergence',
    'plan', 'offre_plan', 'offre_objectifs', 'participation', 'repondants', 'effet_avec', 'effet_sans'));
COMMENT ON COLUMN lecap.secret.tableau IS 'agregat (lecap.agregat), college (agregat_college), divergence (divergence_agregat), plan (plan_agregat), offre_plan et offre_objectifs (les deux moitiés de demande_offres), participation, repondants (repondants_college), effet_avec et effet_sans (les deux groupes d''une ligne de lecap.effet_plan : avec le plan, par statut ; sans le plan, celui de la ligne tous)';
COMMENT ON COLUMN lecap.secret.ventilation IS 'Type de structure (* : tous) pour agregat, collège pour college et repondants, statut pour effet_avec et effet_sans (tous), vide sinon';

-- Like the other result tables: a delegate reads their regions' rows, an
-- analyst every row; everyone reads the publication view.
ALTER TABLE lecap.effet_plan ENABLE ROW LEVEL SECURITY;
CREATE POLICY analyste ON lecap.effet_plan FOR SELECT TO lecap_analyste USING (true);
CREATE POLICY delegue ON lecap.effet_plan FOR SELECT TO lecap_delegue
    USING (region IN (SELECT d.region FROM lecap.delegue_region d WHERE d.login = current_user));
GRANT SELECT ON lecap.effet_plan TO lecap_delegue, lecap_analyste;

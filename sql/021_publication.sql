-- 021 — What may be published: statistical secrecy decided once, in SQL,
-- and the publication views that everything publishing reads (the PDFs,
-- delegates outside their regions, lecap export, analysts who publish).
--
-- The rules (docs/analystes.md, « Secret statistique ») :
--
-- * Primary secrecy: a cell computed over fewer than [agregats]
--   seuil_secret enterprises (n_entreprises, or for counts 0 < n < seuil) is
--   secret, and with it every statistic of the cell (mean, median,
--   quartiles, minimum, maximum, shares, counts other than n).
-- * Secondary secrecy: the cells are linked by relations a reader can use
--   (a mean times its n is a sum): FR = Σ regions, region = Σ structure
--   types, parent = weighted children of the grid (theme ← sub-themes ←
--   objectives ← indicators) within a region and type, respondents of a
--   region = Σ colleges. In every relation, the number of secret cells is
--   0, all of them, or at least 2 — at least 3 across regions (FR = Σ
--   regions), so that a delegate, who reads one region in full, still
--   faces two unknowns. The complement is the published cell of the
--   smallest population (then smallest n, then key order), a component
--   before the total; the rule is applied until every relation holds.
--   lecap.publier() decides the pattern of a WHOLE campaign from its result
--   tables: the same results give the same pattern, whatever the order in
--   which files were loaded or regions recomputed.
-- * Evolution (this campaign − the previous one) is published only when
--   both campaigns' cells are published, and is the difference of the two
--   published (rounded) means: views, PDFs and export never disagree.
--
-- The pattern lives in lecap.secret, written in the transaction that writes
-- the campaign's results. lecap.publier (sql/fonctions/publier.sql) decides
-- it; the publication views (sql/vues/v_publication_*.sql) show a campaign
-- only once it has run for it (lecap.publication_campagne).

-- Campaigns aggregated before this migration have no pattern yet: forget
-- their aggregation state, so that the next lecap aggregate recomputes them.
DELETE FROM lecap.agregat_campagne;

CREATE TABLE lecap.publication_campagne (
    campagne            int PRIMARY KEY,
    decide_le           timestamptz NOT NULL,
    seuil_secret        int NOT NULL,
    version_referentiel text COLLATE "C",
    campagne_precedente int,
    n_cellules          int NOT NULL,
    n_primaires         int NOT NULL,
    n_secondaires       int NOT NULL
);
COMMENT ON TABLE lecap.publication_campagne IS 'Décision du secret statistique de chaque campagne (lecap.publier) : quand, avec quel seuil, combien de cellules masquées';
COMMENT ON COLUMN lecap.publication_campagne.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.publication_campagne.decide_le IS 'Date de la décision (fin du calcul des agrégats de la campagne)';
COMMENT ON COLUMN lecap.publication_campagne.seuil_secret IS 'Paramètre [agregats] seuil_secret appliqué';
COMMENT ON COLUMN lecap.publication_campagne.version_referentiel IS 'Version de la grille de la campagne (la plus fréquente parmi ses évaluations) : libellés et ordre d''affichage des vues de publication';
COMMENT ON COLUMN lecap.publication_campagne.campagne_precedente IS 'Campagne à laquelle les évolutions se comparent';
COMMENT ON COLUMN lecap.publication_campagne.n_cellules IS 'Cellules examinées (toutes les tables de résultats de la campagne)';
COMMENT ON COLUMN lecap.publication_campagne.n_primaires IS 'Cellules en secret primaire (effectif sous le seuil)';
COMMENT ON COLUMN lecap.publication_campagne.n_secondaires IS 'Cellules en secret secondaire (masquées pour qu''aucune cellule secrète ne se recalcule)';

CREATE TABLE lecap.secret (
    campagne    int  NOT NULL,
    tableau     text COLLATE "C" NOT NULL CHECK (tableau IN ('agregat', 'college', 'divergence', 'plan',
                    'offre_plan', 'offre_objectifs', 'participation', 'repondants')),
    region      text COLLATE "C" NOT NULL,
    ventilation text COLLATE "C" NOT NULL,
    code        text COLLATE "C" NOT NULL,
    n           int  NOT NULL,
    motif       text NOT NULL CHECK (motif IN ('primaire', 'secondaire')),
    PRIMARY KEY (campagne, tableau, region, ventilation, code)
);
COMMENT ON TABLE lecap.secret IS 'Cellules qui ne peuvent pas être publiées, décidées par lecap.publier pour toute une campagne ; une cellule absente est publiable';
COMMENT ON COLUMN lecap.secret.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.secret.tableau IS 'agregat (lecap.agregat), college (agregat_college), divergence (divergence_agregat), plan (plan_agregat), offre_plan et offre_objectifs (les deux moitiés de demande_offres), participation, repondants (repondants_college)';
COMMENT ON COLUMN lecap.secret.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.secret.ventilation IS 'Type de structure (* : tous) pour agregat, collège pour college et repondants, vide sinon';
COMMENT ON COLUMN lecap.secret.code IS 'Code de l''élément de la grille, de l''objectif, du sous-thème ou de l''offre ; vide pour participation et repondants';
COMMENT ON COLUMN lecap.secret.n IS 'Effectif de la cellule (entreprises)';
COMMENT ON COLUMN lecap.secret.motif IS 'primaire : effectif sous seuil_secret ; secondaire : masquée pour protéger une cellule primaire';

-- The previous campaign's published mean of every cell that has one, as
-- it stood when the campaign's pattern was decided: the evolution a
-- publication view shows is this campaign's published mean minus it, and
-- does not move until the campaign itself is recomputed (a recomputed
-- previous campaign makes it stale: lecap.campagne_perimee).
CREATE TABLE lecap.evolution_publiee (
    campagne            int  NOT NULL,
    region              text COLLATE "C" NOT NULL,
    type_structure      text COLLATE "C" NOT NULL,
    code                text COLLATE "C" NOT NULL,
    moyenne_precedente  numeric(5,2) NOT NULL,
    PRIMARY KEY (campagne, region, type_structure, code)
);
COMMENT ON TABLE lecap.evolution_publiee IS 'Moyenne publiée (arrondie) de la campagne précédente pour chaque cellule de lecap.agregat qui en a une, au moment de la décision du secret (lecap.publier)';
COMMENT ON COLUMN lecap.evolution_publiee.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.evolution_publiee.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.evolution_publiee.type_structure IS 'Type de structure, ou *';
COMMENT ON COLUMN lecap.evolution_publiee.code IS 'Code de l''élément de la grille';
COMMENT ON COLUMN lecap.evolution_publiee.moyenne_precedente IS 'Moyenne publiée de la même cellule à la campagne précédente, 2 décimales';

-- ------------------------------------------------ the registry over time
--
-- Participation counts, at each campaign, the members registered then. The
-- registry (lecap.adherent) is replaced by each Adhérents file; its history
-- is kept here (by lecap.publier, at each aggregation, which a new registry
-- always triggers), so that a new registry does not change a past campaign:
-- a member stays known after it leaves the registry, with the date of the
-- first registry without it (sorti_le).

CREATE TABLE lecap.adherent_historique (
    siret          text PRIMARY KEY,
    raison_sociale text NOT NULL,
    region         text NOT NULL REFERENCES lecap.region,
    type_structure text NOT NULL REFERENCES lecap.type_structure,
    date_adhesion  date,
    sorti_le       date
);
COMMENT ON TABLE lecap.adherent_historique IS 'Tous les adhérents connus d''un registre, présents ou sortis : la base des taux de participation de chaque campagne';
COMMENT ON COLUMN lecap.adherent_historique.siret IS 'SIRET';
COMMENT ON COLUMN lecap.adherent_historique.raison_sociale IS 'Raison sociale (dernier registre qui le porte)';
COMMENT ON COLUMN lecap.adherent_historique.region IS 'Région (dernier registre qui le porte)';
COMMENT ON COLUMN lecap.adherent_historique.type_structure IS 'Type de structure (dernier registre qui le porte)';
COMMENT ON COLUMN lecap.adherent_historique.date_adhesion IS 'Date d''adhésion (NULL : inconnue, adhérent depuis toujours)';
COMMENT ON COLUMN lecap.adherent_historique.sorti_le IS 'Date d''intégration du premier registre qui ne le porte plus ; NULL : au registre actuel';

INSERT INTO lecap.adherent_historique
SELECT siret, raison_sociale, region, type_structure, date_adhesion, NULL FROM lecap.adherent;

-- ------------------------------------------------------------------ roles
--
-- The pattern and the registry's history are read by both reader roles
-- (each publication view grants itself in its file).
GRANT SELECT ON lecap.publication_campagne, lecap.secret, lecap.adherent_historique, lecap.evolution_publiee
  TO lecap_delegue, lecap_analyste;

-- Delegates read their own regions in full, and nothing else but the
-- publication views: the network rows (FR) leave the row-level policies.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['entreprise', 'evaluation', 'adherent', 'resultat_evaluation',
        'score', 'score_college', 'agregat', 'agregat_college', 'divergence',
        'divergence_agregat', 'plan_agregat', 'demande_offres', 'participation',
        'repondants_college', 'adherent_sans_evaluation']
    LOOP
        EXECUTE format('DROP POLICY delegue ON lecap.%I', t);
        EXECUTE format('CREATE POLICY delegue ON lecap.%I FOR SELECT TO lecap_delegue USING (region IN '
                       '(SELECT d.region FROM lecap.delegue_region d WHERE d.login = current_user))', t);
    END LOOP;
END
$$;

-- A plan belongs to the region its campaign's evaluation declares (else the
-- enterprise's last known region, else the registry's): the rule by which
-- lecap.agreger places it in plan_agregat, written down by lecap.publier in
-- lecap.plan_region, which row-level security filters like the other result
-- tables; a delegate reads the plans (and their actions and offers) of
-- their regions' rows there. A plan loaded since the last aggregation is
-- not placed yet: delegates read it after the next one (the night's run
-- aggregates right after loading).
CREATE TABLE lecap.plan_region (
    plan_id  bigint PRIMARY KEY,
    campagne int  NOT NULL,
    siret    text COLLATE "C" NOT NULL,
    region   text COLLATE "C" NOT NULL
);
CREATE INDEX plan_region_campagne ON lecap.plan_region (campagne);
COMMENT ON TABLE lecap.plan_region IS 'Région de chaque plan de progrès : celle de l''évaluation de la même campagne, sinon la dernière connue de l''entreprise, sinon celle du registre (lecap.publier)';
COMMENT ON COLUMN lecap.plan_region.plan_id IS 'Plan';
COMMENT ON COLUMN lecap.plan_region.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.plan_region.siret IS 'SIRET de l''entreprise';
COMMENT ON COLUMN lecap.plan_region.region IS 'Code INSEE de la région du plan';
ALTER TABLE lecap.plan_region ENABLE ROW LEVEL SECURITY;
CREATE POLICY analyste ON lecap.plan_region FOR SELECT TO lecap_analyste USING (true);
CREATE POLICY delegue ON lecap.plan_region FOR SELECT TO lecap_delegue
    USING (region IN (SELECT d.region FROM lecap.delegue_region d WHERE d.login = current_user));
DROP POLICY delegue ON lecap.plan;
CREATE POLICY delegue ON lecap.plan FOR SELECT TO lecap_delegue
    USING (id IN (SELECT r.plan_id FROM lecap.plan_region r));
-- plan_action and plan_action_offre follow lecap.plan (their policies of 005
-- read it under the reader's rights).

-- The registry's history, like the registry: own regions only.
ALTER TABLE lecap.adherent_historique ENABLE ROW LEVEL SECURITY;
CREATE POLICY analyste ON lecap.adherent_historique FOR SELECT TO lecap_analyste USING (true);
CREATE POLICY delegue ON lecap.adherent_historique FOR SELECT TO lecap_delegue
    USING (region IN (SELECT d.region FROM lecap.delegue_region d WHERE d.login = current_user));
GRANT SELECT ON lecap.plan_region TO lecap_delegue, lecap_analyste;

-- The pattern, like the results: a delegate reads their regions' rows
-- (everyone reads the publication views, which show what is public).
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['secret', 'evolution_publiee']
    LOOP
        EXECUTE format('ALTER TABLE lecap.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY analyste ON lecap.%I FOR SELECT TO lecap_analyste USING (true)', t);
        EXECUTE format('CREATE POLICY delegue ON lecap.%I FOR SELECT TO lecap_delegue USING (region IN '
                       '(SELECT d.region FROM lecap.delegue_region d WHERE d.login = current_user))', t);
    END LOOP;
END
$$;

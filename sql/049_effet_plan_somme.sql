-- 049 — The sums that give the cells of the effect of the plans, kept per
-- region (issue 20, nights). lecap.effet_plan_calculer grouped, at every
-- publication, every panel member's evolution (lecap.effet_plan_panel:
-- 7,000 members and 560,000 elements at 10,000 members; 0.45-0.50 s of a
-- night with one corrected export) into the cells of each region and of
-- the network. A region's cells depend only on its panel members: their
-- counts and sums of evolutions are kept here per region, element and
-- group (avec, sans, and each status of an objective in the plan), and
-- counted again only for the regions whose panel changed; the network's
-- cells are the regions' sums added up. A region's panel is told by its
-- members' keys (lecap.effet_plan_somme_region: their count and the sum of
-- the 64-bit hashes of (siret, evaluations, plans)): a member's evolution
-- never changes while those keys do not (migration 043), and a member gone
-- by any path (a corrected export, a withdrawal, an erasure, a
-- recomputation from scratch) changes them.
--
-- The sums are kept per scale of the evolutions they add (echelle), as for
-- lecap.somme_college (migration 046): the mean is the sum over the count
-- with avg()'s digits.
--
-- Written by lecap.effet_plan_calculer only (sql/fonctions/); internal (no
-- reader role reads them: the published cells are those of
-- lecap.effet_plan, through the publication rules). Empty here: the first
-- publication of each campaign counts them.

CREATE TABLE lecap.effet_plan_somme (
    campagne int    NOT NULL,
    region   text COLLATE "C" NOT NULL,
    niveau   text COLLATE "C" NOT NULL,
    code     text COLLATE "C" NOT NULL,
    groupe   text COLLATE "C" NOT NULL
             CHECK (groupe IN ('avec', 'sans', 'realisee', 'en_cours', 'a_engager', 'abandonnee')),
    echelle  smallint NOT NULL,
    n        int    NOT NULL CHECK (n > 0),
    somme    numeric NOT NULL,
    PRIMARY KEY (campagne, region, niveau, code, groupe, echelle)
);
COMMENT ON TABLE lecap.effet_plan_somme IS 'Sommes des évolutions des membres du panel de l''effet des plans, par région, élément et groupe (avec, sans, statut de l''objectif) ; table interne de lecap.effet_plan_calculer, d''où il tire les cellules de lecap.effet_plan';
COMMENT ON COLUMN lecap.effet_plan_somme.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.effet_plan_somme.region IS 'Code INSEE de la région des membres';
COMMENT ON COLUMN lecap.effet_plan_somme.niveau IS 'objectif, sous_theme ou theme';
COMMENT ON COLUMN lecap.effet_plan_somme.code IS 'Code de l''élément';
COMMENT ON COLUMN lecap.effet_plan_somme.groupe IS 'avec (l''élément était au plan précédent), sans, ou le statut de l''objectif au plan (realisee, en_cours, a_engager, abandonnee)';
COMMENT ON COLUMN lecap.effet_plan_somme.echelle IS 'Nombre de décimales des évolutions sommées';
COMMENT ON COLUMN lecap.effet_plan_somme.n IS 'Nombre de membres du panel';
COMMENT ON COLUMN lecap.effet_plan_somme.somme IS 'Somme de leurs évolutions (score de la campagne moins score de la précédente)';
REVOKE ALL ON lecap.effet_plan_somme FROM PUBLIC, lecap_analyste, lecap_delegue;

CREATE TABLE lecap.effet_plan_somme_region (
    campagne int    NOT NULL,
    region   text COLLATE "C" NOT NULL,
    membres  int    NOT NULL,
    cles     numeric NOT NULL,
    PRIMARY KEY (campagne, region)
);
COMMENT ON TABLE lecap.effet_plan_somme_region IS 'Membres du panel de chaque région avec lesquels les sommes de lecap.effet_plan_somme ont été comptées : leur nombre et la somme des hachages de leurs clés';
COMMENT ON COLUMN lecap.effet_plan_somme_region.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.effet_plan_somme_region.region IS 'Code INSEE de la région';
COMMENT ON COLUMN lecap.effet_plan_somme_region.membres IS 'Nombre de membres du panel de la région';
COMMENT ON COLUMN lecap.effet_plan_somme_region.cles IS 'Somme des hachages 64 bits de (siret, évaluations, plans) de ces membres';
REVOKE ALL ON lecap.effet_plan_somme_region FROM PUBLIC, lecap_analyste, lecap_delegue;

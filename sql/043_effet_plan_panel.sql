-- 043 — The effect of progress plans, member by member, kept (issue 20,
-- nights). lecap.effet_plan_calculer compared, at every aggregation of a
-- campaign, every panel member's scores with those of the previous
-- campaign: both campaigns' objective, sub-theme and theme scores read and
-- grouped per member and element, 0.4 s at 2,000 members and 2.1 s at
-- 10,000, for a night where one export changed. A member's evolution
-- depends only on its two evaluations (whose scores never change while
-- they keep their ids) and on its two plans (replaced by a new id, never
-- updated): it is kept here with those four ids, and computed again only
-- when one of them changes.
--
-- Written by lecap.effet_plan_calculer only (sql/fonctions/), read by it
-- only; internal (no reader role reads it: the published cells are those
-- of lecap.effet_plan). A recomputation from scratch empties it: deleting
-- an evaluation's row of lecap.resultat_evaluation (lecap aggregate --all
-- and --campagne, a corrected export, a withdrawal, an erasure) deletes the
-- members' rows computed from it (the foreign keys below), so that nothing
-- computed before survives a recomputation from scratch.
--
-- One row per member, its evolution as arrays aligned on the elements
-- (sorted by level and code). A first version kept a row per member and
-- element in a second table: in a recomputation from scratch, an index
-- entry and a foreign-key check per element, lecap.effet_plan_calculer
-- for one campaign at 2,000 members 415-432 ms before, 739-795 ms with it,
-- 488-498 ms with the arrays (same base, alternated, three runs each).

CREATE TABLE lecap.effet_plan_panel (
    campagne                 int    NOT NULL,
    siret                    text COLLATE "C" NOT NULL,
    region                   text COLLATE "C" NOT NULL,
    evaluation_id            bigint NOT NULL
        REFERENCES lecap.resultat_evaluation ON DELETE CASCADE,
    evaluation_precedente_id bigint NOT NULL
        REFERENCES lecap.resultat_evaluation ON DELETE CASCADE,
    plan_id                  bigint,
    plan_precedent_id        bigint,
    niveaux                  text[] COLLATE "C" NOT NULL,
    codes                    text[] COLLATE "C" NOT NULL,
    deltas                   numeric[] NOT NULL,
    avec                     boolean[] NOT NULL,
    statuts                  text[] NOT NULL,
    PRIMARY KEY (campagne, siret),
    CHECK (cardinality(codes) = cardinality(niveaux) AND cardinality(deltas) = cardinality(niveaux)
           AND cardinality(avec) = cardinality(niveaux) AND cardinality(statuts) = cardinality(niveaux))
);
-- The foreign keys' deletions look the rows up by evaluation.
CREATE INDEX effet_plan_panel_evaluation ON lecap.effet_plan_panel (evaluation_id);
CREATE INDEX effet_plan_panel_precedente ON lecap.effet_plan_panel (evaluation_precedente_id);
COMMENT ON TABLE lecap.effet_plan_panel IS 'Membres du panel de l''effet des plans d''une campagne : l''évolution de chacun, et les évaluations et plans dont elle a été calculée ; table interne de lecap.effet_plan_calculer';
COMMENT ON COLUMN lecap.effet_plan_panel.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.effet_plan_panel.siret IS 'SIRET de l''adhérent';
COMMENT ON COLUMN lecap.effet_plan_panel.region IS 'Région de son évaluation de la campagne';
COMMENT ON COLUMN lecap.effet_plan_panel.evaluation_id IS 'Son évaluation complète de la campagne';
COMMENT ON COLUMN lecap.effet_plan_panel.evaluation_precedente_id IS 'Son évaluation complète de la campagne précédente';
COMMENT ON COLUMN lecap.effet_plan_panel.plan_id IS 'Son plan de progrès de la campagne (vide : aucun)';
COMMENT ON COLUMN lecap.effet_plan_panel.plan_precedent_id IS 'Son plan de progrès de la campagne précédente (vide : aucun)';
COMMENT ON COLUMN lecap.effet_plan_panel.niveaux IS 'Niveau de chaque élément noté aux deux campagnes (objectif, sous_theme, theme), triés par niveau et code';
COMMENT ON COLUMN lecap.effet_plan_panel.codes IS 'Code de chaque élément, dans le même ordre';
COMMENT ON COLUMN lecap.effet_plan_panel.deltas IS 'Score de la campagne moins score de la campagne précédente, non arrondi, dans le même ordre';
COMMENT ON COLUMN lecap.effet_plan_panel.avec IS 'Vrai si l''élément (ou un objectif sous lui) était dans le plan de la campagne précédente, dans le même ordre';
COMMENT ON COLUMN lecap.effet_plan_panel.statuts IS 'Pour un objectif planifié, son dernier statut déclaré (sinon vide), dans le même ordre';
REVOKE ALL ON lecap.effet_plan_panel FROM PUBLIC, lecap_analyste, lecap_delegue;

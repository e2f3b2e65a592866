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
    PRIMARY KEY (campagne, siret)
);
-- The foreign keys' deletions look the rows up by evaluation.
CREATE INDEX effet_plan_panel_evaluation ON lecap.effet_plan_panel (evaluation_id);
CREATE INDEX effet_plan_panel_precedente ON lecap.effet_plan_panel (evaluation_precedente_id);
COMMENT ON TABLE lecap.effet_plan_panel IS 'Membres du panel de l''effet des plans d''une campagne, avec les évaluations et les plans dont leur évolution (lecap.effet_plan_evolution) a été calculée ; table interne de lecap.effet_plan_calculer';
COMMENT ON COLUMN lecap.effet_plan_panel.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.effet_plan_panel.siret IS 'SIRET de l''adhérent';
COMMENT ON COLUMN lecap.effet_plan_panel.region IS 'Région de son évaluation de la campagne';
COMMENT ON COLUMN lecap.effet_plan_panel.evaluation_id IS 'Son évaluation complète de la campagne';
COMMENT ON COLUMN lecap.effet_plan_panel.evaluation_precedente_id IS 'Son évaluation complète de la campagne précédente';
COMMENT ON COLUMN lecap.effet_plan_panel.plan_id IS 'Son plan de progrès de la campagne (vide : aucun)';
COMMENT ON COLUMN lecap.effet_plan_panel.plan_precedent_id IS 'Son plan de progrès de la campagne précédente (vide : aucun)';
REVOKE ALL ON lecap.effet_plan_panel FROM PUBLIC, lecap_analyste, lecap_delegue;

CREATE TABLE lecap.effet_plan_evolution (
    campagne int    NOT NULL,
    siret    text COLLATE "C" NOT NULL,
    niveau   text COLLATE "C" NOT NULL,
    code     text COLLATE "C" NOT NULL,
    delta    numeric NOT NULL,
    avec     boolean NOT NULL,
    statut   text,
    PRIMARY KEY (campagne, siret, niveau, code),
    FOREIGN KEY (campagne, siret) REFERENCES lecap.effet_plan_panel ON DELETE CASCADE
);
COMMENT ON TABLE lecap.effet_plan_evolution IS 'Évolution d''un membre du panel de l''effet des plans sur chaque objectif, sous-thème et thème noté aux deux campagnes ; table interne de lecap.effet_plan_calculer';
COMMENT ON COLUMN lecap.effet_plan_evolution.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.effet_plan_evolution.siret IS 'SIRET de l''adhérent (lecap.effet_plan_panel)';
COMMENT ON COLUMN lecap.effet_plan_evolution.niveau IS 'Niveau : objectif, sous_theme ou theme';
COMMENT ON COLUMN lecap.effet_plan_evolution.code IS 'Code de l''élément';
COMMENT ON COLUMN lecap.effet_plan_evolution.delta IS 'Score de la campagne moins score de la campagne précédente, non arrondi';
COMMENT ON COLUMN lecap.effet_plan_evolution.avec IS 'Vrai si l''élément (ou un objectif sous lui) était dans le plan de la campagne précédente';
COMMENT ON COLUMN lecap.effet_plan_evolution.statut IS 'Pour un objectif planifié : son dernier statut déclaré';
REVOKE ALL ON lecap.effet_plan_evolution FROM PUBLIC, lecap_analyste, lecap_delegue;

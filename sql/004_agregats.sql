-- 004 — Aggregation: enterprise scores, network aggregates, diverging
-- viewpoints, progress plans, demand for the service offer, participation.
--
-- The results live in tables (lecap.score, lecap.agregat...) that
-- lecap.agreger() refills for ONE campaign inside the caller's transaction:
-- DELETE then INSERT of that campaign's rows, so that a reader sees either
-- the previous results or the new ones, never half of them (MVCC).
-- The result tables are UNLOGGED: they are derived data, and writing them
-- without WAL halves the cost of a refresh. After a server crash PostgreSQL
-- empties them, lecap.agregat_campagne included, so that the next
-- aggregation finds every campaign « jamais agrégée » and recomputes it.
-- Result tables carry no foreign key to the loaded data: they are a snapshot
-- that an ingest may outdate (the staleness rule below then says so), and
-- the views read only them, so that they stay consistent with one another.
-- The functions (lecap.agreger, the staleness rule...) are in sql/fonctions/
-- and the contract views (v_*) in sql/vues/, one file each, that lecap init
-- re-applies when they change (docs/contribuer.md); the views are
-- security_invoker so that the row-level security of 005_roles.sql applies
-- to the people who read them.

CREATE INDEX evaluation_campagne ON lecap.evaluation (campagne);
CREATE INDEX plan_campagne ON lecap.plan (campagne);

-- ---------------------------------------------------------------- tables

CREATE UNLOGGED TABLE lecap.agregat_campagne (
    campagne            int PRIMARY KEY,
    calcule_le          timestamptz NOT NULL,
    dernier_fichier_id  bigint NOT NULL,
    campagne_precedente int,
    completude_min      numeric NOT NULL,
    seuil_secret        int NOT NULL,
    n_evaluations       int NOT NULL,
    n_completes         int NOT NULL,
    n_agregats          int NOT NULL
);
COMMENT ON TABLE lecap.agregat_campagne IS 'État des agrégats de chaque campagne : quand et avec quoi ils ont été calculés (règle de péremption, voir docs/analystes.md)';
COMMENT ON COLUMN lecap.agregat_campagne.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.agregat_campagne.calcule_le IS 'Fin du dernier calcul des agrégats de la campagne';
COMMENT ON COLUMN lecap.agregat_campagne.dernier_fichier_id IS 'Plus grand identifiant de lecap.fichier intégré (de la campagne, ou fichier adhérents) pris en compte';
COMMENT ON COLUMN lecap.agregat_campagne.campagne_precedente IS 'Campagne précédente (avec évaluations) utilisée pour les évolutions, NULL s''il n''y en a pas';
COMMENT ON COLUMN lecap.agregat_campagne.completude_min IS 'Paramètre [agregats] completude_min utilisé';
COMMENT ON COLUMN lecap.agregat_campagne.seuil_secret IS 'Paramètre [agregats] seuil_secret utilisé';
COMMENT ON COLUMN lecap.agregat_campagne.n_evaluations IS 'Évaluations de la campagne';
COMMENT ON COLUMN lecap.agregat_campagne.n_completes IS 'Évaluations complètes (complétude ≥ completude_min)';
COMMENT ON COLUMN lecap.agregat_campagne.n_agregats IS 'Lignes écrites dans lecap.agregat';

CREATE UNLOGGED TABLE lecap.resultat_evaluation (
    evaluation_id       bigint PRIMARY KEY,
    campagne            int     NOT NULL,
    siret               text COLLATE "C"    NOT NULL,
    raison_sociale      text    NOT NULL,
    region              text COLLATE "C"    NOT NULL,
    type_structure      text COLLATE "C"    NOT NULL,
    version_referentiel text COLLATE "C"    NOT NULL,
    n_repondants        int     NOT NULL,
    consensus           boolean NOT NULL,
    n_indicateurs       int     NOT NULL,
    n_renseignes        int     NOT NULL,
    completude          numeric NOT NULL,
    complete            boolean NOT NULL
);
CREATE INDEX resultat_evaluation_campagne ON lecap.resultat_evaluation (campagne, region);
-- A member's report reads its own rows.
CREATE INDEX resultat_evaluation_siret ON lecap.resultat_evaluation (siret, campagne);
COMMENT ON TABLE lecap.resultat_evaluation IS 'Chaque évaluation agrégée : identité de l''entreprise au moment de l''export et complétude';
COMMENT ON COLUMN lecap.resultat_evaluation.evaluation_id IS 'Évaluation (lecap.evaluation.id au moment du calcul)';
COMMENT ON COLUMN lecap.resultat_evaluation.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.resultat_evaluation.siret IS 'SIRET de l''entreprise';
COMMENT ON COLUMN lecap.resultat_evaluation.raison_sociale IS 'Raison sociale déclarée dans l''export';
COMMENT ON COLUMN lecap.resultat_evaluation.region IS 'Code INSEE de la région déclarée';
COMMENT ON COLUMN lecap.resultat_evaluation.type_structure IS 'Type de structure déclaré';
COMMENT ON COLUMN lecap.resultat_evaluation.version_referentiel IS 'Version de la grille de l''évaluation';
COMMENT ON COLUMN lecap.resultat_evaluation.n_repondants IS 'Répondants individuels (la ligne de consensus n''est pas comptée)';
COMMENT ON COLUMN lecap.resultat_evaluation.consensus IS 'Vrai si l''export porte une ligne de consensus';
COMMENT ON COLUMN lecap.resultat_evaluation.n_indicateurs IS 'Indicateurs de la grille de l''évaluation';
COMMENT ON COLUMN lecap.resultat_evaluation.n_renseignes IS 'Indicateurs qui ont un score ou NC';
COMMENT ON COLUMN lecap.resultat_evaluation.completude IS 'n_renseignes / n_indicateurs (0–1)';
COMMENT ON COLUMN lecap.resultat_evaluation.complete IS 'Vrai si completude ≥ completude_min : l''évaluation entre dans les agrégats';

CREATE UNLOGGED TABLE lecap.score (
    campagne      int    NOT NULL,
    evaluation_id bigint NOT NULL,
    region        text COLLATE "C"   NOT NULL,
    niveau        text COLLATE "C"   NOT NULL,
    code          text COLLATE "C"   NOT NULL,
    score         numeric,
    atteint       boolean,
    n_objectifs   int,
    n_atteints    int
);
-- No unique key: re-inserting a campaign's rows over its deleted ones
-- would make every insert check the dead duplicates.
CREATE INDEX score_evaluation ON lecap.score (campagne, evaluation_id);
COMMENT ON TABLE lecap.score IS 'Score d''une évaluation pour chaque élément de la grille renseigné (les éléments sans réponse n''ont pas de ligne)';
COMMENT ON COLUMN lecap.score.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.score.evaluation_id IS 'Évaluation (voir lecap.resultat_evaluation)';
COMMENT ON COLUMN lecap.score.region IS 'Code INSEE de la région de l''évaluation (sert à la sécurité par ligne)';
COMMENT ON COLUMN lecap.score.niveau IS 'indicateur, objectif, sous_theme ou theme';
COMMENT ON COLUMN lecap.score.code IS 'Code de l''élément de la grille';
COMMENT ON COLUMN lecap.score.score IS 'Score sur l''échelle 1–4 ; NULL : non concerné (NC)';
COMMENT ON COLUMN lecap.score.atteint IS 'Objectifs seulement : score ≥ cible ; NULL aux autres niveaux ou si NC';
COMMENT ON COLUMN lecap.score.n_objectifs IS 'Objectifs notés sous cet élément (objectif, sous-thème, thème) ; NULL pour un indicateur';
COMMENT ON COLUMN lecap.score.n_atteints IS 'Objectifs atteints sous cet élément ; NULL pour un indicateur';

CREATE UNLOGGED TABLE lecap.score_college (
    campagne      int     NOT NULL,
    evaluation_id bigint  NOT NULL,
    region        text COLLATE "C"    NOT NULL,
    college       text COLLATE "C"    NOT NULL,
    niveau        text COLLATE "C"    NOT NULL,
    code          text COLLATE "C"    NOT NULL,
    score         numeric NOT NULL,
    n_repondants  int     NOT NULL
);
-- No unique key: re-inserting a campaign's rows over its deleted ones
-- would make every insert check the dead duplicates.
CREATE INDEX score_college_evaluation ON lecap.score_college (campagne, evaluation_id);
COMMENT ON TABLE lecap.score_college IS 'Score d''un collège d''une évaluation par thème et sous-thème : moyenne des notes de ses répondants (NC exclus) sur les indicateurs de l''élément';
COMMENT ON COLUMN lecap.score_college.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.score_college.evaluation_id IS 'Évaluation';
COMMENT ON COLUMN lecap.score_college.region IS 'Code INSEE de la région de l''évaluation';
COMMENT ON COLUMN lecap.score_college.college IS 'Collège (direction, salarie_permanent, salarie_insertion, benevole, administrateur)';
COMMENT ON COLUMN lecap.score_college.niveau IS 'sous_theme ou theme';
COMMENT ON COLUMN lecap.score_college.code IS 'Code du sous-thème ou du thème';
COMMENT ON COLUMN lecap.score_college.score IS 'Moyenne des notes du collège sur les indicateurs de l''élément (1–4, NC exclus, non pondérée)';
COMMENT ON COLUMN lecap.score_college.n_repondants IS 'Répondants de ce collège dans l''évaluation';

CREATE UNLOGGED TABLE lecap.agregat (
    campagne       int     NOT NULL,
    region         text COLLATE "C"    NOT NULL,
    type_structure text COLLATE "C"    NOT NULL,
    niveau         text COLLATE "C"    NOT NULL,
    code           text COLLATE "C"    NOT NULL,
    n_entreprises  int     NOT NULL,
    moyenne        numeric NOT NULL,
    mediane        numeric NOT NULL,
    q1             numeric NOT NULL,
    q3             numeric NOT NULL,
    minimum        numeric NOT NULL,
    maximum        numeric NOT NULL,
    part_atteinte  numeric,
    evolution      numeric,
    diffusable     boolean NOT NULL,
    PRIMARY KEY (campagne, region, type_structure, code)
);
COMMENT ON TABLE lecap.agregat IS 'Agrégats du réseau sur les évaluations complètes, par région (et FR) et par type de structure (* : tous types)';
COMMENT ON COLUMN lecap.agregat.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.agregat.region IS 'Code INSEE de la région, ou FR pour tout le réseau';
COMMENT ON COLUMN lecap.agregat.type_structure IS 'Type de structure, ou * pour tous les types';
COMMENT ON COLUMN lecap.agregat.niveau IS 'indicateur, objectif, sous_theme ou theme';
COMMENT ON COLUMN lecap.agregat.code IS 'Code de l''élément de la grille';
COMMENT ON COLUMN lecap.agregat.n_entreprises IS 'Entreprises (évaluations complètes) qui ont un score pour ce code';
COMMENT ON COLUMN lecap.agregat.moyenne IS 'Moyenne des scores';
COMMENT ON COLUMN lecap.agregat.mediane IS 'Médiane (percentile_cont(0.5))';
COMMENT ON COLUMN lecap.agregat.q1 IS 'Premier quartile (percentile_cont(0.25))';
COMMENT ON COLUMN lecap.agregat.q3 IS 'Troisième quartile (percentile_cont(0.75))';
COMMENT ON COLUMN lecap.agregat.minimum IS 'Plus petit score';
COMMENT ON COLUMN lecap.agregat.maximum IS 'Plus grand score';
COMMENT ON COLUMN lecap.agregat.part_atteinte IS 'Part (0–1) des objectifs atteints : entreprises pour un objectif, couples (entreprise, objectif noté) pour un sous-thème ou un thème ; NULL pour un indicateur';
COMMENT ON COLUMN lecap.agregat.evolution IS 'moyenne moins la moyenne de la même région, du même type et du même code à la campagne précédente (NULL sans campagne précédente)';
COMMENT ON COLUMN lecap.agregat.diffusable IS 'Vrai si n_entreprises ≥ seuil_secret (secret statistique)';

CREATE UNLOGGED TABLE lecap.agregat_college (
    campagne      int     NOT NULL,
    region        text COLLATE "C"    NOT NULL,
    college       text COLLATE "C"    NOT NULL,
    niveau        text COLLATE "C"    NOT NULL,
    code          text COLLATE "C"    NOT NULL,
    n_entreprises int     NOT NULL,
    n_repondants  int     NOT NULL,
    moyenne       numeric NOT NULL,
    diffusable    boolean NOT NULL,
    PRIMARY KEY (campagne, region, college, code)
);
COMMENT ON TABLE lecap.agregat_college IS 'Score moyen par collège, thème ou sous-thème et région (et FR), sur les évaluations complètes';
COMMENT ON COLUMN lecap.agregat_college.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.agregat_college.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.agregat_college.college IS 'Collège';
COMMENT ON COLUMN lecap.agregat_college.niveau IS 'theme ou sous_theme';
COMMENT ON COLUMN lecap.agregat_college.code IS 'Code du thème ou du sous-thème';
COMMENT ON COLUMN lecap.agregat_college.n_entreprises IS 'Entreprises où ce collège a noté cet élément';
COMMENT ON COLUMN lecap.agregat_college.n_repondants IS 'Répondants de ce collège dans ces entreprises';
COMMENT ON COLUMN lecap.agregat_college.moyenne IS 'Moyenne, sur ces entreprises, du score du collège';
COMMENT ON COLUMN lecap.agregat_college.diffusable IS 'Vrai si n_entreprises ≥ seuil_secret';

CREATE UNLOGGED TABLE lecap.divergence (
    campagne       int     NOT NULL,
    evaluation_id  bigint  NOT NULL,
    region         text COLLATE "C"    NOT NULL,
    sous_theme     text COLLATE "C"    NOT NULL,
    ecart_moyen    numeric NOT NULL,
    n_indicateurs  int     NOT NULL,
    point_de_debat boolean NOT NULL
);
-- No unique key: re-inserting a campaign's rows over its deleted ones
-- would make every insert check the dead duplicates.
CREATE INDEX divergence_evaluation ON lecap.divergence (campagne, evaluation_id);
COMMENT ON TABLE lecap.divergence IS 'Divergence des points de vue d''une évaluation par sous-thème';
COMMENT ON COLUMN lecap.divergence.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.divergence.evaluation_id IS 'Évaluation';
COMMENT ON COLUMN lecap.divergence.region IS 'Code INSEE de la région de l''évaluation';
COMMENT ON COLUMN lecap.divergence.sous_theme IS 'Code du sous-thème';
COMMENT ON COLUMN lecap.divergence.ecart_moyen IS 'Moyenne, sur les indicateurs du sous-thème notés par au moins deux répondants individuels, de l''écart max − min de leurs notes (NC exclus, consensus exclu)';
COMMENT ON COLUMN lecap.divergence.n_indicateurs IS 'Indicateurs entrant dans la moyenne';
COMMENT ON COLUMN lecap.divergence.point_de_debat IS 'Vrai si ecart_moyen ≥ 2 : point de débat';

CREATE UNLOGGED TABLE lecap.divergence_agregat (
    campagne           int     NOT NULL,
    region             text COLLATE "C"    NOT NULL,
    sous_theme         text COLLATE "C"    NOT NULL,
    n_entreprises      int     NOT NULL,
    ecart_moyen        numeric NOT NULL,
    n_points_de_debat  int     NOT NULL,
    part_points_de_debat numeric NOT NULL,
    diffusable         boolean NOT NULL,
    PRIMARY KEY (campagne, region, sous_theme)
);
COMMENT ON TABLE lecap.divergence_agregat IS 'Divergence des points de vue par région (et FR) et sous-thème, sur les évaluations complètes';
COMMENT ON COLUMN lecap.divergence_agregat.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.divergence_agregat.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.divergence_agregat.sous_theme IS 'Code du sous-thème';
COMMENT ON COLUMN lecap.divergence_agregat.n_entreprises IS 'Entreprises dont l''écart a pu être mesuré';
COMMENT ON COLUMN lecap.divergence_agregat.ecart_moyen IS 'Moyenne des écarts moyens des entreprises';
COMMENT ON COLUMN lecap.divergence_agregat.n_points_de_debat IS 'Entreprises où ce sous-thème est un point de débat';
COMMENT ON COLUMN lecap.divergence_agregat.part_points_de_debat IS 'n_points_de_debat / n_entreprises';
COMMENT ON COLUMN lecap.divergence_agregat.diffusable IS 'Vrai si n_entreprises ≥ seuil_secret';

CREATE UNLOGGED TABLE lecap.plan_agregat (
    campagne               int  NOT NULL,
    region                 text COLLATE "C" NOT NULL,
    objectif               text COLLATE "C" NOT NULL,
    n_entreprises          int  NOT NULL,
    n_actions              int  NOT NULL,
    n_a_engager            int  NOT NULL,
    n_en_cours             int  NOT NULL,
    n_realisees            int  NOT NULL,
    n_abandonnees          int  NOT NULL,
    n_priorite_haute       int  NOT NULL,
    n_actions_precedentes  int  NOT NULL,
    n_realisees_precedentes int NOT NULL,
    part_realisee_precedente numeric,
    diffusable             boolean NOT NULL,
    PRIMARY KEY (campagne, region, objectif)
);
COMMENT ON TABLE lecap.plan_agregat IS 'Plans de progrès par campagne, région (et FR) et objectif';
COMMENT ON COLUMN lecap.plan_agregat.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.plan_agregat.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.plan_agregat.objectif IS 'Code de l''objectif visé par les actions';
COMMENT ON COLUMN lecap.plan_agregat.n_entreprises IS 'Entreprises dont le plan de la campagne a au moins une action sur cet objectif';
COMMENT ON COLUMN lecap.plan_agregat.n_actions IS 'Actions de la campagne sur cet objectif';
COMMENT ON COLUMN lecap.plan_agregat.n_a_engager IS 'Actions au statut a_engager';
COMMENT ON COLUMN lecap.plan_agregat.n_en_cours IS 'Actions au statut en_cours';
COMMENT ON COLUMN lecap.plan_agregat.n_realisees IS 'Actions au statut realisee';
COMMENT ON COLUMN lecap.plan_agregat.n_abandonnees IS 'Actions au statut abandonnee';
COMMENT ON COLUMN lecap.plan_agregat.n_priorite_haute IS 'Actions de priorité 1 (haute)';
COMMENT ON COLUMN lecap.plan_agregat.n_actions_precedentes IS 'Actions encore ouvertes (a_engager, en_cours) des plans de la campagne précédente sur cet objectif, des adhérents qui ont envoyé un plan à cette campagne';
COMMENT ON COLUMN lecap.plan_agregat.n_realisees_precedentes IS 'Parmi elles, celles dont le plan de cette campagne déclare l''objectif réalisé (une action realisee sur le même objectif)';
COMMENT ON COLUMN lecap.plan_agregat.part_realisee_precedente IS 'n_realisees_precedentes / n_actions_precedentes (NULL sans action précédente)';
COMMENT ON COLUMN lecap.plan_agregat.diffusable IS 'Vrai si n_entreprises ≥ seuil_secret';

CREATE UNLOGGED TABLE lecap.demande_offres (
    campagne                 int  NOT NULL,
    region                   text COLLATE "C" NOT NULL,
    offre                    text COLLATE "C" NOT NULL,
    n_entreprises_plan       int  NOT NULL,
    n_actions                int  NOT NULL,
    n_entreprises_objectifs  int  NOT NULL,
    n_objectifs_non_atteints int  NOT NULL,
    diffusable               boolean NOT NULL,
    PRIMARY KEY (campagne, region, offre)
);
COMMENT ON TABLE lecap.demande_offres IS 'Demande adressée à l''offre de services par campagne, région (et FR) et offre';
COMMENT ON COLUMN lecap.demande_offres.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.demande_offres.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.demande_offres.offre IS 'Code de l''offre';
COMMENT ON COLUMN lecap.demande_offres.n_entreprises_plan IS 'Entreprises dont le plan de progrès mobilise cette offre';
COMMENT ON COLUMN lecap.demande_offres.n_actions IS 'Actions des plans qui mobilisent cette offre';
COMMENT ON COLUMN lecap.demande_offres.n_entreprises_objectifs IS 'Entreprises (évaluations complètes) dont au moins un objectif non atteint renvoie à cette offre';
COMMENT ON COLUMN lecap.demande_offres.n_objectifs_non_atteints IS 'Couples (entreprise, objectif non atteint) renvoyant à cette offre';
COMMENT ON COLUMN lecap.demande_offres.diffusable IS 'Vrai si la plus grande des deux populations d''entreprises atteint seuil_secret';

CREATE UNLOGGED TABLE lecap.participation (
    campagne                  int  NOT NULL,
    region                    text COLLATE "C" NOT NULL,
    n_adherents               int  NOT NULL,
    n_adherents_evalues       int  NOT NULL,
    taux_participation        numeric,
    n_sans_evaluation_recente int  NOT NULL,
    n_jamais_evalues          int  NOT NULL,
    n_evaluations             int  NOT NULL,
    n_completes               int  NOT NULL,
    n_repondants              int  NOT NULL,
    PRIMARY KEY (campagne, region)
);
COMMENT ON TABLE lecap.participation IS 'Participation et chiffres clés par campagne et région (et FR)';
COMMENT ON COLUMN lecap.participation.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.participation.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.participation.n_adherents IS 'Adhérents du registre (lecap.adherent) dans la région';
COMMENT ON COLUMN lecap.participation.n_adherents_evalues IS 'Adhérents du registre ayant une évaluation pour la campagne';
COMMENT ON COLUMN lecap.participation.taux_participation IS 'n_adherents_evalues / n_adherents (NULL sans registre)';
COMMENT ON COLUMN lecap.participation.n_sans_evaluation_recente IS 'Adhérents dont la dernière évaluation date de deux campagnes ou plus (campagne − dernière ≥ 2)';
COMMENT ON COLUMN lecap.participation.n_jamais_evalues IS 'Adhérents sans aucune évaluation jusqu''à cette campagne';
COMMENT ON COLUMN lecap.participation.n_evaluations IS 'Évaluations reçues (adhérents du registre ou non)';
COMMENT ON COLUMN lecap.participation.n_completes IS 'Évaluations complètes';
COMMENT ON COLUMN lecap.participation.n_repondants IS 'Répondants individuels de ces évaluations (hors consensus)';

CREATE UNLOGGED TABLE lecap.repondants_college (
    campagne      int  NOT NULL,
    region        text COLLATE "C" NOT NULL,
    college       text COLLATE "C" NOT NULL,
    n_repondants  int  NOT NULL,
    n_entreprises int  NOT NULL,
    PRIMARY KEY (campagne, region, college)
);
COMMENT ON TABLE lecap.repondants_college IS 'Répondants par collège, campagne et région (et FR), toutes évaluations';
COMMENT ON COLUMN lecap.repondants_college.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.repondants_college.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.repondants_college.college IS 'Collège (hors consensus)';
COMMENT ON COLUMN lecap.repondants_college.n_repondants IS 'Répondants de ce collège';
COMMENT ON COLUMN lecap.repondants_college.n_entreprises IS 'Évaluations où ce collège a au moins un répondant';

CREATE UNLOGGED TABLE lecap.adherent_sans_evaluation (
    campagne           int  NOT NULL,
    region             text COLLATE "C" NOT NULL,
    siret              text COLLATE "C" NOT NULL,
    raison_sociale     text NOT NULL,
    type_structure     text COLLATE "C" NOT NULL,
    derniere_campagne  int,
    PRIMARY KEY (campagne, siret)
);
COMMENT ON TABLE lecap.adherent_sans_evaluation IS 'Adhérents du registre sans évaluation récente à une campagne (jamais évalués, ou dernière évaluation deux campagnes ou plus avant)';
COMMENT ON COLUMN lecap.adherent_sans_evaluation.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.adherent_sans_evaluation.region IS 'Code INSEE de la région de l''adhérent';
COMMENT ON COLUMN lecap.adherent_sans_evaluation.siret IS 'SIRET';
COMMENT ON COLUMN lecap.adherent_sans_evaluation.raison_sociale IS 'Raison sociale (registre)';
COMMENT ON COLUMN lecap.adherent_sans_evaluation.type_structure IS 'Type de structure (registre)';
COMMENT ON COLUMN lecap.adherent_sans_evaluation.derniere_campagne IS 'Campagne de la dernière évaluation, NULL si jamais évalué';

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
-- The contract views (v_*) are defined at the end, security_invoker so that
-- the row-level security of 005_roles.sql applies to the people who read them.

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

-- ------------------------------------------------------------- functions

-- Campaigns that have something to aggregate, or results to clear.
CREATE FUNCTION lecap.campagnes_candidates() RETURNS SETOF int
LANGUAGE sql STABLE AS $$
    SELECT campagne FROM lecap.evaluation
    UNION SELECT campagne FROM lecap.plan
    UNION SELECT campagne FROM lecap.agregat_campagne
    ORDER BY 1
$$;
COMMENT ON FUNCTION lecap.campagnes_candidates() IS 'Campagnes qui ont des évaluations, des plans ou des agrégats';

-- The campaign evolutions and plan follow-ups compare with.
CREATE FUNCTION lecap.campagne_precedente(p_campagne int) RETURNS int
LANGUAGE sql STABLE AS $$
    SELECT max(campagne) FROM lecap.evaluation WHERE campagne < p_campagne
$$;
COMMENT ON FUNCTION lecap.campagne_precedente(int) IS 'Campagne précédente : la plus récente antérieure qui a des évaluations';

-- Why a campaign's aggregates are out of date, in French, or NULL when they
-- are up to date. The rule (docs/analystes.md, « Péremption »): never
-- aggregated; other parameters; an integrated file (of the campaign, or an
-- adherents file) newer than the last one taken into account; another
-- previous campaign; or the previous campaign recomputed after this one.
CREATE FUNCTION lecap.campagne_perimee(p_campagne int, p_completude_min numeric, p_seuil_secret int)
RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE
    a lecap.agregat_campagne;
    v_prec int;
    v_prec_le timestamptz;
BEGIN
    SELECT * INTO a FROM lecap.agregat_campagne WHERE campagne = p_campagne;
    IF NOT FOUND THEN
        RETURN 'jamais agrégée';
    END IF;
    IF a.completude_min <> p_completude_min OR a.seuil_secret <> p_seuil_secret THEN
        RETURN 'paramètres [agregats] changés';
    END IF;
    IF EXISTS (SELECT 1 FROM lecap.fichier f
               WHERE f.statut = 'integre' AND f.id > a.dernier_fichier_id
                 AND (f.campagne = p_campagne OR f.nature = 'adherents')) THEN
        RETURN 'nouveaux fichiers intégrés';
    END IF;
    v_prec := lecap.campagne_precedente(p_campagne);
    IF v_prec IS DISTINCT FROM a.campagne_precedente THEN
        RETURN 'campagne précédente changée';
    END IF;
    SELECT calcule_le INTO v_prec_le FROM lecap.agregat_campagne WHERE campagne = v_prec;
    IF v_prec_le > a.calcule_le THEN
        RETURN format('campagne précédente %s recalculée', v_prec);
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION lecap.campagne_perimee(int, numeric, int) IS 'Raison pour laquelle les agrégats d''une campagne sont périmés, NULL s''ils sont à jour';

-- Recomputes every result of one campaign, in the caller's transaction
-- (lecap aggregate runs one transaction per campaign). Set-based: each step
-- is one statement over the whole campaign; the intermediate results are
-- temporary tables dropped at commit.
CREATE FUNCTION lecap.agreger(p_campagne int, p_completude_min numeric, p_seuil_secret int)
RETURNS TABLE (evaluations int, completes int, agregats int)
LANGUAGE plpgsql AS $$
DECLARE
    v_prec int := lecap.campagne_precedente(p_campagne);
    v_fichier bigint;
    v_eval int;
    v_comp int;
    v_agr int;
BEGIN
    IF p_completude_min IS NULL OR p_completude_min < 0 OR p_completude_min > 1 THEN
        RAISE EXCEPTION 'completude_min doit être entre 0 et 1 (reçu %)', p_completude_min;
    END IF;
    IF p_seuil_secret IS NULL OR p_seuil_secret < 1 THEN
        RAISE EXCEPTION 'seuil_secret doit être un entier positif (reçu %)', p_seuil_secret;
    END IF;
    -- The run lock of src/runlock.c: lecap aggregate already holds it (a
    -- session may take it again); a call from psql waits for a running lecap.
    PERFORM pg_advisory_xact_lock(7810758398886019074);
    PERFORM set_config('work_mem', '256MB', true);
    -- Taken first: a file integrated while we compute makes us stale.
    SELECT coalesce(max(id), 0) INTO v_fichier FROM lecap.fichier
     WHERE statut = 'integre' AND (campagne = p_campagne OR nature = 'adherents');

    DROP TABLE IF EXISTS pg_temp.t_eval, pg_temp.t_elem, pg_temp.t_cell, pg_temp.t_ind, pg_temp.t_score, pg_temp.t_rep;

    -- The campaign's evaluations.
    CREATE TEMP TABLE t_eval ON COMMIT DROP AS
    SELECT e.id, e.siret COLLATE "C" AS siret, e.raison_sociale, e.region COLLATE "C" AS region,
           e.type_structure COLLATE "C" AS type_structure,
           e.version_referentiel COLLATE "C" AS version, false AS complete
      FROM lecap.evaluation e WHERE e.campagne = p_campagne;
    ALTER TABLE t_eval ADD PRIMARY KEY (id);
    ANALYZE t_eval;

    -- The grids of these evaluations: small and analysed, so that joins to
    -- it are hashed. Each element carries an integer id (a cheap grouping
    -- key for the answers), its parent's cible, and for an indicator its
    -- sub-theme and theme.
    CREATE TEMP TABLE t_elem ON COMMIT DROP AS
    SELECT row_number() OVER (ORDER BY el.version, el.code)::int AS id,
           el.version COLLATE "C" AS version, el.code COLLATE "C" AS code,
           el.niveau COLLATE "C" AS niveau, el.parent COLLATE "C" AS parent, el.poids,
           pe.cible AS cible_parent, pe.parent COLLATE "C" AS sous_theme,
           st.parent COLLATE "C" AS theme
      FROM lecap.element el
      LEFT JOIN lecap.element pe ON pe.version = el.version AND pe.code = el.parent
      LEFT JOIN lecap.element st ON st.version = pe.version AND st.code = pe.parent
     WHERE el.version IN (SELECT DISTINCT version FROM t_eval);
    ALTER TABLE t_elem ADD PRIMARY KEY (id);
    ANALYZE t_elem;

    -- Respondents per evaluation and college (consensus apart).
    CREATE TEMP TABLE t_rep ON COMMIT DROP AS
    SELECT p.evaluation_id, p.college COLLATE "C" AS college, count(*)::int AS n
      FROM lecap.repondant p JOIN t_eval e ON e.id = p.evaluation_id
     GROUP BY 1, 2;
    ANALYZE t_rep;

    -- The one pass over the answers, two groupings at once (hashed):
    -- per evaluation and indicator of its grid, what the scoring rules need
    -- (the consensus note, the individual notes' count, sum and range);
    -- per evaluation, college and sub-theme, the count and sum of the notes.
    CREATE TEMP TABLE t_cell ON COMMIT DROP AS
    SELECT r.evaluation_id, el.id AS ind, p.college COLLATE "C" AS college,
           CASE WHEN GROUPING(el.id) = 0 THEN 'indicateur' ELSE 'sous_theme' END AS niveau,
           el.sous_theme AS code,
           bool_or(p.college = 'consensus') AS consensus,
           max(r.note) FILTER (WHERE p.college = 'consensus') AS note_consensus,
           count(r.note) FILTER (WHERE p.college <> 'consensus')::int AS n_notes,
           sum(r.note) FILTER (WHERE p.college <> 'consensus')::int AS somme,
           max(r.note) FILTER (WHERE p.college <> 'consensus')
             - min(r.note) FILTER (WHERE p.college <> 'consensus') AS ecart
      FROM lecap.reponse r
      JOIN t_eval e ON e.id = r.evaluation_id
      JOIN lecap.repondant p ON p.evaluation_id = r.evaluation_id AND p.numero = r.repondant
      JOIN t_elem el ON el.version = e.version AND el.code = r.indicateur
                    AND el.niveau = 'indicateur'
     GROUP BY GROUPING SETS ((r.evaluation_id, el.id), (r.evaluation_id, p.college, el.sous_theme));
    ANALYZE t_cell;

    -- Indicator of an enterprise: the consensus note when the consensus
    -- row answers (NC there is NC); else the mean of the individual notes;
    -- NC (score NULL) when every given answer is NC; no row when none.
    CREATE TEMP TABLE t_ind ON COMMIT DROP AS
    SELECT evaluation_id, ind,
           CASE WHEN consensus THEN note_consensus::numeric
                ELSE somme::numeric / nullif(n_notes, 0) END AS score,
           n_notes AS n_individuelles, ecart
      FROM t_cell WHERE niveau = 'indicateur';
    ANALYZE t_ind;

    -- Scores level by level; score NULL means NC, no row means missing.
    CREATE TEMP TABLE t_score (
        evaluation_id bigint, niveau text COLLATE "C", code text COLLATE "C",
        score numeric, atteint boolean, n_objectifs int, n_atteints int
    ) ON COMMIT DROP;
    INSERT INTO t_score (evaluation_id, niveau, code, score)
    SELECT i.evaluation_id, 'indicateur', el.code, i.score
      FROM t_ind i JOIN t_elem el ON el.id = i.ind;

    -- Objective: weighted mean (poids) of its indicators, NC and missing
    -- excluded; reached when score ≥ cible.
    INSERT INTO t_score
    SELECT o.evaluation_id, 'objectif', o.code, o.score, o.score >= o.cible,
           (o.score IS NOT NULL)::int, coalesce((o.score >= o.cible)::int, 0)
      FROM (SELECT i.evaluation_id, el.parent AS code, el.cible_parent AS cible,
                   sum(el.poids * i.score) / nullif(sum(el.poids) FILTER (WHERE i.score IS NOT NULL), 0) AS score
              FROM t_ind i JOIN t_elem el ON el.id = i.ind
             GROUP BY i.evaluation_id, el.parent, el.cible_parent) o;
    ANALYZE t_score;

    -- Sub-theme, then theme: weighted means of the level below; the counts
    -- of scored and reached objectives add up.
    INSERT INTO t_score (evaluation_id, niveau, code, score, n_objectifs, n_atteints)
    SELECT s.evaluation_id, 'sous_theme', el.parent,
           sum(el.poids * s.score) / nullif(sum(el.poids) FILTER (WHERE s.score IS NOT NULL), 0),
           sum(s.n_objectifs), sum(s.n_atteints)
      FROM t_score s
      JOIN t_eval e ON e.id = s.evaluation_id
      JOIN t_elem el ON el.version = e.version AND el.code = s.code
     WHERE s.niveau = 'objectif'
     GROUP BY s.evaluation_id, el.parent;
    ANALYZE t_score;
    INSERT INTO t_score (evaluation_id, niveau, code, score, n_objectifs, n_atteints)
    SELECT s.evaluation_id, 'theme', el.parent,
           sum(el.poids * s.score) / nullif(sum(el.poids) FILTER (WHERE s.score IS NOT NULL), 0),
           sum(s.n_objectifs), sum(s.n_atteints)
      FROM t_score s
      JOIN t_eval e ON e.id = s.evaluation_id
      JOIN t_elem el ON el.version = e.version AND el.code = s.code
     WHERE s.niveau = 'sous_theme'
     GROUP BY s.evaluation_id, el.parent;
    ANALYZE t_score;

    -- Completeness: share of the grid's indicators with a score or NC.
    DELETE FROM lecap.resultat_evaluation WHERE campagne = p_campagne;
    INSERT INTO lecap.resultat_evaluation
    SELECT e.id, p_campagne, e.siret, e.raison_sociale, e.region, e.type_structure, e.version,
           coalesce(rp.n, 0), coalesce(rp.consensus, false), g.n, coalesce(s.n, 0),
           coalesce(s.n, 0)::numeric / g.n,
           coalesce(s.n, 0)::numeric / g.n >= p_completude_min
      FROM t_eval e
      JOIN (SELECT version, count(*)::int AS n FROM t_elem
             WHERE niveau = 'indicateur' GROUP BY version) g ON g.version = e.version
      LEFT JOIN (SELECT evaluation_id, count(*)::int AS n FROM t_ind GROUP BY 1) s ON s.evaluation_id = e.id
      LEFT JOIN (SELECT evaluation_id, sum(n) FILTER (WHERE college <> 'consensus')::int AS n,
                        bool_or(college = 'consensus') AS consensus
                   FROM t_rep GROUP BY 1) rp ON rp.evaluation_id = e.id;
    UPDATE t_eval e SET complete = r.complete
      FROM lecap.resultat_evaluation r WHERE r.evaluation_id = e.id;
    ANALYZE t_eval;
    SELECT count(*), count(*) FILTER (WHERE complete) INTO v_eval, v_comp FROM t_eval;

    DELETE FROM lecap.score WHERE campagne = p_campagne;
    INSERT INTO lecap.score
    SELECT p_campagne, s.evaluation_id, e.region, s.niveau, s.code, s.score, s.atteint,
           s.n_objectifs, s.n_atteints
      FROM t_score s JOIN t_eval e ON e.id = s.evaluation_id;

    -- A college's score: the mean of its respondents' notes (NC excluded)
    -- over the indicators of a sub-theme, or of a theme.
    DELETE FROM lecap.score_college WHERE campagne = p_campagne;
    INSERT INTO lecap.score_college
    WITH st AS (
        SELECT c.evaluation_id, e.region, c.college, c.code, t.theme, c.somme, c.n_notes
          FROM t_cell c
          JOIN t_eval e ON e.id = c.evaluation_id
          JOIN (SELECT DISTINCT version, sous_theme, theme FROM t_elem WHERE niveau = 'indicateur') t
            ON t.version = e.version AND t.sous_theme = c.code
         WHERE c.niveau = 'sous_theme' AND c.college <> 'consensus' AND c.n_notes > 0)
    SELECT p_campagne, x.evaluation_id, x.region, x.college, x.niveau, x.code,
           x.somme::numeric / x.n_notes, rp.n
      FROM (SELECT evaluation_id, region, college, 'sous_theme' AS niveau, code, somme, n_notes FROM st
            UNION ALL
            SELECT evaluation_id, region, college, 'theme', theme, sum(somme), sum(n_notes)
              FROM st GROUP BY evaluation_id, region, college, theme) x
      JOIN t_rep rp ON rp.evaluation_id = x.evaluation_id AND rp.college = x.college;

    -- Network aggregates over complete evaluations: per region and type,
    -- per type, per region, for the network; evolution against the same
    -- key in the previous campaign.
    DELETE FROM lecap.agregat WHERE campagne = p_campagne;
    INSERT INTO lecap.agregat
    WITH g AS (
        SELECT coalesce(e.region, 'FR') AS region, coalesce(e.type_structure, '*') AS type_structure,
               s.niveau, s.code, count(*)::int AS n, avg(s.score) AS moyenne,
               round(percentile_cont(0.5) WITHIN GROUP (ORDER BY s.score::float8)::numeric, 10) AS mediane,
               round(percentile_cont(0.25) WITHIN GROUP (ORDER BY s.score::float8)::numeric, 10) AS q1,
               round(percentile_cont(0.75) WITHIN GROUP (ORDER BY s.score::float8)::numeric, 10) AS q3,
               min(s.score) AS minimum, max(s.score) AS maximum,
               sum(s.n_atteints)::numeric / nullif(sum(s.n_objectifs), 0) AS part
          FROM t_score s JOIN t_eval e ON e.id = s.evaluation_id
         WHERE s.score IS NOT NULL AND e.complete
         GROUP BY GROUPING SETS ((e.region, e.type_structure, s.niveau, s.code),
                                 (e.type_structure, s.niveau, s.code),
                                 (e.region, s.niveau, s.code),
                                 (s.niveau, s.code)))
    SELECT p_campagne, g.region, g.type_structure, g.niveau, g.code, g.n, g.moyenne,
           g.mediane, g.q1, g.q3, g.minimum, g.maximum,
           CASE WHEN g.niveau = 'indicateur' THEN NULL ELSE g.part END,
           g.moyenne - p.moyenne, g.n >= p_seuil_secret
      FROM g LEFT JOIN lecap.agregat p
        ON p.campagne = v_prec AND p.region = g.region
       AND p.type_structure = g.type_structure AND p.code = g.code AND p.niveau = g.niveau;
    GET DIAGNOSTICS v_agr = ROW_COUNT;

    DELETE FROM lecap.agregat_college WHERE campagne = p_campagne;
    INSERT INTO lecap.agregat_college
    SELECT p_campagne, coalesce(c.region, 'FR'), c.college, c.niveau, c.code, count(*),
           sum(c.n_repondants), avg(c.score), count(*) >= p_seuil_secret
      FROM lecap.score_college c JOIN t_eval e ON e.id = c.evaluation_id
     WHERE c.campagne = p_campagne AND e.complete
     GROUP BY GROUPING SETS ((c.region, c.college, c.niveau, c.code), (c.college, c.niveau, c.code));

    -- Diverging viewpoints: per indicator the range of the individual notes
    -- (at least two), then the mean per sub-theme.
    DELETE FROM lecap.divergence WHERE campagne = p_campagne;
    INSERT INTO lecap.divergence
    SELECT p_campagne, i.evaluation_id, e.region, el.sous_theme, avg(i.ecart), count(*),
           avg(i.ecart) >= 2
      FROM t_ind i
      JOIN t_eval e ON e.id = i.evaluation_id
      JOIN t_elem el ON el.id = i.ind
     WHERE i.n_individuelles >= 2
     GROUP BY i.evaluation_id, e.region, el.sous_theme;

    DELETE FROM lecap.divergence_agregat WHERE campagne = p_campagne;
    INSERT INTO lecap.divergence_agregat
    SELECT p_campagne, coalesce(d.region, 'FR'), d.sous_theme, count(*), avg(d.ecart_moyen),
           count(*) FILTER (WHERE d.point_de_debat),
           (count(*) FILTER (WHERE d.point_de_debat))::numeric / count(*),
           count(*) >= p_seuil_secret
      FROM lecap.divergence d JOIN t_eval e ON e.id = d.evaluation_id
     WHERE d.campagne = p_campagne AND e.complete
     GROUP BY GROUPING SETS ((d.region, d.sous_theme), (d.sous_theme));

    -- Progress plans of this campaign and of the previous one, placed in a
    -- region: that of the same campaign's evaluation, else the enterprise's
    -- last known one, else the registry's.
    DROP TABLE IF EXISTS pg_temp.t_plan;
    CREATE TEMP TABLE t_plan ON COMMIT DROP AS
    SELECT p.id, p.siret, p.campagne, coalesce(ev.region, en.region, ad.region) AS region
      FROM lecap.plan p
      LEFT JOIN lecap.evaluation ev ON ev.siret = p.siret AND ev.campagne = p.campagne
      LEFT JOIN lecap.entreprise en ON en.siret = p.siret
      LEFT JOIN lecap.adherent ad ON ad.siret = p.siret
     WHERE p.campagne = p_campagne OR p.campagne = v_prec;
    DELETE FROM t_plan WHERE region IS NULL;

    DELETE FROM lecap.plan_agregat WHERE campagne = p_campagne;
    INSERT INTO lecap.plan_agregat
    WITH cur AS (
        SELECT coalesce(p.region, 'FR') AS region, a.objectif,
               count(DISTINCT p.id)::int AS n_ent, count(*)::int AS n_act,
               count(*) FILTER (WHERE a.statut = 'a_engager')::int AS n_ae,
               count(*) FILTER (WHERE a.statut = 'en_cours')::int AS n_ec,
               count(*) FILTER (WHERE a.statut = 'realisee')::int AS n_re,
               count(*) FILTER (WHERE a.statut = 'abandonnee')::int AS n_ab,
               count(*) FILTER (WHERE a.priorite = 1)::int AS n_p1
          FROM t_plan p JOIN lecap.plan_action a ON a.plan_id = p.id
         WHERE p.campagne = p_campagne
         GROUP BY GROUPING SETS ((p.region, a.objectif), (a.objectif))),
    -- The previous campaign's actions still open then (a_engager,
    -- en_cours) of the members who sent a plan this campaign: carried out
    -- when this campaign's plan reports the objective realisee.
    fait AS (
        SELECT DISTINCT p.siret, a.objectif
          FROM t_plan p JOIN lecap.plan_action a ON a.plan_id = p.id
         WHERE p.campagne = p_campagne AND a.statut = 'realisee'),
    prev AS (
        SELECT coalesce(p.region, 'FR') AS region, a.objectif, count(*)::int AS n_act,
               count(f.siret)::int AS n_re
          FROM t_plan p
          JOIN lecap.plan_action a ON a.plan_id = p.id
          LEFT JOIN fait f ON f.siret = p.siret AND f.objectif = a.objectif
         WHERE p.campagne = v_prec AND a.statut IN ('a_engager', 'en_cours')
           AND p.siret IN (SELECT siret FROM t_plan WHERE campagne = p_campagne)
         GROUP BY GROUPING SETS ((p.region, a.objectif), (a.objectif)))
    SELECT p_campagne, coalesce(c.region, v.region), coalesce(c.objectif, v.objectif),
           coalesce(c.n_ent, 0), coalesce(c.n_act, 0), coalesce(c.n_ae, 0), coalesce(c.n_ec, 0),
           coalesce(c.n_re, 0), coalesce(c.n_ab, 0), coalesce(c.n_p1, 0),
           coalesce(v.n_act, 0), coalesce(v.n_re, 0), v.n_re::numeric / nullif(v.n_act, 0),
           coalesce(c.n_ent, 0) >= p_seuil_secret
      FROM cur c FULL JOIN prev v ON v.region = c.region AND v.objectif = c.objectif;

    -- Demand for the service offer: what the plans call for, and what the
    -- unreached objectives of complete evaluations point to.
    DELETE FROM lecap.demande_offres WHERE campagne = p_campagne;
    INSERT INTO lecap.demande_offres
    WITH pla AS (
        SELECT coalesce(p.region, 'FR') AS region, o.offre,
               count(DISTINCT p.id)::int AS n_ent, count(*)::int AS n_act
          FROM t_plan p JOIN lecap.plan_action_offre o ON o.plan_id = p.id
         WHERE p.campagne = p_campagne
         GROUP BY GROUPING SETS ((p.region, o.offre), (o.offre))),
    obj AS (
        SELECT coalesce(e.region, 'FR') AS region, eo.offre,
               count(DISTINCT s.evaluation_id)::int AS n_ent, count(*)::int AS n_obj
          FROM t_score s
          JOIN t_eval e ON e.id = s.evaluation_id
          JOIN lecap.element_offre eo ON eo.version = e.version AND eo.code = s.code
         WHERE s.niveau = 'objectif' AND NOT s.atteint AND e.complete
         GROUP BY GROUPING SETS ((e.region, eo.offre), (eo.offre)))
    SELECT p_campagne, coalesce(a.region, b.region), coalesce(a.offre, b.offre),
           coalesce(a.n_ent, 0), coalesce(a.n_act, 0), coalesce(b.n_ent, 0), coalesce(b.n_obj, 0),
           greatest(coalesce(a.n_ent, 0), coalesce(b.n_ent, 0)) >= p_seuil_secret
      FROM pla a FULL JOIN obj b ON b.region = a.region AND b.offre = a.offre;

    -- Participation: the registry against the evaluations up to this
    -- campaign; key figures of the campaign's evaluations.
    DROP TABLE IF EXISTS pg_temp.t_adh;
    CREATE TEMP TABLE t_adh ON COMMIT DROP AS
    SELECT a.siret, a.region, a.raison_sociale, a.type_structure, d.derniere
      FROM lecap.adherent a
      LEFT JOIN (SELECT siret, max(campagne) AS derniere FROM lecap.evaluation
                  WHERE campagne <= p_campagne GROUP BY siret) d ON d.siret = a.siret;

    DELETE FROM lecap.participation WHERE campagne = p_campagne;
    INSERT INTO lecap.participation
    WITH adh AS (
        SELECT coalesce(region, 'FR') AS region, count(*)::int AS n,
               count(*) FILTER (WHERE derniere = p_campagne)::int AS n_eval,
               count(*) FILTER (WHERE derniere <= p_campagne - 2)::int AS n_anc,
               count(*) FILTER (WHERE derniere IS NULL)::int AS n_jamais
          FROM t_adh GROUP BY GROUPING SETS ((region), ())),
    ev AS (
        SELECT coalesce(e.region, 'FR') AS region, count(*)::int AS n,
               count(*) FILTER (WHERE e.complete)::int AS n_comp,
               coalesce(sum(r.n_repondants), 0)::int AS n_rep
          FROM t_eval e JOIN lecap.resultat_evaluation r ON r.evaluation_id = e.id
         GROUP BY GROUPING SETS ((e.region), ()))
    SELECT p_campagne, coalesce(a.region, v.region), coalesce(a.n, 0), coalesce(a.n_eval, 0),
           a.n_eval::numeric / nullif(a.n, 0), coalesce(a.n_anc, 0), coalesce(a.n_jamais, 0),
           coalesce(v.n, 0), coalesce(v.n_comp, 0), coalesce(v.n_rep, 0)
      FROM adh a FULL JOIN ev v ON v.region = a.region;

    DELETE FROM lecap.adherent_sans_evaluation WHERE campagne = p_campagne;
    INSERT INTO lecap.adherent_sans_evaluation
    SELECT p_campagne, region, siret, raison_sociale, type_structure, derniere
      FROM t_adh WHERE derniere IS NULL OR derniere <= p_campagne - 2;

    DELETE FROM lecap.repondants_college WHERE campagne = p_campagne;
    INSERT INTO lecap.repondants_college
    SELECT p_campagne, coalesce(e.region, 'FR'), r.college, sum(r.n), count(*)
      FROM t_rep r JOIN t_eval e ON e.id = r.evaluation_id
     WHERE r.college <> 'consensus'
     GROUP BY GROUPING SETS ((e.region, r.college), (r.college));

    INSERT INTO lecap.agregat_campagne AS a
    VALUES (p_campagne, clock_timestamp(), v_fichier, v_prec, p_completude_min, p_seuil_secret,
            v_eval, v_comp, v_agr)
    ON CONFLICT (campagne) DO UPDATE
       SET calcule_le = excluded.calcule_le, dernier_fichier_id = excluded.dernier_fichier_id,
           campagne_precedente = excluded.campagne_precedente,
           completude_min = excluded.completude_min, seuil_secret = excluded.seuil_secret,
           n_evaluations = excluded.n_evaluations, n_completes = excluded.n_completes,
           n_agregats = excluded.n_agregats;

    DROP TABLE pg_temp.t_eval, pg_temp.t_elem, pg_temp.t_cell, pg_temp.t_ind, pg_temp.t_score, pg_temp.t_rep, pg_temp.t_plan, pg_temp.t_adh;
    RETURN QUERY SELECT v_eval, v_comp, v_agr;
END
$$;
COMMENT ON FUNCTION lecap.agreger(int, numeric, int) IS 'Recalcule tous les résultats d''une campagne dans la transaction de l''appelant (lecap aggregate)';
REVOKE EXECUTE ON FUNCTION lecap.agreger(int, numeric, int) FROM PUBLIC;

-- ----------------------------------------------------------------- views

CREATE VIEW lecap.v_score_entreprise WITH (security_invoker = true) AS
SELECT r.campagne, r.siret, r.raison_sociale, r.region, r.type_structure,
       s.niveau, s.code, s.score, s.atteint, r.complete
  FROM lecap.score s
  JOIN lecap.resultat_evaluation r ON r.campagne = s.campagne AND r.evaluation_id = s.evaluation_id
 WHERE s.score IS NOT NULL;
COMMENT ON VIEW lecap.v_score_entreprise IS 'Score de chaque évaluation pour chaque élément de la grille qui a un score numérique (1–4) ; NC et sans réponse n''ont pas de ligne';
COMMENT ON COLUMN lecap.v_score_entreprise.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_score_entreprise.siret IS 'SIRET de l''entreprise';
COMMENT ON COLUMN lecap.v_score_entreprise.raison_sociale IS 'Raison sociale déclarée dans l''export';
COMMENT ON COLUMN lecap.v_score_entreprise.region IS 'Code INSEE de la région déclarée';
COMMENT ON COLUMN lecap.v_score_entreprise.type_structure IS 'Type de structure déclaré';
COMMENT ON COLUMN lecap.v_score_entreprise.niveau IS 'indicateur, objectif, sous_theme ou theme';
COMMENT ON COLUMN lecap.v_score_entreprise.code IS 'Code de l''élément de la grille';
COMMENT ON COLUMN lecap.v_score_entreprise.score IS 'Score sur l''échelle 1–4 (règles de docs/format-exports.md)';
COMMENT ON COLUMN lecap.v_score_entreprise.atteint IS 'Objectifs seulement : score ≥ cible ; NULL aux autres niveaux';
COMMENT ON COLUMN lecap.v_score_entreprise.complete IS 'Vrai si l''évaluation atteint completude_min';

CREATE VIEW lecap.v_agregat WITH (security_invoker = true) AS
SELECT campagne, region, niveau, code, n_entreprises, moyenne, mediane, q1, q3,
       minimum, maximum, part_atteinte, evolution, diffusable
  FROM lecap.agregat WHERE type_structure = '*';
COMMENT ON VIEW lecap.v_agregat IS 'Agrégats du réseau par campagne, région (FR : tout le réseau) et élément de la grille, sur les évaluations complètes';
COMMENT ON COLUMN lecap.v_agregat.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_agregat.region IS 'Code INSEE de la région, ou FR pour tout le réseau';
COMMENT ON COLUMN lecap.v_agregat.niveau IS 'indicateur, objectif, sous_theme ou theme';
COMMENT ON COLUMN lecap.v_agregat.code IS 'Code de l''élément de la grille';
COMMENT ON COLUMN lecap.v_agregat.n_entreprises IS 'Entreprises (évaluations complètes) qui ont un score pour ce code';
COMMENT ON COLUMN lecap.v_agregat.moyenne IS 'Moyenne des scores';
COMMENT ON COLUMN lecap.v_agregat.mediane IS 'Médiane (percentile_cont(0.5))';
COMMENT ON COLUMN lecap.v_agregat.q1 IS 'Premier quartile (percentile_cont(0.25))';
COMMENT ON COLUMN lecap.v_agregat.q3 IS 'Troisième quartile (percentile_cont(0.75))';
COMMENT ON COLUMN lecap.v_agregat.minimum IS 'Plus petit score';
COMMENT ON COLUMN lecap.v_agregat.maximum IS 'Plus grand score';
COMMENT ON COLUMN lecap.v_agregat.part_atteinte IS 'Part (0–1) des objectifs atteints : entreprises pour un objectif, couples (entreprise, objectif noté) pour un sous-thème ou un thème ; NULL pour un indicateur';
COMMENT ON COLUMN lecap.v_agregat.evolution IS 'moyenne moins celle de la même région, du même niveau et du même code à la campagne précédente (NULL s''il n''y en a pas)';
COMMENT ON COLUMN lecap.v_agregat.diffusable IS 'Vrai si n_entreprises ≥ seuil_secret ; sinon le chiffre s''imprime « s »';

CREATE VIEW lecap.v_agregat_type WITH (security_invoker = true) AS
SELECT campagne, region, type_structure, niveau, code, n_entreprises, moyenne, mediane, q1, q3,
       minimum, maximum, part_atteinte, evolution, diffusable
  FROM lecap.agregat WHERE type_structure <> '*';
COMMENT ON VIEW lecap.v_agregat_type IS 'Les agrégats de v_agregat par type de structure, par région et pour tout le réseau (FR)';
COMMENT ON COLUMN lecap.v_agregat_type.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_agregat_type.region IS 'Code INSEE de la région, ou FR pour tout le réseau';
COMMENT ON COLUMN lecap.v_agregat_type.type_structure IS 'Type de structure (AI, ACI, EI...)';
COMMENT ON COLUMN lecap.v_agregat_type.niveau IS 'indicateur, objectif, sous_theme ou theme';
COMMENT ON COLUMN lecap.v_agregat_type.code IS 'Code de l''élément de la grille';
COMMENT ON COLUMN lecap.v_agregat_type.n_entreprises IS 'Entreprises de ce type (évaluations complètes) qui ont un score pour ce code';
COMMENT ON COLUMN lecap.v_agregat_type.moyenne IS 'Moyenne des scores';
COMMENT ON COLUMN lecap.v_agregat_type.mediane IS 'Médiane (percentile_cont(0.5))';
COMMENT ON COLUMN lecap.v_agregat_type.q1 IS 'Premier quartile (percentile_cont(0.25))';
COMMENT ON COLUMN lecap.v_agregat_type.q3 IS 'Troisième quartile (percentile_cont(0.75))';
COMMENT ON COLUMN lecap.v_agregat_type.minimum IS 'Plus petit score';
COMMENT ON COLUMN lecap.v_agregat_type.maximum IS 'Plus grand score';
COMMENT ON COLUMN lecap.v_agregat_type.part_atteinte IS 'Part (0–1) des objectifs atteints, comme dans v_agregat';
COMMENT ON COLUMN lecap.v_agregat_type.evolution IS 'moyenne moins celle de la même région, du même type et du même code à la campagne précédente';
COMMENT ON COLUMN lecap.v_agregat_type.diffusable IS 'Vrai si n_entreprises ≥ seuil_secret';

CREATE VIEW lecap.v_evaluation WITH (security_invoker = true) AS
SELECT campagne, siret, raison_sociale, region, type_structure, version_referentiel,
       n_repondants, consensus, n_indicateurs, n_renseignes, completude, complete
  FROM lecap.resultat_evaluation;
COMMENT ON VIEW lecap.v_evaluation IS 'Chaque évaluation agrégée, avec sa complétude';
COMMENT ON COLUMN lecap.v_evaluation.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_evaluation.siret IS 'SIRET de l''entreprise';
COMMENT ON COLUMN lecap.v_evaluation.raison_sociale IS 'Raison sociale déclarée';
COMMENT ON COLUMN lecap.v_evaluation.region IS 'Code INSEE de la région déclarée';
COMMENT ON COLUMN lecap.v_evaluation.type_structure IS 'Type de structure déclaré';
COMMENT ON COLUMN lecap.v_evaluation.version_referentiel IS 'Version de la grille';
COMMENT ON COLUMN lecap.v_evaluation.n_repondants IS 'Répondants individuels (hors consensus)';
COMMENT ON COLUMN lecap.v_evaluation.consensus IS 'Vrai si l''export porte une ligne de consensus';
COMMENT ON COLUMN lecap.v_evaluation.n_indicateurs IS 'Indicateurs de la grille';
COMMENT ON COLUMN lecap.v_evaluation.n_renseignes IS 'Indicateurs avec un score ou NC';
COMMENT ON COLUMN lecap.v_evaluation.completude IS 'n_renseignes / n_indicateurs';
COMMENT ON COLUMN lecap.v_evaluation.complete IS 'Vrai si completude ≥ completude_min';

CREATE VIEW lecap.v_score_college WITH (security_invoker = true) AS
SELECT campagne, region, college, niveau, code, n_entreprises, n_repondants, moyenne, diffusable
  FROM lecap.agregat_college;
COMMENT ON VIEW lecap.v_score_college IS 'Score moyen par collège, thème (et sous-thème) et région (FR : réseau), sur les évaluations complètes : moyenne sur les entreprises de la note moyenne du collège dans l''entreprise';
COMMENT ON COLUMN lecap.v_score_college.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_score_college.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.v_score_college.college IS 'Collège : direction, salarie_permanent, salarie_insertion, benevole, administrateur';
COMMENT ON COLUMN lecap.v_score_college.niveau IS 'theme ou sous_theme';
COMMENT ON COLUMN lecap.v_score_college.code IS 'Code du thème ou du sous-thème';
COMMENT ON COLUMN lecap.v_score_college.n_entreprises IS 'Entreprises où ce collège a noté cet élément';
COMMENT ON COLUMN lecap.v_score_college.n_repondants IS 'Répondants de ce collège dans ces entreprises';
COMMENT ON COLUMN lecap.v_score_college.moyenne IS 'Moyenne, sur les entreprises, de la note moyenne du collège (NC exclus) sur les indicateurs de l''élément';
COMMENT ON COLUMN lecap.v_score_college.diffusable IS 'Vrai si n_entreprises ≥ seuil_secret';

CREATE VIEW lecap.v_score_college_entreprise WITH (security_invoker = true) AS
SELECT r.campagne, r.siret, r.region, c.college, c.niveau, c.code, c.score, c.n_repondants
  FROM lecap.score_college c
  JOIN lecap.resultat_evaluation r ON r.campagne = c.campagne AND r.evaluation_id = c.evaluation_id;
COMMENT ON VIEW lecap.v_score_college_entreprise IS 'Score de chaque collège d''une évaluation par thème et sous-thème (la photographie d''un adhérent)';
COMMENT ON COLUMN lecap.v_score_college_entreprise.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_score_college_entreprise.siret IS 'SIRET de l''entreprise';
COMMENT ON COLUMN lecap.v_score_college_entreprise.region IS 'Code INSEE de la région';
COMMENT ON COLUMN lecap.v_score_college_entreprise.college IS 'Collège';
COMMENT ON COLUMN lecap.v_score_college_entreprise.niveau IS 'theme ou sous_theme';
COMMENT ON COLUMN lecap.v_score_college_entreprise.code IS 'Code du thème ou du sous-thème';
COMMENT ON COLUMN lecap.v_score_college_entreprise.score IS 'Moyenne des notes des répondants du collège (NC exclus) sur les indicateurs de l''élément';
COMMENT ON COLUMN lecap.v_score_college_entreprise.n_repondants IS 'Répondants de ce collège';

CREATE VIEW lecap.v_divergence WITH (security_invoker = true) AS
SELECT r.campagne, r.siret, r.raison_sociale, r.region, r.type_structure, d.sous_theme,
       d.ecart_moyen, d.n_indicateurs, d.point_de_debat, r.complete
  FROM lecap.divergence d
  JOIN lecap.resultat_evaluation r ON r.campagne = d.campagne AND r.evaluation_id = d.evaluation_id;
COMMENT ON VIEW lecap.v_divergence IS 'Points de vue divergents : par évaluation et sous-thème, moyenne sur ses indicateurs de l''écart max − min des notes des répondants individuels';
COMMENT ON COLUMN lecap.v_divergence.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_divergence.siret IS 'SIRET de l''entreprise';
COMMENT ON COLUMN lecap.v_divergence.raison_sociale IS 'Raison sociale déclarée';
COMMENT ON COLUMN lecap.v_divergence.region IS 'Code INSEE de la région';
COMMENT ON COLUMN lecap.v_divergence.type_structure IS 'Type de structure';
COMMENT ON COLUMN lecap.v_divergence.sous_theme IS 'Code du sous-thème';
COMMENT ON COLUMN lecap.v_divergence.ecart_moyen IS 'Moyenne, sur les indicateurs notés par au moins deux répondants individuels, de l''écart max − min (NC et consensus exclus)';
COMMENT ON COLUMN lecap.v_divergence.n_indicateurs IS 'Indicateurs entrant dans la moyenne';
COMMENT ON COLUMN lecap.v_divergence.point_de_debat IS 'Vrai si ecart_moyen ≥ 2';
COMMENT ON COLUMN lecap.v_divergence.complete IS 'Vrai si l''évaluation est complète';

CREATE VIEW lecap.v_divergence_agregat WITH (security_invoker = true) AS
SELECT campagne, region, sous_theme, n_entreprises, ecart_moyen, n_points_de_debat,
       part_points_de_debat, diffusable
  FROM lecap.divergence_agregat;
COMMENT ON VIEW lecap.v_divergence_agregat IS 'Divergence par région (FR : réseau) et sous-thème, sur les évaluations complètes';
COMMENT ON COLUMN lecap.v_divergence_agregat.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_divergence_agregat.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.v_divergence_agregat.sous_theme IS 'Code du sous-thème';
COMMENT ON COLUMN lecap.v_divergence_agregat.n_entreprises IS 'Entreprises dont l''écart a pu être mesuré';
COMMENT ON COLUMN lecap.v_divergence_agregat.ecart_moyen IS 'Moyenne des écarts moyens';
COMMENT ON COLUMN lecap.v_divergence_agregat.n_points_de_debat IS 'Entreprises où ce sous-thème est un point de débat';
COMMENT ON COLUMN lecap.v_divergence_agregat.part_points_de_debat IS 'n_points_de_debat / n_entreprises';
COMMENT ON COLUMN lecap.v_divergence_agregat.diffusable IS 'Vrai si n_entreprises ≥ seuil_secret';

CREATE VIEW lecap.v_plan_agregat WITH (security_invoker = true) AS
SELECT campagne, region, objectif, n_entreprises, n_actions, n_a_engager, n_en_cours,
       n_realisees, n_abandonnees, n_priorite_haute, n_actions_precedentes,
       n_realisees_precedentes, part_realisee_precedente, diffusable
  FROM lecap.plan_agregat;
COMMENT ON VIEW lecap.v_plan_agregat IS 'Plans de progrès par campagne, région (FR : réseau) et objectif, et suivi des actions de la campagne précédente';
COMMENT ON COLUMN lecap.v_plan_agregat.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_plan_agregat.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.v_plan_agregat.objectif IS 'Code de l''objectif';
COMMENT ON COLUMN lecap.v_plan_agregat.n_entreprises IS 'Entreprises avec au moins une action sur cet objectif';
COMMENT ON COLUMN lecap.v_plan_agregat.n_actions IS 'Actions sur cet objectif';
COMMENT ON COLUMN lecap.v_plan_agregat.n_a_engager IS 'Actions à engager';
COMMENT ON COLUMN lecap.v_plan_agregat.n_en_cours IS 'Actions en cours';
COMMENT ON COLUMN lecap.v_plan_agregat.n_realisees IS 'Actions réalisées';
COMMENT ON COLUMN lecap.v_plan_agregat.n_abandonnees IS 'Actions abandonnées';
COMMENT ON COLUMN lecap.v_plan_agregat.n_priorite_haute IS 'Actions de priorité haute (1)';
COMMENT ON COLUMN lecap.v_plan_agregat.n_actions_precedentes IS 'Actions encore ouvertes (à engager, en cours) des plans de la campagne précédente sur cet objectif, des adhérents qui ont envoyé un plan à cette campagne';
COMMENT ON COLUMN lecap.v_plan_agregat.n_realisees_precedentes IS 'Parmi elles, celles que le plan de cette campagne déclare réalisées (même objectif, statut realisee)';
COMMENT ON COLUMN lecap.v_plan_agregat.part_realisee_precedente IS 'Part (0–1) des actions de la campagne précédente réalisées ; NULL sans action précédente';
COMMENT ON COLUMN lecap.v_plan_agregat.diffusable IS 'Vrai si n_entreprises ≥ seuil_secret';

CREATE VIEW lecap.v_demande_offres WITH (security_invoker = true) AS
SELECT d.campagne, d.region, d.offre, o.libelle, d.n_entreprises_plan, d.n_actions,
       d.n_entreprises_objectifs, d.n_objectifs_non_atteints, d.diffusable
  FROM lecap.demande_offres d JOIN lecap.offre o ON o.code = d.offre;
COMMENT ON VIEW lecap.v_demande_offres IS 'Demande adressée à l''offre de services : plans qui la mobilisent, objectifs non atteints qui y renvoient';
COMMENT ON COLUMN lecap.v_demande_offres.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_demande_offres.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.v_demande_offres.offre IS 'Code de l''offre';
COMMENT ON COLUMN lecap.v_demande_offres.libelle IS 'Intitulé de l''offre';
COMMENT ON COLUMN lecap.v_demande_offres.n_entreprises_plan IS 'Entreprises dont le plan de progrès mobilise l''offre';
COMMENT ON COLUMN lecap.v_demande_offres.n_actions IS 'Actions qui la mobilisent';
COMMENT ON COLUMN lecap.v_demande_offres.n_entreprises_objectifs IS 'Entreprises (évaluations complètes) dont un objectif non atteint y renvoie';
COMMENT ON COLUMN lecap.v_demande_offres.n_objectifs_non_atteints IS 'Couples (entreprise, objectif non atteint) qui y renvoient';
COMMENT ON COLUMN lecap.v_demande_offres.diffusable IS 'Vrai si la plus grande des deux populations d''entreprises atteint seuil_secret';

CREATE VIEW lecap.v_participation WITH (security_invoker = true) AS
SELECT campagne, region, n_adherents, n_adherents_evalues, taux_participation,
       n_sans_evaluation_recente, n_jamais_evalues, n_evaluations, n_completes, n_repondants
  FROM lecap.participation;
COMMENT ON VIEW lecap.v_participation IS 'Participation et chiffres clés par campagne et région (FR : réseau)';
COMMENT ON COLUMN lecap.v_participation.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_participation.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.v_participation.n_adherents IS 'Adhérents du registre';
COMMENT ON COLUMN lecap.v_participation.n_adherents_evalues IS 'Adhérents du registre évalués à cette campagne';
COMMENT ON COLUMN lecap.v_participation.taux_participation IS 'n_adherents_evalues / n_adherents (0–1 ; NULL sans registre)';
COMMENT ON COLUMN lecap.v_participation.n_sans_evaluation_recente IS 'Adhérents dont la dernière évaluation date de deux campagnes ou plus';
COMMENT ON COLUMN lecap.v_participation.n_jamais_evalues IS 'Adhérents jamais évalués';
COMMENT ON COLUMN lecap.v_participation.n_evaluations IS 'Évaluations reçues';
COMMENT ON COLUMN lecap.v_participation.n_completes IS 'Évaluations complètes';
COMMENT ON COLUMN lecap.v_participation.n_repondants IS 'Répondants individuels (hors consensus)';

CREATE VIEW lecap.v_repondants_college WITH (security_invoker = true) AS
SELECT campagne, region, college, n_repondants, n_entreprises FROM lecap.repondants_college;
COMMENT ON VIEW lecap.v_repondants_college IS 'Répondants par collège, campagne et région (FR : réseau)';
COMMENT ON COLUMN lecap.v_repondants_college.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_repondants_college.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.v_repondants_college.college IS 'Collège (hors consensus)';
COMMENT ON COLUMN lecap.v_repondants_college.n_repondants IS 'Répondants';
COMMENT ON COLUMN lecap.v_repondants_college.n_entreprises IS 'Évaluations où le collège a répondu';

CREATE VIEW lecap.v_adherent_sans_evaluation WITH (security_invoker = true) AS
SELECT campagne, region, siret, raison_sociale, type_structure, derniere_campagne
  FROM lecap.adherent_sans_evaluation;
COMMENT ON VIEW lecap.v_adherent_sans_evaluation IS 'Adhérents sans évaluation récente à chaque campagne : jamais évalués, ou dernière évaluation deux campagnes ou plus avant';
COMMENT ON COLUMN lecap.v_adherent_sans_evaluation.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_adherent_sans_evaluation.region IS 'Code INSEE de la région de l''adhérent';
COMMENT ON COLUMN lecap.v_adherent_sans_evaluation.siret IS 'SIRET';
COMMENT ON COLUMN lecap.v_adherent_sans_evaluation.raison_sociale IS 'Raison sociale (registre)';
COMMENT ON COLUMN lecap.v_adherent_sans_evaluation.type_structure IS 'Type de structure (registre)';
COMMENT ON COLUMN lecap.v_adherent_sans_evaluation.derniere_campagne IS 'Campagne de la dernière évaluation ; NULL : jamais évalué';

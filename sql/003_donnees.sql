-- 003 — What members send: files received, enterprises, evaluations,
-- respondents, answers, progress plans, the member registry.

CREATE TABLE lecap.fichier (
    id                bigserial PRIMARY KEY,
    nom               text   NOT NULL,
    sha256            text   CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    taille            bigint NOT NULL,
    nature            text   NOT NULL CHECK (nature IN ('reponses', 'plan', 'adherents', 'inconnu')),
    siret             text,
    campagne          int,
    horodatage_export timestamptz,
    statut            text   NOT NULL CHECK (statut IN ('integre', 'rejete', 'doublon', 'obsolete')),
    cellules          bigint NOT NULL DEFAULT 0,
    messages          text   NOT NULL DEFAULT '',
    recu_le           timestamptz NOT NULL DEFAULT now(),
    execution_id      bigint REFERENCES lecap.execution
);
CREATE INDEX fichier_sha256 ON lecap.fichier (sha256);
CREATE INDEX fichier_siret_campagne ON lecap.fichier (siret, campagne);
COMMENT ON TABLE lecap.fichier IS 'Chaque fichier vu par l''ingestion, et ce qu''il en est advenu';
COMMENT ON COLUMN lecap.fichier.id IS 'Identifiant';
COMMENT ON COLUMN lecap.fichier.nom IS 'Nom du fichier tel que reçu';
COMMENT ON COLUMN lecap.fichier.sha256 IS 'Empreinte SHA-256 du contenu (décide des doublons) ; NULL quand le fichier n''a pas été lu (trop volumineux, lien symbolique)';
COMMENT ON COLUMN lecap.fichier.taille IS 'Taille en octets';
COMMENT ON COLUMN lecap.fichier.nature IS 'reponses, plan, adherents, ou inconnu (en-tête non reconnu)';
COMMENT ON COLUMN lecap.fichier.siret IS 'SIRET de l''entreprise (réponses et plans)';
COMMENT ON COLUMN lecap.fichier.campagne IS 'Année de campagne (réponses et plans)';
COMMENT ON COLUMN lecap.fichier.horodatage_export IS 'Horodatage de l''export (le plus récent l''emporte)';
COMMENT ON COLUMN lecap.fichier.statut IS 'integre, rejete (quarantaine), doublon (déjà reçu) ou obsolete (un export plus récent est intégré)';
COMMENT ON COLUMN lecap.fichier.cellules IS 'Cellules de réponse chargées (Réponses), lignes chargées (Plan, Adhérents)';
COMMENT ON COLUMN lecap.fichier.messages IS 'Motifs de rejet, une ligne par problème';
COMMENT ON COLUMN lecap.fichier.recu_le IS 'Date de traitement';
COMMENT ON COLUMN lecap.fichier.execution_id IS 'Exécution qui a traité le fichier';

CREATE TABLE lecap.entreprise (
    siret          text PRIMARY KEY CHECK (siret ~ '^[0-9]{14}$'),
    raison_sociale text NOT NULL,
    region         text NOT NULL REFERENCES lecap.region,
    type_structure text NOT NULL REFERENCES lecap.type_structure
);
COMMENT ON TABLE lecap.entreprise IS 'Entreprises adhérentes ayant envoyé une évaluation (dernier état connu)';
COMMENT ON COLUMN lecap.entreprise.siret IS 'SIRET (14 chiffres)';
COMMENT ON COLUMN lecap.entreprise.raison_sociale IS 'Raison sociale';
COMMENT ON COLUMN lecap.entreprise.region IS 'Code INSEE de la région';
COMMENT ON COLUMN lecap.entreprise.type_structure IS 'Type de structure';

CREATE TABLE lecap.evaluation (
    id                  bigserial PRIMARY KEY,
    siret               text NOT NULL REFERENCES lecap.entreprise,
    campagne            int  NOT NULL CHECK (campagne BETWEEN 2000 AND 2100),
    version_referentiel text NOT NULL REFERENCES lecap.referentiel,
    raison_sociale      text NOT NULL,
    region              text NOT NULL REFERENCES lecap.region,
    type_structure      text NOT NULL REFERENCES lecap.type_structure,
    date_evaluation     date NOT NULL,
    horodatage_export   timestamptz NOT NULL,
    fichier_id          bigint NOT NULL REFERENCES lecap.fichier,
    UNIQUE (siret, campagne)
);
COMMENT ON TABLE lecap.evaluation IS 'Une auto-évaluation : une entreprise, une campagne (le dernier export l''emporte)';
COMMENT ON COLUMN lecap.evaluation.id IS 'Identifiant';
COMMENT ON COLUMN lecap.evaluation.siret IS 'SIRET de l''entreprise';
COMMENT ON COLUMN lecap.evaluation.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.evaluation.version_referentiel IS 'Version de la grille utilisée';
COMMENT ON COLUMN lecap.evaluation.raison_sociale IS 'Raison sociale déclarée dans l''export';
COMMENT ON COLUMN lecap.evaluation.region IS 'Région déclarée dans l''export (code INSEE)';
COMMENT ON COLUMN lecap.evaluation.type_structure IS 'Type de structure déclaré dans l''export';
COMMENT ON COLUMN lecap.evaluation.date_evaluation IS 'Date de l''évaluation';
COMMENT ON COLUMN lecap.evaluation.horodatage_export IS 'Horodatage de l''export intégré';
COMMENT ON COLUMN lecap.evaluation.fichier_id IS 'Fichier d''où viennent les réponses';

CREATE TABLE lecap.repondant (
    evaluation_id bigint   NOT NULL REFERENCES lecap.evaluation ON DELETE CASCADE,
    numero        smallint NOT NULL,
    pseudonyme    text     NOT NULL,
    college       text     NOT NULL CHECK (college IN ('direction', 'salarie_permanent',
                      'salarie_insertion', 'benevole', 'administrateur', 'consensus')),
    PRIMARY KEY (evaluation_id, numero),
    UNIQUE (evaluation_id, pseudonyme)
);
CREATE UNIQUE INDEX repondant_un_consensus ON lecap.repondant (evaluation_id) WHERE college = 'consensus';
COMMENT ON TABLE lecap.repondant IS 'Répondants d''une évaluation : un pseudonyme et un collège, jamais un nom';
COMMENT ON COLUMN lecap.repondant.evaluation_id IS 'Évaluation';
COMMENT ON COLUMN lecap.repondant.numero IS 'Rang du répondant dans le fichier (1, 2...)';
COMMENT ON COLUMN lecap.repondant.pseudonyme IS 'Pseudonyme opaque fourni par l''outil de l''adhérent';
COMMENT ON COLUMN lecap.repondant.college IS 'direction, salarie_permanent, salarie_insertion, benevole, administrateur, ou consensus (notes convenues ensemble)';

-- No declared foreign key on reponse, on purpose: it is the big table (about
-- 5 million cells for 10,000 enterprises) and a per-row RI trigger doubled
-- the load time (measured on 1,043,562 cells from 2,000 files: 19.2 s with
-- FOREIGN KEY (evaluation_id, repondant) REFERENCES repondant DEFERRABLE,
-- 8.6 s without). lecap ingest is the only writer: it inserts the answers,
-- their respondents and their evaluation in the same transaction, and deletes
-- the answers with their evaluation (the replacement in
-- src/ingest/ingest_batch.c). Check it with:
--   SELECT count(*) FROM lecap.reponse p LEFT JOIN lecap.repondant r
--     ON (r.evaluation_id, r.numero) = (p.evaluation_id, p.repondant) WHERE r.numero IS NULL;
CREATE TABLE lecap.reponse (
    evaluation_id bigint   NOT NULL,
    repondant     smallint NOT NULL,
    indicateur    text     NOT NULL,
    note          smallint CHECK (note BETWEEN 1 AND 4),
    PRIMARY KEY (evaluation_id, repondant, indicateur)
);
COMMENT ON TABLE lecap.reponse IS 'Une cellule de réponse : la note d''un répondant pour un indicateur (absente : sans réponse) ; répondant et évaluation garantis par lecap ingest, sans clé étrangère déclarée (coût du chargement)';
COMMENT ON COLUMN lecap.reponse.evaluation_id IS 'Évaluation';
COMMENT ON COLUMN lecap.reponse.repondant IS 'Numéro du répondant dans l''évaluation';
COMMENT ON COLUMN lecap.reponse.indicateur IS 'Code de l''indicateur (ex. 1.1.1.a)';
COMMENT ON COLUMN lecap.reponse.note IS 'Note de 1 à 4 ; NULL : non concerné (NC)';

CREATE TABLE lecap.plan (
    id                  bigserial PRIMARY KEY,
    siret               text NOT NULL CHECK (siret ~ '^[0-9]{14}$'),
    campagne            int  NOT NULL CHECK (campagne BETWEEN 2000 AND 2100),
    version_referentiel text NOT NULL REFERENCES lecap.referentiel,
    horodatage_export   timestamptz NOT NULL,
    fichier_id          bigint NOT NULL REFERENCES lecap.fichier,
    UNIQUE (siret, campagne)
);
COMMENT ON TABLE lecap.plan IS 'Plan de progrès d''une entreprise pour une campagne (le dernier export l''emporte)';
COMMENT ON COLUMN lecap.plan.id IS 'Identifiant';
COMMENT ON COLUMN lecap.plan.siret IS 'SIRET de l''entreprise';
COMMENT ON COLUMN lecap.plan.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.plan.version_referentiel IS 'Version de la grille à laquelle renvoient les objectifs';
COMMENT ON COLUMN lecap.plan.horodatage_export IS 'Horodatage de l''export intégré';
COMMENT ON COLUMN lecap.plan.fichier_id IS 'Fichier d''où vient le plan';

CREATE TABLE lecap.plan_action (
    plan_id     bigint   NOT NULL REFERENCES lecap.plan ON DELETE CASCADE,
    numero      int      NOT NULL,
    objectif    text     NOT NULL,
    action      text     NOT NULL,
    priorite    smallint NOT NULL CHECK (priorite BETWEEN 1 AND 3),
    responsable text     NOT NULL,
    echeance    date,
    statut      text     NOT NULL CHECK (statut IN ('a_engager', 'en_cours', 'realisee', 'abandonnee')),
    PRIMARY KEY (plan_id, numero)
);
COMMENT ON TABLE lecap.plan_action IS 'Actions d''un plan de progrès';
COMMENT ON COLUMN lecap.plan_action.plan_id IS 'Plan';
COMMENT ON COLUMN lecap.plan_action.numero IS 'Rang de l''action dans le fichier';
COMMENT ON COLUMN lecap.plan_action.objectif IS 'Code de l''objectif visé';
COMMENT ON COLUMN lecap.plan_action.action IS 'Action, en texte libre';
COMMENT ON COLUMN lecap.plan_action.priorite IS '1 haute, 2 moyenne, 3 basse';
COMMENT ON COLUMN lecap.plan_action.responsable IS 'Rôle responsable (jamais un nom)';
COMMENT ON COLUMN lecap.plan_action.echeance IS 'Échéance (NULL : non fixée)';
COMMENT ON COLUMN lecap.plan_action.statut IS 'a_engager, en_cours, realisee ou abandonnee';

CREATE TABLE lecap.plan_action_offre (
    plan_id bigint NOT NULL,
    numero  int    NOT NULL,
    offre   text   NOT NULL REFERENCES lecap.offre,
    PRIMARY KEY (plan_id, numero, offre),
    FOREIGN KEY (plan_id, numero) REFERENCES lecap.plan_action ON DELETE CASCADE
);
COMMENT ON TABLE lecap.plan_action_offre IS 'Offres de services qu''une action mobilise';
COMMENT ON COLUMN lecap.plan_action_offre.plan_id IS 'Plan';
COMMENT ON COLUMN lecap.plan_action_offre.numero IS 'Action';
COMMENT ON COLUMN lecap.plan_action_offre.offre IS 'Code de l''offre';

CREATE TABLE lecap.adherent (
    siret          text PRIMARY KEY CHECK (siret ~ '^[0-9]{14}$'),
    raison_sociale text NOT NULL,
    region         text NOT NULL REFERENCES lecap.region,
    type_structure text NOT NULL REFERENCES lecap.type_structure,
    date_adhesion  date,
    fichier_id     bigint NOT NULL REFERENCES lecap.fichier
);
COMMENT ON TABLE lecap.adherent IS 'Registre des adhérents (dernier fichier adhérents intégré)';
COMMENT ON COLUMN lecap.adherent.siret IS 'SIRET';
COMMENT ON COLUMN lecap.adherent.raison_sociale IS 'Raison sociale';
COMMENT ON COLUMN lecap.adherent.region IS 'Code INSEE de la région';
COMMENT ON COLUMN lecap.adherent.type_structure IS 'Type de structure';
COMMENT ON COLUMN lecap.adherent.date_adhesion IS 'Date d''adhésion';
COMMENT ON COLUMN lecap.adherent.fichier_id IS 'Fichier d''où vient la ligne';

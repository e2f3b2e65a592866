-- 010 — Diffusion: who receives which report by e-mail, and what was sent.
--
-- A recipient is never deleted (lecap recipients remove deactivates it), so
-- that the journal of sendings keeps pointing at it.

CREATE TABLE lecap.destinataire (
    id     bigserial PRIMARY KEY,
    region text    NOT NULL CHECK (region = 'FR' OR region ~ '^[0-9]{2}$'),
    email  text    NOT NULL CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
    nom    text    NOT NULL DEFAULT '',
    actif  boolean NOT NULL DEFAULT true,
    cree_le timestamptz NOT NULL DEFAULT now(),
    UNIQUE (region, email)
);
COMMENT ON TABLE lecap.destinataire IS 'Destinataires des rapports par courriel (lecap recipients) : un délégué régional ou, pour FR, un lecteur du rapport national';
COMMENT ON COLUMN lecap.destinataire.id IS 'Identifiant';
COMMENT ON COLUMN lecap.destinataire.region IS 'Code INSEE de la région dont il reçoit le rapport (une région de lecap.region), ou FR pour le rapport national';
COMMENT ON COLUMN lecap.destinataire.email IS 'Adresse électronique (partie locale@domaine), en minuscules pour le domaine';
COMMENT ON COLUMN lecap.destinataire.nom IS 'Nom affiché dans l''en-tête To (peut être vide)';
COMMENT ON COLUMN lecap.destinataire.actif IS 'Faux : désactivé par lecap recipients remove, ne reçoit plus rien';
COMMENT ON COLUMN lecap.destinataire.cree_le IS 'Date d''ajout';

CREATE TABLE lecap.envoi (
    id              bigserial PRIMARY KEY,
    destinataire_id bigint  NOT NULL REFERENCES lecap.destinataire,
    campagne        int     NOT NULL CHECK (campagne BETWEEN 2000 AND 2100),
    rapport         text    NOT NULL,
    sha256          text    NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    message_id      text    NOT NULL,
    envoye_le       timestamptz NOT NULL DEFAULT now(),
    reussi          boolean NOT NULL,
    reponse_serveur text    NOT NULL DEFAULT ''
);
CREATE INDEX envoi_destinataire ON lecap.envoi (destinataire_id, campagne, reussi);
COMMENT ON TABLE lecap.envoi IS 'Journal des envois de rapports par courriel : une ligne par tentative, réussie ou non (lecap send)';
COMMENT ON COLUMN lecap.envoi.id IS 'Identifiant';
COMMENT ON COLUMN lecap.envoi.destinataire_id IS 'Destinataire';
COMMENT ON COLUMN lecap.envoi.campagne IS 'Année de campagne du rapport';
COMMENT ON COLUMN lecap.envoi.rapport IS 'Chemin du fichier PDF envoyé';
COMMENT ON COLUMN lecap.envoi.sha256 IS 'Empreinte SHA-256 du PDF : il n''est renvoyé que lorsqu''elle change';
COMMENT ON COLUMN lecap.envoi.message_id IS 'En-tête Message-ID du courriel';
COMMENT ON COLUMN lecap.envoi.envoye_le IS 'Date de la tentative d''envoi';
COMMENT ON COLUMN lecap.envoi.reussi IS 'Vrai : le serveur SMTP a accepté le message ; faux : refusé, réessayé à l''exécution suivante';
COMMENT ON COLUMN lecap.envoi.reponse_serveur IS 'Dernière réponse du serveur SMTP (ex. 250 OK, 550 utilisateur inconnu)';

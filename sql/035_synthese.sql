-- 035 — The delegates' digest (lecap send, end of lecap run): each active
-- delegate of a region (lecap.destinataire, not FR) receives, at most once
-- per [diffusion] frequence_synthese, what moved in its region since its
-- last digest: photographies changed, new evaluations, rejected files of
-- the region's members, members without an evaluation this campaign. One
-- line per attempt; the last successful one of a recipient says when the
-- next is due and where its period starts (fin, fichier_max).

CREATE TABLE lecap.synthese (
    id              bigserial PRIMARY KEY,
    destinataire_id bigint  NOT NULL REFERENCES lecap.destinataire,
    campagne        int     NOT NULL CHECK (campagne BETWEEN 2000 AND 2100),
    debut           timestamptz NOT NULL,
    fin             timestamptz NOT NULL CHECK (fin >= debut),
    fichier_max     bigint  NOT NULL,
    message_id      text    NOT NULL,
    envoye_le       timestamptz NOT NULL DEFAULT now(),
    reussi          boolean NOT NULL,
    reponse_serveur text    NOT NULL DEFAULT ''
);
CREATE INDEX synthese_destinataire ON lecap.synthese (destinataire_id, reussi, id);
COMMENT ON TABLE lecap.synthese IS 'Synthèses envoyées aux délégués régionaux (lecap send, fin de lecap run) : une ligne par tentative ; au plus une synthèse réussie par période ([diffusion] frequence_synthese) et par destinataire';
COMMENT ON COLUMN lecap.synthese.id IS 'Identifiant';
COMMENT ON COLUMN lecap.synthese.destinataire_id IS 'Délégué destinataire (lecap.destinataire : une région, une adresse)';
COMMENT ON COLUMN lecap.synthese.campagne IS 'Campagne dont la synthèse parle (évaluations, adhérents sans évaluation)';
COMMENT ON COLUMN lecap.synthese.debut IS 'Début de la période couverte : la fin de la synthèse réussie précédente, sinon la fin moins la fréquence';
COMMENT ON COLUMN lecap.synthese.fin IS 'Fin de la période couverte : l''heure de l''envoi ; la synthèse suivante n''est pas due avant fin + [diffusion] frequence_synthese jours (en dates du calendrier)';
COMMENT ON COLUMN lecap.synthese.fichier_max IS 'Dernier fichier reçu (lecap.fichier.id) couvert : la synthèse suivante parle des fichiers d''identifiant supérieur';
COMMENT ON COLUMN lecap.synthese.message_id IS 'En-tête Message-ID du courriel';
COMMENT ON COLUMN lecap.synthese.envoye_le IS 'Date de la tentative (horloge de la base)';
COMMENT ON COLUMN lecap.synthese.reussi IS 'Vrai : accepté par le serveur ; faux : refusé, réessayé à l''exécution suivante';
COMMENT ON COLUMN lecap.synthese.reponse_serveur IS 'Réponse du serveur SMTP';

REVOKE ALL ON lecap.synthese FROM PUBLIC, lecap_analyste, lecap_delegue;
REVOKE ALL ON SEQUENCE lecap.synthese_id_seq FROM PUBLIC, lecap_analyste, lecap_delegue;

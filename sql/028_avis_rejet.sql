-- 028 — Rejection notices: a member whose export is rejected is told, at
-- each of its active addresses (lecap.contact_adherent), once per file (by
-- content: the same bytes dropped again are not notified again).

CREATE TABLE lecap.avis_rejet (
    id              bigserial PRIMARY KEY,
    fichier_id      bigint  NOT NULL REFERENCES lecap.fichier ON DELETE CASCADE,
    siret           text    NOT NULL,
    email           text    NOT NULL,
    message_id      text    NOT NULL,
    envoye_le       timestamptz NOT NULL DEFAULT now(),
    reussi          boolean NOT NULL,
    reponse_serveur text    NOT NULL DEFAULT '',
    FOREIGN KEY (siret, email) REFERENCES lecap.contact_adherent (siret, email) ON DELETE CASCADE
);
CREATE INDEX avis_rejet_fichier ON lecap.avis_rejet (fichier_id, email, reussi);
COMMENT ON TABLE lecap.avis_rejet IS 'Avis de rejet envoyés aux adhérents (lecap send, fin de lecap run) : une ligne par tentative ; jamais deux avis réussis pour le même fichier à la même adresse';
COMMENT ON COLUMN lecap.avis_rejet.id IS 'Identifiant';
COMMENT ON COLUMN lecap.avis_rejet.fichier_id IS 'Fichier rejeté (lecap.fichier, statut rejete)';
COMMENT ON COLUMN lecap.avis_rejet.siret IS 'Adhérent prévenu';
COMMENT ON COLUMN lecap.avis_rejet.email IS 'Adresse prévenue (lecap.contact_adherent ; effacée avec elle)';
COMMENT ON COLUMN lecap.avis_rejet.message_id IS 'En-tête Message-ID du courriel';
COMMENT ON COLUMN lecap.avis_rejet.envoye_le IS 'Date de la tentative';
COMMENT ON COLUMN lecap.avis_rejet.reussi IS 'Vrai : accepté par le serveur ; faux : refusé, réessayé à l''exécution suivante';
COMMENT ON COLUMN lecap.avis_rejet.reponse_serveur IS 'Réponse du serveur SMTP';

REVOKE ALL ON lecap.avis_rejet FROM PUBLIC, lecap_analyste, lecap_delegue;
REVOKE ALL ON SEQUENCE lecap.avis_rejet_id_seq FROM PUBLIC, lecap_analyste, lecap_delegue;

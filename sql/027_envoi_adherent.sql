-- 027 — The member's photographie by e-mail (lecap send, end of lecap run):
-- the same journal lecap.envoi, one line per attempt, either to a recipient
-- of lecap.destinataire (regional or national report) or to a member's
-- address of lecap.contact_adherent (its photographie). A member's message
-- is sent again only when its own inputs changed: the fingerprint of the
-- files its evaluation and plan come from (donnees), never the PDF's bytes
-- (a moved regional median or an upgrade of lecap changes those).

ALTER TABLE lecap.envoi ALTER COLUMN destinataire_id DROP NOT NULL;
ALTER TABLE lecap.envoi ADD COLUMN siret text;
ALTER TABLE lecap.envoi ADD COLUMN email text;
ALTER TABLE lecap.envoi ADD COLUMN donnees text;
ALTER TABLE lecap.envoi ADD CONSTRAINT envoi_contact FOREIGN KEY (siret, email)
    REFERENCES lecap.contact_adherent (siret, email) ON DELETE CASCADE;
ALTER TABLE lecap.envoi ADD CONSTRAINT envoi_un_destinataire
    CHECK ((destinataire_id IS NULL) <> (siret IS NULL) AND (siret IS NULL) = (email IS NULL)
           AND (siret IS NULL) = (donnees IS NULL));
CREATE INDEX envoi_contact_campagne ON lecap.envoi (siret, email, campagne, reussi);
COMMENT ON COLUMN lecap.envoi.destinataire_id IS 'Destinataire (rapport régional ou national) ; NULL pour la photographie d''un adhérent';
COMMENT ON COLUMN lecap.envoi.siret IS 'Adhérent qui reçoit sa photographie (avec email : une adresse de lecap.contact_adherent, dont l''effacement efface ces lignes) ; NULL pour un destinataire';
COMMENT ON COLUMN lecap.envoi.email IS 'Adresse de l''adhérent (lecap.contact_adherent)';
COMMENT ON COLUMN lecap.envoi.donnees IS 'Empreinte des données propres de l''adhérent (SHA-256 du fichier de son évaluation / de son plan, - sans plan) : la photographie n''est renvoyée que lorsqu''elle change';

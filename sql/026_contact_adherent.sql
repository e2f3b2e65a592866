-- 026 — Member contacts: the addresses where a member (an enterprise of the
-- network) receives its own photographie by e-mail. Given by the registry's
-- optional column courriel_contact, or added by hand (lecap recipients add
-- SIRET ADRESSE). Personal-ish data: readable by lecap's own role only —
-- neither the analysts nor the delegates get any privilege on it.

CREATE TABLE lecap.contact_adherent (
    siret       text    NOT NULL CHECK (siret ~ '^[0-9]{14}$'),
    email       text    NOT NULL CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
    nom         text    NOT NULL DEFAULT '',
    du_registre boolean NOT NULL DEFAULT false,
    manuel      boolean NOT NULL DEFAULT false,
    actif       boolean NOT NULL DEFAULT true,
    sorti_le    date,
    cree_le     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (siret, email)
);
COMMENT ON TABLE lecap.contact_adherent IS 'Adresses où un adhérent reçoit sa photographie (registre, colonne courriel_contact, ou lecap recipients add SIRET) ; lisible par le seul rôle de lecap';
COMMENT ON COLUMN lecap.contact_adherent.siret IS 'SIRET de l''adhérent';
COMMENT ON COLUMN lecap.contact_adherent.email IS 'Adresse électronique, en minuscules';
COMMENT ON COLUMN lecap.contact_adherent.nom IS 'Nom affiché dans l''en-tête To (donné à la main ; peut être vide)';
COMMENT ON COLUMN lecap.contact_adherent.du_registre IS 'Vrai : donnée par le dernier registre qui porte l''adhérent';
COMMENT ON COLUMN lecap.contact_adherent.manuel IS 'Vrai : ajoutée ou retirée à la main (lecap recipients) ; ce choix l''emporte sur le registre';
COMMENT ON COLUMN lecap.contact_adherent.actif IS 'Faux : l''adhérent s''est désinscrit (lecap recipients remove), même si le registre redonne l''adresse';
COMMENT ON COLUMN lecap.contact_adherent.sorti_le IS 'Jour du chargement du premier registre qui ne porte plus l''adhérent ; l''adresse est effacée [diffusion] conservation jours après (lecap run, lecap send) ; NULL : au registre (ou jamais inscrit)';
COMMENT ON COLUMN lecap.contact_adherent.cree_le IS 'Date d''ajout';

REVOKE ALL ON lecap.contact_adherent FROM PUBLIC, lecap_analyste, lecap_delegue;

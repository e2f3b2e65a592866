-- 033 — Addresses the SMTP server refuses: one row per address refused at
-- the last run that tried it, with the number of runs in a row that ended
-- in a refusal. At 3 the address is deactivated (lecap.destinataire and
-- lecap.contact_adherent rows with that address: actif = false) and
-- desactivee_le is set; lecap recipients add re-activates it and deletes the
-- row. A success deletes the row of an address not deactivated.

CREATE TABLE lecap.refus_adresse (
    email              text    PRIMARY KEY,
    executions         int     NOT NULL CHECK (executions >= 1),
    derniere_execution text    NOT NULL,
    dernier_refus      timestamptz NOT NULL DEFAULT now(),
    derniere_reponse   text    NOT NULL DEFAULT '',
    desactivee_le      timestamptz
);
COMMENT ON TABLE lecap.refus_adresse IS 'Adresses refusées par le serveur SMTP, exécution après exécution (lecap send, fin de lecap run) : désactivées à 3 exécutions de suite, réactivées par lecap recipients add';
COMMENT ON COLUMN lecap.refus_adresse.email IS 'Adresse refusée';
COMMENT ON COLUMN lecap.refus_adresse.executions IS 'Exécutions de suite où un envoi à cette adresse a été refusé';
COMMENT ON COLUMN lecap.refus_adresse.derniere_execution IS 'Identifiant de la dernière exécution comptée (une exécution ne compte qu''une fois)';
COMMENT ON COLUMN lecap.refus_adresse.dernier_refus IS 'Date du dernier refus';
COMMENT ON COLUMN lecap.refus_adresse.derniere_reponse IS 'Dernière réponse du serveur SMTP';
COMMENT ON COLUMN lecap.refus_adresse.desactivee_le IS 'Date de la désactivation (3 exécutions de suite) ; vide : encore active';

REVOKE ALL ON lecap.refus_adresse FROM PUBLIC, lecap_analyste, lecap_delegue;
COMMENT ON COLUMN lecap.contact_adherent.actif IS 'Faux : l''adhérent s''est désinscrit (lecap recipients remove), même si le registre redonne l''adresse, ou l''adresse a été refusée par le serveur 3 exécutions de suite (lecap.refus_adresse) ; lecap recipients add la réactive';
COMMENT ON COLUMN lecap.destinataire.actif IS 'Faux : désactivé par lecap recipients remove, ou adresse refusée par le serveur 3 exécutions de suite (lecap.refus_adresse) ; ne reçoit plus rien ; lecap recipients add le réactive';

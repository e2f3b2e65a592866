-- 016 — Personal data out of the readers' reach; lecap's functions are not
-- PUBLIC's.
--
-- lecap.destinataire and lecap.envoi hold delegates' names and e-mail
-- addresses: the federation's analysts read everything they analyse, not
-- those (005 had granted them every table). No reader role executes a
-- function of lecap: the batch (the owner) calls them. Each file of
-- sql/fonctions/ revokes EXECUTE from PUBLIC itself, since it is re-created
-- when it changes; the default privilege below covers any function the
-- owner creates in the schema. Login roles are given and taken with
-- « lecap acces » (docs/analystes.md), never by hand.

REVOKE ALL ON lecap.destinataire, lecap.envoi FROM lecap_analyste, lecap_delegue;
REVOKE ALL ON SEQUENCE lecap.destinataire_id_seq, lecap.envoi_id_seq FROM lecap_analyste, lecap_delegue;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA lecap FROM PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA lecap REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

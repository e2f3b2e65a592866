-- 015 — No table is handed to a reader role by default any more.
--
-- 005_roles.sql let lecap_analyste read every table that a later migration
-- would create (ALTER DEFAULT PRIVILEGES): a table of addresses (as
-- lecap.destinataire, 010) or of secrets
-- would have been readable without anyone deciding it. From here on, a
-- migration that creates a table grants it to the reader roles itself, and
-- each view or function carries its own grants in its file of sql/vues/ or
-- sql/fonctions/ (docs/contribuer.md). The grants already given stay.

ALTER DEFAULT PRIVILEGES IN SCHEMA lecap REVOKE SELECT ON TABLES FROM lecap_analyste;

-- 054 — The digests of the quarters of the network where each evaluation's
-- scores fall (lecap.quart_evaluation, migration 048) are written after the
-- campaign's commit, in a transaction of their own (src/aggregate/aggregate.c,
-- sql/fonctions/quart_ecrire.sql). The campaign's transaction records here
-- that they are due (lecap.publier), lecap.quart_ecrire removes the row once
-- they are written. A lecap killed between the two commits leaves the row:
-- the next lecap aggregate (each night's) writes them, whether or not it
-- computes the campaign again. Meanwhile the photographies stay right
-- (lecap.photographie_entrees hashes the scores itself when the digests do
-- not match the quartiles published).

CREATE TABLE lecap.quart_en_attente (
    campagne int PRIMARY KEY,
    depuis   timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE lecap.quart_en_attente IS 'Campagnes dont l''empreinte des quarts (lecap.quart_evaluation) reste à écrire après la validation de leur calcul ; vide hors interruption';
COMMENT ON COLUMN lecap.quart_en_attente.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.quart_en_attente.depuis IS 'Date du calcul de la campagne validé sans son empreinte des quarts';
REVOKE ALL ON lecap.quart_en_attente FROM PUBLIC, lecap_analyste, lecap_delegue;

-- 048 — The quarter of the network each score of an evaluation falls in,
-- digested and kept (issue 20, item 3). A photographie prints, beside each
-- theme, sub-theme and objective score of the member, the quarter of the
-- network it falls in (report/member_data.c member_data_quarter), so
-- lecap.photographie_entrees hashed, every night, the quarter of each of
-- the campaign's 280,000 such scores at 10,000 members (0.6-0.7 s of a
-- night with one corrected export). The quarters move only when the
-- network's published quartiles move, which a night with a few corrected
-- exports seldom does: the digest of each evaluation's quarters (count,
-- sum of the 64-bit hashes, as photographie_entrees computes them) is kept
-- here with the quartiles it was computed with (lecap.quart_borne). The
-- publication (lecap.publier) brings them up to date: the new evaluations'
-- digests computed, those of the others corrected by the difference on the
-- elements whose quartiles moved. photographie_entrees reads them when the
-- quartiles kept are those published and every evaluation has its digest,
-- and otherwise hashes the scores as before.
--
-- Written by lecap.quart_ecrire (sql/fonctions/) only, which lecap.publier
-- calls; an evaluation's row is deleted with its results. Internal (no
-- reader role reads them: digests, and quartiles the publication views
-- already give).

CREATE TABLE lecap.quart_evaluation (
    campagne      int    NOT NULL,
    evaluation_id bigint PRIMARY KEY REFERENCES lecap.resultat_evaluation ON DELETE CASCADE,
    lignes        int    NOT NULL CHECK (lignes >= 0),
    somme         numeric NOT NULL
);
CREATE INDEX quart_evaluation_campagne ON lecap.quart_evaluation (campagne);
COMMENT ON TABLE lecap.quart_evaluation IS 'Empreinte des quarts du réseau où tombent les scores de chaque évaluation (thèmes, sous-thèmes, objectifs), avec les quartiles de lecap.quart_borne ; écrite par lecap.quart_ecrire à chaque publication, lue par lecap.photographie_entrees';
COMMENT ON COLUMN lecap.quart_evaluation.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.quart_evaluation.evaluation_id IS 'Évaluation (lecap.resultat_evaluation), supprimée avec ses résultats';
COMMENT ON COLUMN lecap.quart_evaluation.lignes IS 'Nombre de ses scores dont un quart est imprimé (quartiles du réseau publiés)';
COMMENT ON COLUMN lecap.quart_evaluation.somme IS 'Somme des hachages 64 bits (lecap.quart_hachage) de ces scores et de leur quart';
REVOKE ALL ON lecap.quart_evaluation FROM PUBLIC, lecap_analyste, lecap_delegue;

CREATE TABLE lecap.quart_borne (
    campagne int  NOT NULL,
    code     text COLLATE "C" NOT NULL,
    q1       numeric NOT NULL,
    mediane  numeric NOT NULL,
    q3       numeric NOT NULL,
    PRIMARY KEY (campagne, code)
);
COMMENT ON TABLE lecap.quart_borne IS 'Quartiles et médiane du réseau publiés (v_publication_agregat, région FR) avec lesquels les empreintes de lecap.quart_evaluation ont été calculées';
COMMENT ON COLUMN lecap.quart_borne.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.quart_borne.code IS 'Code de l''élément (thème, sous-thème, objectif)';
COMMENT ON COLUMN lecap.quart_borne.q1 IS 'Premier quartile publié (au centième)';
COMMENT ON COLUMN lecap.quart_borne.mediane IS 'Médiane publiée (au centième)';
COMMENT ON COLUMN lecap.quart_borne.q3 IS 'Troisième quartile publié (au centième)';
REVOKE ALL ON lecap.quart_borne FROM PUBLIC, lecap_analyste, lecap_delegue;

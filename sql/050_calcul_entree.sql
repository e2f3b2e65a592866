-- 050 — What some of a campaign's results were last computed from (issue
-- 20, nights). A night with one corrected export changes one member's
-- scores, not the counts nor the plans: yet the publication decided the
-- campaign's secrecy pattern again from every cell (40,000 cells and
-- 100,000 memberships at 10,000 members, grouped round after round:
-- 0.25-0.3 s), and the aggregation counted the follow-up of the plans again
-- from every action of two campaigns (0.06-0.1 s). Each is a function of
-- inputs that are cheap to digest: the digest is kept here with the
-- result, and a computation whose inputs have the same digest keeps its
-- result as it is.
--
-- calcul names the result: 'secret' (lecap.secret, lecap.publier: the
-- cells' table, region, breakdown, code, count and population; parametres:
-- the threshold and the grid versions of the campaign, the relations
-- between cells), 'plan_agregat' (lecap.plan_agregat, lecap.agreger: each
-- plan of the campaign and of the previous one with its member and region,
-- a plan's actions never changing while it keeps its id; parametres: the
-- threshold and the previous campaign). A recomputation from scratch
-- (lecap.agreger with nothing kept) deletes the campaign's rows: every
-- result is computed again.
--
-- Written by lecap.agreger and lecap.publier (sql/fonctions/), each its own
-- rows; internal (no reader role reads it: it holds no figure, only sums
-- of hashes).

CREATE TABLE lecap.calcul_entree (
    campagne   int     NOT NULL,
    calcul     text COLLATE "C" NOT NULL CHECK (calcul IN ('secret', 'plan_agregat')),
    parametres text    NOT NULL,
    lignes     int     NOT NULL CHECK (lignes >= 0),
    somme      numeric NOT NULL,
    PRIMARY KEY (campagne, calcul)
);
COMMENT ON TABLE lecap.calcul_entree IS 'Empreinte de ce dont certains résultats d''une campagne ont été calculés la dernière fois (le secret décidé, le suivi des plans) ; table interne de lecap.agreger et lecap.publier, qui gardent le résultat quand elle est inchangée';
COMMENT ON COLUMN lecap.calcul_entree.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.calcul_entree.calcul IS 'Résultat : secret (lecap.secret) ou plan_agregat (lecap.plan_agregat)';
COMMENT ON COLUMN lecap.calcul_entree.parametres IS 'Paramètres du calcul, séparés par « | » : le seuil du secret, puis les versions de la grille (secret) ou la campagne précédente (plan_agregat)';
COMMENT ON COLUMN lecap.calcul_entree.lignes IS 'Nombre de lignes d''entrée (cellules, plans)';
COMMENT ON COLUMN lecap.calcul_entree.somme IS 'Somme des hachages 64 bits (hash_record_extended) de ces lignes';
REVOKE ALL ON lecap.calcul_entree FROM PUBLIC, lecap_analyste, lecap_delegue;

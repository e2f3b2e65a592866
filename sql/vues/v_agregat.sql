-- Figures at a fixed scale (10 decimals), whatever the inputs and the
-- plan: numeric(14,10) (docs/analystes.md).
CREATE VIEW lecap.v_agregat WITH (security_invoker = true) AS
SELECT campagne, region, niveau, code, n_entreprises,
       moyenne::numeric(14,10) AS moyenne,
       mediane::numeric(14,10) AS mediane,
       q1::numeric(14,10) AS q1,
       q3::numeric(14,10) AS q3,
       minimum::numeric(14,10) AS minimum,
       maximum::numeric(14,10) AS maximum,
       part_atteinte::numeric(14,10) AS part_atteinte,
       evolution::numeric(14,10) AS evolution,
       diffusable
  FROM lecap.agregat WHERE type_structure = '*';
COMMENT ON VIEW lecap.v_agregat IS 'Agrégats du réseau par campagne, région (FR : tout le réseau) et élément de la grille, sur les évaluations complètes';
COMMENT ON COLUMN lecap.v_agregat.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_agregat.region IS 'Code INSEE de la région, ou FR pour tout le réseau';
COMMENT ON COLUMN lecap.v_agregat.niveau IS 'indicateur, objectif, sous_theme ou theme';
COMMENT ON COLUMN lecap.v_agregat.code IS 'Code de l''élément de la grille';
COMMENT ON COLUMN lecap.v_agregat.n_entreprises IS 'Entreprises (évaluations complètes) qui ont un score pour ce code';
COMMENT ON COLUMN lecap.v_agregat.moyenne IS 'Moyenne des scores';
COMMENT ON COLUMN lecap.v_agregat.mediane IS 'Médiane (percentile_cont(0.5))';
COMMENT ON COLUMN lecap.v_agregat.q1 IS 'Premier quartile (percentile_cont(0.25))';
COMMENT ON COLUMN lecap.v_agregat.q3 IS 'Troisième quartile (percentile_cont(0.75))';
COMMENT ON COLUMN lecap.v_agregat.minimum IS 'Plus petit score';
COMMENT ON COLUMN lecap.v_agregat.maximum IS 'Plus grand score';
COMMENT ON COLUMN lecap.v_agregat.part_atteinte IS 'Part (0–1) des objectifs atteints : entreprises pour un objectif, couples (entreprise, objectif noté) pour un sous-thème ou un thème ; NULL pour un indicateur';
COMMENT ON COLUMN lecap.v_agregat.evolution IS 'moyenne moins celle de la même région, du même niveau et du même code à la campagne précédente (NULL s''il n''y en a pas)';
COMMENT ON COLUMN lecap.v_agregat.diffusable IS 'Vrai si n_entreprises ≥ seuil_secret ; sinon le chiffre s''imprime « s »';

GRANT SELECT ON lecap.v_agregat TO lecap_analyste, lecap_delegue;

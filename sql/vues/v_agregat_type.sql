-- Figures at a fixed scale (10 decimals), whatever the inputs and the
-- plan: numeric(14,10) (docs/analystes.md).
CREATE VIEW lecap.v_agregat_type WITH (security_invoker = true) AS
SELECT campagne, region, type_structure, niveau, code, n_entreprises,
       moyenne::numeric(14,10) AS moyenne,
       mediane::numeric(14,10) AS mediane,
       q1::numeric(14,10) AS q1,
       q3::numeric(14,10) AS q3,
       minimum::numeric(14,10) AS minimum,
       maximum::numeric(14,10) AS maximum,
       part_atteinte::numeric(14,10) AS part_atteinte,
       evolution::numeric(14,10) AS evolution,
       diffusable
  FROM lecap.agregat WHERE type_structure <> '*';
COMMENT ON VIEW lecap.v_agregat_type IS 'Les agrégats de v_agregat par type de structure, par région et pour tout le réseau (FR)';
COMMENT ON COLUMN lecap.v_agregat_type.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_agregat_type.region IS 'Code INSEE de la région, ou FR pour tout le réseau';
COMMENT ON COLUMN lecap.v_agregat_type.type_structure IS 'Type de structure (AI, ACI, EI...)';
COMMENT ON COLUMN lecap.v_agregat_type.niveau IS 'indicateur, objectif, sous_theme ou theme';
COMMENT ON COLUMN lecap.v_agregat_type.code IS 'Code de l''élément de la grille';
COMMENT ON COLUMN lecap.v_agregat_type.n_entreprises IS 'Entreprises de ce type (évaluations complètes) qui ont un score pour ce code';
COMMENT ON COLUMN lecap.v_agregat_type.moyenne IS 'Moyenne des scores';
COMMENT ON COLUMN lecap.v_agregat_type.mediane IS 'Médiane (percentile_cont(0.5))';
COMMENT ON COLUMN lecap.v_agregat_type.q1 IS 'Premier quartile (percentile_cont(0.25))';
COMMENT ON COLUMN lecap.v_agregat_type.q3 IS 'Troisième quartile (percentile_cont(0.75))';
COMMENT ON COLUMN lecap.v_agregat_type.minimum IS 'Plus petit score';
COMMENT ON COLUMN lecap.v_agregat_type.maximum IS 'Plus grand score';
COMMENT ON COLUMN lecap.v_agregat_type.part_atteinte IS 'Part (0–1) des objectifs atteints, comme dans v_agregat';
COMMENT ON COLUMN lecap.v_agregat_type.evolution IS 'moyenne moins celle de la même région, du même type et du même code à la campagne précédente';
COMMENT ON COLUMN lecap.v_agregat_type.diffusable IS 'Vrai si n_entreprises ≥ seuil_secret';

GRANT SELECT ON lecap.v_agregat_type TO lecap_analyste, lecap_delegue;

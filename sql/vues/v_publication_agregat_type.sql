CREATE VIEW lecap.v_publication_agregat_type AS
SELECT a.campagne, a.region, coalesce(rg.libelle, 'Tout le réseau') AS libelle_region,
       a.region = 'FR' AS national, a.type_structure, ts.libelle AS libelle_type, a.niveau, a.code,
       el.libelle, pc.version_referentiel, el.rang, a.n_entreprises,
       CASE WHEN s.motif IS NULL THEN round(a.moyenne, 2)::numeric(5,2) END AS moyenne,
       CASE WHEN s.motif IS NULL THEN round(a.mediane, 2)::numeric(5,2) END AS mediane,
       CASE WHEN s.motif IS NULL THEN round(a.q1, 2)::numeric(5,2) END AS q1,
       CASE WHEN s.motif IS NULL THEN round(a.q3, 2)::numeric(5,2) END AS q3,
       CASE WHEN s.motif IS NULL THEN round(a.minimum, 2)::numeric(5,2) END AS minimum,
       CASE WHEN s.motif IS NULL THEN round(a.maximum, 2)::numeric(5,2) END AS maximum,
       CASE WHEN s.motif IS NULL THEN round(a.part_atteinte, 3)::numeric(4,3) END AS part_atteinte,
       CASE WHEN s.motif IS NULL THEN (round(a.moyenne, 2) - e.moyenne_precedente)::numeric(5,2) END AS evolution,
       s.motif IS NULL AS diffusable, s.motif AS secret
  FROM lecap.agregat a
  JOIN lecap.publication_campagne pc ON pc.campagne = a.campagne
  LEFT JOIN lecap.secret s ON s.campagne = a.campagne AND s.tableau = 'agregat' AND s.region = a.region
        AND s.ventilation = a.type_structure AND s.code = a.code
  LEFT JOIN lecap.region rg ON rg.code = a.region
  LEFT JOIN lecap.type_structure ts ON ts.code = a.type_structure
  LEFT JOIN lecap.element el ON el.version = pc.version_referentiel AND el.code = a.code
  LEFT JOIN lecap.evolution_publiee e ON e.campagne = a.campagne AND e.region = a.region
        AND e.type_structure = a.type_structure AND e.code = a.code
 WHERE a.type_structure <> '*';
COMMENT ON VIEW lecap.v_publication_agregat_type IS 'Publication : les agrégats par type de structure (v_agregat_type), secret statistique appliqué';
COMMENT ON COLUMN lecap.v_publication_agregat_type.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_publication_agregat_type.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.v_publication_agregat_type.libelle_region IS 'Nom de la région (Tout le réseau pour FR)';
COMMENT ON COLUMN lecap.v_publication_agregat_type.national IS 'Vrai pour les lignes du réseau (FR)';
COMMENT ON COLUMN lecap.v_publication_agregat_type.type_structure IS 'Type de structure';
COMMENT ON COLUMN lecap.v_publication_agregat_type.libelle_type IS 'Nom du type de structure';
COMMENT ON COLUMN lecap.v_publication_agregat_type.niveau IS 'indicateur, objectif, sous_theme ou theme';
COMMENT ON COLUMN lecap.v_publication_agregat_type.code IS 'Code de l''élément de la grille';
COMMENT ON COLUMN lecap.v_publication_agregat_type.libelle IS 'Intitulé de l''élément';
COMMENT ON COLUMN lecap.v_publication_agregat_type.version_referentiel IS 'Version de la grille de la campagne';
COMMENT ON COLUMN lecap.v_publication_agregat_type.rang IS 'Ordre d''affichage (ordre de la grille)';
COMMENT ON COLUMN lecap.v_publication_agregat_type.n_entreprises IS 'Entreprises de ce type (évaluations complètes) qui ont un score pour ce code';
COMMENT ON COLUMN lecap.v_publication_agregat_type.moyenne IS 'Moyenne, 2 décimales ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_agregat_type.mediane IS 'Médiane, 2 décimales ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_agregat_type.q1 IS 'Premier quartile ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_agregat_type.q3 IS 'Troisième quartile ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_agregat_type.minimum IS 'Plus petit score ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_agregat_type.maximum IS 'Plus grand score ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_agregat_type.part_atteinte IS 'Part (0–1) des objectifs atteints, 3 décimales ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_agregat_type.evolution IS 'Moyenne publiée moins celle, publiée, de la campagne précédente (même région, même type) ; NULL sinon';
COMMENT ON COLUMN lecap.v_publication_agregat_type.diffusable IS 'Vrai si la cellule est publiée';
COMMENT ON COLUMN lecap.v_publication_agregat_type.secret IS 'NULL si publiée ; primaire ou secondaire';

GRANT SELECT ON lecap.v_publication_agregat_type TO lecap_analyste, lecap_delegue;

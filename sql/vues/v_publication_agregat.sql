--
-- Owner's rights (not security_invoker): they show every region's
-- publishable figures to whoever may read them, delegates included, and
-- nothing that secrecy hides. A secret cell keeps its row, its n and its
-- labels; its figures are NULL, diffusable is false and secret says why.
-- Ready for BI tools: labels, the grid version and its display order
-- (rang), a flag on the network rows (national), figures as numeric of
-- fixed scale (scores 2 decimals, shares 3).
CREATE VIEW lecap.v_publication_agregat AS
SELECT a.campagne, a.region, coalesce(rg.libelle, 'Tout le réseau') AS libelle_region,
       a.region = 'FR' AS national, a.niveau, a.code, el.libelle, pc.version_referentiel, el.rang,
       a.n_entreprises,
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
  LEFT JOIN lecap.element el ON el.version = pc.version_referentiel AND el.code = a.code
  LEFT JOIN lecap.evolution_publiee e ON e.campagne = a.campagne AND e.region = a.region
        AND e.type_structure = a.type_structure AND e.code = a.code
 WHERE a.type_structure = '*';
COMMENT ON VIEW lecap.v_publication_agregat IS 'Publication : les agrégats de v_agregat (tous types de structure), secret statistique appliqué : chiffres NULL, diffusable faux et motif dans secret pour une cellule masquée';
COMMENT ON COLUMN lecap.v_publication_agregat.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_publication_agregat.region IS 'Code INSEE de la région, ou FR pour tout le réseau';
COMMENT ON COLUMN lecap.v_publication_agregat.libelle_region IS 'Nom de la région (Tout le réseau pour FR)';
COMMENT ON COLUMN lecap.v_publication_agregat.national IS 'Vrai pour la ligne du réseau (FR) : à exclure d''une somme sur les régions';
COMMENT ON COLUMN lecap.v_publication_agregat.niveau IS 'indicateur, objectif, sous_theme ou theme';
COMMENT ON COLUMN lecap.v_publication_agregat.code IS 'Code de l''élément de la grille';
COMMENT ON COLUMN lecap.v_publication_agregat.libelle IS 'Intitulé de l''élément';
COMMENT ON COLUMN lecap.v_publication_agregat.version_referentiel IS 'Version de la grille de la campagne';
COMMENT ON COLUMN lecap.v_publication_agregat.rang IS 'Ordre d''affichage (ordre de la grille)';
COMMENT ON COLUMN lecap.v_publication_agregat.n_entreprises IS 'Entreprises (évaluations complètes) qui ont un score pour ce code';
COMMENT ON COLUMN lecap.v_publication_agregat.moyenne IS 'Moyenne des scores, 2 décimales ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_agregat.mediane IS 'Médiane, 2 décimales ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_agregat.q1 IS 'Premier quartile, 2 décimales ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_agregat.q3 IS 'Troisième quartile, 2 décimales ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_agregat.minimum IS 'Plus petit score, 2 décimales ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_agregat.maximum IS 'Plus grand score, 2 décimales ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_agregat.part_atteinte IS 'Part (0–1) des objectifs atteints, 3 décimales ; NULL pour un indicateur ou si secret';
COMMENT ON COLUMN lecap.v_publication_agregat.evolution IS 'Moyenne publiée moins la moyenne publiée de la campagne précédente ; NULL si l''une des deux n''est pas publiée';
COMMENT ON COLUMN lecap.v_publication_agregat.diffusable IS 'Vrai si la cellule est publiée';
COMMENT ON COLUMN lecap.v_publication_agregat.secret IS 'NULL si publiée ; primaire (effectif sous seuil_secret) ou secondaire (masquée pour qu''une cellule secrète ne se recalcule pas)';

GRANT SELECT ON lecap.v_publication_agregat TO lecap_analyste, lecap_delegue;

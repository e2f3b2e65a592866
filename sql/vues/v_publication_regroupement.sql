-- The regions below the threshold, together (issue 19 item 6): a small
-- region's results are never published alone; its report shows instead
-- those of the campaign's group « régions sous le seuil » — every region
-- with fewer complete evaluations than seuil_secret (0 < n_completes <
-- seuil, a published count), whose results are all in primary secrecy —
-- pooled, for each element of the grid.
--
-- The rule (docs/analystes.md, « Le regroupement des régions sous le
-- seuil »): a cell of the group is published only when it adds nothing a
-- reader cannot already compute, FR − Σ the other regions:
-- * FR's cell is published, and so is the cell of every region outside the
--   group (else the group would give back the one masked);
-- * the group holds at least 3 regions with the cell (a delegate, who reads
--   their own region in full, still faces two unknowns) and at least
--   seuil_secret enterprises.
-- Only what FR − Σ regions gives back is published: the count and the
-- means (score, share of objectives reached), never a median, a quartile,
-- a minimum or a maximum, nor an evolution. Not pooled over campaigns: a
-- pool over years minus the years published alone, or minus last year's
-- pool, would give back one secret campaign.
CREATE VIEW lecap.v_publication_regroupement AS
WITH groupe AS (
    SELECT p.campagne, p.region
      FROM lecap.participation p
      JOIN lecap.publication_campagne pc ON pc.campagne = p.campagne
     WHERE p.region <> 'FR' AND p.n_completes > 0 AND p.n_completes < pc.seuil_secret
), cellule AS (
    SELECT a.campagne, a.niveau, a.code,
           string_agg(a.region, ',' ORDER BY a.region) AS regions,
           count(*)::int AS n_regions, sum(a.n_entreprises)::int AS n_entreprises,
           sum(a.n_entreprises * a.moyenne) / nullif(sum(a.n_entreprises), 0) AS moyenne,
           sum(a.n_entreprises * a.part_atteinte) / nullif(sum(a.n_entreprises), 0) AS part_atteinte
      FROM lecap.agregat a
      JOIN groupe g ON g.campagne = a.campagne AND g.region = a.region
     WHERE a.type_structure = '*'
     GROUP BY a.campagne, a.niveau, a.code
), decision AS (
    SELECT c.*,
           CASE WHEN c.n_regions < 3 OR c.n_entreprises < pc.seuil_secret THEN 'primaire'
                WHEN EXISTS (SELECT 1 FROM lecap.secret s
                              WHERE s.campagne = c.campagne AND s.tableau = 'agregat' AND s.ventilation = '*'
                                AND s.code = c.code
                                AND NOT EXISTS (SELECT 1 FROM groupe g
                                                 WHERE g.campagne = s.campagne AND g.region = s.region))
                     THEN 'secondaire'
           END AS secret,
           pc.version_referentiel
      FROM cellule c
      JOIN lecap.publication_campagne pc ON pc.campagne = c.campagne
)
SELECT d.campagne, 'sous_seuil'::text AS regroupement, 'Régions sous le seuil'::text AS libelle_regroupement,
       d.regions, d.n_regions, d.niveau, d.code, el.libelle, d.version_referentiel, el.rang, d.n_entreprises,
       CASE WHEN d.secret IS NULL THEN round(d.moyenne, 2)::numeric(5,2) END AS moyenne,
       CASE WHEN d.secret IS NULL THEN round(d.part_atteinte, 3)::numeric(4,3) END AS part_atteinte,
       d.secret IS NULL AS diffusable, d.secret
  FROM decision d
  LEFT JOIN lecap.element el ON el.version = d.version_referentiel AND el.code = d.code;
COMMENT ON VIEW lecap.v_publication_regroupement IS 'Publication : les résultats des régions sous le seuil, ensemble (les régions qui ont moins de seuil_secret évaluations complètes), par campagne et élément de la grille ; publiés seulement quand ils se déduisent déjà du réseau moins les régions publiées, avec au moins 3 régions et seuil_secret entreprises';
COMMENT ON COLUMN lecap.v_publication_regroupement.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_publication_regroupement.regroupement IS 'Code du regroupement : sous_seuil';
COMMENT ON COLUMN lecap.v_publication_regroupement.libelle_regroupement IS 'Nom du regroupement';
COMMENT ON COLUMN lecap.v_publication_regroupement.regions IS 'Codes INSEE des régions du regroupement qui ont la cellule, séparés par des virgules';
COMMENT ON COLUMN lecap.v_publication_regroupement.n_regions IS 'Nombre de ces régions';
COMMENT ON COLUMN lecap.v_publication_regroupement.niveau IS 'indicateur, objectif, sous_theme ou theme';
COMMENT ON COLUMN lecap.v_publication_regroupement.code IS 'Code de l''élément de la grille';
COMMENT ON COLUMN lecap.v_publication_regroupement.libelle IS 'Intitulé de l''élément';
COMMENT ON COLUMN lecap.v_publication_regroupement.version_referentiel IS 'Version de la grille de la campagne';
COMMENT ON COLUMN lecap.v_publication_regroupement.rang IS 'Ordre d''affichage (ordre de la grille)';
COMMENT ON COLUMN lecap.v_publication_regroupement.n_entreprises IS 'Entreprises (évaluations complètes) des régions du regroupement qui ont un score pour ce code';
COMMENT ON COLUMN lecap.v_publication_regroupement.moyenne IS 'Moyenne des scores, 2 décimales ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_regroupement.part_atteinte IS 'Part (0–1) des objectifs atteints, 3 décimales ; NULL pour un indicateur ou si secret';
COMMENT ON COLUMN lecap.v_publication_regroupement.diffusable IS 'Vrai si la cellule est publiée';
COMMENT ON COLUMN lecap.v_publication_regroupement.secret IS 'NULL si publiée ; primaire (moins de 3 régions ou de seuil_secret entreprises) ou secondaire (le réseau ou une région hors du regroupement est masqué : la cellule le ferait retrouver)';

GRANT SELECT ON lecap.v_publication_regroupement TO lecap_analyste, lecap_delegue;

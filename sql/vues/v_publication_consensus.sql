-- Publication: nationally, how often the consensus sits above or below the
-- mean of the individual ratings (issue 22 item 4), per campaign and
-- sub-theme, from lecap.v_consensus_entreprise (complete evaluations with a
-- consensus row). Network only (region FR): no region is published, so no
-- cell can be recomputed from others and the only secrecy is primary — a
-- sub-theme measured on fewer members than the campaign's threshold
-- (lecap.publication_campagne.seuil_secret, decided with the campaign's secrecy) has
-- its counts and shares NULL. A campaign not yet published has no row.
CREATE VIEW lecap.v_publication_consensus AS
SELECT c.campagne, 'FR'::text AS region, c.sous_theme, el.libelle, el.rang,
       c.n_entreprises,
       CASE WHEN d THEN c.n_au_dessus END AS n_au_dessus,
       CASE WHEN d THEN c.n_en_dessous END AS n_en_dessous,
       CASE WHEN d THEN c.n_egal END AS n_egal,
       CASE WHEN d THEN round(c.n_au_dessus::numeric / c.n_entreprises, 3)::numeric(4,3) END AS part_au_dessus,
       CASE WHEN d THEN round(c.n_en_dessous::numeric / c.n_entreprises, 3)::numeric(4,3) END AS part_en_dessous,
       CASE WHEN d THEN round(c.n_egal::numeric / c.n_entreprises, 3)::numeric(4,3) END AS part_egal,
       d AS diffusable,
       CASE WHEN NOT d THEN 'primaire' END AS secret
  FROM (SELECT campagne, sous_theme, count(*)::int AS n_entreprises,
               count(*) FILTER (WHERE position = 'au_dessus')::int AS n_au_dessus,
               count(*) FILTER (WHERE position = 'en_dessous')::int AS n_en_dessous,
               count(*) FILTER (WHERE position = 'egal')::int AS n_egal
          FROM lecap.v_consensus_entreprise
         WHERE complete
         GROUP BY campagne, sous_theme) c
  JOIN lecap.publication_campagne pc ON pc.campagne = c.campagne
  CROSS JOIN LATERAL (SELECT c.n_entreprises >= pc.seuil_secret AS d) s
  LEFT JOIN lecap.element el ON el.version = pc.version_referentiel AND el.code = c.sous_theme;
COMMENT ON VIEW lecap.v_publication_consensus IS 'Publication : dans le réseau, combien d''adhérents ont une note de consensus au-dessus, en dessous ou égale à la moyenne de leurs notes individuelles, par sous-thème (v_consensus_entreprise, évaluations complètes) ; secret statistique appliqué';
COMMENT ON COLUMN lecap.v_publication_consensus.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_publication_consensus.region IS 'FR (le réseau) : la mesure n''est publiée qu''au niveau national';
COMMENT ON COLUMN lecap.v_publication_consensus.sous_theme IS 'Code du sous-thème';
COMMENT ON COLUMN lecap.v_publication_consensus.libelle IS 'Intitulé du sous-thème';
COMMENT ON COLUMN lecap.v_publication_consensus.rang IS 'Ordre d''affichage (ordre de la grille)';
COMMENT ON COLUMN lecap.v_publication_consensus.n_entreprises IS 'Adhérents (évaluations complètes avec une ligne de consensus) dont la mesure existe pour le sous-thème';
COMMENT ON COLUMN lecap.v_publication_consensus.n_au_dessus IS 'Adhérents dont le consensus est au-dessus de la moyenne des notes individuelles ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_consensus.n_en_dessous IS 'Adhérents dont le consensus est en dessous ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_consensus.n_egal IS 'Adhérents dont le consensus égale la moyenne (à 2 décimales) ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_consensus.part_au_dessus IS 'n_au_dessus / n_entreprises, 3 décimales ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_consensus.part_en_dessous IS 'n_en_dessous / n_entreprises, 3 décimales ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_consensus.part_egal IS 'n_egal / n_entreprises, 3 décimales ; NULL si secret';
COMMENT ON COLUMN lecap.v_publication_consensus.diffusable IS 'Vrai si n_entreprises atteint le seuil du secret de la campagne';
COMMENT ON COLUMN lecap.v_publication_consensus.secret IS 'NULL si publiée ; primaire sinon';

GRANT SELECT ON lecap.v_publication_consensus TO lecap_analyste, lecap_delegue;

-- Consensus against individual views (issue 22 item 4), THE definition
-- shared by the photographie (per member) and the national report (how
-- often, the publication view of the consensus): for each aggregated evaluation that
-- carries a consensus row and each sub-theme, on the indicators of the
-- sub-theme that have both a consensus note and at least one individual
-- note (NC and blanks excluded):
--   consensus            = mean of the consensus row's notes;
--   moyenne_individuelle = mean of every individual respondent's notes
--                          (all colleges pooled, one note per cell);
--   ecart                = round(consensus, 2) − round(moyenne_individuelle, 2);
--   position             = au_dessus / en_dessous / egal by the sign of ecart
--                          (the figures as printed, 2 decimals).
-- Per member, so it is never published as such (lecap_delegue reads it like
-- the per-member scores; docs/analystes.md, « v_consensus_entreprise »).
CREATE VIEW lecap.v_consensus_entreprise WITH (security_invoker = true) AS
-- Straight from lecap.reponse (one string of notes per respondent), the k-th
-- note being the grid's k-th indicator: the sub-theme of position k comes
-- from one array per grid version, which keeps the plan sound on a freshly
-- loaded database without statistics (a join on the position through
-- the per-cell view took 6 s for 500 members there).
WITH grille AS (
    SELECT i.version, array_agg(o.parent ORDER BY i.rang) AS sous_themes
      FROM lecap.element i
      JOIN lecap.element o ON o.version = i.version AND o.code = i.parent
     WHERE i.niveau = 'indicateur'
     GROUP BY i.version
), cellule AS (
    SELECT r.campagne, r.evaluation_id, r.siret, r.region, r.complete, g.sous_themes[c.pos] AS sous_theme, c.pos,
           max(c.n::int) FILTER (WHERE rp.college = 'consensus') AS note_consensus,
           sum(c.n::int) FILTER (WHERE rp.college <> 'consensus') AS somme_individuelle,
           count(*) FILTER (WHERE rp.college <> 'consensus') AS n_individuelles
      FROM lecap.resultat_evaluation r
      JOIN lecap.reponse p ON p.evaluation_id = r.evaluation_id
      JOIN grille g ON g.version = p.version_referentiel
      JOIN lecap.repondant rp ON rp.evaluation_id = p.evaluation_id AND rp.numero = p.repondant
      CROSS JOIN LATERAL unnest(string_to_array(p.notes, NULL)) WITH ORDINALITY AS c(n, pos)
     WHERE r.consensus AND c.n IN ('1', '2', '3', '4')
     GROUP BY r.campagne, r.evaluation_id, r.siret, r.region, r.complete, g.sous_themes[c.pos], c.pos
), mesure AS (
    SELECT campagne, evaluation_id, siret, region, complete, sous_theme,
           count(*)::int AS n_indicateurs,
           avg(note_consensus) AS consensus,
           sum(somme_individuelle)::numeric / sum(n_individuelles) AS moyenne_individuelle
      FROM cellule
     WHERE note_consensus IS NOT NULL AND n_individuelles > 0
     GROUP BY campagne, evaluation_id, siret, region, complete, sous_theme
)
SELECT campagne, evaluation_id, siret, region, complete, sous_theme, n_indicateurs,
       consensus::numeric(14,10) AS consensus,
       moyenne_individuelle::numeric(14,10) AS moyenne_individuelle,
       (round(consensus, 2) - round(moyenne_individuelle, 2))::numeric(14,10) AS ecart,
       CASE sign(round(consensus, 2) - round(moyenne_individuelle, 2))
            WHEN 1 THEN 'au_dessus' WHEN -1 THEN 'en_dessous' ELSE 'egal' END AS position
  FROM mesure;
COMMENT ON VIEW lecap.v_consensus_entreprise IS 'Consensus et notes individuelles : pour chaque évaluation agrégée qui porte une ligne de consensus et chaque sous-thème, la moyenne des notes de consensus et celle des notes individuelles (tous collèges), sur les indicateurs qui ont les deux (NC exclus)';
COMMENT ON COLUMN lecap.v_consensus_entreprise.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_consensus_entreprise.evaluation_id IS 'Évaluation (comme lecap.resultat_evaluation)';
COMMENT ON COLUMN lecap.v_consensus_entreprise.siret IS 'SIRET de l''entreprise';
COMMENT ON COLUMN lecap.v_consensus_entreprise.region IS 'Code INSEE de la région de l''évaluation';
COMMENT ON COLUMN lecap.v_consensus_entreprise.complete IS 'Vrai si l''évaluation est complète (seules celles-là entrent dans la publication nationale)';
COMMENT ON COLUMN lecap.v_consensus_entreprise.sous_theme IS 'Code du sous-thème';
COMMENT ON COLUMN lecap.v_consensus_entreprise.n_indicateurs IS 'Indicateurs du sous-thème qui ont une note de consensus et au moins une note individuelle';
COMMENT ON COLUMN lecap.v_consensus_entreprise.consensus IS 'Moyenne des notes de consensus sur ces indicateurs';
COMMENT ON COLUMN lecap.v_consensus_entreprise.moyenne_individuelle IS 'Moyenne de toutes les notes individuelles (tous collèges, hors consensus) sur ces indicateurs';
COMMENT ON COLUMN lecap.v_consensus_entreprise.ecart IS 'round(consensus, 2) − round(moyenne_individuelle, 2) : l''écart des chiffres tels qu''imprimés';
COMMENT ON COLUMN lecap.v_consensus_entreprise.position IS 'au_dessus, en_dessous ou egal : signe de ecart (à 2 décimales)';

GRANT SELECT ON lecap.v_consensus_entreprise TO lecap_analyste, lecap_delegue;

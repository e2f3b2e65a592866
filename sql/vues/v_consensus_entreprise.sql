-- Consensus against individual views (issue 22 item 4), THE definition
-- shared by the photographie (per member) and the national report (how
-- often, the publication view of the consensus); the two means are
-- computed by the aggregation (lecap.consensus_evaluation), the gap and the
-- position here: for each aggregated evaluation that
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
-- The measures are computed once per evaluation by the aggregation, in its
-- pass over the answers (lecap.consensus_evaluation, sql/036); computing
-- them here from lecap.reponse at every read cost the national report
-- 0.3 s of server at 800 members, 1.4 s at 2 000.
SELECT c.campagne, c.evaluation_id, r.siret, r.region, r.complete, c.sous_theme, c.n_indicateurs,
       c.consensus::numeric(14,10) AS consensus,
       c.moyenne_individuelle::numeric(14,10) AS moyenne_individuelle,
       (round(c.consensus, 2) - round(c.moyenne_individuelle, 2))::numeric(14,10) AS ecart,
       CASE sign(round(c.consensus, 2) - round(c.moyenne_individuelle, 2))
            WHEN 1 THEN 'au_dessus' WHEN -1 THEN 'en_dessous' ELSE 'egal' END AS position
  FROM lecap.consensus_evaluation c
  JOIN lecap.resultat_evaluation r ON r.campagne = c.campagne AND r.evaluation_id = c.evaluation_id;
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

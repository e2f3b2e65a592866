CREATE VIEW lecap.v_score_entreprise WITH (security_invoker = true) AS
SELECT r.campagne, r.siret, r.raison_sociale, r.region, r.type_structure,
       s.niveau, s.code, s.score::numeric(14,10) AS score, s.atteint, r.complete
  FROM lecap.score s
  JOIN lecap.resultat_evaluation r ON r.campagne = s.campagne AND r.evaluation_id = s.evaluation_id
 WHERE s.score IS NOT NULL;
COMMENT ON VIEW lecap.v_score_entreprise IS 'Score de chaque évaluation pour chaque élément de la grille qui a un score numérique (1–4) ; NC et sans réponse n''ont pas de ligne';
COMMENT ON COLUMN lecap.v_score_entreprise.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_score_entreprise.siret IS 'SIRET de l''entreprise';
COMMENT ON COLUMN lecap.v_score_entreprise.raison_sociale IS 'Raison sociale déclarée dans l''export';
COMMENT ON COLUMN lecap.v_score_entreprise.region IS 'Code INSEE de la région déclarée';
COMMENT ON COLUMN lecap.v_score_entreprise.type_structure IS 'Type de structure déclaré';
COMMENT ON COLUMN lecap.v_score_entreprise.niveau IS 'indicateur, objectif, sous_theme ou theme';
COMMENT ON COLUMN lecap.v_score_entreprise.code IS 'Code de l''élément de la grille';
COMMENT ON COLUMN lecap.v_score_entreprise.score IS 'Score sur l''échelle 1–4 (règles de docs/format-exports.md)';
COMMENT ON COLUMN lecap.v_score_entreprise.atteint IS 'Objectifs seulement : score ≥ cible ; NULL aux autres niveaux';
COMMENT ON COLUMN lecap.v_score_entreprise.complete IS 'Vrai si l''évaluation atteint completude_min';

GRANT SELECT ON lecap.v_score_entreprise TO lecap_analyste, lecap_delegue;

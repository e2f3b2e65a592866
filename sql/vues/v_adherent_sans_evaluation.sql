CREATE VIEW lecap.v_adherent_sans_evaluation WITH (security_invoker = true) AS
SELECT campagne, region, siret, raison_sociale, type_structure, derniere_campagne
  FROM lecap.adherent_sans_evaluation;
COMMENT ON VIEW lecap.v_adherent_sans_evaluation IS 'Adhérents sans évaluation récente à chaque campagne : jamais évalués, ou dernière évaluation deux campagnes ou plus avant';
COMMENT ON COLUMN lecap.v_adherent_sans_evaluation.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_adherent_sans_evaluation.region IS 'Code INSEE de la région de l''adhérent';
COMMENT ON COLUMN lecap.v_adherent_sans_evaluation.siret IS 'SIRET';
COMMENT ON COLUMN lecap.v_adherent_sans_evaluation.raison_sociale IS 'Raison sociale (registre)';
COMMENT ON COLUMN lecap.v_adherent_sans_evaluation.type_structure IS 'Type de structure (registre)';
COMMENT ON COLUMN lecap.v_adherent_sans_evaluation.derniere_campagne IS 'Campagne de la dernière évaluation ; NULL : jamais évalué';

GRANT SELECT ON lecap.v_adherent_sans_evaluation TO lecap_analyste, lecap_delegue;

CREATE VIEW lecap.v_participation WITH (security_invoker = true) AS
SELECT campagne, region, n_adherents, n_adherents_evalues, taux_participation::numeric(14,10) AS taux_participation,
       n_sans_evaluation_recente, n_jamais_evalues, n_evaluations, n_completes, n_repondants
  FROM lecap.participation;
COMMENT ON VIEW lecap.v_participation IS 'Participation et chiffres clés par campagne et région (FR : réseau)';
COMMENT ON COLUMN lecap.v_participation.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_participation.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.v_participation.n_adherents IS 'Adhérents du registre';
COMMENT ON COLUMN lecap.v_participation.n_adherents_evalues IS 'Adhérents du registre évalués à cette campagne';
COMMENT ON COLUMN lecap.v_participation.taux_participation IS 'n_adherents_evalues / n_adherents (0–1 ; NULL sans registre)';
COMMENT ON COLUMN lecap.v_participation.n_sans_evaluation_recente IS 'Adhérents dont la dernière évaluation date de deux campagnes ou plus';
COMMENT ON COLUMN lecap.v_participation.n_jamais_evalues IS 'Adhérents jamais évalués';
COMMENT ON COLUMN lecap.v_participation.n_evaluations IS 'Évaluations reçues';
COMMENT ON COLUMN lecap.v_participation.n_completes IS 'Évaluations complètes';
COMMENT ON COLUMN lecap.v_participation.n_repondants IS 'Répondants individuels (hors consensus)';

GRANT SELECT ON lecap.v_participation TO lecap_analyste, lecap_delegue;

CREATE VIEW lecap.v_plan_agregat WITH (security_invoker = true) AS
SELECT campagne, region, objectif, n_entreprises, n_actions, n_a_engager, n_en_cours,
       n_realisees, n_abandonnees, n_priorite_haute, n_actions_precedentes,
       n_realisees_precedentes, part_realisee_precedente::numeric(14,10) AS part_realisee_precedente, diffusable
  FROM lecap.plan_agregat;
COMMENT ON VIEW lecap.v_plan_agregat IS 'Plans de progrès par campagne, région (FR : réseau) et objectif, et suivi des actions de la campagne précédente';
COMMENT ON COLUMN lecap.v_plan_agregat.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_plan_agregat.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.v_plan_agregat.objectif IS 'Code de l''objectif';
COMMENT ON COLUMN lecap.v_plan_agregat.n_entreprises IS 'Entreprises avec au moins une action sur cet objectif';
COMMENT ON COLUMN lecap.v_plan_agregat.n_actions IS 'Actions sur cet objectif';
COMMENT ON COLUMN lecap.v_plan_agregat.n_a_engager IS 'Actions à engager';
COMMENT ON COLUMN lecap.v_plan_agregat.n_en_cours IS 'Actions en cours';
COMMENT ON COLUMN lecap.v_plan_agregat.n_realisees IS 'Actions réalisées';
COMMENT ON COLUMN lecap.v_plan_agregat.n_abandonnees IS 'Actions abandonnées';
COMMENT ON COLUMN lecap.v_plan_agregat.n_priorite_haute IS 'Actions de priorité haute (1)';
COMMENT ON COLUMN lecap.v_plan_agregat.n_actions_precedentes IS 'Actions encore ouvertes (à engager, en cours) des plans de la campagne précédente sur cet objectif, des adhérents qui ont envoyé un plan à cette campagne';
COMMENT ON COLUMN lecap.v_plan_agregat.n_realisees_precedentes IS 'Parmi elles, celles que le plan de cette campagne déclare réalisées (même objectif, statut realisee)';
COMMENT ON COLUMN lecap.v_plan_agregat.part_realisee_precedente IS 'Part (0–1) des actions de la campagne précédente réalisées ; NULL sans action précédente';
COMMENT ON COLUMN lecap.v_plan_agregat.diffusable IS 'Vrai si n_entreprises ≥ seuil_secret';

GRANT SELECT ON lecap.v_plan_agregat TO lecap_analyste, lecap_delegue;

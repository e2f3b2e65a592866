CREATE VIEW lecap.v_demande_offres WITH (security_invoker = true) AS
SELECT d.campagne, d.region, d.offre, o.libelle, d.n_entreprises_plan, d.n_actions,
       d.n_entreprises_objectifs, d.n_objectifs_non_atteints, d.diffusable
  FROM lecap.demande_offres d JOIN lecap.offre o ON o.code = d.offre;
COMMENT ON VIEW lecap.v_demande_offres IS 'Demande adressée à l''offre de services : plans qui la mobilisent, objectifs non atteints qui y renvoient';
COMMENT ON COLUMN lecap.v_demande_offres.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.v_demande_offres.region IS 'Code INSEE de la région, ou FR';
COMMENT ON COLUMN lecap.v_demande_offres.offre IS 'Code de l''offre';
COMMENT ON COLUMN lecap.v_demande_offres.libelle IS 'Intitulé de l''offre';
COMMENT ON COLUMN lecap.v_demande_offres.n_entreprises_plan IS 'Entreprises dont le plan de progrès mobilise l''offre';
COMMENT ON COLUMN lecap.v_demande_offres.n_actions IS 'Actions qui la mobilisent';
COMMENT ON COLUMN lecap.v_demande_offres.n_entreprises_objectifs IS 'Entreprises (évaluations complètes) dont un objectif non atteint y renvoie';
COMMENT ON COLUMN lecap.v_demande_offres.n_objectifs_non_atteints IS 'Couples (entreprise, objectif non atteint) qui y renvoient';
COMMENT ON COLUMN lecap.v_demande_offres.diffusable IS 'Vrai si la plus grande des deux populations d''entreprises atteint seuil_secret';

GRANT SELECT ON lecap.v_demande_offres TO lecap_analyste, lecap_delegue;

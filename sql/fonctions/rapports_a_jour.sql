-- Whether the reports of a campaign are up to date: all rendered into
-- [chemins] rapports (lecap.rapport_campagne) after its last aggregation
-- (lecap.agregat_campagne). An unchanged PDF keeps its old mtime, so the
-- file's date cannot tell. lecap run renders the campaigns for which it is
-- false; lecap status prints it.
CREATE FUNCTION lecap.rapports_a_jour(p_campagne int) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT r.rendu_le >= a.calcule_le
                       FROM lecap.agregat_campagne a
                       JOIN lecap.rapport_campagne r ON r.campagne = a.campagne
                      WHERE a.campagne = p_campagne), false)
$$;
COMMENT ON FUNCTION lecap.rapports_a_jour(int) IS 'Vrai si tous les rapports de la campagne ont été produits après son dernier calcul d''agrégats';

-- Not PUBLIC's (no lecap function is); read-only, so the reader roles may
-- call it: `lecap status` run by an analyst's or a delegate's login does.
REVOKE EXECUTE ON FUNCTION lecap.rapports_a_jour(int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lecap.rapports_a_jour(int) TO lecap_analyste, lecap_delegue;

-- Whether the reports of a campaign are up to date: all rendered into
-- [chemins] rapports (lecap.rapport_campagne) after its last aggregation
-- (lecap.agregat_campagne) and after the last aggregation of every earlier
-- campaign: a photographie shows the member's scores of all its campaigns
-- (« Votre évolution, campagne par campagne »), so a corrected or
-- withdrawn 2024 evaluation is redrawn in the 2026 photographies too (only
-- those whose fingerprint changes are rewritten). An unchanged PDF keeps
-- its old mtime, so the file's date cannot tell. lecap run renders the
-- campaigns for which it is false; lecap status prints it. A vision text
-- put in force (lecap.vision, loaded by lecap init: charge_le) after the
-- rendering also makes them out of date: every report prints it on its
-- method page; so does an offer of config/offres.csv added or changed
-- (lecap.offre, modifie_le): the member's plan and the territorial
-- reports print the offers' labels and descriptions.
CREATE FUNCTION lecap.rapports_a_jour(p_campagne int) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT r.rendu_le >= (SELECT max(e.calcule_le) FROM lecap.agregat_campagne e
                                            WHERE e.campagne <= p_campagne)
                            AND r.rendu_le >= coalesce((SELECT max(v.charge_le) FROM lecap.vision v
                                                         WHERE v.en_vigueur), '-infinity')
                            AND r.rendu_le >= coalesce((SELECT max(o.modifie_le) FROM lecap.offre o), '-infinity')
                       FROM lecap.agregat_campagne a
                       JOIN lecap.rapport_campagne r ON r.campagne = a.campagne
                      WHERE a.campagne = p_campagne), false)
$$;
COMMENT ON FUNCTION lecap.rapports_a_jour(int) IS 'Vrai si tous les rapports de la campagne ont été produits après son dernier calcul d''agrégats et celui de chaque campagne antérieure (les photographies montrent toutes les campagnes de l''adhérent), après la mise en vigueur du texte de la vision et après le dernier changement des offres de la fédération';

-- Not PUBLIC's (no lecap function is); read-only, so the reader roles may
-- call it: `lecap status` run by an analyst's or a delegate's login does.
REVOKE EXECUTE ON FUNCTION lecap.rapports_a_jour(int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lecap.rapports_a_jour(int) TO lecap_analyste, lecap_delegue;

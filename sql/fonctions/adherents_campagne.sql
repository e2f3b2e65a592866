-- The members registered at a campaign: joined by its end (31 December;
-- an unknown date counts as always), not left before its start.
CREATE FUNCTION lecap.adherents_campagne(p_campagne int)
RETURNS TABLE (siret text, raison_sociale text, region text, type_structure text)
LANGUAGE sql STABLE AS $$
    SELECT h.siret, h.raison_sociale, h.region, h.type_structure
      FROM lecap.adherent_historique h
     WHERE (h.date_adhesion IS NULL OR h.date_adhesion <= make_date(p_campagne, 12, 31))
       AND (h.sorti_le IS NULL OR h.sorti_le > make_date(p_campagne, 1, 1))
$$;
COMMENT ON FUNCTION lecap.adherents_campagne(int) IS 'Adhérents inscrits à une campagne : adhésion au plus tard le 31 décembre, pas sortis avant le 1er janvier';
REVOKE EXECUTE ON FUNCTION lecap.adherents_campagne(int) FROM PUBLIC;

-- Why a campaign's aggregates are out of date, in French, or NULL when they
-- are up to date. The rule (docs/analystes.md, « Péremption »): never
-- aggregated; other parameters; an integrated file (of the campaign, or an
-- adherents file) newer than the last one taken into account; another
-- previous campaign; or the previous campaign recomputed after this one; or
-- data withdrawn or erased since (lecap.campagne_modifiee, migration 014).
CREATE FUNCTION lecap.campagne_perimee(p_campagne int, p_completude_min numeric, p_seuil_secret int)
RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE
    a lecap.agregat_campagne;
    v_prec int;
    v_prec_le timestamptz;
    v_raison text;
BEGIN
    SELECT * INTO a FROM lecap.agregat_campagne WHERE campagne = p_campagne;
    IF NOT FOUND THEN
        RETURN 'jamais agrégée';
    END IF;
    IF a.completude_min <> p_completude_min OR a.seuil_secret <> p_seuil_secret THEN
        RETURN 'paramètres [agregats] changés';
    END IF;
    IF EXISTS (SELECT 1 FROM lecap.fichier f
               WHERE f.statut = 'integre' AND f.id > a.dernier_fichier_id
                 AND (f.campagne = p_campagne OR f.nature = 'adherents')) THEN
        RETURN 'nouveaux fichiers intégrés';
    END IF;
    SELECT m.raison INTO v_raison FROM lecap.campagne_modifiee m
     WHERE m.campagne = p_campagne AND m.le > a.calcule_le;
    IF FOUND THEN
        RETURN v_raison;
    END IF;
    v_prec := lecap.campagne_precedente(p_campagne);
    IF v_prec IS DISTINCT FROM a.campagne_precedente THEN
        RETURN 'campagne précédente changée';
    END IF;
    SELECT calcule_le INTO v_prec_le FROM lecap.agregat_campagne WHERE campagne = v_prec;
    IF v_prec_le > a.calcule_le THEN
        RETURN format('campagne précédente %s recalculée', v_prec);
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION lecap.campagne_perimee(int, numeric, int) IS 'Raison pour laquelle les agrégats d''une campagne sont périmés, NULL s''ils sont à jour';

REVOKE EXECUTE ON FUNCTION lecap.campagne_perimee(int, numeric, int) FROM PUBLIC;
-- Read-only: lecap status and the readers use it.
GRANT EXECUTE ON FUNCTION lecap.campagne_perimee(int, numeric, int) TO lecap_analyste, lecap_delegue;

-- The opening of a plan file's transaction, in one round trip (lecap ingest),
-- like lecap.ouvrir_evaluation: NULL when an export of the same siret and
-- campagne with a later or equal horodatage_export is already applied;
-- otherwise records the file (statut integre), drops the earlier plan with
-- everything under it, and returns {fichier id, plan id}.
CREATE FUNCTION lecap.ouvrir_plan(
    p_nom text, p_sha256 text, p_taille bigint, p_execution bigint,
    p_siret text, p_campagne int, p_horodatage timestamptz, p_version text)
RETURNS bigint[] LANGUAGE plpgsql AS $$
DECLARE
    v_fichier bigint;
    v_plan bigint;
BEGIN
    PERFORM 1 FROM lecap.plan
     WHERE siret = p_siret AND campagne = p_campagne AND horodatage_export >= p_horodatage;
    IF FOUND THEN
        RETURN NULL;
    END IF;
    INSERT INTO lecap.fichier (nom, sha256, taille, nature, siret, campagne, horodatage_export,
                               statut, execution_id)
    VALUES (p_nom, p_sha256, p_taille, 'plan', p_siret, p_campagne, p_horodatage,
            'integre', p_execution)
    RETURNING id INTO v_fichier;
    DELETE FROM lecap.plan WHERE siret = p_siret AND campagne = p_campagne;
    INSERT INTO lecap.plan (siret, campagne, version_referentiel, horodatage_export, fichier_id)
    VALUES (p_siret, p_campagne, p_version, p_horodatage, v_fichier)
    RETURNING id INTO v_plan;
    RETURN ARRAY[v_fichier, v_plan];
END
$$;
COMMENT ON FUNCTION lecap.ouvrir_plan IS 'Ingestion : enregistre un fichier Plan de progrès et remplace le plan (siret, campagne) ; NULL si un export plus récent est déjà intégré';

REVOKE EXECUTE ON FUNCTION lecap.ouvrir_plan(text, text, bigint, bigint, text, int, timestamptz, text) FROM PUBLIC;

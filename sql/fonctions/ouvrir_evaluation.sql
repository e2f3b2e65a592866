-- The opening of a file's transaction, in one round trip (lecap ingest).
-- Both return NULL when an export of the same siret and campagne with a later
-- or equal horodatage_export is already applied (the file is obsolete; on a
-- tie the first applied stays, so that the result does not depend on the
-- order of arrival); otherwise they record the file (statut integre), drop
-- the earlier evaluation or plan with everything under it, and return
-- {fichier id, evaluation or plan id}.
CREATE FUNCTION lecap.ouvrir_evaluation(
    p_nom text, p_sha256 text, p_taille bigint, p_execution bigint,
    p_siret text, p_campagne int, p_horodatage timestamptz, p_version text,
    p_raison_sociale text, p_region text, p_type_structure text, p_date date)
RETURNS bigint[] LANGUAGE plpgsql AS $$
DECLARE
    v_fichier bigint;
    v_evaluation bigint;
BEGIN
    PERFORM 1 FROM lecap.evaluation
     WHERE siret = p_siret AND campagne = p_campagne AND horodatage_export >= p_horodatage;
    IF FOUND THEN
        RETURN NULL;
    END IF;
    INSERT INTO lecap.fichier (nom, sha256, taille, nature, siret, campagne, horodatage_export,
                               statut, execution_id)
    VALUES (p_nom, p_sha256, p_taille, 'reponses', p_siret, p_campagne, p_horodatage,
            'integre', p_execution)
    RETURNING id INTO v_fichier;
    -- The enterprise keeps the description of its latest campaign.
    INSERT INTO lecap.entreprise AS e (siret, raison_sociale, region, type_structure)
    VALUES (p_siret, p_raison_sociale, p_region, p_type_structure)
    ON CONFLICT (siret) DO UPDATE
       SET raison_sociale = excluded.raison_sociale, region = excluded.region,
           type_structure = excluded.type_structure
     WHERE NOT EXISTS (SELECT 1 FROM lecap.evaluation v
                        WHERE v.siret = p_siret AND v.campagne > p_campagne);
    DELETE FROM lecap.reponse WHERE evaluation_id IN
        (SELECT id FROM lecap.evaluation WHERE siret = p_siret AND campagne = p_campagne);
    DELETE FROM lecap.evaluation WHERE siret = p_siret AND campagne = p_campagne;
    INSERT INTO lecap.evaluation (siret, campagne, version_referentiel, raison_sociale, region,
                                  type_structure, date_evaluation, horodatage_export, fichier_id)
    VALUES (p_siret, p_campagne, p_version, p_raison_sociale, p_region, p_type_structure,
            p_date, p_horodatage, v_fichier)
    RETURNING id INTO v_evaluation;
    RETURN ARRAY[v_fichier, v_evaluation];
END
$$;
COMMENT ON FUNCTION lecap.ouvrir_evaluation IS 'Ingestion : enregistre un fichier Réponses et remplace l''évaluation (siret, campagne) ; NULL si un export plus récent est déjà intégré';

REVOKE EXECUTE ON FUNCTION lecap.ouvrir_evaluation(text, text, bigint, bigint, text, int, timestamptz, text, text, text, text, date) FROM PUBLIC;

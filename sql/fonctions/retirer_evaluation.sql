-- Withdraws the evaluation and the plan of (siret, campagne) in the caller's
-- transaction: deletes them with everything under them, marks every applied
-- file of that key withdrawn, records the withdrawal, marks the campaign
-- stale, re-derives lecap.entreprise from the latest evaluation left (or
-- removes it). Returns one row; retrait_id NULL when there was nothing to
-- withdraw. region: the withdrawn evaluation's (its report's directory).
CREATE FUNCTION lecap.retirer_evaluation(p_siret text, p_campagne int, p_motif text, p_par text,
                                         p_execution bigint)
RETURNS TABLE (retrait_id bigint, evaluations int, repondants int, reponses bigint, plans int,
               actions int, fichiers int, region text)
LANGUAGE plpgsql AS $$
DECLARE
    v_eval bigint;
    v_plan bigint;
    v_retrait bigint;
BEGIN
    evaluations := 0; repondants := 0; reponses := 0; plans := 0; actions := 0; fichiers := 0;
    SELECT e.id, e.region INTO v_eval, region FROM lecap.evaluation e
     WHERE e.siret = p_siret AND e.campagne = p_campagne FOR UPDATE;
    IF v_eval IS NOT NULL THEN
        evaluations := 1;
        SELECT count(*) INTO repondants FROM lecap.repondant r WHERE r.evaluation_id = v_eval;
        -- Answer cells: the characters of the notes other than '.' (sql/030).
        SELECT coalesce(sum(length(replace(p.notes, '.', ''))), 0) INTO reponses
          FROM lecap.reponse p WHERE p.evaluation_id = v_eval;
    END IF;
    SELECT p.id INTO v_plan FROM lecap.plan p WHERE p.siret = p_siret AND p.campagne = p_campagne FOR UPDATE;
    IF v_plan IS NOT NULL THEN
        plans := 1;
        SELECT count(*) INTO actions FROM lecap.plan_action a WHERE a.plan_id = v_plan;
    END IF;
    SELECT count(*) INTO fichiers FROM lecap.fichier f
     WHERE f.siret = p_siret AND f.campagne = p_campagne AND f.nature IN ('reponses', 'plan')
       AND f.statut IN ('integre', 'obsolete') AND f.retrait_id IS NULL;
    IF v_eval IS NULL AND v_plan IS NULL AND fichiers = 0 THEN
        RETURN NEXT;
        RETURN;
    END IF;

    INSERT INTO lecap.retrait (siret, campagne, motif, par, execution_id, evaluations, repondants,
                               reponses, plans, actions, fichiers)
    VALUES (p_siret, p_campagne, coalesce(p_motif, ''), p_par || ' (rôle ' || session_user || ')',
            p_execution, evaluations, repondants, reponses, plans, actions, fichiers)
    RETURNING id INTO v_retrait;
    retrait_id := v_retrait;
    -- lecap.reponse has no declared foreign key to its evaluation (sql/030): deleted first.
    DELETE FROM lecap.reponse p WHERE p.evaluation_id = v_eval;
    DELETE FROM lecap.evaluation e WHERE e.id = v_eval;
    DELETE FROM lecap.plan p WHERE p.id = v_plan;
    UPDATE lecap.fichier f SET retrait_id = v_retrait
     WHERE f.siret = p_siret AND f.campagne = p_campagne AND f.nature IN ('reponses', 'plan')
       AND f.statut IN ('integre', 'obsolete') AND f.retrait_id IS NULL;
    -- The enterprise keeps the description of its latest campaign left.
    IF EXISTS (SELECT 1 FROM lecap.evaluation e WHERE e.siret = p_siret) THEN
        UPDATE lecap.entreprise t
           SET raison_sociale = l.raison_sociale, region = l.region, type_structure = l.type_structure
          FROM (SELECT e.raison_sociale, e.region, e.type_structure FROM lecap.evaluation e
                 WHERE e.siret = p_siret ORDER BY e.campagne DESC LIMIT 1) l
         WHERE t.siret = p_siret;
    ELSE
        DELETE FROM lecap.entreprise t WHERE t.siret = p_siret;
    END IF;
    INSERT INTO lecap.campagne_modifiee AS m (campagne, le, raison)
    VALUES (p_campagne, now(), 'évaluation retirée')
    ON CONFLICT (campagne) DO UPDATE SET le = excluded.le, raison = excluded.raison;
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION lecap.retirer_evaluation IS 'lecap retirer : retire l''évaluation et le plan (siret, campagne), marque leurs fichiers retirés et la campagne à recalculer';

REVOKE EXECUTE ON FUNCTION lecap.retirer_evaluation(text, int, text, text, bigint) FROM PUBLIC;

-- The rows that lecap aggregate writes itself for an evaluation, from its
-- answers (src/aggregate/cellules.c): its rows of lecap.score_college,
-- lecap.divergence_colleges, lecap.divergence and
-- lecap.consensus_evaluation, deleted for the evaluations p_evaluations of
-- the campaign p_campagne, through each table's (campagne, evaluation_id)
-- index. Called, in the campaign's transaction, by lecap aggregate before
-- it writes an evaluation's rows again over stored ones that differ
-- (cellules.c), by agreger_preparer for the rows stored otherwise than
-- they were written, and by agreger for an evaluation left without rows
-- (migration 056).
CREATE FUNCTION lecap.lignes_propres_effacer(p_campagne int, p_evaluations bigint[]) RETURNS void
LANGUAGE sql AS $$
    DELETE FROM lecap.score_college WHERE campagne = p_campagne AND evaluation_id = ANY (p_evaluations);
    DELETE FROM lecap.divergence_colleges WHERE campagne = p_campagne AND evaluation_id = ANY (p_evaluations);
    DELETE FROM lecap.divergence WHERE campagne = p_campagne AND evaluation_id = ANY (p_evaluations);
    DELETE FROM lecap.consensus_evaluation WHERE campagne = p_campagne AND evaluation_id = ANY (p_evaluations);
$$;
COMMENT ON FUNCTION lecap.lignes_propres_effacer(int, bigint[]) IS 'Supprime les lignes que lecap aggregate écrit lui-même pour des évaluations (scores des collèges, divergences, consensus), avant de les réécrire';

REVOKE EXECUTE ON FUNCTION lecap.lignes_propres_effacer(int, bigint[]) FROM PUBLIC;

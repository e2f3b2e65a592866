-- 044 — Every evaluation with rows has its digest (issue 20, nights).
-- lecap.agreger finds the evaluations whose rows go (gone, or replaced by a
-- corrected export) in lecap.empreinte_evaluation and lecap.resultat_evaluation
-- instead of reading the campaign's rows of lecap.score, lecap.score_college,
-- lecap.divergence, lecap.consensus_evaluation and lecap.divergence_colleges
-- (sql/fonctions/agreger.sql). Since migration 042 it writes a digest with
-- every evaluation's rows and deletes it with them; migration 042 wrote one
-- for every evaluation that had its lecap.resultat_evaluation row. The rows
-- of a member erased (lecap purger --siret) after the last aggregation and
-- before 042 had neither: they get a digest here (no line counted, a sum of
-- zero: nothing reads it), so that the next aggregation of their campaign
-- deletes them as before.

INSERT INTO lecap.empreinte_evaluation (campagne, evaluation_id, lignes, somme)
SELECT x.campagne, x.evaluation_id, 0, 0
  FROM (SELECT campagne, evaluation_id FROM lecap.score
        UNION SELECT campagne, evaluation_id FROM lecap.score_college
        UNION SELECT campagne, evaluation_id FROM lecap.divergence
        UNION SELECT campagne, evaluation_id FROM lecap.consensus_evaluation
        UNION SELECT campagne, evaluation_id FROM lecap.divergence_colleges) x
 WHERE NOT EXISTS (SELECT 1 FROM lecap.empreinte_evaluation p
                    WHERE p.campagne = x.campagne AND p.evaluation_id = x.evaluation_id);

COMMENT ON TABLE lecap.empreinte_evaluation IS 'Empreinte des résultats propres de chaque évaluation agrégée (ses lignes de lecap.score, lecap.score_college et lecap.divergence), écrite par lecap.agreger avec ses lignes et effacée avec elles ; lue par lecap.photographie_entrees, et par lecap.agreger pour trouver les évaluations dont les lignes partent';

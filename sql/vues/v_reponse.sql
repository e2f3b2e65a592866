-- One row per answer cell, exactly the columns and rows of lecap.reponse
-- before it held one row per respondent (sql/030_reponse_par_repondant.sql):
-- a cell without an answer has no row, NC is a NULL note. Position k of the
-- notes is the k-th indicator of the grid version in rang order.
CREATE VIEW lecap.v_reponse WITH (security_invoker = true) AS
SELECT p.evaluation_id, p.repondant, g.code AS indicateur,
       CASE WHEN c.n = 'N' THEN NULL ELSE c.n::smallint END AS note
  FROM lecap.reponse p
  CROSS JOIN LATERAL unnest(string_to_array(p.notes, NULL)) WITH ORDINALITY AS c(n, pos)
  JOIN (SELECT e.version, e.code, row_number() OVER (PARTITION BY e.version ORDER BY e.rang) AS pos
          FROM lecap.element e WHERE e.niveau = 'indicateur') g
    ON g.version = p.version_referentiel AND g.pos = c.pos
 WHERE c.n <> '.';
COMMENT ON VIEW lecap.v_reponse IS 'Une cellule de réponse : la note d''un répondant pour un indicateur (absente : sans réponse), dépliée de lecap.reponse (une ligne par répondant)';
COMMENT ON COLUMN lecap.v_reponse.evaluation_id IS 'Évaluation';
COMMENT ON COLUMN lecap.v_reponse.repondant IS 'Numéro du répondant dans l''évaluation';
COMMENT ON COLUMN lecap.v_reponse.indicateur IS 'Code de l''indicateur (ex. 1.1.1.a)';
COMMENT ON COLUMN lecap.v_reponse.note IS 'Note de 1 à 4 ; NULL : non concerné (NC)';

GRANT SELECT ON lecap.v_reponse TO lecap_analyste, lecap_delegue;

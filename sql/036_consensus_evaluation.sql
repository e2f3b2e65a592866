-- 036 — The consensus against individual views, kept per evaluation (issue
-- 19, render cost). lecap.v_consensus_entreprise computed it from the raw
-- answers at every read: the national report's section read every
-- evaluation's answers of the campaign (≈ 0.3 s of server at 800 members,
-- 1.4 s at 2 000), each photographie batch its members' (≈ 36 ms per 64).
-- lecap.agreger now computes it in its one pass over the answers, with the
-- other per-evaluation results (kept until the evaluation changes, issue 20
-- item 2), and the view reads this table: same columns, same rows.
--
-- Per evaluation that carries a consensus row and sub-theme, on the
-- indicators that have both a consensus note and at least one individual
-- note (NC and blanks excluded).

CREATE TABLE lecap.consensus_evaluation (
    campagne             int     NOT NULL,
    evaluation_id        bigint  NOT NULL,
    region               text COLLATE "C" NOT NULL,
    sous_theme           text COLLATE "C" NOT NULL,
    n_indicateurs        int     NOT NULL CHECK (n_indicateurs > 0),
    consensus            numeric NOT NULL CHECK (consensus BETWEEN 1 AND 4),
    moyenne_individuelle numeric NOT NULL CHECK (moyenne_individuelle BETWEEN 1 AND 4)
);
-- No unique key, as lecap.divergence: re-inserting a campaign's rows over
-- its deleted ones would make every insert check the dead duplicates.
CREATE INDEX consensus_evaluation_evaluation ON lecap.consensus_evaluation (campagne, evaluation_id);
COMMENT ON TABLE lecap.consensus_evaluation IS 'Consensus et notes individuelles d''une évaluation par sous-thème, calculés par l''agrégation (lus par lecap.v_consensus_entreprise)';
COMMENT ON COLUMN lecap.consensus_evaluation.campagne IS 'Année de campagne';
COMMENT ON COLUMN lecap.consensus_evaluation.evaluation_id IS 'Évaluation (lecap.resultat_evaluation)';
COMMENT ON COLUMN lecap.consensus_evaluation.region IS 'Code INSEE de la région de l''évaluation';
COMMENT ON COLUMN lecap.consensus_evaluation.sous_theme IS 'Code du sous-thème';
COMMENT ON COLUMN lecap.consensus_evaluation.n_indicateurs IS 'Indicateurs du sous-thème qui ont une note de consensus et au moins une note individuelle';
COMMENT ON COLUMN lecap.consensus_evaluation.consensus IS 'Moyenne des notes de consensus sur ces indicateurs';
COMMENT ON COLUMN lecap.consensus_evaluation.moyenne_individuelle IS 'Moyenne de toutes les notes individuelles (tous collèges, hors consensus) sur ces indicateurs';

-- Readers as the other per-evaluation results (sql/005, sql/021): analysts
-- everything, delegates their regions' rows.
GRANT SELECT ON lecap.consensus_evaluation TO lecap_analyste, lecap_delegue;
ALTER TABLE lecap.consensus_evaluation ENABLE ROW LEVEL SECURITY;
CREATE POLICY analyste ON lecap.consensus_evaluation FOR SELECT TO lecap_analyste USING (true);
CREATE POLICY delegue ON lecap.consensus_evaluation FOR SELECT TO lecap_delegue
    USING (region IN (SELECT d.region FROM lecap.delegue_region d WHERE d.login = current_user));

-- The evaluations already aggregated: computed here once, from their
-- answers (as the view did until now), so that the view says the same
-- thing right after the upgrade; lecap.agreger keeps them, as it keeps
-- their scores, until the evaluation changes.
INSERT INTO lecap.consensus_evaluation
WITH grille AS (
    SELECT i.version, array_agg(o.parent ORDER BY i.rang) AS sous_themes
      FROM lecap.element i
      JOIN lecap.element o ON o.version = i.version AND o.code = i.parent
     WHERE i.niveau = 'indicateur'
     GROUP BY i.version
), cellule AS (
    SELECT r.campagne, r.evaluation_id, r.region, g.sous_themes[c.pos] AS sous_theme, c.pos,
           max(c.n::int) FILTER (WHERE rp.college = 'consensus') AS note_consensus,
           sum(c.n::int) FILTER (WHERE rp.college <> 'consensus') AS somme_individuelle,
           count(*) FILTER (WHERE rp.college <> 'consensus') AS n_individuelles
      FROM lecap.resultat_evaluation r
      JOIN lecap.reponse p ON p.evaluation_id = r.evaluation_id
      JOIN grille g ON g.version = p.version_referentiel
      JOIN lecap.repondant rp ON rp.evaluation_id = p.evaluation_id AND rp.numero = p.repondant
      CROSS JOIN LATERAL unnest(string_to_array(p.notes, NULL)) WITH ORDINALITY AS c(n, pos)
     WHERE r.consensus AND c.n IN ('1', '2', '3', '4')
     GROUP BY r.campagne, r.evaluation_id, r.region, g.sous_themes[c.pos], c.pos
)
SELECT campagne, evaluation_id, region, sous_theme, count(*)::int, avg(note_consensus),
       sum(somme_individuelle)::numeric / sum(n_individuelles)
  FROM cellule
 WHERE note_consensus IS NOT NULL AND n_individuelles > 0
 GROUP BY campagne, evaluation_id, region, sous_theme;

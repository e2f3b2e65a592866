-- 056 — A recomputation from scratch (lecap aggregate --all, --campagne)
-- rewrites an evaluation's own rows only when they change (issue 20, one
-- campaign). lecap computes every evaluation again from its answers; its
-- rows of lecap.score, lecap.score_college, lecap.divergence,
-- lecap.divergence_colleges and lecap.consensus_evaluation are kept in
-- place when
--   - the rows computed are the rows stored: the digests of their text are
--     equal (somme over the first three tables, as before; somme_autres,
--     new, over the last two), with their counts;
--   - the rows stored are the rows written with their digest: as many, and
--     none written since by another transaction (their xmin is the
--     transaction that wrote them, kept here). A row changed, deleted or
--     added by hand is seen, and its evaluation's rows written again.
--     (VACUUM FREEZE and VACUUM FULL keep xmin; a base restored from a
--     dump has others: everything is written again once.)
-- Otherwise they are deleted and written again, as before. (At 10,000
-- members, one campaign recomputed wrote 1.5 million rows again, the same
-- ones: about 3 s of its 8.8; docs/performance.md.)
--
-- The digests written before this migration have no somme_autres and no
-- transaction: their evaluations' rows are written again once, by the next
-- recomputation from scratch, with the same figures (somme, which
-- lecap.photographie_entrees reads, keeps its meaning: no photographie is
-- rendered again for it).

ALTER TABLE lecap.empreinte_evaluation
    ADD COLUMN lignes_autres int CHECK (lignes_autres >= 0),
    ADD COLUMN somme_autres numeric,
    ADD COLUMN transaction_lignes xid;
COMMENT ON COLUMN lecap.empreinte_evaluation.lignes_autres IS 'Nombre de ses lignes de divergence entre collèges et de consensus (NULL : écrite avant la migration 056)';
COMMENT ON COLUMN lecap.empreinte_evaluation.somme_autres IS 'Empreinte de ces lignes, comme somme : les 64 premiers bits (nombre signé) du SHA-256 de leur texte, avec la région de l''évaluation (0 sans ligne)';
COMMENT ON COLUMN lecap.empreinte_evaluation.transaction_lignes IS 'Transaction qui a écrit les lignes de l''évaluation dans les cinq tables (leur xmin) : un recalcul depuis zéro les garde tant qu''aucune autre ne les a touchées et que le calcul redonne les mêmes';
COMMENT ON TABLE lecap.empreinte_evaluation IS 'Empreinte des résultats propres de chaque évaluation agrégée (ses lignes de lecap.score, lecap.score_college et lecap.divergence ; à part, celles de lecap.divergence_colleges et lecap.consensus_evaluation), calculée par lecap quand il les écrit, écrite par lecap.agreger ; lue par lecap.photographie_entrees, et par un recalcul depuis zéro, qui garde en place les lignes qui ne changent pas';

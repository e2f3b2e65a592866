-- 053 — An evaluation's digest (lecap.empreinte_evaluation, migration 042)
-- is computed by lecap as it writes the evaluation's rows
-- (src/aggregate/cellules.c): the SHA-256 of the text of its rows of
-- lecap.score, lecap.score_college and lecap.divergence, its first 64 bits
-- kept as a signed number. lecap.agreger hashed the same rows in SQL after
-- writing them (hash_record_extended): 0.62 s a campaign at 10,000 members.
-- Only the comments change. A digest written before keeps its value until
-- its evaluation is computed again (lecap aggregate --all or --campagne):
-- its member's photographie is then rendered once more, with the same
-- figures (photographie_entrees.sql sees another digest).

COMMENT ON TABLE lecap.empreinte_evaluation IS 'Empreinte des résultats propres de chaque évaluation agrégée (ses lignes de lecap.score, lecap.score_college et lecap.divergence), calculée par lecap quand il les écrit, écrite par lecap.agreger ; lue par lecap.photographie_entrees';
COMMENT ON COLUMN lecap.empreinte_evaluation.somme IS 'Empreinte de ces lignes : les 64 premiers bits (nombre signé) du SHA-256 de leur texte, avec la région de l''évaluation (0 sans ligne ; hash_record_extended sommé avant la migration 053)';

-- 025 — lecap ingest has one writer (src/ingest/ingest_batch.c): it records
-- every file in lecap.fichier and replaces an earlier evaluation or plan
-- itself, for small and big files alike. The functions that did it for big
-- files and registries go: a base from before lecap.objet_sql (sql/fonctions)
-- still has them, unrecorded.
DROP FUNCTION IF EXISTS lecap.ouvrir_evaluation(text, text, bigint, bigint, text, int, timestamptz, text,
                                                text, text, text, date);
DROP FUNCTION IF EXISTS lecap.ouvrir_plan(text, text, bigint, bigint, text, int, timestamptz, text);

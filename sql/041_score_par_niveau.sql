-- 041 — lecap.score's index gains the level (niveau): (campagne,
-- evaluation_id, niveau). An evaluation has about a hundred score rows (4
-- themes, 11 sub-themes, 25 objectives, 61 indicators); most readers want
-- one or three levels of it — the photographie's scores, trend and plan
-- follow-up (src/report/), the effect of plans (lecap.effet_plan_calculer).
-- With the level in the index they read only those rows, where before they
-- fetched every row of the evaluation and dropped the others: 2,000
-- members, the photographies of one campaign, server CPU 2.00 -> 1.82 s
-- (five alternated runs each, docs/performance.md). Every query that used
-- the old index uses this one (same first columns).

DROP INDEX lecap.score_evaluation;
CREATE INDEX score_evaluation ON lecap.score (campagne, evaluation_id, niveau);

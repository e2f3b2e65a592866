# lecap aggregate: only the campaigns that changed, a later export replacing
# an earlier one, one transaction per campaign, options and exit codes.
. tests/lib.sh

export LECAP_AGREGATS_SEUIL_SECRET=4
run_lecap init
psql -X -q -v ON_ERROR_STOP=1 -f tests/agregats/fixture.sql >/dev/null 2>"$TMPD/fx" || cat "$TMPD/fx"
psql -X -q -v ON_ERROR_STOP=1 -f tests/agregats/reseau.sql >/dev/null 2>"$TMPD/fx" || cat "$TMPD/fx"

run_lecap aggregate --help
assert_rc "--help : code 0" 0
assert_contains "--help : l'usage de l'issue" "usage : lecap aggregate [--campagne ANNÉE | --all]" "$OUT"

run_lecap aggregate
assert_rc "premier calcul : code 0" 0
assert_contains "premier calcul : trois campagnes" "agrégats à jour : 3 campagne(s) recalculée(s) : 2023, 2024, 2025" "$ERR"
before=$(sql "SELECT string_agg(campagne || '@' || calcule_le, ',' ORDER BY campagne) FROM lecap.agregat_campagne")

run_lecap aggregate
assert_rc "second calcul : code 0" 0
assert_eq "second calcul : rien à faire" "lecap: info: agrégats à jour : aucune campagne à recalculer" "$ERR"
assert_eq "second calcul : rien de réécrit" "$before" \
	"$(sql "SELECT string_agg(campagne || '@' || calcule_le, ',' ORDER BY campagne) FROM lecap.agregat_campagne")"

# A later export of C (2025) replaces the earlier one: all 1 instead of all 4.
# Region 84 theme 1 becomes E1 31/12, E2 2, E3 1, E5 3: mean 103/48.
sql "SELECT fx.rep(fx.eval('00000000000003', 2025, '84', 'EI'), 1, 'benevole', '11111111')" >/dev/null
run_lecap aggregate
assert_rc "après remplacement : code 0" 0
assert_contains "seule 2025 est recalculée" "lecap: info: campagne 2025 recalculée (nouveaux fichiers intégrés) : 6 évaluation(s), 5 complète(s)," "$ERR"
assert_contains "seule 2025 est recalculée (résumé)" "agrégats à jour : 1 campagne(s) recalculée(s) : 2025" "$ERR"
assert_eq "le nouvel export remplace l'ancien" "4|2.145833|1.000000" "$(sql "SELECT n_entreprises || '|' || round(moyenne, 6) || '|' || round(minimum, 6)
  FROM lecap.v_agregat WHERE campagne = 2025 AND region = '84' AND code = '1'")"
assert_eq "une seule ligne par entreprise" "1|1.000000" "$(sql "SELECT count(*) || '|' || round(min(score), 6) FROM lecap.v_score_entreprise
  WHERE campagne = 2025 AND siret = '00000000000003' AND code = '1'")"

# A new file for 2024: 2024 and the next campaign (its evolution) only.
sql "SELECT fx.rep(fx.eval('00000000000010', 2024, '53', 'AI'), 1, 'direction', '44444444')" >/dev/null
run_lecap aggregate
assert_contains "2024 : nouveau fichier" "lecap: info: campagne 2024 recalculée (nouveaux fichiers intégrés)" "$ERR"
assert_contains "2025 : sa précédente a été recalculée" "lecap: info: campagne 2025 recalculée (campagne précédente 2024 recalculée)" "$ERR"
assert_not_contains "2023 intacte" "campagne 2023" "$ERR"
# FR 2025 theme 1 = (31/12 + 2 + 1 + 3 + 3) / 5 = 139/60; FR 2024 = (2 + 3 + 4) / 3.
assert_eq "évolution FR suit la nouvelle 2024" "-0.683333" "$(sql "SELECT round(evolution, 6) FROM lecap.v_agregat
  WHERE campagne = 2025 AND region = 'FR' AND code = '1'")"

# An earlier campaign appears: every later evolution changes.
sql "SELECT fx.rep(fx.eval('00000000000009', 2022, '84', 'AI'), 1, 'direction', '22222222')" >/dev/null
run_lecap aggregate
assert_contains "2022 nouvelle" "campagne 2022 recalculée (jamais agrégée)" "$ERR"
assert_contains "2023 : précédente changée" "campagne 2023 recalculée (campagne précédente changée)" "$ERR"
assert_contains "2025 en cascade" "agrégats à jour : 4 campagne(s) recalculée(s) : 2022, 2023, 2024, 2025" "$ERR"
assert_eq "évolution 2023 contre 2022" "1.000000" "$(sql "SELECT round(evolution, 6) FROM lecap.v_agregat
  WHERE campagne = 2023 AND region = '84' AND code = '1'")"

# A new member registry changes every campaign's participation.
sql "SELECT fx.fichier('adherents', NULL, NULL)" >/dev/null
run_lecap aggregate
assert_contains "fichier adhérents : toutes les campagnes" "agrégats à jour : 4 campagne(s) recalculée(s) : 2022, 2023, 2024, 2025" "$ERR"

run_lecap aggregate --all
assert_contains "--all : tout" "lecap: info: campagne 2022 recalculée (--all demandé)" "$ERR"
assert_contains "--all : quatre campagnes" "4 campagne(s) recalculée(s)" "$ERR"

run_lecap aggregate --campagne 2024
assert_rc "--campagne 2024 : code 0" 0
assert_contains "--campagne : celle-ci" "lecap: info: campagne 2024 recalculée (--campagne demandé)" "$ERR"
assert_contains "--campagne : puis la suivante" "lecap: info: campagne 2025 recalculée (campagne précédente 2024 recalculée)" "$ERR"
assert_not_contains "--campagne : pas les précédentes" "campagne 2023" "$ERR"

run_lecap aggregate --campagne=2031
assert_rc "campagne inconnue : code 2" 2
assert_eq "campagne inconnue : message" "lecap: erreur: campagne 2031 inconnue : aucune évaluation ni plan de progrès
lecap: astuce: campagnes présentes dans la base : 2022, 2023, 2024, 2025" "$ERR"
run_lecap aggregate --campagne 20x5
assert_rc "année invalide : code 2" 2
assert_contains "année invalide : message" "lecap: erreur: --campagne attend une année entre 2000 et 2100 : « 20x5 »" "$ERR"
run_lecap aggregate --campagne
assert_rc "--campagne sans valeur : code 2" 2
run_lecap aggregate --all --campagne 2024
assert_rc "--all et --campagne : code 2" 2
assert_contains "--all et --campagne : message" "lecap: erreur: --campagne et --all s'excluent" "$ERR"
run_lecap aggregate --vite
assert_rc "option inconnue : code 2" 2
assert_contains "option inconnue : message" "lecap: erreur: option inconnue pour aggregate : « --vite »" "$ERR"

# A failure inside a campaign: its transaction is rolled back (the readers
# keep the previous results), those already done stay, exit 3. (A
# recomputation writes its evaluations' rows, its aggregates and its
# distribution of the scores only where they change, migration 056, but
# always its row of lecap.agregat_campagne, last: the failure is set there.)
before=$(sql "SELECT string_agg(code || '=' || moyenne, ',' ORDER BY code) FROM lecap.v_agregat WHERE campagne = 2025 AND region = '84'")
sql "ALTER TABLE lecap.agregat_campagne ADD CONSTRAINT t_echec CHECK (campagne <> 2025) NOT VALID" >/dev/null
run_lecap aggregate --all
assert_rc "erreur de la base pendant 2025 : code 3" 3
assert_contains "erreur : ce qui était tenté" "lecap: erreur: base de données, calcul des agrégats de la campagne 2025 : new row for relation \"agregat_campagne\" violates check constraint \"t_echec\"" "$ERR"
assert_contains "erreur : astuce" "lecap: astuce: les agrégats de la campagne 2025 sont restés dans leur état précédent" "$ERR"
assert_contains "2024 validée avant l'erreur" "lecap: info: campagne 2024 recalculée (--all demandé)" "$ERR"
assert_eq "2025 : rien d'écrit à moitié" "$before" \
	"$(sql "SELECT string_agg(code || '=' || moyenne, ',' ORDER BY code) FROM lecap.v_agregat WHERE campagne = 2025 AND region = '84'")"
sql "ALTER TABLE lecap.agregat_campagne DROP CONSTRAINT t_echec" >/dev/null
run_lecap aggregate
assert_contains "la nuit suivante reprend 2025" "agrégats à jour : 1 campagne(s) recalculée(s) : 2025" "$ERR"

# A base whose functions lecap init has not updated since this lecap was
# installed: a lecap.agreger_preparer from before the recomputations from
# scratch marked as such (t_depuis_zero, src/aggregate/aggregate.c) keeps
# the evaluations that have their results, and the campaign would be
# recomputed by increments, silently. Emulated by a preparation that drops
# the mark first: refused, code 3, nothing written.
xmin_avant=$(sql "SELECT string_agg(xmin::text, ',' ORDER BY evaluation_id) FROM lecap.resultat_evaluation WHERE campagne = 2024")
sql "ALTER FUNCTION lecap.agreger_preparer(int) RENAME TO agreger_preparer_t41;
     CREATE FUNCTION lecap.agreger_preparer(p int) RETURNS void LANGUAGE plpgsql AS
     \$\$ BEGIN DROP TABLE IF EXISTS pg_temp.t_depuis_zero; PERFORM lecap.agreger_preparer_t41(p); END \$\$" >/dev/null
run_lecap aggregate --campagne 2024
assert_rc "fonctions d'un autre lecap : code 3" 3
assert_contains "fonctions d'un autre lecap : dit" "lecap: erreur: campagne 2024 : le recalcul depuis zéro n'a pas été préparé" "$ERR"
assert_contains "fonctions d'un autre lecap : astuce" "lecap: astuce: lancez lecap init, qui les met à jour, puis relancez lecap aggregate" "$ERR"
assert_eq "fonctions d'un autre lecap : rien d'écrit" "$xmin_avant" \
	"$(sql "SELECT string_agg(xmin::text, ',' ORDER BY evaluation_id) FROM lecap.resultat_evaluation WHERE campagne = 2024")"
sql "DROP FUNCTION lecap.agreger_preparer(int);
     ALTER FUNCTION lecap.agreger_preparer_t41(int) RENAME TO agreger_preparer" >/dev/null

# A campaign whose evaluations all disappear: its results are emptied.
sql "DELETE FROM lecap.plan WHERE campagne = 2022; DELETE FROM lecap.evaluation WHERE campagne = 2022" >/dev/null
run_lecap aggregate --campagne 2022
assert_eq "campagne vidée : plus d'agrégats" "0|0" "$(sql "SELECT (SELECT count(*) FROM lecap.v_agregat WHERE campagne = 2022)
  || '|' || n_evaluations FROM lecap.agregat_campagne WHERE campagne = 2022")"

# The run journal and the run lock.
assert_eq "journal : une ligne par lecap aggregate, avec ses campagnes" "aggregate|{2022,2023,2024,2025}|0" \
	"$(sql "SELECT commande || '|' || campagnes_agregees::text || '|' || code_sortie FROM lecap.execution
	  WHERE commande = 'aggregate' ORDER BY id DESC LIMIT 1")"
assert_eq "journal : les échecs sont notés (campagne inconnue, erreur de la base, fonctions d'un autre lecap)" "2
3
3" "$(sql "SELECT code_sortie FROM lecap.execution WHERE commande = 'aggregate' AND code_sortie <> 0 ORDER BY id")"
hold_run_lock 5
run_lecap aggregate --all
assert_rc "verrou tenu par une autre exécution : code 4" 4
wait "$holder"

run_lecap -d "host=$TMPD/absent connect_timeout=2" aggregate
assert_rc "base injoignable : code 3" 3

# The result tables' statistics (src/aggregate/aggregate.c, analyze_results):
# analysed after a run that scored again at least a tenth of the evaluations
# of the campaigns it recomputed, kept below. A new campaign of 12: all new.
analyses() { sql "SELECT analyze_count FROM pg_stat_user_tables WHERE relid = 'lecap.score'::regclass"; }
sql "SELECT fx.rep(fx.eval(lpad(i::text, 14, '7'), 2026, '84', 'AI'), 1, 'direction', '33333333')
       FROM generate_series(1, 12) i" >/dev/null
n0=$(analyses)
run_lecap -v aggregate
assert_contains "12 évaluations nouvelles sur 12 : scores calculés" "campagne 2026 recalculée (jamais agrégée) : 12 évaluation(s)" "$ERR"
assert_eq "12 sur 12 : tables de résultats analysées" "$((n0 + 1))" "$(analyses)"
# One corrected export of 12 (under a tenth): statistics kept, and said.
sql "SELECT fx.rep(fx.eval(lpad('1', 14, '7'), 2026, '84', 'AI'), 1, 'direction', '22222222')" >/dev/null
run_lecap -v aggregate
assert_contains "1 sur 12 : une évaluation recalculée" "campagne 2026 recalculée (nouveaux fichiers intégrés) : 12 évaluation(s), 12 complète(s)" "$ERR"
assert_contains "1 sur 12 : statistiques gardées, dit en débogage" "lecap: debug: statistiques des tables de résultats gardées : 1 évaluation(s) aux résultats réécrits sur 12" "$ERR"
assert_eq "1 sur 12 : pas d'ANALYZE" "$((n0 + 1))" "$(analyses)"
# Two of 12 (a sixth): analysed again.
sql "SELECT fx.rep(fx.eval(lpad(i::text, 14, '7'), 2026, '84', 'AI'), 1, 'direction', '44444444')
       FROM generate_series(2, 3) i" >/dev/null
run_lecap -v aggregate
assert_not_contains "2 sur 12 : pas de « gardées »" "statistiques des tables de résultats gardées" "$ERR"
assert_eq "2 sur 12 : tables analysées" "$((n0 + 2))" "$(analyses)"

# --campagne recomputes every score and writes only the rows that differ
# (lecap.agreger): stored rows altered by hand — in lecap.score a value
# changed, the same value at another scale, a row deleted, a row of no
# evaluation added; in the distribution of the scores a count changed and a
# stray row added — are put back as a recomputation from scratch writes
# them, and the other scores are not rewritten (same place in the table):
# an evaluation's rows are written again when one of them was altered
# (they are then not the rows written with its digest, migration 056),
# the other evaluations' stay in place.
sql "CREATE TABLE public.t41_score AS SELECT ctid::text AS place, * FROM lecap.score WHERE campagne = 2025" >/dev/null
sql "CREATE TABLE public.t41_rep AS SELECT * FROM lecap.repartition_score WHERE campagne = 2025" >/dev/null
sql "UPDATE lecap.repartition_score SET n = n + 1 WHERE ctid = (SELECT min(ctid) FROM lecap.repartition_score
       WHERE campagne = 2025);
     INSERT INTO lecap.repartition_score VALUES (2025, 'AI', 'theme', '1', 1.5, 1, 7, NULL, NULL)" >/dev/null
assert_eq "répartition retouchée à la main : 1 ligne différente, 1 en trop" "1|1" \
	"$(sql "SELECT (SELECT count(*) FROM (SELECT * FROM public.t41_rep EXCEPT ALL
	                SELECT * FROM lecap.repartition_score WHERE campagne = 2025) a)
	        || '|' || (SELECT count(*) FROM lecap.repartition_score WHERE campagne = 2025 AND score = 1.5
	                AND type_structure = 'AI' AND niveau = 'theme' AND code = '1' AND n = 7)")"
sql "CREATE TABLE public.t41_altere (evaluation_id bigint);
     WITH u AS (UPDATE lecap.score SET score = score + 1 WHERE ctid = (SELECT min(ctid) FROM lecap.score
       WHERE campagne = 2025 AND niveau = 'theme' AND score < 3) RETURNING evaluation_id)
     INSERT INTO public.t41_altere SELECT evaluation_id FROM u;
     WITH u AS (UPDATE lecap.score SET score = score::numeric(30, 20) WHERE ctid = (SELECT min(ctid) FROM lecap.score
       WHERE campagne = 2025 AND niveau = 'indicateur' AND score IS NOT NULL) RETURNING evaluation_id)
     INSERT INTO public.t41_altere SELECT evaluation_id FROM u;
     WITH u AS (DELETE FROM lecap.score WHERE ctid = (SELECT max(ctid) FROM lecap.score WHERE campagne = 2025
       AND niveau = 'sous_theme') RETURNING evaluation_id)
     INSERT INTO public.t41_altere SELECT evaluation_id FROM u;
     INSERT INTO lecap.score VALUES (2025, 999999, '84', 'theme', '1', 2, NULL, 2, 1)" >/dev/null
assert_eq "scores altérés à la main : 3 lignes différentes, 1 en trop" "3|1" \
	"$(sql "SELECT (SELECT count(*) FROM (SELECT campagne, evaluation_id, region, niveau, code, score::text, atteint,
	                n_objectifs, n_atteints FROM public.t41_score EXCEPT ALL SELECT campagne, evaluation_id, region,
	                niveau, code, score::text, atteint, n_objectifs, n_atteints FROM lecap.score WHERE campagne = 2025) a)
	        || '|' || (SELECT count(*) FROM lecap.score WHERE campagne = 2025 AND evaluation_id = 999999)")"
run_lecap aggregate --campagne 2025
assert_rc "aggregate --campagne 2025 après les retouches : code 0" 0
assert_eq "les scores de 2025 sont ceux d'un recalcul complet, au même texte" "0|0" \
	"$(sql "SELECT (SELECT count(*) FROM (SELECT campagne, evaluation_id, region, niveau, code, score::text, atteint,
	                n_objectifs, n_atteints FROM public.t41_score EXCEPT ALL SELECT campagne, evaluation_id, region,
	                niveau, code, score::text, atteint, n_objectifs, n_atteints FROM lecap.score WHERE campagne = 2025) a)
	        || '|' || (SELECT count(*) FROM (SELECT campagne, evaluation_id, region, niveau, code, score::text, atteint,
	                n_objectifs, n_atteints FROM lecap.score WHERE campagne = 2025 EXCEPT ALL SELECT campagne,
	                evaluation_id, region, niveau, code, score::text, atteint, n_objectifs, n_atteints
	                FROM public.t41_score) b)")"
assert_eq "la répartition des scores de 2025 est celle d'un recalcul complet" "0|0" \
	"$(sql "SELECT (SELECT count(*) FROM (SELECT * FROM public.t41_rep EXCEPT ALL
	                SELECT * FROM lecap.repartition_score WHERE campagne = 2025) a)
	        || '|' || (SELECT count(*) FROM (SELECT * FROM lecap.repartition_score WHERE campagne = 2025
	                EXCEPT ALL SELECT * FROM public.t41_rep) b)")"
assert_eq "les 3 lignes altérées sont de 2 évaluations, qui en ont bien plus" "2|true" \
	"$(sql "SELECT count(*) || '|' || (sum(n) > 10)::text FROM (SELECT DISTINCT evaluation_id FROM public.t41_altere) a
	        JOIN (SELECT evaluation_id, count(*) AS n FROM public.t41_score GROUP BY 1) t USING (evaluation_id)")"
assert_eq "les lignes des évaluations intactes n'ont pas été réécrites (celles des 3 altérées, si)" \
	"$(sql "SELECT count(*) FROM public.t41_score WHERE evaluation_id IN (SELECT evaluation_id FROM public.t41_altere)")|0" \
	"$(sql "SELECT count(*) FILTER (WHERE t.evaluation_id IN (SELECT evaluation_id FROM public.t41_altere))
	        || '|' || count(*) FILTER (WHERE t.evaluation_id NOT IN (SELECT evaluation_id FROM public.t41_altere))
	          FROM public.t41_score t WHERE NOT EXISTS (SELECT 1 FROM lecap.score s
	        WHERE s.ctid::text = t.place AND s.campagne = 2025 AND s.evaluation_id = t.evaluation_id
	          AND s.niveau = t.niveau AND s.code = t.code)")"

done_testing

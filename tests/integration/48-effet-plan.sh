# lecap.v_effet_plan (issue 22, docs/analystes.md « L'effet des plans de
# progrès ») on a hand-built network with hand-computed answers
# (tests/agregats/fixture.sql grid; seuil_secret 2).
#
# Campaigns 2024 → 2025; one respondent per evaluation, notes a b c d e f g h
# (1.1.1 = a×1 + b×3, 1.1.2 = c d, 1.2.1 = e f, 2.1.1 = g h; 1.1 = 1.1.1×1 +
# 1.1.2×2; theme 1 = 1.1×1 + 1.2×3). Everyone scores 22222222 in 2024.
#   region 84: M01 33333333 plan 1.1.1 en_cours (2025 plan: realisee)
#              M02 44222222 plan 1.1.1 a_engager
#              M03 22222222 plan 2.1.1 realisee
#              M04 12222222 plan 2.1.1 en_cours (2025 plan: realisee)
#              M16 incomplete in 2024 → not in the panel
#   region 11: M05 33222222 plan 1.2.1 en_cours, 2.1.1 abandonnee
#              M06 22222222 plan 2.1.1 a_engager
#              M07 44444444 plan 1.1.1 realisee
#              M15 22222222 no plan
#   region 53: M08 23222222 plan 1.1.1 abandonnee
#              M10 22222222 plan 2.1.1 en_cours
#              M11 22222222 plan 1.1.1 en_cours (2025 plan: en_cours and abandonnee → en_cours)
#              M12 32222222 plan 2.1.1 en_cours
#              M13 incomplete in 2025, M14 evaluated in 2025 only → not in the panel
. tests/lib.sh

export LECAP_AGREGATS_SEUIL_SECRET=2 LECAP_AGREGATS_COMPLETUDE_MIN=0.75
run_lecap init
assert_rc "init : code 0" 0
fixture_plans
psql -X -q -v ON_ERROR_STOP=1 >/dev/null 2>"$TMPD/fx" <<'SQL' || cat "$TMPD/fx"
CREATE FUNCTION fx.m(p_n text, p_region text, p_2024 text, p_2025 text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF p_2024 IS NOT NULL THEN
        PERFORM fx.rep(fx.eval('000000000000' || p_n, 2024, p_region, 'ACI'), 1, 'direction', p_2024);
    END IF;
    PERFORM fx.rep(fx.eval('000000000000' || p_n, 2025, p_region, 'ACI'), 1, 'direction', p_2025);
END
$$;
SELECT fx.m('01', '84', '22222222', '33333333'), fx.p('01', 2024, '1.1.1:en_cours'), fx.p('01', 2025, '1.1.1:realisee');
SELECT fx.m('02', '84', '22222222', '44222222'), fx.p('02', 2024, '1.1.1:a_engager');
SELECT fx.m('03', '84', '22222222', '22222222'), fx.p('03', 2024, '2.1.1:realisee');
SELECT fx.m('04', '84', '22222222', '12222222'), fx.p('04', 2024, '2.1.1:en_cours'), fx.p('04', 2025, '2.1.1:realisee');
SELECT fx.m('16', '84', '2.......', '44444444'), fx.p('16', 2024, '1.1.1:realisee');
SELECT fx.m('05', '11', '22222222', '33222222'), fx.p('05', 2024, '1.2.1:en_cours 2.1.1:abandonnee');
SELECT fx.m('06', '11', '22222222', '22222222'), fx.p('06', 2024, '2.1.1:a_engager');
SELECT fx.m('07', '11', '22222222', '44444444'), fx.p('07', 2024, '1.1.1:realisee');
SELECT fx.m('15', '11', '22222222', '22222222');
SELECT fx.m('08', '53', '22222222', '23222222'), fx.p('08', 2024, '1.1.1:abandonnee');
SELECT fx.m('10', '53', '22222222', '22222222'), fx.p('10', 2024, '2.1.1:en_cours');
SELECT fx.m('11', '53', '22222222', '22222222'), fx.p('11', 2024, '1.1.1:en_cours'),
       fx.p('11', 2025, '1.1.1:abandonnee 1.1.1:en_cours');
SELECT fx.m('12', '53', '22222222', '32222222'), fx.p('12', 2024, '2.1.1:en_cours');
SELECT fx.m('13', '53', '22222222', '3.......'), fx.p('13', 2024, '1.1.1:realisee');
SELECT fx.m('14', '53', NULL, '44444444'), fx.p('14', 2025, '1.1.1:realisee');
SQL

run_lecap aggregate
assert_rc "aggregate : code 0" 0

# rows CODE [STATUT]: region|n_avec|evol_avec|n_sans|evol_sans|ecart|secret, regions then FR
rows() {
	sql "SELECT region, n_avec_plan, coalesce(evolution_avec_plan::text, '-'), n_sans_plan,
	            coalesce(evolution_sans_plan::text, '-'), coalesce(ecart::text, '-'), coalesce(secret, 'publie')
	       FROM lecap.v_effet_plan WHERE campagne = 2025 AND code = '$1' AND statut = '${2:-tous}'
	      ORDER BY national, region"
}

assert_eq "une seule campagne comparée (2024 n'a pas de précédente)" "2025|2024|100" \
	"$(sql "SELECT campagne, campagne_precedente, count(*) FROM lecap.v_effet_plan GROUP BY 1, 2")"
# 100 = 4 régions (11, 53, 84, FR) × (4 objectifs × 5 statuts + 3 sous-thèmes + 2 thèmes)

# 2.1.1 — planned by M03 M04 (84), M05 M06 (11), M10 M12 (53): all at 0.
# Not planned: 84 M01 +1, M02 0 → 0.50; 11 M07 +2, M15 0 → 1.00; 53 0.
# FR: sans (1 + 0 + 2 + 0 + 0 + 0) / 6 = 0.50.
assert_eq "2.1.1 : tout publié" "11|2|0.00|2|1.00|-1.00|publie
53|2|0.00|2|0.00|0.00|publie
84|2|0.00|2|0.50|-0.50|publie
FR|6|0.00|6|0.50|-0.50|publie" "$(rows 2.1.1)"
assert_eq "le thème 2 comme son seul objectif" "$(rows 2.1.1)" "$(rows 2)"
# By status: 84 realisee = M03 (2024 plan) and M04 (its 2025 plan says so).
# Each group is a cell of lecap.publier (issue 18): the group with a plan at
# a status (effet_avec), and the group without, the 'tous' row's
# (effet_sans), which every status row shows. A status nobody has: no
# evolution of its own, nothing secret. FR réalisée = 84's two members.
assert_eq "2.1.1 réalisée : le statut du plan suivant l'emporte" "11|0|-|2|1.00|-|publie
53|0|-|2|0.00|-|publie
84|2|0.00|2|0.50|-0.50|publie
FR|2|0.00|6|0.50|-0.50|publie" "$(rows 2.1.1 realisee)"
# 11: abandonnee M05, a_engager M06 — one each, primary; FR's abandonnee
# and a_engager are the same single members, primary too. 11's statuses
# sum to its 'tous' group (n 2): two secret cells, neither recoverable.
assert_eq "2.1.1 abandonnée : un seul adhérent, secret primaire" "11|1|-|2|1.00|-|primaire
53|0|-|2|0.00|-|publie
84|0|-|2|0.50|-|publie
FR|1|-|6|0.50|-|primaire" "$(rows 2.1.1 abandonnee)"
assert_eq "2.1.1 en cours : 53 publié" "11|0|-|2|1.00|-|publie
53|2|0.00|2|0.00|0.00|publie
84|0|-|2|0.50|-|publie
FR|2|0.00|6|0.50|-0.50|publie" "$(rows 2.1.1 en_cours)"

# 1.1.1 — planned: 84 M01 +1, M02 +2 (1.50); 11 M07 +2 alone (primary);
# 53 M08 +0.75, M11 0. Two complements (53, 84) keep 11 hidden. FR's group
# with a plan (1 + 2 + 2 + 0.75 + 0) / 5 = 1.15 is masked too: theme 1 =
# (1.1 + 3 × 1.2) / 4 for every member, and FR 1.2's group with a plan is
# M05 alone (primary), so FR 1.1's is masked (the smallest complement),
# then, 1.1 = (1.1.1 + 2 × 1.1.2) / 3 with nobody planning 1.1.2, FR
# 1.1.1's. The groups without a plan are published where they reach the
# threshold: FR (0 − 0.25 + 1 + 0 + 0 + 0 + 0.25) / 7 = 0.142857 → 0.14.
assert_eq "1.1.1 : une région sous le seuil, deux compléments ; FR masqué par la relation thème = sous-thèmes" "11|1|-|3|-|-|primaire
53|2|-|2|-|-|secondaire
84|2|-|2|-|-|secondaire
FR|5|-|7|0.14|-|secondaire" "$(rows 1.1.1)"
# FR réalisée: M01 (2025 plan) and M07, one in 84 and one in 11 (primary
# both) → FR hidden (three unknowns).
assert_eq "1.1.1 réalisée" "11|1|-|3|-|-|primaire
53|0|-|2|-|-|secondaire
84|1|-|2|-|-|primaire
FR|2|-|7|0.14|-|secondaire" "$(rows 1.1.1 realisee)"
# M11: en_cours and abandonnee in the 2025 plan → en_cours.
assert_eq "1.1.1 en cours (deux actions : en cours avant abandonnée)" "1|1" \
	"$(sql "SELECT n_avec_plan, (SELECT n_avec_plan FROM lecap.v_effet_plan WHERE campagne = 2025 AND region = 'FR'
	          AND code = '1.1.1' AND statut = 'abandonnee')
	       FROM lecap.v_effet_plan WHERE campagne = 2025 AND region = 'FR' AND code = '1.1.1' AND statut = 'en_cours'")"

# Sub-theme 1.1 — planned when 1.1.1 or 1.1.2 was: the same members as 1.1.1.
# FR avec (1 + 2/3 + 2 + 0.25 + 0) / 5 = 0.783 ; sans (0 − 1/12 + 1/3 + 0 + 0
# + 0 + 1/12) / 7 = 0.048.
assert_eq "sous-thème 1.1" "11|1|-|3|-|-|primaire
53|2|-|2|-|-|secondaire
84|2|-|2|-|-|secondaire
FR|5|-|7|0.05|-|secondaire" "$(rows 1.1)"
# Theme 1 — planned when any objective of theme 1 was: M05's 1.2.1 counts.
# 84 avec (1 + 1/6) / 2 = 0.583, sans (0 − 1/48) / 2 = −0.0104; 11 avec (1/12
# + 2) / 2 = 1.042, sans 0; 53 avec (0.0625 + 0) / 2 = 0.031, sans 1/96;
# FR avec 3.3125 / 6 = 0.552, sans 0.
assert_eq "thème 1 : un objectif du thème dans le plan" "11|2|1.04|2|0.00|1.04|publie
53|2|0.03|2|0.01|0.02|publie
84|2|0.58|2|-0.01|0.59|publie
FR|6|0.55|6|0.00|0.55|publie" "$(rows 1)"
# 1.2.1: M05 alone planned it → its group primary (in 11 and FR); nobody
# in 84 and 53: no group with a plan, the group without published.
# FR without = (3 × 0.67 + 4 × 0 + 4 × 0.25) / 11 = 3 / 11 → 0.27.
assert_eq "1.2.1 : le groupe avec plan en secret primaire" "11|1|-|3|0.67|-|primaire
53|0|-|4|0.00|-|publie
84|0|-|4|0.25|-|publie
FR|1|-|11|0.27|-|primaire" "$(rows 1.2.1)"

# Statuses only for objectives; the panel is the same members on both sides.
assert_eq "statuts : objectifs seulement" "objectif|5
sous_theme|1
theme|1" "$(sql "SELECT niveau, count(DISTINCT statut) FROM lecap.v_effet_plan GROUP BY 1 ORDER BY 1")"
assert_eq "panel : 12 adhérents (M13, M14, M16 exclus)" "12" \
	"$(sql "SELECT n_avec_plan + n_sans_plan FROM lecap.v_effet_plan WHERE region = 'FR' AND code = '1' AND statut = 'tous'")"
# ecart = published avec − published sans.
assert_eq "écart = différence des évolutions publiées" "0" \
	"$(sql "SELECT count(*) FROM lecap.v_effet_plan WHERE diffusable AND n_avec_plan > 0
	          AND ecart <> evolution_avec_plan - evolution_sans_plan")"
# A secret group shows no evolution, a row with one no ecart.
assert_eq "rien de chiffré pour un groupe secret" "0|0" \
	"$(sql "SELECT count(*) FILTER (WHERE (sa.motif IS NOT NULL AND v.evolution_avec_plan IS NOT NULL)
	                                OR (ss.motif IS NOT NULL AND v.evolution_sans_plan IS NOT NULL)
	                                OR (NOT v.diffusable AND v.ecart IS NOT NULL)) || '|' ||
	               count(*) FILTER (WHERE v.diffusable <> (sa.motif IS NULL AND ss.motif IS NULL))
	          FROM lecap.v_effet_plan v
	          LEFT JOIN lecap.secret sa ON sa.campagne = v.campagne AND sa.tableau = 'effet_avec'
	               AND sa.region = v.region AND sa.ventilation = v.statut AND sa.code = v.code
	          LEFT JOIN lecap.secret ss ON ss.campagne = v.campagne AND ss.tableau = 'effet_sans'
	               AND ss.region = v.region AND ss.ventilation = 'tous' AND ss.code = v.code")"
assert_eq "des groupes secrets (avec plan, sans plan)" "t|t" \
	"$(sql "SELECT bool_or(tableau = 'effet_avec'), bool_or(tableau = 'effet_sans') FROM lecap.secret")"

# Each member's evolution kept (lecap.effet_plan_panel, migration 043): the
# 12 members of the panel, 9 elements each (4 objectives, 3 sub-themes, 2
# themes, all scored at both campaigns). M02 then sends a 2025 plan (1.1.1
# réalisée): the next aggregation compares M02 again and keeps the 11
# others' rows as they were (same row versions); the cells are those of a
# recomputation from scratch, which compares every member again.
assert_eq "évolutions gardées : 12 membres, 108 éléments" "12|108" \
	"$(sql "SELECT count(*) || '|' || sum(cardinality(codes)) FROM lecap.effet_plan_panel WHERE campagne = 2025")"
assert_eq "M01 : ses 9 évolutions, triées par niveau et code" "1.1.1|1.1.2|1.2.1|2.1.1|1.1|1.2|2.1|1|2
objectif|objectif|objectif|objectif|sous_theme|sous_theme|sous_theme|theme|theme" \
	"$(sql "SELECT array_to_string(array_agg(code ORDER BY n), '|') || chr(10) || array_to_string(array_agg(niveau ORDER BY n), '|')
	          FROM lecap.effet_plan_panel p, unnest(p.codes, p.niveaux) WITH ORDINALITY AS u(code, niveau, n)
	         WHERE p.siret = '00000000000001'")"
sql "CREATE TABLE public.panel_avant AS SELECT siret, xmin::text AS v FROM lecap.effet_plan_panel;
     SELECT fx.p('02', 2025, '1.1.1:realisee')" >/dev/null
run_lecap -q aggregate
assert_rc "aggregate après le plan de M02 : code 0" 0
assert_eq "seul M02 comparé de nouveau (gardés|refaits)" "11|1" \
	"$(sql "SELECT count(*) FILTER (WHERE a.v = p.xmin::text) || '|' || count(*) FILTER (WHERE a.v <> p.xmin::text)
	          FROM lecap.effet_plan_panel p JOIN public.panel_avant a USING (siret)")"
assert_eq "M02 : son plan de 2025 retenu" "true|realisee" \
	"$(sql "SELECT (p.plan_id IS NOT NULL) || '|' || u.statut FROM lecap.effet_plan_panel p,
	               unnest(p.codes, p.statuts) AS u(code, statut)
	         WHERE p.siret = '00000000000002' AND u.code = '1.1.1'")"
# The cells come from sums kept per region (lecap.effet_plan_somme,
# migration 049), counted again for the regions whose panel changed (M02's,
# 84: same members, a new plan): they equal a count from the panel.
assert_eq "sommes par région gardées = recomptées depuis le panel" "0|0|true" \
	"$(sql "WITH c AS (SELECT p.campagne, p.region, m.niveau, m.code, g.groupe, scale(m.delta) AS echelle,
	                          count(*)::int AS n, sum(m.delta)::text AS somme
	                     FROM lecap.effet_plan_panel p
	                    CROSS JOIN LATERAL unnest(p.niveaux, p.codes, p.deltas, p.avec, p.statuts) AS m (niveau, code, delta, avec, statut)
	                    CROSS JOIN LATERAL (VALUES (CASE WHEN m.avec THEN 'avec' ELSE 'sans' END),
	                                               (CASE WHEN m.avec THEN m.statut END)) AS g (groupe)
	                    WHERE g.groupe IS NOT NULL
	                    GROUP BY p.campagne, p.region, m.niveau, m.code, g.groupe, scale(m.delta)),
	             k AS (SELECT campagne, region, niveau, code, groupe, echelle::int, n, somme::text FROM lecap.effet_plan_somme)
	        SELECT (SELECT count(*) FROM (SELECT * FROM c EXCEPT ALL SELECT * FROM k) a) || '|'
	            || (SELECT count(*) FROM (SELECT * FROM k EXCEPT ALL SELECT * FROM c) b) || '|'
	            || (SELECT count(*) > 0 FROM k WHERE region = '84' AND code = '1.1.1' AND groupe = 'realisee')")"
sql "CREATE TABLE public.effet_incr AS SELECT * FROM lecap.effet_plan" >/dev/null
# aggregate --all forgets the kept evolutions first, in a transaction of
# their own (lecap.effet_plan_oublier): paused right after it, another
# session sees none. The 2025 rows name 2024's evaluations too: the two
# connections' recomputations from scratch (2024 and 2025 at once) deleted
# them both, in different orders, and deadlocked (seen in test 39).
rm -f "$TMPD/pause"
( LECAP_TEST_PAUSE=agregation-apres-oubli LECAP_TEST_PAUSE_FILE="$TMPD/pause" run_lecap -q aggregate --all
  echo "$RC" >"$TMPD/all.rc" ) &
pid=$!
for _ in $(seq 1 300); do [ -f "$TMPD/pause" ] && break; sleep 0.1; done
assert_eq "aggregate --all : l'évolution gardée oubliée d'abord, validée à part" "0" \
	"$(sql "SELECT count(*) FROM lecap.effet_plan_panel")"
rm -f "$TMPD/pause"
wait $pid
RC=$(cat "$TMPD/all.rc")
assert_rc "aggregate --all : code 0" 0
assert_eq "les cellules d'un recalcul depuis zéro" "0|0|100" \
	"$(sql "SELECT (SELECT count(*) FROM (SELECT * FROM lecap.effet_plan EXCEPT ALL SELECT * FROM public.effet_incr) x)
	        || '|' || (SELECT count(*) FROM (SELECT * FROM public.effet_incr EXCEPT ALL SELECT * FROM lecap.effet_plan) y)
	        || '|' || (SELECT count(*) FROM lecap.effet_plan)")"
assert_eq "aggregate --all : chaque membre comparé de nouveau" "0|12" \
	"$(sql "SELECT count(*) FILTER (WHERE a.v = p.xmin::text) || '|' || count(*) FILTER (WHERE a.v <> p.xmin::text)
	          FROM lecap.effet_plan_panel p JOIN public.panel_avant a USING (siret)")"

# Readers: granted to both reader roles, nothing to PUBLIC.
assert_eq "droits de lecture" "lecap_analyste|t
lecap_delegue|t" "$(sql "SELECT r, has_table_privilege(r, 'lecap.v_effet_plan', 'SELECT')
	FROM unnest(ARRAY['lecap_analyste', 'lecap_delegue']) AS r ORDER BY 1")"
assert_eq "commentée" "0" "$(sql "SELECT count(*) FROM pg_attribute
	WHERE attrelid = 'lecap.v_effet_plan'::regclass AND attnum > 0 AND col_description(attrelid, attnum) IS NULL")"

done_testing

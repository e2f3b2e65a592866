# lecap.v_effet_plan against an independent computation (tests/tools/
# effet-plan.py, Python over the raw tables) on a generated network, and the
# generator's plan effect (lecap generate --effet-plan): on, the planned
# objectives progress more; off, the gap vanishes (issue 22).
. tests/lib.sh

IN="$TMPD/entree"
export LECAP_CHEMINS_ENTREE="$IN" LECAP_CHEMINS_ARCHIVE="$TMPD/archive" LECAP_CHEMINS_QUARANTAINE="$TMPD/quarantaine"

run_lecap -q init
assert_rc "init : code 0" 0
run_lecap generate --entreprises 200 --graine 22 --out "$IN"
assert_rc "generate : code 0" 0
run_lecap -q ingest
assert_rc "ingest : code 0" 0
run_lecap -q aggregate
assert_rc "aggregate : code 0" 0

python3 tests/tools/effet-plan.py >"$TMPD/py" 2>&1
rc=$?
cat "$TMPD/py"
assert_eq "la vue et le calcul indépendant concordent" 0 "$rc"
assert_eq "deux campagnes comparées (2025, 2026)" "2025
2026" "$(sql "SELECT DISTINCT campagne FROM lecap.v_effet_plan ORDER BY 1")"
assert_eq "des lignes publiées et des lignes secrètes" "t|t" \
	"$(sql "SELECT bool_or(diffusable), bool_or(NOT diffusable) FROM lecap.v_effet_plan")"
# The generator's model: nationally, the planned objectives progress more
# (a theme dilutes it: one planned objective among many makes it "planned").
ecart1=$(sql "SELECT round(avg(ecart), 2) FROM lecap.v_effet_plan WHERE region = 'FR' AND niveau = 'objectif' AND statut = 'tous' AND diffusable")
echo "# écart moyen des objectifs (FR, publiés), --effet-plan 1 : $ecart1"

# The national report's section, from the view (issue 22 item 3).
run_lecap report --national --out "$TMPD/rapports"
assert_rc "report --national : code 0" 0
txt=$(pdftotext -layout "$TMPD/rapports/2026/national.pdf" - 2>/dev/null)
assert_contains "rapport national : la section" "L'effet des plans de progrès" "$txt"
assert_contains "rapport national : ce que cela ne dit pas" "c'est une association, pas une preuve" "$(echo "$txt" | tr -s ' \n' ' ')"
# theme 1's row: the count, then the evolution's digits (the sign is typographic)
t1=$(sql "SELECT n_avec_plan || ' ' || replace(to_char(abs(evolution_avec_plan), 'FM0.00'), '.', ',') FROM lecap.v_effet_plan
	WHERE campagne = 2026 AND region = 'FR' AND niveau = 'theme' AND code = '1' AND statut = 'tous' AND diffusable")
l1=$(echo "$txt" | grep -A200 "L'effet des plans de progrès" | grep -m1 '^ *1 ' | tr -s ' ')
assert_contains "rapport national : thème 1, effectif de la vue" " ${t1% *} " "$l1"
assert_contains "rapport national : thème 1, évolution de la vue" "${t1#* }" "$l1"
[ -n "${LECAP_GARDER_PDF:-}" ] && cp "$TMPD/rapports/2026/national.pdf" "$LECAP_GARDER_PDF"

# Every report of this network with earlier plans: no page but the last of
# its file holds fewer than 8 lines of content (issue 19 item 7: the non-blank
# lines of pdftotext -layout, less the running header and the footer). A
# sentence left alone at the top of a page, and the page before the ready-to-
# use plan (which opened a page of its own), were found in 46 of 429 demo PDFs.
run_lecap -q report --all --out "$TMPD/tous"
assert_rc "report --all : code 0" 0
thin=""
for f in $(cd "$TMPD/tous/2026" && find . -name '*.pdf' | LC_ALL=C sort); do
	thin="$thin$(pdftotext -layout "$TMPD/tous/2026/$f" - 2>/dev/null | awk -v f="$f" '
		/\f/ { n = split($0, parts, "\f"); for (i = 1; i < n; i++) { if (parts[i] ~ /[^[:space:]]/) l++; end_page() } $0 = parts[n] }
		/[^[:space:]]/ { l++ }
		function end_page() { pages[++np] = l; l = 0 }
		END { for (p = 1; p < np; p++) if (pages[p] - 2 < 8) printf " %s:p%d:%d", f, p, pages[p] - 2 }')"
done
assert_eq "aucune page de moins de 8 lignes de contenu, sauf la dernière ($(find "$TMPD/tous/2026" -name '*.pdf' | wc -l) PDF)" "" "$thin"

# The same network without the plan effect: the same draws, a gap near 0.
sql "SET client_min_messages = warning; DROP SCHEMA lecap CASCADE" >/dev/null 2>&1
rm -rf "$IN" "$TMPD/archive"
run_lecap -q init
run_lecap generate --entreprises 200 --graine 22 --effet-plan 0 --out "$IN"
assert_rc "generate --effet-plan 0 : code 0" 0
run_lecap -q ingest
run_lecap -q aggregate
assert_rc "aggregate (sans effet) : code 0" 0
ecart0=$(sql "SELECT round(avg(ecart), 2) FROM lecap.v_effet_plan WHERE region = 'FR' AND niveau = 'objectif' AND statut = 'tous' AND diffusable")
echo "# écart moyen des objectifs (FR, publiés), --effet-plan 0 : $ecart0"
assert_eq "sans effet : écart moyen sous 0,10 en valeur absolue" "t" "$(sql "SELECT abs($ecart0) < 0.10")"
assert_eq "avec effet : écart moyen au moins 0,10 de plus" "t" "$(sql "SELECT $ecart1 - $ecart0 >= 0.10")"
python3 tests/tools/effet-plan.py >"$TMPD/py" 2>&1
assert_eq "sans effet aussi, la vue concorde" 0 "$?"

run_lecap generate --entreprises 5 --effet-plan 6 --out "$TMPD/x"
assert_rc "--effet-plan hors bornes : code 2" 2
assert_contains "--effet-plan : message" "un nombre entre 0 et 5" "$ERR"

done_testing

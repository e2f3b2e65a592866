# lecap export (issue 18, item 9): the publication views as CSV (French
# spreadsheet convention, RFC 4180) and xlsx, every cell compared with the
# view (the xlsx read back by openpyxl), formula injection neutralised,
# numbers kept numbers, usage errors.
. tests/lib.sh
cd "$TMPD" || exit 1
export LECAP_CHEMINS_ENTREE="$TMPD/entree" LECAP_CHEMINS_ARCHIVE="$TMPD/archive" \
	LECAP_CHEMINS_QUARANTAINE="$TMPD/quarantaine" LECAP_CHEMINS_RAPPORTS="$TMPD/rapports" \
	LECAP_RAPPORTS_ENTREPRISES=non
"$LECAP" generate --entreprises 40 --campagnes 2024-2025 --graine 5 --out "$TMPD/entree" 2>/dev/null
run_lecap run
assert_rc "la nuit : code 0" 0
# The Debian python3 has python3-openpyxl (scripts/deps.sh); a python3 earlier
# in PATH (pyenv) may not.
PY=python3
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import openpyxl' 2>/dev/null; then PY=$p; break; fi
done
cmp="$PY $ROOT/tests/tools/compare-export.py"
# A label that a spreadsheet would run as a formula.
r1=$(sql "SELECT min(region) FROM lecap.v_publication_participation WHERE campagne = 2025 AND region <> 'FR'")
sql "UPDATE lecap.region SET libelle = '=HYPERLINK(\"http://exemple.invalid\";\"clic\")' WHERE code = '$r1'" >/dev/null

# Usage errors.
run_lecap export
assert_eq "sans --out : code 2" "2|lecap: erreur: lecap export attend --out RÉP, le répertoire où écrire les fichiers" "$RC|$(echo "$ERR" | head -1)"
run_lecap export --out x --format ods
assert_eq "format inconnu : code 2" "2|lecap: erreur: format inconnu « ods » : csv, csv-rfc4180 ou xlsx attendu" "$RC|$(echo "$ERR" | head -1)"
run_lecap export --out x --region 99
assert_eq "région sans publication : code 2" "2|lecap: erreur: rien de publié pour la région « 99 » à la campagne 2025" "$RC|$(echo "$ERR" | head -1)"
run_lecap export --out x --campagne 2031
assert_eq "campagne absente : code 2" "2|lecap: erreur: aucune campagne 2031 publiée" "$RC|$(echo "$ERR" | head -1)"

# CSV, French convention (default), the latest campaign.
run_lecap export --out "$TMPD/csv"
assert_rc "export csv : code 0" 0
assert_eq "export csv : une par vue de publication, et v_effet_plan" "$(sql "SELECT count(*) FROM pg_views WHERE schemaname = 'lecap'
	  AND (viewname LIKE 'v\_publication\_%' OR viewname = 'v_effet_plan')")" \
	"$(ls "$TMPD/csv/2025" | grep -c '\.csv$')"
assert_eq "export csv : BOM, « ; », CRLF" "efbbbf|campagne;region;libelle_region;national" \
	"$(head -c 3 "$TMPD/csv/2025/v_publication_participation.csv" | od -An -tx1 | tr -d ' \n')|$(head -1 "$TMPD/csv/2025/v_publication_participation.csv" | cut -c4- | cut -d';' -f1-4)"
assert_contains "export csv : fin de ligne CRLF" "$(printf '\r')" "$(head -1 "$TMPD/csv/2025/v_publication_participation.csv")"
out=$($cmp csv "$TMPD/csv/2025" 2025)
assert_eq "export csv : chaque cellule égale à la vue (virgule décimale, oui/non, vides du secret)" "0" "$?"
echo "# $(echo "$out" | tail -1)"
assert_contains "export csv : formule neutralisée" ";\"'=HYPERLINK(" "$(cat "$TMPD/csv/2025/v_publication_participation.csv")"
neg=$(sql "SELECT count(*) FROM lecap.v_publication_agregat WHERE campagne = 2025 AND evolution < 0")
[ "$neg" -gt 0 ] && ok "des évolutions négatives à exporter ($neg)" || not_ok "des évolutions négatives à exporter"
assert_eq "export csv : une évolution négative reste un nombre (sans apostrophe)" "" \
	"$(grep -o ";'-[0-9]" "$TMPD/csv/2025/v_publication_agregat.csv" | head -1)"

assert_eq "export csv : fichiers en 0640, répertoire en 0750" "640 640|750" \
	"$(stat -c %a "$TMPD/csv/2025/v_publication_agregat.csv" "$TMPD/csv/2025/v_publication_plan.csv" | tr '\n' ' ' | sed 's/ $//')|$(stat -c %a "$TMPD/csv/2025")"

# CSV for programs.
run_lecap export --campagne 2024 --out "$TMPD/rfc" --format csv-rfc4180
assert_rc "export csv-rfc4180 : code 0" 0
out=$($cmp csv-rfc4180 "$TMPD/rfc/2024" 2024)
assert_eq "export csv-rfc4180 : chaque cellule égale à la vue" "0" "$?"
assert_eq "export csv-rfc4180 : sans BOM, « , »" "campagne,region" "$(head -1 "$TMPD/rfc/2024/v_publication_participation.csv" | cut -d, -f1-2)"

# xlsx: one workbook per region and FR, read back by openpyxl.
if "$PY" -c 'import openpyxl' 2>/dev/null; then
	run_lecap export --out "$TMPD/xlsx" --format xlsx
	assert_rc "export xlsx : code 0" 0
	out=$($cmp xlsx "$TMPD/xlsx/2025" 2025)
	assert_eq "export xlsx : chaque cellule de chaque feuille égale à la vue (openpyxl)" "0" "$?"
	[ "$?" = 0 ] || echo "$out" | sed 's/^/# /'
	echo "# xlsx : $(echo "$out" | tail -1)"
	assert_eq "export xlsx : formats, formule neutralisée, Lisez-moi" "0.00|0.000|'=HYPERLINK|t|True" "$("$PY" - "$TMPD/xlsx/2025/FR.xlsx" "$TMPD/xlsx/2025/$r1.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1]); wr = openpyxl.load_workbook(sys.argv[2])
ws = wb["agregat"]; head = [c.value for c in ws[1]]
moy = ws.cell(row=2, column=head.index("moyenne") + 1).number_format
ws = wb["participation"]; head = [c.value for c in ws[1]]
taux = ws.cell(row=2, column=head.index("taux_participation") + 1).number_format
lib = wr["participation"].cell(row=2, column=3).value[:11]
readme = wb["Lisez-moi"]
has = any(str(c.value).startswith("feuille agregat") for c in readme["A"])
nat = ws.cell(row=2, column=head.index("national") + 1).value
print(f"{moy}|{taux}|{lib}|{'t' if has else 'f'}|{nat}")
PY
)"
	run_lecap export --out "$TMPD/x84" --format xlsx --region "$r1"
	assert_eq "export xlsx --region : un seul classeur, en 0640" "$r1.xlsx|640" "$(ls "$TMPD/x84/2025")|$(stat -c %a "$TMPD/x84/2025/$r1.xlsx")"
	out=$($cmp xlsx "$TMPD/x84/2025" 2025 "$r1")
	assert_eq "export xlsx --region : cellules égales à la vue" "0" "$?"
else
	echo "# sauté : python3-openpyxl absent (apt-get install python3-openpyxl)"
fi

done_testing

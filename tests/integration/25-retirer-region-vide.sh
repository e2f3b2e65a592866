# A region left without any evaluation (lecap retirer, lecap purger): the
# next night removes its regional report, drawn from data that are gone,
# instead of leaving it stale, and says so; the other regions' reports and
# the national one stay; the data back, the report comes back. A campaign
# left without any evaluation loses its national and regional reports.
. tests/lib.sh
cd "$TMPD" || exit 1
IN="$TMPD/entree"; AR="$TMPD/archive"; QU="$TMPD/quarantaine"; RA="$TMPD/rapports"
export LECAP_CHEMINS_ENTREE="$IN" LECAP_CHEMINS_ARCHIVE="$AR" LECAP_CHEMINS_QUARANTAINE="$QU" \
	LECAP_CHEMINS_RAPPORTS="$RA"
"$LECAP" generate --entreprises 12 --campagnes 2025 --graine 3 --out "$TMPD/reseau" 2>/dev/null
mkdir -p "$IN" && cp "$TMPD/reseau/"* "$IN/"
run_lecap -q run
assert_rc "nuit initiale : code 0" 0
NREG=$(sql "SELECT count(DISTINCT region) FROM lecap.evaluation WHERE campagne = 2025")
[ "$NREG" -ge 3 ] && ok "au moins trois régions évaluées ($NREG)" || not_ok "régions évaluées : $NREG"
assert_eq "un rapport par région évaluée" "$NREG" "$(ls "$RA/2025/regions" | wc -l)"

# Region R1: every evaluation withdrawn; region R2: every member erased.
R1=$(sql "SELECT region FROM lecap.evaluation WHERE campagne = 2025 GROUP BY region ORDER BY count(*), region LIMIT 1")
R2=$(sql "SELECT region FROM lecap.evaluation WHERE campagne = 2025 AND region <> '$R1' GROUP BY region ORDER BY count(*), region LIMIT 1")
P1=$(ls "$RA/2025/regions/$R1-"*.pdf)
P2=$(ls "$RA/2025/regions/$R2-"*.pdf)
[ -f "$P1" ] && [ -f "$P2" ] && ok "rapports des deux régions présents" || not_ok "rapports : $P1 $P2"
S1=$(sql "SELECT string_agg(siret, ' ' ORDER BY siret) FROM lecap.evaluation WHERE campagne = 2025 AND region = '$R1'")
S2=$(sql "SELECT string_agg(siret, ' ' ORDER BY siret) FROM lecap.evaluation WHERE campagne = 2025 AND region = '$R2'")
for s in $S1; do
	run_lecap -q retirer --siret "$s" --campagne 2025 --motif "essai"
	assert_rc "retirer $s : code 0" 0
done
for s in $S2; do
	run_lecap -q purger --siret "$s"
	assert_rc "purger $s : code 0" 0
done
others=$(ls "$RA/2025/regions" | grep -v -e "^$R1-" -e "^$R2-" | sort)
run_lecap run
assert_rc "nuit suivante : code 0" 0
assert_contains "nuit suivante : rapport de la région vidée par retirer supprimé, dit" \
	"lecap: info: rapport régional supprimé : $P1 (plus aucune évaluation de la région en 2025)" "$ERR"
assert_contains "nuit suivante : rapport de la région vidée par purger supprimé, dit" \
	"lecap: info: rapport régional supprimé : $P2 (plus aucune évaluation de la région en 2025)" "$ERR"
assert_eq "nuit suivante : seuls les rapports des régions encore évaluées" "$others" "$(ls "$RA/2025/regions" | sort)"
assert_eq "un rapport par région encore évaluée" "$((NREG - 2))" "$(ls "$RA/2025/regions" | wc -l)"
[ -f "$RA/2025/national.pdf" ] && ok "le rapport national reste" || not_ok "rapport national absent"
run_lecap status
assert_not_contains "status : la région vidée n'est plus listée" "    $R1 " "$OUT"
run_lecap run
assert_rc "troisième nuit : code 0" 0
assert_not_contains "troisième nuit : rien de plus à supprimer" "rapport régional supprimé" "$ERR"

# A single region asked for (lecap report --region): nothing else removed.
R3=$(sql "SELECT min(region) FROM lecap.evaluation WHERE campagne = 2025")
cp "$RA/2025/national.pdf" "$RA/2025/regions/$R1-ancien.pdf"
run_lecap report --campagne 2025 --region "$R3"
assert_rc "report --region : code 0" 0
[ -f "$RA/2025/regions/$R1-ancien.pdf" ] && ok "report --region : les autres fichiers laissés" \
	|| not_ok "report --region a supprimé un autre rapport"
rm -f "$RA/2025/regions/$R1-ancien.pdf"

# The data back (the withdrawn exports reintegrated): the report comes back.
for s in $S1; do
	cp "$AR/2025/"*"$s"* "$IN/"
done
run_lecap ingest --reintegrer
assert_rc "réintégration : code 0" 0
run_lecap run
assert_rc "nuit après la réintégration : code 0" 0
[ -f "$P1" ] && ok "le rapport de la région revient avec ses données" || not_ok "rapport absent : $P1"

# The whole campaign withdrawn: it is no longer rendered, and its national
# and regional reports go too.
for s in $(sql "SELECT siret FROM lecap.evaluation WHERE campagne = 2025 ORDER BY 1"); do
	run_lecap -q retirer --siret "$s" --campagne 2025
done
assert_eq "campagne vidée" "0" "$(sql "SELECT count(*) FROM lecap.evaluation")"
NLEFT=$(ls "$RA/2025/regions" | wc -l)
expected=$( (echo "lecap: info: rapport national supprimé : $RA/2025/national.pdf (plus aucune évaluation en 2025)"
	for f in $(ls "$RA/2025/regions"); do
		echo "lecap: info: rapport régional supprimé : $RA/2025/regions/$f (plus aucune évaluation de la région en 2025)"
	done
	echo "lecap: info: campagne 2025 : plus aucune évaluation, $((NLEFT + 1)) rapport(s) supprimé(s)") | sort)
run_lecap run
assert_rc "nuit après la campagne vidée : code 0" 0
assert_eq "campagne vidée : rapport national et rapports régionaux supprimés, dits" "$expected" \
	"$(echo "$ERR" | grep -e "supprimé" | sort)"
assert_eq "campagne vidée : plus aucun rapport" "" "$(find "$RA/2025" -name '*.pdf')"
run_lecap run
assert_rc "nuit d'après : code 0" 0
assert_not_contains "nuit d'après : rien de plus à supprimer" "supprimé" "$ERR"

done_testing

# lecap check: every malformed file of tests/fixtures/rejets/ gives exactly the
# lines of its .attendu; the accepted variants pass; exit codes 0, 1, 2.
. tests/lib.sh

export LECAP_REFERENTIEL_FICHIER="$ROOT/config/referentiel-cap.csv"
export LECAP_REFERENTIEL_OFFRES="$ROOT/config/offres.csv"
export LECAP_REFERENTIEL_REGIONS="$ROOT/config/regions.csv"
export LECAP_REFERENTIEL_TYPES="$ROOT/config/types-structure.csv"

# Data-driven: one defect per file, the expected lines beside it.
cd "$ROOT/tests/fixtures/rejets"
n=0
for f in [0-9][0-9]-*.csv; do
	b=${f%.csv}
	run_lecap check "$f"
	if [ "$RC" = 1 ] && [ "$OUT" = "$(cat "$b.attendu")" ]; then
		ok "rejet $b"
	else
		not_ok "rejet $b" "code $RC" "attendu : $(cat "$b.attendu")" "obtenu  : $OUT"
	fi
	n=$((n + 1))
done
[ "$n" -ge 40 ] && ok "au moins 40 fichiers malformés ($n)" || not_ok "au moins 40 fichiers malformés ($n)"

# Several files at once: all problems, file by file, exit 1, summary on stderr.
run_lecap check 01-note-5.csv 21-zero-octet.csv
assert_rc "plusieurs fichiers : code 1" 1
assert_eq "plusieurs fichiers : les problèmes de chacun" "$(cat 01-note-5.attendu 21-zero-octet.attendu)" "$OUT"
assert_contains "résumé sur la sortie d'erreur" "lecap: info: 2 fichier(s) vérifié(s) : 2 à corriger" "$ERR"

# Accepted variants: BOM, Windows-1252, comma, tab, CRLF, reordered columns,
# labels as headers, region by name, La Poste, SQL-looking text, French dates.
cd "$ROOT/tests/fixtures/valides"
for f in *.csv; do
	run_lecap check "$f"
	if [ "$RC" = 0 ] && [ -z "$OUT" ]; then ok "valide $f"; else not_ok "valide $f" "code $RC" "$OUT"; fi
done
cd "$ROOT/tests/fixtures/exemples" 2>/dev/null && {
	run_lecap check *.csv
	assert_rc "les exemples de docs/format-exports.md sont valides" 0
	assert_eq "exemples : rien sur la sortie" "" "$OUT"
}
cd "$TMPD"

# A 10 MB field: refused from the prescan, before it is buffered.
base="$ROOT/tests/fixtures/valides/crlf.csv"
{
	head -c 0 /dev/null
	printf 'siret;raison_sociale;region;type_structure;campagne;date_evaluation;horodatage_export;repondant;college;1.1.1.a\n'
	printf '82601815200015;A;53;ACI;2025;14/03/2025;2025-03-20T16:42:05+01:00;R1;direction;4\n'
	printf '82601815200015;A;53;ACI;2025;14/03/2025;2025-03-20T16:42:05+01:00;"'
	head -c 10485760 /dev/zero | tr '\0' 'x'
	printf '";direction;4\n'
} > champ-10mo.csv
/usr/bin/time -f '%M' -o rss.txt "$LECAP" check champ-10mo.csv >out.txt 2>/dev/null
RC=$?
assert_rc "champ de 10 Mo : code 1" 1
assert_eq "champ de 10 Mo : message exact" \
	"champ-10mo.csv:3:repondant: champ de plus de 2000 caractères : raccourcissez-le" "$(cat out.txt)"
rss=$(tail -1 rss.txt)
/usr/bin/time -f '%M' -o rss0.txt "$LECAP" check "$base" >/dev/null 2>&1
rss0=$(tail -1 rss0.txt)
# Not 10 MB more than for a small file (in the plain build: a sanitizer's
# allocator keeps freed memory in quarantine).
if measured "champ de 10 Mo : jamais chargé en mémoire"; then
	[ $((rss - rss0)) -lt 4096 ] && ok "champ de 10 Mo : jamais chargé en mémoire (${rss} Kio, ${rss0} Kio pour un petit fichier)" ||
		not_ok "champ de 10 Mo : mémoire ${rss} Kio contre ${rss0} Kio pour un petit fichier"
fi

# [ingestion] taille_max is checked before reading.
LECAP_INGESTION_TAILLE_MAX=100 run_lecap check "$base"
assert_rc "taille_max : code 1" 1
assert_eq "taille_max : message exact" \
	"$base:1:-: fichier trop volumineux : $(stat -c %s "$base") octets pour 100 au plus ([ingestion] taille_max) ; découpez l'export ou relevez la limite" "$OUT"

# More than 100 problems: the first 100, then the count.
{
	printf 'siret;raison_sociale;region;type_structure;campagne;date_evaluation;horodatage_export;repondant;college;1.1.1.a\n'
	for i in $(seq 1 150); do
		printf '82601815200015;A;53;ACI;2025;14/03/2025;2025-03-20T16:42:05+01:00;R%d;direction;9\n' "$i"
	done
} > cent.csv
run_lecap check cent.csv
assert_rc "150 problèmes : code 1" 1
assert_eq "150 problèmes : 100 lignes puis le décompte" 101 "$(echo "$OUT" | wc -l)"
assert_eq "150 problèmes : la ligne du décompte" \
	"cent.csv: 150 problèmes au total, seuls les 100 premiers sont listés ; corrigez-les puis vérifiez de nouveau avec lecap check" \
	"$(echo "$OUT" | tail -1)"
assert_eq "150 problèmes : le centième" "cent.csv:101:1.1.1.a: note invalide « 9 » : 1, 2, 3, 4, NC ou vide attendu" \
	"$(echo "$OUT" | sed -n 100p)"

# Issue 17: an echeance before its campaign is a warning in the problems'
# format, the exit code unchanged; the clock's tolerance is a setting.
{
	printf 'siret;campagne;horodatage_export;objectif;action;priorite;responsable;echeance;statut;offres\n'
	printf '82601815200015;2025;2025-03-20T16:45:12+01:00;1.1.1;Ouvrir;1;Présidence;30/06/2024;en_cours;\n'
} > echeance.csv
run_lecap check echeance.csv
assert_rc "échéance avant la campagne : valide, code 0" 0
assert_eq "échéance avant la campagne : un avertissement, même format" \
	"echeance.csv:2:echeance: avertissement : échéance « 30/06/2024 » antérieure à la campagne 2025 : vérifiez l'année" "$OUT"
d=$(date -d '+3 days' +%Y-%m-%dT%H:%M:%S%:z)
sed "s/2025-03-20T16:42:05+01:00/$d/" "$ROOT/tests/fixtures/valides/crlf.csv" > demain.csv
run_lecap check demain.csv
assert_rc "horodatage dans 3 jours : refusé (tolérance 1 j)" 1
assert_contains "horodatage dans 3 jours : message" "demain.csv:2:horodatage_export: horodatage « $d » dans le futur (plus de 1 j après l'heure de ce serveur" "$OUT"
LECAP_INGESTION_TOLERANCE_HORLOGE=4j run_lecap check demain.csv
assert_rc "horodatage dans 3 jours : accepté avec tolerance_horloge = 4j" 0
LECAP_INGESTION_TOLERANCE_HORLOGE=2h run_lecap check demain.csv
assert_contains "tolerance_horloge = 2h : citée" "(plus de 2 h après l'heure de ce serveur" "$OUT"

# Usage errors and unreadable files.
run_lecap check
assert_rc "sans fichier : code 2" 2
assert_contains "sans fichier : message" "lecap: erreur: lecap check attend au moins un fichier" "$ERR"
run_lecap check --vite x.csv
assert_rc "option inconnue : code 2" 2
run_lecap check absent.csv
assert_rc "fichier absent : code 1" 1
assert_contains "fichier absent : message" "lecap: erreur: ouverture de absent.csv impossible : No such file or directory" "$ERR"
mkdir rep.csv
run_lecap check rep.csv
assert_rc "répertoire : code 1" 1
assert_contains "répertoire : message" "lecap: erreur: rep.csv n'est pas un fichier ordinaire" "$ERR"

# No database needed.
PGHOST=/nonexistent run_lecap check "$base"
assert_rc "sans base de données : code 0" 0

done_testing

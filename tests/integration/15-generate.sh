# lecap generate: usage errors, determinism, defects, the statistical shape of
# the synthetic network, the contract of every file, memory and speed.
. tests/lib.sh
# a function, not a string: the clone's path may hold spaces
stats() { python3 "$ROOT/tests/genstats.py" "$@"; }

USAGE_HINT="lecap: astuce: lecap generate --help donne l'usage"

# ---- usage errors: exit 2, exact messages ----
run_lecap generate --out "$TMPD/x"
assert_rc "sans --entreprises : code 2" 2
assert_eq "sans --entreprises : message" "lecap: erreur: l'option --entreprises est obligatoire
$USAGE_HINT" "$ERR"

run_lecap generate --entreprises 10
assert_rc "sans --out : code 2" 2
assert_eq "sans --out : message" "lecap: erreur: l'option --out est obligatoire
$USAGE_HINT" "$ERR"

# ---- the summary agrees in number (0 and 1: singular) ----
run_lecap generate --entreprises 1 --campagnes 2025 --graine 3 --out "$TMPD/une"
assert_rc "une entreprise : code 0" 0
assert_contains "une entreprise : au singulier" "lecap: info: 1 entreprise, " "$ERR"
assert_contains "une entreprise : réexports au singulier" " (dont 0 réexport et 0 fichier défectueux, listé dans .defauts.txt)" "$ERR"
for plural in "1 entreprises" "1 évaluations" "0 évaluations" "1 fichiers" "0 fichiers" "0 cellules de" "1 cellules de"; do
	assert_not_contains "une entreprise : pas « $plural »" "$plural" "$ERR"
done

for bad in 2026-2024 24-26 2024- 1999-2001 deux; do
	run_lecap generate --entreprises 10 --campagnes "$bad" --out "$TMPD/x"
	assert_rc "--campagnes $bad : code 2" 2
	assert_eq "--campagnes $bad : message" "lecap: erreur: valeur invalide « $bad » pour --campagnes : attendu une année ou un intervalle croissant d'années entre 2000 et 2100, par exemple 2024-2026
$USAGE_HINT" "$ERR"
done

for bad in 1.5 -0.1 abc 0.1x; do
	run_lecap generate --entreprises 10 --defauts "$bad" --out "$TMPD/x"
	assert_rc "--defauts $bad : code 2" 2
	assert_eq "--defauts $bad : message" "lecap: erreur: valeur invalide « $bad » pour --defauts : attendu une part entre 0 et 1, par exemple 0.02
$USAGE_HINT" "$ERR"
done

for bad in 0 -3 dix 10000001; do
	run_lecap generate --entreprises "$bad" --out "$TMPD/x"
	assert_rc "--entreprises $bad : code 2" 2
	assert_eq "--entreprises $bad : message" "lecap: erreur: valeur invalide « $bad » pour --entreprises : attendu un entier de 1 à 10000000
$USAGE_HINT" "$ERR"
done

run_lecap generate --entreprises 10 --graine -1 --out "$TMPD/x"
assert_eq "--graine négative : message" "lecap: erreur: valeur invalide « -1 » pour --graine : attendu un entier positif
$USAGE_HINT" "$ERR"

run_lecap generate --entreprises 10 --out
assert_rc "--out sans valeur : code 2" 2
assert_eq "--out sans valeur : message" "lecap: erreur: l'option --out attend une valeur
$USAGE_HINT" "$ERR"

run_lecap generate --entreprises 10 --out "$TMPD/x" --vite
assert_rc "option inconnue : code 2" 2
assert_eq "option inconnue : message" "lecap: erreur: option inconnue pour generate : « --vite »
lecap: astuce: lecap generate --help liste ses options" "$ERR"
[ ! -e "$TMPD/x" ] && ok "erreur d'usage : rien n'est écrit" || not_ok "erreur d'usage : rien n'est écrit"

run_lecap generate --help
assert_rc "generate --help : code 0" 0
assert_contains "generate --help : usage" "usage : lecap generate --entreprises N [--campagnes 2024-2026] [--graine S] [--defauts P]
                       [--reference AAAA-MM-JJ] [--effet-plan F] --out RÉP" "$OUT"

printf 'x' > "$TMPD/fichier"
run_lecap generate --entreprises 3 --out "$TMPD/fichier/sous"
assert_rc "sortie impossible : code 5" 5
assert_contains "sortie impossible : message" "lecap: erreur: $TMPD/fichier/sous : création du répertoire impossible : Not a directory" "$ERR"

# ---- determinism: same seed, same bytes ----
checksum() { (cd "$1" && sha256sum $(ls -A) | sha256sum | cut -c1-64); }
run_lecap generate --entreprises 300 --graine 11 --defauts 0.05 --out "$TMPD/a"
assert_rc "generate : code 0" 0
assert_contains "generate : bilan" "lecap: info: 300 entreprises, " "$ERR"
assert_contains "generate : vitesse" " cellules/s" "$ERR"
run_lecap generate --entreprises 300 --graine 11 --defauts 0.05 --out "$TMPD/b"
assert_eq "même graine : mêmes octets" "$(checksum "$TMPD/a")" "$(checksum "$TMPD/b")"
run_lecap generate --entreprises 300 --graine 12 --defauts 0.05 --out "$TMPD/c"
[ "$(checksum "$TMPD/a")" != "$(checksum "$TMPD/c")" ] && ok "autre graine : autres octets" || not_ok "autre graine : autres octets"

# --defauts changes which files are defective and nothing else.
run_lecap generate --entreprises 300 --graine 11 --defauts 0 --out "$TMPD/d0"
assert_eq "--defauts ne change pas la liste des fichiers" "$(ls "$TMPD/a")" "$(ls "$TMPD/d0")"
diff_valid=0
for f in $(ls -A "$TMPD/a"); do
	[ "$f" = .defauts.txt ] && continue
	grep -q "^$f;" "$TMPD/a/.defauts.txt" && continue
	cmp -s "$TMPD/a/$f" "$TMPD/d0/$f" || diff_valid=$((diff_valid + 1))
done
assert_eq "--defauts : les fichiers sans défaut sont identiques" 0 "$diff_valid"

# ---- no timestamp after the reference day (issue 17 item 5) ----
# The latest export timestamp and evaluation date written, as yyyy-mm-dd hh:mm:ss.
latest() {
	cat "$1"/reponses-*.csv "$1"/plan-*.csv | tr '\t,' ';;' | grep -oE '(20[0-9]{2}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?|[0-9]{2}/[0-9]{2}/20[0-9]{2} [0-9]{2}:[0-9]{2}(:[0-9]{2})?)' |
		sed -E 's#^([0-9]{2})/([0-9]{2})/([0-9]{4})#\3-\2-\1#; s/T/ /; s/^(.{16})$/\1:00/' | sort | tail -1
}
run_lecap generate --entreprises 300 --graine 11 --defauts 0 --out "$TMPD/r0"
assert_rc "référence par défaut : code 0" 0
l=$(latest "$TMPD/r0")
[ -n "$l" ] && [ "$(printf '%s\n%s\n' "$l" "2026-11-30 23:59:59" | sort | tail -1)" = "2026-11-30 23:59:59" ] &&
	ok "référence par défaut : dernier horodatage $l, pas après 2026-11-30" || not_ok "horodatage après la référence : $l"
run_lecap generate --entreprises 300 --campagnes 2024-2025 --graine 11 --reference 2025-06-30 --out "$TMPD/r1"
assert_rc "--reference 2025-06-30 : code 0" 0
l=$(latest "$TMPD/r1")
[ "$l" = "2025-06-30 23:59:59" ] && ok "--reference : un réexport ramené au dernier instant du jour ($l)" ||
	not_ok "--reference 2025-06-30 : dernier horodatage $l"
run_lecap generate --entreprises 300 --campagnes 2024-2025 --graine 11 --reference 2025-06-30 --out "$TMPD/r2"
assert_eq "--reference : même graine, mêmes octets" "$(checksum "$TMPD/r1")" "$(checksum "$TMPD/r2")"
run_lecap -q check "$TMPD"/r1/*.csv
assert_rc "--reference : tout est valide pour lecap check (aucun horodatage futur)" 0
run_lecap generate --entreprises 3 --campagnes 2027 --out "$TMPD/r3"
assert_rc "campagne après la référence : code 2" 2
assert_contains "campagne après la référence : message" "lecap: erreur: campagne 2027 postérieure à la date de référence 2026-11-30 : aucun export n'est daté après elle" "$ERR"
run_lecap generate --entreprises 3 --reference 2026-02-30 --out "$TMPD/r4"
assert_rc "--reference invalide : code 2" 2
assert_contains "--reference invalide : message" "valeur invalide « 2026-02-30 » pour --reference : attendu une date réelle aaaa-mm-jj, par exemple 2026-11-30" "$ERR"

run_lecap generate --entreprises 20 --campagnes 2025 --graine 3 --out "$TMPD/y"
assert_eq "une seule campagne" "" "$(ls "$TMPD/y" | grep -E -e '-202[46]' )"
[ -n "$(ls "$TMPD/y" | grep -e '-2025')" ] && ok "une seule campagne : ses fichiers" || not_ok "une seule campagne : ses fichiers"

# ---- the statistical shape, on 600 members over three campaigns ----
run_lecap generate --entreprises 600 --graine 2026 --defauts 0 --out "$TMPD/n"
assert_rc "600 entreprises : code 0" 0
stats "$TMPD/n" > "$TMPD/stats"
val() { awk -v k="$1" '$1 == k { print $2 }' "$TMPD/stats"; }
# between NAME KEY LO HI
between() {
	v=$(val "$2")
	if [ -n "$v" ] && awk -v v="$v" -v lo="$3" -v hi="$4" 'BEGIN { exit !(v >= lo && v <= hi) }'; then
		ok "$1 ($2 = $v)"
	else
		not_ok "$1" "$2 = $v, attendu entre $3 et $4"
	fi
}
gt() {
	a=$(val "$2"); b=$(val "$3")
	if [ -n "$a" ] && [ -n "$b" ] && awk -v a="$a" -v b="$b" -v d="$4" 'BEGIN { exit !(a > b + d) }'; then
		ok "$1 ($2 = $a, $3 = $b)"
	else
		not_ok "$1" "$2 = $a, $3 = $b, écart attendu > $4"
	fi
}
assert_eq "adherents.csv : tous les adhérents" 600 "$(val adherents)"
top5=$(grep '^region_' "$TMPD/stats" | sort -k2 -n -r | head -5 | sed 's/region_//; s/ .*//' | sort | tr '\n' ' ')
for r in 84 76 32 11; do
	assert_contains "région $r parmi les 5 plus grandes" "$r" "$top5"
done
for r in 94 01 02 03 04 06; do
	n=$(val "region_$r"); n=${n:-0}
	[ "$n" -le 10 ] && ok "région $r petite ($n)" || not_ok "région $r petite" "$n adhérents"
done
between "des régions sous le seuil de secret (5)" regions_below_5 2 8
gt "la direction note plus haut que les salariés en insertion" moyenne_direction moyenne_salarie_insertion 0.3
gt "les administrateurs notent plus haut que les salariés en insertion" moyenne_administrateur moyenne_salarie_insertion 0.2
gt "progrès de 2024 à 2025" moyenne_2025 moyenne_2024 0.05
gt "progrès de 2025 à 2026" moyenne_2026 moyenne_2025 0.05
gt "on progresse plus sur les objectifs de son plan" progres_plan progres_hors_plan 0.05
between "les actions avancent d'un plan au suivant" statut_avance 200 100000
assert_eq "aucune action ne recule (réalisée puis à engager...)" 0 "$(val statut_recule)"
between "quelques évaluations sous le seuil de complétude" part_incompletes 0.01 0.08
between "UTF-8 sans BOM, le plus souvent" part_utf8 0.5 0.7
between "UTF-8 avec BOM, parfois" part_bom 0.12 0.3
between "Windows-1252, parfois" part_cp1252 0.12 0.3
between "séparateur ;, le plus souvent" part_pv 0.7 0.9
between "séparateur virgule, parfois" part_virgule 0.06 0.22
between "tabulation, rarement" part_tab 0.02 0.12
between "fins de ligne CRLF" part_crlf 0.3 0.55
between "des NC" part_nc 0.01 0.08
between "des cellules vides" part_vides 0.02 0.12
assert_eq "--defauts 0 : aucun défaut listé" 0 "$(val defauts)"
assert_eq "--defauts 0 : .defauts.txt n'a que son en-tête" "fichier;defaut;detail" "$(cat "$TMPD/n/.defauts.txt")"
stats valider "$TMPD/n" "$ROOT/config" > "$TMPD/valid"
assert_eq "--defauts 0 : chaque fichier suit le contrat" "" "$(grep -v -e '^valides' -e '^defectueux' "$TMPD/valid")"
# Multi-line fields and the re-exports are there.
nreexp=$(ls "$TMPD/n" | grep -c -e '-v2.csv$')
[ "$nreexp" -ge 10 ] && ok "des réexports corrigés ($nreexp)" || not_ok "des réexports corrigés" "$nreexp"
python3 - "$TMPD/n" > "$TMPD/later" <<'PY'
import os, sys, csv, io
d = sys.argv[1]
def ts(path):
    raw = open(path, "rb").read()
    raw = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try: text = raw.decode("utf-8")
    except UnicodeDecodeError: text = raw.decode("cp1252")
    sep = max(";,\t", key=text.split("\n", 1)[0].count)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    h = ["".join(c for c in x.lower() if c.isalnum()) for x in rows[0]]
    v = rows[1][h.index("horodatageexport")]
    if "/" in v[:10]:
        v = v[6:10] + "-" + v[3:5] + "-" + v[0:2] + v[10:]
    return v[:10]
bad = 0
for n in os.listdir(d):
    if n.endswith("-v2.csv"):
        if not ts(os.path.join(d, n)) > ts(os.path.join(d, n.replace("-v2", ""))):
            bad += 1
print(bad)
PY
assert_eq "un réexport a un horodatage_export plus tardif" 0 "$(cat "$TMPD/later")"

# ---- --defauts 0.1: about one file in ten, each defect really breaks the contract ----
run_lecap generate --entreprises 600 --graine 2026 --defauts 0.1 --out "$TMPD/p"
stats "$TMPD/p" > "$TMPD/stats"
between "--defauts 0.1 : environ 10 % de fichiers défectueux" part_defauts 0.075 0.125
between "--defauts 0.1 : toutes les sortes de défauts" defaut_kinds 11 11
stats valider "$TMPD/p" "$ROOT/config" > "$TMPD/valid"
assert_eq "--defauts 0.1 : les fichiers sans défaut suivent le contrat, chaque défaut le viole" "" \
	"$(grep -v -e '^valides' -e '^defectueux' "$TMPD/valid")"
assert_eq "--defauts 0.1 : chaque défaut listé est détecté" "$(($(wc -l < "$TMPD/p/.defauts.txt") - 1))" \
	"$(awk '$1 == "defectueux_rejetes" { print $2 }' "$TMPD/valid")"

# ---- memory does not grow with the number of members ----
python3 - "$LECAP" "$TMPD" > "$TMPD/rss" <<'PY'
import resource, subprocess, sys
lecap, tmp = sys.argv[1], sys.argv[2]
def rss(n):
    p = subprocess.run(["/usr/bin/env", "python3", "-c",
        "import resource,subprocess,sys;subprocess.run(sys.argv[1:]);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)",
        lecap, "-q", "generate", "--entreprises", str(n), "--out", f"{tmp}/m{n}"],
        capture_output=True, text=True)
    return int(p.stdout.split()[-1])
print(rss(100), rss(4000))
PY
read small big < "$TMPD/rss"
if measured "mémoire : 4000 entreprises comme 100"; then
	[ $((big - small)) -lt 1024 ] && ok "mémoire : 4000 entreprises comme 100 ($small Kio, $big Kio)" \
		|| not_ok "mémoire : 4000 entreprises comme 100" "$small Kio contre $big Kio"
fi

done_testing

# The delegates' digest (issue 21, item 4): each active delegate of a region
# receives, at most once per [diffusion] frequence_synthese (weekly by
# default), what moved in its region since its last digest: photographies
# changed (corrected export or plan), new evaluations, rejected files of the
# region's members with their first reason, members without an evaluation
# this campaign. Nothing moved: nothing sent. Never twice in a period
# (lecap.synthese), resumable after kill -9, --dry-run writes .eml files, a
# member who moves region appears in its new region's digest, a delegate
# sees its own region's members only. The test build's LECAP_TEST_NOW lets
# the weeks pass.
. tests/lib.sh
. tests/smtp/sink.sh
cd "$TMPD" || exit 1
IN="$TMPD/entree"; RA="$TMPD/rapports"
export LECAP_CHEMINS_ENTREE="$IN" LECAP_CHEMINS_ARCHIVE="$TMPD/archive" \
	LECAP_CHEMINS_QUARANTAINE="$TMPD/quarantaine" LECAP_CHEMINS_RAPPORTS="$RA"
unset LECAP_DIFFUSION_FREQUENCE_SYNTHESE # the default: hebdomadaire
"$LECAP" generate --entreprises 8 --campagnes 2026 --graine 3 --out "$TMPD/reseau" 2>/dev/null
# Grand Est (44): D (evaluated now) and E (evaluated later); Hauts-de-France
# (32): H; Bretagne (53): G, who moves to Grand Est in its corrected export.
D=86744764100012; E=76901250100011; H=96588278000012; G=91666521901759
mkdir -p "$IN" "$TMPD/tard" && cp "$TMPD/reseau/"* "$IN/" && mv "$IN/"*-v2.csv "$IN/reponses-$E-2026.csv" "$TMPD/tard/"

# A night without diffusion, then no reports: every message the sink gets
# below is a digest (send --campagne 2026 finds no regional report).
nuit() {
	LECAP_DIFFUSION_SMTP_URL= run_lecap -q run
	rm -rf "$RA"
}
nuit
assert_rc "nuit initiale : code 0" 0

# An invalid frequency: the file, the line, the accepted values; code 2.
printf '[base]\n\n[diffusion]\nfrequence_synthese = deux semaines\n' >mauvais.conf
LECAP_CONFIG="$TMPD/mauvais.conf" run_lecap send --dry-run
assert_rc "frequence_synthese invalide : code 2" 2
assert_eq "frequence_synthese invalide : le message" "lecap: erreur: $TMPD/mauvais.conf:4 : valeur invalide « deux semaines » pour [diffusion] frequence_synthese : attendu quotidienne, hebdomadaire, mensuelle, jamais, ou un nombre de jours de 1 à 366
lecap: astuce: les clés et leurs valeurs sont décrites dans config/lecap.conf.example" "$ERR"
LECAP_DIFFUSION_FREQUENCE_SYNTHESE=0 run_lecap send --dry-run
assert_rc "frequence_synthese = 0 : code 2" 2
assert_contains "frequence_synthese = 0 : refusé (jamais s'écrit jamais)" "variable d'environnement LECAP_DIFFUSION_FREQUENCE_SYNTHESE : valeur invalide « 0 » pour [diffusion] frequence_synthese" "$ERR"

smtp_start "$TMPD/recus" || exit 1
export LECAP_DIFFUSION_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT" LECAP_DIFFUSION_STARTTLS=$SMTP_STARTTLS \
	LECAP_DIFFUSION_EXPEDITEUR=lecap@coorace.org LECAP_DIFFUSION_DELAI=10
run_lecap recipients add 44 est@delegues.example.org "Eva Est"
run_lecap recipients add 32 nord@delegues.example.org
run_lecap recipients add 53 bzh@delegues.example.org
run_lecap recipients add FR direction@coorace.example.org

nmsg() { ls recus/msg-* 2>/dev/null | wc -l; }
show() { "$SMTP_PY" "$ROOT/tests/smtp/show.py" "$(ls -t recus/msg-*-"$1".eml | head -1)"; }
# The digest's text as the test compares it: subject and body.
digest() { show "$1" | sed -n '/^Subject:/p; /^---$/,$p' | sed '/^---$/d'; }
jour() { date -d "@$1" +%d/%m/%Y; }
# casse LINE SRC DEST [COLUMN]: SRC with a note of 5 (out of 1-4) on LINE,
# column 10 (and COLUMN), whatever the file's separator.
casse() {
	awk -v l="$1" -v c="${4:-10}" 'NR == 1 { FS = index($0, ";") ? ";" : index($0, "\t") ? "\t" : ","; OFS = FS; $0 = $0 }
		NR == l { $10 = "5"; $c = "5" } { print }' "$2" >"$3"
}
FOOT="Cette synthèse vous est envoyée par lecap, le traitement de nuit de COORACE, au plus une fois par semaine, quand il y a du nouveau dans votre région.
Pour ne plus la recevoir, écrivez à lecap@coorace.org."

# Week 0: the first digests cover the last 7 days: everything just ingested.
T0=$(date +%s)
export LECAP_TEST_NOW=$T0
run_lecap send --campagne 2026
assert_rc "première synthèse : code 0" 0
assert_eq "première synthèse : bilan" "diffusion, campagne 2026 : 0 envoyé(s), 0 inchangé(s), 0 en échec, 4 sans rapport
synthèses des délégués : 3 envoyée(s), 0 sans nouveauté, 0 pas encore due(s), 0 en échec" "$OUT"
assert_eq "une synthèse par délégué de région, aucune au national" "3" "$(nmsg)"
assert_eq "synthèse du Grand Est : le texte" "Subject: Le Cap — synthèse Grand Est — du $(jour $((T0 - 7 * 86400))) au $(jour "$T0")
Bonjour Eva Est,

Voici ce qui a changé dans la région Grand Est du $(jour $((T0 - 7 * 86400))) au $(jour "$T0") (campagne 2026).

Nouvelles évaluations (1) :
- L'Archipel des Ardennes (SIRET $D) : évaluation du 03/03/2026

Adhérents sans évaluation pour la campagne 2026 (1) :
- Chantier d'insertion L'Éclaircie des Ardennes (SIRET $E)

$FOOT" "$(digest est@delegues.example.org)"
assert_eq "Grand Est : les seuls adhérents de la région" "$E $D" \
	"$(digest est@delegues.example.org | grep -o '[0-9]\{14\}' | sort -u | tr '\n' ' ' | sed 's/ $//')"
assert_eq "Hauts-de-France : ses deux évaluations, ni plus ni moins" "71979493500317 $H" \
	"$(digest nord@delegues.example.org | grep -o '[0-9]\{14\}' | sort -u | tr '\n' ' ' | sed 's/ $//')"
assert_eq "journal : lecap.synthese" "32|nord@delegues.example.org|t|t
44|est@delegues.example.org|t|t
53|bzh@delegues.example.org|t|t" \
	"$(sql "SELECT d.region, d.email, s.reussi, s.fichier_max = (SELECT max(id) FROM lecap.fichier)
		FROM lecap.synthese s JOIN lecap.destinataire d ON d.id = s.destinataire_id ORDER BY s.id")"
assert_eq "journal : illisible des délégués" "ERROR:  permission denied for table synthese" \
	"$(psql -X -qAt -c "SET ROLE lecap_delegue; SELECT count(*) FROM lecap.synthese" 2>&1)"

run_lecap send --campagne 2026
assert_eq "aussitôt après : rien de dû" "synthèses des délégués : 0 envoyée(s), 0 sans nouveauté, 3 pas encore due(s), 0 en échec" \
	"$(echo "$OUT" | tail -1)"

# Things move: E's first evaluation, G's corrected export and plan moving it
# from Bretagne to Grand Est, a rejected export of H.
cp "$TMPD/tard/reponses-$E-2026.csv" "$TMPD/tard/plan-$G-2026-v2.csv" "$IN/"
awk -F';' 'BEGIN { OFS = ";" } NR > 1 { $3 = "44" } { print }' "$TMPD/tard/reponses-$G-2026-v2.csv" \
	>"$IN/reponses-$G-2026-v2.csv"
casse 2 "$TMPD/reseau/reponses-$H-2026.csv" "$IN/reponses-$H-2026-casse.csv" 11
nuit
assert_rc "nuit avec un rejet : code 1" 1
assert_eq "G a changé de région" "44" "$(sql "SELECT region FROM lecap.evaluation WHERE siret = '$G'")"

export LECAP_TEST_NOW=$((T0 + 3 * 86400))
run_lecap send --campagne 2026
assert_eq "trois jours après : pas deux fois la même semaine" "synthèses des délégués : 0 envoyée(s), 0 sans nouveauté, 3 pas encore due(s), 0 en échec" \
	"$(echo "$OUT" | tail -1)"
assert_eq "trois jours après : rien envoyé" "3" "$(nmsg)"

T1=$((T0 + 7 * 86400))
export LECAP_TEST_NOW=$T1
run_lecap send --campagne 2026
assert_rc "une semaine après : code 0" 0
assert_eq "une semaine après : Grand Est et Hauts-de-France, rien en Bretagne" "synthèses des délégués : 2 envoyée(s), 1 sans nouveauté, 0 pas encore due(s), 0 en échec" \
	"$(echo "$OUT" | tail -1)"
assert_eq "une semaine après : deux messages" "5" "$(nmsg)"
EXP=$(sql "SELECT to_char(horodatage_export, 'DD/MM/YYYY') FROM lecap.evaluation WHERE siret = '$G'")
PEXP=$(sql "SELECT to_char(horodatage_export, 'DD/MM/YYYY') FROM lecap.plan WHERE siret = '$G'")
DE=$(sql "SELECT to_char(date_evaluation, 'DD/MM/YYYY') FROM lecap.evaluation WHERE siret = '$E'")
assert_eq "Grand Est : seulement ce qui a bougé depuis, G venu de Bretagne compris" "Subject: Le Cap — synthèse Grand Est — du $(jour "$T0") au $(jour "$T1")
Bonjour Eva Est,

Voici ce qui a changé dans la région Grand Est du $(jour "$T0") au $(jour "$T1") (campagne 2026).

Photographies modifiées (1) :
- L'Archipel – GEIQ BTP (SIRET $G) : export corrigé du $EXP, plan de progrès corrigé du $PEXP

Nouvelles évaluations (1) :
- Chantier d'insertion L'Éclaircie des Ardennes (SIRET $E) : évaluation du $DE

$FOOT" "$(digest est@delegues.example.org)"
F="reponses-$H-2026-casse.csv"
FIRST=$(sql "SELECT messages FROM lecap.fichier WHERE nom = '$F'" | head -1 | sed "s/^$F://")
NPB=$(sql "SELECT messages FROM lecap.fichier WHERE nom = '$F'" | grep -c .)
assert_eq "le fichier rejeté : deux problèmes" "2" "$NPB"
assert_eq "Hauts-de-France : le fichier rejeté, son premier motif LIGNE:COLONNE: message" "Fichiers rejetés (1) :
- $F, Atelier chantier d'insertion Le Sillon de Thiérache (SIRET $H) : $FIRST (et 1 autre problème)" \
	"$(digest nord@delegues.example.org | sed -n '/^Fichiers rejetés/,/^$/p' | sed '/^$/d')"
assert_contains "le premier motif : LIGNE:COLONNE: message" "2:" "$FIRST"

run_lecap send --campagne 2026
assert_eq "la même semaine encore : rien" "synthèses des délégués : 0 envoyée(s), 1 sans nouveauté, 2 pas encore due(s), 0 en échec" \
	"$(echo "$OUT" | tail -1)"

# Two weeks on, a rejected file in each of Grand Est and Hauts-de-France;
# killed between the two digests, the rerun sends the other one only.
casse 2 "$TMPD/reseau/reponses-$H-2026.csv" "$IN/reponses-$H-2026-casse2.csv"
casse 2 "$TMPD/reseau/reponses-$D-2026.csv" "$IN/reponses-$D-2026-casse.csv"
nuit
T2=$((T0 + 14 * 86400))
export LECAP_TEST_NOW=$T2
LECAP_TEST_CRASH=envoi-entre-deux run_lecap send --campagne 2026
assert_eq "kill -9 entre deux synthèses : tué" "137" "$RC"
assert_eq "kill -9 entre deux synthèses : une partie" "6" "$(nmsg)"
run_lecap send --campagne 2026
assert_eq "relance : l'autre seulement" "synthèses des délégués : 1 envoyée(s), 1 sans nouveauté, 1 pas encore due(s), 0 en échec" \
	"$(echo "$OUT" | tail -1)"
assert_eq "relance : une synthèse de chaque, pas de double" "7" "$(nmsg)"
assert_eq "journal : une synthèse réussie par région et par semaine où il y avait du nouveau" "32|3
44|3
53|1" "$(sql "SELECT d.region, count(*) FROM lecap.synthese s JOIN lecap.destinataire d ON d.id = s.destinataire_id
	WHERE s.reussi GROUP BY 1 ORDER BY 1")"

# --dry-run: the .eml, nothing journalled; the end of lecap run sends it.
casse 3 "$TMPD/reseau/reponses-$H-2026.csv" "$IN/reponses-$H-2026-casse3.csv"
nuit
export LECAP_TEST_NOW=$((T0 + 21 * 86400))
n=$(sql "SELECT count(*) FROM lecap.synthese")
run_lecap send --campagne 2026 --dry-run --out "$TMPD/eml"
assert_rc "--dry-run : code 0" 0
assert_eq "--dry-run : bilan" "synthèses des délégués : 1 message(s) écrit(s), 2 sans nouveauté, 0 pas encore due(s)" \
	"$(echo "$OUT" | tail -1)"
assert_eq "--dry-run : le fichier .eml" "synthese-32-nord@delegues.example.org.eml" "$(ls "$TMPD/eml")"
assert_eq "--dry-run : rien au journal" "$n" "$(sql "SELECT count(*) FROM lecap.synthese")"
ls recus | sort >avant.txt
run_lecap run
assert_rc "lecap run : code 0" 0
assert_contains "lecap run : pas de rapport nouveau, la synthèse quand même" "lecap: avertissement: aucun rapport dans $RA : rien à diffuser que les synthèses des délégués" "$ERR"
assert_eq "lecap run : la synthèse part à la fin" "1" \
	"$(for m in $(ls recus | sort | comm -13 avant.txt -); do "$SMTP_PY" "$ROOT/tests/smtp/show.py" "recus/$m"; done |
		grep -c '^Subject: Le Cap — synthèse Hauts-de-France')"

# jamais: no digest at all.
LECAP_DIFFUSION_FREQUENCE_SYNTHESE=jamais LECAP_TEST_NOW=$((T0 + 60 * 86400)) run_lecap send --campagne 2026
assert_not_contains "jamais : pas de synthèse" "synthèses" "$OUT"
done_testing

# lecap report: the three kinds of report from a small network loaded through
# lecap ingest and lecap aggregate, checked with qpdf --check and pdftotext.
#
# Fixture (campaign 2026, grid cap-2019, seuil_secret 5), every export with a
# direction row, an insertion row and a consensus row:
#   region 84: six complete members; the consensus gives every indicator the
#              note N of the member, except those of sub-theme 4.1 which get M;
#   region 53: two complete members (under the secrecy threshold);
#   region 11: one incomplete member (ten indicators answered);
#   2025: the six members of 84 again (for the changes), one of 53;
#   a registry with one member of 84 never evaluated.
# The colleges disagree on sub-theme 3.3 only: direction 4, insertion 1.
. tests/lib.sh

export LECAP_AGREGATS_SEUIL_SECRET=5
report_dirs rapports

# A Luhn-valid SIRET from a 13-digit base.
# export_reponses SIRET NOM REGION TYPE CAMPAGNE N M COMPLETE
export_reponses() {
	awk -F';' -v siret="$1" -v nom="$2" -v region="$3" -v type="$4" -v camp="$5" \
		-v n="$6" -v m="$7" -v complete="$8" '
	$2 == "indicateur" { codes[++ni] = $1 }
	END {
		hdr = "siret;raison_sociale;region;type_structure;campagne;date_evaluation;horodatage_export;repondant;college"
		for (k = 1; k <= ni; k++) hdr = hdr ";" codes[k]
		print hdr
		pf = siret ";" nom ";" region ";" type ";" camp ";14/03/" camp ";" camp "-03-20T10:00:00+01:00"
		split("direction salarie_insertion consensus", col, " ")
		for (r = 1; r <= 3; r++) {
			line = pf ";R" r ";" col[r]
			for (k = 1; k <= ni; k++) {
				v = (codes[k] ~ /^4\.1\./) ? m : n
				if (codes[k] ~ /^3\.3\./ && r == 1) v = 4
				if (codes[k] ~ /^3\.3\./ && r == 2) v = 1
				if (!complete && k > 10) v = ""
				line = line ";" v
			}
			print line
		}
	}' "$ROOT/config/referentiel-cap.csv" >"$IN/reponses-$1-$5.csv"
}

S1=$(siret 4120000000001); S2=$(siret 4120000000002); S3=$(siret 4120000000003)
S4=$(siret 4120000000004); S5=$(siret 4120000000005); S6=$(siret 4120000000006)
S7=$(siret 4120000000007); S8=$(siret 4120000000008); S9=$(siret 4120000000009)
SX=$(siret 4120000000010)
ALL="$S1 $S2 $S3 $S4 $S5 $S6 $S7 $S8 $S9 $SX"

# region 84: N and M per member
N84="2 3 3 2 4 3"
M84="1 2 3 4 4 3"
i=0
for s in $S1 $S2 $S3 $S4 $S5 $S6; do
	i=$((i + 1))
	n=$(echo $N84 | cut -d' ' -f$i); m=$(echo $M84 | cut -d' ' -f$i)
	export_reponses "$s" "Atelier numéro $i" 84 ACI 2026 "$n" "$m" 1
	export_reponses "$s" "Atelier numéro $i" 84 ACI 2025 $((n > 1 ? n - 1 : 1)) 2 1
done
export_reponses "$S7" "Jardins de l'Odet" 53 EI 2026 3 2 1
export_reponses "$S8" "Chantier « Brocéliande »" 53 AI 2026 2 1 1
export_reponses "$S7" "Jardins de l'Odet" 53 EI 2025 2 2 1
export_reponses "$S9" "Œuvre francilienne" 11 AI 2026 3 3 0
{
	echo "siret;campagne;horodatage_export;objectif;action;priorite;responsable;echeance;statut;offres"
	echo "$S1;2026;2026-03-20T11:00:00+01:00;4.1.1;Préparer l'évaluation CEDRE avec l'équipe;1;Direction;31/12/2026;en_cours;CEDRE"
	echo "$S1;2026;2026-03-20T11:00:00+01:00;3.3.1;Réunion mensuelle d'information pour tous;2;Chargée de communication;;a_engager;COMMUNICATION"
} >"$IN/plan-$S1-2026.csv"
{
	echo "siret;raison_sociale;region;type_structure;date_adhesion"
	i=0
	for s in $S1 $S2 $S3 $S4 $S5 $S6; do i=$((i + 1)); echo "$s;Atelier numéro $i;84;ACI;01/01/2015"; done
	echo "$S7;Jardins de l'Odet;53;EI;01/01/2015"
	echo "$S8;Chantier Brocéliande;53;AI;01/01/2015"
	echo "$S9;Œuvre francilienne;11;AI;01/01/2015"
	echo "$SX;Entreprise jamais évaluée;84;EI;01/06/2025"
} >"$IN/adherents.csv"

run_lecap -q init
assert_rc "init : code 0" 0
run_lecap -q ingest
assert_rc "ingest du jeu d'essai : code 0" 0
assert_eq "évaluations chargées" "16" "$(sql 'SELECT count(*) FROM lecap.evaluation')"

# Before aggregation: refused with a hint.
run_lecap report
assert_rc "sans agrégats : code 2" 2
assert_contains "sans agrégats : message" "lecap: erreur: la campagne 2026 n'est pas agrégée : pas de rapport sans agrégats" "$ERR"
assert_contains "sans agrégats : astuce" "lecap: astuce: lancez d'abord : lecap aggregate --campagne 2026" "$ERR"

run_lecap -q aggregate --all
assert_rc "aggregate : code 0" 0

# --- every report -----------------------------------------------------------
run_lecap report
assert_rc "report (--all par défaut) : code 0" 0
assert_contains "report : résumé" "lecap: info: campagne 2026 : 1 rapport national, 3 rapports régionaux (" "$ERR"
assert_contains "report : photographies" "9 photographies d'adhérents (" "$ERR"
D="$RAP/2026"
assert_eq "arborescence des rapports" "entreprises/11/$S9.pdf
entreprises/53/$S7.pdf
entreprises/53/$S8.pdf
entreprises/84/$S1.pdf
entreprises/84/$S2.pdf
entreprises/84/$S3.pdf
entreprises/84/$S4.pdf
entreprises/84/$S5.pdf
entreprises/84/$S6.pdf
national.pdf
regions/11-ile-de-france.pdf
regions/53-bretagne.pdf
regions/84-auvergne-rhone-alpes.pdf" "$(cd "$D" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)"
assert_eq "fichiers 0640" "640" "$(stat -c %a "$D/national.pdf")"
assert_eq "répertoires 0750" "750 750 750" "$(stat -c %a "$D" "$D/regions" "$D/entreprises/84" | tr '\n' ' ' | sed 's/ $//')"
assert_eq "aucun fichier temporaire" "" "$(find "$RAP" -name '.*')"

# all_whole DIR: the PDFs under DIR that qpdf finds damaged (none expected)
all_whole() {
	local f bad=""
	for f in $(find "$1" -name '*.pdf'); do qpdf --check "$f" >/dev/null 2>&1 || bad="$bad $f"; done
	echo "$bad"
}
assert_eq "qpdf --check accepte chaque PDF" "" "$(all_whole "$D")"

text() { pdftotext -layout "$1" - 2>/dev/null; }
REG=$(text "$D/regions/84-auvergne-rhone-alpes.pdf")
NAT=$(text "$D/national.pdf")
# Column headings whole: a fixed column is widened to its heading's longest
# word (« Permanent·e·s » was cut before its last letter).
assert_eq "en-têtes entiers : scores par collège" "2" \
	"$(echo "$NAT" | grep -c 'Thème / sous-thème  *Direction  *Permanent·e·s  *Insertion  *Bénévoles')"

# The mean of sub-theme 4.1 in region 84, computed here from the fixture.
mean84=$(echo $M84 | awk '{ s = 0; for (i = 1; i <= NF; i++) s += $i; printf "%.2f", s / NF }' | tr . ,)
assert_eq "moyenne attendue (calculée du jeu d'essai)" "2,83" "$mean84"
line=$(echo "$REG" | grep '^ *4\.1 Démarches de progrès / qualité  ' | head -1)
assert_contains "rapport 84 : la moyenne de 4.1 dans le tableau des résultats" " 6 " "$line"
assert_contains "rapport 84 : 4.1 vaut $mean84" "$mean84" "$line"
# The median of 1 2 3 4 4 3 is 3. The change since 2025 (M was 2
# everywhere, +0,83) is not published (issue 18): in 2025 the network was 84
# and the one member of 53, so lecap.publier masked 84 2025 with 53 (else FR
# minus 84 gives 53); the PDF prints the view's decision, « s ».
assert_contains "rapport 84 : médiane de 4.1" "3,00" "$line"
assert_eq "vue : 84 2025 masquée (secret secondaire)" "secondaire" \
	"$(sql "SELECT secret FROM lecap.v_publication_agregat WHERE campagne = 2025 AND region = '84' AND code = '4.1'")"
assert_eq "rapport 84 : évolution de 4.1 secrète comme dans la vue" "6 2,83 3,00 2,25–3,75 s s" \
	"$(echo $line | sed 's/^4\.1 Démarches de progrès \/ qualité //')"
assert_contains "rapport 84 : section des résultats" "Résultats par thème et sous-thème" "$REG"
assert_contains "rapport 84 : pagination" "page 1 / " "$REG"
assert_contains "rapport 84 : pied de page" "Le Cap · campagne 2026 · grille cap-2019 · données au 20/03/2026" "$REG"
assert_contains "rapport 84 : adhérent jamais évalué" "$SX" "$REG"
assert_contains "rapport 84 : sous-thème très dispersé (3.3)" "3.3 Communication" "$(echo "$REG" | sed -n '/Dispersion au sein des entreprises/,$p')"
# issue 19 item 5: « point de débat » names the divergence between colleges
# only (the photographie's objectives); the spread within an enterprise is
# « très dispersé », in every report
assert_not_contains "rapport 84 : « point de débat » ne nomme pas la dispersion interne" "point de débat" "$REG"
assert_contains "rapport 84 : la dispersion interne définie avec son seuil" "À 2 points ou plus, le sous-thème est très dispersé dans l'entreprise" "$(echo "$REG" | tr -s ' \n' '  ')"
assert_contains "rapport 84 : méthode" "données auto-déclarées, non" "$REG"
# Page 1 ends with the region against the network, theme by theme, as the
# publication view gives them (the network masked here: « s », no gap).
P84=$(pdftotext -f 1 -l 1 -layout "$D/regions/84-auvergne-rhone-alpes.pdf" - 2>/dev/null)
assert_contains "rapport 84, p. 1 : la région face au réseau" "La région face au réseau" "$P84"
assert_eq "rapport 84, p. 1 : chaque thème comme v_publication_agregat" \
	"$(sql "SELECT a.code || ' ' || a.libelle || ' ' || replace(a.moyenne::text, '.', ',') || ' '
	           || CASE WHEN f.diffusable THEN replace(f.moyenne::text, '.', ',') ELSE 's' END || ' '
	           || round(a.part_atteinte * 100) || ' % '
	           || CASE WHEN f.diffusable THEN round(f.part_atteinte * 100) || ' %' ELSE 's' END
	      FROM lecap.v_publication_agregat a
	      JOIN lecap.v_publication_agregat f ON f.campagne = a.campagne AND f.region = 'FR' AND f.code = a.code
	     WHERE a.campagne = 2026 AND a.region = '84' AND a.niveau = 'theme' ORDER BY a.rang")" \
	"$(echo "$P84" | sed -n '/La région face au réseau/,/Moyennes des scores/p' | grep '^ *[1-4] [A-Z]' | tr -s ' ' | sed 's/^ //; s/ $//')"
assert_eq "vue : le réseau masqué en 2026 (FR = 84 + 53)" "f" \
	"$(sql "SELECT bool_or(diffusable) FROM lecap.v_publication_agregat WHERE campagne = 2026 AND region = 'FR' AND niveau = 'theme'")"

# Region 53: two members, under the threshold (issue 18: the PDFs print
# what the publication views publish, nothing the region's delegate could
# not publish): its count of respondents is « s » as in
# v_publication_participation; its count of complete evaluations is
# printed (never secret: it is the n of every result cell); one sentence
# says why, and no table of « s » (issue 19). In this network the national
# figures are masked too (FR = 84 + 53 would give 53): a sentence says so.
R53=$(text "$D/regions/53-bretagne.pdf")
R53L=$(echo "$R53" | tr -s ' \n' '  ')
assert_eq "vue : participation de 53, répondants secrets, complètes publiées" "primaire|2|" \
	"$(sql "SELECT secret || '|' || coalesce(n_completes::text, '') || '|' || coalesce(n_repondants::text, '') FROM lecap.v_publication_participation WHERE campagne = 2026 AND region = '53'")"
assert_contains "rapport 53 : dit pourquoi, et que le réseau n'est pas publié non plus" "La région compte moins de 5 évaluations complètes, seuil en dessous duquel aucun de ses chiffres n'est publié seul (secret statistique) : ce rapport montre ses relances ; les résultats du réseau ne sont pas publiés non plus pour cette campagne." "$R53L"
assert_contains "rapport 53 : chiffres clés comme la vue" "Chiffres clés 2 2 100 % s évaluations reçues évaluations complètes" "$R53L"
assert_eq "rapport 53 : les quatre chiffres clés (« s » : répondants)" "2 2 100 % s" \
	"$(echo "$R53" | sed -n '/Chiffres clés/,/évaluations reçues/p' | grep -v '^ *$' | sed -n 2p | tr -s ' ' | sed 's/^ //; s/ $//')"
assert_contains "rapport 53 : le réseau non publié, dit en une phrase" "Les résultats du réseau ne sont pas publiés non plus pour cette campagne" "$R53L"
assert_eq "rapport 53 : aucune ligne de « s »" "" "$(echo "$R53" | grep -E ' s +s +s' | head -3)"

# Region 11: only an incomplete evaluation, one: under the threshold too,
# so the report does not even say that none is complete (a count of 0 of 1).
R11=$(text "$D/regions/11-ile-de-france.pdf")
assert_contains "rapport 11 : sous le seuil, sans compter" "La région compte moins de 5 évaluations complètes" "$(echo "$R11" | tr -s ' \n' '  ')"
assert_not_contains "rapport 11 : pas de tableau de résultats" "Résultats par thème" "$R11"

# National: the network's 4.1 over the eight complete members is masked by
# the publication (FR = 84 + 53, 53 secret): the PDF prints « s » where
# v_publication_agregat has NULL, and 84's figures where it has them.
assert_eq "vue : FR 2026 masquée" "secondaire|" \
	"$(sql "SELECT secret || '|' || coalesce(moyenne::text, '') FROM lecap.v_publication_agregat WHERE campagne = 2026 AND region = 'FR' AND code = '4.1'")"
line=$(echo "$NAT" | grep '^ *4\.1 Démarches de progrès / qualité  ' | head -1)
assert_eq "national : 4.1 du réseau, n = 8, le reste « s »" "4.1 Démarches de progrès / qualité 8 s s s s s" "$(echo $line)"
# Region × theme: the view's decision, themes named (issue 19).
rt=$(echo "$NAT" | sed -n '/Régions × thèmes/,/secret statistique/p')
assert_contains "national : colonnes nommées par thème" "1 Identité" "$rt"
v84=$(sql "SELECT string_agg(replace(moyenne::text, '.', ','), ' ' ORDER BY rang) FROM lecap.v_publication_agregat WHERE campagne = 2026 AND region = '84' AND niveau = 'theme'")
assert_eq "national : 84 comme dans la vue" "84 Auvergne-Rhône-Alpes $v84" "$(echo "$rt" | grep '^ *84 Auvergne' | head -1 | tr -s ' ' | sed 's/^ //; s/ $//')"
assert_eq "national : 53 secrète" "53 Bretagne s s s s" "$(echo "$rt" | grep '^ *53 Bretagne' | head -1 | tr -s ' ' | sed 's/^ //; s/ $//')"

# Member report of S1: its own figures, nobody else's SIRET.
E1=$(text "$D/entreprises/84/$S1.pdf")
assert_contains "photographie : son SIRET" "SIRET $S1" "$E1"
assert_contains "photographie : son plan tel que transmis" "Préparer l'évaluation CEDRE" "$E1"
assert_contains "photographie : plan prêt à l'emploi" "Un plan de progrès prêt à l'emploi" "$E1"
line=$(echo "$E1" | grep '^ *4\.1 Démarches de progrès / qualité  ' | head -1)
# the network's 4.1 (1 1 2 2 3 3 4 4, median 2,50) is masked in the
# publication views: « s », and no quarter of the network; the median of
# its structure type (ACI: the six members of 84, 1 2 3 4 4 3) is 3,00,
# published in v_publication_agregat_type (issue 19: same-type comparison)
assert_eq "vue : médiane ACI du réseau pour 4.1" "3.00" \
	"$(sql "SELECT mediane FROM lecap.v_publication_agregat_type WHERE campagne = 2026 AND region = 'FR' AND type_structure = 'ACI' AND code = '4.1'")"
assert_eq "photographie : 4.1 = 1, médiane 3 (région), réseau « s », même type 3,00, comme dans les vues" \
	"4.1 Démarches de progrès / qualité 1,00 3,00 s 3,00 –" "$(echo $line)"
assert_contains "photographie : évolution campagne par campagne" "Votre évolution, campagne par campagne" "$E1"
assert_contains "photographie : évolution depuis 2025" "Évolution : score 2026 moins score 2025 (votre évaluation précédente)" \
	"$(echo "$E1" | tr -s ' \n' '  ')"
assert_eq "photographie : 3.3 très dispersé, là seulement" "3.3 Communication 4,00 – 1,00 – – 3,00 oui" \
	"$(echo "$E1" | grep ' oui *$' | tr -s ' ' | sed 's/^ //; s/ $//')"
assert_contains "photographie : la dispersion interne définie, distincte des points de débat" \
	"À 2 points ou plus, le sous-thème est très dispersé : vos répondants ne le vivent pas de la même façon, à reprendre ensemble. Les points de débat, plus loin, comparent les collèges entre eux." \
	"$(echo "$E1" | tr -s ' \n' '  ')"
leak=""
for f in $(find "$D/entreprises" -name '*.pdf'); do
	own=$(basename "$f" .pdf)
	t=$(pdftotext "$f" - 2>/dev/null)
	for s in $ALL; do
		[ "$s" = "$own" ] && continue
		case "$t" in *"$s"*) leak="$leak $own:$s" ;; esac
	done
done
assert_eq "aucune photographie ne montre le SIRET d'un autre adhérent" "" "$leak"
E9=$(text "$D/entreprises/11/$S9.pdf")
assert_contains "photographie incomplète : le dit" "Votre évaluation est incomplète" "$E9"

# Every page of each kind, for a person to look at (page 1 is the cover).
rm -f "$PNG"/*.png
pdftoppm -r 50 -png "$D/national.pdf" "$PNG/national"
pdftoppm -r 50 -png "$D/regions/84-auvergne-rhone-alpes.pdf" "$PNG/region-84"
pdftoppm -r 50 -png "$D/entreprises/84/$S1.pdf" "$PNG/entreprise"
assert_eq "pages 1 en PNG" "3" "$(ls "$PNG"/*-1.png | wc -l)"

# --- determinism: the same data give the same bytes ----------------------------
cp -r "$D" "$TMPD/avant"
run_lecap -q report
assert_rc "second report : code 0" 0
assert_eq "mêmes octets d'une exécution à l'autre" "" "$(diff -r "$TMPD/avant" "$D" 2>&1)"

# --- selections ---------------------------------------------------------------
run_lecap report --region 53 --out "$TMPD/sel"
assert_rc "--region 53 : code 0" 0
assert_eq "--region 53 : un seul fichier" "regions/53-bretagne.pdf" "$(cd "$TMPD/sel/2026" && find . -type f | sed 's|^\./||')"
run_lecap report --entreprise "$(echo "$S2" | sed 's/\(...\)\(...\)\(...\)/\1 \2 \3 /')" --out "$TMPD/sel2"
assert_rc "--entreprise (avec espaces) : code 0" 0
assert_eq "--entreprise : un seul fichier" "entreprises/84/$S2.pdf" "$(cd "$TMPD/sel2/2026" && find . -type f | sed 's|^\./||')"
run_lecap report --national --campagne 2025 --out "$TMPD/sel3"
assert_rc "--national --campagne 2025 : code 0" 0
assert_eq "--campagne 2025 : sous 2025/" "national.pdf" "$(cd "$TMPD/sel3/2025" && find . -type f | sed 's|^\./||')"
LECAP_RAPPORTS_ENTREPRISES=non run_lecap report --out "$TMPD/sel4"
assert_rc "[rapports] entreprises = non : code 0" 0
assert_eq "[rapports] entreprises = non : pas de photographie" "" "$(find "$TMPD/sel4" -path '*entreprises*')"
assert_contains "[rapports] entreprises = non : dit pourquoi" "photographies des adhérents désactivées ([rapports] entreprises = non)" "$ERR"

# Stale aggregates: the reports are rendered, with a warning.
LECAP_AGREGATS_SEUIL_SECRET=3 run_lecap report --national --out "$TMPD/sel7"
assert_rc "agrégats périmés : code 0" 0
assert_contains "agrégats périmés : avertissement" "lecap: avertissement: les agrégats de la campagne 2026 ne sont pas à jour (paramètres [agregats] changés) : les rapports montrent le dernier calcul" "$ERR"
run_lecap report --national --out "$TMPD/sel8"
assert_not_contains "agrégats à jour : pas d'avertissement" "avertissement" "$ERR"

# --- the report step of lecap run -------------------------------------------------
# 2025 was aggregated but its reports never rendered (lecap report took the
# latest campaign only): the next run renders them, and only them.
rm -rf "$RAP"
run_lecap run
assert_rc "lecap run, rapports 2025 jamais produits : code 0" 0
assert_contains "lecap run : produit les rapports périmés de 2025" "lecap: info: campagne 2025 : 1 rapport national" "$ERR"
assert_not_contains "lecap run : pas ceux de 2026, à jour" "campagne 2026 : 1 rapport national" "$ERR"
assert_eq "lecap run : seulement 2025/" "2025" "$(ls "$RAP")"
run_lecap run
assert_rc "lecap run sans nouveauté : code 0" 0
assert_eq "lecap run sans nouveauté : aucun rapport" "0" "$(sql "SELECT rapports_ecrits FROM lecap.execution ORDER BY id DESC LIMIT 1")"
assert_not_contains "lecap run sans nouveauté : aucune campagne rendue" "rapport national" "$ERR"
run_lecap run --all
assert_rc "lecap run --all : code 0" 0
assert_eq "lecap run --all : les rapports de 2026" "13" "$(find "$RAP/2026" -name '*.pdf' | wc -l)"
assert_eq "lecap run --all : mêmes octets que lecap report" "" "$(diff -r "$TMPD/avant" "$RAP/2026" 2>&1)"
cp "$IN/../archive/2026/"*"$S9"* "$IN/" 2>/dev/null || true
sed -i 's/;3;3;3;3;3;3;3;3;3;3;/;4;4;4;4;4;4;4;4;4;4;/; s/2026-03-20T10:00:00/2026-03-21T10:00:00/' "$IN/"*"$S9"* 2>/dev/null
n=$(ls "$IN" | wc -l)
run_lecap run
assert_rc "lecap run après un nouvel export ($n fichier) : code 0" 0
assert_contains "lecap run : la campagne recalculée a ses rapports" "lecap: info: campagne 2026 : 1 rapport national, 3 rapports régionaux" "$ERR"

# A member that changes region (issue 18): a corrected export puts S9 in 53;
# its photographie goes to 53's folder and the one in 11's folder, which the
# delegate of 11 could read, is removed, said once.
assert_eq "avant le changement : photographie de S9 en 11" "$RAP/2026/entreprises/11/$S9.pdf" "$(ls "$RAP/2026/entreprises/11/$S9.pdf")"
export_reponses "$S9" "Atelier du Nord" 53 AI 2026 3 3 0
sed -i 's/2026-03-20T10:00:00/2026-03-22T10:00:00/' "$IN/reponses-$S9-2026.csv"
run_lecap run
assert_rc "lecap run après un changement de région : code 0" 0
assert_eq "changement de région : photographie dans le dossier de la nouvelle région seulement" \
	"entreprises/53/$S9.pdf" "$(cd "$RAP/2026" && find . -name "$S9.pdf" | sed 's|^\./||')"
assert_contains "changement de région : l'ancienne photographie supprimée, dit" \
	"lecap: info: photographie de l'ancienne région supprimée : $RAP/2026/entreprises/11/$S9.pdf (l'adhérent est maintenant en 53)" "$ERR"

# SIGTERM between two member reports: exit 5, every file written is whole
# (one worker: exactly one photographie).
# stopped WORKERS DIR: lecap report --out DIR with WORKERS workers, sent
# SIGTERM once paused between two member reports; its code in STOPPED_RC,
# its stderr in DIR.err.
stopped() {
	rm -f "$TMPD/pause"
	LECAP_RAPPORTS_TRAVAILLEURS=$1 LECAP_TEST_PAUSE=rapports-entre-deux LECAP_TEST_PAUSE_FILE="$TMPD/pause" \
		"$LECAP" report --out "$2" >/dev/null 2>"$2.err" &
	local pid=$!
	for _ in $(seq 1 1500); do [ -f "$TMPD/pause" ] && break; sleep 0.02; done
	kill -TERM $pid
	wait $pid
	STOPPED_RC=$?
}
stopped 1 "$TMPD/stop"
assert_eq "SIGTERM : code 5" "5" "$STOPPED_RC"
# (national, 84 and 53: region 11 has no evaluation left since S9 moved, then one photographie)
assert_contains "SIGTERM : message" "lecap: erreur: arrêt demandé (signal 15) : rapports interrompus après 4 fichiers, tous complets" "$(cat "$TMPD/stop.err")"
assert_eq "SIGTERM : une seule photographie" "1" "$(find "$TMPD/stop" -path '*entreprises*' -name '*.pdf' | wc -l)"
assert_eq "SIGTERM : aucun fichier temporaire" "" "$(find "$TMPD/stop" -name '.*')"
assert_eq "SIGTERM : chaque PDF écrit est complet" "" "$(all_whole "$TMPD/stop")"

# SIGTERM with two workers (issue 20 item 6): both stop between two members,
# exit 5; each worker finishes the photographie it is drawing (1 or 2 in all).
stopped 2 "$TMPD/stop2"
assert_eq "2 travailleurs, SIGTERM : code 5" "5" "$STOPPED_RC"
n2=$(find "$TMPD/stop2" -path '*entreprises*' -name '*.pdf' | wc -l)
case $n2 in 1 | 2) ok=oui ;; *) ok="non ($n2)" ;; esac
assert_eq "2 travailleurs, SIGTERM : une photographie par travailleur au plus" "oui" "$ok"
assert_contains "2 travailleurs, SIGTERM : message (3 rapports territoriaux + $n2 photographie(s))" \
	"lecap: erreur: arrêt demandé (signal 15) : rapports interrompus après $((3 + n2)) fichiers, tous complets" \
	"$(cat "$TMPD/stop2.err")"
assert_eq "2 travailleurs, SIGTERM : aucun fichier temporaire" "" "$(find "$TMPD/stop2" -name '.*')"
assert_eq "2 travailleurs, SIGTERM : chaque PDF écrit est complet" "" "$(all_whole "$TMPD/stop2")"

# [rapports] travailleurs (issue 20 item 6): the same files byte for byte and
# the same messages in the same order (debug lines included) with 1, 2 or 3
# workers; the photographies are split between the workers (runs of members).
for w in 1 2 3; do
	LECAP_RAPPORTS_TRAVAILLEURS=$w run_lecap -v report --out "$TMPD/trav$w"
	assert_rc "travailleurs = $w : code 0" 0
	assert_contains "travailleurs = $w : dit en mode -v" \
		"lecap: debug: photographies : 9 adhérent(s), $w travailleur(s) (par séries de $(((9 + w - 1) / w)))" "$ERR"
	# the same but for the times, the durations and the line above
	sed -e "s|$TMPD/trav$w|TRAV|g" -e 's/^[0-9T:+-]* //' -e 's/([0-9]*,[0-9]* s)/(T s)/g' \
		-e 's/^lecap: debug: [0-9]* photographies par seconde$/lecap: debug: N photographies par seconde/' \
		-e '/debug: photographies : .* travailleur/d' "$TMPD/err" >"$TMPD/trav$w.err"
done
np=$(find "$TMPD/trav1" -path '*entreprises*' -name '*.pdf' | wc -l)
assert_eq "travailleurs : 9 photographies à partager" "9" "$np"
for w in 2 3; do
	assert_eq "travailleurs = $w : les mêmes fichiers que 1, octet pour octet" "" \
		"$(diff -r "$TMPD/trav1" "$TMPD/trav$w" 2>&1 | sed "s|$TMPD/||g")"
	assert_eq "travailleurs = $w : les mêmes messages, dans le même ordre" "" \
		"$(diff "$TMPD/trav1.err" "$TMPD/trav$w.err")"
	assert_eq "travailleurs = $w : autant de lignes « rapport écrit » que de photographies" "$np" \
		"$(grep -c 'debug: rapport écrit : .*entreprises' "$TMPD/trav$w.err")"
done
# The heap kept between documents (cmd/lecap.c, tune_malloc): each PDF stream
# allocates zlib's deflate state; with glibc's default thresholds every free
# gave the pages back (brk, madvise in a worker's arena) and the next stream
# faulted them in again. Counted with strace for this report (3 territorial
# reports, 9 photographies): 28 calls with one worker and 115 with two before,
# 10 and 10 after — a constant of the process (libpq, the config, the first
# document), not a number per PDF. Plain build only (ASan has its own allocator).
# The report must have run whole: a lecap that stopped early makes few calls too.
# strace is installed by scripts/deps.sh: its absence fails, it does not skip.
if measured "appels brk et madvise du rendu"; then
	for w in 1 2; do
		LECAP_RAPPORTS_TRAVAILLEURS=$w strace -f -c -e trace=brk,madvise -o "$TMPD/strace$w" \
			"$LECAP" -q report --out "$TMPD/tas$w" >/dev/null 2>"$TMPD/strace$w.err"
		rc=$?
		assert_eq "travailleurs = $w, sous strace : code 0, les 12 PDF écrits" "0 12" \
			"$rc $(find "$TMPD/tas$w" -name '*.pdf' | wc -l)"
		n=$(awk '$NF == "brk" || $NF == "madvise" { s += $4 } END { print s + 0 }' "$TMPD/strace$w" 2>/dev/null)
		assert_eq "travailleurs = $w : le tas est gardé entre les documents (brk + madvise < 20 ; $n)" "oui" \
			"$([ "$n" -lt 20 ] && echo oui || echo "non : $n")"
	done
fi
# A failure in one worker: the same exit code and the same error as with one
# worker (the 6th photographie in list order cannot be written: a directory
# holds its name); the members before it are drawn, whatever the number.
victim=$(cd "$TMPD/trav1" && find 2026/entreprises -name '*.pdf' | sort | sed -n 6p)
for w in 1 2; do
	mkdir -p "$TMPD/travE$w/$victim"
	LECAP_RAPPORTS_TRAVAILLEURS=$w run_lecap report --out "$TMPD/travE$w"
	eval "rc$w=\$RC"
	grep 'erreur:' "$TMPD/err" | sed -e 's/^[0-9T:+-]* //' -e "s|$TMPD/travE$w|TRAV|g; s|\.[a-zA-Z0-9_]*\.tmp|.TMP|g" \
		>"$TMPD/travE$w.err"
done
assert_eq "travailleurs, un échec : code 5 avec 1 travailleur" "5" "$rc1"
assert_eq "travailleurs, un échec : le même code avec 2" "$rc1" "$rc2"
assert_contains "travailleurs, un échec : le fichier nommé" "TRAV/$victim" "$(cat "$TMPD/travE1.err")"
assert_eq "travailleurs, un échec : la même erreur avec 2" "$(head -1 "$TMPD/travE1.err")" "$(head -1 "$TMPD/travE2.err")"
assert_eq "travailleurs, un échec : aucun fichier temporaire" "" "$(find "$TMPD/travE1" "$TMPD/travE2" -name '.*')"

LECAP_RAPPORTS_TRAVAILLEURS=17 run_lecap report --out "$TMPD/trav17"
assert_rc "travailleurs = 17 : code 2" 2
assert_eq "travailleurs = 17 : message" "lecap: erreur: [rapports] travailleurs = 17 : de 0 à 16 photographies dessinées en parallèle
lecap: astuce: indiquez travailleurs = 0 (un par processeur), 1 (un seul) ou plus dans la section [rapports] de lecap.conf" "$ERR"

# --- errors ---------------------------------------------------------------------
run_lecap report --region 99
assert_rc "région inconnue : code 2" 2
assert_eq "région inconnue : message" "lecap: erreur: région inconnue : « 99 »
lecap: astuce: donnez le code INSEE de la région (ex. 84), tel que dans config/regions.csv" "$ERR"
run_lecap report --region 76
assert_rc "région sans évaluation : code 2" 2
assert_contains "région sans évaluation : message" "lecap: erreur: aucune évaluation pour la région 76 en 2026 : pas de rapport régional" "$ERR"
run_lecap report --entreprise 123
assert_rc "SIRET invalide : code 2" 2
assert_contains "SIRET invalide : message" "lecap: erreur: --entreprise attend un SIRET de 14 chiffres, reçu « 123 »" "$ERR"
run_lecap report --entreprise "$SX"
assert_rc "adhérent sans évaluation : code 2" 2
assert_contains "adhérent sans évaluation : message" "lecap: erreur: l'entreprise $SX n'a pas d'évaluation agrégée en 2026 : pas de photographie" "$ERR"
run_lecap report --national --region 84
assert_rc "sélections exclusives : code 2" 2
run_lecap report --campagne 2030
assert_rc "campagne sans évaluation : code 2" 2
assert_contains "campagne sans évaluation : message" "lecap: erreur: aucune évaluation pour la campagne 2030" "$ERR"
run_lecap report --format pdf
assert_rc "option inconnue : code 2" 2
assert_contains "option inconnue : message" "lecap: erreur: option inconnue pour report : « --format »" "$ERR"
run_lecap report --national --out /dev/null/rapports
assert_rc "répertoire impossible : code 5" 5
assert_contains "répertoire impossible : message" "lecap: erreur: impossible de créer le répertoire /dev/null : un fichier porte ce nom" "$ERR"
LECAP_RAPPORTS_POLICE=/nulle/part.ttf run_lecap report --national --out "$TMPD/sel5"
assert_rc "police illisible : code 2" 2
assert_contains "police illisible : message" "lecap: erreur: [rapports] police : impossible de lire /nulle/part.ttf" "$ERR"
if [ -r /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
	LECAP_RAPPORTS_POLICE=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf run_lecap report --national --out "$TMPD/sel6"
	assert_rc "police TTF incorporée : code 0" 0
	assert_contains "police TTF incorporée : pdffonts" "DejaVuSans" "$(pdffonts "$TMPD/sel6/2026/national.pdf")"
fi

done_testing

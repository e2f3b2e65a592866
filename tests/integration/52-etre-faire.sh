# Issue 22 items 4 and 5 in the reports: the vision text (« Être et faire
# COORACE ») on every report's method page, the four-theme presentation
# heading the national report, and nationally how often the consensus sits
# above or below the individual mean (lecap.v_consensus_entreprise,
# lecap.v_publication_consensus), on a hand-built network with known answers.
#
# Fixture (campaign 2026, seuil_secret 5), region 84, every export with a
# direction row and an insertion row rating every indicator N:
#   six members with a consensus row, N = 2 3 3 2 4 3: the consensus gives N,
#   except sub-theme 2.1 where it gives 1, and sub-theme 3.3 where the
#   direction gives 4, the insertion 1 (individual mean 2,50) and the
#   consensus C = 2 3 2 4 1 3;
#   a seventh member without consensus row (not measured).
# Known answers: 2.1: 6 below; 3.3: 3 above, 3 below; the other nine: 6 equal.
. tests/lib.sh

IN="$TMPD/entree"
RAP="$TMPD/rapports"
export LECAP_CHEMINS_ENTREE="$IN" LECAP_CHEMINS_ARCHIVE="$TMPD/archive" \
	LECAP_CHEMINS_QUARANTAINE="$TMPD/quarantaine" LECAP_CHEMINS_RAPPORTS="$RAP" \
	LECAP_AGREGATS_SEUIL_SECRET=5
mkdir -p "$IN"
PNG="$ROOT/tests/out/etre-faire"
mkdir -p "$PNG"

# export_reponses SIRET NOM N C (C empty: no consensus row)
export_reponses() {
	awk -F';' -v siret="$1" -v nom="$2" -v n="$3" -v c="$4" '
	$2 == "indicateur" { codes[++ni] = $1 }
	END {
		hdr = "siret;raison_sociale;region;type_structure;campagne;date_evaluation;horodatage_export;repondant;college"
		for (k = 1; k <= ni; k++) hdr = hdr ";" codes[k]
		print hdr
		pf = siret ";" nom ";84;ACI;2026;14/03/2026;2026-03-20T10:00:00+01:00"
		split("direction salarie_insertion consensus", col, " ")
		for (r = 1; r <= (c == "" ? 2 : 3); r++) {
			line = pf ";R" r ";" col[r]
			for (k = 1; k <= ni; k++) {
				v = n
				if (codes[k] ~ /^3\.3\./) v = (r == 1) ? 4 : (r == 2) ? 1 : c
				if (codes[k] ~ /^2\.1\./ && r == 3) v = 1
				line = line ";" v
			}
			print line
		}
	}' "$ROOT/config/referentiel-cap.csv" >"$IN/reponses-$1-2026.csv"
}

N="2 3 3 2 4 3"
C="2 3 2 4 1 3"
for i in 1 2 3 4 5 6; do
	export_reponses "$(siret 412000000000$i)" "Atelier numéro $i" "$(echo $N | cut -d' ' -f$i)" \
		"$(echo $C | cut -d' ' -f$i)"
done
S1=$(siret 4120000000001)
S7=$(siret 4120000000007)
export_reponses "$S7" "Atelier sans consensus" 3 ""

printf 'version: essai-7\n\nNotre vision tient en une phrase : une société solidaire\net intégrante.\n\nEt en un second paragraphe.\n' >"$TMPD/vision.txt"
export LECAP_REFERENTIEL_VISION="$TMPD/vision.txt"

run_lecap -q init && run_lecap -q ingest && run_lecap -q aggregate --all
assert_rc "init, ingest, aggregate : code 0" 0

# --- the measure, member by member (the one definition) ---------------------
n33=$(awk -F';' '$2 == "indicateur" && $1 ~ /^3\.3\./' config/referentiel-cap.csv | wc -l)
n21=$(awk -F';' '$2 == "indicateur" && $1 ~ /^2\.1\./' config/referentiel-cap.csv | wc -l)
n11=$(awk -F';' '$2 == "indicateur" && $1 ~ /^1\.1\./' config/referentiel-cap.csv | wc -l)
assert_eq "v_consensus_entreprise : l'adhérent 1 (N = 2, consensus 2 sur 3.3)" \
"1.1|$n11|2.0000000000|2.0000000000|0.0000000000|egal
2.1|$n21|1.0000000000|2.0000000000|-1.0000000000|en_dessous
3.3|$n33|2.0000000000|2.5000000000|-0.5000000000|en_dessous" \
	"$(sql "SELECT sous_theme || '|' || n_indicateurs || '|' || consensus || '|' || moyenne_individuelle || '|' || ecart || '|' || position
	          FROM lecap.v_consensus_entreprise WHERE siret = '$S1' AND sous_theme IN ('1.1', '2.1', '3.3') ORDER BY sous_theme")"
assert_eq "v_consensus_entreprise : 3.3, adhérent par adhérent" "2.00|en_dessous 3.00|au_dessus 2.00|en_dessous 4.00|au_dessus 1.00|en_dessous 3.00|au_dessus" \
	"$(sql "SELECT string_agg(round(consensus, 2) || '|' || position, ' ' ORDER BY siret) FROM lecap.v_consensus_entreprise WHERE sous_theme = '3.3'")"
assert_eq "v_consensus_entreprise : l'adhérent sans consensus n'a pas de ligne" "0" \
	"$(sql "SELECT count(*) FROM lecap.v_consensus_entreprise WHERE siret = '$S7'")"

# --- nationally, under the secrecy rules ------------------------------------
published() { sql "SELECT sous_theme || '|' || n_entreprises || '|' || coalesce(n_au_dessus::text, 's') || '|' || coalesce(n_en_dessous::text, 's') || '|' || coalesce(n_egal::text, 's') || '|' || coalesce(part_au_dessus::text, 's') || '|' || coalesce(part_en_dessous::text, 's') || '|' || diffusable
	FROM lecap.v_publication_consensus WHERE campagne = 2026 ORDER BY rang"; }
assert_eq "v_publication_consensus : les réponses connues" \
"1.1|6|0|0|6|0.000|0.000|true
1.2|6|0|0|6|0.000|0.000|true
2.1|6|0|6|0|0.000|1.000|true
2.2|6|0|0|6|0.000|0.000|true
2.3|6|0|0|6|0.000|0.000|true
3.1|6|0|0|6|0.000|0.000|true
3.2|6|0|0|6|0.000|0.000|true
3.3|6|3|3|0|0.500|0.500|true
3.4|6|0|0|6|0.000|0.000|true
4.1|6|0|0|6|0.000|0.000|true
4.2|6|0|0|6|0.000|0.000|true" "$(published)"

# --- the reports -------------------------------------------------------------
run_lecap report
assert_rc "report : code 0" 0
D="$RAP/2026"
flat() { pdftotext "$1" - 2>/dev/null | tr -s ' \n' '  '; }
VISION="Être et faire COORACE Notre vision tient en une phrase : une société solidaire et intégrante. Et en un second paragraphe. (texte de la vision, version essai-7)"
for f in national.pdf regions/84-auvergne-rhone-alpes.pdf "entreprises/84/$S1.pdf" "entreprises/84/$S7.pdf"; do
	assert_contains "$f : la vision, son titre et sa version" "$VISION" "$(flat "$D/$f")"
done
assert_contains "national : la présentation en 4 thèmes, après la page 1" \
"Le Cap en 4 thèmes Le Cap, ce sont 4 thèmes pour évaluer de manière pragmatique et concrète nos pratiques en faveur de cette vision et projet (« Être et faire COORACE », page Méthode). Thème 1 — Identité • 1.1 Principes et valeurs de l'ESS telle que promue par COORACE • 1.2 Projet Thème 2 — Services rendus • 2.1 Aux personnes • 2.2 Aux territoires • 2.3 Aux clients Thème 3 — Supports • 3.1 Adaptation des ressources au projet • 3.2 Mode d'organisation • 3.3 Communication • 3.4 Respect de la réglementation Thème 4 — Amélioration & mutation • 4.1 Démarches de progrès / qualité • 4.2 Démarche d'évaluation de son utilité sociale territoriale" \
	"$(pdftotext -f 2 -l 2 "$D/national.pdf" - 2>/dev/null | tr -s ' \n' '  ')"
assert_not_contains "national : pas de présentation en page 1" "Le Cap en 4 thèmes" \
	"$(pdftotext -f 1 -l 1 "$D/national.pdf" - 2>/dev/null)"
assert_not_contains "régional : pas de présentation en 4 thèmes" "Le Cap en 4 thèmes" \
	"$(flat "$D/regions/84-auvergne-rhone-alpes.pdf")"
nat=$(pdftotext -layout "$D/national.pdf" - 2>/dev/null)
assert_contains "national : la section du consensus" "Le consensus face aux notes individuelles" "$nat"
assert_eq "national : le tableau du consensus, aux réponses connues" \
"2.1 Aux personnes 6 0 (0 %) 6 (100 %) 0 (0 %)
3.3 Communication 6 3 (50 %) 3 (50 %) 0 (0 %)" \
	"$(printf '%s\n' "$nat" | awk '/Le consensus face aux notes individuelles/ { on = 1 } /Ce que cela dit/ { on = 0 } on' |
		tr -s ' ' | grep -E '^ ?(2\.1 Aux personnes|3\.3 Communication) [0-9]' | sed 's/^ //')"
assert_eq "national : les neuf autres sous-thèmes, tous égaux" "9" \
	"$(printf '%s\n' "$nat" | awk '/Le consensus face aux notes individuelles/ { on = 1 } /Ce que cela dit/ { on = 0 } on' |
		grep -cE ' 6 +0 \(0 %\) +0 \(0 %\) +6 \(100 %\)$')"
assert_contains "national : ce que cela dit" "Ce que cela dit : au-dessus, la discussion collective a tiré l'appréciation vers le haut" \
	"$(flat "$D/national.pdf")"
for f in national.pdf regions/84-auvergne-rhone-alpes.pdf "entreprises/84/$S1.pdf"; do
	n=$(basename "$f" .pdf)
	last=$(pdfinfo "$D/$f" | awk '/^Pages:/ { print $2 }')
	pdftoppm -r 60 -png -f "$last" -l "$last" "$D/$f" "$PNG/$n-derniere"
done
pdftoppm -r 60 -png -f 2 -l 2 "$D/national.pdf" "$PNG/national-themes"
last=$(pdfinfo "$D/national.pdf" | awk '/^Pages:/ { print $2 }')
for p in $(seq 1 "$last"); do
	pdftotext -f "$p" -l "$p" "$D/national.pdf" - 2>/dev/null | grep -q "Le consensus face aux notes" &&
		pdftoppm -r 60 -png -f "$p" -l "$p" "$D/national.pdf" "$PNG/national-consensus"
done

# --- secrecy: a threshold of 7 hides every count -----------------------------
LECAP_AGREGATS_SEUIL_SECRET=7 run_lecap -q aggregate --all
assert_rc "seuil 7 : aggregate, code 0" 0
assert_eq "seuil 7 : tout est secret, les effectifs restent" "1.1|6|s|s|s|s|s|false" "$(published | head -1)"
assert_eq "seuil 7 : aucune ligne diffusable" "0" \
	"$(sql "SELECT count(*) FROM lecap.v_publication_consensus WHERE diffusable OR n_au_dessus IS NOT NULL OR part_egal IS NOT NULL")"
LECAP_AGREGATS_SEUIL_SECRET=7 run_lecap report --national
assert_rc "seuil 7 : report --national, code 0" 0
assert_contains "seuil 7 : la section le dit" \
	"Rien n'est publiable ici : chaque sous-thème repose sur moins de 7 adhérents (secret statistique)." \
	"$(flat "$D/national.pdf")"
run_lecap -q aggregate --all

# --- a new vision redraws the photographies (their fingerprint) -------------
run_lecap run
assert_rc "run : code 0" 0
run_lecap run
assert_not_contains "run sans changement : rien à produire" "photographie" "$ERR"
run_lecap -q aggregate --all
run_lecap run
assert_contains "agrégats recalculés, mêmes chiffres : les photographies sont laissées" \
	"0 photographie d'adhérent (et 7 à jour, laissées telles quelles)" "$ERR"
printf 'version: essai-8\n\nUne vision revue.\n' >"$TMPD/vision.txt"
run_lecap run
assert_rc "run avec une nouvelle vision : code 0" 0
assert_contains "nouvelle vision : chargée par run" "lecap: info: vision essai-8 chargée depuis $TMPD/vision.txt (17 caractères), en vigueur" "$ERR"
assert_contains "nouvelle vision : les rapports sont refaits, chaque photographie redessinée" \
	"1 rapport national, 1 rapport régional" "$ERR"
assert_contains "nouvelle vision : 7 photographies redessinées" "7 photographies d'adhérents (" "$ERR"
assert_not_contains "nouvelle vision : aucune photographie laissée" "laissées telles quelles" "$ERR"
run_lecap run
assert_not_contains "nuit suivante : rien à refaire" "photographie" "$ERR"
assert_contains "nouvelle vision : imprimée" "Être et faire COORACE Une vision revue. (texte de la vision, version essai-8)" \
	"$(flat "$D/entreprises/84/$S1.pdf")"

# --- a changed offer makes the reports out of date (lecap.offre.modifie_le) ----
# The plan prints each offer's label and description: a changed
# config/offres.csv is reprinted the next night, not at the campaign's next
# aggregation.
sed 's/^JURIDIQUE;\([^;]*\);.*/JURIDIQUE;\1;Une description revue du service juridique/' "$ROOT/config/offres.csv" >"$TMPD/offres.csv"
assert_eq "offres : une seule ligne changée" "1" "$(diff "$ROOT/config/offres.csv" "$TMPD/offres.csv" | grep -c '^>')"
run_lecap -q status
assert_not_contains "offres inchangées : rien de périmé" "périmé" "$OUT"
LECAP_REFERENTIEL_OFFRES="$TMPD/offres.csv" run_lecap -q init
assert_rc "init avec une offre changée : code 0" 0
assert_eq "offres : seule l'offre changée est datée" "JURIDIQUE" \
	"$(sql "SELECT string_agg(code, ',') FROM lecap.offre WHERE modifie_le > (SELECT rendu_le FROM lecap.rapport_campagne WHERE campagne = 2026)")"
assert_eq "offre changée : les rapports de 2026 sont périmés" "f" "$(sql "SELECT lecap.rapports_a_jour(2026)")"
LECAP_REFERENTIEL_OFFRES="$TMPD/offres.csv" run_lecap run
assert_rc "run avec une offre changée : code 0" 0
assert_contains "offre changée : les rapports sont refaits" "1 rapport national, 1 rapport régional" "$ERR"
# the six members whose plan names the offer are redrawn; the seventh
# (whose plan does not name it) is left as it was
assert_contains "offre changée : les photographies qui l'impriment, seules" \
	"6 photographies d'adhérents (et 1 à jour, laissée telle quelle)" "$ERR"
assert_contains "offre changée : imprimée dans le plan" "Une description revue du service juridique" \
	"$(flat "$D/entreprises/84/$S1.pdf")"
assert_eq "offre changée : les rapports de 2026 sont à jour" "t" "$(sql "SELECT lecap.rapports_a_jour(2026)")"
LECAP_REFERENTIEL_OFFRES="$TMPD/offres.csv" run_lecap run
assert_not_contains "offre changée, nuit suivante : rien à refaire" "photographie" "$ERR"

done_testing

# The photographie's trend over every campaign the member evaluated (issue
# 19 item 4): « Votre évolution, campagne par campagne ». Every figure of the
# table is checked against the analysts' view lecap.v_score_entreprise,
# computed here with psql (scores rounded to two decimals, the change from
# the rounded values, the share of objectives reached as a whole percentage
# and its change in points).
#
# Fixture (region 84, ACI; notes of indicator k at campaign c: 1 + (k·m + s) mod 4,
# m and s chosen per export, so that themes move both ways):
#   T3 « Trois campagnes »   2024, 2025, 2026;
#   U1 « Une campagne »      2026 only: the one sentence of a first evaluation;
#   S2 « Saut »              2024 and 2026, the network having a 2025 campaign;
#   X6 « Six campagnes »     2021 to 2026, 2022 incomplete: the last five shown, 2022 marked « * ».
. tests/lib.sh

report_dirs tendance

# export_reponses SIRET NOM CAMPAGNE M S COMPLETE [HEURE]
export_reponses() {
	awk -F';' -v siret="$1" -v nom="$2" -v camp="$3" -v m="$4" -v s="$5" -v complete="$6" -v h="${7:-10}" '
	$2 == "indicateur" { codes[++ni] = $1 }
	END {
		hdr = "siret;raison_sociale;region;type_structure;campagne;date_evaluation;horodatage_export;repondant;college"
		for (k = 1; k <= ni; k++) hdr = hdr ";" codes[k]
		print hdr
		pf = siret ";" nom ";84;ACI;" camp ";14/03/" camp ";" camp "-03-20T" h ":00:00+01:00"
		split("direction salarie_insertion consensus", col, " ")
		for (r = 1; r <= 3; r++) {
			line = pf ";R" r ";" col[r]
			for (k = 1; k <= ni; k++) {
				v = 1 + (k * m + s) % 4
				if (!complete && k > 20) v = ""
				line = line ";" v
			}
			print line
		}
	}' "$ROOT/config/referentiel-cap.csv" >"$IN/reponses-$1-$3.csv"
}

T3=$(siret 5290000000001); U1=$(siret 5290000000002); S2=$(siret 5290000000003); X6=$(siret 5290000000004)
export_reponses "$T3" "Trois campagnes" 2024 1 0 1
export_reponses "$T3" "Trois campagnes" 2025 3 1 1
export_reponses "$T3" "Trois campagnes" 2026 5 2 1
export_reponses "$U1" "Une campagne" 2026 2 1 1
export_reponses "$S2" "Saut" 2024 2 0 1
export_reponses "$S2" "Saut" 2026 1 3 1
for c in 2021 2022 2023 2024 2025 2026; do
	export_reponses "$X6" "Six campagnes" $c $((c % 5 + 1)) $((c % 3)) $([ $c = 2022 ] && echo 0 || echo 1)
done

run_lecap -q init
assert_rc "init : code 0" 0
run_lecap -q ingest
assert_rc "ingest : code 0" 0
run_lecap -q aggregate --all
assert_rc "aggregate : code 0" 0
run_lecap -q report --campagne 2026
assert_rc "report : code 0" 0
D="$RAP/2026/entreprises/84"
text() { pdftotext -layout "$1" - 2>/dev/null | sed 's/\xc2\xa0/ /g'; }
flat() { tr -s ' \n' '  '; }
# The section: from its heading to the note « À savoir ».
section() { text "$1" | sed -n '/^ *Votre évolution/,/^ *À savoir/p'; }
# The figures of the section's table, in reading order: scores, changes,
# shares (« 28% ») and changes in points (« +8pts »).
figures() {
	section "$1" | sed -n '/Thème \/ sous-thème/,/^ *Évolution : score/p' | sed -E 's/([0-9]) (%|pts)/\1\2/g' |
		grep -oE '[+–]?[0-9]+,[0-9]{2}|[+–]?[0-9]+(%|pts)|(^| )–( |$)' | tr -d ' ' | tr '\n' ' ' | sed 's/ $//'
}

# expected SIRET CAMPAGNE... (the campaigns shown, oldest first): the same
# figures from lecap.v_score_entreprise, in grid order.
expected() {
	s=$1
	shift
	vals="" k=0
	for c in "$@"; do
		k=$((k + 1))
		vals="$vals${vals:+,}($k,$c)"
	done
	n=$k
	sql "WITH c(pos, campagne) AS (VALUES $vals),
	 e AS (SELECT code, rang FROM lecap.element WHERE version = 'cap-2019' AND niveau IN ('theme', 'sous_theme')),
	 v AS (SELECT c.pos, e.code, e.rang, round(s.score, 2) AS r
	         FROM e CROSS JOIN c
	         LEFT JOIN lecap.v_score_entreprise s ON s.siret = '$s' AND s.campagne = c.campagne AND s.code = e.code),
	 o AS (SELECT c.pos, round(100.0 * count(*) FILTER (WHERE s.atteint) / count(*)) AS p
	         FROM c JOIN lecap.v_score_entreprise s ON s.siret = '$s' AND s.campagne = c.campagne
	        WHERE s.niveau = 'objectif' GROUP BY c.pos),
	 d AS (SELECT a.code, a.rang, b.r - a.r AS d FROM v a JOIN v b ON b.code = a.code AND b.pos = $n
	        WHERE a.pos = $n - 1),
	 t AS (SELECT rang, pos, coalesce(replace(r::text, '.', ','), '–') AS tok FROM v
	       UNION ALL
	       SELECT rang, 99, CASE WHEN d > 0 THEN '+' || replace(d::text, '.', ',')
	                              WHEN d < 0 THEN '–' || replace((-d)::text, '.', ',')
	                              WHEN d = 0 THEN '0,00' ELSE '–' END FROM d
	       UNION ALL
	       SELECT 100000, pos, p || '%' FROM o
	       UNION ALL
	       SELECT 100000, 99, CASE WHEN b.p > a.p THEN '+' || (b.p - a.p) WHEN b.p < a.p THEN '–' || (a.p - b.p)
	                               ELSE '0' END || 'pts'
	         FROM o a JOIN o b ON b.pos = $n WHERE a.pos = $n - 1)
	SELECT string_agg(tok, ' ' ORDER BY rang, pos) FROM t"
}

# --- three campaigns ------------------------------------------------------------
ET3="$D/$T3.pdf"
assert_contains "trois campagnes : le titre de la section" "Votre évolution, campagne par campagne" "$(section "$ET3")"
assert_contains "trois campagnes : ce que montre le tableau" \
	"Vos scores à chacune des 3 campagnes où votre structure a été évaluée, de 2024 à 2026." "$(section "$ET3" | flat)"
assert_eq "trois campagnes : en-tête du tableau" "Thème / sous-thème 2024 2025 2026 Évolution" \
	"$(section "$ET3" | grep 'Thème / sous-thème' | tr -s ' ' | sed 's/^ //; s/ $//')"
want=$(expected "$T3" 2024 2025 2026)
assert_eq "trois campagnes : chaque score, évolution et part d'objectifs atteints (v_score_entreprise)" "$want" "$(figures "$ET3")"
# the themes' rows, as read
theme1=$(sql "SELECT '1 Identité ' || string_agg(replace(round(score, 2)::text, '.', ','), ' ' ORDER BY campagne)
	FROM lecap.v_score_entreprise WHERE siret = '$T3' AND code = '1'")
assert_contains "trois campagnes : la ligne du thème 1" "$theme1" "$(section "$ET3" | grep '^ *1 Identité ' | tr -s ' ' | sed 's/^ //')"
n_obj=$(sql "SELECT count(*) FILTER (WHERE atteint) || ' sur ' || count(*) FROM lecap.v_score_entreprise
	WHERE siret = '$T3' AND niveau = 'objectif' AND campagne = 2026")
assert_contains "trois campagnes : la phrase des objectifs atteints" \
	"Objectifs atteints : de $(sql "SELECT count(*) FILTER (WHERE atteint) || ' sur ' || count(*) || ' (' || round(100.0 * count(*) FILTER (WHERE atteint) / count(*)) || ' %) en 2024' FROM lecap.v_score_entreprise WHERE siret = '$T3' AND niveau = 'objectif' AND campagne = 2024") à $n_obj" \
	"$(section "$ET3" | flat)"
# the theme that progressed most from 2024 to 2026, from the rounded scores (first in grid order on a tie)
best=$(sql "SELECT e.code || ' ' || e.libelle || ', de ' || replace(a::text, '.', ',') || ' à ' || replace(b::text, '.', ',')
	FROM (SELECT code, round(score, 2) AS a FROM lecap.v_score_entreprise WHERE siret = '$T3' AND campagne = 2024) x
	JOIN (SELECT code, round(score, 2) AS b FROM lecap.v_score_entreprise WHERE siret = '$T3' AND campagne = 2026) y USING (code)
	JOIN lecap.element e ON e.version = 'cap-2019' AND e.code = x.code AND e.niveau = 'theme'
	ORDER BY b - a DESC, e.rang LIMIT 1")
assert_contains "trois campagnes : la phrase du thème qui a le plus progressé" \
	"De 2024 à 2026, votre plus forte progression est sur le thème $best" "$(section "$ET3" | flat)"
assert_not_contains "trois campagnes : pas de trait d'union pour un recul" " -0," "$(section "$ET3")"

# --- one campaign -----------------------------------------------------------------
EU1="$D/$U1.pdf"
assert_eq "une campagne : la phrase d'aujourd'hui, sans tableau" \
	"Votre évolution C'est votre première évaluation agrégée : l'évolution apparaîtra à la prochaine campagne. " \
	"$(section "$EU1" | grep -v 'À savoir' | flat | sed 's/^ //')"

# --- a campaign skipped --------------------------------------------------------------
ES2="$D/$S2.pdf"
assert_eq "saut : les colonnes disent les campagnes évaluées" "Thème / sous-thème 2024 2026 Évolution" \
	"$(section "$ES2" | grep 'Thème / sous-thème' | tr -s ' ' | sed 's/^ //; s/ $//')"
assert_contains "saut : une phrase le dit" \
	"Vos scores à chacune des 2 campagnes où votre structure a été évaluée, de 2024 à 2026. Pas d'évaluation en 2025 : l'évolution compare 2026 à 2024." \
	"$(section "$ES2" | flat)"
assert_eq "saut : chaque chiffre (v_score_entreprise)" "$(expected "$S2" 2024 2026)" "$(figures "$ES2")"
assert_contains "saut : la légende nomme les deux campagnes comparées" \
	"Évolution : score 2026 moins score 2024 (votre évaluation précédente)" "$(section "$ES2" | flat)"

# --- six campaigns: the last five ----------------------------------------------------
EX6="$D/$X6.pdf"
assert_contains "six campagnes : les cinq dernières, et il le dit" \
	"Votre structure a été évaluée à 6 campagnes : le tableau montre les 5 dernières, de 2022 à 2026." "$(section "$EX6" | flat)"
assert_eq "six campagnes : en-tête, 2022 incomplète marquée" "Thème / sous-thème 2022* 2023 2024 2025 2026 Évolution" \
	"$(section "$EX6" | grep 'Thème / sous-thème' | tr -s ' ' | sed 's/^ //; s/ $//')"
assert_eq "six campagnes : chaque chiffre (v_score_entreprise)" "$(expected "$X6" 2022 2023 2024 2025 2026)" "$(figures "$EX6")"
assert_contains "six campagnes : l'astérisque expliqué" "* : évaluation incomplète" "$(section "$EX6" | flat)"

# --- the table and its legend on one page, no word cut -----------------------------------
for f in "$ET3" "$ES2" "$EX6"; do
	n=$(pdfinfo "$f" | sed -n 's/^Pages: *//p')
	pg=""
	for p in $(seq 1 "$n"); do
		t=$(pdftotext -f "$p" -l "$p" -layout "$f" - 2>/dev/null)
		case "$t" in *"Thème / sous-thème"*"Objectifs atteints"*"Évolution : score"*) pg=$p ;; esac
	done
	[ -n "$pg" ] && ok "tableau, ligne des objectifs et légende sur une page : $(basename "$f")" ||
		not_ok "tableau, ligne des objectifs et légende sur une page : $(basename "$f")"
done
# every label of the grid's themes and sub-themes whole in the table (its words in order)
lab=$(section "$EX6" | sed -n '/Thème \/ sous-thème/,/Objectifs atteints/p' | sed -E 's/[+–]?[0-9]+,[0-9]{2}//g; s/ – / /g' | flat)
cut=""
for code in $(sql "SELECT code FROM lecap.element WHERE version = 'cap-2019' AND niveau IN ('theme', 'sous_theme') ORDER BY rang"); do
	l=$(sql "SELECT code || ' ' || libelle FROM lecap.element WHERE version = 'cap-2019' AND code = '$code'")
	case "$lab" in *"$l"*) ;; *) cut="$cut [$l]" ;; esac
done
assert_eq "aucun libellé coupé dans le tableau" "" "$cut"

# --- an earlier campaign corrected: the later photographies follow -----------------------
# A corrected 2024 export of T3: the night recomputes 2024 and 2025 (its next
# campaign) and, since every later photographie shows 2024, renders 2026
# again (lecap.rapports_a_jour); only T3's 2026 photographie prints
# something else.
old24=$(sql "SELECT round(score, 2) FROM lecap.v_score_entreprise WHERE siret = '$T3' AND campagne = 2024 AND code = '1'")
run_lecap -q run
assert_rc "run : code 0" 0
export_reponses "$T3" "Trois campagnes" 2024 2 3 1 11
run_lecap run
assert_rc "run après un export 2024 corrigé : code 0" 0
assert_contains "2026 redessinée : la seule photographie qui imprime autre chose" \
	"1 photographie d'adhérent (et 3 à jour" "$(echo "$ERR" | grep 'info: campagne 2026 : ')"
new24=$(sql "SELECT round(score, 2) FROM lecap.v_score_entreprise WHERE siret = '$T3' AND campagne = 2024 AND code = '1'")
[ "$old24" != "$new24" ] && ok "le thème 1 de 2024 a changé ($old24 → $new24)" || not_ok "le thème 1 de 2024 a changé" "$old24"
assert_eq "2026 : les chiffres de 2024 corrigés (v_score_entreprise)" "$(expected "$T3" 2024 2025 2026)" "$(figures "$ET3")"
run_lecap -q status
assert_not_contains "status : plus rien de périmé" "périmé" "$OUT"

# --- fingerprint: an earlier campaign's score as printed -------------------------------
recomputed() { sql "UPDATE lecap.agregat_campagne SET calcule_le = now() + interval '1 minute' WHERE campagne = 2026" >/dev/null; }
eval24() { sql "SELECT id FROM lecap.evaluation WHERE siret = '$T3' AND campagne = 2024"; }
# A score written again as the aggregation writes it: with its evaluation's
# digest (lecap.empreinte_evaluation, migration 042), through which the
# night sees that the member's rows changed.
redigested() { sql "UPDATE lecap.empreinte_evaluation SET somme = somme + 1 WHERE evaluation_id = $1" >/dev/null; }
sql "UPDATE lecap.score SET score = score + 0.001 WHERE campagne = 2024 AND evaluation_id = $(eval24) AND code = '1.1'" >/dev/null
redigested "$(eval24)"
recomputed
run_lecap run
assert_contains "2024 à la 3e décimale : rien de redessiné" "(et 4 à jour, laissées telles quelles)" "$ERR"
sql "UPDATE lecap.score SET score = score + 0.01 WHERE campagne = 2024 AND evaluation_id = $(eval24) AND code = '1.1'" >/dev/null
redigested "$(eval24)"
recomputed
run_lecap run
assert_contains "un score de 2024 imprimé qui change : sa photographie 2026 redessinée" "1 photographie d'adhérent (et 3 à jour" "$ERR"

# no page nearly empty (issue 19 item 7): 8 lines of content at least, the
# running header and the footer left out
thin=""
for f in "$ET3" "$EU1" "$ES2" "$EX6"; do
	n=$(pdfinfo "$f" | sed -n 's/^Pages: *//p')
	for p in $(seq 1 "$n"); do
		l=$(pdftotext -f "$p" -l "$p" -layout "$f" - 2>/dev/null | grep -c '[^[:space:]]')
		[ $((l - 2)) -lt 8 ] && thin="$thin $(basename "$f" .pdf):p$p:$((l - 2))"
	done
done
assert_eq "aucune page de moins de 8 lignes de contenu" "" "$thin"

for f in "$ET3" "$EU1" "$ES2" "$EX6"; do
	pdftoppm -r 60 -png "$f" "$PNG/$(basename "$f" .pdf)" 2>/dev/null
done
done_testing

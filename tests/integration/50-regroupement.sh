# A small region's report (issue 19 item 6): its results are never published
# alone; the section « Les régions sous le seuil, ensemble » shows those of
# the campaign's regions below the threshold, pooled
# (lecap.v_publication_regroupement), where they add nothing FR − Σ the
# other regions does not give already. On a generated network where Corse
# (94) has three members in 2026: every pooled figure of the PDF against an
# independent computation from the members' scores (v_score_entreprise).
# The page is rendered to tests/out/regroupement/.
. tests/lib.sh

IN="$TMPD/entree"
D="$TMPD/rapports"
PNG="$ROOT/tests/out/regroupement"
export LECAP_CHEMINS_ENTREE="$IN" LECAP_CHEMINS_ARCHIVE="$TMPD/archive" LECAP_CHEMINS_QUARANTAINE="$TMPD/quarantaine"

run_lecap -q init
assert_rc "init : code 0" 0
run_lecap generate --entreprises 120 --graine 44 --out "$IN"
assert_rc "generate : code 0" 0
run_lecap -q ingest
assert_rc "ingest : code 0" 0
# Corse: its two members of 2026, and a third moved from 84.
sql "UPDATE lecap.evaluation SET region = '94'
      WHERE id = (SELECT min(e.id) FROM lecap.evaluation e WHERE e.campagne = 2026 AND e.region = '84')" >/dev/null
run_lecap -q aggregate --all
assert_rc "aggregate : code 0" 0
assert_eq "Corse : trois évaluations complètes en 2026, résultats en secret primaire" "3|3|primaire" \
	"$(sql "SELECT p.n_evaluations || '|' || p.n_completes || '|' || a.secret FROM lecap.v_publication_participation p
	         JOIN lecap.v_publication_agregat a ON a.campagne = p.campagne AND a.region = p.region AND a.code = '1'
	        WHERE p.campagne = 2026 AND p.region = '94'")"

# The group, computed independently: the regions with 1 to 4 complete
# evaluations, and the mean of their members' scores.
grp="(SELECT region FROM lecap.v_participation WHERE campagne = 2026 AND region <> 'FR' AND n_completes BETWEEN 1 AND 4)"
assert_eq "le regroupement : les régions de 1 à 4 évaluations complètes" \
	"$(sql "SELECT string_agg(region, ',' ORDER BY region) FROM $grp g")" \
	"$(sql "SELECT DISTINCT regions FROM lecap.v_publication_regroupement WHERE campagne = 2026 AND niveau = 'theme'")"
names=$(sql "SELECT string_agg(libelle, ', ' ORDER BY code) FROM lecap.region WHERE code IN $grp")
nreg=$(sql "SELECT count(*) FROM $grp g")
n=$(sql "SELECT count(*) FROM lecap.resultat_evaluation WHERE campagne = 2026 AND complete AND region IN $grp")
[ "$nreg" -ge 3 ] && [ "$n" -ge 5 ] && ok "au moins 3 régions ($nreg) et 5 entreprises ($n)" \
	|| not_ok "au moins 3 régions et 5 entreprises" "$nreg régions, $n entreprises"
assert_eq "le regroupement publié pour chaque thème et sous-thème" "0" \
	"$(sql "SELECT count(*) FROM lecap.v_publication_regroupement WHERE campagne = 2026
	         AND niveau IN ('theme', 'sous_theme') AND NOT diffusable")"

run_lecap report --region 94 --out "$D"
assert_rc "report --region 94 : code 0" 0
R94="$D/2026/regions/94-corse.pdf"
T=$(pdftotext -layout "$R94" - 2>/dev/null)
TL=$(echo "$T" | tr -s ' \n' '  ')
assert_contains "la section" "Les régions sous le seuil, ensemble" "$T"
assert_contains "une phrase dit pourquoi" \
	"Les résultats de la région ne sont pas publiés seuls (moins de 5 évaluations complètes) ; ceux des $nreg régions sous le seuil en 2026, ensemble — $names : $n entreprises —, le sont, parce qu'ils se déduisent déjà des résultats du réseau et des autres régions sans permettre de retrouver ceux d'une région." "$TL"
# Every theme and sub-theme: n, the pooled mean (independent), the network's.
expected=$(sql "SELECT s.code || ' ' || count(*) || ' ' || replace(to_char(round(avg(s.score), 2), 'FM0.00'), '.', ',')
	           || ' ' || replace(to_char(f.moyenne, 'FM0.00'), '.', ',')
	      FROM lecap.v_score_entreprise s
	      JOIN lecap.v_publication_agregat f ON f.campagne = 2026 AND f.region = 'FR' AND f.code = s.code
	     WHERE s.campagne = 2026 AND s.complete AND s.niveau IN ('theme', 'sous_theme') AND s.region IN $grp
	     GROUP BY s.code, f.moyenne, f.rang ORDER BY f.rang, s.code")
got=$(echo "$T" | sed -n '/Les régions sous le seuil, ensemble/,/^ *Scores moyens sur 4/p' |
	grep -E '^ *[0-9](\.[0-9])? ' | sed -E 's/^ *([0-9.]+) .* ([0-9]+) +([0-9],[0-9]{2}) +([0-9],[0-9]{2}) *$/\1 \2 \3 \4/')
assert_eq "chaque thème et sous-thème : effectif, moyenne du regroupement (calcul indépendant), réseau" "$expected" "$got"
assert_eq "15 lignes (4 thèmes, 11 sous-thèmes)" "15" "$(echo "$got" | wc -l)"
assert_contains "la note" "« s » : secret statistique" "$TL"
assert_contains "le réseau ensuite" "Les résultats du réseau national, pour situer la région" "$T"

# A cell the group would give back (here the network's 1.1, masked by hand
# in the campaign's pattern): « s » in the group's column too, and in the
# network's.
sql "INSERT INTO lecap.secret SELECT 2026, 'agregat', 'FR', '*', '1.1', n_entreprises, 'secondaire'
       FROM lecap.agregat WHERE campagne = 2026 AND region = 'FR' AND type_structure = '*' AND code = '1.1'" >/dev/null
assert_eq "vue : le regroupement masqué avec le réseau" "secondaire|" \
	"$(sql "SELECT secret || '|' || coalesce(moyenne::text, '') FROM lecap.v_publication_regroupement
	         WHERE campagne = 2026 AND code = '1.1'")"
run_lecap report --region 94 --out "$TMPD/r2"
assert_eq "rapport : la ligne 1.1 en « s »" "1.1 $n s s" \
	"$(pdftotext -layout "$TMPD/r2/2026/regions/94-corse.pdf" - 2>/dev/null |
	   sed -n '/Les régions sous le seuil, ensemble/,/^ *Scores moyens sur 4/p' | grep -E '^ *1\.1 ' |
	   sed -E 's/^ *([0-9.]+) .* ([0-9]+) +(s) +(s) *$/\1 \2 \3 \4/')"
sql "DELETE FROM lecap.secret WHERE campagne = 2026 AND tableau = 'agregat' AND region = 'FR' AND code = '1.1'" >/dev/null

# A region above the threshold has no such section.
run_lecap report --region 84 --out "$D"
assert_not_contains "région au-dessus du seuil : pas de regroupement" "Les régions sous le seuil, ensemble" \
	"$(pdftotext "$D/2026/regions/84-auvergne-rhone-alpes.pdf" - 2>/dev/null)"

# A region above the threshold, the network published: page 1 ends with the region against the
# network, theme by theme — means and shares as v_publication_agregat, the gap from the rounded means.
R84P1=$(pdftotext -f 1 -l 1 -layout "$D/2026/regions/84-auvergne-rhone-alpes.pdf" - 2>/dev/null | sed 's/\xc2\xa0/ /g')
assert_eq "région 84, p. 1 : la région face au réseau, chaque thème comme la vue" \
	"$(sql "SELECT a.code || ' ' || a.libelle || ' ' || replace(a.moyenne::text, '.', ',') || ' '
	           || replace(f.moyenne::text, '.', ',') || ' '
	           || CASE WHEN a.moyenne > f.moyenne THEN '+' WHEN a.moyenne < f.moyenne THEN '–' ELSE '' END
	           || replace(abs(a.moyenne - f.moyenne)::text, '.', ',') || ' '
	           || round(a.part_atteinte * 100) || ' % ' || round(f.part_atteinte * 100) || ' %'
	      FROM lecap.v_publication_agregat a
	      JOIN lecap.v_publication_agregat f ON f.campagne = a.campagne AND f.region = 'FR' AND f.code = a.code
	     WHERE a.campagne = 2026 AND a.region = '84' AND a.niveau = 'theme' AND a.diffusable AND f.diffusable
	     ORDER BY a.rang")" \
	"$(echo "$R84P1" | sed -n '/La région face au réseau/,/Moyennes des scores/p' | grep '^ *[1-4] [A-Z]' | tr -s ' ' | sed 's/^ //; s/ $//')"
assert_eq "région 84 : ses quatre thèmes et ceux du réseau publiés" "4" \
	"$(sql "SELECT count(*) FROM lecap.v_publication_agregat a JOIN lecap.v_publication_agregat f
	         ON f.campagne = a.campagne AND f.region = 'FR' AND f.code = a.code
	        WHERE a.campagne = 2026 AND a.region = '84' AND a.niveau = 'theme' AND a.diffusable AND f.diffusable")"
assert_not_contains "Corse (sous le seuil), p. 1 : pas de région face au réseau" "La région face au réseau" \
	"$(pdftotext -f 1 -l 1 "$R94" - 2>/dev/null)"

# --- page 1 of the small region: what it shows instead, in one sentence ------
P1=$(pdftotext -f 1 -l 1 "$R94" - 2>/dev/null | tr -s ' \n' '  ' | sed 's/\xc2\xa0/ /g')
assert_contains "p. 1 : pourquoi, et ce que le rapport montre à la place" \
	"La région compte moins de 5 évaluations complètes, seuil en dessous duquel aucun de ses chiffres n'est publié seul (secret statistique) : ce rapport montre ses relances, les résultats des $nreg régions sous le seuil prises ensemble ($names) et, pour la situer, ceux du réseau national." "$P1"
# The themes where the group is furthest above and below the network, from
# the independent computation above (differences of the printed values;
# grid order on ties).
th=$(sql "WITH t AS (SELECT s.code, f.libelle, f.rang, round(avg(s.score), 2) AS g, round(f.moyenne, 2) AS r
	                FROM lecap.v_score_entreprise s
	                JOIN lecap.v_publication_agregat f ON f.campagne = 2026 AND f.region = 'FR' AND f.code = s.code
	               WHERE s.campagne = 2026 AND s.complete AND s.niveau = 'theme' AND s.region IN $grp
	               GROUP BY s.code, f.libelle, f.rang, f.moyenne)
	  SELECT coalesce((SELECT 'au-dessus du réseau sur ' || code || ' ' || libelle || ' (' || replace(g::text, '.', ',') || ' contre ' || replace(r::text, '.', ',') || ')'
	                     FROM t WHERE g > r ORDER BY g - r DESC, rang LIMIT 1), '') || '|' ||
	         coalesce((SELECT 'en dessous sur ' || code || ' ' || libelle || ' (' || replace(g::text, '.', ',') || ' contre ' || replace(r::text, '.', ',') || ')'
	                     FROM t WHERE g < r ORDER BY g - r, rang LIMIT 1), '')")
up=${th%%|*} down=${th#*|}
if [ -n "$up" ] && [ -n "$down" ]; then msg="$up, le plus $down"; else msg="$up$down"; fi
assert_contains "p. 1 : où les régions sous le seuil, ensemble, s'écartent le plus du réseau" \
	"Les régions sous le seuil, ensemble, sont le plus $msg." "$P1"

# --- the national report's page 1: « Le réseau en bref » (issue 19 item 1) ---
# Every figure from the publication views, computed here in SQL.
run_lecap report --national --out "$D"
assert_rc "report --national : code 0" 0
NP1=$(pdftotext -f 1 -l 1 "$D/2026/national.pdf" - 2>/dev/null | tr -s ' \n' '  ' | sed 's/\xc2\xa0/ /g')
fmtc() { echo "$1" | sed 's/\./,/; s/^-/–/; s/^\([0-9]\)/+\1/'; } # a change as printed
far=$(sql "SELECT code || ' ' || libelle || '|' || replace(to_char(moyenne, 'FM0.00'), '.', ',') || '|'
	          || (round(part_atteinte, 2) * 100)::int || ' %|' || coalesce(evolution::text, '–')
	     FROM lecap.v_publication_agregat WHERE campagne = 2026 AND region = 'FR' AND niveau = 'sous_theme' AND diffusable
	    ORDER BY round(part_atteinte, 2), rang LIMIT 3")
tab=$(pdftotext -f 1 -l 1 -layout "$D/2026/national.pdf" - 2>/dev/null | sed 's/\xc2\xa0/ /g' |
	sed -n '/Les sous-thèmes les plus loin de la cible/,/^ *Objectifs atteints :/p' | grep -E '^ *[0-9]\.[0-9] ' |
	sed -E 's/ \(cibles au haut de l.échelle\)//; s/^ *//; s/([0-9]) *%/\1 %/; s/ {2,}/|/g')
exp=$(echo "$far" | while IFS='|' read -r lab moy part ev; do
	[ "$ev" = "–" ] || ev=$(fmtc "$ev")
	echo "$lab|$moy|$part|$ev"
done)
assert_eq "national p. 1 : les trois sous-thèmes les plus loin de la cible (v_publication_agregat)" "$exp" "$tab"
# 3.4's objectives all have their target at 4,00 (config/referentiel-cap.csv): the label says so
assert_eq "national p. 1 : 3.4, cibles au haut de l'échelle" "1" \
	"$(echo "$NP1" | grep -c "3.4 Respect de la réglementation (cibles au haut de l'échelle) 2,")"
# the regions: how many reach the threshold, the ones below, the participation range
nreach=$(sql "SELECT count(*) FROM lecap.v_publication_participation WHERE campagne = 2026 AND NOT national AND n_completes >= 5")
below=$(sql "SELECT string_agg(libelle_region, ', ' ORDER BY region) FROM lecap.v_publication_participation
	      WHERE campagne = 2026 AND NOT national AND n_completes BETWEEN 1 AND 4")
none=$(sql "SELECT coalesce(' ; ' || count(*) || ' sans évaluation complète (' || string_agg(libelle_region, ', ' ORDER BY region) || ')', '')
	     FROM lecap.v_publication_participation WHERE campagne = 2026 AND NOT national AND n_completes = 0 HAVING count(*) > 0")
assert_contains "national p. 1 : les régions et le seuil" \
	"Régions : $nreach atteignent le seuil de 5 évaluations complètes ; $nreg sont en dessous ($below), leurs évaluations comptent avec le réseau$none." "$NP1"
part=$(sql "WITH r AS (SELECT region, libelle_region AS l, (round(taux_participation, 2) * 100)::int AS t
	                  FROM lecap.v_publication_participation
	                 WHERE campagne = 2026 AND NOT national AND taux_participation IS NOT NULL)
	  SELECT 'de ' || (SELECT t || ' % (' || l || ')' FROM r ORDER BY t, region LIMIT 1) || ' à '
	         || (SELECT t || ' % (' || l || ')' FROM r ORDER BY t DESC, region LIMIT 1) || ' selon la région ; '
	         || (SELECT (round(taux_participation, 2) * 100)::int FROM lecap.v_publication_participation
	              WHERE campagne = 2026 AND national) || ' % pour le réseau.'")
assert_contains "national p. 1 : la participation, de la plus faible à la plus forte" "Participation : $part" "$NP1"
gap=$(sql "WITH a AS (SELECT a.code, a.libelle, a.rang, a.region, p.libelle_region AS l, round(a.moyenne, 2) AS m
	                 FROM lecap.v_publication_agregat a
	                 JOIN lecap.v_publication_participation p ON p.campagne = a.campagne AND p.region = a.region
	                WHERE a.campagne = 2026 AND a.niveau = 'theme' AND NOT a.national AND a.diffusable),
	       t AS (SELECT code, libelle, rang, max(m) - min(m) AS e FROM a GROUP BY code, libelle, rang)
	  SELECT t.code || ' ' || t.libelle || ', de ' || replace(lo.m::text, '.', ',') || ' (' || lo.l || ') à '
	         || replace(hi.m::text, '.', ',') || ' (' || hi.l || '), ' || replace(t.e::text, '.', ',')
	         || CASE WHEN t.e >= 2 THEN ' points.' ELSE ' point.' END
	    FROM (SELECT * FROM t ORDER BY e DESC, rang LIMIT 1) t
	    CROSS JOIN LATERAL (SELECT m, l FROM a WHERE a.code = t.code ORDER BY m, region LIMIT 1) lo
	    CROSS JOIN LATERAL (SELECT m, l FROM a WHERE a.code = t.code ORDER BY m DESC, region LIMIT 1) hi")
assert_contains "national p. 1 : l'écart entre régions le plus marqué" "Écart entre régions le plus marqué : $gap" "$NP1"
rel=$(sql "SELECT (n_sans_evaluation_recente + n_jamais_evalues) || ' adhérents sans évaluation récente, dont ' || n_jamais_evalues
	     FROM lecap.v_publication_participation WHERE campagne = 2026 AND national")
assert_contains "national p. 1 : à relancer dans le réseau" "À relancer dans le réseau : $rel jamais évalués (le détail par région suit)." "$NP1"
chg=$(sql "WITH s AS (SELECT code, libelle, rang, evolution AS e FROM lecap.v_publication_agregat
	                WHERE campagne = 2026 AND region = 'FR' AND niveau = 'sous_theme' AND diffusable AND evolution IS NOT NULL)
	  SELECT coalesce((SELECT 'plus forte progression, ' || code || ' ' || libelle || ' (+' || replace(e::text, '.', ',') || ')'
	                     FROM s WHERE e > 0 ORDER BY e DESC, rang LIMIT 1), 'aucune progression') || '|' ||
	         coalesce((SELECT 'plus fort recul, ' || code || ' ' || libelle || ' (–' || replace((-e)::text, '.', ',') || ')'
	                     FROM s WHERE e < 0 ORDER BY e, rang LIMIT 1), 'aucun recul')")
up=${chg%%|*} down=${chg#*|}
case "$up" in aucune*) msg="$down ; $up" ;; *) msg="$up ; $down" ;; esac
assert_contains "national p. 1 : depuis 2025, la plus forte progression et le plus fort recul" "Depuis 2025 : $msg." "$NP1"
# the small region's page 1 situates it with the network's messages, those of
# the national report's page 1
assert_contains "Corse p. 1 : les messages du réseau, pour la situer" "Le réseau national, pour situer la région • Points forts" "$P1"
for m in "Points forts" "Plus grands écarts à la cible" "Points de vue les plus divergents"; do
	nat=$(echo "$NP1" | perl -CSDA -ne 'BEGIN { $m = shift } print $1 if /(\Q$m\E : .*?\)\.)(?: |$)/' "$m")
	[ -n "$nat" ] && ok "national p. 1 : « $m »" || not_ok "national p. 1 : « $m »" "$NP1"
	assert_contains "Corse p. 1 : « $m » du réseau, comme en p. 1 du rapport national" "$nat" "$P1"
done
assert_eq "national : page 1 tient sur une page (« Le réseau en bref » en page 1)" "1" \
	"$(pdftotext -f 1 -l 1 "$D/2026/national.pdf" - 2>/dev/null | grep -c 'Le réseau en bref')"

mkdir -p "$PNG"
pdftoppm -r 60 -png -f 1 -l 1 "$D/2026/national.pdf" "$PNG/national-p1"
pdftoppm -r 60 -png -f 1 -l 1 "$R94" "$PNG/region-94-p1"
p=$(echo "$T" | awk '/\f/ { n++ } /Les régions sous le seuil, ensemble/ { print n + 1; exit }')
pdftoppm -r 60 -png -f "$p" -l "$p" "$R94" "$PNG/region-94"
[ -s "$(ls "$PNG"/region-94-*.png | head -1)" ] && ok "page rendue en PNG (tests/out/regroupement)" \
	|| not_ok "page rendue en PNG" "$p"

done_testing

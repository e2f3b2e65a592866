# The photographie's planned objectives then and now (issue 22 item 3) and
# its consensus against individual views with the points de débat (item 4),
# on a hand-built fixture with hand-computed answers (tests/agregats/fixture.sql
# grid: 1.1.1 = a×1 + b×3, 1.1.2 = c d, 1.2.1 = e f, 2.1.1 = g h; sub-themes
# 1.1 = 1.1.1 + 1.1.2, 1.2 = 1.2.1, 2.1 = 2.1.1). Rendered campaign 2026.
#
# M01 (84): 2024 direction 22222222; 2025 direction 33222222; 2026
#   direction 44332244, salarie_insertion 22332221, benevole 33332233,
#   consensus 44333322 → objectives 2026 1.1.1 4, 1.1.2 3, 1.2.1 3, 2.1.1 2;
#   2025 3 2 2 2; 2024 all 2.
#   Plans: 2024 1.1.1 en_cours, 2.1.1 a_engager; 2025 1.1.1 realisee,
#   1.2.1 en_cours; 2026 1.2.1 realisee.
#   Consensus (mean of the consensus notes) against the mean of every
#   individual note, on the indicators with both:
#     1.1: (4+4+3+3)/4 = 3.50 against 36/12 = 3.00 → +0.50;
#     1.2: 3.00 against 2.00 → +1.00; 2.1: 2.00 against 17/6 = 2.83 → −0.83.
#   Divergence between colleges (college means): 1.1 direction 3.50,
#   insertion 2.50 → 1.00; 1.2 → 0.00; 2.1 direction 4.00, insertion 1.50
#   → 2.50. Points de débat (objectives, ≥ 1 point): 2.1.1 2.50
#   (direction 4.00, insertion 1.50), then 1.1.1 2.00 (direction 4.00,
#   insertion 2.00).
#   From 2025 (its previous campaign) to 2026: planned in 2025 1.1.1 +1,
#   1.2.1 +1 → +1.00; the others 1.1.2 +1, 2.1.1 0 → +0.50.
# M02 (84): 2026 only, direction 33333333, no plan, no consensus.
# M03 (84): plan 2024 (1.2.1 en_cours) but evaluated in 2025 (22222222) and
#   2026 (33333333) only: no score then, no 2025 plan to compare.
# Pages rendered to tests/out/photographie-consensus/.
. tests/lib.sh

D="$TMPD/rapports"
PNG="$ROOT/tests/out/photographie-consensus"
export LECAP_AGREGATS_SEUIL_SECRET=2 LECAP_AGREGATS_COMPLETUDE_MIN=0.75
run_lecap init
assert_rc "init : code 0" 0
fixture_plans
psql -X -q -v ON_ERROR_STOP=1 >/dev/null 2>"$TMPD/fx" <<'SQL' || cat "$TMPD/fx"
SELECT fx.rep(fx.eval('00000000000001', 2024, '84', 'ACI'), 1, 'direction', '22222222');
SELECT fx.rep(fx.eval('00000000000001', 2025, '84', 'ACI'), 1, 'direction', '33222222');
SELECT fx.rep(e, 1, 'direction', '44332244'), fx.rep(e, 2, 'salarie_insertion', '22332221'),
       fx.rep(e, 3, 'benevole', '33332233'), fx.rep(e, 4, 'consensus', '44333322')
  FROM fx.eval('00000000000001', 2026, '84', 'ACI') AS e;
SELECT fx.p('01', 2024, '1.1.1:en_cours 2.1.1:a_engager'), fx.p('01', 2025, '1.1.1:realisee 1.2.1:en_cours'),
       fx.p('01', 2026, '1.2.1:realisee');
SELECT fx.rep(fx.eval('00000000000002', 2026, '84', 'ACI'), 1, 'direction', '33333333');
SELECT fx.rep(fx.eval('00000000000003', 2025, '84', 'ACI'), 1, 'direction', '22222222');
SELECT fx.rep(fx.eval('00000000000003', 2026, '84', 'ACI'), 1, 'direction', '33333333');
SELECT fx.p('03', 2024, '1.2.1:en_cours');
SQL

run_lecap aggregate --all
assert_rc "aggregate : code 0" 0

# The one definition (lecap.v_consensus_entreprise), M01 2026.
assert_eq "consensus contre moyenne individuelle : la vue" "1.1|3.50|3.00|0.50|au_dessus|4
1.2|3.00|2.00|1.00|au_dessus|2
2.1|2.00|2.83|-0.83|en_dessous|2" \
	"$(sql "SELECT sous_theme, round(consensus, 2), round(moyenne_individuelle, 2), round(ecart, 2), position, n_indicateurs
	          FROM lecap.v_consensus_entreprise WHERE campagne = 2026 AND siret = '00000000000001' ORDER BY 1")"
assert_eq "pas de ligne de consensus, pas de mesure" "0" \
	"$(sql "SELECT count(*) FROM lecap.v_consensus_entreprise WHERE siret <> '00000000000001'")"

pdf() { # SIRET: the photographie's text, one space between words
	pdftotext "$D/2026/entreprises/84/$1.pdf" - 2>/dev/null | tr -s ' \n' '  '
}
run_lecap report --campagne 2026 --all --out "$D"
assert_rc "report : code 0" 0
mkdir -p "$PNG"
rm -f "$PNG"/*.png
for s in 00000000000001 00000000000002 00000000000003; do
	pdftoppm -r 60 -png "$D/2026/entreprises/84/$s.pdf" "$PNG/$s"
	pdftotext -layout "$D/2026/entreprises/84/$s.pdf" "$PNG/$s.txt"
done
T1=$(pdf 00000000000001)
T2=$(pdf 00000000000002)
T3=$(pdf 00000000000003)
# rows SIRET FROM TO: the table rows (lines starting with a code) of the
# layout text between the headings FROM and TO, one space between words.
rows() {
	sed 's/  */ /g; s/^ //' "$PNG/$1.txt" | sed -n "/^$2/,/^$3/p" | grep -E '^[0-9]'
}
M="–" # the minus sign as the PDF draws it (WinAnsi: the en dash)

# Item 4: the table per sub-theme, beside « Là où vos collèges… ».
assert_eq "M01 : consensus, moyenne individuelle, écart, divergence entre collèges" "1.1 Sous-thème 1.1 3,50 3,00 +0,50 1,00
1.2 Sous-thème 1.2 3,00 2,00 +1,00 0,00
2.1 Sous-thème 2.1 2,00 2,83 ${M}0,83 2,50" "$(rows 00000000000001 'Consensus et notes individuelles' 'Vos points de débat')"
assert_contains "M01 : la section suit celle des collèges" \
	"Là où vos collèges ne voient pas la même chose" "$(echo "$T1" | sed 's/Consensus et notes individuelles.*//')"
assert_contains "M01 : les points de débat nommés, avec leurs chiffres" "Vos points de débat Les objectifs où vos collèges s'écartent le plus (1,00 point ou plus entre la plus forte et la plus faible moyenne de collège, au plus 3) : à reprendre ensemble. 2.1.1 Objectif 2.1.1 : 2,50 points d'écart entre la direction (4,00) et les salarié·e·s en insertion (1,50). 1.1.1 Objectif 1.1.1 : 2,00 points d'écart entre la direction (4,00) et les salarié·e·s en insertion (2,00)." "$T1"
assert_contains "M02 : sans consensus, une phrase et pas de tableau" "Consensus et notes individuelles Votre export ne porte pas à la fois des notes de consensus et des notes individuelles sur les mêmes indicateurs : pas de comparaison entre les deux. Vos points de débat Un seul collège a répondu : pas de point de débat entre collèges." "$T2"
assert_not_contains "M02 : pas de tableau de consensus" "Moyenne individuelle" "$T2"

# Item 3: the planned objectives then and now.
assert_eq "M01 : objectifs planifiés, scores alors et aujourd'hui, évolution, statuts" "2024 1.1.1 Objectif 1.1.1 2,00 4,00 +2,00 en cours réalisée
2024 2.1.1 Objectif 2.1.1 2,00 2,00 0,00 à engager non suivie
2025 1.1.1 Objectif 1.1.1 3,00 4,00 +1,00 réalisée réalisée
2025 1.2.1 Objectif 1.2.1 2,00 3,00 +1,00 en cours réalisée" \
	"$(rows 00000000000001 'Vos objectifs planifiés' 'De 2025')"
assert_contains "M01 : objectifs planifiés contre les autres, même panel" "De 2025 à 2026, les objectifs de votre plan 2025 ont évolué en moyenne de +1,00 (2 objectifs), vos autres objectifs de +0,50 (2 objectifs) : objectifs notés aux deux campagnes." "$T1"
assert_contains "M02 : sans plan précédent, une phrase" "Vos objectifs planifiés, alors et maintenant Vous n'avez pas transmis de plan de progrès lors d'une campagne précédente : cette section suivra, à la prochaine campagne, les objectifs de votre plan." "$T2"
assert_not_contains "M02 : pas de tableau vide" "Score alors" "$T2"
assert_eq "M03 : plan 2024 sans évaluation 2024 : pas de score alors" "2024 1.2.1 Objectif 1.2.1 – 3,00 – en cours non suivie" \
	"$(rows 00000000000003 'Vos objectifs planifiés' 'Vous n')"
assert_contains "M03 : pas de plan à la campagne précédente, pas de comparaison" "Vous n'aviez pas transmis de plan de progrès en 2025, votre campagne précédente : pas de comparaison entre objectifs planifiés et autres objectifs." "$T3"

# The figures are in the fingerprint (lecap run leaves a photographie
# whose file carries the fingerprint of its data): M01's 2024 evaluation
# corrected (1.1.1 = (1 + 3 × 2) / 4 = 1.75) changes nothing the 2026
# photographie printed but the score then of its 2024 plan's 1.1.1: M01's
# fingerprint changes, the others' do not.
fp() { grep -ao 'LecapEmpreinte *([0-9a-f]*)' "$D/2026/entreprises/84/$1.pdf"; }
fp1=$(fp 00000000000001) fp2=$(fp 00000000000002) fp3=$(fp 00000000000003)
[ -n "$fp1" ] && ok "l'empreinte se lit dans le PDF" || not_ok "l'empreinte se lit dans le PDF" "rien"
sql "SELECT fx.rep(fx.eval('00000000000001', 2024, '84', 'ACI'), 1, 'direction', '12222222')" >/dev/null
run_lecap aggregate --all
assert_rc "aggregate après correction : code 0" 0
run_lecap report --campagne 2026 --all --out "$D"
assert_rc "report après correction : code 0" 0
[ "$(fp 00000000000001)" != "$fp1" ] && ok "M01 : empreinte changée" || not_ok "M01 : empreinte changée" "$fp1"
assert_eq "M02, M03 : empreintes inchangées" "$fp2 $fp3" "$(fp 00000000000002) $(fp 00000000000003)"
pdftotext -layout "$D/2026/entreprises/84/00000000000001.pdf" "$PNG/00000000000001.txt"
assert_contains "M01 imprime le nouveau score alors" "2024 1.1.1 Objectif 1.1.1 1,75 4,00 +2,25 en cours réalisée" \
	"$(rows 00000000000001 'Vos objectifs planifiés' 'De 2025')"

done_testing

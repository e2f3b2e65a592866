# Every file lecap generate writes without a defect passes lecap check, and
# every defect it injects is rejected with its expected message.
. tests/lib.sh

run_lecap check /dev/null
case "$ERR" in
*"pas encore disponible"*)
	ok "# SKIP lecap check n'est pas encore là"
	done_testing
	exit 0
	;;
esac

run_lecap generate --entreprises 300 --graine 15 --defauts 0 --out "$TMPD/v"
assert_rc "generate sans défaut : code 0" 0
run_lecap check "$TMPD"/v/*.csv
assert_rc "check : tous les fichiers générés sont valides (code 0)" 0
assert_eq "check : aucun problème signalé" "" "$OUT"
n=$(ls "$TMPD"/v/*.csv | wc -l)
assert_contains "check : tous vérifiés" "lecap: info: $n fichier(s) vérifié(s) : tous valides" "$ERR"

run_lecap generate --entreprises 600 --graine 16 --defauts 0.15 --out "$TMPD/d"
assert_rc "generate avec défauts : code 0" 0
run_lecap check "$TMPD"/d/*.csv
assert_rc "check : des fichiers à corriger (code 1)" 1
printf '%s\n' "$OUT" > "$TMPD/problems"

# The message each defect kind must raise.
expected() {
	case "$1" in
	note_hors_echelle) echo 'note invalide « 5 »' ;;
	indicateur_inconnu) echo 'indicateur inconnu dans la grille' ;;
	indicateur_repete) echo 'colonne en double' ;;
	siret_invalide) echo 'la clé de contrôle ne correspond pas' ;;
	region_inconnue) echo 'région inconnue « (Atlantide|99) »' ;;
	fichier_tronque) echo 'champs? au lieu de|guillemet ouvrant jamais refermé|fichier tronqué au milieu d.un caractère' ;;
	repondant_duplique) echo 'déjà présent ligne' ;;
	deux_consensus) echo 'seconde ligne de consensus' ;;
	siret_different) echo 'diffère de la ligne' ;;
	objectif_inconnu) echo 'objectif inconnu' ;;
	statut_inconnu) echo 'statut inconnu « suspendue »' ;;
	*) echo "sorte de défaut inconnue : $1" ;;
	esac
}

tail -n +2 "$TMPD/d/.defauts.txt" | while IFS=';' read -r file kind _; do
	if grep "^$TMPD/d/$file:" "$TMPD/problems" | grep -E -q "$(expected "$kind")"; then
		echo "$kind"
	else
		echo "MANQUÉ $file $kind"
	fi
done > "$TMPD/kinds"
assert_eq "check : chaque défaut injecté est rejeté avec son message" "" "$(grep MANQUÉ "$TMPD/kinds")"
for kind in note_hors_echelle indicateur_inconnu indicateur_repete siret_invalide region_inconnue \
	fichier_tronque repondant_duplique deux_consensus siret_different objectif_inconnu statut_inconnu; do
	c=$(grep -c "^$kind\$" "$TMPD/kinds")
	[ "$c" -gt 0 ] && ok "check rejette $kind ($c fichiers) : $(expected "$kind")" \
		|| not_ok "check rejette $kind" "aucun fichier de cette sorte"
done
flagged=$(sed -n "s|^$TMPD/d/\([^:]*\):.*|\1|p" "$TMPD/problems" | sort -u)
listed=$(tail -n +2 "$TMPD/d/.defauts.txt" | cut -d';' -f1 | sort -u)
assert_eq "check : seuls les fichiers listés dans .defauts.txt sont rejetés" "$listed" "$flagged"

done_testing

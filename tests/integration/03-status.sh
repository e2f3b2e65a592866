# lecap status: runs from the journal, quarantine with reasons.
. tests/lib.sh
cd "$TMPD" || exit 1
export LECAP_CHEMINS_QUARANTAINE="$TMPD/q"

run_lecap init
assert_rc "init : code 0" 0
run_lecap status
assert_rc "status sur une base vide : code 0" 0
assert_eq "status sur une base vide" "Dernières exécutions :
  aucune

Évaluations en base, par campagne et région :
  aucune

Quarantaine ($TMPD/q) :
  vide" "$OUT"

sql "INSERT INTO lecap.execution (commande, debut, fin, hote, pid, version_lecap, fichiers_integres,
  fichiers_rejetes, campagnes_agregees, rapports_ecrits, code_sortie)
  VALUES ('run', '2026-11-26 02:30:00+01', '2026-11-26 02:31:05+01', 'srv', 42, '0.1.0', 12, 1, '{2025,2026}', 7, 1)" >/dev/null
mkdir -p q
printf 'x' > q/reponses-a.csv
printf 'reponses-a.csv:3:note: note « 5 » hors échelle\nreponses-a.csv:4:note: autre\n' > q/reponses-a.csv.erreurs.txt
run_lecap status
assert_rc "status : code 0" 0
assert_contains "status : l'exécution" "  #1 run       26/11/2026 02:30:00  durée 00:01:05  code 1  fichiers : 12 intégrés, 1 rejetés, 0 doublons, 0 obsolètes ; campagnes agrégées : 2025,2026 ; rapports : 7" "$OUT"
assert_contains "status : la quarantaine et son premier motif" "  reponses-a.csv — 2 motif(s) ; premier : reponses-a.csv:3:note: note « 5 » hors échelle" "$OUT"

chmod 000 q
if [ "$(id -u)" -ne 0 ]; then
	run_lecap status
	assert_rc "quarantaine illisible : code 5" 5
fi
chmod 755 q
done_testing

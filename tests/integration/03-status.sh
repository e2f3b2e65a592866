# lecap status: runs from the journal, quarantine with reasons.
. tests/lib.sh
cd "$TMPD" || exit 1
export LECAP_CHEMINS_QUARANTAINE="$TMPD/q"
export LECAP_CHEMINS_ENTREE="$TMPD/entree"

run_lecap init
assert_rc "init : code 0" 0
run_lecap status
assert_rc "status sur une base vide : code 0" 0
assert_eq "status sur une base vide" "Dernières exécutions :
  aucune

Évaluations en base, par campagne et région :
  aucune

Quarantaine ($TMPD/q) :
  vide

Boîte de réception ($TMPD/entree) :
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

# One problem per line: the count line is not a reason; names are escaped.
{
	for i in $(seq 1 100); do printf 'b.csv:%d:1.1.1.a: note invalide « 9 » : %0600d\n' $((i + 1)) 0; done
	printf 'b.csv: 150 problèmes au total, seuls les 100 premiers sont listés ; corrigez-les puis vérifiez de nouveau avec lecap check\n'
} > "q/b
c.csv.erreurs.txt"
printf 'x' > "q/b
c.csv"
run_lecap status
assert_contains "status : 100 motifs (lignes longues, ligne du décompte exclue), nom échappé" "    b\\x0Ac.csv — 100 motif(s) ; premier : b.csv:2:1.1.1.a: note invalide « 9 » : " "$OUT"

# The inbox (issue 17 item 6): files left for the next run, and why.
mkdir -p entree
printf 'x' > entree/vieux.csv
touch -d '2020-01-01' entree/vieux.csv
printf 'x' > entree/recent.csv
printf 'x' > entree/envoi.csv.part
printf 'x' > entree/envoi2.csv.crdownload
LECAP_INGESTION_AGE_MIN=120 run_lecap status
assert_contains "status : un fichier .part jamais lu" "  envoi.csv.part — dépôt en cours (nom en .part, .tmp, .crdownload ou ~) : jamais lu, intégré une fois renommé" "$OUT"
assert_contains "status : un fichier .crdownload jamais lu" "  envoi2.csv.crdownload — dépôt en cours" "$OUT"
assert_contains "status : un fichier récent laissé" "  recent.csv — modifié il y a " "$OUT"
assert_contains "status : age_min cité" "moins de 120 s ([ingestion] age_min) : dépôt peut-être en cours, laissé pour l'exécution suivante" "$OUT"
assert_contains "status : le décompte des fichiers prêts" "  1 fichier(s) à lire à la prochaine exécution" "$OUT"
LECAP_INGESTION_AGE_MIN=0 run_lecap status
assert_contains "status : age_min = 0, le récent est prêt" "  2 fichier(s) à lire à la prochaine exécution" "$OUT"

chmod 000 q
if [ "$(id -u)" -ne 0 ]; then
	run_lecap status
	assert_rc "quarantaine illisible : code 5" 5
fi
chmod 755 q
done_testing

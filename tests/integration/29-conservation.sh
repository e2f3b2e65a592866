# Retention ([conservation], lecap purger without --siret, lecap run with
# [conservation] nuit = oui): old archived and quarantined files, old journal
# rows, departed members erased; never the current campaign, never the latest
# registry; --dry-run changes nothing; a second pass erases nothing more.
. tests/lib.sh
cd "$TMPD" || exit 1
IN="$TMPD/entree"; AR="$TMPD/archive"; QU="$TMPD/quarantaine"; RA="$TMPD/rapports"
export LECAP_CHEMINS_ENTREE="$IN" LECAP_CHEMINS_ARCHIVE="$AR" LECAP_CHEMINS_QUARANTAINE="$QU" \
	LECAP_CHEMINS_RAPPORTS="$RA"
"$LECAP" generate --entreprises 12 --campagnes 2024-2026 --graine 4 --out "$TMPD/reseau" 2>/dev/null
mkdir -p "$IN" && cp "$TMPD/reseau/"* "$IN/"
run_lecap -q run
assert_rc "nuit initiale : code 0" 0
# Two registries: the older one goes, the latest stays whatever its age.
cp "$TMPD/reseau/adherents.csv" "$IN/adherents-2.csv" && echo >> "$IN/adherents-2.csv"
run_lecap -q ingest
# Quarantine: one old rejected file, one recent.
cp "$ROOT/tests/fixtures/rejets/01-note-5.csv" "$ROOT/tests/fixtures/rejets/02-note-texte.csv" "$IN/"
run_lecap -q ingest
touch -d "200 days ago" "$QU/01-note-5.csv" "$QU/01-note-5.csv.erreurs.txt"

# Everything received 4 years ago (file times and database).
find "$AR" -type f -exec touch -d "4 years ago" {} +
touch -d "3 years ago" "$AR/adherents/adherents-2.csv"
sql "UPDATE lecap.fichier SET recu_le = now() - interval '4 years'" >/dev/null
sql "UPDATE lecap.execution SET debut = now() - interval '800 days', fin = now() - interval '800 days' WHERE id <= 2" >/dev/null
# A member gone from the registry with nothing in 2026 (erased), another
# with 2026 data (kept: the current campaign).
D=$(sql "SELECT siret FROM lecap.entreprise e WHERE NOT EXISTS (SELECT 1 FROM lecap.evaluation v WHERE v.siret = e.siret AND v.campagne = 2026) AND NOT EXISTS (SELECT 1 FROM lecap.plan p WHERE p.siret = e.siret AND p.campagne = 2026) ORDER BY 1 LIMIT 1")
K=$(sql "SELECT siret FROM lecap.evaluation WHERE campagne = 2026 ORDER BY 1 LIMIT 1")
[ -n "$D" ] && [ -n "$K" ] && ok "un adhérent sorti ($D), un autre évalué en 2026 ($K)" || not_ok "pas d'adhérents pour l'essai"
sql "DELETE FROM lecap.adherent WHERE siret IN ('$D', '$K')" >/dev/null
N24=$(ls "$AR/2024" | wc -l); N25=$(ls "$AR/2025" | wc -l); N26=$(ls "$AR/2026" | wc -l)
NEX=$(sql "SELECT count(*) FROM lecap.execution")

run_lecap purger --dry-run
assert_rc "--dry-run : code 0" 0
assert_contains "--dry-run : bilan" "lecap: info: conservation (--dry-run, rien n'est effacé) : $((N24 + N25 + 1)) fichier(s) archivé(s) de plus de 1095 jours (campagne en cours 2026 gardée), 2 fichier(s) de quarantaine de plus de 180 jours, 1 adhérent(s) sorti(s) du registre depuis plus de 1095 jours, 2 exécution(s) du journal de plus de 730 jours seraient effacés" "$ERR"
assert_eq "--dry-run : rien d'effacé" "$N24|$N25|$N26|$((NEX + 1))|1" "$(ls "$AR/2024" | wc -l)|$(ls "$AR/2025" | wc -l)|$(ls "$AR/2026" | wc -l)|$(sql "SELECT count(*) FROM lecap.execution")|$(sql "SELECT count(*) FROM lecap.entreprise WHERE siret = '$D'")"

run_lecap purger
assert_rc "purger : code 0" 0
assert_contains "purger : adhérent sorti" "lecap: info: $D : adhérent sorti du registre, dernier fichier il y a plus de 1095 jours" "$ERR"
assert_contains "purger : bilan" "lecap: info: conservation : $((N24 + N25 + 1)) fichier(s) archivé(s) de plus de 1095 jours (campagne en cours 2026 gardée), 2 fichier(s) de quarantaine de plus de 180 jours, 1 adhérent(s) sorti(s) du registre depuis plus de 1095 jours, 2 exécution(s) du journal de plus de 730 jours effacés" "$ERR"
assert_eq "archive : 2024 et 2025 vidés, 2026 gardé" "0|0|$N26" "$(ls "$AR/2024" | wc -l)|$(ls "$AR/2025" | wc -l)|$(ls "$AR/2026" | wc -l)"
assert_eq "archive : le dernier registre gardé" "adherents-2.csv" "$(ls "$AR/adherents")"
assert_eq "quarantaine : le récent gardé" "02-note-texte.csv 02-note-texte.csv.erreurs.txt" "$(ls "$QU" | tr '\n' ' ' | sed 's/ $//')"
assert_eq "journal : les deux vieilles exécutions effacées" "0" "$(sql "SELECT count(*) FROM lecap.execution WHERE id <= 2")"
assert_eq "les fichiers reçus gardent leur ligne (règle « déjà reçu »)" "0" "$(sql "SELECT count(*) FROM lecap.fichier WHERE execution_id IS NOT NULL AND execution_id <= 2")"
assert_eq "adhérent sorti : effacé" "0|0" "$(sql "SELECT (SELECT count(*) FROM lecap.evaluation WHERE siret = '$D'), (SELECT count(*) FROM lecap.fichier WHERE siret = '$D')")"
assert_eq "adhérent de la campagne en cours : gardé" "1" "$(sql "SELECT count(*) FROM lecap.evaluation WHERE siret = '$K' AND campagne = 2026")"
assert_eq "journal : purger" "purger|0" "$(sql "SELECT commande, code_sortie FROM lecap.execution ORDER BY id DESC LIMIT 1")"

run_lecap purger
assert_contains "seconde fois : rien de plus" "lecap: info: conservation : 0 fichier(s) archivé(s) de plus de 1095 jours (campagne en cours 2026 gardée), 0 fichier(s) de quarantaine de plus de 180 jours, 0 adhérent(s) sorti(s) du registre depuis plus de 1095 jours, 0 exécution(s) du journal de plus de 730 jours effacés" "$ERR"

# Shorter durations from the environment, applied by the night.
touch -d "40 days ago" "$QU/02-note-texte.csv" "$QU/02-note-texte.csv.erreurs.txt"
LECAP_CONSERVATION_NUIT=oui LECAP_CONSERVATION_QUARANTAINE=30 run_lecap run
assert_rc "nuit avec conservation : code 0" 0
assert_contains "nuit avec conservation : bilan" "2 fichier(s) de quarantaine de plus de 30 jours" "$ERR"
assert_eq "nuit avec conservation : quarantaine vide" "0" "$(ls "$QU" | wc -l)"
run_lecap run
# (the night's timing line names its step « envoi et conservation »: the bilan is what
# says a conservation ran)
assert_not_contains "sans nuit = oui : pas de conservation" "info: conservation :" "$ERR"
LECAP_CONSERVATION_JOURNAL=0 run_lecap purger
assert_rc "durée invalide : code 2" 2

done_testing

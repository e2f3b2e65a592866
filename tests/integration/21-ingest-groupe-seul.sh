# lecap ingest has one writer (src/ingest/ingest_batch.c): a big file (over
# 1 MiB) is a group of one, its answers streamed while it is read; it is
# replaced, made obsolete and rejected by the same rules as a small one, and
# a rejected one leaves nothing behind. Registries go through the groups too:
# the last one of a run wins, as if each had been applied in turn.
. tests/lib.sh

IN="$TMPD/entree"; AR="$TMPD/archive"; QU="$TMPD/quarantaine"
export LECAP_CHEMINS_ENTREE="$IN" LECAP_CHEMINS_ARCHIVE="$AR" LECAP_CHEMINS_QUARANTAINE="$QU"
mkdir -p "$IN"
V="$ROOT/tests/fixtures/valides"
run_lecap -q init

# A Réponses file of 15,000 respondents (about 1.1 MiB).
siret=44821993100012
camp=2025
big() { # big OUT HORODATAGE [FIRST_NOTE_OF_THE_LAST_ROW]
	{ echo "siret,raison_sociale,region,type_structure,campagne,date_evaluation,horodatage_export,repondant,college,1.1.1.a,1.1.1.b,1.1.2.a"
	  awk -v s="$siret" -v c="$camp" -v h="$2" -v last="${3:-}" 'BEGIN {
		for (i = 1; i <= 15000; i++)
			print s ",Essai,53,ACI," c ",05/01/2025," h ",p" i ",benevole," \
			      (i == 15000 && last != "" ? last : i % 4 + 1) "," (i % 3 == 0 ? "NC" : "3") ","
	  }'; } >"$1"
}
big "$IN/gros-a.csv" "2025-01-10T10:00:00Z"
sz=$(stat -c %s "$IN/gros-a.csv")
assert_eq "fichier de plus de 1 Mio" "oui" "$([ "$sz" -gt 1048576 ] && echo oui || echo "non ($sz)")"
cp "$V/virgule.csv" "$IN/petit-1.csv"
cp "$V/adherents.csv" "$IN/reg-1.csv"
cp "$V/adherents-sans-date.csv" "$IN/reg-2.csv"
run_lecap ingest
assert_rc "gros fichier parmi des petits : code 0" 0
assert_contains "gros fichier : tous intégrés" "4 intégré(s), 0 rejeté(s), 0 doublon(s), 0 obsolète(s)" "$ERR"
assert_eq "gros fichier : 15 000 répondants" "15000" \
	"$(sql "SELECT count(*) FROM lecap.repondant r JOIN lecap.evaluation e ON e.id = r.evaluation_id WHERE e.siret = '$siret'")"
assert_eq "gros fichier : cellules comptées dans lecap.fichier" \
	"$(sql "SELECT count(*) FROM lecap.v_reponse p JOIN lecap.evaluation e ON e.id = p.evaluation_id WHERE e.siret = '$siret'")" \
	"$(sql "SELECT cellules FROM lecap.fichier WHERE nom = 'gros-a.csv'")"
assert_eq "registres : le dernier du lot l'emporte" \
	"$(($(grep -c . "$V/adherents-sans-date.csv") - 1))|reg-2.csv" \
	"$(sql "SELECT count(*) || '|' || min(f.nom) FROM lecap.adherent a JOIN lecap.fichier f ON f.id = a.fichier_id")"
assert_eq "registres : archivés sous adherents/" "reg-1.csv reg-2.csv" "$(ls "$AR/adherents" | tr '\n' ' ' | sed 's/ $//')"

# A later big export replaces the evaluation; an earlier one is obsolete.
big "$IN/gros-b.csv" "2025-01-11T10:00:00Z" 1
big "$IN/gros-c.csv" "2025-01-09T10:00:00Z"
run_lecap ingest
assert_rc "remplacement et obsolescence : code 0" 0
assert_contains "remplacement : un intégré, un obsolète" "1 intégré(s), 0 rejeté(s), 0 doublon(s), 1 obsolète(s)" "$ERR"
assert_eq "remplacement : une évaluation, celle du dernier export" "1|gros-b.csv" \
	"$(sql "SELECT count(*) || '|' || min(f.nom) FROM lecap.evaluation e JOIN lecap.fichier f ON f.id = e.fichier_id WHERE e.siret = '$siret' AND e.campagne = $camp")"
assert_eq "remplacement : plus aucune réponse de l'ancienne évaluation" "0" \
	"$(sql "SELECT count(*) FROM lecap.reponse p WHERE NOT EXISTS (SELECT 1 FROM lecap.evaluation e WHERE e.id = p.evaluation_id)")"
assert_eq "remplacement : statuts des fichiers" "gros-a.csv integre|gros-b.csv integre|gros-c.csv obsolete" \
	"$(sql "SELECT string_agg(nom || ' ' || statut, '|' ORDER BY nom) FROM lecap.fichier WHERE nom LIKE 'gros-%'")"

# A big file invalid on its last line, after its answers were streamed:
# rejected, nothing of it applied, the small file after it applied.
before=$(sql "SELECT count(*) || ' ' || (SELECT count(*) FROM lecap.v_reponse) FROM lecap.evaluation")
big "$IN/gros-d.csv" "2025-01-12T10:00:00Z" 7
sed 's/82601815200015/26086385700017/' "$V/tabulation.csv" >"$IN/petit-2.csv"
run_lecap ingest
assert_rc "gros fichier invalide : code 1" 1
assert_contains "gros fichier invalide : rejeté, le petit intégré" "1 intégré(s), 1 rejeté(s), 0 doublon(s), 0 obsolète(s)" "$ERR"
assert_eq "gros fichier invalide : en quarantaine" "gros-d.csv gros-d.csv.erreurs.txt" "$(ls "$QU" | tr '\n' ' ' | sed 's/ $//')"
assert_contains "gros fichier invalide : la ligne nommée" "gros-d.csv:15001:" "$(cat "$QU/gros-d.csv.erreurs.txt")"
assert_eq "gros fichier invalide : l'évaluation d'avant reste" "gros-b.csv" \
	"$(sql "SELECT f.nom FROM lecap.evaluation e JOIN lecap.fichier f ON f.id = e.fichier_id WHERE e.siret = '$siret' AND e.campagne = $camp")"
assert_eq "gros fichier invalide : rien de lui dans la base, le petit en plus" \
	"$(echo "$before" | awk '{ print $1 + 1 }')" "$(sql "SELECT count(*) FROM lecap.evaluation")"
assert_eq "gros fichier invalide : ligne rejete" "rejete|0" "$(sql "SELECT statut || '|' || cellules FROM lecap.fichier WHERE nom = 'gros-d.csv'")"

# Dropped again: a doublon, like any file.
cp "$AR/$camp/gros-b.csv" "$IN/gros-b-encore.csv"
run_lecap ingest
assert_rc "gros doublon : code 0" 0
assert_contains "gros doublon : reconnu" "0 intégré(s), 0 rejeté(s), 1 doublon(s), 0 obsolète(s)" "$ERR"

done_testing

# Bounce-prone addresses (issue 21, item 6): an address the SMTP server
# refuses on 3 runs in a row is deactivated (said by the run, by lecap status
# and by lecap recipients list), no longer tried, and re-activated by lecap
# recipients add; a success between two refusals starts the count again.
. tests/lib.sh
. tests/smtp/sink.sh
diffusion_night
smtp_start "$TMPD/recus" || exit 1
export LECAP_DIFFUSION_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT" LECAP_DIFFUSION_STARTTLS=$SMTP_STARTTLS \
	LECAP_DIFFUSION_EXPEDITEUR=lecap@coorace.org LECAP_DIFFUSION_DELAI=10
A=91666521901759; B=96588278000012
run_lecap recipients add "$A" perdue@a.example.org
run_lecap recipients add "$B" contact@b.example.org
echo perdue@a.example.org >recus/refuse
refus() { sql "SELECT executions || '|' || (desactivee_le IS NOT NULL) FROM lecap.refus_adresse WHERE email = 'perdue@a.example.org'"; }

run_lecap send
assert_rc "1re exécution refusée : code 1" 1
assert_eq "1re exécution : un refus compté" "1|false" "$(refus)"
run_lecap send
assert_eq "2e exécution : deux" "2|false" "$(refus)"
run_lecap send
assert_rc "3e exécution refusée : code 1" 1
assert_eq "3e exécution : désactivée" "3|true" "$(refus)"
assert_contains "3e exécution : dit" "lecap: avertissement: adresse perdue@a.example.org désactivée : refusée par le serveur 3 exécutions de suite (dernière réponse : 550 5.1.1 <perdue@a.example.org>: destinataire inconnu)
lecap: astuce: corrigez-la, ou réactivez-la avec lecap recipients add" "$ERR"
assert_eq "désactivée : inactive dans lecap.contact_adherent" "f" \
	"$(sql "SELECT actif FROM lecap.contact_adherent WHERE email = 'perdue@a.example.org'")"
DAY=$(date +%Y-%m-%d)

run_lecap status
assert_contains "lecap status : la ligne" "Adresses désactivées (refusées par le serveur SMTP 3 exécutions de suite ; lecap recipients add les réactive) :
  perdue@a.example.org, désactivée le $DAY : 550 5.1.1 <perdue@a.example.org>: destinataire inconnu" "$OUT"
run_lecap recipients list
assert_contains "recipients list : la ligne" ": perdue@a.example.org (à la main, désactivée le $DAY : refusée par le serveur 3 exécutions de suite)" "$OUT"

n=$(sql "SELECT count(*) FROM lecap.envoi WHERE email = 'perdue@a.example.org'")
run_lecap send
assert_rc "4e exécution : plus tentée, code 0" 0
assert_eq "4e exécution : aucune tentative de plus" "$n" \
	"$(sql "SELECT count(*) FROM lecap.envoi WHERE email = 'perdue@a.example.org'")"

# Re-activated by recipients add: tried again, and sent once the server takes it.
rm recus/refuse
run_lecap recipients add "$A" perdue@a.example.org
assert_eq "recipients add : réactivée" "adresse d'adhérent réactivée : $A perdue@a.example.org" "$OUT"
assert_eq "recipients add : ses refus oubliés" "" "$(refus)"
run_lecap status
assert_not_contains "lecap status : plus de ligne" "Adresses désactivées" "$OUT"
run_lecap send
assert_rc "réactivée : envoyée, code 0" 0
assert_eq "réactivée : un message" "1" "$(ls recus/msg-*-perdue@a.example.org.eml | wc -l)"

# Refused twice, then a success: the count starts again.
sql "DELETE FROM lecap.envoi WHERE email = 'contact@b.example.org'" >/dev/null
echo contact@b.example.org >recus/refuse
run_lecap send
sql "DELETE FROM lecap.envoi WHERE email = 'contact@b.example.org'" >/dev/null
run_lecap send
assert_eq "deux refus de suite" "2" "$(sql "SELECT executions FROM lecap.refus_adresse WHERE email = 'contact@b.example.org'")"
rm recus/refuse
run_lecap send
assert_eq "puis un succès : le compte oublié" "0" "$(sql "SELECT count(*) FROM lecap.refus_adresse")"
echo contact@b.example.org >recus/refuse
sql "DELETE FROM lecap.envoi WHERE email = 'contact@b.example.org'" >/dev/null
run_lecap send
assert_eq "un refus de plus : 1, pas 3, toujours active" "1|true" "$(sql "SELECT executions || '|' || actif FROM lecap.refus_adresse x JOIN lecap.contact_adherent c USING (email)")"

# Analysts and delegates cannot read it.
for r in lecap_analyste lecap_delegue; do
	assert_eq "$r : refus_adresse refusé" "ERROR:  permission denied for table refus_adresse" \
		"$(psql -X -qAt -c "SET ROLE $r; SELECT count(*) FROM lecap.refus_adresse" 2>&1 | head -1)"
done
done_testing

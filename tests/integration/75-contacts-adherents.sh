# Member contacts (issue 21, item 1): the registry's optional column
# courriel_contact, validated as recipients are; lecap recipients add/remove/
# list/load with a SIRET; hand-added wins and an opt-out survives registry
# reloads; readable by lecap's own role only; erased [diffusion] conservation
# days after the member left the registry.
. tests/lib.sh
cd "$TMPD" || exit 1
IN="$TMPD/entree"
export LECAP_CHEMINS_ENTREE="$IN" LECAP_CHEMINS_ARCHIVE="$TMPD/archive" \
	LECAP_CHEMINS_QUARANTAINE="$TMPD/quarantaine" LECAP_CHEMINS_RAPPORTS="$TMPD/rapports"
mkdir -p "$IN"
run_lecap -q init
assert_rc "init : code 0" 0

A=82601815200015; B=43016613200018; C=80913909000017; D=83082462900018
registre() { # FILE, then the lines after the header
	f="$IN/$1"; shift
	printf 'siret;raison_sociale;region;type_structure;date_adhesion;courriel_contact\n' >"$f"
	for l in "$@"; do printf '%s\n' "$l" >>"$f"; done
}

# An invalid address rejects the registry, with line and column.
registre adherents-1.csv "$A;Ateliers de l'Estuaire;53;ACI;;contact@estuaire" \
	"$B;AI Val d'Oise;11;AI;;jean dupont@valdoise.example.org"
run_lecap -q ingest
assert_rc "registre à l'adresse invalide : rejeté, code 1" 1
assert_eq "registre rejeté : motifs ligne:colonne" "adherents-1.csv:2:courriel_contact: adresse électronique invalide « contact@estuaire » : le domaine doit contenir un point ; une adresse s'écrit nom@domaine.fr, sans espace ni accent
adherents-1.csv:3:courriel_contact: adresse électronique invalide « jean dupont@valdoise.example.org » : espace interdit ; une adresse s'écrit nom@domaine.fr, sans espace ni accent" \
	"$(grep '^adherents-1.csv:' "$TMPD/quarantaine/adherents-1.csv.erreurs.txt")"
assert_eq "registre rejeté : aucune adresse" "0" "$(sql "SELECT count(*) FROM lecap.contact_adherent")"

# A valid registry: addresses in lower case, an empty cell is no address.
registre adherents-2.csv "$A;Ateliers de l'Estuaire;53;ACI;;Contact@Estuaire.EXAMPLE.org" \
	"$B;AI Val d'Oise;11;AI;;" "$C;Jardins du Sillon;52;ACI;;jardins@sillon.example.org" \
	"$D;ETTI Rhône;84;ETTI;;rh@etti.example.org"
run_lecap -q ingest
assert_rc "registre avec courriel_contact : code 0" 0
assert_eq "adresses du registre" "$D|rh@etti.example.org|t|f|t
$C|jardins@sillon.example.org|t|f|t
$A|contact@estuaire.example.org|t|f|t" \
	"$(sql "SELECT siret, email, du_registre, manuel, actif FROM lecap.contact_adherent ORDER BY email DESC")"

# By hand: a second address for A, the registry's own address for C (now
# held by hand), an opt-out for D; unknown member and bad address refused.
run_lecap recipients add "$A" Direction@Estuaire.example.org "Marie Durand"
assert_rc "add SIRET : code 0" 0
assert_eq "add SIRET : ce qui est fait" "adresse d'adhérent ajoutée : $A direction@estuaire.example.org (Marie Durand)" "$OUT"
run_lecap recipients add "430 166 132 00018" b@valdoise.example.org
assert_eq "add SIRET avec espaces" "adresse d'adhérent ajoutée : $B b@valdoise.example.org" "$OUT"
run_lecap recipients add "$C" jardins@sillon.example.org "Accueil"
assert_eq "add de l'adresse du registre : tenue à la main" \
	"adresse du registre désormais tenue à la main : $C jardins@sillon.example.org (Accueil)" "$OUT"
run_lecap recipients remove "$D" rh@etti.example.org
assert_rc "remove SIRET : code 0" 0
assert_eq "remove SIRET : désinscription" "adresse d'adhérent désinscrite : $D rh@etti.example.org (le registre ne la réactivera pas)" "$OUT"
run_lecap recipients remove "$D" rh@etti.example.org
assert_rc "remove deux fois : code 2" 2
assert_eq "remove deux fois : message" "lecap: erreur: aucune adresse active « rh@etti.example.org » pour l'adhérent $D
lecap: astuce: lecap recipients list affiche les destinataires" "$ERR"
run_lecap recipients add 12345678901234 x@example.org
assert_rc "SIRET inconnu : code 2" 2
assert_eq "SIRET inconnu : message" "lecap: erreur: adhérent inconnu : SIRET 12345678901234 (ni au registre des adhérents, ni dans une évaluation)
lecap: astuce: chargez le registre des adhérents (lecap ingest) ou vérifiez le SIRET" "$ERR"
run_lecap recipients add "$A" "jean@localhost"
assert_rc "adresse invalide : code 2" 2
assert_eq "adresse invalide : message" "lecap: erreur: adresse électronique invalide « jean@localhost » : le domaine doit contenir un point
lecap: astuce: une adresse s'écrit nom@domaine.fr, sans espace ni accent" "$ERR"

run_lecap recipients add 84 delegue@coorace.example "Délégué"
run_lecap recipients list
assert_rc "list : code 0" 0
assert_eq "list : délégués, puis adhérents par région avec l'origine" "Destinataires :
  84 Auvergne-Rhône-Alpes : Délégué <delegue@coorace.example>
Adhérents :
  11 Île-de-France : $B AI Val d'Oise : b@valdoise.example.org (à la main)
  52 Pays de la Loire : $C Jardins du Sillon : Accueil <jardins@sillon.example.org> (registre et à la main)
  53 Bretagne : $A Ateliers de l'Estuaire : contact@estuaire.example.org (registre)
  53 Bretagne : $A Ateliers de l'Estuaire : Marie Durand <direction@estuaire.example.org> (à la main)
  84 Auvergne-Rhône-Alpes : $D ETTI Rhône : rh@etti.example.org (registre et à la main, désinscrite)" "$OUT"

# A new registry: A's address changes (the old registry one goes, the
# hand-added stays), C drops its address (kept: held by hand), D's opt-out
# holds, B leaves the registry (its hand-added address stays for now).
registre adherents-3.csv "$A;Ateliers de l'Estuaire;53;ACI;;accueil@estuaire.example.org" \
	"$C;Jardins du Sillon;52;ACI;;" "$D;ETTI Rhône;84;ETTI;;rh@etti.example.org"
run_lecap -q ingest
assert_rc "nouveau registre : code 0" 0
assert_eq "nouveau registre : ce qui reste, B sorti du registre aujourd'hui" "$B|b@valdoise.example.org||f|t|t|t
$C|jardins@sillon.example.org|Accueil|f|t|t|f
$A|accueil@estuaire.example.org||t|f|t|f
$A|direction@estuaire.example.org|Marie Durand|f|t|t|f
$D|rh@etti.example.org||t|t|f|f" \
	"$(sql "SELECT siret, email, nom, du_registre, manuel, actif, sorti_le IS NOT DISTINCT FROM current_date FROM lecap.contact_adherent ORDER BY siret COLLATE \"C\", email COLLATE \"C\"")"

# load: SIRET lines with region lines, all or nothing.
printf 'region;email;nom;actif\n%s;rh@etti.example.org;RH;oui\n53;delegue53@coorace.example;Bretagne\n%s;autre@estuaire.example.org;Autre;non\n' "$D" "$A" >dest.csv
run_lecap recipients load dest.csv
assert_rc "load avec SIRET : code 0" 0
assert_eq "load avec SIRET : bilan" "dest.csv : 3 destinataire(s) chargé(s) : 2 ajouté(s), 1 mis à jour" "$OUT"
assert_eq "load : l'adresse de D réactivée à la main, A en a une inactive de plus" "$A|autre@estuaire.example.org|Autre|f|t|f
$D|rh@etti.example.org|RH|t|t|t" \
	"$(sql "SELECT siret, email, nom, du_registre, manuel, actif FROM lecap.contact_adherent WHERE email IN ('autre@estuaire.example.org', 'rh@etti.example.org') ORDER BY siret")"
printf '%s;x@example.org;X\n12345678901234;y@example.org;Y\n' "$A" >bad.csv
run_lecap recipients load bad.csv
assert_rc "load : SIRET inconnu, code 1" 1
assert_eq "load : SIRET inconnu, rien de chargé" "lecap: erreur: bad.csv:2 : adhérent inconnu : SIRET 12345678901234
lecap: erreur: bad.csv : 1 ligne(s) en erreur : aucun destinataire chargé
lecap: astuce: corrigez le fichier puis relancez lecap recipients load bad.csv" "$ERR"
assert_eq "load refusé : x@example.org absent" "0" "$(sql "SELECT count(*) FROM lecap.contact_adherent WHERE email = 'x@example.org'")"

# Readable by lecap's own role only.
for r in lecap_analyste lecap_delegue; do
	assert_eq "$r : permission refusée" "ERROR:  permission denied for table contact_adherent" \
		"$(psql -X -qAt -c "SET ROLE $r; SELECT count(*) FROM lecap.contact_adherent" 2>&1 | head -1)"
done

# Retention: B left the registry (adherents-3); 100 days later its address
# is erased by the night, [diffusion] conservation = 90 by default; back in
# the registry, a member is no longer counted as gone.
sql "UPDATE lecap.contact_adherent SET sorti_le = current_date - 100 WHERE siret = '$B'" >/dev/null
LECAP_DIFFUSION_CONSERVATION=120 run_lecap run
assert_rc "nuit, conservation 120 jours : code 0" 0
assert_eq "sorti depuis 100 jours, conservation 120 : gardée" "1" "$(sql "SELECT count(*) FROM lecap.contact_adherent WHERE siret = '$B'")"
run_lecap run
assert_rc "nuit, conservation par défaut : code 0" 0
assert_contains "nuit : effacement dit" "lecap: info: 1 adresse d'anciens adhérents effacée (sortis du registre depuis plus de 90 jours)" "$ERR"
assert_eq "sorti depuis 100 jours : adresse effacée, les autres gardées" "0|5" \
	"$(sql "SELECT (SELECT count(*) FROM lecap.contact_adherent WHERE siret = '$B'), (SELECT count(*) FROM lecap.contact_adherent)")"
run_lecap run
assert_not_contains "nuit suivante : rien à effacer, rien dit" "anciens adhérents" "$ERR"
# A leaves, then comes back before the end of the retention: nothing erased.
registre adherents-4.csv "$C;Jardins du Sillon;52;ACI;;" "$D;ETTI Rhône;84;ETTI;;rh@etti.example.org"
run_lecap -q ingest
assert_eq "A sorti : ses trois adresses marquées" "3" "$(sql "SELECT count(*) FROM lecap.contact_adherent WHERE siret = '$A' AND sorti_le = current_date")"
registre adherents-5.csv "$A;Ateliers de l'Estuaire;53;ACI;2011-09-12;accueil@estuaire.example.org" \
	"$C;Jardins du Sillon;52;ACI;;" "$D;ETTI Rhône;84;ETTI;;rh@etti.example.org"
run_lecap -q ingest
assert_eq "A revenu : plus sorti" "0" "$(sql "SELECT count(*) FROM lecap.contact_adherent WHERE sorti_le IS NOT NULL")"

done_testing

# lecap acces: login roles given and taken by a command (issue 18, item 4),
# the access matrix of a delegate, an analyst and a role without access, the
# limits set on each role, personal data out of the analysts' reach, and no
# function of lecap executable by PUBLIC.
. tests/lib.sh

run_lecap init
assert_rc "init : code 0" 0
psql -X -q -v ON_ERROR_STOP=1 -f tests/agregats/fixture.sql >/dev/null 2>"$TMPD/fx" || cat "$TMPD/fx"
psql -X -q -v ON_ERROR_STOP=1 -f tests/agregats/reseau.sql >/dev/null 2>"$TMPD/fx" || cat "$TMPD/fx"
run_lecap aggregate
assert_rc "aggregate : code 0" 0
sql "INSERT INTO lecap.destinataire (region, email, nom) VALUES ('84', 'jeanne.d@exemple.fr', 'Jeanne D')" >/dev/null
# A previous run on this cluster may have left roles behind (roles are cluster-wide).
for r in t45_delegue t45_analyste t45.m-martin t45_rien t45_existant; do
	sql "DO \$\$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$r') THEN
	  EXECUTE format('DROP OWNED BY %I', '$r'); EXECUTE format('DROP ROLE %I', '$r'); END IF; END \$\$" >/dev/null
done

as() {
	psql -X -qAt -U "$1" -c "$2" 2>&1
}

# 1. Usage errors, before any connection.
run_lecap acces
assert_rc "sans action : code 2" 2
run_lecap acces ajouter-delegue t45_delegue
assert_rc "délégué sans région : code 2" 2
assert_eq "délégué sans région : message" "lecap: erreur: ajouter-delegue attend au moins une --region CODE
lecap: astuce: usage : lecap acces ajouter-delegue LOGIN --region CODE [--region CODE...] | ajouter-analyste LOGIN | retirer LOGIN [--region CODE...] | lister" "$ERR"
for bad in 'Robert"; DROP TABLE lecap.reponse; --' 'JDupont' 'pg_lecteur' 'lecap_delegue' 'public' '1dupont' 'é' ''; do
	run_lecap acces ajouter-analyste "$bad"
	assert_eq "identifiant refusé « $bad » : code 2 et la règle" "2|lecap: erreur: identifiant de connexion invalide « $bad »
lecap: astuce: 1 à 63 caractères : lettres minuscules sans accent, chiffres, _ . ou -, commençant par une lettre ou _ (ex. jdupont, m.martin) ; ni pg_…, ni public, ni lecap_analyste, ni lecap_delegue" "$RC|$ERR"
done
run_lecap acces ajouter-analyste "$(printf 'a%.0s' $(seq 1 64))"
assert_rc "identifiant de 64 caractères : code 2" 2
assert_eq "la table reponse est toujours là" "t" "$(sql "SELECT to_regclass('lecap.reponse') IS NOT NULL")"
run_lecap acces ajouter-delegue t45_delegue --region 99
assert_eq "région inconnue : code 2, message" "2|lecap: erreur: région inconnue « 99 »
lecap: astuce: un code INSEE de région de lecap.region (ex. 84 pour Auvergne-Rhône-Alpes)" "$RC|$ERR"
assert_eq "région inconnue : aucun rôle créé" "0" "$(sql "SELECT count(*) FROM pg_roles WHERE rolname = 't45_delegue'")"
run_lecap acces ajouter-analyste postgres
assert_eq "le rôle de lecap lui-même : refusé" "2|lecap: erreur: « postgres » est le rôle sous lequel lecap écrit : ce n'est pas un lecteur" \
	"$RC|$(echo "$ERR" | head -1)"

# 2. Giving access.
run_lecap acces ajouter-delegue t45_delegue --region 84 --region=11
assert_rc "ajouter-delegue 84 et 11 : code 0" 0
assert_contains "ajouter-delegue : dit quoi faire du mot de passe" "rôle de connexion t45_delegue créé" "$ERR"
run_lecap acces ajouter-delegue t45_delegue --region 84
assert_rc "ajouter-delegue une seconde fois : code 0" 0
run_lecap acces ajouter-analyste t45_analyste
assert_rc "ajouter-analyste : code 0" 0
run_lecap acces ajouter-analyste t45.m-martin
assert_rc "ajouter-analyste t45.m-martin (un identifiant qui doit être cité) : code 0" 0
sql "CREATE ROLE t45_existant LOGIN; CREATE ROLE t45_rien LOGIN" >/dev/null
run_lecap acces ajouter-analyste t45_existant
assert_rc "ajouter-analyste d'un rôle existant : code 0" 0
assert_eq "délégué : ses régions, sans doublon" "t45_delegue|11
t45_delegue|84" "$(sql "SELECT login, region FROM lecap.delegue_region WHERE login LIKE 't45%' ORDER BY 2")"
assert_eq "rôles : connexion, groupe, limites" "t45.m-martin|t|lecap_analyste|{statement_timeout=240s,idle_in_transaction_session_timeout=240s}
t45_analyste|t|lecap_analyste|{statement_timeout=240s,idle_in_transaction_session_timeout=240s}
t45_delegue|t|lecap_delegue|{statement_timeout=240s,idle_in_transaction_session_timeout=240s}
t45_existant|t|lecap_analyste|{statement_timeout=240s,idle_in_transaction_session_timeout=240s}" \
	"$(sql "SELECT r.rolname, r.rolcanlogin, g.rolname, s.setconfig FROM pg_roles r
	  JOIN pg_auth_members m ON m.member = r.oid JOIN pg_roles g ON g.oid = m.roleid
	  LEFT JOIN pg_db_role_setting s ON s.setrole = r.oid AND s.setdatabase = 0
	  WHERE r.rolname LIKE 't45%' ORDER BY 1")"
assert_eq "la session du délégué porte ses limites" "4min|4min" \
	"$(as t45_delegue "SELECT current_setting('statement_timeout') || '|' || current_setting('idle_in_transaction_session_timeout')")"
# Roles are cluster-wide: other tests' readers are listed too; ours are t45*.
run_lecap acces lister
assert_rc "lister : code 0" 0
assert_eq "lister : chaque lecteur, son rôle, ses régions, ses limites" "login                rôle             régions       requête   inactivité connexion
t45.m-martin         analyste         -             240s      240s       oui
t45_analyste         analyste         -             240s      240s       oui
t45_delegue          delegue          11,84         240s      240s       oui
t45_existant         analyste         -             240s      240s       oui" "$(echo "$OUT" | grep -E '^(login|t45)')"

# 3. The access matrix: what each reader may read and execute.
# matrix ROLE: one word per probe, "oui" when readable, "non" when refused.
probe() {
	out=$(as "$1" "$2")
	case "$out" in
	*"permission denied"*) echo non ;;
	*ERROR*|*ERREUR*) echo "erreur:$out" ;;
	*) echo oui ;;
	esac
}
matrix() {
	printf '%s' "$1"
	for q in "SELECT count(*) FROM lecap.v_agregat" "SELECT count(*) FROM lecap.reponse" \
		"SELECT count(*) FROM lecap.fichier" "SELECT count(*) FROM lecap.destinataire" \
		"SELECT count(*) FROM lecap.envoi" "SELECT lecap.campagne_precedente(2025)" \
		"SELECT lecap.campagnes_candidates()" "SELECT * FROM lecap.agreger(2025, 0.75, 5)"; do
		printf ' %s' "$(probe "$1" "$q")"
	done
	echo
}
assert_eq "matrice d'accès : v_agregat reponse fichier destinataire envoi campagne_precedente campagnes_candidates agreger" \
"t45_analyste oui oui oui non non oui oui non
t45.m-martin oui oui oui non non oui oui non
t45_delegue oui oui non non non oui oui non
t45_rien non non non non non non non non" \
	"$(matrix t45_analyste; matrix t45.m-martin; matrix t45_delegue; matrix t45_rien)"
assert_eq "fonctions de lecap : aucune pour un rôle sans accès, les quatre en lecture seule pour les lecteurs" \
	"|campagne_perimee campagne_precedente campagnes_candidates rapports_a_jour|campagne_perimee campagne_precedente campagnes_candidates rapports_a_jour" \
	"$(sql "SELECT concat_ws('|', coalesce(string_agg(p.proname, ' ' ORDER BY p.proname) FILTER (WHERE has_function_privilege('t45_rien', p.oid, 'EXECUTE')), ''),
	  string_agg(p.proname, ' ' ORDER BY p.proname) FILTER (WHERE has_function_privilege('t45_analyste', p.oid, 'EXECUTE')),
	  string_agg(p.proname, ' ' ORDER BY p.proname) FILTER (WHERE has_function_privilege('t45_delegue', p.oid, 'EXECUTE')))
	  FROM pg_proc p WHERE p.pronamespace = 'lecap'::regnamespace")"
assert_eq "aucune fonction de lecap : EXECUTE pour PUBLIC dans son ACL" "0" \
	"$(sql "SELECT count(*) FROM pg_proc p WHERE p.pronamespace = 'lecap'::regnamespace
	  AND (p.proacl IS NULL OR EXISTS (SELECT 1 FROM aclexplode(p.proacl) a WHERE a.grantee = 0))")"
assert_eq "analyste : toutes les réponses" "$(sql "SELECT count(*) FROM lecap.reponse")" "$(as t45_analyste "SELECT count(*) FROM lecap.reponse")"
assert_contains "analyste : pas les adresses des destinataires" "permission denied for table destinataire" \
	"$(as t45_analyste "SELECT email FROM lecap.destinataire")"
assert_eq "délégué : ses régions seulement (FR par les vues de publication)" "11|84" \
	"$(as t45_delegue "SELECT string_agg(DISTINCT region, '|' ORDER BY region) FROM lecap.v_agregat")"
# The limits are enforced: an idle transaction is ended by the server.
run_lecap acces retirer t45_rien 2>/dev/null
LECAP_BASE_LECTEURS_INACTIVITE=1 "$LECAP" acces ajouter-analyste t45_rien 2>/dev/null
printf 'BEGIN;\nSELECT count(*) FROM lecap.v_repondants_college;\n\\! sleep 2\nSELECT 1;\n' |
	psql -X -qAt -U t45_rien >"$TMPD/idle" 2>&1
assert_contains "transaction inactive d'un lecteur : terminée par le serveur" "idle-in-transaction timeout" "$(cat "$TMPD/idle")"

# 4. Taking access.
run_lecap acces retirer t45_delegue --region 11
assert_rc "retirer une région : code 0" 0
assert_eq "retirer une région : l'autre reste" "84" "$(sql "SELECT string_agg(region, ',') FROM lecap.delegue_region WHERE login = 't45_delegue'")"
assert_eq "délégué : la région retirée n'est plus visible" "84" \
	"$(as t45_delegue "SELECT string_agg(DISTINCT region, '|' ORDER BY region) FROM lecap.v_agregat")"
run_lecap acces retirer t45_delegue --region 27
assert_eq "retirer une région non attribuée : code 2" "2|lecap: erreur: t45_delegue n'est pas délégué·e de la région « 27 »" "$RC|$(echo "$ERR" | head -1)"
run_lecap acces retirer t45_delegue
assert_rc "retirer le délégué : code 0" 0
assert_eq "retirer : rôle créé par lecap acces supprimé, régions effacées" "0|0" \
	"$(sql "SELECT count(*) FROM pg_roles WHERE rolname = 't45_delegue'")|$(sql "SELECT count(*) FROM lecap.delegue_region WHERE login = 't45_delegue'")"
run_lecap acces retirer t45_existant
assert_rc "retirer un rôle que lecap n'a pas créé : code 0" 0
assert_contains "retirer un rôle que lecap n'a pas créé : gardé, dit pourquoi" "le rôle de connexion t45_existant est gardé" "$ERR"
assert_contains "rôle gardé : plus d'accès à lecap" "permission denied for schema lecap" "$(as t45_existant "SELECT count(*) FROM lecap.v_agregat")"
run_lecap acces retirer t45_existant
assert_eq "retirer deux fois : code 2" "2|lecap: erreur: « t45_existant » n'a aucun accès à lecap" "$RC|$(echo "$ERR" | head -1)"
run_lecap acces retirer t45.m-martin
assert_rc "retirer t45.m-martin : code 0" 0
run_lecap acces lister
assert_eq "lister après les retraits" "login                rôle             régions       requête   inactivité connexion
t45_analyste         analyste         -             240s      240s       oui
t45_rien             analyste         -             240s      1s         oui" "$(echo "$OUT" | grep -E '^(login|t45)')"
for r in t45_analyste t45_rien; do "$LECAP" acces retirer $r 2>/dev/null; done
sql "DROP ROLE IF EXISTS t45_existant" >/dev/null

done_testing

# Database hardening: no SQL built from data in the C code (scripts/check-sql.py,
# also shown to catch planted bad examples); the reader roles can write
# nothing and read nothing beyond their grant (tables, views, sequences,
# functions, schema); passwords come only through libpq's own means
# (PGPASSFILE), never through lecap.conf, and never appear in an output.
. tests/lib.sh

# 1. SQL is constant everywhere in the code.
out=$(python3 "$ROOT/scripts/check-sql.py" "$ROOT/src" "$ROOT/reports" "$ROOT/cmd" 2>&1)
assert_eq "check-sql : src/, reports/, cmd/ sans SQL construit à partir de données" "0|" "$?|$out"
mkdir -p "$TMPD/sql-bad" "$TMPD/sql-good"
cat >"$TMPD/sql-bad/bad.c" <<'C'
static int by_buffer(pg_conn *c, const char *siret)
{
	char sql[256];
	snprintf(sql, sizeof(sql), "DELETE FROM lecap.entreprise WHERE siret = '%s'", siret);
	return pg_exec(c, "suppression", sql);
}
static int wrapper(pg_conn *c, const char *purpose, const char *q)
{
	return pg_query(c, purpose, q, 0, NULL, NULL);
}
static int through_wrapper(pg_conn *c, const char *where)
{
	char buf[256] = "SELECT * FROM lecap.fichier";
	strcat(buf, where);
	return wrapper(c, "via un intermédiaire", buf);
}
static int by_call(pg_conn *c, const char *table)
{
	return pg_command(c, "x", make_sql(table), 0, NULL);
}
static int copy(pg_conn *c, const char *table)
{
	char *q = NULL;
	asprintf(&q, "COPY %s FROM STDIN", table);
	return pg_copy_begin(c, "copie", q);
}
C
cat >"$TMPD/sql-good/good.c" <<'C'
#define SQL_COUNT "SELECT count(*) FROM lecap.fichier"
static const char sql_insert[] = "INSERT INTO lecap.region (code, libelle) "
				 "VALUES ($1, $2)";
static int wrapper(pg_conn *c, const char *purpose, const char *q)
{
	return pg_query(c, purpose, q, 0, NULL, NULL);
}
static int good(pg_conn *c, const char *const *p)
{
	int ret = pg_exec(c, "compte", SQL_COUNT);
	ret = pg_command(c, "ajout", sql_insert, 2, p);
	ret = pg_command(c, "x", "UPDATE lecap.region SET libelle = $2 " /* (, ) */
			 "WHERE code = $1", 2, p);
	return wrapper(c, "constante", "SELECT 1 WHERE $1 = ')'");
}
C
out=$(python3 "$ROOT/scripts/check-sql.py" "$TMPD/sql-bad" 2>&1)
assert_eq "check-sql : exemples plantés refusés (code 1)" "1" "$?"
assert_eq "check-sql : chaque appel fautif nommé" "$TMPD/sql-bad/bad.c:5: pg_exec : SQL non constant : sql
$TMPD/sql-bad/bad.c:15: wrapper : SQL non constant : buf
$TMPD/sql-bad/bad.c:19: pg_command : SQL non constant : make_sql(table)
$TMPD/sql-bad/bad.c:25: pg_copy_begin : SQL non constant : q
check-sql : 4 appel(s) dont le SQL n'est pas une constante ; passez les données en paramètres \$n ou par COPY" "$out"
out=$(python3 "$ROOT/scripts/check-sql.py" "$TMPD/sql-good" 2>&1)
assert_eq "check-sql : constantes, #define, static const char[] et intermédiaires acceptés" "0|" "$?|$out"

# 2. Reader roles.
run_lecap -q init
assert_rc "init : code 0" 0
sql "DO \$\$ DECLARE r text; BEGIN
  FOREACH r IN ARRAY ARRAY['t85_delegue', 't85_analyste'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN EXECUTE format('CREATE ROLE %I LOGIN', r); END IF;
  END LOOP; END \$\$;
  GRANT lecap_delegue TO t85_delegue; GRANT lecap_analyste TO t85_analyste;" >/dev/null
as() {
	psql -X -qAt -U "$1" -c "$2" 2>&1
}
# Relations of schema lecap ROLE may read, comma-separated.
readable() {
	sql "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class
	     WHERE relnamespace = 'lecap'::regnamespace AND relkind IN ('r', 'v', 'm', 'p')
	       AND has_table_privilege('$1', oid, 'SELECT')"
}
delegue_attendu=$(sql "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class
	WHERE relnamespace = 'lecap'::regnamespace AND relkind IN ('r', 'v', 'm', 'p')
	  AND relname NOT IN ('fichier', 'execution', 'schema_migration', 'objet_sql', 'destinataire', 'envoi', 'retrait', 'effacement_en_attente', 'contact_adherent', 'avis_rejet', 'refus_adresse', 'synthese', 'photographie_entree', 'empreinte_evaluation', 'effet_plan_panel', 'repartition_score', 'somme_college', 'empreinte_plan', 'quart_evaluation', 'quart_borne', 'quart_en_attente', 'effet_plan_somme', 'effet_plan_somme_region', 'calcul_entree')")
assert_eq "délégué : lit exactement son périmètre (ni fichier, ni execution, ni schema_migration, ni diffusion)" \
	"$delegue_attendu" "$(readable t85_delegue)"
for t in fichier execution schema_migration destinataire envoi synthese photographie_entree empreinte_evaluation effet_plan_panel repartition_score somme_college empreinte_plan quart_evaluation quart_borne quart_en_attente effet_plan_somme effet_plan_somme_region calcul_entree; do
	assert_contains "délégué : lecap.$t illisible" "permission denied for table $t" \
		"$(as t85_delegue "SELECT count(*) FROM lecap.$t")"
done
assert_eq "aucun droit autre que SELECT pour les rôles lecteurs, sur aucune relation" "" \
	"$(sql "SELECT string_agg(r.rolname || ':' || p || ':' || c.relname, ' ') FROM pg_class c
	  CROSS JOIN (VALUES ('INSERT'), ('UPDATE'), ('DELETE'), ('TRUNCATE'), ('REFERENCES'), ('TRIGGER')) v(p)
	  CROSS JOIN (VALUES ('t85_delegue'), ('t85_analyste')) r(rolname)
	  WHERE c.relnamespace = 'lecap'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'p')
	    AND has_table_privilege(r.rolname, c.oid, p)")"
assert_eq "séquences : ni USAGE ni UPDATE pour les rôles lecteurs" "" \
	"$(sql "SELECT string_agg(r.rolname || ':' || c.relname, ' ') FROM pg_class c
	  CROSS JOIN (VALUES ('t85_delegue'), ('t85_analyste')) r(rolname)
	  WHERE c.relnamespace = 'lecap'::regnamespace AND c.relkind = 'S'
	    AND (has_sequence_privilege(r.rolname, c.oid, 'USAGE') OR has_sequence_privilege(r.rolname, c.oid, 'UPDATE'))")"
seq1=$(sql "SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'lecap'::regnamespace AND c.relkind = 'S' ORDER BY 1 LIMIT 1")
assert_contains "séquences : nextval refusé au délégué ($seq1)" "permission denied for sequence $seq1" \
	"$(as t85_delegue "SELECT nextval('lecap.$seq1')")"
assert_contains "séquences : setval refusé à l'analyste ($seq1)" "permission denied for sequence $seq1" \
	"$(as t85_analyste "SELECT setval('lecap.$seq1', 1)")"
assert_eq "fonctions SECURITY DEFINER exécutables par les rôles lecteurs : aucune" "" \
	"$(sql "SELECT string_agg(p.proname, ' ') FROM pg_proc p
	  WHERE p.pronamespace = 'lecap'::regnamespace AND p.prosecdef
	    AND (has_function_privilege('t85_delegue', p.oid, 'EXECUTE') OR has_function_privilege('t85_analyste', p.oid, 'EXECUTE'))")"
assert_eq "lecap.agreger : ni le délégué ni l'analyste" "f|f" \
	"$(sql "SELECT has_function_privilege('t85_delegue', 'lecap.agreger(int, numeric, int)', 'EXECUTE'),
	              has_function_privilege('t85_analyste', 'lecap.agreger(int, numeric, int)', 'EXECUTE')")"
assert_contains "analyste : lecap.agreger refusé" "permission denied for function agreger" \
	"$(as t85_analyste "SELECT * FROM lecap.agreger(2025, 0.75, 5)")"
assert_eq "schéma lecap : pas de CREATE pour les rôles lecteurs" "f|f" \
	"$(sql "SELECT has_schema_privilege('t85_delegue', 'lecap', 'CREATE'), has_schema_privilege('t85_analyste', 'lecap', 'CREATE')")"
assert_contains "délégué : ne peut pas créer de table dans lecap" "permission denied for schema lecap" \
	"$(as t85_delegue "CREATE TABLE lecap.t85 (x int)")"
assert_contains "analyste : ne peut pas changer l'accès d'une table" "must be owner of table" \
	"$(as t85_analyste "ALTER TABLE lecap.reponse DISABLE ROW LEVEL SECURITY")"

# 3. Passwords: only through libpq (PGPASSFILE), never in lecap.conf, never shown.
sql "DO \$\$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 't85_mdp') THEN
  CREATE ROLE t85_mdp LOGIN; END IF; END \$\$; ALTER ROLE t85_mdp PASSWORD 'S3cret-t85'; GRANT lecap_analyste TO t85_mdp" >/dev/null
hba="$PG_DIR/data/pg_hba.conf"
if ! grep -q t85_mdp "$hba"; then
	{ echo "local all t85_mdp scram-sha-256"; cat "$hba"; } >"$TMPD/hba" && cat "$TMPD/hba" >"$hba"
	sql "SELECT pg_reload_conf()" >/dev/null
	sleep 0.3
fi
unset PGPASSWORD
PGPASSFILE=/dev/null run_lecap -d "user=t85_mdp" status
assert_rc "sans mot de passe : refusé par le serveur, code 3" 3
echo "*:*:*:t85_mdp:S3cret-t85" >"$TMPD/pgpass"
chmod 0600 "$TMPD/pgpass"
PGPASSFILE="$TMPD/pgpass" run_lecap -d "user=t85_mdp" status
assert_rc "PGPASSFILE : connexion par libpq, code 0" 0
assert_not_contains "PGPASSFILE : le mot de passe n'apparaît nulle part" "S3cret" "$OUT$ERR"
cat >"$TMPD/lecap.conf" <<CONF
[base]
conninfo = user=t85_mdp password=S3cret-t85
CONF
chmod 0600 "$TMPD/lecap.conf"
run_lecap -c "$TMPD/lecap.conf" status
assert_rc "mot de passe dans lecap.conf : refusé, code 2" 2
assert_not_contains "mot de passe dans lecap.conf : non recopié dans les messages" "S3cret" "$OUT$ERR"
PGPASSFILE="$TMPD/pgpass" run_lecap -d "user=t85_mdp" status
assert_eq "aucun mot de passe dans la base" "0" \
	"$(sql "SELECT count(*) FROM lecap.execution WHERE row_to_json(execution)::text LIKE '%S3cret%'")"
# Leave the server as it was for the following test files.
grep -v t85_mdp "$hba" >"$TMPD/hba" && cat "$TMPD/hba" >"$hba"
sql "SELECT pg_reload_conf()" >/dev/null

done_testing

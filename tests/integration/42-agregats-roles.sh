# Roles created by lecap init: lecap_analyste reads everything and writes
# nothing; lecap_delegue reads only the regions mapped to its login in
# lecap.delegue_region, everything else only through the publication views
# (v_publication_*, every region and FR, secrecy applied), and writes nothing.
. tests/lib.sh

run_lecap init
assert_rc "init : code 0" 0
psql -X -q -v ON_ERROR_STOP=1 -f tests/agregats/fixture.sql >/dev/null 2>"$TMPD/fx" || cat "$TMPD/fx"
psql -X -q -v ON_ERROR_STOP=1 -f tests/agregats/reseau.sql >/dev/null 2>"$TMPD/fx" || cat "$TMPD/fx"
run_lecap aggregate
assert_rc "aggregate : code 0" 0

assert_eq "rôles de groupe sans connexion" "lecap_analyste|f
lecap_delegue|f" "$(sql "SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname LIKE 'lecap\_%' ORDER BY 1")"

# Roles are cluster-wide: init of a second database finds them and goes on.
createdb "${PGDATABASE}_bis"
run_lecap -d "dbname=${PGDATABASE}_bis" init
assert_rc "init d'une autre base du même serveur : code 0" 0
dropdb "${PGDATABASE}_bis"

# People: a delegate for 84, one for 84 and 11, one mapped nowhere, an analyst.
sql "DO \$\$ DECLARE r text; BEGIN
  FOREACH r IN ARRAY ARRAY['t42_delegue84', 't42_delegue2', 't42_delegue0', 't42_analyste'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN EXECUTE format('CREATE ROLE %I LOGIN', r); END IF;
  END LOOP; END \$\$;
  GRANT lecap_delegue TO t42_delegue84, t42_delegue2, t42_delegue0;
  GRANT lecap_analyste TO t42_analyste;
  INSERT INTO lecap.delegue_region VALUES ('t42_delegue84', '84'), ('t42_delegue2', '84'), ('t42_delegue2', '11');" >/dev/null

# as ROLE SQL: one value as that login.
as() {
	psql -X -qAt -U "$1" -c "$2" 2>&1
}

# Regions seen in every table and view with a region column that ROLE may
# read (the publication views and v_effet_plan, which apply secrecy, apart), as "relation:regions" for each relation showing a region outside
# ALLOWED (a regular expression).
outside() {
	as "$1" "DO \$\$ DECLARE r record; s text; bad text := ''; BEGIN
	  FOR r IN SELECT c.relname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'region'
	    WHERE c.relnamespace = 'lecap'::regnamespace AND c.relkind IN ('r', 'v') AND c.relname NOT IN ('region', 'v_effet_plan') AND c.relname NOT LIKE 'v\_publication\_%'
	      AND has_table_privilege(c.oid, 'SELECT') ORDER BY 1 LOOP
	    EXECUTE format('SELECT string_agg(DISTINCT region, '','') FROM lecap.%I WHERE region !~ %L', r.relname, '$2') INTO s;
	    IF s IS NOT NULL THEN bad := bad || ' ' || r.relname || ':' || s; END IF;
	  END LOOP; RAISE NOTICE 'hors:%', bad; END \$\$" | sed -n 's/^NOTICE:  //p'
}

assert_eq "délégué 84 : aucune ligne d'une autre région, dans aucune table ni vue" "hors:" "$(outside t42_delegue84 '^84$')"
assert_eq "délégué 84 : voit bien sa région, pas FR" "84" "$(as t42_delegue84 "SELECT string_agg(DISTINCT region, '|' ORDER BY region) FROM lecap.v_agregat")"
assert_eq "délégué 84 : ses agrégats au complet" \
	"$(sql "SELECT count(*) FROM lecap.v_agregat WHERE region = '84'")" \
	"$(as t42_delegue84 "SELECT count(*) FROM lecap.v_agregat")"
assert_eq "délégué 84 : les scores de ses entreprises seulement" "5" \
	"$(as t42_delegue84 "SELECT count(DISTINCT siret) FROM lecap.v_score_entreprise WHERE campagne = 2025")"
assert_eq "délégué 84 : réponses de sa région seulement" \
	"$(sql "SELECT count(*) FROM lecap.v_reponse r JOIN lecap.evaluation e ON e.id = r.evaluation_id WHERE e.region = '84'")" \
	"$(as t42_delegue84 "SELECT count(*) FROM lecap.v_reponse")"
assert_eq "délégué 84 : répondants de sa région seulement" "0" \
	"$(as t42_delegue84 "SELECT count(*) FROM lecap.repondant WHERE evaluation_id IN (SELECT id FROM lecap.evaluation WHERE region <> '84')")"
assert_eq "délégué 84 : ne voit que sa propre attribution" "t42_delegue84|84" "$(as t42_delegue84 "SELECT * FROM lecap.delegue_region")"
assert_contains "délégué : pas de journal des fichiers" "permission denied for table fichier" "$(as t42_delegue84 "SELECT count(*) FROM lecap.fichier")"
assert_eq "délégué 84 et 11 : ses deux régions" "hors:" "$(outside t42_delegue2 '^(84|11)$')"
assert_eq "délégué 84 et 11 : voit 11" "11|84" "$(as t42_delegue2 "SELECT string_agg(DISTINCT region, '|' ORDER BY region) FROM lecap.v_participation")"
assert_eq "délégué sans région : aucune ligne brute" "hors:" "$(outside t42_delegue0 '^$')"
assert_eq "délégué sans région : FR et les régions par la publication" "11|84|FR" "$(as t42_delegue0 "SELECT string_agg(DISTINCT region, '|' ORDER BY region) FROM lecap.v_publication_agregat")"
assert_eq "analyste : tout" "$(sql "SELECT count(*) FROM lecap.v_score_entreprise")" "$(as t42_analyste "SELECT count(*) FROM lecap.v_score_entreprise")"
assert_eq "analyste : toutes les réponses" "$(sql "SELECT count(*) FROM lecap.v_reponse")" "$(as t42_analyste "SELECT count(*) FROM lecap.v_reponse")"
assert_eq "analyste : le journal des fichiers" "$(sql "SELECT count(*) FROM lecap.fichier")" "$(as t42_analyste "SELECT count(*) FROM lecap.fichier")"

# Writes: every table and view, INSERT, UPDATE, DELETE and TRUNCATE, must be
# refused; lists what was not.
writable() {
	as "$1" "BEGIN; DO \$\$ DECLARE r record; bad text := ''; BEGIN
	  FOR r IN SELECT c.relname, c.relkind, (SELECT attname FROM pg_attribute WHERE attrelid = c.oid AND attnum = 1) AS col
	    FROM pg_class c WHERE c.relnamespace = 'lecap'::regnamespace AND c.relkind IN ('r', 'v') ORDER BY 1 LOOP
	    BEGIN EXECUTE format('INSERT INTO lecap.%I DEFAULT VALUES', r.relname); bad := bad || ' INSERT:' || r.relname;
	    EXCEPTION WHEN insufficient_privilege THEN NULL; WHEN OTHERS THEN IF SQLSTATE <> '55000' THEN bad := bad || ' INSERT:' || r.relname || ':' || SQLSTATE; END IF; END;
	    BEGIN EXECUTE format('UPDATE lecap.%I SET %I = %I', r.relname, r.col, r.col); bad := bad || ' UPDATE:' || r.relname;
	    EXCEPTION WHEN insufficient_privilege THEN NULL; WHEN OTHERS THEN IF SQLSTATE <> '55000' THEN bad := bad || ' UPDATE:' || r.relname || ':' || SQLSTATE; END IF; END;
	    BEGIN EXECUTE format('DELETE FROM lecap.%I', r.relname); bad := bad || ' DELETE:' || r.relname;
	    EXCEPTION WHEN insufficient_privilege THEN NULL; WHEN OTHERS THEN IF SQLSTATE <> '55000' THEN bad := bad || ' DELETE:' || r.relname || ':' || SQLSTATE; END IF; END;
	    IF r.relkind = 'r' THEN
	      BEGIN EXECUTE format('TRUNCATE lecap.%I CASCADE', r.relname); bad := bad || ' TRUNCATE:' || r.relname;
	      EXCEPTION WHEN insufficient_privilege THEN NULL; WHEN OTHERS THEN IF SQLSTATE <> '55000' THEN bad := bad || ' TRUNCATE:' || r.relname || ':' || SQLSTATE; END IF; END;
	    END IF;
	  END LOOP; RAISE NOTICE 'ecrit:%', bad; END \$\$; ROLLBACK;" | sed -n 's/^NOTICE:  //p'
}
before="$(sql "SELECT count(*) FROM lecap.agregat")|$(sql "SELECT count(*) FROM lecap.v_reponse")|$(sql "SELECT count(*) FROM lecap.delegue_region")"
n=$(sql "SELECT count(*) FROM pg_class WHERE relnamespace = 'lecap'::regnamespace AND relkind IN ('r', 'v')")
assert_eq "délégué : aucune écriture permise sur les $n tables et vues" "ecrit:" "$(writable t42_delegue84)"
assert_eq "analyste : aucune écriture permise sur les $n tables et vues" "ecrit:" "$(writable t42_analyste)"
assert_contains "délégué : ne peut pas s'attribuer une région" "permission denied for table delegue_region" \
	"$(as t42_delegue84 "INSERT INTO lecap.delegue_region VALUES ('t42_delegue84', '11')")"
assert_contains "délégué : ne peut pas lancer le calcul" "permission denied for function agreger" \
	"$(as t42_delegue84 "SELECT * FROM lecap.agreger(2025, 0.75, 5)")"
assert_contains "délégué : ne peut pas le préparer" "permission denied for function agreger_preparer" \
	"$(as t42_delegue84 "SELECT lecap.agreger_preparer(2025)")"
# lecap.agreger computes from what lecap.agreger_preparer and lecap itself
# (src/aggregate/cellules.c) prepared in the same transaction: called alone,
# even by the owner, it refuses, with the way out.
unprepared=$(psql -X -qAt -c "SELECT * FROM lecap.agreger(2025, 0.75, 5)" 2>&1)
assert_contains "agreger seul : refusé" \
	"ERROR:  agrégation de la campagne 2025 non préparée dans cette transaction" "$unprepared"
assert_contains "agreger seul : l'astuce" \
	"HINT:  lecap aggregate prépare la campagne (agreger_preparer) et calcule les cellules de ses réponses avant de l'agréger" \
	"$unprepared"
assert_eq "rien n'a changé" "$before" \
	"$(sql "SELECT count(*) FROM lecap.agregat")|$(sql "SELECT count(*) FROM lecap.v_reponse")|$(sql "SELECT count(*) FROM lecap.delegue_region")"

run_lecap -d "user=t42_analyste" aggregate --all
assert_rc "lecap aggregate sous le rôle analyste : code 3" 3

done_testing

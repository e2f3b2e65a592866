/*
 * The SQL of sql/, embedded at build time by scripts/embed-sql.sh
 * (build/sql_embedded.c): the numbered schema migrations, in ascending
 * order, and the objects defined once in sql/fonctions/ and sql/vues/, in
 * dependency order (an object comes after those it names).
 */
#ifndef LECAP_DB_MIGRATIONS_H
#define LECAP_DB_MIGRATIONS_H

struct migration {
	int version;      /* NNN of sql/NNN_name.sql */
	const char *name; /* NNN_name */
	const char *sql;
};

extern const struct migration lecap_migrations[];
extern const int lecap_migration_count;

struct sql_object {
	const char *kind;   /* "fonction" (sql/fonctions/) or "vue" (sql/vues/) */
	const char *name;   /* NAME of the file, the object being lecap.NAME */
	const char *sha256; /* of the file: re-applied when it changes */
	const int *deps;    /* indexes of the objects it names, then -1 */
	const char *sql;
};

extern const struct sql_object lecap_sql_objects[];
extern const int lecap_sql_object_count;

#endif

/*
 * The numbered schema migrations of sql/, embedded at build time by
 * scripts/embed-sql.sh (build/sql_embedded.c), in ascending order.
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

#endif

/* Unit tests of the embedded migrations: ordered, numbered, unique. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "db/migrations.h"

Test(migrate, embedded_in_strict_order)
{
	cr_assert_gt(lecap_migration_count, 2);
	cr_assert_eq(lecap_migrations[0].version, 1);
	cr_assert_str_eq(lecap_migrations[0].name, "001_fondation");
	for (int i = 1; i < lecap_migration_count; i++)
		cr_assert_gt(lecap_migrations[i].version, lecap_migrations[i - 1].version,
			     "%s after %s", lecap_migrations[i].name, lecap_migrations[i - 1].name);
	for (int i = 0; i < lecap_migration_count; i++)
		cr_assert_not_null(strstr(lecap_migrations[i].sql, "lecap."), "%s", lecap_migrations[i].name);
}

/* The objects of sql/fonctions and sql/vues: one per name, each after those
 * it names, each defining lecap.NAME as its kind says, with its grants. */
Test(migrate, objects_once_in_dependency_order)
{
	cr_assert_gt(lecap_sql_object_count, 10);
	for (int i = 0; i < lecap_sql_object_count; i++) {
		const struct sql_object *o = &lecap_sql_objects[i];
		char create[160];

		for (int j = 0; j < i; j++)
			cr_assert_str_neq(lecap_sql_objects[j].name, o->name);
		for (const int *d = o->deps; *d >= 0; d++)
			cr_assert_lt(*d, i, "%s names %s, created after it", o->name, lecap_sql_objects[*d].name);
		cr_assert_eq(strlen(o->sha256), 64, "%s", o->name);
		cr_assert_eq(strspn(o->sha256, "0123456789abcdef"), 64, "%s", o->name);
		if (strcmp(o->kind, "vue") == 0) {
			snprintf(create, sizeof(create), "CREATE VIEW lecap.%s ", o->name);
			cr_assert_not_null(strstr(o->sql, "GRANT SELECT ON lecap."), "%s: no grant", o->name);
		} else {
			cr_assert_str_eq(o->kind, "fonction");
			snprintf(create, sizeof(create), "CREATE FUNCTION lecap.%s(", o->name);
		}
		cr_assert_not_null(strstr(o->sql, create), "%s: %s missing", o->name, create);
		/* Re-applied by DROP then CREATE: never OR REPLACE, never CASCADE. */
		cr_assert_null(strstr(o->sql, "OR REPLACE"), "%s", o->name);
		cr_assert_null(strstr(o->sql, "CASCADE"), "%s", o->name);
	}
}

/* lecap.agreger names lecap.campagne_precedente: it comes after it. */
/* The index of the object NAME, after asserting it exists. */
static int object_index(const char *name)
{
	for (int i = 0; i < lecap_sql_object_count; i++)
		if (strcmp(lecap_sql_objects[i].name, name) == 0)
			return i;
	cr_assert_fail("objet SQL absent : %s", name);
	return -1;
}

Test(migrate, objects_deps_found_in_text)
{
	/* agreger names these functions as lecap.NAME: they come before it, and
	 * its dependencies are exactly they, in index order */
	static const char *const named[] = {"campagne_precedente", "difference_appliquer", "effet_plan_retirer",
					    "empreinte_plan_ecrire", "lignes_propres_effacer"};
	enum { NAMED = sizeof(named) / sizeof(named[0]) };
	int agreger = object_index("agreger"), want[NAMED];

	for (int i = 0; i < NAMED; i++) {
		want[i] = object_index(named[i]);
		cr_assert_lt(want[i], agreger, "%s vient avant agreger", named[i]);
		for (int j = i; j > 0 && want[j] < want[j - 1]; j--) {
			int t = want[j];
			want[j] = want[j - 1];
			want[j - 1] = t;
		}
	}
	for (int i = 0; i < NAMED; i++)
		cr_assert_eq(lecap_sql_objects[agreger].deps[i], want[i], "dépendance %d d'agreger", i);
	cr_assert_eq(lecap_sql_objects[agreger].deps[NAMED], -1);
}

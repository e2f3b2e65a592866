/* Unit tests of the embedded migrations: ordered, numbered, unique. */
#include <criterion/criterion.h>
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

/* Schema and referential set-up; see dbinit.h. */
#include "referentiel/dbinit.h"

#include "base/exitcode.h"
#include "base/log.h"
#include "db/migrate.h"
#include "referentiel/referentiel_db.h"
#include "referentiel/vision.h"

int dbinit_apply(pg_conn *conn, const ref_set *ref, const char *vision_path)
{
	struct vision v;
	int applied = 0, objects = 0;
	int ret = vision_read(vision_path, &v);

	if (ret != LECAP_OK)
		return ret;
	ret = migrate_apply(conn, &applied, &objects);
	if (ret != LECAP_OK)
		goto cleanup;
	if (objects > 0)
		log_info("fonctions et vues (sql/fonctions, sql/vues) : %d créée(s) ou recréée(s)", objects);
	if (applied == 0)
		log_info("schéma à jour (version %d) : aucune migration à appliquer", migrate_current(conn));
	else
		log_info("schéma mis à jour : %d migration(s) appliquée(s), version %d", applied,
			 migrate_current(conn));
	ret = ref_db_load(conn, ref);
	if (ret == LECAP_OK)
		ret = vision_db_load(conn, &v);
cleanup:
	vision_free(&v);
	return ret;
}

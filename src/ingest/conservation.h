/*
 * Retention ([conservation], lecap purger): files of the archive and of the
 * quarantine older than their durations are erased, and the members gone
 * from the registry whose last file is older than anciens_adherents are
 * erased (src/ingest/effacement.h). Never the current campaign: its archive
 * directory is kept whatever its age, and a member with data in it is kept.
 * A file's age is its modification time (the export's, kept by the archive
 * and by lecap sauvegarder). Each file, each member is erased on its own:
 * an interruption leaves every unit done or not done; a rerun finishes.
 */
#ifndef LECAP_INGEST_CONSERVATION_H
#define LECAP_INGEST_CONSERVATION_H

#include "base/exitcode.h"
#include <stdbool.h>

#include "base/config.h"
#include "io/pg.h"

struct conservation_result {
	int campagne_en_cours;   /* 0: none */
	int archive, quarantaine; /* files erased (or that would be) */
	int adherents;            /* members erased */
	bool sans_registre;       /* no registry loaded: departed members not looked for */
};

/* now: the reference time (time(NULL), or a test's). */
int conservation_apply(pg_conn *conn, const struct lecap_config *cfg, bool dry_run,
		       struct conservation_result *out) LECAP_MUST_CHECK;

#endif

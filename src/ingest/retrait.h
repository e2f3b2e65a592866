/*
 * Withdrawing an evaluation (lecap retirer): the evaluation and the plan of
 * one (siret, campagne), with everything under them, removed in one
 * transaction by lecap.retirer_evaluation (sql/fonctions/), which also
 * records who, when and why (lecap.retrait), marks the files they came from
 * withdrawn (they stay archived; lecap ingest refuses them when dropped
 * again, unless --reintegrer) and the campaign stale (lecap.campagne_modifiee).
 * The SQL lives in that one function; the replacement of an earlier
 * evaluation by a new export is ingest_batch.c's: a change of the answers'
 * storage touches both.
 */
#ifndef LECAP_INGEST_RETRAIT_H
#define LECAP_INGEST_RETRAIT_H

#include "base/exitcode.h"
#include <stdbool.h>

#include "io/pg.h"

struct retrait_result {
	bool done;          /* something was (or would be, dry run) withdrawn */
	long long retrait_id;
	int evaluations, repondants, plans, actions, fichiers;
	long long reponses;
	char region[8];     /* the withdrawn evaluation's region, "" without one */
};

/*
 * Withdraws (siret, campagne) in its own transaction. par says who (user and
 * host); motif may be NULL. dry_run: the same work, rolled back — out says
 * what would go. Nothing to withdraw is not an error: out->done is false.
 * Returns LECAP_OK or LECAP_DB (nothing changed).
 */
int retrait_evaluation(pg_conn *conn, const char *siret, int campagne, const char *motif,
		       const char *par, long long execution_id, bool dry_run, struct retrait_result *out) LECAP_MUST_CHECK;

/* 0 when text is 14 digits, -1 otherwise. */
int retrait_parse_siret(const char *text) LECAP_MUST_CHECK;

#endif

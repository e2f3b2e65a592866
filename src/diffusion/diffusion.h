/*
 * Diffusion: each active recipient of lecap.destinataire receives by e-mail
 * the report of its region (national.pdf for 'FR') of a campaign, when that
 * report changed since the last successful sending to it (lecap.envoi).
 *
 * Reports are looked up under [chemins] rapports as
 *   <rapports>/<campagne>/regions/<code>-*.pdf   and   <rapports>/<campagne>/national.pdf
 */
#ifndef LECAP_DIFFUSION_DIFFUSION_H
#define LECAP_DIFFUSION_DIFFUSION_H

#include "base/exitcode.h"
#include "base/config.h"
#include "base/exitcode.h"
#include "io/pg.h"

#include <stdbool.h>

struct diffusion_summary {
	int campagne;     /* the campaign diffused; 0 when there was none */
	int sent;         /* messages the server accepted (dry run: .eml files written) */
	int unchanged;    /* recipients who already have this very report */
	int failed;       /* refused by the server: recorded, retried next run */
	int missing;      /* recipients whose region has no report (warned, not a failure) */
	int members_sent;      /* members' photographies sent (dry run: .eml written) */
	int members_unchanged; /* member addresses whose photographie's own inputs did not change */
	int members_failed;    /* refused by the server: recorded, retried next run */
	int members_missing;   /* evaluated members with an address but no photographie file */
	int notices_sent;      /* rejection notices sent (dry run: .eml written) */
	int deferred;          /* messages left for the next run: [diffusion] duree_max reached */
	int digests_sent;      /* delegates' digests sent (dry run: .eml written) */
	int digests_quiet;     /* digests due with nothing to say: not sent */
	int digests_not_due;   /* delegates who had one less than [diffusion] frequence_synthese ago */
	int digests_failed;    /* refused by the server: recorded, retried next run */
	bool disabled;    /* [diffusion] smtp_url is empty: nothing was done */
	bool unreachable; /* the server could not be reached or refused the login */
};

/*
 * The diffusion step, called by `lecap run` after the reports and by
 * `lecap send`. campagne 0: the latest campaign that has a directory of
 * reports; region NULL: every region (else one code, or "FR"). dry_run
 * writes each message that would be sent as <rapports>/<campagne>/envois/
 * <region>-<email>.eml instead of sending it, and records nothing.
 *
 * Each attempt is journalled in lecap.envoi (success or failure, with the
 * server's reply). A refused message does not stop the others. Every
 * message is bounded by [diffusion] delai, so the step never hangs.
 *
 * Returns:
 *   LECAP_OK        every message due was sent (or none was due), or the
 *                   diffusion is off (smtp_url empty and not a dry run:
 *                   out->disabled, logged at info level);
 *   LECAP_REJECTED  some messages were refused (logged one by one, then
 *                   listed in one error line), or the server could not be
 *                   reached (out->unreachable; nothing recorded as sent);
 *                   they will be retried at the next call;
 *   LECAP_USAGE     bad [diffusion] settings (URL, starttls, expediteur,
 *                   password file readable by others...) or unknown region;
 *   LECAP_DB        database error (nothing more is attempted);
 *   LECAP_IO        a report cannot be read, or the .eml directory of a
 *                   dry run cannot be written (nothing more is attempted).
 * A message accepted by the server is journalled right after: should lecap
 * die in between, that recipient gets the report again next time (at least
 * once, never silently lost).
 * out is always filled (zeroed first).
 */
int diffusion_send(pg_conn *conn, const struct lecap_config *cfg, int campagne,
		   const char *region, bool dry_run, struct diffusion_summary *out) LECAP_MUST_CHECK;

/* Same, with the directory of a dry run's .eml files (NULL: the default). */
int diffusion_send_to(pg_conn *conn, const struct lecap_config *cfg, int campagne,
		      const char *region, bool dry_run, const char *eml_dir,
		      struct diffusion_summary *out) LECAP_MUST_CHECK;

/*
 * The latest campaign with reports under dir: the greatest 4-digit
 * subdirectory holding national.pdf or regions/. 0 when none.
 */
int diffusion_latest_campaign(const char *dir);

#endif

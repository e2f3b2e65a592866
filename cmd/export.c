/*
 * lecap export: the publication views as files (src/export/export.h).
 *
 *   lecap export [--campagne ANNÉE] [--region CODE] --out RÉP [--format csv|csv-rfc4180|xlsx]
 */
#include "commands.h"

#include "base/exitcode.h"
#include "base/log.h"
#include "export/export.h"

int cmd_export_check(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s)
{
	const char *format = command_arg(args, current_command, "format");
	enum export_format f;

	(void)ctx;
	(void)s;
	if (!command_arg(args, current_command, "out")) {
		log_error("lecap export attend --out RÉP, le répertoire où écrire les fichiers");
		log_hint("exemple : lecap export --campagne 2025 --out exports --format xlsx");
		return LECAP_USAGE;
	}
	if (format && export_parse_format(format, &f) != 0) {
		log_error("format inconnu « %s » : csv, csv-rfc4180 ou xlsx attendu", format);
		log_hint("csv : tableur en français (« ; », virgule décimale) ; csv-rfc4180 : programmes ; xlsx : classeur");
		return LECAP_USAGE;
	}
	return LECAP_OK;
}

int cmd_export(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s)
{
	const char *format = command_arg(args, current_command, "format");
	struct export_params p = {
		.campagne = args->campagne,
		.region = command_arg(args, current_command, "region"),
		.out_dir = command_arg(args, current_command, "out"),
		.format = EXPORT_CSV,
	};
	int files = 0;

	(void)ctx;
	/* The format was validated by cmd_export_check before any connection. */
	if (format)
		LECAP_STATUS_IGNORED(export_parse_format(format, &p.format));
	return export_run(s->conn, &p, &files);
}

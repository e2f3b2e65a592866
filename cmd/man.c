/*
 * The manual page lecap(1), written from the tables that drive lecap --help
 * (the commands, their help texts, the global options, the exit codes) and
 * the config reader (cfg_keys[]): it cannot say something the program does
 * not. The build runs « lecap --page-man » (Makefile, build/lecap.1);
 * tests/integration/05-page-man.sh compares the page with the help texts.
 *
 * A help text is laid out for a terminal: its "usage :" paragraph is kept as
 * is (.nf), a line "  TERME   description" becomes a tagged paragraph (.TP),
 * an indented line that follows continues the description, any other line is
 * running text.
 */
#include "commands.h"

#include "base/config.h"
#include "version.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Writes len bytes of s as roff text: a backslash is \e, a dash that starts a
 * word (an option) is \-, a line never starts with a control character. */
static void roff_text(FILE *out, const char *s, size_t len)
{
	if (len > 0 && (s[0] == '.' || s[0] == '\''))
		fputs("\\&", out);
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		char prev = i ? s[i - 1] : ' ';
		if (c == '\\')
			fputs("\\e", out);
		else if (c == '-' && (prev == ' ' || prev == '[' || prev == '|' || prev == '(' ||
				      prev == '-' || prev == '='))
			fputs("\\-", out);
		else
			fputc(c, out);
	}
}

static void roff_line(FILE *out, const char *s)
{
	roff_text(out, s, strlen(s));
	fputc('\n', out);
}

static size_t leading_spaces(const char *s, size_t len)
{
	size_t n = 0;
	while (n < len && s[n] == ' ')
		n++;
	return n;
}

/* In "  TERM   description", the offset of the gap of two spaces or more after
 * TERM, or 0 when the line is not of that shape. */
static size_t term_end(const char *s, size_t len)
{
	size_t lead = leading_spaces(s, len);
	if (lead < 1 || lead > 3 || lead == len)
		return 0;
	for (size_t i = lead; i + 1 < len; i++)
		if (s[i] == ' ' && s[i + 1] == ' ')
			return i;
	return 0;
}

/* Lays out one help text (see the top of this file). */
static void render_help(FILE *out, const char *text)
{
	enum { START, TEXT, USAGE, TAGGED } state = START;
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		size_t lead = leading_spaces(p, len);
		size_t te;

		if (len == lead) { /* blank line: a new paragraph */
			if (state == USAGE)
				fputs(".fi\n", out);
			if (state != START)
				state = TEXT, fputs(".PP\n", out);
		} else if (state == USAGE || (len > 8 && strncmp(p, "usage : ", 8) == 0)) {
			if (state != USAGE)
				fputs(".nf\n", out);
			state = USAGE;
			roff_text(out, p, len);
			fputc('\n', out);
		} else if ((te = term_end(p, len)) != 0) {
			size_t d = te;
			while (d < len && p[d] == ' ')
				d++;
			fputs(".TP\n", out);
			roff_text(out, p + lead, te - lead);
			fputc('\n', out);
			roff_text(out, p + d, len - d);
			fputc('\n', out);
			state = TAGGED;
		} else if (state == TAGGED && lead >= 4) {
			roff_text(out, p + lead, len - lead);
			fputc('\n', out);
		} else {
			if (state == TAGGED)
				fputs(".PP\n", out);
			state = TEXT;
			roff_text(out, p + lead, len - lead);
			fputc('\n', out);
		}
		p = nl ? nl + 1 : p + len;
	}
	if (state == USAGE)
		fputs(".fi\n", out);
}

/* The .TH date: SOURCE_DATE_EPOCH when the build gives one (reproducible
 * packages), else none. */
static void write_date(FILE *out)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char buf[16] = "";
	if (sde && *sde) {
		time_t t = (time_t)strtoll(sde, NULL, 10);
		struct tm tm;
		if (gmtime_r(&t, &tm))
			strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
	}
	fprintf(out, "\"%s\"", buf);
}

static void write_config(FILE *out)
{
	const char *section = "";

	fputs(".SH CONFIGURATION\n"
	      "Un fichier INI. Il est cherché dans cet ordre : \\fB\\-c\\fR \\fIFICHIER\\fR,\n"
	      "\\fB$LECAP_CONFIG\\fR, \\fI./config/lecap.conf\\fR, \\fI/etc/lecap/lecap.conf\\fR.\n"
	      "Priorité : ligne de commande, puis environnement\n"
	      "(\\fBLECAP_\\fISECTION\\fB_\\fICLÉ\\fR), puis fichier, puis valeur par défaut.\n"
	      "Les chemins relatifs le sont au répertoire de travail. Le fichier ne doit\n"
	      "pas être modifiable par tous ; il ne contient jamais de mot de passe.\n"
	      "Chaque clé, avec sa valeur par défaut et sa variable d'environnement :\n",
	      out);
	for (size_t i = 0; i < cfg_key_count; i++) {
		const struct cfg_key *k = &cfg_keys[i];
		if (strcmp(k->section, section) != 0) {
			section = k->section;
			fprintf(out, ".SS [%s]\n", section);
		}
		fputs(".TP\n\\fB", out);
		roff_text(out, k->key, strlen(k->key));
		fputs("\\fR = ", out);
		roff_text(out, k->def, strlen(k->def));
		fputs("\n", out);
		roff_line(out, k->help);
		fputs("(\\fBLECAP_", out);
		for (const char *c = k->section; *c; c++)
			fputc(toupper((unsigned char)*c), out);
		fputc('_', out);
		for (const char *c = k->key; *c; c++)
			fputc(toupper((unsigned char)*c), out);
		fputs("\\fR)\n", out);
	}
}

void man_page_write(FILE *out, const struct man_sources *src)
{
	fputs("'\\\" -*- coding: utf-8 -*-\n"
	      ".\\\" Écrit par « lecap --page-man » (cmd/man.c) : ne pas modifier à la main.\n"
	      ".TH LECAP 1 ",
	      out);
	write_date(out);
	fprintf(out, " \"lecap %s\" \"Manuel de lecap\"\n", LECAP_VERSION);
	fputs(".nh\n.ad l\n"
	      ".SH NOM\n"
	      "lecap \\- consolidation nocturne des auto-évaluations Le Cap (COORACE)\n"
	      ".SH SYNOPSIS\n"
	      ".B lecap\n"
	      "[\\fIoptions globales\\fR] \\fICOMMANDE\\fR [\\fIoptions\\fR]\n"
	      ".SH DESCRIPTION\n"
	      "\\fBlecap\\fR est le traitement de nuit de la fédération COORACE : il reçoit\n"
	      "les exports CSV des auto-évaluations Le Cap de ses adhérents, les charge dans\n"
	      "PostgreSQL, calcule les agrégats du réseau par thème et par région et produit\n"
	      "des rapports PDF. Messages : une ligne par message sur la sortie d'erreur,\n"
	      "\\fBlecap: \\fIniveau\\fB: \\fImessage\\fR (niveaux erreur, avertissement, info,\n"
	      "debug), suivie pour une erreur d'une ligne \\fBlecap: astuce:\\fR qui dit quoi faire.\n"
	      ".SH \"OPTIONS GLOBALES\"\n",
	      out);
	render_help(out, src->global_options);
	fputs(".SH COMMANDES\n", out);
	for (size_t i = 0; i < src->command_count; i++) {
		const struct command *c = &src->commands[i];
		fprintf(out, ".SS %s\n", c->name);
		roff_line(out, c->summary);
		fputs(".PP\n", out);
		{
			char *help = command_help(c);
			render_help(out, help ? help : c->usage);
			free(help);
		}
	}
	write_config(out);
	fputs(".SH ENVIRONNEMENT\n"
	      ".TP\n\\fBLECAP_CONFIG\\fR\nle fichier de configuration, sans \\fB\\-c\\fR\n"
	      ".TP\n\\fBLECAP_\\fISECTION\\fB_\\fICLÉ\\fR\nune clé de la configuration (voir CONFIGURATION)\n"
	      ".TP\n\\fBPGHOST\\fR, \\fBPGDATABASE\\fR, \\fBPGUSER\\fR, \\fBPGSERVICE\\fR, \\fBPGPASSFILE\\fR...\n"
	      "la base, sans \\fB\\-d\\fR ni [base] conninfo, exactement comme \\fBpsql\\fR(1)\n",
	      out);
	fputs(".SH \"CODES DE SORTIE\"\n", out);
	render_help(out, src->exit_codes);
	fputs(".SH FICHIERS\n"
	      "Dans le paquet Debian :\n"
	      ".TP\n\\fI/etc/lecap/lecap.conf\\fR\nla configuration (0640 root:lecap)\n"
	      ".TP\n\\fI/var/lib/lecap/entree\\fR, \\fIarchive\\fR, \\fIquarantaine\\fR, \\fIrapports\\fR\n"
	      "boîte de réception, fichiers intégrés, fichiers rejetés et leurs motifs, rapports PDF\n"
	      "(0750 lecap:lecap)\n"
	      ".TP\n\\fI/usr/share/lecap/sql/\\fR\nles migrations du schéma (aussi incluses dans le programme)\n"
	      ".TP\n\\fI/usr/share/lecap/config/\\fR\nla grille du Cap, les régions, les types de structure,\n"
	      "les offres, et un exemple de configuration qui liste chaque clé\n"
	      ".TP\n\\fBlecap.service\\fR, \\fBlecap.timer\\fR\nle traitement de nuit sous systemd\n"
	      "(installés, non activés : \\fBsystemctl enable \\-\\-now lecap.timer\\fR)\n"
	      ".SH \"VOIR AUSSI\"\n"
	      "\\fBpsql\\fR(1), \\fBsystemd.timer\\fR(5),\n"
	      "et dans \\fI/usr/share/doc/lecap/\\fR : exploitation.md (exploitation,\n"
	      "droits PostgreSQL), format-exports.md (le contrat des fichiers reçus)\n",
	      out);
}

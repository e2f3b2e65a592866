/* The vision text: reading, validating, loading; see vision.h. */
#include "referentiel/vision.h"

#include "base/log.h"
#include "base/text.h"
#include "io/sha256.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VISION_MAX_FILE (64 * 1024)
#define VISION_HINT "corrigez %s (format : docs/format-exports.md, « Le texte de la vision »), puis relancez"

/* The whole file, NUL-terminated, into *buf (*len bytes). */
static int vision_slurp(const char *path, char **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b = NULL;
	int ret = LECAP_OK;

	*buf = NULL;
	if (!f) {
		log_error("%s : lecture impossible : %s", path, strerror(errno));
		log_hint("vérifiez le chemin donné par [referentiel] vision dans la configuration "
			 "(le paquet l'installe dans /usr/share/lecap/config/vision.txt)");
		return LECAP_USAGE;
	}
	b = malloc(VISION_MAX_FILE + 1);
	if (!b) {
		ret = log_fail(LECAP_USAGE, "%s : mémoire insuffisante", path);
		goto cleanup;
	}
	*len = fread(b, 1, VISION_MAX_FILE + 1, f);
	if (ferror(f)) {
		ret = log_fail(LECAP_USAGE, "%s : erreur de lecture", path);
		goto cleanup;
	}
	if (*len > VISION_MAX_FILE) {
		log_error("%s : fichier trop grand (plus de %d Kio) pour un texte de vision", path,
			  VISION_MAX_FILE / 1024);
		log_hint(VISION_HINT, path);
		ret = LECAP_USAGE;
		goto cleanup;
	}
	b[*len] = '\0';
	*buf = b;
	b = NULL;
cleanup:
	free(b);
	fclose(f);
	return ret;
}

static int vision_problem(const char *path, long line, const char *msg)
{
	log_error("%s:%ld: %s", path, line, msg);
	log_hint(VISION_HINT, path);
	return LECAP_USAGE;
}

/* "version: LABEL" into v->version. */
static int vision_version_line(const char *path, const char *line, struct vision *v)
{
	const char *p = line;
	size_t n;

	if (strncmp(p, "version:", 8) != 0)
		return vision_problem(path, 1, "la première ligne doit être « version: LIBELLÉ » "
					       "(par exemple « version: 2026-1 »)");
	p += 8;
	while (*p == ' ')
		p++;
	n = strlen(p);
	while (n > 0 && p[n - 1] == ' ')
		n--;
	if (n == 0 || n > VISION_VERSION_MAX ||
	    strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") < n)
		return vision_problem(path, 1, "libellé de version invalide : 1 à 32 caractères parmi "
					       "lettres sans accent, chiffres, « . », « _ » et « - »");
	memcpy(v->version, p, n);
	v->version[n] = '\0';
	return LECAP_OK;
}

/* A control character of line (after the CR strip), or -1. */
static int vision_control_char(const char *line)
{
	for (const unsigned char *c = (const unsigned char *)line; *c; c++)
		if (*c < 0x20 || *c == 0x7f)
			return *c;
	return -1;
}

static size_t vision_chars(const char *utf8)
{
	size_t n = 0;
	for (const unsigned char *c = (const unsigned char *)utf8; *c; c++)
		n += (*c & 0xC0) != 0x80;
	return n;
}

/* Appends one text line to out (joining paragraphs with "\n\n", lines
 * with a space); *gap: a blank line came since the last text line. */
static void vision_append(char *out, size_t *olen, const char *line, bool *gap)
{
	size_t n = strlen(line);
	while (n > 0 && (line[n - 1] == ' '))
		n--;
	while (n > 0 && *line == ' ') {
		line++;
		n--;
	}
	if (n == 0) {
		*gap = *olen > 0;
		return;
	}
	if (*olen > 0) {
		const char *sep = *gap ? "\n\n" : " ";
		memcpy(out + *olen, sep, strlen(sep));
		*olen += strlen(sep);
	}
	memcpy(out + *olen, line, n);
	*olen += n;
	out[*olen] = '\0';
	*gap = false;
}

/* Splits buf into lines (in place), checks each, builds v->texte. */
static int vision_parse(const char *path, char *buf, struct vision *v)
{
	char *out = malloc(strlen(buf) + 2), *line = buf, msg[200];
	size_t olen = 0;
	bool gap = false;
	int ret = LECAP_OK;

	if (!out)
		return log_fail(LECAP_USAGE, "%s : mémoire insuffisante", path);
	out[0] = '\0';
	for (long no = 1; line; no++) {
		char *nl = strchr(line, '\n');
		int c;
		if (nl)
			*nl = '\0';
		if (nl && nl > line && nl[-1] == '\r')
			nl[-1] = '\0';
		if (!text_is_utf8(line, strlen(line))) {
			ret = vision_problem(path, no, "texte qui n'est pas de l'UTF-8 (fichier enregistré en "
						       "Windows-1252 ?) : enregistrez le fichier en UTF-8");
			goto cleanup;
		}
		if ((c = vision_control_char(line)) >= 0) {
			snprintf(msg, sizeof msg, "caractère de contrôle U+%04X : le texte ne contient que des "
						  "lignes de texte (tabulations comprises, à remplacer par des espaces)", c);
			ret = vision_problem(path, no, msg);
			goto cleanup;
		}
		if (no == 1)
			ret = vision_version_line(path, line, v);
		else
			vision_append(out, &olen, line, &gap);
		if (ret != LECAP_OK)
			goto cleanup;
		line = nl ? nl + 1 : NULL;
	}
	if (olen == 0) {
		log_error("%s : texte de la vision vide", path);
		log_hint("écrivez le texte après la ligne « version: … », paragraphes séparés par une ligne vide");
		ret = LECAP_USAGE;
		goto cleanup;
	}
	if (vision_chars(out) > VISION_MAX_CHARS) {
		log_error("%s : texte de la vision trop long (%zu caractères, au plus %d)", path, vision_chars(out),
			  VISION_MAX_CHARS);
		log_hint("raccourcissez-le : il tient sur la page de méthode de chaque rapport");
		ret = LECAP_USAGE;
		goto cleanup;
	}
	v->texte = out;
	out = NULL;
cleanup:
	free(out);
	return ret;
}

int vision_read(const char *path, struct vision *v)
{
	char *buf = NULL;
	size_t len = 0;
	struct sha256 s;
	int ret;

	memset(v, 0, sizeof(*v));
	ret = vision_slurp(path, &buf, &len);
	if (ret != LECAP_OK)
		return ret;
	if (memchr(buf, '\0', len)) {
		log_error("%s : octet nul : ce n'est pas un fichier texte", path);
		log_hint(VISION_HINT, path);
		ret = LECAP_USAGE;
		goto cleanup;
	}
	ret = vision_parse(path, buf, v);
	if (ret != LECAP_OK)
		goto cleanup;
	v->path = malloc(strlen(path) + 1);
	if (!v->path) {
		ret = log_fail(LECAP_USAGE, "%s : mémoire insuffisante", path);
		goto cleanup;
	}
	memcpy(v->path, path, strlen(path) + 1);
	sha256_init(&s);
	sha256_update(&s, v->texte, strlen(v->texte));
	sha256_final_hex(&s, v->empreinte);
cleanup:
	free(buf);
	if (ret != LECAP_OK)
		vision_free(v);
	return ret;
}

void vision_free(struct vision *v)
{
	free(v->texte);
	free(v->path);
	v->texte = v->path = NULL;
}

/* Inside the transaction: the row of v->version, added or checked. */
static int vision_store(pg_conn *conn, const struct vision *v, bool *added, bool *current)
{
	const char *params[4] = {v->version, v->texte, v->empreinte, v->path};
	pg_result *res = NULL;
	int ret;

	ret = pg_query(conn, "lecture du texte de la vision",
		       "SELECT empreinte, en_vigueur FROM lecap.vision WHERE version = $1", 1, params, &res);
	if (ret != LECAP_OK)
		return ret;
	*added = pg_ntuples(res) == 0;
	if (!*added) {
		bool same = strcmp(pg_value(res, 0, 0), v->empreinte) == 0;
		*current = strcmp(pg_value(res, 0, 1), "t") == 0;
		pg_result_free(res);
		if (same)
			return LECAP_OK;
		log_error("vision %s : le texte de %s a changé depuis son chargement : modification refusée",
			  v->version, v->path);
		log_hint("donnez une nouvelle version au texte modifié (première ligne « version: … » de %s) : "
			 "il sera chargé à côté de la version %s, que gardent les rapports déjà produits",
			 v->path, v->version);
		return LECAP_USAGE;
	}
	pg_result_free(res);
	*current = false;
	return pg_command(conn, "enregistrement du texte de la vision",
			  "INSERT INTO lecap.vision (version, texte, empreinte, fichier, en_vigueur) "
			  "VALUES ($1, $2, $3, $4, false)",
			  4, params);
}

int vision_db_load(pg_conn *conn, const struct vision *v)
{
	const char *params[1] = {v->version};
	bool added = false, current = false;
	int ret;

	ret = pg_begin(conn);
	if (ret != LECAP_OK)
		return ret;
	ret = pg_exec(conn, "verrouillage du texte de la vision", "LOCK TABLE lecap.vision IN SHARE ROW EXCLUSIVE MODE");
	if (ret == LECAP_OK)
		ret = vision_store(conn, v, &added, &current);
	if (ret == LECAP_OK && !current) {
		ret = pg_exec(conn, "texte de la vision en vigueur",
			      "UPDATE lecap.vision SET en_vigueur = false WHERE en_vigueur");
		if (ret == LECAP_OK)
			ret = pg_command(conn, "texte de la vision en vigueur",
					 "UPDATE lecap.vision SET en_vigueur = true, charge_le = now() WHERE version = $1", 1, params);
	}
	if (ret == LECAP_OK)
		ret = pg_commit(conn);
	if (ret != LECAP_OK) {
		pg_rollback(conn);
		return ret;
	}
	if (added)
		log_info("vision %s chargée depuis %s (%zu caractères), en vigueur", v->version, v->path,
			 vision_chars(v->texte));
	else if (!current)
		log_info("vision %s déjà chargée, remise en vigueur", v->version);
	else
		log_info("vision %s déjà chargée, inchangée", v->version);
	return LECAP_OK;
}

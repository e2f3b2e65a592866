/* The quarantine directory; see quarantaine.h. */
#define _GNU_SOURCE /* renameat2 */
#include "ingest/quarantaine.h"

#include "base/exitcode.h"
#include "base/log.h"
#include "base/text.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

void quarantaine_reason(const char *line, char *out, size_t size)
{
	const char *p = strstr(line, ": ");
	size_t o = 0;
	bool quoted = false;

	if (size == 0)
		return;
	p = p ? p + 2 : line;
	while (*p && *p != '\n' && o + 1 < size) {
		if (strncmp(p, " : ", 3) == 0 && !quoted)
			break;
		if (strncmp(p, "«", strlen("«")) == 0) {
			size_t n = strlen("« … »");
			if (o + n + 1 >= size)
				break;
			memcpy(out + o, "« … »", n);
			o += n;
			quoted = true;
			p += strlen("«");
			continue;
		}
		if (quoted) {
			if (strncmp(p, "»", strlen("»")) == 0) {
				quoted = false;
				p += strlen("»");
			} else {
				p++;
			}
			continue;
		}
		if (isdigit((unsigned char)*p)) {
			out[o++] = 'N';
			while (isdigit((unsigned char)*p))
				p++;
			continue;
		}
		out[o++] = *p++;
	}
	out[o] = '\0';
}

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0;
	FILE *m;
	int c;

	if (!f)
		return strdup("");
	m = open_memstream(&buf, &len);
	if (!m) {
		fclose(f);
		return NULL;
	}
	while ((c = getc(f)) != EOF)
		putc(c, m);
	fclose(f);
	if (fclose(m) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* The name the file had in the inbox: lecap ingest adds ".N" when the
 * quarantine already holds the name; the reasons start with the original. */
static char *original_name(const char *name, const char *first)
{
	const char *dot = strrchr(name, '.');
	char *base, *shown;
	size_t n;

	if (dot && dot[1] && strspn(dot + 1, "0123456789") == strlen(dot + 1) && dot > name) {
		base = strndup(name, (size_t)(dot - name));
		if (!base)
			return NULL;
		shown = text_shown_name(base);
		n = shown ? strlen(shown) : 0;
		if (shown && strncmp(first, shown, n) == 0 && first[n] == ':') {
			free(shown);
			return base;
		}
		free(shown);
		free(base);
	}
	return strdup(name);
}

static int cmp_files(const void *a, const void *b)
{
	return strcmp(((const struct quarantine_file *)a)->name, ((const struct quarantine_file *)b)->name);
}

void quarantaine_list_release(struct quarantine_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		struct quarantine_file *f = &list->files[i];
		free(f->name);
		free(f->original);
		free(f->messages);
		free(f->first);
		free(f->reason);
	}
	free(list->files);
	list->files = NULL;
	list->count = 0;
}

int quarantaine_list(const char *dir, struct quarantine_list *out)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t cap = 0;
	int ret = LECAP_OK;

	out->files = NULL;
	out->count = 0;
	if (!d) {
		if (errno == ENOENT)
			return LECAP_OK;
		log_error("%s : lecture du répertoire de quarantaine impossible : %s", dir, strerror(errno));
		log_hint("vérifiez [chemins] quarantaine et ses droits");
		return LECAP_IO;
	}
	while ((e = readdir(d)) != NULL) {
		char path[4096], reason[512];
		struct quarantine_file *f;
		struct stat st;

		if (e->d_name[0] == '.' || ends_with(e->d_name, ".erreurs.txt"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (lstat(path, &st) != 0 || S_ISDIR(st.st_mode))
			continue; /* historique/ */
		if (out->count == cap) {
			size_t ncap = cap ? cap * 2 : 32;
			struct quarantine_file *g = realloc(out->files, ncap * sizeof(*g));
			if (!g)
				goto cleanup;
			out->files = g;
			cap = ncap;
		}
		f = &out->files[out->count];
		memset(f, 0, sizeof(*f));
		out->count++;
		if (!(f->name = strdup(e->d_name)))
			goto cleanup;
		snprintf(path, sizeof(path), "%s/%s.erreurs.txt", dir, e->d_name);
		if (!(f->messages = read_text(path)))
			goto cleanup;
		/* One problem per line (values escaped by the reader), except the
		 * count line written after the first 100. */
		for (const char *p = f->messages; *p;) {
			size_t len = strcspn(p, "\n");
			const char *count = strstr(p, " problèmes au total, seuls les ");
			if (!count || count >= p + len)
				f->problems++;
			p += len + (p[len] == '\n');
		}
		if (!(f->first = strndup(f->messages, strcspn(f->messages, "\n"))))
			goto cleanup;
		quarantaine_reason(f->first, reason, sizeof(reason));
		if (!(f->reason = strdup(reason)) || !(f->original = original_name(f->name, f->first)))
			goto cleanup;
	}
	closedir(d);
	if (out->count > 1)
		qsort(out->files, out->count, sizeof(*out->files), cmp_files);
	return ret;
cleanup:
	closedir(d);
	quarantaine_list_release(out);
	return log_fail(LECAP_IO, "mémoire insuffisante");
}

static int make_dir(const char *path)
{
	if (mkdir(path, 0750) == 0) {
		chmod(path, 0750);
		return LECAP_OK;
	}
	if (errno == EEXIST)
		return LECAP_OK;
	log_error("création du répertoire %s impossible : %s", path, strerror(errno));
	log_hint("vérifiez les droits sur [chemins] quarantaine");
	return LECAP_IO;
}

int quarantaine_requeue(const char *qdir, const char *inbox, const struct quarantine_file *f, const char *stamp)
{
	char from[4096], to[4096], hist[4096];
	struct stat st;
	int ret;

	snprintf(to, sizeof(to), "%s/%s", inbox, f->original);
	if (lstat(to, &st) == 0) {
		log_error("%s existe déjà dans la boîte de réception : %s laissé en quarantaine", to, f->name);
		log_hint("laissez la nuit traiter le fichier de la boîte de réception, puis relancez");
		return LECAP_IO;
	}
	snprintf(hist, sizeof(hist), "%s/historique", qdir);
	ret = make_dir(hist);
	if (ret != LECAP_OK)
		return ret;
	snprintf(from, sizeof(from), "%s/%s.erreurs.txt", qdir, f->name);
	if (lstat(from, &st) == 0) {
		char dest[4096];
		int i = 0;
		/* Never overwrite an older history entry. */
		for (;;) {
			int n = i == 0 ? snprintf(dest, sizeof(dest), "%s/%s.%s.erreurs.txt", hist, f->name, stamp)
				       : snprintf(dest, sizeof(dest), "%s/%s.%s-%d.erreurs.txt", hist, f->name, stamp, i);
			if (n < 0 || n >= (int)sizeof(dest))
				return log_fail(LECAP_IO, "chemin trop long : %s", hist);
			if (renameat2(AT_FDCWD, from, AT_FDCWD, dest, RENAME_NOREPLACE) == 0)
				break;
			if (errno != EEXIST) {
				log_error("déplacement de %s vers %s impossible : %s", from, dest, strerror(errno));
				log_hint("vérifiez les droits sur [chemins] quarantaine");
				return LECAP_IO;
			}
			i++;
		}
	}
	snprintf(from, sizeof(from), "%s/%s", qdir, f->name);
	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) != 0) {
		log_error("déplacement de %s vers %s impossible : %s", from, to, strerror(errno));
		log_hint("vérifiez les droits sur [chemins] entree et quarantaine");
		return LECAP_IO;
	}
	return LECAP_OK;
}

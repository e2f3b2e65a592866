/* The look-ahead thread of lecap ingest; see ingest_scan.h. */
#include "ingest/ingest_scan.h"

#include "base/exitcode.h"
#include "base/log.h"
#include "io/sha256.h"
#include "base/signals.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define READ_CHUNK (256 * 1024)

struct ingest_scan {
	const char *dir;
	char *const *names;
	size_t n;
	int64_t max_size;
	pthread_t thread;
	pthread_mutex_t mu;
	/* One wake-up per wait, not per entry: the main thread says which entry
	 * it waits for (want), the thread whether it waits for room. */
	pthread_cond_t ready_cond, room_cond;
	size_t ready;    /* entries 0..ready-1 are done */
	size_t want;     /* the entry the main thread waits for; SIZE_MAX: none */
	size_t released; /* the main thread no longer needs entries before it */
	bool stop, waiting_room;
	struct scan_entry ring[SCAN_AHEAD];
	char buf[READ_CHUNK];
	char path[4096];
};

/* Reads and hashes the file e->st describes; a file that is no longer the
 * one lstat saw (replaced by a link, changed size or time) is SCAN_GROWING. */
static void hash_file(struct ingest_scan *s, struct scan_entry *e)
{
	struct sha256 h;
	struct stat after;
	ssize_t n;
	bool first = true;
	int fd = open(s->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);

	if (fd < 0) {
		e->status = SCAN_READ;
		e->err = errno;
		return;
	}
	sha256_init(&h);
	while ((n = read(fd, s->buf, sizeof(s->buf))) > 0) {
		sha256_update(&h, s->buf, (size_t)n);
		if (first)
			test_pause_point("ingest-lecture");
		first = false;
	}
	if (n < 0) {
		e->status = SCAN_READ;
		e->err = errno;
	} else if (fstat(fd, &after) != 0 || after.st_ino != e->st.st_ino || after.st_dev != e->st.st_dev ||
		   after.st_size != e->st.st_size || after.st_mtim.tv_sec != e->st.st_mtim.tv_sec ||
		   after.st_mtim.tv_nsec != e->st.st_mtim.tv_nsec) {
		e->status = SCAN_GROWING;
	} else {
		sha256_final_hex(&h, e->sha256);
		e->status = SCAN_HASHED;
	}
	close(fd);
}

static void scan_one(struct ingest_scan *s, struct scan_entry *e, const char *name)
{
	memset(e, 0, sizeof(*e));
	e->name = name;
	snprintf(s->path, sizeof(s->path), "%s/%s", s->dir, name);
	if (lstat(s->path, &e->st) != 0) {
		e->status = SCAN_LSTAT;
		e->err = errno;
		return;
	}
	e->status = SCAN_UNREAD;
	if (S_ISREG(e->st.st_mode) && e->st.st_size <= s->max_size)
		hash_file(s, e);
}

static void *scan_main(void *arg)
{
	struct ingest_scan *s = arg;

	for (size_t i = 0; i < s->n; i++) {
		pthread_mutex_lock(&s->mu);
		while (!s->stop && i >= s->released + SCAN_AHEAD) {
			s->waiting_room = true;
			pthread_cond_wait(&s->room_cond, &s->mu);
		}
		s->waiting_room = false;
		bool stop = s->stop;
		pthread_mutex_unlock(&s->mu);
		if (stop)
			break;
		scan_one(s, &s->ring[i % SCAN_AHEAD], s->names[i]);
		pthread_mutex_lock(&s->mu);
		s->ready = i + 1;
		if (s->want != SIZE_MAX && s->want < s->ready)
			pthread_cond_signal(&s->ready_cond);
		pthread_mutex_unlock(&s->mu);
	}
	return NULL;
}

int ingest_scan_start(const char *dir, char *const *names, size_t n, int64_t max_size, ingest_scan **out)
{
	struct ingest_scan *s = calloc(1, sizeof(*s));
	int err;

	*out = NULL;
	if (!s)
		return log_fail(LECAP_IO, "mémoire insuffisante");
	s->dir = dir;
	s->names = names;
	s->n = n;
	s->max_size = max_size;
	s->want = SIZE_MAX;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->ready_cond, NULL);
	pthread_cond_init(&s->room_cond, NULL);
	err = signals_thread_create(&s->thread, scan_main, s);
	if (err != 0) {
		pthread_cond_destroy(&s->ready_cond);
		pthread_cond_destroy(&s->room_cond);
		pthread_mutex_destroy(&s->mu);
		free(s);
		return log_fail(LECAP_IO, "création du fil de lecture impossible : %s", strerror(err));
	}
	*out = s;
	return LECAP_OK;
}

const struct scan_entry *ingest_scan_get(ingest_scan *s, size_t i)
{
	pthread_mutex_lock(&s->mu);
	while (s->ready <= i) {
		s->want = i;
		pthread_cond_wait(&s->ready_cond, &s->mu);
	}
	s->want = SIZE_MAX;
	pthread_mutex_unlock(&s->mu);
	return &s->ring[i % SCAN_AHEAD];
}

size_t ingest_scan_ready(ingest_scan *s)
{
	pthread_mutex_lock(&s->mu);
	size_t n = s->ready;
	pthread_mutex_unlock(&s->mu);
	return n;
}

void ingest_scan_release(ingest_scan *s, size_t i)
{
	pthread_mutex_lock(&s->mu);
	if (i > s->released) {
		s->released = i;
		if (s->waiting_room)
			pthread_cond_signal(&s->room_cond);
	}
	pthread_mutex_unlock(&s->mu);
}

void ingest_scan_stop(ingest_scan *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->mu);
	s->stop = true;
	pthread_cond_signal(&s->room_cond);
	pthread_mutex_unlock(&s->mu);
	pthread_join(s->thread, NULL);
	pthread_cond_destroy(&s->ready_cond);
	pthread_cond_destroy(&s->room_cond);
	pthread_mutex_destroy(&s->mu);
	free(s);
}

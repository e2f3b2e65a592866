/* Stop requests and the crash test hook; see signals.h. */
#include "base/signals.h"

#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Atomic (lock-free, so async-signal-safe): worker threads read it too (reports/entreprise_pool.c). */
static _Atomic int stop_signal;

int signals_thread_create(pthread_t *thread, void *(*fn)(void *), void *arg)
{
	sigset_t all, old;
	int err;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(thread, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return err;
}

static void on_signal(int sig)
{
	stop_signal = sig;
}

void signals_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	/* A closed pipe (e.g. output piped to head) is an I/O error, not death. */
	signal(SIGPIPE, SIG_IGN);
}

bool signals_stop_requested(void) { return stop_signal != 0; }
int signals_received(void) { return stop_signal; }

#ifdef LECAP_TEST_HOOKS
void signals_test_crash_point(const char *point)
{
	static _Atomic unsigned long hits; /* the photographies' workers pass here too */
	const char *want = getenv("LECAP_TEST_CRASH");
	size_t len = strlen(point);

	if (!want || strncmp(want, point, len) != 0)
		return;
	if (want[len] == '\0' || (want[len] == '@' && ++hits >= strtoul(want + len + 1, NULL, 10)))
		kill(getpid(), SIGKILL);
}

void signals_test_pause_point(const char *point)
{
	const char *want = getenv("LECAP_TEST_PAUSE");
	const char *file = getenv("LECAP_TEST_PAUSE_FILE");
	struct timespec tick = {0, 20 * 1000 * 1000};

	if (!want || strcmp(want, point) != 0)
		return;
	if (file) {
		FILE *f = fopen(file, "w");
		if (f)
			fclose(f);
	}
	for (int i = 0; i < 1500 && !stop_signal; i++) {
		if (file && access(file, F_OK) != 0)
			break; /* the test removed the file: go on */
		nanosleep(&tick, NULL);
	}
}
#endif /* LECAP_TEST_HOOKS */

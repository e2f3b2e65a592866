/* Logging to stderr and optionally syslog; see log.h. */
#include "base/log.h"

#include <pthread.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

static enum log_level max_level = LOG_LVL_INFO;
static bool use_syslog;
static int timestamps = -1;

#define CAPTURE_MAX 65536
static char captured[CAPTURE_MAX];
static size_t captured_len;
static unsigned long captured_dropped;

static const char *const level_names[] = {"erreur", "avertissement", "info", "debug"};
static const int syslog_prio[] = {LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG};

void log_set_level(enum log_level level) { max_level = level; }
enum log_level log_get_level(void) { return max_level; }
void log_set_timestamps(int mode) { timestamps = mode; }

void log_set_syslog(bool on)
{
	if (on && !use_syslog)
		openlog("lecap", LOG_PID, LOG_USER);
	else if (!on && use_syslog)
		closelog();
	use_syslog = on;
}

/* lecap aggregate --all logs from two threads: one line at a time, and the
 * journal's capture buffer shared. */
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static void vlog_locked(enum log_level level, const char *label, const char *msg);

static void vlog(enum log_level level, const char *label, const char *fmt, va_list ap)
{
	char msg[4096];

	if (level > max_level && level > LOG_LVL_WARN)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	pthread_mutex_lock(&log_lock);
	vlog_locked(level, label, msg);
	pthread_mutex_unlock(&log_lock);
}

static void vlog_locked(enum log_level level, const char *label, const char *msg)
{
	/* Errors and warnings go to the journal even when -q hides them. */
	if (level <= LOG_LVL_WARN) {
		size_t n = strlen(label) + strlen(msg) + 3;
		if (captured_len + n < CAPTURE_MAX - 64)
			captured_len += (size_t)snprintf(captured + captured_len, CAPTURE_MAX - captured_len,
							 "%s: %s\n", label, msg);
		else
			captured_dropped++;
	}
	if (level > max_level)
		return;
	if (timestamps == 1 || (timestamps == -1 && !isatty(STDERR_FILENO))) {
		char stamp[32];
		time_t now = time(NULL);
		struct tm tm;
		localtime_r(&now, &tm);
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S%z", &tm);
		fprintf(stderr, "%s lecap: %s: %s\n", stamp, label, msg);
	} else {
		fprintf(stderr, "lecap: %s: %s\n", label, msg);
	}
	if (use_syslog)
		syslog(syslog_prio[level], "%s: %s", label, msg);
}

#define DEFINE_LOG(name, level, label) \
	void name(const char *fmt, ...) \
	{ \
		va_list ap; \
		va_start(ap, fmt); \
		vlog(level, label, fmt, ap); \
		va_end(ap); \
	}

DEFINE_LOG(log_error, LOG_LVL_ERROR, level_names[LOG_LVL_ERROR])
DEFINE_LOG(log_warn, LOG_LVL_WARN, level_names[LOG_LVL_WARN])
DEFINE_LOG(log_info, LOG_LVL_INFO, level_names[LOG_LVL_INFO])
DEFINE_LOG(log_debug, LOG_LVL_DEBUG, level_names[LOG_LVL_DEBUG])
/* A hint belongs to the error before it: shown whenever errors are. */
DEFINE_LOG(log_hint, LOG_LVL_ERROR, "astuce")

const char *log_captured(void)
{
	if (captured_dropped)
		snprintf(captured + captured_len, CAPTURE_MAX - captured_len,
			 "(%lu message%s de plus non conservé%s)\n", captured_dropped,
			 captured_dropped > 1 ? "s" : "", captured_dropped > 1 ? "s" : "");
	return captured;
}

void log_capture_reset(void)
{
	captured_len = 0;
	captured_dropped = 0;
	captured[0] = '\0';
}

int log_fail(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog(LOG_LVL_ERROR, level_names[LOG_LVL_ERROR], fmt, ap);
	va_end(ap);
	return code;
}

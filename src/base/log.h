/*
 * Logging: every message lecap prints for a person goes through here.
 *
 * Lines go to stderr as "lecap: <niveau>: <message>", prefixed by an ISO 8601
 * timestamp when stderr is not a terminal (cron, systemd), and also to syslog
 * when enabled. Levels: erreur, avertissement, info, debug.
 */
#ifndef LECAP_BASE_LOG_H
#define LECAP_BASE_LOG_H

#include <stdbool.h>

enum log_level { LOG_LVL_ERROR, LOG_LVL_WARN, LOG_LVL_INFO, LOG_LVL_DEBUG };

/* Sets the most verbose level printed (default LOG_LVL_INFO). */
void log_set_level(enum log_level level);
enum log_level log_get_level(void);
/* Sends lines to syslog (facility user, ident "lecap") as well. */
void log_set_syslog(bool on);
/* Forces timestamps on (1), off (0) or automatic (-1, the default). */
void log_set_timestamps(int mode);

void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A "astuce: ..." line that follows an error: what the user should do. */
void log_hint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Errors and warnings are also kept in memory (up to 64 KiB, then a count)
 * for the run journal: log_captured() returns them, one per line ("" when
 * none); the string stays valid until the next log call or log_capture_reset.
 */
const char *log_captured(void);
void log_capture_reset(void);

/* Returns code after logging an error: "return log_fail(LECAP_IO, ...)". */
int log_fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif

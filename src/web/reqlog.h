/* The server's two logs (reqlog.c): the request log, one line per answered
 * request, and the error log (libmicrohttpd's messages, server errors).
 *
 * Request log line (fields separated by one space; the path's bytes
 * outside printable ASCII, and '%', written as %XX so a line stays one
 * line of fields):
 *   2026-12-03T23:59:01.123Z 127.0.0.1 admin GET /api/v1/status 200 3.1
 *   time (UTC, ms) · client address · user ("-": nobody) · method · path
 *   (without the query) · status · milliseconds from headers to answer
 * Error log line: time, then "planmon: " and the message.
 *
 * Both are line-buffered stdio streams: a line is one write, whole, from
 * whichever worker thread (stdio locks the stream per call). */
#ifndef PM_WEB_REQLOG_H
#define PM_WEB_REQLOG_H
#include <stdarg.h>
#include <stdbool.h>

#include "web/dispatch.h"

typedef struct web_log web_log;

/* Opens the logs: a file path is appended to (created 0640); NULL or "-"
 * means stdout for the request log and stderr for the error log. NULL
 * with a message on stderr when a file cannot be opened. */
web_log *web_log_open(const char *request_path, const char *error_path);
/* Opens the files again (after logrotate moved them: SIGHUP). False
 * when one cannot be reopened (the old stream is kept). */
bool web_log_reopen(web_log *l);
void web_log_close(web_log *l);

/* One answered request; method as the client sent it (HEAD stays HEAD). */
void web_log_request(web_log *l, const web_exchange *x, const char *method, int status);
void web_log_error(web_log *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void web_log_verror(web_log *l, const char *fmt, va_list ap);

#endif

/* The HTTP server (server.c), on libmicrohttpd: `planmon serve`. */
#ifndef PM_WEB_SERVER_H
#define PM_WEB_SERVER_H
#include <stdio.h>

typedef struct web_config {
    const char *db;     /* database file */
    const char *listen; /* "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:8080"; port 0 picks a free one */
    unsigned threads;   /* worker threads, 0: by the number of CPUs */
    const char *tls_cert, *tls_key; /* PEM files: HTTPS when both are set */
    const char *const *trusted_proxies; /* numeric addresses whose X-Forwarded-* are believed */
    size_t ntrusted;
    const char *request_log; /* file for the request log; NULL or "-": stdout */
    const char *error_log;   /* file for the error log; NULL or "-": stderr */
} web_config;

/* Serves until SIGINT or SIGTERM, then stops cleanly; SIGHUP reopens the
 * log files (after logrotate). Prints the address
 * to open on out once listening. Returns a process exit code (0 after a
 * clean stop, 1 when the server cannot start, 2 for a bad address); the
 * message of a failure goes to stderr. */
int web_serve(const web_config *cfg, FILE *out);

#endif

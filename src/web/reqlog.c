/* The request log and the error log (reqlog.h). */
#include "web/reqlog.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/mem.h"

struct web_log {
    char *req_path, *err_path; /* NULL: the standard stream */
    FILE *req, *err;
    pthread_mutex_t mu; /* the streams may be swapped (reopen) under writers */
};

/* path opened for appending, line-buffered; NULL with a message. */
static FILE *open_log(const char *path)
{
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    FILE *f = fd >= 0 ? fdopen(fd, "a") : NULL;
    if (!f) {
        fprintf(stderr, "planmon: 无法打开日志文件 %s：%s\n", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    setvbuf(f, NULL, _IOLBF, 0);
    return f;
}

static char *log_path(const char *p)
{
    return p && *p && strcmp(p, "-") ? xstrdup(p) : NULL;
}

web_log *web_log_open(const char *request_path, const char *error_path)
{
    web_log *l = xcalloc(1, sizeof *l);
    pthread_mutex_init(&l->mu, NULL);
    l->req_path = log_path(request_path);
    l->err_path = log_path(error_path);
    l->req = l->req_path ? open_log(l->req_path) : stdout;
    l->err = l->err_path ? open_log(l->err_path) : stderr;
    if (!l->req || !l->err) {
        web_log_close(l);
        return NULL;
    }
    if (!l->req_path)
        setvbuf(stdout, NULL, _IOLBF, 0);
    return l;
}

/* Replaces *f by a fresh stream on path (kept as is when that fails). */
static bool reopen_one(FILE **f, const char *path)
{
    if (!path)
        return true;
    FILE *n = open_log(path);
    if (!n)
        return false;
    fclose(*f);
    *f = n;
    return true;
}

bool web_log_reopen(web_log *l)
{
    pthread_mutex_lock(&l->mu);
    bool a = reopen_one(&l->req, l->req_path);
    bool b = reopen_one(&l->err, l->err_path);
    pthread_mutex_unlock(&l->mu);
    return a && b;
}

void web_log_close(web_log *l)
{
    if (!l)
        return;
    if (l->req && l->req_path)
        fclose(l->req);
    if (l->err && l->err_path)
        fclose(l->err);
    free(l->req_path);
    free(l->err_path);
    pthread_mutex_destroy(&l->mu);
    free(l);
}

/* "2026-12-03T23:59:01.123Z" into out (25 bytes at least). */
static void now_utc(char *out, size_t cap)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char day[24];
    strftime(day, sizeof day, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out, cap, "%s.%03ldZ", day, ts.tv_nsec / 1000000);
}

/* s with every byte outside '!'..'~', and '%', as %XX; at most cap-1 bytes
 * (a path that long is cut, never a line broken). */
static void field(char *out, size_t cap, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p && n + 4 < cap; p++) {
        if (*p > ' ' && *p < 0x7f && *p != '%') {
            out[n++] = (char)*p;
        } else {
            out[n++] = '%';
            out[n++] = hex[*p >> 4];
            out[n++] = hex[*p & 15];
        }
    }
    out[n] = '\0';
    if (!n && cap > 1)
        out[n++] = '-', out[n] = '\0';
}

void web_log_request(web_log *l, const web_exchange *x, const char *method, int status)
{
    if (!l)
        return;
    char when[40], path[1024], user[3 * 64 + 4], meth[32], who[64];
    now_utc(when, sizeof when);
    field(path, sizeof path, x->path);
    field(user, sizeof user, x->req.user ? x->req.user->u.name : "-");
    field(meth, sizeof meth, method);
    field(who, sizeof who, x->remote);
    double ms = (pm_clock_mono() - x->started) * 1000.0;
    pthread_mutex_lock(&l->mu);
    fprintf(l->req, "%s %s %s %s %s %d %.1f\n", when, who, user, meth, path, status, ms);
    pthread_mutex_unlock(&l->mu);
    if (x->resp.note)
        web_log_error(l, "%s %s → %d：%s", meth, path, status, x->resp.note);
}

void web_log_verror(web_log *l, const char *fmt, va_list ap)
{
    char when[40], msg[2048];
    now_utc(when, sizeof when);
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
        msg[--n] = '\0';
    if (!l) {
        fprintf(stderr, "%s planmon: %s\n", when, msg);
        return;
    }
    pthread_mutex_lock(&l->mu);
    fprintf(l->err, "%s planmon: %s\n", when, msg);
    pthread_mutex_unlock(&l->mu);
}

void web_log_error(web_log *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    web_log_verror(l, fmt, ap);
    va_end(ap);
}

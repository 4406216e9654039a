/* libFuzzer target for the web layer: one HTTP request per input, through
 * the same dispatch the server runs (src/web/dispatch.h: route table,
 * limits, authentication, form checks, CSRF, handlers), without a socket.
 *
 * Input: a request as a client writes it, with "\n" or "\r\n" line ends:
 *   METHOD URL[?QUERY]
 *   Header: value          (Cookie headers also become cookies)
 *   <blank line>
 *   body                   (a urlencoded or multipart form when the
 *                           Content-Type says so, else raw)
 * The harness splits it the simple way; libmicrohttpd's own HTTP parsing is
 * not what is tested here (it is fuzzed upstream), what planmon does with
 * the decoded request is. Percent-decoding uses MHD_http_unescape, as the
 * server does.
 *
 * The store: the demo database (`planmon demo`), made once per process in a
 * temporary directory and removed at exit, with one session and one API
 * token per demo role under fixed secrets (kept live: keep_access), so that
 * inputs (and the dictionary, tests/fuzz/web.dict) reach the handlers
 * behind the login:
 *   Cookie: planmon_session=fz-admin   (fz-planner, fz-reviewer, fz-reporter)
 *   Authorization: Bearer fz-api-admin (… -planner, -reviewer, -reporter)
 *   csrf=fzcsrf (form field or X-CSRF-Token header) for every session.
 * Handlers write to it, so later inputs see earlier ones' figures.
 *
 * Speed (docs/fuzzing.md): what made runs slow was the harness, not the
 * server: argon2id at full cost on every login and new user (see the
 * wrapper below), and signing every demo user in again after any POST to
 * /users or /logout, whose commits made the server re-evaluate the whole
 * district for the next input. */
#define _GNU_SOURCE /* memmem */
#include <fcntl.h>
#include <microhttpd.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#include "base/mem.h"
#include "base/secret.h"
#include "store/users.h"
#include "web/app.h"
#include "web/dispatch.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static web_app *app;
static pm_store *own; /* the harness's connection, for the sessions */
static bool trace; /* FUZZ_WEB_TRACE set: each request's status on stderr */
static char dir[64], db[96];

static void cleanup(void)
{
    if (app)
        web_app_free(app);
    app = NULL;
    pm_store_close(own);
    own = NULL;
    char path[128];
    static const char *const tails[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++) {
        snprintf(path, sizeof path, "%s%s", db, tails[i]);
        unlink(path);
    }
    rmdir(dir);
}

static void die(const char *what, const char *msg)
{
    fprintf(stderr, "fuzz_web: %s: %s\n", what, msg ? msg : "");
    exit(1);
}

/* Password hashing at libsodium's lowest limits. Argon2id at the
 * interactive limits costs 64 MiB and about a second under ASan per call:
 * a fuzzer that logs in or adds users spent most of its time there. The
 * hash is not what is tested here (libsodium is), the code around it is,
 * and it runs unchanged: only the limits that the linker's --wrap
 * (FUZZ_LDFLAGS in the Makefile) hands on differ. Hashes made so verify at
 * the same low cost, since the hash string carries its limits. */
int __real_crypto_pwhash_str(char out[crypto_pwhash_STRBYTES], const char *passwd, unsigned long long passwdlen,
                             unsigned long long opslimit, size_t memlimit);
int __wrap_crypto_pwhash_str(char out[crypto_pwhash_STRBYTES], const char *passwd, unsigned long long passwdlen,
                             unsigned long long opslimit, size_t memlimit);
int __wrap_crypto_pwhash_str(char out[crypto_pwhash_STRBYTES], const char *passwd, unsigned long long passwdlen,
                             unsigned long long opslimit, size_t memlimit)
{
    (void)opslimit;
    (void)memlimit;
    return __real_crypto_pwhash_str(out, passwd, passwdlen, crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN);
}

static const char *const demo_names[] = {"admin", "planner", "reviewer", "reporter"};
#define NDEMO (sizeof demo_names / sizeof demo_names[0])
#define DEMO_PASSWORD "fuzz-pass-2025"

/* The demo user `name` as the fuzzer needs it: enabled, with its session
 * (cookie fz-NAME) and API token (fz-api-NAME) live. Only what is missing
 * is written: a write commits, and every commit makes the server rebuild
 * its evaluation snapshot for the next request (the costliest thing an
 * input can cause), so a check that finds all in place must stay a read. */
static void keep_access(pm_store *s, const char *name)
{
    pm_user u;
    pm_err err = {0};
    if (pm_store_user_get(s, name, &u, NULL, &err) != 1)
        die("demo user", name);
    if (u.disabled) {
        pm_user_change c = {.role = -1, .disabled = 0};
        if (!pm_store_user_update(s, name, &c, &err))
            die("enable", err.msg);
    }
    char tok[64], hash[SECRET_HASH_LEN];
    pm_user who;
    snprintf(tok, sizeof tok, "fz-%s", name);
    secret_token_hash(tok, hash);
    int live = pm_store_session_get(s, hash, &who, NULL, &err);
    if (live < 0)
        die("session", err.msg);
    if (live)
        pm_user_clear(&who);
    else if (!pm_store_session_end(s, hash, &err) ||
             !pm_store_session_add(s, u.id, hash, "fzcsrf", 365 * 24 * 3600, &err))
        die("session", err.msg);
    snprintf(tok, sizeof tok, "fz-api-%s", name);
    secret_token_hash(tok, hash);
    live = pm_store_token_get(s, hash, &who, &err);
    if (live < 0)
        die("token", err.msg);
    if (live)
        pm_user_clear(&who);
    else if (!pm_store_token_add(s, u.id, hash, "fuzz", &err))
        die("token", err.msg);
    pm_user_clear(&u);
}

/* Every demo role's access kept (a logout, a disabled user or a revoked
 * token would otherwise shut later inputs out of the pages). */
static void keep_access_all(void)
{
    for (size_t i = 0; i < NDEMO; i++)
        keep_access(own, demo_names[i]);
}

/* The demo users' passwords hashed again here, at the wrapped low cost
 * (`planmon demo` hashed them at the real one): a login with the right
 * password then costs no more than a wrong one. */
static void cheap_passwords(void)
{
    char hash[SECRET_PWHASH_LEN];
    pm_err err = {0};
    if (!secret_hash_password(DEMO_PASSWORD, hash))
        die("hash", "out of memory");
    for (size_t i = 0; i < NDEMO; i++) {
        pm_user_change c = {.role = -1, .disabled = -1, .password_hash = hash};
        if (!pm_store_user_update(own, demo_names[i], &c, &err))
            die("password", err.msg);
    }
}

/* The demo database, made by the planmon binary ($PLANMON, else
 * build/planmon from the repository root where tests/fuzz/run.sh runs):
 * the demo lives in the CLI layer, which the fuzzer does not link. */
static void make_demo(void)
{
    const char *bin = getenv("PLANMON");
    if (!bin || !*bin)
        bin = "build/planmon";
    setenv("PLANMON_DEMO_PASSWORD", DEMO_PASSWORD, 1);
    char *argv[] = {(char *)bin, "demo", "--db", db, NULL};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int status = 0;
    if (posix_spawn(&pid, bin, &fa, NULL, argv, environ) != 0 || waitpid(pid, &status, 0) != pid ||
        !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        die("planmon demo (set PLANMON to the planmon binary)", bin);
    posix_spawn_file_actions_destroy(&fa);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    snprintf(dir, sizeof dir, "%s", "/tmp/planmon-fuzz-web.XXXXXX");
    if (!mkdtemp(dir))
        die("mkdtemp", dir);
    snprintf(db, sizeof db, "%s/demo.db", dir);
    atexit(cleanup);
    trace = getenv("FUZZ_WEB_TRACE") != NULL;
    make_demo();
    pm_err err = {0};
    own = pm_store_open(db, PM_STORE_OPEN, &err);
    if (!own)
        die("open", err.msg);
    cheap_passwords();
    keep_access_all();
    app = web_app_new(db, &err);
    if (!app)
        die("app", err.msg);
    return 0;
}

/* ---- splitting the input ------------------------------------------------------------ */

/* The next line of [*p, end) without its "\n" or "\r\n"; *p moves past it. */
static size_t next_line(const char **p, const char *end, const char **line)
{
    const char *s = *p, *nl = memchr(s, '\n', (size_t)(end - s));
    const char *e = nl ? nl : end;
    *p = nl ? nl + 1 : end;
    *line = s;
    if (e > s && e[-1] == '\r')
        e--;
    return (size_t)(e - s);
}

/* A malloc'd, NUL-terminated, percent-decoded copy of [s, s+n) ('+' as a
 * blank when plus). */
static char *decoded(const char *s, size_t n, bool plus)
{
    char *d = xstrndup(s, n);
    if (plus)
        for (char *q = d; *q; q++)
            if (*q == '+')
                *q = ' ';
    MHD_http_unescape(d);
    return d;
}

/* a=1&b=2 pairs, decoded, to a callback. */
typedef void (*pair_fn)(web_exchange *x, const char *k, const char *v, size_t vlen);
static void pairs(web_exchange *x, const char *s, size_t n, pair_fn fn)
{
    const char *end = s + n;
    while (s < end) {
        const char *amp = memchr(s, '&', (size_t)(end - s));
        const char *e = amp ? amp : end;
        const char *eq = memchr(s, '=', (size_t)(e - s));
        char *k = decoded(s, (size_t)((eq ? eq : e) - s), true);
        char *v = eq ? decoded(eq + 1, (size_t)(e - eq - 1), true) : NULL;
        fn(x, k, v, v ? strlen(v) : 0);
        free(k);
        free(v);
        s = e + (amp ? 1 : 0);
    }
}

static void query_pair(web_exchange *x, const char *k, const char *v, size_t vlen)
{
    web_exchange_value(x, WEB_V_QUERY, k, strlen(k), v, vlen);
}

/* A form field in two pieces, as MHD's post processor may hand it over. */
static void form_pair(web_exchange *x, const char *k, const char *v, size_t vlen)
{
    size_t half = vlen / 2;
    if (web_exchange_field(x, k, NULL, NULL, v ? v : "", 0, half) && vlen > half)
        web_exchange_field(x, k, NULL, NULL, v + half, half, vlen - half);
}

/* name="…" inside a Content-Disposition line: malloc'd, or NULL. */
static char *disposition(const char *line, size_t n, const char *param)
{
    char pat[16];
    snprintf(pat, sizeof pat, "%s=\"", param);
    size_t plen = strlen(pat);
    for (size_t i = 0; i + plen <= n; i++)
        if (!strncasecmp(line + i, pat, plen) && (i == 0 || line[i - 1] == ' ' || line[i - 1] == ';')) {
            const char *v = line + i + plen, *q = memchr(v, '"', n - i - plen);
            return q ? xstrndup(v, (size_t)(q - v)) : NULL;
        }
    return NULL;
}

/* A multipart body split at its boundary; each part's data fed in two pieces. */
static void multipart(web_exchange *x, const char *type, const char *body, size_t n)
{
    const char *b = strstr(type, "boundary=");
    if (!b || !b[9])
        return;
    char delim[128];
    int dl = snprintf(delim, sizeof delim, "--%s", b + 9);
    if (dl <= 2 || (size_t)dl >= sizeof delim)
        return;
    const char *end = body + n, *p = memmem(body, n, delim, (size_t)dl);
    while (p) {
        p += dl;
        const char *next = memmem(p, (size_t)(end - p), delim, (size_t)dl);
        if (!next)
            break;
        char *name = NULL, *file = NULL, *ctype = NULL;
        const char *line;
        size_t len;
        const char *q = p;
        next_line(&q, next, &line); /* the rest of the delimiter line */
        while (q < next && (len = next_line(&q, next, &line)) > 0) {
            if (!strncasecmp(line, "Content-Disposition:", 20)) {
                free(name);
                free(file);
                name = disposition(line, len, "name");
                file = disposition(line, len, "filename");
            } else if (!strncasecmp(line, "Content-Type:", 13)) {
                free(ctype);
                ctype = xstrndup(line + 13 + (len > 13 && line[13] == ' '), len - 13 - (len > 13 && line[13] == ' '));
            }
        }
        size_t dlen = (size_t)(next - q);
        if (dlen >= 2 && next[-2] == '\r')
            dlen -= 2;
        else if (dlen >= 1 && next[-1] == '\n')
            dlen -= 1;
        if (name) {
            size_t half = dlen / 2;
            if (web_exchange_field(x, name, file, ctype, q, 0, half) && dlen > half)
                web_exchange_field(x, name, file, ctype, q + half, half, dlen - half);
        }
        free(name);
        free(file);
        free(ctype);
        p = next;
    }
}

/* Cookie: a=1; b=2 */
static void cookies(web_exchange *x, const char *s, size_t n)
{
    const char *end = s + n;
    while (s < end) {
        while (s < end && (*s == ' ' || *s == ';'))
            s++;
        const char *semi = memchr(s, ';', (size_t)(end - s));
        const char *e = semi ? semi : end;
        const char *eq = memchr(s, '=', (size_t)(e - s));
        if (eq)
            web_exchange_value(x, WEB_V_COOKIE, s, (size_t)(eq - s), eq + 1, (size_t)(e - eq - 1));
        s = e;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data, *end = p + size, *line;
    size_t len = next_line(&p, end, &line);
    const char *sp = memchr(line, ' ', len);
    if (!sp || sp == line)
        return 0;
    char *method = xstrndup(line, (size_t)(sp - line));
    const char *url = sp + 1, *url_end = line + len;
    const char *sp2 = memchr(url, ' ', (size_t)(url_end - url)); /* " HTTP/1.1" */
    if (sp2)
        url_end = sp2;
    const char *qm = memchr(url, '?', (size_t)(url_end - url));
    char *path = decoded(url, (size_t)((qm ? qm : url_end) - url), false);

    web_exchange x;
    web_exchange_init(&x, app, "127.0.0.1", false);
    if (qm)
        pairs(&x, qm + 1, (size_t)(url_end - qm - 1), query_pair);
    while (p < end && (len = next_line(&p, end, &line)) > 0) {
        const char *colon = memchr(line, ':', len);
        if (!colon)
            continue;
        const char *v = colon + 1;
        while (v < line + len && *v == ' ')
            v++;
        web_exchange_value(&x, WEB_V_HEADER, line, (size_t)(colon - line), v, (size_t)(line + len - v));
        if ((size_t)(colon - line) == 6 && !strncasecmp(line, "Cookie", 6))
            cookies(&x, v, (size_t)(line + len - v));
    }
    const char *body = p;
    size_t blen = (size_t)(end - p);
    if (web_exchange_head(&x, method, path)) {
        if (blen && web_exchange_count(&x, blen) && !x.too_large) {
            const char *type = web_header(&x.req, "Content-Type");
            if (!web_exchange_wants_form(&x))
                web_exchange_raw(&x, body, blen);
            else if (!strncasecmp(type, "multipart/", 10))
                multipart(&x, type, body, blen);
            else
                pairs(&x, body, blen, form_pair);
        }
        web_exchange_run(&x);
    }
    if (trace)
        fprintf(stderr, "fuzz_web: %d %s %s\n", x.resp.status ? x.resp.status : 200, method, path);
    /* Every answer has a status, and a body or static data. */
    if (x.resp.status && (x.resp.status < 100 || x.resp.status > 599))
        abort();
    web_exchange_free(&x);
    if (strcmp(method, "GET") && (!strcmp(path, "/logout") || !strncmp(path, "/users", 6)))
        keep_access_all();
    free(path);
    free(method);
    return 0;
}

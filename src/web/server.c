/* The HTTP server on libmicrohttpd: the life of one request, the limits,
 * and starting and stopping `planmon serve`.
 *
 * MHD calls on_request several times per request: once when the headers
 * are in (we route, check limits, identify and admit the user, and answer
 * at once if any of that fails), once per piece of body (parsed by MHD's
 * post processor for urlencoded and multipart forms, kept raw otherwise),
 * and once at the end (UTF-8 and CSRF checks, then the handler). Every
 * response leaves through send_response, which adds the security headers.
 *
 * Limits: bodies to 1 MiB (10 MiB on upload routes) → 413, told by
 * Content-Length before a byte is read, or counted as the body comes;
 * header sizes through MHD's per-connection memory limit; connections
 * capped in all and per client address; deadlines for headers and bodies
 * (guard.h); idle connections dropped.
 *
 * Slow clients (slowloris), and which libmicrohttpd options answer them:
 * - MHD_OPTION_PER_IP_CONNECTION_LIMIT (CONN_PER_IP, 512): one address holds
 *   at most 512 connections. Connections past it are closed at accept,
 *   which a client sees as a read error on a socket it just opened. Not
 *   fewer: a reverse proxy in front (--trusted-proxy, nginx terminating
 *   TLS) brings every user from one address, and so does a load test; at
 *   64 (until issue 17) wrk's 256 connections from one address failed by
 *   the thousand, and behind a proxy the whole site would have been
 *   capped at 64 connections. A browser opens 6; the header deadlines
 *   below, not this limit, are what sheds a slow client's connections.
 * - MHD_OPTION_CONNECTION_LIMIT: as many as the process may open files,
 *   up to CONN_MAX (4096), after raising the soft RLIMIT_NOFILE to the hard
 *   one; 64 descriptors stay for the database, logs and the listening
 *   socket. Filling it takes CONN_MAX / CONN_PER_IP = 8 addresses, and
 *   past half of it the busy deadline sheds idle connections in 2 s.
 * - Absolute deadlines (guard.c, through MHD_OPTION_NOTIFY_CONNECTION):
 *   the request line and headers within HEAD_SECS (10 s) of the
 *   connection's wait for them, HEAD_SECS_BUSY (2 s) while more than half
 *   the connection limit is open, so that a full server sheds the
 *   connections that are not sending requests and keeps room for new
 *   clients; a body within BODY_GRACE_SECS plus one second per
 *   BODY_MIN_RATE bytes received. MHD_OPTION_CONNECTION_TIMEOUT alone
 *   cannot do this: it is an idle timeout that each byte restarts.
 * - MHD_OPTION_CONNECTION_TIMEOUT (CONN_TIMEOUT) stays for what the guard
 *   leaves alone: a client that stops reading its response. */
#include "web/server.h"

#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/mem.h"
#include "base/utf8.h"
#include "store/store.h"
#include "web/app.h"
#include "web/dispatch.h"
#include "web/guard.h"
#include "web/reqlog.h"

#define CONN_MAX 4096          /* connections at once, if the file limit allows */
#define CONN_FD_RESERVE 64     /* descriptors kept for everything but connections */
#define CONN_PER_IP 512        /* from one address (a reverse proxy, an office behind NAT, a benchmark) */
#define CONN_TIMEOUT 30        /* seconds a connection may sit idle */
#define HEAD_SECS 10           /* request line and headers */
#define HEAD_SECS_BUSY 2       /* the same while more than half of the limit is open */
#define BODY_GRACE_SECS 10     /* a body: this long … */
#define BODY_MIN_RATE 4096     /* … plus a second per this many bytes */
#define CONN_MEMORY (64 * 1024) /* per connection: request line and headers must fit */

/* The Content-Security-Policy: nothing inline, nothing from elsewhere. */
static const char CSP[] = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                          "frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

/* What MHD's callbacks share (their cls). */
typedef struct web_server {
    web_app *app;
    web_guard *guard;
    web_log *log;
    bool tls; /* the daemon speaks TLS */
} web_server;

/* One request's state across MHD's calls; freed in on_completed. */
typedef struct web_conn {
    web_exchange x;
    web_server *srv;
    char method[16]; /* as the client sent it, for the request log */
    struct MHD_Connection *conn;
    struct MHD_PostProcessor *pp;
    bool answered;      /* a response has been queued */
    web_guard_conn *gc; /* the connection's deadlines (guard.h) */
} web_conn;

/* Headers, cookies and query parameters, copied into the request. */
static enum MHD_Result take_value(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
                                  const char *value, size_t value_size)
{
    web_value_kind k = kind == MHD_COOKIE_KIND ? WEB_V_COOKIE : kind == MHD_GET_ARGUMENT_KIND ? WEB_V_QUERY : WEB_V_HEADER;
    web_exchange_value(cls, k, key, key_size, value, value_size);
    return MHD_YES;
}

/* MHD's post processor hands fields over in pieces. */
static enum MHD_Result post_field(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                                  const char *content_type, const char *transfer_encoding, const char *data,
                                  uint64_t off, size_t size)
{
    (void)kind;
    (void)transfer_encoding;
    return web_exchange_field(cls, key, filename, content_type, data, off, size) ? MHD_YES : MHD_NO;
}

/* ---- responding ----------------------------------------------------------------------- */

static enum MHD_Result send_response(web_conn *c)
{
    web_resp *w = &c->x.resp;
    struct MHD_Response *resp;
    if (w->data) {
        resp = MHD_create_response_from_buffer(w->len, (void *)w->data, MHD_RESPMEM_PERSISTENT);
    } else {
        size_t len = w->body.len;
        char *body = buf_detach(&w->body); /* MHD frees it with free() */
        resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
        if (!resp)
            free(body);
    }
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, "Content-Type", w->type ? w->type : "text/plain; charset=utf-8");
    MHD_add_response_header(resp, "Cache-Control", w->cache ? w->cache : "no-store");
    MHD_add_response_header(resp, "Content-Security-Policy", CSP);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
    for (size_t i = 0; i < w->nheaders; i++)
        MHD_add_response_header(resp, w->headers[i].key, w->headers[i].val);
    int status = w->status ? w->status : 200;
    enum MHD_Result ok = MHD_queue_response(c->conn, (unsigned)status, resp);
    MHD_destroy_response(resp);
    c->answered = true;
    web_log_request(c->srv->log, &c->x, c->method, status);
    return ok;
}

/* The guard's entry of a connection (set in on_connection). */
static web_guard_conn *conn_guard(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

/* The client's numeric address into out ("" when unknown). */
static void client_address(struct MHD_Connection *conn, char *out, size_t cap)
{
    out[0] = '\0';
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr &&
        getnameinfo(ci->client_addr,
                    ci->client_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in),
                    out, (socklen_t)cap, NULL, 0, NI_NUMERICHOST) != 0)
        out[0] = '\0';
}

/* The request's first call: everything from the request line and headers
 * is copied into the exchange, which decides whether a body follows. */
static enum MHD_Result begin(web_server *srv, web_conn *c, const char *url, const char *method)
{
    char remote[64];
    client_address(c->conn, remote, sizeof remote);
    web_exchange_init(&c->x, srv->app, remote, srv->tls);
    MHD_get_connection_values_n(c->conn, MHD_HEADER_KIND | MHD_COOKIE_KIND | MHD_GET_ARGUMENT_KIND, take_value,
                                &c->x);
    if (!web_exchange_head(&c->x, method, url))
        return send_response(c);
    /* A form's body is decoded by MHD's post processor (NULL for a type
     * it does not know: the body then stays raw). */
    if (web_exchange_wants_form(&c->x))
        c->pp = MHD_create_post_processor(c->conn, 16 * 1024, post_field, &c->x);
    return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)version;
    web_server *srv = cls;
    web_conn *c = *con_cls;
    if (!c) {
        c = xcalloc(1, sizeof *c);
        *con_cls = c;
        c->conn = conn;
        c->srv = srv;
        snprintf(c->method, sizeof c->method, "%s", method);
        c->gc = conn_guard(conn);
        web_guard_headers_done(srv->guard, c->gc);
        return begin(srv, c, url, method);
    }
    if (c->answered) {
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        web_guard_body(srv->guard, c->gc, n);
        if (!web_exchange_count(&c->x, n))
            return MHD_NO;
        if (c->x.too_large)
            return MHD_YES;
        if (c->pp) {
            if (MHD_post_process(c->pp, upload_data, n) != MHD_YES)
                c->x.bad_body = true;
        } else {
            web_exchange_raw(&c->x, upload_data, n);
        }
        return MHD_YES;
    }
    web_guard_request_done(srv->guard, c->gc);
    if (c->pp) {
        if (MHD_destroy_post_processor(c->pp) != MHD_YES)
            c->x.bad_body = true;
        c->pp = NULL;
    }
    web_exchange_run(&c->x);
    return send_response(c);
}

static void conn_free(web_conn *c)
{
    if (c->pp)
        MHD_destroy_post_processor(c->pp);
    web_exchange_free(&c->x);
    free(c);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)toe;
    web_server *srv = cls;
    if (*con_cls)
        conn_free(*con_cls);
    *con_cls = NULL;
    /* Kept alive, the connection now waits for its next request's headers. */
    web_guard_idle(srv->guard, conn_guard(conn));
}

/* A connection opens or closes: its deadlines come and go with it. */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode what)
{
    web_server *srv = cls;
    if (what == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        *socket_context = ci ? web_guard_opened(srv->guard, ci->connect_fd) : NULL;
    } else {
        web_guard_closed(srv->guard, *socket_context);
        *socket_context = NULL;
    }
}

/* The most connections this process can hold: the soft limit on open
 * files is raised to the hard one first (a service manager sets the hard
 * one), then CONN_FD_RESERVE descriptors are kept for the rest. */
static unsigned conn_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return 256;
    if (rl.rlim_cur < rl.rlim_max) {
        rlim_t want = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > 65536 ? 65536 : rl.rlim_max;
        if (want > rl.rlim_cur) {
            struct rlimit up = {want, rl.rlim_max};
            if (setrlimit(RLIMIT_NOFILE, &up) == 0)
                rl.rlim_cur = want;
        }
    }
    if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > CONN_MAX + CONN_FD_RESERVE)
        return CONN_MAX;
    return rl.rlim_cur > 2 * CONN_FD_RESERVE ? (unsigned)(rl.rlim_cur - CONN_FD_RESERVE) : CONN_FD_RESERVE;
}

/* ---- starting and stopping ---------------------------------------------------------------- */

/* Splits "host:port" or "[v6]:port" and resolves it (numeric ports only).
 * False with a message on stderr. */
static bool resolve(const char *listen, struct sockaddr_storage *sa, socklen_t *salen, char *host,
                    size_t hostcap)
{
    const char *colon = strrchr(listen, ':');
    if (!colon || !colon[1]) {
        fprintf(stderr, "planmon: 监听地址“%s”应为 地址:端口，例如 127.0.0.1:8080\n", listen);
        return false;
    }
    size_t hlen = (size_t)(colon - listen);
    const char *h = listen;
    if (hlen >= 2 && h[0] == '[' && h[hlen - 1] == ']') {
        h++;
        hlen -= 2;
    }
    if (hlen == 0 || hlen >= hostcap) {
        fprintf(stderr, "planmon: 监听地址“%s”缺少主机部分，例如 127.0.0.1:8080\n", listen);
        return false;
    }
    memcpy(host, h, hlen);
    host[hlen] = '\0';
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE | AI_NUMERICSERV};
    struct addrinfo *res = NULL;
    int rc = getaddrinfo(host, colon + 1, &hints, &res);
    if (rc != 0 || !res) {
        fprintf(stderr, "planmon: 无法解析监听地址“%s”：%s\n", listen, gai_strerror(rc));
        return false;
    }
    memcpy(sa, res->ai_addr, res->ai_addrlen);
    *salen = res->ai_addrlen;
    freeaddrinfo(res);
    return true;
}

/* libmicrohttpd's own messages go to the error log. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    web_log_verror(cls, fmt, ap);
}

/* A PEM file (certificate or key) read whole: malloc'd, NUL-terminated;
 * NULL with a message on stderr. */
static char *read_pem(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "planmon: 无法打开 %s：%s\n", path, strerror(errno));
        return NULL;
    }
    buf b = BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len < (1u << 20))
        buf_append(&b, chunk, n);
    bool bad = ferror(f) || b.len >= (1u << 20) || !strstr(buf_str(&b), "-----BEGIN ");
    fclose(f);
    if (bad) {
        fprintf(stderr, "planmon: %s 不是 PEM 格式的证书或私钥\n", path);
        buf_free(&b);
        return NULL;
    }
    return buf_detach(&b);
}

int web_serve(const web_config *cfg, FILE *out)
{
    struct sockaddr_storage sa;
    socklen_t salen = 0;
    char host[256];
    const char *listen = cfg->listen ? cfg->listen : "127.0.0.1:8080";
    if (!resolve(listen, &sa, &salen, host, sizeof host))
        return 2;
    if (!cfg->tls_cert != !cfg->tls_key) {
        fprintf(stderr, "planmon: --tls-cert 和 --tls-key 须同时给出\n");
        return 2;
    }
    char *cert = NULL, *key = NULL;
    if (cfg->tls_cert) {
        if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
            fprintf(stderr, "planmon: 本机的 libmicrohttpd 不支持 TLS（HTTPS），请改用反向代理\n");
            return 1;
        }
        if (!(cert = read_pem(cfg->tls_cert)) || !(key = read_pem(cfg->tls_key))) {
            free(cert);
            return 2;
        }
    }
    web_log *log = web_log_open(cfg->request_log, cfg->error_log);
    if (!log) {
        free(cert);
        free(key);
        return 1;
    }
    pm_err err = {0};
    web_app *app = web_app_new(cfg->db, &err);
    if (!app) {
        char *db = pm_store_shown(cfg->db);
        fprintf(stderr, "planmon: 无法打开数据库 %s：%s\n", db, err.msg);
        free(db);
        web_log_close(log);
        free(cert);
        free(key);
        return 1;
    }
    web_app_trust_proxies(app, cfg->trusted_proxies, cfg->ntrusted);
    web_app_warm(app);
    unsigned threads = cfg->threads;
    if (!threads) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        threads = n < 2 ? 2 : n > 16 ? 16 : (unsigned)n;
    }
    /* SIGINT and SIGTERM are blocked before MHD starts its threads (they
     * inherit the mask) and taken here with sigwait: the stop happens on
     * this thread, outside any handler. */
    sigset_t stop, old;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stop, &old);
    signal(SIGPIPE, SIG_IGN);
    unsigned limit = conn_limit();
    web_guard_limits lim = {HEAD_SECS, HEAD_SECS_BUSY, BODY_GRACE_SECS, BODY_MIN_RATE, limit};
    web_server srv = {app, web_guard_start(&lim), log, cert != NULL};
    if (!srv.guard) {
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        fprintf(stderr, "planmon: 无法启动网页服务的连接监视线程\n");
        web_app_free(app);
        web_log_close(log);
        free(cert);
        free(key);
        return 1;
    }
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
    if (sa.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    if (cert)
        flags |= MHD_USE_TLS;
    /* The TLS options are appended only with TLS: MHD refuses them on a
     * plain daemon. */
    struct MHD_OptionItem tls_opts[] = {
        {cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, cert},
        {MHD_OPTION_HTTPS_MEM_KEY, 0, key},
        {MHD_OPTION_END, 0, NULL},
    };
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, &srv,
        /* The logger first: MHD warns on stderr about any option before it. */
        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, log, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT, limit,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)CONN_PER_IP, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)CONN_TIMEOUT, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, &srv, MHD_OPTION_NOTIFY_CONNECTION, on_connection, &srv,
        MHD_OPTION_ARRAY, tls_opts, MHD_OPTION_END);
    if (!d) {
        web_guard_stop(srv.guard);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        fprintf(stderr, "planmon: 无法在 %s 上启动网页服务（端口被占用、没有权限，或证书与私钥无效）\n", listen);
        web_app_free(app);
        web_log_close(log);
        free(cert);
        free(key);
        return 1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info ? info->port : 0;
    bool v6 = strchr(host, ':') != NULL;
    const char *shown = !strcmp(host, "0.0.0.0") || !strcmp(host, "::") ? "本机地址" : host;
    fprintf(out, "planmon 网页服务已启动，请用浏览器打开：%s://%s%s%s:%u/\n", cert ? "https" : "http", v6 ? "[" : "",
            shown, v6 ? "]" : "", port);
    char *db = pm_store_shown(cfg->db);
    fprintf(out, "（数据库 %s；按 Ctrl+C 停止）\n", db);
    free(db);
    fflush(out);
    int sig = 0;
    while (sigwait(&stop, &sig) == 0 && sig == SIGHUP)
        if (!web_log_reopen(log))
            web_log_error(log, "重新打开日志文件失败，继续写入原文件");
    fprintf(out, "正在停止网页服务……\n");
    fflush(out);
    MHD_stop_daemon(d);
    web_guard_stop(srv.guard);
    web_app_free(app);
    web_log_close(log);
    if (key)
        sodium_memzero(key, strlen(key));
    free(cert);
    free(key);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return 0;
}

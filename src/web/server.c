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
 * capped in all and per client address; idle connections dropped. */
#include "web/server.h"

#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/mem.h"
#include "base/utf8.h"
#include "web/app.h"
#include "web/auth.h"

#define CONN_LIMIT 512         /* connections at once */
#define CONN_PER_IP 256        /* from one address (an office behind NAT, a benchmark) */
#define CONN_TIMEOUT 30        /* seconds a connection may sit idle */
#define CONN_MEMORY (64 * 1024) /* per connection: request line and headers must fit */
#define MAX_FIELDS 2000        /* form fields and query parameters */
#define MAX_FILES 16

/* The Content-Security-Policy: nothing inline, nothing from elsewhere. */
static const char CSP[] = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                          "frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

/* One request's state across MHD's calls; freed in on_completed. */
typedef struct web_conn {
    web_req req;
    web_resp resp;
    char *path;       /* owned copy of the decoded path */
    char remote[64];
    struct MHD_PostProcessor *pp;
    size_t cap;       /* body limit of the route */
    size_t received;  /* body bytes seen */
    bool too_large;   /* the body passed cap while coming in */
    bool bad_body;    /* the form could not be parsed, or had too many parts */
    bool answered;    /* a response has been queued */
} web_conn;

/* ---- request accessors (web.h) -------------------------------------------------- */

const char *web_header(const web_req *r, const char *name)
{
    return r->conn ? MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name) : NULL;
}

const char *web_cookie(const web_req *r, const char *name)
{
    return r->conn ? MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name) : NULL;
}

/* ---- collecting parameters -------------------------------------------------------- */

static web_kv *kv_add(web_kv **arr, size_t *n, const char *key, size_t klen)
{
    *arr = xrealloc(*arr, (*n + 1) * sizeof **arr);
    web_kv *kv = &(*arr)[(*n)++];
    kv->key = xstrndup(key, klen);
    kv->val = xstrdup("");
    kv->len = 0;
    return kv;
}

static void kv_append(web_kv *kv, const char *data, size_t size)
{
    if (!size)
        return;
    kv->val = xrealloc(kv->val, kv->len + size + 1);
    memcpy(kv->val + kv->len, data, size);
    kv->len += size;
    kv->val[kv->len] = '\0';
}

static enum MHD_Result query_arg(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
                                 const char *value, size_t value_size)
{
    (void)kind;
    web_conn *c = cls;
    if (c->req.nquery >= MAX_FIELDS) {
        c->bad_body = true;
        return MHD_NO;
    }
    web_kv *kv = kv_add(&c->req.query, &c->req.nquery, key, key_size);
    if (strlen(kv->key) != key_size)
        c->bad_body = true; /* a NUL inside the name */
    if (value)
        kv_append(kv, value, value_size);
    return MHD_YES;
}

/* MHD's post processor hands fields over in pieces (off > 0 continues the
 * field named key). */
static enum MHD_Result post_field(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                                  const char *content_type, const char *transfer_encoding, const char *data,
                                  uint64_t off, size_t size)
{
    (void)kind;
    (void)transfer_encoding;
    web_conn *c = cls;
    web_req *r = &c->req;
    if (filename) {
        bool more = off > 0 && r->nfiles && !strcmp(r->files[r->nfiles - 1].field, key);
        if (!more) {
            if (r->nfiles >= MAX_FILES) {
                c->bad_body = true;
                return MHD_NO;
            }
            r->files = xrealloc(r->files, (r->nfiles + 1) * sizeof *r->files);
            web_file *f = &r->files[r->nfiles++];
            memset(f, 0, sizeof *f);
            f->field = xstrdup(key);
            f->filename = xstrdup(filename);
            f->type = content_type ? xstrdup(content_type) : NULL;
        }
        buf_append(&r->files[r->nfiles - 1].data, data, size);
        return MHD_YES;
    }
    bool more = off > 0 && r->nform && !strcmp(r->form[r->nform - 1].key, key);
    if (!more) {
        if (r->nform >= MAX_FIELDS) {
            c->bad_body = true;
            return MHD_NO;
        }
        kv_add(&r->form, &r->nform, key, strlen(key));
    }
    kv_append(&r->form[r->nform - 1], data, size);
    return MHD_YES;
}

/* Every name and value read as text: valid UTF-8 without NUL bytes. */
static bool text_ok(const web_kv *kv, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(kv[i].val) != kv[i].len || !utf8_valid(kv[i].val, kv[i].len, NULL) ||
            !utf8_valid(kv[i].key, strlen(kv[i].key), NULL))
            return false;
    return true;
}

/* ---- responding ----------------------------------------------------------------------- */

static enum MHD_Result send_response(web_conn *c)
{
    web_resp *w = &c->resp;
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
    enum MHD_Result ok = MHD_queue_response(c->req.conn, (unsigned)(w->status ? w->status : 200), resp);
    MHD_destroy_response(resp);
    c->answered = true;
    return ok;
}

/* Everything that can be decided from the headers. Returns true when the
 * request goes on to its body and handler; false with the answer in
 * c->resp. */
static bool admit(web_conn *c, const char *url, const char *method)
{
    web_req *r = &c->req;
    web_resp *w = &c->resp;
    r->method = !strcmp(method, "HEAD") ? "GET" : method;
    c->path = xstrdup(url);
    r->path = c->path;
    if (!utf8_valid(url, strlen(url), NULL)) {
        web_error(r, w, 400, "bad_request", "请求地址中含有无效的 UTF-8 字符。");
        return false;
    }
    bool known = false;
    char allow[128];
    r->route = web_route_find(r->method, r->path, &known, allow, sizeof allow, r->args, &r->nargs);
    if (!r->route) {
        if (known) {
            web_error(r, w, 405, "method_not_allowed", "该地址不支持这种请求方法。");
            web_add_header(w, "Allow", allow);
        } else {
            web_error(r, w, 404, "not_found", "您要找的页面不存在。");
        }
        return false;
    }
    c->cap = (r->route->flags & WEB_R_UPLOAD) ? WEB_UPLOAD_MAX : WEB_BODY_MAX;
    const char *cl = web_header(r, "Content-Length");
    if (cl) {
        char *end;
        errno = 0;
        unsigned long long n = strtoull(cl, &end, 10);
        if (errno || end == cl || n > c->cap) {
            char msg[128];
            snprintf(msg, sizeof msg, "提交的内容超过了 %zu MB 的上限。", c->cap >> 20);
            web_error(r, w, 413, "payload_too_large", msg);
            return false;
        }
    }
    MHD_get_connection_values_n(r->conn, MHD_GET_ARGUMENT_KIND, query_arg, c);
    if (!(r->route->flags & WEB_R_ANON) && (!web_auth(r, w) || !web_gate(r, w)))
        return false;
    /* No connection is held while the body comes in: a slow upload must not
     * keep one from the pool. */
    web_app_release_store(r);
    if (strcmp(r->method, "GET"))
        c->pp = MHD_create_post_processor(r->conn, 16 * 1024, post_field, c);
    return true;
}

/* The body is in: check it, then run the handler. */
static void run(web_conn *c)
{
    web_req *r = &c->req;
    web_resp *w = &c->resp;
    if (c->pp) {
        if (MHD_destroy_post_processor(c->pp) != MHD_YES)
            c->bad_body = true;
        c->pp = NULL;
    }
    if (c->too_large) {
        char msg[128];
        snprintf(msg, sizeof msg, "提交的内容超过了 %zu MB 的上限。", c->cap >> 20);
        web_error(r, w, 413, "payload_too_large", msg);
        return;
    }
    if (c->bad_body || !text_ok(r->query, r->nquery) || !text_ok(r->form, r->nform)) {
        web_error(r, w, 400, "bad_request", "请求中含有无法识别的内容（表单格式有误、字段过多或含无效的 UTF-8 字符）。");
        return;
    }
    for (int i = 0; i < r->nargs; i++)
        if (!utf8_valid(r->args[i], strlen(r->args[i]), NULL)) {
            web_error(r, w, 400, "bad_request", "请求地址中含有无效的 UTF-8 字符。");
            return;
        }
    if (strcmp(r->method, "GET") && !web_csrf_ok(r)) {
        web_error(r, w, 403, "csrf", "表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试。");
        return;
    }
    r->route->handler(r, w);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)version;
    web_conn *c = *con_cls;
    if (!c) {
        c = xcalloc(1, sizeof *c);
        *con_cls = c;
        c->req.app = cls;
        c->req.conn = conn;
        c->req.remote = c->remote;
        const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        if (ci && ci->client_addr &&
            getnameinfo(ci->client_addr,
                        ci->client_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
                                                               : sizeof(struct sockaddr_in),
                        c->remote, sizeof c->remote, NULL, 0, NI_NUMERICHOST) != 0)
            c->remote[0] = '\0';
        if (!admit(c, url, method)) {
            web_app_release(&c->req);
            return send_response(c);
        }
        return MHD_YES;
    }
    if (c->answered) {
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        c->received += n;
        if (c->received > c->cap) {
            /* Read on, and throw away, to answer 413 at the end; a client
             * that keeps sending far past the limit is cut off. */
            c->too_large = true;
            return c->received > 4 * c->cap ? MHD_NO : MHD_YES;
        }
        if (c->pp) {
            if (MHD_post_process(c->pp, upload_data, n) != MHD_YES)
                c->bad_body = true;
        } else {
            buf_append(&c->req.body, upload_data, n);
        }
        return MHD_YES;
    }
    run(c);
    web_app_release(&c->req);
    return send_response(c);
}

static void conn_free(web_conn *c)
{
    web_req *r = &c->req;
    web_app_release(r);
    web_auth_free(r);
    if (c->pp)
        MHD_destroy_post_processor(c->pp);
    for (int i = 0; i < r->nargs; i++)
        free(r->args[i]);
    for (size_t i = 0; i < r->nquery; i++) {
        free(r->query[i].key);
        free(r->query[i].val);
    }
    free(r->query);
    for (size_t i = 0; i < r->nform; i++) {
        free(r->form[i].key);
        free(r->form[i].val);
    }
    free(r->form);
    for (size_t i = 0; i < r->nfiles; i++) {
        free(r->files[i].field);
        free(r->files[i].filename);
        free(r->files[i].type);
        buf_free(&r->files[i].data);
    }
    free(r->files);
    buf_free(&r->body);
    web_resp *w = &c->resp;
    buf_free(&w->body);
    for (size_t i = 0; i < w->nheaders; i++) {
        free(w->headers[i].key);
        free(w->headers[i].val);
    }
    free(w->headers);
    free(c->path);
    free(c);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)conn;
    (void)toe;
    if (*con_cls)
        conn_free(*con_cls);
    *con_cls = NULL;
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

int web_serve(const web_config *cfg, FILE *out)
{
    struct sockaddr_storage sa;
    socklen_t salen = 0;
    char host[256];
    const char *listen = cfg->listen ? cfg->listen : "127.0.0.1:8080";
    if (!resolve(listen, &sa, &salen, host, sizeof host))
        return 2;
    pm_err err = {0};
    web_app *app = web_app_new(cfg->db, &err);
    if (!app) {
        fprintf(stderr, "planmon: 无法打开数据库 %s：%s\n", cfg->db, err.msg);
        return 1;
    }
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
    pthread_sigmask(SIG_BLOCK, &stop, &old);
    signal(SIGPIPE, SIG_IGN);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
    if (sa.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, app, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONN_LIMIT,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)CONN_PER_IP, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)CONN_TIMEOUT, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, app, MHD_OPTION_END);
    if (!d) {
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        fprintf(stderr, "planmon: 无法在 %s 上启动网页服务（端口被占用，或没有权限）\n", listen);
        web_app_free(app);
        return 1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info ? info->port : 0;
    bool v6 = strchr(host, ':') != NULL;
    const char *shown = !strcmp(host, "0.0.0.0") || !strcmp(host, "::") ? "本机地址" : host;
    fprintf(out, "planmon 网页服务已启动，请用浏览器打开：http://%s%s%s:%u/\n", v6 ? "[" : "", shown, v6 ? "]" : "",
            port);
    fprintf(out, "（数据库 %s；按 Ctrl+C 停止）\n", cfg->db);
    fflush(out);
    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(out, "正在停止网页服务……\n");
    fflush(out);
    MHD_stop_daemon(d);
    web_app_free(app);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return 0;
}

/* The life of one request without a socket (dispatch.h): routing, limits,
 * authentication, the collected parameters and form fields, the body
 * checks and the handler. Nothing here knows libmicrohttpd. */
#include "web/dispatch.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "base/clock.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "store/attach.h"
#include "store/store.h"
#include "web/app.h"
#include "web/auth.h"

#define MAX_FIELDS 2000 /* form fields and query parameters */
#define MAX_FILES 16
#define MAX_HEADERS 200 /* headers and cookies (MHD's memory limit bounds them first) */

size_t web_files_max(void)
{
    size_t two = 2 * pm_attach_max() + ((size_t)1 << 20);
    return two > WEB_UPLOAD_MAX ? two : WEB_UPLOAD_MAX;
}

/* ---- collecting parameters -------------------------------------------------------- */

static web_kv *kv_add(web_kv **arr, size_t *n, const char *key, size_t klen)
{
    *arr = xnrealloc(*arr, *n + 1, sizeof **arr);
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

static void kv_free(web_kv *kv, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(kv[i].key);
        free(kv[i].val);
    }
    free(kv);
}

void web_exchange_init(web_exchange *x, web_app *app, const char *remote, bool tls)
{
    memset(x, 0, sizeof *x);
    x->req.app = app;
    x->req.routes = web_routes(&x->req.nroutes);
    snprintf(x->remote, sizeof x->remote, "%s", remote ? remote : "");
    x->req.remote = x->remote;
    x->req.tls = tls;
    x->started = pm_clock_mono();
}

void web_exchange_value(web_exchange *x, web_value_kind kind, const char *key, size_t key_size,
                        const char *value, size_t value_size)
{
    web_req *r = &x->req;
    web_kv **arr = kind == WEB_V_QUERY ? &r->query : kind == WEB_V_COOKIE ? &r->cookies : &r->headers;
    size_t *n = kind == WEB_V_QUERY ? &r->nquery : kind == WEB_V_COOKIE ? &r->ncookies : &r->nheaders;
    if (*n >= (kind == WEB_V_QUERY ? MAX_FIELDS : MAX_HEADERS)) {
        x->bad_body = true;
        return;
    }
    web_kv *kv = kv_add(arr, n, key ? key : "", key ? key_size : 0);
    if (strlen(kv->key) != key_size)
        x->bad_body = true; /* a NUL inside the name */
    if (value)
        kv_append(kv, value, value_size);
}

bool web_exchange_field(web_exchange *x, const char *key, const char *filename, const char *content_type,
                        const char *data, uint64_t off, size_t size)
{
    if (!key)
        key = "";
    web_req *r = &x->req;
    if (filename) {
        bool more = off > 0 && r->nfiles && !strcmp(r->files[r->nfiles - 1].field, key);
        if (!more) {
            if (r->nfiles >= MAX_FILES) {
                x->bad_body = true;
                return false;
            }
            r->files = xnrealloc(r->files, r->nfiles + 1, sizeof *r->files);
            web_file *f = &r->files[r->nfiles++];
            memset(f, 0, sizeof *f);
            f->field = xstrdup(key);
            f->filename = xstrdup(filename);
            f->type = content_type ? xstrdup(content_type) : NULL;
        }
        buf_append(&r->files[r->nfiles - 1].data, data, size);
        return true;
    }
    bool more = off > 0 && r->nform && !strcmp(r->form[r->nform - 1].key, key);
    if (!more) {
        if (r->nform >= MAX_FIELDS) {
            x->bad_body = true;
            return false;
        }
        kv_add(&r->form, &r->nform, key, strlen(key));
    }
    kv_append(&r->form[r->nform - 1], data, size);
    return true;
}

void web_exchange_raw(web_exchange *x, const char *data, size_t size)
{
    buf_append(&x->req.body, data, size);
}

bool web_exchange_count(web_exchange *x, size_t n)
{
    x->received += n;
    if (x->received <= x->cap)
        return true;
    /* Read on, and throw away, to answer 413 at the end; a client that
     * keeps sending far past the limit is cut off. */
    x->too_large = true;
    return x->received <= 4 * x->cap;
}

bool web_exchange_wants_form(const web_exchange *x)
{
    const char *type = web_header(&x->req, "Content-Type");
    return x->req.method && strcmp(x->req.method, "GET") && type &&
           (!strncasecmp(type, "application/x-www-form-urlencoded", 33) ||
            !strncasecmp(type, "multipart/form-data", 19));
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

/* ---- the request's phases ------------------------------------------------------ */

static void resp_free(web_resp *w)
{
    buf_free(&w->body);
    kv_free(w->headers, w->nheaders);
    free(w->note);
}

/* A request that met a session the database server had just ended (a
 * restart, pg_terminate_backend: signalled, but not yet gone when the pool
 * lent the connection, so pool_take's look could not tell) is answered
 * once more on a new connection instead of with 503: when nothing of it
 * can have been written, i.e. a read, or any request before its handler.
 * A server that is down answers the second try as the first. True when w
 * was emptied for that try (r's connection and snapshot given back). */
static bool try_again(web_req *r, web_resp *w, unsigned long ended_before)
{
    if (r->fresh_store || w->status != 503 || pm_store_ended_count() == ended_before)
        return false;
    web_app_release(r);
    r->fresh_store = true;
    r->unavailable = pm_store_unavailable_count();
    resp_free(w);
    *w = (web_resp){0};
    return true;
}

static bool head(web_exchange *x, const char *method, const char *url)
{
    web_req *r = &x->req;
    web_resp *w = &x->resp;
    r->method = !strcmp(method, "HEAD") ? "GET" : method;
    r->unavailable = pm_store_unavailable_count();
    x->path = xstrdup(url);
    r->path = x->path;
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
    x->cap = (r->route->flags & WEB_R_FILES)    ? web_files_max()
             : (r->route->flags & WEB_R_UPLOAD) ? WEB_UPLOAD_MAX
                                                : WEB_BODY_MAX;
    const char *cl = web_header(r, "Content-Length");
    if (cl) {
        char *end;
        errno = 0;
        unsigned long long n = strtoull(cl, &end, 10);
        if (errno || end == cl || n > x->cap) {
            char msg[128];
            snprintf(msg, sizeof msg, "提交的内容超过了 %zu MB 的上限。", x->cap >> 20);
            web_error(r, w, 413, "payload_too_large", msg);
            return false;
        }
    }
    if (!(r->route->flags & WEB_R_ANON)) {
        unsigned long ended = pm_store_ended_count();
        bool in = web_auth(r, w) && web_gate(r, w);
        /* Nothing is written before the handler runs: any request may ask
         * who it is once more. */
        if (!in && try_again(r, w, ended)) {
            web_auth_free(r);
            in = web_auth(r, w) && web_gate(r, w);
        }
        if (!in)
            return false;
    }
    /* No connection is held while the body comes in: a slow upload must not
     * keep one from the pool. */
    web_app_release_store(r);
    return true;
}

/* A page that answered 200 to ?plan=CODE is the plan the browser looks
 * at from now on (web_plan_key reads the cookie); ?plan= (empty) goes
 * back to the default. Only plain codes are kept: a cookie value is not
 * escaped, and an unknown plan answered 404 before this. */
static void remember_plan(web_req *r, web_resp *w)
{
    const char *q = web_query(r, "plan");
    if (!q || web_is_api(r) || strcmp(r->method, "GET") || (w->status && w->status != 200) || strlen(q) > 40)
        return;
    for (const char *c = q; *c; c++)
        if (!(isalnum((unsigned char)*c) || *c == '-' || *c == '_' || *c == '.'))
            return;
    char cookie[128];
    snprintf(cookie, sizeof cookie, WEB_PLAN_COOKIE "=%s; Path=/; HttpOnly; SameSite=Lax%s%s", q,
             r->secure ? "; Secure" : "", *q ? "" : "; Max-Age=0");
    web_add_header(w, "Set-Cookie", cookie);
}


/* The body is in: check it, then run the handler. */
static void run(web_exchange *x)
{
    web_req *r = &x->req;
    web_resp *w = &x->resp;
    if (x->too_large) {
        char msg[128];
        snprintf(msg, sizeof msg, "提交的内容超过了 %zu MB 的上限。", x->cap >> 20);
        web_error(r, w, 413, "payload_too_large", msg);
        return;
    }
    if (x->bad_body || !text_ok(r->query, r->nquery) || !text_ok(r->form, r->nform)) {
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
    unsigned long ended = pm_store_ended_count();
    r->route->handler(r, w);
    if (!strcmp(r->method, "GET") && try_again(r, w, ended))
        r->route->handler(r, w);
    remember_plan(r, w);
    web_app_debug_headers(r, w);
}


/* Behind a trusted reverse proxy, the client is the proxy's client: its
 * address is the last one X-Forwarded-For names (the one the proxy
 * added), and X-Forwarded-Proto says whether it spoke TLS. From anyone
 * else both headers are ignored: a client could claim anything. */
static void behind_proxy(web_exchange *x)
{
    web_req *r = &x->req;
    r->secure = r->tls;
    if (r->tls || !web_app_proxy_trusted(r->app, x->remote))
        return;
    const char *proto = web_header(r, "X-Forwarded-Proto");
    r->secure = proto && !strcasecmp(proto, "https");
    const char *fwd = web_header(r, "X-Forwarded-For");
    if (fwd) {
        const char *last = strrchr(fwd, ',');
        last = last ? last + 1 : fwd;
        while (*last == ' ')
            last++;
        size_t n = strcspn(last, " ");
        if (n > 0 && n < sizeof x->remote && strspn(last, "0123456789abcdefABCDEF.:") >= n)
            snprintf(x->remote, sizeof x->remote, "%.*s", (int)n, last);
    }
}

/* Every cookie set over TLS carries Secure: a browser then never sends the
 * session over plain HTTP. (Without TLS it cannot: the browser would drop
 * the cookie.) */
static void secure_cookies(web_exchange *x)
{
    web_resp *w = &x->resp;
    if (!x->req.secure)
        return;
    for (size_t i = 0; i < w->nheaders; i++)
        if (!strcasecmp(w->headers[i].key, "Set-Cookie")) {
            size_t n = w->headers[i].len;
            w->headers[i].val = xrealloc(w->headers[i].val, n + sizeof "; Secure");
            memcpy(w->headers[i].val + n, "; Secure", sizeof "; Secure");
            w->headers[i].len = n + sizeof "; Secure" - 1;
        }
}

bool web_exchange_head(web_exchange *x, const char *method, const char *url)
{
    behind_proxy(x);
    if (head(x, method, url))
        return true;
    web_app_release(&x->req);
    secure_cookies(x);
    return false;
}

void web_exchange_run(web_exchange *x)
{
    run(x);
    web_app_release(&x->req);
    secure_cookies(x);
}

void web_exchange_free(web_exchange *x)
{
    web_req *r = &x->req;
    web_app_release(r);
    web_auth_free(r);
    for (int i = 0; i < r->nargs; i++)
        free(r->args[i]);
    kv_free(r->headers, r->nheaders);
    kv_free(r->cookies, r->ncookies);
    kv_free(r->query, r->nquery);
    kv_free(r->form, r->nform);
    for (size_t i = 0; i < r->nfiles; i++) {
        free(r->files[i].field);
        free(r->files[i].filename);
        free(r->files[i].type);
        buf_free(&r->files[i].data);
    }
    free(r->files);
    buf_free(&r->body);
    resp_free(&x->resp);
    free(x->path);
    memset(x, 0, sizeof *x);
}

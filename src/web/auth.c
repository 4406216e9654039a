/* Authentication and permissions: sessions in cookies, bearer tokens for
 * the API, CSRF tokens, rate-limited login and logout, and the one rule
 * of who may do what where (web_can).
 *
 * Secrets: the session cookie holds 256 random bits; the store keeps only
 * their hash, so a copy of the database opens no session. Passwords are
 * checked with argon2id (base/secret.h); a login for a name that does not
 * exist costs the same, so timing does not tell names apart. */
#include "web/auth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/secret.h"
#include "base/text.h"
#include "store/audit.h"
#include "web/app.h"
#include "web/auth_cache.h"

/* Login rate limits: failures within the window, by name and by client
 * address (a slower limit: one office may share an address). */
#define LOGIN_WINDOW (15 * 60)
#define LOGIN_MAX_PER_NAME 5
#define LOGIN_MAX_PER_IP 30

/* ---- identifying the request ------------------------------------------------------ */

/* Wraps a pm_user found in the store into r->user, with its subtree range
 * in the snapshot's tree. Takes over u's strings. */
static void set_user(web_req *r, pm_user *u)
{
    web_user *wu = xcalloc(1, sizeof *wu);
    wu->u = *u;
    memset(u, 0, sizeof *u);
    wu->root = -1;
    wu->end = 0;
    if (wu->u.unit) {
        const web_snap *s = web_snapshot(r);
        int i = web_snap_unit(s, wu->u.unit);
        wu->root = i >= 0 ? i : -2;
        wu->end = i >= 0 ? s->ev.tree.end[i] : 0;
    }
    r->user = wu;
}

void web_auth_free(web_req *r)
{
    if (r->user) {
        pm_user_clear(&r->user->u);
        free(r->user);
        r->user = NULL;
    }
}

static bool api_path(const web_req *r)
{
    return r->path && text_starts(r->path, "/api/");
}

bool web_auth(web_req *r, web_resp *w)
{
    r->csrf[0] = '\0';
    const char *authz = web_header(r, "Authorization");
    bool bearer = authz && api_path(r) && text_starts(authz, "Bearer ");
    const char *cookie = bearer ? NULL : web_cookie(r, WEB_SESSION_COOKIE);
    if (!bearer && (!cookie || !*cookie))
        return true;
    char hash[SECRET_HASH_LEN];
    pm_user u = {0};
    pm_err err = {0};
    int found;
    if (bearer) {
        const char *tok = authz + strlen("Bearer ");
        while (*tok == ' ')
            tok++;
        secret_token_hash(tok, hash);
    } else {
        secret_token_hash(cookie, hash);
    }
    /* The server remembers who a hash belonged to (auth_cache.h): most
     * requests need no store at all. The epoch is read before the store
     * is asked, so that an answer a logout overtakes is not remembered. */
    web_auth_cache *cache = web_app_auth_cache(r);
    unsigned long epoch = web_auth_cache_epoch(cache);
    char kind = bearer ? 't' : 's';
    if (web_auth_cache_get(cache, kind, hash, &u, r->csrf, sizeof r->csrf)) {
        r->bearer = bearer;
        set_user(r, &u);
        return true;
    }
    pm_store *s = web_store(r, w);
    if (!s)
        return false;
    char *csrf = NULL;
    found = bearer ? pm_store_token_get(s, hash, &u, &err) : pm_store_session_get(s, hash, &u, &csrf, &err);
    if (found == 1) {
        if (!bearer)
            snprintf(r->csrf, sizeof r->csrf, "%s", csrf);
        web_auth_cache_put(cache, epoch, kind, hash, &u, csrf);
    }
    free(csrf);
    if (found < 0) {
        web_error(r, w, 500, "store_failed", err.msg);
        return false;
    }
    if (found == 0) {
        if (bearer) {
            web_error(r, w, 401, "unauthorized", "访问令牌无效或已停用");
            web_add_header(w, "WWW-Authenticate", "Bearer");
            return false;
        }
        return true; /* a stale cookie: simply not logged in */
    }
    r->bearer = bearer;
    set_user(r, &u);
    return true;
}

bool web_gate(web_req *r, web_resp *w)
{
    web_perm p = r->route->perm;
    if (web_perm_ok(r->user, p))
        return true;
    if (!r->user) {
        if (web_is_api(r)) {
            web_error(r, w, 401, "unauthorized", "请先登录，或使用访问令牌（Authorization: Bearer …）");
            web_add_header(w, "WWW-Authenticate", "Bearer");
        } else if (!strcmp(r->method, "GET")) {
            buf to = BUF_INIT;
            buf_puts(&to, "/login?next=");
            esc_url_component(&to, r->path);
            web_redirect(w, 302, buf_str(&to));
            buf_free(&to);
        } else {
            web_error(r, w, 401, "unauthorized", "请先登录。");
        }
        return false;
    }
    char msg[256];
    snprintf(msg, sizeof msg, "您的角色（%s）无权访问此功能。", pm_role_label(r->user->u.role));
    web_error(r, w, 403, "forbidden", msg);
    return false;
}

bool web_csrf_ok(const web_req *r)
{
    if (r->bearer)
        return true;
    const char *given = web_form(r, "csrf");
    if (!given)
        given = web_header(r, "X-CSRF-Token");
    if (!given || !*given)
        return false;
    if (r->user && r->csrf[0] && secret_equal(given, r->csrf))
        return true;
    /* The login form, posted before any session exists: the token must
     * match the cookie set with the form (double submit); SameSite=Strict
     * keeps another site from posting with that cookie. */
    if (r->route && r->route->handler == web_login) {
        const char *c = web_cookie(r, WEB_LOGIN_COOKIE);
        return c && *c && secret_equal(given, c);
    }
    return false;
}

/* ---- login and logout ------------------------------------------------------------ */

/* A local path to go to after login: "/…" but not "//…" (another host) or
 * "/\…" (which browsers read as "//"); anything else is "/". */
static const char *safe_next(const char *next)
{
    if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\')
        return "/";
    for (const char *p = next; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            return "/";
    return next;
}

static void session_cookie(web_resp *w, const char *token, int max_age)
{
    /* HttpOnly: no script reads it. SameSite=Strict: no other site's page
     * sends it. Secure is added to every cookie of a request that came
     * over TLS, the server's own or a trusted proxy's (dispatch.c). */
    char c[256];
    snprintf(c, sizeof c, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d", WEB_SESSION_COOKIE, token,
             max_age);
    web_add_header(w, "Set-Cookie", c);
}

void web_login(web_req *r, web_resp *w)
{
    const char *name = web_form(r, "name"), *pw = web_form(r, "password");
    const char *next = safe_next(web_form(r, "next"));
    if (!name || !*name || !pw || !*pw) {
        web_login_render(r, w, 400, "请输入用户名和密码。", name, next);
        return;
    }
    pm_store *s = web_store(r, w);
    if (!s)
        return;
    pm_err err = {0};
    /* Names that cannot exist are counted against the address only. */
    const char *key = pm_user_name_valid(name) ? name : "";
    int by_name = 0, by_ip = 0;
    if (!pm_store_login_failures(s, key, r->remote, LOGIN_WINDOW, &by_name, &by_ip, &err)) {
        web_error(r, w, 500, "store_failed", err.msg);
        return;
    }
    if ((*key && by_name >= LOGIN_MAX_PER_NAME) || by_ip >= LOGIN_MAX_PER_IP) {
        web_login_render(r, w, 429, "登录失败次数过多，请 15 分钟后再试。", name, next);
        web_add_header(w, "Retry-After", "900");
        return;
    }
    pm_user u = {0};
    char *hash = NULL;
    int found = *key ? pm_store_user_get(s, key, &u, &hash, &err) : 0;
    if (found < 0) {
        web_error(r, w, 500, "store_failed", err.msg);
        return;
    }
    bool ok, u_disabled = found == 1 && u.disabled;
    if (found == 1) {
        ok = secret_check_password(hash, pw) && !u.disabled;
    } else {
        secret_check_dummy(pw);
        ok = false;
    }
    free(hash);
    if (!ok) {
        pm_user_clear(&u);
        if (!pm_store_login_failed(s, key, r->remote, &err) ||
            !pm_store_audit_add(s, *key ? key : "?", PM_AUDIT_LOGIN_FAILED, NULL,
                                found == 1 && u_disabled ? "用户已停用" : NULL, r->remote, &err)) {
            web_error(r, w, 500, "store_failed", err.msg);
            return;
        }
        web_login_render(r, w, 401, "用户名或密码错误，或该用户已停用。", name, next);
        return;
    }
    char token[SECRET_TOKEN_LEN], csrf[SECRET_TOKEN_LEN], th[SECRET_HASH_LEN];
    secret_new_token(token);
    secret_new_token(csrf);
    secret_token_hash(token, th);
    ok = pm_store_login_forget(s, key, &err) &&
         pm_store_session_add(s, u.id, th, csrf, WEB_SESSION_TTL, &err) &&
         pm_store_audit_add(s, key, PM_AUDIT_LOGIN, NULL, NULL, r->remote, &err);
    pm_user_clear(&u);
    if (!ok) {
        web_error(r, w, 500, "store_failed", err.msg);
        return;
    }
    session_cookie(w, token, WEB_SESSION_TTL);
    web_add_header(w, "Set-Cookie", WEB_LOGIN_COOKIE "=; Path=/login; HttpOnly; SameSite=Strict; Max-Age=0");
    web_redirect(w, 303, next);
}

void web_logout(web_req *r, web_resp *w)
{
    const char *cookie = web_cookie(r, WEB_SESSION_COOKIE);
    pm_store *s = web_store(r, w);
    if (!s)
        return;
    if (cookie && *cookie) {
        char th[SECRET_HASH_LEN];
        pm_err err = {0};
        secret_token_hash(cookie, th);
        if (!pm_store_session_end(s, th, &err) ||
            (r->user && !pm_store_audit_add(s, r->user->u.name, PM_AUDIT_LOGOUT, NULL, NULL, r->remote, &err))) {
            web_error(r, w, 500, "store_failed", err.msg);
            return;
        }
    }
    session_cookie(w, "", 0);
    web_redirect(w, 303, "/login");
}

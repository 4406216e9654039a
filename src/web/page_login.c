/* GET /login: the login form. Its CSRF token travels in a cookie scoped
 * to /login and in a hidden field; POST /login (auth.c) wants both equal. */
#include <stdio.h>
#include <string.h>

#include "base/secret.h"
#include "web/auth.h"

void web_login_render(web_req *r, web_resp *w, int status, const char *message, const char *name,
                      const char *next)
{
    /* Keep the token of the form the user came from, so that a second try
     * from the same page still matches its cookie. */
    char token[SECRET_TOKEN_LEN];
    const char *have = web_cookie(r, WEB_LOGIN_COOKIE);
    if (have && strlen(have) == SECRET_TOKEN_LEN - 1) {
        snprintf(token, sizeof token, "%s", have);
    } else {
        secret_new_token(token);
        char c[160];
        snprintf(c, sizeof c, "%s=%s; Path=/login; HttpOnly; SameSite=Strict; Max-Age=3600", WEB_LOGIN_COOKIE,
                 token);
        web_add_header(w, "Set-Cookie", c);
    }
    buf_reset(&w->body);
    web_page_begin(r, w, "登录");
    buf *b = &w->body;
    buf_puts(b, "<section class=\"login\"><h1>登录</h1>");
    if (message) {
        buf_puts(b, "<p class=\"msg msg-error\" role=\"alert\">");
        web_text(b, message);
        buf_puts(b, "</p>");
    }
    buf_puts(b, "<form method=\"post\" action=\"/login\" class=\"form\">"
                "<input type=\"hidden\" name=\"csrf\" value=\"");
    web_attr(b, token);
    buf_puts(b, "\"><input type=\"hidden\" name=\"next\" value=\"");
    web_attr(b, next ? next : "/");
    buf_puts(b, "\"><label>用户名<input name=\"name\" autocomplete=\"username\" required maxlength=\"64\" value=\"");
    web_attr(b, name);
    buf_puts(b, "\"></label><label>密码<input name=\"password\" type=\"password\" "
                "autocomplete=\"current-password\" required></label>"
                "<button type=\"submit\">登录</button></form></section>");
    web_page_end(r, w);
    w->status = status;
}

void web_login_form(web_req *r, web_resp *w)
{
    if (r->user) {
        web_redirect(w, 303, "/");
        return;
    }
    web_login_render(r, w, 200, NULL, NULL, web_query(r, "next"));
}

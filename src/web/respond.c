/* Responses: headers, redirects, JSON, errors, and the shared page layout.
 * The security headers every response carries are added in server.c, at
 * the one place responses leave. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/num.h"
#include "base/text.h"
#include "web/web.h"

const char *web_query(const web_req *r, const char *name)
{
    for (size_t i = 0; i < r->nquery; i++)
        if (!strcmp(r->query[i].key, name))
            return r->query[i].val;
    return NULL;
}

const char *web_form(const web_req *r, const char *name)
{
    for (size_t i = 0; i < r->nform; i++)
        if (!strcmp(r->form[i].key, name))
            return r->form[i].val;
    return NULL;
}

bool web_is_api(const web_req *r)
{
    return (r->route && (r->route->flags & WEB_R_API)) || (r->path && text_starts(r->path, "/api/"));
}

int web_unit_param(web_req *r, web_resp *w, const web_snap *s, web_action a)
{
    if (!s->ok) {
        web_error(r, w, 503, "not_ready", s->err.msg);
        return -1;
    }
    const char *code = web_query(r, "unit");
    int unit = code && *code ? web_snap_unit(s, code) : web_home_unit(r->user);
    if (unit < 0 || (size_t)unit >= s->ev.tree.n) {
        web_error(r, w, 404, "unknown_unit", "组织机构不存在。");
        return -1;
    }
    if (!web_can(r->user, a, unit)) {
        web_error(r, w, 403, "forbidden",
                  a == WEB_DO_READ ? "您只能查看本单位及下级单位的数据。" : "您无权对该组织机构执行此操作。");
        return -1;
    }
    return unit;
}

int web_year_param(web_req *r, web_resp *w, const web_snap *s)
{
    const pm_evaluation *ev = &s->ev;
    int year = ev->latest_year ? ev->latest_year : ev->plan.base_year;
    const char *ys = web_query(r, "year");
    if (!ys || !*ys)
        return year;
    long y;
    if (!num_parse_int(ys, ev->plan.base_year, ev->plan.target_year, &y)) {
        char msg[160];
        snprintf(msg, sizeof msg, "年份应在规划期 %d–%d 年内。", ev->plan.base_year, ev->plan.target_year);
        web_error(r, w, 400, "bad_year", msg);
        return -1;
    }
    return (int)y;
}

void web_add_header(web_resp *w, const char *name, const char *value)
{
    w->headers = xnrealloc(w->headers, w->nheaders + 1, sizeof *w->headers);
    web_kv *h = &w->headers[w->nheaders++];
    h->key = xstrdup(name);
    h->val = xstrdup(value);
    h->len = strlen(value);
}

void web_redirect(web_resp *w, int status, const char *location)
{
    w->status = status;
    w->type = "text/plain; charset=utf-8";
    buf_reset(&w->body);
    web_add_header(w, "Location", location);
}

void web_json(web_resp *w, int status, json_t *doc)
{
    w->status = status;
    w->type = "application/json; charset=utf-8";
    buf_reset(&w->body);
    /* Compact, UTF-8 kept; jansson escapes what JSON needs. '/' is escaped
     * too, so that "</script>" in a value cannot close an element if a page
     * ever embeds the document. */
    char *s = json_dumps(doc, WEB_JSON_FLAGS);
    if (s) {
        buf_puts(&w->body, s);
        free(s);
    }
    buf_putc(&w->body, '\n');
    json_decref(doc);
}

/* The title of an error page for a status. */
static const char *error_title(int status)
{
    switch (status) {
    case 400: return "请求有误";
    case 401: return "请先登录";
    case 403: return "没有权限";
    case 404: return "页面不存在";
    case 405: return "不支持的请求方法";
    case 413: return "提交的内容过大";
    case 429: return "请求过于频繁";
    default: return status >= 500 ? "服务器内部错误" : "请求未完成";
    }
}

void web_error(web_req *r, web_resp *w, int status, const char *code, const char *message)
{
    if (status >= 500) {
        /* The server's fault: the error log gets the reason (server.c). */
        free(w->note);
        w->note = xstrdup(message ? message : code);
    }
    if (web_is_api(r)) {
        json_t *e = json_object();
        json_object_set_new(e, "code", json_string(code));
        json_object_set_new(e, "message", esc_json_value(message));
        web_json(w, status, json_pack("{s:o}", "error", e));
        return;
    }
    buf_reset(&w->body);
    web_page_begin(r, w, error_title(status));
    buf_puts(&w->body, "<section class=\"error\"><h1>");
    web_text(&w->body, error_title(status));
    buf_puts(&w->body, "</h1><p>");
    web_text(&w->body, message);
    buf_puts(&w->body, "</p><p>");
    if (r->user)
        buf_puts(&w->body, "<a href=\"/\">返回总览</a>");
    else
        buf_puts(&w->body, "<a href=\"/login\">登录</a>");
    buf_puts(&w->body, "</p></section>");
    web_page_end(r, w);
    w->status = status;
}

void web_csrf_field(const web_req *r, buf *b)
{
    buf_puts(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
    web_attr(b, r->csrf);
    buf_puts(b, "\">");
}

/* ---- layout -------------------------------------------------------------------- */

static void nav(web_req *r, buf *b)
{
    size_t n;
    const web_route *rt = web_routes(&n);
    buf_puts(b, "<nav class=\"main-nav\" aria-label=\"主导航\"><ul>");
    for (size_t i = 0; i < n; i++) {
        if (!rt[i].nav || strcmp(rt[i].method, "GET") || strchr(rt[i].pattern, '*') ||
            !web_perm_ok(r->user, rt[i].perm))
            continue;
        buf_puts(b, "<li><a href=\"");
        web_attr(b, rt[i].pattern);
        buf_puts(b, "\"");
        if (r->path && !strcmp(r->path, rt[i].pattern))
            buf_puts(b, " aria-current=\"page\"");
        buf_puts(b, ">");
        web_text(b, rt[i].nav);
        buf_puts(b, "</a></li>");
    }
    buf_puts(b, "</ul></nav>");
}

static void who(web_req *r, buf *b)
{
    const web_user *u = r->user;
    buf_puts(b, "<div class=\"who\">");
    if (!u) {
        buf_puts(b, "</div>");
        return;
    }
    buf_puts(b, "<span class=\"user\">");
    web_text(b, u->u.display && *u->u.display ? u->u.display : u->u.name);
    buf_puts(b, "</span> <span class=\"role\">");
    web_text(b, pm_role_label(u->u.role));
    if (u->u.unit_name) {
        buf_puts(b, " · ");
        web_text(b, u->u.unit_name);
    }
    buf_puts(b, "</span>");
    if (!r->bearer) {
        buf_puts(b, "<form method=\"post\" action=\"/logout\" class=\"logout\">");
        web_csrf_field(r, b);
        buf_puts(b, "<button type=\"submit\">退出登录</button></form>");
    }
    buf_puts(b, "</div>");
}

void web_page_begin(web_req *r, web_resp *w, const char *title)
{
    const web_snap *s = web_snapshot(r);
    const char *plan = s->ok && s->ev.plan.title ? s->ev.plan.title : "规划监测评估";
    buf *b = &w->body;
    w->type = "text/html; charset=utf-8";
    buf_puts(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    web_text(b, title);
    buf_puts(b, " · ");
    web_text(b, plan);
    buf_puts(b, "</title>\n<link rel=\"stylesheet\" href=\"/static/style.css\">\n"
                "<script src=\"/static/app.js\" defer></script>\n</head>\n<body>\n"
                "<header class=\"top\"><div class=\"brand\"><a href=\"/\">");
    web_text(b, plan);
    buf_puts(b, "</a></div>");
    if (r->user)
        nav(r, b);
    who(r, b);
    buf_puts(b, "</header>\n<main>\n");
}

void web_page_end(web_req *r, web_resp *w)
{
    (void)r;
    buf_puts(&w->body, "\n</main>\n<footer class=\"foot\">planmon 规划监测评估系统</footer>\n</body>\n</html>\n");
}

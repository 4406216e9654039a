/* Answers in the layout (respond.h): error answers and the shared page
 * layout. The plain answers (headers, redirects, JSON) are request.c's;
 * the security headers every response carries are added in server.c, at
 * the one place responses leave. */
#include "web/respond.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "store/store.h"
#include "web/snapshot.h"

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
    case 503: return "服务暂时不可用";
    default: return status >= 500 ? "服务器内部错误" : "请求未完成";
    }
}

/* Whether a server error of r is the database's absence: a store call of
 * this request (its thread) could not reach the database, or its snapshot
 * could not be evaluated for that reason. */
static bool store_unavailable(const web_req *r)
{
    return pm_store_unavailable_count() != r->unavailable || (r->snap && r->snap->unavailable);
}

int web_refuse(int status, const char *code, const char **why, char *msg, size_t cap, const char *text)
{
    *why = code;
    snprintf(msg, cap, "%s", text);
    return status;
}

void web_error(web_req *r, web_resp *w, int status, const char *code, const char *message)
{
    if (status >= 500) {
        /* The server's fault: the error log gets the reason (server.c);
         * copied before the old note goes, in case message is that. */
        char *note = xstrdup(message ? message : code);
        free(w->note);
        w->note = note;
    }
    if (status >= 500 && store_unavailable(r)) {
        /* Whichever handler met it: the same answer, 503 (try again), the
         * store's own message (which connection, the server's reason) for
         * the error log only (the note above). The server rolled back what
         * was not committed. */
        status = 503;
        code = "store_unavailable";
        message = strcmp(r->method ? r->method : "GET", "GET")
                      ? "暂时无法访问数据库（数据库服务器未运行、正在重启或网络中断），本次提交中未完成的修改均未保存，请稍后重试。"
                      : "暂时无法访问数据库（数据库服务器未运行、正在重启或网络中断），请稍后刷新页面。";
        web_add_header(w, "Retry-After", "5");
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
    if (r->frag && b == &r->frag->piece) {
        /* A piece drawn for the cache (web_frag, request.h): each request fills in
         * its own token here. */
        web_frag *f = r->frag;
        f->holes = xgrow(f->holes, &f->cap, f->nholes + 1, sizeof *f->holes);
        f->holes[f->nholes++] = b->len;
        return;
    }
    buf_puts(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
    web_attr(b, r->csrf);
    buf_puts(b, "\">");
}

/* ---- layout -------------------------------------------------------------------- */

static void nav(web_req *r, buf *b)
{
    /* The table comes with the request: routes.c names every handler, and
     * the handlers call this layout. */
    size_t n = r->nroutes;
    const web_route *rt = r->routes;
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

/* Where the plan selector sends the browser: the page it is on when that
 * page is one of the menu's (every plan has it), else the overview (an
 * indicator or unit page of one plan may not exist in another). */
static const char *pick_action(const web_req *r)
{
    for (size_t i = 0; r->path && i < r->nroutes; i++)
        if (r->routes[i].nav && !strcmp(r->routes[i].method, "GET") && !strcmp(r->path, r->routes[i].pattern))
            return r->path;
    return "/";
}

/* The plan selector, when the database holds more than one plan: a GET
 * form, so switching works without script and lands on ?plan=CODE, which
 * the answer remembers in the plan cookie (dispatch.c). A labelled select
 * and a button: picking an option does not itself leave the page (WCAG
 * 3.2.2, on input). */
static void plan_picker(const web_req *r, const web_snap *s, buf *b)
{
    if (s->nplans < 2)
        return;
    const char *shown = s->ok ? s->ev.plan.code : NULL;
    buf_puts(b, "<form class=\"plan-pick\" method=\"get\" action=\"");
    web_attr(b, pick_action(r));
    buf_puts(b, "\"><label for=\"plan-pick\">规划</label> <select id=\"plan-pick\" name=\"plan\">");
    for (size_t i = 0; i < s->nplans; i++) {
        const pm_plan_info *p = &s->plans[i];
        buf_puts(b, "<option value=\"");
        web_attr(b, p->code);
        buf_puts(b, "\"");
        if (shown && !strcmp(shown, p->code))
            buf_puts(b, " selected");
        buf_puts(b, ">");
        web_text(b, p->title);
        buf_printf(b, "（%d—%d年）", p->base_year + 1, p->target_year);
        if (p->is_default)
            buf_puts(b, " · 当前规划");
        buf_puts(b, "</option>");
    }
    buf_puts(b, "</select> <button type=\"submit\">切换</button></form>");
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
                "<a class=\"skip\" href=\"#main\">跳到正文</a>\n"
                "<header class=\"top\"><div class=\"brand\"><a href=\"/\">");
    web_text(b, plan);
    buf_puts(b, "</a></div>");
    if (r->user) {
        nav(r, b);
        plan_picker(r, s, b);
    }
    who(r, b);
    buf_puts(b, "</header>\n<main id=\"main\" tabindex=\"-1\">\n");
}

void web_page_end(web_req *r, web_resp *w)
{
    (void)r;
    buf_puts(&w->body, "\n</main>\n<footer class=\"foot\">planmon 规划监测评估系统</footer>\n</body>\n</html>\n");
}

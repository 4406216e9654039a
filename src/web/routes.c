/* THE route table: every URL the server answers, with its method, the
 * permission checked before the handler runs, and the handler. Pages and
 * API resources are added here and nowhere else; the navigation bar and
 * the API description test read this table too.
 *
 * Matching is by path segments: a literal segment matches itself, "*"
 * any one segment (captured), "**" at the end the rest of the path
 * (captured, may hold slashes). The first row that matches path and
 * method wins; a path that matches only with other methods is a 405 with
 * an Allow header. */
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "web/web.h"

static const web_route routes[] = {
    /* method  pattern           permission   handler            flags  nav */
    {"GET", "/", WEB_LOGIN, web_overview, 0, "总览"},
    {"GET", "/leader", WEB_LOGIN, web_leader_page, 0, "一页纸"},
    {"GET", "/login", WEB_PUBLIC, web_login_form, 0, NULL},
    {"POST", "/login", WEB_PUBLIC, web_login, 0, NULL},
    {"POST", "/logout", WEB_LOGIN, web_logout, 0, NULL},
    {"GET", "/users", WEB_ADMIN, web_users_page, 0, "用户管理"},
    {"POST", "/users", WEB_ADMIN, web_users_create, 0, NULL},
    {"POST", "/users/state", WEB_ADMIN, web_users_state, 0, NULL},
    {"POST", "/users/tokens/revoke", WEB_ADMIN, web_token_revoke, 0, NULL},
    {"GET", "/audit", WEB_ADMIN, web_audit_page, 0, "审计日志"},
    {"GET", "/indicator/*", WEB_LOGIN, web_indicator_page, 0, NULL},
    {"GET", "/unit/*", WEB_LOGIN, web_unit_page, 0, NULL},
    {"GET", "/entry", WEB_ENTER, web_entry_page, 0, "数据填报"},
    {"POST", "/entry", WEB_ENTER, web_entry_post, 0, NULL},
    {"GET", "/entry/template.xlsx", WEB_ENTER, web_entry_template, 0, NULL},
    {"POST", "/entry/upload", WEB_ENTER, web_entry_upload, WEB_R_UPLOAD, NULL},
    {"GET", "/review", WEB_REVIEW, web_review_page, 0, "审核"},
    {"POST", "/review", WEB_REVIEW, web_review_post, 0, NULL},
    {"GET", "/history", WEB_LOGIN, web_history_page, 0, "修改历史"},
    {"GET", "/entry/print", WEB_LOGIN, web_entry_print, 0, NULL},
    {"POST", "/entry/attach", WEB_ENTER, web_entry_attach, WEB_R_FILES, NULL},
    {"GET", "/attachments/*", WEB_LOGIN, web_attachment_get, 0, NULL},
    {"GET", "/rounds", WEB_LOGIN, web_rounds_page, 0, "填报任务"},
    {"GET", "/rounds/*", WEB_LOGIN, web_round_page, 0, NULL},
    {"GET", "/rounds/*/overdue.xlsx", WEB_LOGIN, web_round_overdue_xlsx, 0, NULL},
    {"POST", "/rounds/*/remind", WEB_LOGIN, web_round_remind, 0, NULL},
    {"GET", "/plans", WEB_LOGIN, web_plans_page, 0, "规划"},
    {"GET", "/judgments", WEB_LOGIN, web_judgments_page, 0, "人工评价"},
    {"POST", "/judgments", WEB_PLAN, web_judgments_post, 0, NULL},
    {"GET", "/tasks", WEB_LOGIN, web_tasks_page, 0, "重点任务"},
    {"GET", "/tasks/new", WEB_LOGIN, web_task_new_form, 0, NULL},
    {"POST", "/tasks/new", WEB_LOGIN, web_task_new_post, 0, NULL},
    {"GET", "/tasks/*", WEB_LOGIN, web_task_page, 0, NULL},
    {"GET", "/tasks/*/edit", WEB_LOGIN, web_task_edit_form, 0, NULL},
    {"POST", "/tasks/*/edit", WEB_LOGIN, web_task_edit_post, 0, NULL},
    {"POST", "/tasks/*/updates", WEB_LOGIN, web_task_update_post, WEB_R_FILES, NULL},
    {"POST", "/tasks/*/updates/*/review", WEB_LOGIN, web_task_review_post, 0, NULL},
    {"GET", "/depts", WEB_LOGIN, web_depts_page, 0, "责任单位"},
    {"GET", "/depts/*", WEB_LOGIN, web_dept_page, 0, NULL},
    {"GET", "/narratives", WEB_LOGIN, web_narratives_page, 0, "评估意见"},
    {"POST", "/narratives", WEB_LOGIN, web_narratives_post, 0, NULL},
    {"GET", "/static/**", WEB_PUBLIC, web_static, WEB_R_ANON, NULL},
    /* The JSON API (docs/api.md, docs/openapi.json: checked against this table). */
    {"GET", "/api/v1/me", WEB_LOGIN, web_api_me, WEB_R_API, NULL},
    {"GET", "/api/v1/plan", WEB_LOGIN, web_api_plan, WEB_R_API, NULL},
    {"GET", "/api/v1/indicators", WEB_LOGIN, web_api_indicators, WEB_R_API, NULL},
    {"GET", "/api/v1/indicators/*", WEB_LOGIN, web_api_indicator, WEB_R_API, NULL},
    {"GET", "/api/v1/units", WEB_LOGIN, web_api_units, WEB_R_API, NULL},
    {"GET", "/api/v1/values", WEB_LOGIN, web_api_values_get, WEB_R_API, NULL},
    {"POST", "/api/v1/values", WEB_ENTER, web_api_values_put, WEB_R_API, NULL},
    {"PUT", "/api/v1/values", WEB_ENTER, web_api_values_put, WEB_R_API, NULL},
    {"POST", "/api/v1/values/submit", WEB_ENTER, web_api_submit, WEB_R_API, NULL},
    {"POST", "/api/v1/values/approve", WEB_REVIEW, web_api_approve, WEB_R_API, NULL},
    {"POST", "/api/v1/values/return", WEB_REVIEW, web_api_return, WEB_R_API, NULL},
    {"GET", "/api/v1/status", WEB_LOGIN, web_api_status, WEB_R_API, NULL},
    {"GET", "/api/v1/history", WEB_LOGIN, web_api_history, WEB_R_API, NULL},
    {"GET", "/api/v1/rounds/*", WEB_LOGIN, web_api_round, WEB_R_API, NULL},
    {"GET", "/api/v1/plans", WEB_LOGIN, web_api_plans, WEB_R_API, NULL},
    {"GET", "/api/v1/judgments", WEB_LOGIN, web_api_judgments_get, WEB_R_API, NULL},
    {"POST", "/api/v1/judgments", WEB_PLAN, web_api_judgments_post, WEB_R_API, NULL},
    {"GET", "/api/v1/tasks", WEB_LOGIN, web_api_tasks, WEB_R_API, NULL},
    {"GET", "/api/v1/tasks/*", WEB_LOGIN, web_api_task, WEB_R_API, NULL},
    {"PUT", "/api/v1/tasks/*", WEB_LOGIN, web_api_task_put, WEB_R_API, NULL},
    {"POST", "/api/v1/tasks/*/updates", WEB_LOGIN, web_api_task_update, WEB_R_API, NULL},
    {"POST", "/api/v1/tasks/*/updates/*/review", WEB_LOGIN, web_api_task_review, WEB_R_API, NULL},
    {"POST", "/api/v1/tasks/*/updates/*/attachments", WEB_LOGIN, web_api_task_attach, WEB_R_API | WEB_R_FILES, NULL},
    {"GET", "/api/v1/depts", WEB_LOGIN, web_api_depts, WEB_R_API, NULL},
    {"GET", "/api/v1/depts/*", WEB_LOGIN, web_api_dept, WEB_R_API, NULL},
    {"GET", "/api/v1/narratives", WEB_LOGIN, web_api_narratives, WEB_R_API, NULL},
    {"POST", "/api/v1/narratives", WEB_LOGIN, web_api_narrative_put, WEB_R_API, NULL},
};
#define NROUTES (sizeof routes / sizeof routes[0])

const web_route *web_routes(size_t *n)
{
    *n = NROUTES;
    return routes;
}

/* Matches path against pattern; on success the captures are malloc'd
 * copies in args (the caller frees them), *nargs their count. */
static bool match(const char *pattern, const char *path, char **args, int *nargs)
{
    int n = 0;
    const char *p = pattern, *s = path;
    bool ok = false;
    for (;;) {
        if (*p != '/' || *s != '/')
            break;
        p++, s++;
        const char *pe = strchr(p, '/'), *se = strchr(s, '/');
        size_t plen = pe ? (size_t)(pe - p) : strlen(p), slen = se ? (size_t)(se - s) : strlen(s);
        if (plen == 2 && !strncmp(p, "**", 2) && !pe) {
            if (n < 4)
                args[n++] = xstrdup(s);
            ok = true;
            break;
        }
        if (plen == 1 && *p == '*') {
            if (slen == 0 || n >= 4)
                break;
            args[n++] = xstrndup(s, slen);
        } else if (plen != slen || strncmp(p, s, plen)) {
            break;
        }
        p += plen, s += slen;
        if (!*p && !*s) {
            ok = true;
            break;
        }
    }
    if (!ok) {
        for (int i = 0; i < n; i++)
            free(args[i]);
        n = 0;
    }
    *nargs = n;
    return ok;
}

const web_route *web_route_find(const char *method, const char *path, bool *path_known, char *allow,
                                size_t allow_cap, char **args, int *nargs)
{
    *path_known = false;
    *nargs = 0;
    if (allow_cap)
        allow[0] = '\0';
    size_t used = 0;
    const web_route *found = NULL;
    for (size_t i = 0; i < NROUTES; i++) {
        char *tmp[4];
        int ntmp;
        if (!match(routes[i].pattern, path, tmp, &ntmp))
            continue;
        *path_known = true;
        if (!found && !strcmp(routes[i].method, method)) {
            found = &routes[i];
            memcpy(args, tmp, sizeof tmp);
            *nargs = ntmp;
            continue;
        }
        for (int k = 0; k < ntmp; k++)
            free(tmp[k]);
        /* "GET, HEAD, POST": every method the path answers. */
        const char *m = routes[i].method;
        bool get = !strcmp(m, "GET");
        if (used < allow_cap && !strstr(allow, m))
            used += (size_t)snprintf(allow + used, allow_cap - used, "%s%s%s", used ? ", " : "", m,
                                     get ? ", HEAD" : "");
    }
    if (found) {
        if (allow_cap)
            allow[0] = '\0';
        return found;
    }
    return NULL;
}

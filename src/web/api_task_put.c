/* PUT /api/v1/tasks/{code}: adds task or project {code} or replaces it
 * whole, from a body in the shape GET /api/v1/tasks/{code} answers (its
 * read-only members — judgment, updates, history … — are ignored): type,
 * title, section, lead, co_list (else co), indicator_list (else
 * indicators), deadline, and for a project invest_planned, invest_spent,
 * start, finish and milestones [{due, what, met, met_on}]. The checks, the
 * access rule and the write are the web form's (task_edit.h). Answers 201
 * (added) or 200 (replaced, or nothing changed) with the task as GET
 * answers it; 422 {"error":{"code":"invalid","message","field"}} naming
 * the field at fault, nothing written; 403 before the body is read for
 * who may not edit it; 400 for a body that is not such an object. */
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "parse/work_in.h"
#include "web/api.h"
#include "web/task_edit.h"

/* Member key as a malloc'd string: a string, a number written out, NULL
 * when absent or null; *bad when of another type. */
static char *member(const json_t *o, const char *key, bool *bad)
{
    const json_t *v = json_object_get(o, key);
    char tmp[64];
    if (!v || json_is_null(v))
        return NULL;
    if (json_is_string(v))
        return xstrdup(json_string_value(v));
    if (json_is_number(v)) {
        snprintf(tmp, sizeof tmp, "%.17g", json_number_value(v));
        return xstrdup(tmp);
    }
    *bad = true;
    return NULL;
}

/* A list of names: list_key an array of strings (or of objects with a
 * "code"), else text_key one string of names separated by 、 (GET's "co"
 * and "indicators"). */
static char **names(const json_t *o, const char *list_key, const char *text_key, size_t *n, bool *bad)
{
    const json_t *a = json_object_get(o, list_key);
    *n = 0;
    if (!a || json_is_null(a)) {
        a = json_object_get(o, text_key);
        if (!a || json_is_null(a))
            return NULL;
        if (json_is_string(a))
            return pm_split_names(json_string_value(a), n);
    }
    if (!json_is_array(a)) {
        *bad = true;
        return NULL;
    }
    char **v = xcalloc(json_array_size(a) + 1, sizeof *v);
    size_t i;
    const json_t *e;
    json_array_foreach(a, i, e)
    {
        const json_t *c = json_is_object(e) ? json_object_get(e, "code") : e;
        if (!json_is_string(c)) {
            *bad = true;
            continue;
        }
        v[(*n)++] = xstrdup(json_string_value(c));
    }
    return v;
}

/* The body as a web_task_in; false when it is not of the right shape. */
static bool read_body(const json_t *body, web_task_in *in)
{
    memset(in, 0, sizeof *in);
    bool bad = !json_is_object(body);
    if (bad)
        return false;
    in->type = member(body, "type", &bad);
    in->title = member(body, "title", &bad);
    in->section = member(body, "section", &bad);
    in->lead = member(body, "lead", &bad);
    in->deadline = member(body, "deadline", &bad);
    in->invest_planned = member(body, "invest_planned", &bad);
    in->invest_spent = member(body, "invest_spent", &bad);
    in->start = member(body, "start", &bad);
    in->finish = member(body, "finish", &bad);
    in->co = names(body, "co_list", "co", &in->nco, &bad);
    in->indicators = names(body, "indicator_list", "indicators", &in->nind, &bad);
    const json_t *ms = json_object_get(body, "milestones");
    if (ms && !json_is_null(ms) && !json_is_array(ms))
        bad = true;
    size_t i;
    const json_t *m;
    json_array_foreach(ms, i, m)
    {
        const json_t *met = json_object_get(m, "met");
        if (!json_is_object(m) || (met && !json_is_boolean(met) && !json_is_null(met))) {
            bad = true;
            continue;
        }
        char *due = member(m, "due", &bad), *what = member(m, "what", &bad), *on = member(m, "met_on", &bad);
        web_task_in_add_ms(in, due, what, json_is_true(met), on);
        free(due);
        free(what);
        free(on);
    }
    return !bad;
}

void web_api_task_put(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    web_tasks t;
    if (!web_tasks_load(r, w, s, &t))
        return;
    const char *code = r->args[0];
    const pm_task *old = web_task_find(&t, code);
    json_t *body = NULL;
    web_task_in in;
    memset(&in, 0, sizeof in);
    if (web_task_edit_right_of(r->user, old) == WEB_TASK_EDIT_NONE) {
        /* Refused before the body is read; nothing about the task leaks. */
        web_task_verdict v;
        web_task_save(r, s, &t, old, code, &in, &v);
        web_error(r, w, v.status, v.why, v.msg);
    } else if ((body = api_body(r, w)) && !read_body(body, &in)) {
        web_error(r, w, 400, "bad_request",
                  "请求体应为对象，形如 GET /api/v1/tasks/{code} 的回答：title、lead 为文本，co_list、indicator_list、"
                  "milestones 为数组。");
    } else if (body) {
        web_task_verdict v;
        int status = web_task_save(r, s, &t, old, code, &in, &v);
        if (status == 422 || status == 409) {
            json_t *e = json_pack("{s:s,s:s,s:s}", "code", v.why, "message", v.msg, "field", v.field);
            web_json(w, status, json_pack("{s:o}", "error", e));
        } else if (status && status != 200) {
            web_error(r, w, status, v.why, v.msg);
        } else {
            const pm_task *k;
            web_tasks_free(&t);
            if (web_tasks_load(r, w, s, &t) && (k = web_task_find(&t, code))) {
                json_t *doc = web_task_doc(r, w, s, &t, k);
                if (doc) {
                    json_object_set_new(doc, "message", json_string(v.msg));
                    web_json(w, v.created ? 201 : 200, doc);
                }
            }
        }
    }
    web_task_in_free(&in);
    json_decref(body);
    web_tasks_free(&t);
}

/* GET /api/v1/narratives: the narratives (评估意见) of a year the caller
 * may read (?year= ?section= ?scope= ?ref= ?kind=), each with what it is
 * about and whether the caller may edit it, and their history of changes.
 * POST /api/v1/narratives: writes one ({scope, target, kind, text,
 * accept}) under the access rule of narr_req.h; a planner's accept marks
 * it 已采纳, the text the report uses. The same model as planmon narrative
 * list / history --format json (render/doc/work_out.h). */
#include <stdio.h>

#include "web/api.h"
#include "web/narr_req.h"

void web_api_narratives(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    web_narrs x;
    web_narr_filter f;
    if (!web_narrs_load(r, w, s, &x))
        return;
    if (web_narr_filter_read(r, w, s, &x, &f))
        web_json(w, 200, web_narrs_doc(r, s, &x, &f));
    web_narrs_free(&x);
}

/* The body's members into in (borrowed from body): false with 400 in w
 * naming the first member of the wrong type. */
static bool narr_in_read(web_req *r, web_resp *w, const json_t *body, web_narr_in *in)
{
    if (!json_is_object(body)) {
        web_error(r, w, 400, "bad_request", "请求体应为对象：{\"scope\", \"target\", \"kind\", \"text\", \"accept\"}。");
        return false;
    }
    static const char *const key[] = {"scope", "target", "kind", "text"};
    const char **field[] = {&in->scope, &in->target, &in->kind, &in->text};
    char msg[80];
    for (size_t i = 0; i < sizeof key / sizeof key[0]; i++) {
        const json_t *v = json_object_get(body, key[i]);
        if (v && !json_is_null(v) && !json_is_string(v)) {
            snprintf(msg, sizeof msg, "%s 应为字符串。", key[i]);
            web_error(r, w, 400, "bad_request", msg);
            return false;
        }
        *field[i] = json_string_value(v);
    }
    const json_t *acc = json_object_get(body, "accept");
    if (acc && !json_is_null(acc) && !json_is_boolean(acc)) {
        web_error(r, w, 400, "bad_request", "accept 应为 true 或 false。");
        return false;
    }
    in->accept = json_is_true(acc);
    return true;
}

void web_api_narrative_put(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    web_narrs x;
    if (!web_narrs_load(r, w, s, &x))
        return;
    json_t *body = api_body(r, w);
    web_narr_in in;
    if (body && narr_in_read(r, w, body, &in)) {
        char msg[600];
        const char *why;
        web_narr_filter saved;
        int status = web_narr_record(r, s, &x, &in, &saved, msg, sizeof msg, &why);
        if (status) {
            web_error(r, w, status, why, msg);
        } else {
            /* The narrative as it now stands, with its history. */
            json_t *doc = web_narrs_doc(r, s, &x, &saved);
            json_object_set_new(doc, "message", json_string(msg));
            web_json(w, 200, doc);
        }
    }
    json_decref(body);
    web_narrs_free(&x);
}

/* GET /api/v1/narratives: the narratives (评估意见) of a year the caller
 * may read (?year= ?section= ?scope= ?ref= ?kind=), each with what it is
 * about and whether the caller may edit it, and their history of changes.
 * POST /api/v1/narratives: writes one ({scope, target, kind, text,
 * accept}) under the access rule of narr_req.h; a planner's accept marks
 * it 已采纳, the text the report uses. The same model as planmon narrative
 * list / history --format json (render/doc/work_out.h). */
#include <string.h>

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

void web_api_narrative_put(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    web_narrs x;
    if (!web_narrs_load(r, w, s, &x))
        return;
    json_t *body = api_body(r, w);
    if (body) {
        bool bad = !json_is_object(body);
        for (const char *const *key = (const char *const[]){"scope", "target", "kind", "text", NULL}; *key; key++) {
            json_t *v = json_object_get(body, *key);
            bad = bad || (v && !json_is_null(v) && !json_is_string(v));
        }
        json_t *acc = json_object_get(body, "accept");
        bad = bad || (acc && !json_is_null(acc) && !json_is_boolean(acc));
        char msg[600];
        const char *why;
        web_narr_in in = {json_string_value(json_object_get(body, "scope")),
                          json_string_value(json_object_get(body, "target")),
                          json_string_value(json_object_get(body, "kind")),
                          json_string_value(json_object_get(body, "text")), json_is_true(acc)};
        int status = bad ? 400 : web_narr_record(r, s, &x, &in, msg, sizeof msg, &why);
        if (bad) {
            web_error(r, w, 400, "bad_request",
                      "请求体应为对象：{\"scope\", \"target\", \"kind\", \"text\", \"accept\"}。");
        } else if (status) {
            web_error(r, w, status, why, msg);
        } else {
            /* The narrative as it now stands, read back with the rest. */
            web_narrs_free(&x);
            web_narr_filter f = {-1, NULL, -1};
            if (web_narrs_load(r, w, s, &x)) {
                pm_narr_scope sc;
                pm_narr_kind k;
                pm_narr_scope_parse(in.scope, &sc);
                pm_narr_kind_parse(in.kind, &k);
                f = (web_narr_filter){(int)sc, web_narr_target(s, &x, sc, in.target), (int)k};
                json_t *doc = web_narrs_doc(r, s, &x, &f);
                json_object_set_new(doc, "message", json_string(msg));
                web_json(w, 200, doc);
            }
        }
    }
    json_decref(body);
    web_narrs_free(&x);
}

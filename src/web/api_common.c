/* Shared pieces of the JSON API (api.h): body, parameters, errors. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "base/num.h"
#include "store/store.h"
#include "web/api.h"

const web_snap *api_snap(web_req *r, web_resp *w)
{
    const web_snap *s = web_snapshot(r);
    if (!s->ok) {
        web_error(r, w, s->no_plan ? 404 : 503, s->no_plan ? "unknown_plan" : "not_ready", s->err.msg);
        return NULL;
    }
    return s;
}

/* "application/json", any case, alone or followed by parameters
 * ("; charset=utf-8"). */
static bool is_json_type(const char *ct)
{
    static const char want[] = "application/json";
    if (!ct)
        return false;
    while (*ct == ' ')
        ct++;
    size_t n = sizeof want - 1;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)ct[i]) != want[i])
            return false;
    return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}

json_t *api_body(web_req *r, web_resp *w)
{
    if (!is_json_type(web_header(r, "Content-Type"))) {
        web_error(r, w, 415, "unsupported_media_type",
                  "请求内容应为 JSON（Content-Type: application/json; charset=utf-8）。");
        return NULL;
    }
    if (r->body.len == 0) {
        web_error(r, w, 400, "bad_json", "请求内容为空，应为 JSON。");
        return NULL;
    }
    /* jansson refuses invalid UTF-8, NUL bytes (no JSON_ALLOW_NUL) and
     * duplicate keys, and bounds the nesting depth. */
    json_error_t je;
    json_t *doc = json_loadb(r->body.p, r->body.len, JSON_REJECT_DUPLICATES, &je);
    if (!doc) {
        char msg[200];
        snprintf(msg, sizeof msg, "请求内容不是有效的 JSON（第 %d 行第 %d 列附近有误；须为 UTF-8 编码）。", je.line,
                 je.column);
        web_error(r, w, 400, "bad_json", msg);
    }
    return doc;
}

int api_year_opt(web_req *r, web_resp *w, const web_snap *s)
{
    const char *ys = web_query(r, "year");
    if (!ys || !*ys)
        return 0;
    return web_year_param(r, w, s);
}

const char *api_item_element(web_req *r, web_resp *w, const web_snap *s, const char *item, bool *failed)
{
    *failed = false;
    if (!item || !*item)
        return NULL;
    const pm_plan *p = &s->ev.plan;
    int e = pm_plan_element(p, item);
    if (e >= 0)
        return p->elem[e].code;
    const pm_indicator *ind = pm_plan_find(p, item);
    char msg[320];
    if (!ind) {
        snprintf(msg, sizeof msg, "数据项“%.60s”不存在（请用数据项代码，或直接填报指标的序号、代码）。", item);
    } else if (ind->formula) {
        snprintf(msg, sizeof msg, "指标 %d（%.60s）由数据项计算，请按其数据项查询。", ind->no, ind->name);
    } else if ((e = pm_plan_element(p, ind->code)) >= 0) {
        return p->elem[e].code;
    } else {
        snprintf(msg, sizeof msg, "指标 %d 没有可填报的数据项。", ind->no);
    }
    web_error(r, w, 404, "unknown_item", msg);
    *failed = true;
    return NULL;
}

long api_count_param(web_req *r, web_resp *w, const char *name, long dflt, long max)
{
    const char *v = web_query(r, name);
    if (!v || !*v)
        return dflt;
    long n;
    if (!num_parse_int(v, 1, max, &n)) {
        char msg[160];
        snprintf(msg, sizeof msg, "参数 %.20s 应为 1–%ld 之间的整数。", name, max);
        web_error(r, w, 400, "bad_param", msg);
        return -1;
    }
    return n;
}

const char *api_member_text(const json_t *o, const char *key, char *tmp, size_t cap, bool *bad)
{
    const json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return NULL;
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v)) {
        snprintf(tmp, cap, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return tmp;
    }
    *bad = true;
    return NULL;
}

void api_put_state(json_t *o, int state)
{
    json_object_set_new(o, "state", state < 0 ? json_null() : json_string(pm_vstate_str((pm_vstate)state)));
    json_object_set_new(o, "state_label", state < 0 ? json_null() : json_string(pm_vstate_label((pm_vstate)state)));
}

json_t *api_element_json(const pm_element *e)
{
    json_t *o = json_object();
    json_object_set_new(o, "code", esc_json_value(e->code));
    json_object_set_new(o, "name", esc_json_value(e->name));
    json_object_set_new(o, "unit", esc_json_value(e->unit));
    json_object_set_new(o, "kind", json_string(pm_kind_str(e->kind)));
    json_object_set_new(o, "aggregation", json_string(pm_agg_str(e->agg)));
    json_object_set_new(o, "level", e->level < 0 ? json_null() : json_integer(e->level));
    json_object_set_new(o, "level_name", e->level < 0 ? json_null() : json_string(pm_level_name(e->level)));
    return o;
}

bool api_listing_params(web_req *r, web_resp *w, api_listing *l)
{
    memset(l, 0, sizeof *l);
    const web_snap *s = api_snap(r, w);
    if (!s)
        return false;
    int unit = web_unit_param(r, w, s, WEB_DO_READ);
    if (unit < 0)
        return false;
    int year = api_year_opt(r, w, s);
    if (year < 0)
        return false;
    bool failed;
    const char *elem = api_item_element(r, w, s, web_query(r, "item"), &failed);
    if (failed)
        return false;
    long limit = api_count_param(r, w, "limit", API_LIST_DEFAULT, API_LIST_MAX);
    if (limit < 0)
        return false;
    pm_store *st = web_store(r, w);
    if (!st)
        return false;
    l->snap = s;
    l->filter = (pm_filter){.unit = s->ev.tree.u[unit].code, .element = elem, .year = year};
    l->limit = (size_t)limit;
    l->store = st;
    return true;
}

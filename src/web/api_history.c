/* GET /api/v1/history?unit=CODE&item=X&year=Y&limit=N: who changed which
 * figure, when, from what to what and why, oldest first — the rows of
 * `planmon history --format json` — within the caller's subtree (the
 * unit's whole subtree: a town's history includes its villages'). */
#include <math.h>

#include "out/json.h"
#include "web/api.h"

typedef struct collect {
    json_t *rows;
    size_t max;
    bool truncated;
} collect;

static json_t *state_json(int st)
{
    return st < 0 ? json_null() : json_string(pm_vstate_str((pm_vstate)st));
}

static json_t *label_json(int st)
{
    return st < 0 ? json_null() : json_string(pm_vstate_label((pm_vstate)st));
}

static bool on_row(void *ctx, const pm_history_row *h)
{
    collect *c = ctx;
    if (json_array_size(c->rows) >= c->max) {
        c->truncated = true;
        return false;
    }
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(h->id));
    json_object_set_new(o, "at", esc_json_value(h->at));
    json_object_set_new(o, "who", esc_json_value(h->who));
    json_object_set_new(o, "unit", esc_json_value(h->unit));
    json_object_set_new(o, "item", esc_json_value(h->element));
    json_object_set_new(o, "year", json_integer(h->year));
    json_object_set_new(o, "old_value", out_json_num(h->old_value));
    json_object_set_new(o, "new_value", out_json_num(h->new_value));
    json_object_set_new(o, "old_state", state_json(h->old_state));
    json_object_set_new(o, "new_state", state_json(h->new_state));
    json_object_set_new(o, "old_state_label", label_json(h->old_state));
    json_object_set_new(o, "new_state_label", label_json(h->new_state));
    json_object_set_new(o, "why", h->why ? esc_json_value(h->why) : json_null());
    json_object_set_new(o, "comment", h->comment ? esc_json_value(h->comment) : json_null());
    json_array_append_new(c->rows, o);
    return true;
}

void web_api_history(web_req *r, web_resp *w)
{
    const web_snap *s = api_snap(r, w);
    if (!s)
        return;
    int unit = web_unit_param(r, w, s, WEB_DO_READ);
    if (unit < 0)
        return;
    int year = api_year_opt(r, w, s);
    if (year < 0)
        return;
    bool failed;
    const char *elem = api_item_element(r, w, s, web_query(r, "item"), &failed);
    if (failed)
        return;
    long limit = api_count_param(r, w, "limit", API_LIST_DEFAULT, API_LIST_MAX);
    if (limit < 0)
        return;
    pm_store *st = web_store(r, w);
    if (!st)
        return;
    collect c = {json_array(), (size_t)limit, false};
    pm_filter f = {.unit = s->ev.tree.u[unit].code, .element = elem, .year = year};
    pm_err err = {0};
    if (!pm_store_history(st, &f, on_row, &c, &err)) {
        json_decref(c.rows);
        web_error(r, w, 500, "store_failed", err.msg);
        return;
    }
    web_json(w, 200, json_pack("{s:o,s:b,s:o}", "unit", esc_json_value(s->ev.tree.u[unit].code), "truncated",
                               c.truncated, "history", c.rows));
}

/* GET /api/v1/history?unit=CODE&item=X&year=Y&limit=N: who changed which
 * figure, when, from what to what and why, oldest first — the rows of
 * `planmon history --format json` — within the caller's subtree (the
 * unit's whole subtree: a town's history includes its villages'). */
#include <math.h>

#include "render/write/json.h"
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
    api_listing l;
    if (!api_listing_params(r, w, &l))
        return;
    collect c = {json_array(), l.limit, false};
    pm_err err = {0};
    if (!pm_store_history(l.store, &l.filter, on_row, &c, &err)) {
        json_decref(c.rows);
        web_error(r, w, 500, "store_failed", err.msg);
        return;
    }
    web_json(w, 200, json_pack("{s:o,s:b,s:o}", "unit", esc_json_value(l.filter.unit), "truncated",
                               c.truncated, "history", c.rows));
}

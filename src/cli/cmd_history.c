/* planmon history [--db F] [--unit U] [--item CODE] [--year Y] [--format table|csv|json]
 * Who changed which figure, when, from what to what, and why; oldest first. */
#include <jansson.h>
#include <math.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "render/write/json.h"
#include "render/write/listing.h"

static json_t *state_json(int st) { return st < 0 ? json_null() : json_string(pm_vstate_str((pm_vstate)st)); }

static bool on_row(void *ctx, const pm_history_row *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "at", json_string(r->at));
    json_object_set_new(o, "who", json_string(r->who));
    json_object_set_new(o, "unit", json_string(r->unit));
    json_object_set_new(o, "item", json_string(r->element));
    json_object_set_new(o, "year", json_integer(r->year));
    json_object_set_new(o, "old_value", isnan(r->old_value) ? json_null() : json_real(r->old_value));
    json_object_set_new(o, "new_value", isnan(r->new_value) ? json_null() : json_real(r->new_value));
    json_object_set_new(o, "old_state", state_json(r->old_state));
    json_object_set_new(o, "new_state", state_json(r->new_state));
    json_object_set_new(o, "old_state_label",
                        r->old_state < 0 ? json_null() : json_string(pm_vstate_label((pm_vstate)r->old_state)));
    json_object_set_new(o, "new_state_label",
                        r->new_state < 0 ? json_null() : json_string(pm_vstate_label((pm_vstate)r->new_state)));
    json_object_set_new(o, "why", out_json_str(r->why));
    json_object_set_new(o, "comment", out_json_str(r->comment));
    json_array_append_new(ctx, o);
    return true;
}

int cmd_history(cli_opts o)
{
    static const out_column cols[] = {
        {"at", "时间"}, {"who", "操作人"},   {"unit", "单位"},        {"item", "数据项"},
        {"year", "年份"},      {"old_value", "原值"}, {"new_value", "新值"}, {"old_state_label", "原状态"},
        {"new_state_label", "新状态"}, {"why", "原因"},  {"comment", "说明"},
    };
    int code;
    pm_err err;
    pm_store *s = cli_open(o.db, PM_STORE_READ, &err, &code);
    if (!s)
        return code;
    pm_filter f = {.unit = o.unit, .element = o.item, .year = o.year};
    json_t *rows = json_array();
    if (pm_store_history(s, &f, on_row, rows, &err))
        out_listing_print(stdout, rows, cols, sizeof cols / sizeof cols[0], o.format);
    else
        code = cli_bad_input(&err);
    json_decref(rows);
    pm_store_close(s);
    return code;
}

/* The status document of one unit and year (web.h), built as `planmon
 * status` builds it (src/cli/cmd_status.c), so that the page, the API and
 * the command line show the same judgments. */
#include <math.h>
#include <string.h>

#include "out/status_out.h"
#include "web/web.h"

static json_t *completeness(const pm_engine *e, int u, int year)
{
    size_t y = (size_t)(year - e->year0), n = e->nunits;
    json_t *c = json_object();
    json_object_set_new(c, "items_expected", json_integer(e->expected[u]));
    json_object_set_new(c, "items_reported", json_integer(e->filled[y * n + (size_t)u]));
    json_object_set_new(c, "children", json_integer(e->kids[u]));
    json_object_set_new(c, "children_reported", json_integer(e->kids_reported[y * n + (size_t)u]));
    return c;
}

json_t *web_status_doc(const pm_evaluation *ev, int u, int year, bool sdg)
{
    const pm_unit *unit = &ev->tree.u[u];
    json_t *doc = json_object();
    json_object_set_new(doc, "unit", esc_json_value(unit->code));
    json_object_set_new(doc, "unit_name", esc_json_value(unit->name));
    json_object_set_new(doc, "unit_level", json_integer(unit->level));
    json_object_set_new(doc, "year", json_integer(year));
    json_object_set_new(doc, "method", json_string(sdg ? "sdg" : "pace"));
    json_t *arr = json_array();
    for (size_t i = 0; i < ev->plan.nind; i++) {
        const pm_indicator *ind = &ev->plan.ind[i];
        const pm_unit_target *t = pm_evaluation_target(ev, (int)i, u);
        pm_goalpost g = pm_engine_goalpost(&ev->engine, (int)i, u, t ? &t->baseline : NULL, t ? &t->target : NULL);
        double v = pm_engine_value(&ev->engine, (int)i, u, year);
        double root = pm_engine_value(&ev->engine, (int)i, 0, year);
        double share = (u != 0 && !ind->rate && !isnan(v) && root > 0) ? v / root : NAN;
        pm_pace_out po;
        pm_engine_pace(&ev->engine, (int)i, u, year, &g, &PM_PACE_DEFAULT, &po);
        json_t *row;
        if (sdg) {
            pm_sdg_out so;
            int y0;
            pm_engine_sdg(&ev->engine, (int)i, u, year, &g, &so, &y0);
            row = out_status_sdg(ind, &so, po.year, po.value, g.judged, share);
        } else {
            row = out_status_pace(ind, &po, g.judged, share);
        }
        if (t)
            out_status_goalposts(row, t->baseline, t->target);
        json_array_append_new(arr, row);
    }
    json_object_set_new(doc, "indicators", arr);
    json_object_set_new(doc, "completeness", completeness(&ev->engine, u, year));
    return doc;
}

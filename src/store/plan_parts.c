/* 其中 parts of an indicator, kept by every backend as one JSON array per
 * indicator (plan_parts.h). */
#include "store/plan_parts.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>

#include "base/mem.h"

/* A malloc'd JSON array of x's parts, or NULL when it has none. */
char *pm_parts_json(const pm_indicator *x)
{
    if (!x->nparts)
        return NULL;
    json_t *arr = json_array();
    for (size_t k = 0; k < x->nparts; k++) {
        const pm_part *pt = &x->parts[k];
        json_t *o = json_object();
        json_object_set_new(o, "name", json_string(pt->name ? pt->name : ""));
        json_object_set_new(o, "unit", json_string(pt->unit ? pt->unit : ""));
        json_object_set_new(o, "baseline", isnan(pt->baseline) ? json_null() : json_real(pt->baseline));
        json_object_set_new(o, "target", isnan(pt->target) ? json_null() : json_real(pt->target));
        json_object_set_new(o, "target_op", json_string(pm_target_op_str(pt->target_op)));
        json_array_append_new(arr, o);
    }
    char *text = json_dumps(arr, JSON_COMPACT);
    json_decref(arr);
    return text;
}

static double part_num(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

/* Fills x's parts from what sq_parts_json wrote (NULL or unreadable: none). */
void pm_parts_read(pm_indicator *x, const char *text)
{
    json_t *arr = text ? json_loads(text, 0, NULL) : NULL;
    size_t n = json_is_array(arr) ? json_array_size(arr) : 0;
    x->parts = n ? xcalloc(n, sizeof *x->parts) : NULL;
    for (size_t k = 0; k < n; k++) {
        json_t *o = json_array_get(arr, k);
        pm_part *pt = &x->parts[x->nparts++];
        const char *name = json_string_value(json_object_get(o, "name"));
        const char *unit = json_string_value(json_object_get(o, "unit"));
        pt->name = xstrdup(name ? name : "");
        pt->unit = xstrdup(unit ? unit : "");
        pt->baseline = part_num(o, "baseline");
        pt->target = part_num(o, "target");
        const char *op = json_string_value(json_object_get(o, "target_op"));
        if (!op || !pm_target_op_parse(op, &pt->target_op))
            pt->target_op = PM_OP_EQ;
    }
    json_decref(arr);
}

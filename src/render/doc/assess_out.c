#include "render/doc/assess_out.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/num.h"
#include "base/text.h"
#include "render/write/csvw.h"
#include "render/write/json.h"

typedef enum { T_STR, T_INT, T_NUM, T_BOOL } col_type;

typedef struct col_spec {
    const char *name;
    col_type type;
} col_spec;

static const col_spec pace_cols[] = {
    {"base_year", T_INT}, {"base", T_NUM}, {"target_year", T_INT}, {"target", T_NUM},
    {"polarity", T_INT}, {"cumulative", T_BOOL}, {"binding", T_BOOL}, {NULL, T_STR},
};
static const col_spec sdg_cols[] = {
    {"base_year", T_INT}, {"base", T_NUM}, {"year", T_INT}, {"value", T_NUM}, {"target", T_NUM},
    {"target_year", T_INT}, {"direction", T_INT}, {"limit", T_NUM}, {NULL, T_STR},
};
static const char *const pace_outputs[] = {"year", "value", "gap_share", "pace", "status", "projected",
                                           "projected_met", "required_yearly_change", "alert", "maintain",
                                           "outlook", NULL};
static const char *const sdg_outputs[] = {"progress", "status", "score", NULL};

static bool is_output(const char *name, pm_method m)
{
    for (const char *const *o = m == PM_METHOD_PACE ? pace_outputs : sdg_outputs; *o; o++)
        if (!strcmp(*o, name))
            return true;
    return false;
}

static col_type type_of(const char *name, pm_method m)
{
    for (const col_spec *c = m == PM_METHOD_PACE ? pace_cols : sdg_cols; c->name; c++)
        if (!strcmp(c->name, name))
            return c->type;
    return T_STR;
}

json_t *out_assess_inputs(const pm_csv *t, size_t r, pm_method m)
{
    json_t *o = json_object();
    for (size_t c = 0; c < t->ncols; c++) {
        const char *name = t->head[c], *s = pm_csv_get(t, r, (int)c);
        if (is_output(name, m) || json_object_get(o, name))
            continue;
        json_t *v = NULL;
        double d;
        bool b;
        if (!*s)
            v = json_null();
        else if (type_of(name, m) == T_BOOL && pm_bool_parse(s, false, &b))
            v = json_boolean(b);
        else if (type_of(name, m) != T_STR && num_parse_cstr(s, &d))
            v = type_of(name, m) == T_INT && d == floor(d) ? json_integer((json_int_t)d) : json_real(d);
        else
            v = json_string(s);
        json_object_set_new(o, name, v);
    }
    return o;
}

void out_assess_pace(json_t *row, const pm_pace_out *o)
{
    json_object_set_new(row, "year", o->year ? json_integer(o->year) : json_null());
    json_object_set_new(row, "value", isnan(o->value) ? json_null() : json_real(o->value));
    json_object_set_new(row, "gap_share", isnan(o->gap_share) ? json_null() : json_real(o->gap_share));
    json_object_set_new(row, "pace", isnan(o->pace) ? json_null() : json_real(o->pace));
    json_object_set_new(row, "status", json_string(pm_status_key(o->status)));
    json_object_set_new(row, "projected", isnan(o->projected) ? json_null() : json_real(o->projected));
    json_object_set_new(row, "projected_met",
                        o->projected_met < 0 ? json_null() : json_boolean(o->projected_met));
    json_object_set_new(row, "required_yearly_change",
                        isnan(o->required) ? json_null() : json_real(o->required));
    json_object_set_new(row, "alert", json_boolean(o->alert));
    json_object_set_new(row, "maintain", json_boolean(o->maintain));
    const char *outlook = pm_outlook_key(o->outlook);
    json_object_set_new(row, "outlook", outlook ? json_string(outlook) : json_null());
}

void out_assess_sdg(json_t *row, const pm_sdg_out *o)
{
    json_object_set_new(row, "progress", isnan(o->progress) ? json_null() : json_real(o->progress));
    json_object_set_new(row, "status", json_string(pm_sdg_status_key(o->status)));
    json_object_set_new(row, "score", isnan(o->score) ? json_null() : json_real(o->score));
}

/* A JSON scalar as a CSV field: null → "", %.17g reals. */
static void scalar_text(const json_t *v, char *out, size_t n, const char **s)
{
    *s = out;
    out[0] = '\0';
    if (json_is_string(v)) {
        *s = json_string_value(v);
    } else if (json_is_integer(v)) {
        snprintf(out, n, "%lld", (long long)json_integer_value(v));
    } else if (json_is_real(v)) {
        char tmp[32];
        num_fmt17(json_real_value(v), tmp);
        snprintf(out, n, "%s", tmp);
    } else if (json_is_boolean(v)) {
        snprintf(out, n, "%s", json_is_true(v) ? "true" : "false");
    }
}

/* CSV: the input cells exactly as given (no re-formatting of the user's
 * numbers), then the method's outputs. */
static void print_csv(FILE *f, const pm_csv *t, const json_t *rows, pm_method m)
{
    const char *const *outs = m == PM_METHOD_PACE ? pace_outputs : sdg_outputs;
    size_t nouts = 0;
    while (outs[nouts])
        nouts++;
    size_t cap = t->ncols + nouts;
    const char **fields = xcalloc(cap, sizeof *fields);
    char(*bufs)[40] = xcalloc(nouts, sizeof *bufs);
    size_t n = 0;
    for (size_t c = 0; c < t->ncols; c++)
        if (!is_output(t->head[c], m))
            fields[n++] = t->head[c];
    for (size_t k = 0; k < nouts; k++)
        fields[n++] = outs[k];
    out_csv_row(f, fields, n);
    for (size_t r = 0; r < t->nrows && r < json_array_size(rows); r++) {
        const json_t *row = json_array_get(rows, r);
        n = 0;
        for (size_t c = 0; c < t->ncols; c++)
            if (!is_output(t->head[c], m))
                fields[n++] = pm_csv_get(t, r, (int)c);
        for (size_t k = 0; k < nouts; k++)
            scalar_text(json_object_get(row, outs[k]), bufs[k], sizeof bufs[k], &fields[n++]);
        out_csv_row(f, fields, n);
    }
    free(fields);
    free(bufs);
}

void out_assess_print(FILE *f, const pm_csv *t, const json_t *rows, pm_method m, out_format fmt)
{
    if (fmt == OUT_JSON)
        out_json_print(f, rows, true);
    else
        print_csv(f, t, rows, m);
}

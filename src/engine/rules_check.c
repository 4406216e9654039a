#include "engine/rules_check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/num.h"
#include "base/u64map.h"

/* One side of a rule for a unit and year: the batch's figure (row set)
 * or the stored one. */
typedef struct side {
    bool present;  /* a figure to compare (NaN and failed rows are not) */
    bool in_batch; /* the figure comes from this import */
    bool failed;   /* the batch names it, but the row failed: say nothing more */
    bool changed;  /* the batch brings a figure the store does not hold as it is */
    size_t row;
    double value;
} side;

static side find_side(const u64map *batch, const pm_rows_resolved *rr, const pm_known *known, int elem, int unit,
                      int year)
{
    side s = {0};
    size_t r;
    if (u64map_get(batch, pm_key(elem, unit, year), &r)) {
        s.in_batch = true;
        s.row = r;
        if (isnan(rr->value[r])) {
            s.failed = true;
            return s;
        }
        s.value = rr->value[r];
        s.present = true;
        long k = known ? pm_known_find(known, elem, unit, year) : -1;
        s.changed = !(k >= 0 && num_same15(known->value[k], s.value));
        return s;
    }
    long k = known ? pm_known_find(known, elem, unit, year) : -1;
    if (k >= 0 && !isnan(known->value[k])) {
        s.value = known->value[k];
        s.present = true;
    }
    return s;
}

/* "“已集中供养的特困对象”（25）" with "，已填报" for a stored figure. */
/* "“已集中供养的特困对象”（25）", with "，库中已有" for a stored figure. */
static void describe(buf *b, const pm_element *e, const side *s)
{
    char v[32];
    num_fmt_short(s->value, v);
    buf_printf(b, "“%s”（%s%s）", e->name, v, s->in_batch ? "" : "，库中已有");
}

static void check_one(const pm_plan *plan, const pm_rule *rule, int le, int re, const side *l, const side *r,
                      const pm_import_row *rows, pm_rule_issue_fn add, void *ctx)
{
    /* Both figures stored as they are: judged when they came in, and a
     * re-sent export must not ask again. */
    if (!l->present || !r->present || (!l->changed && !r->changed) || pm_rule_holds(rule->op, l->value, r->value))
        return;
    buf b = {0};
    describe(&b, &plan->elem[le], l);
    buf_puts(&b, pm_rule_op_words(rule->op));
    describe(&b, &plan->elem[re], r);
    if (rule->message)
        buf_printf(&b, "：%s", rule->message);
    if (!rule->error)
        buf_puts(&b, "，请核实后在说明列注明原因");
    size_t row = l->in_batch ? l->row : r->row;
    add(ctx, rule->error, row, rows[row].comment[0] != '\0', buf_str(&b));
    buf_free(&b);
}

void pm_check_rules(const pm_plan *plan, const pm_known *known, const pm_import_row *rows, const pm_rows_resolved *rr,
                    pm_rule_issue_fn add, void *ctx)
{
    if (!plan->nrules)
        return;
    /* Which elements any rule names, and each such figure of the batch. */
    bool *named = xcalloc(plan->nelem + 1, sizeof *named);
    int *lidx = xmalloc(plan->nrules * sizeof *lidx), *ridx = xmalloc(plan->nrules * sizeof *ridx);
    for (size_t i = 0; i < plan->nrules; i++) {
        lidx[i] = pm_plan_element(plan, plan->rules[i].left);
        ridx[i] = pm_plan_element(plan, plan->rules[i].right);
        if (lidx[i] >= 0 && ridx[i] >= 0)
            named[lidx[i]] = named[ridx[i]] = true;
    }
    /* Sized for the rows it will hold, counted first: grown from a few
     * slots, the map was made anew some twenty times over a big file. */
    size_t nnamed = 0;
    for (size_t r = 0; r < rr->n; r++)
        nnamed += rr->elem[r] >= 0 && rr->unit[r] >= 0 && rr->year[r] && named[rr->elem[r]];
    u64map batch;
    u64map_init(&batch, nnamed ? nnamed : 1);
    for (size_t r = 0; r < rr->n; r++)
        if (rr->elem[r] >= 0 && rr->unit[r] >= 0 && rr->year[r] && named[rr->elem[r]])
            u64map_put(&batch, pm_key(rr->elem[r], rr->unit[r], rr->year[r]), r); /* a duplicate is an error already */
    for (size_t r = 0; r < rr->n; r++) {
        int e = rr->elem[r], u = rr->unit[r], y = rr->year[r];
        if (e < 0 || u < 0 || !y || !named[e] || isnan(rr->value[r]))
            continue;
        for (size_t i = 0; i < plan->nrules; i++) {
            if (lidx[i] < 0 || ridx[i] < 0 || (e != lidx[i] && e != ridx[i]))
                continue;
            side l = find_side(&batch, rr, known, lidx[i], u, y);
            side rs = find_side(&batch, rr, known, ridx[i], u, y);
            /* A pair with both figures in the batch is judged once, from its left row. */
            if (l.failed || rs.failed || (e != lidx[i] && l.in_batch))
                continue;
            check_one(plan, &plan->rules[i], lidx[i], ridx[i], &l, &rs, rows, add, ctx);
        }
    }
    u64map_free(&batch);
    free(named);
    free(lidx);
    free(ridx);
}

void pm_check_rules_stored(const pm_plan *plan, pm_rule_value_fn value, void *vctx,
                           void (*add)(void *actx, bool error, const char *msg), void *actx)
{
    for (size_t i = 0; i < plan->nrules; i++) {
        const pm_rule *rule = &plan->rules[i];
        int le = pm_plan_element(plan, rule->left), re = pm_plan_element(plan, rule->right);
        if (le < 0 || re < 0)
            continue; /* the overlay's loader refuses such a rule; a stored plan may predate it */
        side l = {.present = true, .in_batch = true, .value = value(vctx, le)};
        side r = {.present = true, .in_batch = true, .value = value(vctx, re)};
        if (isnan(l.value) || isnan(r.value) || pm_rule_holds(rule->op, l.value, r.value))
            continue;
        buf b = {0};
        describe(&b, &plan->elem[le], &l);
        buf_puts(&b, pm_rule_op_words(rule->op));
        describe(&b, &plan->elem[re], &r);
        if (rule->message)
            buf_printf(&b, "：%s", rule->message);
        add(actx, rule->error, buf_str(&b));
        buf_free(&b);
    }
}

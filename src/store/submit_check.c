/* The warnings a submit would leave unexplained (submit_check.h). */
#include "store/submit_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/num.h"
#include "base/strmap.h"
#include "engine/checks.h"
#include "engine/known.h"
#include "engine/review.h"

/* One stored draft to be checked again; strings owned. */
typedef struct pending {
    char *unit, *item, *comment;
    char year[12], value[32];
    bool estimate;
} pending;

typedef struct scan_ctx {
    const pm_tree *tree;
    strmap elems, units;
    int uix, year;    /* the submit's unit (index) and year */
    const char *item; /* NULL: every item */
    unsigned from;    /* the states a submit moves */
    pm_known known;   /* every other figure of year-1 and year */
    pending *p;
    size_t np, cap;
} scan_ctx;

static bool moved_by_submit(const scan_ctx *c, const pm_value_row *v, int u)
{
    return v->year == c->year && u >= c->uix && u < c->tree->end[c->uix] && (c->from & (1u << v->state)) &&
           (!c->item || !strcmp(c->item, v->element));
}

static bool on_value(void *ctx, const pm_value_row *v)
{
    scan_ctx *c = ctx;
    if (v->year != c->year && v->year != c->year - 1)
        return true;
    int el = strmap_get(&c->elems, v->element), u = strmap_get(&c->units, v->unit);
    if (el < 0 || u < 0)
        return true;
    if (!moved_by_submit(c, v, u)) {
        pm_known_add(&c->known, el, u, v->year, v->value, (int)v->state, v->comment);
        if (v->estimate)
            pm_known_set_estimate(&c->known, (long)c->known.n - 1);
        return true;
    }
    c->p = xgrow(c->p, &c->cap, c->np + 1, sizeof *c->p);
    pending *x = &c->p[c->np++];
    memset(x, 0, sizeof *x);
    x->unit = xstrdup(v->unit);
    x->item = xstrdup(v->element);
    x->comment = xstrdup(v->comment ? v->comment : "");
    snprintf(x->year, sizeof x->year, "%d", v->year);
    num_fmt17(v->value, x->value);
    x->estimate = v->estimate;
    return true;
}

/* Appends the unexplained warnings of res (rows: the pending drafts). */
static void list_unexplained(const pm_plan *plan, const pm_tree *tree, const pending *p,
                             const pm_check_result *res, buf *msgs)
{
    for (size_t i = 0; i < res->nissues; i++) {
        const pm_issue *is = &res->issues[i];
        if (is->error || is->note || is->answered)
            continue;
        const pending *x = &p[is->row];
        int u = pm_tree_find(tree, x->unit);
        const char *name = x->item;
        for (size_t e = 0; e < plan->nelem; e++)
            if (!strcmp(plan->elem[e].code, x->item))
                name = plan->elem[e].name;
        buf_printf(msgs, "%s %s 年“%s”（%s）：%s\n", u >= 0 ? tree->u[u].name : x->unit, x->year, name, x->value,
                   is->msg);
    }
}

bool pm_submit_unexplained(pm_store *s, const char *unit, int year, const char *item, size_t *n, buf *msgs,
                           pm_err *err)
{
    *n = 0;
    pm_plan plan = {0};
    pm_tree tree = {0};
    if (!pm_store_get_plan(s, &plan, err) || !pm_store_get_units(s, &tree, err)) {
        pm_plan_free(&plan);
        pm_tree_free(&tree);
        return false;
    }
    scan_ctx c = {.tree = &tree, .uix = pm_tree_find(&tree, unit), .year = year, .item = item,
                  .from = pm_review_rule_of(PM_REVIEW_SUBMIT)->from};
    bool ok = true;
    if (c.uix >= 0) {
        strmap_init(&c.elems, plan.nelem);
        for (size_t i = 0; i < plan.nelem; i++)
            strmap_put(&c.elems, plan.elem[i].code, (int)i);
        strmap_init(&c.units, tree.n);
        for (size_t i = 0; i < tree.n; i++)
            strmap_put(&c.units, tree.u[i].code, (int)i);
        pm_known_init(&c.known, 1024);
        ok = pm_store_list_values(s, &(pm_filter){0}, on_value, &c, err);
        if (ok && c.np) {
            pm_import_row *rows = xcalloc(c.np, sizeof *rows);
            for (size_t i = 0; i < c.np; i++)
                rows[i] = (pm_import_row){.unit = c.p[i].unit, .year = c.p[i].year, .item = c.p[i].item,
                                          .value = c.p[i].value, .comment = c.p[i].comment,
                                          .value_type = PM_CELL_NUMBER, .sheet = "", .row = (long)i + 1,
                                          .row_index = i, .kind = c.p[i].estimate ? "预计" : NULL};
            pm_check_result res = {0};
            pm_check_rows(&plan, &tree, &c.known, rows, c.np, &PM_CHECK_DEFAULT, &res);
            *n = res.unanswered;
            list_unexplained(&plan, &tree, c.p, &res, msgs);
            pm_check_result_free(&res);
            free(rows);
        }
        for (size_t i = 0; i < c.np; i++) {
            free(c.p[i].unit);
            free(c.p[i].item);
            free(c.p[i].comment);
        }
        free(c.p);
        pm_known_free(&c.known);
        strmap_free(&c.elems);
        strmap_free(&c.units);
    }
    pm_tree_free(&tree);
    pm_plan_free(&plan);
    return ok;
}

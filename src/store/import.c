#include "store/import.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "store/evaluate.h"

/* What to write: rows that change something. */
static size_t build_writes(const pm_plan *plan, const pm_tree *tree, const pm_known *known,
                           const pm_import_input *in, const pm_check_result *res, pm_value_write *w)
{
    size_t n = 0;
    for (size_t i = 0; i < res->nok; i++) {
        const pm_checked_row *c = &res->ok[i];
        long k = pm_known_find(known, c->elem, c->unit, c->year);
        const char *comment = in->rows[c->row].comment;
        bool same = k >= 0 && known->value[k] == c->value;
        bool same_comment = !comment[0] || (k >= 0 && known->comment[k] && !strcmp(known->comment[k], comment));
        if (same && same_comment)
            continue; /* nothing new: no history row for an unchanged figure */
        /* A changed figure is a draft again and must be submitted again;
         * a comment added to an unchanged one keeps its state. */
        pm_vstate state = same ? (pm_vstate)known->state[k] : PM_VS_DRAFT;
        w[n++] = (pm_value_write){plan->elem[c->elem].id, tree->u[c->unit].id, c->year, c->value, state,
                                  comment[0] ? comment : NULL, k >= 0 ? known->value[k] : NAN,
                                  k >= 0 ? known->state[k] : -1};
    }
    return n;
}

/* Rows outside the importer's subtree are errors of their own. */
static void check_scope(const pm_tree *tree, int only, pm_check_result *res)
{
    size_t keep = 0;
    for (size_t i = 0; i < res->nok; i++) {
        int u = res->ok[i].unit;
        if (u >= only && u < tree->end[only]) {
            res->ok[keep++] = res->ok[i];
            continue;
        }
        res->errors++;
        res->issues = xgrow(res->issues, &res->cap_issues, res->nissues + 1, sizeof *res->issues);
        pm_issue *x = &res->issues[res->nissues++];
        memset(x, 0, sizeof *x);
        x->error = true;
        x->row = res->ok[i].row;
        x->col = PM_COL_UNIT;
        snprintf(x->msg, sizeof x->msg, "无权填报“%s”的数据：只能填报“%s”及其下级单位", tree->u[u].name,
                 tree->u[only].name);
    }
    res->nok = keep;
}

bool pm_import_run(pm_store *s, const pm_import_input *in, const pm_import_opts *o, pm_import_outcome *out,
                   pm_err *err)
{
    memset(out, 0, sizeof *out);
    pm_plan plan = {0};
    pm_tree tree = {0};
    pm_known known = {0};
    pm_value_write *w = NULL;
    bool ok = pm_store_get_plan(s, &plan, err) && pm_store_get_units(s, &tree, err) &&
              pm_load_known(s, &plan, &tree, &known, err);
    if (ok) {
        pm_check_rows(&plan, &tree, &known, in->rows, in->nrows, &PM_CHECK_DEFAULT, &out->checks);
        if (o->only_unit >= 0 && (size_t)o->only_unit < tree.n)
            check_scope(&tree, o->only_unit, &out->checks);
        out->refused = out->checks.errors > 0;
    }
    if (ok && !out->refused) {
        w = xcalloc(out->checks.nok + 1, sizeof *w);
        size_t n = build_writes(&plan, &tree, &known, in, &out->checks, w);
        out->unchanged = out->checks.nok - n;
        /* On a dry run, "written" is what would be written. */
        if (o->dry_run)
            out->written = n;
        else if ((ok = pm_store_write_values(s, w, n, o->who, o->why, err)))
            out->written = n;
    }
    free(w);
    pm_known_free(&known);
    pm_tree_free(&tree);
    pm_plan_free(&plan);
    return ok;
}

void pm_import_outcome_free(pm_import_outcome *out)
{
    pm_check_result_free(&out->checks);
    memset(out, 0, sizeof *out);
}

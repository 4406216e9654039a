/* Org units as a backend reads them, made into the model's tree
 * (unit_rows.h). */
#include "store/unit_rows.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

static int unit_read_cmp(const void *a, const void *b)
{
    return strcmp(((const pm_unit_read *)a)->in.code, ((const pm_unit_read *)b)->in.code);
}

/* Gives each unit of t the id read with its code. The ids are matched
 * through the rows sorted by code: national trees have 600,000 units,
 * too many for a linear search each. Sorts rows. */
static void assign_ids(pm_tree *t, pm_unit_read *rows, size_t n)
{
    qsort(rows, n, sizeof *rows, unit_read_cmp);
    for (size_t i = 0; i < t->n; i++) {
        pm_unit_read key = {.in.code = t->u[i].code};
        const pm_unit_read *hit = bsearch(&key, rows, n, sizeof *rows, unit_read_cmp);
        t->u[i].id = hit ? hit->id : 0;
    }
}

bool pm_units_tree(pm_unit_read *rows, size_t n, pm_tree *t, pm_err *err)
{
    pm_unit_in *in = xnmalloc(n ? n : 1, sizeof *in);
    for (size_t i = 0; i < n; i++)
        in[i] = rows[i].in;
    bool ok = pm_tree_build(in, n, t, err);
    free(in);
    if (ok)
        assign_ids(t, rows, n);
    return ok;
}

void pm_unit_reads_free(pm_unit_read *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(rows[i].in.code);
        free(rows[i].in.name);
        free(rows[i].in.parent_code);
        free(rows[i].in.group);
    }
    free(rows);
}

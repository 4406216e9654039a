/* Org units as a backend reads them, made into the model's tree
 * (unit_rows.h). */
#include "store/unit_rows.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

const char pm_sql_unit_get[] = "SELECT u.id, u.code, u.name, p.code, u.level, u.grp,"
                               " coalesce(u.valid_from, 0), coalesce(u.valid_to, 0) FROM org_unit u"
                               " LEFT JOIN org_unit p ON p.id = u.parent_id ORDER BY u.ord, u.id";
const char pm_sql_unit_roots[] = "SELECT a.code, b.code FROM org_unit a JOIN org_unit b"
                                 " ON b.parent_id IS NULL AND b.id > a.id"
                                 " WHERE a.parent_id IS NULL ORDER BY a.id, b.id LIMIT 1";
const char pm_sql_unit_badlevel[] = "SELECT c.code, c.level, p.code, p.level FROM org_unit c"
                                    " JOIN org_unit p ON p.id = c.parent_id WHERE c.level <= p.level LIMIT 1";

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

bool pm_units_tree(pm_unit_read *rows, size_t n, const char *db, pm_tree *t, pm_err *err)
{
    if (n == 0)
        return true;
    pm_unit_in *in = xnmalloc(n, sizeof *in);
    for (size_t i = 0; i < n; i++)
        in[i] = rows[i].in;
    pm_err why = {0};
    bool ok = pm_tree_build(in, n, t, &why);
    free(in);
    if (ok)
        assign_ids(t, rows, n);
    else
        pm_err_set(err, 0, "数据库 %s 中的组织机构树有误：%s", db, why.msg);
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

void pm_units_two_roots(const char *a, const char *b, pm_err *err)
{
    pm_err_set(err, 0, "组织机构树只能有一个根，现有 %s 和 %s", a, b);
}

void pm_units_bad_level(const char *child, int level, const char *parent, int parent_level, pm_err *err)
{
    pm_err_set(err, 0, "组织机构 %s 的层级（%d）必须大于其上级 %s 的层级（%d）", child, level, parent, parent_level);
}

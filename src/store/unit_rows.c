/* Org units as a backend reads them, made into the model's tree
 * (unit_rows.h). */
#include "store/unit_rows.h"

#include <stdlib.h>
#include <string.h>

#include "base/idmap.h"
#include "base/mem.h"
#include "base/strmap.h"

const char pm_sql_unit_get[] = "SELECT id, code, name, parent_id, level, grp, coalesce(valid_from, 0),"
                               " coalesce(valid_to, 0), ord FROM org_unit";
const char pm_sql_unit_roots[] = "SELECT a.code, b.code FROM org_unit a JOIN org_unit b"
                                 " ON b.parent_id IS NULL AND b.id > a.id"
                                 " WHERE a.parent_id IS NULL ORDER BY a.id, b.id LIMIT 1";
const char pm_sql_unit_badlevel[] = "SELECT c.code, c.level, p.code, p.level FROM org_unit c"
                                    " JOIN org_unit p ON p.id = c.parent_id WHERE c.level <= p.level LIMIT 1";

/* Gives each unit of t the id read with its code. planmon writes a tree
 * in preorder (org_unit.ord is the unit's index: sqlite_units.c,
 * pg_values.c) and reads it back ordered by ord, so unit i is row i: one
 * comparison each. Rows in any other order (a file edited by other means)
 * are matched by code through a map; national trees have 600,000 units,
 * too many for a linear search each (and a sort by code was a twentieth of
 * `planmon status` at 100,000 units). */
static void assign_ids(pm_tree *t, const pm_unit_read *rows, size_t n)
{
    size_t i = 0;
    while (i < t->n && i < n && !strcmp(t->u[i].code, rows[i].in.code)) {
        t->u[i].id = rows[i].id;
        i++;
    }
    if (i == t->n)
        return;
    strmap by;
    strmap_init(&by, n);
    for (size_t k = 0; k < n; k++)
        strmap_put(&by, rows[k].in.code, (int)k);
    for (; i < t->n; i++) {
        int k = strmap_get(&by, t->u[i].code);
        t->u[i].id = k >= 0 ? rows[k].id : 0;
    }
    strmap_free(&by);
}

/* (ord, id): the order `ORDER BY ord, id` gave, which children keep. */
static int by_ord(const void *a, const void *b)
{
    const pm_unit_read *x = a, *y = b;
    if (x->ord != y->ord)
        return x->ord < y->ord ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

/* Whether rows are sorted by (ord, id) already: they are as planmon
 * writes them (ord is the preorder index), and a check is a twentieth of
 * the sort. */
static bool in_ord(const pm_unit_read *rows, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (by_ord(&rows[i - 1], &rows[i]) > 0)
            return false;
    return true;
}

bool pm_units_tree(pm_unit_read *rows, size_t n, const char *db, pm_tree *t, pm_err *err)
{
    if (n == 0)
        return true;
    if (!in_ord(rows, n))
        qsort(rows, n, sizeof *rows, by_ord);
    long *ids = xnmalloc(n, sizeof *ids);
    for (size_t i = 0; i < n; i++)
        ids[i] = rows[i].id;
    idmap by_id;
    idmap_build(&by_id, ids, n);
    free(ids);
    /* Rows as planmon writes them (in preorder): the tree as they stand,
     * their strings moved into it. At 100 k units the general build (a
     * code map, every check, the strings copied) and the sort took half of
     * reading the units, a quarter of an evaluation from the file. */
    int *parent = xnmalloc(n, sizeof *parent);
    pm_unit_in *in = xnmalloc(n, sizeof *in);
    bool dangling = false; /* a parent id naming no row: pm_tree_build's turn */
    for (size_t i = 0; i < n; i++) {
        parent[i] = rows[i].parent_id ? idmap_get(&by_id, rows[i].parent_id) : -1;
        dangling |= rows[i].parent_id && parent[i] < 0;
        in[i] = rows[i].in;
    }
    idmap_free(&by_id);
    if (!dangling && pm_tree_take_preorder(in, parent, n, t)) {
        for (size_t i = 0; i < n; i++) {
            rows[i].in.code = rows[i].in.name = rows[i].in.group = NULL; /* the tree's now */
            t->u[i].id = rows[i].id;
        }
        free(in);
        free(parent);
        return true;
    }
    /* Any other order, or a fault pm_tree_build names. */
    for (size_t i = 0; i < n; i++) {
        int p = parent[i];
        if (rows[i].parent_id && p < 0) {
            /* Cannot be stored (a foreign key on SQLite, pg_ids_exist on
             * PostgreSQL), but a file changed by other means may hold it:
             * said by the id, which is all there is of that parent. */
            pm_err_set(err, 0, "数据库 %s 中的组织机构树有误：“%s”的上级机构（id %ld）不存在", db, rows[i].in.code,
                       rows[i].parent_id);
            free(in);
            free(parent);
            return false;
        }
        rows[i].in.parent_code = p >= 0 ? rows[p].in.code : NULL;
        in[i] = rows[i].in;
    }
    free(parent);
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
        free(rows[i].in.name); /* in.parent_code is borrowed */
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

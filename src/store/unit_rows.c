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

/* Whether rows, in (ord, id) order, with parent[i] the index of row i's
 * parent (-1 for none), are a tree in preorder that pm_tree_build would
 * accept and lay out as it stands: the root first and only there, each
 * parent an ancestor-or-self of the row before (so that every subtree is
 * a run and children keep their order), levels below their parents',
 * every field as pm_tree_build checks it. The codes are unique by the
 * schema (org_unit.code UNIQUE on both backends). */
static bool laid_out(const pm_unit_read *rows, const int *parent, size_t n, int *stack)
{
    size_t sp = 0;
    for (size_t i = 0; i < n; i++) {
        const pm_unit_in *x = &rows[i].in;
        if (!x->code || !x->code[0] || !x->name || !x->name[0] || x->level < 0 || x->level > PM_LEVEL_MAX ||
            (x->valid_from && x->valid_to && x->valid_to < x->valid_from))
            return false;
        if (i == 0 ? rows[i].parent_id != 0 : parent[i] < 0)
            return false; /* the root not first, or a parent not there */
        if (i == 0) {
            stack[sp++] = 0;
            continue;
        }
        while (sp && stack[sp - 1] != parent[i])
            sp--;
        if (!sp || rows[parent[i]].in.level >= x->level)
            return false;
        stack[sp++] = (int)i;
    }
    return true;
}

/* The tree of rows that laid_out accepted: pm_tree_build's result, with
 * the rows' strings moved into it (their pointers cleared) rather than
 * copied, and the ids set. At 100 k units the general build (a code map,
 * every check, the strings copied) and the sort took half of reading the
 * units, a quarter of an evaluation from the file. */
static void take_tree(pm_unit_read *rows, const int *parent, size_t n, pm_tree *t)
{
    t->u = xcalloc(n, sizeof *t->u);
    t->end = xnmalloc(n, sizeof *t->end);
    t->n = n;
    for (size_t i = 0; i < n; i++) {
        pm_unit_in *x = &rows[i].in;
        pm_unit *u = &t->u[i];
        u->id = rows[i].id;
        u->code = x->code;
        u->name = x->name;
        u->parent = parent[i];
        u->level = x->level;
        u->line = x->line;
        u->group = x->group && x->group[0] ? x->group : NULL;
        if (!u->group)
            free(x->group);
        u->valid_from = x->valid_from;
        u->valid_to = x->valid_to;
        t->dated |= x->valid_from != 0 || x->valid_to != 0;
        t->end[i] = (int)i + 1;
        x->code = x->name = x->group = NULL;
    }
    for (size_t i = n; i-- > 1;)
        if (t->end[i] > t->end[parent[i]])
            t->end[parent[i]] = t->end[i];
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
    int *parent = xnmalloc(n, sizeof *parent), *stack = xnmalloc(n, sizeof *stack);
    for (size_t i = 0; i < n; i++)
        parent[i] = rows[i].parent_id ? idmap_get(&by_id, rows[i].parent_id) : -1;
    bool fast = laid_out(rows, parent, n, stack);
    if (fast)
        take_tree(rows, parent, n, t);
    free(parent);
    free(stack);
    if (fast) {
        idmap_free(&by_id);
        return true;
    }
    /* Any other order, or a fault pm_tree_build names. */
    pm_unit_in *in = xnmalloc(n, sizeof *in);
    for (size_t i = 0; i < n; i++) {
        int p = rows[i].parent_id ? idmap_get(&by_id, rows[i].parent_id) : -1;
        if (rows[i].parent_id && p < 0) {
            /* Cannot be stored (a foreign key on SQLite, pg_ids_exist on
             * PostgreSQL), but a file changed by other means may hold it:
             * said by the id, which is all there is of that parent. */
            pm_err_set(err, 0, "数据库 %s 中的组织机构树有误：“%s”的上级机构（id %ld）不存在", db, rows[i].in.code,
                       rows[i].parent_id);
            idmap_free(&by_id);
            free(in);
            return false;
        }
        rows[i].in.parent_code = p >= 0 ? rows[p].in.code : NULL;
        in[i] = rows[i].in;
    }
    idmap_free(&by_id);
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

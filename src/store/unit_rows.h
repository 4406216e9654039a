/* Org units as a backend reads them (rows with ids, parents by id), made
 * into the model's tree. Internal to src/store/. */
#ifndef PM_UNIT_ROWS_H
#define PM_UNIT_ROWS_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "model/orgunit.h"

/* A unit row as read, before pm_tree_build lays the rows out. The backend
 * fills all but in.parent_code, which pm_units_tree points at the parent
 * row's code (borrowed: never freed on its own). */
typedef struct pm_unit_read {
    pm_unit_in in;
    long id, parent_id; /* parent_id 0: the root */
    long ord;           /* sibling order (org_unit.ord) */
} pm_unit_read;

/* Every unit: id, code, name, parent id, level, group, valid from, valid
 * to (0: open), ord; in no order (pm_units_tree sorts them). No join and
 * no ORDER BY: the parent's code and the order by ord were a join and a
 * sort in SQL at several thousand instructions a unit, where a lookup by
 * id and a sort of integers in memory cost a few hundred. The same text in
 * SQLite's and PostgreSQL's dialects, so one copy serves both. */
extern const char pm_sql_unit_get[];

/* Lays rows (read with pm_sql_unit_get) out as a preorder tree t
 * (pm_tree_build checks them) and gives each unit its id. Sorts rows by
 * (ord, id) and sets their parent codes; the caller still frees rows. No rows: t stays empty. False with err naming
 * database db ("数据库 <db> 中的组织机构树有误：…"). */
bool pm_units_tree(pm_unit_read *rows, size_t n, const char *db, pm_tree *t, pm_err *err);
/* Frees the rows' strings and the array. */
void pm_unit_reads_free(pm_unit_read *rows, size_t n);

/* After a put of units the backends check the whole table (units the put
 * did not name keep their parents): one root, every child's level below
 * its parent's. The two queries read the same in both dialects; each
 * returns the first offending row, or none. */
extern const char pm_sql_unit_roots[];    /* the first two roots: code, code */
extern const char pm_sql_unit_badlevel[]; /* child code, level, parent code, level */
/* The refusals for the row each query found. */
void pm_units_two_roots(const char *a, const char *b, pm_err *err);
void pm_units_bad_level(const char *child, int level, const char *parent, int parent_level, pm_err *err);

#endif

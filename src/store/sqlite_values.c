/* The SQLite backend's figures one at a time: setting one, review moves,
 * listings and history (sqlite_backend.h). Bulk writes are in
 * sqlite_bulk.c, the scan every evaluation runs in sqlite_scan.c. */
#include <math.h>
#include <stdio.h>

#include "store/sqlite_backend.h"
#include "store/collect_backend.h"
#include "store/sqlite_bind.h"
#include "store/sqlite_schema.h"

static const char SQL_ELEM_ID[] = "SELECT id FROM element WHERE code = :code AND ord IS NOT NULL";
static const char SQL_VAL_OLD[] = "SELECT value, state FROM data_value"
                                  " WHERE element_id = :element_id AND unit_id = :unit_id AND year = :year";
/* A change without a comment (an approval, say) keeps the sender's
 * comment; an empty one clears it. Also the one-row path of sqlite_bulk.c. */
const char sq_sql_val_put[] = "INSERT INTO data_value(element_id, unit_id, year, value, state, comment, estimate)"
                              " VALUES (:element_id, :unit_id, :year, :value, :state, nullif(:comment, ''), :estimate)"
                              " ON CONFLICT(element_id, unit_id, year) DO UPDATE SET value = excluded.value,"
                              " state = excluded.state, estimate = excluded.estimate,"
                              " comment = CASE WHEN :comment IS NULL THEN data_value.comment"
                              " ELSE nullif(:comment, '') END";
static const char SQL_HIST_ADD[] =
    "INSERT INTO value_history(element_id, unit_id, year, at, who, old_value,"
    " new_value, old_state, new_state, why, comment)"
    " VALUES (:element_id, :unit_id, :year, " SQ_NOW ","
    " :who, :old_value, :new_value, :old_state, :new_state, :why, :comment)";
/* Review transitions. The subtree comes from a recursive walk down
 * org_unit.parent_id (not from org_unit.ord: a partial put_units leaves
 * ord out of preorder). The figures are found by crossing the subtree
 * with the (few) elements and seeking data_value's primary key
 * (element_id, unit_id, year) for each pair: no index on unit_id is
 * needed, which would tax every import. CROSS JOIN fixes that loop
 * order. The history rows go in first; SQL_MOVE_SET then moves exactly
 * the figures they record (history ids above :after, the largest id
 * before), so the count of each is the same by construction. A figure
 * already in state :to does not change and gets no history row. One
 * statement, one step: 'now' is the same for every row. */
static const char SQL_HIST_LAST[] = "SELECT coalesce(max(id), 0) FROM value_history";
/* Each figure's move: cur is the level it waits at (one that waited
 * from before levels were named, 0, waits at its first), nl the level
 * pm_review_after leaves it at; an approval that leaves it at a level
 * keeps it submitted (1) for that level's reviewers. :level 0: figures at
 * any level; else only those waiting at it (a reviewer's queue). */
static const char SQL_MOVE_LOG[] =
    "WITH RECURSIVE sub(id, lvl) AS (SELECT id, level FROM org_unit WHERE id = :unit_id UNION ALL"
    " SELECT o.id, o.level FROM org_unit o JOIN sub ON o.parent_id = sub.id),"
    " cand AS (SELECT v.element_id, v.unit_id, v.year, v.value, v.state, v.review_level AS rl, sub.lvl,"
    "   CASE WHEN v.state = 1 AND v.review_level = 0 THEN pm_review_after(1, 0, sub.lvl)"
    "        WHEN v.state = 1 THEN v.review_level ELSE 0 END AS cur"
    "   FROM sub CROSS JOIN element e CROSS JOIN data_value v"
    "   WHERE (:element_id IS NULL OR e.id = :element_id)"
    "   AND v.element_id = e.id AND v.unit_id = sub.id"
    "   AND (:year = 0 OR v.year = :year) AND (:from >> v.state) & 1),"
    " mv AS (SELECT *, pm_review_after(:to, cur, lvl) AS nl FROM cand WHERE :level = 0 OR cur = :level)"
    " INSERT INTO value_history(element_id, unit_id, year, at, who, old_value,"
    " new_value, old_state, new_state, why, comment, new_level)"
    " SELECT element_id, unit_id, year, " SQ_NOW ","
    " :who, value, value, state, CASE WHEN :to = 2 AND nl > 0 THEN 1 ELSE :to END, :why, NULL, nl"
    " FROM mv WHERE state <> (CASE WHEN :to = 2 AND nl > 0 THEN 1 ELSE :to END) OR rl <> nl";
static const char SQL_MOVE_SET[] = "UPDATE data_value SET state = h.new_state, review_level = h.new_level"
                                   " FROM value_history h WHERE h.id > :after AND h.element_id = data_value.element_id"
                                   " AND h.unit_id = data_value.unit_id AND h.year = data_value.year";

/* Listings. The same crossing as the transitions, with the unit and
 * element loops read through their code indexes: rows stream out in
 * (unit code, element code, year) order with no sort, even for an
 * export of every figure. :unit_id NULL: every unit (the subtree is
 * then never computed). */
#define SQL_VAL_LIST_OF(estimate_and_level)                                                                   \
    "WITH RECURSIVE sub(id) AS (SELECT :unit_id UNION ALL"                                                     \
    " SELECT o.id FROM org_unit o JOIN sub ON o.parent_id = sub.id)"                                           \
    " SELECT e.code, u.code, v.year, v.value, v.state, v.comment, " estimate_and_level                          \
    " FROM org_unit u CROSS JOIN element e CROSS JOIN data_value v"                                            \
    " WHERE (:unit_id IS NULL OR u.id IN sub)"                                                                 \
    " AND (:element_id IS NULL OR e.id = :element_id)"                                                         \
    " AND v.element_id = e.id AND v.unit_id = u.id"                                                            \
    " AND (:year = 0 OR v.year BETWEEN :year AND :year_last)"                                                  \
    " ORDER BY u.code, e.code, v.year"
static const char SQL_VAL_LIST[] = SQL_VAL_LIST_OF("v.estimate, v.review_level");
/* Files older than the review levels, or than the estimate column (a
 * read-only copy is not migrated): the same listing with the missing
 * columns read as 0. */
static const char SQL_VAL_LIST_V11[] = SQL_VAL_LIST_OF("v.estimate, 0");
static const char SQL_VAL_LIST_V5[] = SQL_VAL_LIST_OF("0, 0");
/* Files older than schema 21, opened read-only as they are, have who,
 * when and why on every history row and no value_batch to join. */
#define HIST_COLS_V20 PM_SQL_HIST_COLS_OF("h.at", "h.who", "h.why")
/* History with neither unit nor element: the table in id order, which
 * is the order of events, no sort. */
#define SQL_HIST_SCAN_OF(cols, batch)                                                                        \
    cols " FROM value_history h JOIN element e ON e.id = h.element_id"                                        \
         " JOIN org_unit u ON u.id = h.unit_id" batch                                                         \
         " WHERE :year = 0 OR h.year BETWEEN :year AND :year_last ORDER BY h.id"
/* With a unit or an element: seeks into value_history_key (element_id,
 * unit_id, year, id) for each pair, then the few rows sorted by id. */
#define SQL_HIST_SEEK_OF(cols, batch)                                                                        \
    "WITH RECURSIVE sub(id) AS (SELECT :unit_id UNION ALL"                                                     \
    " SELECT o.id FROM org_unit o JOIN sub ON o.parent_id = sub.id) " cols                                     \
    " FROM org_unit u CROSS JOIN element e CROSS JOIN value_history h" batch                                   \
    " WHERE (:unit_id IS NULL OR u.id IN sub)"                                                                 \
    " AND (:element_id IS NULL OR e.id = :element_id)"                                                         \
    " AND h.element_id = e.id AND h.unit_id = u.id"                                                            \
    " AND (:year = 0 OR h.year BETWEEN :year AND :year_last)"                                                  \
    " ORDER BY h.id"
static const char SQL_HIST_SCAN[] = SQL_HIST_SCAN_OF(PM_SQL_HIST_COLS, PM_SQL_HIST_BATCH);
static const char SQL_HIST_SEEK[] = SQL_HIST_SEEK_OF(PM_SQL_HIST_COLS, PM_SQL_HIST_BATCH);
static const char SQL_HIST_SCAN_V20[] = SQL_HIST_SCAN_OF(HIST_COLS_V20, "");
static const char SQL_HIST_SEEK_V20[] = SQL_HIST_SEEK_OF(HIST_COLS_V20, "");

/* ---- one figure -------------------------------------------------------------------- */

/* Reads the stored value and state of one figure: 1 found, 0 none, -1 error. */
static int old_value(sq *s, long eid, long uid, int year, double *value, int *state, pm_err *err)
{
    sqlite3_stmt *st = sq_use(s, SQL_VAL_OLD, err);
    if (!st)
        return -1;
    int rc = SQLITE_OK;
    sq_bind_int(st, ":element_id", eid, &rc);
    sq_bind_int(st, ":unit_id", uid, &rc);
    sq_bind_int(st, ":year", year, &rc);
    int found = sq_one(s, st, rc, err, "读取原有数值失败");
    if (found == 1) {
        *value = sq_col_real(st, 0);
        *state = sqlite3_column_int(st, 1);
        sq_done(st);
    }
    return found;
}

/* The figure and its history row, with ids already resolved. */
static bool write_value(sq *s, const pm_value_change *c, long eid, long uid, pm_err *err)
{
    double was = NAN;
    int was_state = 0;
    int had = old_value(s, eid, uid, c->year, &was, &was_state, err);
    if (had < 0)
        return false;

    sqlite3_stmt *st = sq_use(s, sq_sql_val_put, err);
    if (!st)
        return false;
    int rc = SQLITE_OK;
    sq_bind_int(st, ":element_id", eid, &rc);
    sq_bind_int(st, ":unit_id", uid, &rc);
    sq_bind_int(st, ":year", c->year, &rc);
    sq_bind_real(st, ":value", c->value, &rc);
    sq_bind_int(st, ":state", c->state, &rc);
    sq_bind_text(st, ":comment", c->comment, &rc);
    sq_bind_int(st, ":estimate", c->estimate, &rc);
    if (!sq_run(s, st, rc, err, "保存数据项 %s（%s，%d 年）失败", c->element, c->unit, c->year))
        return false;

    st = sq_use(s, SQL_HIST_ADD, err);
    if (!st)
        return false;
    rc = SQLITE_OK;
    sq_bind_int(st, ":element_id", eid, &rc);
    sq_bind_int(st, ":unit_id", uid, &rc);
    sq_bind_int(st, ":year", c->year, &rc);
    sq_bind_text(st, ":who", c->who, &rc);
    sq_bind_real(st, ":old_value", was, &rc); /* NaN (none) when there was no figure */
    sq_bind_real(st, ":new_value", c->value, &rc);
    if (had)
        sq_bind_int(st, ":old_state", was_state, &rc);
    else
        sq_bind_text(st, ":old_state", NULL, &rc);
    sq_bind_int(st, ":new_state", c->state, &rc);
    sq_bind_text(st, ":why", c->why, &rc);
    sq_bind_text(st, ":comment", c->comment, &rc);
    return sq_run(s, st, rc, err, "记录数据项 %s（%s，%d 年）的修改历史失败", c->element, c->unit,
                  c->year);
}

bool sq_set_value(void *impl, const pm_value_change *c, pm_err *err)
{
    sq *s = impl;
    bool outer;
    if (!sq_work_begin(s, true, &outer, err))
        return false;
    long eid = 0, uid = 0;
    int e = sq_lookup_id(s, SQL_ELEM_ID, c->element, &eid, err);
    if (e == 0)
        pm_err_set(err, 0, "未知数据项：%s（当前规划中没有这个数据项）", c->element);
    int u = e == 1 ? sq_lookup_id(s, sq_sql_unit_id, c->unit, &uid, err) : -1;
    if (e == 1 && u == 0)
        pm_err_set(err, 0, "未知组织机构：%s", c->unit);
    /* The packed blocks (sqlite_blocks.c), best effort: one that fails
     * leaves them stale, and the next evaluation rebuilds them. */
    pm_err ignored = {0};
    bool blocks = false;
    bool ok = e == 1 && u == 1;
    if (ok)
        sq_blocks_before(s, &blocks, &ignored);
    ok = ok && write_value(s, c, eid, uid, err);
    if (ok)
        sq_blocks_patch_one(s, blocks, eid, uid, c->year, c->value, c->estimate, &ignored);
    return sq_work_end(s, outer, ok, err);
}

/* ---- review ------------------------------------------------------------------------ */

/* History rows first, then the figures they name (see SQL_MOVE_LOG). */
bool sq_transition(void *impl, const pm_transition *t, size_t *moved, pm_err *err)
{
    sq *s = impl;
    bool outer;
    if (!sq_work_begin(s, true, &outer, err))
        return false;
    long uid = 0, eid = 0;
    long long after = 0;
    pm_review_levels lv;
    /* A move changes states and levels, no value or estimate mark: blocks
     * that matched the data before still do (sqlite_blocks.c). */
    pm_err ignored = {0};
    bool blocks = false;
    sq_blocks_before(s, &blocks, &ignored);
    bool ok = sq_find_unit(s, t->unit, &uid, err) && (!t->element || sq_find_element(s, t->element, &eid, err)) &&
              sq_int(s, SQL_HIST_LAST, &after, err, "读取修改历史的最新编号失败") && sq_review_levels(s, &lv, err);
    const char *to = pm_vstate_label(t->to);
    int logged = 0, changed = 0;
    sqlite3_stmt *st = ok ? sq_use(s, SQL_MOVE_LOG, err) : NULL;
    ok = st != NULL;
    if (ok) {
        int rc = SQLITE_OK;
        sq_bind_int(st, ":unit_id", uid, &rc);
        sq_bind_id(st, ":element_id", eid, &rc);
        sq_bind_int(st, ":year", t->year, &rc);
        sq_bind_int(st, ":from", t->from, &rc);
        sq_bind_int(st, ":to", t->to, &rc);
        sq_bind_int(st, ":level", t->level, &rc);
        sq_bind_text(st, ":who", t->who, &rc);
        sq_bind_text(st, ":why", t->why, &rc);
        ok = sq_run(s, st, rc, err, "记录组织机构 %s 及其下级数值改为“%s”的修改历史失败", t->unit, to);
        logged = sqlite3_changes(s->db);
    }
    st = ok ? sq_use(s, SQL_MOVE_SET, err) : NULL;
    ok = st != NULL;
    if (ok) {
        int rc = SQLITE_OK;
        sq_bind_int(st, ":after", after, &rc);
        ok = sq_run(s, st, rc, err, "将组织机构 %s 及其下级的数值改为“%s”失败", t->unit, to);
        changed = sqlite3_changes(s->db);
        if (ok && changed != logged) {
            pm_err_set(err, 0, "将组织机构 %s 及其下级的数值改为“%s”失败：改动 %d 个，修改历史却有 %d 条",
                       t->unit, to, changed, logged);
            ok = false;
        }
    }
    if (ok)
        sq_blocks_carry(s, blocks, &ignored);
    ok = sq_work_end(s, outer, ok, err);
    if (moved)
        *moved = ok ? (size_t)changed : 0;
    return ok;
}

/* ---- listings and history ----------------------------------------------------------- */

/* Binds a filter's ids (0: any) and years to a listing statement; rc as
 * sq_bind_*. */
static void bind_filter(sqlite3_stmt *st, long uid, long eid, const pm_filter *f, bool ids, int *rc)
{
    if (ids) {
        sq_bind_id(st, ":unit_id", uid, rc);
        sq_bind_id(st, ":element_id", eid, rc);
    }
    sq_bind_int(st, ":year", f->year, rc);
    sq_bind_int(st, ":year_last", f->year_last, rc);
}

/* The ids a filter names (0: any), or an error naming an unknown code. */
static bool filter_ids(sq *s, const pm_filter *f, long *uid, long *eid, pm_err *err)
{
    *uid = *eid = 0;
    return (!f->unit || sq_find_unit(s, f->unit, uid, err)) &&
           (!f->element || sq_find_element(s, f->element, eid, err));
}

/* One listing: the filter's statement (SQL_VAL_LIST, SQL_HIST_*) in one
 * read transaction, so that the codes and the rows come from one snapshot,
 * each row handed to row(ctx). */
static bool list(sq *s, const pm_filter *f, const char *sql, bool ids, sq_row_fn row, void *ctx, pm_err *err,
                 const char *what)
{
    bool outer;
    if (!sq_work_begin(s, false, &outer, err))
        return false;
    long uid, eid;
    sqlite3_stmt *st = filter_ids(s, f, &uid, &eid, err) ? sq_use(s, sql, err) : NULL;
    bool ok = st != NULL;
    if (ok) {
        int rc = SQLITE_OK;
        bind_filter(st, uid, eid, f, ids, &rc);
        ok = sq_each(s, st, rc, row, ctx, err, what);
    }
    return sq_work_end(s, outer, ok, err);
}

typedef struct value_rows {
    bool (*cb)(void *ctx, const pm_value_row *r);
    void *ctx;
} value_rows;

static bool value_row(void *ctx, sqlite3_stmt *st)
{
    const value_rows *c = ctx;
    pm_value_row r = {
        .element = (const char *)sqlite3_column_text(st, 0),
        .unit = (const char *)sqlite3_column_text(st, 1),
        .year = sqlite3_column_int(st, 2),
        .value = sq_col_real(st, 3),
        .state = (pm_vstate)sqlite3_column_int(st, 4),
        .comment = (const char *)sqlite3_column_text(st, 5),
        .estimate = sqlite3_column_int(st, 6) != 0,
        .review_level = sqlite3_column_int(st, 7),
    };
    return c->cb(c->ctx, &r);
}

/* cb must not call back into the store (the statement is busy). */
bool sq_list_values(void *impl, const pm_filter *f, bool (*cb)(void *ctx, const pm_value_row *r), void *ctx,
                    pm_err *err)
{
    sq *s = impl;
    value_rows c = {cb, ctx};
    char what[300];
    snprintf(what, sizeof what, "读取数据库 %s 中的数值失败", s->path);
    const char *sql = s->version >= PM_SQLITE_V_LEVELS     ? SQL_VAL_LIST
                      : s->version >= PM_SQLITE_V_ESTIMATE ? SQL_VAL_LIST_V11
                                                           : SQL_VAL_LIST_V5;
    return list(s, f, sql, true, value_row, &c, err, what);
}

typedef struct history_rows {
    bool (*cb)(void *ctx, const pm_history_row *r);
    void *ctx;
} history_rows;

static bool history_row(void *ctx, sqlite3_stmt *st)
{
    const history_rows *c = ctx;
    pm_history_row r = {
        .id = (long)sqlite3_column_int64(st, 0),
        .element = (const char *)sqlite3_column_text(st, 1),
        .unit = (const char *)sqlite3_column_text(st, 2),
        .year = sqlite3_column_int(st, 3),
        .at = (const char *)sqlite3_column_text(st, 4),
        .who = (const char *)sqlite3_column_text(st, 5),
        .old_value = sq_col_real(st, 6),
        .new_value = sq_col_real(st, 7),
        .old_state = sqlite3_column_type(st, 8) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 8),
        .new_state = sqlite3_column_int(st, 9),
        .why = (const char *)sqlite3_column_text(st, 10),
        .comment = (const char *)sqlite3_column_text(st, 11),
    };
    return c->cb(c->ctx, &r);
}

/* As sq_list_values; the statement depends on whether the filter names a
 * unit or an element (see SQL_HIST_SCAN and SQL_HIST_SEEK). */
bool sq_history(void *impl, const pm_filter *f, bool (*cb)(void *ctx, const pm_history_row *r), void *ctx,
                pm_err *err)
{
    sq *s = impl;
    history_rows c = {cb, ctx};
    bool seek = f->unit || f->element;
    char what[300];
    snprintf(what, sizeof what, "读取数据库 %s 中的修改历史失败", s->path);
    bool batch = s->version >= PM_SQLITE_V_BATCH;
    const char *sql = seek ? (batch ? SQL_HIST_SEEK : SQL_HIST_SEEK_V20) : (batch ? SQL_HIST_SCAN : SQL_HIST_SCAN_V20);
    return list(s, f, sql, seek, history_row, &c, err, what);
}

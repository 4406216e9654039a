/* The PostgreSQL backend's org units, figures, history and unit targets:
 * the statements of sqlite_units.c, sqlite_values.c, sqlite_bulk.c and
 * sqlite_targets.c in PostgreSQL's dialect. Bulk writes go through COPY
 * into a temporary table, then two set statements (figures, history). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "store/pg_backend.h"
#include "store/pg_collect.h"
#include "store/pg_conn.h"
#include "store/unit_rows.h"

/* ---- org units ------------------------------------------------------------------------ */

static const char SQL_UNIT_PUT[] =
    "INSERT INTO org_unit(code, name, parent_id, level, ord, grp, valid_from, valid_to)"
    " VALUES ($1, $2, (SELECT id FROM org_unit WHERE code = $3), $4, $5, $6, $7, $8)"
    " ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
    " parent_id = excluded.parent_id, level = excluded.level, ord = excluded.ord,"
    " grp = excluded.grp, valid_from = excluded.valid_from, valid_to = excluded.valid_to";

/* One root, every child below its parent (as sqlite_units.c checks). */
static bool units_consistent(pgs *p, pm_err *err)
{
    PGresult *r = pg_run(p, pm_sql_unit_roots, NULL, err, "检查组织机构树失败");
    if (r && PQntuples(r))
        pm_units_two_roots(PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1), err);
    bool ok = r && !PQntuples(r);
    PQclear(r);
    if (!ok)
        return false;
    r = pg_run(p, pm_sql_unit_badlevel, NULL, err, "检查组织机构层级失败");
    if (r && PQntuples(r))
        pm_units_bad_level(PQgetvalue(r, 0, 0), (int)pg_int(r, 0, 1), PQgetvalue(r, 0, 2), (int)pg_int(r, 0, 3), err);
    ok = r && !PQntuples(r);
    PQclear(r);
    return ok;
}

bool pg_put_units(void *impl, const pm_tree *t, pm_err *err)
{
    pgs *p = impl;
    bool outer;
    if (!pg_work_begin(p, &outer, err))
        return false;
    bool ok = true;
    for (size_t i = 0; ok && i < t->n; i++) {
        const pm_unit *u = &t->u[i];
        char what[200];
        snprintf(what, sizeof what, "保存组织机构 %s 失败", u->code);
        pg_args a = {0};
        pg_arg_text(&a, u->code);
        pg_arg_text(&a, u->name);
        pg_arg_text(&a, u->parent >= 0 ? t->u[u->parent].code : NULL);
        pg_arg_int(&a, u->level);
        pg_arg_int(&a, (long long)i);
        pg_arg_text(&a, u->group);
        pg_arg_id(&a, u->valid_from); /* 0 (open) is NULL */
        pg_arg_id(&a, u->valid_to);
        ok = pg_do(p, SQL_UNIT_PUT, &a, err, what);
    }
    ok = ok && units_consistent(p, err);
    return pg_work_end(p, outer, ok, err);
}

bool pg_get_units(void *impl, pm_tree *t, pm_err *err)
{
    pgs *p = impl;
    memset(t, 0, sizeof *t);
    PGresult *r = pg_run(p, pm_sql_unit_get, NULL, err, "读取组织机构失败");
    if (!r)
        return false;
    size_t n = (size_t)PQntuples(r);
    pm_unit_read *rows = xcalloc(n ? n : 1, sizeof *rows);
    for (int i = 0; i < PQntuples(r); i++) {
        rows[i].id = (long)pg_int(r, i, 0);
        rows[i].in.code = pg_dup0(r, i, 1);
        rows[i].in.name = pg_dup0(r, i, 2);
        rows[i].parent_id = (long)pg_int(r, i, 3);
        rows[i].in.level = (int)pg_int(r, i, 4);
        rows[i].in.group = pg_dup(r, i, 5);
        rows[i].in.valid_from = (int)pg_int(r, i, 6);
        rows[i].in.valid_to = (int)pg_int(r, i, 7);
        rows[i].ord = (long)pg_int(r, i, 8);
    }
    PQclear(r);
    bool ok = pm_units_tree(rows, n, p->where, t, err);
    pm_unit_reads_free(rows, n);
    return ok;
}

/* ---- one figure ------------------------------------------------------------------------ */

static const char SQL_ELEM_LIVE[] = "SELECT id FROM element WHERE code = $1 AND ord IS NOT NULL";
static const char SQL_VAL_OLD[] = "SELECT value, state FROM data_value"
                                  " WHERE element_id = $1 AND unit_id = $2 AND year = $3 FOR UPDATE";
/* As SQLite's: no comment keeps the stored one; an empty one clears it. */
static const char SQL_VAL_PUT[] =
    "INSERT INTO data_value(element_id, unit_id, year, value, state, comment, estimate)"
    " VALUES ($1, $2, $3, $4, $5, nullif($6::text, ''), $7)"
    " ON CONFLICT (element_id, unit_id, year) DO UPDATE SET value = excluded.value,"
    " state = excluded.state, estimate = excluded.estimate,"
    " comment = CASE WHEN $6::text IS NULL THEN data_value.comment ELSE nullif($6::text, '') END";
static const char SQL_HIST_ADD[] =
    "INSERT INTO value_history(element_id, unit_id, year, at, who, old_value, new_value, old_state,"
    " new_state, why, comment) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";

static bool write_value(pgs *p, const pm_value_change *c, long eid, long uid, pm_err *err)
{
    pg_args k = {0};
    pg_arg_int(&k, eid);
    pg_arg_int(&k, uid);
    pg_arg_int(&k, c->year);
    PGresult *r = pg_run(p, SQL_VAL_OLD, &k, err, "读取原有数值失败");
    if (!r)
        return false;
    bool had = PQntuples(r) > 0;
    double was = had ? pg_real(r, 0, 0) : NAN;
    int was_state = had ? (int)pg_int(r, 0, 1) : 0;
    PQclear(r);

    char what[300];
    snprintf(what, sizeof what, "保存数据项 %s（%s，%d 年）失败", c->element, c->unit, c->year);
    pg_args a = {0};
    pg_arg_int(&a, eid);
    pg_arg_int(&a, uid);
    pg_arg_int(&a, c->year);
    pg_arg_real(&a, c->value);
    pg_arg_int(&a, c->state);
    pg_arg_text(&a, c->comment);
    pg_arg_int(&a, c->estimate);
    if (!pg_do(p, SQL_VAL_PUT, &a, err, what))
        return false;
    char at[40];
    pg_args h = {0};
    pg_arg_int(&h, eid);
    pg_arg_int(&h, uid);
    pg_arg_int(&h, c->year);
    pg_arg_text(&h, pg_now(at, sizeof at));
    pg_arg_text(&h, c->who);
    pg_arg_real(&h, was);
    pg_arg_real(&h, c->value);
    if (had)
        pg_arg_int(&h, was_state);
    else
        pg_arg_text(&h, NULL);
    pg_arg_int(&h, c->state);
    pg_arg_text(&h, c->why);
    pg_arg_text(&h, c->comment);
    snprintf(what, sizeof what, "记录数据项 %s（%s，%d 年）的修改历史失败", c->element, c->unit, c->year);
    return pg_do(p, SQL_HIST_ADD, &h, err, what);
}

bool pg_set_value(void *impl, const pm_value_change *c, pm_err *err)
{
    pgs *p = impl;
    bool outer;
    if (!pg_work_begin(p, &outer, err))
        return false;
    long eid = 0, uid = 0;
    pg_args a = {0};
    pg_arg_text(&a, c->element);
    PGresult *r = pg_run(p, SQL_ELEM_LIVE, &a, err, "查找数据项失败");
    bool ok = r != NULL;
    if (r && PQntuples(r))
        eid = (long)pg_int(r, 0, 0);
    else if (r)
        pm_err_set(err, 0, "未知数据项：%s（当前规划中没有这个数据项）", c->element);
    PQclear(r);
    ok = ok && eid && pg_find_unit(p, c->unit, &uid, err) == 1 && write_value(p, c, eid, uid, err);
    return pg_work_end(p, outer, ok, err);
}

/* ---- the scan ------------------------------------------------------------------------- */

/* COPY TO STDOUT streams the table: no result set of millions of rows is
 * held in memory, and each row is parsed straight from its text. */
static const char SQL_SCAN[] =
    "COPY (SELECT element_id, unit_id, year, value, state, estimate FROM data_value) TO STDOUT";

/* One line of the COPY text: "e\tu\ty\tv\ts\test\n" with \N for NULL. */
static bool scan_line(const char *line, pm_value *v)
{
    char *end;
    v->element_id = strtol(line, &end, 10);
    v->unit_id = strtol(end + 1, &end, 10);
    v->year = (int)strtol(end + 1, &end, 10);
    const char *val = end + 1;
    if (!strncmp(val, "\\N", 2)) {
        v->value = NAN;
        end = (char *)val + 2;
    } else {
        v->value = strtod(val, &end);
    }
    v->state = (pm_vstate)strtol(end + 1, &end, 10);
    v->estimate = strtol(end + 1, &end, 10) != 0;
    return *end == '\n' || *end == '\0';
}

bool pg_scan_values(void *impl, bool (*cb)(void *ctx, const pm_value *v), void *ctx, pm_err *err)
{
    pgs *p = impl;
    PGresult *r = PQexec(p->c, SQL_SCAN);
    bool ok = r && PQresultStatus(r) == PGRES_COPY_OUT;
    if (!ok)
        pg_fail_result(p, r, err, "读取数值失败"); /* the server's message, or the lost connection */
    PQclear(r);
    if (!ok)
        return false;
    bool go = true, bad = false;
    char *line;
    int len;
    /* Every line is read even after cb said stop: the COPY must end. */
    while ((len = PQgetCopyData(p->c, &line, 0)) > 0) {
        pm_value v;
        if (go && !scan_line(line, &v))
            bad = true, go = false;
        else if (go)
            go = cb(ctx, &v);
        PQfreemem(line);
    }
    r = PQgetResult(p->c);
    ok = len == -1 && r && PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok)
        pg_fail_result(p, r, err, "读取数值失败");
    PQclear(r);
    while ((r = PQgetResult(p->c)) != NULL)
        PQclear(r);
    if (ok && bad)
        pm_err_set(err, 0, "读取数据库 %s 中的数值失败：无法识别的行", p->where);
    return ok && !bad;
}

/* ---- bulk writes ------------------------------------------------------------------------ */

/* The rows of one write, in the order given (seq). ON COMMIT DELETE ROWS
 * and a TRUNCATE before each write: nothing of an earlier write stays. */
static const char SQL_INCOMING[] =
    "CREATE TEMP TABLE IF NOT EXISTS pm_incoming (seq bigint, element_id bigint, unit_id bigint,"
    " year integer, value double precision, state integer, comment text, estimate integer,"
    " old_value double precision, old_state integer) ON COMMIT DELETE ROWS";
static const char SQL_COPY_IN[] = "COPY pm_incoming FROM STDIN";
/* The first row naming an element or a unit that is not there. */
static const char SQL_BAD_ID[] =
    "SELECT i.seq, i.element_id, i.unit_id, e.id IS NULL FROM pm_incoming i"
    " LEFT JOIN element e ON e.id = i.element_id LEFT JOIN org_unit u ON u.id = i.unit_id"
    " WHERE e.id IS NULL OR u.id IS NULL ORDER BY i.seq LIMIT 1";
/* Figures: the last row of a key wins, as row-by-row upserts would. Known
 * figures are updated (no comment keeps the stored one, an empty one
 * clears it, as SQL_VAL_PUT), then the new ones inserted. */
#define PM_LAST_ROWS                                                                                         \
    "(SELECT DISTINCT ON (element_id, unit_id, year) * FROM pm_incoming"                                     \
    " ORDER BY element_id, unit_id, year, seq DESC)"
static const char SQL_UPDATE_ALL[] =
    "UPDATE data_value d SET value = i.value, state = i.state, estimate = i.estimate,"
    " comment = CASE WHEN i.comment IS NULL THEN d.comment ELSE nullif(i.comment, '') END"
    " FROM " PM_LAST_ROWS " i WHERE d.element_id = i.element_id AND d.unit_id = i.unit_id AND d.year = i.year";
static const char SQL_INSERT_ALL[] =
    "INSERT INTO data_value(element_id, unit_id, year, value, state, comment, estimate)"
    " SELECT element_id, unit_id, year, value, state, nullif(comment, ''), estimate FROM " PM_LAST_ROWS " i"
    " ON CONFLICT (element_id, unit_id, year) DO NOTHING";
/* The fast path for what an import of a year's first figures sends: no
 * key stored before (every row's old_state -1, as the writer read them)
 * and the keys strictly ascending (import.c's write order), so that there
 * is nothing to update and no duplicate to drop. The UPDATE of the general
 * path joins every incoming row to data_value (at 144 M figures, a scan of
 * the table per import) and DISTINCT ON sorts them all. No ON CONFLICT: a
 * figure another writer stored since the writer read them makes the whole
 * batch fail on the primary key (the general path would overwrite it,
 * with a history row naming the wrong old value). */
static const char SQL_INSERT_FRESH[] =
    "INSERT INTO data_value(element_id, unit_id, year, value, state, comment, estimate)"
    " SELECT element_id, unit_id, year, value, state, nullif(comment, ''), estimate FROM pm_incoming";
/* The history rows, in the order given, naming the write's one record of
 * who, when and why (value_batch, schema 21; none when no row came). */
static const char SQL_HIST_ALL[] =
    "WITH b AS (INSERT INTO value_batch(at, who, why) SELECT $1, $2, $3"
    "  WHERE EXISTS (SELECT 1 FROM pm_incoming) RETURNING id)"
    " INSERT INTO value_history(element_id, unit_id, year, batch_id, old_value, new_value, old_state,"
    " new_state, comment) SELECT i.element_id, i.unit_id, i.year, b.id, i.old_value, i.value, i.old_state,"
    " i.state, i.comment FROM pm_incoming i CROSS JOIN b ORDER BY i.seq";

/* Appends one row in COPY's text format: tabs between, \N for NULL,
 * backslash, tab, newline and CR escaped in text. */
static void copy_text(buf *b, const char *s)
{
    if (!s) {
        buf_puts(b, "\\N");
        return;
    }
    for (; *s; s++) {
        switch (*s) {
        case '\\': buf_puts(b, "\\\\"); break;
        case '\t': buf_puts(b, "\\t"); break;
        case '\n': buf_puts(b, "\\n"); break;
        case '\r': buf_puts(b, "\\r"); break;
        default: buf_putc(b, *s);
        }
    }
}

static void copy_real(buf *b, double v)
{
    if (isnan(v))
        buf_puts(b, "\\N");
    else
        buf_printf(b, "%.17g", v);
}

static void copy_row(buf *b, size_t seq, const pm_value_write *w)
{
    buf_printf(b, "%zu\t%ld\t%ld\t%d\t", seq, w->element_id, w->unit_id, w->year);
    copy_real(b, w->value);
    buf_printf(b, "\t%d\t", (int)w->state);
    copy_text(b, w->comment);
    buf_printf(b, "\t%d\t", w->estimate ? 1 : 0);
    copy_real(b, w->old_value);
    if (w->old_state < 0)
        buf_puts(b, "\t\\N\n");
    else
        buf_printf(b, "\t%d\n", w->old_state);
}

/* What the rows of one write were like, for choosing the statements. */
typedef struct incoming {
    size_t rows;    /* how many */
    bool fresh;     /* none had a stored figure (old_state -1) */
    bool ascending; /* keys strictly ascending: no key twice */
} incoming;

/* Whether key (e, u, y) comes strictly after the row w. */
static bool key_after(const pm_value_write *w, long e, long u, int y)
{
    if (e != w->element_id)
        return e > w->element_id;
    if (u != w->unit_id)
        return u > w->unit_id;
    return y > w->year;
}

/* Every row next() hands out, into pm_incoming through one COPY; *in says
 * how many and what they were like. */
static bool copy_all(pgs *p, pm_write_next next, void *ctx, incoming *in, pm_err *err)
{
    PGresult *r = PQexec(p->c, SQL_COPY_IN);
    bool ok = r && PQresultStatus(r) == PGRES_COPY_IN;
    if (!ok)
        pg_fail_result(p, r, err, "批量保存失败");
    PQclear(r);
    if (!ok)
        return false;
    buf b = BUF_INIT;
    const pm_value_write *v;
    size_t n;
    int more;
    *in = (incoming){0, true, true};
    pm_value_write last = {0};
    while (ok && (more = next(ctx, &v, &n, err)) == 1) {
        buf_reset(&b);
        for (size_t i = 0; i < n; i++) {
            in->fresh = in->fresh && v[i].old_state < 0;
            in->ascending = in->ascending && (!in->rows || key_after(&last, v[i].element_id, v[i].unit_id, v[i].year));
            last = v[i];
            copy_row(&b, ++in->rows, &v[i]);
        }
        ok = PQputCopyData(p->c, buf_str(&b), (int)b.len) == 1;
        if (!ok)
            pg_fail(p, err, "批量保存失败");
    }
    buf_free(&b);
    bool given = ok && more == 0;
    /* A failed next() ends the COPY with an error: nothing is kept. */
    PQputCopyEnd(p->c, given ? NULL : "planmon: 放弃本次写入");
    r = PQgetResult(p->c);
    bool copied = r && PQresultStatus(r) == PGRES_COMMAND_OK;
    if (given && !copied)
        pg_fail_result(p, r, err, "批量保存失败");
    PQclear(r);
    while ((r = PQgetResult(p->c)) != NULL)
        PQclear(r);
    return given && copied;
}

/* An id the rows name that is not there: the row and the id, as
 * sqlite_bulk.c says it. */
static bool ids_present(pgs *p, pm_err *err)
{
    PGresult *r = pg_run(p, SQL_BAD_ID, NULL, err, "检查批量保存的数据项和组织机构失败");
    if (r && PQntuples(r)) {
        bool elem = !strcmp(PQgetvalue(r, 0, 3), "t");
        pm_err_set(err, 0, "批量保存的第 %s 行：%s id %s 不存在，整批未保存", PQgetvalue(r, 0, 0),
                   elem ? "数据项" : "组织机构", PQgetvalue(r, 0, elem ? 1 : 2));
    }
    bool ok = r && !PQntuples(r);
    PQclear(r);
    return ok;
}

bool pg_write_values(void *impl, pm_write_next next, void *ctx, const char *who, const char *why, pm_err *err)
{
    pgs *p = impl;
    bool outer;
    if (!pg_work_begin(p, &outer, err))
        return false;
    char at[40];
    pg_args a = {0};
    pg_arg_text(&a, pg_now(at, sizeof at));
    pg_arg_text(&a, who);
    pg_arg_text(&a, why);
    incoming in;
    bool ok = pg_do(p, SQL_INCOMING, NULL, err, "准备批量保存失败") &&
              pg_exec(p, "TRUNCATE pm_incoming", err, "准备批量保存失败") && copy_all(p, next, ctx, &in, err) &&
              ids_present(p, err);
    if (ok && in.fresh && in.ascending)
        ok = pg_do(p, SQL_INSERT_FRESH, NULL, err, "批量保存数值失败，整批未保存");
    else if (ok)
        ok = pg_do(p, SQL_UPDATE_ALL, NULL, err, "批量保存数值失败，整批未保存") &&
             pg_do(p, SQL_INSERT_ALL, NULL, err, "批量保存数值失败，整批未保存");
    ok = ok && pg_do(p, SQL_HIST_ALL, &a, err, "批量记录修改历史失败，整批未保存");
    return pg_work_end(p, outer, ok, err);
}

/* ---- review moves ------------------------------------------------------------------------- */

/* As SQLite's SQL_MOVE_LOG and SQL_MOVE_SET, in one statement: the figures
 * of the unit's subtree whose state is in $4 (bits 1 << state) move to $5,
 * each with its history row (one 'at' for all). $1 unit, $2 element
 * (NULL: all), $3 year (0: all), $9 the review level acted at (0: any).
 * Review levels as SQLite's: cur is the level a figure waits at (one that
 * waited from before levels were named, 0, waits at its first: $10, by
 * unit level), nl the level the move leaves it at ($11, by cur and unit
 * level: pg_level_table); an approval that leaves it at a level keeps it
 * submitted for that level's reviewers. A figure whose state and level
 * stay the same does not change and gets no history row.
 * The history rows come in SQLite's order (its loop: the subtree breadth
 * first, siblings by id, then elements through their code index, then
 * years), here (depth, path of ids, element code, year): history reads
 * the same on both backends. */
static const char SQL_MOVE[] =
    "WITH RECURSIVE sub(id, depth, path, lvl) AS (SELECT id, 0, ARRAY[id], level FROM org_unit WHERE id = $1"
    " UNION ALL SELECT o.id, sub.depth + 1, sub.path || o.id, o.level FROM org_unit o JOIN sub ON o.parent_id = sub.id),"
    " cand AS (SELECT v.element_id, v.unit_id, v.year, v.state, v.review_level AS rl, sub.depth, sub.path, sub.lvl,"
    "  CASE WHEN v.state = 1 AND v.review_level = 0 THEN ($10::integer[])[sub.lvl + 1]"
    "       WHEN v.state = 1 THEN v.review_level ELSE 0 END AS cur"
    "  FROM data_value v JOIN sub ON v.unit_id = sub.id"
    "  WHERE ($2::bigint IS NULL OR v.element_id = $2) AND ($3::integer = 0 OR v.year = $3)"
    "  AND (($4::integer >> v.state) & 1) = 1),"
    " mv AS (SELECT *, ($11::integer[])[cur * 8 + lvl + 1] AS nl FROM cand WHERE $9::integer = 0 OR cur = $9),"
    " ch AS (SELECT *, CASE WHEN $5::integer = 2 AND nl > 0 THEN 1 ELSE $5::integer END AS ns FROM mv"
    "  WHERE state <> (CASE WHEN $5::integer = 2 AND nl > 0 THEN 1 ELSE $5::integer END) OR rl <> nl),"
    " moved AS (UPDATE data_value v SET state = ch.ns, review_level = ch.nl FROM ch"
    "  WHERE v.element_id = ch.element_id AND v.unit_id = ch.unit_id AND v.year = ch.year"
    "  RETURNING v.element_id, v.unit_id, v.year, v.value, ch.state AS old_state, ch.ns, ch.nl, ch.depth, ch.path)"
    " INSERT INTO value_history(element_id, unit_id, year, at, who, old_value, new_value, old_state, new_state,"
    " why, comment, new_level) SELECT m.element_id, m.unit_id, m.year, $6, $7, m.value, m.value, m.old_state, m.ns,"
    " $8, NULL, m.nl FROM moved m JOIN element e ON e.id = m.element_id"
    " ORDER BY m.depth, m.path, e.code COLLATE \"C\", m.year";

bool pg_transition(void *impl, const pm_transition *t, size_t *moved, pm_err *err)
{
    pgs *p = impl;
    long uid = 0, eid = 0;
    if (moved)
        *moved = 0;
    bool outer;
    if (!pg_work_begin(p, &outer, err))
        return false;
    pm_review_levels lv;
    bool ok = pg_find_unit(p, t->unit, &uid, err) == 1 &&
              (!t->element || pg_find_element(p, t->element, &eid, err) == 1) && pg_review_levels(p, &lv, err);
    char at[40], what[300], first[PG_CHAIN_CAP], next[PG_CHAIN_CAP];
    snprintf(what, sizeof what, "将组织机构 %s 及其下级的数值改为“%s”失败", t->unit, pm_vstate_label(t->to));
    pg_level_chain(&lv, PM_VS_SUBMITTED, 0, first, sizeof first);
    pg_level_table(&lv, t->to, next, sizeof next);
    pg_args a = {0};
    pg_arg_int(&a, uid);
    pg_arg_id(&a, eid);
    pg_arg_int(&a, t->year);
    pg_arg_int(&a, t->from);
    pg_arg_int(&a, t->to);
    pg_arg_text(&a, pg_now(at, sizeof at));
    pg_arg_text(&a, t->who);
    pg_arg_text(&a, t->why);
    pg_arg_int(&a, t->level);
    pg_arg_text(&a, first);
    pg_arg_text(&a, next);
    PGresult *r = ok ? pg_run(p, SQL_MOVE, &a, err, what) : NULL;
    size_t n = r ? (size_t)strtoull(PQcmdTuples(r), NULL, 10) : 0;
    PQclear(r);
    ok = pg_work_end(p, outer, r != NULL, err);
    if (moved && ok)
        *moved = n;
    return ok;
}

/* ---- listings and history ----------------------------------------------------------------- */

/* The same crossing as SQLite's, ordered by codes (byte order: COLLATE
 * "C", as SQLite compares). $1 unit id (NULL: every unit), $2 element id
 * (NULL: every element), $3 year (0: every year), $4 the range's last year. */
static const char SQL_VAL_LIST[] =
    "WITH RECURSIVE sub(id) AS (SELECT $1::bigint UNION ALL"
    " SELECT o.id FROM org_unit o JOIN sub ON o.parent_id = sub.id)"
    " SELECT e.code, u.code, v.year, v.value, v.state, v.comment, v.estimate, v.review_level"
    " FROM data_value v JOIN element e ON e.id = v.element_id JOIN org_unit u ON u.id = v.unit_id"
    " WHERE ($1::bigint IS NULL OR u.id IN (SELECT id FROM sub))"
    " AND ($2::bigint IS NULL OR e.id = $2) AND ($3::integer = 0 OR v.year BETWEEN $3 AND $4::integer)"
    " ORDER BY u.code COLLATE \"C\", e.code COLLATE \"C\", v.year";
static const char SQL_HIST_LIST[] =
    "WITH RECURSIVE sub(id) AS (SELECT $1::bigint UNION ALL"
    " SELECT o.id FROM org_unit o JOIN sub ON o.parent_id = sub.id)"
    " " PM_SQL_HIST_COLS
    " FROM value_history h JOIN element e ON e.id = h.element_id JOIN org_unit u ON u.id = h.unit_id"
    PM_SQL_HIST_BATCH
    " WHERE ($1::bigint IS NULL OR u.id IN (SELECT id FROM sub))"
    " AND ($2::bigint IS NULL OR e.id = $2) AND ($3::integer = 0 OR h.year BETWEEN $3 AND $4::integer) ORDER BY h.id";

/* A listing's rows, from one snapshot (REPEATABLE READ when the
 * transaction is ours), each handed to row(ctx) as it arrives (pg_each:
 * an export or an import's checks at the national size list tens of
 * millions of figures). */
static bool listing(pgs *p, const pm_filter *f, const char *sql, bool (*row)(void *ctx, const PGresult *r), void *ctx,
                    pm_err *err, const char *what)
{
    bool outer;
    if (!pg_work_begin(p, &outer, err))
        return false;
    long uid = 0, eid = 0;
    bool ok = (!outer || pg_exec(p, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", err, what)) &&
              (!f->unit || pg_find_unit(p, f->unit, &uid, err) == 1) &&
              (!f->element || pg_find_element(p, f->element, &eid, err) == 1);
    if (ok) {
        pg_args a = {0};
        pg_arg_id(&a, uid);
        pg_arg_id(&a, eid);
        pg_arg_int(&a, f->year);
        pg_arg_int(&a, f->year_last);
        ok = pg_each(p, sql, &a, row, ctx, err, what);
    }
    return pg_work_end(p, outer, ok, err);
}

/* A caller's callback and its context, for the row functions below. */
typedef struct list_cb {
    bool (*value)(void *ctx, const pm_value_row *r);
    bool (*history)(void *ctx, const pm_history_row *r);
    void *ctx;
} list_cb;

static bool value_row(void *ctx, const PGresult *r)
{
    const list_cb *c = ctx;
    pm_value_row row = {
        .element = PQgetvalue(r, 0, 0),
        .unit = PQgetvalue(r, 0, 1),
        .year = (int)pg_int(r, 0, 2),
        .value = pg_real(r, 0, 3),
        .state = (pm_vstate)pg_int(r, 0, 4),
        .comment = pg_null(r, 0, 5) ? NULL : PQgetvalue(r, 0, 5),
        .estimate = pg_int(r, 0, 6) != 0,
        .review_level = (int)pg_int(r, 0, 7),
    };
    return c->value(c->ctx, &row);
}

bool pg_list_values(void *impl, const pm_filter *f, bool (*cb)(void *ctx, const pm_value_row *r), void *ctx,
                    pm_err *err)
{
    list_cb c = {.value = cb, .ctx = ctx};
    return listing(impl, f, SQL_VAL_LIST, value_row, &c, err, "读取数值失败");
}

static bool history_row(void *ctx, const PGresult *r)
{
    const list_cb *c = ctx;
    pm_history_row row = {
        .id = (long)pg_int(r, 0, 0),
        .element = PQgetvalue(r, 0, 1),
        .unit = PQgetvalue(r, 0, 2),
        .year = (int)pg_int(r, 0, 3),
        .at = PQgetvalue(r, 0, 4),
        .who = PQgetvalue(r, 0, 5),
        .old_value = pg_real(r, 0, 6),
        .new_value = pg_real(r, 0, 7),
        .old_state = pg_null(r, 0, 8) ? -1 : (int)pg_int(r, 0, 8),
        .new_state = (int)pg_int(r, 0, 9),
        .why = pg_null(r, 0, 10) ? NULL : PQgetvalue(r, 0, 10),
        .comment = pg_null(r, 0, 11) ? NULL : PQgetvalue(r, 0, 11),
    };
    return c->history(c->ctx, &row);
}

bool pg_history(void *impl, const pm_filter *f, bool (*cb)(void *ctx, const pm_history_row *r), void *ctx,
                pm_err *err)
{
    list_cb c = {.history = cb, .ctx = ctx};
    return listing(impl, f, SQL_HIST_LIST, history_row, &c, err, "读取修改历史失败");
}

/* ---- unit targets --------------------------------------------------------------------------- */

static const char SQL_TGT_DEL[] = "DELETE FROM unit_target WHERE plan_id = $1";
static const char SQL_TGT_INS[] = "INSERT INTO unit_target(plan_id, unit_id, indicator_code, baseline, target)"
                                  " VALUES ($1, $2, $3, $4, $5)";
static const char SQL_TGT_GET[] = "SELECT u.code, t.indicator_code, t.baseline, t.target FROM unit_target t"
                                  " JOIN org_unit u ON u.id = t.unit_id WHERE t.plan_id = $1"
                                  " ORDER BY u.id, t.indicator_code COLLATE \"C\"";
static const char SQL_IND_EXISTS[] = "SELECT 1 FROM indicator WHERE code = $1 AND plan_id = $2";

static bool put_target(pgs *p, long plan, const pm_unit_target *t, pm_err *err)
{
    long uid = 0;
    pm_err unknown = {0};
    int found = pg_find_unit(p, t->unit, &uid, &unknown);
    if (found == 0)
        pm_err_set(err, 0, "分解目标中的组织机构不存在：%s", t->unit);
    else if (found < 0)
        *err = unknown;
    if (found != 1)
        return false;
    pg_args q = {0};
    pg_arg_text(&q, t->indicator);
    pg_arg_int(&q, plan);
    PGresult *r = pg_run(p, SQL_IND_EXISTS, &q, err, "查找指标失败");
    if (r && !PQntuples(r))
        pm_err_set(err, 0, "分解目标中的指标不存在：%s（组织机构 %s）", t->indicator, t->unit);
    bool ok = r && PQntuples(r);
    PQclear(r);
    if (!ok)
        return false;
    char what[300];
    snprintf(what, sizeof what, "保存组织机构 %s 指标 %s 的分解目标失败（可能重复）", t->unit, t->indicator);
    pg_args a = {0};
    pg_arg_int(&a, plan);
    pg_arg_int(&a, uid);
    pg_arg_text(&a, t->indicator);
    pg_arg_real(&a, t->baseline);
    pg_arg_real(&a, t->target);
    return pg_do(p, SQL_TGT_INS, &a, err, what);
}

bool pg_put_targets(void *impl, const pm_unit_target *t, size_t n, pm_err *err)
{
    pgs *p = impl;
    bool outer;
    long plan = 0;
    if (!pg_plan_work_begin(p, &outer, &plan, err))
        return false;
    pg_args a = {0};
    pg_arg_int(&a, plan);
    bool ok = pg_do(p, SQL_TGT_DEL, &a, err, "清除分解目标失败");
    for (size_t i = 0; ok && i < n; i++)
        ok = put_target(p, plan, &t[i], err);
    return pg_work_end(p, outer, ok, err);
}

bool pg_get_targets(void *impl, pm_unit_target **t, size_t *n, pm_err *err)
{
    pgs *p = impl;
    *t = NULL;
    *n = 0;
    pg_args a = {0};
    if (!pg_arg_plan(p, &a, err))
        return false;
    PGresult *r = pg_run(p, SQL_TGT_GET, &a, err, "读取分解目标失败");
    if (!r)
        return false;
    *n = (size_t)PQntuples(r);
    *t = *n ? xcalloc(*n, sizeof **t) : NULL;
    for (int i = 0; i < PQntuples(r); i++) {
        (*t)[i].unit = pg_dup0(r, i, 0);
        (*t)[i].indicator = pg_dup0(r, i, 1);
        (*t)[i].baseline = pg_real(r, i, 2);
        (*t)[i].target = pg_real(r, i, 3);
    }
    PQclear(r);
    return true;
}

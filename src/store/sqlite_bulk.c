/* The SQLite backend's bulk writes: many figures and their history rows
 * in one unit of work, for imports (pm_store_write_values and
 * pm_store_write_stream; sqlite_backend.h). */
#include <math.h>
#include <stdio.h>

#include "base/buf.h"
#include "base/u64map.h"
#include "store/sqlite_backend.h"
#include "store/sqlite_bind.h"

/* The batch's one record of who, when and why (schema 21: value_batch),
 * written before its first history row. */
static const char SQL_BATCH_NEW[] = "INSERT INTO value_batch(at, who, why) VALUES (" SQ_NOW ", :who, :why)";
/* sq_sql_val_put per row (sqlite_values.c), then this, with :batch_id
 * bound once for the whole batch. */
static const char SQL_HIST_WRITE[] = "INSERT INTO value_history(element_id, unit_id, year, batch_id, old_value,"
                                     " new_value, old_state, new_state, comment)"
                                     " VALUES (:element_id, :unit_id, :year, :batch_id, :old_value, :new_value,"
                                     " :old_state, :new_state, :comment)";
/* Only for messages, after a row of a batch failed, and for the ids a
 * batch checks (id_check). */
static const char SQL_ELEM_CODE[] = "SELECT code FROM element WHERE id = :id";
static const char SQL_UNIT_CODE[] = "SELECT code FROM org_unit WHERE id = :id";

/* Copies the code of the row with that id (SQL_ELEM_CODE or SQL_UNIT_CODE)
 * into out: 1 found, 0 not there, -1 error. For messages only: it leaves
 * err alone, so the failure being reported keeps its say. */
static int lookup_code(sq *s, const char *sql, long key, char *out, size_t cap)
{
    pm_err ignored = {0};
    sqlite3_stmt *st = sq_use(s, sql, &ignored);
    if (!st)
        return -1;
    int rc = SQLITE_OK;
    sq_bind_int(st, ":id", key, &rc);
    int found = sq_one(s, st, rc, &ignored, "查找代码失败");
    if (found == 1) {
        snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
        sq_done(st);
    }
    return found;
}

/* Writes the batch's record (who, when, why) and binds its id into both
 * history statements (the one-row hist and the chunk's), where it stays
 * for every row of the batch. */
static bool batch_begin(sq *s, sqlite3_stmt *hist, const char *who, const char *why, sqlite3_int64 *id,
                        pm_err *err)
{
    sqlite3_stmt *st = sq_use(s, SQL_BATCH_NEW, err);
    if (!st)
        return false;
    int rc = SQLITE_OK;
    sq_bind_text(st, ":who", who, &rc);
    sq_bind_text(st, ":why", why, &rc);
    bool ok = rc == SQLITE_OK && sqlite3_step(st) == SQLITE_DONE;
    if (!ok)
        sq_fail(s, err, "记录本批修改的操作人和时间失败");
    sq_done(st);
    if (!ok)
        return false;
    *id = sqlite3_last_insert_rowid(s->db);
    sq_bind_int(hist, ":batch_id", *id, &rc);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_int64(s->hist_many, 1, *id);
    if (rc != SQLITE_OK) {
        pm_err_set(err, 0, "批量保存数值：绑定参数失败（%s）", sqlite3_errstr(rc));
        return false;
    }
    return true;
}

/* Parameter positions of the two statements a batch steps, looked up once
 * per call: the row loop binds by position (the SQL still names them). */
enum { WP_ELEMENT, WP_UNIT, WP_YEAR, WP_VALUE, WP_STATE, WP_COMMENT, WP_ESTIMATE, WP_COUNT };
static const char *const wp_names[WP_COUNT] = {":element_id", ":unit_id", ":year",    ":value",
                                               ":state",      ":comment", ":estimate"};
enum { WH_ELEMENT, WH_UNIT, WH_YEAR, WH_OLD_VALUE, WH_NEW_VALUE, WH_OLD_STATE, WH_NEW_STATE,
       WH_COMMENT, WH_COUNT };
static const char *const wh_names[WH_COUNT] = {":element_id", ":unit_id",   ":year",
                                               ":old_value",  ":new_value", ":old_state",
                                               ":new_state",  ":comment"};

static bool positions(sqlite3_stmt *st, const char *const *names, int *pos, int n)
{
    for (int i = 0; i < n; i++)
        if (!(pos[i] = sqlite3_bind_parameter_index(st, names[i])))
            return false;
    return true;
}

static int bind_real_at(sqlite3_stmt *st, int i, double v)
{
    return isnan(v) ? sqlite3_bind_null(st, i) : sqlite3_bind_double(st, i, v);
}

static int bind_text_at(sqlite3_stmt *st, int i, const char *v)
{
    return v ? sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
}

/* Says which row of a batch failed (1-based) and why: an element or unit
 * id that is not there (the foreign keys' refusal), else the row's codes
 * and SQLite's message. Called before the failed statement is reset, and
 * only on failure, so it may look codes up. */
static void row_failed(sq *s, const pm_value_write *w, size_t row, const char *what, pm_err *err)
{
    char why[256], elem[128], unit[128];
    snprintf(why, sizeof why, "%s", sqlite3_errmsg(s->db));
    int e = lookup_code(s, SQL_ELEM_CODE, w->element_id, elem, sizeof elem);
    int u = lookup_code(s, SQL_UNIT_CODE, w->unit_id, unit, sizeof unit);
    if (e == 0)
        pm_err_set(err, 0, "批量保存的第 %zu 行：数据项 id %ld 不存在，整批未保存", row, w->element_id);
    else if (u == 0)
        pm_err_set(err, 0, "批量保存的第 %zu 行：组织机构 id %ld 不存在，整批未保存", row, w->unit_id);
    else if (e == 1 && u == 1)
        pm_err_set(err, 0, "批量保存的第 %zu 行（数据项 %s，组织机构 %s，%d 年）%s失败，整批未保存：%s",
                   row, elem, unit, w->year, what, why);
    else
        pm_err_set(err, 0,
                   "批量保存的第 %zu 行（数据项 id %ld，组织机构 id %ld，%d 年）%s失败，整批未保存：%s",
                   row, w->element_id, w->unit_id, w->year, what, why);
}

/* The one-row path of a batch: per row two binds-and-steps of prepared
 * statements. Used for a batch's last rows (fewer than WRITE_CHUNK), for a
 * chunk that clears a comment, and to find the row a chunk failed on. The
 * batch's :batch_id stays bound (sqlite3_reset keeps bindings).
 * Binding by position onto a reset statement fails only on a bug, so the
 * codes are or-ed and checked once. first: the 0-based position of v[0]
 * in the caller's batch, for messages. */
static bool write_rows(sq *s, sqlite3_stmt *put, const int *pp, sqlite3_stmt *hist, const int *hp,
                       const pm_value_write *v, size_t n, size_t first, pm_err *err)
{
    for (size_t i = 0; i < n; i++) {
        const pm_value_write *w = &v[i];
        int bad = sqlite3_bind_int64(put, pp[WP_ELEMENT], w->element_id);
        bad |= sqlite3_bind_int64(put, pp[WP_UNIT], w->unit_id);
        bad |= sqlite3_bind_int(put, pp[WP_YEAR], w->year);
        bad |= bind_real_at(put, pp[WP_VALUE], w->value);
        bad |= sqlite3_bind_int(put, pp[WP_STATE], (int)w->state);
        bad |= bind_text_at(put, pp[WP_COMMENT], w->comment);
        bad |= sqlite3_bind_int(put, pp[WP_ESTIMATE], w->estimate);
        if (bad) {
            pm_err_set(err, 0, "批量保存的第 %zu 行：绑定参数失败", first + i + 1);
            return false;
        }
        if (sqlite3_step(put) != SQLITE_DONE) {
            row_failed(s, w, first + i + 1, "保存数值", err);
            return false;
        }
        sqlite3_reset(put);

        bad = sqlite3_bind_int64(hist, hp[WH_ELEMENT], w->element_id);
        bad |= sqlite3_bind_int64(hist, hp[WH_UNIT], w->unit_id);
        bad |= sqlite3_bind_int(hist, hp[WH_YEAR], w->year);
        bad |= bind_real_at(hist, hp[WH_OLD_VALUE], w->old_value);
        bad |= bind_real_at(hist, hp[WH_NEW_VALUE], w->value);
        bad |= w->old_state < 0 ? sqlite3_bind_null(hist, hp[WH_OLD_STATE])
                                : sqlite3_bind_int(hist, hp[WH_OLD_STATE], w->old_state);
        bad |= sqlite3_bind_int(hist, hp[WH_NEW_STATE], (int)w->state);
        bad |= bind_text_at(hist, hp[WH_COMMENT], w->comment);
        if (bad) {
            pm_err_set(err, 0, "批量保存的第 %zu 行：绑定参数失败", first + i + 1);
            return false;
        }
        if (sqlite3_step(hist) != SQLITE_DONE) {
            row_failed(s, w, first + i + 1, "记录修改历史", err);
            return false;
        }
        sqlite3_reset(hist);
    }
    return true;
}

/* ---- multi-row writes ---- */

/* Rows per multi-row INSERT. One statement step per chunk instead of one
 * per row saves SQLite's per-statement work (VDBE start and halt, cursor
 * opening, the statement journal) 63 times in 64; past a few dozen rows
 * the gain flattens (measured on the 10-million-row import benchmark,
 * docs/performance.md) while the statement's parameters grow (7 and 8 a
 * row, far under SQLITE_MAX_VARIABLE_NUMBER). */
enum { WRITE_CHUNK = 64, PUT_PARAMS = 7, HIST_PARAMS = 8, HIST_FIXED = 1 };

/* The figures of a chunk: the one-row sq_sql_val_put repeated, except that the
 * comment goes in as it is and a NULL keeps the stored one. "" (clear the
 * comment) cannot be told from NULL once it went through nullif, so chunks
 * holding one take the one-row path (chunk_clears_comment).
 * OR FAIL, here and in the history's: a statement that may stop halfway
 * with ABORT keeps a statement journal, a copy of every page it changes
 * taken before the change (16 KiB a page, a few pages a chunk: 4.7 % of a
 * bulk import's instructions, callgrind). With FAIL the rows before a
 * failing one stay, which no batch keeps: its own transaction is rolled
 * back, or the caller's savepoint, after write_all has named the row
 * (redoing the chunk row by row, where it fails again). Foreign keys
 * are still checked at the end of the statement and undo it whole
 * (SQLite journals for them whatever the OR), so a chunk refused by them
 * inside the caller's transaction is redone row by row from where it
 * was. */
static const char put_many_head[] =
    "INSERT OR FAIL INTO data_value(element_id, unit_id, year, value, state, comment, estimate) VALUES ";
static const char put_many_tail[] =
    " ON CONFLICT(element_id, unit_id, year) DO UPDATE SET value = excluded.value,"
    " state = excluded.state, estimate = excluded.estimate, comment = coalesce(excluded.comment, data_value.comment)";
/* Their history rows: ?1 the batch's id, bound once per batch and shared
 * by every row; each row's own parameters follow. */
static const char hist_many_head[] =
    "INSERT OR FAIL INTO value_history(element_id, unit_id, year, batch_id, old_value,"
    " new_value, old_state, new_state, comment) VALUES ";

/* Prepares the two chunk statements on first use (kept until close).
 * Only placeholders are generated: no data reaches the SQL text. */
static bool prepare_many(sq *s, pm_err *err)
{
    if (s->put_many && s->hist_many)
        return true;
    buf put = BUF_INIT, hist = BUF_INIT;
    buf_puts(&put, put_many_head);
    buf_puts(&hist, hist_many_head);
    for (int r = 0; r < WRITE_CHUNK; r++) {
        int p = r * PUT_PARAMS, h = HIST_FIXED + r * HIST_PARAMS;
        buf_printf(&put, "%s(?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d)", r ? ", " : "", p + 1, p + 2, p + 3, p + 4, p + 5,
                   p + 6, p + 7);
        /* element, unit, year, batch, old_value, new_value, old_state, new_state, comment */
        buf_printf(&hist, "%s(?%d, ?%d, ?%d, ?1, ?%d, ?%d, ?%d, ?%d, ?%d)", r ? ", " : "", h + 1, h + 2, h + 3,
                   h + 4, h + 5, h + 6, h + 7, h + 8);
    }
    buf_puts(&put, put_many_tail);
    int rc = sqlite3_prepare_v3(s->db, buf_str(&put), -1, SQLITE_PREPARE_PERSISTENT, &s->put_many, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v3(s->db, buf_str(&hist), -1, SQLITE_PREPARE_PERSISTENT, &s->hist_many, NULL);
    buf_free(&put);
    buf_free(&hist);
    if (rc != SQLITE_OK) {
        sq_fail(s, err, "数据库 %s 准备批量写入语句失败", s->path);
        sqlite3_finalize(s->put_many);
        sqlite3_finalize(s->hist_many);
        s->put_many = s->hist_many = NULL;
        return false;
    }
    return true;
}

static bool chunk_clears_comment(const pm_value_write *v)
{
    for (int i = 0; i < WRITE_CHUNK; i++)
        if (v[i].comment && !v[i].comment[0])
            return true;
    return false;
}

/* Binds the WRITE_CHUNK rows at v to the chunk statements; SQLITE_OK or
 * the first failure (a bug: the positions are the statements' own). */
static int bind_chunk(sq *s, const pm_value_write *v)
{
    sqlite3_stmt *put = s->put_many, *hist = s->hist_many;
    int bad = SQLITE_OK;
    for (int r = 0; r < WRITE_CHUNK; r++) {
        const pm_value_write *w = &v[r];
        int p = r * PUT_PARAMS, h = HIST_FIXED + r * HIST_PARAMS;
        bad |= sqlite3_bind_int64(put, p + 1, w->element_id);
        bad |= sqlite3_bind_int64(put, p + 2, w->unit_id);
        bad |= sqlite3_bind_int(put, p + 3, w->year);
        bad |= bind_real_at(put, p + 4, w->value);
        bad |= sqlite3_bind_int(put, p + 5, (int)w->state);
        bad |= bind_text_at(put, p + 6, w->comment);
        bad |= sqlite3_bind_int(put, p + 7, w->estimate);
        bad |= sqlite3_bind_int64(hist, h + 1, w->element_id);
        bad |= sqlite3_bind_int64(hist, h + 2, w->unit_id);
        bad |= sqlite3_bind_int(hist, h + 3, w->year);
        bad |= bind_real_at(hist, h + 4, w->old_value);
        bad |= bind_real_at(hist, h + 5, w->value);
        bad |= w->old_state < 0 ? sqlite3_bind_null(hist, h + 6) : sqlite3_bind_int(hist, h + 6, w->old_state);
        bad |= sqlite3_bind_int(hist, h + 7, (int)w->state);
        bad |= bind_text_at(hist, h + 8, w->comment);
    }
    return bad;
}

/* One chunk: its figures in one statement, then their history rows in
 * another. 1 written, 0 refused by a constraint (a foreign key: an id that
 * is not there) with the transaction still open, -1 any other failure
 * (err set). The statement that fails is undone by SQLite as a whole
 * (statement journal), so after a 0 the caller may redo the chunk row by
 * row to name the row at fault. */
static int write_chunk(sq *s, const pm_value_write *v, size_t first, pm_err *err)
{
    if (bind_chunk(s, v) != SQLITE_OK) {
        pm_err_set(err, 0, "批量保存的第 %zu–%zu 行：绑定参数失败", first + 1, first + WRITE_CHUNK);
        return -1;
    }
    int rc = sqlite3_step(s->put_many);
    if (rc == SQLITE_DONE)
        rc = sqlite3_step(s->hist_many);
    int out = 1;
    if (rc != SQLITE_DONE) {
        if ((rc & 0xff) == SQLITE_CONSTRAINT && !sqlite3_get_autocommit(s->db)) {
            out = 0;
        } else {
            sq_fail(s, err, "批量保存的第 %zu–%zu 行失败，整批未保存", first + 1, first + WRITE_CHUNK);
            out = -1;
        }
    }
    sqlite3_reset(s->put_many);
    sqlite3_reset(s->hist_many);
    return out;
}

/* Every row of a batch: whole chunks through the multi-row statements,
 * the rest (and chunks the one-row path must take) row by row. Rows are
 * written, and their history appended, in the batch's order. */
static bool write_all(sq *s, sqlite3_stmt *put, const int *pp, sqlite3_stmt *hist, const int *hp,
                      const pm_value_write *v, size_t n, size_t first, pm_err *err)
{
    size_t i = 0;
    for (; i + WRITE_CHUNK <= n; i += WRITE_CHUNK) {
        int got = chunk_clears_comment(v + i) ? 0 : write_chunk(s, v + i, first + i, err);
        if (got < 0)
            return false;
        /* 0: the one-row path writes the chunk, or finds the row at fault. */
        if (got == 0 && !write_rows(s, put, pp, hist, hp, v + i, WRITE_CHUNK, first + i, err))
            return false;
    }
    return write_rows(s, put, pp, hist, hp, v + i, n - i, first + i, err);
}

/* ---- foreign keys, checked once per id ---- */

/* A batch that opens its own transaction writes with the connection's
 * foreign keys off, and checks instead, under the same write lock, that
 * every element and unit id it writes is there: once per distinct id,
 * not twice per row (data_value and value_history each name both). The
 * guarantee is the same: BEGIN IMMEDIATE holds the write lock from before
 * the first check to the commit, so nothing can remove a checked row in
 * between, and the batch itself deletes nothing. Per-row checks were a
 * third of the instructions of a bulk write (callgrind, 200,000 rows of
 * the import benchmark). PRAGMA foreign_keys can change only outside a
 * transaction, so a batch inside the caller's transaction keeps them on.
 * The message is the foreign keys' own (row_failed): the first row whose
 * id is not there. */
typedef struct id_check {
    u64map elems, units; /* ids found present */
    long last_e, last_u; /* the previous row's, found present (rows come sorted) */
} id_check;

static bool id_present(sq *s, const char *sql, long key, u64map *found, long *last, int *rc)
{
    size_t ignored;
    if (key == *last || u64map_get(found, (uint64_t)key, &ignored)) {
        *last = key;
        return true;
    }
    char code[128];
    int got = lookup_code(s, sql, key, code, sizeof code);
    if (got < 0)
        *rc = -1;
    if (got != 1)
        return false;
    u64map_put(found, (uint64_t)key, 1);
    *last = key;
    return true;
}

/* 1 every id of rows[0..n) present, 0 not (err names the row, numbered
 * from first + 1), -1 the lookup failed (err set). */
static int check_ids(sq *s, id_check *c, const pm_value_write *v, size_t n, size_t first, pm_err *err)
{
    for (size_t i = 0; i < n; i++) {
        int rc = 0;
        bool e = id_present(s, SQL_ELEM_CODE, v[i].element_id, &c->elems, &c->last_e, &rc);
        bool u = e && id_present(s, SQL_UNIT_CODE, v[i].unit_id, &c->units, &c->last_u, &rc);
        if (rc < 0) {
            sq_fail(s, err, "批量保存的第 %zu 行：查找数据项或组织机构失败", first + i + 1);
            return -1;
        }
        if (!e) {
            pm_err_set(err, 0, "批量保存的第 %zu 行：数据项 id %ld 不存在，整批未保存", first + i + 1, v[i].element_id);
            return 0;
        }
        if (!u) {
            pm_err_set(err, 0, "批量保存的第 %zu 行：组织机构 id %ld 不存在，整批未保存", first + i + 1, v[i].unit_id);
            return 0;
        }
    }
    return 1;
}

/* Enters (on) or leaves the settings of a bulk write that owns its
 * transaction (outside a transaction only: SQLite ignores PRAGMA
 * foreign_keys inside one): foreign keys off (see id_check), CHECK
 * constraints off, and statement journals in memory.
 *
 * The CHECKs a batch's rows meet are the states' ranges, which the store
 * checks of every row before any SQL (store.c's write_invalid, for both
 * backends), and columns the statements' text sets (the history's
 * batch_id, at, who and why; estimate is bound from a bool). SQLite's
 * per-row checks of them were about a tenth of the rows' writing (10 M-row
 * import, two runs each way: 10.45–11.35 s with them, 9.64–9.84 s
 * without).
 *
 * Each 64-row statement journals the pages it changes, so that it
 * can be undone alone; past 64 KiB SQLite spills that journal to a
 * temporary file, and a million-row import made 430,000 writes instead of
 * 105,000 (strace), a few per cent of its time. Not for every
 * transaction: under a savepoint (a write inside the caller's
 * transaction) the in-memory journal made bulk writes slower instead. */
static bool bulk_mode(sq *s, bool on, pm_err *err)
{
    const char *sql = on ? "PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON;"
                           " PRAGMA temp_store = MEMORY"
                         : "PRAGMA foreign_keys = ON; PRAGMA ignore_check_constraints = OFF;"
                           " PRAGMA temp_store = DEFAULT";
    bool ok = sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK;
    /* A statement keeps the CHECKs it was prepared with (SQLite does not
     * expire it when the pragma changes): every cached one goes, so that
     * the batch's are prepared without them and every later write's with
     * them again. Both ends are outside a transaction, with no statement
     * of the connection running. */
    sq_forget_statements(s);
    sqlite3_finalize(s->put_many);
    sqlite3_finalize(s->hist_many);
    s->put_many = s->hist_many = NULL;
    if (!ok)
        sq_fail(s, err, "数据库 %s %s批量写入设置失败", s->path, on ? "进入" : "退出");
    return ok;
}

/* A batch whose first slice has at least this many rows writes with
 * data_value's data-generation triggers held (sq_datagen_hold: ~5,400
 * instructions a row saved). Dropping and making them again is a schema
 * change, which every connection pays for once by reading the schema
 * again (a millisecond or two): a web form's few figures keep the
 * triggers. */
enum { HOLD_ROWS = 4096 };

/* One unit of work for every row the stream hands out (see work_begin):
 * a failing row undoes every row before it. */
bool sq_write_values(void *impl, pm_write_next next, void *ctx, const char *who, const char *why,
                            pm_err *err)
{
    sq *s = impl;
    /* Own transaction: foreign keys off, ids checked instead (see
     * id_check); statement journals in memory (bulk_mode). */
    bool own = sqlite3_get_autocommit(s->db) != 0;
    if (own && !bulk_mode(s, true, err))
        return false;
    bool outer;
    if (!sq_work_begin(s, true, &outer, err)) {
        if (own)
            bulk_mode(s, false, err);
        return false;
    }
    int pp[WP_COUNT], hp[WH_COUNT];
    sqlite3_stmt *put = sq_use(s, sq_sql_val_put, err);
    sqlite3_stmt *hist = put ? sq_use(s, SQL_HIST_WRITE, err) : NULL;
    bool ok = hist && prepare_many(s, err);
    if (ok && (!positions(put, wp_names, pp, WP_COUNT) || !positions(hist, wh_names, hp, WH_COUNT))) {
        pm_err_set(err, 0, "批量保存数值：绑定参数失败（%s）", sqlite3_errstr(SQLITE_RANGE));
        ok = false;
    }
    /* The packed blocks the batch touches, patched best effort (a failure
     * leaves them stale: sqlite_blocks.c). */
    pm_err ignored = {0};
    bool blocks = false;
    if (ok)
        sq_blocks_before(s, &blocks, &ignored);
    sq_block_patch patch;
    sq_blocks_patch_begin(s, &patch, blocks, &ignored);
    id_check ids = {.last_e = -1, .last_u = -1};
    sqlite3_int64 batch = 0; /* the batch's record, written with its first rows */
    u64map_init(&ids.elems, 64);
    u64map_init(&ids.units, 1024);
    size_t first = 0;
    bool held = false; /* data_value's triggers dropped, to be made again */
    while (ok) {
        const pm_value_write *rows = NULL;
        size_t n = 0;
        int got = next(ctx, &rows, &n, err);
        if (got <= 0) {
            ok = got == 0;
            break;
        }
        if (!first && n >= HOLD_ROWS && !(held = sq_datagen_hold(s, "data_value", err))) {
            ok = false;
            break;
        }
        ok = (!own || check_ids(s, &ids, rows, n, first, err) == 1) && (!n || batch || batch_begin(s, hist, who, why, &batch, err)) &&
             write_all(s, put, pp, hist, hp, rows, n, first, err);
        if (ok && !sq_blocks_patch_rows(s, &patch, rows, n, &ignored))
            patch.valid = false;
        first += n;
    }
    u64map_free(&ids.elems);
    u64map_free(&ids.units);
    /* The comments are borrowed: no binding outlives the call. */
    if (put)
        sq_done(put);
    if (hist)
        sq_done(hist);
    if (s->put_many)
        sq_done(s->put_many);
    if (s->hist_many)
        sq_done(s->hist_many);
    /* Before the blocks take the generation they are valid for. */
    if (ok && held)
        ok = sq_datagen_release(s, "data_value", err);
    sq_blocks_patch_end(s, &patch, ok, &ignored);
    ok = sq_work_end(s, outer, ok, err);
    /* Back to the usual settings for every other write of this
     * connection. Setting them outside a transaction does not fail short of
     * a broken connection; the batch's own outcome stands either way. */
    if (own)
        bulk_mode(s, false, &ignored);
    return ok;
}

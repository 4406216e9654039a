/* The SQLite backend's packed blocks of figures (schema 19; sqlite_backend.h).
 *
 * Why: an evaluation read every row of data_value through SQLite, and that
 * scan cost about twice a bare SELECT sum(value) (docs/performance.md).
 * value_block holds the same figures per element and year as one BLOB of
 * doubles in the tree's preorder (NaN: none) and one bitmap of estimate
 * marks, so that a reader copies each block into the engine's row in one
 * sequential pass.
 *
 * Valid for: value_block_meta.gen equal to the data generation
 * (sqlite_datagen.c), and value_block_meta.units equal to the unit ids of
 * the tree being evaluated, in preorder. Every write to data_value (and to
 * org_unit, element, …) moves the generation, so blocks nobody patched are
 * simply stale and the reader scans instead; correctness never rests on a
 * write path remembering to patch. The writes of figures (sq_set_value,
 * sq_write_values) patch the blocks in their own transaction and set gen
 * to the generation they leave, so that an ordinary write does not cost
 * the next reader a full rescan. A review move changes no value or
 * estimate mark: it carries gen forward.
 *
 * Blocks cover every element with figures, not only the plan in use's, so
 * that evaluating an earlier plan (continuing indicators) reads them too.
 * The bytes are the host's (doubles and ids as in memory): a file moved to
 * a host of the other byte order fails the units comparison and is
 * rebuilt. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/idmap.h"
#include "base/mem.h"
#include "base/u64map.h"
#include "store/sqlite_backend.h"
#include "store/sqlite_bind.h"
#include "store/sqlite_schema.h"

static const char SQL_GEN[] = "SELECT n FROM data_gen WHERE id = 1";
static const char SQL_META[] = "SELECT gen, units FROM value_block_meta WHERE id = 1";
/* A block of the wrong size (never written so) makes the whole set
 * invalid; length() of a BLOB reads the record header, not the bytes. */
static const char SQL_BAD_SIZE[] = "SELECT count(*) FROM value_block WHERE length(vals) <> :nv OR length(est) <> :ne";
/* Without vals: a result column is read when the row is stepped, and
 * the values go straight into the caller's row through a blob handle. */
static const char SQL_BLOCKS[] = "SELECT rowid, element_id, year, est FROM value_block";
static const char SQL_CLEAR[] = "DELETE FROM value_block";
static const char SQL_PUT[] = "INSERT OR REPLACE INTO value_block(element_id, year, vals, est)"
                              " VALUES (:element_id, :year, :vals, :est)";
static const char SQL_META_PUT[] = "INSERT OR REPLACE INTO value_block_meta(id, gen, units) VALUES (1, :gen, :units)";
static const char SQL_META_GEN[] = "UPDATE value_block_meta SET gen = :gen WHERE id = 1";
static const char SQL_ROWID[] = "SELECT rowid FROM value_block WHERE element_id = :element_id AND year = :year";
static const char SQL_ONE[] = "SELECT vals, est FROM value_block WHERE element_id = :element_id AND year = :year";

static size_t est_bytes(size_t n)
{
    return (n + 7) / 8;
}

/* (element, year) as one map key: years are 1000..9999 (store.c). */
static uint64_t block_key(long element_id, int year)
{
    return ((uint64_t)element_id << 16) | (uint16_t)year;
}

/* ---- blocks in memory ----------------------------------------------------------- */

typedef struct block {
    long element_id;
    int year;
    double *vals;       /* n, NaN where none */
    unsigned char *est; /* est_bytes(n) */
} block;

typedef struct block_set {
    size_t n; /* units per block */
    block *b;
    size_t nb, cap;
    u64map at; /* block_key → index in b */
} block_set;

static void set_init(block_set *bs, size_t n)
{
    memset(bs, 0, sizeof *bs);
    bs->n = n;
    u64map_init(&bs->at, 64);
}

static void set_free(block_set *bs)
{
    for (size_t i = 0; i < bs->nb; i++) {
        free(bs->b[i].vals);
        free(bs->b[i].est);
    }
    free(bs->b);
    u64map_free(&bs->at);
}

/* The block of (element, year), added empty (every figure NaN) when new. */
static block *set_get(block_set *bs, long element_id, int year, bool *added)
{
    size_t i;
    if (added)
        *added = false;
    if (u64map_get(&bs->at, block_key(element_id, year), &i))
        return &bs->b[i];
    bs->b = xgrow(bs->b, &bs->cap, bs->nb + 1, sizeof *bs->b);
    block *b = &bs->b[bs->nb];
    b->element_id = element_id;
    b->year = year;
    b->vals = xnmalloc(bs->n ? bs->n : 1, sizeof *b->vals);
    for (size_t u = 0; u < bs->n; u++)
        b->vals[u] = NAN;
    b->est = xcalloc(est_bytes(bs->n) ? est_bytes(bs->n) : 1, 1);
    u64map_put(&bs->at, block_key(element_id, year), bs->nb++);
    if (added)
        *added = true;
    return b;
}

/* One figure into its block, as the scan's reader (store/evaluate.c) puts
 * it into the engine: the value as stored, the mark only on a figure. */
static void set_cell(block *b, size_t u, double value, bool estimate)
{
    b->vals[u] = value;
    unsigned char bit = (unsigned char)(1u << (u % 8));
    if (estimate && !isnan(value))
        b->est[u / 8] |= bit;
    else
        b->est[u / 8] &= (unsigned char)~bit;
}

/* ---- validity ------------------------------------------------------------------- */

/* Whether the stored blocks match the data generation *gen (read here too)
 * and, when units is not NULL, that preorder; inside the caller's
 * transaction. False with err set on failure. */
static bool blocks_valid(sq *s, const long *units, size_t n, bool *valid, long long *gen, pm_err *err)
{
    *valid = false;
    if (!sq_int(s, SQL_GEN, gen, err, "读取数据版本失败"))
        return false;
    sqlite3_stmt *st = sq_use(s, SQL_META, err);
    int got = st ? sq_one(s, st, SQLITE_OK, err, "读取数值快照失败") : -1;
    if (got <= 0)
        return got == 0;
    bool same = sqlite3_column_int64(st, 0) == *gen;
    if (same && units) {
        const void *blob = sqlite3_column_blob(st, 1);
        size_t len = (size_t)sqlite3_column_bytes(st, 1);
        same = len == n * sizeof *units && (!n || (blob && !memcmp(blob, units, len)));
    }
    sq_done(st);
    if (!same || !units) {
        *valid = same;
        return true;
    }
    st = sq_use(s, SQL_BAD_SIZE, err);
    if (!st)
        return false;
    int rc = SQLITE_OK;
    sq_bind_int(st, ":nv", (long long)(n * sizeof(double)), &rc);
    sq_bind_int(st, ":ne", (long long)est_bytes(n), &rc);
    got = sq_one(s, st, rc, err, "读取数值快照失败");
    if (got < 0)
        return false;
    *valid = got == 1 && sqlite3_column_int64(st, 0) == 0;
    if (got == 1)
        sq_done(st);
    return true;
}

/* Sets the blocks' generation to the data generation now (after a patch
 * or a move that left them right). */
static bool meta_gen_now(sq *s, pm_err *err)
{
    long long gen;
    sqlite3_stmt *st = sq_int(s, SQL_GEN, &gen, err, "读取数据版本失败") ? sq_use(s, SQL_META_GEN, err) : NULL;
    if (!st)
        return false;
    int rc = SQLITE_OK;
    sq_bind_int(st, ":gen", gen, &rc);
    return sq_run(s, st, rc, err, "更新数值快照的数据版本失败");
}

/* ---- the reader ----------------------------------------------------------------- */

typedef struct build_ctx {
    block_set *bs;
    idmap up;
} build_ctx;

static bool on_row(void *ctx, const pm_value *v)
{
    build_ctx *c = ctx;
    int u = idmap_get(&c->up, v->unit_id);
    if (u >= 0)
        set_cell(set_get(c->bs, v->element_id, v->year, NULL), (size_t)u, v->value, v->estimate);
    return true;
}

static bool put_block(sq *s, const block *b, size_t n, pm_err *err)
{
    sqlite3_stmt *st = sq_use(s, SQL_PUT, err);
    if (!st)
        return false;
    int rc = SQLITE_OK;
    sq_bind_int(st, ":element_id", b->element_id, &rc);
    sq_bind_int(st, ":year", b->year, &rc);
    sq_bind_blob(st, ":vals", b->vals, n * sizeof *b->vals, &rc);
    sq_bind_blob(st, ":est", b->est, est_bytes(n), &rc);
    return sq_run(s, st, rc, err, "保存数值快照失败");
}

/* Replaces every block with bs's, valid for generation gen, if the data
 * are still at gen (another connection may have written since the scan):
 * one short write transaction. */
static bool write_back(sq *s, const block_set *bs, const long *units, long long gen, pm_err *err)
{
    bool outer;
    if (!sq_work_begin(s, true, &outer, err))
        return false;
    long long now;
    bool ok = sq_int(s, SQL_GEN, &now, err, "读取数据版本失败");
    if (ok && now == gen) {
        ok = sq_exec(s, SQL_CLEAR, err, "清除数值快照");
        for (size_t i = 0; ok && i < bs->nb; i++)
            ok = put_block(s, &bs->b[i], bs->n, err);
        sqlite3_stmt *st = ok ? sq_use(s, SQL_META_PUT, err) : NULL;
        ok = st != NULL;
        if (ok) {
            int rc = SQLITE_OK;
            sq_bind_int(st, ":gen", gen, &rc);
            sq_bind_blob(st, ":units", units, bs->n * sizeof *units, &rc);
            ok = sq_run(s, st, rc, err, "保存数值快照失败");
        }
    }
    return sq_work_end(s, outer, ok, err);
}

/* Every figure of the file, by the scan, into *bs (set_init'ed here for
 * the preorder units; the caller frees it), inside the caller's read
 * transaction. */
static bool build(sq *s, const long *units, size_t n, block_set *bs, pm_err *err)
{
    set_init(bs, n);
    build_ctx bc = {.bs = bs};
    idmap_build(&bc.up, units, n);
    bool ok = sq_scan_values(s, on_row, &bc, err);
    idmap_free(&bc.up);
    return ok;
}

/* Hands each stored block to cb (inside the caller's read transaction). */
/* Reads block rowid's n values into out through *blob (opened on the
 * first block, moved to each next one: opening compiles a statement). */
static int read_vals(sq *s, sqlite3_blob **blob, sqlite3_int64 rowid, double *out, size_t n)
{
    int rc = *blob ? sqlite3_blob_reopen(*blob, rowid)
                   : sqlite3_blob_open(s->db, "main", "value_block", "vals", rowid, 0, blob);
    return rc == SQLITE_OK ? sqlite3_blob_read(*blob, out, (int)(n * sizeof *out), 0) : rc;
}

/* Every block (their sizes checked by blocks_valid) to cb, the values
 * read into the row dst names or else into a buffer of ours. */
static bool read_blocks(sq *s, size_t n, pm_block_dst_fn dst, pm_block_fn cb, void *ctx, pm_err *err)
{
    sqlite3_stmt *st = sq_use(s, SQL_BLOCKS, err);
    if (!st)
        return false;
    sqlite3_blob *blob = NULL;
    double *own = NULL; /* for blocks dst gives no row for */
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long eid = (long)sqlite3_column_int64(st, 1);
        int year = sqlite3_column_int(st, 2);
        const unsigned char *est = sqlite3_column_blob(st, 3);
        if (n && !est)
            continue; /* sizes checked: only a zero-length blob reads NULL */
        double *vals = dst ? dst(ctx, eid, year) : NULL;
        if (!vals)
            vals = own ? own : (own = xnmalloc(n ? n : 1, sizeof *own));
        if (n && (rc = read_vals(s, &blob, sqlite3_column_int64(st, 0), vals, n)) != SQLITE_OK)
            break;
        if (!cb(ctx, eid, year, vals, est))
            break;
    }
    bool ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
    if (!ok)
        sq_fail(s, err, "读取数据库 %s 中的数值快照失败", s->path);
    sqlite3_blob_close(blob);
    free(own);
    sq_done(st);
    return ok;
}

bool sq_value_blocks(void *impl, const long *units, size_t n, pm_block_dst_fn dst, pm_block_fn cb, void *ctx,
                     bool *used, pm_err *err)
{
    sq *s = impl;
    *used = false;
    if (s->version < PM_SQLITE_V_BLOCKS)
        return true; /* a read-only file of an older schema: the caller scans */
    /* Only a connection of its own may write the blocks back: a caller's
     * transaction may be a read one, or undone later. */
    bool writable = sqlite3_get_autocommit(s->db) && sqlite3_db_readonly(s->db, "main") == 0;
    bool outer;
    if (!sq_work_begin(s, false, &outer, err))
        return false;
    bool valid;
    long long gen;
    bool ok = blocks_valid(s, units, n, &valid, &gen, err);
    if (ok && valid) {
        *used = true;
        ok = read_blocks(s, n, dst, cb, ctx, err);
        return sq_work_end(s, outer, ok, err);
    }
    if (!ok || !writable)
        return sq_work_end(s, outer, ok, err);
    /* Stale: the scan, in this same read transaction (gen is its data's),
     * into blocks of every element; then the blocks to the caller, and to
     * the file for the next reader. */
    block_set bs;
    ok = build(s, units, n, &bs, err);
    ok = sq_work_end(s, outer, ok, err);
    if (ok) {
        *used = true;
        for (size_t i = 0; i < bs.nb && cb(ctx, bs.b[i].element_id, bs.b[i].year, bs.b[i].vals, bs.b[i].est); i++)
            ;
        /* The evaluation stands without them: a failure (a writer holding
         * the lock past busy_timeout, a full disk) leaves them stale. */
        pm_err ignored = {0};
        write_back(s, &bs, units, gen, &ignored);
    }
    set_free(&bs);
    return ok;
}

/* ---- left behind by a writer ------------------------------------------------------ */

/* Why at close, and why here: the blocks were built only by an evaluation
 * on a connection that may write, so after `planmon import` (demo, copy,
 * restore, units import, a plan change) every read-only reader (status,
 * report, export) scanned row by row, 2.5-3x slower, until a server
 * evaluated. The connection that moved the data is the one to leave blocks
 * for it, and its close is the one place every writer passes: a command's
 * several units of work (demo's plan, units and figures; copy's batches)
 * are built once, after the last; patching (sq_blocks_patch_*) already
 * keeps them valid through figure writes, so only a write that left them
 * stale or absent pays the scan here, once. Not at each commit: the web
 * server's connections live as long as the server, and its snapshot's
 * evaluation (off the request path) rebuilds them after such a write; a
 * request never waits for a scan of every figure.
 *
 * Cost: the scan a stale evaluation would pay (the file's pages are warm
 * from the write) and one write of the blocks, a short transaction; for a
 * bulk import a few percent of the import (docs/performance.md, "Issue 17:
 * blocks for every reader"). */

void sq_blocks_opened(sq *s)
{
    pm_err ignored = {0};
    s->gen_known = s->version >= PM_SQLITE_V_BLOCKS && sq_int(s, SQL_GEN, &s->gen_open, &ignored, "读取数据版本失败");
    s->changes_open = sqlite3_total_changes64(s->db);
}

void sq_blocks_leave(sq *s)
{
    /* Only a connection that changed rows (or restored a backup) and
     * whose data moved since it opened; never inside a transaction (close
     * rolls it back). */
    if (!s->gen_known || !sqlite3_get_autocommit(s->db) ||
        (!s->restored && sqlite3_total_changes64(s->db) == s->changes_open))
        return;
    pm_err ignored = {0};
    bool outer;
    if (!sq_work_begin(s, false, &outer, &ignored))
        return;
    long long gen;
    bool ok = sq_int(s, SQL_GEN, &gen, &ignored, "读取数据版本失败");
    if (!ok || gen == s->gen_open) {
        sq_work_end(s, outer, ok, &ignored);
        return;
    }
    /* The preorder an evaluation reads them for (evaluate.c's load_values:
     * the store's tree), from this same transaction. */
    pm_tree t;
    ok = sq_get_units(s, &t, &ignored);
    long *units = xnmalloc(ok && t.n ? t.n : 1, sizeof *units);
    size_t n = ok ? t.n : 0;
    for (size_t i = 0; i < n; i++)
        units[i] = t.u[i].id;
    if (ok)
        pm_tree_free(&t);
    bool valid = false;
    ok = ok && blocks_valid(s, units, n, &valid, &gen, &ignored);
    /* No units, no figures: the blocks are made once units come. */
    bool make = ok && !valid && n;
    block_set bs;
    if (make)
        ok = build(s, units, n, &bs, &ignored);
    ok = sq_work_end(s, outer, ok, &ignored);
    /* A failure leaves them stale: the write stands, the next writer or
     * evaluation builds them. */
    if (ok && make)
        write_back(s, &bs, units, gen, &ignored);
    if (make)
        set_free(&bs);
    free(units);
}

/* ---- patching ------------------------------------------------------------------- */

bool sq_blocks_before(sq *s, bool *valid, pm_err *err)
{
    *valid = false;
    if (s->version < PM_SQLITE_V_BLOCKS)
        return true;
    long long gen;
    return blocks_valid(s, NULL, 0, valid, &gen, err);
}

bool sq_blocks_carry(sq *s, bool valid, pm_err *err)
{
    return !valid || meta_gen_now(s, err);
}

/* The stored preorder (value_block_meta.units), malloc'd, *n ids. */
static bool stored_units(sq *s, long **units, size_t *n, pm_err *err)
{
    *units = NULL;
    *n = 0;
    sqlite3_stmt *st = sq_use(s, SQL_META, err);
    int got = st ? sq_one(s, st, SQLITE_OK, err, "读取数值快照失败") : -1;
    if (got <= 0)
        return got == 0;
    size_t len = (size_t)sqlite3_column_bytes(st, 1);
    *n = len / sizeof **units;
    *units = xmalloc(len ? len : 1);
    if (len)
        memcpy(*units, sqlite3_column_blob(st, 1), len);
    sq_done(st);
    return true;
}

/* One figure into its stored block, in place (8 bytes and one byte of
 * the bitmap), or a new block when its element and year had none. */
static bool patch_cell(sq *s, long eid, int year, size_t u, size_t n, double value, bool estimate, pm_err *err)
{
    sqlite3_stmt *st = sq_use(s, SQL_ROWID, err);
    if (!st)
        return false;
    int rc = SQLITE_OK;
    sq_bind_int(st, ":element_id", eid, &rc);
    sq_bind_int(st, ":year", year, &rc);
    int got = sq_one(s, st, rc, err, "读取数值快照失败");
    if (got < 0)
        return false;
    if (got == 0) {
        block_set bs;
        set_init(&bs, n);
        block *b = set_get(&bs, eid, year, NULL);
        set_cell(b, u, value, estimate);
        bool ok = put_block(s, b, n, err);
        set_free(&bs);
        return ok;
    }
    sqlite3_int64 row = sqlite3_column_int64(st, 0);
    sq_done(st);
    sqlite3_blob *vb = NULL, *eb = NULL;
    unsigned char byte = 0, bit = (unsigned char)(1u << (u % 8));
    bool ok = sqlite3_blob_open(s->db, "main", "value_block", "vals", row, 1, &vb) == SQLITE_OK &&
              sqlite3_blob_write(vb, &value, sizeof value, (int)(u * sizeof value)) == SQLITE_OK &&
              sqlite3_blob_open(s->db, "main", "value_block", "est", row, 1, &eb) == SQLITE_OK &&
              sqlite3_blob_read(eb, &byte, 1, (int)(u / 8)) == SQLITE_OK;
    if (ok) {
        byte = estimate && !isnan(value) ? (unsigned char)(byte | bit) : (unsigned char)(byte & ~bit);
        ok = sqlite3_blob_write(eb, &byte, 1, (int)(u / 8)) == SQLITE_OK;
    }
    if (!ok)
        sq_fail(s, err, "更新数值快照失败");
    sqlite3_blob_close(vb);
    sqlite3_blob_close(eb);
    return ok;
}

bool sq_blocks_patch_one(sq *s, bool valid, long eid, long uid, int year, double value, bool estimate, pm_err *err)
{
    if (!valid)
        return true;
    long *units;
    size_t n, u = 0;
    if (!stored_units(s, &units, &n, err))
        return false;
    while (u < n && units[u] != uid)
        u++;
    free(units);
    /* A unit the blocks do not know: they stay stale (the next reader
     * rebuilds them). */
    if (u == n)
        return true;
    return patch_cell(s, eid, year, u, n, value, estimate, err) && meta_gen_now(s, err);
}

void sq_blocks_patch_begin(sq *s, sq_block_patch *p, bool valid, pm_err *err)
{
    memset(p, 0, sizeof *p);
    long *units = NULL;
    size_t n = 0;
    p->valid = valid && stored_units(s, &units, &n, err);
    if (!p->valid)
        return;
    p->bs = xmalloc(sizeof *p->bs);
    set_init(p->bs, n);
    p->up = xmalloc(sizeof *p->up);
    idmap_build(p->up, units, n);
    free(units);
}

/* The stored block of (eid, year) into a new in-memory one, if there is one. */
static bool load_block(sq *s, block *b, size_t n, pm_err *err)
{
    sqlite3_stmt *st = sq_use(s, SQL_ONE, err);
    if (!st)
        return false;
    int rc = SQLITE_OK;
    sq_bind_int(st, ":element_id", b->element_id, &rc);
    sq_bind_int(st, ":year", b->year, &rc);
    int got = sq_one(s, st, rc, err, "读取数值快照失败");
    if (got == 1) {
        bool sized = (size_t)sqlite3_column_bytes(st, 0) == n * sizeof(double) &&
                     (size_t)sqlite3_column_bytes(st, 1) == est_bytes(n);
        if (sized && n) {
            memcpy(b->vals, sqlite3_column_blob(st, 0), n * sizeof(double));
            memcpy(b->est, sqlite3_column_blob(st, 1), est_bytes(n));
        }
        sq_done(st);
        if (!sized) {
            pm_err_set(err, 0, "数值快照损坏：数据库 %s 中的块大小不符", s->path);
            return false;
        }
    }
    return got >= 0;
}

bool sq_blocks_patch_rows(sq *s, sq_block_patch *p, const pm_value_write *rows, size_t nrows, pm_err *err)
{
    for (size_t i = 0; p->valid && i < nrows; i++) {
        int u = idmap_get(p->up, rows[i].unit_id);
        if (u < 0) { /* a unit the blocks do not know: leave them stale */
            p->valid = false;
            break;
        }
        bool added;
        block *b = set_get(p->bs, rows[i].element_id, rows[i].year, &added);
        if (added && !load_block(s, b, p->bs->n, err))
            return false;
        set_cell(b, (size_t)u, rows[i].value, rows[i].estimate);
    }
    return true;
}

bool sq_blocks_patch_end(sq *s, sq_block_patch *p, bool ok, pm_err *err)
{
    bool done = true;
    if (ok && p->valid) {
        for (size_t i = 0; done && i < p->bs->nb; i++)
            done = put_block(s, &p->bs->b[i], p->bs->n, err);
        done = done && meta_gen_now(s, err);
    }
    if (p->bs)
        set_free(p->bs);
    free(p->bs);
    if (p->up)
        idmap_free(p->up);
    free(p->up);
    memset(p, 0, sizeof *p);
    return done;
}

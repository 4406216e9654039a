/* The packed blocks of figures (schema 19, store/sqlite_blocks.c) against
 * the scan of every row: on a generated tree (a district, 12 towns, 9
 * villages each) with the built-in plan and pseudo-random figures (some
 * estimates), the engine of an evaluation through the blocks equals, byte
 * for byte (memcmp of its grids), that of an evaluation of the same file
 * on a second handle with the blocks switched off (pm_store_blocks_off):
 * after the blocks are built and written back, read again, patched by a
 * single figure write (an estimate, then an actual in its place) and by a
 * bulk write, carried by a review move, rebuilt after a new unit; and on a
 * read-only handle with stale blocks, which scans and writes nothing.
 * And left behind by a writer's close (test_left_by_writer): a handle that
 * wrote units and figures leaves valid blocks when it closes, a read-only
 * handle then reads them (not the scan) with the same result, and a
 * handle that wrote nothing builds none at its close. Whether the blocks
 * are valid is read from the file directly. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "base/mem.h"
#include "parse/builtin.h"
#include "store/evaluate.h"
#include "store/plans.h"
#include "store/store.h"

#define TMPDIR_TAG "blocks"
#include "tmpdir.h"

#define OK(call)                                                                                                   \
    do {                                                                                                           \
        pm_err e_ = {0};                                                                                           \
        if (!(call))                                                                                               \
            fail_msg("%s: %s", #call, e_.msg);                                                                     \
    } while (0)
#define E (&e_)

/* 1 valid, 0 stale, -1 none: read from the file, not through planmon. */
static int blocks_state(const char *path)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT (SELECT gen FROM value_block_meta) = (SELECT n FROM data_gen),"
                                        " (SELECT count(*) FROM value_block)",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int r = sqlite3_column_type(st, 0) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 0);
    if (r == 1)
        assert_true(sqlite3_column_int(st, 1) > 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return r;
}

/* How many (element, year) have figures in the file. */
static size_t distinct_cells(const char *path)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    assert_int_equal(
        sqlite3_prepare_v2(db, "SELECT count(*) FROM (SELECT DISTINCT element_id, year FROM data_value)", -1, &st, NULL),
        SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    size_t n = (size_t)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

/* Every grid of the two engines, byte for byte. */
static void same_engines(const pm_evaluation *a, const pm_evaluation *b)
{
    const pm_engine *x = &a->engine, *y = &b->engine;
    assert_int_equal(a->latest_year, b->latest_year);
    assert_int_equal(x->nunits, y->nunits);
    assert_int_equal(x->nyears, y->nyears);
    assert_int_equal(x->nelem, y->nelem);
    assert_int_equal(x->nind, y->nind);
    size_t cells = x->nelem * x->nyears * x->nunits;
    assert_memory_equal(x->elem, y->elem, cells * sizeof *x->elem);
    for (size_t r = 0; r < x->nind * x->nyears; r++)
        assert_memory_equal(x->ind_row[r], y->ind_row[r], x->nunits * sizeof(double));
    assert_int_equal(x->est == NULL, y->est == NULL);
    if (x->est)
        assert_memory_equal(x->est, y->est, cells);
    assert_memory_equal(x->filled, y->filled, x->nyears * x->nunits * sizeof *x->filled);
    assert_memory_equal(x->kids_reported, y->kids_reported, x->nyears * x->nunits * sizeof *x->kids_reported);
}

/* Evaluates through the blocks (s) and through the scan (scan), compares. */
static void compare(pm_store *s, pm_store *scan)
{
    pm_evaluation a, b;
    OK(pm_evaluate(s, &a, E));
    OK(pm_evaluate(scan, &b, E));
    assert_true(a.latest_year > 0);
    same_engines(&a, &b);
    pm_evaluation_free(&a);
    pm_evaluation_free(&b);
}

static unsigned long rnd_state = 17;
static unsigned rnd(unsigned n)
{
    rnd_state = rnd_state * 6364136223846793005UL + 1442695040888963407UL;
    return (unsigned)(rnd_state >> 33) % n;
}

/* Pseudo-random figures for about a third of (element, unit, year) of
 * years y0..y1, every seventh an estimate. */
static size_t figures(const pm_plan *p, const pm_tree *t, int y0, int y1, pm_value_write **out)
{
    size_t n = 0, cap = 0;
    pm_value_write *w = NULL;
    for (size_t e = 0; e < p->nelem; e++)
        for (size_t u = 0; u < t->n; u++)
            for (int y = y0; y <= y1; y++) {
                if (rnd(3))
                    continue;
                w = xgrow(w, &cap, n + 1, sizeof *w);
                w[n++] = (pm_value_write){
                    .element_id = p->elem[e].id,
                    .unit_id = t->u[u].id,
                    .year = y,
                    .value = (double)rnd(100000) / 7.0,
                    .state = PM_VS_DRAFT,
                    .old_value = NAN,
                    .old_state = -1,
                    .estimate = rnd(7) == 0,
                };
            }
    *out = w;
    return n;
}

/* The store at path opened in mode; the test fails when it cannot be. */
static pm_store *open_db(const char *path, pm_open_mode mode)
{
    pm_err e = {0};
    pm_store *s = pm_store_open(path, mode, &e);
    if (!s)
        fail_msg("open %s (mode %d): %s", path, (int)mode, e.msg);
    return s;
}

/* A new database at path with the built-in plan and the tree of 1 + 12 +
 * 12 × 9 units (codes made up), open on the returned handle. */
static pm_store *new_db(const char *path)
{
    pm_store *s = open_db(path, PM_STORE_CREATE);
    pm_plan p;
    OK(pm_plan_builtin(&p, E));
    OK(pm_store_add_plan(s, &p, NULL, true, NULL, E));
    pm_plan_free(&p);

    enum { TOWNS = 12, VILLAGES = 9, NIN = 1 + TOWNS + TOWNS * VILLAGES };
    size_t nin = NIN, k = 0;
    pm_unit_in *in = xcalloc(nin, sizeof *in);
    static char codes[NIN][32], parents[NIN][32];
    snprintf(codes[k], sizeof codes[k], "D");
    in[k++] = (pm_unit_in){codes[0], "区", NULL, 0, 1, NULL, 0, 0};
    for (int t = 0; t < TOWNS; t++) {
        snprintf(codes[k], sizeof codes[k], "T%02d", t);
        in[k] = (pm_unit_in){codes[k], "镇", "D", 1, (long)k + 1, NULL, 0, 0};
        k++;
        for (int v = 0; v < VILLAGES; v++) {
            snprintf(codes[k], sizeof codes[k], "T%02dV%d", t, v);
            snprintf(parents[k], sizeof parents[k], "T%02d", t);
            in[k] = (pm_unit_in){codes[k], "村", parents[k], 2, (long)k + 1, NULL, 0, 0};
            k++;
        }
    }
    pm_tree t;
    OK(pm_tree_build(in, nin, &t, E));
    OK(pm_store_put_units(s, &t, E));
    pm_tree_free(&t);
    free(in);
    return s;
}

/* new_db at tmpdir/name (path: its name, cap bytes) with figures() of
 * the years base..last written in one bulk write; *p and *t are the
 * stored plan and tree (the caller frees them). No blocks yet: nothing to
 * patch, and nothing is built while the handle is open. */
static pm_store *db_with_figures(const char *name, char *path, size_t cap, int last_from_target, pm_plan *p,
                                 pm_tree *t)
{
    snprintf(path, cap, "%s/%s", tmpdir, name);
    pm_store *s = new_db(path);
    OK(pm_store_get_plan(s, p, E));
    OK(pm_store_get_units(s, t, E));
    pm_value_write *w;
    size_t n = figures(p, t, p->base_year, p->target_year + last_from_target, &w);
    OK(pm_store_write_values(s, w, n, "test", "生成", E));
    free(w);
    assert_int_equal(blocks_state(path), -1);
    return s;
}

static void test_blocks_equal_scan(void **state)
{
    (void)state;
    char path[128];
    pm_plan p;
    pm_tree t;
    pm_store *s = db_with_figures("b.db", path, sizeof path, -1, &p, &t);
    pm_store *scan = open_db(path, PM_STORE_OPEN);
    pm_store_blocks_off(scan);
    pm_value_write *w;
    size_t n;

    /* Built from the scan and written back, then read. */
    compare(s, scan);
    assert_int_equal(blocks_state(path), 1);
    compare(s, scan);
    assert_int_equal(blocks_state(path), 1);

    /* One figure: an estimate where none was, then an actual over it. */
    pm_value_change c = {.element = p.elem[0].code, .unit = "T03V4", .year = p.target_year, .value = 12.5,
                         .state = PM_VS_DRAFT, .who = "test", .estimate = true};
    OK(pm_store_set_value(s, &c, E));
    assert_int_equal(blocks_state(path), 1);
    compare(s, scan);
    c.value = 13.25;
    c.estimate = false;
    OK(pm_store_set_value(s, &c, E));
    assert_int_equal(blocks_state(path), 1);
    compare(s, scan);

    /* A bulk write over old figures and into the last year. */
    n = figures(&p, &t, p.target_year - 2, p.target_year, &w);
    OK(pm_store_write_values(s, w, n, "test", "再次", E));
    free(w);
    assert_int_equal(blocks_state(path), 1);
    compare(s, scan);

    /* A review move: states change, the blocks are carried. */
    pm_transition tr = {.unit = "D", .year = 0, .from = 1u << PM_VS_DRAFT, .to = PM_VS_SUBMITTED, .who = "test"};
    size_t moved = 0;
    OK(pm_store_transition(s, &tr, &moved, E));
    assert_true(moved > 0);
    assert_int_equal(blocks_state(path), 1);
    compare(s, scan);

    /* A new unit: stale. A read-only handle scans and writes nothing. */
    pm_unit_in more[] = {{"D", "区", NULL, 0, 1, NULL, 0, 0}, {"T99", "新镇", "D", 1, 2, NULL, 0, 0}};
    pm_tree t2;
    OK(pm_tree_build(more, 2, &t2, E));
    OK(pm_store_put_units(s, &t2, E));
    pm_tree_free(&t2);
    assert_int_equal(blocks_state(path), 0);
    pm_store *ro = open_db(path, PM_STORE_READ);
    compare(ro, scan);
    pm_store_close(ro);
    assert_int_equal(blocks_state(path), 0);
    /* The writable handle rebuilds them, for the new preorder. */
    compare(s, scan);
    assert_int_equal(blocks_state(path), 1);
    compare(s, scan);

    pm_plan_free(&p);
    pm_tree_free(&t);
    pm_store_close(scan);
    pm_store_close(s);
}

/* Counts the blocks handed out. */
static bool count_block(void *ctx, long element_id, int year, const void *vals, const unsigned char *est)
{
    (void)element_id, (void)year, (void)vals, (void)est;
    ++*(size_t *)ctx;
    return true;
}

/* Whether a read-only handle on path reads blocks (and how many). */
static bool read_only_uses_blocks(const char *path, size_t *nblocks)
{
    pm_store *ro = open_db(path, PM_STORE_READ);
    pm_tree t;
    OK(pm_store_get_units(ro, &t, E));
    long *units = xnmalloc(t.n, sizeof *units);
    for (size_t i = 0; i < t.n; i++)
        units[i] = t.u[i].id;
    bool used = false;
    *nblocks = 0;
    OK(pm_store_value_blocks(ro, units, t.n, NULL, count_block, nblocks, &used, E));
    free(units);
    pm_tree_free(&t);
    pm_store_close(ro);
    return used;
}

static void test_left_by_writer(void **state)
{
    (void)state;
    char path[128];
    pm_plan p;
    pm_tree t;
    pm_store *s = db_with_figures("w.db", path, sizeof path, 0, &p, &t);

    /* A second writable handle that only reads: at its close, the data
     * moved (by s) but not by it, and it builds nothing. */
    pm_store *idle = open_db(path, PM_STORE_OPEN);
    pm_store_blocks_off(idle);
    pm_value_write one = {.element_id = p.elem[1].id, .unit_id = t.u[5].id, .year = p.target_year, .value = 3.5,
                          .state = PM_VS_DRAFT, .old_value = NAN, .old_state = -1};
    OK(pm_store_write_values(s, &one, 1, "test", "再写一个", E));
    pm_evaluation a;
    OK(pm_evaluate(idle, &a, E));
    pm_evaluation_free(&a);
    pm_store_close(idle);
    assert_int_equal(blocks_state(path), -1);

    /* The writer's close leaves them, valid for the data and this tree. */
    pm_store_close(s);
    assert_int_equal(blocks_state(path), 1);
    size_t nblocks = 0;
    assert_true(read_only_uses_blocks(path, &nblocks));
    size_t cells = distinct_cells(path);
    assert_true(cells > 0);
    assert_int_equal(nblocks, cells);

    /* What the read-only handle evaluates through them is the scan's. */
    pm_store *ro = open_db(path, PM_STORE_READ);
    pm_store *scan = open_db(path, PM_STORE_READ);
    pm_store_blocks_off(scan);
    compare(ro, scan);
    pm_store_close(ro);
    pm_store_close(scan);
    assert_int_equal(blocks_state(path), 1);

    /* A new unit moves the data: the writer's close rebuilds them for the
     * new preorder. */
    s = open_db(path, PM_STORE_OPEN);
    pm_unit_in more[] = {{"D", "区", NULL, 0, 1, NULL, 0, 0}, {"T99", "新镇", "D", 1, 2, NULL, 0, 0}};
    pm_tree t2;
    OK(pm_tree_build(more, 2, &t2, E));
    OK(pm_store_put_units(s, &t2, E));
    pm_tree_free(&t2);
    assert_int_equal(blocks_state(path), 0);
    pm_store_close(s);
    assert_int_equal(blocks_state(path), 1);
    assert_true(read_only_uses_blocks(path, &nblocks));
    assert_int_equal(nblocks, cells);

    pm_plan_free(&p);
    pm_tree_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blocks_equal_scan),
        cmocka_unit_test(test_left_by_writer),
    };
    return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}

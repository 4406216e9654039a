/* Bulk import paths (issue 4, "Performance"): the string arena and the
 * radix sort under the CSV reader and the checks; the number parser's
 * fast path against strtod; the CSV reader's split of lines without
 * quotes against libcsv; pm_store_write_values' multi-row chunks at
 * their boundaries (0, 1, chunk − 1, chunk, chunk + 1 … rows), a row that
 * fails anywhere in a chunk undoing the whole batch, comments kept, set
 * and cleared inside chunks; pm_store_write_stream over pieces of every
 * size, whole or absent, with the foreign keys' refusals kept; and
 * pm_import_run writing in slices as one stream, at one time, with
 * progress.
 * Databases live in a mkdtemp directory under /tmp, removed at the end. */
#include <dirent.h>
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
#include <csv.h>
#include <sqlite3.h>

#include "base/arena.h"
#include "base/mem.h"
#include "base/num.h"
#include "base/radix.h"
#include "base/text.h"
#include "parse/csvread.h"
#include "parse/import_rows.h"
#include "store/import.h"
#include "store/store.h"

/* The store's rows per multi-row statement (sqlite_bulk.c WRITE_CHUNK),
 * import.c's rows per write call (SLICE), and the batch size from which
 * sqlite_bulk.c holds data_value's data-generation triggers (HOLD_ROWS):
 * the boundaries tested. */
enum { CHUNK = 64, SLICE = 65536, HOLD = 4096 };

static char tmpdir[64];
static int ndb;

static uint64_t rnd_state = 88172645463325252ull;
static uint64_t rnd(void)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 7;
    rnd_state ^= rnd_state << 17;
    return rnd_state;
}

/* ---- arena, radix sort, numbers ---------------------------------------- */

static void test_arena(void **state)
{
    (void)state;
    pm_arena a = PM_ARENA_INIT;
    enum { N = 20000 };
    char **s = xmalloc(N * sizeof *s);
    char want[64];
    for (int i = 0; i < N; i++) {
        int len = snprintf(want, sizeof want, "cell-%d", i * 7919);
        s[i] = pm_arena_strndup(&a, want, (size_t)(i % 3 ? len : 0)); /* every third empty */
    }
    /* A string longer than any block gets one of its own. */
    size_t big = (2u << 20) + 5;
    char *src = xmalloc(big);
    memset(src, 'x', big);
    char *copy = pm_arena_strndup(&a, src, big);
    char *after = pm_arena_strndup(&a, "after", 5);
    for (int i = 0; i < N; i++) {
        snprintf(want, sizeof want, "cell-%d", i * 7919);
        assert_string_equal(s[i], i % 3 ? want : "");
    }
    assert_int_equal(strlen(copy), big);
    assert_memory_equal(copy, src, big);
    assert_string_equal(after, "after");
    assert_true(a.bytes >= big);
    pm_arena_free(&a);
    assert_null(a.head);
    assert_int_equal(a.bytes, 0);
    /* Usable again after being freed. */
    assert_string_equal(pm_arena_strndup(&a, "again", 5), "again");
    pm_arena_free(&a);
    free(src);
    free(s);
}

static int cmp_keyed(const void *x, const void *y)
{
    const pm_keyed *a = x, *b = y;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return (a->idx > b->idx) - (a->idx < b->idx);
}

static void test_radix(void **state)
{
    (void)state;
    pm_radix_sort(NULL, 0, 0);
    pm_keyed one = {42, 7};
    pm_radix_sort(&one, 1, 42);
    assert_true(one.key == 42 && one.idx == 7);
    /* maxes[m] bounds the keys; the keys reach up to tops[m] only (a bound
     * far above them leaves whole digits alike, which the sort skips). */
    const uint64_t maxes[] = {0, 1, 2047, 2048, 1000003, (1ull << 40) + 11, UINT64_MAX, 1ull << 30, 1ull << 47,
                              /* sorted on two threads (from 2^20 pairs) */
                              10000320, 1ull << 40, UINT64_MAX, 3};
    const uint64_t tops[] = {0, 1, 2047, 2048, 1000003, (1ull << 40) + 11, UINT64_MAX, 299, 1ull << 20,
                             10000320, 70000, UINT64_MAX, 3};
    for (size_t m = 0; m < sizeof maxes / sizeof maxes[0]; m++) {
        size_t n = m < 9 ? 5000 : ((size_t)1 << 20) + 12345 * (m - 8);
        pm_keyed *a = xmalloc(n * sizeof *a), *b = xmalloc(n * sizeof *b);
        for (size_t i = 0; i < n; i++) {
            /* Few distinct keys for small maxima: many ties to keep in order. */
            uint64_t k = tops[m] == UINT64_MAX ? rnd() : rnd() % (tops[m] + 1);
            a[i] = b[i] = (pm_keyed){k, (uint32_t)i};
        }
        pm_radix_sort(a, n, maxes[m]);
        qsort(b, n, sizeof *b, cmp_keyed); /* by key, then input order: the stable order */
        for (size_t i = 0; i < n; i++)
            if (a[i].key != b[i].key || a[i].idx != b[i].idx)
                fail_msg("max %llu: position %zu differs", (unsigned long long)maxes[m], i);
        free(a);
        free(b);
    }
}

/* num_parse's fast path must give strtod's double, bit for bit (the sign
 * of a zero included), and leave everything else to the general path. */
static void same_as_strtod(const char *s)
{
    double got, want = strtod(s, NULL);
    if (!num_parse_cstr(s, &got))
        fail_msg("\"%s\" refused", s);
    if (memcmp(&got, &want, sizeof got) != 0)
        fail_msg("\"%s\": %.17g, strtod %.17g", s, got, want);
}

static void test_num_fast_path(void **state)
{
    (void)state;
    const char *fixed[] = {"0",    "-0",    "+0",      "007",     "5.",       ".5",       "-.5",
                           "0.1",  "0.3",   "87.3",    "100",     "2025",     "-2.675",   "999999999999999",
                           "1.25", "1e3",   "1E-2",    "0.000001", "123456789012.345", "1234567890123456",
                           "12345678901234567890", "3.14159265358979"};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        same_as_strtod(fixed[i]);
    char buf[40];
    for (int i = 0; i < 200000; i++) {
        int digits = 1 + (int)(rnd() % 17), point = (int)(rnd() % (size_t)(digits + 2)) - 1;
        size_t o = 0;
        if (rnd() % 4 == 0)
            buf[o++] = rnd() % 2 ? '-' : '+';
        for (int d = 0; d < digits; d++) {
            if (d == point)
                buf[o++] = '.';
            buf[o++] = (char)('0' + rnd() % 10);
        }
        buf[o] = '\0';
        same_as_strtod(buf);
    }
    double v;
    const char *bad[] = {"", ".", "-", "+", "1.2.3", "1-2", "--1", " 1", "1 ", "0x10", "inf", "nan", "1e", "e5"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (num_parse_cstr(bad[i], &v))
            fail_msg("\"%s\" accepted", bad[i]);
    /* Full-width digits still go the general way. */
    assert_true(num_parse_cstr("１２.５", &v) && v == 12.5);
    long y;
    assert_true(num_parse_int("2024", 2020, 2025, &y) && y == 2024);
    assert_false(num_parse_int("2024.5", 2020, 2025, &y));
    assert_false(num_parse_int("2026", 2020, 2025, &y));
}

/* ---- the CSV reader's lines without quotes --------------------------------- */

/* The reference: every byte through libcsv, as csvread.c read before its
 * fast path for lines without quotes; rows as "f1|f2|…\n" with each
 * field trimmed, blank records skipped. */
typedef struct ref {
    char out[8192];
    size_t len, nf;
    char row[2048];
    size_t rlen;
    bool blank;
} ref;

static void ref_field(void *data, size_t n, void *ctx)
{
    ref *r = ctx;
    const char *t = data ? text_trim(data, &n) : "";
    if (!data)
        n = 0;
    r->rlen += (size_t)snprintf(r->row + r->rlen, sizeof r->row - r->rlen, "%s%.*s", r->nf ? "|" : "", (int)n, t);
    r->blank = r->nf == 0 && n == 0;
    r->nf++;
}

static void ref_record(int term, void *ctx)
{
    (void)term;
    ref *r = ctx;
    if (r->nf && !(r->nf == 1 && r->blank))
        r->len += (size_t)snprintf(r->out + r->len, sizeof r->out - r->len, "%s\n", r->row);
    r->nf = r->rlen = 0;
}

static bool ref_parse(const char *text, size_t len, ref *r)
{
    memset(r, 0, sizeof *r);
    struct csv_parser p;
    csv_init(&p, CSV_APPEND_NULL | CSV_STRICT | CSV_STRICT_FINI);
    bool ok = csv_parse(&p, text, len, ref_field, ref_record, r) == len &&
              csv_fini(&p, ref_field, ref_record, r) == 0;
    csv_free(&p);
    return ok;
}

static void test_csv_fast_lines(void **state)
{
    (void)state;
    /* Random files of 3 fields a row from pieces that matter: quotes that
     * open, close and double, line breaks inside quotes, CR LF, lone CR,
     * blank lines, blanks to trim, empty fields. */
    const char *pieces[] = {"a", "bc", " d ", "", "\"q\"", "\"x,y\"", "\"l1\nl2\"", "\"\"\"\"", "\"a\"\"b\"",
                            "\xE3\x80\x80z", "\"\r\n\""};
    const char *ends[] = {"\n", "\r\n", "\r", "\n\n", "\n \n"};
    size_t agreed = 0;
    for (int k = 0; k < 3000; k++) {
        char text[2048];
        size_t len = (size_t)snprintf(text, sizeof text, "h1,h2,h3\n");
        int rows = 1 + (int)(rnd() % 6);
        for (int i = 0; i < rows; i++)
            for (int f = 0; f < 3; f++) {
                const char *piece = pieces[rnd() % (sizeof pieces / sizeof pieces[0])];
                const char *sep = f < 2 ? "," : i + 1 < rows || rnd() % 2 ? ends[rnd() % 5] : "";
                len += (size_t)snprintf(text + len, sizeof text - len, "%s%s", piece, sep);
            }
        ref want;
        bool ref_ok = ref_parse(text, len, &want);
        pm_csv t;
        pm_err e = {0};
        bool ok = pm_csv_parse(text, len, &t, &e);
        if (!ref_ok) { /* libcsv refuses it: so must we */
            if (ok)
                fail_msg("accepted what libcsv refuses: %s", text);
            continue;
        }
        if (!ok)
            fail_msg("refused (%s): %s", e.msg, text);
        char got[8192];
        size_t glen = (size_t)snprintf(got, sizeof got, "%s|%s|%s\n", t.head[0], t.head[1], t.head[2]);
        for (size_t r = 0; r < t.nrows; r++)
            glen += (size_t)snprintf(got + glen, sizeof got - glen, "%s|%s|%s\n", pm_csv_get(&t, r, 0),
                                     pm_csv_get(&t, r, 1), pm_csv_get(&t, r, 2));
        if (strcmp(got, want.out))
            fail_msg("differs for:\n%s\n-- got:\n%s-- libcsv:\n%s", text, got, want.out);
        agreed++;
        pm_csv_free(&t);
    }
    assert_true(agreed > 1000);
}

/* ---- a big CSV read in two halves ------------------------------------------ */

static bool same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Reads text with pm_import_rows_csv in one piece or in halves. */
static bool read_rows(const char *text, size_t len, bool halves, pm_sheet *sh, pm_import_cols *cols,
                      pm_import_row **rows, size_t *n, pm_err *e)
{
    size_t keep = pm_import_csv_split_min;
    pm_import_csv_split_min = halves ? 0 : SIZE_MAX;
    memset(e, 0, sizeof *e);
    bool ok = pm_import_rows_csv(text, len, sh, cols, rows, n, e);
    pm_import_csv_split_min = keep;
    return ok;
}

/* Random long-form files of 40–120 rows from pieces that matter where the
 * text is cut in two (quoted fields across lines, CR LF and lone CR,
 * blank lines, a BOM, rows before the header), some with an error (a
 * ragged row, a stray quote, a byte that is not UTF-8, a NUL) anywhere: read in halves on two threads,
 * the same rows (every text, line, index, column), the same outcome and
 * the same first error (message and line) as read in one piece. */
static void test_csv_halves(void **state)
{
    (void)state;
    const char *values[] = {"12", "\"3,5\"", "\"l1\nl2\"", "\"a\"\"b\"", " 7 ", "", "\"\r\n\"", "—"};
    const char *ends[] = {"\n", "\r\n", "\r", "\n\n", "\n \n"};
    size_t halves_read = 0, failures = 0;
    for (int k = 0; k < 400; k++) {
        char text[16384];
        size_t len = 0;
        if (k % 7 == 0)
            len += (size_t)snprintf(text + len, sizeof text - len, "\xEF\xBB\xBF");
        if (k % 5 == 0)
            len += (size_t)snprintf(text + len, sizeof text - len, "某区数据,,,,\n说明,,,,\n");
        len += (size_t)snprintf(text + len, sizeof text - len, "unit,year,item,value,comment\n");
        int nrows = 40 + (int)(rnd() % 80), bad = k % 4 == 0 ? (int)(rnd() % (unsigned)nrows) : -1;
        for (int i = 0; i < nrows; i++) {
            const char *end = i + 1 < nrows || rnd() % 2 ? ends[rnd() % 5] : "";
            if (i == bad && k % 8 == 0)
                len += (size_t)snprintf(text + len, sizeof text - len, "C%d,2021,e1%s", i, end); /* ragged */
            else if (i == bad && k % 16 == 4)
                len += (size_t)snprintf(text + len, sizeof text - len, "C%d,2021,e1,\xC3(,x%s", i, end); /* not UTF-8 */
            else if (i == bad && k % 16 == 12) { /* a NUL byte */
                size_t at = len + (size_t)snprintf(text + len, sizeof text - len, "C%d,2021,e1,", i);
                len += (size_t)snprintf(text + len, sizeof text - len, "C%d,2021,e1,5,x%s", i, end);
                text[at] = '\0';
            } else if (i == bad)
                len += (size_t)snprintf(text + len, sizeof text - len, "C%d,2021,e\"1,5,x%s", i, end); /* a stray quote */
            else
                len += (size_t)snprintf(text + len, sizeof text - len, "C%d,%d,e%d,%s,%s%s", i, 2020 + i % 6,
                                        (int)(rnd() % 4), values[rnd() % 8], rnd() % 3 ? "" : "\"说明,\n两行\"", end);
        }
        pm_sheet s1, s2;
        pm_import_cols c1, c2;
        pm_import_row *r1, *r2;
        size_t n1, n2;
        pm_err e1, e2;
        bool ok1 = read_rows(text, len, false, &s1, &c1, &r1, &n1, &e1);
        bool ok2 = read_rows(text, len, true, &s2, &c2, &r2, &n2, &e2);
        if (ok1 != ok2 || (!ok1 && (e1.line != e2.line || strcmp(e1.msg, e2.msg))))
            fail_msg("file %d: one piece %d (line %ld: %s), halves %d (line %ld: %s)", k, ok1, e1.line, e1.msg, ok2,
                     e2.line, e2.msg);
        failures += !ok1;
        if (ok1) {
            assert_int_equal(n1, n2);
            for (size_t i = 0; i < n1; i++) {
                const pm_import_row *a = &r1[i], *b = &r2[i];
                if (!same_text(a->unit, b->unit) || !same_text(a->year, b->year) || !same_text(a->item, b->item) ||
                    !same_text(a->value, b->value) || !same_text(a->comment, b->comment) ||
                    !same_text(a->kind, b->kind) || a->row != b->row || a->row_index != b->row_index ||
                    a->col != b->col || a->value_type != b->value_type || b->cols != &c2 || strcmp(b->sheet, ""))
                    fail_msg("file %d row %zu: line %ld/%ld index %zu/%zu value %s/%s", k, i, a->row, b->row,
                             a->row_index, b->row_index, a->value, b->value);
            }
            free(r1);
            free(r2);
            pm_sheet_free(&s1);
            pm_sheet_free(&s2);
        }
        halves_read++;
    }
    assert_true(halves_read == 400 && failures > 20 && failures < 200);
}

/* ---- a store with many figures' room ------------------------------------ */

enum { NCOMM = 300 }; /* communities: 300 × 40 elements × 6 years = 72,000 figures */

typedef struct fixture {
    char *path;
    pm_store *s;
    pm_plan p;
    pm_tree t;
} fixture;

static void fixture_open(fixture *f, const char *stem)
{
    memset(f, 0, sizeof *f);
    f->path = xmalloc(strlen(tmpdir) + strlen(stem) + 32);
    sprintf(f->path, "%s/%s-%d.db", tmpdir, stem, ++ndb);
    pm_err e = {0};
    f->s = pm_store_open(f->path, PM_STORE_CREATE, &e);
    if (!f->s)
        fail_msg("open: %s", e.msg);
    pm_plan p = {0};
    p.title = xstrdup("批量写入测试");
    p.base_year = 2020;
    p.target_year = 2025;
    p.elem = xcalloc(40, sizeof *p.elem);
    for (int k = 0; k < 40; k++) {
        char code[16], name[32];
        snprintf(code, sizeof code, "e%02d", k);
        snprintf(name, sizeof name, "数据项%d", k);
        p.elem[p.nelem++] =
            (pm_element){0, xstrdup(code), xstrdup(name), xstrdup("个"), PM_AGG_SUM, PM_KIND_COUNT, PM_LEVEL_COMMUNITY};
    }
    pm_unit_in *in = xcalloc(NCOMM + 3, sizeof *in);
    size_t n = 0;
    in[n++] = (pm_unit_in){xstrdup("D"), xstrdup("区"), NULL, 0, 1, NULL, 0, 0};
    in[n++] = (pm_unit_in){xstrdup("T1"), xstrdup("一镇"), xstrdup("D"), 1, 2, NULL, 0, 0};
    in[n++] = (pm_unit_in){xstrdup("T2"), xstrdup("二镇"), xstrdup("D"), 1, 3, NULL, 0, 0};
    for (int c = 0; c < NCOMM; c++) {
        char code[16], name[32];
        snprintf(code, sizeof code, "C%03d", c);
        snprintf(name, sizeof name, "社区%d", c);
        in[n++] = (pm_unit_in){xstrdup(code), xstrdup(name), xstrdup(c % 2 ? "T2" : "T1"), 2, 4 + c, NULL, 0, 0};
    }
    pm_tree t;
    if (!pm_tree_build(in, n, &t, &e))
        fail_msg("tree: %s", e.msg);
    for (size_t i = 0; i < n; i++) {
        free(in[i].code);
        free(in[i].name);
        free(in[i].parent_code);
    }
    free(in);
    if (!pm_store_put_plan(f->s, &p, &e) || !pm_store_put_units(f->s, &t, &e))
        fail_msg("put: %s", e.msg);
    pm_plan_free(&p);
    pm_tree_free(&t);
    if (!pm_store_get_plan(f->s, &f->p, &e) || !pm_store_get_units(f->s, &f->t, &e))
        fail_msg("get: %s", e.msg);
}

static void fixture_close(fixture *f)
{
    pm_err e = {0};
    if (!pm_store_check(f->s, &e))
        fail_msg("integrity: %s", e.msg);
    pm_store_close(f->s);
    pm_plan_free(&f->p);
    pm_tree_free(&f->t);
    unlink(f->path);
    free(f->path);
}

static long long file_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        fail_msg("open %s", path);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* The i-th figure of a fixture (distinct for i < 40 × NCOMM × 6), new,
 * with value i. Communities come after D, T1, T2 in the tree. */
static pm_value_write nth(const fixture *f, size_t i, int year0)
{
    size_t k = i % 40, c = (i / 40) % NCOMM, y = i / (40 * NCOMM);
    return (pm_value_write){f->p.elem[k].id, f->t.u[3 + c].id, year0 + (int)y, (double)i, PM_VS_DRAFT, NULL, NAN, -1, false};
}

static void test_write_boundaries(void **state)
{
    (void)state;
    const size_t sizes[] = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK - 1, 2 * CHUNK, 2 * CHUNK + 1, 1000};
    fixture f;
    fixture_open(&f, "bounds");
    long long total = 0, batches = 0;
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        size_t n = sizes[k];
        pm_value_write *w = xcalloc(n + 1, sizeof *w);
        /* Each size its own figures: 1000 per block of indexes. */
        for (size_t i = 0; i < n; i++)
            w[i] = nth(&f, k * 1000 + i, 2020);
        pm_err e = {0};
        if (!pm_store_write_values(f.s, w, n, "张三", "边界", &e))
            fail_msg("%zu rows: %s", n, e.msg);
        total += (long long)n;
        assert_int_equal(file_int(f.path, "SELECT count(*) FROM data_value"), total);
        assert_int_equal(file_int(f.path, "SELECT count(*) FROM value_history"), total);
        /* Every figure as written, and its history in the batch's order
         * (ids increase with the position in the batch), at one time. */
        char sql[512];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM data_value WHERE value >= %zu AND value < %zu", k * 1000,
                 k * 1000 + n);
        assert_int_equal(file_int(f.path, sql), n);
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM value_history h JOIN value_history g ON g.id = h.id + 1"
                 " WHERE h.new_value >= %zu AND g.new_value < %zu AND g.new_value <> h.new_value + 1",
                 k * 1000, k * 1000 + n);
        assert_int_equal(file_int(f.path, sql), 0);
        /* One record of who, when and why for the batch (none for an
         * empty one); its rows name it and carry none of their own. */
        snprintf(sql, sizeof sql,
                 "SELECT count(DISTINCT b.id) FROM value_history h JOIN value_batch b ON b.id = h.batch_id"
                 " WHERE h.at IS NULL AND h.who IS NULL AND h.why IS NULL AND b.who = '张三' AND b.why = '边界'"
                 " AND b.at LIKE '20__-__-__T__:__:__%%Z' AND h.new_value >= %zu AND h.new_value < %zu",
                 k * 1000, k * 1000 + n);
        assert_int_equal(file_int(f.path, sql), n ? 1 : 0);
        snprintf(sql, sizeof sql, "SELECT count(*) FROM value_history WHERE new_value >= %zu AND new_value < %zu",
                 k * 1000, k * 1000 + n);
        assert_int_equal(file_int(f.path, sql), n);
        batches += n > 0;
        assert_int_equal(file_int(f.path, "SELECT count(*) FROM value_batch"), batches);
        free(w);
    }
    /* Written again, changed: upserts, inside chunks and out. */
    pm_value_write w[2 * CHUNK + 1];
    for (size_t i = 0; i < 2 * CHUNK + 1; i++) {
        w[i] = nth(&f, 8000 + i, 2020); /* the 1000-row block's figures */
        w[i].value = -1;
        w[i].old_value = (double)(8000 + i);
        w[i].old_state = PM_VS_DRAFT;
    }
    pm_err e = {0};
    assert_true(pm_store_write_values(f.s, w, 2 * CHUNK + 1, "李四", NULL, &e));
    assert_int_equal(file_int(f.path, "SELECT count(*) FROM data_value"), total);
    assert_int_equal(file_int(f.path, "SELECT count(*) FROM data_value WHERE value = -1"), 2 * CHUNK + 1);
    assert_int_equal(file_int(f.path, "SELECT count(*) FROM value_history h JOIN value_batch b ON b.id = h.batch_id"
                                      " WHERE h.old_value >= 8000 AND h.new_value = -1 AND h.old_state = 0"
                                      " AND b.who = '李四' AND b.why IS NULL"),
                     2 * CHUNK + 1);
    fixture_close(&f);
}

/* A row the database refuses (a unit id that is not there) anywhere in a
 * batch: first or last of a chunk, in its middle, in the rows after the
 * last chunk. The whole batch is undone, and the message names the row. */
static void test_write_failure_anywhere(void **state)
{
    (void)state;
    const size_t n = 2 * CHUNK + 10;
    const size_t bad_rows[] = {1, CHUNK / 2, CHUNK, CHUNK + 1, CHUNK + 37, 2 * CHUNK, 2 * CHUNK + 1, n};
    fixture f;
    fixture_open(&f, "failure");
    pm_value_write *w = xcalloc(n, sizeof *w);
    for (size_t k = 0; k < sizeof bad_rows / sizeof bad_rows[0]; k++) {
        for (size_t i = 0; i < n; i++)
            w[i] = nth(&f, i, 2020);
        w[bad_rows[k] - 1].unit_id = 999999;
        pm_err e = {0};
        assert_false(pm_store_write_values(f.s, w, n, "张三", "导入 坏.csv", &e));
        char want[64];
        snprintf(want, sizeof want, "第 %zu 行", bad_rows[k]);
        if (!strstr(e.msg, want) || !strstr(e.msg, "组织机构 id 999999 不存在") || !strstr(e.msg, "整批未保存"))
            fail_msg("bad row %zu: \"%s\"", bad_rows[k], e.msg);
        assert_int_equal(file_int(f.path, "SELECT count(*) FROM data_value"), 0);
        assert_int_equal(file_int(f.path, "SELECT count(*) FROM value_history"), 0);
        assert_int_equal(file_int(f.path, "SELECT count(*) FROM value_batch"), 0);
    }
    /* Inside the caller's transaction: the failed batch goes, an earlier
     * one stays, and the transaction is still usable. */
    pm_err e = {0};
    assert_true(pm_store_begin(f.s, &e));
    for (size_t i = 0; i < n; i++)
        w[i] = nth(&f, 5000 + i, 2020);
    assert_true(pm_store_write_values(f.s, w, CHUNK + 6, "张三", NULL, &e));
    for (size_t i = 0; i < n; i++)
        w[i] = nth(&f, i, 2020);
    w[CHUNK + 3].element_id = 88888;
    assert_false(pm_store_write_values(f.s, w, n, "张三", NULL, &e));
    assert_non_null(strstr(e.msg, "数据项 id 88888 不存在"));
    assert_true(pm_store_commit(f.s, &e));
    assert_int_equal(file_int(f.path, "SELECT count(*) FROM data_value"), CHUNK + 6);
    assert_int_equal(file_int(f.path, "SELECT count(*) FROM value_history"), CHUNK + 6);
    assert_int_equal(file_int(f.path, "SELECT count(*) FROM value_batch"), 1);
    /* A row SQLite's own checks refuse (a state out of range, which only
     * a bug could write) in the middle of a chunk: the chunk's statements
     * are OR FAIL, so the rows before it were written when it failed; the
     * row is still named and nothing of the batch stays, alone or inside
     * the caller's transaction. */
    for (int inside = 0; inside < 2; inside++) {
        for (size_t i = 0; i < n; i++)
            w[i] = nth(&f, 10000 + i, 2020);
        w[CHUNK + 20].state = (pm_vstate)9;
        if (inside)
            assert_true(pm_store_begin(f.s, &e));
        assert_false(pm_store_write_values(f.s, w, n, "张三", NULL, &e));
        char want[64];
        snprintf(want, sizeof want, "第 %d 行", CHUNK + 21);
        if (!strstr(e.msg, want) || !strstr(e.msg, "整批未保存"))
            fail_msg("check failure: \"%s\"", e.msg);
        if (inside)
            assert_true(pm_store_commit(f.s, &e));
        assert_int_equal(file_int(f.path, "SELECT count(*) FROM data_value"), CHUNK + 6);
        assert_int_equal(file_int(f.path, "SELECT count(*) FROM value_history"), CHUNK + 6);
        assert_int_equal(file_int(f.path, "SELECT count(*) FROM value_batch"), 1);
    }
    free(w);
    fixture_close(&f);
}

/* Comments inside chunks: NULL keeps the stored comment, text replaces
 * it, "" clears it (a chunk holding one goes the one-row way). */
static void test_write_comments(void **state)
{
    (void)state;
    fixture f;
    fixture_open(&f, "comments");
    enum { N = 3 * CHUNK };
    pm_value_write w[N];
    for (size_t i = 0; i < N; i++) {
        w[i] = nth(&f, i, 2021);
        w[i].comment = "原说明";
    }
    pm_err e = {0};
    assert_true(pm_store_write_values(f.s, w, N, "张三", NULL, &e));
    long long replaced = 0;
    for (size_t i = 0; i < N; i++) {
        /* The bulk write trusts the caller's old value and state, and the
         * check (pm_store_check's history chain) holds it to them. */
        w[i].old_value = w[i].value;
        w[i].value = 1;
        w[i].old_state = PM_VS_DRAFT;
        /* chunk 1: keep; chunk 2: every third replaced; chunk 3: one cleared, the rest kept */
        w[i].comment = i < CHUNK ? NULL : i < 2 * CHUNK ? (i % 3 ? NULL : "新说明") : i == 2 * CHUNK + 5 ? "" : NULL;
        replaced += w[i].comment && w[i].comment[0];
    }
    assert_true(pm_store_write_values(f.s, w, N, "李四", NULL, &e));
    assert_int_equal(file_int(f.path, "SELECT count(*) FROM data_value WHERE value = 1"), N);
    assert_int_equal(file_int(f.path, "SELECT count(*) FROM data_value WHERE comment = '新说明'"), replaced);
    assert_int_equal(file_int(f.path, "SELECT count(*) FROM data_value WHERE comment IS NULL"), 1);
    assert_int_equal(file_int(f.path, "SELECT count(*) FROM data_value WHERE comment = '原说明'"), N - 1 - replaced);
    /* The history records the comment given, NULL when none. */
    assert_int_equal(file_int(f.path, "SELECT count(*) FROM value_history h JOIN value_batch b ON b.id = h.batch_id"
                                      " WHERE b.who = '李四' AND h.comment IS NULL"),
                     N - replaced - 1);
    fixture_close(&f);
}

/* A stream: rows handed out in pieces of uneven size, all in one unit of
 * work at one time; a row refused in a later piece (an id that is not
 * there, a bad year) undoes the pieces before it and is numbered across
 * pieces; a stream that gives up (-1) leaves nothing either. */
typedef struct pieces {
    const pm_value_write *v;
    size_t n, at, calls;
    size_t fail_at_call; /* 0: never; else return -1 on that call */
} pieces;

static int next_piece(void *ctx, const pm_value_write **rows, size_t *n, pm_err *err)
{
    pieces *p = ctx;
    if (++p->calls == p->fail_at_call) {
        pm_err_set(err, 0, "读取中断");
        return -1;
    }
    if (p->at >= p->n)
        return 0;
    size_t size = p->calls % 2 ? 1 : CHUNK + 3; /* 1 row, then a chunk and more */
    *n = p->n - p->at < size ? p->n - p->at : size;
    *rows = p->v + p->at;
    p->at += *n;
    return 1;
}

static void test_write_stream(void **state)
{
    (void)state;
    fixture f;
    fixture_open(&f, "stream");
    const size_t n = 10 * CHUNK + 7;
    pm_value_write *w = xcalloc(n, sizeof *w);
    for (size_t i = 0; i < n; i++)
        w[i] = nth(&f, i, 2020);
    pm_err e = {0};

    /* A missing unit id in a later piece, a bad year in another, a stream
     * that gives up: nothing written. */
    const size_t bad = 6 * CHUNK + 2;
    w[bad - 1].unit_id = 777777;
    pieces p = {w, n, 0, 0, 0};
    assert_false(pm_store_write_stream(f.s, next_piece, &p, "张三", NULL, &e));
    char want[64];
    snprintf(want, sizeof want, "第 %zu 行", bad);
    if (!strstr(e.msg, want) || !strstr(e.msg, "组织机构 id 777777 不存在"))
        fail_msg("\"%s\"", e.msg);
    w[bad - 1] = nth(&f, bad - 1, 2020);
    w[n - 1].year = 12;
    p = (pieces){w, n, 0, 0, 0};
    assert_false(pm_store_write_stream(f.s, next_piece, &p, "张三", NULL, &e));
    snprintf(want, sizeof want, "第 %zu 行", n);
    assert_non_null(strstr(e.msg, want));
    assert_non_null(strstr(e.msg, "年份"));
    w[n - 1] = nth(&f, n - 1, 2020);
    p = (pieces){w, n, 0, 0, 5};
    assert_false(pm_store_write_stream(f.s, next_piece, &p, "张三", NULL, &e));
    assert_string_equal(e.msg, "读取中断");
    assert_false(pm_store_write_stream(f.s, next_piece, &p, NULL, NULL, &e));
    assert_int_equal(file_int(f.path, "SELECT count(*) FROM data_value"), 0);
    assert_int_equal(file_int(f.path, "SELECT count(*) FROM value_history"), 0);

    /* The foreign keys are on again after the stream: a bad id written
     * inside the caller's transaction (checked by SQLite) is refused. */
    assert_true(pm_store_begin(f.s, &e));
    pm_value_write one = nth(&f, 0, 2020);
    one.element_id = 55555;
    assert_false(pm_store_write_values(f.s, &one, 1, "张三", NULL, &e));
    assert_non_null(strstr(e.msg, "数据项 id 55555 不存在"));
    pm_store_rollback(f.s);

    /* The whole stream, one time. */
    p = (pieces){w, n, 0, 0, 0};
    if (!pm_store_write_stream(f.s, next_piece, &p, "张三", "分批", &e))
        fail_msg("stream: %s", e.msg);
    assert_int_equal(file_int(f.path, "SELECT count(*) FROM data_value"), n);
    assert_int_equal(file_int(f.path, "SELECT count(*) FROM value_history"), n);
    assert_int_equal(file_int(f.path, "SELECT count(*) FROM value_history h JOIN value_batch b ON b.id = h.batch_id"
                                      " WHERE b.who = '张三' AND b.why = '分批'"),
                     n);
    assert_int_equal(file_int(f.path, "SELECT count(*) FROM value_batch"), 1);
    assert_int_equal(file_int(f.path, "SELECT count(*) FROM value_history h JOIN value_history g ON g.id = h.id + 1"
                                      " WHERE g.new_value <> h.new_value + 1"),
                     0);
    free(w);
    fixture_close(&f);
}

/* data_value's data-generation triggers (sqlite_datagen.c) in the file. */
static long long datagen_triggers(const char *path)
{
    return file_int(path, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'data_value'"
                          " AND name IN ('datagen_data_value_ins', 'datagen_data_value_upd', 'datagen_data_value_del')");
}

static long long gen_of(pm_store *s)
{
    long long g = 0;
    pm_err e = {0};
    if (!pm_store_data_generation(s, &g, &e))
        fail_msg("generation: %s", e.msg);
    return g;
}

/* A big batch writes with data_value's triggers held and makes them again
 * before it commits (sqlite_bulk.c, HOLD_ROWS): the data generation moves
 * once for it as it did with every row; a big batch that fails moves
 * nothing and leaves the triggers as they were, alone or inside the
 * caller's transaction; and a later write by anyone moves the generation
 * again (the triggers work, not only exist). */
static void test_write_held_triggers(void **state)
{
    (void)state;
    fixture f;
    fixture_open(&f, "held");
    const size_t n = HOLD + 100;
    pm_value_write *w = xcalloc(n, sizeof *w);
    for (size_t i = 0; i < n; i++)
        w[i] = nth(&f, i, 2020);
    pm_err e = {0};
    long long g0 = gen_of(f.s);
    assert_int_equal(datagen_triggers(f.path), 3);

    /* Failing in its last row: nothing moves. */
    w[n - 1].unit_id = 666666;
    assert_false(pm_store_write_values(f.s, w, n, "张三", NULL, &e));
    assert_non_null(strstr(e.msg, "组织机构 id 666666 不存在"));
    assert_true(gen_of(f.s) == g0);
    assert_int_equal(datagen_triggers(f.path), 3);
    assert_int_equal(file_int(f.path, "SELECT count(*) FROM data_value"), 0);

    /* Whole: written, the generation moved, the triggers there. */
    w[n - 1] = nth(&f, n - 1, 2020);
    if (!pm_store_write_values(f.s, w, n, "张三", "大批", &e))
        fail_msg("big batch: %s", e.msg);
    long long g1 = gen_of(f.s);
    assert_true(g1 != g0);
    assert_int_equal(datagen_triggers(f.path), 3);
    assert_int_equal(file_int(f.path, "SELECT count(*) FROM data_value"), n);

    /* Inside the caller's transaction: a small batch kept, a big one that
     * fails undone (its savepoint), the triggers there after the commit. */
    assert_true(pm_store_begin(f.s, &e));
    pm_value_write one = nth(&f, n, 2020);
    assert_true(pm_store_write_values(f.s, &one, 1, "张三", NULL, &e));
    for (size_t i = 0; i < n; i++)
        w[i] = nth(&f, n + 1 + i, 2020);
    w[HOLD + 50].element_id = 44444;
    assert_false(pm_store_write_values(f.s, w, n, "张三", NULL, &e));
    assert_true(pm_store_commit(f.s, &e));
    long long g2 = gen_of(f.s);
    assert_true(g2 != g1);
    assert_int_equal(datagen_triggers(f.path), 3);
    assert_int_equal(file_int(f.path, "SELECT count(*) FROM data_value"), n + 1);

    /* A big update of the figures already there (the upsert's path). */
    for (size_t i = 0; i < n; i++) {
        w[i] = nth(&f, i, 2020);
        w[i].value = -2;
        w[i].old_value = (double)i;
        w[i].old_state = PM_VS_DRAFT;
    }
    assert_true(pm_store_write_values(f.s, w, n, "李四", NULL, &e));
    long long g3 = gen_of(f.s);
    assert_true(g3 != g2);
    assert_int_equal(file_int(f.path, "SELECT count(*) FROM data_value WHERE value = -2"), n);

    /* Another connection's plain write moves it: the triggers fire (an
     * update that keeps the value, so the history still matches). */
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(f.path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "UPDATE data_value SET value = value WHERE value = -2 AND year = 2020"
                                      " AND unit_id = (SELECT min(unit_id) FROM data_value)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    assert_true(gen_of(f.s) != g3);
    free(w);
    fixture_close(&f);
}

/* ---- pm_import_run in slices --------------------------------------------- */

typedef struct rows_in {
    pm_import_input in;
    pm_import_cols cols;
    char (*text)[4][16];
} rows_in;

/* n rows "C…, year, e…, value" in file order (unit, element, year), the
 * value a count that passes every check. */
static void make_rows(rows_in *r, size_t n, int year0, int nyears)
{
    memset(r, 0, sizeof *r);
    r->in.rows = xcalloc(n + 1, sizeof *r->in.rows);
    r->text = xcalloc(n + 1, sizeof *r->text);
    r->cols = (pm_import_cols){0, 1, 2, 3, -1, "unit", "year", "item", "value", "说明", 1, PM_SHAPE_LONG, "", -1, "实际/预计"};
    for (size_t i = 0; i < n; i++) {
        size_t y = i % (size_t)nyears, k = (i / (size_t)nyears) % 40, c = i / ((size_t)nyears * 40);
        snprintf(r->text[i][0], 16, "C%03zu", c);
        snprintf(r->text[i][1], 16, "%zu", (size_t)year0 + y);
        snprintf(r->text[i][2], 16, "e%02zu", k);
        snprintf(r->text[i][3], 16, "%zu", 100 + y);
        r->in.rows[i] = (pm_import_row){.unit = r->text[i][0], .year = r->text[i][1], .item = r->text[i][2],
                                        .value = r->text[i][3], .comment = "", .value_type = PM_CELL_STRING,
                                        .col = 3, .sheet = "", .row = (long)i + 2, .row_index = i + 1,
                                        .cols = &r->cols, .kind = ""};
    }
    r->in.nrows = n;
}

typedef struct progress_log {
    size_t calls, last_done, total;
    bool backwards;
} progress_log;

static void on_progress(void *ctx, size_t done, size_t total)
{
    progress_log *l = ctx;
    l->backwards |= done < l->last_done;
    l->calls++;
    l->last_done = done;
    l->total = total;
}

static void test_import_slices(void **state)
{
    (void)state;
    fixture f;
    fixture_open(&f, "slices");
    const size_t n = 40 * NCOMM * 6; /* 72,000: more than one slice */
    assert_true(n > SLICE);
    rows_in r;
    make_rows(&r, n, 2020, 6);
    progress_log log = {0};
    pm_import_opts o = {false, "张三", "导入 大文件.csv", -1, on_progress, &log};
    pm_import_outcome out;
    pm_err e = {0};

    /* A dry run writes nothing and reports what it would write. */
    o.dry_run = true;
    assert_true(pm_import_run(f.s, &r.in, &o, &out, &e));
    assert_false(out.refused);
    assert_int_equal(out.written, n);
    assert_int_equal(log.calls, 0);
    pm_import_outcome_free(&out);
    assert_int_equal(file_int(f.path, "SELECT count(*) FROM data_value"), 0);

    o.dry_run = false;
    if (!pm_import_run(f.s, &r.in, &o, &out, &e))
        fail_msg("import: %s", e.msg);
    assert_false(out.refused);
    assert_int_equal(out.written, n);
    assert_int_equal(out.unchanged, 0);
    pm_import_outcome_free(&out);
    assert_int_equal(file_int(f.path, "SELECT count(*) FROM data_value"), n);
    assert_int_equal(file_int(f.path, "SELECT count(*) FROM value_history"), n);
    assert_int_equal(file_int(f.path, "SELECT count(DISTINCT batch_id) FROM value_history"), 1);
    assert_int_equal(file_int(f.path, "SELECT count(*) FROM value_batch"), 1);
    assert_int_equal(file_int(f.path, "SELECT count(*) FROM data_value WHERE value <> 100 + year - 2020"), 0);
    assert_true(log.calls >= 3); /* 0, then after each of the two slices */
    assert_false(log.backwards);
    assert_int_equal(log.last_done, n);
    assert_int_equal(log.total, n);

    /* The same file again changes nothing: nothing written, no history. */
    assert_true(pm_import_run(f.s, &r.in, &o, &out, &e));
    assert_int_equal(out.written, 0);
    assert_int_equal(out.unchanged, n);
    pm_import_outcome_free(&out);
    assert_int_equal(file_int(f.path, "SELECT count(*) FROM value_history"), n);

    /* Inside the caller's transaction: one piece, rolled back with it. */
    for (size_t i = 0; i < n; i++)
        snprintf(r.text[i][3], 16, "%zu", 200 + i % 6);
    assert_true(pm_store_begin(f.s, &e));
    assert_true(pm_import_run(f.s, &r.in, &o, &out, &e));
    assert_int_equal(out.written, n);
    pm_import_outcome_free(&out);
    pm_store_rollback(f.s);
    assert_int_equal(file_int(f.path, "SELECT count(*) FROM data_value WHERE value >= 200"), 0);
    assert_int_equal(file_int(f.path, "SELECT count(*) FROM value_history"), n);

    /* One bad row refuses the whole file: nothing written. */
    snprintf(r.text[n / 2][3], 16, "-1");
    assert_true(pm_import_run(f.s, &r.in, &o, &out, &e));
    assert_true(out.refused);
    assert_int_equal(out.written, 0);
    pm_import_outcome_free(&out);
    assert_int_equal(file_int(f.path, "SELECT count(*) FROM data_value WHERE value >= 200"), 0);
    free(r.in.rows);
    free(r.text);
    fixture_close(&f);
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/pm-bulk-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    DIR *d = opendir(tmpdir);
    struct dirent *ent;
    char path[512];
    while (d && (ent = readdir(d)))
        if (ent->d_name[0] != '.') {
            snprintf(path, sizeof path, "%s/%s", tmpdir, ent->d_name);
            unlink(path);
        }
    if (d)
        closedir(d);
    rmdir(tmpdir);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arena),
        cmocka_unit_test(test_radix),
        cmocka_unit_test(test_num_fast_path),
        cmocka_unit_test(test_csv_fast_lines),
        cmocka_unit_test(test_csv_halves),
        cmocka_unit_test(test_write_boundaries),
        cmocka_unit_test(test_write_failure_anywhere),
        cmocka_unit_test(test_write_comments),
        cmocka_unit_test(test_write_stream),
        cmocka_unit_test(test_write_held_triggers),
        cmocka_unit_test(test_import_slices),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

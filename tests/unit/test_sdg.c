/* Tests for the `sdg` progress method (src/engine/sdg.c).
 *
 * The main test replays all 374 conformance vectors in
 * tests/data/opensdg-progress-vectors.csv: real outputs of Open SDG's
 * progress measure (sdg-build 2.4.0); see the README beside that file. Every
 * row must match in progress, status and score (relative tolerance 1e-9,
 * null only where null). The hand-written cases below it cover branches the
 * vectors never reach (no negative base, no zero base, no limit far from
 * or between one and two times the base, …), each with its expected value
 * worked out in a comment.
 *
 * The data directory is tests/data relative to the working directory (the
 * repository root, as tests/run.sh arranges), or $PLANMON_TESTDATA. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <csv.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/num.h"
#include "engine/sdg.h"

#define VECTOR_FILE "opensdg-progress-vectors.csv"
#define VECTOR_ROWS 374
#define REL_TOL 1e-9

/* ---- comparing -------------------------------------------------------- */

/* Both null, or both numbers within REL_TOL of each other relative to the
 * larger magnitude. */
static bool same_number(double want, double got)
{
    if (isnan(want) || isnan(got))
        return isnan(want) && isnan(got);
    if (want == got)
        return true;
    return fabs(want - got) <= REL_TOL * fmax(fabs(want), fabs(got));
}

/* Runs pm_sdg on one input and compares all three outputs; on a mismatch
 * prints what differed under `name` and returns false. */
static bool check_one(const char *name, const pm_sdg_in *in, double progress,
                      pm_sdg_status status, double score)
{
    pm_sdg_out out;
    pm_sdg(in, &out);
    bool ok = true;
    if (!same_number(progress, out.progress)) {
        printf("FAIL %s: progress want %.17g got %.17g\n", name, progress, out.progress);
        ok = false;
    }
    if (status != out.status) {
        printf("FAIL %s: status want %s got %s\n", name, pm_sdg_status_key(status),
               pm_sdg_status_key(out.status));
        ok = false;
    }
    if (!same_number(score, out.score)) {
        printf("FAIL %s: score want %.17g got %.17g\n", name, score, out.score);
        ok = false;
    }
    return ok;
}

/* ---- reading the vectors with libcsv ------------------------------------ */

enum {
    COL_ID, COL_BASE_YEAR, COL_BASE, COL_YEAR, COL_VALUE, COL_TARGET,
    COL_TARGET_YEAR, COL_DIRECTION, COL_LIMIT, COL_PROGRESS, COL_STATUS,
    COL_SCORE, NCOLS
};

static const char *const column_names[NCOLS] = {
    "id", "base_year", "base", "year", "value", "target", "target_year",
    "direction", "limit", "progress", "status", "score",
};

#define FIELD_MAX 64

/* What the libcsv callbacks share: the row being assembled and the tallies. */
typedef struct vec_state {
    char field[NCOLS][FIELD_MAX];
    size_t nfield;      /* fields seen in the current row */
    bool field_overflow;
    bool header_seen;
    int rows;           /* data rows checked */
    int failures;       /* data rows that did not match */
    int bad_rows;       /* rows that could not be read at all */
} vec_state;

static void on_field(void *s, size_t len, void *data)
{
    vec_state *st = data;
    if (st->nfield < NCOLS) {
        if (len >= FIELD_MAX) {
            st->field_overflow = true;
            len = FIELD_MAX - 1;
        }
        memcpy(st->field[st->nfield], s, len);
        st->field[st->nfield][len] = '\0';
    }
    st->nfield++;
}

/* An optional number: empty means absent (NAN). */
static bool parse_opt(const char *s, double *out)
{
    if (*s == '\0') {
        *out = NAN;
        return true;
    }
    return num_parse_cstr(s, out);
}

static bool parse_year(const char *s, int *out)
{
    long v;
    if (!num_parse_int(s, 1900, 2200, &v))
        return false;
    *out = (int)v;
    return true;
}

static bool parse_status(const char *s, pm_sdg_status *out)
{
    for (int i = 0; i < PM_SDG_COUNT; i++) {
        if (strcmp(s, pm_sdg_status_key((pm_sdg_status)i)) == 0) {
            *out = (pm_sdg_status)i;
            return true;
        }
    }
    return false;
}

/* Turns the assembled row into an input and the expected outputs. */
static bool parse_row(char f[NCOLS][FIELD_MAX], pm_sdg_in *in, double *progress,
                      pm_sdg_status *status, double *score)
{
    long dir;
    if (!num_parse_int(f[COL_DIRECTION], -1, 1, &dir) || dir == 0)
        return false;
    in->direction = (int)dir;
    return parse_year(f[COL_BASE_YEAR], &in->base_year) &&
           num_parse_cstr(f[COL_BASE], &in->base) &&
           parse_year(f[COL_YEAR], &in->year) &&
           num_parse_cstr(f[COL_VALUE], &in->value) &&
           parse_opt(f[COL_TARGET], &in->target) &&
           parse_year(f[COL_TARGET_YEAR], &in->target_year) &&
           parse_opt(f[COL_LIMIT], &in->limit) &&
           parse_opt(f[COL_PROGRESS], progress) &&
           parse_status(f[COL_STATUS], status) &&
           parse_opt(f[COL_SCORE], score);
}

static void on_row(int terminator, void *data)
{
    (void)terminator;
    vec_state *st = data;
    const size_t n = st->nfield;
    st->nfield = 0;

    if (n != NCOLS || st->field_overflow) {
        printf("FAIL row %d: %zu fields%s\n", st->rows + 1, n,
               st->field_overflow ? ", one too long" : "");
        st->field_overflow = false;
        st->bad_rows++;
        return;
    }
    if (!st->header_seen) {
        /* Columns are matched by position, so the header must be exactly
         * the documented one. */
        st->header_seen = true;
        for (int i = 0; i < NCOLS; i++) {
            if (strcmp(st->field[i], column_names[i]) != 0) {
                printf("FAIL header: column %d is \"%s\", want \"%s\"\n", i + 1,
                       st->field[i], column_names[i]);
                st->bad_rows++;
            }
        }
        return;
    }

    st->rows++;
    pm_sdg_in in;
    double progress, score;
    pm_sdg_status status;
    if (!parse_row(st->field, &in, &progress, &status, &score)) {
        printf("FAIL %s: cannot read the row\n", st->field[COL_ID]);
        st->bad_rows++;
        return;
    }
    if (!check_one(st->field[COL_ID], &in, progress, status, score))
        st->failures++;
}

static FILE *open_vectors(void)
{
    const char *dir = getenv("PLANMON_TESTDATA");
    if (!dir || !*dir)
        dir = "tests/data";
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/%s", dir, VECTOR_FILE);
    assert_true(n > 0 && (size_t)n < sizeof path);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        fail_msg("cannot open %s (run from the repository root or set PLANMON_TESTDATA)", path);
    return fp;
}

static void test_conformance_vectors(void **state)
{
    (void)state;
    FILE *fp = open_vectors();
    struct csv_parser parser;
    assert_int_equal(csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI), 0);

    vec_state st;
    memset(&st, 0, sizeof st);
    char buf[8192];
    size_t got;
    bool parse_ok = true;
    while ((got = fread(buf, 1, sizeof buf, fp)) > 0) {
        if (csv_parse(&parser, buf, got, on_field, on_row, &st) != got) {
            printf("FAIL csv: %s\n", csv_strerror(csv_error(&parser)));
            parse_ok = false;
            break;
        }
    }
    const bool read_ok = !ferror(fp);
    fclose(fp);
    if (parse_ok && csv_fini(&parser, on_field, on_row, &st) != 0) {
        printf("FAIL csv: %s\n", csv_strerror(csv_error(&parser)));
        parse_ok = false;
    }
    csv_free(&parser);

    printf("sdg vectors: %d rows, %d match, %d mismatch, %d unreadable\n", st.rows,
           st.rows - st.failures - st.bad_rows, st.failures, st.bad_rows);
    assert_true(read_ok);
    assert_true(parse_ok);
    assert_true(st.header_seen);
    assert_int_equal(st.bad_rows, 0);
    /* Exactly the documented count, so a truncated or empty file cannot
     * pass by checking nothing. */
    assert_int_equal(st.rows, VECTOR_ROWS);
    assert_int_equal(st.failures, 0);
}

/* ---- hand-written cases ---------------------------------------------- */

/* An input without target or limit; cases fill in the rest. */
static pm_sdg_in series(int y0, double base, int t, double value, int direction)
{
    pm_sdg_in in = {
        .base_year = y0, .base = base, .year = t, .value = value,
        .target = NAN, .target_year = 2030, .direction = direction, .limit = NAN,
    };
    return in;
}

static void test_negative_base_sign(void **state)
{
    (void)state;
    /* B = -100 -> -98.4 in one year, higher is better.
     * CAGR = (-98.4 / -100)^(1/1) - 1 = 0.984 - 1 = -0.016; the value moved
     * up (towards zero), so sign = -1 turns it round: progress = -1 * 1 *
     * -0.016 = 0.016 >= 0.015 -> substantial; score = 500 * 0.016 - 5 = 3. */
    pm_sdg_in in = series(2020, -100, 2021, -98.4, 1);
    assert_true(check_one("negative base, d=+1", &in, 0.016, PM_SDG_SUBSTANTIAL, 3.0));

    /* B = -100 -> -101, lower is better. CAGR = 1.01 - 1 = 0.01; progress =
     * -1 * -1 * 0.01 = 0.01: 0.005 <= 0.01 < 0.015 -> moderate; score =
     * 250 * 0.01 - 1.25 = 1.25. */
    in = series(2020, -100, 2021, -101, -1);
    assert_true(check_one("negative base, d=-1", &in, 0.01, PM_SDG_MODERATE, 1.25));

    /* B = -10 -> -5 over five years, higher is better. CAGR = 0.5^(1/5) - 1
     * = 0.870550563296124 - 1 = -0.129449436703876; progress = +0.1294...
     * >= 0.015 -> substantial; score = min(500 * 0.1294 - 5, 5) = 5. */
    in = series(2015, -10, 2020, -5, 1);
    assert_true(check_one("negative base, five years", &in, 0.12944943670387588,
                          PM_SDG_SUBSTANTIAL, 5.0));
}

static void test_zero_base(void **state)
{
    (void)state;
    /* B = 0 becomes 0.001. Target 0.004 in y0+2, value 0.002 in y0+1, higher
     * is better, not yet achieved (0.002 < 0.004).
     * target CAGR = (0.004 / 0.001)^(1/2) - 1 = 2 - 1 = 1;
     * observed CAGR = (0.002 / 0.001)^(1/1) - 1 = 1; progress = 1 / |1| = 1
     * >= 0.95 -> substantial; score = min(7.1429 * 1 - 4.2857, 5) = 2.8572. */
    pm_sdg_in in = series(2020, 0, 2021, 0.002, 1);
    in.target = 0.004;
    in.target_year = 2022;
    assert_true(check_one("zero base, target", &in, 1.0, PM_SDG_SUBSTANTIAL, 2.8572));

    /* No target: CAGR = 0.002 / 0.001 - 1 = 1 -> substantial, score
     * min(500 * 1 - 5, 5) = 5. */
    in = series(2020, 0, 2021, 0.002, 1);
    assert_true(check_one("zero base, no target", &in, 1.0, PM_SDG_SUBSTANTIAL, 5.0));

    /* A zero base counts as positive (sign +1, then 0.001), so a negative
     * value is on the opposite side: not available. */
    in = series(2020, 0, 2023, -1, 1);
    assert_true(check_one("zero base, negative value", &in, NAN, PM_SDG_NOT_AVAILABLE, NAN));
}

static void test_opposite_signs(void **state)
{
    (void)state;
    pm_sdg_in in = series(2015, 5, 2018, -1, 1);
    assert_true(check_one("positive base, negative value", &in, NAN,
                          PM_SDG_NOT_AVAILABLE, NAN));
    in = series(2015, -5, 2018, 1, -1);
    assert_true(check_one("negative base, positive value", &in, NAN,
                          PM_SDG_NOT_AVAILABLE, NAN));
    /* With a target not yet achieved (d = +1, 1 < 7), still not available. */
    in = series(2015, -5, 2018, 1, 1);
    in.target = 7;
    assert_true(check_one("opposite signs, target", &in, NAN, PM_SDG_NOT_AVAILABLE, NAN));
    /* A value of exactly zero is not "opposite": B = 0.79 -> 0 in 9 years,
     * lower is better, no target: CAGR = 0^(1/9) - 1 = -1; progress =
     * 1 * -1 * -1 = 1 -> substantial, score min(500 - 5, 5) = 5. */
    in = series(2015, 0.79, 2024, 0, -1);
    assert_true(check_one("zero value", &in, 1.0, PM_SDG_SUBSTANTIAL, 5.0));
}

static void test_too_few_years(void **state)
{
    (void)state;
    /* t = y0: no growth rate. */
    pm_sdg_in in = series(2020, 10, 2020, 12, 1);
    assert_true(check_one("t = y0", &in, NAN, PM_SDG_NOT_AVAILABLE, NAN));
    /* t < y0: the latest value predates the base. */
    in = series(2020, 10, 2019, 12, 1);
    assert_true(check_one("t < y0", &in, NAN, PM_SDG_NOT_AVAILABLE, NAN));
    /* An achieved target still scores 5 with progress null (t = y0;
     * d = +1 and 10 >= 8). */
    in = series(2020, 10, 2020, 10, 1);
    in.target = 8;
    assert_true(check_one("t = y0, achieved", &in, NAN, PM_SDG_TARGET_ACHIEVED, 5.0));
}

static void test_target_growth_zero(void **state)
{
    (void)state;
    /* T = B = 50: target CAGR = (50/50)^(1/15) - 1 = 0, so progress has no
     * denominator. Value 40 < 50 with higher better: not achieved, so not
     * available, score null. */
    pm_sdg_in in = series(2015, 50, 2020, 40, 1);
    in.target = 50;
    assert_true(check_one("target CAGR 0", &in, NAN, PM_SDG_NOT_AVAILABLE, NAN));
    /* The same with the value at 60: achieved (60 >= 50), progress still
     * null, score 5. */
    in.value = 60;
    assert_true(check_one("target CAGR 0, achieved", &in, NAN, PM_SDG_TARGET_ACHIEVED, 5.0));
}

static void test_target_scores(void **state)
{
    (void)state;
    /* B = 100, T = 121 two years on: target CAGR = 1.21^(1/2) - 1 = 0.1. */
    pm_sdg_in in = series(2020, 100, 2021, 102, 1);
    in.target = 121;
    in.target_year = 2022;
    /* 102: CAGR 0.02, progress 0.02 / 0.1 = 0.2: 0 <= 0.2 < 0.6 -> limited;
     * score = max(4.1667 * 0.2 - 2.5, -5) = -1.66666. */
    assert_true(check_one("target, limited", &in, 0.2, PM_SDG_LIMITED, -1.66666));
    /* 99: CAGR -0.01, progress -0.1 -> deterioration; score = 4.1667 * -0.1
     * - 2.5 = -2.91667. */
    in.value = 99;
    assert_true(check_one("target, deterioration", &in, -0.1, PM_SDG_DETERIORATION, -2.91667));
    /* 50: CAGR -0.5, progress -5; 4.1667 * -5 - 2.5 = -23.33 -> clamped -5. */
    in.value = 50;
    assert_true(check_one("target, floor", &in, -5.0, PM_SDG_DETERIORATION, -5.0));
    /* Lower is better, B = 100, T = 81 two years on: target CAGR = 0.9 - 1
     * = -0.1. Value 93 in one year: CAGR -0.07, progress = 1 * -1 * -0.07
     * / 0.1 = 0.7: 0.6 <= 0.7 < 0.95 -> moderate; score = 7.1429 * 0.7 -
     * 4.2857 = 0.71433. */
    in = series(2020, 100, 2021, 93, -1);
    in.target = 81;
    in.target_year = 2022;
    assert_true(check_one("target, d=-1, moderate", &in, 0.7, PM_SDG_MODERATE, 0.71433));
}

static void test_limit_factor(void **state)
{
    (void)state;
    /* b >= 2l: B = 300, L = 100 -> C = 1. 300 -> 303 in one year: progress
     * 0.01 -> moderate (0.005 <= 0.01 < 0.015); score 250 * 0.01 - 1.25 = 1.25. */
    pm_sdg_in in = series(2020, 300, 2021, 303, 1);
    in.limit = 100;
    assert_true(check_one("limit, b >= 2l", &in, 0.01, PM_SDG_MODERATE, 1.25));

    /* b <= l: B = 50, L = 100 -> C = 1 - 0.5^4.44 = 1 - 0.0460709130403469
     * = 0.953929086959653; thresholds shrink to 0.0143089 / 0.00476965.
     * 50 -> 50.725: progress 0.0145, substantial only because of C (it is
     * below the unreduced 0.015); score = 500 * 0.0145 / C - 5 = 7.25 /
     * 0.953929086959653 - 5 = 2.60014564930301. */
    in = series(2020, 50, 2021, 50.725, 1);
    in.limit = 100;
    assert_true(check_one("limit, b <= l", &in, 0.0145, PM_SDG_SUBSTANTIAL, 2.600145649303010));

    /* l < b < 2l: B = 175, L = 100 -> C = 1 - ((200 - 175) / 100)^4.44 =
     * 1 - 0.25^4.44 = 1 - 0.00212252902837121 = 0.997877470971629.
     * 175 -> 176.75: progress 0.01 -> moderate; score = 250 * 0.01 / C -
     * 1.25 = 2.5 / 0.997877470971629 - 1.25 = 1.25531760935114. */
    in = series(2020, 175, 2021, 176.75, 1);
    in.limit = 100;
    assert_true(check_one("limit, l < b < 2l", &in, 0.01, PM_SDG_MODERATE, 1.255317609351137));

    /* A limit is ignored when there is a target: B = 50, L = 100 as above
     * but T = 60.5 two years on (target CAGR = 1.21^(1/2) - 1 = 0.1);
     * 50 -> 55 is CAGR 0.1, progress 1 -> substantial; score =
     * 7.1429 - 4.2857 = 2.8572, with no C anywhere. */
    in = series(2020, 50, 2021, 55, 1);
    in.limit = 100;
    in.target = 60.5;
    in.target_year = 2022;
    assert_true(check_one("limit ignored with target", &in, 1.0, PM_SDG_SUBSTANTIAL, 2.8572));
}

static void test_limit_reached(void **state)
{
    (void)state;
    /* B = L = 100: C = 1 - 1^4.44 = 0, every threshold is 0. Holding at the
     * limit (progress 0) is substantial and scores 5 (c = 0). */
    pm_sdg_in in = series(2020, 100, 2021, 100, 1);
    in.limit = 100;
    assert_true(check_one("c = 0, hold", &in, 0.0, PM_SDG_SUBSTANTIAL, 5.0));
    /* Moving beyond it too: 101, progress 0.01, score 5. */
    in.value = 101;
    assert_true(check_one("c = 0, beyond", &in, 0.01, PM_SDG_SUBSTANTIAL, 5.0));
    /* Falling away from it: 99, progress -0.01 < 0 -> deterioration; score
     * = max(125 * -0.01 - 2.5, -5) = -3.75. */
    in.value = 99;
    assert_true(check_one("c = 0, falling", &in, -0.01, PM_SDG_DETERIORATION, -3.75));
}

static void test_no_target_scores(void **state)
{
    (void)state;
    /* No target, no limit, B = 1000, one year. */
    pm_sdg_in in = series(2020, 1000, 2021, 1003, 1);
    /* 1003: progress 0.003: 0 <= 0.003 < 0.005 -> limited; score = 500 *
     * 0.003 - 2.5 = -1. */
    assert_true(check_one("no target, limited", &in, 0.003, PM_SDG_LIMITED, -1.0));
    /* 1000: progress 0 is limited (>= low = 0), score 500 * 0 - 2.5 = -2.5. */
    in.value = 1000;
    assert_true(check_one("no target, flat", &in, 0.0, PM_SDG_LIMITED, -2.5));
    /* 900: progress -0.1; 125 * -0.1 - 2.5 = -15 -> clamped -5. */
    in.value = 900;
    assert_true(check_one("no target, floor", &in, -0.1, PM_SDG_DETERIORATION, -5.0));
}

static void test_status_names(void **state)
{
    (void)state;
    static const struct {
        pm_sdg_status s;
        const char *key, *label;
    } names[] = {
        {PM_SDG_NOT_AVAILABLE, "not_available", "无法评估"},
        {PM_SDG_TARGET_ACHIEVED, "target_achieved", "已达目标"},
        {PM_SDG_SUBSTANTIAL, "substantial_progress", "显著进展"},
        {PM_SDG_MODERATE, "moderate_progress", "适度进展"},
        {PM_SDG_LIMITED, "limited_progress", "有限进展"},
        {PM_SDG_DETERIORATION, "deterioration", "退步"},
    };
    assert_int_equal(sizeof names / sizeof names[0], PM_SDG_COUNT);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        assert_string_equal(pm_sdg_status_key(names[i].s), names[i].key);
        assert_string_equal(pm_sdg_status_label(names[i].s), names[i].label);
    }
    assert_string_equal(pm_sdg_status_key(PM_SDG_COUNT), "");
    assert_string_equal(pm_sdg_status_label(PM_SDG_COUNT), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conformance_vectors),
        cmocka_unit_test(test_negative_base_sign),
        cmocka_unit_test(test_zero_base),
        cmocka_unit_test(test_opposite_signs),
        cmocka_unit_test(test_too_few_years),
        cmocka_unit_test(test_target_growth_zero),
        cmocka_unit_test(test_target_scores),
        cmocka_unit_test(test_limit_factor),
        cmocka_unit_test(test_limit_reached),
        cmocka_unit_test(test_no_target_scores),
        cmocka_unit_test(test_status_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

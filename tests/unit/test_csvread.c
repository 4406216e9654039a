/* CSV reader and assess row reader: what they accept, and that every
 * rejection names the right line. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "parse/assess_in.h"
#include "parse/csvread.h"

static pm_csv parse_ok(const char *text)
{
    pm_csv t;
    pm_err e = {0};
    bool ok = pm_csv_parse(text, strlen(text), &t, &e);
    if (!ok)
        fail_msg("unexpected error: line %ld: %s", e.line, e.msg);
    return t;
}

static void expect_error(const char *text, size_t len, long line, const char *word)
{
    pm_csv t;
    pm_err e = {0};
    assert_false(pm_csv_parse(text, len, &t, &e));
    assert_int_equal(e.line, line);
    assert_non_null(strstr(e.msg, word));
    assert_null(t.head);
}

static void test_basic_quoting_bom_crlf(void **state)
{
    (void)state;
    pm_csv t = parse_ok("\xEF\xBB\xBF" "a,b,c\r\n1,\"x, \"\"y\"\"\",3\r\n\r\n 4 ,\"multi\nline\",6\r\n");
    assert_int_equal(t.ncols, 3);
    assert_string_equal(t.head[0], "a"); /* the BOM is not part of the name */
    assert_int_equal(t.nrows, 2);
    assert_string_equal(pm_csv_get(&t, 0, 1), "x, \"y\"");
    assert_string_equal(pm_csv_get(&t, 1, 0), "4");
    assert_string_equal(pm_csv_get(&t, 1, 1), "multi\nline");
    assert_int_equal(t.line[0], 2);
    assert_int_equal(t.line[1], 4); /* the blank line 3 is skipped */
    assert_int_equal(pm_csv_col(&t, "c"), 2);
    assert_int_equal(pm_csv_col(&t, "zzz"), -1);
    assert_string_equal(pm_csv_get(&t, 0, -1), "");
    pm_csv_free(&t);
}

/* Lines ended by CR alone (CSV saved by old Mac Excel), many of them, and
 * lines longer than line_end's search window (256 bytes) ended each
 * way: every row read, each on its own line. The file has no LF to
 * find: line_end looks for one a window at a time, not to the end of
 * the file from every line. */
static void test_cr_lines(void **state)
{
    (void)state;
    enum { N = 200000 };
    size_t cap = 32 + (size_t)N * 16;
    char *text = malloc(cap);
    assert_non_null(text);
    size_t len = (size_t)snprintf(text, cap, "a,b\r");
    for (int i = 0; i < N; i++)
        len += (size_t)snprintf(text + len, cap - len, "%d,x\r", i);
    pm_csv t = parse_ok(text);
    assert_int_equal(t.nrows, N);
    assert_string_equal(pm_csv_get(&t, N - 1, 0), "199999");
    assert_int_equal(t.line[N - 1], N + 1);
    pm_csv_free(&t);
    /* Long lines, past the window, ended by LF, CR LF and CR. */
    char pad[700];
    memset(pad, 'y', sizeof pad - 1);
    pad[sizeof pad - 1] = '\0';
    len = (size_t)snprintf(text, cap, "a,b\n1,%s\n2,%s\r\n3,%s\r4,%s", pad, pad, pad, pad);
    t = parse_ok(text);
    assert_int_equal(t.nrows, 4);
    for (int r = 0; r < 4; r++) {
        assert_int_equal(t.line[r], r + 2);
        assert_int_equal(strlen(pm_csv_get(&t, (size_t)r, 1)), sizeof pad - 1);
    }
    pm_csv_free(&t);
    free(text);
}

static void test_no_final_newline(void **state)
{
    (void)state;
    pm_csv t = parse_ok("a,b\n1,2");
    assert_int_equal(t.nrows, 1);
    assert_string_equal(pm_csv_get(&t, 0, 1), "2");
    pm_csv_free(&t);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("", 0, 0, "为空");
    expect_error("\n\n", 2, 0, "为空");
    expect_error("a,b\n1,2\n1,2,3\n", 14, 3, "不整齐");
    expect_error("a,b\n1,\"2\n", 9, 2, "引号");
    expect_error("a,b\n1,\xff\n", 8, 2, "UTF-8");
    expect_error("a,b\n1,\0\n", 8, 0, "空字符");
}

static void test_huge_field(void **state)
{
    (void)state;
    size_t n = PM_CSV_MAX_FIELD + 10;
    char *s = malloc(n + 16);
    memcpy(s, "a\n", 2);
    memset(s + 2, 'x', n);
    memcpy(s + 2 + n, "\n", 2);
    expect_error(s, n + 3, 2, "过长");
    free(s);
}

static void test_series(void **state)
{
    (void)state;
    pm_obs *o;
    size_t n;
    const char *why;
    assert_true(pm_series_parse(" 2021:5.2 ; 2022 : 5.6;", &o, &n, &why));
    assert_int_equal(n, 2);
    assert_int_equal(o[1].year, 2022);
    assert_true(o[1].value == 5.6);
    free(o);
    assert_true(pm_series_parse("", &o, &n, &why));
    assert_int_equal(n, 0);
    assert_false(pm_series_parse("2021:5;2021:6", &o, &n, &why));
    assert_non_null(strstr(why, "两次"));
    assert_false(pm_series_parse("2021=5", &o, &n, &why));
    assert_false(pm_series_parse("2021:abc", &o, &n, &why));
    assert_false(pm_series_parse("21.5:3", &o, &n, &why));
}

static void test_pace_rows(void **state)
{
    (void)state;
    pm_csv t = parse_ok("id,base_year,base,target_year,target,target_op,polarity,cumulative,series\n"
                        "a,2020,,2025,130,<=,,true,2021:5\n"
                        "b,2020,1,2025,2,,-1,0,\n"
                        "c,2020,1,2025,,,,0,\n"
                        "d,2020,1,2019,2,,,0,\n"
                        "e,2020,1,2025,2,~,,0,\n"
                        "f,2020,1,2025,2,,,yes,\n");
    pm_err e = {0};
    assert_true(pm_assess_check_header(&t, PM_METHOD_PACE, &e));
    assert_false(pm_assess_check_header(&t, PM_METHOD_SDG, &e));
    assert_non_null(strstr(e.msg, "year"));
    pm_pace_in in;
    pm_obs *obs;
    assert_true(pm_assess_pace_row(&t, 0, &in, &obs, &e));
    assert_true(isnan(in.base));
    assert_true(in.cumulative);
    assert_int_equal(in.polarity, -1); /* from <= */
    assert_int_equal(in.nobs, 1);
    assert_false(in.binding); /* no binding column */
    free(obs);
    assert_true(pm_assess_pace_row(&t, 1, &in, &obs, &e));
    assert_int_equal(in.polarity, -1); /* given, although 1 → 2 rises */
    assert_int_equal(in.nobs, 0);
    free(obs);
    static const struct {
        size_t row;
        long line;
        const char *word;
    } bad[] = {{2, 4, "target"}, {3, 5, "晚于"}, {4, 6, "target_op"}, {5, 7, "cumulative"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(&e, 0, sizeof e);
        assert_false(pm_assess_pace_row(&t, bad[i].row, &in, &obs, &e));
        assert_int_equal(e.line, bad[i].line);
        assert_non_null(strstr(e.msg, bad[i].word));
    }
    pm_csv_free(&t);
}

static void test_sdg_rows(void **state)
{
    (void)state;
    pm_csv t = parse_ok("id,base_year,base,year,value,target,target_year,direction,limit\n"
                        "a,2015,14.5,2023,10.4,7.25,2030,-1,\n"
                        "b,2015,14.5,2023,10.4,7.25,,-1,\n"
                        "c,2015,14.5,2023,10.4,,,2,\n"
                        "d,2015,x,2023,10.4,,,1,\n");
    pm_err e = {0};
    pm_sdg_in in;
    assert_true(pm_assess_sdg_row(&t, 0, &in, &e));
    assert_int_equal(in.direction, -1);
    assert_true(isnan(in.limit));
    assert_false(pm_assess_sdg_row(&t, 1, &in, &e)); /* target without its year */
    assert_int_equal(e.line, 3);
    assert_false(pm_assess_sdg_row(&t, 2, &in, &e));
    assert_non_null(strstr(e.msg, "direction"));
    assert_false(pm_assess_sdg_row(&t, 3, &in, &e));
    assert_non_null(strstr(e.msg, "不是数字"));
    pm_csv_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic_quoting_bom_crlf),
        cmocka_unit_test(test_no_final_newline),
        cmocka_unit_test(test_cr_lines),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_huge_field),
        cmocka_unit_test(test_series),
        cmocka_unit_test(test_pace_rows),
        cmocka_unit_test(test_sdg_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

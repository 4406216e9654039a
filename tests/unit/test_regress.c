/* Regression tests: inputs that once broke a promise, each replayed through
 * the same functions that failed on it (run under ASan+UBSan by `make
 * test`). Most come from the fuzzers in tests/fuzz/; each test names the
 * file under tests/data/regress/ and says what went wrong.
 *
 * Files are read relative to the working directory, the repository root
 * (tests/run.sh arranges it).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/utf8.h"
#include "engine/sdg.h"
#include "parse/assess_in.h"
#include "parse/csvread.h"
#include "parse/plantable.h"

#define REGRESS_DIR "tests/data/regress/"

/* Reads REGRESS_DIR name whole into a malloc'd buffer (the caller frees
 * it); fails the test when it cannot. */
static char *slurp(const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s%s", REGRESS_DIR, name);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        fail_msg("cannot open %s (run from the repository root)", path);
    char *data = NULL;
    size_t n = 0, cap = 0, got;
    do {
        if (n + 4096 > cap) {
            cap = cap ? cap * 2 : 8192;
            data = realloc(data, cap);
            assert_non_null(data);
        }
        got = fread(data + n, 1, cap - n, fp);
        n += got;
    } while (got > 0);
    fclose(fp);
    *len = n;
    return data;
}

/* fuzz_assess_csv found: a lone CR ends a record for libcsv, but the reader
 * counted lines by LF only, so two records began on "line 2". A CSV saved
 * with CR line ends (old Mac Excel) had every row reported as line 1. */
static void test_csv_lone_cr_counts_as_line_end(void **state)
{
    (void)state;
    size_t len;
    char *text = slurp("csv-lone-cr-line-numbers.csv", &len);
    pm_csv t;
    pm_err err = {0};
    assert_true(pm_csv_parse(text, len, &t, &err));
    assert_int_equal(t.ncols, 6);
    assert_int_equal(t.nrows, 2);
    assert_int_equal(t.line[0], 2);
    assert_int_equal(t.line[1], 3); /* after the CR inside "0\r022" */
    /* What the fuzzer went on to do with it: neither method's header is
     * there ("seriesbase_year"), and that is an error, not a crash. */
    assert_false(pm_assess_check_header(&t, PM_METHOD_PACE, &err));
    assert_false(pm_assess_check_header(&t, PM_METHOD_SDG, &err));
    pm_csv_free(&t);
    free(text);
}

/* The same bug as a user meets it: a CR-only sdg file whose third line has
 * a bad value must be reported on line 3, not line 1. */
static void test_csv_cr_only_error_line(void **state)
{
    (void)state;
    size_t len;
    char *text = slurp("csv-cr-only-line-numbers.csv", &len);
    pm_csv t;
    pm_err err = {0};
    assert_true(pm_csv_parse(text, len, &t, &err));
    assert_int_equal(t.nrows, 2);
    assert_int_equal(t.line[0], 2);
    assert_int_equal(t.line[1], 3);
    assert_true(pm_assess_check_header(&t, PM_METHOD_SDG, &err));
    pm_sdg_in in;
    assert_true(pm_assess_sdg_row(&t, 0, &in, &err));
    assert_false(pm_assess_sdg_row(&t, 1, &in, &err));
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.msg, "value"));
    pm_csv_free(&t);
    free(text);

    /* An invalid byte on the third CR-ended line is reported there too. */
    static const char bad[] = "a,b\r1,2\r\xff,3\r";
    assert_false(pm_csv_parse(bad, sizeof bad - 1, &t, &err));
    assert_int_equal(err.line, 3);
}

/* fuzz_assess_csv found: an error message quoting a long cell was cut by
 * vsnprintf at 768 bytes, inside a Chinese character, so the message was not
 * UTF-8 (jansson drops such a string). The cut must fall between characters
 * and show as "…". */
static void test_err_long_cell_cut_at_char(void **state)
{
    (void)state;
    size_t len;
    char *text = slurp("err-long-cell-cut-utf8.csv", &len);
    pm_csv t;
    pm_err err = {0};
    assert_true(pm_csv_parse(text, len, &t, &err));
    assert_true(pm_assess_check_header(&t, PM_METHOD_SDG, &err));
    pm_sdg_in in;
    assert_false(pm_assess_sdg_row(&t, 0, &in, &err)); /* "base" is 400 × 数 */
    size_t n = strlen(err.msg);
    assert_true(n < sizeof err.msg);
    assert_true(utf8_valid(err.msg, n, NULL));
    assert_true(n >= 3 && !strcmp(err.msg + n - 3, "…"));
    assert_non_null(strstr(err.msg, "列“base”的值“数数"));
    pm_csv_free(&t);
    free(text);

    /* Every cut position: a message of ASCII then 3-byte characters,
     * shifted by one byte at a time across the end of msg[]. */
    for (int pad = 0; pad < 3; pad++) {
        char long_cell[1024];
        size_t k = 0;
        for (int i = 0; i < pad; i++)
            long_cell[k++] = 'x';
        while (k + 3 < sizeof long_cell) {
            memcpy(long_cell + k, "数", 3);
            k += 3;
        }
        long_cell[k] = '\0';
        pm_err_set(&err, 7, "值“%s”", long_cell);
        n = strlen(err.msg);
        assert_true(utf8_valid(err.msg, n, NULL));
        assert_true(!strcmp(err.msg + n - 3, "…"));
        assert_int_equal(err.line, 7);
    }

    /* A message that fits is left alone. */
    pm_err_set(&err, 1, "表头缺少列“%s”", "id");
    assert_string_equal(err.msg, "表头缺少列“id”");
}

/* fuzz_plantable found: a continuation line joined to a cell with leading
 * blanks ("\t 城乡" + "社区治理") cut that many bytes off the cell's end,
 * inside a character: invalid UTF-8, and JSON output dropped the domain. */
static void test_plantable_continuation_after_leading_blank(void **state)
{
    (void)state;
    static const char *const files[] = {"plantable-continuation-leading-blank.txt",
                                        "plantable-continuation-leading-blank-name.txt",
                                        "plantable-continuation-leading-blank-fuzz.txt"};
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        size_t len;
        char *text = slurp(files[f], &len);
        pm_plan plan;
        pm_err err = {0};
        if (pm_plantable_parse(text, len, &plan, &err)) {
            for (size_t i = 0; i < plan.nind; i++) {
                const pm_indicator *x = &plan.ind[i];
                assert_true(utf8_valid(x->domain, strlen(x->domain), NULL));
                assert_true(utf8_valid(x->name, strlen(x->name), NULL));
                if (x->subdomain)
                    assert_true(utf8_valid(x->subdomain, strlen(x->subdomain), NULL));
            }
            if (f == 0) {
                assert_string_equal(plan.ind[0].domain, "城乡社区治理");
            }
            pm_plan_free(&plan);
        } else {
            assert_true(utf8_valid(err.msg, strlen(err.msg), NULL));
        }
        free(text);
    }
}

/* fuzz_plantable found: the cells-without-tabs reader looked at the first
 * byte of an empty last line, one past the end of the text. The text is
 * copied into a buffer of exactly its size, so that ASan sees any read
 * past it. */
static void test_plantable_plain_empty_last_line(void **state)
{
    (void)state;
    size_t len;
    char *file = slurp("plantable-plain-empty-last-line.txt", &len);
    char *text = malloc(len);
    assert_non_null(text);
    memcpy(text, file, len);
    free(file);
    assert_true(len > 0 && text[len - 1] == '\n');
    pm_plan plan;
    pm_err err = {0};
    if (pm_plantable_parse(text, len, &plan, &err))
        pm_plan_free(&plan);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plantable_continuation_after_leading_blank),
        cmocka_unit_test(test_plantable_plain_empty_last_line),
        cmocka_unit_test(test_csv_lone_cr_counts_as_line_end),
        cmocka_unit_test(test_csv_cr_only_error_line),
        cmocka_unit_test(test_err_long_cell_cut_at_char),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

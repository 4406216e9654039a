/* Formula injection guard (base/cellguard.h): which cells the CSV writer
 * prefixes with ', and that the CSV reader gives back exactly what was
 * written — for chosen cells and for 20,000 random ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/cellguard.h"
#include "parse/csvread.h"
#include "render/write/csvw.h"

static bool formula_like(const char *s)
{
    return pm_cell_formula_like(s, strlen(s));
}

static void test_rule(void **state)
{
    (void)state;
    /* Formula-like: what Excel/WPS would run. */
    static const char *const yes[] = {
        "=1+1", "=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tfoo", "\rfoo",
        "-inf", "-nan", "=-", "-=", "+86 10 1234", "-1,234", "-3.5%", "-1e", "--1", "-0x10", "'=1", "''=1", "'-x",
    };
    /* Not: numbers stay numbers, and text that cannot start a formula. */
    static const char *const no[] = {
        "-3.5", "+3.5", "-0", "-.5", "-5.", "1e5", "-1e-5", "+2E+10", "-12345678901234567", "3.5", "abc", "",
        " =x", "'abc", "'", "''", "'-3.5", "中文", "a=b", "1-2", "=", "-", "+", "@", "'=", "''-",
    };
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (!formula_like(yes[i]))
            fail_msg("should be formula-like: \"%s\"", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (formula_like(no[i]))
            fail_msg("should not be formula-like: \"%s\"", no[i]);
}

/* Writes one row of cells with out_csv_row. Returns the malloc'd text. */
static char *write_row(const char *const *cells, size_t n, size_t *len)
{
    char *text = NULL;
    FILE *f = open_memstream(&text, len);
    assert_non_null(f);
    out_csv_row(f, cells, n);
    assert_int_equal(fclose(f), 0);
    return text;
}

/* What the writer put in the file, and what the reader gives back. */
static void expect_cell(const char *value, const char *in_file)
{
    const char *head = "v";
    size_t hl, rl;
    char *h = write_row(&head, 1, &hl);
    char *r = write_row(&value, 1, &rl);
    char *text = malloc(hl + rl + 1);
    memcpy(text, h, hl);
    memcpy(text + hl, r, rl + 1);
    assert_string_equal(r, in_file);
    pm_csv t;
    pm_err e = {0};
    if (!pm_csv_parse(text, hl + rl, &t, &e))
        fail_msg("reading back \"%s\": %s", value, e.msg);
    assert_int_equal(t.nrows, 1);
    assert_string_equal(pm_csv_get(&t, 0, 0), value);
    pm_csv_free(&t);
    free(text);
    free(h);
    free(r);
}

static void test_written_and_read_back(void **state)
{
    (void)state;
    expect_cell("=1+1", "'=1+1\n");
    expect_cell("@SUM(A1)", "'@SUM(A1)\n");
    expect_cell("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0\n");
    expect_cell("-2+3", "'-2+3\n");
    expect_cell("=HYPERLINK(\"http://x\",\"点击\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"点击\"\")\"\n");
    expect_cell("\tfoo", "'\tfoo\n");
    expect_cell("\rfoo", "\"'\rfoo\"\n");
    expect_cell("-3.5", "-3.5\n");
    expect_cell("+3.5", "+3.5\n");
    expect_cell("-1e-05", "-1e-05\n");
    expect_cell("'=x", "''=x\n");
    expect_cell("''=x", "'''=x\n");
    expect_cell("'abc", "'abc\n");
    expect_cell("'", "'\n");
    expect_cell("-", "-\n");
    expect_cell("=", "=\n");
    expect_cell("普通说明", "普通说明\n");
}

/* The reader leaves alone a ' that the writer would not have added. */
static void test_foreign_apostrophes(void **state)
{
    (void)state;
    const char *text = "a,b,c\n'abc,'-3.5,'''\n";
    pm_csv t;
    pm_err e = {0};
    assert_true(pm_csv_parse(text, strlen(text), &t, &e));
    assert_string_equal(pm_csv_get(&t, 0, 0), "'abc");
    assert_string_equal(pm_csv_get(&t, 0, 1), "'-3.5");
    assert_string_equal(pm_csv_get(&t, 0, 2), "'''");
    pm_csv_free(&t);
}

/* Random cells over the characters that matter: every one written and read
 * back is what it was. Cells the reader trims (blank at either end, other
 * than a guarded leading tab or CR) are not round-trippable by design and
 * are skipped. */
static void test_random_round_trip(void **state)
{
    (void)state;
    static const char alphabet[] = "'=+-@\t\r.eE0123456789a,\" \n";
    unsigned seed = 12345;
    size_t tried = 0;
    for (int k = 0; k < 20000; k++) {
        char cell[8];
        seed = seed * 1103515245u + 12345u;
        size_t n = 1 + (seed >> 16) % (sizeof cell - 1);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            cell[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
        }
        cell[n] = '\0';
        char last = cell[n - 1];
        if (last == ' ' || last == '\t' || last == '\r' || last == '\n' ||
            ((cell[0] == ' ' || cell[0] == '\n') && !formula_like(cell)) ||
            ((cell[0] == '\t' || cell[0] == '\r') && !formula_like(cell)))
            continue;
        tried++;
        size_t hl, rl;
        const char *head = "v";
        const char *row[] = {cell};
        char *h = write_row(&head, 1, &hl);
        char *r = write_row(row, 1, &rl);
        char *text = malloc(hl + rl + 1);
        memcpy(text, h, hl);
        memcpy(text + hl, r, rl + 1);
        pm_csv t;
        pm_err e = {0};
        if (!pm_csv_parse(text, hl + rl, &t, &e))
            fail_msg("cell %d: reading back: %s", k, e.msg);
        if (t.nrows != 1 || strcmp(pm_csv_get(&t, 0, 0), cell))
            fail_msg("cell %d: wrote \"%s\", read \"%s\"", k, cell, t.nrows ? pm_csv_get(&t, 0, 0) : "(no row)");
        /* What a spreadsheet sees in the file is never a formula. */
        const char *seen = r[0] == '"' ? r + 1 : r;
        /* Only a lone trigger may stand bare (nothing follows it to run). */
        size_t len = strlen(cell);
        if ((formula_like(cell) && seen[0] != '\'') ||
            ((seen[0] == '=' || seen[0] == '@') && len > 1))
            fail_msg("cell %d: \"%s\" written bare as \"%s\"", k, cell, r);
        pm_csv_free(&t);
        free(text);
        free(h);
        free(r);
    }
    assert_true(tried > 10000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule),
        cmocka_unit_test(test_written_and_read_back),
        cmocka_unit_test(test_foreign_apostrophes),
        cmocka_unit_test(test_random_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

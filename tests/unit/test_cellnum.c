/* Numbers as typed into Excel/WPS cells (base/cellnum.h): each habit of
 * issue 14 read, or refused, as it should be. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/cellnum.h"

static void test_read(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        pm_cellnum kind;
        double v;
    } cases[] = {
        {"1234", PM_CELLNUM_OK, 1234},
        {"1,234", PM_CELLNUM_OK, 1234},
        {"1,234,567.25", PM_CELLNUM_OK, 1234567.25},
        {"-1,234", PM_CELLNUM_OK, -1234},
        {" 1,234 ", PM_CELLNUM_OK, 1234},
        {"12.0%", PM_CELLNUM_PERCENT, 12},
        {"12.5％", PM_CELLNUM_PERCENT, 12.5},
        {"１２３", PM_CELLNUM_OK, 123},
        {"－５", PM_CELLNUM_OK, -5},
        {"１，２３４", PM_CELLNUM_OK, 1234},
        {"１２．５％", PM_CELLNUM_PERCENT, 12.5},
        {"1.5E+3", PM_CELLNUM_OK, 1500},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double v = -1;
        assert_int_equal(pm_cell_number(cases[i].text, &v), cases[i].kind);
        assert_true(v == cases[i].v);
    }
}

static void test_none_and_bad(void **state)
{
    (void)state;
    double v;
    static const char *const none[] = {"—", "——", "/", "－", "-", "–", "／", " — ", "\\", "―", "-—/"};
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++)
        assert_int_equal(pm_cell_number(none[i], &v), PM_CELLNUM_NONE);
    static const char *const bad[] = {"1,23", "1,2345", ",123", "1,,234", "12%%", "%", "abc", "1 234", "", "1,234,56"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(pm_cell_number(bad[i], &v), PM_CELLNUM_BAD);
}

static void test_scientific_and_fold(void **state)
{
    (void)state;
    assert_true(pm_looks_scientific("1.10115E+11"));
    assert_true(pm_looks_scientific("1.1e11"));
    assert_false(pm_looks_scientific("110115009"));
    assert_false(pm_looks_scientific("E+11"));
    assert_false(pm_looks_scientific("beds_elderly"));
    char out[32];
    assert_true(pm_fold_fullwidth("１１０１１５００９", out, sizeof out));
    assert_string_equal(out, "110115009");
    assert_false(pm_fold_fullwidth("110115009", out, sizeof out));
    assert_true(pm_fold_fullwidth("黄村１", out, sizeof out));
    assert_string_equal(out, "黄村1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read),
        cmocka_unit_test(test_none_and_bad),
        cmocka_unit_test(test_scientific_and_fold),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

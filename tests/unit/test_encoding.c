/* Encoding detection: UTF-8, UTF-8 with BOM, GB18030, mixed and garbage. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/encoding.h"
#include "base/utf8.h"

static char *conv(const char *s, size_t n, pm_encoding *enc, pm_err *err)
{
    size_t outlen;
    return pm_to_utf8(s, n, &outlen, enc, err);
}

static void test_utf8_and_bom(void **state)
{
    (void)state;
    pm_encoding enc;
    pm_err err = {0};
    char *s = conv("unit,year\n黄村镇,2023\n", strlen("unit,year\n黄村镇,2023\n"), &enc, &err);
    assert_non_null(s);
    assert_int_equal(enc, PM_ENC_UTF8);
    assert_string_equal(s, "unit,year\n黄村镇,2023\n");
    free(s);
    s = conv("\xEF\xBB\xBF" "a,b\n", 7, &enc, &err);
    assert_non_null(s);
    assert_int_equal(enc, PM_ENC_UTF8_BOM);
    assert_string_equal(s, "a,b\n");
    free(s);
    s = conv("", 0, &enc, &err);
    assert_non_null(s);
    assert_string_equal(s, "");
    free(s);
}

static void test_gb18030(void **state)
{
    (void)state;
    /* "黄村镇,2023\n" in GB18030: 黄 BBC6 村 B4E5 镇 D5F2 */
    const char gb[] = "unit,year\n\xBB\xC6\xB4\xE5\xD5\xF2,2023\n";
    pm_encoding enc;
    pm_err err = {0};
    char *s = conv(gb, sizeof gb - 1, &enc, &err);
    assert_non_null(s);
    assert_int_equal(enc, PM_ENC_GB18030);
    assert_string_equal(s, "unit,year\n黄村镇,2023\n");
    free(s);
}

static void test_mixed_refused(void **state)
{
    (void)state;
    const char mixed[] = "a,b\n黄村镇,1\n\xBB\xC6\xB4\xE5\xD5\xF2,2\n";
    pm_encoding enc;
    pm_err err = {0};
    assert_null(conv(mixed, sizeof mixed - 1, &enc, &err));
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.msg, "混用"));
    /* A BOM promises UTF-8: a GB18030 line after it is mixed too. */
    const char bom[] = "\xEF\xBB\xBF" "a\n\xBB\xC6\n";
    memset(&err, 0, sizeof err);
    assert_null(conv(bom, sizeof bom - 1, &enc, &err));
    assert_int_equal(err.line, 2);
}

static void test_garbage_refused(void **state)
{
    (void)state;
    /* 0x80 alone is neither UTF-8 nor a GB18030 lead byte. */
    const char bad[] = "a,b\nx,\x80\n";
    pm_encoding enc;
    pm_err err = {0};
    assert_null(conv(bad, sizeof bad - 1, &enc, &err));
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "GB18030"));
    /* A lead byte cut off at the end of the file. */
    const char cut[] = "a\n\xBB";
    memset(&err, 0, sizeof err);
    assert_null(conv(cut, sizeof cut - 1, &enc, &err));
    assert_int_equal(err.line, 2);
}

/* ASCII runs are skipped eight bytes at a time: a high byte at every
 * offset of buffers of every length up to 40 (either side of each step)
 * ends the run there; a stray continuation byte is reported at its own
 * offset, and a valid character there is passed over. */
static void test_utf8_runs(void **state)
{
    (void)state;
    char b[48];
    for (size_t n = 0; n <= 40; n++) {
        memset(b, 'a', sizeof b);
        assert_int_equal(utf8_ascii_run(b, n), n);
        assert_true(utf8_valid(b, n, NULL));
        for (size_t p = 0; p < n; p++) {
            memset(b, 'a', sizeof b);
            b[p] = (char)0x80;
            assert_int_equal(utf8_ascii_run(b, n), p);
            size_t bad = 999;
            assert_false(utf8_valid(b, n, &bad));
            assert_int_equal(bad, p);
            if (p + 3 <= n) {
                memcpy(b + p, "\xe4\xb8\xad", 3); /* 中 */
                assert_true(utf8_valid(b, n, NULL));
                if (p + 4 <= n) {
                    b[n - 1] = (char)0xff;
                    assert_false(utf8_valid(b, n, &bad));
                    assert_int_equal(bad, n - 1);
                }
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_runs),
        cmocka_unit_test(test_utf8_and_bom),
        cmocka_unit_test(test_gb18030),
        cmocka_unit_test(test_mixed_refused),
        cmocka_unit_test(test_garbage_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

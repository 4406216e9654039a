/* planmon copy's canonical lines (store/copy_line.h): every byte of a text and
 * of a blob survives put → split; NULL, integers and reals keep their
 * exact values; another writer's spelling of a real (PostgreSQL's
 * shortest "0.1") becomes the canonical one; malformed lines (too few or
 * too many fields, a stray escape, bad hex) are refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store/copy_line.h"

static void test_text_every_byte(void **state)
{
    (void)state;
    char text[255];
    for (int i = 0; i < 255; i++)
        text[i] = (char)(i + 1); /* 1..255: text holds no NUL */
    buf line = BUF_INIT, scratch = BUF_INIT;
    pm_copy_put_text(&line, text, sizeof text);
    assert_null(memchr(line.p, '\t', line.len)); /* a tab never splits a field */
    assert_null(memchr(line.p, '\n', line.len));
    const char *f[1];
    size_t len[1];
    pm_err err = {0};
    assert_true(pm_copy_split(line.p, line.len, 1, "t", &scratch, f, len, &err));
    assert_int_equal(len[0], sizeof text);
    assert_memory_equal(f[0], text, sizeof text);
    buf_free(&line);
    buf_free(&scratch);
}

static void test_blob_every_byte(void **state)
{
    (void)state;
    unsigned char bytes[256];
    for (int i = 0; i < 256; i++)
        bytes[i] = (unsigned char)i;
    buf line = BUF_INIT, scratch = BUF_INIT;
    pm_copy_put_int(&line, 7);
    buf_putc(&line, '\t');
    pm_copy_put_blob(&line, bytes, sizeof bytes);
    buf_putc(&line, '\t');
    pm_copy_put_null(&line);
    assert_memory_equal(line.p, "7\t\\\\x000102", 11); /* COPY text spelling of bytea */
    const char *f[3];
    size_t len[3];
    pm_err err = {0};
    assert_true(pm_copy_split(line.p, line.len, 3, "ibt", &scratch, f, len, &err));
    assert_string_equal(f[0], "7");
    assert_int_equal(len[1], sizeof bytes);
    assert_memory_equal(f[1], bytes, sizeof bytes);
    assert_null(f[2]);
    buf_free(&line);
    buf_free(&scratch);
}

static void test_reals_exact(void **state)
{
    (void)state;
    const double v[] = {0.1, 1.0 / 3.0, -2.5e-300, 1e300, 123456789.123456789, 0};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        buf line = BUF_INIT, scratch = BUF_INIT;
        pm_copy_put_real(&line, v[i]);
        const char *f[1];
        size_t len[1];
        pm_err err = {0};
        assert_true(pm_copy_split(line.p, line.len, 1, "r", &scratch, f, len, &err));
        assert_true(strtod(f[0], NULL) == v[i]);
        buf_free(&line);
        buf_free(&scratch);
    }
}

static void test_canon_reals(void **state)
{
    (void)state;
    char *cols[] = {"a", "b", "c", "d"};
    pm_copy_table t = {"x", cols, "irtr", 4, NULL, 0};
    buf out = BUF_INIT, want = BUF_INIT;
    pm_err err = {0};
    const char *pg = "5\t0.1\t0.1\t\\N";
    assert_true(pm_copy_canon(&t, pg, strlen(pg), &out, &err));
    buf_puts(&want, "5\t");
    pm_copy_put_real(&want, 0.1);
    buf_puts(&want, "\t0.1\t\\N"); /* text is left as written, NULL stays NULL */
    assert_string_equal(buf_str(&out), buf_str(&want));
    assert_false(pm_copy_canon(&t, "5\tx\t0.1\t1", 10, &out, &err));
    assert_false(pm_copy_canon(&t, "5\t1\t1", 5, &out, &err)); /* a field short */
    buf_free(&out);
    buf_free(&want);
}

static void test_malformed(void **state)
{
    (void)state;
    buf scratch = BUF_INIT;
    const char *f[2];
    size_t len[2];
    pm_err err = {0};
    assert_false(pm_copy_split("a", 1, 2, "tt", &scratch, f, len, &err));         /* too few */
    assert_false(pm_copy_split("a\tb\tc", 5, 2, "tt", &scratch, f, len, &err));  /* too many */
    assert_false(pm_copy_split("a\\q\tb", 5, 2, "tt", &scratch, f, len, &err));  /* unknown escape */
    assert_false(pm_copy_split("a\tb\\", 4, 2, "tt", &scratch, f, len, &err));    /* escape at the end */
    assert_false(pm_copy_split("1\t\\\\xZZ", 7, 2, "ib", &scratch, f, len, &err)); /* bad hex */
    assert_true(err.msg[0] != '\0');
    assert_true(pm_copy_split("\t", 1, 2, "tt", &scratch, f, len, &err)); /* two empty texts */
    assert_int_equal(len[0], 0);
    assert_int_equal(len[1], 0);
    assert_non_null(f[0]);
    buf_free(&scratch);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_every_byte), cmocka_unit_test(test_blob_every_byte),
        cmocka_unit_test(test_reals_exact),     cmocka_unit_test(test_canon_reals),
        cmocka_unit_test(test_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

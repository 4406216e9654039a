/* The settings file reader (parse/keyval.c): what it takes, and every
 * refusal naming the line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/mem.h"
#include "base/utf8.h"
#include "parse/keyval.h"

static bool parse(const char *text, pm_keyvals *kv, pm_err *e)
{
    memset(e, 0, sizeof *e);
    return pm_keyval_parse(text, strlen(text), kv, e);
}

static void test_reads_settings(void **state)
{
    (void)state;
    pm_keyvals kv;
    pm_err e;
    const char *text = "\xEF\xBB\xBF# planmon.conf\r\n"
                       "\n"
                       "db = /var/lib/planmon/planmon.db\r\n"
                       "   # indented comment\n"
                       "listen=127.0.0.1:8080\n"
                       "tls-cert =  /etc/ssl/a b#c.pem   \n"
                       "time_zone = Asia/Shanghai"; /* no final newline */
    assert_true(parse(text, &kv, &e));
    assert_int_equal(kv.n, 4);
    assert_string_equal(kv.kv[0].key, "db");
    assert_string_equal(kv.kv[0].value, "/var/lib/planmon/planmon.db");
    assert_int_equal(kv.kv[0].line, 3);
    assert_string_equal(kv.kv[1].key, "listen");
    assert_string_equal(kv.kv[1].value, "127.0.0.1:8080");
    assert_int_equal(kv.kv[1].line, 5);
    /* Blanks inside a value and '#' are the value's own. */
    assert_string_equal(kv.kv[2].value, "/etc/ssl/a b#c.pem");
    assert_string_equal(kv.kv[3].key, "time_zone");
    assert_int_equal(kv.kv[3].line, 7);
    pm_keyvals_free(&kv);

    assert_true(parse("", &kv, &e));
    assert_int_equal(kv.n, 0);
    pm_keyvals_free(&kv);
}

static void refused(const char *text, long line, const char *words)
{
    pm_keyvals kv;
    pm_err e;
    assert_false(parse(text, &kv, &e));
    assert_int_equal(e.line, line);
    if (!strstr(e.msg, words))
        fail_msg("message \"%s\" lacks \"%s\"", e.msg, words);
    assert_null(kv.kv);
    assert_int_equal(kv.n, 0);
}

static void test_refusals(void **state)
{
    (void)state;
    refused("db = x\nlisten 127.0.0.1:8080\n", 2, "没有等号");
    refused("= x\n", 1, "缺少设置名称");
    refused("a = 1\n\nDB = x\n", 3, "无效");
    refused("db x = y\n", 1, "无效");
    /* A long bad key is cut between characters (found by fuzz_keyval):
     * the message stays UTF-8. */
    refused("~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\xe5\xa4\xa7\xe5\x85\xb4 = 1\n", 1,
            "无效");
    pm_keyvals k2;
    pm_err e2 = {0};
    const char *cut = "~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\xe5\xa4\xa7\xe5\x85\xb4 = 1\n";
    assert_false(pm_keyval_parse(cut, strlen(cut), &k2, &e2));
    size_t badat;
    assert_true(utf8_valid(e2.msg, strlen(e2.msg), &badat));
    refused("db =\n", 1, "没有值");
    refused("db = \t \n", 1, "没有值");
    refused("db = \xff\n", 0, "UTF-8");
    char nul[] = "db = a\0b\n";
    pm_keyvals kv;
    pm_err e = {0};
    assert_false(pm_keyval_parse(nul, sizeof nul - 1, &kv, &e));
}

static void test_limits(void **state)
{
    (void)state;
    /* One line over the limit, on line 2. */
    size_t n = PM_KEYVAL_MAX_LINE + 16;
    char *text = xcalloc(n + 16, 1);
    strcpy(text, "a = 1\nb = ");
    memset(text + strlen(text), 'x', PM_KEYVAL_MAX_LINE);
    refused(text, 2, "过长");
    free(text);

    /* One entry more than allowed. */
    text = xcalloc((PM_KEYVAL_MAX_ENTRIES + 1) * 8 + 1, 1);
    for (int i = 0; i <= PM_KEYVAL_MAX_ENTRIES; i++)
        strcat(text, "k = v\n");
    refused(text, PM_KEYVAL_MAX_ENTRIES + 1, "过多");
    /* Exactly the limit is fine. */
    text[strlen(text) - 6] = '\0';
    pm_keyvals kv;
    pm_err e;
    assert_true(parse(text, &kv, &e));
    assert_int_equal(kv.n, PM_KEYVAL_MAX_ENTRIES);
    pm_keyvals_free(&kv);
    free(text);

    /* A file over the size limit, whatever it holds. */
    text = xcalloc(PM_KEYVAL_MAX_BYTES + 2, 1);
    memset(text, '\n', PM_KEYVAL_MAX_BYTES + 1);
    refused(text, 0, "过大");
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reads_settings),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

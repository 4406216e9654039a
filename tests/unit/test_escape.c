/* Escaping by context (out/escape.h): hostile strings in every context,
 * invalid UTF-8 and control characters replaced, nothing dropped that
 * was well-formed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "render/write/escape.h"

typedef void (*esc_fn)(buf *, const char *);

/* Runs fn on s and compares with want. */
static void expect(esc_fn fn, const char *s, const char *want)
{
    buf b = BUF_INIT;
    fn(&b, s);
    assert_string_equal(buf_str(&b), want);
    buf_free(&b);
}

static void test_html_text(void **state)
{
    (void)state;
    expect(esc_html_text, "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(esc_html_text, "A & B", "A &amp; B");
    expect(esc_html_text, "&amp;", "&amp;amp;");
    /* Quotes are harmless between tags and stay readable. */
    expect(esc_html_text, "\"黄村镇\" 'x'", "\"黄村镇\" 'x'");
    expect(esc_html_text, "大兴区民政事业发展“十四五”规划", "大兴区民政事业发展“十四五”规划");
    expect(esc_html_text, "", "");
    expect(esc_html_text, NULL, "");
}

static void test_html_attr(void **state)
{
    (void)state;
    expect(esc_html_attr, "\" onmouseover=\"alert(1)", "&quot; onmouseover=&quot;alert(1)");
    expect(esc_html_attr, "' onfocus='x", "&#39; onfocus=&#39;x");
    expect(esc_html_attr, "<a href=x>&", "&lt;a href=x&gt;&amp;");
    expect(esc_html_attr, "javascript:alert(1)", "javascript:alert(1)"); /* inert inside a quoted attribute */
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    /* A lone continuation byte, a truncated sequence, an overlong '<'
     * (which must not come out as '<'), a surrogate, a byte never valid. */
    expect(esc_html_text, "a\x80z", "a\xEF\xBF\xBDz");
    expect(esc_html_text, "\xE5\xA4", "\xEF\xBF\xBD\xEF\xBF\xBD");
    expect(esc_html_text, "\xC0\xBCscript>", "\xEF\xBF\xBD\xEF\xBF\xBDscript&gt;");
    expect(esc_html_attr, "\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    expect(esc_html_text, "\xFF", "\xEF\xBF\xBD");
    /* Control characters XML forbids; tab and newline stay. */
    expect(esc_html_text, "a\x01\x1B[0m\x7F" "b\t\nc", "a\xEF\xBF\xBD\xEF\xBF\xBD[0m\xEF\xBF\xBD" "b\t\nc");
    /* Every output is valid UTF-8. */
    const char *hostile[] = {"\x80\x81\xFE\xFF", "\xF4\x90\x80\x80", "\xE2\x28\xA1", "x\xC3"};
    esc_fn fns[] = {esc_html_text, esc_html_attr, esc_url_component, esc_md_text, esc_utf8_clean};
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++)
        for (size_t k = 0; k < sizeof fns / sizeof fns[0]; k++) {
            buf b = BUF_INIT;
            fns[k](&b, hostile[i]);
            assert_true(utf8_valid(buf_str(&b), b.len, NULL));
            assert_null(strchr(buf_str(&b), '<'));
            buf_free(&b);
        }
}

/* utf8_cut/utf8_copy_cut (base/utf8.h): a cut never splits a character.
 * "数据" is E6 95 B0 E6 8D AE; "…" is 3 bytes. */
static void test_utf8_cut(void **state)
{
    (void)state;
    const char *s = "数据";
    assert_int_equal(utf8_cut(s, 0), 0);
    assert_int_equal(utf8_cut(s, 1), 0);
    assert_int_equal(utf8_cut(s, 2), 0);
    assert_int_equal(utf8_cut(s, 3), 3);
    assert_int_equal(utf8_cut(s, 5), 3);
    assert_int_equal(utf8_cut(s, 6), 6);
    assert_int_equal(utf8_cut("ab", 1), 1);
    char out[10];
    assert_string_equal(utf8_copy_cut(out, sizeof out, "一二三"), "一二三"); /* 9 bytes + NUL fit */
    assert_string_equal(utf8_copy_cut(out, 9, "一二三"), "一…");        /* 4 bytes left before "…": one character */
    assert_string_equal(utf8_copy_cut(out, 5, "abcdef"), "a…");
    assert_string_equal(utf8_copy_cut(out, 7, "ab"), "ab");
}

static void test_url_component(void **state)
{
    (void)state;
    expect(esc_url_component, "110115009", "110115009");
    expect(esc_url_component, "a b&c=d/e?f#g", "a%20b%26c%3Dd%2Fe%3Ff%23g");
    expect(esc_url_component, "../../etc/passwd", "..%2F..%2Fetc%2Fpasswd");
    expect(esc_url_component, "黄村", "%E9%BB%84%E6%9D%91");
    expect(esc_url_component, "-._~", "-._~");
    expect(esc_url_component, "\"><script>", "%22%3E%3Cscript%3E");
    expect(esc_url_component, "\x80", "%EF%BF%BD");
}

static void test_json(void **state)
{
    (void)state;
    expect(esc_json_string, "</script><script>alert(1)</script>",
           "\"<\\/script><script>alert(1)<\\/script>\"");
    expect(esc_json_string, "a\"b\\c\nd", "\"a\\\"b\\\\c\\nd\"");
    expect(esc_json_string, "黄村镇", "\"黄村镇\"");
    /* jansson's json_string() refuses invalid UTF-8 (NULL); this does not. */
    assert_null(json_string("bad\xFF"));
    json_t *j = esc_json_value("bad\xFF");
    assert_non_null(j);
    assert_string_equal(json_string_value(j), "bad\xEF\xBF\xBD");
    json_decref(j);
    j = esc_json_value(NULL);
    assert_string_equal(json_string_value(j), "");
    json_decref(j);
}

static void test_markdown(void **state)
{
    (void)state;
    expect(esc_md_text, "a|b", "a\\|b");
    expect(esc_md_text, "*x* _y_ [l](u) `c` # h \\", "\\*x\\* \\_y\\_ \\[l\\](u) \\`c\\` \\# h \\\\");
    expect(esc_md_text, "<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;");
    expect(esc_md_text, "line\nbreak", "line break");
    expect(esc_md_text, "社区书记工作室示范点（个）", "社区书记工作室示范点（个）");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html_text),    cmocka_unit_test(test_html_attr), cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_url_component), cmocka_unit_test(test_json),     cmocka_unit_test(test_markdown),
        cmocka_unit_test(test_utf8_cut),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

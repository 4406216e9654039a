/* E-mail messages as bytes (base/mail.h): an address's form (header
 * injection refused), base64 against RFC 4648's test vectors, and a
 * message's headers: the Subject as RFC 2047 words that never split a
 * character and fold, the body's CRLF lines in base64. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/mail.h"

static void test_email_valid(void **state)
{
    (void)state;
    char why[256];
    assert_true(pm_email_valid("zhang@x.example", why, sizeof why));
    assert_true(pm_email_valid("a.b+c@mzj.bj.gov.cn", why, sizeof why));
    const char *bad[] = {"", "nobody", "@x.example", "a@", "a@b@c", "a b@x.example", "a@x.example\r\nBcc: y@z",
                         "a@x.example\n", "<a@x.example>", "a,b@x.example", "a@x\texample"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        why[0] = 0;
        if (pm_email_valid(bad[i], why, sizeof why))
            fail_msg("\"%s\" passed", bad[i]);
        assert_true(strlen(why) > 0);
        assert_null(strchr(why, '\n')); /* the reason never carries the line break on */
    }
    char longer[PM_EMAIL_MAX + 8];
    memset(longer, 'a', sizeof longer - 1);
    longer[sizeof longer - 1] = 0;
    longer[3] = '@';
    assert_false(pm_email_valid(longer, why, sizeof why));
}

static void b64(const char *in, const char *want)
{
    buf b = BUF_INIT;
    pm_base64(&b, in, strlen(in), false);
    assert_string_equal(buf_str(&b), want);
    buf_free(&b);
}

static void test_base64(void **state)
{
    (void)state;
    b64("", "");
    b64("f", "Zg==");
    b64("fo", "Zm8=");
    b64("foo", "Zm9v");
    b64("foob", "Zm9vYg==");
    b64("fooba", "Zm9vYmE=");
    b64("foobar", "Zm9vYmFy");
}

static void test_message(void **state)
{
    (void)state;
    buf b = BUF_INIT;
    /* 40 Chinese characters: 120 bytes, more than one encoded word. */
    const char *subject = "催报：二〇二四年度养老和社会服务设施数据填报（示例）截止二〇二五年三月三十一日请尽快报送谢谢合作";
    pm_mail_build(&b, "planmon@x.example", "zhang@y.example", subject, "第一行\n第二行\n", 1742436000, "r1.u1.0");
    const char *m = buf_str(&b);
    assert_non_null(strstr(m, "Date: Thu, 20 Mar 2025 02:00:00 +0000\r\n"));
    assert_non_null(strstr(m, "From: planmon@x.example\r\nTo: zhang@y.example\r\n"));
    assert_non_null(strstr(m, "Message-ID: <1742436000.r1.u1.0@x.example>\r\n"));
    assert_non_null(strstr(m, "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"));
    /* Every encoded word is at most 75 characters and holds whole
     * characters (all of 3 bytes here: a multiple of 3 bytes decoded). */
    const char *p = strstr(m, "Subject: ") + 9;
    const char *end = strstr(p, "\r\nMessage-ID");
    while (p < end) {
        const char *w = strstr(p, "=?UTF-8?B?");
        assert_true(w && w < end);
        const char *q = strstr(w + 10, "?=");
        assert_true(q - w + 2 <= 75);
        size_t n = (size_t)(q - (w + 10));
        assert_int_equal(n % 4, 0);
        size_t pad = (q[-1] == '=') + (q[-2] == '=');
        assert_int_equal((n / 4 * 3 - pad) % 3, 0);
        p = q + 2;
        if (p < end) {
            assert_memory_equal(p, "\r\n ", 3); /* folded */
            p += 3;
        }
    }
    /* The body: "第一行\r\n第二行\r\n" in base64. */
    buf body = BUF_INIT;
    pm_base64(&body, "第一行\r\n第二行\r\n", strlen("第一行\r\n第二行\r\n"), true);
    assert_non_null(strstr(m, buf_str(&body)));
    buf_free(&body);
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_email_valid),
        cmocka_unit_test(test_base64),
        cmocka_unit_test(test_message),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

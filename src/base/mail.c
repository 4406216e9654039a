#include "base/mail.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

bool pm_email_valid(const char *addr, char *why, size_t cap)
{
    size_t n = addr ? strlen(addr) : 0;
    const char *at = addr ? strchr(addr, '@') : NULL;
    if (!n) {
        snprintf(why, cap, "电子邮箱为空");
        return false;
    }
    if (n > PM_EMAIL_MAX) {
        snprintf(why, cap, "电子邮箱过长（%zu 字节，最多 %d）", n, PM_EMAIL_MAX);
        return false;
    }
    for (const unsigned char *p = (const unsigned char *)addr; *p; p++) {
        if (*p < 0x20 || *p == 0x7f) {
            /* Not echoed: the line break would break the message too. */
            snprintf(why, cap, "电子邮箱含有换行或控制字符（第 %zu 个字节）", (size_t)((const char *)p - addr) + 1);
            return false;
        }
        if (*p == ' ' || strchr("<>,;:\"()[]\\", *p)) {
            snprintf(why, cap, "电子邮箱“%s”含有空格或不允许的字符“%c”", addr, *p);
            return false;
        }
    }
    if (!at || strchr(at + 1, '@') || at == addr || !at[1]) {
        snprintf(why, cap, "电子邮箱“%s”格式不对：应为 名称@域名（恰好一个 @，两边都有内容）", addr);
        return false;
    }
    return true;
}

/* libsodium's codec (secret.c's library), not one of our own: whole
 * 57-byte groups make 76 characters a line. */
void pm_base64(buf *out, const void *data, size_t n, bool wrap)
{
    const unsigned char *p = data;
    size_t step = wrap ? 57 : n;
    for (size_t i = 0; i < n; i += step) {
        size_t take = n - i < step ? n - i : step;
        size_t len = sodium_base64_ENCODED_LEN(take, sodium_base64_VARIANT_ORIGINAL);
        char *line = xmalloc(len);
        sodium_bin2base64(line, len, p + i, take, sodium_base64_VARIANT_ORIGINAL);
        if (i)
            buf_puts(out, "\r\n");
        buf_puts(out, line);
        free(line);
    }
}

/* The length of the UTF-8 sequence that starts with byte c (1 for a stray
 * continuation byte, so that nothing loops). */
static size_t seq_len(unsigned char c)
{
    return c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

/* The subject as RFC 2047 encoded words (=?UTF-8?B?…?=), each at most 75
 * characters and never splitting a character, folded onto continuation
 * lines. */
static void subject_words(buf *out, const char *s)
{
    size_t n = strlen(s), i = 0;
    bool first = true;
    do {
        /* 45 bytes of text make 60 base64 characters: 72 with the frame. */
        size_t j = i;
        while (j < n && j + seq_len((unsigned char)s[j]) - i <= 45)
            j += seq_len((unsigned char)s[j]);
        if (j > n)
            j = n;
        buf_puts(out, first ? "" : "\r\n ");
        buf_puts(out, "=?UTF-8?B?");
        pm_base64(out, s + i, j - i, false);
        buf_puts(out, "?=");
        first = false;
        i = j;
    } while (i < n);
}

void pm_mail_build(buf *out, const char *from, const char *to, const char *subject, const char *body, time_t now,
                   const char *msgid_seed)
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct tm tm;
    gmtime_r(&now, &tm);
    buf_printf(out, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", days[tm.tm_wday], tm.tm_mday,
               months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    buf_printf(out, "From: %s\r\nTo: %s\r\nSubject: ", from, to);
    subject_words(out, subject);
    const char *domain = strchr(from, '@');
    buf_printf(out, "\r\nMessage-ID: <%lld.%s@%s>\r\n", (long long)now, msgid_seed,
               domain && domain[1] ? domain + 1 : "planmon.invalid");
    buf_puts(out, "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                  "Content-Transfer-Encoding: base64\r\n\r\n");
    /* The body with CRLF line ends, then base64 of it. */
    buf text = BUF_INIT;
    for (const char *p = body; *p; p++) {
        if (*p == '\n')
            buf_putc(&text, '\r');
        buf_putc(&text, *p);
    }
    pm_base64(out, text.p, text.len, true);
    buf_puts(out, "\r\n");
    buf_free(&text);
}

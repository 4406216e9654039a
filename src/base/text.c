#include "base/text.h"

#include <string.h>

#include "base/buf.h"
#include "base/mem.h"

/* Length of the blank at s (n bytes available), 0 if none. */
static size_t blank_len(const char *s, size_t n)
{
    unsigned char c = (unsigned char)s[0];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f')
        return 1;
    if (n >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0) /* U+3000 */
        return 3;
    if (n >= 2 && memcmp(s, "\xC2\xA0", 2) == 0) /* U+00A0 */
        return 2;
    return 0;
}

/* Length of a blank that ends at s + n, 0 if none. */
static size_t blank_len_back(const char *s, size_t n)
{
    if (n >= 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0)
        return 3;
    if (n >= 2 && memcmp(s + n - 2, "\xC2\xA0", 2) == 0)
        return 2;
    return blank_len(s + n - 1, 1);
}

const char *text_trim(const char *s, size_t *n)
{
    size_t len = *n, k;
    while (len && (k = blank_len(s, len)) != 0)
        s += k, len -= k;
    while (len && (k = blank_len_back(s, len)) != 0)
        len -= k;
    *n = len;
    return s;
}

char *text_trim_dup(const char *s, size_t n)
{
    const char *t = text_trim(s, &n);
    return xstrndup(t, n);
}

char *text_squeeze(const char *s)
{
    buf b = BUF_INIT;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        size_t k = blank_len(s + i, n - i);
        if (k) {
            i += k;
            continue;
        }
        buf_putc(&b, s[i++]);
    }
    return buf_detach(&b);
}

bool text_starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool text_ends(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

size_t text_split_list(char *s, const char **parts, size_t max, bool *over)
{
    static const char wide[] = "，";
    size_t n = 0;
    *over = false;
    for (char *p = s;;) {
        char *comma = strchr(p, ','), *fw = strstr(p, wide);
        char *end = comma && (!fw || comma < fw) ? comma : fw;
        size_t skip = end == comma ? 1 : sizeof wide - 1;
        if (end)
            *end = '\0';
        if (*p) {
            if (n == max) {
                *over = true;
                break;
            }
            parts[n++] = p;
        }
        if (!end)
            break;
        p = end + skip;
    }
    return n;
}

bool text_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a, y = *b;
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (char)(y - 'A' + 'a');
        if (x != y)
            return false;
    }
    return *a == *b;
}

int text_hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

#include "render/write/escape.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"

static const char REPLACEMENT[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* Whether a code point may stand in an XML 1.0 document as it is. */
static bool xml_allowed(uint32_t cp)
{
    if (cp < 0x20)
        return cp == '\t' || cp == '\n' || cp == '\r';
    return cp != 0x7F;
}

/* Walks s one code point at a time, handing each well-formed, allowed
 * one to emit (bytes and length) and U+FFFD in place of anything else.
 * The one loop all the escapers share, so the cleaning rule lives once. */
typedef void (*emit_fn)(buf *b, const char *p, size_t n, uint32_t cp);

static void walk(buf *b, const char *s, emit_fn emit)
{
    if (!s)
        return;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        bool bad = (cp == 0xFFFD && len == 1 && (unsigned char)s[i] >= 0x80) || !xml_allowed(cp);
        if (bad)
            emit(b, REPLACEMENT, 3, 0xFFFD);
        else
            emit(b, s + i, len, cp);
        i += len;
    }
}

static void emit_plain(buf *b, const char *p, size_t n, uint32_t cp)
{
    (void)cp;
    buf_append(b, p, n);
}

static void emit_text(buf *b, const char *p, size_t n, uint32_t cp)
{
    switch (cp) {
    case '&':
        buf_puts(b, "&amp;");
        break;
    case '<':
        buf_puts(b, "&lt;");
        break;
    case '>':
        buf_puts(b, "&gt;");
        break;
    default:
        buf_append(b, p, n);
    }
}

static void emit_attr(buf *b, const char *p, size_t n, uint32_t cp)
{
    switch (cp) {
    case '"':
        buf_puts(b, "&quot;");
        break;
    case '\'':
        buf_puts(b, "&#39;");
        break;
    default:
        emit_text(b, p, n, cp);
    }
}

static void emit_url(buf *b, const char *p, size_t n, uint32_t cp)
{
    (void)cp;
    static const char hex[] = "0123456789ABCDEF";
    for (size_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)p[k];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
            c == '.' || c == '_' || c == '~') {
            buf_putc(b, (char)c);
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            buf_append(b, e, 3);
        }
    }
}

static void emit_md(buf *b, const char *p, size_t n, uint32_t cp)
{
    switch (cp) {
    case '\\':
    case '`':
    case '*':
    case '_':
    case '[':
    case ']':
    case '|':
    case '#':
        buf_putc(b, '\\');
        buf_putc(b, (char)cp);
        break;
    case '\n':
    case '\r':
        buf_putc(b, ' ');
        break;
    default:
        emit_text(b, p, n, cp);
    }
}

void esc_md_text(buf *b, const char *s) { walk(b, s, emit_md); }
void esc_utf8_clean(buf *b, const char *s) { walk(b, s, emit_plain); }
void esc_html_text(buf *b, const char *s) { walk(b, s, emit_text); }
void esc_html_attr(buf *b, const char *s) { walk(b, s, emit_attr); }
void esc_url_component(buf *b, const char *s) { walk(b, s, emit_url); }

json_t *esc_json_value(const char *s)
{
    buf c = BUF_INIT;
    esc_utf8_clean(&c, s);
    /* Clean UTF-8 cannot fail json_string; the NUL-free copy is whole. */
    json_t *j = json_string(buf_str(&c));
    buf_free(&c);
    return j;
}

void esc_json_string(buf *b, const char *s)
{
    json_t *j = esc_json_value(s);
    char *out = json_dumps(j, JSON_ENCODE_ANY | JSON_ESCAPE_SLASH);
    json_decref(j);
    if (out) {
        buf_puts(b, out);
        free(out);
    } else {
        buf_puts(b, "\"\""); /* only out of memory gets here */
    }
}

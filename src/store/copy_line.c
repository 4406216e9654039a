/* planmon copy's canonical lines (copy_line.h): writing fields, splitting
 * a line back into them, respelling another writer's reals. */
#include "store/copy_line.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"

void pm_copy_tables_free(pm_copy_table *t, size_t n)
{
    for (size_t i = 0; t && i < n; i++) {
        for (size_t c = 0; c < t[i].ncols; c++)
            free(t[i].cols[c]);
        for (size_t r = 0; r < t[i].nrefs; r++)
            free(t[i].refs[r]);
        free(t[i].name);
        free(t[i].cols);
        free(t[i].kinds);
        free(t[i].refs);
    }
    free(t);
}

/* ---- canonical lines ----------------------------------------------------------- */

void pm_copy_put_null(buf *b)
{
    buf_puts(b, "\\N");
}

void pm_copy_put_int(buf *b, long long v)
{
    buf_printf(b, "%lld", v);
}

void pm_copy_put_real(buf *b, double v)
{
    buf_printf(b, "%.17g", v);
}

void pm_copy_put_text(buf *b, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i], e = 0;
        switch (c) {
        case '\\': e = '\\'; break;
        case '\b': e = 'b'; break;
        case '\f': e = 'f'; break;
        case '\n': e = 'n'; break;
        case '\r': e = 'r'; break;
        case '\t': e = 't'; break;
        case '\v': e = 'v'; break;
        default: break;
        }
        if (e) {
            buf_putc(b, '\\');
            buf_putc(b, e);
        } else {
            buf_putc(b, c);
        }
    }
}

void pm_copy_put_blob(buf *b, const unsigned char *p, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    buf_puts(b, "\\\\x");
    for (size_t i = 0; i < len; i++) {
        buf_putc(b, hex[p[i] >> 4]);
        buf_putc(b, hex[p[i] & 15]);
    }
}

/* One field [s, e) unescaped into scratch; false when malformed. */
static bool unescape(const char *s, const char *e, char kind, buf *scratch)
{
    buf text = BUF_INIT;
    for (const char *p = s; p < e; p++) {
        if (*p != '\\') {
            buf_putc(&text, *p);
            continue;
        }
        if (++p == e) {
            buf_free(&text);
            return false;
        }
        const char *from = "\\bfnrtv", *to = "\\\b\f\n\r\t\v";
        const char *at = strchr(from, *p);
        if (!at) {
            buf_free(&text);
            return false;
        }
        buf_putc(&text, to[at - from]);
    }
    bool ok = true;
    if (kind == PM_COL_BLOB) {
        /* \x and hex pairs (the field's "\\x" unescaped). */
        const char *h = buf_str(&text);
        size_t n = text.len;
        ok = n >= 2 && h[0] == '\\' && h[1] == 'x' && n % 2 == 0;
        for (size_t i = 2; ok && i < n; i += 2) {
            int hi = text_hex_digit(h[i]), lo = text_hex_digit(h[i + 1]);
            ok = hi >= 0 && lo >= 0;
            if (ok)
                buf_putc(scratch, (char)(hi << 4 | lo));
        }
    } else {
        buf_append(scratch, text.p ? text.p : "", text.len);
    }
    buf_free(&text);
    return ok;
}

bool pm_copy_split(const char *line, size_t len, size_t ncols, const char *kinds, buf *scratch,
                   const char **fields, size_t *lens, pm_err *err)
{
    buf_reset(scratch);
    size_t *off = xmalloc((ncols ? ncols : 1) * sizeof *off);
    bool *null = xcalloc(ncols ? ncols : 1, sizeof *null);
    const char *p = line, *end = line + len;
    size_t i = 0;
    bool ok = true;
    for (; ok && i < ncols; i++) {
        const char *tab = memchr(p, '\t', (size_t)(end - p));
        const char *fe = tab ? tab : end;
        if ((tab == NULL) != (i + 1 == ncols)) {
            ok = false;
            break;
        }
        off[i] = scratch->len;
        if (fe - p == 2 && p[0] == '\\' && p[1] == 'N')
            null[i] = true;
        else
            ok = unescape(p, fe, kinds[i], scratch);
        lens[i] = scratch->len - off[i];
        buf_putc(scratch, '\0'); /* each field NUL-terminated for the number readers */
        p = fe + 1;
    }
    if (!ok)
        pm_err_set(err, 0, "行格式不对（第 %zu 列）：%.80s", i + 1, line);
    for (size_t k = 0; ok && k < ncols; k++)
        fields[k] = null[k] ? NULL : scratch->p + off[k];
    free(off);
    free(null);
    return ok;
}

bool pm_copy_canon(const pm_copy_table *t, const char *line, size_t len, buf *out, pm_err *err)
{
    buf_reset(out);
    const char *p = line, *end = line + len;
    for (size_t i = 0; i < t->ncols; i++) {
        const char *tab = memchr(p, '\t', (size_t)(end - p));
        const char *fe = tab ? tab : end;
        if ((tab == NULL) != (i + 1 == t->ncols)) {
            pm_err_set(err, 0, "表 %s 的行格式不对（第 %zu 列）：%.80s", t->name, i + 1, line);
            return false;
        }
        if (i)
            buf_putc(out, '\t');
        bool null = fe - p == 2 && p[0] == '\\' && p[1] == 'N';
        if (t->kinds[i] == PM_COL_REAL && !null) {
            char num[64];
            size_t n = (size_t)(fe - p) < sizeof num - 1 ? (size_t)(fe - p) : sizeof num - 1;
            memcpy(num, p, n);
            num[n] = '\0';
            char *stop;
            double v = strtod(num, &stop);
            if (stop == num || *stop) {
                pm_err_set(err, 0, "表 %s 第 %zu 列不是数：%s", t->name, i + 1, num);
                return false;
            }
            pm_copy_put_real(out, v);
        } else {
            buf_append(out, p, (size_t)(fe - p));
        }
        p = fe + 1;
    }
    return true;
}

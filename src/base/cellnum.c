#include "base/cellnum.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "base/num.h"
#include "base/text.h"

/* Full-width forms (U+FF01..FF5E) of the characters a number may hold, as
 * their ASCII: the full-width block is ASCII shifted by 0xFEE0. */
static char ascii_of(const char *s, size_t n, size_t *used)
{
    unsigned char c = (unsigned char)s[0];
    *used = 1;
    if (c < 0x80)
        return (char)c;
    if (n >= 3 && c == 0xEF && ((unsigned char)s[1] == 0xBC || (unsigned char)s[1] == 0xBD)) {
        unsigned cp = ((unsigned)(c & 0x0F) << 12) | ((unsigned)((unsigned char)s[1] & 0x3F) << 6) |
                      ((unsigned char)s[2] & 0x3F);
        *used = 3;
        if (cp >= 0xFF01 && cp <= 0xFF5E)
            return (char)(cp - 0xFEE0);
    }
    return '\0';
}

/* A dash or slash alone (one or more of - — – － / ／ \): "nothing to report". */
static bool is_none(const char *s, size_t n)
{
    static const char *const marks[] = {"-", "—", "–", "－", "/", "／", "\\", "―", NULL};
    if (!n)
        return false;
    /* Every mark starts with one of these bytes (the UTF-8 lead bytes of
     * U+2013..2015 and U+FF0D, U+FF0F): a number is told at once. */
    unsigned char c = (unsigned char)s[0];
    if (c != '-' && c != '/' && c != '\\' && c != 0xE2 && c != 0xEF)
        return false;
    for (size_t i = 0; i < n;) {
        size_t k = 0;
        for (const char *const *m = marks; *m && !k; m++)
            if (strlen(*m) <= n - i && !memcmp(s + i, *m, strlen(*m)))
                k = strlen(*m);
        if (!k)
            return false;
        i += k;
    }
    return true;
}

/* Removes thousands separators from an ASCII number in place: valid only
 * as [sign]d{1,3}(,ddd)+[.digits][e…]. False when commas are there but do
 * not group by three. */
static bool drop_grouping(char *a)
{
    char *comma = strchr(a, ',');
    if (!comma)
        return true;
    const char *p = a + (*a == '+' || *a == '-');
    size_t lead = (size_t)(comma - p);
    if (lead < 1 || lead > 3)
        return false;
    for (const char *q = p; q < comma; q++)
        if (*q < '0' || *q > '9')
            return false;
    char *o = comma;
    for (const char *q = comma; *q == ',';) {
        for (int k = 1; k <= 3; k++)
            if (q[k] < '0' || q[k] > '9')
                return false;
        memmove(o, q + 1, 3);
        o += 3;
        q += 4;
        if (*q != ',') {
            if (*q >= '0' && *q <= '9')
                return false; /* a fourth digit in the group */
            memmove(o, q, strlen(q) + 1);
            return !strchr(o, ',');
        }
    }
    return true;
}

pm_cellnum pm_cell_number(const char *s, double *v)
{
    size_t n = strlen(s);
    s = text_trim(s, &n);
    if (is_none(s, n))
        return PM_CELLNUM_NONE;
    char a[96];
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        size_t used;
        char c = ascii_of(s + i, n - i, &used);
        if (!c || o + 1 >= sizeof a)
            return PM_CELLNUM_BAD;
        a[o++] = c;
        i += used;
    }
    a[o] = '\0';
    bool pct = o > 1 && a[o - 1] == '%';
    if (pct)
        a[--o] = '\0';
    if (!drop_grouping(a) || !num_parse_cstr(a, v))
        return PM_CELLNUM_BAD;
    return pct ? PM_CELLNUM_PERCENT : PM_CELLNUM_OK;
}

int pm_looks_scientific(const char *s)
{
    double v;
    const char *e = strpbrk(s, "eE");
    return e && (e[1] == '+' || (e[1] >= '0' && e[1] <= '9')) && num_parse_cstr(s, &v);
}

bool pm_fold_fullwidth(const char *s, char *out, size_t cap)
{
    size_t n = strlen(s), o = 0;
    bool folded = false;
    for (size_t i = 0; i < n;) {
        size_t used;
        char c = ascii_of(s + i, n - i, &used);
        if (o + used >= cap)
            return false;
        if (c && used == 3)
            out[o++] = c, folded = true;
        else
            memcpy(out + o, s + i, used), o += used;
        i += used;
    }
    out[o] = '\0';
    return folded;
}

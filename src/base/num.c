#include "base/num.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Copies s[0..n) into out as ASCII, mapping full-width digits, point, minus
 * and plus (U+FF10..FF19, U+FF0E, U+FF0D, U+FF0B) to their ASCII forms:
 * text copied from Word often carries them. Returns false on anything that
 * cannot be part of a number or when it does not fit. */
static bool to_ascii_number(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        char a;
        if (c < 0x80) {
            if (!strchr("0123456789.-+eE", c) || c == '\0')
                return false;
            a = (char)c;
            i++;
        } else if (c == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBC) {
            unsigned char d = (unsigned char)s[i + 2];
            if (d >= 0x90 && d <= 0x99)
                a = (char)('0' + (d - 0x90));
            else if (d == 0x8E)
                a = '.';
            else if (d == 0x8D)
                a = '-';
            else if (d == 0x8B)
                a = '+';
            else
                return false;
            i += 3;
        } else {
            return false;
        }
        if (o + 1 >= cap)
            return false;
        out[o++] = a;
    }
    out[o] = '\0';
    return o > 0;
}

/* The common case without strtod: [+-]digits[.digits], at most 15 digits
 * in all, as an import's ten million cells mostly are. The digits make an
 * integer m below 2^53, exact as a double, and m / 10^k with 10^k exact
 * (k ≤ 15) is one correctly rounded division: the same double strtod
 * returns (Clinger's fast path). Anything else → false, and the caller
 * takes the general path. */
static bool parse_plain(const char *s, size_t n, double *out)
{
    static const double pow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8,
                                   1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    size_t i = 0;
    bool neg = false;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    uint64_t m = 0;
    int digits = 0, frac = -1; /* frac: digits after the point, -1 before one */
    for (; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            if (++digits > 15)
                return false;
            m = m * 10 + (uint64_t)(c - '0');
            frac += frac >= 0;
        } else if (c == '.' && frac < 0) {
            frac = 0;
        } else {
            return false;
        }
    }
    /* "5." and ".5" are numbers to strtod; a lone point or sign is not. */
    if (!digits)
        return false;
    double v = (double)m / pow10[frac > 0 ? frac : 0];
    *out = neg ? -v : v;
    return true;
}

bool num_parse(const char *s, size_t n, double *out)
{
    if (parse_plain(s, n, out))
        return true;
    char tmp[128];
    if (!to_ascii_number(s, n, tmp, sizeof tmp))
        return false;
    /* strtod accepts more than we want (hex, inf, leading blanks): the
     * character filter above has already excluded those. */
    const char *p = tmp;
    if (*p == '+' || *p == '-')
        p++;
    if (!(*p >= '0' && *p <= '9') && !(*p == '.' && p[1] >= '0' && p[1] <= '9'))
        return false;
    char *end = NULL;
    errno = 0;
    double v = strtod(tmp, &end);
    if (*end != '\0' || errno == ERANGE || !isfinite(v))
        return false;
    *out = v;
    return true;
}

bool num_parse_cstr(const char *s, double *out) { return num_parse(s, strlen(s), out); }

bool num_parse_int(const char *s, long lo, long hi, long *out)
{
    double v;
    if (!num_parse_cstr(s, &v) || v != floor(v) || v < (double)lo || v > (double)hi)
        return false;
    *out = (long)v;
    return true;
}

double num_round15(double v)
{
    if (!isfinite(v) || v == 0)
        return v;
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%.15g", v);
    return strtod(tmp, NULL);
}

bool num_same15(double a, double b)
{
    if (a == b)
        return true; /* the common case, and the only one for NaN-free equal figures */
    if (!isfinite(a) || !isfinite(b))
        return false;
    return num_round15(a) == num_round15(b);
}

void num_fmt17(double v, char out[32])
{
    if (v == 0)
        v = 0; /* no "-0" */
    snprintf(out, 32, "%.17g", v);
}

int num_short_digits(double v)
{
    char tmp[32];
    for (int d = 15; d < 17; d++) {
        snprintf(tmp, sizeof tmp, "%.*g", d, v);
        if (strtod(tmp, NULL) == v)
            return d;
    }
    return 17;
}

void num_fmt_short(double v, char out[32])
{
    if (v == 0)
        v = 0;
    snprintf(out, 32, "%.*g", num_short_digits(v), v);
}

/* printf's "%.*f", with "-0.0" and friends shown without their sign (a
 * value that rounds to zero has none). */
static void fixed_by_printf(double v, int decimals, char out[48])
{
    snprintf(out, 48, "%.*f", decimals, v);
    if (out[0] == '-') {
        bool zero = true;
        for (const char *p = out + 1; *p; p++)
            if (*p >= '1' && *p <= '9')
                zero = false;
        if (zero)
            memmove(out, out + 1, strlen(out));
    }
}

/* Why not always printf: pages print thousands of figures and chart
 * coordinates, and glibc's "%.*f" (exact big-number arithmetic behind a
 * locale-aware stream) was about half of the indicator page's time.
 *
 * The fast path scales |v| by 10^decimals in one multiplication (an error
 * of at most half an ulp of the product) and rounds to the nearest
 * integer. printf rounds the exact binary value, ties to even; the two
 * agree whenever the product's fraction is farther from one half than
 * the multiplication's error can reach, and the product is small enough
 * for its integer part to be exact. Everything else (near-ties, huge
 * values, NaN, infinities, more than 9 decimals) goes to printf, so the
 * output is printf's, byte for byte (tests/unit/test_num.c compares them
 * over millions of values). */
void num_fmt_fixed(double v, int decimals, char out[48])
{
    static const double pow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
    static const uint64_t ipow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000};
    if (decimals < 0 || decimals > 9 || !(fabs(v) < 1e15)) {
        fixed_by_printf(v, decimals < 0 ? 0 : decimals, out);
        return;
    }
    double s = fabs(v) * pow10[decimals];
    if (!(s < 4503599627370496.0)) { /* 2^52: the integer part would not be exact */
        fixed_by_printf(v, decimals, out);
        return;
    }
    double n = floor(s), frac = s - n;
    /* s's error bound, doubled for the subtraction, plus a margin. */
    double eps = s * 0x1p-51 + 0x1p-60;
    if (fabs(frac - 0.5) <= eps) {
        fixed_by_printf(v, decimals, out);
        return;
    }
    uint64_t r = (uint64_t)n + (frac > 0.5);
    uint64_t ip = r / ipow10[decimals], fp = r % ipow10[decimals];
    char tmp[48];
    char *e = tmp + sizeof tmp, *p = e;
    for (int i = 0; i < decimals; i++) {
        *--p = (char)('0' + fp % 10);
        fp /= 10;
    }
    if (decimals)
        *--p = '.';
    do {
        *--p = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    if (v < 0 && r != 0)
        *--p = '-';
    memcpy(out, p, (size_t)(e - p));
    out[e - p] = '\0';
}

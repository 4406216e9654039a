#include "base/cellguard.h"

/* [+-]digits[.digits][(e|E)[+-]digits], with digits on at least one side
 * of the point: the numbers planmon writes (%.17g) and spreadsheets read
 * as numbers. */
static bool plain_number(const char *s, size_t n)
{
    size_t i = 0, digits = 0;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        i++;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
        digits++;
    if (i < n && s[i] == '.')
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            digits++;
    if (!digits)
        return false;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t exp = 0;
        for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            exp++;
        if (!exp)
            return false;
    }
    return i == n;
}

bool pm_cell_formula_like(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] == '\'')
        i++;
    /* A lone trigger (`=`, `-`, `+`, `@` as the whole cell) has no formula
     * to run: it is planmon's own target_op `=` or a "none" dash that
     * scripts read back as written (DESIGN's plan parse CSV). */
    if (n - i < 2)
        return false;
    switch (s[i]) {
    case '=':
    case '@':
    case '\t':
    case '\r':
        return true;
    case '+':
    case '-':
        return !plain_number(s + i, n - i);
    default:
        return false;
    }
}

/* num_fmt_fixed against printf's "%.*f" (with the sign of a zero dropped):
 * byte for byte over a few million value and decimals pairs of every magnitude a page prints,
 * the ties printf rounds to even, values one ulp either side of them,
 * negatives, zeros and what goes to printf (NaN, huge). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/num.h"

/* The reference: what num_fmt_fixed promises. */
static void reference(double v, int d, char out[64])
{
    snprintf(out, 64, "%.*f", d, v);
    if (out[0] == '-' && strcspn(out + 1, "123456789") == strlen(out + 1))
        memmove(out, out + 1, strlen(out));
}

static unsigned long long checked;

static void same(double v, int d)
{
    char want[64], got[48];
    reference(v, d, want);
    num_fmt_fixed(v, d, got);
    if (strcmp(want, got))
        fail_msg("%.17g with %d decimals: printf %s, num_fmt_fixed %s", v, d, want, got);
    checked++;
}

/* xorshift64*: the same values on every run. */
static uint64_t rng = 88172645463325252ull;
static uint64_t next(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 2685821657736338717ull;
}

static void test_random_magnitudes(void **state)
{
    (void)state;
    for (int i = 0; i < 400000; i++) {
        /* 10^-8 … 10^15, both signs. */
        double mag = pow(10, (double)(next() % 2400) / 100.0 - 8);
        double v = mag * ((double)(next() >> 11) / 9007199254740992.0);
        if (next() & 1)
            v = -v;
        same(v, (int)(next() % 10));
    }
}

static void test_figures_as_entered(void **state)
{
    (void)state;
    /* Decimal figures as people type them (k / 10^j): the values pages
     * show most, many of them close to a rounding tie in binary. */
    for (int j = 0; j <= 4; j++)
        for (long k = -200000; k <= 200000; k += 37) {
            double v = (double)k / pow(10, j);
            for (int d = 0; d <= 6; d++)
                same(v, d);
        }
}

static void test_ties_and_neighbours(void **state)
{
    (void)state;
    /* Exact binary ties (x.5, x.25, x.125 …) round to even in printf; the
     * doubles next to them must round away from the tie. */
    for (long k = -20000; k <= 20000; k += 3)
        for (int e = 1; e <= 6; e++) {
            double tie = ((double)k + 0.5) / (double)(1 << (e - 1));
            for (int d = 0; d <= 6; d++) {
                same(tie, d);
                same(nextafter(tie, INFINITY), d);
                same(nextafter(tie, -INFINITY), d);
            }
        }
}

static void test_edges(void **state)
{
    (void)state;
    const double vals[] = {0.0, -0.0, 0.5, -0.5, 1.5, 2.5, -2.5, 0.05, 0.15, 0.25, 0.35, 0.045, 1e-300, -1e-300,
                           0.0049999999999999999, 9.9999, 99.995, 999999.9999999, 4503599627370495.5,
                           4503599627370497.0, 1e15, 1e16, 1e30, -1e30,
                           INFINITY, -INFINITY, NAN, 123456789.123456789, 2.675, 1.005, 1.0000005};
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++)
        for (int d = 0; d <= 12; d++)
            same(vals[i], d);
    char out[48];
    num_fmt_fixed(-0.0001, 2, out);
    assert_string_equal(out, "0.00"); /* no "-0.00" */
    num_fmt_fixed(-1.005, 0, out);
    assert_string_equal(out, "-1");
    num_fmt_fixed(12.5, 0, out);
    assert_string_equal(out, "12"); /* printf's tie to even */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_random_magnitudes),
        cmocka_unit_test(test_figures_as_entered),
        cmocka_unit_test(test_ties_and_neighbours),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    printf("num_fmt_fixed: %llu values compared with printf\n", checked);
    return failed;
}

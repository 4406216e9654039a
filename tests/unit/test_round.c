/* The overview's default year (engine/round.h, issue 14): a year still
 * being collected is not where the overview opens. Each rule with the case
 * on either side of its boundary, the numbers worked out by hand. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "engine/round.h"

static pm_round_year ry(int year, long round, bool past_due, size_t units, size_t approved)
{
    return (pm_round_year){.year = year, .round = round, .deadline = "2026-03-31", .past_due = past_due,
                           .units = units, .approved = approved};
}

/* Settled: past its deadline, or approved ≥ share × units (0.8 × 22 =
 * 17.6: 18 approved is settled, 17 is not). */
static void test_settled(void **state)
{
    (void)state;
    pm_round_year a = ry(2025, 1, false, 22, 17), b = ry(2025, 1, false, 22, 18), c = ry(2025, 1, true, 22, 0);
    assert_false(pm_round_year_settled(&a, 0.8));
    assert_true(pm_round_year_settled(&b, 0.8));
    assert_true(pm_round_year_settled(&c, 0.8));
    /* Exactly the share: 4 of 5 at 0.8 is settled; 3 of 5 is not. */
    pm_round_year d = ry(2025, 1, false, 5, 4), e = ry(2025, 1, false, 5, 3);
    assert_true(pm_round_year_settled(&d, 0.8));
    assert_false(pm_round_year_settled(&e, 0.8));
    /* A round whose units are all gone holds nothing to wait for. */
    pm_round_year f = ry(2025, 1, false, 0, 0);
    assert_true(pm_round_year_settled(&f, 0.8));
}

/* No round at all: the latest year with figures, as before rounds. */
static void test_no_rounds(void **state)
{
    (void)state;
    int open;
    assert_int_equal(pm_round_default_year(NULL, 0, 2020, 2024, 0.8, &open), 2024);
    assert_int_equal(open, -1);
    assert_int_equal(pm_round_default_year(NULL, 0, 2020, 0, 0.8, &open), 2020); /* no figures: the base */
}

/* 2025's round open and 5 of 22 approved: the overview opens on 2024
 * (its round past due) and the banner names 2025's round. */
static void test_year_in_progress(void **state)
{
    (void)state;
    pm_round_year y[] = {ry(2024, 3, true, 22, 10), ry(2025, 7, false, 22, 5)};
    int open;
    assert_int_equal(pm_round_default_year(y, 2, 2020, 2025, 0.8, &open), 2024);
    assert_int_equal(open, 1);
    /* 18 of 22 approved: 2025 is settled, the overview opens on it. */
    y[1].approved = 18;
    assert_int_equal(pm_round_default_year(y, 2, 2020, 2025, 0.8, &open), 2025);
    assert_int_equal(open, -1);
    /* A lower share (0.2: 5 ≥ 4.4) settles it too. */
    y[1].approved = 5;
    assert_int_equal(pm_round_default_year(y, 2, 2020, 2025, 0.2, &open), 2025);
}

/* A year with two rounds is settled only when both are; the banner names
 * the one with the lower approved share (3/10 < 9/22). Years without any
 * round (2023, figures imported) count as settled. */
static void test_two_rounds_of_a_year(void **state)
{
    (void)state;
    pm_round_year y[] = {ry(2024, 4, false, 22, 9), ry(2024, 5, false, 10, 3), ry(2024, 6, true, 22, 0)};
    int open;
    assert_int_equal(pm_round_default_year(y, 3, 2020, 2024, 0.8, &open), 2023);
    assert_int_equal(open, 1);
    y[1].approved = 8; /* 8/10 settled; 9/22 is not: still 2023, the banner names round 4 */
    assert_int_equal(pm_round_default_year(y, 3, 2020, 2024, 0.8, &open), 2023);
    assert_int_equal(open, 0);
}

/* The plan's first year under way: nothing after the base is settled, so
 * the overview shows that year (with the banner), not the base year. */
static void test_first_year(void **state)
{
    (void)state;
    pm_round_year y[] = {ry(2026, 1, false, 22, 0)};
    int open;
    assert_int_equal(pm_round_default_year(y, 1, 2025, 2026, 0.8, &open), 2026);
    assert_int_equal(open, 0);
    /* Figures stop at 2024 while 2025's round is open: 2024 (2025 holds nothing to show yet). */
    pm_round_year z[] = {ry(2025, 2, false, 22, 0)};
    assert_int_equal(pm_round_default_year(z, 1, 2020, 2024, 0.8, &open), 2024);
    assert_int_equal(open, 0);
}

static void test_configure(void **state)
{
    (void)state;
    assert_true(pm_round_share() == PM_ROUND_SHARE_DEFAULT);
    assert_false(pm_round_configure_share(0.0));
    assert_false(pm_round_configure_share(1.5));
    assert_false(pm_round_configure_share(NAN));
    assert_true(pm_round_share() == PM_ROUND_SHARE_DEFAULT);
    assert_true(pm_round_configure_share(1.0));
    assert_true(pm_round_share() == 1.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_settled),          cmocka_unit_test(test_no_rounds),
        cmocka_unit_test(test_year_in_progress), cmocka_unit_test(test_two_rounds_of_a_year),
        cmocka_unit_test(test_first_year),       cmocka_unit_test(test_configure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

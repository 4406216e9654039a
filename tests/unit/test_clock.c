/* The bureau's clock (base/clock.h): stored UTC times shown in the
 * bureau's zone, dates read strictly, a deadline's day ending at local
 * midnight. */
#include <stdlib.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/clock.h"

static void test_local(void **state)
{
    (void)state;
    char out[32];
    assert_string_equal(pm_clock_local("2026-12-04T04:16:33.123Z", false, out, sizeof out), "2026-12-04 12:16");
    /* Past local midnight: the date moves on, across a month and a year. */
    assert_string_equal(pm_clock_local("2024-12-31T16:00:00.000Z", true, out, sizeof out), "2025-01-01 00:00:00");
    assert_string_equal(pm_clock_local("2024-02-28T20:30:00.000Z", false, out, sizeof out), "2024-02-29 04:30");
    /* Not a stored time: shown as it is. */
    assert_string_equal(pm_clock_local("昨天", false, out, sizeof out), "昨天");
    assert_string_equal(pm_clock_local("2024-13-01T00:00:00Z", false, out, sizeof out), "2024-13-01T00:00:00Z");
    assert_true(pm_clock_set_offset(0));
    assert_string_equal(pm_clock_local("2026-12-04T04:16:33.123Z", false, out, sizeof out), "2026-12-04 04:16");
    assert_false(pm_clock_set_offset(900));
    assert_int_equal(pm_clock_offset(), 0);
    assert_true(pm_clock_set_offset(PM_CLOCK_DEFAULT_OFFSET));
}

static void test_dates(void **state)
{
    (void)state;
    int y, m, d;
    assert_true(pm_clock_parse_date("2025-03-31", &y, &m, &d));
    assert_int_equal(y * 10000 + m * 100 + d, 20250331);
    assert_true(pm_clock_parse_date("2024-02-29", &y, &m, &d));
    assert_false(pm_clock_parse_date("2025-02-29", &y, &m, &d));
    assert_false(pm_clock_parse_date("2025-04-31", &y, &m, &d));
    assert_false(pm_clock_parse_date("2025-3-31", &y, &m, &d));
    assert_false(pm_clock_parse_date("2025-03-31x", &y, &m, &d));
    assert_false(pm_clock_parse_date("", &y, &m, &d));
    assert_false(pm_clock_parse_date(NULL, &y, &m, &d));
    /* 2025-03-31 ends at 2025-04-01 00:00 in Beijing: 2025-03-31 16:00 UTC. */
    char iso[32];
    assert_string_equal(pm_clock_iso(pm_clock_day_end(2025, 3, 31), iso, sizeof iso), "2025-03-31T16:00:00.000Z");
    assert_true(pm_clock_from_iso("2025-03-31T15:59:59.999Z") < pm_clock_day_end(2025, 3, 31));
    assert_false(pm_clock_from_iso("2025-03-31T16:00:00.000Z") < pm_clock_day_end(2025, 3, 31));
    assert_true(pm_clock_from_iso("not a time") == (time_t)-1);
    assert_string_equal(pm_clock_today(pm_clock_from_iso("2025-03-31T16:00:00.000Z"), iso, sizeof iso), "2025-04-01");
    /* The day number turns with pm_clock_today: 2025-04-01 is day 20179
     * after 1970-01-01 (Python's date arithmetic). */
    assert_int_equal(pm_clock_day_number(pm_clock_from_iso("2025-03-31T16:00:00.000Z")), 20179);
    assert_int_equal(pm_clock_day_number(pm_clock_from_iso("2025-03-31T15:59:59.000Z")), 20178);
    assert_int_equal(pm_clock_day_number(pm_clock_from_iso("2025-04-01T15:59:59.000Z")), 20179);
}

/* serve --time-zone: the forms an IT office writes, and what is refused. */
static void test_offsets(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int minutes;
    } good[] = {{"UTC", 0},       {"Z", 0},        {"UTC+8", 480},     {"+08:00", 480},   {"+0800", 480},
                {"+8", 480},      {"-05:30", -330}, {"UTC-12", -720},   {"+14:00", 840},   {"UTC+05:45", 345}};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        int m = 12345;
        assert_true(pm_clock_parse_offset(good[i].text, &m));
        assert_int_equal(m, good[i].minutes);
    }
    static const char *const bad[] = {"",       "8",     "+",       "+123",   "+08:0", "+08:60", "+15",
                                      "-12:01", "+8h",   "Asia/Shanghai", "UTC+", "++8",  "+08:00x", NULL};
    for (size_t i = 0; bad[i]; i++) {
        int m = 12345;
        assert_false(pm_clock_parse_offset(bad[i], &m));
        assert_int_equal(m, 12345);
    }
    char z[16];
    assert_true(pm_clock_set_offset(-330));
    assert_string_equal(pm_clock_zone(z, sizeof z), "UTC-05:30");
    assert_true(pm_clock_set_offset(PM_CLOCK_DEFAULT_OFFSET));
    assert_string_equal(pm_clock_zone(z, sizeof z), "UTC+08:00");
}

/* PLANMON_NOW read once: unset, empty or not a UTC ISO time mean the real
 * clock; a time is returned as its instant (2025-03-20 02:00 UTC is
 * 1742436000: 20,089 days to 2025-01-01, 78 more, and 2 hours). */
static void test_fixed(void **state)
{
    (void)state;
    time_t t = 7;
    unsetenv("PLANMON_NOW");
    assert_false(pm_clock_fixed(&t));
    setenv("PLANMON_NOW", "", 1);
    assert_false(pm_clock_fixed(&t));
    setenv("PLANMON_NOW", "yesterday", 1);
    assert_false(pm_clock_fixed(&t));
    assert_int_equal(t, 7);
    setenv("PLANMON_NOW", "2025-03-20T02:00:00Z", 1);
    assert_true(pm_clock_fixed(&t));
    assert_int_equal(t, 1742436000);
    assert_int_equal(pm_clock_now(), 1742436000);
    unsetenv("PLANMON_NOW");
    time_t before = time(NULL), now = pm_clock_now();
    assert_true(now >= before && now <= time(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_local),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_offsets),
        cmocka_unit_test(test_fixed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Times as people in the bureau read them. The store keeps every time in
 * UTC (ISO 8601, "2026-12-04T04:16:33.123Z"); every door shows it in the
 * bureau's time zone, a fixed offset from UTC (Asia/Shanghai, UTC+8, has
 * had no daylight saving since 1991; a setting may change it). Deadlines
 * typed as a date mean the end of that day there. No I/O. */
#ifndef PM_CLOCK_H
#define PM_CLOCK_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define PM_CLOCK_DEFAULT_OFFSET 480 /* minutes east of UTC: Asia/Shanghai */

/* The offset used from now on (minutes east of UTC, -720..840); false
 * and unchanged when out of range. Process-wide: set once at start. */
bool pm_clock_set_offset(int minutes);
int pm_clock_offset(void);
/* Reads a time-zone setting as a fixed offset: "UTC" or "Z" (0), or a sign
 * and hours with optional minutes, bare or after "UTC": "+08:00", "+0800",
 * "+8", "UTC+8", "-05:30". False when s is none of these or out of range. */
bool pm_clock_parse_offset(const char *s, int *minutes);
/* The zone as a page names it: "UTC+08:00" (cap >= 10). Returns out. */
const char *pm_clock_zone(char *out, size_t cap);

/* "2026-12-04T04:16:33.123Z" → "2026-12-04 12:16" in the bureau's zone
 * (with seconds when `seconds`). Text that is not such a time is copied
 * as it is. Writes at most cap bytes and returns out. */
const char *pm_clock_local(const char *utc, bool seconds, char *out, size_t cap);
/* The UTC ISO form of an instant, "2026-12-04T04:16:33.000Z" (cap >= 25). */
const char *pm_clock_iso(time_t t, char *out, size_t cap);
/* Reads "YYYY-MM-DD" (a date) into *y *m *d; false when not a real date. */
bool pm_clock_parse_date(const char *s, int *y, int *m, int *d);
/* The UTC instant at which the bureau's day y-m-d ends (the first second
 * of the next day there): a deadline's due time. */
time_t pm_clock_day_end(int y, int m, int d);
/* The instant a stored UTC ISO time names; (time_t)-1 when not one. */
time_t pm_clock_from_iso(const char *utc);
/* The instant $PLANMON_NOW names when it is set to a UTC ISO time: true
 * with *t; false (unset, empty, or not such a time) to mean the real
 * clock. The one reading of the variable, for pm_clock_now and for the
 * store's recorded times. */
bool pm_clock_fixed(time_t *t);
/* The instant now: the one $PLANMON_NOW names (pm_clock_fixed; the store
 * records its writes at it too, so a demo or a test can pin the clock for
 * both), else time(NULL). */
time_t pm_clock_now(void);
/* Today's date in the bureau's zone at instant now: "YYYY-MM-DD". */
const char *pm_clock_today(time_t now, char *out, size_t cap);
/* The bureau's day at instant now as a number (days since 1970-01-01
 * there): equal for two instants exactly when pm_clock_today is. */
long pm_clock_day_number(time_t now);
/* Seconds on the monotonic clock (CLOCK_MONOTONIC: never set back, no
 * system call through the vDSO): for durations and deadlines only, never
 * shown as a time of day. */
double pm_clock_mono(void);

#endif

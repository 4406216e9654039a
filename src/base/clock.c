#include "base/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int offset_minutes = PM_CLOCK_DEFAULT_OFFSET;

bool pm_clock_set_offset(int minutes)
{
    if (minutes < -720 || minutes > 840)
        return false;
    offset_minutes = minutes;
    return true;
}

int pm_clock_offset(void)
{
    return offset_minutes;
}

const char *pm_clock_zone(char *out, size_t cap)
{
    int m = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    snprintf(out, cap, "UTC%c%02d:%02d", offset_minutes < 0 ? '-' : '+', m / 60, m % 60);
    return out;
}

/* 1 or 2 digits at *p, moved past; -1 when there are none or three. */
static int two_digits(const char **p)
{
    const char *s = *p;
    if (*s < '0' || *s > '9')
        return -1;
    int v = *s++ - '0';
    if (*s >= '0' && *s <= '9')
        v = v * 10 + (*s++ - '0');
    if (*s >= '0' && *s <= '9')
        return -1;
    *p = s;
    return v;
}

bool pm_clock_parse_offset(const char *s, int *minutes)
{
    if (!s)
        return false;
    bool utc = !strncmp(s, "UTC", 3);
    if (utc)
        s += 3;
    if ((utc && !*s) || (!utc && !strcmp(s, "Z"))) {
        *minutes = 0;
        return true;
    }
    int sign = *s == '+' ? 1 : *s == '-' ? -1 : 0;
    if (!sign)
        return false;
    s++;
    int h, m = 0;
    size_t digits = strspn(s, "0123456789");
    if (digits == 4 && !s[4]) { /* +0800 */
        h = (s[0] - '0') * 10 + (s[1] - '0');
        m = (s[2] - '0') * 10 + (s[3] - '0');
    } else {
        h = two_digits(&s);
        if (h < 0)
            return false;
        if (*s == ':') {
            s++;
            if (strspn(s, "0123456789") != 2)
                return false;
            m = two_digits(&s);
        }
        if (*s)
            return false;
    }
    int total = sign * (h * 60 + m);
    if (m > 59 || total < -720 || total > 840)
        return false;
    *minutes = total;
    return true;
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; Howard Hinnant's
 * days_from_civil): timegm without the C library's time zone state. */
static long long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

bool pm_clock_parse_date(const char *s, int *y, int *m, int *d)
{
    int yy, mm, dd, n = 0;
    if (!s || sscanf(s, "%4d-%2d-%2d%n", &yy, &mm, &dd, &n) != 3 || n != 10 || s[n])
        return false;
    if (yy < 1900 || yy > 9999 || mm < 1 || mm > 12 || dd < 1 || dd > days_in(yy, mm))
        return false;
    *y = yy;
    *m = mm;
    *d = dd;
    return true;
}

time_t pm_clock_day_end(int y, int m, int d)
{
    return (time_t)((days_from_civil(y, m, d) + 1) * 86400 - (long long)offset_minutes * 60);
}

time_t pm_clock_from_iso(const char *utc)
{
    int y, mo, d, h, mi, sec, n = 0;
    if (!utc || sscanf(utc, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &n) != 6 || n != 19)
        return (time_t)-1;
    if (mo < 1 || mo > 12 || d < 1 || d > days_in(y, mo) || h > 23 || mi > 59 || sec > 60)
        return (time_t)-1;
    return (time_t)(days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec);
}

const char *pm_clock_iso(time_t t, char *out, size_t cap)
{
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        memset(&tm, 0, sizeof tm);
    snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02d.000Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
             tm.tm_hour, tm.tm_min, tm.tm_sec);
    return out;
}

const char *pm_clock_local(const char *utc, bool seconds, char *out, size_t cap)
{
    time_t t = pm_clock_from_iso(utc);
    if (t == (time_t)-1) {
        snprintf(out, cap, "%s", utc ? utc : "");
        return out;
    }
    t += (time_t)offset_minutes * 60;
    struct tm tm;
    if (!gmtime_r(&t, &tm)) {
        snprintf(out, cap, "%s", utc);
        return out;
    }
    if (seconds)
        snprintf(out, cap, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                 tm.tm_min, tm.tm_sec);
    else
        snprintf(out, cap, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                 tm.tm_min);
    return out;
}

long pm_clock_day_number(time_t now)
{
    long long t = (long long)now + (long long)offset_minutes * 60;
    return (long)(t >= 0 ? t / 86400 : -((-t + 86399) / 86400)); /* floor: a day before 1970 too */
}

const char *pm_clock_today(time_t now, char *out, size_t cap)
{
    time_t t = now + (time_t)offset_minutes * 60;
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        memset(&tm, 0, sizeof tm);
    snprintf(out, cap, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    return out;
}

bool pm_clock_fixed(time_t *t)
{
    const char *env = getenv("PLANMON_NOW");
    time_t v = env && *env ? pm_clock_from_iso(env) : (time_t)-1;
    if (v == (time_t)-1)
        return false;
    *t = v;
    return true;
}

time_t pm_clock_now(void)
{
    time_t t;
    return pm_clock_fixed(&t) ? t : time(NULL);
}

double pm_clock_mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

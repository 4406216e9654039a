#include "model/task.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/dept.h"

/* ---- words ------------------------------------------------------------------- */

static const char *const state_keys[PM_TS_COUNT] = {"not_started", "on_plan", "lagging", "done", "cancelled"};
static const char *const state_labels[PM_TS_COUNT] = {"未启动", "按计划推进", "滞后", "已完成", "已取消"};

const char *pm_task_state_str(pm_task_state s)
{
    return (unsigned)s < PM_TS_COUNT ? state_keys[s] : "?";
}

const char *pm_task_state_label(pm_task_state s)
{
    return (unsigned)s < PM_TS_COUNT ? state_labels[s] : "?";
}

bool pm_task_state_parse(const char *s, pm_task_state *out)
{
    if (s && (!strcmp(s, "按进度推进") || !strcmp(s, "推进中"))) {
        *out = PM_TS_ON_PLAN;
        return true;
    }
    if (s && !strcmp(s, "进度滞后")) {
        *out = PM_TS_LAGGING;
        return true;
    }
    for (int k = 0; s && k < PM_TS_COUNT; k++)
        if (!strcmp(s, state_keys[k]) || !strcmp(s, state_labels[k])) {
            *out = (pm_task_state)k;
            return true;
        }
    return false;
}

static const char *const judg_keys[PM_TJ_COUNT] = {"not_started", "on_schedule", "lagging",
                                                    "overdue",     "done",        "cancelled"};
static const char *const judg_labels[PM_TJ_COUNT] = {"未启动", "按进度推进", "进度滞后",
                                                      "逾期未完成", "已完成", "已取消"};

const char *pm_task_judgment_str(pm_task_judgment j)
{
    return (unsigned)j < PM_TJ_COUNT ? judg_keys[j] : "?";
}

const char *pm_task_judgment_label(pm_task_judgment j)
{
    return (unsigned)j < PM_TJ_COUNT ? judg_labels[j] : "?";
}

bool pm_task_judgment_parse(const char *s, pm_task_judgment *out)
{
    for (int k = 0; s && k < PM_TJ_COUNT; k++)
        if (!strcmp(s, judg_keys[k]) || !strcmp(s, judg_labels[k])) {
            *out = (pm_task_judgment)k;
            return true;
        }
    return false;
}

const char *pm_item_kind_str(pm_item_kind k)
{
    return k == PM_ITEM_INDICATOR ? "indicator" : "task";
}

/* ---- dates and periods ---------------------------------------------------------- */

/* Reads 1..max ASCII digits at *p into *v, advancing *p. */
static bool digits(const char **p, int max, int *v)
{
    int n = 0, x = 0;
    while (n < max && **p >= '0' && **p <= '9') {
        x = x * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    *v = x;
    return n > 0;
}

/* Skips the UTF-8 text word at *p when it is there. */
static bool word(const char **p, const char *w)
{
    size_t n = strlen(w);
    if (strncmp(*p, w, n))
        return false;
    *p += n;
    return true;
}

static int days_in(int y, int m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : d[m - 1];
}

bool pm_date_parse(const char *s, char *out)
{
    if (!s)
        return false;
    while (*s == ' ')
        s++;
    const char *p = s;
    int y, m = 12, d = 0;
    if (!digits(&p, 4, &y) || p - s != 4 || y < 1900 || y > 2200)
        return false;
    bool sep = *p == '-' || *p == '/' || *p == '.';
    if (sep)
        p++;
    if (sep || word(&p, "年")) {
        if (*p >= '0' && *p <= '9') {
            if (!digits(&p, 2, &m) || m < 1 || m > 12)
                return false;
            (void)word(&p, "月");
            if (*p == '-' || *p == '/' || *p == '.')
                p++;
            if (*p >= '0' && *p <= '9') {
                if (!digits(&p, 2, &d) || d < 1 || d > days_in(y, m))
                    return false;
                (void)word(&p, "日");
            }
        } else if (sep) {
            return false;
        } else {
            (void)(word(&p, "底") || word(&p, "末") || word(&p, "前"));
        }
    }
    if (*p && strspn(p, " ") != strlen(p))
        return false;
    if (d == 0)
        d = days_in(y, m);
    /* The ranges were checked above; the modulos tell the compiler. */
    snprintf(out, PM_DATE_LEN, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
    return true;
}

/* The number a Chinese or ASCII quarter digit names: 一 1 … 四 4. */
static int quarter_digit(const char **p)
{
    static const char *const zh[] = {"一", "二", "三", "四"};
    if (**p >= '1' && **p <= '4')
        return *(*p)++ - '0';
    for (int i = 0; i < 4; i++)
        if (word(p, zh[i]))
            return i + 1;
    return 0;
}

bool pm_period_parse(const char *s, char *out, char *end)
{
    if (!s)
        return false;
    const char *p = s;
    int y;
    if (!digits(&p, 4, &y) || p - s != 4 || y < 1900 || y > 2200)
        return false;
    bool zh = word(&p, "年");
    int half = 0, q = 0;
    if (*p == 'H' || *p == 'h') {
        p++;
        if (*p != '1' && *p != '2')
            return false;
        half = *p++ - '0';
    } else if (*p == 'Q' || *p == 'q') {
        p++;
        if (*p < '1' || *p > '4')
            return false;
        q = *p++ - '0';
    } else if (zh && word(&p, "上半年")) {
        half = 1;
    } else if (zh && word(&p, "下半年")) {
        half = 2;
    } else if (zh && (word(&p, "第") || true) && (q = quarter_digit(&p)) != 0) {
        if (!word(&p, "季度"))
            return false;
    } else if (zh) {
        (void)(word(&p, "度") || word(&p, "全年"));
    }
    if (*p)
        return false;
    int last_month = half ? half * 6 : q ? q * 3 : 12;
    if (half)
        snprintf(out, PM_PERIOD_LEN, "%04uH%u", (unsigned)y % 10000u, (unsigned)half % 10u);
    else if (q)
        snprintf(out, PM_PERIOD_LEN, "%04uQ%u", (unsigned)y % 10000u, (unsigned)q % 10u);
    else
        snprintf(out, PM_PERIOD_LEN, "%04u", (unsigned)y % 10000u);
    if (end)
        snprintf(end, PM_DATE_LEN, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)last_month % 100u,
                 (unsigned)days_in(y, last_month) % 100u);
    return true;
}

void pm_task_as_of(int year, const char *today, char *out)
{
    snprintf(out, PM_DATE_LEN, "%04u-12-31", (unsigned)year % 10000u);
    if (today && strlen(today) == PM_DATE_LEN - 1 && strcmp(today, out) < 0)
        memcpy(out, today, PM_DATE_LEN);
}

void pm_period_label(const char *period, char *out, size_t cap)
{
    static const char *const q[] = {"一", "二", "三", "四"};
    int y = atoi(period);
    char kind = strlen(period) > 4 ? period[4] : 0;
    int n = kind ? period[5] - '0' : 0;
    if (kind == 'H' && (n == 1 || n == 2))
        snprintf(out, cap, "%d年%s半年", y, n == 1 ? "上" : "下");
    else if (kind == 'Q' && n >= 1 && n <= 4)
        snprintf(out, cap, "%d年第%s季度", y, q[n - 1]);
    else
        snprintf(out, cap, "%d年", y);
}

/* ---- records ------------------------------------------------------------------------- */

void pm_party_clear(pm_party *p)
{
    free(p->code);
    free(p->name);
    memset(p, 0, sizeof *p);
}

void pm_assignment_clear(pm_assignment *a)
{
    free(a->item);
    pm_party_clear(&a->lead);
    for (size_t i = 0; i < a->nco; i++)
        pm_party_clear(&a->co[i]);
    free(a->co);
    memset(a, 0, sizeof *a);
}

void pm_assignments_free(pm_assignment *a, size_t n)
{
    for (size_t i = 0; a && i < n; i++)
        pm_assignment_clear(&a[i]);
    free(a);
}

bool pm_assignment_has_dept(const pm_assignment *a, const char *dept, bool lead_only)
{
    if (!dept || !*dept)
        return false;
    if (a->lead.code && !a->lead.unit && !strcmp(a->lead.code, dept))
        return true;
    for (size_t i = 0; !lead_only && i < a->nco; i++)
        if (!a->co[i].unit && !strcmp(a->co[i].code, dept))
            return true;
    return false;
}

void pm_task_clear(pm_task *t)
{
    if (!t)
        return;
    free(t->code);
    free(t->title);
    free(t->section);
    pm_assignment_clear(&t->duty);
    for (size_t i = 0; i < t->nindicators; i++)
        free(t->indicators[i]);
    free(t->indicators);
    for (size_t i = 0; i < t->nmilestones; i++)
        free(t->milestones[i].what);
    free(t->milestones);
    memset(t, 0, sizeof *t);
    t->invest_planned = t->invest_spent = NAN;
}

void pm_tasks_free(pm_task *t, size_t n)
{
    for (size_t i = 0; t && i < n; i++)
        pm_task_clear(&t[i]);
    free(t);
}

void pm_task_update_clear(pm_task_update *u)
{
    if (!u)
        return;
    free(u->task);
    free(u->text);
    free(u->who);
    free(u->at);
    free(u->reviewed_by);
    free(u->reviewed_at);
    free(u->reason);
    memset(u, 0, sizeof *u);
}

void pm_task_updates_free(pm_task_update *u, size_t n)
{
    for (size_t i = 0; u && i < n; i++)
        pm_task_update_clear(&u[i]);
    free(u);
}

bool pm_task_code_valid(const char *code)
{
    return pm_dept_code_valid(code);
}

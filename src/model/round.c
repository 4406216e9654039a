#include "model/round.h"

#include <stdlib.h>
#include <string.h>

const char *pm_round_period_label(const char *period)
{
    if (!period)
        return NULL;
    if (!strcmp(period, "year"))
        return "年度";
    if (!strcmp(period, "h1"))
        return "上半年";
    if (!strcmp(period, "h2"))
        return "下半年";
    return NULL;
}

void pm_round_clear(pm_round *r)
{
    if (!r)
        return;
    free(r->title);
    free(r->period);
    free(r->opens);
    free(r->deadline);
    free(r->due_at);
    free(r->created_by);
    free(r->created_at);
    for (size_t i = 0; i < r->nitems; i++)
        free(r->items[i]);
    free(r->items);
    memset(r, 0, sizeof *r);
}

void pm_rounds_free(pm_round *r, size_t n)
{
    for (size_t i = 0; r && i < n; i++)
        pm_round_clear(&r[i]);
    free(r);
}

void pm_round_cells_free(pm_round_cell *c, size_t n)
{
    for (size_t i = 0; c && i < n; i++) {
        free(c[i].unit);
        free(c[i].unit_name);
        free(c[i].element);
        free(c[i].first_submitted);
        free(c[i].person);
        free(c[i].phone);
        free(c[i].email);
    }
    free(c);
}

void pm_reminders_free(pm_reminder *r, size_t n)
{
    for (size_t i = 0; r && i < n; i++) {
        free(r[i].unit);
        free(r[i].at);
        free(r[i].who);
        free(r[i].channel);
        free(r[i].outcome);
        free(r[i].detail);
    }
    free(r);
}

const char *pm_reminder_outcome_label(const char *outcome)
{
    if (!outcome)
        return "";
    return !strcmp(outcome, "sent") ? "已发送" : !strcmp(outcome, "failed") ? "发送失败" : "无邮箱";
}

static const char *const keys[PM_RS_COUNT] = {"not_started", "draft", "submitted", "returned", "approved"};
static const char *const labels[PM_RS_COUNT] = {"未开始", "填报中", "已提交", "已退回", "已审核"};

const char *pm_round_state_str(pm_round_state s)
{
    return (int)s >= 0 && s < PM_RS_COUNT ? keys[s] : "not_started";
}

const char *pm_round_state_label(pm_round_state s)
{
    return (int)s >= 0 && s < PM_RS_COUNT ? labels[s] : labels[0];
}

#include "model/narrative.h"

#include <stdlib.h>
#include <string.h>

static const char *const kind_keys[PM_NK_COUNT] = {"work", "achievements", "problems", "next_steps",
                                                    "adjustments"};
static const char *const kind_labels[PM_NK_COUNT] = {"评估工作开展情况", "主要成效", "存在问题及原因",
                                                      "下一步工作建议", "规划调整建议"};
static const char *const scope_keys[PM_NS_COUNT] = {"plan", "section", "domain", "indicator", "task"};
static const char *const scope_labels[PM_NS_COUNT] = {"全篇", "报告章节", "领域", "指标", "任务或项目"};

/* The sections of a 中期/总结评估报告 that carry written text (issue 13). */
const pm_narr_section pm_narr_sections[] = {
    {"work", "评估工作开展情况"},     {"overall", "总体评价"},
    {"indicators", "主要指标完成情况"}, {"tasks", "重点任务推进情况"},
    {"projects", "重大工程项目进展"},   {"problems", "存在问题及原因"},
    {"next_steps", "下一步工作建议"},  {"adjustments", "规划调整建议"},
};
const size_t pm_narr_nsections = sizeof pm_narr_sections / sizeof pm_narr_sections[0];

static int find(const char *s, const char *const *keys, const char *const *labels, int n)
{
    for (int k = 0; s && k < n; k++)
        if (!strcmp(s, keys[k]) || !strcmp(s, labels[k]))
            return k;
    return -1;
}

const char *pm_narr_kind_str(pm_narr_kind k)
{
    return (unsigned)k < PM_NK_COUNT ? kind_keys[k] : "?";
}

const char *pm_narr_kind_label(pm_narr_kind k)
{
    return (unsigned)k < PM_NK_COUNT ? kind_labels[k] : "?";
}

bool pm_narr_kind_parse(const char *s, pm_narr_kind *out)
{
    int k = find(s, kind_keys, kind_labels, PM_NK_COUNT);
    if (k >= 0)
        *out = (pm_narr_kind)k;
    return k >= 0;
}

const char *pm_narr_scope_str(pm_narr_scope s)
{
    return (unsigned)s < PM_NS_COUNT ? scope_keys[s] : "?";
}

const char *pm_narr_scope_label(pm_narr_scope s)
{
    return (unsigned)s < PM_NS_COUNT ? scope_labels[s] : "?";
}

bool pm_narr_scope_parse(const char *s, pm_narr_scope *out)
{
    int k = find(s, scope_keys, scope_labels, PM_NS_COUNT);
    if (k >= 0)
        *out = (pm_narr_scope)k;
    return k >= 0;
}

const pm_narr_section *pm_narr_section_find(const char *s)
{
    for (size_t i = 0; s && i < pm_narr_nsections; i++)
        if (!strcmp(s, pm_narr_sections[i].key) || !strcmp(s, pm_narr_sections[i].title))
            return &pm_narr_sections[i];
    return NULL;
}

const char *pm_narr_state_str(pm_narr_state s)
{
    return s == PM_NST_ACCEPTED ? "accepted" : "draft";
}

const char *pm_narr_state_label(pm_narr_state s)
{
    return s == PM_NST_ACCEPTED ? "已采纳" : "草稿";
}

void pm_narrative_clear(pm_narrative *n)
{
    if (!n)
        return;
    free(n->target);
    free(n->text);
    free(n->who);
    free(n->at);
    memset(n, 0, sizeof *n);
}

void pm_narratives_free(pm_narrative *n, size_t count)
{
    for (size_t i = 0; n && i < count; i++)
        pm_narrative_clear(&n[i]);
    free(n);
}

void pm_narr_changes_free(pm_narr_change *c, size_t count)
{
    for (size_t i = 0; c && i < count; i++) {
        free(c[i].target);
        free(c[i].old_text);
        free(c[i].new_text);
        free(c[i].who);
        free(c[i].at);
    }
    free(c);
}

/* Narratives (评估意见): the written judgments of an evaluation, per
 * report section and per domain/indicator/task, of five kinds (DESIGN
 * "The rest of a plan's evaluation"). Written by departments and towns,
 * edited and accepted by planners; every change is kept (the store's
 * narrative_history). Plain data. */
#ifndef PM_NARRATIVE_H
#define PM_NARRATIVE_H
#include <stdbool.h>
#include <stddef.h>

/* The kinds. Stored as the key: never rename. */
typedef enum pm_narr_kind {
    PM_NK_WORK = 0,     /* 评估工作开展情况 */
    PM_NK_ACHIEVEMENTS, /* 主要成效 */
    PM_NK_PROBLEMS,     /* 存在问题及原因 */
    PM_NK_NEXT_STEPS,   /* 下一步工作建议 */
    PM_NK_ADJUSTMENTS,  /* 规划调整建议 */
    PM_NK_COUNT
} pm_narr_kind;

const char *pm_narr_kind_str(pm_narr_kind k);   /* "work", "achievements" … */
const char *pm_narr_kind_label(pm_narr_kind k); /* "评估工作开展情况" … */
bool pm_narr_kind_parse(const char *s, pm_narr_kind *out);

/* What a narrative is about. Stored as the key. */
typedef enum pm_narr_scope {
    PM_NS_PLAN = 0,  /* the whole report (target "") */
    PM_NS_SECTION,   /* a report section: target one of pm_narr_sections */
    PM_NS_DOMAIN,    /* a domain of the plan: target its name */
    PM_NS_INDICATOR, /* target an indicator code */
    PM_NS_TASK,      /* target a task or project code */
    PM_NS_COUNT
} pm_narr_scope;

const char *pm_narr_scope_str(pm_narr_scope s);   /* "plan", "section" … */
const char *pm_narr_scope_label(pm_narr_scope s); /* "全篇", "报告章节" … */
bool pm_narr_scope_parse(const char *s, pm_narr_scope *out);

/* The report sections a PM_NS_SECTION narrative may name: key and title. */
typedef struct pm_narr_section {
    const char *key, *title;
} pm_narr_section;
extern const pm_narr_section pm_narr_sections[];
extern const size_t pm_narr_nsections;
/* The section named by key or title, or NULL. */
const pm_narr_section *pm_narr_section_find(const char *s);

/* Review of a narrative: a planner accepts it (采纳) or it stays a draft. */
typedef enum pm_narr_state {
    PM_NST_DRAFT = 0, /* 草稿 */
    PM_NST_ACCEPTED,  /* 已采纳 */
} pm_narr_state;
const char *pm_narr_state_str(pm_narr_state s);   /* "draft", "accepted" */
const char *pm_narr_state_label(pm_narr_state s); /* "草稿", "已采纳" */

#define PM_NARR_TEXT_MAX 20000

typedef struct pm_narrative {
    int year;            /* the evaluation year it is written for */
    pm_narr_scope scope;
    char *target;        /* see pm_narr_scope; "" for the plan; never NULL */
    pm_narr_kind kind;
    char *text;
    pm_narr_state state;
    char *who, *at;      /* last change: user, UTC ISO time */
} pm_narrative;

/* One change as kept in the history (oldest first when listed). */
typedef struct pm_narr_change {
    long id;
    int year;
    pm_narr_scope scope;
    char *target;
    pm_narr_kind kind;
    char *old_text;      /* NULL: it did not exist */
    char *new_text;
    pm_narr_state state;
    char *who, *at;
} pm_narr_change;

void pm_narrative_clear(pm_narrative *n);
void pm_narratives_free(pm_narrative *n, size_t count);
void pm_narr_changes_free(pm_narr_change *c, size_t count);

#endif

/* Key tasks (重点任务), major projects (重大项目) and their assignment to
 * responsible parties (分解落实), DESIGN "The rest of a plan's evaluation".
 * A project is a task with milestones, investment and start/finish dates
 * (pm_task.project). Plain data: the store keeps it, engine/task_judge.h
 * judges it, the doors show it.
 *
 * Dates are ISO "YYYY-MM-DD" text (they compare as strings); "" none.
 * Ownership: every char * of these structs is malloc'd and owned by the
 * struct; release with the *_clear / *_free functions below. */
#ifndef PM_TASK_H
#define PM_TASK_H
#include <stdbool.h>
#include <stddef.h>

#include "model/vstate.h"

/* ---- progress states of an update --------------------------------------------- */

/* What a responsible party reports for a period. Stored as the key. */
typedef enum pm_task_state {
    PM_TS_NOT_STARTED = 0, /* 未启动 */
    PM_TS_ON_PLAN,         /* 按计划推进 */
    PM_TS_LAGGING,         /* 滞后 */
    PM_TS_DONE,            /* 已完成 */
    PM_TS_CANCELLED,       /* 已取消 */
    PM_TS_COUNT
} pm_task_state;

const char *pm_task_state_str(pm_task_state s);   /* "not_started" … */
const char *pm_task_state_label(pm_task_state s); /* "未启动" … */
/* Accepts the key and the Chinese label (also 按进度推进 for on_plan). */
bool pm_task_state_parse(const char *s, pm_task_state *out);

/* ---- judgments ------------------------------------------------------------------ */

/* What planmon concludes about a task or project on a date (task_judge.h):
 * DESIGN's words. Stored nowhere: computed. */
typedef enum pm_task_judgment {
    PM_TJ_NOT_STARTED = 0, /* 未启动 */
    PM_TJ_ON_SCHEDULE,     /* 按进度推进 */
    PM_TJ_LAGGING,         /* 进度滞后 */
    PM_TJ_OVERDUE,         /* 逾期未完成 */
    PM_TJ_DONE,            /* 已完成 */
    PM_TJ_CANCELLED,       /* 已取消 */
    PM_TJ_COUNT
} pm_task_judgment;

const char *pm_task_judgment_str(pm_task_judgment j);   /* "not_started" … */
const char *pm_task_judgment_label(pm_task_judgment j); /* "未启动" … */
bool pm_task_judgment_parse(const char *s, pm_task_judgment *out);

/* ---- periods ---------------------------------------------------------------------- */

/* A reporting period: a year ("2023", 年), a half ("2023H1", 半年) or a
 * quarter ("2023Q2", 季度). Reads those and the Chinese forms "2023年",
 * "2023年上半年", "2023年第二季度"/"2023年二季度"; writes the canonical form
 * into out (at least PM_PERIOD_LEN bytes) and the period's last day into
 * end ("2023-06-30", PM_DATE_LEN bytes; may be NULL). */
#define PM_PERIOD_LEN 8
#define PM_DATE_LEN 11
bool pm_period_parse(const char *s, char *out, char *end);
/* The day tasks are judged on for evaluation year `year`: its 31
 * December, or today ("YYYY-MM-DD") when that comes first (a task is not
 * overdue before its deadline has passed). Into out (PM_DATE_LEN). */
void pm_task_as_of(int year, const char *today, char *out);
/* The period's Chinese label: "2023年", "2023年上半年", "2023年第二季度". */
void pm_period_label(const char *period, char *out, size_t cap);

/* A date: "2023-06-30", also "2023/6/30", "2023.6.30", "2023年6月30日";
 * a month alone ("2023-06", "2023年6月") means its last day, a year alone
 * ("2023", "2023年", "2023年底") its 31 December. Canonical form into out
 * (PM_DATE_LEN bytes). False for anything else or an impossible day. */
bool pm_date_parse(const char *s, char *out);

/* ---- responsible parties and assignments --------------------------------------- */

/* One responsible party: a department (model/dept.h) or an org unit (a
 * town, for 街道乡镇 that carry a task). */
typedef struct pm_party {
    bool unit;  /* true: an org unit code; false: a department code */
    char *code;
    char *name; /* filled when read from the store; may be NULL when written */
} pm_party;

/* What is assigned: an indicator of the plan or a task/project. */
typedef enum pm_item_kind {
    PM_ITEM_INDICATOR = 0,
    PM_ITEM_TASK, /* tasks and projects share their codes */
} pm_item_kind;
const char *pm_item_kind_str(pm_item_kind k); /* "indicator", "task" */

/* An assignment (分解落实): item → lead (牵头), co-parties (配合), deadline. */
typedef struct pm_assignment {
    pm_item_kind kind;
    char *item;        /* indicator code or task code */
    pm_party lead;     /* lead.code NULL: none yet */
    pm_party *co;      /* malloc'd */
    size_t nco;
    char deadline[PM_DATE_LEN]; /* "" none */
} pm_assignment;

void pm_party_clear(pm_party *p);
void pm_assignment_clear(pm_assignment *a);
void pm_assignments_free(pm_assignment *a, size_t n);
/* Does party p (a department code, or NULL) appear as lead or co of a? */
bool pm_assignment_has_dept(const pm_assignment *a, const char *dept, bool lead_only);

/* ---- tasks and projects ------------------------------------------------------------- */

typedef struct pm_milestone {
    char due[PM_DATE_LEN]; /* when it should be met */
    char *what;            /* 完成主体结构 */
    bool met;
    char met_on[PM_DATE_LEN]; /* "" when not met or not recorded */
} pm_milestone;

/* A progress update of one period: appended, never rewritten (only its
 * review moves: submitted → approved/returned). */
typedef struct pm_task_update {
    long id;
    char *task;
    char period[PM_PERIOD_LEN];
    pm_task_state state;
    double percent;  /* 0..100, NaN: not given */
    char *text;      /* 进展情况 */
    pm_vstate review; /* PM_VS_SUBMITTED, _APPROVED or _RETURNED */
    char *who, *at;   /* author, UTC ISO time */
    char *reviewed_by, *reviewed_at, *reason; /* NULL until reviewed */
} pm_task_update;

typedef struct pm_task {
    char *code;    /* "RW01", "XM03" */
    bool project;  /* 重大项目 */
    char *title;
    char *section; /* 规划章节: "（二）健全养老服务体系", "" none */
    pm_assignment duty; /* kind PM_ITEM_TASK, item == code; deadline the task's 完成时限 */
    char **indicators;  /* linked indicator codes, malloc'd */
    size_t nindicators;
    /* Projects only (zero / NaN / "" for tasks). */
    double invest_planned, invest_spent; /* 万元; NaN: not given */
    char start[PM_DATE_LEN], finish[PM_DATE_LEN];
    pm_milestone *milestones; /* by due date */
    size_t nmilestones;
} pm_task;

void pm_task_clear(pm_task *t);
void pm_tasks_free(pm_task *t, size_t n);
void pm_task_update_clear(pm_task_update *u); /* frees its strings, zeroes it */
void pm_task_updates_free(pm_task_update *u, size_t n);

/* Longest code and title (bytes). Codes are ASCII letters, digits, '-',
 * '_' and '.' (they go into URLs), like department codes. */
#define PM_TASK_CODE_MAX 32
#define PM_TASK_TITLE_MAX 600
#define PM_TASK_TEXT_MAX 8000
bool pm_task_code_valid(const char *code);

#endif

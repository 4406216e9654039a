/* Collection rounds (填报任务, DESIGN "collection round"): a year's (or
 * half-year's) collection of some items from the units of one level,
 * with an opening day and a deadline, and what each unit has done of it.
 * Plain data: the store keeps rounds and reads the figures' states and
 * first submission times into cells; engine/round.h judges each unit
 * (late, on time) and the timeliness rate (按时报送率). Figures are
 * yearly: a half-year round collects the year's figures as known at
 * mid-year, and a later round of the same year the final ones. */
#ifndef PM_MODEL_ROUND_H
#define PM_MODEL_ROUND_H
#include <stdbool.h>
#include <stddef.h>

/* "year" 年度 / "h1" 上半年 / "h2" 下半年 → its label; NULL when unknown. */
const char *pm_round_period_label(const char *period);

/* One round as stored. Strings owned (pm_round_clear). */
typedef struct pm_round {
    long id;
    char *title;
    int year;
    char *period;     /* "year", "h1", "h2" */
    int unit_level;   /* the units that report: those of this level */
    char *opens;      /* YYYY-MM-DD in the bureau's zone */
    char *deadline;   /* YYYY-MM-DD: the last day, in the bureau's zone */
    char *due_at;     /* UTC ISO instant the deadline's day ends */
    char *created_by, *created_at;
    char **items;     /* element codes */
    size_t nitems;
} pm_round;
void pm_round_clear(pm_round *r);
void pm_rounds_free(pm_round *r, size_t n);

/* One (unit, item) of a round, as the store reads it. Owned strings
 * (pm_round_cells_free). */
typedef struct pm_round_cell {
    char *unit, *unit_name, *element;
    int state;              /* the figure's pm_vstate; -1: no figure */
    char *first_submitted;  /* UTC ISO time of its first submission; NULL: never */
    char *person, *phone;   /* the unit's contact; NULL: none recorded */
    char *email;            /* the contact's e-mail address; NULL: none */
} pm_round_cell;
void pm_round_cells_free(pm_round_cell *c, size_t n);

/* A reminder (催报) sent to a unit in a round. */
typedef struct pm_reminder {
    long id;
    char *unit, *at, *who, *channel; /* channel "site" (站内) or "email" */
    char *outcome; /* email: "sent", "failed", "no_address"; site: NULL */
    char *detail;  /* email: the address, or why the send failed; NULL */
} pm_reminder;
void pm_reminders_free(pm_reminder *r, size_t n);
/* An e-mail's outcome as people read it: "已发送" / "发送失败" / "无邮箱";
 * "" for NULL (a 站内待办). */
const char *pm_reminder_outcome_label(const char *outcome);

/* What a unit has done of a round. */
typedef enum pm_round_state {
    PM_RS_NOT_STARTED = 0, /* 未开始: no figure of the round's items */
    PM_RS_DRAFT,           /* 填报中: some figures, not all submitted */
    PM_RS_SUBMITTED,       /* 已提交: every item submitted or approved */
    PM_RS_RETURNED,        /* 已退回: an item returned for correction */
    PM_RS_APPROVED,        /* 已审核: every item approved */
    PM_RS_COUNT
} pm_round_state;
const char *pm_round_state_str(pm_round_state s);   /* "not_started" … */
const char *pm_round_state_label(pm_round_state s); /* "未开始" … */

#endif

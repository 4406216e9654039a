/* The plan model: plain structs for a plan, its goals and its indicators
 * (DESIGN "Terms"). A pm_plan owns every string and array inside it;
 * pm_plan_free() releases them all. */
#ifndef PM_PLAN_H
#define PM_PLAN_H
#include <stdbool.h>
#include <stddef.h>

#include "model/element.h"
#include "model/rule.h"

typedef enum pm_target_op {
    PM_OP_EQ = 0, /* a plain number */
    PM_OP_GE,     /* ≥N, >=N, 不低于N, N以上 */
    PM_OP_LE,     /* ≤N, <=N, 不高于N, N以下 */
} pm_target_op;

/* A 其中 row of an indicator: a part of it the plan names with its own figures. */
typedef struct pm_part {
    char *name, *unit;
    double baseline, target; /* NAN when none */
    pm_target_op target_op;
} pm_part;

typedef struct pm_indicator {
    int no;          /* 序号, 1-based */
    char *code;      /* stable identifier for data exchange ("I01" unless the overlay names one) */
    char *domain;    /* 领域, never NULL */
    char *subdomain; /* second 领域 column; NULL when the row has none */
    char *name;      /* without its unit parenthesis and binding star */
    char *unit;      /* "" when the plan gives none */
    double baseline; /* NAN when the plan gives none (—, -, empty) */
    double target;   /* NAN when the plan gives none */
    pm_target_op target_op;
    bool binding;    /* 约束性 (true) or 预期性 */
    bool cumulative; /* counts what was done since the base year */
    int polarity;    /* +1 higher is better, -1 lower is better */
    char *formula;   /* over data elements (model/formula.h); NULL: entered directly,
                        as the element of the same code */
    bool rate;       /* a rate, share or per-capita figure (judged for a town against
                        the plan's own baseline and target); else a count */
    bool has_limits; /* natural limits given by the overlay (else from the unit) */
    double lim_min, lim_max; /* with has_limits; -INFINITY / INFINITY for an open end */
    long line;       /* line of the row in the source text, for messages */
    bool qualitative;    /* the target is text (显著提升): judged by hand */
    char *target_text;   /* the target cell verbatim when it is text, a range or has a note; else NULL */
    char *baseline_text; /* the same for the baseline cell */
    char *note;          /* the 备注 column's cell, NULL when none */
    pm_part *parts;      /* 其中 rows */
    size_t nparts;
    /* The indicator of an earlier plan in the same database this one
     * continues (plan code, indicator code): its baseline is that plan's
     * final figure. Both NULL when it continues none. */
    char *cont_plan, *cont_code;
} pm_indicator;

typedef struct pm_goal {
    char *label;  /* "（一）" */
    char *title;  /* "基本民生保障能力显著增强" */
    char *domain; /* the domain that serves this goal */
} pm_goal;

typedef struct pm_plan {
    char *code;      /* the plan's code in its database ("15th"); NULL until stored */
    char *title;     /* NULL until an overlay names it */
    int base_year;   /* e.g. 2020 */
    int target_year; /* e.g. 2025 */
    pm_goal *goals;
    size_t ngoals;
    pm_indicator *ind;
    size_t nind;
    pm_element *elem; /* data elements the formulas use, and one per directly
                         entered indicator (same code as the indicator) */
    size_t nelem;
    char **warnings; /* what the plan-table reader did not use, one sentence each */
    size_t nwarnings;
    pm_rule *rules;   /* validation rules between elements (every code one of elem's) */
    size_t nrules;
} pm_plan;

void pm_plan_free(pm_plan *p);

/* One plan of a database's plan set, as listed (store/plans.h). */
typedef struct pm_plan_info {
    char *code;  /* "14th", what --plan and ?plan= take */
    char *title;
    int base_year, target_year;
    bool is_default; /* the bureau's current plan: used when none is named */
    bool in_use;     /* the plan the listing store handle works on */
    size_t nind;     /* its indicators */
} pm_plan_info;
/* Frees n infos and the array (NULL is fine). */
void pm_plan_infos_free(pm_plan_info *p, size_t n);
/* The name of a five-year plan's period (十四五 for 2020→2025), or NULL
 * when the years are not one of them. Static string. */
const char *pm_plan_period_name(int base_year, int target_year);
/* A plan's code when none is given: 14th / 15th … for the five-year
 * periods, else "2021-2025" (the years the plan runs). */
void pm_plan_default_code(int base_year, int target_year, char out[32]);
/* Gives every indicator code the prefix "PREFIX." (I01 → 15th.I01), and
 * formulas nothing: for a plan-table plan added beside others, so that the
 * elements its indicators are entered as never share a code (and so
 * figures) with another plan's. Call before pm_plan_add_direct_elements. */
void pm_plan_prefix_codes(pm_plan *p, const char *prefix);
/* Polarity as DESIGN defines it: from target_op, else the sign of
 * target - baseline when both are given and differ, else +1. */
int pm_polarity_derive(pm_target_op op, double baseline, double target);
const char *pm_target_op_str(pm_target_op op); /* ">=", "<=", "=" */
/* Parses ">=", "<=", "=" (also "≥", "≤", and "" as "="). */
bool pm_target_op_parse(const char *s, pm_target_op *op);
/* The indicator with that 序号 or code, or NULL. Borrowed. */
const pm_indicator *pm_plan_find(const pm_plan *p, const char *no_or_code);
/* Distinct domains in table order. Fills up to max borrowed pointers,
 * returns how many there are. */
size_t pm_plan_domains(const pm_plan *p, const char **out, size_t max);
/* The goal a domain serves, or NULL. Borrowed. */
const pm_goal *pm_plan_goal_of(const pm_plan *p, const char *domain);
/* Gives every indicator without a formula (qualitative ones aside: they
 * are judged by hand) the element it is entered as
 * (same code, name and unit; summed up the tree for counts, never summed
 * for rates), unless the plan already has one. level is where it is
 * reported (-1 any). */
void pm_plan_add_direct_element(pm_plan *p, const pm_indicator *ind, int level);
void pm_plan_add_direct_elements(pm_plan *p);
/* Index of the element with that code, or -1. */
int pm_plan_element(const pm_plan *p, const char *code);
/* Whether an indicator reads as a rate from its unit and name (%, ‰, 率,
 * 比例, 比值, 每…, 占…): the default for pm_indicator.rate. */
bool pm_indicator_looks_rate(const pm_indicator *ind);
/* The natural limits of an indicator's value (DESIGN "Natural limits"):
 * the overlay's when given, else [0, 100] for a share or rate in %, else
 * [0, ∞) for counts and amounts. */
void pm_indicator_limits(const pm_indicator *ind, double *min, double *max);

#endif

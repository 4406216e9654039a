/* A qualitative indicator's judgment by hand (人工评价, DESIGN "What a
 * bureau reads"): a planner records 已实现 / 基本实现 / 未实现 with a note
 * for a unit and year; every record is kept, the newest is in force. */
#ifndef PM_JUDGMENT_H
#define PM_JUDGMENT_H
#include <stdbool.h>
#include <stddef.h>

typedef enum pm_verdict {
    PM_VERDICT_ACHIEVED = 0, /* 已实现 */
    PM_VERDICT_MOSTLY,       /* 基本实现 */
    PM_VERDICT_NOT,          /* 未实现 */
} pm_verdict;

typedef struct pm_judgment {
    char *indicator; /* indicator code */
    char *unit;      /* unit code */
    int year;
    pm_verdict verdict;
    char *note; /* NULL when none */
    char *at;   /* UTC ISO 8601, set by the store */
    char *who;
} pm_judgment;

/* "已实现" …: the word on every page and report. */
const char *pm_verdict_label(pm_verdict v);
/* The stored key: "achieved", "mostly", "not_achieved". */
const char *pm_verdict_key(pm_verdict v);
/* Reads a key or a label (已实现 / 基本实现 / 未实现). */
bool pm_verdict_parse(const char *s, pm_verdict *v);
/* Frees n judgments and the array (NULL is fine). */
void pm_judgments_free(pm_judgment *j, size_t n);
/* The judgment in force for indicator code / unit code in year among n
 * (given oldest first): the one of the latest year up to `year`, the
 * newest record of that year; NULL when there is none. */
const pm_judgment *pm_judgment_find(const pm_judgment *j, size_t n, const char *indicator, const char *unit,
                                    int year);

#endif

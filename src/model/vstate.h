/* The review state of a figure (DESIGN: data value, draft → submitted →
 * approved/returned). Plain data: the store keeps it, the review rules
 * (engine/review.h) move it, every door shows it. */
#ifndef PM_VSTATE_H
#define PM_VSTATE_H
#include <stdbool.h>

/* The numbers are stored (sqlite_schema.c): never renumber. */
typedef enum pm_vstate {
    PM_VS_DRAFT = 0, /* 草稿 */
    PM_VS_SUBMITTED, /* 已提交 */
    PM_VS_APPROVED,  /* 已审核 (locked) */
    PM_VS_RETURNED,  /* 已退回 */
    PM_VS_COUNT
} pm_vstate;

/* True for the states above (a number read from a file or a form). */
bool pm_vstate_valid(int s);
const char *pm_vstate_str(pm_vstate s);   /* "draft" … */
const char *pm_vstate_label(pm_vstate s); /* "草稿" … */
/* Accepts the English key and the Chinese label. */
bool pm_vstate_parse(const char *s, pm_vstate *out);

/* Figures counted by review state (indexed by pm_vstate). */
typedef struct pm_state_counts {
    long n[PM_VS_COUNT];
} pm_state_counts;

#endif

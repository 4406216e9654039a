/* The roles a user of planmon has (DESIGN: who uses it). Plain data: the
 * store keeps them with each user, the review rules (engine/review.h) and
 * the web's permissions read them. */
#ifndef PM_ROLE_H
#define PM_ROLE_H
#include <stdbool.h>

typedef enum pm_role {
    PM_ROLE_ADMIN = 0, /* 管理员: everything, users */
    PM_ROLE_PLANNER,   /* 规划人员: reads all, edits plan settings */
    PM_ROLE_REVIEWER,  /* 审核人: approves within its subtree */
    PM_ROLE_REPORTER,  /* 填报人: enters data for its unit's subtree */
    PM_ROLE_COUNT
} pm_role;

/* True for the roles above (a number read from a file or a form). */
bool pm_role_valid(int r);
const char *pm_role_str(pm_role r);   /* "admin" … */
const char *pm_role_label(pm_role r); /* "管理员" … */
/* Accepts the key and the Chinese label. */
bool pm_role_parse(const char *s, pm_role *out);

#endif

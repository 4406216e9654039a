/* Recording a judgment by hand of a qualitative indicator from the web
 * (page_plans.c's form and api_plans.c's POST share it): the fields read,
 * checked against the snapshot's plan and tree, and stored. Internal to
 * src/web/. */
#ifndef PM_WEB_JUDGE_REQ_H
#define PM_WEB_JUDGE_REQ_H
#include "web/web.h"

/* What a request asks to record; strings borrowed from the request. */
typedef struct web_judge_in {
    const char *item;    /* indicator 序号 or code */
    const char *unit;    /* unit code; NULL or "": the district */
    const char *year;    /* text as sent */
    const char *verdict; /* 已实现 / 基本实现 / 未实现 or achieved / mostly / not_achieved */
    const char *note;    /* may be NULL */
} web_judge_in;

/* Checks in against the request's plan and records it as the request's
 * user. 0 on success (*code_out the indicator's code, borrowed from the
 * snapshot); else the HTTP status (400, 403, 404, 500) with a Chinese
 * message in msg (cap bytes) and a machine word in *why. */
int web_judge_record(web_req *r, const web_snap *s, const web_judge_in *in, const char **code_out, char *msg,
                     size_t cap, const char **why);

#endif

/* What the narratives page (page_narratives.c) and API (api_narratives.c)
 * share: the narratives (评估意见) of a year and their history, loaded for
 * one request; who may read and write which; the list filters; writing
 * one. Internal to src/web/.
 *
 * The access rule (issue 13): admins and planners read, write and accept
 * every narrative. A department's member reads and writes those about the
 * tasks and indicators its department leads or co-operates on. Anyone
 * else reads those about the tasks it may read (task_req.h: a town's
 * reporter its town's tasks; a reader of the whole district every task,
 * and then every narrative) and writes those about the tasks it may
 * report on. Only planners and admins accept (采纳); a narrative once
 * accepted is changed by them only, so that the report's accepted text is
 * never replaced by a draft behind their back. Sections, domains and the
 * whole report are the planners'. */
#ifndef PM_WEB_NARR_REQ_H
#define PM_WEB_NARR_REQ_H
#include <jansson.h>
#include <stdbool.h>

#include "web/task_req.h"

/* Owned by the struct; release with web_narrs_free. */
typedef struct web_narrs {
    web_tasks t;           /* the tasks (for the rule) and the year */
    pm_narrative *nv;      /* of t.year */
    size_t n;
    pm_narr_change *ch;    /* of t.year, oldest first */
    size_t nch;
} web_narrs;

/* Loads the year's narratives and history (the query's `year`, else the
 * latest year holding figures) with the tasks the rule needs. False with
 * the error answered in w. */
bool web_narrs_load(web_req *r, web_resp *w, const web_snap *s, web_narrs *x);
void web_narrs_free(web_narrs *x);

/* The filters of GET /narratives and GET /api/v1/narratives: section (a
 * key or title: scope section and that target), else scope and ref (the
 * target), and kind. Empty parameters filter nothing. */
typedef struct web_narr_filter {
    int scope;          /* a pm_narr_scope, -1: any */
    const char *target; /* canonical; NULL: any */
    int kind;           /* a pm_narr_kind, -1: any */
} web_narr_filter;
/* False with 400 bad_request in w. */
bool web_narr_filter_read(web_req *r, web_resp *w, const web_snap *s, const web_narrs *x, web_narr_filter *f);

/* The narratives and changes the user may read that pass f:
 * {"year", "can_accept", "kinds":[{key,label}], "narratives":[out_narrative_json + about,
 * can_edit], "history":[out_narr_change_json + about]}. New reference. */
json_t *web_narrs_doc(const web_req *r, const web_snap *s, const web_narrs *x, const web_narr_filter *f);

/* A narrative as a request sends it (strings borrowed; NULL: absent). */
typedef struct web_narr_in {
    const char *scope, *target, *kind, *text;
    bool accept;
} web_narr_in;

/* Writes the narrative of x's year as the request's user: 0 on success
 * (msg says what was saved), x's narratives and history then read again
 * (the saved text and its history row) and *saved, when not NULL, the
 * filter that selects the narrative written (its target borrowed from x);
 * else the HTTP status (400 a bad field, 403 outside the user's
 * narratives or an accept by a non-planner, 409 an accepted narrative
 * changed by a non-planner, 500) with a Chinese message in msg (cap
 * bytes) and a machine word in *why, x as it was (500 also when the
 * text was saved but could not be read back: x then holds no narratives).
 * The ref is read first (400 when it names nothing), then the rule (403)
 * before the text. */
int web_narr_record(web_req *r, const web_snap *s, web_narrs *x, const web_narr_in *in, web_narr_filter *saved,
                    char *msg, size_t cap, const char **why);

#endif

/* What the JSON API's handlers (api_*.c, one file per resource) share:
 * reading a JSON body, the query parameters every resource takes (unit,
 * year, item), and the error answers in one place, so that every resource
 * words the same mistake the same way.
 *
 * Every helper that can fail writes the error into w itself (web_error:
 * {"error":{"code","message"}} with the HTTP status) and returns a value
 * the caller only has to test: validators that write the error and
 * return. Internal to src/web/. */
#ifndef PM_WEB_API_H
#define PM_WEB_API_H
#include <jansson.h>
#include <stdbool.h>

#include "web/web.h"

/* Rows of one write request at most (a town's year is a few dozen; the
 * whole district's a few thousand). The body limit (1 MiB) bounds it too. */
#define API_MAX_ROWS 20000
/* History and value listings: rows answered at most, and by default. */
#define API_LIST_MAX 100000
#define API_LIST_DEFAULT 10000

/* The snapshot, or NULL with 503 in w when the database cannot be
 * evaluated yet (no plan, no units). Borrowed for the request. */
const web_snap *api_snap(web_req *r, web_resp *w);

/* The request's body as JSON: the Content-Type must be application/json
 * (else 415) and the body one valid JSON value in UTF-8 (else 400). New
 * reference, or NULL with the error in w. An empty body is 400 too. */
json_t *api_body(web_req *r, web_resp *w);

/* The optional query parameter `year`: 0 when absent (every year), else
 * a year within the plan period; -1 with 400 in w otherwise. */
int api_year_opt(web_req *r, web_resp *w, const web_snap *s);

/* The element code an item names, for filters and review transitions: a
 * data-element code, or the 序号 or code of an indicator entered directly.
 * NULL for an empty item (any); NULL with 404 in w (*failed set) for an
 * unknown one or an indicator computed from elements. Borrowed from the
 * snapshot. */
const char *api_item_element(web_req *r, web_resp *w, const web_snap *s, const char *item, bool *failed);

/* A positive integer query parameter `name` up to max, dflt when absent;
 * -1 with 400 in w otherwise. */
long api_count_param(web_req *r, web_resp *w, const char *name, long dflt, long max);

/* The query of a listing (GET values, GET history): the snapshot, the
 * unit's subtree (readable by the caller), year, item and limit, as a
 * store filter, and the request's store connection. False with the error
 * in w. The filter's strings are borrowed from the snapshot. */
typedef struct api_listing {
    const web_snap *snap;
    pm_filter filter;
    size_t limit;
    pm_store *store;
} api_listing;
bool api_listing_params(web_req *r, web_resp *w, api_listing *l);

/* Member `key` of object o as a string: a JSON string, or an integer
 * written in decimal (a year, an indicator's 序号). NULL when absent or
 * null; *bad set when present with another type. Returns a pointer into
 * o or into tmp (cap bytes). */
const char *api_member_text(const json_t *o, const char *key, char *tmp, size_t cap, bool *bad);

/* A data element as JSON: {"code","name","unit","kind","aggregation",
 * "level","level_name"}. New reference. */
json_t *api_element_json(const pm_element *e);

/* A value's state as JSON fields on o: "state" (draft…) and "state_label" (草稿…). */
void api_put_state(json_t *o, int state);

#endif

/* What a handler asks of its request beyond the raw fields (context.c):
 * a store connection, the unit and year it is about, and the snapshot's
 * shared status documents and page pieces. Every helper that can fail
 * writes the error answer into w itself and returns a value the caller
 * only has to test. */
#ifndef PM_WEB_CONTEXT_H
#define PM_WEB_CONTEXT_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "web/perm.h"
#include "web/request.h"
#include "web/snapshot.h"

/* A store connection for this request, from the app's pool (one per worker
 * thread; released when the handler returns). NULL with an error page
 * already in w when the database cannot be opened. */
pm_store *web_store(web_req *r, web_resp *w);
/* The plans in the database as this request sees them (store/plans.h:
 * in_use marks the plan the request works on), for the plans page and GET
 * /api/v1/plans: the request's snapshot's list (listed with it, a new plan
 * being a data change). When the snapshot holds none (none there, or they
 * could not be listed then), they are read from the store and *own is set
 * to them, the caller's to free with pm_plan_infos_free (else NULL).
 * False with the answer in w (404 unknown_plan, web_store's, or 500
 * store_failed). */
bool web_plans_list(web_req *r, web_resp *w, const pm_plan_info **p, size_t *n, pm_plan_info **own);

/* The request's user as the review rules see it acting on the unit at
 * preorder index unit (web_review_actor), with the review level its own
 * unit works at (engine/review.h), read from the store's levels, which
 * *lv receives. False with a 500 in w when the store fails. */
bool web_review_actor_at(web_req *r, web_resp *w, const web_snap *s, int unit, pm_review_actor *out,
                         pm_review_levels *lv);
/* The review level the user's own unit works at (pm_review_level_at of
 * its depth; the district's for a user over the whole tree), whatever the
 * role: web_review_actor_at's for a reviewer. */
int web_review_level(const web_user *u, const web_snap *s, const pm_review_levels *lv);

/* The unit a page or API call is about: the query parameter `unit` (a
 * code) if given, else the user's home unit; checked against action a
 * (web_can). Returns its preorder index, or -1 with the error (503 no
 * data yet, 404 unknown unit, 403 outside the user's subtree) in w. */
int web_unit_param(web_req *r, web_resp *w, const web_snap *s, web_action a);
/* The year of the query parameter `year`, else the latest year holding a
 * figure (else the base year); within the plan period. -1 with a 400 in
 * w when out of range or not a number. */
int web_year_param(web_req *r, web_resp *w, const web_snap *s);
/* Both: the unit of the query (web_unit_param, checked against a) and
 * its year (web_year_param). False with the error answered in w. */
bool web_unit_year_param(web_req *r, web_resp *w, const web_snap *s, web_action a, int *unit, int *year);
/* The same for a code or year read elsewhere (a form field, a path
 * segment): the unit named by code (NULL or "": the user's home unit),
 * checked against action a; a year within the plan period from text (NULL
 * or "": dflt). -1 with the answer in w, as above. */
int web_unit_of(web_req *r, web_resp *w, const web_snap *s, const char *code, web_action a);
int web_year_of(web_req *r, web_resp *w, const web_snap *s, const char *text, int dflt);

/* The status document (status_doc.h) for the request's snapshot, built
 * once per snapshot and shared by every request (snap_cache.c): read-only,
 * borrowed until the request ends. When the cache cannot hold it, a fresh
 * one is returned and *own set to it (the caller json_decrefs *own, which
 * is NULL otherwise). */
const json_t *web_status_doc_get(web_req *r, int u, int year, bool sdg, json_t **own);
/* Answers 200 with that document as JSON, serialised once per snapshot too
 * (the status API). */
void web_status_json(web_req *r, web_resp *w, int u, int year, bool sdg);
/* A rendered piece of a page kept for the snapshot's life, for a page body
 * that depends only on the data and the parameters in its key
 * (web_fragment_key: a letter per page, unit, year, the user's
 * web_read_scope when the body offers units to pick, and one small number
 * of the page's own below 1024, such as an indicator's index). Key 0 (the
 * parameters do not fit) is never kept. A piece is kept for the bureau
 * day it was drawn on (what is late or overdue changes at midnight). get
 * appends the piece to b and returns true when it is there; put remembers
 * b's bytes from `from` on (a piece without forms: no CSRF field). */
uint64_t web_fragment_key(char page, int unit, int year, int scope, int extra);
bool web_fragment_get(web_req *r, uint64_t key, buf *b);
void web_fragment_put(web_req *r, uint64_t key, const buf *b, size_t from);

/* web_frag, a cached piece that holds forms, is in request.h (the
 * request points at the one being drawn). */
/* True when the piece of key is cached: it is appended to out with the
 * request's CSRF fields, and the caller skips drawing it (end is not
 * called). Else false: the caller draws into f->piece (web_csrf_field
 * marks holes there), then calls web_fragment_end. Key 0: drawn, never
 * kept (a page with messages or posted values). */
bool web_fragment_begin(web_req *r, web_frag *f, uint64_t key, buf *out);
/* Keeps f's piece (key not 0), appends it to out with the request's CSRF
 * fields, and frees what f holds. */
void web_fragment_end(web_req *r, web_frag *f, buf *out);
/* Gives up drawing f (an error answer instead): nothing kept, f freed. */
void web_fragment_drop(web_req *r, web_frag *f);
/* Who a user is for a cached page that offers units to pick or actions to
 * take: the role and the subtree (web_can's inputs), as the scope and a
 * 2-bit role of web_fragment_key. */
int web_user_scope(const web_user *u);

#endif

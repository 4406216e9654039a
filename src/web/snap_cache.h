/* What a snapshot remembers for the requests that share it (snap_cache.c):
 * the status documents built for it and rendered pieces of pages. Internal to
 * src/web/: app.c makes one with every snapshot and frees it with the
 * snapshot (a change to the data makes a new snapshot, so nothing here
 * outlives the data it was read from); handlers use the request's view of
 * it (context.h). Who a session belongs to is remembered elsewhere
 * (auth_cache.h): a login or logout makes no new snapshot. */
#ifndef PM_WEB_SNAP_CACHE_H
#define PM_WEB_SNAP_CACHE_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "web/request.h"

typedef struct web_snap web_snap;
typedef struct web_snap_cache web_snap_cache;
typedef struct web_year_pick web_year_pick; /* year_pick.h */

web_snap_cache *web_snap_cache_new(void);
/* Frees the cache and everything in it; no request may hold anything of it. */
void web_snap_cache_free(web_snap_cache *c);

/* The status document (web_status_doc) of snapshot s for unit u, year and
 * method, built once and shared: read-only, borrowed while the snapshot is
 * held. When the cache cannot hold it, a fresh one is returned and *own
 * set to it (the caller json_decrefs *own, which is NULL otherwise). */
const json_t *web_snap_status_doc(const web_snap *s, int u, int year, bool sdg, json_t **own);
/* Answers 200 in w with that document as JSON, serialised once too. */
void web_snap_status_json(const web_snap *s, web_resp *w, int u, int year, bool sdg);

/* Rendered pieces of pages, by web_fragment_key (context.h), each kept with
 * the places where a request's own CSRF field goes (holes: offsets into
 * the piece, ascending) and the bureau day it was drawn on (a page that
 * says what is late changes at midnight, not only with the data). get
 * appends a piece of that day to b, sets *holes (malloc'd, the caller
 * frees; NULL when none) and *nholes, and returns true; put remembers b's
 * bytes from `from` on with their holes (nothing when the cache is full,
 * and a piece of the same day already there is kept). */
bool web_snap_fragment_get(const web_snap *s, uint64_t key, long day, buf *b, size_t **holes, size_t *nholes);
void web_snap_fragment_put(const web_snap *s, uint64_t key, long day, const buf *b, size_t from,
                           const size_t *holes, size_t nholes);

/* The overview's year pick (year_pick.c) as typed values, one per
 * snapshot, kept with the bureau day it was read on: get copies one of
 * that day into p and returns true; put keeps p for day. */
bool web_snap_year_pick_get(const web_snap *s, long day, web_year_pick *p);
void web_snap_year_pick_put(const web_snap *s, long day, const web_year_pick *p);

#endif

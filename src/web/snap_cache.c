/* Per-snapshot caches: status documents and rendered pieces of pages.
 *
 * Status documents: built once, shared by every request.
 *
 * Why: the overview, the unit page and the status API ask for the same few
 * (unit, year, method) documents over and over, and building one (32
 * judged indicators) and serialising it with jansson costs some 0.3–0.6 ms
 * — several times the rest of a request. The snapshot is immutable (a
 * change to the database makes a new snapshot, with a new, empty cache),
 * so a document built for it never goes stale.
 *
 * Ownership and threads: the cache belongs to its snapshot (app.c creates
 * and frees them together). Entries are never removed or changed once
 * added, so a pointer handed out stays valid while the request holds the
 * snapshot; the mutex only guards the map and the appends. A document is
 * built outside the lock; when two requests build the same one at once,
 * the first to add it wins and the other's copy is dropped. jansson
 * documents are only read after they are added (its reference counts are
 * atomic, and nobody takes a reference to a cached one anyway). The cache
 * holds at most CACHE_MAX documents; past that, documents are built per
 * request as before (a district has a few hundred units).
 *
 * Fragments: the body of a page whose content depends only on the data and
 * a few parameters (the overview: unit, year, and which units the user may
 * pick), rendered once per snapshot; the layout around it (user, CSRF
 * token, navigation) is still drawn per request. A body with forms (the
 * entry form, the review queue) is kept with holes where each request puts
 * its own CSRF field. A piece is kept for the bureau day it was drawn on:
 * what is late or overdue (a collection round's deadline, a task's) turns
 * at midnight without a write; a piece of an earlier day is drawn again and
 * replaced, the only change an entry ever sees (under the mutex, and a get
 * copies the bytes out under it). */
#include "web/snap_cache.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/u64map.h"
#include "web/snapshot.h"
#include "web/status_doc.h"
#include "web/year_pick_types.h"

#define CACHE_MAX 4096 /* status documents */
#define FRAG_MAX 4096  /* rendered pieces of pages */
#define FRAG_BYTES_MAX ((size_t)64 << 20) /* and their bytes in all */

/* A rendered piece: its bytes with the places where the request's own CSRF
 * field goes (offsets into bytes, ascending), and the bureau day it was
 * drawn on. */
typedef struct frag {
    buf bytes;
    size_t *holes;
    size_t nholes;
    long day;
} frag;

static void frag_free(frag *f)
{
    buf_free(&f->bytes);
    free(f->holes);
    free(f);
}

typedef struct entry {
    json_t *doc;  /* owned */
    char *json;   /* owned: json_dumps of doc as web_json writes it */
    size_t len;
} entry;

struct web_snap_cache {
    pthread_mutex_t mu; /* guards everything below */
    u64map at;      /* document key → index into e */
    entry **e;      /* stable pointers: the array moves when it grows, the entries do not */
    size_t n, cap;
    u64map frag_at; /* fragment key → index into frag */
    frag **frag;    /* rendered pieces, owned */
    size_t nfrag, capfrag, frag_bytes;
    bool pick_kept;  /* pick holds the year pick of bureau day pick_day */
    long pick_day;
    web_year_pick pick;
};

web_snap_cache *web_snap_cache_new(void)
{
    web_snap_cache *c = xcalloc(1, sizeof *c);
    pthread_mutex_init(&c->mu, NULL);
    u64map_init(&c->at, 64);
    u64map_init(&c->frag_at, 64);
    return c;
}

void web_snap_cache_free(web_snap_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        json_decref(c->e[i]->doc);
        free(c->e[i]->json);
        free(c->e[i]);
    }
    free(c->e);
    u64map_free(&c->at);
    for (size_t i = 0; i < c->nfrag; i++)
        frag_free(c->frag[i]);
    free(c->frag);
    u64map_free(&c->frag_at);
    pthread_mutex_destroy(&c->mu);
    free(c);
}

static uint64_t key_of(int u, int year, bool sdg)
{
    return ((uint64_t)(uint32_t)u << 17) | ((uint64_t)(uint16_t)year << 1) | (sdg ? 1u : 0u);
}

/* The entry for (u, year, sdg), built and added if missing; NULL when the
 * cache is full (the caller builds its own). */
static const entry *lookup(const web_snap *s, int u, int year, bool sdg)
{
    web_snap_cache *c = s->cache;
    if (!c)
        return NULL;
    uint64_t k = key_of(u, year, sdg);
    size_t i;
    pthread_mutex_lock(&c->mu);
    bool found = u64map_get(&c->at, k, &i);
    const entry *hit = found ? c->e[i] : NULL;
    bool full = c->n >= CACHE_MAX;
    pthread_mutex_unlock(&c->mu);
    if (hit || full)
        return hit;
    entry *mine = xcalloc(1, sizeof *mine);
    mine->doc = web_status_doc(&s->ev, u, year, sdg);
    mine->json = json_dumps(mine->doc, WEB_JSON_FLAGS);
    if (!mine->json)
        mine->json = xstrdup("{}");
    mine->len = strlen(mine->json);
    pthread_mutex_lock(&c->mu);
    if (u64map_get(&c->at, k, &i)) {
        hit = c->e[i]; /* another request was quicker: keep its copy */
    } else if (c->n < CACHE_MAX) {
        c->e = xgrow(c->e, &c->cap, c->n + 1, sizeof *c->e);
        c->e[c->n] = mine;
        u64map_put(&c->at, k, c->n++);
        hit = mine;
        mine = NULL;
    }
    pthread_mutex_unlock(&c->mu);
    if (mine) {
        json_decref(mine->doc);
        free(mine->json);
        free(mine);
    }
    return hit;
}

const json_t *web_snap_status_doc(const web_snap *s, int u, int year, bool sdg, json_t **own)
{
    const entry *e = lookup(s, u, year, sdg);
    *own = NULL;
    if (e)
        return e->doc;
    *own = web_status_doc(&s->ev, u, year, sdg);
    return *own;
}

void web_snap_status_json(const web_snap *s, web_resp *w, int u, int year, bool sdg)
{
    const entry *e = lookup(s, u, year, sdg);
    if (!e) {
        web_json(w, 200, web_status_doc(&s->ev, u, year, sdg));
        return;
    }
    /* Copied: the response outlives the request's hold on the snapshot. */
    w->status = 200;
    w->type = "application/json; charset=utf-8";
    buf_reset(&w->body);
    buf_append(&w->body, e->json, e->len);
    buf_putc(&w->body, '\n');
}

/* ---- fragments ------------------------------------------------------------------------ */

bool web_snap_fragment_get(const web_snap *s, uint64_t key, long day, buf *b, size_t **holes, size_t *nholes)
{
    web_snap_cache *c = s->cache;
    *holes = NULL;
    *nholes = 0;
    if (!c)
        return false;
    size_t i;
    pthread_mutex_lock(&c->mu);
    bool hit = u64map_get(&c->frag_at, key, &i) && c->frag[i]->day == day;
    /* Copied under the lock: a piece of another day may be replaced, and
     * the array of pieces may move while another request adds one. */
    if (hit) {
        const frag *f = c->frag[i];
        buf_append(b, f->bytes.p, f->bytes.len);
        if (f->nholes) {
            *holes = xmalloc(f->nholes * sizeof **holes);
            memcpy(*holes, f->holes, f->nholes * sizeof **holes);
            *nholes = f->nholes;
        }
    }
    pthread_mutex_unlock(&c->mu);
    return hit;
}

void web_snap_fragment_put(const web_snap *s, uint64_t key, long day, const buf *b, size_t from,
                           const size_t *holes, size_t nholes)
{
    web_snap_cache *c = s->cache;
    if (!c || from > b->len)
        return;
    size_t n = b->len - from, i;
    frag *f = xcalloc(1, sizeof *f);
    buf_append(&f->bytes, b->p + from, n);
    if (nholes) {
        f->holes = xmalloc(nholes * sizeof *f->holes);
        memcpy(f->holes, holes, nholes * sizeof *f->holes);
        f->nholes = nholes;
    }
    f->day = day;
    pthread_mutex_lock(&c->mu);
    if (u64map_get(&c->frag_at, key, &i)) {
        if (c->frag[i]->day != day && c->frag_bytes - c->frag[i]->bytes.len + n <= FRAG_BYTES_MAX) {
            /* Drawn on another day (a deadline may have passed since): replaced. */
            c->frag_bytes = c->frag_bytes - c->frag[i]->bytes.len + n;
            frag_free(c->frag[i]);
            c->frag[i] = f;
            f = NULL;
        }
    } else if (c->nfrag < FRAG_MAX && c->frag_bytes + n <= FRAG_BYTES_MAX) {
        c->frag = xgrow(c->frag, &c->capfrag, c->nfrag + 1, sizeof *c->frag);
        c->frag[c->nfrag] = f;
        u64map_put(&c->frag_at, key, c->nfrag++);
        c->frag_bytes += n;
        f = NULL;
    }
    pthread_mutex_unlock(&c->mu);
    if (f)
        frag_free(f); /* another request's copy is there, or the cache is full */
}

bool web_snap_year_pick_get(const web_snap *s, long day, web_year_pick *p)
{
    web_snap_cache *c = s->cache;
    if (!c)
        return false;
    pthread_mutex_lock(&c->mu);
    bool hit = c->pick_kept && c->pick_day == day;
    if (hit)
        *p = c->pick;
    pthread_mutex_unlock(&c->mu);
    return hit;
}

void web_snap_year_pick_put(const web_snap *s, long day, const web_year_pick *p)
{
    web_snap_cache *c = s->cache;
    if (!c)
        return;
    pthread_mutex_lock(&c->mu);
    c->pick = *p;
    c->pick_day = day;
    c->pick_kept = true;
    pthread_mutex_unlock(&c->mu);
}

/* The server's memory of sessions and tokens (auth_cache.h).
 *
 * Why: every request but a static file asks who its cookie or token
 * belongs to — a prepared SQL query that costs more than answering a
 * cached page. The answer is remembered at most WEB_AUTH_CACHE_TTL
 * seconds, keyed by the token's hash (never the token itself), and
 * forgotten at the next commit of any kind. It used to live in the
 * evaluation snapshot, which every commit replaced; now that a login no
 * longer replaces the snapshot (pm_store_data_generation), it has its own
 * life, ended by app.c whenever the change signal (pm_store_changes) moves.
 *
 * Threads: one mutex over the map; entries are copied out, never lent. */
#include "web/auth_cache.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/mem.h"
#include "base/strmap.h"

#define AUTH_MAX 4096 /* sessions and tokens remembered at once */

typedef struct who {
    char *key;   /* owned: kind + ':' + hash (the strmap borrows it) */
    pm_user u;   /* owned strings */
    char csrf[64];
    time_t seen; /* when the store said so */
} who;

struct web_auth_cache {
    pthread_mutex_t mu; /* guards everything below */
    unsigned long epoch;
    strmap users; /* auth key → index into w */
    who **w;
    size_t nw, capw;
};

web_auth_cache *web_auth_cache_new(void)
{
    web_auth_cache *c = xcalloc(1, sizeof *c);
    pthread_mutex_init(&c->mu, NULL);
    strmap_init(&c->users, 64);
    return c;
}

/* Frees the entries (under mu, or when nobody else can reach c). */
static void drop_all(web_auth_cache *c)
{
    strmap_free(&c->users);
    for (size_t i = 0; i < c->nw; i++) {
        pm_user_clear(&c->w[i]->u);
        free(c->w[i]->key);
        free(c->w[i]);
    }
    free(c->w);
    c->w = NULL;
    c->nw = c->capw = 0;
}

void web_auth_cache_free(web_auth_cache *c)
{
    if (!c)
        return;
    drop_all(c);
    pthread_mutex_destroy(&c->mu);
    free(c);
}

void web_auth_cache_forget(web_auth_cache *c)
{
    pthread_mutex_lock(&c->mu);
    drop_all(c);
    strmap_init(&c->users, 64);
    c->epoch++;
    pthread_mutex_unlock(&c->mu);
}

unsigned long web_auth_cache_epoch(web_auth_cache *c)
{
    pthread_mutex_lock(&c->mu);
    unsigned long e = c->epoch;
    pthread_mutex_unlock(&c->mu);
    return e;
}

static char *strdup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

static void user_copy(pm_user *dst, const pm_user *src)
{
    *dst = *src;
    dst->name = strdup_or_null(src->name);
    dst->display = strdup_or_null(src->display);
    dst->unit = strdup_or_null(src->unit);
    dst->unit_name = strdup_or_null(src->unit_name);
    dst->dept = strdup_or_null(src->dept);
    dst->dept_name = strdup_or_null(src->dept_name);
    dst->created_at = strdup_or_null(src->created_at);
}

static void auth_key(char kind, const char *hash, char *key, size_t cap)
{
    snprintf(key, cap, "%c:%s", kind, hash);
}

bool web_auth_cache_get(web_auth_cache *c, char kind, const char *hash, pm_user *u, char *csrf, size_t cap)
{
    char key[160];
    auth_key(kind, hash, key, sizeof key);
    bool hit = false;
    pthread_mutex_lock(&c->mu);
    int i = strmap_get(&c->users, key);
    if (i >= 0 && time(NULL) - c->w[i]->seen < WEB_AUTH_CACHE_TTL) {
        user_copy(u, &c->w[i]->u);
        if (csrf && cap)
            snprintf(csrf, cap, "%s", c->w[i]->csrf);
        hit = true;
    }
    pthread_mutex_unlock(&c->mu);
    return hit;
}

void web_auth_cache_put(web_auth_cache *c, unsigned long epoch, char kind, const char *hash, const pm_user *u,
                        const char *csrf)
{
    char key[160];
    auth_key(kind, hash, key, sizeof key);
    pthread_mutex_lock(&c->mu);
    int i = epoch == c->epoch ? strmap_get(&c->users, key) : -2;
    if (i >= 0) {
        /* Seen again after its time ran out: the store has just said so again. */
        c->w[i]->seen = time(NULL);
    } else if (i == -1 && c->nw < AUTH_MAX) {
        who *x = xcalloc(1, sizeof *x);
        x->key = xstrdup(key);
        user_copy(&x->u, u);
        snprintf(x->csrf, sizeof x->csrf, "%s", csrf ? csrf : "");
        x->seen = time(NULL);
        c->w = xgrow(c->w, &c->capw, c->nw + 1, sizeof *c->w);
        c->w[c->nw] = x;
        strmap_put(&c->users, x->key, (int)c->nw++);
    }
    pthread_mutex_unlock(&c->mu);
}

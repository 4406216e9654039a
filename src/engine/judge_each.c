#include "engine/judge_each.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

/* A lane's buffers for the chunk it judges. */
typedef struct slot {
    pm_goalpost *g;   /* [nind][PM_JUDGE_CHUNK] */
    pm_pace_out *out; /* [nind][PM_JUDGE_CHUNK][nyears] */
} slot;

typedef struct judge_run {
    const pm_evaluation *ev;
    const pm_pace_cfg *cfg;
    int u0, u1;
    long nchunks;
    pm_judge_chunk_fn fn;
    void *ctx;
    atomic_long next;  /* the next chunk to take, by either lane */
    atomic_bool stop;  /* fn said stop */
} judge_run;

/* Chunk k's goalposts and judgments into s; its units in *c0, *c1. */
static void judge_chunk(const judge_run *r, long k, const slot *s, int *c0, int *c1)
{
    const pm_evaluation *ev = r->ev;
    const pm_engine *e = &ev->engine;
    size_t ni = ev->plan.nind, ny = e->nyears;
    int a = r->u0 + (int)(k * PM_JUDGE_CHUNK), b = a + PM_JUDGE_CHUNK < r->u1 ? a + PM_JUDGE_CHUNK : r->u1;
    size_t n = (size_t)(b - a);
    for (size_t i = 0; i < ni; i++)
        pm_engine_goalposts(e, (int)i, a, b, &s->g[i * n]);
    /* The units' own targets: the chunk's entries of the evaluation's
     * index, or a search for each pair without one (by hand). */
    if (ev->target_at) {
        size_t lo = pm_evaluation_targets_from(ev, a);
        for (size_t x = lo; x < ev->ntarget_at && ev->target_at[x].u < b; x++) {
            const pm_target_at *o = &ev->target_at[x];
            if (x > lo && o[-1].u == o->u && o[-1].i == o->i)
                continue; /* a later target of the same pair: the first wins */
            const pm_unit_target *ut = &ev->targets[o->k];
            s->g[(size_t)o->i * n + (size_t)(o->u - a)] = pm_engine_goalpost(e, o->i, o->u, &ut->baseline, &ut->target);
        }
    } else if (ev->ntargets) {
        for (size_t i = 0; i < ni; i++)
            for (int u = a; u < b; u++) {
                const pm_unit_target *ut = pm_evaluation_target(ev, (int)i, u);
                if (ut)
                    s->g[i * n + (size_t)(u - a)] = pm_engine_goalpost(e, (int)i, u, &ut->baseline, &ut->target);
            }
    }
    for (size_t i = 0; i < ni; i++)
        pm_engine_pace_years_units(e, (int)i, a, b, &s->g[i * n], r->cfg, &s->out[i * n * ny]);
    *c0 = a;
    *c1 = b;
}

/* One lane: chunks taken one at a time until none is left or fn says
 * stop; each judged into the lane's own buffers (freed here) and handed
 * to fn on this thread, so that fn reads what this core just wrote.
 * Handing every chunk to one thread cost the reader more than the
 * judging it saved: the other core's judgments crossed between the
 * caches. */
static void lane_run(judge_run *r, int lane)
{
    size_t ni = r->ev->plan.nind, ny = r->ev->engine.nyears;
    slot s = {xnmalloc(ni * PM_JUDGE_CHUNK, sizeof *s.g), xnmalloc(ni * PM_JUDGE_CHUNK * ny, sizeof *s.out)};
    for (;;) {
        long k = atomic_fetch_add_explicit(&r->next, 1, memory_order_relaxed);
        if (k >= r->nchunks || atomic_load_explicit(&r->stop, memory_order_relaxed))
            break;
        int c0, c1;
        judge_chunk(r, k, &s, &c0, &c1);
        if (!r->fn(r->ctx, lane, c0, c1, s.g, s.out)) {
            atomic_store_explicit(&r->stop, true, memory_order_relaxed);
            break;
        }
    }
    free(s.g);
    free(s.out);
}

static void *worker(void *arg)
{
    lane_run(arg, 1);
    return NULL;
}

bool pm_judge_each(const pm_evaluation *ev, int u0, int u1, const pm_pace_cfg *cfg, pm_judge_chunk_fn fn,
                   void *ctx)
{
    if (u1 <= u0 || !ev->engine.nyears || !ev->plan.nind)
        return true;
    judge_run r = {.ev = ev, .cfg = cfg, .u0 = u0, .u1 = u1, .fn = fn, .ctx = ctx};
    r.nchunks = (u1 - u0 + PM_JUDGE_CHUNK - 1) / PM_JUDGE_CHUNK;
    atomic_init(&r.next, 0);
    atomic_init(&r.stop, false);
    pthread_t th;
    /* One chunk: nothing to share. No thread: the caller's lane takes
     * every chunk. */
    bool helped = r.nchunks > 1 && pthread_create(&th, NULL, worker, &r) == 0;
    lane_run(&r, 0);
    if (helped)
        pthread_join(th, NULL);
    return !atomic_load(&r.stop);
}

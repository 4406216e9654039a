#include "store/import.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/num.h"
#include "base/radix.h"
#include "base/strmap.h"
#include "store/evaluate.h"

/* The order to write the rows that passed in: by the figures' key in the
 * table (element id, unit id, year), not the file's. Inserted in key
 * order, the table's and the history index's b-trees grow at their right
 * edges, page after page; in a file's order (unit by unit) each row lands
 * in one of 40 element ranges, and SQLite splits and rebalances pages all
 * over both trees. Roughly halves the writing of a 10-million-row import
 * (docs/performance.md). Fills order[0..nok) with indexes into res->ok. */
static void write_order(const pm_plan *plan, const pm_tree *tree, const pm_check_result *res, uint32_t *order)
{
    size_t n = res->nok;
    long maxe = 0, maxu = 0;
    int ymin = 0, ymax = 0;
    for (size_t i = 0; i < n; i++) {
        const pm_checked_row *c = &res->ok[i];
        long e = plan->elem[c->elem].id, u = tree->u[c->unit].id;
        maxe = e > maxe ? e : maxe;
        maxu = u > maxu ? u : maxu;
        ymin = !i || c->year < ymin ? c->year : ymin;
        ymax = !i || c->year > ymax ? c->year : ymax;
    }
    uint64_t span = (uint64_t)(ymax - ymin) + 1, units = (uint64_t)maxu + 1;
    bool fits = n > 1 && maxe >= 0 && maxu >= 0 && (uint64_t)maxe + 1 <= UINT64_MAX / units / span;
    pm_keyed *k = fits ? xnmalloc(n, sizeof *k) : NULL;
    uint64_t maxkey = 0;
    for (size_t i = 0; fits && i < n; i++) {
        const pm_checked_row *c = &res->ok[i];
        uint64_t key = ((uint64_t)plan->elem[c->elem].id * units + (uint64_t)tree->u[c->unit].id) * span +
                       (uint64_t)(c->year - ymin);
        k[i] = (pm_keyed){key, (uint32_t)i};
        maxkey = key > maxkey ? key : maxkey;
    }
    if (fits)
        pm_radix_sort(k, n, maxkey);
    for (size_t i = 0; i < n; i++)
        order[i] = fits ? k[i].idx : (uint32_t)i;
    free(k);
}

/* The rows that passed, turned into writes a slice at a time (a
 * 10-million-row import would otherwise hold 10 million pm_value_write
 * at once: half a gigabyte). */
typedef struct writer {
    const pm_plan *plan;
    const pm_tree *tree;
    const pm_known *known;
    const pm_import_input *in;
    const pm_check_result *res;
    uint32_t *order; /* write_order's; owned */
    size_t next;     /* next position in order */
} writer;

/* How many rows ahead next_writes asks for the input row, and twice that
 * for the checked row (whose index the input row's address needs). */
enum { PREFETCH = 8 };

/* Fills w[0..cap) with the next rows that change something; returns how
 * many (0: none left). Unchanged rows are skipped and counted in
 * *unchanged. */
static size_t next_writes(writer *x, pm_value_write *w, size_t cap, size_t *unchanged)
{
    const pm_known *known = x->known;
    size_t n = 0;
    const size_t nok = x->res->nok;
    for (; x->next < nok && n < cap; x->next++) {
        /* The rows are taken in key order, far apart in the file's: every
         * one a cache miss in two big arrays (the checked rows, 32 bytes
         * each, and the input rows, 88), 7.7 % of a 10-million-row
         * import's time spent waiting here (perf). Asked for ahead, the
         * misses of several rows overlap. */
        if (x->next + 2 * PREFETCH < nok)
            __builtin_prefetch(&x->res->ok[x->order[x->next + 2 * PREFETCH]]);
        if (x->next + PREFETCH < nok)
            __builtin_prefetch(&x->in->rows[x->res->ok[x->order[x->next + PREFETCH]].row].comment);
        const pm_checked_row *c = &x->res->ok[x->order[x->next]];
        long k = pm_known_find(known, c->elem, c->unit, c->year);
        const char *comment = x->in->rows[c->row].comment;
        /* Unchanged as spreadsheets judge it (15 significant digits): an
         * export re-saved by Calc or Excel writes nothing. */
        bool same = k >= 0 && num_same15(known->value[k], c->value) && (bool)known->estimate[k] == c->estimate;
        bool same_comment = !comment[0] || (k >= 0 && known->comment[k] && !strcmp(known->comment[k], comment));
        if (same && same_comment) {
            (*unchanged)++; /* nothing new: no history row for an unchanged figure */
            continue;
        }
        /* A changed figure is a draft again and must be submitted again;
         * a comment added to an unchanged one keeps its state. */
        pm_vstate state = same ? (pm_vstate)known->state[k] : PM_VS_DRAFT;
        w[n++] = (pm_value_write){x->plan->elem[c->elem].id, x->tree->u[c->unit].id, c->year, c->value, state,
                                  comment[0] ? comment : NULL, k >= 0 ? known->value[k] : NAN,
                                  k >= 0 ? known->state[k] : -1, c->estimate};
    }
    return n;
}

/* The years the rows name (that parse as years of the plan), widened by
 * the year before the first: last year's figures are what a value is
 * compared with. False when no row names one. */
static bool row_years(const pm_plan *plan, const pm_import_input *in, int *y0, int *y1)
{
    long lo = 0, hi = 0, y;
    for (size_t i = 0; i < in->nrows; i++) {
        if (!num_parse_int(in->rows[i].year, plan->base_year, plan->target_year, &y))
            continue;
        lo = !lo || y < lo ? y : lo;
        hi = !hi || y > hi ? y : hi;
    }
    *y0 = (int)lo - 1;
    *y1 = (int)hi;
    return lo != 0;
}

/* Rows the writer hands the store at a time: 3.5 MiB of writes. */
enum { SLICE = 1 << 16 };

/* The writer as a pm_write_next: the next slice of changes, with the
 * progress of those written so far. While the store writes one slice, a
 * second thread makes the next (next_writes: each row's stored figure
 * looked up, in key order far from the file's: about a tenth of a big
 * import's writing, which SQLite's work on the other core now hides).
 * Two buffers: the store is done with a slice when it asks for the next
 * (store.h), so the one it gave back is the one to fill. The thread
 * alone touches the writer and its own count between start and join. */
typedef struct slice {
    pm_value_write *buf;
    size_t n;         /* rows made */
    size_t unchanged; /* rows skipped as unchanged while making it */
    size_t end;       /* the writer's position after it */
} slice;

typedef struct stream {
    writer *x;
    pm_import_outcome *out;
    const pm_import_opts *o;
    slice s[2];
    int next;        /* the slice handed out next */
    bool running;    /* a thread is making s[next] */
    pthread_t th;
    size_t done_at;  /* the writer's position after the slices handed out */
} stream;

static void make_slice(writer *x, slice *sl)
{
    sl->unchanged = 0;
    sl->n = next_writes(x, sl->buf, SLICE, &sl->unchanged);
    sl->end = x->next;
}

typedef struct maker {
    writer *x;
    slice *sl;
} maker;

static void *make_slice_thread(void *arg)
{
    maker *m = arg;
    make_slice(m->x, m->sl);
    return NULL;
}

/* Starts making s[k]; without a thread it is made here and now. */
static void start_slice(stream *st, int k, maker *m)
{
    *m = (maker){st->x, &st->s[k]};
    st->running = pthread_create(&st->th, NULL, make_slice_thread, m) == 0;
    if (!st->running)
        make_slice(st->x, &st->s[k]);
}

/* Waits for the slice being made, if any. */
static void finish_slice(stream *st)
{
    if (st->running)
        pthread_join(st->th, NULL);
    st->running = false;
}

typedef struct stream_ctx {
    stream *st;
    maker m; /* the running thread's argument: lives as long as the stream */
} stream_ctx;

static int stream_next(void *ctx, const pm_value_write **rows, size_t *n, pm_err *err)
{
    (void)err;
    stream_ctx *c = ctx;
    stream *st = c->st;
    if (st->o->progress)
        st->o->progress(st->o->progress_ctx, st->done_at, st->x->res->nok);
    finish_slice(st);
    slice *sl = &st->s[st->next];
    st->out->unchanged += sl->unchanged;
    sl->unchanged = 0;
    st->done_at = sl->end;
    *n = sl->n;
    *rows = sl->buf;
    st->out->written += *n;
    /* The next slice, into the other buffer, unless the rows are done. */
    st->next ^= 1;
    if (*n && st->x->next < st->x->res->nok)
        start_slice(st, st->next, &c->m);
    else
        st->s[st->next].n = 0, st->s[st->next].end = st->x->next;
    return *n > 0;
}

/* Writes every change whole or not at all, a slice at a time, as one
 * stream (store.h: one unit of work, one history time; inside the
 * caller's transaction when there is one). The first slice is made before
 * the store is asked: an import that changes nothing takes no write lock.
 * A dry run only counts. out->written: the figures written (or that would
 * be); 0 when the write failed. */
static bool write_changes(pm_store *s, writer *x, const pm_import_opts *o, pm_import_outcome *out, pm_err *err)
{
    stream st = {.x = x, .out = out, .o = o};
    st.s[0].buf = xnmalloc(SLICE, sizeof *st.s[0].buf);
    bool ok = true;
    make_slice(x, &st.s[0]);
    if (o->dry_run) {
        for (; st.s[0].n; make_slice(x, &st.s[0])) {
            out->written += st.s[0].n;
            out->unchanged += st.s[0].unchanged;
        }
        out->unchanged += st.s[0].unchanged;
    } else if (st.s[0].n) {
        st.s[1].buf = xnmalloc(SLICE, sizeof *st.s[1].buf);
        stream_ctx c = {&st, {0}};
        ok = pm_store_write_stream(s, stream_next, &c, o->who, o->why, err);
        /* A store that stopped early leaves a slice being made. */
        finish_slice(&st);
        if (!ok)
            out->written = 0;
    } else {
        out->unchanged += st.s[0].unchanged;
    }
    free(st.s[0].buf);
    free(st.s[1].buf);
    return ok;
}

/* The rows' checks, for an importer held to the subtree of unit `only`
 * (-1: none). Rows of units outside it are refused before any other
 * check, and only with that: a check of such a row would tell the
 * importer about a unit it may not read (a locked figure's value, last
 * year's value in a warning). The other rows are checked as usual, their
 * issues and results numbered as in the whole input. *outside counts the
 * rows refused. */
static void check_in_scope(const pm_plan *plan, const pm_tree *tree, const pm_known *known, const pm_import_input *in,
                           int only, pm_check_result *res, size_t *outside)
{
    *outside = 0;
    if (only < 0 || (size_t)only >= tree->n) {
        pm_check_rows(plan, tree, known, in->rows, in->nrows, &PM_CHECK_DEFAULT, res);
        return;
    }
    strmap units;
    strmap_init(&units, tree->n);
    for (size_t u = 0; u < tree->n; u++)
        strmap_put(&units, tree->u[u].code, (int)u);
    /* sub: the rows to check (borrowing their strings), idx: where each is in the input. */
    pm_import_row *sub = xnmalloc(in->nrows + 1, sizeof *sub);
    size_t *idx = xnmalloc(in->nrows + 1, sizeof *idx), m = 0;
    int *out_unit = xnmalloc(in->nrows + 1, sizeof *out_unit);
    for (size_t r = 0; r < in->nrows; r++) {
        int u = in->rows[r].unit ? strmap_get(&units, in->rows[r].unit) : -1;
        out_unit[r] = u >= 0 && (u < only || u >= tree->end[only]) ? u : -1;
        if (out_unit[r] >= 0) {
            ++*outside;
        } else {
            idx[m] = r;
            sub[m++] = in->rows[r];
        }
    }
    pm_check_rows(plan, tree, known, sub, m, &PM_CHECK_DEFAULT, res);
    for (size_t i = 0; i < res->nissues; i++)
        res->issues[i].row = idx[res->issues[i].row];
    for (size_t i = 0; i < res->nok; i++)
        res->ok[i].row = idx[res->ok[i].row];
    for (size_t r = 0; r < in->nrows && *outside; r++) {
        if (out_unit[r] < 0)
            continue;
        res->errors++;
        res->issues = xgrow(res->issues, &res->cap_issues, res->nissues + 1, sizeof *res->issues);
        pm_issue *x = &res->issues[res->nissues++];
        memset(x, 0, sizeof *x);
        x->error = true;
        x->row = r;
        x->col = PM_COL_UNIT;
        snprintf(x->msg, sizeof x->msg, "无权填报“%s”的数据：只能填报“%s”及其下级单位", tree->u[out_unit[r]].name,
                 tree->u[only].name);
    }
    free(out_unit);
    free(idx);
    free(sub);
    strmap_free(&units);
}

bool pm_import_run(pm_store *s, const pm_import_input *in, const pm_import_opts *o, pm_import_outcome *out,
                   pm_err *err)
{
    memset(out, 0, sizeof *out);
    pm_plan plan = {0};
    pm_tree tree = {0};
    pm_known known = {0};
    int y0 = 0, y1 = 0;
    bool ok = pm_store_get_plan(s, &plan, err) && pm_store_get_units(s, &tree, err);
    /* Only the figures the checks and the writes look at: those of the
     * rows' years and the year before. None stored (a year's first
     * import): nothing to load. */
    if (ok && row_years(&plan, in, &y0, &y1))
        ok = pm_load_known_years(s, &plan, &tree, y0, y1, &known, err);
    else if (ok)
        pm_known_init(&known, 0);
    if (ok) {
        check_in_scope(&plan, &tree, &known, in, o->only_unit, &out->checks, &out->outside);
        out->refused = out->checks.errors > 0;
    }
    if (ok && !out->refused) {
        writer x = {&plan, &tree, &known, in, &out->checks, xnmalloc(out->checks.nok + 1, sizeof(uint32_t)), 0};
        write_order(&plan, &tree, &out->checks, x.order);
        ok = write_changes(s, &x, o, out, err);
        free(x.order);
    }
    pm_known_free(&known);
    pm_tree_free(&tree);
    pm_plan_free(&plan);
    return ok;
}

void pm_import_outcome_free(pm_import_outcome *out)
{
    pm_check_result_free(&out->checks);
    memset(out, 0, sizeof *out);
}

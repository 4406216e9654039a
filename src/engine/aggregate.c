#include "engine/aggregate.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "engine/formula_eval.h"

static size_t grid_size(size_t a, size_t b, size_t c, bool *overflow)
{
    if (a && b && c && (a > SIZE_MAX / b || a * b > SIZE_MAX / c || a * b * c > SIZE_MAX / sizeof(double)))
        *overflow = true;
    return a * b * c;
}

/* NaN ("no figure") in each of the n doubles at x. */
static void nan_fill(double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        x[i] = NAN;
}

/* n zeroed ints, on huge pages like the grids (see xbig): calloc's fresh
 * pages were faulted in 4 KiB at a time during pm_engine_run, 7,500 of
 * them for the completeness rows at 642,832 units and six years. */
static int *int_zeros(size_t n)
{
    int *z = xbig(n, sizeof *z);
    memset(z, 0, n * sizeof *z);
    return z;
}

static double *row_of(double *grid, const pm_engine *e, size_t item, size_t y)
{
    assert(y < e->nyears);
    return grid + (item * e->nyears + y) * e->nunits;
}

/* The element indicator i is as it stands (formula #{e}: entered directly,
 * or a plain total), or -1. Its values are that element's aggregates, so it
 * reads the element's rows rather than keeping a copy; not when cumulative,
 * since the running sum rewrites the indicator's rows. */
static int alias_of(const pm_engine *e, size_t i)
{
    const pm_formula *f = &e->f[i];
    if (e->plan->ind[i].cumulative || f->n != 1 || f->node[0].op != PM_F_ELEM || f->node[0].elem < 0 ||
        (size_t)f->node[0].elem >= e->nelem)
        return -1;
    return f->node[0].elem;
}

/* Whether node k of formula f is the first of the formulas to ask for
 * its (el, level, group): a units_with vector, or with el -1 a count. */
static bool first_ask(const pm_formula *f, size_t i, size_t k, int el)
{
    const pm_fnode *x = &f[i].node[k];
    for (size_t j = 0; j <= i; j++)
        for (size_t m = 0; m < (j == i ? k : f[j].n); m++) {
            const pm_fnode *o = &f[j].node[m];
            bool same = el < 0 ? o->op == PM_F_UNITS || o->op == PM_F_UNITS_WITH
                               : o->op == PM_F_UNITS_WITH && o->elem == el;
            if (same && o->level == x->level && !strcmp(o->group, x->group))
                return false;
        }
    return true;
}

/* The rows pm_engine_run will need for its own vectors (a units() count
 * per (level, group), a units_with vector per (element, level, group),
 * units_with's scratch and the formulas' scratch), made and touched here:
 * fresh memory is paid for in page faults where it is first written
 * (compacting memory for a huge page, on this kernel's setting), which
 * made pm_engine_run's first year up to a fifth of its time at 600 k
 * leaves. The grids above are made the same way. */
static void spare_rows(pm_engine *e)
{
    size_t want = 2;
    for (size_t i = 0; i < e->nind; i++)
        for (size_t k = 0; k < e->f[i].n; k++) {
            const pm_fnode *x = &e->f[i].node[k];
            if (x->op == PM_F_UNITS || x->op == PM_F_UNITS_WITH)
                want += first_ask(e->f, i, k, -1);
            if (x->op == PM_F_UNITS_WITH)
                want += first_ask(e->f, i, k, x->elem);
        }
    e->spare = xnmalloc(want, sizeof *e->spare);
    for (; e->nspare < want; e->nspare++) {
        e->spare[e->nspare] = xbig(e->nunits + 1, sizeof **e->spare);
        memset(e->spare[e->nspare], 0, (e->nunits + 1) * sizeof **e->spare);
    }
}

/* A row of nunits + 1 doubles for pm_engine_run (caller frees): one made
 * at init while any is left. */
static double *take_row(pm_engine *e)
{
    return e->nspare ? e->spare[--e->nspare] : xbig(e->nunits + 1, sizeof **e->spare);
}

/* How many of the plan's elements a unit of level lvl reports (those of
 * every level, and those of its own). */
static int reported_at(const pm_plan *plan, int lvl)
{
    int n = 0;
    for (size_t k = 0; k < plan->nelem; k++)
        n += plan->elem[k].level < 0 || plan->elem[k].level == lvl;
    return n;
}

bool pm_engine_init(pm_engine *e, const pm_plan *plan, const pm_tree *tree, pm_formula *formulas, int year0,
                    int year1, pm_err *err)
{
    assert(formulas || !plan->nind);
    memset(e, 0, sizeof *e);
    e->f = formulas;
    e->nind = plan->nind;
    if (year1 < year0 || year1 - year0 + 1 > PM_ENGINE_MAX_YEARS) {
        pm_err_set(err, 0, "评估年份范围 %d–%d 无效（最多 %d 年）", year0, year1, PM_ENGINE_MAX_YEARS);
        pm_engine_free(e);
        return false;
    }
    e->plan = plan;
    e->tree = tree;
    e->year0 = year0;
    e->nyears = (size_t)(year1 - year0 + 1);
    e->nunits = tree->n;
    e->nelem = plan->nelem;
    e->nind = plan->nind;
    bool overflow = false;
    size_t ne = grid_size(e->nelem, e->nyears, e->nunits, &overflow);
    size_t ni = grid_size(e->nind, e->nyears, e->nunits, &overflow);
    if (overflow) {
        pm_err_set(err, 0, "数据规模过大，无法在内存中评估");
        pm_engine_free(e);
        return false;
    }

    /* Filled row by row: NaN on first use (pm_engine_own), or whole by
     * the caller (pm_engine_own_whole, the evaluation's blocks, which
     * cover every row: filling them with NaN first was 7 % of an
     * evaluation from the file at 100 k units), the rest at run. */
    e->elem = xbig(ne, sizeof *e->elem);
    e->elem_set = xcalloc(e->nelem * e->nyears + 1, 1);
    size_t own = 0;
    for (size_t i = 0; i < e->nind; i++)
        own += alias_of(e, i) < 0;
    (void)ni; /* checked for overflow above; only `own` of its rows are needed */
    /* Not filled: pm_engine_run writes every cell of every row
     * (pm_formula_eval, each unit of each year), and the indicators are
     * read only after it. Filling them with NaN first was 4 % of an
     * evaluation and its judging from the file at 100 k units. */
    e->ind = xbig(own * e->nyears * e->nunits + 1, sizeof *e->ind);
    e->ind_row = xcalloc(e->nind * e->nyears + 1, sizeof *e->ind_row);
    for (size_t i = 0, k = 0; i < e->nind; i++) {
        int el = alias_of(e, i);
        for (size_t y = 0; y < e->nyears; y++)
            e->ind_row[i * e->nyears + y] = el >= 0 ? row_of(e->elem, e, (size_t)el, y) : row_of(e->ind, e, k, y);
        k += el < 0;
    }
    e->filled = int_zeros(e->nyears * e->nunits + 1);
    e->kids_reported = int_zeros(e->nyears * e->nunits + 1);
    e->expected = xcalloc(e->nunits + 1, sizeof *e->expected);
    e->kids = xcalloc(e->nunits + 1, sizeof *e->kids);
    /* Elements a unit of each level reports: counted once a level, not
     * once a unit (a loop of units × elements, 4 M steps at 100 k units). */
    int at_level[PM_LEVEL_MAX + 1];
    for (int lvl = 0; lvl <= PM_LEVEL_MAX; lvl++)
        at_level[lvl] = reported_at(plan, lvl);
    for (size_t u = 0; u < e->nunits; u++) {
        int lvl = tree->u[u].level;
        /* The tree is in preorder with its one root first: aggregation
         * (sum_rows) walks it backwards on that promise. */
        assert(u == 0 ? tree->u[u].parent < 0 : tree->u[u].parent >= 0 && (size_t)tree->u[u].parent < u);
        e->expected[u] = lvl >= 0 && lvl <= PM_LEVEL_MAX ? at_level[lvl] : reported_at(plan, lvl);
        if (tree->u[u].parent >= 0)
            e->kids[tree->u[u].parent]++;
    }
    spare_rows(e);
    return true;
}

void pm_engine_free(pm_engine *e)
{
    pm_formulas_free(e->f, e->nind);
    xbig_free(e->elem); /* xbig_free: kept for the next evaluation (base/mem.h) */
    free(e->elem_set);
    xbig_free(e->ind);
    free(e->ind_row);
    xbig_free(e->filled);
    xbig_free(e->kids_reported);
    free(e->expected);
    free(e->kids);
    free(e->est);
    for (size_t k = 0; k < e->nspare; k++)
        xbig_free(e->spare[k]);
    free(e->spare);
    memset(e, 0, sizeof *e);
}

double *pm_engine_own_whole(pm_engine *e, int el, int year)
{
    if (el < 0 || (size_t)el >= e->nelem || year < e->year0 || year >= e->year0 + (int)e->nyears)
        return NULL;
    size_t y = (size_t)(year - e->year0);
    e->elem_set[(size_t)el * e->nyears + y] = 1;
    return row_of(e->elem, e, (size_t)el, y);
}

/* NaN in every cell of element el's row y, unless it was filled already. */
static double *own_row(pm_engine *e, size_t el, size_t y)
{
    double *row = row_of(e->elem, e, el, y);
    unsigned char *set = &e->elem_set[el * e->nyears + y];
    if (!*set) {
        nan_fill(row, e->nunits);
        *set = 1;
    }
    return row;
}

double pm_engine_own_at(const pm_engine *e, int el, int u, int year)
{
    if (el < 0 || (size_t)el >= e->nelem || year < e->year0 || year >= e->year0 + (int)e->nyears || u < 0 ||
        (size_t)u >= e->nunits)
        return NAN;
    size_t y = (size_t)(year - e->year0);
    return e->elem_set[(size_t)el * e->nyears + y] ? row_of(e->elem, e, (size_t)el, y)[u] : NAN;
}

double *pm_engine_own(pm_engine *e, int el, int year)
{
    if (el < 0 || (size_t)el >= e->nelem || year < e->year0 || year >= e->year0 + (int)e->nyears)
        return NULL;
    return own_row(e, (size_t)el, (size_t)(year - e->year0));
}

unsigned char *pm_engine_own_est(pm_engine *e, int el, int year)
{
    if (el < 0 || (size_t)el >= e->nelem || year < e->year0 || year >= e->year0 + (int)e->nyears)
        return NULL;
    if (!e->est) /* the grids' size was checked at init */
        e->est = xcalloc(e->nelem * e->nyears * e->nunits + 1, 1);
    return e->est + ((size_t)el * e->nyears + (size_t)(year - e->year0)) * e->nunits;
}

static unsigned char *est_row(const pm_engine *e, size_t el, size_t y)
{
    return e->est ? e->est + (el * e->nyears + y) * e->nunits : NULL;
}

/* ---- aggregation -------------------------------------------------------- */

/* What the completeness of a summed row needs to carry a stock: a unit
 * that existed in the year without a figure keeps its figure of the year
 * before, as reported and carried, not as summed. For a leaf the two are
 * the same (summing writes only parents), so it comes from prev (last
 * year's row, already summed) and prev_est; a unit with children has its
 * own kept in keep (see inner_own). */
typedef struct carry {
    const double *prev;            /* NULL: nothing carried (not a stock, or the first year) */
    const unsigned char *prev_est; /* last year's marks; NULL when no estimate was marked */
    unsigned char *est;            /* this year's marks; NULL likewise */
    const unsigned char *alive;    /* see drop_closed; NULL when the tree is not dated (all did) */
    /* A stock's figures of the units with children as reported and
     * carried, keep[j] for the j-th of them in preorder: last year's on
     * entry, this year's on return; keep_est their marks. NULL when not a
     * stock (keep_est also when no estimate was marked). */
    double *keep;
    unsigned char *keep_est;
} carry;

/* A leaf's own figure, counted in *got, or carried when it has none; as
 * it is when c is NULL (a plain sum). The caller adds *got to the unit's
 * completeness byte once for all the rows of its walk: a byte store per
 * row made the next row's count load it again (bytes may alias the
 * rows). */
static inline double leaf_own(double *row, size_t u, const carry *c, unsigned *got)
{
    double x = row[u];
    if (!c)
        return x;
    *got += x == x; /* no branch: whether a unit reported is often as good as random */
    if (c->prev && x != x && (!c->alive || c->alive[u])) { /* prev first: known for the whole row */
        x = row[u] = c->prev[u];
        if (c->est)
            c->est[u] = c->prev_est[u];
    }
    return x;
}

/* The own figure of u, a unit with children and the j-th of them in
 * preorder, counted, or carried from c->keep when it has none, and kept
 * for next year; before anything is added to it. */
static inline double inner_own(double *row, size_t u, size_t j, const carry *c, unsigned char *filled)
{
    double x = row[u];
    if (x == x) {
        filled[u]++;
    } else if (c->prev && (!c->alive || c->alive[u])) {
        x = row[u] = c->keep[j];
        if (c->est)
            c->est[u] = c->keep_est[j];
    }
    if (c->keep) {
        c->keep[j] = x;
        if (c->keep_est)
            c->keep_est[j] = c->est[u];
    }
    return x;
}

/* A run of siblings as the backward walk meets them: units hi, hi - 1,
 * ..., hi - len + 1, all children of p. The tree is the same for every
 * element and year, so the runs are made once per engine run (sib_runs)
 * and sum_rows walks them with loops whose trip counts are known, instead
 * of testing at every unit whether the parent changed and whether the
 * unit has children: two branches per run of siblings that the predictor
 * mostly missed at the national size (a town's ~14 communities a run). */
typedef struct sib_run {
    int p, hi, len;
    int j;       /* p's index in carry.keep when this run is the walk's first reach of p; -1 otherwise */
    bool leaves; /* every unit of the run is a leaf */
} sib_run;

/* The most rows sum_rows walks at once. Four were tried (issue 17,
 * docs/performance.md): fewer instructions at province size, but the
 * walk's pointers no longer fit in the registers, and it was slower at
 * province and 100 k leaves and no faster at 600 k. */
enum { SUM_MAX = 2 }; /* at most 4: the loops over the rows are unrolled by "GCC unroll 4" */

/* How many runs ahead sum_rows asks for the parent's entry of a run (see
 * there). 16 runs are about eight towns' communities, ~110 units or 14
 * cache lines of a row ahead: at 600 k leaves 4 runs took back a third of
 * what 16 did, 32 and 64 no more than 16 (issue 17, docs/performance.md). */
enum { PF_RUNS = 16 };

/* Adds every unit's value into its parent's, deepest first, in K rows at
 * once (K a constant, 1 or SUM_MAX, see sum_up1): in preorder a child's
 * index is above its parent's, so walking down the indexes finishes each
 * subtree before its root is added on. NaN means "no figure": a sum of no
 * figures stays NaN, a sum with some figures counts only those. The walk
 * goes run by run (sib_run); kids[u] says whether u has children (read
 * only in the rare runs that mix leaves and units with children).
 *
 * Why a running sum in a register: siblings are mostly next to each other
 * (a town's communities), and adding each into row[p] in memory makes every
 * addition wait for the previous one's store. The parent's sum is kept in
 * `acc` during the run and stored at its end (and loaded again if the
 * parent comes back, after a subtree of a sibling), so the additions are
 * the same ones in the same order: the result is the same to the bit. A
 * parent without a figure starts from -0.0, the one value with -0.0 + x
 * == x for every x (+0.0 included), and `set` says whether anything was
 * added.
 *
 * Why K rows: a row's sum is one chain of dependent additions (a town's
 * communities one after the other), so at 600 k leaves one row's walk
 * waits on the adder's latency; K independent chains side by side fill
 * those waits, each row with the same additions in the same order as
 * alone. The rows, their carries and their marks are distinct; filled is
 * shared (counts, added in any order). One body for every K, so that the
 * walks cannot drift apart: K is a constant where it is inlined, the loops
 * over it are unrolled and acc/set live in registers.
 *
 * When c[k] is given, completeness and the stocks' carry for each unit as
 * the walk reaches it, with the same additions in the same order: the row
 * goes through the cache once, not once for completeness and once for
 * the sum. A leaf's (leaf_own) when the walk reads it. A unit with
 * children's (inner_own) when the walk first makes it the parent of a run,
 * before anything is added to it (run->j >= 0). Done in a pass of its own
 * before, it went through memory once more: a unit with children in
 * every other cache line of the row. plain (a constant too): no carries,
 * a plain sum. */
__attribute__((always_inline)) static inline void sum_rows(const int K, const bool plain, const sib_run *run,
                                                           size_t nrun, const int *kids, size_t n,
                                                           double *const *rows, const carry *cs,
                                                           unsigned char *filled)
{
    assert(K >= 1 && K <= SUM_MAX);
    /* The pointers and carries in locals that nothing else can point to:
     * read through rows and cs, they would be loaded again after every
     * store to filled or the marks (bytes may alias anything). */
    double *row[SUM_MAX];
    carry cl[SUM_MAX];
    const carry *c[SUM_MAX];
    _Pragma("GCC unroll 4") for (int k = 0; k < K; k++)
    {
        row[k] = rows[k];
        if (!plain) {
            /* The rows of a walk are of one year: one alive row for all,
             * and one register for it in the loops below. */
            assert(cs[k].alive == cs[0].alive);
            cl[k] = cs[k];
            cl[k].alive = cs[0].alive;
        }
        c[k] = plain ? NULL : &cl[k];
    }
    if (n == 1) {
        unsigned got = 0;
        _Pragma("GCC unroll 4") for (int k = 0; k < K; k++) leaf_own(row[k], 0, c[k], &got);
        if (!plain)
            filled[0] += (unsigned char)got;
    }
    for (const sib_run *s = run, *end = run + nrun; s < end; s++) {
        size_t p = (size_t)s->p;
        /* A run's sum starts from its parent's entry (acc below), so the
         * chain of additions waits for that load; the parent lies below
         * the run in preorder, ahead of the walk, in a line the walk has
         * not touched: at 600 k leaves, where a row is 5 MiB, half of
         * the walk's time was spent on these loads, which the hardware's
         * prefetch of the descending stream did not cover. Asked for
         * PF_RUNS runs early (with the intent to write: the sum is
         * stored there). */
        if (s + PF_RUNS < end) {
            size_t q = (size_t)s[PF_RUNS].p;
            _Pragma("GCC unroll 4") for (int k = 0; k < K; k++) __builtin_prefetch(row[k] + q, 1);
        }
        /* The run's units come after p in preorder: their sums are stored
         * (a unit's at the end of its children's last run) before they
         * are read here. */
        double acc[SUM_MAX];
        bool set[SUM_MAX];
        _Pragma("GCC unroll 4") for (int k = 0; k < K; k++)
        {
            double a = !plain && s->j >= 0 ? inner_own(row[k], p, (size_t)s->j, c[k], filled) : row[k][p];
            set[k] = a == a;
            acc[k] = set[k] ? a : -0.0;
        }
        size_t u = (size_t)s->hi, stop = u - (size_t)s->len;
        if (s->leaves) {
            for (; u > stop; u--) {
                unsigned got = 0;
                _Pragma("GCC unroll 4") for (int k = 0; k < K; k++)
                {
                    double x = leaf_own(row[k], u, c[k], &got);
                    bool has = x == x;
                    acc[k] += has ? x : -0.0;
                    set[k] |= has;
                }
                if (!plain)
                    filled[u] += (unsigned char)got;
            }
        } else {
            for (; u > stop; u--) {
                bool inner = kids[u];
                unsigned got = 0;
                _Pragma("GCC unroll 4") for (int k = 0; k < K; k++)
                {
                    double x = inner ? row[k][u] : leaf_own(row[k], u, c[k], &got);
                    bool has = x == x;
                    acc[k] += has ? x : -0.0;
                    set[k] |= has;
                }
                if (!plain)
                    filled[u] += (unsigned char)got; /* 0 for a unit with children */
            }
        }
        _Pragma("GCC unroll 4") for (int k = 0; k < K; k++) if (set[k]) row[k][p] = acc[k];
    }
}

/* A plain sum of one row (the units() counts): no completeness, no carry. */
static void sum_plain(const sib_run *run, size_t nrun, const int *kids, size_t n, double *row)
{
    sum_rows(1, true, run, nrun, kids, n, &row, NULL, NULL);
}

/* One and SUM_MAX rows summed in one walk each, c[k] row[k]'s carry (see
 * sum_rows). */
static void sum_up1(const sib_run *run, size_t nrun, const int *kids, size_t n, double *const *row, const carry *c,
                    unsigned char *filled)
{
    sum_rows(1, false, run, nrun, kids, n, row, c, filled);
}

static void sum_up2(const sib_run *run, size_t nrun, const int *kids, size_t n, double *const *row, const carry *c,
                    unsigned char *filled)
{
    sum_rows(SUM_MAX, false, run, nrun, kids, n, row, c, filled);
}

/* A summed row's estimate marks up the tree: a unit is estimated when
 * any unit under it is. est NULL: none marked. */
static void est_up(const int *parent, size_t n, unsigned char *est)
{
    for (size_t u = n; est && u-- > 1;)
        est[parent[u]] |= est[u];
}

/* The sums of m summed rows (m <= SUM_MAX) with their carries c, in one
 * walk (sum_rows), then their estimate marks. */
static void sum_pending(const sib_run *run, size_t nrun, const int *kids, const int *parent, size_t n,
                        double *const *row, const carry *c, size_t m, unsigned char *filled)
{
    assert(m >= 1 && m <= SUM_MAX);
    if (m == SUM_MAX)
        sum_up2(run, nrun, kids, n, row, c, filled);
    else
        sum_up1(run, nrun, kids, n, row, c, filled);
    for (size_t k = 0; k < m; k++)
        est_up(parent, n, c[k].est);
}

/* A units_with vector computed for one year, kept while formulas read it
 * block by block. */
typedef struct with_row {
    int el, level;
    const char *group; /* borrowed from the formula node */
    size_t y;
    double *row;
} with_row;

/* A count of units per subtree, for one (level, group) a formula asks. */
typedef struct count_row {
    int level;
    const char *group; /* borrowed from the formula node */
    double *row;       /* owned */
    unsigned char *at; /* owned: 1 for the units counted (see counted) */
} count_row;

/* What formula leaves read for one year. */
typedef struct leaf_ctx {
    pm_engine *e; /* its spare rows are taken (take_row) */
    size_t y;
    count_row *counts; /* counts asked so far; valid for every year unless the tree is dated */
    size_t ncounts, capcounts;
    with_row *with;    /* units_with vectors asked for (owned) */
    size_t nwith;
    double *reported;  /* scratch for units_with */
    const sib_run *run; /* the walk's runs of siblings (see sib_runs): units_with starts a unit's
                           counts at 0 on its first run, as sum_rows takes its own figure there */
    size_t nrun;
} leaf_ctx;

/* Whether unit u takes part in a count at (level, group) in the ctx's year:
 * at that level, of that group, and existing that year (DESIGN "org
 * unit": a closed unit counts only in the years it existed). */
static bool counted(const leaf_ctx *c, size_t u, int level, const char *group)
{
    const pm_unit *x = &c->e->tree->u[u];
    return x->level == level && pm_unit_in_group(x, group) && pm_unit_exists(x, c->e->year0 + (int)c->y);
}

/* Forgets the counts: a dated tree counts anew each year. */
static void counts_clear(leaf_ctx *c)
{
    for (size_t i = 0; i < c->ncounts; i++) {
        xbig_free(c->counts[i].row);
        free(c->counts[i].at);
    }
    c->ncounts = 0;
}

/* The count row for (level, group) in the ctx's year, made on the first
 * ask: which units are counted (tested once per unit, not once per unit,
 * element and year by units_with) and how many per subtree. NULL for a
 * level no tree has. */
static const count_row *count_of(leaf_ctx *c, int level, const char *group)
{
    if (level < 0 || level > PM_LEVEL_MAX)
        return NULL;
    for (size_t i = 0; i < c->ncounts; i++)
        if (c->counts[i].level == level && !strcmp(c->counts[i].group, group))
            return &c->counts[i];
    const pm_tree *t = c->e->tree;
    double *row = take_row(c->e);
    unsigned char *at = xmalloc(t->n + 1);
    for (size_t u = 0; u < t->n; u++) {
        at[u] = counted(c, u, level, group);
        row[u] = at[u];
    }
    sum_plain(c->run, c->nrun, c->e->kids, t->n, row);
    c->counts = xgrow(c->counts, &c->capcounts, c->ncounts + 1, sizeof *c->counts);
    c->counts[c->ncounts] = (count_row){level, group, row, at};
    return &c->counts[c->ncounts++];
}

static const double *leaf_units_at(void *ctx, int level, const char *group)
{
    const count_row *r = count_of(ctx, level, group);
    return r ? r->row : NULL;
}

/* Units at `level` (of `group`) in each subtree whose value of el (their
 * own subtree's aggregate) is above zero, into with; NaN where no such unit
 * has a figure, so that "no data" does not read as "none covered".
 *
 * One backward pass instead of four (marks, two subtree sums, the NaNs):
 * both counts go up the tree in registers as sum_rows's sum does, and a
 * unit's entry is final when the walk reaches it (its subtree is done), so
 * its NaN is written there. The counts are small integers, exact in a
 * double in any order. with and c->reported hold, for a unit with
 * children, the sum of those done so far (stored at the end of each of its
 * runs of children, started from 0 on its first run, as in sum_rows); a
 * leaf's entries are written, never read. A unit's own counts are
 * computed without branches: whether a flag's figure is above zero is as
 * good as random, and a mispredicted branch per unit cost more than the
 * rest of the walk. */
static void units_with_row(leaf_ctx *c, int el, const unsigned char *at, double *with)
{
    const pm_engine *e = c->e;
    const int *kids = e->kids;
    size_t n = e->tree->n;
    if (n == 0)
        return;
    const double *v = row_of(e->elem, e, (size_t)el, c->y);
    double *rep = c->reported;
    for (const sib_run *s = c->run, *end = c->run + c->nrun; s < end; s++) {
        size_t p = (size_t)s->p;
        bool first = s->j >= 0;
        double aw = first ? 0 : with[p], ar = first ? 0 : rep[p]; /* the parent's counts so far */
        size_t u = (size_t)s->hi, stop = u - (size_t)s->len;
        if (s->leaves) {
            for (; u > stop; u--) {
                double x = v[u];
                double w = (double)(at[u] & (x > 0)), r = (double)(at[u] & (x == x));
                aw += w;
                ar += r;
                with[u] = r == 0 ? NAN : w;
            }
        } else {
            for (; u > stop; u--) {
                double x = v[u];
                double w = (double)(at[u] & (x > 0)), r = (double)(at[u] & (x == x));
                if (kids[u]) { /* its subtree is done: add theirs */
                    w += with[u];
                    r += rep[u];
                }
                aw += w;
                ar += r;
                with[u] = r == 0 ? NAN : w;
            }
        }
        with[p] = aw;
        rep[p] = ar;
    }
    double w = (double)(at[0] & (v[0] > 0)), r = (double)(at[0] & (v[0] == v[0]));
    if (n > 1) { /* the last run was the root's */
        w += with[0];
        r += rep[0];
    }
    with[0] = r == 0 ? NAN : w;
}

/* The vector for (el, level) in the context's year: computed on the first
 * call of the year, then handed back as kept (formulas ask once per block
 * of units). One row per (el, level) a formula names, reused every year. */
static const double *leaf_units_with(void *ctx, int el, int level, const char *group)
{
    leaf_ctx *c = ctx;
    /* The formula compiler resolved el against this plan's elements. */
    assert(el >= 0 && (size_t)el < c->e->nelem);
    with_row *w = NULL;
    for (size_t k = 0; k < c->nwith && !w; k++)
        if (c->with[k].el == el && c->with[k].level == level && !strcmp(c->with[k].group, group))
            w = &c->with[k];
    if (!w) {
        c->with = xnrealloc(c->with, c->nwith + 1, sizeof *c->with);
        w = &c->with[c->nwith++];
        *w = (with_row){el, level, group, SIZE_MAX, take_row(c->e)};
    }
    if (w->y != c->y) {
        const count_row *r = count_of(c, level, group);
        if (!r)
            return NULL;
        units_with_row(c, el, r->at, w->row);
        w->y = c->y;
    }
    return w->row;
}

/* A unit's figures of a year it did not exist in are no figures: they
 * neither count nor carry forward into later years. alive[u] says whether
 * u existed that year (made once a year: pm_unit_exists per unit and
 * element strode through the unit structs, a cache miss each at 600 k
 * units). */
static void drop_closed(const unsigned char *alive, size_t n, double *row)
{
    for (size_t u = 0; u < n; u++)
        if (!alive[u])
            row[u] = NAN;
}

/* Completeness of one row as reported: filled[u] counts the unit's own
 * figures in a byte (see tally_widen; a unit has at least one exactly
 * when its count is > 0). */
static void count_filled(const double *row, size_t n, unsigned char *filled)
{
    for (size_t u = 0; u < n; u++)
        filled[u] += row[u] == row[u];
}

/* The year's completeness counts are kept in a byte per unit while the
 * elements are summed (leaf_own, inner_own, count_filled) and added to
 * the engine's ints (filled) here, once a year or every TALLY_MAX
 * elements, whichever comes first: an int per unit and element was a
 * read and a write of 4 bytes beside each 8-byte figure, a third more
 * traffic than the sum itself when the rows no longer fit in the cache,
 * and the byte row of a year (n bytes) stays in it. Zeroes tally. */
enum { TALLY_MAX = 255 };
static void tally_widen(unsigned char *tally, size_t n, int *filled)
{
    for (size_t u = 0; u < n; u++)
        filled[u] += tally[u];
    memset(tally, 0, n);
}

/* The units with children in the order sum_rows's backward walk first
 * makes them the parent of a run into reach[0..ninner), -1 after them, and
 * each one's index in inner (ascending: preorder) into reach_j. seen: n
 * zeroed bytes of scratch, left dirty. */
static void reach_order(const int *parent, size_t n, const int *inner, size_t ninner, unsigned char *seen,
                        int *reach, int *reach_j)
{
    size_t r = 0;
    for (size_t u = n; u-- > 1;) {
        int p = parent[u];
        if (seen[p])
            continue;
        seen[p] = 1;
        size_t lo = 0, hi = ninner; /* p is in inner: find it */
        while (hi - lo > 1) {
            size_t mid = lo + (hi - lo) / 2;
            if (inner[mid] <= p)
                lo = mid;
            else
                hi = mid;
        }
        assert(r < ninner && inner[lo] == p);
        reach[r] = p;
        reach_j[r++] = (int)lo;
    }
    assert(r == ninner);
    reach[r] = -1;
}

/* The backward walk's runs of siblings (see sib_run), in the order sum_rows
 * takes them, into a new array of *nrun (owned by the caller); reach and
 * reach_j as reach_order made them. */
static sib_run *sib_runs(const int *parent, const int *kids, size_t n, const int *reach, const int *reach_j,
                         size_t *nrun)
{
    size_t m = n > 1;
    for (size_t u = n > 1 ? n - 1 : 0; u-- > 1;)
        m += parent[u] != parent[u + 1];
    sib_run *run = xnmalloc(m + 1, sizeof *run);
    size_t k = 0, r = 0;
    for (size_t u = n; u-- > 1;) {
        int p = parent[u];
        if (u + 1 == n || p != parent[u + 1]) {
            bool first = p == reach[r];
            run[k++] = (sib_run){p, (int)u, 0, first ? reach_j[r] : -1, true};
            r += first;
        }
        run[k - 1].len++;
        run[k - 1].leaves &= !kids[u];
    }
    assert(k == m);
    *nrun = m;
    return run;
}

void pm_engine_run(pm_engine *e)
{
    if (e->ran)
        return;
    e->ran = true;
    for (size_t k = 0; k < e->nelem; k++) /* rows nothing was filled into */
        for (size_t y = 0; y < e->nyears; y++)
            own_row(e, k, y);
    const pm_tree *t = e->tree;
    size_t n = e->nunits;
    /* Rows of a unit each: huge pages (see int_zeros). */
    int *parent = xbig(n + 1, sizeof *parent);
    for (size_t u = 0; u < n; u++)
        parent[u] = t->u[u].parent;
    unsigned char *any = xcalloc(n + 1, 1), *tally = xcalloc(n + 1, 1);
    unsigned char *alive = t->dated ? xmalloc(n + 1) : NULL;
    size_t maxnodes = 1;
    for (size_t i = 0; i < e->nind; i++)
        maxnodes = e->f[i].n > maxnodes ? e->f[i].n : maxnodes;
    /* Formulas need maxnodes blocks; the cumulative sums below one row. */
    size_t nscratch = maxnodes * PM_FORMULA_BLOCK > n + 1 ? maxnodes * PM_FORMULA_BLOCK : n + 1;
    double *scratch = nscratch <= n + 1 ? take_row(e) : xbig(nscratch, sizeof *scratch);
    const double **sub = xcalloc(e->nelem + 1, sizeof *sub);

    /* Stocks (agg last) carry a unit's latest figure into a year it did
     * not report, as reported and carried, not as summed: for the units
     * with children (few: the leaves are most of a tree) each stock's
     * figures are kept here before its row is summed in place. inner[j]
     * is the j-th unit with children, in preorder. */
    size_t ninner = 0, nstock = 0;
    for (size_t u = 0; u < n; u++)
        ninner += e->kids[u] > 0;
    int *inner = xnmalloc(ninner + 1, sizeof *inner);
    for (size_t u = 0, j = 0; u < n; u++)
        if (e->kids[u])
            inner[j++] = (int)u;
    for (size_t k = 0; k < e->nelem; k++)
        nstock += e->plan->elem[k].agg == PM_AGG_LAST;
    /* Huge pages: 10 MB at the national size, faulted 4 KiB at a time
     * by malloc's memory (see int_zeros). */
    double *carried = xbig(nstock * ninner + 1, sizeof *carried);
    unsigned char *carried_est = e->est ? xmalloc(nstock * ninner + 1) : NULL;
    int *reach = xnmalloc(2 * (ninner + 1), sizeof *reach), *reach_j = reach + ninner + 1;
    reach_order(parent, n, inner, ninner, any, reach, reach_j);
    size_t nrun;
    sib_run *run = sib_runs(parent, e->kids, n, reach, reach_j, &nrun);

    free(reach); /* in the runs now */
    leaf_ctx ctx = {.e = e, .run = run, .nrun = nrun};
    ctx.reported = take_row(e);
    pm_leaves leaves = {sub, leaf_units_at, leaf_units_with, &ctx};

    /* Year by year, element by element, one row at a time while it is in
     * the cache: completeness from the figures as reported and the stocks'
     * carry from the year before, in the pass that sums the row up the
     * tree; then the year's indicators. */
    for (size_t y = 0; y < e->nyears; y++) {
        int *filled = e->filled + y * n, *kids_rep = e->kids_reported + y * n;
        size_t tallied = 0; /* elements counted in tally since it was last widened */
        int year = e->year0 + (int)y;
        for (size_t u = 0; alive && u < n; u++)
            alive[u] = pm_unit_exists(&t->u[u], year);
        double *pend[SUM_MAX]; /* rows to sum in one walk (sum_pending), their carries in pend_c */
        carry pend_c[SUM_MAX];
        size_t npend = 0;
        for (size_t k = 0, ks = 0; k < e->nelem; k++) {
            double *row = row_of(e->elem, e, k, y);
            unsigned char *est = est_row(e, k, y);
            bool stock = e->plan->elem[k].agg == PM_AGG_LAST;
            double *keep = stock ? carried + ks * ninner : NULL;
            unsigned char *keep_est = stock && est ? carried_est + ks * ninner : NULL;
            ks += stock;
            if (alive)
                drop_closed(alive, n, row);
            carry c = {NULL, NULL, est, alive, keep, keep_est};
            if (stock && y > 0) {
                c.prev = row_of(e->elem, e, k, y - 1);
                c.prev_est = est_row(e, k, y - 1);
            }
            sub[k] = row;
            bool summed = e->plan->elem[k].agg != PM_AGG_OWN;
            if (summed) {
                pend[npend] = row;
                pend_c[npend++] = c;
                if (npend < SUM_MAX) /* summed with the next ones */
                    continue;
            }
            /* A count per element in tally's bytes: widened before the
             * elements would take it past TALLY_MAX. */
            size_t adds = summed ? npend : 1;
            if (tallied + adds > TALLY_MAX) {
                tally_widen(tally, n, filled);
                tallied = 0;
            }
            tallied += adds;
            if (summed) {
                sum_pending(run, nrun, e->kids, parent, n, pend, pend_c, npend, tally);
                npend = 0;
            } else { /* never summed, never a stock */
                count_filled(row, n, tally);
            }
        }
        if (npend) { /* fewer than SUM_MAX left */
            if (tallied + npend > TALLY_MAX)
                tally_widen(tally, n, filled);
            sum_pending(run, nrun, e->kids, parent, n, pend, pend_c, npend, tally);
        }
        tally_widen(tally, n, filled);
        memset(any, 0, n);
        for (size_t u = n; u-- > 1;)
            if (any[u] || filled[u]) {
                int p = parent[u];
                any[p] = 1;
                kids_rep[p]++;
            }

        /* Indicators: every unit of the year at once (one that is an
         * element as it stands reads that element's row: nothing to do). */
        ctx.y = y;
        if (t->dated)
            counts_clear(&ctx);
        for (size_t i = 0; i < e->nind; i++)
            if (alias_of(e, i) < 0)
                pm_formula_eval(&e->f[i], &leaves, n, e->ind_row[i * e->nyears + y], scratch);
    }
    xbig_free(carried);
    free(carried_est);
    free(alive);

    /* Cumulative indicators count what was done since the base year: a
     * running sum of the yearly figures after it, shown for the years that
     * have a figure. */
    int base = e->plan->base_year;
    double *acc = scratch; /* free again: one running sum per unit */
    for (size_t i = 0; i < e->nind; i++) {
        if (!e->plan->ind[i].cumulative)
            continue;
        for (size_t u = 0; u < n; u++)
            acc[u] = 0;
        for (size_t y = 0; y < e->nyears; y++) {
            if (e->year0 + (int)y <= base)
                continue;
            double *v = e->ind_row[i * e->nyears + y];
            for (size_t u = 0; u < n; u++)
                if (v[u] == v[u]) {
                    acc[u] += v[u];
                    v[u] = acc[u];
                }
        }
    }

    counts_clear(&ctx);
    free(ctx.counts);
    for (size_t k = 0; k < ctx.nwith; k++)
        xbig_free(ctx.with[k].row);
    free(ctx.with);
    xbig_free(ctx.reported);
    free(sub);
    xbig_free(scratch);
    free(any);
    free(tally);
    free(inner);
    free(run);
    xbig_free(parent);
}

double pm_engine_value(const pm_engine *e, int i, int u, int year)
{
    if (year < e->year0 || year >= e->year0 + (int)e->nyears)
        return NAN;
    return e->ind_row[(size_t)i * e->nyears + (size_t)(year - e->year0)][u];
}

double pm_engine_elem(const pm_engine *e, int el, int u, int year)
{
    if (year < e->year0 || year >= e->year0 + (int)e->nyears)
        return NAN;
    return e->elem[((size_t)el * e->nyears + (size_t)(year - e->year0)) * e->nunits + (size_t)u];
}

bool pm_engine_estimated(const pm_engine *e, int i, int u, int year)
{
    if (!e->est || year < e->year0 || year >= e->year0 + (int)e->nyears)
        return false;
    const pm_formula *f = &e->f[i];
    size_t y1 = (size_t)(year - e->year0), y0 = y1;
    if (e->plan->ind[i].cumulative) /* the running sum holds every year after the base */
        y0 = e->plan->base_year >= e->year0 ? (size_t)(e->plan->base_year - e->year0) + 1 : 0;
    for (size_t k = 0; k < f->n; k++) {
        const pm_fnode *nd = &f->node[k];
        if ((nd->op != PM_F_ELEM && nd->op != PM_F_UNITS_WITH) || nd->elem < 0 || (size_t)nd->elem >= e->nelem)
            continue;
        for (size_t y = y0; y <= y1; y++)
            if (est_row(e, (size_t)nd->elem, y)[u])
                return true;
    }
    return false;
}

/* ---- judging ------------------------------------------------------------ */

/* Whether u's subtree holds a unit at level in group (a street holds no
 * 镇, so "units(town:镇)" means nothing there). */
static bool subtree_has(const pm_tree *t, int u, int level, const char *group)
{
    for (int k = u; k < t->end[u]; k++)
        if (t->u[k].level == level && pm_unit_in_group(&t->u[k], group))
            return true;
    return false;
}

bool pm_engine_applicable(const pm_engine *e, int i, int u)
{
    const pm_formula *f = &e->f[i];
    int level = e->tree->u[u].level;
    bool reads_any = false;
    for (size_t k = 0; k < f->n; k++) {
        const pm_fnode *n = &f->node[k];
        /* A tree where no unit is in the group at all has its groups not
         * marked yet: that is missing data (暂无数据), not "not applicable". */
        if (n->op == PM_F_UNITS && n->group[0] && !subtree_has(e->tree, u, n->level, n->group) &&
            subtree_has(e->tree, 0, n->level, n->group))
            return false;
    }
    for (size_t k = 0; k < f->n; k++) {
        const pm_fnode *n = &f->node[k];
        if (n->op != PM_F_ELEM && n->op != PM_F_UNITS_WITH)
            continue;
        reads_any = true;
        int el = e->plan->elem[n->elem].level;
        /* Reported at u's level or below (or anywhere): it can reach u. */
        if (el < 0 || el >= level)
            return true;
    }
    return !reads_any;
}

bool pm_engine_single_flag(const pm_engine *e, int i, int u)
{
    const pm_formula *f = &e->f[i];
    int level = e->tree->u[u].level, with = 0, all = 0;
    for (size_t k = 0; k < f->n; k++) {
        const pm_fnode *n = &f->node[k];
        if (n->op == PM_F_ELEM)
            return false;
        if (n->op == PM_F_UNITS_WITH)
            with += n->level == level ? 1 : 2;
        if (n->op == PM_F_UNITS)
            all += n->level == level ? 1 : 2;
    }
    return with == 1 && all == 1;
}

/* The goalposts of indicator i for units u0 <= u < u1 into g[u - u0]
 * (DESIGN "Towns"): the rules written once, for pm_engine_goalpost (one
 * unit, with or without targets of its own) and pm_engine_goalposts (a
 * run of units without), so they cannot differ. own_target (may be NULL)
 * and own_baseline (read only with own_target; may be NULL or NaN) are
 * one unit's, given only for a run of one. A unit's own base is its value
 * in the plan's base year, computed from its own figures like any other
 * year (NaN when it has none: the method then starts from its earliest
 * figure); a cumulative indicator counts from the plan's baseline (0 when
 * the plan gives none) at every level. The loops sit inside the rules'
 * branches, so a run pays for the rules once, not once a unit. */
static inline void goalposts(const pm_engine *e, int i, int u0, int u1, const double *own_baseline,
                             const double *own_target, pm_goalpost *g)
{
    const pm_indicator *ind = &e->plan->ind[i];
    double own_b = own_target && own_baseline ? *own_baseline : NAN;
    pm_goalpost plan = {isnan(own_b) ? ind->baseline : own_b, own_target ? *own_target : ind->target,
                        ind->target_op, true};
    int u = u0;
    if (u == 0 && u < u1)
        g[u++ - u0] = plan; /* the root: the plan's own (or its own targets) */
    if (!own_target && !ind->rate) {
        /* A town's count is a share of the district's: without a target
         * of its own there is nothing to judge it against. */
        for (; u < u1; u++)
            g[u - u0] = (pm_goalpost){NAN, NAN, ind->target_op, false};
        return;
    }
    if (!isnan(own_b) || ind->cumulative) {
        /* The bureau's baseline, or a cumulative one's own base: the
         * plan's baseline at every level. */
        for (; u < u1; u++)
            g[u - u0] = plan;
        return;
    }
    /* The own base-year value, its row found once (read only where kept:
     * most series of the judging loop do without). */
    int by = e->plan->base_year;
    const double *row = by >= e->year0 && by < e->year0 + (int)e->nyears
                            ? e->ind_row[(size_t)i * e->nyears + (size_t)(by - e->year0)]
                            : NULL;
    for (; u < u1; u++)
        g[u - u0] = (pm_goalpost){row ? row[u] : NAN, plan.target, ind->target_op, true};
}

pm_goalpost pm_engine_goalpost(const pm_engine *e, int i, int u, const double *own_baseline,
                               const double *own_target)
{
    pm_goalpost g;
    goalposts(e, i, u, u + 1, own_baseline, own_target, &g);
    return g;
}

void pm_engine_goalposts(const pm_engine *e, int i, int u0, int u1, pm_goalpost *g)
{
    goalposts(e, i, u0, u1, NULL, NULL, g);
}

/* Observations of indicator i at unit u up to year; returns how many.
 * They ascend by year. *finite: whether every value is finite (a formula
 * dividing by zero gives ±inf, which pace leaves out of its sums), which
 * lets pace take pm_pace_sorted. */
static size_t series(const pm_engine *e, int i, int u, int year, pm_obs *obs, bool *finite)
{
    size_t n = 0;
    bool all = true;
    double *const *rows = e->ind_row + (size_t)i * e->nyears;
    for (size_t y = 0; y < e->nyears && e->year0 + (int)y <= year; y++) {
        double v = rows[y][u];
        if (v == v) {
            obs[n++] = (pm_obs){e->year0 + (int)y, v};
            all = all && isfinite(v);
        }
    }
    if (finite)
        *finite = all;
    return n;
}

/* A qualitative indicator's judgment: a text target is judged by a
 * planner (pm_judgment), not by pace: every field null, the status says
 * so. */
static void pace_manual(const pm_engine *e, const pm_pace_cfg *cfg, pm_pace_out *out)
{
    pm_pace_in none = {.base_year = e->plan->base_year, .base = NAN, .target_year = e->plan->target_year,
                       .target = NAN, .polarity = 1};
    pm_pace(&none, cfg, out);
    out->status = PM_ST_MANUAL;
}

/* Indicator i's share of the inputs of pace: without a unit's base and
 * target (NaN here: the caller sets them from its goalposts) and without
 * the observations. With `limits`, *lim receives the indicator's natural
 * limits (found for every call: a caller may change the plan's indicators
 * between runs) and in.limits points to them; without, in.limits is NULL.
 * pm_engine_pace asks for them only with a target: without one pace reads
 * none (rule 2 projects nothing), and the lookup is a call of ~26
 * instructions a series. */
static pm_pace_in pace_in(const pm_engine *e, int i, bool limits, pm_limits *lim)
{
    const pm_indicator *ind = &e->plan->ind[i];
    if (limits)
        pm_indicator_limits(ind, &lim->min, &lim->max);
    return (pm_pace_in){
        .base_year = e->plan->base_year,
        .base = NAN,
        .target_year = e->plan->target_year,
        .target = NAN,
        .polarity = ind->polarity,
        .cumulative = ind->cumulative,
        .binding = ind->binding,
        .limits = limits ? lim : NULL,
    };
}

void pm_engine_pace(const pm_engine *e, int i, int u, int year, const pm_goalpost *g,
                    const pm_pace_cfg *cfg, pm_pace_out *out)
{
    if (e->plan->ind[i].qualitative) {
        pace_manual(e, cfg, out);
        return;
    }
    pm_obs obs[PM_ENGINE_MAX_YEARS];
    pm_limits lim;
    pm_pace_in in = pace_in(e, i, !isnan(g->target), &lim);
    in.base = g->baseline;
    in.target = g->target;
    bool finite;
    in.obs = obs;
    in.nobs = series(e, i, u, year, obs, &finite);
    if (finite)
        pm_pace_sorted(&in, cfg, out);
    else
        pm_pace(&in, cfg, out);
}

void pm_engine_pace_years(const pm_engine *e, int i, int u, const pm_goalpost *g, const pm_pace_cfg *cfg,
                          pm_pace_out *out)
{
    pm_engine_pace_years_units(e, i, u, u + 1, g, cfg, out);
}

void pm_engine_pace_years_units(const pm_engine *e, int i, int u0, int u1, const pm_goalpost *g,
                                const pm_pace_cfg *cfg, pm_pace_out *out)
{
    size_t ny = e->nyears;
    if (u1 <= u0 || !ny)
        return; /* out holds nothing: not even out[0] is the caller's */
    if (e->plan->ind[i].qualitative) {
        pace_manual(e, cfg, &out[0]);
        for (size_t k = 1; k < (size_t)(u1 - u0) * ny; k++)
            out[k] = out[0];
        return;
    }
    /* The limits looked up once for all the units, with a target or not
     * (pace reads none without one: the same judgments); the base and
     * target are each unit's, read from g by pm_pace_years_units. */
    pm_limits lim;
    pm_pace_in in = pace_in(e, i, true, &lim);
    pm_pace_years_units(&in, cfg, e->year0, (const double *const *)(e->ind_row + (size_t)i * ny), ny,
                        (size_t)u0, (size_t)(u1 - u0), g, out);
}

void pm_engine_sdg(const pm_engine *e, int i, int u, int year, const pm_goalpost *g, pm_sdg_out *out,
                   int *base_year_used)
{
    const pm_indicator *ind = &e->plan->ind[i];
    pm_obs obs[PM_ENGINE_MAX_YEARS];
    size_t n = series(e, i, u, year, obs, NULL);
    int y0 = e->plan->base_year;
    double b = g->baseline;
    if (b != b && ind->cumulative)
        b = 0;
    size_t first = 0;
    if (b != b && n) {
        y0 = obs[0].year;
        b = obs[0].value;
        first = 1;
    }
    *base_year_used = y0;
    /* The latest observation after the base year. */
    const pm_obs *latest = NULL;
    for (size_t k = first; k < n; k++)
        if (obs[k].year > y0)
            latest = &obs[k];
    if (!latest || b != b) {
        out->progress = NAN;
        out->score = NAN;
        out->status = PM_SDG_NOT_AVAILABLE;
        return;
    }
    pm_sdg_in in = {
        .base_year = y0,
        .base = b,
        .year = latest->year,
        .value = latest->value,
        .target = g->target,
        .target_year = e->plan->target_year,
        .direction = ind->polarity,
        .limit = NAN,
    };
    pm_sdg(&in, out);
}

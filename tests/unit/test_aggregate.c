/* The aggregation engine against an independent computation.
 *
 * Property tests: random org-unit trees (fixed seeds; one to four levels;
 * a single unit; a town without children; a community hanging straight
 * off the district) with random own figures, some missing, for elements
 * of every aggregation (sum, last, own) and kind, and indicators of every
 * formula shape (#{e}, a ratio of sums, units(level), units_with(code,
 * level), arithmetic, cumulative, direct entry). The engine's result for
 * every unit and year is compared with the same question answered in SQL:
 * the tree, the figures and the rules written into an in-memory SQLite
 * database with tables of this test's own, subtrees from a recursive CTE,
 * stocks carried forward by a correlated "latest up to the year" query,
 * sums by GROUP BY, ratios from the summed numerator and denominator.
 * NaN in the engine is NULL in SQL.
 *
 * Hand-made cases pin down what the properties cannot show at a glance:
 * a ratio of sums is not the average of the children's ratios, a stock
 * carries a missed year where a flow does not, units_with says "no data"
 * rather than "none", and the completeness counts.
 *
 * A store round trip: the same figures through pm_store_set_value into a
 * temporary database, pm_evaluate, and the evaluation's engine must agree
 * with the in-memory one. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "base/mem.h"
#include "engine/aggregate.h"
#include "engine/final_check.h"
#include "engine/judge_each.h"
#include "parse/formula.h"
#include "store/evaluate.h"
#include "store/store.h"

/* The plan's formulas compiled (parse) and handed to a new engine, as
 * store/evaluate.c does: fails with the parser's message on a bad formula,
 * with the engine's on a bad year range. */
static bool engine_init(pm_engine *e, const pm_plan *plan, const pm_tree *tree, int year0, int year1, pm_err *err)
{
    pm_formula *f;
    return pm_plan_formulas(plan, &f, err) && pm_engine_init(e, plan, tree, f, year0, year1, err);
}

#define BASE_YEAR 2020
#define TARGET_YEAR 2025
#define MAX_LEVEL 7

/* ---- a small deterministic generator (splitmix64) --------------------------- */

typedef struct rng {
    uint64_t s;
} rng;

static uint64_t rnd(rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* 0 .. n-1 */
static int rnd_below(rng *r, int n) { return (int)(rnd(r) % (uint64_t)n); }

static bool chance(rng *r, int percent) { return rnd_below(r, 100) < percent; }

/* ---- the plan under test ------------------------------------------------------ */

/* Elements of every aggregation and kind. Values are multiples of 1/4, so
 * sums are exact in either order and only divisions round. */
static const struct {
    const char *code;
    pm_agg agg;
    pm_value_kind kind;
    int level; /* who reports it (others do now and then too) */
} ELEMS[] = {
    {"flow", PM_AGG_SUM, PM_KIND_COUNT, PM_LEVEL_COMMUNITY},  /* served this year */
    {"pop", PM_AGG_LAST, PM_KIND_NUMBER, -1},                 /* residents: a stock */
    {"beds", PM_AGG_LAST, PM_KIND_COUNT, PM_LEVEL_TOWN},      /* a stock, at towns */
    {"flag", PM_AGG_OWN, PM_KIND_FLAG, PM_LEVEL_COMMUNITY},   /* has a station */
    {"num", PM_AGG_SUM, PM_KIND_COUNT, -1},                   /* ratio numerator */
    {"den", PM_AGG_SUM, PM_KIND_COUNT, -1},                   /* ratio denominator, often 0 */
    {"I07", PM_AGG_OWN, PM_KIND_SHARE, -1},                   /* direct entry, a rate */
    {"I10", PM_AGG_LAST, PM_KIND_COUNT, -1},                  /* direct entry, a count */
    {"delta", PM_AGG_SUM, PM_KIND_NUMBER, -1},                /* any sign */
};
#define NELEMS (sizeof ELEMS / sizeof ELEMS[0])

/* Indicators with their formula and the SQL that answers the same
 * question. Each query yields (unit, year, value) over the tables made in
 * sql_prepare(); a (unit, year) it leaves out is "no value". */
static const struct {
    const char *code;
    const char *formula; /* NULL: entered directly */
    bool cumulative, rate;
    const char *sql;
} INDS[] = {
    {"I01", "#{flow}", false, false, "SELECT unit, year, value FROM agg WHERE elem = 'flow'"},
    {"I02", "#{num} / #{den} * 100", false, true,
     "SELECT n.unit, n.year, n.value / d.value * 100 FROM agg n"
     " JOIN agg d ON d.unit = n.unit AND d.year = n.year AND d.elem = 'den' WHERE n.elem = 'num'"},
    {"I03", "units(community)", false, false,
     "SELECT c.unit, y.year, c.n FROM cnt c CROSS JOIN years y WHERE c.level = 2"},
    {"I04", "units_with(flag, community) / units(community) * 100", false, true,
     "SELECT w.unit, w.year, w.n / c.n * 100 FROM uw w"
     " JOIN cnt c ON c.unit = w.unit AND c.level = w.level WHERE w.elem = 'flag' AND w.level = 2"},
    {"I05", "units_with(beds, town)", false, false,
     "SELECT unit, year, n FROM uw WHERE elem = 'beds' AND level = 1"},
    {"I06", "#{flow}", true, false, "SELECT unit, year, value FROM agg WHERE elem = 'flow'"},
    {"I07", NULL, false, true, "SELECT unit, year, value FROM agg WHERE elem = 'I07'"},
    {"I08", "#{beds} / #{pop} * 1000", false, true,
     "SELECT b.unit, b.year, b.value / p.value * 1000 FROM agg b"
     " JOIN agg p ON p.unit = b.unit AND p.year = b.year AND p.elem = 'pop' WHERE b.elem = 'beds'"},
    {"I09", "-#{flow} + 2 * #{pop} - 1", false, false,
     "SELECT f.unit, f.year, -f.value + 2 * p.value - 1 FROM agg f"
     " JOIN agg p ON p.unit = f.unit AND p.year = f.year AND p.elem = 'pop' WHERE f.elem = 'flow'"},
    {"I10", NULL, false, false, "SELECT unit, year, value FROM agg WHERE elem = 'I10'"},
    {"I11", "units_with(#{num}, 街道乡镇) * 10 + units(1)", false, false,
     "SELECT c.unit, y.year, w.n * 10 + c.n FROM cnt c CROSS JOIN years y"
     " LEFT JOIN uw w ON w.unit = c.unit AND w.year = y.year AND w.elem = 'num' AND w.level = 1"
     " WHERE c.level = 1"},
    {"I12", "#{num} / #{den}", true, true,
     "SELECT n.unit, n.year, n.value / d.value FROM agg n"
     " JOIN agg d ON d.unit = n.unit AND d.year = n.year AND d.elem = 'den' WHERE n.elem = 'num'"},
    {"I13", "units_with(delta, 社区村) - units(3)", false, false,
     "SELECT c.unit, w.year, w.n - c.n FROM uw w JOIN cnt c ON c.unit = w.unit AND c.level = 3"
     " WHERE w.elem = 'delta' AND w.level = 2"},
    {"I14", "#{delta} * #{pop} / (#{flow} + 1)", false, false,
     "SELECT d.unit, d.year, d.value * p.value / (f.value + 1) FROM agg d"
     " JOIN agg p ON p.unit = d.unit AND p.year = d.year AND p.elem = 'pop'"
     " JOIN agg f ON f.unit = d.unit AND f.year = d.year AND f.elem = 'flow' WHERE d.elem = 'delta'"},
};
#define NINDS (sizeof INDS / sizeof INDS[0])

static void add_element(pm_plan *p, const char *code, pm_agg agg, pm_value_kind kind, int level)
{
    p->elem = xrealloc(p->elem, (p->nelem + 1) * sizeof *p->elem);
    pm_element *e = &p->elem[p->nelem++];
    memset(e, 0, sizeof *e);
    e->code = xstrdup(code);
    e->name = xstrdup(code);
    e->unit = xstrdup("");
    e->agg = agg;
    e->kind = kind;
    e->level = level;
}

static void add_indicator(pm_plan *p, const char *code, const char *formula, bool cumulative, bool rate)
{
    p->ind = xrealloc(p->ind, (p->nind + 1) * sizeof *p->ind);
    pm_indicator *x = &p->ind[p->nind++];
    memset(x, 0, sizeof *x);
    x->no = (int)p->nind;
    x->code = xstrdup(code);
    x->domain = xstrdup("测试领域");
    x->name = xstrdup(code);
    x->unit = xstrdup(rate ? "%" : "个");
    x->baseline = NAN;
    x->target = NAN;
    x->target_op = PM_OP_EQ;
    x->polarity = 1;
    x->formula = formula ? xstrdup(formula) : NULL;
    x->cumulative = cumulative;
    x->rate = rate;
}

static void empty_plan(pm_plan *p)
{
    memset(p, 0, sizeof *p);
    p->title = xstrdup("测试规划");
    p->base_year = BASE_YEAR;
    p->target_year = TARGET_YEAR;
}

static void test_plan(pm_plan *p)
{
    empty_plan(p);
    for (size_t k = 0; k < NELEMS; k++)
        add_element(p, ELEMS[k].code, ELEMS[k].agg, ELEMS[k].kind, ELEMS[k].level);
    for (size_t i = 0; i < NINDS; i++)
        add_indicator(p, INDS[i].code, INDS[i].formula, INDS[i].cumulative, INDS[i].rate);
}

/* ---- random worlds -------------------------------------------------------------- */

/* A tree as generated (units numbered in the order they were made, the
 * root first) and the figures each unit reported itself. */
typedef struct world {
    pm_plan plan;
    pm_tree tree;   /* built from the units in shuffled order: preorder */
    size_t n;       /* units */
    int *parent;    /* [g] generated index of the parent, -1 for the root */
    int *level;     /* [g] */
    char **code;    /* [g] */
    int *pos;       /* [g] index in tree */
    int year0, nyears;
    double *own;    /* [k][y][g], NaN where the unit has no figure */
} world;

static double *own_at(const world *w, size_t k, int y, size_t g)
{
    return &w->own[(k * (size_t)w->nyears + (size_t)y) * w->n + g];
}

/* A figure for element k of the kind it holds. */
static double random_value(rng *r, size_t k)
{
    if (!strcmp(ELEMS[k].code, "den") && chance(r, 30))
        return 0;
    switch (ELEMS[k].kind) {
    case PM_KIND_FLAG:
        return rnd_below(r, 2);
    case PM_KIND_COUNT:
        return chance(r, 20) ? 0 : rnd_below(r, 40);
    case PM_KIND_SHARE:
        return rnd_below(r, 401) / 4.0;
    default:
        return !strcmp(ELEMS[k].code, "delta") ? (rnd_below(r, 801) - 400) / 4.0
                                               : (1 + rnd_below(r, 400000)) / 4.0;
    }
}

/* A tree of n units over `depth` levels (0 .. depth-1). Parents are drawn
 * among the units made so far, so shapes vary from bushy to deep; now and
 * then a child skips a level (a community right under the district). With
 * three levels or more the last unit is a town without children. */
static void make_world(world *w, uint64_t seed, int depth, size_t n, int year0)
{
    memset(w, 0, sizeof *w);
    rng r = {seed};
    if (depth == 1)
        n = 1;
    w->n = n;
    w->parent = xcalloc(n, sizeof *w->parent);
    w->level = xcalloc(n, sizeof *w->level);
    w->code = xcalloc(n, sizeof *w->code);
    w->pos = xcalloc(n, sizeof *w->pos);
    int *cand = xcalloc(n, sizeof *cand);
    size_t ncand = 0;
    w->parent[0] = -1;
    w->level[0] = 0;
    if (depth > 1)
        cand[ncand++] = 0;
    size_t last = depth >= 3 && n > 2 ? n - 1 : n;
    for (size_t g = 1; g < last; g++) {
        int p = cand[rnd_below(&r, (int)ncand)];
        int lv = w->level[p] + 1;
        if (lv < depth - 1 && chance(&r, 8))
            lv++;
        w->parent[g] = p;
        w->level[g] = lv;
        if (lv < depth - 1)
            cand[ncand++] = (int)g;
    }
    if (last < n) {
        w->parent[last] = 0;
        w->level[last] = PM_LEVEL_TOWN;
    }
    free(cand);
    char buf[32];
    for (size_t g = 0; g < n; g++) {
        snprintf(buf, sizeof buf, "U%05zu", g);
        w->code[g] = xstrdup(buf);
    }

    /* Hand the units to the tree builder in a shuffled order. */
    int *order = xcalloc(n, sizeof *order);
    for (size_t g = 0; g < n; g++)
        order[g] = (int)g;
    for (size_t g = n; g > 1; g--) {
        size_t j = (size_t)rnd_below(&r, (int)g);
        int t = order[g - 1];
        order[g - 1] = order[j];
        order[j] = t;
    }
    pm_unit_in *in = xcalloc(n, sizeof *in);
    for (size_t i = 0; i < n; i++) {
        int g = order[i];
        in[i].code = w->code[g];
        in[i].name = w->code[g];
        in[i].parent_code = w->parent[g] < 0 ? NULL : w->code[w->parent[g]];
        in[i].level = w->level[g];
        in[i].line = (long)i + 2;
    }
    pm_err err = {0};
    if (!pm_tree_build(in, n, &w->tree, &err))
        fail_msg("tree of %zu units: %s", n, err.msg);
    free(in);
    free(order);
    assert_int_equal(w->tree.n, n);
    for (size_t g = 0; g < n; g++) {
        w->pos[g] = pm_tree_find(&w->tree, w->code[g]);
        assert_true(w->pos[g] >= 0);
        assert_int_equal(w->tree.u[w->pos[g]].level, w->level[g]);
    }

    test_plan(&w->plan);
    w->year0 = year0;
    w->nyears = TARGET_YEAR - year0 + 1;
    w->own = xmalloc(NELEMS * (size_t)w->nyears * n * sizeof *w->own);
    for (size_t k = 0; k < NELEMS; k++)
        for (int y = 0; y < w->nyears; y++)
            for (size_t g = 0; g < n; g++) {
                bool reports = ELEMS[k].level < 0 || ELEMS[k].level == w->level[g];
                /* The last year is often empty: a mid-term review. */
                int present = y == w->nyears - 1 ? 15 : reports ? 75 : 10;
                *own_at(w, k, y, g) = chance(&r, present) ? random_value(&r, k) : NAN;
            }
}

static void free_world(world *w)
{
    pm_plan_free(&w->plan);
    pm_tree_free(&w->tree);
    for (size_t g = 0; g < w->n; g++)
        free(w->code[g]);
    free(w->code);
    free(w->parent);
    free(w->level);
    free(w->pos);
    free(w->own);
    memset(w, 0, sizeof *w);
}

/* An engine over the world's years with its own figures filled in and run. */
static void run_engine(const world *w, pm_engine *e)
{
    pm_err err = {0};
    if (!engine_init(e, &w->plan, &w->tree, w->year0, TARGET_YEAR, &err))
        fail_msg("engine init: %s", err.msg);
    for (size_t k = 0; k < NELEMS; k++)
        for (int y = 0; y < w->nyears; y++) {
            double *row = pm_engine_own(e, (int)k, w->year0 + y);
            assert_non_null(row);
            for (size_t g = 0; g < w->n; g++)
                row[w->pos[g]] = *own_at(w, k, y, g);
        }
    assert_null(pm_engine_own(e, 0, w->year0 - 1));
    assert_null(pm_engine_own(e, 0, TARGET_YEAR + 1));
    assert_null(pm_engine_own(e, (int)NELEMS, w->year0));
    pm_engine_run(e);
}

/* ---- the independent computation in SQL ------------------------------------------ */

static void sql_exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s\n-> %s", sql, msg ? msg : "?");
    sqlite3_free(msg);
}

static sqlite3_stmt *sql_prep(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s\n-> %s", sql, sqlite3_errmsg(db));
    return st;
}

static void sql_step_done(sqlite3 *db, sqlite3_stmt *st)
{
    if (sqlite3_step(st) != SQLITE_DONE)
        fail_msg("step: %s", sqlite3_errmsg(db));
    sqlite3_reset(st);
}

/* Writes the world into a fresh in-memory database: the test's own tables
 * (unit, elem, own, years, ind, plan), then everything derived from them
 * in plain SQL:
 *   sub(anc, unit)                  every unit of every subtree (recursive CTE)
 *   contrib(elem, agg, unit, year)  what a unit puts in: its figure of the
 *                                   year, or for a stock its latest figure up
 *                                   to the year
 *   agg(elem, unit, year, value)    subtree sums (own: the unit's figure)
 *   cnt(unit, level, n)             units at a level in the subtree
 *   uw(elem, level, unit, year, n)  of those, units whose value is > 0;
 *                                   absent where none of them has a value
 *   ind_year / ind_val              indicators per year, then cumulated */
static sqlite3 *sql_world(const world *w)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    sql_exec(db, "CREATE TABLE unit(id INTEGER PRIMARY KEY, parent INTEGER REFERENCES unit(id),"
                 " level INTEGER NOT NULL);"
                 "CREATE TABLE elem(code TEXT PRIMARY KEY, agg TEXT NOT NULL, level INTEGER NOT NULL);"
                 "CREATE TABLE own(elem TEXT NOT NULL, unit INTEGER NOT NULL, year INTEGER NOT NULL,"
                 " value REAL, PRIMARY KEY (elem, unit, year));"
                 "CREATE TABLE years(year INTEGER PRIMARY KEY);"
                 "CREATE TABLE ind(code TEXT PRIMARY KEY, cumulative INTEGER NOT NULL);"
                 "CREATE TABLE plan(base_year INTEGER NOT NULL);"
                 "BEGIN");
    rng r = {w->n * 7919u + (uint64_t)w->year0};
    sqlite3_stmt *st = sql_prep(db, "INSERT INTO unit VALUES (?1, ?2, ?3)");
    for (size_t g = 0; g < w->n; g++) {
        sqlite3_bind_int64(st, 1, (sqlite3_int64)g);
        if (w->parent[g] < 0)
            sqlite3_bind_null(st, 2);
        else
            sqlite3_bind_int(st, 2, w->parent[g]);
        sqlite3_bind_int(st, 3, w->level[g]);
        sql_step_done(db, st);
    }
    sqlite3_finalize(st);
    st = sql_prep(db, "INSERT INTO elem VALUES (?1, ?2, ?3)");
    for (size_t k = 0; k < NELEMS; k++) {
        static const char *const aggs[] = {"sum", "last", "own"};
        sqlite3_bind_text(st, 1, ELEMS[k].code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, aggs[ELEMS[k].agg], -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 3, ELEMS[k].level);
        sql_step_done(db, st);
    }
    sqlite3_finalize(st);
    /* A missing figure is sometimes no row, sometimes a NULL row. */
    st = sql_prep(db, "INSERT INTO own VALUES (?1, ?2, ?3, ?4)");
    for (size_t k = 0; k < NELEMS; k++)
        for (int y = 0; y < w->nyears; y++)
            for (size_t g = 0; g < w->n; g++) {
                double v = *own_at(w, k, y, g);
                if (isnan(v) && !chance(&r, 30))
                    continue;
                sqlite3_bind_text(st, 1, ELEMS[k].code, -1, SQLITE_STATIC);
                sqlite3_bind_int64(st, 2, (sqlite3_int64)g);
                sqlite3_bind_int(st, 3, w->year0 + y);
                if (isnan(v))
                    sqlite3_bind_null(st, 4);
                else
                    sqlite3_bind_double(st, 4, v);
                sql_step_done(db, st);
            }
    sqlite3_finalize(st);
    st = sql_prep(db, "INSERT INTO years VALUES (?1)");
    for (int y = 0; y < w->nyears; y++) {
        sqlite3_bind_int(st, 1, w->year0 + y);
        sql_step_done(db, st);
    }
    sqlite3_finalize(st);
    st = sql_prep(db, "INSERT INTO ind VALUES (?1, ?2)");
    for (size_t i = 0; i < NINDS; i++) {
        sqlite3_bind_text(st, 1, INDS[i].code, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 2, INDS[i].cumulative);
        sql_step_done(db, st);
    }
    sqlite3_finalize(st);
    st = sql_prep(db, "INSERT INTO plan VALUES (?1)");
    sqlite3_bind_int(st, 1, w->plan.base_year);
    sql_step_done(db, st);
    sqlite3_finalize(st);

    sql_exec(db,
             "CREATE TABLE sub AS WITH RECURSIVE s(anc, unit) AS ("
             "  SELECT id, id FROM unit"
             "  UNION ALL SELECT s.anc, u.id FROM s JOIN unit u ON u.parent = s.unit)"
             " SELECT anc, unit FROM s;"
             "CREATE INDEX sub_anc ON sub(anc, unit);"
             "CREATE TABLE contrib AS SELECT e.code AS elem, e.agg AS agg, u.id AS unit, y.year AS year,"
             " CASE e.agg WHEN 'last' THEN"
             "  (SELECT o.value FROM own o WHERE o.elem = e.code AND o.unit = u.id AND o.year <= y.year"
             "   AND o.value IS NOT NULL ORDER BY o.year DESC LIMIT 1)"
             " ELSE (SELECT o.value FROM own o WHERE o.elem = e.code AND o.unit = u.id AND o.year = y.year)"
             " END AS value FROM elem e CROSS JOIN unit u CROSS JOIN years y;"
             "CREATE INDEX contrib_unit ON contrib(unit);"
             "CREATE TABLE agg AS"
             " SELECT c.elem AS elem, s.anc AS unit, c.year AS year, sum(c.value) AS value"
             "  FROM sub s JOIN contrib c ON c.unit = s.unit WHERE c.agg <> 'own'"
             "  GROUP BY c.elem, s.anc, c.year"
             " UNION ALL SELECT elem, unit, year, value FROM contrib WHERE agg = 'own';"
             "CREATE UNIQUE INDEX agg_key ON agg(elem, unit, year);"
             "CREATE TABLE cnt AS WITH RECURSIVE l(level) AS ("
             "  SELECT 0 UNION ALL SELECT level + 1 FROM l WHERE level < 7)"
             " SELECT a.id AS unit, l.level AS level,"
             "  (SELECT count(*) FROM sub s JOIN unit u ON u.id = s.unit"
             "   WHERE s.anc = a.id AND u.level = l.level) AS n"
             " FROM unit a CROSS JOIN l;"
             "CREATE TABLE uw AS SELECT a.elem AS elem, u.level AS level, s.anc AS unit, a.year AS year,"
             " CASE WHEN count(a.value) = 0 THEN NULL ELSE total(a.value > 0) END AS n"
             " FROM sub s JOIN unit u ON u.id = s.unit JOIN agg a ON a.unit = u.id"
             " GROUP BY a.elem, u.level, s.anc, a.year;"
             "CREATE TABLE ind_year(ind TEXT NOT NULL, unit INTEGER NOT NULL, year INTEGER NOT NULL,"
             " value REAL, PRIMARY KEY (ind, unit, year));");
    char sql[1024];
    for (size_t i = 0; i < NINDS; i++) {
        snprintf(sql, sizeof sql, "INSERT INTO ind_year SELECT '%s', * FROM (%s)", INDS[i].code,
                 INDS[i].sql);
        sql_exec(db, sql);
    }
    /* Cumulative: what was done since the base year, the running total of
     * the years after it that have a value. */
    sql_exec(db, "CREATE TABLE ind_val AS SELECT i.ind AS ind, i.unit AS unit, i.year AS year,"
                 " CASE WHEN NOT k.cumulative OR i.year <= p.base_year OR i.value IS NULL THEN i.value"
                 " ELSE (SELECT sum(j.value) FROM ind_year j WHERE j.ind = i.ind AND j.unit = i.unit"
                 "       AND j.year > p.base_year AND j.year <= i.year) END AS value"
                 " FROM ind_year i JOIN ind k ON k.code = i.ind CROSS JOIN plan p;"
                 "COMMIT");
    return db;
}

/* Rows (unit, year, value) of a query into grid[year][g] (NaN where absent). */
static void sql_grid(sqlite3 *db, const world *w, const char *sql, const char *key, double *grid)
{
    size_t cells = (size_t)w->nyears * w->n;
    for (size_t c = 0; c < cells; c++)
        grid[c] = NAN;
    sqlite3_stmt *st = sql_prep(db, sql);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long long g = sqlite3_column_int64(st, 0);
        int y = sqlite3_column_int(st, 1) - w->year0;
        assert_true(g >= 0 && (size_t)g < w->n && y >= 0 && y < w->nyears);
        grid[(size_t)y * w->n + (size_t)g] =
            sqlite3_column_type(st, 2) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 2);
    }
    assert_int_equal(rc, SQLITE_DONE);
    sqlite3_finalize(st);
}

/* ---- comparing ------------------------------------------------------------------- */

static bool close_enough(double a, double b)
{
    if (isnan(a) || isnan(b))
        return isnan(a) && isnan(b);
    return a == b || fabs(a - b) <= 1e-9 * fmax(fabs(a), fabs(b));
}

typedef struct tally {
    size_t cells, values; /* compared; of those, with a value */
} tally;

/* The engine's answer for (item, unit, year) against SQL's; on the first
 * difference the test stops with everything needed to replay it. */
static void expect_same(const char *what, const char *item, const world *w, size_t g, int year,
                        double engine, double sql, tally *t)
{
    t->cells++;
    t->values += !isnan(sql);
    if (!close_enough(engine, sql))
        fail_msg("%s %s, unit %s (level %d, %zu units), %d: engine %.17g, SQL %.17g", what, item,
                 w->code[g], w->level[g], w->n, year, engine, sql);
}

static void compare_world(const world *w, const pm_engine *e, sqlite3 *db, tally *t)
{
    double *grid = xmalloc((size_t)w->nyears * w->n * sizeof *grid);
    for (size_t k = 0; k < NELEMS; k++) {
        sql_grid(db, w, "SELECT unit, year, value FROM agg WHERE elem = ?1", ELEMS[k].code, grid);
        for (int y = 0; y < w->nyears; y++)
            for (size_t g = 0; g < w->n; g++)
                expect_same("element", ELEMS[k].code, w, g, w->year0 + y,
                            pm_engine_elem(e, (int)k, w->pos[g], w->year0 + y), grid[(size_t)y * w->n + g],
                            t);
    }
    for (size_t i = 0; i < NINDS; i++) {
        sql_grid(db, w, "SELECT unit, year, value FROM ind_val WHERE ind = ?1", INDS[i].code, grid);
        for (int y = 0; y < w->nyears; y++)
            for (size_t g = 0; g < w->n; g++)
                expect_same("indicator", INDS[i].code, w, g, w->year0 + y,
                            pm_engine_value(e, (int)i, w->pos[g], w->year0 + y), grid[(size_t)y * w->n + g],
                            t);
    }
    /* Completeness: own figures, children with any figure in their subtree. */
    sql_grid(db, w, "SELECT unit, year, count(value) FROM own WHERE ?1 IS NOT NULL GROUP BY unit, year",
             "", grid);
    for (int y = 0; y < w->nyears; y++)
        for (size_t g = 0; g < w->n; g++) {
            double s = grid[(size_t)y * w->n + g];
            expect_same("completeness", "filled", w, g, w->year0 + y,
                        e->filled[(size_t)y * w->n + (size_t)w->pos[g]], isnan(s) ? 0 : s, t);
        }
    sql_grid(db, w,
             "SELECT c.parent, y.year, count(*) FROM unit c CROSS JOIN years y"
             " WHERE ?1 IS NOT NULL AND c.parent IS NOT NULL AND EXISTS (SELECT 1 FROM sub s"
             "  JOIN own o ON o.unit = s.unit WHERE s.anc = c.id AND o.year = y.year AND o.value IS NOT NULL)"
             " GROUP BY c.parent, y.year",
             "", grid);
    for (int y = 0; y < w->nyears; y++)
        for (size_t g = 0; g < w->n; g++) {
            double s = grid[(size_t)y * w->n + g];
            expect_same("completeness", "kids_reported", w, g, w->year0 + y,
                        e->kids_reported[(size_t)y * w->n + (size_t)w->pos[g]], isnan(s) ? 0 : s, t);
        }
    sql_grid(db, w,
             "SELECT u.id, y.year, (SELECT count(*) FROM elem e WHERE e.level < 0 OR e.level = u.level)"
             " FROM unit u CROSS JOIN years y WHERE ?1 IS NOT NULL",
             "", grid);
    for (size_t g = 0; g < w->n; g++)
        expect_same("completeness", "expected", w, g, w->year0, e->expected[w->pos[g]], grid[g], t);
    sql_grid(db, w,
             "SELECT p.id, y.year, (SELECT count(*) FROM unit c WHERE c.parent = p.id)"
             " FROM unit p CROSS JOIN years y WHERE ?1 IS NOT NULL",
             "", grid);
    for (size_t g = 0; g < w->n; g++)
        expect_same("completeness", "kids", w, g, w->year0, e->kids[w->pos[g]], grid[g], t);
    free(grid);
}

/* ---- property tests --------------------------------------------------------------- */

static const struct {
    uint64_t seed;
    int depth;
    size_t n;
    int year0;
} WORLDS[] = {
    {1, 1, 1, 2020},    {2, 2, 2, 2020},     {3, 2, 9, 2019},     {4, 3, 3, 2020},
    {5, 3, 12, 2020},   {6, 3, 40, 2019},    {7, 4, 25, 2020},    {8, 4, 120, 2019},
    {9, 3, 300, 2020},  {10, 4, 700, 2020},  {11, 4, 1500, 2019}, {12, 2, 60, 2020},
    {13, 4, 5, 2020},   {14, 3, 200, 2021},
};

static void test_random_trees(void **state)
{
    (void)state;
    tally t = {0};
    bool saw_childless_town = false, saw_single = false, saw_skip = false;
    for (size_t c = 0; c < sizeof WORLDS / sizeof WORLDS[0]; c++) {
        world w;
        make_world(&w, WORLDS[c].seed, WORLDS[c].depth, WORLDS[c].n, WORLDS[c].year0);
        saw_single |= w.n == 1;
        for (size_t g = 0; g < w.n; g++) {
            int u = w.pos[g];
            saw_childless_town |= w.level[g] == PM_LEVEL_TOWN && w.tree.end[u] == u + 1 &&
                                  WORLDS[c].depth >= 3;
            saw_skip |= w.parent[g] >= 0 && w.level[g] > w.level[w.parent[g]] + 1;
        }
        pm_engine e;
        run_engine(&w, &e);
        sqlite3 *db = sql_world(&w);
        compare_world(&w, &e, db, &t);
        sqlite3_close(db);
        pm_engine_free(&e);
        free_world(&w);
    }
    assert_true(saw_single && saw_childless_town && saw_skip);
    /* The comparisons were about something: most cells hold values. */
    print_message("compared %zu cells, %zu with a value\n", t.cells, t.values);
    assert_true(t.cells > 400000);
    assert_true(t.values > t.cells / 2);
}

/* ---- judging every year at once ------------------------------------------------- */

static bool same_bits(double a, double b)
{
    return !memcmp(&a, &b, sizeof a);
}

static bool same_judgment(const pm_pace_out *a, const pm_pace_out *b)
{
    return a->status == b->status && a->early == b->early && a->maintain == b->maintain && a->ahead == b->ahead &&
           a->base_year == b->base_year && a->year == b->year && a->projected_met == b->projected_met &&
           a->outlook == b->outlook && a->alert == b->alert && same_bits(a->base, b->base) &&
           same_bits(a->value, b->value) && same_bits(a->gap_share, b->gap_share) && same_bits(a->pace, b->pace) &&
           same_bits(a->projected, b->projected) && same_bits(a->required, b->required);
}

/* The straightforward judgment, written out here: the values up to year
 * read one by one and handed to the general pm_pace (any order, every
 * check), as the engine did before its fast path. */
static void pace_reference(const pm_engine *e, int i, int u, int year, const pm_goalpost *g, pm_pace_out *out)
{
    const pm_indicator *ind = &e->plan->ind[i];
    pm_obs obs[PM_ENGINE_MAX_YEARS];
    size_t n = 0;
    for (int y = e->year0; y <= year; y++) {
        double v = pm_engine_value(e, i, u, y);
        if (!isnan(v))
            obs[n++] = (pm_obs){y, v};
    }
    pm_limits lim;
    pm_indicator_limits(ind, &lim.min, &lim.max);
    pm_pace_in in = {e->plan->base_year, g->baseline, e->plan->target_year, g->target, ind->polarity,
                     ind->cumulative, ind->binding, obs, n, &lim};
    pm_pace(&in, &PM_PACE_DEFAULT, out);
}

/* Gives the world's indicators goalposts that make every status happen:
 * a baseline (or none) and a target near the root's own course (or equal
 * to the baseline: a target to keep), either polarity, binding or not,
 * limits now and then. */
static void set_goalposts(world *w, const pm_engine *e, uint64_t seed)
{
    rng r = {seed};
    for (size_t i = 0; i < w->plan.nind; i++) {
        pm_indicator *ind = &w->plan.ind[i];
        double around = NAN;
        for (int y = w->year0; y <= TARGET_YEAR && isnan(around); y++)
            around = pm_engine_value(e, (int)i, 0, y);
        if (!isfinite(around))
            around = 10;
        ind->baseline = chance(&r, 60) ? around * (0.5 + rnd_below(&r, 100) / 100.0) : NAN;
        ind->target = chance(&r, 85) ? around * (0.5 + rnd_below(&r, 200) / 100.0) : NAN;
        if (chance(&r, 10))
            ind->target = ind->baseline;
        ind->polarity = chance(&r, 30) ? -1 : 1;
        ind->binding = chance(&r, 50);
        ind->qualitative = chance(&r, 5);
        ind->has_limits = chance(&r, 20);
        ind->lim_min = 0;
        ind->lim_max = chance(&r, 50) ? INFINITY : around;
    }
}

/* The element sums as the plain algorithm makes them, into ref ([y][u] in
 * tree order): a unit's figures of years it did not exist dropped, every
 * stock's gaps filled from the year before as reported (all years before
 * any is summed), then each year's row summed child into parent, walking
 * the preorder backwards, one addition at a time in memory. */
static void plain_sums(const world *w, size_t k, double *ref)
{
    const pm_tree *t = &w->tree;
    size_t n = w->n;
    for (int y = 0; y < w->nyears; y++) {
        double *row = ref + (size_t)y * n;
        for (size_t g = 0; g < n; g++)
            row[w->pos[g]] = *own_at(w, k, y, g);
        for (size_t u = 0; u < n; u++)
            if (!pm_unit_exists(&t->u[u], w->year0 + y))
                row[u] = NAN;
        for (size_t u = 0; y > 0 && ELEMS[k].agg == PM_AGG_LAST && u < n; u++)
            if (isnan(row[u]) && pm_unit_exists(&t->u[u], w->year0 + y))
                row[u] = row[u - n];
    }
    for (int y = 0; y < w->nyears && ELEMS[k].agg != PM_AGG_OWN; y++) {
        double *row = ref + (size_t)y * n;
        for (size_t u = n; u-- > 1;) {
            int p = t->u[u].parent;
            if (!isnan(row[u]))
                row[p] = isnan(row[p]) ? row[u] : row[p] + row[u];
        }
    }
}

/* The engine's sums are the plain algorithm's to the bit (it keeps a
 * parent's running sum in a register and its stocks' reported figures
 * apart, which must change neither the additions nor their order): random
 * worlds, with a few figures -0.0 (the one value whose sum with "nothing
 * yet" could come out differently). */
static void test_sums_same_bits(void **state)
{
    (void)state;
    size_t compared = 0, negzero = 0;
    for (size_t c = 0; c < sizeof WORLDS / sizeof WORLDS[0]; c++) {
        world w;
        make_world(&w, WORLDS[c].seed, WORLDS[c].depth, WORLDS[c].n, WORLDS[c].year0);
        rng r = {WORLDS[c].seed * 7919};
        size_t cells = NELEMS * (size_t)w.nyears * w.n;
        for (size_t x = 0; x < cells; x++)
            if (w.own[x] == 0 && chance(&r, 30)) {
                w.own[x] = -0.0;
                negzero++;
            }
        pm_engine e;
        run_engine(&w, &e);
        double *ref = xmalloc((size_t)w.nyears * w.n * sizeof *ref);
        for (size_t k = 0; k < NELEMS; k++) {
            plain_sums(&w, k, ref);
            for (int y = 0; y < w.nyears; y++)
                for (size_t u = 0; u < w.n; u++) {
                    double got = pm_engine_elem(&e, (int)k, (int)u, w.year0 + y), want = ref[(size_t)y * w.n + u];
                    if (!same_bits(got, want))
                        fail_msg("world %zu, %s, unit %zu, %d: engine %a, plain %a", c, ELEMS[k].code, u,
                                 w.year0 + y, got, want);
                    compared++;
                }
        }
        free(ref);
        pm_engine_free(&e);
        free_world(&w);
    }
    print_message("compared %zu sums bit for bit (%zu figures -0.0)\n", compared, negzero);
    assert_true(compared > 100000 && negzero > 100);
}

/* Random world c, run, with the goalposts of variant v: what the judging
 * tests below read. */
static void judged_world(world *w, pm_engine *e, size_t c, uint64_t v)
{
    make_world(w, WORLDS[c].seed, WORLDS[c].depth, WORLDS[c].n, WORLDS[c].year0);
    run_engine(w, e);
    set_goalposts(w, e, WORLDS[c].seed * 31 + v);
}

/* pm_engine_pace_years (the series gathered once, each year judged on its
 * prefix) and pm_engine_pace (the sorted fast path) against the general
 * method for every indicator, unit and year of the random worlds: the
 * same judgment, bit for bit. Ratios over zero give ±inf and NaN, which
 * send a series to the general path. */
static void test_pace_years(void **state)
{
    (void)state;
    size_t judged = 0, by_status[PM_ST_COUNT] = {0};
    for (size_t c = 0; c < sizeof WORLDS / sizeof WORLDS[0]; c++)
        for (uint64_t v = 0; v < 3; v++) {
            world w;
            pm_engine e;
            judged_world(&w, &e, c, v);
            pm_pace_out years[PM_ENGINE_MAX_YEARS];
            for (size_t i = 0; i < w.plan.nind; i++)
                for (size_t u = 0; u < w.n; u++) {
                    double own_target = 7.5, own_base = NAN;
                    bool own = (u + i + v) % 5 == 0;
                    pm_goalpost g = pm_engine_goalpost(&e, (int)i, (int)u, own ? &own_base : NULL,
                                                       own ? &own_target : NULL);
                    pm_engine_pace_years(&e, (int)i, (int)u, &g, &PM_PACE_DEFAULT, years);
                    for (size_t y = 0; y < e.nyears; y++) {
                        int year = e.year0 + (int)y;
                        pm_pace_out want, one;
                        if (w.plan.ind[i].qualitative) {
                            pm_pace_in none = {.base_year = BASE_YEAR, .base = NAN, .target_year = TARGET_YEAR,
                                               .target = NAN, .polarity = 1};
                            pm_pace(&none, &PM_PACE_DEFAULT, &want);
                            want.status = PM_ST_MANUAL;
                        } else {
                            pace_reference(&e, (int)i, (int)u, year, &g, &want);
                        }
                        pm_engine_pace(&e, (int)i, (int)u, year, &g, &PM_PACE_DEFAULT, &one);
                        if (!same_judgment(&want, &one) || !same_judgment(&want, &years[y]))
                            fail_msg("world %zu/%u indicator %zu unit %zu year %d: %s, one year %s, all years %s",
                                     c, (unsigned)v, i, u, year, pm_status_key(want.status),
                                     pm_status_key(one.status), pm_status_key(years[y].status));
                        by_status[want.status]++;
                        judged++;
                    }
                }
            pm_engine_free(&e);
            free_world(&w);
        }
    print_message("compared %zu judgments\n", judged);
    for (int st = 0; st < PM_ST_COUNT; st++)
        if (by_status[st] < 100)
            fail_msg("status %s only %zu times in %zu judgments", pm_status_key(st), by_status[st], judged);
}

/* pm_engine_goalposts against pm_engine_goalpost, and
 * pm_engine_pace_years_units against pm_engine_pace_years (which
 * test_pace_years holds to the general method) for every indicator and
 * unit of the random worlds, bit for bit: the units in runs of 1 to 9 (a
 * run's first unit anywhere, so a wrong offset into the rows, the
 * goalposts or the outputs shows) and all of them in one call. */
static void test_pace_years_units(void **state)
{
    (void)state;
    size_t compared = 0, runs = 0, goalposts = 0;
    for (size_t c = 0; c < sizeof WORLDS / sizeof WORLDS[0]; c++)
        for (uint64_t v = 0; v < 3; v++) {
            world w;
            pm_engine e;
            judged_world(&w, &e, c, v);
            size_t ny = e.nyears;
            pm_goalpost *g = xnmalloc(w.n, sizeof *g);
            pm_pace_out *all = xnmalloc(w.n * ny, sizeof *all), *some = xnmalloc(w.n * ny, sizeof *some);
            for (size_t i = 0; i < w.plan.nind; i++) {
                for (size_t u = 0; u < w.n; u++) {
                    double own_target = 7.5 + (double)(u % 3), own_base = u % 2 ? NAN : 2.0;
                    bool own = (u + i + v) % 5 == 0;
                    g[u] = pm_engine_goalpost(&e, (int)i, (int)u, own ? &own_base : NULL, own ? &own_target : NULL);
                }
                /* pm_engine_goalposts against pm_engine_goalpost without
                 * own targets, in runs as below. */
                for (size_t u0 = 0, len = 1 + (i + v + 4) % 9; u0 < w.n; u0 += len, len = 1 + (len * 5 + 3) % 9) {
                    size_t u1 = u0 + len < w.n ? u0 + len : w.n;
                    pm_goalpost run[9];
                    pm_engine_goalposts(&e, (int)i, (int)u0, (int)u1, run);
                    for (size_t u = u0; u < u1; u++) {
                        pm_goalpost one = pm_engine_goalpost(&e, (int)i, (int)u, NULL, NULL);
                        const pm_goalpost *r = &run[u - u0];
                        if (!same_bits(one.baseline, r->baseline) || !same_bits(one.target, r->target) ||
                            one.op != r->op || one.judged != r->judged)
                            fail_msg("world %zu/%u indicator %zu unit %zu: goalposts differ", c, (unsigned)v, i, u);
                        goalposts++;
                    }
                }
                /* No units: nothing written, for a qualitative indicator
                 * too (it wrote out[0] before the loop). */
                pm_pace_out canary, before;
                memset(&canary, 0x77, sizeof canary);
                before = canary;
                pm_engine_pace_years_units(&e, (int)i, (int)(w.n / 2), (int)(w.n / 2), g, &PM_PACE_DEFAULT, &canary);
                if (memcmp(&canary, &before, sizeof canary))
                    fail_msg("world %zu/%u indicator %zu: an empty run of units wrote a judgment", c, (unsigned)v, i);
                /* Poisoned, so that a judgment not written shows. */
                memset(all, 0xa5, w.n * ny * sizeof *all);
                memset(some, 0x5a, w.n * ny * sizeof *some);
                pm_engine_pace_years_units(&e, (int)i, 0, (int)w.n, g, &PM_PACE_DEFAULT, all);
                for (size_t u0 = 0, len = 1 + (i + v) % 9; u0 < w.n; u0 += len, len = 1 + (len * 5 + 3) % 9) {
                    size_t u1 = u0 + len < w.n ? u0 + len : w.n;
                    pm_engine_pace_years_units(&e, (int)i, (int)u0, (int)u1, &g[u0], &PM_PACE_DEFAULT,
                                               &some[u0 * ny]);
                    runs++;
                }
                for (size_t u = 0; u < w.n; u++) {
                    pm_pace_out one[PM_ENGINE_MAX_YEARS];
                    pm_engine_pace_years(&e, (int)i, (int)u, &g[u], &PM_PACE_DEFAULT, one);
                    for (size_t y = 0; y < ny; y++) {
                        if (!same_judgment(&one[y], &all[u * ny + y]) || !same_judgment(&one[y], &some[u * ny + y]))
                            fail_msg("world %zu/%u indicator %zu unit %zu year %d: %s, all units %s, in runs %s", c,
                                     (unsigned)v, i, u, e.year0 + (int)y, pm_status_key(one[y].status),
                                     pm_status_key(all[u * ny + y].status), pm_status_key(some[u * ny + y].status));
                        compared++;
                    }
                }
            }
            free(some);
            free(all);
            free(g);
            pm_engine_free(&e);
            free_world(&w);
        }
    print_message("compared %zu judgments (%zu runs of units), %zu goalposts\n", compared, runs, goalposts);
    assert_true(compared > 100000 && goalposts > 10000);
}

/* pm_judge_each over a world: every chunk handed over once, aligned on
 * the range's first unit, each goalpost and judgment the same bit for bit
 * as pm_engine_goalpost (with the unit's first target, found here by
 * codes as the targets list them) and
 * pm_engine_pace_years give one unit at a time. fn runs on both lanes at
 * once, so it only counts (cmocka may not fail from the worker); the
 * checks come after. */
typedef struct each_check {
    const pm_evaluation *ev;
    int u0, u1;
    unsigned char *seen;    /* [chunk]: times handed over (one byte each: a chunk's own) */
    size_t wrong[PM_JUDGE_LANES], chunks[PM_JUDGE_LANES], judged[PM_JUDGE_LANES];
    long stop_after;        /* >= 0: fn says stop on that lane's chunk count */
} each_check;

/* The first of ev's targets naming indicator i and unit u by code: what
 * pm_evaluation_target's index must agree with. */
static const pm_unit_target *target_reference(const pm_evaluation *ev, int i, int u)
{
    for (size_t k = 0; k < ev->ntargets; k++)
        if (!strcmp(ev->targets[k].indicator, ev->plan.ind[i].code) && !strcmp(ev->targets[k].unit, ev->tree.u[u].code))
            return &ev->targets[k];
    return NULL;
}

static bool check_chunk(void *ctx, int lane, int c0, int c1, const pm_goalpost *g, const pm_pace_out *out)
{
    each_check *c = ctx;
    const pm_engine *e = &c->ev->engine;
    size_t n = (size_t)(c1 - c0), ny = e->nyears;
    bool aligned = (c0 - c->u0) % PM_JUDGE_CHUNK == 0 && c0 >= c->u0 &&
                   c1 == (c0 + PM_JUDGE_CHUNK < c->u1 ? c0 + PM_JUDGE_CHUNK : c->u1);
    if (!aligned) {
        c->wrong[lane]++;
        return true;
    }
    c->seen[(c0 - c->u0) / PM_JUDGE_CHUNK]++;
    c->chunks[lane]++;
    for (size_t i = 0; i < c->ev->plan.nind; i++)
        for (int u = c0; u < c1; u++) {
            const pm_unit_target *t = target_reference(c->ev, (int)i, u);
            c->wrong[lane] += pm_evaluation_target(c->ev, (int)i, u) != t;
            pm_goalpost want = pm_engine_goalpost(e, (int)i, u, t ? &t->baseline : NULL, t ? &t->target : NULL);
            const pm_goalpost *got = &g[i * n + (size_t)(u - c0)];
            if (!same_bits(want.baseline, got->baseline) || !same_bits(want.target, got->target) ||
                want.op != got->op || want.judged != got->judged)
                c->wrong[lane]++;
            pm_pace_out one[PM_ENGINE_MAX_YEARS];
            pm_engine_pace_years(e, (int)i, u, &want, &PM_PACE_DEFAULT, one);
            for (size_t y = 0; y < ny; y++) {
                c->wrong[lane] += !same_judgment(&one[y], &out[(i * n + (size_t)(u - c0)) * ny + y]);
                c->judged[lane]++;
            }
        }
    return c->stop_after < 0 || (long)c->chunks[lane] < c->stop_after;
}

/* Own targets for about one (indicator, unit) pair in seven of w, two for
 * some pairs (the first counts), and some naming no unit or indicator of
 * the world; codes borrowed from w. */
static pm_unit_target *world_targets(const world *w, size_t *n)
{
    pm_unit_target *t = xnmalloc(w->plan.nind * w->n + 2, sizeof *t);
    size_t m = 0;
    for (size_t u = 0; u < w->n; u++)
        for (size_t i = 0; i < w->plan.nind; i++) {
            if ((u * 3 + i) % 7)
                continue;
            double base = u % 2 ? NAN : 1.5 + (double)(u % 5);
            t[m++] = (pm_unit_target){w->tree.u[u].code, w->plan.ind[i].code, base, 8.0 + (double)(i % 4)};
            if (u % 3 == 0) /* a second for the same pair, later: never used */
                t[m++] = (pm_unit_target){w->tree.u[u].code, w->plan.ind[i].code, 99.0, -99.0};
        }
    t[m++] = (pm_unit_target){"no-such-unit", w->plan.ind[0].code, 1, 2};
    t[m++] = (pm_unit_target){w->tree.u[0].code, "no-such-indicator", 1, 2};
    *n = m;
    return t;
}

static void test_judge_each(void **state)
{
    (void)state;
    size_t judged = 0, lanes_used[PM_JUDGE_LANES] = {0}, stopped = 0;
    for (size_t c = 0; c < sizeof WORLDS / sizeof WORLDS[0]; c++)
        for (uint64_t v = 0; v < 3; v++) { /* no targets; targets indexed; targets by hand, no index */
            world w;
            pm_evaluation ev = {0};
            judged_world(&w, &ev.engine, c, v);
            ev.plan = w.plan; /* borrowed: freed with w */
            ev.tree = w.tree;
            if (v)
                ev.targets = world_targets(&w, &ev.ntargets);
            if (v == 1)
                pm_evaluation_index_targets(&ev);
            /* The whole tree, a subtree (the last child of the root), and
             * an empty range. */
            int last_kid = -1;
            for (int u = 1; u < (int)w.n; u = ev.tree.end[u])
                last_kid = u;
            int ranges[3][2] = {{0, (int)w.n}, {last_kid, last_kid >= 0 ? ev.tree.end[last_kid] : -1}, {3, 3}};
            for (int r = 0; r < 3; r++) {
                if (ranges[r][0] < 0)
                    continue;
                int u0 = ranges[r][0], u1 = ranges[r][1];
                size_t nchunks = (size_t)(u1 - u0 + PM_JUDGE_CHUNK - 1) / PM_JUDGE_CHUNK;
                each_check ck = {&ev, u0, u1, xcalloc(nchunks + 1, 1), {0}, {0}, {0}, -1};
                assert_true(pm_judge_each(&ev, u0, u1, &PM_PACE_DEFAULT, check_chunk, &ck));
                for (int l = 0; l < PM_JUDGE_LANES; l++) {
                    if (ck.wrong[l])
                        fail_msg("world %zu/%u units %d-%d lane %d: %zu goalposts or judgments differ", c,
                                 (unsigned)v, u0, u1, l, ck.wrong[l]);
                    judged += ck.judged[l];
                    lanes_used[l] += ck.chunks[l];
                }
                for (size_t k = 0; k < nchunks; k++)
                    if (ck.seen[k] != 1)
                        fail_msg("world %zu/%u units %d-%d: chunk %zu handed over %u times", c, (unsigned)v, u0, u1,
                                 k, ck.seen[k]);
                free(ck.seen);
                /* fn's false: each lane stops at its first chunk, and
                 * pm_judge_each says so. */
                if (nchunks > 4) {
                    each_check st = {&ev, u0, u1, xcalloc(nchunks + 1, 1), {0}, {0}, {0}, 1};
                    assert_false(pm_judge_each(&ev, u0, u1, &PM_PACE_DEFAULT, check_chunk, &st));
                    for (int l = 0; l < PM_JUDGE_LANES; l++)
                        assert_true(st.chunks[l] <= 1 && !st.wrong[l]);
                    free(st.seen);
                    stopped++;
                }
            }
            free(ev.targets);
            free(ev.target_at);
            pm_engine_free(&ev.engine);
            free_world(&w);
        }
    print_message("compared %zu judgments; chunks by lane %zu and %zu; %zu stopped\n", judged, lanes_used[0],
                  lanes_used[1], stopped);
    assert_true(judged > 100000 && stopped > 5);
}

/* The goalposts' rules (DESIGN "Towns") written out here as they were
 * before pm_engine_goalpost and pm_engine_goalposts shared one body, so
 * that the cross-check above is not the code against itself. */
static pm_goalpost goalpost_reference(const pm_engine *e, int i, int u, const double *own_baseline,
                                      const double *own_target)
{
    const pm_indicator *ind = &e->plan->ind[i];
    double own_base = ind->cumulative ? ind->baseline : pm_engine_value(e, i, u, e->plan->base_year);
    pm_goalpost g = {ind->baseline, ind->target, ind->target_op, true};
    if (own_target) {
        g.target = *own_target;
        if (own_baseline && !isnan(*own_baseline))
            g.baseline = *own_baseline;
        else if (u != 0)
            g.baseline = own_base;
    } else if (u != 0 && !ind->rate) {
        g.baseline = g.target = NAN;
        g.judged = false;
    } else if (u != 0) {
        g.baseline = own_base;
    }
    return g;
}

static bool same_goalpost(const pm_goalpost *a, const pm_goalpost *b)
{
    return same_bits(a->baseline, b->baseline) && same_bits(a->target, b->target) && a->op == b->op &&
           a->judged == b->judged;
}

/* pm_engine_goalpost (with and without the unit's own target and
 * baseline) and pm_engine_goalposts (in runs) against the rules written
 * out, for every indicator and unit of the random worlds, each indicator
 * also made cumulative or not and a rate or not (the rules' branches),
 * with and without a baseline of the plan's. */
static void test_goalposts(void **state)
{
    (void)state;
    size_t compared = 0;
    for (size_t c = 0; c < sizeof WORLDS / sizeof WORLDS[0]; c++) {
        world w;
        pm_engine e;
        judged_world(&w, &e, c, 0);
        for (size_t i = 0; i < w.plan.nind; i++) {
            pm_indicator *ind = &w.plan.ind[i];
            for (int flags = 0; flags < 8; flags++) {
                ind->cumulative = flags & 1;
                ind->rate = flags & 2;
                ind->baseline = flags & 4 ? NAN : 3.25;
                for (size_t u = 0; u < w.n; u++) {
                    /* None; a target alone; with a baseline NaN; with
                     * one; a baseline without a target (not read). */
                    double own_target = 7.5, own_base[] = {NAN, 2.0};
                    for (int k = 0; k < 5; k++) {
                        const double *ob = k == 2 ? &own_base[0] : k >= 3 ? &own_base[1] : NULL;
                        const double *ot = k >= 1 && k <= 3 ? &own_target : NULL;
                        pm_goalpost want = goalpost_reference(&e, (int)i, (int)u, ob, ot);
                        pm_goalpost got = pm_engine_goalpost(&e, (int)i, (int)u, ob, ot);
                        if (!same_goalpost(&want, &got))
                            fail_msg("world %zu indicator %zu flags %d unit %zu case %d: goalposts differ", c, i,
                                     flags, u, k);
                        compared++;
                    }
                }
                for (size_t u0 = 0, len = 1 + (i + (size_t)flags) % 9; u0 < w.n;
                     u0 += len, len = 1 + (len * 5 + 3) % 9) {
                    size_t u1 = u0 + len < w.n ? u0 + len : w.n;
                    pm_goalpost run[9];
                    pm_engine_goalposts(&e, (int)i, (int)u0, (int)u1, run);
                    for (size_t u = u0; u < u1; u++) {
                        pm_goalpost want = goalpost_reference(&e, (int)i, (int)u, NULL, NULL);
                        if (!same_goalpost(&want, &run[u - u0]))
                            fail_msg("world %zu indicator %zu flags %d unit %zu: a run's goalposts differ", c, i,
                                     flags, u);
                        compared++;
                    }
                }
            }
        }
        pm_engine_free(&e);
        free_world(&w);
    }
    print_message("compared %zu goalposts\n", compared);
    assert_true(compared > 100000);
}

/* ---- hand-made cases -------------------------------------------------------------- */

/* D → T1 → {C1, C2}, D → T2 (no children), given in an order that is not
 * preorder. */
static void small_tree(pm_tree *t)
{
    pm_unit_in in[] = {
        {"C2", "二村", "T1", 2, 5, NULL, 0, 0}, {"D", "区", NULL, 0, 2, NULL, 0, 0}, {"T2", "乙镇", "D", 1, 6, NULL, 0, 0},
        {"T1", "甲镇", "D", 1, 3, NULL, 0, 0},  {"C1", "一村", "T1", 2, 4, NULL, 0, 0},
    };
    pm_err e = {0};
    if (!pm_tree_build(in, sizeof in / sizeof in[0], t, &e))
        fail_msg("tree: %s", e.msg);
}

static void set_own(pm_engine *e, const pm_tree *t, const char *elem, const char *unit, int year, double v)
{
    int el = pm_plan_element(e->plan, elem), u = pm_tree_find(t, unit);
    assert_true(el >= 0 && u >= 0);
    double *row = pm_engine_own(e, el, year);
    assert_non_null(row);
    row[u] = v;
}

static double elem_at(const pm_engine *e, const pm_tree *t, const char *elem, const char *unit, int year)
{
    return pm_engine_elem(e, pm_plan_element(e->plan, elem), pm_tree_find(t, unit), year);
}

static int ind_index(const pm_plan *p, const char *code)
{
    for (size_t i = 0; i < p->nind; i++)
        if (!strcmp(p->ind[i].code, code))
            return (int)i;
    fail_msg("no indicator %s", code);
    return -1;
}

static double value_at(const pm_engine *e, const pm_tree *t, const char *ind, const char *unit, int year)
{
    return pm_engine_value(e, ind_index(e->plan, ind), pm_tree_find(t, unit), year);
}

static void assert_close_at(double got, double want, int line)
{
    if (!close_enough(got, want))
        fail_msg("line %d: got %.17g, want %.17g", line, got, want);
}
#define assert_close(got, want) assert_close_at((got), (want), __LINE__)

/* The district's share is the sum of the numerators over the sum of the
 * denominators: 54/114, not the average of 10 %, 50 % and 75 %. */
static void test_ratio_is_not_average(void **state)
{
    (void)state;
    pm_plan p;
    empty_plan(&p);
    add_element(&p, "num", PM_AGG_SUM, PM_KIND_COUNT, -1);
    add_element(&p, "den", PM_AGG_SUM, PM_KIND_COUNT, -1);
    add_element(&p, "flag", PM_AGG_OWN, PM_KIND_FLAG, PM_LEVEL_COMMUNITY);
    add_element(&p, "R", PM_AGG_OWN, PM_KIND_SHARE, -1);
    add_indicator(&p, "ratio", "#{num} / #{den} * 100", false, true);
    add_indicator(&p, "cover", "units_with(flag, community) / units(community) * 100", false, true);
    add_indicator(&p, "R", NULL, false, true);
    pm_tree t;
    small_tree(&t);
    pm_engine e;
    pm_err err = {0};
    assert_true(engine_init(&e, &p, &t, 2020, 2022, &err));
    set_own(&e, &t, "num", "C1", 2021, 1);
    set_own(&e, &t, "den", "C1", 2021, 10);
    set_own(&e, &t, "num", "C2", 2021, 50);
    set_own(&e, &t, "den", "C2", 2021, 100);
    set_own(&e, &t, "num", "T2", 2021, 3);
    set_own(&e, &t, "den", "T2", 2021, 4);
    /* A denominator of 0 gives no ratio for that unit, but its numbers
     * still count above it. */
    set_own(&e, &t, "num", "C1", 2022, 0);
    set_own(&e, &t, "den", "C1", 2022, 0);
    set_own(&e, &t, "num", "C2", 2022, 5);
    set_own(&e, &t, "den", "C2", 2022, 20);
    set_own(&e, &t, "flag", "C1", 2021, 1);
    set_own(&e, &t, "flag", "C2", 2021, 0);
    set_own(&e, &t, "flag", "C2", 2022, 1);
    set_own(&e, &t, "R", "T1", 2021, 40);
    set_own(&e, &t, "R", "C1", 2021, 90);
    pm_engine_run(&e);

    double t1 = value_at(&e, &t, "ratio", "T1", 2021), d = value_at(&e, &t, "ratio", "D", 2021);
    assert_close(t1, 51.0 / 110 * 100);
    assert_close(d, 54.0 / 114 * 100);
    double avg_t1 = (10.0 + 50.0) / 2, avg_d = (avg_t1 + 75.0) / 2, avg_all = (10.0 + 50.0 + 75.0) / 3;
    assert_true(fabs(t1 - avg_t1) > 1 && fabs(d - avg_d) > 1 && fabs(d - avg_all) > 1);
    assert_close(value_at(&e, &t, "ratio", "C1", 2021), 10);
    assert_close(value_at(&e, &t, "ratio", "T2", 2021), 75);
    assert_true(isnan(value_at(&e, &t, "ratio", "C1", 2022)));
    assert_close(value_at(&e, &t, "ratio", "T1", 2022), 25);
    assert_true(isnan(value_at(&e, &t, "ratio", "D", 2020))); /* nothing reported */

    /* Coverage: one of two communities; no communities under T2 (no
     * value, not 0 %); a year where only C2 reported counts only it. */
    assert_close(value_at(&e, &t, "cover", "D", 2021), 50);
    assert_close(value_at(&e, &t, "cover", "T1", 2021), 50);
    assert_true(isnan(value_at(&e, &t, "cover", "T2", 2021)));
    assert_close(value_at(&e, &t, "cover", "C1", 2021), 100);
    assert_close(value_at(&e, &t, "cover", "C2", 2021), 0);
    assert_close(value_at(&e, &t, "cover", "D", 2022), 50);
    assert_true(isnan(value_at(&e, &t, "cover", "D", 2020))); /* no data is not "none covered" */

    /* A directly entered rate is the unit's own figure, never a sum. */
    assert_close(value_at(&e, &t, "R", "T1", 2021), 40);
    assert_close(value_at(&e, &t, "R", "C1", 2021), 90);
    assert_true(isnan(value_at(&e, &t, "R", "D", 2021)));
    pm_engine_free(&e);
    pm_tree_free(&t);
    pm_plan_free(&p);
}

/* A community whose ratio overflows in the base year (x/0 has no value
 * in a formula, but 1e300/1e-10 is +inf; figures may be written with an
 * exponent) has an infinite base of its own (own_base), which is no point
 * of the projection's line (DESIGN rule 5): with one observation after
 * the base year there is no projection and so no outlook; with two the
 * line goes through them alone. Every path (all years, one year, the
 * general method) says the same. Expected numbers by hand: C1's ratio
 * +inf in 2020 (the base "met" T = 60, rule 4), 1/2 → 50 in 2022, 9/16 →
 * 56.25 in 2023. 2022: regressing (未能保持), required (60 − 50)/3.
 * 2023: line through (0, 50), (1, 56.25): slope 6.25, at x = 3: 53.125 +
 * 6.25·2.5 = 68.75 ≥ 60, likely; required (60 − 56.25)/2 = 1.875. */
static void test_ratio_over_zero_base(void **state)
{
    (void)state;
    pm_plan p;
    empty_plan(&p);
    add_element(&p, "num", PM_AGG_SUM, PM_KIND_COUNT, -1);
    add_element(&p, "den", PM_AGG_SUM, PM_KIND_COUNT, -1);
    add_indicator(&p, "ratio", "#{num} / #{den} * 100", false, true);
    p.ind[0].target = 60;
    pm_tree t;
    small_tree(&t);
    pm_engine e;
    pm_err err = {0};
    assert_true(engine_init(&e, &p, &t, BASE_YEAR, TARGET_YEAR, &err));
    set_own(&e, &t, "num", "C1", 2020, 1e300);
    set_own(&e, &t, "den", "C1", 2020, 1e-10);
    set_own(&e, &t, "num", "C1", 2022, 1);
    set_own(&e, &t, "den", "C1", 2022, 2);
    set_own(&e, &t, "num", "C1", 2023, 9);
    set_own(&e, &t, "den", "C1", 2023, 16);
    pm_engine_run(&e);
    int u = pm_tree_find(&t, "C1");
    assert_true(isinf(value_at(&e, &t, "ratio", "C1", 2020)));

    pm_goalpost g = pm_engine_goalpost(&e, 0, u, NULL, NULL);
    assert_true(isinf(g.baseline) && g.target == 60);
    pm_pace_out years[PM_ENGINE_MAX_YEARS];
    pm_engine_pace_years(&e, 0, u, &g, &PM_PACE_DEFAULT, years);
    for (int year = BASE_YEAR; year <= TARGET_YEAR; year++) {
        pm_pace_out want, one;
        pace_reference(&e, 0, u, year, &g, &want);
        pm_engine_pace(&e, 0, u, year, &g, &PM_PACE_DEFAULT, &one);
        assert_true(same_judgment(&want, &one) && same_judgment(&want, &years[year - BASE_YEAR]));
    }
    const pm_pace_out *y22 = &years[2022 - BASE_YEAR], *y23 = &years[2023 - BASE_YEAR];
    assert_int_equal(years[2021 - BASE_YEAR].status, PM_ST_NO_DATA);
    assert_int_equal(y22->status, PM_ST_REGRESSING);
    assert_true(y22->maintain);
    assert_close(y22->value, 50);
    assert_close(y22->required, 10.0 / 3.0);
    assert_true(isnan(y22->projected));
    assert_int_equal(y22->projected_met, -1);
    assert_int_equal(y22->outlook, PM_OUTLOOK_NONE);
    assert_int_equal(y23->status, PM_ST_REGRESSING);
    assert_close(y23->projected, 68.75);
    assert_int_equal(y23->projected_met, 1);
    assert_close(y23->required, 1.875);
    assert_int_equal(y23->outlook, PM_OUTLOOK_LIKELY);
    assert_true(same_judgment(&years[TARGET_YEAR - BASE_YEAR], y23)); /* nothing after 2023 */
    pm_engine_free(&e);
    pm_tree_free(&t);
    pm_plan_free(&p);
}

/* Org-unit groups and validity (DESIGN "org unit"). D → T1 (镇) → {C1,
 * C2 closed after 2022, C3 opened in 2022}, D → T2 (街道) → C4, D → T3
 * (镇). A share over units(town:镇) divides by the 镇 only; a count and a
 * share over communities count only the units that existed in the year;
 * a closed unit's stock is not carried past its last year, and a figure
 * it reported after closing does not count. */
static void test_groups_and_validity(void **state)
{
    (void)state;
    pm_unit_in in[] = {
        {"D", "区", NULL, 0, 1, NULL, 0, 0},      {"T1", "甲镇", "D", 1, 2, "镇", 0, 0},
        {"C1", "一村", "T1", 2, 3, NULL, 0, 0},   {"C2", "二村", "T1", 2, 4, NULL, 0, 2022},
        {"C3", "三村", "T1", 2, 5, NULL, 2022, 0}, {"T2", "乙街道", "D", 1, 6, "街道", 0, 0},
        {"C4", "四社区", "T2", 2, 7, NULL, 0, 0}, {"T3", "丙镇", "D", 1, 8, "镇", 0, 0},
    };
    pm_tree t;
    pm_err err = {0};
    if (!pm_tree_build(in, sizeof in / sizeof in[0], &t, &err))
        fail_msg("tree: %s", err.msg);
    assert_true(t.dated);
    pm_plan p;
    empty_plan(&p);
    add_element(&p, "cem", PM_AGG_LAST, PM_KIND_FLAG, PM_LEVEL_TOWN);
    add_element(&p, "cf", PM_AGG_OWN, PM_KIND_FLAG, PM_LEVEL_COMMUNITY);
    add_element(&p, "beds", PM_AGG_LAST, PM_KIND_NUMBER, PM_LEVEL_COMMUNITY);
    add_indicator(&p, "I27", "units_with(cem, town:镇) / units(town:镇) * 100", false, true);
    add_indicator(&p, "ALL", "units_with(cem, town) / units(town) * 100", false, true);
    add_indicator(&p, "COV", "units_with(cf, community) / units(community) * 100", false, true);
    add_indicator(&p, "N", "units(community)", false, false);
    add_indicator(&p, "B", "#{beds}", false, false);
    pm_engine e;
    assert_true(engine_init(&e, &p, &t, 2020, 2023, &err));
    set_own(&e, &t, "cem", "T1", 2021, 1);
    set_own(&e, &t, "cem", "T2", 2021, 1);
    set_own(&e, &t, "cem", "T3", 2021, 0);
    for (int y = 2021; y <= 2023; y++) {
        set_own(&e, &t, "cf", "C1", y, 0);
        set_own(&e, &t, "cf", "C2", y, 1); /* 2023: after it closed */
        set_own(&e, &t, "cf", "C3", y, 1); /* 2021: before it opened */
        set_own(&e, &t, "cf", "C4", y, 0);
    }
    set_own(&e, &t, "beds", "C1", 2020, 5);
    set_own(&e, &t, "beds", "C2", 2020, 10);
    pm_engine_run(&e);

    /* 1 of the 2 镇, not 2 of the 3 towns and streets. */
    assert_close(value_at(&e, &t, "I27", "D", 2021), 50);
    assert_close(value_at(&e, &t, "ALL", "D", 2021), 200.0 / 3);
    assert_close(value_at(&e, &t, "I27", "T1", 2021), 100);
    assert_true(isnan(value_at(&e, &t, "I27", "T2", 2021)));
    assert_true(pm_engine_applicable(&e, ind_index(&p, "I27"), pm_tree_find(&t, "T1")));
    assert_false(pm_engine_applicable(&e, ind_index(&p, "I27"), pm_tree_find(&t, "T2")));
    assert_true(pm_engine_applicable(&e, ind_index(&p, "ALL"), pm_tree_find(&t, "T2")));

    /* C2 counts in 2021 and 2022, not in 2023; C3 from 2022 on. */
    assert_close(value_at(&e, &t, "N", "T1", 2021), 2);
    assert_close(value_at(&e, &t, "N", "T1", 2022), 3);
    assert_close(value_at(&e, &t, "N", "T1", 2023), 2);
    assert_close(value_at(&e, &t, "N", "D", 2023), 3);
    assert_close(value_at(&e, &t, "COV", "T1", 2021), 50);      /* C2 of C1, C2 */
    assert_close(value_at(&e, &t, "COV", "T1", 2022), 200.0 / 3); /* C2, C3 of three */
    assert_close(value_at(&e, &t, "COV", "T1", 2023), 50);      /* C3 of C1, C3 */
    assert_close(value_at(&e, &t, "COV", "D", 2021), 100.0 / 3);
    assert_close(value_at(&e, &t, "COV", "D", 2023), 100.0 / 3);
    assert_true(isnan(value_at(&e, &t, "COV", "C2", 2023)));
    assert_true(isnan(value_at(&e, &t, "COV", "C3", 2021)));

    /* The stock carries C2's 10 beds while it existed, not after. */
    assert_close(value_at(&e, &t, "B", "T1", 2021), 15);
    assert_close(value_at(&e, &t, "B", "T1", 2022), 15);
    assert_close(value_at(&e, &t, "B", "T1", 2023), 5);
    pm_engine_free(&e);
    pm_tree_free(&t);
    pm_plan_free(&p);
}

/* A stock carries a unit's last figure over a year it missed; a flow of
 * that year simply has nothing from it. And the completeness counts. */
static void test_stock_vs_flow(void **state)
{
    (void)state;
    pm_plan p;
    empty_plan(&p);
    add_element(&p, "stock", PM_AGG_LAST, PM_KIND_NUMBER, -1);
    add_element(&p, "flow", PM_AGG_SUM, PM_KIND_COUNT, PM_LEVEL_COMMUNITY);
    add_indicator(&p, "S", "#{stock}", false, false);
    add_indicator(&p, "F", "#{flow}", false, false);
    add_indicator(&p, "FC", "#{flow}", true, false);
    pm_tree t;
    small_tree(&t);
    pm_engine e;
    pm_err err = {0};
    assert_true(engine_init(&e, &p, &t, 2020, 2025, &err));
    static const struct {
        const char *unit;
        double v[5]; /* 2020..2024, NaN missed */
    } fig[] = {
        {"C1", {10, NAN, 5, NAN, NAN}},
        {"C2", {1, 2, 3, 4, NAN}},
        {"T2", {100, NAN, NAN, NAN, NAN}},
    };
    for (size_t i = 0; i < sizeof fig / sizeof fig[0]; i++)
        for (int y = 0; y < 5; y++) {
            set_own(&e, &t, "stock", fig[i].unit, 2020 + y, fig[i].v[y]);
            set_own(&e, &t, "flow", fig[i].unit, 2020 + y, fig[i].v[y]);
        }
    pm_engine_run(&e);

    /* 2021: C1 missed; its stock is still 10, its flow nothing. */
    assert_close(elem_at(&e, &t, "stock", "C1", 2021), 10);
    assert_true(isnan(elem_at(&e, &t, "flow", "C1", 2021)));
    assert_close(value_at(&e, &t, "S", "T1", 2021), 12);
    assert_close(value_at(&e, &t, "F", "T1", 2021), 2);
    assert_close(value_at(&e, &t, "S", "D", 2021), 112);
    assert_close(value_at(&e, &t, "F", "D", 2021), 2);
    /* 2023: C1's 5 from 2022, C2's 4, T2's 100 from 2020. */
    assert_close(value_at(&e, &t, "S", "T1", 2023), 9);
    assert_close(value_at(&e, &t, "S", "D", 2023), 109);
    assert_close(value_at(&e, &t, "F", "D", 2023), 4);
    /* 2024: nobody reported; stocks stand, flows are empty. */
    assert_close(value_at(&e, &t, "S", "D", 2024), 109);
    assert_true(isnan(value_at(&e, &t, "F", "D", 2024)));
    assert_true(isnan(value_at(&e, &t, "F", "T2", 2021)));
    assert_close(value_at(&e, &t, "S", "T2", 2025), 100);
    /* Cumulative flow: 2020 is the base year (its own figure); after it
     * the running total of the years that have one. */
    assert_close(value_at(&e, &t, "FC", "D", 2020), 111);
    assert_close(value_at(&e, &t, "FC", "D", 2021), 2);
    assert_close(value_at(&e, &t, "FC", "D", 2022), 10);
    assert_close(value_at(&e, &t, "FC", "D", 2023), 14);
    assert_true(isnan(value_at(&e, &t, "FC", "D", 2024)));
    assert_close(value_at(&e, &t, "FC", "C1", 2022), 5);
    assert_true(isnan(value_at(&e, &t, "FC", "C1", 2023)));

    /* Completeness. expected: stock everywhere, flow at communities. */
    int D = pm_tree_find(&t, "D"), T1 = pm_tree_find(&t, "T1"), T2 = pm_tree_find(&t, "T2");
    int C1 = pm_tree_find(&t, "C1"), C2 = pm_tree_find(&t, "C2");
    size_t n = t.n;
    assert_int_equal(e.expected[D], 1);
    assert_int_equal(e.expected[T1], 1);
    assert_int_equal(e.expected[C1], 2);
    assert_int_equal(e.kids[D], 2);
    assert_int_equal(e.kids[T1], 2);
    assert_int_equal(e.kids[T2], 0);
    assert_int_equal(e.kids[C2], 0);
#define FILLED(y, u) e.filled[(size_t)((y)-2020) * n + (size_t)(u)]
#define KIDS_REP(y, u) e.kids_reported[(size_t)((y)-2020) * n + (size_t)(u)]
    assert_int_equal(FILLED(2020, C1), 2);
    assert_int_equal(FILLED(2021, C1), 0); /* a carried stock is not a report */
    assert_int_equal(FILLED(2021, C2), 2);
    assert_int_equal(FILLED(2021, T1), 0);
    assert_int_equal(FILLED(2020, T2), 2);
    assert_int_equal(KIDS_REP(2020, T1), 2);
    assert_int_equal(KIDS_REP(2020, D), 2);
    assert_int_equal(KIDS_REP(2021, T1), 1);
    assert_int_equal(KIDS_REP(2021, D), 1);
    assert_int_equal(KIDS_REP(2024, D), 0);
    assert_int_equal(KIDS_REP(2024, T1), 0);
#undef FILLED
#undef KIDS_REP
    pm_engine_free(&e);
    pm_tree_free(&t);
    pm_plan_free(&p);
}

static void mark_est(pm_engine *e, const pm_tree *t, const char *elem, const char *unit, int year)
{
    unsigned char *row = pm_engine_own_est(e, pm_plan_element(e->plan, elem), year);
    assert_non_null(row);
    row[pm_tree_find(t, unit)] = 1;
}

static bool est_at(const pm_engine *e, const pm_tree *t, const char *ind, const char *unit, int year)
{
    return pm_engine_estimated(e, ind_index(e->plan, ind), pm_tree_find(t, unit), year);
}

/* Estimates (预计值) follow their figures: up the tree (a sum with one
 * estimate in it rests on it), forward with a carried stock, through a
 * ratio from either side, into every later running total of a cumulative
 * indicator; nothing else is marked. And a final evaluation's gaps: the
 * indicators whose elements lack a figure of the target year itself. */
static void test_estimates(void **state)
{
    (void)state;
    pm_plan p;
    empty_plan(&p);
    add_element(&p, "stock", PM_AGG_LAST, PM_KIND_NUMBER, -1);
    add_element(&p, "flow", PM_AGG_SUM, PM_KIND_COUNT, PM_LEVEL_COMMUNITY);
    add_element(&p, "den", PM_AGG_SUM, PM_KIND_COUNT, -1);
    add_indicator(&p, "S", "#{stock}", false, false);
    add_indicator(&p, "FC", "#{flow}", true, false);
    add_indicator(&p, "ratio", "#{flow} / #{den} * 100", false, true);
    add_indicator(&p, "none", "#{den}", false, false);
    pm_tree t;
    small_tree(&t);
    pm_engine e;
    pm_err err = {0};
    assert_true(engine_init(&e, &p, &t, 2020, 2025, &err));
    for (int y = 2020; y <= 2023; y++) {
        set_own(&e, &t, "stock", "C1", y, 10);
        set_own(&e, &t, "stock", "C2", y, 20);
        set_own(&e, &t, "flow", "C1", y, 1);
        set_own(&e, &t, "flow", "C2", y, 2);
        set_own(&e, &t, "den", "T2", y, 50);
    }
    set_own(&e, &t, "stock", "C2", 2025, 25);
    set_own(&e, &t, "den", "T2", 2025, 55);
    mark_est(&e, &t, "stock", "C1", 2022);
    mark_est(&e, &t, "flow", "C2", 2022);
    set_own(&e, &t, "stock", "C1", 2023, NAN); /* C1 missed 2023: its 2022 estimate carries over */
    pm_engine_run(&e);

    assert_false(est_at(&e, &t, "S", "D", 2021));
    assert_true(est_at(&e, &t, "S", "C1", 2022));
    assert_false(est_at(&e, &t, "S", "C2", 2022));
    assert_true(est_at(&e, &t, "S", "T1", 2022) && est_at(&e, &t, "S", "D", 2022));
    assert_false(est_at(&e, &t, "S", "T2", 2022));
    assert_true(est_at(&e, &t, "S", "C1", 2023)); /* the carried estimate */
    assert_close(value_at(&e, &t, "S", "C1", 2023), 10);
    assert_true(est_at(&e, &t, "ratio", "D", 2022));
    assert_false(est_at(&e, &t, "ratio", "D", 2023));
    assert_false(est_at(&e, &t, "none", "D", 2022));
    assert_false(est_at(&e, &t, "FC", "D", 2021));
    assert_true(est_at(&e, &t, "FC", "D", 2022) && est_at(&e, &t, "FC", "D", 2023)); /* the running total */
    assert_false(est_at(&e, &t, "FC", "C1", 2023));

    /* Final evaluation in 2025: S and none have a 2025 figure (C2's stock,
     * T2's den), FC and ratio lack their flow. At T2 only den has one; S,
     * FC and ratio never had a value there (暂无数据) and are not named. */
    unsigned char reported[3] = {1, 0, 1}; /* stock, flow, den have a 2025 figure somewhere below */
    int gaps[4];
    size_t n = pm_final_gaps(&e, pm_tree_find(&t, "D"), 2025, reported, gaps);
    assert_int_equal(n, 2);
    assert_int_equal(gaps[0], ind_index(&p, "FC"));
    assert_int_equal(gaps[1], ind_index(&p, "ratio"));
    unsigned char at_t2[3] = {0, 0, 1};
    n = pm_final_gaps(&e, pm_tree_find(&t, "T2"), 2025, at_t2, gaps);
    assert_int_equal(n, 0);
    pm_engine_free(&e);
    pm_tree_free(&t);
    pm_plan_free(&p);
}

/* A formula naming an element the plan lacks fails at init, naming the
 * indicator and the position; so does a direct indicator without an
 * element of its code. */
static void test_formula_errors(void **state)
{
    (void)state;
    pm_plan p;
    empty_plan(&p);
    add_element(&p, "a", PM_AGG_SUM, PM_KIND_COUNT, -1);
    add_indicator(&p, "X1", "#{a} / #{b}", false, true);
    pm_tree t;
    small_tree(&t);
    pm_engine e;
    pm_err err = {0};
    assert_false(engine_init(&e, &p, &t, 2020, 2025, &err));
    assert_non_null(strstr(err.msg, "X1"));
    assert_non_null(strstr(err.msg, "第 8 个字符"));
    free(p.ind[0].formula);
    p.ind[0].formula = NULL;
    assert_false(engine_init(&e, &p, &t, 2020, 2025, &err));
    assert_non_null(strstr(err.msg, "X1"));
    assert_false(engine_init(&e, &p, &t, 2025, 2020, &err));
    pm_tree_free(&t);
    pm_plan_free(&p);
}

/* ---- the store round trip ------------------------------------------------------- */

static char tmpdir[64];

static void store_round_trip(uint64_t seed, int depth, size_t n)
{
    world w;
    make_world(&w, seed, depth, n, BASE_YEAR);
    pm_engine mem;
    run_engine(&w, &mem);

    char path[128];
    snprintf(path, sizeof path, "%s/rt-%llu.db", tmpdir, (unsigned long long)seed);
    pm_err err = {0};
    pm_store *s = pm_store_open(path, PM_STORE_CREATE, &err);
    if (!s)
        fail_msg("open: %s", err.msg);
    bool ok = pm_store_begin(s, &err) && pm_store_put_plan(s, &w.plan, &err) &&
              pm_store_put_units(s, &w.tree, &err);
    /* Every figure, and now and then an explicit "no value" (NULL). */
    rng r = {seed ^ 0xABCDEFu};
    int latest = 0;
    for (size_t k = 0; ok && k < NELEMS; k++)
        for (int y = 0; ok && y < w.nyears; y++)
            for (size_t g = 0; ok && g < w.n; g++) {
                double v = *own_at(&w, k, y, g);
                if (isnan(v) && !chance(&r, 10))
                    continue;
                if (!isnan(v) && w.year0 + y > latest)
                    latest = w.year0 + y;
                pm_value_change c = {ELEMS[k].code, w.code[g], w.year0 + y, v, PM_VS_APPROVED, "test",
                                     NULL, NULL, false};
                ok = pm_store_set_value(s, &c, &err);
            }
    /* Figures outside the plan period are left out of the evaluation. */
    for (size_t g = 0; ok && g < w.n; g += 3) {
        pm_value_change c = {"pop", w.code[g], BASE_YEAR - 1, 1e6, PM_VS_APPROVED, "test", NULL, NULL, false};
        ok = pm_store_set_value(s, &c, &err);
        c.year = TARGET_YEAR + 1;
        c.element = "flow";
        ok = ok && pm_store_set_value(s, &c, &err);
    }
    ok = ok && pm_store_commit(s, &err);
    if (!ok)
        fail_msg("store: %s", err.msg);

    pm_evaluation ev;
    if (!pm_evaluate(s, &ev, &err))
        fail_msg("evaluate: %s", err.msg);
    assert_int_equal(ev.latest_year, latest);
    assert_int_equal(ev.engine.year0, BASE_YEAR);
    assert_int_equal(ev.engine.nyears, TARGET_YEAR - BASE_YEAR + 1);
    assert_int_equal(ev.plan.nind, NINDS);
    assert_int_equal(ev.tree.n, w.n);
    size_t compared = 0;
    for (size_t g = 0; g < w.n; g++) {
        int um = w.pos[g], us = pm_tree_find(&ev.tree, w.code[g]);
        assert_true(us >= 0);
        for (int year = BASE_YEAR; year <= TARGET_YEAR; year++) {
            for (size_t i = 0; i < NINDS; i++) {
                int is = ind_index(&ev.plan, INDS[i].code);
                double a = pm_engine_value(&mem, (int)i, um, year), b = pm_engine_value(&ev.engine, is, us, year);
                if (!close_enough(a, b))
                    fail_msg("%s at %s in %d: in memory %.17g, from the store %.17g", INDS[i].code,
                             w.code[g], year, a, b);
                compared += !isnan(a);
            }
            for (size_t k = 0; k < NELEMS; k++) {
                int ks = pm_plan_element(&ev.plan, ELEMS[k].code);
                assert_true(ks >= 0);
                assert_true(close_enough(pm_engine_elem(&mem, (int)k, um, year),
                                         pm_engine_elem(&ev.engine, ks, us, year)));
            }
            size_t y = (size_t)(year - BASE_YEAR);
            assert_int_equal(mem.filled[y * w.n + (size_t)um], ev.engine.filled[y * w.n + (size_t)us]);
            assert_int_equal(mem.kids_reported[y * w.n + (size_t)um],
                             ev.engine.kids_reported[y * w.n + (size_t)us]);
        }
    }
    assert_true(compared > 0);
    assert_true(pm_store_check(s, &err));
    pm_evaluation_free(&ev);
    pm_store_close(s);
    unlink(path);
    pm_engine_free(&mem);
    free_world(&w);
}

static void test_store_round_trip(void **state)
{
    (void)state;
    store_round_trip(101, 4, 150);
    store_round_trip(102, 3, 40);
    store_round_trip(103, 1, 1);
}

static int make_tmpdir(void **state)
{
    (void)state;
    strcpy(tmpdir, "/tmp/pm_aggregate_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmpdir(void **state)
{
    (void)state;
    /* Each test removes its files; SQLite's -wal/-shm go with the last close. */
    return rmdir(tmpdir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ratio_is_not_average),
        cmocka_unit_test(test_ratio_over_zero_base),
        cmocka_unit_test(test_stock_vs_flow),
        cmocka_unit_test(test_groups_and_validity),
        cmocka_unit_test(test_estimates),
        cmocka_unit_test(test_formula_errors),
        cmocka_unit_test(test_random_trees),
        cmocka_unit_test(test_sums_same_bits),
        cmocka_unit_test(test_pace_years),
        cmocka_unit_test(test_pace_years_units),
        cmocka_unit_test(test_judge_each),
        cmocka_unit_test(test_goalposts),
        cmocka_unit_test(test_store_round_trip),
    };
    return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}

#include "engine/synth.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

/* ---- a small, fixed-seed generator (splitmix64) ------------------------- */

typedef struct rng {
    uint64_t s;
} rng;

static uint64_t next(rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double unif(rng *r) { return (double)(next(r) >> 11) * 0x1.0p-53; }

/* ---- formula shapes ----------------------------------------------------- */

typedef enum { SHAPE_NONE, SHAPE_TOTAL, SHAPE_RATIO, SHAPE_COVERAGE } shape_kind;

typedef struct shape {
    shape_kind kind;
    int a, b;      /* elements: total/numerator, denominator; a is the flag for coverage */
    int level;     /* coverage level */
    const char *group; /* coverage group ("" any), borrowed from the formula */
    double factor; /* root value = inner × factor */
} shape;

static shape shape_of(const pm_formula *f)
{
    shape s = {SHAPE_NONE, -1, -1, 0, "", 1};
    if (!f->n)
        return s;
    const pm_fnode *n = &f->node[f->n - 1];
    /* Peel "… * k" and "… / k" off the top. */
    while ((n->op == PM_F_MUL || n->op == PM_F_DIV) && f->node[n->b].op == PM_F_NUM) {
        double k = f->node[n->b].num;
        if (k == 0)
            return s;
        s.factor *= n->op == PM_F_MUL ? k : 1 / k;
        n = &f->node[n->a];
    }
    if (n->op == PM_F_MUL && f->node[n->a].op == PM_F_NUM) { /* k * … */
        s.factor *= f->node[n->a].num;
        n = &f->node[n->b];
    }
    if (n->op == PM_F_ELEM) {
        s.kind = SHAPE_TOTAL;
        s.a = n->elem;
    } else if (n->op == PM_F_DIV && f->node[n->a].op == PM_F_ELEM && f->node[n->b].op == PM_F_ELEM) {
        s.kind = SHAPE_RATIO;
        s.a = f->node[n->a].elem;
        s.b = f->node[n->b].elem;
    } else if (n->op == PM_F_DIV && f->node[n->a].op == PM_F_UNITS_WITH && f->node[n->b].op == PM_F_UNITS &&
               f->node[n->a].level == f->node[n->b].level && !strcmp(f->node[n->a].group, f->node[n->b].group)) {
        s.kind = SHAPE_COVERAGE;
        s.a = f->node[n->a].elem;
        s.level = f->node[n->a].level;
        s.group = f->node[n->a].group;
    }
    return s;
}

/* ---- the course of the root value --------------------------------------- */

static double course_value(const pm_indicator *ind, pm_course c, int base_year, int target_year, int year)
{
    double B = ind->baseline, T = ind->target;
    if (isnan(B))
        B = ind->cumulative ? 0 : (isnan(T) ? 100 : T * 0.6);
    if (isnan(T))
        T = B * 1.2 + 1;
    double tau = (double)(year - base_year) / (double)(target_year - base_year);
    if (T == B) {
        /* Nothing to gain: on course means holding the line, a little
         * beyond it where the target is a floor or a ceiling (≥N, ≤N). */
        if (c == PM_COURSE_REGRESSING || c == PM_COURSE_LAGGING || c == PM_COURSE_BEHIND)
            return B - ind->polarity * fabs(B ? B : 1) * 0.04 * (year - base_year);
        if (ind->target_op != PM_OP_EQ)
            return T + ind->polarity * fabs(T ? T : 1) * 0.01 * (year - base_year);
        return T;
    }
    double g;
    switch (c) {
    case PM_COURSE_AHEAD:
        g = fmin(1.12, 2.0 * tau);
        break;
    case PM_COURSE_ON_TRACK:
        g = 1.08 * tau;
        break;
    case PM_COURSE_BEHIND:
        g = 0.78 * tau;
        break;
    case PM_COURSE_LAGGING:
        g = 0.35 * tau;
        break;
    default:
        g = -0.12 * tau;
        break;
    }
    return B + g * (T - B);
}

/* ---- spreading figures over units --------------------------------------- */

/* Units that report element el: those at its level, else the leaves. */
static size_t reporters(const pm_engine *e, int el, int *out)
{
    const pm_tree *t = e->tree;
    int level = e->plan->elem[el].level;
    size_t n = 0;
    for (size_t u = 0; u < t->n && level >= 0; u++)
        if (t->u[u].level == level)
            out[n++] = (int)u;
    if (n == 0)
        for (size_t u = 0; u < t->n; u++)
            if (t->end[u] == (int)u + 1)
                out[n++] = (int)u;
    return n;
}

/* Writes total × w[k] / Σw into row[who[k]], in whole numbers for counts
 * (largest remainder, so the parts still add up to the rounded total). */
static void spread(double *row, const int *who, const double *w, size_t n, double total, bool whole,
                   double *frac)
{
    double sum = 0;
    for (size_t k = 0; k < n; k++)
        sum += w[k];
    if (!n || sum <= 0)
        return;
    if (!whole) {
        for (size_t k = 0; k < n; k++)
            row[who[k]] = total * w[k] / sum;
        return;
    }
    double rt = round(total), given = 0;
    for (size_t k = 0; k < n; k++) {
        double x = rt * w[k] / sum;
        row[who[k]] = floor(x);
        frac[k] = x - floor(x);
        given += floor(x);
    }
    /* Hand out what rounding down left over, largest remainders first. */
    for (double left = rt - given; left >= 1; left--) {
        size_t best = 0;
        for (size_t k = 1; k < n; k++)
            if (frac[k] > frac[best])
                best = k;
        row[who[best]] += 1;
        frac[best] = -1;
    }
}

/* Size of one reporter's denominator: people counts are large, the rest
 * (staff, burials, service items) small, and both shrink down the tree. */
static double magnitude(const pm_element *el, int level)
{
    bool people = strstr(el->name, "人口") || strstr(el->name, "儿童");
    static const double pop[] = {600000, 40000, 3000}, other[] = {600, 200, 20};
    int l = level < 0 ? 2 : level > 2 ? 2 : level;
    return people ? pop[l] : other[l];
}

/* The element a rule caps el by (el <= whole, or whole >= el) when that
 * whole is itself a denominator of some ratio, else -1: such a part is
 * drawn as a share of its whole so that the demo keeps the rule in every
 * unit and year. */
static int whole_of(const pm_engine *e, int el)
{
    const pm_plan *plan = e->plan;
    for (size_t k = 0; k < plan->nrules; k++) {
        const pm_rule *ru = &plan->rules[k];
        int l = pm_plan_element(plan, ru->left), rt = pm_plan_element(plan, ru->right);
        int whole = ru->op == PM_RULE_LE && l == el ? rt : ru->op == PM_RULE_GE && rt == el ? l : -1;
        if (whole < 0 || whole == el || plan->elem[whole].level != plan->elem[el].level)
            continue;
        for (size_t i = 0; i < e->nind; i++) {
            shape s = shape_of(&e->f[i]);
            if (s.kind == SHAPE_RATIO && s.b == whole)
                return whole;
        }
    }
    return -1;
}

/* Draws the own figures of denominator el for every year: a size for each
 * reporter growing by a common yearly factor; or, when whole >= 0 (already
 * drawn), a lasting share of the whole's figure in the same unit and year
 * (a fifth, 0.6–1.4 times that from unit to unit). Either way the same
 * number of draws from r, so the figures of every other element stay as
 * they were. who and w are scratch arrays of the tree's size. */
static void draw_denominator(pm_engine *e, int el, int whole, int year0, int year1, rng *r, int *who, double *w)
{
    const pm_tree *t = e->tree;
    size_t m = reporters(e, el, who);
    double growth = 1.01 + 0.02 * unif(r);
    for (size_t k = 0; k < m; k++)
        w[k] = whole >= 0 ? 0.2 * (0.6 + 0.8 * unif(r))
                          : magnitude(&e->plan->elem[el], t->u[who[k]].level) * (0.6 + 0.8 * unif(r));
    for (int y = year0; y <= year1; y++) {
        double *row = pm_engine_own(e, el, y);
        const double *base = whole >= 0 ? pm_engine_own(e, whole, y) : NULL;
        if (!row)
            continue;
        for (size_t k = 0; k < m; k++) {
            if (whole < 0)
                row[who[k]] = round(w[k] * pow(growth, y - year0));
            else if (!isnan(base[who[k]]))
                row[who[k]] = floor(base[who[k]] * w[k]); /* never above the whole */
        }
    }
}

static void subtree_sums(const pm_tree *t, const double *own, double *sub)
{
    for (size_t u = 0; u < t->n; u++)
        sub[u] = isnan(own[u]) ? 0 : own[u];
    for (size_t u = t->n; u-- > 1;)
        sub[t->u[u].parent] += sub[u];
}

/* Makes a part <= whole rule hold where the spreading broke it (two
 * numerators spread with different weights, 养老床位 and 机构床位 close
 * together): a unit's excess over its whole moves to units of the same
 * year with room below theirs, so the part's total, and the course of its
 * indicator, stay as drawn. Whole figures stay whole (the excess of
 * integers is an integer). A total above the whole's total cannot be
 * kept; the generator never draws one. */
static void keep_rule(pm_engine *e, const pm_rule *ru, int year0, int year1)
{
    const pm_plan *plan = e->plan;
    int part = ru->op == PM_RULE_LE ? pm_plan_element(plan, ru->left)
               : ru->op == PM_RULE_GE ? pm_plan_element(plan, ru->right) : -1;
    int whole = ru->op == PM_RULE_LE ? pm_plan_element(plan, ru->right) : pm_plan_element(plan, ru->left);
    if (part < 0 || whole < 0 || part == whole)
        return;
    for (int y = year0; y <= year1; y++) {
        double *a = pm_engine_own(e, part, y), *b = pm_engine_own(e, whole, y);
        if (!a || !b)
            continue;
        double excess = 0;
        for (size_t u = 0; u < e->nunits; u++)
            if (!isnan(a[u]) && !isnan(b[u]) && a[u] > b[u]) {
                excess += a[u] - b[u];
                a[u] = b[u];
            }
        for (size_t u = 0; u < e->nunits && excess > 0; u++)
            if (!isnan(a[u]) && !isnan(b[u]) && a[u] < b[u]) {
                double give = fmin(excess, b[u] - a[u]);
                a[u] += give;
                excess -= give;
            }
    }
}

void pm_synth_fill(pm_engine *e, const pm_course *course, int year0, int year1, uint64_t seed)
{
    const pm_plan *plan = e->plan;
    const pm_tree *t = e->tree;
    size_t n = t->n;
    rng r = {seed};
    int *who = xnmalloc(n + 1, sizeof *who);
    double *w = xnmalloc(n + 1, sizeof *w), *frac = xnmalloc(n + 1, sizeof *frac);
    double *sub = xnmalloc(n + 1, sizeof *sub);
    /* Each unit's lasting tendency to be above or below the district, so
     * that towns differ but keep their character from year to year. */
    double *bias = xnmalloc(n + 1, sizeof *bias);
    for (size_t u = 0; u < n; u++)
        bias[u] = 0.7 + 0.6 * unif(&r);

    /* Denominators first: several indicators may share one (population).
     * A denominator that a rule makes part of another (pop_elderly <=
     * pop_resident) waits until its whole is drawn, then is drawn as a
     * share of it; the passes end when a pass draws nothing new. */
    unsigned char *done = xcalloc(e->nelem + 1, 1);
    for (bool drew = true; drew;) {
        drew = false;
        for (size_t i = 0; i < e->nind; i++) {
            shape s = shape_of(&e->f[i]);
            if (s.kind != SHAPE_RATIO || done[s.b])
                continue;
            int whole = whole_of(e, s.b);
            if (whole >= 0 && !done[whole])
                continue;
            done[s.b] = drew = 1;
            draw_denominator(e, s.b, whole, year0, year1, &r, who, w);
        }
    }

    for (size_t i = 0; i < e->nind; i++) {
        const pm_indicator *ind = &plan->ind[i];
        shape s = shape_of(&e->f[i]);
        if (course[i] == PM_COURSE_NONE || s.kind == SHAPE_NONE)
            continue;
        const pm_element *el = &plan->elem[s.a];
        bool whole = el->kind == PM_KIND_COUNT || el->kind == PM_KIND_FLAG;
        size_t m = reporters(e, s.a, who);
        double prev = ind->cumulative ? 0 : NAN;
        /* A fixed order of units for coverage: the first ones of the
         * group get covered. Units at the level outside the group report 0
         * (a street has no township cemetery), so that every unit still
         * reports; they are shuffled too, so that the draws after this
         * indicator do not depend on the groups. */
        int *order = NULL;
        size_t norder = 0, ingroup = 0;
        if (s.kind == SHAPE_COVERAGE) {
            order = xnmalloc(n + 1, sizeof *order);
            for (size_t u = 0; u < n; u++)
                if (t->u[u].level == s.level) {
                    order[norder++] = (int)u;
                    ingroup += pm_unit_in_group(&t->u[u], s.group);
                }
            for (size_t k = norder; k > 1; k--) {
                size_t j = (size_t)(unif(&r) * (double)k);
                int tmp = order[k - 1];
                order[k - 1] = order[j];
                order[j] = tmp;
            }
        }
        for (int y = year0; y <= year1; y++) {
            double *row = pm_engine_own(e, s.a, y);
            if (!row)
                continue;
            double v = course_value(ind, course[i], plan->base_year, plan->target_year, y);
            double inner = v / s.factor;
            if (s.kind == SHAPE_COVERAGE) {
                double share = fmin(1, fmax(0, inner));
                size_t covered = (size_t)llround(share * (double)ingroup);
                for (size_t k = 0; k < norder; k++) {
                    bool cover = covered > 0 && pm_unit_in_group(&t->u[order[k]], s.group);
                    row[order[k]] = cover ? 1 : 0;
                    covered -= cover;
                }
                continue;
            }
            if (ind->cumulative) {
                /* The figure is a yearly flow; the indicator adds them up. */
                if (y <= plan->base_year)
                    continue;
                double flow = inner - prev;
                prev = inner;
                inner = flow > 0 ? flow : 0;
            }
            if (el->agg == PM_AGG_OWN) {
                for (size_t k = 0; k < m; k++)
                    row[who[k]] = inner * (t->u[who[k]].parent < 0 ? 1 : 0.8 + 0.2 * bias[who[k]]);
                row[0] = inner;
                continue;
            }
            double total = inner;
            if (s.kind == SHAPE_RATIO) {
                const double *den = pm_engine_own(e, s.b, y);
                subtree_sums(t, den, sub);
                total = inner * sub[0];
                /* A share cannot pass 100 %: the closer the district is to
                 * it, the less room units have to differ (r·(2−r) ≤ 1). */
                double room = strcmp(ind->unit, "%") ? 1 : fmin(1, fmax(0, (1 - inner) / 0.3));
                for (size_t k = 0; k < m; k++)
                    w[k] = (sub[who[k]] > 0 ? sub[who[k]] : 1) * (1 + (bias[who[k]] - 1) * room) *
                           (1 + (0.1 * unif(&r) - 0.05) * room);
            } else {
                for (size_t k = 0; k < m; k++)
                    w[k] = bias[who[k]] * (0.95 + 0.1 * unif(&r));
            }
            spread(row, who, w, m, total, whole, frac);
        }
        free(order);
    }
    for (size_t k = 0; k < plan->nrules; k++)
        keep_rule(e, &plan->rules[k], year0, year1);
    free(done);
    free(who);
    free(w);
    free(frac);
    free(sub);
    free(bias);
}

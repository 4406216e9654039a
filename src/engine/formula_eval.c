/* Formula evaluation, one node at a time over a block of units: each node
 * is one tight loop over up to PM_FORMULA_BLOCK doubles (scratch row
 * node*block), which the compiler can vectorise, instead of walking the
 * tree once per unit.
 * Operands always precede their user (model/formula.h), so one forward
 * pass suffices. No allocation: the caller owns out and scratch. */
#include "engine/formula_eval.h"

#include <math.h>
#include <string.h>

static void fill(double *dst, size_t n, double v)
{
    for (size_t u = 0; u < n; u++)
        dst[u] = v;
}

/* How many nodes of a formula may read their leaf vector in place (most
 * formulas have a handful of nodes; a node past this is copied to scratch). */
#define DIRECT_MAX 32

/* True when node i's operand index k is a node evaluated before it. A
 * formula from pm_formula_parse always passes; this guards hand-built ones
 * against reading outside scratch. */
static int operand_ok(int k, size_t i) { return k >= 0 && (size_t)k < i; }

/* The vector of a leaf node for units [off, off + len): the caller's own
 * (read in place, not copied), or NULL when it has none. */
static const double *leaf_vector(const pm_fnode *x, const pm_leaves *leaves, size_t off)
{
    const double *src = NULL;
    switch (x->op) {
    case PM_F_ELEM:
        src = leaves->elem_sub && x->elem >= 0 ? leaves->elem_sub[x->elem] : NULL;
        break;
    case PM_F_UNITS:
        src = leaves->units_at ? leaves->units_at(leaves->ctx, x->level, x->group) : NULL;
        break;
    case PM_F_UNITS_WITH:
        src = leaves->units_with ? leaves->units_with(leaves->ctx, x->elem, x->level, x->group) : NULL;
        break;
    default:
        break;
    }
    return src ? src + off : NULL;
}

/* The values of node k (< the node reading it, so already evaluated):
 * where val[] points, or its scratch row. */
static const double *operand(const double *const *val, const double *scratch, size_t len, int k)
{
    return k < DIRECT_MAX ? val[k] : scratch + (size_t)k * len;
}

/* One block of units [off, off + len): every node over the block, then the
 * root's values to out. Leaves are asked for their vectors once per block
 * (the callbacks cache them: aggregate.c) and read where they are; every
 * other node writes its values to its scratch row (node*len). */
static void eval_block(const pm_formula *f, const pm_leaves *leaves, size_t off, size_t len, double *out,
                       double *scratch)
{
    const double *val[DIRECT_MAX]; /* node i's values, for i < DIRECT_MAX */
    for (size_t i = 0; i < f->n; i++) {
        const pm_fnode *x = &f->node[i];
        double *dst = scratch + i * len;
        const double *res = dst;
        int unary = x->op == PM_F_NEG;
        int binary = x->op >= PM_F_ADD && x->op <= PM_F_DIV;
        if ((unary || binary) && (!operand_ok(x->a, i) || (binary && !operand_ok(x->b, i)))) {
            fill(dst, len, NAN);
            if (i < DIRECT_MAX)
                val[i] = dst;
            continue;
        }
        /* Operands precede their user (checked just above for the
         * operators), so val[] holds them already. */
        const double *a = unary || binary ? operand(val, scratch, len, x->a) : NULL;
        const double *b = binary ? operand(val, scratch, len, x->b) : NULL;
        switch (x->op) {
        case PM_F_NUM:
            fill(dst, len, x->num);
            break;
        case PM_F_ELEM:
        case PM_F_UNITS:
        case PM_F_UNITS_WITH:
            res = leaf_vector(x, leaves, off);
            if (!res) {
                fill(dst, len, NAN);
                res = dst;
            } else if (i >= DIRECT_MAX) {
                memcpy(dst, res, len * sizeof *dst);
                res = dst;
            }
            break;
        /* NaN propagates through IEEE arithmetic by itself. */
        case PM_F_ADD:
            for (size_t u = 0; u < len; u++)
                dst[u] = a[u] + b[u];
            break;
        case PM_F_SUB:
            for (size_t u = 0; u < len; u++)
                dst[u] = a[u] - b[u];
            break;
        case PM_F_MUL:
            for (size_t u = 0; u < len; u++)
                dst[u] = a[u] * b[u];
            break;
        case PM_F_DIV:
            /* x/0 has no value (a ratio over an empty denominator), not ±inf. */
            for (size_t u = 0; u < len; u++)
                dst[u] = b[u] == 0 ? NAN : a[u] / b[u];
            break;
        case PM_F_NEG:
            for (size_t u = 0; u < len; u++)
                dst[u] = -a[u];
            break;
        default:
            fill(dst, len, NAN);
            break;
        }
        if (i < DIRECT_MAX)
            val[i] = res;
    }
    size_t root = f->n - 1;
    memcpy(out + off, root < DIRECT_MAX ? val[root] : scratch + root * len, len * sizeof *out);
}

void pm_formula_eval(const pm_formula *f, const pm_leaves *leaves, size_t nunits, double *out,
                     double *scratch)
{
    if (nunits == 0)
        return;
    if (!f || f->n == 0) {
        fill(out, nunits, NAN);
        return;
    }
    /* Block by block, so that a node's values are still in the cache when
     * the node using them reads them, and scratch stays small: over whole
     * rows of a million units every node was a pass through memory. */
    for (size_t off = 0; off < nunits; off += PM_FORMULA_BLOCK) {
        size_t len = nunits - off < PM_FORMULA_BLOCK ? nunits - off : PM_FORMULA_BLOCK;
        eval_block(f, leaves, off, len, out, scratch);
    }
}

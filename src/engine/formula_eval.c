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

/* Copies a leaf vector; a leaf the caller cannot provide (NULL) is no
 * value for every unit. */
static void copy_leaf(double *dst, const double *src, size_t n)
{
    if (src)
        memcpy(dst, src, n * sizeof *dst);
    else
        fill(dst, n, NAN);
}

/* True when node i's operand index k is a node evaluated before it. A
 * formula from pm_formula_parse always passes; this guards hand-built ones
 * against reading outside scratch. */
static int operand_ok(int k, size_t i) { return k >= 0 && (size_t)k < i; }

/* One block of units [off, off + len): every node over the block, then the
 * root's values to out. Leaves are asked for their vectors once per block
 * (the callbacks cache them: aggregate.c). */
static void eval_block(const pm_formula *f, const pm_leaves *leaves, size_t off, size_t len, double *out,
                       double *scratch)
{
    for (size_t i = 0; i < f->n; i++) {
        const pm_fnode *x = &f->node[i];
        double *dst = scratch + i * len;
        int unary = x->op == PM_F_NEG;
        int binary = x->op >= PM_F_ADD && x->op <= PM_F_DIV;
        if ((unary || binary) && (!operand_ok(x->a, i) || (binary && !operand_ok(x->b, i)))) {
            fill(dst, len, NAN);
            continue;
        }
        const double *a = scratch + (size_t)(x->a >= 0 ? x->a : 0) * len;
        const double *b = scratch + (size_t)(x->b >= 0 ? x->b : 0) * len;
        const double *src;
        switch (x->op) {
        case PM_F_NUM:
            fill(dst, len, x->num);
            break;
        case PM_F_ELEM:
            src = leaves->elem_sub && x->elem >= 0 ? leaves->elem_sub[x->elem] : NULL;
            copy_leaf(dst, src ? src + off : NULL, len);
            break;
        case PM_F_UNITS:
            src = leaves->units_at ? leaves->units_at(leaves->ctx, x->level, x->group) : NULL;
            copy_leaf(dst, src ? src + off : NULL, len);
            break;
        case PM_F_UNITS_WITH:
            src = leaves->units_with ? leaves->units_with(leaves->ctx, x->elem, x->level, x->group) : NULL;
            copy_leaf(dst, src ? src + off : NULL, len);
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
    }
    memcpy(out + off, scratch + (f->n - 1) * len, len * sizeof *out);
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

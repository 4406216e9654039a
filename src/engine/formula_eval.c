/* Formula evaluation, one node at a time over a block of units: each node
 * is one tight loop over up to PM_FORMULA_BLOCK doubles (scratch row
 * node*block), two at a time (see vd), instead of walking the tree once
 * per unit; a constant stays one number (see operand).
 * Operands always precede their user (model/formula.h), so one forward
 * pass suffices. No allocation: the caller owns out and scratch. */
#include "engine/formula_eval.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

static void fill(double *dst, size_t n, double v)
{
    for (size_t u = 0; u < n; u++)
        dst[u] = v;
}

/* How many nodes of a formula may read their leaf vector in place or stay
 * a number (most formulas have a handful of nodes; a node past this is
 * written out to its scratch row). */
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

/* A node's values over a block: a vector of len doubles (v), or one
 * number for every unit (v NULL, k): a constant such as the 100 of
 * "a / b * 100", a leaf with no vector (NaN), or an operator over such
 * numbers. A number is never written out to a block, and an operator
 * with one reads it from a register: the results are the same IEEE
 * operations on the same values, only not repeated per unit. */
typedef struct operand {
    const double *v;
    double k;
} operand;

/* Two doubles at a time through the compiler's generic vectors (SSE2 on
 * x86-64, NEON on arm64, plain code elsewhere): -O2 does not vectorise
 * these loops itself (their length is not a constant, and the division
 * has a select in it). Each lane is the scalar operation on the same
 * values, so the results are the same to the bit. */
typedef double vd __attribute__((vector_size(2 * sizeof(double))));
typedef long long vl __attribute__((vector_size(2 * sizeof(long long))));

static inline vd vload(const double *p)
{
    vd v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline void vstore(double *p, vd v) { memcpy(p, &v, sizeof v); }

/* A store past the cache (x86-64's non-temporal store; a plain store
 * elsewhere), for the root's values only: the out row of a formula is
 * written once and not read again by the evaluation, and a plain store
 * to a line not in the cache reads the line from memory first. At 600 k
 * leaves (5 MiB a row) that read was a quarter of a formula's memory
 * traffic (two operand rows in, one row out); streamed, pm_engine_run
 * took 9 % less CPU, and at 20 k and 100 k leaves, where the rows stay
 * in the cache, neither the run nor the judging after it was slower
 * (issue 17, docs/performance.md). p is 16-byte aligned. */
#ifdef __SSE2__
static inline void vstream(double *p, vd v) { _mm_stream_pd(p, (__m128d)v); }
#else
#define vstream vstore
#endif

static inline vd vsplat(double k) { return (vd){k, k}; }

static inline double s_add(double a, double b) { return a + b; }
static inline double s_sub(double a, double b) { return a - b; }
static inline double s_mul(double a, double b) { return a * b; }
/* x/0 has no value (a ratio over an empty denominator), not ±inf. */
static inline double s_div(double a, double b) { return b == 0 ? NAN : a / b; }
static inline vd v_add(vd a, vd b) { return a + b; }
static inline vd v_sub(vd a, vd b) { return a - b; }
static inline vd v_mul(vd a, vd b) { return a * b; }
/* The quotient where b is not 0, NaN where it is (both lanes divided:
 * the one selected away is not used). */
static inline vd v_div(vd a, vd b)
{
    vl zero = b == vsplat(0);
    vd q = a / b;
    return (vd)(((vl)q & ~zero) | ((vl)vsplat(NAN) & zero));
}

/* dst[u] = a op b over len units, a number on either side read from its
 * register: NaN propagates through IEEE arithmetic by itself. The first
 * `head` units one at a time, then two at a time stored by ST. */
#define BINARY_ST(V, S, ST)                                                                                  \
    do {                                                                                                     \
        size_t u = 0;                                                                                        \
        if (a.v && b.v) {                                                                                    \
            for (; u < head; u++)                                                                            \
                dst[u] = S(a.v[u], b.v[u]);                                                                  \
            for (; u + 2 <= len; u += 2)                                                                     \
                ST(dst + u, V(vload(a.v + u), vload(b.v + u)));                                              \
            for (; u < len; u++)                                                                             \
                dst[u] = S(a.v[u], b.v[u]);                                                                  \
        } else if (a.v) {                                                                                    \
            vd kb = vsplat(b.k);                                                                             \
            for (; u < head; u++)                                                                            \
                dst[u] = S(a.v[u], b.k);                                                                     \
            for (; u + 2 <= len; u += 2)                                                                     \
                ST(dst + u, V(vload(a.v + u), kb));                                                          \
            for (; u < len; u++)                                                                             \
                dst[u] = S(a.v[u], b.k);                                                                     \
        } else {                                                                                             \
            vd ka = vsplat(a.k);                                                                             \
            for (; u < head; u++)                                                                            \
                dst[u] = S(a.k, b.v[u]);                                                                     \
            for (; u + 2 <= len; u += 2)                                                                     \
                ST(dst + u, V(ka, vload(b.v + u)));                                                          \
            for (; u < len; u++)                                                                             \
                dst[u] = S(a.k, b.v[u]);                                                                     \
        }                                                                                                    \
    } while (0)
/* The same, the root's values (nt) streamed past the cache from dst's
 * first 16-byte boundary on (see vstream). */
#define BINARY(V, S)                                                                                         \
    do {                                                                                                     \
        size_t head = nt && ((uintptr_t)dst & 15) != 0;                                                      \
        if (nt)                                                                                              \
            BINARY_ST(V, S, vstream);                                                                        \
        else                                                                                                 \
            BINARY_ST(V, S, vstore);                                                                         \
    } while (0)

/* Node x over the block: a number when its operands are numbers, else
 * written to dst; nt: x is the root, dst the caller's out. */
static operand apply(const pm_fnode *x, operand a, operand b, double *dst, size_t len, bool nt)
{
    bool binary = x->op >= PM_F_ADD && x->op <= PM_F_DIV;
    if (binary ? !a.v && !b.v : !a.v) {
        switch (x->op) {
        case PM_F_ADD:
            return (operand){NULL, s_add(a.k, b.k)};
        case PM_F_SUB:
            return (operand){NULL, s_sub(a.k, b.k)};
        case PM_F_MUL:
            return (operand){NULL, s_mul(a.k, b.k)};
        case PM_F_DIV:
            return (operand){NULL, s_div(a.k, b.k)};
        case PM_F_NEG:
            return (operand){NULL, -a.k};
        default:
            return (operand){NULL, NAN};
        }
    }
    switch (x->op) {
    case PM_F_ADD:
        BINARY(v_add, s_add);
        break;
    case PM_F_SUB:
        BINARY(v_sub, s_sub);
        break;
    case PM_F_MUL:
        BINARY(v_mul, s_mul);
        break;
    case PM_F_DIV:
        BINARY(v_div, s_div);
        break;
    case PM_F_NEG:
        for (size_t u = 0; u < len; u++)
            dst[u] = -a.v[u];
        break;
    default:
        return (operand){NULL, NAN};
    }
    return (operand){dst, 0};
}

/* The values of node k (< the node reading it, so already evaluated):
 * as kept in val[], or its scratch row. */
static operand operand_of(const operand *val, const double *scratch, size_t len, int k)
{
    return k < DIRECT_MAX ? val[k] : (operand){scratch + (size_t)k * len, 0};
}

/* One block of units [off, off + len): every node over the block, the
 * root's values into out. Leaves are asked for their vectors once per
 * block (the callbacks cache them: aggregate.c) and read where they are;
 * a number stays a number (see operand); every other node writes its
 * values to its scratch row (node*len), the root straight to out. */
static void eval_block(const pm_formula *f, const pm_leaves *leaves, size_t off, size_t len, double *out,
                       double *scratch)
{
    operand val[DIRECT_MAX]; /* node i's values, for i < DIRECT_MAX */
    size_t root = f->n - 1;
    operand res = {NULL, NAN};
    for (size_t i = 0; i < f->n; i++) {
        const pm_fnode *x = &f->node[i];
        double *dst = i == root ? out + off : scratch + i * len;
        int unary = x->op == PM_F_NEG;
        int binary = x->op >= PM_F_ADD && x->op <= PM_F_DIV;
        res = (operand){NULL, NAN};
        if ((unary || binary) && (!operand_ok(x->a, i) || (binary && !operand_ok(x->b, i)))) {
            /* NaN, as set above */
        } else if (x->op == PM_F_NUM) {
            res.k = x->num;
        } else if (x->op == PM_F_ELEM || x->op == PM_F_UNITS || x->op == PM_F_UNITS_WITH) {
            res.v = leaf_vector(x, leaves, off); /* NULL: no vector, NaN */
        } else if (unary || binary) {
            /* Operands precede their user (checked just above), so val[]
             * holds them already. */
            operand a = operand_of(val, scratch, len, x->a);
            operand b = binary ? operand_of(val, scratch, len, x->b) : a;
            res = apply(x, a, b, dst, len, i == root);
        }
        if (i < DIRECT_MAX) {
            val[i] = res;
        } else if (i != root && res.v != dst) { /* read from its scratch row (operand_of) */
            if (res.v)
                memcpy(dst, res.v, len * sizeof *dst);
            else
                fill(dst, len, res.k);
        }
    }
    if (!res.v)
        fill(out + off, len, res.k);
    else if (res.v != out + off)
        memcpy(out + off, res.v, len * sizeof *out);
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
#ifdef __SSE2__
    _mm_sfence(); /* the streamed stores ordered before any that follow */
#endif
}

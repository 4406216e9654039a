/* libFuzzer target for formulas: the parser (src/parse/formula.c) and the
 * evaluator (src/engine/formula_eval.c).
 *
 * The bytes, cut at the first NUL, are parsed against a few codes. Beyond
 * what the sanitizers catch (no crash, leak, stack overflow or undefined
 * behaviour) it checks promises a fuzzer can check without an oracle:
 * - success gives nodes whose operands precede them, known ops, element
 *   indexes inside the code list and levels in range; the formula then
 *   evaluates over 2 units with a scratch of exactly n·2 doubles;
 * - failure gives a valid UTF-8 message naming "第 N 个字符" with N inside
 *   the text (or just past it), leaves the formula empty and err->line
 *   alone; text past the length cap always fails;
 * - one leading blank moves an error exactly one character right and
 *   turns no success into a failure;
 * - wrapping a valid formula in parentheses keeps its value (unless that
 *   is what exceeds the nesting cap).
 * A broken promise aborts, which libFuzzer reports as a crash. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "engine/formula_eval.h"
#include "model/orgunit.h"
#include "parse/formula.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NU 2
#define MAX_BYTES 4096 /* the parser's cap, as documented in parse/formula.c */

static const char *const CODES[] = {"beds", "pop", "床位数", "a.b-c_1"};
#define NCODES (sizeof CODES / sizeof CODES[0])

/* Constant leaves; the zeros make division by zero reachable. */
static const double L_BEDS[NU] = {3, 0}, L_POP[NU] = {1000, 0}, L_CN[NU] = {7, -2},
                    L_ABC[NU] = {0.5, 1};
static const double *const ELEM_SUB[NCODES] = {L_BEDS, L_POP, L_CN, L_ABC};
static const double L_UNITS[NU] = {4, 1}, L_WITH[NU] = {2, 0};

static const double *units_at(void *ctx, int level)
{
    (void)ctx;
    (void)level;
    return L_UNITS;
}

static const double *units_with(void *ctx, int elem, int level)
{
    (void)ctx;
    (void)level;
    if (elem < 0 || (size_t)elem >= NCODES) {
        fprintf(stderr, "fuzz_formula: broken promise: units_with element in range\n");
        abort();
    }
    return L_WITH;
}

static void require(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz_formula: broken promise: %s\n", what);
        abort();
    }
}

static size_t count_chars(const char *s)
{
    size_t n = 0, len = strlen(s);
    for (size_t i = 0; i < len; n++) {
        uint32_t c;
        i += utf8_decode(s + i, len - i, &c);
    }
    return n;
}

static void check_formula(const pm_formula *f)
{
    require(f->n > 0 && f->node != NULL, "a parsed formula has nodes");
    for (size_t i = 0; i < f->n; i++) {
        const pm_fnode *x = &f->node[i];
        require(x->op >= PM_F_NUM && x->op <= PM_F_NEG, "op is known");
        if (x->op == PM_F_ELEM || x->op == PM_F_UNITS_WITH)
            require(x->elem >= 0 && (size_t)x->elem < NCODES, "element index in range");
        if (x->op == PM_F_UNITS || x->op == PM_F_UNITS_WITH)
            require(x->level >= 0 && x->level <= PM_LEVEL_MAX, "level in range");
        if (x->op >= PM_F_ADD && x->op <= PM_F_NEG)
            require(x->a >= 0 && (size_t)x->a < i, "operand a precedes its user");
        if (x->op >= PM_F_ADD && x->op <= PM_F_DIV)
            require(x->b >= 0 && (size_t)x->b < i, "operand b precedes its user");
    }
    unsigned char used[NCODES];
    pm_formula_uses(f, used, NCODES);
    for (size_t e = 0; e < NCODES; e++)
        require(used[e] <= 1, "uses gives 0 or 1");
}

static void eval(const pm_formula *f, double out[NU])
{
    pm_leaves lv = {ELEM_SUB, units_at, units_with, NULL};
    double *scratch = malloc(f->n * NU * sizeof *scratch);
    require(scratch != NULL, "scratch allocated");
    pm_formula_eval(f, &lv, NU, out, scratch);
    free(scratch);
}

static int same(double a, double b) { return (isnan(a) && isnan(b)) || a == b; }

/* Parses s; on failure checks the message and returns the character it
 * names (0 on success, with *f filled and checked). */
static size_t parse(const char *s, pm_formula *f)
{
    pm_err err;
    memset(&err, 0, sizeof err);
    err.line = 7;
    if (pm_formula_parse(s, CODES, NCODES, f, &err)) {
        require(strlen(s) <= MAX_BYTES, "text past the cap is refused");
        check_formula(f);
        return 0;
    }
    const char *nul = memchr(err.msg, '\0', sizeof err.msg);
    require(nul != NULL, "error message is NUL-terminated");
    require(utf8_valid(err.msg, (size_t)(nul - err.msg), NULL), "error message is valid UTF-8");
    require(err.line == 7, "err->line is left alone");
    require(f->node == NULL && f->n == 0, "a failed parse leaves the formula empty");
    size_t pos = 0;
    require(sscanf(err.msg, "第 %zu 个字符", &pos) == 1, "error names a character");
    require(pos >= 1 && pos <= count_chars(s) + 1, "error position inside the text");
    return pos;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The parser takes a C string: the text ends at the first NUL. Room
     * for one leading blank and a pair of parentheses around it. */
    char *s = malloc(size + 4);
    if (!s)
        return 0;
    memcpy(s + 1, data, size);
    s[size + 1] = '\0';
    char *text = s + 1;
    size_t len = strlen(text);

    pm_formula f;
    size_t pos = parse(text, &f);
    double v[NU] = {0, 0};
    if (pos == 0)
        eval(&f, v);

    /* One leading blank: same outcome, error one character to the right
     * (an empty formula stays "empty" at character 1). */
    if (len + 1 <= MAX_BYTES) {
        s[0] = ' ';
        pm_formula g;
        size_t pos2 = parse(s, &g);
        if (pos == 0) {
            require(pos2 == 0, "a leading blank keeps a formula valid");
            double w[NU];
            eval(&g, w);
            for (int u = 0; u < NU; u++)
                require(same(v[u], w[u]), "a leading blank keeps the value");
            pm_formula_free(&g);
        } else {
            require(pos2 == pos + 1 || (pos == 1 && pos2 == 1), "a leading blank shifts the error");
        }
    }

    /* Parentheses around a valid formula: same value, or the nesting cap. */
    if (pos == 0 && len + 2 <= MAX_BYTES) {
        s[0] = '(';
        s[len + 1] = ')';
        s[len + 2] = '\0';
        pm_formula g;
        pm_err err;
        memset(&err, 0, sizeof err);
        if (pm_formula_parse(s, CODES, NCODES, &g, &err)) {
            double w[NU];
            eval(&g, w);
            for (int u = 0; u < NU; u++)
                require(same(v[u], w[u]), "parentheses keep the value");
            pm_formula_free(&g);
        } else {
            require(strstr(err.msg, "嵌套过深") != NULL, "parentheses fail only on the nesting cap");
        }
    }

    if (pos == 0)
        pm_formula_free(&f);
    free(s);
    return 0;
}

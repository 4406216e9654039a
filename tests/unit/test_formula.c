/* Unit tests for formulas: the parser (src/parse/formula.c), the evaluator
 * (src/engine/formula_eval.c) and pm_formula_free (src/model/formula.c).
 *
 * Table-driven. Each valid formula is parsed against CODES and evaluated
 * over three units whose leaves are the small arrays below; the expected
 * values are worked out by hand in the row's comment, never by calling the
 * code under test. NAN in an expected row means "must be no value".
 * Each error row gives the 1-based character position the message must
 * name ("第 N 个字符") and a key word it must contain.
 * Every row runs as its own cmocka test, named after its text. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "engine/formula_eval.h"
#include "parse/formula.h"

#define NU 3 /* units in every evaluation */

/* Element codes, by index: 0 beds, 1 pop, 2 zero, 3 nan, 4 床位数, 5 a.b-c_1. */
static const char *const CODES[] = {"beds", "pop", "zero", "nan", "床位数", "a.b-c_1"};
#define NCODES (sizeof CODES / sizeof CODES[0])

/* elem_sub leaves: each element aggregated over each unit's subtree. */
static const double BEDS[NU] = {10, 20, 30};
static const double POP[NU] = {1000, 4000, 500};
static const double ZERO[NU] = {0, 5, 0};
static const double NANS[NU] = {NAN, 1, 2};
static const double BEDS_CN[NU] = {7, 8, 9};
static const double ABC[NU] = {1, 2, 3};
static const double *const ELEM_SUB[NCODES] = {BEDS, POP, ZERO, NANS, BEDS_CN, ABC};

/* units(level) for unit u is 10·level + u + 1 (levels 0–2; no leaf for
 * deeper levels): district {1,2,3}, town {11,12,13}, community {21,22,23}.
 * units_with(elem, level) for unit u is 100·elem + 10·level + u, so a row
 * shows that the right element and level reached the leaf. Both fill a
 * per-call buffer in the context. */
typedef struct leaf_ctx {
    double units[3][NU];
    double with[NU];
} leaf_ctx;

/* A group reaches the leaf too: "镇" adds 1000, "农村社区" 2000, any other
 * group 9000 (so an unnamed group never passes for none). */
static double group_mark(const char *group)
{
    return !*group ? 0 : !strcmp(group, "镇") ? 1000 : !strcmp(group, "农村社区") ? 2000 : 9000;
}

static const double *units_at(void *ctx, int level, const char *group)
{
    leaf_ctx *c = ctx;
    if (level < 0 || level > 2)
        return NULL;
    for (int u = 0; u < NU; u++)
        c->units[level][u] = 10.0 * level + u + 1 + group_mark(group);
    return c->units[level];
}

static const double *units_with(void *ctx, int elem, int level, const char *group)
{
    leaf_ctx *c = ctx;
    for (int u = 0; u < NU; u++)
        c->with[u] = 100.0 * elem + 10.0 * level + u + group_mark(group);
    return c->with;
}

/* Evaluates f over NU units with a scratch of exactly f->n·NU doubles
 * (heap, so ASan catches any write past it). */
static void eval(const pm_formula *f, double out[NU])
{
    leaf_ctx ctx;
    pm_leaves lv = {ELEM_SUB, units_at, units_with, &ctx};
    double *scratch = malloc((f->n ? f->n : 1) * NU * sizeof *scratch);
    assert_non_null(scratch);
    pm_formula_eval(f, &lv, NU, out, scratch);
    free(scratch);
}

/* ---- valid formulas ---------------------------------------------------- */

typedef struct ok_case {
    const char *text;
    double want[NU];
} ok_case;

#define ALL(x) {x, x, x}

static const ok_case OK[] = {
    /* numbers */
    {"1000", ALL(1000)},
    {"0.5", ALL(0.5)},
    {".25", ALL(0.25)},
    {"007", ALL(7)},
    /* precedence: * before +; parentheses override */
    {"1 + 2 * 3", ALL(7)},
    {"(1 + 2) * 3", ALL(9)},
    {"2*3+4*5", ALL(26)},
    {"2 + 12 / 4 - 1", ALL(4)},
    /* left associativity: (8/4)/2 = 1, not 8/(4/2) = 4; (10−4)−3 = 3, not 9 */
    {"8/4/2", ALL(1)},
    {"10 - 4 - 3", ALL(3)},
    {"2 * 3 / 4", ALL(1.5)},
    {"1 - 2 + 3", ALL(2)},
    /* unary minus binds tighter than * and /; runs of minuses */
    {"-3", ALL(-3)},
    {"--3", ALL(3)},
    {"---3", ALL(-3)},
    {"-(2+3)*2", ALL(-10)},
    {"2*-3", ALL(-6)},
    {"1 - -1", ALL(2)},
    {"-2 * -2", ALL(4)},
    {"((((5))))", ALL(5)},
    /* blanks: ASCII and U+3000 anywhere between tokens */
    {" \t1\n+\r2\v\f", ALL(3)},
    {"\xE3\x80\x80" "1\xE3\x80\x80+\xE3\x80\x80" "2\xE3\x80\x80", ALL(3)},
    /* full-width forms: （1＋2）×3 = 9; 8÷4÷2 = 1; ／ ＊ － and U+2212 */
    {"（1＋2）×3", ALL(9)},
    {"8÷4÷2", ALL(1)},
    {"6／3", ALL(2)},
    {"2＊3", ALL(6)},
    {"5－2", ALL(3)},
    {"5 \xE2\x88\x92 2", ALL(3)},
    /* elements: beds {10,20,30}, pop {1000,4000,500}
     * beds/pop·1000 = {10, 5, 60} */
    {"#{beds}", {10, 20, 30}},
    {"#{ beds }", {10, 20, 30}},
    {"-#{beds}", {-10, -20, -30}},
    {"#{beds} / #{pop} * 1000", {10, 5, 60}},
    {"#{beds}/（#{pop}×1000）", {1e-5, 5e-6, 6e-5}},
    {"#{pop} - #{beds} * 10", {900, 3800, 200}},
    /* 床位数 {7,8,9} × 2; a.b-c_1 {1,2,3} + 1 */
    {"#{床位数} * 2", {14, 16, 18}},
    {"　#{床位数}　÷　#{床位数}　×　100　", ALL(100)},
    {"#{a.b-c_1} + 1", {2, 3, 4}},
    /* units(level), every spelling the pm_level_parse contract names:
     * district {1,2,3}, town {11,12,13}, community {21,22,23} */
    {"units(0)", {1, 2, 3}},
    {"units(district)", {1, 2, 3}},
    {"units(区)", {1, 2, 3}},
    {"units(1)", {11, 12, 13}},
    {"units(town)", {11, 12, 13}},
    {"units(街道)", {11, 12, 13}},
    {"units(乡镇)", {11, 12, 13}},
    {"units(街道乡镇)", {11, 12, 13}},
    {"units(2)", {21, 22, 23}},
    {"units(community)", {21, 22, 23}},
    {"units(社区)", {21, 22, 23}},
    {"units(村)", {21, 22, 23}},
    {"units(社区村)", {21, 22, 23}},
    {"units ( town )", {11, 12, 13}},
    {"units（街道乡镇）", {11, 12, 13}},
    /* a level deeper than the tree's: pm_level_parse takes it, the leaf
     * provider has nothing → no value */
    {"units(3)", ALL(NAN)},
    /* units_with(elem, level) = 100·elem + 10·level + u:
     * pop(1), town(1) → {110,111,112}; beds(0), 2 → {20,21,22};
     * 床位数(4), 社区(2) with a full-width comma → {420,421,422} */
    {"units_with(pop, town)", {110, 111, 112}},
    /* a named group after the level, ASCII or full-width colon */
    {"units(town:镇)", {1011, 1012, 1013}},
    {"units( town : 镇 )", {1011, 1012, 1013}},
    {"units(社区：农村社区)", {2021, 2022, 2023}},
    {"units_with(pop, town:镇)", {1110, 1111, 1112}},
    {"units_with(beds, 2：农村社区) / units(2:农村社区)", {2020.0 / 2021, 2021.0 / 2022, 2022.0 / 2023}},
    {"units_with(#{beds}, 2)", {20, 21, 22}},
    {"units_with(床位数，社区)", {420, 421, 422}},
    {"units_with( a.b-c_1 , district )", {500, 501, 502}},
    /* share of communities with a station: beds(0), community(2):
     * {20, 21, 22} / {21, 22, 23} · 100 */
    {"units_with(beds, community) / units(community) * 100",
     {2000.0 / 21, 2100.0 / 22, 2200.0 / 23}},
    /* x/0 is no value, never ±inf: zero {0,5,0} → beds/zero {NaN, 4, NaN} */
    {"#{beds} / #{zero}", {NAN, 4, NAN}},
    {"0/0", ALL(NAN)},
    {"1/(2-2)", ALL(NAN)},
    {"-1/0", ALL(NAN)},
    /* NaN propagates: nan {NaN,1,2}; NaN·0 stays NaN */
    {"#{nan} * 0", {NAN, 0, 0}},
    {"#{nan} + 1", {NAN, 2, 3}},
    {"-#{nan}", {NAN, -1, -2}},
    {"(#{beds} / #{zero}) * 0 + 1", {NAN, 1, NAN}},
    {"#{nan} / #{zero}", {NAN, 0.2, NAN}},
};
#define NOK (sizeof OK / sizeof OK[0])

static void check_values(const char *text, const double *want, const double *got, size_t n)
{
    for (size_t u = 0; u < n; u++) {
        if (isnan(want[u])) {
            if (!isnan(got[u]))
                fail_msg("%s: unit %zu: want no value, got %.17g", text, u, got[u]);
        } else if (!(fabs(got[u] - want[u]) <= 1e-12 * fmax(1, fabs(want[u])))) {
            fail_msg("%s: unit %zu: want %.17g, got %.17g", text, u, want[u], got[u]);
        }
    }
}

/* Every operand precedes its user, so the root is the last node. */
static void check_order(const pm_formula *f)
{
    assert_true(f->n > 0);
    for (size_t i = 0; i < f->n; i++) {
        const pm_fnode *x = &f->node[i];
        if (x->op >= PM_F_ADD && x->op <= PM_F_NEG) {
            assert_true(x->a >= 0 && (size_t)x->a < i);
        }
        if (x->op >= PM_F_ADD && x->op <= PM_F_DIV) {
            assert_true(x->b >= 0 && (size_t)x->b < i);
        }
    }
}

static void run_ok(void **state)
{
    const ok_case *c = *state;
    pm_formula f;
    pm_err err;
    memset(&err, 0, sizeof err);
    if (!pm_formula_parse(c->text, CODES, NCODES, &f, &err))
        fail_msg("%s: parse failed: %s", c->text, err.msg);
    check_order(&f);
    double out[NU];
    eval(&f, out);
    check_values(c->text, c->want, out, NU);
    pm_formula_free(&f);
}

/* ---- errors ------------------------------------------------------------ */

typedef struct err_case {
    const char *text;
    int pos;          /* 1-based character the message must name */
    const char *word; /* a key word the message must hold */
} err_case;

static const err_case ERR[] = {
    {"", 1, "公式为空"},
    {"   ", 1, "公式为空"},
    {"\xE3\x80\x80", 1, "公式为空"},
    /* unknown element: position of its '#'; positions count characters:
     * "#{床位数} + " is 9 characters (17 bytes) */
    {"#{beds} + #{床位}", 11, "未知的数据项“床位”"},
    {"#{床位数} + #{foo}", 10, "未知的数据项“foo”"},
    {"units_with(bed, town)", 12, "未知的数据项“bed”"},
    {"#{}", 3, "数据项代码为空"},
    {"#{ }", 4, "数据项代码为空"},
    {"#beds", 2, "{"},
    {"#{beds", 7, "“}”"},
    {"#{be@ds}", 5, "不能有“@”"},
    {"#{be ds}", 6, "“}”"},
    /* unknown level */
    {"units(省)", 7, "未知的层级“省”"},
    {"units_with(beds, 镇区)", 18, "未知的层级“镇区”"},
    {"units()", 7, "层级"},
    {"units(town:)", 12, "分组名称"},
    {"units(town:镇 镇)", 14, "缺少右括号"},
    {"units(town:abcdefghijabcdefghijabcdefghijabcdefghij)", 12, "分组名称过长"},
    {"units town", 7, "左括号"},
    {"units_with(beds town)", 17, "逗号"},
    {"units_with(, town)", 12, "数据项代码"},
    /* unexpected characters */
    {"1 + @", 5, "意外的字符“@”"},
    {"2 * / 3", 5, "意外的字符“/”"},
    {"1 + 床", 5, "意外的字符“床”"},
    {"1 + \xFF", 5, "0xFF"},
    {"1 + \x01", 5, "U+0001"},
    {"+1", 1, "意外的字符“+”"},
    {"beds + 1", 1, "未知的名称“beds”"},
    {"1.", 3, "小数点后缺少数字"},
    {"1 +", 4, "公式意外结束"},
    {"-", 2, "公式意外结束"},
    /* missing ')': positions where it was due */
    {"(1 + 2", 7, "缺少右括号"},
    {"（1＋2", 5, "缺少右括号"},
    {"(1 2)", 4, "缺少右括号"},
    {"units(town", 11, "缺少右括号"},
    /* trailing input */
    {"1 2", 3, "多余的内容"},
    {"#{beds} #{pop}", 9, "多余的内容"},
    {"1 + 2)", 6, "多余的右括号"},
    {"(1)）", 4, "多余的右括号"},
};
#define NERR (sizeof ERR / sizeof ERR[0])

/* Parses text, which must fail: checks the message names the position and
 * the word, is valid UTF-8, and that the formula and err->line are left
 * as the contract says. */
static void expect_error(const char *text, int pos, const char *word)
{
    pm_formula f = {(pm_fnode *)1, 99};
    pm_err err;
    memset(&err, 0, sizeof err);
    err.line = 42;
    if (pm_formula_parse(text, CODES, NCODES, &f, &err))
        fail_msg("%s: parsed, want an error", text);
    char at[48];
    snprintf(at, sizeof at, "第 %d 个字符", pos);
    if (!strstr(err.msg, at) || !strstr(err.msg, word))
        fail_msg("%s: want \"%s\" and \"%s\" in \"%s\"", text, at, word, err.msg);
    assert_true(utf8_valid(err.msg, strlen(err.msg), NULL));
    assert_int_equal(err.line, 42);
    assert_null(f.node);
    assert_int_equal(f.n, 0);
}

static void run_err(void **state)
{
    const err_case *c = *state;
    expect_error(c->text, c->pos, c->word);
}

/* ---- limits ------------------------------------------------------------ */

/* Text of depth opening parentheses, "1", depth closing ones. malloc'd. */
static char *nested(int depth)
{
    char *s = malloc((size_t)depth * 2 + 2);
    assert_non_null(s);
    memset(s, '(', (size_t)depth);
    s[depth] = '1';
    memset(s + depth + 1, ')', (size_t)depth);
    s[2 * depth + 1] = '\0';
    return s;
}

/* 64 levels parse; the 65th '(' is refused, by position. */
static void test_nesting_cap(void **state)
{
    (void)state;
    char *s = nested(64);
    pm_formula f;
    pm_err err;
    assert_true(pm_formula_parse(s, CODES, NCODES, &f, &err));
    double out[NU];
    eval(&f, out);
    check_values("nested(64)", (double[])ALL(1), out, NU);
    pm_formula_free(&f);
    free(s);

    s = nested(65);
    expect_error(s, 65, "嵌套过深");
    free(s);
}

/* Hostile input: 4000 '(' and 4000 unary minuses refused or parsed
 * without recursion blowing the stack. */
static void test_deep_hostile(void **state)
{
    (void)state;
    char s[4001];
    memset(s, '(', 4000);
    s[4000] = '\0';
    expect_error(s, 65, "嵌套过深");

    /* 3999 minuses then "2": odd count → −2, one NEG node. */
    memset(s, '-', 3999);
    s[3999] = '2';
    pm_formula f;
    pm_err err;
    assert_true(pm_formula_parse(s, CODES, NCODES, &f, &err));
    assert_int_equal(f.n, 2);
    double out[NU];
    eval(&f, out);
    check_values("-…-2", (double[])ALL(-2), out, NU);
    pm_formula_free(&f);
}

/* 4096 bytes parse; 4097 do not, and the message names the character that
 * holds the first byte past the cap. */
static void test_length_cap(void **state)
{
    (void)state;
    char s[4200];
    /* "1" + 2047 × "+1" = 4095 bytes, then one blank: 4096 → 2048 */
    s[0] = '1';
    for (int i = 0; i < 2047; i++)
        memcpy(s + 1 + 2 * i, "+1", 2);
    s[4095] = ' ';
    s[4096] = '\0';
    pm_formula f;
    pm_err err;
    assert_true(pm_formula_parse(s, CODES, NCODES, &f, &err));
    double out[NU];
    eval(&f, out);
    check_values("4096 bytes", (double[])ALL(2048), out, NU);
    pm_formula_free(&f);

    s[4096] = '1';
    s[4097] = '\0';
    expect_error(s, 4097, "公式过长");

    /* Three-byte characters: "1" then 1366 U+3000 = 4099 bytes; byte 4096
     * (0-based) lies in the 1366th blank, character 1367. */
    s[0] = '1';
    for (int i = 0; i < 1366; i++)
        memcpy(s + 1 + 3 * i, "\xE3\x80\x80", 3);
    s[1 + 3 * 1366] = '\0';
    expect_error(s, 1367, "公式过长");
}

/* A code longer than the quote limit is cut at a character boundary. */
static void test_long_code_quoted(void **state)
{
    (void)state;
    char s[400];
    strcpy(s, "#{");
    for (int i = 0; i < 100; i++)
        strcat(s, "床");
    strcat(s, "}");
    expect_error(s, 1, "未知的数据项“床床");
    pm_formula f;
    pm_err err;
    assert_false(pm_formula_parse(s, CODES, NCODES, &f, &err));
    assert_non_null(strstr(err.msg, "…"));
    assert_true(strlen(err.msg) < 300);
}

/* ---- structure, uses, free, eval edges -------------------------------- */

/* "1 + 2 * 3" → NUM 1, NUM 2, NUM 3, MUL(1,2), ADD(0,3): post-order. */
static void test_node_layout(void **state)
{
    (void)state;
    pm_formula f;
    pm_err err;
    assert_true(pm_formula_parse("1 + 2 * 3", CODES, NCODES, &f, &err));
    assert_int_equal(f.n, 5);
    assert_int_equal(f.node[0].op, PM_F_NUM);
    assert_true(f.node[0].num == 1);
    assert_int_equal(f.node[2].op, PM_F_NUM);
    assert_true(f.node[2].num == 3);
    assert_int_equal(f.node[3].op, PM_F_MUL);
    assert_int_equal(f.node[3].a, 1);
    assert_int_equal(f.node[3].b, 2);
    assert_int_equal(f.node[4].op, PM_F_ADD);
    assert_int_equal(f.node[4].a, 0);
    assert_int_equal(f.node[4].b, 3);
    pm_formula_free(&f);

    assert_true(pm_formula_parse("units_with(床位数, 街道乡镇)", CODES, NCODES, &f, &err));
    assert_int_equal(f.n, 1);
    assert_int_equal(f.node[0].op, PM_F_UNITS_WITH);
    assert_int_equal(f.node[0].elem, 4);
    assert_int_equal(f.node[0].level, 1);
    pm_formula_free(&f);
}

static void test_uses(void **state)
{
    (void)state;
    pm_formula f;
    pm_err err;
    unsigned char used[NCODES];
    assert_true(pm_formula_parse("#{pop} + units_with(床位数, town) + units(town) * #{pop}", CODES,
                                 NCODES, &f, &err));
    memset(used, 7, sizeof used);
    pm_formula_uses(&f, used, NCODES);
    static const unsigned char want[NCODES] = {0, 1, 0, 0, 1, 0};
    assert_memory_equal(used, want, NCODES);
    /* A shorter used[] than the code list: indexes past it are not written. */
    unsigned char two[3] = {9, 9, 9};
    pm_formula_uses(&f, two, 2);
    assert_int_equal(two[0], 0);
    assert_int_equal(two[1], 1);
    assert_int_equal(two[2], 9);
    pm_formula_free(&f);

    assert_true(pm_formula_parse("units(town) + 1", CODES, NCODES, &f, &err));
    memset(used, 7, sizeof used);
    pm_formula_uses(&f, used, NCODES);
    static const unsigned char none[NCODES] = {0};
    assert_memory_equal(used, none, NCODES);
    pm_formula_free(&f);
}

static void test_formula_free(void **state)
{
    (void)state;
    pm_formula f = {NULL, 0};
    pm_formula_free(&f);
    pm_formula_free(NULL);
    pm_err err;
    assert_true(pm_formula_parse("#{beds}", CODES, NCODES, &f, &err));
    pm_formula_free(&f);
    assert_null(f.node);
    assert_int_equal(f.n, 0);
    pm_formula_free(&f); /* twice is harmless */
}

/* No codes at all: elements are unknown, arithmetic still works. */
static void test_no_codes(void **state)
{
    (void)state;
    pm_formula f;
    pm_err err;
    memset(&err, 0, sizeof err);
    assert_false(pm_formula_parse("#{beds}", NULL, 0, &f, &err));
    assert_non_null(strstr(err.msg, "未知的数据项"));
    assert_true(pm_formula_parse("2 * units(town)", NULL, 0, &f, &err));
    double out[NU];
    eval(&f, out);
    check_values("2 * units(town)", (double[]){22, 24, 26}, out, NU);
    pm_formula_free(&f);
}

/* An empty formula, or a hand-built one whose operand does not precede
 * its user, evaluates to no value instead of reading outside scratch. */
static void test_eval_edges(void **state)
{
    (void)state;
    double out[NU] = {1, 1, 1};
    pm_formula empty = {NULL, 0};
    eval(&empty, out);
    check_values("empty", (double[])ALL(NAN), out, NU);

    pm_fnode bad[2] = {{.op = PM_F_NUM, .num = 5, .elem = -1, .level = -1, .a = -1, .b = -1},
                       {.op = PM_F_ADD, .elem = -1, .level = -1, .a = 0, .b = 1}};
    pm_formula f = {bad, 2};
    eval(&f, out);
    check_values("self operand", (double[])ALL(NAN), out, NU);

    /* zero units: nothing written */
    pm_formula g;
    pm_err err;
    assert_true(pm_formula_parse("1", CODES, NCODES, &g, &err));
    leaf_ctx ctx;
    pm_leaves lv = {ELEM_SUB, units_at, units_with, &ctx};
    pm_formula_eval(&g, &lv, 0, out, out);
    pm_formula_free(&g);
}

/* ---- blocks, vectors and numbers, against a unit at a time ---------------- */

/* Enough units for two whole blocks and an odd part of a third. */
#define NB (2 * PM_FORMULA_BLOCK + 77)
#define NBLEAF 3 /* elements, and units() / units_with() vectors */

static double BLK_ELEM[NBLEAF][NB], BLK_UNITS[NBLEAF][NB], BLK_WITH[NB];

static const double *blk_units_at(void *ctx, int level, const char *group)
{
    (void)ctx, (void)group;
    return level >= 0 && level < NBLEAF ? BLK_UNITS[level] : NULL; /* NULL: no vector */
}

static const double *blk_units_with(void *ctx, int elem, int level, const char *group)
{
    (void)ctx, (void)elem, (void)level, (void)group;
    return BLK_WITH;
}

/* Node k of f at unit u, one unit and one node at a time, the rules
 * written out again: a leaf without a vector, an operand that is not an
 * earlier node and an unknown operator are no value; x/0 is no value. */
static double ref_node(const pm_formula *f, size_t k, size_t u)
{
    const pm_fnode *x = &f->node[k];
    bool binary = x->op >= PM_F_ADD && x->op <= PM_F_DIV;
    if ((binary || x->op == PM_F_NEG) &&
        (x->a < 0 || (size_t)x->a >= k || (binary && (x->b < 0 || (size_t)x->b >= k))))
        return NAN;
    double a = binary || x->op == PM_F_NEG ? ref_node(f, (size_t)x->a, u) : 0;
    double b = binary ? ref_node(f, (size_t)x->b, u) : 0;
    switch (x->op) {
    case PM_F_NUM:
        return x->num;
    case PM_F_ELEM:
        return x->elem >= 0 && x->elem < NBLEAF ? BLK_ELEM[x->elem][u] : NAN;
    case PM_F_UNITS:
        return x->level >= 0 && x->level < NBLEAF ? BLK_UNITS[x->level][u] : NAN;
    case PM_F_UNITS_WITH:
        return BLK_WITH[u];
    case PM_F_ADD:
        return a + b;
    case PM_F_SUB:
        return a - b;
    case PM_F_MUL:
        return a * b;
    case PM_F_DIV:
        return b == 0 ? NAN : a / b;
    case PM_F_NEG:
        return -a;
    default:
        return NAN;
    }
}

/* Random formulas of 1–60 nodes (past the evaluator's 32 kept in place)
 * over random leaves with zeros of both signs, NaN, ±inf and numbers that
 * round: every unit's value the same to the bit as ref_node's, or NaN
 * where it is NaN (which NaN is not kept: with two NaN operands the
 * hardware hands back the first, and the compiler may swap the operands
 * of + and *, so a sign of NaN differs between builds of the same code;
 * NaN is only ever "no value"). Operands
 * mostly come from the last few nodes so that the trees are deep, and
 * constants and vectors meet in every combination. */
static void test_eval_blocks(void **state)
{
    (void)state;
    static const double pick[] = {0, -0.0, 1, -1, 3, 0.1, 7.25, 1e300, -2.5e-300, 100, NAN, INFINITY, -INFINITY};
    size_t npick = sizeof pick / sizeof pick[0];
    srand(17);
    for (size_t u = 0; u < NB; u++) {
        for (int k = 0; k < NBLEAF; k++) {
            BLK_ELEM[k][u] = rand() % 3 ? pick[(size_t)rand() % npick] : (rand() - RAND_MAX / 2) / 1024.0;
            BLK_UNITS[k][u] = pick[(size_t)rand() % npick];
        }
        BLK_WITH[u] = pick[(size_t)rand() % npick];
    }
    pm_leaves lv = {(const double *const[]){BLK_ELEM[0], BLK_ELEM[1], BLK_ELEM[2]}, blk_units_at, blk_units_with,
                    NULL};
    /* out 16-byte aligned in even rounds, not in odd ones: the root's
     * values are streamed from the first boundary on (formula_eval.c,
     * vstream), the unit before it written alone. */
    _Alignas(16) static double outbuf[NB + 1];
    static double want[NB];
    size_t checked = 0;
    for (int round = 0; round < 400; round++) {
        double *out = outbuf + (round & 1);
        size_t n = 1 + (size_t)rand() % 60;
        pm_fnode *node = calloc(n, sizeof *node);
        assert_non_null(node);
        for (size_t i = 0; i < n; i++) {
            pm_fnode *x = &node[i];
            x->op = (pm_fop)(rand() % (PM_F_NEG + 2)); /* one past the last: unknown */
            x->num = pick[(size_t)rand() % npick];
            x->elem = rand() % (NBLEAF + 1) - (rand() % 8 == 0); /* -1 and NBLEAF: none */
            x->level = rand() % (NBLEAF + 1);
            x->a = i ? (int)i - 1 - rand() % (int)(i < 4 ? i : 4) : -1;
            x->b = i ? rand() % (int)i : 0; /* 0 at node 0: not an earlier node */
            if (rand() % 16 == 0)
                x->a = (int)i; /* itself: no value */
        }
        for (size_t i = 0; i < n; i++) /* a leaf's element must be one lv has */
            if (node[i].op == PM_F_ELEM && node[i].elem >= NBLEAF)
                node[i].elem = -1;
        pm_formula f = {node, n};
        double *scratch = malloc(n * PM_FORMULA_BLOCK * sizeof *scratch);
        assert_non_null(scratch);
        pm_formula_eval(&f, &lv, NB, out, scratch);
        for (size_t u = 0; u < NB; u++)
            want[u] = ref_node(&f, n - 1, u);
        for (size_t u = 0; u < NB; u++)
            if (!(isnan(out[u]) && isnan(want[u])) && memcmp(&out[u], &want[u], sizeof out[u])) {
                fail_msg("round %d (%zu nodes), unit %zu: %.17g, want %.17g", round, n, u, out[u], want[u]);
            }
        checked += NB;
        free(scratch);
        free(node);
    }
    assert_true(checked == 400 * (size_t)NB);
}

/* A row's test name: its text, unless that is empty or would garble the
 * report (control characters, invalid UTF-8); then "kind N". */
static const char *case_name(const char *text, const char *kind, size_t i, char *buf, size_t cap)
{
    int ok = text[0] != '\0' && utf8_valid(text, strlen(text), NULL);
    for (const char *c = text; ok && *c; c++)
        if ((unsigned char)*c < 0x20)
            ok = 0;
    if (ok)
        return text;
    snprintf(buf, cap, "%s %zu", kind, i);
    return buf;
}

int main(void)
{
    static char names[NOK + NERR][32];
    struct CMUnitTest tests[NOK + NERR + 10];
    size_t n = 0;
    for (size_t i = 0; i < NOK; i++) {
        const char *name = case_name(OK[i].text, "ok row", i, names[i], sizeof names[i]);
        tests[n++] = (struct CMUnitTest){name, run_ok, NULL, NULL, (void *)&OK[i]};
    }
    for (size_t i = 0; i < NERR; i++) {
        char *buf = names[NOK + i];
        const char *name = case_name(ERR[i].text, "error row", i, buf, sizeof names[0]);
        tests[n++] = (struct CMUnitTest){name, run_err, NULL, NULL, (void *)&ERR[i]};
    }
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_nesting_cap);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_deep_hostile);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_length_cap);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_long_code_quoted);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_node_layout);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_uses);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_formula_free);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_no_codes);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_eval_edges);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_eval_blocks);
    if (n != sizeof tests / sizeof tests[0]) {
        fprintf(stderr, "test_formula: %zu tests, %zu slots\n", n, sizeof tests / sizeof tests[0]);
        return 1;
    }
    return cmocka_run_group_tests_name("formula", tests, NULL, NULL);
}

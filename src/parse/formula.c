/* Formula text → pm_formula: a hand-written recursive-descent parser for
 * planmon's own small expression language (see model/formula.h).
 *
 * Grammar (blanks — ASCII white space, U+3000, U+00A0 — allowed between
 * any two tokens):
 *   expr    := term (('+' | '-') term)*
 *   term    := unary (('*' | '/') unary)*
 *   unary   := '-'* primary
 *   primary := number | '#{' code '}' | '(' expr ')'
 *            | 'units' '(' where ')'
 *            | 'units_with' '(' (code | '#{' code '}') ',' where ')'
 *   where   := level [':' group]       (group: a code-like word, 镇)
 *   number  := digit* ['.' digit+]     (ASCII, at least one digit)
 *   code    := (letter | digit | '_' | '-' | '.' | CJK ideograph)+
 * Text typed with a Chinese input method is accepted as it comes:
 * （ ） for parentheses, × ＊ for '*', ÷ ／ for '/', ＋ for '+', － and
 * U+2212 for '-', ， for ',', ： for ':'.
 *
 * Nodes are appended in post-order, so every operand precedes its user
 * and the root is the last node — the order pm_formula_eval walks.
 *
 * Limits keep hostile input cheap: at most PM_FORMULA_MAX_BYTES bytes and
 * PM_FORMULA_MAX_DEPTH nested parentheses (the only recursion; a run of
 * unary minuses is a loop). Messages name 1-based character (code point)
 * positions, counting an invalid UTF-8 byte as one character, and only ever
 * quote well-formed UTF-8, so they can go straight into JSON. */
#include "parse/formula.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/num.h"
#include "base/utf8.h"
#include "model/orgunit.h"

#define PM_FORMULA_MAX_BYTES 4096
#define PM_FORMULA_MAX_DEPTH 64
/* Quoted input in messages is cut to this many characters (then "…"). */
#define QUOTE_MAX_CHARS 32

typedef struct parser {
    const char *s; /* the whole text (borrowed) */
    size_t len;    /* its length in bytes */
    size_t pos;    /* byte offset of the next unread byte */
    const char *const *codes;
    size_t ncodes;
    pm_fnode *node; /* grows as nodes are appended; handed to the caller on success */
    size_t n, cap;
    int depth; /* parentheses currently open */
    pm_err *err;
} parser;

/* What peek() returns at the end of the text (the text holds no NUL). */
enum { T_END = 0 };

/* ---- characters -------------------------------------------------------- */

/* Decodes the code point at byte offset off (off < p->len). */
static size_t cp_at(const parser *p, size_t off, uint32_t *cp)
{
    return utf8_decode(p->s + off, p->len - off, cp);
}

static int is_blank(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
           c == 0x3000 || c == 0xA0;
}

static int is_ascii_alpha(uint32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_digit(uint32_t c) { return c >= '0' && c <= '9'; }

/* CJK ideographs (unified, extension A, compatibility, extensions B–G):
 * element codes such as “床位数” are allowed. */
static int is_cjk(uint32_t c)
{
    return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F);
}

static int is_code_char(uint32_t c)
{
    return is_ascii_alpha(c) || is_digit(c) || c == '_' || c == '-' || c == '.' || is_cjk(c);
}

/* Folds the full-width and typographic forms onto the ASCII operator they
 * mean; anything else comes back unchanged. */
static uint32_t fold(uint32_t c)
{
    switch (c) {
    case 0xFF08: /* （ */
        return '(';
    case 0xFF09: /* ） */
        return ')';
    case 0x00D7: /* × */
    case 0xFF0A: /* ＊ */
        return '*';
    case 0x00F7: /* ÷ */
    case 0xFF0F: /* ／ */
        return '/';
    case 0xFF0B: /* ＋ */
        return '+';
    case 0xFF0D: /* － */
    case 0x2212: /* − */
        return '-';
    case 0xFF0C: /* ， */
        return ',';
    case 0xFF1A: /* ： */
        return ':';
    default:
        return c;
    }
}

static void skip_blanks(parser *p)
{
    while (p->pos < p->len) {
        uint32_t c;
        size_t k = cp_at(p, p->pos, &c);
        if (!is_blank(c))
            break;
        p->pos += k;
    }
}

/* Skips blanks, then returns the next character folded to ASCII form
 * (T_END at the end of the text) without consuming it; *nbytes is its
 * length in bytes. */
static uint32_t peek(parser *p, size_t *nbytes)
{
    skip_blanks(p);
    if (p->pos >= p->len) {
        *nbytes = 0;
        return T_END;
    }
    uint32_t c;
    *nbytes = cp_at(p, p->pos, &c);
    return fold(c);
}

/* Consumes the next character if it is (folds to) want. */
static int accept(parser *p, uint32_t want)
{
    size_t k;
    if (peek(p, &k) != want)
        return 0;
    p->pos += k;
    return 1;
}

/* ---- messages ---------------------------------------------------------- */

/* 1-based character position of byte offset off. */
static size_t char_pos(const parser *p, size_t off)
{
    size_t chars = 0;
    for (size_t i = 0; i < off && i < p->len; chars++) {
        uint32_t c;
        i += cp_at(p, i, &c);
    }
    return chars + 1;
}

/* Copies s[0..n) — well-formed UTF-8 made only of code characters — into
 * out, cut at a character boundary after QUOTE_MAX_CHARS characters. */
static void quote_span(const char *s, size_t n, char *out, size_t cap)
{
    size_t i = 0, chars = 0;
    while (i < n && chars < QUOTE_MAX_CHARS) {
        uint32_t c;
        size_t k = utf8_decode(s + i, n - i, &c);
        i += k;
        chars++;
    }
    if (i < n)
        snprintf(out, cap, "%.*s…", (int)i, s);
    else
        snprintf(out, cap, "%.*s", (int)i, s);
}

/* Describes the character at byte offset off for a message: “x”, a
 * control character by code point, or an invalid byte by value — never
 * the raw bytes, so the message stays valid UTF-8. */
static void describe_char(const parser *p, size_t off, char *out, size_t cap)
{
    if (off >= p->len) {
        snprintf(out, cap, "公式结尾");
        return;
    }
    uint32_t c;
    size_t k = cp_at(p, off, &c);
    if (c == 0xFFFD && !(k == 3 && memcmp(p->s + off, "\xEF\xBF\xBD", 3) == 0))
        snprintf(out, cap, "无效的 UTF-8 字节 0x%02X", (unsigned)(unsigned char)p->s[off]);
    else if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0))
        snprintf(out, cap, "控制字符 U+%04X", (unsigned)c);
    else
        snprintf(out, cap, "“%.*s”", (int)k, p->s + off);
}

/* Sets the error: "第 N 个字符：" + what. err->line is left as it was. */
static void fail_at(parser *p, size_t off, const char *what)
{
    if (p->err)
        pm_err_set(p->err, p->err->line, "第 %zu 个字符：%s", char_pos(p, off), what);
}

/* The usual failure when something other than `expected` is found at the
 * current position (blanks skipped). */
static int fail_expected(parser *p, const char *expected)
{
    char got[64], what[256];
    size_t k;
    (void)peek(p, &k);
    describe_char(p, p->pos, got, sizeof got);
    if (p->pos >= p->len)
        snprintf(what, sizeof what, "公式意外结束，此处应为%s", expected);
    else
        snprintf(what, sizeof what, "意外的字符%s，此处应为%s", got, expected);
    fail_at(p, p->pos, what);
    return -1;
}

/* ---- nodes ------------------------------------------------------------- */

static int emit(parser *p, pm_fop op, double num, int elem, int level, int a, int b)
{
    p->node = xgrow(p->node, &p->cap, p->n + 1, sizeof *p->node);
    pm_fnode *x = &p->node[p->n];
    x->op = op;
    x->num = num;
    x->elem = elem;
    x->level = level;
    x->group[0] = '\0';
    x->a = a;
    x->b = b;
    return (int)p->n++;
}

/* ---- grammar ----------------------------------------------------------- */

static int parse_expr(parser *p);

/* number := digit* ['.' digit+], at the current position. */
static int parse_number(parser *p)
{
    size_t start = p->pos, i = p->pos;
    while (i < p->len && is_digit((unsigned char)p->s[i]))
        i++;
    if (i < p->len && p->s[i] == '.') {
        size_t frac = ++i;
        while (i < p->len && is_digit((unsigned char)p->s[i]))
            i++;
        if (i == frac) {
            fail_at(p, i, "数字格式不正确：小数点后缺少数字");
            return -1;
        }
    }
    double v;
    /* Only digits and one point reach num_parse, so a failure here means a
     * number too long for it or beyond the range of a double. */
    if (!num_parse(p->s + start, i - start, &v)) {
        fail_at(p, start, "数字过长或超出范围");
        return -1;
    }
    p->pos = i;
    return emit(p, PM_F_NUM, v, -1, -1, -1, -1);
}

/* Reads a run of code characters at the current position (blanks skipped
 * first); *start and *n give the span, empty when none. */
static void read_word(parser *p, size_t *start, size_t *n)
{
    skip_blanks(p);
    *start = p->pos;
    while (p->pos < p->len) {
        uint32_t c;
        size_t k = cp_at(p, p->pos, &c);
        if (!is_code_char(c))
            break;
        p->pos += k;
    }
    *n = p->pos - *start;
}

/* Index of the element whose code is s[0..n), or -1. */
static int find_code(const parser *p, const char *s, size_t n)
{
    for (size_t i = 0; i < p->ncodes; i++) {
        const char *c = p->codes[i];
        if (c && strlen(c) == n && memcmp(c, s, n) == 0)
            return (int)i;
    }
    return -1;
}

static int unknown_element(parser *p, size_t at, size_t start, size_t n)
{
    char q[160], what[256];
    quote_span(p->s + start, n, q, sizeof q);
    snprintf(what, sizeof what, "未知的数据项“%s”", q);
    fail_at(p, at, what);
    return -1;
}

/* '#{' code '}' at the current position ('#' not yet consumed): returns
 * the element index, or -1 with the error set. */
static int parse_braced_code(parser *p)
{
    size_t at = p->pos, start, n, k;
    p->pos++; /* '#' */
    if (p->pos >= p->len || p->s[p->pos] != '{') {
        fail_at(p, p->pos, "“#”后应紧跟“{”，数据项写作 #{代码}");
        return -1;
    }
    p->pos++;
    read_word(p, &start, &n);
    size_t word_end = p->pos;
    uint32_t c = peek(p, &k);
    if (c != '}') {
        if (n == 0 && c == T_END)
            return fail_expected(p, "数据项代码和“}”");
        if (c != T_END && p->pos == word_end) {
            /* A character glued to (or instead of) the code: say what a
             * code may hold rather than just "expected }". */
            char got[64], what[256];
            describe_char(p, p->pos, got, sizeof got);
            snprintf(what, sizeof what, "数据项代码中不能有%s（只能用字母、数字、_ - . 或汉字）", got);
            fail_at(p, p->pos, what);
            return -1;
        }
        return fail_expected(p, "“}”");
    }
    if (n == 0) {
        fail_at(p, p->pos, "数据项代码为空");
        return -1;
    }
    p->pos += k;
    int e = find_code(p, p->s + start, n);
    if (e < 0)
        return unknown_element(p, at, start, n);
    return e;
}

/* A level word (区, town, 2 …) through pm_level_parse: returns the level or
 * -1 with the error set. */
static int parse_level(parser *p)
{
    size_t start, n;
    read_word(p, &start, &n);
    if (n == 0)
        return fail_expected(p, "层级（区/街道乡镇/社区村 或 0/1/2）");
    char word[64], q[160], what[320];
    int level;
    /* A word too long for the buffer is no level anyway. */
    if (n < sizeof word) {
        memcpy(word, p->s + start, n);
        word[n] = '\0';
        if (pm_level_parse(word, &level) && level >= 0 && level <= PM_LEVEL_MAX)
            return level;
    }
    quote_span(p->s + start, n, q, sizeof q);
    snprintf(what, sizeof what, "未知的层级“%s”（可用 区/街道乡镇/社区村、district/town/community 或 0/1/2）",
             q);
    fail_at(p, start, what);
    return -1;
}

/* After a level, an optional ":group" into group (empty when none).
 * 0, or -1 with the error set. */
static int parse_group(parser *p, char group[PM_GROUP_MAX])
{
    group[0] = '\0';
    if (!accept(p, ':'))
        return 0;
    size_t start, n;
    read_word(p, &start, &n);
    if (n == 0)
        return fail_expected(p, "分组名称（如 town:镇）");
    if (n >= PM_GROUP_MAX) {
        char what[96];
        snprintf(what, sizeof what, "分组名称过长（最多 %d 字节）", PM_GROUP_MAX - 1);
        fail_at(p, start, what);
        return -1;
    }
    memcpy(group, p->s + start, n);
    group[n] = '\0';
    return 0;
}

/* Expects ')' closing the '(' at byte offset open. */
static int expect_close(parser *p, size_t open)
{
    if (accept(p, ')'))
        return 0;
    char got[64], what[256];
    describe_char(p, p->pos, got, sizeof got);
    if (p->pos >= p->len)
        snprintf(what, sizeof what, "缺少右括号“)”（第 %zu 个字符的左括号没有配对）", char_pos(p, open));
    else
        snprintf(what, sizeof what, "缺少右括号“)”（第 %zu 个字符的左括号没有配对），此处却是%s",
                 char_pos(p, open), got);
    fail_at(p, p->pos, what);
    return -1;
}

/* units(level[:group]) or units_with(code, level[:group]), the name
 * already read. */
static int parse_call(parser *p, int with)
{
    size_t k;
    if (peek(p, &k) != '(')
        return fail_expected(p, with ? "左括号“(”：units_with(代码, 层级)" : "左括号“(”：units(层级)");
    size_t open = p->pos;
    p->pos += k;
    int elem = -1;
    if (with) {
        skip_blanks(p);
        if (p->pos < p->len && p->s[p->pos] == '#') {
            elem = parse_braced_code(p);
            if (elem < 0)
                return -1;
        } else {
            size_t start, n;
            read_word(p, &start, &n);
            if (n == 0)
                return fail_expected(p, "数据项代码");
            elem = find_code(p, p->s + start, n);
            if (elem < 0)
                return unknown_element(p, start, start, n);
        }
        if (!accept(p, ','))
            return fail_expected(p, "逗号“,”：units_with(代码, 层级)");
    }
    char group[PM_GROUP_MAX];
    int level = parse_level(p);
    if (level < 0 || parse_group(p, group) < 0 || expect_close(p, open) < 0)
        return -1;
    int x = with ? emit(p, PM_F_UNITS_WITH, 0, elem, level, -1, -1) : emit(p, PM_F_UNITS, 0, -1, level, -1, -1);
    memcpy(p->node[x].group, group, sizeof group);
    return x;
}

static int parse_primary(parser *p)
{
    static const char operand[] = "数字、#{数据项}、units(…)、units_with(…) 或左括号";
    size_t k;
    uint32_t c = peek(p, &k);
    if (is_digit(c) || c == '.')
        return parse_number(p);
    if (c == '#') {
        int e = parse_braced_code(p);
        return e < 0 ? -1 : emit(p, PM_F_ELEM, 0, e, -1, -1, -1);
    }
    if (c == '(') {
        size_t open = p->pos;
        if (p->depth >= PM_FORMULA_MAX_DEPTH) {
            char what[96];
            snprintf(what, sizeof what, "括号嵌套过深（最多 %d 层）", PM_FORMULA_MAX_DEPTH);
            fail_at(p, open, what);
            return -1;
        }
        p->pos += k;
        p->depth++;
        int x = parse_expr(p);
        p->depth--;
        if (x < 0 || expect_close(p, open) < 0)
            return -1;
        return x;
    }
    if (is_ascii_alpha(c) || c == '_') {
        size_t start = p->pos, i = p->pos;
        while (i < p->len && (is_ascii_alpha((unsigned char)p->s[i]) ||
                              is_digit((unsigned char)p->s[i]) || p->s[i] == '_'))
            i++;
        size_t n = i - start;
        if (n == 5 && memcmp(p->s + start, "units", 5) == 0) {
            p->pos = i;
            return parse_call(p, 0);
        }
        if (n == 10 && memcmp(p->s + start, "units_with", 10) == 0) {
            p->pos = i;
            return parse_call(p, 1);
        }
        char q[160], what[512];
        quote_span(p->s + start, n, q, sizeof q);
        snprintf(what, sizeof what, "未知的名称“%s”（数据项请写作 #{%s}，函数只有 units 与 units_with）", q, q);
        fail_at(p, start, what);
        return -1;
    }
    return fail_expected(p, operand);
}

/* unary := '-'* primary. A loop, not recursion, so a long run of minuses
 * costs no stack; an even count cancels (−(−x) is x, NaN included). */
static int parse_unary(parser *p)
{
    int neg = 0;
    while (accept(p, '-'))
        neg = !neg;
    int x = parse_primary(p);
    if (x < 0 || !neg)
        return x;
    return emit(p, PM_F_NEG, 0, -1, -1, x, -1);
}

static int parse_term(parser *p)
{
    int x = parse_unary(p);
    while (x >= 0) {
        size_t k;
        uint32_t c = peek(p, &k);
        if (c != '*' && c != '/')
            break;
        p->pos += k;
        int y = parse_unary(p);
        if (y < 0)
            return -1;
        x = emit(p, c == '*' ? PM_F_MUL : PM_F_DIV, 0, -1, -1, x, y);
    }
    return x;
}

static int parse_expr(parser *p)
{
    int x = parse_term(p);
    while (x >= 0) {
        size_t k;
        uint32_t c = peek(p, &k);
        if (c != '+' && c != '-')
            break;
        p->pos += k;
        int y = parse_term(p);
        if (y < 0)
            return -1;
        x = emit(p, c == '+' ? PM_F_ADD : PM_F_SUB, 0, -1, -1, x, y);
    }
    return x;
}

/* ---- entry points ------------------------------------------------------ */

bool pm_formula_parse(const char *text, const char *const *codes, size_t ncodes, pm_formula *out,
                      pm_err *err)
{
    parser p = {.s = text ? text : "", .codes = codes, .ncodes = ncodes, .err = err};
    out->node = NULL;
    out->n = 0;
    /* Measure no further than one byte past the cap: the text may be huge. */
    p.len = strnlen(p.s, PM_FORMULA_MAX_BYTES + 1);
    if (p.len > PM_FORMULA_MAX_BYTES) {
        char what[96];
        /* The position is that of the character holding the first byte
         * past the cap (cut back to where that character starts). */
        size_t off = utf8_cut(p.s, PM_FORMULA_MAX_BYTES);
        snprintf(what, sizeof what, "公式过长（最多 %d 字节）", PM_FORMULA_MAX_BYTES);
        fail_at(&p, off, what);
        return false;
    }
    size_t k;
    if (peek(&p, &k) == T_END) {
        fail_at(&p, 0, "公式为空");
        return false;
    }
    int root = parse_expr(&p);
    if (root >= 0 && peek(&p, &k) != T_END) {
        char got[64], what[256];
        describe_char(&p, p.pos, got, sizeof got);
        if (peek(&p, &k) == ')')
            snprintf(what, sizeof what, "多余的右括号%s，前面没有与之配对的左括号", got);
        else
            snprintf(what, sizeof what, "多余的内容，从%s开始（此处应为运算符 + - * / 或公式结束）", got);
        fail_at(&p, p.pos, what);
        root = -1;
    }
    if (root < 0) {
        free(p.node);
        return false;
    }
    /* Post-order emission leaves the root last: every parse function
     * returns the node it emitted last. */
    out->node = p.node;
    out->n = p.n;
    return true;
}

void pm_formula_uses(const pm_formula *f, unsigned char *used, size_t ncodes)
{
    memset(used, 0, ncodes);
    for (size_t i = 0; i < f->n; i++) {
        const pm_fnode *x = &f->node[i];
        if ((x->op == PM_F_ELEM || x->op == PM_F_UNITS_WITH) && x->elem >= 0 &&
            (size_t)x->elem < ncodes)
            used[x->elem] = 1;
    }
}

bool pm_plan_formulas(const pm_plan *plan, pm_formula **out, pm_err *err)
{
    const char **codes = xcalloc(plan->nelem ? plan->nelem : 1, sizeof *codes);
    for (size_t k = 0; k < plan->nelem; k++)
        codes[k] = plan->elem[k].code;
    pm_formula *f = xcalloc(plan->nind ? plan->nind : 1, sizeof *f);
    bool ok = true;
    for (size_t i = 0; ok && i < plan->nind; i++) {
        const pm_indicator *ind = &plan->ind[i];
        /* A qualitative indicator is judged by hand: no figure, an empty
         * formula (its value is always missing). */
        if (ind->qualitative && !ind->formula)
            continue;
        char direct[160];
        const char *text = ind->formula;
        if (!text) {
            snprintf(direct, sizeof direct, "#{%s}", ind->code);
            text = direct;
        }
        pm_err ferr = {0};
        if (!pm_formula_parse(text, codes, plan->nelem, &f[i], &ferr)) {
            pm_err_set(err, ind->line, "指标 %d（%s）的公式“%s”有误：%s", ind->no, ind->name, text, ferr.msg);
            pm_formulas_free(f, i);
            f = NULL;
            ok = false;
        }
    }
    free(codes);
    *out = f;
    return ok;
}

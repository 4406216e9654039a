/* One cell of a plan table: a value ("≥80", "〔3000—4000〕", "１２。５％",
 * "完成市级考核要求") read into a number, an operator and marks, or kept as
 * text; and the helpers for names (numbering, star, unit parenthesis). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/num.h"
#include "base/text.h"
#include "base/utf8.h"
#include "parse/plantable.h"
#include "parse/plantable_int.h"

/* Full-width forms to ASCII for the characters values are written with;
 * "。" between two digits is a decimal point (a common typing slip); thousands
 * separators "1,000" go. Returns a malloc'd string. */
static char *normalize(const char *s, size_t n)
{
    buf b = BUF_INIT;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, n - i, &cp);
        if (cp >= 0xFF10 && cp <= 0xFF19)
            buf_putc(&b, (char)('0' + (cp - 0xFF10)));
        else if (cp == 0xFF0E)
            buf_putc(&b, '.');
        else if (cp == 0x3002 && b.len && b.p[b.len - 1] >= '0' && b.p[b.len - 1] <= '9' && i + k < n &&
                 s[i + k] >= '0' && s[i + k] <= '9')
            buf_putc(&b, '.');
        else if (cp == 0xFF05)
            buf_putc(&b, '%');
        else if (cp == 0xFF1E)
            buf_putc(&b, '>');
        else if (cp == 0xFF1C)
            buf_putc(&b, '<');
        else if (cp == 0xFF1D)
            buf_putc(&b, '=');
        else if (cp == 0xFF5E || cp == 0x301C)
            buf_putc(&b, '~');
        else if (cp == 0xFF0B)
            buf_putc(&b, '+');
        else if (cp == ',' && b.len && b.p[b.len - 1] >= '0' && b.p[b.len - 1] <= '9' && i + 3 < n &&
                 s[i + 1] >= '0' && s[i + 1] <= '9' && s[i + 2] >= '0' && s[i + 2] <= '9' &&
                 s[i + 3] >= '0' && s[i + 3] <= '9' && (i + 4 >= n || s[i + 4] < '0' || s[i + 4] > '9'))
            ; /* 1,000 */
        else if (cp == ' ' || cp == 0x3000 || cp == 0xA0 || cp == '\t')
            ; /* "≥ 50", "2 5" never mean two numbers in one cell */
        else
            buf_append(&b, s + i, k);
        i += k;
    }
    return buf_detach(&b);
}

static bool eat_prefix(const char **s, size_t *n, const char *p)
{
    size_t k = strlen(p);
    if (*n >= k && !memcmp(*s, p, k)) {
        *s += k, *n -= k;
        return true;
    }
    return false;
}

static bool eat_suffix(const char *s, size_t *n, const char *p)
{
    size_t k = strlen(p);
    if (*n >= k && !memcmp(s + *n - k, p, k)) {
        *n -= k;
        (void)s;
        return true;
    }
    return false;
}

static bool is_null_text(const char *s, size_t n)
{
    static const char *const nulls[] = {"", "—", "——", "-", "--", "－", "－－", "–", "―", "/", "／", "\\",
                                        "无", "暂无", "/ ", "×", NULL};
    for (const char *const *p = nulls; *p; p++)
        if (strlen(*p) == n && !memcmp(s, *p, n))
            return true;
    return false;
}

/* Operator words before the number. */
static bool eat_op_prefix(const char **s, size_t *n, pm_target_op *op)
{
    static const char *const ge[] = {"≥", ">=", "≧", ">", "不低于", "不少于", "不小于", "达到", "大于", "高于",
                                     "超过", "至少", NULL};
    static const char *const le[] = {"≤", "<=", "≦", "<", "不高于", "不超过", "不大于", "不多于", "低于",
                                     "小于", "控制在", "少于", NULL};
    static const char *const eq[] = {"约", "保持", "稳定在", NULL};
    for (const char *const *p = ge; *p; p++)
        if (eat_prefix(s, n, *p)) {
            *op = PM_OP_GE;
            return true;
        }
    for (const char *const *p = le; *p; p++)
        if (eat_prefix(s, n, *p)) {
            *op = PM_OP_LE;
            return true;
        }
    for (const char *const *p = eq; *p; p++)
        if (eat_prefix(s, n, *p))
            return true;
    return false;
}

static bool eat_op_suffix(const char *s, size_t *n, pm_target_op *op)
{
    if (eat_suffix(s, n, "及以上") || eat_suffix(s, n, "以上")) {
        *op = PM_OP_GE;
        return true;
    }
    if (eat_suffix(s, n, "及以下") || eat_suffix(s, n, "以下") || eat_suffix(s, n, "以内")) {
        *op = PM_OP_LE;
        return true;
    }
    return eat_suffix(s, n, "左右");
}

/* A trailing "（除危废外）" after a number: a note on the value. */
static bool eat_note(const char *s, size_t *n)
{
    static const char *const closes[] = {"）", ")", NULL};
    for (const char *const *c = closes; *c; c++) {
        if (!eat_suffix(s, n, *c))
            continue;
        /* find the last opening paren */
        for (size_t i = *n; i-- > 0;) {
            if ((i + 3 <= *n && !memcmp(s + i, "（", 3)) || s[i] == '(') {
                bool digit_before = false;
                for (size_t j = 0; j < i; j++)
                    digit_before |= s[j] >= '0' && s[j] <= '9';
                if (!digit_before)
                    break;
                *n = i;
                return true;
            }
        }
        *n += strlen(*c);
    }
    return false;
}

static bool eat_brackets(const char **s, size_t *n, bool *cumulative, bool *paren)
{
    static const char *const pairs[][2] = {{"[", "]"}, {"［", "］"}, {"〔", "〕"}, {"【", "】"}, {"(", ")"}, {"（", "）"}};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        const char *o = pairs[i][0], *c = pairs[i][1];
        size_t ko = strlen(o), kc = strlen(c);
        if (*n >= ko + kc && !memcmp(*s, o, ko) && !memcmp(*s + *n - kc, c, kc)) {
            *s += ko;
            *n -= ko + kc;
            if (i < 4)
                *cumulative = true;
            else
                *paren = true;
            return true;
        }
    }
    return false;
}

/* Reads a plain decimal at s[0..n): its length, 0 if none. */
static size_t scan_number(const char *s, size_t n, double *v)
{
    size_t i = 0;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        i++;
    size_t d0 = i;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    if (i == d0)
        return 0;
    if (i + 1 < n && s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9') {
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
    }
    if (!num_parse(s, i, v))
        return 0;
    return i;
}

bool pt_unit_like(const char *s)
{
    size_t n = strlen(s), cps = 0;
    if (n == 0)
        return false;
    static const char *const never[] = {"，", "。", "的", "超", "达", "于", "并", "和", "及", "或", "要求",
                                        "完成", "实现", "提升", "保持", "左右", "以上", "以下", "含", "按", "除", "其中", "不", NULL};
    for (const char *const *p = never; *p; p++)
        if (strstr(s, *p))
            return false;
    uint32_t prev = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += utf8_decode(s + i, n - i, &cp);
        cps++;
        bool ok = (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
                  cp == '/' || cp == '%' || cp == 0x2030 || cp == 0x3001 || cp == 0xB7 || cp == 0xB2 || cp == 0xB3 ||
                  cp == 0xFF08 || cp == 0xFF09 || cp == '(' || cp == ')' || cp == 0x33A1 || cp == 0x2103 ||
                  (cp >= '0' && cp <= '9' && ((prev >= 'a' && prev <= 'z') || (prev >= 'A' && prev <= 'Z')));
        if (!ok)
            return false;
        prev = cp;
    }
    return cps <= 8;
}

static bool has_words(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += utf8_decode(s + i, n - i, &cp);
        if (cp >= 0x80 || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
            return true;
    }
    return false;
}

void pt_value_parse(const char *text, pt_value *out)
{
    memset(out, 0, sizeof *out);
    out->v = out->hi = NAN;
    out->op = PM_OP_EQ;
    size_t tn = strlen(text);
    const char *t = text_trim(text, &tn);
    char *norm = normalize(t, tn);
    const char *s = norm;
    size_t n = strlen(norm);
    if (is_null_text(s, n)) {
        out->kind = PT_V_NULL;
        free(norm);
        return;
    }
    pm_target_op op = PM_OP_EQ;
    bool paren = false;
    out->noted = eat_note(s, &n);
    for (int pass = 0; pass < 2; pass++) {
        /* "[累计达到1000]": 累计 says what the brackets say */
        if (eat_prefix(&s, &n, "五年累计") || eat_prefix(&s, &n, "累计"))
            out->cumulative = true;
        eat_op_prefix(&s, &n, &op);
        eat_op_suffix(s, &n, &op);
        if (pass == 0 && !eat_brackets(&s, &n, &out->cumulative, &paren))
            break;
    }
    double v, hi;
    size_t k = scan_number(s, n, &v);
    if (k) {
        size_t rest = k;
        /* a range N—M, N-M, N~M, N至M, N到M */
        static const char *const dashes[] = {"——", "—", "–", "－", "-", "~", "至", "到", NULL};
        for (const char *const *d = dashes; *d; d++) {
            size_t dl = strlen(*d);
            if (n - rest > dl && !memcmp(s + rest, *d, dl) && s[rest + dl] != '-') {
                /* "3000万—4000万": a unit before the dash too */
                size_t k2 = scan_number(s + rest + dl, n - rest - dl, &hi);
                if (k2) {
                    out->range = true;
                    out->hi = hi;
                    rest += dl + k2;
                }
                break;
            }
        }
        char *suffix = xstrndup(s + rest, n - rest);
        size_t sn = strlen(suffix);
        /* "80%以上" */
        if (eat_op_suffix(suffix, &sn, &op))
            suffix[sn] = '\0';
        if (!suffix[0] || pt_unit_like(suffix)) {
            out->kind = PT_V_NUMBER;
            out->v = v;
            out->op = op;
            snprintf(out->unit, sizeof out->unit, "%s", suffix);
            free(suffix);
            free(norm);
            return;
        }
        free(suffix);
    }
    out->cumulative = false;
    out->noted = false;
    out->range = false;
    out->hi = NAN;
    /* Words: a qualitative target. Digits and signs that are no number: bad. */
    out->kind = has_words(norm, strlen(norm)) ? PT_V_TEXT : PT_V_BAD;
    (void)paren;
    free(norm);
}

bool pm_plantable_value(const char *text, double *v, pm_target_op *op, bool *cumulative)
{
    pt_value x;
    pt_value_parse(text, &x);
    *v = x.v;
    *op = x.op;
    *cumulative = x.cumulative;
    return x.kind == PT_V_NULL || (x.kind == PT_V_NUMBER && !x.range && !x.noted && !x.unit[0]) ||
           (x.kind == PT_V_NUMBER && (!strcmp(x.unit, "%")) && !x.range && !x.noted);
}

bool pt_is_attr_word(const char *text, bool *binding)
{
    char *a = text_squeeze(text);
    bool ok = true;
    if (!strcmp(a, "约束性") || !strcmp(a, "约束") || !strcmp(a, "约束性指标") || !strcmp(a, "★"))
        *binding = true;
    else if (!strcmp(a, "预期性") || !strcmp(a, "预期") || !strcmp(a, "预期性指标"))
        *binding = false;
    else
        ok = false;
    free(a);
    return ok;
}

void pt_strip_numbering(char *name)
{
    size_t n = strlen(name), i = 0;
    if (!strncmp(name, "（", 3) || name[0] == '(') {
        size_t j = name[0] == '(' ? 1 : 3, d = j;
        while (j < n && name[j] >= '0' && name[j] <= '9')
            j++;
        if (j > d && (name[j] == ')' || !strncmp(name + j, "）", 3)))
            i = j + (name[j] == ')' ? 1 : 3);
    } else if (n >= 3 && (unsigned char)name[0] == 0xE2 && (unsigned char)name[1] == 0x91 &&
               (unsigned char)name[2] >= 0xA0 && (unsigned char)name[2] <= 0xB3) {
        i = 3; /* ①…⑳ */
    } else {
        size_t j = 0;
        while (j < n && name[j] >= '0' && name[j] <= '9')
            j++;
        if (j > 0 && j < n) {
            if (name[j] == '.' && !(name[j + 1] >= '0' && name[j + 1] <= '9'))
                i = j + 1;
            else if (!strncmp(name + j, "、", 3) || !strncmp(name + j, "．", 3))
                i = j + 3;
            else if (!strncmp(name + j, "。", 3) && !(name[j + 3] >= '0' && name[j + 3] <= '9'))
                i = j + 3; /* "1。空气质量": a copy that turned every "." into "。" */
        }
    }
    if (!i)
        return;
    size_t m = n - i;
    const char *s = text_trim(name + i, &m);
    if (!m)
        return; /* "1." alone is no name with a number: keep it for the error */
    memmove(name, s, m);
    name[m] = '\0';
}

char *pt_heading_text(const char *s)
{
    static const char *const nums[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", NULL};
    size_t n = strlen(s), i = 0;
    bool paren = false;
    if (!strncmp(s, "（", 3))
        i = 3, paren = true;
    size_t d = i;
    for (bool more = true; more && i < n;) {
        more = false;
        for (const char *const *p = nums; *p; p++)
            if (!strncmp(s + i, *p, 3)) {
                i += 3;
                more = true;
                break;
            }
    }
    if (i == d)
        return NULL;
    if (paren) {
        if (strncmp(s + i, "）", 3))
            return NULL;
        i += 3;
    } else if (!strncmp(s + i, "、", 3) || !strncmp(s + i, "．", 3)) {
        i += 3;
    } else if (s[i] == '.') {
        i++;
    } else {
        return NULL;
    }
    size_t m = n - i;
    const char *t = text_trim(s + i, &m);
    return m ? xstrndup(t, m) : NULL;
}

bool pt_strip_star(char *name)
{
    size_t n = strlen(name);
    bool star = false;
    for (;;) {
        text_trim(name, &n);
        if (eat_suffix(name, &n, "*") || eat_suffix(name, &n, "＊") || eat_suffix(name, &n, "※") ||
            eat_suffix(name, &n, "★") || eat_suffix(name, &n, "☆"))
            star = true;
        else
            break;
    }
    name[n] = '\0';
    return star;
}

char *pt_part_name(const char *s)
{
    if (!text_starts(s, "其中"))
        return NULL;
    size_t n = strlen(s) - 6;
    const char *t = s + 6;
    if (n >= 3 && !strncmp(t, "：", 3))
        t += 3, n -= 3;
    else if (n && (*t == ':' || *t == ','))
        t++, n--;
    else if (n >= 3 && !strncmp(t, "，", 3))
        t += 3, n -= 3;
    t = text_trim(t, &n);
    return n ? xstrndup(t, n) : NULL;
}

void pm_plantable_split_unit(const char *full, char **name, char **unit)
{
    size_t n = strlen(full);
    const char *s = text_trim(full, &n);
    /* The last parenthesis, full- or half-width; a nested one is kept whole
     * ("（万套（间））" -> "万套（间）"). */
    bool half = n >= 2 && s[n - 1] == ')';
    bool full_w = n >= 6 && !memcmp(s + n - 3, "）", 3);
    if (full_w || half) {
        int depth = 0;
        for (size_t i = n; i > 0;) {
            size_t w;
            int d;
            if (i >= 3 && !memcmp(s + i - 3, "）", 3))
                w = 3, d = 1;
            else if (s[i - 1] == ')')
                w = 1, d = 1;
            else if (i >= 3 && !memcmp(s + i - 3, "（", 3))
                w = 3, d = -1;
            else if (s[i - 1] == '(')
                w = 1, d = -1;
            else
                w = 1, d = 0;
            i -= w;
            depth += d;
            if (d < 0 && depth == 0) {
                char *u = text_trim_dup(s + i + w, n - i - w - (half && !full_w ? 1 : 3));
                /* A parenthesis is a unit only when it reads as one:
                 * "(微克/立方米)" yes, "（国标GB5749-2006）" no, "(含医养)" no. */
                if (u[0] && !pt_unit_like(u) && strcmp(u, "%") && strcmp(u, "％")) {
                    free(u);
                    break;
                }
                *name = text_trim_dup(s, i);
                *unit = u;
                return;
            }
            if (depth <= 0)
                break;
        }
    }
    *name = xstrndup(s, n);
    *unit = xstrdup("");
}

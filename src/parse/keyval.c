/* The settings file reader (keyval.h): one pass over a private copy of the
 * text, cutting each line in place. */
#include "parse/keyval.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/utf8.h"

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static bool is_key_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* Drops blanks (and a CR) at both ends of s[0..*n); returns the new start. */
static char *trim(char *s, size_t *n)
{
    while (*n && is_blank(*s))
        s++, (*n)--;
    while (*n && (is_blank(s[*n - 1]) || s[*n - 1] == '\r'))
        (*n)--;
    s[*n] = '\0';
    return s;
}

/* Reads one non-blank, non-comment line into kv; false with e set. */
static bool parse_line(char *s, size_t n, long line, pm_keyval *kv, pm_err *e)
{
    char *eq = memchr(s, '=', n);
    if (!eq) {
        pm_err_set(e, line, "应为“名称 = 值”，没有等号");
        return false;
    }
    size_t kn = (size_t)(eq - s), vn = n - kn - 1;
    char *key = trim(s, &kn), *value = trim(eq + 1, &vn);
    if (kn == 0) {
        pm_err_set(e, line, "等号前缺少设置名称");
        return false;
    }
    for (size_t i = 0; i < kn; i++)
        if (!is_key_char(key[i])) {
            /* Shown up to 60 bytes, cut between characters (the text is UTF-8). */
            int cut = (int)utf8_cut(key, kn < 60 ? kn : 60);
            pm_err_set(e, line, "设置名称“%.*s”无效：只能用小写字母、数字、- 和 _", cut, key);
            return false;
        }
    if (vn == 0) {
        pm_err_set(e, line, "设置 %s 没有值（不需要的设置请删除或用 # 注释掉）", key);
        return false;
    }
    *kv = (pm_keyval){key, value, line};
    return true;
}

bool pm_keyval_parse(const char *text, size_t len, pm_keyvals *out, pm_err *e)
{
    memset(out, 0, sizeof *out);
    if (len > PM_KEYVAL_MAX_BYTES) {
        pm_err_set(e, 0, "设置文件过大（超过 %d KB）", PM_KEYVAL_MAX_BYTES / 1024);
        return false;
    }
    size_t bad;
    if (memchr(text, '\0', len) || !utf8_valid(text, len, &bad)) {
        pm_err_set(e, 0, "设置文件不是 UTF-8 文本");
        return false;
    }
    size_t bom = utf8_bom_len(text, len);
    out->text = xmalloc(len - bom + 1);
    memcpy(out->text, text + bom, len - bom);
    out->text[len - bom] = '\0';
    out->kv = xcalloc(PM_KEYVAL_MAX_ENTRIES, sizeof *out->kv);
    char *s = out->text, *end = s + (len - bom);
    for (long line = 1; s < end; line++) {
        char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
        if (n > PM_KEYVAL_MAX_LINE) {
            pm_err_set(e, line, "这一行过长（超过 %d 字节）", PM_KEYVAL_MAX_LINE);
            goto fail;
        }
        char *t = trim(s, &n);
        if (n && *t != '#') {
            if (out->n == PM_KEYVAL_MAX_ENTRIES) {
                pm_err_set(e, line, "设置过多（超过 %d 项）", PM_KEYVAL_MAX_ENTRIES);
                goto fail;
            }
            if (!parse_line(t, n, line, &out->kv[out->n], e))
                goto fail;
            out->n++;
        }
        if (!nl)
            break;
        s = nl + 1;
    }
    return true;
fail:
    pm_keyvals_free(out);
    return false;
}

void pm_keyvals_free(pm_keyvals *kv)
{
    free(kv->kv);
    free(kv->text);
    memset(kv, 0, sizeof *kv);
}

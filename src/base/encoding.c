#include "base/encoding.h"

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/utf8.h"

const char *pm_encoding_name(pm_encoding e)
{
    return e == PM_ENC_GB18030    ? "GB18030"
           : e == PM_ENC_UTF16    ? "UTF-16"
           : e == PM_ENC_UTF8_BOM ? "UTF-8（带 BOM）"
                                  : "UTF-8";
}

static bool has_high_bytes(const char *s, size_t n)
{
    return utf8_ascii_run(s, n) < n;
}

/* The whole of in[0..n) converted by iconv from `from` to `to`, into a
 * malloc'd NUL-terminated buffer of cap bytes (the caller's bound on the
 * result plus one for the NUL) that the caller frees; *outlen its length.
 * NULL when iconv knows neither encoding or refuses a byte; *bad (when not
 * NULL) is then the offset of that byte (0 for unknown encodings). The
 * three conversions below differ only in names, where they start and the
 * bound. */
static char *convert(const char *to, const char *from, const char *in, size_t n, size_t cap, size_t *outlen,
                     size_t *bad)
{
    if (bad)
        *bad = 0;
    iconv_t cd = iconv_open(to, from);
    if (cd == (iconv_t)-1)
        return NULL;
    char *out = xmalloc(cap);
    char *i = (char *)in, *o = out;
    size_t inleft = n, oleft = cap - 1;
    size_t r = iconv(cd, &i, &inleft, &o, &oleft);
    iconv_close(cd);
    if (r == (size_t)-1 || inleft) {
        if (bad)
            *bad = (size_t)(i - in);
        free(out);
        return NULL;
    }
    *o = '\0';
    *outlen = (size_t)(o - out);
    return out;
}

/* Converts the whole text from GB18030; on a byte iconv cannot take,
 * returns NULL and the offset of that byte. */
static char *from_gb18030(const char *data, size_t len, size_t *outlen, size_t *bad)
{
    /* GB18030 takes at most 4 bytes a character, UTF-8 at most 4 too,
     * and two-byte GB characters become three: 2× is always enough. */
    return convert("UTF-8", "GB18030", data, len, len * 2 + 4, outlen, bad);
}

/* UTF-16 with its BOM (what Excel saves as "Unicode 文本") to UTF-8
 * without one. NULL when the bytes are not UTF-16 (an odd length, a lone
 * surrogate). */
static char *from_utf16(const char *data, size_t len, size_t *outlen)
{
    bool le = (unsigned char)data[0] == 0xFF;
    /* Two bytes become at most three (a four-byte pair stays four). */
    return convert("UTF-8", le ? "UTF-16LE" : "UTF-16BE", data + 2, len - 2, len / 2 * 3 + 4, outlen, NULL);
}

char *pm_utf8_to_gb18030(const char *s, size_t n, size_t *outlen)
{
    /* A character of 1–4 UTF-8 bytes takes 1–4 bytes in GB18030, never more. */
    return convert("GB18030", "UTF-8", s, n, n + 4, outlen, NULL);
}

bool pm_is_utf16(const char *data, size_t len)
{
    return len >= 2 && (((unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE) ||
                        ((unsigned char)data[0] == 0xFE && (unsigned char)data[1] == 0xFF));
}

char *pm_to_utf8(const char *data, size_t len, size_t *outlen, pm_encoding *enc, pm_err *err)
{
    char *owned = NULL;
    const char *text = pm_utf8_text(data, len, outlen, enc, &owned, err);
    return owned ? owned : text ? xstrndup(text, *outlen) : NULL;
}

const char *pm_utf8_text(const char *data, size_t len, size_t *outlen, pm_encoding *enc, char **owned,
                         pm_err *err)
{
    *owned = NULL;
    if (pm_is_utf16(data, len)) {
        char *out = from_utf16(data, len, outlen);
        if (!out) {
            pm_err_set(err, 0, "文件以 UTF-16 标记开头，但内容不是有效的 UTF-16 文本");
            return NULL;
        }
        *enc = PM_ENC_UTF16;
        *owned = out;
        return out;
    }
    size_t bom = utf8_bom_len(data, len);
    /* Classify each line: ASCII only (fits both), valid UTF-8 with
     * non-ASCII, or not UTF-8 (taken for GB18030). */
    long line = 1, first_utf8 = 0, first_other = 0;
    for (size_t i = bom; i < len;) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - data) : len;
        const char *s = data + i;
        size_t n = end - i;
        if (has_high_bytes(s, n)) {
            if (utf8_valid(s, n, NULL)) {
                if (!first_utf8)
                    first_utf8 = line;
            } else if (!first_other) {
                first_other = line;
            }
        }
        i = end + 1;
        line++;
    }
    if (first_other && (first_utf8 || bom)) {
        long at = bom ? first_other : (first_utf8 > first_other ? first_utf8 : first_other);
        pm_err_set(err, at, "文件混用了 UTF-8 和 GB18030 两种编码（第 %ld 行与第 %ld 行不同），请统一另存为 UTF-8 后再导入",
                   first_utf8 ? first_utf8 : 1, first_other);
        return NULL;
    }
    if (!first_other) {
        *enc = bom ? PM_ENC_UTF8_BOM : PM_ENC_UTF8;
        *outlen = len - bom;
        return data + bom;
    }
    size_t bad = 0;
    char *out = from_gb18030(data, len, outlen, &bad);
    if (!out) {
        long at = 1;
        for (size_t i = 0; i < bad && i < len; i++)
            at += data[i] == '\n';
        pm_err_set(err, at, "既不是 UTF-8 也不是 GB18030 编码的文本（第 %zu 个字节无法识别）", bad + 1);
        return NULL;
    }
    *enc = PM_ENC_GB18030;
    *owned = out;
    return out;
}

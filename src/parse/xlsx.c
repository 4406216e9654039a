/* XLSX in, on libzip and expat.
 *
 * libzip opens the archive straight from the caller's bytes; each part is
 * inflated 64 KB at a time (more only while expat holds back a longer
 * token) and fed to expat as it comes, so memory follows what is kept
 * (non-empty cells), not the size of the XML: a sheet of a million empty
 * rows costs a parse and nothing else.
 *
 * Order: the workbook's relationships (r:id -> part), the workbook (sheet
 * names and r:ids, in tab order), the shared strings (optional), then each
 * sheet. Before a part is inflated its declared sizes are checked against
 * the limits of xlsx.h; while it is inflated the bytes are counted, so an
 * entry that lies about its size is cut off at what it declared.
 *
 * Every parser refuses a DOCTYPE outright: without a DTD there are no
 * entity declarations, so neither external entities (XXE) nor nested
 * internal ones (billion laughs) can exist. OOXML never has a DTD.
 *
 * Element names are matched by local name (the part after the prefix), and
 * only in their place in the tree (a <c> counts only inside a <row> inside
 * <sheetData>), so prefixes and unknown extension elements do not matter.
 *
 * Limits, each refused with its own message: an entry inflating to more
 * than PM_XLSX_MAX_ENTRY, all entries read to more than PM_XLSX_MAX_TOTAL,
 * an entry of 1 MB or more compressed beyond PM_XLSX_MAX_RATIO, an entry
 * inflating past its declared size; 4096 sheets; 2,000,000 <row> elements
 * and PM_XLSX_MAX_CELLS <c> elements in the workbook; rows 1..1048576 and
 * columns A..XFD, both rising; strings of Excel's 32767 characters;
 * PM_XLSX_MAX_CELLS shared strings; PM_XLSX_MAX_TOTAL bytes of cell text;
 * and grids (rows kept × widest column, empty cells included, as pm_sheet
 * is dense) of PM_XLSX_MAX_CELLS cells in all.
 *
 * Ownership: everything the reader allocates hangs off one `xlsx` context
 * or one `sheet_rd`, each with one cleanup function that runs on every path;
 * only the finished pm_sheet array leaves, and it belongs to the caller. */
#include "parse/xlsx.h"

#include <expat.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/strmap.h"
#include "base/text.h"
#include "base/utf8.h"

#define MAX_ROW 1048576L /* Excel's last row */
#define MAX_COL 16384L   /* Excel's last column, XFD */
/* <row> elements in a workbook, empty ones included: each costs a parse
 * step, and rows must rise, so one sheet has at most MAX_ROW of them. */
#define MAX_ROW_ELEMS 2000000L
#define MAX_SHEETS 4096L
#define MAX_RELS 100000
#define MAX_ENTRIES 100000 /* files in the archive, when they must be indexed */
/* Bytes of one string: Excel holds at most 32767 characters in a cell,
 * and no character takes more than 4 bytes of UTF-8. Without this cap a
 * shared string of 64 MB referenced by every cell would be copied into
 * each of them. */
#define MAX_TEXT ((size_t)32767 * 4)
/* Entries that inflate to less than this skip the ratio test: a small part
 * of repeated markup compresses far beyond 200:1 and can do no harm. */
#define RATIO_FLOOR ((zip_uint64_t)1024 * 1024)
#define CHUNK 65536
#define MAX_DEPTH 64 /* element kinds remembered; anything deeper is ignored */
#define SHOWN 64     /* bytes of an untrusted name quoted in a message */

/* What an element is, decided from its local name and its parent's kind. */
enum {
    K_OTHER = 0,
    K_ROOT,      /* the virtual parent of the document element */
    K_DOC,       /* the document element */
    K_SHEETS,    /* workbook: <sheets> */
    K_SI,        /* shared strings: <si> */
    K_RUN,       /* a rich-text run <r> in <si> or <is> */
    K_T,         /* text to collect: <t> in <si>, <is> or a run (not in <rPh>) */
    K_SHEETDATA, /* worksheet: <sheetData> */
    K_ROW,
    K_C,
    K_V,
    K_F,
    K_IS,
};

/* The t attribute of a cell. */
enum { T_N, T_S, T_STR, T_INLINE, T_B, T_E, T_D };

typedef struct rel {
    char *id, *type, *target; /* owned */
    bool external;
} rel;

typedef struct wb_sheet {
    char *name, *rid; /* owned */
} wb_sheet;

typedef struct xlsx {
    zip_t *za;
    pm_err *err;
    bool failed;
    char *chunk;           /* inflated data on its way to expat (CHUNK bytes, more for long tokens) */
    size_t chunkcap;
    zip_uint64_t inflated; /* bytes inflated from all parts so far */
    rel *rels;
    size_t nrels, caprels;
    strmap relmap; /* rel id -> index in rels; keys borrowed from rels */
    char **lower_names; /* entry names in lower case, made on the first miss of an exact lookup */
    size_t nlower;
    strmap lowermap; /* lower-cased entry name -> index; keys borrowed from lower_names */
    wb_sheet *sheets;
    size_t nsheets, capsheets;
    buf sst;         /* shared strings, each NUL-terminated, back to back */
    size_t *sst_off; /* where each shared string starts in sst.p */
    size_t nsst, capsst;
    size_t row_elems;  /* <row> elements seen in the workbook */
    size_t cell_elems; /* <c> elements seen in the workbook */
    size_t grid;       /* cells of all grids built so far, empty ones included */
    size_t text_bytes; /* bytes of cell text kept */
} xlsx;

/* What every part reader starts with: expat's user data points here. */
typedef struct xml_rd {
    xlsx *x;
    XML_Parser p;
    const char *part; /* entry name for messages (short) */
    unsigned depth;   /* open elements */
    unsigned char kind[MAX_DEPTH];
} xml_rd;

bool pm_xlsx_sniff(const char *data, size_t len)
{
    return len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
}

/* ---- small helpers ------------------------------------------------------ */

static void xfailv(xlsx *x, long line, const char *fmt, va_list ap)
{
    if (x->failed)
        return; /* the first problem is the one to report */
    /* Every %s argument is a fixed word or shortened, so the message fits
     * tmp; pm_err_set cuts it cleanly if it is longer than msg. */
    char tmp[2048];
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    pm_err_set(x->err, line, "%s", tmp);
    x->failed = true;
}

__attribute__((format(printf, 3, 4))) static void xfail(xlsx *x, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    xfailv(x, line, fmt, ap);
    va_end(ap);
}

/* Sets the error and stops the parser: expat returns from XML_Parse at
 * once (a few handlers may still be called; they check x->failed). */
__attribute__((format(printf, 3, 4))) static void rd_fail(xml_rd *r, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    xfailv(r->x, line, fmt, ap);
    va_end(ap);
    XML_StopParser(r->p, XML_FALSE);
}

static const char *local_name(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

/* The value of the attribute whose local name is name, or NULL. Namespace
 * declarations are skipped: "xmlns:r" is not an attribute "r". */
static const char *attr(const XML_Char **atts, const char *name)
{
    for (; atts[0]; atts += 2) {
        if (strncmp(atts[0], "xmlns", 5) == 0 && (atts[0][5] == '\0' || atts[0][5] == ':'))
            continue;
        if (strcmp(local_name(atts[0]), name) == 0)
            return atts[1];
    }
    return NULL;
}

/* The kind of the innermost open element: in a start handler, the new
 * element's parent. */
static int top_kind(const xml_rd *r)
{
    if (r->depth == 0)
        return K_ROOT;
    return r->depth <= MAX_DEPTH ? r->kind[r->depth - 1] : K_OTHER;
}

static void push_kind(xml_rd *r, int k)
{
    if (r->depth < MAX_DEPTH)
        r->kind[r->depth] = (unsigned char)k;
    r->depth++;
}

static int pop_kind(xml_rd *r)
{
    if (r->depth == 0)
        return K_OTHER;
    r->depth--;
    return r->depth < MAX_DEPTH ? r->kind[r->depth] : K_OTHER;
}


/* Parses a decimal of digits only (no sign, no blanks) into *out; false
 * when empty, not digits or above max. */
static bool parse_uint(const char *s, size_t max, size_t *out)
{
    size_t v = 0;
    if (!*s)
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return false;
        size_t d = (size_t)(*s - '0');
        if (v > (max - d) / 10)
            return false;
        v = v * 10 + d;
    }
    *out = v;
    return true;
}

/* Appends code point cp (not a surrogate, not 0, below U+10000) as UTF-8. */
static void put_utf8(buf *b, unsigned cp)
{
    char u[3];
    if (cp < 0x80) {
        buf_putc(b, (char)cp);
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        buf_append(b, u, 2);
    } else {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        buf_append(b, u, 3);
    }
}

/* OOXML strings escape characters XML cannot hold as _xHHHH_ (Excel writes
 * a carriage return as _x000D_, and a literal "_x" as _x005F_x). Decodes
 * them into out (reset first). U+0000 and surrogates are left as written:
 * the text must stay a valid C string of valid UTF-8. */
static void ooxml_unescape(const char *s, size_t n, buf *out)
{
    buf_reset(out);
    buf_append(out, "", 0); /* out->p is a string even when s is empty */
    size_t i = 0;
    while (i < n) {
        const char *u = memchr(s + i, '_', n - i);
        if (!u) {
            buf_append(out, s + i, n - i);
            break;
        }
        size_t at = (size_t)(u - s);
        buf_append(out, s + i, at - i);
        unsigned cp = 0;
        bool ok = at + 7 <= n && s[at + 1] == 'x' && s[at + 6] == '_';
        for (size_t k = 2; ok && k < 6; k++) {
            int h = text_hex_digit(s[at + k]);
            ok = h >= 0;
            cp = cp * 16 + (unsigned)(h < 0 ? 0 : h);
        }
        if (ok && cp != 0 && (cp < 0xD800 || cp > 0xDFFF)) {
            put_utf8(out, cp);
            i = at + 7;
        } else {
            buf_putc(out, '_');
            i = at + 1;
        }
    }
}

/* "C12" for 0-based column col and 1-based row, into out. */
static void cell_name(long col, long row, char out[24])
{
    char letters[8];
    pm_sheet_colname((size_t)col, letters);
    snprintf(out, 24, "%s%ld", letters, row);
}

/* ---- reading one part ---------------------------------------------------- */

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
                               int internal)
{
    (void)name, (void)sysid, (void)pubid, (void)internal;
    xml_rd *r = ud;
    rd_fail(r, 0, "XLSX 含有 DTD/实体声明，出于安全原因拒绝读取（%s）", r->part);
}

/* Only reachable inside a DTD, which on_doctype has refused already; kept
 * so that no path of expat's can ever declare an entity. */
static void XMLCALL on_entity_decl(void *ud, const XML_Char *name, int is_param, const XML_Char *value,
                                   int value_len, const XML_Char *base, const XML_Char *sysid,
                                   const XML_Char *pubid, const XML_Char *notation)
{
    (void)name, (void)is_param, (void)value, (void)value_len, (void)base, (void)sysid, (void)pubid;
    (void)notation;
    xml_rd *r = ud;
    rd_fail(r, 0, "XLSX 含有 DTD/实体声明，出于安全原因拒绝读取（%s）", r->part);
}

/* Never load anything from outside the archive. */
static int XMLCALL on_external_entity(XML_Parser p, const XML_Char *context, const XML_Char *base,
                                      const XML_Char *sysid, const XML_Char *pubid)
{
    (void)context, (void)base, (void)sysid, (void)pubid;
    xml_rd *r = XML_GetUserData(p);
    xfail(r->x, 0, "XLSX 含有外部实体引用，出于安全原因拒绝读取（%s）", r->part);
    return XML_STATUS_ERROR;
}

/* A malloc'd copy of s with ASCII letters in lower case. */
static char *ascii_lower(const char *s)
{
    char *l = xstrdup(s);
    for (char *c = l; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
    return l;
}

/* Finds entry name: exactly (libzip's hash), else ignoring case, as OPC
 * part names are case-insensitive. libzip's own ZIP_FL_NOCASE is a linear
 * scan, once per sheet of a hostile workbook; a map of lower-cased names,
 * made on the first miss, keeps every lookup cheap. -1 when absent or when
 * the archive has too many entries to index. */
static zip_int64_t find_entry(xlsx *x, const char *name)
{
    zip_int64_t i = zip_name_locate(x->za, name, 0);
    if (i >= 0)
        return i;
    if (!x->lower_names) {
        zip_int64_t n = zip_get_num_entries(x->za, 0);
        if (n < 0 || n > MAX_ENTRIES) {
            xfail(x, 0, "XLSX 压缩包中的文件超过 %d 个，拒绝读取", MAX_ENTRIES);
            return -1;
        }
        x->nlower = (size_t)n;
        x->lower_names = xcalloc(x->nlower, sizeof *x->lower_names);
        strmap_init(&x->lowermap, x->nlower);
        for (size_t k = 0; k < x->nlower; k++) {
            const char *en = zip_get_name(x->za, k, 0);
            x->lower_names[k] = ascii_lower(en ? en : "");
            strmap_put(&x->lowermap, x->lower_names[k], (int)k); /* the first of equal names wins */
        }
    }
    char *l = ascii_lower(name);
    int k = strmap_get(&x->lowermap, l);
    free(l);
    return k;
}

/* Checks the declared sizes of entry idx against the limits before
 * anything is inflated. */
static bool check_entry(xlsx *x, zip_int64_t idx, const char *shown, zip_uint64_t *size)
{
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(x->za, (zip_uint64_t)idx, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
        !(st.valid & ZIP_STAT_COMP_SIZE)) {
        xfail(x, 0, "不是有效的 XLSX 文件（压缩包损坏或不完整：无法读取 %s 的信息）", shown);
        return false;
    }
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
        xfail(x, 0, "XLSX 中的 %s 已加密，无法读取（请另存为未加密的工作簿）", shown);
        return false;
    }
    if (st.size > PM_XLSX_MAX_ENTRY) {
        xfail(x, 0, "XLSX 中的 %s 解压后超过 %zu MB，拒绝读取（可能是压缩炸弹）", shown,
              PM_XLSX_MAX_ENTRY / (1024 * 1024));
        return false;
    }
    if (st.size > PM_XLSX_MAX_TOTAL - x->inflated) {
        xfail(x, 0, "XLSX 解压后的总量超过 %zu MB，拒绝读取（可能是压缩炸弹）",
              PM_XLSX_MAX_TOTAL / (1024 * 1024));
        return false;
    }
    if (st.size >= RATIO_FLOOR && st.size / PM_XLSX_MAX_RATIO > st.comp_size) {
        xfail(x, 0, "XLSX 中的 %s 压缩比超过 %d 倍，拒绝读取（可能是压缩炸弹）", shown, PM_XLSX_MAX_RATIO);
        return false;
    }
    *size = st.size;
    return true;
}

/* Inflates the part `name` and feeds it to a new expat parser with the
 * given handlers and r as user data. A missing part is an error unless
 * found is not NULL, in which case *found says whether it was there.
 * Returns false with x->err set. The parser and the zip file are closed on
 * every path. */
static bool parse_part(xlsx *x, xml_rd *r, const char *name, bool *found, XML_StartElementHandler on_start,
                       XML_EndElementHandler on_end, XML_CharacterDataHandler on_text)
{
    char shown[SHOWN];
    utf8_copy_cut(shown, sizeof shown, name);
    r->x = x;
    r->part = shown;
    r->depth = 0;

    zip_int64_t idx = find_entry(x, name);
    if (x->failed)
        return false;
    if (found)
        *found = idx >= 0;
    if (idx < 0) {
        if (found)
            return true;
        xfail(x, 0, "XLSX 中缺少 %s（不是完整的 Excel 工作簿）", shown);
        return false;
    }
    zip_uint64_t declared;
    if (!check_entry(x, idx, shown, &declared))
        return false;

    zip_file_t *zf = zip_fopen_index(x->za, (zip_uint64_t)idx, 0);
    if (!zf) {
        xfail(x, 0, "XLSX 中的 %s 无法解压（压缩包损坏，或使用了不支持的压缩方式）", shown);
        return false;
    }
    XML_Parser p = XML_ParserCreate(NULL);
    if (!p) {
        zip_fclose(zf);
        xfail(x, 0, "内存不足，无法读取 XLSX");
        return false;
    }
    r->p = p;
    XML_SetUserData(p, r);
    XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
    XML_SetStartDoctypeDeclHandler(p, on_doctype);
    XML_SetEntityDeclHandler(p, on_entity_decl);
    XML_SetExternalEntityRefHandler(p, on_external_entity);
    XML_SetElementHandler(p, on_start, on_end);
    XML_SetCharacterDataHandler(p, on_text);

    /* expat 2.5 scans an unfinished token again from its start on every
     * call, so a 60 MB attribute fed 64 KB at a time would cost hours.
     * Each call is given at least as much as expat still holds back: an
     * unfinished token then doubles per call and the rescanning stays
     * linear, while ordinary markup goes through in 64 KB pieces. */
    zip_uint64_t got = 0;
    size_t want = CHUNK;
    for (;;) {
        x->chunk = xgrow(x->chunk, &x->chunkcap, want, 1);
        size_t have = 0;
        bool eof = false;
        while (have < want && !x->failed) {
            zip_int64_t n = zip_fread(zf, x->chunk + have, want - have);
            if (n < 0) {
                xfail(x, 0, "XLSX 中的 %s 解压出错（压缩包损坏或不完整）", shown);
            } else if (n == 0) {
                eof = true;
                break;
            } else if ((zip_uint64_t)n > declared - got) {
                /* The declared size passed the limits; an entry that
                 * inflates to more than it declared is cut off here. */
                xfail(x, 0, "XLSX 中的 %s 解压后比声明的大，拒绝读取（压缩包损坏或被篡改）", shown);
            } else {
                got += (zip_uint64_t)n;
                x->inflated += (zip_uint64_t)n;
                have += (size_t)n;
            }
        }
        if (x->failed)
            break;
        if (XML_Parse(p, x->chunk, (int)have, eof) == XML_STATUS_ERROR) {
            if (!x->failed)
                xfail(x, 0, "XLSX 中的 %s 不是有效的 XML（XML 第 %lu 行第 %lu 列：%s）", shown,
                      (unsigned long)XML_GetCurrentLineNumber(p),
                      (unsigned long)XML_GetCurrentColumnNumber(p) + 1,
                      XML_ErrorString(XML_GetErrorCode(p)));
            break;
        }
        if (x->failed || eof)
            break;
        /* Outside a handler the byte index is where the unparsed rest
         * starts. */
        XML_Index at = XML_GetCurrentByteIndex(p);
        zip_uint64_t held = at >= 0 && (zip_uint64_t)at <= got ? got - (zip_uint64_t)at : 0;
        want = held > CHUNK ? (size_t)held : CHUNK;
    }
    XML_ParserFree(p);
    r->p = NULL;
    zip_fclose(zf);
    return !x->failed;
}

/* ---- xl/_rels/workbook.xml.rels ------------------------------------------ */

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xml_rd *r = ud;
    xlsx *x = r->x;
    if (x->failed)
        return;
    int parent = top_kind(r);
    int k = parent == K_ROOT ? K_DOC : K_OTHER;
    if (parent == K_DOC && strcmp(local_name(name), "Relationship") == 0) {
        const char *id = attr(atts, "Id"), *target = attr(atts, "Target");
        const char *type = attr(atts, "Type"), *mode = attr(atts, "TargetMode");
        if (id && target) {
            if (x->nrels >= MAX_RELS) {
                rd_fail(r, 0, "XLSX 的 %s 中关系超过 %d 个，拒绝读取", r->part, MAX_RELS);
                return;
            }
            x->rels = xgrow(x->rels, &x->caprels, x->nrels + 1, sizeof *x->rels);
            rel *e = &x->rels[x->nrels++];
            e->id = xstrdup(id);
            e->target = xstrdup(target);
            e->type = xstrdup(type ? type : "");
            e->external = mode && strcmp(mode, "External") == 0;
            /* A repeated id keeps its first target. */
            strmap_put(&x->relmap, e->id, (int)(x->nrels - 1));
        }
    }
    push_kind(r, k);
}

static void XMLCALL generic_end(void *ud, const XML_Char *name)
{
    (void)name;
    pop_kind(ud);
}

/* ---- xl/workbook.xml ---------------------------------------------------- */

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xml_rd *r = ud;
    xlsx *x = r->x;
    if (x->failed)
        return;
    int parent = top_kind(r);
    const char *ln = local_name(name);
    int k = K_OTHER;
    if (parent == K_ROOT)
        k = K_DOC;
    else if (parent == K_DOC && strcmp(ln, "sheets") == 0)
        k = K_SHEETS;
    else if (parent == K_SHEETS && strcmp(ln, "sheet") == 0) {
        /* r:id: the relationships namespace's "id", whatever its prefix. */
        const char *sname = attr(atts, "name"), *rid = attr(atts, "id");
        if (!sname || !rid) {
            rd_fail(r, 0, "XLSX 的 xl/workbook.xml 中第 %zu 个工作表缺少名称或关系编号（r:id）", x->nsheets + 1);
            return;
        }
        if (x->nsheets >= (size_t)MAX_SHEETS) {
            rd_fail(r, 0, "XLSX 中的工作表超过 %ld 个，拒绝读取", MAX_SHEETS);
            return;
        }
        x->sheets = xgrow(x->sheets, &x->capsheets, x->nsheets + 1, sizeof *x->sheets);
        x->sheets[x->nsheets].name = xstrdup(sname);
        x->sheets[x->nsheets].rid = xstrdup(rid);
        x->nsheets++;
    }
    push_kind(r, k);
}

/* ---- xl/sharedStrings.xml -------------------------------------------------- */

typedef struct sst_rd {
    xml_rd base;
    buf text; /* the <si> being read */
    buf esc;  /* scratch for unescaping */
} sst_rd;

/* The kind of element ln opened under parent, for what a shared string
 * (<si>) and an inline string (<is>) share: the document element under
 * the root, and the string's text, plain (<t>) or in rich-text runs
 * (<r><t>), under its container. <rPh> (phonetic guide) and <phoneticPr>
 * stay K_OTHER: their <t> is not part of the string. */
static int string_kind(int parent, int container, const char *ln)
{
    if (parent == K_ROOT)
        return K_DOC;
    if ((parent == container || parent == K_RUN) && strcmp(ln, "t") == 0)
        return K_T;
    if (parent == container && strcmp(ln, "r") == 0)
        return K_RUN;
    return K_OTHER;
}

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    (void)atts;
    sst_rd *s = ud;
    xml_rd *r = &s->base;
    if (r->x->failed)
        return;
    int parent = top_kind(r);
    const char *ln = local_name(name);
    int k = string_kind(parent, K_SI, ln);
    if (parent == K_DOC && strcmp(ln, "si") == 0) {
        k = K_SI;
        buf_reset(&s->text);
    }
    push_kind(r, k);
}

static void XMLCALL sst_text(void *ud, const XML_Char *s, int len)
{
    sst_rd *st = ud;
    xml_rd *r = &st->base;
    if (r->x->failed || top_kind(r) != K_T)
        return;
    if (st->text.len + (size_t)len > MAX_TEXT) {
        rd_fail(r, 0, "XLSX 的共享字符串表中第 %zu 个字符串过长（超过 Excel 单元格上限 32767 个字符）",
                r->x->nsst + 1);
        return;
    }
    buf_append(&st->text, s, (size_t)len);
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
    (void)name;
    sst_rd *s = ud;
    xml_rd *r = &s->base;
    xlsx *x = r->x;
    if (pop_kind(r) != K_SI || x->failed)
        return;
    if (x->nsst >= PM_XLSX_MAX_CELLS) {
        rd_fail(r, 0, "XLSX 的共享字符串超过 %zu 个，拒绝读取", PM_XLSX_MAX_CELLS);
        return;
    }
    ooxml_unescape(buf_str(&s->text), s->text.len, &s->esc);
    x->sst_off = xgrow(x->sst_off, &x->capsst, x->nsst + 1, sizeof *x->sst_off);
    x->sst_off[x->nsst++] = x->sst.len;
    buf_append(&x->sst, s->esc.p, s->esc.len + 1); /* with its NUL */
}

/* ---- xl/worksheets/sheetN.xml ------------------------------------------- */

/* A kept (non-empty) cell until the grid is built. */
typedef struct scell {
    size_t row; /* index into sheet_rd.rows */
    long col;   /* 0-based */
    pm_cell_type type;
    char *text; /* owned until moved into the grid */
} scell;

typedef struct sheet_rd {
    xml_rd base;
    const char *shown; /* the sheet's name for messages (short) */
    long row;          /* number of the open (or last) row; 0 before the first */
    bool row_has_r;    /* the open row gave its number */
    bool row_kept;     /* the open row has a kept cell, and an entry in rows */
    long cells_in_row; /* <c> elements seen in the open row */
    long col;          /* 0-based column of the open cell */
    long prev_col;     /* of the cell before it in the row; -1 at row start */
    int ctype;         /* T_* of the open cell */
    bool has_v, has_f, has_is;
    buf v, is, esc; /* the cell's <v> text, its inline string, scratch */
    scell *cells;   /* kept cells, in document order */
    size_t ncells, capcells;
    long *rows; /* numbers of the rows with a kept cell, rising */
    size_t nrows, caprows;
    long maxcol; /* widest kept column, -1 when none */
} sheet_rd;

static void sheet_rd_free(sheet_rd *s)
{
    for (size_t i = 0; i < s->ncells; i++)
        free(s->cells[i].text);
    free(s->cells);
    free(s->rows);
    buf_free(&s->v);
    buf_free(&s->is);
    buf_free(&s->esc);
}

static void row_start(sheet_rd *s, const XML_Char **atts)
{
    xml_rd *r = &s->base;
    xlsx *x = r->x;
    if (++x->row_elems > (size_t)MAX_ROW_ELEMS) {
        rd_fail(r, 0, "XLSX 中的行超过 %ld 行，拒绝读取", MAX_ROW_ELEMS);
        return;
    }
    const char *rn = attr(atts, "r");
    size_t n;
    if (rn) {
        if (!parse_uint(rn, (size_t)MAX_ROW, &n) || n == 0) {
            char q[SHOWN];
            rd_fail(r, 0, "工作表“%s”：行号“%s”无效（应为 1 到 %ld）", s->shown, utf8_copy_cut(q, 24, rn), MAX_ROW);
            return;
        }
        if ((long)n <= s->row) {
            rd_fail(r, (long)n, "工作表“%s”第 %zu 行：出现在第 %ld 行之后（行号必须递增）", s->shown, n, s->row);
            return;
        }
        s->row = (long)n;
    } else {
        if (s->row >= MAX_ROW) {
            rd_fail(r, 0, "工作表“%s”超过 %ld 行", s->shown, MAX_ROW);
            return;
        }
        s->row++;
    }
    s->row_has_r = rn != NULL;
    s->row_kept = false;
    s->cells_in_row = 0;
    s->prev_col = -1;
}

/* Reads a cell reference "B3" into a 0-based column and a row (0 when the
 * reference has no digits). False when it is not a reference. */
static bool parse_ref(const char *ref, long *col, long *row)
{
    long c = 0;
    size_t i = 0;
    for (; ref[i] >= 'A' && ref[i] <= 'Z'; i++) {
        if (i >= 3)
            return false;
        c = c * 26 + (ref[i] - 'A' + 1);
    }
    if (i == 0 || c > MAX_COL)
        return false;
    size_t rn = 0;
    if (ref[i] && (!parse_uint(ref + i, (size_t)MAX_ROW, &rn) || rn == 0))
        return false;
    *col = c - 1;
    *row = (long)rn;
    return true;
}

static void cell_start(sheet_rd *s, const XML_Char **atts)
{
    xml_rd *r = &s->base;
    xlsx *x = r->x;
    char name[24];
    if (++x->cell_elems > PM_XLSX_MAX_CELLS) {
        rd_fail(r, s->row, "XLSX 中的单元格超过 %zu 个，拒绝读取", PM_XLSX_MAX_CELLS);
        return;
    }
    const char *ref = attr(atts, "r");
    long col = s->prev_col + 1;
    if (ref) {
        long crow;
        if (!parse_ref(ref, &col, &crow)) {
            char q[SHOWN];
            rd_fail(r, s->row, "工作表“%s”第 %ld 行：单元格引用“%s”无效", s->shown, s->row, utf8_copy_cut(q, 24, ref));
            return;
        }
        /* A row that did not give its number takes its first cell's. */
        if (crow && crow != s->row && !s->row_has_r && s->cells_in_row == 0 && crow > s->row - 1) {
            s->row = crow;
            s->row_has_r = true;
        }
        if (crow && crow != s->row) {
            rd_fail(r, s->row, "工作表“%s”第 %ld 行：单元格 %s 不属于这一行", s->shown, s->row, ref);
            return;
        }
        if (col <= s->prev_col) {
            cell_name(col, s->row, name);
            rd_fail(r, s->row, "工作表“%s”第 %ld 行：单元格 %s 重复或顺序颠倒（同一行的列必须递增）", s->shown,
                    s->row, name);
            return;
        }
    } else if (col >= MAX_COL) {
        rd_fail(r, s->row, "工作表“%s”第 %ld 行：超过 %ld 列", s->shown, s->row, MAX_COL);
        return;
    }
    s->cells_in_row++;
    s->col = col;
    s->prev_col = col;

    static const struct {
        const char *name;
        int t;
    } types[] = {{"n", T_N}, {"s", T_S}, {"str", T_STR}, {"inlineStr", T_INLINE},
                 {"b", T_B}, {"e", T_E}, {"d", T_D}};
    const char *t = attr(atts, "t");
    s->ctype = T_N;
    if (t) {
        size_t i = 0;
        while (i < sizeof types / sizeof types[0] && strcmp(types[i].name, t) != 0)
            i++;
        if (i == sizeof types / sizeof types[0]) {
            char q[SHOWN];
            cell_name(col, s->row, name);
            rd_fail(r, s->row, "工作表“%s”第 %ld 行：单元格 %s 的类型“%s”无效", s->shown, s->row, name,
                    utf8_copy_cut(q, 24, t));
            return;
        }
        s->ctype = types[i].t;
    }
    s->has_v = s->has_f = s->has_is = false;
    buf_reset(&s->v);
    buf_reset(&s->is);
}

/* Decides the open cell's type and text when its </c> arrives, and keeps
 * it when it is not empty. */
static void cell_end(sheet_rd *s)
{
    xml_rd *r = &s->base;
    xlsx *x = r->x;
    const char *v = buf_str(&s->v);
    const char *text = v;
    size_t len = s->v.len;
    pm_cell_type type = PM_CELL_NUMBER;
    char name[24]; /* "C12", filled in only for a message */

    switch (s->ctype) {
    case T_S:
        type = PM_CELL_STRING;
        if (s->has_v && len) {
            size_t i;
            if (!parse_uint(v, SIZE_MAX, &i) || i >= x->nsst) {
                char q[SHOWN];
                cell_name(s->col, s->row, name);
                rd_fail(r, s->row, "工作表“%s”第 %ld 行：单元格 %s 引用的共享字符串“%s”不存在（共 %zu 个）",
                        s->shown, s->row, name, utf8_copy_cut(q, 24, v), x->nsst);
                return;
            }
            text = x->sst.p + x->sst_off[i];
            len = strlen(text);
        }
        break;
    case T_STR:
    case T_INLINE:
        type = PM_CELL_STRING;
        if (s->ctype == T_INLINE && s->has_is)
            ooxml_unescape(buf_str(&s->is), s->is.len, &s->esc);
        else
            ooxml_unescape(v, len, &s->esc);
        text = s->esc.p;
        len = s->esc.len;
        break;
    case T_B:
        type = PM_CELL_BOOL;
        if (s->has_v && len && strcmp(v, "0") != 0 && strcmp(v, "1") != 0) {
            char q[SHOWN];
            cell_name(s->col, s->row, name);
            rd_fail(r, s->row, "工作表“%s”第 %ld 行：单元格 %s 的布尔值“%s”无效（应为 0 或 1）", s->shown, s->row,
                    name, utf8_copy_cut(q, 24, v));
            return;
        }
        break;
    case T_E:
        type = PM_CELL_ERROR;
        break;
    case T_D: /* an ISO 8601 date as text (strict OOXML) */
        type = PM_CELL_STRING;
        break;
    default: /* T_N: the number exactly as written */
        break;
    }
    /* A formula is never taken as input, with or without a cached value:
     * it stays visible as a formula even when the cache is empty. */
    if (s->has_f)
        type = PM_CELL_FORMULA;
    else if (len == 0)
        return;

    if (x->text_bytes + len > PM_XLSX_MAX_TOTAL) {
        rd_fail(r, s->row, "XLSX 中单元格的文本总量超过 %zu MB，拒绝读取", PM_XLSX_MAX_TOTAL / (1024 * 1024));
        return;
    }
    x->text_bytes += len;
    if (!s->row_kept) {
        s->rows = xgrow(s->rows, &s->caprows, s->nrows + 1, sizeof *s->rows);
        s->rows[s->nrows++] = s->row;
        s->row_kept = true;
    }
    s->cells = xgrow(s->cells, &s->capcells, s->ncells + 1, sizeof *s->cells);
    scell *c = &s->cells[s->ncells++];
    c->row = s->nrows - 1;
    c->col = s->col;
    c->type = type;
    c->text = xstrndup(text, len);
    if (s->col > s->maxcol)
        s->maxcol = s->col;
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    sheet_rd *s = ud;
    xml_rd *r = &s->base;
    if (r->x->failed)
        return;
    int parent = top_kind(r);
    const char *ln = local_name(name);
    int k = string_kind(parent, K_IS, ln);
    if (parent == K_DOC && strcmp(ln, "sheetData") == 0)
        k = K_SHEETDATA;
    else if (parent == K_SHEETDATA && strcmp(ln, "row") == 0) {
        k = K_ROW;
        row_start(s, atts);
    } else if (parent == K_ROW && strcmp(ln, "c") == 0) {
        k = K_C;
        cell_start(s, atts);
    } else if (parent == K_C) {
        if (strcmp(ln, "v") == 0) {
            k = K_V;
            s->has_v = true;
        } else if (strcmp(ln, "f") == 0) {
            k = K_F;
            s->has_f = true;
        } else if (strcmp(ln, "is") == 0) {
            k = K_IS;
            s->has_is = true;
        }
    }
    push_kind(r, k);
}

static void XMLCALL sheet_text(void *ud, const XML_Char *t, int len)
{
    sheet_rd *s = ud;
    xml_rd *r = &s->base;
    if (r->x->failed)
        return;
    int k = top_kind(r);
    buf *b = k == K_V ? &s->v : k == K_T ? &s->is : NULL;
    if (!b)
        return;
    if (b->len + (size_t)len > MAX_TEXT) {
        char name[24];
        cell_name(s->col, s->row, name);
        rd_fail(r, s->row, "工作表“%s”第 %ld 行：单元格 %s 的内容过长（超过 Excel 单元格上限 32767 个字符）",
                s->shown, s->row, name);
        return;
    }
    buf_append(b, t, (size_t)len);
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
    (void)name;
    sheet_rd *s = ud;
    xml_rd *r = &s->base;
    int k = pop_kind(r);
    if (r->x->failed)
        return;
    if (k == K_C)
        cell_end(s);
}

/* Moves the kept cells of s into a dense grid in *out (rows compacted to
 * those with a kept cell). The grid's size is checked first: a few cells
 * far apart must not make a grid of billions. */
static bool build_sheet(xlsx *x, sheet_rd *s, const char *name, pm_sheet *out)
{
    size_t nrows = s->nrows, ncols = s->ncells ? (size_t)s->maxcol + 1 : 0;
    /* nrows <= MAX_ROW and ncols <= MAX_COL: the product fits 64 bits. */
    uint64_t grid = (uint64_t)nrows * ncols;
    if (grid > PM_XLSX_MAX_CELLS - x->grid) {
        xfail(x, 0, "工作表“%s”的表格过大（%zu 行 × %zu 列，整个工作簿至多 %zu 个单元格），拒绝读取", s->shown,
              nrows, ncols, PM_XLSX_MAX_CELLS);
        return false;
    }
    x->grid += (size_t)grid;
    memset(out, 0, sizeof *out);
    out->name = xstrdup(name);
    out->nrows = nrows;
    out->ncols = ncols;
    if (grid) {
        out->cells = xcalloc((size_t)grid, sizeof *out->cells);
        for (size_t i = 0; i < s->ncells; i++) {
            scell *c = &s->cells[i];
            pm_cell *g = &out->cells[c->row * ncols + (size_t)c->col];
            g->text = c->text;
            g->type = c->type;
            c->text = NULL; /* the grid owns it now */
        }
        for (size_t i = 0; i < (size_t)grid; i++)
            if (!out->cells[i].text) {
                out->cells[i].text = xstrdup("");
                out->cells[i].type = PM_CELL_EMPTY;
            }
    }
    out->rownum = s->rows; /* the sheet owns the row numbers now */
    s->rows = NULL;
    return true;
}

/* The entry name of a relationship target of xl/workbook.xml: relative to
 * xl/, or from the archive root when it starts with '/'; "." and ".."
 * resolved. NULL when it leaves the archive or names nothing. malloc'd. */
static char *resolve_target(const char *target)
{
    buf in = BUF_INIT, out = BUF_INIT;
    if (target[0] == '/')
        buf_puts(&in, target + 1);
    else {
        buf_puts(&in, "xl/");
        buf_puts(&in, target);
    }
    const char *p = in.p;
    bool ok = true;
    while (*p) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        if (n == 2 && p[0] == '.' && p[1] == '.') {
            if (!out.len) {
                ok = false;
                break;
            }
            /* Back to the previous '/', from the end: each byte is dropped
             * at most once, so "a/../a/../…" stays linear. */
            size_t k = out.len;
            while (k > 0 && out.p[k - 1] != '/')
                k--;
            out.len = k ? k - 1 : 0;
            out.p[out.len] = '\0';
        } else if (n && !(n == 1 && p[0] == '.')) {
            if (out.len)
                buf_putc(&out, '/');
            buf_append(&out, p, n);
        }
        p += n + (slash ? 1 : 0);
    }
    buf_free(&in);
    if (!ok || !out.len) {
        buf_free(&out);
        return NULL;
    }
    return buf_detach(&out);
}

static bool read_sheet(xlsx *x, const wb_sheet *ws, pm_sheet *out)
{
    char shown[SHOWN];
    utf8_copy_cut(shown, sizeof shown, ws->name);
    int ri = strmap_get(&x->relmap, ws->rid);
    if (ri < 0 || x->rels[ri].external) {
        xfail(x, 0, "XLSX 中工作表“%s”的关系编号在 xl/_rels/workbook.xml.rels 中找不到或指向外部文件", shown);
        return false;
    }
    char *entry = resolve_target(x->rels[ri].target);
    if (!entry) {
        xfail(x, 0, "XLSX 中工作表“%s”的位置无效", shown);
        return false;
    }
    sheet_rd s;
    memset(&s, 0, sizeof s);
    s.shown = shown;
    s.maxcol = -1;
    bool ok = parse_part(x, &s.base, entry, NULL, sheet_start, sheet_end, sheet_text) && build_sheet(x, &s, ws->name, out);
    sheet_rd_free(&s);
    free(entry);
    return ok;
}

static void xlsx_free(xlsx *x)
{
    for (size_t i = 0; i < x->nrels; i++) {
        free(x->rels[i].id);
        free(x->rels[i].type);
        free(x->rels[i].target);
    }
    free(x->rels);
    strmap_free(&x->relmap);
    for (size_t i = 0; i < x->nsheets; i++) {
        free(x->sheets[i].name);
        free(x->sheets[i].rid);
    }
    free(x->sheets);
    if (x->lower_names) {
        for (size_t i = 0; i < x->nlower; i++)
            free(x->lower_names[i]);
        free(x->lower_names);
        strmap_free(&x->lowermap);
    }
    buf_free(&x->sst);
    free(x->sst_off);
    free(x->chunk);
    if (x->za)
        zip_discard(x->za); /* also frees the zip source */
}

/* The shared strings part: the workbook's relationship of that type, else
 * where Excel puts it. malloc'd. */
static char *sst_entry(const xlsx *x)
{
    for (size_t i = 0; i < x->nrels; i++) {
        const char *t = x->rels[i].type;
        size_t n = strlen(t), m = strlen("/sharedStrings");
        if (!x->rels[i].external && n >= m && strcmp(t + n - m, "/sharedStrings") == 0) {
            char *e = resolve_target(x->rels[i].target);
            if (e)
                return e;
        }
    }
    return xstrdup("xl/sharedStrings.xml");
}

static bool read_workbook(xlsx *x, pm_sheet **out, size_t *n)
{
    xml_rd r;
    memset(&r, 0, sizeof r);
    if (!parse_part(x, &r, "xl/_rels/workbook.xml.rels", NULL, rels_start, generic_end, NULL))
        return false;
    memset(&r, 0, sizeof r);
    if (!parse_part(x, &r, "xl/workbook.xml", NULL, wb_start, generic_end, NULL))
        return false;
    if (x->nsheets == 0) {
        xfail(x, 0, "XLSX 中没有工作表");
        return false;
    }

    sst_rd s;
    memset(&s, 0, sizeof s);
    char *entry = sst_entry(x);
    bool found;
    bool ok = parse_part(x, &s.base, entry, &found, sst_start, sst_end, sst_text);
    free(entry);
    buf_free(&s.text);
    buf_free(&s.esc);
    if (!ok)
        return false;

    pm_sheet *sheets = xcalloc(x->nsheets, sizeof *sheets);
    size_t done = 0;
    while (done < x->nsheets && read_sheet(x, &x->sheets[done], &sheets[done]))
        done++;
    if (done < x->nsheets) {
        for (size_t i = 0; i < done; i++)
            pm_sheet_free(&sheets[i]);
        free(sheets);
        return false;
    }
    *out = sheets;
    *n = x->nsheets;
    return true;
}

bool pm_xlsx_read(const char *data, size_t len, pm_sheet **out, size_t *n, pm_err *err)
{
    *out = NULL;
    *n = 0;
    if (!pm_xlsx_sniff(data, len)) {
        pm_err_set(err, 0, "不是有效的 XLSX 文件（不是 zip 压缩包）");
        return false;
    }
    xlsx x;
    memset(&x, 0, sizeof x);
    x.err = err;

    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    if (src) {
        x.za = zip_open_from_source(src, ZIP_RDONLY, &ze);
        if (!x.za)
            zip_source_free(src); /* not taken over when the open fails */
    }
    zip_error_fini(&ze);
    if (!x.za) {
        pm_err_set(err, 0, "不是有效的 XLSX 文件（压缩包损坏或不完整）");
        return false;
    }
    strmap_init(&x.relmap, 16);
    bool ok = read_workbook(&x, out, n);
    xlsx_free(&x);
    return ok;
}

/* A plan table as HTML source (a saved web page, a Word "save as web page"):
 * every <tr> of every <table> becomes a row of cells, read with libxml2's
 * HTML parser. A cell spanning rows (rowspan) leaves an empty cell in the
 * rows below it (empty means "same as above", as in the other layouts); one
 * spanning columns (colspan) is followed by empty cells, so that every row
 * lines up with the header column by column. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/text.h"
#include "parse/plantable_int.h"

bool pt_is_html(const char *text, size_t len)
{
    for (size_t i = 0; i + 6 <= len; i++)
        if (text[i] == '<' && (text[i + 1] == 't' || text[i + 1] == 'T') && !strncasecmp(text + i, "<table", 6))
            return true;
    return false;
}

/* The text of a cell with its whitespace runs made one space (a <br> or a
 * line break inside a cell is a broken line, not two cells). Caller frees. */
static void text_of(xmlNode *n, buf *b, bool *space)
{
    for (; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE && !xmlStrcasecmp(n->name, (const xmlChar *)"br")) {
            /* a line of a stacked cell ("其中：…" under the name) */
            buf_putc(b, '\n');
            *space = false;
            continue;
        }
        if (n->type == XML_ELEMENT_NODE) {
            text_of(n->children, b, space);
            continue;
        }
        if (n->type != XML_TEXT_NODE && n->type != XML_CDATA_SECTION_NODE)
            continue;
        for (const xmlChar *p = n->content; p && *p; p++) {
            if (isspace(*p)) {
                *space = b->len > 0 && b->p[b->len - 1] != '\n';
                continue;
            }
            /* A space between two CJK characters is a line break of the source. */
            if (*space && !(*p >= 0x80 && b->len && (unsigned char)b->p[b->len - 1] >= 0x80))
                buf_putc(b, ' ');
            *space = false;
            buf_putc(b, (char)*p);
        }
    }
}

/* A cell's text; lines (from <br>) trimmed each. Caller frees. */
static char *cell_text(xmlNode *td)
{
    buf b = BUF_INIT;
    bool space = false;
    text_of(td->children, &b, &space);
    buf out = BUF_INIT;
    const char *s = buf_str(&b);
    for (;;) {
        const char *e = strchr(s, '\n');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        const char *t = text_trim(s, &n);
        if (n) {
            if (out.len)
                buf_putc(&out, '\n');
            buf_append(&out, t, n);
        }
        if (!e)
            break;
        s = e + 1;
    }
    buf_free(&b);
    return buf_detach(&out);
}

static long attr_int(xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    long x = v ? strtol((const char *)v, NULL, 10) : 1;
    xmlFree(v);
    return x < 1 ? 1 : x > 64 ? 64 : x;
}

typedef struct span {
    long left;  /* rows still covered below */
    char *text; /* the spanning cell's text (owned) */
} span;

static void read_tr(xmlNode *tr, pt_rows *rows, span **spans, size_t *nspans)
{
    pt_row r = {0};
    r.line = xmlGetLineNo(tr);
    size_t col = 0;
    for (xmlNode *c = tr->children;; c = c->next) {
        /* columns still covered by a rowspan from above */
        while (col < *nspans && (*spans)[col].left > 0) {
            (*spans)[col].left--;
            pt_row_add(&r, xstrdup((*spans)[col].text), r.line);
            r.cells[r.n - 1].spanned = true;
            col++;
        }
        if (!c)
            break;
        if (c->type != XML_ELEMENT_NODE ||
            (xmlStrcasecmp(c->name, (const xmlChar *)"td") && xmlStrcasecmp(c->name, (const xmlChar *)"th")))
            continue;
        long cs = attr_int(c, "colspan"), rs = attr_int(c, "rowspan");
        char *text = cell_text(c);
        for (long k = 0; k < cs; k++) {
            /* Every column and row a cell spans gets its text, marked as a
             * copy: the reader decides what a span means per column. */
            pt_row_add(&r, xstrdup(text), xmlGetLineNo(c));
            r.cells[r.n - 1].spanned = k > 0;
            if (col >= *nspans) {
                *spans = xrealloc(*spans, (col + 1) * sizeof **spans);
                for (size_t z = *nspans; z <= col; z++)
                    (*spans)[z] = (span){0, NULL};
                *nspans = col + 1;
            }
            free((*spans)[col].text);
            (*spans)[col].left = rs - 1;
            (*spans)[col].text = xstrdup(text);
            col++;
        }
        free(text);
    }
    if (r.n)
        pt_rows_add(rows, &r);
    else
        pt_row_free(&r);
}

static void walk(xmlNode *n, pt_rows *rows, span **spans, size_t *nspans)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (!xmlStrcasecmp(n->name, (const xmlChar *)"table")) {
            /* a new table: spans of the last one end */
            for (size_t i = 0; i < *nspans; i++)
                (*spans)[i].left = 0;
        }
        if (!xmlStrcasecmp(n->name, (const xmlChar *)"tr")) {
            read_tr(n, rows, spans, nspans);
            continue;
        }
        walk(n->children, rows, spans, nspans);
    }
}

bool pt_html_rows(const char *text, size_t len, pt_rows *rows, pm_err *err)
{
    if (len > (size_t)INT32_MAX) {
        pm_err_set(err, 1, "HTML 文件过大");
        return false;
    }
    htmlDocPtr doc = htmlReadMemory(text, (int)len, NULL, "UTF-8",
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                        HTML_PARSE_NONET | HTML_PARSE_NOBLANKS);
    if (!doc) {
        pm_err_set(err, 1, "无法解析 HTML 表格");
        return false;
    }
    span *spans = NULL;
    size_t nspans = 0;
    walk(xmlDocGetRootElement(doc), rows, &spans, &nspans);
    for (size_t i = 0; i < nspans; i++)
        free(spans[i].text);
    free(spans);
    xmlFreeDoc(doc);
    return true;
}

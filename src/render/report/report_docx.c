/* The evaluation report as a Word document (DOCX, WordprocessingML): the
 * model's sections, sentences and tables as they are (report.h), laid out
 * as a 公文 (report_docx.h): a cover page with the title, a 目录, the
 * sections as real heading styles (Word's navigation pane, LibreOffice's
 * navigator and the TOC field read them), tables whose header row repeats
 * on every page, and the charts as PNG pictures drawn from the same SVG as
 * the HTML report (render/chart/png.c). WPS and Word 2013 read PNG where
 * they do not read SVG, and a picture needs no chart engine to open.
 *
 * XML through xmlw (libxml2's xmlTextWriter), the package through zip_pkg
 * (libzip): no escaping or archive code here. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/chart/png.h"
#include "render/report/report.h"
#include "render/report/report_docx.h"
#include "render/write/xmlw.h"
#include "render/write/zip_pkg.h"

/* A table of more columns than this is set in 小五 (else 五号) … */
#define SMALL_COLUMNS 8
/* … and of more than this on a landscape page. */
#define WIDE_COLUMNS 10
/* Charts are drawn this many pixels wide (about 250 dpi at 156 mm). */
#define CHART_PX 1536
/* A chart is at most this tall on the page (a tall bar chart of 22 towns
 * is shrunk to fit below its heading). */
#define CHART_MAX_H DX_MM(150)

typedef struct dx_doc {
    xmlw *x;
    zip_pkg *pkg;
    int images;   /* pictures added so far: chart<N>.png */
    int sections; /* body sections ended so far (the first restarts the page numbers) */
    pm_err *err;
    bool failed;  /* a chart could not be drawn (err says why) */
} dx_doc;

static const char *str_of(const json_t *o, const char *key) { return json_string_value(json_object_get(o, key)); }

/* ---- runs and paragraphs ---------------------------------------------------------------------- */

/* A run of text; a newline in the model's text becomes a line break. */
static void run(xmlw *x, const char *text, bool bold)
{
    xmlw_start(x, "w:r");
    if (bold) {
        xmlw_start(x, "w:rPr");
        xmlw_empty(x, "w:b");
        xmlw_end(x);
    }
    const char *p = text ? text : "";
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        char *piece = strndup(p, n);
        xmlw_start(x, "w:t");
        xmlw_attr(x, "xml:space", "preserve");
        xmlw_text(x, piece);
        xmlw_end(x);
        free(piece);
        if (!nl)
            break;
        xmlw_empty(x, "w:br");
        p = nl + 1;
    }
    xmlw_end(x);
}

static void para_open(xmlw *x, const char *style)
{
    xmlw_start(x, "w:p");
    if (style) {
        xmlw_start(x, "w:pPr");
        xmlw_leaf(x, "w:pStyle", "w:val", style);
        xmlw_end(x);
    }
}

static void para(xmlw *x, const char *style, const char *text)
{
    para_open(x, style);
    run(x, text, false);
    xmlw_end(x);
}

static void page_break(xmlw *x)
{
    xmlw_start(x, "w:p");
    xmlw_start(x, "w:r");
    xmlw_leaf(x, "w:br", "w:type", "page");
    xmlw_end(x);
    xmlw_end(x);
}

/* ---- the section properties ------------------------------------------------------------------- */

/* How a section is laid out. */
typedef enum sect_kind {
    SECT_FRONT,     /* cover and 目录: no page numbers */
    SECT_FIRST,     /* the body's first section: numbered from 1 */
    SECT_BODY,      /* numbered on */
    SECT_LANDSCAPE, /* a wide table on A4 turned, numbered on */
} sect_kind;

/* A4 with the 公文 margins and the 22-line grid; a landscape section
 * keeps the margins and turns the paper. */
static void sect_pr(xmlw *x, sect_kind kind)
{
    bool numbered = kind != SECT_FRONT, landscape = kind == SECT_LANDSCAPE;
    xmlw_start(x, "w:sectPr");
    if (numbered) {
        static const char *const kinds[][2] = {{"default", DX_RID_FOOTER_ODD}, {"even", DX_RID_FOOTER_EVEN}};
        for (size_t i = 0; i < 2; i++) {
            xmlw_start(x, "w:footerReference");
            xmlw_attr(x, "w:type", kinds[i][0]);
            xmlw_attr(x, "r:id", kinds[i][1]);
            xmlw_end(x);
        }
    }
    xmlw_start(x, "w:pgSz");
    xmlw_attr_int(x, "w:w", landscape ? DX_PAGE_H : DX_PAGE_W);
    xmlw_attr_int(x, "w:h", landscape ? DX_PAGE_W : DX_PAGE_H);
    if (landscape)
        xmlw_attr(x, "w:orient", "landscape");
    xmlw_end(x);
    xmlw_start(x, "w:pgMar");
    xmlw_attr_int(x, "w:top", DX_TOP);
    xmlw_attr_int(x, "w:right", DX_RIGHT);
    xmlw_attr_int(x, "w:bottom", DX_BOTTOM);
    xmlw_attr_int(x, "w:left", DX_LEFT);
    xmlw_attr_int(x, "w:header", DX_MM(15));
    /* The number's line starts 7 mm below the text block. */
    xmlw_attr_int(x, "w:footer", DX_BOTTOM - DX_MM(7) - DX_MM(6));
    xmlw_attr_int(x, "w:gutter", 0);
    xmlw_end(x);
    if (kind == SECT_FIRST)
        xmlw_leaf_int(x, "w:pgNumType", "w:start", 1);
    /* A line grid only: the 28 characters come from the body's character
     * spacing (styles), which every word processor honours alike, where a
     * character grid is read differently by each (LibreOffice spreads the
     * text when it meets Word's). */
    xmlw_start(x, "w:docGrid");
    xmlw_attr(x, "w:type", "lines");
    xmlw_attr_int(x, "w:linePitch", DX_LINE_PITCH);
    xmlw_end(x);
    xmlw_end(x);
}

/* Ends the section so far with an empty paragraph carrying its layout. */
static void end_section(xmlw *x, sect_kind kind)
{
    xmlw_start(x, "w:p");
    xmlw_start(x, "w:pPr");
    sect_pr(x, kind);
    xmlw_end(x);
    xmlw_end(x);
}

/* The body's layout for the section that ends now. */
static sect_kind body_kind(dx_doc *d) { return d->sections++ ? SECT_BODY : SECT_FIRST; }

/* ---- cover and 目录 ------------------------------------------------------------------------------ */

static void cover(dx_doc *d, const json_t *model)
{
    xmlw *x = d->x;
    /* Two blank lines above the title, as a 公文 leaves under its 版头. */
    para(x, "Subtitle", "");
    para(x, "Subtitle", "");
    para(x, "Title", str_of(model, "title"));
    size_t i;
    const json_t *v;
    json_array_foreach(json_object_get(model, "meta"), i, v) para(x, "Subtitle", json_string_value(v));
    page_break(x);
}

/* A field paragraph's pieces: begin, the instruction, separate; end. */
static void field_begin(xmlw *x, const char *instr)
{
    xmlw_start(x, "w:r");
    xmlw_start(x, "w:fldChar");
    xmlw_attr(x, "w:fldCharType", "begin");
    xmlw_attr(x, "w:dirty", "true");
    xmlw_end(x);
    xmlw_end(x);
    xmlw_start(x, "w:r");
    xmlw_start(x, "w:instrText");
    xmlw_attr(x, "xml:space", "preserve");
    xmlw_text(x, instr);
    xmlw_end(x);
    xmlw_end(x);
    xmlw_start(x, "w:r");
    xmlw_leaf(x, "w:fldChar", "w:fldCharType", "separate");
    xmlw_end(x);
}

static void field_end(xmlw *x)
{
    xmlw_start(x, "w:r");
    xmlw_leaf(x, "w:fldChar", "w:fldCharType", "end");
    xmlw_end(x);
}

/* The 目录: a TOC field over heading levels 1–2 whose current result is
 * the headings themselves (without page numbers, which only the word
 * processor knows: Word updates the field on opening, WPS and LibreOffice
 * on 更新目录). */
static void toc(dx_doc *d, const json_t *model)
{
    xmlw *x = d->x;
    para(x, "TOCHeading", "目　　录");
    const json_t *sections = json_object_get(model, "sections");
    size_t n = json_array_size(sections), i;
    const json_t *s;
    json_array_foreach(sections, i, s)
    {
        para_open(x, "TOC1");
        if (i == 0)
            field_begin(x, " TOC \\o \"1-2\" \\h \\z \\u ");
        run(x, str_of(s, "heading"), false);
        if (i + 1 == n)
            field_end(x);
        xmlw_end(x);
    }
    if (!n) {
        para_open(x, "TOC1");
        field_begin(x, " TOC \\o \"1-2\" \\h \\z \\u ");
        field_end(x);
        xmlw_end(x);
    }
    /* The cover and the 目录 end here: a section without page numbers. */
    end_section(x, SECT_FRONT);
}

/* ---- tables ------------------------------------------------------------------------------------- */

/* Widths of a cell's text in ems: all of it, and its longest piece that
 * cannot break (a number, a Latin word; CJK text breaks after any
 * character, but with words a cell of up to four stays whole). A CJK
 * character is 1 em, a digit or Latin letter taken as
 * 0.6 em (the widest common faces' digits). */
static void text_widths(const char *s, bool words, double *all, double *unbroken)
{
    double run = 0;
    *all = 0;
    *unbroken = 0;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;) {
        size_t len = 1;
        while ((p[len] & 0xC0) == 0x80)
            len++;
        bool wide = *p >= 0xE0; /* 3- and 4-byte UTF-8: CJK and symbols */
        double w = wide ? 1 : 0.6;
        *all += w;
        run = wide || *p == ' ' ? 0 : run + w;
        if (wide && w > *unbroken)
            *unbroken = w;
        if (run > *unbroken)
            *unbroken = run;
        p += len;
    }
    /* A short word (约束性, 符合预期) is not broken either (words). */
    if (words && *all <= 4)
        *unbroken = *all;
}

/* Column widths in twips summing to the text width. Every column first
 * gets its longest unbreakable piece (so no number breaks over two lines),
 * then the rest of the line goes to the columns by how much more their
 * longest text wants (a long indicator name at most 14 ems). pt is the
 * text's size in points. */
static void column_widths(const json_t *t, size_t ncols, double pt, long width, long *w)
{
    const json_t *head = json_object_get(t, "head"), *rows = json_object_get(t, "rows");
    double *want = calloc(ncols + 1, sizeof *want), *need = calloc(ncols + 1, sizeof *need);
    for (size_t k = 0; k < ncols; k++) {
        double all, unbroken;
        text_widths(json_string_value(json_array_get(head, k)), false, &all, &unbroken);
        want[k] = all / 2; /* head words may wrap once */
        need[k] = unbroken;
    }
    size_t i;
    const json_t *row;
    json_array_foreach(rows, i, row)
    {
        for (size_t k = 0; k < ncols && k < json_array_size(row); k++) {
            double all, unbroken;
            text_widths(report_cell_text(json_array_get(row, k)), true, &all, &unbroken);
            want[k] = all > want[k] ? all : want[k];
            need[k] = unbroken > need[k] ? unbroken : need[k];
        }
    }
    const double col = pt * 20, pad = DX_MM(2) + 20; /* twips per em; cell margins */
    double base = 0, extra = 0;
    for (size_t k = 0; k < ncols; k++) {
        want[k] = want[k] > 14 ? 14 : want[k];
        want[k] = want[k] < need[k] ? need[k] : want[k];
        base += need[k] * col + pad;
        extra += (want[k] - need[k]) * col;
    }
    double room = (double)width - base; /* what is left after the minimums */
    long used = 0;
    for (size_t k = 0; k < ncols; k++) {
        double share = extra > 0 ? (want[k] - need[k]) * col / extra : 1.0 / (double)ncols;
        w[k] = k + 1 < ncols ? (long)(need[k] * col + pad + (room > 0 ? room * share : 0)) : width - used;
        used += w[k];
    }
    free(want);
    free(need);
}

/* Background of a status cell, the colours of the HTML report. */
static const char *status_fill(const char *status)
{
    static const char *const fills[][2] = {
        {"achieved", "C8E6C9"}, {"on_track", "E6F4E1"},   {"behind", "FFF3C4"},    {"lagging", "FFD8A8"},
        {"regressing", "F8C9C9"}, {"missed", "EEA3A3"}, {"no_data", "EEEEEE"}, {"no_target", "EEEEEE"},
    };
    for (size_t i = 0; status && i < sizeof fills / sizeof *fills; i++)
        if (!strcmp(status, fills[i][0]))
            return fills[i][1];
    return NULL;
}

static void shade(xmlw *x, const char *fill)
{
    xmlw_start(x, "w:shd");
    xmlw_attr(x, "w:val", "clear");
    xmlw_attr(x, "w:color", "auto");
    xmlw_attr(x, "w:fill", fill);
    xmlw_end(x);
}

/* One cell. merge: 0 none, 1 starts a vertical merge, 2 continues one. */
static void cell(xmlw *x, long width, int merge, const char *fill, const char *style, char align,
                 const char *text)
{
    xmlw_start(x, "w:tc");
    xmlw_start(x, "w:tcPr");
    xmlw_start(x, "w:tcW");
    xmlw_attr_int(x, "w:w", width);
    xmlw_attr(x, "w:type", "dxa");
    xmlw_end(x);
    if (merge == 1)
        xmlw_leaf(x, "w:vMerge", "w:val", "restart");
    else if (merge == 2)
        xmlw_empty(x, "w:vMerge");
    if (fill)
        shade(x, fill);
    xmlw_leaf(x, "w:vAlign", "w:val", "center");
    xmlw_end(x);
    xmlw_start(x, "w:p");
    xmlw_start(x, "w:pPr");
    xmlw_leaf(x, "w:pStyle", "w:val", style);
    if (align == 'r' || align == 'c')
        xmlw_leaf(x, "w:jc", "w:val", align == 'r' ? "right" : "center");
    xmlw_end(x);
    if (text && *text)
        run(x, text, false);
    xmlw_end(x);
    xmlw_end(x);
}

/* The header row: repeated at the top of every page the table runs onto. */
static void head_row(xmlw *x, const json_t *head, const long *w, size_t ncols, const char *style)
{
    xmlw_start(x, "w:tr");
    xmlw_start(x, "w:trPr");
    xmlw_empty(x, "w:cantSplit");
    xmlw_empty(x, "w:tblHeader");
    xmlw_end(x);
    for (size_t k = 0; k < ncols; k++)
        cell(x, w[k], 0, "EEF2F7", style, 'c', json_string_value(json_array_get(head, k)));
    xmlw_end(x);
}

static void body_row(xmlw *x, const json_t *row, const long *w, size_t ncols, const char *align,
                     const char *style)
{
    xmlw_start(x, "w:tr");
    xmlw_start(x, "w:trPr");
    xmlw_empty(x, "w:cantSplit");
    xmlw_end(x);
    for (size_t k = 0; k < ncols; k++) {
        const json_t *c = json_array_get(row, k);
        char a = align && k < strlen(align) ? align[k] : 'l';
        /* null: covered by a rowspan above (a missing cell counts alike). */
        int merge = !c || json_is_null(c) ? 2 : json_integer_value(json_object_get(c, "rowspan")) > 1 ? 1 : 0;
        cell(x, w[k], merge, merge == 2 ? NULL : status_fill(str_of(c, "status")), style, a,
             merge == 2 ? NULL : report_cell_text(c));
    }
    xmlw_end(x);
}

static void table(dx_doc *d, const json_t *t)
{
    xmlw *x = d->x;
    const json_t *head = json_object_get(t, "head");
    size_t ncols = json_array_size(head);
    if (!ncols)
        return;
    /* A wide table on a page of its own turned landscape (the section so
     * far ends before it, the landscape one after it); the rest within the
     * text. */
    bool wide = ncols > WIDE_COLUMNS, small = ncols > SMALL_COLUMNS;
    const char *style = small ? "TableTextSmall" : "TableText";
    long width = wide ? DX_TEXT_W_LANDSCAPE : DX_TEXT_W;
    if (wide)
        end_section(x, body_kind(d));
    const char *caption = str_of(t, "caption");
    if (caption)
        para(x, "TableCaption", caption);
    long *w = calloc(ncols, sizeof *w);
    column_widths(t, ncols, small ? 9 : 10.5, width, w);
    xmlw_start(x, "w:tbl");
    xmlw_start(x, "w:tblPr");
    xmlw_leaf(x, "w:tblStyle", "w:val", "TableGrid");
    xmlw_start(x, "w:tblW");
    xmlw_attr_int(x, "w:w", width);
    xmlw_attr(x, "w:type", "dxa");
    xmlw_end(x);
    xmlw_leaf(x, "w:jc", "w:val", "center");
    xmlw_leaf(x, "w:tblLayout", "w:type", "fixed");
    xmlw_end(x);
    xmlw_start(x, "w:tblGrid");
    for (size_t k = 0; k < ncols; k++)
        xmlw_leaf_int(x, "w:gridCol", "w:w", w[k]);
    xmlw_end(x);
    head_row(x, head, w, ncols, small ? "TableHeadSmall" : "TableHead");
    size_t i;
    const json_t *row;
    const char *align = str_of(t, "align");
    json_array_foreach(json_object_get(t, "rows"), i, row) body_row(x, row, w, ncols, align, style);
    xmlw_end(x);
    free(w);
    /* Word needs a paragraph between two tables, and one after the last:
     * for a wide table, the one that ends its landscape section. */
    if (wide) {
        d->sections++;
        end_section(x, SECT_LANDSCAPE);
    } else {
        para(x, "Note", "");
    }
}

/* ---- charts ------------------------------------------------------------------------------------- */

/* The picture of chart n, id'd "rIdChart<n>", cx × cy EMU, inline. */
static void picture(xmlw *x, int n, long cx, long cy, const char *descr)
{
    char rid[32], name[32];
    snprintf(rid, sizeof rid, "rIdChart%d", n);
    snprintf(name, sizeof name, "chart%d.png", n);
    xmlw_start(x, "w:r");
    xmlw_start(x, "w:drawing");
    xmlw_start(x, "wp:inline");
    static const char *const dist[] = {"distT", "distB", "distL", "distR"};
    for (size_t i = 0; i < 4; i++)
        xmlw_attr(x, dist[i], "0");
    xmlw_start(x, "wp:extent");
    xmlw_attr_int(x, "cx", cx);
    xmlw_attr_int(x, "cy", cy);
    xmlw_end(x);
    xmlw_start(x, "wp:docPr");
    xmlw_attr_int(x, "id", n);
    xmlw_attr(x, "name", name);
    xmlw_attr(x, "descr", descr ? descr : "");
    xmlw_end(x);
    xmlw_start(x, "wp:cNvGraphicFramePr");
    xmlw_leaf(x, "a:graphicFrameLocks", "noChangeAspect", "1");
    xmlw_end(x);
    xmlw_start(x, "a:graphic");
    xmlw_start(x, "a:graphicData");
    xmlw_attr(x, "uri", "http://schemas.openxmlformats.org/drawingml/2006/picture");
    xmlw_start(x, "pic:pic");
    xmlw_start(x, "pic:nvPicPr");
    xmlw_start(x, "pic:cNvPr");
    xmlw_attr_int(x, "id", n);
    xmlw_attr(x, "name", name);
    xmlw_end(x);
    xmlw_empty(x, "pic:cNvPicPr");
    xmlw_end(x);
    xmlw_start(x, "pic:blipFill");
    xmlw_leaf(x, "a:blip", "r:embed", rid);
    xmlw_start(x, "a:stretch");
    xmlw_empty(x, "a:fillRect");
    xmlw_end(x);
    xmlw_end(x);
    xmlw_start(x, "pic:spPr");
    xmlw_start(x, "a:xfrm");
    xmlw_start(x, "a:off");
    xmlw_attr(x, "x", "0");
    xmlw_attr(x, "y", "0");
    xmlw_end(x);
    xmlw_start(x, "a:ext");
    xmlw_attr_int(x, "cx", cx);
    xmlw_attr_int(x, "cy", cy);
    xmlw_end(x);
    xmlw_end(x);
    xmlw_start(x, "a:prstGeom");
    xmlw_attr(x, "prst", "rect");
    xmlw_empty(x, "a:avLst");
    xmlw_end(x);
    xmlw_end(x);
    xmlw_end(x); /* pic:pic */
    xmlw_end(x); /* a:graphicData */
    xmlw_end(x); /* a:graphic */
    xmlw_end(x); /* wp:inline */
    xmlw_end(x); /* w:drawing */
    xmlw_end(x); /* w:r */
}

static void chart(dx_doc *d, const json_t *c)
{
    buf svg = BUF_INIT, png = BUF_INIT;
    int height = 0;
    bool drawn = report_chart_svg(&svg, c);
    if (drawn && !svg_to_png(buf_str(&svg), svg.len, CHART_PX, &png, &height, d->err)) {
        d->failed = true;
        drawn = false;
    }
    buf_free(&svg);
    if (!drawn) {
        buf_free(&png);
        return;
    }
    /* Full text width, or narrower to keep a tall chart on one page. */
    long w = DX_TEXT_W, h = (long)((double)w * height / CHART_PX);
    if (h > CHART_MAX_H) {
        w = (long)((double)w * CHART_MAX_H / h);
        h = CHART_MAX_H;
    }
    int n = ++d->images;
    char name[48];
    snprintf(name, sizeof name, "word/media/chart%d.png", n);
    zip_pkg_add(d->pkg, name, &png);
    const char *caption = str_of(c, "caption");
    para_open(d->x, "Figure");
    picture(d->x, n, w * DX_EMU_PER_TWIP, h * DX_EMU_PER_TWIP, caption);
    xmlw_end(d->x);
    para(d->x, "Caption", caption);
}

/* ---- the body ----------------------------------------------------------------------------------- */

static void blocks(dx_doc *d, const json_t *bl)
{
    size_t i;
    const json_t *b;
    json_array_foreach(bl, i, b)
    {
        const char *type = str_of(b, "type");
        const char *text = str_of(b, "text");
        if (!type)
            continue;
        if (!strcmp(type, "p"))
            para(d->x, NULL, text);
        else if (!strcmp(type, "note"))
            para(d->x, "Note", text);
        else if (!strcmp(type, "h3"))
            para(d->x, "Heading2", text);
        else if (!strcmp(type, "h4"))
            para(d->x, "Heading3", text);
        else if (!strcmp(type, "table"))
            table(d, b);
        else if (!strcmp(type, "chart"))
            chart(d, b);
    }
}

/* 落款: the issuer and the date, right-aligned, two lines below the text
 * (GB/T 9704 puts the date four characters in from the right margin). */
static void signature(xmlw *x, const json_t *sig)
{
    const char *issuer = str_of(sig, "issuer"), *date = str_of(sig, "date");
    if (!issuer && !date)
        return;
    para(x, NULL, "");
    para(x, NULL, "");
    if (issuer)
        para(x, date ? "SignatureIssuer" : "Signature", issuer);
    if (date)
        para(x, "Signature", date);
}

static void document(dx_doc *d, const json_t *model)
{
    xmlw *x = d->x;
    xmlw_start(x, "w:document");
    xmlw_attr(x, "xmlns:w", "http://schemas.openxmlformats.org/wordprocessingml/2006/main");
    xmlw_attr(x, "xmlns:r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
    xmlw_attr(x, "xmlns:wp", "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing");
    xmlw_attr(x, "xmlns:a", "http://schemas.openxmlformats.org/drawingml/2006/main");
    xmlw_attr(x, "xmlns:pic", "http://schemas.openxmlformats.org/drawingml/2006/picture");
    xmlw_start(x, "w:body");
    cover(d, model);
    toc(d, model);
    size_t i;
    const json_t *s;
    bool annexes = false;
    json_array_foreach(json_object_get(model, "sections"), i, s)
    {
        bool annex = json_is_true(json_object_get(s, "annex"));
        /* The 落款 closes the body; each annex starts a page of its own. */
        if (annex && !annexes)
            signature(x, json_object_get(model, "signature"));
        if (annex)
            page_break(x);
        annexes = annexes || annex;
        para(x, annex ? "AnnexHeading" : "Heading1", str_of(s, "heading"));
        blocks(d, json_object_get(s, "blocks"));
    }
    if (!annexes)
        signature(x, json_object_get(model, "signature"));
    sect_pr(x, body_kind(d));
    xmlw_end(x); /* w:body */
    xmlw_end(x); /* w:document */
}

/* Adds a part written by fn; false when its XML writer failed. */
static bool add_part(zip_pkg *pkg, const char *name, bool ok, buf *b)
{
    if (ok)
        zip_pkg_add(pkg, name, b);
    buf_free(b);
    return ok;
}

bool report_docx(buf *out, const json_t *model, pm_err *err)
{
    dx_doc d = {.x = xmlw_new(), .pkg = zip_pkg_new(), .err = err};
    buf b = BUF_INIT;
    /* [Content_Types].xml first, as Word writes it; the pictures join the
     * package while the body is written, so the rest follows the body. */
    bool ok = add_part(d.pkg, "[Content_Types].xml", dx_content_types_xml(&b), &b);
    ok = ok && add_part(d.pkg, "_rels/.rels", dx_package_rels_xml(&b), &b);
    document(&d, model);
    ok = xmlw_finish(d.x, &b) && ok;
    ok = add_part(d.pkg, "word/document.xml", ok, &b) && ok;
    ok = ok && add_part(d.pkg, "word/_rels/document.xml.rels", dx_document_rels_xml(&b, d.images), &b);
    ok = ok && add_part(d.pkg, "word/styles.xml", dx_styles_xml(&b), &b);
    ok = ok && add_part(d.pkg, "word/settings.xml", dx_settings_xml(&b), &b);
    ok = ok && add_part(d.pkg, "word/fontTable.xml", dx_font_table_xml(&b), &b);
    ok = ok && add_part(d.pkg, "word/footer1.xml", dx_footer_xml(&b, true), &b);
    ok = ok && add_part(d.pkg, "word/footer2.xml", dx_footer_xml(&b, false), &b);
    ok = ok && add_part(d.pkg, "docProps/core.xml", dx_core_xml(&b, str_of(model, "title")), &b);
    ok = ok && add_part(d.pkg, "docProps/app.xml", dx_app_xml(&b), &b);
    if (d.failed) {
        zip_pkg_free(d.pkg);
        return false; /* err names the chart */
    }
    if (!ok) {
        pm_err_set(err, 0, "生成 Word 文档失败");
        zip_pkg_free(d.pkg);
        return false;
    }
    return zip_pkg_finish(d.pkg, out, err);
}

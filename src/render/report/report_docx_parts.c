/* The parts of the DOCX report besides word/document.xml: the styles
 * (fonts, sizes, heading levels of the 公文 layout), the settings, the font
 * table with the fallbacks, the page-number footers, and the package's
 * relationships and content types. Every part goes through xmlw (libxml2's
 * xmlTextWriter). See report_docx.h for the layout's measures. */
#include <stdio.h>

#include "render/report/report_docx.h"
#include "render/write/xmlw.h"

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define REL_DOC NS_R
#define CT_WML "application/vnd.openxmlformats-officedocument.wordprocessingml."

/* Sizes in half-points, by their Chinese names. */
#define SZ_2 44   /* 二号 22 pt */
#define SZ_3 32   /* 三号 16 pt */
#define SZ_4 28   /* 四号 14 pt */
#define SZ_S4 24  /* 小四 12 pt */
#define SZ_5 21   /* 五号 10.5 pt */
#define SZ_S5 18  /* 小五 9 pt */

/* ---- styles.xml ------------------------------------------------------------------------- */

static void rfonts(xmlw *x, const char *east_asian)
{
    xmlw_start(x, "w:rFonts");
    xmlw_attr(x, "w:ascii", DX_FONT_LATIN);
    xmlw_attr(x, "w:hAnsi", DX_FONT_LATIN);
    xmlw_attr(x, "w:eastAsia", east_asian);
    xmlw_attr(x, "w:cs", DX_FONT_LATIN);
    xmlw_end(x);
}

static void size(xmlw *x, int half_points)
{
    xmlw_leaf_int(x, "w:sz", "w:val", half_points);
    xmlw_leaf_int(x, "w:szCs", "w:val", half_points);
}

/* Paragraph spacing: before/after in twips, line exact (the 公文 grid) or
 * single (tables, notes, the cover). */
static void spacing(xmlw *x, long before, long after, bool grid)
{
    xmlw_start(x, "w:spacing");
    xmlw_attr_int(x, "w:before", before);
    xmlw_attr_int(x, "w:after", after);
    xmlw_attr_int(x, "w:line", grid ? DX_LINE_PITCH : 240);
    xmlw_attr(x, "w:lineRule", grid ? "exact" : "auto");
    xmlw_end(x);
}

/* First-line indent of n characters (two for body text), none for n = 0. */
static void indent_chars(xmlw *x, int n, int half_points)
{
    xmlw_start(x, "w:ind");
    xmlw_attr_int(x, "w:firstLineChars", n * 100);
    xmlw_attr_int(x, "w:firstLine", (long)n * half_points * 10);
    xmlw_end(x);
}

typedef struct style_def {
    const char *id, *name, *based_on, *next;
    const char *font; /* East Asian font; NULL: inherited */
    int sz;           /* half-points; 0: inherited */
    int outline;      /* heading level 1.. (outline level 0..), 0: none */
    int indent;       /* first-line indent in characters; -1: inherited */
    char jc;          /* 'c' centre, 'r' right, 'l' left, 'b' both, 0: inherited */
    bool grid;        /* exact 公文 line pitch, else single spacing */
    bool bold, keep_next;
    long before, after;
} style_def;

static const style_def STYLES[] = {
    {"Title", "Title", "Normal", "Subtitle", DX_FONT_TITLE, SZ_2, 0, 0, 'c', false, false, false, 0, DX_LINE_PITCH},
    {"Subtitle", "Subtitle", "Normal", "Normal", DX_FONT_H2, SZ_3, 0, 0, 'c', true, false, false, 0, 0},
    {"Heading1", "heading 1", "Normal", "Normal", DX_FONT_H1, SZ_3, 1, 2, 0, true, false, true, 0, 0},
    {"Heading2", "heading 2", "Normal", "Normal", DX_FONT_H2, SZ_3, 2, 2, 0, true, false, true, 0, 0},
    {"Heading3", "heading 3", "Normal", "Normal", DX_FONT_BODY, SZ_3, 3, 2, 0, true, true, true, 0, 0},
    {"TOCHeading", "TOC Heading", "Normal", "Normal", DX_FONT_H1, SZ_3, 0, 0, 'c', true, false, false, 0, 0},
    {"TOC1", "toc 1", "Normal", "Normal", NULL, 0, 0, 0, 'l', true, false, false, 0, 0},
    {"TOC2", "toc 2", "Normal", "Normal", NULL, 0, 0, 2, 'l', true, false, false, 0, 0},
    {"Caption", "caption", "Normal", "Normal", DX_FONT_H2, SZ_4, 0, 0, 'c', false, false, false, 60, 200},
    {"Figure", "Figure", "Normal", "Caption", NULL, 0, 0, 0, 'c', false, false, true, 120, 0},
    {"Note", "Note", "Normal", "Normal", NULL, SZ_S4, 0, 0, 'b', false, false, false, 60, 120},
    {"TableCaption", "Table Caption", "Normal", "Normal", DX_FONT_H1, SZ_4, 0, 0, 'c', false, false, true, 120, 60},
    {"TableText", "Table Text", "Normal", "TableText", NULL, SZ_5, 0, 0, 'l', false, false, false, 0, 0},
    {"TableTextSmall", "Table Text Small", "TableText", "TableTextSmall", NULL, SZ_S5, 0, -1, 0, false, false, false,
     0, 0},
    {"TableHead", "Table Heading", "TableText", "TableHead", DX_FONT_H1, 0, 0, -1, 'c', false, false, false, 0, 0},
    {"TableHeadSmall", "Table Heading Small", "TableTextSmall", "TableHeadSmall", DX_FONT_H1, 0, 0, -1, 'c', false,
     false, false, 0, 0},
    {"Signature", "Signature", "Normal", "Normal", NULL, 0, 0, 0, 'r', true, false, false, 0, 0},
    /* The issuer's line keeps with the date's: a 落款 is never split over two pages. */
    {"SignatureIssuer", "Signature Issuer", "Signature", "Signature", NULL, 0, 0, 0, 'r', true, false, true, 0, 0},
    /* 附件1 …: 黑体 at the left margin, level 1 of the outline like a section. */
    {"AnnexHeading", "Annex Heading", "Normal", "Normal", DX_FONT_H1, SZ_3, 1, 0, 'l', true, false, true, 0,
     DX_LINE_PITCH},
    {"Footer", "footer", "Normal", "Footer", DX_FONT_NUM, SZ_4, 0, 0, 0, false, false, false, 0, 0},
};

static void jc(xmlw *x, char j)
{
    const char *v = j == 'c' ? "center" : j == 'r' ? "right" : j == 'b' ? "both" : "left";
    xmlw_leaf(x, "w:jc", "w:val", v);
}

static void style(xmlw *x, const style_def *s)
{
    xmlw_start(x, "w:style");
    xmlw_attr(x, "w:type", "paragraph");
    xmlw_attr(x, "w:styleId", s->id);
    xmlw_leaf(x, "w:name", "w:val", s->name);
    xmlw_leaf(x, "w:basedOn", "w:val", s->based_on);
    xmlw_leaf(x, "w:next", "w:val", s->next);
    if (s->outline)
        xmlw_leaf_int(x, "w:uiPriority", "w:val", 9);
    xmlw_empty(x, "w:qFormat");
    xmlw_start(x, "w:pPr");
    if (s->keep_next)
        xmlw_empty(x, "w:keepNext");
    if (!s->grid)
        xmlw_leaf(x, "w:snapToGrid", "w:val", "0");
    spacing(x, s->before, s->after, s->grid);
    if (s->indent >= 0)
        indent_chars(x, s->indent, s->sz ? s->sz : SZ_3);
    if (s->jc)
        jc(x, s->jc);
    if (s->outline)
        xmlw_leaf_int(x, "w:outlineLvl", "w:val", s->outline - 1);
    xmlw_end(x);
    xmlw_start(x, "w:rPr");
    if (s->font)
        rfonts(x, s->font);
    if (s->bold)
        xmlw_empty(x, "w:b");
    if (s->sz)
        size(x, s->sz);
    xmlw_end(x);
    xmlw_end(x);
}

/* Word's "Table Grid": thin borders all round, 1 mm cell margins. */
static void table_style(xmlw *x)
{
    xmlw_start(x, "w:style");
    xmlw_attr(x, "w:type", "table");
    xmlw_attr(x, "w:styleId", "TableGrid");
    xmlw_leaf(x, "w:name", "w:val", "Table Grid");
    xmlw_start(x, "w:tblPr");
    xmlw_start(x, "w:tblBorders");
    static const char *const sides[] = {"w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"};
    for (size_t i = 0; i < sizeof sides / sizeof *sides; i++) {
        xmlw_start(x, sides[i]);
        xmlw_attr(x, "w:val", "single");
        xmlw_attr(x, "w:sz", "4");
        xmlw_attr(x, "w:space", "0");
        xmlw_attr(x, "w:color", "000000");
        xmlw_end(x);
    }
    xmlw_end(x);
    xmlw_start(x, "w:tblCellMar");
    xmlw_start(x, "w:left");
    xmlw_attr_int(x, "w:w", DX_MM(1));
    xmlw_attr(x, "w:type", "dxa");
    xmlw_end(x);
    xmlw_start(x, "w:right");
    xmlw_attr_int(x, "w:w", DX_MM(1));
    xmlw_attr(x, "w:type", "dxa");
    xmlw_end(x);
    xmlw_end(x);
    xmlw_end(x);
    xmlw_end(x);
}

bool dx_styles_xml(buf *out)
{
    xmlw *x = xmlw_new();
    xmlw_start(x, "w:styles");
    xmlw_attr(x, "xmlns:w", NS_W);
    xmlw_start(x, "w:docDefaults");
    xmlw_start(x, "w:rPrDefault");
    xmlw_start(x, "w:rPr");
    rfonts(x, DX_FONT_BODY);
    size(x, SZ_3);
    xmlw_start(x, "w:lang");
    xmlw_attr(x, "w:val", "en-US");
    xmlw_attr(x, "w:eastAsia", "zh-CN");
    xmlw_attr(x, "w:bidi", "ar-SA");
    xmlw_end(x);
    xmlw_end(x);
    xmlw_end(x);
    xmlw_start(x, "w:pPrDefault");
    xmlw_start(x, "w:pPr");
    spacing(x, 0, 0, true);
    xmlw_end(x);
    xmlw_end(x);
    xmlw_end(x);

    /* Normal: 三号仿宋 on the 22-line grid, justified, two characters in. */
    xmlw_start(x, "w:style");
    xmlw_attr(x, "w:type", "paragraph");
    xmlw_attr(x, "w:default", "1");
    xmlw_attr(x, "w:styleId", "Normal");
    xmlw_leaf(x, "w:name", "w:val", "Normal");
    xmlw_empty(x, "w:qFormat");
    xmlw_start(x, "w:pPr");
    xmlw_empty(x, "w:widowControl");
    spacing(x, 0, 0, true);
    indent_chars(x, 2, SZ_3);
    jc(x, 'b');
    xmlw_end(x);
    xmlw_start(x, "w:rPr");
    rfonts(x, DX_FONT_BODY);
    /* 28 characters of 16 pt in the 156 mm (442 pt) line: each 0.25 pt
     * narrower (spacing in twentieths of a point). */
    xmlw_leaf_int(x, "w:spacing", "w:val", DX_BODY_CHAR_SPACING);
    size(x, SZ_3);
    xmlw_end(x);
    xmlw_end(x);
    for (size_t i = 0; i < sizeof STYLES / sizeof *STYLES; i++)
        style(x, &STYLES[i]);
    table_style(x);
    xmlw_end(x);
    return xmlw_finish(x, out);
}

/* ---- settings, fonts, footers --------------------------------------------------------------- */

bool dx_settings_xml(buf *out)
{
    xmlw *x = xmlw_new();
    xmlw_start(x, "w:settings");
    xmlw_attr(x, "xmlns:w", NS_W);
    xmlw_leaf_int(x, "w:zoom", "w:percent", 100);
    /* Word refreshes the 目录's page numbers when it opens the file (it
     * asks first); LibreOffice keeps the entries as written. */
    xmlw_leaf(x, "w:updateFields", "w:val", "true");
    xmlw_leaf_int(x, "w:defaultTabStop", "w:val", 420);
    /* 公文 page numbers: odd pages right, even pages left. */
    xmlw_empty(x, "w:evenAndOddHeaders");
    xmlw_leaf(x, "w:characterSpacingControl", "w:val", "compressPunctuation");
    xmlw_start(x, "w:compat");
    xmlw_start(x, "w:compatSetting");
    xmlw_attr(x, "w:name", "compatibilityMode");
    xmlw_attr(x, "w:uri", "http://schemas.microsoft.com/office/word");
    xmlw_attr(x, "w:val", "15");
    xmlw_end(x);
    xmlw_end(x);
    xmlw_start(x, "w:themeFontLang");
    xmlw_attr(x, "w:val", "en-US");
    xmlw_attr(x, "w:eastAsia", "zh-CN");
    xmlw_end(x);
    xmlw_end(x);
    return xmlw_finish(x, out);
}

typedef struct font_def {
    const char *name, *alt, *panose, *charset, *family, *pitch;
} font_def;

/* altName: the face a machine without the font should take (Windows and
 * WPS have these; LibreOffice maps the CJK ones to its own CJK faces by
 * the charset and family when neither is installed). */
static const font_def FONTS[] = {
    {DX_FONT_BODY, "仿宋", "02010609030101010101", "86", "modern", "fixed"},
    {DX_FONT_TITLE, "宋体", "02000000000000000000", "86", "auto", "variable"},
    {DX_FONT_H1, "SimHei", "02010609060101010101", "86", "modern", "fixed"},
    {DX_FONT_H2, "楷体", "02010609030101010101", "86", "modern", "fixed"},
    {DX_FONT_NUM, "SimSun", "02010600030101010101", "86", "auto", "variable"},
    {DX_FONT_LATIN, NULL, "02020603050405020304", "00", "roman", "variable"},
};

bool dx_font_table_xml(buf *out)
{
    xmlw *x = xmlw_new();
    xmlw_start(x, "w:fonts");
    xmlw_attr(x, "xmlns:w", NS_W);
    for (size_t i = 0; i < sizeof FONTS / sizeof *FONTS; i++) {
        const font_def *f = &FONTS[i];
        xmlw_start(x, "w:font");
        xmlw_attr(x, "w:name", f->name);
        if (f->alt)
            xmlw_leaf(x, "w:altName", "w:val", f->alt);
        xmlw_leaf(x, "w:panose1", "w:val", f->panose);
        xmlw_leaf(x, "w:charset", "w:val", f->charset);
        xmlw_leaf(x, "w:family", "w:val", f->family);
        xmlw_leaf(x, "w:pitch", "w:val", f->pitch);
        xmlw_end(x);
    }
    xmlw_end(x);
    return xmlw_finish(x, out);
}

static void run_text(xmlw *x, const char *text)
{
    xmlw_start(x, "w:r");
    xmlw_start(x, "w:t");
    xmlw_attr(x, "xml:space", "preserve");
    xmlw_text(x, text);
    xmlw_end(x);
    xmlw_end(x);
}

/* "— 1 —": the number between two 一字线, one character in from the
 * outer edge (right on odd pages, left on even ones). */
bool dx_footer_xml(buf *out, bool odd)
{
    xmlw *x = xmlw_new();
    xmlw_start(x, "w:ftr");
    xmlw_attr(x, "xmlns:w", NS_W);
    xmlw_attr(x, "xmlns:r", NS_R);
    xmlw_start(x, "w:p");
    xmlw_start(x, "w:pPr");
    xmlw_leaf(x, "w:pStyle", "w:val", "Footer");
    xmlw_start(x, "w:ind");
    xmlw_attr_int(x, odd ? "w:right" : "w:left", SZ_4 * 10);
    xmlw_attr_int(x, "w:firstLine", 0);
    xmlw_end(x);
    jc(x, odd ? 'r' : 'l');
    xmlw_end(x);
    run_text(x, "— ");
    xmlw_start(x, "w:fldSimple");
    xmlw_attr(x, "w:instr", " PAGE ");
    run_text(x, "1");
    xmlw_end(x);
    run_text(x, " —");
    xmlw_end(x);
    xmlw_end(x);
    return xmlw_finish(x, out);
}

/* ---- the package ----------------------------------------------------------------------------- */

static void ct_default(xmlw *x, const char *ext, const char *type)
{
    xmlw_start(x, "Default");
    xmlw_attr(x, "Extension", ext);
    xmlw_attr(x, "ContentType", type);
    xmlw_end(x);
}

static void ct_override(xmlw *x, const char *part, const char *type)
{
    xmlw_start(x, "Override");
    xmlw_attr(x, "PartName", part);
    xmlw_attr(x, "ContentType", type);
    xmlw_end(x);
}

bool dx_content_types_xml(buf *out)
{
    xmlw *x = xmlw_new();
    xmlw_start(x, "Types");
    xmlw_attr(x, "xmlns", "http://schemas.openxmlformats.org/package/2006/content-types");
    ct_default(x, "rels", "application/vnd.openxmlformats-package.relationships+xml");
    ct_default(x, "xml", "application/xml");
    ct_default(x, "png", "image/png");
    ct_override(x, "/word/document.xml", CT_WML "document.main+xml");
    ct_override(x, "/word/styles.xml", CT_WML "styles+xml");
    ct_override(x, "/word/settings.xml", CT_WML "settings+xml");
    ct_override(x, "/word/fontTable.xml", CT_WML "fontTable+xml");
    ct_override(x, "/word/footer1.xml", CT_WML "footer+xml");
    ct_override(x, "/word/footer2.xml", CT_WML "footer+xml");
    ct_override(x, "/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml");
    ct_override(x, "/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml");
    xmlw_end(x);
    return xmlw_finish(x, out);
}

static void rel(xmlw *x, const char *id, const char *type, const char *target)
{
    xmlw_start(x, "Relationship");
    xmlw_attr(x, "Id", id);
    xmlw_attr(x, "Type", type);
    xmlw_attr(x, "Target", target);
    xmlw_end(x);
}

bool dx_package_rels_xml(buf *out)
{
    xmlw *x = xmlw_new();
    xmlw_start(x, "Relationships");
    xmlw_attr(x, "xmlns", NS_REL);
    rel(x, "rId1", REL_DOC "/officeDocument", "word/document.xml");
    rel(x, "rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
        "docProps/core.xml");
    rel(x, "rId3", REL_DOC "/extended-properties", "docProps/app.xml");
    xmlw_end(x);
    return xmlw_finish(x, out);
}

bool dx_document_rels_xml(buf *out, int images)
{
    xmlw *x = xmlw_new();
    xmlw_start(x, "Relationships");
    xmlw_attr(x, "xmlns", NS_REL);
    rel(x, "rIdStyles", REL_DOC "/styles", "styles.xml");
    rel(x, "rIdSettings", REL_DOC "/settings", "settings.xml");
    rel(x, "rIdFonts", REL_DOC "/fontTable", "fontTable.xml");
    rel(x, DX_RID_FOOTER_ODD, REL_DOC "/footer", "footer1.xml");
    rel(x, DX_RID_FOOTER_EVEN, REL_DOC "/footer", "footer2.xml");
    for (int i = 1; i <= images; i++) {
        char id[32], target[48];
        snprintf(id, sizeof id, "rIdChart%d", i);
        snprintf(target, sizeof target, "media/chart%d.png", i);
        rel(x, id, REL_DOC "/image", target);
    }
    xmlw_end(x);
    return xmlw_finish(x, out);
}

bool dx_core_xml(buf *out, const char *title)
{
    xmlw *x = xmlw_new();
    xmlw_start(x, "cp:coreProperties");
    xmlw_attr(x, "xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties");
    xmlw_attr(x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
    xmlw_start(x, "dc:title");
    xmlw_text(x, title);
    xmlw_end(x);
    xmlw_start(x, "dc:language");
    xmlw_text(x, "zh-CN");
    xmlw_end(x);
    xmlw_end(x);
    return xmlw_finish(x, out);
}

bool dx_app_xml(buf *out)
{
    xmlw *x = xmlw_new();
    xmlw_start(x, "Properties");
    xmlw_attr(x, "xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties");
    xmlw_start(x, "Application");
    xmlw_text(x, "planmon");
    xmlw_end(x);
    xmlw_end(x);
    return xmlw_finish(x, out);
}

/* XLSX reader: every case builds its workbook here, from XML written out in
 * the test and zipped in memory with libzip, so what each case feeds the
 * reader is in plain sight. Then the hostile files of issue 4 (truncated,
 * not a zip, zip bombs, a lying size, DTDs, XXE, billion laughs, a million
 * empty rows, grids too large) and two real files from libxlsxwriter. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <expat.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "parse/xlsx.h"

/* ---- building workbooks ---------------------------------------------------- */

typedef struct part {
    const char *name;
    const char *data;
    size_t len; /* 0: strlen(data) */
} part;

/* Zips parts (deflated) into a malloc'd buffer of *len bytes. */
static char *make_zip(const part *parts, size_t n, size_t *len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    assert_non_null(src);
    zip_source_keep(src); /* read the archive back after zip_close */
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    assert_non_null(za);
    for (size_t i = 0; i < n; i++) {
        size_t plen = parts[i].len ? parts[i].len : strlen(parts[i].data);
        zip_source_t *fs = zip_source_buffer(za, parts[i].data, plen, 0);
        assert_non_null(fs);
        zip_int64_t idx = zip_file_add(za, parts[i].name, fs, ZIP_FL_OVERWRITE);
        assert_true(idx >= 0);
        assert_int_equal(zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 0), 0);
    }
    assert_int_equal(zip_close(za), 0);

    zip_stat_t st;
    assert_int_equal(zip_source_open(src), 0);
    assert_int_equal(zip_source_stat(src, &st), 0);
    char *out = xmalloc((size_t)st.size);
    assert_int_equal(zip_source_read(src, out, st.size), (zip_int64_t)st.size);
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&ze);
    *len = (size_t)st.size;
    return out;
}

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG "http://schemas.openxmlformats.org/package/2006/relationships"
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

#define SHEET(rows) XML_DECL "<worksheet xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\"><sheetData>" rows "</sheetData></worksheet>"
#define SST(items) XML_DECL "<sst xmlns=\"" NS_MAIN "\">" items "</sst>"

static const char WB_ONE[] = XML_DECL "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\"><sheets>"
                                      "<sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char RELS_ONE[] =
    XML_DECL "<Relationships xmlns=\"" NS_PKG "\">"
             "<Relationship Id=\"rId1\" Type=\"" NS_R "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
             "<Relationship Id=\"rId2\" Type=\"" NS_R "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
             "</Relationships>";

/* A one-sheet workbook ("Sheet1") of sheet_xml and, when not NULL, sst_xml. */
static char *make_book(const char *sheet_xml, const char *sst_xml, size_t *len)
{
    part parts[4] = {
        {"xl/workbook.xml", WB_ONE, 0},
        {"xl/_rels/workbook.xml.rels", RELS_ONE, 0},
        {"xl/worksheets/sheet1.xml", sheet_xml, 0},
        {"xl/sharedStrings.xml", sst_xml, 0},
    };
    return make_zip(parts, sst_xml ? 4 : 3, len);
}

/* ---- reading --------------------------------------------------------------- */

static pm_sheet *read_ok(const char *data, size_t len, size_t *n)
{
    pm_sheet *s = NULL;
    pm_err e = {0};
    if (!pm_xlsx_read(data, len, &s, n, &e))
        fail_msg("unexpected error: line %ld: %s", e.line, e.msg);
    assert_non_null(s);
    return s;
}

/* Reads and expects a refusal whose message holds word; returns its line. */
static long read_fails(const char *data, size_t len, const char *word)
{
    pm_sheet *s = (pm_sheet *)1;
    size_t n = 99;
    pm_err e = {0};
    assert_false(pm_xlsx_read(data, len, &s, &n, &e));
    assert_null(s);
    assert_int_equal(n, 0);
    assert_true(utf8_valid(e.msg, strlen(e.msg), NULL));
    if (!strstr(e.msg, word))
        fail_msg("message \"%s\" does not say \"%s\"", e.msg, word);
    return e.line;
}

static void free_sheets(pm_sheet *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        pm_sheet_free(&s[i]);
    free(s);
}

static void expect_cell(const pm_sheet *s, size_t r, size_t c, pm_cell_type type, const char *text)
{
    const pm_cell *cell = pm_sheet_cell(s, r, c);
    if (cell->type != type || strcmp(cell->text, text) != 0)
        fail_msg("cell (%zu,%zu): type %d \"%s\", expected type %d \"%s\"", r, c, (int)cell->type, cell->text,
                 (int)type, text);
}

/* Every cell of the grid has a non-NULL text, valid UTF-8, and empty cells
 * are "" of type EMPTY; row numbers rise. */
static void check_grid(const pm_sheet *s)
{
    for (size_t r = 0; r < s->nrows; r++) {
        assert_true(r == 0 || s->rownum[r] > s->rownum[r - 1]);
        bool any = false;
        for (size_t c = 0; c < s->ncols; c++) {
            const pm_cell *cell = &s->cells[r * s->ncols + c];
            assert_non_null(cell->text);
            assert_true(utf8_valid(cell->text, strlen(cell->text), NULL));
            if (cell->type == PM_CELL_EMPTY)
                assert_string_equal(cell->text, "");
            else
                any = true;
        }
        assert_true(any);
    }
}

/* ---- what is read ---------------------------------------------------------- */

static void test_values(void **state)
{
    (void)state;
    size_t len, n;
    char *z = make_book(SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
                              "<c r=\"C1\"><v>12.5</v></c><c r=\"D1\" t=\"n\"><v>1E-3</v></c></row>"
                              "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>行内 文本</t></is></c>"
                              "<c r=\"B2\" t=\"b\"><v>1</v></c><c r=\"C2\" t=\"b\"><v>0</v></c>"
                              "<c r=\"D2\" t=\"inlineStr\"><is><r><t>富</t></r><r><rPr><b/></rPr><t>文本</t></r></is></c></row>"
                              "<row r=\"3\"><c r=\"A3\"><f>SUM(C1:D1)</f><v>12.501</v></c>"
                              "<c r=\"B3\" t=\"e\"><v>#DIV/0!</v></c>"
                              "<c r=\"C3\" t=\"str\"><f>A2&amp;\"!\"</f><v>行内 文本!</v></c>"
                              "<c r=\"D3\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>"
                              "<c r=\"E3\"><f>NOW()</f></c></row>"
                              "<row r=\"4\"><c r=\"A4\" t=\"s\"><v>2</v></c><c r=\"B4\" t=\"s\"><v>3</v></c>"
                              "<c r=\"C4\" t=\"str\"><v>a&lt;b &amp; c</v></c></row>"),
                        SST("<si><t>名称</t></si>"
                            "<si><r><rPr><b/></rPr><t>加</t></r><r><t xml:space=\"preserve\"> 粗 </t></r>"
                            "<rPh sb=\"0\" eb=\"1\"><t>カ</t></rPh><phoneticPr fontId=\"1\"/></si>"
                            "<si><t>一_x000D_二_x005F_x0041_</t></si>"
                            "<si><t/></si>"),
                        &len);
    pm_sheet *s = read_ok(z, len, &n);
    assert_int_equal(n, 1);
    assert_string_equal(s[0].name, "Sheet1");
    assert_int_equal(s[0].nrows, 4);
    assert_int_equal(s[0].ncols, 5);
    check_grid(&s[0]);
    expect_cell(&s[0], 0, 0, PM_CELL_STRING, "名称");
    expect_cell(&s[0], 0, 1, PM_CELL_STRING, "加 粗 "); /* runs joined, phonetic guide left out */
    expect_cell(&s[0], 0, 2, PM_CELL_NUMBER, "12.5");
    expect_cell(&s[0], 0, 3, PM_CELL_NUMBER, "1E-3"); /* the number's text as written */
    expect_cell(&s[0], 0, 4, PM_CELL_EMPTY, "");
    expect_cell(&s[0], 1, 0, PM_CELL_STRING, "行内 文本");
    expect_cell(&s[0], 1, 1, PM_CELL_BOOL, "1");
    expect_cell(&s[0], 1, 2, PM_CELL_BOOL, "0");
    expect_cell(&s[0], 1, 3, PM_CELL_STRING, "富文本");
    expect_cell(&s[0], 2, 0, PM_CELL_FORMULA, "12.501"); /* the cached value */
    expect_cell(&s[0], 2, 1, PM_CELL_ERROR, "#DIV/0!");
    expect_cell(&s[0], 2, 2, PM_CELL_FORMULA, "行内 文本!");
    expect_cell(&s[0], 2, 3, PM_CELL_FORMULA, "#DIV/0!"); /* a formula first, whatever it gave */
    expect_cell(&s[0], 2, 4, PM_CELL_FORMULA, "");        /* no cached value: still a formula */
    expect_cell(&s[0], 3, 0, PM_CELL_STRING, "一\r二_x0041_");
    expect_cell(&s[0], 3, 1, PM_CELL_EMPTY, ""); /* an empty shared string is an empty cell */
    expect_cell(&s[0], 3, 2, PM_CELL_STRING, "a<b & c");
    for (size_t r = 0; r < 4; r++)
        assert_int_equal(s[0].rownum[r], (long)r + 1);
    free_sheets(s, n);
    free(z);
}

static void test_positions(void **state)
{
    (void)state;
    size_t len, n;
    /* Rows 1 and 4 are empty (one with styled empty cells); row 7 has no
     * r and follows 6; cells without r take the next column. */
    char *z = make_book(SHEET("<row r=\"1\"><c r=\"A1\" s=\"1\"/><c r=\"B1\" t=\"s\"/></row>"
                              "<row r=\"3\"><c r=\"C3\"><v>1</v></c><c><v>2</v></c><c r=\"F3\"><v>3</v></c><c><v>4</v></c></row>"
                              "<row r=\"4\"/>"
                              "<row r=\"6\"><c><v>5</v></c></row>"
                              "<row><c r=\"B7\"><v>6</v></c></row>"
                              "<row><c><v>7</v></c></row>"
                              "<row spans=\"1:2\"><c r=\"A12\"><v>8</v></c></row>"
                              "<row r=\"1048576\"><c r=\"XFD1048576\" t=\"inlineStr\"><is><t>末</t></is></c></row>"),
                        NULL, &len);
    pm_sheet *s = read_ok(z, len, &n);
    assert_int_equal(n, 1);
    assert_int_equal(s[0].nrows, 6);
    assert_int_equal(s[0].ncols, 16384);
    check_grid(&s[0]);
    const long rows[] = {3, 6, 7, 8, 12, 1048576};
    for (size_t r = 0; r < 6; r++)
        assert_int_equal(s[0].rownum[r], rows[r]);
    expect_cell(&s[0], 0, 2, PM_CELL_NUMBER, "1");
    expect_cell(&s[0], 0, 3, PM_CELL_NUMBER, "2");
    expect_cell(&s[0], 0, 4, PM_CELL_EMPTY, "");
    expect_cell(&s[0], 0, 5, PM_CELL_NUMBER, "3");
    expect_cell(&s[0], 0, 6, PM_CELL_NUMBER, "4");
    expect_cell(&s[0], 1, 0, PM_CELL_NUMBER, "5");
    expect_cell(&s[0], 2, 1, PM_CELL_NUMBER, "6");
    expect_cell(&s[0], 3, 0, PM_CELL_NUMBER, "7");
    expect_cell(&s[0], 4, 0, PM_CELL_NUMBER, "8"); /* a row without r takes its cell's number */
    expect_cell(&s[0], 5, 16383, PM_CELL_STRING, "末");
    free_sheets(s, n);
    free(z);
}

static void test_sheets_and_names(void **state)
{
    (void)state;
    static const char wb[] =
        XML_DECL "<x:workbook xmlns:x=\"" NS_MAIN "\" xmlns:rel=\"" NS_R "\"><x:bookViews/><x:sheets>"
                 "<x:sheet name=\"填报\" sheetId=\"3\" rel:id=\"rId7\"/>"
                 "<x:sheet name=\"说明 &amp; 注释\" sheetId=\"1\" rel:id=\"rId2\" state=\"hidden\"/>"
                 "<x:sheet name=\"Empty\" sheetId=\"2\" rel:id=\"rId3\"/>"
                 "</x:sheets></x:workbook>";
    static const char rels[] =
        XML_DECL "<Relationships xmlns=\"" NS_PKG "\">"
                 "<Relationship Id=\"rId2\" Type=\"" NS_R "/worksheet\" Target=\"/xl/worksheets/b.xml\"/>"
                 "<Relationship Id=\"rId7\" Type=\"" NS_R "/worksheet\" Target=\"./worksheets/../worksheets/a.xml\"/>"
                 "<Relationship Id=\"rId3\" Type=\"" NS_R "/worksheet\" Target=\"worksheets/c.xml\"/>"
                 "<Relationship Id=\"rId9\" Type=\"" NS_R "/sharedStrings\" Target=\"Strings/S.XML\"/>" /* names ignore case */
                 "</Relationships>";
    /* Prefixed elements, matched by local name. */
    static const char a[] = XML_DECL "<x:worksheet xmlns:x=\"" NS_MAIN "\"><x:sheetData><x:row r=\"2\">"
                                     "<x:c r=\"A2\" t=\"s\"><x:v>0</x:v></x:c></x:row></x:sheetData></x:worksheet>";
    static const char b[] = SHEET("<row r=\"1\"><c r=\"B1\" t=\"s\"><v>1</v></c></row>");
    static const char c[] = SHEET("");
    static const char sst[] = SST("<si><t>甲</t></si><si><t>乙</t></si>");
    part parts[] = {
        {"xl/workbook.xml", wb, 0},          {"xl/_rels/workbook.xml.rels", rels, 0},
        {"xl/worksheets/a.xml", a, 0},       {"xl/worksheets/b.xml", b, 0},
        {"xl/worksheets/c.xml", c, 0},       {"xl/strings/s.xml", sst, 0},
    };
    size_t len, n;
    char *z = make_zip(parts, sizeof parts / sizeof parts[0], &len);
    pm_sheet *s = read_ok(z, len, &n);
    assert_int_equal(n, 3);
    assert_string_equal(s[0].name, "填报");
    assert_string_equal(s[1].name, "说明 & 注释");
    assert_string_equal(s[2].name, "Empty");
    assert_int_equal(s[0].nrows, 1);
    assert_int_equal(s[0].rownum[0], 2);
    expect_cell(&s[0], 0, 0, PM_CELL_STRING, "甲");
    expect_cell(&s[1], 0, 1, PM_CELL_STRING, "乙");
    expect_cell(&s[1], 0, 0, PM_CELL_EMPTY, "");
    assert_int_equal(s[2].nrows, 0);
    assert_int_equal(s[2].ncols, 0);
    expect_cell(&s[2], 0, 0, PM_CELL_EMPTY, "");
    free_sheets(s, n);
    free(z);
}

/* The work expat is given, counted rather than timed (the machines that
 * run the tests are shared): this binary is linked with
 * -Wl,--wrap=XML_Parse (Makefile), so every call the reader makes lands
 * here first. expat 2.5 scans an unfinished token again from its start on
 * every call, so a call costs the bytes it is given plus the bytes expat
 * still holds back from earlier calls (fed so far minus the parse
 * position). A reader that stays linear keeps the sum within a small
 * multiple of the document; one that feeds fixed pieces under a long token
 * makes it quadratic. */
enum XML_Status __real_XML_Parse(XML_Parser p, const char *s, int len, int final);
enum XML_Status __wrap_XML_Parse(XML_Parser p, const char *s, int len, int final);
static struct {
    XML_Parser p;
    unsigned long long fed;     /* bytes given to p so far */
    unsigned long long scanned; /* bytes expat was made to scan, all parsers */
} expat_work;

enum XML_Status __wrap_XML_Parse(XML_Parser p, const char *s, int len, int final)
{
    XML_Index at = XML_GetCurrentByteIndex(p);
    if (p != expat_work.p || at < 0) { /* a new parser: nothing held yet */
        expat_work.p = p;
        expat_work.fed = 0;
    }
    unsigned long long held = at > 0 && (unsigned long long)at <= expat_work.fed ? expat_work.fed - (unsigned long long)at : 0;
    expat_work.scanned += held + (unsigned long long)len;
    expat_work.fed += (unsigned long long)len;
    return __real_XML_Parse(p, s, len, final);
}

/* The rows Excel writes when whole rows are formatted: a million of them
 * must cost a parse, keep nothing, and not be taken for a zip bomb. */
static void test_million_empty_rows(void **state)
{
    (void)state;
    buf xml = BUF_INIT;
    buf_puts(&xml, XML_DECL "<worksheet xmlns=\"" NS_MAIN "\"><sheetData>");
    for (long r = 1; r <= 1000000; r++)
        buf_printf(&xml, "<row r=\"%ld\" spans=\"1:3\" ht=\"15\"/>", r);
    buf_puts(&xml, "<row r=\"1000001\"><c r=\"C1000001\" t=\"inlineStr\"><is><t>尾</t></is></c></row>");
    buf_puts(&xml, "</sheetData></worksheet>");
    size_t len, n;
    char *z = make_book(xml.p, NULL, &len);
    unsigned long long before = expat_work.scanned;
    pm_sheet *s = read_ok(z, len, &n);
    unsigned long long scanned = expat_work.scanned - before;
    print_message("1,000,001 rows, %zu bytes of XML in %zu zipped: expat scanned %llu bytes\n", xml.len, len, scanned);
    /* The sheet once, plus the workbook's small parts. */
    assert_true(scanned < 2 * (unsigned long long)xml.len);
    assert_int_equal(s[0].nrows, 1);
    assert_int_equal(s[0].ncols, 3);
    assert_int_equal(s[0].rownum[0], 1000001);
    expect_cell(&s[0], 0, 2, PM_CELL_STRING, "尾");
    free_sheets(s, n);
    free(z);
    buf_free(&xml);
}

/* One 8 MB token (an attribute that compresses only 2:1, so no limit
 * stops it): expat 2.5 rescans an unfinished token on every call, and fed
 * in fixed 64 KB pieces that is quadratic (8 MB² / 128 KB: 64 times the
 * document scanned; minutes for 32 MB). The reader feeds at least what
 * expat holds back, so the held part doubles per call and the work stays
 * within a few times the document — counted, not timed (expat_work). */
static void test_long_token(void **state)
{
    (void)state;
    buf xml = BUF_INIT;
    buf_puts(&xml, XML_DECL "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"1\" x=\"");
    unsigned seed = 7;
    char hex[4096];
    while (xml.len < (size_t)8 * 1024 * 1024) {
        for (size_t i = 0; i < sizeof hex; i++) {
            seed = seed * 1103515245u + 12345u;
            hex[i] = "0123456789abcdef"[(seed >> 16) & 15];
        }
        buf_append(&xml, hex, sizeof hex);
    }
    buf_puts(&xml, "\"><c><v>1</v></c></row></sheetData></worksheet>");
    size_t len, n;
    char *z = make_book(xml.p, NULL, &len);
    unsigned long long before = expat_work.scanned;
    pm_sheet *s = read_ok(z, len, &n);
    unsigned long long scanned = expat_work.scanned - before;
    print_message("an 8 MB attribute: expat scanned %llu bytes, %.1f times the document\n", scanned,
                  (double)scanned / (double)xml.len);
    assert_true(scanned < 5 * (unsigned long long)xml.len);
    expect_cell(&s[0], 0, 0, PM_CELL_NUMBER, "1");
    free_sheets(s, n);
    free(z);
    buf_free(&xml);
}

/* ---- broken and hostile files ------------------------------------------------ */

static void test_not_zip_and_truncated(void **state)
{
    (void)state;
    assert_false(pm_xlsx_sniff("a,b\n", 4));
    assert_false(pm_xlsx_sniff("PK", 2));
    assert_true(pm_xlsx_sniff("PK\x03\x04", 4));
    read_fails("单位,年份\n", strlen("单位,年份\n"), "不是 zip");
    read_fails("", 0, "不是 zip");
    read_fails("PK\x03\x04 and then nothing", 22, "损坏或不完整");

    size_t len;
    char *z = make_book(SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"), NULL, &len);
    read_fails(z, len / 2, "损坏或不完整");
    read_fails(z, len - 1, "损坏或不完整");
    /* The central directory intact but the data garbled: a CRC or inflate error. */
    char *bad = xmalloc(len);
    memcpy(bad, z, len);
    for (size_t i = 40; i < 120 && i < len; i++)
        bad[i] ^= 0x55;
    pm_sheet *s = NULL;
    size_t n = 0;
    pm_err e = {0};
    assert_false(pm_xlsx_read(bad, len, &s, &n, &e));
    assert_non_null(strstr(e.msg, "XLSX"));
    free(bad);
    free(z);
}

static void test_missing_parts(void **state)
{
    (void)state;
    size_t len;
    part no_wb[] = {{"xl/_rels/workbook.xml.rels", RELS_ONE, 0},
                    {"xl/worksheets/sheet1.xml", SHEET(""), 0}};
    char *z = make_zip(no_wb, 2, &len);
    read_fails(z, len, "缺少 xl/workbook.xml");
    free(z);

    part no_rels[] = {{"xl/workbook.xml", WB_ONE, 0}, {"xl/worksheets/sheet1.xml", SHEET(""), 0}};
    z = make_zip(no_rels, 2, &len);
    read_fails(z, len, "缺少 xl/_rels/workbook.xml.rels");
    free(z);

    part no_sheet[] = {{"xl/workbook.xml", WB_ONE, 0}, {"xl/_rels/workbook.xml.rels", RELS_ONE, 0}};
    z = make_zip(no_sheet, 2, &len);
    read_fails(z, len, "缺少 xl/worksheets/sheet1.xml");
    free(z);

    static const char wb_empty[] = XML_DECL "<workbook xmlns=\"" NS_MAIN "\"><sheets/></workbook>";
    part none[] = {{"xl/workbook.xml", wb_empty, 0}, {"xl/_rels/workbook.xml.rels", RELS_ONE, 0}};
    z = make_zip(none, 2, &len);
    read_fails(z, len, "没有工作表");
    free(z);

    static const char wb_bad_rid[] = XML_DECL "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\"><sheets>"
                                              "<sheet name=\"表\" sheetId=\"1\" r:id=\"rId5\"/></sheets></workbook>";
    part bad_rid[] = {{"xl/workbook.xml", wb_bad_rid, 0}, {"xl/_rels/workbook.xml.rels", RELS_ONE, 0}};
    z = make_zip(bad_rid, 2, &len);
    read_fails(z, len, "工作表“表”的关系编号");
    free(z);

    static const char rels_out[] =
        XML_DECL "<Relationships xmlns=\"" NS_PKG "\">"
                 "<Relationship Id=\"rId1\" Type=\"" NS_R "/worksheet\" Target=\"../../etc/passwd\"/></Relationships>";
    part out[] = {{"xl/workbook.xml", WB_ONE, 0}, {"xl/_rels/workbook.xml.rels", rels_out, 0}};
    z = make_zip(out, 2, &len);
    read_fails(z, len, "位置无效");
    free(z);

    static const char rels_ext[] =
        XML_DECL "<Relationships xmlns=\"" NS_PKG "\"><Relationship Id=\"rId1\" Type=\"" NS_R
                 "/worksheet\" Target=\"http://example.com/x.xml\" TargetMode=\"External\"/></Relationships>";
    part ext[] = {{"xl/workbook.xml", WB_ONE, 0}, {"xl/_rels/workbook.xml.rels", rels_ext, 0}};
    z = make_zip(ext, 2, &len);
    read_fails(z, len, "外部");
    free(z);
}

static void test_invalid_xml(void **state)
{
    (void)state;
    size_t len;
    char *z = make_book(SHEET("<row r=\"1\"><c r=\"A1\"><v>1</c></v></row>"), NULL, &len);
    assert_int_equal(read_fails(z, len, "xl/worksheets/sheet1.xml 不是有效的 XML"), 0);
    free(z);
    z = make_book(XML_DECL "<worksheet><sheetData>", NULL, &len);
    read_fails(z, len, "不是有效的 XML");
    free(z);
    z = make_book("", NULL, &len);
    read_fails(z, len, "不是有效的 XML");
    free(z);
    z = make_book(SHEET("<row r=\"1\"><c r=\"A1\"><v>&nbsp;</v></c></row>"), NULL, &len);
    read_fails(z, len, "不是有效的 XML"); /* an undeclared entity */
    free(z);
    z = make_book(SHEET(""), SST("<si><t>x</si>"), &len);
    read_fails(z, len, "xl/sharedStrings.xml 不是有效的 XML");
    free(z);
    z = make_book(SHEET("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>\xff</t></is></c></row>"), NULL, &len);
    read_fails(z, len, "不是有效的 XML"); /* not UTF-8 */
    free(z);
}

static void test_bad_cells(void **state)
{
    (void)state;
    static const struct {
        const char *rows, *word;
        long line;
    } cases[] = {
        {"<row r=\"3\"/><row r=\"2\"/>", "第 2 行：出现在第 3 行之后", 2},
        {"<row r=\"2\"/><row r=\"2\"/>", "行号必须递增", 2},
        {"<row r=\"0\"/>", "行号“0”无效", 0},
        {"<row r=\"1048577\"/>", "行号“1048577”无效", 0},
        {"<row r=\"x\"/>", "无效", 0},
        {"<row r=\"1\"><c r=\"B1\"><v>1</v></c><c r=\"B1\"><v>2</v></c></row>", "单元格 B1 重复或顺序颠倒", 1},
        {"<row r=\"1\"><c r=\"C1\"><v>1</v></c><c r=\"A1\"><v>2</v></c></row>", "顺序颠倒", 1},
        {"<row r=\"5\"><c r=\"A6\"><v>1</v></c></row>", "单元格 A6 不属于这一行", 5},
        {"<row r=\"5\"><c r=\"XFE5\"><v>1</v></c></row>", "单元格引用“XFE5”无效", 5},
        {"<row r=\"5\"><c r=\"a5\"><v>1</v></c></row>", "单元格引用“a5”无效", 5},
        {"<row r=\"5\"><c r=\"A0\"><v>1</v></c></row>", "无效", 5},
        {"<row r=\"5\"><c r=\"XFD5\"/><c><v>1</v></c></row>", "超过 16384 列", 5},
        {"<row r=\"7\"><c r=\"A7\" t=\"q\"><v>1</v></c></row>", "单元格 A7 的类型“q”无效", 7},
        {"<row r=\"8\"><c r=\"B8\" t=\"b\"><v>yes</v></c></row>", "单元格 B8 的布尔值“yes”无效", 8},
        {"<row r=\"12\"><c r=\"C12\" t=\"s\"><v>2</v></c></row>", "工作表“Sheet1”第 12 行：单元格 C12 引用的共享字符串“2”不存在（共 2 个）", 12},
        {"<row r=\"12\"><c r=\"C12\" t=\"s\"><v>-1</v></c></row>", "共享字符串“-1”不存在", 12},
        {"<row r=\"12\"><c r=\"C12\" t=\"s\"><v>99999999999999999999999</v></c></row>", "不存在", 12},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        buf xml = BUF_INIT;
        buf_printf(&xml, SHEET("%s"), cases[i].rows);
        size_t len;
        char *z = make_book(xml.p, SST("<si><t>a</t></si><si><t>b</t></si>"), &len);
        long line = read_fails(z, len, cases[i].word);
        if (line != cases[i].line)
            fail_msg("case %zu: line %ld, expected %ld", i, line, cases[i].line);
        free(z);
        buf_free(&xml);
    }
    /* A shared string without a shared-strings part. */
    size_t len;
    char *z = make_book(SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"), NULL, &len);
    read_fails(z, len, "共 0 个");
    free(z);
}

static void test_dtd_xxe_laughs(void **state)
{
    (void)state;
    size_t len;
    /* External entity in the sheet. */
    char *z = make_book(XML_DECL "<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                                 "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\">"
                                 "<is><t>&xxe;</t></is></c></row></sheetData></worksheet>",
                        NULL, &len);
    assert_int_equal(read_fails(z, len, "XLSX 含有 DTD/实体声明，出于安全原因拒绝读取"), 0);
    free(z);

    /* Billion laughs in the shared strings. */
    z = make_book(SHEET(""),
                  XML_DECL "<!DOCTYPE sst [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                           "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
                           "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">"
                           "<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\"><!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">"
                           "<!ENTITY i \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">]>"
                           "<sst xmlns=\"" NS_MAIN "\"><si><t>&i;</t></si></sst>",
                  &len);
    read_fails(z, len, "DTD");
    free(z);

    /* A DOCTYPE without an internal subset, in the workbook and in the rels. */
    static const char wb[] = XML_DECL "<!DOCTYPE workbook SYSTEM \"http://example.com/x.dtd\">"
                                      "<workbook xmlns=\"" NS_MAIN "\"><sheets/></workbook>";
    part parts[] = {{"xl/workbook.xml", wb, 0}, {"xl/_rels/workbook.xml.rels", RELS_ONE, 0}};
    z = make_zip(parts, 2, &len);
    read_fails(z, len, "（xl/workbook.xml）");
    free(z);
    static const char rels[] = XML_DECL "<!DOCTYPE r [<!ENTITY % p SYSTEM \"http://example.com/p\"> %p;]>"
                                        "<Relationships xmlns=\"" NS_PKG "\"/>";
    part parts2[] = {{"xl/workbook.xml", WB_ONE, 0}, {"xl/_rels/workbook.xml.rels", rels, 0}};
    z = make_zip(parts2, 2, &len);
    read_fails(z, len, "DTD");
    free(z);
}

/* An entry of `mb` MB of zeros as the sheet: tiny when deflated. */
static char *make_zero_book(size_t mb, size_t *len)
{
    size_t n = mb * 1024 * 1024;
    char *zeros = xcalloc(n, 1);
    part parts[] = {{"xl/workbook.xml", WB_ONE, 0},
                    {"xl/_rels/workbook.xml.rels", RELS_ONE, 0},
                    {"xl/worksheets/sheet1.xml", zeros, n}};
    char *z = make_zip(parts, 3, len);
    free(zeros);
    return z;
}

static void test_zip_bombs(void **state)
{
    (void)state;
    size_t len;
    /* 100 MB of zeros: refused on its declared size, before inflating (an
     * inflated entry of zeros would be reported as bad XML instead). */
    char *z = make_zero_book(100, &len);
    print_message("100 MB of zeros zipped into %zu bytes\n", len);
    assert_int_equal(read_fails(z, len, "XLSX 中的 xl/worksheets/sheet1.xml 解压后超过 64 MB，拒绝读取（可能是压缩炸弹）"), 0);
    free(z);
    /* 10 MB of zeros: within the size limit, but a ratio of about 1000. */
    z = make_zero_book(10, &len);
    read_fails(z, len, "压缩比超过 200 倍");
    free(z);
}

/* Five sheets that are one 60 MB part, which compresses by about 70:1: each
 * passes the entry and ratio limits, and the fifth read would take the
 * workbook past 256 MB inflated. */
static void test_total_limit(void **state)
{
    (void)state;
    static const char wb[] = XML_DECL "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\"><sheets>"
                                      "<sheet name=\"a\" r:id=\"rId1\"/><sheet name=\"b\" r:id=\"rId1\"/>"
                                      "<sheet name=\"c\" r:id=\"rId1\"/><sheet name=\"d\" r:id=\"rId1\"/>"
                                      "<sheet name=\"e\" r:id=\"rId1\"/></sheets></workbook>";
    buf xml = BUF_INIT;
    buf_puts(&xml, XML_DECL "<worksheet xmlns=\"" NS_MAIN "\"><sheetData>");
    unsigned seed = 12345;
    char block[1024];
    memset(block, ' ', sizeof block);
    while (xml.len < (size_t)60 * 1024 * 1024) {
        memcpy(block, "<!--", 4);
        for (int i = 4; i < 20; i++) {
            seed = seed * 1103515245u + 12345u;
            block[i] = "0123456789abcdef"[(seed >> 16) & 15];
        }
        memcpy(block + 20, "-->", 3);
        buf_append(&xml, block, sizeof block);
    }
    buf_puts(&xml, "</sheetData></worksheet>");
    part parts[] = {{"xl/workbook.xml", wb, 0},
                    {"xl/_rels/workbook.xml.rels", RELS_ONE, 0},
                    {"xl/worksheets/sheet1.xml", xml.p, xml.len}};
    size_t len;
    char *z = make_zip(parts, 3, &len);
    print_message("60 MB sheet zipped into %zu bytes\n", len);
    read_fails(z, len, "XLSX 解压后的总量超过 256 MB");
    free(z);
    buf_free(&xml);
}

/* Rewrites the declared uncompressed size of entry `name` in both the local
 * header and the central directory. */
static void patch_size(char *z, size_t len, const char *name, uint32_t size)
{
    size_t nlen = strlen(name);
    int patched = 0;
    for (size_t i = 0; i + 46 + nlen <= len; i++) {
        unsigned char *p = (unsigned char *)z + i;
        size_t off = 0, nameat = 0, fnlen = 0;
        if (memcmp(p, "PK\x03\x04", 4) == 0) {
            off = 22, nameat = 30, fnlen = (size_t)(p[26] | p[27] << 8);
        } else if (memcmp(p, "PK\x01\x02", 4) == 0) {
            off = 24, nameat = 46, fnlen = (size_t)(p[28] | p[29] << 8);
        } else {
            continue;
        }
        if (fnlen != nlen || memcmp(p + nameat, name, nlen) != 0)
            continue;
        for (int b = 0; b < 4; b++)
            p[off + (size_t)b] = (unsigned char)(size >> (8 * b));
        patched++;
    }
    assert_int_equal(patched, 2);
}

/* An entry that declares 1000 bytes and inflates to megabytes: cut off at
 * what it declared (or stopped by libzip's own checks), never read whole. */
static void test_lying_size(void **state)
{
    (void)state;
    buf xml = BUF_INIT;
    buf_puts(&xml, XML_DECL "<worksheet xmlns=\"" NS_MAIN "\"><sheetData>");
    for (long r = 1; r <= 100000; r++)
        buf_printf(&xml, "<row r=\"%ld\"><c><v>%ld</v></c></row>", r, r);
    buf_puts(&xml, "</sheetData></worksheet>");
    size_t len;
    char *z = make_book(xml.p, NULL, &len);
    patch_size(z, len, "xl/worksheets/sheet1.xml", 1000);
    pm_sheet *s = NULL;
    size_t n = 0;
    pm_err e = {0};
    assert_false(pm_xlsx_read(z, len, &s, &n, &e));
    print_message("lying size: %s\n", e.msg);
    assert_non_null(strstr(e.msg, "xl/worksheets/sheet1.xml"));
    free(z);
    buf_free(&xml);
}

static void test_size_limits(void **state)
{
    (void)state;
    size_t len;
    /* A 200 KB string: over Excel's 32767 characters. */
    buf xml = BUF_INIT;
    buf_puts(&xml, XML_DECL "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"4\"><c r=\"B4\" t=\"inlineStr\"><is><t>");
    for (int i = 0; i < 20000; i++)
        buf_puts(&xml, "0123456789");
    buf_puts(&xml, "</t></is></c></row></sheetData></worksheet>");
    char *z = make_book(xml.p, NULL, &len);
    assert_int_equal(read_fails(z, len, "单元格 B4 的内容过长"), 4);
    free(z);
    buf_reset(&xml);

    /* A few cells far apart make a grid of 1300 × 16384: refused before
     * the grid is allocated. */
    buf_puts(&xml, XML_DECL "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row><c r=\"XFD1\"><v>1</v></c></row>");
    for (int i = 0; i < 1300; i++)
        buf_puts(&xml, "<row><c><v>1</v></c></row>");
    buf_puts(&xml, "</sheetData></worksheet>");
    z = make_book(xml.p, NULL, &len);
    read_fails(z, len, "工作表“Sheet1”的表格过大（1301 行 × 16384 列");
    free(z);
    buf_free(&xml);
}

/* ---- files written by libxlsxwriter ------------------------------------------------ */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    buf b = BUF_INIT;
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, n);
    fclose(f);
    *len = b.len;
    return buf_detach(&b);
}

static void check_xlsxwriter(bool constant_memory)
{
    char path[] = "/tmp/planmon-xlsx-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    lxw_workbook_options opt = {.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE, .tmpdir = NULL};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    assert_non_null(wb);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "填报");
    lxw_worksheet *notes = workbook_add_worksheet(wb, "说明");
    worksheet_write_string(ws, 0, 0, "单位代码", NULL);
    worksheet_write_string(ws, 0, 1, "本年值", NULL);
    worksheet_write_string(ws, 0, 2, "合计", NULL);
    worksheet_write_string(ws, 2, 0, "110115001", NULL);
    worksheet_write_number(ws, 2, 1, 12.5, NULL);
    worksheet_write_formula_num(ws, 2, 2, "=B3*2", NULL, 25);
    worksheet_write_string(ws, 3, 0, "110115002", NULL);
    worksheet_write_number(ws, 3, 1, 0.001, NULL);
    worksheet_write_boolean(ws, 3, 3, 1, NULL);
    worksheet_write_string(ws, 4, 4, "多行\n文本 & <符号>", NULL);
    worksheet_write_string(notes, 1, 1, "请只填写本年值", NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);

    size_t len, n;
    char *z = slurp(path, &len);
    unlink(path);
    assert_true(pm_xlsx_sniff(z, len));
    pm_sheet *s = read_ok(z, len, &n);
    assert_int_equal(n, 2);
    assert_string_equal(s[0].name, "填报");
    assert_string_equal(s[1].name, "说明");
    check_grid(&s[0]);
    assert_int_equal(s[0].nrows, 4);
    assert_int_equal(s[0].ncols, 5);
    const long rows[] = {1, 3, 4, 5};
    for (size_t r = 0; r < 4; r++)
        assert_int_equal(s[0].rownum[r], rows[r]);
    expect_cell(&s[0], 0, 0, PM_CELL_STRING, "单位代码");
    expect_cell(&s[0], 0, 2, PM_CELL_STRING, "合计");
    expect_cell(&s[0], 1, 0, PM_CELL_STRING, "110115001");
    expect_cell(&s[0], 1, 1, PM_CELL_NUMBER, "12.5");
    expect_cell(&s[0], 1, 2, PM_CELL_FORMULA, "25");
    assert_int_equal(pm_sheet_cell(&s[0], 2, 1)->type, PM_CELL_NUMBER);
    assert_true(strtod(pm_sheet_cell(&s[0], 2, 1)->text, NULL) == 0.001);
    expect_cell(&s[0], 2, 3, PM_CELL_BOOL, "1");
    expect_cell(&s[0], 3, 4, PM_CELL_STRING, "多行\n文本 & <符号>");
    assert_int_equal(s[1].nrows, 1);
    assert_int_equal(s[1].rownum[0], 2);
    expect_cell(&s[1], 0, 1, PM_CELL_STRING, "请只填写本年值");
    free_sheets(s, n);
    free(z);
}

static void test_xlsxwriter_shared_strings(void **state)
{
    (void)state;
    check_xlsxwriter(false);
}

static void test_xlsxwriter_inline_strings(void **state)
{
    (void)state;
    check_xlsxwriter(true); /* constant_memory mode writes inline strings */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_positions),
        cmocka_unit_test(test_sheets_and_names),
        cmocka_unit_test(test_million_empty_rows),
        cmocka_unit_test(test_long_token),
        cmocka_unit_test(test_not_zip_and_truncated),
        cmocka_unit_test(test_missing_parts),
        cmocka_unit_test(test_invalid_xml),
        cmocka_unit_test(test_bad_cells),
        cmocka_unit_test(test_dtd_xxe_laughs),
        cmocka_unit_test(test_zip_bombs),
        cmocka_unit_test(test_total_limit),
        cmocka_unit_test(test_lying_size),
        cmocka_unit_test(test_size_limits),
        cmocka_unit_test(test_xlsxwriter_shared_strings),
        cmocka_unit_test(test_xlsxwriter_inline_strings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

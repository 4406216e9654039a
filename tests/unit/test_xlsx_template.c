/* The data-entry template: writes real XLSX files and reads the XML back
 * out of the zip (libzip), checking what Excel and WPS will act on: the
 * cells and their types, which cells are unlocked, the validation on each
 * value cell, protection, panes and print setup. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "render/doc/xlsx_template.h"

/* A fresh directory per test, removed with everything in it afterwards. */
typedef struct fixture {
    char dir[256];
    char path[320]; /* dir/t.xlsx */
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    const char *tmp = getenv("TMPDIR");
    snprintf(f->dir, sizeof f->dir, "%s/pm_xlsx_XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    snprintf(f->path, sizeof f->path, "%s/t.xlsx", f->dir);
    *state = f;
    return 0;
}

static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    const struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        char p[600];
        snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
            remove_tree(p);
        else
            unlink(p);
    }
    closedir(d);
    rmdir(dir);
}

static int teardown(void **state)
{
    fixture *f = *state;
    remove_tree(f->dir);
    free(f);
    return 0;
}

/* ---- reading the XLSX back ---------------------------------------------- */

/* The inflated entry name of the zip at path, NUL-terminated; the caller
 * frees it. Fails the test when the entry is missing. */
static char *zip_entry(const char *path, const char *name)
{
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
    if (!z)
        fail_msg("%s is not a readable zip (libzip error %d)", path, zerr);
    zip_stat_t st;
    if (zip_stat(z, name, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
        fail_msg("%s has no entry %s", path, name);
    char *data = malloc(st.size + 1);
    assert_non_null(data);
    zip_file_t *zf = zip_fopen(z, name, 0);
    assert_non_null(zf);
    assert_int_equal(zip_fread(zf, data, st.size), (zip_int64_t)st.size);
    data[st.size] = '\0';
    zip_fclose(zf);
    zip_close(z);
    return data;
}

/* The element <c r="ref" …>…</c> (or the self-closed <c r="ref" …/>) of
 * sheet as a malloc'd string, or NULL when the sheet has no such cell. */
static char *cell_xml(const char *sheet, const char *ref)
{
    char key[32];
    snprintf(key, sizeof key, "<c r=\"%s\"", ref);
    const char *p = strstr(sheet, key);
    if (!p)
        return NULL;
    const char *gt = strchr(p, '>');
    assert_non_null(gt);
    const char *end = gt[-1] == '/' ? gt + 1 : strstr(gt, "</c>");
    assert_non_null(end);
    if (gt[-1] != '/')
        end += 4;
    size_t n = (size_t)(end - p);
    char *out = malloc(n + 1);
    assert_non_null(out);
    memcpy(out, p, n);
    out[n] = '\0';
    return out;
}

/* The text between <tag…> and </tag> in xml as a malloc'd string, or NULL. */
static char *inner(const char *xml, const char *tag)
{
    char open[32], close[32];
    snprintf(open, sizeof open, "<%s", tag);
    snprintf(close, sizeof close, "</%s>", tag);
    const char *p = strstr(xml, open);
    if (!p)
        return NULL;
    p = strchr(p, '>');
    if (!p || p[-1] == '/')
        return NULL;
    p++;
    const char *e = strstr(p, close);
    assert_non_null(e);
    size_t n = (size_t)(e - p);
    char *out = malloc(n + 1);
    assert_non_null(out);
    memcpy(out, p, n);
    out[n] = '\0';
    return out;
}

/* Attribute name="…" of the first element in xml, copied into out, or
 * false when absent. */
static bool attr(const char *xml, const char *name, char *out, size_t n)
{
    char key[32];
    snprintf(key, sizeof key, " %s=\"", name);
    const char *p = strstr(xml, key);
    const char *gt = strchr(xml, '>');
    if (!p || (gt && p > gt))
        return false;
    p += strlen(key);
    const char *e = strchr(p, '"');
    assert_non_null(e);
    snprintf(out, n, "%.*s", (int)(e - p), p);
    return true;
}

/* The idx-th (0-based) <si> of sharedStrings.xml, as a malloc'd string. */
static char *shared_string(const char *ss, long idx)
{
    const char *p = ss;
    for (long i = 0; i <= idx; i++) {
        p = strstr(p, "<si>");
        assert_non_null(p);
        p += 4;
    }
    return inner(p, "t");
}

typedef struct workbook_xml {
    char *sheet, *strings, *styles, *book;
} workbook_xml;

static workbook_xml read_xlsx(const char *path)
{
    workbook_xml x = {
        zip_entry(path, "xl/worksheets/sheet1.xml"),
        zip_entry(path, "xl/sharedStrings.xml"),
        zip_entry(path, "xl/styles.xml"),
        zip_entry(path, "xl/workbook.xml"),
    };
    return x;
}

static void free_xlsx(workbook_xml *x)
{
    free(x->sheet);
    free(x->strings);
    free(x->styles);
    free(x->book);
}

/* What a cell shows: a string cell's shared string, a number cell's
 * number as stored, "" for a blank cell. Fails if the cell type is not the
 * one expected ('s' string, 'n' number, 'b' blank). malloc'd. */
static char *cell_value(const workbook_xml *x, const char *ref, char type)
{
    char *c = cell_xml(x->sheet, ref);
    if (!c)
        fail_msg("no cell %s", ref);
    char t[8] = "n";
    attr(c, "t", t, sizeof t);
    char *v = inner(c, "v");
    char *out;
    if (type == 'b') {
        if (v)
            fail_msg("cell %s should be blank: %s", ref, c);
        out = strdup("");
    } else if (type == 's') {
        if (strcmp(t, "s") != 0 || !v)
            fail_msg("cell %s should be a string: %s", ref, c);
        out = shared_string(x->strings, atol(v));
    } else {
        if (strcmp(t, "n") != 0 || !v)
            fail_msg("cell %s should be a number: %s", ref, c);
        out = strdup(v);
    }
    free(v);
    free(c);
    return out;
}

static void expect_cell(const workbook_xml *x, const char *ref, char type, const char *want)
{
    char *got = cell_value(x, ref, type);
    if (strcmp(got, want) != 0)
        fail_msg("cell %s: want \"%s\", got \"%s\"", ref, want, got);
    free(got);
}

/* Whether the cell's style (cellXfs entry s) unlocks it: <protection
 * locked="0"/>. Cells without a style use xf 0, which is locked. */
static bool cell_unlocked(const workbook_xml *x, const char *ref)
{
    char *c = cell_xml(x->sheet, ref);
    if (!c)
        fail_msg("no cell %s", ref);
    char s[16] = "0";
    attr(c, "s", s, sizeof s);
    free(c);
    const char *p = strstr(x->styles, "<cellXfs");
    assert_non_null(p);
    const char *stop = strstr(p, "</cellXfs>");
    assert_non_null(stop);
    for (long i = 0; i <= atol(s); i++) {
        p = strstr(p + 1, "<xf ");
        assert_true(p && p < stop);
    }
    const char *next = strstr(p + 1, "<xf ");
    if (!next || next > stop)
        next = stop;
    const char *lock = strstr(p, "locked=\"0\"");
    return lock && lock < next;
}

/* The <dataValidation …>…</dataValidation> whose sqref is exactly sqref,
 * malloc'd, or NULL. */
static char *validation(const char *sheet, const char *sqref)
{
    char key[64];
    snprintf(key, sizeof key, " sqref=\"%s\"", sqref);
    const char *hit = strstr(sheet, key);
    if (!hit)
        return NULL;
    const char *start = hit;
    while (start > sheet && strncmp(start, "<dataValidation ", 16) != 0)
        start--;
    const char *end = strstr(hit, "</dataValidation>");
    assert_non_null(end);
    end += strlen("</dataValidation>");
    char *out = malloc((size_t)(end - start) + 1);
    assert_non_null(out);
    memcpy(out, start, (size_t)(end - start));
    out[end - start] = '\0';
    return out;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* ---- the template under test -------------------------------------------- */

/* Runs of each kind, so that validation ranges group and split:
 * rows 4–5 count, 6 share, 7–8 flag, 9 number, 10 count again. */
static const pm_template_item items[] = {
    {"beds_elderly", "养老机构床位数", "张", PM_KIND_COUNT, 1200, NAN, NULL},
    {"social_workers", "持证社会工作者人数", "人", PM_KIND_COUNT, NAN, 35, "含兼职 3 人"},
    {"I05", "社区养老服务驿站覆盖率", "%", PM_KIND_SHARE, 85.5, NAN, NULL},
    {"I12", "建成区级社会救助服务平台", "是/否", PM_KIND_FLAG, 0, NAN, ""},
    {"I13", "建立困难群众主动发现机制", "是/否", PM_KIND_FLAG, 1, 1, NULL},
    {"fund", "养老服务补贴资金（含市级转移支付）", "万元", PM_KIND_NUMBER, 320.75, NAN,
     "待财政核定"},
    {"0042", "实施村（居）委会撤销（调整）", "个", PM_KIND_COUNT, 2, NAN, NULL},
};

static const pm_template sample = {
    "大兴区民政事业发展“十四五”规划", "110115001", "兴丰街道", 2024,
    items, sizeof items / sizeof items[0], NULL,
};

/* Writes the template's bytes to path, for the checks below to unzip. */
static void save(const char *path, const char *p, size_t n)
{
    FILE *out = fopen(path, "wb");
    assert_non_null(out);
    assert_int_equal(fwrite(p, 1, n, out), n);
    assert_int_equal(fclose(out), 0);
}

static void write_ok(const char *path, const pm_template *t)
{
    pm_err e = {0};
    buf b = BUF_INIT;
    if (!pm_template_write(&b, t, &e))
        fail_msg("pm_template_write: %s", e.msg);
    save(path, b.p, b.len);
    buf_free(&b);
}

static void test_title_note_header(void **state)
{
    fixture *f = *state;
    write_ok(f->path, &sample);
    workbook_xml x = read_xlsx(f->path);

    assert_non_null(strstr(x.book, "<sheet name=\"填报\""));
    expect_cell(&x, "A1", 's', "大兴区民政事业发展“十四五”规划 指标数据填报表");
    expect_cell(&x, "A2", 's',
                "填报单位：兴丰街道（110115001）  年份：2024  请只填写黄色单元格；计数填整数，"
                "比例填 0–100 的数值，是/否填 1 或 0。");
    assert_non_null(strstr(x.sheet, "<mergeCell ref=\"A1:H1\"/>"));
    assert_non_null(strstr(x.sheet, "<mergeCell ref=\"A2:H2\"/>"));

    static const char *const head[] = {"单位代码", "年份", "数据项代码", "数据项名称",
                                       "计量单位", "上年值", "本年值", "说明"};
    for (int c = 0; c < 8; c++) {
        char ref[8];
        snprintf(ref, sizeof ref, "%c3", 'A' + c);
        expect_cell(&x, ref, 's', head[c]);
        char h[32];
        snprintf(h, sizeof h, "<t>%s</t>", head[c]);
        assert_non_null(strstr(x.strings, h));
    }
    /* The title is bold and larger: its xf's font has <b/> and sz 16. */
    assert_non_null(strstr(x.styles, "<b/><sz val=\"16\"/>"));
    free_xlsx(&x);
}

static void test_data_rows(void **state)
{
    fixture *f = *state;
    write_ok(f->path, &sample);
    workbook_xml x = read_xlsx(f->path);

    for (int r = 4; r <= 10; r++) {
        char a[16], b[16];
        snprintf(a, sizeof a, "A%d", r);
        snprintf(b, sizeof b, "B%d", r);
        expect_cell(&x, a, 's', "110115001"); /* a string, not 110115001 the number */
        expect_cell(&x, b, 'n', "2024");
    }
    expect_cell(&x, "C4", 's', "beds_elderly");
    expect_cell(&x, "D4", 's', "养老机构床位数");
    expect_cell(&x, "E4", 's', "张");
    expect_cell(&x, "F4", 'n', "1200");
    expect_cell(&x, "G4", 'b', "");
    expect_cell(&x, "H4", 'b', "");

    expect_cell(&x, "C5", 's', "social_workers");
    expect_cell(&x, "F5", 'b', ""); /* NaN last year: blank */
    expect_cell(&x, "G5", 'n', "35"); /* pre-filled */
    expect_cell(&x, "H5", 's', "含兼职 3 人");

    expect_cell(&x, "E6", 's', "%");
    expect_cell(&x, "F6", 'n', "85.5");
    expect_cell(&x, "F7", 'n', "0");
    expect_cell(&x, "H7", 'b', ""); /* "" comment as blank */
    expect_cell(&x, "G8", 'n', "1");
    expect_cell(&x, "D9", 's', "养老服务补贴资金（含市级转移支付）");
    expect_cell(&x, "F9", 'n', "320.75");
    expect_cell(&x, "H9", 's', "待财政核定");
    expect_cell(&x, "C10", 's', "0042"); /* leading zero kept */
    /* …and Excel is told that text in A–C is meant. */
    assert_non_null(strstr(x.sheet, "<ignoredError sqref=\"A4:C10\" numberStoredAsText=\"1\"/>"));

    /* Exactly title, note, header and seven items. */
    assert_non_null(strstr(x.sheet, "<row r=\"10\""));
    assert_null(strstr(x.sheet, "<row r=\"11\""));
    free_xlsx(&x);
}

static void test_protection_and_unlocked_cells(void **state)
{
    fixture *f = *state;
    write_ok(f->path, &sample);
    workbook_xml x = read_xlsx(f->path);

    char *prot = strstr(x.sheet, "<sheetProtection");
    assert_non_null(prot);
    assert_null(strstr(x.sheet, "password="));
    /* Selecting locked or unlocked cells is not forbidden. */
    assert_null(strstr(x.sheet, "selectLockedCells=\"1\""));
    assert_null(strstr(x.sheet, "selectUnlockedCells=\"1\""));

    for (int r = 4; r <= 10; r++) {
        for (char c = 'A'; c <= 'H'; c++) {
            char ref[16];
            snprintf(ref, sizeof ref, "%c%d", c, r);
            bool want = c == 'G' || c == 'H';
            if (cell_unlocked(&x, ref) != want)
                fail_msg("cell %s should be %s", ref, want ? "unlocked" : "locked");
        }
    }
    for (char c = 'A'; c <= 'H'; c++) {
        char ref[8];
        snprintf(ref, sizeof ref, "%c3", c);
        assert_false(cell_unlocked(&x, ref));
    }
    assert_false(cell_unlocked(&x, "A1"));
    assert_false(cell_unlocked(&x, "A2"));
    /* The input cells are filled (light yellow). */
    assert_non_null(strstr(x.styles, "FFFFF2CC"));
    free_xlsx(&x);
}

static void test_validation_by_kind(void **state)
{
    fixture *f = *state;
    write_ok(f->path, &sample);
    workbook_xml x = read_xlsx(f->path);

    assert_non_null(strstr(x.sheet, "<dataValidations count=\"5\">"));

    char *v = validation(x.sheet, "G4:G5");
    assert_non_null(v);
    assert_non_null(strstr(v, "type=\"whole\""));
    assert_non_null(strstr(v, "operator=\"greaterThanOrEqual\""));
    assert_non_null(strstr(v, "<formula1>0</formula1>"));
    assert_non_null(strstr(v, "请输入不小于 0 的整数"));
    assert_non_null(strstr(v, "allowBlank=\"1\"")); /* empty = not yet known */
    free(v);

    v = validation(x.sheet, "G6");
    assert_non_null(v);
    assert_non_null(strstr(v, "type=\"decimal\""));
    assert_null(strstr(v, "operator=")); /* between is the default */
    assert_non_null(strstr(v, "<formula1>0</formula1><formula2>100</formula2>"));
    assert_non_null(strstr(v, "0 到 100"));
    free(v);

    v = validation(x.sheet, "G7:G8");
    assert_non_null(v);
    assert_non_null(strstr(v, "type=\"list\""));
    assert_non_null(strstr(v, "<formula1>\"0,1\"</formula1>"));
    free(v);

    v = validation(x.sheet, "G9");
    assert_non_null(v);
    assert_non_null(strstr(v, "type=\"decimal\""));
    assert_non_null(strstr(v, "<formula1>-1E+300</formula1><formula2>1E+300</formula2>"));
    free(v);

    v = validation(x.sheet, "G10");
    assert_non_null(v);
    assert_non_null(strstr(v, "type=\"whole\""));
    free(v);

    /* Every validation shows its message and refuses wrong input. */
    assert_int_equal(count(x.sheet, "showInputMessage=\"1\""), 5);
    assert_int_equal(count(x.sheet, "showErrorMessage=\"1\""), 5);
    assert_int_equal(count(x.sheet, "errorTitle=\"输入有误\""), 5);
    free_xlsx(&x);
}

static void test_panes_widths_print(void **state)
{
    fixture *f = *state;
    write_ok(f->path, &sample);
    workbook_xml x = read_xlsx(f->path);

    assert_non_null(strstr(x.sheet, "<pane ySplit=\"3\" topLeftCell=\"A4\" activePane=\"bottomLeft\" "
                                     "state=\"frozen\"/>"));
    assert_non_null(strstr(x.sheet, "<pageSetUpPr fitToPage=\"1\"/>"));
    assert_non_null(strstr(x.sheet, "orientation=\"landscape\""));
    assert_non_null(strstr(x.sheet, "fitToHeight=\"0\""));
    assert_non_null(strstr(x.sheet, "paperSize=\"9\""));
    assert_non_null(strstr(x.book, "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">"
                                   "'填报'!$1:$3</definedName>"));
    /* The name column is wider than the name (17 wide chars = 34 + 2
     * clamped to ≤ 48), the year column narrow. */
    assert_non_null(strstr(x.sheet, "<col min=\"4\" max=\"4\" width=\"36.7109375\""));
    assert_non_null(strstr(x.sheet, "<col min=\"2\" max=\"2\" width=\"7.7109375\""));
    free_xlsx(&x);
}

static void test_no_items(void **state)
{
    fixture *f = *state;
    pm_template t = {"规划", "U1", "区本级", 2021, NULL, 0, NULL};
    write_ok(f->path, &t);
    workbook_xml x = read_xlsx(f->path);
    expect_cell(&x, "G3", 's', "本年值");
    assert_null(strstr(x.sheet, "<row r=\"4\""));
    assert_null(strstr(x.sheet, "<dataValidations"));
    assert_non_null(strstr(x.sheet, "<sheetProtection"));
    free_xlsx(&x);
}

/* The bytes are appended to what the buffer holds (a web response may
 * have begun), and they are a zip file (PK\3\4), a workbook in full. */
static void test_bytes_appended(void **state)
{
    fixture *f = *state;
    buf b = BUF_INIT;
    buf_puts(&b, "old");
    pm_err e = {0};
    assert_true(pm_template_write(&b, &sample, &e));
    assert_true(b.len > 3 + 4);
    assert_memory_equal(b.p, "oldPK\3\4", 7);
    save(f->path, b.p + 3, b.len - 3);
    buf_free(&b);
    workbook_xml x = read_xlsx(f->path);
    expect_cell(&x, "C4", 's', "beds_elderly");
    free_xlsx(&x);
}

/* Entries in dir other than . and .. */
static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    const struct dirent *de;
    while ((de = readdir(d)) != NULL)
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

/* Bad UTF-8 is refused, naming the item, and the buffer is left as it
 * was. libxlsxwriter's scratch directory (under TMPDIR) is gone after a
 * workbook is made, and after one is refused. */
static void test_errors_leave_nothing(void **state)
{
    fixture *f = *state;
    const char *old = getenv("TMPDIR");
    char *saved = old ? strdup(old) : NULL;
    assert_int_equal(setenv("TMPDIR", f->dir, 1), 0);

    buf b = BUF_INIT;
    pm_err e = {0};
    assert_true(pm_template_write(&b, &sample, &e));
    assert_int_equal(entries(f->dir), 0);

    pm_template_item bad[] = {{"ok", "好", "个", PM_KIND_COUNT, NAN, NAN, NULL},
                              {"x", "\xE5\xA5", "个", PM_KIND_COUNT, NAN, NAN, NULL}};
    pm_template t = sample;
    t.items = bad;
    t.nitems = 2;
    size_t len = b.len;
    memset(&e, 0, sizeof e);
    assert_false(pm_template_write(&b, &t, &e));
    assert_non_null(strstr(e.msg, "无法生成填报模板"));
    assert_non_null(strstr(e.msg, "第 2 个数据项的数据项名称"));
    assert_int_equal(b.len, len);
    assert_int_equal(entries(f->dir), 0);
    buf_free(&b);

    if (saved) {
        setenv("TMPDIR", saved, 1);
        free(saved);
    } else {
        unsetenv("TMPDIR");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_title_note_header, setup, teardown),
        cmocka_unit_test_setup_teardown(test_data_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_protection_and_unlocked_cells, setup, teardown),
        cmocka_unit_test_setup_teardown(test_validation_by_kind, setup, teardown),
        cmocka_unit_test_setup_teardown(test_panes_widths_print, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_items, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bytes_appended, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors_leave_nothing, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* What a file is, from its bytes (parse/filetype.h): the magic of each
 * accepted type, Office packages told apart by their parts, and names
 * that lie about the content. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <zip.h>

#include <cmocka.h>

#include "base/buf.h"
#include "parse/filetype.h"

/* A ZIP package in memory holding one part named `part`; *out the bytes
 * (malloc'd by libzip's buffer, copied into b). */
static void zip_with(const char *part, buf *b)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    assert_non_null(src);
    zip_source_keep(src);
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    assert_non_null(za);
    static const char xml[] = "<?xml version=\"1.0\"?><x/>";
    zip_source_t *part_src = zip_source_buffer(za, xml, sizeof xml - 1, 0);
    assert_true(zip_file_add(za, part, part_src, 0) >= 0);
    assert_int_equal(zip_close(za), 0);
    assert_int_equal(zip_source_open(src), 0);
    char chunk[4096];
    zip_int64_t n;
    while ((n = zip_source_read(src, chunk, sizeof chunk)) > 0)
        buf_append(b, chunk, (size_t)n);
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&ze);
}

static void test_magic(void **state)
{
    (void)state;
    assert_int_equal(pm_filetype_sniff("%PDF-1.7\n%%EOF\n", 15), PM_FT_PDF);
    assert_int_equal(pm_filetype_sniff("\x89PNG\r\n\x1a\n\0\0", 10), PM_FT_PNG);
    assert_int_equal(pm_filetype_sniff("\xff\xd8\xff\xe0", 4), PM_FT_JPEG);
    assert_int_equal(pm_filetype_sniff("%PDF", 4), PM_FT_UNKNOWN); /* cut short */
    assert_int_equal(pm_filetype_sniff("hello", 5), PM_FT_UNKNOWN);
    assert_int_equal(pm_filetype_sniff("", 0), PM_FT_UNKNOWN);
    assert_int_equal(pm_filetype_sniff("<html>%PDF-", 11), PM_FT_UNKNOWN); /* magic only at the start */
    /* An OLE2 (.xls, .doc) file is not one of ours. */
    assert_int_equal(pm_filetype_sniff("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8), PM_FT_UNKNOWN);
    /* A ZIP header with garbage after it. */
    assert_int_equal(pm_filetype_sniff("PK\x03\x04garbage", 11), PM_FT_UNKNOWN);
}

/* A PDF is whole: its version in the header, %%EOF after it (not
 * necessarily last: padding after it is common). */
static void test_pdf_whole(void **state)
{
    (void)state;
    assert_int_equal(pm_filetype_sniff("%PDF-1.4\nobj\n%%EOF", 18), PM_FT_PDF);
    assert_int_equal(pm_filetype_sniff("%PDF-1.4\n%%EOF\n\0\0padding", 24), PM_FT_PDF);
    assert_int_equal(pm_filetype_sniff("%PDF-1.4\nobj\n", 13), PM_FT_UNKNOWN);   /* the end cut off */
    assert_int_equal(pm_filetype_sniff("%PDF-1", 6), PM_FT_UNKNOWN);               /* the header cut off */
    assert_int_equal(pm_filetype_sniff("%PDF-x.4\n%%EOF", 14), PM_FT_UNKNOWN);    /* no version */
    assert_int_equal(pm_filetype_sniff("%PDF-1.4%%EO", 12), PM_FT_UNKNOWN);         /* the marker cut */
    assert_int_equal(pm_filetype_sniff("%PDF-%%EOF", 10), PM_FT_UNKNOWN);           /* the marker is not a version */
}

static void test_why_not(void **state)
{
    (void)state;
    assert_non_null(strstr(pm_filetype_why_not("%PDF-1", 6), "PDF 文件头"));
    assert_non_null(strstr(pm_filetype_why_not("PK\x03\x04junk", 8), "ZIP 压缩包"));
    assert_non_null(strstr(pm_filetype_why_not("MZ\x90\0", 4), "可执行程序"));
    assert_null(pm_filetype_why_not("<html>", 6));
    assert_null(pm_filetype_why_not("", 0));
}

static void test_office(void **state)
{
    (void)state;
    buf x = BUF_INIT, d = BUF_INIT, z = BUF_INIT;
    zip_with("xl/workbook.xml", &x);
    zip_with("word/document.xml", &d);
    zip_with("readme.txt", &z);
    assert_int_equal(pm_filetype_sniff(x.p, x.len), PM_FT_XLSX);
    assert_int_equal(pm_filetype_sniff(d.p, d.len), PM_FT_DOCX);
    assert_int_equal(pm_filetype_sniff(z.p, z.len), PM_FT_UNKNOWN); /* a plain ZIP */
    buf_free(&x);
    buf_free(&d);
    buf_free(&z);
}

static void test_names(void **state)
{
    (void)state;
    assert_true(pm_filetype_name_fits(PM_FT_PDF, "黄村镇报表（盖章）.PDF"));
    assert_true(pm_filetype_name_fits(PM_FT_JPEG, "photo.jpeg"));
    assert_true(pm_filetype_name_fits(PM_FT_JPEG, "photo.JPG"));
    assert_false(pm_filetype_name_fits(PM_FT_PNG, "photo.pdf"));
    assert_false(pm_filetype_name_fits(PM_FT_PDF, "no-extension"));
    assert_false(pm_filetype_name_fits(PM_FT_PDF, "x.pdf.exe"));
    assert_false(pm_filetype_name_fits(PM_FT_UNKNOWN, "x.pdf"));
    assert_string_equal(pm_filetype_mime(PM_FT_DOCX),
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    assert_null(pm_filetype_mime(PM_FT_UNKNOWN));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_magic),
        cmocka_unit_test(test_pdf_whole),
        cmocka_unit_test(test_why_not),
        cmocka_unit_test(test_office),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

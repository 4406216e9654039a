/* The DOCX report's writers (render/write/xmlw.h, zip_pkg.h and
 * report_docx): the package opens with libzip and lists the parts a word
 * processor needs; every XML part parses back with libxml2; hostile text
 * in the model (markup, control characters; broken UTF-8 in xmlw) comes back out
 * of the parser as the text it was, less what XML cannot hold; a chart
 * becomes a PNG picture the document refers to; the same model gives the
 * same bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "render/report/report.h"
#include "render/write/xmlw.h"
#include "render/write/zip_pkg.h"

/* The bytes of one part of the package in b (NULL if it has none; caller
 * frees). */
static char *part_of(const buf *b, const char *name, size_t *len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(b->p, b->len, 0, &ze);
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
    assert_non_null(za);
    zip_stat_t st;
    char *data = NULL;
    if (zip_stat(za, name, 0, &st) == 0) {
        zip_file_t *f = zip_fopen(za, name, 0);
        assert_non_null(f);
        data = calloc(1, st.size + 1);
        assert_int_equal(zip_fread(f, data, st.size), (zip_int64_t)st.size);
        zip_fclose(f);
        *len = st.size;
    }
    zip_close(za);
    zip_error_fini(&ze);
    return data;
}

/* Parses an XML part; fails the test when it is not well-formed. */
static xmlDocPtr parse_part(const buf *b, const char *name)
{
    size_t len = 0;
    char *xml = part_of(b, name, &len);
    assert_non_null(xml);
    xmlDocPtr doc = xmlReadMemory(xml, (int)len, name, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
    free(xml);
    if (!doc)
        fail_msg("%s is not well-formed XML", name);
    return doc;
}

/* The concatenated text of the nodes an XPath (with the w: prefix) selects. */
static char *xpath_text(xmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathRegisterNs(ctx, BAD_CAST "w", BAD_CAST "http://schemas.openxmlformats.org/wordprocessingml/2006/main");
    xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST expr, ctx);
    assert_non_null(r);
    size_t cap = 1;
    char *out = calloc(1, cap);
    for (int i = 0; r->nodesetval && i < r->nodesetval->nodeNr; i++) {
        xmlChar *t = xmlNodeGetContent(r->nodesetval->nodeTab[i]);
        out = realloc(out, cap += strlen((char *)t) + 1);
        strcat(strcat(out, (char *)t), "|");
        xmlFree(t);
    }
    xmlXPathFreeObject(r);
    xmlXPathFreeContext(ctx);
    return out;
}

static int xpath_count(xmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathRegisterNs(ctx, BAD_CAST "w", BAD_CAST "http://schemas.openxmlformats.org/wordprocessingml/2006/main");
    xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST expr, ctx);
    assert_non_null(r);
    int n = r->nodesetval ? r->nodesetval->nodeNr : 0;
    xmlXPathFreeObject(r);
    xmlXPathFreeContext(ctx);
    return n;
}

/* A small model in report.h's shape: one section with a paragraph of
 * hostile text, a table with a merged cell, and one chart. */
static json_t *small_model(void)
{
    json_error_t je;
    json_t *m = json_loads(
        "{\"title\":\"评估报告<&>\",\"meta\":[\"评估单位：\\\"甲\\\" & 乙\"],"
        "\"sections\":[{\"id\":\"s\",\"heading\":\"一、总体情况\",\"blocks\":["
        "{\"type\":\"p\",\"text\":\"a<b>&amp;\\u0001c\\u001fd\\nnext\"},"
        "{\"type\":\"h3\",\"text\":\"（一）分项\"},"
        "{\"type\":\"table\",\"caption\":\"表1 汇总\",\"head\":[\"领域\",\"指标\",\"值\"],\"align\":\"llr\","
        "\"rows\":[[{\"text\":\"民生\",\"rowspan\":2},\"床位数\",\"12.5\"],[null,\"覆盖率\",{\"text\":\"符合预期\",\"status\":\"on_track\"}]]},"
        "{\"type\":\"chart\",\"chart\":\"series\",\"caption\":\"图1 床位\",\"title\":\"床位\",\"unit\":\"张\","
        "\"decimals\":0,\"year0\":2020,\"year1\":2025,\"target\":200,\"projection\":true,"
        "\"obs\":[[2021,60],[2022,80],[2023,120]],\"base\":[2020,50]}]}]}",
        0, &je);
    assert_non_null(m);
    return m;
}

static void test_package_parts(void **state)
{
    (void)state;
    json_t *m = small_model();
    buf b = BUF_INIT;
    pm_err err = {0};
    assert_true(report_docx(&b, m, &err));
    static const char *const parts[] = {"[Content_Types].xml", "_rels/.rels", "word/document.xml",
                                        "word/_rels/document.xml.rels", "word/styles.xml", "word/settings.xml",
                                        "word/fontTable.xml", "word/footer1.xml", "word/footer2.xml",
                                        "docProps/core.xml", "docProps/app.xml"};
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
        xmlFreeDoc(parse_part(&b, parts[i]));
    size_t len = 0;
    char *png = part_of(&b, "word/media/chart1.png", &len);
    assert_non_null(png);
    assert_true(len > 1000);
    assert_memory_equal(png, "\x89PNG\r\n\x1a\n", 8);
    free(png);
    assert_null(part_of(&b, "word/media/chart2.png", &len));
    buf_free(&b);
    json_decref(m);
}

static void test_text_survives(void **state)
{
    (void)state;
    json_t *m = small_model();
    buf b = BUF_INIT;
    pm_err err = {0};
    assert_true(report_docx(&b, m, &err));
    xmlDocPtr doc = parse_part(&b, "word/document.xml");
    char *title = xpath_text(doc, "//w:p[w:pPr/w:pStyle/@w:val='Title']//w:t");
    assert_string_equal(title, "评估报告<&>|");
    free(title);
    /* Control characters dropped, markup kept as text, the newline a break. */
    char *body = xpath_text(doc, "//w:p[not(w:pPr)]//w:t");
    assert_non_null(strstr(body, "a<b>&amp;cd|next|"));
    free(body);
    assert_int_equal(xpath_count(doc, "//w:p[w:pPr/w:pStyle/@w:val='Heading1']"), 1);
    assert_int_equal(xpath_count(doc, "//w:p[w:pPr/w:pStyle/@w:val='Heading2']"), 1);
    /* The header row repeats; the merged cell restarts and continues. */
    assert_int_equal(xpath_count(doc, "//w:tbl/w:tr[1]/w:trPr/w:tblHeader"), 1);
    assert_int_equal(xpath_count(doc, "//w:tc/w:tcPr/w:vMerge[@w:val='restart']"), 1);
    assert_int_equal(xpath_count(doc, "//w:tc/w:tcPr/w:vMerge[not(@w:val)]"), 1);
    /* The chart is a picture of the relationship the rels name. */
    assert_int_equal(xpath_count(doc, "//w:drawing//*[local-name()='blip'][@*[local-name()='embed']='rIdChart1']"), 1);
    /* A4, the front matter unnumbered, the body from page 1. */
    assert_int_equal(xpath_count(doc, "//w:sectPr/w:pgSz[@w:w='11906' and @w:h='16838']"), 2);
    assert_int_equal(xpath_count(doc, "//w:sectPr[w:pgNumType/@w:start='1']/w:footerReference"), 2);
    xmlFreeDoc(doc);
    xmlDocPtr rels = parse_part(&b, "word/_rels/document.xml.rels");
    assert_int_equal(xpath_count(rels, "//*[@Id='rIdChart1' and @Target='media/chart1.png']"), 1);
    xmlFreeDoc(rels);
    buf_free(&b);
    json_decref(m);
}

static void test_deterministic(void **state)
{
    (void)state;
    json_t *m = small_model();
    buf a = BUF_INIT, b = BUF_INIT;
    pm_err err = {0};
    assert_true(report_docx(&a, m, &err));
    assert_true(report_docx(&b, m, &err));
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.p, b.p, a.len);
    buf_free(&a);
    buf_free(&b);
    json_decref(m);
}

/* xmlw on its own: what XML 1.0 cannot hold is dropped, the rest escaped. */
static void test_xmlw_text(void **state)
{
    (void)state;
    xmlw *x = xmlw_new();
    xmlw_start(x, "r");
    xmlw_attr(x, "a", "\"<'&>");
    xmlw_text(x, "1\x02" "2\xc3" "3\xef\xbf\xbe" "4\xe4\xb8\xad");
    xmlw_end(x);
    buf out = BUF_INIT;
    assert_true(xmlw_finish(x, &out));
    xmlDocPtr doc = xmlReadMemory(out.p, (int)out.len, "x.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
    assert_non_null(doc);
    xmlChar *t = xmlNodeGetContent(xmlDocGetRootElement(doc));
    assert_string_equal((char *)t, "1234中");
    xmlFree(t);
    xmlChar *a = xmlGetProp(xmlDocGetRootElement(doc), BAD_CAST "a");
    assert_string_equal((char *)a, "\"<'&>");
    xmlFree(a);
    xmlFreeDoc(doc);
    buf_free(&out);
}

/* zip_pkg on its own: parts in the order added, PNG stored, rest deflated. */
static void test_zip_order(void **state)
{
    (void)state;
    zip_pkg *p = zip_pkg_new();
    buf one = BUF_INIT, two = BUF_INIT;
    for (int i = 0; i < 200; i++)
        buf_puts(&one, "repeated text ");
    buf_puts(&two, "\x89PNG not really");
    zip_pkg_add(p, "b/first.xml", &one);
    zip_pkg_add(p, "a/second.png", &two);
    assert_int_equal(one.len, 0);
    buf out = BUF_INIT;
    pm_err err = {0};
    assert_true(zip_pkg_finish(p, &out, &err));
    zip_error_t ze;
    zip_error_init(&ze);
    zip_t *za = zip_open_from_source(zip_source_buffer_create(out.p, out.len, 0, &ze), ZIP_RDONLY, &ze);
    assert_non_null(za);
    assert_int_equal(zip_get_num_entries(za, 0), 2);
    assert_string_equal(zip_get_name(za, 0, 0), "b/first.xml");
    assert_string_equal(zip_get_name(za, 1, 0), "a/second.png");
    zip_stat_t st;
    assert_int_equal(zip_stat_index(za, 0, 0, &st), 0);
    assert_int_equal(st.comp_method, ZIP_CM_DEFLATE);
    assert_true(st.comp_size < st.size);
    assert_int_equal(zip_stat_index(za, 1, 0, &st), 0);
    assert_int_equal(st.comp_method, ZIP_CM_STORE);
    zip_close(za);
    zip_error_fini(&ze);
    buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_package_parts), cmocka_unit_test(test_text_survives),
        cmocka_unit_test(test_deterministic), cmocka_unit_test(test_xmlw_text),
        cmocka_unit_test(test_zip_order),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return rc;
}

/* SVG charts (out/svg.h): every chart is well-formed XML (parsed back with
 * expat), hostile text comes back out of the parser exactly as it went in
 * (so it was escaped, not dropped), invalid UTF-8 is replaced, output is
 * deterministic and carries no NaN, the projection agrees with the
 * engine's, and bars come out sorted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <expat.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/lsq.h"
#include "engine/pace.h"
#include "render/chart/svg.h"

/* ---- parsing the output back ----------------------------------------------- */

typedef struct parsed {
    int depth, elements;
    char *text;     /* every text node, each followed by '\n' */
    size_t len, cap;
    bool in_text;   /* inside <text> or <title> */
    bool root_svg;
} parsed;

static void on_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
    parsed *p = ud;
    (void)attrs;
    if (p->depth == 0)
        p->root_svg = !strcmp(name, "svg");
    p->depth++;
    p->elements++;
    p->in_text = !strcmp(name, "text") || !strcmp(name, "title");
}

static void on_end(void *ud, const XML_Char *name)
{
    parsed *p = ud;
    p->depth--;
    if (!strcmp(name, "text") || !strcmp(name, "title")) {
        p->in_text = false;
        if (p->len + 2 > p->cap) {
            p->cap = (p->len + 2) * 2;
            p->text = realloc(p->text, p->cap);
        }
        p->text[p->len++] = '\n';
        p->text[p->len] = '\0';
    }
}

static void on_chars(void *ud, const XML_Char *s, int n)
{
    parsed *p = ud;
    if (!p->in_text)
        return;
    if (p->len + (size_t)n + 2 > p->cap) {
        p->cap = (p->len + (size_t)n + 2) * 2;
        p->text = realloc(p->text, p->cap);
    }
    memcpy(p->text + p->len, s, (size_t)n);
    p->len += (size_t)n;
    p->text[p->len] = '\0';
}

/* Parses svg as a whole XML document; fails the test if it is not one. */
static void parse_svg(const buf *svg, parsed *p)
{
    memset(p, 0, sizeof *p);
    p->text = calloc(1, 1);
    XML_Parser x = XML_ParserCreate("UTF-8");
    XML_SetUserData(x, p);
    XML_SetElementHandler(x, on_start, on_end);
    XML_SetCharacterDataHandler(x, on_chars);
    int ok = XML_Parse(x, svg->p, (int)svg->len, 1);
    if (ok != XML_STATUS_OK)
        fail_msg("not well-formed XML at line %lu: %s\n%s", (unsigned long)XML_GetCurrentLineNumber(x),
                 XML_ErrorString(XML_GetErrorCode(x)), svg->p);
    XML_ParserFree(x);
    assert_true(p->root_svg);
    assert_int_equal(p->depth, 0);
}

static void no_bad_numbers(const buf *svg)
{
    assert_null(strstr(svg->p, "nan"));
    assert_null(strstr(svg->p, "inf"));
    assert_null(strstr(svg->p, "-0.0\""));
    assert_non_null(strstr(svg->p, "viewBox=\"0 0 "));
}

/* ---- series chart ------------------------------------------------------------ */

static const svg_point demo_obs[] = {{2021, 70}, {2022, 95}, {2023, 120}};

static svg_series demo_series(void)
{
    svg_series s = {.title = "临时救助和长期照料总床位数", .unit = "张", .decimals = 0, .year0 = 2020,
                    .year1 = 2025, .obs = demo_obs, .nobs = 3, .has_base = true, .base = {2020, 50},
                    .target = 200, .target_label = "200", .projection = true};
    return s;
}

static void test_series_well_formed(void **state)
{
    (void)state;
    svg_series s = demo_series();
    buf b = BUF_INIT;
    svg_series_chart(&b, &s);
    parsed p;
    parse_svg(&b, &p);
    no_bad_numbers(&b);
    /* Title, unit, legend, the years, the values, target and projection. */
    const char *want[] = {"临时救助和长期照料总床位数\n", "单位：张\n", "实际值\n", "序时进度\n", "趋势外推\n",
                          "规划目标\n", "2020\n", "2025\n", "年份\n", "120\n", "目标 200\n"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(p.text, want[i]))
            fail_msg("missing text %s in\n%s", want[i], p.text);
    assert_non_null(strstr(b.p, "stroke-dasharray")); /* the projection is dashed */
    assert_non_null(strstr(b.p, "<polyline"));
    free(p.text);

    /* The same input draws the same bytes. */
    buf b2 = BUF_INIT;
    svg_series_chart(&b2, &s);
    assert_string_equal(b.p, b2.p);
    buf_free(&b);
    buf_free(&b2);
}

/* The chart's projected end is the engine's projection (DESIGN rule 5):
 * both come from engine/lsq.h, base point plus the observations after it. */
static void test_projection_matches_engine(void **state)
{
    (void)state;
    const pm_obs base = {2020, 50}, obs[] = {{2021, 70}, {2022, 95}, {2023, 120}};
    pm_lsq line;
    assert_true(pm_lsq_fit(&base, obs, 3, &line));
    double lsq = pm_lsq_at(&line, 2025);
    pm_pace_in in = {.base_year = 2020, .base = 50, .target_year = 2025, .target = 200, .polarity = 1,
                     .obs = obs, .nobs = 3};
    pm_pace_out out;
    pm_pace(&in, NULL, &out);
    assert_true(lsq == out.projected);
    assert_true(fabs(lsq - 166) < 1e-9); /* slope 23.5 through (2021.5, 83.75) */
    assert_true(fabs(line.slope - 23.5) < 1e-12);

    svg_series s = demo_series();
    buf b = BUF_INIT;
    svg_series_chart(&b, &s);
    parsed p;
    parse_svg(&b, &p);
    assert_non_null(strstr(p.text, "预计 166\n"));
    free(p.text);
    buf_free(&b);

    /* A line needs two points at two years. */
    assert_false(pm_lsq_fit(&base, NULL, 0, &line));
    const pm_obs same[] = {{2021, 1}, {2021, 2}};
    assert_false(pm_lsq_fit(NULL, same, 2, &line));
    /* Without a base every finite value counts; holes are skipped. */
    const pm_obs holes[] = {{2020, NAN}, {2021, 1}, {2022, 3}};
    assert_true(pm_lsq_fit(NULL, holes, 3, &line));
    assert_true(fabs(pm_lsq_at(&line, 2023) - 5) < 1e-12);
    /* With a base, observations at or before its year are left out. */
    const pm_obs early[] = {{2019, 1000}, {2020, -1000}, {2021, 60}};
    assert_true(pm_lsq_fit(&base, early, 3, &line));
    assert_true(fabs(pm_lsq_at(&line, 2022) - 70) < 1e-12);
}

static void test_series_hostile_text(void **state)
{
    (void)state;
    const char *evil = "<script>alert(\"x\")</script> & 'q' ]]> <!--";
    svg_series s = demo_series();
    s.title = evil;
    s.unit = evil;
    s.target_label = evil;
    buf b = BUF_INIT;
    svg_series_chart(&b, &s);
    assert_null(strstr(b.p, "<script"));
    assert_null(strstr(b.p, "<!--"));
    parsed p;
    parse_svg(&b, &p);
    /* The parser gives the text back exactly: escaped, not lost. */
    char want[256];
    snprintf(want, sizeof want, "%s\n", evil);
    assert_non_null(strstr(p.text, want));
    snprintf(want, sizeof want, "单位：%s\n", evil);
    assert_non_null(strstr(p.text, want));
    snprintf(want, sizeof want, "目标 %s\n", evil);
    assert_non_null(strstr(p.text, want));
    free(p.text);
    buf_free(&b);

    /* Invalid UTF-8 would make expat refuse the document: it is replaced. */
    s.title = "bad\xFF\xC0title";
    s.unit = "\x01\x02";
    b = (buf)BUF_INIT;
    svg_series_chart(&b, &s);
    parse_svg(&b, &p);
    assert_non_null(strstr(p.text, "bad\xEF\xBF\xBD\xEF\xBF\xBDtitle\n"));
    free(p.text);
    buf_free(&b);
}

static void test_series_degenerate(void **state)
{
    (void)state;
    /* Nothing at all: axes for the period and no marks. */
    svg_series s = {.year0 = 2020, .year1 = 2025, .target = NAN};
    buf b = BUF_INIT;
    svg_series_chart(&b, &s);
    parsed p;
    parse_svg(&b, &p);
    no_bad_numbers(&b);
    assert_null(strstr(b.p, "<polyline"));
    assert_null(strstr(p.text, "规划目标"));
    free(p.text);
    buf_free(&b);

    /* One value everywhere (100% → 100%), a lower-is-better target, a
     * series that starts before the plan's base year, negative values. */
    const svg_point flat[] = {{2021, 100}, {2022, 100}};
    svg_series f = {.unit = "%", .decimals = 1, .year0 = 2020, .year1 = 2025, .obs = flat, .nobs = 2,
                    .has_base = true, .base = {2020, 100}, .target = 100, .projection = true};
    b = (buf)BUF_INIT;
    svg_series_chart(&b, &f);
    parse_svg(&b, &p);
    no_bad_numbers(&b);
    assert_non_null(strstr(p.text, "目标 100.0\n"));
    free(p.text);
    buf_free(&b);

    const svg_point neg[] = {{2018, -3}, {2021, -1.5}, {2023, 0.25}};
    svg_series n = {.decimals = 2, .year0 = 2020, .year1 = 2025, .obs = neg, .nobs = 3, .target = -5,
                    .projection = true};
    b = (buf)BUF_INIT;
    svg_series_chart(&b, &n);
    parse_svg(&b, &p);
    no_bad_numbers(&b);
    assert_non_null(strstr(p.text, "2018\n"));
    assert_non_null(strstr(p.text, "-1.50\n"));
    free(p.text);
    buf_free(&b);
}

/* ---- bar chart ------------------------------------------------------------------ */

/* Positions of the labels in the text, in order of appearance. */
static void assert_order(const char *text, const char *const *labels, size_t n)
{
    const char *at = text;
    for (size_t i = 0; i < n; i++) {
        char want[64];
        snprintf(want, sizeof want, "%s\n", labels[i]);
        const char *p = strstr(at, want);
        if (!p)
            fail_msg("label %s out of order in\n%s", labels[i], text);
        at = p + strlen(want);
    }
}

static void test_bars_sorted(void **state)
{
    (void)state;
    const svg_bar bars[] = {{"甲镇", 3, false}, {"乙镇", NAN, false}, {"丙镇", 7, true},
                            {"丁镇", 3, false}, {"戊镇", -2, true}};
    svg_bars c = {.title = "各街道乡镇", .unit = "%", .decimals = 1, .bars = bars, .n = 5, .ref = 4.5,
                  .ref_label = "全区 4.5"};
    buf b = BUF_INIT;
    svg_bar_chart(&b, &c);
    parsed p;
    parse_svg(&b, &p);
    no_bad_numbers(&b);
    const char *desc[] = {"丙镇", "7.0", "甲镇", "3.0", "丁镇", "3.0", "戊镇", "-2.0", "乙镇", "无数据"};
    assert_order(p.text, desc, 10);
    assert_non_null(strstr(p.text, "全区 4.5\n"));
    assert_non_null(strstr(b.p, "#d9534f")); /* highlighted */
    /* The caller's array is left as it was. */
    assert_string_equal(bars[0].label, "甲镇");
    free(p.text);
    buf_free(&b);

    c.ascending = true;
    b = (buf)BUF_INIT;
    svg_bar_chart(&b, &c);
    parse_svg(&b, &p);
    const char *asc[] = {"戊镇", "甲镇", "丁镇", "丙镇", "乙镇"};
    assert_order(p.text, asc, 5);
    free(p.text);
    buf_free(&b);
}

static void test_bars_hostile_and_empty(void **state)
{
    (void)state;
    const svg_bar bars[] = {{"<b>&\"'", 1, false}, {"x\xFFy", 2, false}, {NULL, 0, false}};
    svg_bars c = {.title = "</svg><script>", .bars = bars, .n = 3, .ref = NAN, .ref_label = "<i>"};
    buf b = BUF_INIT;
    svg_bar_chart(&b, &c);
    assert_null(strstr(b.p, "<script"));
    assert_null(strstr(b.p, "<b>"));
    parsed p;
    parse_svg(&b, &p);
    assert_non_null(strstr(p.text, "<b>&\"'\n"));
    assert_non_null(strstr(p.text, "x\xEF\xBF\xBDy\n"));
    assert_non_null(strstr(p.text, "</svg><script>\n"));
    free(p.text);
    buf_free(&b);

    svg_bars none = {.n = 0, .ref = NAN};
    b = (buf)BUF_INIT;
    svg_bar_chart(&b, &none);
    parse_svg(&b, &p);
    no_bad_numbers(&b);
    assert_non_null(strstr(p.text, "（无数据）\n"));
    free(p.text);
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_series_well_formed), cmocka_unit_test(test_projection_matches_engine),
        cmocka_unit_test(test_series_hostile_text), cmocka_unit_test(test_series_degenerate),
        cmocka_unit_test(test_bars_sorted),        cmocka_unit_test(test_bars_hostile_and_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

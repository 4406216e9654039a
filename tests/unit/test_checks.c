/* Import checks: each rule of the collection issue, with the column and
 * the words of its message. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/mem.h"
#include "engine/checks.h"
#include "model/figkind.h"

/* A district with two towns, each with one community; elements of every kind. */
static void fixture(pm_plan *plan, pm_tree *tree)
{
    memset(plan, 0, sizeof *plan);
    plan->base_year = 2020;
    plan->target_year = 2025;
    static const struct {
        const char *code;
        pm_value_kind kind;
        int level;
    } els[] = {{"beds", PM_KIND_COUNT, 1}, {"share", PM_KIND_SHARE, -1}, {"flag", PM_KIND_FLAG, 2},
               {"money", PM_KIND_NUMBER, -1}, {"I09", PM_KIND_NUMBER, -1}};
    plan->nelem = 5;
    plan->elem = xcalloc(5, sizeof *plan->elem);
    for (size_t i = 0; i < 5; i++)
        plan->elem[i] = (pm_element){0, xstrdup(els[i].code), xstrdup(els[i].code), xstrdup(""), PM_AGG_SUM,
                                     els[i].kind, els[i].level};
    plan->nind = 2;
    plan->ind = xcalloc(2, sizeof *plan->ind);
    plan->ind[0] = (pm_indicator){.no = 3, .code = xstrdup("I03"), .domain = xstrdup("d"), .name = xstrdup("床位"),
                                  .unit = xstrdup("张"), .formula = xstrdup("#{beds}")};
    plan->ind[1] = (pm_indicator){.no = 9, .code = xstrdup("I09"), .domain = xstrdup("d"), .name = xstrdup("直接"),
                                  .unit = xstrdup("")};
    pm_unit_in in[] = {{"D", "区", NULL, 0, 2, NULL, 0, 0},   {"T1", "甲镇", "D", 1, 3, NULL, 0, 0}, {"T2", "乙镇", "D", 1, 4, NULL, 0, 0},
                       {"C1", "一村", "T1", 2, 5, NULL, 0, 0}, {"C2", "二村", "T2", 2, 6, NULL, 0, 0}};
    pm_err err = {0};
    assert_true(pm_tree_build(in, 5, tree, &err));
}

static pm_import_cols cols = {0, 1, 2, 3, 4, "unit", "year", "item", "value", "comment", 1, PM_SHAPE_LONG, "", 5, "kind"};

static pm_import_row row(const char *unit, const char *year, const char *item, const char *value, long line)
{
    return (pm_import_row){.unit = unit, .year = year, .item = item, .value = value, .comment = "",
                           .value_type = value[0] ? PM_CELL_STRING : PM_CELL_EMPTY, .col = 3, .sheet = "",
                           .row = line, .row_index = 0, .cols = &cols, .kind = ""};
}

/* Checks one row alone; returns the first issue's message (or "") and its column. */
static const char *one(const pm_plan *p, const pm_tree *t, const pm_known *k, pm_import_row r, pm_issue_col *col,
                       bool *error, char buf[320])
{
    pm_check_result res;
    pm_check_rows(p, t, k, &r, 1, NULL, &res);
    buf[0] = '\0';
    if (res.nissues) {
        strcpy(buf, res.issues[0].msg);
        *col = res.issues[0].col;
        *error = res.issues[0].error;
    }
    pm_check_result_free(&res);
    return buf;
}

static void test_each_error(void **state)
{
    (void)state;
    pm_plan p;
    pm_tree t;
    fixture(&p, &t);
    static const struct {
        const char *unit, *year, *item, *value;
        pm_issue_col col;
        const char *word;
    } cases[] = {
        {"X9", "2021", "beds", "1", PM_COL_UNIT, "不存在"},
        {"T1", "2021", "nope", "1", PM_COL_ITEM, "数据项“nope”不存在"},
        {"T1", "2021", "3", "1", PM_COL_ITEM, "由数据项计算"},
        {"T1", "2019", "beds", "1", PM_COL_YEAR, "2020–2025"},
        {"T1", "20x1", "beds", "1", PM_COL_YEAR, "无效"},
        {"T1", "2021", "beds", "abc", PM_COL_VALUE, "不是数字"},
        {"T1", "2021", "beds", "", PM_COL_VALUE, "为空"},
        {"T1", "2021", "beds", "-1", PM_COL_VALUE, "不能为负数"},
        {"T1", "2021", "beds", "1.5", PM_COL_VALUE, "应为整数"},
        {"T1", "2021", "share", "100.5", PM_COL_VALUE, "0–100"},
        {"C1", "2021", "flag", "2", PM_COL_VALUE, "1（是）或 0（否）"},
        {"C1", "2021", "beds", "3", PM_COL_UNIT, "由街道乡镇填报"},
    };
    char buf[320];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pm_issue_col col = PM_COL_NONE;
        bool error = false;
        one(&p, &t, NULL, row(cases[i].unit, cases[i].year, cases[i].item, cases[i].value, 2), &col, &error, buf);
        if (!strstr(buf, cases[i].word) || col != cases[i].col || !error)
            fail_msg("case %zu: got col %d error %d “%s”, want “%s”", i, col, error, buf, cases[i].word);
    }
    /* Accepted: a direct indicator by its 序号, a share of 100, a flag of 1. */
    pm_check_result res;
    pm_import_row ok[] = {row("D", "2021", "9", "0.5", 2), row("T1", "2021", "share", "100", 3),
                          row("C1", "2021", "flag", "1", 4), row("T2", "2025", "beds", "12", 5)};
    pm_check_rows(&p, &t, NULL, ok, 4, NULL, &res);
    assert_int_equal(res.errors, 0);
    assert_int_equal(res.nok, 4);
    assert_int_equal(res.ok[0].elem, 4);
    pm_check_result_free(&res);
    pm_plan_free(&p);
    pm_tree_free(&t);
}

/* The row of the first issue whose message holds word, or -1. */
static long find(const pm_check_result *res, const char *word)
{
    for (size_t i = 0; i < res->nissues; i++)
        if (strstr(res->issues[i].msg, word))
            return (long)res->issues[i].row;
    return -1;
}

static void test_duplicates_and_locks(void **state)
{
    (void)state;
    pm_plan p;
    pm_tree t;
    fixture(&p, &t);
    pm_known k;
    pm_known_init(&k, 4);
    pm_known_add(&k, 0, pm_tree_find(&t, "T1"), 2021, 10, 2 /* approved */, NULL);
    pm_known_add(&k, 0, pm_tree_find(&t, "T2"), 2021, 10, 1 /* submitted */, NULL);
    pm_import_row rows[] = {row("T1", "2022", "beds", "1", 2), row("T1", "2022", "beds", "2", 3),
                            row("T1", "2021", "beds", "11", 4), row("T2", "2021", "beds", "11", 5),
                            row("T1", "2021", "beds", "10", 6)};
    pm_check_result res;
    pm_check_rows(&p, &t, &k, rows, 4, NULL, &res);
    assert_int_equal(res.errors, 3);
    assert_int_equal(find(&res, "与第 2 行重复"), 1);
    assert_int_equal(find(&res, "审核锁定"), 2);
    assert_int_equal(find(&res, "已提交"), 3);
    pm_check_result_free(&res);
    /* The same value as the approved one is no change, no error. */
    pm_check_rows(&p, &t, &k, &rows[4], 1, NULL, &res);
    assert_int_equal(res.errors, 0);
    pm_check_result_free(&res);
    pm_known_free(&k);
    pm_plan_free(&p);
    pm_tree_free(&t);
}

/* Estimates (预计值): an actual wins, so an estimate over a stored actual
 * (in any review state) is refused in the kind column; an estimate over
 * an estimate, an actual over an estimate, and a fresh estimate pass, each
 * with its kind; a kind that is neither word is refused. */
static void test_estimates(void **state)
{
    (void)state;
    pm_plan p;
    pm_tree t;
    fixture(&p, &t);
    pm_known k;
    pm_known_init(&k, 4);
    pm_known_add(&k, 0, pm_tree_find(&t, "T1"), 2021, 10, 0 /* draft actual */, NULL);
    pm_known_add(&k, 0, pm_tree_find(&t, "T2"), 2021, 10, 0, NULL);
    pm_known_set_estimate(&k, 1); /* T2's is an estimate */
    pm_import_row rows[] = {row("T1", "2021", "beds", "12", 2), row("T2", "2021", "beds", "12", 3),
                            row("T2", "2021", "beds", "12", 4), row("T1", "2022", "beds", "13", 5),
                            row("T1", "2023", "beds", "14", 6)};
    rows[0].kind = "预计";
    rows[1].kind = "estimate";
    rows[3].kind = " 预计值 ";
    rows[4].kind = "大概";
    pm_check_result res;
    char buf[320];
    pm_issue_col col;
    bool error;
    assert_non_null(strstr(one(&p, &t, &k, rows[0], &col, &error, buf), "已有实际值 10"));
    assert_int_equal(col, PM_COL_KIND);
    assert_true(error);
    assert_non_null(strstr(one(&p, &t, &k, rows[4], &col, &error, buf), "应为“实际”或“预计”"));
    assert_int_equal(col, PM_COL_KIND);
    pm_check_rows(&p, &t, &k, &rows[1], 1, NULL, &res); /* estimate over estimate */
    assert_int_equal(res.errors, 0);
    assert_int_equal(res.nok, 1);
    assert_true(res.ok[0].estimate);
    pm_check_result_free(&res);
    pm_check_rows(&p, &t, &k, &rows[2], 1, NULL, &res); /* actual over estimate */
    assert_int_equal(res.errors, 0);
    assert_false(res.ok[0].estimate);
    pm_check_result_free(&res);
    pm_check_rows(&p, &t, &k, &rows[3], 1, NULL, &res); /* a fresh estimate */
    assert_int_equal(res.errors, 0);
    assert_true(res.ok[0].estimate);
    pm_check_result_free(&res);
    pm_known_free(&k);
    pm_plan_free(&p);
    pm_tree_free(&t);
}

static void test_warnings(void **state)
{
    (void)state;
    pm_plan p;
    pm_tree t;
    fixture(&p, &t);
    pm_known k;
    pm_known_init(&k, 4);
    pm_known_add(&k, 3, pm_tree_find(&t, "T1"), 2021, 100, 2, NULL);
    /* 2022 at T1: 250 > 2 × 100 → a warning; with a comment it is answered. */
    pm_import_row r = row("T1", "2022", "money", "250", 7);
    pm_check_result res;
    pm_check_rows(&p, &t, &k, &r, 1, NULL, &res);
    assert_int_equal(res.errors, 0);
    assert_int_equal(res.warnings, 1);
    assert_int_equal(res.unanswered, 1);
    assert_non_null(strstr(res.issues[0].msg, "增加超过一倍"));
    assert_int_equal(res.nok, 1); /* a warning does not refuse the row */
    pm_check_result_free(&res);
    r.comment = "新建养老院";
    pm_check_rows(&p, &t, &k, &r, 1, NULL, &res);
    assert_int_equal(res.unanswered, 0);
    assert_true(res.issues[0].answered);
    pm_check_result_free(&res);
    /* Last year's value from the same file counts too: 40 → 10 halves. */
    pm_import_row two[] = {row("T2", "2022", "money", "40", 2), row("T2", "2023", "money", "10", 3)};
    pm_check_rows(&p, &t, &k, two, 2, NULL, &res);
    assert_int_equal(res.warnings, 1);
    assert_non_null(strstr(res.issues[0].msg, "减少过半"));
    pm_check_result_free(&res);
    /* Peers: six units of one level, one far above the median. */
    pm_check_opts o = PM_CHECK_DEFAULT;
    o.min_peers = 2;
    /* median of {20, 100} is 60: 20 > 60 / 5 and 100 < 60 × 5, so neither is flagged */
    pm_import_row peers[] = {row("T1", "2024", "beds", "20", 2), row("T2", "2024", "beds", "100", 3)};
    pm_check_rows(&p, &t, NULL, peers, 2, &o, &res);
    assert_int_equal(res.warnings, 0);
    pm_check_result_free(&res);
    pm_known_free(&k);
    pm_plan_free(&p);
    pm_tree_free(&t);
}

static void test_peer_outlier(void **state)
{
    (void)state;
    pm_plan p;
    pm_tree t;
    fixture(&p, &t);
    pm_check_opts o = PM_CHECK_DEFAULT;
    o.min_peers = 2;
    /* median of {1, 60} is 30.5: 60 < 5 × 30.5, but 1 < 30.5 / 5, so only the 1 is flagged */
    pm_import_row peers[] = {row("C1", "2024", "money", "1", 2), row("C2", "2024", "money", "60", 3)};
    pm_check_result res;
    pm_check_rows(&p, &t, NULL, peers, 2, &o, &res);
    assert_int_equal(res.warnings, 1);
    assert_int_equal(res.issues[0].row, 0);
    assert_non_null(strstr(res.issues[0].msg, "中位数"));
    pm_check_result_free(&res);
    pm_plan_free(&p);
    pm_tree_free(&t);
}

/* The kind cell (实际/预计): empty or absent is an actual (the fast path
 * for it must say what the word lists say), words in any case and with
 * spaces around, anything else refused. */
static void test_figkind(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bool ok, estimate;
    } cases[] = {{NULL, true, false},       {"", true, false},      {"实际", true, false},
                 {" 实际值 ", true, false}, {"ACTUAL", true, false}, {"0", true, false},
                 {"预计", true, true},      {" Estimate", true, true}, {"是", true, true},
                 {"1", true, true},         {"大概", false, false},  {" ", true, false}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bool est = !cases[i].estimate;
        assert_int_equal(pm_figkind_parse(cases[i].text, &est), cases[i].ok);
        if (cases[i].ok)
            assert_int_equal(est, cases[i].estimate);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_figkind),
        cmocka_unit_test(test_each_error),
        cmocka_unit_test(test_duplicates_and_locks),
        cmocka_unit_test(test_estimates),
        cmocka_unit_test(test_warnings),
        cmocka_unit_test(test_peer_outlier),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

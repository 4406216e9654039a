/* Validation rules (校验规则): parsing, the overlay's refusals, and the
 * check over a batch with the other side from the batch or the store. */
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
#include "parse/builtin.h"
#include "parse/overlay.h"

static void test_parse(void **state)
{
    (void)state;
    char *l, *r;
    pm_rule_op op;
    assert_true(pm_rule_parse("tk_central <= tk_need_central", &l, &op, &r));
    assert_string_equal(l, "tk_central");
    assert_string_equal(r, "tk_need_central");
    assert_int_equal(op, PM_RULE_LE);
    free(l), free(r);
    assert_true(pm_rule_parse("a≥b", &l, &op, &r));
    assert_int_equal(op, PM_RULE_GE);
    free(l), free(r);
    assert_true(pm_rule_parse(" a < b ", &l, &op, &r));
    assert_int_equal(op, PM_RULE_LT);
    free(l), free(r);
    assert_false(pm_rule_parse("a <= b + c", &l, &op, &r));
    assert_false(pm_rule_parse("a b", &l, &op, &r));
    assert_false(pm_rule_parse("<= b", &l, &op, &r));
}

/* A plan with two elements, a <= b, a town and a community. */
static void fixture(pm_plan *plan, pm_tree *tree, bool error)
{
    memset(plan, 0, sizeof *plan);
    plan->base_year = 2020;
    plan->target_year = 2025;
    plan->nelem = 2;
    plan->elem = xcalloc(2, sizeof *plan->elem);
    plan->elem[0] = (pm_element){0, xstrdup("part"), xstrdup("已集中供养"), xstrdup("人"), PM_AGG_SUM, PM_KIND_COUNT, -1};
    plan->elem[1] = (pm_element){0, xstrdup("whole"), xstrdup("有需求"), xstrdup("人"), PM_AGG_SUM, PM_KIND_COUNT, -1};
    plan->nrules = 1;
    plan->rules = xcalloc(1, sizeof *plan->rules);
    plan->rules[0] = (pm_rule){xstrdup("part"), xstrdup("whole"), PM_RULE_LE, error, xstrdup("部分不能多于整体")};
    pm_unit_in in[] = {{"D", "区", NULL, 0, 2, NULL, 0, 0}, {"T1", "甲镇", "D", 1, 3, NULL, 0, 0}};
    pm_err err = {0};
    assert_true(pm_tree_build(in, 2, tree, &err));
}

static pm_import_cols cols = {0, 1, 2, 3, 4, "unit", "year", "item", "value", "comment", 1, PM_SHAPE_LONG, "", 5, "kind"};

static pm_import_row row(const char *unit, const char *item, const char *value, const char *comment, long line)
{
    return (pm_import_row){.unit = unit, .year = "2024", .item = item, .value = value, .comment = comment,
                           .value_type = PM_CELL_STRING, .col = 3, .sheet = "", .row = line, .row_index = 0,
                           .cols = &cols, .kind = ""};
}

static void test_both_in_batch(void **state)
{
    (void)state;
    pm_plan p;
    pm_tree t;
    fixture(&p, &t, true);
    pm_import_row rows[] = {row("T1", "part", "25", "", 2), row("T1", "whole", "10", "", 3)};
    pm_check_result res;
    pm_check_rows(&p, &t, NULL, rows, 2, NULL, &res);
    assert_int_equal(res.errors, 1);
    assert_int_equal(res.issues[0].row, 0);
    assert_int_equal(res.issues[0].col, PM_COL_VALUE);
    assert_string_equal(res.issues[0].msg, "“已集中供养”（25）不应大于“有需求”（10）：部分不能多于整体");
    pm_check_result_free(&res);
    /* Holding: nothing to say. Equal is allowed by <=. */
    rows[0].value = "10";
    pm_check_rows(&p, &t, NULL, rows, 2, NULL, &res);
    assert_int_equal(res.errors + res.warnings, 0);
    pm_check_result_free(&res);
    /* Another unit or year is not compared. */
    rows[0].value = "25";
    rows[1].year = "2023";
    pm_check_rows(&p, &t, NULL, rows, 2, NULL, &res);
    assert_int_equal(res.errors, 0);
    pm_check_result_free(&res);
    pm_tree_free(&t);
    pm_plan_free(&p);
}

static void test_other_side_stored(void **state)
{
    (void)state;
    pm_plan p;
    pm_tree t;
    fixture(&p, &t, true);
    pm_known k;
    pm_known_init(&k, 4);
    pm_known_add(&k, 1, 1, 2024, 215, 0, NULL); /* whole, T1, 2024 */
    pm_import_row r = row("T1", "part", "300", "", 2);
    pm_check_result res;
    pm_check_rows(&p, &t, &k, &r, 1, NULL, &res);
    assert_int_equal(res.errors, 1);
    assert_non_null(strstr(res.issues[0].msg, "“有需求”（215，库中已有）"));
    pm_check_result_free(&res);
    /* The whole sent alone, below the stored part: the whole's row is named. */
    pm_known_add(&k, 0, 1, 2023, 40, 0, NULL);
    r = row("T1", "whole", "30", "", 5);
    r.year = "2023";
    pm_check_rows(&p, &t, &k, &r, 1, NULL, &res);
    assert_int_equal(res.errors, 1);
    assert_non_null(strstr(res.issues[0].msg, "“已集中供养”（40，库中已有）不应大于“有需求”（30）"));
    pm_check_result_free(&res);
    /* A row that fails on its own is not compared again. */
    r = row("T1", "part", "-3", "", 2);
    pm_check_rows(&p, &t, &k, &r, 1, NULL, &res);
    assert_int_equal(res.errors, 1);
    assert_null(strstr(res.issues[0].msg, "不应大于"));
    pm_check_result_free(&res);
    pm_known_free(&k);
    pm_tree_free(&t);
    pm_plan_free(&p);
}

static void test_warning_rule(void **state)
{
    (void)state;
    pm_plan p;
    pm_tree t;
    fixture(&p, &t, false);
    pm_import_row rows[] = {row("T1", "part", "25", "", 2), row("T1", "whole", "10", "", 3)};
    pm_check_result res;
    pm_check_rows(&p, &t, NULL, rows, 2, NULL, &res);
    assert_int_equal(res.errors, 0);
    assert_int_equal(res.warnings, 1);
    assert_int_equal(res.unanswered, 1);
    assert_non_null(strstr(res.issues[0].msg, "请核实后在说明列注明原因"));
    pm_check_result_free(&res);
    rows[0].comment = "含外区转入";
    pm_check_rows(&p, &t, NULL, rows, 2, NULL, &res);
    assert_int_equal(res.warnings, 1);
    assert_int_equal(res.unanswered, 0);
    pm_check_result_free(&res);
    pm_tree_free(&t);
    pm_plan_free(&p);
}

/* The built-in plan carries the Daxing part ≤ whole pairs. */
static void test_builtin_rules(void **state)
{
    (void)state;
    pm_plan p;
    pm_err err = {0};
    assert_true(pm_plan_builtin(&p, &err));
    assert_true(p.nrules >= 6);
    bool central = false, burial = false;
    for (size_t i = 0; i < p.nrules; i++) {
        assert_true(pm_plan_element(&p, p.rules[i].left) >= 0);
        assert_true(pm_plan_element(&p, p.rules[i].right) >= 0);
        central |= !strcmp(p.rules[i].left, "tk_central") && !strcmp(p.rules[i].right, "tk_need_central");
        burial |= !strcmp(p.rules[i].left, "eco_burials") && !strcmp(p.rules[i].right, "burials");
    }
    assert_true(central && burial);
    pm_plan_free(&p);
}

/* A rule naming an unknown item, a bad severity or a bad relation: refused,
 * the field named. */
static void test_overlay_refusals(void **state)
{
    (void)state;
    static const struct {
        const char *json, *words;
    } cases[] = {
        {"{\"elements\":[{\"code\":\"a\",\"name\":\"A\"}],\"rules\":[{\"rule\":\"a <= nope\"}]}",
         "rules 第 1 项的 rule 字段（a <= nope）中的数据项“nope”不存在"},
        {"{\"elements\":[{\"code\":\"a\",\"name\":\"A\"}],\"rules\":[{\"rule\":\"a <= a\",\"severity\":\"fatal\"}]}",
         "severity 字段应为 error 或 warning"},
        {"{\"elements\":[{\"code\":\"a\",\"name\":\"A\"}],\"rules\":[{\"rule\":\"a ~ a\"}]}", "rule 字段应为"},
        {"{\"rules\":[{\"rule\":\"a <= a\",\"level\":1}]}", "无法识别的键“level”"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pm_plan p = {0};
        pm_err err = {0};
        pm_err_file(&err, "plans/x.json");
        assert_false(pm_overlay_apply(&p, cases[i].json, strlen(cases[i].json), &err));
        char msg[512];
        pm_err_format(&err, msg, sizeof msg);
        assert_non_null(strstr(msg, cases[i].words));
        assert_non_null(strstr(msg, "plans/x.json"));
        pm_plan_free(&p);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),          cmocka_unit_test(test_both_in_batch),
        cmocka_unit_test(test_other_side_stored), cmocka_unit_test(test_warning_rule),
        cmocka_unit_test(test_builtin_rules),  cmocka_unit_test(test_overlay_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The org-unit tree builder and the unit/target CSV readers: preorder
 * layout with subtree ranges, and every refusal naming the line and the
 * reason (a cycle is called a cycle, not a level mistake). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/mem.h"
#include "model/orgunit.h"
#include "parse/builtin.h"
#include "parse/units_csv.h"

/* Builds from rows "code,parent,level" (parent "" for the root); line i+2. */
static bool build(const char *const rows[][3], size_t n, pm_tree *t, pm_err *e)
{
    pm_unit_in *in = xcalloc(n, sizeof *in);
    for (size_t i = 0; i < n; i++) {
        in[i].code = (char *)rows[i][0];
        in[i].name = (char *)rows[i][0];
        in[i].parent_code = (char *)rows[i][1];
        in[i].level = atoi(rows[i][2]);
        in[i].line = (long)i + 2;
    }
    bool ok = pm_tree_build(in, n, t, e);
    free(in);
    return ok;
}

static void expect_refused(const char *const rows[][3], size_t n, long line, const char *word)
{
    pm_tree t;
    pm_err e = {0};
    assert_false(build(rows, n, &t, &e));
    if (e.line != line || !strstr(e.msg, word))
        fail_msg("want line %ld with \"%s\", got line %ld: %s", line, word, e.line, e.msg);
}

#define N(rows) (sizeof rows / sizeof rows[0])

static void test_preorder(void **state)
{
    (void)state;
    static const char *const rows[][3] = {
        {"C2", "T1", "2"}, {"T2", "D", "1"}, {"D", "", "0"}, {"C1", "T1", "2"}, {"T1", "D", "1"}, {"C3", "T2", "2"},
        {"X", "D", "2"}, /* a community right under the district */
    };
    pm_tree t;
    pm_err e = {0};
    assert_true(build(rows, N(rows), &t, &e));
    /* Children keep their input order: T2 before T1, C2 before C1. */
    const char *const order[] = {"D", "T2", "C3", "T1", "C2", "C1", "X"};
    for (size_t i = 0; i < t.n; i++)
        assert_string_equal(t.u[i].code, order[i]);
    assert_int_equal(t.end[0], 7);
    assert_int_equal(t.end[1], 3);  /* T2: T2, C3 */
    assert_int_equal(t.end[3], 6);  /* T1: T1, C2, C1 */
    assert_int_equal(t.end[6], 7);
    for (size_t i = 1; i < t.n; i++)
        assert_true(t.u[i].parent < (int)i && (int)i < t.end[t.u[i].parent]);
    assert_int_equal(pm_tree_find(&t, "C1"), 5);
    assert_int_equal(pm_tree_find(&t, "nope"), -1);
    assert_int_equal(t.u[5].line, 5);
    pm_tree_free(&t);
}

static void test_refusals(void **state)
{
    (void)state;
    static const char *const dup[][3] = {{"D", "", "0"}, {"T", "D", "1"}, {"T", "D", "1"}};
    expect_refused(dup, N(dup), 4, "重复（第 3 行已有）");
    static const char *const unknown[][3] = {{"D", "", "0"}, {"T", "D", "1"}, {"C", "T9", "2"}};
    expect_refused(unknown, N(unknown), 4, "“T9”不存在");
    static const char *const self[][3] = {{"D", "", "0"}, {"T", "T", "1"}};
    expect_refused(self, N(self), 3, "上级是它自己");
    static const char *const roots[][3] = {{"D", "", "0"}, {"T", "D", "1"}, {"E", "", "0"}};
    expect_refused(roots, N(roots), 4, "只能有一个根机构");
    static const char *const level[][3] = {{"D", "", "0"}, {"T", "D", "1"}, {"C", "T", "1"}};
    expect_refused(level, N(level), 4, "级别应低于其上级“T”");
    static const char *const empty[][3] = {{"D", "", "0"}, {"", "D", "1"}};
    expect_refused(empty, N(empty), 3, "代码为空");
}

/* A mistyped parent that closes a loop was reported as a level mistake
 * ("the level should be below its parent's"): the cycle check came after
 * the level check, which every cycle fails somewhere. */
static void test_cycles(void **state)
{
    (void)state;
    static const char *const two[][3] = {{"D", "", "0"}, {"T", "D", "1"}, {"A", "B", "1"}, {"B", "A", "2"}};
    expect_refused(two, N(two), 4, "构成循环（箭头指向上级）：“A”→“B”→“A”");
    /* Reported from the unit of the cycle listed first, wherever the walk
     * entered it. */
    static const char *const entered[][3] = {
        {"D", "", "0"}, {"Z", "C", "3"}, {"A", "C", "1"}, {"B", "A", "2"}, {"C", "B", "2"}};
    expect_refused(entered, N(entered), 4, "“A”→“C”→“B”→“A”");
    static const char *const noroot[][3] = {{"A", "B", "1"}, {"B", "A", "2"}};
    expect_refused(noroot, N(noroot), 2, "构成循环");
    /* A long one is cut after six hops. */
    static const char *const ring[][3] = {{"D", "", "0"}, {"R0", "R7", "1"}, {"R1", "R0", "2"}, {"R2", "R1", "2"},
                                          {"R3", "R2", "2"}, {"R4", "R3", "2"}, {"R5", "R4", "2"},
                                          {"R6", "R5", "2"}, {"R7", "R6", "2"}};
    expect_refused(ring, N(ring), 3, "“R0”→“R7”→“R6”→“R5”→“R4”→“R3”→…→“R0”");
}

/* 200,000 units given leaves first (a chain down to level 7, everything
 * else under level 6) build; then one loop through all of them is found
 * and named without recursion. */
static void test_deep_chain(void **state)
{
    (void)state;
    enum { DEPTH = 200000 };
    pm_unit_in *in = xcalloc(DEPTH, sizeof *in);
    char buf[32];
    for (int i = 0; i < DEPTH; i++) {
        int at = DEPTH - 1 - i; /* leaf first */
        snprintf(buf, sizeof buf, "U%d", i);
        in[at].code = xstrdup(buf);
        in[at].name = xstrdup(buf);
        snprintf(buf, sizeof buf, "U%d", i - 1);
        in[at].parent_code = i ? xstrdup(buf) : NULL;
        in[at].level = i < 7 ? i : 7;
        in[at].line = at + 2;
    }
    for (int i = 8; i < DEPTH; i++) {
        free(in[DEPTH - 1 - i].parent_code);
        in[DEPTH - 1 - i].parent_code = xstrdup("U6");
    }
    pm_tree t;
    pm_err e = {0};
    assert_true(pm_tree_build(in, DEPTH, &t, &e));
    assert_int_equal(t.n, DEPTH);
    assert_int_equal(t.end[0], DEPTH);
    pm_tree_free(&t);
    /* Now every unit points at the next one: one loop through all. */
    for (int i = 0; i < DEPTH; i++) {
        int at = DEPTH - 1 - i;
        free(in[at].parent_code);
        snprintf(buf, sizeof buf, "U%d", (i + 1) % DEPTH);
        in[at].parent_code = xstrdup(buf);
        in[at].level = 1;
    }
    assert_false(pm_tree_build(in, DEPTH, &t, &e));
    assert_non_null(strstr(e.msg, "构成循环"));
    for (int i = 0; i < DEPTH; i++) {
        free(in[i].code);
        free(in[i].name);
        free(in[i].parent_code);
    }
    free(in);
}

/* A units file read and checked as `units import` does for a database
 * without units: its rows, then the tree; the first error into *e. */
static bool units_csv(const char *text, size_t len, pm_tree *t, pm_err *e)
{
    memset(t, 0, sizeof *t);
    pm_units_file f;
    pm_errs errs = {0};
    bool ok = pm_units_csv_rows(text, len, &f, &errs) && pm_tree_build_all(f.in, f.n, t, &errs);
    if (!ok)
        assert_true(pm_errs_first(&errs, e));
    pm_errs_free(&errs);
    pm_units_file_free(&f);
    return ok;
}

static void test_units_csv(void **state)
{
    (void)state;
    static const char ok[] = "代码,名称,上级,级别\nD,大兴区,,区\nT,黄村镇,D,镇\nC,一村,T,村\n";
    pm_tree t;
    pm_err e = {0};
    assert_true(units_csv(ok, strlen(ok), &t, &e));
    assert_int_equal(t.n, 3);
    assert_int_equal(t.u[2].level, PM_LEVEL_COMMUNITY);
    assert_int_equal(t.u[2].line, 4);

    /* Targets against that tree and the built-in plan. */
    pm_plan plan;
    assert_true(pm_plan_builtin(&plan, &e));
    static const char tg[] = "unit,item,baseline,target\nT,6,10,12\nT,I03,,6.5\n";
    pm_unit_target *v;
    size_t n;
    assert_true(pm_targets_csv_parse(tg, strlen(tg), &plan, &t, &v, &n, &e));
    assert_int_equal(n, 2);
    assert_string_equal(v[0].indicator, "I06");
    assert_true(v[1].baseline != v[1].baseline);
    for (size_t i = 0; i < n; i++) {
        free(v[i].unit);
        free(v[i].indicator);
    }
    free(v);

    /* An import replaces every target: a header with nothing under it
     * used to import "0 targets" and wipe them all. */
    static const char header_only[] = "unit,item,baseline,target\n";
    assert_false(pm_targets_csv_parse(header_only, strlen(header_only), &plan, &t, &v, &n, &e));
    assert_int_equal(e.line, 1);
    assert_non_null(strstr(e.msg, "没有分解目标"));
    static const char dup[] = "unit,item,baseline,target\nT,6,10,12\nT,I06,1,2\n";
    assert_false(pm_targets_csv_parse(dup, strlen(dup), &plan, &t, &v, &n, &e));
    assert_int_equal(e.line, 3);
    pm_plan_free(&plan);
    pm_tree_free(&t);
}

/* The optional columns: a unit's group and the years it existed; a bad
 * year or a unit closed before it opened is refused naming the line. */
static void test_units_csv_groups(void **state)
{
    (void)state;
    static const char ok[] = "code,name,parent,level,group,valid_from,valid_to\n"
                             "D,大兴区,,区,,,\nT,黄村镇,D,镇,镇,,\nS,兴丰街道,D,街道,街道,,\n"
                             "C,一村,T,村,农村社区,,2022\nN,新村,T,村,农村社区,2022,\n";
    pm_tree t;
    pm_err e = {0};
    assert_true(units_csv(ok, strlen(ok), &t, &e));
    assert_true(t.dated);
    int T = pm_tree_find(&t, "T"), S = pm_tree_find(&t, "S"), C = pm_tree_find(&t, "C"), N = pm_tree_find(&t, "N");
    assert_null(t.u[0].group);
    assert_string_equal(t.u[T].group, "镇");
    assert_true(pm_unit_in_group(&t.u[T], "镇") && !pm_unit_in_group(&t.u[S], "镇"));
    assert_true(pm_unit_in_group(&t.u[S], "") && pm_unit_in_group(&t.u[0], NULL));
    assert_true(pm_unit_exists(&t.u[C], 2021) && pm_unit_exists(&t.u[C], 2022) && !pm_unit_exists(&t.u[C], 2023));
    assert_true(!pm_unit_exists(&t.u[N], 2021) && pm_unit_exists(&t.u[N], 2022) && pm_unit_exists(&t.u[N], 2030));
    pm_tree_free(&t);

    /* Without the columns, nothing is dated. */
    static const char plain[] = "代码,名称,上级,级别,分组\nD,大兴区,,区,\nT,黄村镇,D,镇,镇\n";
    assert_true(units_csv(plain, strlen(plain), &t, &e));
    assert_false(t.dated);
    assert_string_equal(t.u[1].group, "镇");
    pm_tree_free(&t);

    static const char bad_year[] = "code,name,parent,level,valid_to\nD,大兴区,,区,\nT,黄村镇,D,镇,二〇二二\n";
    assert_false(units_csv(bad_year, strlen(bad_year), &t, &e));
    assert_int_equal(e.line, 3);
    assert_non_null(strstr(e.msg, "valid_to"));
    static const char backwards[] = "code,name,parent,level,valid_from,valid_to\nD,大兴区,,区,,\nT,黄村镇,D,镇,2023,2021\n";
    assert_false(units_csv(backwards, strlen(backwards), &t, &e));
    assert_int_equal(e.line, 3);
    assert_non_null(strstr(e.msg, "撤销年份"));
}

/* A file naming only new children under stored units: the stored units
 * keep their order, the new ones come after their parent's existing
 * children; a file naming every stored unit keeps its own order. */
static void test_units_over(void **state)
{
    (void)state;
    static const char *const stored_rows[][3] = {{"D", "", "0"}, {"T1", "D", "1"}, {"C1", "T1", "2"}, {"T2", "D", "1"}};
    pm_tree stored;
    pm_err e = {0};
    assert_true(build(stored_rows, 4, &stored, &e));
    pm_unit_in add[] = {{.code = "C2", .name = "新社区", .parent_code = "T1", .level = 2, .line = 2},
                        {.code = "T2", .name = "改名镇", .parent_code = "D", .level = 1, .line = 3}};
    size_t n, added;
    pm_unit_in *rows = pm_units_over(&stored, add, 2, &n, &added);
    assert_int_equal(n, 5);
    assert_int_equal(added, 1);
    pm_tree t;
    pm_errs errs = {0};
    assert_true(pm_tree_build_all(rows, n, &t, &errs));
    const char *order[] = {"D", "T1", "C1", "C2", "T2"};
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(t.u[i].code, order[i]);
    assert_string_equal(t.u[4].name, "改名镇");
    assert_int_equal(t.u[3].line, 2);
    assert_int_equal(t.u[2].line, 0); /* a stored unit: no line */
    pm_tree_free(&t);
    free(rows);
    /* Every stored unit named: the file's order (T2 before T1). */
    pm_unit_in all[] = {{.code = "D", .name = "D", .parent_code = "", .level = 0, .line = 2},
                        {.code = "T2", .name = "T2", .parent_code = "D", .level = 1, .line = 3},
                        {.code = "T1", .name = "T1", .parent_code = "D", .level = 1, .line = 4},
                        {.code = "C1", .name = "C1", .parent_code = "T1", .level = 2, .line = 5}};
    rows = pm_units_over(&stored, all, 4, &n, &added);
    assert_int_equal(n, 4);
    assert_int_equal(added, 0);
    assert_true(pm_tree_build_all(rows, n, &t, &errs));
    assert_string_equal(t.u[1].code, "T2");
    pm_tree_free(&t);
    free(rows);
    pm_tree_free(&stored);
    assert_int_equal(errs.n, 0);
}

/* Every error of a tree at once: two field errors and a parent error,
 * each with its line; pm_tree_build gives the first of them. */
static void test_build_all_errors(void **state)
{
    (void)state;
    pm_unit_in in[] = {{.code = "D", .name = "区", .parent_code = "", .level = 0, .line = 2},
                       {.code = "T1", .name = "", .parent_code = "D", .level = 1, .line = 3},
                       {.code = "T2", .name = "镇", .parent_code = "X", .level = 1, .line = 4},
                       {.code = "T1", .name = "又一个", .parent_code = "D", .level = 1, .line = 5}};
    pm_tree t;
    pm_errs errs = {0};
    assert_false(pm_tree_build_all(in, 4, &t, &errs));
    assert_int_equal(errs.n, 3);
    assert_int_equal(errs.e[0].line, 3);
    assert_non_null(strstr(errs.e[0].msg, "名称为空"));
    assert_int_equal(errs.e[1].line, 5);
    assert_non_null(strstr(errs.e[1].msg, "重复（第 3 行已有）"));
    assert_int_equal(errs.e[2].line, 4);
    assert_non_null(strstr(errs.e[2].msg, "上级机构“X”不存在"));
    pm_errs_free(&errs);
    pm_err e = {0};
    assert_false(pm_tree_build(in, 4, &t, &e));
    assert_int_equal(e.line, 3);
    /* More than PM_ERRS_KEEP: the rest are counted. */
    for (int i = 0; i < PM_ERRS_KEEP + 7; i++)
        pm_errs_add(&errs, i + 1, "错误 %d", i);
    assert_int_equal(errs.n, PM_ERRS_KEEP);
    assert_int_equal(errs.more, 7);
    pm_errs_free(&errs);
}

/* What `units import` does with the errors of its two passes: the tree's
 * errors join the file's except on a line already named, and all are
 * listed in line order, the order found kept within a line. */
static void test_errs_merge_sort(void **state)
{
    (void)state;
    pm_errs errs = {0}, more = {0};
    pm_errs_add(&errs, 5, "五");
    pm_errs_add(&errs, 2, "二");
    pm_errs_add(&more, 5, "五又"); /* line 5 already named: left out */
    pm_errs_add(&more, 3, "三");
    pm_errs_add(&more, 3, "三又"); /* named by the merge itself: left out */
    pm_errs_add(&more, 0, "无行");
    pm_errs_add(&more, 0, "无行又"); /* no line: always kept */
    more.more = 4;
    pm_errs_merge_new_lines(&errs, &more);
    pm_errs_free(&more);
    assert_int_equal(errs.n, 5);
    assert_int_equal(errs.more, 4);
    pm_errs_sort(&errs);
    static const char *const want[] = {"无行", "无行又", "二", "三", "五"};
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(errs.e[i].msg, want[i]);
    pm_err first = {.file = "f.csv"};
    assert_true(pm_errs_first(&errs, &first));
    assert_string_equal(first.file, "f.csv");
    assert_int_equal(first.line, 0);
    assert_string_equal(first.msg, "无行");
    pm_errs_free(&errs);
    assert_false(pm_errs_first(&errs, &first));
    assert_string_equal(first.msg, "无行");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_preorder),   cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_cycles),     cmocka_unit_test(test_deep_chain),
        cmocka_unit_test(test_units_csv),
        cmocka_unit_test(test_units_csv_groups),
        cmocka_unit_test(test_units_over),
        cmocka_unit_test(test_build_all_errors),
        cmocka_unit_test(test_errs_merge_sort),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

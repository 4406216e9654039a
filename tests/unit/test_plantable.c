/* Unit tests for the plan-table reader (src/parse/plantable.c) against
 * DESIGN "Reading a plan's indicator table from text".
 *
 * Good inputs: every file under tests/data/plans/ that is not bad-*.txt is
 * parsed and every field of every indicator compared with the table below,
 * written from the file by hand (never by running the reader). Bad inputs:
 * the reader must fail and name the right line and say what is wrong.
 * The working directory is the repository root (tests/run.sh). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parse/plantable.h"

#define DATA_DIR "tests/data/plans/"
#define N NAN /* "must be null" */
#define GE PM_OP_GE
#define LE PM_OP_LE
#define EQ PM_OP_EQ

/* ---- helpers ------------------------------------------------------------ */

/* Reads DATA_DIR name whole; fails the test if it cannot. Caller frees. */
static char *read_data(const char *name, size_t *len)
{
    char path[256];
    snprintf(path, sizeof path, DATA_DIR "%s", name);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s (tests run from the repository root)", path);
    char *text = NULL;
    size_t n = 0, cap = 0, got;
    do {
        if (cap - n < 4096) {
            cap = cap ? cap * 2 : 8192;
            char *grown = realloc(text, cap);
            assert_non_null(grown);
            text = grown;
        }
        got = fread(text + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    assert_false(ferror(f));
    fclose(f);
    *len = n;
    return text;
}

static bool parse_data(const char *name, pm_plan *plan, pm_err *err)
{
    size_t len;
    char *text = read_data(name, &len);
    memset(err, 0, sizeof *err);
    bool ok = pm_plantable_parse(text, len, plan, err);
    free(text);
    return ok;
}

static bool parse_str(const char *text, pm_plan *plan, pm_err *err)
{
    memset(err, 0, sizeof *err);
    return pm_plantable_parse(text, strlen(text), plan, err);
}

static void expect_str(const char *what, int no, const char *field, const char *got, const char *want)
{
    bool same = want ? got && !strcmp(got, want) : !got;
    if (!same)
        fail_msg("%s No. %d %s: got \"%s\", want \"%s\"", what, no, field, got ? got : "(NULL)",
                 want ? want : "(NULL)");
}

static void expect_num(const char *what, int no, const char *field, double got, double want)
{
    bool same = isnan(want) ? isnan(got) : got == want;
    if (!same)
        fail_msg("%s No. %d %s: got %.17g, want %.17g", what, no, field, got, want);
}

static void expect_int(const char *what, int no, const char *field, long got, long want)
{
    if (got != want)
        fail_msg("%s No. %d %s: got %ld, want %ld", what, no, field, got, want);
}

/* ---- good inputs: every field ------------------------------------------- */

typedef struct exp_ind {
    int no;
    const char *domain;
    const char *subdomain; /* NULL: must be NULL */
    const char *name;
    const char *unit;
    double baseline, target; /* N: must be null */
    pm_target_op op;
    bool binding, cumulative;
    int polarity;
} exp_ind;

typedef struct good_case {
    const char *file;
    int base_year, target_year;
    const exp_ind *ind;
    size_t nind;
} good_case;

#define GOOD(file, y0, y1, rows) {file, y0, y1, rows, sizeof rows / sizeof rows[0]}

/* The real seed: one cell per line, 领域 over two columns, * = binding. */
static const exp_ind seed_rows[] = {
    {1, "基本民生保障", "社会救助", "有集中供养需求的特困对象集中供养率", "%", 100, 100, EQ, false, false, 1},
    {2, "基本民生保障", "救济救助", "临时救助和长期照料总床位数", "张", 50, 200, EQ, true, false, 1},
    {3, "基本民生保障", "养老服务", "每千名常住人口养老床位数", "张", 5, 7, EQ, false, false, 1},
    {4, "基本民生保障", "养老服务", "千人养老机构床位数", "张", 5, 5.5, EQ, false, false, 1},
    {5, "基本民生保障", "养老服务", "建成运营街道乡镇养老照料中心数量", "家", 20, 20, EQ, true, false, 1},
    {6, "基本民生保障", "养老服务", "建成运营社区养老服务驿站", "家", 132, 140, EQ, true, false, 1},
    {7, "基本民生保障", "养老服务", "万名老年人拥有养老护理员数", "名", 50, 50, GE, false, false, 1},
    {8, "基本民生保障", "残疾人福利", "区级精神卫生福利床位数", "张", 0, 150, EQ, true, false, 1},
    {9, "基本民生保障", "残疾人福利", "开展精神障碍社区康复服务的街道乡镇占比", "%", 30.3, 80, GE, false, false, 1},
    {10, "基本民生保障", "儿童福利", "社会散居孤儿供养标准与人均消费支出比值", "", 0.55, 0.6, GE, false, false, 1},
    {11, "基本民生保障", "儿童福利", "每万人户籍儿童机构床位数", "张", 13, 15, GE, true, false, 1},
    {12, "基本民生保障", "儿童福利", "区级儿童福利机构数量", "所", 1, 1, EQ, true, false, 1},
    {13, "基层社会治理", "城乡社区治理", "社区书记工作室示范点", "个", 0, 20, EQ, true, false, 1},
    {14, "基层社会治理", "城乡社区治理", "社区居民委员会直接选举和户代表选举比例", "%", 64.7, 80, EQ, true, false, 1},
    {15, "基层社会治理", "城乡社区治理", "城乡社区楼门院治理示范点", "个", 15, 100, EQ, true, false, 1},
    {16, "基层社会治理", "城乡社区治理", "每个社区的社区工作者本社区化率", "%", 49.1, 50, EQ, false, false, 1},
    {17, "基层社会治理", "城乡社区治理", "实施村（居）委会撤销（调整）", "个", N, 130, EQ, false, false, 1},
    {18, "基层社会治理", "社会组织", "街镇级社会组织联合会覆盖率", "%", 10, 60, GE, false, false, 1},
    {19, "基层社会治理", "社会组织", "全区社区社会组织数量", "家", 800, 6000, EQ, false, false, 1},
    {20, "基层社会治理", "社会工作", "社会工作专业服务机构", "家", 140, 160, GE, false, false, 1},
    {21, "基层社会治理", "社会工作", "社会工作专业人才总量", "万人", 0.28, 0.4, GE, false, false, 1},
    {22, "基层社会治理", "社会工作", "获得社会工作者职业水平证书的专业人才", "万人", 0.12, 0.15, GE, false, false, 1},
    {23, "基层社会治理", "志愿服务", "志愿服务站点在社区综合服务设施中的覆盖率", "%", 37, 80, EQ, false, false, 1},
    {24, "基层社会治理", "志愿服务", "实名注册志愿者占常住人口的比例", "%", 16, 21, EQ, false, false, 1},
    {25, "基本社会服务", "婚姻服务", "5A级婚姻登记机关比例", "%", 100, 100, EQ, true, false, 1},
    {26, "基本社会服务", "殡葬服务", "节地生态安葬率", "%", 55, 65, EQ, false, false, 1},
    {27, "基本社会服务", "殡葬服务", "公益性公墓乡镇服务覆盖率", "%", 70, 100, EQ, true, false, 1},
    {28, "基本社会服务", "慈善事业发展", "基层慈善服务站点对社区覆盖率", "%", 0, 5, GE, true, false, 1},
    {29, "基本社会服务", "慈善事业发展", "慈善信托财产总规模", "万元", 10, 30, EQ, false, false, 1},
    {30, "基本社会服务", "社会心理服务", "社会心理服务覆盖社区村比例", "%", 25, 80, GE, false, false, 1},
    {31, "基本社会服务", "社会心理服务", "建成社会心理服务中心/站数量", "个", 5, 22, GE, false, false, 1},
    {32, "基础保障", NULL, "社会建设和民政领域政务服务事项网上办理率", "%", 85, 95, EQ, false, false, 1},
};

/* TSV, one row per line: leading empty cells are merged cells, No. 4's
 * name is broken over two lines, prose before and right after. */
static const exp_ind tsv_merged_rows[] = {
    {1, "基本民生保障", "社会救助", "有集中供养需求的特困对象集中供养率", "%", 100, 100, EQ, false, false, 1},
    {2, "基本民生保障", "养老服务", "每千名常住人口养老床位数", "张", 5, 7, EQ, true, false, 1},
    {3, "基本民生保障", "养老服务", "建成运营街道乡镇养老照料中心数量", "家", 20, 20, GE, false, false, 1},
    {4, "基层社会治理", "城乡社区治理", "社区书记工作室示范点", "个", 0, 20, EQ, true, false, 1},
    {5, "基层社会治理", "城乡社区治理", "实施村（居）委会撤销（调整）", "个", N, 130, EQ, false, false, 1},
    {6, "基层社会治理", "城乡社区治理", "社会散居孤儿供养标准与人均消费支出比值", "", 0.55, 0.6, GE, false, false, 1},
    {7, "基础保障", NULL, "政务服务事项网上办理率", "%", 85, 95, EQ, false, false, 1},
};

/* TSV as Excel copies it: a trailing tab run on most lines, and rows whose
 * last values are empty. The first used to swallow the second row. */
static const exp_ind tsv_empty_last_rows[] = {
    {1, "", NULL, "养老床位", "张", N, N, EQ, false, false, 1},
    {2, "", NULL, "护理员", "名", 50, 60, GE, false, false, 1},
    {3, "", NULL, "覆盖率", "%", 30, 80, GE, false, false, 1},
    {4, "", NULL, "驿站", "家", N, N, EQ, false, false, 1},
};

/* Pipe table: 类别, 单位 and 属性 columns, empty = same as above (No. 3
 * inherits 约束性, No. 6 预期性), [N], 2015年/2020年. */
static const exp_ind pipe_attr_rows[] = {
    {1, "民生保障", NULL, "新增养老床位", "张", N, 500, EQ, true, true, 1},
    {2, "民生保障", NULL, "城乡低保标准", "元/月", 800, 1200, EQ, true, false, 1},
    {3, "民生保障", NULL, "城市低保覆盖率", "%", 90, 95, GE, true, false, 1},
    {4, "社会治理", NULL, "社区服务设施覆盖率", "%", 80, 100, EQ, true, false, 1},
    {5, "社会治理", NULL, "培训社会工作者", "人次", N, 5000, EQ, false, true, 1},
    {6, "社会治理", NULL, "安全事故发生率", "‰", 2.5, 2, LE, false, false, -1},
};

/* Pipe table without 序号 (numbered 1, 2, 3 …), 2021年/2035年, every form. */
static const exp_ind pipe_forms_rows[] = {
    {1, "生态环境", NULL, "PM2.5年均浓度", "微克/立方米", 35, 30, LE, false, false, -1},
    {2, "生态环境", NULL, "单位产值能耗", "吨标准煤/万元", 0.3, 0.25, LE, false, false, -1},
    {3, "生态环境", NULL, "噪声超标率", "%", 5, 3, LE, false, false, -1},
    {4, "生态环境", NULL, "万人刑事案件数", "件", 12, 10, LE, false, false, -1},
    {5, "民生福祉", NULL, "人均预期寿命", "岁", 80, 82, GE, false, false, 1},
    {6, "民生福祉", NULL, "人均体育场地面积", "平方米", 2, 2.5, GE, false, false, 1},
    {7, "民生福祉", NULL, "绿化覆盖率", "%", 40, 45, GE, false, false, 1},
    {8, "民生福祉", NULL, "每千人医生数", "人", 3, 3.5, GE, false, false, 1},
    {9, "民生福祉", NULL, "新增就业", "万人", N, 50, EQ, false, true, 1},
    {10, "民生福祉", NULL, "养老床位", "张", N, N, EQ, false, false, 1},
    {11, "民生福祉", NULL, "低保人数", "人", 500, 400, EQ, false, false, -1},
    {12, "民生福祉", NULL, "综合评价指数", "", 1, 1, EQ, false, false, 1},
};

/* One cell per line with a BOM and CRLF: "城乡" + "社区治理" and a name
 * whose unit is on the next line. */
static const exp_ind cells_bom_crlf_rows[] = {
    {1, "基本民生保障", "社会救助", "特困对象集中供养率", "%", 100, 100, EQ, false, false, 1},
    {2, "基本民生保障", "养老服务", "养老床位数", "张", 5, 7, EQ, true, false, 1},
    {3, "基层社会治理", "城乡社区治理", "实施村（居）委会撤销（调整）", "个", N, 130, EQ, false, false, 1},
    {4, "基层社会治理", "城乡社区治理", "社区工作者本社区化率", "%", 49.1, 50, GE, true, false, 1},
    {5, "基层社会治理", "儿童福利", "孤儿供养标准与人均消费支出比值", "", 0.55, 0.6, GE, false, false, 1},
    {6, "基础保障", NULL, "网上办理率", "%", 85, 95, EQ, false, false, 1},
};

/* One cell per line, the prose right after the last row with no blank
 * line: it used to be glued onto the last target. */
static const exp_ind cells_prose_after_rows[] = {
    {1, "民生", NULL, "养老床位", "张", 5, 7, EQ, false, false, 1},
    {2, "民生", NULL, "护理员", "名", 50, 50, GE, false, false, 1},
};

/* 领域 header cell merged over two columns, the second header cell empty:
 * that column is the subdomain (it used to be dropped). */
static const exp_ind pipe_merged_header_rows[] = {
    {1, "基本民生保障", "社会救助", "集中供养率", "%", 100, 100, EQ, false, false, 1},
    {2, "基本民生保障", "社会救助", "临时救助床位", "张", 50, 200, EQ, false, false, 1},
    {3, "基本民生保障", "养老服务", "养老床位", "张", 5, 7, EQ, false, false, 1},
    {4, "基础保障", NULL, "网上办理率", "%", 85, 95, EQ, false, false, 1},
};

static const good_case good_cases[] = {
    GOOD("seed-daxing.txt", 2020, 2025, seed_rows),
    GOOD("tsv-merged.txt", 2020, 2025, tsv_merged_rows),
    GOOD("tsv-empty-last.txt", 2020, 2025, tsv_empty_last_rows),
    GOOD("pipe-attr.txt", 2015, 2020, pipe_attr_rows),
    GOOD("pipe-forms.txt", 2021, 2035, pipe_forms_rows),
    GOOD("cells-bom-crlf.txt", 2020, 2025, cells_bom_crlf_rows),
    GOOD("cells-prose-after.txt", 2020, 2025, cells_prose_after_rows),
    GOOD("pipe-merged-header.txt", 2020, 2025, pipe_merged_header_rows),
};
#define NGOOD (sizeof good_cases / sizeof good_cases[0])

static void check_plan(const char *what, const pm_plan *plan, int y0, int y1, const exp_ind *want,
                       size_t nwant)
{
    expect_int(what, 0, "base_year", plan->base_year, y0);
    expect_int(what, 0, "target_year", plan->target_year, y1);
    expect_int(what, 0, "indicator count", (long)plan->nind, (long)nwant);
    for (size_t i = 0; i < nwant; i++) {
        const pm_indicator *g = &plan->ind[i];
        const exp_ind *w = &want[i];
        expect_int(what, w->no, "no", g->no, w->no);
        expect_str(what, w->no, "domain", g->domain, w->domain);
        expect_str(what, w->no, "subdomain", g->subdomain, w->subdomain);
        expect_str(what, w->no, "name", g->name, w->name);
        expect_str(what, w->no, "unit", g->unit, w->unit);
        expect_num(what, w->no, "baseline", g->baseline, w->baseline);
        expect_num(what, w->no, "target", g->target, w->target);
        expect_int(what, w->no, "target_op", g->target_op, w->op);
        expect_int(what, w->no, "binding", g->binding, w->binding);
        expect_int(what, w->no, "cumulative", g->cumulative, w->cumulative);
        expect_int(what, w->no, "polarity", g->polarity, w->polarity);
        char code[16];
        snprintf(code, sizeof code, "I%02d", w->no);
        expect_str(what, w->no, "code", g->code, code);
        assert_null(g->formula);
        assert_true(g->line > 0);
    }
}

static void run_good(void **state)
{
    const good_case *c = *state;
    pm_plan plan;
    pm_err err;
    if (!parse_data(c->file, &plan, &err))
        fail_msg("%s: failed at line %ld: %s", c->file, err.line, err.msg);
    check_plan(c->file, &plan, c->base_year, c->target_year, c->ind, c->nind);
    assert_null(plan.title);
    assert_int_equal(plan.ngoals, 0);
    pm_plan_free(&plan);
}

/* A damaged HTML table (fuzz_plantable's input): the rowspan-2 cell of 序号
 * 18 reads as empty. Its second row (line 6, 分散) once was numbered on to
 * 19 and met line 7's own 19: the file was refused there ("序号 19 重复（第 6
 * 行已有）", by the code backstop). It shares 18 now, as under a readable
 * spanning cell (the two rows of 20 below): I18 and I18-2, then 19 to 21
 * (the row of 22, its cell tag damaged too, is not an indicator). */
static void test_span_numbering(void **state)
{
    (void)state;
    pm_plan plan;
    pm_err err;
    if (!parse_data("dup-no-span.html", &plan, &err))
        fail_msg("dup-no-span.html: failed at line %ld: %s", err.line, err.msg);
    static const struct {
        long line;
        int no;
        const char *code;
    } want[] = {{3, 1, "I01"},  {4, 17, "I17"},   {5, 18, "I18"},  {6, 18, "I18-2"},
                {7, 19, "I19"}, {8, 20, "I20"},   {9, 20, "I20-2"}, {10, 21, "I21"}};
    size_t nwant = sizeof want / sizeof want[0];
    for (size_t i = 0; i < plan.nind && i < nwant; i++)
        if (plan.ind[i].line != want[i].line || plan.ind[i].no != want[i].no || strcmp(plan.ind[i].code, want[i].code))
            fail_msg("indicator %zu: line %ld no %d code %s, want line %ld no %d code %s", i, plan.ind[i].line,
                     plan.ind[i].no, plan.ind[i].code, want[i].line, want[i].no, want[i].code);
    assert_int_equal(plan.nind, nwant);
    pm_plan_free(&plan);
}

/* The brief's own checks on the real seed, spelled out. */
static void test_seed_facts(void **state)
{
    (void)state;
    pm_plan plan;
    pm_err err;
    assert_true(parse_data("seed-daxing.txt", &plan, &err));
    assert_int_equal(plan.nind, 32);
    assert_int_equal(plan.base_year, 2020);
    assert_int_equal(plan.target_year, 2025);
    static const int binding[] = {2, 5, 6, 8, 11, 12, 13, 14, 15, 25, 27, 28};
    for (size_t i = 0; i < plan.nind; i++) {
        const pm_indicator *x = &plan.ind[i];
        assert_int_equal(x->no, (int)i + 1);
        bool want = false;
        for (size_t k = 0; k < sizeof binding / sizeof binding[0]; k++)
            want |= binding[k] == x->no;
        if (x->binding != want)
            fail_msg("No. %d binding %d, want %d", x->no, x->binding, want);
        if (x->no >= 13 && x->no <= 17)
            assert_string_equal(x->subdomain, "城乡社区治理");
    }
    assert_true(isnan(plan.ind[16].baseline));
    assert_string_equal(plan.ind[16].unit, "个");
    assert_string_equal(plan.ind[16].name, "实施村（居）委会撤销（调整）");
    assert_string_equal(plan.ind[9].unit, "");
    assert_string_equal(plan.ind[31].domain, "基础保障");
    assert_null(plan.ind[31].subdomain);
    pm_plan_free(&plan);
}

/* ---- bad inputs: failure, line, message --------------------------------- */

typedef struct bad_case {
    const char *file;
    long line;
    const char *word; /* must occur in err.msg */
} bad_case;

static const bad_case bad_cases[] = {
    {"bad-empty.txt", 1, "为空"},
    {"bad-no-table.txt", 1, "未找到指标表"},
    {"bad-ragged.txt", 4, "不整齐）：“2020年”列没有对应的单元格；每行应依次有指标名称和各数值列"},
    {"bad-target.txt", 3, "目标值“80..5”无法识别，可接受的写法"},
    {"bad-empty-name.txt", 4, "名称为空"},
    {"bad-utf8.txt", 3, "UTF-8"},
    {"bad-nul.txt", 3, "空字符"},
    {"bad-dup-no.txt", 5, "序号 2 重复（第 4 行已有）"},
    {"bad-attr.txt", 4, "“指导性”"},
    {"bad-header-only.txt", 3, "没有指标行"},
    {"bad-header-only-cells.txt", 2, "没有指标行"},
    {"bad-three-years.txt", 1, "3 个年份列"},
};
#define NBAD (sizeof bad_cases / sizeof bad_cases[0])

static void expect_failure(const char *what, bool ok, pm_plan *plan, const pm_err *err, long line,
                           const char *word)
{
    if (ok) {
        pm_plan_free(plan);
        fail_msg("%s: parsed, want an error", what);
    }
    if (plan->nind || plan->ind)
        fail_msg("%s: plan not left empty", what);
    if (err->line != line || !strstr(err->msg, word))
        fail_msg("%s: got line %ld \"%s\", want line %ld and \"%s\"", what, err->line, err->msg, line,
                 word);
    assert_string_equal(err->file, ""); /* the caller's to set */
}

static void run_bad(void **state)
{
    const bad_case *c = *state;
    pm_plan plan;
    pm_err err;
    bool ok = parse_data(c->file, &plan, &err);
    expect_failure(c->file, ok, &plan, &err, c->line, c->word);
}

/* Bad inputs built in memory: too big to keep as files, or variations. */
typedef struct mem_bad {
    const char *name;
    const char *text;
    long line;
    const char *word;
} mem_bad;

static const mem_bad mem_bad_cases[] = {
    {"blank lines only", "  \n\t\n\r\n", 1, "为空"},
    {"BOM only", "\xEF\xBB\xBF", 1, "为空"},
    {"no name column", "说明\n序号\t2020年\t2025年\n1\t5\t7\n", 2, "没有指标名称列（列名可为“指标”"},
    {"no table, last line named", "甲\n乙\n丙\n", 1, "第 3 行"},
    {"same years", "指标\t2020年\t2020年\n甲\t1\t2\n", 1, "相同"},
    {"序号 not a number", "序号\t指标\t2020年\t2025年\n一\t甲\t1\t2\n", 2, "序号“一”"},
    {"序号 too big", "序号\t指标\t2020年\t2025年\n100001\t甲\t1\t2\n", 2, "序号“100001”"},
    {"empty first 领域", "领域\t指标\t2020年\t2025年\n\t甲\t1\t2\n", 2, "领域"},
    {"empty first 属性", "指标\t2020年\t2025年\t属性\n甲\t1\t2\t\n", 2, "属性“”"},
    {"name only a unit", "| 指标 | 2020年 | 2025年 |\n|--|--|--|\n| （个）* | 1 | 2 |\n", 3, "名称为空"},
    {"target cell of cell-per-line", "\t指标\n\t2020年\n\t2025年\n\n\t甲\n\t1\n\t2.3.4\n", 7, "目标值“2.3.4”"},
    {"ragged cell-per-line", "\t指标\n\t2020年\n\t2025年\n\n\t甲\n\t1\n\n", 5, "不整齐"},
    {"unclosed [N]", "指标\t2020年\t2025年\n甲\t1\t[2\n", 2, "目标值“[2”"},
    {"invalid UTF-8 in prose", "前言\n\xC3\x28\n指标\t2020年\t2025年\n甲\t1\t2\n", 2, "UTF-8"},
    {"NUL at the end", "指标\t2020年\t2025年\n甲\t1\t2\n\0", 3, "空字符"},
};
#define NMEMBAD (sizeof mem_bad_cases / sizeof mem_bad_cases[0])

static void run_mem_bad(void **state)
{
    const mem_bad *c = *state;
    pm_plan plan;
    pm_err err;
    /* strlen would stop at an embedded NUL: count to the case's end. */
    size_t len = strlen(c->text);
    if (!strcmp(c->name, "NUL at the end"))
        len++;
    memset(&err, 0, sizeof err);
    bool ok = pm_plantable_parse(c->text, len, &plan, &err);
    expect_failure(c->name, ok, &plan, &err, c->line, c->word);
}

/* A line of 2 MB (a pasted image, a minified page) is refused by line. */
static void test_long_line(void **state)
{
    (void)state;
    const char *head = "前言\n";
    const char *tail = "\n| 指标 | 2020年 | 2025年 |\n| 甲 | 1 | 2 |\n";
    size_t big = 2u << 20, hl = strlen(head), tl = strlen(tail);
    char *text = malloc(hl + big + tl);
    assert_non_null(text);
    memcpy(text, head, hl);
    memset(text + hl, 'x', big);
    memcpy(text + hl + big, tail, tl);
    pm_plan plan;
    pm_err err = {0};
    bool ok = pm_plantable_parse(text, hl + big + tl, &plan, &err);
    free(text);
    expect_failure("2 MB line", ok, &plan, &err, 2, "过长");
}

/* The same table with the long line exactly at the limit is read. */
static void test_line_at_limit(void **state)
{
    (void)state;
    const char *head = "| 指标 | 2020年 | 2025年 |\n";
    const char *tail = "\n| 甲 | 1 | 2 |\n";
    size_t big = PM_PLANTABLE_MAX_LINE, hl = strlen(head), tl = strlen(tail);
    char *text = malloc(hl + big + tl);
    assert_non_null(text);
    memcpy(text, head, hl);
    memset(text + hl, 'x', big);
    memcpy(text + hl + big, tail, tl);
    pm_plan plan;
    pm_err err = {0};
    /* The long line ends the pipe table: only a header is left, so the
     * error must be about the missing rows, not the line's length. */
    bool ok = pm_plantable_parse(text, hl + big + tl, &plan, &err);
    free(text);
    expect_failure("line at the limit", ok, &plan, &err, 1, "没有指标行");
}

/* ---- fixed bugs, in memory ---------------------------------------------- */

/* A TSV row whose values are both empty used to be joined with the next
 * row: one silently wrong indicator "养老床位（张）护理员" 50 → ≥60. */
static void test_tsv_empty_values_not_joined(void **state)
{
    (void)state;
    pm_plan plan;
    pm_err err;
    assert_true(parse_str("指标\t2020年\t2025年\n养老床位（张）\t\t\n护理员（名）\t50\t≥60\n", &plan, &err));
    assert_int_equal(plan.nind, 2);
    assert_string_equal(plan.ind[0].name, "养老床位");
    assert_true(isnan(plan.ind[0].baseline) && isnan(plan.ind[0].target));
    assert_string_equal(plan.ind[1].name, "护理员");
    assert_true(plan.ind[1].baseline == 50 && plan.ind[1].target == 60);
    pm_plan_free(&plan);
}

/* A page break in a copied TSV table: a blank line and the header again.
 * The rows after it belong to the table and must not be dropped. */
static void test_tsv_page_break(void **state)
{
    (void)state;
    pm_plan plan;
    pm_err err = {0};
    size_t len;
    char *text = read_data("tsv-page-break.txt", &len);
    assert_true(pm_plantable_parse(text, len, &plan, &err));
    free(text);
    assert_int_equal(plan.nind, 3);
    assert_string_equal(plan.ind[2].domain, "救助");
    assert_int_equal(plan.ind[2].no, 3);
    assert_true(plan.ind[2].target == 95);
    pm_plan_free(&plan);
    /* The same for a pipe table. */
    assert_true(parse_str("| 序号 | 指标 | 2020年 | 2025年 |\n|---|---|---|---|\n| 1 | 甲（个） | 1 | 2 |\n\n"
                          "| 序号 | 指标 | 2020年 | 2025年 |\n|---|---|---|---|\n| 2 | 乙（个） | 3 | 4 |\n\n说明\n",
                          &plan, &err));
    assert_int_equal(plan.nind, 2);
    assert_string_equal(plan.ind[1].name, "乙");
    pm_plan_free(&plan);
}

/* The seed's shape as TSV: the 领域 header over two data columns, and a
 * row whose target is empty keeps its subdomain cell. */
static void test_tsv_extra_domain_cell_with_empty_target(void **state)
{
    (void)state;
    pm_plan plan;
    pm_err err;
    assert_true(parse_str("领域\t序号\t指标\t2020年\t2025年\n"
                          "民生\t救助\t1\t甲（个）\t1\t2\n"
                          "\t养老\t2\t乙（个）\t3\t\n"
                          "基础\t3\t丙（个）\t4\t5\n",
                          &plan, &err));
    assert_int_equal(plan.nind, 3);
    assert_string_equal(plan.ind[1].subdomain, "养老");
    assert_int_equal(plan.ind[1].no, 2);
    assert_true(plan.ind[1].baseline == 3 && isnan(plan.ind[1].target));
    assert_null(plan.ind[2].subdomain);
    pm_plan_free(&plan);
}

/* A broken 备注 cell in the cell-per-line layout still continues (text
 * cells may be broken); only a value cell ends the table. */
static void test_cells_broken_remark_continues(void **state)
{
    (void)state;
    pm_plan plan;
    pm_err err;
    assert_true(parse_str("\t指标\n\t2020年\n\t2025年\n\t备注\n\n"
                          "\t甲\n\t1\n\t2\n\t说明很长\n接着说\n\n"
                          "\t乙\n\t3\n\t4\n\t\n",
                          &plan, &err));
    assert_int_equal(plan.nind, 2);
    assert_string_equal(plan.ind[1].name, "乙");
    pm_plan_free(&plan);
}

/* 100 000 numbered rows: the duplicate check compared every pair of rows
 * (about 30 s under ASan); now one pass. Generous bound: 10 s. */
static void test_many_rows_fast(void **state)
{
    (void)state;
    /* 100,000 rows read in full and in order. No clock here (machines are
     * shared): a reader that went quadratic shows up in `make bench` and as
     * a test that runs for minutes, not as a flaky assertion. */
    size_t rows = 100000, cap = rows * 48 + 64, n = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    n += (size_t)snprintf(text + n, cap - n, "序号\t指标\t2020年\t2025年\n");
    for (size_t i = 1; i <= rows; i++)
        n += (size_t)snprintf(text + n, cap - n, "%zu\t指标%zu\t%zu\t%zu\n", i, i, i, i + 1);
    pm_plan plan;
    pm_err err = {0};
    bool ok = pm_plantable_parse(text, n, &plan, &err);
    free(text);
    assert_true(ok);
    assert_int_equal(plan.nind, rows);
    assert_int_equal(plan.ind[rows - 1].no, (int)rows);
    assert_true(plan.ind[rows - 1].target == (double)rows + 1);
    pm_plan_free(&plan);
}

/* The duplicate found first in table order is the one reported, even when
 * a later row is bad too. */
static void test_first_duplicate_reported(void **state)
{
    (void)state;
    pm_plan plan;
    pm_err err;
    bool ok = parse_str("序号\t指标\t2020年\t2025年\n3\t甲\t1\t2\n1\t乙\t1\t2\n3\t丙\t1\t2\n1\t丁\t1\t2\n"
                        "5\t戊\t1\t约2\n",
                        &plan, &err);
    expect_failure("first duplicate", ok, &plan, &err, 4, "序号 3 重复（第 2 行已有）");
}

/* fuzz_plantable found: a second header row wider than the first by more
 * than one cell (years under nothing) indexed past the header's cells. */
static void test_second_header_row_wider(void **state)
{
    (void)state;
    pm_plan plan;
    pm_err err;
    bool ok = parse_str("指标\t单位\n\t\t\t2020年\t2025年\n甲\t个\t\t1\t2\n", &plan, &err);
    if (ok)
        pm_plan_free(&plan);
}

/* ---- more layouts and forms --------------------------------------------- */

/* 属性 column with stars in names: the column decides, the star goes. */
static void test_attr_column_wins_and_strips_star(void **state)
{
    (void)state;
    pm_plan plan;
    pm_err err;
    assert_true(parse_str("指标\t单位\t2020年\t2025年\t指标属性\n"
                          "甲*（个）\t个\t1\t2\t预期性\n"
                          "乙（%）\t%\t1\t2\t约束\n"
                          "丙＊\t\t1\t2\t预期\n",
                          &plan, &err));
    assert_int_equal(plan.nind, 3);
    assert_string_equal(plan.ind[0].name, "甲");
    assert_string_equal(plan.ind[0].unit, "个");
    assert_false(plan.ind[0].binding);
    assert_string_equal(plan.ind[1].name, "乙");
    assert_string_equal(plan.ind[1].unit, "%");
    assert_true(plan.ind[1].binding);
    assert_string_equal(plan.ind[2].name, "丙");
    assert_string_equal(plan.ind[2].unit, "");
    assert_false(plan.ind[2].binding);
    pm_plan_free(&plan);
}

/* A 单位 column that disagrees with the name's parenthesis: the column is
 * the unit and the name keeps its parenthesis (it is not a unit). */
static void test_unit_column_differs_from_name(void **state)
{
    (void)state;
    pm_plan plan;
    pm_err err;
    assert_true(parse_str("| 指标 | 单位 | 2020年 | 2025年 |\n|-|-|-|-|\n| 床位（含医养结合） | 张 | 1 | 2 |\n",
                          &plan, &err));
    assert_string_equal(plan.ind[0].name, "床位（含医养结合）");
    assert_string_equal(plan.ind[0].unit, "张");
    pm_plan_free(&plan);
}

/* Pipe rows without the outer trailing pipe; the table is the first one
 * whose header qualifies, not an earlier pipe table. */
static void test_pipe_variants(void **state)
{
    (void)state;
    pm_plan plan;
    pm_err err;
    assert_true(parse_str("| 项目 | 说明 |\n|---|---|\n| 甲 | 乙 |\n\n"
                          "| 指标 | 2020年 | 2025年\n| --- | :-: | --:\n| 甲（个） | 1 | ≥ 2\n",
                          &plan, &err));
    assert_int_equal(plan.nind, 1);
    assert_string_equal(plan.ind[0].unit, "个");
    assert_int_equal(plan.ind[0].target_op, PM_OP_GE);
    assert_true(plan.ind[0].target == 2);
    pm_plan_free(&plan);
}


/* The header's 指标 spans the leading merged cells (领域, 子领域) of a
 * national table (“十三五”生态环境保护规划 专栏1): rows hold those cells
 * only where a group starts. Read the same in every copy: a web page's
 * cell-per-line text closed by pipes, Excel (empty header cells after 指标),
 * Word (empty cells for the merged ones) and Markdown. */
static void check_leading_merged(const char *what, const char *text)
{
    pm_plan plan;
    pm_err err;
    if (!parse_str(text, &plan, &err))
        fail_msg("%s: refused at line %ld: %s", what, err.line, err.msg);
    assert_int_equal(plan.base_year, 2015);
    assert_int_equal(plan.target_year, 2020);
    assert_int_equal(plan.nind, 3);
    static const char *const sub[] = {"空气质量", "空气质量", "水环境质量"};
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(plan.ind[i].domain, "生态环境质量");
        assert_non_null(plan.ind[i].subdomain);
        assert_string_equal(plan.ind[i].subdomain, sub[i]);
        assert_string_equal(plan.ind[i].unit, "%");
        assert_int_equal(plan.ind[i].no, (int)i + 1);
    }
    assert_string_equal(plan.ind[0].name, "地级及以上城市空气质量优良天数比率");
    assert_true(plan.ind[0].baseline == 76.7 && plan.ind[0].target == 80);
    assert_int_equal(plan.ind[0].target_op, GE);
    assert_true(plan.ind[0].binding);
    assert_true(isnan(plan.ind[1].baseline) && plan.ind[1].target == 18 && plan.ind[1].cumulative);
    assert_false(plan.ind[2].binding);
    assert_true(plan.ind[2].baseline == 66 && plan.ind[2].target == 70);
    pm_plan_free(&plan);
}

static void test_leading_merged_cells(void **state)
{
    (void)state;
    check_leading_merged("web text closed by pipes",
                         "专栏1“十三五”生态环境保护主要指标 |\n指标 |\n2015年 |\n2020年 |\n〔累计〕1 |\n属性 |\n"
                         "生态环境质量 |\n1。空气质量 |\n地级及以上城市空气质量优良天数比率(%) |\n76。7 |\n>80 |\n- |\n约束性 |\n"
                         "细颗粒物未达标地级及以上城市浓度下降(%) |\n- |\n- |\n〔18〕 |\n约束性 |\n"
                         "2。水环境质量 |\n地表水质量达到或好于Ⅲ类水体比例(%) |\n66 |\n>70 |\n|\n预期性 |\n"
                         "下一段正文。\n");
    /* a blank line after every cell; the empty 累计 cell of the third row is
     * not there at all (its 预期性 must not land in the 累计 column) */
    check_leading_merged("web text, a cell per paragraph",
                         "指标\n\n2015年\n\n2020年\n\n〔累计〕\n\n属性\n\n生态环境质量\n\n1.空气质量\n\n"
                         "地级及以上城市空气质量优良天数比率(%)\n\n76.7\n\n>80\n\n-\n\n约束性\n\n"
                         "细颗粒物未达标地级及以上城市浓度下降(%)\n\n-\n\n-\n\n〔18〕\n\n约束性\n\n"
                         "2.水环境质量\n\n地表水质量达到或好于Ⅲ类水体比例(%)\n\n66\n\n>70\n\n预期性\n\n"
                         "注：〔〕内为五年累计数。\n");
    check_leading_merged("Excel", "指标\t\t\t2015年\t2020年\t〔累计〕\t属性\n"
                                  "生态环境质量\t1.空气质量\t地级及以上城市空气质量优良天数比率(%)\t76.7\t>80\t-\t约束性\n"
                                  "\t\t细颗粒物未达标地级及以上城市浓度下降(%)\t-\t-\t〔18〕\t约束性\n"
                                  "\t2.水环境质量\t地表水质量达到或好于Ⅲ类水体比例(%)\t66\t>70\t-\t预期性\n");
    check_leading_merged("Word", "\t指标\n\t2015年\n\t2020年\n\t〔累计〕\n\t属性\n\n"
                                 "\t生态环境质量\n\t1.空气质量\n\t地级及以上城市空气质量优良天数比率(%)\n\t76.7\n\t>80\n\t-\n"
                                 "\t约束性\n\n\t\n\t\n\t细颗粒物未达标地级及以上城市浓度下降(%)\n\t-\n\t-\n\t〔18〕\n\t约束性\n\n"
                                 "\t\n\t2.水环境质量\n\t地表水质量达到或好于Ⅲ类水体比例(%)\n\t66\n\t>70\n\t-\n\t预期性\n");
    check_leading_merged("Markdown", "| 指标 | | | 2015年 | 2020年 | 〔累计〕 | 属性 |\n|---|---|---|---|---|---|---|\n"
                                     "| 生态环境质量 | 1.空气质量 | 地级及以上城市空气质量优良天数比率(%) | 76.7 | >80 | - | 约束性 |\n"
                                     "| | | 细颗粒物未达标地级及以上城市浓度下降(%) | - | - | 〔18〕 | 约束性 |\n"
                                     "| | 2.水环境质量 | 地表水质量达到或好于Ⅲ类水体比例(%) | 66 | >70 | - | 预期性 |\n");
}

/* Header words a planner reads as the indicator column though no list has
 * them (规划指标体系); a table title that ends in 指标 is still no header. */
static void test_name_header_words(void **state)
{
    (void)state;
    pm_plan plan;
    pm_err err;
    assert_true(parse_str("表 2-1 规划指标表\n\n| 规划指标体系 | 2022年 | 2035年 | 属性 |\n| :--- | :--- | :--- | :--- |\n"
                          "| 户籍人口规模（人） | 1403 | - | 预期性 |\n| 森林覆盖率（%） | 90 | ≥90 | 预期性 |\n",
                          &plan, &err));
    assert_int_equal(plan.base_year, 2022);
    assert_int_equal(plan.target_year, 2035);
    assert_int_equal(plan.nind, 2);
    assert_string_equal(plan.ind[0].name, "户籍人口规模");
    assert_string_equal(plan.ind[0].unit, "人");
    assert_true(isnan(plan.ind[0].target));
    assert_int_equal(plan.ind[1].target_op, GE);
    pm_plan_free(&plan);
    /* a header without any name column says which words name one */
    assert_false(parse_str("名目\t2020年\t2025年\n甲\t1\t2\n", &plan, &err));
    assert_int_equal(err.line, 1);
    assert_non_null(strstr(err.msg, "没有指标名称列（列名可为“指标”“指标名称”"));
    /* the 专栏 title line above is not taken for a one-column header */
    assert_true(parse_str("专栏1 “十四五”时期养老服务发展主要指标\n指标\t2025年\t属性\n养老机构护理型床位占比（%）\t55\t约束性\n",
                          &plan, &err));
    assert_int_equal(plan.nind, 1);
    assert_string_equal(plan.ind[0].name, "养老机构护理型床位占比");
    pm_plan_free(&plan);
}


/* How bureaus label a 十五五 plan's two value columns: every one reads base
 * 2025 = 60 and target 2030 = 65 with nothing left unread. */
static void test_value_column_labels(void **state)
{
    (void)state;
    static const char *const labels[] = {
        "“十四五”末\t“十五五”末",          "2025年（预计）\t2030年目标值", "“十四五”期末值\t“十五五”期末目标",
        "2025年末\t2030年末",              "“十四五”末\t“十五五”目标",     "2025年预计值\t2030年预期目标",
        "“十四五”完成值\t2030年",          "现状（2025年）\t规划目标（2030年）",
    };
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        char text[512];
        snprintf(text, sizeof text, "指标名称\t单位\t%s\t属性\n养老机构护理型床位占比\t%%\t60\t≥65\t约束性\n", labels[i]);
        pm_plan plan;
        pm_err err;
        if (!parse_str(text, &plan, &err))
            fail_msg("%s: refused: %s", labels[i], err.msg);
        if (plan.base_year != 2025 || plan.target_year != 2030 || plan.ind[0].baseline != 60 ||
            plan.ind[0].target != 65 || plan.nwarnings != 0)
            fail_msg("%s: read %d-%d, %g -> %g, %zu warnings", labels[i], plan.base_year, plan.target_year,
                     plan.ind[0].baseline, plan.ind[0].target, plan.nwarnings);
        pm_plan_free(&plan);
    }
}


/* Cells one per line (or per paragraph) with no 序号 and no blank line
 * between rows, the merged 类别 cells left out: rows are cut at the 属性
 * cell wherever 属性 stands, or else after the run of figures that ends a
 * row. */
static void check_unmarked(const char *what, const char *header, const char *const *cells, size_t ncells,
                           const char *sep, bool attr)
{
    char buf[2048];
    size_t n = (size_t)snprintf(buf, sizeof buf, "表1 主要指标%s%s", sep, header);
    for (size_t i = 0; i < ncells; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", cells[i], sep);
    snprintf(buf + n, sizeof buf - n, "注：以上数据为统计口径。\n");
    pm_plan plan;
    pm_err err;
    if (!parse_str(buf, &plan, &err))
        fail_msg("%s: refused at line %ld: %s", what, err.line, err.msg);
    assert_int_equal(plan.nind, 3);
    assert_string_equal(plan.ind[0].domain, "基本民生保障");
    assert_string_equal(plan.ind[1].domain, "基本民生保障");
    assert_string_equal(plan.ind[2].domain, "养老服务");
    assert_string_equal(plan.ind[1].name, "生活不能自理特困人员集中供养率");
    assert_true(plan.ind[1].baseline == 45 && plan.ind[1].target == 60);
    assert_int_equal(plan.ind[2].target_op, GE);
    assert_true(plan.ind[2].binding == attr);
    assert_false(plan.ind[0].binding);
    pm_plan_free(&plan);
}

static void test_unmarked_rows(void **state)
{
    (void)state;
    static const char *const with_attr[] = {"基本民生保障", "城乡低保标准年均增长（%）", "预期性", "—", "≥5",
                                            "生活不能自理特困人员集中供养率（%）", "约束性", "45", "≥60",
                                            "养老服务", "养老机构护理型床位占比（%）", "约束性", "48", "≥55"};
    static const char *const no_attr[] = {"基本民生保障", "城乡低保标准年均增长", "%", "—", "≥5",
                                          "生活不能自理特困人员集中供养率", "%", "45", "≥60",
                                          "养老服务", "养老机构护理型床位占比", "%", "48", "≥55"};
    size_t na = sizeof with_attr / sizeof with_attr[0], nn = sizeof no_attr / sizeof no_attr[0];
    check_unmarked("属性 in the middle, a cell per line", "类别\n指标\n属性\n2020年\n2025年\n", with_attr, na, "\n", true);
    check_unmarked("属性 in the middle, a cell per paragraph", "类别\n\n指标\n\n属性\n\n2020年\n\n2025年\n\n", with_attr, na,
                   "\n\n", true);
    check_unmarked("no 属性, a cell per line", "类别\n指标\n单位\n2020年\n2025年\n", no_attr, nn, "\n", false);
    check_unmarked("no 属性, a cell per paragraph", "类别\n\n指标\n\n单位\n\n2020年\n\n2025年\n\n", no_attr, nn, "\n\n",
                   false);
}


/* Excel pastes: header cells with a line break inside come quoted over two
 * lines; a heading pasted as a line of its own (no tab) does not end the
 * table, nor drop the rows after it. */
static void test_tsv_breaks(void **state)
{
    (void)state;
    pm_plan plan;
    pm_err err;
    assert_true(parse_str("序号\t指标名称\t单位\t\"2020年\n基期值\"\t\"2025年\n目标值\"\t属性\n"
                          "1\t城乡低保标准\t元/月\t1200\t≥1500\t预期性\n"
                          "2\t\"养老机构护理型\n床位占比\"\t%\t48\t55\t约束性\n",
                          &plan, &err));
    assert_int_equal(plan.base_year, 2020);
    assert_int_equal(plan.nind, 2);
    assert_true(plan.ind[0].baseline == 1200 && plan.ind[0].target == 1500);
    assert_string_equal(plan.ind[1].name, "养老机构护理型床位占比");
    assert_true(plan.ind[1].binding);
    assert_int_equal(plan.nwarnings, 0);
    pm_plan_free(&plan);
    assert_true(parse_str("指标名称\t单位\t2020年\t2025年\t属性\n一、基本民生保障\t\t\t\t\n"
                          "城乡低保标准\t元/月\t1200\t≥1500\t预期性\n二、养老服务\n"
                          "养老机构护理型床位占比\t%\t48\t55\t约束性\n其中：公办养老机构\t%\t60\t70\t\n",
                          &plan, &err));
    assert_int_equal(plan.nind, 2);
    assert_string_equal(plan.ind[1].domain, "养老服务");
    assert_int_equal(plan.ind[1].nparts, 1);
    pm_plan_free(&plan);
}


/* PDF text: a header's second line stands under the columns it names
 * (基期值 under 2020 年), and a long name's first line may stand above the
 * row's figures. */
static void test_pdf_lines(void **state)
{
    (void)state;
    pm_plan plan;
    pm_err err;
    assert_true(parse_str("  序号        指标名称                 单位        2020 年      2025 年      属性\n"
                          "                                                  基期值        目标值\n\n"
                          "   1     城乡低保标准                 元/月         1200         ≥1500       预期性\n"
                          "   2     县级公益性安葬（放）设施覆盖\n"
                          "         率                             %            —           100         约束性\n"
                          "   3     每千名老年人拥有养老床位       张           30.2          35         预期性\n",
                          &plan, &err));
    assert_int_equal(plan.base_year, 2020);
    assert_int_equal(plan.target_year, 2025);
    assert_int_equal(plan.nind, 3);
    assert_true(plan.ind[0].baseline == 1200 && plan.ind[0].target == 1500);
    assert_string_equal(plan.ind[1].name, "县级公益性安葬（放）设施覆盖率");
    assert_true(isnan(plan.ind[1].baseline) && plan.ind[1].target == 100 && plan.ind[1].binding);
    assert_int_equal(plan.ind[2].no, 3);
    assert_int_equal(plan.nwarnings, 0);
    pm_plan_free(&plan);
}

/* PDF text with merged 领域/子领域 cells: the PDF prints a merged label
 * once, in the middle of its rows and broken over lines ("基本民生" on one
 * row, "保障" on the next), and leaves the merged cells of the other rows
 * out. Each cell belongs to the column it stands under: "保障" is the rest
 * of the 领域 label, not a 子领域, and the row's other cells keep their
 * columns. */
static void test_pdf_merged_labels(void **state)
{
    (void)state;
    pm_plan plan;
    pm_err err;
    assert_true(parse_str("领域        子领域      序号   指标名称                     单位     2020年    2025年    属性\n"
                          "            社会救助     1     城乡低保标准                 元/月     1200     ≥1500     预期性\n"
                          "基本民生                 2     特困人员集中供养率           %         40        50       预期性\n"
                          "保障        儿童福利     3     孤儿基本生活保障标准         元/月     1500      2000     预期性\n"
                          "                         4     困境儿童保障覆盖率           %         95        100      约束性\n"
                          "            养老服务     5     养老机构护理型床位占比       %         48        55       约束性\n"
                          "养老服务                 6     街道综合养老服务中心         个        3         8        预期性\n",
                          &plan, &err));
    assert_int_equal(plan.nind, 6);
    const char *domain[] = {"基本民生保障", "基本民生保障", "基本民生保障", "基本民生保障", "养老服务", "养老服务"};
    const char *sub[] = {"社会救助", "社会救助", "儿童福利", "儿童福利", "养老服务", "养老服务"};
    for (int i = 0; i < 6; i++) {
        assert_int_equal(plan.ind[i].no, i + 1);
        assert_string_equal(plan.ind[i].domain, domain[i]);
        assert_string_equal(plan.ind[i].subdomain, sub[i]);
    }
    assert_string_equal(plan.ind[1].name, "特困人员集中供养率");
    assert_true(plan.ind[1].baseline == 40 && plan.ind[1].target == 50);
    assert_string_equal(plan.ind[3].unit, "%");
    assert_true(plan.ind[3].binding);
    pm_plan_free(&plan);
    /* 指标 over the merged columns; the label's second line carries a row */
    assert_true(parse_str("                       指标                                      2015 年    2020 年    属性\n\n"
                          " 生态环境      1.空气质量    地级及以上城市空气质量优良天数比率(%)       76.7       >80       约束性\n"
                          "   质量                      细颗粒物未达标城市浓度下降(%)                -          18        约束性\n"
                          "               2.水环境质量  地表水质量达到或好于Ⅲ类水体比例(%)           66         >70       约束性\n",
                          &plan, &err));
    assert_int_equal(plan.nind, 3);
    for (int i = 0; i < 3; i++)
        assert_string_equal(plan.ind[i].domain, "生态环境质量");
    assert_string_equal(plan.ind[1].subdomain, "空气质量");
    assert_string_equal(plan.ind[1].name, "细颗粒物未达标城市浓度下降");
    assert_true(plan.ind[1].target == 18);
    assert_string_equal(plan.ind[2].subdomain, "水环境质量");
    pm_plan_free(&plan);
}

/* A web page's cells one per paragraph (Meizhou's 残疾人 专栏): the merged
 * 类别 label broken into two paragraphs ("收入和" / "就业") before a numbered
 * name is one label, and a row with one figure and an empty base the copy
 * dropped reads the figure as the target, its 属性 word as 属性 (it was read
 * as the baseline, with 预期性 as a text target). */
static void test_paragraph_short_rows(void **state)
{
    (void)state;
    pm_plan plan;
    pm_err err;
    assert_true(parse_str("类别\n\n指 标\n\n2020年\n\n2025年\n\n属性\n\n收入和\n\n就业\n\n"
                          "1.残疾人家庭人均年收入增速(%)\n\n与国内生产总值增长基本同步\n\n预期性\n\n"
                          "2. 城乡残疾人职业技能培训人数(人)\n\n\n6000人\n\n预期性\n\n"
                          "社会保障\n\n3.困难残疾人生活补贴覆盖率(%)\n\n100%\n\n100%\n\n约束性\n\n"
                          "4.残疾人家庭无障碍改造数(户)\n\n4000\n\n约束性\n",
                          &plan, &err));
    assert_int_equal(plan.nind, 4);
    assert_string_equal(plan.ind[0].domain, "收入和就业");
    assert_string_equal(plan.ind[0].name, "残疾人家庭人均年收入增速");
    assert_true(plan.ind[0].qualitative);
    assert_string_equal(plan.ind[0].target_text, "与国内生产总值增长基本同步");
    assert_string_equal(plan.ind[1].domain, "收入和就业");
    assert_true(isnan(plan.ind[1].baseline) && plan.ind[1].target == 6000 && !plan.ind[1].binding);
    assert_false(plan.ind[1].qualitative);
    assert_string_equal(plan.ind[2].domain, "社会保障");
    assert_true(plan.ind[2].baseline == 100 && plan.ind[2].target == 100 && plan.ind[2].binding);
    assert_true(isnan(plan.ind[3].baseline) && plan.ind[3].target == 4000 && plan.ind[3].binding);
    pm_plan_free(&plan);
}

/* A 十三五 evaluation table copied from a web page, a paragraph per cell
 * (the stored copy of 南通 卫生健康, tests/data/plans/real/r09): two-line
 * header cells given as two paragraphs ("2020年" / "完成情况", "2020年" /
 * "规划目标"); empty unit cells dropped (not the unit of the row above); a
 * note under a figure as a paragraph of its own; a 类别 label broken into
 * two paragraphs; a 类别 label right after a row short of its unit. */
static void test_paragraph_evaluation_table(void **state)
{
    (void)state;
    pm_plan plan;
    pm_err err;
    assert_true(parse_str("“十三五”卫生健康主要指标完成情况\n\n类别\n\n序号\n\n指标\n\n单位\n\n2020年\n\n完成情况\n\n"
                          "2020年\n\n规划目标\n\n健康水平\n\n1\n\n人均期望寿命\n\n83.16\n\n(市级测算)\n\n≥80\n\n"
                          "2\n\n孕产妇死亡率\n\n1/10万\n\n2.65\n\n≤5\n\n3\n\n婴儿死亡率\n\n2.41\n\n≤4\n\n"
                          "疾病防控与\n\n爱国卫生\n\n4\n\n肺结核发病率\n\n1/10万\n\n23.71\n\n≤30\n\n"
                          "5\n\n过早死亡率\n\n%\n\n8.83\n\n比2015年(24.31)降低10个百分点\n\n"
                          "资源配置\n\n6\n\n每千常住人口注册护士数\n\n2.9\n\n≥3.14\n\n"
                          "医疗保障\n\n7\n\n个人卫生支出占卫生总费用的比重\n\n%\n\n24\n\n≤28\n",
                          &plan, &err));
    assert_int_equal(plan.base_year, 2015);
    assert_int_equal(plan.target_year, 2020);
    assert_int_equal(plan.nind, 7);
    /* the 完成情况 column is named, not read as a baseline of the same year */
    bool named = false;
    for (size_t i = 0; i < plan.nwarnings; i++)
        named |= strstr(plan.warnings[i], "2020年完成情况") != NULL;
    assert_true(named);
    static const struct {
        const char *domain, *name, *unit;
        double target;
        pm_target_op op;
    } want[] = {{"健康水平", "人均期望寿命", "", 80, GE},
                {"健康水平", "孕产妇死亡率", "1/10万", 5, LE},
                {"健康水平", "婴儿死亡率", "", 4, LE},
                {"疾病防控与爱国卫生", "肺结核发病率", "1/10万", 30, LE},
                {"疾病防控与爱国卫生", "过早死亡率", "%", N, EQ},
                {"资源配置", "每千常住人口注册护士数", "", 3.14, GE},
                {"医疗保障", "个人卫生支出占卫生总费用的比重", "%", 28, LE}};
    for (size_t i = 0; i < plan.nind; i++) {
        const pm_indicator *x = &plan.ind[i];
        assert_int_equal(x->no, (int)i + 1);
        expect_str("evaluation", x->no, "domain", x->domain, want[i].domain);
        expect_str("evaluation", x->no, "name", x->name, want[i].name);
        expect_str("evaluation", x->no, "unit", x->unit, want[i].unit);
        assert_true(isnan(x->baseline));
        if (isnan(want[i].target)) {
            assert_true(x->qualitative && isnan(x->target));
            expect_str("evaluation", x->no, "target_text", x->target_text, "比2015年(24.31)降低10个百分点");
        } else {
            assert_true(x->target == want[i].target && x->target_op == want[i].op && !x->qualitative);
        }
    }
    pm_plan_free(&plan);
    /* A year alone beside a target word of another year is two columns:
     * 2020年 is the 十四五 plan's base, 目标值 its 2025 target. */
    assert_true(parse_str("“十四五”主要指标\n\n指标\n\n2020年\n\n目标值\n\n属性\n\n"
                          "养老机构护理型床位占比(%)\n\n40\n\n55\n\n约束性\n",
                          &plan, &err));
    assert_int_equal(plan.base_year, 2020);
    assert_int_equal(plan.target_year, 2025);
    assert_int_equal(plan.nind, 1);
    assert_true(plan.ind[0].baseline == 40 && plan.ind[0].target == 55 && plan.ind[0].binding);
    pm_plan_free(&plan);
}

/* A web page's table flattened with each cell on lines of its own closed by a
 * pipe-only line, a row closed by one more pipe line (the stored copy of
 * the 民政部 十一五 table has this form): a cell's lines stay one cell, so
 * stacked 其中 figures become parts; a title line ending in 指标 above it
 * is no header; the table note ends the table. */
static void test_bar_cells(void **state)
{
    (void)state;
    pm_plan plan;
    pm_err err;
    assert_true(parse_str("专栏1 主要指标\n序号\n|\n指标\n|\n2020年\n|\n2025年\n|\n属性\n|\n|\n"
                          "1\n|\n养老机构护理型床位占比(%)\n|\n48\n|\n≥55\n|\n约束性\n|\n|\n"
                          "2\n|\n收养性社会服务机构床位数(万张)\n其中:养老机构床位数(万张)\n|\n170.3\n154.3\n|\n"
                          "349.6\n320.8\n|\n预期性\n|\n||\n注:[ ]内为五年累计数。\n|\n下一张表\n|\n",
                          &plan, &err));
    assert_int_equal(plan.base_year, 2020);
    assert_int_equal(plan.nind, 2);
    assert_string_equal(plan.ind[0].name, "养老机构护理型床位占比");
    assert_true(plan.ind[0].baseline == 48 && plan.ind[0].target == 55 && plan.ind[0].binding);
    assert_string_equal(plan.ind[1].name, "收养性社会服务机构床位数");
    assert_string_equal(plan.ind[1].unit, "万张");
    assert_true(plan.ind[1].baseline == 170.3 && plan.ind[1].target == 349.6);
    assert_int_equal(plan.ind[1].nparts, 1);
    assert_string_equal(plan.ind[1].parts[0].name, "养老机构床位数");
    assert_true(plan.ind[1].parts[0].baseline == 154.3 && plan.ind[1].parts[0].target == 320.8);
    pm_plan_free(&plan);
}

/* A tab-led cell ending in a blank, continued on a line without a tab
 * ("城乡 " + "社区治理"): the blank is dropped and the buffer stays a string
 * (fuzz_plantable crashed here on buf's invariant after 75,626 runs). */
static void test_cell_trailing_blank(void **state)
{
    (void)state;
    pm_plan plan;
    pm_err err;
    assert_true(parse_str("\t领域\n\t指标\n\t2020年\n\t2025年\n\n\t城乡 \n社区治理\n\t养老床位\n\t1\n\t2\n", &plan, &err));
    assert_int_equal(plan.nind, 1);
    assert_string_equal(plan.ind[0].domain, "城乡社区治理");
    assert_true(plan.ind[0].baseline == 1 && plan.ind[0].target == 2);
    pm_plan_free(&plan);
}

/* A text that ends in a pipe line with no line end and no NUL after it (a
 * file read as it is): the pipe-only test counts within the line, never
 * reading past the text (fuzz_plantable: strspn read one byte beyond the
 * buffer after 50,736 runs). The buffer is exactly the text's bytes, so
 * ASan stops a read beyond it. */
static void test_bar_pipes_at_text_end(void **state)
{
    (void)state;
    static const char text[] = "专栏1 主要指标\n序号\n|\n指标\n|\n2020年\n|\n2025年\n|\n|\n"
                               "1\n|\n养老机构护理型床位占比(%)\n|\n48\n|\n55\n|\n|";
    size_t len = sizeof text - 1;
    char *exact = malloc(len);
    assert_non_null(exact);
    memcpy(exact, text, len);
    pm_plan plan;
    pm_err err;
    memset(&err, 0, sizeof err);
    assert_true(pm_plantable_parse(exact, len, &plan, &err));
    assert_int_equal(plan.nind, 1);
    assert_true(plan.ind[0].baseline == 48 && plan.ind[0].target == 55);
    pm_plan_free(&plan);
    /* Cut inside the last pipe line's run of pipes: "||" at the very end. */
    char *exact2 = malloc(len + 1);
    assert_non_null(exact2);
    memcpy(exact2, text, len);
    exact2[len] = '|';
    memset(&err, 0, sizeof err);
    assert_true(pm_plantable_parse(exact2, len + 1, &plan, &err));
    assert_int_equal(plan.nind, 1);
    pm_plan_free(&plan);
    free(exact2);
    free(exact);
}

/* A header whose only dated value columns are bases (a quoted
 * "2020年\n基期值" cell, the next one's quote left open: the input
 * fuzz_plantable found): no target column, refused naming the header line
 * (the reader read the column before the first, h->col[-1], after 31,613
 * runs). */
static void test_header_without_target(void **state)
{
    (void)state;
    pm_plan plan;
    pm_err err;
    assert_false(parse_str("序号\t挧标名称\t单位\t\"2020年\n基期值\"\t\"4050序号\t指标名称\t单位\t\"2020年\n基期值\"\t"
                           "\"2025年\n目标值`\t属性\n1\t城乡低保标准\t元/月\t1200\t≥1500\t预期性\n"
                           "2\t\"养老机构护理型\n床位占比\"\t%\t|1\t55\t约束性\n",
                           &plan, &err));
    assert_int_equal(err.line, 1);
    assert_non_null(strstr(err.msg, "缺少目标列"));
    assert_null(plan.ind);
}

/* ---- pm_plantable_value and pm_plantable_split_unit --------------------- */

typedef struct value_case {
    const char *text;
    bool ok;
    double v; /* N: null */
    pm_target_op op;
    bool cumulative;
} value_case;

static const value_case value_cases[] = {
    {"100", true, 100, EQ, false},
    {"0.55", true, 0.55, EQ, false},
    {" 30.3 ", true, 30.3, EQ, false},
    {"-5", true, -5, EQ, false},
    {"１２.５", true, 12.5, EQ, false},
    {"80%", true, 80, EQ, false},
    {"80％", true, 80, EQ, false},
    {"—", true, N, EQ, false},
    {"——", true, N, EQ, false},
    {"-", true, N, EQ, false},
    {"－", true, N, EQ, false},
    {"", true, N, EQ, false},
    {"  ", true, N, EQ, false},
    {"≥50", true, 50, GE, false},
    {"≥ 0.6", true, 0.6, GE, false},
    {">=2.5", true, 2.5, GE, false},
    {"不低于45", true, 45, GE, false},
    {"不少于3", true, 3, GE, false},
    {"3.5以上", true, 3.5, GE, false},
    {"80%以上", true, 80, GE, false},
    {"≤30", true, 30, LE, false},
    {"<=0.25", true, 0.25, LE, false},
    {"不高于3", true, 3, LE, false},
    {"不超过3", true, 3, LE, false},
    {"10以下", true, 10, LE, false},
    {"5以内", true, 5, LE, false},
    {"[500]", true, 500, EQ, true},
    {"［500］", true, 500, EQ, true},
    {"【500】", true, 500, EQ, true},
    {"≥[500]", true, 500, GE, true},
    {"[500]以上", true, 500, GE, true},
    {"约80", true, 80, EQ, false},
    {"80左右", true, 80, EQ, false},
    {"15 左右", true, 15, EQ, false},
    {"＞5", true, 5, GE, false},
    {"<5", true, 5, LE, false},
    {"＜0.5", true, 0.5, LE, false},
    {"控制在3以内", true, 3, LE, false},
    {"达到95以上", true, 95, GE, false},
    {"〔18〕", true, 18, EQ, true},
    {"76。7", true, 76.7, EQ, false},
    {"７６．７％", true, 76.7, EQ, false},
    {"（86.4％）", true, 86.4, EQ, false},
    {"2.3.4", false, 0, EQ, false},
    {"〔3000—4000〕", false, 0, EQ, false},
    {"11.4年", false, 0, EQ, false},
    {"显著提升", false, 0, EQ, false},
    {"≥", false, 0, EQ, false},
    {"以上", false, 0, EQ, false},
    {"[500", false, 0, EQ, false},
    {"[]", false, 0, EQ, false},
    {"100张", false, 0, EQ, false},
    {"1,000", true, 1000, EQ, false},
    {"inf", false, 0, EQ, false},
    {"nan", false, 0, EQ, false},
    {"0x10", false, 0, EQ, false},
    {">50", true, 50, GE, false},
    {"≥≥50", false, 0, EQ, false},
    {"较好", false, 0, EQ, false},
};

static void test_value(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof value_cases / sizeof value_cases[0]; i++) {
        const value_case *c = &value_cases[i];
        double v = 12345;
        pm_target_op op = PM_OP_LE;
        bool cum = true;
        bool ok = pm_plantable_value(c->text, &v, &op, &cum);
        if (ok != c->ok)
            fail_msg("\"%s\": ok %d, want %d", c->text, ok, c->ok);
        if (!ok)
            continue;
        if (isnan(c->v) ? !isnan(v) : v != c->v)
            fail_msg("\"%s\": value %.17g, want %.17g", c->text, v, c->v);
        if (op != c->op || cum != c->cumulative)
            fail_msg("\"%s\": op %d cumulative %d, want %d %d", c->text, op, cum, c->op, c->cumulative);
    }
}

typedef struct split_case {
    const char *full, *name, *unit;
} split_case;

static const split_case split_cases[] = {
    {"实施村（居）委会撤销（调整）（个）", "实施村（居）委会撤销（调整）", "个"},
    {"集中供养率（%）", "集中供养率", "%"},
    {"社会散居孤儿供养标准与人均消费支出比值", "社会散居孤儿供养标准与人均消费支出比值", ""},
    {"低保标准（元/月）", "低保标准", "元/月"},
    {"床位（（张））", "床位", "（张）"},
    {"床位（张） ", "床位", "张"},
    {" 床位 （张）", "床位", "张"},
    {"床位（）", "床位", ""},
    {"（个）", "", "个"},
    {"床位（张）数", "床位（张）数", ""},
    {"床位张）", "床位张）", ""},
    {"床位(张)", "床位", "张"},
    {"覆盖率(%)", "覆盖率", "%"},
    {"床位(含医养结合)", "床位(含医养结合)", ""},
    {"供水水质综合合格率（国标GB5749-2006）", "供水水质综合合格率（国标GB5749-2006）", ""},
    {"新增保障性租赁住房（万套（间））", "新增保障性租赁住房", "万套（间）"},
    {"", "", ""},
};

static void test_split_unit(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof split_cases / sizeof split_cases[0]; i++) {
        const split_case *c = &split_cases[i];
        char *name = NULL, *unit = NULL;
        pm_plantable_split_unit(c->full, &name, &unit);
        if (strcmp(name, c->name) || strcmp(unit, c->unit))
            fail_msg("\"%s\": got \"%s\" + \"%s\", want \"%s\" + \"%s\"", c->full, name, unit, c->name,
                     c->unit);
        free(name);
        free(unit);
    }
}

int main(void)
{
    struct CMUnitTest tests[NGOOD + NBAD + NMEMBAD + 32];
    size_t n = 0;
    for (size_t i = 0; i < NGOOD; i++)
        tests[n++] = (struct CMUnitTest){good_cases[i].file, run_good, NULL, NULL, (void *)&good_cases[i]};
    for (size_t i = 0; i < NBAD; i++)
        tests[n++] = (struct CMUnitTest){bad_cases[i].file, run_bad, NULL, NULL, (void *)&bad_cases[i]};
    for (size_t i = 0; i < NMEMBAD; i++)
        tests[n++] =
            (struct CMUnitTest){mem_bad_cases[i].name, run_mem_bad, NULL, NULL, (void *)&mem_bad_cases[i]};
    const struct CMUnitTest more[] = {
        cmocka_unit_test(test_seed_facts),
        cmocka_unit_test(test_span_numbering),
        cmocka_unit_test(test_long_line),
        cmocka_unit_test(test_line_at_limit),
        cmocka_unit_test(test_tsv_empty_values_not_joined),
        cmocka_unit_test(test_tsv_page_break),
        cmocka_unit_test(test_tsv_extra_domain_cell_with_empty_target),
        cmocka_unit_test(test_cells_broken_remark_continues),
        cmocka_unit_test(test_many_rows_fast),
        cmocka_unit_test(test_first_duplicate_reported),
        cmocka_unit_test(test_second_header_row_wider),
        cmocka_unit_test(test_attr_column_wins_and_strips_star),
        cmocka_unit_test(test_unit_column_differs_from_name),
        cmocka_unit_test(test_pipe_variants),
        cmocka_unit_test(test_leading_merged_cells),
        cmocka_unit_test(test_name_header_words),
        cmocka_unit_test(test_value_column_labels),
        cmocka_unit_test(test_unmarked_rows),
        cmocka_unit_test(test_tsv_breaks),
        cmocka_unit_test(test_pdf_lines),
        cmocka_unit_test(test_pdf_merged_labels),
        cmocka_unit_test(test_paragraph_short_rows),
        cmocka_unit_test(test_paragraph_evaluation_table),
        cmocka_unit_test(test_bar_cells),
        cmocka_unit_test(test_cell_trailing_blank),
        cmocka_unit_test(test_bar_pipes_at_text_end),
        cmocka_unit_test(test_header_without_target),
        cmocka_unit_test(test_value),
        cmocka_unit_test(test_split_unit),
    };
    for (size_t i = 0; i < sizeof more / sizeof more[0]; i++)
        tests[n++] = more[i];
    return _cmocka_run_group_tests("plantable", tests, n, NULL, NULL);
}

#include "cli/demo_work.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "parse/work_in.h"
#include "store/work.h"

#define WHO "demo"

static const pm_dept depts[] = {
    {"shjz", "社会救助科", PM_DEPT_SECTION, "示例联系人 王某 6924xxxx"},
    {"ylfw", "养老服务科", PM_DEPT_SECTION, "示例联系人 李某 6924xxxx"},
    {"sqjs", "基层政权和社区建设科", PM_DEPT_SECTION, "示例联系人 赵某 6924xxxx"},
    {"shzz", "社会组织管理科", PM_DEPT_SECTION, "示例联系人 孙某 6924xxxx"},
    {"swsf", "社会事务和儿童福利科", PM_DEPT_SECTION, "示例联系人 周某 6924xxxx"},
    {"cszx", "慈善社工科", PM_DEPT_SECTION, "示例联系人 吴某 6924xxxx"},
    {"wjw", "区卫生健康委", PM_DEPT_AGENCY, "示例联系人"},
    {"czj", "区财政局", PM_DEPT_AGENCY, "示例联系人"},
    {"zjw", "区住房城乡建设委", PM_DEPT_AGENCY, "示例联系人"},
    {"zwfw", "区政务服务局", PM_DEPT_AGENCY, "示例联系人"},
};

/* One task or project: parties are codes (a town by its unit code);
 * updates "PERIOD:STATE:PERCENT;…"; milestones "DUE:WHAT:1|0;…". */
typedef struct demo_task {
    const char *code, *title, *section, *lead, *co, *deadline, *indicators, *updates;
    /* projects */
    const char *start;
    double planned, spent;
    const char *milestones;
} demo_task;

static const demo_task tasks[] = {
    {"RW01", "完善分层分类社会救助体系，提高特困对象集中供养能力", "（一）基本民生保障", "shjz", "czj", "2025-12-31", "I01",
     "2022:on_plan:40;2023H1:on_plan:55;2023:on_plan:65", NULL, 0, 0, NULL},
    {"RW02", "健全临时救助和长期照料服务，增加救助床位", "（一）基本民生保障", "shjz", "wjw", "2024-12-31", "I02",
     "2022:on_plan:30;2023:lagging:40", NULL, 0, 0, NULL},
    {"RW03", "建成运营街道乡镇养老照料中心", "（一）基本民生保障", "ylfw", "110115009、zjw", "2023-06-30", "I05",
     "2022:on_plan:60;2023H1:lagging:80", NULL, 0, 0, NULL},
    {"RW04", "建设社区养老服务驿站，完善就近精准养老服务", "（一）基本民生保障", "ylfw", "czj", "2025-12-31", "I06",
     "2021:on_plan:20;2022:on_plan:45;2023:on_plan:70", NULL, 0, 0, NULL},
    {"RW05", "加强养老护理员队伍建设", "（一）基本民生保障", "ylfw", "wjw", "2025-12-31", "I07", "2023:not_started:0", NULL, 0, 0,
     NULL},
    {"RW06", "开展精神障碍社区康复服务", "（一）基本民生保障", "shjz", "wjw", "2023-12-31", "I09",
     "2022:on_plan:70;2023:done:100", NULL, 0, 0, NULL},
    {"RW07", "提高社会散居孤儿供养标准", "（一）基本民生保障", "swsf", "czj", "2022-12-31", "I10", "2021:on_plan:50;2022:done:100",
     NULL, 0, 0, NULL},
    {"RW08", "推动社区书记工作室示范点建设", "（二）基层社会治理", "sqjs", NULL, "2025-12-31", "I13",
     "2022:on_plan:40;2023:on_plan:60", NULL, 0, 0, NULL},
    {"RW09", "规范社区居民委员会直接选举和户代表选举", "（二）基层社会治理", "sqjs", "110115009", "2021-12-31", "I14",
     "2021:done:100", NULL, 0, 0, NULL},
    {"RW10", "开展城乡社区楼门院治理示范点创建", "（二）基层社会治理", "sqjs", NULL, "2025-12-31", "I15", NULL, NULL, 0, 0, NULL},
    {"RW11", "提高社区工作者本社区化率", "（二）基层社会治理", "sqjs", NULL, "2025-12-31", "I16", "2023:lagging:35", NULL, 0, 0,
     NULL},
    {"RW12", "稳妥实施村（居）委会撤销调整", "（二）基层社会治理", "sqjs", "110115009", "2025-12-31", "I17",
     "2022:on_plan:30;2023:cancelled:30", NULL, 0, 0, NULL},
    {"RW13", "实现街镇级社会组织联合会全覆盖", "（二）基层社会治理", "shzz", NULL, "2023-12-31", "I18",
     "2022:on_plan:80;2023:done:100", NULL, 0, 0, NULL},
    {"RW14", "培育发展社区社会组织", "（二）基层社会治理", "shzz", NULL, "2025-12-31", "I19", "2022:on_plan:50;2023:on_plan:70",
     NULL, 0, 0, NULL},
    {"RW15", "壮大社会工作专业人才队伍", "（二）基层社会治理", "cszx", NULL, "2025-12-31", "I21、I22",
     "2023H1:on_plan:45;2023H2:lagging:50", NULL, 0, 0, NULL},
    {"RW16", "推进志愿服务站点进社区综合服务设施", "（二）基层社会治理", "cszx", NULL, "2023-09-30", "I23",
     "2022:on_plan:60;2023H1:on_plan:85", NULL, 0, 0, NULL},
    {"RW17", "创建5A级婚姻登记机关", "（三）基本社会服务", "swsf", NULL, "2025-12-31", "I25", NULL, NULL, 0, 0, NULL},
    {"RW18", "推行节地生态安葬", "（三）基本社会服务", "swsf", NULL, "2025-12-31", "I26", "2022:on_plan:50;2023:on_plan:62",
     NULL, 0, 0, NULL},
    {"RW19", "建设基层慈善服务站点", "（三）基本社会服务", "cszx", NULL, "2025-12-31", "I28", "2023:on_plan:40", NULL, 0, 0, NULL},
    {"RW20", "建设社会心理服务中心（站）", "（三）基本社会服务", "cszx", "wjw", "2025-12-31", "I30、I31",
     "2023Q3:on_plan:30;2023Q4:on_plan:45", NULL, 0, 0, NULL},
    {"RW21", "推进民政政务服务事项网上办理", "（四）民政服务方式更加智慧多元", "zwfw", NULL, "2023-12-31", "I32",
     "2022:on_plan:85;2023:done:100", NULL, 0, 0, NULL},
    {"RW22", "建设智慧民政信息平台", "（四）民政服务方式更加智慧多元", "swsf", "zwfw", "2025-12-31", NULL, NULL, NULL, 0, 0, NULL},
    /* Projects. */
    {"XM01", "区级精神卫生福利机构建设工程", "（一）基本民生保障", "shjz", "wjw、zjw", "2025-06-30", "I08",
     "2022:on_plan:20;2023:on_plan:45", "2021-10-01", 18000, 7600,
     "2022-03-31:立项批复:1;2023-06-30:主体结构封顶:0;2024-12-31:竣工验收:0"},
    {"XM02", "区级儿童福利机构建设工程", "（一）基本民生保障", "swsf", "zjw", "2023-06-30", "I11、I12",
     "2022:on_plan:50;2023H1:on_plan:85", "2021-05-01", 6500, 5900, "2021-12-31:开工:1;2022-12-31:主体完工:1"},
    {"XM03", "街道乡镇养老照料中心新建改建项目", "（一）基本民生保障", "ylfw", "110115009、czj", "2025-12-31", "I05、I03",
     "2022:on_plan:35;2023:on_plan:60", "2022-01-01", 9000, 4200, "2022-06-30:选址确定:1;2023-10-31:首批5家投入运营:1;2025-06-30:全部建成:0"},
    {"XM04", "区养老机构床位提升工程", "（一）基本民生保障", "ylfw", "zjw", "2023-12-31", "I04",
     "2022:on_plan:50;2023:done:100", "2021-03-01", 12000, 11800, "2022-06-30:改造开工:1;2023-11-30:验收投用:1"},
    {"XM05", "公益性公墓建设项目", "（三）基本社会服务", "swsf", "110115009", "2025-12-31", "I27", NULL, "2024-03-01", 4800, NAN,
     "2024-09-30:开工:0;2025-09-30:建成:0"},
    {"XM06", "区社会心理服务中心建设项目", "（三）基本社会服务", "cszx", "wjw", "2025-12-31", "I31", "2023:on_plan:40",
     "2023-01-01", 2600, 900, "2023-09-30:装修完成:0;2024-12-31:投入运行:0"},
};

static const char *const update_text[PM_TS_COUNT] = {
    "（示例）前期调研已完成，尚未启动实施。", "（示例）按计划推进，阶段目标已完成。", "（示例）受选址、资金等因素影响进度滞后，已制定整改措施。",
    "（示例）已全部完成并通过验收。", "（示例）根据区级统筹安排调整，本任务不再实施。"};

/* "a、b" → parties: a code of a department, else of an org unit. */
static void parties(const char *cell, pm_assignment *a)
{
    size_t n;
    char **v = pm_split_names(cell ? cell : "", &n);
    a->co = xcalloc(n + 1, sizeof *a->co);
    for (size_t i = 0; i < n; i++) {
        bool unit = v[i][0] >= '0' && v[i][0] <= '9';
        a->co[a->nco++] = (pm_party){unit, v[i], NULL};
    }
    free(v);
}

static void milestones(const char *spec, pm_task *t)
{
    size_t n;
    char **v = pm_split_names(spec ? spec : "", &n);
    t->milestones = xcalloc(n + 1, sizeof *t->milestones);
    for (size_t i = 0; i < n; i++) {
        pm_milestone *m = &t->milestones[t->nmilestones++];
        char *what = strchr(v[i], ':'), *met = what ? strrchr(what + 1, ':') : NULL;
        *what++ = '\0';
        *met++ = '\0';
        snprintf(m->due, sizeof m->due, "%s", v[i]);
        m->what = xstrdup(what);
        m->met = *met == '1';
        if (m->met)
            memcpy(m->met_on, m->due, sizeof m->due);
        free(v[i]);
    }
    free(v);
}

static bool put_task(pm_store *s, const demo_task *d, pm_err *err)
{
    pm_task t;
    memset(&t, 0, sizeof t);
    t.code = xstrdup(d->code);
    t.title = xstrdup(d->title);
    t.section = xstrdup(d->section);
    t.project = d->start != NULL;
    t.duty.kind = PM_ITEM_TASK;
    t.duty.lead = (pm_party){false, xstrdup(d->lead), NULL};
    parties(d->co, &t.duty);
    snprintf(t.duty.deadline, sizeof t.duty.deadline, "%s", d->deadline);
    t.indicators = pm_split_names(d->indicators ? d->indicators : "", &t.nindicators);
    t.invest_planned = t.project ? d->planned : NAN;
    t.invest_spent = t.project ? d->spent : NAN;
    if (t.project) {
        snprintf(t.start, sizeof t.start, "%s", d->start);
        memcpy(t.finish, t.duty.deadline, sizeof t.finish);
        milestones(d->milestones, &t);
    }
    bool ok = pm_store_task_put(s, &t, WHO, err);
    pm_task_clear(&t);
    return ok;
}

/* The updates of a task, reported by its lead department's demo user and
 * approved, but the last of every third task left submitted and one
 * returned (the review queue has something in it). */
static bool put_updates(pm_store *s, const demo_task *d, size_t index, pm_err *err)
{
    size_t n;
    char **v = pm_split_names(d->updates ? d->updates : "", &n);
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++) {
        char *st = strchr(v[i], ':'), *pc = st ? strchr(st + 1, ':') : NULL;
        *st++ = '\0';
        *pc++ = '\0';
        pm_task_update u;
        memset(&u, 0, sizeof u);
        u.task = (char *)d->code;
        snprintf(u.period, sizeof u.period, "%s", v[i]);
        ok = pm_task_state_parse(st, &u.state);
        u.percent = atof(pc);
        u.text = (char *)update_text[u.state];
        char who[64];
        snprintf(who, sizeof who, "%s-示例", d->lead);
        u.who = who;
        long id;
        ok = ok && pm_store_task_update_add(s, &u, &id, err);
        bool last = i + 1 == n;
        if (ok && !(last && index % 3 == 2))
            ok = pm_store_task_update_review(s, id, PM_VS_APPROVED, "planner", NULL, err) == 1;
    }
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
    return ok;
}

/* One returned update: the reviewer asks for the figures behind it. */
static bool returned_update(pm_store *s, pm_err *err)
{
    pm_task_update u = {0};
    u.task = "RW14";
    snprintf(u.period, sizeof u.period, "2023Q4");
    u.state = PM_TS_DONE;
    u.percent = 100;
    u.text = "（示例）已完成。";
    u.who = "shzz-示例";
    long id;
    return pm_store_task_update_add(s, &u, &id, err) &&
           pm_store_task_update_review(s, id, PM_VS_RETURNED, "planner", "（示例）请补充社区社会组织登记数量的佐证材料", err) == 1;
}

static bool put_narratives(pm_store *s, pm_err *err)
{
    static const struct {
        pm_narr_scope scope;
        const char *target;
        pm_narr_kind kind;
        const char *text;
    } nv[] = {
        {PM_NS_SECTION, "work", PM_NK_WORK,
         "（示例）区民政局成立中期评估工作小组，对照规划确定的主要指标、重点任务和重大项目逐项梳理，各科室、各街道乡镇开展自评估。"},
        {PM_NS_SECTION, "problems", PM_NK_PROBLEMS,
         "（示例）部分养老服务设施建设受选址和资金影响进度滞后；社会工作专业人才增长慢于预期。"},
        {PM_NS_SECTION, "next_steps", PM_NK_NEXT_STEPS,
         "（示例）加快推进滞后项目，建立重点任务月调度机制；加大社会工作人才培养力度。"},
        {PM_NS_TASK, "XM01", PM_NK_PROBLEMS, "（示例）主体结构封顶节点未按期完成，主要原因是设计变更。"},
    };
    for (size_t i = 0; i < sizeof nv / sizeof nv[0]; i++) {
        pm_narrative x = {2023, nv[i].scope, (char *)nv[i].target, nv[i].kind, (char *)nv[i].text,
                          i < 2 ? PM_NST_ACCEPTED : PM_NST_DRAFT, "planner", NULL};
        if (!pm_store_narrative_put(s, &x, err))
            return false;
    }
    return true;
}

bool demo_work(pm_store *s, pm_err *err)
{
    bool ok = true;
    for (size_t i = 0; ok && i < sizeof depts / sizeof depts[0]; i++)
        ok = pm_store_dept_put(s, &depts[i], WHO, err);
    for (size_t i = 0; ok && i < sizeof tasks / sizeof tasks[0]; i++)
        ok = put_task(s, &tasks[i], err) && put_updates(s, &tasks[i], i, err);
    /* Indicators assigned to the lead departments of their tasks. */
    for (size_t i = 0; ok && i < sizeof tasks / sizeof tasks[0]; i++) {
        size_t n;
        char **v = pm_split_names(tasks[i].indicators ? tasks[i].indicators : "", &n);
        for (size_t k = 0; k < n; k++) {
            pm_assignment a = {PM_ITEM_INDICATOR, v[k], {false, (char *)tasks[i].lead, NULL}, NULL, 0, "2025-12-31"};
            ok = ok && pm_store_assignment_put(s, &a, WHO, err);
            free(v[k]);
        }
        free(v);
    }
    return ok && returned_update(s, err) && put_narratives(s, err);
}

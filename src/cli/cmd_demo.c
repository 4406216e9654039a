/* planmon demo [--db F] [--force]: a database with the built-in plan, the
 * Daxing district's towns and streets (real names) with synthetic
 * communities, and synthetic figures for 2020–2023 (示例数据) chosen so that
 * every status a mid-term review can meet appears, including a binding
 * indicator that is regressing. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/mem.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/demo_round.h"
#include "cli/demo_work.h"
#include "store/rounds.h"
#include "engine/synth.h"
#include "parse/formula.h"
#include "parse/builtin.h"
#include "store/plans.h"
#include "store/users.h"

#define DEMO_FIRST_YEAR 2020
#define DEMO_LAST_YEAR 2023
#define DEMO_SEED 20211231u

/* One user per role, so that a newcomer can try every role at once. Their
 * passwords are random and printed once (PLANMON_DEMO_PASSWORD fixes them
 * all, for tests): a demo database must not open with a known password. */
static const struct {
    const char *name, *display;
    pm_role role;
    const char *unit; /* NULL: the whole tree */
} demo_users[] = {
    {"admin", "系统管理员", PM_ROLE_ADMIN, NULL},
    {"planner", "区民政局规划科", PM_ROLE_PLANNER, NULL},
    {"reviewer", "区民政局审核人", PM_ROLE_REVIEWER, "110115"},
    {"reporter", "黄村镇填报人", PM_ROLE_REPORTER, "110115009"},
};
#define NDEMO_USERS (sizeof demo_users / sizeof demo_users[0])

/* Daxing's streets (街道) and towns (镇). */
static const char *const towns[] = {
    "兴丰街道", "林校路街道", "清源街道", "观音寺街道", "天宫院街道", "高米店街道", "荣华街道", "博兴街道",
    "黄村镇",   "西红门镇",   "旧宫镇",   "亦庄镇",     "瀛海镇",     "青云店镇",   "采育镇",   "安定镇",
    "礼贤镇",   "榆垡镇",     "庞各庄镇", "北臧村镇",   "魏善庄镇",   "长子营镇",
};
#define NTOWNS (sizeof towns / sizeof towns[0])

/* The course each of the built-in plan's 32 indicators takes in the demo. */
static const pm_course courses[32] = {
    PM_COURSE_AHEAD,      PM_COURSE_BEHIND,     PM_COURSE_ON_TRACK, PM_COURSE_AHEAD,    /* 1–4 */
    PM_COURSE_AHEAD,      PM_COURSE_ON_TRACK,   PM_COURSE_AHEAD,    PM_COURSE_LAGGING,  /* 5–8 */
    PM_COURSE_ON_TRACK,   PM_COURSE_BEHIND,     PM_COURSE_ON_TRACK, PM_COURSE_AHEAD,    /* 9–12 */
    PM_COURSE_AHEAD,      PM_COURSE_BEHIND,     PM_COURSE_ON_TRACK, PM_COURSE_LAGGING,  /* 13–16 */
    PM_COURSE_BEHIND,     PM_COURSE_ON_TRACK,   PM_COURSE_LAGGING,  PM_COURSE_AHEAD,    /* 17–20 */
    PM_COURSE_ON_TRACK,   PM_COURSE_BEHIND,     PM_COURSE_ON_TRACK, PM_COURSE_REGRESSING, /* 21–24 */
    PM_COURSE_REGRESSING, PM_COURSE_ON_TRACK,   PM_COURSE_ON_TRACK, PM_COURSE_AHEAD,    /* 25–28 */
    PM_COURSE_NONE,       PM_COURSE_LAGGING,    PM_COURSE_BEHIND,   PM_COURSE_AHEAD,    /* 29–32 */
};

/* The demo tree: the district, its towns and streets, and 6–17 synthetic
 * communities (streets) or villages (towns) under each. */
static bool demo_tree(pm_tree *tree, pm_err *err)
{
    size_t cap = 1 + NTOWNS * 20, n = 0;
    pm_unit_in *in = xcalloc(cap, sizeof *in);
    char buf[128];
    in[n++] = (pm_unit_in){xstrdup("110115"), xstrdup("大兴区"), NULL, PM_LEVEL_DISTRICT, 0, NULL, 0, 0};
    for (size_t t = 0; t < NTOWNS; t++) {
        snprintf(buf, sizeof buf, "110115%03zu", t + 1);
        char *tcode = xstrdup(buf);
        bool street = strstr(towns[t], "街道") != NULL;
        /* The groups No. 27 (乡镇 coverage) and a community's kind read. */
        in[n++] = (pm_unit_in){tcode, xstrdup(towns[t]), xstrdup("110115"), PM_LEVEL_TOWN, 0,
                               street ? "街道" : "镇", 0, 0};
        size_t kids = 6 + (t * 7) % 12;
        for (size_t c = 0; c < kids; c++) {
            snprintf(buf, sizeof buf, "%s%03zu", tcode, c + 1);
            char *ccode = xstrdup(buf);
            /* "兴丰街道" → "兴丰示例社区3"; "黄村镇" → "黄村示例村3" */
            size_t stem = strlen(towns[t]) - (street ? strlen("街道") : strlen("镇"));
            snprintf(buf, sizeof buf, "%.*s示例%s%zu", (int)stem, towns[t], street ? "社区" : "村", c + 1);
            in[n++] = (pm_unit_in){ccode, xstrdup(buf), xstrdup(tcode), PM_LEVEL_COMMUNITY, 0,
                                   street ? "城市社区" : "农村社区", 0, 0};
        }
    }
    bool ok = pm_tree_build(in, n, tree, err);
    for (size_t i = 0; i < n; i++) {
        free(in[i].code);
        free(in[i].name);
        free(in[i].parent_code);
    }
    free(in);
    return ok;
}

/* The store ids of the engine's elements and units (eid[el], uid[u]),
 * from the plan and units just stored. Both arrays are the caller's
 * (free them). */
static bool figure_ids(pm_store *s, const pm_engine *e, long **eid, long **uid, pm_err *err)
{
    pm_plan stored = {0};
    pm_tree units = {0};
    bool ok = pm_store_get_plan(s, &stored, err) && pm_store_get_units(s, &units, err);
    *eid = xcalloc(e->nelem + 1, sizeof **eid);
    *uid = xcalloc(e->nunits + 1, sizeof **uid);
    for (size_t el = 0; ok && el < e->nelem; el++) {
        int i = pm_plan_element(&stored, e->plan->elem[el].code);
        if (i >= 0)
            (*eid)[el] = stored.elem[i].id;
    }
    for (size_t u = 0; ok && u < e->nunits; u++) {
        int i = pm_tree_find(&units, e->tree->u[u].code);
        if (i >= 0)
            (*uid)[u] = units.u[i].id;
    }
    pm_tree_free(&units);
    pm_plan_free(&stored);
    return ok;
}

/* Writes every figure the generator made, approved, with history, in one
 * bulk write (one COPY on PostgreSQL; a figure at a time took some seven
 * round trips each there). Ids not found stay 0, and the store refuses
 * them, naming the row. */
static bool store_figures(pm_store *s, const pm_engine *e, size_t *count, pm_err *err)
{
    long *eid, *uid;
    bool ok = figure_ids(s, e, &eid, &uid, err);
    pm_value_write *w = xnmalloc(e->nelem * e->nyears * e->nunits + 1, sizeof *w);
    size_t n = 0;
    for (size_t el = 0; ok && el < e->nelem; el++)
        for (size_t y = 0; y < e->nyears; y++)
            for (size_t u = 0; u < e->nunits; u++) {
                double v = pm_engine_own_at(e, (int)el, (int)u, e->year0 + (int)y);
                if (!isnan(v) && !demo_round_owns(e->plan->elem[el].code, e->tree->u[u].code, e->year0 + (int)y))
                    w[n++] = (pm_value_write){eid[el], uid[u], e->year0 + (int)y, v, PM_VS_APPROVED, NULL, NAN, -1,
                                              false};
            }
    ok = ok && pm_store_write_values(s, w, n, "demo", "示例数据（合成）", err);
    if (ok)
        *count += n;
    free(w);
    free(uid);
    free(eid);
    return ok;
}

/* Town shares of the community-station target (No. 6), so that counts are
 * judged for towns that have a share of their own (分解目标). */
static bool demo_targets(pm_store *s, const pm_plan *plan, const pm_tree *tree, pm_err *err)
{
    const pm_indicator *ind = pm_plan_find(plan, "6");
    if (!ind)
        return true;
    size_t ncomm = 0;
    for (size_t u = 0; u < tree->n; u++)
        ncomm += tree->u[u].level == PM_LEVEL_COMMUNITY;
    pm_unit_target *t = xcalloc(NTOWNS, sizeof *t);
    size_t n = 0;
    for (size_t u = 0; u < tree->n && ncomm; u++) {
        if (tree->u[u].level != PM_LEVEL_TOWN)
            continue;
        double share = (double)(tree->end[u] - (int)u - 1) / (double)ncomm;
        t[n].unit = tree->u[u].code;
        t[n].indicator = ind->code;
        t[n].baseline = round(ind->baseline * share);
        t[n].target = ceil(ind->target * share);
        n++;
    }
    bool ok = pm_store_put_targets(s, t, n, err);
    free(t); /* the strings are borrowed from plan and tree */
    return ok;
}

/* The second plan (DESIGN "plan set"): the bureau's synthetic 十五五 plan
 * (示例) beside the 十四五 one, which stays the default; its figures of
 * 2026, its first year, entered at the district (a fifth of the way from
 * its baseline to its target, more or less), and one judgment by hand of
 * a qualitative indicator. The store goes back to the default plan. */
static bool demo_plan_15(pm_store *s, const pm_tree *tree, size_t *count, pm_err *err)
{
    pm_plan p;
    if (!pm_plan_builtin_named(PM_BUILTIN_OVERLAY_15, &p, err))
        return false;
    bool ok = pm_store_add_plan(s, &p, "15th", false, NULL, err);
    static const double pace[] = {0.1, 0.3, 0.2, 0.25, 0.15};
    for (size_t i = 0; ok && i < p.nind; i++) {
        const pm_indicator *x = &p.ind[i];
        if (x->qualitative || isnan(x->target))
            continue;
        double b = isnan(x->baseline) ? 0.6 * x->target : x->baseline;
        double v = b + (x->target - b) * pace[i % (sizeof pace / sizeof pace[0])];
        v = x->target >= 100 ? round(v) : round(v * 100) / 100;
        pm_value_change c = {x->code, tree->u[0].code, 2026, v, PM_VS_APPROVED, "demo", "示例数据（合成）", NULL,
                             false};
        ok = pm_store_set_value(s, &c, err);
        (*count)++;
    }
    const pm_indicator *q = pm_plan_find(&p, "7");
    pm_judgment j = {q ? q->code : "", tree->u[0].code, 2026, PM_VERDICT_MOSTLY,
                     "示例：新增护理型床位和驿站服务评价均有提升，老年人满意度调查尚未开展", NULL, "planner"};
    ok = ok && q && pm_store_judge(s, &j, err) && pm_store_use_plan(s, NULL, err);
    pm_plan_free(&p);
    return ok;
}

/* A contact for each town and street (the overdue list's 联系人, 电话, 电子邮箱):
 * synthetic, like every figure of the demo. */
static bool demo_contacts(pm_store *s, const pm_tree *tree, pm_err *err)
{
    pm_contact *c = xcalloc(tree->n + 1, sizeof *c);
    char (*person)[96] = xcalloc(tree->n + 1, sizeof *person);
    char (*phone)[24] = xcalloc(tree->n + 1, sizeof *phone);
    char (*email)[96] = xcalloc(tree->n + 1, sizeof *email);
    size_t n = 0;
    for (size_t i = 0; i < tree->n; i++) {
        if (tree->u[i].level != 1)
            continue;
        snprintf(person[n], sizeof person[n], "%s联络员（示例）", tree->u[i].name);
        snprintf(phone[n], sizeof phone[n], "010-6924%04zu", 1000 + i);
        /* Every fifth has no e-mail address: a 催报 by e-mail logs it as such. */
        if (n % 5 != 4)
            snprintf(email[n], sizeof email[n], "lianluo-%s@demo.planmon.example", tree->u[i].code);
        c[n] = (pm_contact){tree->u[i].code, person[n], phone[n], email[n]};
        n++;
    }
    bool ok = pm_store_put_contacts(s, c, n, err);
    free(c);
    free(person);
    free(phone);
    free(email);
    return ok;
}

/* Adds the demo users with their passwords (already hashed in pw). */
static bool demo_accounts(pm_store *s, const cli_password *pw, pm_err *err)
{
    for (size_t i = 0; i < NDEMO_USERS; i++) {
        pm_user_spec u = {demo_users[i].name, demo_users[i].display, demo_users[i].role, demo_users[i].unit,
                          pw[i].hash};
        if (!pm_store_user_add(s, &u, NULL, err))
            return false;
    }
    return true;
}

int cmd_demo(cli_opts o)
{
    /* --force replaces whatever is there: also what is no planmon database
     * (a file of something else; on PostgreSQL a schema planmon that is
     * another program's or damaged), which pm_store_exists refuses. When
     * the database cannot be reached at all, destroying fails too and
     * says so. */
    pm_err what = {0};
    int there = pm_store_exists(o.db, &what);
    if (there < 0 && !o.force)
        return cli_bad_input(&what);
    if (there) {
        if (!o.force)
            return cli_fail(EXIT_BADINPUT, "数据库 %s 已存在；如要重新生成示例数据库，请加 --force", cli_db_name(o.db));
        pm_err gone = {0};
        if (!pm_store_destroy(o.db, &gone))
            return cli_bad_input(&gone);
    }
    cli_password pw[NDEMO_USERS];
    const char *fixed = getenv("PLANMON_DEMO_PASSWORD");
    for (size_t i = 0; i < NDEMO_USERS; i++)
        if (!cli_password_get(demo_users[i].name, "PLANMON_DEMO_PASSWORD", false, &pw[i]))
            return EXIT_BADINPUT;
    pm_plan plan = {0};
    pm_tree tree = {0};
    pm_engine e = {0};
    pm_formula *f = NULL;
    pm_err err = {0};
    pm_store *s = NULL;
    size_t count = 0;
    bool ok = cli_load_plan(NULL, NULL, &plan) && demo_tree(&tree, &err) && plan.nind == 32 &&
              pm_plan_formulas(&plan, &f, &err) &&
              pm_engine_init(&e, &plan, &tree, f, DEMO_FIRST_YEAR, DEMO_LAST_YEAR, &err);
    if (ok) {
        pm_synth_fill(&e, courses, DEMO_FIRST_YEAR, DEMO_LAST_YEAR, DEMO_SEED);
        pm_err_file(&err, cli_db_name(o.db));
        s = pm_store_create(o.db, &err);
        ok = s && pm_store_begin(s, &err) && pm_store_put_plan(s, &plan, &err) &&
             pm_store_put_units(s, &tree, &err) && store_figures(s, &e, &count, &err) &&
             demo_targets(s, &plan, &tree, &err) && demo_contacts(s, &tree, &err) &&
             demo_plan_15(s, &tree, &count, &err) &&
             demo_accounts(s, pw, &err) && demo_work(s, &err) && demo_round(s, &e, &count, &err) &&
             pm_store_commit(s, &err);
        if (s && !ok)
            pm_store_rollback(s);
    }
    cli_db_close_new(s, o.db, ok);
    if (!ok) {
        if (err.msg[0])
            cli_bad_input(&err);
    } else {
        printf("已生成示例数据库 %s：%zu 个组织机构（大兴区、%zu 个街道乡镇及示例社区村），%d–%d 年共 %zu 个数据，"
               "全部为合成的示例数据。\n下一步：planmon status --db %s\n",
               cli_db_name(o.db), tree.n, NTOWNS, DEMO_FIRST_YEAR, DEMO_LAST_YEAR, count, cli_db_name(o.db));
        printf("库中有两个规划：当前规划为“十四五”规划（代码 14th）；另有合成的示例“十五五”规划（代码 15th，2026 年全区数据），"
               "查看：planmon status --db %s --plan 15th\n",
               cli_db_name(o.db));
        printf("\n示例用户（网页：planmon serve --db %s；密码只显示这一次）：\n", cli_db_name(o.db));
        for (size_t i = 0; i < NDEMO_USERS; i++)
            printf("  用户名 %-9s 密码 %-17s %s（%s）\n", demo_users[i].name,
                   pw[i].shown[0] ? pw[i].shown : fixed, pm_role_label(demo_users[i].role), demo_users[i].display);
    }
    pm_engine_free(&e);
    pm_tree_free(&tree);
    pm_plan_free(&plan);
    return ok ? EXIT_OK : EXIT_FAIL;
}

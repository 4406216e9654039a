/* The SQLite store: round trips of the plan, org units, figures and unit
 * targets; history that nothing rewrites; transactions; migrations from an
 * empty file and from version 1; refusals (newer schema, wrong modes); bulk
 * writes that land whole or not at all; review transitions over a subtree;
 * value and history listings with filters; and PRAGMA integrity_check /
 * foreign_key_check clean after all of it.
 * Databases live in a mkdtemp directory under /tmp, removed at the end.
 * The test reads and tampers with the files through sqlite3 directly. */
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "base/mem.h"
#include "base/secret.h"
#include "parse/builtin.h"
#include "store/sqlite_schema.h"
#include "store/store.h"
#include "store/unit_rows.h"
#include "store/users.h"

static char tmpdir[64];
static int ndb; /* databases made so far: each test gets fresh names */

/* A new path in the temporary directory; the caller frees it. */
static char *db_path(const char *stem)
{
    char *p = xmalloc(strlen(tmpdir) + strlen(stem) + 32);
    sprintf(p, "%s/%s-%d.db", tmpdir, stem, ++ndb);
    return p;
}

static pm_store *open_ok(const char *path, pm_open_mode mode)
{
    pm_err e = {0};
    pm_store *s = pm_store_open(path, mode, &e);
    if (!s)
        fail_msg("open %s: %s", path, e.msg);
    return s;
}

static void expect_open_error(const char *path, pm_open_mode mode, const char *word)
{
    pm_err e = {0};
    pm_store *s = pm_store_open(path, mode, &e);
    assert_null(s);
    if (!strstr(e.msg, word))
        fail_msg("error \"%s\" lacks \"%s\"", e.msg, word);
}

static void check_clean(pm_store *s)
{
    pm_err e = {0};
    if (!pm_store_check(s, &e))
        fail_msg("check: %s", e.msg);
}

static sqlite3 *raw_open(const char *path)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
                     SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    return db;
}

static void raw_exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg ? msg : "?");
    sqlite3_free(msg);
}

/* The one integer a query returns (the test's own fixed SQL). */
static long long raw_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static long long file_int(const char *path, const char *sql)
{
    sqlite3 *db = raw_open(path);
    long long v = raw_int(db, sql);
    sqlite3_close(db);
    return v;
}

static bool same_num(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

static bool same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

/* ---- fixtures --------------------------------------------------------------- */

static void add_element(pm_plan *p, const char *code, const char *name, const char *unit, pm_agg agg,
                        pm_value_kind kind, int level)
{
    p->elem = xrealloc(p->elem, (p->nelem + 1) * sizeof *p->elem);
    pm_element *e = &p->elem[p->nelem++];
    memset(e, 0, sizeof *e);
    e->code = xstrdup(code);
    e->name = xstrdup(name);
    e->unit = xstrdup(unit);
    e->agg = agg;
    e->kind = kind;
    e->level = level;
}

/* The built-in plan (its overlay's elements included) with a formula
 * changed, a rate flag flipped and hand-made elements of every aggregation
 * and kind. Caller frees with pm_plan_free. */
static void test_plan(pm_plan *p)
{
    pm_err e = {0};
    if (!pm_plan_builtin(p, &e))
        fail_msg("builtin: %s", e.msg);
    assert_true(p->nind >= 30);
    free(p->ind[0].formula);
    p->ind[0].formula = xstrdup("#{beds} / #{pop} * 1000");
    p->ind[1].rate = !p->ind[1].rate;
    add_element(p, "beds", "养老床位数", "张", PM_AGG_LAST, PM_KIND_COUNT, PM_LEVEL_TOWN);
    add_element(p, "pop", "常住人口", "人", PM_AGG_LAST, PM_KIND_NUMBER, -1);
    add_element(p, "served", "服务人次", "人次", PM_AGG_SUM, PM_KIND_COUNT, PM_LEVEL_COMMUNITY);
    add_element(p, "has_station", "是否建有驿站", "", PM_AGG_OWN, PM_KIND_FLAG, PM_LEVEL_COMMUNITY);
    add_element(p, "cover", "覆盖率", "%", PM_AGG_OWN, PM_KIND_SHARE, PM_LEVEL_DISTRICT);
}

/* District D; towns T1, T2; communities C1, C3 under T1 and C2 under T2,
 * given out of order. */
static void test_tree(pm_tree *t)
{
    pm_unit_in in[] = {
        {"C2", "二村", "T2", 2, 5, NULL, 0, 0}, {"T1", "黄村镇", "D", 1, 2, NULL, 0, 0}, {"D", "大兴区", NULL, 0, 1, NULL, 0, 0},
        {"C1", "一村", "T1", 2, 4, NULL, 0, 0}, {"T2", "西红门镇", "D", 1, 3, NULL, 0, 0}, {"C3", "三社区", "T1", 2, 6, NULL, 0, 0},
    };
    pm_err e = {0};
    if (!pm_tree_build(in, sizeof in / sizeof in[0], t, &e))
        fail_msg("tree: %s", e.msg);
}

/* A store at path with the test plan and tree in it. */
static pm_store *store_with_plan(const char *path)
{
    pm_store *s = open_ok(path, PM_STORE_CREATE);
    pm_plan p;
    test_plan(&p);
    pm_tree t;
    test_tree(&t);
    pm_err e = {0};
    if (!pm_store_put_plan(s, &p, &e) || !pm_store_put_units(s, &t, &e))
        fail_msg("put: %s", e.msg);
    pm_plan_free(&p);
    pm_tree_free(&t);
    return s;
}

static void set_ok(pm_store *s, const char *elem, const char *unit, int year, double v,
                   pm_vstate state, const char *why)
{
    pm_value_change c = {elem, unit, year, v, state, "tester", why, NULL, false};
    pm_err e = {0};
    if (!pm_store_set_value(s, &c, &e))
        fail_msg("set %s/%s/%d: %s", elem, unit, year, e.msg);
}

typedef struct scan_acc {
    size_t n;
    pm_value last;
    double sum;
} scan_acc;

static bool on_value(void *ctx, const pm_value *v)
{
    scan_acc *a = ctx;
    a->n++;
    a->last = *v;
    if (!isnan(v->value))
        a->sum += v->value;
    return true;
}

static scan_acc scan(pm_store *s)
{
    scan_acc a = {0};
    pm_err e = {0};
    if (!pm_store_scan_values(s, on_value, &a, &e))
        fail_msg("scan: %s", e.msg);
    return a;
}

/* ---- tests ------------------------------------------------------------------ */

static void test_vstate(void **state)
{
    (void)state;
    assert_string_equal(pm_vstate_str(PM_VS_DRAFT), "draft");
    assert_string_equal(pm_vstate_str(PM_VS_RETURNED), "returned");
    assert_string_equal(pm_vstate_label(PM_VS_SUBMITTED), "已提交");
    assert_string_equal(pm_vstate_label(PM_VS_APPROVED), "已审核");
    pm_vstate v;
    assert_true(pm_vstate_parse("approved", &v));
    assert_int_equal(v, PM_VS_APPROVED);
    assert_true(pm_vstate_parse("已退回", &v));
    assert_int_equal(v, PM_VS_RETURNED);
    assert_true(pm_vstate_parse("草稿", &v));
    assert_int_equal(v, PM_VS_DRAFT);
    assert_false(pm_vstate_parse("done", &v));
    assert_false(pm_vstate_parse("", &v));
}

static void test_open_modes(void **state)
{
    (void)state;
    char *path = db_path("modes");
    expect_open_error(path, PM_STORE_OPEN, "不存在");
    assert_int_equal(access(path, F_OK), -1); /* OPEN does not create */

    pm_store *s = open_ok(path, PM_STORE_CREATE);
    assert_int_equal(pm_store_version(s), pm_store_version_latest());
    assert_true(pm_store_version_latest() >= 2);
    assert_false(pm_store_has_plan(s));
    check_clean(s);
    pm_store_close(s);

    expect_open_error(path, PM_STORE_CREATE, "已存在");
    s = open_ok(path, PM_STORE_OPEN);
    pm_store_close(s);

    sqlite3 *db = raw_open(path);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
    assert_int_equal(raw_int(db, "PRAGMA application_id"), PM_SQLITE_APP_ID);
    sqlite3_close(db);

    /* A PostgreSQL URI goes to that backend: here to a server that is not there. */
    expect_open_error("postgresql:///planmon?host=/nonexistent-planmon-socket-dir", PM_STORE_OPEN,
                      "无法连接 PostgreSQL 服务器");
    expect_open_error("", PM_STORE_OPEN, "未指定");

    /* Somebody else's SQLite file, and a file that is no database. */
    char *other = db_path("other");
    db = raw_open(other);
    raw_exec(db, "CREATE TABLE t(x)");
    sqlite3_close(db);
    expect_open_error(other, PM_STORE_OPEN, "不是 planmon 数据库");
    expect_open_error(other, PM_STORE_CREATE, "已存在");

    char *junk = db_path("junk");
    FILE *f = fopen(junk, "w");
    assert_non_null(f);
    for (int i = 0; i < 200; i++)
        fputs("这不是数据库 not a database\n", f);
    fclose(f);
    expect_open_error(junk, PM_STORE_OPEN, "不是 SQLite 数据库");
    free(junk);
    free(other);
    free(path);
}

/* exists/create/destroy: the CLI's only view of where a database lives.
 * destroy removes the file with the WAL files SQLite keeps beside it. */
static void test_exists_create_destroy(void **state)
{
    (void)state;
    char *path = db_path("life");
    pm_err e = {0};
    assert_int_equal(pm_store_exists(path, &e), 0);
    pm_store *s = pm_store_create(path, &e);
    assert_non_null(s);
    assert_int_equal(pm_store_exists(path, &e), 1);
    pm_store *again = pm_store_create(path, &e);
    assert_null(again);
    assert_non_null(strstr(e.msg, "已存在"));
    pm_store_close(s);

    char wal[512];
    snprintf(wal, sizeof wal, "%s-wal", path);
    FILE *f = fopen(wal, "w"); /* as a crash leaves it */
    assert_non_null(f);
    fclose(f);
    e = (pm_err){0};
    assert_true(pm_store_destroy(path, &e));
    assert_int_equal(pm_store_exists(path, &e), 0);
    assert_int_equal(access(wal, F_OK), -1);
    assert_true(pm_store_destroy(path, &e)); /* nothing there: no error */

    char inner[600];
    snprintf(inner, sizeof inner, "%s/x.db", path); /* a path through a file that is gone */
    assert_int_equal(pm_store_exists(inner, &e), 0);
    e = (pm_err){0};
    assert_int_equal(pm_store_exists("", &e), -1);
    assert_non_null(strstr(e.msg, "未指定"));
    free(path);
}

static void compare_plans(const pm_plan *a, const pm_plan *b)
{
    assert_true(same_str(a->title, b->title));
    assert_int_equal(a->base_year, b->base_year);
    assert_int_equal(a->target_year, b->target_year);
    assert_int_equal(a->ngoals, b->ngoals);
    for (size_t i = 0; i < a->ngoals; i++) {
        assert_string_equal(a->goals[i].label, b->goals[i].label);
        assert_string_equal(a->goals[i].title, b->goals[i].title);
        assert_true(same_str(a->goals[i].domain, b->goals[i].domain));
    }
    assert_int_equal(a->nind, b->nind);
    for (size_t i = 0; i < a->nind; i++) {
        const pm_indicator *x = &a->ind[i], *y = &b->ind[i];
        assert_int_equal(x->no, y->no);
        assert_string_equal(x->code, y->code);
        assert_string_equal(x->domain, y->domain);
        assert_true(same_str(x->subdomain, y->subdomain));
        assert_string_equal(x->name, y->name);
        assert_string_equal(x->unit, y->unit);
        assert_true(same_num(x->baseline, y->baseline));
        assert_true(same_num(x->target, y->target));
        assert_int_equal(x->target_op, y->target_op);
        assert_int_equal(x->binding, y->binding);
        assert_int_equal(x->cumulative, y->cumulative);
        assert_int_equal(x->polarity, y->polarity);
        assert_true(same_str(x->formula, y->formula));
        assert_int_equal(x->rate, y->rate);
        assert_int_equal(x->line, y->line);
    }
    assert_int_equal(a->nelem, b->nelem);
    for (size_t i = 0; i < a->nelem; i++) {
        const pm_element *x = &a->elem[i], *y = &b->elem[i];
        assert_string_equal(x->code, y->code);
        assert_string_equal(x->name, y->name);
        assert_string_equal(x->unit, y->unit);
        assert_int_equal(x->agg, y->agg);
        assert_int_equal(x->kind, y->kind);
        assert_int_equal(x->level, y->level);
    }
}

static long elem_id(const pm_plan *p, const char *code)
{
    int i = pm_plan_element(p, code);
    return i < 0 ? 0 : p->elem[i].id;
}

static void test_plan_round_trip(void **state)
{
    (void)state;
    char *path = db_path("plan");
    pm_store *s = open_ok(path, PM_STORE_CREATE);
    pm_plan p;
    test_plan(&p);
    size_t nan_baselines = 0;
    for (size_t i = 0; i < p.nind; i++)
        nan_baselines += isnan(p.ind[i].baseline);
    assert_true(nan_baselines > 0); /* the seed has indicators without a 2020 figure */

    pm_err e = {0};
    assert_true(pm_store_put_plan(s, &p, &e));
    assert_true(pm_store_has_plan(s));
    pm_plan q;
    assert_true(pm_store_get_plan(s, &q, &e));
    compare_plans(&p, &q);
    for (size_t i = 0; i < q.nelem; i++)
        assert_true(q.elem[i].id > 0);
    long beds = elem_id(&q, "beds"), served = elem_id(&q, "served");
    pm_plan_free(&q);

    /* Units, then a value on "served": the element is now in use. */
    pm_tree t;
    test_tree(&t);
    assert_true(pm_store_put_units(s, &t, &e));
    pm_tree_free(&t);
    set_ok(s, "served", "C1", 2021, 120, PM_VS_DRAFT, NULL);

    /* A new plan without "served" and "cover": "cover" (unused) goes,
     * "served" is kept out of the plan but keeps its id and values; the
     * others keep their ids. */
    pm_plan r;
    test_plan(&r);
    free(r.title);
    r.title = xstrdup("改过的标题");
    for (size_t i = 0; i < r.nelem; i++) {
        if (!strcmp(r.elem[i].code, "served") || !strcmp(r.elem[i].code, "cover")) {
            free(r.elem[i].code);
            free(r.elem[i].name);
            free(r.elem[i].unit);
            r.elem[i] = r.elem[--r.nelem];
            i--;
        }
    }
    assert_true(pm_store_put_plan(s, &r, &e));
    assert_true(pm_store_get_plan(s, &q, &e));
    compare_plans(&r, &q);
    assert_string_equal(q.title, "改过的标题");
    assert_int_equal(elem_id(&q, "beds"), beds);
    assert_int_equal(pm_plan_element(&q, "served"), -1);
    pm_plan_free(&q);
    assert_int_equal(file_int(path, "SELECT count(*) FROM element WHERE code = 'cover'"), 0);
    assert_int_equal(file_int(path, "SELECT count(*) FROM element WHERE code = 'served'"), 1);
    assert_int_equal(scan(s).n, 1);

    /* A value for an element out of the plan is refused. */
    pm_value_change c = {"served", "C1", 2022, 1, PM_VS_DRAFT, "tester", NULL, NULL, false};
    assert_false(pm_store_set_value(s, &c, &e));
    assert_non_null(strstr(e.msg, "served"));

    /* Back in the plan, it is the same element. */
    assert_true(pm_store_put_plan(s, &p, &e));
    assert_true(pm_store_get_plan(s, &q, &e));
    compare_plans(&p, &q);
    assert_int_equal(elem_id(&q, "served"), served);
    pm_plan_free(&q);

    /* A plan naming an element twice is refused whole. */
    add_element(&r, "beds", "又一个床位", "张", PM_AGG_SUM, PM_KIND_COUNT, -1);
    assert_false(pm_store_put_plan(s, &r, &e));
    assert_non_null(strstr(e.msg, "beds"));
    assert_true(pm_store_get_plan(s, &q, &e));
    compare_plans(&p, &q);
    pm_plan_free(&q);

    check_clean(s);
    pm_plan_free(&r);
    pm_plan_free(&p);
    pm_store_close(s);
    free(path);
}

static void test_get_plan_empty(void **state)
{
    (void)state;
    char *path = db_path("noplan");
    pm_store *s = open_ok(path, PM_STORE_CREATE);
    pm_plan q;
    pm_err e = {0};
    assert_false(pm_store_get_plan(s, &q, &e));
    assert_non_null(strstr(e.msg, "还没有规划"));
    assert_int_equal(q.nind, 0);
    assert_null(q.ind);
    pm_store_close(s);
    free(path);
}

static void compare_trees(const pm_tree *a, const pm_tree *b)
{
    assert_int_equal(a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        assert_string_equal(a->u[i].code, b->u[i].code);
        assert_string_equal(a->u[i].name, b->u[i].name);
        assert_int_equal(a->u[i].parent, b->u[i].parent);
        assert_int_equal(a->u[i].level, b->u[i].level);
        assert_int_equal(a->end[i], b->end[i]);
        assert_true(!a->u[i].group == !b->u[i].group);
        if (a->u[i].group)
            assert_string_equal(a->u[i].group, b->u[i].group);
        assert_int_equal(a->u[i].valid_from, b->u[i].valid_from);
        assert_int_equal(a->u[i].valid_to, b->u[i].valid_to);
    }
    assert_int_equal(a->dated, b->dated);
}

static void test_units_round_trip(void **state)
{
    (void)state;
    char *path = db_path("units");
    pm_store *s = open_ok(path, PM_STORE_CREATE);
    pm_err e = {0};
    pm_tree t, u;
    assert_true(pm_store_get_units(s, &u, &e)); /* none yet */
    assert_int_equal(u.n, 0);
    pm_tree_free(&u);

    test_tree(&t);
    assert_true(pm_store_put_units(s, &t, &e));
    assert_true(pm_store_get_units(s, &u, &e));
    compare_trees(&t, &u);
    long ids[16];
    for (size_t i = 0; i < u.n; i++) {
        ids[i] = u.u[i].id;
        assert_true(ids[i] > 0);
        for (size_t j = 0; j < i; j++)
            assert_true(ids[j] != ids[i]);
    }
    assert_string_equal(u.u[0].code, "D");
    assert_int_equal(u.end[0], (int)u.n);
    pm_tree_free(&u);

    /* Again with a renamed town, a community moved to T2 and a new one:
     * known codes keep their ids. */
    pm_unit_in in[] = {
        {"D", "大兴区", NULL, 0, 1, NULL, 0, 0},       {"T1", "黄村镇（改）", "D", 1, 2, NULL, 0, 0},
        {"T2", "西红门镇", "D", 1, 3, NULL, 0, 0},     {"C1", "一村", "T1", 2, 4, NULL, 0, 0},
        {"C3", "三社区", "T2", 2, 6, NULL, 0, 0},      {"C2", "二村", "T2", 2, 5, NULL, 0, 0},
        {"C4", "四村", "T2", 2, 7, NULL, 0, 0},
    };
    pm_tree t2;
    assert_true(pm_tree_build(in, sizeof in / sizeof in[0], &t2, &e));
    assert_true(pm_store_put_units(s, &t2, &e));
    assert_true(pm_store_get_units(s, &u, &e));
    compare_trees(&t2, &u);
    for (size_t i = 0; i < t.n; i++) {
        int k = pm_tree_find(&u, t.u[i].code);
        assert_true(k >= 0);
        assert_int_equal(u.u[k].id, ids[i]);
    }
    assert_string_equal(u.u[pm_tree_find(&u, "T1")].name, "黄村镇（改）");
    pm_tree_free(&u);

    /* Groups and validity (schema 12) come back as put; a put without
     * them clears them. */
    pm_unit_in grouped[] = {
        {"D", "大兴区", NULL, 0, 1, NULL, 0, 0},        {"T1", "黄村镇（改）", "D", 1, 2, "镇", 0, 0},
        {"T2", "西红门镇", "D", 1, 3, "镇", 0, 0},      {"C1", "一村", "T1", 2, 4, "农村社区", 0, 2022},
        {"C3", "三社区", "T2", 2, 6, "城市社区", 2021, 0}, {"C2", "二村", "T2", 2, 5, NULL, 0, 0},
        {"C4", "四村", "T2", 2, 7, NULL, 2020, 2024},
    };
    pm_tree tg;
    assert_true(pm_tree_build(grouped, sizeof grouped / sizeof grouped[0], &tg, &e));
    assert_true(pm_store_put_units(s, &tg, &e));
    assert_true(pm_store_get_units(s, &u, &e));
    compare_trees(&tg, &u);
    pm_tree_free(&u);
    pm_tree_free(&tg);
    assert_true(pm_store_put_units(s, &t2, &e));
    assert_true(pm_store_get_units(s, &u, &e));
    compare_trees(&t2, &u);
    pm_tree_free(&u);

    /* A second root is refused and changes nothing. */
    pm_unit_in other[] = {{"X", "别的区", NULL, 0, 1, NULL, 0, 0}, {"XT", "别的镇", "X", 1, 2, NULL, 0, 0}};
    pm_tree t3;
    assert_true(pm_tree_build(other, 2, &t3, &e));
    assert_false(pm_store_put_units(s, &t3, &e));
    assert_non_null(strstr(e.msg, "一个根"));
    pm_tree_free(&t3);
    /* So is a unit whose new level is not below a child's that the put
     * did not name. */
    pm_unit_in flat[] = {{"D", "大兴区", NULL, 0, 1, NULL, 0, 0}, {"T2", "西红门镇", "D", 2, 2, NULL, 0, 0}};
    assert_true(pm_tree_build(flat, 2, &t3, &e));
    assert_false(pm_store_put_units(s, &t3, &e));
    assert_non_null(strstr(e.msg, "层级"));
    pm_tree_free(&t3);
    assert_true(pm_store_get_units(s, &u, &e));
    compare_trees(&t2, &u);
    pm_tree_free(&u);

    check_clean(s);
    pm_tree_free(&t2);
    pm_tree_free(&t);
    pm_store_close(s);
    free(path);
}

static void test_values_and_history(void **state)
{
    (void)state;
    char *path = db_path("values");
    pm_store *s = store_with_plan(path);
    set_ok(s, "beds", "T1", 2021, 100, PM_VS_DRAFT, NULL);
    set_ok(s, "beds", "T1", 2021, 130, PM_VS_SUBMITTED, "更正：漏报一家养老院");
    scan_acc a = scan(s);
    assert_int_equal(a.n, 1);
    assert_true(a.last.value == 130);
    assert_int_equal(a.last.state, PM_VS_SUBMITTED);
    assert_int_equal(a.last.year, 2021);
    assert_true(a.last.element_id > 0 && a.last.unit_id > 0);

    sqlite3 *db = raw_open(path);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM value_history"), 2);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM value_history h JOIN element e ON e.id ="
                                 " h.element_id JOIN org_unit u ON u.id = h.unit_id"
                                 " WHERE e.code = 'beds' AND u.code = 'T1' AND h.year = 2021"),
                     2);
    /* First change: no figure before it. */
    assert_int_equal(raw_int(db, "SELECT old_value IS NULL AND old_state IS NULL AND new_value = 100"
                                 " AND new_state = 0 AND who = 'tester' AND why IS NULL"
                                 " FROM value_history ORDER BY id LIMIT 1"),
                     1);
    /* Second: old and new, the reason, a UTC time. */
    assert_int_equal(raw_int(db, "SELECT old_value = 100 AND old_state = 0 AND new_value = 130"
                                 " AND new_state = 1 AND why = '更正：漏报一家养老院'"
                                 " AND at LIKE '____-__-__T__:__:__.___Z'"
                                 " FROM value_history ORDER BY id DESC LIMIT 1"),
                     1);

    /* Nothing rewrites history, not even SQL from outside planmon. */
    char *msg = NULL;
    assert_int_not_equal(sqlite3_exec(db, "UPDATE value_history SET new_value = 1", NULL, NULL, &msg),
                         SQLITE_OK);
    assert_non_null(msg);
    assert_non_null(strstr(msg, "只能追加"));
    sqlite3_free(msg);
    msg = NULL;
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM value_history", NULL, NULL, &msg), SQLITE_OK);
    assert_non_null(strstr(msg, "只能追加"));
    sqlite3_free(msg);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM value_history"), 2);
    sqlite3_close(db);

    /* Unknown codes are named; nothing is written. */
    pm_err e = {0};
    pm_value_change c = {"nosuch", "T1", 2021, 1, PM_VS_DRAFT, "tester", NULL, NULL, false};
    assert_false(pm_store_set_value(s, &c, &e));
    assert_non_null(strstr(e.msg, "未知数据项"));
    assert_non_null(strstr(e.msg, "nosuch"));
    c.element = "beds";
    c.unit = "Z9";
    assert_false(pm_store_set_value(s, &c, &e));
    assert_non_null(strstr(e.msg, "未知组织机构"));
    assert_non_null(strstr(e.msg, "Z9"));
    c.unit = "T1";
    c.who = NULL;
    assert_false(pm_store_set_value(s, &c, &e));
    c.who = "tester";
    c.state = (pm_vstate)9;
    assert_false(pm_store_set_value(s, &c, &e));
    assert_int_equal(file_int(path, "SELECT count(*) FROM value_history"), 2);

    /* NaN in, NULL stored, NaN out; comments kept across a change without one. */
    pm_value_change blank = {"pop", "C1", 2022, NAN, PM_VS_DRAFT, "tester", NULL, "暂无统计", false};
    assert_true(pm_store_set_value(s, &blank, &e));
    blank.value = 5;
    blank.comment = NULL;
    blank.state = PM_VS_APPROVED;
    assert_true(pm_store_set_value(s, &blank, &e));
    assert_int_equal(file_int(path, "SELECT count(*) FROM data_value d JOIN element e ON e.id ="
                                    " d.element_id WHERE e.code = 'pop' AND d.comment = '暂无统计'"),
                     1);
    assert_int_equal(file_int(path, "SELECT count(*) FROM value_history WHERE old_value IS NULL"
                                    " AND old_state = 0 AND new_value = 5"),
                     1);
    blank.value = NAN;
    assert_true(pm_store_set_value(s, &blank, &e));
    a = scan(s);
    assert_int_equal(a.n, 2);
    assert_true(a.sum == 130); /* the NaN adds nothing */
    assert_int_equal(file_int(path, "SELECT count(*) FROM data_value WHERE value IS NULL"), 1);

    check_clean(s);
    pm_store_close(s);
    free(path);
}

static bool stop_after_two(void *ctx, const pm_value *v)
{
    (void)v;
    return ++*(int *)ctx < 2;
}

static void test_scan(void **state)
{
    (void)state;
    char *path = db_path("scan");
    pm_store *s = store_with_plan(path);
    const char *units[] = {"D", "T1", "T2", "C1", "C2", "C3"};
    double want = 0;
    pm_err e = {0};
    assert_true(pm_store_begin(s, &e));
    for (int y = 2020; y <= 2023; y++) {
        for (int u = 0; u < 6; u++) {
            set_ok(s, "served", units[u], y, y * 10 + u, PM_VS_APPROVED, NULL);
            want += y * 10 + u;
        }
    }
    assert_true(pm_store_commit(s, &e));
    scan_acc a = scan(s);
    assert_int_equal(a.n, 24);
    assert_true(a.sum == want);
    int n = 0;
    assert_true(pm_store_scan_values(s, stop_after_two, &n, &e));
    assert_int_equal(n, 2);
    /* The statement was reset: a second full scan sees everything. */
    assert_int_equal(scan(s).n, 24);
    pm_store_close(s);
    free(path);
}

static void test_transactions(void **state)
{
    (void)state;
    char *path = db_path("tx");
    pm_store *s = store_with_plan(path);
    pm_err e = {0};

    assert_true(pm_store_begin(s, &e));
    assert_false(pm_store_begin(s, &e)); /* no nesting of explicit transactions */
    set_ok(s, "beds", "T1", 2021, 1, PM_VS_DRAFT, NULL);
    set_ok(s, "beds", "T2", 2021, 2, PM_VS_DRAFT, NULL);
    assert_int_equal(scan(s).n, 2); /* visible inside */
    pm_store_rollback(s);
    assert_int_equal(scan(s).n, 0);
    assert_int_equal(file_int(path, "SELECT count(*) FROM value_history"), 0);
    assert_false(pm_store_commit(s, &e)); /* nothing to commit */

    /* A failing call inside a transaction undoes only itself. */
    assert_true(pm_store_begin(s, &e));
    set_ok(s, "beds", "T1", 2021, 1, PM_VS_DRAFT, NULL);
    pm_value_change bad = {"beds", "nosuch", 2021, 1, PM_VS_DRAFT, "tester", NULL, NULL, false};
    assert_false(pm_store_set_value(s, &bad, &e));
    set_ok(s, "beds", "T2", 2021, 2, PM_VS_DRAFT, NULL);
    assert_true(pm_store_commit(s, &e));
    assert_int_equal(scan(s).n, 2);
    assert_int_equal(file_int(path, "SELECT count(*) FROM value_history"), 2);

    /* A plan replaced and rolled back leaves the old plan. */
    pm_plan p;
    test_plan(&p);
    assert_true(pm_store_begin(s, &e));
    pm_plan r = {0};
    r.base_year = 2000;
    r.target_year = 2005;
    assert_true(pm_store_put_plan(s, &r, &e));
    pm_store_rollback(s);
    pm_plan q;
    assert_true(pm_store_get_plan(s, &q, &e));
    compare_plans(&p, &q);
    pm_plan_free(&q);
    pm_plan_free(&p);

    /* Closing with a transaction open loses it. */
    assert_true(pm_store_begin(s, &e));
    set_ok(s, "beds", "C1", 2021, 3, PM_VS_DRAFT, NULL);
    pm_store_close(s);
    s = open_ok(path, PM_STORE_OPEN);
    assert_int_equal(scan(s).n, 2);
    check_clean(s);
    pm_store_close(s);
    free(path);
}

static void test_targets(void **state)
{
    (void)state;
    char *path = db_path("targets");
    pm_store *s = store_with_plan(path);
    pm_err e = {0};
    pm_unit_target *t = NULL;
    size_t n = 9;
    assert_true(pm_store_get_targets(s, &t, &n, &e));
    assert_int_equal(n, 0);
    assert_null(t);

    pm_unit_target in[] = {
        {"T1", "I05", 3.5, 7},
        {"T2", "I05", NAN, 8},
        {"T1", "I02", 0, 100},
    };
    assert_true(pm_store_put_targets(s, in, 3, &e));
    assert_true(pm_store_get_targets(s, &t, &n, &e));
    assert_int_equal(n, 3);
    /* By unit, then indicator. */
    assert_string_equal(t[0].unit, "T1");
    assert_string_equal(t[0].indicator, "I02");
    assert_true(t[0].baseline == 0 && t[0].target == 100);
    assert_string_equal(t[1].indicator, "I05");
    assert_true(t[1].baseline == 3.5 && t[1].target == 7);
    assert_string_equal(t[2].unit, "T2");
    assert_true(isnan(t[2].baseline) && t[2].target == 8);
    pm_unit_targets_free(t, n);

    /* Bad sets are refused whole, naming the culprit. */
    pm_unit_target bad_unit[] = {{"T1", "I01", 1, 2}, {"ZZ", "I01", 1, 2}};
    assert_false(pm_store_put_targets(s, bad_unit, 2, &e));
    assert_non_null(strstr(e.msg, "ZZ"));
    pm_unit_target bad_ind[] = {{"T1", "I99", 1, 2}};
    assert_false(pm_store_put_targets(s, bad_ind, 1, &e));
    assert_non_null(strstr(e.msg, "I99"));
    pm_unit_target dup[] = {{"T1", "I01", 1, 2}, {"T1", "I01", 1, 3}};
    assert_false(pm_store_put_targets(s, dup, 2, &e));
    assert_non_null(strstr(e.msg, "I01"));
    pm_unit_target no_target[] = {{"T1", "I01", 1, NAN}};
    assert_false(pm_store_put_targets(s, no_target, 1, &e));
    assert_true(pm_store_get_targets(s, &t, &n, &e));
    assert_int_equal(n, 3);
    pm_unit_targets_free(t, n);

    /* Replacing the plan keeps them. */
    pm_plan p;
    test_plan(&p);
    assert_true(pm_store_put_plan(s, &p, &e));
    pm_plan_free(&p);
    assert_true(pm_store_get_targets(s, &t, &n, &e));
    assert_int_equal(n, 3);
    pm_unit_targets_free(t, n);

    /* An empty set clears them. */
    assert_true(pm_store_put_targets(s, NULL, 0, &e));
    assert_true(pm_store_get_targets(s, &t, &n, &e));
    assert_int_equal(n, 0);
    check_clean(s);
    pm_store_close(s);
    free(path);
}

static void test_migrate_from_empty_file(void **state)
{
    (void)state;
    char *path = db_path("empty");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
    pm_store *s = open_ok(path, PM_STORE_OPEN);
    assert_int_equal(pm_store_version(s), pm_store_version_latest());
    check_clean(s);
    pm_store_close(s);
    assert_int_equal(file_int(path, "PRAGMA user_version"), pm_store_version_latest());
    assert_int_equal(file_int(path, "PRAGMA application_id"), PM_SQLITE_APP_ID);
    assert_int_equal(file_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'unit_target'"), 1);
    free(path);
}

/* Tables without the data generation's three triggers, besides the auth
 * tables, value_history and value_batch, the packed blocks (value_block, value_block_meta)
 * and SQLite's own: none, for every table a
 * migration made (sqlite_datagen.c). */
static long long tables_without_generation(const char *path)
{
    return file_int(path, "SELECT count(*) FROM sqlite_master t WHERE t.type = 'table'"
                          " AND t.name NOT LIKE 'sqlite_%' AND t.name NOT IN ('users', 'sessions', 'api_tokens',"
                          " 'login_attempts', 'audit_log', 'value_history', 'value_batch', 'data_gen', 'value_block',"
                          " 'value_block_meta')"
                          " AND (SELECT count(*) FROM sqlite_master g WHERE g.type = 'trigger'"
                          "      AND g.tbl_name = t.name AND g.name LIKE 'datagen\\_%' ESCAPE '\\') <> 3");
}

static long long generation(pm_store *s)
{
    long long g = 0;
    pm_err e = {0};
    if (!pm_store_data_generation(s, &g, &e))
        fail_msg("generation: %s", e.msg);
    return g;
}

/* The data generation moves with figures, plans and units, never with a
 * user, a session or its end (issue 17: a login must not make the server
 * evaluate again). */
static void test_data_generation(void **state)
{
    (void)state;
    char *path = db_path("datagen");
    pm_store *s = store_with_plan(path);
    long long g0 = generation(s);
    set_ok(s, "beds", "T1", 2021, 100, PM_VS_DRAFT, NULL);
    long long g1 = generation(s);
    assert_true(g1 != g0);

    char h[SECRET_PWHASH_LEN];
    assert_true(secret_hash_password("pw-for-test-2025", h));
    pm_user_spec u = {"alice", "显示名", PM_ROLE_ADMIN, NULL, h};
    long id = 0;
    pm_err e = {0};
    assert_true(pm_store_user_add(s, &u, &id, &e));
    assert_true(pm_store_session_add(s, id, "hash-of-a-session", "csrf", 3600, &e));
    assert_true(pm_store_session_end(s, "hash-of-a-session", &e));
    assert_true(pm_store_login_failed(s, "alice", "127.0.0.1", &e));
    assert_true(generation(s) == g1);

    pm_tree t;
    test_tree(&t);
    free(t.u[1].name);
    t.u[1].name = xstrdup("改名镇");
    assert_true(pm_store_put_units(s, &t, &e));
    pm_tree_free(&t);
    long long g2 = generation(s);
    assert_true(g2 != g1);
    pm_store_close(s);
    assert_int_equal(tables_without_generation(path), 0);
    free(path);
}

/* A database as version 1 of planmon wrote it: migration 1 alone, then
 * data through plain SQL. Opening migrates it forward, data intact. */
static void test_migrate_from_v1(void **state)
{
    (void)state;
    char *path = db_path("v1");
    sqlite3 *db = raw_open(path);
    raw_exec(db, "PRAGMA journal_mode = WAL");
    raw_exec(db, "BEGIN");
    raw_exec(db, pm_sqlite_migrations[0]);
    raw_exec(db, "PRAGMA user_version = 1");
    raw_exec(db, "INSERT INTO plan VALUES (1, '旧规划', 2020, 2025)");
    raw_exec(db, "INSERT INTO indicator(code, no, domain, name, unit, baseline, target, target_op,"
                 " binding, cumulative, polarity, rate, ord)"
                 " VALUES ('I01', 1, '养老服务', '养老床位', '张', NULL, 500, '>=', 1, 0, 1, 0, 0)");
    raw_exec(db, "INSERT INTO element(id, code, name, unit, agg, kind, level, ord)"
                 " VALUES (7, 'I01', '养老床位', '张', 'last', 'count', 1, 0)");
    raw_exec(db, "INSERT INTO org_unit(id, code, name, parent_id, level, ord)"
                 " VALUES (1, 'D', '大兴区', NULL, 0, 0), (2, 'T1', '黄村镇', 1, 1, 1)");
    raw_exec(db, "INSERT INTO data_value VALUES (7, 2, 2021, 321.5, 2, NULL)");
    raw_exec(db, "INSERT INTO value_history(element_id, unit_id, year, at, who, new_value, new_state)"
                 " VALUES (7, 2, 2021, '2022-01-05T08:00:00.000Z', 'old', 321.5, 2)");
    raw_exec(db, "COMMIT");
    assert_int_equal(raw_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'unit_target'"), 0);
    sqlite3_close(db);

    pm_store *s = open_ok(path, PM_STORE_OPEN);
    assert_int_equal(pm_store_version(s), pm_store_version_latest());
    pm_err e = {0};
    pm_plan p;
    assert_true(pm_store_get_plan(s, &p, &e));
    assert_string_equal(p.title, "旧规划");
    assert_int_equal(p.nind, 1);
    assert_true(isnan(p.ind[0].baseline));
    assert_int_equal(p.ind[0].target_op, PM_OP_GE);
    assert_true(p.ind[0].binding);
    assert_int_equal(p.nelem, 1);
    assert_int_equal(p.elem[0].id, 7);
    assert_int_equal(p.elem[0].agg, PM_AGG_LAST);
    pm_plan_free(&p);
    pm_tree t;
    assert_true(pm_store_get_units(s, &t, &e));
    assert_int_equal(t.n, 2);
    assert_int_equal(t.u[1].id, 2);
    pm_tree_free(&t);
    scan_acc a = scan(s);
    assert_int_equal(a.n, 1);
    assert_true(a.last.value == 321.5);
    assert_int_equal(a.last.state, PM_VS_APPROVED);
    /* What version 2 added works. */
    pm_unit_target ut = {"T1", "I01", NAN, 100};
    assert_true(pm_store_put_targets(s, &ut, 1, &e));
    set_ok(s, "I01", "T1", 2022, 400, PM_VS_DRAFT, NULL);
    check_clean(s);
    pm_store_close(s);
    assert_int_equal(file_int(path, "PRAGMA user_version"), pm_store_version_latest());
    assert_int_equal(file_int(path, "SELECT count(*) FROM value_history"), 2);
    /* The old row through the rebuild of 21: its id, who and when kept. */
    assert_int_equal(file_int(path, "SELECT count(*) FROM value_history WHERE id = 1 AND who = 'old'"
                                    " AND at = '2022-01-05T08:00:00.000Z' AND new_value = 321.5 AND batch_id IS NULL"),
                     1);
    assert_int_equal(tables_without_generation(path), 0);
    free(path);
}

static void test_newer_refused(void **state)
{
    (void)state;
    char *path = db_path("newer");
    pm_store *s = store_with_plan(path);
    pm_store_close(s);
    sqlite3 *db = raw_open(path);
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", pm_store_version_latest() + 1);
    raw_exec(db, sql);
    sqlite3_close(db);
    expect_open_error(path, PM_STORE_OPEN, "数据库版本较新");
    /* Asked whether a database is there, the store says it cannot use this
     * one (the CLI's exit 2), as PostgreSQL's does for a newer schema. */
    pm_err e = {0};
    assert_int_equal(pm_store_exists(path, &e), -1);
    assert_non_null(strstr(e.msg, "数据库版本较新"));
    /* Untouched by the refusal. */
    assert_int_equal(file_int(path, "PRAGMA user_version"), pm_store_version_latest() + 1);
    free(path);
}

static void test_check_finds_damage(void **state)
{
    (void)state;
    char *path = db_path("damage");
    pm_store *s = store_with_plan(path);
    check_clean(s);
    /* A value pointing at no element, written with foreign keys off. */
    sqlite3 *db = raw_open(path);
    raw_exec(db, "INSERT INTO data_value(element_id, unit_id, year, value, state, comment) VALUES (9999, 1, 2021, 1, 0, NULL)");
    sqlite3_close(db);
    pm_err e = {0};
    assert_false(pm_store_check(s, &e));
    assert_non_null(strstr(e.msg, "data_value"));
    pm_store_close(s);
    free(path);
}

/* ---- bulk writes, review transitions, listings ------------------------------------ */

/* A store with the test plan and tree, and both read back with their ids. */
typedef struct fixture {
    char *path;
    pm_store *s;
    pm_plan p;
    pm_tree t;
} fixture;

static void fixture_open(fixture *f, const char *stem)
{
    f->path = db_path(stem);
    f->s = store_with_plan(f->path);
    pm_err e = {0};
    if (!pm_store_get_plan(f->s, &f->p, &e) || !pm_store_get_units(f->s, &f->t, &e))
        fail_msg("get: %s", e.msg);
}

static void fixture_close(fixture *f)
{
    check_clean(f->s);
    pm_store_close(f->s);
    /* The file as sqlite3 sees it, after planmon let go of it. */
    sqlite3 *db = raw_open(f->path);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
    sqlite3_finalize(st);
    sqlite3_close(db);
    pm_plan_free(&f->p);
    pm_tree_free(&f->t);
    free(f->path);
}

static long eid(const fixture *f, const char *code)
{
    long id = elem_id(&f->p, code);
    assert_true(id > 0);
    return id;
}

static long uid(const fixture *f, const char *code)
{
    int i = pm_tree_find(&f->t, code);
    assert_true(i >= 0);
    return f->t.u[i].id;
}

/* A new figure: no previous value or state. */
static pm_value_write fresh(const fixture *f, const char *elem, const char *unit, int year, double v,
                            const char *comment)
{
    pm_value_write w = {eid(f, elem), uid(f, unit), year, v, PM_VS_DRAFT, comment, NAN, -1, false};
    return w;
}

static void write_ok(pm_store *s, const pm_value_write *w, size_t n, const char *who, const char *why)
{
    pm_err e = {0};
    if (!pm_store_write_values(s, w, n, who, why, &e))
        fail_msg("write_values: %s", e.msg);
}

/* Listings copied out of the callbacks (their strings are borrowed). */
typedef struct vrow {
    char elem[16], unit[16], comment[64];
    bool has_comment;
    int year, state;
    double value;
} vrow;

typedef struct vlist {
    size_t n, stop; /* stop: return false after this many rows (0: never) */
    vrow r[128];
} vlist;

static bool on_vrow(void *ctx, const pm_value_row *r)
{
    vlist *l = ctx;
    assert_true(l->n < sizeof l->r / sizeof l->r[0]);
    vrow *x = &l->r[l->n++];
    snprintf(x->elem, sizeof x->elem, "%s", r->element);
    snprintf(x->unit, sizeof x->unit, "%s", r->unit);
    x->has_comment = r->comment != NULL;
    snprintf(x->comment, sizeof x->comment, "%s", r->comment ? r->comment : "");
    x->year = r->year;
    x->state = (int)r->state;
    x->value = r->value;
    return !l->stop || l->n < l->stop;
}

static void list_ok(pm_store *s, const char *unit, const char *elem, int year, vlist *l)
{
    memset(l, 0, sizeof *l);
    pm_filter f = {.unit = unit, .element = elem, .year = year};
    pm_err e = {0};
    if (!pm_store_list_values(s, &f, on_vrow, l, &e))
        fail_msg("list_values: %s", e.msg);
}

static const vrow *find_vrow(const vlist *l, const char *elem, const char *unit, int year)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->r[i].elem, elem) && !strcmp(l->r[i].unit, unit) && l->r[i].year == year)
            return &l->r[i];
    return NULL;
}

/* The state of one listed figure, -1 when it is not there. */
static int state_of(pm_store *s, const char *elem, const char *unit, int year)
{
    vlist l;
    list_ok(s, unit, elem, year, &l);
    const vrow *r = find_vrow(&l, elem, unit, year);
    return r ? r->state : -1;
}

typedef struct hrow {
    long id;
    char elem[16], unit[16], at[32], who[16], why[64], comment[64];
    bool has_why, has_comment;
    int year, old_state, new_state;
    double old_value, new_value;
} hrow;

typedef struct hlist {
    size_t n;
    hrow r[128];
} hlist;

static bool on_hrow(void *ctx, const pm_history_row *r)
{
    hlist *l = ctx;
    assert_true(l->n < sizeof l->r / sizeof l->r[0]);
    hrow *x = &l->r[l->n++];
    x->id = r->id;
    snprintf(x->elem, sizeof x->elem, "%s", r->element);
    snprintf(x->unit, sizeof x->unit, "%s", r->unit);
    snprintf(x->at, sizeof x->at, "%s", r->at);
    snprintf(x->who, sizeof x->who, "%s", r->who);
    x->has_why = r->why != NULL;
    snprintf(x->why, sizeof x->why, "%s", r->why ? r->why : "");
    x->has_comment = r->comment != NULL;
    snprintf(x->comment, sizeof x->comment, "%s", r->comment ? r->comment : "");
    x->year = r->year;
    x->old_state = r->old_state;
    x->new_state = r->new_state;
    x->old_value = r->old_value;
    x->new_value = r->new_value;
    return true;
}

static void history_ok(pm_store *s, const char *unit, const char *elem, int year, hlist *l)
{
    memset(l, 0, sizeof *l);
    pm_filter f = {.unit = unit, .element = elem, .year = year};
    pm_err e = {0};
    if (!pm_store_history(s, &f, on_hrow, l, &e))
        fail_msg("history: %s", e.msg);
    for (size_t i = 1; i < l->n; i++)
        assert_true(l->r[i - 1].id < l->r[i].id); /* oldest first */
}

static long long history_count(const char *path)
{
    return file_int(path, "SELECT count(*) FROM value_history");
}

static void test_write_values(void **state)
{
    (void)state;
    fixture f;
    fixture_open(&f, "write");
    pm_value_write w[] = {
        fresh(&f, "beds", "T1", 2021, 100, NULL),
        fresh(&f, "beds", "T2", 2021, 200, "新建两家养老院"),
        fresh(&f, "pop", "C1", 2022, NAN, "暂无统计"),
        fresh(&f, "served", "C3", 2021, 0, ""),
    };
    w[1].state = PM_VS_SUBMITTED;
    write_ok(f.s, w, 4, "张三", "导入 a.csv");
    scan_acc a = scan(f.s);
    assert_int_equal(a.n, 4);
    assert_true(a.sum == 300);

    vlist l;
    list_ok(f.s, NULL, NULL, 0, &l);
    assert_int_equal(l.n, 4);
    const vrow *r = find_vrow(&l, "beds", "T2", 2021);
    assert_non_null(r);
    assert_true(r->value == 200);
    assert_int_equal(r->state, PM_VS_SUBMITTED);
    assert_string_equal(r->comment, "新建两家养老院");
    r = find_vrow(&l, "pop", "C1", 2022);
    assert_true(isnan(r->value));
    assert_string_equal(r->comment, "暂无统计");
    assert_false(find_vrow(&l, "served", "C3", 2021)->has_comment); /* "" stores no comment */
    assert_false(find_vrow(&l, "beds", "T1", 2021)->has_comment);

    /* One history row each: nothing before, the batch's who, why and one time. */
    hlist h;
    history_ok(f.s, NULL, NULL, 0, &h);
    assert_int_equal(h.n, 4);
    assert_int_equal(history_count(f.path), 4);
    for (size_t i = 0; i < h.n; i++) {
        assert_true(isnan(h.r[i].old_value));
        assert_int_equal(h.r[i].old_state, -1);
        assert_string_equal(h.r[i].who, "张三");
        assert_string_equal(h.r[i].why, "导入 a.csv");
        assert_string_equal(h.r[i].at, h.r[0].at);
    }
    assert_int_equal(strlen(h.r[0].at), 24); /* 2026-11-28T15:26:54.123Z */
    assert_int_equal(h.r[0].at[23], 'Z');
    /* In the order of the batch. */
    assert_string_equal(h.r[0].unit, "T1");
    assert_true(h.r[0].new_value == 100);
    assert_int_equal(h.r[0].new_state, PM_VS_DRAFT);
    assert_false(h.r[0].has_comment);
    assert_string_equal(h.r[1].unit, "T2");
    assert_int_equal(h.r[1].new_state, PM_VS_SUBMITTED);
    assert_string_equal(h.r[1].comment, "新建两家养老院");
    assert_true(isnan(h.r[2].new_value));

    /* A second batch changes figures: old value and state as the caller
     * says, a comment NULL keeps the stored one, "" clears it. */
    pm_value_write v[] = {
        {eid(&f, "beds"), uid(&f, "T2"), 2021, 210, PM_VS_DRAFT, NULL, 200, PM_VS_SUBMITTED, false},
        {eid(&f, "pop"), uid(&f, "C1"), 2022, 5000, PM_VS_DRAFT, "", NAN, PM_VS_DRAFT, false},
        {eid(&f, "beds"), uid(&f, "T1"), 2022, 120, PM_VS_DRAFT, "新增", NAN, -1, false},
    };
    write_ok(f.s, v, 3, "李四", NULL);
    list_ok(f.s, NULL, NULL, 0, &l);
    assert_int_equal(l.n, 5);
    r = find_vrow(&l, "beds", "T2", 2021);
    assert_true(r->value == 210);
    assert_int_equal(r->state, PM_VS_DRAFT);
    assert_string_equal(r->comment, "新建两家养老院");
    r = find_vrow(&l, "pop", "C1", 2022);
    assert_true(r->value == 5000);
    assert_false(r->has_comment);
    assert_string_equal(find_vrow(&l, "beds", "T1", 2022)->comment, "新增");

    history_ok(f.s, "T2", "beds", 2021, &h);
    assert_int_equal(h.n, 2);
    assert_true(h.r[1].old_value == 200 && h.r[1].new_value == 210);
    assert_int_equal(h.r[1].old_state, PM_VS_SUBMITTED);
    assert_int_equal(h.r[1].new_state, PM_VS_DRAFT);
    assert_string_equal(h.r[1].who, "李四");
    assert_false(h.r[1].has_why);
    assert_false(h.r[1].has_comment);
    history_ok(f.s, "C1", "pop", 0, &h);
    assert_int_equal(h.n, 2);
    assert_true(isnan(h.r[1].old_value));
    assert_int_equal(h.r[1].old_state, PM_VS_DRAFT);
    assert_int_equal(history_count(f.path), 7);

    /* An empty batch writes nothing and succeeds. */
    pm_err e = {0};
    assert_true(pm_store_write_values(f.s, NULL, 0, "张三", NULL, &e));
    assert_int_equal(history_count(f.path), 7);

    /* Refusals before any SQL: who, ids, years, states, infinities. */
    pm_value_write bad = fresh(&f, "beds", "T1", 2023, 1, NULL);
    assert_false(pm_store_write_values(f.s, &bad, 1, NULL, NULL, &e));
    assert_non_null(strstr(e.msg, "修改人"));
    assert_false(pm_store_write_values(f.s, &bad, 1, "", NULL, &e));
    pm_value_write bads[5];
    for (int i = 0; i < 5; i++)
        bads[i] = bad;
    bads[0].element_id = 0;
    bads[1].year = 20;
    bads[2].state = (pm_vstate)4;
    bads[3].old_state = 4;
    bads[4].value = INFINITY;
    const char *word[] = {"id", "年份", "状态", "状态", "数值"};
    for (int i = 0; i < 5; i++) {
        pm_value_write two[2] = {bad, bads[i]};
        assert_false(pm_store_write_values(f.s, two, 2, "张三", NULL, &e));
        if (!strstr(e.msg, word[i]) || !strstr(e.msg, "第 2 行"))
            fail_msg("row %d: \"%s\" lacks \"%s\"", i, e.msg, word[i]);
    }
    bad.old_value = -INFINITY;
    assert_false(pm_store_write_values(f.s, &bad, 1, "张三", NULL, &e));
    assert_int_equal(history_count(f.path), 7);
    assert_int_equal(scan(f.s).n, 5);
    fixture_close(&f);
}

/* A batch is whole or absent: a row the database refuses (an element or
 * unit id that is not there: the foreign keys) undoes the rows before it,
 * alone or inside the caller's transaction. */
static void test_write_values_atomic(void **state)
{
    (void)state;
    fixture f;
    fixture_open(&f, "atomic");
    pm_value_write w[] = {
        fresh(&f, "beds", "T1", 2021, 1, "一"),
        fresh(&f, "beds", "T2", 2021, 2, NULL),
        fresh(&f, "served", "C1", 2021, 3, NULL),
    };
    w[2].element_id = 99999;
    pm_err e = {0};
    assert_false(pm_store_write_values(f.s, w, 3, "张三", "导入 bad.csv", &e));
    assert_non_null(strstr(e.msg, "第 3 行"));
    assert_non_null(strstr(e.msg, "数据项 id 99999 不存在"));
    assert_non_null(strstr(e.msg, "整批未保存"));
    assert_int_equal(scan(f.s).n, 0);
    assert_int_equal(history_count(f.path), 0);

    w[2] = fresh(&f, "served", "C1", 2021, 3, NULL);
    w[2].unit_id = 4242;
    assert_false(pm_store_write_values(f.s, w, 3, "张三", NULL, &e));
    assert_non_null(strstr(e.msg, "组织机构 id 4242 不存在"));
    assert_int_equal(scan(f.s).n, 0);
    assert_int_equal(history_count(f.path), 0);

    /* Inside a transaction: the failed batch goes, the rest stays. */
    assert_true(pm_store_begin(f.s, &e));
    set_ok(f.s, "pop", "D", 2021, 1000, PM_VS_DRAFT, NULL);
    assert_false(pm_store_write_values(f.s, w, 3, "张三", NULL, &e));
    w[2].unit_id = uid(&f, "C1");
    write_ok(f.s, w, 3, "张三", NULL);
    assert_true(pm_store_commit(f.s, &e));
    assert_int_equal(scan(f.s).n, 4);
    assert_int_equal(history_count(f.path), 4);

    /* And a good batch rolled back with the caller's transaction. */
    pm_value_write more = fresh(&f, "beds", "C2", 2021, 9, NULL);
    assert_true(pm_store_begin(f.s, &e));
    write_ok(f.s, &more, 1, "张三", NULL);
    assert_int_equal(scan(f.s).n, 5);
    pm_store_rollback(f.s);
    assert_int_equal(scan(f.s).n, 4);
    assert_int_equal(history_count(f.path), 4);
    fixture_close(&f);
}

/* beds and served for every unit, 2021 and 2022, all drafts: 24 figures. */
static void review_data(fixture *f)
{
    const char *units[] = {"D", "T1", "T2", "C1", "C2", "C3"};
    const char *elems[] = {"beds", "served"};
    pm_value_write w[24];
    size_t n = 0;
    for (int y = 2021; y <= 2022; y++)
        for (int u = 0; u < 6; u++)
            for (int k = 0; k < 2; k++)
                w[n++] = fresh(f, elems[k], units[u], y, y * 100 + u * 10 + k, NULL);
    write_ok(f->s, w, n, "填报员", "导入");
}

static size_t move_ok(pm_store *s, const char *unit, int year, const char *elem, unsigned from,
                      pm_vstate to, const char *why)
{
    pm_transition t = {unit, year, elem, from, to, "审核员", why, 0};
    size_t moved = 999;
    pm_err e = {0};
    if (!pm_store_transition(s, &t, &moved, &e))
        fail_msg("transition %s/%d: %s", unit, year, e.msg);
    return moved;
}

enum {
    B_DRAFT = 1u << PM_VS_DRAFT,
    B_SUBMITTED = 1u << PM_VS_SUBMITTED,
    B_APPROVED = 1u << PM_VS_APPROVED,
    B_RETURNED = 1u << PM_VS_RETURNED,
};

/* Counts the listed figures in one state. */
static size_t count_state(pm_store *s, const char *unit, int year, int st)
{
    vlist l;
    list_ok(s, unit, NULL, year, &l);
    size_t n = 0;
    for (size_t i = 0; i < l.n; i++)
        n += l.r[i].state == st;
    return n;
}

static void test_transition(void **state)
{
    (void)state;
    fixture f;
    fixture_open(&f, "review");
    review_data(&f);
    assert_int_equal(history_count(f.path), 24);

    /* Submit T1's subtree (T1, C1, C3) for 2022: 3 units × 2 elements. */
    assert_int_equal(move_ok(f.s, "T1", 2022, NULL, B_DRAFT | B_RETURNED, PM_VS_SUBMITTED, NULL), 6);
    assert_int_equal(count_state(f.s, "T1", 2022, PM_VS_SUBMITTED), 6);
    assert_int_equal(count_state(f.s, "T1", 2021, PM_VS_DRAFT), 6); /* other year untouched */
    assert_int_equal(count_state(f.s, "T2", 0, PM_VS_DRAFT), 8);    /* other subtree untouched */
    assert_int_equal(state_of(f.s, "beds", "D", 2022), PM_VS_DRAFT); /* the parent too */
    assert_int_equal(history_count(f.path), 30);
    hlist h;
    history_ok(f.s, "C3", "served", 2022, &h);
    assert_int_equal(h.n, 2);
    assert_true(h.r[1].old_value == 2022 * 100 + 5 * 10 + 1);
    assert_true(h.r[1].new_value == h.r[1].old_value);
    assert_int_equal(h.r[1].old_state, PM_VS_DRAFT);
    assert_int_equal(h.r[1].new_state, PM_VS_SUBMITTED);
    assert_string_equal(h.r[1].who, "审核员");
    assert_false(h.r[1].has_why);
    /* The values themselves are unchanged. */
    vlist l;
    list_ok(f.s, "C3", "served", 2022, &l);
    assert_int_equal(l.n, 1);
    assert_true(l.r[0].value == 2022 * 100 + 5 * 10 + 1);

    /* Approve them; again moves nothing and writes no history. */
    assert_int_equal(move_ok(f.s, "T1", 2022, NULL, B_SUBMITTED, PM_VS_APPROVED, NULL), 6);
    assert_int_equal(move_ok(f.s, "T1", 2022, NULL, B_SUBMITTED, PM_VS_APPROVED, NULL), 0);
    assert_int_equal(history_count(f.path), 36);
    /* A move into the state a figure already has is no change either. */
    assert_int_equal(move_ok(f.s, "T1", 2022, NULL, B_APPROVED, PM_VS_APPROVED, NULL), 0);
    assert_int_equal(history_count(f.path), 36);

    /* Reopen one community's approved figures with a reason. */
    assert_int_equal(move_ok(f.s, "C1", 2022, NULL, B_APPROVED, PM_VS_RETURNED, "床位数与民政统计不符"), 2);
    assert_int_equal(state_of(f.s, "beds", "C1", 2022), PM_VS_RETURNED);
    assert_int_equal(state_of(f.s, "beds", "C3", 2022), PM_VS_APPROVED);
    history_ok(f.s, "C1", "beds", 2022, &h);
    assert_int_equal(h.n, 4); /* written, submitted, approved, returned */
    assert_int_equal(h.r[3].old_state, PM_VS_APPROVED);
    assert_int_equal(h.r[3].new_state, PM_VS_RETURNED);
    assert_string_equal(h.r[3].why, "床位数与民政统计不符");

    /* One element, every year: T1's beds in 2021 (draft: T1, C1, C3) and
     * C1's returned 2022 figure; the approved ones stay. */
    assert_int_equal(move_ok(f.s, "T1", 0, "beds", B_DRAFT | B_RETURNED, PM_VS_SUBMITTED, NULL), 4);
    assert_int_equal(state_of(f.s, "served", "T1", 2021), PM_VS_DRAFT);
    assert_int_equal(state_of(f.s, "beds", "C1", 2022), PM_VS_SUBMITTED);
    assert_int_equal(state_of(f.s, "beds", "T1", 2022), PM_VS_APPROVED);

    /* The whole tree, every year: whatever is still a draft (all but
     * T1's 2022 figures and T1's beds in 2021). */
    size_t drafts = count_state(f.s, "D", 0, PM_VS_DRAFT);
    assert_int_equal(drafts, 24 - 6 - 3);
    assert_int_equal(move_ok(f.s, "D", 0, NULL, B_DRAFT, PM_VS_SUBMITTED, NULL), drafts);
    assert_int_equal(count_state(f.s, "D", 0, PM_VS_DRAFT), 0);
    long long before = history_count(f.path);
    assert_int_equal(before, 24 + 6 + 6 + 2 + 4 + (long long)drafts);

    /* Unknown codes are named and change nothing; so are bad arguments. */
    pm_err e = {0};
    size_t moved = 7;
    pm_transition t = {"Z9", 2022, NULL, B_SUBMITTED, PM_VS_APPROVED, "审核员", NULL, 0};
    assert_false(pm_store_transition(f.s, &t, &moved, &e));
    assert_non_null(strstr(e.msg, "未知组织机构"));
    assert_non_null(strstr(e.msg, "Z9"));
    assert_int_equal(moved, 0);
    t.unit = "T1";
    t.element = "nosuch";
    assert_false(pm_store_transition(f.s, &t, &moved, &e));
    assert_non_null(strstr(e.msg, "未知数据项"));
    assert_non_null(strstr(e.msg, "nosuch"));
    t.element = NULL;
    t.who = "";
    assert_false(pm_store_transition(f.s, &t, &moved, &e));
    t.who = "审核员";
    t.from = 0;
    assert_false(pm_store_transition(f.s, &t, &moved, &e));
    t.from = 1u << 4;
    assert_false(pm_store_transition(f.s, &t, &moved, &e));
    t.from = B_SUBMITTED;
    t.to = (pm_vstate)4;
    assert_false(pm_store_transition(f.s, &t, &moved, &e));
    t.to = PM_VS_APPROVED;
    t.year = 99;
    assert_false(pm_store_transition(f.s, &t, &moved, &e));
    t.year = 2022;
    t.unit = NULL;
    assert_false(pm_store_transition(f.s, &t, &moved, &e));
    assert_int_equal(history_count(f.path), before);

    /* Inside a transaction that is rolled back: undone, history too. */
    assert_true(pm_store_begin(f.s, &e));
    assert_int_equal(move_ok(f.s, "T2", 0, NULL, B_SUBMITTED, PM_VS_APPROVED, NULL), 8);
    pm_store_rollback(f.s);
    assert_int_equal(count_state(f.s, "T2", 0, PM_VS_SUBMITTED), 8);
    assert_int_equal(history_count(f.path), before);
    /* moved may be NULL. */
    pm_transition u = {"T2", 2021, "served", B_SUBMITTED, PM_VS_APPROVED, "审核员", NULL, 0};
    assert_true(pm_store_transition(f.s, &u, NULL, &e));
    assert_int_equal(state_of(f.s, "served", "C2", 2021), PM_VS_APPROVED);
    assert_int_equal(history_count(f.path), before + 2);
    fixture_close(&f);
}

static bool listed_before(const vrow *a, const vrow *b)
{
    int c = strcmp(a->unit, b->unit);
    if (!c)
        c = strcmp(a->elem, b->elem);
    return c < 0 || (c == 0 && a->year < b->year);
}

static void test_list_and_history_filters(void **state)
{
    (void)state;
    fixture f;
    fixture_open(&f, "filters");
    review_data(&f);
    pm_value_change c = {"pop", "C2", 2021, 800, PM_VS_DRAFT, "填报员", NULL, "人口普查", false};
    pm_err e = {0};
    assert_true(pm_store_set_value(f.s, &c, &e));
    move_ok(f.s, "T2", 2021, NULL, B_DRAFT, PM_VS_SUBMITTED, "按时提交");

    /* Everything, ordered by unit code, element code, year. */
    vlist l;
    list_ok(f.s, NULL, NULL, 0, &l);
    assert_int_equal(l.n, 25);
    for (size_t i = 1; i < l.n; i++)
        assert_true(listed_before(&l.r[i - 1], &l.r[i]));
    assert_string_equal(l.r[0].unit, "C1");
    assert_string_equal(l.r[0].elem, "beds");
    assert_int_equal(l.r[0].year, 2021);
    const vrow *r = find_vrow(&l, "pop", "C2", 2021);
    assert_true(r->value == 800);
    assert_string_equal(r->comment, "人口普查");
    assert_int_equal(r->state, PM_VS_SUBMITTED);

    /* A NULL filter and empty codes mean "any". */
    vlist m = {0};
    assert_true(pm_store_list_values(f.s, NULL, on_vrow, &m, &e));
    assert_int_equal(m.n, 25);
    list_ok(f.s, "", "", 0, &m);
    assert_int_equal(m.n, 25);

    /* Unit: its subtree. */
    list_ok(f.s, "T1", NULL, 0, &l);
    assert_int_equal(l.n, 12);
    for (size_t i = 0; i < l.n; i++)
        assert_true(!strcmp(l.r[i].unit, "T1") || !strcmp(l.r[i].unit, "C1") || !strcmp(l.r[i].unit, "C3"));
    list_ok(f.s, "C2", NULL, 0, &l);
    assert_int_equal(l.n, 5);
    list_ok(f.s, "D", NULL, 0, &l);
    assert_int_equal(l.n, 25);
    /* Element, year, and all three. */
    list_ok(f.s, NULL, "served", 0, &l);
    assert_int_equal(l.n, 12);
    list_ok(f.s, NULL, NULL, 2022, &l);
    assert_int_equal(l.n, 12);
    list_ok(f.s, "T2", "beds", 2021, &l);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.r[0].unit, "C2");
    assert_string_equal(l.r[1].unit, "T2");
    list_ok(f.s, NULL, NULL, 2030, &l);
    assert_int_equal(l.n, 0);
    /* A range of years: the figures of 2021 and 2022, none of 2023. */
    pm_filter range = {.year = 2021, .year_last = 2022};
    memset(&m, 0, sizeof m);
    assert_true(pm_store_list_values(f.s, &range, on_vrow, &m, &e));
    size_t in_range = 0;
    list_ok(f.s, NULL, NULL, 2021, &l);
    in_range += l.n;
    list_ok(f.s, NULL, NULL, 2022, &l);
    in_range += l.n;
    assert_int_equal(m.n, in_range);
    for (size_t i = 0; i < m.n; i++)
        assert_true(m.r[i].year == 2021 || m.r[i].year == 2022);
    range = (pm_filter){.year = 2022, .year_last = 2022};
    memset(&m, 0, sizeof m);
    assert_true(pm_store_list_values(f.s, &range, on_vrow, &m, &e));
    assert_int_equal(m.n, 12);

    /* The callback stops the listing. */
    memset(&m, 0, sizeof m);
    m.stop = 3;
    pm_filter all = {0};
    assert_true(pm_store_list_values(f.s, &all, on_vrow, &m, &e));
    assert_int_equal(m.n, 3);

    /* Unknown codes and bad filters are refused, naming them. */
    pm_filter bad = {.unit = "Z9"};
    assert_false(pm_store_list_values(f.s, &bad, on_vrow, &m, &e));
    assert_non_null(strstr(e.msg, "Z9"));
    bad = (pm_filter){.element = "nosuch"};
    assert_false(pm_store_history(f.s, &bad, on_hrow, &m, &e));
    assert_non_null(strstr(e.msg, "nosuch"));
    bad = (pm_filter){.year = -5};
    assert_false(pm_store_list_values(f.s, &bad, on_vrow, &m, &e));
    bad = (pm_filter){.year = 2022, .year_last = 2021};
    assert_false(pm_store_list_values(f.s, &bad, on_vrow, &m, &e));
    assert_non_null(strstr(e.msg, "2022–2021"));
    bad = (pm_filter){.year_last = 2021};
    assert_false(pm_store_history(f.s, &bad, on_hrow, &m, &e));
    assert_false(pm_store_history(f.s, &all, NULL, NULL, &e));

    /* History: 24 imported, 1 set, 5 submitted (T2, C2 × 2, and C2's pop). */
    hlist h;
    history_ok(f.s, NULL, NULL, 0, &h);
    assert_int_equal(h.n, 30);
    assert_int_equal(history_count(f.path), 30);
    history_ok(f.s, "T2", NULL, 0, &h);
    assert_int_equal(h.n, 8 + 1 + 5);
    assert_string_equal(h.r[h.n - 1].why, "按时提交");
    assert_int_equal(h.r[h.n - 1].new_state, PM_VS_SUBMITTED);
    history_ok(f.s, "T2", NULL, 2021, &h);
    assert_int_equal(h.n, 4 + 1 + 5);
    history_ok(f.s, NULL, NULL, 2021, &h);
    assert_int_equal(h.n, 12 + 1 + 5);
    history_ok(f.s, NULL, "pop", 0, &h);
    assert_int_equal(h.n, 2);
    assert_string_equal(h.r[0].comment, "人口普查");
    assert_int_equal(h.r[0].old_state, -1);
    assert_int_equal(h.r[1].old_state, PM_VS_DRAFT);
    history_ok(f.s, "C1", "beds", 2022, &h);
    assert_int_equal(h.n, 1);
    assert_string_equal(h.r[0].who, "填报员");
    assert_string_equal(h.r[0].why, "导入");
    assert_true(h.r[0].new_value == 2022 * 100 + 3 * 10);

    /* Nothing rewrites history: the triggers still refuse, after all this. */
    sqlite3 *db = raw_open(f.path);
    char *msg = NULL;
    assert_int_not_equal(sqlite3_exec(db, "UPDATE value_history SET who = 'x' WHERE id = 1", NULL, NULL, &msg),
                         SQLITE_OK);
    assert_non_null(strstr(msg, "只能追加"));
    sqlite3_free(msg);
    msg = NULL;
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM value_history WHERE id > 20", NULL, NULL, &msg), SQLITE_OK);
    assert_non_null(strstr(msg, "只能追加"));
    sqlite3_free(msg);
    sqlite3_close(db);
    assert_int_equal(history_count(f.path), 30);
    fixture_close(&f);
}

/* A figure of an element the plan dropped stays listable and reviewable
 * by its code, and its history readable. */
static void test_retired_element(void **state)
{
    (void)state;
    fixture f;
    fixture_open(&f, "retired");
    set_ok(f.s, "served", "C1", 2021, 120, PM_VS_DRAFT, NULL);
    pm_plan r;
    test_plan(&r);
    for (size_t i = 0; i < r.nelem; i++) {
        if (!strcmp(r.elem[i].code, "served")) {
            free(r.elem[i].code);
            free(r.elem[i].name);
            free(r.elem[i].unit);
            r.elem[i] = r.elem[--r.nelem];
            break;
        }
    }
    pm_err e = {0};
    assert_true(pm_store_put_plan(f.s, &r, &e));
    pm_plan_free(&r);
    vlist l;
    list_ok(f.s, NULL, "served", 0, &l);
    assert_int_equal(l.n, 1);
    assert_int_equal(move_ok(f.s, "D", 0, "served", B_DRAFT, PM_VS_SUBMITTED, NULL), 1);
    hlist h;
    history_ok(f.s, NULL, "served", 0, &h);
    assert_int_equal(h.n, 2);
    fixture_close(&f);
}

/* ---- setup ------------------------------------------------------------------ */

static int make_tmpdir(void **state)
{
    (void)state;
    strcpy(tmpdir, "/tmp/pm_store_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmpdir(void **state)
{
    (void)state;
    DIR *d = opendir(tmpdir);
    if (!d)
        return -1;
    const struct dirent *de;
    char path[512];
    while ((de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        snprintf(path, sizeof path, "%s/%s", tmpdir, de->d_name);
        unlink(path);
    }
    closedir(d);
    return rmdir(tmpdir);
}

/* pm_units_tree lays out rows read in any order (sorted by ord, parents
 * found by id) and gives each unit the id read with its code, whether the
 * ords are the preorder (as planmon writes them: unit i is row i) or not
 * (the ids then found by code). The ids are not the rows' positions, so a
 * unit given its neighbour's id is caught. */
static void units_tree_case(const int *order, const long *ord)
{
    /* A district, two towns, a community under the first town. */
    static const char *const code[] = {"D", "T1", "C11", "T2"};
    static const int parent[] = {-1, 0, 1, 0};
    static const int level[] = {0, 1, 2, 1};
    enum { N = 4 };
    pm_unit_read *rows = xcalloc(N, sizeof *rows);
    for (size_t i = 0; i < N; i++) {
        int k = order[i];
        rows[i].id = 100 + 7 * k;
        rows[i].parent_id = parent[k] >= 0 ? 100 + 7 * parent[k] : 0;
        rows[i].ord = ord[k];
        rows[i].in.code = xstrdup(code[k]);
        rows[i].in.name = xstrdup(code[k]);
        rows[i].in.level = level[k];
    }
    pm_tree t;
    memset(&t, 0, sizeof t);
    pm_err err = {0};
    assert_true(pm_units_tree(rows, N, "test.db", &t, &err));
    assert_int_equal(t.n, N);
    for (size_t u = 0; u < t.n; u++) {
        int k = -1;
        for (int j = 0; j < N; j++)
            if (!strcmp(code[j], t.u[u].code))
                k = j;
        assert_true(k >= 0);
        assert_int_equal(t.u[u].id, 100 + 7 * k);
        if (parent[k] < 0)
            assert_int_equal(t.u[u].parent, -1);
        else
            assert_string_equal(t.u[t.u[u].parent].code, code[parent[k]]);
    }
    /* a preorder whose siblings keep the ords' order */
    assert_string_equal(t.u[0].code, "D");
    assert_string_equal(t.u[2].code, ord[1] < ord[3] ? "C11" : "T1");
    pm_tree_free(&t);
    pm_unit_reads_free(rows, N);
}

/* A parent id that names no row (a file changed by other means: neither
 * backend stores one) is an error naming the unit and that id. */
static void test_units_tree_dangling_parent(void)
{
    pm_unit_read *rows = xcalloc(2, sizeof *rows);
    rows[0] = (pm_unit_read){.id = 1, .in = {.code = xstrdup("D"), .name = xstrdup("区"), .level = 0}};
    rows[1] = (pm_unit_read){.id = 2, .parent_id = 99, .ord = 1,
                             .in = {.code = xstrdup("T1"), .name = xstrdup("镇"), .level = 1}};
    pm_tree t;
    memset(&t, 0, sizeof t);
    pm_err err = {0};
    assert_false(pm_units_tree(rows, 2, "test.db", &t, &err));
    assert_non_null(strstr(err.msg, "“T1”的上级机构（id 99）不存在"));
    assert_int_equal(t.n, 0);
    pm_unit_reads_free(rows, 2);
}

static void test_units_tree_ids(void **state)
{
    (void)state;
    test_units_tree_dangling_parent();
    static const int as_stored[] = {0, 1, 2, 3}, shuffled[] = {2, 3, 0, 1}, reversed[] = {3, 2, 1, 0};
    static const long preorder[] = {0, 1, 2, 3}; /* as planmon writes ord */
    static const long by_level[] = {0, 1, 3, 2}; /* T2 before C11: off the preorder from row 2 */
    static const long t2_first[] = {0, 5, 9, 4}; /* T2 before T1: off from row 1 */
    const int *orders[] = {as_stored, shuffled, reversed};
    const long *ords[] = {preorder, by_level, t2_first};
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 3; j++)
            units_tree_case(orders[i], ords[j]);
}

/* pm_units_tree on random trees against pm_tree_build of the same units
 * named by code (the general builder, which the rows read in planmon's
 * preorder skip): every field, the ends and the ids the same, or the same
 * first error. Rows come in the preorder (ord = index, as planmon writes
 * them), with ords that keep a preorder but not the rows' places, in a
 * shuffled order, and with one fault each: a level not below the parent's,
 * an empty name, a closing year before the opening one, a second root. */
typedef struct rand_units {
    pm_unit_read *rows;
    pm_unit_in *in; /* the same units for pm_tree_build, strings borrowed from rows */
    size_t n;
} rand_units;

static void rand_units_make(rand_units *r, unsigned seed, size_t n, int fault, bool shuffle)
{
    srand(seed);
    r->n = n;
    r->rows = xcalloc(n, sizeof *r->rows);
    r->in = xcalloc(n, sizeof *r->in);
    /* A preorder: each unit's parent is the one before or one of its
     * ancestors; levels one below the parent's. */
    int *parent = xnmalloc(n, sizeof *parent), *level = xnmalloc(n, sizeof *level);
    for (size_t i = 0; i < n; i++) {
        int p = i ? (int)i - 1 : -1;
        while (p > 0 && (level[p] >= 3 || rand() % 3 == 0))
            p = parent[p];
        parent[i] = p;
        level[i] = p < 0 ? 0 : level[p] + 1;
    }
    for (size_t i = 0; i < n; i++) {
        char code[32], name[32];
        snprintf(code, sizeof code, "U%zu", n - i); /* unique, not in the rows' order */
        snprintf(name, sizeof name, "单位%zu", i);
        pm_unit_read *x = &r->rows[i];
        x->id = 90000 - 3 * (long)i; /* unique, not the rows' places */
        x->ord = (long)i * (shuffle ? 1 : 3) + 5;
        x->in.code = xstrdup(code);
        x->in.name = xstrdup(name);
        x->in.level = level[i];
        x->in.group = i % 5 == 0 ? xstrdup(i % 10 ? "镇" : "") : NULL;
        x->in.valid_from = i % 7 == 0 ? 2019 : 0;
        x->in.valid_to = i % 11 == 0 ? 2023 : 0;
    }
    for (size_t i = 0; i < n; i++)
        r->rows[i].parent_id = parent[i] >= 0 ? r->rows[parent[i]].id : 0;
    size_t f = n / 2 + 1;
    if (fault == 1)
        r->rows[f].in.level = r->rows[f - 1].in.level > 0 ? 0 : 1, r->rows[f].parent_id = r->rows[f - 1].id;
    if (fault == 2)
        r->rows[f].in.name[0] = '\0';
    if (fault == 3)
        r->rows[f].in.valid_from = 2024, r->rows[f].in.valid_to = 2021;
    if (fault == 4)
        r->rows[f].parent_id = 0;
    for (size_t i = 0; i < n; i++) {
        r->in[i] = r->rows[i].in;
        int p = -1;
        for (size_t k = 0; k < n; k++)
            if (r->rows[k].id == r->rows[i].parent_id && r->rows[i].parent_id)
                p = (int)k;
        r->in[i].parent_code = p >= 0 ? r->rows[p].in.code : NULL;
    }
    if (shuffle)
        for (size_t i = n; i-- > 1;) {
            size_t j = (size_t)rand() % (i + 1);
            pm_unit_read t = r->rows[i];
            r->rows[i] = r->rows[j];
            r->rows[j] = t;
        }
    free(parent);
    free(level);
}

static void test_units_tree_random(void **state)
{
    (void)state;
    size_t compared = 0;
    for (unsigned seed = 1; seed <= 40; seed++)
        for (int fault = 0; fault <= 4; fault++)
            for (int shuffle = 0; shuffle < 2; shuffle++) {
                rand_units r;
                rand_units_make(&r, seed, 3 + seed * 9, fault, shuffle);
                pm_tree want, got;
                pm_err werr = {0}, gerr = {0};
                bool wok = pm_tree_build(r.in, r.n, &want, &werr);
                free(r.in); /* before the rows' strings move into the tree */
                memset(&got, 0, sizeof got);
                bool gok = pm_units_tree(r.rows, r.n, "t.db", &got, &gerr);
                if (wok != gok)
                    fail_msg("seed %u fault %d shuffle %d: pm_tree_build %d, pm_units_tree %d (%s)", seed, fault,
                             shuffle, wok, gok, gerr.msg);
                if (!wok) {
                    assert_non_null(strstr(gerr.msg, werr.msg));
                } else {
                    assert_true(fault == 0);
                    assert_int_equal(got.n, want.n);
                    assert_int_equal(got.dated, want.dated);
                    for (size_t u = 0; u < want.n; u++) {
                        const pm_unit *a = &want.u[u], *b = &got.u[u];
                        assert_string_equal(a->code, b->code);
                        assert_string_equal(a->name, b->name);
                        assert_int_equal(a->parent, b->parent);
                        assert_int_equal(a->level, b->level);
                        assert_true(a->group ? b->group && !strcmp(a->group, b->group) : !b->group);
                        assert_int_equal(a->valid_from, b->valid_from);
                        assert_int_equal(a->valid_to, b->valid_to);
                        assert_int_equal(want.end[u], got.end[u]);
                        /* the id read with the unit's code */
                        long id = -1;
                        for (size_t k = 0; k < r.n; k++)
                            if (r.rows[k].in.code ? !strcmp(r.rows[k].in.code, a->code)
                                                  : r.rows[k].id == b->id)
                                id = r.rows[k].id;
                        assert_int_equal(b->id, id);
                        compared++;
                    }
                    pm_tree_free(&want);
                }
                pm_tree_free(&got);
                pm_unit_reads_free(r.rows, r.n);
            }
    print_message("compared %zu units\n", compared);
    assert_true(compared > 10000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vstate),
        cmocka_unit_test(test_open_modes),
        cmocka_unit_test(test_exists_create_destroy),
        cmocka_unit_test(test_plan_round_trip),
        cmocka_unit_test(test_get_plan_empty),
        cmocka_unit_test(test_units_round_trip),
        cmocka_unit_test(test_values_and_history),
        cmocka_unit_test(test_scan),
        cmocka_unit_test(test_transactions),
        cmocka_unit_test(test_targets),
        cmocka_unit_test(test_migrate_from_empty_file),
        cmocka_unit_test(test_data_generation),
        cmocka_unit_test(test_migrate_from_v1),
        cmocka_unit_test(test_newer_refused),
        cmocka_unit_test(test_check_finds_damage),
        cmocka_unit_test(test_write_values),
        cmocka_unit_test(test_write_values_atomic),
        cmocka_unit_test(test_transition),
        cmocka_unit_test(test_list_and_history_filters),
        cmocka_unit_test(test_retired_element),
        cmocka_unit_test(test_units_tree_ids),
        cmocka_unit_test(test_units_tree_random),
    };
    return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}

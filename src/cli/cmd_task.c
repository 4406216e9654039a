/* planmon task import | add | list | show | update | approve | return:
 * the 分解落实表, key tasks (重点任务) and their progress updates. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/num.h"
#include "cli/cli.h"
#include "cli/cli_work.h"
#include "cli/commands.h"
#include "cli/config.h"
#include "store/task_attach.h"
#include "render/doc/work_out.h"

/* ---- import: the 分解落实表 ---------------------------------------------------------- */

/* Writes one row of the table: an indicator's assignment, an existing
 * task's new assignment (and section, linked indicators when given), or a
 * new task or project. */
static bool put_row(pm_store *s, const cli_work *w, const pm_assign_row *r, const char *who, pm_err *err)
{
    if (r->kind == PM_ITEM_INDICATOR)
        return pm_store_assignment_put(s, &r->a, who, err);
    pm_task t;
    memset(&t, 0, sizeof t);
    t.invest_planned = t.invest_spent = NAN;
    const pm_task *old = NULL;
    for (size_t i = 0; !r->create && i < w->set.ntasks; i++)
        if (!strcmp(w->set.tasks[i].code, r->a.item))
            old = &w->set.tasks[i];
    if (old) {
        t = *old; /* borrowed fields; only duty, section and indicators change */
    } else {
        t.code = r->a.item;
        t.project = r->project;
        t.title = r->title;
    }
    t.duty = r->a;
    if (r->section)
        t.section = r->section;
    if (r->has_indicators) {
        t.indicators = r->indicators;
        t.nindicators = r->nindicators;
    }
    if (t.project && !t.finish[0])
        memcpy(t.finish, r->a.deadline, sizeof t.finish);
    return pm_store_task_put(s, &t, who, err);
}

int cmd_task_import(cli_opts o)
{
    cli_import im;
    int code;
    if (!cli_import_open(&o, &im, &code))
        return code;
    pm_assign_row *rows = NULL;
    size_t n = 0, ind = 0, created = 0;
    bool ok = pm_assign_read(im.data, im.len, &im.refs, &rows, &n, &im.err) && cli_import_begin(&im);
    for (size_t i = 0; ok && i < n; i++) {
        ok = put_row(im.s, &im.w, &rows[i], o.as, &im.err);
        if (!ok)
            im.err.line = rows[i].line;
        ind += rows[i].kind == PM_ITEM_INDICATOR;
        created += rows[i].create;
    }
    code = cli_import_close(&im, &o, ok);
    if (code == EXIT_OK)
        printf("%s分解落实 %zu 项：指标 %zu 项，任务和项目 %zu 项（其中新增 %zu 项）。\n",
               o.dry_run ? "检查通过（未写入）：" : "已导入", n, ind, n - ind, created);
    pm_assign_rows_free(rows, n);
    return code;
}

/* ---- add ------------------------------------------------------------------------------------ */

/* A party named on the command line (code or name of a department or a
 * unit) into p; false with the message printed. The 分解落实表's check
 * (pm_work_party). */
static bool party_arg(const cli_work *w, const char *name, const char *opt, pm_party *p)
{
    pm_work_refs refs = cli_work_refs(w);
    char msg[256];
    if (pm_work_party(&refs, name, p, msg, sizeof msg))
        return true;
    cli_fail(EXIT_BADINPUT, "%s：%s", opt, msg);
    return false;
}

/* Fills t (code, title from the arguments) from the options; false with
 * the message printed. */
static bool task_from_opts(const cli_opts *o, const cli_work *w, pm_task *t)
{
    memset(t, 0, sizeof *t);
    t->invest_planned = t->invest_spent = NAN;
    t->code = xstrdup(o->args[0]);
    t->title = xstrdup(o->args[1]);
    t->section = xstrdup(o->section ? o->section : "");
    t->project = o->project;
    t->duty.kind = PM_ITEM_TASK;
    if (!party_arg(w, o->lead, "--lead", &t->duty.lead))
        return false;
    size_t n;
    char **co = pm_split_names(o->co ? o->co : "", &n);
    bool ok = true;
    t->duty.co = xcalloc(n + 1, sizeof *t->duty.co);
    for (size_t i = 0; i < n; i++) {
        ok = ok && party_arg(w, co[i], "--co", &t->duty.co[t->duty.nco]);
        t->duty.nco += ok;
        free(co[i]);
    }
    free(co);
    char msg[256];
    if (ok && o->deadline && !pm_work_date(o->deadline, &w->plan, true, t->duty.deadline, msg, sizeof msg)) {
        cli_fail(EXIT_BADINPUT, "--deadline：%s", msg);
        ok = false;
    }
    if (t->project)
        memcpy(t->finish, t->duty.deadline, sizeof t->finish);
    char **inds = pm_split_names(o->indicators ? o->indicators : "", &n);
    t->indicators = xcalloc(n + 1, sizeof *t->indicators);
    for (size_t i = 0; i < n; i++) {
        const pm_indicator *ind = pm_work_indicator(&w->plan, inds[i]);
        if (ok && !ind) {
            cli_fail(EXIT_BADINPUT, "--indicators：规划中没有指标“%s”", inds[i]);
            ok = false;
        }
        if (ind)
            t->indicators[t->nindicators++] = xstrdup(ind->code);
        free(inds[i]);
    }
    free(inds);
    return ok;
}

int cmd_task_add(cli_opts o)
{
    int code;
    pm_err err;
    pm_store *s = cli_open(o.db, PM_STORE_OPEN, &err, &code);
    if (!s)
        return code;
    cli_work w;
    pm_task t;
    memset(&t, 0, sizeof t);
    if (!cli_work_load(s, &w, &err)) {
        cli_bad_input(&err);
        code = EXIT_FAIL;
    } else if (!task_from_opts(&o, &w, &t)) {
        code = EXIT_BADINPUT;
    } else if (!pm_store_task_put(s, &t, o.as, &err)) {
        code = cli_bad_input(&err);
    } else {
        printf("已保存%s %s：%s。\n", t.project ? "重大项目" : "重点任务", t.code, t.title);
    }
    pm_task_clear(&t);
    cli_work_free(&w);
    pm_store_close(s);
    return code;
}

/* ---- list and show ------------------------------------------------------------------------- */

/* Does task t pass the list filters (--dept: lead or co; --state: the
 * judgment, key or label; --project: projects only)? */
static bool wanted(const cli_opts *o, const cli_work *w, const pm_task *t, const json_t *row)
{
    if (o->project && !t->project)
        return false;
    if (o->dept) {
        const char *code = o->dept;
        for (size_t i = 0; i < w->set.ndepts; i++)
            if (!strcmp(w->set.depts[i].name, o->dept))
                code = w->set.depts[i].code;
        if (!pm_assignment_has_dept(&t->duty, code, false))
            return false;
    }
    if (o->state) {
        const char *j = json_string_value(json_object_get(row, "judgment"));
        const char *l = json_string_value(json_object_get(row, "judgment_label"));
        if (strcmp(o->state, j) && strcmp(o->state, l))
            return false;
    }
    return true;
}

/* What listing and showing tasks start from: the database opened read-only
 * (s), its plan, tasks and reports loaded (w), the day they are judged on
 * (as_of: --as-of, else the end of --year or of the latest year), and the
 * error of a later read (err). */
typedef struct task_view {
    pm_store *s;
    cli_work w;
    char as_of[PM_DATE_LEN];
    pm_err err;
} task_view;

/* Opens v for o. EXIT_OK with v the caller's to end by close_view; else the
 * exit code, the message printed, nothing left open. */
static int open_view(const cli_opts *o, task_view *v)
{
    int code;
    v->s = cli_open(o->db, PM_STORE_READ, &v->err, &code);
    if (!v->s)
        return code;
    if (!cli_work_load(v->s, &v->w, &v->err)) {
        cli_bad_input(&v->err);
        code = EXIT_FAIL;
    } else if (!cli_as_of(o, v->s, &v->w.plan, v->as_of)) {
        code = EXIT_BADINPUT;
    }
    if (code != EXIT_OK) {
        cli_work_free(&v->w);
        pm_store_close(v->s);
        v->s = NULL;
    }
    return code;
}

/* Frees what open_view loaded and closes its store. */
static void close_view(task_view *v)
{
    cli_work_free(&v->w);
    pm_store_close(v->s);
}

/* Lists tasks (projects: only projects, with their columns). */
static int list(cli_opts o, bool projects)
{
    task_view v;
    int code = open_view(&o, &v);
    if (code != EXIT_OK)
        return code;
    pm_task_judgment j;
    if (o.state && !pm_task_judgment_parse(o.state, &j)) {
        code = cli_fail(EXIT_BADINPUT, "--state 的值“%s”无法识别（可用 未启动、按进度推进、进度滞后、逾期未完成、已完成、已取消）",
                        o.state);
    } else {
        o.project = o.project || projects;
        json_t *rows = json_array();
        for (size_t i = 0; i < v.w.set.ntasks; i++) {
            json_t *row = out_task_json(&v.w.set.tasks[i], v.w.set.updates, v.w.set.nupdates, v.as_of, false);
            if (wanted(&o, &v.w, &v.w.set.tasks[i], row))
                json_array_append(rows, row);
            json_decref(row);
        }
        size_t ncols;
        const out_column *cols = projects ? out_project_columns(&ncols) : out_task_columns(&ncols);
        out_listing_print(stdout, rows, cols, ncols, o.format);
        json_decref(rows);
    }
    close_view(&v);
    return code;
}

int cmd_task_list(cli_opts o)
{
    return list(o, false);
}

int cmd_project_list(cli_opts o)
{
    return list(o, true);
}

/* One task: its fields, milestones, updates and log, as one JSON object
 * (--format json) or as text. */
int cmd_task_show(cli_opts o)
{
    task_view v;
    int code = open_view(&o, &v);
    if (code != EXIT_OK)
        return code;
    const pm_task *t = NULL;
    for (size_t i = 0; i < v.w.set.ntasks; i++)
        if (!strcmp(v.w.set.tasks[i].code, o.args[0]) || !strcmp(v.w.set.tasks[i].title, o.args[0]))
            t = &v.w.set.tasks[i];
    pm_work_entry *log = NULL;
    size_t nlog = 0;
    if (!t) {
        code = cli_fail(EXIT_BADINPUT, "没有编号或名称为“%s”的任务或项目", o.args[0]);
    } else if (!pm_store_work_log(v.s, "task", t->code, &log, &nlog, &v.err)) {
        cli_bad_input(&v.err);
        code = EXIT_FAIL;
    } else {
        json_t *doc = out_task_json(t, v.w.set.updates, v.w.set.nupdates, v.as_of, true);
        json_t *ups = json_array(), *hist = json_array();
        for (size_t i = 0; i < v.w.set.nupdates; i++)
            if (!strcmp(v.w.set.updates[i].task, t->code))
                json_array_append_new(ups, out_update_json(&v.w.set.updates[i]));
        for (size_t i = 0; i < nlog; i++)
            json_array_append_new(hist, out_work_entry_json(log[i].at, log[i].who, log[i].action, log[i].kind,
                                                            log[i].code, log[i].detail, log[i].id));
        size_t nc;
        const out_column *cols;
        if (o.format == OUT_JSON) {
            json_object_set(doc, "updates", ups);
            json_object_set(doc, "history", hist);
            json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
            fputc('\n', stdout);
        } else {
            json_t *one = json_array();
            json_array_append(one, doc);
            cols = t->project ? out_project_columns(&nc) : out_task_columns(&nc);
            out_listing_print(stdout, one, cols, nc, o.format);
            json_decref(one);
            printf("\n进展报告：\n");
            cols = out_update_columns(&nc);
            out_listing_print(stdout, ups, cols, nc, o.format);
            printf("\n修改记录：\n");
            cols = out_work_log_columns(&nc);
            out_listing_print(stdout, hist, cols, nc, o.format);
        }
        json_decref(ups);
        json_decref(hist);
        json_decref(doc);
    }
    pm_work_log_free(log, nlog);
    close_view(&v);
    return code;
}

/* ---- updates and their review ----------------------------------------------------------------- */

int cmd_task_update(cli_opts o)
{
    pm_task_update u;
    memset(&u, 0, sizeof u);
    u.task = (char *)o.args[0];
    u.percent = NAN;
    u.text = (char *)(o.text ? o.text : "");
    u.who = (char *)o.as;
    if (!pm_period_parse(o.period, u.period, NULL))
        return cli_fail(EXIT_BADINPUT, "--period 的值“%s”无法识别（如 2023、2023H1、2023Q2、2023年上半年）", o.period);
    if (!pm_task_state_parse(o.state, &u.state))
        return cli_fail(EXIT_BADINPUT, "--state 的值“%s”无法识别（可用 未启动、按计划推进、滞后、已完成、已取消）", o.state);
    if (o.percent && (!num_parse_cstr(o.percent, &u.percent) || u.percent < 0 || u.percent > 100))
        return cli_fail(EXIT_BADINPUT, "--percent 的值“%s”应为 0 到 100 之间的数", o.percent);
    int code = cli_attach_setup(&o);
    if (code >= 0)
        return code;
    /* The evidence files, read whole before the store is opened: a file
     * that cannot be read stops the command with nothing written. */
    pm_task_file files[8];
    char *bytes[8] = {0};
    size_t n = 0;
    pm_err err = {0};
    code = -1;
    for (int i = 0; i < o.attach.n && code < 0; i++) {
        size_t len = 0;
        bytes[n] = cli_read_file(o.attach.v[i], &len, &err);
        if (!bytes[n]) {
            code = cli_bad_input(&err);
            break;
        }
        const char *slash = strrchr(o.attach.v[i], '/');
        files[n] = (pm_task_file){slash ? slash + 1 : o.attach.v[i], bytes[n], len};
        n++;
    }
    pm_store *s = code < 0 ? cli_open(o.db, PM_STORE_OPEN, &err, &code) : NULL;
    if (s) {
        code = EXIT_OK;
        pm_tree tree = {0};
        pm_task k;
        int found = n ? pm_store_task_get(s, u.task, &k, &err) : 0;
        bool units = found == 1 && pm_store_get_units(s, &tree, &err);
        const char *unit = units ? pm_task_files_unit(&k, &tree) : NULL;
        long id;
        if (n && found == 0)
            code = cli_fail(EXIT_BADINPUT, "没有编号为“%s”的任务或项目", u.task);
        else if (n && (found < 0 || !units))
            code = cli_bad_input(&err);
        else if (n && !unit)
            code = cli_fail(EXIT_BADINPUT, "没有组织机构，佐证材料无处存放");
        else if (!pm_store_task_update_with_files(s, &u, files, n, unit, &id, &err))
            code = pm_attach_refused(&err) ? cli_fail(EXIT_BADINPUT, "%s（进展未记录）", err.msg) : cli_bad_input(&err);
        else if (n)
            printf("已记录 %s 的进展（第 %ld 号，待审核），附佐证材料 %zu 份。\n", u.task, id, n);
        else
            printf("已记录 %s 的进展（第 %ld 号，待审核）。\n", u.task, id);
        if (found == 1)
            pm_task_clear(&k);
        pm_tree_free(&tree);
        pm_store_close(s);
    }
    for (size_t i = 0; i < n; i++)
        free(bytes[i]);
    return code;
}

static int review(cli_opts o, pm_vstate to)
{
    char *end;
    long id = strtol(o.args[0], &end, 10);
    if (!*o.args[0] || *end || id <= 0)
        return cli_fail(EXIT_BADINPUT, "进展编号“%s”应为正整数（见 task show）", o.args[0]);
    int code;
    pm_err err;
    pm_store *s = cli_open(o.db, PM_STORE_OPEN, &err, &code);
    if (!s)
        return code;
    int r = pm_store_task_update_review(s, id, to, o.as, o.reason, &err);
    if (r == 1)
        printf("第 %ld 号进展%s。\n", id, to == PM_VS_APPROVED ? "已审核通过" : "已退回");
    else if (r == 0)
        code = cli_fail(EXIT_BADINPUT, "没有待审核的第 %ld 号进展", id);
    else
        code = cli_bad_input(&err);
    pm_store_close(s);
    return code;
}

int cmd_task_approve(cli_opts o)
{
    return review(o, PM_VS_APPROVED);
}

int cmd_task_return(cli_opts o)
{
    return review(o, PM_VS_RETURNED);
}

#include "parse/work_in.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/num.h"
#include "parse/table_in.h"

/* ---- names ----------------------------------------------------------------------- */

char **pm_split_names(const char *cell, size_t *n)
{
    static const char *const seps[] = {"、", "，", ",", "；", ";", "／", "/", "\n", "\r", NULL};
    char **out = NULL;
    *n = 0;
    const char *p = cell, *start = cell;
    for (;;) {
        size_t sep = 0;
        for (const char *const *s = seps; *s && !sep; s++)
            if (!strncmp(p, *s, strlen(*s)))
                sep = strlen(*s);
        if (sep || !*p) {
            const char *a = start, *b = p;
            while (a < b && (*a == ' ' || *a == '\t'))
                a++;
            while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
                b--;
            if (b > a) {
                out = xnrealloc(out, *n + 1, sizeof *out);
                out[(*n)++] = xstrndup(a, (size_t)(b - a));
            }
            if (!*p)
                break;
            p += sep;
            start = p;
        } else {
            p++;
        }
    }
    return out;
}

static void names_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* ---- cells ----------------------------------------------------------------------------- */

/* A 完成时限 or date cell into out ("" for none). False with err naming
 * the row and column: not a date, or (in_period) outside the plan period
 * (pm_work_date: the web's task form refuses the same). */
static bool date_cell(const pm_table_in *t, size_t row, int col, const pm_plan *plan, bool in_period, char *out,
                      pm_err *err)
{
    char msg[256];
    if (pm_work_date(pm_table_cell(t, row, col), plan, in_period, out, msg, sizeof msg))
        return true;
    pm_table_fail(t, row, col, err, "%s", msg);
    return false;
}

/* The parties of a cell: the first is the lead when lead is set. */
static bool parties_cell(const pm_table_in *t, size_t row, int col, const pm_work_refs *refs, bool lead,
                         pm_assignment *a, pm_err *err)
{
    size_t n;
    char **names = pm_split_names(pm_table_cell(t, row, col), &n);
    bool ok = true;
    if (lead && n != 1) {
        pm_table_fail(t, row, col, err, n ? "牵头单位只能有一个（“%s”）" : "缺少牵头单位%s", n ? pm_table_cell(t, row, col) : "");
        ok = false;
    }
    for (size_t i = 0; ok && i < n; i++) {
        pm_party p;
        char msg[256];
        if (!pm_work_party(refs, names[i], &p, msg, sizeof msg)) {
            pm_table_fail(t, row, col, err, "%s", msg);
            ok = false;
        } else if (lead) {
            a->lead = p;
        } else {
            a->co = xnrealloc(a->co, a->nco + 1, sizeof *a->co);
            a->co[a->nco++] = p;
        }
    }
    names_free(names, n);
    return ok;
}

/* The 关联指标 cell as indicator codes. */
static bool indicators_cell(const pm_table_in *t, size_t row, int col, const pm_plan *plan, char ***codes,
                            size_t *ncodes, pm_err *err)
{
    size_t n;
    char **names = pm_split_names(pm_table_cell(t, row, col), &n);
    bool ok = true;
    *codes = NULL;
    *ncodes = 0;
    for (size_t i = 0; ok && i < n; i++) {
        const pm_indicator *ind = pm_work_indicator(plan, names[i]);
        if (!ind) {
            pm_table_fail(t, row, col, err, "规划中没有指标“%s”", names[i]);
            ok = false;
        } else {
            *codes = xnrealloc(*codes, *ncodes + 1, sizeof **codes);
            (*codes)[(*ncodes)++] = xstrdup(ind->code);
        }
    }
    names_free(names, n);
    if (!ok) {
        names_free(*codes, *ncodes);
        *codes = NULL;
        *ncodes = 0;
    }
    return ok;
}

/* A code for a new task or project: prefix + two digits, the first not
 * taken by a stored task or one made earlier in the same file. */
static char *make_code(const char *prefix, const pm_work_refs *refs, char **made, size_t nmade)
{
    char code[PM_TASK_CODE_MAX + 1];
    for (int k = 1;; k++) {
        snprintf(code, sizeof code, "%s%02d", prefix, k % 1000000);
        bool taken = pm_work_task(refs, code) >= 0;
        for (size_t i = 0; !taken && i < nmade; i++)
            taken = made[i] && !strcmp(made[i], code);
        if (!taken)
            return xstrdup(code);
    }
}

/* ---- departments ------------------------------------------------------------------------ */

bool pm_depts_read(const char *data, size_t len, pm_dept **out, size_t *n, pm_err *err)
{
    static const char *const c_code[] = {"代码", "code", "单位代码", NULL}, *const c_name[] = {"名称", "name", "单位名称", NULL},
                             *const c_kind[] = {"类别", "kind", "类型", NULL},
                             *const c_contact[] = {"联系人", "contact", "联系方式", "联系人及电话", NULL};
    *out = NULL;
    *n = 0;
    pm_table_in t;
    if (!pm_table_read(data, len, &t, err))
        return false;
    int cc = pm_table_col(&t, c_code, true, err), cn = cc >= 0 ? pm_table_col(&t, c_name, true, err) : -1;
    int ck = pm_table_col(&t, c_kind, false, err), ct = pm_table_col(&t, c_contact, false, err);
    bool ok = cc >= 0 && cn >= 0;
    size_t rows = pm_table_rows(&t);
    pm_dept *d = xcalloc(rows + 1, sizeof *d);
    size_t k = 0;
    for (size_t r = 0; ok && r < rows; r++) {
        const char *code = pm_table_cell(&t, r, cc), *name = pm_table_cell(&t, r, cn), *kind = pm_table_cell(&t, r, ck);
        pm_dept_kind kd = PM_DEPT_SECTION;
        if (!pm_dept_code_valid(code)) {
            pm_table_fail(&t, r, cc, err, "代码“%s”无效：须为 1–%d 个字母、数字或 - _ .", code, PM_DEPT_CODE_MAX);
            ok = false;
        } else if (!*name) {
            pm_table_fail(&t, r, cn, err, "名称不能为空");
            ok = false;
        } else if (*kind && !pm_dept_kind_parse(kind, &kd)) {
            pm_table_fail(&t, r, ck, err, "类别“%s”无法识别（可用 科室 或 委办局）", kind);
            ok = false;
        }
        for (size_t j = 0; ok && j < k; j++)
            if (!strcmp(d[j].code, code) || !strcmp(d[j].name, name)) {
                pm_table_fail(&t, r, strcmp(d[j].code, code) ? cn : cc, err, "“%s”与前面的行重复",
                              strcmp(d[j].code, code) ? name : code);
                ok = false;
            }
        if (ok)
            d[k++] = (pm_dept){xstrdup(code), xstrdup(name), kd, xstrdup(pm_table_cell(&t, r, ct))};
    }
    pm_table_free(&t);
    if (!ok) {
        pm_depts_free(d, k);
        return false;
    }
    *out = d;
    *n = k;
    return true;
}

/* ---- 分解落实表 ------------------------------------------------------------------------- */

void pm_assign_rows_free(pm_assign_row *r, size_t n)
{
    for (size_t i = 0; r && i < n; i++) {
        free(r[i].title);
        free(r[i].section);
        pm_assignment_clear(&r[i].a);
        names_free(r[i].indicators, r[i].nindicators);
    }
    free(r);
}

typedef struct assign_cols {
    int no, type, code, item, section, lead, co, deadline, inds;
} assign_cols;

static bool assign_cols_find(const pm_table_in *t, assign_cols *c, pm_err *err)
{
    static const char *const no[] = {"序号", NULL}, *const type[] = {"类型", "类别", NULL},
                             *const code[] = {"编号", "代码", NULL},
                             *const item[] = {"指标/任务/项目", "指标、任务、项目", "任务名称", "名称", "指标",
                                              "任务", "项目", "重点任务", "事项", NULL},
                             *const section[] = {"规划章节", "章节", NULL}, *const lead[] = {"牵头单位", NULL},
                             *const co[] = {"配合单位", "协办单位", NULL},
                             *const deadline[] = {"完成时限", "完成时间", "时限", NULL},
                             *const inds[] = {"关联指标", "相关指标", NULL};
    c->no = pm_table_col(t, no, false, err);
    c->type = pm_table_col(t, type, false, err);
    c->code = pm_table_col(t, code, false, err);
    c->section = pm_table_col(t, section, false, err);
    c->co = pm_table_col(t, co, false, err);
    c->deadline = pm_table_col(t, deadline, false, err);
    c->inds = pm_table_col(t, inds, false, err);
    return (c->item = pm_table_col(t, item, true, err)) >= 0 && (c->lead = pm_table_col(t, lead, true, err)) >= 0;
}

/* The 类型 cell: 0 none given, 1 indicator, 2 task, 3 project; -1 unknown. */
static int type_of(const char *s)
{
    if (!*s)
        return 0;
    if (!strcmp(s, "指标") || !strcmp(s, "主要指标"))
        return 1;
    if (!strcmp(s, "任务") || !strcmp(s, "重点任务"))
        return 2;
    if (!strcmp(s, "项目") || !strcmp(s, "重大项目") || !strcmp(s, "重大工程") || !strcmp(s, "重大工程项目"))
        return 3;
    return -1;
}

/* Reads row r into x (zeroed). made: codes of new tasks so far. */
static bool assign_row(const pm_table_in *t, size_t r, const assign_cols *c, const pm_work_refs *refs,
                       pm_assign_row *x, char **made, size_t nmade, pm_err *err)
{
    const char *item = pm_table_cell(t, r, c->item), *type = pm_table_cell(t, r, c->type);
    const char *code = pm_table_cell(t, r, c->code);
    x->line = pm_table_line(t, r);
    int ty = type_of(type);
    if (ty < 0) {
        pm_table_fail(t, r, c->type, err, "类型“%s”无法识别（可用 指标、重点任务、重大项目）", type);
        return false;
    }
    if (!*item) {
        pm_table_fail(t, r, c->item, err, "不能为空");
        return false;
    }
    const pm_indicator *ind = ty == 0 || ty == 1 ? pm_work_indicator(refs->plan, *code && ty == 1 ? code : item) : NULL;
    int ti = ty != 1 ? pm_work_task(refs, *code ? code : item) : -1;
    if (ind) {
        x->kind = PM_ITEM_INDICATOR;
        x->a.item = xstrdup(ind->code);
    } else if (ti >= 0) {
        x->kind = PM_ITEM_TASK;
        x->a.item = xstrdup(refs->tasks[ti].code);
    } else if (ty >= 2) {
        if (*code && !pm_task_code_valid(code)) {
            pm_table_fail(t, r, c->code, err, "编号“%s”无效：须为字母、数字或 - _ .", code);
            return false;
        }
        x->kind = PM_ITEM_TASK;
        x->create = true;
        x->project = ty == 3;
        x->title = xstrdup(item);
        x->a.item = *code ? xstrdup(code) : make_code(ty == 3 ? "XM" : "RW", refs, made, nmade);
    } else {
        pm_table_fail(t, r, c->item, err,
                      ty == 1 ? "规划中没有指标“%s”" : "“%s”不是规划中的指标，也不是已登记的任务或项目（新任务请填写“类型”列）",
                      item);
        return false;
    }
    x->a.kind = x->kind;
    if (c->section >= 0 && *pm_table_cell(t, r, c->section))
        x->section = xstrdup(pm_table_cell(t, r, c->section));
    if (!parties_cell(t, r, c->lead, refs, true, &x->a, err) || !parties_cell(t, r, c->co, refs, false, &x->a, err) ||
        !date_cell(t, r, c->deadline, refs->plan, true, x->a.deadline, err) ||
        !indicators_cell(t, r, c->inds, refs->plan, &x->indicators, &x->nindicators, err))
        return false;
    x->has_indicators = x->nindicators > 0;
    for (size_t i = 0; i < x->a.nco; i++)
        if (x->a.co[i].unit == x->a.lead.unit && !strcmp(x->a.co[i].code, x->a.lead.code)) {
            pm_table_fail(t, r, c->co, err, "“%s”已是牵头单位", x->a.co[i].name);
            return false;
        }
    return true;
}

bool pm_assign_read(const char *data, size_t len, const pm_work_refs *refs, pm_assign_row **out, size_t *n,
                    pm_err *err)
{
    *out = NULL;
    *n = 0;
    pm_table_in t;
    if (!pm_table_read(data, len, &t, err))
        return false;
    assign_cols c;
    bool ok = assign_cols_find(&t, &c, err);
    size_t rows = pm_table_rows(&t), k = 0;
    pm_assign_row *v = xcalloc(rows + 1, sizeof *v);
    char **made = xcalloc(rows + 1, sizeof *made); /* borrowed from v */
    for (size_t r = 0; ok && r < rows; r++) {
        ok = assign_row(&t, r, &c, refs, &v[k], made, k, err);
        for (size_t j = 0; ok && j < k; j++)
            if (v[j].kind == v[k].kind && !strcmp(v[j].a.item, v[k].a.item)) {
                pm_table_fail(&t, r, c.item, err, "“%s”在第 %ld 行已分解过", pm_table_cell(&t, r, c.item), v[j].line);
                ok = false;
            }
        made[k] = v[k].create ? v[k].a.item : NULL;
        k++;
    }
    free(made);
    pm_table_free(&t);
    if (!ok) {
        pm_assign_rows_free(v, k);
        return false;
    }
    *out = v;
    *n = k;
    return true;
}

/* ---- 重大项目表 ---------------------------------------------------------------------------- */

/* "2023-06-30 主体结构完成（已完成）；2024-12-31 竣工验收" → milestones. */
static bool milestones_cell(const pm_table_in *t, size_t r, int col, const pm_plan *plan, pm_task *p, pm_err *err)
{
    static const char *const done_marks[] = {"（已完成）", "(已完成)", "✓", "√", "[已完成]", NULL};
    const char *cell = pm_table_cell(t, r, col);
    size_t n;
    char **parts = pm_split_names(cell, &n);
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++) {
        char *s = parts[i], *sp = s;
        while (*sp && *sp != ' ' && strncmp(sp, "：", 3) && *sp != ':')
            sp++;
        size_t skip = !*sp ? 0 : !strncmp(sp, "：", 3) ? 3 : 1;
        char date[64];
        snprintf(date, sizeof date, "%.*s", (int)(sp - s), s);
        pm_milestone m;
        memset(&m, 0, sizeof m);
        if (!pm_date_parse(date, m.due)) {
            pm_table_fail(t, r, col, err, "节点“%s”应以日期开头（如 2023-06-30 主体结构完成）", s);
            ok = false;
            break;
        }
        char msg[256], due[PM_DATE_LEN];
        memcpy(due, m.due, sizeof due);
        if (!pm_work_date(due, plan, true, m.due, msg, sizeof msg)) {
            pm_table_fail(t, r, col, err, "节点“%s”：%s", s, msg);
            ok = false;
            break;
        }
        char *what = sp + skip;
        while (*what == ' ')
            what++;
        for (const char *const *d = done_marks; *d; d++) {
            char *at = strstr(what, *d);
            if (at && at[strlen(*d)] == '\0') {
                *at = '\0';
                m.met = true;
            }
        }
        size_t wl = strlen(what);
        while (wl && what[wl - 1] == ' ')
            what[--wl] = '\0';
        if (!*what) {
            pm_table_fail(t, r, col, err, "节点“%s”缺少内容", s);
            ok = false;
            break;
        }
        m.what = xstrdup(what);
        p->milestones = xnrealloc(p->milestones, p->nmilestones + 1, sizeof *p->milestones);
        p->milestones[p->nmilestones++] = m;
    }
    names_free(parts, n);
    return ok;
}

static bool money_cell(const pm_table_in *t, size_t r, int col, double *v, pm_err *err)
{
    const char *s = pm_table_cell(t, r, col);
    *v = NAN;
    if (!*s || !strcmp(s, "—") || !strcmp(s, "-"))
        return true;
    if (!num_parse_cstr(s, v) || *v < 0) {
        pm_table_fail(t, r, col, err, "“%s”不是投资额（万元，非负数）", s);
        return false;
    }
    return true;
}

bool pm_projects_read(const char *data, size_t len, const pm_work_refs *refs, pm_task **out, size_t *n,
                      pm_err *err)
{
    static const char *const c_code[] = {"编号", "代码", NULL}, *const c_name[] = {"项目名称", "名称", "项目", NULL},
                             *const c_sec[] = {"规划章节", "章节", NULL}, *const c_lead[] = {"牵头单位", NULL},
                             *const c_co[] = {"配合单位", NULL},
                             *const c_start[] = {"开工时间", "开工日期", "开始时间", NULL},
                             *const c_finish[] = {"完工时间", "完工日期", "完成时限", "竣工时间", NULL},
                             *const c_plan[] = {"计划投资（万元）", "计划投资(万元)", "计划投资", "总投资（万元）", "总投资", NULL},
                             *const c_spent[] = {"已完成投资（万元）", "已完成投资(万元)", "已完成投资", "累计完成投资", NULL},
                             *const c_inds[] = {"关联指标", "相关指标", NULL},
                             *const c_ms[] = {"建设节点", "节点", "里程碑", "进度安排", NULL};
    *out = NULL;
    *n = 0;
    pm_table_in t;
    if (!pm_table_read(data, len, &t, err))
        return false;
    int cname = pm_table_col(&t, c_name, true, err), clead = cname >= 0 ? pm_table_col(&t, c_lead, true, err) : -1;
    int ccode = pm_table_col(&t, c_code, false, err), csec = pm_table_col(&t, c_sec, false, err);
    int cco = pm_table_col(&t, c_co, false, err), cstart = pm_table_col(&t, c_start, false, err);
    int cfin = pm_table_col(&t, c_finish, false, err), cplan = pm_table_col(&t, c_plan, false, err);
    int cspent = pm_table_col(&t, c_spent, false, err), cinds = pm_table_col(&t, c_inds, false, err);
    int cms = pm_table_col(&t, c_ms, false, err);
    bool ok = cname >= 0 && clead >= 0;
    size_t rows = pm_table_rows(&t), k = 0;
    pm_task *v = xcalloc(rows + 1, sizeof *v);
    char **made = xcalloc(rows + 1, sizeof *made);
    for (size_t r = 0; ok && r < rows; r++) {
        pm_task *p = &v[k++];
        pm_task_clear(p);
        p->project = true;
        const char *name = pm_table_cell(&t, r, cname), *code = pm_table_cell(&t, r, ccode);
        int known = pm_work_task(refs, *code ? code : name);
        if (!*name) {
            pm_table_fail(&t, r, cname, err, "项目名称不能为空");
            ok = false;
            break;
        }
        if (*code && !pm_task_code_valid(code)) {
            pm_table_fail(&t, r, ccode, err, "编号“%s”无效：须为字母、数字或 - _ .", code);
            ok = false;
            break;
        }
        p->code = known >= 0 ? xstrdup(refs->tasks[known].code) : *code ? xstrdup(code) : make_code("XM", refs, made, k - 1);
        made[k - 1] = p->code;
        p->title = xstrdup(name);
        p->section = xstrdup(pm_table_cell(&t, r, csec));
        p->duty.kind = PM_ITEM_TASK;
        ok = parties_cell(&t, r, clead, refs, true, &p->duty, err) && parties_cell(&t, r, cco, refs, false, &p->duty, err) &&
             date_cell(&t, r, cstart, refs->plan, false, p->start, err) &&
             date_cell(&t, r, cfin, refs->plan, true, p->finish, err) && money_cell(&t, r, cplan, &p->invest_planned, err) &&
             money_cell(&t, r, cspent, &p->invest_spent, err) &&
             indicators_cell(&t, r, cinds, refs->plan, &p->indicators, &p->nindicators, err) &&
             milestones_cell(&t, r, cms, refs->plan, p, err);
        if (ok && p->start[0] && p->finish[0] && strcmp(p->start, p->finish) > 0) {
            pm_table_fail(&t, r, cstart, err, "开工时间 %s 晚于完工时间 %s", p->start, p->finish);
            ok = false;
        }
        memcpy(p->duty.deadline, p->finish, sizeof p->finish);
        for (size_t j = 0; ok && j + 1 < k; j++)
            if (!strcmp(v[j].code, p->code)) {
                pm_table_fail(&t, r, cname, err, "项目“%s”与前面的行重复", name);
                ok = false;
            }
    }
    free(made);
    pm_table_free(&t);
    if (!ok) {
        pm_tasks_free(v, k);
        return false;
    }
    *out = v;
    *n = k;
    return true;
}

/* ---- narratives ---------------------------------------------------------------------------- */

/* Is target a thing of its scope the plan or the tasks know? */
static bool target_known(const pm_work_refs *refs, pm_narr_scope scope, const char *target)
{
    switch (scope) {
    case PM_NS_PLAN:
        return !*target;
    case PM_NS_SECTION:
        return pm_narr_section_find(target) != NULL;
    case PM_NS_DOMAIN:
        for (size_t i = 0; i < refs->plan->nind; i++)
            if (!strcmp(refs->plan->ind[i].domain, target))
                return true;
        return false;
    case PM_NS_INDICATOR:
        return pm_work_indicator(refs->plan, target) != NULL;
    case PM_NS_TASK:
        return pm_work_task(refs, target) >= 0;
    default:
        return false;
    }
}

bool pm_narratives_read(const char *data, size_t len, const pm_work_refs *refs, pm_narrative **out, size_t *n,
                        pm_err *err)
{
    static const char *const c_year[] = {"年份", "year", NULL}, *const c_scope[] = {"范围", "scope", NULL},
                             *const c_target[] = {"对象", "target", NULL}, *const c_kind[] = {"类别", "kind", NULL},
                             *const c_text[] = {"内容", "text", NULL}, *const c_state[] = {"状态", "state", NULL};
    *out = NULL;
    *n = 0;
    pm_table_in t;
    if (!pm_table_read(data, len, &t, err))
        return false;
    int cy = pm_table_col(&t, c_year, true, err), cs = cy >= 0 ? pm_table_col(&t, c_scope, true, err) : -1;
    int ck = cs >= 0 ? pm_table_col(&t, c_kind, true, err) : -1, cx = ck >= 0 ? pm_table_col(&t, c_text, true, err) : -1;
    int ct = pm_table_col(&t, c_target, false, err), cst = pm_table_col(&t, c_state, false, err);
    bool ok = cx >= 0;
    size_t rows = pm_table_rows(&t), k = 0;
    pm_narrative *v = xcalloc(rows + 1, sizeof *v);
    for (size_t r = 0; ok && r < rows; r++) {
        pm_narrative x = {0};
        double y;
        const char *ys = pm_table_cell(&t, r, cy), *st = pm_table_cell(&t, r, cst);
        const char *target = pm_table_cell(&t, r, ct);
        if (!num_parse_cstr(ys, &y) || y != floor(y) || y < refs->plan->base_year || y > refs->plan->target_year) {
            pm_table_fail(&t, r, cy, err, "年份“%s”无效（应在 %d—%d 之间）", ys, refs->plan->base_year,
                          refs->plan->target_year);
            ok = false;
        } else if (!pm_narr_scope_parse(pm_table_cell(&t, r, cs), &x.scope)) {
            pm_table_fail(&t, r, cs, err, "范围“%s”无法识别（可用 全篇、报告章节、领域、指标、任务或项目）",
                          pm_table_cell(&t, r, cs));
            ok = false;
        } else if (!pm_narr_kind_parse(pm_table_cell(&t, r, ck), &x.kind)) {
            pm_table_fail(&t, r, ck, err, "类别“%s”无法识别（可用 评估工作开展情况、主要成效、存在问题及原因、下一步工作建议、规划调整建议）",
                          pm_table_cell(&t, r, ck));
            ok = false;
        } else if (!target_known(refs, x.scope, target)) {
            pm_table_fail(&t, r, ct, err, "%s“%s”不存在", pm_narr_scope_label(x.scope), target);
            ok = false;
        } else if (*st && strcmp(st, "草稿") && strcmp(st, "draft") && strcmp(st, "已采纳") && strcmp(st, "accepted")) {
            pm_table_fail(&t, r, cst, err, "状态“%s”无法识别（可用 草稿、已采纳）", st);
            ok = false;
        }
        if (!ok)
            break;
        x.year = (int)y;
        /* Store indicators and tasks by code, whatever the file called them. */
        if (x.scope == PM_NS_INDICATOR)
            target = pm_work_indicator(refs->plan, target)->code;
        else if (x.scope == PM_NS_TASK)
            target = refs->tasks[pm_work_task(refs, target)].code;
        else if (x.scope == PM_NS_SECTION)
            target = pm_narr_section_find(target)->key;
        x.target = xstrdup(target);
        x.text = xstrdup(pm_table_cell(&t, r, cx));
        x.state = !strcmp(st, "已采纳") || !strcmp(st, "accepted") ? PM_NST_ACCEPTED : PM_NST_DRAFT;
        v[k++] = x;
    }
    pm_table_free(&t);
    if (!ok) {
        pm_narratives_free(v, k);
        return false;
    }
    *out = v;
    *n = k;
    return true;
}

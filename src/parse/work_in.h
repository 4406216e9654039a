/* The tables of the rest of an evaluation, read from CSV or XLSX (table_in.h):
 * departments (责任单位), the 分解落实表 (assignments of indicators, key
 * tasks and projects), the 重大项目表 (projects with investment, dates and
 * milestones) and narratives (评估意见). Pure: bytes and what the database
 * already holds in (plan, org tree, departments, tasks), checked records or
 * an error naming line, column and value out. Nothing is half-read: on
 * failure nothing is returned.
 *
 * Ownership: every array and string returned is malloc'd and the caller's
 * (pm_depts_free, pm_assign_rows_free, pm_tasks_free, pm_narratives_free). */
#ifndef PM_WORK_IN_H
#define PM_WORK_IN_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "model/dept.h"
#include "model/narrative.h"
#include "model/orgunit.h"
#include "model/plan.h"
#include "model/task.h"
#include "parse/work_check.h"

/* pm_work_refs, what a table's names are checked against: parse/work_check.h. */

/* 代码,名称,类别,联系人 (also code,name,kind,contact); 类别 科室/委办局,
 * empty: 科室. Codes and names unique within the file. */
bool pm_depts_read(const char *data, size_t len, pm_dept **out, size_t *n, pm_err *err);

/* One row of a 分解落实表. */
typedef struct pm_assign_row {
    long line;
    pm_item_kind kind;   /* an indicator, or a task/project */
    bool create;         /* a task or project not stored yet */
    bool project;        /* for a new one: 重大项目 */
    char *title;         /* for a new one */
    char *section;       /* 规划章节; NULL: not given (kept) */
    pm_assignment a;     /* a.item: the indicator's or task's code */
    char **indicators;   /* 关联指标 codes; has_indicators false: column absent or empty (kept) */
    size_t nindicators;
    bool has_indicators;
} pm_assign_row;
void pm_assign_rows_free(pm_assign_row *r, size_t n);

/* 序号, 指标/任务/项目 (the item: an indicator's 序号, code or name, or a
 * task's code or title), 牵头单位, 配合单位 (separated by 、，,；;), 完成时限,
 * 关联指标; optional 类型 (指标 / 重点任务 / 重大项目: a task or project not
 * yet stored is then created, its code from 编号 or made up), 编号, 规划章节.
 * Parties are departments (code or name) or org units (code or name).
 * Refused, naming line, column and value: an unknown indicator, task,
 * department or linked indicator; a deadline that is not a date or lies
 * outside the plan period (持续推进/长期 mean none); an item twice. */
bool pm_assign_read(const char *data, size_t len, const pm_work_refs *refs, pm_assign_row **out, size_t *n,
                    pm_err *err);

/* 编号 (optional: made up), 项目名称, 规划章节, 牵头单位, 配合单位, 开工时间,
 * 完工时间, 计划投资（万元）, 已完成投资（万元）, 关联指标, 建设节点 ("2023-06-30
 * 主体结构完成；2024-12-31 竣工验收", a ✓ or （已完成） after a met one).
 * A milestone date or 完工时间 outside the plan period is refused like a
 * 完成时限 (pm_work_date). A project already stored (by code or name) is
 * returned with its code, to be replaced whole. Each a complete pm_task with project true. */
bool pm_projects_read(const char *data, size_t len, const pm_work_refs *refs, pm_task **out, size_t *n,
                      pm_err *err);

/* 年份, 范围, 对象, 类别, 内容, 状态 (also year, scope, target, kind, text,
 * state): scope and kind as keys or Chinese labels; 对象 checked against
 * the plan (indicator, domain), the report's sections and the tasks. */
bool pm_narratives_read(const char *data, size_t len, const pm_work_refs *refs, pm_narrative **out, size_t *n,
                        pm_err *err);

/* Splits a cell of names ("民政局、区卫健委；区财政局") into malloc'd parts
 * (*n of them; free each and the array). */
char **pm_split_names(const char *cell, size_t *n);

#endif

/* Org units and unit targets from CSV. Pure: bytes in, model or an error
 * naming the line and the column out. */
#ifndef PM_UNITS_CSV_H
#define PM_UNITS_CSV_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "model/orgunit.h"
#include "parse/csvread.h"
#include "model/plan.h"
#include "model/target.h"

/* The rows of a units file as read, before any tree is built from them
 * (`units import` lays them over the stored tree first; pm_tree_build_all
 * checks them): in[] points into csv's cells. Columns `code,name,parent,
 * level` (or 代码,名称,上级,级别); optional: group (分组: 镇, 街道,
 * 城市社区 …), valid_from and valid_to (设立年份, 撤销年份: the first and
 * the last year the unit existed, empty for open). Free with
 * pm_units_file_free. */
typedef struct pm_units_file {
    pm_csv csv;
    pm_unit_in *in;
    size_t n;
    /* The unit's contact, from the optional columns contact (联系人),
     * phone (电话, 联系电话) and email (邮箱, 电子邮箱): per row, into csv's
     * cells, "" when the row leaves it empty; NULL arrays when the file has
     * none of those columns. An address is checked for its form
     * (base/mail.h: one @, no spaces, no CR/LF). */
    const char **person, **phone, **email;
} pm_units_file;

/* Reads every row, listing in errs each cell it cannot read (a header
 * without a needed column, a level or a year that is not one) rather than
 * stopping at the first; false when it added any. *out is set either way
 * (empty when the text is no CSV at all). */
bool pm_units_csv_rows(const char *text, size_t len, pm_units_file *out, pm_errs *errs);
void pm_units_file_free(pm_units_file *f);

/* `unit,item,baseline,target` (or 单位,指标,基期值,目标值): item is an indicator
 * 序号 or code; every unit and item must exist in tree and plan; target
 * is required, baseline may be empty. Fills a malloc'd array (the caller frees each
 * string and the array). */
bool pm_targets_csv_parse(const char *text, size_t len, const pm_plan *plan, const pm_tree *tree,
                          pm_unit_target **out, size_t *n, pm_err *err);

#endif

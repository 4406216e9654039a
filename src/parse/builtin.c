#include "parse/builtin.h"

#include <stdlib.h>

#include "base/embed.h"
#include "parse/overlay.h"
#include "parse/plantable.h"

bool pm_plan_builtin(pm_plan *plan, pm_err *err)
{
    return pm_plan_builtin_named(PM_BUILTIN_OVERLAY, plan, err);
}

bool pm_plan_builtin_named(const char *overlay, pm_plan *plan, pm_err *err)
{
    pm_err_file(err, overlay);
    const pm_embed_file *ov = pm_embed_find(overlay);
    if (!ov) {
        pm_err_set(err, 0, "程序中缺少内置规划数据");
        return false;
    }
    char *table_path = pm_overlay_table_path(ov->data, ov->len, err);
    if (!table_path)
        return false;
    const pm_embed_file *tab = pm_embed_find(table_path);
    pm_err_file(err, table_path);
    free(table_path);
    if (!tab) {
        pm_err_set(err, 0, "程序中缺少内置规划的指标表");
        return false;
    }
    if (!pm_plantable_parse(tab->data, tab->len, plan, err))
        return false;
    pm_err_file(err, overlay);
    if (!pm_overlay_apply(plan, ov->data, ov->len, err)) {
        pm_plan_free(plan);
        return false;
    }
    return true;
}

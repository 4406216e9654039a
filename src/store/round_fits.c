/* The refusals of a round's item and unit (store/collect_backend.h), said
 * once for both backends' lookups. A file of its own: the backends call
 * it, and rounds.c, which calls the backends through pm_store_backend,
 * would close a link circle with them. */
#include "store/collect_backend.h"

bool pm_round_item_fits(const char *code, bool found, int elevel, int level, pm_err *err)
{
    if (!found)
        pm_err_set(err, 0, "items：“%s”不是本规划的数据项", code);
    else if (elevel >= 0 && elevel != level)
        pm_err_set(err, 0, "items：数据项“%s”不由第 %d 级单位填报（由第 %d 级填报）", code, level, elevel);
    return found && (elevel < 0 || elevel == level);
}

bool pm_round_unit_fits(const char *code, bool found, int ulevel, int level, pm_err *err)
{
    if (!found)
        pm_err_set(err, 0, "units：“%s”不是本数据库的组织机构", code);
    else if (ulevel != level)
        pm_err_set(err, 0, "units：单位“%s”是第 %d 级单位，本填报任务由第 %d 级单位报送", code, ulevel, level);
    return found && ulevel == level;
}

/* The history chain check's queries and refusals (history_check.h). */
#include "store/history_check.h"

const char pm_sql_history_current[] =
    "SELECT e.code, u.code, d.year FROM data_value d"
    " JOIN element e ON e.id = d.element_id JOIN org_unit u ON u.id = d.unit_id"
    " LEFT JOIN value_history h ON h.id = (SELECT max(id) FROM value_history x"
    "   WHERE x.element_id = d.element_id AND x.unit_id = d.unit_id AND x.year = d.year)"
    " WHERE h.id IS NULL OR h.new_value IS DISTINCT FROM d.value OR h.new_state <> d.state LIMIT 1";
const char pm_sql_history_links[] =
    "SELECT e.code, u.code, c.year, c.id FROM (SELECT id, element_id, unit_id, year, old_value, old_state,"
    "   lag(new_value) OVER w AS pv, lag(new_state) OVER w AS ps, lag(id) OVER w AS pid FROM value_history"
    "   WINDOW w AS (PARTITION BY element_id, unit_id, year ORDER BY id)) c"
    " JOIN element e ON e.id = c.element_id JOIN org_unit u ON u.id = c.unit_id"
    " WHERE (c.pid IS NULL AND c.old_state IS NOT NULL)"
    "    OR (c.pid IS NOT NULL AND (c.old_value IS DISTINCT FROM c.pv OR c.old_state IS DISTINCT FROM c.ps))"
    " LIMIT 1";

void pm_history_current_broken(const char *db, const char *element, const char *unit, int year, pm_err *err)
{
    pm_err_set(err, 0, "数据库 %s 修改记录检查未通过：单位 %s 数据项 %s %d 年的现值与最后一条修改记录的新值不一致", db,
               unit, element, year);
}

void pm_history_link_broken(const char *db, const char *element, const char *unit, int year, long long id,
                            pm_err *err)
{
    pm_err_set(err, 0,
               "数据库 %s 修改记录检查未通过：单位 %s 数据项 %s %d 年的第 %lld 条修改记录的原值与上一条的新值不一致", db,
               unit, element, year, id);
}

void pm_history_triggers_missing(const char *db, pm_err *err)
{
    pm_err_set(err, 0, "数据库 %s 修改记录检查未通过：保证修改记录只能追加的触发器缺失", db);
}

/* The element sweep's statements (element_sweep.h). */
#include "store/element_sweep.h"

const char pm_sql_elem_ord[] =
    "UPDATE element SET ord = (SELECT min(ord) FROM plan_element pe WHERE pe.element_id = element.id)";
const char pm_sql_elem_purge[] =
    "DELETE FROM element WHERE ord IS NULL"
    " AND NOT EXISTS (SELECT 1 FROM data_value v WHERE v.element_id = element.id)"
    " AND NOT EXISTS (SELECT 1 FROM value_history h WHERE h.element_id = element.id)";

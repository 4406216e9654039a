/* GET /api/v1/status?unit=CODE&year=Y&method=pace|sdg: every indicator of
 * the plan for one unit and year, judged — the document `planmon status
 * --format json` prints and the overview page draws (web_status_doc), so
 * that a script, the page and the command line agree. Built and
 * serialised once per snapshot (snap_cache.c). Unit: the caller's
 * own subtree root unless asked; year: the latest with figures. */
#include <string.h>

#include "web/api.h"

void web_api_status(web_req *r, web_resp *w)
{
    const web_snap *s = api_snap(r, w);
    if (!s)
        return;
    const char *m = web_query(r, "method");
    bool sdg = m && !strcmp(m, "sdg");
    if (m && *m && !sdg && strcmp(m, "pace")) {
        web_error(r, w, 400, "bad_method", "评估方法 method 应为 pace（时间过半、任务过半）或 sdg。");
        return;
    }
    int unit = web_unit_param(r, w, s, WEB_DO_READ);
    if (unit < 0)
        return;
    int year = web_year_param(r, w, s);
    if (year < 0)
        return;
    web_status_json(r, w, unit, year, sdg);
}

/* planmon status [--db F] [--year Y] [--unit U] [--method pace|sdg] [--format table|json|csv]
 * Every indicator of the plan for one unit and year, judged. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_eval.h"
#include "cli/config.h"
#include "cli/commands.h"
#include "render/doc/status_out.h"
#include "store/evaluate.h"
#include "store/plans.h"

int cmd_status(cli_opts o)
{
    int judging = cli_judging_setup(&o);
    if (judging >= 0)
        return judging;
    int code;
    pm_err err;
    pm_store *s = cli_open(o.db, PM_STORE_READ, &err, &code);
    if (!s)
        return code;
    pm_evaluation ev;
    if (!cli_evaluate(s, &err, &ev)) {
        code = EXIT_FAIL;
        goto done;
    }
    /* A database fresh from init has a plan but no org units yet: there is
     * no unit to report on, not even the root. */
    if (ev.tree.n == 0) {
        code = cli_fail(EXIT_BADINPUT, "数据库 %s 中还没有组织机构（先运行 planmon units import --db %s 组织机构.csv）",
                        cli_db_name(o.db), cli_db_name(o.db));
        goto done;
    }
    int u, year;
    if (!cli_unit_year(&o, &ev, &u, &year)) {
        code = EXIT_BADINPUT;
        goto done;
    }
    json_t *doc = out_status_doc(&ev, u, year, !strcmp(o.method, "sdg"));
    out_status_print(stdout, doc, o.format);
    json_decref(doc);
done:
    pm_evaluation_free(&ev);
    pm_store_close(s);
    return code;
}

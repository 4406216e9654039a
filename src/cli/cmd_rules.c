/* planmon rules [--db F] [--format table|csv|json]
 * The plan's validation rules (校验规则): which figures are compared with
 * which, and whether a breach refuses the figures or asks for a comment. */
#include <jansson.h>
#include <stdio.h>

#include "cli/cli.h"
#include "cli/cli_out.h"
#include "cli/commands.h"
#include "render/doc/rules_out.h"

int cmd_rules(cli_opts o)
{
    cli_planned cp;
    int code = cli_plan_open(o.db, PM_STORE_OPEN, false, &cp);
    if (code != EXIT_OK)
        return code;
    pm_store_close(cp.s);
    json_t *rows = out_rules_json(&cp.plan);
    size_t ncols;
    const out_column *cols = out_rules_columns(&ncols);
    cli_print_rows(rows, cols, ncols, o.format, NULL);
    pm_plan_free(&cp.plan);
    return EXIT_OK;
}

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
    int code;
    pm_err err;
    pm_plan plan;
    pm_store *s = cli_open_plan(o.db, PM_STORE_OPEN, &plan, NULL, &err, &code);
    if (!s)
        return code;
    pm_store_close(s);
    json_t *rows = out_rules_json(&plan);
    size_t ncols;
    const out_column *cols = out_rules_columns(&ncols);
    cli_print_rows(rows, cols, ncols, o.format, NULL);
    pm_plan_free(&plan);
    return EXIT_OK;
}

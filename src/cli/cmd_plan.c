/* planmon plan show | plan parse FILE */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "render/doc/plan_out.h"
#include "parse/builtin.h"
#include "parse/plantable.h"

int cmd_plan_parse(cli_opts o)
{
    pm_err err = {0};
    pm_plantable_opts popts = {0, 0};
    if (o.years && !cli_parse_years(o.years, &popts.base_year, &popts.target_year))
        return EXIT_BADINPUT;
    size_t len;
    char *text = cli_read_file(o.args[0], &len, &err);
    if (!text)
        return cli_bad_input(&err);
    pm_plan plan;
    bool ok = pm_plantable_parse_opts(text, len, &popts, &plan, &err);
    free(text);
    if (!ok)
        return cli_bad_input(&err);
    /* What the reader did not use goes to stderr too, so that nobody who
     * reads only the table misses it. */
    for (size_t i = 0; i < plan.nwarnings; i++)
        fprintf(stderr, "planmon: 警告：%s：%s\n", o.args[0], plan.warnings[i]);
    out_plan_print(stdout, &plan, o.format);
    pm_plan_free(&plan);
    return EXIT_OK;
}

int cmd_plan_show(cli_opts o)
{
    pm_err err = {0};
    pm_plan plan;
    if (!pm_plan_builtin(&plan, &err))
        return cli_bad_input(&err);
    out_plan_print(stdout, &plan, o.format);
    pm_plan_free(&plan);
    return EXIT_OK;
}

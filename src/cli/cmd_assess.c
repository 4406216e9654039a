/* planmon assess --method pace|sdg FILE.csv [--format csv|json]
 * Judges series without a database. Every row is read and checked before
 * anything is printed, so bad input prints no partial result. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/config.h"
#include "cli/commands.h"
#include "render/doc/assess_out.h"
#include "parse/assess_in.h"

static bool assess_row(const pm_csv *t, size_t r, pm_method m, json_t *rows, pm_err *err)
{
    json_t *row = out_assess_inputs(t, r, m);
    if (m == PM_METHOD_PACE) {
        pm_pace_in in;
        pm_obs *obs;
        if (!pm_assess_pace_row(t, r, &in, &obs, err)) {
            json_decref(row);
            return false;
        }
        pm_pace_out out;
        pm_pace(&in, pm_pace_settings(), &out);
        free(obs);
        out_assess_pace(row, &out);
    } else {
        pm_sdg_in in;
        if (!pm_assess_sdg_row(t, r, &in, err)) {
            json_decref(row);
            return false;
        }
        pm_sdg_out out;
        pm_sdg(&in, &out);
        out_assess_sdg(row, &out);
    }
    json_array_append_new(rows, row);
    return true;
}

int cmd_assess(cli_opts o)
{
    int judging = cli_judging_setup(&o);
    if (judging >= 0)
        return judging;
    if (o.format == OUT_TABLE)
        o.format = OUT_CSV;
    pm_method m = !strcmp(o.method, "sdg") ? PM_METHOD_SDG : PM_METHOD_PACE;
    pm_err err = {0};
    size_t len;
    char *text = cli_read_file(o.args[0], &len, &err);
    if (!text)
        return cli_bad_input(&err);
    pm_csv t;
    bool ok = pm_csv_parse(text, len, &t, &err);
    free(text);
    if (!ok)
        return cli_bad_input(&err);
    ok = pm_assess_check_header(&t, m, &err);
    json_t *rows = json_array();
    for (size_t r = 0; ok && r < t.nrows; r++)
        ok = assess_row(&t, r, m, rows, &err);
    if (ok)
        out_assess_print(stdout, &t, rows, m, o.format);
    pm_csv_free(&t);
    json_decref(rows);
    return ok ? EXIT_OK : cli_bad_input(&err);
}

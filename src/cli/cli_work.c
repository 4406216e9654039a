#include "cli/cli_work.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "cli/cli.h"

bool cli_work_load(pm_store *s, cli_work *w, pm_err *err)
{
    memset(w, 0, sizeof *w);
    return pm_store_get_plan(s, &w->plan, err) && pm_store_get_units(s, &w->tree, err) &&
           pm_store_work_set(s, &w->set, true, err);
}

void cli_work_free(cli_work *w)
{
    pm_plan_free(&w->plan);
    pm_tree_free(&w->tree);
    pm_work_set_free(&w->set);
    memset(w, 0, sizeof *w);
}

pm_work_refs cli_work_refs(const cli_work *w)
{
    return (pm_work_refs){&w->plan, &w->tree, w->set.depts, w->set.ndepts, w->set.tasks, w->set.ntasks};
}

bool cli_as_of(const cli_opts *o, pm_store *s, const pm_plan *plan, char out[PM_DATE_LEN])
{
    if (o->as_of) {
        if (pm_date_parse(o->as_of, out))
            return true;
        cli_fail(EXIT_BADINPUT, "--as-of 的值“%s”不是日期（如 2023-12-31）", o->as_of);
        return false;
    }
    int year = o->year;
    pm_err err = {0};
    if (!year && !pm_store_latest_year(s, &year, &err)) {
        cli_bad_input(&err);
        return false;
    }
    if (!year)
        year = plan->base_year + 1;
    /* Today in the bureau's zone, as the task pages take it: a UTC date
     * made the two doors judge on different days before 08:00 there. */
    char today[PM_DATE_LEN];
    pm_clock_today(time(NULL), today, sizeof today);
    pm_task_as_of(year, today, out);
    return true;
}

char *cli_work_file(const cli_opts *o, size_t *len, int *code)
{
    pm_err err = {0};
    char *data = cli_read_file(o->args[0], len, &err);
    if (!data)
        *code = cli_bad_input(&err);
    return data;
}

int cli_work_finish(pm_store *s, bool ok, pm_err *err, const char *file)
{
    if (ok && pm_store_commit(s, err))
        return EXIT_OK;
    pm_store_rollback(s);
    char why[sizeof err->msg];
    snprintf(why, sizeof why, "%s", err->msg);
    pm_err_file(err, file);
    pm_err_set(err, err->line, "%s（数据库未作任何改动）", why);
    return cli_bad_input(err);
}

bool cli_import_open(const cli_opts *o, cli_import *im, int *code)
{
    memset(im, 0, sizeof *im);
    im->data = cli_work_file(o, &im->len, code);
    if (!im->data)
        return false;
    im->s = cli_open(o->db, PM_STORE_OPEN, &im->err, code);
    if (!im->s) {
        free(im->data);
        return false;
    }
    if (!cli_work_load(im->s, &im->w, &im->err)) {
        cli_bad_input(&im->err);
        *code = EXIT_FAIL;
        cli_work_free(&im->w);
        pm_store_close(im->s);
        free(im->data);
        return false;
    }
    pm_err_file(&im->err, o->args[0]);
    im->refs = cli_work_refs(&im->w);
    return true;
}

bool cli_import_begin(cli_import *im)
{
    im->begun = true;
    return pm_store_begin(im->s, &im->err);
}

int cli_import_close(cli_import *im, const cli_opts *o, bool ok)
{
    int code = EXIT_OK;
    if (!im->begun && !ok)
        code = cli_bad_input(&im->err);
    else if (im->begun && ok && o->dry_run)
        pm_store_rollback(im->s);
    else if (im->begun)
        code = cli_work_finish(im->s, ok, &im->err, o->args[0]);
    cli_work_free(&im->w);
    pm_store_close(im->s);
    free(im->data);
    return code;
}

/* What the dept, task, project and narrative commands share: everything
 * the database holds about tasks loaded at once, the judging date, and
 * reading an import file against it. */
#ifndef PM_CLI_WORK_H
#define PM_CLI_WORK_H
#include <stdbool.h>

#include "cli/table.h"
#include "parse/work_in.h"
#include "store/work.h"

typedef struct cli_work {
    pm_plan plan;
    pm_tree tree;
    pm_work_set set;
} cli_work;

/* Loads everything (updates too); false with err set. Free with
 * cli_work_free (also after a failure). */
bool cli_work_load(pm_store *s, cli_work *w, pm_err *err);
void cli_work_free(cli_work *w);
/* The names an import file is checked against (borrowed from w). */
pm_work_refs cli_work_refs(const cli_work *w);

/* The date tasks are judged on: --as-of, else the end of --year (or of
 * the latest year holding figures, else of the plan's first year), or
 * today when that comes first. False (message printed) for a bad
 * --as-of. */
bool cli_as_of(const cli_opts *o, pm_store *s, const pm_plan *plan, char out[PM_DATE_LEN]);

/* Reads file o->args[0] (whole), for an import. NULL with the message
 * printed and *code set. */
char *cli_work_file(const cli_opts *o, size_t *len, int *code);

/* Ends an import: commits when ok, else rolls back and prints err with
 * "（数据库未作任何改动）". Returns the exit code. */
int cli_work_finish(pm_store *s, bool ok, pm_err *err, const char *file);

/* One import of a work file (assignments, projects, narratives) against
 * what the database holds: open, read data against refs into rows, begin,
 * put each row, close. */
typedef struct cli_import {
    char *data; /* the file o->args[0], whole */
    size_t len;
    pm_store *s;
    cli_work w;
    pm_work_refs refs; /* borrowed from w */
    pm_err err;        /* names the file */
    bool begun;        /* a transaction is open */
} cli_import;

/* Reads the file, opens the store and loads the work. False with the
 * message printed and *code set; nothing is left to close then. */
bool cli_import_open(const cli_opts *o, cli_import *im, int *code);
/* Begins the one transaction of the import; false with im->err set. */
bool cli_import_begin(cli_import *im);
/* Ends the import and frees im. Before a transaction: prints im->err
 * when !ok. Within one: commits when ok, rolls back on --dry-run, else
 * (!ok) rolls back and prints im->err as cli_work_finish does. Returns
 * the exit code. */
int cli_import_close(cli_import *im, const cli_opts *o, bool ok);

#endif

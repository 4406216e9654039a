/* What is printed about the whole command table (table.h): the overview
 * of `planmon help`, the list of every command for tests, the planmon(1)
 * man page and the bash completion script. All of it walks the same
 * entries that the parser reads, so none of it can drift. table is the
 * top level of main.c's table (ending with a {0} entry). */
#ifndef PM_CLI_HELP_OUT_H
#define PM_CLI_HELP_OUT_H
#include <stdio.h>

#include "cli/table.h"

/* Every shown command with its usage and summary (planmon help). */
void cli_overview(FILE *f, const cli_cmd *table);
/* Every command, hidden ones and groups included, one per line as typed
 * after "planmon " ("user add"); a group's line comes before its own. */
void cli_list_commands(FILE *f, const cli_cmd *table);
/* The planmon(1) manual page in roff (man(7) macros). */
void cli_man(FILE *f, const cli_cmd *table, const char *version);
/* A bash completion script: commands, subcommands, options, choices,
 * file names where an option or argument takes a file. */
void cli_completion_bash(FILE *f, const cli_cmd *table);

#endif

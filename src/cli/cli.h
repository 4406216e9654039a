/* Front door: the CLI command table and what command handlers share.
 * Exit codes: 0 success, 1 a failure of the machine (I/O, database),
 * 2 bad input or usage (the message names file, line and field). */
#ifndef PM_CLI_H
#define PM_CLI_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "out/format.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_BADINPUT = 2 };

/* Largest input file a command reads whole. */
#define CLI_MAX_INPUT ((size_t)256 * 1024 * 1024)

typedef struct cli_cmd {
    const char *name;  /* words the user types: "plan parse" */
    const char *usage; /* arguments after the name */
    const char *help;  /* one line, Chinese */
    int (*run)(int argc, char **argv); /* argv[0] is the command name */
} cli_cmd;

/* Prints "planmon: <formatted error>" to stderr; returns EXIT_BADINPUT. */
int cli_bad_input(const pm_err *e);
/* Prints "planmon: <fmt…>" to stderr and returns code. */
int cli_fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Reads a whole file ("-" is stdin) into a malloc'd NUL-terminated buffer
 * the caller frees. Refuses files over CLI_MAX_INPUT. On failure returns
 * NULL with e set (file name, message) and *io_error telling a machine
 * failure (exit 1) from bad input (exit 2). */
char *cli_read_file(const char *path, size_t *len, pm_err *e);

/* Options every reporting command takes. */
typedef struct cli_opts {
    out_format format;
    const char *method; /* "pace" | "sdg" */
    const char *file;   /* first positional argument */
} cli_opts;

/* Parses `[--format F] [--method M] [FILE]` for a command; formats_allowed
 * is a bit mask of (1 << OUT_*). Prints usage and returns false on error. */
bool cli_parse_opts(int argc, char **argv, unsigned formats_allowed, bool want_method, bool want_file,
                    cli_opts *o);
int cli_usage_of(const char *name);

/* Handlers, one per command (cmd_*.c). */
int cmd_plan_parse(int argc, char **argv);
int cmd_plan_show(int argc, char **argv);
int cmd_assess(int argc, char **argv);

#endif

/* Front door: the CLI command table and what command handlers share.
 * Exit codes: 0 success, 1 a failure of the machine (I/O, database),
 * 2 bad input or usage (the message names file, line and field). */
#ifndef PM_CLI_H
#define PM_CLI_H
#include "base/err.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_BADINPUT = 2 };

typedef struct cli_cmd {
    const char *name;  /* "plan parse": words the user types */
    const char *usage; /* arguments after the name */
    const char *help;  /* one line, Chinese */
    int (*run)(int argc, char **argv); /* argv[0] is the last word of name */
} cli_cmd;

/* Prints "planmon: <message>" to stderr; returns EXIT_BADINPUT. */
int cli_bad_input(const pm_err *e);
/* Prints "planmon: <fmt…>" to stderr and returns code. */
int cli_fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Reads a whole file (or stdin for "-") into a malloc'd NUL-terminated
 * buffer the caller frees. Refuses files over max bytes. On failure fills e. */
char *cli_read_file(const char *path, size_t max, size_t *len, pm_err *e);
/* Prints usage of the command to stderr, returns EXIT_BADINPUT. */
int cli_usage(const char *name);

/* Output formats shared by commands. */
typedef enum { FMT_TABLE, FMT_CSV, FMT_JSON } cli_format;
/* Parses --format's value; false (with message printed) if unknown or not allowed. */
int cli_parse_format(const char *s, unsigned allowed_mask, cli_format *out);
#define FMT_MASK(f) (1u << (f))

/* Handlers, one per command (cmd_*.c). */
int cmd_plan_parse(int argc, char **argv);
int cmd_plan_show(int argc, char **argv);
int cmd_assess(int argc, char **argv);

#endif

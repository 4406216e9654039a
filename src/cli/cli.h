/* Front door: the CLI command table and what command handlers share.
 * Exit codes: 0 success, 1 a failure of the machine (I/O, database),
 * 2 bad input or usage (the message names file, line and field). */
#ifndef PM_CLI_H
#define PM_CLI_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "base/secret.h"
#include "render/write/format.h"
#include "store/store.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_BADINPUT = 2 };

/* Largest input file a command reads whole. */
#define CLI_MAX_INPUT ((size_t)1024 * 1024 * 1024)

typedef struct cli_cmd {
    const char *name;  /* words the user types: "plan parse" */
    const char *usage; /* arguments after the name */
    const char *help;  /* one line, Chinese; NULL: not listed by help */
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

/* Options, parsed once for every command by one table (cli.c); each
 * command says which it accepts. Positional arguments land in args. */
enum {
    OPT_FORMAT = 1u << 0, /* --format table|csv|json */
    OPT_METHOD = 1u << 1, /* --method pace|sdg */
    OPT_DB = 1u << 2,     /* --db FILE */
    OPT_YEAR = 1u << 3,   /* --year Y */
    OPT_UNIT = 1u << 4,   /* --unit CODE */
    OPT_PLAN = 1u << 5,   /* --plan FILE */
    OPT_FORCE = 1u << 6,  /* --force */
    OPT_DRYRUN = 1u << 7, /* --dry-run */
    OPT_AS = 1u << 8,     /* --as USER */
    OPT_REPORT = 1u << 9, /* --report FILE.csv */
    OPT_REASON = 1u << 10, /* --reason TEXT */
    OPT_REOPEN = 1u << 11, /* --reopen */
    OPT_OUT = 1u << 12,   /* -o FILE / --output FILE */
    OPT_ITEM = 1u << 13,  /* --item CODE */
    OPT_WHAT = 1u << 14,  /* --what values|status */
};

enum {
    OPT_ROLE = 1u << 20,   /* --role admin|planner|reviewer|reporter */
    OPT_LISTEN = 1u << 21, /* --listen ADDRESS:PORT */
};

#define CLI_DEFAULT_DB "planmon.db"

typedef struct cli_opts {
    out_format format;
    const char *method; /* "pace" (default) or "sdg" */
    const char *db;     /* CLI_DEFAULT_DB unless given */
    const char *unit;   /* NULL: the root */
    const char *plan;   /* NULL: the built-in plan */
    int year;           /* 0: not given */
    bool force, dry_run, reopen;
    const char *as;     /* who: --as, else $USER, else "cli" */
    const char *report, *reason, *out, *item, *what;
    const char *role, *listen; /* NULL: not given */
    const char *args[8];
    int nargs;
} cli_opts;

/* Parses argv (argv[0] is the command's name) against the options in
 * `allowed` and the formats in `formats` (bits 1 << OUT_*), expecting
 * min_args..max_args positional arguments. Prints a Chinese message and
 * the command's usage and returns false on any error. */
bool cli_parse(int argc, char **argv, unsigned allowed, unsigned formats, int min_args, int max_args,
               cli_opts *o);
int cli_usage_of(const char *name);

/* Opens an existing database for a command. A missing file is the
 * user's mistake (*code = 2), a broken one the machine's (1); the message
 * is printed. NULL on failure. */
pm_store *cli_open_store(const char *db, int *code);
/* Loads the plan for init: the built-in one, or a plan-table text file
 * (every indicator then entered directly). Prints the error; false on failure. */
bool cli_load_plan(const char *file, pm_plan *plan);

/* A password for a new or changed account (cmd_user.c): from the
 * environment variable env, else (when prompt) a prompt without echo if
 * stdin is a terminal, else generated (then `shown` holds it, to print
 * once). Prints the error and returns false on failure. */
typedef struct cli_password {
    char hash[SECRET_PWHASH_LEN];   /* argon2id, for the store */
    char shown[SECRET_PASSWORD_LEN]; /* a generated password, "" otherwise */
} cli_password;
bool cli_password_get(const char *user, const char *env, bool prompt, cli_password *p);
/* Prints a generated password once (nothing when it was given). */
void cli_password_print(const char *user, const cli_password *p);

/* Handlers, one per command (cmd_*.c). */
int cmd_plan_parse(int argc, char **argv);
int cmd_plan_show(int argc, char **argv);
int cmd_assess(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_units_import(int argc, char **argv);
int cmd_targets_import(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_user_add(int argc, char **argv);
int cmd_user_passwd(int argc, char **argv);
int cmd_user_list(int argc, char **argv);
int cmd_token_add(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_submit(int argc, char **argv);
int cmd_approve(int argc, char **argv);
int cmd_return(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_template(int argc, char **argv);
int cmd_report(int argc, char **argv);

#endif

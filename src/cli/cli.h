/* Front door: what command handlers share (messages, reading files, the
 * store, passwords). The command table is main.c's; its types and the
 * option parser are table.h's; the handlers are declared in commands.h. */
#ifndef PM_CLI_H
#define PM_CLI_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "base/secret.h"
#include "cli/table.h"
#include "render/write/format.h"
#include "store/store.h"

/* Largest input file a command reads whole. */
#define CLI_MAX_INPUT ((size_t)1024 * 1024 * 1024)

/* Prints "planmon: <formatted error>" to stderr; returns EXIT_BADINPUT. */
int cli_bad_input(const pm_err *e);
/* Prints "planmon: <fmt…>" to stderr and returns code. */
int cli_fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Reads a whole file ("-" is stdin) into a malloc'd NUL-terminated buffer
 * the caller frees. Refuses files over CLI_MAX_INPUT. On failure returns
 * NULL with e set (file name, message) and *io_error telling a machine
 * failure (exit 1) from bad input (exit 2). */
char *cli_read_file(const char *path, size_t *len, pm_err *e);

/* The plan the command being run works on: its --plan CODE, NULL for the
 * database's default plan. main sets it once, after parsing the options
 * and before the handler runs; cli_open makes
 * the store handle it returns work on it (store/plans.h). */
extern const char *cli_plan_key;
/* The user named with --as (NULL: not named; the OS login is recorded):
 * cli_open (to change the database) refuses a name that is not a user of the database. */
extern const char *cli_as_named;

/* Whether the database --db names is there (store.h's pm_store_exists):
 * 1 yes; 0 no; -1 when that cannot be told (a PostgreSQL server not
 * reachable, a wrong password), after printing why (exit code 2). */
int cli_db_exists(const char *db);
/* Prints that the database db is missing (and how to make one); returns
 * EXIT_BADINPUT. */
int cli_db_missing(const char *db);

/* The database db as messages show it: a file's path, a URI with its
 * password hidden (store.h's pm_store_shown). Use it wherever a message
 * names --db. Static storage, valid until a call with another db. */
const char *cli_db_name(const char *db);
/* Opens the existing database db for a command: PM_STORE_OPEN to change
 * it, PM_STORE_READ for commands that only read (opened read-only,
 * store/sqlite_ro.h, so they work on a read-only file system or a file the
 * user may not write). *err is cleared and names the database
 * (cli_db_name), ready for the command's own store calls; *code is
 * EXIT_OK. On failure the message is printed and NULL returned: a missing
 * database is the user's mistake (*code = 2), a broken one the
 * machine's (1). */
pm_store *cli_open(const char *db, pm_open_mode mode, pm_err *err, int *code);
/* What a command does when a read from the store it opened fails (a
 * listing's rows): prints err, closes s; returns EXIT_FAIL, the store's
 * failure, as cli_open answers a broken database. */
int cli_read_failed(pm_store *s, const pm_err *err);
/* What a command that checks its arguments against the plan works with
 * (cli_plan_open): the store (s), the plan the command works on, the
 * database's units (tree; empty unless asked for), and err for the
 * command's own store calls (it names the database, with no message, as
 * cli_open leaves it). */
typedef struct cli_planned {
    pm_store *s;
    pm_plan plan;
    pm_tree tree;
    pm_err err;
} cli_planned;
/* cli_open, then the plan read into p->plan and, when with_tree, the
 * database's units into p->tree: the start of every command that checks
 * its arguments against the plan. EXIT_OK with p the caller's to end by
 * cli_plan_close; else the exit code with the message printed (cli_open's,
 * or EXIT_FAIL when the plan or units cannot be read: the store failed, as
 * cli_open answers a broken database) and nothing left open. */
int cli_plan_open(const char *db, pm_open_mode mode, bool with_tree, cli_planned *p);
/* Frees p's plan and units and closes its store. */
void cli_plan_close(cli_planned *p);
/* Closes the store of a database the command has just created (init,
 * demo; s may be NULL, and the caller has rolled back what failed) and,
 * when !ok, removes that database: nothing was there before, and a
 * half-made one helps nobody. A failure to remove it is not printed: the
 * caller prints the error that made it fail. */
void cli_db_close_new(pm_store *s, const char *db, bool ok);
/* Loads the plan for init: the built-in one, or a plan-table text file
 * (every indicator then entered directly; years as --years Y0-Y1 says
 * when the table names none, NULL: from the table). Prints the error;
 * false on failure. */
bool cli_load_plan(const char *file, const char *years, pm_plan *plan);
/* "2020-2025" into *y0, *y1; false (message printed) when it is not two
 * years, the first before the second. */
bool cli_parse_years(const char *s, int *y0, int *y1);

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

#endif

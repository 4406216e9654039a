/* The CLI's declarative tables (git's parse-options, Redis's command table):
 * a command is one cli_cmd entry — its words, its positional arguments, a
 * one-line summary, its options and its handler — and everything a user
 * sees about it comes from that entry: the getopt_long parsing, `--help`,
 * the usage line of an error, the man page and the shell completion. Help
 * therefore cannot drift from behaviour.
 *
 * main.c owns the table; this module reads it (it never names a command).
 * Exit codes: 0 success, 1 a failure of the machine (I/O, database),
 * 2 bad input or usage (the message names file, line and field). */
#ifndef PM_CLI_TABLE_H
#define PM_CLI_TABLE_H
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "render/write/format.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_BADINPUT = 2 };

/* Prints "planmon: <fmt…>" and a newline to stderr; returns code. Here,
 * below cli.h, so that a refused command line (this module) and a
 * handler's cli_fail say it the same way. */
int cli_vfail(int code, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

#define CLI_DEFAULT_DB "planmon.db"
#define CLI_MAX_ARGS 8
/* Most options one command may have (cli_opts.given is a bit set of them). */
#define CLI_MAX_OPTS 64

typedef struct cli_cmd cli_cmd;

/* A repeatable option's values, in the order given (CLI_LIST). */
typedef struct cli_list {
    const char *v[8];
    int n;
} cli_list;

/* What a command's options and arguments parse into. Every option of
 * every command lands in one field here (an option table entry names the
 * field with offsetof), so a handler reads o.db, o.year … */
typedef struct cli_opts {
    out_format format;  /* OUT_TABLE unless given */
    const char *method; /* "pace" (default) or "sdg" */
    const char *db;     /* CLI_DEFAULT_DB unless given */
    const char *unit;   /* NULL: the root */
    const char *plan;   /* init --plan FILE; NULL: the built-in plan */
    const char *plan_code; /* --plan CODE of the commands on a database; NULL: its default plan */
    const char *code;   /* init: the new plan's code; NULL: derived (its title is `title`, below) */
    bool make_default;  /* init --default: the added plan becomes the default */
    const char *verdict, *note; /* judge: 已实现 / 基本实现 / 未实现, and why */
    int year;           /* 0: not given */
    bool force, dry_run, reopen, clear;
    bool all_years;     /* export --what status --all-years */
    bool revoke_tokens; /* user passwd --revoke-tokens */
    const char *as;     /* who: --as, else $USER, else "cli" */
    const char *report, *reason, *out, *item, *what;
    const char *encoding;      /* export's CSV encoding; NULL: utf-8-bom */
    const char *role, *listen; /* NULL: not given */
    const char *tls_cert, *tls_key, *trusted_proxy, *request_log, *error_log; /* serve; NULL: not given */
    const char *config;        /* serve --config FILE; NULL: the default path */
    const char *time_zone;     /* serve --time-zone (+08:00); NULL: not given */
    const char *year_share;    /* serve --year-approved-share (0.8); NULL: not given */
    const char *attach_max_mb; /* serve, task update --attach-max-mb (20); NULL: not given */
    cli_list attach;           /* task update --attach FILE (repeatable) */
    const char *smtp_url, *smtp_from, *smtp_user, *smtp_password, *base_url; /* serve's e-mail settings; NULL: not given */
    const char *pace_on_track, *pace_behind, *pace_ahead; /* judging thresholds; NULL: not given */
    bool list, man;            /* help's hidden generators */
    const char *completion;    /* help --completion SHELL */
    const char *years;         /* plan parse --years 2020-2025; NULL: from the table */
    const char *deadline, *opens, *period, *title, *items, *level; /* round open (title: also init's plan title); NULL: not given */
    const char *units;         /* round open --units CODE,…; NULL: every unit of the level */
    bool overdue;              /* round status --overdue */
    /* dept, task, project, narrative (cmd_dept.c, cmd_task.c, cmd_project.c,
     * cmd_narrative.c; deadline and period above are shared); NULL: not given */
    const char *kind, *contact, *lead, *co, *section, *indicators, *state, *percent;
    const char *text, *as_of, *dept, *scope, *target, *met_on;
    bool project, not_met, accept;
    const char *issuer, *date; /* report --issuer NAME --date YYYY-MM-DD; NULL: not given */
    const char *from, *to;     /* copy --from X --to Y */
    const char *args[CLI_MAX_ARGS];
    int nargs;
    const cli_cmd *cmd; /* the command parsed (its option table) */
    uint64_t given;     /* bit i: cmd->opts[i] was on the command line */
} cli_opts;

/* How an option's value is read and checked before it is stored. */
typedef enum cli_kind {
    CLI_FLAG,   /* no value: sets a bool */
    CLI_STR,    /* any text: sets a const char * (into argv) */
    CLI_YEAR,   /* 1900..2200: sets an int */
    CLI_CHOICE, /* one of arg's '|'-separated words: sets a const char * */
    CLI_FORMAT, /* one of arg's '|'-separated out_format names: sets an out_format */
    CLI_LIST,   /* repeatable, any text: appends to a cli_list */
} cli_kind;

enum {
    CLI_REQUIRED = 1u << 0, /* the command refuses to run without it */
    CLI_HIDDEN = 1u << 1,   /* parsed, but not shown by help, man page or completion */
};

/* One option of one command. */
typedef struct cli_opt {
    const char *name; /* long form without the dashes: "db" for --db */
    char letter;      /* short form: 'o' for -o; 0 for none */
    cli_kind kind;
    size_t field;     /* offsetof(cli_opts, …) of the value's home */
    const char *arg;  /* the value as help shows it ("F"); for CLI_CHOICE and
                         CLI_FORMAT the choices themselves ("csv|json") */
    const char *help; /* one line, Chinese; for a choice a noun ("评估方法"),
                         as the refusal of a bad value reads "不支持的评估方法…" */
    unsigned flags;   /* CLI_REQUIRED, CLI_HIDDEN */
} cli_opt;

/* A handler gets its options parsed and checked, by value (a copy it may
 * adjust, e.g. a default format), and returns the exit code. */
typedef int cli_handler(cli_opts o);

struct cli_cmd {
    const char *name;    /* one word: "add" of `planmon user add` */
    const char *args;    /* positional arguments as help shows them: "FILE",
                            "NAME [名称]"; a word in [ ] is optional, one
                            ending in "..." repeats. The arity is read from
                            this text (cli_arity), never written twice. */
    const char *summary; /* one line, Chinese; NULL: hidden from help */
    const cli_opt *opts; /* ends with a {0} entry; NULL: no options */
    cli_handler *run;    /* NULL for a group (it has subs) */
    const cli_cmd *subs; /* a group's commands, ending with a {0} entry */
};

/* A command as typed: the entries from the top word down ("user", "add"). */
#define CLI_DEPTH_MAX 4
typedef struct cli_path {
    const cli_cmd *at[CLI_DEPTH_MAX];
    int n;
} cli_path;

/* Follows argv's leading words down table (its entries end with {0}) as
 * far as they name commands; fills p and returns how many words it used
 * (0: the first word names nothing). */
int cli_find(const cli_cmd *table, int argc, char **argv, cli_path *p);

/* The least and most positional arguments cmd's args text allows. */
void cli_arity(const cli_cmd *cmd, int *min, int *max);

/* Parses argv (argv[0] is the command's last word) against the options of
 * the command p ends at. Returns -1 when o is filled and the handler may
 * run; otherwise the exit code to end with, the output already written:
 * 0 after --help (stdout), 2 after a refused option or argument (a
 * Chinese message naming it, then the usage line, on stderr). */
int cli_parse(const cli_path *p, int argc, char **argv, cli_opts *o);

/* cmd's shown option whose long form is name, or NULL. */
const cli_opt *cli_find_option(const cli_cmd *cmd, const char *name);
/* Sets cmd's option called name (its long form) to value, as if given on
 * the command line, unless it was (o->given): for settings read from a
 * file, which the command line overrides. False with a Chinese message
 * in why for an unknown name or a bad value. */
bool cli_set_option(cli_opts *o, const char *name, const char *value, char *why, size_t cap);

/* "用法：planmon user add NAME --role … [--db F]" — one line per command
 * (a group: one per subcommand it shows). */
void cli_usage(FILE *f, const cli_path *p);
/* One command's synopsis line, after lead: "planmon status [--db F] …". */
void cli_synopsis(FILE *f, const char *lead, const cli_path *p);
/* The --help text of p's command: usage, summary, every option. */
void cli_help(FILE *f, const cli_path *p);
/* One command's words ("user add") into out; returns out. */
const char *cli_path_name(const cli_path *p, char *out, size_t cap);

#endif

/* planmon serve's settings file (/etc/planmon/planmon.conf): the format is
 * parse/keyval.h's `key = value`; the keys are serve's own long options
 * (db, listen, …), so that a setting and its option cannot differ, and an
 * option given on the command line wins over the file. The commands that
 * judge read the file's judging keys (pace-*) too, so that a page, a
 * report and `planmon status` judge alike. */
#ifndef PM_CLI_CONFIG_H
#define PM_CLI_CONFIG_H
#include <stdbool.h>

#include "cli/table.h"

#define CLI_DEFAULT_CONFIG "/etc/planmon/planmon.conf"
#define CLI_CONFIG_ENV "PLANMON_CONFIG"

/* The settings file to read: $PLANMON_CONFIG when set (*must_exist then
 * true), else CLI_DEFAULT_CONFIG (read when present). */
const char *cli_config_path(bool *must_exist);

/* Applies the settings in path to o (whose cmd is the command they are
 * for), each unless its option was on the command line. only (NULL: every
 * key, each an option of o->cmd) names the keys to take; the others are
 * left to the commands they belong to (serve's). A missing file is fine
 * when !must_exist. Prints the error (file, line, what) and returns the
 * exit code (1 unreadable, 2 bad setting) on failure, -1 on success. */
int cli_config_apply(cli_opts *o, const char *path, bool must_exist, const char *const *only);

/* The judging settings for a command that judges (status, report, export,
 * assess): the settings file's pace-* keys unless given as options, then
 * set for the process (engine/pace.h). Exit code on failure (the message
 * printed), -1 on success. */
int cli_judging_setup(cli_opts *o);
/* Sets o's --pace-* and --time-zone (when given) for the process (engine/
 * pace.h, base/clock.h); a bad value prints why and returns 2, else -1. */
int cli_judging_apply(const cli_opts *o);
/* Sets o's --attach-max-mb (when given) for the process (store/attach.h);
 * a bad value prints why and returns 2, else -1. */
int cli_attach_apply(const cli_opts *o);
/* The attachment size limit for a command that stores files (task
 * update): the settings file's attach-max-mb unless given as an option,
 * then applied (cli_attach_apply). Exit code on failure, -1 on success. */
int cli_attach_setup(cli_opts *o);

/* Reads the settings file (cli_config_path) for the keys named (NULL
 * ended) and sets values[k] to key k's value, NULL when absent or when
 * the packaged file is not this user's to read; the strings live to the
 * end of the run. For settings that every door shares but that are no
 * option of the command (time-zone, smtp-*). Exit code on failure (the
 * message printed), -1 on success. */
int cli_config_keys(const char *const *keys, const char **values);

/* The bureau's time zone for a command that has no --time-zone of its
 * own: the settings file's time-zone key (as serve reads it), so that the
 * CLI shows the times the pages show. -1 on success (or no such key),
 * else the exit code with the message printed. */
int cli_zone_setup(void);

#endif

/* planmon serve's settings file (/etc/planmon/planmon.conf): the format is
 * parse/keyval.h's `key = value`; the keys are serve's own long options
 * (db, listen, …), so that a setting and its option cannot differ, and an
 * option given on the command line wins over the file. */
#ifndef PM_CLI_CONFIG_H
#define PM_CLI_CONFIG_H
#include <stdbool.h>

#include "cli/table.h"

#define CLI_DEFAULT_CONFIG "/etc/planmon/planmon.conf"

/* Applies the settings in path to o (whose cmd is the command they are
 * for), each unless its option was on the command line. A missing file is
 * fine when !must_exist. Prints the error (file, line, what) and returns
 * the exit code (1 unreadable, 2 bad setting) on failure, -1 on success. */
int cli_config_apply(cli_opts *o, const char *path, bool must_exist);

#endif

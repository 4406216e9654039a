/* Reads a settings file into a command's options (config.h). */
#include "cli/config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "cli/cli.h"
#include "engine/pace.h"
#include "engine/round.h"
#include "parse/keyval.h"
#include "store/attach.h"

/* Prints "planmon: 文件 path 第 line 行：why" and returns EXIT_BADINPUT. */
static int bad_setting(const char *path, long line, const char *why)
{
    pm_err e = {0};
    pm_err_file(&e, path);
    pm_err_set(&e, line, "%s", why);
    return cli_bad_input(&e);
}

/* The settings in use: o's strings point into it for the rest of the run. */
static pm_keyvals kept;

const char *cli_config_path(bool *must_exist)
{
    const char *env = getenv(CLI_CONFIG_ENV);
    *must_exist = env && *env;
    return *must_exist ? env : CLI_DEFAULT_CONFIG;
}

static bool wanted(const char *key, const char *const *only)
{
    for (size_t i = 0; only && only[i]; i++)
        if (!strcmp(only[i], key))
            return true;
    return !only;
}

/* Reads and parses the settings file at path into *kv (pm_keyvals_free;
 * empty, text NULL, when the file is absent and need not exist). -1 on
 * success, else the exit code with the message printed: 2 missing when it
 * must exist or malformed (file, line), 1 there but unreadable. */
static int read_settings(const char *path, bool must_exist, pm_keyvals *kv)
{
    memset(kv, 0, sizeof *kv);
    if (access(path, F_OK) != 0 && errno == ENOENT)
        return must_exist ? cli_fail(EXIT_BADINPUT, "设置文件 %s 不存在", path) : -1;
    pm_err err = {0};
    size_t len;
    char *text = cli_read_file(path, &len, &err);
    if (!text) {
        cli_bad_input(&err);
        return EXIT_FAIL; /* there, but unreadable: permissions, I/O */
    }
    bool ok = pm_keyval_parse(text, len, kv, &err);
    free(text);
    if (!ok) {
        pm_err_file(&err, path);
        return cli_bad_input(&err);
    }
    return -1;
}

int cli_config_apply(cli_opts *o, const char *path, bool must_exist, const char *const *only)
{
    pm_keyvals kv;
    int code = read_settings(path, must_exist, &kv);
    if (code >= 0 || !kv.text)
        return code;
    char why[512];
    for (size_t i = 0; i < kv.n && code < 0; i++) {
        const pm_keyval *p = &kv.kv[i];
        if (!wanted(p->key, only))
            continue;
        const cli_opt *opt = cli_find_option(o->cmd, p->key);
        for (size_t j = 0; j < i && !(opt && opt->kind == CLI_LIST); j++)
            if (!strcmp(kv.kv[j].key, p->key)) {
                snprintf(why, sizeof why, "设置 %s 重复（第 %ld 行已有）", p->key, kv.kv[j].line);
                code = bad_setting(path, p->line, why);
            }
        if (code < 0 && !strcmp(p->key, "config"))
            code = bad_setting(path, p->line, "设置文件中不能再指定 config");
        if (code < 0 && !cli_set_option(o, p->key, p->value, why, sizeof why))
            code = bad_setting(path, p->line, why);
    }
    if (code >= 0) {
        pm_keyvals_free(&kv);
        return code;
    }
    pm_keyvals_free(&kept); /* one settings file per run; a second replaces it */
    kept = kv;
    return -1;
}

/* One threshold: *v unchanged when not given; false (message printed)
 * when given and not a number. */
static bool threshold(const char *name, const char *text, double *v)
{
    if (!text)
        return true;
    char *end;
    double x = strtod(text, &end);
    if (end == text || *end || x != x) {
        cli_fail(EXIT_BADINPUT, "评估阈值 %s 须为数（如 0.95），而不是“%s”", name, text);
        return false;
    }
    *v = x;
    return true;
}

int cli_judging_apply(const cli_opts *o)
{
    pm_pace_cfg c = PM_PACE_DEFAULT;
    if (!threshold("pace-on-track", o->pace_on_track, &c.on_track) ||
        !threshold("pace-behind", o->pace_behind, &c.behind) || !threshold("pace-ahead", o->pace_ahead, &c.ahead))
        return EXIT_BADINPUT;
    if (!pm_pace_configure(&c))
        return cli_fail(EXIT_BADINPUT,
                        "评估阈值无效：须 0 ≤ pace-behind < pace-on-track ≤ pace-ahead（现为 %g、%g、%g）", c.behind,
                        c.on_track, c.ahead);
    double share = PM_ROUND_SHARE_DEFAULT;
    if (!threshold("year-approved-share", o->year_share, &share))
        return EXIT_BADINPUT;
    if (!pm_round_configure_share(share))
        return cli_fail(EXIT_BADINPUT, "year-approved-share 须大于 0 且不大于 1（现为 %g）", share);
    int code = cli_attach_apply(o);
    if (code >= 0)
        return code;
    int minutes;
    if (o->time_zone && !(pm_clock_parse_offset(o->time_zone, &minutes) && pm_clock_set_offset(minutes)))
        return cli_fail(EXIT_BADINPUT, "时区“%s”无效：请写与 UTC 的固定差，如 +08:00、UTC+8、-05:30 或 UTC",
                        o->time_zone);
    return -1;
}

int cli_config_keys(const char *const *keys, const char **values)
{
    static pm_keyvals read; /* values point into it for the rest of the run */
    for (size_t k = 0; keys[k]; k++)
        values[k] = NULL;
    bool must;
    const char *path = cli_config_path(&must);
    /* As cli_judging_setup: the packaged file is the service's; a reader
     * without the right to it gets the defaults. */
    if (!must && access(path, R_OK) != 0)
        return -1;
    pm_keyvals kv;
    int code = read_settings(path, must, &kv);
    if (code >= 0)
        return code;
    for (size_t i = 0; i < kv.n; i++)
        for (size_t k = 0; keys[k]; k++)
            if (!strcmp(kv.kv[i].key, keys[k]))
                values[k] = kv.kv[i].value; /* the last one: serve refuses a repeat */
    pm_keyvals_free(&read);
    read = kv;
    return -1;
}

int cli_zone_setup(void)
{
    static const char *const keys[] = {"time-zone", NULL};
    const char *zone;
    int code = cli_config_keys(keys, &zone);
    if (code >= 0 || !zone)
        return code;
    int minutes;
    if (!(pm_clock_parse_offset(zone, &minutes) && pm_clock_set_offset(minutes))) {
        bool must;
        return cli_fail(EXIT_BADINPUT, "设置文件 %s 中的时区“%s”无效：请写与 UTC 的固定差，如 +08:00、UTC+8、-05:30 或 UTC",
                        cli_config_path(&must), zone);
    }
    return -1;
}

int cli_judging_setup(cli_opts *o)
{
    static const char *const keys[] = {"pace-on-track", "pace-behind", "pace-ahead", NULL};
    bool must;
    const char *path = cli_config_path(&must);
    /* The packaged file is the service's (root:planmon 0640): someone else
     * reading a copy of a database with `planmon status` judges by the
     * defaults and the options rather than failing. A file named by
     * $PLANMON_CONFIG must be readable. */
    if (!must && access(path, R_OK) != 0)
        return cli_judging_apply(o);
    int code = cli_config_apply(o, path, must, keys);
    return code >= 0 ? code : cli_judging_apply(o);
}

int cli_attach_apply(const cli_opts *o)
{
    if (!o->attach_max_mb)
        return -1;
    char *end;
    long mb = strtol(o->attach_max_mb, &end, 10);
    if (end == o->attach_max_mb || *end || !pm_attach_configure_max_mb(mb))
        return cli_fail(EXIT_BADINPUT, "attach-max-mb 须为 1 到 %d 之间的整数（MB），而不是“%s”", PM_ATTACH_MAX_MB_LIMIT,
                        o->attach_max_mb);
    return -1;
}

int cli_attach_setup(cli_opts *o)
{
    static const char *const keys[] = {"attach-max-mb", NULL};
    bool must;
    const char *path = cli_config_path(&must);
    /* As cli_judging_setup: the packaged file unreadable is no failure. */
    if (!must && access(path, R_OK) != 0)
        return cli_attach_apply(o);
    int code = cli_config_apply(o, path, must, keys);
    return code >= 0 ? code : cli_attach_apply(o);
}

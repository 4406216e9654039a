/* Reads a settings file into a command's options (config.h). */
#include "cli/config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "parse/keyval.h"

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

int cli_config_apply(cli_opts *o, const char *path, bool must_exist)
{
    if (access(path, F_OK) != 0 && errno == ENOENT) {
        if (!must_exist)
            return -1;
        return cli_fail(EXIT_BADINPUT, "设置文件 %s 不存在", path);
    }
    pm_err err = {0};
    size_t len;
    char *text = cli_read_file(path, &len, &err);
    if (!text) {
        cli_bad_input(&err);
        return EXIT_FAIL; /* there, but unreadable: permissions, I/O */
    }
    pm_keyvals kv;
    bool ok = pm_keyval_parse(text, len, &kv, &err);
    free(text);
    if (!ok) {
        pm_err_file(&err, path);
        return cli_bad_input(&err);
    }
    int code = -1;
    char why[512];
    for (size_t i = 0; i < kv.n && code < 0; i++) {
        const pm_keyval *p = &kv.kv[i];
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

/* Helpers every command handler shares: messages, reading files. */
#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

int cli_bad_input(const pm_err *e)
{
    char msg[1200];
    pm_err_format(e, msg, sizeof msg);
    fprintf(stderr, "planmon: %s\n", msg);
    return EXIT_BADINPUT;
}

int cli_fail(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cli_vfail(code, fmt, ap);
    va_end(ap);
    return code;
}

char *cli_read_file(const char *path, size_t *len, pm_err *e)
{
    bool is_stdin = !strcmp(path, "-");
    pm_err_file(e, is_stdin ? "（标准输入）" : path);
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        pm_err_set(e, 0, "无法打开：%s", strerror(errno));
        return NULL;
    }
    buf b = BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n > CLI_MAX_INPUT) {
            pm_err_set(e, 0, "文件过大（超过 %zu MB）", CLI_MAX_INPUT >> 20);
            buf_free(&b);
            if (!is_stdin)
                fclose(f);
            return NULL;
        }
        buf_append(&b, chunk, n);
    }
    bool bad = ferror(f);
    int err = errno;
    if (!is_stdin)
        fclose(f);
    if (bad) {
        pm_err_set(e, 0, "读取失败：%s", strerror(err));
        buf_free(&b);
        return NULL;
    }
    *len = b.len;
    return buf_detach(&b);
}

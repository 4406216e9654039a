/* Helpers every command handler shares: messages, reading files, options. */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"

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
    fputs("planmon: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
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

bool cli_parse_opts(int argc, char **argv, unsigned formats_allowed, bool want_method, bool want_file,
                    cli_opts *o)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"method", required_argument, NULL, 'm'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    o->format = OUT_TABLE;
    o->method = "pace";
    optind = 0; /* GNU: start over for each command */
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "+:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (!out_format_parse(optarg, &o->format) || !((formats_allowed >> o->format) & 1u)) {
                cli_fail(EXIT_BADINPUT, "不支持的输出格式“%s”", optarg);
                return false;
            }
            break;
        case 'm':
            if (!want_method || (strcmp(optarg, "pace") && strcmp(optarg, "sdg"))) {
                cli_fail(EXIT_BADINPUT, "不支持的评估方法“%s”（可选 pace、sdg）", optarg);
                return false;
            }
            o->method = optarg;
            break;
        case 'h':
            cli_usage_of(argv[0]);
            exit(EXIT_OK);
        case ':':
            cli_fail(EXIT_BADINPUT, "选项 %s 缺少参数", argv[optind - 1]);
            return false;
        default:
            cli_fail(EXIT_BADINPUT, "无法识别的选项“%s”", argv[optind - 1]);
            return false;
        }
        /* Options may follow the file: getopt stops at the first
         * positional ("+"), so take it and go on. */
    }
    for (int i = optind; i < argc; i++) {
        if (want_file && !o->file && argv[i][0] != '-') {
            o->file = argv[i];
        } else if (want_file && !o->file && !strcmp(argv[i], "-")) {
            o->file = argv[i];
        } else if (!strncmp(argv[i], "--", 2) && i + 1 < argc) {
            /* an option after the positional argument */
            char *sub[3] = {argv[0], argv[i], argv[i + 1]};
            cli_opts tmp;
            if (!cli_parse_opts(3, sub, formats_allowed, want_method, false, &tmp))
                return false;
            if (!strcmp(argv[i], "--format"))
                o->format = tmp.format;
            else
                o->method = tmp.method;
            optind = 0;
            i++;
        } else {
            cli_fail(EXIT_BADINPUT, "多余的参数“%s”", argv[i]);
            cli_usage_of(argv[0]);
            return false;
        }
    }
    if (want_file && !o->file) {
        cli_fail(EXIT_BADINPUT, "缺少输入文件");
        cli_usage_of(argv[0]);
        return false;
    }
    return true;
}

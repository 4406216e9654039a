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
#include "base/num.h"

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

bool cli_parse(int argc, char **argv, unsigned allowed, unsigned formats, int min_args, int max_args,
               cli_opts *o)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'}, {"method", required_argument, NULL, 'm'},
        {"db", required_argument, NULL, 'd'},     {"year", required_argument, NULL, 'y'},
        {"unit", required_argument, NULL, 'u'},   {"plan", required_argument, NULL, 'p'},
        {"force", no_argument, NULL, 'F'},        {"help", no_argument, NULL, 'h'},
        {"role", required_argument, NULL, 'e'},   {"listen", required_argument, NULL, 'L'},
        {"dry-run", no_argument, NULL, 'n'},      {"as", required_argument, NULL, 'a'},
        {"report", required_argument, NULL, 'r'}, {"reason", required_argument, NULL, 'R'},
        {"reopen", no_argument, NULL, 'O'},       {"output", required_argument, NULL, 'o'},
        {"item", required_argument, NULL, 'i'},   {"what", required_argument, NULL, 'w'},
        {NULL, 0, NULL, 0},
    };
    static const struct {
        int c;
        unsigned bit;
    } bits[] = {{'e', OPT_ROLE}, {'L', OPT_LISTEN}, {'f', OPT_FORMAT}, {'m', OPT_METHOD}, {'d', OPT_DB}, {'y', OPT_YEAR},
                {'u', OPT_UNIT},   {'p', OPT_PLAN},   {'F', OPT_FORCE}, {'n', OPT_DRYRUN},
                {'a', OPT_AS},     {'r', OPT_REPORT}, {'R', OPT_REASON}, {'O', OPT_REOPEN},
                {'o', OPT_OUT},    {'i', OPT_ITEM},   {'w', OPT_WHAT}};
    memset(o, 0, sizeof *o);
    o->format = OUT_TABLE;
    o->method = "pace";
    o->db = CLI_DEFAULT_DB;
    o->as = getenv("USER") && *getenv("USER") ? getenv("USER") : "cli";
    optind = 0; /* GNU: start over for each command; options may follow arguments */
    opterr = 0;
    int c, idx = 0;
    while ((c = getopt_long(argc, argv, ":ho:", longopts, &idx)) != -1) {
        if (c == 'h') {
            cli_usage_of(argv[0]);
            exit(EXIT_OK);
        }
        if (c == ':' || c == '?') {
            if (c == ':')
                cli_fail(EXIT_BADINPUT, "选项 %s 缺少参数", argv[optind - 1]);
            else
                cli_fail(EXIT_BADINPUT, "无法识别的选项“%s”", argv[optind - 1]);
            cli_usage_of(argv[0]);
            return false;
        }
        bool ok = false;
        for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++)
            if (bits[i].c == c)
                ok = (allowed & bits[i].bit) != 0;
        if (!ok) {
            if (c == 'o')
                cli_fail(EXIT_BADINPUT, "该命令不接受选项 -o");
            else
                cli_fail(EXIT_BADINPUT, "该命令不接受选项 --%s", longopts[idx].name);
            cli_usage_of(argv[0]);
            return false;
        }
        long year;
        switch (c) {
        case 'f':
            if (!out_format_parse(optarg, &o->format) || !((formats >> o->format) & 1u)) {
                cli_fail(EXIT_BADINPUT, "不支持的输出格式“%s”", optarg);
                return false;
            }
            break;
        case 'm':
            if (strcmp(optarg, "pace") && strcmp(optarg, "sdg")) {
                cli_fail(EXIT_BADINPUT, "不支持的评估方法“%s”（可选 pace、sdg）", optarg);
                return false;
            }
            o->method = optarg;
            break;
        case 'd':
            o->db = optarg;
            break;
        case 'y':
            if (!num_parse_int(optarg, 1900, 2200, &year)) {
                cli_fail(EXIT_BADINPUT, "年份“%s”无效", optarg);
                return false;
            }
            o->year = (int)year;
            break;
        case 'u':
            o->unit = optarg;
            break;
        case 'p':
            o->plan = optarg;
            break;
        case 'F':
            o->force = true;
            break;
        case 'e':
            o->role = optarg;
            break;
        case 'L':
            o->listen = optarg;
            break;
        case 'n':
            o->dry_run = true;
            break;
        case 'O':
            o->reopen = true;
            break;
        case 'a':
            if (!*optarg) {
                cli_fail(EXIT_BADINPUT, "--as 需要用户名");
                return false;
            }
            o->as = optarg;
            break;
        case 'r':
            o->report = optarg;
            break;
        case 'R':
            o->reason = optarg;
            break;
        case 'o':
            o->out = optarg;
            break;
        case 'i':
            o->item = optarg;
            break;
        case 'w':
            if (strcmp(optarg, "values") && strcmp(optarg, "status")) {
                cli_fail(EXIT_BADINPUT, "--what 只能是 values 或 status");
                return false;
            }
            o->what = optarg;
            break;
        default:
            break;
        }
    }
    for (int i = optind; i < argc; i++) {
        if (o->nargs >= max_args || o->nargs >= (int)(sizeof o->args / sizeof o->args[0])) {
            cli_fail(EXIT_BADINPUT, "多余的参数“%s”", argv[i]);
            cli_usage_of(argv[0]);
            return false;
        }
        o->args[o->nargs++] = argv[i];
    }
    if (o->nargs < min_args) {
        cli_fail(EXIT_BADINPUT, "缺少参数");
        cli_usage_of(argv[0]);
        return false;
    }
    return true;
}

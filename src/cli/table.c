/* Reads the declarative command and option tables (table.h): parsing with
 * getopt_long, usage lines and --help, all from the same entries. */
#include "cli/table.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/num.h"

/* getopt_long's code for the i-th long option (above every char). */
#define LONG_CODE(i) (256 + (i))

static bool is_word(const char *arg, const char *word)
{
    return arg && word && !strcmp(arg, word);
}

int cli_find(const cli_cmd *table, int argc, char **argv, cli_path *p)
{
    p->n = 0;
    int used = 0;
    while (table && used < argc && p->n < CLI_DEPTH_MAX) {
        const cli_cmd *hit = NULL;
        for (const cli_cmd *c = table; c->name; c++)
            if (is_word(argv[used], c->name))
                hit = c;
        if (!hit)
            break;
        p->at[p->n++] = hit;
        used++;
        table = hit->subs;
    }
    return used;
}

void cli_arity(const cli_cmd *cmd, int *min, int *max)
{
    *min = *max = 0;
    const char *s = cmd->args ? cmd->args : "";
    int depth = 0;
    bool in_word = false, optional = false;
    for (;; s++) {
        bool end = !*s || (*s == ' ' && depth == 0);
        if (end && in_word) {
            (*max)++;
            if (!optional)
                (*min)++;
            in_word = false;
        } else if (!end && !in_word && *s != ' ') {
            in_word = true;
            optional = *s == '[';
        }
        if (!*s)
            break;
        if (*s == '[')
            depth++;
        else if (*s == ']' && depth > 0)
            depth--;
        if (!strncmp(s, "...", 3))
            *max = CLI_MAX_ARGS;
    }
    if (*max > CLI_MAX_ARGS)
        *max = CLI_MAX_ARGS;
}

const char *cli_path_name(const cli_path *p, char *out, size_t cap)
{
    size_t len = 0;
    out[0] = '\0';
    for (int i = 0; i < p->n && len < cap; i++)
        len += (size_t)snprintf(out + len, cap - len, "%s%s", i ? " " : "", p->at[i]->name);
    return out;
}

static const cli_cmd *last(const cli_path *p)
{
    return p->at[p->n - 1];
}

/* "--db" or "-o", as the user would type the option. */
static const char *spelled(const cli_opt *o, char *out, size_t cap)
{
    if (o->letter)
        snprintf(out, cap, "-%c", o->letter);
    else
        snprintf(out, cap, "--%s", o->name);
    return out;
}

/* " [--db F]", " --unit U", " [-o FILE]", " [--force]" */
static void print_opt_synopsis(FILE *f, const cli_opt *o)
{
    bool req = o->flags & CLI_REQUIRED;
    char name[64];
    fprintf(f, "%s%s", req ? " " : " [", spelled(o, name, sizeof name));
    if (o->kind != CLI_FLAG)
        fprintf(f, " %s", o->arg);
    if (!req)
        fputc(']', f);
}

void cli_synopsis(FILE *f, const char *lead, const cli_path *p)
{
    char name[256];
    const cli_cmd *c = last(p);
    fprintf(f, "%splanmon %s", lead, cli_path_name(p, name, sizeof name));
    if (c->args && *c->args)
        fprintf(f, " %s", c->args);
    for (const cli_opt *o = c->opts; o && o->name; o++)
        if (!(o->flags & CLI_HIDDEN))
            print_opt_synopsis(f, o);
    fputc('\n', f);
}

void cli_usage(FILE *f, const cli_path *p)
{
    const cli_cmd *c = last(p);
    if (!c->subs) {
        cli_synopsis(f, "用法：", p);
        return;
    }
    bool first = true;
    for (const cli_cmd *s = c->subs; s->name; s++) {
        if (!s->summary)
            continue;
        cli_path sub = *p;
        sub.at[sub.n++] = s;
        cli_synopsis(f, first ? "用法：" : "      ", &sub);
        first = false;
    }
}

/* Where an option's help line starts in --help, in terminal columns. */
#define HELP_COLUMN 30

/* Prints "  text" padded to col terminal columns: a character outside
 * ASCII (a Chinese metavariable such as 用户) takes two. */
static void print_padded(FILE *f, const char *text, int col)
{
    int width = 2;
    for (const unsigned char *s = (const unsigned char *)text; *s; s++)
        if (*s < 0x80)
            width++;
        else if ((*s & 0xC0) != 0x80)
            width += 2;
    fprintf(f, "  %s%*s", text, width < col ? col - width : 1, "");
}

void cli_help(FILE *f, const cli_path *p)
{
    const cli_cmd *c = last(p);
    cli_usage(f, p);
    if (c->summary)
        fprintf(f, "\n%s\n", c->summary);
    if (c->subs) {
        fputs("\n子命令：\n", f);
        for (const cli_cmd *s = c->subs; s->name; s++)
            if (s->summary)
                fprintf(f, "  %-10s %s\n", s->name, s->summary);
        char name[256];
        fprintf(f, "\n各子命令的选项见 planmon %s 子命令 --help。\n", cli_path_name(p, name, sizeof name));
        return;
    }
    fputs("\n选项：\n", f);
    for (const cli_opt *o = c->opts; o && o->name; o++) {
        if (o->flags & CLI_HIDDEN)
            continue;
        char left[128];
        int n = o->letter ? snprintf(left, sizeof left, "-%c, --%s", o->letter, o->name)
                          : snprintf(left, sizeof left, "--%s", o->name);
        if (o->kind != CLI_FLAG && n > 0 && (size_t)n < sizeof left)
            snprintf(left + n, sizeof left - (size_t)n, " %s", o->arg);
        print_padded(f, left, HELP_COLUMN);
        fprintf(f, "%s%s%s\n", o->help, (o->flags & CLI_REQUIRED) ? "（必需）" : "",
                o->kind == CLI_LIST ? "（可多次给出）" : "");
    }
    print_padded(f, "-h, --help", HELP_COLUMN);
    fputs("显示本帮助\n", f);
}

int cli_vfail(int code, const char *fmt, va_list ap)
{
    fputs("planmon: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    return code;
}

/* Refuses with "planmon: <message>" and the usage line on stderr;
 * returns EXIT_BADINPUT. */
static int refuse(const cli_path *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int refuse(const cli_path *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cli_vfail(EXIT_BADINPUT, fmt, ap);
    va_end(ap);
    cli_usage(stderr, p);
    return EXIT_BADINPUT;
}

/* Is value one of choices' '|'-separated words? */
static bool among(const char *choices, const char *value)
{
    size_t n = strlen(value);
    for (const char *s = choices; s && *s;) {
        const char *bar = strchr(s, '|');
        size_t len = bar ? (size_t)(bar - s) : strlen(s);
        if (len == n && !strncmp(s, value, n))
            return true;
        s += len + (bar ? 1 : 0);
    }
    return false;
}

/* "pace|sdg" → "pace、sdg" for a message. */
static const char *listed(const char *choices, char *out, size_t cap)
{
    size_t len = 0;
    for (const char *s = choices; *s && len + 4 < cap; s++) {
        if (*s == '|') {
            memcpy(out + len, "、", 3);
            len += 3;
        } else {
            out[len++] = *s;
        }
    }
    out[len] = '\0';
    return out;
}

/* Checks value against o's kind and stores it in out. False with the
 * reason, in Chinese, in why. */
static bool store_value(const cli_opt *o, const char *value, cli_opts *out, char *why, size_t cap)
{
    char *home = (char *)out + o->field;
    char choices[256], name[64];
    long year;
    switch (o->kind) {
    case CLI_FLAG:
        *(bool *)home = true;
        return true;
    case CLI_STR:
    case CLI_LIST:
        if (!*value) {
            snprintf(why, cap, "选项 %s 的值不能为空", spelled(o, name, sizeof name));
            return false;
        }
        if (o->kind == CLI_STR) {
            *(const char **)home = value;
            return true;
        }
        cli_list *list = (cli_list *)home;
        if (list->n >= (int)(sizeof list->v / sizeof list->v[0])) {
            snprintf(why, cap, "选项 %s 最多给出 %zu 次", spelled(o, name, sizeof name),
                     sizeof list->v / sizeof list->v[0]);
            return false;
        }
        list->v[list->n++] = value;
        return true;
    case CLI_YEAR:
        if (!num_parse_int(value, 1900, 2200, &year)) {
            snprintf(why, cap, "年份“%s”无效", value);
            return false;
        }
        *(int *)home = (int)year;
        return true;
    case CLI_CHOICE:
        if (!among(o->arg, value)) {
            snprintf(why, cap, "不支持的%s“%s”（可选 %s）", o->help, value, listed(o->arg, choices, sizeof choices));
            return false;
        }
        *(const char **)home = value;
        return true;
    case CLI_FORMAT: {
        out_format fmt;
        if (!among(o->arg, value) || !out_format_parse(value, &fmt)) {
            snprintf(why, cap, "不支持的输出格式“%s”（可选 %s）", value, listed(o->arg, choices, sizeof choices));
            return false;
        }
        *(out_format *)home = fmt;
        return true;
    }
    }
    return true;
}

const cli_opt *cli_find_option(const cli_cmd *cmd, const char *name)
{
    for (const cli_opt *opt = cmd ? cmd->opts : NULL; opt && opt->name; opt++)
        if (!strcmp(opt->name, name) && !(opt->flags & CLI_HIDDEN))
            return opt;
    return NULL;
}

bool cli_set_option(cli_opts *o, const char *name, const char *value, char *why, size_t cap)
{
    const cli_opt *opt = cli_find_option(o->cmd, name);
    if (!opt) {
        snprintf(why, cap, "未知的设置“%s”", name);
        return false;
    }
    if (o->given & (UINT64_C(1) << (opt - o->cmd->opts)))
        return true; /* the command line wins */
    if (opt->kind == CLI_FLAG && strcmp(value, "true") && strcmp(value, "false")) {
        snprintf(why, cap, "设置 %s 只能是 true 或 false", name);
        return false;
    }
    if (opt->kind == CLI_FLAG && !strcmp(value, "false"))
        return true;
    return store_value(opt, value, o, why, cap);
}

static void set_defaults(cli_opts *o)
{
    memset(o, 0, sizeof *o);
    o->format = OUT_TABLE;
    o->method = "pace";
    o->db = CLI_DEFAULT_DB;
    const char *user = getenv("USER");
    o->as = user && *user ? user : "cli";
}

int cli_parse(const cli_path *p, int argc, char **argv, cli_opts *o)
{
    const cli_cmd *c = last(p);
    const cli_opt *opts = c->opts;
    struct option longopts[CLI_MAX_OPTS + 2];
    char shortopts[2 * CLI_MAX_OPTS + 4] = ":h";
    size_t n = 0, sl = strlen(shortopts);
    for (; opts && opts[n].name; n++) {
        if (n >= CLI_MAX_OPTS)
            abort(); /* a table larger than CLI_MAX_OPTS is a programming error */
        bool has_arg = opts[n].kind != CLI_FLAG;
        longopts[n] = (struct option){opts[n].name, has_arg ? required_argument : no_argument, NULL, LONG_CODE(n)};
        if (opts[n].letter) {
            shortopts[sl++] = opts[n].letter;
            if (has_arg)
                shortopts[sl++] = ':';
        }
    }
    shortopts[sl] = '\0';
    longopts[n] = (struct option){"help", no_argument, NULL, 'h'};
    longopts[n + 1] = (struct option){NULL, 0, NULL, 0};

    set_defaults(o);
    o->cmd = c;
    optind = 0; /* GNU: start over for each command; options may follow arguments */
    opterr = 0;
    for (;;) {
        int prev = optind ? optind : 1;
        int ch = getopt_long(argc, argv, shortopts, longopts, NULL);
        if (ch == -1)
            break;
        if (ch == 'h') {
            cli_help(stdout, p);
            return EXIT_OK;
        }
        /* The word getopt stopped at: argv[optind - 1], or the one it is
         * still inside (a bundle of short options). */
        const char *word = argv[optind > prev ? optind - 1 : prev];
        if (ch == ':')
            return refuse(p, "选项 %s 缺少参数", word);
        if (ch == '?' && optopt > 0 && optopt < 256)
            return refuse(p, "无法识别的选项“-%c”", optopt);
        if (ch == '?')
            return refuse(p, "无法识别的选项“%s”", word);
        size_t i = 0;
        if (ch >= LONG_CODE(0))
            i = (size_t)(ch - LONG_CODE(0));
        else
            while (opts[i].letter != ch)
                i++;
        o->given |= UINT64_C(1) << i;
        char why[512];
        if (!store_value(&opts[i], optarg, o, why, sizeof why))
            return refuse(p, "%s", why);
    }
    if (c->subs) {
        /* A group reached with no (known) subcommand. */
        if (optind < argc)
            return refuse(p, "未知命令“%s”", argv[optind]);
        return refuse(p, "缺少子命令");
    }
    for (size_t i = 0; i < n; i++)
        if ((opts[i].flags & CLI_REQUIRED) && !(o->given & (UINT64_C(1) << i))) {
            char name[64];
            return refuse(p, "缺少必需的选项 %s", spelled(&opts[i], name, sizeof name));
        }
    int min, max;
    cli_arity(c, &min, &max);
    for (int i = optind; i < argc; i++) {
        if (o->nargs >= max)
            return refuse(p, "多余的参数“%s”", argv[i]);
        o->args[o->nargs++] = argv[i];
    }
    if (o->nargs < min)
        return refuse(p, "缺少参数 %s", c->args);
    return -1;
}

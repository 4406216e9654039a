/* The overview, the command list, the man page and the bash completion,
 * each a walk over the command table (help_out.h). */
#include "cli/help_out.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Calls fn for every command below table (depth first, a group before
 * its subcommands), with the path from the top. */
typedef void each_fn(FILE *f, const cli_path *p, void *ctx);

static void walk(FILE *f, const cli_cmd *table, cli_path *p, each_fn *fn, void *ctx)
{
    for (const cli_cmd *c = table; c->name; c++) {
        if (p->n >= CLI_DEPTH_MAX)
            return;
        p->at[p->n++] = c;
        fn(f, p, ctx);
        if (c->subs)
            walk(f, c->subs, p, fn, ctx);
        p->n--;
    }
}

static void walk_all(FILE *f, const cli_cmd *table, each_fn *fn, void *ctx)
{
    cli_path p = {.n = 0};
    walk(f, table, &p, fn, ctx);
}

/* Is every entry of p shown (no hidden command on the way)? */
static bool shown(const cli_path *p)
{
    for (int i = 0; i < p->n; i++)
        if (!p->at[i]->summary)
            return false;
    return true;
}

static const cli_cmd *leaf(const cli_path *p)
{
    return p->at[p->n - 1];
}

/* ---- overview and list ---------------------------------------------------- */

static void overview_one(FILE *f, const cli_path *p, void *ctx)
{
    (void)ctx;
    const cli_cmd *c = leaf(p);
    if (c->subs || !shown(p))
        return;
    cli_synopsis(f, "  ", p);
    fprintf(f, "      %s\n", c->summary);
}

void cli_overview(FILE *f, const cli_cmd *table)
{
    fputs("用法：planmon 命令 [参数]\n\n命令：\n", f);
    walk_all(f, table, overview_one, NULL);
    fputs("\n每个命令加 --help 显示其选项（如 planmon status --help）；planmon --version 显示版本。\n"
          "不带命令运行时显示内置规划（同 planmon plan show）。\n",
          f);
}

static void list_one(FILE *f, const cli_path *p, void *ctx)
{
    (void)ctx;
    char name[256];
    fprintf(f, "%s\n", cli_path_name(p, name, sizeof name));
}

void cli_list_commands(FILE *f, const cli_cmd *table)
{
    walk_all(f, table, list_one, NULL);
}

/* ---- man page --------------------------------------------------------------- */

/* Text for roff: backslashes doubled as \e, hyphens of options as \-, a
 * leading dot or quote made harmless with \&. */
static void roff(FILE *f, const char *s)
{
    if (*s == '.' || *s == '\'')
        fputs("\\&", f);
    for (; *s; s++) {
        if (*s == '\\')
            fputs("\\e", f);
        else if (*s == '-')
            fputs("\\-", f);
        else
            fputc(*s, f);
    }
}

/* ".TP" + ".BI "\-o, \-\-output" " FILE"" + the help line. */
static void man_opt(FILE *f, const cli_opt *o)
{
    fputs(".TP\n.BI \"", f);
    if (o->letter)
        fprintf(f, "\\-%c, ", o->letter);
    fputs("\\-\\-", f);
    roff(f, o->name);
    fputs("\" \"", f);
    if (o->kind != CLI_FLAG) {
        fputc(' ', f);
        roff(f, o->arg);
    }
    fputs("\"\n", f);
    roff(f, o->help);
    if (o->flags & CLI_REQUIRED)
        fputs("（必需）", f);
    if (o->kind == CLI_LIST)
        fputs("（可多次给出）", f);
    fputc('\n', f);
}

static void man_one(FILE *f, const cli_path *p, void *ctx)
{
    (void)ctx;
    const cli_cmd *c = leaf(p);
    if (c->subs || !shown(p))
        return;
    char name[256];
    fputs(".SS \"planmon ", f);
    roff(f, cli_path_name(p, name, sizeof name));
    fputs("\"\n.nf\n", f);
    /* The synopsis line exactly as --help prints it. */
    char *line = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&line, &len);
    if (mem) {
        cli_synopsis(mem, "", p);
        fclose(mem);
        roff(f, line);
        free(line);
    }
    fputs(".fi\n.PP\n", f);
    roff(f, c->summary);
    fputc('\n', f);
    for (const cli_opt *o = c->opts; o && o->name; o++)
        if (!(o->flags & CLI_HIDDEN))
            man_opt(f, o);
}

void cli_man(FILE *f, const cli_cmd *table, const char *version)
{
    fprintf(f, ".\\\" planmon(1), made by `planmon help --man` from the command table.\n");
    fprintf(f, ".TH PLANMON 1 \"\" \"planmon %s\" \"planmon\"\n", version);
    /* Chinese has no spaces to stretch: ragged right, no hyphenation. */
    fputs(".ad l\n.nh\n", f);
    fputs(".SH 名称\nplanmon \\- 规划主要指标监测评估系统（单个程序、单个 SQLite 数据库、网页与命令行）\n"
          ".SH 概要\n.B planmon\n.I 命令\n[\n.I 参数\n]\n.br\n.B planmon\n.I 命令\n\\-\\-help\n"
          ".br\n.B planmon\n\\-\\-version\n"
          /* One clause a line: troff cannot break Chinese text itself. */
          ".SH 说明\nplanmon 监测五年规划主要指标：\n读取规划指标表，\n采集街道乡镇逐年数据，\n检查、提交、审核，\n"
          "汇总到全区，\n按“时间过半、任务过半”判断进度，\n预计期末值，\n并写出中期或总结评估报告。\n"
          ".PP\n不带命令运行时显示内置规划。\n.SH 命令\n",
          f);
    walk_all(f, table, man_one, NULL);
    fputs(".SH 退出状态\n.TP\n0\n成功。\n.TP\n1\n机器的故障（读写文件、数据库）。\n"
          ".TP\n2\n输入或用法有误；错误信息写明文件、行号和字段。\n"
          ".SH 环境变量\n.TP\n.B PLANMON_PASSWORD\ninit、user add、user passwd 使用的密码（否则提示输入或自动生成）。\n"
          ".TP\n.B USER\n修改记录中的操作人（\\-\\-as 未给出时）。\n"
          ".SH 文件\n.TP\n.I planmon.db\n当前目录下的默认数据库（\\-\\-db 指定其他文件）。\n"
          ".TP\n.I /etc/planmon/planmon.conf\nplanmon serve 的配置文件（\\-\\-config 指定其他文件）。\n"
          ".SH 参见\n/usr/share/doc/planmon/（安装、配置、备份与恢复）\n",
          f);
}

/* ---- bash completion ---------------------------------------------------------
 * The script keeps one `case` per question (subcommands of a path, options
 * of a command, values of an option); the walk writes one arm per command. */

static void words_of_subs(FILE *f, const cli_cmd *subs)
{
    bool first = true;
    for (const cli_cmd *s = subs; s->name; s++)
        if (s->summary) {
            fprintf(f, "%s%s", first ? "" : " ", s->name);
            first = false;
        }
}

static void bash_subs(FILE *f, const cli_path *p, void *ctx)
{
    (void)ctx;
    const cli_cmd *c = leaf(p);
    if (!c->subs || !shown(p))
        return;
    char name[256];
    fprintf(f, "    '%s') echo '", cli_path_name(p, name, sizeof name));
    words_of_subs(f, c->subs);
    fputs("' ;;\n", f);
}

static void bash_opts(FILE *f, const cli_path *p, void *ctx)
{
    (void)ctx;
    const cli_cmd *c = leaf(p);
    if (!shown(p))
        return;
    char name[256];
    fprintf(f, "    '%s') echo '", cli_path_name(p, name, sizeof name));
    for (const cli_opt *o = c->opts; o && o->name; o++)
        if (!(o->flags & CLI_HIDDEN))
            fprintf(f, "--%s ", o->name);
    fputs("--help' ;;\n", f);
}

/* Does an option's or argument's shown value name a file ("F", "FILE.csv")? */
static bool names_file(const char *arg)
{
    return arg && (!strcmp(arg, "F") || strstr(arg, "FILE"));
}

static void bash_values(FILE *f, const cli_path *p, void *ctx)
{
    (void)ctx;
    const cli_cmd *c = leaf(p);
    if (!shown(p))
        return;
    char name[256];
    cli_path_name(p, name, sizeof name);
    for (const cli_opt *o = c->opts; o && o->name; o++) {
        if (o->kind == CLI_FLAG || (o->flags & CLI_HIDDEN))
            continue;
        const char *what = strchr(o->arg, '|') ? o->arg : names_file(o->arg) ? "@file" : "";
        for (int twice = 0; twice < (o->letter ? 2 : 1); twice++) {
            if (twice)
                fprintf(f, "    '%s -%c') echo '", name, o->letter);
            else
                fprintf(f, "    '%s --%s') echo '", name, o->name);
            for (const char *s = what; *s; s++)
                fputc(*s == '|' ? ' ' : *s, f);
            fputs("' ;;\n", f);
        }
    }
    if (!c->subs && names_file(c->args))
        fprintf(f, "    '%s ARG') echo '@file' ;;\n", name);
}

void cli_completion_bash(FILE *f, const cli_cmd *table)
{
    fputs("# bash completion for planmon, made by `planmon help --completion bash`\n"
          "# from the command table (src/cli/main.c). Do not edit: rebuild.\n\n"
          "_planmon_subs() {\n    case \"$1\" in\n    '') echo '",
          f);
    words_of_subs(f, table);
    fputs("' ;;\n", f);
    walk_all(f, table, bash_subs, NULL);
    fputs("    esac\n}\n\n_planmon_opts() {\n    case \"$1\" in\n", f);
    walk_all(f, table, bash_opts, NULL);
    fputs("    esac\n}\n\n_planmon_values() {\n    case \"$1\" in\n", f);
    walk_all(f, table, bash_values, NULL);
    fputs("    esac\n}\n\n"
          "_planmon() {\n"
          "    local cur=${COMP_WORDS[COMP_CWORD]} prev=\"\" path=\"\" i w subs vals\n"
          "    [ \"$COMP_CWORD\" -gt 1 ] && prev=${COMP_WORDS[COMP_CWORD-1]}\n"
          "    # The command so far: the leading words that name subcommands.\n"
          "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
          "        w=${COMP_WORDS[i]}\n"
          "        subs=\" $(_planmon_subs \"$path\") \"\n"
          "        [[ \"$subs\" == *\" $w \"* ]] || break\n"
          "        path=${path:+$path }$w\n"
          "    done\n"
          "    if [[ \"$prev\" == -* ]]; then\n"
          "        vals=$(_planmon_values \"$path $prev\")\n"
          "        if [ \"$vals\" = @file ]; then\n"
          "            COMPREPLY=($(compgen -f -- \"$cur\")); return\n"
          "        elif [ -n \"$vals\" ]; then\n"
          "            COMPREPLY=($(compgen -W \"$vals\" -- \"$cur\")); return\n"
          "        fi\n"
          "    fi\n"
          "    if [[ \"$cur\" == -* ]]; then\n"
          "        COMPREPLY=($(compgen -W \"$(_planmon_opts \"$path\")\" -- \"$cur\"))\n"
          "    elif [ -n \"$(_planmon_subs \"$path\")\" ]; then\n"
          "        COMPREPLY=($(compgen -W \"$(_planmon_subs \"$path\")\" -- \"$cur\"))\n"
          "    elif [ \"$(_planmon_values \"$path ARG\")\" = @file ]; then\n"
          "        COMPREPLY=($(compgen -f -- \"$cur\"))\n"
          "    fi\n"
          "}\n"
          "complete -o filenames -F _planmon planmon\n",
          f);
}

/* planmon's command line: one table of commands, dispatched by their words. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static int cmd_help(int argc, char **argv);

/* The one table of CLI commands. Multi-word names are matched word by word. */
static const cli_cmd commands[] = {
    {"plan show", "[--format table|csv|json]", "显示内置规划的目标与主要指标", cmd_plan_show},
    {"plan parse", "FILE [--format table|csv|json]", "从规划文本中读取主要指标表", cmd_plan_parse},
    {"assess", "--method pace|sdg FILE.csv [--format csv|json]", "不经数据库，按所选方法评估 CSV 中的各条序列",
     cmd_assess},
    {"init", "[--db F] [--plan FILE]", "新建数据库，载入内置规划或指定的规划文本", cmd_init},
    {"units import", "[--db F] FILE.csv", "导入组织机构（code,name,parent,level）", cmd_units_import},
    {"targets import", "[--db F] FILE.csv", "导入分解到街道乡镇的目标（unit,item,baseline,target）",
     cmd_targets_import},
    {"demo", "[--db F] [--force]", "生成大兴区示例数据库（全部数据为合成的示例数据）", cmd_demo},
    {"status", "[--db F] [--year Y] [--unit U] [--method pace|sdg] [--format table|csv|json]",
     "按单位和年份评估规划的全部指标", cmd_status},
    {"serve", "[--db F] [--listen 127.0.0.1:8080]", "启动网页服务（总览、填报、审核、用户管理）", cmd_serve},
    {"user add", "NAME --role admin|planner|reviewer|reporter [--unit U] [--db F]",
     "创建用户（密码取自环境变量 PLANMON_PASSWORD，或提示输入，或自动生成并显示一次）", cmd_user_add},
    {"user passwd", "NAME [--db F]", "修改用户密码（同上）；该用户已登录的会话全部退出", cmd_user_passwd},
    {"user list", "[--db F] [--format table|csv|json]", "列出用户及其角色和组织机构", cmd_user_list},
    {"token add", "NAME [名称] [--db F]", "为用户创建 API 访问令牌（Bearer，只显示一次）", cmd_token_add},
    {"template", "--unit U --year Y -o FILE.xlsx [--db F]", "生成某单位某年的 Excel/WPS 填报模板", cmd_template},
    {"import", "FILE.csv|FILE.xlsx [--db F] [--dry-run] [--as 用户] [--report 问题清单.csv]",
     "导入填报数据（整批写入或整批不写），逐行检查并报告问题", cmd_import},
    {"submit", "--unit U --year Y [--item CODE] [--db F] [--as 用户]", "提交单位（含下级）某年的草稿数据待审核",
     cmd_submit},
    {"approve", "--unit U --year Y [--item CODE] [--db F] [--as 用户]", "审核通过已提交的数据（通过后锁定）",
     cmd_approve},
    {"return", "--unit U --year Y --reason 原因 [--reopen] [--item CODE] [--db F] [--as 用户]",
     "退回已提交的数据；加 --reopen 可重新打开已审核锁定的数据", cmd_return},
    {"history", "[--db F] [--unit U] [--item CODE] [--year Y] [--format table|csv|json]",
     "查看数据的全部修改记录（谁、何时、原值、新值、原因）", cmd_history},
    {"export", "[--db F] [--what values|status] [--format csv|json|xlsx] [-o FILE] [--unit U] [--year Y]",
     "导出数据（含审核状态）或各单位指标状态", cmd_export},
    {"report", "[--db F] [--year Y] [--unit U] [--format html|md|xlsx|json] [-o FILE]",
     "生成规划中期评估或总结评估报告（HTML 可打印为 A4，另有 Markdown、Excel）", cmd_report},
    /* Hidden (help NULL): the web route table, for the API description test. */
    {"routes", "[--format table|csv|json]", NULL, cmd_routes},
    {"help", "", "显示本帮助", cmd_help},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage_all(FILE *f)
{
    fputs("用法：planmon 命令 [参数]\n\n命令：\n", f);
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (commands[i].help)
            fprintf(f, "  planmon %s %s\n      %s\n", commands[i].name, commands[i].usage, commands[i].help);
    fputs("\n不带命令运行时显示内置规划（同 planmon plan show）。\n", f);
}

int cli_usage_of(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!strcmp(commands[i].name, name) || (strrchr(commands[i].name, ' ') &&
                                                !strcmp(strrchr(commands[i].name, ' ') + 1, name))) {
            fprintf(stderr, "用法：planmon %s %s\n", commands[i].name, commands[i].usage);
            return EXIT_BADINPUT;
        }
    usage_all(stderr);
    return EXIT_BADINPUT;
}

static int cmd_help(int argc, char **argv)
{
    (void)argc, (void)argv;
    usage_all(stdout);
    return EXIT_OK;
}

/* How many of argv's words spell name ("plan parse" = 2), or 0. */
static int match_words(const char *name, int argc, char **argv)
{
    int words = 0;
    const char *p = name;
    while (*p) {
        const char *sp = strchr(p, ' ');
        size_t n = sp ? (size_t)(sp - p) : strlen(p);
        if (words >= argc || strlen(argv[words]) != n || strncmp(argv[words], p, n))
            return 0;
        words++;
        p += n + (sp ? 1 : 0);
    }
    return words;
}

int main(int argc, char **argv)
{
    setlocale(LC_CTYPE, "C.UTF-8");
    if (argc < 2) {
        char *show[] = {"show", NULL};
        return cmd_plan_show(1, show);
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
        return cmd_help(0, NULL);
    for (size_t i = 0; i < NCOMMANDS; i++) {
        int words = match_words(commands[i].name, argc - 1, argv + 1);
        if (words)
            return commands[i].run(argc - words, argv + words);
    }
    fprintf(stderr, "planmon: 未知命令“%s”\n\n", argv[1]);
    usage_all(stderr);
    return EXIT_BADINPUT;
}

/* planmon's command line: THE table of commands and their options, and the
 * dispatch by their words. */
#include <jansson.h>
#include <locale.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "cli/cli.h"
#include "cli/cli_out.h"
#include "cli/commands.h"
#include "cli/config.h"
#include "cli/help_out.h"
#include "cli/table.h"
#include "version.h"

/* ---- options ---------------------------------------------------------------
 * One entry per option of a command: {long name, short letter, kind, the
 * cli_opts field it sets, value shown in help (for a choice: the choices),
 * help line, flags}. The getopt_long parsing, --help, the usage line, the
 * man page and the bash completion are all made from these entries. The
 * options several commands share are spelled once here as macros. */
#define AT(field) offsetof(cli_opts, field)
#define O_DB {"db", 0, CLI_STR, AT(db), "F", "数据库文件（默认 " CLI_DEFAULT_DB "）", 0}
#define O_UNIT {"unit", 0, CLI_STR, AT(unit), "U", "组织机构代码（默认整个区）", 0}
#define O_UNIT_REQ {"unit", 0, CLI_STR, AT(unit), "U", "组织机构代码（含其下级）", CLI_REQUIRED}
#define O_YEAR {"year", 0, CLI_YEAR, AT(year), "Y", "年份（默认最近有数据的年份）", 0}
#define O_YEAR_REQ {"year", 0, CLI_YEAR, AT(year), "Y", "年份", CLI_REQUIRED}
#define O_ITEM {"item", 0, CLI_STR, AT(item), "CODE", "只看这个指标（序号或代码）或数据项", 0}
#define O_AS {"as", 0, CLI_STR, AT(as), "用户", "以该用户的名义操作并记入修改记录（须为本数据库的用户；默认 $USER）", 0}
#define O_METHOD {"method", 0, CLI_CHOICE, AT(method), "pace|sdg", "评估方法", 0}
#define O_FORMAT(choices) {"format", 0, CLI_FORMAT, AT(format), choices, "输出格式", 0}
#define O_OUT(help) {"output", 'o', CLI_STR, AT(out), "FILE", help, 0}
#define O_PLAN {"plan", 0, CLI_STR, AT(plan_code), "CODE", "规划代码（默认当前规划；planmon plan list 列出全部规划）", 0}
#define O_END {0}
/* The pace method's thresholds (DESIGN: settings): options of every command
 * that judges, and keys of the settings file that all of them read. */
#define O_PACE                                                                                                  \
    {"pace-on-track", 0, CLI_STR, AT(pace_on_track), "Q", "完成进度不低于此值为符合预期（默认 0.95；设置文件同名）", 0},     \
        {"pace-behind", 0, CLI_STR, AT(pace_behind), "Q", "完成进度不低于此值为进度偏慢，更低为明显滞后（默认 0.60）", 0}, \
        {"pace-ahead", 0, CLI_STR, AT(pace_ahead), "Q", "符合预期且完成进度不低于此值为快于预期（默认 1.2）", 0}
#define O_ATTACH_MAX                                                                                            \
    {"attach-max-mb", 0, CLI_STR, AT(attach_max_mb), "N",                                                        \
     "佐证材料单个文件的大小上限（MB，1–200，默认 20；设置文件同名）", 0}
#define O_AS_ADMIN {"as", 0, CLI_STR, AT(as), "用户", "以该用户名记入审计日志（默认 $USER）", 0}

static const cli_opt o_format_tcj[] = {O_FORMAT("table|csv|json"), O_END};
static const cli_opt o_plan_parse[] = {
    O_FORMAT("table|csv|json"),
    {"years", 0, CLI_STR, AT(years), "Y0-Y1", "基期和目标年份，如 2020-2025（表中没有写明年份或规划期时）", 0}, O_END};
static const cli_opt o_assess[] = {O_METHOD, O_FORMAT("csv|json"), O_PACE, O_END};
static const cli_opt o_init[] = {
    O_DB,
    {"plan", 0, CLI_STR, AT(plan), "FILE", "规划文本（默认内置规划）；数据库已存在时加入这一规划", 0},
    {"code", 0, CLI_STR, AT(code), "CODE", "新规划的代码（默认按规划期，如 14th、15th）", 0},
    {"title", 0, CLI_STR, AT(title), "TITLE", "新规划的标题（默认取规划文本的文件名）", 0},
    {"years", 0, CLI_STR, AT(years), "Y0-Y1", "基期和目标年份，如 2025-2030（表中没有写明年份或规划期时）", 0},
    {"default", 0, CLI_FLAG, AT(make_default), NULL, "把加入的规划设为当前规划（不指明 --plan 时各命令使用的规划）", 0},
    O_END};
static const cli_opt o_db[] = {O_DB, O_END};
static const cli_opt o_db_plan[] = {O_DB, O_PLAN, O_END};
static const cli_opt o_plan_list[] = {O_DB, O_FORMAT("table|csv|json"), O_END};
static const cli_opt o_judge[] = {
    O_DB, O_PLAN, O_UNIT, O_YEAR_REQ,
    {"note", 0, CLI_STR, AT(note), "TEXT", "评价依据和说明", 0},
    O_AS, O_END};
static const cli_opt o_judgments[] = {O_DB, O_PLAN, O_ITEM, O_FORMAT("table|csv|json"), O_END};
static const cli_opt o_demo[] = {O_DB, {"force", 0, CLI_FLAG, AT(force), NULL, "覆盖已有的数据库文件", 0}, O_END};
static const cli_opt o_status[] = {O_DB, O_PLAN, O_YEAR, O_UNIT, O_METHOD, O_FORMAT("table|csv|json"), O_PACE, O_END};
/* Every shown option of serve but --config is also a key of its settings
 * file (cli/config.h): `listen = 0.0.0.0:8080`. */
static const cli_opt o_serve[] = {
    O_DB,
    {"listen", 0, CLI_STR, AT(listen), "ADDR:PORT", "监听地址（默认 127.0.0.1:8080）", 0},
    {"tls-cert", 0, CLI_STR, AT(tls_cert), "CERT.pem", "HTTPS 证书（PEM，与 --tls-key 一起给出）", 0},
    {"tls-key", 0, CLI_STR, AT(tls_key), "KEY.pem", "HTTPS 私钥（PEM）", 0},
    {"trusted-proxy", 0, CLI_STR, AT(trusted_proxy), "ADDR[,ADDR…]",
     "信任其 X-Forwarded-Proto/For 的反向代理地址（逗号分隔）", 0},
    {"request-log", 0, CLI_STR, AT(request_log), "FILE", "请求日志文件（默认标准输出；SIGHUP 时重新打开）", 0},
    {"error-log", 0, CLI_STR, AT(error_log), "FILE", "错误日志文件（默认标准错误输出）", 0},
    {"time-zone", 0, CLI_STR, AT(time_zone), "ZONE", "页面显示时间所用的时区：与 UTC 的固定差，如 +08:00（默认）、UTC-5", 0},
    {"year-approved-share", 0, CLI_STR, AT(year_share), "Q",
     "总览默认显示的年度：其填报任务均已截止、或已审核单位占比不低于此值的最近年度（默认 0.8）", 0},
    O_ATTACH_MAX,
    {"smtp-url", 0, CLI_STR, AT(smtp_url), "URL", "催报邮件经由的邮件服务器：smtp://主机:端口 或 smtps://（不设则不发邮件）", 0},
    {"smtp-from", 0, CLI_STR, AT(smtp_from), "ADDR", "催报邮件的发件人地址", 0},
    {"smtp-user", 0, CLI_STR, AT(smtp_user), "NAME", "邮件服务器的登录名（需要登录时）", 0},
    {"smtp-password", 0, CLI_STR, AT(smtp_password), "PASSWORD", "邮件服务器的登录密码（宜写在设置文件中，不会显示）", 0},
    {"base-url", 0, CLI_STR, AT(base_url), "URL", "本系统的网址（如 https://planmon.example），催报邮件中的填报页面链接用", 0},
    O_PACE,
    {"config", 0, CLI_STR, AT(config), "FILE",
     "设置文件（默认 $PLANMON_CONFIG，否则 " CLI_DEFAULT_CONFIG "，存在时读取）；命令行上的选项优先于文件中的设置", 0},
    O_END,
};
static const cli_opt o_user_add[] = {
    /* Not a CLI_CHOICE: the handler also takes the Chinese names (审核人). */
    {"role", 0, CLI_STR, AT(role), "admin|planner|reviewer|reporter", "角色（也可写中文名称，如 审核人）", CLI_REQUIRED},
    {"unit", 0, CLI_STR, AT(unit), "U", "所属组织机构（默认全部）", 0},
    O_DB,
    O_AS_ADMIN,
    O_END,
};
static const cli_opt o_db_format[] = {O_DB, O_FORMAT("table|csv|json"), O_END};
static const cli_opt o_levels[] = {
    O_DB, {"clear", 0, CLI_FLAG, AT(clear), NULL, "取消审核层级，回到一级审核", 0}, O_END};
static const cli_opt o_rules[] = {O_DB, O_PLAN, O_FORMAT("table|csv|json"), O_END};
static const cli_opt o_db_as[] = {O_DB, O_AS_ADMIN, O_END};
static const cli_opt o_passwd[] = {
    O_DB,
    O_AS_ADMIN,
    {"revoke-tokens", 0, CLI_FLAG, AT(revoke_tokens), NULL, "同时撤销该用户的全部 API 访问令牌", 0},
    O_END,
};
static const cli_opt o_template[] = {O_UNIT_REQ, O_YEAR_REQ, O_OUT("输出的 Excel 文件（.xlsx）"), O_DB, O_PLAN, O_END};
static const cli_opt o_import[] = {
    O_DB,
    O_PLAN,
    {"dry-run", 0, CLI_FLAG, AT(dry_run), NULL, "只检查，不写入数据库", 0},
    O_AS,
    {"report", 0, CLI_STR, AT(report), "FILE.csv", "把问题清单写入该 CSV 文件", 0},
    O_END,
};
#define O_REVIEW O_UNIT_REQ, O_YEAR_REQ, O_ITEM, O_DB, O_PLAN, O_AS
static const cli_opt o_review[] = {O_REVIEW, O_END};
static const cli_opt o_return[] = {
    O_REVIEW,
    {"reason", 0, CLI_STR, AT(reason), "原因", "退回原因", CLI_REQUIRED},
    {"reopen", 0, CLI_FLAG, AT(reopen), NULL, "重新打开已审核锁定的数据", 0},
    O_END,
};
static const cli_opt o_history[] = {O_DB, O_PLAN, O_UNIT, O_ITEM, O_YEAR, O_FORMAT("table|csv|json"), O_END};
static const cli_opt o_export[] = {
    O_DB,
    O_PLAN,
    {"what", 0, CLI_CHOICE, AT(what), "values|status", "导出内容（数据或指标状态）", 0},
    O_FORMAT("csv|json|xlsx"),
    O_OUT("输出文件（默认标准输出）"),
    {"encoding", 0, CLI_CHOICE, AT(encoding), "utf-8-bom|gb18030|utf-8",
     "CSV 文件编码", 0},
    O_UNIT,
    O_YEAR,
    {"all-years", 0, CLI_FLAG, AT(all_years), NULL, "指标状态逐年导出：基期后第一年至 --year 所指年份（默认最近有数据的年份）", 0},
    O_ITEM,
    O_PACE,
    O_END,
};
static const cli_opt o_backup[] = {O_DB, {"force", 0, CLI_FLAG, AT(force), NULL, "覆盖已有的备份文件", 0}, O_END};
static const cli_opt o_copy[] = {
    {"from", 0, CLI_STR, AT(from), "X", "源数据库（SQLite 文件或 postgresql:// 地址），只读", CLI_REQUIRED},
    {"to", 0, CLI_STR, AT(to), "Y", "目标数据库：新建，不覆盖已有的数据库", CLI_REQUIRED},
    O_END};
static const cli_opt o_report[] = {
    O_DB, O_PLAN, O_YEAR, O_UNIT, O_FORMAT("html|md|xlsx|docx|json"), O_OUT("输出文件（默认标准输出；格式可由扩展名决定）"),
    {"issuer", 0, CLI_STR, AT(issuer), "NAME", "评估单位，写在封面和落款（如 大兴区民政局）", 0},
    {"date", 0, CLI_STR, AT(date), "YYYY-MM-DD", "成文日期（默认今天）", 0},
    O_PACE, O_END};
static const cli_opt o_round_open[] = {
    O_YEAR_REQ,
    {"deadline", 0, CLI_STR, AT(deadline), "YYYY-MM-DD", "截止日期（当天 24 时前报送为按时）", CLI_REQUIRED},
    {"opens", 0, CLI_STR, AT(opens), "YYYY-MM-DD", "开始日期（默认今天）", 0},
    {"period", 0, CLI_CHOICE, AT(period), "year|h1|h2", "周期：年度、上半年、下半年（默认年度）", 0},
    {"title", 0, CLI_STR, AT(title), "TITLE", "任务名称（默认“Y年年度数据填报”）", 0},
    {"items", 0, CLI_STR, AT(items), "CODE,…", "数据项代码，逗号分隔（默认该级单位的全部数据项）", 0},
    {"level", 0, CLI_STR, AT(level), "N", "报送单位的级别（1 街道乡镇，2 社区村；默认 1）", 0},
    {"units", 0, CLI_STR, AT(units), "CODE,…", "报送单位代码，逗号分隔（默认该级的全部单位）", 0},
    O_DB,
    O_AS,
    O_END,
};
static const cli_opt o_round_status[] = {
    O_DB,
    {"overdue", 0, CLI_FLAG, AT(overdue), NULL, "只列逾期未报的单位（含联系人和电话）", 0},
    O_FORMAT("table|csv|json|xlsx"),
    O_OUT("输出文件（xlsx 必须指定）"),
    O_END,
};
static const cli_opt o_round_remind[] = {
    O_DB, {"unit", 0, CLI_STR, AT(unit), "U", "只催这个单位（默认全部未报送的单位）", 0}, O_AS, O_END};
/* dept, task, project, narrative (issue 13). */
#define O_AS_OF {"as-of", 0, CLI_STR, AT(as_of), "DATE", "按该日期评价任务和项目（默认所选年份的年底，不晚于今天）", 0}
#define O_DRY {"dry-run", 0, CLI_FLAG, AT(dry_run), NULL, "只检查，不写入数据库", 0}
static const cli_opt o_dept_add[] = {
    {"kind", 0, CLI_STR, AT(kind), "section|agency", "类别：section 科室（默认）或 agency 委办局，也可写中文", 0},
    {"contact", 0, CLI_STR, AT(contact), "TEXT", "联系人及电话", 0},
    O_DB,
    O_AS,
    O_END,
};
static const cli_opt o_work_import[] = {O_DB, O_DRY, O_AS, O_END};
static const cli_opt o_db_as_work[] = {O_DB, O_AS, O_END};
static const cli_opt o_task_add[] = {
    {"lead", 0, CLI_STR, AT(lead), "UNIT", "牵头单位（责任单位或街道乡镇的代码或名称）", CLI_REQUIRED},
    {"co", 0, CLI_STR, AT(co), "UNIT,UNIT", "配合单位（以顿号或逗号分隔）", 0},
    {"deadline", 0, CLI_STR, AT(deadline), "DATE", "完成时限（如 2025-12-31）", 0},
    {"section", 0, CLI_STR, AT(section), "TEXT", "规划章节", 0},
    {"indicators", 0, CLI_STR, AT(indicators), "I01,I02", "关联指标（序号或代码）", 0},
    {"project", 0, CLI_FLAG, AT(project), NULL, "这是重大项目（完成时限即完工时间）", 0},
    O_DB,
    O_AS,
    O_END,
};
static const cli_opt o_task_list[] = {
    O_DB,
    O_YEAR,
    O_AS_OF,
    {"dept", 0, CLI_STR, AT(dept), "DEPT", "只看该责任单位牵头或配合的", 0},
    {"state", 0, CLI_STR, AT(state), "JUDGMENT", "只看该评价的（如 进度滞后、逾期未完成）", 0},
    O_FORMAT("table|csv|json"),
    O_END,
};
static const cli_opt o_task_show[] = {O_DB, O_YEAR, O_AS_OF, O_FORMAT("table|csv|json"), O_END};
static const cli_opt o_task_update[] = {
    {"period", 0, CLI_STR, AT(period), "P", "报告期：2023、2023H1、2023Q2 或 2023年上半年", CLI_REQUIRED},
    {"state", 0, CLI_STR, AT(state), "STATE", "未启动、按计划推进、滞后、已完成 或 已取消", CLI_REQUIRED},
    {"percent", 0, CLI_STR, AT(percent), "N", "完成比例（0–100）", 0},
    {"text", 0, CLI_STR, AT(text), "TEXT", "进展情况", 0},
    {"attach", 0, CLI_LIST, AT(attach), "FILE", "佐证材料文件（PDF、PNG/JPEG、.xlsx、.docx）", 0},
    O_ATTACH_MAX,
    O_DB,
    O_AS,
    O_END,
};
static const cli_opt o_task_return[] = {
    {"reason", 0, CLI_STR, AT(reason), "原因", "退回原因", CLI_REQUIRED}, O_DB, O_AS, O_END};
static const cli_opt o_milestone[] = {
    {"on", 0, CLI_STR, AT(met_on), "DATE", "完成日期", 0},
    {"not-met", 0, CLI_FLAG, AT(not_met), NULL, "改为未完成", 0},
    O_DB,
    O_AS,
    O_END,
};
static const cli_opt o_narr_list[] = {O_DB, O_YEAR, O_FORMAT("table|csv|json"), O_END};
static const cli_opt o_narr_export[] = {O_DB, O_YEAR, O_FORMAT("csv|json"), O_OUT("输出文件（默认标准输出）"), O_END};
static const cli_opt o_narr_history[] = {
    O_DB, O_YEAR, {"target", 0, CLI_STR, AT(target), "TARGET", "只看该对象的", 0}, O_FORMAT("table|csv|json"), O_END};
static const cli_opt o_narr_set[] = {
    O_YEAR_REQ,
    {"scope", 0, CLI_STR, AT(scope), "plan|section|domain|indicator|task", "范围（也可写 全篇 报告章节 领域 指标 任务或项目）",
     CLI_REQUIRED},
    {"target", 0, CLI_STR, AT(target), "TARGET", "章节、领域、指标代码或任务编号（全篇不填）", 0},
    {"kind", 0, CLI_STR, AT(kind), "work|achievements|problems|next_steps|adjustments",
     "类别（也可写 评估工作开展情况 主要成效 存在问题及原因 下一步工作建议 规划调整建议）",
     CLI_REQUIRED},
    {"accept", 0, CLI_FLAG, AT(accept), NULL, "规划人员采纳（默认为草稿）", 0},
    O_DB,
    O_AS,
    O_END,
};
/* help's generators are for the build (man page, completion) and the
 * tests (every command): not shown to users. */
static const cli_opt o_help[] = {
    {"list", 0, CLI_FLAG, AT(list), NULL, "列出全部命令（含隐藏命令），每行一个", CLI_HIDDEN},
    {"man", 0, CLI_FLAG, AT(man), NULL, "输出 planmon(1) 手册页（roff）", CLI_HIDDEN},
    {"completion", 0, CLI_CHOICE, AT(completion), "bash", "输出 shell 补全脚本", CLI_HIDDEN},
    O_END,
};

/* ---- commands --------------------------------------------------------------
 * Adding a command = one entry here (or in its group's array) + its
 * handler, declared in commands.h and written in a cmd_*.c:
 *   {"word", "ARGS", "一行中文说明", o_its_options, cmd_its_handler, NULL},
 * ARGS are the positional arguments as help shows them ("FILE",
 * "NAME [名称]"): the parser takes its arity from that text. A new option
 * is an entry in the command's option array (a new cli_opts field when
 * no existing one fits). A hidden command has a NULL summary. A group
 * ("user") has run NULL and its subcommands in subs. Nothing else to touch:
 * help, usage, man page and completion follow, and tests/e2e/cli_help.sh
 * checks every entry. */
static int cmd_help(cli_opts o);

static const cli_cmd plan_cmds[] = {
    {"show", "", "显示内置规划的目标与主要指标", o_format_tcj, cmd_plan_show, NULL},
    {"parse", "FILE", "从规划文本中读取主要指标表", o_plan_parse, cmd_plan_parse, NULL},
    {"list", "", "列出数据库中的全部规划（代码、标题、规划期、指标数，* 为当前规划）", o_plan_list, cmd_plan_list,
     NULL},
    {"use", "CODE", "把某个规划设为当前规划（不指明 --plan 时各命令和网页默认使用）", o_db, cmd_plan_use, NULL},
    {"continue", "ITEM FROM",
     "把规划中的指标 ITEM 标为接续前一规划的指标 FROM（规划代码:指标，如 14th:5）：其基期值取前一规划的期末值；FROM 为 - 时取消",
     o_db_plan, cmd_plan_continue, NULL},
    {0},
};
static const cli_cmd units_cmds[] = {
    {"import", "FILE.csv", "导入组织机构（code,name,parent,level；可选 group,valid_from,valid_to 和联系人 contact,phone,email）", o_db, cmd_units_import, NULL},
    {0},
};
static const cli_cmd targets_cmds[] = {
    {"import", "FILE.csv", "导入分解到街道乡镇的目标（unit,item,baseline,target）", o_db_plan, cmd_targets_import,
     NULL},
    {0},
};
static const cli_cmd user_cmds[] = {
    {"add", "NAME", "创建用户（密码取自环境变量 PLANMON_PASSWORD，或提示输入，或自动生成并显示一次）", o_user_add,
     cmd_user_add, NULL},
    {"passwd", "NAME", "修改用户密码（同上）；该用户已登录的会话全部退出，加 --revoke-tokens 同时撤销其访问令牌",
     o_passwd, cmd_user_passwd, NULL},
    {"list", "", "列出用户及其角色和组织机构", o_db_format, cmd_user_list, NULL},
    {"disable", "NAME", "停用用户：不能再登录，已登录的会话退出，访问令牌失效", o_db_as, cmd_user_disable, NULL},
    {"enable", "NAME", "重新启用已停用的用户", o_db_as, cmd_user_enable, NULL},
    {"dept", "NAME [DEPT]", "设置用户所属的责任单位（不写 DEPT 则取消）", o_db_as, cmd_user_dept, NULL},
    {0},
};
static const cli_cmd token_cmds[] = {
    {"add", "NAME [名称]", "为用户创建 API 访问令牌（Bearer，只显示一次）", o_db_as, cmd_token_add, NULL},
    {"list", "[NAME]", "列出访问令牌（编号、用户、名称、创建时间；不显示令牌本身）", o_db_format, cmd_token_list,
     NULL},
    {"revoke", "ID", "撤销访问令牌（ID 为 token list 显示的编号）", o_db_as, cmd_token_revoke, NULL},
    {0},
};

static const cli_cmd round_cmds[] = {
    {"open", "", "创建填报任务：年份、数据项、报送单位、截止日期", o_round_open, cmd_round_open, NULL},
    {"list", "", "列出填报任务", o_db_format, cmd_round_list, NULL},
    {"status", "ID", "填报任务的报送情况：各单位状态、逾期、催报次数、按时报送率", o_round_status, cmd_round_status,
     NULL},
    {"remind", "ID", "催报：向未报送的单位发站内待办并记录", o_round_remind, cmd_round_remind, NULL},
    {0},
};

static const cli_cmd dept_cmds[] = {
    {"list", "", "列出责任单位（科室、委办局）", o_db_format, cmd_dept_list, NULL},
    {"add", "CODE NAME", "登记或修改责任单位", o_dept_add, cmd_dept_add, NULL},
    {"import", "FILE", "导入责任单位（CSV 或 XLSX：代码,名称,类别,联系人）", o_work_import, cmd_dept_import, NULL},
    {0},
};
static const cli_cmd task_cmds[] = {
    {"import", "FILE", "导入分解落实表（CSV 或 XLSX：序号,指标/任务/项目,牵头单位,配合单位,完成时限,关联指标；整批写入或整批不写）",
     o_work_import, cmd_task_import, NULL},
    {"add", "CODE TITLE", "新增或修改重点任务（加 --project 为重大项目）", o_task_add, cmd_task_add, NULL},
    {"list", "", "列出重点任务和重大项目及其评价（未启动、按进度推进、进度滞后、逾期未完成、已完成、已取消）", o_task_list,
     cmd_task_list, NULL},
    {"show", "CODE", "显示一项任务：责任单位、节点、全部进展报告和修改记录", o_task_show, cmd_task_show, NULL},
    {"update", "CODE", "报告任务某期的进展（状态、完成比例、进展情况），待审核", o_task_update, cmd_task_update, NULL},
    {"approve", "ID", "审核通过一条进展报告", o_db_as_work, cmd_task_approve, NULL},
    {"return", "ID", "退回一条进展报告（须说明原因）", o_task_return, cmd_task_return, NULL},
    {0},
};
static const cli_cmd project_cmds[] = {
    {"import", "FILE", "导入重大项目表（CSV 或 XLSX：项目名称,牵头单位,开工时间,完工时间,计划投资,建设节点…）", o_work_import,
     cmd_project_import, NULL},
    {"list", "", "列出重大项目：投资、工期、逾期节点和评价", o_task_list, cmd_project_list, NULL},
    {"milestone", "CODE N", "记录项目第 N 个节点已完成（--not-met 改回未完成）", o_milestone, cmd_project_milestone, NULL},
    {0},
};
static const cli_cmd narrative_cmds[] = {
    {"list", "", "列出评估意见（主要成效、存在问题及原因、下一步工作建议等）", o_narr_list, cmd_narrative_list, NULL},
    {"set", "TEXT", "撰写或修改一条评估意见（保留修改记录）", o_narr_set, cmd_narrative_set, NULL},
    {"import", "FILE", "导入评估意见（CSV 或 XLSX：年份,范围,对象,类别,内容,状态）", o_work_import, cmd_narrative_import, NULL},
    {"export", "", "导出评估意见（CSV 或 JSON，可再导入）", o_narr_export, cmd_narrative_export, NULL},
    {"history", "", "查看评估意见的修改记录", o_narr_history, cmd_narrative_history, NULL},
    {0},
};

static const cli_cmd commands[] = {
    {"plan", "", "规划：显示内置规划，或从规划文本读取指标表", NULL, NULL, plan_cmds},
    {"assess", "FILE.csv", "不经数据库，按所选方法评估 CSV 中的各条序列", o_assess, cmd_assess, NULL},
    {"init", "", "新建数据库，载入内置规划或指定的规划文本", o_init, cmd_init, NULL},
    {"units", "", "组织机构", NULL, NULL, units_cmds},
    {"targets", "", "分解目标", NULL, NULL, targets_cmds},
    {"demo", "", "生成大兴区示例数据库（全部数据为合成的示例数据）", o_demo, cmd_demo, NULL},
    {"status", "", "按单位和年份评估规划的全部指标", o_status, cmd_status, NULL},
    {"serve", "", "启动网页服务（总览、填报、审核、用户管理）", o_serve, cmd_serve, NULL},
    {"user", "", "用户账号", NULL, NULL, user_cmds},
    {"token", "", "API 访问令牌", NULL, NULL, token_cmds},
    {"audit", "", "查看审计日志：登录、登录失败、退出、用户和访问令牌的变更（谁、何时、从哪里）", o_db_format,
     cmd_audit, NULL},
    {"template", "", "生成某单位某年的 Excel/WPS 填报模板", o_template, cmd_template, NULL},
    {"import", "FILE.csv|FILE.xlsx", "导入填报数据（整批写入或整批不写），逐行检查并报告问题", o_import, cmd_import,
     NULL},
    {"submit", "", "提交单位（含下级）某年的草稿数据待审核", o_review, cmd_submit, NULL},
    {"approve", "", "审核通过已提交的数据（通过后锁定）", o_review, cmd_approve, NULL},
    {"return", "", "退回已提交的数据；加 --reopen 可重新打开已审核锁定的数据", o_return, cmd_return, NULL},
    {"review-levels", "[名称:单位层级 ...]", "查看或设置审核层级（如 街镇审核:1 区业务科室审核:0：先街镇、后区审核）", o_levels,
     cmd_review_levels, NULL},
    {"history", "", "查看数据的全部修改记录（谁、何时、原值、新值、原因）", o_history, cmd_history, NULL},
    {"export", "", "导出数据（含审核状态）或各单位指标状态", o_export, cmd_export, NULL},
    {"report", "", "生成规划中期评估或总结评估报告（HTML 可打印为 A4，另有 Word 公文格式、Markdown、Excel）", o_report, cmd_report,
     NULL},
    {"check", "", "检查数据库：完整性、外键、修改记录链（只读）", o_db, cmd_check, NULL},
    {"backup", "FILE", "在线备份数据库到新文件（服务运行或导入进行时也得到一致的副本，并经检查）", o_backup, cmd_backup,
     NULL},
    {"copy", "", "把整个数据库复制到另一个后端（SQLite ⇄ PostgreSQL），逐表核对行数和校验和", o_copy, cmd_copy, NULL},
    {"restore", "FILE", "用备份文件恢复数据库（先检查备份、先备份当前数据库；运行中的服务看到恢复前或恢复后）", o_db,
     cmd_restore, NULL},
    {"dept", "", "责任单位（科室、委办局）", NULL, NULL, dept_cmds},
    {"task", "", "分解落实、重点任务及其进展", NULL, NULL, task_cmds},
    {"project", "", "重大项目及其建设节点", NULL, NULL, project_cmds},
    {"narrative", "", "评估意见", NULL, NULL, narrative_cmds},
    {"rules", "", "列出规划的校验规则（如部分不大于整体），填报时逐条检查", o_rules, cmd_rules, NULL},
    {"judge", "ITEM 已实现|基本实现|未实现", "记录定性指标（文字目标）的人工评价，保留全部历史", o_judge, cmd_judge,
     NULL},
    {"judgments", "", "列出定性指标的人工评价记录（谁、何时、结论、说明）", o_judgments, cmd_judgments, NULL},
    {"round", "", "填报任务：截止日期、报送情况、催报、按时报送率", NULL, NULL, round_cmds},
    /* Hidden: the web route table, for the API description test. */
    {"routes", "", NULL, o_format_tcj, cmd_routes, NULL},
    {"help", "[命令...]", "显示帮助（planmon help 命令 … 显示该命令的帮助）", o_help, cmd_help, NULL},
    {0},
};

static int cmd_help(cli_opts o)
{
    if (o.list) {
        cli_list_commands(stdout, commands);
        return EXIT_OK;
    }
    if (o.man) {
        cli_man(stdout, commands, PLANMON_VERSION);
        return EXIT_OK;
    }
    if (o.completion) {
        cli_completion_bash(stdout, commands);
        return EXIT_OK;
    }
    if (o.nargs == 0) {
        cli_overview(stdout, commands);
        return EXIT_OK;
    }
    cli_path p;
    if (cli_find(commands, o.nargs, (char **)o.args, &p) != o.nargs) {
        fprintf(stderr, "planmon: 未知命令“%s”\n", o.args[p.n]);
        return EXIT_BADINPUT;
    }
    cli_help(stdout, &p);
    return EXIT_OK;
}

static int print_version(void)
{
    printf("planmon %s\n", PLANMON_VERSION);
    if (*PLANMON_COMMIT)
        printf("提交 %s\n", PLANMON_COMMIT);
    else
        printf("提交未知（构建时源码树中没有 .git）\n");
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    setlocale(LC_CTYPE, "C.UTF-8");
    pm_mem_keep_freed();
    /* jansson's allocations end like planmon's own when memory runs out,
     * rather than as NULL objects that print as nothing. */
    json_set_alloc_funcs(xmalloc, free);
    if (argc < 2) {
        cli_opts o = {.format = OUT_TABLE};
        return cli_stdout_finish(cmd_plan_show(o));
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        cli_overview(stdout, commands);
        return cli_stdout_finish(EXIT_OK);
    }
    if (!strcmp(argv[1], "--version"))
        return cli_stdout_finish(print_version());
    cli_path p;
    int words = cli_find(commands, argc - 1, argv + 1, &p);
    if (!words) {
        fprintf(stderr, "planmon: 未知命令“%s”\n\n", argv[1]);
        cli_overview(stderr, commands);
        return EXIT_BADINPUT;
    }
    cli_opts o;
    int code = cli_parse(&p, argc - words, argv + words, &o);
    if (code >= 0)
        return cli_stdout_finish(code);
    cli_plan_key = o.plan_code;
    /* serve reads its settings (time-zone among them) itself, the option winning. */
    code = cli_find_option(o.cmd, "time-zone") ? -1 : cli_zone_setup();
    if (code >= 0)
        return cli_stdout_finish(code);
    const cli_opt *as = cli_find_option(o.cmd, "as");
    if (as && (o.given & (UINT64_C(1) << (as - o.cmd->opts))))
        cli_as_named = o.as;
    /* Whatever a command printed must have reached its file: a full disk
     * or a closed pipe is exit 1 with the reason, not a silent 0. */
    code = p.at[p.n - 1]->run(o);
    /* A command that failed because the database could not be reached (a
     * PostgreSQL server down, a login refused, a connection lost midway;
     * its message says which) exits 2, whichever call met it: the input
     * may be fine, the place named is not usable now. */
    if (code != EXIT_OK && pm_store_unavailable_count())
        code = EXIT_BADINPUT;
    return cli_stdout_finish(code);
}

/* The command handlers, one per command (cmd_*.c), for main.c's table.
 * Each gets its options parsed and checked from its table entry. */
#ifndef PM_CLI_COMMANDS_H
#define PM_CLI_COMMANDS_H
#include "cli/table.h"

int cmd_plan_parse(cli_opts o);
int cmd_plan_show(cli_opts o);
int cmd_plan_list(cli_opts o);
int cmd_plan_use(cli_opts o);
int cmd_plan_continue(cli_opts o);
int cmd_judge(cli_opts o);
int cmd_judgments(cli_opts o);
int cmd_assess(cli_opts o);
int cmd_init(cli_opts o);
int cmd_units_import(cli_opts o);
int cmd_targets_import(cli_opts o);
int cmd_demo(cli_opts o);
int cmd_status(cli_opts o);
int cmd_user_add(cli_opts o);
int cmd_user_passwd(cli_opts o);
int cmd_user_list(cli_opts o);
int cmd_token_add(cli_opts o);
int cmd_token_list(cli_opts o);
int cmd_token_revoke(cli_opts o);
int cmd_user_disable(cli_opts o);
int cmd_user_enable(cli_opts o);
int cmd_audit(cli_opts o);
int cmd_serve(cli_opts o);
int cmd_routes(cli_opts o);
int cmd_import(cli_opts o);
int cmd_submit(cli_opts o);
int cmd_approve(cli_opts o);
int cmd_return(cli_opts o);
int cmd_history(cli_opts o);
int cmd_export(cli_opts o);
int cmd_template(cli_opts o);
int cmd_report(cli_opts o);
int cmd_check(cli_opts o);
int cmd_backup(cli_opts o);
int cmd_copy(cli_opts o);
int cmd_restore(cli_opts o);
int cmd_rules(cli_opts o);
int cmd_review_levels(cli_opts o);
int cmd_round_open(cli_opts o);
int cmd_round_list(cli_opts o);
int cmd_round_status(cli_opts o);
int cmd_round_remind(cli_opts o);

int cmd_dept_list(cli_opts o);
int cmd_dept_add(cli_opts o);
int cmd_dept_import(cli_opts o);
int cmd_user_dept(cli_opts o);
int cmd_task_import(cli_opts o);
int cmd_task_add(cli_opts o);
int cmd_task_list(cli_opts o);
int cmd_task_show(cli_opts o);
int cmd_task_update(cli_opts o);
int cmd_task_approve(cli_opts o);
int cmd_task_return(cli_opts o);
int cmd_project_import(cli_opts o);
int cmd_project_list(cli_opts o);
int cmd_project_milestone(cli_opts o);
int cmd_narrative_list(cli_opts o);
int cmd_narrative_set(cli_opts o);
int cmd_narrative_import(cli_opts o);
int cmd_narrative_export(cli_opts o);
int cmd_narrative_history(cli_opts o);

#endif

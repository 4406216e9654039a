/* planmon user disable|enable, token list|revoke, audit: the account
 * changes issue 10 asks for, each written to the audit log in the same
 * transaction as the change (store/audit.h), and the log itself.
 *
 * Who: the audit log names the person at the command line by --as (else
 * $USER, else "cli"), with no address (ip NULL: 命令行). */
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "cli/cli.h"
#include "cli/cli_out.h"
#include "cli/commands.h"
#include "render/write/listing.h"
#include "store/accounts.h"
#include "store/audit.h"
#include "store/users.h"

/* ---- user disable / enable ------------------------------------------------------ */

static int user_state(cli_opts o, int disabled)
{
    int code;
    pm_err err;
    pm_store *s = cli_open(o.db, PM_STORE_OPEN, &err, &code);
    if (!s)
        return code;
    const char *name = o.args[0];
    if (!pm_account_set_disabled(s, &(pm_account_by){o.as, NULL}, name, disabled, &err))
        code = cli_bad_input(&err);
    else if (disabled)
        printf("已停用用户 %s：其已登录的会话均已退出，访问令牌暂不可用（启用后恢复）。\n", name);
    else
        printf("已启用用户 %s。\n", name);
    pm_store_close(s);
    return code;
}

int cmd_user_disable(cli_opts o)
{
    return user_state(o, 1);
}

int cmd_user_enable(cli_opts o)
{
    return user_state(o, 0);
}

/* ---- token list / revoke ------------------------------------------------------------ */

int cmd_token_list(cli_opts o)
{
    int code;
    pm_err err;
    pm_store *s = cli_open(o.db, PM_STORE_OPEN, &err, &code);
    if (!s)
        return code;
    pm_token *t;
    size_t n;
    if (!pm_store_tokens(s, o.args[0], &t, &n, &err))
        return cli_read_failed(s, &err);
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:s}", "id", t[i].id, "user", t[i].user, "label",
                                              t[i].label, "created_at", t[i].created_at));
    static const out_column cols[] = {
        {"id", "编号"}, {"user", "用户"}, {"label", "名称"}, {"created_at", "创建时间"}};
    cli_print_rows(rows, cols, sizeof cols / sizeof cols[0], o.format, "没有访问令牌（用 planmon token add 创建）。");
    pm_tokens_free(t, n);
    pm_store_close(s);
    return EXIT_OK;
}

int cmd_token_revoke(cli_opts o)
{
    int code;
    pm_err err;
    pm_store *s = cli_open(o.db, PM_STORE_OPEN, &err, &code);
    if (!s)
        return code;
    char *owner;
    if (!pm_account_token_revoke(s, &(pm_account_by){o.as, NULL}, o.args[0], &owner, &err))
        code = cli_bad_input(&err);
    else
        printf("已撤销用户 %s 的访问令牌 %s。\n", owner, o.args[0]);
    free(owner);
    pm_store_close(s);
    return code;
}

/* ---- audit ---------------------------------------------------------------------------- */

int cmd_audit(cli_opts o)
{
    int code;
    pm_err err;
    pm_store *s = cli_open(o.db, PM_STORE_OPEN, &err, &code);
    if (!s)
        return code;
    pm_audit *a;
    size_t n;
    if (!pm_store_audit_list(s, 0, &a, &n, &err))
        return cli_read_failed(s, &err);
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *r = json_object();
        json_object_set_new(r, "at", json_string(a[i].at));
        json_object_set_new(r, "actor", json_string(a[i].actor));
        json_object_set_new(r, "action", json_string(a[i].action));
        json_object_set_new(r, "action_label", json_string(pm_audit_label(a[i].action)));
        json_object_set_new(r, "target", a[i].target ? json_string(a[i].target) : json_null());
        json_object_set_new(r, "detail", a[i].detail ? json_string(a[i].detail) : json_null());
        json_object_set_new(r, "ip", a[i].ip ? json_string(a[i].ip) : json_null());
        json_object_set_new(r, "from", json_string(a[i].ip ? a[i].ip : "命令行"));
        json_array_append_new(rows, r);
    }
    static const out_column cols[] = {{"at", "时间"}, {"actor", "操作人"}, {"action_label", "操作"},
                                      {"target", "对象"},    {"detail", "说明"},   {"from", "来源地址"}};
    cli_print_rows(rows, cols, sizeof cols / sizeof cols[0], o.format, "审计日志为空。");
    pm_audits_free(a, n);
    pm_store_close(s);
    return EXIT_OK;
}

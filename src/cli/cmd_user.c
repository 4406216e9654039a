/* planmon user add|passwd|list, planmon token add: the accounts the web
 * pages and the API let in (store/users.h). Also the password rule that
 * init and demo share (cli_password_get).
 *
 * A password comes from an environment variable (scripts), else from a
 * prompt without echo (a person at a terminal), else it is generated and
 * printed once: it is never written anywhere but as its argon2id hash. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <jansson.h>

#include "base/secret.h"
#include "cli/cli.h"
#include "cli/cli_out.h"
#include "cli/commands.h"
#include "render/write/listing.h"
#include "store/accounts.h"
#include "store/users.h"

/* Reads one line from the terminal on stdin with echo off into out (the
 * newline dropped). False on end of input or an over-long line. */
static bool read_hidden(const char *prompt, char *out, size_t cap)
{
    fputs(prompt, stderr);
    fflush(stderr);
    struct termios old, quiet;
    bool restore = tcgetattr(STDIN_FILENO, &old) == 0;
    if (restore) {
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        quiet.c_lflag |= ECHONL;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    bool ok = fgets(out, (int)cap, stdin) != NULL;
    if (restore)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    if (!ok)
        return false;
    size_t n = strlen(out);
    if (n && out[n - 1] == '\n')
        out[--n] = '\0';
    else if (n == cap - 1)
        return false; /* longer than we take: refuse rather than cut */
    return true;
}

static bool strong_enough(const char *pw)
{
    if (strlen(pw) >= SECRET_PASSWORD_MIN)
        return true;
    cli_fail(EXIT_BADINPUT, "密码太短：至少 %d 个字符", SECRET_PASSWORD_MIN);
    return false;
}

bool cli_password_get(const char *user, const char *env, bool prompt, cli_password *p)
{
    memset(p, 0, sizeof *p);
    const char *given = env ? getenv(env) : NULL;
    char typed[256];
    if (given && *given) {
        if (!strong_enough(given))
            return false;
    } else if (prompt && isatty(STDIN_FILENO)) {
        char again[256], question[256];
        snprintf(question, sizeof question, "请输入用户 %s 的密码：", user);
        if (!read_hidden(question, typed, sizeof typed) || !read_hidden("请再输入一次：", again, sizeof again)) {
            cli_fail(EXIT_BADINPUT, "没有读到密码");
            return false;
        }
        bool same = secret_equal(typed, again);
        memset(again, 0, sizeof again);
        if (!same) {
            memset(typed, 0, sizeof typed);
            cli_fail(EXIT_BADINPUT, "两次输入的密码不一致");
            return false;
        }
        if (!strong_enough(typed)) {
            memset(typed, 0, sizeof typed);
            return false;
        }
        given = typed;
    } else {
        secret_new_password(p->shown);
        given = p->shown;
    }
    bool ok = secret_hash_password(given, p->hash);
    memset(typed, 0, sizeof typed);
    if (!ok)
        cli_fail(EXIT_FAIL, "计算密码散列失败（内存不足）");
    return ok;
}

void cli_password_print(const char *user, const cli_password *p)
{
    if (p->shown[0])
        printf("用户 %s 的初始密码（只显示这一次，请妥善保存）：%s\n", user, p->shown);
}

int cmd_user_add(cli_opts o)
{
    const char *name = o.args[0];
    pm_role role;
    if (!o.role)
        return cli_fail(EXIT_BADINPUT, "请用 --role 指定角色（admin、planner、reviewer 或 reporter）");
    if (!pm_role_parse(o.role, &role))
        return cli_fail(EXIT_BADINPUT, "未知角色“%s”（可选 admin、planner、reviewer、reporter）", o.role);
    if (!pm_user_name_valid(name))
        return cli_fail(EXIT_BADINPUT, "用户名“%s”无效：须为 1–%d 字节，不含空白、控制字符和 <>&\"'/\\", name,
                        PM_USER_NAME_MAX);
    if ((role == PM_ROLE_REVIEWER || role == PM_ROLE_REPORTER) && !o.unit)
        fprintf(stderr, "planmon: 提示：未指定 --unit，用户 %s 可访问全部组织机构\n", name);
    int code;
    pm_err err;
    pm_store *s = cli_open(o.db, PM_STORE_OPEN, &err, &code);
    if (!s)
        return code;
    cli_password pw;
    if (!cli_password_get(name, "PLANMON_PASSWORD", true, &pw)) {
        pm_store_close(s);
        return EXIT_BADINPUT;
    }
    pm_user_spec u = {name, NULL, role, o.unit, pw.hash};
    if (!pm_account_add(s, &(pm_account_by){o.as, NULL}, &u, &err)) {
        code = cli_bad_input(&err);
    } else {
        printf("已创建用户 %s（%s%s%s）。\n", name, pm_role_label(role), o.unit ? "，组织机构 " : "，全部组织机构",
               o.unit ? o.unit : "");
        cli_password_print(name, &pw);
    }
    pm_store_close(s);
    return code;
}

/* The commands on one named account work with the database (s), the
 * account as read (u) and err for their own store calls. */
typedef struct named_user {
    pm_store *s;
    pm_user u;
    pm_err err;
} named_user;

/* Clears the account open_user read and closes its store. */
static void close_user(named_user *a)
{
    pm_user_clear(&a->u);
    pm_store_close(a->s);
}

/* Opens the database db and reads the account called name into a: what
 * the commands on one named account start with. EXIT_OK with a the
 * caller's to end by close_user; else the exit code (cli_open's, 1 when
 * the account cannot be read, 2 when there is none) with the message
 * printed and nothing left open. */
static int open_user(const char *db, const char *name, named_user *a)
{
    int code;
    a->u = (pm_user){0};
    a->s = cli_open(db, PM_STORE_OPEN, &a->err, &code);
    if (!a->s)
        return code;
    int found = pm_store_user_get(a->s, name, &a->u, NULL, &a->err);
    if (found == 1)
        return EXIT_OK;
    code = found < 0 ? (cli_bad_input(&a->err), EXIT_FAIL) : cli_fail(EXIT_BADINPUT, "用户 %s 不存在", name);
    close_user(a);
    return code;
}

int cmd_user_passwd(cli_opts o)
{
    const char *name = o.args[0];
    named_user a; /* only the account's being there counts here */
    int code = open_user(o.db, name, &a);
    if (code != EXIT_OK)
        return code;
    cli_password pw;
    if (!cli_password_get(name, "PLANMON_PASSWORD", true, &pw)) {
        close_user(&a);
        return EXIT_BADINPUT;
    }
    /* A new password ends the sessions; with --revoke-tokens every API
     * token too. */
    size_t revoked = 0;
    if (!pm_account_passwd(a.s, &(pm_account_by){o.as, NULL}, name, pw.hash, o.revoke_tokens, &revoked, &a.err)) {
        code = cli_bad_input(&a.err);
    } else {
        printf("已修改用户 %s 的密码，其已登录的会话均已退出。\n", name);
        if (o.revoke_tokens)
            printf("已撤销用户 %s 的 %zu 个访问令牌。\n", name, revoked);
        cli_password_print(name, &pw);
    }
    close_user(&a);
    return code;
}

int cmd_user_list(cli_opts o)
{
    int code;
    pm_err err;
    pm_store *s = cli_open(o.db, PM_STORE_OPEN, &err, &code);
    if (!s)
        return code;
    pm_user *u;
    size_t n;
    if (!pm_store_users(s, &u, &n, &err))
        return cli_read_failed(s, &err);
    json_t *rows = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *r = json_object();
        json_object_set_new(r, "name", json_string(u[i].name));
        json_object_set_new(r, "display_name", json_string(u[i].display));
        json_object_set_new(r, "role", json_string(pm_role_str(u[i].role)));
        json_object_set_new(r, "role_label", json_string(pm_role_label(u[i].role)));
        json_object_set_new(r, "unit", u[i].unit ? json_string(u[i].unit) : json_null());
        json_object_set_new(r, "unit_name", u[i].unit_name ? json_string(u[i].unit_name) : json_string("全部"));
        json_object_set_new(r, "created_at", json_string(u[i].created_at ? u[i].created_at : ""));
        json_object_set_new(r, "disabled", json_boolean(u[i].disabled));
        json_object_set_new(r, "state_label", json_string(u[i].disabled ? "已停用" : "正常"));
        json_array_append_new(rows, r);
    }
    static const out_column cols[] = {
        {"name", "用户名"},      {"display_name", "显示名称"}, {"role_label", "角色"},
        {"unit_name", "组织机构"}, {"created_at", "创建时间"},  {"state_label", "状态"},
    };
    cli_print_rows(rows, cols, sizeof cols / sizeof cols[0], o.format, "还没有用户（用 planmon user add 创建）。");
    pm_users_free(u, n);
    pm_store_close(s);
    return EXIT_OK;
}

int cmd_token_add(cli_opts o)
{
    const char *name = o.args[0], *label = o.nargs > 1 ? o.args[1] : "命令行创建";
    named_user a;
    int code = open_user(o.db, name, &a);
    if (code != EXIT_OK)
        return code;
    if (a.u.disabled) {
        code = cli_fail(EXIT_BADINPUT, "用户 %s 已停用", name);
    } else {
        char tok[SECRET_TOKEN_LEN], hash[SECRET_HASH_LEN];
        secret_new_token(tok);
        secret_token_hash(tok, hash);
        if (!pm_account_token_add(a.s, &(pm_account_by){o.as, NULL}, &a.u, hash, label, &a.err)) {
            code = cli_bad_input(&a.err);
        } else {
            /* The token alone on stdout, so that scripts can capture it. */
            printf("%s\n", tok);
            fprintf(stderr, "已为用户 %s 创建访问令牌“%s”（只显示这一次）。用法：Authorization: Bearer <令牌>\n",
                    name, label);
        }
        memset(tok, 0, sizeof tok);
    }
    close_user(&a);
    return code;
}

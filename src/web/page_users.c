/* GET /users, POST /users: the admin's list of users and the form that
 * creates one, with its role and the unit whose subtree it may touch. A
 * password left empty is generated and shown once on the answer page
 * (never stored but as its argon2id hash). POST /users/state disables or
 * enables a user; the page also lists every API token, and POST
 * /users/tokens/revoke revokes one. Every change lands together with its
 * audit-log entry (store/accounts.h), or neither does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/secret.h"
#include "store/accounts.h"
#include "web/pagekit.h"

/* What the form held, to show it again after a mistake. */
typedef struct user_form {
    const char *name, *display, *role, *unit;
} user_form;

static void role_options(buf *b, const char *chosen)
{
    for (int i = 0; i < PM_ROLE_COUNT; i++) {
        const char *key = pm_role_str((pm_role)i);
        buf_puts(b, "<option value=\"");
        web_attr(b, key);
        buf_puts(b, chosen && !strcmp(chosen, key) ? "\" selected>" : "\">");
        web_text(b, pm_role_label((pm_role)i));
        buf_puts(b, "</option>");
    }
}

/* The whole tree would be hundreds of communities: the district and its
 * towns are offered (a deeper unit can be given with the CLI). */
static void unit_options(buf *b, const web_snap *s, const char *chosen)
{
    buf_puts(b, "<option value=\"\">全部组织机构</option>");
    if (!s->ok)
        return;
    const pm_tree *t = &s->ev.tree;
    for (size_t i = 0; i < t->n; i++) {
        bool sel = chosen && !strcmp(chosen, t->u[i].code);
        if (t->u[i].level > PM_LEVEL_TOWN && !sel)
            continue;
        buf_puts(b, "<option value=\"");
        web_attr(b, t->u[i].code);
        buf_puts(b, sel ? "\" selected>" : "\">");
        if (t->u[i].level == PM_LEVEL_TOWN)
            buf_puts(b, "　");
        web_text(b, t->u[i].name);
        buf_puts(b, "（");
        web_text(b, t->u[i].code);
        buf_puts(b, "）</option>");
    }
}

/* A one-button form posting name=value (and the CSRF token) to action. */
static void button_form(web_req *r, buf *b, const char *action, const char *name, const char *value,
                        const char *op, const char *label)
{
    buf_puts(b, "<form method=\"post\" class=\"inline\" action=\"");
    web_attr(b, action);
    buf_puts(b, "\">");
    web_csrf_field(r, b);
    buf_puts(b, "<input type=\"hidden\" name=\"");
    web_attr(b, name);
    buf_puts(b, "\" value=\"");
    web_attr(b, value);
    buf_puts(b, "\">");
    if (op) {
        buf_puts(b, "<input type=\"hidden\" name=\"action\" value=\"");
        web_attr(b, op);
        buf_puts(b, "\">");
    }
    buf_puts(b, "<button type=\"submit\">");
    web_text(b, label);
    buf_puts(b, "</button></form>");
}

static void token_table(web_req *r, buf *b, const pm_token *t, size_t n)
{
    if (!n) {
        buf_puts(b, "<p>没有访问令牌（用 planmon token add 创建）。</p>");
        return;
    }
    static const char *const head[] = {"编号", "用户", "名称", "创建时间", "操作"};
    wp_table_begin(b, "访问令牌", "tokens", head, sizeof head / sizeof head[0]);
    for (size_t i = 0; i < n; i++) {
        buf_puts(b, "<tr><td><code>");
        web_text(b, t[i].id);
        buf_puts(b, "</code></td>");
        wp_td(b, t[i].user);
        wp_td(b, t[i].label);
        wp_td(b, t[i].created_at);
        buf_puts(b, "<td>");
        button_form(r, b, "/users/tokens/revoke", "id", t[i].id, NULL, "撤销");
        buf_puts(b, "</td></tr>");
    }
    wp_table_end(b);
}

static void user_table(web_req *r, buf *b, const pm_user *u, size_t n)
{
    static const char *const head[] = {"用户名", "显示名称", "角色", "组织机构", "创建时间", "状态", "操作"};
    wp_table_begin(b, "用户", "users", head, sizeof head / sizeof head[0]);
    for (size_t i = 0; i < n; i++) {
        buf_puts(b, "<tr>");
        wp_td(b, u[i].name);
        wp_td(b, u[i].display);
        wp_td(b, pm_role_label(u[i].role));
        wp_td(b, u[i].unit_name ? u[i].unit_name : "全部");
        wp_td(b, u[i].created_at);
        wp_td(b, u[i].disabled ? "已停用" : "正常");
        buf_puts(b, "<td>");
        /* An admin does not lock itself out from this page. */
        if (!r->user || strcmp(r->user->u.name, u[i].name))
            button_form(r, b, "/users/state", "name", u[i].name, u[i].disabled ? "enable" : "disable",
                        u[i].disabled ? "启用" : "停用");
        buf_puts(b, "</td></tr>");
    }
    wp_table_end(b);
}

static void render(web_req *r, web_resp *w, int status, const char *ok, const char *error, const char *password,
                   const user_form *f)
{
    pm_store *s = web_store(r, w);
    if (!s)
        return;
    pm_user *users;
    pm_token *tokens;
    size_t n, ntok;
    pm_err err = {0};
    if (!pm_store_users(s, &users, &n, &err)) {
        web_error(r, w, 500, "store_failed", err.msg);
        return;
    }
    if (!pm_store_tokens(s, NULL, &tokens, &ntok, &err)) {
        pm_users_free(users, n);
        web_error(r, w, 500, "store_failed", err.msg);
        return;
    }
    web_page_begin(r, w, "用户管理");
    buf *b = &w->body;
    buf_puts(b, "<h1>用户管理</h1>");
    if (ok) {
        buf_puts(b, "<p class=\"msg msg-ok\" role=\"status\">");
        web_text(b, ok);
        buf_puts(b, "</p>");
    }
    if (password) {
        buf_puts(b, "<p class=\"msg msg-secret\">初始密码（只显示这一次，请转交本人并提醒其修改）：<code class=\"secret\">");
        web_text(b, password);
        buf_puts(b, "</code></p>");
    }
    if (error) {
        buf_puts(b, "<p class=\"msg msg-error\" role=\"alert\">");
        web_text(b, error);
        buf_puts(b, "</p>");
    }
    buf_printf(b, "<section><h2>现有用户（%zu）</h2>", n);
    user_table(r, b, users, n);
    buf_printf(b, "</section><section><h2>API 访问令牌（%zu）</h2>", ntok);
    token_table(r, b, tokens, ntok);
    buf_puts(b, "</section><section><h2>新建用户</h2><form method=\"post\" action=\"/users\" class=\"form\">");
    web_csrf_field(r, b);
    buf_puts(b, "<label>用户名<input name=\"name\" required maxlength=\"64\" autocomplete=\"off\" value=\"");
    web_attr(b, f ? f->name : NULL);
    buf_puts(b, "\"></label><label>显示名称<input name=\"display\" maxlength=\"128\" value=\"");
    web_attr(b, f ? f->display : NULL);
    buf_puts(b, "\"></label><label>角色<select name=\"role\">");
    role_options(b, f ? f->role : "reporter");
    buf_puts(b, "</select></label><label>组织机构（可访问的范围）<select name=\"unit\">");
    unit_options(b, web_snapshot(r), f ? f->unit : NULL);
    buf_puts(b, "</select></label><label>初始密码（留空则自动生成）<input name=\"password\" type=\"password\" "
                "autocomplete=\"new-password\" minlength=\"8\"></label><button type=\"submit\">创建用户</button>"
                "</form></section>");
    web_page_end(r, w);
    w->status = status;
    pm_users_free(users, n);
    pm_tokens_free(tokens, ntok);
}

void web_users_page(web_req *r, web_resp *w)
{
    render(r, w, 200, NULL, NULL, NULL, NULL);
}

void web_users_create(web_req *r, web_resp *w)
{
    user_form f = {web_form(r, "name"), web_form(r, "display"), web_form(r, "role"), web_form(r, "unit")};
    const char *pw = web_form(r, "password");
    pm_role role;
    char msg[512];
    if (!f.name || !pm_user_name_valid(f.name)) {
        snprintf(msg, sizeof msg, "用户名无效：须为 1–%d 字节，不含空白、控制字符和 <>&\"'/\\。", PM_USER_NAME_MAX);
        render(r, w, 400, NULL, msg, NULL, &f);
        return;
    }
    if (!pm_role_parse(f.role, &role)) {
        render(r, w, 400, NULL, "请选择角色。", NULL, &f);
        return;
    }
    const char *unit = f.unit && *f.unit ? f.unit : NULL;
    if (unit && web_snap_unit(web_snapshot(r), unit) < 0) {
        render(r, w, 400, NULL, "组织机构不存在。", NULL, &f);
        return;
    }
    char made[SECRET_PASSWORD_LEN] = "";
    if (!pw || !*pw) {
        secret_new_password(made);
        pw = made;
    } else if (strlen(pw) < SECRET_PASSWORD_MIN) {
        snprintf(msg, sizeof msg, "密码太短：至少 %d 个字符。", SECRET_PASSWORD_MIN);
        render(r, w, 400, NULL, msg, NULL, &f);
        return;
    }
    char hash[SECRET_PWHASH_LEN];
    if (!secret_hash_password(pw, hash)) {
        web_error(r, w, 500, "hash_failed", "计算密码散列失败（内存不足）。");
        return;
    }
    pm_store *s = web_store(r, w);
    if (!s)
        return;
    pm_err err = {0};
    pm_user_spec u = {f.name, f.display, role, unit, hash};
    if (!pm_account_add(s, &(pm_account_by){r->user->u.name, r->remote}, &u, &err)) {
        render(r, w, strstr(err.msg, "已存在") ? 409 : 400, NULL, err.msg, NULL, &f);
        return;
    }
    snprintf(msg, sizeof msg, "已创建用户 %s（%s）。", f.name, pm_role_label(role));
    render(r, w, 200, msg, NULL, made[0] ? made : NULL, NULL);
}

void web_users_state(web_req *r, web_resp *w)
{
    const char *name = web_form(r, "name"), *action = web_form(r, "action");
    int disabled = action && !strcmp(action, "disable") ? 1 : action && !strcmp(action, "enable") ? 0 : -1;
    if (!name || !*name || disabled < 0) {
        render(r, w, 400, NULL, "请求有误：需要用户名和操作（disable 或 enable）。", NULL, NULL);
        return;
    }
    if (disabled && !strcmp(name, r->user->u.name)) {
        render(r, w, 400, NULL, "不能停用自己的账号。", NULL, NULL);
        return;
    }
    pm_store *s = web_store(r, w);
    if (!s)
        return;
    pm_err err = {0};
    if (!pm_account_set_disabled(s, &(pm_account_by){r->user->u.name, r->remote}, name, disabled, &err)) {
        render(r, w, strstr(err.msg, "未知用户") ? 404 : 400, NULL, err.msg, NULL, NULL);
        return;
    }
    char msg[256];
    snprintf(msg, sizeof msg, disabled ? "已停用用户 %s，其会话已退出、访问令牌暂不可用。" : "已启用用户 %s。", name);
    render(r, w, 200, msg, NULL, NULL, NULL);
}

void web_token_revoke(web_req *r, web_resp *w)
{
    const char *id = web_form(r, "id");
    pm_store *s = web_store(r, w);
    if (!s)
        return;
    pm_err err = {0};
    char *owner;
    if (!pm_account_token_revoke(s, &(pm_account_by){r->user->u.name, r->remote}, id ? id : "", &owner, &err)) {
        render(r, w, strstr(err.msg, "没有编号") ? 404 : 400, NULL, err.msg, NULL, NULL);
        return;
    }
    char msg[256];
    snprintf(msg, sizeof msg, "已撤销用户 %s 的访问令牌 %s。", owner, id ? id : "");
    free(owner);
    render(r, w, 200, msg, NULL, NULL, NULL);
}

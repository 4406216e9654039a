/* Users, sessions, API tokens and login attempts in the SQLite store
 * (store/users.h), with the secrets of base/secret.h: users round trip
 * with their units; names are refused when taken or malformed; passwords
 * verify only as themselves; sessions end on logout, on expiry, on a new
 * password and when the user is disabled; tokens are found by hash only;
 * login failures count by name and address within a window; a commit from
 * another connection changes data_version; the database stays clean. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/mem.h"
#include "base/secret.h"
#include "model/orgunit.h"
#include "store/users.h"

#define TMPDIR_TAG "users"
#include "tmpdir.h"
static int ndb;

static char *db_path(void)
{
    char *p = xmalloc(strlen(tmpdir) + 32);
    sprintf(p, "%s/users-%d.db", tmpdir, ++ndb);
    return p;
}

/* A new database with a district and two towns; the caller closes it. */
static pm_store *fresh(char **path)
{
    *path = db_path();
    pm_err e = {0};
    pm_store *s = pm_store_open(*path, PM_STORE_CREATE, &e);
    if (!s)
        fail_msg("open: %s", e.msg);
    pm_unit_in in[] = {
        {"110115", "大兴区", NULL, 0, 0, NULL, 0, 0},
        {"110115009", "黄村镇", "110115", 1, 0, NULL, 0, 0},
        {"110115010", "西红门镇", "110115", 1, 0, NULL, 0, 0},
    };
    pm_tree t;
    assert_true(pm_tree_build(in, 3, &t, &e));
    if (!pm_store_put_units(s, &t, &e))
        fail_msg("units: %s", e.msg);
    pm_tree_free(&t);
    return s;
}

static void add_user(pm_store *s, const char *name, pm_role role, const char *unit, const char *pw, long *id)
{
    char h[SECRET_PWHASH_LEN];
    assert_true(secret_hash_password(pw, h));
    pm_user_spec u = {name, "显示名", role, unit, h};
    pm_err e = {0};
    if (!pm_store_user_add(s, &u, id, &e))
        fail_msg("user add %s: %s", name, e.msg);
}

static void check_clean(pm_store *s)
{
    pm_err e = {0};
    if (!pm_store_check(s, &e))
        fail_msg("check: %s", e.msg);
}

static void test_roles(void **state)
{
    (void)state;
    pm_role r;
    assert_true(pm_role_parse("admin", &r));
    assert_int_equal(r, PM_ROLE_ADMIN);
    assert_true(pm_role_parse("审核人", &r));
    assert_int_equal(r, PM_ROLE_REVIEWER);
    assert_true(pm_role_parse("Reporter", &r));
    assert_int_equal(r, PM_ROLE_REPORTER);
    assert_false(pm_role_parse("root", &r));
    assert_false(pm_role_parse(NULL, &r));
    for (int i = 0; i < PM_ROLE_COUNT; i++) {
        assert_true(pm_role_parse(pm_role_str((pm_role)i), &r));
        assert_int_equal(r, i);
        assert_true(pm_role_parse(pm_role_label((pm_role)i), &r));
        assert_int_equal(r, i);
    }
}

static void test_names(void **state)
{
    (void)state;
    assert_true(pm_user_name_valid("admin"));
    assert_true(pm_user_name_valid("zhang.san-2"));
    assert_true(pm_user_name_valid("张三"));
    assert_false(pm_user_name_valid(""));
    assert_false(pm_user_name_valid(NULL));
    assert_false(pm_user_name_valid("a b"));
    assert_false(pm_user_name_valid("张　三")); /* U+3000 */
    assert_false(pm_user_name_valid("<script>"));
    assert_false(pm_user_name_valid("a/b"));
    assert_false(pm_user_name_valid("a\tb"));
    assert_false(pm_user_name_valid("\xff\xfe"));
    char longname[PM_USER_NAME_MAX + 2];
    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    assert_false(pm_user_name_valid(longname));
    longname[PM_USER_NAME_MAX] = '\0';
    assert_true(pm_user_name_valid(longname));
}

static void test_secrets(void **state)
{
    (void)state;
    char h[SECRET_PWHASH_LEN];
    assert_true(secret_hash_password("correct horse", h));
    assert_true(strncmp(h, "$argon2id$", 10) == 0);
    assert_true(secret_check_password(h, "correct horse"));
    assert_false(secret_check_password(h, "correct horsE"));
    assert_false(secret_check_password(h, ""));
    assert_false(secret_check_password("not a hash", "x"));
    secret_check_dummy("x");
    secret_check_dummy("x");

    char a[SECRET_TOKEN_LEN], b[SECRET_TOKEN_LEN];
    secret_new_token(a);
    secret_new_token(b);
    assert_int_equal(strlen(a), SECRET_TOKEN_LEN - 1);
    assert_string_not_equal(a, b);
    for (const char *p = a; *p; p++)
        assert_true(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", *p) != NULL);
    char ha[SECRET_HASH_LEN], ha2[SECRET_HASH_LEN], hb[SECRET_HASH_LEN];
    secret_token_hash(a, ha);
    secret_token_hash(a, ha2);
    secret_token_hash(b, hb);
    assert_int_equal(strlen(ha), 64);
    assert_string_equal(ha, ha2);
    assert_string_not_equal(ha, hb);

    char p1[SECRET_PASSWORD_LEN], p2[SECRET_PASSWORD_LEN];
    secret_new_password(p1);
    secret_new_password(p2);
    assert_int_equal(strlen(p1), SECRET_PASSWORD_LEN - 1);
    assert_string_not_equal(p1, p2);
    assert_null(strpbrk(p1, "0o1li"));

    assert_true(secret_equal("abc", "abc"));
    assert_false(secret_equal("abc", "abd"));
    assert_false(secret_equal("abc", "ab"));
    assert_true(secret_equal("", ""));
}

static void test_user_round_trip(void **state)
{
    (void)state;
    char *path;
    pm_store *s = fresh(&path);
    pm_err e = {0};
    long n = -1;
    assert_true(pm_store_user_count(s, &n, &e));
    assert_int_equal(n, 0);

    long admin = 0, rep = 0;
    add_user(s, "admin", PM_ROLE_ADMIN, NULL, "admin-pass-1", &admin);
    add_user(s, "hc", PM_ROLE_REPORTER, "110115009", "reporter-pass", &rep);
    assert_true(admin > 0 && rep > admin);

    pm_user u;
    char *hash = NULL;
    assert_int_equal(pm_store_user_get(s, "hc", &u, &hash, &e), 1);
    assert_int_equal(u.id, rep);
    assert_string_equal(u.name, "hc");
    assert_string_equal(u.display, "显示名");
    assert_int_equal(u.role, PM_ROLE_REPORTER);
    assert_string_equal(u.unit, "110115009");
    assert_string_equal(u.unit_name, "黄村镇");
    assert_non_null(u.created_at);
    assert_false(u.disabled);
    assert_true(secret_check_password(hash, "reporter-pass"));
    assert_false(secret_check_password(hash, "admin-pass-1"));
    free(hash);
    pm_user_clear(&u);

    assert_int_equal(pm_store_user_get(s, "admin", &u, NULL, &e), 1);
    assert_null(u.unit);
    assert_null(u.unit_name);
    pm_user_clear(&u);
    assert_int_equal(pm_store_user_get(s, "nobody", &u, &hash, &e), 0);
    assert_null(hash);
    assert_int_equal(pm_store_user_get(s, "", &u, NULL, &e), 0);

    pm_user *all;
    size_t count;
    assert_true(pm_store_users(s, &all, &count, &e));
    assert_int_equal(count, 2);
    assert_string_equal(all[0].name, "admin");
    assert_string_equal(all[1].name, "hc");
    pm_users_free(all, count);
    assert_true(pm_store_user_count(s, &n, &e));
    assert_int_equal(n, 2);

    /* Refusals: a taken name, an unknown unit, a bad name, no password. */
    char h[SECRET_PWHASH_LEN];
    assert_true(secret_hash_password("whatever-1", h));
    pm_user_spec dup = {"hc", NULL, PM_ROLE_PLANNER, NULL, h};
    assert_false(pm_store_user_add(s, &dup, NULL, &e));
    assert_non_null(strstr(e.msg, "已存在"));
    pm_user_spec badunit = {"x1", NULL, PM_ROLE_REPORTER, "999", h};
    assert_false(pm_store_user_add(s, &badunit, NULL, &e));
    assert_non_null(strstr(e.msg, "999"));
    pm_user_spec badname = {"<b>", NULL, PM_ROLE_REPORTER, NULL, h};
    assert_false(pm_store_user_add(s, &badname, NULL, &e));
    assert_non_null(strstr(e.msg, "用户名"));
    pm_user_spec nopw = {"x2", NULL, PM_ROLE_REPORTER, NULL, ""};
    assert_false(pm_store_user_add(s, &nopw, NULL, &e));
    pm_user_spec baddisp = {"x3", "a\nb", PM_ROLE_REPORTER, NULL, h};
    assert_false(pm_store_user_add(s, &baddisp, NULL, &e));
    assert_true(pm_store_user_count(s, &n, &e));
    assert_int_equal(n, 2);

    /* Hostile text is stored as given: escaping is the pages' job. */
    pm_user_spec html = {"evil", "<script>alert(1)</script>'; DROP TABLE users;--", PM_ROLE_REVIEWER, NULL, h};
    assert_true(pm_store_user_add(s, &html, NULL, &e));
    assert_int_equal(pm_store_user_get(s, "evil", &u, NULL, &e), 1);
    assert_string_equal(u.display, "<script>alert(1)</script>'; DROP TABLE users;--");
    pm_user_clear(&u);

    check_clean(s);
    pm_store_close(s);
    free(path);
}

static void test_update(void **state)
{
    (void)state;
    char *path;
    pm_store *s = fresh(&path);
    pm_err e = {0};
    long id;
    add_user(s, "rv", PM_ROLE_REVIEWER, NULL, "first-pass", &id);

    pm_user_change c = {.display = "审核员甲", .role = PM_ROLE_REPORTER, .set_unit = true, .unit = "110115010",
                        .disabled = -1};
    assert_true(pm_store_user_update(s, "rv", &c, &e));
    pm_user u;
    assert_int_equal(pm_store_user_get(s, "rv", &u, NULL, &e), 1);
    assert_string_equal(u.display, "审核员甲");
    assert_int_equal(u.role, PM_ROLE_REPORTER);
    assert_string_equal(u.unit, "110115010");
    pm_user_clear(&u);

    /* Keep everything but the unit, which goes back to the whole tree. */
    pm_user_change keep = {.role = -1, .set_unit = true, .unit = NULL, .disabled = -1};
    assert_true(pm_store_user_update(s, "rv", &keep, &e));
    assert_int_equal(pm_store_user_get(s, "rv", &u, NULL, &e), 1);
    assert_string_equal(u.display, "审核员甲");
    assert_int_equal(u.role, PM_ROLE_REPORTER);
    assert_null(u.unit);
    pm_user_clear(&u);

    pm_user_change bad = {.role = -1, .set_unit = true, .unit = "nope", .disabled = -1};
    assert_false(pm_store_user_update(s, "rv", &bad, &e));
    assert_non_null(strstr(e.msg, "nope"));
    pm_user_change none = {.role = -1, .disabled = -1};
    assert_false(pm_store_user_update(s, "ghost", &none, &e));
    assert_non_null(strstr(e.msg, "ghost"));
    pm_user_change badrole = {.role = 9, .disabled = -1};
    assert_false(pm_store_user_update(s, "rv", &badrole, &e));

    /* A new password: the old one stops working, sessions end. */
    char tok[SECRET_TOKEN_LEN], th[SECRET_HASH_LEN];
    secret_new_token(tok);
    secret_token_hash(tok, th);
    assert_true(pm_store_session_add(s, id, th, "csrf-1", 3600, &e));
    assert_int_equal(pm_store_session_get(s, th, &u, NULL, &e), 1);
    pm_user_clear(&u);
    char h[SECRET_PWHASH_LEN];
    assert_true(secret_hash_password("second-pass", h));
    pm_user_change pw = {.role = -1, .disabled = -1, .password_hash = h};
    assert_true(pm_store_user_update(s, "rv", &pw, &e));
    assert_int_equal(pm_store_session_get(s, th, &u, NULL, &e), 0);
    char *hash;
    assert_int_equal(pm_store_user_get(s, "rv", &u, &hash, &e), 1);
    assert_true(secret_check_password(hash, "second-pass"));
    assert_false(secret_check_password(hash, "first-pass"));
    free(hash);
    pm_user_clear(&u);
    check_clean(s);
    pm_store_close(s);
    free(path);
}

static void test_sessions(void **state)
{
    (void)state;
    char *path;
    pm_store *s = fresh(&path);
    pm_err e = {0};
    long id;
    add_user(s, "p", PM_ROLE_PLANNER, "110115", "planner-pass", &id);

    char tok[SECRET_TOKEN_LEN], th[SECRET_HASH_LEN], old[SECRET_HASH_LEN];
    secret_new_token(tok);
    secret_token_hash(tok, th);
    assert_true(pm_store_session_add(s, id, th, "the-csrf", 3600, &e));
    pm_user u;
    char *csrf = NULL;
    assert_int_equal(pm_store_session_get(s, th, &u, &csrf, &e), 1);
    assert_string_equal(u.name, "p");
    assert_string_equal(u.unit, "110115");
    assert_string_equal(csrf, "the-csrf");
    free(csrf);
    pm_user_clear(&u);
    /* The token itself is not a key: only its hash is stored. */
    assert_int_equal(pm_store_session_get(s, tok, &u, NULL, &e), 0);
    assert_int_equal(pm_store_session_get(s, "", &u, NULL, &e), 0);

    /* Logout. */
    assert_true(pm_store_session_end(s, th, &e));
    assert_int_equal(pm_store_session_get(s, th, &u, NULL, &e), 0);
    assert_true(pm_store_session_end(s, th, &e)); /* twice is fine */

    /* An expired session is not a session, and the next one sweeps it. */
    secret_new_token(tok);
    secret_token_hash(tok, old);
    assert_true(pm_store_session_add(s, id, old, "c", -1, &e));
    assert_int_equal(pm_store_session_get(s, old, &u, NULL, &e), 0);

    /* Disabling the user ends its sessions and refuses new lookups. */
    secret_new_token(tok);
    secret_token_hash(tok, th);
    assert_true(pm_store_session_add(s, id, th, "c2", 3600, &e));
    pm_user_change off = {.role = -1, .disabled = 1};
    assert_true(pm_store_user_update(s, "p", &off, &e));
    assert_int_equal(pm_store_session_get(s, th, &u, NULL, &e), 0);
    assert_int_equal(pm_store_user_get(s, "p", &u, NULL, &e), 1);
    assert_true(u.disabled);
    pm_user_clear(&u);

    assert_false(pm_store_session_add(s, 0, th, "c", 10, &e));
    assert_false(pm_store_session_add(s, id, th, "", 10, &e));
    check_clean(s);
    pm_store_close(s);
    free(path);
}

static void test_tokens(void **state)
{
    (void)state;
    char *path;
    pm_store *s = fresh(&path);
    pm_err e = {0};
    long id;
    add_user(s, "bot", PM_ROLE_REVIEWER, "110115009", "bot-password", &id);
    char tok[SECRET_TOKEN_LEN], th[SECRET_HASH_LEN];
    secret_new_token(tok);
    secret_token_hash(tok, th);
    assert_true(pm_store_token_add(s, id, th, "导入脚本", &e));
    pm_user u;
    assert_int_equal(pm_store_token_get(s, th, &u, &e), 1);
    assert_string_equal(u.name, "bot");
    assert_int_equal(u.role, PM_ROLE_REVIEWER);
    assert_string_equal(u.unit_name, "黄村镇");
    pm_user_clear(&u);
    assert_int_equal(pm_store_token_get(s, tok, &u, &e), 0);
    /* The same hash twice is refused (it cannot happen with real tokens). */
    assert_false(pm_store_token_add(s, id, th, "again", &e));
    pm_user_change off = {.role = -1, .disabled = 1};
    assert_true(pm_store_user_update(s, "bot", &off, &e));
    assert_int_equal(pm_store_token_get(s, th, &u, &e), 0);
    check_clean(s);
    pm_store_close(s);
    free(path);
}

static void test_login_attempts(void **state)
{
    (void)state;
    char *path;
    pm_store *s = fresh(&path);
    pm_err e = {0};
    int by_name, by_ip;
    assert_true(pm_store_login_failures(s, "a", "127.0.0.1", 900, &by_name, &by_ip, &e));
    assert_int_equal(by_name, 0);
    assert_int_equal(by_ip, 0);
    for (int i = 0; i < 3; i++)
        assert_true(pm_store_login_failed(s, "a", "127.0.0.1", &e));
    assert_true(pm_store_login_failed(s, "b", "127.0.0.1", &e));
    assert_true(pm_store_login_failed(s, "a", "10.0.0.1", &e));
    assert_true(pm_store_login_failures(s, "a", "127.0.0.1", 900, &by_name, &by_ip, &e));
    assert_int_equal(by_name, 4);
    assert_int_equal(by_ip, 4);
    assert_true(pm_store_login_failures(s, "b", "10.0.0.1", 900, &by_name, &by_ip, &e));
    assert_int_equal(by_name, 1);
    assert_int_equal(by_ip, 1);
    /* Outside the window (none: window 0) nothing counts. */
    assert_true(pm_store_login_failures(s, "a", "127.0.0.1", 0, &by_name, &by_ip, &e));
    assert_int_equal(by_name, 0);
    assert_true(pm_store_login_forget(s, "a", &e));
    assert_true(pm_store_login_failures(s, "a", "127.0.0.1", 900, &by_name, &by_ip, &e));
    assert_int_equal(by_name, 0);
    assert_int_equal(by_ip, 1); /* b's failure from the same address */
    check_clean(s);
    pm_store_close(s);
    free(path);
}

/* data_version moves when another connection commits, not for one's own. */
static void test_data_version(void **state)
{
    (void)state;
    char *path;
    pm_store *s = fresh(&path);
    pm_err e = {0};
    pm_store *t = pm_store_open(path, PM_STORE_OPEN, &e);
    assert_non_null(t);
    long long v0, v1, v2;
    assert_true(pm_store_changes(s, &v0, &e));
    add_user(s, "x", PM_ROLE_ADMIN, NULL, "password-x", NULL);
    assert_true(pm_store_changes(s, &v1, &e));
    assert_true(v1 == v0);
    add_user(t, "y", PM_ROLE_ADMIN, NULL, "password-y", NULL);
    assert_true(pm_store_changes(s, &v2, &e));
    assert_true(v2 != v1);
    pm_store_close(t);
    pm_store_close(s);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roles),          cmocka_unit_test(test_names),
        cmocka_unit_test(test_secrets),        cmocka_unit_test(test_user_round_trip),
        cmocka_unit_test(test_update),         cmocka_unit_test(test_sessions),
        cmocka_unit_test(test_tokens),         cmocka_unit_test(test_login_attempts),
        cmocka_unit_test(test_data_version),
    };
    return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}

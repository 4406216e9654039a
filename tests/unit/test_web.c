/* The web layer's pure parts: the route table's matching (exact paths,
 * captures, 404 against 405 with the Allow list, HEAD read as GET by the
 * server), and the permission rule web_can over subtree ranges, role by
 * role: nobody reads or writes outside their subtree. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "web/web.h"

static const web_route *find(const char *method, const char *path, bool *known, char *allow, char **args,
                             int *nargs)
{
    return web_route_find(method, path, known, allow, 128, args, nargs);
}

static void free_args(char **args, int n)
{
    for (int i = 0; i < n; i++)
        free(args[i]);
}

static void test_routes(void **state)
{
    (void)state;
    bool known;
    char allow[128];
    char *args[4];
    int n;
    const web_route *r = find("GET", "/", &known, allow, args, &n);
    assert_non_null(r);
    assert_ptr_equal(r->handler, web_overview);
    assert_int_equal(n, 0);

    r = find("POST", "/login", &known, allow, args, &n);
    assert_non_null(r);
    assert_ptr_equal(r->handler, web_login);
    assert_int_equal(r->perm, WEB_PUBLIC);

    /* A path known for other methods: 405 with every method it answers. */
    r = find("DELETE", "/users", &known, allow, args, &n);
    assert_null(r);
    assert_true(known);
    assert_string_equal(allow, "GET, HEAD, POST");

    /* Unknown paths, including near misses. */
    const char *unknown[] = {"/nope", "/users/", "//users", "/Users", "/login/x", "", "/static"};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        r = find("GET", unknown[i], &known, allow, args, &n);
        assert_null(r);
        assert_false(known);
    }

    /* "**" captures the rest of the path, slashes included. */
    r = find("GET", "/static/style.css", &known, allow, args, &n);
    assert_non_null(r);
    assert_int_equal(n, 1);
    assert_string_equal(args[0], "style.css");
    free_args(args, n);
    r = find("GET", "/static/../plans/x", &known, allow, args, &n);
    assert_non_null(r); /* matched; static.c refuses the name */
    assert_string_equal(args[0], "../plans/x");
    free_args(args, n);

    /* Every route: a known method, a pattern from the root, a handler;
     * navigation only on GET pages. */
    size_t nr;
    const web_route *all = web_routes(&nr);
    assert_true(nr >= 7);
    for (size_t i = 0; i < nr; i++) {
        assert_true(!strcmp(all[i].method, "GET") || !strcmp(all[i].method, "POST") ||
                    !strcmp(all[i].method, "PUT") || !strcmp(all[i].method, "DELETE"));
        assert_true(all[i].pattern[0] == '/');
        assert_non_null(all[i].handler);
        if (all[i].nav)
            assert_string_equal(all[i].method, "GET");
        /* No two rows for the same method and pattern. */
        for (size_t k = 0; k < i; k++)
            assert_false(!strcmp(all[i].method, all[k].method) && !strcmp(all[i].pattern, all[k].pattern));
    }
}

/* A tree in preorder: 0 district [0,6); 1 town A [1,4) with villages 2, 3;
 * 4 town B [4,6) with village 5. */
static web_user user(pm_role role, int root, int end)
{
    web_user u;
    memset(&u, 0, sizeof u);
    u.u.role = role;
    u.root = root;
    u.end = end;
    return u;
}

static void test_can(void **state)
{
    (void)state;
    web_user admin = user(PM_ROLE_ADMIN, -1, 0);
    web_user planner = user(PM_ROLE_PLANNER, 1, 4); /* a planner placed in town A still reads all */
    web_user reviewer = user(PM_ROLE_REVIEWER, 1, 4);
    web_user reporter = user(PM_ROLE_REPORTER, 4, 6);
    web_user lost = user(PM_ROLE_REPORTER, -2, 0); /* its unit is gone from the tree */

    for (int u = 0; u < 6; u++) {
        for (int a = WEB_DO_READ; a <= WEB_DO_ADMIN; a++)
            assert_true(web_can(&admin, (web_action)a, u));
        assert_true(web_can(&planner, WEB_DO_READ, u));
        assert_false(web_can(&planner, WEB_DO_ENTER, u));
        assert_false(web_can(&planner, WEB_DO_REVIEW, u));
        assert_false(web_can(&planner, WEB_DO_ADMIN, u));
        bool in_a = u >= 1 && u < 4, in_b = u >= 4 && u < 6;
        assert_int_equal(web_can(&reviewer, WEB_DO_READ, u), in_a);
        assert_int_equal(web_can(&reviewer, WEB_DO_REVIEW, u), in_a);
        assert_int_equal(web_can(&reviewer, WEB_DO_ENTER, u), in_a); /* reviewers may correct figures */
        assert_int_equal(web_can(&reporter, WEB_DO_READ, u), in_b);
        assert_int_equal(web_can(&reporter, WEB_DO_ENTER, u), in_b);
        assert_false(web_can(&reporter, WEB_DO_REVIEW, u));
        assert_false(web_can(&reporter, WEB_DO_PLAN, u));
        assert_false(web_can(&lost, WEB_DO_READ, u));
        assert_false(web_can(&lost, WEB_DO_ENTER, u));
    }
    assert_true(web_can(&planner, WEB_DO_PLAN, -1));
    assert_false(web_can(&reviewer, WEB_DO_PLAN, -1));
    assert_true(web_can(&reporter, WEB_DO_ENTER, -1));
    assert_false(web_can(NULL, WEB_DO_READ, 0));
    web_user off = user(PM_ROLE_ADMIN, -1, 0);
    off.u.disabled = true;
    assert_false(web_can(&off, WEB_DO_READ, 0));

    /* Route permissions follow from web_can. */
    assert_true(web_perm_ok(NULL, WEB_PUBLIC));
    assert_false(web_perm_ok(NULL, WEB_LOGIN));
    assert_true(web_perm_ok(&reporter, WEB_LOGIN));
    assert_true(web_perm_ok(&reporter, WEB_ENTER));
    assert_false(web_perm_ok(&reporter, WEB_REVIEW));
    assert_false(web_perm_ok(&reporter, WEB_ADMIN));
    assert_true(web_perm_ok(&reviewer, WEB_REVIEW));
    assert_true(web_perm_ok(&planner, WEB_PLAN));
    assert_false(web_perm_ok(&planner, WEB_ADMIN));
    assert_true(web_perm_ok(&admin, WEB_ADMIN));

    assert_int_equal(web_home_unit(&reporter), 4);
    assert_int_equal(web_home_unit(&admin), 0);
    assert_int_equal(web_home_unit(&lost), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_routes),
        cmocka_unit_test(test_can),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The checks of attachments without a store (store/attach.h's
 * pm_attach_check, the setting attach-max-mb) and the naming of a task
 * update's files (store/task_attach.h): ref parsing, the unit they hang
 * off. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store/attach.h"
#include "store/task_attach.h"

static const char PDF[] = "%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n";

static pm_attach_spec spec(const char *name, const void *data, size_t size)
{
    return (pm_attach_spec){"110115", 2024, NULL, "task:RW04:3", "evidence", name, NULL, data, size, "yl1"};
}

static void test_check(void **state)
{
    (void)state;
    pm_err err = {0};
    const char *mime = NULL;
    pm_attach_spec a = spec("验收报告.pdf", PDF, sizeof PDF - 1);
    assert_true(pm_attach_check(&a, &mime, &err));
    assert_string_equal(mime, "application/pdf");

    a = spec("tool.pdf", "MZ\x90\0\3\0", 6);
    assert_false(pm_attach_check(&a, NULL, &err));
    assert_true(pm_attach_refused(&err));
    assert_non_null(strstr(err.msg, "file：文件“tool.pdf”是可执行程序"));

    a = spec("cut.pdf", "%PDF-1", 6);
    assert_false(pm_attach_check(&a, NULL, &err));
    assert_non_null(strstr(err.msg, "文件“cut.pdf”以 PDF 文件头开始"));

    a = spec("page.png", "<html></html>", 13);
    assert_false(pm_attach_check(&a, NULL, &err));
    assert_non_null(strstr(err.msg, "文件“page.png”不是 PDF"));

    a = spec("empty.pdf", "", 0);
    assert_false(pm_attach_check(&a, NULL, &err));
    assert_non_null(strstr(err.msg, "文件“empty.pdf”是空的"));

    a = spec("report.png", PDF, sizeof PDF - 1); /* a PDF named .png */
    assert_false(pm_attach_check(&a, NULL, &err));
    assert_non_null(strstr(err.msg, "的内容是PDF 文件，与扩展名不符"));

    a = spec("a.pdf", PDF, sizeof PDF - 1);
    a.who = "";
    assert_false(pm_attach_check(&a, NULL, &err));
    assert_false(pm_attach_refused(&err)); /* the caller's fault, not the file's */
}

/* The limit: 20 MB by default, 1..200 configurable, the size message
 * naming the file, its size and the limit. The bytes are never read for
 * the size check, so a short buffer with a large claimed size will do. */
static void test_limit(void **state)
{
    (void)state;
    assert_int_equal(pm_attach_max(), (size_t)20 << 20);
    pm_err err = {0};
    pm_attach_spec a = spec("big.pdf", PDF, ((size_t)21 << 20) + 15);
    assert_true(pm_attach_too_big(&a));
    assert_false(pm_attach_check(&a, NULL, &err));
    assert_string_equal(err.msg, "file：文件“big.pdf”有 21.0 MB，超过 20 MB 的上限");
    a.size = (size_t)20 << 20; /* at the limit: past the size check, on to the type */
    assert_false(pm_attach_too_big(&a));
    assert_false(pm_attach_configure_max_mb(0));
    assert_false(pm_attach_configure_max_mb(201));
    assert_int_equal(pm_attach_max(), (size_t)20 << 20); /* unchanged by a refusal */
    assert_true(pm_attach_configure_max_mb(30));
    a.size = ((size_t)21 << 20) + 15;
    assert_false(pm_attach_too_big(&a));
    assert_true(pm_attach_configure_max_mb(PM_ATTACH_MAX_MB_DEFAULT));
}

static void test_refs(void **state)
{
    (void)state;
    size_t len = 0;
    assert_int_equal(pm_task_files_update("task:RW04:42", &len), 42);
    assert_int_equal(len, 4);
    assert_int_equal(pm_task_files_update("task:A:B:7", &len), 7); /* the id is after the last colon */
    assert_int_equal(len, 3);
    assert_int_equal(pm_task_files_update("task:RW04:2024H1", NULL), 0);
    assert_int_equal(pm_task_files_update("task:RW04:", NULL), 0);
    assert_int_equal(pm_task_files_update("task::5", NULL), 0);
    assert_int_equal(pm_task_files_update("task:RW04:-5", NULL), 0);
    assert_int_equal(pm_task_files_update("task:RW04: 5", NULL), 0);
    assert_int_equal(pm_task_files_update("plan:RW04:5", NULL), 0);
    assert_int_equal(pm_task_files_update(NULL, NULL), 0);
    char p[16];
    assert_true(pm_task_files_prefix("RW04", p, sizeof p));
    assert_string_equal(p, "task:RW04:");
    assert_false(pm_task_files_prefix("A-VERY-LONG-TASK-CODE", p, sizeof p));
}

static void test_unit(void **state)
{
    (void)state;
    pm_unit u[2] = {{.code = "110115", .parent = -1}, {.code = "110115009", .parent = 0, .level = 1}};
    pm_tree tree = {u, 2, NULL, false};
    pm_task k;
    memset(&k, 0, sizeof k);
    k.duty.lead = (pm_party){false, "ylfw", NULL}; /* a department: the district */
    assert_string_equal(pm_task_files_unit(&k, &tree), "110115");
    k.duty.lead = (pm_party){true, "110115009", NULL}; /* a town: the town */
    assert_string_equal(pm_task_files_unit(&k, &tree), "110115009");
    k.duty.lead = (pm_party){true, "999", NULL}; /* a town no longer in the tree */
    assert_string_equal(pm_task_files_unit(&k, &tree), "110115");
    k.duty.lead = (pm_party){false, NULL, NULL}; /* no lead yet */
    assert_string_equal(pm_task_files_unit(&k, &tree), "110115");
    tree.n = 0;
    assert_null(pm_task_files_unit(&k, &tree));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check),
        cmocka_unit_test(test_limit),
        cmocka_unit_test(test_refs),
        cmocka_unit_test(test_unit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

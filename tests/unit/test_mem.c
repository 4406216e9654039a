/* The allocation helpers (base/mem.c) at the edge of size_t: a capacity
 * that would have to double past SIZE_MAX, or a count × size that does not
 * fit, ends the process the one out-of-memory way (pm_oom: "planmon:
 * 内存不足", status 1) instead of wrapping to a small number — the old
 * xgrow doubled a capacity to 0 and looped forever. pm_oom _Exits, so each
 * case runs in a child process and the parent reads its status and stderr. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <malloc.h>

#include "base/mem.h"

/* ASan would report a request of 2^63 bytes as an error of its own; the
 * program's answer to malloc's NULL is what is under test here. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "allocator_may_return_null=1"; }

typedef void case_fn(void);

/* Runs fn in a child with stderr to a pipe; true when the child ended with
 * status 1, pm_oom's message the last thing it wrote (ASan may warn of a
 * failed allocation before it). The alarm only turns a
 * hang (the old endless doubling) into a failure, it measures nothing. */
static bool ends_out_of_memory(case_fn *fn)
{
    int pipefd[2];
    assert_int_equal(pipe(pipefd), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(pipefd[0]);
        dup2(pipefd[1], STDERR_FILENO);
        alarm(60);
        fn();
        _exit(0); /* fn returned: no out-of-memory stop */
    }
    close(pipefd[1]);
    char msg[256] = {0};
    size_t len = 0;
    ssize_t r;
    while (len < sizeof msg - 1 && (r = read(pipefd[0], msg + len, sizeof msg - 1 - len)) > 0)
        len += (size_t)r;
    close(pipefd[0]);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    static const char oom[] = "planmon: 内存不足\n";
    return WIFEXITED(status) && WEXITSTATUS(status) == 1 && len >= sizeof oom - 1 &&
           !strcmp(msg + len - (sizeof oom - 1), oom);
}

/* need = SIZE_MAX: no power of two ≥ 8 reaches it; the doubling must stop
 * at 2^63 and refuse, never wrap. */
static void grow_to_size_max(void)
{
    size_t cap = 0;
    (void)xgrow(NULL, &cap, SIZE_MAX, 1);
}

/* A capacity already past half of size_t cannot double. */
static void grow_past_half(void)
{
    size_t cap = SIZE_MAX / 2 + 1;
    char one;
    (void)xgrow(&one, &cap, SIZE_MAX / 2 + 2, 1);
}

/* Capacity fits, bytes do not: 2^61 items of 16 bytes. */
static void grow_bytes_overflow(void)
{
    size_t cap = 0;
    (void)xgrow(NULL, &cap, (SIZE_MAX >> 3) + 1, 16);
}

/* 2^63 bytes fit in size_t but in no machine: malloc's NULL is pm_oom. */
static void grow_unallocatable(void)
{
    size_t cap = 0;
    (void)xgrow(NULL, &cap, SIZE_MAX / 2 + 1, 1);
}

static void nmalloc_overflow(void) { (void)xnmalloc(SIZE_MAX / 2 + 1, 2); }
static void pow2_overflow(void) { (void)pm_pow2_at_least(SIZE_MAX / 2 + 2); }
static void big_overflow(void) { (void)xbig(SIZE_MAX / 4 + 1, 8); }
static void big_near_the_limit(void) { (void)xbig(SIZE_MAX - 1, 1); }
static void returns_normally(void) {}

static void test_growth_refuses_at_the_limit(void **state)
{
    (void)state;
    assert_true(ends_out_of_memory(grow_to_size_max));
    assert_true(ends_out_of_memory(grow_past_half));
    assert_true(ends_out_of_memory(grow_bytes_overflow));
    assert_true(ends_out_of_memory(grow_unallocatable));
    assert_true(ends_out_of_memory(nmalloc_overflow));
    assert_true(ends_out_of_memory(pow2_overflow));
    assert_true(ends_out_of_memory(big_overflow));
    assert_true(ends_out_of_memory(big_near_the_limit));
    /* The harness itself can tell a normal return from the stop. */
    assert_false(ends_out_of_memory(returns_normally));
}

static void test_growth_below_the_limit(void **state)
{
    (void)state;
    /* Enough room already: the pointer comes back untouched, whatever the
     * capacity (no allocation is attempted). */
    size_t cap = SIZE_MAX;
    char one;
    assert_ptr_equal(xgrow(&one, &cap, SIZE_MAX, 1), &one);
    assert_int_equal(cap, SIZE_MAX);

    /* Doubling from 8 to the first power of two that holds need. */
    cap = 0;
    int *p = xgrow(NULL, &cap, 1, sizeof *p);
    assert_int_equal(cap, 8);
    p = xgrow(p, &cap, 9, sizeof *p);
    assert_int_equal(cap, 16);
    p = xgrow(p, &cap, 1000, sizeof *p);
    assert_int_equal(cap, 1024);
    p[999] = 7; /* the room is there (ASan checks) */
    free(p);

    /* The largest power of two is still a size. */
    assert_true(pm_pow2_at_least(SIZE_MAX / 2 + 1) == SIZE_MAX / 2 + 1);
    assert_int_equal(pm_pow2_at_least(0), 16);
    assert_int_equal(pm_pow2_at_least(17), 32);

    size_t out = 5;
    assert_false(pm_size_mul(SIZE_MAX, 2, &out));
    assert_int_equal(out, 5);
    assert_true(pm_size_mul(SIZE_MAX / 2, 2, &out));
    assert_true(out == SIZE_MAX - 1);
}

/* xbig: a small array as xmalloc's; a large one aligned to 2 MiB (so
 * that huge pages can back it), every byte of it usable (ASan checks). */
static void test_big_arrays(void **state)
{
    (void)state;
    double *small = xbig(1000, sizeof *small);
    small[999] = 1;
    xbig_free(small); /* xmalloc's below 4 MiB: freed */
    size_t n = (5u << 20) / sizeof(double) + 3; /* past 4 MiB, not a whole number of 2 MiB */
    double *g = xbig(n, sizeof *g);
    assert_int_equal((uintptr_t)g % (2u << 20), 0);
    for (size_t i = 0; i < n; i++)
        g[i] = (double)i;
    assert_true(g[n - 1] == (double)(n - 1));
    xbig_free(g);
    /* Kept for the next block of the same rounded size (the next
     * evaluation's grid), not for another size; NULL is nothing. */
    double *again = xbig(n - 1, sizeof *again);
    assert_ptr_equal(again, g);
    int *other = xbig((9u << 20) / sizeof(int), sizeof *other);
    assert_ptr_not_equal((void *)other, (void *)g);
    assert_int_equal((uintptr_t)other % (2u << 20), 0);
    other[0] = 1;
    xbig_free(other);
    xbig_free(again);
    xbig_free(NULL);
}

/* pm_mem_keep_freed: 64 blocks of 1 MiB, freed, stay with the process as
 * free heap (glibc would otherwise map each alone, 1 MiB being over its
 * first threshold of 128 KiB, and unmap it on free). Only where glibc's
 * allocator is the one in use: `make test` runs this file's release build
 * (build/rel/tests/test_mem) for it; under ASan, whose allocator replaces
 * glibc's, there is nothing to see. */
static void test_keeps_freed_memory(void **state)
{
    (void)state;
#if defined(__SANITIZE_ADDRESS__)
    skip();
#else
    pm_mem_keep_freed();
    enum { BLOCKS = 64, SIZE = 1 << 20 };
    char *b[BLOCKS];
    for (int i = 0; i < BLOCKS; i++) {
        b[i] = xmalloc(SIZE);
        memset(b[i], i, SIZE);
    }
    size_t before = mallinfo2().fordblks;
    for (int i = 0; i < BLOCKS; i++)
        free(b[i]);
    size_t after = mallinfo2().fordblks;
    assert_true(after - before >= (size_t)BLOCKS * SIZE);
    /* And they are what the next allocations get: no new heap. */
    size_t arena = mallinfo2().arena;
    for (int i = 0; i < BLOCKS; i++)
        b[i] = xmalloc(SIZE);
    assert_true(mallinfo2().arena == arena);
    for (int i = 0; i < BLOCKS; i++)
        free(b[i]);
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_growth_refuses_at_the_limit),
        cmocka_unit_test(test_growth_below_the_limit),
        cmocka_unit_test(test_big_arrays),
        cmocka_unit_test(test_keeps_freed_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

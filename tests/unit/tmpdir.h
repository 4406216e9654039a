/* A unit test's scratch directory, one per test binary: `tmpdir` is made
 * by the group setup (tmpdir_setup, /tmp/planmon-TMPDIR_TAG.XXXXXX) and
 * removed with everything in it by the group teardown (tmpdir_teardown).
 * Define TMPDIR_TAG (a string) before including; pass both functions to
 * cmocka_run_group_tests. */
#ifndef PM_TEST_TMPDIR_H
#define PM_TEST_TMPDIR_H
#include <stdio.h>
#include <stdlib.h>

#ifndef TMPDIR_TAG
#error "define TMPDIR_TAG before including tmpdir.h"
#endif

static char tmpdir[64];

static int tmpdir_setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/planmon-%s.XXXXXX", TMPDIR_TAG);
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int tmpdir_teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

#endif

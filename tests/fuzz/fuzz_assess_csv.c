/* libFuzzer target for the `assess` input path: CSV reader
 * (src/parse/csvread.c), row readers (src/parse/assess_in.c) and the two
 * progress methods (src/engine/pace.c, src/engine/sdg.c), in the order the
 * assess command calls them.
 *
 * Besides what the sanitizers catch it checks promises a fuzzer can check
 * without an oracle: a parsed table is rectangular with non-NULL cells and
 * rising line numbers; every error has a non-empty, terminated, valid UTF-8
 * message; each method returns a known status, and the sdg score stays in
 * DESIGN's -5…5. A broken promise aborts, which libFuzzer reports as a
 * crash. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "engine/pace.h"
#include "engine/sdg.h"
#include "parse/assess_in.h"
#include "parse/csvread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz_assess_csv: broken promise: %s\n", what);
        abort();
    }
}

static void check_err(const pm_err *err)
{
    const char *nul = memchr(err->msg, '\0', sizeof err->msg);
    require(nul != NULL, "error message is NUL-terminated");
    require(err->msg[0] != '\0', "error message is not empty");
    require(utf8_valid(err->msg, (size_t)(nul - err->msg), NULL), "error message is valid UTF-8");
    require(err->line >= 0, "error line is not negative");
}

static void check_table(const pm_csv *t)
{
    require(t->ncols > 0 && t->head != NULL, "a parsed table has a header");
    for (size_t c = 0; c < t->ncols; c++)
        require(t->head[c] != NULL, "header cells are not NULL");
    for (size_t r = 0; r < t->nrows; r++) {
        require(t->line[r] >= 1, "row lines are 1-based");
        require(r == 0 || t->line[r] > t->line[r - 1], "row lines rise");
        for (size_t c = 0; c < t->ncols; c++)
            require(pm_csv_get(t, r, (int)c) != NULL, "cells are not NULL");
    }
}

static void run_pace(const pm_csv *t)
{
    for (size_t r = 0; r < t->nrows; r++) {
        pm_pace_in in;
        pm_obs *obs = NULL;
        pm_err err;
        memset(&err, 0, sizeof err);
        if (pm_assess_pace_row(t, r, &in, &obs, &err)) {
            pm_pace_out out;
            pm_pace(&in, NULL, &out);
            require((unsigned)out.status < PM_ST_COUNT, "pace status is known");
            require(pm_status_key(out.status) != NULL, "pace status has a key");
            require(pm_status_label(out.status, out.early) != NULL, "pace status has a label");
            if (out.status == PM_ST_NO_DATA)
                require(isnan(out.value) && out.year == 0, "no_data has null fields");
            require(out.projected_met >= -1 && out.projected_met <= 1, "projected_met is 1, 0 or -1");
        } else {
            check_err(&err);
        }
        free(obs);
    }
}

static void run_sdg(const pm_csv *t)
{
    for (size_t r = 0; r < t->nrows; r++) {
        pm_sdg_in in;
        pm_err err;
        memset(&err, 0, sizeof err);
        if (pm_assess_sdg_row(t, r, &in, &err)) {
            pm_sdg_out out;
            pm_sdg(&in, &out);
            require((unsigned)out.status < PM_SDG_COUNT, "sdg status is known");
            require(pm_sdg_status_key(out.status)[0] != '\0', "sdg status has a key");
            require(isnan(out.score) || (out.score >= -5.0 && out.score <= 5.0), "sdg score is in -5..5");
            require(!isnan(out.score) || out.status == PM_SDG_NOT_AVAILABLE,
                    "a null score means not_available");
        } else {
            check_err(&err);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pm_csv t;
    pm_err err;
    memset(&err, 0, sizeof err);
    if (!pm_csv_parse((const char *)data, size, &t, &err)) {
        check_err(&err);
        require(t.head == NULL && t.cells == NULL && t.nrows == 0, "a failed parse leaves the table empty");
        return 0;
    }
    check_table(&t);

    memset(&err, 0, sizeof err);
    if (pm_assess_check_header(&t, PM_METHOD_PACE, &err))
        run_pace(&t);
    else
        check_err(&err);

    memset(&err, 0, sizeof err);
    if (pm_assess_check_header(&t, PM_METHOD_SDG, &err))
        run_sdg(&t);
    else
        check_err(&err);

    pm_csv_free(&t);
    return 0;
}

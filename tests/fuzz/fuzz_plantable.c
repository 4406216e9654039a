/* libFuzzer target for the plan-table reader (src/parse/plantable.c).
 *
 * Any bytes go to pm_plantable_parse(); beyond "no crash, no leak, no
 * undefined behaviour" (the sanitizers' job) it checks the promises of
 * plantable.h and DESIGN that a fuzzer can check without an oracle:
 * success gives a plan whose every indicator has a name, valid UTF-8
 * strings and two distinct years; failure gives a non-empty, terminated,
 * valid UTF-8 message (it reaches users and JSON) and an empty plan.
 * The same bytes, NUL-terminated, also go to the two cell helpers.
 * A broken promise aborts, which libFuzzer reports as a crash. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "parse/plantable.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz_plantable: broken promise: %s\n", what);
        abort();
    }
}

static void require_utf8(const char *s, const char *what)
{
    require(s != NULL, what);
    require(utf8_valid(s, strlen(s), NULL), what);
}

static void check_err(const pm_err *err)
{
    const char *nul = memchr(err->msg, '\0', sizeof err->msg);
    require(nul != NULL, "error message is NUL-terminated");
    require(err->msg[0] != '\0', "error message is not empty");
    require(utf8_valid(err->msg, (size_t)(nul - err->msg), NULL), "error message is valid UTF-8");
    require(err->line >= 0, "error line is not negative");
}

static void check_plan(const pm_plan *plan)
{
    require(plan->nind > 0 && plan->ind != NULL, "a parsed plan has indicators");
    require(plan->base_year != plan->target_year, "base year differs from target year");
    for (size_t i = 0; i < plan->nind; i++) {
        const pm_indicator *x = &plan->ind[i];
        require(x->no > 0, "indicator number is positive");
        require_utf8(x->code, "code is valid UTF-8");
        require_utf8(x->domain, "domain is valid UTF-8");
        if (x->subdomain)
            require_utf8(x->subdomain, "subdomain is valid UTF-8");
        require_utf8(x->name, "name is valid UTF-8");
        require(x->name[0] != '\0', "name is not empty");
        require_utf8(x->unit, "unit is valid UTF-8");
        require(x->polarity == 1 || x->polarity == -1, "polarity is +1 or -1");
        require(isnan(x->baseline) || isfinite(x->baseline), "baseline is a number or null");
        require(isnan(x->target) || isfinite(x->target), "target is a number or null");
        /* Numbers may repeat (rows under one spanning 序号); codes never. */
        for (size_t j = 0; j < i; j++)
            require(strcmp(plan->ind[j].code, x->code) != 0, "indicator codes are distinct");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pm_plan plan;
    pm_err err;
    memset(&err, 0, sizeof err);
    if (pm_plantable_parse((const char *)data, size, &plan, &err)) {
        check_plan(&plan);
        pm_plan_free(&plan);
    } else {
        check_err(&err);
        require(plan.ind == NULL && plan.nind == 0, "a failed parse leaves the plan empty");
    }

    /* The cell helpers take C strings: a copy that ends at the first NUL. */
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';

    double v;
    pm_target_op op;
    bool cumulative;
    if (pm_plantable_value(s, &v, &op, &cumulative)) {
        require(isnan(v) || isfinite(v), "a cell value is a number or null");
        require(op == PM_OP_EQ || op == PM_OP_GE || op == PM_OP_LE, "target_op is known");
    }

    char *name = NULL, *unit = NULL;
    pm_plantable_split_unit(s, &name, &unit);
    require(name != NULL && unit != NULL, "split_unit fills both strings");
    require(strlen(name) + strlen(unit) <= strlen(s), "split_unit does not grow the text");
    if (utf8_valid(s, strlen(s), NULL)) {
        require_utf8(name, "split name is valid UTF-8");
        require_utf8(unit, "split unit is valid UTF-8");
    }
    free(name);
    free(unit);
    free(s);
    return 0;
}

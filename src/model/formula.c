#include "model/formula.h"

#include <stdlib.h>

/* The formula owns its node array and nothing else (no strings: elements
 * are held by index), so one free releases it. Leaves f empty, so a second
 * call, or a call on a formula a failed parse left empty, is harmless. */
void pm_formula_free(pm_formula *f)
{
    if (!f)
        return;
    free(f->node);
    f->node = NULL;
    f->n = 0;
}

void pm_formulas_free(pm_formula *f, size_t n)
{
    for (size_t i = 0; f && i < n; i++)
        pm_formula_free(&f[i]);
    free(f);
}

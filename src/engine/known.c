#include "engine/known.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

void pm_known_init(pm_known *k, size_t expected)
{
    memset(k, 0, sizeof *k);
    u64map_init(&k->at, expected);
}

void pm_known_add(pm_known *k, int elem, int unit, int year, double value, int state, const char *comment)
{
    size_t cap = k->cap;
    k->value = xgrow(k->value, &cap, k->n + 1, sizeof *k->value);
    cap = k->cap;
    k->state = xgrow(k->state, &cap, k->n + 1, sizeof *k->state);
    cap = k->cap;
    k->comment = xgrow(k->comment, &cap, k->n + 1, sizeof *k->comment);
    cap = k->cap;
    k->estimate = xgrow(k->estimate, &cap, k->n + 1, sizeof *k->estimate);
    k->cap = cap;
    k->estimate[k->n] = 0;
    k->value[k->n] = value;
    k->state[k->n] = state;
    k->comment[k->n] = comment ? xstrdup(comment) : NULL;
    u64map_put(&k->at, pm_key(elem, unit, year), k->n);
    k->n++;
}

void pm_known_set_estimate(pm_known *k, long i)
{
    if (i >= 0 && (size_t)i < k->n)
        k->estimate[i] = 1;
}

long pm_known_find(const pm_known *k, int elem, int unit, int year)
{
    size_t i;
    return u64map_get(&k->at, pm_key(elem, unit, year), &i) ? (long)i : -1;
}

void pm_known_free(pm_known *k)
{
    for (size_t i = 0; i < k->n; i++)
        free(k->comment[i]);
    free(k->comment);
    u64map_free(&k->at);
    free(k->value);
    free(k->state);
    free(k->estimate);
    memset(k, 0, sizeof *k);
}


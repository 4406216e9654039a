/* Releasing the user records (user_types.h). Here, below both the store
 * front (users.c) and the backends (sqlite_users.c, sqlite_tokens.c,
 * sqlite_audit.c), because both sides free them: a backend frees the rows
 * it filled when a listing fails half-way. */
#include "store/user_types.h"

#include <stdlib.h>
#include <string.h>

void pm_user_clear(pm_user *u)
{
    if (!u)
        return;
    free(u->name);
    free(u->display);
    free(u->unit);
    free(u->unit_name);
    free(u->dept);
    free(u->dept_name);
    free(u->created_at);
    memset(u, 0, sizeof *u);
}

void pm_users_free(pm_user *u, size_t n)
{
    for (size_t i = 0; i < n; i++)
        pm_user_clear(&u[i]);
    free(u);
}

void pm_tokens_free(pm_token *t, size_t n)
{
    for (size_t i = 0; t && i < n; i++) {
        free(t[i].id);
        free(t[i].user);
        free(t[i].label);
        free(t[i].created_at);
    }
    free(t);
}

void pm_audits_free(pm_audit *a, size_t n)
{
    for (size_t i = 0; a && i < n; i++) {
        free(a[i].at);
        free(a[i].actor);
        free(a[i].action);
        free(a[i].target);
        free(a[i].detail);
        free(a[i].ip);
    }
    free(a);
}

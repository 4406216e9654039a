/* Binding parameters by name and reading columns, for the SQLite backend's
 * files (sqlite_store.c, sqlite_users.c). Internal to src/store/. Each bind
 * does nothing once *rc holds an error, so a run of binds is checked once
 * at the end; a parameter name the statement does not have is a bug,
 * reported as SQLITE_RANGE. Bound text is borrowed (SQLITE_STATIC): the
 * caller keeps it alive until the statement is reset. */
#ifndef PM_SQLITE_BIND_H
#define PM_SQLITE_BIND_H
#include <sqlite3.h>
#include <stddef.h>

void sq_bind_text(sqlite3_stmt *st, const char *name, const char *v, int *rc); /* NULL → NULL */
void sq_bind_blob(sqlite3_stmt *st, const char *name, const void *v, size_t n, int *rc); /* borrowed bytes */
void sq_bind_int(sqlite3_stmt *st, const char *name, long long v, int *rc);
void sq_bind_real(sqlite3_stmt *st, const char *name, double v, int *rc); /* NaN → NULL */
void sq_bind_null(sqlite3_stmt *st, const char *name, int *rc);
/* NULL comes back as NaN. */
double sq_col_real(sqlite3_stmt *st, int i);
/* A malloc'd copy of a text column (the caller frees it), NULL for NULL. */
char *sq_col_dup(sqlite3_stmt *st, int i);

#endif

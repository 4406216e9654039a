#include "store/sqlite_bind.h"

#include <math.h>

#include "base/mem.h"

static int param(sqlite3_stmt *st, const char *name, int *rc)
{
    if (*rc != SQLITE_OK)
        return 0;
    int i = sqlite3_bind_parameter_index(st, name);
    if (!i)
        *rc = SQLITE_RANGE;
    return i;
}

void sq_bind_text(sqlite3_stmt *st, const char *name, const char *v, int *rc)
{
    int i = param(st, name, rc);
    if (i)
        *rc = v ? sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
}

void sq_bind_blob(sqlite3_stmt *st, const char *name, const void *v, size_t n, int *rc)
{
    int i = param(st, name, rc);
    if (i)
        *rc = sqlite3_bind_blob64(st, i, v ? v : "", (sqlite3_uint64)n, SQLITE_STATIC);
}

void sq_bind_int(sqlite3_stmt *st, const char *name, long long v, int *rc)
{
    int i = param(st, name, rc);
    if (i)
        *rc = sqlite3_bind_int64(st, i, v);
}

void sq_bind_real(sqlite3_stmt *st, const char *name, double v, int *rc)
{
    int i = param(st, name, rc);
    if (i)
        *rc = isnan(v) ? sqlite3_bind_null(st, i) : sqlite3_bind_double(st, i, v);
}

void sq_bind_null(sqlite3_stmt *st, const char *name, int *rc)
{
    int i = param(st, name, rc);
    if (i)
        *rc = sqlite3_bind_null(st, i);
}

double sq_col_real(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

char *sq_col_dup(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? xstrdup((const char *)t) : NULL;
}

/* The PostgreSQL schema and its versions (pg_schema.c). Internal to
 * src/store/. */
#ifndef PM_PG_SCHEMA_H
#define PM_PG_SCHEMA_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "store/pg_conn.h"

/* The newest schema version this binary knows (SQLite's numbering). */
int pm_pg_schema_latest(void);
/* Whether the schema `planmon` is there: 1, 0, or -1 with err set. */
int pg_schema_present(pgs *p, pm_err *err);
/* Whether planmon's data is there (pm_store_exists): 1 with its version
 * in *version, 0 when there is no schema `planmon`, -1 with err set when
 * that cannot be told or a schema `planmon` is there that is not
 * planmon's (no meta table: another program's), is damaged (no valid
 * version) or is newer than this binary: not opened (only demo --force
 * replaces it). */
int pg_schema_state(pgs *p, int *version, pm_err *err);
/* Creates the schema at the latest version in one transaction; refuses
 * when it is there already. */
bool pg_schema_create(pgs *p, pm_err *err);
/* Reads the version of an existing schema into p->version and, when
 * migrate, brings an older one forward; refuses a newer one. */
bool pg_schema_vet(pgs *p, bool migrate, pm_err *err);
/* A reference that a statement trigger checks instead of a foreign key
 * (migrations 18 and 21): rows of `from` name rows of `to`. The catalog
 * does not list these, so planmon copy reads them here to know which table
 * to write first. */
typedef struct pm_pg_ref {
    const char *from, *to;
} pm_pg_ref;
/* The schema's trigger-checked references, *n of them (static, not freed). */
const pm_pg_ref *pm_pg_trigger_refs(size_t *n);
/* Removes the schema with everything in it. */
bool pg_schema_drop(pgs *p, pm_err *err);

#endif

/* Which tables move the data generation (pm_store_data_generation), on
 * both backends: their triggers are made for every table but these
 * (sqlite_datagen.c, pg_schema.c's pg_datagen_install), after every
 * migration, so that a table a later migration adds is covered without a
 * line anywhere. */
#include <string.h>

#include "store/store_backend.h"

/* Tables whose writes leave the data generation alone:
 * - the auth tables: who is logged in changes nothing a page computes
 *   from the data (a page's user-dependent parts are drawn per request);
 * - value_history and value_batch: appended only together with their
 *   data_value rows, in the same transaction, which already changes the
 *   number (and a trigger there would double the cost per imported row);
 * - data_gen itself, and PostgreSQL's data_gen_pending (pg_schema.c,
 *   version 16), whose rows are the data generation's own bookkeeping;
 * - SQLite's value_block and value_block_meta (sqlite_blocks.c): a copy of
 *   data_value's figures that says itself which generation it matches;
 *   writing it must not move the number it is checked against. */
static const char *const exempt[] = {
    "users", "sessions", "api_tokens", "login_attempts", "audit_log", "value_history", "value_batch", "data_gen", "data_gen_pending",
    "value_block", "value_block_meta",
};

bool pm_data_gen_exempt(const char *table)
{
    for (size_t i = 0; i < sizeof exempt / sizeof exempt[0]; i++)
        if (!strcmp(exempt[i], table))
            return true;
    return false;
}

/* The SQLite schema as forward migrations. Internal to src/store/ (and to
 * the store's tests, which build old versions on purpose). */
#ifndef PM_SQLITE_SCHEMA_H
#define PM_SQLITE_SCHEMA_H

/* pm_sqlite_migrations[i] takes a database from version i to version i+1
 * (PRAGMA user_version). Each is one static script with no parameters; the
 * runner applies them in one transaction and sets user_version itself. */
extern const char *const pm_sqlite_migrations[];
extern const int pm_sqlite_schema_latest; /* number of migrations */

/* PRAGMA application_id of a planmon database ('PMON'), set by migration 1:
 * tells a planmon file from any other SQLite file. */
#define PM_SQLITE_APP_ID 0x504D4F4E

/* The version that gave data_value its estimate column: a file opened
 * read-only as it is, at an older version, is read without it. */
#define PM_SQLITE_V_ESTIMATE 10
/* The version that gave figures their review level (review_level). */
#define PM_SQLITE_V_LEVELS 12
/* The version that gave the figures their packed blocks (sqlite_blocks.c). */
#define PM_SQLITE_V_BLOCKS 19
/* The version that moved an import's who/when/why to value_batch: older
 * files opened read-only are read without it. */
#define PM_SQLITE_V_BATCH 21

#endif

/* planmon copy: a whole database from one backend to another (SQLite ⇄
 * PostgreSQL), table by table, every row as it is (ids, history, users,
 * attachments), into a target that is created for it, in one transaction,
 * each table checked by its row count and a checksum of its rows read back
 * from the target.
 *
 * Rows travel as canonical lines (copy_line.h). The checksum of a table is
 * order-free: the sum, lane by lane (4 × 64 bits), of each line's
 * BLAKE2b-256 hash, so the two backends may return rows in any order. */
#ifndef PM_COPY_H
#define PM_COPY_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "store/store.h"

/* One table's outcome. */
typedef struct pm_copy_count {
    char *name;
    unsigned long long rows;
    char sum[65]; /* the checksum, hex */
} pm_copy_count;

/* Copies everything of from into to, a database created for it and still
 * empty (pm_store_create), in one transaction of to's: tables in an
 * order their foreign keys allow, each checked (count and checksum read
 * back equal the source's). On success *out (malloc'd, *n entries; free
 * with pm_copy_counts_free) has each table's count and checksum. On
 * failure nothing of the copy stays in to (the transaction is rolled
 * back), err names the table and what failed. from and to must have the
 * same schema version. */
bool pm_store_copy(pm_store *from, pm_store *to, pm_copy_count **out, size_t *n, pm_err *err);
void pm_copy_counts_free(pm_copy_count *c, size_t n);

#endif

/* The PostgreSQL backend of the store (store_backend.h): opening and
 * closing, where a database is (exists, create, destroy), transactions,
 * the change signal, and the table of functions. The statements live with
 * their concept: pg_plan.c (the plan and the plan set), pg_values.c
 * (units, figures, history, targets), pg_users.c (users and sessions); the
 * schema in pg_schema.c; the rest in pg_work.h's and pg_collect.h's files,
 * and pg_maint.c (check, backup, restore). */
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "store/pg_backend.h"
#include "store/pg_conn.h"
#include "store/pg_schema.h"
#include "store/copy_backend.h"
#include "store/store_backend.h"

/* ---- where: exists, destroy --------------------------------------------------------- */

/* A connection to where with planmon's schema first on the search path. */
static pgs *connect_to(const char *where, pm_err *err)
{
    pgs *p = xcalloc(1, sizeof *p);
    p->c = pg_connect(where, &p->where, err);
    if (!p->c || !pg_exec(p, "SET search_path = planmon, pg_catalog", err, "设置 PostgreSQL 连接失败")) {
        pg_conn_free(p);
        return NULL;
    }
    return p;
}

static int pg_exists(const char *where, pm_err *err)
{
    pgs *p = connect_to(where, err);
    int version;
    int there = p ? pg_schema_state(p, &version, err) : -1;
    pg_conn_free(p);
    return there;
}

static bool pg_destroy(const char *where, pm_err *err)
{
    pgs *p = connect_to(where, err);
    bool ok = p && pg_schema_drop(p, err);
    pg_conn_free(p);
    return ok;
}

/* ---- opening, closing ------------------------------------------------------------------ */

static void *pg_open(const char *where, pm_open_mode mode, pm_err *err)
{
    pgs *p = connect_to(where, err);
    if (!p)
        return NULL;
    bool ok = mode == PM_STORE_CREATE ? pg_schema_create(p, err) : pg_schema_vet(p, mode == PM_STORE_OPEN, err);
    /* Read-only opens: the server refuses every write of this session. */
    if (ok && mode == PM_STORE_READ) {
        p->read_only = true;
        ok = pg_exec(p, "SET default_transaction_read_only = on", err, "设置只读连接失败");
    }
    if (!ok) {
        pg_conn_free(p);
        return NULL;
    }
    return p;
}

static void pg_close(void *impl)
{
    pg_conn_free(impl); /* PQfinish: the server rolls back an open transaction */
}

static int pg_version(void *impl)
{
    return ((pgs *)impl)->version;
}

static int pg_version_latest(void)
{
    return pm_pg_schema_latest();
}

/* ---- transactions -------------------------------------------------------------------- */

static bool pg_begin(void *impl, pm_err *err)
{
    pgs *p = impl;
    if (PQtransactionStatus(p->c) != PQTRANS_IDLE) {
        pm_err_set(err, 0, "数据库 %s 已有进行中的事务", p->where);
        return false;
    }
    return pg_exec(p, "BEGIN", err, "开始事务");
}

static bool pg_commit(void *impl, pm_err *err)
{
    pgs *p = impl;
    PGTransactionStatusType t = PQtransactionStatus(p->c);
    if (t == PQTRANS_IDLE) {
        pm_err_set(err, 0, "数据库 %s 没有进行中的事务（可能已因出错回滚）", p->where);
        return false;
    }
    if (t == PQTRANS_INERROR) {
        pm_err ignored = {0};
        pg_exec(p, "ROLLBACK", &ignored, "回滚事务");
        pm_err_set(err, 0, "数据库 %s 的事务已因出错回滚", p->where);
        return false;
    }
    return pg_exec(p, "COMMIT", err, "提交事务");
}

static void pg_rollback(void *impl)
{
    pgs *p = impl;
    pm_err ignored = {0};
    if (PQtransactionStatus(p->c) != PQTRANS_IDLE)
        pg_exec(p, "ROLLBACK", &ignored, "回滚事务");
}

/* ---- the change signal ------------------------------------------------------------------ */

/* Every table's statement trigger notifies planmon_changes (pg_schema.c);
 * this connection listens from its first call on and counts what arrived.
 * Notifications of its own commits count too: a cache rebuilt once too
 * often, never a stale one. */
static bool pg_changes(void *impl, long long *v, pm_err *err)
{
    pgs *p = impl;
    if (!p->listening) {
        if (!pg_exec(p, "LISTEN planmon_changes", err, "订阅数据库变更通知失败"))
            return false;
        p->listening = true;
    }
    /* One read for both: what came (the notifications among it), and
     * whether the server ended the session meanwhile (the caller then
     * reconnects, pm_store_lost without reading again). */
    if (pg_lost(p)) {
        pg_fail(p, err, "读取数据库变更通知失败");
        return false;
    }
    for (PGnotify *n; (n = PQnotifies(p->c)) != NULL; PQfreemem(n))
        p->changes++;
    *v = p->changes;
    return true;
}

/* The data generation (pg_schema.c, version 16): table data_gen's number,
 * rewritten once by every transaction that wrote data, as it commits.
 * Read with a query, not from notifications: a writer that reads it right
 * after its own commit sees its own write (the notifications of that
 * commit may still be on their way). */
static bool pg_data_generation(void *impl, long long *gen, pm_err *err)
{
    static const char SQL[] = "SELECT n FROM data_gen WHERE id = 1";
    pgs *p = impl;
    PGresult *r = pg_run(p, SQL, NULL, err, "读取数据版本失败");
    if (!r)
        return false;
    *gen = PQntuples(r) ? pg_int(r, 0, 0) : 0;
    PQclear(r);
    return true;
}

static bool pg_is_lost(void *impl)
{
    return pg_lost(impl);
}

const pm_store_ops pm_pg_store_ops = {
    .name = "postgresql",
    .open = pg_open,
    .exists = pg_exists,
    .destroy = pg_destroy,
    .changes = pg_changes,
    .lost = pg_is_lost,
    .data_generation = pg_data_generation,
    .close = pg_close,
    .version = pg_version,
    .version_latest = pg_version_latest,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .put_plan = pg_put_plan,
    .get_plan = pg_get_plan,
    .has_plan = pg_has_plan,
    .put_units = pg_put_units,
    .get_units = pg_get_units,
    .set_value = pg_set_value,
    .scan_values = pg_scan_values,
    .write_values = pg_write_values,
    .transition = pg_transition,
    .list_values = pg_list_values,
    .history = pg_history,
    .put_targets = pg_put_targets,
    .get_targets = pg_get_targets,
    .check = pg_check,
    .backup = pg_backup,
    .restore = pg_restore,
    .users = &pm_pg_user_ops,
    .collect = &pm_pg_collect_ops,
    .work = &pm_pg_work_ops,
    .plans = &pm_pg_plan_ops,
    .copy = &pm_pg_copy_ops,
};

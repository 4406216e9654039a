/* The PostgreSQL backend's connection, statements, units of work and the
 * lookups every pg_*.c file shares (pg_conn.h). */
#include "store/pg_conn.h"

#include <math.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "base/clock.h"
#include "base/mem.h"
#include "store/store.h"
#include "store/store_backend.h"

/* ---- connecting ----------------------------------------------------------------- */

/* Chinese for why a connection failed, from libpq's own message. */
static void connect_failed(PGconn *c, const char *shown, pm_err *err)
{
    const char *why = c ? PQerrorMessage(c) : "内存不足";
    char line[400];
    snprintf(line, sizeof line, "%s", why);
    line[strcspn(line, "\n")] = '\0';
    if (strstr(why, "does not exist") && strstr(why, "database"))
        pm_err_set(err, 0, "PostgreSQL 服务器上没有这个数据库：%s（先用 createdb 建库）", shown);
    else if (c && (strstr(why, "password authentication failed") || strstr(why, "no password supplied") ||
                   PQconnectionNeedsPassword(c)))
        pm_err_set(err, 0, "无法登录 PostgreSQL 数据库 %s：用户名或密码错误（%s）", shown, line);
    else
        pm_err_set(err, 0, "无法连接 PostgreSQL 服务器 %s：服务器未运行或地址有误（%s）", shown, line);
    pm_store_note_unavailable();
}

/* Drops a server notice (PQsetNoticeProcessor ignores a NULL processor). */
static void ignore_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

PGconn *pg_connect(const char *where, char **shown, pm_err *err)
{
    *shown = pm_store_shown(where);
    /* libpq waits for an unreachable host as long as TCP does (minutes),
     * and a server reconnecting after an outage would hang a request that
     * long: 10 s unless PGCONNECT_TIMEOUT or the URI's connect_timeout
     * (expanded after ours, so it wins) says otherwise. */
    const char *timeout = getenv("PGCONNECT_TIMEOUT");
    const char *const keys[] = {"connect_timeout", "dbname", NULL};
    const char *const vals[] = {timeout && *timeout ? timeout : "10", where, NULL};
    PGconn *c = PQconnectdbParams(keys, vals, 1);
    if (!c || PQstatus(c) != CONNECTION_OK) {
        connect_failed(c, *shown, err);
        PQfinish(c);
        return NULL;
    }
    /* Messages from the server stay out of the user's terminal: errors
     * come back through err, notices (IF NOT EXISTS …) are noise. */
    PQsetNoticeProcessor(c, ignore_notice, NULL);
    return c;
}

void pg_conn_free(pgs *p)
{
    if (!p)
        return;
    PQfinish(p->c);
    if (p->by_sql.cap)
        u64map_free(&p->by_sql);
    free(p->where);
    free(p);
}

/* ---- parameters ------------------------------------------------------------------ */

void pg_arg_text(pg_args *a, const char *v)
{
    if (a->n < (int)(sizeof a->v / sizeof a->v[0]))
        a->v[a->n] = v;
    a->n++;
}

void pg_arg_int(pg_args *a, long long v)
{
    if (a->n < (int)(sizeof a->v / sizeof a->v[0])) {
        snprintf(a->num[a->n], sizeof a->num[a->n], "%lld", v);
        a->v[a->n] = a->num[a->n];
    }
    a->n++;
}

void pg_arg_real(pg_args *a, double v)
{
    if (isnan(v) || a->n >= (int)(sizeof a->v / sizeof a->v[0])) {
        pg_arg_text(a, NULL);
        return;
    }
    snprintf(a->num[a->n], sizeof a->num[a->n], "%.17g", v);
    a->v[a->n] = a->num[a->n];
    a->n++;
}

void pg_arg_id(pg_args *a, long id)
{
    if (id)
        pg_arg_int(a, id);
    else
        pg_arg_text(a, NULL);
}

/* ---- statements ------------------------------------------------------------------ */

/* Whether a failure means the session is gone: libpq lost the connection,
 * or the server ended it (class 08: connection exception; 57P01–57P05:
 * shut down, crashed, starting up, database dropped, idle timeout). */
static bool session_gone(pgs *p, const PGresult *r)
{
    if (PQstatus(p->c) != CONNECTION_OK)
        return true;
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    return state && (!strncmp(state, "08", 2) || !strncmp(state, "57P", 3));
}

void pg_fail_result(pgs *p, const PGresult *r, pm_err *err, const char *what)
{
    const char *primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    char line[400];
    snprintf(line, sizeof line, "%s", primary ? primary : PQerrorMessage(p->c));
    line[strcspn(line, "\n")] = '\0';
    if (!session_gone(p, r)) {
        pm_err_set(err, 0, "%s：%s", what, line);
        return;
    }
    /* The server rolls back a transaction whose session ends: whatever
     * this connection had not committed is not in the database. */
    p->lost = true;
    pm_store_note_ended();
    pm_err_set(err, 0, "%s：与 PostgreSQL 数据库 %s 的连接中断（%s），尚未提交的修改均未写入", what, p->where,
               line);
}

void pg_fail(pgs *p, pm_err *err, const char *what)
{
    pg_fail_result(p, NULL, err, what);
}

bool pg_lost(pgs *p)
{
    /* A server that ends an idle session (pg_terminate_backend, a
     * shutdown) sends its reason and closes the socket; libpq notices only
     * when it reads. Read while the socket has something: the first read
     * may stop after the message, the next then meets the end of the
     * stream. Nothing waits, and an idle connection with nothing sent (the
     * usual case: called per request) costs one poll, no read. A
     * notification read here is kept for PQnotifies. */
    for (int i = 0; i < 4 && !p->lost && PQstatus(p->c) == CONNECTION_OK; i++) {
        struct pollfd fd = {.fd = PQsocket(p->c), .events = POLLIN};
        if (PQtransactionStatus(p->c) != PQTRANS_IDLE || poll(&fd, 1, 0) <= 0 || !PQconsumeInput(p->c))
            break;
    }
    if (PQstatus(p->c) != CONNECTION_OK)
        p->lost = true;
    return p->lost;
}

/* The name of sql's prepared statement, preparing it on first use. */
static bool prepared(pgs *p, const char *sql, char *name, size_t cap, int nargs, pm_err *err, const char *what)
{
    uint64_t key = (uint64_t)(uintptr_t)sql;
    size_t i;
    if (!p->by_sql.cap)
        u64map_init(&p->by_sql, 64);
    bool known = u64map_get(&p->by_sql, key, &i);
    if (!known)
        i = p->nstmts;
    snprintf(name, cap, "pm%zu", i);
    if (known)
        return true;
    (void)nargs;
    PGresult *r = PQprepare(p->c, name, sql, 0, NULL);
    bool ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok)
        pg_fail_result(p, r, err, what);
    PQclear(r);
    if (ok) {
        u64map_put(&p->by_sql, key, i);
        p->nstmts++;
    }
    return ok;
}

PGresult *pg_run(pgs *p, const char *sql, const pg_args *args, pm_err *err, const char *what)
{
    char name[32];
    int n = args ? args->n : 0;
    if (!prepared(p, sql, name, sizeof name, n, err, what))
        return NULL;
    PGresult *r = PQexecPrepared(p->c, name, n, args ? args->v : NULL, NULL, NULL, 0);
    ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
        return r;
    pg_fail_result(p, r, err, what);
    PQclear(r);
    return NULL;
}

bool pg_each(pgs *p, const char *sql, const pg_args *args, bool (*row)(void *ctx, const PGresult *r), void *ctx,
             pm_err *err, const char *what)
{
    char name[32];
    int n = args ? args->n : 0;
    if (!prepared(p, sql, name, sizeof name, n, err, what))
        return false;
    if (!PQsendQueryPrepared(p->c, name, n, args ? args->v : NULL, NULL, NULL, 0)) {
        pg_fail(p, err, what);
        return false;
    }
    PQsetSingleRowMode(p->c);
    bool ok = true, go = true;
    PGresult *r;
    /* Every result is read, to the end, whatever row said: the connection
     * takes no other statement before. */
    while ((r = PQgetResult(p->c)) != NULL) {
        ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_SINGLE_TUPLE) {
            go = go && row(ctx, r);
        } else if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK && ok) {
            pg_fail_result(p, r, err, what);
            ok = false;
        }
        PQclear(r);
    }
    return ok;
}

bool pg_do(pgs *p, const char *sql, const pg_args *args, pm_err *err, const char *what)
{
    PGresult *r = pg_run(p, sql, args, err, what);
    PQclear(r);
    return r != NULL;
}

bool pg_exec(pgs *p, const char *sql, pm_err *err, const char *what)
{
    PGresult *r = PQexec(p->c, sql);
    ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
    if (!ok)
        pg_fail_result(p, r, err, what);
    PQclear(r);
    return ok;
}

/* ---- columns -------------------------------------------------------------------- */

bool pg_null(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) != 0;
}

char *pg_dup(const PGresult *r, int row, int col)
{
    return pg_null(r, row, col) ? NULL : xstrdup(PQgetvalue(r, row, col));
}

char *pg_dup0(const PGresult *r, int row, int col)
{
    return xstrdup(PQgetvalue(r, row, col)); /* "" for NULL */
}

long long pg_int(const PGresult *r, int row, int col)
{
    return pg_null(r, row, col) ? 0 : strtoll(PQgetvalue(r, row, col), NULL, 10);
}

double pg_real(const PGresult *r, int row, int col)
{
    return pg_null(r, row, col) ? NAN : strtod(PQgetvalue(r, row, col), NULL);
}

/* ---- units of work ---------------------------------------------------------------- */

bool pg_work_begin(pgs *p, bool *outer, pm_err *err)
{
    *outer = PQtransactionStatus(p->c) == PQTRANS_IDLE;
    return pg_exec(p, *outer ? "BEGIN" : "SAVEPOINT pm_work", err, "开始事务");
}

bool pg_work_end(pgs *p, bool outer, bool ok, pm_err *err)
{
    if (ok && pg_exec(p, outer ? "COMMIT" : "RELEASE pm_work", err, "提交事务"))
        return true;
    pm_err ignored = {0};
    if (outer)
        pg_exec(p, "ROLLBACK", &ignored, "回滚事务");
    else if (pg_exec(p, "ROLLBACK TO pm_work", &ignored, "回滚到保存点"))
        pg_exec(p, "RELEASE pm_work", &ignored, "释放保存点");
    return false;
}

/* ---- time, codes, the plan in use --------------------------------------------------- */

const char *pg_clock(int offset, char *out, size_t cap)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    time_t t = tv.tv_sec + offset;
    struct tm tm;
    gmtime_r(&t, &tm);
    char day[24];
    strftime(day, sizeof day, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out, cap, "%s.%03dZ", day, (int)(tv.tv_usec / 1000));
    return out;
}

const char *pg_now(char *out, size_t cap)
{
    time_t t;
    return pm_clock_fixed(&t) ? pm_clock_iso(t, out, cap) : pg_clock(0, out, cap);
}

static const char SQL_UNIT_ID[] = "SELECT id FROM org_unit WHERE code = $1";
static const char SQL_ELEM_ID[] = "SELECT id FROM element WHERE code = $1";

/* pg_has_row, with "not found" an error naming the code too. */
static int find_id(pgs *p, const char *sql, const char *code, long *id, pm_err *err, const char *unknown)
{
    int found = pg_has_row(p, sql, code, id, err);
    if (found == 0)
        pm_err_set(err, 0, "%s：%s", unknown, code);
    return found;
}

int pg_find_unit(pgs *p, const char *code, long *id, pm_err *err)
{
    return find_id(p, SQL_UNIT_ID, code, id, err, "未知组织机构");
}

int pg_find_element(pgs *p, const char *code, long *id, pm_err *err)
{
    return find_id(p, SQL_ELEM_ID, code, id, err, "未知数据项");
}

static const char SQL_DEFAULT[] = "SELECT id FROM plan ORDER BY is_default DESC, id LIMIT 1";

bool pg_plan_id(pgs *p, long *id, pm_err *err)
{
    if (p->plan_id > 0) {
        *id = p->plan_id;
        return true;
    }
    PGresult *r = pg_run(p, SQL_DEFAULT, NULL, err, "读取规划失败");
    if (!r)
        return false;
    *id = PQntuples(r) ? (long)pg_int(r, 0, 0) : 0;
    PQclear(r);
    return true;
}

/* ---- small helpers of the pg_*.c files ---------------------------------------------------- */

int pg_has_row(pgs *p, const char *sql, const char *code, long *id, pm_err *err)
{
    pg_args a = {0};
    pg_arg_text(&a, code);
    PGresult *r = pg_run(p, sql, &a, err, "查找代码失败");
    if (!r)
        return -1;
    int found = PQntuples(r) > 0;
    if (found && id)
        *id = (long)pg_int(r, 0, 0);
    PQclear(r);
    return found;
}

long pg_changed(PGresult *r)
{
    return strtol(PQcmdTuples(r), NULL, 10);
}

void *pg_rows_grow(void *items, size_t n, size_t add, size_t size)
{
    if (!add)
        return items; /* no rows: an empty list stays NULL, as sq_collect leaves it */
    char *out = xnrealloc(items, n + add ? n + add : 1, size);
    memset(out + n * size, 0, add * size);
    return out;
}

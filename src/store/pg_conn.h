/* The PostgreSQL backend's connection and the helpers every pg_*.c file
 * shares. Internal to src/store/.
 *
 * Statements: each file keeps its SQL as constants next to the code that
 * runs it; pg_run prepares one on first use (PQprepare, named after its
 * slot) and keeps it for the life of the connection, keyed by the
 * constant's address. Data reaches SQL only as parameters ($1 …), sent as
 * text: numbers as "%.17g" (exact both ways), NULL for none.
 *
 * Units of work, as in SQLite's backend: a call that writes runs in a
 * transaction of its own when the caller holds none, and in a SAVEPOINT
 * inside pm_store_begin/commit, so that a failed call leaves the caller's
 * transaction usable.
 *
 * Where: a libpq connection URI (postgresql://user@host/db?…); PG*
 * environment variables and the service file fill in what it leaves out.
 * planmon's tables live in the schema `planmon` of that database. */
#ifndef PM_PG_CONN_H
#define PM_PG_CONN_H
#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "base/u64map.h"

typedef struct pgs {
    PGconn *c;
    char *where;  /* the URI without a password, for messages; owned */
    int version;  /* schema version after opening (and migrating) */
    bool read_only;
    long plan_id; /* as sq's: 0 is the database's default plan */
    u64map by_sql; /* SQL address → prepared statement number */
    size_t nstmts;
    bool lost;         /* the connection broke or the server ended it (pg_lost) */
    bool listening;    /* LISTEN issued (the change signal) */
    long long changes; /* notifications received so far */
} pgs;

/* Connects to where: NULL with a Chinese err (server unreachable, wrong
 * password, no such database) on failure. The caller frees *shown. */
PGconn *pg_connect(const char *where, char **shown, pm_err *err);
void pg_conn_free(pgs *p);

/* The parameters of one statement as text; NULL entries are SQL NULL. */
typedef struct pg_args {
    const char *v[32];
    char num[32][32];
    int n;
} pg_args;
void pg_arg_text(pg_args *a, const char *v);
void pg_arg_int(pg_args *a, long long v);
/* NaN is NULL. */
void pg_arg_real(pg_args *a, double v);
/* 0 is NULL (a filter's "any", an absent id). */
void pg_arg_id(pg_args *a, long id);

/* Runs sql (prepared on first use) with args (NULL: none). Returns the
 * result (PQclear it) when it is a command or rows; NULL with err set to
 * "<what>：<the server's message>" otherwise. */
PGresult *pg_run(pgs *p, const char *sql, const pg_args *args, pm_err *err, const char *what);
/* pg_run for statements whose rows are not needed. */
bool pg_do(pgs *p, const char *sql, const pg_args *args, pm_err *err, const char *what);
/* Runs sql as pg_run does and hands each row to row(ctx, r) as it arrives
 * (libpq's single-row mode): a listing of tens of millions of rows is
 * never held whole (pg_run's result would be, ~150 bytes a row). r holds
 * that one row (row 0) and is freed after the call; row must not use the
 * connection (it is busy until the last row). Once row returns false the
 * rest are read and dropped. False with err set when the statement failed,
 * possibly after some rows were handed out. */
bool pg_each(pgs *p, const char *sql, const pg_args *args, bool (*row)(void *ctx, const PGresult *r), void *ctx,
             pm_err *err, const char *what);
/* Sets err to "<what>：<the server's message, else the first line of
 * libpq's last error>" for a failed call whose result is r (NULL: none).
 * When the connection is lost (libpq's status, or the server ending the
 * session: SQLSTATE 08…, 57P…) it says so instead, in Chinese ("与
 * PostgreSQL 数据库 … 的连接中断（…），尚未提交的修改均未写入"), marks
 * p lost and counts the failure (pm_store_note_unavailable). */
void pg_fail_result(pgs *p, const PGresult *r, pm_err *err, const char *what);
/* pg_fail_result without a result. */
void pg_fail(pgs *p, pm_err *err, const char *what);
/* pm_store_lost: whether p's connection is gone, reading (without
 * waiting) what the server sent while it was idle, notifications
 * included. */
bool pg_lost(pgs *p);
/* A plain command without parameters and without preparing (BEGIN, DDL). */
bool pg_exec(pgs *p, const char *sql, pm_err *err, const char *what);

/* Column readers: NULL-safe copies (malloc'd; dup0 never NULL), numbers. */
char *pg_dup(const PGresult *r, int row, int col);
char *pg_dup0(const PGresult *r, int row, int col);
long long pg_int(const PGresult *r, int row, int col);
double pg_real(const PGresult *r, int row, int col); /* NaN for NULL */
bool pg_null(const PGresult *r, int row, int col);

/* Units of work (see the file comment). */
bool pg_work_begin(pgs *p, bool *outer, pm_err *err);
bool pg_work_end(pgs *p, bool outer, bool ok, pm_err *err);

/* The time a change is recorded at: now in UTC, or PLANMON_NOW (as in
 * SQLite's backend), "2026-12-04T04:16:33.123Z" (cap >= 32). */
const char *pg_now(char *out, size_t cap);
/* The real clock (never PLANMON_NOW) plus offset seconds, in the same
 * form: for sessions and login attempts, as SQLite's backend. */
const char *pg_clock(int offset, char *out, size_t cap);

/* Codes to ids: 1 found, 0 not (err names the code), -1 error. */
int pg_find_unit(pgs *p, const char *code, long *id, pm_err *err);
int pg_find_element(pgs *p, const char *code, long *id, pm_err *err);
/* The plan the plan-scoped calls work on: p->plan_id, else the default;
 * *id 0 when the database has none. */
bool pg_plan_id(pgs *p, long *id, pm_err *err);

/* Whether sql (one text parameter $1) returns a row: 1, 0, or -1 with err
 * set; the first column as an integer into *id when id is not NULL. */
int pg_has_row(pgs *p, const char *sql, const char *code, long *id, pm_err *err);
/* The number of rows a command changed (PQcmdTuples). */
long pg_changed(PGresult *r);
/* Grows a malloc'd array of n items of size bytes by add zeroed items
 * (the collection fronts pass arrays to append to, as sq_collect does);
 * returns the new array (items itself when add is 0: no rows allocate
 * nothing); the caller counts what it fills. */
void *pg_rows_grow(void *items, size_t n, size_t add, size_t size);

#endif

"""Rows of a planmon database for the e2e scripts' own checks, whichever the
backend, through one call: dbrows.connect(DB).execute(SQL, params) with
DB a SQLite file (python's sqlite3) or a postgresql:// URL (psql, the
tables of schema planmon). The scripts read the database straight, not
through planmon, so what they recompute does not rest on the code under
test.

On PostgreSQL each query runs as one psql call that returns its rows as
JSON (row_to_json), so numbers stay numbers and NULL stays None, as
sqlite3 gives them. `?` placeholders take ints, floats, strings and None
(written as SQL literals; the scripts' SQL has no `?` of its own)."""
import json
import os
import sqlite3
import subprocess


class Rows(list):
    """A query's rows (tuples), with the cursor calls the scripts use."""

    def fetchone(self):
        return self[0] if self else None

    def fetchall(self):
        return list(self)


def _literal(v):
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, (int, float)):
        return repr(v)
    return "'" + str(v).replace("'", "''") + "'"


class _Postgres:
    def __init__(self, url):
        self.url = url
        pgbin = os.environ.get("PLANMON_TEST_PGBIN")
        self.psql = os.path.join(pgbin, "psql") if pgbin else "psql"
        self.env = dict(os.environ, PGOPTIONS="-c search_path=planmon")

    def execute(self, sql, params=()):
        parts = sql.split("?")
        if len(parts) != len(params) + 1:
            raise ValueError("%d placeholders, %d parameters" % (len(parts) - 1, len(params)))
        text = parts[0] + "".join(_literal(p) + rest for p, rest in zip(params, parts[1:]))
        query = "SELECT coalesce(json_agg(row_to_json(q)), '[]') FROM (%s) q" % text
        out = subprocess.run([self.psql, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", self.url,
                              "-c", query], env=self.env, check=True, capture_output=True, text=True).stdout
        # object_pairs_hook keeps the columns in order, and two of one name.
        return Rows(tuple(v for _, v in row) for row in json.loads(out, object_pairs_hook=list))


class _Sqlite:
    def __init__(self, path):
        self.con = sqlite3.connect(path, timeout=30)

    def execute(self, sql, params=()):
        return Rows(self.con.execute(sql, params).fetchall())


def connect(db):
    if db.startswith(("postgresql:", "postgres:")):
        return _Postgres(db)
    return _Sqlite(db)

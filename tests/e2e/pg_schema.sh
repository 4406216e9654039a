#!/bin/sh
# Schema parity: a new database on SQLite and on PostgreSQL (a throwaway
# cluster, tests/pg_cluster.sh) have the same schema version and the same
# tables, columns (type family, NOT NULL), explicit indexes and append-only
# tables. A migration added to one backend only fails here: every SQLite
# migration needs its PostgreSQL script in src/store/pg_schema.c.
# What differs on purpose is listed in EXCEPT below, each with its reason.
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pg_cluster.sh"

pg_cluster_or_fail
PG=$(pg_database planmon_schema)
LITE=$T/lite.db

"$PLANMON" init --db "$LITE" >/dev/null 2>&1
check "SQLite: init" test $? -eq 0
"$PLANMON" init --db "$PG" >/dev/null 2>&1
check "PostgreSQL: init" test $? -eq 0

# Tables that exist on one backend only, on purpose (an extended regular
# expression over "table." at the start of a line):
# - data_gen_pending: PostgreSQL's data generation (pg_schema.c, version
#   16) notes each writing transaction there and rewrites data_gen once, as
#   it commits, so that writers do not wait on data_gen's row lock for
#   their whole transaction; SQLite has one writer at a time and rewrites
#   data_gen from each statement's trigger.
# - value_block, value_block_meta: SQLite's packed blocks of figures
#   (sqlite_blocks.c, version 19), which an evaluation reads instead of
#   scanning data_value; PostgreSQL's evaluation scans (its 19 is empty).
EXCEPT='^(data_gen_pending|value_block|value_block_meta)\.'

lite() { sqlite3 -batch -noheader "$LITE" "$1" | grep -Ev "$EXCEPT" | LC_ALL=C sort; }
pg() { _pg_psql planmon_schema -At -c "$1" | grep -Ev "$EXCEPT" | LC_ALL=C sort; }

lite_v=$(sqlite3 "$LITE" 'PRAGMA user_version')
pg_v=$(_pg_psql planmon_schema -At -c "SELECT value FROM planmon.meta WHERE key = 'schema_version'")
check "schema versions read" test -n "$lite_v" -a -n "$pg_v"
check "the same schema version on both backends (SQLite $lite_v, PostgreSQL $pg_v)" test "$lite_v" = "$pg_v"

# table.column TYPE NULLABILITY; a primary key column counts as NOT NULL
# (SQLite's rowid tables do not say so; PostgreSQL's keys are).
lite "SELECT m.name || '.' || p.name || ' ' || upper(p.type) || ' ' ||
             CASE WHEN p.\"notnull\" OR p.pk > 0 THEN 'not null' ELSE 'null' END
      FROM sqlite_master m, pragma_table_info(m.name) p
      WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'" >"$T/lite.columns"
pg "SELECT table_name || '.' || column_name || ' ' ||
           CASE data_type WHEN 'integer' THEN 'INTEGER' WHEN 'bigint' THEN 'INTEGER'
                          WHEN 'double precision' THEN 'REAL' WHEN 'text' THEN 'TEXT'
                          WHEN 'bytea' THEN 'BLOB' ELSE data_type END || ' ' ||
           CASE is_nullable WHEN 'YES' THEN 'null' ELSE 'not null' END
    FROM information_schema.columns WHERE table_schema = 'planmon'" >"$T/pg.columns"
check "SQLite's columns listed" test "$(wc -l <"$T/lite.columns")" -gt 100
diff "$T/lite.columns" "$T/pg.columns" >"$T/columns.diff"
check "the same tables and columns (type, NOT NULL) on both backends" test $? -eq 0
[ -s "$T/columns.diff" ] && cat "$T/columns.diff"

# Indexes made by CREATE INDEX (not those behind a key or UNIQUE).
lite "SELECT tbl_name || '.' || name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL" >"$T/lite.idx"
pg "SELECT t.relname || '.' || c.relname FROM pg_index i
      JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = 'planmon' AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)" \
    >"$T/pg.idx"
check "SQLite's indexes listed" test "$(wc -l <"$T/lite.idx")" -gt 10
diff "$T/lite.idx" "$T/pg.idx" >"$T/idx.diff"
check "the same indexes on both backends" test $? -eq 0
[ -s "$T/idx.diff" ] && cat "$T/idx.diff"

# The append-only tables: SQLite's RAISE(ABORT) triggers, PostgreSQL's
# pm_append_only triggers.
lite "SELECT DISTINCT tbl_name || '.' FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%RAISE(ABORT%'" \
    >"$T/lite.append"
pg "SELECT DISTINCT event_object_table || '.' FROM information_schema.triggers
    WHERE trigger_schema = 'planmon' AND action_statement LIKE '%pm_append_only%'" >"$T/pg.append"
check "SQLite's append-only tables listed" test "$(wc -l <"$T/lite.append")" -gt 5
diff "$T/lite.append" "$T/pg.append" >"$T/append.diff"
check "the same append-only tables on both backends" test $? -eq 0
[ -s "$T/append.diff" ] && cat "$T/append.diff"

# Every PostgreSQL table signals changes (the web server's snapshot); the
# data generation's two tables change only with a data table, in the same
# transaction, which notifies.
_pg_psql planmon_schema -At -c "SELECT tablename FROM pg_tables t WHERE schemaname = 'planmon'
    AND tablename NOT IN ('data_gen', 'data_gen_pending') AND NOT EXISTS (SELECT 1 FROM information_schema.triggers g WHERE g.trigger_schema = 'planmon'
                    AND g.event_object_table = t.tablename AND g.action_statement LIKE '%pm_changed%')" \
    >"$T/silent"
check "every PostgreSQL table notifies its changes" test ! -s "$T/silent"
[ -s "$T/silent" ] && cat "$T/silent"

# The data generation is moved by the same tables on both backends (a page
# shows what it read from them): SQLite's datagen_* triggers, PostgreSQL's
# pm_data_written ones; auth tables and the history on neither.
sqlite3 -batch -noheader "$LITE" "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger'
    AND name LIKE 'datagen\_%' ESCAPE '\'" | LC_ALL=C sort >"$T/lite.gen"
_pg_psql planmon_schema -At -c "SELECT DISTINCT event_object_table FROM information_schema.triggers
    WHERE trigger_schema = 'planmon' AND action_statement LIKE '%pm_data_written%'" | LC_ALL=C sort >"$T/pg.gen"
check "SQLite's data generation triggers listed" test "$(wc -l <"$T/lite.gen")" -gt 20
check "the same tables move the data generation on both backends" diff "$T/lite.gen" "$T/pg.gen"
diff "$T/lite.gen" "$T/pg.gen"
check "… not the sessions" sh -c '! grep -qx sessions "$1"' sh "$T/pg.gen"

# Figures and their history name elements and units that are there (18:
# checked per statement, not by per-row foreign keys): each way round it
# is refused, with nothing written.
q() { _pg_psql planmon_schema -At -v ON_ERROR_STOP=1 -c "SET search_path = planmon; $1" 2>&1; }
q "INSERT INTO element(code, name, agg, kind, level) VALUES ('fk_probe', 'probe', 'sum', 'count', -1);
   INSERT INTO org_unit(code, name, level) VALUES ('fk_probe', 'probe', 0);
   INSERT INTO data_value(element_id, unit_id, year, value) SELECT e.id, u.id, 2021, 1 FROM element e, org_unit u
     WHERE e.code = 'fk_probe' AND u.code = 'fk_probe';
   INSERT INTO value_history(element_id, unit_id, year, at, who, new_value, new_state) SELECT e.id, u.id, 2021, 'now', 't', 1, 0
     FROM element e, org_unit u WHERE e.code = 'fk_probe' AND u.code = 'fk_probe'" >"$T/probe.out"
check "a figure and its history row on an element and a unit of their own" test "$(q "SELECT count(*) FROM data_value")" = 1
q "INSERT INTO data_value(element_id, unit_id, year, value) SELECT id, 99999999, 2021, 1 FROM element WHERE code = 'fk_probe'" >"$T/q.out"
check "a figure of a unit that is not there: refused" grep -q "引用了不存在的单位" "$T/q.out"
q "INSERT INTO value_history(element_id, unit_id, year, at, who, new_state) SELECT 99999999, id, 2021, 'now', 't', 0 FROM org_unit WHERE code = 'fk_probe'" >"$T/q.out"
check "a history row of an element that is not there: refused" grep -q "引用了不存在的数据元素" "$T/q.out"
check "… nothing written" test "$(q "SELECT count(*) FROM data_value") $(q "SELECT count(*) FROM value_history")" = "1 1"
# A history row names its batch of who/when/why (21), or has its own.
q "INSERT INTO value_history(element_id, unit_id, year, batch_id, new_value, new_state) SELECT e.id, u.id, 2021, 99999999, 1, 0
     FROM element e, org_unit u WHERE e.code = 'fk_probe' AND u.code = 'fk_probe'" >"$T/q.out"
check "a history row of a batch that is not there: refused" grep -q "引用了不存在的批量修改记录" "$T/q.out"
q "INSERT INTO value_history(element_id, unit_id, year, new_value, new_state) SELECT e.id, u.id, 2021, 1, 0
     FROM element e, org_unit u WHERE e.code = 'fk_probe' AND u.code = 'fk_probe'" >"$T/q.out"
check "a history row with neither a batch nor its own who and when: refused" grep -q "value_history_batch" "$T/q.out"
check "… nothing written" test "$(q "SELECT count(*) FROM value_history")" = 1
q "UPDATE data_value SET unit_id = unit_id + 1" >"$T/q.out"
check "a figure moved to another unit: refused" grep -q "不能修改" "$T/q.out"
q "DELETE FROM element WHERE code = 'fk_probe'" >"$T/q.out"
check "the element a figure names: not deleted" grep -q "仍有数值或修改记录引用" "$T/q.out"
q "DELETE FROM org_unit WHERE code = 'fk_probe'" >"$T/q.out"
check "the unit a figure names: not deleted" grep -q "仍有数值或修改记录引用" "$T/q.out"
check "… both still there" test "$(q "SELECT count(*) FROM element WHERE code = 'fk_probe'") $(q "SELECT count(*) FROM org_unit WHERE code = 'fk_probe'")" = "1 1"
q "UPDATE org_unit SET id = id + 1000000 WHERE code = 'fk_probe'" >"$T/q.out"
check "a unit renumbered: refused" grep -q "不能修改" "$T/q.out"

# The same after an upgrade: the data triggers are made after the
# migrations (pg_datagen_install), not by version 16's script alone, so a
# database brought up from 15 has them on every table as a new one does.
# (Down to 15: what 16 to 21 made is undone.)
_pg_psql planmon_schema -c "$PG_UNDO_21 $PG_UNDO_18
    DROP TABLE planmon.data_gen_pending, planmon.data_gen CASCADE;
    DROP FUNCTION planmon.pm_data_written() CASCADE; DROP FUNCTION planmon.pm_data_commit() CASCADE;
    DROP INDEX planmon.data_value_state; ALTER TABLE planmon.unit_contact DROP COLUMN email;
    ALTER TABLE planmon.round_reminder DROP COLUMN outcome; ALTER TABLE planmon.round_reminder DROP COLUMN detail;
    UPDATE planmon.meta SET value = '15' WHERE key = 'schema_version'" >/dev/null
check "… down to version 15 (no data triggers left)" \
    test -z "$(_pg_psql planmon_schema -At -c "SELECT 1 FROM pg_trigger WHERE tgname LIKE '%\\_data'")"
# Any command that may write upgrades it (this one then refuses its input).
"$PLANMON" round open --db "$PG" --year 2024 --deadline 2025-03-31 --items nope >/dev/null 2>&1
check "… upgraded again" test "$(_pg_psql planmon_schema -At -c "SELECT value FROM planmon.meta
    WHERE key = 'schema_version'")" = "$pg_v"
_pg_psql planmon_schema -At -c "SELECT DISTINCT event_object_table FROM information_schema.triggers
    WHERE trigger_schema = 'planmon' AND action_statement LIKE '%pm_data_written%'" | LC_ALL=C sort >"$T/pg.gen2"
check "… the same tables move the data generation as on a new database" diff "$T/lite.gen" "$T/pg.gen2"

finish

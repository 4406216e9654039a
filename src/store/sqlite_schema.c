/* The SQLite schema, one script per version, and the code that vets a
 * file and runs the scripts on it (sq_vet_file, sq_migrate; called by
 * sqlite_store.c when opening). Never edit a script that has
 * shipped: databases in the field are at that version already. Change the
 * schema by appending a script.
 *
 * Conventions:
 * - NULL is "no value" (the model's NaN); the store converts both ways.
 * - Value states are small integers (0 draft, 1 submitted, 2 approved,
 *   3 returned: the order of pm_vstate) so that data_value rows stay small;
 *   data_value is scanned whole by every evaluation.
 * - Enumerations of the plan (target_op, agg, kind) are stored as their
 *   text keys, so the tables read plainly in the sqlite3 shell.
 * - Times are UTC ISO-8601 with milliseconds: 2026-11-28T15:26:54.123Z.
 * - A migration that rebuilds a table must follow SQLite's 12-step
 *   procedure (foreign keys are on while migrations run). */
#include "store/sqlite_schema.h"

#include <stdio.h>

#include "store/sqlite_backend.h"

const char *const pm_sqlite_migrations[] = {
    /* 1: plan, data elements, org units, values and their history. */
    "PRAGMA application_id = 1347243854;\n" /* PM_SQLITE_APP_ID, 'PMON' */
    "CREATE TABLE meta (\n"
    "  key   TEXT PRIMARY KEY,\n"
    "  value TEXT NOT NULL\n"
    ") WITHOUT ROWID;\n"
    "INSERT INTO meta(key, value) VALUES ('created_at', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));\n"
    "\n"
    /* One plan per database: the row's id is pinned to 1. */
    "CREATE TABLE plan (\n"
    "  id          INTEGER PRIMARY KEY CHECK (id = 1),\n"
    "  title       TEXT,\n"
    "  base_year   INTEGER NOT NULL,\n"
    "  target_year INTEGER NOT NULL\n"
    ");\n"
    "CREATE TABLE goal (\n"
    "  ord    INTEGER PRIMARY KEY,\n"
    "  label  TEXT NOT NULL,\n"
    "  title  TEXT NOT NULL,\n"
    "  domain TEXT\n"
    ");\n"
    "CREATE TABLE indicator (\n"
    "  code       TEXT PRIMARY KEY,\n"
    "  no         INTEGER NOT NULL UNIQUE,\n"
    "  domain     TEXT NOT NULL,\n"
    "  subdomain  TEXT,\n"
    "  name       TEXT NOT NULL,\n"
    "  unit       TEXT NOT NULL DEFAULT '',\n"
    "  baseline   REAL,\n"
    "  target     REAL,\n"
    "  target_op  TEXT NOT NULL CHECK (target_op IN ('=', '>=', '<=')),\n"
    "  binding    INTEGER NOT NULL CHECK (binding IN (0, 1)),\n"
    "  cumulative INTEGER NOT NULL CHECK (cumulative IN (0, 1)),\n"
    "  polarity   INTEGER NOT NULL CHECK (polarity IN (-1, 1)),\n"
    "  formula    TEXT,\n"
    "  rate       INTEGER NOT NULL CHECK (rate IN (0, 1)),\n"
    "  line       INTEGER NOT NULL DEFAULT 0,\n"
    "  ord        INTEGER NOT NULL\n"
    ");\n"
    "\n"
    /* Elements keep their id for life: values refer to it. ord is the
     * position in the current plan, NULL for an element the plan dropped
     * but values still refer to (kept, retired). */
    "CREATE TABLE element (\n"
    "  id    INTEGER PRIMARY KEY,\n"
    "  code  TEXT NOT NULL UNIQUE,\n"
    "  name  TEXT NOT NULL,\n"
    "  unit  TEXT NOT NULL DEFAULT '',\n"
    "  agg   TEXT NOT NULL CHECK (agg IN ('sum', 'last', 'own')),\n"
    "  kind  TEXT NOT NULL CHECK (kind IN ('number', 'count', 'share', 'flag')),\n"
    "  level INTEGER NOT NULL CHECK (level BETWEEN -1 AND 7),\n"
    "  ord   INTEGER\n"
    ");\n"
    "\n"
    /* ord orders siblings (children keep their input order). */
    "CREATE TABLE org_unit (\n"
    "  id        INTEGER PRIMARY KEY,\n"
    "  code      TEXT NOT NULL UNIQUE,\n"
    "  name      TEXT NOT NULL,\n"
    "  parent_id INTEGER REFERENCES org_unit(id),\n"
    "  level     INTEGER NOT NULL CHECK (level BETWEEN 0 AND 7),\n"
    "  ord       INTEGER NOT NULL DEFAULT 0\n"
    ");\n"
    "CREATE INDEX org_unit_parent ON org_unit(parent_id);\n"
    "\n"
    /* The current figures: the hot path of every evaluation scans this table
     * whole, so a row holds only the key, the value, its state and the
     * sender's comment (NULL, i.e. no bytes, for most rows). Who changed it
     * and when is in value_history. WITHOUT ROWID: the primary key is the
     * table, no second b-tree to keep. No index on unit_id: org units are
     * never deleted, and per-unit reads are rare next to the full scan. */
    "CREATE TABLE data_value (\n"
    "  element_id INTEGER NOT NULL REFERENCES element(id),\n"
    "  unit_id    INTEGER NOT NULL REFERENCES org_unit(id),\n"
    "  year       INTEGER NOT NULL,\n"
    "  value      REAL,\n"
    "  state      INTEGER NOT NULL DEFAULT 0 CHECK (state BETWEEN 0 AND 3),\n"
    "  comment    TEXT,\n"
    "  PRIMARY KEY (element_id, unit_id, year)\n"
    ") WITHOUT ROWID;\n"
    "\n"
    /* Every change to a figure, appended in the same transaction as the
     * change. old_state NULL: the figure did not exist before. Nothing may
     * rewrite it: the triggers abort any UPDATE or DELETE. */
    "CREATE TABLE value_history (\n"
    "  id         INTEGER PRIMARY KEY,\n"
    "  element_id INTEGER NOT NULL REFERENCES element(id),\n"
    "  unit_id    INTEGER NOT NULL REFERENCES org_unit(id),\n"
    "  year       INTEGER NOT NULL,\n"
    "  at         TEXT NOT NULL,\n"
    "  who        TEXT NOT NULL,\n"
    "  old_value  REAL,\n"
    "  new_value  REAL,\n"
    "  old_state  INTEGER CHECK (old_state BETWEEN 0 AND 3),\n"
    "  new_state  INTEGER NOT NULL CHECK (new_state BETWEEN 0 AND 3),\n"
    "  why        TEXT,\n"
    "  comment    TEXT\n"
    ");\n"
    /* The latest change of one figure (who, when) is one index seek. */
    "CREATE INDEX value_history_key ON value_history(element_id, unit_id, year, id);\n"
    "CREATE TRIGGER value_history_no_update BEFORE UPDATE ON value_history\n"
    "BEGIN SELECT RAISE(ABORT, '数值修改记录只能追加，不能修改'); END;\n"
    "CREATE TRIGGER value_history_no_delete BEFORE DELETE ON value_history\n"
    "BEGIN SELECT RAISE(ABORT, '数值修改记录只能追加，不能删除'); END;\n",

    /* 2: targets the bureau sets for one unit (分解目标). The indicator is
     * named by code, not by a foreign key: replacing the plan rewrites the
     * indicator table, and a town's target must survive that. */
    "CREATE TABLE unit_target (\n"
    "  unit_id        INTEGER NOT NULL REFERENCES org_unit(id),\n"
    "  indicator_code TEXT NOT NULL,\n"
    "  baseline       REAL,\n"
    "  target         REAL NOT NULL,\n"
    "  PRIMARY KEY (unit_id, indicator_code)\n"
    ") WITHOUT ROWID;\n",

    /* 3: who may use the web pages and the API (store/users.h).
     * Passwords are argon2id strings; session and API tokens are kept only
     * as their BLAKE2b hash (hex): a copy of the file lets nobody in.
     * unit_id is the subtree a user may read and write, NULL the whole
     * tree. Users are disabled, never deleted: value_history names them. */
    "CREATE TABLE users (\n"
    "  id            INTEGER PRIMARY KEY,\n"
    "  name          TEXT NOT NULL UNIQUE,\n"
    "  display_name  TEXT NOT NULL DEFAULT '',\n"
    "  role          TEXT NOT NULL CHECK (role IN ('admin', 'planner', 'reviewer', 'reporter')),\n"
    "  unit_id       INTEGER REFERENCES org_unit(id),\n"
    "  password_hash TEXT NOT NULL,\n"
    "  created_at    TEXT NOT NULL,\n"
    "  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))\n"
    ");\n"
    "CREATE TABLE sessions (\n"
    "  token_hash TEXT PRIMARY KEY,\n"
    "  user_id    INTEGER NOT NULL REFERENCES users(id),\n"
    "  csrf       TEXT NOT NULL,\n"
    "  created_at TEXT NOT NULL,\n"
    "  expires_at TEXT NOT NULL\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX sessions_user ON sessions(user_id);\n"
    "CREATE TABLE api_tokens (\n"
    "  token_hash TEXT PRIMARY KEY,\n"
    "  user_id    INTEGER NOT NULL REFERENCES users(id),\n"
    "  name       TEXT NOT NULL,\n"
    "  created_at TEXT NOT NULL\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX api_tokens_user ON api_tokens(user_id);\n"
    /* Failed logins, counted over a window for rate limiting; old rows are
     * purged as new ones come. */
    "CREATE TABLE login_attempts (\n"
    "  id   INTEGER PRIMARY KEY,\n"
    "  name TEXT NOT NULL,\n"
    "  ip   TEXT NOT NULL,\n"
    "  at   TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX login_attempts_name ON login_attempts(name, at);\n"
    "CREATE INDEX login_attempts_ip ON login_attempts(ip, at);\n",

    /* 4: the audit log of accounts (store/audit.h): logins, failed logins,
     * logouts, user and token changes. Names, not foreign keys: a failed
     * login names a user that may not exist. ip NULL: the command line.
     * Append-only, like value_history. */
    "CREATE TABLE audit_log (\n"
    "  id     INTEGER PRIMARY KEY,\n"
    "  at     TEXT NOT NULL,\n"
    "  actor  TEXT NOT NULL,\n"
    "  action TEXT NOT NULL,\n"
    "  target TEXT,\n"
    "  detail TEXT,\n"
    "  ip     TEXT\n"
    ");\n"
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log\n"
    "BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能修改'); END;\n"
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log\n"
    "BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能删除'); END;\n",

    /* 5: the plan's validation rules (校验规则, model/rule.h), rewritten
     * with the plan. Elements are named by code, as in the overlay, so
     * the table reads plainly and survives the elements' upsert. */
    "CREATE TABLE validation_rule (\n"
    "  ord        INTEGER PRIMARY KEY,\n"
    "  left_code  TEXT NOT NULL,\n"
    "  op         TEXT NOT NULL CHECK (op IN ('<=', '<', '>=', '>', '=')),\n"
    "  right_code TEXT NOT NULL,\n"
    "  severity   TEXT NOT NULL CHECK (severity IN ('error', 'warning')),\n"
    "  message    TEXT\n"
    ");\n",

    /* 6: review notes (审核意见, store/notes.h): a thread per figure.
     * Append-only, like value_history; the figure need not exist. */
    "CREATE TABLE value_note (\n"
    "  id         INTEGER PRIMARY KEY,\n"
    "  element_id INTEGER NOT NULL REFERENCES element(id),\n"
    "  unit_id    INTEGER NOT NULL REFERENCES org_unit(id),\n"
    "  year       INTEGER NOT NULL,\n"
    "  at         TEXT NOT NULL,\n"
    "  who        TEXT NOT NULL,\n"
    "  body       TEXT NOT NULL CHECK (length(body) > 0)\n"
    ");\n"
    "CREATE INDEX value_note_key ON value_note(unit_id, year, element_id, id);\n"
    "CREATE TRIGGER value_note_no_update BEFORE UPDATE ON value_note\n"
    "BEGIN SELECT RAISE(ABORT, '审核意见只能追加，不能修改'); END;\n"
    "CREATE TRIGGER value_note_no_delete BEFORE DELETE ON value_note\n"
    "BEGIN SELECT RAISE(ABORT, '审核意见只能追加，不能删除'); END;\n",

    /* 7: the rest of an evaluation (issue 13; model/dept.h, model/task.h,
     * model/narrative.h): departments beside the org tree, assignments
     * (分解落实) of indicators and tasks to departments or towns, key tasks
     * and projects with milestones, their progress updates, and written
     * judgments (评估意见). Indicators are named by code, not by a foreign
     * key: replacing the plan rewrites the indicator table (as for
     * unit_target). Updates, the task log and the narrative history are
     * append-only, like value_history. */
    "CREATE TABLE dept (\n"
    "  code    TEXT PRIMARY KEY,\n"
    "  name    TEXT NOT NULL UNIQUE,\n"
    "  kind    TEXT NOT NULL CHECK (kind IN ('section', 'agency')),\n"
    "  contact TEXT NOT NULL DEFAULT '',\n"
    "  ord     INTEGER NOT NULL\n"
    ") WITHOUT ROWID;\n"
    /* A user may belong to one department (NULL: none). */
    "ALTER TABLE users ADD COLUMN dept_code TEXT REFERENCES dept(code);\n"
    "CREATE TABLE task (\n"
    "  code           TEXT PRIMARY KEY,\n"
    "  project        INTEGER NOT NULL CHECK (project IN (0, 1)),\n"
    "  title          TEXT NOT NULL,\n"
    "  section        TEXT NOT NULL DEFAULT '',\n"
    "  invest_planned REAL,\n"
    "  invest_spent   REAL,\n"
    "  start_date     TEXT,\n"
    "  finish_date    TEXT,\n"
    "  ord            INTEGER NOT NULL\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE task_indicator (\n"
    "  task_code      TEXT NOT NULL REFERENCES task(code),\n"
    "  indicator_code TEXT NOT NULL,\n"
    "  PRIMARY KEY (task_code, indicator_code)\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX task_indicator_ind ON task_indicator(indicator_code);\n"
    "CREATE TABLE milestone (\n"
    "  task_code TEXT NOT NULL REFERENCES task(code),\n"
    "  ord       INTEGER NOT NULL,\n"
    "  due       TEXT NOT NULL,\n"
    "  what      TEXT NOT NULL,\n"
    "  met       INTEGER NOT NULL DEFAULT 0 CHECK (met IN (0, 1)),\n"
    "  met_on    TEXT,\n"
    "  PRIMARY KEY (task_code, ord)\n"
    ") WITHOUT ROWID;\n"
    /* An assignment: item (an indicator or a task, by code) → deadline;
     * its parties in assignment_party, the lead first (ord 0). A party is
     * a department or an org unit, never both. */
    "CREATE TABLE assignment (\n"
    "  item_kind TEXT NOT NULL CHECK (item_kind IN ('indicator', 'task')),\n"
    "  item_code TEXT NOT NULL,\n"
    "  deadline  TEXT,\n"
    "  PRIMARY KEY (item_kind, item_code)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE assignment_party (\n"
    "  item_kind TEXT NOT NULL,\n"
    "  item_code TEXT NOT NULL,\n"
    "  ord       INTEGER NOT NULL,\n"
    "  lead      INTEGER NOT NULL CHECK (lead IN (0, 1)),\n"
    "  dept_code TEXT REFERENCES dept(code),\n"
    "  unit_id   INTEGER REFERENCES org_unit(id),\n"
    "  PRIMARY KEY (item_kind, item_code, ord),\n"
    "  FOREIGN KEY (item_kind, item_code) REFERENCES assignment(item_kind, item_code),\n"
    "  CHECK ((dept_code IS NULL) <> (unit_id IS NULL))\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX assignment_party_dept ON assignment_party(dept_code);\n"
    /* Progress updates: only their review may change (submitted 1 →
     * approved 2 / returned 3, the figures' numbers), nothing else. */
    "CREATE TABLE task_update (\n"
    "  id          INTEGER PRIMARY KEY,\n"
    "  task_code   TEXT NOT NULL REFERENCES task(code),\n"
    "  period      TEXT NOT NULL,\n"
    "  state       TEXT NOT NULL CHECK (state IN ('not_started', 'on_plan', 'lagging', 'done', 'cancelled')),\n"
    "  percent     REAL CHECK (percent BETWEEN 0 AND 100),\n"
    "  text        TEXT NOT NULL DEFAULT '',\n"
    "  review      INTEGER NOT NULL DEFAULT 1 CHECK (review BETWEEN 1 AND 3),\n"
    "  who         TEXT NOT NULL,\n"
    "  at          TEXT NOT NULL,\n"
    "  reviewed_by TEXT,\n"
    "  reviewed_at TEXT,\n"
    "  reason      TEXT\n"
    ");\n"
    "CREATE INDEX task_update_task ON task_update(task_code, id);\n"
    "CREATE TRIGGER task_update_fixed BEFORE UPDATE OF id, task_code, period, state, percent, text, who, at\n"
    "  ON task_update\n"
    "BEGIN SELECT RAISE(ABORT, '进展报告只能追加，不能修改'); END;\n"
    "CREATE TRIGGER task_update_no_delete BEFORE DELETE ON task_update\n"
    "BEGIN SELECT RAISE(ABORT, '进展报告只能追加，不能删除'); END;\n"
    /* Every change to departments, assignments, tasks, projects and
     * milestones, and every update and review: who, when, what (a stable
     * action word), the item, and a Chinese detail. */
    "CREATE TABLE work_log (\n"
    "  id        INTEGER PRIMARY KEY,\n"
    "  at        TEXT NOT NULL,\n"
    "  who       TEXT NOT NULL,\n"
    "  action    TEXT NOT NULL,\n"
    "  item_kind TEXT NOT NULL,\n"
    "  item_code TEXT NOT NULL,\n"
    "  detail    TEXT\n"
    ");\n"
    "CREATE INDEX work_log_item ON work_log(item_kind, item_code, id);\n"
    "CREATE TRIGGER work_log_no_update BEFORE UPDATE ON work_log\n"
    "BEGIN SELECT RAISE(ABORT, '任务修改记录只能追加，不能修改'); END;\n"
    "CREATE TRIGGER work_log_no_delete BEFORE DELETE ON work_log\n"
    "BEGIN SELECT RAISE(ABORT, '任务修改记录只能追加，不能删除'); END;\n"
    "CREATE TABLE narrative (\n"
    "  year   INTEGER NOT NULL,\n"
    "  scope  TEXT NOT NULL CHECK (scope IN ('plan', 'section', 'domain', 'indicator', 'task')),\n"
    "  target TEXT NOT NULL,\n"
    "  kind   TEXT NOT NULL CHECK (kind IN ('work', 'achievements', 'problems', 'next_steps', 'adjustments')),\n"
    "  text   TEXT NOT NULL,\n"
    "  state  TEXT NOT NULL CHECK (state IN ('draft', 'accepted')),\n"
    "  who    TEXT NOT NULL,\n"
    "  at     TEXT NOT NULL,\n"
    "  PRIMARY KEY (year, scope, target, kind)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE narrative_history (\n"
    "  id       INTEGER PRIMARY KEY,\n"
    "  year     INTEGER NOT NULL,\n"
    "  scope    TEXT NOT NULL,\n"
    "  target   TEXT NOT NULL,\n"
    "  kind     TEXT NOT NULL,\n"
    "  old_text TEXT,\n"
    "  new_text TEXT NOT NULL,\n"
    "  state    TEXT NOT NULL,\n"
    "  who      TEXT NOT NULL,\n"
    "  at       TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX narrative_history_key ON narrative_history(year, scope, target, kind, id);\n"
    "CREATE TRIGGER narrative_history_no_update BEFORE UPDATE ON narrative_history\n"
    "BEGIN SELECT RAISE(ABORT, '评估意见修改记录只能追加，不能修改'); END;\n"
    "CREATE TRIGGER narrative_history_no_delete BEFORE DELETE ON narrative_history\n"
    "BEGIN SELECT RAISE(ABORT, '评估意见修改记录只能追加，不能删除'); END;\n",

    /* 8: collection rounds (填报任务, store/rounds.h): a year's (or
     * half-year's) collection of some items from the units of one level,
     * opening and deadline as the planner typed them (dates in the
     * bureau's zone) and the deadline's end as a UTC instant (due_at);
     * the reminders sent (催报, append-only); the contact of a unit for
     * the overdue list. Per-unit progress is not stored: it is read from
     * data_value and value_history, so no door can let it drift. */
    "CREATE TABLE collection_round (\n"
    "  id         INTEGER PRIMARY KEY,\n"
    "  title      TEXT NOT NULL,\n"
    "  year       INTEGER NOT NULL,\n"
    "  period     TEXT NOT NULL CHECK (period IN ('year', 'h1', 'h2')),\n"
    "  unit_level INTEGER NOT NULL CHECK (unit_level BETWEEN 0 AND 7),\n"
    "  opens      TEXT NOT NULL,\n"
    "  deadline   TEXT NOT NULL,\n"
    "  due_at     TEXT NOT NULL,\n"
    "  created_by TEXT NOT NULL,\n"
    "  created_at TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE round_item (\n"
    "  round_id   INTEGER NOT NULL REFERENCES collection_round(id),\n"
    "  element_id INTEGER NOT NULL REFERENCES element(id),\n"
    "  PRIMARY KEY (round_id, element_id)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE round_reminder (\n"
    "  id       INTEGER PRIMARY KEY,\n"
    "  round_id INTEGER NOT NULL REFERENCES collection_round(id),\n"
    "  unit_id  INTEGER NOT NULL REFERENCES org_unit(id),\n"
    "  at       TEXT NOT NULL,\n"
    "  who      TEXT NOT NULL,\n"
    "  channel  TEXT NOT NULL CHECK (channel IN ('site', 'email'))\n"
    ");\n"
    "CREATE INDEX round_reminder_key ON round_reminder(round_id, unit_id);\n"
    "CREATE TRIGGER round_reminder_no_update BEFORE UPDATE ON round_reminder\n"
    "BEGIN SELECT RAISE(ABORT, '催报记录只能追加，不能修改'); END;\n"
    "CREATE TRIGGER round_reminder_no_delete BEFORE DELETE ON round_reminder\n"
    "BEGIN SELECT RAISE(ABORT, '催报记录只能追加，不能删除'); END;\n"
    "CREATE TABLE unit_contact (\n"
    "  unit_id INTEGER PRIMARY KEY REFERENCES org_unit(id),\n"
    "  person  TEXT NOT NULL,\n"
    "  phone   TEXT NOT NULL\n"
    ");\n",

    /* 9: attachments (佐证材料, store/attach.h): the stamped 报表 scan and
     * evidence of a unit's submission for a year, of one figure
     * (element_id), or of something else named by ref (a task update:
     * "task:CODE:PERIOD"). The bytes live in the database, so a backup
     * holds them; the type was checked from the bytes before they came.
     * Append-only: a wrong file is superseded by a newer one, never lost. */
    "CREATE TABLE attachment (\n"
    "  id         INTEGER PRIMARY KEY,\n"
    "  unit_id    INTEGER NOT NULL REFERENCES org_unit(id),\n"
    "  year       INTEGER NOT NULL,\n"
    "  element_id INTEGER REFERENCES element(id),\n"
    "  ref        TEXT,\n"
    "  kind       TEXT NOT NULL CHECK (kind IN ('scan', 'evidence')),\n"
    "  name       TEXT NOT NULL,\n"
    "  mime       TEXT NOT NULL,\n"
    "  size       INTEGER NOT NULL CHECK (size = length(data)),\n"
    "  data       BLOB NOT NULL,\n"
    "  at         TEXT NOT NULL,\n"
    "  who        TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX attachment_key ON attachment(unit_id, year, id);\n"
    "CREATE TRIGGER attachment_no_update BEFORE UPDATE ON attachment\n"
    "BEGIN SELECT RAISE(ABORT, '佐证材料只能追加，不能修改'); END;\n"
    "CREATE TRIGGER attachment_no_delete BEFORE DELETE ON attachment\n"
    "BEGIN SELECT RAISE(ABORT, '佐证材料只能追加，不能删除'); END;\n",

    /* 10: estimates (预计值, DESIGN "What a bureau reads"): a figure is an
     * actual (0) or an estimate (1) until its actual replaces it. A column
     * of its own, not a review state: an estimate is reviewed like any
     * figure. */
    "ALTER TABLE data_value ADD COLUMN estimate INTEGER NOT NULL DEFAULT 0 CHECK (estimate IN (0, 1));\n",

    /* 11: several plans in one database (a plan set: the 十四五 plan's final
     * evaluation beside the 十五五 plan's monitoring). The plan-scoped
     * tables are rebuilt with a plan_id (SQLite cannot change a key in
     * place); a database of version 10 comes along as plan 1, its default,
     * coded by its period. Figures stay plan-free: data elements are one
     * pool, and plan_element says which a plan uses, so a plan that names
     * the same element reads the same figures (element.ord now only says
     * whether some plan uses it: its smallest position, NULL for none). Indicators gain what the plan-table
     * reader finds beyond numbers (text targets, notes, 其中 parts as
     * JSON) and the indicator of an earlier plan they continue. A plan's
     * title and period identify it: the same plan twice is refused. */
    "CREATE TABLE plan_new (\n"
    "  id          INTEGER PRIMARY KEY,\n"
    "  code        TEXT NOT NULL UNIQUE,\n"
    "  title       TEXT NOT NULL,\n"
    "  base_year   INTEGER NOT NULL,\n"
    "  target_year INTEGER NOT NULL CHECK (target_year > base_year),\n"
    "  is_default  INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),\n"
    "  UNIQUE (title, base_year, target_year)\n"
    ");\n"
    "INSERT INTO plan_new(id, code, title, base_year, target_year, is_default)\n"
    "  SELECT id, CASE WHEN base_year = 2020 AND target_year = 2025 THEN '14th'\n"
    "                  WHEN base_year = 2025 AND target_year = 2030 THEN '15th'\n"
    "                  ELSE printf('%d-%d', base_year + 1, target_year) END,\n"
    "         coalesce(title, '未命名规划'), base_year, target_year, 1 FROM plan;\n"
    "DROP TABLE plan;\n"
    "ALTER TABLE plan_new RENAME TO plan;\n"
    "CREATE UNIQUE INDEX plan_one_default ON plan(is_default) WHERE is_default = 1;\n"
    "\n"
    "CREATE TABLE goal_new (\n"
    "  plan_id INTEGER NOT NULL REFERENCES plan(id),\n"
    "  ord     INTEGER NOT NULL,\n"
    "  label   TEXT NOT NULL,\n"
    "  title   TEXT NOT NULL,\n"
    "  domain  TEXT,\n"
    "  PRIMARY KEY (plan_id, ord)\n"
    ") WITHOUT ROWID;\n"
    "INSERT INTO goal_new SELECT 1, ord, label, title, domain FROM goal WHERE EXISTS (SELECT 1 FROM plan);\n"
    "DROP TABLE goal;\n"
    "ALTER TABLE goal_new RENAME TO goal;\n"
    "\n"
    "CREATE TABLE indicator_new (\n"
    "  plan_id        INTEGER NOT NULL REFERENCES plan(id),\n"
    "  code           TEXT NOT NULL,\n"
    "  no             INTEGER NOT NULL,\n"
    "  domain         TEXT NOT NULL,\n"
    "  subdomain      TEXT,\n"
    "  name           TEXT NOT NULL,\n"
    "  unit           TEXT NOT NULL DEFAULT '',\n"
    "  baseline       REAL,\n"
    "  target         REAL,\n"
    "  target_op      TEXT NOT NULL CHECK (target_op IN ('=', '>=', '<=')),\n"
    "  binding        INTEGER NOT NULL CHECK (binding IN (0, 1)),\n"
    "  cumulative     INTEGER NOT NULL CHECK (cumulative IN (0, 1)),\n"
    "  polarity       INTEGER NOT NULL CHECK (polarity IN (-1, 1)),\n"
    "  formula        TEXT,\n"
    "  rate           INTEGER NOT NULL CHECK (rate IN (0, 1)),\n"
    "  line           INTEGER NOT NULL DEFAULT 0,\n"
    "  ord            INTEGER NOT NULL,\n"
    "  qualitative    INTEGER NOT NULL DEFAULT 0 CHECK (qualitative IN (0, 1)),\n"
    "  target_text    TEXT,\n"
    "  baseline_text  TEXT,\n"
    "  note           TEXT,\n"
    "  parts          TEXT,\n"
    "  continues_plan INTEGER REFERENCES plan(id),\n"
    "  continues_code TEXT,\n"
    "  PRIMARY KEY (plan_id, code),\n"
    "  CHECK ((continues_plan IS NULL) = (continues_code IS NULL))\n"
    ") WITHOUT ROWID;\n"
    "INSERT INTO indicator_new(plan_id, code, no, domain, subdomain, name, unit, baseline, target, target_op,\n"
    "                         binding, cumulative, polarity, formula, rate, line, ord)\n"
    "  SELECT 1, code, no, domain, subdomain, name, unit, baseline, target, target_op,\n"
    "         binding, cumulative, polarity, formula, rate, line, ord\n"
    "  FROM indicator WHERE EXISTS (SELECT 1 FROM plan);\n"
    "DROP TABLE indicator;\n"
    "ALTER TABLE indicator_new RENAME TO indicator;\n"
    "\n"
    "CREATE TABLE plan_element (\n"
    "  plan_id    INTEGER NOT NULL REFERENCES plan(id),\n"
    "  element_id INTEGER NOT NULL REFERENCES element(id),\n"
    "  ord        INTEGER NOT NULL,\n"
    "  PRIMARY KEY (plan_id, element_id)\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX plan_element_element ON plan_element(element_id);\n"
    "INSERT INTO plan_element SELECT 1, id, ord FROM element\n"
    "  WHERE ord IS NOT NULL AND EXISTS (SELECT 1 FROM plan);\n"
    "\n"
    "CREATE TABLE validation_rule_new (\n"
    "  plan_id    INTEGER NOT NULL REFERENCES plan(id),\n"
    "  ord        INTEGER NOT NULL,\n"
    "  left_code  TEXT NOT NULL,\n"
    "  op         TEXT NOT NULL CHECK (op IN ('<=', '<', '>=', '>', '=')),\n"
    "  right_code TEXT NOT NULL,\n"
    "  severity   TEXT NOT NULL CHECK (severity IN ('error', 'warning')),\n"
    "  message    TEXT,\n"
    "  PRIMARY KEY (plan_id, ord)\n"
    ") WITHOUT ROWID;\n"
    "INSERT INTO validation_rule_new SELECT 1, ord, left_code, op, right_code, severity, message\n"
    "  FROM validation_rule WHERE EXISTS (SELECT 1 FROM plan);\n"
    "DROP TABLE validation_rule;\n"
    "ALTER TABLE validation_rule_new RENAME TO validation_rule;\n"
    "\n"
    "CREATE TABLE unit_target_new (\n"
    "  plan_id        INTEGER NOT NULL REFERENCES plan(id),\n"
    "  unit_id        INTEGER NOT NULL REFERENCES org_unit(id),\n"
    "  indicator_code TEXT NOT NULL,\n"
    "  baseline       REAL,\n"
    "  target         REAL NOT NULL,\n"
    "  PRIMARY KEY (plan_id, unit_id, indicator_code)\n"
    ") WITHOUT ROWID;\n"
    "INSERT INTO unit_target_new SELECT 1, unit_id, indicator_code, baseline, target\n"
    "  FROM unit_target WHERE EXISTS (SELECT 1 FROM plan);\n"
    "DROP TABLE unit_target;\n"
    "ALTER TABLE unit_target_new RENAME TO unit_target;\n"
    "\n"
    /* A qualitative indicator's judgment by hand (人工评价): appended, never
     * rewritten, so its history is the table; the newest row of a (plan,
     * indicator, unit, year) is the one in force. */
    "CREATE TABLE manual_judgment (\n"
    "  id             INTEGER PRIMARY KEY,\n"
    "  plan_id        INTEGER NOT NULL REFERENCES plan(id),\n"
    "  indicator_code TEXT NOT NULL,\n"
    "  unit_id        INTEGER NOT NULL REFERENCES org_unit(id),\n"
    "  year           INTEGER NOT NULL,\n"
    "  verdict        TEXT NOT NULL CHECK (verdict IN ('achieved', 'mostly', 'not_achieved')),\n"
    "  note           TEXT,\n"
    "  at             TEXT NOT NULL,\n"
    "  who            TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX manual_judgment_key ON manual_judgment(plan_id, indicator_code, unit_id, year, id);\n"
    "CREATE TRIGGER manual_judgment_no_update BEFORE UPDATE ON manual_judgment\n"
    "BEGIN SELECT RAISE(ABORT, '人工评价记录只能追加，不能修改'); END;\n"
    "CREATE TRIGGER manual_judgment_no_delete BEFORE DELETE ON manual_judgment\n"
    "BEGIN SELECT RAISE(ABORT, '人工评价记录只能追加，不能删除'); END;\n",

    /* 12: review levels (engine/review.h: 街镇审核 → 区业务科室审核). A
     * level is done by the reviewers whose unit sits at unit_level; no
     * rows: one level. A submitted figure waits at review_level (0: not
     * waiting, or one level only); value_history.new_level records the
     * level a move left the figure at, so that the history says who
     * passed it on. */
    "CREATE TABLE review_level (\n"
    "  level      INTEGER PRIMARY KEY CHECK (level BETWEEN 1 AND 4),\n"
    "  name       TEXT NOT NULL,\n"
    "  unit_level INTEGER NOT NULL UNIQUE CHECK (unit_level BETWEEN 0 AND 7)\n"
    ");\n"
    "ALTER TABLE data_value ADD COLUMN review_level INTEGER NOT NULL DEFAULT 0 CHECK (review_level BETWEEN 0 AND 4);\n"
    "ALTER TABLE value_history ADD COLUMN new_level INTEGER;\n",

    /* 13: org-unit groups and validity (DESIGN "org unit"): a unit may
     * belong to a named group (镇 / 街道, 城市社区 / 农村社区) that formulas
     * count within, and may have existed only from / to a year (a village
     * merged away); NULL is "no group" and "open". Additive: every unit
     * of an older database is in no group and always existed. */
    "ALTER TABLE org_unit ADD COLUMN grp TEXT;\n"
    "ALTER TABLE org_unit ADD COLUMN valid_from INTEGER;\n"
    "ALTER TABLE org_unit ADD COLUMN valid_to INTEGER CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from);\n",

    /* 14: the data generation (sqlite_datagen.c): a number that changes with
     * every write to what an evaluation or a page reads, and not with a
     * login, a logout or a token, so that a server's caches outlive the
     * auth writes. The triggers that change it are made by
     * sq_datagen_install after every migration, for every table there is. */
    "CREATE TABLE data_gen (\n"
    "  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
    "  n  INTEGER NOT NULL\n"
    ");\n"
    "INSERT INTO data_gen(id, n) VALUES (1, random());\n",

    /* 15: the units a round names (round_unit): a planner may open a round
     * for some towns only. A round's units are fixed when it is opened;
     * the rounds of an older database get the units they had so far, those
     * of their level, so that nothing about them changes. */
    "CREATE TABLE round_unit (\n"
    "  round_id INTEGER NOT NULL REFERENCES collection_round(id),\n"
    "  unit_id  INTEGER NOT NULL REFERENCES org_unit(id),\n"
    "  PRIMARY KEY (round_id, unit_id)\n"
    ") WITHOUT ROWID;\n"
    "INSERT INTO round_unit(round_id, unit_id)\n"
    "  SELECT r.id, o.id FROM collection_round r JOIN org_unit o ON o.level = r.unit_level;\n",

    /* 16: nothing on SQLite. PostgreSQL's 16 is the data generation SQLite
     * got at 14 (pg_schema.c); the number keeps both backends' versions
     * equal. */
    "SELECT 1;\n",

    /* 17: what waits for review is counted by state (PM_SQL_REVIEW_WAITING:
     * the reviewers' overview and 待办, on every page view), which read all
     * of data_value; with this index it reads the submitted figures only,
     * covered (unit and level in the index, the key comes with it).
     * tests/e2e/review_index.sh checks the plan still uses it. */
    "CREATE INDEX data_value_state ON data_value(state, unit_id, review_level);\n",

    /* 18: nothing on SQLite. PostgreSQL's 18 checks the figures' element
     * and unit once per statement instead of once per row (pg_schema.c);
     * SQLite's bulk write checks its foreign keys once per id already. */
    "SELECT 1;\n",

    /* 19: the figures as packed blocks (sqlite_blocks.c), so that an
     * evaluation reads one BLOB per element and year instead of every row
     * of data_value: vals holds a double per unit in the tree's preorder
     * (NaN: no figure), est a bit per unit (the figure is an estimate).
     * value_block_meta says what they are valid for: the data generation
     * they were made or last patched at, and the preorder they follow (the
     * unit ids, 8 bytes each). A rowid table: figure writes patch a block
     * in place through sqlite3_blob_write, which WITHOUT ROWID lacks. Both
     * are exempt from the data generation's triggers (data_gen.c). */
    "CREATE TABLE value_block (\n"
    "  element_id INTEGER NOT NULL,\n"
    "  year       INTEGER NOT NULL,\n"
    "  vals       BLOB NOT NULL,\n"
    "  est        BLOB NOT NULL,\n"
    "  UNIQUE (element_id, year)\n"
    ");\n"
    "CREATE TABLE value_block_meta (\n"
    "  id    INTEGER PRIMARY KEY CHECK (id = 1),\n"
    "  gen   INTEGER NOT NULL,\n"
    "  units BLOB NOT NULL\n"
    ");\n",

    /* 20: e-mail reminders (issue 14 item 2): a unit contact's address,
     * and each e-mail's outcome in the reminder log (channel 'email':
     * sent to detail, failed with detail the relay's reason, or no
     * address); a 站内待办 line has neither. Additive. */
    "ALTER TABLE unit_contact ADD COLUMN email TEXT;\n"
    "ALTER TABLE round_reminder ADD COLUMN outcome TEXT CHECK (outcome IN ('sent', 'failed', 'no_address'));\n"
    "ALTER TABLE round_reminder ADD COLUMN detail TEXT;\n",

    /* 21: one record per batch of figure changes (issue 17 item 3): an
     * import's who, when and why once, in value_batch, and each of its
     * history rows naming the batch (batch_id) with its own old and new
     * only; at, who and why were ~40 of a history row's ~60 bytes, the
     * same on every row of an import. A change made alone (the web form,
     * set, a review move) keeps them on its own row: it is a batch of one.
     * Readers take coalesce(h.at, b.at) etc. SQLite cannot drop a NOT
     * NULL, so value_history is rebuilt (ids, and so the order of events,
     * kept); the CHECK keeps every row answering who and when. Both
     * tables append-only. batch_id last, as PostgreSQL's ADD COLUMN puts
     * it (planmon copy matches the columns). */
    "CREATE TABLE value_batch (\n"
    "  id  INTEGER PRIMARY KEY,\n"
    "  at  TEXT NOT NULL,\n"
    "  who TEXT NOT NULL,\n"
    "  why TEXT\n"
    ");\n"
    "CREATE TRIGGER value_batch_no_update BEFORE UPDATE ON value_batch\n"
    "BEGIN SELECT RAISE(ABORT, '批量修改记录只能追加，不能修改'); END;\n"
    "CREATE TRIGGER value_batch_no_delete BEFORE DELETE ON value_batch\n"
    "BEGIN SELECT RAISE(ABORT, '批量修改记录只能追加，不能删除'); END;\n"
    "CREATE TABLE value_history_21 (\n"
    "  id         INTEGER PRIMARY KEY,\n"
    "  element_id INTEGER NOT NULL REFERENCES element(id),\n"
    "  unit_id    INTEGER NOT NULL REFERENCES org_unit(id),\n"
    "  year       INTEGER NOT NULL,\n"
    "  at         TEXT,\n"
    "  who        TEXT,\n"
    "  old_value  REAL,\n"
    "  new_value  REAL,\n"
    "  old_state  INTEGER CHECK (old_state BETWEEN 0 AND 3),\n"
    "  new_state  INTEGER NOT NULL CHECK (new_state BETWEEN 0 AND 3),\n"
    "  why        TEXT,\n"
    "  comment    TEXT,\n"
    "  new_level  INTEGER,\n"
    "  batch_id   INTEGER REFERENCES value_batch(id),\n"
    "  CHECK (CASE WHEN batch_id IS NULL THEN at IS NOT NULL AND who IS NOT NULL\n"
    "         ELSE at IS NULL AND who IS NULL AND why IS NULL END)\n"
    ");\n"
    "INSERT INTO value_history_21(id, element_id, unit_id, year, at, who, old_value, new_value, old_state,\n"
    "  new_state, why, comment, new_level)\n"
    "  SELECT id, element_id, unit_id, year, at, who, old_value, new_value, old_state, new_state, why,\n"
    "  comment, new_level FROM value_history ORDER BY id;\n"
    "DROP TABLE value_history;\n"
    "ALTER TABLE value_history_21 RENAME TO value_history;\n"
    "CREATE INDEX value_history_key ON value_history(element_id, unit_id, year, id);\n"
    "CREATE TRIGGER value_history_no_update BEFORE UPDATE ON value_history\n"
    "BEGIN SELECT RAISE(ABORT, '数值修改记录只能追加，不能修改'); END;\n"
    "CREATE TRIGGER value_history_no_delete BEFORE DELETE ON value_history\n"
    "BEGIN SELECT RAISE(ABORT, '数值修改记录只能追加，不能删除'); END;\n",

    /* 22: the review index (17) holds the submitted figures only. Its one
     * reader asks for state = 1 (PM_SQL_REVIEW_WAITING, and 15's level
     * fix), which a partial index with that very term serves as before.
     * Whole, it had an entry for every figure keyed by unit first, while
     * an import writes its drafts in the table's order (element, unit,
     * year): each of the 40 elements swept the whole index once more,
     * and the page cache spilled and re-read it (200,000 writes and
     * 144,000 reads of 16 KiB for a 4.8-million-row import into a 28,000
     * page file; without it 92,000 and 45,000, 0.73x the time). Drafts
     * (state 0), what an import writes, are never in it now. */
    "DROP INDEX data_value_state;\n"
    "CREATE INDEX data_value_state ON data_value(state, unit_id, review_level) WHERE state = 1;\n",
};

const int pm_sqlite_schema_latest = (int)(sizeof pm_sqlite_migrations / sizeof pm_sqlite_migrations[0]);

/* ---- running them ---------------------------------------------------------- */

/* Reads one integer a statement without parameters returns (a PRAGMA or a
 * count) into *out. False with err set on failure. */
static bool read_int(sq *s, const char *sql, long long *out, pm_err *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    bool ok = rc == SQLITE_ROW;
    if (ok)
        *out = sqlite3_column_int64(st, 0);
    else if (rc == SQLITE_NOTADB)
        pm_err_set(err, 0, "%s 不是 SQLite 数据库文件", s->path);
    else
        sq_fail(s, err, "读取数据库 %s 失败", s->path);
    sqlite3_finalize(st);
    return ok;
}

/* Brings the schema from its version to the latest in one transaction.
 * `fresh` (PM_STORE_CREATE): the file must still be empty once locked,
 * since another process may have created it meanwhile. */
bool sq_migrate(sq *s, bool fresh, pm_err *err)
{
    if (!sq_exec(s, "BEGIN IMMEDIATE", err, "开始升级事务"))
        return false;
    long long v = 0;
    bool ok = read_int(s, "PRAGMA user_version", &v, err);
    if (ok && fresh && v != 0) {
        pm_err_set(err, 0, "数据库 %s 已存在，不能重新创建", s->path);
        ok = false;
    }
    if (ok && v > pm_sqlite_schema_latest) {
        pm_err_set(err, 0, "数据库版本较新（第 %lld 版），本程序只支持到第 %d 版：%s", v,
                   pm_sqlite_schema_latest, s->path);
        ok = false;
    }
    for (int i = (int)v; ok && i < pm_sqlite_schema_latest; i++) {
        char *msg = NULL;
        if (sqlite3_exec(s->db, pm_sqlite_migrations[i], NULL, NULL, &msg) != SQLITE_OK) {
            pm_err_set(err, 0, "数据库 %s 升级到第 %d 版失败：%s", s->path, i + 1,
                       msg ? msg : sqlite3_errmsg(s->db));
            ok = false;
        }
        sqlite3_free(msg);
    }
    /* After every script: a table a migration made (or rebuilt) gets its
     * generation triggers here, so no migration has to remember them. */
    if (ok && v < pm_sqlite_schema_latest)
        ok = sq_datagen_install(s, err);
    if (ok && v < pm_sqlite_schema_latest) {
        /* PRAGMA takes no parameters; the number is the binary's own. */
        char sql[48];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", pm_sqlite_schema_latest);
        if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
            sq_fail(s, err, "记录数据库 %s 的版本失败", s->path);
            ok = false;
        }
    }
    if (!sq_work_end(s, true, ok, err))
        return false;
    s->version = pm_sqlite_schema_latest;
    return true;
}

/* Decides from what the file holds whether this mode may use it: a new
 * database needs an empty file, an existing one must be planmon's and not
 * newer than this binary. *empty tells whether the file holds nothing. */
bool sq_vet_file(sq *s, pm_open_mode mode, bool *empty, pm_err *err)
{
    long long version = 0, app = 0, objects = 0;
    if (!read_int(s, "PRAGMA user_version", &version, err) ||
        !read_int(s, "PRAGMA application_id", &app, err) ||
        !read_int(s, "SELECT count(*) FROM sqlite_master", &objects, err))
        return false;
    *empty = version == 0 && objects == 0;
    if (*empty)
        return true;
    if (mode == PM_STORE_CREATE) {
        pm_err_set(err, 0, "数据库 %s 已存在，不能重新创建", s->path);
        return false;
    }
    if (app != PM_SQLITE_APP_ID) {
        pm_err_set(err, 0, "%s 不是 planmon 数据库", s->path);
        return false;
    }
    if (version > pm_sqlite_schema_latest) {
        pm_err_set(err, 0, "数据库版本较新（第 %lld 版），本程序只支持到第 %d 版：%s", version,
                   pm_sqlite_schema_latest, s->path);
        return false;
    }
    s->version = (int)version;
    return true;
}

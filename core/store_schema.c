/* store_schema — the migrations, in order. Version N is the N-th string.
 *
 * A released migration is never edited: a change to the schema is a new string at the end.
 * SQL is kept portable (no SQLite-only types or functions in table definitions) so that a
 * PostgreSQL back-end can follow the same history.
 */
#include "store_internal.h"

const char *const store__migrations[] = {
    /* 1: the audit trail and centres */
    "CREATE TABLE audit ("
    "  seq INTEGER PRIMARY KEY,"
    "  at TEXT NOT NULL,"
    "  actor_person INTEGER,"
    "  actor_uid INTEGER,"
    "  actor_name TEXT NOT NULL,"
    "  method TEXT NOT NULL,"
    "  params TEXT NOT NULL,"
    "  outcome TEXT NOT NULL,"
    "  record TEXT,"
    "  prev_hash TEXT NOT NULL,"
    "  hash TEXT NOT NULL"
    ");"
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
    "  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
    "  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
    "CREATE TABLE audit_head ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  seq INTEGER NOT NULL,"
    "  hash TEXT NOT NULL"
    ");"
    "CREATE TABLE centre ("
    "  id INTEGER PRIMARY KEY,"
    "  number TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  created_at TEXT NOT NULL"
    ");",

    /* 2: catalogue versions, as the body plugins handed them over */
    "CREATE TABLE catalogue_version ("
    "  id INTEGER PRIMARY KEY,"
    "  body TEXT NOT NULL,"
    "  plugin TEXT NOT NULL,"
    "  hash TEXT NOT NULL,"
    "  loaded_at TEXT NOT NULL,"
    "  json TEXT NOT NULL,"
    "  UNIQUE (body, hash)"
    ");",
};

const int store__nmigrations = sizeof store__migrations / sizeof store__migrations[0];

/*
 * The store: the only door to the database.
 *
 * Callers name statements from one table (enum stmt_id, SQL text in sql.h),
 * bind parameters by position, step, and read columns.  Each function here is
 * one indirect call through the table of the backend chosen at store_open()
 * (src/store/backend.h; store.c holds the calls): "sqlite" (sqlite.c) today,
 * PostgreSQL later, and for tests a fault-injecting wrapper (fault.c).
 * Nothing outside src/store/ knows which backend runs, and no caller writes
 * SQL text, nor the text of a full-text query (store_search_query()).
 *
 * Threads: a struct store is shared; each thread gets its own connection from
 * store_db(), opened on first use and closed by store_close().
 * Ownership: text and blobs returned by st_text()/st_blob() belong to the
 * statement and stay valid until the next st_step() or st_reset() on it.
 */
#ifndef ECAT_STORE_H
#define ECAT_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/sql.h"

enum stmt_id {
#define X(name, sql) name,
        STORE_STATEMENTS(X)
#undef X
            STMT__MAX
};

enum store_rc {
        STORE_OK = 0,
        STORE_ROW,        /* st_step: a row is ready */
        STORE_DONE,       /* st_step: no (more) rows */
        STORE_CONSTRAINT, /* a UNIQUE, FOREIGN KEY or CHECK constraint refused the write */
        STORE_BUSY,       /* the database stayed locked past the busy timeout */
        STORE_ERROR,      /* anything else; see db_errmsg() */
};

/* What db_lock() takes. */
enum store_lock {
        /*
         * The right to append to the audit chain: whoever holds it reads the
         * chain head and writes the next entry with no other writer between.
         */
        STORE_LOCK_AUDIT_CHAIN,
};

struct store;
struct db;
struct stmt;
struct arena;

/*
 * Open (and with create, make) the database at path, then bring its schema up
 * to date.  A database written by a newer ecat is refused.  On failure returns
 * -1 and writes a message into err.
 */
int store_open(const char *path, bool create, struct store **out, char *err, size_t errlen);
/* Close every connection; the store must be idle (no thread using it). */
void store_close(struct store *s);
/* "sqlite" */
const char *store_kind(const struct store *s);
/* Schema version of the open database, and the newest this binary knows. */
int store_schema_version(struct store *s);
int store_schema_latest(void);

/*
 * How long a write waits for another writer's lock (an import holds it for
 * the whole import) before db_begin_write() answers STORE_BUSY.  Set before
 * the store is used by more than one thread; ms >= 0.
 */
void store_set_lock_wait(struct store *s, int ms);

/* This thread's connection; NULL only when the database cannot be opened. */
struct db *store_db(struct store *s);

/* Transactions.  A write transaction takes the write lock at once. */
enum store_rc db_begin_read(struct db *db);
enum store_rc db_begin_write(struct db *db);
enum store_rc db_commit(struct db *db);
/* Roll back if a transaction is open; harmless otherwise. */
void db_rollback(struct db *db);
/*
 * A read scope: the reads of one request share one read transaction (one
 * snapshot, and on SQLite one shared lock taken and dropped) instead of one
 * each.  Inside it, db_begin_read() joins the scope's transaction and its
 * db_commit() or db_rollback() leaves it open; the first write (a
 * db_begin_write(), or a statement that writes outside a transaction) ends
 * the scope first and then runs as it would outside one, so a write never
 * waits for the scope's end to be committed and is never undone by it.  A
 * read transaction that wrote and is rolled back is rolled back at once.
 * db_read_scope_end() ends what is left; it is harmless when the scope has
 * ended already.  Scopes do not nest.
 */
void db_read_scope_begin(struct db *db);
void db_read_scope_end(struct db *db);
/*
 * Take the lock what for the rest of the open write transaction: it is held
 * until the transaction ends (commit or rollback) and cannot be released
 * earlier.  Outside a write transaction it refuses with STORE_ERROR.  SQLite
 * has one writer at a time, so there the write transaction (BEGIN IMMEDIATE)
 * already holds every lock and db_lock() only checks that it is open;
 * PostgreSQL takes a transaction-level advisory lock (pg_advisory_xact_lock).
 */
enum store_rc db_lock(struct db *db, enum store_lock what);
/*
 * A hint that this connection is about to write many rows in one transaction
 * (ecat import): a page cache of cache_mib MiB instead of the usual 16, so that
 * index and aggregate pages touched at random stay in memory instead of being
 * spilled to the write-ahead log and read back.  Memory is taken only as pages
 * are read.  Best effort: a failure changes nothing but the speed.
 */
void db_bulk_hint(struct db *db, unsigned cache_mib);

/* A prepared statement, reset with its bindings cleared; NULL on failure. */
struct stmt *db_prepare(struct db *db, enum stmt_id id);
int64_t db_changes(struct db *db);
const char *db_errmsg(struct db *db);
/*
 * A request's time limit: a statement still running past deadline_ms (on
 * the mono_ms() clock; 0: none) is interrupted and fails (STORE_ERROR), and
 * db_timed_out() then says so until the next db_set_deadline().
 */
void db_set_deadline(struct db *db, double deadline_ms);
bool db_timed_out(struct db *db);

/* Parameters are numbered from 1. */
void st_bind_int(struct stmt *st, int idx, int64_t v);
void st_bind_double(struct stmt *st, int idx, double v);
void st_bind_null(struct stmt *st, int idx);
/* s may be NULL (binds NULL); the text is copied. */
void st_bind_text(struct stmt *st, int idx, const char *s);
void st_bind_textn(struct stmt *st, int idx, const char *s, size_t len);
void st_bind_blob(struct stmt *st, int idx, const void *p, size_t len);

enum store_rc st_step(struct stmt *st);
/* Columns are numbered from 0. */
bool st_null(struct stmt *st, int col);
int64_t st_int(struct stmt *st, int col);
double st_double(struct stmt *st, int col);
/* "" for NULL, never NULL itself. */
const char *st_text(struct stmt *st, int col);
const void *st_blob(struct stmt *st, int col);
size_t st_bytes(struct stmt *st, int col);
/* The statement's result columns and their names ("" past the end). */
int st_column_count(struct stmt *st);
const char *st_column_name(struct stmt *st, int col);
/* Done with the statement for now (releases read locks of an autocommit read). */
void st_reset(struct stmt *st);

/* Step a statement that returns no rows; STORE_DONE on success. */
enum store_rc st_exec(struct stmt *st);
/*
 * Run an INSERT of one row (as st_exec) and set *id to the id of the row it
 * made; STORE_DONE on success, *id untouched otherwise.  SQLite reads
 * last_insert_rowid; PostgreSQL will read the statement's RETURNING id.
 */
enum store_rc st_insert(struct stmt *st, int64_t *id);

/* A consistent online copy of the whole database into out (must not exist). */
int store_backup(struct store *s, const char *out, char *err, size_t errlen);
/* PRAGMA integrity_check (or the backend's equivalent); 0 when sound. */
int store_check(struct store *s, char *err, size_t errlen);
/* The same check of a database file that is not open (a backup copy). */
int store_check_file(const char *path, char *err, size_t errlen);

/*
 * Full-text search.  Turn the free text of a search (?q=) into the value of a
 * statement's search parameter (STMT_ORG_LIST and the like: parameter 6),
 * text opaque to the caller and in the store's own dialect (SQLite: an FTS5
 * query over organisations_fts) that cannot carry the dialect's syntax.  q is
 * split at every ASCII character that is not a letter or digit (quotes,
 * stars, colons, brackets and spaces included); each piece becomes a prefix
 * match on the name, and the pieces (at most STORE_SEARCH_MAX_WORDS, and only
 * as many whole ones as fit in STORE_SEARCH_MAX_BYTES of query) are all
 * required.  "kaun" finds "Kaunas"; the index folds case and diacritics, so
 * "siauliai" finds "Šiauliai".  The result comes from a; NULL when q holds no
 * searchable piece (or a is full).
 */
#define STORE_SEARCH_MAX_WORDS 16
#define STORE_SEARCH_MAX_BYTES 4096
const char *store_search_query(struct arena *a, const char *q);

/*
 * For tests: a store whose calls fail on demand.  store_open_faulty() opens
 * path as store_open() does, behind a wrapper that counts the calls to
 * db_prepare, st_step, st_exec, st_insert, db_begin_read, db_begin_write and
 * db_commit (of every thread) and makes the nth counted call after
 * store_fault_arm() fail: db_prepare returns NULL, the others return how
 * (STORE_BUSY, or STORE_ERROR for any other value) without reaching the
 * database; a failed db_commit rolls the transaction back.  The failure is
 * logged as msg="injected store failure" call=N op=NAME.  Every other call
 * goes straight through.  The three functions after it do nothing (0, false)
 * on a store not opened so.
 */
int store_open_faulty(const char *path, bool create, struct store **out, char *err, size_t errlen);
/* Fail the nth counted call from now (1: the next); nth 0 disarms.  Resets the count. */
void store_fault_arm(struct store *s, long nth, enum store_rc how);
/* Counted calls since the last store_fault_arm() (or the open). */
long store_fault_calls(const struct store *s);
/* Whether the armed failure has happened. */
bool store_fault_fired(const struct store *s);

#endif

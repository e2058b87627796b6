/*
 * The store's own contracts against a real database: st_insert() returns the
 * new row's id, db_lock() refuses outside a write transaction, a read scope
 * holds one snapshot and never delays or undoes a write, and the
 * fault-injecting backend fails exactly the armed call and leaves the data as
 * it was.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <pthread.h>
#include <sqlite3.h>

#include "audit/audit.h"
#include "core/log.h"
#include "store/store.h"

static const unsigned char key[32] = {7, 7, 7};
static const unsigned char login_key[32] = {1, 2, 3};

struct fixture {
        char dir[64];
        char path[128];
};

static void remove_db(const char *path)
{
        char p[160];
        static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
        for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
                snprintf(p, sizeof(p), "%s%s", path, suffix[i]);
                unlink(p);
        }
}

static int setup(void **state)
{
        struct fixture *f = calloc(1, sizeof(*f));
        if (!f)
                return -1;
        snprintf(f->dir, sizeof(f->dir), "/tmp/ecat-unit-store-XXXXXX");
        if (!mkdtemp(f->dir)) {
                free(f);
                return -1;
        }
        snprintf(f->path, sizeof(f->path), "%s/store.db", f->dir);
        log_set_level(LOG_WARN);
        audit_set_key(key);
        *state = f;
        return 0;
}

static int teardown(void **state)
{
        struct fixture *f = *state;
        remove_db(f->path);
        rmdir(f->dir);
        free(f);
        return 0;
}

static struct store *open_plain(struct fixture *f)
{
        struct store *s = NULL;
        char err[512] = "";
        if (store_open(f->path, true, &s, err, sizeof(err)) != 0)
                fail_msg("store_open: %s", err);
        return s;
}

static struct store *open_faulty(struct fixture *f)
{
        struct store *s = NULL;
        char err[512] = "";
        if (store_open_faulty(f->path, true, &s, err, sizeof(err)) != 0)
                fail_msg("store_open_faulty: %s", err);
        return s;
}

/* Insert one login failure row; the statement's result, and *id from st_insert. */
static enum store_rc insert_row(struct db *db, int64_t at, int64_t *id)
{
        struct stmt *st = db_prepare(db, STMT_LOGIN_FAILURE_INSERT);
        if (!st)
                return STORE_ERROR;
        st_bind_blob(st, 1, login_key, sizeof(login_key));
        st_bind_int(st, 2, at);
        return st_insert(st, id);
}

static int64_t count_rows(struct db *db)
{
        struct stmt *st = db_prepare(db, STMT_LOGIN_FAILURE_COUNT);
        assert_non_null(st);
        st_bind_blob(st, 1, login_key, sizeof(login_key));
        st_bind_int(st, 2, -1);
        assert_int_equal(st_step(st), STORE_ROW);
        int64_t n = st_int(st, 0);
        st_reset(st);
        return n;
}

static void test_insert_ids(void **state)
{
        struct fixture *f = *state;
        struct store *s = open_plain(f);
        struct db *db = store_db(s);
        assert_non_null(db);
        assert_int_equal(db_begin_write(db), STORE_OK);
        for (int64_t i = 1; i <= 3; i++) {
                int64_t id = 0;
                assert_int_equal(insert_row(db, 100 + i, &id), STORE_DONE);
                assert_int_equal(id, i);
        }
        assert_int_equal(db_commit(db), STORE_OK);
        /* A refused insert reports the constraint and leaves *id alone. */
        struct stmt *st = db_prepare(db, STMT_USER_INSERT);
        assert_non_null(st);
        st_bind_text(st, 1, "someone");
        st_bind_text(st, 2, "");
        st_bind_int(st, 3, 999); /* no such organisation */
        st_bind_text(st, 4, "viewer");
        st_bind_int(st, 5, 0);
        st_bind_null(st, 6);
        st_bind_text(st, 7, "x");
        st_bind_int(st, 8, 1);
        int64_t id = -5;
        assert_int_equal(st_insert(st, &id), STORE_CONSTRAINT);
        assert_int_equal(id, -5);
        /* And the statement was reset: the next insert runs. */
        assert_int_equal(insert_row(db, 200, &id), STORE_DONE);
        assert_int_equal(id, 4);
        assert_string_equal(store_kind(s), "sqlite");
        store_close(s);
}

static void test_lock(void **state)
{
        struct fixture *f = *state;
        struct store *s = open_plain(f);
        struct db *db = store_db(s);
        /* Autocommit: no transaction. */
        assert_int_equal(db_lock(db, STORE_LOCK_AUDIT_CHAIN), STORE_ERROR);
        /* A read transaction, before and after its first read. */
        assert_int_equal(db_begin_read(db), STORE_OK);
        assert_int_equal(db_lock(db, STORE_LOCK_AUDIT_CHAIN), STORE_ERROR);
        assert_int_equal(count_rows(db), 0);
        assert_int_equal(db_lock(db, STORE_LOCK_AUDIT_CHAIN), STORE_ERROR);
        db_rollback(db);
        /* A write transaction holds it until it ends. */
        assert_int_equal(db_begin_write(db), STORE_OK);
        assert_int_equal(db_lock(db, STORE_LOCK_AUDIT_CHAIN), STORE_OK);
        assert_int_equal(db_lock(db, STORE_LOCK_AUDIT_CHAIN), STORE_OK);
        assert_int_equal(db_commit(db), STORE_OK);
        assert_int_equal(db_lock(db, STORE_LOCK_AUDIT_CHAIN), STORE_ERROR);
        /* audit_append() takes it, so it refuses outside a write transaction too. */
        struct audit_entry e = {.action = "test.append"};
        assert_int_equal(audit_append(db, &e), STORE_ERROR);
        assert_int_equal(audit_record(db, &e), STORE_OK);
        int64_t count;
        struct audit_problem p;
        assert_int_equal(audit_verify(db, &count, &p), 0);
        assert_int_equal(count, 1);
        store_close(s);
}

/* What another connection sees: the rows of login_failures, or runs sql there. */
static int64_t other_count(const struct fixture *f, const char *sql)
{
        sqlite3 *h = NULL;
        assert_int_equal(sqlite3_open_v2(f->path, &h, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
        sqlite3_busy_timeout(h, 2000);
        if (sql)
                assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
        sqlite3_stmt *st = NULL;
        assert_int_equal(
            sqlite3_prepare_v2(h, "SELECT count(*) FROM login_failures", -1, &st, NULL), SQLITE_OK);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        int64_t n = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        sqlite3_close(h);
        return n;
}

/* A row of login_key (as insert_row writes them), by another connection. */
#define OTHER_INSERT                                                                               \
        "INSERT INTO login_failures (login_key, at) VALUES "                                       \
        "(x'0102030000000000000000000000000000000000000000000000000000000000', 1)"

static void test_read_scope(void **state)
{
        struct fixture *f = *state;
        struct store *s = open_plain(f);
        struct db *db = store_db(s);
        int64_t id;

        /* One snapshot for every read of the scope, a db_begin_read() inside it too. */
        db_read_scope_begin(db);
        assert_int_equal(count_rows(db), 0);
        assert_int_equal(other_count(f, OTHER_INSERT), 1);
        assert_int_equal(count_rows(db), 0);
        assert_int_equal(db_begin_read(db), STORE_OK);
        assert_int_equal(count_rows(db), 0);
        assert_int_equal(db_commit(db), STORE_OK);
        assert_int_equal(count_rows(db), 0); /* still the scope's */
        db_rollback(db);                     /* a request's last rollback ends the scope */
        db_read_scope_end(db);               /* harmless after that */
        assert_int_equal(count_rows(db), 1);

        /* A write outside a transaction ends the scope and is committed at once. */
        db_read_scope_begin(db);
        assert_int_equal(count_rows(db), 1);
        assert_int_equal(insert_row(db, 10, &id), STORE_DONE);
        assert_int_equal(other_count(f, NULL), 2);
        assert_int_equal(count_rows(db), 2);
        db_read_scope_end(db);
        assert_int_equal(other_count(f, NULL), 2);

        /* A read transaction inside the scope that wrote and is rolled back: undone now. */
        db_read_scope_begin(db);
        assert_int_equal(count_rows(db), 2);
        assert_int_equal(db_begin_read(db), STORE_OK);
        assert_int_equal(insert_row(db, 11, &id), STORE_DONE);
        db_rollback(db);
        assert_int_equal(other_count(f, NULL), 2);
        assert_int_equal(count_rows(db), 2);
        db_read_scope_end(db);
        /* ... and one that wrote and commits: committed now, not at the scope's end. */
        db_read_scope_begin(db);
        assert_int_equal(db_begin_read(db), STORE_OK);
        assert_int_equal(insert_row(db, 12, &id), STORE_DONE);
        assert_int_equal(db_commit(db), STORE_OK);
        assert_int_equal(other_count(f, NULL), 3);
        db_read_scope_end(db);

        /* A write transaction in a scope sees the newest state and holds the write lock. */
        db_read_scope_begin(db);
        assert_int_equal(count_rows(db), 3);
        assert_int_equal(other_count(f, OTHER_INSERT), 4);
        assert_int_equal(db_begin_write(db), STORE_OK);
        assert_int_equal(db_lock(db, STORE_LOCK_AUDIT_CHAIN), STORE_OK);
        assert_int_equal(count_rows(db), 4);
        assert_int_equal(insert_row(db, 13, &id), STORE_DONE);
        assert_int_equal(db_commit(db), STORE_OK);
        assert_int_equal(other_count(f, NULL), 5);
        db_read_scope_end(db);

        /* Begun inside a transaction, a scope changes nothing: the transaction ends it. */
        assert_int_equal(db_begin_write(db), STORE_OK);
        db_read_scope_begin(db);
        assert_int_equal(insert_row(db, 14, &id), STORE_DONE);
        assert_int_equal(db_commit(db), STORE_OK);
        db_read_scope_end(db);
        assert_int_equal(other_count(f, NULL), 6);
        assert_int_equal(db_lock(db, STORE_LOCK_AUDIT_CHAIN), STORE_ERROR);
        store_close(s);
}

static void test_fault_counts(void **state)
{
        struct fixture *f = *state;
        struct store *s = open_faulty(f);
        assert_string_equal(store_kind(s), "sqlite");
        struct db *db = store_db(s);
        assert_non_null(db);
        assert_ptr_equal(store_db(s), db);
        store_fault_arm(s, 0, STORE_ERROR);
        assert_int_equal(store_fault_calls(s), 0);
        int64_t id = 0;
        assert_int_equal(db_begin_write(db), STORE_OK);       /* 1 */
        assert_int_equal(insert_row(db, 1, &id), STORE_DONE); /* 2, 3 */
        assert_int_equal(id, 1);
        assert_int_equal(db_lock(db, STORE_LOCK_AUDIT_CHAIN), STORE_OK); /* not counted */
        assert_int_equal(db_commit(db), STORE_OK);                       /* 4 */
        assert_int_equal(count_rows(db), 1);                             /* 5, 6 */
        struct stmt *st = db_prepare(db, STMT_SESSION_DELETE_EXPIRED);   /* 7 */
        assert_non_null(st);
        st_bind_int(st, 1, 0);
        st_bind_int(st, 2, 0);
        assert_int_equal(st_exec(st), STORE_DONE);     /* 8 */
        assert_int_equal(db_begin_read(db), STORE_OK); /* 9 */
        db_rollback(db);                               /* not counted */
        assert_int_equal(db_changes(db), 0);
        assert_int_equal(store_fault_calls(s), 9);
        assert_false(store_fault_fired(s));
        /* Arming starts the count again. */
        store_fault_arm(s, 100, STORE_ERROR);
        assert_int_equal(store_fault_calls(s), 0);
        store_close(s);
}

static void test_fault_prepare(void **state)
{
        struct fixture *f = *state;
        struct store *s = open_faulty(f);
        struct db *db = store_db(s);
        store_fault_arm(s, 2, STORE_ERROR);
        assert_non_null(db_prepare(db, STMT_LOGIN_FAILURE_COUNT));
        assert_false(store_fault_fired(s));
        assert_null(db_prepare(db, STMT_LOGIN_FAILURE_COUNT));
        assert_true(store_fault_fired(s));
        assert_int_equal(store_fault_calls(s), 2);
        /* Once only. */
        assert_non_null(db_prepare(db, STMT_LOGIN_FAILURE_COUNT));
        assert_int_equal(count_rows(db), 0);
        store_close(s);
}

static void test_fault_step(void **state)
{
        struct fixture *f = *state;
        struct store *s = open_faulty(f);
        struct db *db = store_db(s);
        int64_t id;
        assert_int_equal(insert_row(db, 1, &id), STORE_DONE);
        /* The third call (prepare, step, step) is the second step. */
        store_fault_arm(s, 3, STORE_BUSY);
        struct stmt *st = db_prepare(db, STMT_LOGIN_FAILURE_COUNT);
        assert_non_null(st);
        st_bind_blob(st, 1, login_key, sizeof(login_key));
        st_bind_int(st, 2, -1);
        assert_int_equal(st_step(st), STORE_ROW);
        assert_int_equal(st_int(st, 0), 1);
        assert_int_equal(st_step(st), STORE_BUSY);
        assert_true(store_fault_fired(s));
        st_reset(st);
        /* st_exec and st_insert are counted steps too. */
        store_fault_arm(s, 2, STORE_ERROR);
        id = -1;
        assert_int_equal(insert_row(db, 2, &id), STORE_ERROR);
        assert_int_equal(id, -1);
        assert_int_equal(count_rows(db), 1);
        store_fault_arm(s, 2, STORE_ERROR);
        st = db_prepare(db, STMT_LOGIN_FAILURE_PRUNE);
        assert_non_null(st);
        st_bind_int(st, 1, 1000);
        assert_int_equal(st_exec(st), STORE_ERROR);
        assert_int_equal(count_rows(db), 1);
        store_close(s);
}

static void test_fault_begin(void **state)
{
        struct fixture *f = *state;
        struct store *s = open_faulty(f);
        struct db *db = store_db(s);
        store_fault_arm(s, 1, STORE_BUSY);
        assert_int_equal(db_begin_write(db), STORE_BUSY);
        /* Nothing was begun. */
        assert_int_equal(db_lock(db, STORE_LOCK_AUDIT_CHAIN), STORE_ERROR);
        assert_int_equal(db_begin_write(db), STORE_OK);
        assert_int_equal(db_lock(db, STORE_LOCK_AUDIT_CHAIN), STORE_OK);
        db_rollback(db);
        store_fault_arm(s, 1, STORE_ERROR);
        assert_int_equal(db_begin_read(db), STORE_ERROR);
        assert_int_equal(db_begin_read(db), STORE_OK);
        db_rollback(db);
        store_close(s);
}

static void test_fault_commit(void **state)
{
        struct fixture *f = *state;
        struct store *s = open_faulty(f);
        struct db *db = store_db(s);
        int64_t id;
        assert_int_equal(db_begin_write(db), STORE_OK);
        assert_int_equal(insert_row(db, 1, &id), STORE_DONE);
        assert_int_equal(insert_row(db, 2, &id), STORE_DONE);
        assert_int_equal(db_commit(db), STORE_OK);

        assert_int_equal(db_begin_write(db), STORE_OK);
        assert_int_equal(insert_row(db, 3, &id), STORE_DONE);
        assert_int_equal(count_rows(db), 3);
        store_fault_arm(s, 1, STORE_ERROR);
        assert_int_equal(db_commit(db), STORE_ERROR);
        assert_true(store_fault_fired(s));
        db_rollback(db); /* what callers do; harmless */
        assert_int_equal(count_rows(db), 2);
        store_close(s);
        /* The file holds the two rows, seen through a plain store. */
        s = open_plain(f);
        assert_int_equal(count_rows(store_db(s)), 2);
        store_close(s);
}

static void test_fault_disarm(void **state)
{
        struct fixture *f = *state;
        struct store *s = open_faulty(f);
        struct db *db = store_db(s);
        store_fault_arm(s, 1, STORE_ERROR);
        store_fault_arm(s, 0, STORE_ERROR);
        for (int i = 0; i < 5; i++) {
                assert_int_equal(db_begin_write(db), STORE_OK);
                db_rollback(db);
        }
        assert_false(store_fault_fired(s));
        assert_int_equal(store_fault_calls(s), 5);
        store_close(s);
        /* A plain store ignores the fault calls. */
        s = open_plain(f);
        store_fault_arm(s, 1, STORE_ERROR);
        assert_int_equal(db_begin_write(store_db(s)), STORE_OK);
        db_rollback(store_db(s));
        assert_int_equal(store_fault_calls(s), 0);
        assert_false(store_fault_fired(s));
        store_close(s);
}

/* Every call of an audited write can fail; none leaves a broken chain or a half write. */
static void test_fault_audit_record(void **state)
{
        struct fixture *f = *state;
        struct store *s = open_faulty(f);
        struct db *db = store_db(s);
        struct audit_entry e = {.actor_id = 3, .action = "test.record", .object_type = "x"};
        assert_int_equal(audit_record(db, &e), STORE_OK);
        store_fault_arm(s, 0, STORE_ERROR);
        assert_int_equal(audit_record(db, &e), STORE_OK);
        long calls = store_fault_calls(s);
        assert_true(calls >= 5);
        int64_t expect = 2;
        for (long n = 1; n <= calls; n++) {
                store_fault_arm(s, n, STORE_ERROR);
                enum store_rc rc = audit_record(db, &e);
                assert_true(store_fault_fired(s));
                assert_int_not_equal(rc, STORE_OK);
                store_fault_arm(s, 0, STORE_ERROR);
                int64_t count;
                struct audit_problem p;
                assert_int_equal(audit_verify(db, &count, &p), 0);
                assert_int_equal(count, expect);
                assert_int_equal(audit_record(db, &e), STORE_OK);
                expect++;
        }
        store_close(s);
}

struct worker {
        struct store *s;
        int rounds;
        int ok;
};

static void *work(void *arg)
{
        struct worker *w = arg;
        struct db *db = store_db(w->s);
        if (!db)
                return NULL;
        for (int i = 0; i < w->rounds; i++)
                if (db_begin_read(db) == STORE_OK) {
                        w->ok++;
                        db_rollback(db);
                }
        return NULL;
}

static void test_fault_threads(void **state)
{
        struct fixture *f = *state;
        struct store *s = open_faulty(f);
        store_fault_arm(s, 250, STORE_ERROR);
        struct worker w[4];
        pthread_t t[4];
        for (int i = 0; i < 4; i++) {
                w[i] = (struct worker){s, 100, 0};
                assert_int_equal(pthread_create(&t[i], NULL, work, &w[i]), 0);
        }
        int ok = 0;
        for (int i = 0; i < 4; i++) {
                pthread_join(t[i], NULL);
                ok += w[i].ok;
        }
        assert_int_equal(store_fault_calls(s), 400);
        assert_true(store_fault_fired(s));
        assert_int_equal(ok, 399);
        store_close(s);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        const struct CMUnitTest tests[] = {
            T(test_insert_ids),         T(test_lock),          T(test_read_scope),
            T(test_fault_counts),       T(test_fault_prepare), T(test_fault_step),
            T(test_fault_begin),        T(test_fault_commit),  T(test_fault_disarm),
            T(test_fault_audit_record), T(test_fault_threads),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

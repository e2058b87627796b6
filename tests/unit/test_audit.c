/*
 * The audit chain against a real database: intact chains verify, and every
 * kind of tampering through the raw file (with the append-only triggers
 * dropped) is found at the right entry.
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
#include <sqlite3.h>

#include "audit/audit.h"
#include "core/log.h"
#include "store/store.h"

static const unsigned char key_a[32] = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11,
                                        12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
                                        23, 24, 25, 26, 27, 28, 29, 30, 31};
static const unsigned char key_b[32] = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11,
                                        12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
                                        23, 24, 25, 26, 27, 28, 29, 30, 32};

struct fixture {
        char dir[64];
        char path[128];
        int n_db;
};

static int setup(void **state)
{
        struct fixture *f = calloc(1, sizeof(*f));
        if (!f)
                return -1;
        snprintf(f->dir, sizeof(f->dir), "/tmp/ecat-unit-audit-XXXXXX");
        if (!mkdtemp(f->dir)) {
                free(f);
                return -1;
        }
        log_set_level(LOG_WARN);
        audit_set_key(key_a);
        *state = f;
        return 0;
}

static void remove_db(const char *path)
{
        char p[160];
        static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
        for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
                snprintf(p, sizeof(p), "%s%s", path, suffix[i]);
                unlink(p);
        }
}

static int teardown(void **state)
{
        struct fixture *f = *state;
        for (int i = 1; i <= f->n_db; i++) {
                char p[128];
                snprintf(p, sizeof(p), "%s/audit-%d.db", f->dir, i);
                remove_db(p);
        }
        rmdir(f->dir);
        free(f);
        return 0;
}

static struct store *open_store(const char *path, bool create)
{
        struct store *s = NULL;
        char err[512] = "";
        if (store_open(path, create, &s, err, sizeof(err)) != 0)
                fail_msg("store_open %s: %s", path, err);
        return s;
}

static void append_entries(struct store *s, int first, int n)
{
        struct db *db = store_db(s);
        assert_non_null(db);
        for (int i = first; i < first + n; i++) {
                struct audit_entry e = {
                    .actor_id = i % 3 ? i : 0,
                    .action = i % 2 ? "user.update" : "session.login",
                    .object_type = i % 2 ? "user" : "",
                    .object_id = i % 2 ? 100 + i : 0,
                    .outcome = i % 4 == 0 ? "denied" : "ok",
                    .request_id = i % 5 ? "0123456789abcdef" : NULL,
                };
                assert_int_equal(db_begin_write(db), STORE_OK);
                assert_int_equal(audit_append(db, &e), STORE_OK);
                assert_int_equal(db_commit(db), STORE_OK);
        }
}

/* A new database holding a chain of n entries made with the current key. */
static const char *fresh_chain(struct fixture *f, int n)
{
        snprintf(f->path, sizeof(f->path), "%s/audit-%d.db", f->dir, ++f->n_db);
        struct store *s = open_store(f->path, true);
        append_entries(s, 1, n);
        store_close(s);
        return f->path;
}

static int verify(const char *path, int64_t *count, struct audit_problem *problem)
{
        struct store *s = open_store(path, false);
        struct db *db = store_db(s);
        assert_non_null(db);
        memset(problem, 0, sizeof(*problem));
        *count = -1;
        int rc = audit_verify(db, count, problem);
        store_close(s);
        return rc;
}

/* Run sql on the raw file, as someone who can write it but has no key. */
static void tamper(const char *path, const char *sql)
{
        sqlite3 *h = NULL;
        assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
        char *msg = NULL;
        int rc = sqlite3_exec(h,
                              "DROP TRIGGER IF EXISTS audit_log_no_update;"
                              "DROP TRIGGER IF EXISTS audit_log_no_delete;",
                              NULL, NULL, &msg);
        if (rc == SQLITE_OK)
                rc = sqlite3_exec(h, sql, NULL, NULL, &msg);
        if (rc != SQLITE_OK)
                fail_msg("tamper \"%s\": %s", sql, msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        assert_int_equal(sqlite3_close(h), SQLITE_OK);
}

/* The chain must be broken at entry id, with entries before it counted. */
static void expect_broken(const char *path, int64_t id, const char *reason_part)
{
        int64_t count;
        struct audit_problem p;
        int rc = verify(path, &count, &p);
        if (rc != 1)
                fail_msg("audit_verify returned %d, expected a broken chain at %lld", rc,
                         (long long)id);
        if (p.id != id)
                fail_msg("broken at %lld (%s), expected %lld", (long long)p.id, p.reason,
                         (long long)id);
        assert_true(p.reason[0] != '\0');
        if (!strstr(p.reason, reason_part))
                fail_msg("reason \"%s\" lacks \"%s\"", p.reason, reason_part);
}

static void test_intact(void **state)
{
        struct fixture *f = *state;
        int64_t count;
        struct audit_problem p;
        const char *path = fresh_chain(f, 0);
        assert_int_equal(verify(path, &count, &p), 0);
        assert_int_equal(count, 0);

        path = fresh_chain(f, 12);
        assert_int_equal(verify(path, &count, &p), 0);
        assert_int_equal(count, 12);

        /* The chain carries on across reopening, and through audit_record. */
        struct store *s = open_store(path, false);
        append_entries(s, 13, 3);
        struct audit_entry e = {.actor_id = 0, .action = "session.login_failed"};
        assert_int_equal(audit_record(store_db(s), &e), STORE_OK);
        store_close(s);
        assert_int_equal(verify(path, &count, &p), 0);
        assert_int_equal(count, 16);
}

static void test_rolled_back_append(void **state)
{
        struct fixture *f = *state;
        const char *path = fresh_chain(f, 3);
        struct store *s = open_store(path, false);
        struct db *db = store_db(s);
        struct audit_entry e = {.actor_id = 7, .action = "user.create", .object_type = "user"};
        assert_int_equal(db_begin_write(db), STORE_OK);
        assert_int_equal(audit_append(db, &e), STORE_OK);
        db_rollback(db);
        append_entries(s, 4, 1);
        store_close(s);
        int64_t count;
        struct audit_problem p;
        assert_int_equal(verify(path, &count, &p), 0);
        assert_int_equal(count, 4);
}

static void test_triggers_refuse(void **state)
{
        struct fixture *f = *state;
        const char *path = fresh_chain(f, 3);
        sqlite3 *h = NULL;
        assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
        assert_int_not_equal(
            sqlite3_exec(h, "UPDATE audit_log SET action = 'x' WHERE id = 2", NULL, NULL, NULL),
            SQLITE_OK);
        assert_int_not_equal(
            sqlite3_exec(h, "DELETE FROM audit_log WHERE id = 3", NULL, NULL, NULL), SQLITE_OK);
        sqlite3_close(h);
        int64_t count;
        struct audit_problem p;
        assert_int_equal(verify(path, &count, &p), 0);
        assert_int_equal(count, 3);
}

static void test_edited(void **state)
{
        struct fixture *f = *state;
        static const char *const edits[] = {
            "UPDATE audit_log SET action = 'user.delete' WHERE id = 3",
            "UPDATE audit_log SET object_id = 999 WHERE id = 3",
            "UPDATE audit_log SET object_type = 'organisation' WHERE id = 3",
            "UPDATE audit_log SET actor_id = 1 WHERE id = 3",
            "UPDATE audit_log SET at = at - 3600 WHERE id = 3",
            "UPDATE audit_log SET outcome = 'denied' WHERE id = 3",
            "UPDATE audit_log SET request_id = 'ffffffffffffffff' WHERE id = 3",
            "UPDATE audit_log SET hash = randomblob(32) WHERE id = 3",
        };
        for (size_t i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
                const char *path = fresh_chain(f, 5);
                tamper(path, edits[i]);
                expect_broken(path, 3, "does not match its hash");
        }
        /* An actor removed from an entry (entry 4 has actor 4). */
        const char *path = fresh_chain(f, 5);
        tamper(path, "UPDATE audit_log SET actor_id = NULL WHERE id = 4");
        expect_broken(path, 4, "does not match its hash");
        /* The last entry is checked as well as the others. */
        path = fresh_chain(f, 5);
        tamper(path, "UPDATE audit_log SET action = 'x' WHERE id = 5");
        expect_broken(path, 5, "does not match its hash");
        /* A broken link or a hash of the wrong size. */
        path = fresh_chain(f, 5);
        tamper(path, "UPDATE audit_log SET prev_hash = randomblob(32) WHERE id = 2");
        expect_broken(path, 2, "does not link");
        path = fresh_chain(f, 5);
        tamper(path, "UPDATE audit_log SET hash = X'00' WHERE id = 4");
        expect_broken(path, 4, "does not link");
        /* Edit a row and recompute the next link by copying its stored hash. */
        path = fresh_chain(f, 5);
        tamper(path, "UPDATE audit_log SET outcome = 'failed' WHERE id = 2;"
                     "UPDATE audit_log SET prev_hash = (SELECT hash FROM audit_log WHERE id = 2) "
                     "WHERE id = 3");
        expect_broken(path, 2, "does not match its hash");
}

static void test_deleted(void **state)
{
        struct fixture *f = *state;
        const char *path = fresh_chain(f, 5);
        tamper(path, "DELETE FROM audit_log WHERE id = 3");
        expect_broken(path, 4, "entries 3 to 3 are missing");

        path = fresh_chain(f, 5);
        tamper(path, "DELETE FROM audit_log WHERE id = 1");
        expect_broken(path, 2, "entries 1 to 1 are missing");

        path = fresh_chain(f, 6);
        tamper(path, "DELETE FROM audit_log WHERE id BETWEEN 2 AND 4");
        expect_broken(path, 5, "entries 2 to 4 are missing");

        /* Removed and the ids closed up: the links no longer meet. */
        path = fresh_chain(f, 5);
        tamper(path, "DELETE FROM audit_log WHERE id = 3;"
                     "UPDATE audit_log SET id = id - 1 WHERE id = 4;"
                     "UPDATE audit_log SET id = id - 1 WHERE id = 5;");
        expect_broken(path, 3, "does not link");
}

static void test_swapped(void **state)
{
        struct fixture *f = *state;
        /* Two rows exchange places (their ids). */
        const char *path = fresh_chain(f, 5);
        tamper(path, "UPDATE audit_log SET id = -2 WHERE id = 2;"
                     "UPDATE audit_log SET id = 2 WHERE id = 3;"
                     "UPDATE audit_log SET id = 3 WHERE id = -2;");
        expect_broken(path, 2, "does not link");
        /* The first and the last. */
        path = fresh_chain(f, 5);
        tamper(path, "UPDATE audit_log SET id = -1 WHERE id = 1;"
                     "UPDATE audit_log SET id = 1 WHERE id = 5;"
                     "UPDATE audit_log SET id = 5 WHERE id = -1;");
        expect_broken(path, 1, "does not link");
        /* Contents swapped, links rewritten to match the new order. */
        path = fresh_chain(f, 5);
        tamper(path, "CREATE TEMP TABLE t AS SELECT * FROM audit_log WHERE id IN (2, 3);"
                     "UPDATE audit_log SET (at, actor_id, action, object_type, object_id, "
                     "outcome, request_id, hash) = (SELECT at, actor_id, action, object_type, "
                     "object_id, outcome, request_id, hash FROM t WHERE t.id = 5 - audit_log.id) "
                     "WHERE id IN (2, 3);"
                     "UPDATE audit_log SET prev_hash = (SELECT hash FROM audit_log a "
                     "WHERE a.id = audit_log.id - 1) WHERE id IN (3, 4);");
        expect_broken(path, 2, "does not match its hash");
}

/* A row made up by someone without the key: id, then the id whose hash it links to. */
#define FORGED                                                                                     \
        "INSERT INTO audit_log (id, at, actor_id, action, object_type, object_id, outcome, "       \
        "request_id, prev_hash, hash) VALUES (%d, strftime('%%s','now'), 1, 'user.update', "       \
        "'user', 2, 'ok', '', (SELECT hash FROM audit_log WHERE id = %d), randomblob(32));"

static void test_inserted(void **state)
{
        struct fixture *f = *state;
        char sql[512];
        /* Appended at the end, linked to the last entry. */
        const char *path = fresh_chain(f, 5);
        snprintf(sql, sizeof(sql), FORGED, 6, 5);
        tamper(path, sql);
        expect_broken(path, 6, "does not match its hash");
        /* Inserted in the middle, the later ids moved up to make room. */
        path = fresh_chain(f, 5);
        snprintf(sql, sizeof(sql), FORGED, 3, 2);
        char sql2[1024];
        snprintf(sql2, sizeof(sql2),
                 "UPDATE audit_log SET id = -id WHERE id >= 3;"
                 "UPDATE audit_log SET id = 1 - id WHERE id < 0;%s",
                 sql);
        tamper(path, sql2);
        expect_broken(path, 3, "does not match its hash");
        /* Inserted with an id of its own past the end. */
        path = fresh_chain(f, 5);
        snprintf(sql, sizeof(sql), FORGED, 100, 5);
        tamper(path, sql);
        expect_broken(path, 100, "entries 6 to 99 are missing");
        /* Inserted before the first entry. */
        path = fresh_chain(f, 3);
        tamper(path, "INSERT INTO audit_log (id, at, actor_id, action, object_type, object_id, "
                     "outcome, request_id, prev_hash, hash) VALUES (0, 0, NULL, 'x', '', NULL, "
                     "'ok', '', zeroblob(32), randomblob(32))");
        expect_broken(path, 0, "out of order");
}

static void test_other_key(void **state)
{
        struct fixture *f = *state;
        /* A chain made with another key fails at its first entry. */
        audit_set_key(key_b);
        const char *path = fresh_chain(f, 4);
        audit_set_key(key_a);
        expect_broken(path, 1, "does not match its hash");
        /* Entries appended with another key fail where they start. */
        path = fresh_chain(f, 3);
        struct store *s = open_store(path, false);
        audit_set_key(key_b);
        append_entries(s, 4, 2);
        store_close(s);
        audit_set_key(key_a);
        expect_broken(path, 4, "does not match its hash");
        /* And verify with the key that made them fails at the first. */
        audit_set_key(key_b);
        expect_broken(path, 1, "does not match its hash");
        audit_set_key(key_a);
}

/* NULL, 0 and '' differ: entry 3 has no actor, entry 2 no object. */
static void test_null_is_not_zero(void **state)
{
        struct fixture *f = *state;
        const char *path = fresh_chain(f, 5);
        tamper(path, "UPDATE audit_log SET actor_id = 0 WHERE id = 3");
        expect_broken(path, 3, "does not match its hash");
        path = fresh_chain(f, 5);
        tamper(path, "UPDATE audit_log SET object_id = 0 WHERE id = 2");
        expect_broken(path, 2, "does not match its hash");
        /* An entry made to look older than the hash version it was written with. */
        path = fresh_chain(f, 5);
        tamper(path, "UPDATE audit_log SET version = 1 WHERE id = 5");
        expect_broken(path, 5, "does not match its hash");
        path = fresh_chain(f, 5);
        tamper(path, "UPDATE audit_log SET version = 9 WHERE id = 2");
        expect_broken(path, 2, "hash version 9 is unknown");
}

/* The end of the chain is anchored: entries cut from the end are found. */
static void test_tail_cut(void **state)
{
        struct fixture *f = *state;
        const char *path = fresh_chain(f, 5);
        tamper(path, "DELETE FROM audit_log WHERE id >= 4");
        expect_broken(path, 4, "entries 4 to 5 are missing at the end");
        path = fresh_chain(f, 5);
        tamper(path, "DELETE FROM audit_log");
        expect_broken(path, 1, "entries 1 to 5 are missing at the end");
        /* The head moved back by hand: its MAC no longer fits. */
        path = fresh_chain(f, 5);
        tamper(path, "DELETE FROM audit_log WHERE id = 5;"
                     "UPDATE audit_head SET last_id = 4, last_hash = (SELECT hash FROM audit_log "
                     "WHERE id = 4)");
        expect_broken(path, 5, "forged");
        path = fresh_chain(f, 5);
        tamper(path, "DELETE FROM audit_log WHERE id = 5; DELETE FROM audit_head");
        expect_broken(path, 5, "head record is missing");
        path = fresh_chain(f, 5);
        tamper(path, "DELETE FROM audit_log WHERE id = 5; UPDATE audit_head SET mac = NULL");
        expect_broken(path, 5, "not anchored");
        path = fresh_chain(f, 5);
        tamper(path, "UPDATE audit_head SET mac = X'00'");
        expect_broken(path, 6, "forged");
}

/* A checkpoint kept elsewhere finds what the file alone cannot: an old head put back. */
static void test_checkpoint(void **state)
{
        struct fixture *f = *state;
        const char *path = fresh_chain(f, 5);
        tamper(path, "CREATE TABLE saved_head AS SELECT * FROM audit_head");
        struct store *s = open_store(path, false);
        append_entries(s, 6, 2);
        struct audit_head head;
        struct audit_problem p;
        assert_int_equal(audit_checkpoint(store_db(s), &head, &p), 0);
        assert_int_equal(head.id, 7);
        char text[AUDIT_HEAD_TEXT];
        audit_head_format(&head, text);
        store_close(s);

        struct audit_head kept;
        assert_int_equal(audit_head_parse(text, &kept), 0);
        assert_true(audit_head_valid(&kept));
        assert_int_equal(kept.id, 7);
        assert_memory_equal(kept.hash, head.hash, 32);
        /* Other keys and other text are refused. */
        audit_set_key(key_b);
        assert_false(audit_head_valid(&kept));
        audit_set_key(key_a);
        assert_int_equal(audit_head_parse("ecat-audit-head-v1 7 abc 1 def", &kept), -1);
        assert_int_equal(audit_head_parse(text, &kept), 0);

        /* Intact against it, and after more entries too. */
        s = open_store(path, false);
        struct audit_verdict v;
        assert_int_equal(audit_verify_against(store_db(s), &kept, &v, &p), 0);
        append_entries(s, 8, 1);
        assert_int_equal(audit_verify_against(store_db(s), &kept, &v, &p), 0);
        assert_int_equal(v.entries, 8);
        store_close(s);

        /* The tail cut and the old head put back: the file looks whole... */
        tamper(path, "DELETE FROM audit_log WHERE id > 5; DELETE FROM audit_head;"
                     "INSERT INTO audit_head SELECT * FROM saved_head");
        int64_t count;
        assert_int_equal(verify(path, &count, &p), 0);
        assert_int_equal(count, 5);
        /* ...but not against the checkpoint. */
        s = open_store(path, false);
        assert_int_equal(audit_verify_against(store_db(s), &kept, &v, &p), 1);
        assert_int_equal(p.id, 6);
        assert_non_null(strstr(p.reason, "entries 6 to 7 of the kept checkpoint are missing"));
        store_close(s);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        const struct CMUnitTest tests[] = {
            T(test_intact),           T(test_rolled_back_append),
            T(test_triggers_refuse),  T(test_edited),
            T(test_deleted),          T(test_swapped),
            T(test_inserted),         T(test_other_key),
            T(test_null_is_not_zero), T(test_tail_cut),
            T(test_checkpoint),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

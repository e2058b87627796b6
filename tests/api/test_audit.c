/*
 * The audit log: what is recorded (logins, failed logins, refusals, writes),
 * who may read it (the auditor), and that `ecat audit verify` finds every
 * edited, removed, reordered or inserted entry in a copy of the database
 * changed the way an attacker holding the file would change it.
 */
#include "harness.h"

#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The newest entry with this action, as the auditor sees it through the API. */
static json_t *entry_by_action(struct client *auditor, const char *action)
{
        struct resp *r = http_get(auditor, test_msg("/api/v1/audit?action=%s&limit=1", action));
        CHECK_STATUS(r, 200);
        CHECK(json_int_at(r->json, "total") >= 1, "no %s entry: %s", action, r->body);
        json_t *e = json_array_get(json_at(r->json, "items"), 0);
        CHECK(e != NULL);
        CHECK_STR(json_str_at(e, "action"), action);
        return e;
}

static void check_entry_shape(json_t *e)
{
        static const char *const keys[] = {"id",      "at",          "actor_id",
                                           "action",  "object_type", "object_id",
                                           "outcome", "request_id",  NULL};
        size_t n = 0;
        for (; keys[n]; n++)
                CHECK(json_object_get(e, keys[n]) != NULL, "entry without %s", keys[n]);
        CHECK_INT(json_object_size(e), n);
        const char *at = json_str_at(e, "at");
        CHECK(at && strlen(at) == 20 && at[19] == 'Z', "at %s", at ? at : "(none)");
}

API_TEST(entries_for_logins_refusals_and_writes)
{
        struct server *s = server_start(NULL);
        struct client *auditor = client_login(s, "auditor");
        /* A failed login. */
        struct resp *failed = try_login(client_new(s), "coordinator", "not-the-password-123");
        CHECK_STATUS(failed, 401);
        json_t *e = entry_by_action(auditor, "session.login_failed");
        CHECK_INT(json_int_at(e, "object_id"), 2);
        CHECK_STR(json_str_at(e, "outcome"), "failed");
        CHECK_STR(json_str_at(e, "request_id"), resp_header(failed, "X-Request-Id"));
        /* A login. */
        struct client *admin = client_new(s);
        struct resp *r = login(admin, "admin", "demo-admin-pass-2013");
        e = entry_by_action(auditor, "session.login");
        CHECK_INT(json_int_at(e, "actor_id"), 1);
        CHECK_STR(json_str_at(e, "outcome"), "ok");
        CHECK_STR(json_str_at(e, "request_id"), resp_header(r, "X-Request-Id"));
        /* A refused access. */
        struct client *viewer = client_login(s, "viewer");
        r = http_get(viewer, "/api/v1/users");
        CHECK_STATUS(r, 403);
        e = entry_by_action(auditor, "access.denied");
        CHECK_INT(json_int_at(e, "actor_id"), 6);
        CHECK_STR(json_str_at(e, "outcome"), "denied");
        CHECK_STR(json_str_at(e, "object_type"), "user.read");
        CHECK_STR(json_str_at(e, "request_id"), resp_header(r, "X-Request-Id"));
        /* Writes: create, update, password reset. */
        r = http_json(admin, "POST", "/api/v1/users",
                      "{\"login\":\"newcomer\",\"display_name\":\"Ona Petraitiene\","
                      "\"organisation_id\":1,\"role\":\"viewer\",\"password\":\"secret-words-of-"
                      "newcomer\"}");
        CHECK_STATUS(r, 201);
        long long uid = json_int_at(r->json, "id");
        e = entry_by_action(auditor, "user.create");
        CHECK_INT(json_int_at(e, "actor_id"), 1);
        CHECK_STR(json_str_at(e, "object_type"), "user");
        CHECK_INT(json_int_at(e, "object_id"), uid);
        CHECK_STR(json_str_at(e, "request_id"), resp_header(r, "X-Request-Id"));
        r = http_json(admin, "PATCH", test_msg("/api/v1/users/%lld", uid),
                      "{\"role\":\"auditor\"}");
        CHECK_STATUS(r, 200);
        e = entry_by_action(auditor, "user.update");
        CHECK_INT(json_int_at(e, "object_id"), uid);
        CHECK_STR(json_str_at(e, "request_id"), resp_header(r, "X-Request-Id"));
        r = http_json(admin, "PATCH", test_msg("/api/v1/users/%lld", uid),
                      "{\"password\":\"other-secret-words-2024\"}");
        CHECK_STATUS(r, 200);
        e = entry_by_action(auditor, "user.password_reset");
        CHECK_INT(json_int_at(e, "object_id"), uid);
        /* A write refused by validation leaves no write entry. */
        int64_t creates =
            db_int(server_db(s), "SELECT count(*) FROM audit_log WHERE action = 'user.create'");
        CHECK_STATUS(http_json(admin, "POST", "/api/v1/users", "{\"login\":1}"), 422);
        CHECK_INT(db_int(server_db(s), "SELECT count(*) FROM audit_log WHERE action = "
                                       "'user.create'"),
                  creates);

        /* The list: newest first, paged, filtered, each entry in the documented shape. */
        r = http_get(auditor, "/api/v1/audit?limit=500");
        CHECK_STATUS(r, 200);
        json_t *items = json_at(r->json, "items");
        long long total = json_int_at(r->json, "total");
        CHECK_INT(json_array_size(items), total);
        CHECK_INT(total, db_int(server_db(s), "SELECT count(*) FROM audit_log"));
        for (size_t i = 0; i < json_array_size(items); i++) {
                check_entry_shape(json_array_get(items, i));
                if (i)
                        CHECK(json_int_at(json_array_get(items, i - 1), "id") >
                              json_int_at(json_array_get(items, i), "id"));
        }
        r = http_get(auditor, "/api/v1/audit?limit=2&offset=1");
        CHECK_INT(json_array_size(json_at(r->json, "items")), 2);
        CHECK_INT(json_int_at(r->json, "total"), total);
        CHECK_INT(json_int_at(json_array_get(json_at(r->json, "items"), 0), "id"), total - 1);
        r = http_get(auditor, test_msg("/api/v1/audit?object_type=user&object_id=%lld", uid));
        CHECK_INT(json_int_at(r->json, "total"), 3);
        r = http_get(auditor, "/api/v1/audit?actor=6&action=access.denied");
        CHECK_INT(json_int_at(r->json, "total"), 1);
        expect_error(http_get(auditor, "/api/v1/audit?actor=x"), 400, "bad_request", "actor");
        expect_error(http_get(auditor, "/api/v1/audit?who=1"), 400, "bad_request", "who");

        /* No names or secrets in the audit log or the server log: ids only. */
        r = http_get(auditor, "/api/v1/audit?limit=500");
        static const char *const secrets[] = {"Ona Petraitiene",    "secret-words-of-newcomer",
                                              "other-secret-words", "demo-admin-pass-2013",
                                              "not-the-password",   NULL};
        /* Stopped first, so every line the server kept in its log batches is written. */
        server_stop(s);
        char *log = NULL;
        FILE *f = fopen(test_msg("%s/server.log", server_dir(s)), "r");
        CHECK(f != NULL);
        size_t cap = 1 << 20;
        log = (char *)test_msg("%s", str_repeat(" ", cap));
        size_t n = fread(log, 1, cap - 1, f);
        log[n] = '\0';
        fclose(f);
        CHECK(strstr(log, "route=\"/api/v1/audit\"") != NULL, "no access line in the server log");
        for (size_t i = 0; secrets[i]; i++) {
                CHECK(strstr(r->body, secrets[i]) == NULL, "the audit log holds %s", secrets[i]);
                CHECK(strstr(log, secrets[i]) == NULL, "the server log holds %s", secrets[i]);
        }
        CHECK_INT(db_int(server_db(s), "SELECT count(*) FROM audit_log WHERE action || "
                                       "object_type || outcome || request_id LIKE '%newcomer%'"),
                  0);
}

API_TEST(audit_log_is_for_the_auditor_only)
{
        struct server *s = server_start(NULL);
        static const char *const others[] = {"admin",       "coordinator", "outreach", "caseworker",
                                             "casemanager", "viewer",      NULL};
        for (size_t i = 0; others[i]; i++) {
                struct client *c = client_login(s, others[i]);
                expect_error(http_get(c, "/api/v1/audit"), 403, "forbidden", NULL);
        }
        expect_error(http_get(client_new(s), "/api/v1/audit"), 401, "unauthenticated", NULL);
        struct client *auditor = client_login(s, "auditor");
        struct resp *r = http_get(auditor, "/api/v1/audit");
        CHECK_STATUS(r, 200);
        /* An auditor reads; it does not administer. */
        expect_error(http_get(auditor, "/api/v1/users"), 403, "forbidden", NULL);
        /* The log cannot be changed through SQL either while the triggers stand. */
        sqlite3 *h = NULL;
        CHECK(sqlite3_open(server_db(s), &h) == SQLITE_OK);
        sqlite3_busy_timeout(h, 5000);
        int upd =
            sqlite3_exec(h, "UPDATE audit_log SET outcome = 'ok' WHERE id = 1", NULL, NULL, NULL);
        int del = sqlite3_exec(h, "DELETE FROM audit_log WHERE id = 1", NULL, NULL, NULL);
        sqlite3_close(h);
        CHECK(upd != SQLITE_OK, "an audit entry was updated");
        CHECK(del != SQLITE_OK, "an audit entry was deleted");
}

/* ---- tampering ---- */

/* A copy of the stopped server's database (and key file) to tamper with. */
static const char *copy_db(struct server *s, const char *name)
{
        const char *to = test_path(name);
        CHECK(copy_file(server_db(s), to) == 0, "copy %s", to);
        CHECK(copy_file(test_msg("%s.key", server_db(s)), test_msg("%s.key", to)) == 0);
        CHECK(access(test_msg("%s-wal", server_db(s)), F_OK) != 0,
              "a WAL file is left after a clean stop");
        return to;
}

/* Tamper as someone holding the file would: the append-only triggers go first. */
static void tamper(const char *db, const char *sql)
{
        db_exec(db, test_msg("DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS "
                             "audit_log_no_delete; "
                             "%s",
                             sql));
}

/* The audit chain's key, derived from the key file as ecat derives it. */
static void audit_key(const char *db, unsigned char key[32])
{
        const char *path = test_msg("%s.key", db);
        FILE *f = fopen(path, "r");
        CHECK(f != NULL, "cannot open %s", path);
        char text[128] = "";
        size_t n = fread(text, 1, sizeof(text) - 1, f);
        fclose(f);
        text[n] = '\0';
        const char *hex = strchr(text, '\n');
        CHECK(hex && strncmp(text, "ecat-key-v1", 11) == 0, "not an ecat key file");
        unsigned char master[crypto_kdf_KEYBYTES];
        size_t len = 0;
        CHECK(sodium_hex2bin(master, sizeof(master), hex + 1, 64, NULL, &len, NULL) == 0 &&
              len == sizeof(master));
        CHECK(crypto_kdf_derive_from_key(key, 32, 1, "ecat-key", master) == 0);
        sodium_memzero(master, sizeof(master));
}

static void feed_int(crypto_generichash_state *h, int64_t v)
{
        unsigned char b[8];
        for (int i = 0; i < 8; i++)
                b[i] = (unsigned char)((uint64_t)v >> (56 - 8 * i));
        crypto_generichash_update(h, b, sizeof(b));
}

static void feed_str(crypto_generichash_state *h, const unsigned char *s)
{
        size_t n = s ? strlen((const char *)s) : 0;
        feed_int(h, (int64_t)n);
        if (n)
                crypto_generichash_update(h, s, n);
}

/* A column as version 2 hashes it: a type tag (0 NULL, 1 integer, 2 text), then its value. */
static void feed_typed(crypto_generichash_state *h, sqlite3_stmt *st, int col)
{
        unsigned char tag = sqlite3_column_type(st, col) == SQLITE_NULL      ? 0
                            : sqlite3_column_type(st, col) == SQLITE_INTEGER ? 1
                                                                             : 2;
        crypto_generichash_update(h, &tag, 1);
        if (tag == 1)
                feed_int(h, sqlite3_column_int64(st, col));
        else if (tag == 2)
                feed_str(h, sqlite3_column_text(st, col));
}

/* The hash of the newest entry rechain() wrote. */
static unsigned char last_hash[32];
static void last_hash_set(const unsigned char h[32])
{
        memcpy(last_hash, h, 32);
}

/*
 * Recompute the chain from entry first on, with key (NULL: without one, as
 * someone holding only the database file would have to).
 */
static void rechain(const char *db, long long first, const unsigned char *key)
{
        sqlite3 *h = NULL;
        CHECK(sqlite3_open(db, &h) == SQLITE_OK);
        sqlite3_stmt *sel = NULL, *upd = NULL;
        int rc = sqlite3_prepare_v2(h,
                                    "SELECT id, at, actor_id, action, object_type, object_id, "
                                    "outcome, request_id, (SELECT hash FROM audit_log p WHERE p.id "
                                    "= a.id - 1), version FROM audit_log a WHERE id = ?",
                                    -1, &sel, NULL);
        if (rc == SQLITE_OK)
                rc = sqlite3_prepare_v2(
                    h, "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", -1, &upd, NULL);
        long long last = 0;
        if (rc == SQLITE_OK) {
                sqlite3_stmt *mx = NULL;
                sqlite3_prepare_v2(h, "SELECT max(id) FROM audit_log", -1, &mx, NULL);
                if (mx && sqlite3_step(mx) == SQLITE_ROW)
                        last = sqlite3_column_int64(mx, 0);
                sqlite3_finalize(mx);
        }
        for (long long id = first; rc == SQLITE_OK && id <= last; id++) {
                sqlite3_bind_int64(sel, 1, id);
                if (sqlite3_step(sel) != SQLITE_ROW) {
                        rc = SQLITE_ERROR;
                        break;
                }
                unsigned char prev[32] = {0}, hash[32];
                if (sqlite3_column_bytes(sel, 8) == 32)
                        memcpy(prev, sqlite3_column_blob(sel, 8), 32);
                crypto_generichash_state st;
                crypto_generichash_init(&st, key, key ? 32 : 0, 32);
                if (sqlite3_column_int64(sel, 9) == 1) {
                        feed_int(&st, sqlite3_column_int64(sel, 0));
                        feed_int(&st, sqlite3_column_int64(sel, 1));
                        feed_int(&st, sqlite3_column_int64(sel, 2));
                        for (int col = 3; col <= 4; col++)
                                feed_str(&st, sqlite3_column_text(sel, col));
                        feed_int(&st, sqlite3_column_int64(sel, 5));
                        for (int col = 6; col <= 7; col++)
                                feed_str(&st, sqlite3_column_text(sel, col));
                } else {
                        /* Version 2: a domain, then each column tagged with its type. */
                        static const char domain[] = "ecat-audit-entry-v2";
                        crypto_generichash_update(&st, (const unsigned char *)domain,
                                                  sizeof(domain));
                        for (int col = 0; col <= 7; col++)
                                feed_typed(&st, sel, col);
                        feed_typed(&st, sel, 9);
                        unsigned char blob = 3;
                        crypto_generichash_update(&st, &blob, 1);
                        feed_int(&st, 32);
                }
                crypto_generichash_update(&st, prev, 32);
                crypto_generichash_final(&st, hash, 32);
                last_hash_set(hash);
                sqlite3_reset(sel);
                sqlite3_bind_blob(upd, 1, prev, 32, SQLITE_TRANSIENT);
                sqlite3_bind_blob(upd, 2, hash, 32, SQLITE_TRANSIENT);
                sqlite3_bind_int64(upd, 3, id);
                if (sqlite3_step(upd) != SQLITE_DONE)
                        rc = SQLITE_ERROR;
                sqlite3_reset(upd);
        }
        sqlite3_finalize(sel);
        sqlite3_finalize(upd);
        /* With the key, the anchored head is rewritten too, as an append would. */
        if (rc == SQLITE_OK && key) {
                sqlite3_stmt *head = NULL;
                rc = sqlite3_prepare_v2(h,
                                        "UPDATE audit_head SET last_id = ?1, last_hash = ?2, "
                                        "mac = ?3 WHERE one = 1 RETURNING at",
                                        -1, &head, NULL);
                long long at = db_int(db, "SELECT at FROM audit_head");
                unsigned char mac[32];
                static const char domain[] = "ecat-audit-head-v1";
                crypto_generichash_state st;
                crypto_generichash_init(&st, key, 32, 32);
                crypto_generichash_update(&st, (const unsigned char *)domain, sizeof(domain));
                feed_int(&st, last);
                crypto_generichash_update(&st, last_hash, 32);
                feed_int(&st, at);
                crypto_generichash_final(&st, mac, 32);
                if (rc == SQLITE_OK) {
                        sqlite3_bind_int64(head, 1, last);
                        sqlite3_bind_blob(head, 2, last_hash, 32, SQLITE_TRANSIENT);
                        sqlite3_bind_blob(head, 3, mac, 32, SQLITE_TRANSIENT);
                        rc = sqlite3_step(head) == SQLITE_ROW ? SQLITE_OK : SQLITE_ERROR;
                }
                sqlite3_finalize(head);
        }
        const char *msg = test_msg("%s", sqlite3_errmsg(h));
        sqlite3_close(h);
        CHECK(rc == SQLITE_OK, "rechain: %s", msg);
}

/* `ecat audit verify` fails naming entry id. */
static void expect_broken_at(const char *db, long long id, const char *what)
{
        char *out = NULL;
        int rc = run_ecat_db(db, (const char *[]){"audit", "verify", NULL}, NULL, &out);
        CHECK(rc == 1, "%s: audit verify exited %d: %s", what, rc, out);
        const char *want = test_msg("BROKEN at entry %lld:", id);
        CHECK(strstr(out, want) != NULL, "%s: expected \"%s\", got: %s", what, want, out);
}

API_TEST(verify_finds_edited_removed_reordered_inserted_entries)
{
        struct server *s = server_start(NULL);
        /* Some history: logins, a failure, refusals, writes. */
        struct client *admin = client_login(s, "admin");
        struct client *viewer = client_login(s, "viewer");
        try_login(client_new(s), "admin", "not-the-password-123");
        for (int i = 0; i < 3; i++) {
                CHECK_STATUS(http_get(viewer, "/api/v1/users"), 403);
                CHECK_STATUS(http_json(admin, "POST", "/api/v1/session/tokens",
                                       test_msg("{\"name\":\"t%d\"}", i)),
                             201);
        }
        CHECK_STATUS(http_json(admin, "PATCH", "/api/v1/users/6", "{\"display_name\":\"V\"}"), 200);
        server_stop(s);

        char *out = NULL;
        CHECK_INT(run_ecat(s, (const char *[]){"audit", "verify", NULL}, NULL, &out), 0);
        long long n = db_int(server_db(s), "SELECT count(*) FROM audit_log");
        CHECK(n >= 15, "only %lld entries", n);
        CHECK(strstr(out, "intact") != NULL, "audit verify says: %s", out);
        CHECK(strstr(out, test_msg("%lld entries", n)) != NULL, "audit verify says: %s", out);
        long long k = n / 2;

        /* Edited: any one column of one entry. */
        static const char *const edits[] = {"action = 'user.delete'",
                                            "at = at - 3600",
                                            "actor_id = 7",
                                            "object_id = 999",
                                            "object_type = 'x'",
                                            "outcome = 'ok'",
                                            "request_id = 'forged'",
                                            "hash = randomblob(32)",
                                            "prev_hash = randomblob(32)",
                                            NULL};
        for (size_t i = 0; edits[i]; i++) {
                const char *db = copy_db(s, test_msg("edit%zu.db", i));
                /* outcome of entry k may already be 'ok': make sure the value changes. */
                tamper(db, test_msg("UPDATE audit_log SET %s WHERE id = %lld", edits[i], k));
                if (strcmp(edits[i], "outcome = 'ok'") == 0)
                        tamper(db, test_msg("UPDATE audit_log SET outcome = 'okay' WHERE id = "
                                            "%lld AND outcome = 'ok'",
                                            k));
                expect_broken_at(db, k, test_msg("edit %s", edits[i]));
        }
        /*
         * Edited, and the whole chain after it recomputed without the key
         * (the key file is kept apart from the database): still found.
         */
        const char *db = copy_db(s, "rehash.db");
        tamper(db, test_msg("UPDATE audit_log SET outcome = 'forged' WHERE id = %lld", k));
        rechain(db, k, NULL);
        expect_broken_at(db, k, "edit and rechain without the key");
        /* The same with the key passes: the chain is exactly what this test computes. */
        db = copy_db(s, "rehash-key.db");
        tamper(db, test_msg("UPDATE audit_log SET outcome = 'forged' WHERE id = %lld", k));
        unsigned char key[32];
        audit_key(db, key);
        rechain(db, k, key);
        sodium_memzero(key, sizeof(key));
        CHECK_INT(run_ecat_db(db, (const char *[]){"audit", "verify", NULL}, NULL, &out), 0);

        /* Removed: the entry after the gap is the first bad one. */
        db = copy_db(s, "delete.db");
        tamper(db, test_msg("DELETE FROM audit_log WHERE id = %lld", k));
        expect_broken_at(db, k + 1, "delete");
        db = copy_db(s, "delete-first.db");
        tamper(db, "DELETE FROM audit_log WHERE id = 1");
        expect_broken_at(db, 2, "delete the first");
        db = copy_db(s, "delete-renumber.db");
        tamper(db, test_msg("DELETE FROM audit_log WHERE id = %lld; UPDATE audit_log SET id = -id "
                            "WHERE id > %lld; UPDATE audit_log SET id = -id - 1 WHERE id < 0",
                            k, k));
        expect_broken_at(db, k, "delete and renumber");

        /* Reordered: two entries swap their content, ids stay. */
        db = copy_db(s, "reorder.db");
        const char *cols = "at, actor_id, action, object_type, object_id, outcome, request_id, "
                           "prev_hash, hash";
        tamper(db, test_msg("CREATE TEMP TABLE a AS SELECT %s FROM audit_log WHERE id = %lld;"
                            "CREATE TEMP TABLE b AS SELECT %s FROM audit_log WHERE id = %lld;"
                            "UPDATE audit_log SET (%s) = (SELECT * FROM b) WHERE id = %lld;"
                            "UPDATE audit_log SET (%s) = (SELECT * FROM a) WHERE id = %lld;",
                            cols, k, cols, k + 2, cols, k, cols, k + 2));
        CHECK(db_int(db, test_msg("SELECT count(*) FROM audit_log WHERE id = %lld AND action = "
                                  "(SELECT action FROM audit_log WHERE id = %lld)",
                                  k, k)) == 1);
        expect_broken_at(db, k, "reorder");
        /* Reordered by swapping ids. */
        db = copy_db(s, "reorder-ids.db");
        tamper(db, test_msg("UPDATE audit_log SET id = -1 WHERE id = %lld;"
                            "UPDATE audit_log SET id = %lld WHERE id = %lld;"
                            "UPDATE audit_log SET id = %lld WHERE id = -1;",
                            k, k, k + 1, k + 1));
        expect_broken_at(db, k, "swap ids");

        /* Inserted: a forged entry in the middle, the later ones renumbered after it. */
        db = copy_db(s, "insert.db");
        tamper(db, test_msg("UPDATE audit_log SET id = -id WHERE id >= %lld;"
                            "UPDATE audit_log SET id = -id + 1 WHERE id < 0;"
                            "INSERT INTO audit_log (id, at, actor_id, action, object_type, "
                            "object_id, outcome, request_id, prev_hash, hash) SELECT %lld, at, 1, "
                            "'user.update', 'user', 6, 'ok', 'forged', hash, randomblob(32) FROM "
                            "audit_log WHERE id = %lld",
                            k, k, k - 1));
        CHECK_INT(db_int(db, "SELECT count(*) FROM audit_log"), n + 1);
        expect_broken_at(db, k, "insert");
        /* Inserted with the next entry's link forged to point at it: still found. */
        db = copy_db(s, "insert-linked.db");
        tamper(db, test_msg("UPDATE audit_log SET id = -id WHERE id >= %lld;"
                            "UPDATE audit_log SET id = -id + 1 WHERE id < 0;"
                            "INSERT INTO audit_log (id, at, actor_id, action, object_type, "
                            "object_id, outcome, request_id, prev_hash, hash) SELECT %lld, at, 1, "
                            "'user.update', 'user', 6, 'ok', 'forged', hash, randomblob(32) FROM "
                            "audit_log WHERE id = %lld;"
                            "UPDATE audit_log SET prev_hash = (SELECT hash FROM audit_log WHERE "
                            "id = %lld) WHERE id = %lld",
                            k, k, k - 1, k, k + 1));
        expect_broken_at(db, k, "insert and relink");

        /* The original is untouched and still intact. */
        CHECK_INT(run_ecat(s, (const char *[]){"audit", "verify", NULL}, NULL, &out), 0);
}

/*
 * The chain's end is anchored: `ecat audit verify` finds entries cut from the
 * end, all entries gone, and an actor changed from none to 0; `ecat audit
 * checkpoint` prints a signed head, and `verify --against` finds an older
 * state put back whole, which the file alone cannot show.
 */
API_TEST(verify_finds_a_cut_tail_and_checks_a_kept_head)
{
        struct server *s = server_start(NULL);
        struct client *admin = client_login(s, "admin");
        try_login(client_new(s), "nobody-at-all", "not-the-password-123");
        for (int i = 0; i < 3; i++)
                CHECK_STATUS(http_json(admin, "POST", "/api/v1/session/tokens",
                                       test_msg("{\"name\":\"t%d\"}", i)),
                             201);
        server_stop(s);
        char *out = NULL;
        CHECK_INT(run_ecat(s, (const char *[]){"audit", "checkpoint", NULL}, NULL, &out), 0);
        char kept[256];
        snprintf(kept, sizeof(kept), "%.*s", (int)strcspn(out, "\n"), out);
        CHECK(strncmp(kept, "ecat-audit-head-v1 ", 19) == 0, "checkpoint printed: %s", out);
        long long n = db_int(server_db(s), "SELECT count(*) FROM audit_log");
        const char *before = copy_db(s, "before-more.db");

        /* Intact against the kept head, given as text or as a file, and after more entries. */
        CHECK_INT(
            run_ecat(s, (const char *[]){"audit", "verify", "--against", kept, NULL}, NULL, &out),
            0);
        CHECK(strstr(out, "holds the kept head") != NULL, "verify says: %s", out);
        server_restart(s);
        admin = client_login(s, "admin");
        CHECK_STATUS(http_json(admin, "POST", "/api/v1/session/tokens", "{\"name\":\"later\"}"),
                     201);
        server_stop(s);
        const char *file = test_path("kept-head.txt");
        FILE *f = fopen(file, "w");
        CHECK(f != NULL);
        fprintf(f, "%s\n", kept);
        fclose(f);
        CHECK_INT(
            run_ecat(s, (const char *[]){"audit", "verify", "--against", file, NULL}, NULL, &out),
            0);

        /* The tail cut, then every entry removed. */
        long long now = db_int(server_db(s), "SELECT count(*) FROM audit_log");
        const char *db = copy_db(s, "tail.db");
        tamper(db, test_msg("DELETE FROM audit_log WHERE id > %lld", now - 2));
        expect_broken_at(db, now - 1, "tail cut");
        db = copy_db(s, "empty.db");
        tamper(db, "DELETE FROM audit_log");
        expect_broken_at(db, 1, "every entry deleted");
        /* An actor changed from none (the failed login of an unknown account) to 0. */
        long long anon =
            db_int(server_db(s), "SELECT min(id) FROM audit_log WHERE actor_id IS NULL");
        CHECK(anon > 0, "no entry without an actor");
        db = copy_db(s, "null-to-zero.db");
        tamper(db, test_msg("UPDATE audit_log SET actor_id = 0 WHERE id = %lld", anon));
        expect_broken_at(db, anon, "actor NULL to 0");

        /* The database as it was before the later entries: whole on its own, not against the head.
         */
        CHECK_INT(run_ecat_db(before, (const char *[]){"audit", "verify", NULL}, NULL, &out), 0);
        server_restart(s);
        admin = client_login(s, "admin");
        CHECK_STATUS(http_json(admin, "POST", "/api/v1/session/tokens", "{\"name\":\"last\"}"),
                     201);
        server_stop(s);
        CHECK_INT(run_ecat(s, (const char *[]){"audit", "checkpoint", NULL}, NULL, &out), 0);
        snprintf(kept, sizeof(kept), "%.*s", (int)strcspn(out, "\n"), out);
        int rc = run_ecat_db(before, (const char *[]){"audit", "verify", "--against", kept, NULL},
                             NULL, &out);
        CHECK(rc == 1, "an older copy passed against a newer head: %s", out);
        CHECK(strstr(out, test_msg("BROKEN at entry %lld:", n + 1)) != NULL, "verify says: %s",
              out);
        /* A head that is not one, or not made with this key, is refused as such. */
        CHECK_INT(run_ecat(s,
                           (const char *[]){"audit", "verify", "--against",
                                            "ecat-audit-head-v1 1 00 1 00", NULL},
                           NULL, &out),
                  1);
        CHECK(strstr(out, "not an ecat audit head") != NULL, "verify says: %s", out);
}

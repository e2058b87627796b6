#include "audit/audit.h"

#include "core/util.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define HASH_BYTES 32

static unsigned char chain_key[32];

void audit_set_key(const unsigned char key[32])
{
        memcpy(chain_key, key, sizeof(chain_key));
}

static void feed_int(crypto_generichash_state *h, int64_t v)
{
        unsigned char b[8];
        for (int i = 0; i < 8; i++)
                b[i] = (unsigned char)((uint64_t)v >> (56 - 8 * i));
        crypto_generichash_update(h, b, sizeof(b));
}

static void feed_str(crypto_generichash_state *h, const char *s)
{
        size_t n = s ? strlen(s) : 0;
        feed_int(h, (int64_t)n); /* length-prefixed: fields cannot run into each other */
        if (n)
                crypto_generichash_update(h, (const unsigned char *)s, n);
}

static void entry_hash(int64_t id, int64_t at, int64_t actor, const char *action,
                       const char *object_type, int64_t object_id, const char *outcome,
                       const char *request_id, const unsigned char prev[HASH_BYTES],
                       unsigned char out[HASH_BYTES])
{
        crypto_generichash_state h;
        crypto_generichash_init(&h, chain_key, sizeof(chain_key), HASH_BYTES);
        feed_int(&h, id);
        feed_int(&h, at);
        feed_int(&h, actor);
        feed_str(&h, action);
        feed_str(&h, object_type);
        feed_int(&h, object_id);
        feed_str(&h, outcome);
        feed_str(&h, request_id);
        crypto_generichash_update(&h, prev, HASH_BYTES);
        crypto_generichash_final(&h, out, HASH_BYTES);
}

enum store_rc audit_append(struct db *db, const struct audit_entry *e)
{
        unsigned char prev[HASH_BYTES] = {0};
        int64_t id = 1;
        /* No other append between reading the head and writing after it. */
        enum store_rc rc = db_lock(db, STORE_LOCK_AUDIT_CHAIN);
        if (rc != STORE_OK)
                return rc;
        struct stmt *st = db_prepare(db, STMT_AUDIT_LAST);
        if (!st)
                return STORE_ERROR;
        rc = st_step(st);
        if (rc == STORE_ROW) {
                id = st_int(st, 0) + 1;
                if (st_bytes(st, 1) == HASH_BYTES)
                        memcpy(prev, st_blob(st, 1), HASH_BYTES);
        } else if (rc != STORE_DONE) {
                st_reset(st);
                return rc;
        }
        st_reset(st);

        int64_t at = now_seconds();
        const char *object_type = e->object_type ? e->object_type : "";
        const char *outcome = e->outcome ? e->outcome : "ok";
        const char *request_id = e->request_id ? e->request_id : "";
        unsigned char hash[HASH_BYTES];
        entry_hash(id, at, e->actor_id, e->action, object_type, e->object_id, outcome, request_id,
                   prev, hash);

        st = db_prepare(db, STMT_AUDIT_INSERT);
        if (!st)
                return STORE_ERROR;
        st_bind_int(st, 1, id);
        st_bind_int(st, 2, at);
        if (e->actor_id)
                st_bind_int(st, 3, e->actor_id);
        st_bind_text(st, 4, e->action);
        st_bind_text(st, 5, object_type);
        if (e->object_id)
                st_bind_int(st, 6, e->object_id);
        st_bind_text(st, 7, outcome);
        st_bind_text(st, 8, request_id);
        st_bind_blob(st, 9, prev, HASH_BYTES);
        st_bind_blob(st, 10, hash, HASH_BYTES);
        rc = st_exec(st);
        return rc == STORE_DONE ? STORE_OK : rc;
}

enum store_rc audit_record(struct db *db, const struct audit_entry *e)
{
        enum store_rc rc = db_begin_write(db);
        if (rc != STORE_OK)
                return rc;
        rc = audit_append(db, e);
        if (rc == STORE_OK)
                rc = db_commit(db);
        if (rc != STORE_OK)
                db_rollback(db);
        return rc;
}

int audit_verify(struct db *db, int64_t *count, struct audit_problem *problem)
{
        struct stmt *st = db_prepare(db, STMT_AUDIT_ALL);
        if (!st)
                return -1;
        unsigned char prev[HASH_BYTES] = {0};
        int64_t expect_id = 1, n = 0;
        enum store_rc rc;
        int result = 0;
        while ((rc = st_step(st)) == STORE_ROW) {
                int64_t id = st_int(st, 0);
                problem->id = id;
                if (id != expect_id) {
                        if (id > expect_id)
                                snprintf(problem->reason, sizeof(problem->reason),
                                         "entries %lld to %lld are missing before it",
                                         (long long)expect_id, (long long)(id - 1));
                        else
                                snprintf(problem->reason, sizeof(problem->reason),
                                         "out of order (expected entry %lld)",
                                         (long long)expect_id);
                        result = 1;
                        break;
                }
                if (st_bytes(st, 8) != HASH_BYTES || st_bytes(st, 9) != HASH_BYTES ||
                    memcmp(st_blob(st, 8), prev, HASH_BYTES) != 0) {
                        snprintf(problem->reason, sizeof(problem->reason),
                                 "does not link to the entry before it (removed, reordered or "
                                 "inserted entry)");
                        result = 1;
                        break;
                }
                unsigned char hash[HASH_BYTES];
                entry_hash(id, st_int(st, 1), st_int(st, 2), st_text(st, 3), st_text(st, 4),
                           st_int(st, 5), st_text(st, 6), st_text(st, 7), prev, hash);
                if (sodium_memcmp(hash, st_blob(st, 9), HASH_BYTES) != 0) {
                        snprintf(problem->reason, sizeof(problem->reason),
                                 "its content does not match its hash (edited entry)");
                        result = 1;
                        break;
                }
                memcpy(prev, hash, HASH_BYTES);
                expect_id++;
                n++;
        }
        if (result == 0 && rc != STORE_DONE)
                result = -1;
        st_reset(st);
        *count = n;
        return result;
}

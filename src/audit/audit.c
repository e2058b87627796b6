#include "audit/audit.h"

#include "core/util.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define HASH_BYTES ((size_t)32)

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

/* Version 2: every column with its type, so NULL, 0 and '' all differ. */
enum { TAG_NULL = 0, TAG_INT = 1, TAG_TEXT = 2, TAG_BLOB = 3 };

static void feed_tag(crypto_generichash_state *h, unsigned char tag)
{
        crypto_generichash_update(h, &tag, 1);
}

static void feed_opt_int(crypto_generichash_state *h, bool null, int64_t v)
{
        feed_tag(h, null ? TAG_NULL : TAG_INT);
        if (!null)
                feed_int(h, v);
}

static void feed_opt_text(crypto_generichash_state *h, const char *s)
{
        feed_tag(h, s ? TAG_TEXT : TAG_NULL);
        if (s)
                feed_str(h, s);
}

/* An entry's columns as stored; actor and object are NULL for "none". */
struct row {
        int64_t id, at;
        bool actor_null, object_null;
        int64_t actor, object_id;
        const char *action, *object_type, *outcome, *request_id;
        int64_t version;
};

static void entry_hash_v2(const struct row *e, const unsigned char prev[HASH_BYTES],
                          unsigned char out[HASH_BYTES])
{
        static const char domain[] = "ecat-audit-entry-v2";
        crypto_generichash_state h;
        crypto_generichash_init(&h, chain_key, sizeof(chain_key), HASH_BYTES);
        crypto_generichash_update(&h, (const unsigned char *)domain, sizeof(domain));
        feed_opt_int(&h, false, e->id);
        feed_opt_int(&h, false, e->at);
        feed_opt_int(&h, e->actor_null, e->actor);
        feed_opt_text(&h, e->action);
        feed_opt_text(&h, e->object_type);
        feed_opt_int(&h, e->object_null, e->object_id);
        feed_opt_text(&h, e->outcome);
        feed_opt_text(&h, e->request_id);
        feed_opt_int(&h, false, e->version);
        feed_tag(&h, TAG_BLOB);
        feed_int(&h, HASH_BYTES);
        crypto_generichash_update(&h, prev, HASH_BYTES);
        crypto_generichash_final(&h, out, HASH_BYTES);
}

/* The MAC of a head: the same key, its own domain. */
static void head_mac(const struct audit_head *head, unsigned char out[HASH_BYTES])
{
        static const char domain[] = "ecat-audit-head-v1";
        crypto_generichash_state h;
        crypto_generichash_init(&h, chain_key, sizeof(chain_key), HASH_BYTES);
        crypto_generichash_update(&h, (const unsigned char *)domain, sizeof(domain));
        feed_int(&h, head->id);
        crypto_generichash_update(&h, head->hash, HASH_BYTES);
        feed_int(&h, head->at);
        crypto_generichash_final(&h, out, HASH_BYTES);
}

static enum store_rc write_head(struct db *db, const struct audit_head *head)
{
        unsigned char mac[HASH_BYTES];
        head_mac(head, mac);
        struct stmt *st = db_prepare(db, STMT_AUDIT_HEAD_SET);
        if (!st)
                return STORE_ERROR;
        st_bind_int(st, 1, head->id);
        st_bind_blob(st, 2, head->hash, HASH_BYTES);
        st_bind_int(st, 3, head->at);
        st_bind_blob(st, 4, mac, HASH_BYTES);
        enum store_rc rc = st_exec(st);
        return rc == STORE_DONE ? STORE_OK : rc;
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

        struct row r = {
            .id = id,
            .at = now_seconds(),
            .actor_null = e->actor_id == 0,
            .actor = e->actor_id,
            .action = e->action ? e->action : "",
            .object_type = e->object_type ? e->object_type : "",
            .object_null = e->object_id == 0,
            .object_id = e->object_id,
            .outcome = e->outcome ? e->outcome : "ok",
            .request_id = e->request_id ? e->request_id : "",
            .version = AUDIT_VERSION,
        };
        unsigned char hash[HASH_BYTES];
        entry_hash_v2(&r, prev, hash);

        st = db_prepare(db, STMT_AUDIT_INSERT);
        if (!st)
                return STORE_ERROR;
        st_bind_int(st, 1, id);
        st_bind_int(st, 2, r.at);
        if (!r.actor_null)
                st_bind_int(st, 3, r.actor);
        st_bind_text(st, 4, r.action);
        st_bind_text(st, 5, r.object_type);
        if (!r.object_null)
                st_bind_int(st, 6, r.object_id);
        st_bind_text(st, 7, r.outcome);
        st_bind_text(st, 8, r.request_id);
        st_bind_blob(st, 9, prev, HASH_BYTES);
        st_bind_blob(st, 10, hash, HASH_BYTES);
        st_bind_int(st, 11, r.version);
        rc = st_exec(st);
        if (rc != STORE_DONE)
                return rc;
        struct audit_head head = {.id = id, .at = r.at};
        memcpy(head.hash, hash, HASH_BYTES);
        return write_head(db, &head);
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

/* The head row: 1 found (mac_set: it carries a MAC), 0 none, -1 storage error. */
static int read_head(struct db *db, struct audit_head *head, bool *mac_set)
{
        struct stmt *st = db_prepare(db, STMT_AUDIT_HEAD);
        if (!st)
                return -1;
        enum store_rc rc = st_step(st);
        int found = rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : -1;
        if (found == 1) {
                memset(head, 0, sizeof(*head));
                head->id = st_int(st, 0);
                if (st_bytes(st, 1) == HASH_BYTES)
                        memcpy(head->hash, st_blob(st, 1), HASH_BYTES);
                head->at = st_int(st, 2);
                *mac_set = !st_null(st, 3) && st_bytes(st, 3) == HASH_BYTES;
                if (*mac_set)
                        memcpy(head->mac, st_blob(st, 3), HASH_BYTES);
                else if (!st_null(st, 3))
                        *mac_set = true; /* a MAC of the wrong size: forged */
        }
        st_reset(st);
        return found;
}

bool audit_head_valid(const struct audit_head *head)
{
        unsigned char mac[HASH_BYTES];
        head_mac(head, mac);
        return sodium_memcmp(mac, head->mac, HASH_BYTES) == 0;
}

enum store_rc audit_anchor(struct db *db)
{
        enum store_rc rc = db_begin_write(db);
        if (rc != STORE_OK)
                return rc;
        struct audit_head head;
        bool mac_set = false;
        int found = read_head(db, &head, &mac_set);
        rc = found < 0 ? STORE_ERROR : STORE_OK;
        if (found == 1 && !mac_set) {
                /* Anchor only a chain written before heads were kept (version 1 entries). */
                struct stmt *st = db_prepare(db, STMT_AUDIT_LAST);
                if (!st) {
                        rc = STORE_ERROR;
                } else if ((rc = st_step(st)) == STORE_ROW || rc == STORE_DONE) {
                        memset(&head, 0, sizeof(head));
                        if (rc == STORE_ROW) {
                                head.id = st_int(st, 0);
                                if (st_bytes(st, 1) == HASH_BYTES)
                                        memcpy(head.hash, st_blob(st, 1), HASH_BYTES);
                        }
                        rc = STORE_OK;
                }
                if (st)
                        st_reset(st);
                int64_t newer = 0;
                if (rc == STORE_OK && (st = db_prepare(db, STMT_AUDIT_VERSION_MAX)) != NULL) {
                        if (st_step(st) == STORE_ROW)
                                newer = st_int(st, 0);
                        st_reset(st);
                }
                if (rc == STORE_OK && newer < AUDIT_VERSION) {
                        head.at = now_seconds();
                        rc = write_head(db, &head);
                }
        }
        if (rc == STORE_OK)
                rc = db_commit(db);
        if (rc != STORE_OK)
                db_rollback(db);
        return rc;
}

static int broken(struct audit_problem *problem, int64_t id, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int broken(struct audit_problem *problem, int64_t id, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        problem->id = id;
        (void)vsnprintf(problem->reason, sizeof(problem->reason), fmt, ap);
        va_end(ap);
        return 1;
}

int audit_verify(struct db *db, int64_t *count, struct audit_problem *problem)
{
        struct audit_verdict v;
        int rc = audit_verify_against(db, NULL, &v, problem);
        *count = v.entries;
        return rc;
}

int audit_verify_against(struct db *db, const struct audit_head *kept, struct audit_verdict *v,
                         struct audit_problem *problem)
{
        memset(v, 0, sizeof(*v));
        struct stmt *st = db_prepare(db, STMT_AUDIT_ALL);
        if (!st)
                return -1;
        unsigned char prev[HASH_BYTES] = {0};
        int64_t expect_id = 1, n = 0, version = 1;
        bool kept_seen = false;
        enum store_rc rc;
        int result = 0;
        while ((rc = st_step(st)) == STORE_ROW) {
                int64_t id = st_int(st, 0);
                if (id != expect_id) {
                        if (id > expect_id)
                                result = broken(problem, id,
                                                "entries %lld to %lld are missing before it",
                                                (long long)expect_id, (long long)(id - 1));
                        else
                                result = broken(problem, id, "out of order (expected entry %lld)",
                                                (long long)expect_id);
                        break;
                }
                if (st_bytes(st, 8) != HASH_BYTES || st_bytes(st, 9) != HASH_BYTES ||
                    memcmp(st_blob(st, 8), prev, HASH_BYTES) != 0) {
                        result = broken(problem, id,
                                        "does not link to the entry before it (removed, "
                                        "reordered or inserted entry)");
                        break;
                }
                int64_t ver = st_int(st, 10);
                if (ver < 1 || ver > AUDIT_VERSION) {
                        result =
                            broken(problem, id, "its hash version %lld is unknown", (long long)ver);
                        break;
                }
                unsigned char hash[HASH_BYTES];
                if (ver == 1) {
                        entry_hash(id, st_int(st, 1), st_int(st, 2), st_text(st, 3), st_text(st, 4),
                                   st_int(st, 5), st_text(st, 6), st_text(st, 7), prev, hash);
                } else {
                        struct row r = {
                            .id = id,
                            .at = st_int(st, 1),
                            .actor_null = st_null(st, 2),
                            .actor = st_int(st, 2),
                            .action = st_text(st, 3),
                            .object_type = st_text(st, 4),
                            .object_null = st_null(st, 5),
                            .object_id = st_int(st, 5),
                            .outcome = st_text(st, 6),
                            .request_id = st_text(st, 7),
                            .version = ver,
                        };
                        entry_hash_v2(&r, prev, hash);
                }
                if (sodium_memcmp(hash, st_blob(st, 9), HASH_BYTES) != 0) {
                        result = broken(problem, id,
                                        "its content does not match its hash (edited entry)");
                        break;
                }
                /* Versions only grow along the chain: an older one after a newer is forged. */
                if (ver < version) {
                        result = broken(problem, id, "hash version %lld after version %lld",
                                        (long long)ver, (long long)version);
                        break;
                }
                version = ver;
                if (kept && id == kept->id) {
                        kept_seen = true;
                        if (sodium_memcmp(hash, kept->hash, HASH_BYTES) != 0) {
                                result = broken(problem, id, "differs from the kept checkpoint");
                                break;
                        }
                }
                memcpy(prev, hash, HASH_BYTES);
                expect_id++;
                n++;
        }
        if (result == 0 && rc != STORE_DONE)
                result = -1;
        st_reset(st);
        v->entries = n;
        if (result != 0)
                return result;
        int64_t last = n;

        /* The end of the chain against its head, then against a kept checkpoint. */
        struct audit_head head;
        bool mac_set = false;
        int found = read_head(db, &head, &mac_set);
        if (found < 0)
                return -1;
        if (!found)
                return broken(problem, last + 1,
                              "the chain's head record is missing (entries may have been cut "
                              "from the end)");
        if (!mac_set) {
                if (version >= 2)
                        return broken(problem, last + 1, "the chain's head is not anchored");
                v->unanchored = true;
        } else {
                if (!audit_head_valid(&head))
                        return broken(problem, last + 1,
                                      "the chain's head record is forged (its MAC is wrong)");
                if (head.id > last)
                        return broken(problem, last + 1,
                                      "entries %lld to %lld are missing at the end of the chain",
                                      (long long)last + 1, (long long)head.id);
                if (head.id < last)
                        return broken(problem, head.id + 1,
                                      "entries after %lld were added without the key",
                                      (long long)head.id);
                if (sodium_memcmp(head.hash, prev, HASH_BYTES) != 0)
                        return broken(problem, last, "the newest entry is not the head's");
                v->head = head;
        }
        if (kept && !kept_seen && kept->id > 0)
                return broken(problem, last + 1,
                              "entries %lld to %lld of the kept checkpoint are missing",
                              (long long)last + 1, (long long)kept->id);
        return 0;
}

int audit_checkpoint(struct db *db, struct audit_head *out, struct audit_problem *problem)
{
        struct audit_verdict v;
        int rc = audit_verify_against(db, NULL, &v, problem);
        if (rc != 0)
                return rc;
        if (v.unanchored)
                return broken(problem, v.entries + 1,
                              "the chain's head is not anchored yet (start ecat serve once)");
        *out = v.head;
        return 0;
}

void audit_head_format(const struct audit_head *head, char out[AUDIT_HEAD_TEXT])
{
        char hash[2 * HASH_BYTES + 1], mac[2 * HASH_BYTES + 1];
        sodium_bin2hex(hash, sizeof(hash), head->hash, HASH_BYTES);
        sodium_bin2hex(mac, sizeof(mac), head->mac, HASH_BYTES);
        (void)snprintf(out, AUDIT_HEAD_TEXT, "ecat-audit-head-v1 %lld %s %lld %s",
                       (long long)head->id, hash, (long long)head->at, mac);
}

/* The next space-separated word of *s into out (at most max - 1 bytes); false when none fits. */
static bool next_word(const char **s, char *out, size_t max)
{
        const char *p = *s;
        while (*p == ' ')
                p++;
        size_t n = strcspn(p, " ");
        if (n == 0 || n >= max)
                return false;
        memcpy(out, p, n);
        out[n] = '\0';
        *s = p + n;
        return true;
}

int audit_head_parse(const char *text, struct audit_head *head)
{
        char tag[32], id[24], hash[2 * HASH_BYTES + 1], at[24], mac[2 * HASH_BYTES + 1];
        memset(head, 0, sizeof(*head));
        const char *p = text;
        if (!next_word(&p, tag, sizeof(tag)) || strcmp(tag, "ecat-audit-head-v1") != 0 ||
            !next_word(&p, id, sizeof(id)) || !next_word(&p, hash, sizeof(hash)) ||
            !next_word(&p, at, sizeof(at)) || !next_word(&p, mac, sizeof(mac)))
                return -1;
        while (*p == ' ')
                p++;
        if (*p || strlen(hash) != 2 * HASH_BYTES || strlen(mac) != 2 * HASH_BYTES ||
            parse_int64(id, 0, INT64_MAX, &head->id) < 0 ||
            parse_int64(at, 0, INT64_MAX, &head->at) < 0)
                return -1;
        size_t n1 = 0, n2 = 0;
        if (sodium_hex2bin(head->hash, HASH_BYTES, hash, 2 * HASH_BYTES, NULL, &n1, NULL) != 0 ||
            sodium_hex2bin(head->mac, HASH_BYTES, mac, 2 * HASH_BYTES, NULL, &n2, NULL) != 0 ||
            n1 != HASH_BYTES || n2 != HASH_BYTES)
                return -1;
        return 0;
}

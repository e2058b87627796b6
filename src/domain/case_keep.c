/*
 * Key rotation and retention of case data; see domain/case_keep.h.
 */
#include "domain/case_keep.h"

#include "core/arena.h"
#include "core/log.h"
#include "core/util.h"
#include "crypto/field.h"
#include "domain/case.h"
#include "domain/casework.h"
#include "domain/resource.h"

#include <sodium.h>
#include <string.h>

/*
 * The tables holding sealed values, with their re-seal statements.  The
 * encrypted columns are the resource's COL_ENCRYPTED ones in table order;
 * sealed_columns() checks that the PAGE statement reads exactly those.
 */
static const struct sealed_table {
        const struct resource *res;
        enum stmt_id page, set;
} sealed[] = {
    {&case_resource, STMT_RESEAL_CASES_PAGE, STMT_RESEAL_CASES_SET},
    {&referral_resource, STMT_RESEAL_REFERRALS_PAGE, STMT_RESEAL_REFERRALS_SET},
    {&note_resource, STMT_RESEAL_NOTES_PAGE, STMT_RESEAL_NOTES_SET},
};

#define MAX_SEALED 16

/* The encrypted columns of t into cols; their number, or -1 when the statement disagrees. */
static int sealed_columns(const struct sealed_table *t, struct stmt *page,
                          const struct column *cols[MAX_SEALED])
{
        int n = 0;
        for (size_t i = 0; i < t->res->n_cols; i++) {
                const struct column *c = &t->res->cols[i];
                if (!(c->flags & COL_ENCRYPTED))
                        continue;
                if (n == MAX_SEALED)
                        return -1;
                cols[n++] = c;
        }
        if (st_column_count(page) != n + 2)
                return -1;
        for (int i = 0; i < n; i++)
                if (strcmp(st_column_name(page, i + 2), cols[i]->sql) != 0)
                        return -1;
        return n;
}

int64_t key_rows_behind(struct db *db, int version)
{
        struct stmt *st = db_prepare(db, STMT_FIELD_KEY_LEFT);
        if (!st)
                return -1;
        st_bind_int(st, 1, version);
        int64_t n = st_step(st) == STORE_ROW ? st_int(st, 0) : -1;
        st_reset(st);
        return n;
}

enum ecat_err key_rotate_begin(struct db *db, const struct principal *who, struct key_rotation *rot)
{
        memset(rot, 0, sizeof(*rot));
        if (db_begin_write(db) != STORE_OK)
                return E_INTERNAL;
        int current = field_key_current(db);
        int64_t behind = current > 0 ? key_rows_behind(db, current) : -1;
        enum ecat_err e = current > 0 && behind >= 0 ? E_OK : E_INTERNAL;
        if (e == E_OK && behind > 0) {
                rot->version = current;
                rot->resumed = true;
        } else if (e == E_OK) {
                rot->version = current + 1;
                struct stmt *st = db_prepare(db, STMT_FIELD_KEY_ADD);
                if (!st)
                        e = E_INTERNAL;
                else {
                        st_bind_int(st, 1, rot->version);
                        st_bind_int(st, 2, now_seconds());
                        if (st_exec(st) != STORE_DONE)
                                e = E_INTERNAL;
                }
                behind = e == E_OK ? key_rows_behind(db, rot->version) : -1;
                if (behind < 0)
                        e = E_INTERNAL;
                if (e == E_OK)
                        e = res_audit(db, who, "field_key", "field_key.rotate_begin", rot->version);
        }
        rot->total = behind;
        if (e == E_OK && db_commit(db) == STORE_OK)
                return E_OK;
        db_rollback(db);
        return E_INTERNAL;
}

/* Re-seal up to batch rows of table t; how many, or -1 (rot->bad_* set when a value was refused).
 */
static int64_t reseal_table(struct db *db, const struct sealed_table *t, struct key_rotation *rot,
                            int batch, struct arena *a)
{
        struct stmt *page = db_prepare(db, t->page);
        struct stmt *set = db_prepare(db, t->set);
        const struct column *cols[MAX_SEALED];
        int n = page && set ? sealed_columns(t, page, cols) : -1;
        if (n < 0) {
                if (page)
                        log_error("key rotation: the statements of %s do not read its encrypted "
                                  "columns",
                                  t->res->table);
                return -1;
        }
        st_bind_int(page, 1, rot->version);
        st_bind_int(page, 2, batch);
        int64_t count = 0;
        enum store_rc rc;
        while ((rc = st_step(page)) == STORE_ROW) {
                int64_t id = st_int(page, 0);
                int from = (int)st_int(page, 1);
                for (int i = 0; i < n; i++) {
                        if (st_null(page, i + 2)) {
                                st_bind_null(set, i + 1);
                                continue;
                        }
                        struct cipher_ad old = {t->res->table, cols[i]->sql, id, from};
                        struct cipher_ad now = {t->res->table, cols[i]->sql, id, rot->version};
                        const char *plain = NULL;
                        const void *c = NULL;
                        size_t clen = 0;
                        if (field_open(&old, st_blob(page, i + 2), st_bytes(page, i + 2), a,
                                       &plain) < 0) {
                                log_error("key rotation: %s row %lld column %s cannot be opened "
                                          "under key version %d; the rotation stops",
                                          t->res->table, (long long)id, cols[i]->sql, from);
                                rot->bad_table = t->res->table;
                                rot->bad_id = id;
                                st_reset(page);
                                st_reset(set);
                                return -1;
                        }
                        size_t plen = strlen(plain);
                        int sealed_ok = field_seal(&now, plain, plen, a, &c, &clen);
                        sodium_memzero((void *)plain, plen);
                        if (sealed_ok < 0) {
                                st_reset(page);
                                st_reset(set);
                                return -1;
                        }
                        st_bind_blob(set, i + 1, c, clen);
                }
                st_bind_int(set, n + 1, rot->version);
                st_bind_int(set, n + 2, id);
                st_bind_int(set, n + 3, from);
                if (st_exec(set) != STORE_DONE) {
                        st_reset(page);
                        return -1;
                }
                count++;
        }
        st_reset(page);
        return rc == STORE_DONE ? count : -1;
}

enum ecat_err key_rotate_step(struct db *db, const struct principal *who, struct key_rotation *rot,
                              int batch, int64_t *sealed_rows)
{
        *sealed_rows = 0;
        struct arena a;
        arena_init(&a, (size_t)batch * 64 * 1024 + (1u << 20));
        if (db_begin_write(db) != STORE_OK) {
                arena_free(&a);
                return E_INTERNAL;
        }
        int64_t total = 0;
        enum ecat_err e = E_OK;
        for (size_t i = 0; i < ARRAY_LEN(sealed) && total < batch; i++) {
                int64_t got = reseal_table(db, &sealed[i], rot, (int)(batch - total), &a);
                if (got < 0) {
                        e = E_INTERNAL;
                        break;
                }
                total += got;
        }
        if (e == E_OK && total == 0)
                e = res_audit(db, who, "field_key", "field_key.rotate", rot->version);
        if (e == E_OK && db_commit(db) != STORE_OK)
                e = E_INTERNAL;
        if (e != E_OK)
                db_rollback(db);
        arena_free(&a);
        if (e == E_OK) {
                *sealed_rows = total;
                rot->done += total;
        }
        return e;
}

/* --- retention --- */

#define PURGE_BATCH 100

static enum ecat_err erase_one(struct db *db, const struct principal *who, int64_t id)
{
        static const enum stmt_id steps[] = {STMT_CASE_ERASE, STMT_CASE_ERASE_BLIND,
                                             STMT_CASE_ERASE_NOTES, STMT_CASE_ERASE_REFERRAL_TEXTS};
        int64_t now = now_seconds();
        for (size_t i = 0; i < ARRAY_LEN(steps); i++) {
                struct stmt *st = db_prepare(db, steps[i]);
                if (!st)
                        return E_INTERNAL;
                st_bind_int(st, 1, id);
                st_bind_int(st, 2, now);
                if (st_exec(st) != STORE_DONE)
                        return E_INTERNAL;
        }
        return res_audit(db, who, "case", "case.purge", id);
}

enum ecat_err case_purge(struct db *db, const struct principal *who, int32_t before, bool dry_run,
                         void (*each)(const struct purge_item *it, void *arg), void *arg,
                         int64_t *count)
{
        *count = 0;
        int64_t after = 0; /* the last id seen: a dry run erases nothing, so pages move on by id */
        for (;;) {
                enum store_rc b = dry_run ? db_begin_read(db) : db_begin_write(db);
                if (b != STORE_OK)
                        return E_INTERNAL;
                struct stmt *due = db_prepare(db, STMT_CASE_PURGE_DUE);
                if (!due) {
                        db_rollback(db);
                        return E_INTERNAL;
                }
                st_bind_int(due, 1, before);
                st_bind_int(due, 2, after);
                st_bind_int(due, 3, PURGE_BATCH);
                int64_t ids[PURGE_BATCH];
                int n = 0;
                enum store_rc rc;
                while ((rc = st_step(due)) == STORE_ROW) {
                        struct purge_item it = {st_int(due, 0), st_text(due, 1),
                                                (int32_t)st_int(due, 2)};
                        ids[n++] = it.id;
                        if (each)
                                each(&it, arg);
                }
                st_reset(due);
                enum ecat_err e = rc == STORE_DONE ? E_OK : E_INTERNAL;
                for (int i = 0; e == E_OK && !dry_run && i < n; i++)
                        e = erase_one(db, who, ids[i]);
                if (e == E_OK && db_commit(db) != STORE_OK)
                        e = E_INTERNAL;
                if (e != E_OK) {
                        db_rollback(db);
                        return e;
                }
                *count += n;
                if (n < PURGE_BATCH)
                        break;
                after = ids[n - 1];
        }
        if (!dry_run && *count > 0) {
                struct stmt *st = db_prepare(db, STMT_STORE_FORGET);
                if (st) {
                        while (st_step(st) == STORE_ROW)
                                ;
                        st_reset(st);
                }
        }
        return E_OK;
}

/*
 * The one create/read/update/delete engine of the resources; see
 * domain/resource.h.  Nothing here knows a resource by name: everything
 * comes from its struct resource.
 */
#include "domain/resource.h"

#include "audit/audit.h"
#include "core/util.h"

#include <string.h>

#define ROW_ARENA_LIMIT (4u << 20)

static const struct row_place *place_of(const struct resource *r, int64_t id, struct row_place *pl)
{
        pl->table = r->table;
        pl->row_id = id;
        pl->cipher = r->cipher;
        pl->key_version = 0;
        return pl;
}

/* The place a write binds to, sealing under the cipher's current version; NULL on failure. */
static const struct row_place *write_place(struct db *db, const struct resource *r, int64_t id,
                                           struct row_place *pl)
{
        place_of(r, id, pl);
        if (r->cipher && r->cipher->current) {
                pl->key_version = r->cipher->current(r->cipher->ctx, db);
                if (pl->key_version <= 0)
                        return NULL;
        }
        return pl;
}

enum ecat_err res_audit(struct db *db, const struct principal *who, const char *object_type,
                        const char *action, int64_t id)
{
        struct audit_entry e = {who->user_id, action, object_type,
                                id,           "ok",   who->request_id ? who->request_id : ""};
        return audit_append(db, &e) == STORE_OK ? E_OK : E_INTERNAL;
}

/* "activity.create" from the arena, or the resource's own action. */
static const char *action_of(const struct resource *r, struct problems *p, const char *own,
                             const char *verb)
{
        if (own)
                return own;
        return problem_printf(p, NULL, "%s.%s", r->name, verb);
}

enum ecat_err res_load(struct db *db, const struct resource *r, struct arena *a, int64_t id,
                       void *out)
{
        memset(out, 0, r->size);
        struct stmt *st = db_prepare(db, r->by_id);
        if (!st)
                return E_INTERNAL;
        st_bind_int(st, 1, id);
        enum store_rc rc = st_step(st);
        enum ecat_err e = E_NOT_FOUND;
        if (rc == STORE_ROW) {
                struct row_place pl;
                e = row_read(st, r->cols, r->n_cols, out, a, place_of(r, id, &pl)) < 0 ? E_INTERNAL
                                                                                       : E_OK;
        } else if (rc != STORE_DONE) {
                e = E_INTERNAL;
        }
        st_reset(st);
        return e;
}

/* Run one INSERT or UPDATE; maps a UNIQUE collision to E_CONFLICT. */
static enum ecat_err write_result(const struct resource *r, enum store_rc rc, struct problems *p)
{
        if (rc == STORE_DONE)
                return E_OK;
        if (rc == STORE_CONSTRAINT && r->unique_field) {
                problem_add(p, r->unique_field, r->unique_message);
                return E_CONFLICT;
        }
        return E_INTERNAL;
}

static enum ecat_err check(struct db *db, const struct principal *who, const struct resource *r,
                           void *rec, const void *stored, struct problems *p)
{
        if (r->check)
                r->check(rec, p);
        if (!p->n && r->rules && r->rules(db, who, rec, stored, p) < 0)
                return E_INTERNAL;
        if (p->n)
                return E_VALIDATION;
        if (p->message)
                return E_CONFLICT;
        return E_OK;
}

/* The resource's partner scope over rec (domain/scope.h); E_OK when it has none. */
static enum ecat_err in_scope(struct db *db, const struct principal *who, const struct resource *r,
                              const void *rec)
{
        return r->scope ? r->scope(db, who, rec) : E_OK;
}

void res_check_beside(const struct resource *r, void *rec, struct problems *p)
{
        if (!r->check)
                return;
        struct record_head *h = rec;
        for (size_t i = 0; i < r->n_cols; i++)
                if (problem_has(p, r->cols[i].name))
                        h->present &= ~(UINT64_C(1) << i);
        r->check(rec, p);
}

enum ecat_err res_create(struct db *db, const struct principal *who, const struct resource *r,
                         void *rec, int64_t want_id, struct problems *p, int64_t *id)
{
        record_require(r->cols, r->n_cols, rec, p);
        if (p->n)
                return E_VALIDATION;
        enum ecat_err e = in_scope(db, who, r, rec);
        if (e != E_OK)
                return e;
        e = check(db, who, r, rec, NULL, p);
        if (e != E_OK)
                return e;
        /* A ciphertext is bound to its row id, so an encrypted row is numbered before it is sealed.
         */
        if (r->cipher && !want_id)
                return E_INTERNAL;
        struct stmt *st = db_prepare(db, r->insert);
        if (!st)
                return E_INTERNAL;
        struct row_place pl;
        const struct row_place *place = write_place(db, r, want_id, &pl);
        int k = place ? row_bind(st, r->cols, r->n_cols, rec, 1, place, p->arena) : -1;
        if (k < 0) {
                st_reset(st);
                return E_INTERNAL;
        }
        st_bind_int(st, k, now_seconds());
        if (who->user_id)
                st_bind_int(st, k + 1, who->user_id);
        else
                st_bind_null(st, k + 1);
        if (want_id)
                st_bind_int(st, k + 2, want_id);
        else
                st_bind_null(st, k + 2);
        e = write_result(r, st_insert(st, id), p);
        if (e != E_OK)
                return e;
        if (r->after_write && (e = r->after_write(db, who, *id, rec, p)) != E_OK)
                return e;
        const char *action = action_of(r, p, r->audit_create, "create");
        return action ? res_audit(db, who, r->name, action, *id) : E_INTERNAL;
}

enum ecat_err res_update(struct db *db, const struct principal *who, const struct resource *r,
                         int64_t id, void *patch, struct problems *p)
{
        void *stored = arena_alloc(p->arena, r->size);
        if (!stored)
                return E_INTERNAL;
        enum ecat_err e = res_load(db, r, p->arena, id, stored);
        if (e != E_OK || (e = in_scope(db, who, r, stored)) != E_OK)
                return e;
        record_merge(r->cols, r->n_cols, patch, stored);
        if ((e = in_scope(db, who, r, patch)) != E_OK)
                return e;
        if ((e = check(db, who, r, patch, stored, p)) != E_OK)
                return e;
        struct stmt *st = db_prepare(db, r->update);
        if (!st)
                return E_INTERNAL;
        struct row_place pl;
        const struct row_place *place = write_place(db, r, id, &pl);
        int k = place ? row_bind(st, r->cols, r->n_cols, patch, 1, place, p->arena) : -1;
        if (k < 0) {
                st_reset(st);
                return E_INTERNAL;
        }
        st_bind_int(st, k, now_seconds());
        st_bind_int(st, k + 1, id);
        if ((e = write_result(r, st_exec(st), p)) != E_OK)
                return e;
        if (r->after_write && (e = r->after_write(db, who, id, patch, p)) != E_OK)
                return e;
        const char *action = action_of(r, p, r->audit_update, "update");
        return action ? res_audit(db, who, r->name, action, id) : E_INTERNAL;
}

enum ecat_err res_delete(struct db *db, const struct principal *who, const struct resource *r,
                         int64_t id, struct problems *p)
{
        void *stored = arena_alloc(p->arena, r->size);
        if (!stored)
                return E_INTERNAL;
        enum ecat_err e = res_load(db, r, p->arena, id, stored);
        if (e != E_OK || (e = in_scope(db, who, r, stored)) != E_OK)
                return e;
        if (r->before_delete && (e = r->before_delete(db, who, id, stored, p)) != E_OK)
                return e;
        struct stmt *st = db_prepare(db, r->del);
        if (!st)
                return E_INTERNAL;
        st_bind_int(st, 1, id);
        enum store_rc rc = st_exec(st);
        if (rc == STORE_CONSTRAINT) {
                /* Some other record (added by a later schema) still names it. */
                p->message =
                    problem_printf(p, "other records still refer to it; it cannot be deleted",
                                   "other records still refer to the %s; it cannot be "
                                   "deleted",
                                   r->name);
                return E_CONFLICT;
        }
        if (rc != STORE_DONE)
                return E_INTERNAL;
        const char *action = action_of(r, p, r->audit_delete, "delete");
        return action ? res_audit(db, who, r->name, action, id) : E_INTERNAL;
}

enum store_rc res_each(struct stmt *st, const struct resource *r,
                       int (*each)(const void *rec, void *ctx), void *ctx)
{
        struct arena a;
        arena_init(&a, ROW_ARENA_LIMIT);
        void *rec = NULL;
        enum store_rc rc;
        while ((rc = st_step(st)) == STORE_ROW) {
                rec = arena_alloc(&a, r->size);
                if (!rec) {
                        rc = STORE_ERROR;
                        break;
                }
                memset(rec, 0, r->size);
                int64_t id = 0;
                struct row_place pl;
                if (r->cols[RES_ID_COLUMN].type == FT_INT)
                        id = st_int(st, 0);
                if (row_read(st, r->cols, r->n_cols, rec, &a, place_of(r, id, &pl)) < 0) {
                        rc = STORE_ERROR;
                        break;
                }
                int stop = each(rec, ctx);
                arena_free(&a);
                arena_init(&a, ROW_ARENA_LIMIT);
                if (stop) {
                        rc = STORE_DONE;
                        break;
                }
        }
        st_reset(st);
        arena_free(&a);
        return rc;
}

/*
 * User administration over HTTP (admin role): list, create, read, update.
 * Every write goes through the doors of domain/user.h, which also end the
 * sessions and tokens a password reset or disabling takes away.  A new
 * password is checked and hashed before the write transaction begins.
 */
#include "api/users.h"

#include "api/app.h"
#include "api/handlers.h"
#include "api/params.h"
#include "api/render.h"
#include "api/respond.h"

static enum ecat_err create_any(struct db *db, const struct principal *who, int64_t parent,
                                void *rec, struct problems *p, int64_t *id)
{
        (void)parent;
        return user_create(db, who, rec, p, id);
}

static enum ecat_err update_any(struct db *db, const struct principal *who, int64_t id, void *patch,
                                struct problems *p)
{
        return user_update(db, who, id, patch, p);
}

static enum ecat_err load_any(struct db *db, const struct principal *who, struct arena *a,
                              int64_t id, void *out)
{
        return user_get(db, who, a, id, out);
}

static enum ecat_err prepare_any(struct db *db, const struct principal *who, int64_t id, void *rec,
                                 struct problems *p)
{
        (void)who;
        return user_prepare(db, id, rec, p);
}

const struct api_door user_api = {
    .res = &user_resource,
    .collection = "/api/v1/users",
    .create = create_any,
    .update = update_any,
    .load = load_any,
    .prepare = prepare_any,
};

/* The list filters: ?1 role, ?2 organisation, ?3 disabled (each NULL for any). */
struct user_filter {
        const char *role;
        int64_t org;
        bool disabled;
        int has_org, has_disabled;
};

static void bind_filter(struct stmt *st, const struct user_filter *f)
{
        st_bind_text(st, 1, f->role);
        if (f->has_org)
                st_bind_int(st, 2, f->org);
        if (f->has_disabled)
                st_bind_int(st, 3, f->disabled);
}

static int append_json(const void *rec, void *items)
{
        json_t *o = record_json(user_columns, USER_F__MAX, rec);
        return o ? json_array_append_new(items, o) : -1;
}

void users_list(struct request *r)
{
        int64_t limit, offset;
        struct user_filter f = {0};
        if (query_page(r, &limit, &offset) < 0 || query_enum(r, "role", user_roles, &f.role) < 0 ||
            (f.has_org = query_int(r, "organisation", 1, INT64_MAX, &f.org)) < 0 ||
            (f.has_disabled = query_bool(r, "disabled", &f.disabled)) < 0)
                return;
        struct db *db = store_db(r->app->store);
        if (!db) {
                reply_internal(r, "no database connection");
                return;
        }
        /* One read transaction: the page and its total see the same data. */
        if (db_begin_read(db) != STORE_OK) {
                reply_internal(r, "cannot begin read");
                return;
        }
        struct stmt *st = db_prepare(db, STMT_USER_LIST);
        struct stmt *cnt = db_prepare(db, STMT_USER_COUNT);
        if (!st || !cnt) {
                db_rollback(db);
                reply_internal(r, "prepare failed");
                return;
        }
        bind_filter(st, &f);
        st_bind_int(st, 4, limit);
        st_bind_int(st, 5, offset);
        json_t *items = json_array();
        enum store_rc rc = res_each(st, &user_resource, append_json, items);
        bind_filter(cnt, &f);
        enum store_rc crc = st_step(cnt);
        int64_t total = crc == STORE_ROW ? st_int(cnt, 0) : 0;
        st_reset(cnt);
        db_rollback(db);
        if (rc != STORE_DONE || crc != STORE_ROW) {
                json_decref(items);
                reply_internal(r, "user list failed");
                return;
        }
        reply_record_json(r, 200,
                          json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}

void users_create(struct request *r)
{
        api_create(r, &user_api);
}

void users_get(struct request *r)
{
        api_get(r, &user_api);
}

void users_update(struct request *r)
{
        api_update(r, &user_api);
}

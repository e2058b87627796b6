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

static void bind_any(struct stmt *st, const void *filter)
{
        bind_filter(st, filter);
}

void users_list(struct request *r)
{
        int64_t limit, offset;
        struct user_filter f = {0};
        if (query_page(r, &limit, &offset) < 0 || query_enum(r, "role", user_roles, &f.role) < 0 ||
            (f.has_org = query_int(r, "organisation", 1, INT64_MAX, &f.org)) < 0 ||
            (f.has_disabled = query_bool(r, "disabled", &f.disabled)) < 0)
                return;
        struct api_list l = {STMT_USER_LIST, STMT_USER_COUNT, bind_any, &f, 4};
        api_list(r, &user_api, &l, limit, offset);
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

/*
 * Partners and expenses over HTTP: the lists of a project's partners and
 * expenses, and the create, read and update of one.  Every write goes
 * through the doors of domain/budget.h; the project of a new record is the
 * one of the path, /api/v1/projects/{id}/partners.
 */
#include "api/budget.h"

#include "api/app.h"
#include "api/handlers.h"
#include "api/params.h"
#include "api/programme.h"
#include "api/projects.h"
#include "api/render.h"
#include "api/respond.h"
#include "domain/project.h"

#include <string.h>

/*
 * Whether the project of the path exists; otherwise answers 404 "no such
 * project" (or 500) and returns false.  A create asks before its body is
 * read, so a missing project is the answer whatever the body holds; its
 * door asks again inside the write.
 */
/* --- partners --- */

static enum ecat_err partner_create_any(struct db *db, const struct principal *who, int64_t parent,
                                        void *rec, struct problems *p, int64_t *id)
{
        return partner_create(db, who, parent, rec, p, id);
}

static enum ecat_err partner_update_any(struct db *db, const struct principal *who, int64_t id,
                                        void *patch, struct problems *p)
{
        return partner_update(db, who, id, patch, p);
}

static enum ecat_err partner_load_any(struct db *db, const struct principal *who, struct arena *a,
                                      int64_t id, void *out)
{
        return partner_get(db, who, a, id, out);
}

const struct api_door partner_api = {
    .res = &partner_resource,
    .collection = "/api/v1/partners",
    .create = partner_create_any,
    .update = partner_update_any,
    .load = partner_load_any,
};

struct partner_filter {
        int64_t project;
        const char *role;
};

static void bind_partners(struct stmt *st, const void *filter)
{
        const struct partner_filter *f = filter;
        st_bind_int(st, 1, f->project);
        st_bind_text(st, 2, f->role);
}

void partners_list(struct request *r)
{
        int64_t limit, offset;
        struct partner_filter f = {r->ids[0], NULL};
        if (query_page(r, &limit, &offset) < 0 || query_enum(r, "role", partner_roles, &f.role) < 0)
                return;
        struct db *db = request_db(r);
        if (!db || !api_path_project(r, db))
                return;
        struct api_list l = {STMT_PARTNER_LIST, STMT_PARTNER_COUNT, bind_partners, &f, 3};
        api_list(r, &partner_api, &l, limit, offset);
}

void partners_create(struct request *r)
{
        struct db *db = request_db(r);
        if (db && api_path_project_lead(r, db))
                api_create(r, &partner_api);
}

void partners_get(struct request *r)
{
        api_get(r, &partner_api);
}

void partners_update(struct request *r)
{
        api_update(r, &partner_api);
}

/* --- expenses --- */

static enum ecat_err expense_create_any(struct db *db, const struct principal *who, int64_t parent,
                                        void *rec, struct problems *p, int64_t *id)
{
        return expense_create(db, who, parent, rec, p, id);
}

static enum ecat_err expense_load_any(struct db *db, const struct principal *who, struct arena *a,
                                      int64_t id, void *out)
{
        return expense_get(db, who, a, id, out);
}

const struct api_door expense_api = {
    .res = &expense_resource,
    .collection = "/api/v1/expenses",
    .create = expense_create_any,
    .load = expense_load_any,
};

struct expense_filter {
        int64_t project, partner; /* partner 0: any */
        const char *category;
        int32_t from, to;
};

static void bind_expenses(struct stmt *st, const void *filter)
{
        const struct expense_filter *f = filter;
        st_bind_int(st, 1, f->project);
        if (f->partner)
                st_bind_int(st, 2, f->partner);
        st_bind_text(st, 3, f->category);
        st_bind_int(st, 4, f->from);
        st_bind_int(st, 5, f->to);
}

void expenses_list(struct request *r)
{
        int64_t limit, offset;
        struct expense_filter f = {r->ids[0], 0, NULL, DAY_MIN, DAY_MAX};
        if (query_page(r, &limit, &offset) < 0 ||
            query_int(r, "partner", 1, INT64_MAX, &f.partner) < 0 ||
            query_enum(r, "category", expense_categories, &f.category) < 0 ||
            query_date(r, "from", &f.from) < 0 || query_date(r, "to", &f.to) < 0)
                return;
        struct db *db = request_db(r);
        if (!db || !api_path_project(r, db))
                return;
        struct api_list l = {STMT_EXPENSE_LIST, STMT_EXPENSE_COUNT, bind_expenses, &f, 6};
        api_list(r, &expense_api, &l, limit, offset);
}

void expenses_create(struct request *r)
{
        struct db *db = request_db(r);
        if (db && api_path_project(r, db))
                api_create(r, &expense_api);
}

void expenses_get(struct request *r)
{
        api_get(r, &expense_api);
}

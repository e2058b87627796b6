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

static int append_partner(const void *rec, void *items)
{
        json_t *o = record_json(partner_columns, PARTNER__COLUMNS, rec);
        return o ? json_array_append_new(items, o) : -1;
}

void partners_list(struct request *r)
{
        int64_t limit, offset;
        const char *role = NULL;
        if (query_page(r, &limit, &offset) < 0 || query_enum(r, "role", partner_roles, &role) < 0)
                return;
        struct db *db = request_db(r);
        if (!db || !api_path_project(r, db))
                return;
        struct stmt *st = db_prepare(db, STMT_PARTNER_LIST);
        struct stmt *cnt = db_prepare(db, STMT_PARTNER_COUNT);
        if (!st || !cnt) {
                reply_internal(r, "prepare failed");
                return;
        }
        st_bind_int(st, 1, r->ids[0]);
        st_bind_text(st, 2, role);
        st_bind_int(st, 3, limit);
        st_bind_int(st, 4, offset);
        json_t *items = json_array();
        enum store_rc rc = res_each(st, &partner_resource, append_partner, items);
        st_bind_int(cnt, 1, r->ids[0]);
        st_bind_text(cnt, 2, role);
        int64_t total = 0;
        if (rc == STORE_DONE && (rc = st_step(cnt)) == STORE_ROW)
                total = st_int(cnt, 0);
        st_reset(cnt);
        if (rc != STORE_ROW) {
                json_decref(items);
                reply_internal(r, "cannot list partners");
                return;
        }
        reply_json(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}

void partners_create(struct request *r)
{
        struct db *db = request_db(r);
        if (db && api_path_project(r, db))
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

static int append_expense(const void *rec, void *items)
{
        json_t *o = record_json(expense_columns, EXPENSE__COLUMNS, rec);
        return o ? json_array_append_new(items, o) : -1;
}

void expenses_list(struct request *r)
{
        int64_t limit, offset, partner = 0;
        const char *category = NULL;
        int32_t from = DAY_MIN, to = DAY_MAX;
        int has_partner;
        if (query_page(r, &limit, &offset) < 0 ||
            (has_partner = query_int(r, "partner", 1, INT64_MAX, &partner)) < 0 ||
            query_enum(r, "category", expense_categories, &category) < 0 ||
            query_date(r, "from", &from) < 0 || query_date(r, "to", &to) < 0)
                return;
        struct db *db = request_db(r);
        if (!db || !api_path_project(r, db))
                return;
        struct stmt *st = db_prepare(db, STMT_EXPENSE_LIST);
        struct stmt *cnt = db_prepare(db, STMT_EXPENSE_COUNT);
        if (!st || !cnt) {
                reply_internal(r, "prepare failed");
                return;
        }
        struct stmt *both[2] = {st, cnt};
        for (int i = 0; i < 2; i++) {
                st_bind_int(both[i], 1, r->ids[0]);
                if (has_partner)
                        st_bind_int(both[i], 2, partner);
                st_bind_text(both[i], 3, category);
                st_bind_int(both[i], 4, from);
                st_bind_int(both[i], 5, to);
        }
        st_bind_int(st, 6, limit);
        st_bind_int(st, 7, offset);
        json_t *items = json_array();
        enum store_rc rc = res_each(st, &expense_resource, append_expense, items);
        int64_t total = 0;
        if (rc == STORE_DONE && (rc = st_step(cnt)) == STORE_ROW)
                total = st_int(cnt, 0);
        st_reset(cnt);
        if (rc != STORE_ROW) {
                json_decref(items);
                reply_internal(r, "cannot list expenses");
                return;
        }
        reply_json(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
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

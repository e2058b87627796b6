/*
 * Partners and expenses of a project: who takes part in which role with
 * which budget allocation, and what each partner has spent.  Money is
 * integer cents in the project's currency; spent is always the sum of the
 * partner's expenses, never a stored figure that could drift from them.
 */
#include "api/app.h"
#include "api/handlers.h"
#include "api/params.h"
#include "api/programme.h"
#include "api/respond.h"
#include "api/validate.h"
#include "audit/audit.h"
#include "core/util.h"

#include <string.h>

/* --- partners --- */

struct partner_input {
        struct input_head head;
        int64_t organisation_id;
        const char *role;
        int64_t allocation_cents;
};

enum { PA_ORG, PA_ROLE, PA_ALLOCATION };

static const struct field_spec partner_fields[] = {
    [PA_ORG] = {"organisation_id", FT_INT, FIELD_REQUIRED,
                offsetof(struct partner_input, organisation_id), 1, INT64_MAX, 0, 0, NULL},
    [PA_ROLE] = {"role", FT_ENUM, FIELD_REQUIRED, offsetof(struct partner_input, role), 0, 0, 0, 0,
                 partner_roles},
    [PA_ALLOCATION] = {"allocation_cents", FT_INT, 0,
                       offsetof(struct partner_input, allocation_cents), 0, MONEY_MAX, 0, 0, NULL},
};

/* PARTNER_COLS positions (store/sql_programme.h). */
static json_t *partner_row_json(struct stmt *st)
{
        return json_pack(
            "{s:I, s:I, s:I, s:s, s:s, s:s, s:I, s:I, s:s, s:o, s:o}", "id",
            (json_int_t)st_int(st, 0), "project_id", (json_int_t)st_int(st, 1), "organisation_id",
            (json_int_t)st_int(st, 2), "organisation_name", st_text(st, 3), "country",
            st_text(st, 4), "role", st_text(st, 5), "allocation_cents", (json_int_t)st_int(st, 6),
            "spent_cents", (json_int_t)st_int(st, 7), "currency", st_text(st, 8), "created_at",
            json_timestamp(st_int(st, 9)), "updated_at", json_timestamp(st_int(st, 10)));
}

json_t *partner_load(struct db *db, int64_t id)
{
        struct stmt *st = db_prepare(db, STMT_PARTNER_BY_ID);
        if (!st)
                return NULL;
        st_bind_int(st, 1, id);
        json_t *p = st_step(st) == STORE_ROW ? partner_row_json(st) : NULL;
        st_reset(st);
        return p;
}

static enum ecat_err validated(enum validate_result v, const char *message, json_t **errors)
{
        if (v == MALFORMED) {
                error_add(errors, "body", message);
                return E_BAD_REQUEST;
        }
        return v == INVALID_FIELDS ? E_VALIDATION : E_OK;
}

/* 1 when a row for id exists in the statement's table, 0 when not, -1 on error. */
static int row_exists(struct db *db, enum stmt_id id, int64_t a, int64_t b)
{
        struct stmt *st = db_prepare(db, id);
        if (!st)
                return -1;
        st_bind_int(st, 1, a);
        st_bind_int(st, 2, b);
        enum store_rc rc = st_step(st);
        st_reset(st);
        return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : -1;
}

enum ecat_err partner_insert_json(struct db *db, struct arena *a, int64_t project_id,
                                  const char *json, size_t len, int64_t actor_id,
                                  const char *request_id, json_t **errors, int64_t *id)
{
        struct partner_input in;
        memset(&in, 0, sizeof(in));
        const char *message = NULL;
        *errors = NULL;
        int32_t start, end;
        if (!project_dates(db, project_id, &start, &end))
                return E_NOT_FOUND;
        enum ecat_err e =
            validated(validate_json(a, json, len, partner_fields, ARRAY_LEN(partner_fields), &in,
                                    false, errors, &message),
                      message, errors);
        if (e != E_OK)
                return e;
        int org = row_exists(db, STMT_ORG_BY_ID, in.organisation_id, 0);
        int dup = row_exists(db, STMT_PARTNER_ID_BY_ORG, project_id, in.organisation_id);
        if (org < 0 || dup < 0)
                return E_INTERNAL;
        if (!org) {
                error_add(errors, "organisation_id", "no such organisation");
                return E_VALIDATION;
        }
        if (dup) {
                error_add(errors, "organisation_id", "is already a partner of this project");
                return E_CONFLICT;
        }
        int64_t now = now_seconds();
        struct stmt *st = db_prepare(db, STMT_PARTNER_INSERT);
        if (!st)
                return E_INTERNAL;
        st_bind_int(st, 1, project_id);
        st_bind_int(st, 2, in.organisation_id);
        st_bind_text(st, 3, in.role);
        st_bind_int(st, 4, in.allocation_cents);
        st_bind_int(st, 5, now);
        st_bind_int(st, 6, now);
        enum store_rc rc = st_exec(st);
        if (rc == STORE_CONSTRAINT) {
                error_add(errors, "organisation_id", "is already a partner of this project");
                return E_CONFLICT;
        }
        if (rc != STORE_DONE)
                return E_INTERNAL;
        *id = db_last_id(db);
        struct audit_entry entry = {actor_id, "partner.create", "partner", *id, "ok", request_id};
        return audit_append(db, &entry) == STORE_OK ? E_OK : E_INTERNAL;
}

void partners_list(struct request *r)
{
        int64_t limit, offset;
        const char *role = NULL;
        if (query_page(r, &limit, &offset) < 0 || query_enum(r, "role", partner_roles, &role) < 0)
                return;
        struct db *db = request_db(r);
        if (!db)
                return;
        int32_t start, end;
        if (!project_dates(db, r->ids[0], &start, &end)) {
                reply_error(r, E_NOT_FOUND, "no such project");
                return;
        }
        struct stmt *st = db_prepare(db, STMT_PARTNER_LIST);
        if (!st) {
                reply_internal(r, "prepare failed");
                return;
        }
        st_bind_int(st, 1, r->ids[0]);
        st_bind_text(st, 2, role);
        st_bind_int(st, 3, limit);
        st_bind_int(st, 4, offset);
        json_t *items = json_array();
        while (st_step(st) == STORE_ROW)
                json_array_append_new(items, partner_row_json(st));
        st_reset(st);
        int64_t total = 0;
        struct stmt *cnt = db_prepare(db, STMT_PARTNER_COUNT);
        if (cnt) {
                st_bind_int(cnt, 1, r->ids[0]);
                st_bind_text(cnt, 2, role);
                if (st_step(cnt) == STORE_ROW)
                        total = st_int(cnt, 0);
                st_reset(cnt);
        }
        reply_json(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}

void partners_create(struct request *r)
{
        if (!request_body_is_json(r))
                return;
        struct db *db;
        if (tx_begin(r, &db) < 0)
                return;
        json_t *errors = NULL;
        int64_t id = 0;
        enum ecat_err e =
            partner_insert_json(db, &r->arena, r->ids[0], r->body.data ? r->body.data : "",
                                r->body.len, r->auth.user_id, r->id, &errors, &id);
        if (e != E_OK) {
                db_rollback(db);
                reply_write_error(r, e, errors, "project");
                return;
        }
        if (tx_commit(r, db) < 0)
                return;
        reply_created_found(r, "/api/v1/partners", id, partner_load(db, id));
}

void partners_get(struct request *r)
{
        struct db *db = request_db(r);
        if (!db)
                return;
        reply_found(r, partner_load(db, r->ids[0]), "no such partner");
}

/* Role and allocation may change; the organisation may not (add a partner instead). */
void partners_update(struct request *r)
{
        struct partner_input in;
        memset(&in, 0, sizeof(in));
        if (validate_request(r, partner_fields, ARRAY_LEN(partner_fields), &in, true) < 0)
                return;
        if (INPUT_HAS(&in, PA_ORG)) {
                reply_invalid(r, "organisation_id", "cannot be changed; add a new partner instead");
                return;
        }
        struct db *db;
        if (tx_begin(r, &db) < 0)
                return;
        struct stmt *st = db_prepare(db, STMT_PARTNER_BY_ID);
        if (!st) {
                db_rollback(db);
                reply_internal(r, "prepare failed");
                return;
        }
        st_bind_int(st, 1, r->ids[0]);
        if (st_step(st) != STORE_ROW) {
                st_reset(st);
                db_rollback(db);
                reply_error(r, E_NOT_FOUND, "no such partner");
                return;
        }
        if (!INPUT_HAS(&in, PA_ROLE))
                in.role = arena_strdup(&r->arena, st_text(st, 5));
        if (!INPUT_HAS(&in, PA_ALLOCATION))
                in.allocation_cents = st_int(st, 6);
        st_reset(st);
        st = db_prepare(db, STMT_PARTNER_UPDATE);
        if (!st || !in.role) {
                db_rollback(db);
                reply_internal(r, "prepare failed");
                return;
        }
        st_bind_text(st, 1, in.role);
        st_bind_int(st, 2, in.allocation_cents);
        st_bind_int(st, 3, now_seconds());
        st_bind_int(st, 4, r->ids[0]);
        struct audit_entry entry = {
            r->auth.user_id, "partner.update", "partner", r->ids[0], "ok", r->id};
        if (st_exec(st) != STORE_DONE || audit_append(db, &entry) != STORE_OK) {
                db_rollback(db);
                reply_internal(r, "cannot update partner");
                return;
        }
        if (tx_commit(r, db) < 0)
                return;
        reply_saved(r, partner_load(db, r->ids[0]));
}

/* --- expenses --- */

struct expense_input {
        struct input_head head;
        int64_t partner_id;
        int32_t date;
        const char *category;
        int64_t amount_cents;
        const char *description;
};

enum { EX_PARTNER, EX_DATE, EX_CATEGORY, EX_AMOUNT, EX_DESCRIPTION };

static const struct field_spec expense_fields[] = {
    [EX_PARTNER] = {"partner_id", FT_INT, FIELD_REQUIRED,
                    offsetof(struct expense_input, partner_id), 1, INT64_MAX, 0, 0, NULL},
    [EX_DATE] = {"date", FT_DATE, FIELD_REQUIRED, offsetof(struct expense_input, date), 0, 0, 0, 0,
                 NULL},
    [EX_CATEGORY] = {"category", FT_ENUM, FIELD_REQUIRED, offsetof(struct expense_input, category),
                     0, 0, 0, 0, expense_categories},
    [EX_AMOUNT] = {"amount_cents", FT_INT, FIELD_REQUIRED,
                   offsetof(struct expense_input, amount_cents), 0, MONEY_MAX, 0, 0, NULL},
    [EX_DESCRIPTION] = {"description", FT_TEXT, FIELD_MULTILINE,
                        offsetof(struct expense_input, description), 0, 2000, 0, 0, NULL},
};

/* EXPENSE_COLS positions. */
static json_t *expense_row_json(struct stmt *st)
{
        char date[11];
        format_date((int32_t)st_int(st, 3), date);
        return json_pack(
            "{s:I, s:I, s:I, s:s, s:s, s:I, s:s, s:s, s:o, s:o}", "id", (json_int_t)st_int(st, 0),
            "project_id", (json_int_t)st_int(st, 1), "partner_id", (json_int_t)st_int(st, 2),
            "date", date, "category", st_text(st, 4), "amount_cents", (json_int_t)st_int(st, 5),
            "currency", st_text(st, 6), "description", st_text(st, 7), "created_at",
            json_timestamp(st_int(st, 8)), "updated_at", json_timestamp(st_int(st, 9)));
}

json_t *expense_load(struct db *db, int64_t id)
{
        struct stmt *st = db_prepare(db, STMT_EXPENSE_BY_ID);
        if (!st)
                return NULL;
        st_bind_int(st, 1, id);
        json_t *e = st_step(st) == STORE_ROW ? expense_row_json(st) : NULL;
        st_reset(st);
        return e;
}

enum ecat_err expense_insert_json(struct db *db, struct arena *a, int64_t project_id,
                                  const char *json, size_t len, int64_t actor_id,
                                  const char *request_id, json_t **errors, int64_t *id)
{
        struct expense_input in;
        memset(&in, 0, sizeof(in));
        const char *message = NULL;
        *errors = NULL;
        int32_t start, end;
        if (!project_dates(db, project_id, &start, &end))
                return E_NOT_FOUND;
        enum ecat_err e =
            validated(validate_json(a, json, len, expense_fields, ARRAY_LEN(expense_fields), &in,
                                    false, errors, &message),
                      message, errors);
        if (e != E_OK)
                return e;
        int member = row_exists(db, STMT_PARTNER_ORG_IN_PROJECT, in.partner_id, project_id);
        if (member < 0)
                return E_INTERNAL;
        if (!member)
                error_add(errors, "partner_id", "is not a partner of this project");
        if (in.date < start || in.date > end) {
                char s[11], t[11];
                format_date(start, s);
                format_date(end, t);
                const char *m =
                    arena_printf(a, "must be within the project's dates, %s to %s", s, t);
                error_add(errors, "date", m ? m : "must be within the project's dates");
        }
        if (*errors)
                return E_VALIDATION;
        int64_t now = now_seconds();
        struct stmt *st = db_prepare(db, STMT_EXPENSE_INSERT);
        if (!st)
                return E_INTERNAL;
        st_bind_int(st, 1, project_id);
        st_bind_int(st, 2, in.partner_id);
        st_bind_int(st, 3, in.date);
        st_bind_text(st, 4, in.category);
        st_bind_int(st, 5, in.amount_cents);
        st_bind_text(st, 6, in.description ? in.description : "");
        if (actor_id)
                st_bind_int(st, 7, actor_id);
        st_bind_int(st, 8, now);
        st_bind_int(st, 9, now);
        if (st_exec(st) != STORE_DONE)
                return E_INTERNAL;
        *id = db_last_id(db);
        struct audit_entry entry = {actor_id, "expense.create", "expense", *id, "ok", request_id};
        return audit_append(db, &entry) == STORE_OK ? E_OK : E_INTERNAL;
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
        if (!db)
                return;
        int32_t start, end;
        if (!project_dates(db, r->ids[0], &start, &end)) {
                reply_error(r, E_NOT_FOUND, "no such project");
                return;
        }
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
        while (st_step(st) == STORE_ROW)
                json_array_append_new(items, expense_row_json(st));
        st_reset(st);
        int64_t total = st_step(cnt) == STORE_ROW ? st_int(cnt, 0) : 0;
        st_reset(cnt);
        reply_json(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}

void expenses_create(struct request *r)
{
        if (!request_body_is_json(r))
                return;
        struct db *db;
        if (tx_begin(r, &db) < 0)
                return;
        json_t *errors = NULL;
        int64_t id = 0;
        enum ecat_err e =
            expense_insert_json(db, &r->arena, r->ids[0], r->body.data ? r->body.data : "",
                                r->body.len, r->auth.user_id, r->id, &errors, &id);
        if (e != E_OK) {
                db_rollback(db);
                reply_write_error(r, e, errors, "project");
                return;
        }
        if (tx_commit(r, db) < 0)
                return;
        reply_created_found(r, "/api/v1/expenses", id, expense_load(db, id));
}

void expenses_get(struct request *r)
{
        struct db *db = request_db(r);
        if (!db)
                return;
        reply_found(r, expense_load(db, r->ids[0]), "no such expense");
}

/* Partners and expenses: the column tables, the rules and the doors (domain/budget.h). */
#include "domain/budget.h"

#include "core/util.h"
#include "domain/project.h"
#include "domain/scope.h"

#define RO(f, type, name, field, rec)                                                              \
        [f] = {name, name, type, COL_READ_ONLY, offsetof(struct rec, field), 0, 0, 0, 0, NULL}

const struct column partner_columns[PARTNER__COLUMNS] = {
    RO(PARTNER_ID, FT_INT, "id", id, partner),
    [PARTNER_PROJECT] = {"project_id", "project_id", FT_INT, COL_NO_INPUT,
                         offsetof(struct partner, project_id), 1, INT64_MAX, 0, 0, NULL},
    [PARTNER_ORGANISATION] = {"organisation_id", "organisation_id", FT_INT, FIELD_REQUIRED,
                              offsetof(struct partner, organisation_id), 1, INT64_MAX, 0, 0, NULL},
    RO(PARTNER_ORGANISATION_NAME, FT_TEXT, "organisation_name", organisation_name, partner),
    RO(PARTNER_COUNTRY, FT_TEXT, "country", country, partner),
    [PARTNER_ROLE] = {"role", "role", FT_ENUM, FIELD_REQUIRED, offsetof(struct partner, role), 0, 0,
                      0, 0, partner_roles},
    [PARTNER_ALLOCATION] = {"allocation_cents", "allocation_cents", FT_INT, COL_MONEY,
                            offsetof(struct partner, allocation_cents), 0, MONEY_MAX, 0, 0, NULL},
    [PARTNER_SPENT] = {"spent_cents", "spent_cents", FT_INT, COL_READ_ONLY | COL_MONEY,
                       offsetof(struct partner, spent_cents), 0, 0, 0, 0, NULL},
    RO(PARTNER_CURRENCY, FT_TEXT, "currency", currency, partner),
    RO(PARTNER_CREATED, FT_TIMESTAMP, "created_at", created_at, partner),
    RO(PARTNER_UPDATED, FT_TIMESTAMP, "updated_at", updated_at, partner),
};

const struct column expense_columns[EXPENSE__COLUMNS] = {
    RO(EXPENSE_ID, FT_INT, "id", id, expense),
    [EXPENSE_PROJECT] = {"project_id", "project_id", FT_INT, COL_NO_INPUT,
                         offsetof(struct expense, project_id), 1, INT64_MAX, 0, 0, NULL},
    [EXPENSE_PARTNER] = {"partner_id", "partner_id", FT_INT, FIELD_REQUIRED,
                         offsetof(struct expense, partner_id), 1, INT64_MAX, 0, 0, NULL},
    [EXPENSE_DATE] = {"date", "date", FT_DATE, FIELD_REQUIRED, offsetof(struct expense, date), 0, 0,
                      0, 0, NULL},
    [EXPENSE_CATEGORY] = {"category", "category", FT_ENUM, FIELD_REQUIRED,
                          offsetof(struct expense, category), 0, 0, 0, 0, expense_categories},
    [EXPENSE_AMOUNT] = {"amount_cents", "amount_cents", FT_INT, FIELD_REQUIRED | COL_MONEY,
                        offsetof(struct expense, amount_cents), 0, MONEY_MAX, 0, 0, NULL},
    RO(EXPENSE_CURRENCY, FT_TEXT, "currency", currency, expense),
    [EXPENSE_DESCRIPTION] = {"description", "description", FT_TEXT, FIELD_MULTILINE,
                             offsetof(struct expense, description), 0, 2000, 0, 0, NULL},
    RO(EXPENSE_CREATED, FT_TIMESTAMP, "created_at", created_at, expense),
    RO(EXPENSE_UPDATED, FT_TIMESTAMP, "updated_at", updated_at, expense),
};

_Static_assert(PARTNER__COLUMNS <= RECORD_MAX_COLUMNS, "present bits hold every column");
_Static_assert(EXPENSE__COLUMNS <= RECORD_MAX_COLUMNS, "present bits hold every column");

/* The project a nested record is created under: E_OK, or why not (p->message on E_NOT_FOUND). */
static enum ecat_err parent_project(struct db *db, int64_t project_id, struct problems *p)
{
        enum ecat_err e = project_find(db, project_id, NULL, NULL);
        if (e == E_NOT_FOUND)
                p->message = "no such project";
        return e;
}

/* --- partners --- */

/* The rules of a complete partner entry; its uniqueness is the table's. */
static int partner_rules(struct db *db, const struct principal *who, void *rec, const void *stored,
                         struct problems *p)
{
        (void)who;
        (void)stored;
        const struct partner *in = rec;
        struct stmt *st = db_prepare(db, STMT_PARTNER_RULES);
        if (!st)
                return -1;
        st_bind_int(st, 1, in->organisation_id);
        if (st_step(st) != STORE_ROW) {
                st_reset(st);
                return -1;
        }
        bool org = st_int(st, 0) != 0;
        st_reset(st);
        if (!org)
                problem_add(p, "organisation_id", "no such organisation");
        return 0;
}

/* A partner's role and allocation are set by the project's lead partner. */
static enum ecat_err partner_scope(struct db *db, const struct principal *who, const void *rec)
{
        return scope_lead(db, who, ((const struct partner *)rec)->project_id);
}

const struct resource partner_resource = {
    .name = "partner",
    .table = "partners",
    .cols = partner_columns,
    .n_cols = PARTNER__COLUMNS,
    .size = sizeof(struct partner),
    .by_id = STMT_PARTNER_BY_ID,
    .insert = STMT_PARTNER_INSERT,
    .update = STMT_PARTNER_UPDATE,
    .has_update = true,
    .rules = partner_rules,
    .scope = partner_scope,
    .unique_field = "organisation_id",
    .unique_message = "is already a partner of this project",
};

enum ecat_err partner_create(struct db *db, const struct principal *who, int64_t project_id,
                             struct partner *in, struct problems *p, int64_t *id)
{
        enum ecat_err e = parent_project(db, project_id, p);
        if (e == E_OK && (e = scope_lead(db, who, project_id)) == E_NOT_FOUND)
                p->message = "no such project"; /* as for a project that does not exist */
        if (e != E_OK)
                return e;
        in->project_id = project_id;
        record_give(in, PARTNER_PROJECT);
        return res_create(db, who, &partner_resource, in, 0, p, id);
}

enum ecat_err partner_update(struct db *db, const struct principal *who, int64_t id,
                             struct partner *patch, struct problems *p)
{
        if (REC_HAS(patch, PARTNER_ORGANISATION)) {
                problem_add(p, "organisation_id", "cannot be changed; add a new partner instead");
                return E_VALIDATION;
        }
        return res_update(db, who, &partner_resource, id, patch, p);
}

enum ecat_err partner_get(struct db *db, const struct principal *who, struct arena *a, int64_t id,
                          struct partner *out)
{
        (void)who;
        return res_load(db, &partner_resource, a, id, out);
}

/* --- expenses --- */

/* The rules of a complete expense: its partner and its date belong to its project. */
static int expense_rules(struct db *db, const struct principal *who, void *rec, const void *stored,
                         struct problems *p)
{
        (void)who;
        (void)stored;
        const struct expense *in = rec;
        struct stmt *st = db_prepare(db, STMT_EXPENSE_RULES);
        if (!st)
                return -1;
        st_bind_int(st, 1, in->project_id);
        st_bind_int(st, 2, in->partner_id);
        if (st_step(st) != STORE_ROW) {
                st_reset(st);
                return -1;
        }
        bool project = !st_null(st, 0);
        int32_t start = (int32_t)st_int(st, 0), end = (int32_t)st_int(st, 1);
        bool member = st_int(st, 2) != 0;
        st_reset(st);
        if (!member)
                problem_add(p, "partner_id", "is not a partner of this project");
        if (project)
                project_date_check(p, "date", in->date, start, end);
        return 0;
}

/* An expense is written by the staff of the partner that spent it. */
static enum ecat_err expense_scope(struct db *db, const struct principal *who, const void *rec)
{
        return scope_partner_entry(db, who, ((const struct expense *)rec)->partner_id);
}

const struct resource expense_resource = {
    .name = "expense",
    .table = "expenses",
    .cols = expense_columns,
    .n_cols = EXPENSE__COLUMNS,
    .size = sizeof(struct expense),
    .by_id = STMT_EXPENSE_BY_ID,
    .insert = STMT_EXPENSE_INSERT,
    .rules = expense_rules,
    .scope = expense_scope,
};

enum ecat_err expense_create(struct db *db, const struct principal *who, int64_t project_id,
                             struct expense *in, struct problems *p, int64_t *id)
{
        enum ecat_err e = parent_project(db, project_id, p);
        if (e != E_OK)
                return e;
        in->project_id = project_id;
        record_give(in, EXPENSE_PROJECT);
        return res_create(db, who, &expense_resource, in, 0, p, id);
}

enum ecat_err expense_get(struct db *db, const struct principal *who, struct arena *a, int64_t id,
                          struct expense *out)
{
        (void)who;
        return res_load(db, &expense_resource, a, id, out);
}

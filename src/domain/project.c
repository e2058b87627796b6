/* Projects: the column table, the rules and the doors (domain/project.h). */
#include "domain/project.h"

#include "core/util.h"
#include "domain/scope.h"

#define PROJECT_TEXT(f, field, fl, lo, hi)                                                         \
        [f] = {#field, #field, FT_TEXT, fl, offsetof(struct project, field), lo, hi, 0, 0, NULL}

const struct column project_columns[PROJECT__COLUMNS] = {
    [PROJECT_ID] = {"id", "id", FT_INT, COL_READ_ONLY, offsetof(struct project, id), 0, 0, 0, 0,
                    NULL},
    PROJECT_TEXT(PROJECT_CODE, code, FIELD_REQUIRED, 1, 32),
    PROJECT_TEXT(PROJECT_TITLE, title, FIELD_REQUIRED, 1, 300),
    PROJECT_TEXT(PROJECT_FUNDER, funder, 0, 0, 200),
    PROJECT_TEXT(PROJECT_PROGRAMME, programme, 0, 0, 300),
    [PROJECT_START] = {"start_date", "start_date", FT_DATE, FIELD_REQUIRED,
                       offsetof(struct project, start_date), 0, 0, 0, 0, NULL},
    [PROJECT_END] = {"end_date", "end_date", FT_DATE, FIELD_REQUIRED,
                     offsetof(struct project, end_date), 0, 0, 0, 0, NULL},
    PROJECT_TEXT(PROJECT_CURRENCY, currency, 0, 3, 3),
    [PROJECT_BUDGET] = {"budget_cents", "budget_cents", FT_INT, COL_MONEY,
                        offsetof(struct project, budget_cents), 0, MONEY_MAX, 0, 0, NULL},
    [PROJECT_CREATED] = {"created_at", "created_at", FT_TIMESTAMP, COL_READ_ONLY,
                         offsetof(struct project, created_at), 0, 0, 0, 0, NULL},
    [PROJECT_UPDATED] = {"updated_at", "updated_at", FT_TIMESTAMP, COL_READ_ONLY,
                         offsetof(struct project, updated_at), 0, 0, 0, 0, NULL},
};

_Static_assert(PROJECT__COLUMNS <= RECORD_MAX_COLUMNS, "present bits hold every column");

/*
 * The shape rules of a complete record.  They run with the rules below, once
 * every field is valid by itself (not beside the field errors of a create).
 */
static void project_shape(const struct project *in, struct problems *p)
{
        if (!project_code_valid(in->code))
                problem_add(p, "code",
                            "must be 1 to 32 characters of capital letters, digits, _ and -");
        if (REC_HAS(in, PROJECT_CURRENCY) && !currency_valid(in->currency))
                problem_add(p, "currency", "must be an ISO 4217 code of three capital letters");
        if (in->end_date < in->start_date)
                problem_add(p, "end_date", "must not be before start_date");
}

/*
 * The rules of a complete record.  On an update, dates narrower than the
 * stored ones may not leave an activity or an expense of the project outside
 * them; the message goes to the date field the patch gave (both when it gave
 * both).
 */
static int project_rules(struct db *db, const struct principal *who, void *rec, const void *stored,
                         struct problems *p)
{
        (void)who;
        const struct project *in = rec, *old = stored;
        project_shape(in, p);
        if (p->n || !old || (in->start_date <= old->start_date && in->end_date >= old->end_date))
                return 0;
        struct stmt *st = db_prepare(db, STMT_PROJECT_OUTSIDE_DATES);
        if (!st)
                return -1;
        st_bind_int(st, 1, old->id);
        st_bind_int(st, 2, in->start_date);
        st_bind_int(st, 3, in->end_date);
        if (st_step(st) != STORE_ROW) {
                st_reset(st);
                return -1;
        }
        int64_t acts = st_int(st, 0), exps = st_int(st, 1);
        st_reset(st);
        if (!acts && !exps)
                return 0;
        const char *m =
            problem_printf(p, "would leave records outside the dates",
                           "would leave %lld activities and %lld expenses outside the dates",
                           (long long)acts, (long long)exps);
        bool start = (in->given >> PROJECT_START) & 1u, end = (in->given >> PROJECT_END) & 1u;
        problem_add(p, start ? "start_date" : "end_date", m);
        if (start && end)
                problem_add(p, "end_date", m);
        return 0;
}

/*
 * A project's settings are changed by its lead partner (anyone holding the
 * action while it has none).  A new project (id 0) has no partners yet.
 */
static enum ecat_err project_scope(struct db *db, const struct principal *who, const void *rec)
{
        int64_t id = ((const struct project *)rec)->id;
        return id ? scope_lead(db, who, id) : E_OK;
}

const struct resource project_resource = {
    .name = "project",
    .table = "projects",
    .cols = project_columns,
    .n_cols = PROJECT__COLUMNS,
    .size = sizeof(struct project),
    .by_id = STMT_PROJECT_BY_ID,
    .insert = STMT_PROJECT_INSERT,
    .update = STMT_PROJECT_UPDATE,
    .has_update = true,
    .rules = project_rules,
    .scope = project_scope,
    .unique_field = "code",
    .unique_message = "is taken by another project",
};

enum ecat_err project_create(struct db *db, const struct principal *who, struct project *in,
                             struct problems *p, int64_t *id)
{
        in->given = 0;
        return res_create(db, who, &project_resource, in, 0, p, id);
}

enum ecat_err project_update(struct db *db, const struct principal *who, int64_t id,
                             struct project *patch, struct problems *p)
{
        patch->given = patch->head.present;
        enum ecat_err e = res_update(db, who, &project_resource, id, patch, p);
        if (e == E_CONFLICT && !p->message)
                p->message = "the code is taken";
        return e;
}

enum ecat_err project_get(struct db *db, const struct principal *who, struct arena *a, int64_t id,
                          struct project *out)
{
        (void)who;
        return res_load(db, &project_resource, a, id, out);
}

enum ecat_err project_find(struct db *db, int64_t id, int32_t *start, int32_t *end)
{
        struct stmt *st = db_prepare(db, STMT_PROJECT_DATES);
        if (!st)
                return E_INTERNAL;
        st_bind_int(st, 1, id);
        enum store_rc rc = st_step(st);
        if (rc == STORE_ROW) {
                if (start)
                        *start = (int32_t)st_int(st, 0);
                if (end)
                        *end = (int32_t)st_int(st, 1);
        }
        st_reset(st);
        return rc == STORE_ROW ? E_OK : rc == STORE_DONE ? E_NOT_FOUND : E_INTERNAL;
}

bool project_dates(struct db *db, int64_t project_id, int32_t *start, int32_t *end)
{
        return project_find(db, project_id, start, end) == E_OK;
}

void project_date_check(struct problems *p, const char *field, int32_t day, int32_t start,
                        int32_t end)
{
        if (day >= start && day <= end)
                return;
        char s[11], t[11];
        format_date(start, s);
        format_date(end, t);
        problem_add(p, field,
                    problem_printf(p, "must be within the project's dates",
                                   "must be within the project's dates, %s to %s", s, t));
}

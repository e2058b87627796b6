/* Outreach activities: the column table, the rules and the doors (domain/activity.h). */
#include "domain/activity.h"

#include "core/util.h"
#include "domain/material.h"
#include "domain/project.h"
#include "domain/scope.h"

#include <string.h>

#define AUDIENCE_COLUMN(k, name)                                                                   \
        [ACTIVITY_AUDIENCE + (k)] = {name,                                                         \
                                     name,                                                         \
                                     FT_INT,                                                       \
                                     0,                                                            \
                                     offsetof(struct activity, audience) + (k) * sizeof(int64_t),  \
                                     0,                                                            \
                                     HEADCOUNT_MAX,                                                \
                                     0,                                                            \
                                     0,                                                            \
                                     NULL}

const struct column activity_columns[ACTIVITY__COLUMNS] = {
    [ACTIVITY_ID] = {"id", "id", FT_INT, COL_READ_ONLY, offsetof(struct activity, id), 0, 0, 0, 0,
                     NULL},
    [ACTIVITY_PROJECT] = {"project_id", "project_id", FT_INT, FIELD_REQUIRED,
                          offsetof(struct activity, project_id), 1, INT64_MAX, 0, 0, NULL},
    [ACTIVITY_ORGANISATION] = {"organisation_id", "organisation_id", FT_INT, FIELD_REQUIRED,
                               offsetof(struct activity, organisation_id), 1, INT64_MAX, 0, 0,
                               NULL},
    [ACTIVITY_ORGANISATION_NAME] = {"organisation_name", "organisation_name", FT_TEXT,
                                    COL_READ_ONLY, offsetof(struct activity, organisation_name), 0,
                                    0, 0, 0, NULL},
    [ACTIVITY_RUN_BY] = {"run_by", "run_by", FT_INT, FIELD_REQUIRED,
                         offsetof(struct activity, run_by), 1, INT64_MAX, 0, 0, NULL},
    [ACTIVITY_RUN_BY_NAME] = {"run_by_name", "run_by_name", FT_TEXT, COL_READ_ONLY,
                              offsetof(struct activity, run_by_name), 0, 0, 0, 0, NULL},
    [ACTIVITY_DATE] = {"date", "date", FT_DATE, FIELD_REQUIRED, offsetof(struct activity, date), 0,
                       0, 0, 0, NULL},
    [ACTIVITY_KIND] = {"kind", "kind", FT_ENUM, FIELD_REQUIRED, offsetof(struct activity, kind), 0,
                       0, 0, 0, activity_kinds},
    AUDIENCE_COLUMN(0, "youths"),
    AUDIENCE_COLUMN(1, "specialists"),
    AUDIENCE_COLUMN(2, "teachers"),
    AUDIENCE_COLUMN(3, "parents"),
    AUDIENCE_COLUMN(4, "business_staff"),
    AUDIENCE_COLUMN(5, "public"),
    [ACTIVITY_TOPICS] = {"topics", "topics", FT_ENUM_SET, 0, offsetof(struct activity, topics), 0,
                         0, 0, 0, activity_topics},
    [ACTIVITY_MATERIALS] = {"materials", "materials", FT_TEXT_LIST, 0,
                            offsetof(struct activity, materials), 1, 200, 0, 0, NULL},
    [ACTIVITY_NOTES] = {"notes", "notes", FT_TEXT, FIELD_MULTILINE,
                        offsetof(struct activity, notes), 0, 10000, 0, 0, NULL},
    [ACTIVITY_CREATED] = {"created_at", "created_at", FT_TIMESTAMP, COL_READ_ONLY,
                          offsetof(struct activity, created_at), 0, 0, 0, 0, NULL},
    [ACTIVITY_UPDATED] = {"updated_at", "updated_at", FT_TIMESTAMP, COL_READ_ONLY,
                          offsetof(struct activity, updated_at), 0, 0, 0, 0, NULL},
};

_Static_assert(AUDIENCE_GROUPS == 6, "AUDIENCE_COLUMN rows follow audience_groups");
_Static_assert(ACTIVITY__COLUMNS <= RECORD_MAX_COLUMNS, "present bits hold every column");

/* The rules of a complete activity, whatever wrote it. */
static int activity_rules(struct db *db, const struct principal *who, void *rec, const void *stored,
                          struct problems *p)
{
        (void)who;
        (void)stored;
        const struct activity *in = rec;
        struct stmt *st = db_prepare(db, STMT_ACTIVITY_RULES);
        if (!st)
                return -1;
        st_bind_int(st, 1, in->project_id);
        st_bind_int(st, 2, in->organisation_id);
        st_bind_int(st, 3, in->run_by);
        if (st_step(st) != STORE_ROW) {
                st_reset(st);
                return -1;
        }
        bool project = !st_null(st, 0);
        int32_t start = (int32_t)st_int(st, 0), end = (int32_t)st_int(st, 1);
        bool org = st_int(st, 2) != 0, run_by = st_int(st, 3) != 0, partner = st_int(st, 4) != 0;
        st_reset(st);
        if (!project)
                problem_add(p, "project_id", "no such project");
        if (!org)
                problem_add(p, "organisation_id", "no such organisation");
        if (!run_by)
                problem_add(p, "run_by", "no such organisation");
        else if (project && !partner)
                problem_add(p, "run_by", "is not a partner organisation of the project");
        if (in->date > today_days()) {
                problem_add(p, "date", "must not be in the future");
        } else if (project) {
                project_date_check(p, "date", in->date, start, end);
        }
        return 0;
}

/* An activity is written by the staff of the partner that ran it (run_by). */
static enum ecat_err activity_scope(struct db *db, const struct principal *who, const void *rec)
{
        (void)db;
        return scope_partner(who, ((const struct activity *)rec)->run_by);
}

/*
 * The materials an activity used, as references (activity_materials): each
 * title of its materials list names a material record, found by its title
 * whatever the case, or made (kind "other", through the material door, with
 * its audit entry) when there is none.  Run after every write of the activity.
 */
static enum ecat_err activity_materials(struct db *db, const struct principal *who, int64_t id,
                                        const void *rec, struct problems *p)
{
        const struct activity *a = rec;
        const char *list = REC_GIVEN(a, ACTIVITY_MATERIALS) ? a->materials : "[]";
        bool empty = !list || strcmp(list, "[]") == 0;
        struct stmt *st = db_prepare(db, STMT_ACTIVITY_MATERIALS_CLEAR);
        if (!st)
                return E_INTERNAL;
        st_bind_int(st, 1, id);
        if (st_exec(st) != STORE_DONE)
                return E_INTERNAL;
        if (empty)
                return E_OK;
        /* The titles, decoded by the store (json_each), one row each. */
        struct stmt *titles = db_prepare(db, STMT_ACTIVITY_MATERIAL_TITLES);
        if (!titles)
                return E_INTERNAL;
        st_bind_text(titles, 1, list);
        const char *names[50];
        size_t n = 0;
        enum store_rc rc;
        while ((rc = st_step(titles)) == STORE_ROW && n < 50) {
                names[n] = arena_strdup(p->arena, st_text(titles, 0));
                if (!names[n++]) {
                        st_reset(titles);
                        return E_INTERNAL;
                }
        }
        st_reset(titles);
        if (rc != STORE_DONE && rc != STORE_ROW)
                return E_INTERNAL;
        for (size_t i = 0; i < n; i++) {
                int64_t material = 0;
                enum ecat_err e = material_by_title(db, who, names[i], p, &material);
                if (e != E_OK)
                        return e == E_VALIDATION ? E_INTERNAL : e;
                struct stmt *add = db_prepare(db, STMT_ACTIVITY_MATERIALS_ADD);
                if (!add)
                        return E_INTERNAL;
                st_bind_int(add, 1, id);
                st_bind_int(add, 2, material);
                if (st_exec(add) != STORE_DONE)
                        return E_INTERNAL;
        }
        return E_OK;
}

const struct resource activity_resource = {
    .name = "activity",
    .table = "activities",
    .cols = activity_columns,
    .n_cols = ACTIVITY__COLUMNS,
    .size = sizeof(struct activity),
    .by_id = STMT_ACTIVITY_BY_ID,
    .insert = STMT_ACTIVITY_INSERT,
    .update = STMT_ACTIVITY_UPDATE,
    .del = STMT_ACTIVITY_DELETE,
    .has_update = true,
    .has_delete = true,
    .rules = activity_rules,
    .scope = activity_scope,
    .after_write = activity_materials,
};

enum ecat_err activity_create(struct db *db, const struct principal *who, struct activity *in,
                              struct problems *p, int64_t *id)
{
        /* Activities are numbered by the database they land in. */
        return res_create(db, who, &activity_resource, in, 0, p, id);
}

enum ecat_err activity_update(struct db *db, const struct principal *who, int64_t id,
                              struct activity *patch, struct problems *p)
{
        return res_update(db, who, &activity_resource, id, patch, p);
}

enum ecat_err activity_delete(struct db *db, const struct principal *who, int64_t id,
                              struct problems *p)
{
        return res_delete(db, who, &activity_resource, id, p);
}

enum ecat_err activity_get(struct db *db, const struct principal *who, struct arena *a, int64_t id,
                           struct activity *out)
{
        (void)who;
        return res_load(db, &activity_resource, a, id, out);
}

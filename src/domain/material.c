/* Materials and distributions: the column tables, the rules and the doors (domain/material.h). */
#include "domain/material.h"

#include "core/util.h"
#include "domain/project.h"
#include "domain/scope.h"

#include <string.h>

const struct column material_columns[MATERIAL__COLUMNS] = {
    [MATERIAL_ID] = {"id", "id", FT_INT, COL_READ_ONLY, offsetof(struct material, id), 0, 0, 0, 0,
                     NULL},
    [MATERIAL_TITLE] = {"title", "title", FT_TEXT, FIELD_REQUIRED, offsetof(struct material, title),
                        1, 300, 0, 0, NULL},
    [MATERIAL_KIND] = {"kind", "kind", FT_ENUM, FIELD_REQUIRED, offsetof(struct material, kind), 0,
                       0, 0, 0, material_kinds},
    [MATERIAL_LANGUAGES] = {"languages", "languages", FT_TEXT_LIST, 0,
                            offsetof(struct material, languages), 2, 2, 0, 0, NULL},
    [MATERIAL_AUDIENCES] = {"audiences", "audiences", FT_ENUM_SET, 0,
                            offsetof(struct material, audiences), 0, 0, 0, 0,
                            distribution_audiences},
    [MATERIAL_VERSION] = {"version", "version", FT_TEXT, 0, offsetof(struct material, version), 0,
                          50, 0, 0, NULL},
    [MATERIAL_DESCRIPTION] = {"description", "description", FT_TEXT, FIELD_MULTILINE,
                              offsetof(struct material, description), 0, 10000, 0, 0, NULL},
    [MATERIAL_PROJECT] = {"project_id", "project_id", FT_INT, FIELD_NULLABLE,
                          offsetof(struct material, project_id), 1, INT64_MAX, 0, 0, NULL},
    [MATERIAL_FILE_SHA256] = {"file_sha256", "file_sha256", FT_TEXT, COL_READ_ONLY | FIELD_NULLABLE,
                              offsetof(struct material, file_sha256), 0, 0, 0, 0, NULL},
    [MATERIAL_FILE_TYPE] = {"file_type", "file_type", FT_TEXT, COL_READ_ONLY | FIELD_NULLABLE,
                            offsetof(struct material, file_type), 0, 0, 0, 0, NULL},
    [MATERIAL_FILE_NAME] = {"file_name", "file_name", FT_TEXT, COL_READ_ONLY | FIELD_NULLABLE,
                            offsetof(struct material, file_name), 0, 0, 0, 0, NULL},
    [MATERIAL_FILE_SIZE] = {"file_size", "file_size", FT_INT, COL_READ_ONLY | FIELD_NULLABLE,
                            offsetof(struct material, file_size), 0, 0, 0, 0, NULL},
    [MATERIAL_DISTRIBUTED] = {"distributed", "distributed", FT_INT, COL_READ_ONLY,
                              offsetof(struct material, distributed), 0, 0, 0, 0, NULL},
    [MATERIAL_CREATED] = {"created_at", "created_at", FT_TIMESTAMP, COL_READ_ONLY,
                          offsetof(struct material, created_at), 0, 0, 0, 0, NULL},
    [MATERIAL_UPDATED] = {"updated_at", "updated_at", FT_TIMESTAMP, COL_READ_ONLY,
                          offsetof(struct material, updated_at), 0, 0, 0, 0, NULL},
};

_Static_assert(MATERIAL__COLUMNS <= RECORD_MAX_COLUMNS, "present bits hold every column");

/*
 * Languages are ISO 639-1 codes: two lower-case letters each.  The list is
 * kept as compact JSON text, so a list of such codes holds no character but
 * the brackets, quotes, commas and a-z.
 */
static void material_check(void *rec, struct problems *p)
{
        const struct material *m = rec;
        if (!REC_GIVEN(m, MATERIAL_LANGUAGES) || !m->languages)
                return;
        for (const char *s = m->languages; *s; s++)
                if (!(*s >= 'a' && *s <= 'z') && !strchr("[]\",", *s)) {
                        problem_add(p, "languages",
                                    "items must be ISO 639-1 codes in lower case (lt, en, it)");
                        return;
                }
}

static int material_rules(struct db *db, const struct principal *who, void *rec, const void *stored,
                          struct problems *p)
{
        (void)who;
        (void)stored;
        const struct material *m = rec;
        if (!REC_GIVEN(m, MATERIAL_PROJECT))
                return 0;
        struct stmt *st = db_prepare(db, STMT_MATERIAL_RULES);
        if (!st)
                return -1;
        st_bind_int(st, 1, m->project_id);
        enum store_rc rc = st_step(st);
        bool project = rc == STORE_ROW && st_int(st, 0) != 0;
        st_reset(st);
        if (rc != STORE_ROW)
                return -1;
        if (!project)
                problem_add(p, "project_id", "no such project");
        return 0;
}

/* A material handed out, or used at an activity, stays: the records refer to it. */
static enum ecat_err material_before_delete(struct db *db, const struct principal *who, int64_t id,
                                            const void *stored, struct problems *p)
{
        (void)who;
        (void)stored;
        struct stmt *st = db_prepare(db, STMT_MATERIAL_REFERENCES);
        if (!st)
                return E_INTERNAL;
        st_bind_int(st, 1, id);
        enum store_rc rc = st_step(st);
        int64_t given = rc == STORE_ROW ? st_int(st, 0) : 0;
        int64_t used = rc == STORE_ROW ? st_int(st, 1) : 0;
        st_reset(st);
        if (rc != STORE_ROW)
                return E_INTERNAL;
        if (given || used) {
                p->message = problem_printf(
                    p, "the material is distributed or used at an activity",
                    "the material has %lld distribution%s and is used at %lld activit%s; "
                    "they refer to it",
                    (long long)given, given == 1 ? "" : "s", (long long)used,
                    used == 1 ? "y" : "ies");
                return E_CONFLICT;
        }
        return E_OK;
}

const struct resource material_resource = {
    .name = "material",
    .table = "materials",
    .cols = material_columns,
    .n_cols = MATERIAL__COLUMNS,
    .size = sizeof(struct material),
    .by_id = STMT_MATERIAL_BY_ID,
    .insert = STMT_MATERIAL_INSERT,
    .update = STMT_MATERIAL_UPDATE,
    .del = STMT_MATERIAL_DELETE,
    .has_update = true,
    .has_delete = true,
    .check = material_check,
    .rules = material_rules,
    .before_delete = material_before_delete,
};

enum ecat_err material_create(struct db *db, const struct principal *who, struct material *in,
                              struct problems *p, int64_t *id)
{
        return res_create(db, who, &material_resource, in, 0, p, id);
}

enum ecat_err material_create_with_id(struct db *db, const struct principal *who,
                                      struct material *in, int64_t want_id, struct problems *p,
                                      int64_t *id)
{
        return res_create(db, who, &material_resource, in, want_id, p, id);
}

enum ecat_err material_update(struct db *db, const struct principal *who, int64_t id,
                              struct material *patch, struct problems *p)
{
        return res_update(db, who, &material_resource, id, patch, p);
}

enum ecat_err material_delete(struct db *db, const struct principal *who, int64_t id,
                              struct problems *p)
{
        return res_delete(db, who, &material_resource, id, p);
}

enum ecat_err material_get(struct db *db, const struct principal *who, struct arena *a, int64_t id,
                           struct material *out)
{
        (void)who;
        return res_load(db, &material_resource, a, id, out);
}

enum ecat_err material_by_title(struct db *db, const struct principal *who, const char *title,
                                struct problems *p, int64_t *id)
{
        struct stmt *st = db_prepare(db, STMT_MATERIAL_BY_TITLE);
        if (!st)
                return E_INTERNAL;
        st_bind_text(st, 1, title);
        enum store_rc rc = st_step(st);
        if (rc == STORE_ROW)
                *id = st_int(st, 0);
        st_reset(st);
        if (rc == STORE_ROW)
                return E_OK;
        if (rc != STORE_DONE)
                return E_INTERNAL;
        struct material m = {.title = title, .kind = "other"};
        record_give(&m, MATERIAL_TITLE);
        record_give(&m, MATERIAL_KIND);
        return material_create(db, who, &m, p, id);
}

/* --- distributions --- */

const struct column distribution_columns[DIST__COLUMNS] = {
    [DIST_ID] = {"id", "id", FT_INT, COL_READ_ONLY, offsetof(struct distribution, id), 0, 0, 0, 0,
                 NULL},
    [DIST_MATERIAL] = {"material_id", "material_id", FT_INT, FIELD_REQUIRED,
                       offsetof(struct distribution, material_id), 1, INT64_MAX, 0, 0, NULL},
    [DIST_MATERIAL_TITLE] = {"material_title", "material_title", FT_TEXT, COL_READ_ONLY,
                             offsetof(struct distribution, material_title), 0, 0, 0, 0, NULL},
    [DIST_PROJECT] = {"project_id", "project_id", FT_INT, FIELD_REQUIRED,
                      offsetof(struct distribution, project_id), 1, INT64_MAX, 0, 0, NULL},
    [DIST_RUN_BY] = {"run_by", "run_by", FT_INT, FIELD_REQUIRED,
                     offsetof(struct distribution, run_by), 1, INT64_MAX, 0, 0, NULL},
    [DIST_RUN_BY_NAME] = {"run_by_name", "run_by_name", FT_TEXT, COL_READ_ONLY,
                          offsetof(struct distribution, run_by_name), 0, 0, 0, 0, NULL},
    [DIST_ORGANISATION] = {"organisation_id", "organisation_id", FT_INT, 0,
                           offsetof(struct distribution, organisation_id), 1, INT64_MAX, 0, 0,
                           NULL},
    [DIST_ORGANISATION_NAME] = {"organisation_name", "organisation_name", FT_TEXT, COL_READ_ONLY,
                                offsetof(struct distribution, organisation_name), 0, 0, 0, 0, NULL},
    [DIST_ACTIVITY] = {"activity_id", "activity_id", FT_INT, FIELD_NULLABLE,
                       offsetof(struct distribution, activity_id), 1, INT64_MAX, 0, 0, NULL},
    [DIST_AUDIENCE] = {"audience", "audience", FT_ENUM, FIELD_REQUIRED,
                       offsetof(struct distribution, audience), 0, 0, 0, 0, distribution_audiences},
    [DIST_QUANTITY] = {"quantity", "quantity", FT_INT, FIELD_REQUIRED,
                       offsetof(struct distribution, quantity), 1, DISTRIBUTION_QUANTITY_MAX, 0, 0,
                       NULL},
    [DIST_DATE] = {"date", "date", FT_DATE, FIELD_REQUIRED, offsetof(struct distribution, date), 0,
                   0, 0, 0, NULL},
    [DIST_NOTES] = {"notes", "notes", FT_TEXT, FIELD_MULTILINE,
                    offsetof(struct distribution, notes), 0, 10000, 0, 0, NULL},
    [DIST_CREATED] = {"created_at", "created_at", FT_TIMESTAMP, COL_READ_ONLY,
                      offsetof(struct distribution, created_at), 0, 0, 0, 0, NULL},
    [DIST_UPDATED] = {"updated_at", "updated_at", FT_TIMESTAMP, COL_READ_ONLY,
                      offsetof(struct distribution, updated_at), 0, 0, 0, 0, NULL},
};

_Static_assert(DIST__COLUMNS <= RECORD_MAX_COLUMNS, "present bits hold every column");

/* The facts of one read (STMT_DISTRIBUTION_RULES). */
struct dist_facts {
        bool project, material, org, run_by, partner, activity;
        int32_t start, end;
        int64_t activity_project, activity_org;
};

static int dist_facts(struct db *db, const struct distribution *in, struct dist_facts *f)
{
        struct stmt *st = db_prepare(db, STMT_DISTRIBUTION_RULES);
        if (!st)
                return -1;
        bool has_org = REC_GIVEN(in, DIST_ORGANISATION), has_act = REC_GIVEN(in, DIST_ACTIVITY);
        st_bind_int(st, 1, in->project_id);
        st_bind_int(st, 2, in->material_id);
        st_bind_int(st, 3, has_org ? in->organisation_id : 0);
        st_bind_int(st, 4, in->run_by);
        st_bind_int(st, 5, has_act ? in->activity_id : 0);
        enum store_rc rc = st_step(st);
        if (rc == STORE_ROW) {
                f->project = !st_null(st, 0);
                f->start = (int32_t)st_int(st, 0);
                f->end = (int32_t)st_int(st, 1);
                f->material = st_int(st, 2) != 0;
                f->org = st_int(st, 3) != 0;
                f->run_by = st_int(st, 4) != 0;
                f->partner = st_int(st, 5) != 0;
                f->activity = !st_null(st, 6);
                f->activity_project = st_int(st, 6);
                f->activity_org = st_int(st, 7);
        }
        st_reset(st);
        return rc == STORE_ROW ? 0 : -1;
}

/*
 * The rules of a whole distribution.  Given an activity, the organisation is
 * the activity's: filled in when left out, or when a PATCH moves the
 * distribution to another activity without naming one; named and different,
 * it is refused.
 */
static int distribution_rules(struct db *db, const struct principal *who, void *rec,
                              const void *stored, struct problems *p)
{
        (void)who;
        struct distribution *in = rec;
        const struct distribution *old = stored;
        struct dist_facts f = {0};
        if (dist_facts(db, in, &f) < 0)
                return -1;
        bool has_org = REC_GIVEN(in, DIST_ORGANISATION), has_act = REC_GIVEN(in, DIST_ACTIVITY);
        if (!f.project)
                problem_add(p, "project_id", "no such project");
        if (!f.material)
                problem_add(p, "material_id", "no such material");
        if (!f.run_by)
                problem_add(p, "run_by", "no such organisation");
        else if (f.project && !f.partner)
                problem_add(p, "run_by", "is not a partner organisation of the project");
        if (has_act) {
                /* The stored organisation followed the old activity; a new one brings its own. */
                bool moved = old && REC_GIVEN(old, DIST_ACTIVITY) &&
                             old->activity_id != in->activity_id &&
                             old->organisation_id == in->organisation_id;
                if (!f.activity)
                        problem_add(p, "activity_id", "no such activity");
                else if (f.project && f.activity_project != in->project_id)
                        problem_add(p, "activity_id", "is an activity of another project");
                else if (has_org && !moved && in->organisation_id != f.activity_org)
                        problem_add(p, "organisation_id",
                                    "is not the organisation where the activity took place; "
                                    "leave it out to take the activity's");
                else {
                        in->organisation_id = f.activity_org;
                        record_give(in, DIST_ORGANISATION);
                }
        } else if (!has_org) {
                problem_add(p, "organisation_id", "is required when no activity_id is given");
        } else if (!f.org) {
                problem_add(p, "organisation_id", "no such organisation");
        }
        if (in->date > today_days())
                problem_add(p, "date", "must not be in the future");
        else if (f.project)
                project_date_check(p, "date", in->date, f.start, f.end);
        return 0;
}

/* A distribution is written by the staff of the partner that handed the material out. */
static enum ecat_err distribution_scope(struct db *db, const struct principal *who, const void *rec)
{
        (void)db;
        return scope_partner(who, ((const struct distribution *)rec)->run_by);
}

const struct resource distribution_resource = {
    .name = "distribution",
    .table = "distributions",
    .cols = distribution_columns,
    .n_cols = DIST__COLUMNS,
    .size = sizeof(struct distribution),
    .by_id = STMT_DISTRIBUTION_BY_ID,
    .insert = STMT_DISTRIBUTION_INSERT,
    .update = STMT_DISTRIBUTION_UPDATE,
    .del = STMT_DISTRIBUTION_DELETE,
    .has_update = true,
    .has_delete = true,
    .rules = distribution_rules,
    .scope = distribution_scope,
};

enum ecat_err distribution_create(struct db *db, const struct principal *who,
                                  struct distribution *in, struct problems *p, int64_t *id)
{
        return res_create(db, who, &distribution_resource, in, 0, p, id);
}

enum ecat_err distribution_update(struct db *db, const struct principal *who, int64_t id,
                                  struct distribution *patch, struct problems *p)
{
        return res_update(db, who, &distribution_resource, id, patch, p);
}

enum ecat_err distribution_delete(struct db *db, const struct principal *who, int64_t id,
                                  struct problems *p)
{
        return res_delete(db, who, &distribution_resource, id, p);
}

enum ecat_err distribution_get(struct db *db, const struct principal *who, struct arena *a,
                               int64_t id, struct distribution *out)
{
        (void)who;
        return res_load(db, &distribution_resource, a, id, out);
}

/* Business engagement: agreements, the pipeline and its stage history (domain/engagement.h). */
#include "domain/engagement.h"

#include "core/util.h"
#include "domain/scope.h"

#include <stdio.h>
#include <string.h>

const char *const agreement_kinds[] = {"pledge", "code_of_conduct", "memorandum", "data_sharing",
                                       NULL};
const char *const agreement_statuses[] = {"draft", "signed", "expired", "withdrawn", NULL};
const char *const engagement_stage_names[] = {"contacted", "met",      "committed", "trained",
                                              "active",    "declined", NULL};
const char *const engagement_org_kinds[] = {"business", "hotel", NULL};

_Static_assert(sizeof(engagement_stage_names) / sizeof(engagement_stage_names[0]) ==
                   ENGAGEMENT_DECLINED + 2,
               "declined is the last stage");

int engagement_stage_index(const char *stage)
{
        for (int i = 0; stage && engagement_stage_names[i]; i++)
                if (strcmp(engagement_stage_names[i], stage) == 0)
                        return i;
        return -1;
}

#define COL(s, f, name, type, flags, min, max, values)                                             \
        {                                                                                          \
                name, name, type, flags, offsetof(struct s, f), min, max, 0, 0, values             \
        }

const struct column agreement_columns[AGREEMENT__COLUMNS] = {
    [AGREEMENT_ID] = COL(agreement, id, "id", FT_INT, COL_READ_ONLY, 0, 0, NULL),
    [AGREEMENT_ORGANISATION] = COL(agreement, organisation_id, "organisation_id", FT_INT,
                                   FIELD_REQUIRED, 1, INT64_MAX, NULL),
    [AGREEMENT_ORGANISATION_NAME] =
        COL(agreement, organisation_name, "organisation_name", FT_TEXT, COL_READ_ONLY, 0, 0, NULL),
    [AGREEMENT_PROJECT] =
        COL(agreement, project_id, "project_id", FT_INT, FIELD_REQUIRED, 1, INT64_MAX, NULL),
    [AGREEMENT_RUN_BY] =
        COL(agreement, run_by, "run_by", FT_INT, FIELD_REQUIRED, 1, INT64_MAX, NULL),
    [AGREEMENT_RUN_BY_NAME] =
        COL(agreement, run_by_name, "run_by_name", FT_TEXT, COL_READ_ONLY, 0, 0, NULL),
    [AGREEMENT_KIND] = COL(agreement, kind, "kind", FT_ENUM, FIELD_REQUIRED, 0, 0, agreement_kinds),
    [AGREEMENT_SIGNED] = COL(agreement, signed_on, "signed", FT_DATE, FIELD_NULLABLE, 0, 0, NULL),
    [AGREEMENT_EXPIRES] = COL(agreement, expires, "expires", FT_DATE, FIELD_NULLABLE, 0, 0, NULL),
    [AGREEMENT_STATUS] =
        COL(agreement, status, "status", FT_ENUM, FIELD_REQUIRED, 0, 0, agreement_statuses),
    [AGREEMENT_NOTES] = COL(agreement, notes, "notes", FT_TEXT, FIELD_MULTILINE, 0, 10000, NULL),
    [AGREEMENT_FILE_SHA256] = COL(agreement, file_sha256, "file_sha256", FT_TEXT,
                                  COL_READ_ONLY | FIELD_NULLABLE, 0, 0, NULL),
    [AGREEMENT_FILE_TYPE] =
        COL(agreement, file_type, "file_type", FT_TEXT, COL_READ_ONLY | FIELD_NULLABLE, 0, 0, NULL),
    [AGREEMENT_FILE_NAME] =
        COL(agreement, file_name, "file_name", FT_TEXT, COL_READ_ONLY | FIELD_NULLABLE, 0, 0, NULL),
    [AGREEMENT_FILE_SIZE] =
        COL(agreement, file_size, "file_size", FT_INT, COL_READ_ONLY | FIELD_NULLABLE, 0, 0, NULL),
    [AGREEMENT_CREATED] =
        COL(agreement, created_at, "created_at", FT_TIMESTAMP, COL_READ_ONLY, 0, 0, NULL),
    [AGREEMENT_UPDATED] =
        COL(agreement, updated_at, "updated_at", FT_TIMESTAMP, COL_READ_ONLY, 0, 0, NULL),
};

const struct column engagement_columns[ENGAGEMENT__COLUMNS] = {
    [ENGAGEMENT_ID] = COL(engagement, id, "id", FT_INT, COL_READ_ONLY, 0, 0, NULL),
    [ENGAGEMENT_PROJECT] =
        COL(engagement, project_id, "project_id", FT_INT, FIELD_REQUIRED, 1, INT64_MAX, NULL),
    [ENGAGEMENT_ORGANISATION] = COL(engagement, organisation_id, "organisation_id", FT_INT,
                                    FIELD_REQUIRED, 1, INT64_MAX, NULL),
    [ENGAGEMENT_ORGANISATION_NAME] =
        COL(engagement, organisation_name, "organisation_name", FT_TEXT, COL_READ_ONLY, 0, 0, NULL),
    [ENGAGEMENT_RUN_BY] =
        COL(engagement, run_by, "run_by", FT_INT, FIELD_REQUIRED, 1, INT64_MAX, NULL),
    [ENGAGEMENT_RUN_BY_NAME] =
        COL(engagement, run_by_name, "run_by_name", FT_TEXT, COL_READ_ONLY, 0, 0, NULL),
    [ENGAGEMENT_STAGE] =
        COL(engagement, stage, "stage", FT_ENUM, FIELD_REQUIRED, 0, 0, engagement_stage_names),
    [ENGAGEMENT_FOLLOW_UP] =
        COL(engagement, next_follow_up, "next_follow_up", FT_DATE, FIELD_NULLABLE, 0, 0, NULL),
    [ENGAGEMENT_NOTES] = COL(engagement, notes, "notes", FT_TEXT, FIELD_MULTILINE, 0, 10000, NULL),
    [ENGAGEMENT_CREATED] =
        COL(engagement, created_at, "created_at", FT_TIMESTAMP, COL_READ_ONLY, 0, 0, NULL),
    [ENGAGEMENT_UPDATED] =
        COL(engagement, updated_at, "updated_at", FT_TIMESTAMP, COL_READ_ONLY, 0, 0, NULL),
};

const struct column engagement_stage_columns[STAGE__COLUMNS] = {
    [STAGE_ID] = COL(engagement_stage, id, "id", FT_INT, COL_READ_ONLY, 0, 0, NULL),
    [STAGE_ENGAGEMENT] =
        COL(engagement_stage, engagement_id, "engagement_id", FT_INT, COL_READ_ONLY, 0, 0, NULL),
    [STAGE_STAGE] = COL(engagement_stage, stage, "stage", FT_TEXT, COL_READ_ONLY, 0, 0, NULL),
    [STAGE_FROM] = COL(engagement_stage, from_stage, "from_stage", FT_TEXT,
                       COL_READ_ONLY | FIELD_NULLABLE, 0, 0, NULL),
    [STAGE_SKIPPED] =
        COL(engagement_stage, skipped, "skipped", FT_TEXT_LIST, COL_READ_ONLY, 0, 0, NULL),
    [STAGE_DATE] = COL(engagement_stage, date, "date", FT_DATE, COL_READ_ONLY, 0, 0, NULL),
    [STAGE_USER] = COL(engagement_stage, user_id, "user_id", FT_INT, COL_READ_ONLY | FIELD_NULLABLE,
                       0, 0, NULL),
    [STAGE_AT] = COL(engagement_stage, at, "at", FT_TIMESTAMP, COL_READ_ONLY, 0, 0, NULL),
    [STAGE_BY] =
        COL(engagement_stage, by, "by", FT_TEXT, COL_READ_ONLY | FIELD_NULLABLE, 0, 0, NULL),
};

_Static_assert(AGREEMENT__COLUMNS <= RECORD_MAX_COLUMNS, "present bits hold every column");

/*
 * The facts both resources' rules need, in one read (STMT_ENGAGE_RULES):
 * project, organisation (and whether its kind may be engaged), run_by, and
 * whether run_by is a partner of the project.
 */
static int common_rules(struct db *db, int64_t project, int64_t org, int64_t run_by,
                        struct problems *p)
{
        struct stmt *st = db_prepare(db, STMT_ENGAGE_RULES);
        if (!st)
                return -1;
        st_bind_int(st, 1, project);
        st_bind_int(st, 2, org);
        st_bind_int(st, 3, run_by);
        if (st_step(st) != STORE_ROW) {
                st_reset(st);
                return -1;
        }
        bool has_project = st_int(st, 0) != 0, has_org = !st_null(st, 1);
        const char *kind = has_org ? st_text(st, 1) : NULL;
        bool kind_ok = false;
        for (int i = 0; kind && engagement_org_kinds[i]; i++)
                kind_ok = kind_ok || strcmp(kind, engagement_org_kinds[i]) == 0;
        bool has_run_by = st_int(st, 2) != 0, partner = st_int(st, 3) != 0;
        st_reset(st);
        if (!has_project)
                problem_add(p, "project_id", "no such project");
        if (!has_org)
                problem_add(p, "organisation_id", "no such organisation");
        else if (!kind_ok)
                problem_add(p, "organisation_id",
                            "must be an organisation of kind business or hotel");
        if (!has_run_by)
                problem_add(p, "run_by", "no such organisation");
        else if (has_project && !partner)
                problem_add(p, "run_by", "is not a partner organisation of the project");
        return 0;
}

/* The rules of an agreement's own fields (no database). */
static void agreement_check(void *rec, struct problems *p)
{
        struct agreement *a = rec;
        bool has_signed = REC_GIVEN(a, AGREEMENT_SIGNED);
        if (has_signed && a->signed_on > today_days())
                problem_add(p, "signed", "must not be in the future");
        if (has_signed && REC_GIVEN(a, AGREEMENT_EXPIRES) && a->expires < a->signed_on)
                problem_add(p, "expires", "must not be before the signed date");
        if (REC_GIVEN(a, AGREEMENT_STATUS) && strcmp(a->status, "signed") == 0 && !has_signed &&
            !problem_has(p, "signed"))
                problem_add(p, "signed", "is required when the status is signed");
}

static int agreement_rules(struct db *db, const struct principal *who, void *rec,
                           const void *stored, struct problems *p)
{
        (void)who;
        (void)stored;
        const struct agreement *a = rec;
        return common_rules(db, a->project_id, a->organisation_id, a->run_by, p);
}

static enum ecat_err agreement_scope(struct db *db, const struct principal *who, const void *rec)
{
        (void)db;
        return scope_partner(who, ((const struct agreement *)rec)->run_by);
}

const struct resource agreement_resource = {
    .name = "agreement",
    .table = "agreements",
    .cols = agreement_columns,
    .n_cols = AGREEMENT__COLUMNS,
    .size = sizeof(struct agreement),
    .by_id = STMT_AGREEMENT_BY_ID,
    .insert = STMT_AGREEMENT_INSERT,
    .update = STMT_AGREEMENT_UPDATE,
    .del = STMT_AGREEMENT_DELETE,
    .has_update = true,
    .has_delete = true,
    .check = agreement_check,
    .rules = agreement_rules,
    .scope = agreement_scope,
};

static int engagement_rules(struct db *db, const struct principal *who, void *rec,
                            const void *stored, struct problems *p)
{
        (void)who;
        (void)stored;
        const struct engagement *e = rec;
        return common_rules(db, e->project_id, e->organisation_id, e->run_by, p);
}

static enum ecat_err engagement_scope(struct db *db, const struct principal *who, const void *rec)
{
        (void)db;
        return scope_partner(who, ((const struct engagement *)rec)->run_by);
}

/*
 * The stages a move from `from` (-1: none, the first stage) to `to` passes
 * over, as a JSON array: those strictly between them in the pipeline's
 * order.  Moves into or out of declined pass over nothing.
 */
static void skipped_json(int from, int to, char *out, size_t n)
{
        size_t len = 0;
        out[len++] = '[';
        bool jump = to != ENGAGEMENT_DECLINED && from != ENGAGEMENT_DECLINED;
        for (int k = from + 1; jump && k >= 0 && k < to && k < ENGAGEMENT_DECLINED; k++) {
                const char *name = engagement_stage_names[k];
                size_t need = strlen(name) + 3; /* separator and quotes */
                if (len + need + 2 > n)
                        break;
                if (len > 1)
                        out[len++] = ',';
                out[len++] = '"';
                memcpy(out + len, name, strlen(name));
                len += strlen(name);
                out[len++] = '"';
        }
        out[len++] = ']';
        out[len] = 0;
}

/* A create enters its first stage; an update that changes the stage enters the new one. */
static enum ecat_err engagement_after_write(struct db *db, const struct principal *who, int64_t id,
                                            const void *rec, struct problems *p)
{
        (void)p;
        const struct engagement *e = rec;
        struct stmt *st = db_prepare(db, STMT_ENGAGEMENT_LAST_STAGE);
        if (!st)
                return E_INTERNAL;
        st_bind_int(st, 1, id);
        enum store_rc rc = st_step(st);
        int from = -1;
        if (rc == STORE_ROW)
                from = engagement_stage_index(st_text(st, 0));
        st_reset(st);
        if (rc != STORE_ROW && rc != STORE_DONE)
                return E_INTERNAL;
        int to = engagement_stage_index(e->stage);
        if (to < 0)
                return E_INTERNAL;
        if (rc == STORE_ROW && from == to)
                return E_OK;
        char skipped[128] = "[]";
        skipped_json(from, to, skipped, sizeof(skipped));
        st = db_prepare(db, STMT_ENGAGEMENT_STAGE_INSERT);
        if (!st)
                return E_INTERNAL;
        st_bind_int(st, 1, id);
        st_bind_int(st, 2, e->project_id);
        st_bind_text(st, 3, e->stage);
        const char *left =
            from >= 0 && from <= ENGAGEMENT_DECLINED ? engagement_stage_names[from] : NULL;
        st_bind_text(st, 4, left);
        st_bind_text(st, 5, skipped);
        st_bind_int(st, 6, today_days());
        if (who->user_id)
                st_bind_int(st, 7, who->user_id);
        else
                st_bind_null(st, 7);
        st_bind_int(st, 8, now_seconds());
        rc = st_step(st);
        st_reset(st);
        return rc == STORE_DONE ? E_OK : E_INTERNAL;
}

const struct resource engagement_resource = {
    .name = "engagement",
    .table = "engagements",
    .cols = engagement_columns,
    .n_cols = ENGAGEMENT__COLUMNS,
    .size = sizeof(struct engagement),
    .by_id = STMT_ENGAGEMENT_BY_ID,
    .insert = STMT_ENGAGEMENT_INSERT,
    .update = STMT_ENGAGEMENT_UPDATE,
    .del = STMT_ENGAGEMENT_DELETE,
    .has_update = true,
    .has_delete = true,
    .rules = engagement_rules,
    .scope = engagement_scope,
    .unique_field = "organisation_id",
    .unique_message = "already has an engagement in this project",
    .after_write = engagement_after_write,
};

/* Read only: the shape of the stage history's rows (res_each). */
const struct resource engagement_stage_resource = {
    .name = "engagement stage",
    .table = "engagement_stages",
    .cols = engagement_stage_columns,
    .n_cols = STAGE__COLUMNS,
    .size = sizeof(struct engagement_stage),
    .by_id = STMT_ENGAGEMENT_STAGES,
};

enum ecat_err agreement_create(struct db *db, const struct principal *who, struct agreement *in,
                               struct problems *p, int64_t *id)
{
        return res_create(db, who, &agreement_resource, in, 0, p, id);
}

enum ecat_err agreement_update(struct db *db, const struct principal *who, int64_t id,
                               struct agreement *patch, struct problems *p)
{
        return res_update(db, who, &agreement_resource, id, patch, p);
}

enum ecat_err agreement_delete(struct db *db, const struct principal *who, int64_t id,
                               struct problems *p)
{
        return res_delete(db, who, &agreement_resource, id, p);
}

enum ecat_err agreement_get(struct db *db, const struct principal *who, struct arena *a, int64_t id,
                            struct agreement *out)
{
        (void)who;
        return res_load(db, &agreement_resource, a, id, out);
}

enum ecat_err engagement_create(struct db *db, const struct principal *who, struct engagement *in,
                                struct problems *p, int64_t *id)
{
        return res_create(db, who, &engagement_resource, in, 0, p, id);
}

enum ecat_err engagement_update(struct db *db, const struct principal *who, int64_t id,
                                struct engagement *patch, struct problems *p)
{
        return res_update(db, who, &engagement_resource, id, patch, p);
}

enum ecat_err engagement_delete(struct db *db, const struct principal *who, int64_t id,
                                struct problems *p)
{
        return res_delete(db, who, &engagement_resource, id, p);
}

enum ecat_err engagement_get(struct db *db, const struct principal *who, struct arena *a,
                             int64_t id, struct engagement *out)
{
        (void)who;
        return res_load(db, &engagement_resource, a, id, out);
}

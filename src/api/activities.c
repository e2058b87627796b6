/*
 * Outreach activities: list (with filters), CSV export, create, read,
 * update, delete.  The rules live in activity_rules() and hold for every
 * way an activity is written (see api/activities.h).  The dashboard's
 * aggregates follow every write through the triggers of migration 3.
 */
#include "api/activities.h"

#include "api/app.h"
#include "api/handlers.h"
#include "api/params.h"
#include "api/programme.h"
#include "api/respond.h"
#include "audit/audit.h"
#include "core/buf.h"
#include "core/csv_out.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

/* A CSV export is built in memory; past this it is refused (narrow the filters). */
#define CSV_EXPORT_MAX (256u << 20)

#define AUDIENCE_FIELD(k, name)                                                                    \
        [ACTIVITY_AUDIENCE +                                                                       \
            (k)] = {name, FT_INT,                                                                  \
                    0,    offsetof(struct activity_input, audience) + (k) * sizeof(int64_t),       \
                    0,    HEADCOUNT_MAX,                                                           \
                    0,    0,                                                                       \
                    NULL}

const struct field_spec activity_fields[] = {
    [ACTIVITY_PROJECT] = {"project_id", FT_INT, FIELD_REQUIRED,
                          offsetof(struct activity_input, project_id), 1, INT64_MAX, 0, 0, NULL},
    [ACTIVITY_ORGANISATION] = {"organisation_id", FT_INT, FIELD_REQUIRED,
                               offsetof(struct activity_input, organisation_id), 1, INT64_MAX, 0, 0,
                               NULL},
    [ACTIVITY_RUN_BY] = {"run_by", FT_INT, FIELD_REQUIRED, offsetof(struct activity_input, run_by),
                         1, INT64_MAX, 0, 0, NULL},
    [ACTIVITY_DATE] = {"date", FT_DATE, FIELD_REQUIRED, offsetof(struct activity_input, date), 0, 0,
                       0, 0, NULL},
    [ACTIVITY_KIND] = {"kind", FT_ENUM, FIELD_REQUIRED, offsetof(struct activity_input, kind), 0, 0,
                       0, 0, activity_kinds},
    AUDIENCE_FIELD(0, "youths"),
    AUDIENCE_FIELD(1, "specialists"),
    AUDIENCE_FIELD(2, "teachers"),
    AUDIENCE_FIELD(3, "parents"),
    AUDIENCE_FIELD(4, "business_staff"),
    AUDIENCE_FIELD(5, "public"),
    [ACTIVITY_TOPICS] = {"topics", FT_ENUM_SET, 0, offsetof(struct activity_input, topics), 0, 0, 0,
                         0, activity_topics},
    [ACTIVITY_MATERIALS] = {"materials", FT_TEXT_LIST, 0,
                            offsetof(struct activity_input, materials), 1, 200, 0, 0, NULL},
    [ACTIVITY_NOTES] = {"notes", FT_TEXT, FIELD_MULTILINE, offsetof(struct activity_input, notes),
                        0, 10000, 0, 0, NULL},
};
const size_t activity_fields_count = ARRAY_LEN(activity_fields);

_Static_assert(ARRAY_LEN(activity_fields) == ACTIVITY__FIELDS, "one spec per activity field");
_Static_assert(AUDIENCE_GROUPS == 6, "AUDIENCE_FIELD rows follow audience_groups");

/* ACTIVITY_COLS positions (store/sql_activity.h). */
enum {
        C_ID,
        C_PROJECT,
        C_ORG,
        C_ORG_NAME,
        C_RUN_BY,
        C_RUN_BY_NAME,
        C_DATE,
        C_KIND,
        C_AUDIENCE,
        C_TOPICS = C_AUDIENCE + AUDIENCE_GROUPS,
        C_MATERIALS,
        C_NOTES,
        C_CREATED,
        C_UPDATED
};

static json_t *topics_json(uint32_t topics)
{
        json_t *a = json_array();
        for (int k = 0; activity_topics[k] && k < 32; k++)
                if (topics >> k & 1u)
                        json_array_append_new(a, json_string(activity_topics[k]));
        return a;
}

static json_t *materials_json(const char *text)
{
        json_t *m = json_loads(text, 0, NULL);
        if (!json_is_array(m)) {
                json_decref(m);
                return json_array();
        }
        return m;
}

static json_t *activity_row_json(struct stmt *st)
{
        char date[11];
        format_date((int32_t)st_int(st, C_DATE), date);
        json_t *o = json_pack(
            "{s:I, s:I, s:I, s:s, s:I, s:s, s:s, s:s}", "id", (json_int_t)st_int(st, C_ID),
            "project_id", (json_int_t)st_int(st, C_PROJECT), "organisation_id",
            (json_int_t)st_int(st, C_ORG), "organisation_name", st_text(st, C_ORG_NAME), "run_by",
            (json_int_t)st_int(st, C_RUN_BY), "run_by_name", st_text(st, C_RUN_BY_NAME), "date",
            date, "kind", st_text(st, C_KIND));
        if (!o)
                return NULL;
        for (int k = 0; k < AUDIENCE_GROUPS; k++)
                json_object_set_new(o, audience_groups[k],
                                    json_integer(st_int(st, C_AUDIENCE + k)));
        json_object_set_new(o, "topics", topics_json((uint32_t)st_int(st, C_TOPICS)));
        json_object_set_new(o, "materials", materials_json(st_text(st, C_MATERIALS)));
        json_object_set_new(o, "notes", json_string(st_text(st, C_NOTES)));
        json_object_set_new(o, "created_at", json_timestamp(st_int(st, C_CREATED)));
        json_object_set_new(o, "updated_at", json_timestamp(st_int(st, C_UPDATED)));
        return o;
}

json_t *activity_load(struct db *db, int64_t id)
{
        struct stmt *st = db_prepare(db, STMT_ACTIVITY_BY_ID);
        if (!st)
                return NULL;
        st_bind_int(st, 1, id);
        json_t *o = st_step(st) == STORE_ROW ? activity_row_json(st) : NULL;
        st_reset(st);
        return o;
}

/*
 * The rules of a complete activity, whatever wrote it.  Adds to *errors;
 * -1 on a storage error.
 */
static int activity_rules(struct db *db, struct arena *a, const struct activity_input *in,
                          json_t **errors)
{
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
                error_add(errors, "project_id", "no such project");
        if (!org)
                error_add(errors, "organisation_id", "no such organisation");
        if (!run_by)
                error_add(errors, "run_by", "no such organisation");
        else if (project && !partner)
                error_add(errors, "run_by", "is not a partner organisation of the project");
        if (in->date > today_days()) {
                error_add(errors, "date", "must not be in the future");
        } else if (project && (in->date < start || in->date > end)) {
                char s[11], t[11];
                format_date(start, s);
                format_date(end, t);
                const char *m =
                    arena_printf(a, "must be within the project's dates, %s to %s", s, t);
                error_add(errors, "date", m ? m : "must be within the project's dates");
        }
        return 0;
}

static void bind_activity(struct stmt *st, const struct activity_input *in)
{
        st_bind_int(st, 1, in->project_id);
        st_bind_int(st, 2, in->organisation_id);
        st_bind_int(st, 3, in->run_by);
        st_bind_int(st, 4, in->date);
        st_bind_text(st, 5, in->kind);
        for (int k = 0; k < AUDIENCE_GROUPS; k++)
                st_bind_int(st, 6 + k, in->audience[k]);
        st_bind_int(st, 12, in->topics);
        st_bind_text(st, 13, in->materials ? in->materials : "[]");
        st_bind_text(st, 14, in->notes ? in->notes : "");
}

enum ecat_err activity_insert(struct db *db, struct arena *a, const struct activity_input *in,
                              int64_t actor_id, const char *request_id, json_t **errors,
                              int64_t *id)
{
        *errors = NULL;
        if (activity_rules(db, a, in, errors) < 0)
                return E_INTERNAL;
        if (*errors)
                return E_VALIDATION;
        struct stmt *st = db_prepare(db, STMT_ACTIVITY_INSERT);
        if (!st)
                return E_INTERNAL;
        int64_t now = now_seconds();
        bind_activity(st, in);
        if (actor_id)
                st_bind_int(st, 15, actor_id);
        st_bind_int(st, 16, now);
        st_bind_int(st, 17, now);
        if (st_exec(st) != STORE_DONE)
                return E_INTERNAL;
        *id = db_last_id(db);
        struct audit_entry entry = {actor_id, "activity.create", "activity", *id, "ok", request_id};
        return audit_append(db, &entry) == STORE_OK ? E_OK : E_INTERNAL;
}

enum ecat_err activity_insert_json(struct db *db, struct arena *a, const char *json, size_t len,
                                   int64_t actor_id, const char *request_id, json_t **errors,
                                   int64_t *id)
{
        struct activity_input in;
        memset(&in, 0, sizeof(in));
        const char *message = NULL;
        *errors = NULL;
        switch (validate_json(a, json, len, activity_fields, activity_fields_count, &in, false,
                              errors, &message)) {
        case VALID:
                break;
        case INVALID_FIELDS:
                return E_VALIDATION;
        case MALFORMED:
                error_add(errors, "body", message);
                return E_BAD_REQUEST;
        }
        return activity_insert(db, a, &in, actor_id, request_id, errors, id);
}

/* --- list and export --- */

struct activity_filter {
        int64_t project, organisation, run_by; /* 0: any */
        const char *kind, *municipality;       /* NULL: any */
        int32_t from, to;
};

/* Read the filters of the list and the export; -1 when it has answered r. */
static int read_filter(struct request *r, struct activity_filter *f)
{
        memset(f, 0, sizeof(*f));
        f->from = DAY_MIN;
        f->to = DAY_MAX;
        if (query_int(r, "project", 1, INT64_MAX, &f->project) < 0 ||
            query_int(r, "organisation", 1, INT64_MAX, &f->organisation) < 0 ||
            query_int(r, "run_by", 1, INT64_MAX, &f->run_by) < 0 ||
            query_enum(r, "kind", activity_kinds, &f->kind) < 0 ||
            query_date(r, "from", &f->from) < 0 || query_date(r, "to", &f->to) < 0 ||
            query_text(r, "municipality", 100, &f->municipality) < 0)
                return -1;
        if (f->municipality && !*f->municipality)
                f->municipality = NULL; /* empty: no filter, as for organisations */
        return 0;
}

static void bind_filter(struct stmt *st, const struct activity_filter *f)
{
        if (f->project)
                st_bind_int(st, 1, f->project);
        if (f->organisation)
                st_bind_int(st, 2, f->organisation);
        if (f->run_by)
                st_bind_int(st, 3, f->run_by);
        st_bind_text(st, 4, f->kind);
        st_bind_int(st, 5, f->from);
        st_bind_int(st, 6, f->to);
        st_bind_text(st, 7, f->municipality);
}

void activities_list(struct request *r)
{
        struct activity_filter f;
        int64_t limit, offset;
        if (query_page(r, &limit, &offset) < 0 || read_filter(r, &f) < 0)
                return;
        struct db *db = request_db(r);
        if (!db)
                return;
        struct stmt *st =
            db_prepare(db, f.project ? STMT_ACTIVITY_LIST_PROJECT : STMT_ACTIVITY_LIST);
        struct stmt *cnt =
            db_prepare(db, f.project ? STMT_ACTIVITY_COUNT_PROJECT : STMT_ACTIVITY_COUNT);
        if (!st || !cnt) {
                reply_internal(r, "prepare failed");
                return;
        }
        if (db_begin_read(db) != STORE_OK) {
                reply_internal(r, "cannot begin a read");
                return;
        }
        bind_filter(st, &f);
        st_bind_int(st, 8, limit);
        st_bind_int(st, 9, offset);
        json_t *items = json_array();
        enum store_rc rc;
        while ((rc = st_step(st)) == STORE_ROW)
                json_array_append_new(items, activity_row_json(st));
        st_reset(st);
        bind_filter(cnt, &f);
        int64_t total = 0;
        if (rc == STORE_DONE && (rc = st_step(cnt)) == STORE_ROW)
                total = st_int(cnt, 0);
        st_reset(cnt);
        db_rollback(db);
        if (rc != STORE_ROW) {
                json_decref(items);
                reply_internal(r, "cannot list activities");
                return;
        }
        reply_json(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}

/* A JSON array of strings as one cell, items joined with '|'. */
static int csv_list_cell(struct buf *b, const char *json_text, struct buf *tmp)
{
        buf_reset(tmp);
        json_t *m = json_loads(json_text, 0, NULL);
        size_t i;
        json_t *v;
        json_array_foreach(m, i, v)
        {
                if (i)
                        buf_putc(tmp, '|');
                buf_puts(tmp, json_string_value(v) ? json_string_value(v) : "");
        }
        json_decref(m);
        return csv_cell(b, tmp->data ? tmp->data : "", 0);
}

static const char *const csv_header[] = {
    "id",
    "project_id",
    "organisation_id",
    "organisation_name",
    "run_by",
    "run_by_name",
    "date",
    "kind",
    "youths",
    "specialists",
    "teachers",
    "parents",
    "business_staff",
    "public",
    "topics",
    "materials",
    "notes",
    "created_at",
    "updated_at",
};

static int csv_row(struct buf *b, struct stmt *st, struct buf *tmp)
{
        char date[11], ts[21];
        int rc = 0;
        rc |= csv_int(b, st_int(st, C_ID), 0);
        rc |= csv_int(b, st_int(st, C_PROJECT), 0);
        rc |= csv_int(b, st_int(st, C_ORG), 0);
        rc |= csv_cell(b, st_text(st, C_ORG_NAME), 0);
        rc |= csv_int(b, st_int(st, C_RUN_BY), 0);
        rc |= csv_cell(b, st_text(st, C_RUN_BY_NAME), 0);
        format_date((int32_t)st_int(st, C_DATE), date);
        rc |= csv_cell(b, date, 0);
        rc |= csv_cell(b, st_text(st, C_KIND), 0);
        for (int k = 0; k < AUDIENCE_GROUPS; k++)
                rc |= csv_int(b, st_int(st, C_AUDIENCE + k), 0);
        buf_reset(tmp);
        uint32_t topics = (uint32_t)st_int(st, C_TOPICS);
        for (int k = 0, n = 0; activity_topics[k] && k < 32; k++)
                if (topics >> k & 1u) {
                        if (n++)
                                buf_putc(tmp, '|');
                        buf_puts(tmp, activity_topics[k]);
                }
        rc |= csv_cell(b, tmp->data ? tmp->data : "", 0);
        rc |= csv_list_cell(b, st_text(st, C_MATERIALS), tmp);
        rc |= csv_cell(b, st_text(st, C_NOTES), 0);
        format_timestamp(st_int(st, C_CREATED), ts);
        rc |= csv_cell(b, ts, 0);
        format_timestamp(st_int(st, C_UPDATED), ts);
        rc |= csv_cell(b, ts, 1);
        rc |= csv_end(b);
        return rc ? -1 : 0;
}

void activities_export_csv(struct request *r)
{
        struct activity_filter f;
        if (read_filter(r, &f) < 0)
                return;
        struct db *db = request_db(r);
        if (!db)
                return;
        struct stmt *st =
            db_prepare(db, f.project ? STMT_ACTIVITY_LIST_PROJECT : STMT_ACTIVITY_LIST);
        if (!st) {
                reply_internal(r, "prepare failed");
                return;
        }
        bind_filter(st, &f);
        st_bind_int(st, 8, -1); /* every row */
        st_bind_int(st, 9, 0);
        struct buf b, tmp;
        buf_init(&b, CSV_EXPORT_MAX);
        buf_init(&tmp, 1u << 20);
        int rc = 0;
        for (size_t i = 0; i < ARRAY_LEN(csv_header); i++)
                rc |= csv_cell(&b, csv_header[i], i + 1 == ARRAY_LEN(csv_header));
        rc |= csv_end(&b);
        enum store_rc step = STORE_DONE;
        while (rc == 0 && (step = st_step(st)) == STORE_ROW)
                rc = csv_row(&b, st, &tmp);
        st_reset(st);
        buf_free(&tmp);
        if (rc) {
                buf_free(&b);
                reply_error(r, E_PAYLOAD_TOO_LARGE,
                            "the export is too large; narrow it with filters (project, from, to)");
                return;
        }
        if (step != STORE_DONE) {
                buf_free(&b);
                reply_internal(r, "cannot export activities");
                return;
        }
        size_t len;
        char *data = buf_steal(&b, &len);
        req_add_header(r, "Content-Disposition", "attachment; filename=\"activities.csv\"");
        reply_raw(r, 200, "text/csv; charset=utf-8", data, len);
}

/* --- one activity --- */

void activities_create(struct request *r)
{
        if (!request_body_is_json(r))
                return;
        struct db *db;
        if (tx_begin(r, &db) < 0)
                return;
        json_t *errors = NULL;
        int64_t id = 0;
        enum ecat_err e = activity_insert_json(db, &r->arena, r->body.data ? r->body.data : "",
                                               r->body.len, r->auth.user_id, r->id, &errors, &id);
        if (e != E_OK) {
                db_rollback(db);
                reply_write_error(r, e, errors, "activity");
                return;
        }
        if (tx_commit(r, db) < 0)
                return;
        reply_created_found(r, "/api/v1/activities", id, activity_load(db, id));
}

void activities_get(struct request *r)
{
        struct db *db = request_db(r);
        if (!db)
                return;
        reply_found(r, activity_load(db, r->ids[0]), "no such activity");
}

void activities_update(struct request *r)
{
        struct activity_input in;
        memset(&in, 0, sizeof(in));
        if (validate_request(r, activity_fields, activity_fields_count, &in, true) < 0)
                return;
        struct db *db;
        if (tx_begin(r, &db) < 0)
                return;
        struct stmt *st = db_prepare(db, STMT_ACTIVITY_BY_ID);
        if (!st) {
                db_rollback(db);
                reply_internal(r, "prepare failed");
                return;
        }
        st_bind_int(st, 1, r->ids[0]);
        if (st_step(st) != STORE_ROW) {
                st_reset(st);
                db_rollback(db);
                reply_error(r, E_NOT_FOUND, "no such activity");
                return;
        }
        /* Start from the stored values; the body names what changes. */
        struct arena *a = &r->arena;
        if (!INPUT_HAS(&in, ACTIVITY_PROJECT))
                in.project_id = st_int(st, C_PROJECT);
        if (!INPUT_HAS(&in, ACTIVITY_ORGANISATION))
                in.organisation_id = st_int(st, C_ORG);
        if (!INPUT_HAS(&in, ACTIVITY_RUN_BY))
                in.run_by = st_int(st, C_RUN_BY);
        if (!INPUT_HAS(&in, ACTIVITY_DATE))
                in.date = (int32_t)st_int(st, C_DATE);
        if (!INPUT_HAS(&in, ACTIVITY_KIND))
                in.kind = arena_strdup(a, st_text(st, C_KIND));
        for (int k = 0; k < AUDIENCE_GROUPS; k++)
                if (!INPUT_HAS(&in, ACTIVITY_AUDIENCE + k))
                        in.audience[k] = st_int(st, C_AUDIENCE + k);
        if (!INPUT_HAS(&in, ACTIVITY_TOPICS))
                in.topics = (uint32_t)st_int(st, C_TOPICS);
        if (!INPUT_HAS(&in, ACTIVITY_MATERIALS))
                in.materials = arena_strdup(a, st_text(st, C_MATERIALS));
        if (!INPUT_HAS(&in, ACTIVITY_NOTES))
                in.notes = arena_strdup(a, st_text(st, C_NOTES));
        st_reset(st);
        if (!in.kind || !in.materials || !in.notes) {
                db_rollback(db);
                reply_internal(r, "out of request memory");
                return;
        }
        json_t *errors = NULL;
        if (activity_rules(db, a, &in, &errors) < 0) {
                db_rollback(db);
                json_decref(errors);
                reply_internal(r, "cannot check the activity");
                return;
        }
        if (errors) {
                db_rollback(db);
                reply_error_fields(r, E_VALIDATION, "the request has invalid fields", errors);
                return;
        }
        st = db_prepare(db, STMT_ACTIVITY_UPDATE);
        if (!st) {
                db_rollback(db);
                reply_internal(r, "prepare failed");
                return;
        }
        bind_activity(st, &in);
        st_bind_int(st, 15, now_seconds());
        st_bind_int(st, 16, r->ids[0]);
        struct audit_entry entry = {
            r->auth.user_id, "activity.update", "activity", r->ids[0], "ok", r->id};
        if (st_exec(st) != STORE_DONE || audit_append(db, &entry) != STORE_OK) {
                db_rollback(db);
                reply_internal(r, "cannot update activity");
                return;
        }
        if (tx_commit(r, db) < 0)
                return;
        reply_saved(r, activity_load(db, r->ids[0]));
}

void activities_delete(struct request *r)
{
        delete_by_id(r, STMT_ACTIVITY_DELETE, "activity", "activity.delete", "no such activity");
}

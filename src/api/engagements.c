/*
 * Business engagement over HTTP: agreements (list with filters, CSV export,
 * create, read, update, delete), engagements (the same but the export) and
 * an engagement's stage history.  Every write goes through the doors of
 * domain/engagement.h; the stage history is written by the engagement's
 * after_write hook, in the same transaction as the write that moved it.
 */
#include "api/app.h"
#include "api/attached.h"
#include "api/crud.h"
#include "api/handlers.h"
#include "api/params.h"
#include "api/programme.h"
#include "api/render.h"
#include "api/respond.h"
#include "core/buf.h"
#include "core/csv_out.h"
#include "core/util.h"
#include "domain/activity.h"
#include "domain/engagement.h"

#include <string.h>

/* A CSV export is built in memory; past this it is refused (narrow the filters). */
#define CSV_EXPORT_MAX (256u << 20)

static enum ecat_err agreement_create_any(struct db *db, const struct principal *who,
                                          int64_t parent, void *rec, struct problems *p,
                                          int64_t *id)
{
        (void)parent;
        return agreement_create(db, who, rec, p, id);
}

static enum ecat_err agreement_update_any(struct db *db, const struct principal *who, int64_t id,
                                          void *patch, struct problems *p)
{
        return agreement_update(db, who, id, patch, p);
}

static enum ecat_err agreement_load_any(struct db *db, const struct principal *who, struct arena *a,
                                        int64_t id, void *out)
{
        return agreement_get(db, who, a, id, out);
}

const struct api_door agreement_api = {
    .res = &agreement_resource,
    .collection = "/api/v1/agreements",
    .create = agreement_create_any,
    .update = agreement_update_any,
    .remove = agreement_delete,
    .load = agreement_load_any,
};

static enum ecat_err engagement_create_any(struct db *db, const struct principal *who,
                                           int64_t parent, void *rec, struct problems *p,
                                           int64_t *id)
{
        (void)parent;
        return engagement_create(db, who, rec, p, id);
}

static enum ecat_err engagement_update_any(struct db *db, const struct principal *who, int64_t id,
                                           void *patch, struct problems *p)
{
        return engagement_update(db, who, id, patch, p);
}

static enum ecat_err engagement_load_any(struct db *db, const struct principal *who,
                                         struct arena *a, int64_t id, void *out)
{
        return engagement_get(db, who, a, id, out);
}

const struct api_door engagement_api = {
    .res = &engagement_resource,
    .collection = "/api/v1/engagements",
    .create = engagement_create_any,
    .update = engagement_update_any,
    .remove = engagement_delete,
    .load = engagement_load_any,
};

/* --- an agreement's signed document (api/attached.h) --- */

static const struct file_holder agreement_file = {
    .door = &agreement_api,
    .set_file = STMT_AGREEMENT_SET_FILE,
    .col_sha256 = AGREEMENT_FILE_SHA256,
    .col_type = AGREEMENT_FILE_TYPE,
    .col_name = AGREEMENT_FILE_NAME,
};

void agreement_file_put(struct request *r)
{
        attached_put(r, &agreement_file);
}

void agreement_file_get(struct request *r)
{
        attached_get(r, &agreement_file);
}

void agreement_file_delete(struct request *r)
{
        attached_delete(r, &agreement_file);
}

/* --- agreements: list and export --- */

struct agreement_filter {
        int64_t organisation, project; /* 0: any */
        const char *kind, *status;     /* NULL: any */
};

static int read_agreement_filter(struct request *r, struct agreement_filter *f)
{
        memset(f, 0, sizeof(*f));
        return query_int(r, "organisation", 1, INT64_MAX, &f->organisation) < 0 ||
                       query_int(r, "project", 1, INT64_MAX, &f->project) < 0 ||
                       query_enum(r, "kind", agreement_kinds, &f->kind) < 0 ||
                       query_enum(r, "status", agreement_statuses, &f->status) < 0
                   ? -1
                   : 0;
}

static void bind_agreement_filter(struct stmt *st, const void *filter)
{
        const struct agreement_filter *f = filter;
        if (f->organisation)
                st_bind_int(st, 1, f->organisation);
        if (f->project)
                st_bind_int(st, 2, f->project);
        st_bind_text(st, 3, f->kind);
        st_bind_text(st, 4, f->status);
}

void agreements_list(struct request *r)
{
        struct agreement_filter f;
        int64_t limit, offset;
        if (query_page(r, &limit, &offset) < 0 || read_agreement_filter(r, &f) < 0)
                return;
        struct api_list l = {STMT_AGREEMENT_LIST, STMT_AGREEMENT_COUNT, bind_agreement_filter, &f,
                             5};
        api_list(r, &agreement_api, &l, limit, offset);
}

void agreements_export_csv(struct request *r)
{
        struct agreement_filter f;
        if (read_agreement_filter(r, &f) < 0)
                return;
        struct api_list l = {STMT_AGREEMENT_LIST, 0, bind_agreement_filter, &f, 5};
        api_export_csv(r, &agreement_api, &l, "agreements.csv");
}

void agreements_create(struct request *r)
{
        api_create(r, &agreement_api);
}

void agreements_get(struct request *r)
{
        api_get(r, &agreement_api);
}

void agreements_update(struct request *r)
{
        api_update(r, &agreement_api);
}

void agreements_delete(struct request *r)
{
        attached_record_delete(r, &agreement_file);
}

/* --- engagements --- */

struct engagement_filter {
        int64_t project, organisation; /* 0: any */
        const char *stage;             /* NULL: any */
        bool overdue;                  /* next follow-up before today */
};

static void bind_engagement_filter(struct stmt *st, const void *filter)
{
        const struct engagement_filter *f = filter;
        if (f->project)
                st_bind_int(st, 1, f->project);
        st_bind_text(st, 2, f->stage);
        if (f->organisation)
                st_bind_int(st, 3, f->organisation);
        if (f->overdue)
                st_bind_int(st, 4, today_days());
}

void engagements_list(struct request *r)
{
        struct engagement_filter f;
        memset(&f, 0, sizeof(f));
        int64_t limit, offset;
        if (query_page(r, &limit, &offset) < 0 ||
            query_int(r, "project", 1, INT64_MAX, &f.project) < 0 ||
            query_int(r, "organisation", 1, INT64_MAX, &f.organisation) < 0 ||
            query_enum(r, "stage", engagement_stage_names, &f.stage) < 0 ||
            query_bool(r, "overdue", &f.overdue) < 0)
                return;
        struct api_list l = {STMT_ENGAGEMENT_LIST, STMT_ENGAGEMENT_COUNT, bind_engagement_filter,
                             &f, 5};
        api_list(r, &engagement_api, &l, limit, offset);
}

void engagements_create(struct request *r)
{
        api_create(r, &engagement_api);
}

void engagements_get(struct request *r)
{
        api_get(r, &engagement_api);
}

void engagements_update(struct request *r)
{
        api_update(r, &engagement_api);
}

void engagements_delete(struct request *r)
{
        api_delete(r, &engagement_api);
}

static int append_stage(const void *rec, void *ctx)
{
        json_t *o = record_json(engagement_stage_columns, STAGE__COLUMNS, rec);
        return o ? json_array_append_new(ctx, o) : -1;
}

/* GET /engagements/{id}/stages: every stage the engagement entered, oldest first. */
void engagement_stages_list(struct request *r)
{
        struct db *db = store_db(r->app->store);
        if (!db) {
                reply_internal(r, "no database connection");
                return;
        }
        if (db_begin_read(db) != STORE_OK) {
                reply_internal(r, "cannot begin a read");
                return;
        }
        struct engagement e;
        memset(&e, 0, sizeof(e));
        enum ecat_err err = res_load(db, &engagement_resource, &r->arena, r->ids[0], &e);
        if (err != E_OK) {
                db_rollback(db);
                struct problems p;
                problems_init(&p, &r->arena);
                reply_problems(r, err, &p, "engagement");
                return;
        }
        struct stmt *st = db_prepare(db, STMT_ENGAGEMENT_STAGES);
        json_t *items = json_array();
        enum store_rc rc = STORE_ERROR;
        if (st && items) {
                st_bind_int(st, 1, r->ids[0]);
                rc = res_each(st, &engagement_stage_resource, append_stage, items);
        }
        db_rollback(db);
        if (rc != STORE_DONE) {
                json_decref(items);
                reply_internal(r, "cannot read the stage history");
                return;
        }
        reply_json(r, 200, json_pack("{s:o}", "items", items));
}

/* --- an organisation's cooperation record --- */

struct each_ctx {
        const struct column *cols;
        size_t n;
        json_t *items;
};

static int append_record(const void *rec, void *arg)
{
        struct each_ctx *c = arg;
        json_t *o = record_json(c->cols, c->n, rec);
        return o ? json_array_append_new(c->items, o) : -1;
}

/* Every row of st (bound by the caller) as an array of res's records; NULL on failure. */
static json_t *rows_json(struct stmt *st, const struct resource *res)
{
        struct each_ctx c = {res->cols, res->n_cols, json_array()};
        if (!st || !c.items || res_each(st, res, append_record, &c) != STORE_DONE) {
                json_decref(c.items);
                return NULL;
        }
        return c.items;
}

/*
 * GET /organisations/{id}/activities: the organisation's cooperation with
 * the programme - the meetings held there, the trainings of its staff
 * (activities with a business_staff head-count), its agreements and its
 * engagements - in one read transaction.  The organisation's own answer
 * (GET /organisations/{id}) is unchanged.
 */
void organisation_cooperation(struct request *r)
{
        struct db *db = store_db(r->app->store);
        if (!db) {
                reply_internal(r, "no database connection");
                return;
        }
        if (db_begin_read(db) != STORE_OK) {
                reply_internal(r, "cannot begin a read");
                return;
        }
        int64_t id = r->ids[0];
        struct stmt *st = db_prepare(db, STMT_ENGAGE_ORG_EXISTS);
        enum store_rc rc = STORE_ERROR;
        bool exists = false;
        if (st) {
                st_bind_int(st, 1, id);
                rc = st_step(st);
                exists = rc == STORE_ROW && st_int(st, 0) != 0;
                st_reset(st);
        }
        if (rc != STORE_ROW || !exists) {
                db_rollback(db);
                if (rc == STORE_ROW)
                        reply_error(r, E_NOT_FOUND, "no such organisation");
                else
                        reply_internal(r, "cannot read the organisation");
                return;
        }
        json_t *parts[4] = {NULL, NULL, NULL, NULL};
        if ((st = db_prepare(db, STMT_ORG_MEETINGS)))
                st_bind_int(st, 1, id);
        parts[0] = rows_json(st, &activity_resource);
        if ((st = db_prepare(db, STMT_ORG_TRAININGS)))
                st_bind_int(st, 1, id);
        parts[1] = rows_json(st, &activity_resource);
        if ((st = db_prepare(db, STMT_AGREEMENT_LIST))) {
                st_bind_int(st, 1, id);
                st_bind_int(st, 5, -1);
                st_bind_int(st, 6, 0);
        }
        parts[2] = rows_json(st, &agreement_resource);
        if ((st = db_prepare(db, STMT_ENGAGEMENT_LIST))) {
                st_bind_int(st, 3, id);
                st_bind_int(st, 5, -1);
                st_bind_int(st, 6, 0);
        }
        parts[3] = rows_json(st, &engagement_resource);
        db_rollback(db);
        if (!parts[0] || !parts[1] || !parts[2] || !parts[3]) {
                for (int i = 0; i < 4; i++)
                        json_decref(parts[i]);
                reply_internal(r, "cannot read the cooperation record");
                return;
        }
        reply_json(r, 200,
                   json_pack("{s:I, s:o, s:o, s:o, s:o}", "organisation_id", (json_int_t)id,
                             "meetings", parts[0], "trainings", parts[1], "agreements", parts[2],
                             "engagements", parts[3]));
}

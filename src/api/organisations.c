/*
 * Organisations over HTTP: list (JSON and CSV), create, read, update,
 * delete, and the list of Lithuanian municipalities their "municipality"
 * field takes.  The record, its rules and its doors are in
 * domain/organisation.h.
 *
 * Reading needs ACT_ORG_READ, creating and editing ACT_ORG_WRITE, deleting
 * ACT_ORG_DELETE (the route table says which).  Every write and its audit
 * entry commit in one transaction.
 */
#include "api/organisations.h"

#include "api/app.h"
#include "api/handlers.h"
#include "api/params.h"
#include "api/render.h"
#include "api/respond.h"
#include "core/csv_out.h"
#include "core/util.h"
#include "domain/municipalities.h"
#include "domain/org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static enum ecat_err create_any(struct db *db, const struct principal *who, int64_t parent,
                                void *rec, struct problems *p, int64_t *id)
{
        (void)parent;
        return organisation_create(db, who, rec, 0, p, id);
}

static enum ecat_err update_any(struct db *db, const struct principal *who, int64_t id, void *patch,
                                struct problems *p)
{
        return organisation_update(db, who, id, patch, p);
}

static enum ecat_err load_any(struct db *db, const struct principal *who, struct arena *a,
                              int64_t id, void *out)
{
        return organisation_get(db, who, a, id, out);
}

/* One organisation as GET /organisations/{id} shows it: with its activity figures. */
static json_t *render_with_activity(struct db *db, const struct principal *who, const void *rec)
{
        (void)who;
        const struct organisation *o = rec;
        int64_t count;
        bool any;
        int32_t last;
        if (organisation_activity(db, o->id, &count, &any, &last) != E_OK)
                return NULL;
        json_t *j = record_json(organisation_columns, ORG_F__MAX, rec);
        if (!j)
                return NULL;
        json_object_set_new(j, "activities_count", json_integer(count));
        if (any) {
                char date[11];
                format_date(last, date);
                json_object_set_new(j, "last_activity", json_string(date));
        } else {
                json_object_set_new(j, "last_activity", json_null());
        }
        return j;
}

const struct api_door organisation_api = {
    .res = &organisation_resource,
    .collection = "/api/v1/organisations",
    .create = create_any,
    .update = update_any,
    .remove = organisation_delete,
    .load = load_any,
    .render_one = render_with_activity,
};

/* The list filters, read from the query string. */
struct org_filter {
        const char *kind, *country, *municipality, *fts;
        bool visited;
        int has_visited, has_project;
        int64_t project;
};

#define Q_MAX_CHARS 200

/* Read the filters shared by the JSON list and the CSV export; -1 when r is answered. */
static int read_filter(struct request *r, struct org_filter *f)
{
        memset(f, 0, sizeof(*f));
        const char *country = NULL, *muni = NULL, *q = NULL;
        if (query_enum(r, "kind", org_kinds, &f->kind) < 0 ||
            query_text(r, "country", 2, &country) < 0 ||
            query_text(r, "municipality", 100, &muni) < 0 ||
            query_text(r, "q", Q_MAX_CHARS, &q) < 0 ||
            (f->has_visited = query_bool(r, "visited", &f->visited)) < 0 ||
            (f->has_project = query_int(r, "project", 1, INT64_MAX, &f->project)) < 0)
                return -1;
        if (country) {
                char cc[3] = {country[0], '\0', '\0'};
                if (country[0])
                        cc[1] = country[1];
                for (int i = 0; i < 2; i++)
                        if (cc[i] >= 'a' && cc[i] <= 'z')
                                cc[i] = (char)(cc[i] - 'a' + 'A');
                if (!country_valid(cc)) {
                        reply_error_fields(
                            r, E_BAD_REQUEST, "a query parameter is invalid",
                            json_pack("{s:s}", "country", "must be an ISO 3166-1 alpha-2 code"));
                        return -1;
                }
                f->country = arena_strdup(&r->arena, cc);
        }
        if (muni && *muni) {
                /* Lithuanian names match however they are typed; others as stored. */
                const struct municipality *m = municipality_lookup(muni);
                f->municipality = m ? m->name : muni;
        }
        if (q)
                f->fts = store_search_query(&r->arena, q);
        return 0;
}

static void bind_filter(struct stmt *st, const struct org_filter *f)
{
        st_bind_text(st, 1, f->kind);
        st_bind_text(st, 2, f->country);
        st_bind_text(st, 3, f->municipality);
        if (f->has_visited)
                st_bind_int(st, 4, f->visited);
        else
                st_bind_null(st, 4);
        if (f->has_project)
                st_bind_int(st, 5, f->project);
        else
                st_bind_null(st, 5);
        st_bind_text(st, 6, f->fts);
}

static void bind_any(struct stmt *st, const void *filter)
{
        bind_filter(st, filter);
}

void organisations_list(struct request *r)
{
        int64_t limit, offset;
        struct org_filter f;
        if (query_page(r, &limit, &offset) < 0 || read_filter(r, &f) < 0)
                return;
        struct api_list l = {STMT_ORG_LIST, STMT_ORG_COUNT, bind_any, &f, 7};
        api_list(r, &organisation_api, &l, limit, offset);
}

/* Ceiling of one CSV export; far above any real register of organisations. */
#define CSV_EXPORT_MAX (256u << 20)

struct csv_out {
        struct buf b;
        int failed; /* past the export's ceiling */
};

static int append_csv(const void *rec, void *ctx)
{
        struct csv_out *out = ctx;
        out->failed = record_csv(&out->b, organisation_columns, ORG_F__MAX, rec);
        return out->failed;
}

void organisations_csv(struct request *r)
{
        struct org_filter f;
        if (read_filter(r, &f) < 0)
                return;
        struct db *db = store_db(r->app->store);
        struct stmt *st = db ? db_prepare(db, STMT_ORG_EXPORT) : NULL;
        if (!st) {
                reply_internal(r, "prepare failed");
                return;
        }
        bind_filter(st, &f);
        struct csv_out out = {.failed = 0};
        buf_init(&out.b, CSV_EXPORT_MAX);
        out.failed = record_csv_header(&out.b, organisation_columns, ORG_F__MAX);
        enum store_rc rc =
            out.failed ? STORE_DONE : res_each(st, &organisation_resource, append_csv, &out);
        if (out.failed || rc != STORE_DONE) {
                buf_free(&out.b);
                if (out.failed)
                        reply_error(r, E_BAD_REQUEST,
                                    "the export is over its size ceiling; narrow it with filters");
                else
                        reply_internal(r, "organisation export failed");
                return;
        }
        req_add_header(r, "Content-Disposition", "attachment; filename=\"organisations.csv\"");
        size_t len = 0;
        char *data = buf_steal(&out.b, &len);
        reply_raw(r, 200, "text/csv; charset=utf-8", data, len);
}

void organisations_get(struct request *r)
{
        api_get(r, &organisation_api);
}

void organisations_create(struct request *r)
{
        api_create(r, &organisation_api);
}

void organisations_update(struct request *r)
{
        api_update(r, &organisation_api);
}

void organisations_delete(struct request *r)
{
        api_delete(r, &organisation_api);
}

/* ------------------------------------------------------------------------ */
/* Municipalities                                                            */

void municipalities_list(struct request *r)
{
        json_t *items = json_array();
        size_t n = municipality_count();
        for (size_t i = 0; i < n; i++) {
                const struct municipality *m = municipality_at(i);
                json_array_append_new(items, json_pack("{s:s, s:f, s:f}", "name", m->name, "lat",
                                                       m->lat, "lon", m->lon));
        }
        reply_record_json(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)n));
}

/*
 * Outreach activities over HTTP: list (with filters), CSV export, create,
 * read, update, delete.  Every write goes through the doors of
 * domain/activity.h; the dashboard's aggregates follow every write through
 * the triggers of migration 3.
 */
#include "api/activities.h"

#include "api/app.h"
#include "api/handlers.h"
#include "api/params.h"
#include "api/programme.h"
#include "api/render.h"
#include "api/respond.h"
#include "core/buf.h"
#include "core/csv_out.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

static enum ecat_err create_any(struct db *db, const struct principal *who, int64_t parent,
                                void *rec, struct problems *p, int64_t *id)
{
        (void)parent;
        return activity_create(db, who, rec, p, id);
}

static enum ecat_err update_any(struct db *db, const struct principal *who, int64_t id, void *patch,
                                struct problems *p)
{
        return activity_update(db, who, id, patch, p);
}

static enum ecat_err load_any(struct db *db, const struct principal *who, struct arena *a,
                              int64_t id, void *out)
{
        return activity_get(db, who, a, id, out);
}

const struct api_door activity_api = {
    .res = &activity_resource,
    .collection = "/api/v1/activities",
    .create = create_any,
    .update = update_any,
    .remove = activity_delete,
    .load = load_any,
};

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

static void bind_any(struct stmt *st, const void *filter)
{
        bind_filter(st, filter);
}

void activities_list(struct request *r)
{
        struct activity_filter f;
        int64_t limit, offset;
        if (query_page(r, &limit, &offset) < 0 || read_filter(r, &f) < 0)
                return;
        struct api_list l = {f.project ? STMT_ACTIVITY_LIST_PROJECT : STMT_ACTIVITY_LIST,
                             f.project ? STMT_ACTIVITY_COUNT_PROJECT : STMT_ACTIVITY_COUNT,
                             bind_any, &f, 8};
        api_list(r, &activity_api, &l, limit, offset);
}

void activities_export_csv(struct request *r)
{
        struct activity_filter f;
        if (read_filter(r, &f) < 0)
                return;
        struct api_list l = {f.project ? STMT_ACTIVITY_LIST_PROJECT : STMT_ACTIVITY_LIST, 0,
                             bind_any, &f, 8};
        api_export_csv(r, &activity_api, &l, "activities.csv");
}

/* --- one activity --- */

void activities_create(struct request *r)
{
        api_create(r, &activity_api);
}

void activities_get(struct request *r)
{
        api_get(r, &activity_api);
}

void activities_update(struct request *r)
{
        api_update(r, &activity_api);
}

void activities_delete(struct request *r)
{
        api_delete(r, &activity_api);
}

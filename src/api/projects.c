/*
 * Projects over HTTP: list, create, read, update.  Every write goes through
 * the doors of domain/project.h.
 */
#include "api/projects.h"

#include "api/app.h"
#include "api/handlers.h"
#include "api/params.h"
#include "api/programme.h"
#include "api/render.h"
#include "api/respond.h"
#include "domain/scope.h"

#include <string.h>

static enum ecat_err create_any(struct db *db, const struct principal *who, int64_t parent,
                                void *rec, struct problems *p, int64_t *id)
{
        (void)parent;
        return project_create(db, who, rec, p, id);
}

static enum ecat_err update_any(struct db *db, const struct principal *who, int64_t id, void *patch,
                                struct problems *p)
{
        return project_update(db, who, id, patch, p);
}

static enum ecat_err load_any(struct db *db, const struct principal *who, struct arena *a,
                              int64_t id, void *out)
{
        return project_get(db, who, a, id, out);
}

const struct api_door project_api = {
    .res = &project_resource,
    .collection = "/api/v1/projects",
    .create = create_any,
    .update = update_any,
    .load = load_any,
};

/* A project's row holds a code, a title, a funder and a programme: well under this. */
#define PROJECT_ROW_ARENA (64u << 10)

json_t *project_row_json(struct stmt *st, unsigned hide)
{
        struct project p;
        memset(&p, 0, sizeof(p));
        struct arena a;
        arena_init(&a, PROJECT_ROW_ARENA);
        struct row_place pl = {project_resource.table, st_int(st, PROJECT_ID), NULL, 0};
        json_t *o = row_read(st, project_columns, PROJECT__COLUMNS, &p, &a, &pl) < 0
                        ? NULL
                        : record_json_as(project_columns, PROJECT__COLUMNS, &p, hide);
        arena_free(&a);
        return o;
}

void projects_list(struct request *r)
{
        int64_t limit, offset;
        if (query_page(r, &limit, &offset) < 0)
                return;
        struct api_list l = {STMT_PROJECT_LIST, STMT_PROJECT_COUNT, NULL, NULL, 1};
        api_list(r, &project_api, &l, limit, offset);
}

void projects_create(struct request *r)
{
        api_create(r, &project_api);
}

void projects_get(struct request *r)
{
        api_get(r, &project_api);
}

void projects_update(struct request *r)
{
        api_update(r, &project_api);
}

bool api_path_project(struct request *r, struct db *db)
{
        enum ecat_err e = project_find(db, r->ids[0], NULL, NULL);
        if (e == E_NOT_FOUND)
                reply_error(r, E_NOT_FOUND, "no such project");
        else if (e != E_OK)
                reply_internal(r, "cannot read the project");
        return e == E_OK;
}

bool api_path_project_lead(struct request *r, struct db *db)
{
        if (!api_path_project(r, db))
                return false;
        struct principal who = principal_of(r);
        enum ecat_err e = scope_lead(db, &who, r->ids[0]);
        if (e == E_NOT_FOUND)
                reply_error(r, E_NOT_FOUND, "no such project");
        else if (e != E_OK)
                reply_internal(r, "cannot read the project's partners");
        return e == E_OK;
}

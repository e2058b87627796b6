/*
 * Materials and their distribution over HTTP: lists (with filters), CSV
 * exports, create, read, update, delete through the doors of
 * domain/material.h, and a material's file (PUT, GET, DELETE
 * /api/v1/materials/{id}/file, api/attached.h: streamed to disk, typed by its
 * content, stored once under its SHA-256).  Deleting a material removes its
 * file from the store when nothing else has it.
 */
#include "api/attached.h"
#include "api/crud.h"
#include "api/handlers.h"
#include "api/params.h"
#include "api/programme.h"
#include "api/respond.h"
#include "core/util.h"
#include "domain/material.h"

#include <string.h>

static enum ecat_err material_create_any(struct db *db, const struct principal *who, int64_t parent,
                                         void *rec, struct problems *p, int64_t *id)
{
        (void)parent;
        return material_create(db, who, rec, p, id);
}

static enum ecat_err material_update_any(struct db *db, const struct principal *who, int64_t id,
                                         void *patch, struct problems *p)
{
        return material_update(db, who, id, patch, p);
}

static enum ecat_err material_load_any(struct db *db, const struct principal *who, struct arena *a,
                                       int64_t id, void *out)
{
        return material_get(db, who, a, id, out);
}

static const struct api_door material_api = {
    .res = &material_resource,
    .collection = "/api/v1/materials",
    .create = material_create_any,
    .update = material_update_any,
    .remove = material_delete,
    .load = material_load_any,
};

static enum ecat_err distribution_create_any(struct db *db, const struct principal *who,
                                             int64_t parent, void *rec, struct problems *p,
                                             int64_t *id)
{
        (void)parent;
        return distribution_create(db, who, rec, p, id);
}

static enum ecat_err distribution_update_any(struct db *db, const struct principal *who, int64_t id,
                                             void *patch, struct problems *p)
{
        return distribution_update(db, who, id, patch, p);
}

static enum ecat_err distribution_load_any(struct db *db, const struct principal *who,
                                           struct arena *a, int64_t id, void *out)
{
        return distribution_get(db, who, a, id, out);
}

static const struct api_door distribution_api = {
    .res = &distribution_resource,
    .collection = "/api/v1/distributions",
    .create = distribution_create_any,
    .update = distribution_update_any,
    .remove = distribution_delete,
    .load = distribution_load_any,
};

/* --- material lists --- */

struct material_filter {
        const char *kind, *q;
        int64_t project;
        int64_t audience_bit; /* 0: any */
};

static int material_filter(struct request *r, struct material_filter *f)
{
        memset(f, 0, sizeof(*f));
        const char *audience = NULL;
        if (query_enum(r, "kind", material_kinds, &f->kind) < 0 ||
            query_int(r, "project", 1, INT64_MAX, &f->project) < 0 ||
            query_enum(r, "audience", distribution_audiences, &audience) < 0 ||
            query_text(r, "q", 100, &f->q) < 0)
                return -1;
        for (int k = 0; audience && distribution_audiences[k]; k++)
                if (strcmp(distribution_audiences[k], audience) == 0)
                        f->audience_bit = INT64_C(1) << k;
        /* The words are matched as they are: LIKE's own characters stand for themselves. */
        if (f->q && *f->q) {
                size_t n = strlen(f->q);
                char *esc = arena_alloc(&r->arena, 2 * n + 1);
                if (!esc) {
                        reply_internal(r, "out of request memory");
                        return -1;
                }
                char *o = esc;
                for (const char *s = f->q; *s; s++) {
                        if (*s == '%' || *s == '_' || *s == '\\')
                                *o++ = '\\';
                        *o++ = *s;
                }
                *o = '\0';
                f->q = esc;
        } else {
                f->q = NULL;
        }
        return 0;
}

static void material_bind(struct stmt *st, const void *filter)
{
        const struct material_filter *f = filter;
        st_bind_text(st, 1, f->kind);
        if (f->project)
                st_bind_int(st, 2, f->project);
        st_bind_int(st, 3, f->audience_bit);
        st_bind_text(st, 4, f->q);
}

void materials_list(struct request *r)
{
        struct material_filter f;
        int64_t limit, offset;
        if (query_page(r, &limit, &offset) < 0 || material_filter(r, &f) < 0)
                return;
        struct api_list l = {STMT_MATERIAL_LIST, STMT_MATERIAL_COUNT, material_bind, &f, 5};
        api_list(r, &material_api, &l, limit, offset);
}

void materials_export_csv(struct request *r)
{
        struct material_filter f;
        if (material_filter(r, &f) < 0)
                return;
        struct api_list l = {STMT_MATERIAL_LIST, 0, material_bind, &f, 5};
        api_export_csv(r, &material_api, &l, "materials.csv");
}

void materials_create(struct request *r)
{
        api_create(r, &material_api);
}

void materials_get(struct request *r)
{
        api_get(r, &material_api);
}

void materials_update(struct request *r)
{
        api_update(r, &material_api);
}

static const struct file_holder material_file = {
    .door = &material_api,
    .set_file = STMT_MATERIAL_SET_FILE,
    .col_sha256 = MATERIAL_FILE_SHA256,
    .col_type = MATERIAL_FILE_TYPE,
    .col_name = MATERIAL_FILE_NAME,
};

void materials_delete(struct request *r)
{
        attached_record_delete(r, &material_file);
}

/* --- a material's file (api/attached.h) --- */

void material_file_put(struct request *r)
{
        attached_put(r, &material_file);
}

void material_file_delete(struct request *r)
{
        attached_delete(r, &material_file);
}

void material_file_get(struct request *r)
{
        attached_get(r, &material_file);
}

/* --- distributions --- */

struct distribution_filter {
        int64_t project, material, organisation, run_by, activity;
        const char *audience;
        int32_t from, to;
};

static int distribution_filter(struct request *r, struct distribution_filter *f)
{
        memset(f, 0, sizeof(*f));
        f->from = DAY_MIN;
        f->to = DAY_MAX;
        return query_int(r, "project", 1, INT64_MAX, &f->project) < 0 ||
                       query_int(r, "material", 1, INT64_MAX, &f->material) < 0 ||
                       query_int(r, "organisation", 1, INT64_MAX, &f->organisation) < 0 ||
                       query_int(r, "run_by", 1, INT64_MAX, &f->run_by) < 0 ||
                       query_int(r, "activity", 1, INT64_MAX, &f->activity) < 0 ||
                       query_enum(r, "audience", distribution_audiences, &f->audience) < 0 ||
                       query_date(r, "from", &f->from) < 0 || query_date(r, "to", &f->to) < 0
                   ? -1
                   : 0;
}

static void distribution_bind(struct stmt *st, const void *filter)
{
        const struct distribution_filter *f = filter;
        const int64_t ids[] = {f->project, f->material, f->organisation, f->run_by};
        for (int i = 0; i < 4; i++)
                if (ids[i])
                        st_bind_int(st, i + 1, ids[i]);
        st_bind_text(st, 5, f->audience);
        if (f->activity)
                st_bind_int(st, 6, f->activity);
        st_bind_int(st, 7, f->from);
        st_bind_int(st, 8, f->to);
}

void distributions_list(struct request *r)
{
        struct distribution_filter f;
        int64_t limit, offset;
        if (query_page(r, &limit, &offset) < 0 || distribution_filter(r, &f) < 0)
                return;
        struct api_list l = {STMT_DISTRIBUTION_LIST, STMT_DISTRIBUTION_COUNT, distribution_bind, &f,
                             9};
        api_list(r, &distribution_api, &l, limit, offset);
}

void distributions_export_csv(struct request *r)
{
        struct distribution_filter f;
        if (distribution_filter(r, &f) < 0)
                return;
        struct api_list l = {STMT_DISTRIBUTION_LIST, 0, distribution_bind, &f, 9};
        api_export_csv(r, &distribution_api, &l, "distributions.csv");
}

void distributions_create(struct request *r)
{
        api_create(r, &distribution_api);
}

void distributions_get(struct request *r)
{
        api_get(r, &distribution_api);
}

void distributions_update(struct request *r)
{
        api_update(r, &distribution_api);
}

void distributions_delete(struct request *r)
{
        api_delete(r, &distribution_api);
}

/*
 * Materials and their distribution over HTTP: lists (with filters), CSV
 * exports, create, read, update, delete through the doors of
 * domain/material.h, and a material's file:
 *
 *   PUT    /api/v1/materials/{id}/file   the body is the file, any media type;
 *          streamed to a spool file while it arrives (http/upload.h, never
 *          held in memory; over material_file_limit: 413 and nothing kept),
 *          its type found from its content (api/files.h: 415 for any type
 *          but PDF, PNG, JPEG, MP4, WebM, ODT, DOCX, PPTX), stored under its
 *          SHA-256, and described on the material with its audit entry in one
 *          write transaction; ?name= gives the name it is downloaded under.
 *   GET    …/file   the file, sent from disk with its type, its name as an
 *          attachment and its hash as the ETag (304 for If-None-Match).
 *   DELETE …/file   the material keeps no file.
 *
 * A file no material has any more is removed from the store (deleted, or
 * replaced by another file); the same content uploaded for two materials is
 * stored once.
 */
#include "api/app.h"
#include "api/crud.h"
#include "api/files.h"
#include "api/handlers.h"
#include "api/params.h"
#include "api/programme.h"
#include "api/render.h"
#include "api/respond.h"
#include "audit/audit.h"
#include "core/log.h"
#include "core/util.h"
#include "domain/material.h"
#include "http/upload.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

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

/* The stored file's hash of material id into hash ("" when none); -1 when it cannot be read. */
static int file_of(struct request *r, struct db *db, int64_t id, char hash[FILE_HASH_HEX])
{
        struct material m;
        hash[0] = '\0';
        enum ecat_err e = material_get(db, NULL, &r->arena, id, &m);
        if (e == E_NOT_FOUND)
                return 0;
        if (e != E_OK)
                return -1;
        if (REC_GIVEN(&m, MATERIAL_FILE_SHA256) && files_hash_valid(m.file_sha256))
                snprintf(hash, FILE_HASH_HEX, "%s", m.file_sha256);
        return 0;
}

void materials_delete(struct request *r)
{
        struct db *db = request_db(r);
        char hash[FILE_HASH_HEX];
        if (!db)
                return;
        if (file_of(r, db, r->ids[0], hash) < 0) {
                reply_internal(r, "cannot read the material");
                return;
        }
        api_delete(r, &material_api);
        if (r->status == 204 && hash[0] && r->app->file_dir)
                (void)files_forget_unused(db, r->app->file_dir, hash);
}

/* --- a material's file --- */

/*
 * The name a file is downloaded under: ?name= (1 to 200 characters, no
 * path separator, no control character, no quote), else "material-ID.EXT".
 * NULL when r has been answered.
 */
static const char *file_name(struct request *r, int64_t id, const char *type)
{
        const char *name = NULL;
        if (query_text(r, "name", 200, &name) < 0)
                return NULL;
        if (name && *name) {
                for (const char *s = name; *s; s++)
                        if (*s == '/' || *s == '\\' || *s == '"' || (unsigned char)*s < 0x20 ||
                            *s == 0x7f) {
                                reply_invalid(r, "name",
                                              "must not contain /, \\, quotes or control "
                                              "characters");
                                return NULL;
                        }
                if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
                        reply_invalid(r, "name", "must be a file name");
                        return NULL;
                }
                return name;
        }
        const char *made =
            arena_printf(&r->arena, "material-%lld.%s", (long long)id, files_extension(type));
        if (!made)
                reply_internal(r, "out of request memory");
        return made;
}

/* Describe the file on material id and audit it, inside the caller's write transaction. */
static enum ecat_err set_file(struct request *r, struct db *db, int64_t id, const char *hash,
                              const char *type, const char *name, uint64_t size, const char *action)
{
        struct stmt *st = db_prepare(db, STMT_MATERIAL_SET_FILE);
        if (!st)
                return E_INTERNAL;
        st_bind_text(st, 1, hash);
        st_bind_text(st, 2, type);
        st_bind_text(st, 3, name);
        if (hash)
                st_bind_int(st, 4, (int64_t)size);
        else
                st_bind_null(st, 4);
        st_bind_int(st, 5, now_seconds());
        st_bind_int(st, 6, id);
        if (st_exec(st) != STORE_DONE)
                return E_INTERNAL;
        struct audit_entry e = {r->auth.user_id, action, "material", id, "ok", r->id};
        return audit_append(db, &e) == STORE_OK ? E_OK : E_INTERNAL;
}

/* After a write: the material as stored, 200. */
static void reply_material(struct request *r, struct db *db, int64_t id)
{
        json_t *o = api_load_json(r, &material_api, db, id);
        if (o)
                reply_record_json(r, 200, o);
        else
                reply_internal(r, "cannot read the material");
}

void material_file_put(struct request *r)
{
        struct upload *u = r->upload;
        const char *dir = r->app->file_dir;
        int64_t id = r->ids[0];
        if (!u || !dir || u->failed) {
                reply_internal(r, "cannot store the file");
                return;
        }
        if (u->size == 0) {
                reply_invalid(r, "file", "the request body is empty; send the file as the body");
                return;
        }
        unsigned char sha[32];
        char hash[FILE_HASH_HEX], old[FILE_HASH_HEX];
        if (upload_finish(u, sha) < 0) {
                reply_internal(r, "cannot store the file");
                return;
        }
        hex_encode(sha, sizeof(sha), hash);
        const char *found;
        const char *type = files_sniff(u->fd, &found);
        if (!type) {
                const char *msg =
                    arena_printf(&r->arena, "the file is %s; a material's file must be one of: %s",
                                 found, files_allowed_text);
                reply_error_fields(
                    r, E_UNSUPPORTED_MEDIA_TYPE, "the file's type is not allowed",
                    json_pack("{s:s}", "file", msg ? msg : "has a type not allowed"));
                return;
        }
        const char *name = file_name(r, id, type);
        if (!name)
                return;
        struct db *db;
        if (tx_begin(r, &db) < 0)
                return;
        bool placed = false;
        if (file_of(r, db, id, old) < 0) {
                db_rollback(db);
                reply_internal(r, "cannot read the material");
                return;
        }
        struct material m;
        enum ecat_err e = material_get(db, NULL, &r->arena, id, &m);
        if (e == E_OK)
                e = files_place(dir, u->path, hash, &placed) == 0 ? E_OK : E_INTERNAL;
        if (placed)
                u->path[0] = '\0'; /* the spool file is the stored file now */
        if (e == E_OK)
                e = set_file(r, db, id, hash, type, name, u->size, "material.file_upload");
        if (e != E_OK) {
                db_rollback(db);
                if (e == E_NOT_FOUND)
                        reply_error(r, E_NOT_FOUND, "no such material");
                else
                        reply_internal(r, "cannot store the file");
        } else if (tx_commit(r, db) == 0) {
                if (old[0] && strcmp(old, hash) != 0)
                        (void)files_forget_unused(db, dir, old);
                reply_material(r, db, id);
                return;
        }
        /* Nothing refers to a file this request placed, unless another upload has since. */
        if (placed)
                (void)files_forget_unused(db, dir, hash);
}

void material_file_delete(struct request *r)
{
        int64_t id = r->ids[0];
        struct db *db;
        char old[FILE_HASH_HEX];
        if (tx_begin(r, &db) < 0)
                return;
        struct material m;
        enum ecat_err e = material_get(db, NULL, &r->arena, id, &m);
        if (e == E_OK && file_of(r, db, id, old) < 0)
                e = E_INTERNAL;
        if (e == E_OK && !old[0]) {
                db_rollback(db);
                reply_error(r, E_NOT_FOUND, "the material has no file");
                return;
        }
        if (e == E_OK)
                e = set_file(r, db, id, NULL, NULL, NULL, 0, "material.file_delete");
        if (e != E_OK) {
                db_rollback(db);
                if (e == E_NOT_FOUND)
                        reply_error(r, E_NOT_FOUND, "no such material");
                else
                        reply_internal(r, "cannot remove the file");
                return;
        }
        if (tx_commit(r, db) < 0)
                return;
        if (r->app->file_dir)
                (void)files_forget_unused(db, r->app->file_dir, old);
        reply_no_content(r);
}

/* filename*= of RFC 6266 / 8187: UTF-8, percent-encoded but for the unreserved characters. */
static const char *disposition(struct request *r, const char *name)
{
        static const char hexdig[] = "0123456789ABCDEF";
        size_t n = strlen(name);
        char *ascii = arena_alloc(&r->arena, n + 1), *enc = arena_alloc(&r->arena, 3 * n + 1);
        if (!ascii || !enc)
                return NULL;
        char *a = ascii, *e = enc;
        for (const unsigned char *s = (const unsigned char *)name; *s; s++) {
                if (*s < 0x80 && *s != '"' && *s != '\\')
                        *a++ = (char)*s;
                else
                        *a++ = '_';
                if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
                    (*s >= '0' && *s <= '9') || strchr("-._~", *s)) {
                        *e++ = (char)*s;
                } else {
                        *e++ = '%';
                        *e++ = hexdig[*s >> 4];
                        *e++ = hexdig[*s & 15];
                }
        }
        *a = '\0';
        *e = '\0';
        return arena_printf(&r->arena, "attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii,
                            enc);
}

void material_file_get(struct request *r)
{
        struct db *db = request_db(r);
        if (!db)
                return;
        struct material m;
        if (db_begin_read(db) != STORE_OK) {
                reply_internal(r, "cannot begin a read");
                return;
        }
        enum ecat_err e = material_get(db, NULL, &r->arena, r->ids[0], &m);
        db_rollback(db);
        if (e == E_NOT_FOUND) {
                reply_error(r, E_NOT_FOUND, "no such material");
                return;
        }
        if (e != E_OK) {
                reply_internal(r, "cannot read the material");
                return;
        }
        if (!REC_GIVEN(&m, MATERIAL_FILE_SHA256) || !files_hash_valid(m.file_sha256)) {
                reply_error(r, E_NOT_FOUND, "the material has no file");
                return;
        }
        char etag[FILE_HASH_HEX + 2];
        snprintf(etag, sizeof(etag), "\"%s\"", m.file_sha256);
        req_add_header(r, "ETag", etag);
        req_add_header(r, "Cache-Control", "private, no-cache");
        if (r->if_none_match && strcmp(r->if_none_match, etag) == 0) {
                r->status = 304;
                r->resp_len = 0;
                return;
        }
        uint64_t size = 0;
        int fd = r->app->file_dir ? files_open(r->app->file_dir, m.file_sha256, &size) : -1;
        if (fd < 0) {
                log_error("msg=\"a material's file is missing from the store\" material=%lld",
                          (long long)m.id);
                reply_internal(r, "the file is missing from the store");
                return;
        }
        const char *disp = disposition(r, m.file_name ? m.file_name : "material");
        if (disp)
                req_add_header(r, "Content-Disposition", disp);
        r->resp_type = m.file_type ? m.file_type : "application/octet-stream";
        r->resp_fd = fd;
        r->resp_len = (size_t)size;
        r->status = 200;
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

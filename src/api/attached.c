/* The file a record holds, over HTTP (api/attached.h). */
#include "api/attached.h"

#include "api/app.h"
#include "api/files.h"
#include "api/params.h"
#include "api/programme.h"
#include "api/render.h"
#include "api/respond.h"
#include "audit/audit.h"
#include "core/log.h"
#include "core/util.h"
#include "http/upload.h"

#include <stdio.h>
#include <string.h>

/* The stored file's description on a record, each NULL when it holds none. */
struct held {
        const char *sha256, *type, *name;
};

static const char *text_col(const struct resource *res, const void *rec, unsigned col)
{
        if (!REC_GIVEN(rec, col))
                return NULL;
        return *(const char *const *)((const char *)rec + res->cols[col].offset);
}

/*
 * Record id into *held, in the caller's transaction; who non-NULL: only when
 * who may write it (the resource's scope).  E_OK, E_NOT_FOUND, E_INTERNAL.
 */
static enum ecat_err load_held(struct request *r, struct db *db, const struct file_holder *h,
                               const struct principal *who, int64_t id, struct held *held)
{
        const struct resource *res = h->door->res;
        memset(held, 0, sizeof(*held));
        void *rec = arena_alloc(&r->arena, res->size);
        if (!rec)
                return E_INTERNAL;
        memset(rec, 0, res->size);
        enum ecat_err e = h->door->load(db, NULL, &r->arena, id, rec);
        if (e == E_OK && who && res->scope)
                e = res->scope(db, who, rec);
        if (e != E_OK)
                return e;
        const char *sha = text_col(res, rec, h->col_sha256);
        if (sha && files_hash_valid(sha)) {
                held->sha256 = sha;
                held->type = text_col(res, rec, h->col_type);
                held->name = text_col(res, rec, h->col_name);
        }
        return E_OK;
}

int attached_hash(struct request *r, struct db *db, const struct file_holder *h, int64_t id,
                  char hash[FILE_HASH_HEX])
{
        struct held held;
        hash[0] = '\0';
        enum ecat_err e = load_held(r, db, h, NULL, id, &held);
        if (e == E_NOT_FOUND)
                return 0;
        if (e != E_OK)
                return -1;
        if (held.sha256)
                snprintf(hash, FILE_HASH_HEX, "%s", held.sha256);
        return 0;
}

void attached_record_delete(struct request *r, const struct file_holder *h)
{
        struct db *db = request_db(r);
        char hash[FILE_HASH_HEX];
        if (!db)
                return;
        if (attached_hash(r, db, h, r->ids[0], hash) < 0) {
                reply_internal(r, "cannot read the record");
                return;
        }
        api_delete(r, h->door);
        if (r->status == 204 && hash[0] && r->app->file_dir)
                (void)files_forget_unused(db, r->app->file_dir, hash);
}

static void reply_no_such(struct request *r, const struct file_holder *h)
{
        const char *msg = arena_printf(&r->arena, "no such %s", h->door->res->name);
        reply_error(r, E_NOT_FOUND, msg ? msg : "not found");
}

static void reply_no_file(struct request *r, const struct file_holder *h)
{
        const char *msg = arena_printf(&r->arena, "the %s has no file", h->door->res->name);
        reply_error(r, E_NOT_FOUND, msg ? msg : "no file");
}

/*
 * The name a file is downloaded under: ?name= (1 to 200 characters, no
 * path separator, no control character, no quote), else "NAME-ID.EXT".
 * NULL when r has been answered.
 */
static const char *file_name(struct request *r, const struct file_holder *h, int64_t id,
                             const char *type)
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
        const char *made = arena_printf(&r->arena, "%s-%lld.%s", h->door->res->name, (long long)id,
                                        files_extension(type));
        if (!made)
                reply_internal(r, "out of request memory");
        return made;
}

/* Describe the file on record id and audit it, inside the caller's write transaction. */
static enum ecat_err set_file(struct request *r, struct db *db, const struct file_holder *h,
                              int64_t id, const char *hash, const char *type, const char *name,
                              uint64_t size, const char *what)
{
        const char *action = arena_printf(&r->arena, "%s.%s", h->door->res->name, what);
        struct stmt *st = action ? db_prepare(db, h->set_file) : NULL;
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
        struct audit_entry e = {r->auth.user_id, action, h->door->res->name, id, "ok", r->id};
        return audit_append(db, &e) == STORE_OK ? E_OK : E_INTERNAL;
}

/* After a write: the record as stored, 200. */
static void reply_record(struct request *r, struct db *db, const struct file_holder *h, int64_t id)
{
        json_t *o = api_load_json(r, h->door, db, id);
        if (o)
                reply_record_json(r, 200, o);
        else
                reply_internal(r, "cannot read the record");
}

void attached_put(struct request *r, const struct file_holder *h)
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
        char hash[FILE_HASH_HEX];
        if (upload_finish(u, sha) < 0) {
                reply_internal(r, "cannot store the file");
                return;
        }
        hex_encode(sha, sizeof(sha), hash);
        const char *found;
        const char *type = files_sniff(u->fd, &found);
        if (!type) {
                const char *msg =
                    arena_printf(&r->arena, "the file is %s; a %s's file must be one of: %s", found,
                                 h->door->res->name, files_allowed_text);
                reply_error_fields(
                    r, E_UNSUPPORTED_MEDIA_TYPE, "the file's type is not allowed",
                    json_pack("{s:s}", "file", msg ? msg : "has a type not allowed"));
                return;
        }
        const char *name = file_name(r, h, id, type);
        if (!name)
                return;
        struct db *db;
        if (tx_begin(r, &db) < 0)
                return;
        struct principal who = principal_of(r);
        struct held old;
        bool placed = false;
        enum ecat_err e = load_held(r, db, h, &who, id, &old);
        /* The old hash outlives the transaction's statements. */
        char old_hash[FILE_HASH_HEX] = "";
        if (e == E_OK && old.sha256)
                snprintf(old_hash, sizeof(old_hash), "%s", old.sha256);
        if (e == E_OK)
                e = files_place(dir, u->path, hash, &placed) == 0 ? E_OK : E_INTERNAL;
        if (placed)
                u->path[0] = '\0'; /* the spool file is the stored file now */
        if (e == E_OK)
                e = set_file(r, db, h, id, hash, type, name, u->size, "file_upload");
        if (e != E_OK) {
                db_rollback(db);
                if (e == E_NOT_FOUND)
                        reply_no_such(r, h);
                else
                        reply_internal(r, "cannot store the file");
        } else if (tx_commit(r, db) == 0) {
                if (old_hash[0] && strcmp(old_hash, hash) != 0)
                        (void)files_forget_unused(db, dir, old_hash);
                reply_record(r, db, h, id);
                return;
        }
        /* Nothing refers to a file this request placed, unless another upload has since. */
        if (placed)
                (void)files_forget_unused(db, dir, hash);
}

void attached_delete(struct request *r, const struct file_holder *h)
{
        int64_t id = r->ids[0];
        struct db *db;
        if (tx_begin(r, &db) < 0)
                return;
        struct principal who = principal_of(r);
        struct held old;
        char old_hash[FILE_HASH_HEX] = "";
        enum ecat_err e = load_held(r, db, h, &who, id, &old);
        if (e == E_OK && !old.sha256) {
                db_rollback(db);
                reply_no_file(r, h);
                return;
        }
        if (e == E_OK) {
                snprintf(old_hash, sizeof(old_hash), "%s", old.sha256);
                e = set_file(r, db, h, id, NULL, NULL, NULL, 0, "file_delete");
        }
        if (e != E_OK) {
                db_rollback(db);
                if (e == E_NOT_FOUND)
                        reply_no_such(r, h);
                else
                        reply_internal(r, "cannot remove the file");
                return;
        }
        if (tx_commit(r, db) < 0)
                return;
        if (r->app->file_dir)
                (void)files_forget_unused(db, r->app->file_dir, old_hash);
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

void attached_get(struct request *r, const struct file_holder *h)
{
        struct db *db = request_db(r);
        if (!db)
                return;
        struct held held;
        if (db_begin_read(db) != STORE_OK) {
                reply_internal(r, "cannot begin a read");
                return;
        }
        enum ecat_err e = load_held(r, db, h, NULL, r->ids[0], &held);
        db_rollback(db);
        if (e == E_NOT_FOUND) {
                reply_no_such(r, h);
                return;
        }
        if (e != E_OK) {
                reply_internal(r, "cannot read the record");
                return;
        }
        if (!held.sha256) {
                reply_no_file(r, h);
                return;
        }
        char etag[FILE_HASH_HEX + 2];
        snprintf(etag, sizeof(etag), "\"%s\"", held.sha256);
        req_add_header(r, "ETag", etag);
        req_add_header(r, "Cache-Control", "private, no-cache");
        if (r->if_none_match && strcmp(r->if_none_match, etag) == 0) {
                r->status = 304;
                r->resp_len = 0;
                return;
        }
        uint64_t size = 0;
        int fd = r->app->file_dir ? files_open(r->app->file_dir, held.sha256, &size) : -1;
        if (fd < 0) {
                log_error("msg=\"a stored file is missing from the store\" object=%s id=%lld",
                          h->door->res->name, (long long)r->ids[0]);
                reply_internal(r, "the file is missing from the store");
                return;
        }
        const char *disp = disposition(r, held.name ? held.name : h->door->res->name);
        if (disp)
                req_add_header(r, "Content-Disposition", disp);
        r->resp_type = held.type ? held.type : "application/octet-stream";
        r->resp_fd = fd;
        r->resp_len = (size_t)size;
        r->status = 200;
}

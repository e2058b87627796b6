/* Create, read, update and delete over HTTP for every resource; see api/crud.h. */
#include "api/crud.h"

#include "api/app.h"
#include "api/params.h"
#include "api/render.h"
#include "api/respond.h"
#include "api/validate.h"
#include "core/buf.h"

#include <string.h>

struct principal principal_of(const struct request *r)
{
        struct principal p = {r->auth.user_id, r->auth.role, r->auth.org_id, r->id,
                              r->auth.session_id};
        return p;
}

static void *new_record(struct request *r, const struct api_door *d)
{
        void *rec = arena_alloc(&r->arena, d->res->size);
        if (!rec)
                reply_internal(r, "out of request memory");
        else
                memset(rec, 0, d->res->size);
        return rec;
}

json_t *api_load_json(struct request *r, const struct api_door *d, struct db *db, int64_t id)
{
        struct principal who = principal_of(r);
        void *rec = arena_alloc(&r->arena, d->res->size);
        if (!rec || d->load(db, &who, &r->arena, id, rec) != E_OK)
                return NULL;
        return d->render ? d->render(db, &who, rec)
                         : record_json_as(d->res->cols, d->res->n_cols, rec, render_hidden(r));
}

/* Text into rec through d's reader. */
static enum validate_result read_record(const struct api_door *d, struct arena *a, const char *body,
                                        size_t len, void *rec, bool partial, struct problems *p,
                                        const char **message)
{
        if (d->read)
                return d->read(a, body, len, rec, partial, p, message);
        return record_from_json(a, body, len, d->res->cols, d->res->n_cols, rec, partial, p,
                                message);
}

/*
 * The body into rec: 0, or -1 after answering 400 or 422.  A create's field
 * errors come with the resource's own checks of the other fields.
 */
static int read_body(struct request *r, const struct api_door *d, void *rec, bool partial)
{
        struct problems p;
        problems_init(&p, &r->arena);
        const char *message;
        switch (read_record(d, &r->arena, r->body.data ? r->body.data : "", r->body.len, rec,
                            partial, &p, &message)) {
        case VALID:
                return 0;
        case INVALID_FIELDS:
                if (!partial)
                        res_check_beside(d->res, rec, &p);
                reply_problems(r, E_VALIDATION, &p, d->res->name);
                return -1;
        case MALFORMED:
                reply_error(r, E_BAD_REQUEST, message);
                return -1;
        }
        return -1;
}

/* The door's prepare step, outside any transaction: 0, or -1 after answering r. */
static int prepare(struct request *r, const struct api_door *d, int64_t id, void *rec)
{
        if (!d->prepare)
                return 0;
        struct db *db = store_db(r->app->store);
        if (!db) {
                reply_internal(r, "no database connection");
                return -1;
        }
        struct principal who = principal_of(r);
        struct problems p;
        problems_init(&p, &r->arena);
        enum ecat_err e = d->prepare(db, &who, id, rec, &p);
        if (e == E_OK)
                return 0;
        reply_problems(r, e, &p, d->res->name);
        return -1;
}

enum ecat_err door_create_json(struct db *db, const struct principal *who, const struct api_door *d,
                               int64_t parent, const char *json, size_t len, struct problems *p,
                               int64_t *id)
{
        void *rec = arena_alloc(p->arena, d->res->size);
        if (!rec)
                return E_INTERNAL;
        memset(rec, 0, d->res->size);
        const char *message;
        switch (read_record(d, p->arena, json, len, rec, false, p, &message)) {
        case VALID:
                return d->create(db, who, parent, rec, p, id);
        case INVALID_FIELDS:
                res_check_beside(d->res, rec, p);
                return E_VALIDATION;
        case MALFORMED:
                p->message = message;
                return E_BAD_REQUEST;
        }
        return E_INTERNAL;
}

void api_create(struct request *r, const struct api_door *d)
{
        void *rec = new_record(r, d);
        if (!rec || read_body(r, d, rec, false) < 0 || prepare(r, d, 0, rec) < 0)
                return;
        struct db *db;
        if (tx_begin(r, &db) < 0)
                return;
        struct principal who = principal_of(r);
        struct problems p;
        problems_init(&p, &r->arena);
        int64_t id = 0;
        enum ecat_err e = d->create(db, &who, r->ids[0], rec, &p, &id);
        if (e != E_OK) {
                db_rollback(db);
                reply_problems(r, e, &p, d->res->name);
                return;
        }
        /* Read back before the commit: an answer that cannot be built writes nothing. */
        json_t *o = api_load_json(r, d, db, id);
        if (!o) {
                db_rollback(db);
                reply_internal(r, "the new record cannot be read back");
                return;
        }
        char loc[256];
        snprintf(loc, sizeof(loc), "%s/%lld", d->collection, (long long)id);
        req_add_header(r, "Location", loc);
        if (tx_commit(r, db) < 0) {
                json_decref(o);
                return;
        }
        reply_record_json(r, 201, o);
}

void api_get(struct request *r, const struct api_door *d)
{
        struct db *db = store_db(r->app->store);
        if (!db) {
                reply_internal(r, "no database connection");
                return;
        }
        struct principal who = principal_of(r);
        void *rec = new_record(r, d);
        if (!rec)
                return;
        enum ecat_err e = d->load(db, &who, &r->arena, r->ids[0], rec);
        if (e != E_OK) {
                struct problems p;
                problems_init(&p, &r->arena);
                reply_problems(r, e, &p, d->res->name);
                return;
        }
        json_t *(*render)(struct db *, const struct principal *, const void *) =
            d->render_one ? d->render_one : d->render;
        json_t *o = render ? render(db, &who, rec)
                           : record_json_as(d->res->cols, d->res->n_cols, rec, render_hidden(r));
        if (!o) {
                reply_internal(r, "cannot render the record");
                return;
        }
        reply_record_json(r, 200, o);
}

void api_update(struct request *r, const struct api_door *d)
{
        void *patch = new_record(r, d);
        if (!patch || read_body(r, d, patch, true) < 0 || prepare(r, d, r->ids[0], patch) < 0)
                return;
        struct db *db;
        if (tx_begin(r, &db) < 0)
                return;
        struct principal who = principal_of(r);
        struct problems p;
        problems_init(&p, &r->arena);
        enum ecat_err e = d->update(db, &who, r->ids[0], patch, &p);
        if (e != E_OK) {
                db_rollback(db);
                reply_problems(r, e, &p, d->res->name);
                return;
        }
        json_t *o = api_load_json(r, d, db, r->ids[0]);
        if (!o) {
                db_rollback(db);
                reply_internal(r, "the record cannot be read back");
                return;
        }
        if (tx_commit(r, db) < 0) {
                json_decref(o);
                return;
        }
        reply_record_json(r, 200, o);
}

void api_delete(struct request *r, const struct api_door *d)
{
        struct db *db;
        if (tx_begin(r, &db) < 0)
                return;
        struct principal who = principal_of(r);
        struct problems p;
        problems_init(&p, &r->arena);
        enum ecat_err e = d->remove(db, &who, r->ids[0], &p);
        if (e != E_OK) {
                db_rollback(db);
                reply_problems(r, e, &p, d->res->name);
                return;
        }
        if (tx_commit(r, db) < 0)
                return;
        reply_no_content(r);
}

struct list_ctx {
        const struct resource *res;
        json_t *items;
        unsigned hide; /* columns the caller may not see (render_hidden) */
};

static int append_item(const void *rec, void *arg)
{
        struct list_ctx *c = arg;
        json_t *o = record_json_as(c->res->cols, c->res->n_cols, rec, c->hide);
        return o ? json_array_append_new(c->items, o) : -1;
}

void api_list(struct request *r, const struct api_door *d, const struct api_list *l, int64_t limit,
              int64_t offset)
{
        struct db *db = store_db(r->app->store);
        if (!db) {
                reply_internal(r, "no database connection");
                return;
        }
        /* One read transaction: the page and its total see the same data. */
        if (db_begin_read(db) != STORE_OK) {
                reply_internal(r, "cannot begin a read");
                return;
        }
        struct stmt *st = db_prepare(db, l->list);
        struct stmt *cnt = db_prepare(db, l->count);
        if (!st || !cnt) {
                db_rollback(db);
                reply_internal(r, "prepare failed");
                return;
        }
        if (l->bind) {
                l->bind(st, l->filter);
                l->bind(cnt, l->filter);
        }
        st_bind_int(st, l->limit_param, limit);
        st_bind_int(st, l->limit_param + 1, offset);
        struct list_ctx c = {d->res, json_array(), render_hidden(r)};
        enum store_rc rc = c.items ? res_each(st, d->res, append_item, &c) : STORE_ERROR;
        int64_t total = 0;
        if (rc == STORE_DONE && (rc = st_step(cnt)) == STORE_ROW)
                total = st_int(cnt, 0);
        st_reset(cnt);
        db_rollback(db);
        if (rc != STORE_ROW) {
                json_decref(c.items);
                const char *what = arena_printf(&r->arena, "cannot list %s records", d->res->name);
                reply_internal(r, what ? what : "cannot list");
                return;
        }
        reply_record_json(r, 200,
                          json_pack("{s:o, s:I}", "items", c.items, "total", (json_int_t)total));
}

struct csv_ctx {
        const struct resource *res;
        struct buf b;
        int failed; /* past the export's ceiling */
};

static int append_csv(const void *rec, void *ctx)
{
        struct csv_ctx *c = ctx;
        c->failed = record_csv(&c->b, c->res->cols, c->res->n_cols, rec);
        return c->failed;
}

void api_export_csv(struct request *r, const struct api_door *d, const struct api_list *l,
                    const char *filename)
{
        struct db *db = store_db(r->app->store);
        if (!db) {
                reply_internal(r, "no database connection");
                return;
        }
        struct stmt *st = db_prepare(db, l->list);
        if (!st) {
                reply_internal(r, "prepare failed");
                return;
        }
        if (l->bind)
                l->bind(st, l->filter);
        st_bind_int(st, l->limit_param, -1); /* every row */
        st_bind_int(st, l->limit_param + 1, 0);
        struct csv_ctx c = {.res = d->res, .failed = 0};
        buf_init(&c.b, CSV_EXPORT_MAX);
        c.failed = record_csv_header(&c.b, d->res->cols, d->res->n_cols);
        enum store_rc step = c.failed ? STORE_DONE : res_each(st, d->res, append_csv, &c);
        if (c.failed) {
                buf_free(&c.b);
                reply_error(r, E_PAYLOAD_TOO_LARGE,
                            "the export is too large; narrow it with filters (project, from, to)");
                return;
        }
        if (step != STORE_DONE) {
                buf_free(&c.b);
                const char *what =
                    arena_printf(&r->arena, "cannot export %s records", d->res->name);
                reply_internal(r, what ? what : "cannot export");
                return;
        }
        size_t len;
        char *data = buf_steal(&c.b, &len);
        const char *disp = arena_printf(&r->arena, "attachment; filename=\"%s\"", filename);
        if (disp)
                req_add_header(r, "Content-Disposition", disp);
        reply_raw(r, 200, "text/csv; charset=utf-8", data, len);
}

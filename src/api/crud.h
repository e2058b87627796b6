/*
 * The HTTP side of every resource's create, read, update and delete, over
 * its typed doors (domain/resource.h).  A resource's handlers are one line
 * each: activities_get(r) is api_get(r, &activity_api).
 *
 *   create  POST  body checked against the column table (422 naming every
 *                 field), the door's prepare outside any transaction, the
 *                 door in one write transaction with its audit entry, 201
 *                 with Location and the record as stored
 *   get     GET   the record, or 404 "no such <name>"
 *   update  PATCH the body's fields only, then as create; 200
 *
 * The answer of a create or update is read back inside its transaction, so
 * a request that fails at any step (500) has written nothing.
 *   delete  DELETE  204, 404, or 409 saying what still refers to it
 *
 * The gate has already checked the body's media type and the caller's
 * action; the doors scope by the principal.
 */
#ifndef ECAT_CRUD_H
#define ECAT_CRUD_H

#include <jansson.h>

#include "api/validate.h"
#include "domain/resource.h"
#include "http/request.h"

struct api_door {
        const struct resource *res;
        const char *collection; /* "/api/v1/activities": the Location of a new record */
        /* parent: r->ids[0] of a nested collection (/projects/{id}/partners), else 0. */
        enum ecat_err (*create)(struct db *db, const struct principal *who, int64_t parent,
                                void *rec, struct problems *p, int64_t *id);
        enum ecat_err (*update)(struct db *db, const struct principal *who, int64_t id, void *patch,
                                struct problems *p);
        enum ecat_err (*remove)(struct db *db, const struct principal *who, int64_t id,
                                struct problems *p);
        enum ecat_err (*load)(struct db *db, const struct principal *who, struct arena *a,
                              int64_t id, void *out);
        /* Optional: the API object of rec (extra figures); NULL: record_json. */
        json_t *(*render)(struct db *db, const struct principal *who, const void *rec);
        /* Optional: the object a GET of one answers (NULL: render). */
        json_t *(*render_one)(struct db *db, const struct principal *who, const void *rec);
        /*
         * Optional: slow work on a checked body before the write transaction
         * begins (hashing a password), so that no write waits for it.  id: the
         * record's on an update, 0 on a create.  E_OK, or the result answered
         * as the door's would be.
         */
        enum ecat_err (*prepare)(struct db *db, const struct principal *who, int64_t id, void *rec,
                                 struct problems *p);
        /*
         * Optional: reads a body that holds more than the columns (an
         * indicator's nested targets) into rec, as record_from_json does;
         * NULL: record_from_json over the resource's columns.
         */
        enum validate_result (*read)(struct arena *a, const char *body, size_t len, void *rec,
                                     bool partial, struct problems *p, const char **message);
};

/*
 * One page of a list: the list and count statements (the same filters, the
 * list's limit and offset as ?limit_param and ?limit_param+1), how to bind
 * the filters to both.  api_list() reads the page and its total in one read
 * transaction and answers 200 {"items": [...], "total": N}, each item as
 * record_json() renders it, or 500.
 */
struct api_list {
        enum stmt_id list, count;
        void (*bind)(struct stmt *st, const void *filter); /* NULL: no filter */
        const void *filter;
        int limit_param;
};

void api_list(struct request *r, const struct api_door *d, const struct api_list *l, int64_t limit,
              int64_t offset);

/*
 * The whole of a list as CSV (every row: the list statement's limit bound to
 * -1), one line per record in the column table's order under a header line,
 * answered as an attachment named filename.  Built in memory up to
 * CSV_EXPORT_MAX (past it 413: narrow the filters), in one read.
 */
#define CSV_EXPORT_MAX (256u << 20)
void api_export_csv(struct request *r, const struct api_door *d, const struct api_list *l,
                    const char *filename);

/* The caller as the doors see it. */
struct principal principal_of(const struct request *r);

void api_create(struct request *r, const struct api_door *d);
void api_get(struct request *r, const struct api_door *d);
void api_update(struct request *r, const struct api_door *d);
void api_delete(struct request *r, const struct api_door *d);

/*
 * Create a record from JSON text through d's door, inside the caller's
 * write transaction: what a POST does, for callers holding JSON (the
 * command line, tests).  E_BAD_REQUEST with p->message when json is not a
 * JSON object; otherwise the door's result.
 */
enum ecat_err door_create_json(struct db *db, const struct principal *who, const struct api_door *d,
                               int64_t parent, const char *json, size_t len, struct problems *p,
                               int64_t *id);

/* The record with id as its API object, or NULL (not found or failed). */
json_t *api_load_json(struct request *r, const struct api_door *d, struct db *db, int64_t id);

#endif

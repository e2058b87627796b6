/*
 * One engine for the create, read, update and delete of every resource.
 *
 * A resource is described once, as data: its column table (core/record.h),
 * the size of its record, its statements and its rules.  The typed doors of
 * each resource (activity_create, project_update, ...) are thin wrappers of
 * the res_* functions below, so the order of things is the same for all:
 *
 *   create: required fields -> scope -> rules -> INSERT -> audit entry "<name>.create"
 *   update: load stored -> scope -> merge the patch over it -> scope -> rules
 *           -> UPDATE -> audit
 *   delete: load stored -> scope -> before_delete -> DELETE -> audit
 *
 * all inside the caller's write transaction (a failure leaves the caller to
 * roll back).  Results:
 *   E_OK          done (*id set on create)
 *   E_VALIDATION  p holds {field: message}
 *   E_CONFLICT    a unique column collides, or before_delete refused;
 *                 p names the field or p->message says why
 *   E_NOT_FOUND   no such record (or none the principal may see or write)
 *   E_INTERNAL    the store failed
 *
 * Statement parameters (store/rows.h): INSERT takes the written columns as
 * ?1..?k, then ?k+1 the time, ?k+2 the actor (NULL for the system), ?k+3
 * a wanted id (NULL: the database chooses).  UPDATE takes ?1..?k, ?k+1 the
 * time, ?k+2 the id.  by_id and DELETE take ?1 the id.
 */
#ifndef ECAT_RESOURCE_H
#define ECAT_RESOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/record.h"
#include "domain/principal.h"
#include "store/rows.h"
#include "store/store.h"

struct resource {
        const char *name;  /* "activity": audit object type and messages ("no such activity") */
        const char *table; /* the table, for encrypted columns' associated data */
        const struct column *cols;
        size_t n_cols;
        size_t size; /* sizeof the record */
        enum stmt_id by_id, insert, update, del;
        /* Present when the resource has them. */
        bool has_update, has_delete;
        /*
         * Optional: the rules of a whole record that need no database
         * (normalising rec in place, adding to p).  They run before rules, and
         * also beside the field errors of a create (res_check_beside), so one
         * answer names every field to fix.
         */
        void (*check)(void *rec, struct problems *p);
        /*
         * Rules of a whole record (stored: the record before a PATCH, NULL on
         * create).  Normalises rec in place; adds to p.  -1 on a store failure.
         */
        int (*rules)(struct db *db, const struct principal *who, void *rec, const void *stored,
                     struct problems *p);
        /*
         * Optional: whether who may write rec (domain/scope.h): on a create the
         * new record, on an update the stored record and then the record as it
         * will be written (a patch cannot move it out of the caller's scope),
         * on a delete the stored record.  It runs before any rule, so an
         * out-of-scope write answers E_NOT_FOUND, as a missing id does, and
         * writes nothing.  E_OK, E_NOT_FOUND or E_INTERNAL.
         */
        enum ecat_err (*scope)(struct db *db, const struct principal *who, const void *rec);
        /* A UNIQUE collision on write names this field with this message. */
        const char *unique_field, *unique_message;
        /*
         * Optional: may the stored record be deleted?  E_OK, E_CONFLICT with
         * p->message, or E_INTERNAL.
         */
        enum ecat_err (*before_delete)(struct db *db, const struct principal *who, int64_t id,
                                       const void *stored, struct problems *p);
        /* Optional: runs after a create or update in the same transaction (rows of its own). */
        enum ecat_err (*after_write)(struct db *db, const struct principal *who, int64_t id,
                                     const void *rec, struct problems *p);
        /* Audit actions; NULL: "<name>.create" and so on. */
        const char *audit_create, *audit_update, *audit_delete;
        const struct row_cipher *cipher; /* for encrypted columns; NULL: none */
};

/* Index of the column that holds the record's id (named "id"); the tables' first by rule. */
#define RES_ID_COLUMN 0

/* The record with id into out (from p->arena); E_NOT_FOUND when none. */
enum ecat_err res_load(struct db *db, const struct resource *r, struct arena *a, int64_t id,
                       void *out);

/* want_id 0: the database numbers it (not for a resource with a cipher: E_INTERNAL). */
enum ecat_err res_create(struct db *db, const struct principal *who, const struct resource *r,
                         void *rec, int64_t want_id, struct problems *p, int64_t *id);
/* patch: a record holding only the fields to change (present bits). */
enum ecat_err res_update(struct db *db, const struct principal *who, const struct resource *r,
                         int64_t id, void *patch, struct problems *p);
enum ecat_err res_delete(struct db *db, const struct principal *who, const struct resource *r,
                         int64_t id, struct problems *p);

/*
 * A record whose fields p already faults: run r's check over the fields that
 * passed (the faulty ones treated as absent), adding its messages to p.
 */
void res_check_beside(const struct resource *r, void *rec, struct problems *p);

/* Append the audit entry action for object id of r; E_OK or E_INTERNAL. */
enum ecat_err res_audit(struct db *db, const struct principal *who, const char *object_type,
                        const char *action, int64_t id);

/*
 * Read every row of a prepared, bound statement of r's shape, calling each
 * with the row as a record; the record and its text live until each returns
 * (copy what is kept).  Stops early when each returns non-zero.  Returns
 * STORE_DONE after the last row (or an early stop), else the failing code
 * (STORE_ERROR also when a row cannot be read).  Resets st.
 */
enum store_rc res_each(struct stmt *st, const struct resource *r,
                       int (*each)(const void *rec, void *ctx), void *ctx);

#endif

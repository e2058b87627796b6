/*
 * Bulk import of CSV files into one resource (organisations, activities,
 * materials, distributions, agreements).
 *
 * Columns are matched to the input columns of the resource's column table
 * by header name (case and surrounding spaces ignored).  Each cell is
 * checked straight into the resource's record by the same column checks as
 * a JSON body, and the record goes through the resource's own door, so an
 * imported row obeys exactly the rules of a POST.  Cells are typed by the
 * column they fill: numbers for FT_INT/FT_REAL (a decimal comma accepted),
 * true/false for FT_BOOL, lists split on '|' for FT_ENUM_SET/FT_TEXT_LIST;
 * an empty cell is absent.
 *
 * The caller holds one write transaction around import_csv() and commits
 * only when the result says so (not a dry run, and no bad row unless
 * skip_bad): all or nothing by default.
 */
#ifndef ECAT_IMPORT_H
#define ECAT_IMPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "api/validate.h"
#include "auth/policy.h"
#include "core/arena.h"
#include "core/csv_in.h"
#include "core/err.h"
#include "domain/resource.h"
#include "store/store.h"

/*
 * Write one checked record through the resource's door; want_id is the
 * row's "id" cell for a target that keeps ids, else 0.
 */
typedef enum ecat_err (*import_create_fn)(struct db *db, const struct principal *who, void *rec,
                                          int64_t want_id, struct problems *p, int64_t *id);

struct import_target {
        const char *name;           /* "organisations" */
        const char *object_type;    /* audit object type: "organisation" */
        const struct resource *res; /* its column table and record size */
        const char *const *ignored; /* columns an export writes that an import skips */
        bool keeps_id;              /* an "id" column names the id each row keeps */
        enum action write;          /* besides ACT_IMPORT, the caller must hold this */
        import_create_fn create;
        /*
         * Optional: cross-checks of a row against the database before insert,
         * given the row's cells by header name (NULL when absent); adds to p.
         */
        void (*check)(struct db *db, const struct csv_row *header, const struct csv_row *row,
                      struct problems *p);
        /*
         * The field a row outside the caller's partner scope is refused on
         * (domain/scope.h: "run_by" for activities); NULL: "row".
         */
        const char *scope_field;
};

struct import_options {
        bool dry_run;
        bool skip_bad;
        /* Called every progress_every rows (0: never). */
        int64_t progress_every;
        void (*progress)(int64_t rows, void *ctx);
        void *progress_ctx;
};

struct import_result {
        int64_t rows;     /* data rows read */
        int64_t imported; /* rows written (or that would be, in a dry run) */
        int64_t skipped;  /* bad rows left out (skip_bad) */
        int64_t first_id, last_id;
        json_t *errors; /* [{"row": N, "fields": {...}}], at most IMPORT_MAX_ERRORS */
        bool commit;    /* the caller should commit */
        enum ecat_err err;
        char message[256]; /* on failure: what and where ("row 3: kind must be ...") */
};

#define IMPORT_MAX_ERRORS 1000

/*
 * Import data[0..len) into t within the caller's write transaction.
 * Fills res (caller frees res->errors with json_decref).  res->err is E_OK,
 * E_VALIDATION (bad rows or header; nothing should be committed unless
 * skip_bad), E_BAD_REQUEST (not CSV) or E_INTERNAL.
 */
void import_csv(struct db *db, const struct import_target *t, const char *data, size_t len,
                const struct import_options *o, const struct principal *who,
                struct import_result *res);

/* The targets, defined beside their resources. */
extern const struct import_target organisation_import;
extern const struct import_target activity_import;
extern const struct import_target material_import;
extern const struct import_target distribution_import;
extern const struct import_target agreement_import;

#endif

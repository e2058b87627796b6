/*
 * Information materials (films, leaflets, posters, lesson plans...) and their
 * distribution to teachers, pupils, parents and others.
 *
 * A material is a shared record, like an organisation: any role holding
 * material.write edits it.  Its file (domain/material_file.h) is described by
 * read-only columns set only by the file door.  A material that has been
 * distributed, or that an activity refers to, cannot be deleted.
 *
 * A distribution is one handing-out: a material, to an organisation or at an
 * activity (its organisation is then the activity's), for one audience group,
 * a quantity, a date, by a partner organisation of the project (run_by,
 * whose staff alone write it: domain/scope.h).  The rules: material, project,
 * organisation, run_by and activity exist; run_by is a partner of the
 * project; the activity is of the same project (and, when both are given, at
 * the same organisation); the date lies within the project's dates and not in
 * the future.
 */
#ifndef ECAT_DOMAIN_MATERIAL_H
#define ECAT_DOMAIN_MATERIAL_H

#include <stdint.h>

#include "domain/programme.h"
#include "domain/resource.h"

struct material {
        struct record_head head;
        int64_t id;
        const char *title;
        const char *kind;
        const char *languages; /* JSON array text of ISO 639-1 codes */
        uint32_t audiences;    /* bit k: distribution_audiences[k] */
        const char *version;
        const char *description;
        int64_t project_id; /* 0 / null: not tied to a project */
        const char *file_sha256;
        const char *file_type;
        const char *file_name;
        int64_t file_size;
        int64_t distributed; /* sum of its distributions' quantities */
        int64_t created_at;
        int64_t updated_at;
};

enum material_column {
        MATERIAL_ID,
        MATERIAL_TITLE,
        MATERIAL_KIND,
        MATERIAL_LANGUAGES,
        MATERIAL_AUDIENCES,
        MATERIAL_VERSION,
        MATERIAL_DESCRIPTION,
        MATERIAL_PROJECT,
        MATERIAL_FILE_SHA256,
        MATERIAL_FILE_TYPE,
        MATERIAL_FILE_NAME,
        MATERIAL_FILE_SIZE,
        MATERIAL_DISTRIBUTED,
        MATERIAL_CREATED,
        MATERIAL_UPDATED,
        MATERIAL__COLUMNS
};

struct distribution {
        struct record_head head;
        int64_t id;
        int64_t material_id;
        const char *material_title;
        int64_t project_id;
        int64_t run_by;
        const char *run_by_name;
        int64_t organisation_id;
        const char *organisation_name;
        int64_t activity_id;
        const char *audience;
        int64_t quantity;
        int32_t date;
        const char *notes;
        int64_t created_at;
        int64_t updated_at;
};

enum distribution_column {
        DIST_ID,
        DIST_MATERIAL,
        DIST_MATERIAL_TITLE,
        DIST_PROJECT,
        DIST_RUN_BY,
        DIST_RUN_BY_NAME,
        DIST_ORGANISATION,
        DIST_ORGANISATION_NAME,
        DIST_ACTIVITY,
        DIST_AUDIENCE,
        DIST_QUANTITY,
        DIST_DATE,
        DIST_NOTES,
        DIST_CREATED,
        DIST_UPDATED,
        DIST__COLUMNS
};

/* A distribution's quantity: 1 to this. */
#define DISTRIBUTION_QUANTITY_MAX 10000000

extern const struct column material_columns[MATERIAL__COLUMNS];
extern const struct resource material_resource;
extern const struct column distribution_columns[DIST__COLUMNS];
extern const struct resource distribution_resource;

enum ecat_err material_create(struct db *db, const struct principal *who, struct material *in,
                              struct problems *p, int64_t *id);
/*
 * As material_create, numbered want_id (0: the next free id) - how a CSV
 * import keeps the ids its distributions refer to; an id in use is E_CONFLICT.
 */
enum ecat_err material_create_with_id(struct db *db, const struct principal *who,
                                      struct material *in, int64_t want_id, struct problems *p,
                                      int64_t *id);
enum ecat_err material_update(struct db *db, const struct principal *who, int64_t id,
                              struct material *patch, struct problems *p);
enum ecat_err material_delete(struct db *db, const struct principal *who, int64_t id,
                              struct problems *p);
enum ecat_err material_get(struct db *db, const struct principal *who, struct arena *a, int64_t id,
                           struct material *out);

enum ecat_err distribution_create(struct db *db, const struct principal *who,
                                  struct distribution *in, struct problems *p, int64_t *id);
enum ecat_err distribution_update(struct db *db, const struct principal *who, int64_t id,
                                  struct distribution *patch, struct problems *p);
enum ecat_err distribution_delete(struct db *db, const struct principal *who, int64_t id,
                                  struct problems *p);
enum ecat_err distribution_get(struct db *db, const struct principal *who, struct arena *a,
                               int64_t id, struct distribution *out);

/*
 * The material whose title is title (case-insensitively), created with kind
 * "other" when there is none: how an activity's free-text materials become
 * references.  Inside the caller's write transaction; E_OK, E_VALIDATION
 * (the title is not a valid title), E_INTERNAL.
 */
enum ecat_err material_by_title(struct db *db, const struct principal *who, const char *title,
                                struct problems *p, int64_t *id);

#endif

/*
 * Business engagement (domain.md "Business engagement and agreements"):
 * agreements a business signs within a project, and the engagement pipeline,
 * one row per project and business, with the history of its stages.
 *
 * Both are written through the doors below - by the API, the command line
 * and the CSV import alike - inside the caller's write transaction (results
 * as in domain/resource.h).  The rules: project, organisation and run_by
 * exist; the organisation is a business or a hotel (engagement_org_kinds);
 * run_by is a partner organisation of the project, and the caller's
 * organisation (scope_partner, as an activity's).
 *
 * Agreements: kind in agreement_kinds, status in agreement_statuses; a
 * signed date not in the future; an expiry not before the signed date;
 * status signed needs a signed date.
 *
 * Engagements: stage in engagement_stages_order; UNIQUE (project,
 * organisation).  Every stage an engagement enters is kept as a row of
 * engagement_stages (stage left, stages passed over, day, user), written by
 * the resource's after_write hook in the writing transaction: a create
 * enters its first stage, an update that changes the stage enters the new
 * one.  Any move is accepted: a jump forward records the stages it passed
 * over, declined can be reached from any stage and left again.
 */
#ifndef ECAT_DOMAIN_ENGAGEMENT_H
#define ECAT_DOMAIN_ENGAGEMENT_H

#include <stdint.h>

#include "domain/resource.h"

extern const char *const agreement_kinds[];    /* pledge, code_of_conduct, ... */
extern const char *const agreement_statuses[]; /* draft, signed, expired, withdrawn */
/* The pipeline in order, declined last (outside the order). */
extern const char *const engagement_stage_names[];
#define ENGAGEMENT_DECLINED 5
/* Organisation kinds that can sign an agreement or be engaged. */
extern const char *const engagement_org_kinds[];

/* Index of stage in engagement_stage_names, or -1. */
int engagement_stage_index(const char *stage);

struct agreement {
        struct record_head head;
        int64_t id;
        int64_t organisation_id;
        const char *organisation_name;
        int64_t project_id;
        int64_t run_by;
        const char *run_by_name;
        const char *kind;
        int32_t signed_on;
        int32_t expires;
        const char *status;
        const char *notes;
        /* The signed document, set only by the file door (api/attached.h). */
        const char *file_sha256;
        const char *file_type;
        const char *file_name;
        int64_t file_size;
        int64_t created_at;
        int64_t updated_at;
};

enum agreement_column {
        AGREEMENT_ID,
        AGREEMENT_ORGANISATION,
        AGREEMENT_ORGANISATION_NAME,
        AGREEMENT_PROJECT,
        AGREEMENT_RUN_BY,
        AGREEMENT_RUN_BY_NAME,
        AGREEMENT_KIND,
        AGREEMENT_SIGNED,
        AGREEMENT_EXPIRES,
        AGREEMENT_STATUS,
        AGREEMENT_NOTES,
        AGREEMENT_FILE_SHA256,
        AGREEMENT_FILE_TYPE,
        AGREEMENT_FILE_NAME,
        AGREEMENT_FILE_SIZE,
        AGREEMENT_CREATED,
        AGREEMENT_UPDATED,
        AGREEMENT__COLUMNS
};

extern const struct column agreement_columns[AGREEMENT__COLUMNS];
extern const struct resource agreement_resource;

struct engagement {
        struct record_head head;
        int64_t id;
        int64_t project_id;
        int64_t organisation_id;
        const char *organisation_name;
        int64_t run_by;
        const char *run_by_name;
        const char *stage;
        int32_t next_follow_up;
        const char *notes;
        int64_t created_at;
        int64_t updated_at;
};

enum engagement_column {
        ENGAGEMENT_ID,
        ENGAGEMENT_PROJECT,
        ENGAGEMENT_ORGANISATION,
        ENGAGEMENT_ORGANISATION_NAME,
        ENGAGEMENT_RUN_BY,
        ENGAGEMENT_RUN_BY_NAME,
        ENGAGEMENT_STAGE,
        ENGAGEMENT_FOLLOW_UP,
        ENGAGEMENT_NOTES,
        ENGAGEMENT_CREATED,
        ENGAGEMENT_UPDATED,
        ENGAGEMENT__COLUMNS
};

extern const struct column engagement_columns[ENGAGEMENT__COLUMNS];
extern const struct resource engagement_resource;

/* One row of an engagement's stage history (read only). */
struct engagement_stage {
        struct record_head head;
        int64_t id;
        int64_t engagement_id;
        const char *stage;
        const char *from_stage; /* NULL: the first */
        const char *skipped;    /* JSON array text of the stages passed over */
        int32_t date;
        int64_t user_id; /* null: the command line */
        int64_t at;
        const char *by; /* the user's display name, or login; null: the command line */
};

enum engagement_stage_column {
        STAGE_ID,
        STAGE_ENGAGEMENT,
        STAGE_STAGE,
        STAGE_FROM,
        STAGE_SKIPPED,
        STAGE_DATE,
        STAGE_USER,
        STAGE_AT,
        STAGE_BY,
        STAGE__COLUMNS
};

extern const struct column engagement_stage_columns[STAGE__COLUMNS];
extern const struct resource engagement_stage_resource;

enum ecat_err agreement_create(struct db *db, const struct principal *who, struct agreement *in,
                               struct problems *p, int64_t *id);
enum ecat_err agreement_update(struct db *db, const struct principal *who, int64_t id,
                               struct agreement *patch, struct problems *p);
enum ecat_err agreement_delete(struct db *db, const struct principal *who, int64_t id,
                               struct problems *p);
enum ecat_err agreement_get(struct db *db, const struct principal *who, struct arena *a, int64_t id,
                            struct agreement *out);

enum ecat_err engagement_create(struct db *db, const struct principal *who, struct engagement *in,
                                struct problems *p, int64_t *id);
enum ecat_err engagement_update(struct db *db, const struct principal *who, int64_t id,
                                struct engagement *patch, struct problems *p);
enum ecat_err engagement_delete(struct db *db, const struct principal *who, int64_t id,
                                struct problems *p);
enum ecat_err engagement_get(struct db *db, const struct principal *who, struct arena *a,
                             int64_t id, struct engagement *out);

#endif

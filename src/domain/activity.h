/*
 * Outreach activities: one visit, lecture, film screening, discussion,
 * training or meeting, with its audience head-counts, topics and materials.
 *
 * The doors below are the one way an activity is written - by the API, the
 * CSV import and the demo data set alike - inside the caller's write
 * transaction (results as in domain/resource.h).  The rules: project,
 * organisation and run_by exist; run_by is a partner organisation of the
 * project; the date lies within the project's dates and not in the future.
 */
#ifndef ECAT_DOMAIN_ACTIVITY_H
#define ECAT_DOMAIN_ACTIVITY_H

#include <stdint.h>

#include "domain/programme.h"
#include "domain/resource.h"

struct activity {
        struct record_head head;
        int64_t id;
        int64_t project_id;
        int64_t organisation_id;
        const char *organisation_name;
        int64_t run_by;
        const char *run_by_name;
        int32_t date;
        const char *kind;
        int64_t audience[AUDIENCE_GROUPS]; /* in audience_groups order */
        uint32_t topics;                   /* bit k: activity_topics[k] */
        const char *materials;             /* JSON array text of strings */
        const char *notes;
        int64_t created_at;
        int64_t updated_at;
};

/* Index of each column in activity_columns (for REC_HAS). */
enum activity_column {
        ACTIVITY_ID,
        ACTIVITY_PROJECT,
        ACTIVITY_ORGANISATION,
        ACTIVITY_ORGANISATION_NAME,
        ACTIVITY_RUN_BY,
        ACTIVITY_RUN_BY_NAME,
        ACTIVITY_DATE,
        ACTIVITY_KIND,
        ACTIVITY_AUDIENCE, /* six columns, audience_groups order */
        ACTIVITY_TOPICS = ACTIVITY_AUDIENCE + AUDIENCE_GROUPS,
        ACTIVITY_MATERIALS,
        ACTIVITY_NOTES,
        ACTIVITY_CREATED,
        ACTIVITY_UPDATED,
        ACTIVITY__COLUMNS
};

extern const struct column activity_columns[ACTIVITY__COLUMNS];
extern const struct resource activity_resource;

enum ecat_err activity_create(struct db *db, const struct principal *who, struct activity *in,
                              struct problems *p, int64_t *id);
enum ecat_err activity_update(struct db *db, const struct principal *who, int64_t id,
                              struct activity *patch, struct problems *p);
enum ecat_err activity_delete(struct db *db, const struct principal *who, int64_t id,
                              struct problems *p);
enum ecat_err activity_get(struct db *db, const struct principal *who, struct arena *a, int64_t id,
                           struct activity *out);

#endif

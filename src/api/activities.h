/*
 * Outreach activities: one visit, lecture, film screening, discussion,
 * training or meeting, with its audience head-counts, topics and materials.
 *
 * activity_insert_json() is the one way an activity is created - by
 * POST /api/v1/activities, the CSV importer and the demo data set alike.
 * It validates the JSON text against activity_fields, applies the rules
 * (project, organisation and run_by exist; run_by is a partner organisation
 * of the project; the date lies within the project's dates and not in the
 * future), inserts, and appends the audit entry, inside the caller's write
 * transaction.  Results and *errors as for the insert functions of
 * api/programme.h (E_OK, E_BAD_REQUEST, E_VALIDATION, E_INTERNAL); on any
 * result but E_OK the caller rolls back.
 */
#ifndef ECAT_API_ACTIVITIES_H
#define ECAT_API_ACTIVITIES_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "api/validate.h"
#include "core/arena.h"
#include "core/err.h"
#include "domain/programme.h"
#include "store/store.h"

/* What activity_fields fills (see api/validate.h for each type's C form). */
struct activity_input {
        struct input_head head;
        int64_t project_id;
        int64_t organisation_id;
        int64_t run_by;
        int32_t date;
        const char *kind;
        int64_t audience[AUDIENCE_GROUPS]; /* in audience_groups order */
        uint32_t topics;                   /* bit k: activity_topics[k] */
        const char *materials;             /* JSON array text of strings */
        const char *notes;
};

/* Index of each field in activity_fields (for INPUT_HAS). */
enum activity_field {
        ACTIVITY_PROJECT,
        ACTIVITY_ORGANISATION,
        ACTIVITY_RUN_BY,
        ACTIVITY_DATE,
        ACTIVITY_KIND,
        ACTIVITY_AUDIENCE, /* six fields, audience_groups order */
        ACTIVITY_TOPICS = ACTIVITY_AUDIENCE + AUDIENCE_GROUPS,
        ACTIVITY_MATERIALS,
        ACTIVITY_NOTES,
        ACTIVITY__FIELDS
};

extern const struct field_spec activity_fields[];
extern const size_t activity_fields_count;

enum ecat_err activity_insert_json(struct db *db, struct arena *a, const char *json, size_t len,
                                   int64_t actor_id, const char *request_id, json_t **errors,
                                   int64_t *id);

/*
 * The same for an input already validated against activity_fields (every
 * required field present): rules, insert and audit entry.
 */
enum ecat_err activity_insert(struct db *db, struct arena *a, const struct activity_input *in,
                              int64_t actor_id, const char *request_id, json_t **errors,
                              int64_t *id);

/* The stored activity as its API JSON object, or NULL. */
json_t *activity_load(struct db *db, int64_t id);

#endif

/*
 * The prevention programme's indicators, and the plumbing its handlers
 * share (projects, partners and expenses have their own headers,
 * api/projects.h and api/budget.h; activities api/activities.h).
 *
 * indicator_insert_json is the one way an indicator is created - by the
 * API handlers and the demo data set alike.  It validates the JSON text
 * against the indicator's field table, applies the rules (existence,
 * dates), inserts, and appends the audit entry, all inside the caller's
 * write transaction.  On any result but E_OK the caller rolls back (a
 * statement may have run).  Results:
 *   E_OK            *id is the new record's id
 *   E_BAD_REQUEST   the text is not a JSON object; *errors = {"body": why}
 *   E_VALIDATION    *errors = {"field": "message", ...}
 *   E_CONFLICT      *errors names the field that collides
 *   E_NOT_FOUND     no project with project_id; *errors is NULL
 *   E_INTERNAL      storage failed; *errors is NULL
 * *errors, when set, is the caller's to json_decref().  Text the functions
 * keep while they run is copied into arena a.
 */
#ifndef ECAT_API_PROGRAMME_H
#define ECAT_API_PROGRAMME_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "domain/programme.h"
#include "domain/project.h"
#include "http/request.h"
#include "store/store.h"

enum ecat_err indicator_insert_json(struct db *db, struct arena *a, int64_t project_id,
                                    const char *json, size_t len, int64_t actor_id,
                                    const char *request_id, json_t **errors, int64_t *id);

/* An indicator with its targets and the achieved figures computed now. */
json_t *indicator_load(struct db *db, int64_t id);

/*
 * The current row of STMT_PROJECT_BY_ID as the project's API object, or
 * NULL (out of memory).  The row is read, not stepped (api/projects.c).
 */
json_t *project_row_json(struct stmt *st);

/*
 * Indicator figures.  A scope is the project plus what narrows it; the
 * figures for it come from the aggregates kept on write (project-wide and
 * per partner) or, for a period, from the activities in it.  (An
 * indicator's own period scopes are kept on write as well; see
 * api/indicators.c.  This function serves any scope.)
 */
struct indicator_scope {
        int64_t project_id;
        int64_t run_by;      /* partner organisation that ran the activities; 0: any */
        bool period;         /* from..to applies */
        int32_t from, to;    /* days, inclusive */
        uint32_t kinds;      /* bit k: org_kinds[k]; 0: every kind */
        const char *country; /* NULL: any */
};

/*
 * Institutions reached, grouped by the organisation attributes a scope can
 * filter on; each institution counts in exactly one group, so a scope's
 * distinct institutions are the sum over the groups it takes.  The
 * dashboard reads these once and answers every project-wide scope from
 * them without another read.
 */
struct reach_group {
        int kind; /* index into org_kinds, -1 when unknown */
        const char *country;
        const char *municipality; /* NULL when none */
        struct reach r;
};

/* Figures of scope s: from groups when s is project-wide and groups is not NULL. */
int indicator_scope_reach(struct db *db, const struct indicator_scope *s,
                          const struct reach_group *groups, size_t n_groups, struct reach *out);

/*
 * Every indicator of the project as a JSON array, targets and figures
 * included; groups as above (may be NULL).  NULL on a storage failure.
 */
json_t *indicators_render(struct db *db, int64_t project_id, const struct reach_group *groups,
                          size_t n_groups);

/* Handler plumbing shared by the programme's handlers (programme.c). */

/* This thread's connection, or NULL after answering 500. */
struct db *request_db(struct request *r);
/* true when the body is JSON; otherwise answers 415. */
bool request_body_is_json(struct request *r);
/* Answer the failure of an *_insert_json or *_update call; takes errors. */
void reply_write_error(struct request *r, enum ecat_err e, json_t *errors, const char *what);
/* Add field: message to *errors (created when NULL). */
void error_add(json_t **errors, const char *field, const char *message);
/* Parse JSON text for a body: an object, or NULL with *errors = {"body": why}. */
json_t *json_object_of(const char *json, size_t len, json_t **errors);

/* First and last day any date filter can name: "from the beginning", "to the end". */
#define DAY_MIN (-25567) /* 1900-01-01 */
#define DAY_MAX 376199   /* 2999-12-31 */

#endif

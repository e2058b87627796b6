/*
 * What the programme's handlers share (projects, partners, expenses,
 * indicators, activities, dashboard): a project's row as JSON, the
 * connection, the body's media type and the older error shapes.  Each
 * resource has its own header: api/projects.h, api/budget.h,
 * api/indicators.h, api/activities.h.
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

/*
 * The current row of STMT_PROJECT_BY_ID as the project's API object, or
 * NULL (out of memory).  The row is read, not stepped (api/projects.c).
 */
json_t *project_row_json(struct stmt *st);

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

#endif

/*
 * What the programme's handlers share (projects, partners, expenses,
 * indicators, activities, dashboard): a project's row as JSON and the
 * connection.  Each
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
 * NULL (out of memory), without the columns whose flags meet hide
 * (COL_MONEY: budget_cents).  The row is read, not stepped (api/projects.c).
 */
json_t *project_row_json(struct stmt *st, unsigned hide);

/* Handler plumbing shared by the programme's handlers (programme.c). */

/* This thread's connection, or NULL after answering 500. */
struct db *request_db(struct request *r);

#endif

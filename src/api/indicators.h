/*
 * Indicators over HTTP: the door table of api/crud.h, and an indicator as
 * its API object (the dashboard shows every one of a project's).  The
 * record, its column tables, its rules and its figures are in
 * domain/indicator.h.
 */
#ifndef ECAT_API_INDICATORS_H
#define ECAT_API_INDICATORS_H

#include <jansson.h>

#include "api/crud.h"
#include "domain/indicator.h"

extern const struct api_door indicator_api;

/*
 * Every indicator of the project as a JSON array, each with its targets and
 * the achieved figures computed now; groups as in domain/indicator.h (may
 * be NULL).  NULL on a storage failure.
 */
json_t *indicators_render(struct db *db, int64_t project_id, const struct reach_group *groups,
                          size_t n_groups);

#endif

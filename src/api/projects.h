/*
 * Projects over HTTP: the door table of api/crud.h.  The record, its column
 * table, its rules and its doors are in domain/project.h.
 */
#ifndef ECAT_API_PROJECTS_H
#define ECAT_API_PROJECTS_H

#include "api/crud.h"
#include "domain/project.h"

extern const struct api_door project_api;

/*
 * The project of a nested path (/projects/{id}/...): true when it exists,
 * else false after answering 404 "no such project" (or 500), so a create
 * under a missing project answers 404 whatever its body holds.
 */
bool api_path_project(struct request *r, struct db *db);
/*
 * The same for a write of the project's settings (a partner, an
 * indicator): a project outside the caller's lead scope (domain/scope.h)
 * answers the same 404 "no such project" as one that does not exist.
 */
bool api_path_project_lead(struct request *r, struct db *db);

#endif

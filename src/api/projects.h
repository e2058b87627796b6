/*
 * Projects over HTTP: the door table of api/crud.h.  The record, its column
 * table, its rules and its doors are in domain/project.h.
 */
#ifndef ECAT_API_PROJECTS_H
#define ECAT_API_PROJECTS_H

#include "api/crud.h"
#include "domain/project.h"

extern const struct api_door project_api;

#endif

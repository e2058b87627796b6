/*
 * Outreach activities over HTTP: the door table of api/crud.h.  The record,
 * its column table and its rules are in domain/activity.h.
 */
#ifndef ECAT_API_ACTIVITIES_H
#define ECAT_API_ACTIVITIES_H

#include "api/crud.h"
#include "domain/activity.h"

extern const struct api_door activity_api;

#endif

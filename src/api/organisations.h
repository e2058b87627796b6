/*
 * Organisations over HTTP: the door table of api/crud.h.  The record, its
 * column table, its rules and its doors are in domain/organisation.h.
 */
#ifndef ECAT_API_ORGANISATIONS_H
#define ECAT_API_ORGANISATIONS_H

#include "api/crud.h"
#include "domain/organisation.h"

extern const struct api_door organisation_api;

#endif

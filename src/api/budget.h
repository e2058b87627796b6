/*
 * Partners and expenses over HTTP: the door tables of api/crud.h, created
 * under /api/v1/projects/{id}/... (the door's parent).  The records, their
 * column tables, their rules and their doors are in domain/budget.h.
 */
#ifndef ECAT_API_BUDGET_H
#define ECAT_API_BUDGET_H

#include "api/crud.h"
#include "domain/budget.h"

extern const struct api_door partner_api;
extern const struct api_door expense_api;

#endif

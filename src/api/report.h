/*
 * The funder's period report: a project's figures in [from, to] filled
 * into the model of report/report.h, read in the caller's read transaction.
 */
#ifndef ECAT_API_REPORT_H
#define ECAT_API_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "report/report.h"
#include "store/store.h"

/*
 * Fill rp (report_init'ed) for project_id; from/to of 0 mean the project's
 * dates.  with_budget: the budget section (budget.read).  0; 1 no such
 * project; -1 storage failure.  *from and *to are set to the period used.
 */
int report_fill(struct db *db, int64_t project_id, int32_t *from, int32_t *to, bool with_budget,
                struct report *rp);
/* The project's id by code; 0, 1 none, -1 failure. */
int report_project_by_code(struct db *db, const char *code, int64_t *id);

#endif

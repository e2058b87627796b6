/*
 * The funder's period report: a project's figures in [from, to] filled
 * into the model of report/report.h, read in the caller's transaction (a
 * write transaction when the case table is released).
 */
#ifndef ECAT_API_REPORT_H
#define ECAT_API_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "report/report.h"
#include "store/store.h"

/*
 * Who the report is made for.  budget: the budget section (budget.read).
 * api: made for a signed-in user through the API; ecat report at the
 * console is not, and its case section says it is not included.  cases:
 * the case table (case.statistics), released to user_id via via ("xlsx",
 * "pdf") through the release ledger, under k and round_base; it needs the
 * caller's transaction to be a write transaction.
 */
struct report_reader {
        bool budget, api, cases;
        int64_t user_id;
        const char *via, *request_id;
        int k, round_base;
};

/*
 * Fill rp (report_init'ed) for project_id; from/to of 0 mean the project's
 * dates.  0; 1 no such project; 2 the period runs backwards (nothing was
 * recorded); -1 storage failure; -2 the case table could not be protected
 * (more rows than it can hold).  *from and *to are set to the period used.
 */
int report_fill(struct db *db, int64_t project_id, int32_t *from, int32_t *to,
                const struct report_reader *who, struct report *rp);
/* The project's id by code; 0, 1 none, -1 failure. */
int report_project_by_code(struct db *db, const char *code, int64_t *id);

#endif

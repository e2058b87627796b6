/*
 * Projects: the frame every activity, partner, expense and indicator
 * belongs to.  The record, its column table, its rules and the doors that
 * are the one way a project is written (API, demo), inside the caller's
 * write transaction (results as in domain/resource.h).
 *
 * Rules (domain.md): code 1-32 characters of A-Z 0-9 _ - and unique; title
 * 1-300, funder 200, programme 300 characters; start_date and end_date
 * required, end_date not before start_date; currency an ISO 4217 code of
 * three capital letters (EUR when not given); budget_cents 0..MONEY_MAX
 * (0 when not given).  The dates bound every activity and expense of the
 * project, so an update may not narrow them past one.
 */
#ifndef ECAT_DOMAIN_PROJECT_H
#define ECAT_DOMAIN_PROJECT_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/programme.h"
#include "domain/resource.h"

struct project {
        struct record_head head;
        int64_t id;
        const char *code;
        const char *title;
        const char *funder;
        const char *programme;
        int32_t start_date;
        int32_t end_date;
        const char *currency;
        int64_t budget_cents;
        int64_t created_at;
        int64_t updated_at;
        /*
         * Not a column: the present bits of a patch as the caller gave it,
         * before the stored record fills it in (project_update sets them; 0
         * on create).  The dates rule names the date fields a patch gave.
         */
        uint64_t given;
};

/* Index of each column in project_columns (for REC_HAS); the order of STMT_PROJECT_BY_ID. */
enum project_column {
        PROJECT_ID,
        PROJECT_CODE,
        PROJECT_TITLE,
        PROJECT_FUNDER,
        PROJECT_PROGRAMME,
        PROJECT_START,
        PROJECT_END,
        PROJECT_CURRENCY,
        PROJECT_BUDGET,
        PROJECT_CREATED,
        PROJECT_UPDATED,
        PROJECT__COLUMNS
};

extern const struct column project_columns[PROJECT__COLUMNS];
extern const struct resource project_resource;

enum ecat_err project_create(struct db *db, const struct principal *who, struct project *in,
                             struct problems *p, int64_t *id);
/* A code taken by another project: E_CONFLICT naming code, p->message "the code is taken". */
enum ecat_err project_update(struct db *db, const struct principal *who, int64_t id,
                             struct project *patch, struct problems *p);
enum ecat_err project_get(struct db *db, const struct principal *who, struct arena *a, int64_t id,
                          struct project *out);

/*
 * Whether project id exists: E_OK (its dates into start and end, either of
 * which may be NULL), E_NOT_FOUND or E_INTERNAL.
 */
enum ecat_err project_find(struct db *db, int64_t id, int32_t *start, int32_t *end);

/* A project's dates; false when there is no such project (or it cannot be read). */
bool project_dates(struct db *db, int64_t project_id, int32_t *start, int32_t *end);

/* "must be within the project's dates, START to END" on field when day is outside them. */
void project_date_check(struct problems *p, const char *field, int32_t day, int32_t start,
                        int32_t end);

#endif

/*
 * A project's budget: its partners (who takes part, in which role, with
 * which allocation) and what each partner has spent (expenses).  Money is
 * integer cents in the project's currency; a partner's spent_cents is
 * always the sum of its expenses, read with it, never a stored figure that
 * could drift from them.
 *
 * Both belong to a project, named by the door (the path of
 * /projects/{id}/partners), never by the body: a missing project is
 * E_NOT_FOUND with p->message "no such project".  The doors run inside the
 * caller's write transaction (results as in domain/resource.h).
 *
 * Partner rules: organisation_id names an organisation, at most one partner
 * entry per organisation and project (E_CONFLICT naming organisation_id);
 * role one of partner_roles; allocation_cents 0..MONEY_MAX (0 when not
 * given).  Role and allocation may change, the organisation may not.
 *
 * Expense rules: partner_id a partner of the same project; date within the
 * project's dates; category one of expense_categories; amount_cents
 * 0..MONEY_MAX; description up to 2000 characters and may span lines.
 */
#ifndef ECAT_DOMAIN_BUDGET_H
#define ECAT_DOMAIN_BUDGET_H

#include <stdint.h>

#include "domain/programme.h"
#include "domain/resource.h"

struct partner {
        struct record_head head;
        int64_t id;
        int64_t project_id;
        int64_t organisation_id;
        const char *organisation_name;
        const char *country; /* of the organisation */
        const char *role;
        int64_t allocation_cents;
        int64_t spent_cents;  /* the sum of the partner's expenses */
        const char *currency; /* the project's */
        int64_t created_at;
        int64_t updated_at;
};

/* Index of each column in partner_columns (for REC_HAS). */
enum partner_column {
        PARTNER_ID,
        PARTNER_PROJECT,
        PARTNER_ORGANISATION,
        PARTNER_ORGANISATION_NAME,
        PARTNER_COUNTRY,
        PARTNER_ROLE,
        PARTNER_ALLOCATION,
        PARTNER_SPENT,
        PARTNER_CURRENCY,
        PARTNER_CREATED,
        PARTNER_UPDATED,
        PARTNER__COLUMNS
};

extern const struct column partner_columns[PARTNER__COLUMNS];
extern const struct resource partner_resource;

enum ecat_err partner_create(struct db *db, const struct principal *who, int64_t project_id,
                             struct partner *in, struct problems *p, int64_t *id);
/* A patch naming organisation_id is refused (E_VALIDATION) before the partner is looked up. */
enum ecat_err partner_update(struct db *db, const struct principal *who, int64_t id,
                             struct partner *patch, struct problems *p);
enum ecat_err partner_get(struct db *db, const struct principal *who, struct arena *a, int64_t id,
                          struct partner *out);

struct expense {
        struct record_head head;
        int64_t id;
        int64_t project_id;
        int64_t partner_id;
        int32_t date;
        const char *category;
        int64_t amount_cents;
        const char *currency; /* the project's */
        const char *description;
        int64_t created_at;
        int64_t updated_at;
};

/* Index of each column in expense_columns (for REC_HAS). */
enum expense_column {
        EXPENSE_ID,
        EXPENSE_PROJECT,
        EXPENSE_PARTNER,
        EXPENSE_DATE,
        EXPENSE_CATEGORY,
        EXPENSE_AMOUNT,
        EXPENSE_CURRENCY,
        EXPENSE_DESCRIPTION,
        EXPENSE_CREATED,
        EXPENSE_UPDATED,
        EXPENSE__COLUMNS
};

extern const struct column expense_columns[EXPENSE__COLUMNS];
extern const struct resource expense_resource;

enum ecat_err expense_create(struct db *db, const struct principal *who, int64_t project_id,
                             struct expense *in, struct problems *p, int64_t *id);
enum ecat_err expense_get(struct db *db, const struct principal *who, struct arena *a, int64_t id,
                          struct expense *out);

#endif

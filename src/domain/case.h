/*
 * Victims' cases: one person assisted by one agency, shared with other
 * agencies only through accepted referrals.
 *
 * Scope.  Every door here takes the principal and finds a case only when
 * the principal's organisation owns it or holds an accepted referral for it
 * (case_scope); anything else is E_NOT_FOUND, exactly as a missing id.  The
 * case roles are checked by the gate's policy before a door runs; the doors
 * scope, whatever the role.
 *
 * Identifying fields (names, aliases, date of birth, contacts, address,
 * identity document, languages) are COL_ENCRYPTED: sealed by crypto/field.h
 * under the row's key version, bound to table, column and row id.  Blind
 * indexes of the names and the date of birth are kept beside the case
 * (case_blind) for search and for the duplicate check across agencies.
 *
 * A case's rules: the value sets below (HTCDS 2.0 where it has one, CTDC's
 * age bands); the age band and minor derived from the date of birth (age
 * at identification, or today) or checked against it; a closed status needs
 * a closure reason, an open one has none; decisions come with their dates,
 * and a positive reasonable-grounds decision opens a recovery period of at
 * least recovery_period_days.  Closing a case is a case manager's.
 */
#ifndef ECAT_DOMAIN_CASE_H
#define ECAT_DOMAIN_CASE_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/resource.h"

extern const char *const case_statuses[];
extern const char *const case_closure_reasons[];
extern const char *const trafficking_statuses[];
extern const char *const deciding_bodies[];
extern const char *const identification_sources[];
extern const char *const case_genders[];
extern const char *const age_bands[];
extern const char *const exploitation_types[];
extern const char *const labour_industries[];
extern const char *const recruitment_methods[];
extern const char *const control_methods[];
extern const char *const trafficker_relationships[];
extern const char *const grounds_decisions[];

struct case_record {
        struct record_head head;
        int64_t id;
        int64_t organisation_id;
        const char *organisation_name;
        const char *reference;
        const char *status;
        const char *closure_reason;
        int32_t closed_on;
        const char *trafficking_status;
        const char *deciding_body;
        int32_t identified_on;
        const char *identification_source;
        /* identifying, encrypted */
        const char *given_name;
        const char *family_name;
        const char *aliases; /* JSON array text */
        const char *birth_date;
        const char *phone;
        const char *email;
        const char *address;
        const char *identity_document;
        const char *languages; /* JSON array text */
        int64_t key_version;
        /* coarse, clear */
        const char *gender;
        const char *age_band;
        bool minor;
        const char *citizenship;
        uint32_t exploitation;
        const char *labour_industry;
        const char *exploitation_country;
        const char *recruitment;
        uint32_t control;
        const char *relationship;
        /* decisions */
        const char *rg_decision;
        int32_t rg_date;
        int32_t recovery_end;
        const char *cg_decision;
        int32_t cg_date;
        bool recovery_overdue;
        int64_t created_at;
        int64_t updated_at;
};

enum case_column {
        CASE_ID,
        CASE_ORGANISATION,
        CASE_ORGANISATION_NAME,
        CASE_REFERENCE,
        CASE_STATUS,
        CASE_CLOSURE_REASON,
        CASE_CLOSED_ON,
        CASE_TRAFFICKING_STATUS,
        CASE_DECIDING_BODY,
        CASE_IDENTIFIED_ON,
        CASE_IDENTIFICATION_SOURCE,
        CASE_GIVEN_NAME,
        CASE_FAMILY_NAME,
        CASE_ALIASES,
        CASE_BIRTH_DATE,
        CASE_PHONE,
        CASE_EMAIL,
        CASE_ADDRESS,
        CASE_IDENTITY_DOCUMENT,
        CASE_LANGUAGES,
        CASE_KEY_VERSION,
        CASE_GENDER,
        CASE_AGE_BAND,
        CASE_MINOR,
        CASE_CITIZENSHIP,
        CASE_EXPLOITATION,
        CASE_LABOUR_INDUSTRY,
        CASE_EXPLOITATION_COUNTRY,
        CASE_RECRUITMENT,
        CASE_CONTROL,
        CASE_RELATIONSHIP,
        CASE_RG_DECISION,
        CASE_RG_DATE,
        CASE_RECOVERY_END,
        CASE_CG_DECISION,
        CASE_CG_DATE,
        CASE_RECOVERY_OVERDUE,
        CASE_CREATED,
        CASE_UPDATED,
        CASE__COLUMNS
};

extern const struct column case_columns[CASE__COLUMNS];
extern const struct resource case_resource;

/* Settings the case rules follow (set once at start; defaults as in ecat.conf(5)). */
struct case_settings {
        int recovery_period_days;  /* 30 */
        int referral_answer_days;  /* 3 */
        int referral_outcome_days; /* 30 */
        bool consent_withdrawal_revokes;
        int statistics_k; /* 5: published case counts (statistics, case indicators) under it hidden
                           */
};
void case_configure(const struct case_settings *s);
const struct case_settings *case_settings(void);

/*
 * Whether who may see case id: E_OK (owning agency or an accepted referral),
 * E_NOT_FOUND, or E_INTERNAL.  *owner (may be NULL): whether who's agency
 * owns it.
 */
enum ecat_err case_scope(struct db *db, const struct principal *who, int64_t id, bool *owner);

/*
 * Register a case for who's agency: numbered, referenced, sealed, indexed.
 * *duplicate_elsewhere: another agency holds a case with the same full name
 * and date of birth; that agency has been notified (nothing of its case is
 * told here).
 */
enum ecat_err case_create(struct db *db, const struct principal *who, struct case_record *in,
                          struct problems *p, int64_t *id, bool *duplicate_elsewhere);
enum ecat_err case_update(struct db *db, const struct principal *who, int64_t id,
                          struct case_record *patch, struct problems *p);
/* The case, scoped; its identifying fields opened. */
enum ecat_err case_get(struct db *db, const struct principal *who, struct arena *a, int64_t id,
                       struct case_record *out);

/*
 * Record that who read case id's identifying fields through route: an access
 * log row and an audit entry, in the caller's transaction.
 */
enum ecat_err case_access(struct db *db, const struct principal *who, int64_t id,
                          const char *route);

/* The blind index of a name or a date of birth typed into a search (kind "name" or "birth"). */
void case_search_index(const char *kind, const char *text, unsigned char out[32]);

#endif

/*
 * What hangs on a case: consent records, referrals to other agencies,
 * services given and notes.  Every door takes the principal and finds the
 * case through case_scope (domain/case.h): out of scope is E_NOT_FOUND.
 *
 * Consent.  Records, not a checkbox: given by the person or a guardian, on
 * a date, for scopes (services, share_with_agencies, statistics), optionally
 * limited to named agencies, with an optional expiry; withdrawn by giving
 * withdrawn_on (the only change a consent record takes).  A consent is
 * current from given_on until it expires or is withdrawn.  Withdrawing one
 * revokes at once the open referrals made under it when the setting
 * consent_withdrawal_revokes is on (the default).
 *
 * Referrals.  Made by the owning agency to another organisation, with the
 * services requested and a reason (encrypted).  A referral needs a current
 * consent covering sharing with the receiving agency; a case manager may
 * override with a written justification of at least 20 characters (kept
 * encrypted, audited as referral.consent_override, shown on the referral).
 * The states and who may move them are the table referral_moves in
 * casework.c:
 *
 *   pending  -accept->   accepted   receiving agency
 *   pending  -decline->  declined   receiving agency, with a reason
 *   pending  -revoke->   revoked    referring agency
 *   accepted -complete-> completed  receiving agency
 *   accepted -revoke->   revoked    referring agency
 *
 * anything else is E_CONFLICT and writes nothing.  While a referral is
 * accepted the receiving agency sees the case; before, it sees the referral
 * only (services, reason, age band, gender, the case's reference).  A
 * referral is overdue when pending past referral_answer_days, or accepted
 * without an outcome past referral_outcome_days.
 *
 * Services and notes.  Written by an agency that sees the case.  A note is
 * encrypted; own_agency notes are seen by the writing agency only, shared
 * ones by every agency that sees the case.
 */
#ifndef ECAT_DOMAIN_CASEWORK_H
#define ECAT_DOMAIN_CASEWORK_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/resource.h"

extern const char *const consent_givers[];
extern const char *const consent_scopes[];
extern const char *const referral_statuses[];
extern const char *const decline_reasons[];
extern const char *const service_types[];
extern const char *const service_statuses[];
extern const char *const note_visibilities[];

enum { CONSENT_SERVICES = 1u << 0, CONSENT_SHARE = 1u << 1, CONSENT_STATISTICS = 1u << 2 };

struct consent {
        struct record_head head;
        int64_t id;
        int64_t case_id;
        const char *given_by;
        int32_t given_on;
        uint32_t scopes;
        const char *agencies; /* JSON array of organisation ids; "[]": any */
        int32_t expires_on;
        int32_t withdrawn_on;
        bool current;
        int64_t created_at;
        int64_t updated_at;
};

enum consent_column {
        CONSENT_ID,
        CONSENT_CASE,
        CONSENT_GIVEN_BY,
        CONSENT_GIVEN_ON,
        CONSENT_SCOPES,
        CONSENT_AGENCIES,
        CONSENT_EXPIRES_ON,
        CONSENT_WITHDRAWN_ON,
        CONSENT_CURRENT,
        CONSENT_CREATED,
        CONSENT_UPDATED,
        CONSENT__COLUMNS
};

struct referral {
        struct record_head head;
        int64_t id;
        int64_t case_id;
        const char *case_reference;
        int64_t from_org;
        const char *from_name;
        int64_t to_org;
        const char *to_name;
        uint32_t services;
        const char *reason;
        int64_t key_version;
        const char *status;
        const char *decline_reason;
        int64_t consent_id;
        const char *override_justification;
        int64_t answered_at;
        int64_t closed_at;
        const char *age_band;
        const char *gender;
        bool overdue;
        int64_t due_at; /* when its answer (pending) or outcome (accepted) is due; 0: none */
        int64_t created_at;
        int64_t updated_at;
};

enum referral_column {
        REFERRAL_ID,
        REFERRAL_CASE,
        REFERRAL_CASE_REFERENCE,
        REFERRAL_FROM,
        REFERRAL_FROM_NAME,
        REFERRAL_TO,
        REFERRAL_TO_NAME,
        REFERRAL_SERVICES,
        REFERRAL_REASON,
        REFERRAL_KEY_VERSION,
        REFERRAL_STATUS,
        REFERRAL_DECLINE_REASON,
        REFERRAL_CONSENT,
        REFERRAL_OVERRIDE,
        REFERRAL_ANSWERED,
        REFERRAL_CLOSED,
        REFERRAL_AGE_BAND,
        REFERRAL_GENDER,
        REFERRAL_OVERDUE,
        REFERRAL_DUE,
        REFERRAL_CREATED,
        REFERRAL_UPDATED,
        REFERRAL__COLUMNS
};

struct service {
        struct record_head head;
        int64_t id;
        int64_t case_id;
        int64_t provider_id;
        const char *provider_name;
        const char *type;
        int32_t start_on;
        int32_t end_on;
        const char *status;
        int64_t created_at;
        int64_t updated_at;
};

enum service_column {
        SERVICE_ID,
        SERVICE_CASE,
        SERVICE_PROVIDER,
        SERVICE_PROVIDER_NAME,
        SERVICE_TYPE,
        SERVICE_START,
        SERVICE_END,
        SERVICE_STATUS,
        SERVICE_CREATED,
        SERVICE_UPDATED,
        SERVICE__COLUMNS
};

struct note {
        struct record_head head;
        int64_t id;
        int64_t case_id;
        int64_t organisation_id;
        const char *organisation_name;
        const char *visibility;
        const char *body;
        int64_t key_version;
        int64_t author_id;
        int64_t created_at;
        int64_t updated_at;
};

enum note_column {
        NOTE_ID,
        NOTE_CASE,
        NOTE_ORGANISATION,
        NOTE_ORGANISATION_NAME,
        NOTE_VISIBILITY,
        NOTE_BODY,
        NOTE_KEY_VERSION,
        NOTE_AUTHOR,
        NOTE_CREATED,
        NOTE_UPDATED,
        NOTE__COLUMNS
};

extern const struct column consent_columns[CONSENT__COLUMNS];
extern const struct column referral_columns[REFERRAL__COLUMNS];
extern const struct column service_columns[SERVICE__COLUMNS];
extern const struct column note_columns[NOTE__COLUMNS];
extern const struct resource consent_resource, referral_resource, service_resource, note_resource;

/* agencies: the organisation ids the consent is limited to (n 0: any). */
enum ecat_err consent_create(struct db *db, const struct principal *who, int64_t case_id,
                             struct consent *in, const int64_t *agencies, size_t n,
                             struct problems *p, int64_t *id);
/* Withdraw consent id of case case_id on day; revokes what it must. */
enum ecat_err consent_withdraw(struct db *db, const struct principal *who, int64_t case_id,
                               int64_t id, int32_t day, struct problems *p);

enum ecat_err referral_create(struct db *db, const struct principal *who, int64_t case_id,
                              struct referral *in, struct problems *p, int64_t *id);
/*
 * Move referral id by move ("accept", "decline", "complete", "revoke");
 * decline_reason for a decline.  E_NOT_FOUND when who's agency is neither
 * side; E_CONFLICT (p->message) when the move is not one the table allows
 * from its state for who's side.
 */
enum ecat_err referral_move(struct db *db, const struct principal *who, int64_t id,
                            const char *move, const char *decline_reason, struct problems *p);
/* A referral who's agency is a side of; overdue filled in. */
enum ecat_err referral_get(struct db *db, const struct principal *who, struct arena *a, int64_t id,
                           struct referral *out);
/*
 * For the n cases ids[] (a page of a list): how many open (pending or
 * accepted) referrals agency org is a side of, into open[], and how many of
 * them are overdue at now, into overdue[].  One read.  0, or -1 on a store
 * error.
 */
int case_open_referrals(struct db *db, const int64_t *ids, size_t n, int64_t org, int64_t now,
                        int64_t *open, int64_t *overdue);

/* Fill r->overdue and r->due_at from its state and times (now: seconds). */
void referral_overdue(struct referral *r, int64_t now);
/* Whether the move is allowed from state for the referring (or receiving) side. */
bool referral_move_allowed(const char *state, const char *move, bool referring, const char **to);

enum ecat_err service_create(struct db *db, const struct principal *who, int64_t case_id,
                             struct service *in, struct problems *p, int64_t *id);
enum ecat_err note_create(struct db *db, const struct principal *who, int64_t case_id,
                          struct note *in, struct problems *p, int64_t *id);

#endif

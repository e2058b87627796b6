/* Consents, referrals, services and notes of a case (domain/casework.h). */
#include "domain/casework.h"

#include "core/util.h"
#include "crypto/field.h"
#include "domain/case.h"

#include <stdio.h>
#include <string.h>

const char *const consent_givers[] = {"person", "guardian", NULL};
const char *const consent_scopes[] = {"services", "share_with_agencies", "statistics", NULL};
const char *const referral_statuses[] = {"pending",   "accepted", "declined",
                                         "completed", "revoked",  NULL};
const char *const decline_reasons[] = {"no_capacity",     "not_eligible", "service_not_offered",
                                       "person_declined", "other",        NULL};
const char *const service_types[] = {"shelter",
                                     "medical",
                                     "psychological",
                                     "legal",
                                     "interpretation",
                                     "education",
                                     "vocational_training",
                                     "employment",
                                     "financial",
                                     "repatriation",
                                     "family_tracing",
                                     "other",
                                     NULL};
const char *const service_statuses[] = {"planned", "ongoing", "completed", "not_provided", NULL};
const char *const note_visibilities[] = {"own_agency", "shared", NULL};

#define RO COL_READ_ONLY
#define NI COL_NO_INPUT
#define C(T, f, name, sql, type, fl, field, lo, hi, vals)                                          \
        [f] = {name, sql, type, fl, offsetof(struct T, field), lo, hi, 0, 0, vals}

const struct column consent_columns[CONSENT__COLUMNS] = {
    C(consent, CONSENT_ID, "id", "id", FT_INT, RO, id, 0, 0, NULL),
    C(consent, CONSENT_CASE, "case_id", "case_id", FT_INT, NI, case_id, 0, 0, NULL),
    C(consent, CONSENT_GIVEN_BY, "given_by", "given_by", FT_ENUM, FIELD_REQUIRED, given_by, 0, 0,
      consent_givers),
    C(consent, CONSENT_GIVEN_ON, "given_on", "given_on", FT_DATE, FIELD_REQUIRED, given_on, 0, 0,
      NULL),
    C(consent, CONSENT_SCOPES, "scopes", "scopes", FT_ENUM_SET, FIELD_REQUIRED, scopes, 0, 0,
      consent_scopes),
    C(consent, CONSENT_AGENCIES, "agencies", "agencies", FT_TEXT, NI | COL_HIDDEN, agencies, 0, 0,
      NULL),
    C(consent, CONSENT_EXPIRES_ON, "expires_on", "expires_on", FT_DATE, FIELD_NULLABLE, expires_on,
      0, 0, NULL),
    C(consent, CONSENT_WITHDRAWN_ON, "withdrawn_on", "withdrawn_on", FT_DATE, FIELD_NULLABLE | NI,
      withdrawn_on, 0, 0, NULL),
    C(consent, CONSENT_CURRENT, "current", "current", FT_BOOL, RO, current, 0, 0, NULL),
    C(consent, CONSENT_CREATED, "created_at", "created_at", FT_TIMESTAMP, RO, created_at, 0, 0,
      NULL),
    C(consent, CONSENT_UPDATED, "updated_at", "updated_at", FT_TIMESTAMP, RO, updated_at, 0, 0,
      NULL),
};

const struct column referral_columns[REFERRAL__COLUMNS] = {
    C(referral, REFERRAL_ID, "id", "id", FT_INT, RO, id, 0, 0, NULL),
    C(referral, REFERRAL_CASE, "case_id", "case_id", FT_INT, NI, case_id, 0, 0, NULL),
    C(referral, REFERRAL_CASE_REFERENCE, "case_reference", "case_reference", FT_TEXT, RO,
      case_reference, 0, 0, NULL),
    C(referral, REFERRAL_FROM, "from_organisation_id", "from_org", FT_INT, NI, from_org, 0, 0,
      NULL),
    C(referral, REFERRAL_FROM_NAME, "from_organisation_name", "from_name", FT_TEXT, RO, from_name,
      0, 0, NULL),
    C(referral, REFERRAL_TO, "to_organisation_id", "to_org", FT_INT, FIELD_REQUIRED, to_org, 1,
      INT64_MAX, NULL),
    C(referral, REFERRAL_TO_NAME, "to_organisation_name", "to_name", FT_TEXT, RO, to_name, 0, 0,
      NULL),
    C(referral, REFERRAL_SERVICES, "services", "services", FT_ENUM_SET, FIELD_REQUIRED, services, 0,
      0, service_types),
    C(referral, REFERRAL_REASON, "reason", "reason", FT_TEXT,
      FIELD_NULLABLE | FIELD_MULTILINE | FIELD_SECRET | COL_ENCRYPTED, reason, 1, 2000, NULL),
    C(referral, REFERRAL_KEY_VERSION, "key_version", "key_version", FT_INT,
      NI | COL_HIDDEN | COL_KEY_VERSION, key_version, 0, 0, NULL),
    C(referral, REFERRAL_STATUS, "status", "status", FT_ENUM, NI, status, 0, 0, referral_statuses),
    C(referral, REFERRAL_DECLINE_REASON, "decline_reason", "decline_reason", FT_ENUM,
      NI | FIELD_NULLABLE, decline_reason, 0, 0, decline_reasons),
    C(referral, REFERRAL_CONSENT, "consent_id", "consent_id", FT_INT, NI | FIELD_NULLABLE,
      consent_id, 0, 0, NULL),
    C(referral, REFERRAL_OVERRIDE, "override_justification", "override_justification", FT_TEXT,
      FIELD_NULLABLE | FIELD_MULTILINE | FIELD_SECRET | COL_ENCRYPTED, override_justification, 20,
      2000, NULL),
    C(referral, REFERRAL_ANSWERED, "answered_at", "answered_at", FT_TIMESTAMP, NI | FIELD_NULLABLE,
      answered_at, 0, 0, NULL),
    C(referral, REFERRAL_CLOSED, "closed_at", "closed_at", FT_TIMESTAMP, NI | FIELD_NULLABLE,
      closed_at, 0, 0, NULL),
    C(referral, REFERRAL_AGE_BAND, "age_band", "age_band", FT_ENUM, RO | FIELD_NULLABLE, age_band,
      0, 0, age_bands),
    C(referral, REFERRAL_GENDER, "gender", "gender", FT_ENUM, RO, gender, 0, 0, case_genders),
    C(referral, REFERRAL_OVERDUE, "overdue", NULL, FT_BOOL, RO, overdue, 0, 0, NULL),
    C(referral, REFERRAL_DUE, "due_at", NULL, FT_TIMESTAMP, RO | FIELD_NULLABLE, due_at, 0, 0,
      NULL),
    C(referral, REFERRAL_CREATED, "created_at", "created_at", FT_TIMESTAMP, RO, created_at, 0, 0,
      NULL),
    C(referral, REFERRAL_UPDATED, "updated_at", "updated_at", FT_TIMESTAMP, RO, updated_at, 0, 0,
      NULL),
};

const struct column service_columns[SERVICE__COLUMNS] = {
    C(service, SERVICE_ID, "id", "id", FT_INT, RO, id, 0, 0, NULL),
    C(service, SERVICE_CASE, "case_id", "case_id", FT_INT, NI, case_id, 0, 0, NULL),
    C(service, SERVICE_PROVIDER, "provider_id", "provider_id", FT_INT, 0, provider_id, 1, INT64_MAX,
      NULL),
    C(service, SERVICE_PROVIDER_NAME, "provider_name", "provider_name", FT_TEXT, RO, provider_name,
      0, 0, NULL),
    C(service, SERVICE_TYPE, "type", "type", FT_ENUM, FIELD_REQUIRED, type, 0, 0, service_types),
    C(service, SERVICE_START, "start_on", "start_on", FT_DATE, FIELD_NULLABLE, start_on, 0, 0,
      NULL),
    C(service, SERVICE_END, "end_on", "end_on", FT_DATE, FIELD_NULLABLE, end_on, 0, 0, NULL),
    C(service, SERVICE_STATUS, "status", "status", FT_ENUM, 0, status, 0, 0, service_statuses),
    C(service, SERVICE_CREATED, "created_at", "created_at", FT_TIMESTAMP, RO, created_at, 0, 0,
      NULL),
    C(service, SERVICE_UPDATED, "updated_at", "updated_at", FT_TIMESTAMP, RO, updated_at, 0, 0,
      NULL),
};

const struct column note_columns[NOTE__COLUMNS] = {
    C(note, NOTE_ID, "id", "id", FT_INT, RO, id, 0, 0, NULL),
    C(note, NOTE_CASE, "case_id", "case_id", FT_INT, NI, case_id, 0, 0, NULL),
    C(note, NOTE_ORGANISATION, "organisation_id", "organisation_id", FT_INT, NI, organisation_id, 0,
      0, NULL),
    C(note, NOTE_ORGANISATION_NAME, "organisation_name", "organisation_name", FT_TEXT, RO,
      organisation_name, 0, 0, NULL),
    C(note, NOTE_VISIBILITY, "visibility", "visibility", FT_ENUM, 0, visibility, 0, 0,
      note_visibilities),
    C(note, NOTE_BODY, "body", "body", FT_TEXT,
      FIELD_REQUIRED | FIELD_MULTILINE | FIELD_SECRET | COL_ENCRYPTED, body, 1, 20000, NULL),
    C(note, NOTE_KEY_VERSION, "key_version", "key_version", FT_INT,
      NI | COL_HIDDEN | COL_KEY_VERSION, key_version, 0, 0, NULL),
    C(note, NOTE_AUTHOR, "author_id", "author_id", FT_INT, RO | FIELD_NULLABLE, author_id, 0, 0,
      NULL),
    C(note, NOTE_CREATED, "created_at", "created_at", FT_TIMESTAMP, RO, created_at, 0, 0, NULL),
    C(note, NOTE_UPDATED, "updated_at", "updated_at", FT_TIMESTAMP, RO, updated_at, 0, 0, NULL),
};

static void consent_check(void *rec, struct problems *p)
{
        struct consent *c = rec;
        if (REC_GIVEN(c, CONSENT_GIVEN_ON) && c->given_on > today_days())
                problem_add(p, "given_on", "must not be in the future");
        if (REC_GIVEN(c, CONSENT_EXPIRES_ON) && REC_GIVEN(c, CONSENT_GIVEN_ON) &&
            c->expires_on < c->given_on)
                problem_add(p, "expires_on", "must not be before given_on");
        if (REC_HAS(c, CONSENT_SCOPES) && !c->scopes)
                problem_add(p, "scopes", "must name at least one scope");
}

static void service_check(void *rec, struct problems *p)
{
        struct service *s = rec;
        if (!REC_GIVEN(s, SERVICE_STATUS)) {
                s->status = service_statuses[0];
                record_give(s, SERVICE_STATUS);
        }
        if (REC_GIVEN(s, SERVICE_START) && REC_GIVEN(s, SERVICE_END) && s->end_on < s->start_on)
                problem_add(p, "end_on", "must not be before start_on");
}

static void note_check(void *rec, struct problems *p)
{
        (void)p;
        struct note *n = rec;
        if (!REC_GIVEN(n, NOTE_VISIBILITY)) {
                n->visibility = note_visibilities[0];
                record_give(n, NOTE_VISIBILITY);
        }
}

static void referral_check(void *rec, struct problems *p)
{
        struct referral *r = rec;
        if (REC_HAS(r, REFERRAL_SERVICES) && !r->services)
                problem_add(p, "services", "must name at least one service");
}

const struct resource consent_resource = {
    .name = "consent",
    .table = "consents",
    .cols = consent_columns,
    .n_cols = CONSENT__COLUMNS,
    .size = sizeof(struct consent),
    .by_id = STMT_CONSENT_BY_ID,
    .insert = STMT_CONSENT_INSERT,
    .check = consent_check,
};

const struct resource referral_resource = {
    .name = "referral",
    .table = "referrals",
    .cols = referral_columns,
    .n_cols = REFERRAL__COLUMNS,
    .size = sizeof(struct referral),
    .by_id = STMT_REFERRAL_BY_ID,
    .insert = STMT_REFERRAL_INSERT,
    .update = STMT_REFERRAL_UPDATE,
    .has_update = true,
    .check = referral_check,
    .cipher = &field_cipher,
};

const struct resource service_resource = {
    .name = "service",
    .table = "case_services",
    .cols = service_columns,
    .n_cols = SERVICE__COLUMNS,
    .size = sizeof(struct service),
    .by_id = STMT_SERVICE_BY_ID,
    .insert = STMT_SERVICE_INSERT,
    .check = service_check,
};

const struct resource note_resource = {
    .name = "note",
    .table = "case_notes",
    .cols = note_columns,
    .n_cols = NOTE__COLUMNS,
    .size = sizeof(struct note),
    .by_id = STMT_NOTE_BY_ID,
    .insert = STMT_NOTE_INSERT,
    .check = note_check,
    .cipher = &field_cipher,
};

/* --- consent --- */

enum ecat_err consent_create(struct db *db, const struct principal *who, int64_t case_id,
                             struct consent *in, const int64_t *agencies, size_t n,
                             struct problems *p, int64_t *id)
{
        enum ecat_err e = case_scope(db, who, case_id, NULL);
        if (e != E_OK)
                return e;
        /* "[3,5]": the organisations, each checked to exist. */
        size_t cap = 2 + n * 21;
        char *list = arena_alloc(p->arena, cap);
        if (!list)
                return E_INTERNAL;
        size_t len = 0;
        list[len++] = '[';
        for (size_t i = 0; i < n; i++) {
                struct stmt *st = db_prepare(db, STMT_ORG_EXISTS);
                if (!st)
                        return E_INTERNAL;
                st_bind_int(st, 1, agencies[i]);
                enum store_rc rc = st_step(st);
                st_reset(st);
                if (rc == STORE_DONE) {
                        problem_add(p, "agencies",
                                    problem_printf(p, "names an organisation that does not exist",
                                                   "organisation %lld does not exist",
                                                   (long long)agencies[i]));
                        return E_VALIDATION;
                }
                if (rc != STORE_ROW)
                        return E_INTERNAL;
                len += (size_t)snprintf(list + len, cap - len, "%s%lld", i ? "," : "",
                                        (long long)agencies[i]);
        }
        list[len++] = ']';
        list[len] = 0;
        in->case_id = case_id;
        record_give(in, CONSENT_CASE);
        in->agencies = list;
        record_give(in, CONSENT_AGENCIES);
        return res_create(db, who, &consent_resource, in, 0, p, id);
}

enum ecat_err consent_withdraw(struct db *db, const struct principal *who, int64_t case_id,
                               int64_t id, int32_t day, struct problems *p)
{
        enum ecat_err e = case_scope(db, who, case_id, NULL);
        if (e != E_OK)
                return e;
        struct consent *c = arena_alloc(p->arena, sizeof(*c));
        if (!c)
                return E_INTERNAL;
        if ((e = res_load(db, &consent_resource, p->arena, id, c)) != E_OK)
                return e;
        if (c->case_id != case_id)
                return E_NOT_FOUND;
        if (REC_GIVEN(c, CONSENT_WITHDRAWN_ON)) {
                p->message = "the consent is already withdrawn";
                return E_CONFLICT;
        }
        if (day < c->given_on || day > today_days()) {
                problem_add(p, "withdrawn_on", "must lie between given_on and today");
                return E_VALIDATION;
        }
        struct stmt *st = db_prepare(db, STMT_CONSENT_WITHDRAW);
        if (!st)
                return E_INTERNAL;
        int64_t now = now_seconds();
        st_bind_int(st, 1, day);
        st_bind_int(st, 2, now);
        st_bind_int(st, 3, id);
        st_bind_int(st, 4, case_id);
        if (st_exec(st) != STORE_DONE)
                return E_INTERNAL;
        if ((e = res_audit(db, who, "consent", "consent.withdraw", id)) != E_OK)
                return e;
        if (!case_settings()->consent_withdrawal_revokes)
                return E_OK;
        /* The open referrals made under it end now, each audited. */
        if (!(st = db_prepare(db, STMT_REFERRAL_REVOKE_UNDER)))
                return E_INTERNAL;
        st_bind_int(st, 1, id);
        st_bind_int(st, 2, now);
        int64_t revoked[64];
        size_t n = 0;
        enum store_rc rc;
        while ((rc = st_step(st)) == STORE_ROW)
                if (n < 64)
                        revoked[n++] = st_int(st, 0);
        st_reset(st);
        if (rc != STORE_DONE)
                return E_INTERNAL;
        for (size_t i = 0; i < n; i++)
                if ((e = res_audit(db, who, "referral", "referral.revoke_consent_withdrawn",
                                   revoked[i])) != E_OK)
                        return e;
        return E_OK;
}

/* --- referrals --- */

struct referral_move_row {
        const char *from, *move, *to;
        bool referring; /* the side that may: referring (true) or receiving agency */
};

static const struct referral_move_row referral_moves[] = {
    {"pending", "accept", "accepted", false}, {"pending", "decline", "declined", false},
    {"pending", "revoke", "revoked", true},   {"accepted", "complete", "completed", false},
    {"accepted", "revoke", "revoked", true},
};

bool referral_move_allowed(const char *state, const char *move, bool referring, const char **to)
{
        for (size_t i = 0; i < sizeof(referral_moves) / sizeof(referral_moves[0]); i++) {
                const struct referral_move_row *m = &referral_moves[i];
                if (strcmp(m->from, state) == 0 && strcmp(m->move, move) == 0 &&
                    m->referring == referring) {
                        if (to)
                                *to = m->to;
                        return true;
                }
        }
        return false;
}

void referral_overdue(struct referral *r, int64_t now)
{
        const struct case_settings *s = case_settings();
        r->due_at = 0;
        if (strcmp(r->status, "pending") == 0)
                r->due_at = r->created_at + (int64_t)s->referral_answer_days * 86400;
        else if (strcmp(r->status, "accepted") == 0)
                r->due_at = r->answered_at + (int64_t)s->referral_outcome_days * 86400;
        r->overdue = r->due_at && r->due_at < now;
        record_give(r, REFERRAL_OVERDUE);
        record_give(r, REFERRAL_DUE);
        if (r->due_at)
                r->head.nulls &= ~(UINT64_C(1) << REFERRAL_DUE);
        else
                r->head.nulls |= UINT64_C(1) << REFERRAL_DUE;
}

int case_open_referrals(struct db *db, const int64_t *ids, size_t n, int64_t org, int64_t now,
                        int64_t *open, int64_t *overdue)
{
        int64_t lo = INT64_MAX, hi = 0;
        for (size_t i = 0; i < n; i++) {
                open[i] = overdue[i] = 0;
                lo = ids[i] < lo ? ids[i] : lo;
                hi = ids[i] > hi ? ids[i] : hi;
        }
        if (!n)
                return 0;
        struct stmt *st = db_prepare(db, STMT_CASE_OPEN_REFERRALS);
        if (!st)
                return -1;
        st_bind_int(st, 1, lo);
        st_bind_int(st, 2, hi);
        st_bind_int(st, 3, org);
        enum store_rc rc;
        while ((rc = st_step(st)) == STORE_ROW) {
                int64_t case_id = st_int(st, 0);
                struct referral r = {.status = st_text(st, 1),
                                     .created_at = st_int(st, 2),
                                     .answered_at = st_int(st, 3)};
                referral_overdue(&r, now);
                for (size_t i = 0; i < n; i++)
                        if (ids[i] == case_id) {
                                open[i]++;
                                overdue[i] += r.overdue;
                                break;
                        }
        }
        st_reset(st);
        return rc == STORE_DONE ? 0 : -1;
}

static int64_t next_id(struct db *db, enum stmt_id sid)
{
        struct stmt *st = db_prepare(db, sid);
        if (!st)
                return 0;
        int64_t id = st_step(st) == STORE_ROW ? st_int(st, 0) : 0;
        st_reset(st);
        return id;
}

enum ecat_err referral_create(struct db *db, const struct principal *who, int64_t case_id,
                              struct referral *in, struct problems *p, int64_t *id)
{
        bool owner = false;
        enum ecat_err e = case_scope(db, who, case_id, &owner);
        if (e != E_OK)
                return e;
        if (!owner) {
                p->message = "only the agency that owns the case refers it";
                return E_FORBIDDEN;
        }
        if (in->to_org == who->org_id) {
                problem_add(p, "to_organisation_id", "must be another organisation than yours");
                return E_VALIDATION;
        }
        struct stmt *st = db_prepare(db, STMT_ORG_EXISTS);
        if (!st)
                return E_INTERNAL;
        st_bind_int(st, 1, in->to_org);
        enum store_rc rc = st_step(st);
        st_reset(st);
        if (rc != STORE_ROW) {
                if (rc != STORE_DONE)
                        return E_INTERNAL;
                problem_add(p, "to_organisation_id", "no such organisation");
                return E_VALIDATION;
        }
        if (!(st = db_prepare(db, STMT_REFERRAL_OPEN_TO)))
                return E_INTERNAL;
        st_bind_int(st, 1, case_id);
        st_bind_int(st, 2, in->to_org);
        rc = st_step(st);
        st_reset(st);
        if (rc == STORE_ROW) {
                p->message = "the case already has an open referral to this organisation";
                return E_CONFLICT;
        }
        if (rc != STORE_DONE)
                return E_INTERNAL;
        /* The consent gate. */
        if (!(st = db_prepare(db, STMT_CONSENT_COVERING)))
                return E_INTERNAL;
        st_bind_int(st, 1, case_id);
        st_bind_int(st, 2, in->to_org);
        rc = st_step(st);
        int64_t consent = rc == STORE_ROW ? st_int(st, 0) : 0;
        st_reset(st);
        if (rc != STORE_ROW && rc != STORE_DONE)
                return E_INTERNAL;
        bool override = REC_GIVEN(in, REFERRAL_OVERRIDE);
        if (override && who->role != ROLE_CASE_MANAGER && who->user_id) {
                p->message = "only a case manager may override the consent";
                return E_FORBIDDEN;
        }
        if (!consent && !override) {
                p->message = "no current consent of the person covers sharing with this "
                             "organisation; record one, or a case manager may override with a "
                             "written justification (override_justification)";
                return E_CONFLICT;
        }
        if (consent && override) {
                problem_add(p, "override_justification",
                            "must not be given: a current consent covers this referral");
                return E_VALIDATION;
        }
        int64_t want = next_id(db, STMT_REFERRAL_NEXT_ID);
        if (!want)
                return E_INTERNAL;
        in->case_id = case_id;
        record_give(in, REFERRAL_CASE);
        in->from_org = who->org_id;
        record_give(in, REFERRAL_FROM);
        in->status = "pending";
        record_give(in, REFERRAL_STATUS);
        in->consent_id = consent;
        record_give(in, REFERRAL_CONSENT);
        if (!consent)
                in->head.nulls |= UINT64_C(1) << REFERRAL_CONSENT;
        if ((e = res_create(db, who, &referral_resource, in, want, p, id)) != E_OK)
                return e;
        if (override)
                return res_audit(db, who, "referral", "referral.consent_override", *id);
        return E_OK;
}

enum ecat_err referral_get(struct db *db, const struct principal *who, struct arena *a, int64_t id,
                           struct referral *out)
{
        enum ecat_err e = res_load(db, &referral_resource, a, id, out);
        if (e != E_OK)
                return e;
        bool case_role = who->role == ROLE_CASE_WORKER || who->role == ROLE_CASE_MANAGER;
        if (!case_role || !who->org_id ||
            (out->from_org != who->org_id && out->to_org != who->org_id))
                return E_NOT_FOUND;
        referral_overdue(out, now_seconds());
        return E_OK;
}

enum ecat_err referral_move(struct db *db, const struct principal *who, int64_t id,
                            const char *move, const char *decline_reason, struct problems *p)
{
        struct referral *r = arena_alloc(p->arena, sizeof(*r));
        if (!r)
                return E_INTERNAL;
        enum ecat_err e = referral_get(db, who, p->arena, id, r);
        if (e != E_OK)
                return e;
        bool referring = r->from_org == who->org_id;
        const char *to = NULL;
        if (!referral_move_allowed(r->status, move, referring, &to)) {
                p->message = problem_printf(p, "this move is not allowed",
                                            "the %s agency cannot %s a referral that is %s",
                                            referring ? "referring" : "receiving", move, r->status);
                return E_CONFLICT;
        }
        bool declining = strcmp(move, "decline") == 0;
        if (declining && !decline_reason) {
                problem_add(p, "reason", "is required to decline a referral");
                return E_VALIDATION;
        }
        if (!declining && decline_reason) {
                problem_add(p, "reason", "is taken only when declining");
                return E_VALIDATION;
        }
        struct referral *patch = arena_alloc(p->arena, sizeof(*patch));
        if (!patch)
                return E_INTERNAL;
        memset(patch, 0, sizeof(*patch));
        int64_t now = now_seconds();
        patch->status = to;
        record_give(patch, REFERRAL_STATUS);
        if (declining) {
                patch->decline_reason = decline_reason;
                record_give(patch, REFERRAL_DECLINE_REASON);
        }
        if (strcmp(r->status, "pending") == 0 && !referring) {
                patch->answered_at = now;
                record_give(patch, REFERRAL_ANSWERED);
        }
        if (strcmp(to, "accepted") != 0) {
                patch->closed_at = now;
                record_give(patch, REFERRAL_CLOSED);
        }
        char action[32];
        snprintf(action, sizeof(action), "referral.%s", move);
        /* The engine's audit entry names the move itself. */
        struct resource res = referral_resource;
        res.audit_update = action;
        return res_update(db, who, &res, id, patch, p);
}

/* --- services and notes --- */

enum ecat_err service_create(struct db *db, const struct principal *who, int64_t case_id,
                             struct service *in, struct problems *p, int64_t *id)
{
        enum ecat_err e = case_scope(db, who, case_id, NULL);
        if (e != E_OK)
                return e;
        if (!REC_GIVEN(in, SERVICE_PROVIDER)) {
                in->provider_id = who->org_id;
                record_give(in, SERVICE_PROVIDER);
        }
        struct stmt *st = db_prepare(db, STMT_ORG_EXISTS);
        if (!st)
                return E_INTERNAL;
        st_bind_int(st, 1, in->provider_id);
        enum store_rc rc = st_step(st);
        st_reset(st);
        if (rc != STORE_ROW) {
                if (rc != STORE_DONE)
                        return E_INTERNAL;
                problem_add(p, "provider_id", "no such organisation");
                return E_VALIDATION;
        }
        in->case_id = case_id;
        record_give(in, SERVICE_CASE);
        return res_create(db, who, &service_resource, in, 0, p, id);
}

enum ecat_err note_create(struct db *db, const struct principal *who, int64_t case_id,
                          struct note *in, struct problems *p, int64_t *id)
{
        enum ecat_err e = case_scope(db, who, case_id, NULL);
        if (e != E_OK)
                return e;
        int64_t want = next_id(db, STMT_NOTE_NEXT_ID);
        if (!want)
                return E_INTERNAL;
        in->case_id = case_id;
        record_give(in, NOTE_CASE);
        in->organisation_id = who->org_id;
        record_give(in, NOTE_ORGANISATION);
        return res_create(db, who, &note_resource, in, want, p, id);
}

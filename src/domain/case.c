/* Victims' cases: value sets, the column table, the rules and the doors (domain/case.h). */
#include "domain/case.h"

#include "audit/audit.h"
#include "core/util.h"
#include "crypto/field.h"
#include "domain/org.h"

#include <stdio.h>
#include <ctype.h>
#include <string.h>

const char *const case_statuses[] = {"active", "follow_up", "closed", "closed_referred", NULL};
const char *const case_closure_reasons[] = {"services_completed",
                                            "referred_elsewhere",
                                            "person_withdrew",
                                            "lost_contact",
                                            "returned_home",
                                            "not_a_victim",
                                            "deceased",
                                            "other",
                                            NULL};
const char *const trafficking_statuses[] = {"possible", "actual", "not_a_victim", NULL};
const char *const deciding_bodies[] = {
    "police", "ngo", "court_or_prosecution", "non_police_governmental", "other", NULL};
const char *const identification_sources[] = {"police",        "ngo_outreach",    "hotline",
                                              "self_referral", "business_report", "health_service",
                                              "school",        "other",           NULL};
const char *const case_genders[] = {
    "feminine", "masculine", "transgender_feminine", "transgender_masculine", "non_conforming",
    "unknown",  NULL};
/* CTDC's age bins. */
const char *const age_bands[] = {"0-8",   "9-17",  "18-20", "21-23", "24-26",
                                 "27-29", "30-38", "39-47", "48+",   NULL};
static const int age_band_floor[] = {0, 9, 18, 21, 24, 27, 30, 39, 48};
const char *const exploitation_types[] = {"forced_labour",
                                          "sexual_exploitation",
                                          "child_labour",
                                          "forced_marriage",
                                          "servitude",
                                          "forced_military",
                                          "organ_removal",
                                          "forced_begging",
                                          "forced_adoption",
                                          "surrogacy",
                                          "forced_criminality",
                                          "other",
                                          NULL};
/* ISIC Rev. 4 sections. */
const char *const labour_industries[] = {"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K",
                                         "L", "M", "N", "O", "P", "Q", "R", "S", "T", "U", NULL};
const char *const recruitment_methods[] = {"abduction",
                                           "deceptive_job_offer",
                                           "intimate_partner",
                                           "family_member",
                                           "friend_or_acquaintance",
                                           "online",
                                           "recruitment_agency",
                                           "other",
                                           NULL};
/* HTCDS / CTDC means of control. */
const char *const control_methods[] = {"debt_bondage",
                                       "takes_earnings",
                                       "restricts_financial_access",
                                       "threats",
                                       "psychological_abuse",
                                       "physical_abuse",
                                       "sexual_abuse",
                                       "false_promises",
                                       "psychoactive_substances",
                                       "restricts_movement",
                                       "restricts_medical_care",
                                       "excessive_working_hours",
                                       "uses_children",
                                       "threat_of_law_enforcement",
                                       "withholds_necessities",
                                       "withholds_documents",
                                       "other",
                                       NULL};
const char *const trafficker_relationships[] = {"familial", "acquainted", "unacquainted", NULL};
const char *const grounds_decisions[] = {"positive", "negative", NULL};

#define COL(f, name, type, fl, field, lo, hi, vals)                                                \
        [f] = {name, name, type, fl, offsetof(struct case_record, field), lo, hi, 0, 0, vals}
#define ENUM(f, name, fl, field, vals) COL(f, name, FT_ENUM, fl, field, 0, 0, vals)
#define SECRET_TEXT(f, field, fl, hi)                                                              \
        COL(f, #field, FT_TEXT, FIELD_NULLABLE | FIELD_SECRET | COL_ENCRYPTED | (fl), field, 1,    \
            hi, NULL)
#define DATE(f, name, fl, field) COL(f, name, FT_DATE, FIELD_NULLABLE | (fl), field, 0, 0, NULL)

const struct column case_columns[CASE__COLUMNS] = {
    COL(CASE_ID, "id", FT_INT, COL_READ_ONLY, id, 0, 0, NULL),
    COL(CASE_ORGANISATION, "organisation_id", FT_INT, COL_NO_INPUT, organisation_id, 0, 0, NULL),
    COL(CASE_ORGANISATION_NAME, "organisation_name", FT_TEXT, COL_READ_ONLY, organisation_name, 0,
        0, NULL),
    COL(CASE_REFERENCE, "reference", FT_TEXT, COL_NO_INPUT, reference, 0, 0, NULL),
    ENUM(CASE_STATUS, "status", 0, status, case_statuses),
    ENUM(CASE_CLOSURE_REASON, "closure_reason", FIELD_NULLABLE, closure_reason,
         case_closure_reasons),
    DATE(CASE_CLOSED_ON, "closed_on", COL_NO_INPUT, closed_on),
    ENUM(CASE_TRAFFICKING_STATUS, "trafficking_status", FIELD_REQUIRED, trafficking_status,
         trafficking_statuses),
    ENUM(CASE_DECIDING_BODY, "deciding_body", FIELD_NULLABLE, deciding_body, deciding_bodies),
    DATE(CASE_IDENTIFIED_ON, "identified_on", 0, identified_on),
    ENUM(CASE_IDENTIFICATION_SOURCE, "identification_source", FIELD_NULLABLE, identification_source,
         identification_sources),
    SECRET_TEXT(CASE_GIVEN_NAME, given_name, 0, 200),
    SECRET_TEXT(CASE_FAMILY_NAME, family_name, 0, 200),
    COL(CASE_ALIASES, "aliases", FT_TEXT_LIST, FIELD_NULLABLE | FIELD_SECRET | COL_ENCRYPTED,
        aliases, 1, 200, NULL),
    SECRET_TEXT(CASE_BIRTH_DATE, birth_date, 0, 10),
    SECRET_TEXT(CASE_PHONE, phone, 0, 50),
    SECRET_TEXT(CASE_EMAIL, email, 0, 254),
    SECRET_TEXT(CASE_ADDRESS, address, FIELD_MULTILINE, 500),
    SECRET_TEXT(CASE_IDENTITY_DOCUMENT, identity_document, 0, 100),
    COL(CASE_LANGUAGES, "languages", FT_TEXT_LIST, FIELD_NULLABLE | FIELD_SECRET | COL_ENCRYPTED,
        languages, 1, 50, NULL),
    COL(CASE_KEY_VERSION, "key_version", FT_INT, COL_NO_INPUT | COL_HIDDEN | COL_KEY_VERSION,
        key_version, 0, 0, NULL),
    ENUM(CASE_GENDER, "gender", FIELD_REQUIRED, gender, case_genders),
    ENUM(CASE_AGE_BAND, "age_band", FIELD_NULLABLE, age_band, age_bands),
    COL(CASE_MINOR, "minor", FT_BOOL, FIELD_NULLABLE, minor, 0, 0, NULL),
    COL(CASE_CITIZENSHIP, "citizenship", FT_TEXT, FIELD_NULLABLE, citizenship, 2, 2, NULL),
    COL(CASE_EXPLOITATION, "exploitation_types", FT_ENUM_SET, 0, exploitation, 0, 0,
        exploitation_types),
    ENUM(CASE_LABOUR_INDUSTRY, "labour_industry", FIELD_NULLABLE, labour_industry,
         labour_industries),
    COL(CASE_EXPLOITATION_COUNTRY, "exploitation_country", FT_TEXT, FIELD_NULLABLE,
        exploitation_country, 2, 2, NULL),
    ENUM(CASE_RECRUITMENT, "recruitment", FIELD_NULLABLE, recruitment, recruitment_methods),
    COL(CASE_CONTROL, "control_methods", FT_ENUM_SET, 0, control, 0, 0, control_methods),
    ENUM(CASE_RELATIONSHIP, "relationship_to_trafficker", FIELD_NULLABLE, relationship,
         trafficker_relationships),
    ENUM(CASE_RG_DECISION, "reasonable_grounds", FIELD_NULLABLE, rg_decision, grounds_decisions),
    DATE(CASE_RG_DATE, "reasonable_grounds_date", 0, rg_date),
    DATE(CASE_RECOVERY_END, "recovery_period_end", 0, recovery_end),
    ENUM(CASE_CG_DECISION, "conclusive_grounds", FIELD_NULLABLE, cg_decision, grounds_decisions),
    DATE(CASE_CG_DATE, "conclusive_grounds_date", 0, cg_date),
    COL(CASE_RECOVERY_OVERDUE, "recovery_overdue", FT_BOOL, COL_READ_ONLY, recovery_overdue, 0, 0,
        NULL),
    COL(CASE_CREATED, "created_at", FT_TIMESTAMP, COL_READ_ONLY, created_at, 0, 0, NULL),
    COL(CASE_UPDATED, "updated_at", FT_TIMESTAMP, COL_READ_ONLY, updated_at, 0, 0, NULL),
};

_Static_assert(CASE__COLUMNS <= RECORD_MAX_COLUMNS, "present bits hold every column");

static struct case_settings settings = {30, 3, 30, true, 5};

void case_configure(const struct case_settings *s)
{
        settings = *s;
}

const struct case_settings *case_settings(void)
{
        return &settings;
}

/* --- rules --- */

static bool is_closed(const char *status)
{
        return status && strncmp(status, "closed", 6) == 0;
}

static int band_of_age(int years)
{
        int k = 0;
        for (int i = 0; i < (int)(sizeof(age_band_floor) / sizeof(age_band_floor[0])); i++)
                if (years >= age_band_floor[i])
                        k = i;
        return k;
}

/* Whole years from birth to day. */
static int age_at(int32_t birth, int32_t day)
{
        int by, dy;
        unsigned bm, bd, dm, dd;
        civil_from_days(birth, &by, &bm, &bd);
        civil_from_days(day, &dy, &dm, &dd);
        int years = dy - by;
        if (dm < bm || (dm == bm && dd < bd))
                years--;
        return years;
}

static void set_if_given(void *rec, size_t col)
{
        record_give(rec, col);
        ((struct record_head *)rec)->nulls &= ~(UINT64_C(1) << col);
}

/* Upper-case a two-letter country code in place and check it; false when invalid. */
static bool country_code(struct problems *p, const char **code)
{
        if (!*code)
                return true;
        char cc[3] = {(*code)[0], (*code)[1], '\0'};
        for (int i = 0; i < 2; i++)
                if (cc[i] >= 'a' && cc[i] <= 'z')
                        cc[i] = (char)(cc[i] - 'a' + 'A');
        if (!country_valid(cc))
                return false;
        const char *up = arena_strdup(p->arena, cc);
        if (up)
                *code = up;
        return true;
}

static void case_check(void *rec, struct problems *p)
{
        struct case_record *c = rec;
        if (!REC_GIVEN(c, CASE_STATUS)) {
                c->status = case_statuses[0];
                set_if_given(c, CASE_STATUS);
        }
        bool closed = is_closed(c->status);
        if (closed && !REC_GIVEN(c, CASE_CLOSURE_REASON))
                problem_add(p, "closure_reason", "is required when the case is closed");
        if (!closed && REC_GIVEN(c, CASE_CLOSURE_REASON))
                problem_add(p, "closure_reason", "must be null while the case is open");
        if (REC_GIVEN(c, CASE_CITIZENSHIP) && !country_code(p, &c->citizenship))
                problem_add(p, "citizenship", "must be an ISO 3166-1 alpha-2 country code");
        if (REC_GIVEN(c, CASE_EXPLOITATION_COUNTRY) && !country_code(p, &c->exploitation_country))
                problem_add(p, "exploitation_country",
                            "must be an ISO 3166-1 alpha-2 country code");
        int32_t today = today_days();
        if (REC_GIVEN(c, CASE_IDENTIFIED_ON) && c->identified_on > today)
                problem_add(p, "identified_on", "must not be in the future");
        /* The age band and minor follow the date of birth when it is known. */
        int32_t birth = 0;
        if (REC_GIVEN(c, CASE_BIRTH_DATE)) {
                if (parse_date(c->birth_date, &birth) < 0 || strlen(c->birth_date) != 10) {
                        problem_add(p, "birth_date", "must be a date YYYY-MM-DD");
                        return;
                }
                if (birth > today) {
                        problem_add(p, "birth_date", "must not be in the future");
                        return;
                }
                int32_t at = REC_GIVEN(c, CASE_IDENTIFIED_ON) ? c->identified_on : today;
                int years = age_at(birth, at);
                if (years < 0 || years > 130) {
                        problem_add(p, "birth_date", "gives an age outside 0 to 130 years");
                        return;
                }
                const char *band = age_bands[band_of_age(years)];
                if (REC_GIVEN(c, CASE_AGE_BAND) && strcmp(c->age_band, band) != 0)
                        problem_add(p, "age_band",
                                    problem_printf(p, "does not match birth_date",
                                                   "does not match birth_date (%s)", band));
                c->age_band = band;
                set_if_given(c, CASE_AGE_BAND);
                if (REC_GIVEN(c, CASE_MINOR) && c->minor != (years < 18))
                        problem_add(p, "minor", "does not match birth_date");
                c->minor = years < 18;
                set_if_given(c, CASE_MINOR);
        } else if (REC_GIVEN(c, CASE_AGE_BAND)) {
                int k = enum_index(age_bands, c->age_band);
                bool minor = k >= 0 && age_band_floor[k] < 18;
                if (REC_GIVEN(c, CASE_MINOR) && c->minor != minor)
                        problem_add(p, "minor", "does not match age_band");
                c->minor = minor;
                set_if_given(c, CASE_MINOR);
        }
        /* Decisions come with their dates. */
        if (REC_GIVEN(c, CASE_RG_DECISION) != REC_GIVEN(c, CASE_RG_DATE))
                problem_add(p,
                            REC_GIVEN(c, CASE_RG_DECISION) ? "reasonable_grounds_date"
                                                           : "reasonable_grounds",
                            "reasonable_grounds and reasonable_grounds_date go together");
        if (REC_GIVEN(c, CASE_CG_DECISION) != REC_GIVEN(c, CASE_CG_DATE))
                problem_add(p,
                            REC_GIVEN(c, CASE_CG_DECISION) ? "conclusive_grounds_date"
                                                           : "conclusive_grounds",
                            "conclusive_grounds and conclusive_grounds_date go together");
        if (REC_GIVEN(c, CASE_RG_DATE) && c->rg_date > today)
                problem_add(p, "reasonable_grounds_date", "must not be in the future");
        if (REC_GIVEN(c, CASE_CG_DATE)) {
                if (c->cg_date > today)
                        problem_add(p, "conclusive_grounds_date", "must not be in the future");
                else if (REC_GIVEN(c, CASE_RG_DATE) && c->cg_date < c->rg_date)
                        problem_add(p, "conclusive_grounds_date",
                                    "must not be before reasonable_grounds_date");
        }
        bool positive = REC_GIVEN(c, CASE_RG_DECISION) && strcmp(c->rg_decision, "positive") == 0;
        if (positive && REC_GIVEN(c, CASE_RG_DATE)) {
                int32_t least = c->rg_date + settings.recovery_period_days;
                if (!REC_GIVEN(c, CASE_RECOVERY_END)) {
                        c->recovery_end = least;
                        set_if_given(c, CASE_RECOVERY_END);
                } else if (c->recovery_end < least) {
                        problem_add(p, "recovery_period_end",
                                    problem_printf(p, "is shorter than the recovery period",
                                                   "must be at least %d days after "
                                                   "reasonable_grounds_date",
                                                   settings.recovery_period_days));
                }
        } else if (REC_GIVEN(c, CASE_RECOVERY_END)) {
                problem_add(p, "recovery_period_end",
                            "needs a positive reasonable-grounds decision");
        }
}

/* Closing is a case manager's; the date it closed is kept. */
static int case_rules(struct db *db, const struct principal *who, void *rec, const void *stored,
                      struct problems *p)
{
        (void)db;
        struct case_record *c = rec;
        const struct case_record *old = stored;
        bool was_closed = old && is_closed(old->status);
        (void)who;
        (void)p;
        if (is_closed(c->status) && !was_closed) {
                c->closed_on = today_days();
                set_if_given(c, CASE_CLOSED_ON);
        } else if (!is_closed(c->status)) {
                ((struct record_head *)c)->nulls |= UINT64_C(1) << CASE_CLOSED_ON;
                record_give(c, CASE_CLOSED_ON);
        }
        return 0;
}

const struct resource case_resource = {
    .name = "case",
    .table = "cases",
    .cols = case_columns,
    .n_cols = CASE__COLUMNS,
    .size = sizeof(struct case_record),
    .by_id = STMT_CASE_BY_ID,
    .insert = STMT_CASE_INSERT,
    .update = STMT_CASE_UPDATE,
    .has_update = true,
    .check = case_check,
    .rules = case_rules,
    .unique_field = "reference",
    .unique_message = "is taken",
    .cipher = &field_cipher,
};

/* --- scope --- */

enum ecat_err case_scope(struct db *db, const struct principal *who, int64_t id, bool *owner)
{
        if (!who->org_id || (who->role != ROLE_CASE_WORKER && who->role != ROLE_CASE_MANAGER))
                return E_NOT_FOUND;
        struct stmt *st = db_prepare(db, STMT_CASE_SCOPE);
        if (!st)
                return E_INTERNAL;
        st_bind_int(st, 1, id);
        st_bind_int(st, 2, who->org_id);
        enum store_rc rc = st_step(st);
        enum ecat_err e = rc == STORE_ROW ? E_OK : rc == STORE_DONE ? E_NOT_FOUND : E_INTERNAL;
        if (e == E_OK && owner)
                *owner = st_int(st, 0) != 0;
        st_reset(st);
        return e;
}

/* --- blind indexes --- */

void case_search_index(const char *kind, const char *text, unsigned char out[32])
{
        size_t len = strlen(text);
        char norm[1024];
        blind_normalise(text, len < 600 ? len : 600, norm, sizeof(norm));
        blind_index(kind, norm, out);
}

static enum ecat_err blind_add(struct db *db, int64_t id, const char *kind, const char *text)
{
        if (!text || !*text)
                return E_OK;
        unsigned char v[BLIND_BYTES];
        case_search_index(kind, text, v);
        struct stmt *st = db_prepare(db, STMT_CASE_BLIND_ADD);
        if (!st)
                return E_INTERNAL;
        st_bind_int(st, 1, id);
        st_bind_text(st, 2, kind);
        st_bind_blob(st, 3, v, sizeof(v));
        return st_exec(st) == STORE_DONE ? E_OK : E_INTERNAL;
}

/* The full name ("given family"), or NULL without both. */
static const char *full_name(struct arena *a, const struct case_record *c)
{
        if (!REC_GIVEN(c, CASE_GIVEN_NAME) || !REC_GIVEN(c, CASE_FAMILY_NAME))
                return NULL;
        size_t n = strlen(c->given_name) + strlen(c->family_name) + 2;
        char *s = arena_alloc(a, n);
        if (s)
                snprintf(s, n, "%s %s", c->given_name, c->family_name);
        return s;
}

/* The 'person' index text: the normalised full name and the date of birth. */
static const char *person_text(struct arena *a, const struct case_record *c)
{
        const char *name = full_name(a, c);
        if (!name || !REC_GIVEN(c, CASE_BIRTH_DATE))
                return NULL;
        size_t len = strlen(name);
        char *norm = arena_alloc(a, 2 * len + 1);
        if (!norm)
                return NULL;
        blind_normalise(name, len, norm, 2 * len + 1);
        size_t n = strlen(norm) + 12;
        char *s = arena_alloc(a, n);
        if (s)
                snprintf(s, n, "%s|%s", norm, c->birth_date);
        return s;
}

/*
 * Each word of a name (runs of letters and digits; "Pramanyta (demo)" ->
 * "pramanyta", "demo"), so that one word finds the case.  Words of one
 * letter are left out.
 */
static enum ecat_err blind_words(struct db *db, int64_t id, struct arena *a, const char *name)
{
        if (!name)
                return E_OK;
        size_t len = strlen(name);
        char *norm = arena_alloc(a, 2 * len + 1);
        if (!norm)
                return E_INTERNAL;
        blind_normalise(name, len, norm, 2 * len + 1);
        for (char *p = norm; *p;) {
                while (*p && !((unsigned char)*p >= 0x80 || isalnum((unsigned char)*p)))
                        p++;
                char *start = p;
                while (*p && ((unsigned char)*p >= 0x80 || isalnum((unsigned char)*p)))
                        p++;
                char keep = *p;
                *p = '\0';
                if (p - start >= 2 && strcmp(start, norm) != 0) {
                        enum ecat_err e = blind_add(db, id, "name", start);
                        if (e != E_OK)
                                return e;
                }
                *p = keep;
        }
        return E_OK;
}

/* Each alias of the JSON array text, as a name. */
static enum ecat_err blind_aliases(struct db *db, int64_t id, struct arena *a, const char *json)
{
        if (!json)
                return E_OK;
        /* Compact array of strings (core/record.h): walk its items. */
        const char *s = json;
        while ((s = strchr(s, '"'))) {
                const char *start = ++s;
                char *buf = arena_alloc(a, strlen(start) + 1);
                if (!buf)
                        return E_INTERNAL;
                size_t n = 0;
                while (*s && *s != '"') {
                        if (*s == '\\' && s[1]) {
                                s++;
                                char c = *s;
                                if (c == 'n' || c == 't')
                                        c = ' ';
                                buf[n++] = c;
                        } else {
                                buf[n++] = *s;
                        }
                        s++;
                }
                buf[n] = 0;
                if (*s)
                        s++;
                (void)start;
                enum ecat_err e = blind_add(db, id, "name", buf);
                if (e != E_OK)
                        return e;
        }
        return E_OK;
}

static enum ecat_err blind_write(struct db *db, int64_t id, struct arena *a,
                                 const struct case_record *c)
{
        struct stmt *st = db_prepare(db, STMT_CASE_BLIND_CLEAR);
        if (!st)
                return E_INTERNAL;
        st_bind_int(st, 1, id);
        if (st_exec(st) != STORE_DONE)
                return E_INTERNAL;
        enum ecat_err e;
        const char *name = full_name(a, c), *person = person_text(a, c);
        if ((e = blind_add(db, id, "name", REC_GIVEN(c, CASE_GIVEN_NAME) ? c->given_name : NULL)) ||
            (e = blind_add(db, id, "name",
                           REC_GIVEN(c, CASE_FAMILY_NAME) ? c->family_name : NULL)) ||
            (e = blind_add(db, id, "name", name)) || (e = blind_words(db, id, a, name)) ||
            (e = blind_aliases(db, id, a, REC_GIVEN(c, CASE_ALIASES) ? c->aliases : NULL)) ||
            (e = blind_add(db, id, "birth",
                           REC_GIVEN(c, CASE_BIRTH_DATE) ? c->birth_date : NULL)) ||
            (e = blind_add(db, id, "person", person)))
                return e;
        return E_OK;
}

/*
 * Other agencies' cases of the same person: each gets a notification naming
 * the registering agency and its new reference.  Nothing is read of them.
 */
static enum ecat_err notify_duplicates(struct db *db, const struct principal *who, int64_t id,
                                       struct arena *a, const struct case_record *c, bool *found)
{
        *found = false;
        const char *person = person_text(a, c);
        if (!person)
                return E_OK;
        unsigned char v[BLIND_BYTES];
        case_search_index("person", person, v);
        struct stmt *st = db_prepare(db, STMT_CASE_DUPLICATES);
        if (!st)
                return E_INTERNAL;
        st_bind_blob(st, 1, v, sizeof(v));
        st_bind_int(st, 2, who->org_id);
        int64_t other_case[32], other_org[32];
        size_t n = 0;
        enum store_rc rc;
        while ((rc = st_step(st)) == STORE_ROW && n < 32) {
                other_case[n] = st_int(st, 0);
                other_org[n] = st_int(st, 1);
                n++;
        }
        st_reset(st);
        if (rc != STORE_ROW && rc != STORE_DONE)
                return E_INTERNAL;
        for (size_t i = 0; i < n; i++) {
                struct stmt *ins = db_prepare(db, STMT_NOTIFICATION_INSERT);
                if (!ins)
                        return E_INTERNAL;
                st_bind_int(ins, 1, other_org[i]);
                st_bind_text(ins, 2, "possible_duplicate");
                st_bind_int(ins, 3, who->org_id);
                st_bind_text(ins, 4, c->reference);
                st_bind_int(ins, 5, other_case[i]);
                st_bind_int(ins, 6, now_seconds());
                if (st_exec(ins) != STORE_DONE)
                        return E_INTERNAL;
                if (res_audit(db, who, "notification", "notification.possible_duplicate", id) !=
                    E_OK)
                        return E_INTERNAL;
        }
        *found = n > 0;
        return E_OK;
}

/* --- doors --- */

/* The next id, and the agency's next reference "LT-2026-00042". */
static enum ecat_err number_case(struct db *db, const struct principal *who, struct arena *a,
                                 int64_t *id, const char **reference)
{
        struct stmt *st = db_prepare(db, STMT_CASE_NEXT_ID);
        if (!st)
                return E_INTERNAL;
        enum store_rc rc = st_step(st);
        *id = rc == STORE_ROW ? st_int(st, 0) : 0;
        st_reset(st);
        if (!*id)
                return E_INTERNAL;
        char country[3] = "XX";
        if (!(st = db_prepare(db, STMT_CASE_ORG_COUNTRY)))
                return E_INTERNAL;
        st_bind_int(st, 1, who->org_id);
        rc = st_step(st);
        if (rc == STORE_ROW && st_bytes(st, 0) == 2)
                memcpy(country, st_text(st, 0), 2);
        st_reset(st);
        if (rc != STORE_ROW)
                return rc == STORE_DONE ? E_NOT_FOUND : E_INTERNAL;
        char day[11];
        format_date(today_days(), day);
        int year =
            (day[0] - '0') * 1000 + (day[1] - '0') * 100 + (day[2] - '0') * 10 + day[3] - '0';
        if (!(st = db_prepare(db, STMT_CASE_NUMBER)))
                return E_INTERNAL;
        st_bind_int(st, 1, who->org_id);
        st_bind_int(st, 2, year);
        rc = st_step(st);
        int64_t n = rc == STORE_ROW ? st_int(st, 0) : 0;
        st_reset(st);
        if (!n)
                return E_INTERNAL;
        char ref[32];
        snprintf(ref, sizeof(ref), "%s-%04d-%05lld", country, year, (long long)n);
        *reference = arena_strdup(a, ref);
        return *reference ? E_OK : E_INTERNAL;
}

enum ecat_err case_create(struct db *db, const struct principal *who, struct case_record *in,
                          struct problems *p, int64_t *id, bool *duplicate_elsewhere)
{
        *duplicate_elsewhere = false;
        if (!who->org_id)
                return E_NOT_FOUND;
        if (REC_GIVEN(in, CASE_STATUS) && is_closed(in->status)) {
                p->message = "a case is registered open; close it afterwards";
                return E_CONFLICT;
        }
        int64_t want = 0;
        const char *reference = NULL;
        enum ecat_err e = number_case(db, who, p->arena, &want, &reference);
        if (e != E_OK)
                return e;
        in->organisation_id = who->org_id;
        record_give(in, CASE_ORGANISATION);
        in->reference = reference;
        record_give(in, CASE_REFERENCE);
        if ((e = res_create(db, who, &case_resource, in, want, p, id)) != E_OK)
                return e;
        if ((e = blind_write(db, *id, p->arena, in)) != E_OK)
                return e;
        return notify_duplicates(db, who, *id, p->arena, in, duplicate_elsewhere);
}

enum ecat_err case_update(struct db *db, const struct principal *who, int64_t id,
                          struct case_record *patch, struct problems *p)
{
        enum ecat_err e = case_scope(db, who, id, NULL);
        if (e != E_OK)
                return e;
        if (REC_GIVEN(patch, CASE_STATUS) && is_closed(patch->status) && who->user_id &&
            who->role != ROLE_CASE_MANAGER) {
                p->message = "only a case manager may close a case";
                return E_FORBIDDEN;
        }
        /* What follows from a changed field is derived again, not kept from before. */
        struct record_head *h = &patch->head;
        if (REC_HAS(patch, CASE_BIRTH_DATE) || REC_HAS(patch, CASE_IDENTIFIED_ON)) {
                if (!REC_HAS(patch, CASE_AGE_BAND))
                        h->present |= UINT64_C(1) << CASE_AGE_BAND, h->nulls |= UINT64_C(1)
                                                                                << CASE_AGE_BAND;
                if (!REC_HAS(patch, CASE_MINOR))
                        h->present |= UINT64_C(1) << CASE_MINOR, h->nulls |= UINT64_C(1)
                                                                             << CASE_MINOR;
        } else if (REC_HAS(patch, CASE_AGE_BAND) && !REC_HAS(patch, CASE_MINOR)) {
                h->present |= UINT64_C(1) << CASE_MINOR, h->nulls |= UINT64_C(1) << CASE_MINOR;
        }
        if ((REC_HAS(patch, CASE_RG_DATE) || REC_HAS(patch, CASE_RG_DECISION)) &&
            !REC_HAS(patch, CASE_RECOVERY_END))
                h->present |= UINT64_C(1) << CASE_RECOVERY_END, h->nulls |= UINT64_C(1)
                                                                            << CASE_RECOVERY_END;
        if ((e = res_update(db, who, &case_resource, id, patch, p)) != E_OK)
                return e;
        /* patch now holds the whole record. */
        return blind_write(db, id, p->arena, patch);
}

enum ecat_err case_get(struct db *db, const struct principal *who, struct arena *a, int64_t id,
                       struct case_record *out)
{
        enum ecat_err e = case_scope(db, who, id, NULL);
        if (e != E_OK)
                return e;
        return res_load(db, &case_resource, a, id, out);
}

enum ecat_err case_access(struct db *db, const struct principal *who, int64_t id, const char *route)
{
        struct stmt *st = db_prepare(db, STMT_CASE_ACCESS_INSERT);
        if (!st)
                return E_INTERNAL;
        st_bind_int(st, 1, id);
        if (who->user_id)
                st_bind_int(st, 2, who->user_id);
        else
                st_bind_null(st, 2);
        st_bind_int(st, 3, who->org_id);
        st_bind_text(st, 4, route);
        st_bind_int(st, 5, now_seconds());
        if (st_exec(st) != STORE_DONE)
                return E_INTERNAL;
        return res_audit(db, who, "case", "case.read", id);
}

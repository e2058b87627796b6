/*
 * The demo's victims' cases: invented people (the names say so) at two
 * agencies, Lithuanian Caritas and Rahab, so that every state of the case
 * work can be seen: a consented referral Caritas -> Rahab accepted with
 * services given, one declined by the Metropolitan Police, one pending, one
 * revoked, one completed, a case with no consent (its referral refused), and
 * a possible duplicate across the two agencies.  Every row goes through the
 * same doors as the API, under the principal of a demo case worker or case
 * manager, so it is sealed, indexed, audited and scoped as real data is.
 */
#include "cli/demo.h"

#include "api/validate.h"
#include "core/util.h"
#include "domain/case.h"
#include "domain/casework.h"

#include <string.h>

struct cases_run {
        struct cli *c;
        struct db *db;
        struct arena arena;
        const struct demo_case_people *who;
};

/* Parse json into rec (zeroed) against cols; 0, or -1 after saying why. */
static int parse(struct cases_run *d, const char *what, const char *json, const struct column *cols,
                 size_t n, void *rec, size_t size)
{
        memset(rec, 0, size);
        struct problems p;
        problems_init(&p, &d->arena);
        const char *message = NULL;
        if (record_from_json(&d->arena, json, strlen(json), cols, n, rec, false, &p, &message) !=
            VALID) {
                cli_error(d->c, "demo %s refused: %s %s", what,
                          p.n ? p.item[0].field : (message ? message : ""),
                          p.n ? p.item[0].text : "");
                return -1;
        }
        return 0;
}

static int refused(struct cases_run *d, const char *what, enum ecat_err e, const struct problems *p)
{
        cli_error(d->c, "demo %s refused: %s %s%s%s", what, err_code(e),
                  p->n ? p->item[0].field : "", p->n ? " " : "",
                  p->n ? p->item[0].text : (p->message ? p->message : ""));
        return -1;
}

static int64_t add_case(struct cases_run *d, const struct principal *who, const char *json)
{
        struct case_record rec;
        if (parse(d, "case", json, case_columns, CASE__COLUMNS, &rec, sizeof(rec)) < 0)
                return 0;
        struct problems p;
        problems_init(&p, &d->arena);
        int64_t id = 0;
        bool duplicate = false;
        enum ecat_err e = case_create(d->db, who, &rec, &p, &id, &duplicate);
        return e == E_OK ? id : (refused(d, "case", e, &p), 0);
}

/* A consent to services and sharing, limited to one agency (0: any). */
static int64_t add_consent(struct cases_run *d, const struct principal *who, int64_t case_id,
                           const char *given_on, int64_t agency)
{
        struct consent rec;
        if (parse(d, "consent",
                  arena_printf(&d->arena,
                               "{\"given_by\":\"person\",\"given_on\":\"%s\",\"scopes\":["
                               "\"services\",\"share_with_agencies\",\"statistics\"]}",
                               given_on),
                  consent_columns, CONSENT__COLUMNS, &rec, sizeof(rec)) < 0)
                return 0;
        struct problems p;
        problems_init(&p, &d->arena);
        int64_t id = 0;
        enum ecat_err e =
            consent_create(d->db, who, case_id, &rec, &agency, agency ? 1 : 0, &p, &id);
        return e == E_OK ? id : (refused(d, "consent", e, &p), 0);
}

static int64_t add_referral(struct cases_run *d, const struct principal *who, int64_t case_id,
                            int64_t to, const char *services, const char *reason)
{
        struct referral rec;
        if (parse(d, "referral",
                  arena_printf(&d->arena,
                               "{\"to_organisation_id\":%lld,\"services\":%s,\"reason\":\"%s\"}",
                               (long long)to, services, reason),
                  referral_columns, REFERRAL__COLUMNS, &rec, sizeof(rec)) < 0)
                return 0;
        struct problems p;
        problems_init(&p, &d->arena);
        int64_t id = 0;
        enum ecat_err e = referral_create(d->db, who, case_id, &rec, &p, &id);
        return e == E_OK ? id : (refused(d, "referral", e, &p), 0);
}

static int move(struct cases_run *d, const struct principal *who, int64_t referral, const char *how,
                const char *reason)
{
        struct problems p;
        problems_init(&p, &d->arena);
        enum ecat_err e = referral_move(d->db, who, referral, how, reason, &p);
        return e == E_OK ? 0 : refused(d, "referral move", e, &p);
}

static int add_service(struct cases_run *d, const struct principal *who, int64_t case_id,
                       const char *json)
{
        struct service rec;
        if (parse(d, "service", json, service_columns, SERVICE__COLUMNS, &rec, sizeof(rec)) < 0)
                return -1;
        struct problems p;
        problems_init(&p, &d->arena);
        int64_t id = 0;
        enum ecat_err e = service_create(d->db, who, case_id, &rec, &p, &id);
        return e == E_OK ? 0 : refused(d, "service", e, &p);
}

static int add_note(struct cases_run *d, const struct principal *who, int64_t case_id,
                    const char *visibility, const char *body)
{
        struct note rec;
        if (parse(d, "note",
                  arena_printf(&d->arena, "{\"visibility\":\"%s\",\"body\":\"%s\"}", visibility,
                               body),
                  note_columns, NOTE__COLUMNS, &rec, sizeof(rec)) < 0)
                return -1;
        struct problems p;
        problems_init(&p, &d->arena);
        int64_t id = 0;
        enum ecat_err e = note_create(d->db, who, case_id, &rec, &p, &id);
        return e == E_OK ? 0 : refused(d, "note", e, &p);
}

static int populate(struct cases_run *d)
{
        const struct demo_case_people *w = d->who;
        const struct principal cw = {w->caritas_worker, ROLE_CASE_WORKER, w->caritas, "demo", 0};
        const struct principal cm = {w->caritas_manager, ROLE_CASE_MANAGER, w->caritas, "demo", 0};
        const struct principal rw = {w->rahab_worker, ROLE_CASE_WORKER, w->rahab, "demo", 0};
        const struct principal rm = {w->rahab_manager, ROLE_CASE_MANAGER, w->rahab, "demo", 0};
        const struct principal pm = {w->police_manager, ROLE_CASE_MANAGER, w->police, "demo", 0};

        /* 1. Consent, a referral to Rahab accepted, services given on both sides. */
        int64_t ona = add_case(
            d, &cw,
            "{\"given_name\":\"Ona\",\"family_name\":\"Pavyzdytė (demo)\",\"birth_date\":"
            "\"1998-04-12\",\"trafficking_status\":\"actual\",\"deciding_body\":\"police\","
            "\"gender\":\"feminine\",\"citizenship\":\"LT\",\"identified_on\":\"2026-09-14\","
            "\"identification_source\":\"ngo_outreach\",\"exploitation_types\":["
            "\"sexual_exploitation\"],\"exploitation_country\":\"GB\",\"recruitment\":"
            "\"deceptive_job_offer\",\"control_methods\":[\"debt_bondage\",\"withholds_documents\"]"
            ","
            "\"relationship_to_trafficker\":\"acquainted\",\"languages\":[\"lt\",\"en\"],"
            "\"reasonable_grounds\":\"positive\",\"reasonable_grounds_date\":\"2026-09-20\"}");
        if (!ona || !add_consent(d, &cw, ona, "2026-09-15", w->rahab))
                return -1;
        int64_t to_rahab = add_referral(d, &cw, ona, w->rahab, "[\"shelter\",\"psychological\"]",
                                        "A safe place in London while the police case goes on.");
        if (!to_rahab || move(d, &rm, to_rahab, "accept", NULL) < 0 ||
            add_service(d, &rw, ona,
                        arena_printf(&d->arena,
                                     "{\"provider_id\":%lld,\"type\":\"shelter\",\"start_on\":"
                                     "\"2026-09-22\",\"status\":\"ongoing\"}",
                                     (long long)w->rahab)) < 0 ||
            add_service(d, &cw, ona,
                        "{\"type\":\"psychological\",\"start_on\":\"2026-09-16\",\"end_on\":"
                        "\"2026-10-30\",\"status\":\"completed\"}") < 0 ||
            add_note(d, &cw, ona, "shared", "First meeting at the Vilnius office (demo note).") <
                0 ||
            add_note(d, &cw, ona, "own_agency", "Caritas only: follow-up call planned (demo).") < 0)
                return -1;

        /* 2. Consent, a referral to the police declined with its reason. */
        int64_t jonas = add_case(
            d, &cw,
            "{\"given_name\":\"Jonas\",\"family_name\":\"Išgalvotas (demo)\",\"birth_date\":"
            "\"1987-11-03\",\"trafficking_status\":\"possible\",\"gender\":\"masculine\","
            "\"citizenship\":\"LT\",\"exploitation_types\":[\"forced_labour\"],"
            "\"labour_industry\":\"F\",\"exploitation_country\":\"GB\"}");
        if (!jonas || !add_consent(d, &cw, jonas, "2026-10-02", 0))
                return -1;
        int64_t to_police = add_referral(d, &cw, jonas, w->police, "[\"legal\"]",
                                         "Statement about the employer, if he agrees (demo).");
        if (!to_police || move(d, &pm, to_police, "decline", "service_not_offered") < 0)
                return -1;
        /* ... then one to Rahab, still pending. */
        if (!add_referral(d, &cw, jonas, w->rahab, "[\"employment\"]",
                          "Advice on back pay in the UK (demo)."))
                return -1;

        /* 3. No consent yet: the case is Caritas's alone, and no referral can be made. */
        int64_t marija = add_case(
            d, &cw,
            "{\"given_name\":\"Marija\",\"family_name\":\"Pramanyta (demo)\",\"birth_date\":"
            "\"2009-02-27\",\"trafficking_status\":\"possible\",\"gender\":\"feminine\","
            "\"citizenship\":\"LT\",\"identification_source\":\"school\"}");
        if (!marija ||
            add_note(d, &cw, marija, "own_agency",
                     "Consent not given yet; meeting with her guardian next week (demo).") < 0)
                return -1;

        /* 4. Rahab's own cases: one referred to Caritas and completed, one revoked. */
        int64_t grace =
            add_case(d, &rw,
                     "{\"given_name\":\"Grace\",\"family_name\":\"Example (demo)\",\"birth_date\":"
                     "\"1995-06-30\",\"trafficking_status\":\"actual\",\"deciding_body\":\"ngo\","
                     "\"gender\":\"feminine\",\"citizenship\":\"LT\",\"exploitation_types\":["
                     "\"forced_criminality\"]}");
        if (!grace || !add_consent(d, &rw, grace, "2026-08-01", w->caritas))
                return -1;
        int64_t home = add_referral(d, &rw, grace, w->caritas, "[\"repatriation\"]",
                                    "Return to Lithuania and first weeks at home (demo).");
        if (!home || move(d, &cm, home, "accept", NULL) < 0 ||
            add_service(d, &cw, grace,
                        "{\"type\":\"repatriation\",\"start_on\":\"2026-08-20\",\"end_on\":"
                        "\"2026-09-05\",\"status\":\"completed\"}") < 0 ||
            move(d, &cm, home, "complete", NULL) < 0)
                return -1;
        int64_t tom = add_case(d, &rw,
                               "{\"given_name\":\"Tom\",\"family_name\":\"Sample (demo)\","
                               "\"trafficking_status\":\"possible\",\"gender\":\"masculine\","
                               "\"age_band\":\"18-20\"}");
        if (!tom || !add_consent(d, &rw, tom, "2026-11-02", 0))
                return -1;
        int64_t later = add_referral(d, &rw, tom, w->caritas, "[\"interpretation\"]",
                                     "Lithuanian interpreter for interviews (demo).");
        if (!later || move(d, &rm, later, "revoke", NULL) < 0)
                return -1;

        /* 5. Rahab registers the person of case 2 again, spelt otherwise: Caritas is told. */
        if (!add_case(d, &rw,
                      "{\"given_name\":\"JONAS\",\"family_name\":\"Isgalvotas (demo)\","
                      "\"birth_date\":\"1987-11-03\",\"trafficking_status\":\"possible\","
                      "\"gender\":\"masculine\"}"))
                return -1;
        return 0;
}

int demo_cases(struct cli *c, struct db *db, const struct demo_case_people *who)
{
        struct cases_run d = {.c = c, .db = db, .who = who};
        arena_init(&d.arena, 1u << 20);
        int rc = populate(&d);
        arena_free(&d.arena);
        return rc;
}

/*
 * Victims' cases across agencies: who sees what (the authorization matrix
 * over the demo's cases and referrals), identities sealed at rest, tampered
 * ciphertexts refused, the referral state machine cell by cell, the consent
 * gate, duplicates told without disclosure, and one access-log row per read.
 *
 * The demo's case work (src/cli/demo_cases.c), as each agency sees it:
 *   case 1 (Caritas): referral to Rahab accepted    -> Rahab in scope
 *   case 2 (Caritas): to the police declined, to Rahab pending
 *   case 3 (Caritas): no consent, no referral
 *   case 4 (Rahab):   referral to Caritas completed -> Caritas out of scope
 *   case 5 (Rahab):   referral to Caritas revoked   -> Caritas out of scope
 *   case 6 (Rahab):   the person of case 2 again (Caritas was notified)
 */
#include "harness.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEMO_CASES 6

/* Each demo case's family name: what must never appear out of scope. */
static const char *const canary[DEMO_CASES + 1] = {
    NULL, "Pavyzdytė", "Išgalvotas", "Pramanyta", "Example (demo)", "Sample (demo)", "Isgalvotas",
};

static void no_canary(const struct resp *r, const char *where)
{
        for (int i = 1; i <= DEMO_CASES; i++)
                CHECK(strstr(r->body, canary[i]) == NULL, "%s answers %ld and shows case %d: %s",
                      where, r->status, i, r->body);
        CHECK(strstr(r->body, "demo note") == NULL && strstr(r->body, "(demo).") == NULL,
              "%s shows a note or a reason: %s", where, r->body);
}

/* The case routes that take a case id, read side. */
static const char *const case_reads[] = {"", "/consents", "/referrals", "/services", "/notes"};
/* The owning case managers' routes. */
static const char *const manager_reads[] = {"/access-log", "/export"};

/* /api/v1/cases/{id} and what hangs on it. */
static const char *case_path(int id, const char *suffix)
{
        return test_msg("/api/v1/cases/%d%s", id, suffix);
}

enum rel { OWN, ACCEPTED, OTHER };

/* Which cases a Caritas or Rahab user sees, and how. */
static enum rel relation(const char *agency, int case_id)
{
        if (strcmp(agency, "caritas") == 0)
                return case_id <= 3 ? OWN : OTHER; /* 4 completed, 5 revoked, 6 another's */
        return case_id >= 4 ? OWN : case_id == 1 ? ACCEPTED : OTHER; /* 2 pending, 3 none */
}

API_TEST(authorization_matrix_over_roles_routes_and_relations)
{
        struct server *s = server_start(NULL);
        static const struct {
                const char *login, *agency;
                bool manager;
        } case_users[] = {
            {"caseworker", "caritas", false},
            {"casemanager", "caritas", true},
            {"rahabworker", "rahab", false},
            {"rahabmanager", "rahab", true},
        };
        static const char *const others[] = {"admin", "coordinator", "outreach", "viewer",
                                             "auditor"};
        int cells = 0;
        /* Roles without a case role: every case route refused, nothing shown. */
        for (size_t u = 0; u < sizeof(others) / sizeof(others[0]); u++) {
                struct client *c = client_login(s, others[u]);
                for (int id = 1; id <= DEMO_CASES + 1; id++) {
                        for (size_t k = 0; k < sizeof(case_reads) / sizeof(case_reads[0]); k++) {
                                struct resp *r = http_get(c, case_path(id, case_reads[k]));
                                CHECK_INT(r->status, 403);
                                no_canary(
                                    r, test_msg("%s %s", others[u], case_path(id, case_reads[k])));
                                resp_free(r);
                                cells++;
                        }
                        for (size_t k = 0; k < 2; k++) {
                                struct resp *r = http_get(c, case_path(id, manager_reads[k]));
                                CHECK_INT(r->status, 403);
                                no_canary(r, others[u]);
                                resp_free(r);
                                cells++;
                        }
                }
                static const char *const lists[] = {"/api/v1/cases", "/api/v1/cases?q=Ona",
                                                    "/api/v1/referrals", "/api/v1/referrals/1",
                                                    "/api/v1/notifications"};
                for (size_t k = 0; k < sizeof(lists) / sizeof(lists[0]); k++) {
                        struct resp *r = http_get(c, lists[k]);
                        CHECK_INT(r->status, 403);
                        no_canary(r, lists[k]);
                        resp_free(r);
                        cells++;
                }
                struct resp *w = http_json(c, "POST", "/api/v1/cases/1/notes",
                                           "{\"visibility\":\"shared\",\"body\":\"x\"}");
                CHECK_INT(w->status, 403);
                cells++;
        }
        /* Case roles: in scope 200, out of scope 404 exactly like a missing case. */
        for (size_t u = 0; u < sizeof(case_users) / sizeof(case_users[0]); u++) {
                struct client *c = client_login(s, case_users[u].login);
                struct resp *missing = http_get(c, "/api/v1/cases/999999");
                expect_error(missing, 404, "not_found", NULL);
                for (int id = 1; id <= DEMO_CASES; id++) {
                        enum rel rel = relation(case_users[u].agency, id);
                        for (size_t k = 0; k < sizeof(case_reads) / sizeof(case_reads[0]); k++) {
                                const char *path = case_path(id, case_reads[k]);
                                struct resp *r = http_get(c, path);
                                if (rel == OTHER) {
                                        CHECK(r->status == 404, "%s %s: %ld", case_users[u].login,
                                              path, r->status);
                                        CHECK_STR(r->body, missing->body);
                                        no_canary(r, path);
                                } else {
                                        CHECK(r->status == 200, "%s %s: %ld %s",
                                              case_users[u].login, path, r->status, r->body);
                                }
                                resp_free(r);
                                cells++;
                        }
                        for (size_t k = 0; k < 2; k++) {
                                const char *path = case_path(id, manager_reads[k]);
                                struct resp *r = http_get(c, path);
                                long want = !case_users[u].manager ? 403 : rel == OWN ? 200 : 404;
                                CHECK(r->status == want, "%s %s: %ld, expected %ld",
                                      case_users[u].login, path, r->status, want);
                                if (want != 200)
                                        no_canary(r, path);
                                resp_free(r);
                                cells++;
                        }
                        /* A write out of scope is refused alike, and changes nothing. */
                        if (rel == OTHER) {
                                const char *print = db_fingerprint(server_db(s));
                                struct resp *r =
                                    http_json(c, "POST", test_msg("/api/v1/cases/%d/notes", id),
                                              "{\"visibility\":\"shared\",\"body\":\"x\"}");
                                CHECK_INT(r->status, 404);
                                r = http_json(c, "PATCH", test_msg("/api/v1/cases/%d", id),
                                              "{\"phone\":\"+37060000001\"}");
                                CHECK_INT(r->status, 404);
                                no_canary(r, "PATCH");
                                CHECK_STR(db_fingerprint(server_db(s)), print);
                                cells += 2;
                        }
                }
                /* The list and its total hold the cases in scope only, without identities. */
                struct resp *r = http_get(c, "/api/v1/cases");
                CHECK_STATUS(r, 200);
                int want = strcmp(case_users[u].agency, "caritas") == 0 ? 3 : 4;
                CHECK_INT(json_int_at(r->json, "total"), want);
                CHECK_INT(json_array_size(json_at(r->json, "items")), want);
                CHECK(strstr(r->body, "\"family_name\"") == NULL, "a list shows names: %s",
                      r->body);
                /* Filters and searches count within scope too. */
                r = http_get(c, "/api/v1/cases?q=Isgalvotas");
                CHECK_STATUS(r, 200);
                CHECK_INT(json_int_at(r->json, "total"), 1);
                r = http_get(c, "/api/v1/cases?q=Pramanyta");
                CHECK_INT(json_int_at(r->json, "total"),
                          strcmp(case_users[u].agency, "caritas") == 0 ? 1 : 0);
                if (strcmp(case_users[u].agency, "rahab") == 0)
                        no_canary(r, "search out of scope");
                cells += 3;
        }
        /* A referral's parties only: the police see the referral they declined, not the case. */
        struct client *police = client_login(s, "policecases");
        struct resp *r = http_get(police, "/api/v1/referrals/2");
        CHECK_STATUS(r, 200);
        CHECK_STR(json_str_at(r->json, "status"), "declined");
        r = http_get(police, "/api/v1/cases/2");
        expect_error(r, 404, "not_found", NULL);
        no_canary(r, "the police, declined");
        r = http_get(police, "/api/v1/referrals/1");
        expect_error(r, 404, "not_found", NULL);
        r = http_get(police, "/api/v1/cases");
        CHECK_INT(json_int_at(r->json, "total"), 0);
        /* The pending referral shows Rahab what it must decide, and no identity. */
        struct client *rahab = client_login(s, "rahabmanager");
        r = http_get(rahab, "/api/v1/referrals?direction=incoming&status=pending");
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "total"), 1);
        json_t *f = json_array_get(json_at(r->json, "items"), 0);
        CHECK_STR(json_str_at(f, "gender"), "masculine");
        CHECK(json_at(f, "services") != NULL && json_at(f, "age_band") != NULL);
        CHECK(strstr(r->body, "Jonas") == NULL && strstr(r->body, canary[2]) == NULL, "%s",
              r->body);
        test_note("%d cells", cells);
}

/* ---- state machine ---- */

static const char *const states[] = {"pending", "accepted", "declined", "completed", "revoked"};
static const char *const moves[] = {"accept", "decline", "complete", "revoke"};

/* The legal (state, move, side): side 0 the referring agency, 1 the receiving one. */
static bool legal(const char *state, const char *move, int side)
{
        if (strcmp(state, "pending") == 0)
                return side == 1 ? strcmp(move, "accept") == 0 || strcmp(move, "decline") == 0
                                 : strcmp(move, "revoke") == 0;
        if (strcmp(state, "accepted") == 0)
                return side == 1 ? strcmp(move, "complete") == 0 : strcmp(move, "revoke") == 0;
        return false;
}

static const char *move_body(const char *move)
{
        return strcmp(move, "decline") == 0 ? "{\"reason\":\"no_capacity\"}" : NULL;
}

static struct resp *do_move(struct client *c, long long id, const char *move)
{
        const char *body = move_body(move);
        const char *path = test_msg("/api/v1/referrals/%lld/%s", id, move);
        return body ? http_json(c, "POST", path, body) : http(c, "POST", path, NULL, NULL, 0);
}

/* A new Caritas case with consent and a referral to Rahab, moved into state. */
static long long referral_in(struct client *from, struct client *to, const char *state, int n)
{
        struct resp *r =
            http_json(from, "POST", "/api/v1/cases",
                      test_msg("{\"given_name\":\"Busena%d\",\"family_name\":\"Machinecanary\","
                               "\"trafficking_status\":\"possible\",\"gender\":\"unknown\"}",
                               n));
        CHECK_STATUS(r, 201);
        long long case_id = json_int_at(r->json, "id");
        r = http_json(from, "POST", test_msg("/api/v1/cases/%lld/consents", case_id),
                      "{\"given_by\":\"person\",\"given_on\":\"2026-01-01\","
                      "\"scopes\":[\"share_with_agencies\"]}");
        CHECK_STATUS(r, 201);
        r = http_json(from, "POST", test_msg("/api/v1/cases/%lld/referrals", case_id),
                      "{\"to_organisation_id\":4,\"services\":[\"shelter\"]}");
        CHECK_STATUS(r, 201);
        long long id = json_int_at(r->json, "id");
        if (strcmp(state, "pending") == 0)
                return id;
        if (strcmp(state, "revoked") == 0) {
                CHECK_STATUS(do_move(from, id, "revoke"), 200);
                return id;
        }
        CHECK_STATUS(do_move(to, id, strcmp(state, "declined") == 0 ? "decline" : "accept"), 200);
        if (strcmp(state, "completed") == 0)
                CHECK_STATUS(do_move(to, id, "complete"), 200);
        return id;
}

API_TEST(referral_state_machine_every_state_move_and_side)
{
        struct server *s = server_start(NULL);
        struct client *side[2] = {client_login(s, "caseworker"), client_login(s, "rahabworker")};
        struct client *third = client_login(s, "policecases");
        int n = 0, ok = 0, refused = 0;
        for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++)
                for (size_t m = 0; m < sizeof(moves) / sizeof(moves[0]); m++)
                        for (int sd = 0; sd < 2; sd++) {
                                long long id = referral_in(side[0], side[1], states[i], ++n);
                                struct resp *before =
                                    http_get(side[0], test_msg("/api/v1/referrals/%lld", id));
                                CHECK_STR(json_str_at(before->json, "status"), states[i]);
                                const char *print = db_fingerprint(server_db(s));
                                /* A third agency is no side at all. */
                                expect_error(do_move(third, id, moves[m]), 404, "not_found", NULL);
                                struct resp *r = do_move(side[sd], id, moves[m]);
                                if (legal(states[i], moves[m], sd)) {
                                        CHECK(r->status == 200, "%s + %s by side %d: %ld %s",
                                              states[i], moves[m], sd, r->status, r->body);
                                        ok++;
                                } else {
                                        CHECK(r->status == 409, "%s + %s by side %d: %ld %s",
                                              states[i], moves[m], sd, r->status, r->body);
                                        CHECK_STR(db_fingerprint(server_db(s)), print);
                                        struct resp *after = http_get(
                                            side[0], test_msg("/api/v1/referrals/%lld", id));
                                        CHECK_STR(json_str_at(after->json, "status"), states[i]);
                                        CHECK_STR(json_str_at(after->json, "updated_at"),
                                                  json_str_at(before->json, "updated_at"));
                                        refused++;
                                }
                        }
        CHECK_INT(ok, 5);
        CHECK_INT(refused, 35);
        /* A decline needs its reason. */
        long long id = referral_in(side[0], side[1], "pending", ++n);
        struct resp *r =
            http_json(side[1], "POST", test_msg("/api/v1/referrals/%lld/decline", id), "{}");
        expect_error(r, 422, "validation_failed", "reason");
        r = http_json(side[1], "POST", test_msg("/api/v1/referrals/%lld/decline", id),
                      "{\"reason\":\"because\"}");
        expect_error(r, 422, "validation_failed", "reason");
}

API_TEST(consent_gate_override_and_withdrawal)
{
        struct server *s = server_start(NULL);
        struct client *w = client_login(s, "caseworker");
        struct client *m = client_login(s, "casemanager");
        struct client *rahab = client_login(s, "rahabworker");
        /* Case 3 has no consent: no referral, with a message naming why. */
        const char *print = db_fingerprint(server_db(s));
        struct resp *r = http_json(w, "POST", "/api/v1/cases/3/referrals",
                                   "{\"to_organisation_id\":4,\"services\":[\"shelter\"]}");
        CHECK(r->status == 409 || r->status == 422, "%ld %s", r->status, r->body);
        CHECK(strstr(r->body, "consent") != NULL, "%s", r->body);
        CHECK_STR(db_fingerprint(server_db(s)), print);
        /* A case worker cannot override; a case manager can, with 20 characters or more. */
#define OVER                                                                                       \
        "{\"to_organisation_id\":4,\"services\":[\"shelter\"],\"override_justification\":\"%s\"}"
        r = http_json(w, "POST", "/api/v1/cases/3/referrals",
                      test_msg(OVER, "immediate danger tonight, no time"));
        CHECK(r->status == 403 || r->status == 409 || r->status == 422, "%ld %s", r->status,
              r->body);
        r = http_json(m, "POST", "/api/v1/cases/3/referrals", test_msg(OVER, "too short"));
        expect_error(r, 422, "validation_failed", "override_justification");
        CHECK_STR(db_fingerprint(server_db(s)), print);
        r = http_json(m, "POST", "/api/v1/cases/3/referrals",
                      test_msg(OVER, "immediate danger tonight, consent on paper follows"));
        CHECK_STATUS(r, 201);
        long long overridden = json_int_at(r->json, "id");
        CHECK_INT(db_int(server_db(s), test_msg("SELECT count(*) FROM audit_log WHERE action = "
                                                "'referral.consent_override' AND object_id = %lld",
                                                overridden)),
                  1);
        /* A consent limited to one agency covers that one only. */
        r = http_json(w, "POST", "/api/v1/cases",
                      "{\"given_name\":\"Sutikimas\",\"family_name\":\"Consentcanary\","
                      "\"trafficking_status\":\"possible\",\"gender\":\"unknown\"}");
        CHECK_STATUS(r, 201);
        long long c = json_int_at(r->json, "id");
        r = http_json(w, "POST", test_msg("/api/v1/cases/%lld/consents", c),
                      "{\"given_by\":\"guardian\",\"given_on\":\"2026-02-01\",\"scopes\":["
                      "\"share_with_agencies\"],\"agencies\":[4]}");
        CHECK_STATUS(r, 201);
        long long consent = json_int_at(r->json, "id");
        r = http_json(w, "POST", test_msg("/api/v1/cases/%lld/referrals", c),
                      "{\"to_organisation_id\":3,\"services\":[\"legal\"]}");
        CHECK(r->status == 409 || r->status == 422, "%ld %s", r->status, r->body);
        r = http_json(w, "POST", test_msg("/api/v1/cases/%lld/referrals", c),
                      "{\"to_organisation_id\":4,\"services\":[\"shelter\"]}");
        CHECK_STATUS(r, 201);
        long long pending = json_int_at(r->json, "id");
        /* Withdrawing it revokes the open referral at once and blocks new ones. */
        r = http_json(m, "PATCH", test_msg("/api/v1/cases/%lld/consents/%lld", c, consent),
                      "{\"withdrawn_on\":\"2026-03-01\"}");
        CHECK_STATUS(r, 200);
        r = http_get(w, test_msg("/api/v1/referrals/%lld", pending));
        CHECK_STR(json_str_at(r->json, "status"), "revoked");
        r = http_json(w, "POST", test_msg("/api/v1/cases/%lld/referrals", c),
                      "{\"to_organisation_id\":4,\"services\":[\"shelter\"]}");
        CHECK(r->status == 409 || r->status == 422, "%ld %s", r->status, r->body);
        expect_error(http_get(rahab, test_msg("/api/v1/cases/%lld", c)), 404, "not_found", NULL);
}

API_TEST(duplicates_are_told_without_disclosure)
{
        struct server *s = server_start(NULL);
        struct client *w = client_login(s, "caseworker");
        struct client *rw = client_login(s, "rahabworker");
        struct client *m = client_login(s, "casemanager");
        struct resp *r = http_json(w, "POST", "/api/v1/cases",
                                   "{\"given_name\":\"Šarūnė\",\"family_name\":\"Dvynytė\","
                                   "\"birth_date\":\"2003-07-08\",\"trafficking_status\":"
                                   "\"possible\",\"gender\":\"feminine\",\"phone\":"
                                   "\"+37069999999\"}");
        CHECK_STATUS(r, 201);
        CHECK(json_is_false(json_at(r->json, "possible_duplicate_elsewhere")), "%s", r->body);
        long long first = json_int_at(r->json, "id");
        const char *reference = json_str_at(r->json, "reference");
        long long notes_before = json_int_at(http_get(m, "/api/v1/notifications")->json, "total");
        r = http_json(rw, "POST", "/api/v1/cases",
                      "{\"given_name\":\"SARUNE\",\"family_name\":\"dvynyte \","
                      "\"birth_date\":\"2003-07-08\",\"trafficking_status\":\"possible\","
                      "\"gender\":\"feminine\"}");
        CHECK_STATUS(r, 201);
        CHECK(json_is_true(json_at(r->json, "possible_duplicate_elsewhere")), "%s", r->body);
        CHECK(strstr(r->body, reference) == NULL && strstr(r->body, "+37069999999") == NULL &&
                  strstr(r->body, "Lithuanian Caritas") == NULL,
              "the warning tells something of the other case: %s", r->body);
        const char *rahab_ref = json_str_at(r->json, "reference");
        r = http_get(m, "/api/v1/notifications");
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "total"), notes_before + 1);
        json_t *n = json_array_get(json_at(r->json, "items"), 0);
        CHECK_STR(json_str_at(n, "other_organisation_name"), "Rahab");
        CHECK_STR(json_str_at(n, "other_reference"), rahab_ref);
        CHECK_INT(json_int_at(n, "case_id"), first);
        /* Within its own agency, the folded name finds the case. */
        r = http_get(w, "/api/v1/cases?q=sarune");
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "total"), 1);
        r = http_get(w, "/api/v1/cases?q=2003-07-08");
        CHECK_INT(json_int_at(r->json, "total"), 1);
        r = http_get(w, test_msg("/api/v1/cases?q=%s", reference));
        CHECK_INT(json_int_at(r->json, "total"), 1);
        /* No blind-index value appears in any answer. */
        const char *blinds =
            db_text(server_db(s), test_msg("SELECT group_concat(lower(hex(value)), ' ') FROM "
                                           "case_blind WHERE case_id = %lld",
                                           first));
        CHECK(strlen(blinds) > 60);
        struct resp *answers[] = {
            http_get(w, test_msg("/api/v1/cases/%lld", first)),
            http_get(m, test_msg("/api/v1/cases/%lld/export", first)),
            http_get(w, "/api/v1/cases?q=sarune"),
            http_get(m, "/api/v1/notifications"),
        };
        char one[65];
        for (const char *p = blinds; strlen(p) >= 64; p += 65) {
                memcpy(one, p, 64);
                one[64] = '\0';
                for (size_t i = 0; i < sizeof(answers) / sizeof(answers[0]); i++)
                        CHECK(strcasestr(answers[i]->body, one) == NULL, "a blind index shown");
        }
}

API_TEST(every_read_is_one_access_log_row_and_one_audit_entry)
{
        struct server *s = server_start(NULL);
        struct client *w = client_login(s, "caseworker");
        struct client *m = client_login(s, "casemanager");
        const char *db = server_db(s);
        long long log0 = db_int(db, "SELECT count(*) FROM case_access_log WHERE case_id = 1");
        long long aud0 = db_int(db, "SELECT count(*) FROM audit_log WHERE action = 'case.read' "
                                    "AND object_id = 1");
        enum { N = 7 };
        for (int i = 0; i < N; i++)
                CHECK_STATUS(http_get(w, "/api/v1/cases/1"), 200);
        CHECK_INT(db_int(db, "SELECT count(*) FROM case_access_log WHERE case_id = 1"), log0 + N);
        CHECK_INT(db_int(db, "SELECT count(*) FROM audit_log WHERE action = 'case.read' AND "
                             "object_id = 1"),
                  aud0 + N);
        /* A list without identities records nothing; a search with them records each row. */
        long long all0 = db_int(db, "SELECT count(*) FROM case_access_log");
        CHECK_STATUS(http_get(w, "/api/v1/cases"), 200);
        CHECK_INT(db_int(db, "SELECT count(*) FROM case_access_log"), all0);
        CHECK_STATUS(http_get(w, "/api/v1/cases?q=Pramanyta"), 200);
        CHECK_INT(db_int(db, "SELECT count(*) FROM case_access_log"), all0 + 1);
        /* The owning case managers read the log: who, which route, when. */
        struct resp *r = http_get(m, "/api/v1/cases/1/access-log?limit=100");
        CHECK_STATUS(r, 200);
        CHECK(json_int_at(r->json, "total") >= log0 + N);
        json_t *e = json_array_get(json_at(r->json, "items"), 0);
        CHECK(json_str_at(e, "route") && json_str_at(e, "login"), "%s", r->body);
        /* The audit rows name ids only. */
        CHECK_INT(db_int(db, "SELECT count(*) FROM audit_log WHERE action LIKE 'case.%' AND "
                             "(object_type <> 'case')"),
                  0);
}

/* ---- at rest ---- */

static bool file_has(const char *path, const char *needle)
{
        FILE *f = fopen(path, "rb");
        if (!f)
                return false;
        size_t cap = 64u << 20;
        char *buf = test_alloc(cap);
        size_t n = fread(buf, 1, cap, f);
        fclose(f);
        return memmem(buf, n, needle, strlen(needle)) != NULL;
}

API_TEST(canaries_never_at_rest_in_the_file_wal_backup_or_log)
{
        struct server *s = server_start(NULL);
        struct client *w = client_login(s, "caseworker");
        const char *name = "Zqxcanaryname", *note = "Zqxcanarynote", *phone = "+37061234987";
        struct resp *r = http_json(
            w, "POST", "/api/v1/cases",
            test_msg("{\"given_name\":\"%s\",\"family_name\":\"%s\",\"phone\":\"%s\","
                     "\"address\":\"Zqxcanarystreet 1\",\"trafficking_status\":\"actual\","
                     "\"gender\":\"feminine\",\"birth_date\":\"1999-12-31\"}",
                     name, name, phone));
        CHECK_STATUS(r, 201);
        long long id = json_int_at(r->json, "id");
        r = http_json(w, "POST", test_msg("/api/v1/cases/%lld/notes", id),
                      test_msg("{\"visibility\":\"own_agency\",\"body\":\"%s\"}", note));
        CHECK_STATUS(r, 201);
        r = http_json(w, "PATCH", test_msg("/api/v1/cases/%lld", id),
                      "{\"email\":\"zqxcanary@example.org\"}");
        CHECK_STATUS(r, 200);
        CHECK_STATUS(http_get(w, test_msg("/api/v1/cases?q=%s", name)), 200);
        char *out = NULL;
        const char *backup = test_path("backup.db");
        CHECK_INT(run_ecat(s, (const char *[]){"backup", backup, NULL}, NULL, &out), 0);
        struct client *admin = client_login(s, "admin");
        struct resp *csv = http_get(admin, "/api/v1/organisations.csv");
        CHECK_STATUS(csv, 200);
        const char *db = server_db(s);
        const char *wal = test_msg("%s-wal", db);
        CHECK(file_has(wal, "LT-") || file_has(db, "LT-"), "the canary check reads nothing");
        server_stop(s);
        const char *log = test_msg("%s/server.log", server_dir(s));
        const char *needles[] = {name, note, phone, "Zqxcanarystreet", "zqxcanary@"};
        for (size_t i = 0; i < sizeof(needles) / sizeof(needles[0]); i++) {
                CHECK(!file_has(db, needles[i]), "%s in the database file", needles[i]);
                CHECK(!file_has(wal, needles[i]), "%s in the WAL", needles[i]);
                CHECK(!file_has(backup, needles[i]), "%s in the backup", needles[i]);
                CHECK(!file_has(log, needles[i]), "%s in the server log", needles[i]);
                CHECK(strstr(csv->body, needles[i]) == NULL, "%s in a CSV export", needles[i]);
        }
        CHECK(file_has(log, "GET") || file_has(log, "POST") || file_has(log, "listening"),
              "no server log at %s", log);
}

/* ---- tampering ---- */

static void blob_edit(const char *db, const char *sql)
{
        db_exec(db, sql);
}

API_TEST(tampered_moved_or_old_ciphertexts_are_refused_and_logged)
{
        struct server *s = server_start(NULL);
        struct client *w = client_login(s, "caseworker");
        long long id[4];
        for (int i = 0; i < 4; i++) {
                struct resp *r = http_json(
                    w, "POST", "/api/v1/cases",
                    test_msg("{\"given_name\":\"Tamper%d\",\"family_name\":\"Tampercanary%d\","
                             "\"trafficking_status\":\"possible\",\"gender\":\"unknown\"}",
                             i, i));
                CHECK_STATUS(r, 201);
                id[i] = json_int_at(r->json, "id");
        }
        server_stop(s);
        const char *db = server_db(s);
        /* 0: one bit flipped (the nonce's first byte's low bit, through SQL arithmetic). */
        sqlite3 *h = NULL;
        CHECK(sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK);
        sqlite3_blob *b = NULL;
        CHECK(sqlite3_blob_open(h, "main", "cases", "family_name", id[0], 1, &b) == SQLITE_OK);
        unsigned char v;
        CHECK(sqlite3_blob_read(b, &v, 1, 5) == SQLITE_OK);
        v ^= 0x10;
        CHECK(sqlite3_blob_write(b, &v, 1, 5) == SQLITE_OK);
        sqlite3_blob_close(b);
        sqlite3_close(h);
        /* 1: another row's ciphertext; 2: another column's; 3: claimed by another version. */
        blob_edit(db, test_msg("UPDATE cases SET family_name = (SELECT family_name FROM cases "
                               "WHERE id = %lld) WHERE id = %lld",
                               id[3], id[1]));
        blob_edit(db, test_msg("UPDATE cases SET family_name = given_name WHERE id = %lld", id[2]));
        db_exec(db, "INSERT INTO field_keys (version, created_at) VALUES (2, 0)");
        blob_edit(db, test_msg("UPDATE cases SET key_version = 2 WHERE id = %lld", id[3]));
        server_restart(s);
        w = client_login(s, "caseworker");
        for (int i = 0; i < 4; i++) {
                struct resp *r = http_get(w, test_msg("/api/v1/cases/%lld", id[i]));
                CHECK(r->status == 500, "tampering %d answered %ld: %s", i, r->status, r->body);
                CHECK(strstr(r->body, "Tamper") == NULL, "%s", r->body);
        }
        server_stop(s);
        const char *log = test_msg("%s/server.log", server_dir(s));
        for (int i = 0; i < 4; i++)
                /* The first column opened is the one named: a wrong version fails at given_name. */
                CHECK(file_has(log, test_msg("table=cases column=%s row=%lld",
                                             i == 3 ? "given_name" : "family_name", id[i])),
                      "tampering %d is not logged with its row", i);
        CHECK(!file_has(log, "Tampercanary"));
}

/* The case list's referral counts and a referral's due_at follow its state and the settings. */
API_TEST(referral_deadlines_and_the_case_lists_counts)
{
        const char *args[] = {"--referral-answer-days", "2", NULL};
        struct server *s = server_start(args);
        struct client *caritas = client_login(s, "caseworker"),
                      *rahab = client_login(s, "rahabworker");
        long long id = referral_in(caritas, rahab, "pending", 1);
        struct resp *r = http_get(caritas, test_msg("/api/v1/referrals/%lld", id));
        long long case_id = json_int_at(r->json, "case_id");
        CHECK(json_is_false(json_at(r->json, "overdue")));
        /* Due two days after it was made. */
        long long made =
            (long long)db_int(server_db(s), test_msg("SELECT created_at FROM referrals "
                                                     "WHERE id = %lld",
                                                     id));
        long long due = (long long)db_int(
            server_db(s), test_msg("SELECT unixepoch('%s')", json_str_at(r->json, "due_at")));
        CHECK_INT(due - made, 2 * 86400);

        /* The owning agency's list counts it open, not overdue. */
        r = http_get(caritas, "/api/v1/cases?limit=200");
        json_t *row = NULL, *it;
        size_t i;
        json_array_foreach(json_at(r->json, "items"), i, it) if (json_int_at(it, "id") == case_id)
            row = it;
        CHECK(row, "the case is listed");
        CHECK_INT(json_int_at(row, "open_referrals"), 1);
        CHECK_INT(json_int_at(row, "overdue_referrals"), 0);

        /* Three days old: overdue, in the referral and in the list. */
        server_stop(s);
        db_exec(server_db(s), test_msg("UPDATE referrals SET created_at = created_at - 3 * 86400 "
                                       "WHERE id = %lld",
                                       id));
        struct server *s2 = server_start_db(server_db(s), args);
        caritas = client_login(s2, "caseworker");
        rahab = client_login(s2, "rahabworker");
        r = http_get(caritas, test_msg("/api/v1/referrals/%lld", id));
        CHECK(json_is_true(json_at(r->json, "overdue")));
        r = http_get(caritas, "/api/v1/cases?limit=200");
        json_array_foreach(json_at(r->json, "items"), i, it) if (json_int_at(it, "id") == case_id)
            CHECK_INT(json_int_at(it, "overdue_referrals"), 1);

        /* Accepted: the outcome is due 30 days after the answer; declined: nothing is due. */
        CHECK_STATUS(do_move(rahab, id, "accept"), 200);
        r = http_get(caritas, test_msg("/api/v1/referrals/%lld", id));
        CHECK(json_is_false(json_at(r->json, "overdue")));
        CHECK(json_is_string(json_at(r->json, "due_at")));
        long long declined = referral_in(caritas, rahab, "declined", 2);
        r = http_get(caritas, test_msg("/api/v1/referrals/%lld", declined));
        CHECK(json_is_null(json_at(r->json, "due_at")));
        /* The list counts only open referrals. */
        long long declined_case = json_int_at(r->json, "case_id");
        r = http_get(caritas, "/api/v1/cases?limit=200");
        json_array_foreach(json_at(r->json, "items"), i,
                           it) if (json_int_at(it, "id") == declined_case)
            CHECK_INT(json_int_at(it, "open_referrals"), 0);
}

/*
 * Business engagement over the API: agreements (create, read, update,
 * delete, list filters, CSV export, every validation rule, partner scope and
 * roles, the signed document's file) and the engagement pipeline (the same, the stage history with
 * skipped stages, declined and back, the unique pair, the overdue filter).
 */
#include "programme_fixture.h"

#include <stdbool.h>
#include <string.h>
#include <unistd.h>

/* An agreement's body; kind and status as given ("code_of_conduct", "draft" when NULL). */
static const char *agreement_as(const struct fx_project *p, int64_t org, int64_t run_by,
                                const char *kind, const char *status, const char *extra)
{
        return test_msg("{\"project_id\":%lld,\"organisation_id\":%lld,\"run_by\":%lld,"
                        "\"kind\":\"%s\",\"status\":\"%s\"%s}",
                        (long long)p->id, (long long)org, (long long)run_by,
                        kind ? kind : "code_of_conduct", status ? status : "draft", extra);
}

static const char *agreement_json(const struct fx_project *p, int64_t org, int64_t run_by,
                                  const char *extra)
{
        return agreement_as(p, org, run_by, NULL, NULL, extra);
}

static const char *engagement_json(const struct fx_project *p, int64_t org, int64_t run_by,
                                   const char *extra)
{
        return test_msg("{\"project_id\":%lld,\"organisation_id\":%lld,\"run_by\":%lld%s}",
                        (long long)p->id, (long long)org, (long long)run_by, extra);
}

API_TEST(agreement_lifecycle)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "coordinator");
        struct fx_project p;
        fx_project(c, s, &p);
        int64_t hotel = fx_org(s, "Hotel Neringa", "hotel", "LT", "Vilnius city");
        struct resp *r =
            http_json(c, "POST", "/api/v1/agreements",
                      agreement_as(&p, hotel, p.caritas_org, NULL, "signed",
                                   ",\"signed\":\"2013-10-03\","
                                   "\"expires\":\"2015-10-03\",\"notes\":\"Staff code.\""));
        CHECK_STATUS(r, 201);
        long long id = json_int_at(r->json, "id");
        CHECK_STR(resp_header(r, "Location"), test_msg("/api/v1/agreements/%lld", id));
        CHECK_STR(json_str_at(r->json, "organisation_name"), "Hotel Neringa");
        CHECK_STR(json_str_at(r->json, "run_by_name"), "Lithuanian Caritas");
        CHECK_STR(json_str_at(r->json, "kind"), "code_of_conduct");
        CHECK_STR(json_str_at(r->json, "status"), "signed");
        CHECK_STR(json_str_at(r->json, "signed"), "2013-10-03");
        CHECK_STR(json_str_at(r->json, "expires"), "2015-10-03");
        const char *one = test_msg("/api/v1/agreements/%lld", id);
        r = http_get(c, one);
        CHECK_STATUS(r, 200);
        CHECK_STR(json_str_at(r->json, "notes"), "Staff code.");

        /* A draft without dates; the list's filters. */
        int64_t draft =
            fx_create(c, "/api/v1/agreements",
                      agreement_as(&p, hotel, p.caritas_org, "pledge", NULL, ",\"signed\":null"));
        r = http_get(c, test_msg("/api/v1/agreements?project=%lld", (long long)p.id));
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "total"), 2);
        r = http_get(c, test_msg("/api/v1/agreements?project=%lld&kind=pledge", (long long)p.id));
        CHECK_INT(json_int_at(r->json, "total"), 1);
        CHECK_INT(json_int_at(json_array_get(json_at(r->json, "items"), 0), "id"), draft);
        CHECK(json_is_null(json_at(json_array_get(json_at(r->json, "items"), 0), "signed")));
        r = http_get(
            c, test_msg("/api/v1/agreements?organisation=%lld&status=signed", (long long)hotel));
        CHECK_INT(json_int_at(r->json, "total"), 1);
        r = http_get(c, "/api/v1/agreements?status=withdrawn");
        CHECK_INT(json_int_at(r->json, "total"), 0);
        expect_error(http_get(c, "/api/v1/agreements?kind=handshake"), 400, "bad_request", NULL);

        /* CSV export: a header and one line per agreement. */
        r = http_get(c, test_msg("/api/v1/agreements.csv?project=%lld", (long long)p.id));
        CHECK_STATUS(r, 200);
        CHECK(strstr(resp_header(r, "Content-Type"), "text/csv") != NULL);
        CHECK(strncmp(r->body, "id,organisation_id,organisation_name,project_id,run_by", 54) == 0);
        CHECK(strstr(r->body, "Hotel Neringa") != NULL);
        CHECK(strstr(r->body, "code_of_conduct") && strstr(r->body, "pledge"));

        /* PATCH: the merged record is checked again. */
        r = http_json(c, "PATCH", one, "{\"status\":\"withdrawn\"}");
        CHECK_STATUS(r, 200);
        CHECK_STR(json_str_at(r->json, "status"), "withdrawn");
        CHECK_STR(json_str_at(r->json, "signed"), "2013-10-03");
        const char *before = db_fingerprint(server_db(s));
        fx_refused(c, "PATCH", one, "{\"expires\":\"2013-01-01\"}", 422, "validation_failed",
                   "expires");
        fx_refused(c, "PATCH", test_msg("/api/v1/agreements/%lld", (long long)draft),
                   "{\"status\":\"signed\"}", 422, "validation_failed", "signed");
        CHECK_STR(db_fingerprint(server_db(s)), before);

        /* Viewers read; outreach workers do not write agreements. */
        struct client *viewer = client_login(s, "viewer");
        CHECK_STATUS(http_get(viewer, one), 200);
        expect_error(http_json(viewer, "PATCH", one, "{\"notes\":\"x\"}"), 403, "forbidden", NULL);
        struct client *outreach = client_login(s, "outreach");
        CHECK_STATUS(http_get(outreach, one), 200);
        expect_error(http_json(outreach, "POST", "/api/v1/agreements",
                               agreement_json(&p, hotel, p.caritas_org, "")),
                     403, "forbidden", NULL);

        CHECK_STATUS(http(c, "DELETE", one, NULL, NULL, 0), 204);
        expect_error(http_get(c, one), 404, "not_found", NULL);
        CHECK(db_int(server_db(s),
                     test_msg("SELECT count(*) FROM audit_log WHERE object_type = 'agreement' "
                              "AND object_id = %lld AND outcome = 'ok'",
                              id)) == 3); /* create, update, delete */
}

static const char DOC[] = "%PDF-1.4\n% pledge\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

/* The signed document: uploaded, typed by content, downloaded, scoped, removed with the agreement.
 */
API_TEST(agreement_document_file)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "coordinator");
        struct fx_project p;
        fx_project(c, s, &p);
        int64_t hotel = fx_org(s, "Hotel Neringa", "hotel", "LT", "Vilnius city");
        long long id = fx_create(c, "/api/v1/agreements",
                                 agreement_as(&p, hotel, p.caritas_org, "pledge", "signed",
                                              ",\"signed\":\"2014-02-03\""));
        const char *file = test_msg("/api/v1/agreements/%lld/file", id);
        expect_error(http_get(c, file), 404, "not_found", NULL);

        struct resp *r = http(c, "PUT", test_msg("%s?name=pledge.pdf", file),
                              "application/octet-stream", DOC, sizeof(DOC) - 1);
        CHECK_STATUS(r, 200);
        CHECK_STR(json_str_at(r->json, "file_type"), "application/pdf");
        CHECK_STR(json_str_at(r->json, "file_name"), "pledge.pdf");
        CHECK_INT(json_int_at(r->json, "file_size"), (long long)(sizeof(DOC) - 1));
        const char *hash = test_msg("%s", json_str_at(r->json, "file_sha256"));
        CHECK(strlen(hash) == 64);
        r = http_get(c, file);
        CHECK_STATUS(r, 200);
        CHECK(r->len == sizeof(DOC) - 1 && memcmp(r->body, DOC, r->len) == 0);
        CHECK_STR(resp_header(r, "Content-Type"), "application/pdf");
        CHECK(strstr(resp_header(r, "Content-Disposition"), "pledge.pdf") != NULL);
        CHECK_STR(resp_header(r, "ETag"), test_msg("\"%s\"", hash));

        /* A web page is not a document; nothing changes. */
        struct client *borough = fx_user(s, "coordinator", p.borough_org);
        const char *before = db_fingerprint(server_db(s));
        expect_error(
            http(c, "PUT", file, "application/octet-stream", "<html><body>x</body></html>", 27),
            415, "unsupported_media_type", "file");
        CHECK_STR(db_fingerprint(server_db(s)), before);
        /* Another partner's coordinator neither replaces nor removes it: out of scope, 404. */
        expect_error(http(borough, "PUT", file, "application/octet-stream", DOC, sizeof(DOC) - 1),
                     404, "not_found", NULL);
        expect_error(http(borough, "DELETE", file, NULL, NULL, 0), 404, "not_found", NULL);
        CHECK_STR(db_fingerprint(server_db(s)), before);
        /* Read by those who read agreements; written only with agreement.write. */
        CHECK_STATUS(http_get(client_login(s, "viewer"), file), 200);
        expect_error(http(client_login(s, "outreach"), "PUT", file, "application/octet-stream", DOC,
                          sizeof(DOC) - 1),
                     403, "forbidden", NULL);

        /* The stored file is the material file store's; deleting the agreement removes it. */
        const char *stored = test_msg("%s-files/%.2s/%s", server_db(s), hash, hash);
        CHECK(access(stored, F_OK) == 0, "%s is stored", stored);
        CHECK_INT(db_int(server_db(s),
                         test_msg("SELECT count(*) FROM audit_log WHERE object_type = 'agreement' "
                                  "AND object_id = %lld AND action = 'agreement.file_upload'",
                                  id)),
                  1);
        CHECK_STATUS(http(c, "DELETE", file, NULL, NULL, 0), 204);
        expect_error(http(c, "DELETE", file, NULL, NULL, 0), 404, "not_found", NULL);
        CHECK(access(stored, F_OK) != 0, "an unused file leaves the store");
        CHECK_STATUS(http(c, "PUT", file, "application/octet-stream", DOC, sizeof(DOC) - 1), 200);
        CHECK(access(stored, F_OK) == 0);
        CHECK_STATUS(http(c, "DELETE", test_msg("/api/v1/agreements/%lld", id), NULL, NULL, 0),
                     204);
        CHECK(access(stored, F_OK) != 0, "the agreement's file goes with it");
}

API_TEST(agreement_validation)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "coordinator");
        struct fx_project p;
        fx_project(c, s, &p);
        int64_t biz = fx_org(s, "UAB Statyba", "business", "LT", "Kaunas city");
        int64_t school = fx_org(s, "Kauno mokykla", "school", "LT", "Kaunas city");
        int64_t rahab = fx_org_id(s, "Rahab");
        int64_t run = p.caritas_org;
        struct client *rahab_coord = fx_user(s, "coordinator", rahab);
        const char *before = db_fingerprint(server_db(s));
        struct {
                const char *json, *field;
        } bad[] = {
            {agreement_json(&p, biz, run, ",\"colour\":\"red\""), "colour"},
            {agreement_as(&p, biz, run, "handshake", NULL, ""), "kind"},
            {agreement_as(&p, biz, run, NULL, "lost", ""), "status"},
            {agreement_json(&p, biz, run, ",\"signed\":\"2999-01-01\""), "signed"},
            {agreement_json(&p, biz, run, ",\"signed\":\"2013-02-29\""), "signed"},
            {agreement_json(&p, biz, run, ",\"signed\":\"2013-10-03\",\"expires\":\"2013-10-02\""),
             "expires"},
            {agreement_as(&p, biz, run, NULL, "signed", ""), "signed"},
            {agreement_json(&p, biz, run, test_msg(",\"notes\":\"%s\"", str_repeat("n", 10001))),
             "notes"},
            {agreement_json(&p, 999999, run, ""), "organisation_id"},
            {agreement_json(&p, school, run, ""), "organisation_id"},
            {test_msg("{\"project_id\":999999,\"organisation_id\":%lld,\"run_by\":%lld,"
                      "\"kind\":\"pledge\",\"status\":\"draft\"}",
                      (long long)biz, (long long)run),
             "project_id"},
            {test_msg("{\"project_id\":%lld,\"organisation_id\":%lld,\"run_by\":%lld,"
                      "\"status\":\"draft\"}",
                      (long long)p.id, (long long)biz, (long long)run),
             "kind"},
        };
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
                fx_refused(c, "POST", "/api/v1/agreements", bad[i].json, 422, "validation_failed",
                           bad[i].field);
        /* run_by not a partner, then a partner other than the caller's: out of scope, 404. */
        fx_refused(rahab_coord, "POST", "/api/v1/agreements", agreement_json(&p, biz, rahab, ""),
                   422, "validation_failed", "run_by");
        fx_refused(c, "POST", "/api/v1/agreements", agreement_json(&p, biz, p.borough_org, ""), 404,
                   "not_found", NULL);
        CHECK_STR(db_fingerprint(server_db(s)), before);
}

API_TEST(engagement_pipeline)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "coordinator");
        struct client *outreach = client_login(s, "outreach");
        struct fx_project p;
        fx_project(c, s, &p);
        int64_t biz = fx_org(s, "UAB Logistika", "business", "LT", "Klaipėda city");
        int64_t hotel = fx_org(s, "Hotel Baltija", "hotel", "LT", "Klaipėda city");
        struct resp *r = http_json(
            outreach, "POST", "/api/v1/engagements",
            engagement_json(&p, biz, p.caritas_org,
                            ",\"stage\":\"contacted\",\"next_follow_up\":\"2013-11-01\""));
        CHECK_STATUS(r, 201);
        long long id = json_int_at(r->json, "id");
        CHECK_STR(json_str_at(r->json, "stage"), "contacted");
        CHECK_STR(json_str_at(r->json, "organisation_name"), "UAB Logistika");
        const char *one = test_msg("/api/v1/engagements/%lld", id);
        const char *stages = test_msg("/api/v1/engagements/%lld/stages", id);

        /* A second engagement of the same business in the project: 409 naming it. */
        fx_refused(outreach, "POST", "/api/v1/engagements",
                   engagement_json(&p, biz, p.caritas_org, ",\"stage\":\"met\""), 409, "conflict",
                   "organisation_id");
        /* Bad input, and out-of-scope partners. */
        const char *before = db_fingerprint(server_db(s));
        fx_refused(outreach, "POST", "/api/v1/engagements",
                   engagement_json(&p, hotel, p.caritas_org, ",\"stage\":\"flirting\""), 422,
                   "validation_failed", "stage");
        fx_refused(outreach, "POST", "/api/v1/engagements",
                   engagement_json(&p, hotel, p.caritas_org, ",\"stage\":\"met\",\"x\":1"), 422,
                   "validation_failed", "x");
        fx_refused(outreach, "POST", "/api/v1/engagements",
                   engagement_json(&p, hotel, p.caritas_org,
                                   ",\"stage\":\"met\",\"next_follow_up\":\"soon\""),
                   422, "validation_failed", "next_follow_up");
        fx_refused(outreach, "POST", "/api/v1/engagements",
                   engagement_json(&p, fx_org_id(s, "Rahab"), p.caritas_org, ",\"stage\":\"met\""),
                   422, "validation_failed", "organisation_id");
        fx_refused(outreach, "POST", "/api/v1/engagements",
                   engagement_json(&p, hotel, p.borough_org, ",\"stage\":\"met\""), 404,
                   "not_found", NULL);
        fx_refused(outreach, "PATCH", one, test_msg("{\"run_by\":%lld}", (long long)p.borough_org),
                   404, "not_found", NULL);
        fx_refused(outreach, "PATCH", one, "{\"stage\":null}", 422, "validation_failed", "stage");
        CHECK_STR(db_fingerprint(server_db(s)), before);
        expect_error(http_json(client_login(s, "viewer"), "POST", "/api/v1/engagements",
                               engagement_json(&p, hotel, p.caritas_org, ",\"stage\":\"met\"")),
                     403, "forbidden", NULL);

        /* A jump over two stages is accepted and recorded; a PATCH without a stage adds none. */
        CHECK_STATUS(http_json(outreach, "PATCH", one, "{\"stage\":\"trained\"}"), 200);
        CHECK_STATUS(http_json(outreach, "PATCH", one, "{\"notes\":\"Trained 12 staff.\"}"), 200);
        CHECK_STATUS(http_json(outreach, "PATCH", one, "{\"stage\":\"declined\"}"), 200);
        CHECK_STATUS(http_json(outreach, "PATCH", one, "{\"stage\":\"met\"}"), 200);
        r = http_get(c, stages);
        CHECK_STATUS(r, 200);
        json_t *items = json_at(r->json, "items");
        CHECK_INT(json_array_size(items), 4);
        const char *want[] = {"contacted", "trained", "declined", "met"};
        for (size_t i = 0; i < 4 && i < json_array_size(items); i++)
                CHECK_STR(json_str_at(json_array_get(items, i), "stage"), want[i]);
        json_t *first = json_array_get(items, 0), *jump = json_array_get(items, 1);
        CHECK(json_is_null(json_at(first, "from_stage")));
        CHECK_INT(json_array_size(json_at(first, "skipped")), 0);
        CHECK_STR(json_str_at(jump, "from_stage"), "contacted");
        CHECK_INT(json_array_size(json_at(jump, "skipped")), 2);
        /* Who moved it: the user's display name, else the login. */
        CHECK_STR(json_str_at(jump, "by"), "outreach");
        db_exec(server_db(s),
                "UPDATE users SET display_name = 'Ona Outreach' WHERE login = 'outreach'");
        r = http_get(c, stages);
        CHECK_STR(json_str_at(json_array_get(json_at(r->json, "items"), 1), "by"), "Ona Outreach");
        CHECK_STR(json_string_value(json_array_get(json_at(jump, "skipped"), 0)), "met");
        CHECK_STR(json_string_value(json_array_get(json_at(jump, "skipped"), 1)), "committed");
        CHECK_STR(json_str_at(json_array_get(items, 3), "from_stage"), "declined");
        CHECK_INT(json_array_size(json_at(json_array_get(items, 3), "skipped")), 0);
        CHECK(json_int_at(jump, "user_id") > 0);
        CHECK(json_str_at(jump, "date") != NULL);
        expect_error(http_get(c, "/api/v1/engagements/999999/stages"), 404, "not_found", NULL);

        /* Filters: project, stage, overdue (follow-up before today). */
        fx_create(outreach, "/api/v1/engagements",
                  engagement_json(&p, hotel, p.caritas_org,
                                  ",\"stage\":\"committed\",\"next_follow_up\":\"2999-01-01\""));
        r = http_get(c, test_msg("/api/v1/engagements?project=%lld", (long long)p.id));
        CHECK_INT(json_int_at(r->json, "total"), 2);
        r = http_get(c, test_msg("/api/v1/engagements?project=%lld&stage=met", (long long)p.id));
        CHECK_INT(json_int_at(r->json, "total"), 1);
        r = http_get(c, test_msg("/api/v1/engagements?project=%lld&overdue=true", (long long)p.id));
        CHECK_INT(json_int_at(r->json, "total"), 1);
        CHECK_INT(json_int_at(json_array_get(json_at(r->json, "items"), 0), "id"), id);
        expect_error(http_get(c, "/api/v1/engagements?stage=flirting"), 400, "bad_request", NULL);

        /* Delete takes the history with it. */
        CHECK_STATUS(http(outreach, "DELETE", one, NULL, NULL, 0), 204);
        expect_error(http_get(c, one), 404, "not_found", NULL);
        CHECK(db_int(server_db(s),
                     test_msg("SELECT count(*) FROM engagement_stages WHERE engagement_id = %lld",
                              id)) == 0);
}

/* The indicator of project p named metric (target 10) as the dashboard shows it: its achieved. */
static long long dashboard_achieved(struct client *c, const struct fx_project *p, int64_t id)
{
        struct resp *r = http_get(c, test_msg("/api/v1/projects/%lld/dashboard", (long long)p->id));
        CHECK_STATUS(r, 200);
        return fx_int(fx_find_int(json_at(r->json, "indicators"), "id", id), "achieved");
}

API_TEST(engagement_indicators)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "coordinator");
        struct fx_project p;
        fx_project(c, s, &p);
        int64_t a = fx_org(s, "UAB Alfa", "business", "LT", "Vilnius city");
        int64_t b = fx_org(s, "Hotel Beta", "hotel", "LV", NULL);
        int64_t d = fx_org(s, "UAB Delta", "business", "LT", "Vilnius city");
        const char *inds = test_msg("/api/v1/projects/%lld/indicators", (long long)p.id);
        int64_t committed = fx_create(p.lead, inds,
                                      "{\"name\":\"Businesses committed\",\"metric\":"
                                      "\"businesses_engaged\",\"target\":10}");
        int64_t met = fx_create(p.lead, inds,
                                test_msg("{\"name\":\"Met\",\"metric\":\"businesses_engaged:met\","
                                         "\"target\":10,\"targets\":[{\"partner_id\":%lld,"
                                         "\"target\":1}]}",
                                         (long long)p.borough));
        int64_t active = fx_create(p.lead, inds,
                                   "{\"name\":\"Active\",\"metric\":\"businesses_engaged:active\","
                                   "\"target\":10}");
        int64_t signed_lt = fx_create(p.lead, inds,
                                      "{\"name\":\"Signed in LT\",\"metric\":\"agreements_signed\","
                                      "\"country\":\"LT\",\"target\":10}");
        fx_refused(p.lead, "POST", inds,
                   "{\"name\":\"x\",\"metric\":\"businesses_engaged\",\"kinds\":[\"hotel\"],"
                   "\"target\":1}",
                   422, "validation_failed", "kinds");
        fx_refused(p.lead, "POST", inds,
                   "{\"name\":\"x\",\"metric\":\"businesses_engaged:declined\",\"target\":1}", 422,
                   "validation_failed", "metric");
        CHECK_INT(dashboard_achieved(c, &p, committed), 0);

        /* a: contacted -> trained (a jump: committed is reached); b: met -> declined. */
        int64_t ea = fx_create(c, "/api/v1/engagements",
                               engagement_json(&p, a, p.caritas_org, ",\"stage\":\"contacted\""));
        CHECK_INT(dashboard_achieved(c, &p, committed), 0);
        CHECK_STATUS(http_json(c, "PATCH", test_msg("/api/v1/engagements/%lld", (long long)ea),
                               "{\"stage\":\"trained\"}"),
                     200);
        /* The dashboard changes right after the write: no page kept before it is served. */
        CHECK_INT(dashboard_achieved(c, &p, committed), 1);
        int64_t eb = fx_create(c, "/api/v1/engagements",
                               engagement_json(&p, b, p.caritas_org, ",\"stage\":\"met\""));
        CHECK_STATUS(http_json(c, "PATCH", test_msg("/api/v1/engagements/%lld", (long long)eb),
                               "{\"stage\":\"declined\"}"),
                     200);
        fx_create(p.lead, "/api/v1/engagements",
                  engagement_json(&p, d, p.borough_org, ",\"stage\":\"active\""));
        struct resp *r = http_get(c, test_msg("/api/v1/indicators/%lld", (long long)committed));
        CHECK_INT(json_int_at(r->json, "achieved"), 2); /* a (trained), d (active) */
        r = http_get(c, test_msg("/api/v1/indicators/%lld", (long long)met));
        CHECK_INT(json_int_at(r->json, "achieved"), 3); /* b met once, then declined */
        CHECK_INT(fx_int(json_array_get(json_at(r->json, "targets"), 0), "achieved"), 1); /* d */
        CHECK_INT(dashboard_achieved(c, &p, active), 1);

        /* Agreements: signed or expired with a signed date count; drafts and withdrawn do not. */
        fx_create(
            c, "/api/v1/agreements",
            agreement_as(&p, a, p.caritas_org, "pledge", "signed", ",\"signed\":\"2013-10-03\""));
        fx_create(c, "/api/v1/agreements",
                  agreement_as(&p, a, p.caritas_org, "memorandum", "expired",
                               ",\"signed\":\"2013-06-01\",\"expires\":\"2014-06-01\""));
        fx_create(c, "/api/v1/agreements",
                  agreement_as(&p, a, p.caritas_org, "data_sharing", "withdrawn",
                               ",\"signed\":\"2013-06-01\""));
        fx_create(c, "/api/v1/agreements", agreement_as(&p, a, p.caritas_org, NULL, NULL, ""));
        fx_create(
            c, "/api/v1/agreements",
            agreement_as(&p, b, p.caritas_org, "pledge", "signed", ",\"signed\":\"2013-10-03\""));
        CHECK_INT(dashboard_achieved(c, &p, signed_lt), 2); /* b is in LV */

        /* The dashboard's engagement and cooperation figures. */
        int64_t clinic = fx_org(s, "Vilniaus poliklinika", "health_service", "LT", "Vilnius city");
        fx_activity(c, &p, a, p.caritas_org, "2013-10-03", "meeting", 0, 0);
        int64_t at_b = fx_activity(c, &p, b, p.caritas_org, "2013-10-04", "meeting", 0, 0);
        fx_activity(c, &p, clinic, p.caritas_org, "2013-10-05", "meeting", 0, 2);
        int64_t lecture =
            fx_activity(c, &p, a, p.caritas_org, "2013-10-06", "lecture", 0, 0); /* not a meeting */
        fx_activity(p.lead, &p, clinic, p.borough_org, "2013-10-07", "meeting", 0, 1);
        r = http_get(c, test_msg("/api/v1/projects/%lld/dashboard", (long long)p.id));
        CHECK_STATUS(r, 200);
        json_t *stages = json_at(r->json, "engagement.stages");
        CHECK_INT(fx_int(stages, "trained"), 1);
        CHECK_INT(fx_int(stages, "declined"), 1);
        CHECK_INT(fx_int(stages, "active"), 1);
        CHECK_INT(fx_int(stages, "contacted"), 0);
        json_t *ag = json_at(r->json, "engagement.agreements");
        CHECK_INT(json_array_size(ag), 4); /* pledge/signed (2), memorandum, data_sharing, draft */
        json_t *pledges = fx_find(ag, "kind", "pledge");
        CHECK_STR(json_string_value(json_object_get(pledges, "status")), "signed");
        CHECK_INT(fx_int(pledges, "count"), 2);
        json_t *coop = json_at(r->json, "cooperation");
        json_t *caritas = fx_find_int(coop, "organisation_id", p.caritas_org);
        json_t *borough = fx_find_int(coop, "organisation_id", p.borough_org);
        CHECK(caritas && borough);
        CHECK_INT(fx_int(caritas, "business_meetings"), 2);
        CHECK_INT(fx_int(caritas, "health_service_meetings"), 1);
        CHECK_INT(fx_int(borough, "business_meetings"), 0);
        CHECK_INT(fx_int(borough, "health_service_meetings"), 1);

        /* The figures follow every change that moves a meeting (they are kept on write). */
        CHECK_STATUS(http_json(c, "PATCH", test_msg("/api/v1/activities/%lld", (long long)lecture),
                               "{\"kind\":\"meeting\"}"),
                     200);
        CHECK_STATUS(
            http(c, "DELETE", test_msg("/api/v1/activities/%lld", (long long)at_b), NULL, NULL, 0),
            204);
        CHECK_STATUS(http_json(c, "PATCH",
                               test_msg("/api/v1/organisations/%lld", (long long)clinic),
                               "{\"kind\":\"ngo\"}"),
                     200);
        r = http_get(c, test_msg("/api/v1/projects/%lld/dashboard", (long long)p.id));
        coop = json_at(r->json, "cooperation");
        caritas = fx_find_int(coop, "organisation_id", p.caritas_org);
        CHECK(caritas != NULL);
        CHECK_INT(fx_int(caritas, "business_meetings"), 2); /* a twice; b's meeting is gone */
        CHECK_INT(fx_int(caritas, "health_service_meetings"), 0);
        CHECK(fx_find_int(coop, "organisation_id", p.borough_org) == NULL); /* none left */
        CHECK_STATUS(http_json(c, "PATCH",
                               test_msg("/api/v1/organisations/%lld", (long long)clinic),
                               "{\"kind\":\"health_service\"}"),
                     200);
        r = http_get(c, test_msg("/api/v1/projects/%lld/dashboard", (long long)p.id));
        coop = json_at(r->json, "cooperation");
        CHECK_INT(
            fx_int(fx_find_int(coop, "organisation_id", p.caritas_org), "health_service_meetings"),
            1);
        borough = fx_find_int(coop, "organisation_id", p.borough_org);
        CHECK(borough != NULL);
        CHECK_INT(fx_int(borough, "health_service_meetings"), 1);

        /* The business's cooperation record: meetings, staff trainings, agreements, engagement. */
        fx_activity(c, &p, a, p.caritas_org, "2013-10-08", "training", 0, 0);
        int64_t staff = fx_create(
            c, "/api/v1/activities",
            test_msg("{\"project_id\":%lld,\"organisation_id\":%lld,\"run_by\":%lld,"
                     "\"date\":\"2013-10-09\",\"kind\":\"training\",\"business_staff\":12}",
                     (long long)p.id, (long long)a, (long long)p.caritas_org));
        r = http_get(c, test_msg("/api/v1/organisations/%lld/activities", (long long)a));
        CHECK_STATUS(r, 200);
        CHECK_INT(json_array_size(json_at(r->json, "meetings")), 2); /* the lecture became one */
        CHECK_STR(json_str_at(json_array_get(json_at(r->json, "meetings"), 0), "kind"), "meeting");
        CHECK_INT(json_array_size(json_at(r->json, "trainings")), 1);
        CHECK_INT(fx_int(json_array_get(json_at(r->json, "trainings"), 0), "id"), staff);
        CHECK_INT(json_array_size(json_at(r->json, "agreements")), 4);
        CHECK_INT(json_array_size(json_at(r->json, "engagements")), 1);
        CHECK_INT(fx_int(json_array_get(json_at(r->json, "engagements"), 0), "id"), ea);
        /* The organisation's own answer keeps its shape. */
        r = http_get(c, test_msg("/api/v1/organisations/%lld", (long long)a));
        CHECK_STATUS(r, 200);
        CHECK(json_at(r->json, "meetings") == NULL);
        expect_error(http_get(c, "/api/v1/organisations/999999/activities"), 404, "not_found",
                     NULL);
}

API_TEST(agreement_document_over_limit_keeps_nothing)
{
        const char *args[] = {"--material-file-limit", "4096", NULL};
        struct server *s = server_start(args);
        struct client *c = client_login(s, "coordinator");
        struct fx_project p;
        fx_project(c, s, &p);
        int64_t hotel = fx_org(s, "Hotel Over Limit", "hotel", "LT", "Vilnius city");
        long long id = fx_create(c, "/api/v1/agreements",
                                 agreement_as(&p, hotel, p.caritas_org, "pledge", "signed",
                                              ",\"signed\":\"2014-02-03\""));
        const char *file = test_msg("/api/v1/agreements/%lld/file", id);
        CHECK_STATUS(http(c, "PUT", file, "application/octet-stream", DOC, sizeof(DOC) - 1), 200);
        const char *before = db_fingerprint(server_db(s));
        int stored = server_stored_files(s);
        size_t n = 8192;
        char *big = test_alloc(n);
        memset(big, 'x', n);
        memcpy(big, "%PDF-1.4\n", 9);
        /* declared too large: refused on the headers */
        expect_error(http(c, "PUT", file, "application/octet-stream", big, n), 413,
                     "payload_too_large", NULL);
        /* chunked: refused once the stream passes the limit */
        client_chunked(c, true);
        expect_error(http(c, "PUT", file, "application/octet-stream", big, n), 413,
                     "payload_too_large", NULL);
        client_chunked(c, false);
        CHECK_STR(db_fingerprint(server_db(s)), before);
        CHECK_INT(server_stored_files(s), stored);
        CHECK_INT(server_spooled_files(s), 0);
        struct resp *r = http_get(c, file);
        CHECK_STATUS(r, 200);
        CHECK(r->len == sizeof(DOC) - 1 && memcmp(r->body, DOC, r->len) == 0, "the document kept");
}

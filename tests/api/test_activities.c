/*
 * Outreach activities over the API: create, read, update, delete, the list
 * with every filter, the CSV export, every validation rule, and roles.
 */
#include "programme_fixture.h"

#include <string.h>

static const char *activity_json(const struct fx_project *p, int64_t org, int64_t run_by,
                                 const char *date, const char *extra)
{
        return test_msg("{\"project_id\":%lld,\"organisation_id\":%lld,\"run_by\":%lld,"
                        "\"date\":\"%s\",\"kind\":\"lecture\"%s}",
                        (long long)p->id, (long long)org, (long long)run_by, date, extra);
}

API_TEST(activity_lifecycle)
{
        struct server *s = server_start(NULL);
        struct client *coordinator = client_login(s, "coordinator");
        struct client *c = client_login(s, "outreach");
        struct fx_project p;
        fx_project(coordinator, s, &p);
        int64_t home =
            fx_org(s, "Šiaulių vaikų globos namai", "childrens_home", "LT", "Šiauliai city");
        struct resp *r = http_json(
            c, "POST", "/api/v1/activities",
            test_msg("{\"project_id\":%lld,\"organisation_id\":%lld,\"run_by\":%lld,"
                     "\"date\":\"2013-10-03\",\"kind\":\"film_screening\",\"youths\":25,"
                     "\"specialists\":3,\"teachers\":2,\"parents\":1,\"business_staff\":0,"
                     "\"public\":4,\"topics\":[\"forms_of_trafficking\",\"risks\","
                     "\"help_available\"],\"materials\":[\"Film: Trafficked\",\"Leaflet LT\"],"
                     "\"notes\":\"Specialists raised\\nthe regional situation.\"}",
                     (long long)p.id, (long long)home, (long long)p.caritas_org));
        CHECK_STATUS(r, 201);
        long long id = json_int_at(r->json, "id");
        CHECK_STR(resp_header(r, "Location"), test_msg("/api/v1/activities/%lld", id));
        CHECK_INT(json_int_at(r->json, "project_id"), p.id);
        CHECK_INT(json_int_at(r->json, "organisation_id"), home);
        CHECK_STR(json_str_at(r->json, "organisation_name"), "Šiaulių vaikų globos namai");
        CHECK_INT(json_int_at(r->json, "run_by"), p.caritas_org);
        CHECK_STR(json_str_at(r->json, "run_by_name"), "Lithuanian Caritas");
        CHECK_STR(json_str_at(r->json, "date"), "2013-10-03");
        CHECK_STR(json_str_at(r->json, "kind"), "film_screening");
        CHECK_INT(json_int_at(r->json, "youths"), 25);
        CHECK_INT(json_int_at(r->json, "specialists"), 3);
        CHECK_INT(json_int_at(r->json, "teachers"), 2);
        CHECK_INT(json_int_at(r->json, "parents"), 1);
        CHECK_INT(json_int_at(r->json, "business_staff"), 0);
        CHECK_INT(json_int_at(r->json, "public"), 4);
        json_t *topics = json_at(r->json, "topics");
        CHECK_INT(json_array_size(topics), 3);
        CHECK_STR(json_string_value(json_array_get(topics, 2)), "help_available");
        CHECK_STR(json_string_value(json_array_get(json_at(r->json, "materials"), 0)),
                  "Film: Trafficked");
        CHECK_STR(json_str_at(r->json, "notes"), "Specialists raised\nthe regional situation.");
        CHECK(json_str_at(r->json, "created_at") && json_str_at(r->json, "updated_at"));

        const char *one = test_msg("/api/v1/activities/%lld", id);
        r = http_get(c, one);
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "youths"), 25);

        /* PATCH changes what it names, keeps the rest, and re-checks the rules. */
        r = http_json(c, "PATCH", one,
                      "{\"youths\":30,\"topics\":[\"safety\"],\"materials\":[],\"notes\":\"\"}");
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "youths"), 30);
        CHECK_INT(json_int_at(r->json, "specialists"), 3);
        CHECK_INT(json_array_size(json_at(r->json, "topics")), 1);
        CHECK_INT(json_array_size(json_at(r->json, "materials")), 0);
        CHECK_STR(json_str_at(r->json, "kind"), "film_screening");
        r = http_json(c, "PATCH", one, "{\"date\":\"2014-12-31\"}");
        CHECK_STATUS(r, 200);
        CHECK_STR(json_str_at(r->json, "date"), "2014-12-31");
        const char *before = db_fingerprint(server_db(s));
        /* Handing the activity to another partner is out of the worker's scope: as missing. */
        fx_refused(c, "PATCH", one, test_msg("{\"run_by\":%lld}", (long long)p.borough_org), 404,
                   "not_found", NULL);
        fx_refused(c, "PATCH", one, "{\"date\":\"2015-01-01\"}", 422, "validation_failed", "date");
        fx_refused(c, "PATCH", one, test_msg("{\"run_by\":%lld}", (long long)fx_org_id(s, "Rahab")),
                   404, "not_found", NULL);
        fx_refused(c, "PATCH", one, "{\"youths\":100001}", 422, "validation_failed", "youths");
        fx_refused(c, "PATCH", one, "{\"kind\":null}", 422, "validation_failed", "kind");
        CHECK_STR(db_fingerprint(server_db(s)), before);
        expect_error(http_json(c, "PATCH", "/api/v1/activities/999999", "{\"youths\":1}"), 404,
                     "not_found", NULL);

        CHECK_STATUS(http(c, "DELETE", one, NULL, NULL, 0), 204);
        expect_error(http_get(c, one), 404, "not_found", NULL);
        expect_error(http(c, "DELETE", one, NULL, NULL, 0), 404, "not_found", NULL);
        const char *db = server_db(s);
        CHECK(db_int(db, test_msg("SELECT count(*) FROM audit_log WHERE object_type = 'activity' "
                                  "AND object_id = %lld AND outcome = 'ok'",
                                  id)) == 4); /* create, two updates, delete */
}

API_TEST(activity_validation)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "coordinator");
        struct fx_project p, other;
        fx_project(c, s, &p);
        fx_project(c, s, &other);
        int64_t org =
            fx_org(s, "Kauno socializacijos centras", "socialisation_centre", "LT", "Kaunas city");
        int64_t rahab = fx_org_id(s, "Rahab");
        int64_t run = p.caritas_org;
        const char *A = "/api/v1/activities";
        const char *before = db_fingerprint(server_db(s));
        struct {
                const char *json, *field;
        } bad[] = {
            {test_msg("{\"project_id\":999999,\"organisation_id\":%lld,\"run_by\":%lld,"
                      "\"date\":\"2013-10-03\",\"kind\":\"lecture\"}",
                      (long long)org, (long long)run),
             "project_id"},
            {activity_json(&p, 999999, run, "2013-10-03", ""), "organisation_id"},
            {activity_json(&p, org, run, "2013-04-30", ""), "date"}, /* before the start */
            {activity_json(&p, org, run, "2015-01-01", ""), "date"}, /* after the end */
            {activity_json(&p, org, run, "2013-02-29", ""), "date"}, /* not a day */
            {activity_json(&p, org, run, "03/10/2013", ""), "date"},
            {activity_json(&p, org, run, "2013-10-03", ",\"youths\":-1"), "youths"},
            {activity_json(&p, org, run, "2013-10-03", ",\"specialists\":100001"), "specialists"},
            {activity_json(&p, org, run, "2013-10-03", ",\"teachers\":\"5\""), "teachers"},
            {activity_json(&p, org, run, "2013-10-03", ",\"parents\":1.5"), "parents"},
            {activity_json(&p, org, run, "2013-10-03", ",\"business_staff\":null"),
             "business_staff"},
            {activity_json(&p, org, run, "2013-10-03", ",\"public\":-3"), "public"},
            {activity_json(&p, org, run, "2013-10-03", ",\"topics\":[\"gossip\"]"), "topics"},
            {activity_json(&p, org, run, "2013-10-03", ",\"topics\":[\"risks\",\"risks\"]"),
             "topics"},
            {activity_json(&p, org, run, "2013-10-03", ",\"topics\":\"risks\""), "topics"},
            {activity_json(&p, org, run, "2013-10-03", ",\"materials\":\"Film\""), "materials"},
            {activity_json(&p, org, run, "2013-10-03", ",\"materials\":[\"\"]"), "materials"},
            {activity_json(&p, org, run, "2013-10-03",
                           test_msg(",\"materials\":[\"%s\"]", str_repeat("m", 201))),
             "materials"},
            {activity_json(&p, org, run, "2013-10-03",
                           test_msg(",\"notes\":\"%s\"", str_repeat("n", 10001))),
             "notes"},
            {activity_json(&p, org, run, "2013-10-03", ",\"visitors\":3"), "visitors"},
            {activity_json(&p, org, run, "2013-10-03", ",\"id\":3"), "id"},
            {test_msg("{\"project_id\":%lld,\"organisation_id\":%lld,\"run_by\":%lld,"
                      "\"date\":\"2013-10-03\",\"kind\":\"concert\"}",
                      (long long)p.id, (long long)org, (long long)run),
             "kind"},
            {test_msg("{\"project_id\":%lld,\"organisation_id\":%lld,\"run_by\":%lld,"
                      "\"kind\":\"lecture\"}",
                      (long long)p.id, (long long)org, (long long)run),
             "date"},
            {test_msg("{\"organisation_id\":%lld,\"run_by\":%lld,\"date\":\"2013-10-03\","
                      "\"kind\":\"lecture\"}",
                      (long long)org, (long long)run),
             "project_id"},
        };
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
                fx_refused(c, "POST", A, bad[i].json, 422, "validation_failed", bad[i].field);
        /*
         * run_by is the caller's own organisation: another one, or none at all,
         * is out of scope and answered as missing (tests/api/test_partner_scope.c).
         */
        fx_refused(c, "POST", A, activity_json(&p, org, 999999, "2013-10-03", ""), 404, "not_found",
                   NULL);
        fx_refused(c, "POST", A, activity_json(&p, org, rahab, "2013-10-03", ""), 404, "not_found",
                   NULL);
        /* run_by must be a partner of this project, not of another. */
        struct client *rahab_staff = fx_user(s, "coordinator", rahab);
        int64_t rahab_partner = fx_create(
            other.lead, test_msg("/api/v1/projects/%lld/partners", (long long)other.id),
            test_msg("{\"organisation_id\":%lld,\"role\":\"associate\"}", (long long)rahab));
        (void)rahab_partner;
        before = db_fingerprint(server_db(s));
        fx_refused(rahab_staff, "POST", A, activity_json(&p, org, rahab, "2013-10-03", ""), 422,
                   "validation_failed", "run_by");
        /* Not in the future, even inside the project's dates. */
        struct fx_project now;
        memset(&now, 0, sizeof(now));
        now.caritas_org = p.caritas_org;
        now.id =
            fx_create(c, "/api/v1/projects",
                      test_msg("{\"code\":\"%s\",\"title\":\"t\",\"start_date\":\"2020-01-01\","
                               "\"end_date\":\"2999-12-31\"}",
                               fx_code()));
        fx_create(
            c, test_msg("/api/v1/projects/%lld/partners", (long long)now.id),
            test_msg("{\"organisation_id\":%lld,\"role\":\"lead\"}", (long long)p.caritas_org));
        before = db_fingerprint(server_db(s));
        fx_refused(c, "POST", A, activity_json(&now, org, run, "2999-01-01", ""), 422,
                   "validation_failed", "date");
        fx_refused(c, "POST", A, "{\"project_id\":", 400, "bad_request", NULL);
        fx_refused(c, "POST", A, "[]", 400, "bad_request", NULL);
        fx_refused(c, "POST", A, "", 400, "bad_request", NULL);
        expect_error(http(c, "POST", A, "text/csv", "a,b", 3), 415, "unsupported_media_type", NULL);
        CHECK_STR(db_fingerprint(server_db(s)), before);
        /* Bounds that are allowed. */
        fx_create(c, A,
                  activity_json(&p, org, run, "2013-05-01",
                                ",\"youths\":100000,\"specialists\":0,\"materials\":[\"m\"],"
                                "\"topics\":[]"));
        fx_create(c, A, activity_json(&p, org, run, "2014-12-31", ",\"notes\":\"\""));
}

API_TEST(activity_list_filters_and_csv)
{
        struct server *s = server_start(NULL);
        struct client *coordinator = client_login(s, "coordinator");
        struct client *c = client_login(s, "viewer");
        struct fx_project p, q;
        fx_project(coordinator, s, &p);
        fx_project(coordinator, s, &q);
        int64_t kaunas = fx_org(s, "Kauno vaikų namai", "childrens_home", "LT", "Kaunas city");
        int64_t birstonas = fx_org(s, "Birštono mokykla", "school", "LT", "Birštonas");
        struct {
                const char *query;
                long long added; /* by this test; the demo may hold activities of its own */
        } filters[] = {
            {"", 5},
            {test_msg("?project=%lld", (long long)p.id), 4},
            {test_msg("?project=%lld", (long long)q.id), 1},
            {test_msg("?organisation=%lld", (long long)kaunas), 3},
            {test_msg("?run_by=%lld", (long long)p.borough_org), 1},
            {test_msg("?run_by=%lld", (long long)p.caritas_org), 4},
            {"?kind=lecture", 2},
            {"?from=2014-01-01", 3},
            {"?to=2013-12-31", 2},
            {"?from=2013-11-10&to=2014-02-01", 2},
            {"?municipality=Birštonas", 2},
            {"?municipality=", 5},
            {test_msg("?municipality=Birštonas&project=%lld", (long long)p.id), 1},
            {test_msg("?project=%lld&kind=lecture&from=2014-01-01", (long long)p.id), 1},
            {test_msg("?organisation=%lld&municipality=Neringa", (long long)kaunas), 0},
            {"?project=999999", 0},
        };
        enum { N_FILTERS = sizeof(filters) / sizeof(filters[0]) };
        long long base[N_FILTERS];
        for (size_t i = 0; i < N_FILTERS; i++)
                base[i] = json_int_at(
                    http_get(c, test_msg("/api/v1/activities%s", filters[i].query))->json, "total");
        fx_activity(coordinator, &p, kaunas, p.caritas_org, "2013-10-03", "film_screening", 25, 3);
        fx_activity(p.lead, &p, kaunas, p.borough_org, "2013-11-10", "discussion", 0, 12);
        fx_activity(coordinator, &p, birstonas, p.caritas_org, "2014-02-01", "lecture", 40, 2);
        fx_activity(coordinator, &q, birstonas, q.caritas_org, "2014-03-01", "lecture", 5, 0);
        fx_create(coordinator, "/api/v1/activities",
                  test_msg("{\"project_id\":%lld,\"organisation_id\":%lld,\"run_by\":%lld,"
                           "\"date\":\"2014-04-01\",\"kind\":\"workshop\",\"youths\":1,"
                           "\"topics\":[\"risks\",\"safety\"],\"materials\":[\"Film A\","
                           "\"Leaflet, LT\"],\"notes\":\"=HYPERLINK(\\\"x\\\")\"}",
                           (long long)p.id, (long long)kaunas, (long long)p.caritas_org));
        for (size_t i = 0; i < N_FILTERS; i++) {
                struct resp *r = http_get(c, test_msg("/api/v1/activities%s", filters[i].query));
                CHECK_STATUS(r, 200);
                long long total = json_int_at(r->json, "total");
                CHECK(total == base[i] + filters[i].added, "filter %s: %lld", filters[i].query,
                      total);
                long long listed = (long long)json_array_size(json_at(r->json, "items"));
                CHECK(listed == (total < 50 ? total : 50));
        }
        /* Newest first, paged. */
        struct resp *r = http_get(
            c, test_msg("/api/v1/activities?project=%lld&limit=2&offset=1", (long long)p.id));
        CHECK_STATUS(r, 200);
        json_t *items = json_at(r->json, "items");
        CHECK_INT(json_array_size(items), 2);
        CHECK_INT(json_int_at(r->json, "total"), 4);
        CHECK_STR(json_string_value(json_object_get(json_array_get(items, 0), "date")),
                  "2014-02-01");
        CHECK_STR(json_string_value(json_object_get(json_array_get(items, 1), "date")),
                  "2013-11-10");
        expect_error(http_get(c, "/api/v1/activities?kind=party"), 400, "bad_request", "kind");
        expect_error(http_get(c, "/api/v1/activities?from=yesterday"), 400, "bad_request", "from");
        expect_error(http_get(c, "/api/v1/activities?project=0"), 400, "bad_request", "project");
        expect_error(http_get(c, "/api/v1/activities?limit=501"), 400, "bad_request", "limit");
        expect_error(http_get(c, "/api/v1/activities?colour=red"), 400, "bad_request", "colour");
        expect_error(
            http_get(c, test_msg("/api/v1/activities?municipality=%s", str_repeat("x", 101))), 400,
            "bad_request", "municipality");

        /* CSV: the same filters, every row, a header of field names. */
        r = http_get(c, test_msg("/api/v1/activities.csv?project=%lld", (long long)p.id));
        CHECK_STATUS(r, 200);
        CHECK(strncmp(resp_header(r, "Content-Type"), "text/csv", 8) == 0);
        CHECK(strstr(resp_header(r, "Content-Disposition"), "activities.csv") != NULL);
        const char *header = "id,project_id,organisation_id,organisation_name,run_by,run_by_name,"
                             "date,kind,youths,specialists,teachers,parents,business_staff,public,"
                             "topics,materials,notes,created_at,updated_at\r\n";
        CHECK(strncmp(r->body, header, strlen(header)) == 0, "CSV header: %.200s", r->body);
        int lines = 0;
        for (const char *x = r->body; (x = strstr(x, "\r\n")); x += 2)
                lines++;
        CHECK_INT(lines, 5); /* header + 4 */
        CHECK(strstr(r->body, ",workshop,1,0,0,0,0,0,risks|safety,\"Film A|Leaflet, LT\","
                              "\"'=HYPERLINK(\"\"x\"\")\",") != NULL,
              "CSV row: %s", r->body);
        CHECK(strstr(r->body, "Kauno vaikų namai") != NULL);
        r = http_get(c, "/api/v1/activities.csv?kind=discussion");
        CHECK_STATUS(r, 200);
        CHECK(strstr(r->body, ",discussion,0,12,") != NULL);
        CHECK(strstr(r->body, ",lecture,") == NULL);
        expect_error(http_get(c, "/api/v1/activities.csv?limit=5"), 400, "bad_request", "limit");
        expect_error(http_get(c, "/api/v1/activities.csv?kind=party"), 400, "bad_request", "kind");
}

API_TEST(activity_roles)
{
        struct server *s = server_start(NULL);
        struct client *coordinator = client_login(s, "coordinator");
        struct client *outreach = client_login(s, "outreach");
        struct client *viewer = client_login(s, "viewer");
        struct client *admin = client_login(s, "admin");
        struct client *auditor = client_login(s, "auditor");
        struct fx_project p;
        fx_project(coordinator, s, &p);
        int64_t org =
            fx_org(s, "Alytaus specialioji mokykla", "special_school", "LT", "Alytus city");
        const char *body = activity_json(&p, org, p.caritas_org, "2013-10-03", ",\"youths\":5");

        /* Outreach workers and coordinators record activities. */
        int64_t a = fx_create(outreach, "/api/v1/activities", body);
        int64_t b = fx_create(coordinator, "/api/v1/activities", body);
        const char *one = test_msg("/api/v1/activities/%lld", (long long)a);
        CHECK_STATUS(http_json(outreach, "PATCH", one, "{\"youths\":6}"), 200);
        CHECK_STATUS(http_json(coordinator, "PATCH", one, "{\"youths\":7}"), 200);
        CHECK_STATUS(http(outreach, "DELETE", one, NULL, NULL, 0), 204);
        CHECK_STATUS(http(coordinator, "DELETE", test_msg("/api/v1/activities/%lld", (long long)b),
                          NULL, NULL, 0),
                     204);
        int64_t c3 = fx_create(outreach, "/api/v1/activities", body);
        one = test_msg("/api/v1/activities/%lld", (long long)c3);

        /* Viewers, admins and auditors do not. */
        struct client *refused[] = {viewer, admin, auditor};
        const char *before = db_fingerprint(server_db(s));
        for (size_t i = 0; i < 3; i++) {
                expect_error(http_json(refused[i], "POST", "/api/v1/activities", body), 403,
                             "forbidden", NULL);
                expect_error(http_json(refused[i], "PATCH", one, "{\"youths\":1}"), 403,
                             "forbidden", NULL);
                expect_error(http(refused[i], "DELETE", one, NULL, NULL, 0), 403, "forbidden",
                             NULL);
        }
        CHECK_STR(db_fingerprint(server_db(s)), before);
        /* Reading: everyone but the auditor. */
        CHECK_STATUS(http_get(viewer, one), 200);
        CHECK_STATUS(http_get(admin, "/api/v1/activities"), 200);
        CHECK_STATUS(http_get(outreach, "/api/v1/activities.csv"), 200);
        expect_error(http_get(auditor, one), 403, "forbidden", NULL);
        expect_error(http_get(auditor, "/api/v1/activities.csv"), 403, "forbidden", NULL);
        /* A cookie session needs the CSRF token to write. */
        client_send_csrf(outreach, false);
        expect_error(http_json(outreach, "POST", "/api/v1/activities", body), 403, "forbidden",
                     NULL);
}

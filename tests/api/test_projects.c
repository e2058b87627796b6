/*
 * Projects, partners, expenses and indicators over the API: every endpoint,
 * filter and validation rule, and which roles may do what.
 */
#include "programme_fixture.h"

#include <string.h>

static const char *project_json(const char *code, const char *extra)
{
        return test_msg("{\"code\":\"%s\",\"title\":\"A project\",\"start_date\":\"2013-05-01\","
                        "\"end_date\":\"2014-12-31\"%s}",
                        code, extra);
}

API_TEST(project_create_read_list)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "coordinator");
        struct resp *r = http_json(c, "POST", "/api/v1/projects",
                                   "{\"code\":\"ECAT-LT_1\",\"title\":\"European Communities "
                                   "Against Trafficking\",\"funder\":\"European Commission\","
                                   "\"programme\":\"Prevention of and Fight against Crime\","
                                   "\"start_date\":\"2013-05-01\",\"end_date\":\"2014-12-31\","
                                   "\"currency\":\"EUR\",\"budget_cents\":39500000}");
        CHECK_STATUS(r, 201);
        long long id = json_int_at(r->json, "id");
        CHECK_STR(resp_header(r, "Location"), test_msg("/api/v1/projects/%lld", id));
        CHECK_STR(json_str_at(r->json, "code"), "ECAT-LT_1");
        CHECK_STR(json_str_at(r->json, "start_date"), "2013-05-01");
        CHECK_STR(json_str_at(r->json, "end_date"), "2014-12-31");
        CHECK_STR(json_str_at(r->json, "currency"), "EUR");
        CHECK_INT(json_int_at(r->json, "budget_cents"), 39500000);
        CHECK(json_str_at(r->json, "created_at") && json_str_at(r->json, "updated_at"));

        r = http_get(c, test_msg("/api/v1/projects/%lld", id));
        CHECK_STATUS(r, 200);
        CHECK_STR(json_str_at(r->json, "title"), "European Communities Against Trafficking");
        CHECK_STR(json_str_at(r->json, "programme"), "Prevention of and Fight against Crime");

        /* Currency defaults to EUR, budget to 0. */
        r = http_json(c, "POST", "/api/v1/projects", project_json("SECOND", ""));
        CHECK_STATUS(r, 201);
        CHECK_STR(json_str_at(r->json, "currency"), "EUR");
        CHECK_INT(json_int_at(r->json, "budget_cents"), 0);

        r = http_get(c, "/api/v1/projects");
        CHECK_STATUS(r, 200);
        long long total = json_int_at(r->json, "total");
        CHECK(total >= 2);
        CHECK(fx_find_int(json_at(r->json, "items"), "id", id) != NULL);
        r = http_get(c, "/api/v1/projects?limit=1&offset=0");
        CHECK_STATUS(r, 200);
        CHECK_INT(json_array_size(json_at(r->json, "items")), 1);
        CHECK_INT(json_int_at(r->json, "total"), total);
        expect_error(http_get(c, "/api/v1/projects?limit=0"), 400, "bad_request", "limit");
        expect_error(http_get(c, "/api/v1/projects?limit=501"), 400, "bad_request", "limit");
        expect_error(http_get(c, "/api/v1/projects?kind=x"), 400, "bad_request", "kind");
        expect_error(http_get(c, "/api/v1/projects/999999"), 404, "not_found", NULL);
}

API_TEST(project_validation)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "coordinator");
        const char *before = db_fingerprint(server_db(s));
        const char *P = "/api/v1/projects";
        struct {
                const char *json, *field;
        } bad[] = {
            {"{\"title\":\"t\",\"start_date\":\"2013-05-01\",\"end_date\":\"2014-12-31\"}", "code"},
            {"{\"code\":\"ecat\",\"title\":\"t\",\"start_date\":\"2013-05-01\","
             "\"end_date\":\"2014-12-31\"}",
             "code"},
            {"{\"code\":\"EC AT\",\"title\":\"t\",\"start_date\":\"2013-05-01\","
             "\"end_date\":\"2014-12-31\"}",
             "code"},
            {test_msg("{\"code\":\"%s\",\"title\":\"t\",\"start_date\":\"2013-05-01\","
                      "\"end_date\":\"2014-12-31\"}",
                      str_repeat("A", 33)),
             "code"},
            {"{\"code\":\"X\",\"title\":\"\",\"start_date\":\"2013-05-01\","
             "\"end_date\":\"2014-12-31\"}",
             "title"},
            {test_msg("{\"code\":\"X\",\"title\":\"%s\",\"start_date\":\"2013-05-01\","
                      "\"end_date\":\"2014-12-31\"}",
                      str_repeat("t", 301)),
             "title"},
            {"{\"code\":\"X\",\"title\":\"t\",\"start_date\":\"2013-02-30\","
             "\"end_date\":\"2014-12-31\"}",
             "start_date"},
            {"{\"code\":\"X\",\"title\":\"t\",\"start_date\":\"2013-05-01\"}", "end_date"},
            {"{\"code\":\"X\",\"title\":\"t\",\"start_date\":\"2014-05-01\","
             "\"end_date\":\"2014-04-30\"}",
             "end_date"},
            {project_json("X", ",\"currency\":\"eur\""), "currency"},
            {project_json("X", ",\"currency\":\"EURO\""), "currency"},
            {project_json("X", ",\"budget_cents\":-1"), "budget_cents"},
            {project_json("X", ",\"budget_cents\":10000000000000"), "budget_cents"},
            {project_json("X", ",\"budget_cents\":1.5"), "budget_cents"},
            {project_json("X", ",\"budget\":100"), "budget"},
        };
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
                fx_refused(c, "POST", P, bad[i].json, 422, "validation_failed", bad[i].field);
        /* The largest budget below 10^13 is taken, a 32-character code too. */
        fx_create(c, P, project_json(str_repeat("Z", 32), ",\"budget_cents\":9999999999999"));
        before = db_fingerprint(server_db(s));
        fx_refused(c, "POST", P, "{\"code\":", 400, "bad_request", NULL);
        fx_refused(c, "POST", P, "[1]", 400, "bad_request", NULL);
        expect_error(http(c, "POST", P, "text/plain", "code=X", 6), 415, "unsupported_media_type",
                     NULL);
        CHECK_STR(db_fingerprint(server_db(s)), before);
}

API_TEST(project_update_and_conflicts)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "coordinator");
        struct fx_project p;
        fx_project(c, s, &p);
        /* The project's settings are its lead partner's (the Borough's) to change. */
        struct client *caritas = c;
        c = p.lead;
        const char *path = test_msg("/api/v1/projects/%lld", (long long)p.id);
        fx_create(c, "/api/v1/projects", project_json("TAKEN", ""));
        fx_refused(c, "POST", "/api/v1/projects", project_json("TAKEN", ""), 409, "conflict",
                   "code");
        fx_refused(c, "PATCH", path, "{\"code\":\"TAKEN\"}", 409, "conflict", "code");

        struct resp *r = http_json(c, "PATCH", path, "{\"title\":\"ECAT\",\"budget_cents\":100}");
        CHECK_STATUS(r, 200);
        CHECK_STR(json_str_at(r->json, "title"), "ECAT");
        CHECK_INT(json_int_at(r->json, "budget_cents"), 100);
        CHECK_STR(json_str_at(r->json, "start_date"), "2013-05-01"); /* untouched */
        fx_refused(c, "PATCH", path, "{\"end_date\":\"2013-01-01\"}", 422, "validation_failed",
                   "end_date");
        fx_refused(c, "PATCH", path, "{\"id\":5}", 422, "validation_failed", "id");

        /* Dates may not move past a record of the project. */
        fx_activity(caritas, &p, p.borough_org, p.caritas_org, "2013-10-03", "lecture", 10, 1);
        const char *before = db_fingerprint(server_db(s));
        fx_refused(c, "PATCH", path, "{\"start_date\":\"2013-11-01\"}", 422, "validation_failed",
                   "start_date");
        fx_refused(c, "PATCH", path, "{\"end_date\":\"2013-09-30\"}", 422, "validation_failed",
                   "end_date");
        CHECK_STR(db_fingerprint(server_db(s)), before);
        r = http_json(c, "PATCH", path,
                      "{\"start_date\":\"2013-10-03\",\"end_date\":\"2015-06-30\"}");
        CHECK_STATUS(r, 200);
        CHECK_STR(json_str_at(r->json, "end_date"), "2015-06-30");
        expect_error(http_json(c, "PATCH", "/api/v1/projects/999999", "{\"title\":\"x\"}"), 404,
                     "not_found", NULL);
        CHECK(db_int(server_db(s),
                     "SELECT count(*) FROM audit_log WHERE action = 'project.update'") == 2);
}

API_TEST(partners)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "coordinator");
        struct fx_project p;
        fx_project(c, s, &p);
        c = p.lead; /* partners are the lead partner's to add and change */
        const char *path = test_msg("/api/v1/projects/%lld/partners", (long long)p.id);
        struct resp *r = http_get(c, path);
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "total"), 2);
        json_t *caritas =
            fx_find(json_at(r->json, "items"), "organisation_name", "Lithuanian Caritas");
        CHECK_INT(fx_int(caritas, "id"), p.caritas);
        CHECK_INT(fx_int(caritas, "project_id"), p.id);
        CHECK_INT(fx_int(caritas, "allocation_cents"), 3020900);
        CHECK_INT(fx_int(caritas, "spent_cents"), 0);
        CHECK_STR(json_str_at(caritas, "role"), "partner");
        CHECK_STR(json_str_at(caritas, "country"), "LT");
        CHECK_STR(json_str_at(caritas, "currency"), "EUR");

        r = http_get(c, test_msg("%s?role=lead", path));
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "total"), 1);
        expect_error(http_get(c, test_msg("%s?role=boss", path)), 400, "bad_request", "role");

        int64_t rahab = fx_org_id(s, "Rahab");
        fx_refused(
            c, "POST", path,
            test_msg("{\"organisation_id\":%lld,\"role\":\"lead\"}", (long long)p.caritas_org), 409,
            "conflict", "organisation_id");
        fx_refused(c, "POST", path, "{\"organisation_id\":999999,\"role\":\"partner\"}", 422,
                   "validation_failed", "organisation_id");
        fx_refused(c, "POST", path,
                   test_msg("{\"organisation_id\":%lld,\"role\":\"boss\"}", (long long)rahab), 422,
                   "validation_failed", "role");
        fx_refused(c, "POST", path,
                   test_msg("{\"organisation_id\":%lld,\"role\":\"partner\","
                            "\"allocation_cents\":-5}",
                            (long long)rahab),
                   422, "validation_failed", "allocation_cents");
        fx_refused(c, "POST", path, "{\"role\":\"partner\"}", 422, "validation_failed",
                   "organisation_id");
        fx_refused(c, "POST", "/api/v1/projects/999999/partners",
                   test_msg("{\"organisation_id\":%lld,\"role\":\"partner\"}", (long long)rahab),
                   404, "not_found", NULL);
        expect_error(http_get(c, "/api/v1/projects/999999/partners"), 404, "not_found", NULL);
        int64_t id = fx_create(
            c, path,
            test_msg("{\"organisation_id\":%lld,\"role\":\"supporter\"}", (long long)rahab));

        r = http_json(c, "PATCH", test_msg("/api/v1/partners/%lld", (long long)id),
                      "{\"role\":\"associate\",\"allocation_cents\":500}");
        CHECK_STATUS(r, 200);
        CHECK_STR(json_str_at(r->json, "role"), "associate");
        CHECK_INT(json_int_at(r->json, "allocation_cents"), 500);
        fx_refused(c, "PATCH", test_msg("/api/v1/partners/%lld", (long long)id),
                   "{\"organisation_id\":1}", 422, "validation_failed", "organisation_id");
        r = http_get(c, test_msg("/api/v1/partners/%lld", (long long)id));
        CHECK_STATUS(r, 200);
        CHECK_STR(json_str_at(r->json, "organisation_name"), "Rahab");
        expect_error(http_get(c, "/api/v1/partners/999999"), 404, "not_found", NULL);
}

API_TEST(expenses)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "coordinator");
        struct fx_project p, other;
        fx_project(c, s, &p);
        fx_project(c, s, &other);
        const char *path = test_msg("/api/v1/projects/%lld/expenses", (long long)p.id);
        struct resp *r = http_json(
            c, "POST", path,
            test_msg("{\"partner_id\":%lld,\"date\":\"2013-06-01\",\"category\":\"travel\","
                     "\"amount_cents\":12345,\"description\":\"Train to Kaunas\\nand back\"}",
                     (long long)p.caritas));
        CHECK_STATUS(r, 201);
        long long id = json_int_at(r->json, "id");
        CHECK_STR(resp_header(r, "Location"), test_msg("/api/v1/expenses/%lld", id));
        CHECK_STR(json_str_at(r->json, "currency"), "EUR");
        CHECK_STR(json_str_at(r->json, "category"), "travel");
        fx_create(c, path,
                  test_msg("{\"partner_id\":%lld,\"date\":\"2014-01-15\",\"category\":\"staff\","
                           "\"amount_cents\":100000}",
                           (long long)p.caritas));
        /* The Borough's expense is recorded by the Borough's staff. */
        fx_create(p.lead, path,
                  test_msg("{\"partner_id\":%lld,\"date\":\"2014-12-31\",\"category\":\"staff\","
                           "\"amount_cents\":5}",
                           (long long)p.borough));

        r = http_get(c, test_msg("/api/v1/expenses/%lld", id));
        CHECK_STATUS(r, 200);
        CHECK_STR(json_str_at(r->json, "description"), "Train to Kaunas\nand back");

        /* Spent per partner is the sum of its expenses. */
        r = http_get(c, test_msg("/api/v1/partners/%lld", (long long)p.caritas));
        CHECK_INT(json_int_at(r->json, "spent_cents"), 112345);

        /* Filters. */
        struct {
                const char *query;
                long long total;
        } filters[] = {
            {"", 3},
            {test_msg("?partner=%lld", (long long)p.caritas), 2},
            {"?category=staff", 2},
            {"?from=2014-01-01", 2},
            {"?to=2013-12-31", 1},
            {"?from=2014-01-01&to=2014-06-30&category=staff", 1},
            {"?limit=1", 3},
        };
        for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++) {
                r = http_get(c, test_msg("%s%s", path, filters[i].query));
                CHECK_STATUS(r, 200);
                CHECK(json_int_at(r->json, "total") == filters[i].total, "filter %s",
                      filters[i].query);
        }
        r = http_get(c, test_msg("%s?limit=1", path));
        CHECK_INT(json_array_size(json_at(r->json, "items")), 1);
        /* Newest first. */
        r = http_get(c, path);
        CHECK_STR(json_string_value(
                      json_object_get(json_array_get(json_at(r->json, "items"), 0), "date")),
                  "2014-12-31");
        expect_error(http_get(c, test_msg("%s?category=food", path)), 400, "bad_request",
                     "category");
        expect_error(http_get(c, test_msg("%s?from=2014-13-01", path)), 400, "bad_request", "from");

        /* Rules. */
        const char *before = db_fingerprint(server_db(s));
        fx_refused(c, "POST", path,
                   test_msg("{\"partner_id\":%lld,\"date\":\"2013-06-01\",\"category\":\"travel\","
                            "\"amount_cents\":1}",
                            (long long)other.caritas),
                   422, "validation_failed", "partner_id");
        fx_refused(c, "POST", path,
                   test_msg("{\"partner_id\":%lld,\"date\":\"2013-04-30\",\"category\":\"travel\","
                            "\"amount_cents\":1}",
                            (long long)p.caritas),
                   422, "validation_failed", "date");
        fx_refused(c, "POST", path,
                   test_msg("{\"partner_id\":%lld,\"date\":\"2015-01-01\",\"category\":\"travel\","
                            "\"amount_cents\":1}",
                            (long long)p.caritas),
                   422, "validation_failed", "date");
        fx_refused(c, "POST", path,
                   test_msg("{\"partner_id\":%lld,\"date\":\"2013-06-01\",\"category\":\"food\","
                            "\"amount_cents\":1}",
                            (long long)p.caritas),
                   422, "validation_failed", "category");
        fx_refused(c, "POST", path,
                   test_msg("{\"partner_id\":%lld,\"date\":\"2013-06-01\",\"category\":\"other\","
                            "\"amount_cents\":-1}",
                            (long long)p.caritas),
                   422, "validation_failed", "amount_cents");
        fx_refused(c, "POST", path,
                   test_msg("{\"partner_id\":%lld,\"date\":\"2013-06-01\",\"category\":\"other\","
                            "\"amount_cents\":10000000000000}",
                            (long long)p.caritas),
                   422, "validation_failed", "amount_cents");
        fx_refused(c, "POST", path,
                   test_msg("{\"partner_id\":%lld,\"date\":\"2013-06-01\",\"category\":\"other\"}",
                            (long long)p.caritas),
                   422, "validation_failed", "amount_cents");
        fx_refused(c, "POST", "/api/v1/projects/999999/expenses",
                   test_msg("{\"partner_id\":%lld,\"date\":\"2013-06-01\",\"category\":\"other\","
                            "\"amount_cents\":1}",
                            (long long)p.caritas),
                   404, "not_found", NULL);
        CHECK_STR(db_fingerprint(server_db(s)), before);
        expect_error(http_get(c, "/api/v1/expenses/999999"), 404, "not_found", NULL);
}

API_TEST(indicators)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "coordinator");
        struct fx_project p, other;
        fx_project(c, s, &p);
        fx_project(c, s, &other);
        int64_t home1 = fx_org(s, "Vaikų globos namai A", "childrens_home", "LT", "Kaunas city");
        int64_t home2 = fx_org(s, "Vaikų globos namai B", "childrens_home", "LT", "Birštonas");
        int64_t school = fx_org(s, "Mokykla C", "special_school", "LT", "Kaunas city");
        fx_activity(c, &p, home1, p.caritas_org, "2013-10-03", "film_screening", 20, 2);
        fx_activity(c, &p, home1, p.caritas_org, "2014-02-03", "discussion", 10, 1);
        fx_activity(c, &p, home2, p.caritas_org, "2014-03-03", "lecture", 5, 0);
        fx_activity(p.lead, &p, school, p.borough_org, "2013-11-03", "lecture", 7, 3);
        c = p.lead; /* indicators are the project's settings: its lead partner's */

        const char *path = test_msg("/api/v1/projects/%lld/indicators", (long long)p.id);
        struct resp *r = http_json(
            c, "POST", path,
            test_msg("{\"name\":\"Child-care institutions visited\",\"metric\":"
                     "\"institutions_reached\",\"kinds\":[\"childrens_home\",\"special_school\"],"
                     "\"country\":\"LT\",\"target\":4,\"targets\":[{\"partner_id\":%lld,"
                     "\"target\":2},{\"period_start\":\"2014-01-01\",\"period_end\":"
                     "\"2014-12-31\",\"target\":3},{\"partner_id\":%lld,\"period_start\":"
                     "\"2013-01-01\",\"period_end\":\"2013-12-31\",\"target\":0}]}",
                     (long long)p.caritas, (long long)p.caritas));
        CHECK_STATUS(r, 201);
        long long id = json_int_at(r->json, "id");
        CHECK_STR(resp_header(r, "Location"), test_msg("/api/v1/indicators/%lld", id));
        CHECK_INT(json_int_at(r->json, "achieved"), 3);
        CHECK(json_real_value(json_at(r->json, "percent")) == 75.0);
        json_t *targets = json_at(r->json, "targets");
        CHECK_INT(json_array_size(targets), 3);
        CHECK_INT(fx_int(json_array_get(targets, 0), "achieved"), 2); /* Caritas: two homes */
        CHECK(json_real_value(json_object_get(json_array_get(targets, 0), "percent")) == 100.0);
        CHECK_INT(fx_int(json_array_get(targets, 1), "achieved"), 2); /* 2014: two homes */
        CHECK(json_real_value(json_object_get(json_array_get(targets, 1), "percent")) == 66.7);
        CHECK_INT(fx_int(json_array_get(targets, 2), "achieved"), 1); /* Caritas 2013 */
        CHECK(json_is_null(json_object_get(json_array_get(targets, 2), "percent")));
        CHECK_STR(json_str_at(r->json, "country"), "LT");
        CHECK_INT(json_array_size(json_at(r->json, "kinds")), 2);

        /* Head-counts, not institutions: youths of the Caritas activities. */
        r = http_json(c, "POST", path,
                      test_msg("{\"name\":\"Young people\",\"metric\":\"audience:youths\","
                               "\"partner_id\":%lld,\"target\":690}",
                               (long long)p.caritas));
        CHECK_STATUS(r, 201);
        CHECK_INT(json_int_at(r->json, "achieved"), 35);
        CHECK(json_real_value(json_at(r->json, "percent")) == 5.1);
        r = http_json(c, "POST", path,
                      "{\"name\":\"Activities\",\"metric\":\"activities\",\"target\":3,"
                      "\"period_start\":\"2013-11-01\"}");
        CHECK_STATUS(r, 201);
        CHECK_INT(json_int_at(r->json, "achieved"), 3);
        r = http_json(c, "POST", path,
                      "{\"name\":\"Agreements\",\"metric\":\"manual\",\"target\":0,"
                      "\"manual_value\":2}");
        CHECK_STATUS(r, 201);
        long long manual = json_int_at(r->json, "id");
        CHECK_INT(json_int_at(r->json, "achieved"), 2);
        CHECK(json_is_null(json_at(r->json, "percent")));

        /* PATCH the target; the figures follow. */
        const char *one = test_msg("/api/v1/indicators/%lld", id);
        r = http_json(c, "PATCH", one, "{\"target\":20,\"targets\":[]}");
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "target"), 20);
        CHECK(json_real_value(json_at(r->json, "percent")) == 15.0);
        CHECK_INT(json_array_size(json_at(r->json, "targets")), 0);
        CHECK_STR(json_str_at(r->json, "metric"), "institutions_reached"); /* untouched */
        r = http_json(c, "PATCH", one, "{\"country\":null,\"kinds\":[]}");
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "achieved"), 3);
        CHECK(json_is_null(json_at(r->json, "country")));
        r = http_json(c, "PATCH", test_msg("/api/v1/indicators/%lld", manual),
                      "{\"manual_value\":5,\"target\":10}");
        CHECK(json_real_value(json_at(r->json, "percent")) == 50.0);

        r = http_get(c, path);
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "total"), 4);
        r = http_get(c, test_msg("%s?limit=2&offset=2", path));
        CHECK_INT(json_array_size(json_at(r->json, "items")), 2);
        CHECK_INT(json_int_at(r->json, "total"), 4);
        r = http_get(c, one);
        CHECK_STATUS(r, 200);
        CHECK_STR(json_str_at(r->json, "name"), "Child-care institutions visited");

        /* Rules. */
        const char *before = db_fingerprint(server_db(s));
        fx_refused(c, "POST", path, "{\"name\":\"x\",\"metric\":\"hugs\",\"target\":1}", 422,
                   "validation_failed", "metric");
        fx_refused(c, "POST", path, "{\"metric\":\"activities\",\"target\":1}", 422,
                   "validation_failed", "name");
        fx_refused(c, "POST", path, "{\"name\":\"x\",\"metric\":\"activities\",\"target\":-1}", 422,
                   "validation_failed", "target");
        fx_refused(c, "POST", path,
                   test_msg("{\"name\":\"x\",\"metric\":\"activities\",\"target\":1,"
                            "\"partner_id\":%lld}",
                            (long long)other.caritas),
                   422, "validation_failed", "partner_id");
        fx_refused(c, "POST", path,
                   "{\"name\":\"x\",\"metric\":\"activities\",\"target\":1,\"kinds\":[\"zoo\"]}",
                   422, "validation_failed", "kinds");
        fx_refused(c, "POST", path,
                   "{\"name\":\"x\",\"metric\":\"activities\",\"target\":1,\"country\":\"XX\"}",
                   422, "validation_failed", "country");
        fx_refused(c, "POST", path,
                   "{\"name\":\"x\",\"metric\":\"activities\",\"target\":1,"
                   "\"period_start\":\"2014-01-01\",\"period_end\":\"2013-01-01\"}",
                   422, "validation_failed", "period_end");
        fx_refused(c, "POST", path,
                   "{\"name\":\"x\",\"metric\":\"activities\",\"target\":1,\"manual_value\":3}",
                   422, "validation_failed", "manual_value");
        fx_refused(c, "POST", path,
                   "{\"name\":\"x\",\"metric\":\"activities\",\"target\":1,\"targets\":[{}]}", 422,
                   "validation_failed", "targets[0].target");
        fx_refused(
            c, "POST", path,
            "{\"name\":\"x\",\"metric\":\"activities\",\"target\":1,\"targets\":"
            "[{\"target\":1,\"period_start\":\"2014-02-01\",\"period_end\":\"2014-01-01\"}]}",
            422, "validation_failed", "targets[0].period_end");
        fx_refused(c, "POST", path,
                   "{\"name\":\"x\",\"metric\":\"activities\",\"target\":1,\"targets\":[1]}", 422,
                   "validation_failed", "targets[0]");
        fx_refused(c, "POST", path,
                   "{\"name\":\"x\",\"metric\":\"activities\",\"target\":1,\"targets\":{}}", 422,
                   "validation_failed", "targets");
        fx_refused(c, "POST", path,
                   "{\"name\":\"x\",\"metric\":\"activities\",\"target\":1,\"goal\":1}", 422,
                   "validation_failed", "goal");
        fx_refused(c, "PATCH", one, "{\"manual_value\":1}", 422, "validation_failed",
                   "manual_value");
        fx_refused(c, "POST", "/api/v1/projects/999999/indicators",
                   "{\"name\":\"x\",\"metric\":\"activities\",\"target\":1}", 404, "not_found",
                   NULL);
        CHECK_STR(db_fingerprint(server_db(s)), before);

        CHECK_STATUS(http(c, "DELETE", one, NULL, NULL, 0), 204);
        expect_error(http_get(c, one), 404, "not_found", NULL);
        expect_error(http(c, "DELETE", one, NULL, NULL, 0), 404, "not_found", NULL);
        CHECK(db_int(server_db(s), "SELECT count(*) FROM audit_log WHERE action = "
                                   "'indicator.delete' AND outcome = 'ok'") == 1);
}

/* Who may do what: each role allowed and refused. */
API_TEST(roles)
{
        struct server *s = server_start(NULL);
        struct client *coordinator = client_login(s, "coordinator");
        struct client *admin = client_login(s, "admin");
        struct client *outreach = client_login(s, "outreach");
        struct client *viewer = client_login(s, "viewer");
        struct client *auditor = client_login(s, "auditor");
        struct fx_project p;
        fx_project(coordinator, s, &p);
        int64_t rahab = fx_org_id(s, "Rahab");
        const char *partners = test_msg("/api/v1/projects/%lld/partners", (long long)p.id);
        const char *expenses = test_msg("/api/v1/projects/%lld/expenses", (long long)p.id);
        const char *indicators = test_msg("/api/v1/projects/%lld/indicators", (long long)p.id);
        const char *expense = test_msg("{\"partner_id\":%lld,\"date\":\"2013-06-01\","
                                       "\"category\":\"travel\",\"amount_cents\":1}",
                                       (long long)p.caritas);
        const char *indicator = "{\"name\":\"x\",\"metric\":\"activities\",\"target\":1}";

        /* Refused: outreach workers, viewers and auditors write none of these. */
        struct client *readers[] = {outreach, viewer, auditor};
        for (size_t i = 0; i < 3; i++) {
                struct client *c = readers[i];
                expect_error(http_json(c, "POST", "/api/v1/projects", project_json("NO", "")), 403,
                             "forbidden", NULL);
                expect_error(http_json(c, "PATCH",
                                       test_msg("/api/v1/projects/%lld", (long long)p.id),
                                       "{\"title\":\"no\"}"),
                             403, "forbidden", NULL);
                expect_error(http_json(c, "POST", partners,
                                       test_msg("{\"organisation_id\":%lld,\"role\":\"partner\"}",
                                                (long long)rahab)),
                             403, "forbidden", NULL);
                expect_error(http_json(c, "PATCH",
                                       test_msg("/api/v1/partners/%lld", (long long)p.caritas),
                                       "{\"allocation_cents\":1}"),
                             403, "forbidden", NULL);
                expect_error(http_json(c, "POST", expenses, expense), 403, "forbidden", NULL);
                expect_error(http_json(c, "POST", indicators, indicator), 403, "forbidden", NULL);
        }
        /* Reading: the outreach worker reads projects, partners, indicators, not spending. */
        CHECK_STATUS(http_get(outreach, "/api/v1/projects"), 200);
        CHECK_STATUS(http_get(outreach, partners), 200);
        CHECK_STATUS(http_get(outreach, indicators), 200);
        expect_error(http_get(outreach, expenses), 403, "forbidden", NULL);
        CHECK_STATUS(http_get(viewer, expenses), 200);
        CHECK_STATUS(http_get(viewer, partners), 200);
        CHECK_STATUS(http_get(viewer, test_msg("/api/v1/projects/%lld", (long long)p.id)), 200);
        expect_error(http_get(auditor, "/api/v1/projects"), 403, "forbidden", NULL);
        expect_error(http_get(auditor, partners), 403, "forbidden", NULL);

        /* Allowed: coordinators everything; admins manage projects and budgets too. */
        fx_create(coordinator, expenses, expense);
        fx_create(p.lead, indicators, indicator);
        /* A coordinator of a partner that is not the lead may not set the project's indicators. */
        expect_error(http_json(coordinator, "POST", indicators, indicator), 404, "not_found", NULL);
        fx_create(admin, "/api/v1/projects", project_json("ADMIN", ""));
        fx_create(admin, partners,
                  test_msg("{\"organisation_id\":%lld,\"role\":\"partner\"}", (long long)rahab));
        fx_create(admin, expenses, expense);
        fx_create(admin, indicators, indicator);
        CHECK(db_int(server_db(s), "SELECT count(*) FROM audit_log WHERE outcome = 'denied'") >=
              18);
}

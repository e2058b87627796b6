/*
 * Organisations (api.md, domain.md): create, read, list with every filter,
 * the CSV export, update, delete, the municipality list, and who may do
 * what.  Every refused write leaves the organisations and the audit log as
 * they were.  The demo data may grow, so tests tag what they create with a
 * word of their own and filter on it rather than counting the whole table.
 */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#define ORGS "/api/v1/organisations"

/* Days since 1970-01-01 of an ISO date, as SQL. */
#define DAY(d) "CAST(julianday('" d "') - 2440587.5 AS INTEGER)"

/* Create an organisation; fails the test unless 201 with a Location naming it. */
static int64_t org_create(struct client *c, const char *json)
{
        struct resp *r = http_json(c, "POST", ORGS, json);
        CHECK_STATUS(r, 201);
        int64_t id = json_int_at(r->json, "id");
        CHECK_STR(resp_header(r, "Location"), test_msg(ORGS "/%lld", (long long)id));
        return id;
}

/* The ids of a list answer's items, in order, as "3,1,7". */
static const char *ids_of(const struct resp *r)
{
        json_t *items = json_at(r->json, "items");
        CHECK(json_is_array(items), "no items in %s", r->body);
        const char *out = "";
        size_t i;
        json_t *it;
        json_array_foreach(items, i, it)
        {
                json_t *id = json_object_get(it, "id");
                CHECK(json_is_integer(id), "item without an integer id in %s", r->body);
                out = test_msg("%s%s%lld", out, i ? "," : "", (long long)json_integer_value(id));
        }
        return out;
}

/* GET a list; checks 200 and that total agrees with the items when it all fits. */
static struct resp *list(struct client *c, const char *query)
{
        struct resp *r = http_get(c, test_msg(ORGS "%s", query));
        CHECK_STATUS(r, 200);
        CHECK(json_is_integer(json_at(r->json, "total")), "no total in %s", r->body);
        return r;
}

static int64_t org_rows(struct server *s)
{
        return db_int(server_db(s), "SELECT count(*) FROM organisations");
}

static int64_t audit_rows(struct server *s, const char *action)
{
        return db_int(server_db(s),
                      test_msg("SELECT count(*) FROM audit_log WHERE action = '%s'", action));
}

static const char *const org_keys[] = {
    "id",    "name",    "kind",  "country", "municipality", "address",    "contact_name", "phone",
    "email", "website", "notes", "lat",     "lon",          "created_at", "updated_at"};

API_TEST(create_and_read)
{
        struct server *s = server_start(NULL);
        struct client *admin = client_login(s, "admin");
        int64_t before = audit_rows(s, "organisation.create");
        struct resp *r = http_json(
            admin, "POST", ORGS,
            "{\"name\":\"Kauno vaikų globos namai\",\"kind\":\"childrens_home\",\"country\":\"LT\","
            "\"municipality\":\"Kaunas city\",\"address\":\"Laisvės al. 1, Kaunas\","
            "\"contact_name\":\"Director\",\"phone\":\"+370 37 123456\","
            "\"email\":\"info@example.lt\",\"website\":\"https://example.lt/\","
            "\"notes\":\"first line\\nsecond line\",\"lat\":54.8985,\"lon\":23.9036}");
        CHECK_STATUS(r, 201);
        CHECK(strncmp(resp_header(r, "Content-Type"), "application/json", 16) == 0);
        int64_t id = json_int_at(r->json, "id");
        CHECK_STR(resp_header(r, "Location"), test_msg(ORGS "/%lld", (long long)id));
        CHECK_INT(json_object_size(r->json), sizeof(org_keys) / sizeof(org_keys[0]));
        for (size_t i = 0; i < sizeof(org_keys) / sizeof(org_keys[0]); i++)
                CHECK(json_object_get(r->json, org_keys[i]), "no %s in %s", org_keys[i], r->body);
        CHECK_STR(json_str_at(r->json, "name"), "Kauno vaikų globos namai");
        CHECK_STR(json_str_at(r->json, "kind"), "childrens_home");
        CHECK_STR(json_str_at(r->json, "municipality"), "Kaunas city");
        CHECK_STR(json_str_at(r->json, "notes"), "first line\nsecond line");
        /* Coordinates come back as they were written, not as 54.898499999999999. */
        CHECK(strstr(r->body, "\"lat\":54.8985,") && strstr(r->body, "\"lon\":23.9036,"), "%s",
              r->body);
        const char *created = json_str_at(r->json, "created_at");
        CHECK(created && strlen(created) == 20 && created[19] == 'Z', "created_at %s", created);
        CHECK_INT(audit_rows(s, "organisation.create"), before + 1);
        CHECK_INT(db_int(server_db(s), test_msg("SELECT count(*) FROM audit_log WHERE action = "
                                                "'organisation.create' AND object_id = %lld AND "
                                                "object_type = 'organisation'",
                                                (long long)id)),
                  1);

        r = http_get(admin, test_msg(ORGS "/%lld", (long long)id));
        CHECK_STATUS(r, 200);
        CHECK_STR(json_str_at(r->json, "email"), "info@example.lt");
        CHECK_INT(json_int_at(r->json, "activities_count"), 0);
        CHECK(json_is_null(json_at(r->json, "last_activity")), "%s", r->body);

        /* Only what is required: the optional fields read as null. */
        id = org_create(admin, "{\"name\":\"Bare\",\"kind\":\"other\",\"country\":\"IT\"}");
        r = http_get(admin, test_msg(ORGS "/%lld", (long long)id));
        CHECK_STATUS(r, 200);
        static const char *const optional[] = {"municipality", "address", "contact_name",
                                               "phone",        "email",   "website",
                                               "notes",        "lat",     "lon"};
        for (size_t i = 0; i < sizeof(optional) / sizeof(optional[0]); i++)
                CHECK(json_is_null(json_at(r->json, optional[i])), "%s not null in %s", optional[i],
                      r->body);
}

API_TEST(create_normalises)
{
        struct server *s = server_start(NULL);
        struct client *admin = client_login(s, "admin");
        static const struct {
                const char *country, *municipality, *want_country, *want_municipality;
        } cases[] = {
            {"lt", "Šiauliai city", "LT", "Šiauliai city"},
            {"LT", "siauliai CITY", "LT", "Šiauliai city"},
            {"LT", "  kazlu   ruda ", "LT", "Kazlų Rūda"},
            {"LT", "Palanga", "LT", "Palanga city"},
            {"LT", "PANEVĖŽYS DISTRICT", "LT", "Panevėžys district"},
            {"gb", "Camden", "GB", "Camden"},
            {"IT", "", "IT", NULL},
        };
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                struct resp *r =
                    http_json(admin, "POST", ORGS,
                              test_msg("{\"name\":\"Norm %zu\",\"kind\":\"ngo\",\"country\":\"%s\","
                                       "\"municipality\":\"%s\",\"email\":\"\",\"phone\":\"\"}",
                                       i, cases[i].country, cases[i].municipality));
                CHECK_STATUS(r, 201);
                CHECK_STR(json_str_at(r->json, "country"), cases[i].want_country);
                if (cases[i].want_municipality)
                        CHECK_STR(json_str_at(r->json, "municipality"), cases[i].want_municipality);
                else
                        CHECK(json_is_null(json_at(r->json, "municipality")), "%s", r->body);
                CHECK(json_is_null(json_at(r->json, "email")), "%s", r->body);
                CHECK(json_is_null(json_at(r->json, "phone")), "%s", r->body);
        }
}

#define OK_BODY "\"kind\":\"ngo\",\"country\":\"LT\""

API_TEST(create_validation)
{
        struct server *s = server_start(NULL);
        struct client *admin = client_login(s, "admin");
        int64_t orgs = org_rows(s), audits = db_int(server_db(s), "SELECT count(*) FROM audit_log");
        const char *n201 = str_repeat("ž", 201);
        static const struct {
                const char *body, *field;
        } fixed[] = {
            {"{" OK_BODY "}", "name"},
            {"{\"name\":\"\"," OK_BODY "}", "name"},
            {"{\"name\":\"   \"," OK_BODY "}", "name"},
            {"{\"name\":null," OK_BODY "}", "name"},
            {"{\"name\":7," OK_BODY "}", "name"},
            {"{\"name\":\"a\\nb\"," OK_BODY "}", "name"},
            {"{\"name\":\"A\",\"country\":\"LT\"}", "kind"},
            {"{\"name\":\"A\",\"kind\":\"hospital\",\"country\":\"LT\"}", "kind"},
            {"{\"name\":\"A\",\"kind\":\"ngo\"}", "country"},
            {"{\"name\":\"A\",\"kind\":\"ngo\",\"country\":\"XX\"}", "country"},
            {"{\"name\":\"A\",\"kind\":\"ngo\",\"country\":\"UK\"}", "country"},
            {"{\"name\":\"A\",\"kind\":\"ngo\",\"country\":\"LTU\"}", "country"},
            {"{\"name\":\"A\",\"kind\":\"ngo\",\"country\":\"\"}", "country"},
            {"{\"name\":\"A\"," OK_BODY ",\"municipality\":\"Kaunas\"}", "municipality"},
            {"{\"name\":\"A\"," OK_BODY ",\"municipality\":\"Vilnius\"}", "municipality"},
            {"{\"name\":\"A\"," OK_BODY ",\"municipality\":\"Camden\"}", "municipality"},
            {"{\"name\":\"A\"," OK_BODY ",\"lat\":91,\"lon\":20}", "lat"},
            {"{\"name\":\"A\"," OK_BODY ",\"lat\":-90.5,\"lon\":20}", "lat"},
            {"{\"name\":\"A\"," OK_BODY ",\"lat\":50,\"lon\":180.01}", "lon"},
            {"{\"name\":\"A\"," OK_BODY ",\"lat\":50,\"lon\":-181}", "lon"},
            {"{\"name\":\"A\"," OK_BODY ",\"lat\":50}", "lon"},
            {"{\"name\":\"A\"," OK_BODY ",\"lon\":20}", "lat"},
            {"{\"name\":\"A\"," OK_BODY ",\"lat\":50,\"lon\":null}", "lon"},
            {"{\"name\":\"A\"," OK_BODY ",\"lat\":\"54.1\",\"lon\":20}", "lat"},
            {"{\"name\":\"A\"," OK_BODY ",\"email\":\"info\"}", "email"},
            {"{\"name\":\"A\"," OK_BODY ",\"email\":\"info@localhost\"}", "email"},
            {"{\"name\":\"A\"," OK_BODY ",\"email\":\"a@b@c.lt\"}", "email"},
            {"{\"name\":\"A\"," OK_BODY ",\"email\":\"a b@c.lt\"}", "email"},
            {"{\"name\":\"A\"," OK_BODY ",\"email\":\"@c.lt\"}", "email"},
            {"{\"name\":\"A\"," OK_BODY ",\"website\":\"www.example.lt\"}", "website"},
            {"{\"name\":\"A\"," OK_BODY ",\"website\":\"javascript:alert(1)\"}", "website"},
            {"{\"name\":\"A\"," OK_BODY ",\"website\":\"ftp://example.lt\"}", "website"},
            {"{\"name\":\"A\"," OK_BODY ",\"website\":\"https://exa mple.lt\"}", "website"},
            {"{\"name\":\"A\"," OK_BODY ",\"phone\":\"call me\"}", "phone"},
            {"{\"name\":\"A\"," OK_BODY ",\"phone\":\"+-()\"}", "phone"},
            {"{\"name\":\"A\"," OK_BODY ",\"phone\":\"112;\"}", "phone"},
            {"{\"name\":\"A\"," OK_BODY ",\"address\":\"a\\tb\"}", "address"},
            {"{\"name\":\"A\"," OK_BODY ",\"notes\":\"\\u0001\"}", "notes"},
            {"{\"name\":\"A\"," OK_BODY ",\"id\":5}", "id"},
            {"{\"name\":\"A\"," OK_BODY ",\"created_at\":\"2020-01-01T00:00:00Z\"}", "created_at"},
            {"{\"name\":\"A\"," OK_BODY ",\"colour\":\"red\"}", "colour"},
        };
        for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
                struct resp *r = http_json(admin, "POST", ORGS, fixed[i].body);
                test_note("case %zu: %s", i, fixed[i].body);
                expect_error(r, 422, "validation_failed", fixed[i].field);
        }
        /* Length limits, counted in characters, not bytes. */
        static const struct {
                const char *field;
                size_t max;
        } lengths[] = {{"name", 200},   {"address", 300},     {"contact_name", 200},
                       {"notes", 4000}, {"email", 254},       {"website", 500},
                       {"phone", 50},   {"municipality", 100}};
        for (size_t i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
                const char *f = lengths[i].field;
                const char *over = str_repeat("ą", lengths[i].max + 1);
                if (strcmp(f, "email") == 0)
                        over = test_msg("%s@ex.lt", str_repeat("a", 250));
                else if (strcmp(f, "website") == 0)
                        over = test_msg("https://%s", str_repeat("a", 493));
                else if (strcmp(f, "phone") == 0)
                        over = str_repeat("1", 51);
                const char *body =
                    strcmp(f, "name") == 0
                        ? test_msg("{\"name\":\"%s\"," OK_BODY "}", over)
                        : test_msg(
                              "{\"name\":\"A\",\"kind\":\"ngo\",\"country\":\"GB\",\"%s\":\"%s\"}",
                              f, over);
                test_note("length of %s", f);
                expect_error(http_json(admin, "POST", ORGS, body), 422, "validation_failed", f);
        }
        struct resp *r =
            http_json(admin, "POST", ORGS, test_msg("{\"name\":\"%s\"," OK_BODY "}", n201));
        expect_error(r, 422, "validation_failed", "name");
        /* Every fault at once: type errors and cross-field rules in one answer. */
        r = http_json(admin, "POST", ORGS,
                      "{\"name\":\" \",\"kind\":\"x\",\"country\":\"XX\",\"lat\":95,"
                      "\"email\":\"x\",\"website\":\"x\",\"phone\":\"x\",\"other\":1}");
        expect_error(r, 422, "validation_failed", "name");
        static const char *const all[] = {"name",  "kind",    "country", "lat",
                                          "email", "website", "phone",   "other"};
        for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
                CHECK(json_at(r->json, test_msg("error.fields.%s", all[i])), "%s not named in %s",
                      all[i], r->body);
        /* Media type and syntax. */
        expect_error(http(admin, "POST", ORGS, "text/plain", "{}", 2), 415,
                     "unsupported_media_type", NULL);
        expect_error(http(admin, "POST", ORGS, "application/json", "{\"name\":", 8), 400,
                     "bad_request", NULL);
        expect_error(http(admin, "POST", ORGS, "application/json", "[]", 2), 400, "bad_request",
                     NULL);
        /* Nothing was written by any of it. */
        CHECK_INT(org_rows(s), orgs);
        CHECK_INT(db_int(server_db(s), "SELECT count(*) FROM audit_log"), audits);

        /* The limits themselves are accepted. */
        org_create(admin, test_msg("{\"name\":\"%s\"," OK_BODY ",\"notes\":\"%s\"}",
                                   str_repeat("ž", 200), str_repeat("é\\n", 2000)));
        org_create(admin, "{\"name\":\"Edge\",\"kind\":\"ngo\",\"country\":\"NZ\",\"lat\":-90,"
                          "\"lon\":180,\"phone\":\"(0) 12-34 +5\",\"email\":\"a@b.c\","
                          "\"website\":\"HTTP://x.y\"}");
}

API_TEST(list_paging_and_filters)
{
        struct server *s = server_start(NULL);
        struct client *admin = client_login(s, "admin");
        int64_t a = org_create(admin, "{\"name\":\"Qfilt Alpha\",\"kind\":\"hotel\","
                                      "\"country\":\"LT\",\"municipality\":\"Kaunas city\"}");
        int64_t b = org_create(admin, "{\"name\":\"Qfilt Beta\",\"kind\":\"school\","
                                      "\"country\":\"LT\",\"municipality\":\"Kaunas district\"}");
        int64_t c = org_create(admin, "{\"name\":\"Qfilt Gamma\",\"kind\":\"hotel\","
                                      "\"country\":\"IT\",\"municipality\":\"Torino\"}");
        struct resp *r = list(admin, "?q=qfilt");
        CHECK_STR(ids_of(r), test_msg("%lld,%lld,%lld", (long long)a, (long long)b, (long long)c));
        CHECK_INT(json_int_at(r->json, "total"), 3);
        CHECK_STR(ids_of(list(admin, "?q=qfilt&kind=hotel")),
                  test_msg("%lld,%lld", (long long)a, (long long)c));
        CHECK_STR(ids_of(list(admin, "?q=qfilt&country=LT")),
                  test_msg("%lld,%lld", (long long)a, (long long)b));
        CHECK_STR(ids_of(list(admin, "?q=qfilt&country=it")), test_msg("%lld", (long long)c));
        CHECK_STR(ids_of(list(admin, "?q=qfilt&municipality=Kaunas%20city")),
                  test_msg("%lld", (long long)a));
        /* A Lithuanian municipality matches however it is typed. */
        CHECK_STR(ids_of(list(admin, "?q=qfilt&municipality=kaunas%20DISTRICT")),
                  test_msg("%lld", (long long)b));
        CHECK_STR(ids_of(list(admin, "?q=qfilt&municipality=Torino")),
                  test_msg("%lld", (long long)c));
        CHECK_STR(ids_of(list(admin, "?q=qfilt&kind=hotel&country=LT")),
                  test_msg("%lld", (long long)a));
        CHECK_STR(ids_of(list(admin, "?q=qfilt&kind=police")), "");

        /* Paging: limit, offset, total over every page. */
        r = list(admin, "?q=qfilt&limit=2");
        CHECK_STR(ids_of(r), test_msg("%lld,%lld", (long long)a, (long long)b));
        CHECK_INT(json_int_at(r->json, "total"), 3);
        r = list(admin, "?q=qfilt&limit=2&offset=2");
        CHECK_STR(ids_of(r), test_msg("%lld", (long long)c));
        CHECK_INT(json_int_at(r->json, "total"), 3);
        r = list(admin, "?q=qfilt&offset=10");
        CHECK_STR(ids_of(r), "");
        CHECK_INT(json_int_at(r->json, "total"), 3);

        /* Default 50, at most 500. */
        db_exec(server_db(s), "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                              "WHERE i < 600) INSERT INTO organisations (name, kind, country, "
                              "created_at, updated_at) SELECT 'Bulk ' || i, 'school', 'LV', 0, 0 "
                              "FROM n");
        r = list(admin, "?country=LV");
        CHECK_INT(json_array_size(json_at(r->json, "items")), 50);
        CHECK_INT(json_int_at(r->json, "total"), 600);
        r = list(admin, "?country=LV&limit=500");
        CHECK_INT(json_array_size(json_at(r->json, "items")), 500);
        r = list(admin, "");
        CHECK_INT(json_int_at(r->json, "total"), org_rows(s));

        /* Bad parameters are refused, naming the parameter. */
        static const struct {
                const char *query, *param;
        } bad[] = {
            {"?limit=0", "limit"},         {"?limit=501", "limit"},    {"?offset=-1", "offset"},
            {"?kind=hospital", "kind"},    {"?country=XX", "country"}, {"?country=LTU", "country"},
            {"?visited=maybe", "visited"}, {"?project=0", "project"},  {"?project=abc", "project"},
            {"?from=2024-01-01", "from"},  {"?colour=red", "colour"},  {"?municipality=", NULL},
        };
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                r = http_get(admin, test_msg(ORGS "%s", bad[i].query));
                test_note("query %s", bad[i].query);
                if (!bad[i].param)
                        CHECK_STATUS(r, 200);
                else
                        expect_error(r, 400, "bad_request", bad[i].param);
        }
        expect_error(http_get(admin, test_msg(ORGS "?q=%s", str_repeat("a", 201))), 400,
                     "bad_request", "q");
}

API_TEST(search_ignores_case_and_diacritics)
{
        struct server *s = server_start(NULL);
        struct client *admin = client_login(s, "admin");
        int64_t siauliai = org_create(admin, "{\"name\":\"Šiauliai Youth Centre\","
                                             "\"kind\":\"youth_centre\",\"country\":\"LT\"}");
        int64_t kaunas = org_create(admin, "{\"name\":\"Kaunas Hotel Žalgiris\",\"kind\":\"hotel\","
                                           "\"country\":\"LT\"}");
        int64_t caritas = org_create(admin, "{\"name\":\"Ąžuolo \\\"Caritas\\\" centras\","
                                            "\"kind\":\"ngo\",\"country\":\"LT\"}");
        static const struct {
                const char *q;
                int64_t want; /* 0: none of the three */
        } cases[] = {
            {"siauliai", 1},     {"SIAULIAI", 1},     {"Šiauliai", 1}, {"šiaul", 1},
            {"siau%20youth", 1}, {"youth%20siau", 1}, {"kaun", 2},     {"KAUNAS%20zalg", 2},
            {"zalgiris", 2},     {"azuolo", 3},       {"caritas", 3},  {"siauliai%20hotel", 0},
            {"iauliai", 0},
        };
        int64_t ids[] = {0, siauliai, kaunas, caritas};
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                struct resp *r = list(admin, test_msg("?q=%s&limit=500", cases[i].q));
                test_note("q=%s: %s", cases[i].q, r->body);
                for (int k = 1; k <= 3; k++) {
                        bool found = false;
                        size_t j;
                        json_t *it;
                        json_array_foreach(json_at(r->json, "items"), j,
                                           it) if (json_integer_value(json_object_get(it, "id")) ==
                                                   ids[k]) found = true;
                        CHECK(found == (cases[i].want == k), "q=%s: organisation %d %s", cases[i].q,
                              k, found ? "found" : "not found");
                }
        }
        /* FTS5 syntax in q is only ever text: no errors, no injection. */
        static const char *const hostile[] = {
            "%22",
            "%2A",
            "a%2A%20OR%20b",
            "NEAR(a%20b)",
            "name%3Ax",
            "%5Ekaun",
            "-kaunas",
            "kaunas%22%20OR%20%22",
            "(",
            ")",
            "%7Bname%7D%3A",
            "%27%3B--",
            "AND",
            "NOT%20kaunas",
            "%2B",
        };
        for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
                struct resp *r = http_get(admin, test_msg(ORGS "?q=%s", hostile[i]));
                test_note("q=%s", hostile[i]);
                CHECK_STATUS(r, 200);
        }
        /* Punctuation splits words as the index does; "kaunas" still finds it. */
        CHECK(strstr(list(admin, "?q=%22kaunas%22%2A")->body,
                     test_msg("\"id\":%lld,", (long long)kaunas)));
        CHECK(strstr(list(admin, "?q=-kaunas")->body, test_msg("\"id\":%lld,", (long long)kaunas)));
        /* The index follows renames. */
        struct resp *r = http_json(admin, "PATCH", test_msg(ORGS "/%lld", (long long)kaunas),
                                   "{\"name\":\"Klaipėda Hotel\"}");
        CHECK_STATUS(r, 200);
        CHECK_STR(ids_of(list(admin, "?q=zalgiris")), "");
        CHECK_STR(ids_of(list(admin, "?q=klaipeda%20hotel")), test_msg("%lld", (long long)kaunas));
}

/* A project, an activity at `place` run by `runner`, and `partner` as its partner. */
static void programme_fixture(struct server *s, const char *code, int64_t place, int64_t runner,
                              int64_t partner, const char *date)
{
        db_exec(server_db(s),
                test_msg("INSERT INTO projects (code, title, start_date, end_date, created_at, "
                         "updated_at) VALUES ('%s', 'Test project', " DAY("2013-01-01") ", " DAY(
                             "2030-12-31") ", 0, 0);"
                                           "INSERT INTO activities (project_id, organisation_id, "
                                           "run_by, date, kind, "
                                           "youths, created_at, updated_at) VALUES ((SELECT id "
                                           "FROM projects WHERE "
                                           "code = '%s'), %lld, %lld, CAST(julianday('%s') - "
                                           "2440587.5 AS INTEGER), "
                                           "'lecture', 25, 0, 0);"
                                           "INSERT INTO partners (project_id, organisation_id, "
                                           "role, created_at, "
                                           "updated_at) VALUES ((SELECT id FROM projects WHERE "
                                           "code = '%s'), %lld, "
                                           "'partner', 0, 0);",
                         code, code, (long long)place, (long long)runner, date, code,
                         (long long)partner));
}

static int64_t project_id(struct server *s, const char *code)
{
        return db_int(server_db(s), test_msg("SELECT id FROM projects WHERE code = '%s'", code));
}

API_TEST(visited_and_project)
{
        struct server *s = server_start(NULL);
        struct client *admin = client_login(s, "admin");
        int64_t place = org_create(admin, "{\"name\":\"Vfx A place\",\"kind\":\"school\","
                                          "\"country\":\"LT\"}");
        int64_t runner = org_create(admin, "{\"name\":\"Vfx B runner\",\"kind\":\"ngo\","
                                           "\"country\":\"LT\"}");
        int64_t partner = org_create(admin, "{\"name\":\"Vfx C partner\",\"kind\":\"ngo\","
                                            "\"country\":\"LT\"}");
        int64_t other = org_create(admin, "{\"name\":\"Vfx D elsewhere\",\"kind\":\"school\","
                                          "\"country\":\"LT\"}");
        int64_t second = org_create(admin, "{\"name\":\"Vfx E second\",\"kind\":\"school\","
                                           "\"country\":\"LT\"}");
        programme_fixture(s, "VFX1", place, runner, partner, "2014-03-15");
        programme_fixture(s, "VFX2", second, runner, runner, "2015-06-01");
        int64_t p1 = project_id(s, "VFX1"), p2 = project_id(s, "VFX2");
#define L(x) ((long long)(x))
        CHECK_STR(ids_of(list(admin, "?q=vfx&visited=true")),
                  test_msg("%lld,%lld", L(place), L(second)));
        CHECK_STR(ids_of(list(admin, "?q=vfx&visited=false")),
                  test_msg("%lld,%lld,%lld", L(runner), L(partner), L(other)));
        /* The project alone: those taking part (place, runner, partner). */
        CHECK_STR(ids_of(list(admin, test_msg("?q=vfx&project=%lld", L(p1)))),
                  test_msg("%lld,%lld,%lld", L(place), L(runner), L(partner)));
        CHECK_STR(ids_of(list(admin, test_msg("?q=vfx&project=%lld", L(p2)))),
                  test_msg("%lld,%lld", L(runner), L(second)));
        /* With visited, the project says which activities count. */
        CHECK_STR(ids_of(list(admin, test_msg("?q=vfx&project=%lld&visited=true", L(p1)))),
                  test_msg("%lld", L(place)));
        CHECK_STR(ids_of(list(admin, test_msg("?q=vfx&project=%lld&visited=false", L(p1)))),
                  test_msg("%lld,%lld,%lld,%lld", L(runner), L(partner), L(other), L(second)));
        CHECK_STR(ids_of(list(admin, "?q=vfx&project=999999")), "");
        struct resp *r = list(admin, test_msg("?q=vfx&project=%lld&visited=true", L(p1)));
        CHECK_INT(json_int_at(r->json, "total"), 1);

        /* One organisation's own figures. */
        r = http_get(admin, test_msg(ORGS "/%lld", L(place)));
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "activities_count"), 1);
        CHECK_STR(json_str_at(r->json, "last_activity"), "2014-03-15");
        r = http_get(admin, test_msg(ORGS "/%lld", L(runner)));
        CHECK_INT(json_int_at(r->json, "activities_count"), 0);
        CHECK(json_is_null(json_at(r->json, "last_activity")), "%s", r->body);
#undef L
}

/* The data rows of a CSV text (lines after the header; CRLF line ends, quoted newlines kept). */
static size_t csv_records(const char *csv)
{
        size_t n = 0;
        bool quoted = false;
        for (const char *p = csv; *p; p++) {
                if (*p == '"')
                        quoted = !quoted;
                else if (!quoted && p[0] == '\r' && p[1] == '\n')
                        n++;
        }
        return n ? n - 1 : 0;
}

API_TEST(csv_export)
{
        struct server *s = server_start(NULL);
        struct client *admin = client_login(s, "admin");
        int64_t f = org_create(admin, "{\"name\":\"=HYPERLINK(\\\"http://evil\\\")\","
                                      "\"kind\":\"business\",\"country\":\"GB\","
                                      "\"notes\":\"said \\\"hello\\\",\\nthen left\","
                                      "\"lat\":51.5,\"lon\":-0.1947,\"phone\":\"+44 20 1234\"}");
        struct resp *r = http_get(admin, ORGS ".csv?kind=business&country=GB");
        CHECK_STATUS(r, 200);
        CHECK(strncmp(resp_header(r, "Content-Type"), "text/csv", 8) == 0, "%s",
              resp_header(r, "Content-Type"));
        const char *cd = resp_header(r, "Content-Disposition");
        CHECK(cd && strstr(cd, "attachment") && strstr(cd, "organisations.csv"), "%s", cd);
        const char *header = "id,name,kind,country,municipality,address,contact_name,phone,email,"
                             "website,notes,lat,lon,created_at,updated_at\r\n";
        CHECK(strncmp(r->body, header, strlen(header)) == 0, "header: %.200s", r->body);
        /* The formula is neutralised, quotes doubled, the newline kept inside quotes,
         * a leading + in a phone neutralised, a negative longitude left a number. */
        const char *row = strstr(r->body, test_msg("\r\n%lld,", (long long)f));
        CHECK(row, "row %lld missing in %s", (long long)f, r->body);
        CHECK(strstr(row, ",\"'=HYPERLINK(\"\"http://evil\"\")\",business,GB,,,,\"'+44 20 1234\","
                          ",,\"said \"\"hello\"\",\nthen left\",51.5,-0.1947,"),
              "row: %s", row);
        CHECK_INT(csv_records(r->body), 1);

        /* No page cap: every matching row, past 500. */
        db_exec(server_db(s), "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                              "WHERE i < 620) INSERT INTO organisations (name, kind, country, "
                              "created_at, updated_at) SELECT 'Csv bulk ' || i, 'school', 'EE', 0, "
                              "0 FROM n");
        r = http_get(admin, ORGS ".csv?country=EE");
        CHECK_STATUS(r, 200);
        CHECK_INT(csv_records(r->body), 620);
        r = http_get(admin, ORGS ".csv");
        CHECK_INT(csv_records(r->body), org_rows(s));
        /* The same filters as the list, and the same refusals. */
        r = http_get(admin, ORGS ".csv?q=csv%20bulk%2061");
        CHECK_INT(csv_records(r->body), 11); /* 61 and 610..619 */
        expect_error(http_get(admin, ORGS ".csv?limit=10"), 400, "bad_request", "limit");
        expect_error(http_get(admin, ORGS ".csv?kind=x"), 400, "bad_request", "kind");
        r = http_get(admin, ORGS ".csv?kind=police&country=NZ");
        CHECK_STATUS(r, 200);
        CHECK_STR(r->body, header);
}

API_TEST(update)
{
        struct server *s = server_start(NULL);
        struct client *admin = client_login(s, "admin");
        int64_t id = org_create(admin, "{\"name\":\"Upd\",\"kind\":\"ngo\",\"country\":\"LT\","
                                       "\"municipality\":\"Alytus city\",\"lat\":54.4,"
                                       "\"lon\":24.05,\"email\":\"a@b.lt\"}");
        const char *path = test_msg(ORGS "/%lld", (long long)id);
        int64_t audits = audit_rows(s, "organisation.update");
        struct resp *r =
            http_json(admin, "PATCH", path, "{\"name\":\"Updated\",\"kind\":\"shelter\"}");
        CHECK_STATUS(r, 200);
        CHECK_STR(json_str_at(r->json, "name"), "Updated");
        CHECK_STR(json_str_at(r->json, "kind"), "shelter");
        CHECK_STR(json_str_at(r->json, "municipality"), "Alytus city"); /* untouched */
        CHECK_STR(json_str_at(r->json, "email"), "a@b.lt");
        CHECK_INT(audit_rows(s, "organisation.update"), audits + 1);
        CHECK_INT(db_int(server_db(s), test_msg("SELECT object_id FROM audit_log WHERE action = "
                                                "'organisation.update' ORDER BY id DESC LIMIT 1")),
                  id);
        /* Clearing: null, or an empty string. */
        r = http_json(admin, "PATCH", path, "{\"email\":null,\"municipality\":\"\"}");
        CHECK_STATUS(r, 200);
        CHECK(json_is_null(json_at(r->json, "email")), "%s", r->body);
        CHECK(json_is_null(json_at(r->json, "municipality")), "%s", r->body);
        /* Coordinates move together and clear together. */
        r = http_json(admin, "PATCH", path, "{\"lat\":null}");
        expect_error(r, 422, "validation_failed", "lat");
        r = http_json(admin, "PATCH", path, "{\"lat\":null,\"lon\":null}");
        CHECK_STATUS(r, 200);
        CHECK(json_is_null(json_at(r->json, "lat")) && json_is_null(json_at(r->json, "lon")));
        r = http_json(admin, "PATCH", path, "{\"lat\":55.1}");
        expect_error(r, 422, "validation_failed", "lon");
        /* The rules hold for the record as it would be after the change. */
        http_json(admin, "PATCH", path, "{\"country\":\"GB\",\"municipality\":\"Camden\"}");
        const char *state = db_text(server_db(s), test_msg("SELECT name || kind || country || "
                                                           "coalesce(municipality, '-') || "
                                                           "updated_at FROM organisations WHERE "
                                                           "id = %lld",
                                                           (long long)id));
        audits = db_int(server_db(s), "SELECT count(*) FROM audit_log");
        static const struct {
                const char *body, *field;
        } bad[] = {
            {"{\"country\":\"LT\"}", "municipality"},
            {"{\"name\":null}", "name"},
            {"{\"name\":\"  \"}", "name"},
            {"{\"kind\":null}", "kind"},
            {"{\"country\":null}", "country"},
            {"{\"kind\":\"castle\"}", "kind"},
            {"{\"website\":\"example.org\"}", "website"},
            {"{\"id\":3}", "id"},
        };
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                test_note("PATCH %s", bad[i].body);
                expect_error(http_json(admin, "PATCH", path, bad[i].body), 422, "validation_failed",
                             bad[i].field);
        }
        expect_error(http(admin, "PATCH", path, "text/plain", "{}", 2), 415,
                     "unsupported_media_type", NULL);
        expect_error(http(admin, "PATCH", path, "application/json", "{", 1), 400, "bad_request",
                     NULL);
        CHECK_STR(db_text(server_db(s), test_msg("SELECT name || kind || country || "
                                                 "coalesce(municipality, '-') || updated_at FROM "
                                                 "organisations WHERE id = %lld",
                                                 (long long)id)),
                  state);
        CHECK_INT(db_int(server_db(s), "SELECT count(*) FROM audit_log"), audits);
        /* Country and municipality changed together pass. */
        r = http_json(admin, "PATCH", path, "{\"country\":\"LT\",\"municipality\":\"birstonas\"}");
        CHECK_STATUS(r, 200);
        CHECK_STR(json_str_at(r->json, "municipality"), "Birštonas");
}

API_TEST(not_found)
{
        struct server *s = server_start(NULL);
        struct client *admin = client_login(s, "admin");
        int64_t orgs = org_rows(s);
        expect_error(http_get(admin, ORGS "/999999"), 404, "not_found", NULL);
        expect_error(http_json(admin, "PATCH", ORGS "/999999", "{\"name\":\"x\"}"), 404,
                     "not_found", NULL);
        expect_error(http(admin, "DELETE", ORGS "/999999", NULL, NULL, 0), 404, "not_found", NULL);
        expect_error(http_get(admin, ORGS "/abc"), 404, "not_found", NULL);
        expect_error(http_get(admin, ORGS "/0"), 404, "not_found", NULL);
        expect_error(http_get(admin, ORGS "/-1"), 404, "not_found", NULL);
        CHECK_INT(org_rows(s), orgs);
}

API_TEST(delete_and_in_use)
{
        struct server *s = server_start(NULL);
        struct client *admin = client_login(s, "admin");
        int64_t id =
            org_create(admin, "{\"name\":\"Gone soon\",\"kind\":\"ngo\",\"country\":\"LT\"}");
        int64_t audits = audit_rows(s, "organisation.delete");
        struct resp *r =
            http(admin, "DELETE", test_msg(ORGS "/%lld", (long long)id), NULL, NULL, 0);
        CHECK_STATUS(r, 204);
        CHECK_INT(r->len, 0);
        expect_error(http_get(admin, test_msg(ORGS "/%lld", (long long)id)), 404, "not_found",
                     NULL);
        CHECK_INT(audit_rows(s, "organisation.delete"), audits + 1);
        CHECK_STR(ids_of(list(admin, "?q=gone%20soon")), "");

        /* Users, activities (as place or as runner) and partner entries all hold it. */
        int64_t with_users = db_int(server_db(s), "SELECT organisation_id FROM users WHERE login "
                                                  "= 'viewer'");
        int64_t place =
            org_create(admin, "{\"name\":\"Held place\",\"kind\":\"school\",\"country\":\"LT\"}");
        int64_t runner =
            org_create(admin, "{\"name\":\"Held runner\",\"kind\":\"ngo\",\"country\":\"LT\"}");
        int64_t partner =
            org_create(admin, "{\"name\":\"Held partner\",\"kind\":\"ngo\",\"country\":\"LT\"}");
        programme_fixture(s, "HELD", place, runner, partner, "2014-05-05");
        int64_t held[] = {with_users, place, runner, partner};
        int64_t orgs = org_rows(s);
        audits = db_int(server_db(s), "SELECT count(*) FROM audit_log");
        for (size_t i = 0; i < sizeof(held) / sizeof(held[0]); i++) {
                r = http(admin, "DELETE", test_msg(ORGS "/%lld", (long long)held[i]), NULL, NULL,
                         0);
                expect_error(r, 409, "conflict", NULL);
                CHECK(strstr(json_str_at(r->json, "error.message"), "referred to"), "%s", r->body);
                CHECK_STATUS(http_get(admin, test_msg(ORGS "/%lld", (long long)held[i])), 200);
        }
        CHECK_INT(org_rows(s), orgs);
        CHECK_INT(db_int(server_db(s), "SELECT count(*) FROM audit_log"), audits);
}

API_TEST(roles)
{
        struct server *s = server_start(NULL);
        struct client *admin = client_login(s, "admin");
        int64_t target = org_create(admin, "{\"name\":\"Role target\",\"kind\":\"ngo\","
                                           "\"country\":\"LT\"}");
        const char *one = test_msg(ORGS "/%lld", (long long)target);
        const char *create = "{\"name\":\"By role\",\"kind\":\"hotel\",\"country\":\"LT\"}";

        /* outreach_worker: read, create, edit; not delete. */
        struct client *outreach = client_login(s, demo_login_for_role("outreach_worker"));
        CHECK_STATUS(http_get(outreach, ORGS), 200);
        CHECK_STATUS(http_get(outreach, ORGS ".csv"), 200);
        int64_t mine = org_create(outreach, create);
        CHECK_STATUS(http_json(outreach, "PATCH", one, "{\"notes\":\"visited\"}"), 200);
        expect_error(http(outreach, "DELETE", one, NULL, NULL, 0), 403, "forbidden", NULL);

        /* viewer: read only. */
        struct client *viewer = client_login(s, demo_login_for_role("viewer"));
        CHECK_STATUS(http_get(viewer, ORGS), 200);
        CHECK_STATUS(http_get(viewer, one), 200);
        CHECK_STATUS(http_get(viewer, ORGS ".csv"), 200);
        int64_t orgs = org_rows(s);
        expect_error(http_json(viewer, "POST", ORGS, create), 403, "forbidden", NULL);
        expect_error(http_json(viewer, "PATCH", one, "{\"notes\":\"x\"}"), 403, "forbidden", NULL);
        expect_error(http(viewer, "DELETE", one, NULL, NULL, 0), 403, "forbidden", NULL);
        CHECK_INT(org_rows(s), orgs);

        /* auditor: none of it. */
        struct client *auditor = client_login(s, demo_login_for_role("auditor"));
        expect_error(http_get(auditor, ORGS), 403, "forbidden", NULL);
        expect_error(http_get(auditor, one), 403, "forbidden", NULL);

        /* Nobody without a login. */
        struct client *anon = client_new(s);
        expect_error(http_get(anon, ORGS), 401, "unauthenticated", NULL);
        expect_error(http_get(anon, ORGS ".csv"), 401, "unauthenticated", NULL);
        expect_error(http_json(anon, "POST", ORGS, create), 401, "unauthenticated", NULL);
        expect_error(http_get(anon, "/api/v1/municipalities"), 401, "unauthenticated", NULL);

        /* coordinator: may delete. */
        struct client *coordinator = client_login(s, demo_login_for_role("coordinator"));
        CHECK_STATUS(http(coordinator, "DELETE", one, NULL, NULL, 0), 204);
        CHECK_STATUS(http(admin, "DELETE", test_msg(ORGS "/%lld", (long long)mine), NULL, NULL, 0),
                     204);
        CHECK_INT(org_rows(s), orgs - 2);
        /* Refusals are in the audit log. */
        CHECK(db_int(server_db(s), "SELECT count(*) FROM audit_log WHERE action = "
                                   "'access.denied' AND object_type = 'organisation.delete'") >= 2);
}

API_TEST(municipalities)
{
        struct server *s = server_start(NULL);
        struct client *viewer = client_login(s, demo_login_for_role("viewer"));
        struct resp *r = http_get(viewer, "/api/v1/municipalities");
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "total"), 60);
        json_t *items = json_at(r->json, "items");
        CHECK_INT(json_array_size(items), 60);
        static const char *const expected[] = {
            "Vilnius city",  "Vilnius district",   "Kaunas city",
            "Šiauliai city", "Panevėžys district", "Birštonas",
            "Kazlų Rūda",    "Marijampolė",        "Palanga city"};
        size_t found = 0;
        size_t i;
        json_t *it;
        json_array_foreach(items, i, it)
        {
                CHECK_INT(json_object_size(it), 3);
                const char *name = json_string_value(json_object_get(it, "name"));
                double lat = json_number_value(json_object_get(it, "lat"));
                double lon = json_number_value(json_object_get(it, "lon"));
                CHECK(name && lat >= 53.89 && lat <= 56.45 && lon >= 20.93 && lon <= 26.84,
                      "%s at %f, %f", name ? name : "?", lat, lon);
                for (size_t k = 0; k < sizeof(expected) / sizeof(expected[0]); k++)
                        found += strcmp(name, expected[k]) == 0;
                for (size_t k = i + 1; k < json_array_size(items); k++)
                        CHECK(strcmp(name, json_string_value(json_object_get(
                                               json_array_get(items, k), "name"))) != 0,
                              "%s twice", name);
        }
        CHECK_INT(found, sizeof(expected) / sizeof(expected[0]));
        expect_error(http_get(viewer, "/api/v1/municipalities?limit=5"), 400, "bad_request",
                     "limit");
        /* Every listed name is accepted for an LT organisation as it stands. */
        struct client *admin = client_login(s, "admin");
        json_array_foreach(items, i, it)
        {
                const char *name = json_string_value(json_object_get(it, "name"));
                struct resp *c = http_json(
                    admin, "POST", ORGS,
                    test_msg("{\"name\":\"In %s\",\"kind\":\"municipality\",\"country\":\"LT\","
                             "\"municipality\":\"%s\"}",
                             name, name));
                CHECK_STATUS(c, 201);
                CHECK_STR(json_str_at(c->json, "municipality"), name);
                resp_free(c);
        }
}

/*
 * The organisation map (GET /api/v1/map/organisations.geojson): an RFC 7946
 * FeatureCollection with activity totals per organisation, the count of
 * organisations left off for want of coordinates, its filters, who may read
 * it, and that GDAL opens it without a warning.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAP  "/api/v1/map/organisations.geojson"
#define ORGS "/api/v1/organisations"
#define L(x) ((long long)(x))

static int64_t org_create(struct client *c, const char *json)
{
        struct resp *r = http_json(c, "POST", ORGS, json);
        CHECK_STATUS(r, 201);
        return json_int_at(r->json, "id");
}

/* The feature of organisation id in a map answer, or NULL. */
static json_t *feature_of(const struct resp *r, int64_t id)
{
        size_t i;
        json_t *f;
        json_array_foreach(json_at(r->json, "features"), i,
                           f) if (json_integer_value(json_object_get(f, "id")) == id) return f;
        return NULL;
}

static struct resp *map_get(struct client *c, const char *query)
{
        struct resp *r = http_get(c, test_msg(MAP "%s", query));
        CHECK_STATUS(r, 200);
        return r;
}

static long long prop_int(json_t *feature, const char *name)
{
        json_t *v = json_object_get(json_object_get(feature, "properties"), name);
        CHECK(json_is_integer(v), "property %s is not an integer", name);
        return (long long)json_integer_value(v);
}

/*
 * Two projects; activities at `school` (two in MAP1, one in MAP2) and one at
 * `hotel` (MAP1), all run by `ngo`.
 */
static void activities_fixture(struct server *s, int64_t school, int64_t hotel, int64_t ngo)
{
        db_exec(
            server_db(s),
            test_msg("INSERT INTO projects (code, title, start_date, end_date, created_at, "
                     "updated_at) VALUES ('MAP1', 'Map one', 15706, 20000, 0, 0), "
                     "('MAP2', 'Map two', 15706, 20000, 0, 0);"
                     "INSERT INTO activities (project_id, organisation_id, run_by, date, kind, "
                     "youths, specialists, teachers, parents, business_staff, public, created_at, "
                     "updated_at) VALUES "
                     "((SELECT id FROM projects WHERE code = 'MAP1'), %lld, %lld, "
                     "CAST(julianday('2014-02-10') - 2440587.5 AS INTEGER), 'lecture', 30, 2, 3, "
                     "0, 0, 0, 0, 0),"
                     "((SELECT id FROM projects WHERE code = 'MAP1'), %lld, %lld, "
                     "CAST(julianday('2014-09-01') - 2440587.5 AS INTEGER), 'film_screening', 20, "
                     "1, 0, 5, 0, 7, 0, 0),"
                     "((SELECT id FROM projects WHERE code = 'MAP2'), %lld, %lld, "
                     "CAST(julianday('2015-01-20') - 2440587.5 AS INTEGER), 'discussion', 10, 0, "
                     "0, 0, 0, 0, 0, 0),"
                     "((SELECT id FROM projects WHERE code = 'MAP1'), %lld, %lld, "
                     "CAST(julianday('2014-05-05') - 2440587.5 AS INTEGER), 'training', 0, 0, 0, "
                     "0, 12, 0, 0, 0);",
                     L(school), L(ngo), L(school), L(ngo), L(school), L(ngo), L(hotel), L(ngo)));
}

static int64_t project_id(struct server *s, const char *code)
{
        return db_int(server_db(s), test_msg("SELECT id FROM projects WHERE code = '%s'", code));
}

API_TEST(shape_and_totals)
{
        struct server *s = server_start(NULL);
        struct client *admin = client_login(s, "admin");
        int64_t school = org_create(admin, "{\"name\":\"Map school\",\"kind\":\"school\","
                                           "\"country\":\"LT\",\"municipality\":\"Utena district\","
                                           "\"lat\":55.4978,\"lon\":25.5997}");
        int64_t hotel = org_create(admin, "{\"name\":\"Map hotel\",\"kind\":\"hotel\","
                                          "\"country\":\"IT\",\"lat\":45.0703,\"lon\":7.6869}");
        int64_t ngo =
            org_create(admin, "{\"name\":\"Map NGO\",\"kind\":\"ngo\",\"country\":\"LT\"}");
        activities_fixture(s, school, hotel, ngo);

        struct resp *r = map_get(admin, "");
        CHECK(strncmp(resp_header(r, "Content-Type"), "application/geo+json", 20) == 0, "%s",
              resp_header(r, "Content-Type"));
        expect_security_headers(r);
        CHECK_STR(json_str_at(r->json, "type"), "FeatureCollection");
        CHECK_INT(json_object_size(r->json), 3);
        int64_t without = db_int(server_db(s), "SELECT count(*) FROM organisations WHERE lat IS "
                                               "NULL OR lon IS NULL");
        int64_t with = db_int(server_db(s), "SELECT count(*) FROM organisations WHERE lat IS NOT "
                                            "NULL AND lon IS NOT NULL");
        CHECK(without >= 1);
        CHECK_INT(json_int_at(r->json, "missing_coordinates"), without);
        json_t *features = json_at(r->json, "features");
        CHECK_INT(json_array_size(features), with);
        CHECK(feature_of(r, ngo) == NULL, "an organisation without coordinates is drawn");

        /* Every feature has exactly the agreed members. */
        static const char *const props[] = {"id",           "name",           "kind",
                                            "municipality", "country",        "activities",
                                            "youths",       "specialists",    "teachers",
                                            "parents",      "business_staff", "public",
                                            "last_activity"};
        size_t i;
        json_t *f;
        json_array_foreach(features, i, f)
        {
                CHECK_INT(json_object_size(f), 4);
                CHECK_STR(json_string_value(json_object_get(f, "type")), "Feature");
                CHECK(json_is_integer(json_object_get(f, "id")));
                json_t *g = json_object_get(f, "geometry");
                CHECK_STR(json_string_value(json_object_get(g, "type")), "Point");
                json_t *c = json_object_get(g, "coordinates");
                CHECK(json_array_size(c) == 2 && json_is_number(json_array_get(c, 0)) &&
                      json_is_number(json_array_get(c, 1)));
                json_t *p = json_object_get(f, "properties");
                CHECK_INT(json_object_size(p), sizeof(props) / sizeof(props[0]));
                for (size_t k = 0; k < sizeof(props) / sizeof(props[0]); k++)
                        CHECK(json_object_get(p, props[k]), "no %s", props[k]);
                CHECK_INT(json_integer_value(json_object_get(p, "id")),
                          json_integer_value(json_object_get(f, "id")));
        }

        /* [lon, lat] order, and the totals of every activity at the place. */
        f = feature_of(r, school);
        CHECK(f, "school not on the map");
        json_t *c = json_at(f, "geometry.coordinates");
        CHECK(json_number_value(json_array_get(c, 0)) == 25.5997 &&
                  json_number_value(json_array_get(c, 1)) == 55.4978,
              "coordinates %s", r->body);
        CHECK_STR(json_str_at(f, "properties.name"), "Map school");
        CHECK_STR(json_str_at(f, "properties.kind"), "school");
        CHECK_STR(json_str_at(f, "properties.municipality"), "Utena district");
        CHECK_STR(json_str_at(f, "properties.country"), "LT");
        CHECK_INT(prop_int(f, "activities"), 3);
        CHECK_INT(prop_int(f, "youths"), 60);
        CHECK_INT(prop_int(f, "specialists"), 3);
        CHECK_INT(prop_int(f, "teachers"), 3);
        CHECK_INT(prop_int(f, "parents"), 5);
        CHECK_INT(prop_int(f, "business_staff"), 0);
        CHECK_INT(prop_int(f, "public"), 7);
        CHECK_STR(json_str_at(f, "properties.last_activity"), "2015-01-20");
        f = feature_of(r, hotel);
        CHECK(json_is_null(json_at(f, "properties.municipality")), "%s", r->body);
        CHECK_INT(prop_int(f, "business_staff"), 12);
        CHECK_STR(json_str_at(f, "properties.last_activity"), "2014-05-05");

        /* An organisation gaining coordinates moves from the count onto the map. */
        struct resp *p = http_json(admin, "PATCH", test_msg(ORGS "/%lld", L(ngo)),
                                   "{\"lat\":54.9,\"lon\":23.9}");
        CHECK_STATUS(p, 200);
        r = map_get(admin, "");
        CHECK_INT(json_int_at(r->json, "missing_coordinates"), without - 1);
        f = feature_of(r, ngo);
        CHECK(f, "ngo not on the map");
        CHECK_INT(prop_int(f, "activities"), 0); /* running an activity is not being visited */
        CHECK(json_is_null(json_at(f, "properties.last_activity")), "%s", r->body);
}

API_TEST(filters)
{
        struct server *s = server_start(NULL);
        struct client *admin = client_login(s, "admin");
        int64_t school = org_create(admin, "{\"name\":\"F school\",\"kind\":\"school\","
                                           "\"country\":\"LT\",\"lat\":55.1,\"lon\":24.1}");
        int64_t hotel = org_create(admin, "{\"name\":\"F hotel\",\"kind\":\"hotel\","
                                          "\"country\":\"LT\",\"lat\":55.2,\"lon\":24.2}");
        int64_t ngo = org_create(admin, "{\"name\":\"F ngo\",\"kind\":\"ngo\",\"country\":\"LT\","
                                        "\"lat\":55.3,\"lon\":24.3}");
        int64_t quiet = org_create(admin, "{\"name\":\"F quiet\",\"kind\":\"school\","
                                          "\"country\":\"LT\"}");
        activities_fixture(s, school, hotel, ngo);
        int64_t p1 = project_id(s, "MAP1"), p2 = project_id(s, "MAP2");

        /* visited */
        struct resp *r = map_get(admin, "?visited=true");
        CHECK(feature_of(r, school) && feature_of(r, hotel) && !feature_of(r, ngo));
        json_t *f;
        size_t i;
        json_array_foreach(json_at(r->json, "features"), i, f) CHECK(prop_int(f, "activities") > 0);
        r = map_get(admin, "?visited=false");
        CHECK(!feature_of(r, school) && !feature_of(r, hotel) && feature_of(r, ngo));
        CHECK(json_int_at(r->json, "missing_coordinates") >= 1); /* quiet */

        /* kind */
        r = map_get(admin, "?kind=hotel");
        CHECK(feature_of(r, hotel) && !feature_of(r, school) && !feature_of(r, ngo));
        json_array_foreach(json_at(r->json, "features"), i, f)
            CHECK_STR(json_str_at(f, "properties.kind"), "hotel");
        r = map_get(admin, "?kind=school");
        CHECK_INT(json_int_at(r->json, "missing_coordinates"),
                  db_int(server_db(s), "SELECT count(*) FROM organisations WHERE kind = 'school' "
                                       "AND lat IS NULL"));

        /* project: the counts are the project's; alone it keeps those taking part. */
        r = map_get(admin, test_msg("?project=%lld", L(p1)));
        CHECK_INT(prop_int(feature_of(r, school), "activities"), 2);
        CHECK_INT(prop_int(feature_of(r, school), "youths"), 50);
        CHECK_STR(json_str_at(feature_of(r, school), "properties.last_activity"), "2014-09-01");
        CHECK(feature_of(r, ngo), "the runner takes part in the project");
        CHECK_INT(prop_int(feature_of(r, ngo), "activities"), 0);
        CHECK_INT(json_array_size(json_at(r->json, "features")), 3);
        CHECK_INT(json_int_at(r->json, "missing_coordinates"), 0);
        r = map_get(admin, test_msg("?project=%lld&visited=true", L(p2)));
        CHECK_INT(json_array_size(json_at(r->json, "features")), 1);
        CHECK_INT(prop_int(feature_of(r, school), "activities"), 1);
        CHECK_INT(prop_int(feature_of(r, school), "youths"), 10);
        r = map_get(admin, test_msg("?project=%lld&visited=false", L(p2)));
        CHECK(!feature_of(r, school) && feature_of(r, hotel) && feature_of(r, ngo));
        CHECK_INT(prop_int(feature_of(r, hotel), "activities"), 0);
        r = map_get(admin, "?project=999999");
        CHECK_INT(json_array_size(json_at(r->json, "features")), 0);
        CHECK_INT(json_int_at(r->json, "missing_coordinates"), 0);

        /* from / to: which activities count, and what visited means. */
        r = map_get(admin, "?from=2014-03-01&to=2014-12-31");
        CHECK_INT(prop_int(feature_of(r, school), "activities"), 1);
        CHECK_INT(prop_int(feature_of(r, school), "youths"), 20);
        CHECK_STR(json_str_at(feature_of(r, school), "properties.last_activity"), "2014-09-01");
        CHECK_INT(prop_int(feature_of(r, hotel), "activities"), 1);
        r = map_get(admin, "?from=2014-09-01&to=2014-09-01&visited=true");
        CHECK(feature_of(r, school) && !feature_of(r, hotel));
        r = map_get(admin, "?from=2015-01-01");
        CHECK_INT(prop_int(feature_of(r, school), "activities"), 1);
        CHECK_INT(prop_int(feature_of(r, hotel), "activities"), 0);
        r = map_get(admin, "?to=2014-02-10&visited=true");
        CHECK(feature_of(r, school) && !feature_of(r, hotel));
        r = map_get(admin,
                    test_msg("?project=%lld&from=2014-06-01&visited=true&kind=school", L(p1)));
        CHECK_INT(json_array_size(json_at(r->json, "features")), 1);
        CHECK_INT(prop_int(feature_of(r, school), "youths"), 20);
        (void)quiet;

        /* Refusals name the parameter. */
        static const struct {
                const char *query, *param;
        } bad[] = {
            {"?visited=yes", "visited"}, {"?project=0", "project"},
            {"?kind=castle", "kind"},    {"?from=2014-02-30", "from"},
            {"?to=14-01-01", "to"},      {"?from=2015-01-01&to=2014-01-01", "to"},
            {"?q=school", "q"},          {"?limit=5", "limit"},
        };
        for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
                test_note("query %s", bad[k].query);
                expect_error(http_get(admin, test_msg(MAP "%s", bad[k].query)), 400, "bad_request",
                             bad[k].param);
        }
}

API_TEST(roles)
{
        struct server *s = server_start(NULL);
        CHECK_STATUS(http_get(client_login(s, demo_login_for_role("viewer")), MAP), 200);
        CHECK_STATUS(http_get(client_login(s, demo_login_for_role("outreach_worker")), MAP), 200);
        CHECK_STATUS(http_get(client_login(s, demo_login_for_role("coordinator")), MAP), 200);
        expect_error(http_get(client_login(s, demo_login_for_role("auditor")), MAP), 403,
                     "forbidden", NULL);
        expect_error(http_get(client_login(s, demo_login_for_role("case_worker")), MAP), 403,
                     "forbidden", NULL);
        expect_error(http_get(client_new(s), MAP), 401, "unauthenticated", NULL);
}

/* Whether a program is on PATH. */
static bool on_path(const char *prog)
{
        const char *path = getenv("PATH");
        if (!path)
                return false;
        const char *p = path;
        while (*p) {
                size_t n = strcspn(p, ":");
                if (n && access(test_msg("%.*s/%s", (int)n, p, prog), X_OK) == 0)
                        return true;
                p += n;
                if (*p == ':')
                        p++;
        }
        return false;
}

/* ogrinfo -ro -al -so on the file; its stdout and stderr together. */
static const char *ogrinfo(const char *file)
{
        FILE *pipe = popen(test_msg("ogrinfo -ro -al -so '%s' 2>&1", file), "r");
        CHECK(pipe, "cannot run ogrinfo");
        const char *out = "";
        char line[1024];
        while (fgets(line, sizeof(line), pipe))
                out = test_msg("%s%s", out, line);
        int rc = pclose(pipe);
        CHECK(rc == 0, "ogrinfo exit %d:\n%s", rc, out);
        return out;
}

static const char *save(const struct resp *r, const char *name)
{
        const char *path = test_path(name);
        FILE *f = fopen(path, "wb");
        CHECK(f && fwrite(r->body, 1, r->len, f) == r->len && fclose(f) == 0, "cannot write %s",
              path);
        return path;
}

API_TEST(opens_in_gdal)
{
        if (!on_path("ogrinfo")) {
                printf("# SKIP map.opens_in_gdal: ogrinfo (gdal-bin) is not installed; "
                       "`make test-deps` installs it\n");
                return;
        }
        struct server *s = server_start(NULL);
        struct client *admin = client_login(s, "admin");
        int64_t school = org_create(admin, "{\"name\":\"Gdal \\\"quoted\\\" Šiaulių mokykla\","
                                           "\"kind\":\"school\",\"country\":\"LT\","
                                           "\"municipality\":\"Šiauliai city\",\"lat\":55.9349,"
                                           "\"lon\":23.3137}");
        int64_t hotel = org_create(admin, "{\"name\":\"Gdal hotel\",\"kind\":\"hotel\","
                                          "\"country\":\"GB\",\"lat\":51.5,\"lon\":-0.12}");
        int64_t ngo =
            org_create(admin, "{\"name\":\"Gdal ngo\",\"kind\":\"ngo\",\"country\":\"LT\"}");
        activities_fixture(s, school, hotel, ngo);
        static const struct {
                const char *query, *file;
        } cases[] = {
            {"", "all.geojson"},
            {"?visited=true", "visited.geojson"},
            {"?kind=police&country_absent=1", NULL}, /* refused: not a parameter */
            {"?kind=childrens_home&visited=true&from=2030-01-01", "empty.geojson"},
        };
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                struct resp *r = http_get(admin, test_msg(MAP "%s", cases[i].query));
                if (!cases[i].file) {
                        CHECK_STATUS(r, 400);
                        continue;
                }
                CHECK_STATUS(r, 200);
                const char *out = ogrinfo(save(r, cases[i].file));
                test_note("ogrinfo %s:\n%s", cases[i].file, out);
                CHECK(!strstr(out, "Warning") && !strstr(out, "WARNING") && !strstr(out, "ERROR"),
                      "ogrinfo complains about %s:\n%s", cases[i].file, out);
                CHECK(strstr(out, "using driver `GeoJSON' successful"), "%s", out);
                size_t n = json_array_size(json_at(r->json, "features"));
                CHECK(strstr(out, test_msg("Feature Count: %zu\n", n)), "%s", out);
                if (n) {
                        CHECK(strstr(out, "Geometry: Point"), "%s", out);
                        CHECK(strstr(out, "activities: Integer"), "%s", out);
                        CHECK(strstr(out, "name: String"), "%s", out);
                }
        }
}

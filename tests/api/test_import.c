/*
 * CSV import of organisations and activities (API and CLI), the demo data
 * set's figures, and the round trip: export, import into an empty database,
 * the same dashboard and the same materials, agreements and distributions.
 * Writes while an import holds the write lock.
 */
#include "harness.h"
#include "import_rows.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ORG_IMPORT "/api/v1/organisations/import"
#define ACT_IMPORT "/api/v1/activities/import"

static struct resp *post_csv(struct client *c, const char *path, const char *csv)
{
        return http(c, "POST", path, "text/csv", csv, strlen(csv));
}

static int64_t org_count(struct server *s)
{
        return db_int(server_db(s), "SELECT count(*) FROM organisations");
}

/* The demo project's id (ECAT). */
static int64_t ecat_project(struct client *c)
{
        struct resp *r = http_get(c, "/api/v1/projects");
        CHECK_STATUS(r, 200);
        size_t i;
        json_t *p;
        json_array_foreach(json_object_get(r->json, "items"), i, p)
        {
                if (strcmp(json_str_at(p, "code"), "ECAT") == 0)
                        return json_int_at(p, "id");
        }
        FAIL("no ECAT project in %s", r->body);
}

API_TEST(demo_reproduces_the_seed)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "viewer");
        int64_t pid = ecat_project(c);
        struct resp *r = http_get(c, test_msg("/api/v1/projects/%lld/dashboard", (long long)pid));
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "totals.institutions_reached"), 34);
        CHECK_INT(json_int_at(r->json, "totals.audience.youths"), 690);
        CHECK_INT(json_int_at(r->json, "totals.audience.specialists"), 141);
        CHECK_INT(json_int_at(r->json, "project.budget_cents"), 39500000);
        CHECK_STR(json_str_at(r->json, "project.currency"), "EUR");
        CHECK_STR(json_str_at(r->json, "project.funder"), "European Commission");
        CHECK_INT(json_int_at(r->json, "budget.total_cents"), 39500000);
        bool caritas = false;
        size_t i;
        json_t *p;
        json_array_foreach(json_at(r->json, "budget.partners"), i, p)
        {
                if (strcmp(json_str_at(p, "organisation_name"), "Lithuanian Caritas") == 0) {
                        CHECK_INT(json_int_at(p, "allocation_cents"), 3020900);
                        caritas = true;
                }
        }
        CHECK(caritas, "no Lithuanian Caritas in the budget: %s", r->body);
        bool indicator = false;
        json_array_foreach(json_object_get(r->json, "indicators"), i, p)
        {
                if (strcmp(json_str_at(p, "metric"), "institutions_reached") == 0) {
                        CHECK_INT(json_int_at(p, "target"), 20);
                        CHECK_INT(json_int_at(p, "achieved"), 34);
                        indicator = true;
                }
        }
        CHECK(indicator, "no institutions indicator: %s", r->body);
        /* The institutions have coordinates: the map of visited ones shows all 34. */
        r = http_get(c, test_msg("/api/v1/map/organisations.geojson?visited=true&project=%lld",
                                 (long long)pid));
        CHECK_STATUS(r, 200);
        CHECK_INT(json_array_size(json_object_get(r->json, "features")), 34);
        CHECK_INT(json_int_at(r->json, "missing_coordinates"), 0);
}

API_TEST(semicolons_bom_and_lithuanian_letters)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "outreach");
        int64_t before = org_count(s);
        const char *csv = "\xEF\xBB\xBFname;kind;country;municipality;notes;lat;lon\r\n"
                          "Šiaulių vaikų globos namai;childrens_home;LT;Šiauliai city;"
                          "\"Line one; with a separator\nline two \"\"quoted\"\"\";55,9349;"
                          "23,3137\r\n"
                          "Žvėrynas youth club;youth_centre;LT;Vilnius city;;;\r\n";
        struct resp *r = post_csv(c, ORG_IMPORT, csv);
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "rows"), 2);
        CHECK_INT(json_int_at(r->json, "imported"), 2);
        CHECK_INT(org_count(s), before + 2);
        r = http_get(c, "/api/v1/organisations?q=siauliu");
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "total"), 1);
        json_t *o = json_array_get(json_object_get(r->json, "items"), 0);
        CHECK_STR(json_str_at(o, "name"), "Šiaulių vaikų globos namai");
        CHECK_STR(json_str_at(o, "municipality"), "Šiauliai city");
        CHECK_STR(json_str_at(o, "notes"), "Line one; with a separator\nline two \"quoted\"");
        CHECK(json_real_value(json_object_get(o, "lat")) > 55.93 &&
                  json_real_value(json_object_get(o, "lat")) < 55.94,
              "decimal comma read: %s", r->body);
}

API_TEST(a_bad_row_aborts_the_whole_import)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "outreach");
        const char *fp = db_fingerprint(server_db(s));
        const char *csv = "name,kind,country\n"
                          "Good one,school,LT\n"
                          "Bad one,castle,LT\n"
                          "Another good,school,IT\n"
                          "No country,school,\n";
        struct resp *r = post_csv(c, ORG_IMPORT, csv);
        expect_error(r, 422, "validation_failed", NULL);
        CHECK(strstr(json_str_at(r->json, "error.message"), "row 3"), "%s", r->body);
        json_t *rows = json_at(r->json, "error.rows");
        CHECK_INT(json_array_size(rows), 2);
        CHECK_INT(json_int_at(json_array_get(rows, 0), "row"), 3);
        CHECK(json_at(json_array_get(rows, 0), "fields.kind"), "%s", r->body);
        CHECK_INT(json_int_at(json_array_get(rows, 1), "row"), 5);
        CHECK(json_at(json_array_get(rows, 1), "fields.country"), "%s", r->body);
        CHECK_STR(db_fingerprint(server_db(s)), fp);

        /* A dry run writes nothing and says what would be imported. */
        r = post_csv(c, ORG_IMPORT "?dry_run=true", "name,kind,country\nA,school,LT\nB,ngo,GB\n");
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "imported"), 2);
        CHECK(json_is_true(json_object_get(r->json, "dry_run")));
        CHECK_STR(db_fingerprint(server_db(s)), fp);

        /* The preview (a dry run) of the bad file lists its bad rows and writes nothing. */
        r = post_csv(c, ORG_IMPORT "?dry_run=true", csv);
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "rows"), 4);
        CHECK_INT(json_int_at(r->json, "imported"), 2);
        CHECK_INT(json_int_at(r->json, "skipped"), 2);
        CHECK_INT(json_array_size(json_object_get(r->json, "errors")), 2);
        CHECK_STR(db_fingerprint(server_db(s)), fp);

        /* skip_bad keeps the good rows and lists the bad ones. */
        int64_t before = org_count(s);
        r = post_csv(c, ORG_IMPORT "?skip_bad=true", csv);
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "imported"), 2);
        CHECK_INT(json_int_at(r->json, "skipped"), 2);
        CHECK_INT(json_int_at(json_array_get(json_object_get(r->json, "errors"), 0), "row"), 3);
        CHECK_INT(org_count(s), before + 2);
}

API_TEST(bad_files_and_headers)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "coordinator");
        const char *fp = db_fingerprint(server_db(s));
        struct resp *r = post_csv(c, ORG_IMPORT, "name,kind,country,colour\nA,school,LT,red\n");
        expect_error(r, 422, "validation_failed", NULL);
        CHECK(json_at(json_array_get(json_at(r->json, "error.rows"), 0), "fields.colour"), "%s",
              r->body);
        CHECK_INT(json_int_at(json_array_get(json_at(r->json, "error.rows"), 0), "row"), 1);
        r = post_csv(c, ORG_IMPORT, "name,country\nA,LT\n");
        expect_error(r, 422, "validation_failed", NULL);
        CHECK(json_at(json_array_get(json_at(r->json, "error.rows"), 0), "fields.kind"), "%s",
              r->body);
        r = post_csv(c, ORG_IMPORT, "name,kind,country\n\"A,school,LT\n");
        expect_error(r, 400, "bad_request", NULL);
        r = post_csv(c, ORG_IMPORT, "");
        expect_error(r, 400, "bad_request", NULL);
        r = post_csv(c, ORG_IMPORT, "name,kind,country\nA\xff,school,LT\n");
        expect_error(r, 400, "bad_request", NULL);
        r = http(c, "POST", ORG_IMPORT, "application/json", "{}", 2);
        expect_error(r, 415, "unsupported_media_type", NULL);
        r = post_csv(c, ORG_IMPORT "?dry_run=maybe", "name,kind,country\nA,school,LT\n");
        expect_error(r, 400, "bad_request", "dry_run");
        CHECK_STR(db_fingerprint(server_db(s)), fp);
}

API_TEST(roles)
{
        struct server *s = server_start(NULL);
        const char *csv = "name,kind,country\nRole test,school,LT\n";
        CHECK_STATUS(post_csv(client_login(s, "viewer"), ORG_IMPORT, csv), 403);
        CHECK_STATUS(post_csv(client_login(s, "viewer"), ACT_IMPORT, csv), 403);
        CHECK_STATUS(post_csv(client_login(s, "auditor"), ORG_IMPORT, csv), 403);
        /* The admin manages organisations but records no outreach. */
        CHECK_STATUS(post_csv(client_login(s, "admin"), ACT_IMPORT, csv), 403);
        CHECK_STATUS(post_csv(client_login(s, "outreach"), ORG_IMPORT "?dry_run=true", csv), 200);
}

API_TEST(activities_import_and_formula_cells)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "outreach");
        int64_t pid = ecat_project(c);
        int64_t caritas =
            db_int(server_db(s), "SELECT id FROM organisations WHERE name = 'Lithuanian Caritas'");
        int64_t home = db_int(server_db(s), "SELECT id FROM organisations WHERE name = "
                                            "'Demo care home, Kaunas'");
        struct resp *before =
            http_get(c, test_msg("/api/v1/projects/%lld/dashboard", (long long)pid));
        CHECK_STATUS(before, 200);
        const char *csv = test_msg(
            "project_id,organisation_id,run_by,date,kind,youths,specialists,topics,materials,"
            "notes\n"
            "%lld,%lld,%lld,2014-03-03,lecture,12,2,risks|safety,Film | Leaflet,\"'=1+2\"\n",
            (long long)pid, (long long)home, (long long)caritas);
        struct resp *r = post_csv(c, ACT_IMPORT, csv);
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "imported"), 1);
        struct resp *after =
            http_get(c, test_msg("/api/v1/projects/%lld/dashboard", (long long)pid));
        CHECK_INT(json_int_at(after->json, "totals.audience.youths"),
                  json_int_at(before->json, "totals.audience.youths") + 12);
        CHECK_INT(json_int_at(after->json, "totals.activities"),
                  json_int_at(before->json, "totals.activities") + 1);
        /* The neutralised cell came back as the text it was. */
        r = http_get(c, test_msg("/api/v1/activities?organisation=%lld&from=2014-03-03&to="
                                 "2014-03-03",
                                 (long long)home));
        CHECK_STATUS(r, 200);
        json_t *a = json_array_get(json_object_get(r->json, "items"), 0);
        CHECK_STR(json_str_at(a, "notes"), "=1+2");
        CHECK_STR(json_string_value(json_array_get(json_object_get(a, "topics"), 1)), "safety");
        CHECK_STR(json_string_value(json_array_get(json_object_get(a, "materials"), 1)), "Leaflet");
        /* An export of it neutralises the formula again. */
        r = http_get(c, test_msg("/api/v1/activities.csv?organisation=%lld&from=2014-03-03",
                                 (long long)home));
        CHECK_STATUS(r, 200);
        CHECK(strstr(r->body, "'=1+2"), "%s", r->body);
        /* A future date is refused, naming the row and the field. */
        r = post_csv(c, ACT_IMPORT,
                     test_msg("project_id,organisation_id,run_by,date,kind\n"
                              "%lld,%lld,%lld,2099-01-01,lecture\n",
                              (long long)pid, (long long)home, (long long)caritas));
        expect_error(r, 422, "validation_failed", NULL);
        CHECK(json_at(json_array_get(json_at(r->json, "error.rows"), 0), "fields.date"), "%s",
              r->body);
}

API_TEST(cli_import)
{
        struct server *s = server_start(NULL);
        server_stop(s);
        const char *file = test_path("orgs.csv");
        FILE *f = fopen(file, "w");
        CHECK(f);
        fputs("name,kind,country\nCLI one,school,LT\nCLI two,castle,LT\n", f);
        fclose(f);
        int64_t before = org_count(s);
        char *out = NULL;
        CHECK_INT(run_ecat(s, (const char *[]){"import", "organisations", file, NULL}, NULL, &out),
                  1);
        CHECK(strstr(out, "row 3") && strstr(out, "kind"), "%s", out);
        CHECK_INT(org_count(s), before);
        CHECK_INT(run_ecat(s, (const char *[]){"import", "organisations", file, "--dry-run", NULL},
                           NULL, &out),
                  1);
        CHECK_INT(run_ecat(s, (const char *[]){"import", "organisations", file, "--skip-bad", NULL},
                           NULL, &out),
                  0);
        CHECK(strstr(out, "1 imported"), "%s", out);
        CHECK_INT(org_count(s), before + 1);
        CHECK_INT(run_ecat(s, (const char *[]){"import", "castles", file, NULL}, NULL, &out), 2);
}

/* Everything of a dashboard that does not depend on when or where it was made. */
static const char *dashboard_essence(json_t *d)
{
        json_t *copy = json_deep_copy(d);
        json_object_del(copy, "generated_at");
        /*
         * The dashboards are compared once organisations, materials and
         * activities are in; agreements and distributions follow after, and
         * are compared row by row (a distribution may name an activity by id,
         * which an activities import numbers anew; the demo's name none).
         */
        json_object_del(copy, "distributions");
        json_object_del(copy, "engagement");
        json_t *project = json_object_get(copy, "project");
        json_object_del(project, "created_at");
        json_object_del(project, "updated_at");
        size_t i;
        json_t *p;
        json_array_foreach(json_at(copy, "budget.partners"), i, p)
        {
                json_object_del(p, "partner_id");
        }
        json_array_foreach(json_object_get(copy, "indicators"), i, p)
        {
                json_object_del(p, "id");
                json_object_del(p, "created_at");
                json_object_del(p, "updated_at");
                json_object_del(p, "partner_id");
                json_object_del(p, "targets");
        }
        char *text = json_dumps(copy, JSON_COMPACT | JSON_SORT_KEYS);
        json_decref(copy);
        const char *out = test_msg("%s", text);
        free(text);
        return out;
}

API_TEST(round_trip_into_an_empty_database)
{
        /* Export from the demo. */
        struct server *a = server_start(NULL);
        struct client *ca = client_login(a, "coordinator");
        int64_t pid = ecat_project(ca);
        struct resp *orgs = http_get(ca, "/api/v1/organisations.csv");
        CHECK_STATUS(orgs, 200);
        struct resp *acts =
            http_get(ca, test_msg("/api/v1/activities.csv?project=%lld", (long long)pid));
        CHECK_STATUS(acts, 200);
        struct resp *project = http_get(ca, test_msg("/api/v1/projects/%lld", (long long)pid));
        struct resp *partners =
            http_get(ca, test_msg("/api/v1/projects/%lld/partners", (long long)pid));
        struct resp *expenses =
            http_get(ca, test_msg("/api/v1/projects/%lld/expenses?limit=500", (long long)pid));
        struct resp *indicators =
            http_get(ca, test_msg("/api/v1/projects/%lld/indicators", (long long)pid));
        struct resp *dash_a =
            http_get(ca, test_msg("/api/v1/projects/%lld/dashboard", (long long)pid));
        CHECK_STATUS(dash_a, 200);

        /* An empty database: organisations by CLI, one coordinator, the rest by API. */
        const char *db = test_path("empty.db");
        char *out = NULL;
        CHECK_INT(run_ecat_db(db, (const char *[]){"init", NULL}, NULL, &out), 0);
        const char *orgs_file = test_path("orgs.csv");
        FILE *f = fopen(orgs_file, "w");
        CHECK(f);
        fwrite(orgs->body, 1, orgs->len, f);
        fclose(f);
        CHECK_INT(run_ecat_db(db, (const char *[]){"import", "organisations", orgs_file, NULL},
                              NULL, &out),
                  0);
        CHECK_INT(run_ecat_db(db,
                              (const char *[]){"user", "add", "--login", "coordinator", "--org",
                                               "Lithuanian Caritas", "--role", "coordinator", NULL},
                              "demo-coordinator-2013\n", &out),
                  0);
        /*
         * The project is set up again by an administrator (its lead partner is the
         * Borough, not Caritas: partner scope); Caritas's coordinator imports its
         * activities.
         */
        CHECK_INT(run_ecat_db(db,
                              (const char *[]){"user", "add", "--login", "admin", "--org",
                                               "Lithuanian Caritas", "--role", "admin", NULL},
                              "demo-admin-pass-2013\n", &out),
                  0);
        struct server *b = server_start_db(db, NULL);
        struct client *cb = client_login(b, "coordinator");
        struct client *ab = client_login(b, "admin");
        json_t *pj = json_deep_copy(project->json);
        const char *drop[] = {"id", "created_at", "updated_at"};
        for (size_t i = 0; i < 3; i++)
                json_object_del(pj, drop[i]);
        char *text = json_dumps(pj, JSON_COMPACT);
        struct resp *r = http_json(ab, "POST", "/api/v1/projects", text);
        free(text);
        json_decref(pj);
        CHECK_STATUS(r, 201);
        int64_t pid_b = json_int_at(r->json, "id");
        /* Partners keep their organisations' ids, which the import kept. */
        int64_t partner_map[64][2];
        size_t n_partners = 0, i;
        json_t *p;
        json_array_foreach(json_object_get(partners->json, "items"), i, p)
        {
                r = http_json(
                    ab, "POST", test_msg("/api/v1/projects/%lld/partners", (long long)pid_b),
                    test_msg("{\"organisation_id\":%lld,\"role\":\"%s\",\"allocation_cents\":%lld}",
                             json_int_at(p, "organisation_id"), json_str_at(p, "role"),
                             json_int_at(p, "allocation_cents")));
                CHECK_STATUS(r, 201);
                CHECK(n_partners < 64);
                partner_map[n_partners][0] = json_int_at(p, "id");
                partner_map[n_partners++][1] = json_int_at(r->json, "id");
        }
        json_array_foreach(json_object_get(expenses->json, "items"), i, p)
        {
                int64_t partner = 0;
                for (size_t k = 0; k < n_partners; k++)
                        if (partner_map[k][0] == json_int_at(p, "partner_id"))
                                partner = partner_map[k][1];
                r = http_json(
                    ab, "POST", test_msg("/api/v1/projects/%lld/expenses", (long long)pid_b),
                    test_msg("{\"partner_id\":%lld,\"date\":\"%s\",\"category\":\"%s\","
                             "\"amount_cents\":%lld,\"description\":\"%s\"}",
                             (long long)partner, json_str_at(p, "date"), json_str_at(p, "category"),
                             json_int_at(p, "amount_cents"), json_str_at(p, "description")));
                CHECK_STATUS(r, 201);
        }
        json_array_foreach(json_object_get(indicators->json, "items"), i, p)
        {
                json_t *in =
                    json_pack("{s:O, s:O, s:O}", "name", json_object_get(p, "name"), "metric",
                              json_object_get(p, "metric"), "target", json_object_get(p, "target"));
                if (json_is_integer(json_object_get(p, "partner_id")))
                        for (size_t k = 0; k < n_partners; k++)
                                if (partner_map[k][0] == json_int_at(p, "partner_id"))
                                        json_object_set_new(in, "partner_id",
                                                            json_integer(partner_map[k][1]));
                text = json_dumps(in, JSON_COMPACT);
                json_decref(in);
                r = http_json(ab, "POST",
                              test_msg("/api/v1/projects/%lld/indicators", (long long)pid_b), text);
                free(text);
                CHECK_STATUS(r, 201);
        }
        CHECK_INT(pid_b, pid);
        /* Materials first (they keep their ids): the activities name them. */
        const char *materials = db_text(server_db(a), MATERIAL_ROWS);
        CHECK(strncmp(materials, "0:", 2) != 0, "the demo has materials");
        struct resp *mcsv = http_get(ca, "/api/v1/materials.csv");
        CHECK_STATUS(mcsv, 200);
        r = http(cb, "POST", "/api/v1/materials/import", "text/csv", mcsv->body, mcsv->len);
        CHECK_STATUS(r, 200);
        CHECK_STR(db_text(db, MATERIAL_ROWS), materials);
        r = http(cb, "POST", ACT_IMPORT, "text/csv", acts->body, acts->len);
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "imported"), json_int_at(dash_a->json, "totals.activities"));
        struct resp *dash_b =
            http_get(cb, test_msg("/api/v1/projects/%lld/dashboard", (long long)pid_b));
        CHECK_STATUS(dash_b, 200);
        CHECK_STR(dashboard_essence(dash_b->json), dashboard_essence(dash_a->json));

        /* The materials again, as the activities left them; then agreements and distributions. */
        CHECK_STR(db_text(db, MATERIAL_ROWS), materials);
        static const struct {
                const char *csv, *import, *rows;
        } more[] = {
            {"/api/v1/agreements.csv", "/api/v1/agreements/import", AGREEMENT_ROWS},
            {"/api/v1/distributions.csv", "/api/v1/distributions/import", DIST_ROWS},
        };
        for (size_t k = 0; k < sizeof(more) / sizeof(more[0]); k++) {
                const char *want = db_text(server_db(a), more[k].rows);
                CHECK(strncmp(want, "0:", 2) != 0, "the demo has rows for %s", more[k].csv);
                CHECK_STR(db_text(db, more[k].rows), "0:");
                struct resp *csv = http_get(ca, more[k].csv);
                CHECK_STATUS(csv, 200);
                r = http(cb, "POST", more[k].import, "text/csv", csv->body, csv->len);
                CHECK_STATUS(r, 200);
                CHECK_STR(db_text(db, more[k].rows), want);
        }
}

/* The import of writes_during_an_import, on a thread of its own (no CHECKs there). */
struct long_import {
        struct client *c;
        const char *csv;
        pthread_t thread;
        bool started;
        atomic_bool done;
        long status;
        long long imported;
};

static void *run_long_import(void *p)
{
        struct long_import *li = p;
        struct resp *r = post_csv(li->c, ACT_IMPORT, li->csv);
        li->status = r->status;
        json_t *n = r->json ? json_object_get(r->json, "imported") : NULL;
        li->imported = json_is_integer(n) ? (long long)json_integer_value(n) : -1;
        resp_free(r);
        atomic_store(&li->done, true);
        return NULL;
}

static void join_long_import(void *p)
{
        struct long_import *li = p;
        if (li->started)
                pthread_join(li->thread, NULL);
        li->started = false;
}

enum { LONG_IMPORT_ROWS = 40000 };

/*
 * A coordinator's import of LONG_IMPORT_ROWS activities of the demo project
 * on a thread of its own, returned once it holds the database's write lock
 * (its rows are going in).
 */
static struct long_import *import_holding_the_lock(struct server *s, struct client *c)
{
        int64_t pid = ecat_project(c);
        int64_t caritas =
            db_int(server_db(s), "SELECT id FROM organisations WHERE name = 'Lithuanian Caritas'");
        int64_t home = db_int(server_db(s), "SELECT id FROM organisations WHERE name = "
                                            "'Demo care home, Kaunas'");
        const char *row = test_msg("%lld,%lld,%lld,2014-03-03,lecture,1,0\n", (long long)pid,
                                   (long long)home, (long long)caritas);
        struct long_import *li = test_alloc(sizeof(*li));
        li->c = client_login(s, "coordinator");
        li->csv = test_msg("project_id,organisation_id,run_by,date,kind,youths,specialists\n%s",
                           str_repeat(row, LONG_IMPORT_ROWS));
        test_defer(join_long_import, li);
        CHECK(pthread_create(&li->thread, NULL, run_long_import, li) == 0);
        li->started = true;
        bool locked = false;
        for (int i = 0; i < 6000 && !locked && !atomic_load(&li->done); i++) {
                locked = db_write_locked(server_db(s));
                if (!locked)
                        sleep_ms(5);
        }
        CHECK(locked, "the import never held the write lock");
        return li;
}

/*
 * A writer beside the import, on a thread of its own (no CHECKs there): each
 * write on a new connection, counted by how it was answered.
 */
struct side_writer {
        struct server *s;
        const char *token;
        struct long_import *li;
        int id;
        pthread_t thread;
        bool started;
        int created, busy, other;
        char last_other[256];
};

static void *side_writes(void *p)
{
        struct side_writer *w = p;
        struct client *c = client_new(w->s);
        client_set_bearer(c, w->token);
        client_fresh_connections(c, true);
        for (int n = 1; !atomic_load(&w->li->done); n++) {
                struct resp *r =
                    http_json(c, "POST", "/api/v1/organisations",
                              test_msg("{\"name\":\"Written during an import %d.%d\",\"kind\":"
                                       "\"school\",\"country\":\"LT\"}",
                                       w->id, n));
                const char *code = r->json ? json_str_at(r->json, "error.code") : NULL;
                const char *retry = resp_header(r, "Retry-After");
                if (r->status == 201) {
                        w->created++;
                } else if (r->status == 503 && code && strcmp(code, "busy") == 0 && retry &&
                           strcmp(retry, "2") == 0) {
                        w->busy++;
                } else {
                        w->other++;
                        snprintf(w->last_other, sizeof(w->last_other), "%ld %.200s", r->status,
                                 r->body ? r->body : "");
                }
                resp_free(r);
        }
        return NULL;
}

static void join_side_writer(void *p)
{
        struct side_writer *w = p;
        if (w->started)
                pthread_join(w->thread, NULL);
        w->started = false;
}

/*
 * While a colleague's large import holds the write lock, other writes wait
 * write_wait_ms for it and are then answered 503 "busy" with Retry-After,
 * never 500; each write acknowledged is kept, each refused one left nothing,
 * and the import itself is whole.
 *
 * Several writers, each write on a new connection, beside the import on the
 * server's write pool (four threads, as many as HTTP threads): each meets
 * the import's lock on a pool thread of its own.
 */
API_TEST(writes_during_an_import_get_201_or_503)
{
        const char *args[] = {"--write-wait-ms", "150", "--threads", "4", NULL};
        struct server *s = server_start(args);
        struct client *c = client_login(s, "coordinator");
        enum { WRITERS = 4 };
        int64_t acts_before = db_int(server_db(s), "SELECT count(*) FROM activities");
        int64_t orgs_before = org_count(s);
        struct resp *tok =
            http_json(c, "POST", "/api/v1/session/tokens", "{\"name\":\"during import\"}");
        CHECK_STATUS(tok, 201);
        const char *token = json_str_at(tok->json, "token");
        /*
         * The writers start once the import holds the lock: started earlier,
         * they could keep it from the import for its write_wait_ms, and the
         * import would be the one answered 503.
         */
        struct long_import *li = import_holding_the_lock(s, c);
        struct side_writer *ws = test_alloc(WRITERS * sizeof(*ws));
        for (int i = 0; i < WRITERS; i++) {
                ws[i] = (struct side_writer){.s = s, .token = token, .li = li, .id = i + 1};
                test_defer(join_side_writer, &ws[i]);
                CHECK(pthread_create(&ws[i].thread, NULL, side_writes, &ws[i]) == 0);
                ws[i].started = true;
        }
        join_long_import(li);
        int created = 0, busy = 0;
        for (int i = 0; i < WRITERS; i++) {
                join_side_writer(&ws[i]);
                CHECK(ws[i].other == 0, "writer %d: %d answers neither 201 nor 503 busy, last %s",
                      i + 1, ws[i].other, ws[i].last_other);
                created += ws[i].created;
                busy += ws[i].busy;
        }
        CHECK_INT(li->status, 200);
        CHECK_INT(li->imported, LONG_IMPORT_ROWS);
        test_note("%d writes during the import: %d created, %d answered busy", created + busy,
                  created, busy);
        CHECK(busy > 0, "no write met the import's lock (%d created)", created);
        CHECK_INT(org_count(s), orgs_before + created);
        CHECK_INT(db_int(server_db(s), "SELECT count(*) FROM activities"),
                  acts_before + LONG_IMPORT_ROWS);
        /* The lock is free again: the next write is taken at once. */
        struct resp *r = http_json(c, "POST", "/api/v1/organisations",
                                   "{\"name\":\"Written after the import\",\"kind\":\"school\","
                                   "\"country\":\"LT\"}");
        CHECK_STATUS(r, 201);
}

/*
 * A write runs on the server's write pool, not on the HTTP thread that
 * received it: with one HTTP thread, a read is answered while a large import
 * still holds the write lock (before, the thread ran the import, and the read
 * waited for its end).
 */
API_TEST(a_read_is_answered_while_a_long_write_runs)
{
        struct server *s = server_start((const char *[]){"--threads", "1", NULL});
        struct client *c = client_login(s, "coordinator");
        struct long_import *li = import_holding_the_lock(s, c);
        struct client *reader = client_new(s);
        CHECK_STATUS(http_get(reader, "/api/v1/health"), 200);
        CHECK_STATUS(http_get(c, "/api/v1/organisations?limit=1"), 200);
        CHECK(db_write_locked(server_db(s)),
              "the reads were answered only after the import had ended");
        join_long_import(li);
        CHECK_INT(li->status, 200);
        CHECK_INT(li->imported, LONG_IMPORT_ROWS);
}

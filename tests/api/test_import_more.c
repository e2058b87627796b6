/*
 * CSV import of materials, distributions and agreements: the round trip
 * (export, the table emptied, import, the same rows), bad rows refused with
 * their row and field and nothing written, the dry run, roles, the CLI.
 */
#include "harness.h"
#include "import_rows.h"

#include <stdio.h>
#include <string.h>

static struct resp *post_csv(struct client *c, const char *path, const struct resp *body)
{
        return http(c, "POST", path, "text/csv", body->body, body->len);
}

static struct resp *post_text(struct client *c, const char *path, const char *csv)
{
        return http(c, "POST", path, "text/csv", csv, strlen(csv));
}

API_TEST(import_more_round_trips)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "coordinator");
        const char *db = server_db(s);

        /* Distributions: export, emptied, import, the same rows. */
        const char *before = db_text(db, DIST_ROWS);
        CHECK(strncmp(before, "0:", 2) != 0, "the demo has distributions");
        struct resp *csv = http_get(c, "/api/v1/distributions.csv");
        CHECK_STATUS(csv, 200);
        db_exec(db, "DELETE FROM distributions");
        struct resp *r = post_csv(c, "/api/v1/distributions/import", csv);
        CHECK_STATUS(r, 200);
        CHECK_STR(db_text(db, DIST_ROWS), before);
        /* Each written row is audited like its API create. */
        CHECK_INT(db_int(db, test_msg("SELECT count(*) FROM audit_log WHERE object_type = "
                                      "'distribution' AND action = 'distribution.create' AND "
                                      "request_id = '%s'",
                                      resp_header(r, "X-Request-Id"))),
                  json_int_at(r->json, "imported"));

        /* Agreements, file_* columns and all. */
        before = db_text(db, AGREEMENT_ROWS);
        csv = http_get(c, "/api/v1/agreements.csv");
        CHECK_STATUS(csv, 200);
        CHECK(strstr(csv->body, "file_sha256"), "%s", csv->body);
        db_exec(db, "DELETE FROM agreements");
        r = post_csv(c, "/api/v1/agreements/import", csv);
        CHECK_STATUS(r, 200);
        CHECK_STR(db_text(db, AGREEMENT_ROWS), before);

        /* Materials keep their ids. */
        before = db_text(db, MATERIAL_ROWS);
        csv = http_get(c, "/api/v1/materials.csv");
        CHECK_STATUS(csv, 200);
        db_exec(db, "DELETE FROM distributions");
        db_exec(db, "UPDATE activities SET materials = '[]'");
        db_exec(db, "DELETE FROM materials");
        r = post_csv(c, "/api/v1/materials/import", csv);
        CHECK_STATUS(r, 200);
        CHECK_STR(db_text(db, MATERIAL_ROWS), before);
}

API_TEST(import_more_bad_rows_dry_run_roles)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "coordinator");
        const char *db = server_db(s);
        struct resp *csv = http_get(c, "/api/v1/distributions.csv");
        CHECK_STATUS(csv, 200);
        /* The header and the first data row of the export. */
        const char *nl = strchr(csv->body, '\n');
        CHECK(nl);
        const char *header = test_msg("%.*s", (int)(nl - csv->body), csv->body);
        int64_t mid = db_int(db, "SELECT material_id FROM distributions ORDER BY id LIMIT 1");
        int64_t pid = db_int(db, "SELECT project_id FROM distributions ORDER BY id LIMIT 1");
        int64_t run_by = db_int(db, "SELECT run_by FROM distributions ORDER BY id LIMIT 1");
        int64_t org = db_int(db, "SELECT coalesce(organisation_id, 0) FROM distributions "
                                 "ORDER BY id LIMIT 1");
        (void)header;
        const char *good = test_msg("%lld,%lld,%lld,%lld,pupils,5,2014-03-03", (long long)mid,
                                    (long long)pid, (long long)run_by, (long long)org);
        const char *fp = db_fingerprint(db);
        const char *bad =
            test_msg("material_id,project_id,run_by,organisation_id,audience,quantity,date\n"
                     "%s\n"
                     "999999,%lld,%lld,%lld,pupils,5,2014-03-03\n"
                     "%lld,%lld,%lld,%lld,martians,5,2014-03-03\n"
                     "%lld,%lld,%lld,%lld,pupils,5,2014-13-45\n",
                     good, (long long)pid, (long long)run_by, (long long)org, (long long)mid,
                     (long long)pid, (long long)run_by, (long long)org, (long long)mid,
                     (long long)pid, (long long)run_by, (long long)org);
        struct resp *r = post_text(c, "/api/v1/distributions/import", bad);
        expect_error(r, 422, "validation_failed", NULL);
        json_t *rows = json_at(r->json, "error.rows");
        CHECK_INT(json_array_size(rows), 3);
        CHECK_INT(json_int_at(json_array_get(rows, 0), "row"), 3);
        CHECK(json_at(json_array_get(rows, 0), "fields.material_id"), "%s", r->body);
        CHECK_INT(json_int_at(json_array_get(rows, 1), "row"), 4);
        CHECK(json_at(json_array_get(rows, 1), "fields.audience"), "%s", r->body);
        CHECK_INT(json_int_at(json_array_get(rows, 2), "row"), 5);
        CHECK(json_at(json_array_get(rows, 2), "fields.date"), "%s", r->body);
        CHECK_STR(db_fingerprint(db), fp);

        /* An unknown column stops the import at row 1. */
        r = post_text(c, "/api/v1/materials/import", "title,kind,colour\nA,leaflet,red\n");
        expect_error(r, 422, "validation_failed", NULL);
        CHECK(json_at(json_array_get(json_at(r->json, "error.rows"), 0), "fields.colour"), "%s",
              r->body);
        CHECK_STR(db_fingerprint(db), fp);

        /* A material title that differs at that id is refused. */
        r = post_text(c, "/api/v1/distributions/import",
                      test_msg("material_id,material_title,project_id,run_by,organisation_id,"
                               "audience,quantity,date\n%lld,Not this one,%lld,%lld,%lld,pupils,"
                               "5,2014-03-03\n",
                               (long long)mid, (long long)pid, (long long)run_by, (long long)org));
        expect_error(r, 422, "validation_failed", NULL);
        CHECK(json_at(json_array_get(json_at(r->json, "error.rows"), 0), "fields.material_id"),
              "%s", r->body);
        CHECK_STR(db_fingerprint(db), fp);

        /* A dry run writes nothing. */
        r = post_text(c, "/api/v1/distributions/import?dry_run=true",
                      test_msg("material_id,project_id,run_by,organisation_id,audience,quantity,"
                               "date\n%s\n",
                               good));
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "imported"), 1);
        CHECK_STR(db_fingerprint(db), fp);

        /* Roles without the write right. */
        struct client *v = client_login(s, "viewer");
        CHECK_STATUS(post_text(v, "/api/v1/materials/import", "title,kind\nA,leaflet\n"), 403);
        CHECK_STATUS(post_text(v, "/api/v1/distributions/import", "material_id\n1\n"), 403);
        CHECK_STATUS(post_text(v, "/api/v1/agreements/import", "kind\npledge\n"), 403);
        CHECK_STR(db_fingerprint(db), fp);
}

API_TEST(import_more_cli)
{
        struct server *s = server_start(NULL);
        server_stop(s);
        const char *file = test_path("materials.csv");
        FILE *f = fopen(file, "w");
        CHECK(f);
        fputs("title,kind,file_sha256\nCLI leaflet,leaflet,abc\nCLI castle,castle,\n", f);
        fclose(f);
        const char *count = "SELECT count(*) FROM materials";
        int64_t before = db_int(server_db(s), count);
        char *out = NULL;
        CHECK_INT(run_ecat(s, (const char *[]){"import", "materials", file, NULL}, NULL, &out), 1);
        CHECK(strstr(out, "row 3") && strstr(out, "kind"), "%s", out);
        CHECK_INT(db_int(server_db(s), count), before);
        CHECK_INT(run_ecat(s, (const char *[]){"import", "materials", file, "--skip-bad", NULL},
                           NULL, &out),
                  0);
        CHECK_INT(db_int(server_db(s), count), before + 1);
        /* The file_* cell was skipped: no file is attached. */
        CHECK_INT(db_int(server_db(s), "SELECT count(*) FROM materials WHERE title = 'CLI "
                                       "leaflet' AND file_sha256 IS NULL"),
                  1);
}

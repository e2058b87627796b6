/*
 * Materials, their files and their distribution over the API: every route,
 * the file store (streamed uploads, types by content, over-size, one copy per
 * content, removal of what nothing has), the rules of a distribution, the
 * dashboard's totals, the materials_distributed indicator, activities'
 * materials as references, and the backup of the files.
 */
#include "programme_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char PDF[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
static const char PDF2[] = "%PDF-1.4\n% another\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

static struct resp *put_file(struct client *c, long long id, const char *query, const char *body,
                             size_t len)
{
        return http(c, "PUT", test_msg("/api/v1/materials/%lld/file%s", id, query ? query : ""),
                    "application/octet-stream", body, len);
}

static char *read_whole(const char *path, size_t *len)
{
        FILE *f = fopen(path, "rb");
        if (!f)
                FAIL("cannot read %s", path);
        char *buf = test_alloc(1 << 20);
        *len = fread(buf, 1, 1 << 20, f);
        fclose(f);
        return buf;
}

API_TEST(material_create_read_list_update_delete)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "coordinator");
        const char *film = "{\"title\":\"Film „Parduota meilė“\",\"kind\":\"film\","
                           "\"languages\":[\"lt\",\"en\"],\"audiences\":[\"pupils\",\"teachers\"],"
                           "\"version\":\"2013\",\"description\":\"30 minutes\"}";
        long long id = fx_create(c, "/api/v1/materials", film);
        struct resp *r = http_get(c, test_msg("/api/v1/materials/%lld", id));
        CHECK_STATUS(r, 200);
        CHECK_STR(json_str_at(r->json, "title"), "Film „Parduota meilė“");
        CHECK_STR(json_str_at(r->json, "kind"), "film");
        CHECK_INT(json_array_size(json_at(r->json, "languages")), 2);
        CHECK_INT(json_array_size(json_at(r->json, "audiences")), 2);
        CHECK(json_is_null(json_at(r->json, "file_sha256")));
        CHECK(json_is_null(json_at(r->json, "project_id")));
        CHECK_INT(json_int_at(r->json, "distributed"), 0);
        long long leaflet = fx_create(c, "/api/v1/materials",
                                      "{\"title\":\"Leaflet 100%_help\",\"kind\":\"leaflet\","
                                      "\"audiences\":[\"parents\"]}");

        r = http_get(c, "/api/v1/materials?kind=film");
        CHECK_STATUS(r, 200);
        CHECK(fx_find_int(json_at(r->json, "items"), "id", id));
        CHECK(!fx_find_int(json_at(r->json, "items"), "id", leaflet));
        r = http_get(c, "/api/v1/materials?audience=parents");
        CHECK(fx_find_int(json_at(r->json, "items"), "id", leaflet));
        CHECK(!fx_find_int(json_at(r->json, "items"), "id", id));
        /* The words are matched literally: % and _ are no wildcards. */
        r = http_get(c, "/api/v1/materials?q=100%25_");
        CHECK_INT(json_int_at(r->json, "total"), 1);
        r = http_get(c, "/api/v1/materials?q=%25");
        CHECK_INT(json_int_at(r->json, "total"), 1);
        r = http_get(c, "/api/v1/materials?q=meil%C4%97");
        CHECK_INT(json_int_at(r->json, "total"), 1);
        expect_error(http_get(c, "/api/v1/materials?kind=movie"), 400, "bad_request", "kind");
        expect_error(http_get(c, "/api/v1/materials?colour=red"), 400, "bad_request", "colour");

        r = http_json(c, "PATCH", test_msg("/api/v1/materials/%lld", id), "{\"version\":\"2014\"}");
        CHECK_STATUS(r, 200);
        CHECK_STR(json_str_at(r->json, "version"), "2014");
        CHECK_STR(json_str_at(r->json, "kind"), "film");

        r = http_get(c, "/api/v1/materials.csv?kind=film");
        CHECK_STATUS(r, 200);
        CHECK(strncmp(r->body, "id,title,kind,languages,audiences", 33) == 0, "%.80s", r->body);
        CHECK(strstr(r->body, "Parduota meilė") != NULL);
        CHECK(strstr(r->body, "Leaflet") == NULL);

        r = http(c, "DELETE", test_msg("/api/v1/materials/%lld", leaflet), NULL, NULL, 0);
        CHECK_STATUS(r, 204);
        expect_error(http_get(c, test_msg("/api/v1/materials/%lld", leaflet)), 404, "not_found",
                     NULL);

        /* Roles: an outreach worker and a viewer read, only coordinators write. */
        struct client *o = client_login(s, "outreach");
        CHECK_STATUS(http_get(o, test_msg("/api/v1/materials/%lld", id)), 200);
        expect_error(http_json(o, "POST", "/api/v1/materials", film), 403, "forbidden", NULL);
        struct client *v = client_login(s, "viewer");
        expect_error(http_json(v, "PATCH", test_msg("/api/v1/materials/%lld", id), "{}"), 403,
                     "forbidden", NULL);
        expect_error(put_file(v, id, NULL, PDF, sizeof(PDF) - 1), 403, "forbidden", NULL);
        struct client *cw = client_login(s, "caseworker");
        expect_error(http_get(cw, "/api/v1/materials"), 403, "forbidden", NULL);
}

API_TEST(material_validation_changes_nothing)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "coordinator");
        long long id =
            fx_create(c, "/api/v1/materials", "{\"title\":\"Poster\",\"kind\":\"poster\"}");
        const char *before = db_fingerprint(server_db(s));
        const char *P = "/api/v1/materials";
        fx_refused(c, "POST", P, "{\"kind\":\"film\"}", 422, "validation_failed", "title");
        fx_refused(c, "POST", P, "{\"title\":\"\",\"kind\":\"film\"}", 422, "validation_failed",
                   "title");
        fx_refused(c, "POST", P, "{\"title\":\"t\",\"kind\":\"movie\"}", 422, "validation_failed",
                   "kind");
        fx_refused(c, "POST", P, "{\"title\":\"t\",\"kind\":\"film\",\"languages\":[\"LT\"]}", 422,
                   "validation_failed", "languages");
        fx_refused(c, "POST", P, "{\"title\":\"t\",\"kind\":\"film\",\"languages\":[\"lit\"]}", 422,
                   "validation_failed", "languages");
        fx_refused(c, "POST", P, "{\"title\":\"t\",\"kind\":\"film\",\"audiences\":[\"youths\"]}",
                   422, "validation_failed", "audiences");
        fx_refused(c, "POST", P, "{\"title\":\"t\",\"kind\":\"film\",\"project_id\":999999}", 422,
                   "validation_failed", "project_id");
        fx_refused(c, "POST", P, "{\"title\":\"t\",\"kind\":\"film\",\"colour\":\"red\"}", 422,
                   "validation_failed", "colour");
        fx_refused(c, "POST", P,
                   "{\"title\":\"t\",\"kind\":\"film\",\"file_sha256\":"
                   "\"0000000000000000000000000000000000000000000000000000000000000000\"}",
                   422, "validation_failed", "file_sha256");
        fx_refused(c, "PATCH", test_msg("%s/%lld", P, id), "{\"kind\":null}", 422,
                   "validation_failed", "kind");
        CHECK_STR(db_fingerprint(server_db(s)), before);
}

API_TEST(material_file_upload_and_download)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "coordinator");
        long long id =
            fx_create(c, "/api/v1/materials", "{\"title\":\"Leaflet\",\"kind\":\"leaflet\"}");
        long long other =
            fx_create(c, "/api/v1/materials", "{\"title\":\"Copy\",\"kind\":\"leaflet\"}");
        expect_error(http_get(c, test_msg("/api/v1/materials/%lld/file", id)), 404, "not_found",
                     NULL);

        struct resp *r =
            put_file(c, id, "?name=Lankstinukas%20%C5%A1vietimui.pdf", PDF, sizeof(PDF) - 1);
        CHECK_STATUS(r, 200);
        CHECK_STR(json_str_at(r->json, "file_type"), "application/pdf");
        CHECK_STR(json_str_at(r->json, "file_name"), "Lankstinukas švietimui.pdf");
        CHECK_INT(json_int_at(r->json, "file_size"), (long long)sizeof(PDF) - 1);
        const char *hash = test_msg("%s", json_str_at(r->json, "file_sha256"));
        CHECK_INT(strlen(hash), 64);
        CHECK_INT(db_int(server_db(s), test_msg("SELECT count(*) FROM audit_log WHERE action = "
                                                "'material.file_upload' AND object_id = %lld",
                                                id)),
                  1);

        r = http_get(c, test_msg("/api/v1/materials/%lld/file", id));
        CHECK_STATUS(r, 200);
        CHECK_INT(r->len, sizeof(PDF) - 1);
        CHECK(memcmp(r->body, PDF, r->len) == 0);
        CHECK_STR(resp_header(r, "Content-Type"), "application/pdf");
        CHECK_STR(resp_header(r, "Content-Disposition"),
                  "attachment; filename=\"Lankstinukas __vietimui.pdf\"; "
                  "filename*=UTF-8''Lankstinukas%20%C5%A1vietimui.pdf");
        CHECK_STR(resp_header(r, "ETag"), test_msg("\"%s\"", hash));
        r = http(c, "GET", test_msg("/api/v1/materials/%lld/file", id), NULL, NULL, 0,
                 test_msg("If-None-Match: \"%s\"", hash));
        CHECK_STATUS(r, 304);
        /* Stored under its hash, once for two materials with the same content. */
        struct stat st;
        CHECK(stat(test_msg("%s-files/%.2s/%s", server_db(s), hash, hash), &st) == 0);
        CHECK_STATUS(put_file(c, other, NULL, PDF, sizeof(PDF) - 1), 200);
        CHECK_INT(server_stored_files(s), 1);
        r = http_get(c, test_msg("/api/v1/materials/%lld", other));
        CHECK_STR(json_str_at(r->json, "file_name"), test_msg("material-%lld.pdf", other));

        /* A type not allowed, found by content whatever the name says: 415, nothing kept. */
        const char *before = db_fingerprint(server_db(s));
        const char *html = "<html><body><script>alert(1)</script></body></html>";
        r = put_file(c, id, "?name=leaflet.pdf", html, strlen(html));
        expect_error(r, 415, "unsupported_media_type", "file");
        CHECK(strstr(json_str_at(r->json, "error.fields.file"), "PDF, PNG") != NULL);
        expect_error(put_file(c, id, NULL, "PK\x03\x04zzzz", 8), 415, "unsupported_media_type",
                     "file");
        expect_error(put_file(c, id, NULL, "", 0), 422, "validation_failed", "file");
        expect_error(put_file(c, id, "?name=..%2Fetc", PDF2, sizeof(PDF2) - 1), 422,
                     "validation_failed", "name");
        expect_error(put_file(c, 999999, NULL, PDF2, sizeof(PDF2) - 1), 404, "not_found", NULL);
        CHECK_STR(db_fingerprint(server_db(s)), before);
        CHECK_INT(server_stored_files(s), 1);
        CHECK_INT(server_spooled_files(s), 0);

        /* Replaced on one material: both files kept while the other has the first. */
        CHECK_STATUS(put_file(c, id, NULL, PDF2, sizeof(PDF2) - 1), 200);
        CHECK_INT(server_stored_files(s), 2);
        /* Removed from the other: nothing has the first file any more, so it goes. */
        CHECK_STATUS(
            http(c, "DELETE", test_msg("/api/v1/materials/%lld/file", other), NULL, NULL, 0), 204);
        CHECK_INT(server_stored_files(s), 1);
        expect_error(
            http(c, "DELETE", test_msg("/api/v1/materials/%lld/file", other), NULL, NULL, 0), 404,
            "not_found", NULL);
        /* The material deleted: its file goes too. */
        CHECK_STATUS(http(c, "DELETE", test_msg("/api/v1/materials/%lld", id), NULL, NULL, 0), 204);
        CHECK_INT(server_stored_files(s), 0);
        /* Chunked bodies stream the same way. */
        client_chunked(c, true);
        CHECK_STATUS(put_file(c, other, NULL, PDF, sizeof(PDF) - 1), 200);
        CHECK_INT(server_stored_files(s), 1);
}

/* Small files of every allowed type, made by python3's zipfile for the office formats. */
API_TEST(material_file_types_by_content)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "coordinator");
        long long id = fx_create(c, "/api/v1/materials", "{\"title\":\"Any\",\"kind\":\"other\"}");
        const char *dir = server_dir(s);
        const char *script = test_msg(
            "import zipfile,sys\n"
            "d=sys.argv[1]\n"
            "z=zipfile.ZipFile(d+'/a.docx','w');z.writestr('[Content_Types].xml','<Types/>');"
            "z.writestr('_rels/.rels','<R/>');z.writestr('word/document.xml','<w/>');z.close()\n"
            "z=zipfile.ZipFile(d+'/a.pptx','w');z.writestr('[Content_Types].xml','<Types/>');"
            "z.writestr('_rels/.rels','<R/>');z.writestr('ppt/presentation.xml','<p/>');z.close()\n"
            "z=zipfile.ZipFile(d+'/a.odt','w');z.writestr(zipfile.ZipInfo('mimetype'),"
            "'application/vnd.oasis.opendocument.text');z.writestr('content.xml','<x/"
            ">');z.close()\n"
            "z=zipfile.ZipFile(d+'/a.zip','w');z.writestr('a.txt','hello');z.close()\n"
            "open(d+'/a.png','wb').write(bytes.fromhex('89504e470d0a1a0a0000000d494844520000000100"
            "0000010806000000'+'1f15c489'))\n"
            "open(d+'/a.jpg','wb').write(bytes.fromhex('ffd8ffe000104a46494600010100000100010000ff"
            "db'))\n"
            "open(d+'/a.mp4','wb').write(bytes.fromhex('0000001c667479706d7034320000000"
            "06d7034326973736f6d')+bytes(40))\n"
            "open(d+'/a.webm','wb').write(bytes.fromhex('1a45dfa39f4286810142f7810142f2810442f381"
            "084282847765626d')+bytes(30))\n");
        FILE *f = fopen(test_msg("%s/make.py", dir), "w");
        CHECK(f && fputs(script, f) >= 0 && fclose(f) == 0);
        CHECK(system(test_msg("python3 %s/make.py %s", dir, dir)) == 0);
        struct {
                const char *file, *type;
        } ok[] = {
            {"a.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
            {"a.pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
            {"a.odt", "application/vnd.oasis.opendocument.text"},
            {"a.png", "image/png"},
            {"a.jpg", "image/jpeg"},
            {"a.mp4", "video/mp4"},
            {"a.webm", "video/webm"},
        };
        for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
                size_t len;
                char *body = read_whole(test_msg("%s/%s", dir, ok[i].file), &len);
                struct resp *r = put_file(c, id, NULL, body, len);
                CHECK_STATUS(r, 200);
                CHECK_STR(json_str_at(r->json, "file_type"), ok[i].type);
                r = http_get(c, test_msg("/api/v1/materials/%lld/file", id));
                CHECK_STR(resp_header(r, "Content-Type"), ok[i].type);
                CHECK(r->len == len && memcmp(r->body, body, len) == 0, "%s", ok[i].file);
        }
        size_t len;
        char *zip = read_whole(test_msg("%s/a.zip", dir), &len);
        struct resp *r = put_file(c, id, "?name=a.docx", zip, len);
        expect_error(r, 415, "unsupported_media_type", "file");
        CHECK(strstr(json_str_at(r->json, "error.fields.file"), "ZIP") != NULL);
        CHECK_INT(server_stored_files(s), 1); /* the last one kept, every earlier one gone */
}

API_TEST(material_file_over_limit_keeps_nothing)
{
        const char *args[] = {"--material-file-limit", "4096", NULL};
        struct server *s = server_start(args);
        struct client *c = client_login(s, "coordinator");
        long long id = fx_create(c, "/api/v1/materials", "{\"title\":\"Film\",\"kind\":\"film\"}");
        CHECK_STATUS(put_file(c, id, NULL, PDF, sizeof(PDF) - 1), 200);
        const char *before = db_fingerprint(server_db(s));
        size_t n = 8192;
        char *big = test_alloc(n);
        memset(big, 'x', n);
        memcpy(big, "%PDF-1.4\n", 9);
        /* Declared too large: refused before the body is read. */
        expect_error(put_file(c, id, NULL, big, n), 413, "payload_too_large", NULL);
        /* Chunked, so only the streaming can tell: refused once past the limit. */
        client_chunked(c, true);
        expect_error(put_file(c, id, NULL, big, n), 413, "payload_too_large", NULL);
        CHECK_STR(db_fingerprint(server_db(s)), before);
        CHECK_INT(server_stored_files(s), 1);
        CHECK_INT(server_spooled_files(s), 0);
        /* No login, no spool: answered on the headers. */
        struct client *anon = client_new(s);
        expect_error(put_file(anon, id, NULL, PDF2, sizeof(PDF2) - 1), 401, "unauthenticated",
                     NULL);
        CHECK_INT(server_spooled_files(s), 0);
        client_chunked(c, false);
        struct resp *r = http_get(c, test_msg("/api/v1/materials/%lld/file", id));
        CHECK(r->len == sizeof(PDF) - 1 && memcmp(r->body, PDF, r->len) == 0);
}

API_TEST(distribution_rules_totals_and_indicator)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "coordinator"); /* of Caritas */
        struct fx_project p;
        fx_project(c, s, &p);
        int64_t school = fx_org(s, "Kauno mokykla", "school", "LT", "Kaunas city");
        int64_t gym = fx_org(s, "Vilniaus gimnazija", "school", "LT", "Vilnius city");
        long long film =
            fx_create(c, "/api/v1/materials", "{\"title\":\"Film\",\"kind\":\"film\"}");
        long long leaflet =
            fx_create(c, "/api/v1/materials", "{\"title\":\"Leaflet\",\"kind\":\"leaflet\"}");
        int64_t act = fx_activity(c, &p, gym, p.caritas_org, "2013-10-02", "lecture", 30, 2);
        long long ind = fx_create(
            p.lead, test_msg("/api/v1/projects/%lld/indicators", (long long)p.id),
            "{\"name\":\"Leaflets to teachers\",\"metric\":\"materials_distributed:teachers\","
            "\"target\":100}");
        long long all =
            fx_create(p.lead, test_msg("/api/v1/projects/%lld/indicators", (long long)p.id),
                      "{\"name\":\"Materials\",\"metric\":\"materials_distributed\",\"target\":200,"
                      "\"period_start\":\"2013-01-01\",\"period_end\":\"2013-12-31\"}");
        const char *D = "/api/v1/distributions";
        const char *base = test_msg("\"project_id\":%lld,\"run_by\":%lld", (long long)p.id,
                                    (long long)p.caritas_org);
        long long d1 = fx_create(c, D,
                                 test_msg("{%s,\"material_id\":%lld,\"organisation_id\":%lld,"
                                          "\"audience\":\"teachers\",\"quantity\":40,"
                                          "\"date\":\"2013-09-10\"}",
                                          base, leaflet, (long long)school));
        /* At an activity: the organisation is the activity's. */
        long long d2 = fx_create(c, D,
                                 test_msg("{%s,\"material_id\":%lld,\"activity_id\":%lld,"
                                          "\"audience\":\"pupils\",\"quantity\":30,"
                                          "\"date\":\"2013-10-02\"}",
                                          base, leaflet, (long long)act));
        struct resp *r = http_get(c, test_msg("%s/%lld", D, d2));
        CHECK_INT(json_int_at(r->json, "organisation_id"), gym);
        CHECK_STR(json_str_at(r->json, "material_title"), "Leaflet");
        fx_create(c, D,
                  test_msg("{%s,\"material_id\":%lld,\"organisation_id\":%lld,"
                           "\"audience\":\"teachers\",\"quantity\":5,\"date\":\"2014-02-01\"}",
                           base, film, (long long)gym));

        const char *before = db_fingerprint(server_db(s));
        struct {
                const char *json, *field;
        } bad[] = {
            {test_msg("{%s,\"material_id\":999999,\"organisation_id\":%lld,\"audience\":"
                      "\"teachers\",\"quantity\":1,\"date\":\"2013-09-10\"}",
                      base, (long long)school),
             "material_id"},
            {test_msg("{%s,\"material_id\":%lld,\"audience\":\"teachers\",\"quantity\":1,"
                      "\"date\":\"2013-09-10\"}",
                      base, leaflet),
             "organisation_id"},
            {test_msg("{%s,\"material_id\":%lld,\"activity_id\":%lld,\"organisation_id\":%lld,"
                      "\"audience\":\"pupils\",\"quantity\":1,\"date\":\"2013-10-02\"}",
                      base, leaflet, (long long)act, (long long)school),
             "organisation_id"},
            {test_msg("{%s,\"material_id\":%lld,\"organisation_id\":%lld,\"audience\":"
                      "\"youths\",\"quantity\":1,\"date\":\"2013-09-10\"}",
                      base, leaflet, (long long)school),
             "audience"},
            {test_msg("{%s,\"material_id\":%lld,\"organisation_id\":%lld,\"audience\":"
                      "\"teachers\",\"quantity\":0,\"date\":\"2013-09-10\"}",
                      base, leaflet, (long long)school),
             "quantity"},
            {test_msg("{%s,\"material_id\":%lld,\"organisation_id\":%lld,\"audience\":"
                      "\"teachers\",\"quantity\":1,\"date\":\"2012-01-01\"}",
                      base, leaflet, (long long)school),
             "date"},
            {test_msg("{%s,\"material_id\":%lld,\"organisation_id\":%lld,\"audience\":"
                      "\"teachers\",\"quantity\":1,\"date\":\"2013-09-10\",\"colour\":1}",
                      base, leaflet, (long long)school),
             "colour"},
        };
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
                fx_refused(c, "POST", D, bad[i].json, 422, "validation_failed", bad[i].field);
        /* For another organisation than one's own: out of scope, 404 before any rule. */
        fx_refused(c, "POST", D,
                   test_msg("{\"project_id\":%lld,\"run_by\":%lld,\"material_id\":%lld,"
                            "\"organisation_id\":%lld,\"audience\":\"teachers\",\"quantity\":1,"
                            "\"date\":\"2013-09-10\"}",
                            (long long)p.id, (long long)p.borough_org, leaflet, (long long)school),
                   404, "not_found", NULL);
        /* The lead's coordinator, for an organisation not of the project: named. */
        fx_refused(p.lead, "POST", D,
                   test_msg("{\"project_id\":%lld,\"run_by\":%lld,\"material_id\":%lld,"
                            "\"organisation_id\":%lld,\"audience\":\"teachers\",\"quantity\":1,"
                            "\"date\":\"2013-09-10\"}",
                            (long long)p.id, (long long)p.borough_org, 999999LL, (long long)school),
                   422, "validation_failed", "material_id");
        /* The Borough's coordinator is out of Caritas's distributions: 404, as if missing. */
        expect_error(http_json(p.lead, "PATCH", test_msg("%s/%lld", D, d1), "{\"quantity\":2}"),
                     404, "not_found", NULL);
        /* A distributed material stays. */
        r = http(c, "DELETE", test_msg("/api/v1/materials/%lld", leaflet), NULL, NULL, 0);
        expect_error(r, 409, "conflict", NULL);
        CHECK(strstr(json_str_at(r->json, "error.message"), "2 distributions") != NULL);
        CHECK_STR(db_fingerprint(server_db(s)), before);

        r = http_get(c, test_msg("%s?project=%lld&audience=teachers", D, (long long)p.id));
        CHECK_INT(json_int_at(r->json, "total"), 2);
        r = http_get(c, test_msg("%s?material=%lld&from=2013-10-01", D, leaflet));
        CHECK_INT(json_int_at(r->json, "total"), 1);
        r = http_get(c, test_msg("/api/v1/distributions.csv?project=%lld", (long long)p.id));
        CHECK_STATUS(r, 200);
        CHECK(strncmp(r->body, "id,material_id,material_title,project_id", 40) == 0);
        r = http_get(c, test_msg("/api/v1/materials/%lld", leaflet));
        CHECK_INT(json_int_at(r->json, "distributed"), 70);

        /* The dashboard's totals and the indicators, current after each write. */
        const char *dash = test_msg("/api/v1/projects/%lld/dashboard", (long long)p.id);
        r = http_get(c, dash);
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "distributions.total"), 75);
        CHECK_INT(json_int_at(r->json, "distributions.by_audience.teachers"), 45);
        CHECK_INT(json_int_at(r->json, "distributions.by_audience.pupils"), 30);
        CHECK_INT(json_int_at(r->json, "distributions.by_audience.parents"), 0);
        json_t *first = json_array_get(json_at(r->json, "distributions.by_material"), 0);
        CHECK_STR(json_string_value(json_object_get(first, "title")), "Leaflet");
        CHECK_INT(fx_int(first, "quantity"), 70);
        json_t *kaunas = fx_find(json_at(r->json, "distributions.by_municipality"), "municipality",
                                 "Kaunas city");
        CHECK_INT(fx_int(kaunas, "quantity"), 40);
        json_t *i1 = fx_find_int(json_at(r->json, "indicators"), "id", ind);
        json_t *i2 = fx_find_int(json_at(r->json, "indicators"), "id", all);
        CHECK_INT(fx_int(i1, "achieved"), 45);
        CHECK_INT(fx_int(i2, "achieved"), 70); /* 2014's 5 are outside the period */
        CHECK_STATUS(http_json(c, "PATCH", test_msg("%s/%lld", D, d1), "{\"quantity\":50}"), 200);
        r = http_get(c, dash);
        CHECK_INT(json_int_at(r->json, "distributions.total"), 85);
        CHECK_INT(fx_int(fx_find_int(json_at(r->json, "indicators"), "id", ind), "achieved"), 55);
        CHECK_STATUS(http(c, "DELETE", test_msg("%s/%lld", D, d2), NULL, NULL, 0), 204);
        r = http_get(c, dash);
        CHECK_INT(json_int_at(r->json, "distributions.by_audience.pupils"), 0);

        /* An outreach worker of Caritas hands out too. */
        struct client *o = client_login(s, "outreach");
        fx_create(o, D,
                  test_msg("{%s,\"material_id\":%lld,\"organisation_id\":%lld,"
                           "\"audience\":\"parents\",\"quantity\":3,\"date\":\"2013-11-01\"}",
                           base, film, (long long)school));
        expect_error(http_json(client_login(s, "viewer"), "POST", D, "{}"), 403, "forbidden", NULL);
}

API_TEST(activity_materials_become_references)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "coordinator");
        struct fx_project p;
        fx_project(c, s, &p);
        int64_t school = fx_org(s, "Alytaus mokykla", "school", "LT", "Alytus city");
        long long film =
            fx_create(c, "/api/v1/materials", "{\"title\":\"Film A\",\"kind\":\"film\"}");
        long long act = fx_create(
            c, "/api/v1/activities",
            test_msg("{\"project_id\":%lld,\"organisation_id\":%lld,\"run_by\":%lld,\"date\":"
                     "\"2013-10-01\",\"kind\":\"film_screening\",\"youths\":20,"
                     "\"materials\":[\"film a\",\"New leaflet\"]}",
                     (long long)p.id, (long long)school, (long long)p.caritas_org));
        const char *db = server_db(s);
        CHECK_INT(db_int(db, test_msg("SELECT count(*) FROM activity_materials WHERE activity_id = "
                                      "%lld AND material_id = %lld",
                                      act, film)),
                  1);
        /* An unknown title becomes a material of its own, audited. */
        long long made = db_int(db, "SELECT id FROM materials WHERE title = 'New leaflet'");
        CHECK_STR(db_text(db, test_msg("SELECT kind FROM materials WHERE id = %lld", made)),
                  "other");
        CHECK_INT(db_int(db, test_msg("SELECT count(*) FROM audit_log WHERE action = "
                                      "'material.create' AND object_id = %lld",
                                      made)),
                  1);
        expect_error(http(c, "DELETE", test_msg("/api/v1/materials/%lld", film), NULL, NULL, 0),
                     409, "conflict", NULL);
        CHECK_STATUS(http_json(c, "PATCH", test_msg("/api/v1/activities/%lld", act),
                               "{\"materials\":[\"New leaflet\"]}"),
                     200);
        CHECK_INT(db_int(db, test_msg("SELECT count(*) FROM activity_materials WHERE activity_id = "
                                      "%lld",
                                      act)),
                  1);
        CHECK_STATUS(http(c, "DELETE", test_msg("/api/v1/materials/%lld", film), NULL, NULL, 0),
                     204);
        CHECK_STATUS(http(c, "DELETE", test_msg("/api/v1/activities/%lld", act), NULL, NULL, 0),
                     204);
        CHECK_INT(
            db_int(db, test_msg("SELECT count(*) FROM activity_materials WHERE activity_id = %lld",
                                act)),
            0);
}

API_TEST(backup_copies_material_files)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "coordinator");
        long long id =
            fx_create(c, "/api/v1/materials", "{\"title\":\"Leaflet\",\"kind\":\"leaflet\"}");
        struct resp *r = put_file(c, id, NULL, PDF, sizeof(PDF) - 1);
        CHECK_STATUS(r, 200);
        const char *hash = test_msg("%s", json_str_at(r->json, "file_sha256"));
        const char *out = test_msg("%s/backup.db", server_dir(s));
        char *text = NULL;
        const char *args[] = {"backup", out, NULL};
        CHECK_INT(run_ecat(s, args, NULL, &text), 0);
        CHECK(strstr(text, "1 material file copied") != NULL, "%s", text);
        size_t len;
        char *copy = read_whole(test_msg("%s-files/%.2s/%s", out, hash, hash), &len);
        CHECK(len == sizeof(PDF) - 1 && memcmp(copy, PDF, len) == 0);
        /* A file missing from the store: the backup says so and fails. */
        CHECK(unlink(test_msg("%s-files/%.2s/%s", server_db(s), hash, hash)) == 0);
        const char *out2 = test_msg("%s/backup2.db", server_dir(s));
        const char *args2[] = {"backup", out2, NULL};
        CHECK_INT(run_ecat(s, args2, NULL, &text), 1);
        CHECK(strstr(text, "missing") != NULL, "%s", text);
}

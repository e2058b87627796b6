/*
 * The funder's period report (GET /api/v1/projects/{id}/report.xlsx and
 * .pdf, `ecat report`): its figures equal the dashboard's, read back with
 * openpyxl and pdftotext; every page renders; bad parameters are 400
 * naming the field; budget figures only for budget.read; materials
 * distributed in the period and business engagement as on the dashboard.
 */
#include "harness.h"
#include "programme_fixture.h"

#include <stdio.h>
#include <string.h>

static int64_t demo_project(struct server *s)
{
        return db_int(server_db(s), "SELECT id FROM projects WHERE code = 'ECAT'");
}

static const char *save(struct server *s, const struct resp *r, const char *name)
{
        const char *path = test_msg("%s/%s", server_dir(s), name);
        FILE *f = fopen(path, "wb");
        CHECK(f != NULL, "cannot write %s", path);
        CHECK(fwrite(r->body, 1, r->len, f) == r->len, "short write");
        CHECK(fclose(f) == 0, "close");
        return path;
}

/* The output of a shell command (which must succeed). */
static char *run(const char *cmd)
{
        FILE *p = popen(cmd, "r");
        CHECK(p != NULL, "popen %s", cmd);
        size_t cap = 1 << 16, len = 0;
        char *out = test_alloc(cap);
        size_t n;
        while ((n = fread(out + len, 1, cap - len - 1, p)) > 0) {
                len += n;
                if (len + 1 == cap) {
                        char *bigger = test_alloc(cap * 2);
                        memcpy(bigger, out, len);
                        out = bigger;
                        cap *= 2;
                }
        }
        out[len] = 0;
        CHECK(pclose(p) == 0, "%s failed", cmd);
        return out;
}

static json_t *xlsx_figures(const char *path)
{
        char *out = run(test_msg("/usr/bin/python3 %s/report_xlsx.py '%s'",
                                 test_msg("%s", ECAT_TEST_SRC_DIR), path));
        json_t *j = json_loads(out, 0, NULL);
        CHECK(j != NULL, "not JSON: %s", out);
        test_defer((void (*)(void *))json_decref, j);
        return j;
}

/* "1 234" / "1,234" / "1234" as the language writes n. */
static const char *num(const char *lang, long long n)
{
        if (n < 1000)
                return test_msg("%lld", n);
        const char *sep = strcmp(lang, "en") == 0 ? "," : "\xc2\xa0";
        return test_msg("%lld%s%03lld", n / 1000, sep, n % 1000);
}

API_TEST(report_xlsx_figures_equal_the_dashboard)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "coordinator");
        int64_t id = demo_project(s);
        struct resp *d = http_get(c, test_msg("/api/v1/projects/%lld/dashboard", (long long)id));
        CHECK_STATUS(d, 200);
        struct resp *r = http_get(c, test_msg("/api/v1/projects/%lld/report.xlsx", (long long)id));
        CHECK_STATUS(r, 200);
        CHECK_STR(resp_header(r, "Content-Type"),
                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        CHECK_STR(resp_header(r, "Content-Disposition"),
                  "attachment; filename=\"ECAT-report-2013-05-01-2014-12-31.xlsx\"");
        json_t *x = xlsx_figures(save(s, r, "r.xlsx"));
        CHECK_INT(json_int_at(x, "activities"), json_int_at(d->json, "totals.activities"));
        CHECK_INT(json_int_at(x, "headcount"), json_int_at(d->json, "totals.headcount"));
        CHECK_INT(json_int_at(x, "institutions"),
                  json_int_at(d->json, "totals.institutions_reached"));
        const char *groups[] = {"youths",  "specialists",    "teachers",
                                "parents", "business_staff", "public"};
        for (size_t i = 0; i < 6; i++)
                CHECK_INT(json_int_at(x, test_msg("audience.%s", groups[i])),
                          json_int_at(d->json, test_msg("totals.audience.%s", groups[i])));
        size_t i;
        json_t *ind;
        json_array_foreach(json_at(d->json, "indicators"), i, ind)
        {
                json_t *got = json_object_get(json_at(x, "indicators"),
                                              json_string_value(json_object_get(ind, "name")));
                CHECK(got != NULL, "indicator missing from the workbook");
                CHECK_INT(json_integer_value(got),
                          json_integer_value(json_object_get(ind, "achieved")));
        }
        CHECK(json_is_true(json_at(x, "period_is_date")), "the period is not a date");
        CHECK_INT(json_int_at(x, "charts"), 1);
        CHECK(json_is_true(json_at(x, "money_is_number")), "money is not a number");
        CHECK(strstr(json_str_at(x, "money_format"), "EUR") != NULL, "no currency format");
}

API_TEST(report_pdf_in_three_languages)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "viewer");
        int64_t id = demo_project(s);
        json_t *d = http_get(c, test_msg("/api/v1/projects/%lld/dashboard", (long long)id))->json;
        CHECK(d != NULL, "no dashboard");
        const char *langs[] = {"lt", "en", "it"};
        const char *words[] = {"Laikotarpio ataskaita", "Period report", "Relazione del periodo"};
        for (size_t k = 0; k < 3; k++) {
                struct resp *r = http_get(c, test_msg("/api/v1/projects/%lld/report.pdf?lang=%s",
                                                      (long long)id, langs[k]));
                CHECK_STATUS(r, 200);
                CHECK_STR(resp_header(r, "Content-Type"), "application/pdf");
                const char *path = save(s, r, test_msg("r-%s.pdf", langs[k]));
                char *text = run(test_msg("pdftotext '%s' -", path));
                CHECK(strstr(text, words[k]) != NULL, "%s: no title", langs[k]);
                long long heads = json_int_at(d, "totals.headcount");
                long long acts = json_int_at(d, "totals.activities");
                long long inst = json_int_at(d, "totals.institutions_reached");
                CHECK(strstr(text, num(langs[k], heads)) != NULL, "%s: head-count %lld", langs[k],
                      heads);
                CHECK(strstr(text, num(langs[k], acts)) != NULL, "%s: activities", langs[k]);
                CHECK(strstr(text, num(langs[k], inst)) != NULL, "%s: institutions", langs[k]);
                CHECK(strstr(text, num(langs[k], json_int_at(d, "totals.audience.youths"))),
                      "%s: youths", langs[k]);
                if (k == 0)
                        CHECK(strstr(text, "š") != NULL && strstr(text, "į") != NULL,
                              "no Lithuanian letters");
                /* "Page 1 / N" on every page, and every page renders */
                char *pages = run(test_msg("pdfinfo '%s' | sed -n 's/^Pages: *//p'", path));
                int n = atoi(pages);
                CHECK(n >= 2, "pages %d", n);
                for (int p = 1; p <= n; p++)
                        CHECK(strstr(text, test_msg(" %d / %d", p, n)) != NULL, "no footer %d/%d",
                              p, n);
                char *png =
                    run(test_msg("cd '%s' && pdftoppm -r 30 -png '%s' pg-%s && ls pg-%s-*.png "
                                 "| wc -l",
                                 server_dir(s), path, langs[k], langs[k]));
                CHECK_INT(atoi(png), n);
        }
}

/* The API's value sets (docs/api/openapi.yaml), written out: the test does not link ecat. */
static const char *const audiences[] = {"teachers",       "pupils", "parents", "specialists",
                                        "business_staff", "public", NULL};
static const char *const stages[] = {"contacted", "met",      "committed", "trained",
                                     "active",    "declined", NULL};

API_TEST(report_materials_and_engagement)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "coordinator");
        long long id = (long long)demo_project(s);
        long long own =
            db_int(server_db(s), "SELECT organisation_id FROM users WHERE login = 'coordinator'");
        long long school = db_int(
            server_db(s),
            test_msg("SELECT organisation_id FROM activities WHERE project_id = %lld AND run_by = "
                     "%lld ORDER BY id LIMIT 1",
                     id, own));
        long long leaflet = fx_create(c, "/api/v1/materials",
                                      "{\"title\":\"Report test leaflet\",\"kind\":\"leaflet\"}");
        const char *given[][3] = {{"teachers", "40", "2014-03-03"},
                                  {"parents", "25", "2014-03-04"},
                                  {"teachers", "6", "2014-05-05"}};
        for (size_t k = 0; k < 3; k++)
                fx_create(c, "/api/v1/distributions",
                          test_msg("{\"project_id\":%lld,\"run_by\":%lld,\"material_id\":%lld,"
                                   "\"organisation_id\":%lld,\"audience\":\"%s\",\"quantity\":%s,"
                                   "\"date\":\"%s\"}",
                                   id, own, leaflet, school, given[k][0], given[k][1],
                                   given[k][2]));
        int64_t hotel = fx_org(s, "Hotel Report Test", "hotel", "LT", "Vilnius city");
        fx_create(c, "/api/v1/engagements",
                  test_msg("{\"project_id\":%lld,\"organisation_id\":%lld,\"run_by\":%lld,"
                           "\"stage\":\"committed\"}",
                           id, (long long)hotel, own));
        fx_create(c, "/api/v1/agreements",
                  test_msg("{\"project_id\":%lld,\"organisation_id\":%lld,\"run_by\":%lld,"
                           "\"kind\":\"pledge\",\"status\":\"signed\",\"signed\":\"2014-02-03\"}",
                           id, (long long)hotel, own));

        struct resp *d = http_get(c, test_msg("/api/v1/projects/%lld/dashboard", id));
        CHECK_STATUS(d, 200);
        struct resp *r = http_get(c, test_msg("/api/v1/projects/%lld/report.xlsx?lang=en", id));
        CHECK_STATUS(r, 200);
        json_t *x = xlsx_figures(save(s, r, "m.xlsx"));
        /* The whole project: the dashboard's figures. */
        CHECK_INT(json_int_at(x, "materials_total.Total"),
                  json_int_at(d->json, "distributions.total"));
        CHECK(json_int_at(d->json, "distributions.total") >= 71, "the distributions are counted");
        for (size_t k = 0; audiences[k]; k++)
                CHECK_INT(
                    json_int_at(x, test_msg("materials_total.%s", audiences[k])),
                    json_int_at(d->json, test_msg("distributions.by_audience.%s", audiences[k])));
        CHECK_INT(
            json_integer_value(json_object_get(json_at(x, "materials"), "Report test leaflet")),
            71);
        for (size_t k = 0; stages[k]; k++)
                CHECK_INT(json_int_at(x, test_msg("stages.%s", stages[k])),
                          json_int_at(d->json, test_msg("engagement.stages.%s", stages[k])));
        CHECK(json_int_at(x, "stages.committed") >= 1);
        size_t i;
        json_t *ag;
        long long pledges = 0;
        json_array_foreach(json_at(d->json, "engagement.agreements"), i, ag)
        {
                const char *kind = json_string_value(json_object_get(ag, "kind"));
                const char *status = json_string_value(json_object_get(ag, "status"));
                CHECK_INT(json_int_at(x, test_msg("agreements.%s.%s", kind, status)),
                          json_integer_value(json_object_get(ag, "count")));
                if (strcmp(kind, "pledge") == 0 && strcmp(status, "signed") == 0)
                        pledges = json_integer_value(json_object_get(ag, "count"));
        }
        CHECK(pledges >= 1, "the pledge is on the dashboard");

        /* A narrower period counts only what was handed out in it. */
        r = http_get(c, test_msg("/api/v1/projects/%lld/report.xlsx?lang=en&from=2014-03-04&"
                                 "to=2014-04-30",
                                 id));
        CHECK_STATUS(r, 200);
        x = xlsx_figures(save(s, r, "m-period.xlsx"));
        CHECK_INT(
            json_integer_value(json_object_get(json_at(x, "materials"), "Report test leaflet")),
            25);
        CHECK_INT(json_int_at(x, "materials_total.Total"),
                  db_int(server_db(s),
                         test_msg("SELECT sum(quantity) FROM distributions WHERE project_id = %lld "
                                  "AND date BETWEEN CAST(julianday('2014-03-04') - 2440587.5 AS "
                                  "INTEGER) AND CAST(julianday('2014-04-30') - 2440587.5 AS "
                                  "INTEGER)",
                                  id)));

        /* The PDF in each language carries the sections and the material's figures. */
        const char *langs[] = {"lt", "en", "it"};
        const char *titles[][2] = {{"Išdalyta medžiaga", "Verslo įtraukimas"},
                                   {"Materials distributed", "Business engagement"},
                                   {"Materiali distribuiti", "Coinvolgimento delle imprese"}};
        for (size_t k = 0; k < 3; k++) {
                r = http_get(c, test_msg("/api/v1/projects/%lld/report.pdf?lang=%s", id, langs[k]));
                CHECK_STATUS(r, 200);
                char *text =
                    run(test_msg("pdftotext '%s' -", save(s, r, test_msg("m-%s.pdf", langs[k]))));
                CHECK(strstr(text, titles[k][0]) && strstr(text, titles[k][1]), "%s: sections",
                      langs[k]);
                CHECK(strstr(text, "Report test leaflet") != NULL, "%s: the material", langs[k]);
        }
}

API_TEST(report_bad_parameters)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "coordinator");
        int64_t id = demo_project(s);
        const char *base = test_msg("/api/v1/projects/%lld/report.pdf", (long long)id);
        expect_error(http_get(c, test_msg("%s?from=2014-13-01", base)), 400, "bad_request", "from");
        expect_error(http_get(c, test_msg("%s?to=yesterday", base)), 400, "bad_request", "to");
        expect_error(http_get(c, test_msg("%s?lang=de", base)), 400, "bad_request", "lang");
        expect_error(http_get(c, test_msg("%s?from=2014-02-01&to=2014-01-01", base)), 400,
                     "bad_request", "from");
        expect_error(http_get(c, test_msg("%s?from=2016-01-01", base)), 400, "bad_request", "from");
        expect_error(http_get(c, "/api/v1/projects/999999/report.xlsx"), 404, "not_found", NULL);
        expect_error(http_get(client_login(s, "auditor"), base), 403, "forbidden", NULL);
        /* a narrower period: the file name says it */
        struct resp *r = http_get(c, test_msg("%s?from=2014-01-01&to=2014-06-30", base));
        CHECK_STATUS(r, 200);
        CHECK_STR(resp_header(r, "Content-Disposition"),
                  "attachment; filename=\"ECAT-report-2014-01-01-2014-06-30.pdf\"");
}

API_TEST(report_budget_only_with_budget_read)
{
        struct server *s = server_start(NULL);
        int64_t id = demo_project(s);
        const char *path = test_msg("/api/v1/projects/%lld/report.xlsx", (long long)id);
        struct resp *r = http_get(client_login(s, "viewer"), path);
        CHECK_STATUS(r, 200);
        json_t *x = xlsx_figures(save(s, r, "viewer.xlsx"));
        CHECK(json_at(x, "money_format") != NULL, "the viewer holds budget.read");
        r = http_get(client_login(s, "outreach"), path);
        CHECK_STATUS(r, 200);
        x = xlsx_figures(save(s, r, "outreach.xlsx"));
        CHECK(json_at(x, "money_format") == NULL, "budget shown without budget.read");
        struct resp *p =
            http_get(client_login(s, "outreach"),
                     test_msg("/api/v1/projects/%lld/report.pdf?lang=en", (long long)id));
        CHECK_STATUS(p, 200);
        char *text = run(test_msg("pdftotext '%s' -", save(s, p, "outreach.pdf")));
        CHECK(strstr(text, "Budget by partner") == NULL, "budget section in the PDF");
}

API_TEST(report_cli)
{
        struct server *s = server_start(NULL);
        const char *file = test_msg("%s/cli.pdf", server_dir(s));
        char *out = NULL;
        int rc = run_ecat(s,
                          (const char *[]){"report", "--project", "ECAT", "--format", "pdf", "-o",
                                           file, "--lang", "it", NULL},
                          NULL, &out);
        CHECK_INT(rc, 0);
        CHECK(strstr(out, "reading project") && strstr(out, "rendering 11 sections") &&
                  strstr(out, test_msg("wrote %s (", file)),
              "progress: %s", out);
        CHECK(strstr(run(test_msg("pdftotext '%s' -", file)), "Relazione del periodo") != NULL,
              "not the Italian report");
        CHECK_INT(run_ecat(s, (const char *[]){"report", "--project", "ECAT", NULL}, NULL, NULL),
                  2);
        CHECK_INT(run_ecat(s,
                           (const char *[]){"report", "--project", "ECAT", "--format", "doc", "-o",
                                            file, NULL},
                           NULL, NULL),
                  2);
        CHECK_INT(run_ecat(s,
                           (const char *[]){"report", "--project", "NOPE", "--format", "xlsx", "-o",
                                            file, NULL},
                           NULL, NULL),
                  1);
}

static const char *const genders[] = {
    "feminine", "masculine", "transgender_feminine", "transgender_masculine", "non_conforming",
    "unknown",  NULL};

/* A case identified on day, at the case worker's agency. */
static void add_case(struct client *w, const char *gender, const char *age, const char *day)
{
        static int n;
        struct resp *r =
            http_json(w, "POST", "/api/v1/cases",
                      test_msg("{\"given_name\":\"Reportcase%d\",\"family_name\":\"Person\","
                               "\"trafficking_status\":\"actual\",\"gender\":\"%s\","
                               "\"exploitation_types\":[\"forced_labour\"],\"age_band\":\"%s\","
                               "\"citizenship\":\"LT\",\"identified_on\":\"%s\","
                               "\"identification_source\":\"police\"}",
                               ++n, gender, age, day));
        CHECK_STATUS(r, 201);
}

/* The API's count (or NULL when suppressed) against the workbook's cell. */
static void same_count(json_t *api, json_t *xlsx, const char *where, int *hidden, int *shown)
{
        if (json_is_null(api)) {
                CHECK(xlsx == NULL || json_is_null(xlsx), "%s: suppressed, report shows it", where);
                (*hidden)++;
                return;
        }
        CHECK(json_is_integer(xlsx), "%s: published %lld, report has none", where,
              (long long)json_integer_value(api));
        CHECK_INT(json_integer_value(xlsx), json_integer_value(api));
        if (json_integer_value(api) > 0)
                (*shown)++;
}

API_TEST(report_case_table_as_the_statistics_api)
{
        struct server *s = server_start(NULL);
        struct client *w = client_login(s, demo_login_for_role("case_worker"));
        for (int i = 0; i < 7; i++)
                add_case(w, "feminine", "18-20", "2014-03-01");
        for (int i = 0; i < 6; i++)
                add_case(w, "masculine", "24-26", "2014-04-01");
        add_case(w, "masculine", "18-20", "2014-05-01");
        add_case(w, "masculine", "18-20", "2014-05-02");
        add_case(w, "feminine", "9-17", "2014-06-01");
        struct client *c = client_login(s, "coordinator");
        long long id = (long long)demo_project(s);
        /* a session answer: checked against the ledger, not recorded */
        struct resp *st = http_get(c, "/api/v1/cases/statistics?from=2013-05-01&to=2014-12-31");
        CHECK_STATUS(st, 200);
        json_t *t = NULL, *one;
        size_t i;
        json_array_foreach(json_at(st->json, "tables"), i,
                           one) if (strcmp(json_str_at(one, "name"), "age_band_by_gender") == 0) t =
            one;
        CHECK(t != NULL, "no age_band_by_gender table");
        CHECK_INT(db_int(server_db(s), "SELECT count(*) FROM stats_releases"), 0);

        struct resp *r = http_get(c, test_msg("/api/v1/projects/%lld/report.xlsx?lang=en", id));
        CHECK_STATUS(r, 200);
        json_t *x = xlsx_figures(save(s, r, "cases.xlsx"));
        CHECK(json_is_true(json_at(x, "cases_all_numbers")), "a published count is not a number");
        json_t *cases = json_at(x, "cases");
        int hidden = 0, shown = 0;
        json_t *rows = json_at(t, "row_labels");
        json_t *cols = json_at(t, "column_labels");
        for (size_t ri = 0; ri < json_array_size(rows); ri++) {
                const char *band = json_string_value(json_array_get(rows, ri));
                json_t *line = json_object_get(cases, band);
                CHECK(line != NULL, "no row %s in the report", band);
                for (size_t ci = 0; ci < json_array_size(cols); ci++) {
                        const char *g = json_string_value(json_array_get(cols, ci));
                        same_count(json_array_get(json_array_get(json_at(t, "cells"), ri), ci),
                                   json_object_get(line, g), test_msg("%s/%s", band, g), &hidden,
                                   &shown);
                }
                same_count(json_array_get(json_at(t, "row_totals"), ri),
                           json_object_get(line, "Total"), test_msg("%s/total", band), &hidden,
                           &shown);
        }
        json_t *total = json_object_get(cases, "Total");
        CHECK(total != NULL, "no total row");
        for (size_t ci = 0; ci < json_array_size(cols); ci++)
                same_count(json_array_get(json_at(t, "column_totals"), ci),
                           json_object_get(total, json_string_value(json_array_get(cols, ci))),
                           "column total", &hidden, &shown);
        same_count(json_at(t, "total"), json_object_get(total, "Total"), "grand total", &hidden,
                   &shown);
        CHECK(hidden >= 2 && shown >= 2, "small counts suppressed, others shown: %d, %d", hidden,
              shown);
        for (size_t k = 0; genders[k]; k++)
                CHECK(json_object_get(total, genders[k]) != NULL, "no column %s", genders[k]);

        /* the ledger: one release of that table to the coordinator, with its audit entry */
        const char *db = server_db(s);
        long long coord = db_int(db, "SELECT id FROM users WHERE login = 'coordinator'");
        CHECK_INT(db_int(db, "SELECT count(*) FROM stats_releases"), 1);
        CHECK_STR(db_text(db, "SELECT via FROM stats_releases"), "xlsx");
        CHECK_INT(db_int(db, "SELECT user_id FROM stats_releases"), coord);
        CHECK_INT(db_int(db, "SELECT count(*) FROM stats_release_counts WHERE tbl <> "
                             "'age_band_by_gender'"),
                  0);
        CHECK(db_int(db, "SELECT count(*) FROM stats_release_counts") > 0, "no counts kept");
        CHECK_INT(db_int(db, "SELECT count(*) FROM audit_log WHERE action = "
                             "'case.statistics_release' AND object_id = (SELECT id FROM "
                             "stats_releases)"),
                  1);

        /* the PDF: the same row of counts, a dash where suppressed; recorded as pdf */
        r = http_get(c, test_msg("/api/v1/projects/%lld/report.pdf?lang=en", id));
        CHECK_STATUS(r, 200);
        char *text = run(test_msg("pdftotext -layout '%s' -", save(s, r, "cases.pdf")));
        CHECK(strstr(text, "Cases identified, by age and gender") != NULL, "no case section");
        const char *line = strstr(text, "\n24-26 ");
        CHECK(line != NULL, "no 24-26 row in the PDF");
        char want[256] = "";
        size_t n = 0;
        json_t *cells = json_array_get(json_at(t, "cells"), 4); /* 24-26 */
        CHECK_STR(json_string_value(json_array_get(rows, 4)), "24-26");
        for (size_t ci = 0; ci <= json_array_size(cols); ci++) {
                json_t *v = ci < json_array_size(cols)
                                ? json_array_get(cells, ci)
                                : json_array_get(json_at(t, "row_totals"), 4);
                n += (size_t)snprintf(
                    want + n, sizeof(want) - n, " %s",
                    json_is_null(v) ? "-" : test_msg("%lld", (long long)json_integer_value(v)));
        }
        char got[256] = "";
        n = 0;
        const char *end = strchr(line + 1, '\n');
        char buf[512];
        snprintf(buf, sizeof(buf), "%.*s", (int)(end - line - 7), line + 7);
        for (char *save_p = NULL, *tok = strtok_r(buf, " ", &save_p); tok;
             tok = strtok_r(NULL, " ", &save_p))
                n += (size_t)snprintf(got + n, sizeof(got) - n, " %s", tok);
        CHECK_STR(got, want);
        CHECK_INT(db_int(db, "SELECT count(*) FROM stats_releases WHERE via = 'pdf'"), 1);

        /* a role without case.statistics: no case figures, said plainly; nothing recorded */
        struct client *o = client_login(s, "outreach");
        r = http_get(o, test_msg("/api/v1/projects/%lld/report.xlsx?lang=en", id));
        CHECK_STATUS(r, 200);
        x = xlsx_figures(save(s, r, "outreach-cases.xlsx"));
        CHECK_INT(json_object_size(json_at(x, "cases")), 0);
        CHECK(strstr(json_str_at(x, "cases_note"), "Not included") != NULL, "no plain note");
        r = http_get(o, test_msg("/api/v1/projects/%lld/report.pdf?lang=en", id));
        CHECK_STATUS(r, 200);
        text = run(test_msg("pdftotext -layout '%s' -", save(s, r, "outreach-cases.pdf")));
        CHECK(strstr(text, "Not included") != NULL, "PDF: no plain note");
        CHECK(strstr(text, "24-26") == NULL && strstr(text, "18-20") == NULL,
              "PDF: case rows for a role without case.statistics");
        CHECK_INT(db_int(db, "SELECT count(*) FROM stats_releases"), 2);
}

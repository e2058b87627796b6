/*
 * Case statistics from outside: who may read them, that no published count
 * is under k, that no suppressed count stands alone in a row or column (the
 * simplest way to recompute one), that what is published adds up, that the
 * CSV says the same, that the period and agency filters and statistics_k
 * act, and that nothing identifying is in them.  The exact attacker check
 * (every suppressed count's range at least k - 1 wide) is in
 * tests/unit/test_disclosure.c.
 */
#include "harness.h"
#include "programme_fixture.h"

#include <stdlib.h>
#include <string.h>

#define NAME_CANARY "Statcanary"

/* Register a case at the case worker's agency with these coarse fields. */
static void add_case(struct client *c, const char *gender, const char *types, const char *age,
                     const char *country, const char *identified)
{
        static int n;
        struct resp *r = http_json(
            c, "POST", "/api/v1/cases",
            test_msg("{\"given_name\":\"" NAME_CANARY "%d\",\"family_name\":\"Person\","
                     "\"trafficking_status\":\"actual\",\"gender\":\"%s\","
                     "\"exploitation_types\":[%s],\"age_band\":\"%s\",\"citizenship\":\"%s\","
                     "\"identified_on\":\"%s\",\"identification_source\":\"police\"}",
                     ++n, gender, types, age, country, identified));
        CHECK_STATUS(r, 201);
}

/* The invented population: counts chosen so some cells are small and some are not. */
static void populate(struct server *s)
{
        struct client *w = client_login(s, demo_login_for_role("case_worker"));
        for (int i = 0; i < 9; i++)
                add_case(w, "feminine", "\"sexual_exploitation\"", "18-20", "NG", "2026-03-01");
        for (int i = 0; i < 7; i++)
                add_case(w, "masculine", "\"forced_labour\"", "24-26", "LT", "2026-04-01");
        for (int i = 0; i < 6; i++)
                add_case(w, "feminine", "\"forced_labour\"", "24-26", "LT", "2026-05-01");
        /* Small groups: two and one. */
        add_case(w, "masculine", "\"sexual_exploitation\"", "18-20", "VN", "2026-06-01");
        add_case(w, "masculine", "\"sexual_exploitation\"", "18-20", "VN", "2026-06-02");
        add_case(w, "feminine", "\"forced_begging\"", "9-17", "RO", "2025-06-01");
}

static json_t *table_of(json_t *body, const char *name)
{
        json_t *tables = json_at(body, "tables"), *t;
        size_t i;
        json_array_foreach(tables, i, t) if (strcmp(json_str_at(t, "name"), name) == 0) return t;
        FAIL("no table %s", name);
}

/* A count as published: its value, or -1 when suppressed. */
static long long count(json_t *v)
{
        if (json_is_null(v))
                return -1;
        CHECK(json_is_integer(v), "a count or null");
        return (long long)json_integer_value(v);
}

/* One equation (terms, their total): a published count under k, or one lone suppressed count,
 * fails. */
static void check_equation(json_t *terms[], size_t n, json_t *total, int k, const char *where)
{
        int hidden = count(total) < 0;
        long long sum = 0;
        for (size_t i = 0; i < n; i++) {
                long long v = count(terms[i]);
                CHECK(v < 0 || v == 0 || v >= k, "%s: %lld published under k = %d", where, v, k);
                if (v < 0)
                        hidden++;
                else
                        sum += v;
        }
        long long t = count(total);
        CHECK(t < 0 || t == 0 || t >= k, "%s: total %lld under k", where, t);
        CHECK(hidden != 1, "%s: a single suppressed count can be recomputed", where);
        if (!hidden)
                CHECK(sum == t, "%s: cells add up to %lld, total says %lld", where, sum, t);
}

static void check_table(json_t *t, int k)
{
        const char *name = json_str_at(t, "name");
        json_t *cells = json_at(t, "cells");
        size_t rows = json_array_size(cells);
        json_t *terms[128];
        if (!json_at(t, "column_labels")) {
                for (size_t r = 0; r < rows && r < 128; r++)
                        terms[r] = json_array_get(cells, r);
                if (rows)
                        check_equation(terms, rows, json_at(t, "total"), k, name);
                return;
        }
        size_t cols = json_array_size(json_at(t, "column_labels"));
        json_t *rt = json_at(t, "row_totals"), *ct = json_at(t, "column_totals");
        for (size_t r = 0; r < rows; r++) {
                for (size_t c = 0; c < cols; c++)
                        terms[c] = json_array_get(json_array_get(cells, r), c);
                check_equation(terms, cols, json_array_get(rt, r), k,
                               test_msg("%s row %zu", name, r));
        }
        for (size_t c = 0; c < cols; c++) {
                for (size_t r = 0; r < rows; r++)
                        terms[r] = json_array_get(json_array_get(cells, r), c);
                check_equation(terms, rows, json_array_get(ct, c), k,
                               test_msg("%s column %zu", name, c));
        }
        for (size_t r = 0; r < rows; r++)
                terms[r] = json_array_get(rt, r);
        check_equation(terms, rows, json_at(t, "total"), k, test_msg("%s totals", name));
}

static long long labelled(json_t *t, const char *row)
{
        json_t *labels = json_at(t, "row_labels"), *l;
        size_t i;
        json_array_foreach(labels, i, l) if (strcmp(json_string_value(l), row) == 0) return count(
            json_array_get(json_at(t, "cells"), i));
        FAIL("no row %s", row);
}

API_TEST(who_reads_case_statistics)
{
        struct server *s = server_start(NULL);
        const char *may[] = {"coordinator", "viewer", "case_worker", "case_manager"};
        const char *may_not[] = {"admin", "outreach_worker", "auditor"};
        for (size_t i = 0; i < 4; i++)
                CHECK_STATUS(http_get(client_login(s, demo_login_for_role(may[i])),
                                      "/api/v1/cases/statistics"),
                             200);
        for (size_t i = 0; i < 3; i++)
                expect_error(http_get(client_login(s, demo_login_for_role(may_not[i])),
                                      "/api/v1/cases/statistics"),
                             403, "forbidden", NULL);
        expect_error(http_get(client_new(s), "/api/v1/cases/statistics"), 401, "unauthenticated",
                     NULL);
}

API_TEST(small_counts_are_suppressed_and_cannot_be_recomputed)
{
        struct server *s = server_start(NULL);
        populate(s);
        struct client *coord = client_login(s, "coordinator");
        struct resp *r = http_get(coord, "/api/v1/cases/statistics?from=2026-01-01&to=2026-07-31");
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "k"), 5);
        CHECK_STR(json_str_at(r->json, "from"), "2026-01-01");
        json_t *t;
        size_t i;
        json_array_foreach(json_at(r->json, "tables"), i, t) check_table(t, 5);
        CHECK(!strstr(r->body, NAME_CANARY), "no name in the statistics");

        /* 2026 at the case worker's agency: 9 + 2 NG/VN sexual exploitation, 13 forced labour. */
        json_t *ex = table_of(r->json, "exploitation_type");
        CHECK_INT(labelled(ex, "forced_labour"), 13);
        CHECK_INT(labelled(ex, "sexual_exploitation"), 11);
        /* The two from Vietnam are under k; so the citizenship table cannot show them. */
        json_t *cit = table_of(r->json, "citizenship");
        CHECK_INT(labelled(cit, "VN"), -1);
        CHECK_INT(labelled(cit, "LT"), 13);
        /* Two masculine sexual-exploitation cases: suppressed, and so is a partner cell. */
        json_t *eg = table_of(r->json, "exploitation_type_by_gender");
        CHECK(json_integer_value(json_at(eg, "suppressed")) >= 2);
        /* The case of 2025 is outside the period. */
        CHECK_INT(labelled(ex, "forced_begging"), 0);

        /* With k = 2 the pair of two is published; the single 2025 case never is. */
        server_stop(s);
        const char *k2[] = {"--statistics-k", "2", NULL};
        struct server *s2 = server_start_db(server_db(s), k2);
        r = http_get(client_login(s2, "coordinator"),
                     "/api/v1/cases/statistics?from=2026-01-01&to=2026-07-31");
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "k"), 2);
        json_array_foreach(json_at(r->json, "tables"), i, t) check_table(t, 2);
        CHECK_INT(labelled(table_of(r->json, "citizenship"), "VN"), 2);
        r = http_get(client_login(s2, "coordinator"), "/api/v1/cases/statistics?to=2026-07-31");
        CHECK_INT(labelled(table_of(r->json, "exploitation_type"), "forced_begging"), -1);
}

API_TEST(csv_says_the_same_and_filters_act)
{
        struct server *s = server_start(NULL);
        populate(s);
        struct client *coord = client_login(s, "coordinator");
        struct resp *j = http_get(coord, "/api/v1/cases/statistics?from=2026-01-01&to=2026-07-31");
        struct resp *c =
            http_get(coord, "/api/v1/cases/statistics.csv?from=2026-01-01&to=2026-07-31");
        CHECK_STATUS(c, 200);
        CHECK(strncmp(c->body, "table,unit,row,column,count,suppressed\r\n", 40) == 0, "%s",
              c->body);
        CHECK(strstr(c->body, "\r\ncitizenship,cases,LT,,13,false\r\n"), "%s", c->body);
        CHECK(strstr(c->body, "\r\ncitizenship,cases,VN,,,true\r\n"));
        CHECK(strstr(c->body, "\r\nexploitation_type,mentions,forced_labour,,13,false\r\n"));
        CHECK(!strstr(c->body, NAME_CANARY));
        CHECK(strstr(resp_header(c, "Content-Disposition"), "case-statistics.csv"));
        CHECK_INT(labelled(table_of(j->json, "citizenship"), "LT"), 13);

        /* Another agency's view holds none of these cases. */
        long long other = (long long)db_int(server_db(s), "SELECT min(id) FROM organisations "
                                                          "WHERE id NOT IN (SELECT "
                                                          "organisation_id FROM cases)");
        struct resp *r = http_get(coord, test_msg("/api/v1/cases/statistics?agency=%lld", other));
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "agency"), other);
        CHECK_INT(json_int_at(table_of(r->json, "status"), "total"), 0);
        expect_error(http_get(coord, "/api/v1/cases/statistics?from=2026-05-01&to=2026-01-01"), 422,
                     "validation_failed", "to");
        expect_error(http_get(coord, "/api/v1/cases/statistics?from=yesterday"), 400, "bad_request",
                     "from");
        expect_error(http_get(coord, "/api/v1/cases/statistics?name=x"), 400, "bad_request",
                     "name");
}

/* The lines of a CSV body after its header, as test-owned strings. */
static size_t csv_lines(const char *body, const char *lines[], size_t max)
{
        size_t n = 0;
        const char *p = strstr(body, "\r\n");
        while (p && p[2] && n < max) {
                p += 2;
                const char *e = strstr(p, "\r\n");
                CHECK(e != NULL, "lines end with CRLF");
                lines[n++] = test_msg("%.*s", (int)(e - p), p);
                p = e;
        }
        return n;
}

API_TEST(anonymised_export_keeps_only_groups_of_k)
{
        const char *args[] = {"--export-k", "5", NULL};
        struct server *s = server_start(args);
        populate(s);
        expect_error(http_get(client_login(s, "viewer"), "/api/v1/cases/anonymised.csv"), 403,
                     "forbidden", NULL);
        CHECK_STATUS(http_get(client_login(s, demo_login_for_role("case_manager")),
                              "/api/v1/cases/anonymised.csv"),
                     200);
        struct client *coord = client_login(s, "coordinator");
        struct resp *r = http_get(coord, "/api/v1/cases/anonymised.csv");
        CHECK_STATUS(r, 200);
        CHECK(strncmp(r->body,
                      "yearOfRegistration,prs_Gender,ageBroad,majorityStatus,prs_Citizenship,"
                      "CountryOfExploitation,vic_TypeOfExploitation\r\n",
                      112) == 0,
              "%s", r->body);
        CHECK(!strstr(r->body, NAME_CANARY) && !strstr(r->body, "Person"), "no name");
        const char *lines[512];
        size_t n = csv_lines(r->body, lines, 512);
        long long total = db_int(server_db(s), "SELECT count(*) FROM cases");
        long long kept = atoll(resp_header(r, "X-Records-Kept"));
        long long dropped = atoll(resp_header(r, "X-Records-Dropped"));
        CHECK_INT(kept, (long long)n);
        CHECK_INT(kept + dropped, total);
        CHECK(dropped >= 1, "the single 2025 case cannot be kept");
        /* Every quasi-identifier combination (the whole line) occurs at least k times. */
        /* HTCDS 2.0's value names (prs_Gender). */
        static const char *const genders[] = {
            "Feminine",      "Masculine",          "TransgenderFeminine", "TransgenderMasculine",
            "NonConforming", "NonSpecifiedUnknown"};
        for (size_t i = 0; i < n; i++) {
                size_t same = 0;
                for (size_t j = 0; j < n; j++)
                        same += strcmp(lines[i], lines[j]) == 0;
                CHECK(same >= 5, "'%s' occurs %zu times", lines[i], same);
                const char *g = strchr(lines[i], ',') + 1;
                bool known = false;
                for (size_t k = 0; k < sizeof(genders) / sizeof(genders[0]); k++)
                        known |= strncmp(g, genders[k], strlen(genders[k])) == 0 &&
                                 g[strlen(genders[k])] == ',';
                CHECK(known, "an HTCDS gender: %s", lines[i]);
                /* vic_TypeOfExploitation: HTCDS 2.0 value names only, joined by ';'. */
                static const char *const types =
                    ";ForcedLabour;SexualExploitation;ChildLabour;ForcedMarriage;Servitude;"
                    "ForcedMilitaryByNonStateActors;OrganRemoval;ForcedBegging;ForcedAdoption;"
                    "Surrogacy;Other;";
                const char *last = strrchr(lines[i], ',') + 1;
                char copy[256];
                snprintf(copy, sizeof(copy), "%s", last);
                char *save = NULL;
                for (char *t = strtok_r(copy, ";", &save); t; t = strtok_r(NULL, ";", &save))
                        CHECK(strstr(types, test_msg(";%s;", t)), "an HTCDS type: %s", lines[i]);
                CHECK(strlen(lines[i]) > 4 && lines[i][4] == ',', "the year only: %s", lines[i]);
        }
        /* The 9 from Nigeria, 2026, form a group of their own. */
        bool nigeria = false;
        for (size_t i = 0; i < n; i++)
                nigeria |=
                    strcmp(lines[i], "2026,Feminine,18--20,Adult,NG,,SexualExploitation") == 0;
        CHECK(nigeria, "%s", r->body);
        /* Audited with its counts, in the read's transaction. */
        CHECK_INT(db_int(server_db(s), "SELECT object_id FROM audit_log WHERE action = "
                                       "'case.anonymised_export' ORDER BY id DESC LIMIT 1"),
                  kept);
        CHECK_INT(db_int(server_db(s), "SELECT object_id FROM audit_log WHERE action = "
                                       "'case.anonymised_dropped' ORDER BY id DESC LIMIT 1"),
                  dropped);
}

/* The CSV's count of `row` in table `name` (-1 when suppressed). */
static long long csv_count(const char *body, const char *name, const char *row)
{
        const char *line = test_msg("\r\n%s,cases,%s,,", name, row);
        const char *at = strstr(body, line);
        if (!at)
                FAIL("no line %s/%s in %s", name, row, body);
        at += strlen(line);
        return *at == ',' ? -1 : atoll(at);
}

API_TEST(release_ledger_refuses_differencing)
{
        struct server *s = server_start(NULL);
        populate(s);
        const char *db = server_db(s);
        struct client *coord = client_login(s, "coordinator");
        /* Released: January to May (9 NG, 13 LT). */
        struct resp *r =
            http_get(coord, "/api/v1/cases/statistics.csv?from=2026-01-01&to=2026-05-31");
        CHECK_STATUS(r, 200);
        CHECK_INT(csv_count(r->body, "citizenship", "LT"), 13);
        long long first = atoll(resp_header(r, "X-Statistics-Release"));
        CHECK(first > 0, "the release is numbered");
        CHECK_INT(db_int(db, "SELECT count(*) FROM stats_releases"), 1);
        CHECK_INT(db_int(db, "SELECT count(*) FROM stats_releases WHERE via = 'csv' AND "
                             "from_day = 20454 AND to_day = 20604 AND agency = 0 AND k = 5"),
                  1);
        CHECK_INT(db_int(db, "SELECT object_id FROM audit_log WHERE action = "
                             "'case.statistics_release' ORDER BY id DESC LIMIT 1"),
                  first);
        /* A release with nothing counted (no case in 2020) is compared like any other. */
        CHECK_STATUS(http_get(coord, "/api/v1/cases/statistics.csv?from=2020-01-01&to=2020-12-31"),
                     200);
        CHECK_STATUS(http_get(coord, "/api/v1/cases/statistics?from=2020-01-01&to=2026-12-31"),
                     200);
        db_exec(db, "DELETE FROM stats_release_counts WHERE release_id IN (SELECT id FROM "
                    "stats_releases WHERE from_day = 18262)");
        db_exec(db, "DELETE FROM stats_releases WHERE from_day = 18262");
        /* The same release again is the same row, counted twice. */
        r = http_get(coord, "/api/v1/cases/statistics.csv?from=2026-01-01&to=2026-05-31");
        CHECK_INT(atoll(resp_header(r, "X-Statistics-Release")), first);
        CHECK_INT(db_int(db, "SELECT times FROM stats_releases"), 2);

        /* One more LT case in June: January to June would say 14, so one in June. */
        add_case(client_login(s, demo_login_for_role("case_worker")), "feminine",
                 "\"forced_labour\"", "24-26", "LT", "2026-06-15");
        r = http_get(coord, "/api/v1/cases/statistics?from=2026-01-01&to=2026-06-30");
        CHECK_STATUS(r, 200);
        CHECK_INT(labelled(table_of(r->json, "citizenship"), "LT"), -1);
        CHECK(json_int_at(r->json, "suppressed_by_ledger") >= 1, "%s", r->body);
        CHECK(json_int_at(r->json, "releases_compared") >= 1, "%s", r->body);
        CHECK(json_is_null(json_at(r->json, "release")), "a screen's view is not a release");
        json_t *t;
        size_t i;
        json_array_foreach(json_at(r->json, "tables"), i, t) check_table(t, 5);
        CHECK_INT(db_int(db, "SELECT count(*) FROM stats_releases"), 1);

        /* A period inside the released one, after the June case: May alone shows 6 LT; with
         * January-May's 13 that says 7 in January-April, a count of 5 or more: published. */
        r = http_get(coord, "/api/v1/cases/statistics?from=2026-05-01&to=2026-05-31");
        CHECK_INT(labelled(table_of(r->json, "citizenship"), "LT"), 6);

        /* An API token's answer is a release of its own, checked like the others. */
        r = http_json(coord, "POST", "/api/v1/session/tokens", "{\"name\":\"partner\"}");
        CHECK_STATUS(r, 201);
        struct client *api = client_new(s);
        client_set_bearer(api, json_str_at(r->json, "token"));
        r = http_get(api, "/api/v1/cases/statistics?from=2026-01-01&to=2026-06-30");
        CHECK_STATUS(r, 200);
        CHECK_INT(labelled(table_of(r->json, "citizenship"), "LT"), -1);
        CHECK(json_int_at(r->json, "release") > first, "%s", r->body);
        CHECK_INT(db_int(db, "SELECT count(*) FROM stats_releases WHERE via = 'token'"), 1);
        CHECK(!strstr(r->body, NAME_CANARY));

        /* The ledger as its overseers read it: the query and the channel, never a count. */
        r = http_get(coord, "/api/v1/cases/statistics/releases");
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "total"), 2);
        json_t *newest = json_array_get(json_at(r->json, "items"), 0);
        CHECK_STR(json_str_at(newest, "via"), "token");
        CHECK_STR(json_str_at(newest, "to"), "2026-06-30");
        json_t *oldest = json_array_get(json_at(r->json, "items"), 1);
        CHECK_STR(json_str_at(oldest, "via"), "csv");
        CHECK_STR(json_str_at(oldest, "from"), "2026-01-01");
        CHECK_INT(json_int_at(oldest, "times"), 2);
        CHECK(json_is_null(json_at(oldest, "agency")));
        CHECK(!strstr(r->body, "\"value\"") && !strstr(r->body, "tables"), "%s", r->body);
        expect_error(http_get(client_login(s, "viewer"), "/api/v1/cases/statistics/releases"), 403,
                     "forbidden", NULL);
        /* Without the ledger the same query would publish the 14: it is the ledger that acts. */
        db_exec(db, "DELETE FROM stats_release_counts");
        db_exec(db, "DELETE FROM stats_releases");
        r = http_get(coord, "/api/v1/cases/statistics?from=2026-01-01&to=2026-06-30");
        CHECK_INT(labelled(table_of(r->json, "citizenship"), "LT"), 14);
        CHECK_INT(json_int_at(r->json, "suppressed_by_ledger"), 0);
}

/* A case at the case worker's agency given a service there; its id. */
static void assisted_case(struct client *w, const char *identified)
{
        static int n;
        struct resp *r = http_json(
            w, "POST", "/api/v1/cases",
            test_msg("{\"given_name\":\"" NAME_CANARY "Helped%d\",\"family_name\":\"Person\","
                     "\"trafficking_status\":\"actual\",\"gender\":\"feminine\","
                     "\"identified_on\":\"%s\"}",
                     ++n, identified));
        CHECK_STATUS(r, 201);
        CHECK_STATUS(http_json(w, "POST",
                               test_msg("/api/v1/cases/%lld/services", json_int_at(r->json, "id")),
                               "{\"type\":\"medical\",\"status\":\"ongoing\"}"),
                     201);
}

/* The indicator named name among the dashboard's. */
static json_t *dashboard_indicator(struct client *c, const char *name)
{
        struct resp *r = http_get(c, "/api/v1/projects/1/dashboard");
        CHECK_STATUS(r, 200);
        json_t *i;
        size_t k;
        json_array_foreach(json_at(r->json, "indicators"), k,
                           i) if (strcmp(json_str_at(i, "name"), name) == 0) return i;
        FAIL("no indicator %s in %s", name, r->body);
}

API_TEST(case_indicators_counted_and_suppressed)
{
        struct server *s = server_start(NULL);
        struct client *coord = fx_user(s, "coordinator", 1); /* the project's lead partner's */
        const char *path = "/api/v1/projects/1/indicators";
        expect_error(http_json(coord, "POST", path,
                               "{\"name\":\"Assisted\",\"metric\":\"cases_assisted\",\"target\":"
                               "20,\"kinds\":[\"school\"]}"),
                     422, "validation_failed", "kinds");
        /* The demo's agencies have given services to three cases: under k, so hidden. */
        struct resp *r = http_json(coord, "POST", path,
                                   "{\"name\":\"Victims assisted\",\"metric\":\"cases_assisted\","
                                   "\"target\":20,\"targets\":[{\"partner_id\":2,\"target\":15}]}");
        CHECK_STATUS(r, 201);
        long long id = json_int_at(r->json, "id");
        CHECK(json_is_null(json_at(r->json, "achieved")), "%s", r->body);
        CHECK(json_is_null(json_at(r->json, "percent")));
        CHECK(json_is_true(json_at(r->json, "suppressed")));
        CHECK(json_is_true(
            json_object_get(json_array_get(json_at(r->json, "targets"), 0), "suppressed")));
        CHECK(json_is_true(json_at(dashboard_indicator(coord, "Victims assisted"), "suppressed")));
        CHECK_STATUS(http_json(coord, "POST", path,
                               "{\"name\":\"Referrals completed\",\"metric\":"
                               "\"referrals_completed\",\"target\":10}"),
                     201);

        /* Seven more at Caritas: nine people in all, all of them Caritas's (the demo's person
         * referred to Rahab was helped by both and counts once). */
        struct client *w = client_login(s, demo_login_for_role("case_worker"));
        for (int i = 0; i < 7; i++)
                assisted_case(w, "2026-02-01");
        json_t *ind = dashboard_indicator(coord, "Victims assisted"); /* not a page kept before */
        CHECK_INT(json_int_at(ind, "achieved"), 9);
        CHECK(json_real_value(json_at(ind, "percent")) == 45.0);
        CHECK(json_is_false(json_at(ind, "suppressed")));
        CHECK_INT(json_int_at(json_array_get(json_at(ind, "targets"), 0), "achieved"), 9);
        /* One at Rahab: ten against Caritas's nine would say Rahab's one: both hidden. */
        assisted_case(client_login(s, "rahabworker"), "2026-02-02");
        ind = dashboard_indicator(coord, "Victims assisted");
        CHECK(json_is_true(json_at(ind, "suppressed")), "10 and 9: %s", json_dumps(ind, 0));
        CHECK(json_is_null(json_at(ind, "achieved")));
        json_t *caritas = json_array_get(json_at(ind, "targets"), 0);
        CHECK(json_is_true(json_object_get(caritas, "suppressed")));
        /* A separate period target farther away: the whole stands once nothing is near it. */
        CHECK_STATUS(http_json(coord, "PATCH", test_msg("/api/v1/indicators/%lld", id),
                               "{\"targets\":[{\"period_start\":\"2000-01-01\",\"period_end\":"
                               "\"2000-12-31\",\"target\":1}]}"),
                     200);
        ind = dashboard_indicator(coord, "Victims assisted");
        CHECK_INT(json_int_at(ind, "achieved"), 10);
        CHECK(json_real_value(json_at(ind, "percent")) == 50.0);
        CHECK(json_is_false(json_at(ind, "suppressed")));
        CHECK_INT(json_int_at(json_array_get(json_at(ind, "targets"), 0), "achieved"), 0);
        /* The referrals indicator: the demo's one completed referral, hidden. */
        CHECK(
            json_is_true(json_at(dashboard_indicator(coord, "Referrals completed"), "suppressed")));
        r = http_get(coord, test_msg("/api/v1/indicators/%lld", id));
        CHECK_INT(json_int_at(r->json, "achieved"), 10);
        CHECK(!strstr(r->body, NAME_CANARY));
}

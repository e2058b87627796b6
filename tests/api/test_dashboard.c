/*
 * The project dashboard: its figures for a small data set made through the
 * API, and that every kind of write - through the API, another process on
 * the same database, or plain SQL - shows on the very next read.
 */
#include "programme_fixture.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

/* The small data set: five institutions, six activities, three expenses. */
struct fx_data {
        struct fx_project p;
        int64_t home_kaunas, home_birstonas, school_kaunas, hotel_london, school_perugia;
        int64_t a_film; /* activity ids */
        int64_t i_homes, i_youths, i_specialists;
        const char *dashboard; /* path */
};

static void make_data(struct server *s, struct client *c, struct fx_data *d)
{
        memset(d, 0, sizeof(*d));
        fx_project(c, s, &d->p);
        struct fx_project *p = &d->p;
        d->home_kaunas =
            fx_org(s, "Kauno vaikų globos namai", "childrens_home", "LT", "Kaunas city");
        d->home_birstonas = fx_org(s, "Birštono vaikų namai", "childrens_home", "LT", "Birštonas");
        d->school_kaunas =
            fx_org(s, "Kauno specialioji mokykla", "special_school", "LT", "Kaunas city");
        d->hotel_london = fx_org(s, "Hotel London", "hotel", "GB", NULL);
        d->school_perugia = fx_org(s, "Scuola di Perugia", "school", "IT", "Perugia");
        d->a_film = fx_activity(c, p, d->home_kaunas, p->caritas_org, "2013-10-03",
                                "film_screening", 25, 3);
        fx_activity(c, p, d->home_kaunas, p->caritas_org, "2013-10-20", "discussion", 0, 10);
        fx_activity(c, p, d->home_birstonas, p->caritas_org, "2013-12-05", "lecture", 40, 2);
        /* The Borough's activities and expense are recorded by its own staff (partner scope). */
        struct client *lead = p->lead;
        fx_activity(lead, p, d->school_kaunas, p->borough_org, "2014-02-14", "lecture", 15, 1);
        fx_create(lead, "/api/v1/activities",
                  test_msg("{\"project_id\":%lld,\"organisation_id\":%lld,\"run_by\":%lld,"
                           "\"date\":\"2014-02-20\",\"kind\":\"training\",\"business_staff\":12}",
                           (long long)p->id, (long long)d->hotel_london,
                           (long long)p->borough_org));
        fx_create(c, "/api/v1/activities",
                  test_msg("{\"project_id\":%lld,\"organisation_id\":%lld,\"run_by\":%lld,"
                           "\"date\":\"2014-06-01\",\"kind\":\"awareness_event\",\"youths\":8,"
                           "\"public\":30}",
                           (long long)p->id, (long long)d->school_perugia,
                           (long long)p->caritas_org));
        const char *expenses = test_msg("/api/v1/projects/%lld/expenses", (long long)p->id);
        fx_create(c, expenses,
                  test_msg("{\"partner_id\":%lld,\"date\":\"2013-06-01\",\"category\":\"travel\","
                           "\"amount_cents\":12345}",
                           (long long)p->caritas));
        fx_create(c, expenses,
                  test_msg("{\"partner_id\":%lld,\"date\":\"2014-01-15\",\"category\":\"staff\","
                           "\"amount_cents\":100000}",
                           (long long)p->caritas));
        fx_create(lead, expenses,
                  test_msg("{\"partner_id\":%lld,\"date\":\"2014-03-01\",\"category\":"
                           "\"equipment\",\"amount_cents\":50000}",
                           (long long)p->borough));
        const char *indicators = test_msg("/api/v1/projects/%lld/indicators", (long long)p->id);
        /* Indicators are the project's settings: its lead partner's. */
        d->i_homes = fx_create(
            lead, indicators,
            test_msg("{\"name\":\"Child-care institutions visited\",\"metric\":"
                     "\"institutions_reached\",\"kinds\":[\"childrens_home\",\"special_school\"],"
                     "\"target\":4,\"targets\":[{\"partner_id\":%lld,\"target\":2},"
                     "{\"period_start\":\"2014-01-01\",\"period_end\":\"2014-12-31\","
                     "\"target\":2}]}",
                     (long long)p->caritas));
        d->i_youths = fx_create(lead, indicators,
                                "{\"name\":\"Young people reached\",\"metric\":"
                                "\"audience:youths\",\"target\":690}");
        d->i_specialists = fx_create(
            lead, indicators,
            test_msg("{\"name\":\"Specialists reached\",\"metric\":\"audience:specialists\","
                     "\"partner_id\":%lld,\"target\":141}",
                     (long long)p->caritas));
        d->dashboard = test_msg("/api/v1/projects/%lld/dashboard", (long long)p->id);
}

static json_t *dashboard(struct client *c, const struct fx_data *d)
{
        struct resp *r = http_get(c, d->dashboard);
        CHECK_STATUS(r, 200);
        CHECK(r->json != NULL);
        return r->json;
}

static void check_counts(json_t *o, long long institutions, long long activities, long long youths,
                         long long specialists)
{
        CHECK(o != NULL);
        CHECK_INT(fx_int(o, "institutions"), institutions);
        CHECK_INT(fx_int(o, "activities"), activities);
        CHECK_INT(fx_int(o, "youths"), youths);
        CHECK_INT(fx_int(o, "specialists"), specialists);
}

static double real_at(json_t *o, const char *key)
{
        json_t *v = json_object_get(o, key);
        CHECK(json_is_real(v), "%s is not a number", key);
        return json_real_value(v);
}

/* The achieved figure of target i of indicator id on dashboard j. */
static long long target_achieved(json_t *j, int64_t id, size_t i)
{
        json_t *ind = fx_find_int(json_at(j, "indicators"), "id", id);
        CHECK(ind != NULL);
        return fx_int(json_array_get(json_object_get(ind, "targets"), i), "achieved");
}

API_TEST(dashboard_figures)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "coordinator");
        struct fx_data d;
        make_data(s, c, &d);
        json_t *j = dashboard(c, &d);

        CHECK_INT(json_int_at(j, "project.id"), d.p.id);
        CHECK_STR(json_str_at(j, "project.start_date"), "2013-05-01");

        /* Totals: head-counts and unique institutions are different numbers. */
        CHECK_INT(json_int_at(j, "totals.activities"), 6);
        CHECK_INT(json_int_at(j, "totals.institutions_reached"), 5);
        CHECK_INT(json_int_at(j, "totals.headcount"), 88 + 16 + 12 + 30);
        CHECK_INT(json_int_at(j, "totals.audience.youths"), 88);
        CHECK_INT(json_int_at(j, "totals.audience.specialists"), 16);
        CHECK_INT(json_int_at(j, "totals.audience.teachers"), 0);
        CHECK_INT(json_int_at(j, "totals.audience.parents"), 0);
        CHECK_INT(json_int_at(j, "totals.audience.business_staff"), 12);
        CHECK_INT(json_int_at(j, "totals.audience.public"), 30);

        /* Every month of the project, zero months included. */
        json_t *monthly = json_at(j, "monthly");
        CHECK_INT(json_array_size(monthly), 20);
        CHECK_STR(json_string_value(json_object_get(json_array_get(monthly, 0), "month")),
                  "2013-05");
        CHECK_STR(json_string_value(json_object_get(json_array_get(monthly, 19), "month")),
                  "2014-12");
        json_t *oct = fx_find(monthly, "month", "2013-10");
        CHECK_INT(fx_int(oct, "activities"), 2);
        CHECK_INT(fx_int(oct, "institutions_reached"), 1); /* one home, twice */
        CHECK_INT(fx_int(oct, "youths"), 25);
        CHECK_INT(fx_int(oct, "specialists"), 13);
        json_t *feb = fx_find(monthly, "month", "2014-02");
        CHECK_INT(fx_int(feb, "activities"), 2);
        CHECK_INT(fx_int(feb, "institutions_reached"), 2);
        CHECK_INT(fx_int(feb, "business_staff"), 12);
        json_t *jun = fx_find(monthly, "month", "2014-06");
        CHECK_INT(fx_int(jun, "public"), 30);
        json_t *nov = fx_find(monthly, "month", "2013-11");
        CHECK_INT(fx_int(nov, "activities"), 0);
        CHECK_INT(fx_int(nov, "institutions_reached"), 0);
        CHECK_INT(fx_int(nov, "youths"), 0);

        /* By kind of institution. */
        json_t *by_kind = json_at(j, "by_kind");
        check_counts(fx_find(by_kind, "kind", "childrens_home"), 2, 3, 65, 15);
        check_counts(fx_find(by_kind, "kind", "special_school"), 1, 1, 15, 1);
        check_counts(fx_find(by_kind, "kind", "hotel"), 1, 1, 0, 0);
        CHECK_INT(fx_int(fx_find(by_kind, "kind", "hotel"), "business_staff"), 12);
        check_counts(fx_find(by_kind, "kind", "school"), 1, 1, 8, 0);
        check_counts(fx_find(by_kind, "kind", "ngo"), 0, 0, 0, 0);

        /* By municipality: the 60 of Lithuania with zeros, then the others. */
        json_t *by_muni = json_at(j, "by_municipality");
        CHECK_INT(json_array_size(by_muni), 61);
        check_counts(fx_find(by_muni, "municipality", "Kaunas city"), 2, 3, 40, 14);
        check_counts(fx_find(by_muni, "municipality", "Birštonas"), 1, 1, 40, 2);
        check_counts(fx_find(by_muni, "municipality", "Neringa"), 0, 0, 0, 0);
        check_counts(fx_find(by_muni, "municipality", "Vilnius city"), 0, 0, 0, 0);
        check_counts(json_array_get(by_muni, 60), 1, 1, 8, 0);
        CHECK_STR(json_string_value(json_object_get(json_array_get(by_muni, 60), "municipality")),
                  "Perugia");
        json_t *gap = json_at(j, "not_reached");
        CHECK_INT(json_array_size(gap), 58);
        bool neringa = false;
        size_t i;
        json_t *v;
        json_array_foreach(gap, i, v)
        {
                CHECK(strcmp(json_string_value(v), "Kaunas city") != 0);
                CHECK(strcmp(json_string_value(v), "Birštonas") != 0);
                neringa |= strcmp(json_string_value(v), "Neringa") == 0;
        }
        CHECK(neringa);

        /* Budget per partner, spent against allocated. */
        CHECK_STR(json_str_at(j, "budget.currency"), "EUR");
        CHECK_INT(json_int_at(j, "budget.total_cents"), 39500000);
        CHECK_INT(json_int_at(j, "budget.allocated_cents"), 3020900 + 10000000);
        CHECK_INT(json_int_at(j, "budget.spent_cents"), 162345);
        json_t *partners = json_at(j, "budget.partners");
        CHECK_INT(json_array_size(partners), 2);
        json_t *caritas = fx_find(partners, "organisation_name", "Lithuanian Caritas");
        CHECK_INT(fx_int(caritas, "partner_id"), d.p.caritas);
        CHECK_INT(fx_int(caritas, "organisation_id"), d.p.caritas_org);
        CHECK_INT(fx_int(caritas, "allocation_cents"), 3020900);
        CHECK_INT(fx_int(caritas, "spent_cents"), 112345);
        CHECK_STR(json_str_at(caritas, "role"), "partner");
        json_t *borough =
            fx_find(partners, "organisation_name", "Royal Borough of Kensington and Chelsea");
        CHECK_INT(fx_int(borough, "spent_cents"), 50000);

        /* Indicators: achieved from the records, percent to one decimal. */
        json_t *ind = json_at(j, "indicators");
        CHECK_INT(json_array_size(ind), 3);
        json_t *homes = fx_find_int(ind, "id", d.i_homes);
        CHECK_INT(fx_int(homes, "achieved"), 3);
        CHECK(real_at(homes, "percent") == 75.0);
        json_t *t = json_object_get(homes, "targets");
        CHECK_INT(fx_int(json_array_get(t, 0), "achieved"), 2); /* Caritas: the two homes */
        CHECK(real_at(json_array_get(t, 0), "percent") == 100.0);
        CHECK_INT(fx_int(json_array_get(t, 1), "achieved"), 1); /* 2014: the special school */
        CHECK(real_at(json_array_get(t, 1), "percent") == 50.0);
        json_t *youths = fx_find_int(ind, "id", d.i_youths);
        CHECK_INT(fx_int(youths, "achieved"), 88);
        CHECK(real_at(youths, "percent") == 12.8);
        json_t *spec = fx_find_int(ind, "id", d.i_specialists);
        CHECK_INT(fx_int(spec, "achieved"), 15);
        CHECK(real_at(spec, "percent") == 10.6);

        /* A second read is the same page. */
        struct resp *a = http_get(c, d.dashboard), *b = http_get(c, d.dashboard);
        CHECK_STR(a->body, b->body);
        expect_error(http_get(c, "/api/v1/projects/999999/dashboard"), 404, "not_found", NULL);
        expect_error(http_get(c, test_msg("%s?fresh=1", d.dashboard)), 400, "bad_request", "fresh");
}

/* Every write shows on the next read: the cache never serves a page from before it. */
API_TEST(dashboard_follows_every_write)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "coordinator");
        struct fx_data d;
        make_data(s, c, &d);
        const char *db = server_db(s);
        json_t *j = dashboard(c, &d);
        CHECK_INT(json_int_at(j, "totals.activities"), 6);

        /* API: create, edit, delete an activity. */
        int64_t a =
            fx_activity(c, &d.p, d.home_kaunas, d.p.caritas_org, "2013-11-11", "lecture", 7, 1);
        j = dashboard(c, &d);
        CHECK_INT(json_int_at(j, "totals.activities"), 7);
        CHECK_INT(json_int_at(j, "totals.audience.youths"), 95);
        CHECK_INT(fx_int(fx_find(json_at(j, "monthly"), "month", "2013-11"), "activities"), 1);
        const char *one = test_msg("/api/v1/activities/%lld", (long long)a);
        CHECK_STATUS(http_json(c, "PATCH", one, "{\"youths\":17,\"date\":\"2014-12-01\"}"), 200);
        j = dashboard(c, &d);
        CHECK_INT(json_int_at(j, "totals.audience.youths"), 105);
        CHECK_INT(fx_int(fx_find(json_at(j, "monthly"), "month", "2013-11"), "activities"), 0);
        CHECK_INT(fx_int(fx_find(json_at(j, "monthly"), "month", "2014-12"), "youths"), 17);
        CHECK_INT(fx_int(fx_find_int(json_at(j, "indicators"), "id", d.i_homes), "achieved"), 3);
        /* The 2014 target's kept figures follow the activity into its period. */
        CHECK_INT(db_int(db, test_msg("SELECT count(*) FROM indicator_scopes WHERE indicator_id "
                                      "= %lld",
                                      (long long)d.i_homes)),
                  1);
        CHECK_INT(target_achieved(j, d.i_homes, 1), 2);
        CHECK_STATUS(http(c, "DELETE", one, NULL, NULL, 0), 204);
        j = dashboard(c, &d);
        CHECK_INT(json_int_at(j, "totals.activities"), 6);
        CHECK_INT(json_int_at(j, "totals.audience.youths"), 88);

        /* A new institution reached; an existing one visited again. */
        int64_t neringa = fx_org(s, "Neringos jaunimo centras", "youth_centre", "LT", "Neringa");
        fx_activity(c, &d.p, neringa, d.p.caritas_org, "2014-07-07", "workshop", 9, 0);
        j = dashboard(c, &d);
        CHECK_INT(json_int_at(j, "totals.institutions_reached"), 6);
        CHECK_INT(json_array_size(json_at(j, "not_reached")), 57);
        check_counts(fx_find(json_at(j, "by_municipality"), "municipality", "Neringa"), 1, 1, 9, 0);
        fx_activity(d.p.lead, &d.p, neringa, d.p.borough_org, "2014-07-08", "workshop", 1, 0);
        j = dashboard(c, &d);
        CHECK_INT(json_int_at(j, "totals.institutions_reached"), 6);
        CHECK_INT(json_int_at(j, "totals.activities"), 8);

        /* Expenses, partners, indicators and the project itself. */
        fx_create(d.p.lead, test_msg("/api/v1/projects/%lld/expenses", (long long)d.p.id),
                  test_msg("{\"partner_id\":%lld,\"date\":\"2014-05-05\",\"category\":"
                           "\"materials\",\"amount_cents\":655}",
                           (long long)d.p.borough));
        j = dashboard(c, &d);
        CHECK_INT(json_int_at(j, "budget.spent_cents"), 163000);
        CHECK_STATUS(http_json(d.p.lead, "PATCH",
                               test_msg("/api/v1/partners/%lld", (long long)d.p.caritas),
                               "{\"allocation_cents\":3020901}"),
                     200);
        j = dashboard(c, &d);
        CHECK_INT(json_int_at(j, "budget.allocated_cents"), 13020901);
        CHECK_STATUS(http_json(d.p.lead, "PATCH",
                               test_msg("/api/v1/indicators/%lld", (long long)d.i_homes),
                               "{\"target\":20}"),
                     200);
        j = dashboard(c, &d);
        CHECK(real_at(fx_find_int(json_at(j, "indicators"), "id", d.i_homes), "percent") == 15.0);
        CHECK_STATUS(http_json(d.p.lead, "PATCH",
                               test_msg("/api/v1/projects/%lld", (long long)d.p.id),
                               "{\"title\":\"ECAT 2013-2014\",\"budget_cents\":40000000}"),
                     200);
        j = dashboard(c, &d);
        CHECK_STR(json_str_at(j, "project.title"), "ECAT 2013-2014");
        CHECK_INT(json_int_at(j, "budget.total_cents"), 40000000);

        /* Another writer on the same database (the CLI, an import, an SQL prompt). */
        db_exec(db, test_msg("UPDATE organisations SET municipality = 'Birštonas' WHERE id = %lld",
                             (long long)d.home_kaunas));
        j = dashboard(c, &d);
        check_counts(fx_find(json_at(j, "by_municipality"), "municipality", "Kaunas city"), 1, 1,
                     15, 1);
        check_counts(fx_find(json_at(j, "by_municipality"), "municipality", "Birštonas"), 2, 3, 65,
                     15);
        db_exec(db, test_msg("UPDATE organisations SET kind = 'shelter' WHERE id = %lld",
                             (long long)d.home_birstonas));
        j = dashboard(c, &d);
        check_counts(fx_find(json_at(j, "by_kind"), "kind", "childrens_home"), 1, 2, 25, 13);
        check_counts(fx_find(json_at(j, "by_kind"), "kind", "shelter"), 1, 1, 40, 2);
        CHECK_INT(fx_int(fx_find_int(json_at(j, "indicators"), "id", d.i_homes), "achieved"), 2);
        /* An institution leaving and joining the kinds of a period target. */
        CHECK_INT(target_achieved(j, d.i_homes, 1), 1);
        db_exec(db, test_msg("UPDATE organisations SET kind = 'hotel' WHERE id = %lld",
                             (long long)d.school_kaunas));
        CHECK_INT(target_achieved(dashboard(c, &d), d.i_homes, 1), 0);
        db_exec(db, test_msg("UPDATE organisations SET kind = 'special_school' WHERE id = %lld",
                             (long long)d.school_kaunas));
        CHECK_INT(target_achieved(dashboard(c, &d), d.i_homes, 1), 1);
        db_exec(db, test_msg("UPDATE organisations SET name = 'Hotel Westminster' WHERE id = %lld",
                             (long long)d.hotel_london));
        db_exec(db,
                test_msg(
                    "INSERT INTO activities (project_id, organisation_id, run_by, date, "
                    "kind, youths, created_at, updated_at) VALUES (%lld, %lld, %lld, "
                    "CAST(strftime('%%s', '2014-08-01') AS INTEGER) / 86400, 'meeting', 100, 0, 0)",
                    (long long)d.p.id, (long long)d.hotel_london, (long long)d.p.borough_org));
        j = dashboard(c, &d);
        CHECK_INT(json_int_at(j, "totals.activities"), 9);
        CHECK_INT(json_int_at(j, "totals.audience.youths"), 88 + 9 + 1 + 100);
        CHECK_INT(fx_int(fx_find(json_at(j, "monthly"), "month", "2014-08"), "activities"), 1);
        check_counts(fx_find(json_at(j, "by_kind"), "kind", "hotel"), 1, 2, 100, 0);
        db_exec(db, test_msg("DELETE FROM activities WHERE project_id = %lld AND kind = 'meeting'",
                             (long long)d.p.id));
        j = dashboard(c, &d);
        CHECK_INT(json_int_at(j, "totals.activities"), 8);
        check_counts(fx_find(json_at(j, "by_kind"), "kind", "hotel"), 1, 1, 0, 0);

        /* The aggregates the dashboard reads agree with the activities themselves. */
        CHECK_INT(db_int(db, test_msg("SELECT coalesce(sum(activities), 0) FROM project_month "
                                      "WHERE project_id = %lld",
                                      (long long)d.p.id)),
                  db_int(db, test_msg("SELECT count(*) FROM activities WHERE project_id = %lld",
                                      (long long)d.p.id)));
        CHECK_INT(db_int(db, test_msg("SELECT coalesce(sum(institutions), 0) FROM project_group "
                                      "WHERE project_id = %lld AND run_by = 0",
                                      (long long)d.p.id)),
                  db_int(db, test_msg("SELECT count(DISTINCT organisation_id) FROM activities "
                                      "WHERE project_id = %lld",
                                      (long long)d.p.id)));
}

API_TEST(dashboard_roles)
{
        struct server *s = server_start(NULL);
        struct client *coordinator = client_login(s, "coordinator");
        struct fx_data d;
        make_data(s, coordinator, &d);
        /* Budget figures go to those who may read budgets; the rest see null. */
        const char *logins[] = {"coordinator", "viewer", "admin"};
        for (size_t i = 0; i < 3; i++) {
                json_t *j = dashboard(client_login(s, logins[i]), &d);
                CHECK_INT(json_int_at(j, "budget.spent_cents"), 162345);
                CHECK_INT(json_int_at(j, "totals.activities"), 6);
        }
        struct client *outreach = client_login(s, "outreach");
        json_t *j = dashboard(outreach, &d);
        CHECK(json_is_null(json_at(j, "budget")), "budget shown to an outreach worker");
        CHECK_INT(json_int_at(j, "totals.activities"), 6);
        /* ...and the next coordinator read still has it (pages are kept per view). */
        CHECK_INT(json_int_at(dashboard(coordinator, &d), "budget.spent_cents"), 162345);
        expect_error(http_get(client_login(s, "auditor"), d.dashboard), 403, "forbidden", NULL);
        expect_error(http_get(client_new(s), d.dashboard), 401, "unauthenticated", NULL);
}

/* Readers hammer the page while activities are added; each write is seen at once. */
struct reader {
        struct server *s;
        const char *path;
        const char *cookie;
        pthread_t threads[2];
        int started;
        atomic_bool stop;
        atomic_int reads, bad;
};

static void *read_loop(void *p)
{
        struct reader *rd = p;
        struct client *c = client_new(rd->s);
        client_set_cookie(c, rd->cookie);
        while (!atomic_load(&rd->stop)) {
                struct resp *r = http_get(c, rd->path);
                if (r->status != 200 || !r->json)
                        atomic_fetch_add(&rd->bad, 1);
                atomic_fetch_add(&rd->reads, 1);
                resp_free(r);
        }
        return NULL;
}

/* Stop and join the readers (also when the test fails half-way). */
static void stop_readers(void *p)
{
        struct reader *rd = p;
        atomic_store(&rd->stop, true);
        for (; rd->started > 0; rd->started--)
                pthread_join(rd->threads[rd->started - 1], NULL);
}

API_TEST(dashboard_concurrent_reads_and_writes)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "coordinator");
        struct fx_data d;
        make_data(s, c, &d);
        struct client *reader_login = client_login(s, "viewer");
        struct reader *rd = test_alloc(sizeof(*rd));
        rd->s = s;
        rd->path = d.dashboard;
        rd->cookie = client_cookie(reader_login);
        test_defer(stop_readers, rd);
        for (int i = 0; i < 2; i++) {
                CHECK(pthread_create(&rd->threads[i], NULL, read_loop, rd) == 0);
                rd->started++;
        }
        for (int n = 1; n <= 15; n++) {
                fx_activity(c, &d.p, d.school_kaunas, d.p.caritas_org, "2014-09-09", "lecture", 1,
                            0);
                json_t *j = dashboard(c, &d);
                CHECK_INT(json_int_at(j, "totals.activities"), 6 + n);
                CHECK_INT(fx_int(fx_find(json_at(j, "monthly"), "month", "2014-09"), "youths"), n);
        }
        stop_readers(rd);
        CHECK_INT(atomic_load(&rd->bad), 0);
        test_note("%d reads alongside the writes", atomic_load(&rd->reads));
}

/*
 * The demo: the seed's own figures exactly (20 / 34 / 690 / 141, EUR 395,000
 * of which EUR 30,209 Lithuanian Caritas's), beside the illustrative
 * materials, distributions, pipeline and pledge, which add to none of them.
 */
API_TEST(demo_seed_figures_beside_illustrative_records)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "coordinator");
        long long id = db_int(server_db(s), "SELECT id FROM projects WHERE code = 'ECAT'");
        struct resp *r = http_get(c, test_msg("/api/v1/projects/%lld/dashboard", id));
        CHECK_STATUS(r, 200);
        json_t *j = r->json;
        CHECK_INT(json_int_at(j, "totals.institutions_reached"), 34);
        CHECK_INT(json_int_at(j, "totals.audience.youths"), 690);
        CHECK_INT(json_int_at(j, "totals.audience.specialists"), 141);
        CHECK_INT(json_int_at(j, "totals.headcount"), 690 + 141);
        json_t *ind = json_array_get(json_object_get(j, "indicators"), 0);
        CHECK_INT(json_integer_value(json_object_get(ind, "target")), 20);
        CHECK_INT(json_integer_value(json_object_get(ind, "achieved")), 34);
        CHECK_INT(json_int_at(j, "budget.total_cents"), 39500000);
        json_t *caritas =
            fx_find(json_at(j, "budget.partners"), "organisation_name", "Lithuanian Caritas");
        CHECK(caritas != NULL);
        CHECK_INT(fx_int(caritas, "allocation_cents"), 3020900);

        /* Illustrative: the visits' three materials with their kinds, not "other". */
        r = http_get(c, "/api/v1/materials");
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "total"), 3);
        json_t *items = json_object_get(r->json, "items");
        CHECK_STR(json_string_value(
                      json_object_get(fx_find(items, "title", "Prevention film (demo)"), "kind")),
                  "film");
        CHECK_STR(json_string_value(json_object_get(
                      fx_find(items, "title", "Leaflet: where to find help"), "kind")),
                  "leaflet");
        /* Leaflets to teachers, pupils and parents. */
        CHECK(json_int_at(j, "distributions.total") > 0);
        CHECK(json_int_at(j, "distributions.by_audience.teachers") > 0 &&
              json_int_at(j, "distributions.by_audience.pupils") > 0 &&
              json_int_at(j, "distributions.by_audience.parents") > 0);
        /* Hotels and a business at three stages, one follow-up overdue, one pledge signed. */
        CHECK_INT(json_int_at(j, "engagement.stages.active"), 1);
        CHECK_INT(json_int_at(j, "engagement.stages.met"), 1);
        CHECK_INT(json_int_at(j, "engagement.stages.contacted"), 1);
        json_t *pledge = fx_find(json_at(j, "engagement.agreements"), "kind", "pledge");
        CHECK(pledge != NULL);
        CHECK_STR(json_string_value(json_object_get(pledge, "status")), "signed");
        CHECK_INT(fx_int(pledge, "count"), 1);
        r = http_get(c, test_msg("/api/v1/engagements?project=%lld&overdue=true", id));
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "total"), 1);
        /* The active hotel went through every stage, each a row of its history. */
        long long active =
            db_int(server_db(s), "SELECT id FROM engagements WHERE stage = 'active'");
        r = http_get(c, test_msg("/api/v1/engagements/%lld/stages", active));
        CHECK_STATUS(r, 200);
        CHECK_INT(json_array_size(json_object_get(r->json, "items")), 5);
}

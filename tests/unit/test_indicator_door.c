/*
 * The indicator doors (domain/indicator.h) against a fresh database: what a
 * create stores with it (targets, kept period figures, the audit entry), the
 * rules, the manual value following its metric, and a delete taking the
 * targets along.  (The statements' shapes are checked in test_record.)  Bodies go through the
 * API's door table (door_create_json), as a POST sends them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/indicators.h"
#include "api/respond.h"
#include "audit/audit.h"
#include "core/arena.h"
#include "core/util.h"
#include "domain/activity.h"
#include "domain/budget.h"
#include "domain/organisation.h"
#include "domain/project.h"

struct fixture {
        char dir[64];
        char path[96];
        struct store *store;
        struct db *db;
        struct arena arena;
        int64_t project, partner, other_partner, caritas;
};

static const struct principal who = {7, ROLE_ADMIN, 0, "req1", 0};

static int64_t put_org(struct fixture *f, const char *name, const char *kind)
{
        struct organisation o = {.name = name, .kind = kind, .country = "LT"};
        record_give(&o, ORG_F_NAME);
        record_give(&o, ORG_F_KIND);
        record_give(&o, ORG_F_COUNTRY);
        struct problems p;
        problems_init(&p, &f->arena);
        int64_t id = 0;
        assert_int_equal(db_begin_write(f->db), STORE_OK);
        assert_int_equal(organisation_create(f->db, &who, &o, 0, &p, &id), E_OK);
        assert_int_equal(db_commit(f->db), STORE_OK);
        return id;
}

static void put_activity(struct fixture *f, int64_t site, const char *date)
{
        struct activity a = {.project_id = f->project,
                             .organisation_id = site,
                             .run_by = f->caritas,
                             .kind = "lecture"};
        assert_int_equal(parse_date(date, &a.date), 0);
        a.audience[0] = 10;
        static const int given[] = {ACTIVITY_PROJECT, ACTIVITY_ORGANISATION, ACTIVITY_RUN_BY,
                                    ACTIVITY_DATE,    ACTIVITY_KIND,         ACTIVITY_AUDIENCE};
        for (size_t i = 0; i < sizeof(given) / sizeof(given[0]); i++)
                record_give(&a, (size_t)given[i]);
        struct problems p;
        problems_init(&p, &f->arena);
        int64_t id = 0;
        assert_int_equal(db_begin_write(f->db), STORE_OK);
        assert_int_equal(activity_create(f->db, &who, &a, &p, &id), E_OK);
        assert_int_equal(db_commit(f->db), STORE_OK);
}

/* A project from 2013-05-01 to 2014-12-31. */
static int64_t put_project(struct fixture *f, const char *code)
{
        struct project pr = {.code = code, .title = code, .currency = "EUR"};
        assert_int_equal(parse_date("2013-05-01", &pr.start_date), 0);
        assert_int_equal(parse_date("2014-12-31", &pr.end_date), 0);
        static const int given[] = {PROJECT_CODE, PROJECT_TITLE, PROJECT_START, PROJECT_END,
                                    PROJECT_CURRENCY};
        for (size_t i = 0; i < sizeof(given) / sizeof(given[0]); i++)
                record_give(&pr, (size_t)given[i]);
        struct problems p;
        problems_init(&p, &f->arena);
        int64_t id = 0;
        assert_int_equal(db_begin_write(f->db), STORE_OK);
        assert_int_equal(project_create(f->db, &who, &pr, &p, &id), E_OK);
        assert_int_equal(db_commit(f->db), STORE_OK);
        return id;
}

static int64_t put_partner(struct fixture *f, int64_t project, int64_t org, const char *role)
{
        struct partner pa = {.organisation_id = org, .role = role};
        record_give(&pa, PARTNER_ORGANISATION);
        record_give(&pa, PARTNER_ROLE);
        struct problems p;
        problems_init(&p, &f->arena);
        int64_t id = 0;
        assert_int_equal(db_begin_write(f->db), STORE_OK);
        assert_int_equal(partner_create(f->db, &who, project, &pa, &p, &id), E_OK);
        assert_int_equal(db_commit(f->db), STORE_OK);
        return id;
}

static int setup(void **state)
{
        struct fixture *f = calloc(1, sizeof(*f));
        if (!f)
                return -1;
        snprintf(f->dir, sizeof(f->dir), "/tmp/ecat-unit-XXXXXX");
        if (!mkdtemp(f->dir))
                return -1;
        snprintf(f->path, sizeof(f->path), "%s/t.db", f->dir);
        static const unsigned char key[32] = {1, 2, 3};
        audit_set_key(key);
        char err[256];
        if (store_open(f->path, true, &f->store, err, sizeof(err)) < 0) {
                fprintf(stderr, "%s\n", err);
                return -1;
        }
        f->db = store_db(f->store);
        arena_init(&f->arena, 1u << 20);
        *state = f;
        if (!f->db)
                return -1;
        /* Caritas and the borough partners of the first of two projects, Caritas of the second. */
        f->caritas = put_org(f, "Caritas", "ngo");
        int64_t borough = put_org(f, "Borough", "municipality");
        f->project = put_project(f, "P1");
        int64_t other = put_project(f, "P2");
        f->partner = put_partner(f, f->project, f->caritas, "partner");
        f->other_partner = put_partner(f, other, f->caritas, "partner");
        put_partner(f, f->project, borough, "lead");
        return 0;
}

static int teardown(void **state)
{
        struct fixture *f = *state;
        arena_free(&f->arena);
        store_close(f->store);
        char p[128];
        static const char *const suffix[] = {"", "-wal", "-shm"};
        for (size_t i = 0; i < 3; i++) {
                snprintf(p, sizeof(p), "%s%s", f->path, suffix[i]);
                unlink(p);
        }
        rmdir(f->dir);
        free(f);
        return 0;
}

/* POST json under project through the door; on a refusal *fields holds p as JSON. */
static enum ecat_err create(struct fixture *f, int64_t project, const char *json, json_t **fields,
                            int64_t *id)
{
        assert_int_equal(db_begin_write(f->db), STORE_OK);
        struct problems p;
        problems_init(&p, &f->arena);
        enum ecat_err e =
            door_create_json(f->db, &who, &indicator_api, project, json, strlen(json), &p, id);
        *fields =
            e == E_NOT_FOUND || e == E_BAD_REQUEST ? json_string(p.message) : problems_json(&p);
        if (e == E_OK)
                assert_int_equal(db_commit(f->db), STORE_OK);
        else
                db_rollback(f->db);
        return e;
}

/* Indicator id as the API shows it (figures computed now); NULL: none. */
static json_t *load(struct fixture *f, int64_t id)
{
        struct indicator ind;
        if (indicator_get(f->db, &who, &f->arena, id, &ind) != E_OK)
                return NULL;
        return indicator_api.render(f->db, &who, &ind);
}

static int64_t int_at(json_t *o, const char *key)
{
        json_t *v = json_object_get(o, key);
        assert_true(json_is_integer(v));
        return (int64_t)json_integer_value(v);
}

static void test_create_with_targets(void **state)
{
        struct fixture *f = *state;
        int64_t home = put_org(f, "Home", "childrens_home");
        put_activity(f, home, "2013-10-03");
        char json[512];
        snprintf(json, sizeof(json),
                 "{\"name\":\"Homes\",\"metric\":\"institutions_reached\",\"target\":4,"
                 "\"kinds\":[\"childrens_home\"],\"targets\":[{\"partner_id\":%lld,\"target\":2},"
                 "{\"period_start\":\"2014-01-01\",\"period_end\":\"2014-12-31\",\"target\":1}]}",
                 (long long)f->partner);
        json_t *fields = NULL;
        int64_t id = 0;
        assert_int_equal(create(f, f->project, json, &fields, &id), E_OK);
        assert_null(fields);
        struct indicator_target t[INDICATOR_TARGETS_MAX];
        size_t n = 0;
        assert_int_equal(indicator_targets(f->db, id, t, &n), E_OK);
        assert_int_equal(n, 2);
        assert_true(REC_GIVEN(&t[0], TARGET_PARTNER) && t[0].partner_id == f->partner);
        assert_false(REC_GIVEN(&t[0], TARGET_START));
        assert_true(REC_GIVEN(&t[1], TARGET_START) && REC_GIVEN(&t[1], TARGET_END));
        assert_int_equal(t[1].target, 1);

        /* A visit in 2014 reaches the period target through its kept row. */
        json_t *o = load(f, id);
        assert_non_null(o);
        assert_int_equal(int_at(o, "achieved"), 1);
        assert_int_equal(int_at(json_array_get(json_object_get(o, "targets"), 1), "achieved"), 0);
        json_decref(o);
        put_activity(f, home, "2014-03-03");
        int64_t other = put_org(f, "Other home", "childrens_home");
        put_activity(f, other, "2014-04-03");
        o = load(f, id);
        assert_int_equal(int_at(o, "achieved"), 2);
        json_t *targets = json_object_get(o, "targets");
        assert_int_equal(json_array_size(targets), 2);
        assert_int_equal(int_at(json_array_get(targets, 0), "achieved"), 2);
        assert_int_equal(int_at(json_array_get(targets, 1), "achieved"), 2);
        assert_null(json_object_get(json_array_get(targets, 1), "id"));
        assert_true(json_real_value(json_object_get(json_array_get(targets, 0), "percent")) ==
                    100.0);
        json_decref(o);

        /* Create and audit entry commit together. */
        int64_t count = 0;
        struct audit_problem problem;
        assert_int_equal(audit_verify(f->db, &count, &problem), 0);
        assert_true(count > 0);
}

static void test_rules(void **state)
{
        struct fixture *f = *state;
        json_t *fields = NULL;
        int64_t id = 0;
        assert_int_equal(
            create(f, 999, "{\"name\":\"x\",\"metric\":\"activities\",\"target\":1}", &fields, &id),
            E_NOT_FOUND);
        assert_string_equal(json_string_value(fields), "no such project");
        json_decref(fields);

        char json[512];
        snprintf(json, sizeof(json),
                 "{\"name\":\"x\",\"metric\":\"activities\",\"target\":1,\"partner_id\":%lld,"
                 "\"country\":\"XX\",\"manual_value\":2,\"period_start\":\"2014-01-01\","
                 "\"period_end\":\"2013-01-01\",\"targets\":[{\"target\":1,\"partner_id\":%lld},"
                 "{\"target\":1,\"period_start\":\"2014-02-01\",\"period_end\":\"2014-01-01\"}]}",
                 (long long)f->other_partner, (long long)f->other_partner);
        assert_int_equal(create(f, f->project, json, &fields, &id), E_VALIDATION);
        static const char *const faulty[] = {"partner_id",
                                             "country",
                                             "period_end",
                                             "manual_value",
                                             "targets[0].partner_id",
                                             "targets[1].period_end"};
        for (size_t i = 0; i < sizeof(faulty) / sizeof(faulty[0]); i++)
                assert_non_null(json_object_get(fields, faulty[i]));
        assert_int_equal(json_object_size(fields), sizeof(faulty) / sizeof(faulty[0]));
        json_decref(fields);

        /* Field faults first: the rules wait until every field is well formed. */
        assert_int_equal(create(f, f->project,
                                "{\"name\":\"\",\"metric\":\"activities\",\"target\":1,"
                                "\"country\":\"XX\",\"targets\":[{},3]}",
                                &fields, &id),
                         E_VALIDATION);
        assert_non_null(json_object_get(fields, "name"));
        assert_non_null(json_object_get(fields, "targets[0].target"));
        assert_non_null(json_object_get(fields, "targets[1]"));
        assert_null(json_object_get(fields, "country"));
        json_decref(fields);
}

static enum ecat_err patch(struct fixture *f, int64_t id, const char *json, json_t **fields)
{
        struct indicator *in = arena_alloc(&f->arena, sizeof(*in));
        assert_non_null(in);
        memset(in, 0, sizeof(*in));
        struct problems p;
        problems_init(&p, &f->arena);
        const char *message = NULL;
        assert_int_equal(indicator_api.read(&f->arena, json, strlen(json), in, true, &p, &message),
                         VALID);
        assert_int_equal(db_begin_write(f->db), STORE_OK);
        enum ecat_err e = indicator_update(f->db, &who, id, in, &p);
        *fields = problems_json(&p);
        if (e == E_OK)
                assert_int_equal(db_commit(f->db), STORE_OK);
        else
                db_rollback(f->db);
        return e;
}

static void test_manual_value_follows_metric(void **state)
{
        struct fixture *f = *state;
        json_t *fields = NULL;
        int64_t id = 0;
        assert_int_equal(create(f, f->project,
                                "{\"name\":\"Agreements\",\"metric\":\"manual\",\"target\":4,"
                                "\"manual_value\":2,\"targets\":[{\"target\":1}]}",
                                &fields, &id),
                         E_OK);
        json_t *o = load(f, id);
        assert_int_equal(int_at(o, "achieved"), 2);
        assert_int_equal(int_at(json_array_get(json_object_get(o, "targets"), 0), "achieved"), 2);
        json_decref(o);

        /* Another metric: the stored value goes; given with it, it is refused. */
        assert_int_equal(patch(f, id, "{\"metric\":\"activities\",\"manual_value\":3}", &fields),
                         E_VALIDATION);
        assert_non_null(json_object_get(fields, "manual_value"));
        json_decref(fields);
        assert_int_equal(patch(f, id, "{\"metric\":\"activities\"}", &fields), E_OK);
        o = load(f, id);
        assert_true(json_is_null(json_object_get(o, "manual_value")));
        assert_int_equal(json_array_size(json_object_get(o, "targets")), 1); /* targets stay */
        json_decref(o);

        /* A delete takes the targets along. */
        struct problems p;
        problems_init(&p, &f->arena);
        assert_int_equal(db_begin_write(f->db), STORE_OK);
        assert_int_equal(indicator_delete(f->db, &who, id, &p), E_OK);
        assert_int_equal(db_commit(f->db), STORE_OK);
        assert_null(load(f, id));
        struct indicator_target t[INDICATOR_TARGETS_MAX];
        size_t n = 1;
        assert_int_equal(indicator_targets(f->db, id, t, &n), E_OK);
        assert_int_equal(n, 0);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test_setup_teardown(test_create_with_targets, setup, teardown),
            cmocka_unit_test_setup_teardown(test_rules, setup, teardown),
            cmocka_unit_test_setup_teardown(test_manual_value_follows_metric, setup, teardown),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

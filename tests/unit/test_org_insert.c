/*
 * organisation_create(), the one door of the API, the CSV import and the
 * demo data (here through door_create_json, as a POST body), against a fresh
 * database: what it stores, what it
 * refuses (every field at once), and that the audit entry goes with the row.
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

#include "api/organisations.h"
#include "api/render.h"
#include "api/respond.h"
#include "audit/audit.h"
#include "core/arena.h"

struct fixture {
        char dir[64];
        char path[96];
        struct store *store;
        struct db *db;
        struct arena arena;
};

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
        return f->db ? 0 : -1;
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

static enum ecat_err insert(struct fixture *f, const char *json, json_t **errors, int64_t *id)
{
        assert_int_equal(db_begin_write(f->db), STORE_OK);
        struct principal who = {7, ROLE_ADMIN, 0, "req1", 0};
        struct problems p;
        problems_init(&p, &f->arena);
        enum ecat_err e =
            door_create_json(f->db, &who, &organisation_api, 0, json, strlen(json), &p, id);
        *errors = e == E_BAD_REQUEST ? json_string(p.message) : problems_json(&p);
        if (e == E_OK)
                assert_int_equal(db_commit(f->db), STORE_OK);
        else
                db_rollback(f->db);
        return e;
}

/* The organisation as GET shows it (with_activity) or as a write answers it; NULL: none. */
static json_t *organisation_load(struct fixture *f, int64_t id, bool with_activity)
{
        struct principal who = {7, ROLE_ADMIN, 0, "req1", 0};
        struct organisation o;
        if (organisation_get(f->db, &who, &f->arena, id, &o) != E_OK)
                return NULL;
        return with_activity ? organisation_api.render_one(f->db, &who, &o)
                             : record_json(organisation_columns, ORG_F__MAX, &o);
}

static void test_inserts_and_audits(void **state)
{
        struct fixture *f = *state;
        json_t *errors = NULL;
        int64_t id = 0;
        assert_int_equal(insert(f,
                                "{\"name\":\"Kėdainių mokykla\",\"kind\":\"school\","
                                "\"country\":\"lt\",\"municipality\":\"kedainiai district\","
                                "\"lat\":55.2886,\"lon\":23.9744,\"email\":\"\"}",
                                &errors, &id),
                         E_OK);
        assert_null(errors);
        assert_true(id > 0);
        json_t *o = organisation_load(f, id, true);
        assert_non_null(o);
        assert_string_equal(json_string_value(json_object_get(o, "country")), "LT");
        assert_string_equal(json_string_value(json_object_get(o, "municipality")),
                            "Kėdainiai district");
        assert_true(json_is_null(json_object_get(o, "email")));
        assert_true(json_real_value(json_object_get(o, "lat")) == 55.2886);
        assert_int_equal(json_integer_value(json_object_get(o, "activities_count")), 0);
        assert_true(json_is_null(json_object_get(o, "last_activity")));
        json_decref(o);
        int64_t count = 0;
        struct audit_problem problem;
        assert_int_equal(audit_verify(f->db, &count, &problem), 0);
        assert_int_equal(count, 1);
        assert_null(organisation_load(f, id + 1000, false));
}

static void test_refuses_every_field_at_once(void **state)
{
        struct fixture *f = *state;
        json_t *errors = NULL;
        int64_t id = 0;
        assert_int_equal(insert(f,
                                "{\"name\":\" \",\"kind\":\"castle\",\"country\":\"LT\","
                                "\"municipality\":\"Riga\",\"lat\":100,\"lon\":20,"
                                "\"email\":\"nobody\",\"colour\":\"red\"}",
                                &errors, &id),
                         E_VALIDATION);
        assert_non_null(errors);
        static const char *const fields[] = {"name", "kind",  "municipality",
                                             "lat",  "email", "colour"};
        for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
                if (!json_object_get(errors, fields[i]))
                        fail_msg("%s not named", fields[i]);
        /* lat is wrong in itself; "lat given without lon" is not added on top. */
        assert_null(json_object_get(errors, "lon"));
        json_decref(errors);

        errors = NULL;
        assert_int_equal(insert(f, "{\"name\":\"A\",\"kind\":\"ngo\",\"country\":\"GB\",\"lon\":1}",
                                &errors, &id),
                         E_VALIDATION);
        assert_string_equal(json_string_value(json_object_get(errors, "lat")),
                            "is required when lon is given");
        json_decref(errors);
}

static void test_malformed(void **state)
{
        struct fixture *f = *state;
        static const char *const bodies[] = {"", "[1]", "{\"name\":", "\"x\""};
        for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
                json_t *errors = NULL;
                int64_t id = 0;
                assert_int_equal(insert(f, bodies[i], &errors, &id), E_BAD_REQUEST);
                assert_true(json_is_string(errors));
                json_decref(errors);
        }
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test_setup_teardown(test_inserts_and_audits, setup, teardown),
            cmocka_unit_test_setup_teardown(test_refuses_every_field_at_once, setup, teardown),
            cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * The user doors of domain/user.h against a fresh database: the statements
 * read the table's columns, the password is stored only as its hash and
 * never read back or rendered, logins are unique without regard to case,
 * and a new password or disabling ends the user's sessions and tokens in
 * the same write (a reset of one's own password keeps the caller's session).
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

#include "api/render.h"
#include "audit/audit.h"
#include "auth/password.h"
#include "auth/session.h"
#include "core/arena.h"
#include "core/util.h"
#include "domain/organisation.h"
#include "domain/user.h"

struct fixture {
        char dir[64];
        char path[96];
        struct store *store;
        struct db *db;
        struct arena arena;
        int64_t org;
};

static const struct principal system_actor = {0, ROLE_ADMIN, 0, "test", 0};

static int setup(void **state)
{
        struct fixture *f = calloc(1, sizeof(*f));
        if (!f || password_init() < 0)
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
        struct organisation o = {.name = "Caritas", .kind = "ngo", .country = "LT"};
        record_give(&o, ORG_F_NAME);
        record_give(&o, ORG_F_KIND);
        record_give(&o, ORG_F_COUNTRY);
        struct problems p;
        problems_init(&p, &f->arena);
        if (!f->db || db_begin_write(f->db) != STORE_OK ||
            organisation_create(f->db, &system_actor, &o, 0, &p, &f->org) != E_OK ||
            db_commit(f->db) != STORE_OK)
                return -1;
        *state = f;
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

static enum ecat_err add_user(struct fixture *f, const char *login, const char *password,
                              struct problems *p, int64_t *id)
{
        struct user u = {
            .login = login, .organisation_id = f->org, .role = "admin", .password = password};
        record_give(&u, USER_F_LOGIN);
        record_give(&u, USER_F_ORGANISATION);
        record_give(&u, USER_F_ROLE);
        record_give(&u, USER_F_PASSWORD);
        problems_init(p, &f->arena);
        assert_int_equal(db_begin_write(f->db), STORE_OK);
        enum ecat_err e = user_create(f->db, &system_actor, &u, p, id);
        if (e == E_OK)
                assert_int_equal(db_commit(f->db), STORE_OK);
        else
                db_rollback(f->db);
        return e;
}

/* Commit a door's result, or roll back; the result. */
static enum ecat_err commit_if(struct fixture *f, enum ecat_err e)
{
        if (e == E_OK)
                assert_int_equal(db_commit(f->db), STORE_OK);
        else
                db_rollback(f->db);
        return e;
}

static void test_statements_read_the_table(void **state)
{
        struct fixture *f = *state;
        static const enum stmt_id reads[] = {STMT_USER_BY_ID, STMT_USER_LIST};
        for (size_t i = 0; i < sizeof(reads) / sizeof(reads[0]); i++) {
                struct stmt *st = db_prepare(f->db, reads[i]);
                assert_non_null(st);
                char why[256] = "";
                bool ok = row_shape_matches(st, user_columns, USER_F__MAX, why, sizeof(why));
                if (!ok)
                        fprintf(stderr, "%s\n", why);
                assert_true(ok);
        }
}

static void test_password_is_stored_as_hash_only(void **state)
{
        struct fixture *f = *state;
        struct problems p;
        int64_t id = 0;
        assert_int_equal(add_user(f, "ruta", "vasaros stovykla 2015", &p, &id), E_OK);
        assert_true(id > 0);
        struct user u;
        assert_int_equal(user_get(f->db, &system_actor, &f->arena, id, &u), E_OK);
        assert_null(u.password);
        assert_null(u.password_hash);
        assert_false(REC_HAS(&u, USER_F_PASSWORD_HASH));
        json_t *j = record_json(user_columns, USER_F__MAX, &u);
        assert_non_null(j);
        assert_null(json_object_get(j, "password"));
        assert_null(json_object_get(j, "password_hash"));
        assert_string_equal(json_string_value(json_object_get(j, "login")), "ruta");
        assert_string_equal(json_string_value(json_object_get(j, "display_name")), "");
        assert_true(json_is_null(json_object_get(j, "locale")));
        assert_true(json_is_false(json_object_get(j, "totp_enabled")));
        json_decref(j);
        /* The hash logs in; the plain text is nowhere. */
        struct stmt *st = db_prepare(f->db, STMT_USER_PASSWORD_HASH);
        assert_non_null(st);
        st_bind_int(st, 1, id);
        assert_int_equal(st_step(st), STORE_ROW);
        assert_true(password_verify(st_text(st, 0), "vasaros stovykla 2015"));
        assert_null(strstr(st_text(st, 0), "vasaros"));
        st_reset(st);
}

static void test_rules(void **state)
{
        struct fixture *f = *state;
        struct problems p;
        int64_t id = 0;
        assert_int_equal(add_user(f, "jonas", "a-long-enough-pass-2024", &p, &id), E_OK);
        /* Unique without regard to case. */
        assert_int_equal(add_user(f, "JONAS", "a-long-enough-pass-2024", &p, &id), E_CONFLICT);
        assert_string_equal(p.message, "a user with this login exists");
        assert_true(problem_has(&p, "login"));
        assert_int_equal(add_user(f, "jo nas", "a-long-enough-pass-2024", &p, &id), E_VALIDATION);
        assert_true(problem_has(&p, "login"));
        assert_int_equal(add_user(f, "petras", "short", &p, &id), E_VALIDATION);
        assert_true(problem_has(&p, "password"));
        assert_false(problem_has(&p, "login"));
        /* An unknown organisation; the login cannot change. */
        int64_t jonas = 0;
        assert_int_equal(add_user(f, "jonas2", "a-long-enough-pass-2024", &p, &jonas), E_OK);
        struct user patch = {.organisation_id = f->org + 100};
        record_give(&patch, USER_F_ORGANISATION);
        problems_init(&p, &f->arena);
        assert_int_equal(db_begin_write(f->db), STORE_OK);
        assert_int_equal(commit_if(f, user_update(f->db, &system_actor, jonas, &patch, &p)),
                         E_VALIDATION);
        assert_true(problem_has(&p, "organisation_id"));
        struct user rename = {.login = "other"};
        record_give(&rename, USER_F_LOGIN);
        problems_init(&p, &f->arena);
        assert_int_equal(db_begin_write(f->db), STORE_OK);
        assert_int_equal(commit_if(f, user_update(f->db, &system_actor, jonas, &rename, &p)),
                         E_VALIDATION);
        assert_string_equal(p.item[0].text, "cannot be changed");
}

/* Whether the session cookie value, or the bearer token, still lets its user in. */
static bool session_lives(struct fixture *f, const char *token)
{
        struct session_limits lim = {3600, 3600, 3600};
        struct auth a;
        memset(&a, 0, sizeof(a));
        return session_authenticate(f->db, &lim, token, &a, &f->arena) == AUTH_OK;
}

static bool token_lives(struct fixture *f, const char *token)
{
        char header[API_TOKEN_LEN + 16];
        snprintf(header, sizeof(header), "Bearer %s", token);
        struct auth a;
        memset(&a, 0, sizeof(a));
        return token_authenticate(f->db, header, &a, &f->arena) == AUTH_OK;
}

static void test_password_and_disabling_end_access(void **state)
{
        struct fixture *f = *state;
        struct problems p;
        int64_t id = 0;
        assert_int_equal(add_user(f, "admin2", "a-long-enough-pass-2024", &p, &id), E_OK);
        char s1[TOKEN_CHARS + 1], s2[TOKEN_CHARS + 1], csrf[TOKEN_CHARS + 1];
        char tok[API_TOKEN_LEN + 1];
        int64_t sid1 = 0, sid2 = 0, tid = 0;
        assert_int_equal(db_begin_write(f->db), STORE_OK);
        assert_int_equal(session_create(f->db, id, s1, csrf, &sid1), STORE_OK);
        assert_int_equal(session_create(f->db, id, s2, csrf, &sid2), STORE_OK);
        assert_int_equal(api_token_create(f->db, id, "script", now_seconds() + 86400, tok, &tid),
                         STORE_OK);
        assert_int_equal(db_commit(f->db), STORE_OK);
        assert_true(session_lives(f, s1) && session_lives(f, s2) && token_lives(f, tok));

        /* The user resets their own password from session 1: it alone stays. */
        struct principal self = {id, ROLE_ADMIN, f->org, "req", sid1};
        struct user patch = {.password = "a-new-long-pass-2025"};
        record_give(&patch, USER_F_PASSWORD);
        problems_init(&p, &f->arena);
        assert_int_equal(user_prepare(f->db, id, &patch, &p), E_OK);
        assert_non_null(patch.password_hash);
        assert_int_equal(db_begin_write(f->db), STORE_OK);
        assert_int_equal(commit_if(f, user_update(f->db, &self, id, &patch, &p)), E_OK);
        assert_true(session_lives(f, s1));
        assert_false(session_lives(f, s2));
        assert_false(token_lives(f, tok));

        /* Disabling themselves is refused; the system may. */
        problems_init(&p, &f->arena);
        assert_int_equal(db_begin_write(f->db), STORE_OK);
        assert_int_equal(commit_if(f, user_set_disabled(f->db, &self, id, true, &p)), E_CONFLICT);
        assert_string_equal(p.message,
                            "you cannot disable yourself or give up your own admin role");
        assert_true(session_lives(f, s1));
        problems_init(&p, &f->arena);
        assert_int_equal(db_begin_write(f->db), STORE_OK);
        assert_int_equal(commit_if(f, user_set_disabled(f->db, &system_actor, id, true, &p)), E_OK);
        problems_init(&p, &f->arena);
        assert_int_equal(db_begin_write(f->db), STORE_OK);
        assert_int_equal(commit_if(f, user_set_disabled(f->db, &system_actor, id, false, &p)),
                         E_OK);
        assert_false(session_lives(f, s1));
        struct user u;
        assert_int_equal(user_get(f->db, &system_actor, &f->arena, id, &u), E_OK);
        assert_false(u.disabled);

        /* Each write has its audit entry, and the chain holds. */
        int64_t count = 0;
        struct audit_problem problem;
        assert_int_equal(audit_verify(f->db, &count, &problem), 0);
        assert_true(count >= 5);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test_setup_teardown(test_statements_read_the_table, setup, teardown),
            cmocka_unit_test_setup_teardown(test_password_is_stored_as_hash_only, setup, teardown),
            cmocka_unit_test_setup_teardown(test_rules, setup, teardown),
            cmocka_unit_test_setup_teardown(test_password_and_disabling_end_access, setup,
                                            teardown),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

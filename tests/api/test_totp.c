/*
 * Two-factor login (TOTP, RFC 6238) from outside: enrolment that completes
 * only with a first right code; logins that then need a code, refusing a
 * wrong, reused, expired or early one and counting it like a wrong password;
 * recovery codes spent once; compulsory enrolment for the roles of
 * require_totp, blocking everything else until done; an administrator's
 * reset (API and command line), told at the next login; the secret sealed
 * at rest and bound to its user.
 *
 * Codes are made here with liboath from the secret the enrolment answers,
 * for chosen time steps.  Checks that depend on which step "now" is wait,
 * when needed, until the current step has enough time left to run them.
 */
#include "harness.h"

#include <liboath/oath.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define STEP 30

/* The secret of an enrolment answer, decoded; its length in *len. */
static const char *secret_of(struct resp *r, size_t *len)
{
        const char *b32 = json_str_at(r->json, "secret");
        CHECK(b32 && strlen(b32) == 32, "32 base32 characters: %s", r->body);
        char *out = NULL;
        CHECK(oath_base32_decode(b32, strlen(b32), &out, len) == OATH_OK);
        char *kept = test_alloc(*len);
        memcpy(kept, out, *len);
        free(out);
        return kept;
}

/* The code of the step that holds time t. */
static const char *code_for(const char *secret, size_t len, time_t t)
{
        char otp[16];
        CHECK(oath_totp_generate(secret, len, t, STEP, 0, 6, otp) == OATH_OK);
        return test_msg("%s", otp);
}

/* The code of the step `offset` steps from now. */
static const char *code_at(const char *secret, size_t len, int offset)
{
        return code_for(secret, len, time(NULL) + (time_t)offset * STEP);
}

/* When the last enrolment's first code was made: its step is spent. */
static time_t enrolled_at;

/* Wait until the current step has at least `need` seconds left. */
static void step_with_time(int need)
{
        int left = STEP - (int)(time(NULL) % STEP);
        if (left < need)
                sleep_ms((left + 1) * 1000.0);
}

static struct resp *login_code(struct client *c, const char *login, const char *code)
{
        const char *body =
            code ? test_msg("{\"login\":\"%s\",\"password\":\"%s\",\"totp\":\"%s\"}", login,
                            demo_password(login), code)
                 : test_msg("{\"login\":\"%s\",\"password\":\"%s\"}", login, demo_password(login));
        return try_login_json(c, body);
}

/* Enrol login on s; the decoded secret, and the recovery codes into codes (may be NULL). */
static const char *enrol(struct client *c, size_t *len, json_t **codes)
{
        step_with_time(10);
        struct resp *r = http(c, "POST", "/api/v1/session/totp", NULL, NULL, 0);
        CHECK_STATUS(r, 201);
        const char *secret = secret_of(r, len);
        enrolled_at = time(NULL);
        r = http_json(c, "POST", "/api/v1/session/totp/confirm",
                      test_msg("{\"totp\":\"%s\"}", code_for(secret, *len, enrolled_at)));
        CHECK_STATUS(r, 200);
        CHECK(json_is_true(json_at(r->json, "user.totp_enabled")));
        if (codes)
                *codes = json_incref(json_at(r->json, "recovery_codes"));
        return secret;
}

static long long user_id(struct server *s, const char *login)
{
        return (long long)db_int(server_db(s),
                                 test_msg("SELECT id FROM users WHERE login = '%s'", login));
}

API_TEST(enrolment_needs_a_first_right_code)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "coordinator");
        struct resp *r = http(c, "POST", "/api/v1/session/totp", NULL, NULL, 0);
        CHECK_STATUS(r, 201);
        size_t len;
        const char *secret = secret_of(r, &len);
        const char *uri = json_str_at(r->json, "uri");
        CHECK(uri && strncmp(uri, "otpauth://totp/ecat:coordinator?secret=", 39) == 0, "%s",
              uri ? uri : "(none)");
        CHECK(strstr(uri, "issuer=ecat") && strstr(uri, "digits=6") && strstr(uri, "period=30"));
        const char *svg = json_str_at(r->json, "qr_svg");
        CHECK(svg && strncmp(svg, "<svg ", 5) == 0 && strstr(svg, "<path"), "a QR code as SVG");

        /* Sealed at rest: the raw secret is nowhere in the row. */
        long long id = user_id(s, "coordinator");
        CHECK_INT(db_int(server_db(s),
                         test_msg("SELECT length(totp_pending) FROM users WHERE id = %lld", id)),
                  20 + 24 + 16);
        CHECK_INT(db_int(server_db(s),
                         test_msg("SELECT instr(totp_pending, x'%02x%02x%02x%02x%02x%02x') FROM "
                                  "users WHERE id = %lld",
                                  (unsigned char)secret[0], (unsigned char)secret[1],
                                  (unsigned char)secret[2], (unsigned char)secret[3],
                                  (unsigned char)secret[4], (unsigned char)secret[5], id)),
                  0);

        /* Not yet confirmed: the password alone still logs in, and nothing is on. */
        struct client *other = client_new(s);
        r = login_code(other, "coordinator", NULL);
        CHECK_STATUS(r, 200);
        CHECK(json_is_false(json_at(r->json, "user.totp_enabled")));

        /* A wrong first code completes nothing. */
        step_with_time(10);
        const char *now = code_at(secret, len, 0);
        const char *wrong = strcmp(now, "000000") ? "000000" : "111111";
        r = http_json(c, "POST", "/api/v1/session/totp/confirm",
                      test_msg("{\"totp\":\"%s\"}", wrong));
        expect_error(r, 422, "validation_failed", "totp");
        CHECK_STATUS(login_code(client_new(s), "coordinator", NULL), 200);

        r = http_json(c, "POST", "/api/v1/session/totp/confirm",
                      test_msg("{\"totp\":\"%s\"}", now));
        CHECK_STATUS(r, 200);
        json_t *codes = json_at(r->json, "recovery_codes");
        CHECK(json_is_array(codes) && json_array_size(codes) == 10);
        for (size_t i = 0; i < 10; i++) {
                const char *a = json_string_value(json_array_get(codes, i));
                CHECK(a && strlen(a) == 11 && a[5] == '-', "xxxxx-xxxxx: %s", a ? a : "(null)");
                for (size_t k = 0; k < i; k++)
                        CHECK(strcmp(a, json_string_value(json_array_get(codes, k))) != 0);
        }
        /* Hashed, never kept as given. */
        CHECK_INT(db_int(server_db(s),
                         test_msg("SELECT count(*) FROM totp_recovery WHERE user_id = %lld", id)),
                  10);
        CHECK_INT(db_int(server_db(s), test_msg("SELECT count(*) FROM totp_recovery WHERE "
                                                "instr(code_hash, CAST('%s' AS BLOB)) > 0",
                                                json_string_value(json_array_get(codes, 0)))),
                  0);
        CHECK_INT(db_int(server_db(s),
                         test_msg("SELECT totp_pending IS NULL AND length(totp_secret) = 60 FROM "
                                  "users WHERE id = %lld",
                                  id)),
                  1);
        /* Once on, a second enrolment is refused; the audit has both steps, no secret. */
        expect_error(http(c, "POST", "/api/v1/session/totp", NULL, NULL, 0), 409, "conflict", NULL);
        CHECK_INT(db_int(server_db(s), "SELECT count(*) FROM audit_log WHERE action IN "
                                       "('session.totp_begin', 'session.totp_enrol')"),
                  2);
}

API_TEST(login_needs_a_fresh_code_within_one_step)
{
        const char *args[] = {"--login-max-failures", "20", NULL};
        struct server *s = server_start(args);
        struct client *c = client_login(s, "coordinator");
        size_t len;
        const char *secret = enrol(c, &len, NULL);

        /* Without a code: said plainly, but only once the password is right. */
        struct resp *r = login_code(client_new(s), "coordinator", NULL);
        expect_error(r, 401, "totp_required", NULL);
        struct resp *bad = try_login(client_new(s), "coordinator", "not-the-password-at-all");
        struct resp *unknown = try_login(client_new(s), "nobody-here", "not-the-password-at-all");
        expect_error(bad, 401, "unauthenticated", NULL);
        CHECK_STR(json_str_at(bad->json, "error.message"),
                  json_str_at(unknown->json, "error.message"));

        /* The step of the enrolment's code is spent: reused, it is refused (waiting
         * for time below may have moved "now" on a step, so that step is named). */
        step_with_time(12);
        expect_error(login_code(client_new(s), "coordinator", code_for(secret, len, enrolled_at)),
                     401, "unauthenticated", NULL);
        /* Two steps ahead is too early. */
        expect_error(login_code(client_new(s), "coordinator", code_at(secret, len, 2)), 401,
                     "unauthenticated", NULL);
        /* One step ahead (a fast clock) is taken, once. */
        const char *next = code_at(secret, len, 1);
        r = login_code(client_new(s), "coordinator", next);
        CHECK_STATUS(r, 200);
        CHECK(json_is_false(json_at(r->json, "totp_enrolment_required")));
        expect_error(login_code(client_new(s), "coordinator", next), 401, "unauthenticated", NULL);

        /* Two steps back is too late, even with nothing used since (steps forgotten here). */
        db_exec(server_db(s), "UPDATE users SET totp_last_step = 0 WHERE login = 'coordinator'");
        expect_error(login_code(client_new(s), "coordinator", code_at(secret, len, -2)), 401,
                     "unauthenticated", NULL);
        /* One step back (a slow clock) is taken. */
        CHECK_STATUS(login_code(client_new(s), "coordinator", code_at(secret, len, -1)), 200);
        /* Every refusal above was audited as a failed login. */
        CHECK_INT(db_int(server_db(s),
                         "SELECT count(*) FROM audit_log WHERE action = 'session.login_failed'"),
                  2 + 3 + 1);
}

API_TEST(wrong_codes_count_like_wrong_passwords)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "coordinator");
        size_t len;
        const char *secret = enrol(c, &len, NULL);
        step_with_time(10);
        const char *right = code_at(secret, len, 1);
        const char *wrong = strcmp(right, "123456") ? "123456" : "654321";
        for (int i = 0; i < 5; i++)
                expect_error(login_code(client_new(s), "coordinator", wrong), 401,
                             "unauthenticated", NULL);
        /* The account is now throttled: even the right code waits. */
        struct resp *r = login_code(client_new(s), "coordinator", right);
        expect_error(r, 429, "rate_limited", NULL);
        CHECK(resp_header(r, "Retry-After"));
}

API_TEST(recovery_codes_work_once)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "coordinator");
        size_t len;
        json_t *codes = NULL;
        enrol(c, &len, &codes);
        test_defer((void (*)(void *))json_decref, codes);
        const char *first = json_string_value(json_array_get(codes, 0));
        struct resp *r = login_code(client_new(s), "coordinator", first);
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "recovery_codes_left"), 9);
        expect_error(login_code(client_new(s), "coordinator", first), 401, "unauthenticated", NULL);
        /* Typed in capitals without the dash, another one is still good. */
        char typed[16];
        const char *second = json_string_value(json_array_get(codes, 1));
        size_t n = 0;
        for (const char *p = second; *p; p++)
                if (*p != '-')
                        typed[n++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
        typed[n] = '\0';
        r = login_code(client_new(s), "coordinator", typed);
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "recovery_codes_left"), 8);
        CHECK_INT(db_int(server_db(s), "SELECT count(*) FROM audit_log WHERE action = "
                                       "'session.login_recovery'"),
                  2);
}

API_TEST(compulsory_enrolment_blocks_everything_else)
{
        const char *args[] = {"--require-totp", "case_worker,case_manager", NULL};
        struct server *s = server_start(args);
        const char *worker = demo_login_for_role("case_worker");
        struct client *c = client_new(s);
        struct resp *r = login_code(c, worker, NULL);
        CHECK_STATUS(r, 200);
        CHECK(json_is_true(json_at(r->json, "totp_enrolment_required")));
        CHECK(
            json_is_true(json_at(http_get(c, "/api/v1/session")->json, "totp_enrolment_required")));
        /* Nothing but enrolment, who am I, the language and logging out. */
        expect_error(http_get(c, "/api/v1/cases"), 403, "totp_enrolment_required", NULL);
        expect_error(http_get(c, "/api/v1/organisations"), 403, "totp_enrolment_required", NULL);
        expect_error(http_json(c, "POST", "/api/v1/session/tokens", "{\"name\":\"t\"}"), 403,
                     "totp_enrolment_required", NULL);
        expect_error(http_json(c, "PUT", "/api/v1/session/password",
                               "{\"current_password\":\"x\",\"new_password\":\"y\"}"),
                     403, "totp_enrolment_required", NULL);
        CHECK_STATUS(http_json(c, "PUT", "/api/v1/session/locale", "{\"locale\":\"lt\"}"), 200);
        CHECK(db_int(server_db(s), "SELECT count(*) FROM audit_log WHERE action = "
                                   "'access.totp_enrolment_required'") >= 4);

        /* A role not in the list logs in and works as before. */
        struct client *viewer = client_new(s);
        r = login_code(viewer, "viewer", NULL);
        CHECK_STATUS(r, 200);
        CHECK(json_is_false(json_at(r->json, "totp_enrolment_required")));
        CHECK_STATUS(http_get(viewer, "/api/v1/organisations"), 200);

        /* Enrolled, the same session does its work; the next login needs a code. */
        size_t len;
        const char *secret = enrol(c, &len, NULL);
        CHECK_STATUS(http_get(c, "/api/v1/cases"), 200);
        CHECK(json_is_false(
            json_at(http_get(c, "/api/v1/session")->json, "totp_enrolment_required")));
        expect_error(login_code(client_new(s), worker, NULL), 401, "totp_required", NULL);
        step_with_time(8);
        CHECK_STATUS(login_code(client_new(s), worker, code_at(secret, len, 1)), 200);
}

API_TEST(administrator_reset_is_audited_and_told)
{
        const char *args[] = {"--require-totp", "case_worker,case_manager", NULL};
        struct server *s = server_start(args);
        const char *worker = demo_login_for_role("case_worker");
        struct client *c = client_new(s);
        CHECK_STATUS(login_code(c, worker, NULL), 200);
        size_t len;
        enrol(c, &len, NULL);
        long long id = user_id(s, worker);

        struct client *coord = client_login(s, "coordinator");
        expect_error(http(coord, "DELETE", test_msg("/api/v1/users/%lld/totp", id), NULL, NULL, 0),
                     403, "forbidden", NULL);
        struct client *admin = client_login(s, "admin");
        expect_error(http(admin, "DELETE", "/api/v1/users/99999/totp", NULL, NULL, 0), 404,
                     "not_found", NULL);
        CHECK_STATUS(http(admin, "DELETE", test_msg("/api/v1/users/%lld/totp", id), NULL, NULL, 0),
                     204);
        CHECK_INT(db_int(server_db(s),
                         test_msg("SELECT count(*) FROM audit_log WHERE action = "
                                  "'user.totp_reset' AND object_id = %lld AND actor_id = %lld",
                                  id, user_id(s, "admin"))),
                  1);
        /* The user's sessions ended with it; the next login says why and asks to enrol. */
        expect_error(http_get(c, "/api/v1/session"), 401, "unauthenticated", NULL);
        struct resp *r = login_code(client_new(s), worker, NULL);
        CHECK_STATUS(r, 200);
        CHECK(json_is_true(json_at(r->json, "totp_reset")));
        CHECK(json_is_true(json_at(r->json, "totp_enrolment_required")));
        r = login_code(client_new(s), worker, NULL);
        CHECK_STATUS(r, 200);
        CHECK(json_at(r->json, "totp_reset") == NULL, "told once: %s", r->body);
        CHECK_INT(db_int(server_db(s),
                         test_msg("SELECT count(*) FROM totp_recovery WHERE user_id = %lld", id)),
                  0);

        /* The command line does the same. */
        struct client *again = client_new(s);
        CHECK_STATUS(login_code(again, worker, NULL), 200);
        enrol(again, &len, NULL);
        char *out = NULL;
        const char *cli[] = {"user", "totp-reset", "--login", worker, NULL};
        CHECK_INT(run_ecat(s, cli, NULL, &out), 0);
        CHECK_INT(db_int(server_db(s),
                         test_msg("SELECT totp_secret IS NULL FROM users WHERE id = %lld", id)),
                  1);
        CHECK_INT(db_int(server_db(s), test_msg("SELECT count(*) FROM audit_log WHERE action = "
                                                "'user.totp_reset' AND object_id = %lld",
                                                id)),
                  2);
        const char *nobody[] = {"user", "totp-reset", "--login", "nobody-here", NULL};
        CHECK(run_ecat(s, nobody, NULL, &out) != 0);
}

API_TEST(a_secret_moved_to_another_account_is_refused)
{
        struct server *s = server_start(NULL);
        size_t len;
        const char *secret = enrol(client_login(s, "coordinator"), &len, NULL);
        /* Someone with the database file gives the viewer the coordinator's second factor. */
        db_exec(server_db(s), "UPDATE users SET totp_secret = (SELECT totp_secret FROM users WHERE "
                              "login = 'coordinator'), totp_last_step = 0 WHERE login = 'viewer'");
        step_with_time(8);
        struct resp *r = login_code(client_new(s), "viewer", code_at(secret, len, 1));
        CHECK(r->status != 200, "a secret sealed for another user opened: %s", r->body);
}

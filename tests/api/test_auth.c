/*
 * Authentication and authorisation: login answers that do not enumerate
 * users, throttling, session expiry, logout, CSRF, API tokens, disabled
 * users, password changes, the session cookie, and a walk over every route
 * and role of `ecat routes` against the policy.
 */
#include "harness.h"

#include <curl/curl.h>
#include <pthread.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NEW_USER                                                                                   \
        "{\"login\":\"newcomer\",\"organisation_id\":1,\"role\":\"viewer\",\"password\":\"a-long-" \
        "enough-pass-2024\"}"

static const char *sessions_of(struct server *s, long long user_id)
{
        return test_msg(
            "%lld", (long long)db_int(server_db(s), test_msg("SELECT count(*) FROM sessions WHERE "
                                                             "user_id = %lld",
                                                             user_id)));
}

/* A new API token from `ecat token create`. */
static const char *cli_token(struct server *s, const char *login_name)
{
        char *out = NULL;
        int rc = run_ecat(s, (const char *[]){"token", "create", "--login", login_name, NULL}, NULL,
                          &out);
        CHECK(rc == 0, "ecat token create: %d %s", rc, out);
        size_t n = strcspn(out, "\r\n");
        CHECK(n >= 20, "no token in: %s", out);
        return test_msg("%.*s", (int)n, out);
}

static double min3(double a, double b, double c)
{
        double m = a < b ? a : b;
        return m < c ? m : c;
}

API_TEST(unknown_user_answers_like_wrong_password)
{
        struct server *s = server_start(NULL);
        struct client *c = client_new(s);
        double wrong[3], unknown[3];
        struct resp *rw = NULL, *ru = NULL;
        for (int i = 0; i < 3; i++) {
                rw = try_login(c, "admin", "not-the-password-123");
                ru = try_login(c, "nobody-by-this-name", "not-the-password-123");
                wrong[i] = rw->ms;
                unknown[i] = ru->ms;
                expect_error(rw, 401, "unauthenticated", NULL);
                CHECK_INT(ru->status, rw->status);
                CHECK_STR(ru->body, rw->body);
                CHECK(resp_header(rw, "Set-Cookie") == NULL, "a failed login set a cookie");
                CHECK(resp_header(ru, "Set-Cookie") == NULL, "a failed login set a cookie");
        }
        CHECK_STR(resp_header(ru, "Content-Type"), resp_header(rw, "Content-Type"));
        /* An unknown login is checked against a dummy hash: no quick "no such user". */
        double w = min3(wrong[0], wrong[1], wrong[2]), u = min3(unknown[0], unknown[1], unknown[2]);
        test_note("wrong password %.1f ms, unknown user %.1f ms", w, u);
        CHECK(u > 0.3 * w, "unknown user answered in %.1f ms, wrong password in %.1f ms", u, w);
        /* Logins are found regardless of case; the right password still works. */
        struct resp *r = login(c, "Admin", "demo-admin-pass-2013");
        CHECK_STR(json_str_at(r->json, "user.login"), "admin");
        CHECK(json_at(r->json, "user.password_hash") == NULL, "the login answer shows the hash");
}

API_TEST(login_throttling)
{
        struct server *s = server_start(
            (const char *[]){"--login-max-failures", "5", "--login-window", "900", NULL});
        struct client *c = client_new(s);
        struct client *viewer_before = client_login(s, "viewer");
        for (int i = 0; i < 5; i++)
                expect_error(try_login(c, "viewer", "not-the-password-123"), 401, "unauthenticated",
                             NULL);
        /* The sixth attempt within the window: refused even with the right password. */
        struct resp *r = try_login(c, "viewer", "demo-viewer-pass-2013");
        expect_error(r, 429, "rate_limited", NULL);
        const char *retry = resp_header(r, "Retry-After");
        CHECK(retry && atoi(retry) > 0 && atoi(retry) <= 900, "Retry-After %s",
              retry ? retry : "(none)");
        CHECK(resp_header(r, "Set-Cookie") == NULL);
        expect_error(try_login(c, "viewer", "demo-viewer-pass-2013"), 429, "rate_limited", NULL);
        /* Other accounts are not affected; nor is a session the user already had. */
        login(client_new(s), "admin", "demo-admin-pass-2013");
        login(client_new(s), "auditor", "demo-auditor-pass-2013");
        CHECK_STATUS(http_get(viewer_before, "/api/v1/session"), 200);
        /* An unknown login is throttled the same way: throttling does not tell it apart. */
        for (int i = 0; i < 5; i++)
                expect_error(try_login(c, "ghost-user", "not-the-password-123"), 401,
                             "unauthenticated", NULL);
        expect_error(try_login(c, "ghost-user", "not-the-password-123"), 429, "rate_limited", NULL);
        /* The refusals are in the audit log. */
        CHECK(db_int(server_db(s), "SELECT count(*) FROM audit_log WHERE action = "
                                   "'session.login_throttled'") >= 3);
        CHECK_INT(db_int(server_db(s), "SELECT count(*) FROM audit_log WHERE action = "
                                       "'session.login_failed' AND actor_id = 6"),
                  5);
}

API_TEST(case_roles_sessions_end_sooner_when_idle)
{
        struct server *s = server_start(
            (const char *[]){"--session-idle-timeout", "60", "--case-idle-timeout", "2", NULL});
        struct client *worker = client_login(s, demo_login_for_role("case_worker"));
        struct client *manager = client_login(s, demo_login_for_role("case_manager"));
        struct client *viewer = client_login(s, "viewer");
        CHECK_STATUS(http_get(worker, "/api/v1/session"), 200);
        sleep_ms(3200);
        expect_error(http_get(worker, "/api/v1/session"), 401, "unauthenticated", NULL);
        expect_error(http_get(manager, "/api/v1/session"), 401, "unauthenticated", NULL);
        /* Other roles keep session_idle_timeout. */
        CHECK_STATUS(http_get(viewer, "/api/v1/session"), 200);
}

API_TEST(session_idle_and_absolute_expiry)
{
        struct server *s = server_start((const char *[]){"--session-idle-timeout", "2",
                                                         "--session-absolute-timeout", "5", NULL});
        struct client *idle = client_login(s, "viewer");
        struct client *busy = client_login(s, "auditor");
        double t0 = now_ms();
        CHECK_STATUS(http_get(idle, "/api/v1/session"), 200);
        bool idle_checked = false;
        double expired_at = 0;
        /* busy asks every half second: never idle for 2 s, yet gone after 5 s. */
        while (now_ms() - t0 < 8000) {
                struct resp *r = http_get(busy, "/api/v1/session");
                double t = (now_ms() - t0) / 1000.0;
                if (r->status == 401) {
                        expired_at = t;
                        expect_error(r, 401, "unauthenticated", NULL);
                        break;
                }
                CHECK_STATUS(r, 200);
                if (!idle_checked && t > 3.2) {
                        /* Idle for more than 2 s: ended, while the busy one lives on. */
                        expect_error(http_get(idle, "/api/v1/session"), 401, "unauthenticated",
                                     NULL);
                        CHECK(t < 5.0 - 0.5, "too slow to tell idle from absolute expiry");
                        idle_checked = true;
                }
                sleep_ms(500);
        }
        CHECK(idle_checked);
        CHECK(expired_at > 0, "the busy session lived past the absolute timeout");
        /* Whole-second clocks: gone after at most 5 s, and not before 4 s. */
        CHECK(expired_at >= 3.9 && expired_at <= 6.5, "absolute expiry after %.1f s", expired_at);
        expect_error(http_get(busy, "/api/v1/session"), 401, "unauthenticated", NULL);
        /* Expired sessions are removed, not just refused. */
        CHECK_STR(sessions_of(s, 6), "0");
        CHECK_STR(sessions_of(s, 7), "0");
        /* Logging in again works. */
        login(idle, "viewer", "demo-viewer-pass-2013");
        CHECK_STATUS(http_get(idle, "/api/v1/session"), 200);
}

API_TEST(logout_ends_the_session)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "coordinator");
        struct client *other = client_login(s, "coordinator");
        const char *cookie = test_msg("%s", client_cookie(c));
        CHECK_STATUS(http_get(c, "/api/v1/session"), 200);
        /* Logging out is a write: it needs the CSRF token too. */
        client_send_csrf(c, false);
        expect_error(http(c, "DELETE", "/api/v1/session", NULL, NULL, 0), 403, "forbidden", NULL);
        CHECK_STATUS(http_get(c, "/api/v1/session"), 200);
        client_send_csrf(c, true);
        struct resp *r = http(c, "DELETE", "/api/v1/session", NULL, NULL, 0);
        CHECK_STATUS(r, 204);
        const char *set = resp_header(r, "Set-Cookie");
        CHECK(set && strncmp(set, "ecat_session=;", 14) == 0 && strstr(set, "Max-Age=0"),
              "logout does not clear the cookie: %s", set ? set : "(none)");
        CHECK(client_cookie(c) == NULL);
        expect_error(http_get(c, "/api/v1/session"), 401, "unauthenticated", NULL);
        /* The old cookie, replayed, is dead. */
        client_set_cookie(c, cookie);
        expect_error(http_get(c, "/api/v1/session"), 401, "unauthenticated", NULL);
        expect_error(http(c, "DELETE", "/api/v1/session", NULL, NULL, 0), 401, "unauthenticated",
                     NULL);
        /* Only that session ended. */
        CHECK_STATUS(http_get(other, "/api/v1/session"), 200);
        CHECK_STR(sessions_of(s, 2), "1");
}

API_TEST(csrf_token_required_for_cookie_writes)
{
        struct server *s = server_start(NULL);
        struct client *admin = client_login(s, "admin");
        struct client *admin2 = client_login(s, "admin");
        const char *before = db_fingerprint(server_db(s));
        int64_t refused0 = db_int(server_db(s), "SELECT count(*) FROM audit_log WHERE action = "
                                                "'access.csrf_refused'");
        client_send_csrf(admin, false);
        static const struct {
                const char *method, *path, *body;
        } writes[] = {
            {"POST", "/api/v1/users", NEW_USER},
            {"PATCH", "/api/v1/users/6", "{\"disabled\":true}"},
            {"PATCH", "/api/v1/users/6", "{\"password\":\"taken-over-pass-2024\"}"},
            {"POST", "/api/v1/session/tokens", "{\"name\":\"stolen\"}"},
            {"PUT", "/api/v1/session/password",
             "{\"current_password\":\"demo-admin-pass-2013\",\"new_password\":\"taken-over-pass-"
             "2024\"}"},
            {"DELETE", "/api/v1/session", NULL},
        };
        const char *bad_tokens[] = {
            NULL, /* missing */
            "X-CSRF-Token: wrong",
            "X-CSRF-Token: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            test_msg("X-CSRF-Token: %s", client_csrf(admin2)), /* another session's */
            test_msg("X-CSRF-Token: %sx", client_csrf(admin)), /* one byte more */
            test_msg("X-CSRF-Token: %.*s", (int)strlen(client_csrf(admin)) - 1,
                     client_csrf(admin)), /* one byte less */
            "X-CSRF-Token;",              /* present and empty */
        };
        int refused = 0;
        for (size_t w = 0; w < sizeof(writes) / sizeof(writes[0]); w++) {
                for (size_t t = 0; t < sizeof(bad_tokens) / sizeof(bad_tokens[0]); t++) {
                        test_note("%s %s with %s", writes[w].method, writes[w].path,
                                  bad_tokens[t] ? bad_tokens[t] : "no token");
                        struct resp *r =
                            http(admin, writes[w].method, writes[w].path,
                                 writes[w].body ? "application/json" : NULL, writes[w].body,
                                 writes[w].body ? strlen(writes[w].body) : 0,
                                 bad_tokens[t] ? bad_tokens[t] : "X-Other: 1");
                        expect_error(r, 403, "forbidden", NULL);
                        refused++;
                }
        }
        CHECK_STR(db_fingerprint(server_db(s)), before);
        CHECK_STATUS(http_get(admin, "/api/v1/session"), 200);
        CHECK_INT(db_int(server_db(s), "SELECT count(*) FROM audit_log WHERE action = "
                                       "'access.csrf_refused'") -
                      refused0,
                  refused);
        /* Reads need no token; the right token lets the write through. */
        CHECK_STATUS(http_get(admin, "/api/v1/users"), 200);
        client_send_csrf(admin, true);
        CHECK_STATUS(http_json(admin, "POST", "/api/v1/users", NEW_USER), 201);
        /* The token of the session works only with that session's cookie. */
        CHECK_STATUS(http(admin2, "POST", "/api/v1/session/tokens", "application/json",
                          "{\"name\":\"mine\"}", 15,
                          test_msg("X-CSRF-Token: %s", client_csrf(admin2))),
                     201);
}

API_TEST(bearer_tokens)
{
        struct server *s = server_start(NULL);
        struct client *api = client_new(s);
        client_set_bearer(api, cli_token(s, "admin"));
        struct resp *r = http_get(api, "/api/v1/session");
        CHECK_STATUS(r, 200);
        CHECK_STR(json_str_at(r->json, "user.login"), "admin");
        CHECK(json_is_null(json_at(r->json, "csrf_token")), "a token session shows a CSRF token");
        /* Writes need no CSRF header with a token. */
        r = http_json(api, "POST", "/api/v1/users", NEW_USER);
        CHECK_STATUS(r, 201);
        CHECK_STATUS(http_json(api, "PATCH",
                               test_msg("/api/v1/users/%lld", json_int_at(r->json, "id")),
                               "{\"display_name\":\"Renamed\"}"),
                     200);
        /* A token carries its user's role. */
        struct client *vapi = client_new(s);
        client_set_bearer(vapi, cli_token(s, "viewer"));
        CHECK_STATUS(http_get(vapi, "/api/v1/session"), 200);
        expect_error(http_get(vapi, "/api/v1/users"), 403, "forbidden", NULL);
        /* A token made through the API works as well. */
        struct client *c = client_login(s, "auditor");
        r = http_json(c, "POST", "/api/v1/session/tokens", "{\"name\":\"script\"}");
        CHECK_STATUS(r, 201);
        const char *tok = json_str_at(r->json, "token");
        CHECK(tok && strlen(tok) >= 20, "no token in %s", r->body);
        CHECK_STR(json_str_at(r->json, "name"), "script");
        CHECK(resp_header(r, "Location") != NULL);
        struct client *aapi = client_new(s);
        client_set_bearer(aapi, tok);
        CHECK_STATUS(http_get(aapi, "/api/v1/audit"), 200);
        /* Only the hash is stored. */
        CHECK_INT(db_int(server_db(s), test_msg("SELECT count(*) FROM api_tokens WHERE "
                                                "CAST(token_hash AS TEXT) = '%s'",
                                                tok)),
                  0);
        /* A changed token is no token. */
        char *bad = strdup(tok);
        CHECK(bad != NULL);
        bad[strlen(bad) - 1] = bad[strlen(bad) - 1] == 'A' ? 'B' : 'A';
        client_set_bearer(aapi, bad);
        free(bad);
        expect_error(http_get(aapi, "/api/v1/audit"), 401, "unauthenticated", NULL);
}

API_TEST(disabled_user_is_locked_out_at_once)
{
        struct server *s = server_start(NULL);
        struct client *admin = client_login(s, "admin");
        struct client *v = client_new(s);
        struct resp *r = login(v, "viewer", "demo-viewer-pass-2013");
        long long vid = json_int_at(r->json, "user.id");
        struct client *vtok = client_new(s);
        client_set_bearer(vtok, cli_token(s, "viewer"));
        CHECK_STATUS(http_get(v, "/api/v1/session"), 200);
        CHECK_STATUS(http_get(vtok, "/api/v1/session"), 200);
        /* Disabled through the API. */
        r = http_json(admin, "PATCH", test_msg("/api/v1/users/%lld", vid), "{\"disabled\":true}");
        CHECK_STATUS(r, 200);
        CHECK(json_is_true(json_at(r->json, "disabled")));
        expect_error(http_get(v, "/api/v1/session"), 401, "unauthenticated", NULL);
        expect_error(http_get(vtok, "/api/v1/session"), 401, "unauthenticated", NULL);
        /* It cannot log in, and the answer is that of a wrong password. */
        struct resp *right = try_login(client_new(s), "viewer", "demo-viewer-pass-2013");
        struct resp *wrong = try_login(client_new(s), "viewer", "not-the-password-123");
        expect_error(right, 401, "unauthenticated", NULL);
        CHECK_STR(right->body, wrong->body);
        /* Enabled again from the command line: it can log in. */
        char *out = NULL;
        CHECK_INT(
            run_ecat(s, (const char *[]){"user", "enable", "--login", "viewer", NULL}, NULL, &out),
            0);
        struct client *v2 = client_login(s, "viewer");
        CHECK_STATUS(http_get(v2, "/api/v1/session"), 200);
        /* Disabling ended the old session and revoked the token: enabling revives neither. */
        expect_error(http_get(v, "/api/v1/session"), 401, "unauthenticated", NULL);
        expect_error(http_get(vtok, "/api/v1/session"), 401, "unauthenticated", NULL);
        /* Disabled from the command line while the server runs: at once. */
        CHECK_INT(
            run_ecat(s, (const char *[]){"user", "disable", "--login", "viewer", NULL}, NULL, &out),
            0);
        expect_error(http_get(v2, "/api/v1/session"), 401, "unauthenticated", NULL);
        expect_error(http_get(vtok, "/api/v1/session"), 401, "unauthenticated", NULL);
        expect_error(try_login(client_new(s), "viewer", "demo-viewer-pass-2013"), 401,
                     "unauthenticated", NULL);
        r = http_get(admin, test_msg("/api/v1/users/%lld", vid));
        CHECK(json_is_true(json_at(r->json, "disabled")));
}

/* Each of the clients' next request answered status (each client its own connection). */
static void all_answer(struct client **cs, int n, const char *path, long status)
{
        for (int i = 0; i < n; i++) {
                struct resp *r = http_get(cs[i], path);
                CHECK(r->status == status, "connection %d of %d: %s answered %ld, not %ld: %s",
                      i + 1, n, path, r->status, status, r->body);
        }
}

/*
 * Each worker thread remembers the tokens it authenticated, but never past a
 * change: a role changed, a token revoked, a user disabled (through the API
 * or by another process, the command line) is seen on the very next request
 * on every connection, whichever thread serves it.
 */
API_TEST(token_memory_never_outlives_a_change)
{
        enum { CONNS = 12 };
        struct server *s = server_start((const char *[]){"--threads", "4", NULL});
        struct client *admin = client_login(s, "admin");
        long long vid = db_int(server_db(s), "SELECT id FROM users WHERE login = 'viewer'");
        struct client *viewer = client_login(s, "viewer");
        struct resp *r = http_json(viewer, "POST", "/api/v1/session/tokens", "{\"name\":\"kept\"}");
        CHECK_STATUS(r, 201);
        long long tid = json_int_at(r->json, "id");
        const char *token = test_msg("%s", json_str_at(r->json, "token"));
        struct client *cs[CONNS];
        for (int i = 0; i < CONNS; i++) {
                cs[i] = client_new(s);
                client_set_bearer(cs[i], token);
        }
        /* Remembered on every thread as a viewer's. */
        for (int round = 0; round < 3; round++)
                all_answer(cs, CONNS, "/api/v1/users", 403);
        /* Made an administrator: every connection may list the users at once. */
        const char *user = test_msg("/api/v1/users/%lld", vid);
        CHECK_STATUS(http_json(admin, "PATCH", user, "{\"role\":\"admin\"}"), 200);
        all_answer(cs, CONNS, "/api/v1/users", 200);
        /* And a viewer again: refused at once. */
        CHECK_STATUS(http_json(admin, "PATCH", user, "{\"role\":\"viewer\"}"), 200);
        all_answer(cs, CONNS, "/api/v1/users", 403);
        /* Revoked by an administrator: unknown on every connection. */
        all_answer(cs, CONNS, "/api/v1/session", 200);
        CHECK_STATUS(http(admin, "DELETE", test_msg("%s/tokens/%lld", user, tid), NULL, NULL, 0),
                     204);
        all_answer(cs, CONNS, "/api/v1/session", 401);
        /* A new token, remembered, then its user disabled from the command line. */
        const char *second = cli_token(s, "viewer");
        for (int i = 0; i < CONNS; i++)
                client_set_bearer(cs[i], second);
        for (int round = 0; round < 3; round++)
                all_answer(cs, CONNS, "/api/v1/session", 200);
        char *out = NULL;
        CHECK_INT(
            run_ecat(s, (const char *[]){"user", "disable", "--login", "viewer", NULL}, NULL, &out),
            0);
        all_answer(cs, CONNS, "/api/v1/session", 401);
        /* A token past its expiry, set straight in the database: refused at once. */
        const char *third = cli_token(s, "admin");
        for (int i = 0; i < CONNS; i++)
                client_set_bearer(cs[i], third);
        all_answer(cs, CONNS, "/api/v1/session", 200);
        db_exec(server_db(s), "UPDATE api_tokens SET expires_at = strftime('%s','now') - 1 "
                              "WHERE revoked = 0 AND user_id = 1");
        all_answer(cs, CONNS, "/api/v1/session", 401);
}

API_TEST(password_change_and_reset_end_sessions)
{
        struct server *s = server_start(NULL);
        struct client *c1 = client_new(s);
        long long vid = json_int_at(login(c1, "viewer", "demo-viewer-pass-2013")->json, "user.id");
        struct client *c2 = client_login(s, "viewer");
        struct client *admin = client_login(s, "admin");
        /* Refusals change nothing. */
        expect_error(http_json(c1, "PUT", "/api/v1/session/password",
                               "{\"current_password\":\"not-it-at-all-1\",\"new_password\":"
                               "\"viewer-new-pass-2024\"}"),
                     422, "validation_failed", "current_password");
        expect_error(http_json(c1, "PUT", "/api/v1/session/password",
                               "{\"current_password\":\"demo-viewer-pass-2013\",\"new_password\":"
                               "\"short\"}"),
                     422, "validation_failed", "new_password");
        expect_error(http_json(c1, "PUT", "/api/v1/session/password",
                               "{\"current_password\":\"demo-viewer-pass-2013\"}"),
                     422, "validation_failed", "new_password");
        CHECK_STATUS(http_get(c2, "/api/v1/session"), 200);
        /* A change ends the user's other sessions and keeps this one. */
        struct resp *r = http_json(c1, "PUT", "/api/v1/session/password",
                                   "{\"current_password\":\"demo-viewer-pass-2013\","
                                   "\"new_password\":\"viewer-new-pass-2024\"}");
        CHECK_STATUS(r, 204);
        CHECK_STATUS(http_get(c1, "/api/v1/session"), 200);
        expect_error(http_get(c2, "/api/v1/session"), 401, "unauthenticated", NULL);
        CHECK_STATUS(http_get(admin, "/api/v1/session"), 200);
        expect_error(try_login(client_new(s), "viewer", "demo-viewer-pass-2013"), 401,
                     "unauthenticated", NULL);
        struct client *c3 = client_new(s);
        login(c3, "viewer", "viewer-new-pass-2024");
        /* A reset by an admin ends every session of the user. */
        r = http_json(admin, "PATCH", test_msg("/api/v1/users/%lld", vid),
                      "{\"password\":\"viewer-reset-pass-2024\"}");
        CHECK_STATUS(r, 200);
        expect_error(http_get(c1, "/api/v1/session"), 401, "unauthenticated", NULL);
        expect_error(http_get(c3, "/api/v1/session"), 401, "unauthenticated", NULL);
        CHECK_STR(sessions_of(s, vid), "0");
        CHECK_STATUS(http_get(admin, "/api/v1/session"), 200);
        expect_error(try_login(client_new(s), "viewer", "viewer-new-pass-2024"), 401,
                     "unauthenticated", NULL);
        struct client *c4 = client_new(s);
        login(c4, "viewer", "viewer-reset-pass-2024");
        /* And so does a reset from the command line. */
        char *out = NULL;
        CHECK_INT(run_ecat(s, (const char *[]){"user", "passwd", "--login", "viewer", NULL},
                           "viewer-cli-pass-2024\n", &out),
                  0);
        expect_error(http_get(c4, "/api/v1/session"), 401, "unauthenticated", NULL);
        login(client_new(s), "viewer", "viewer-cli-pass-2024");
        /* An admin resetting their own password keeps their session. */
        CHECK_STATUS(
            http_json(admin, "PATCH", "/api/v1/users/1", "{\"password\":\"admin-new-pass-2024\"}"),
            200);
        CHECK_STATUS(http_get(admin, "/api/v1/session"), 200);
}

/* Whether a Set-Cookie value has the attribute (exactly, after the name=value pair). */
static bool cookie_has(const char *set, const char *attr)
{
        const char *p = strchr(set, ';');
        while (p) {
                p++;
                while (*p == ' ')
                        p++;
                size_t n = strcspn(p, ";");
                if (n == strlen(attr) && strncasecmp(p, attr, n) == 0)
                        return true;
                p = strchr(p, ';');
        }
        return false;
}

API_TEST(session_cookie_attributes)
{
        struct server *s = server_start(NULL);
        struct client *c = client_new(s);
        struct resp *r = login(c, "admin", "demo-admin-pass-2013");
        CHECK_INT(resp_header_count(r, "Set-Cookie"), 1);
        const char *set = resp_header(r, "Set-Cookie");
        test_note("Set-Cookie: %s", set);
        CHECK(strncmp(set, "ecat_session=", 13) == 0);
        CHECK(cookie_has(set, "HttpOnly"), "no HttpOnly: %s", set);
        CHECK(cookie_has(set, "SameSite=Strict"), "no SameSite=Strict: %s", set);
        CHECK(cookie_has(set, "Path=/"), "no Path=/: %s", set);
        CHECK(strstr(set, "Domain") == NULL, "a Domain attribute: %s", set);
        CHECK(!cookie_has(set, "Secure"), "Secure over plain HTTP: %s", set);
        /* The session id is long and new at every login; the CSRF token is another value. */
        const char *first = test_msg("%s", client_cookie(c));
        CHECK(strlen(first) >= 43, "a short session token: %s", first);
        CHECK(strstr(first, client_csrf(c)) == NULL);
        login(c, "admin", "demo-admin-pass-2013");
        CHECK(strcmp(first, client_cookie(c)) != 0, "the same session token twice");
        /* Only hashes of session tokens are stored. */
        CHECK_INT(db_int(server_db(s), test_msg("SELECT count(*) FROM sessions WHERE "
                                                "CAST(token_hash AS TEXT) = '%s'",
                                                first)),
                  0);
        /* Secure is added when the service is told it runs behind TLS. */
        struct server *tls = server_start((const char *[]){"--cookie-secure", "true", NULL});
        struct client *t = client_new(tls);
        r = login(t, "admin", "demo-admin-pass-2013");
        CHECK(cookie_has(resp_header(r, "Set-Cookie"), "Secure"), "no Secure: %s",
              resp_header(r, "Set-Cookie"));
}

/* ---- the authorisation walk ---- */

struct route_row {
        char method[16];
        char path[256];
        char action[64];
        char body[16];
        char roles[512];
};

static const char *const all_roles[] = {
    "admin",        "coordinator", "outreach_worker", "case_worker",
    "case_manager", "viewer",      "auditor",         NULL};

static bool role_listed(const char *roles, const char *role)
{
        size_t n = strlen(role);
        for (const char *p = roles; (p = strstr(p, role)) != NULL; p += n)
                if ((p == roles || p[-1] == ',') && (p[n] == '\0' || p[n] == ','))
                        return true;
        return false;
}

static size_t load_routes(struct server *s, struct route_row *rows, size_t max)
{
        char *out = NULL;
        CHECK_INT(run_ecat(s, (const char *[]){"routes", NULL}, NULL, &out), 0);
        size_t n = 0;
        for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
                CHECK(n < max, "too many routes");
                struct route_row *r = &rows[n];
                memset(r, 0, sizeof(*r));
                char *f[5] = {0};
                int k = 0;
                for (char *p = line; k < 5; k++) {
                        f[k] = p;
                        char *tab = strchr(p, '\t');
                        if (!tab)
                                break;
                        *tab = '\0';
                        p = tab + 1;
                }
                CHECK(k == 4, "`ecat routes` line without five fields: %s", line);
                snprintf(r->method, sizeof(r->method), "%s", f[0]);
                snprintf(r->path, sizeof(r->path), "%s", f[1]);
                snprintf(r->action, sizeof(r->action), "%s", f[2]);
                snprintf(r->body, sizeof(r->body), "%s", f[3]);
                snprintf(r->roles, sizeof(r->roles), "%s", f[4]);
                n++;
        }
        return n;
}

/* The route's path with every {id} an id that exists (the demo data has id 1 everywhere). */
static const char *concrete_path(const char *pattern)
{
        char buf[512] = "";
        size_t len = 0;
        for (const char *p = pattern; *p && len + 2 < sizeof(buf);) {
                if (strncmp(p, "{id}", 4) == 0) {
                        buf[len++] = '1';
                        p += 4;
                } else {
                        buf[len++] = *p++;
                }
        }
        buf[len] = '\0';
        return test_msg("%s", buf);
}

static struct resp *send_route(struct client *c, const struct route_row *r)
{
        const char *path = concrete_path(r->path);
        if (strcmp(r->body, "json") == 0)
                return http(c, r->method, path, "application/json", "{}", 2);
        if (strcmp(r->body, "csv") == 0)
                return http(c, r->method, path, "text/csv", "name\n", 5);
        if (strcmp(r->body, "file") == 0)
                return http(c, r->method, path, "application/pdf", "%PDF-1.4\n", 9);
        return http(c, r->method, path, NULL, NULL, 0);
}

API_TEST(authorization_walk)
{
        struct server *s = server_start(NULL);
        struct route_row rows[256];
        size_t n = load_routes(s, rows, 256);
        CHECK(n >= 11, "only %zu routes", n);
        struct client *as[8];
        for (size_t k = 0; all_roles[k]; k++) {
                const char *who = demo_login_for_role(all_roles[k]);
                CHECK(who != NULL, "no demo login for %s", all_roles[k]);
                as[k] = client_login(s, who);
        }
        struct client *anon = client_new(s);
        for (size_t i = 0; i < n; i++) {
                const struct route_row *r = &rows[i];
                CHECK(r->action[0] && strcmp(r->action, "?") != 0, "%s %s names no action",
                      r->method, r->path);
                CHECK(strcmp(r->body, "none") == 0 || strcmp(r->body, "json") == 0 ||
                          strcmp(r->body, "csv") == 0 || strcmp(r->body, "file") == 0,
                      "%s %s: body kind %s", r->method, r->path, r->body);
                for (const char *p = r->roles; *p;) {
                        size_t len = strcspn(p, ",");
                        bool known = false;
                        for (size_t k = 0; all_roles[k]; k++)
                                known |= strlen(all_roles[k]) == len &&
                                         strncmp(all_roles[k], p, len) == 0;
                        CHECK(known, "%s %s: unknown role in %s", r->method, r->path, r->roles);
                        p += len + (p[len] == ',');
                }
                bool public_route = strcmp(r->action, "public") == 0;
                if (!public_route)
                        CHECK(r->roles[0], "%s %s: no role may use it", r->method, r->path);
        }
        /* What the design fixes: user administration is the admin's, the audit log the auditor's.
         */
        for (size_t i = 0; i < n; i++) {
                if (strncmp(rows[i].path, "/api/v1/users", 13) == 0)
                        CHECK_STR(rows[i].roles, "admin");
                if (strncmp(rows[i].path, "/api/v1/audit", 13) == 0)
                        CHECK_STR(rows[i].roles, "auditor");
        }

        const char *before = db_fingerprint(server_db(s));
        int64_t denied0 =
            db_int(server_db(s), "SELECT count(*) FROM audit_log WHERE action = 'access.denied'");
        int denied = 0, unauth = 0;
        for (size_t i = 0; i < n; i++) {
                const struct route_row *r = &rows[i];
                if (strcmp(r->action, "public") == 0)
                        continue;
                test_note("%s %s (%s: %s)", r->method, r->path, r->action, r->roles);
                expect_error(send_route(anon, r), 401, "unauthenticated", NULL);
                unauth++;
                for (size_t k = 0; all_roles[k]; k++) {
                        if (role_listed(r->roles, all_roles[k]))
                                continue;
                        struct resp *resp = send_route(as[k], r);
                        if (resp->status != 403)
                                FAIL("%s %s as %s: status %ld, expected 403: %s", r->method,
                                     r->path, all_roles[k], resp->status, resp->body);
                        expect_error(resp, 403, "forbidden", NULL);
                        denied++;
                }
        }
        test_note("%d refusals, %d unauthenticated", denied, unauth);
        CHECK(denied > 0);
        CHECK_STR(db_fingerprint(server_db(s)), before);
        /* Every refusal is in the audit log. */
        CHECK_INT(
            db_int(server_db(s), "SELECT count(*) FROM audit_log WHERE action = 'access.denied'") -
                denied0,
            denied);
        /* Each role gets through where it holds the action (reads only: nothing changes). */
        for (size_t k = 0; all_roles[k]; k++) {
                int allowed = 0;
                for (size_t i = 0; i < n; i++) {
                        const struct route_row *r = &rows[i];
                        if (strcmp(r->method, "GET") != 0 || strcmp(r->action, "public") == 0 ||
                            !role_listed(r->roles, all_roles[k]))
                                continue;
                        struct resp *resp = send_route(as[k], r);
                        CHECK(resp->status != 401 && resp->status != 403 && resp->status != 405 &&
                                  resp->status < 500,
                              "%s %s as %s: status %ld: %s", r->method, r->path, all_roles[k],
                              resp->status, resp->body);
                        allowed++;
                }
                CHECK(allowed > 0, "no allowed route checked for %s", all_roles[k]);
        }
        /* Roles with more than their own session reach it. */
        CHECK_STATUS(http_get(as[0], "/api/v1/users"), 200);
        CHECK_STATUS(http_get(as[6], "/api/v1/audit"), 200);
}

/*
 * API tokens expire: a token lives token_lifetime_days (here 30) or fewer
 * days asked for, and is refused like an unknown one once past; an
 * administrator lists and revokes any user's tokens, audited.
 */
API_TEST(tokens_expire_and_admins_revoke_them)
{
        struct server *s = server_start((const char *[]){"--token-lifetime-days", "30", NULL});
        struct client *viewer = client_login(s, "viewer");
        const char *path = "/api/v1/session/tokens";
        expect_error(http_json(viewer, "POST", path, "{\"name\":\"t\",\"expires_in_days\":31}"),
                     422, "validation_failed", "expires_in_days");
        expect_error(http_json(viewer, "POST", path, "{\"name\":\"t\",\"expires_in_days\":0}"), 422,
                     "validation_failed", "expires_in_days");
        struct resp *r =
            http_json(viewer, "POST", path, "{\"name\":\"week\",\"expires_in_days\":7}");
        CHECK_STATUS(r, 201);
        long long week = json_int_at(r->json, "id");
        const char *week_token = test_msg("%s", json_str_at(r->json, "token"));
        CHECK(json_str_at(r->json, "expires_at") != NULL, "no expires_at in the answer");
        long long left =
            db_int(server_db(s), test_msg("SELECT expires_at - strftime('%%s','now') FROM "
                                          "api_tokens WHERE id = %lld",
                                          week));
        CHECK(left > 7 * 86400 - 120 && left <= 7 * 86400, "the token lives %lld s", left);
        r = http_json(viewer, "POST", path, "{\"name\":\"default\"}");
        CHECK_STATUS(r, 201);
        long long dflt = json_int_at(r->json, "id");
        left = db_int(server_db(s), test_msg("SELECT expires_at - strftime('%%s','now') FROM "
                                             "api_tokens WHERE id = %lld",
                                             dflt));
        CHECK(left > 30 * 86400 - 120 && left <= 30 * 86400, "the default token lives %lld s",
              left);

        /* Past its time, a token is refused and no longer listed. */
        struct client *api = client_new(s);
        client_set_bearer(api, week_token);
        CHECK_STATUS(http_get(api, "/api/v1/session"), 200);
        db_exec(server_db(s),
                test_msg("UPDATE api_tokens SET expires_at = strftime('%%s','now') - 1 WHERE id = "
                         "%lld",
                         week));
        expect_error(http_get(api, "/api/v1/session"), 401, "unauthenticated", NULL);
        r = http_get(viewer, path);
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "total"), 1);
        CHECK_INT(json_int_at(json_array_get(json_at(r->json, "items"), 0), "id"), dflt);

        /* An administrator sees and revokes another user's tokens. */
        long long vid = db_int(server_db(s), "SELECT id FROM users WHERE login = 'viewer'");
        struct client *admin = client_login(s, "admin");
        const char *theirs = test_msg("/api/v1/users/%lld/tokens", vid);
        r = http_get(admin, theirs);
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "total"), 1);
        expect_error(http_get(viewer, theirs), 403, "forbidden", NULL);
        expect_error(http_get(admin, "/api/v1/users/999999/tokens"), 404, "not_found", NULL);
        /* A token of someone else under this user's path is not found. */
        expect_error(
            http(admin, "DELETE", test_msg("/api/v1/users/1/tokens/%lld", dflt), NULL, NULL, 0),
            404, "not_found", NULL);
        struct client *api2 = client_new(s);
        r = http_json(viewer, "POST", path, "{\"name\":\"to revoke\"}");
        CHECK_STATUS(r, 201);
        long long rev = json_int_at(r->json, "id");
        client_set_bearer(api2, json_str_at(r->json, "token"));
        CHECK_STATUS(http_get(api2, "/api/v1/session"), 200);
        CHECK_STATUS(http(admin, "DELETE", test_msg("%s/%lld", theirs, rev), NULL, NULL, 0), 204);
        expect_error(http_get(api2, "/api/v1/session"), 401, "unauthenticated", NULL);
        CHECK_INT(db_int(server_db(s),
                         test_msg("SELECT count(*) FROM audit_log WHERE action = 'token.revoke' "
                                  "AND object_id = %lld AND actor_id = 1",
                                  rev)),
                  1);
        /* ecat token create --days is bounded the same way. */
        char *out = NULL;
        CHECK_INT(run_ecat(s,
                           (const char *[]){"token", "create", "--login", "viewer", "--days",
                                            "4000", NULL},
                           NULL, &out),
                  2);
        CHECK(strstr(out, "--days") != NULL, "ecat token create says: %s", out);
}

/* One login over its own connection, from a thread of its own: the status it got. */
struct storm_login {
        int port;
        long status;
        char retry_after;
};

static size_t header_seen(char *line, size_t size, size_t n, void *arg)
{
        struct storm_login *l = arg;
        if (size * n >= 12 && strncasecmp(line, "Retry-After:", 12) == 0)
                l->retry_after = 1;
        return size * n;
}

static size_t body_dropped(char *p, size_t size, size_t n, void *arg)
{
        (void)p;
        (void)arg;
        return size * n;
}

static void *storm_one(void *arg)
{
        struct storm_login *l = arg;
        CURL *h = curl_easy_init();
        if (!h)
                return NULL;
        char url[64];
        snprintf(url, sizeof(url), "http://127.0.0.1:%d/api/v1/session", l->port);
        struct curl_slist *hs = curl_slist_append(NULL, "Content-Type: application/json");
        curl_easy_setopt(h, CURLOPT_URL, url);
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, hs);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS,
                         "{\"login\":\"admin\",\"password\":\"demo-admin-pass-2013\"}");
        curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, header_seen);
        curl_easy_setopt(h, CURLOPT_HEADERDATA, l);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, body_dropped);
        curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
        if (curl_easy_perform(h) == CURLE_OK)
                curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &l->status);
        curl_slist_free_all(hs);
        curl_easy_cleanup(h);
        return NULL;
}

/* The peak resident memory of a process, in KiB (VmHWM). */
static long peak_kib(pid_t pid)
{
        char path[64], line[128];
        snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
        FILE *f = fopen(path, "r");
        long kib = -1;
        while (f && fgets(line, sizeof(line), f))
                if (strncmp(line, "VmHWM:", 6) == 0)
                        kib = strtol(line + 6, NULL, 10);
        if (f)
                fclose(f);
        return kib;
}

/*
 * Password checks run on the login pool, login_concurrency at a time,
 * whatever the HTTP threads: 32 logins at once on 8 HTTP threads with a
 * pool of 2 keep the server under 2 x 64 MiB + 32 MiB, those past the queue
 * answer 503 with Retry-After at once, and other requests keep answering.
 */
API_TEST(logins_are_bounded)
{
        if (getenv("ECAT_SLOW"))
                test_note("sanitizer build: the memory bound is not checked (shadow memory)");
        struct server *s = server_start((const char *[]){"--threads", "8", "--login-concurrency",
                                                         "2", "--login-queue", "4", NULL});
        struct client *c = client_new(s);
        CHECK_STATUS(http_get(c, "/api/v1/health"), 200);
        enum { N = 32 };
        struct storm_login logins[N];
        pthread_t t[N];
        for (int i = 0; i < N; i++) {
                logins[i] = (struct storm_login){server_port(s), 0, 0};
                CHECK(pthread_create(&t[i], NULL, storm_one, &logins[i]) == 0);
        }
        /* Meanwhile other requests are answered. */
        for (int i = 0; i < 5; i++)
                CHECK_STATUS(http_get(c, "/api/v1/health"), 200);
        for (int i = 0; i < N; i++)
                pthread_join(t[i], NULL);
        int ok = 0, busy = 0;
        for (int i = 0; i < N; i++) {
                if (logins[i].status == 200)
                        ok++;
                else if (logins[i].status == 503 && logins[i].retry_after)
                        busy++;
                else
                        FAIL("login %d answered %ld", i, logins[i].status);
        }
        CHECK(ok >= 2 + 4 && busy > 0, "%d logins served, %d refused as busy", ok, busy);
        long kib = peak_kib(server_pid(s));
        CHECK(kib > 0, "no VmHWM for the server");
        if (!getenv("ECAT_SLOW"))
                CHECK(kib < (2 * 64 + 32) * 1024, "the server peaked at %ld KiB", kib);
        /* A login once the storm has passed is served as ever. */
        CHECK_STATUS(try_login(client_new(s), "admin", "demo-admin-pass-2013"), 200);
}

/*
 * The conventions every route shares (api.md): the health answer, every
 * error code with its documented shape, the security headers on every
 * answer, and lists with limit, offset and total.  After each refused
 * request the users table is exactly as before.
 */
#include "harness.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* A request body that would create a user, with one member replaced or added. */
#define USER_OK                                                                                    \
        "\"login\":\"newcomer\",\"organisation_id\":1,"                                            \
        "\"role\":\"viewer\",\"password\":\"a-long-enough-pass-2024\""

/* Everything about the users that a request could change. */
static const char *users_state(struct server *s)
{
        return db_text(
            server_db(s),
            "SELECT count(*) || '|' || group_concat(id || ',' || login || ',' || "
            "display_name || ',' || organisation_id || ',' || role || ',' || disabled || "
            "',' || coalesce(locale, '-') || ',' || password_hash || ',' || updated_at, "
            "';') FROM (SELECT * FROM users ORDER BY id)");
}

static int64_t user_count_api(struct client *admin)
{
        struct resp *r = http_get(admin, "/api/v1/users");
        CHECK_STATUS(r, 200);
        return json_int_at(r->json, "total");
}

API_TEST(health_shape)
{
        struct server *s = server_start(NULL);
        struct client *c = client_new(s);
        struct resp *r = http_get(c, "/api/v1/health");
        CHECK_STATUS(r, 200);
        CHECK(json_is_object(r->json), "body %s", r->body);
        CHECK_INT(json_object_size(r->json), 3);
        CHECK_STR(json_str_at(r->json, "status"), "ok");
        CHECK_STR(json_str_at(r->json, "store"), "sqlite");
        const char *version = json_str_at(r->json, "version");
        CHECK(version && *version, "no version in %s", r->body);
        CHECK(strncmp(resp_header(r, "Content-Type"), "application/json", 16) == 0);
        expect_security_headers(r);
        /* The version is the binary's. */
        char *out = NULL;
        CHECK_INT(run_ecat(s, (const char *[]){"--version", NULL}, NULL, &out), 0);
        CHECK(strstr(out, version) != NULL, "ecat --version says %s, health says %s", out, version);
}

API_TEST(bad_request_body)
{
        struct server *s = server_start(NULL);
        struct client *admin = client_login(s, "admin");
        const char *before = users_state(s);
        static const struct {
                const char *what;
                const char *body;
                size_t len;
        } cases[] = {
            {"malformed JSON", "{\"login\": ", 10},
            {"trailing garbage", "{\"login\":\"a\"} x", 15},
            {"an array", "[1, 2]", 6},
            {"a string", "\"login\"", 7},
            {"a number", "42", 2},
            {"null", "null", 4},
            {"an empty body", "", 0},
            {"only spaces", "   ", 3},
            {"invalid UTF-8", "{\"login\":\"\xff\xfe\"}", 14},
            {"an overlong UTF-8 slash", "{\"login\":\"\xc0\xaf\"}", 14},
            {"a UTF-16 surrogate in UTF-8", "{\"login\":\"\xed\xa0\x80\"}", 15},
            {"a raw NUL byte", "{\"login\":\"a\0b\"}", 15},
            {"a duplicate key", "{\"login\":\"a\",\"login\":\"b\"}", 25},
            {"an integer past 64 bits", "{\"organisation_id\":99999999999999999999999}", 43},
            {"a lone surrogate escape", "{\"login\":\"\\ud800\"}", 18},
        };
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                test_note("case: %s", cases[i].what);
                struct resp *r = http(admin, "POST", "/api/v1/users", "application/json",
                                      cases[i].body, cases[i].len);
                expect_error(r, 400, "bad_request", NULL);
                CHECK_STR(users_state(s), before);
        }
        CHECK_INT(user_count_api(admin), DEMO_USERS);
}

API_TEST(bad_request_query)
{
        struct server *s = server_start(NULL);
        struct client *admin = client_login(s, "admin");
        static const struct {
                const char *path, *field;
        } cases[] = {
            {"/api/v1/users?bogus=1", "bogus"},
            {"/api/v1/users?limit=0", "limit"},
            {"/api/v1/users?limit=501", "limit"},
            {"/api/v1/users?limit=-1", "limit"},
            {"/api/v1/users?limit=abc", "limit"},
            {"/api/v1/users?limit=", "limit"},
            {"/api/v1/users?limit=1.5", "limit"},
            {"/api/v1/users?limit=99999999999999999999999", "limit"},
            {"/api/v1/users?offset=-1", "offset"},
            {"/api/v1/users?offset=x", "offset"},
            {"/api/v1/users?role=superuser", "role"},
            {"/api/v1/users?disabled=maybe", "disabled"},
            {"/api/v1/users?organisation=0", "organisation"},
            {"/api/v1/health?verbose=1", "verbose"},
            {"/api/v1/users?limit=1&limit=2", NULL},
            {"/api/v1/users?role=%00", NULL},
            {"/api/v1/users?role=%ff", NULL},
        };
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                test_note("case: %s", cases[i].path);
                expect_error(http_get(admin, cases[i].path), 400, "bad_request", cases[i].field);
        }
        /* The same checks guard unsafe methods: nothing is written. */
        const char *before = users_state(s);
        struct resp *r = http_json(admin, "POST", "/api/v1/users?dry_run=1", "{" USER_OK "}");
        expect_error(r, 400, "bad_request", "dry_run");
        CHECK_STR(users_state(s), before);
        /* The limits themselves are accepted. */
        CHECK_STATUS(http_get(admin, "/api/v1/users?limit=1"), 200);
        CHECK_STATUS(http_get(admin, "/api/v1/users?limit=500&offset=0"), 200);
}

API_TEST(unauthenticated_401)
{
        struct server *s = server_start(NULL);
        struct client *c = client_new(s);
        const char *before = users_state(s);
        expect_error(http_get(c, "/api/v1/users"), 401, "unauthenticated", NULL);
        expect_error(http_get(c, "/api/v1/session"), 401, "unauthenticated", NULL);
        expect_error(http_json(c, "POST", "/api/v1/users", "{" USER_OK "}"), 401, "unauthenticated",
                     NULL);
        /* A forged cookie or token is no better than none. */
        client_set_cookie(c, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        expect_error(http_get(c, "/api/v1/users"), 401, "unauthenticated", NULL);
        client_set_cookie(c, "not a token at all");
        expect_error(http_get(c, "/api/v1/users"), 401, "unauthenticated", NULL);
        client_set_cookie(c, NULL);
        client_set_bearer(c, "ecat_0000000000000000000000000000000000000000000");
        expect_error(http_get(c, "/api/v1/users"), 401, "unauthenticated", NULL);
        client_set_bearer(c, NULL);
        expect_error(http(c, "GET", "/api/v1/users", NULL, NULL, 0, "Authorization: Basic YTpi"),
                     401, "unauthenticated", NULL);
        CHECK_STR(users_state(s), before);
}

API_TEST(forbidden_403)
{
        struct server *s = server_start(NULL);
        struct client *viewer = client_login(s, "viewer");
        const char *before = users_state(s);
        expect_error(http_get(viewer, "/api/v1/users"), 403, "forbidden", NULL);
        expect_error(http_get(viewer, "/api/v1/users/1"), 403, "forbidden", NULL);
        expect_error(http_json(viewer, "POST", "/api/v1/users", "{" USER_OK "}"), 403, "forbidden",
                     NULL);
        expect_error(http_json(viewer, "PATCH", "/api/v1/users/6", "{\"role\":\"admin\"}"), 403,
                     "forbidden", NULL);
        expect_error(http_get(viewer, "/api/v1/audit"), 403, "forbidden", NULL);
        CHECK_STR(users_state(s), before);
}

API_TEST(not_found_404)
{
        struct server *s = server_start(NULL);
        struct client *admin = client_login(s, "admin");
        struct client *anon = client_new(s);
        const char *before = users_state(s);
        expect_error(http_get(anon, "/api/v1/nope"), 404, "not_found", NULL);
        expect_error(http_get(anon, "/api/v2/health"), 404, "not_found", NULL);
        expect_error(http_get(anon, "/nope"), 404, "not_found", NULL);
        expect_error(http_get(admin, "/api/v1/users/999999"), 404, "not_found", NULL);
        expect_error(http_get(admin, "/api/v1/users/0"), 404, "not_found", NULL);
        expect_error(http_get(admin, "/api/v1/users/abc"), 404, "not_found", NULL);
        expect_error(http_get(admin, "/api/v1/users/01"), 404, "not_found", NULL);
        expect_error(http_get(admin, "/api/v1/users/1/extra"), 404, "not_found", NULL);
        expect_error(http_json(admin, "PATCH", "/api/v1/users/999999", "{\"display_name\":\"x\"}"),
                     404, "not_found", NULL);
        CHECK_STR(users_state(s), before);
}

static void check_allow(const struct resp *r, const char *const *methods)
{
        const char *allow = resp_header(r, "Allow");
        CHECK(allow != NULL, "405 without Allow");
        size_t n = 0;
        for (; methods[n]; n++)
                CHECK(strstr(allow, methods[n]) != NULL, "Allow: %s lacks %s", allow, methods[n]);
        /* Exactly those: count the commas. */
        size_t commas = 0;
        for (const char *p = allow; *p; p++)
                commas += *p == ',';
        CHECK_INT(commas + 1, n);
}

API_TEST(method_not_allowed_405)
{
        struct server *s = server_start(NULL);
        struct client *admin = client_login(s, "admin");
        const char *before = users_state(s);
        struct resp *r = http(admin, "DELETE", "/api/v1/users", NULL, NULL, 0);
        expect_error(r, 405, "method_not_allowed", NULL);
        check_allow(r, (const char *[]){"GET", "POST", NULL});
        r = http(admin, "DELETE", "/api/v1/users/2", NULL, NULL, 0);
        expect_error(r, 405, "method_not_allowed", NULL);
        check_allow(r, (const char *[]){"GET", "PATCH", NULL});
        r = http_json(admin, "PUT", "/api/v1/health", "{}");
        expect_error(r, 405, "method_not_allowed", NULL);
        check_allow(r, (const char *[]){"GET", NULL});
        r = http(admin, "PATCH", "/api/v1/session", "application/json", "{}", 2);
        expect_error(r, 405, "method_not_allowed", NULL);
        check_allow(r, (const char *[]){"POST", "GET", "DELETE", NULL});
        r = http(admin, "BREW", "/api/v1/users", NULL, NULL, 0);
        expect_error(r, 405, "method_not_allowed", NULL);
        CHECK_STR(users_state(s), before);
}

API_TEST(conflict_409)
{
        struct server *s = server_start(NULL);
        struct client *admin = client_login(s, "admin");
        const char *before = users_state(s);
        struct resp *r =
            http_json(admin, "POST", "/api/v1/users",
                      "{\"login\":\"viewer\",\"organisation_id\":1,\"role\":\"viewer\","
                      "\"password\":\"a-long-enough-pass-2024\"}");
        expect_error(r, 409, "conflict", "login");
        /* Logins are unique without regard to case. */
        r = http_json(admin, "POST", "/api/v1/users",
                      "{\"login\":\"VIEWER\",\"organisation_id\":1,\"role\":\"viewer\","
                      "\"password\":\"a-long-enough-pass-2024\"}");
        expect_error(r, 409, "conflict", "login");
        /* An admin cannot lock themselves out. */
        r = http_json(admin, "PATCH", "/api/v1/users/1", "{\"disabled\":true}");
        expect_error(r, 409, "conflict", NULL);
        r = http_json(admin, "PATCH", "/api/v1/users/1", "{\"role\":\"viewer\"}");
        expect_error(r, 409, "conflict", NULL);
        CHECK_STR(users_state(s), before);
        /* The first of a new login is taken, the second refused. */
        CHECK_STATUS(http_json(admin, "POST", "/api/v1/users", "{" USER_OK "}"), 201);
        expect_error(http_json(admin, "POST", "/api/v1/users", "{" USER_OK "}"), 409, "conflict",
                     "login");
        CHECK_INT(user_count_api(admin), DEMO_USERS + 1);
}

/* A valid new-user body for login, padded with spaces to exactly size bytes. */
static const char *padded_user(const char *login, size_t size)
{
        const char *head = test_msg("{\"login\":\"%s\",\"organisation_id\":1,\"role\":\"viewer\","
                                    "\"password\":\"a-long-enough-pass-2024\"",
                                    login);
        CHECK(strlen(head) + 1 <= size);
        const char *body = test_msg("%s%s}", head, str_repeat(" ", size - strlen(head) - 1));
        CHECK_INT(strlen(body), size);
        return body;
}

API_TEST(payload_too_large_413)
{
        struct server *s = server_start((const char *[]){"--body-limit", "4096", NULL});
        struct client *admin = client_login(s, "admin");
        const char *before = users_state(s);
        /* A valid body padded with spaces past the limit. */
        const char *big = test_msg("{" USER_OK "%s}", str_repeat(" ", 5000));
        struct resp *r = http_json(admin, "POST", "/api/v1/users", big);
        expect_error(r, 413, "payload_too_large", NULL);
        CHECK_STR(users_state(s), before);
        /* The same without Content-Length: chunked. */
        client_chunked(admin, true);
        r = http_json(admin, "POST", "/api/v1/users", big);
        expect_error(r, 413, "payload_too_large", NULL);
        CHECK_STR(users_state(s), before);
        /* Far past the limit, chunked: refused, and the server goes on. */
        const char *huge = test_msg("{\"login\":\"%s\"}", str_repeat("x", 300000));
        r = http_json(admin, "POST", "/api/v1/users", huge);
        expect_error(r, 413, "payload_too_large", NULL);
        client_chunked(admin, false);
        r = http_json(admin, "POST", "/api/v1/users", huge);
        expect_error(r, 413, "payload_too_large", NULL);
        CHECK_STR(users_state(s), before);
        /* At the limit exactly, the body is read (and here it is valid), both ways. */
        CHECK_STATUS(http_json(admin, "POST", "/api/v1/users", padded_user("atlimit1", 4096)), 201);
        client_chunked(admin, true);
        CHECK_STATUS(http_json(admin, "POST", "/api/v1/users", padded_user("atlimit2", 4096)), 201);
        CHECK_INT(user_count_api(admin), DEMO_USERS + 2);
}

API_TEST(unsupported_media_type_415)
{
        struct server *s = server_start(NULL);
        struct client *admin = client_login(s, "admin");
        const char *before = users_state(s);
        static const char *const types[] = {"text/plain",
                                            "application/x-www-form-urlencoded",
                                            "text/csv",
                                            "application/jsonx",
                                            "multipart/form-data; boundary=x",
                                            "application/json-seq",
                                            NULL};
        const char *body = "{" USER_OK "}";
        for (size_t i = 0; types[i]; i++) {
                test_note("type: %s", types[i]);
                expect_error(http(admin, "POST", "/api/v1/users", types[i], body, strlen(body)),
                             415, "unsupported_media_type", NULL);
        }
        expect_error(http(admin, "POST", "/api/v1/users", NULL, body, strlen(body)), 415,
                     "unsupported_media_type", NULL);
        expect_error(http(admin, "PATCH", "/api/v1/users/6", "text/plain", "{}", 2), 415,
                     "unsupported_media_type", NULL);
        CHECK_STR(users_state(s), before);
        /* Text declared in another encoding is refused, not misread as UTF-8. */
        static const char *const charsets[] = {"application/json; charset=iso-8859-1",
                                               "application/json;charset=\"windows-1257\"",
                                               "application/json; CHARSET=utf-16", NULL};
        for (size_t i = 0; charsets[i]; i++) {
                test_note("type: %s", charsets[i]);
                expect_error(http(admin, "POST", "/api/v1/users", charsets[i], body, strlen(body)),
                             415, "unsupported_media_type", NULL);
        }
        expect_error(http(admin, "POST", "/api/v1/organisations/import",
                          "text/csv; charset=iso-8859-1", "name,kind,country\n", 18),
                     415, "unsupported_media_type", NULL);
        CHECK_STR(users_state(s), before);
        /* Parameters and case do not matter. */
        CHECK_STATUS(http(admin, "POST", "/api/v1/users", "Application/JSON; charset=utf-8", body,
                          strlen(body)),
                     201);
        CHECK_STATUS(
            http(admin, "PATCH", "/api/v1/users/6", "application/json; charset=\"UTF-8\"", "{}", 2),
            200);
}

API_TEST(validation_failed_422)
{
        struct server *s = server_start(NULL);
        struct client *admin = client_login(s, "admin");
        const char *before = users_state(s);
        static const struct {
                const char *body, *field;
        } cases[] = {
            /* types */
            {"{\"login\":5,\"organisation_id\":1,\"role\":\"viewer\",\"password\":\"a-long-enough-"
             "pass-2024\"}",
             "login"},
            {"{\"login\":[\"x\"],\"organisation_id\":1,\"role\":\"viewer\",\"password\":\"a-long-"
             "enough-pass-2024\"}",
             "login"},
            {"{\"login\":\"newcomer\",\"organisation_id\":\"1\",\"role\":\"viewer\",\"password\":"
             "\"a-long-enough-pass-2024\"}",
             "organisation_id"},
            {"{" USER_OK ",\"disabled\":\"yes\"}", "disabled"},
            {"{" USER_OK ",\"disabled\":1}", "disabled"},
            {"{\"login\":\"newcomer\",\"organisation_id\":1,\"role\":7,\"password\":\"a-long-"
             "enough-pass-2024\"}",
             "role"},
            {"{\"login\":null,\"organisation_id\":1,\"role\":\"viewer\",\"password\":\"a-long-"
             "enough-pass-2024\"}",
             "login"},
            /* unknown keys, also beside valid ones */
            {"{" USER_OK ",\"bogus\":1}", "bogus"},
            {"{" USER_OK ",\"is_admin\":true}", "is_admin"},
            {"{" USER_OK ",\"id\":99}", "id"},
            /* lengths */
            {"{\"login\":\"ab\",\"organisation_id\":1,\"role\":\"viewer\",\"password\":\"a-long-"
             "enough-pass-2024\"}",
             "login"},
            /* NUL and control characters inside strings */
            {"{\"login\":\"new\\u0000comer\",\"organisation_id\":1,\"role\":\"viewer\","
             "\"password\":\"a-long-enough-pass-2024\"}",
             "login"},
            {"{" USER_OK ",\"display_name\":\"a\\u0000b\"}", "display_name"},
            {"{" USER_OK ",\"display_name\":\"a\\u001bb\"}", "display_name"},
            {"{" USER_OK ",\"display_name\":\"line\\nbreak\"}", "display_name"},
            {"{\"login\":\"new comer\",\"organisation_id\":1,\"role\":\"viewer\",\"password\":"
             "\"a-long-enough-pass-2024\"}",
             "login"},
            /* numbers out of range or not whole */
            {"{\"login\":\"newcomer\",\"organisation_id\":0,\"role\":\"viewer\",\"password\":\"a-"
             "long-enough-pass-2024\"}",
             "organisation_id"},
            {"{\"login\":\"newcomer\",\"organisation_id\":-3,\"role\":\"viewer\",\"password\":\"a-"
             "long-enough-pass-2024\"}",
             "organisation_id"},
            {"{\"login\":\"newcomer\",\"organisation_id\":1.5,\"role\":\"viewer\",\"password\":"
             "\"a-long-enough-pass-2024\"}",
             "organisation_id"},
            {"{\"login\":\"newcomer\",\"organisation_id\":1e3,\"role\":\"viewer\",\"password\":"
             "\"a-long-enough-pass-2024\"}",
             "organisation_id"},
            {"{\"login\":\"newcomer\",\"organisation_id\":999999,\"role\":\"viewer\",\"password\":"
             "\"a-long-enough-pass-2024\"}",
             "organisation_id"},
            /* enumerations */
            {"{\"login\":\"newcomer\",\"organisation_id\":1,\"role\":\"superuser\",\"password\":"
             "\"a-long-enough-pass-2024\"}",
             "role"},
            {"{\"login\":\"newcomer\",\"organisation_id\":1,\"role\":\"Admin\",\"password\":\"a-"
             "long-enough-pass-2024\"}",
             "role"},
            {"{\"login\":\"newcomer\",\"organisation_id\":1,\"role\":\"viewer\\u0000\","
             "\"password\":\"a-long-enough-pass-2024\"}",
             "role"},
            {"{" USER_OK ",\"locale\":\"xx\"}", "locale"},
            /* required members */
            {"{}", "login"},
            {"{\"login\":\"newcomer\",\"organisation_id\":1,\"role\":\"viewer\"}", "password"},
            /* the password policy */
            {"{\"login\":\"newcomer\",\"organisation_id\":1,\"role\":\"viewer\",\"password\":"
             "\"short\"}",
             "password"},
            {"{\"login\":\"newcomer\",\"organisation_id\":1,\"role\":\"viewer\",\"password\":"
             "\"password1234\"}",
             "password"},
        };
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                test_note("case %zu: %s", i, cases[i].body);
                struct resp *r = http_json(admin, "POST", "/api/v1/users", cases[i].body);
                expect_error(r, 422, "validation_failed", cases[i].field);
                CHECK_STR(users_state(s), before);
        }
        /* Over-long strings, counted in characters, not bytes. */
        struct resp *r = http_json(
            admin, "POST", "/api/v1/users",
            test_msg("{\"login\":\"%s\",\"organisation_id\":1,\"role\":\"viewer\",\"password\":"
                     "\"a-long-enough-pass-2024\"}",
                     str_repeat("a", 65)));
        expect_error(r, 422, "validation_failed", "login");
        r = http_json(admin, "POST", "/api/v1/users",
                      test_msg("{" USER_OK ",\"display_name\":\"%s\"}", str_repeat("x", 201)));
        expect_error(r, 422, "validation_failed", "display_name");
        r = http_json(
            admin, "POST", "/api/v1/users",
            test_msg("{" USER_OK ",\"display_name\":\"%s\"}", str_repeat("\xc5\xbe", 201))); /* ž */
        expect_error(r, 422, "validation_failed", "display_name");
        r = http_json(admin, "POST", "/api/v1/users",
                      test_msg("{\"login\":\"newcomer\",\"organisation_id\":1,\"role\":"
                               "\"viewer\",\"password\":\"%s\"}",
                               str_repeat("pq", 513)));
        expect_error(r, 422, "validation_failed", "password");
        CHECK_STR(users_state(s), before);
        /* Several faults: each is named. */
        r = http_json(admin, "POST", "/api/v1/users",
                      "{\"login\":1,\"organisation_id\":\"x\",\"role\":\"boss\",\"extra\":0}");
        expect_error(r, 422, "validation_failed", "login");
        expect_error(r, 422, "validation_failed", "organisation_id");
        expect_error(r, 422, "validation_failed", "role");
        expect_error(r, 422, "validation_failed", "extra");
        expect_error(r, 422, "validation_failed", "password");
        /* PATCH: the same rules, and the login is fixed. */
        expect_error(http_json(admin, "PATCH", "/api/v1/users/6", "{\"login\":\"other\"}"), 422,
                     "validation_failed", "login");
        expect_error(http_json(admin, "PATCH", "/api/v1/users/6", "{\"colour\":\"red\"}"), 422,
                     "validation_failed", "colour");
        expect_error(http_json(admin, "PATCH", "/api/v1/users/6", "{\"organisation_id\":-1}"), 422,
                     "validation_failed", "organisation_id");
        expect_error(http_json(admin, "PATCH", "/api/v1/users/6", "{\"role\":null}"), 422,
                     "validation_failed", "role");
        CHECK_STR(users_state(s), before);
        /* At the limit, in two-byte characters: accepted. */
        r = http_json(admin, "POST", "/api/v1/users",
                      test_msg("{\"login\":\"zeta\",\"organisation_id\":1,\"role\":\"viewer\","
                               "\"password\":\"a-long-enough-pass-2024\",\"display_name\":\"%s\"}",
                               str_repeat("\xc5\xbe", 200)));
        CHECK_STATUS(r, 201);
        CHECK_STR(json_str_at(r->json, "display_name"), str_repeat("\xc5\xbe", 200));
}

API_TEST(rate_limited_429)
{
        struct server *s =
            server_start((const char *[]){"--rate-limit", "5", "--rate-burst", "5", NULL});
        struct client *c = client_new(s);
        int ok = 0, limited = 0;
        double t0 = now_ms();
        struct resp *first_limited = NULL;
        for (int i = 0; i < 30; i++) {
                struct resp *r = http_get(c, "/api/v1/health");
                if (r->status == 200) {
                        ok++;
                } else if (r->status == 429) {
                        limited++;
                        if (!first_limited)
                                first_limited = r;
                } else {
                        CHECK_STATUS(r, 200);
                }
        }
        double secs = (now_ms() - t0) / 1000.0;
        CHECK(first_limited != NULL, "30 requests in %.2f s and none limited", secs);
        expect_error(first_limited, 429, "rate_limited", NULL);
        CHECK(resp_header(first_limited, "Retry-After") != NULL, "429 without Retry-After");
        /* The burst, plus what the rate refilled meanwhile. */
        CHECK(ok >= 5 && ok <= 5 + (int)(secs * 5) + 1, "%d answered in %.2f s", ok, secs);
        /* Waiting lets requests through again. */
        sleep_ms(1200);
        CHECK_STATUS(http_get(c, "/api/v1/health"), 200);
}

API_TEST(security_headers_on_every_answer)
{
        struct server *s = server_start((const char *[]){"--body-limit", "4096", NULL});
        struct client *anon = client_new(s);
        struct client *admin = client_login(s, "admin");
        struct resp *r = http_get(anon, "/api/v1/health");
        CHECK_STATUS(r, 200);
        expect_security_headers(r);
        r = http_json(admin, "POST", "/api/v1/users", "{" USER_OK "}");
        CHECK_STATUS(r, 201);
        expect_security_headers(r);
        CHECK(resp_header(r, "Location") != NULL, "201 without Location");
        CHECK_STR(resp_header(r, "Location"),
                  test_msg("/api/v1/users/%lld", json_int_at(r->json, "id")));
        r = http_get(admin, "/api/v1/users");
        CHECK_STATUS(r, 200);
        expect_security_headers(r);
        /* Every error: expect_error checks the headers too. */
        expect_error(http_get(anon, "/api/v1/users"), 401, "unauthenticated", NULL);
        expect_error(http_get(anon, "/nope"), 404, "not_found", NULL);
        expect_error(http(anon, "DELETE", "/api/v1/health", NULL, NULL, 0), 405,
                     "method_not_allowed", NULL);
        expect_error(http_json(anon, "POST", "/api/v1/session", str_repeat(" ", 5000)), 413,
                     "payload_too_large", NULL);
        expect_error(http(anon, "POST", "/api/v1/session", "text/plain", "x", 1), 415,
                     "unsupported_media_type", NULL);
        expect_error(http_json(anon, "POST", "/api/v1/session", "{"), 400, "bad_request", NULL);
        /* Session answers are not cached. */
        r = http_get(admin, "/api/v1/session");
        CHECK_STATUS(r, 200);
        CHECK_STR(resp_header(r, "Cache-Control"), "no-store");
        r = http(admin, "DELETE", "/api/v1/session", NULL, NULL, 0);
        CHECK_STATUS(r, 204);
        expect_security_headers(r);
        CHECK_INT(r->len, 0);

        /* Static files of the web interface carry them too. */
        const char *web = test_path("web");
        CHECK(mkdir(web, 0700) == 0, "mkdir %s", web);
        FILE *f = fopen(test_msg("%s/index.html", web), "w");
        CHECK(f != NULL);
        fputs("<!doctype html><title>ecat</title><script src=\"app.js\"></script>\n", f);
        fclose(f);
        f = fopen(test_msg("%s/app.js", web), "w");
        CHECK(f != NULL);
        fputs("document.title = 'ecat';\n", f);
        fclose(f);
        struct server *ws = server_start((const char *[]){"--web-dir", web, NULL});
        struct client *wc = client_new(ws);
        r = http_get(wc, "/");
        CHECK_STATUS(r, 200);
        CHECK(strncmp(resp_header(r, "Content-Type"), "text/html", 9) == 0, "type %s",
              resp_header(r, "Content-Type"));
        CHECK(strstr(r->body, "app.js") != NULL);
        expect_security_headers(r);
        r = http_get(wc, "/app.js");
        CHECK_STATUS(r, 200);
        expect_security_headers(r);
        expect_error(http_get(wc, "/missing.js"), 404, "not_found", NULL);
        expect_error(http_get(wc, "/api/v1/nope"), 404, "not_found", NULL);
}

API_TEST(lists_limit_offset_total)
{
        struct server *s = server_start(NULL);
        struct client *admin = client_login(s, "admin");
        struct resp *r = http_get(admin, "/api/v1/users");
        CHECK_STATUS(r, 200);
        CHECK(json_is_object(r->json) && json_object_size(r->json) == 2, "body %s", r->body);
        CHECK_INT(json_int_at(r->json, "total"), DEMO_USERS);
        json_t *items = json_at(r->json, "items");
        CHECK(json_is_array(items));
        CHECK_INT(json_array_size(items), DEMO_USERS);
        /* Every object carries id, created_at and updated_at, RFC 3339 UTC. */
        for (size_t i = 0; i < json_array_size(items); i++) {
                json_t *u = json_array_get(items, i);
                CHECK_INT(json_int_at(u, "id"), (long long)i + 1);
                const char *t = json_str_at(u, "created_at");
                CHECK(t && strlen(t) == 20 && t[10] == 'T' && t[19] == 'Z', "created_at %s",
                      t ? t : "(none)");
                CHECK(json_str_at(u, "updated_at") != NULL);
                CHECK(json_at(u, "password_hash") == NULL && json_at(u, "password") == NULL,
                      "a user object shows a password: %s", r->body);
        }
        r = http_get(admin, "/api/v1/users?limit=2");
        CHECK_INT(json_int_at(r->json, "total"), DEMO_USERS);
        CHECK_INT(json_array_size(json_at(r->json, "items")), 2);
        CHECK_INT(json_int_at(json_array_get(json_at(r->json, "items"), 0), "id"), 1);
        r = http_get(admin, "/api/v1/users?limit=2&offset=5");
        CHECK_INT(json_int_at(r->json, "total"), DEMO_USERS);
        CHECK_INT(json_array_size(json_at(r->json, "items")), 2);
        CHECK_INT(json_int_at(json_array_get(json_at(r->json, "items"), 0), "id"), 6);
        CHECK_INT(json_int_at(json_array_get(json_at(r->json, "items"), 1), "id"), 7);
        r = http_get(admin, test_msg("/api/v1/users?offset=%d", DEMO_USERS - 1));
        CHECK_INT(json_array_size(json_at(r->json, "items")), 1);
        r = http_get(admin, test_msg("/api/v1/users?offset=%d", DEMO_USERS));
        CHECK_INT(json_int_at(r->json, "total"), DEMO_USERS);
        CHECK_INT(json_array_size(json_at(r->json, "items")), 0);
        r = http_get(admin, "/api/v1/users?offset=1000000");
        CHECK_INT(json_array_size(json_at(r->json, "items")), 0);
        /* Filters narrow total as well as items. */
        r = http_get(admin, "/api/v1/users?role=viewer");
        CHECK_INT(json_int_at(r->json, "total"), 1);
        CHECK_STR(json_str_at(json_array_get(json_at(r->json, "items"), 0), "login"), "viewer");
        r = http_get(admin, "/api/v1/users?disabled=true");
        CHECK_INT(json_int_at(r->json, "total"), 0);
        r = http_get(admin, "/api/v1/users?organisation=2&limit=1");
        CHECK(json_int_at(r->json, "total") >= 2, "%s", r->body);
        CHECK_INT(json_array_size(json_at(r->json, "items")), 1);
        /* The default page is 50: more users than that, and total still counts them all. */
        db_exec(server_db(s), "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n "
                              "WHERE k < 60) INSERT INTO users (login, organisation_id, role, "
                              "password_hash, created_at, updated_at) SELECT 'bulk' || k, 1, "
                              "'viewer', 'x', 0, 0 FROM n");
        r = http_get(admin, "/api/v1/users");
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "total"), DEMO_USERS + 60);
        CHECK_INT(json_array_size(json_at(r->json, "items")), 50);
        r = http_get(admin, "/api/v1/users?offset=50");
        CHECK_INT(json_array_size(json_at(r->json, "items")), DEMO_USERS + 10);
        r = http_get(admin, "/api/v1/users?limit=500");
        CHECK_INT(json_array_size(json_at(r->json, "items")), DEMO_USERS + 60);
}

/* An escaped NUL never cuts a path or a parameter short: it is not read as the text before it. */
API_TEST(escaped_nul_is_not_a_string_end)
{
        struct server *s = server_start(NULL);
        struct client *c = client_login(s, "admin");
        CHECK_STATUS(http_get(c, "/api/v1/users/1"), 200);
        expect_error(http_get(c, "/api/v1/users/1%00abc"), 404, "not_found", NULL);
        expect_error(http_get(c, "/api/v1/users/1%00"), 404, "not_found", NULL);
        expect_error(http_get(c, "/api/v1/users?limit=5%00junk"), 400, "bad_request", "limit");
        /* Other escapes still decode. */
        CHECK_STATUS(http_get(c, "/api/v1/users?limit=%35"), 200);
}

/*
 * A request past request_timeout answers 503 with Retry-After and leaves the
 * data as it was; the next request has its own time.
 */
API_TEST(request_timeout_503_undoes_the_request)
{
        struct server *s = server_start((const char *[]){"--request-timeout", "1", NULL});
        struct client *admin = client_login(s, "admin");
        const char *before = db_fingerprint(server_db(s));
        /* An import of 300,000 organisations takes well over a second. */
        size_t rows = 300000;
        size_t cap = 32 + rows * 32;
        char *csv = malloc(cap);
        CHECK(csv != NULL);
        size_t len = (size_t)snprintf(csv, cap, "name,kind,country\n");
        for (size_t i = 0; i < rows; i++)
                len += (size_t)snprintf(csv + len, cap - len, "Timed out %zu,ngo,LT\n", i);
        struct resp *r = http(admin, "POST", "/api/v1/organisations/import", "text/csv", csv, len);
        free(csv);
        expect_error(r, 503, "unavailable", NULL);
        CHECK(resp_header(r, "Retry-After") != NULL, "no Retry-After on a 503");
        CHECK_STR(db_fingerprint(server_db(s)), before);
        /* The connection's next requests are not cut short. */
        CHECK_STATUS(http_get(admin, "/api/v1/users"), 200);
        const char *small = "name,kind,country\nIn time,ngo,LT\n";
        r = http(admin, "POST", "/api/v1/organisations/import", "text/csv", small, strlen(small));
        CHECK_STATUS(r, 200);
}

/*
 * The server batches its access lines per thread: an idle server still
 * writes a request's line soon after it (the logging thread), and a SIGTERM
 * writes every line held, so each answered request has its line.
 */
API_TEST(access_lines_written_while_idle_and_kept_at_stop)
{
        struct server *s = server_start(NULL);
        struct client *c = client_new(s);
        struct resp *r = http_get(c, "/api/v1/health");
        CHECK_STATUS(r, 200);
        const char *id = resp_header(r, "X-Request-Id");
        CHECK(id != NULL, "no X-Request-Id");
        const char *want = test_msg("req=%s ", id);
        bool seen = false;
        for (int i = 0; i < 200 && !seen; i++) {
                seen = strstr(server_log_text(s), want) != NULL;
                if (!seen)
                        sleep_ms(10);
        }
        CHECK(seen, "the access line of %s was not written within 2 s of an idle server", id);

        enum { CONNS = 3, EACH = 150 };
        struct client *cs[CONNS];
        const char *ids[CONNS * EACH];
        for (int i = 0; i < CONNS; i++)
                cs[i] = client_new(s);
        for (int k = 0; k < EACH; k++)
                for (int i = 0; i < CONNS; i++) {
                        r = http_get(cs[i], "/api/v1/health");
                        CHECK_STATUS(r, 200);
                        ids[k * CONNS + i] = test_msg("req=%s ", resp_header(r, "X-Request-Id"));
                }
        server_stop(s);
        const char *log = server_log_text(s);
        int missing = 0;
        for (int i = 0; i < CONNS * EACH; i++)
                if (!strstr(log, ids[i]))
                        missing++;
        CHECK(missing == 0, "%d of %d access lines missing after SIGTERM", missing, CONNS * EACH);
        CHECK(strstr(log, "msg=\"stopped\"") != NULL, "no stopped line");
}

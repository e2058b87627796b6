/* The route table and its matcher: literals, {id} segments, 404 against 405. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "api/app.h"
#include "api/handlers.h"
#include "http/router.h"

static enum route_match match(enum http_method m, const char *path, const struct route **route,
                              int64_t ids[REQUEST_MAX_IDS])
{
        return router_match(api_routes, api_routes_count, m, path, route, ids, NULL, 0);
}

static void test_literal(void **state)
{
        (void)state;
        const struct route *route = NULL;
        int64_t ids[REQUEST_MAX_IDS] = {5, 5};
        assert_int_equal(match(HTTP_GET, "/api/v1/health", &route, ids), ROUTE_FOUND);
        assert_non_null(route);
        assert_ptr_equal(route->handler, health_get);
        assert_int_equal(route->action, ACT_PUBLIC);
        assert_int_equal(ids[0], 0); /* no {id}: the ids are cleared */
        assert_int_equal(ids[1], 0);

        assert_int_equal(match(HTTP_POST, "/api/v1/session", &route, ids), ROUTE_FOUND);
        assert_ptr_equal(route->handler, session_login);
        assert_int_equal(match(HTTP_GET, "/api/v1/session", &route, ids), ROUTE_FOUND);
        assert_ptr_equal(route->handler, session_get);
        assert_int_equal(match(HTTP_DELETE, "/api/v1/session", &route, ids), ROUTE_FOUND);
        assert_ptr_equal(route->handler, session_logout);
        assert_int_equal(match(HTTP_PUT, "/api/v1/session/password", &route, ids), ROUTE_FOUND);
        assert_ptr_equal(route->handler, session_password);
        assert_int_equal(match(HTTP_GET, "/api/v1/users", &route, ids), ROUTE_FOUND);
        assert_ptr_equal(route->handler, users_list);
        assert_int_equal(match(HTTP_POST, "/api/v1/users", &route, ids), ROUTE_FOUND);
        assert_ptr_equal(route->handler, users_create);
        assert_int_equal(match(HTTP_GET, "/api/v1/audit", &route, ids), ROUTE_FOUND);
        assert_ptr_equal(route->handler, audit_list);
}

static void test_not_found(void **state)
{
        (void)state;
        static const char *const paths[] = {
            "/",
            "/api",
            "/api/v1",
            "/api/v1/",
            "/api/v1/nothing",
            "/api/v2/health",
            "/API/v1/health",
            "/api/v1/Health",
            "/api/v1/health/", /* trailing slash */
            "/api/v1/health//",
            "//api/v1/health",
            "/api//v1/health",
            "/api/v1/healthz",
            "/api/v1/healt",
            "/api/v1/health/x",
            "/api/v1/health?x=1",
            "/api/v1/users/",
            "/api/v1/users//",
            "/api/v1/users/1/",
            "/api/v1/users/1/2",
            "/api/v1/session/",
            "/api/v1/session/password/",
            "api/v1/health", /* no leading slash */
            "",
            "/api/v1/health\n",
            "/api/v1/health%00",
        };
        for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
                for (int m = 0; m < HTTP__MAX; m++) {
                        const struct route *route = NULL;
                        int64_t ids[REQUEST_MAX_IDS];
                        char allow[64] = "untouched";
                        enum route_match rc =
                            router_match(api_routes, api_routes_count, m, paths[i], &route, ids,
                                         allow, sizeof(allow));
                        if (rc != ROUTE_NOT_FOUND)
                                fail_msg("%s %s: %d, expected not found", http_method_name(m),
                                         paths[i], (int)rc);
                        assert_null(route);
                        assert_string_equal(allow, "untouched");
                }
        const struct route *route = NULL;
        int64_t ids[REQUEST_MAX_IDS];
        assert_int_equal(match(HTTP_GET, NULL, &route, ids), ROUTE_NOT_FOUND);
}

static void test_ids(void **state)
{
        (void)state;
        const struct route *route = NULL;
        int64_t ids[REQUEST_MAX_IDS] = {0, 0};
        assert_int_equal(match(HTTP_GET, "/api/v1/users/42", &route, ids), ROUTE_FOUND);
        assert_ptr_equal(route->handler, users_get);
        assert_int_equal(ids[0], 42);
        assert_int_equal(match(HTTP_PATCH, "/api/v1/users/1", &route, ids), ROUTE_FOUND);
        assert_ptr_equal(route->handler, users_update);
        assert_int_equal(ids[0], 1);
        /* 18 digits is the longest id taken. */
        assert_int_equal(match(HTTP_GET, "/api/v1/users/999999999999999999", &route, ids),
                         ROUTE_FOUND);
        assert_true(ids[0] == INT64_C(999999999999999999));
        assert_int_equal(match(HTTP_GET, "/api/v1/users/100000000000000000", &route, ids),
                         ROUTE_FOUND);
        assert_true(ids[0] == INT64_C(100000000000000000));

        static const char *const bad[] = {
            "0",
            "00",
            "042", /* leading zero */
            "01",
            "1000000000000000000",  /* 19 digits */
            "9223372036854775807",  /* INT64_MAX, still 19 digits */
            "99999999999999999999", /* would overflow */
            "-1",
            "+1",
            " 1",
            "1 ",
            "1a",
            "a1",
            "0x10",
            "1.0",
            "1e3",
            "%31",
            "{id}",
            "me",
        };
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                char path[128];
                snprintf(path, sizeof(path), "/api/v1/users/%s", bad[i]);
                route = NULL;
                char allow[64] = "untouched";
                enum route_match rc = router_match(api_routes, api_routes_count, HTTP_GET, path,
                                                   &route, ids, allow, sizeof(allow));
                if (rc != ROUTE_NOT_FOUND)
                        fail_msg("id \"%s\" taken (%d)", bad[i], (int)rc);
                assert_null(route);
        }
}

static void test_bad_method(void **state)
{
        (void)state;
        static const struct {
                enum http_method method;
                const char *path;
                const char *allow;
        } cases[] = {
            {HTTP_POST, "/api/v1/health", "GET"},
            {HTTP_DELETE, "/api/v1/health", "GET"},
            {HTTP_PUT, "/api/v1/session", "GET, POST, DELETE"},
            {HTTP_PATCH, "/api/v1/session", "GET, POST, DELETE"},
            {HTTP_GET, "/api/v1/session/password", "PUT"},
            {HTTP_PUT, "/api/v1/session/tokens", "GET, POST"},
            {HTTP_GET, "/api/v1/session/tokens/3", "DELETE"},
            {HTTP_DELETE, "/api/v1/users", "GET, POST"},
            {HTTP_PATCH, "/api/v1/users", "GET, POST"},
            {HTTP_PUT, "/api/v1/users/7", "GET, PATCH"},
            {HTTP_DELETE, "/api/v1/users/7", "GET, PATCH"},
            {HTTP_POST, "/api/v1/users/7", "GET, PATCH"},
            {HTTP_POST, "/api/v1/audit", "GET"},
        };
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                const struct route *route = NULL;
                int64_t ids[REQUEST_MAX_IDS];
                char allow[64] = "x";
                enum route_match rc =
                    router_match(api_routes, api_routes_count, cases[i].method, cases[i].path,
                                 &route, ids, allow, sizeof(allow));
                if (rc != ROUTE_BAD_METHOD)
                        fail_msg("%s %s: %d, expected 405", http_method_name(cases[i].method),
                                 cases[i].path, (int)rc);
                assert_null(route);
                assert_string_equal(allow, cases[i].allow);
                /* Without an Allow buffer the answer is the same. */
                assert_int_equal(router_match(api_routes, api_routes_count, cases[i].method,
                                              cases[i].path, &route, ids, NULL, 0),
                                 ROUTE_BAD_METHOD);
        }
        /* A bad id is "not found", whatever the method. */
        const struct route *route = NULL;
        int64_t ids[REQUEST_MAX_IDS];
        assert_int_equal(match(HTTP_DELETE, "/api/v1/users/0", &route, ids), ROUTE_NOT_FOUND);
}

static void test_allow_small_buffer(void **state)
{
        (void)state;
        const struct route *route = NULL;
        int64_t ids[REQUEST_MAX_IDS];
        char allow[8];
        memset(allow, 'z', sizeof(allow));
        assert_int_equal(router_match(api_routes, api_routes_count, HTTP_PATCH, "/api/v1/session",
                                      &route, ids, allow, sizeof(allow)),
                         ROUTE_BAD_METHOD);
        /* Bounded and terminated, whatever fits. */
        assert_true(memchr(allow, '\0', sizeof(allow)) != NULL);
        assert_true(strncmp(allow, "GET", 3) == 0);
}

static void test_long_path(void **state)
{
        (void)state;
        static char path[ROUTER_MAX_PATH + 64];
        const struct route *route = NULL;
        int64_t ids[REQUEST_MAX_IDS];
        /* Exactly at the limit: looked at (and not found); one past it: refused. */
        memset(path, 'a', sizeof(path));
        path[0] = '/';
        path[ROUTER_MAX_PATH] = '\0';
        assert_int_equal(match(HTTP_GET, path, &route, ids), ROUTE_NOT_FOUND);
        path[ROUTER_MAX_PATH] = 'a';
        path[ROUTER_MAX_PATH + 1] = '\0';
        assert_int_equal(match(HTTP_GET, path, &route, ids), ROUTE_NOT_FOUND);
        /* A matching route behind an over-long tail is not found either. */
        memset(path, '/', sizeof(path));
        memcpy(path, "/api/v1/health", 14);
        path[sizeof(path) - 1] = '\0';
        assert_int_equal(match(HTTP_GET, path, &route, ids), ROUTE_NOT_FOUND);
        /* Thousands of digits in an id segment. */
        int n = snprintf(path, sizeof(path), "/api/v1/users/");
        memset(path + n, '9', sizeof(path) - (size_t)n - 1);
        path[sizeof(path) - 1] = '\0';
        assert_int_equal(match(HTTP_GET, path, &route, ids), ROUTE_NOT_FOUND);
        /* Many empty segments. */
        memset(path, '/', ROUTER_MAX_PATH);
        path[ROUTER_MAX_PATH] = '\0';
        assert_int_equal(match(HTTP_GET, path, &route, ids), ROUTE_NOT_FOUND);
}

static void dummy(struct request *r)
{
        (void)r;
}

static void test_two_ids(void **state)
{
        (void)state;
        static const struct route table[] = {
            {HTTP_GET, "/p/{id}", ACT_PUBLIC, dummy, BODY_NONE, NULL, ACT_PUBLIC, 0},
            {HTTP_GET, "/p/{id}/q/{id}", ACT_PUBLIC, dummy, BODY_NONE, NULL, ACT_PUBLIC, 0},
            {HTTP_POST, "/p/{id}/q/{id}", ACT_SELF, dummy, BODY_JSON, NULL, ACT_PUBLIC, 0},
            {HTTP_GET, "/p/{id}/q/{id}/r/{id}", ACT_PUBLIC, dummy, BODY_NONE, NULL, ACT_PUBLIC, 0},
            {HTTP_GET, "/p/new", ACT_SELF, dummy, BODY_NONE, NULL, ACT_PUBLIC, 0},
        };
        const size_t n = sizeof(table) / sizeof(table[0]);
        const struct route *route = NULL;
        int64_t ids[REQUEST_MAX_IDS] = {0, 0};
        assert_int_equal(router_match(table, n, HTTP_POST, "/p/12/q/345", &route, ids, NULL, 0),
                         ROUTE_FOUND);
        assert_ptr_equal(route, &table[2]);
        assert_int_equal(ids[0], 12);
        assert_int_equal(ids[1], 345);
        assert_int_equal(router_match(table, n, HTTP_GET, "/p/9", &route, ids, NULL, 0),
                         ROUTE_FOUND);
        assert_ptr_equal(route, &table[0]);
        assert_int_equal(ids[0], 9);
        assert_int_equal(ids[1], 0);
        /* "new" is not an id, so the literal route answers. */
        assert_int_equal(router_match(table, n, HTTP_GET, "/p/new", &route, ids, NULL, 0),
                         ROUTE_FOUND);
        assert_ptr_equal(route, &table[4]);
        /* More {id} segments than a request holds never match (no overflow). */
        assert_int_equal(router_match(table, n, HTTP_GET, "/p/1/q/2/r/3", &route, ids, NULL, 0),
                         ROUTE_NOT_FOUND);
        char allow[32];
        assert_int_equal(
            router_match(table, n, HTTP_DELETE, "/p/1/q/2", &route, ids, allow, sizeof(allow)),
            ROUTE_BAD_METHOD);
        assert_string_equal(allow, "GET, POST");
}

/* Every route is reachable from its own pattern, and reaches itself first. */
static void test_every_route(void **state)
{
        (void)state;
        for (size_t i = 0; i < api_routes_count; i++) {
                const struct route *want = &api_routes[i];
                char path[ROUTER_MAX_PATH + 1];
                size_t used = 0;
                int n_ids = 0;
                for (const char *p = want->pattern; *p;) {
                        if (strncmp(p, "{id}", 4) == 0) {
                                used += (size_t)snprintf(path + used, sizeof(path) - used, "%d",
                                                         100 + n_ids);
                                n_ids++;
                                p += 4;
                        } else {
                                path[used++] = *p++;
                        }
                }
                path[used] = '\0';
                const struct route *route = NULL;
                int64_t ids[REQUEST_MAX_IDS] = {0, 0};
                assert_int_equal(match(want->method, path, &route, ids), ROUTE_FOUND);
                assert_ptr_equal(route, want);
                for (int k = 0; k < n_ids; k++)
                        assert_int_equal(ids[k], 100 + k);
                assert_true(n_ids <= REQUEST_MAX_IDS);
                /* No two routes share a method and pattern. */
                for (size_t j = 0; j < i; j++)
                        if (api_routes[j].method == want->method &&
                            strcmp(api_routes[j].pattern, want->pattern) == 0)
                                fail_msg("duplicate route %s %s", http_method_name(want->method),
                                         want->pattern);
        }
}

static void test_method_names(void **state)
{
        (void)state;
        assert_string_equal(http_method_name(HTTP_GET), "GET");
        assert_string_equal(http_method_name(HTTP_DELETE), "DELETE");
        assert_string_equal(http_method_name(HTTP__MAX), "?");
        assert_string_equal(http_method_name((enum http_method) - 1), "?");
        for (int m = 0; m < HTTP__MAX; m++)
                assert_int_equal(http_method_parse(http_method_name(m)), m);
        assert_int_equal(http_method_parse("get"), -1);
        assert_int_equal(http_method_parse("HEAD"), -1);
        assert_int_equal(http_method_parse("OPTIONS"), -1);
        assert_int_equal(http_method_parse("TRACE"), -1);
        assert_int_equal(http_method_parse(""), -1);
        assert_int_equal(http_method_parse("GET "), -1);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_literal),
            cmocka_unit_test(test_not_found),
            cmocka_unit_test(test_ids),
            cmocka_unit_test(test_bad_method),
            cmocka_unit_test(test_allow_small_buffer),
            cmocka_unit_test(test_long_path),
            cmocka_unit_test(test_two_ids),
            cmocka_unit_test(test_every_route),
            cmocka_unit_test(test_method_names),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

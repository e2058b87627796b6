/* The role x action policy as documented, and the route table's use of it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "api/app.h"
#include "auth/policy.h"
#include "http/router.h"

#define A(a) (UINT64_C(1) << (a))

/* What each role holds besides ACT_PUBLIC and ACT_SELF (domain.md, Roles). */
static const uint64_t expected[ROLE__MAX] = {
    /* manage users, organisations, projects; no case data, no audit log */
    [ROLE_ADMIN] = A(ACT_USER_READ) | A(ACT_USER_WRITE) | A(ACT_ORG_READ) | A(ACT_ORG_WRITE) |
                   A(ACT_ORG_DELETE) | A(ACT_PROJECT_READ) | A(ACT_PROJECT_WRITE) |
                   A(ACT_BUDGET_READ) | A(ACT_BUDGET_WRITE) | A(ACT_ACTIVITY_READ) | A(ACT_IMPORT) |
                   A(ACT_DASHBOARD_READ) | A(ACT_REPORT_READ) | A(ACT_ENGAGEMENT_READ),
    /* everything on outreach, budgets, indicators, reports */
    [ROLE_COORDINATOR] = A(ACT_ORG_READ) | A(ACT_ORG_WRITE) | A(ACT_ORG_DELETE) |
                         A(ACT_PROJECT_READ) | A(ACT_PROJECT_WRITE) | A(ACT_BUDGET_READ) |
                         A(ACT_BUDGET_WRITE) | A(ACT_ACTIVITY_READ) | A(ACT_ACTIVITY_WRITE) |
                         A(ACT_IMPORT) | A(ACT_DASHBOARD_READ) | A(ACT_CASE_STATISTICS) |
                         A(ACT_CASE_ANONYMISED) | A(ACT_MATERIAL_WRITE) | A(ACT_REPORT_READ) |
                         A(ACT_ENGAGEMENT_READ) | A(ACT_ENGAGEMENT_WRITE) | A(ACT_AGREEMENT_WRITE),
    /* create and edit activities, distributions and organisations; read dashboards */
    [ROLE_OUTREACH_WORKER] = A(ACT_ORG_READ) | A(ACT_ORG_WRITE) | A(ACT_PROJECT_READ) |
                             A(ACT_ACTIVITY_READ) | A(ACT_ACTIVITY_WRITE) | A(ACT_IMPORT) |
                             A(ACT_DASHBOARD_READ) | A(ACT_REPORT_READ) | A(ACT_ENGAGEMENT_READ) |
                             A(ACT_ENGAGEMENT_WRITE),
    /* cases of its agency and referred to it; the manager also overrides, closes, audits reads */
    [ROLE_CASE_WORKER] =
        A(ACT_ORG_READ) | A(ACT_CASE_READ) | A(ACT_CASE_WRITE) | A(ACT_CASE_STATISTICS),
    [ROLE_CASE_MANAGER] = A(ACT_ORG_READ) | A(ACT_CASE_READ) | A(ACT_CASE_WRITE) |
                          A(ACT_CASE_MANAGE) | A(ACT_CASE_STATISTICS) | A(ACT_CASE_ANONYMISED),
    /* dashboards, maps, aggregate reports */
    [ROLE_VIEWER] = A(ACT_ORG_READ) | A(ACT_PROJECT_READ) | A(ACT_BUDGET_READ) |
                    A(ACT_ACTIVITY_READ) | A(ACT_DASHBOARD_READ) | A(ACT_CASE_STATISTICS) |
                    A(ACT_REPORT_READ) | A(ACT_ENGAGEMENT_READ),
    /* the audit log only */
    [ROLE_AUDITOR] = A(ACT_AUDIT_READ),
};

static bool is_write(enum action a)
{
        const char *n = action_name(a);
        return strstr(n, ".write") || strstr(n, ".delete") || a == ACT_IMPORT;
}

static void test_matrix(void **state)
{
        (void)state;
        for (int r = 0; r < ROLE__MAX; r++)
                for (int a = 0; a < ACT__MAX; a++) {
                        bool want = a == ACT_PUBLIC || a == ACT_SELF || (expected[r] & A(a));
                        if (policy_allows((enum role)r, (enum action)a) != want)
                                fail_msg("%s %s %s", role_name((enum role)r),
                                         want ? "should hold" : "must not hold",
                                         action_name((enum action)a));
                }
}

static void test_public_and_self(void **state)
{
        (void)state;
        for (int r = 0; r < ROLE__MAX; r++) {
                assert_true(policy_allows((enum role)r, ACT_PUBLIC));
                assert_true(policy_allows((enum role)r, ACT_SELF));
        }
}

static void test_separation(void **state)
{
        (void)state;
        /* Only the auditor reads the audit log, and reads nothing else. */
        for (int r = 0; r < ROLE__MAX; r++)
                assert_int_equal(policy_allows((enum role)r, ACT_AUDIT_READ), r == ROLE_AUDITOR);
        for (int a = ACT_SELF + 1; a < ACT__MAX; a++)
                assert_int_equal(policy_allows(ROLE_AUDITOR, (enum action)a), a == ACT_AUDIT_READ);
        /* Only the admin manages users. */
        for (int r = 0; r < ROLE__MAX; r++) {
                assert_int_equal(policy_allows((enum role)r, ACT_USER_READ), r == ROLE_ADMIN);
                assert_int_equal(policy_allows((enum role)r, ACT_USER_WRITE), r == ROLE_ADMIN);
        }
        /* The viewer never writes. */
        for (int a = 0; a < ACT__MAX; a++)
                if (is_write((enum action)a) || a == ACT_USER_READ || a == ACT_AUDIT_READ)
                        assert_false(policy_allows(ROLE_VIEWER, (enum action)a));
        /* Only the case roles hold any case action. */
        for (int r = 0; r < ROLE__MAX; r++) {
                bool case_role = r == ROLE_CASE_WORKER || r == ROLE_CASE_MANAGER;
                assert_int_equal(policy_allows((enum role)r, ACT_CASE_READ), case_role);
                assert_int_equal(policy_allows((enum role)r, ACT_CASE_WRITE), case_role);
                assert_int_equal(policy_allows((enum role)r, ACT_CASE_MANAGE),
                                 r == ROLE_CASE_MANAGER);
        }
        /* Case roles see no budgets, projects or users. */
        static const enum role case_roles[] = {ROLE_CASE_WORKER, ROLE_CASE_MANAGER};
        for (size_t i = 0; i < 2; i++) {
                assert_false(policy_allows(case_roles[i], ACT_BUDGET_READ));
                assert_false(policy_allows(case_roles[i], ACT_USER_READ));
                assert_false(policy_allows(case_roles[i], ACT_ORG_WRITE));
        }
}

static void test_out_of_range(void **state)
{
        (void)state;
        assert_false(policy_allows(ROLE__MAX, ACT_PUBLIC));
        assert_false(policy_allows((enum role) - 1, ACT_SELF));
        assert_false(policy_allows(ROLE_ADMIN, ACT__MAX));
        assert_false(policy_allows(ROLE_ADMIN, (enum action)63));
        assert_false(policy_allows(ROLE_ADMIN, (enum action) - 1));
        assert_string_equal(role_name(ROLE__MAX), "?");
        assert_string_equal(action_name(ACT__MAX), "?");
}

static void test_names(void **state)
{
        (void)state;
        for (int r = 0; r < ROLE__MAX; r++) {
                enum role back = ROLE__MAX;
                assert_int_equal(role_parse(role_name((enum role)r), &back), 0);
                assert_int_equal(back, r);
        }
        enum role x = ROLE_VIEWER;
        assert_int_equal(role_parse("Admin", &x), -1);
        assert_int_equal(role_parse("", &x), -1);
        assert_int_equal(role_parse("root", &x), -1);
        assert_int_equal(role_parse("?", &x), -1);
        assert_int_equal(x, ROLE_VIEWER);
        assert_string_equal(role_name(ROLE_OUTREACH_WORKER), "outreach_worker");
        for (int a = 0; a < ACT__MAX; a++) {
                const char *n = action_name((enum action)a);
                assert_non_null(n);
                assert_string_not_equal(n, "?");
                for (int b = 0; b < a; b++)
                        assert_string_not_equal(n, action_name((enum action)b));
        }
        assert_string_equal(action_name(ACT_AUDIT_READ), "audit.read");
}

static void test_routes(void **state)
{
        (void)state;
        assert_true(api_routes_count > 0);
        for (size_t i = 0; i < api_routes_count; i++) {
                const struct route *rt = &api_routes[i];
                if ((unsigned)rt->action >= ACT__MAX || !rt->handler)
                        fail_msg("route %s %s: bad action or no handler",
                                 http_method_name(rt->method), rt->pattern);
                assert_true((unsigned)rt->method < HTTP__MAX);
                assert_true(strncmp(rt->pattern, "/api/v1/", 8) == 0);
                assert_true(rt->body == BODY_NONE || rt->body == BODY_JSON ||
                            rt->body == BODY_CSV || rt->body == BODY_FILE);
                /* Reading never needs a write grant, and GET takes no body. */
                if (rt->method == HTTP_GET) {
                        assert_int_equal(rt->body, BODY_NONE);
                        if (is_write(rt->action))
                                fail_msg("GET %s needs %s", rt->pattern, action_name(rt->action));
                }
                for (size_t k = 0; rt->query && rt->query[k]; k++) {
                        assert_true(rt->query[k][0] != '\0');
                        for (size_t j = 0; j < k; j++)
                                assert_string_not_equal(rt->query[j], rt->query[k]);
                }
                /* The resource decides the action family. */
                if (strncmp(rt->pattern, "/api/v1/users", 13) == 0)
                        assert_true(rt->action == ACT_USER_READ || rt->action == ACT_USER_WRITE);
                if (strncmp(rt->pattern, "/api/v1/audit", 13) == 0)
                        assert_int_equal(rt->action, ACT_AUDIT_READ);
                /* Public: health, logging in, and the web page's settings (no secrets). */
                if (rt->action == ACT_PUBLIC)
                        assert_true(strcmp(rt->pattern, "/api/v1/health") == 0 ||
                                    (strcmp(rt->pattern, "/api/v1/config/web") == 0 &&
                                     rt->method == HTTP_GET) ||
                                    (strcmp(rt->pattern, "/api/v1/session") == 0 &&
                                     rt->method == HTTP_POST));
        }
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_matrix),     cmocka_unit_test(test_public_and_self),
            cmocka_unit_test(test_separation), cmocka_unit_test(test_out_of_range),
            cmocka_unit_test(test_names),      cmocka_unit_test(test_routes),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

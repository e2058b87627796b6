/*
 * The whole HTTP surface of ecat in one table: method, path, the action the
 * policy checks, the handler, how the body is read (the gate checks its
 * media type), the query parameters accepted, a second action the caller
 * must hold, and the gate's flags (ROUTE_SCOPED, ROUTE_AUDIT_READ).  A path's handler is found here
 * from the path alone.  ROUTE_SCOPED marks the routes whose doors narrow the
 * records a caller may touch: cases by agency, programme writes by partner
 * (domain/scope.h).
 */
#include "api/app.h"
#include "api/handlers.h"
#include "api/params.h"

#define Q(...) ((const char *const[]){__VA_ARGS__, NULL})

const struct route api_routes[] = {
    {HTTP_GET, "/api/v1/health", ACT_PUBLIC, health_get, BODY_NONE, NULL, ACT_PUBLIC, 0},

    {HTTP_POST, "/api/v1/session", ACT_PUBLIC, session_login, BODY_JSON, NULL, ACT_PUBLIC,
     ROUTE_POOLED},
    {HTTP_GET, "/api/v1/session", ACT_SELF, session_get, BODY_NONE, NULL, ACT_PUBLIC, 0},
    {HTTP_DELETE, "/api/v1/session", ACT_SELF, session_logout, BODY_NONE, NULL, ACT_PUBLIC, 0},
    {HTTP_PUT, "/api/v1/session/password", ACT_SELF, session_password, BODY_JSON, NULL, ACT_PUBLIC,
     ROUTE_POOLED},
    {HTTP_POST, "/api/v1/session/tokens", ACT_SELF, session_token_create, BODY_JSON, NULL,
     ACT_PUBLIC, 0},
    {HTTP_GET, "/api/v1/session/tokens", ACT_SELF, session_token_list, BODY_NONE, NULL, ACT_PUBLIC,
     0},
    {HTTP_DELETE, "/api/v1/session/tokens/{id}", ACT_SELF, session_token_revoke, BODY_NONE, NULL,
     ACT_PUBLIC, 0},

    {HTTP_GET, "/api/v1/users", ACT_USER_READ, users_list, BODY_NONE,
     Q(LIST_QUERY, "role", "organisation", "disabled"), ACT_PUBLIC, 0},
    {HTTP_POST, "/api/v1/users", ACT_USER_WRITE, users_create, BODY_JSON, NULL, ACT_PUBLIC,
     ROUTE_POOLED},
    {HTTP_GET, "/api/v1/users/{id}", ACT_USER_READ, users_get, BODY_NONE, NULL, ACT_PUBLIC, 0},
    {HTTP_PATCH, "/api/v1/users/{id}", ACT_USER_WRITE, users_update, BODY_JSON, NULL, ACT_PUBLIC,
     ROUTE_POOLED},
    {HTTP_GET, "/api/v1/users/{id}/tokens", ACT_USER_READ, users_token_list, BODY_NONE, NULL,
     ACT_PUBLIC, 0},
    {HTTP_DELETE, "/api/v1/users/{id}/tokens/{id}", ACT_USER_WRITE, users_token_revoke, BODY_NONE,
     NULL, ACT_PUBLIC, 0},

    {HTTP_GET, "/api/v1/audit", ACT_AUDIT_READ, audit_list, BODY_NONE,
     Q(LIST_QUERY, "actor", "action", "object_type", "object_id"), ACT_PUBLIC, 0},

    /* --- organisations and map --- */
    {HTTP_GET, "/api/v1/organisations", ACT_ORG_READ, organisations_list, BODY_NONE,
     Q(LIST_QUERY, ORG_FILTER_QUERY), ACT_PUBLIC, 0},
    {HTTP_GET, "/api/v1/organisations.csv", ACT_ORG_READ, organisations_csv, BODY_NONE,
     Q(ORG_FILTER_QUERY), ACT_PUBLIC, 0},
    {HTTP_POST, "/api/v1/organisations", ACT_ORG_WRITE, organisations_create, BODY_JSON, NULL,
     ACT_PUBLIC, 0},
    {HTTP_GET, "/api/v1/organisations/{id}", ACT_ORG_READ, organisations_get, BODY_NONE, NULL,
     ACT_PUBLIC, 0},
    {HTTP_PATCH, "/api/v1/organisations/{id}", ACT_ORG_WRITE, organisations_update, BODY_JSON, NULL,
     ACT_PUBLIC, 0},
    {HTTP_DELETE, "/api/v1/organisations/{id}", ACT_ORG_DELETE, organisations_delete, BODY_NONE,
     NULL, ACT_PUBLIC, 0},
    {HTTP_GET, "/api/v1/municipalities", ACT_SELF, municipalities_list, BODY_NONE, NULL, ACT_PUBLIC,
     0},
    {HTTP_GET, "/api/v1/map/organisations.geojson", ACT_DASHBOARD_READ, map_organisations,
     BODY_NONE, Q("visited", "project", "kind", "from", "to"), ACT_PUBLIC, 0},

    /* --- projects, partners, expenses, indicators, dashboard, activities --- */
    {HTTP_GET, "/api/v1/projects", ACT_PROJECT_READ, projects_list, BODY_NONE, Q(LIST_QUERY),
     ACT_PUBLIC, 0},
    {HTTP_POST, "/api/v1/projects", ACT_PROJECT_WRITE, projects_create, BODY_JSON, NULL, ACT_PUBLIC,
     0},
    {HTTP_GET, "/api/v1/projects/{id}", ACT_PROJECT_READ, projects_get, BODY_NONE, NULL, ACT_PUBLIC,
     0},
    {HTTP_PATCH, "/api/v1/projects/{id}", ACT_PROJECT_WRITE, projects_update, BODY_JSON, NULL,
     ACT_PUBLIC, ROUTE_SCOPED},
    {HTTP_GET, "/api/v1/projects/{id}/dashboard", ACT_DASHBOARD_READ, dashboard_get, BODY_NONE,
     NULL, ACT_PUBLIC, 0},
    /* Partners are read by everyone who records activities (run_by is a partner). */
    {HTTP_GET, "/api/v1/projects/{id}/partners", ACT_PROJECT_READ, partners_list, BODY_NONE,
     Q(LIST_QUERY, "role"), ACT_PUBLIC, 0},
    {HTTP_POST, "/api/v1/projects/{id}/partners", ACT_BUDGET_WRITE, partners_create, BODY_JSON,
     NULL, ACT_PUBLIC, ROUTE_SCOPED},
    {HTTP_GET, "/api/v1/partners/{id}", ACT_PROJECT_READ, partners_get, BODY_NONE, NULL, ACT_PUBLIC,
     0},
    {HTTP_PATCH, "/api/v1/partners/{id}", ACT_BUDGET_WRITE, partners_update, BODY_JSON, NULL,
     ACT_PUBLIC, ROUTE_SCOPED},
    {HTTP_GET, "/api/v1/projects/{id}/expenses", ACT_BUDGET_READ, expenses_list, BODY_NONE,
     Q(LIST_QUERY, "partner", "category", "from", "to"), ACT_PUBLIC, 0},
    {HTTP_POST, "/api/v1/projects/{id}/expenses", ACT_BUDGET_WRITE, expenses_create, BODY_JSON,
     NULL, ACT_PUBLIC, ROUTE_SCOPED},
    {HTTP_GET, "/api/v1/expenses/{id}", ACT_BUDGET_READ, expenses_get, BODY_NONE, NULL, ACT_PUBLIC,
     0},
    {HTTP_GET, "/api/v1/projects/{id}/indicators", ACT_PROJECT_READ, indicators_list, BODY_NONE,
     Q(LIST_QUERY), ACT_PUBLIC, 0},
    {HTTP_POST, "/api/v1/projects/{id}/indicators", ACT_PROJECT_WRITE, indicators_create, BODY_JSON,
     NULL, ACT_PUBLIC, ROUTE_SCOPED},
    {HTTP_GET, "/api/v1/indicators/{id}", ACT_PROJECT_READ, indicators_get, BODY_NONE, NULL,
     ACT_PUBLIC, 0},
    {HTTP_PATCH, "/api/v1/indicators/{id}", ACT_PROJECT_WRITE, indicators_update, BODY_JSON, NULL,
     ACT_PUBLIC, ROUTE_SCOPED},
    {HTTP_DELETE, "/api/v1/indicators/{id}", ACT_PROJECT_WRITE, indicators_delete, BODY_NONE, NULL,
     ACT_PUBLIC, ROUTE_SCOPED},
    {HTTP_GET, "/api/v1/activities", ACT_ACTIVITY_READ, activities_list, BODY_NONE,
     Q(LIST_QUERY, ACTIVITY_FILTER_QUERY), ACT_PUBLIC, 0},
    {HTTP_GET, "/api/v1/activities.csv", ACT_ACTIVITY_READ, activities_export_csv, BODY_NONE,
     Q(ACTIVITY_FILTER_QUERY), ACT_PUBLIC, 0},
    {HTTP_POST, "/api/v1/activities", ACT_ACTIVITY_WRITE, activities_create, BODY_JSON, NULL,
     ACT_PUBLIC, ROUTE_SCOPED},
    {HTTP_GET, "/api/v1/activities/{id}", ACT_ACTIVITY_READ, activities_get, BODY_NONE, NULL,
     ACT_PUBLIC, 0},
    {HTTP_PATCH, "/api/v1/activities/{id}", ACT_ACTIVITY_WRITE, activities_update, BODY_JSON, NULL,
     ACT_PUBLIC, ROUTE_SCOPED},
    {HTTP_DELETE, "/api/v1/activities/{id}", ACT_ACTIVITY_WRITE, activities_delete, BODY_NONE, NULL,
     ACT_PUBLIC, ROUTE_SCOPED},

    /* --- cases: scoped to the caller's agency and accepted referrals, every read recorded --- */
    {HTTP_GET, "/api/v1/cases", ACT_CASE_READ, cases_list, BODY_NONE,
     Q(LIST_QUERY, "q", "status", "reference"), ACT_PUBLIC, ROUTE_SCOPED | ROUTE_AUDIT_READ},
    {HTTP_POST, "/api/v1/cases", ACT_CASE_WRITE, cases_create, BODY_JSON, NULL, ACT_PUBLIC,
     ROUTE_SCOPED | ROUTE_AUDIT_READ},
    {HTTP_GET, "/api/v1/cases/{id}", ACT_CASE_READ, cases_get, BODY_NONE, NULL, ACT_PUBLIC,
     ROUTE_SCOPED | ROUTE_AUDIT_READ},
    {HTTP_PATCH, "/api/v1/cases/{id}", ACT_CASE_WRITE, cases_update, BODY_JSON, NULL, ACT_PUBLIC,
     ROUTE_SCOPED | ROUTE_AUDIT_READ},
    {HTTP_GET, "/api/v1/cases/{id}/access-log", ACT_CASE_MANAGE, cases_access_log, BODY_NONE,
     Q(LIST_QUERY), ACT_PUBLIC, ROUTE_SCOPED | ROUTE_AUDIT_READ},
    {HTTP_GET, "/api/v1/cases/{id}/export", ACT_CASE_MANAGE, cases_export, BODY_NONE, NULL,
     ACT_PUBLIC, ROUTE_SCOPED | ROUTE_AUDIT_READ},
    {HTTP_GET, "/api/v1/cases/{id}/consents", ACT_CASE_READ, consents_list, BODY_NONE, NULL,
     ACT_PUBLIC, ROUTE_SCOPED | ROUTE_AUDIT_READ},
    {HTTP_POST, "/api/v1/cases/{id}/consents", ACT_CASE_WRITE, consents_create, BODY_JSON, NULL,
     ACT_PUBLIC, ROUTE_SCOPED | ROUTE_AUDIT_READ},
    {HTTP_PATCH, "/api/v1/cases/{id}/consents/{id}", ACT_CASE_WRITE, consents_withdraw, BODY_JSON,
     NULL, ACT_PUBLIC, ROUTE_SCOPED | ROUTE_AUDIT_READ},
    {HTTP_GET, "/api/v1/cases/{id}/referrals", ACT_CASE_READ, case_referrals_list, BODY_NONE, NULL,
     ACT_PUBLIC, ROUTE_SCOPED | ROUTE_AUDIT_READ},
    {HTTP_POST, "/api/v1/cases/{id}/referrals", ACT_CASE_WRITE, case_referrals_create, BODY_JSON,
     NULL, ACT_PUBLIC, ROUTE_SCOPED | ROUTE_AUDIT_READ},
    {HTTP_GET, "/api/v1/cases/{id}/services", ACT_CASE_READ, services_list, BODY_NONE, NULL,
     ACT_PUBLIC, ROUTE_SCOPED | ROUTE_AUDIT_READ},
    {HTTP_POST, "/api/v1/cases/{id}/services", ACT_CASE_WRITE, services_create, BODY_JSON, NULL,
     ACT_PUBLIC, ROUTE_SCOPED | ROUTE_AUDIT_READ},
    {HTTP_GET, "/api/v1/cases/{id}/notes", ACT_CASE_READ, notes_list, BODY_NONE, NULL, ACT_PUBLIC,
     ROUTE_SCOPED | ROUTE_AUDIT_READ},
    {HTTP_POST, "/api/v1/cases/{id}/notes", ACT_CASE_WRITE, notes_create, BODY_JSON, NULL,
     ACT_PUBLIC, ROUTE_SCOPED | ROUTE_AUDIT_READ},
    {HTTP_GET, "/api/v1/referrals", ACT_CASE_READ, referrals_list, BODY_NONE,
     Q(LIST_QUERY, "direction", "status", "overdue"), ACT_PUBLIC, ROUTE_SCOPED | ROUTE_AUDIT_READ},
    {HTTP_GET, "/api/v1/referrals/{id}", ACT_CASE_READ, referrals_get, BODY_NONE, NULL, ACT_PUBLIC,
     ROUTE_SCOPED | ROUTE_AUDIT_READ},
    {HTTP_POST, "/api/v1/referrals/{id}/accept", ACT_CASE_WRITE, referrals_accept, BODY_NONE, NULL,
     ACT_PUBLIC, ROUTE_SCOPED | ROUTE_AUDIT_READ},
    {HTTP_POST, "/api/v1/referrals/{id}/decline", ACT_CASE_WRITE, referrals_decline, BODY_JSON,
     NULL, ACT_PUBLIC, ROUTE_SCOPED | ROUTE_AUDIT_READ},
    {HTTP_POST, "/api/v1/referrals/{id}/complete", ACT_CASE_WRITE, referrals_complete, BODY_NONE,
     NULL, ACT_PUBLIC, ROUTE_SCOPED | ROUTE_AUDIT_READ},
    {HTTP_POST, "/api/v1/referrals/{id}/revoke", ACT_CASE_WRITE, referrals_revoke, BODY_NONE, NULL,
     ACT_PUBLIC, ROUTE_SCOPED | ROUTE_AUDIT_READ},
    {HTTP_GET, "/api/v1/notifications", ACT_CASE_MANAGE, notifications_list, BODY_NONE,
     Q(LIST_QUERY), ACT_PUBLIC, ROUTE_SCOPED | ROUTE_AUDIT_READ},

    /* --- imports --- */
    /* An import also needs the write right of what it writes. */
    {HTTP_POST, "/api/v1/organisations/import", ACT_IMPORT, organisations_import, BODY_CSV,
     Q("dry_run", "skip_bad"), ACT_ORG_WRITE, 0},
    {HTTP_POST, "/api/v1/activities/import", ACT_IMPORT, activities_import, BODY_CSV,
     Q("dry_run", "skip_bad"), ACT_ACTIVITY_WRITE, ROUTE_SCOPED},

    /* --- web --- */
    {HTTP_PUT, "/api/v1/session/locale", ACT_SELF, session_locale_set, BODY_JSON, NULL, ACT_PUBLIC,
     0},
    {HTTP_GET, "/api/v1/config/web", ACT_PUBLIC, web_config_get, BODY_NONE, NULL, ACT_PUBLIC, 0},
};

const size_t api_routes_count = sizeof(api_routes) / sizeof(api_routes[0]);

/*
 * The whole HTTP surface of ecat in one table: method, path, the action the
 * policy checks, the handler, how the body is read, and the query parameters
 * accepted.  A path's handler is found here from the path alone.
 */
#include "api/app.h"
#include "api/handlers.h"
#include "api/params.h"

#define Q(...) ((const char *const[]){__VA_ARGS__, NULL})

const struct route api_routes[] = {
    {HTTP_GET, "/api/v1/health", ACT_PUBLIC, health_get, BODY_NONE, NULL},

    {HTTP_POST, "/api/v1/session", ACT_PUBLIC, session_login, BODY_JSON, NULL},
    {HTTP_GET, "/api/v1/session", ACT_SELF, session_get, BODY_NONE, NULL},
    {HTTP_DELETE, "/api/v1/session", ACT_SELF, session_logout, BODY_NONE, NULL},
    {HTTP_PUT, "/api/v1/session/password", ACT_SELF, session_password, BODY_JSON, NULL},
    {HTTP_POST, "/api/v1/session/tokens", ACT_SELF, session_token_create, BODY_JSON, NULL},
    {HTTP_GET, "/api/v1/session/tokens", ACT_SELF, session_token_list, BODY_NONE, NULL},
    {HTTP_DELETE, "/api/v1/session/tokens/{id}", ACT_SELF, session_token_revoke, BODY_NONE, NULL},

    {HTTP_GET, "/api/v1/users", ACT_USER_READ, users_list, BODY_NONE,
     Q(LIST_QUERY, "role", "organisation", "disabled")},
    {HTTP_POST, "/api/v1/users", ACT_USER_WRITE, users_create, BODY_JSON, NULL},
    {HTTP_GET, "/api/v1/users/{id}", ACT_USER_READ, users_get, BODY_NONE, NULL},
    {HTTP_PATCH, "/api/v1/users/{id}", ACT_USER_WRITE, users_update, BODY_JSON, NULL},

    {HTTP_GET, "/api/v1/audit", ACT_AUDIT_READ, audit_list, BODY_NONE,
     Q(LIST_QUERY, "actor", "action", "object_type", "object_id")},

    /* --- organisations and map --- */

    /* --- projects, partners, expenses, indicators, dashboard, activities --- */

    /* --- imports --- */

    /* --- web --- */
    {HTTP_PUT, "/api/v1/session/locale", ACT_SELF, session_locale_set, BODY_JSON, NULL},
    {HTTP_GET, "/api/v1/config/web", ACT_PUBLIC, web_config_get, BODY_NONE, NULL},
};

const size_t api_routes_count = sizeof(api_routes) / sizeof(api_routes[0]);

/*
 * The one gate every matched request passes before its handler:
 * body size, authentication, CSRF, role.  A handler can assume its caller is
 * authenticated (unless the route is public) and holds the route's action;
 * it still scopes its queries to what the caller may see.
 */
#include "api/app.h"
#include "api/respond.h"
#include "audit/audit.h"
#include "auth/session.h"
#include "core/log.h"

#include <sodium.h>
#include <string.h>

static bool is_unsafe(enum http_method m)
{
        return m != HTTP_GET;
}

/* Record a refusal; the refusal stands even if the record cannot be written. */
static void audit_denied(struct request *r, const char *what, enum action wanted)
{
        struct db *db = store_db(r->app->store);
        if (!db)
                return;
        struct audit_entry e = {
            .actor_id = r->auth.user_id,
            .action = what,
            .object_type = action_name(wanted),
            .object_id = 0,
            .outcome = "denied",
            .request_id = r->id,
        };
        if (audit_record(db, &e) != STORE_OK)
                log_error("msg=\"cannot write audit entry\" req=%s", r->id);
}

static bool authenticate(struct request *r)
{
        struct db *db = store_db(r->app->store);
        if (!db) {
                reply_internal(r, "no database connection");
                return false;
        }
        enum auth_result res = AUTH_NONE;
        if (r->authorization) {
                res = token_authenticate(db, r->authorization, &r->auth, &r->arena);
        } else if (r->session_cookie) {
                struct session_limits lim = {r->app->cfg->session_idle_timeout,
                                             r->app->cfg->session_absolute_timeout};
                res = session_authenticate(db, &lim, r->session_cookie, &r->auth, &r->arena);
        }
        switch (res) {
        case AUTH_OK:
                return true;
        case AUTH_ERROR:
                reply_internal(r, "authentication lookup failed");
                return false;
        case AUTH_EXPIRED:
                reply_error(r, E_UNAUTHENTICATED, "the session has expired; log in again");
                return false;
        case AUTH_DISABLED:
        case AUTH_NONE:
                break;
        }
        r->auth.user_id = 0;
        reply_error(r, E_UNAUTHENTICATED, "log in first (session cookie or bearer token)");
        return false;
}

static bool csrf_ok(struct request *r)
{
        if (!r->auth.via_cookie || !is_unsafe(r->method))
                return true;
        const char *want = r->auth.csrf_token, *got = r->csrf_header;
        return want && got && strlen(want) == strlen(got) &&
               sodium_memcmp(want, got, strlen(want)) == 0;
}

void api_dispatch(struct request *r)
{
        const struct route *route = r->route;
        if (r->body_too_large) {
                reply_error(r, E_PAYLOAD_TOO_LARGE, "the request body is over the limit");
                return;
        }
        /* Query parameters a route does not declare are refused, not ignored. */
        for (size_t i = 0; i < r->n_query; i++) {
                bool known = false;
                for (size_t k = 0; route->query && route->query[k]; k++)
                        if (strcmp(route->query[k], r->query[i].key) == 0)
                                known = true;
                if (!known) {
                        reply_error_fields(
                            r, E_BAD_REQUEST, "unknown query parameter",
                            json_pack("{s:s}",
                                      strlen(r->query[i].key) <= 64 ? r->query[i].key : "(long)",
                                      "is not a parameter of this path"));
                        return;
                }
        }
        if (route->action != ACT_PUBLIC) {
                if (!authenticate(r))
                        return;
                if (!csrf_ok(r)) {
                        audit_denied(r, "access.csrf_refused", route->action);
                        reply_error(r, E_FORBIDDEN,
                                    "missing or wrong X-CSRF-Token header for a cookie session");
                        return;
                }
                if (!policy_allows(r->auth.role, route->action)) {
                        audit_denied(r, "access.denied", route->action);
                        reply_error(r, E_FORBIDDEN, "your role may not do this");
                        return;
                }
        }
        route->handler(r);
}

void api_refuse(struct request *r, enum action wanted)
{
        audit_denied(r, "access.denied", wanted);
        reply_error(r, E_FORBIDDEN, "your role may not do this");
}

/*
 * The one gate every matched request passes before its handler:
 * body size, query parameters, authentication, CSRF, role (the route's
 * action and its second action), the body's media type, and for
 * ROUTE_AUDIT_READ routes the transaction the handler's reads are recorded
 * in.  A handler can assume its caller is authenticated (unless the route
 * is public), holds the route's actions and sent the body kind the route
 * declares; it still scopes its queries to what the caller may see.
 */
#include "api/app.h"
#include "api/respond.h"
#include "audit/audit.h"
#include "auth/session.h"
#include "core/log.h"
#include "core/util.h"

#include <stdlib.h>

#include <sodium.h>
#include <string.h>
#include <strings.h>

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
                                             r->app->cfg->session_absolute_timeout,
                                             r->app->cfg->case_idle_timeout};
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

/* The media type of ct without parameters, compared case-insensitively with want. */
static bool media_is(const char *ct, const char *want)
{
        if (!ct)
                return false;
        size_t n = strcspn(ct, ";");
        while (n && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
                n--;
        return n == strlen(want) && strncasecmp(ct, want, n) == 0;
}

/*
 * Whether ct's charset parameter, if any, names UTF-8: bodies are read as
 * UTF-8 only, so text declared in another encoding is refused rather than
 * misread.
 */
static bool charset_ok(const char *ct)
{
        for (const char *p = ct ? strchr(ct, ';') : NULL; p; p = strchr(p + 1, ';')) {
                const char *q = p + 1;
                while (*q == ' ' || *q == '\t')
                        q++;
                if (strncasecmp(q, "charset=", 8) != 0)
                        continue;
                q += 8;
                bool quoted = *q == '"';
                q += quoted;
                size_t n = strcspn(q, quoted ? "\"" : "; \t");
                return (n == 5 && strncasecmp(q, "utf-8", 5) == 0) ||
                       (n == 4 && strncasecmp(q, "utf8", 4) == 0);
        }
        return true;
}

/* Whether the body's Content-Type is the route's body kind; otherwise answers 415. */
static bool body_kind_ok(struct request *r)
{
        if (r->route->body == BODY_FILE)
                return true; /* any type: the file's own is found from its content */
        if (r->route->body != BODY_NONE && r->content_type && !charset_ok(r->content_type)) {
                reply_error(r, E_UNSUPPORTED_MEDIA_TYPE,
                            "the request body must be UTF-8 text (charset=utf-8)");
                return false;
        }
        switch (r->route->body) {
        case BODY_NONE:
                return true;
        case BODY_JSON:
                if (media_is(r->content_type, "application/json"))
                        return true;
                reply_error(r, E_UNSUPPORTED_MEDIA_TYPE,
                            "the request body must be application/json");
                return false;
        case BODY_CSV:
                if (media_is(r->content_type, "text/csv") ||
                    media_is(r->content_type, "application/csv") ||
                    media_is(r->content_type, "text/plain"))
                        return true;
                reply_error(r, E_UNSUPPORTED_MEDIA_TYPE, "the request body must be text/csv");
                return false;
        case BODY_FILE:
                return true;
        }
        return false;
}

/* Drop whatever r has answered (body and headers) for a 500. */
static void replace_answer(struct request *r, const char *what)
{
        free(r->resp_heap);
        r->resp_heap = NULL;
        r->resp_body = NULL;
        r->resp_len = 0;
        r->n_resp_headers = 0;
        reply_internal(r, what);
}

/*
 * A ROUTE_AUDIT_READ route: the handler runs inside a write transaction
 * that holds its reads' access records, and its answer is released only
 * once that transaction has committed.  A handler that answers an error has
 * its transaction rolled back (nothing it recorded stands without an answer).
 */
static void run_audited(struct request *r)
{
        struct db *db = store_db(r->app->store);
        if (!db) {
                reply_internal(r, "no database connection");
                return;
        }
        enum store_rc rc = db_begin_write(db);
        if (rc != STORE_OK) {
                reply_begin_failed(r, rc);
                return;
        }
        r->tx = db;
        r->route->handler(r);
        r->tx = NULL;
        if (r->status >= 400) {
                db_rollback(db);
                return;
        }
        if (arena_failed(&r->arena) || db_commit(db) != STORE_OK) {
                db_rollback(db);
                /* Nothing of the answer may leave: its reads are not recorded. */
                replace_answer(r, "the access record could not be committed");
        }
}

/*
 * A request past its request_timeout: whatever it answered, it is 503 now,
 * and its writes were rolled back (the interrupted statement failed, or
 * tx_commit refused to commit).  The client may try again later.
 */
static void answer_late(struct request *r)
{
        free(r->resp_heap);
        r->resp_heap = NULL;
        r->resp_body = NULL;
        r->resp_len = 0;
        r->n_resp_headers = 0;
        log_error("msg=\"request past its time limit\" req=%s", r->id);
        req_add_header(r, "Retry-After", "5");
        reply_error(r, E_UNAVAILABLE,
                    "the request took longer than its time limit (request_timeout) and was undone; "
                    "try again later or ask for less");
}

static void run_handler(struct request *r)
{
        const struct route *route = r->route;
        struct db *db = NULL;
        int64_t limit = r->app->cfg->request_timeout;
        if (limit > 0) {
                double start = r->started_ms > 0 ? r->started_ms : mono_ms();
                r->deadline_ms = start + (double)limit * 1000.0;
                db = store_db(r->app->store);
                if (db)
                        db_set_deadline(db, r->deadline_ms);
        }
        if (route->flags & ROUTE_AUDIT_READ)
                run_audited(r);
        else
                route->handler(r);
        bool late = r->deadline_ms > 0 && (mono_ms() > r->deadline_ms || (db && db_timed_out(db)));
        if (db) {
                db_rollback(db); /* harmless when the handler closed its transaction */
                db_set_deadline(db, 0);
        }
        if (late)
                answer_late(r);
}

bool api_admit(struct request *r)
{
        const struct route *route = r->route;
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
                        return false;
                }
        }
        if (route->action != ACT_PUBLIC) {
                if (!authenticate(r))
                        return false;
                /* What authentication could not copy (the CSRF token, the login) is unknown. */
                if (arena_failed(&r->arena)) {
                        reply_internal(r, "out of request memory");
                        return false;
                }
                if (!csrf_ok(r)) {
                        audit_denied(r, "access.csrf_refused", route->action);
                        reply_error(r, E_FORBIDDEN,
                                    "missing or wrong X-CSRF-Token header for a cookie session");
                        return false;
                }
                if (r->auth.via_cookie && !(route->flags & ROUTE_ENROL) &&
                    totp_enrolment_due(r->app->cfg->require_totp, &r->auth)) {
                        audit_denied(r, "access.totp_enrolment_required", route->action);
                        reply_error(r, E_TOTP_ENROL,
                                    "set up two-factor login first (POST /api/v1/session/totp)");
                        return false;
                }
                if (!policy_allows(r->auth.role, route->action)) {
                        audit_denied(r, "access.denied", route->action);
                        reply_error(r, E_FORBIDDEN, "your role may not do this");
                        return false;
                }
                if (route->also != ACT_PUBLIC && !policy_allows(r->auth.role, route->also)) {
                        audit_denied(r, "access.denied", route->also);
                        reply_error(r, E_FORBIDDEN, "your role may not do this");
                        return false;
                }
        }
        if (!body_kind_ok(r))
                return false;
        r->admitted = true;
        return true;
}

/*
 * An authenticated GET reads in one read scope (store.h): the caller's
 * session or token and the handler's reads share one transaction, so they
 * see one state of the database and take its lock once.  ROUTE_AUDIT_READ
 * routes write their reads' records in their own transaction; any write
 * (an audit entry of a refusal, a session's idle clock) ends the scope first.
 */
static struct db *read_scope(struct request *r)
{
        if (r->method != HTTP_GET || r->admitted || r->route->action == ACT_PUBLIC ||
            (r->route->flags & ROUTE_AUDIT_READ))
                return NULL;
        struct db *db = store_db(r->app->store);
        if (db)
                db_read_scope_begin(db);
        return db;
}

void api_dispatch(struct request *r)
{
        if (r->body_too_large) {
                reply_error(r, E_PAYLOAD_TOO_LARGE, "the request body is over the limit");
                return;
        }
        struct db *scope = read_scope(r);
        if (!r->admitted && !api_admit(r)) {
                if (scope)
                        db_read_scope_end(scope);
                return;
        }
        run_handler(r);
        if (scope)
                db_read_scope_end(scope);
        /*
         * A request that ran out of memory may have lost a part of its answer
         * (a header, a message) or decided from what it could not read; its
         * writes were refused at the commit (tx_commit), so it answers 500.
         * 413 stays: the handler said what was too large.
         */
        if (arena_failed(&r->arena) && r->status != 413 && r->status < 500)
                replace_answer(r, "out of request memory");
}

void api_refuse(struct request *r, enum action wanted)
{
        audit_denied(r, "access.denied", wanted);
        reply_error(r, E_FORBIDDEN, "your role may not do this");
}

/*
 * The route table and its matcher.  A route is data: method, path pattern
 * (literal segments and "{id}"), the action the policy checks, the handler,
 * the query parameters it accepts and how its body is read.  The table itself
 * lives in src/api/routes.c; this file only knows how to search it.
 */
#ifndef ECAT_ROUTER_H
#define ECAT_ROUTER_H

#include <stddef.h>
#include <stdint.h>

#include "auth/policy.h"
#include "http/request.h"

enum body_kind {
        BODY_NONE, /* no body expected; one sent is ignored */
        BODY_JSON, /* application/json, at most body_limit bytes */
        BODY_CSV,  /* text/csv, at most import_limit bytes */
        /*
         * any media type, at most material_file_limit bytes, streamed to a
         * spool file (http/upload.h) after the gate has admitted the caller
         * on the headers alone (api_admit), so no body reaches the disk
         * before its sender is known
         */
        BODY_FILE,
};

typedef void (*handler_fn)(struct request *r);

/* What the gate does for a route beyond its action. */
enum {
        /*
         * The handler shows or changes records owned by an agency (cases) or
         * a partner (programme writes, domain/scope.h): it receives the
         * principal (r->auth, with org_id) and must scope every query or door
         * by it; out of scope answers 404 like a missing id.
         */
        ROUTE_SCOPED = 1 << 0,
        /*
         * Every read is recorded: the gate opens a write transaction before the
         * handler (request_tx), and the response leaves only after that
         * transaction has committed; a failed commit replaces it with a 500.
         */
        ROUTE_AUDIT_READ = 1 << 1,
        /*
         * The request checks or hashes a password (Argon2id: 64 MiB, tens of
         * milliseconds): it runs on the server's login pool, login_concurrency
         * at a time, off the HTTP threads; a full queue answers 503 at once.
         */
        ROUTE_POOLED = 1 << 2,
        /*
         * Open to a session that must first set up its second factor
         * (require_totp names its role and it has none): who am I, log out,
         * the language, and the enrolment itself.  Every other route answers
         * 403 totp_enrolment_required to such a session.
         */
        ROUTE_ENROL = 1 << 3,
};

struct route {
        enum http_method method;
        const char *pattern;
        enum action action;
        handler_fn handler;
        enum body_kind body;
        const char *const *query; /* accepted query parameter names, NULL-terminated; NULL: none */
        enum action also;         /* a second action the caller must hold; ACT_PUBLIC: none */
        unsigned flags;           /* ROUTE_* */
};

enum route_match { ROUTE_FOUND, ROUTE_NOT_FOUND, ROUTE_BAD_METHOD };

#define ROUTER_MAX_PATH 1024

/*
 * Find the route for method and path.  On ROUTE_FOUND, *route is set and the
 * {id} segments are parsed into ids[].  On ROUTE_BAD_METHOD, allow (if not
 * NULL) receives the methods the path does take ("GET, POST").
 */
enum route_match router_match(const struct route *table, size_t n, enum http_method method,
                              const char *path, const struct route **route,
                              int64_t ids[REQUEST_MAX_IDS], char *allow, size_t allow_len);

const char *http_method_name(enum http_method m);
/* -1 when the method is not one ecat serves. */
int http_method_parse(const char *s);

#endif

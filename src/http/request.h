/*
 * One HTTP request as the rest of ecat sees it: parsed, bounded, and free of
 * libmicrohttpd types.  Everything hanging off it is allocated from its arena
 * (except body, a malloc'd buffer with its own ceiling) and released when the
 * response has been sent.  Handlers fill the response half.
 */
#ifndef ECAT_REQUEST_H
#define ECAT_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/policy.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"

enum http_method { HTTP_GET, HTTP_POST, HTTP_PUT, HTTP_PATCH, HTTP_DELETE, HTTP__MAX };

#define REQUEST_MAX_IDS     2
#define REQUEST_MAX_QUERY   32
#define REQUEST_MAX_HEADERS 8

struct query_param {
        const char *key;
        const char *value;
};

struct header {
        const char *name;
        const char *value;
};

/* Who is asking, filled by the gate. */
struct auth {
        bool authenticated;
        bool via_cookie; /* session cookie (CSRF applies) rather than a bearer token */
        int64_t user_id;
        int64_t org_id;
        int64_t session_id; /* 0 for a bearer token */
        bool totp;          /* the user has a second factor set up (sessions only) */
        enum role role;
        const char *login;
        const char *csrf_token;
        const char *locale;
};

/* Where a ROUTE_POOLED request is: not handed over, waiting for the pool, answered. */
enum { REQ_POOL_NONE, REQ_POOL_WAITING, REQ_POOL_DONE };

struct app; /* the running service: config, store, keys (api/app.h) */
struct db;  /* a store connection (store/store.h) */
struct route;
struct upload;

struct request {
        struct arena arena;
        struct app *app;
        char id[17]; /* request id, hex */
        double started_ms;

        enum http_method method;
        const char *path;
        const struct route *route;
        int64_t ids[REQUEST_MAX_IDS]; /* {id} path segments, in order */
        struct query_param query[REQUEST_MAX_QUERY];
        size_t n_query;
        bool query_bad;        /* a query parameter was malformed */
        const char *query_err; /* which and why */

        const char *remote_addr;
        const char *content_type;
        const char *session_cookie;
        const char *authorization;
        const char *csrf_header;
        const char *accept_language;
        const char *accept_encoding;
        const char *if_none_match;

        struct buf body;
        bool body_too_large;
        struct upload *upload; /* BODY_FILE: the body's spool file (http/upload.h) */
        bool admitted;         /* the gate's checks have passed (api_admit) */

        struct auth auth;
        struct db *tx;      /* ROUTE_AUDIT_READ: the transaction the gate opened for the handler */
        double deadline_ms; /* mono_ms() past which the request is answered 503; 0: none */
        _Atomic int pool_state; /* ROUTE_POOLED: REQ_POOL_* */

        /* Response. */
        int status;
        enum ecat_err err; /* for the access log */
        const char *resp_type;
        const char *resp_body; /* arena or static memory */
        char *resp_heap;       /* or malloc'd memory, freed with the response */
        size_t resp_len;
        int resp_fd; /* or a file sent from its offset 0 (resp_len bytes), closed after; -1: none */
        bool resp_compressible; /* static files: the server may gzip */
        struct header resp_headers[REQUEST_MAX_HEADERS];
        size_t n_resp_headers;
};

/* Value of query parameter key, or NULL. */
const char *req_query(const struct request *r, const char *key);
/*
 * Collect one query parameter (key_size and value_size bytes, value NULL
 * for "?flag").  A NUL inside, a key over 64 or a value over 1024 bytes,
 * text that is not UTF-8, more than REQUEST_MAX_QUERY parameters or one
 * given twice sets query_bad with query_err saying why; later ones are then
 * ignored.
 */
void req_query_add(struct request *r, const char *key, size_t key_size, const char *value,
                   size_t value_size);

/*
 * Percent-decode s in place; returns its new length.  %00 stays as its
 * three characters, so no NUL byte ever cuts a path or a parameter short:
 * a path holding one matches no route (404) and a parameter fails its check
 * (400) instead of being read as the text before it.  '+' is left as it is
 * (libmicrohttpd turns it into a space in the query before this).
 */
size_t url_unescape(char *s);

/* The last address of an X-Forwarded-For value into out; false when it is not an address. */
#define FORWARDED_ADDR_MAX 46 /* INET6_ADDRSTRLEN */
bool forwarded_client(const char *xff, char out[FORWARDED_ADDR_MAX]);
/* Add a response header (copied into the arena); drops it past the table size. */
void req_add_header(struct request *r, const char *name, const char *value);

#endif

#include "http/server.h"

#include "api/app.h"
#include "auth/throttle.h"
#include "core/log.h"
#include "core/util.h"
#include "http/guard.h"
#include "http/request.h"
#include "http/pool.h"
#include "http/router.h"
#include "http/static.h"
#include "http/upload.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define REQUEST_ARENA_LIMIT (64u << 20)

struct server {
        struct MHD_Daemon *d;
        struct app *app;
        atomic_int inflight;
        atomic_uint_fast64_t next_request;
        unsigned char id_prefix[4];
        struct pool *logins; /* ROUTE_POOLED requests run here */
        struct pool *writes; /* every other request that may write (not GET) */
        struct guard *guard; /* per-address limit, reserve, header deadline */
};

/* The guard's entry for connection c (set in on_connection), or NULL. */
static struct guard_conn *conn_guard(struct MHD_Connection *c)
{
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
        return ci ? ci->socket_context : NULL;
}

static enum MHD_Result on_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
        (void)addrlen;
        struct server *s = cls;
        return guard_admit(s->guard, addr) ? MHD_YES : MHD_NO;
}

/* Called on the connection's thread, before its socket is closed (libmicrohttpd 0.9.75). */
static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
        struct server *s = cls;
        if (code == MHD_CONNECTION_NOTIFY_STARTED) {
                const union MHD_ConnectionInfo *fd =
                    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
                const union MHD_ConnectionInfo *ad =
                    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
                *socket_context =
                    fd ? guard_open(s->guard, fd->connect_fd, ad ? ad->client_addr : NULL) : NULL;
        } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
                guard_close(s->guard, *socket_context);
                *socket_context = NULL;
        }
}

static void set_error(struct request *r, enum ecat_err e, const char *message)
{
        /* The same shape api/respond.c produces, for errors raised before dispatch. */
        r->status = err_status(e);
        r->err = e;
        r->resp_type = "application/json";
        char *body = arena_printf(&r->arena, "{\"error\":{\"code\":\"%s\",\"message\":\"%s\"}}",
                                  err_code(e), message);
        r->resp_body = body ? body : "{}";
        r->resp_len = strlen(r->resp_body);
}

_Static_assert(FORWARDED_ADDR_MAX == INET6_ADDRSTRLEN, "an address as inet_ntop writes it");

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind, const char *key,
                                     size_t key_size, const char *value, size_t value_size)
{
        (void)kind;
        req_query_add(cls, key, key_size, value, value_size);
        return MHD_YES;
}

static const char *header(struct request *r, struct MHD_Connection *c, enum MHD_ValueKind kind,
                          const char *name)
{
        const char *v = MHD_lookup_connection_value(c, kind, name);
        return v ? arena_strdup(&r->arena, v) : NULL;
}

static void client_address(struct request *r, struct MHD_Connection *c)
{
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        char text[INET6_ADDRSTRLEN] = "-";
        if (ci && ci->client_addr) {
                const struct sockaddr *sa = ci->client_addr;
                if (sa->sa_family == AF_INET)
                        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, text,
                                  sizeof(text));
                else if (sa->sa_family == AF_INET6)
                        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, text,
                                  sizeof(text));
        }
        /*
         * Behind a reverse proxy every request comes from the proxy; then (and
         * only then) the client is the last address the proxy appended.
         */
        const char *proxy = r->app->cfg->trusted_proxy;
        const char *xff = proxy[0] && strcmp(text, proxy) == 0
                              ? MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For")
                              : NULL;
        if (xff)
                (void)forwarded_client(xff, text);
        r->remote_addr = arena_strdup(&r->arena, text);
}

/* Percent-decoding of the path and the query (http/request.h url_unescape). */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
        (void)cls;
        (void)c;
        return url_unescape(s);
}

/* Phase 1: a new request.  Headers are read, the route found, limits set. */
static struct request *request_new(struct server *s, struct MHD_Connection *c, const char *url,
                                   const char *method)
{
        struct request *r = calloc(1, sizeof(*r));
        if (!r)
                return NULL;
        arena_init(&r->arena, REQUEST_ARENA_LIMIT);
        r->app = s->app;
        r->started_ms = mono_ms();
        /*
         * Request ids: a random prefix drawn once per process and a counter,
         * unique within the process and across restarts without a system
         * call per request.
         */
        uint64_t n = atomic_fetch_add(&s->next_request, 1);
        unsigned char rid[8];
        memcpy(rid, s->id_prefix, 4);
        for (int i = 0; i < 4; i++)
                rid[4 + i] = (unsigned char)(n >> (24 - 8 * i));
        hex_encode(rid, sizeof(rid), r->id);
        r->status = 0;
        r->resp_fd = -1;

        int m = strcmp(method, "HEAD") == 0 ? HTTP_GET : http_method_parse(method);
        r->method = m < 0 ? HTTP__MAX : (enum http_method)m;
        r->path = arena_strdup(&r->arena, url);
        client_address(r, c);
        r->content_type = header(r, c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
        r->authorization = header(r, c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
        r->csrf_header = header(r, c, MHD_HEADER_KIND, "X-CSRF-Token");
        r->accept_language = header(r, c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_LANGUAGE);
        r->accept_encoding = header(r, c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING);
        r->if_none_match = header(r, c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
        r->session_cookie = header(r, c, MHD_COOKIE_KIND, "ecat_session");
        MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, collect_query, r);

        size_t limit = 0;
        if (r->method < HTTP__MAX && r->path) {
                const struct route *route = NULL;
                if (router_match(s->app->routes, s->app->n_routes, r->method, r->path, &route,
                                 r->ids, NULL, 0) == ROUTE_FOUND) {
                        r->route = route;
                        if (route->body == BODY_JSON)
                                limit = (size_t)s->app->cfg->body_limit;
                        else if (route->body == BODY_CSV)
                                limit = (size_t)s->app->cfg->import_limit;
                        else if (route->body == BODY_FILE)
                                limit = (size_t)s->app->cfg->material_file_limit;
                }
        }
        /* A file body goes to its spool file (open_upload), never to memory. */
        buf_init(&r->body, r->route && r->route->body == BODY_FILE ? 0 : limit);
        const char *cl =
            MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        int64_t len;
        if (cl && parse_int64(cl, 0, INT64_MAX, &len) == 0 && (uint64_t)len > limit && limit)
                r->body_too_large = true;
        return r;
}

static void add_security_headers(struct app *app, struct MHD_Response *resp)
{
        MHD_add_response_header(resp, "Content-Security-Policy", app->csp);
        MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
        MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
        MHD_add_response_header(resp, "X-Frame-Options", "DENY");
        MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
        MHD_add_response_header(resp, "Cross-Origin-Resource-Policy", "same-origin");
}

static enum MHD_Result send_response(struct server *s, struct MHD_Connection *c, struct request *r)
{
        if (!r->status)
                set_error(r, E_INTERNAL, "the request was not answered");
        struct MHD_Response *resp;
        if (r->resp_fd >= 0) {
                /* libmicrohttpd owns the descriptor from here and closes it. */
                resp = MHD_create_response_from_fd((uint64_t)r->resp_len, r->resp_fd);
                if (resp)
                        r->resp_fd = -1;
        } else if (r->resp_heap) {
                resp = MHD_create_response_from_buffer(r->resp_len, r->resp_heap,
                                                       MHD_RESPMEM_MUST_FREE);
                if (resp)
                        r->resp_heap = NULL;
        } else {
                /* Arena memory lives until the request completes, after sending. */
                resp = MHD_create_response_from_buffer(r->resp_len,
                                                       (void *)(r->resp_body ? r->resp_body : ""),
                                                       MHD_RESPMEM_PERSISTENT);
        }
        if (!resp)
                return MHD_NO;
        add_security_headers(s->app, resp);
        MHD_add_response_header(resp, "X-Request-Id", r->id);
        bool has_cache = false;
        for (size_t i = 0; i < r->n_resp_headers; i++) {
                MHD_add_response_header(resp, r->resp_headers[i].name, r->resp_headers[i].value);
                if (strcmp(r->resp_headers[i].name, "Cache-Control") == 0)
                        has_cache = true;
        }
        if (!has_cache)
                MHD_add_response_header(resp, "Cache-Control", "no-store");
        if (r->resp_type)
                MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->resp_type);
        enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, resp);
        MHD_destroy_response(resp);
        return ret;
}

/* Phase 3: the whole request is here. */
/* A request handed to a pool, and the connection to wake when it is answered. */
struct pooled {
        struct request *r;
        struct MHD_Connection *c;
};

static void run_pooled(void *arg)
{
        struct pooled *j = arg;
        api_dispatch(j->r);
        atomic_store(&j->r->pool_state, REQ_POOL_DONE);
        MHD_resume_connection(j->c);
}

/*
 * Hand r to pool p: the connection is suspended first (so the pool's resume
 * always finds it suspended) and woken when the pool has answered; a full
 * queue answers 503 with full (naming what is busy) at once, and a stopping
 * pool leaves r to this thread (the server is finishing its requests).
 */
static void hand_to_pool(struct pool *p, struct MHD_Connection *c, struct request *r,
                         const char *full)
{
        struct pooled *j = arena_alloc(&r->arena, sizeof(*j));
        if (!j) {
                set_error(r, E_INTERNAL, "out of request memory");
                return;
        }
        j->r = r;
        j->c = c;
        atomic_store(&r->pool_state, REQ_POOL_WAITING);
        MHD_suspend_connection(c);
        if (!pool_submit(p, run_pooled, j)) {
                if (pool_stopping(p)) {
                        /* The server is stopping: answered here, as before the pools. */
                        run_pooled(j);
                        return;
                }
                set_error(r, E_UNAVAILABLE, full);
                req_add_header(r, "Retry-After", "1");
                atomic_store(&r->pool_state, REQ_POOL_DONE);
                MHD_resume_connection(c);
        }
}

static void request_run(struct server *s, struct MHD_Connection *c, struct request *r)
{
        if (!throttle_request(r->remote_addr)) {
                set_error(r, E_RATE_LIMITED, "too many requests from this address; slow down");
                req_add_header(r, "Retry-After", "1");
                return;
        }
        if (!r->route) {
                if (r->method == HTTP_GET && static_serve(s->app->files, r))
                        return;
                char allow[64] = "";
                const struct route *route = NULL;
                int64_t ids[REQUEST_MAX_IDS];
                /* An unknown method (HTTP__MAX) matches no row, so it lands on 405 too. */
                enum route_match m = router_match(s->app->routes, s->app->n_routes, r->method,
                                                  r->path, &route, ids, allow, sizeof(allow));
                if (m == ROUTE_BAD_METHOD) {
                        set_error(r, E_METHOD_NOT_ALLOWED, "this path does not take that method");
                        req_add_header(r, "Allow", allow);
                } else {
                        set_error(r, E_NOT_FOUND, "no such path");
                }
                return;
        }
        if (r->query_bad) {
                set_error(r, E_BAD_REQUEST, "a query parameter is malformed");
                return;
        }
        if ((r->route->flags & ROUTE_POOLED) && s->logins) {
                hand_to_pool(s->logins, c, r, "too many logins at once; try again in a moment");
                return;
        }
        /*
         * A write waits for the database's lock and for its commit to reach
         * the disk: on the write pool, so that the HTTP thread goes on
         * serving the other connections it holds (libmicrohttpd keeps a
         * connection on the thread that accepted it).
         */
        if (r->method != HTTP_GET && s->writes) {
                hand_to_pool(s->writes, c, r, "too many writes at once; try again in a moment");
                return;
        }
        api_dispatch(r);
}

/*
 * A BODY_FILE route: the gate's checks on the headers first (no body reaches
 * the disk before its sender is known and allowed), then the spool file.
 * false when r has been answered.
 */
static bool open_upload(struct server *s, struct request *r)
{
        if (!api_admit(r))
                return false;
        char dir[1024];
        struct upload *u = arena_alloc(&r->arena, sizeof(*u));
        int n = s->app->file_dir ? snprintf(dir, sizeof(dir), "%s/tmp", s->app->file_dir) : -1;
        if (!u || n < 0 || (size_t)n >= sizeof(dir)) {
                set_error(r, E_INTERNAL, "no file store");
                return false;
        }
        if (upload_open(u, dir, (uint64_t)s->app->cfg->material_file_limit) < 0) {
                log_error("msg=\"cannot open an upload spool file\" req=%s errno=%d", r->id, errno);
                set_error(r, E_INTERNAL, "cannot store the file");
                return false;
        }
        r->upload = u;
        return true;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
        (void)version;
        struct server *s = cls;
        struct request *r = *con_cls;
        if (!r) {
                guard_headers_in(conn_guard(c));
                r = request_new(s, c, url, method);
                if (!r)
                        return MHD_NO;
                *con_cls = r;
                atomic_fetch_add(&s->inflight, 1);
                if (r->body_too_large) {
                        /* Answer at once; libmicrohttpd closes the connection after it. */
                        set_error(r, E_PAYLOAD_TOO_LARGE, "the request body is over the limit");
                        return send_response(s, c, r);
                }
                if (r->route && r->route->body == BODY_FILE && !open_upload(s, r))
                        return send_response(s, c, r);
                return MHD_YES;
        }
        if (*upload_data_size) {
                if (r->upload) {
                        if (!upload_write(r->upload, upload_data, *upload_data_size) &&
                            r->upload->too_large)
                                r->body_too_large = true;
                } else if (!r->body_too_large && r->body.max &&
                           buf_append(&r->body, upload_data, *upload_data_size) < 0)
                        r->body_too_large = true;
                *upload_data_size = 0;
                return MHD_YES;
        }
        int pooled = atomic_load(&r->pool_state);
        if (pooled == REQ_POOL_DONE) /* woken by the login pool */
                return send_response(s, c, r);
        if (pooled == REQ_POOL_WAITING || r->status) /* suspended; or answered (413, phase 1) */
                return MHD_YES;
        request_run(s, c, r);
        if (atomic_load(&r->pool_state) != REQ_POOL_NONE)
                return MHD_YES;
        return send_response(s, c, r);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
        struct server *s = cls;
        struct request *r = *con_cls;
        guard_request_done(conn_guard(c)); /* a next request must bring its headers in time */
        if (!r)
                return;
        double ms = mono_ms() - r->started_ms;
        /* Route pattern, not the raw path: no request text reaches the log. */
        log_info("msg=access req=%s method=%s route=\"%s\" status=%d ms=%.2f bytes=%zu user=%lld%s",
                 r->id, http_method_name(r->method), r->route ? r->route->pattern : "-", r->status,
                 ms, r->resp_len, (long long)r->auth.user_id,
                 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted=1");
        free(r->resp_heap);
        if (r->resp_fd >= 0)
                (void)close(r->resp_fd);
        if (r->upload)
                upload_discard(r->upload);
        buf_free(&r->body);
        arena_free(&r->arena);
        free(r);
        *con_cls = NULL;
        atomic_fetch_sub(&s->inflight, 1);
}

static int parse_listen(const char *listen, struct sockaddr_storage *ss, bool *v6, char *err,
                        size_t errlen)
{
        char host[128];
        const char *colon = strrchr(listen, ':');
        size_t hl = colon ? (size_t)(colon - listen) : 0;
        if (!colon || hl >= sizeof(host)) {
                snprintf(err, errlen, "setting listen: '%s' is not host:port", listen);
                return -1;
        }
        memcpy(host, listen, hl);
        host[hl] = '\0';
        if (host[0] == '[' && hl > 2 && host[hl - 1] == ']') {
                memmove(host, host + 1, hl - 2);
                host[hl - 2] = '\0';
        }
        struct addrinfo hints = {0}, *res = NULL;
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
        int rc = getaddrinfo(host[0] ? host : NULL, colon + 1, &hints, &res);
        if (rc != 0 || !res) {
                snprintf(err, errlen, "setting listen: cannot resolve '%s': %s", listen,
                         gai_strerror(rc));
                return -1;
        }
        memcpy(ss, res->ai_addr, res->ai_addrlen);
        *v6 = res->ai_family == AF_INET6;
        freeaddrinfo(res);
        return 0;
}

struct server *server_start(struct app *app, uint16_t *port, char *err, size_t errlen)
{
        struct sockaddr_storage ss;
        bool v6 = false;
        if (parse_listen(app->cfg->listen, &ss, &v6, err, errlen) < 0)
                return NULL;
        struct server *s = calloc(1, sizeof(*s));
        if (!s) {
                snprintf(err, errlen, "out of memory");
                return NULL;
        }
        s->app = app;
        atomic_init(&s->inflight, 0);
        atomic_init(&s->next_request, 0);
        randombytes_buf(s->id_prefix, sizeof(s->id_prefix));
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        unsigned threads =
            app->cfg->threads ? (unsigned)app->cfg->threads : (unsigned)(cores > 0 ? cores : 1);
        unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_USE_ITC |
                         MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME | (v6 ? MHD_USE_IPv6 : 0);
        unsigned login_threads = app->cfg->login_concurrency ? (unsigned)app->cfg->login_concurrency
                                                             : (unsigned)(cores > 0 ? cores : 1);
        s->logins = pool_start(login_threads, (unsigned)app->cfg->login_queue);
        /*
         * As many writers as HTTP threads: SQLite takes one write at a time,
         * and each connection has at most one request in progress, so a queue
         * of connection_limit never refuses one.
         */
        s->writes = s->logins ? pool_start(threads, (unsigned)app->cfg->connection_limit) : NULL;
        if (!s->writes) {
                snprintf(err, errlen, "cannot start the login and write pools");
                pool_stop(s->logins);
                free(s);
                return NULL;
        }
        const struct guard_limits gl = {
            .total_limit = (unsigned)app->cfg->connection_limit,
            .per_addr = (unsigned)app->cfg->per_ip_connection_limit,
            .reserve = (unsigned)app->cfg->connection_reserve,
            .header_ms = app->cfg->header_timeout * 1000,
            .exempt = app->cfg->trusted_proxy,
        };
        s->guard = guard_start(&gl);
        if (!s->guard) {
                snprintf(err, errlen, "cannot start the connection guard");
                pool_stop(s->writes);
                pool_stop(s->logins);
                free(s);
                return NULL;
        }
        /* The per-address limit is the guard's (it knows the trusted proxy), not MHD's. */
        s->d = MHD_start_daemon(
            flags, 0, on_accept, s, on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
            MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT,
            (unsigned)app->cfg->connection_limit, MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)app->cfg->connection_timeout,
            MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)app->cfg->connection_memory_limit,
            MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
            MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL, MHD_OPTION_END);
        if (!s->d) {
                snprintf(err, errlen, "cannot listen on %s (address in use or not permitted)",
                         app->cfg->listen);
                pool_stop(s->writes);
                pool_stop(s->logins);
                guard_stop(s->guard);
                free(s);
                return NULL;
        }
        const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
        *port = di ? di->port : 0;
        return s;
}

void server_stop(struct server *s, int grace_ms)
{
        if (!s)
                return;
        MHD_socket fd = MHD_quiesce_daemon(s->d);
        if (fd != MHD_INVALID_SOCKET)
                close(fd);
        double deadline = mono_ms() + grace_ms;
        while (atomic_load(&s->inflight) > 0 && mono_ms() < deadline) {
                struct timespec ts = {0, 10L * 1000 * 1000};
                nanosleep(&ts, NULL);
        }
        /* Queued logins and writes finish and wake their connections before the daemon goes. */
        pool_stop(s->writes);
        pool_stop(s->logins);
        MHD_stop_daemon(s->d);
        guard_stop(s->guard); /* after the daemon: every connection has closed */
        free(s);
}

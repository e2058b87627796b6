/*
 * The connection guard: the defences against many and slow connections that
 * libmicrohttpd does not give on its own.
 *
 *  - Per address: a new connection from an address that already holds
 *    per_addr connections is refused (closed at once).
 *  - Reserve: when the open connections reach total_limit - reserve, a new
 *    connection is refused from an address that already holds one; an address
 *    holding none still gets in, up to total_limit (libmicrohttpd's own cap).
 *  - Header deadline: a connection must deliver each request line and its
 *    headers within header_timeout_ms: of its opening for the first request,
 *    of the end of the previous request for the next.  A thread of the guard
 *    looks every GUARD_SWEEP_MS and shuts down (shutdown(2), both ways) every
 *    connection past its deadline, so libmicrohttpd sees it end and closes it,
 *    however steadily it trickles bytes.
 *
 * What was refused or cut is summed and logged (msg=connection_guard) at
 * most every GUARD_LOG_MS, never once per connection.
 *
 * The exempt address (the trusted proxy: every connection through it comes
 * from it) is not held to the per-address limit nor the reserve; the header
 * deadline holds for every connection.
 *
 * Thread safety: every call may come from any thread.  One mutex guards the
 * table of open connections and the count per address; the deadline of a
 * connection is an atomic the request path sets without the mutex.  A
 * guard_conn lives from guard_open to guard_close; the caller must not call
 * guard_close while another thread may still use that connection (in
 * libmicrohttpd both run on the connection's own thread), and must call it
 * before the socket is closed, so the sweeper never shuts down a reused
 * descriptor.  Memory: one entry per open connection and one per address
 * with a connection open, both bounded by the open connections.
 *
 * Counting is done when a connection has opened (guard_open), not when it is
 * admitted, so connections admitted at the same moment on different threads
 * may pass the per-address limit by at most one per thread.
 */
#ifndef ECAT_HTTP_GUARD_H
#define ECAT_HTTP_GUARD_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#define GUARD_SWEEP_MS 250
#define GUARD_LOG_MS   10000

struct guard;
struct guard_conn;

struct guard_limits {
        unsigned total_limit; /* connection_limit */
        unsigned per_addr;    /* 0: no per-address limit */
        unsigned reserve;     /* clamped to total_limit / 2 */
        int64_t header_ms;    /* header deadline */
        const char *exempt;   /* numeric address or "" */
};

/* Start the guard and its sweeper; NULL when out of memory or threads. */
struct guard *guard_start(const struct guard_limits *l);
/* Stop the sweeper and free the guard; no connection may still be open. */
void guard_stop(struct guard *g);

/* Whether a connection from sa may open now (the accept policy). */
bool guard_admit(struct guard *g, const struct sockaddr *sa);
/* A connection opened on fd; NULL when out of memory (it is then not watched). */
struct guard_conn *guard_open(struct guard *g, int fd, const struct sockaddr *sa);
/* The connection is closing; c is freed.  NULL is ignored. */
void guard_close(struct guard *g, struct guard_conn *c);
/* Its request line and headers are in: no deadline while the request is served. */
void guard_headers_in(struct guard_conn *c);
/* Its request is finished: the next one's headers are due within the deadline. */
void guard_request_done(struct guard_conn *c);

#endif

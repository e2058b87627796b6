/*
 * The HTTP server: libmicrohttpd in thread-pool mode with poll(2) (level-triggered:
 * its edge-triggered epoll mode misses a close that arrives with the last
 * bytes, and such sockets then sit in CLOSE_WAIT until the idle timeout), and
 * the connection guard (http/guard.h) in front of it.  It turns
 * connections into struct request, hands them to api_dispatch() and sends what
 * the handler left in the response half, with the security headers.
 */
#ifndef ECAT_SERVER_H
#define ECAT_SERVER_H

#include <stddef.h>
#include <stdint.h>

struct app;
struct server;

/* Bind and start serving; the bound port is written to *port. NULL on failure. */
struct server *server_start(struct app *app, uint16_t *port, char *err, size_t errlen);
/* Stop accepting, wait (at most grace_ms) for requests in flight, then stop. */
void server_stop(struct server *s, int grace_ms);

#endif

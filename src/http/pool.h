/*
 * A small pool of threads of its own for slow, memory-hungry work (a
 * password check takes Argon2id's 64 MiB and tens of milliseconds), so that
 * at most `threads` such jobs run at once whatever the number of HTTP
 * threads, and the HTTP threads stay free for other requests.  Jobs wait in
 * a bounded queue; when it is full, pool_submit() refuses at once and the
 * caller answers 503.
 */
#ifndef ECAT_POOL_H
#define ECAT_POOL_H

#include <stdbool.h>
#include <stddef.h>

struct pool;

/* threads >= 1 workers and room for queue >= 1 waiting jobs; NULL when out of memory. */
struct pool *pool_start(unsigned threads, unsigned queue);
/* Queue fn(arg) for a worker; false when the queue is full (fn is then not called). */
bool pool_submit(struct pool *p, void (*fn)(void *arg), void *arg);
/* Whether pool_stop() has begun: pool_submit() then refuses every job. */
bool pool_stopping(struct pool *p);
/* Run every queued job to its end, then stop the workers and free the pool. */
void pool_stop(struct pool *p);

#endif

/* A bounded work queue with threads of its own (http/pool.h). */
#include "http/pool.h"

#include <pthread.h>
#include <stdlib.h>

struct job {
        void (*fn)(void *arg);
        void *arg;
};

struct pool {
        pthread_mutex_t lock;
        pthread_cond_t work; /* a job was queued, or the pool is stopping */
        struct job *ring;
        unsigned cap, head, count;
        bool stopping;
        unsigned n_threads;
        pthread_t threads[];
};

static void *worker(void *arg)
{
        struct pool *p = arg;
        pthread_mutex_lock(&p->lock);
        for (;;) {
                while (p->count == 0 && !p->stopping)
                        pthread_cond_wait(&p->work, &p->lock);
                if (p->count == 0)
                        break; /* stopping, and nothing left */
                struct job j = p->ring[p->head];
                p->head = (p->head + 1) % p->cap;
                p->count--;
                pthread_mutex_unlock(&p->lock);
                j.fn(j.arg);
                pthread_mutex_lock(&p->lock);
        }
        pthread_mutex_unlock(&p->lock);
        return NULL;
}

struct pool *pool_start(unsigned threads, unsigned queue)
{
        if (threads < 1)
                threads = 1;
        if (queue < 1)
                queue = 1;
        struct pool *p = calloc(1, sizeof(*p) + threads * sizeof(pthread_t));
        if (!p)
                return NULL;
        p->ring = calloc(queue, sizeof(*p->ring));
        if (!p->ring) {
                free(p);
                return NULL;
        }
        p->cap = queue;
        pthread_mutex_init(&p->lock, NULL);
        pthread_cond_init(&p->work, NULL);
        for (unsigned i = 0; i < threads; i++) {
                if (pthread_create(&p->threads[i], NULL, worker, p) != 0)
                        break;
                p->n_threads++;
        }
        if (p->n_threads == 0) {
                pool_stop(p);
                return NULL;
        }
        return p;
}

bool pool_submit(struct pool *p, void (*fn)(void *arg), void *arg)
{
        pthread_mutex_lock(&p->lock);
        bool room = !p->stopping && p->count < p->cap;
        if (room) {
                p->ring[(p->head + p->count) % p->cap] = (struct job){fn, arg};
                p->count++;
                pthread_cond_signal(&p->work);
        }
        pthread_mutex_unlock(&p->lock);
        return room;
}

bool pool_stopping(struct pool *p)
{
        pthread_mutex_lock(&p->lock);
        bool stopping = p->stopping;
        pthread_mutex_unlock(&p->lock);
        return stopping;
}

void pool_stop(struct pool *p)
{
        if (!p)
                return;
        pthread_mutex_lock(&p->lock);
        p->stopping = true;
        pthread_cond_broadcast(&p->work);
        pthread_mutex_unlock(&p->lock);
        for (unsigned i = 0; i < p->n_threads; i++)
                pthread_join(p->threads[i], NULL);
        pthread_mutex_destroy(&p->lock);
        pthread_cond_destroy(&p->work);
        free(p->ring);
        free(p);
}

/* The connection guard (http/guard.h). */
#include "http/guard.h"

#include "core/log.h"
#include "core/util.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* An address as 16 bytes: IPv4 as ::ffff:a.b.c.d, so both spellings count as one. */
struct addr_key {
        unsigned char b[16];
};

struct addr_entry {
        struct addr_key key;
        unsigned count; /* connections open from it */
        struct addr_entry *next;
};

struct bucket {
        struct addr_entry *head;
};

struct guard_conn {
        struct guard_conn *prev, *next;
        int fd;
        bool cut;               /* shut down by the sweeper */
        _Atomic int64_t due_ms; /* header deadline (mono_ms); 0: a request is served */
        int64_t header_ms;
        struct addr_entry *addr; /* NULL: not counted (address unknown) */
};

struct guard {
        pthread_mutex_t lock;
        pthread_cond_t wake; /* stopping */
        bool stopping;
        pthread_t sweeper;
        struct guard_conn *conns;
        unsigned open;
        struct bucket *buckets;
        size_t n_buckets; /* a power of two */
        unsigned char hash_key[crypto_shorthash_KEYBYTES];
        unsigned total_limit, per_addr, reserve;
        int64_t header_ms;
        bool has_exempt;
        struct addr_key exempt;
        uint64_t refused_per_addr, refused_reserve, header_timeouts; /* since the last log */
};

static bool key_of(const struct sockaddr *sa, struct addr_key *k)
{
        memset(k, 0, sizeof(*k));
        if (!sa)
                return false;
        if (sa->sa_family == AF_INET) {
                k->b[10] = 0xff;
                k->b[11] = 0xff;
                memcpy(k->b + 12, &((const struct sockaddr_in *)sa)->sin_addr, 4);
                return true;
        }
        if (sa->sa_family == AF_INET6) {
                memcpy(k->b, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
                return true;
        }
        return false;
}

static bool key_parse(const char *text, struct addr_key *k)
{
        struct sockaddr_in v4 = {.sin_family = AF_INET};
        struct sockaddr_in6 v6 = {.sin6_family = AF_INET6};
        if (inet_pton(AF_INET, text, &v4.sin_addr) == 1)
                return key_of((const struct sockaddr *)&v4, k);
        if (inet_pton(AF_INET6, text, &v6.sin6_addr) == 1)
                return key_of((const struct sockaddr *)&v6, k);
        return false;
}

/* Keyed, so that no client can choose addresses that share a bucket. */
static struct addr_entry **bucket(struct guard *g, const struct addr_key *k)
{
        uint64_t h;
        crypto_shorthash((unsigned char *)&h, k->b, sizeof(k->b), g->hash_key);
        return &g->buckets[h & (g->n_buckets - 1)].head;
}

static struct addr_entry *lookup(struct guard *g, const struct addr_key *k)
{
        for (struct addr_entry *e = *bucket(g, k); e; e = e->next)
                if (memcmp(e->key.b, k->b, sizeof(k->b)) == 0)
                        return e;
        return NULL;
}

static void log_counts(struct guard *g)
{
        if (!g->refused_per_addr && !g->refused_reserve && !g->header_timeouts)
                return;
        log_warn("msg=connection_guard refused_per_address=%llu refused_reserve=%llu "
                 "header_timeouts=%llu open=%u",
                 (unsigned long long)g->refused_per_addr, (unsigned long long)g->refused_reserve,
                 (unsigned long long)g->header_timeouts, g->open);
        g->refused_per_addr = g->refused_reserve = g->header_timeouts = 0;
}

static void *sweep(void *arg)
{
        struct guard *g = arg;
        double next_log = mono_ms() + GUARD_LOG_MS;
        pthread_mutex_lock(&g->lock);
        while (!g->stopping) {
                struct timespec ts;
                clock_gettime(CLOCK_MONOTONIC, &ts);
                ts.tv_nsec += GUARD_SWEEP_MS * 1000L * 1000L;
                if (ts.tv_nsec >= 1000L * 1000L * 1000L) {
                        ts.tv_sec++;
                        ts.tv_nsec -= 1000L * 1000L * 1000L;
                }
                (void)pthread_cond_timedwait(&g->wake, &g->lock, &ts);
                if (g->stopping)
                        break;
                double now = mono_ms();
                for (struct guard_conn *c = g->conns; c; c = c->next) {
                        int64_t due = atomic_load(&c->due_ms);
                        if (c->cut || !due || now < (double)due)
                                continue;
                        /* libmicrohttpd sees the end, closes the socket and calls guard_close. */
                        (void)shutdown(c->fd, SHUT_RDWR);
                        c->cut = true;
                        g->header_timeouts++;
                }
                if (now >= next_log) {
                        log_counts(g);
                        next_log = now + GUARD_LOG_MS;
                }
        }
        log_counts(g);
        pthread_mutex_unlock(&g->lock);
        return NULL;
}

struct guard *guard_start(const struct guard_limits *l)
{
        struct guard *g = calloc(1, sizeof(*g));
        if (!g)
                return NULL;
        g->total_limit = l->total_limit;
        g->per_addr = l->per_addr;
        g->reserve = l->reserve < l->total_limit / 2 ? l->reserve : l->total_limit / 2;
        g->header_ms = l->header_ms;
        g->has_exempt = l->exempt && l->exempt[0] && key_parse(l->exempt, &g->exempt);
        g->n_buckets = 64;
        while (g->n_buckets < l->total_limit && g->n_buckets < ((size_t)1 << 20))
                g->n_buckets <<= 1;
        g->buckets = calloc(g->n_buckets, sizeof(struct bucket));
        if (!g->buckets) {
                free(g);
                return NULL;
        }
        randombytes_buf(g->hash_key, sizeof(g->hash_key));
        pthread_condattr_t ca;
        pthread_condattr_init(&ca);
        pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
        pthread_cond_init(&g->wake, &ca);
        pthread_condattr_destroy(&ca);
        pthread_mutex_init(&g->lock, NULL);
        if (pthread_create(&g->sweeper, NULL, sweep, g) != 0) {
                pthread_cond_destroy(&g->wake);
                pthread_mutex_destroy(&g->lock);
                free(g->buckets);
                free(g);
                return NULL;
        }
        return g;
}

void guard_stop(struct guard *g)
{
        if (!g)
                return;
        pthread_mutex_lock(&g->lock);
        g->stopping = true;
        pthread_cond_signal(&g->wake);
        pthread_mutex_unlock(&g->lock);
        pthread_join(g->sweeper, NULL);
        /* Nothing should be left; free whatever is, all the same. */
        while (g->conns)
                guard_close(g, g->conns);
        pthread_cond_destroy(&g->wake);
        pthread_mutex_destroy(&g->lock);
        free(g->buckets);
        free(g);
}

bool guard_admit(struct guard *g, const struct sockaddr *sa)
{
        struct addr_key k;
        if (!key_of(sa, &k))
                return true; /* not IP: libmicrohttpd's own limit holds */
        if (g->has_exempt && memcmp(k.b, g->exempt.b, sizeof(k.b)) == 0)
                return true;
        pthread_mutex_lock(&g->lock);
        const struct addr_entry *e = lookup(g, &k);
        unsigned have = e ? e->count : 0;
        bool ok = true;
        if (g->per_addr && have >= g->per_addr) {
                ok = false;
                g->refused_per_addr++;
        } else if (have > 0 && g->open + g->reserve >= g->total_limit) {
                ok = false;
                g->refused_reserve++;
        }
        pthread_mutex_unlock(&g->lock);
        return ok;
}

struct guard_conn *guard_open(struct guard *g, int fd, const struct sockaddr *sa)
{
        struct guard_conn *c = calloc(1, sizeof(*c));
        if (!c)
                return NULL;
        c->fd = fd;
        c->header_ms = g->header_ms;
        atomic_init(&c->due_ms, (int64_t)mono_ms() + g->header_ms);
        struct addr_key k;
        bool counted = key_of(sa, &k);
        pthread_mutex_lock(&g->lock);
        if (counted) {
                struct addr_entry *e = lookup(g, &k);
                if (!e) {
                        e = calloc(1, sizeof(*e));
                        if (e) {
                                struct addr_entry **b = bucket(g, &k);
                                e->key = k;
                                e->next = *b;
                                *b = e;
                        }
                }
                if (e)
                        e->count++;
                c->addr = e;
        }
        c->next = g->conns;
        if (g->conns)
                g->conns->prev = c;
        g->conns = c;
        g->open++;
        pthread_mutex_unlock(&g->lock);
        return c;
}

void guard_close(struct guard *g, struct guard_conn *c)
{
        if (!c)
                return;
        pthread_mutex_lock(&g->lock);
        if (c->prev)
                c->prev->next = c->next;
        else
                g->conns = c->next;
        if (c->next)
                c->next->prev = c->prev;
        g->open--;
        struct addr_entry *e = c->addr;
        if (e && --e->count == 0) {
                struct addr_entry **p = bucket(g, &e->key);
                while (*p != e)
                        p = &(*p)->next;
                *p = e->next;
                free(e);
        }
        pthread_mutex_unlock(&g->lock);
        free(c);
}

void guard_headers_in(struct guard_conn *c)
{
        if (c)
                atomic_store(&c->due_ms, 0);
}

void guard_request_done(struct guard_conn *c)
{
        if (c)
                atomic_store(&c->due_ms, (int64_t)mono_ms() + c->header_ms);
}

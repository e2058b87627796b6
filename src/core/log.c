#include "core/log.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static enum log_level current = LOG_INFO;
static const char *const names[] = {"error", "warn", "info", "debug"};

void log_set_level(enum log_level level)
{
        current = level;
}

int log_level_parse(const char *s, enum log_level *out)
{
        for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
                if (strcmp(s, names[i]) == 0) {
                        *out = (enum log_level)i;
                        return 0;
                }
        return -1;
}

/*
 * The "YYYY-MM-DDTHH:MM:SS" of t into out (20 bytes with its NUL), from a
 * per-thread copy while the second is the same: gmtime_r takes glibc's
 * time-zone lock, and a busy server logs many lines a second.
 */
static void second_text(time_t t, char out[20])
{
        static _Thread_local time_t cached = (time_t)-1;
        static _Thread_local char text[20];
        if (t != cached) {
                struct tm tm;
                gmtime_r(&t, &tm);
                snprintf(text, sizeof(text), "%04u-%02u-%02uT%02u:%02u:%02u",
                         (unsigned)(tm.tm_year + 1900) % 10000u, (unsigned)(tm.tm_mon + 1) % 100u,
                         (unsigned)tm.tm_mday % 100u, (unsigned)tm.tm_hour % 100u,
                         (unsigned)tm.tm_min % 100u, (unsigned)tm.tm_sec % 100u);
                cached = t;
        }
        memcpy(out, text, sizeof(text));
}

/*
 * All of buf to stderr.  A short write, which a pipe or file does not give
 * for a line or a buffer this size, is finished; an interrupted one is tried
 * again.
 */
static void write_all(const char *buf, size_t len)
{
        for (size_t off = 0; off < len;) {
                ssize_t w = write(STDERR_FILENO, buf + off, len - off);
                if (w < 0 && errno == EINTR)
                        continue;
                if (w <= 0)
                        break;
                off += (size_t)w;
        }
}

/* --- batching: a buffer per thread, a thread that writes them out --- */

enum { BATCH_BYTES = 16384, BATCH_EVERY_MS = 50 };

struct batch {
        pthread_mutex_t lock;
        size_t len;
        struct batch *next;
        char data[BATCH_BYTES];
};

static atomic_bool batching;
static pthread_mutex_t batches_lock = PTHREAD_MUTEX_INITIALIZER;
static struct batch *batches; /* every thread's, kept until the process ends */
static _Thread_local struct batch *mine;

static pthread_t writer;
static pthread_mutex_t writer_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t writer_wake;
static bool writer_stop;

static struct batch *my_batch(void)
{
        if (mine)
                return mine;
        struct batch *b = calloc(1, sizeof(*b));
        if (!b)
                return NULL;
        pthread_mutex_init(&b->lock, NULL);
        pthread_mutex_lock(&batches_lock);
        b->next = batches;
        batches = b;
        pthread_mutex_unlock(&batches_lock);
        mine = b;
        return b;
}

/* Write out what b holds (b->lock held). */
static void batch_flush(struct batch *b)
{
        if (b->len) {
                write_all(b->data, b->len);
                b->len = 0;
        }
}

static void flush_all(void)
{
        pthread_mutex_lock(&batches_lock);
        for (struct batch *b = batches; b; b = b->next) {
                pthread_mutex_lock(&b->lock);
                batch_flush(b);
                pthread_mutex_unlock(&b->lock);
        }
        pthread_mutex_unlock(&batches_lock);
}

static void *writer_main(void *arg)
{
        (void)arg;
        pthread_mutex_lock(&writer_lock);
        while (!writer_stop) {
                struct timespec until;
                clock_gettime(CLOCK_MONOTONIC, &until);
                until.tv_nsec += BATCH_EVERY_MS * 1000000L;
                if (until.tv_nsec >= 1000000000L) {
                        until.tv_sec++;
                        until.tv_nsec -= 1000000000L;
                }
                (void)pthread_cond_timedwait(&writer_wake, &writer_lock, &until);
                pthread_mutex_unlock(&writer_lock);
                flush_all();
                pthread_mutex_lock(&writer_lock);
        }
        pthread_mutex_unlock(&writer_lock);
        return NULL;
}

int log_batch_start(void)
{
        if (atomic_load(&batching))
                return 0;
        pthread_condattr_t ca;
        pthread_condattr_init(&ca);
        pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
        pthread_cond_init(&writer_wake, &ca);
        pthread_condattr_destroy(&ca);
        writer_stop = false;
        if (pthread_create(&writer, NULL, writer_main, NULL) != 0) {
                pthread_cond_destroy(&writer_wake);
                return -1;
        }
        atomic_store(&batching, true);
        return 0;
}

void log_batch_stop(void)
{
        if (!atomic_exchange(&batching, false))
                return;
        pthread_mutex_lock(&writer_lock);
        writer_stop = true;
        pthread_cond_signal(&writer_wake);
        pthread_mutex_unlock(&writer_lock);
        pthread_join(writer, NULL);
        pthread_cond_destroy(&writer_wake);
        flush_all();
}

void log_msg(enum log_level level, const char *fmt, ...)
{
        if (level > current)
                return;
        char line[2048];
        struct timespec ts;
        char second[20];
        clock_gettime(CLOCK_REALTIME, &ts);
        second_text(ts.tv_sec, second);
        int n = snprintf(line, sizeof(line), "%s.%03ldZ level=%s ", second, ts.tv_nsec / 1000000,
                         names[level]);
        if (n < 0)
                return;
        va_list ap;
        va_start(ap, fmt);
        (void)vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
        va_end(ap);
        size_t len = strnlen(line, sizeof(line) - 2);
        line[len++] = '\n';
        /*
         * Unbatched, one write(2) per line, so lines from several threads do
         * not interleave (stderr is unbuffered: stdio would add only its lock).
         * Batched, a line joins its thread's buffer whole, and a buffer is
         * written with one write(2).
         */
        struct batch *b = atomic_load(&batching) ? my_batch() : NULL;
        if (!b) {
                write_all(line, len);
                return;
        }
        pthread_mutex_lock(&b->lock);
        if (b->len + len > sizeof(b->data))
                batch_flush(b);
        memcpy(b->data + b->len, line, len);
        b->len += len;
        if (level <= LOG_WARN)
                batch_flush(b);
        pthread_mutex_unlock(&b->lock);
}

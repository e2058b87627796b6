#include "auth/throttle.h"

#include "core/util.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

#define SLOTS 4096
#define PROBE 8

struct slot {
        uint64_t key;
        double tokens;
        double refilled_ms;
        int64_t window_start;
        int64_t failures;
        double used_ms;
};

static struct slot slots[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static double rate_per_s, burst_size;
static int64_t login_max = 50, login_window = 900;
static unsigned char salt[crypto_shorthash_KEYBYTES];
static bool salted;

void throttle_configure(int64_t rate, int64_t burst, int64_t lmax, int64_t lwindow)
{
        pthread_mutex_lock(&lock);
        rate_per_s = (double)rate;
        burst_size = (double)burst;
        login_max = lmax;
        login_window = lwindow;
        if (!salted) {
                randombytes_buf(salt, sizeof(salt));
                salted = true;
        }
        memset(slots, 0, sizeof(slots));
        pthread_mutex_unlock(&lock);
}

/* The slot of addr, claiming the least recently used of its probe run. */
static struct slot *find(const char *addr, double now)
{
        uint64_t key;
        crypto_shorthash((unsigned char *)&key, (const unsigned char *)addr, strlen(addr), salt);
        key |= 1; /* 0 marks a free slot */
        size_t base = (size_t)(key % SLOTS);
        struct slot *victim = NULL;
        for (size_t i = 0; i < PROBE; i++) {
                struct slot *s = &slots[(base + i) % SLOTS];
                if (s->key == key) {
                        s->used_ms = now;
                        return s;
                }
                if (!victim || (victim->key != 0 && (s->key == 0 || s->used_ms < victim->used_ms)))
                        victim = s;
        }
        memset(victim, 0, sizeof(*victim));
        victim->key = key;
        victim->tokens = burst_size;
        victim->refilled_ms = now;
        victim->used_ms = now;
        return victim;
}

bool throttle_request(const char *addr)
{
        if (rate_per_s <= 0)
                return true;
        double now = mono_ms();
        pthread_mutex_lock(&lock);
        struct slot *s = find(addr, now);
        s->tokens += (now - s->refilled_ms) * rate_per_s / 1000.0;
        if (s->tokens > burst_size)
                s->tokens = burst_size;
        s->refilled_ms = now;
        bool ok = s->tokens >= 1.0;
        if (ok)
                s->tokens -= 1.0;
        pthread_mutex_unlock(&lock);
        return ok;
}

bool throttle_login_blocked(const char *addr)
{
        int64_t now = now_seconds();
        pthread_mutex_lock(&lock);
        struct slot *s = find(addr, mono_ms());
        bool blocked =
            s->window_start && now - s->window_start < login_window && s->failures >= login_max;
        pthread_mutex_unlock(&lock);
        return blocked;
}

void throttle_login_failed(const char *addr)
{
        int64_t now = now_seconds();
        pthread_mutex_lock(&lock);
        struct slot *s = find(addr, mono_ms());
        if (!s->window_start || now - s->window_start >= login_window) {
                s->window_start = now;
                s->failures = 0;
        }
        s->failures++;
        pthread_mutex_unlock(&lock);
}

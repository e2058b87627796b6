/*
 * A per-request arena: every allocation made while serving one request comes
 * from here and is released by one arena_free().  Each arena has a ceiling;
 * an allocation past it returns NULL, which callers treat as "too large".
 */
#ifndef ECAT_ARENA_H
#define ECAT_ARENA_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct arena_chunk;

struct arena {
        struct arena_chunk *head;
        size_t used;     /* bytes handed out, all chunks */
        size_t limit;    /* ceiling on used */
        long fail_after; /* arena_fail_after(): allocations left until one fails; 0 off */
        bool failed;     /* an allocation has returned NULL since arena_init/arena_free */
};

/* Start an empty arena that will hand out at most limit bytes. */
void arena_init(struct arena *a, size_t limit);
/* Release every allocation of the arena; it may be used again afterwards. */
void arena_free(struct arena *a);
/*
 * For tests: make the nth allocation from now (1: the next) fail as one past
 * the ceiling does, once; the ones after it succeed again.  n <= 0 disarms;
 * arena_init() disarms, arena_free() does not.  Every function below counts
 * as one allocation.
 */
void arena_fail_after(struct arena *a, long n);
/*
 * Whether an allocation has failed since arena_init() or arena_free(): a
 * request whose arena ran out may have dropped something on the way (a
 * header, a message), so the gate answers it 500 and its transaction is
 * not committed (api/params.h tx_commit).
 */
bool arena_failed(const struct arena *a);
/* size bytes aligned for any type, zeroed; NULL past the ceiling. */
void *arena_alloc(struct arena *a, size_t size);
/* A NUL-terminated copy of s[0..len); NULL past the ceiling. */
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_strdup(struct arena *a, const char *s);
/* printf into the arena; NULL past the ceiling or on a format error. */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

#endif

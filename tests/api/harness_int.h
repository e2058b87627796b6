/* Shared between the harness's own files; tests use harness.h only. */
#ifndef ECAT_API_HARNESS_INT_H
#define ECAT_API_HARNESS_INT_H

#include "harness.h"

#include <stddef.h>

/* malloc and strdup that abort when memory runs out. */
void *harness_xmalloc(size_t n);
char *harness_xstrdup(const char *s);
/* Release p with fn when the current test ends; returns p.  Any thread. */
void *harness_own(void (*fn)(void *), void *p);
/* Add a response to the current test's list (freed when it ends).  Any thread. */
void harness_track_resp(struct resp *r);

static inline void *xmalloc(size_t n)
{
        return harness_xmalloc(n);
}

static inline char *xstrdup(const char *s)
{
        return harness_xstrdup(s);
}

static inline void *own(void (*fn)(void *), void *p)
{
        return harness_own(fn, p);
}

#endif

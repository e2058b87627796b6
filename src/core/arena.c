#include "core/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK 8192
#define ARENA_ALIGN 16

struct arena_chunk {
        struct arena_chunk *next;
        size_t size; /* usable bytes in data */
        size_t off;  /* next free byte */
        _Alignas(ARENA_ALIGN) unsigned char data[];
};

void arena_init(struct arena *a, size_t limit)
{
        a->head = NULL;
        a->used = 0;
        a->limit = limit;
        a->fail_after = 0;
        a->failed = false;
}

void arena_fail_after(struct arena *a, long n)
{
        a->fail_after = n > 0 ? n : 0;
}

void arena_free(struct arena *a)
{
        struct arena_chunk *c = a->head;
        while (c) {
                struct arena_chunk *next = c->next;
                free(c);
                c = next;
        }
        a->head = NULL;
        a->used = 0;
        a->failed = false;
}

bool arena_failed(const struct arena *a)
{
        return a->failed;
}

static void *alloc(struct arena *a, size_t size)
{
        if (a->fail_after && --a->fail_after == 0)
                return NULL;
        if (size == 0)
                size = 1;
        if (size > SIZE_MAX - ARENA_ALIGN)
                return NULL;
        size_t rounded = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
        if (rounded > a->limit || a->used > a->limit - rounded)
                return NULL;
        struct arena_chunk *c = a->head;
        if (!c || c->size - c->off < rounded) {
                size_t want = rounded > ARENA_CHUNK ? rounded : ARENA_CHUNK;
                c = malloc(sizeof(*c) + want);
                if (!c)
                        return NULL;
                c->size = want;
                c->off = 0;
                /* A large block goes behind the head so the head keeps its free space. */
                if (a->head && rounded > ARENA_CHUNK) {
                        c->next = a->head->next;
                        a->head->next = c;
                } else {
                        c->next = a->head;
                        a->head = c;
                }
        }
        void *p = c->data + c->off;
        c->off += rounded;
        a->used += rounded;
        memset(p, 0, size);
        return p;
}

void *arena_alloc(struct arena *a, size_t size)
{
        void *p = alloc(a, size);
        if (!p)
                a->failed = true;
        return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
        if (len == SIZE_MAX)
                return NULL;
        char *p = arena_alloc(a, len + 1);
        if (!p)
                return NULL;
        if (len)
                memcpy(p, s, len);
        p[len] = '\0';
        return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
        return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
        va_list ap2;
        va_copy(ap2, ap);
        int n = vsnprintf(NULL, 0, fmt, ap2);
        va_end(ap2);
        if (n < 0)
                return NULL;
        char *p = arena_alloc(a, (size_t)n + 1);
        if (!p)
                return NULL;
        (void)vsnprintf(p, (size_t)n + 1, fmt, ap);
        return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        char *p = arena_vprintf(a, fmt, ap);
        va_end(ap);
        return p;
}

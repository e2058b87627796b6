/*
 * The text of a full-text search in the store's dialect (store.h).  SQLite:
 * an FTS5 query over organisations_fts, one `{name} : "word"*` term per word,
 * joined by spaces (FTS5's implicit AND).
 */
#include "store/store.h"

#include "core/arena.h"
#include "core/buf.h"

#include <string.h>

static bool word_byte(unsigned char c)
{
        return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
               (c >= 'A' && c <= 'Z');
}

const char *store_search_query(struct arena *a, const char *q)
{
        static const char first[] = "{name} : \"";
        static const char next[] = " {name} : \"";
        struct buf b;
        buf_init(&b, STORE_SEARCH_MAX_BYTES);
        int tokens = 0;
        bool failed = false;
        const unsigned char *p = (const unsigned char *)q;
        while (*p && tokens < STORE_SEARCH_MAX_WORDS) {
                while (*p && !word_byte(*p))
                        p++;
                if (!*p)
                        break;
                const unsigned char *start = p;
                while (*p && word_byte(*p))
                        p++;
                size_t wlen = (size_t)(p - start);
                const char *lead = tokens ? next : first;
                size_t lead_len = tokens ? sizeof(next) - 1 : sizeof(first) - 1;
                /* Only whole terms: a word that does not fit ends the query before it. */
                if (wlen > STORE_SEARCH_MAX_BYTES ||
                    b.len + lead_len + wlen + 2 > STORE_SEARCH_MAX_BYTES)
                        break;
                if (buf_append(&b, lead, lead_len) < 0 || buf_append(&b, start, wlen) < 0 ||
                    buf_puts(&b, "\"*") < 0) {
                        failed = true; /* out of memory: no query rather than a part of one */
                        break;
                }
                tokens++;
        }
        const char *out = !failed && tokens && b.data ? arena_strdup(a, b.data) : NULL;
        buf_free(&b);
        return out;
}

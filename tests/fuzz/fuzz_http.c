/*
 * libFuzzer harness: the request parts server.c reads without
 * libmicrohttpd.  The input is lines: the first a path, percent-decoded by
 * url_unescape() (which must never grow it nor let a NUL in); the second an
 * X-Forwarded-For value for forwarded_client() (which must give back an
 * address inet_pton reads, or nothing); the rest "key=value" query
 * parameters, each decoded and collected by req_query_add(), after which the
 * request holds at most REQUEST_MAX_QUERY distinct, bounded, UTF-8
 * parameters, or says why not.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "http/request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
        do {                                                                                       \
                if (!(cond))                                                                       \
                        abort();                                                                   \
        } while (0)

/* Decode s (a copy of n bytes): the result is no longer and holds no NUL before its end. */
static char *decoded(const char *s, size_t n, size_t *len)
{
        char *d = malloc(n + 1);
        CHECK(d != NULL);
        memcpy(d, s, n);
        d[n] = '\0';
        size_t before = strlen(d);
        *len = url_unescape(d);
        CHECK(*len <= before && strlen(d) == *len);
        return d;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct request r;
        memset(&r, 0, sizeof(r));
        arena_init(&r.arena, 1u << 20);
        const char *p = (const char *)data, *end = p + size;
        int line = 0;
        while (p < end) {
                const char *nl = memchr(p, '\n', (size_t)(end - p));
                size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
                size_t len;
                char *s = decoded(p, n, &len);
                if (line == 0) {
                        /* An escaped NUL is kept as text, never decoded. */
                        CHECK(!memchr(p, '\0', n) || len <= n);
                } else if (line == 1) {
                        char out[FORWARDED_ADDR_MAX] = "unchanged";
                        unsigned char bin[16];
                        if (forwarded_client(s, out))
                                CHECK(inet_pton(AF_INET, out, bin) == 1 ||
                                      inet_pton(AF_INET6, out, bin) == 1);
                        else
                                CHECK(strcmp(out, "unchanged") == 0);
                } else {
                        char *eq = strchr(s, '=');
                        if (eq)
                                *eq = '\0';
                        const char *value = eq ? eq + 1 : NULL;
                        req_query_add(&r, s, strlen(s), value, value ? strlen(value) : 0);
                }
                free(s);
                line++;
                p += n + (nl != NULL);
        }
        if (r.query_bad) {
                CHECK(r.query_err && r.query_err[0]);
        }
        CHECK(r.n_query <= REQUEST_MAX_QUERY);
        for (size_t i = 0; i < r.n_query; i++) {
                const char *k = r.query[i].key, *v = r.query[i].value;
                CHECK(strlen(k) <= 64 && strlen(v) <= 1024);
                CHECK(utf8_valid(k, strlen(k)) && utf8_valid(v, strlen(v)));
                CHECK(req_query(&r, k) == v);
                for (size_t j = 0; j < i; j++)
                        CHECK(strcmp(r.query[j].key, k) != 0);
        }
        arena_free(&r.arena);
        return 0;
}

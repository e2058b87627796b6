/*
 * The parts of reading a request that need no libmicrohttpd: query
 * parameters collected with their limits, percent-decoding, the client
 * address a trusted proxy names, response headers.  server.c feeds them
 * what libmicrohttpd hands it; the fuzz harness fuzz_http feeds them bytes.
 */
#include "http/request.h"

#include "core/util.h"

#include <arpa/inet.h>
#include <string.h>

const char *req_query(const struct request *r, const char *key)
{
        for (size_t i = 0; i < r->n_query; i++)
                if (strcmp(r->query[i].key, key) == 0)
                        return r->query[i].value;
        return NULL;
}

void req_add_header(struct request *r, const char *name, const char *value)
{
        if (r->n_resp_headers >= REQUEST_MAX_HEADERS)
                return;
        r->resp_headers[r->n_resp_headers].name = name;
        r->resp_headers[r->n_resp_headers].value = arena_strdup(&r->arena, value);
        if (r->resp_headers[r->n_resp_headers].value)
                r->n_resp_headers++;
}

static void query_refused(struct request *r, const char *why)
{
        r->query_bad = true;
        r->query_err = why;
}

void req_query_add(struct request *r, const char *key, size_t key_size, const char *value,
                   size_t value_size)
{
        if (r->query_bad)
                return;
        if (!value) {
                value = "";
                value_size = 0;
        }
        if (!key || strlen(key) != key_size || strlen(value) != value_size) {
                query_refused(r, "a query parameter contains a NUL byte");
                return;
        }
        if (key_size > 64 || value_size > 1024 || !utf8_valid(key, key_size) ||
            !utf8_valid(value, value_size)) {
                query_refused(r, "query parameter is too long or not valid UTF-8");
                return;
        }
        if (r->n_query >= REQUEST_MAX_QUERY) {
                query_refused(r, "too many query parameters");
                return;
        }
        for (size_t i = 0; i < r->n_query; i++)
                if (strcmp(r->query[i].key, key) == 0) {
                        const char *why =
                            arena_printf(&r->arena, "query parameter '%s' given twice", key);
                        query_refused(r, why ? why : "a query parameter is given twice");
                        return;
                }
        const char *k = arena_strndup(&r->arena, key, key_size);
        const char *v = arena_strndup(&r->arena, value, value_size);
        if (!k || !v) {
                query_refused(r, "out of request memory");
                return;
        }
        r->query[r->n_query].key = k;
        r->query[r->n_query].value = v;
        r->n_query++;
}

static int hex_value(char c)
{
        if (c >= '0' && c <= '9')
                return c - '0';
        if (c >= 'a' && c <= 'f')
                return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
                return c - 'A' + 10;
        return -1;
}

size_t url_unescape(char *s)
{
        char *w = s;
        for (const char *r = s; *r;) {
                int hi = r[0] == '%' ? hex_value(r[1]) : -1;
                int lo = hi >= 0 ? hex_value(r[2]) : -1;
                if (lo >= 0 && (hi | lo) != 0) {
                        *w++ = (char)(hi * 16 + lo);
                        r += 3;
                } else {
                        *w++ = *r++;
                }
        }
        *w = '\0';
        return (size_t)(w - s);
}

bool forwarded_client(const char *xff, char out[FORWARDED_ADDR_MAX])
{
        const char *last = strrchr(xff, ',');
        last = last ? last + 1 : xff;
        while (*last == ' ')
                last++;
        char cand[FORWARDED_ADDR_MAX];
        size_t n = strcspn(last, " ");
        if (n >= sizeof(cand))
                return false;
        unsigned char bin[sizeof(struct in6_addr)];
        memcpy(cand, last, n);
        cand[n] = '\0';
        if (inet_pton(AF_INET, cand, bin) != 1 && inet_pton(AF_INET6, cand, bin) != 1)
                return false;
        memcpy(out, cand, n + 1);
        return true;
}

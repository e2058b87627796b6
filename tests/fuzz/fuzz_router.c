/*
 * libFuzzer harness: the first byte picks a method, the rest is a path for
 * router_match() over api_routes.  A route found must rebuild the path from
 * its pattern and ids; a 405 must not allow the method asked for.  The same
 * bytes also go through the small parsers (integers, dates, booleans,
 * UTF-8), each checked against what it promises.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "core/util.h"
#include "http/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
        do {                                                                                       \
                if (!(cond))                                                                       \
                        abort();                                                                   \
        } while (0)

static void check_route(enum http_method m, const char *path)
{
        const struct route *route = NULL;
        int64_t ids[REQUEST_MAX_IDS] = {0};
        char allow[64];
        char small[8];
        enum route_match rc =
            router_match(api_routes, api_routes_count, m, path, &route, ids, allow, sizeof(allow));
        switch (rc) {
        case ROUTE_FOUND: {
                CHECK(route >= api_routes && route < api_routes + api_routes_count);
                CHECK(route->method == m);
                /* The pattern with the ids put back gives the path again. */
                char rebuilt[ROUTER_MAX_PATH + 64];
                size_t used = 0;
                int n_ids = 0;
                for (const char *p = route->pattern; *p;) {
                        if (strncmp(p, "{id}", 4) == 0) {
                                CHECK(n_ids < REQUEST_MAX_IDS && ids[n_ids] > 0);
                                used += (size_t)snprintf(rebuilt + used, sizeof(rebuilt) - used,
                                                         "%" PRId64, ids[n_ids++]);
                                p += 4;
                        } else {
                                rebuilt[used++] = *p++;
                        }
                        CHECK(used < sizeof(rebuilt));
                }
                rebuilt[used] = '\0';
                CHECK(strcmp(rebuilt, path) == 0);
                break;
        }
        case ROUTE_BAD_METHOD:
                CHECK(route == NULL);
                CHECK(allow[0] != '\0' && strlen(allow) < sizeof(allow));
                /* The method asked for is not among those allowed. */
                for (const char *p = allow; *p;) {
                        size_t n = strcspn(p, ",");
                        const char *name = http_method_name(m);
                        CHECK(!(n == strlen(name) && memcmp(p, name, n) == 0));
                        p += n;
                        while (*p == ',' || *p == ' ')
                                p++;
                }
                /* A short buffer still gets a terminated string. */
                CHECK(router_match(api_routes, api_routes_count, m, path, &route, ids, small,
                                   sizeof(small)) == ROUTE_BAD_METHOD);
                CHECK(memchr(small, '\0', sizeof(small)) != NULL);
                break;
        case ROUTE_NOT_FOUND:
                CHECK(route == NULL);
                break;
        default:
                abort();
        }
}

static void check_parsers(const char *s, const uint8_t *raw, size_t size)
{
        int64_t v;
        if (parse_int64(s, INT64_MIN, INT64_MAX, &v) == 0) {
                /* Only an optional '-' and digits, and the value reads back the same. */
                const char *p = s[0] == '-' ? s + 1 : s;
                CHECK(*p && strspn(p, "0123456789") == strlen(p));
                char back[32];
                snprintf(back, sizeof(back), "%" PRId64, v);
                int64_t again;
                CHECK(parse_int64(back, INT64_MIN, INT64_MAX, &again) == 0 && again == v);
        }
        if (parse_int64(s, -1000, 1000, &v) == 0)
                CHECK(v >= -1000 && v <= 1000);

        int32_t days;
        if (parse_date(s, &days) == 0) {
                char text[11];
                format_date(days, text);
                CHECK(strcmp(text, s) == 0);
        }

        bool b;
        if (parse_bool(s, &b) == 0)
                CHECK(strcmp(s, b ? "true" : "false") == 0 || strcmp(s, b ? "1" : "0") == 0);

        int m = http_method_parse(s);
        if (m >= 0)
                CHECK(strcmp(http_method_name((enum http_method)m), s) == 0);

        /* UTF-8 on the raw bytes (NULs included), against a plain decoder. */
        bool valid = utf8_valid((const char *)raw, size);
        bool expect = true;
        size_t chars = 0;
        for (size_t i = 0; i < size && expect; chars++) {
                uint32_t c = raw[i], cp, min;
                size_t n;
                if (c == 0) {
                        expect = false;
                        break;
                } else if (c < 0x80) {
                        n = 0, cp = c, min = 0;
                } else if ((c & 0xE0) == 0xC0) {
                        n = 1, cp = c & 0x1F, min = 0x80;
                } else if ((c & 0xF0) == 0xE0) {
                        n = 2, cp = c & 0x0F, min = 0x800;
                } else if ((c & 0xF8) == 0xF0) {
                        n = 3, cp = c & 0x07, min = 0x10000;
                } else {
                        expect = false;
                        break;
                }
                if (size - i - 1 < n) {
                        expect = false;
                        break;
                }
                for (size_t k = 1; k <= n; k++) {
                        if ((raw[i + k] & 0xC0) != 0x80) {
                                expect = false;
                                break;
                        }
                        cp = (cp << 6) | (raw[i + k] & 0x3F);
                }
                if (expect && (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)))
                        expect = false;
                i += n + 1;
        }
        CHECK(valid == expect);
        if (valid)
                CHECK(utf8_length((const char *)raw, size) == chars);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        if (size < 1)
                return 0;
        enum http_method m = (enum http_method)(data[0] % HTTP__MAX);
        /* The path as a C string (it ends at the first NUL, as a request's would). */
        char *path = malloc(size);
        if (!path)
                return 0;
        memcpy(path, data + 1, size - 1);
        path[size - 1] = '\0';
        check_route(m, path);
        check_parsers(path, data + 1, size - 1);
        free(path);
        return 0;
}

#include "http/router.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const char *const method_names[HTTP__MAX] = {"GET", "POST", "PUT", "PATCH", "DELETE"};

const char *http_method_name(enum http_method m)
{
        return (unsigned)m < HTTP__MAX ? method_names[m] : "?";
}

int http_method_parse(const char *s)
{
        for (int i = 0; i < HTTP__MAX; i++)
                if (strcmp(s, method_names[i]) == 0)
                        return i;
        return -1;
}

/* A positive decimal id without leading zeros, at most 18 digits. */
static bool parse_id(const char *s, size_t n, int64_t *out)
{
        if (n == 0 || n > 18 || s[0] == '0')
                return false;
        int64_t v = 0;
        for (size_t i = 0; i < n; i++) {
                if (s[i] < '0' || s[i] > '9')
                        return false;
                v = v * 10 + (s[i] - '0');
        }
        *out = v;
        return true;
}

/* Whether path matches pattern segment by segment; ids filled in order. */
static bool pattern_match(const char *pattern, const char *path, int64_t ids[REQUEST_MAX_IDS])
{
        int n_ids = 0;
        const char *p = pattern, *q = path;
        while (*p && *q) {
                if (*p != '/' || *q != '/')
                        return false;
                p++;
                q++;
                size_t plen = strcspn(p, "/");
                size_t qlen = strcspn(q, "/");
                if (plen == 4 && memcmp(p, "{id}", 4) == 0) {
                        int64_t id;
                        if (n_ids >= REQUEST_MAX_IDS || !parse_id(q, qlen, &id))
                                return false;
                        ids[n_ids++] = id;
                } else if (plen != qlen || memcmp(p, q, plen) != 0) {
                        return false;
                }
                p += plen;
                q += qlen;
        }
        return *p == '\0' && *q == '\0';
}

enum route_match router_match(const struct route *table, size_t n, enum http_method method,
                              const char *path, const struct route **route,
                              int64_t ids[REQUEST_MAX_IDS], char *allow, size_t allow_len)
{
        bool methods[HTTP__MAX] = {false};
        bool any = false;
        if (!path || path[0] != '/' || strlen(path) > ROUTER_MAX_PATH)
                return ROUTE_NOT_FOUND;
        for (size_t i = 0; i < n; i++) {
                int64_t tmp[REQUEST_MAX_IDS] = {0};
                if (!pattern_match(table[i].pattern, path, tmp))
                        continue;
                if (table[i].method == method) {
                        *route = &table[i];
                        memcpy(ids, tmp, sizeof(tmp));
                        return ROUTE_FOUND;
                }
                methods[table[i].method] = true;
                any = true;
        }
        if (!any)
                return ROUTE_NOT_FOUND;
        if (allow && allow_len) {
                allow[0] = '\0';
                size_t used = 0;
                for (int m = 0; m < HTTP__MAX; m++) {
                        if (!methods[m])
                                continue;
                        int w = snprintf(allow + used, allow_len - used, "%s%s", used ? ", " : "",
                                         method_names[m]);
                        if (w < 0 || (size_t)w >= allow_len - used)
                                break;
                        used += (size_t)w;
                }
        }
        return ROUTE_BAD_METHOD;
}

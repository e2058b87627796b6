/*
 * The API test harness's HTTP side (see harness.h): a libcurl client with its
 * own session cookie and CSRF token, responses with headers and parsed JSON,
 * logins, and the checks of the error shape and the security headers.
 */
#include "harness.h"
#include "harness_int.h"

#include <curl/curl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- HTTP ---- */

struct client {
        CURL *curl;
        char base[64];
        char cookie[512];
        char csrf[256];
        char *bearer;
        bool csrf_on;
        bool chunked;
        bool fresh;
};

static void client_destroy(void *p)
{
        struct client *c = p;
        curl_easy_cleanup(c->curl);
        free(c->bearer);
        free(c);
}

struct client *client_new(struct server *s)
{
        struct client *c = xmalloc(sizeof(*c));
        memset(c, 0, sizeof(*c));
        c->curl = curl_easy_init();
        if (!c->curl) {
                free(c);
                FAIL("curl_easy_init failed");
        }
        snprintf(c->base, sizeof(c->base), "http://127.0.0.1:%d", server_port(s));
        c->csrf_on = true;
        return own(client_destroy, c);
}

void client_set_bearer(struct client *c, const char *token)
{
        free(c->bearer);
        c->bearer = token ? xstrdup(token) : NULL;
}

void client_send_csrf(struct client *c, bool on)
{
        c->csrf_on = on;
}

void client_chunked(struct client *c, bool on)
{
        c->chunked = on;
}

void client_fresh_connections(struct client *c, bool on)
{
        c->fresh = on;
}

const char *client_cookie(const struct client *c)
{
        return c->cookie[0] ? c->cookie : NULL;
}

void client_set_cookie(struct client *c, const char *value)
{
        snprintf(c->cookie, sizeof(c->cookie), "%s", value ? value : "");
}

const char *client_csrf(const struct client *c)
{
        return c->csrf;
}

struct body_in {
        const char *p;
        size_t left;
};

static size_t on_read(char *dst, size_t size, size_t n, void *ud)
{
        struct body_in *b = ud;
        size_t want = size * n;
        /* Small pieces, so a chunked body really arrives in several chunks. */
        if (want > 1000)
                want = 1000;
        if (want > b->left)
                want = b->left;
        memcpy(dst, b->p, want);
        b->p += want;
        b->left -= want;
        return want;
}

struct sink {
        char *p;
        size_t len, cap;
};

static size_t on_write(char *src, size_t size, size_t n, void *ud)
{
        struct sink *s = ud;
        size_t add = size * n;
        if (s->len + add + 1 > s->cap) {
                size_t cap = s->cap ? s->cap : 4096;
                while (cap < s->len + add + 1)
                        cap *= 2;
                char *q = realloc(s->p, cap);
                if (!q)
                        return 0;
                s->p = q;
                s->cap = cap;
        }
        memcpy(s->p + s->len, src, add);
        s->len += add;
        s->p[s->len] = '\0';
        return add;
}

static size_t on_header(char *src, size_t size, size_t n, void *ud)
{
        struct resp *r = ud;
        size_t len = size * n;
        if (len >= 5 && strncmp(src, "HTTP/", 5) == 0) {
                /* A new status line (after 100 Continue): keep only the final headers. */
                for (size_t i = 0; i < r->n_headers; i++)
                        free(r->headers[i]);
                r->n_headers = 0;
                return len;
        }
        while (len && (src[len - 1] == '\n' || src[len - 1] == '\r'))
                len--;
        if (!len || !memchr(src, ':', len))
                return size * n;
        char **h = realloc(r->headers, (r->n_headers + 1) * sizeof(*h));
        if (!h)
                return 0;
        r->headers = h;
        char *line = xmalloc(len + 1);
        memcpy(line, src, len);
        line[len] = '\0';
        r->headers[r->n_headers++] = line;
        return size * n;
}

static const char *header_value(const char *line, const char *name)
{
        size_t n = strlen(name);
        if (strncasecmp(line, name, n) != 0 || line[n] != ':')
                return NULL;
        const char *v = line + n + 1;
        while (*v == ' ' || *v == '\t')
                v++;
        return v;
}

const char *resp_header(const struct resp *r, const char *name)
{
        for (size_t i = 0; i < r->n_headers; i++) {
                const char *v = header_value(r->headers[i], name);
                if (v)
                        return v;
        }
        return NULL;
}

size_t resp_header_count(const struct resp *r, const char *name)
{
        size_t k = 0;
        for (size_t i = 0; i < r->n_headers; i++)
                if (header_value(r->headers[i], name))
                        k++;
        return k;
}

/* Take the session cookie from Set-Cookie: a value sets it, an empty one or Max-Age=0 ends it. */
static void take_cookie(struct client *c, const struct resp *r)
{
        for (size_t i = 0; i < r->n_headers; i++) {
                const char *v = header_value(r->headers[i], "Set-Cookie");
                if (!v || strncmp(v, "ecat_session=", 13) != 0)
                        continue;
                v += 13;
                size_t n = strcspn(v, ";");
                if (n == 0 || n >= sizeof(c->cookie) || strcasestr(v, "Max-Age=0")) {
                        c->cookie[0] = '\0';
                        continue;
                }
                memcpy(c->cookie, v, n);
                c->cookie[n] = '\0';
        }
}

struct resp *http_request(struct client *c, const char *method, const char *path,
                          const char *content_type, const char *body, size_t len, ...)
{
        struct resp *r = xmalloc(sizeof(*r));
        memset(r, 0, sizeof(*r));
        CURL *h = c->curl;
        curl_easy_reset(h);
        char url[4096];
        snprintf(url, sizeof(url), "%s%s", c->base, path);
        curl_easy_setopt(h, CURLOPT_URL, url);
        if (c->fresh) {
                curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
                curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
        }
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)(30000 * slow_factor()));
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)(10000 * slow_factor()));
        curl_easy_setopt(h, CURLOPT_PROXY, "");
        curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
        curl_easy_setopt(h, CURLOPT_ERRORBUFFER, r->error);
        struct sink sink = {0};
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_write);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
        curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(h, CURLOPT_HEADERDATA, r);

        bool safe = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
        struct body_in in = {body, len};
        if (strcmp(method, "GET") == 0 && !body)
                curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
        else if (strcmp(method, "HEAD") == 0)
                curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
        else
                curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
        if (body && c->chunked) {
                curl_easy_setopt(h, CURLOPT_POST, 1L);
                curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read);
                curl_easy_setopt(h, CURLOPT_READDATA, &in);
        } else if (body) {
                curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
                curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
        }

        struct curl_slist *hdrs = NULL;
        char line[1024];
        bool csrf_given = false;
        va_list ap;
        va_start(ap, len);
        for (const char *x; (x = va_arg(ap, const char *)) != NULL;) {
                hdrs = curl_slist_append(hdrs, x);
                if (strncasecmp(x, "X-CSRF-Token:", 13) == 0)
                        csrf_given = true;
        }
        va_end(ap);
        hdrs = curl_slist_append(hdrs, "Expect:");
        if (body && c->chunked)
                hdrs = curl_slist_append(hdrs, "Transfer-Encoding: chunked");
        if (content_type) {
                snprintf(line, sizeof(line), "Content-Type: %s", content_type);
                hdrs = curl_slist_append(hdrs, line);
        } else {
                hdrs = curl_slist_append(hdrs, "Content-Type:"); /* none, not a form */
        }
        if (c->cookie[0]) {
                snprintf(line, sizeof(line), "Cookie: ecat_session=%s", c->cookie);
                hdrs = curl_slist_append(hdrs, line);
        }
        if (c->bearer) {
                snprintf(line, sizeof(line), "Authorization: Bearer %s", c->bearer);
                hdrs = curl_slist_append(hdrs, line);
        }
        if (!safe && c->csrf_on && c->csrf[0] && !csrf_given) {
                snprintf(line, sizeof(line), "X-CSRF-Token: %s", c->csrf);
                hdrs = curl_slist_append(hdrs, line);
        }
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);

        double t0 = now_ms();
        CURLcode rc = curl_easy_perform(h);
        r->ms = now_ms() - t0;
        curl_slist_free_all(hdrs);
        if (rc != CURLE_OK) {
                if (!r->error[0])
                        snprintf(r->error, sizeof(r->error), "%s", curl_easy_strerror(rc));
                r->status = 0;
        } else {
                curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
        }
        curl_easy_setopt(h, CURLOPT_ERRORBUFFER, NULL);
        r->body = sink.p ? sink.p : xstrdup("");
        r->len = sink.len;
        if (r->len)
                r->json = json_loadb(r->body, r->len, 0, NULL);
        if (r->status)
                take_cookie(c, r);

        harness_track_resp(r);
        return r;
}

struct resp *http_get(struct client *c, const char *path)
{
        return http(c, "GET", path, NULL, NULL, 0);
}

struct resp *http_json(struct client *c, const char *method, const char *path, const char *json)
{
        return http(c, method, path, "application/json", json, strlen(json));
}

static const struct {
        const char *login, *password, *role;
} demo_users[] = {
    {"admin", "demo-admin-pass-2013", "admin"},
    {"coordinator", "demo-coordinator-2013", "coordinator"},
    {"outreach", "demo-outreach-2013", "outreach_worker"},
    {"caseworker", "demo-caseworker-2013", "case_worker"},
    {"casemanager", "demo-casemanager-2013", "case_manager"},
    {"viewer", "demo-viewer-pass-2013", "viewer"},
    {"auditor", "demo-auditor-pass-2013", "auditor"},
    {"rahabworker", "demo-rahabworker-2013", "case_worker"},
    {"rahabmanager", "demo-rahabmanager-2013", "case_manager"},
    {"policecases", "demo-policecases-2013", "case_manager"},
};

const char *demo_password(const char *login)
{
        for (size_t i = 0; i < sizeof(demo_users) / sizeof(demo_users[0]); i++)
                if (strcmp(demo_users[i].login, login) == 0)
                        return demo_users[i].password;
        return NULL;
}

const char *demo_login_for_role(const char *role)
{
        for (size_t i = 0; i < sizeof(demo_users) / sizeof(demo_users[0]); i++)
                if (strcmp(demo_users[i].role, role) == 0)
                        return demo_users[i].login;
        return NULL;
}

struct resp *try_login(struct client *c, const char *user, const char *password)
{
        json_t *j = json_pack("{s:s, s:s}", "login", user, "password", password);
        char *text = json_dumps(j, JSON_COMPACT);
        json_decref(j);
        if (!text)
                FAIL("out of memory");
        struct resp *r = http_json(c, "POST", "/api/v1/session", text);
        free(text);
        return r;
}

struct resp *try_login_json(struct client *c, const char *json)
{
        struct resp *r = http_json(c, "POST", "/api/v1/session", json);
        const char *csrf = r->status == 200 ? json_str_at(r->json, "csrf_token") : NULL;
        if (csrf)
                snprintf(c->csrf, sizeof(c->csrf), "%s", csrf);
        return r;
}

struct resp *login(struct client *c, const char *user, const char *password)
{
        struct resp *r = try_login(c, user, password);
        if (r->status != 200)
                FAIL("login as %s: status %ld, body %s %s", user, r->status, r->body, r->error);
        const char *csrf = json_str_at(r->json, "csrf_token");
        if (!csrf || !*csrf)
                FAIL("login as %s: no csrf_token in %s", user, r->body);
        if (!c->cookie[0])
                FAIL("login as %s: no ecat_session cookie", user);
        snprintf(c->csrf, sizeof(c->csrf), "%s", csrf);
        return r;
}

struct client *client_login(struct server *s, const char *user)
{
        const char *pw = demo_password(user);
        if (!pw)
                FAIL("%s is not a demo login", user);
        struct client *c = client_new(s);
        login(c, user, pw);
        return c;
}

/* ---- JSON and checks ---- */

json_t *json_at(json_t *root, const char *path)
{
        char key[256];
        json_t *v = root;
        while (v && *path) {
                size_t n = strcspn(path, ".");
                if (n >= sizeof(key))
                        return NULL;
                memcpy(key, path, n);
                key[n] = '\0';
                v = json_is_object(v) ? json_object_get(v, key) : NULL;
                path += n;
                if (*path == '.')
                        path++;
        }
        return v;
}

const char *json_str_at(json_t *root, const char *path)
{
        json_t *v = json_at(root, path);
        return json_is_string(v) ? json_string_value(v) : NULL;
}

long long json_int_at(json_t *root, const char *path)
{
        json_t *v = json_at(root, path);
        if (!json_is_integer(v))
                FAIL("JSON member %s is not an integer", path);
        return (long long)json_integer_value(v);
}

static const char *shorten(const char *s)
{
        size_t n = strlen(s);
        if (n <= 600)
                return s;
        return test_msg("%.600s... (%zu bytes)", s, n);
}

void check_status_at(const char *file, int line, const struct resp *r, long want)
{
        if (r->status != want)
                test_fail_at(file, line, "status %ld, expected %ld; body: %s%s%s", r->status, want,
                             shorten(r->body), r->error[0] ? "; transport: " : "", r->error);
}

void expect_security_headers_at(const char *file, int line, const struct resp *r)
{
        const char *csp = resp_header(r, "Content-Security-Policy");
        if (!csp)
                test_fail_at(file, line, "no Content-Security-Policy (status %ld)", r->status);
        if (strstr(csp, "unsafe-inline") || strstr(csp, "unsafe-eval"))
                test_fail_at(file, line, "the CSP allows unsafe code: %s", csp);
        if (!strstr(csp, "frame-ancestors 'none'"))
                test_fail_at(file, line, "the CSP lacks frame-ancestors 'none': %s", csp);
        if (!strstr(csp, "default-src") && !strstr(csp, "script-src"))
                test_fail_at(file, line, "the CSP restricts no scripts: %s", csp);
        const char *v = resp_header(r, "X-Content-Type-Options");
        if (!v || strcasecmp(v, "nosniff") != 0)
                test_fail_at(file, line, "X-Content-Type-Options is %s (status %ld)",
                             v ? v : "absent", r->status);
        v = resp_header(r, "Referrer-Policy");
        if (!v || strcasecmp(v, "no-referrer") != 0)
                test_fail_at(file, line, "Referrer-Policy is %s (status %ld)", v ? v : "absent",
                             r->status);
        if (!resp_header(r, "X-Request-Id"))
                test_fail_at(file, line, "no X-Request-Id (status %ld)", r->status);
}

void expect_error_at(const char *file, int line, const struct resp *r, long status,
                     const char *code, const char *field)
{
        check_status_at(file, line, r, status);
        const char *ct = resp_header(r, "Content-Type");
        if (!ct || strncasecmp(ct, "application/json", 16) != 0)
                test_fail_at(file, line, "error with Content-Type %s", ct ? ct : "(none)");
        if (!json_is_object(r->json) || json_object_size(r->json) != 1)
                test_fail_at(file, line, "error body is not {\"error\": ...}: %s",
                             shorten(r->body));
        json_t *e = json_object_get(r->json, "error");
        if (!json_is_object(e))
                test_fail_at(file, line, "no error object: %s", shorten(r->body));
        const char *key;
        json_t *v;
        json_object_foreach(e, key, v)
        {
                /* "rows": the bad rows of a CSV import, each {"row", "fields"}. */
                if (strcmp(key, "code") != 0 && strcmp(key, "message") != 0 &&
                    strcmp(key, "fields") != 0 && strcmp(key, "rows") != 0)
                        test_fail_at(file, line, "error has an undocumented member %s: %s", key,
                                     shorten(r->body));
        }
        const char *got = json_str_at(e, "code");
        if (!got || strcmp(got, code) != 0)
                test_fail_at(file, line, "error code %s, expected %s: %s", got ? got : "(none)",
                             code, shorten(r->body));
        const char *msg = json_str_at(e, "message");
        if (!msg || !*msg)
                test_fail_at(file, line, "error without a message: %s", shorten(r->body));
        json_t *fields = json_object_get(e, "fields");
        if (fields) {
                if (!json_is_object(fields) || json_object_size(fields) == 0)
                        test_fail_at(file, line, "error fields is not a non-empty object: %s",
                                     shorten(r->body));
                json_object_foreach(fields, key, v)
                {
                        if (!json_is_string(v) || !*json_string_value(v))
                                test_fail_at(file, line, "field %s has no message: %s", key,
                                             shorten(r->body));
                }
        }
        if (field && (!fields || !json_object_get(fields, field)))
                test_fail_at(file, line, "error fields do not name %s: %s", field,
                             shorten(r->body));
        expect_security_headers_at(file, line, r);
}

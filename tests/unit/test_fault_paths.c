/*
 * Failure paths of every write route, in the manner of SQLite's fault
 * loops.  The demo database is served in-process, through the gate
 * (api_dispatch), from a store that fails on demand (store_open_faulty).
 * For each write route the request is sent again and again, failing the
 * 1st, 2nd, ... Nth counted storage call (prepare, step, exec, insert,
 * begin, commit), until a run passes with no failure injected.  Each failed
 * run must answer 500 with the error shape {"error":{"code":"internal",
 * "message":...}}, leave every table as it was (only a session's
 * last-seen time may move: authentication writes it), and leave the audit
 * chain verifiable.  The same loops run with STORE_BUSY for the failure,
 * and with the Nth allocation of the request arena failing (answered 500
 * or 413, the arena's "too large").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>
#include <liboath/oath.h>
#include <sodium.h>
#include <sqlite3.h>

#include "api/app.h"
#include "audit/audit.h"
#include "auth/password.h"
#include "auth/throttle.h"
#include "auth/totp.h"
#include "cli/cli.h"
#include "core/config.h"
#include "core/log.h"
#include "core/util.h"
#include "crypto/field.h"
#include "http/router.h"
#include "store/store.h"

/* No request may need more tries than this; more means a failure that never clears. */
#define MAX_TRIES 2000

enum mode { FAIL_STORE_ERROR, FAIL_STORE_BUSY, FAIL_ARENA };

static char dir[64];
static char demo_db[128];

struct world {
        enum mode mode;
        char db_path[160];
        struct config cfg;
        struct app app;
        struct store *store;
        char token[128]; /* admin's bearer token */
        char coord[128]; /* the coordinator's (activities are theirs to write) */
        char caseworker[128], casemanager[128]; /* Caritas's case roles */
        char cookie[160];                       /* coordinator's session */
        char csrf[128];                         /* and its CSRF token */
        long cases, runs;                       /* routes looped, requests failed on purpose */
        long problems; /* failed runs that answered or wrote what they must not */
        int64_t project, partner_org, date;
};

struct answer {
        int status;
        json_t *json;
        int64_t id; /* "id" of the answer's object, 0 when none */
        char cookie[160];
};

/* --- the database, seen from a connection of its own --- */

static void hash_text(crypto_generichash_state *h, const void *p, size_t n)
{
        crypto_generichash_update(h, (const unsigned char *)&n, sizeof(n));
        if (n)
                crypto_generichash_update(h, p, n);
}

/*
 * A digest of every table's rows (virtual tables through their shadow
 * tables), leaving out sessions.last_seen_at, which authenticating a
 * cookie session moves.
 */
static void fingerprint(const char *path, unsigned char out[32])
{
        sqlite3 *h = NULL;
        assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
        sqlite3_stmt *tables = NULL;
        assert_int_equal(sqlite3_prepare_v2(h,
                                            "SELECT name FROM sqlite_master WHERE type = 'table' "
                                            "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
                                            -1, &tables, NULL),
                         SQLITE_OK);
        crypto_generichash_state st;
        crypto_generichash_init(&st, NULL, 0, 32);
        while (sqlite3_step(tables) == SQLITE_ROW) {
                const char *name = (const char *)sqlite3_column_text(tables, 0);
                char sql[256];
                snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\" ORDER BY rowid", name);
                sqlite3_stmt *rows = NULL;
                if (sqlite3_prepare_v2(h, sql, -1, &rows, NULL) != SQLITE_OK) {
                        /* WITHOUT ROWID tables: their primary key orders them. */
                        snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\"", name);
                        assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &rows, NULL), SQLITE_OK);
                }
                hash_text(&st, name, strlen(name));
                while (sqlite3_step(rows) == SQLITE_ROW) {
                        for (int k = 0; k < sqlite3_column_count(rows); k++) {
                                if (strcmp(name, "sessions") == 0 &&
                                    strcmp(sqlite3_column_name(rows, k), "last_seen_at") == 0)
                                        continue;
                                int type = sqlite3_column_type(rows, k);
                                const void *v = sqlite3_column_blob(rows, k);
                                int len = sqlite3_column_bytes(rows, k);
                                crypto_generichash_update(&st, (const unsigned char *)&type,
                                                          sizeof(type));
                                hash_text(&st, v, v ? (size_t)len : 0);
                        }
                }
                sqlite3_finalize(rows);
        }
        sqlite3_finalize(tables);
        sqlite3_close(h);
        crypto_generichash_final(&st, out, 32);
}

static int64_t query_int(const char *path, const char *sql)
{
        sqlite3 *h = NULL;
        sqlite3_stmt *st = NULL;
        assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
        assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        int64_t v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        sqlite3_close(h);
        return v;
}

static void copy_file(const char *from, const char *to)
{
        FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
        assert_non_null(in);
        assert_non_null(out);
        char b[1 << 16];
        size_t n;
        while ((n = fread(b, 1, sizeof(b), in)) > 0)
                assert_int_equal(fwrite(b, 1, n, out), n);
        fclose(in);
        assert_int_equal(fclose(out), 0);
}

/* --- one request through the gate --- */

enum who { AS_ADMIN, AS_COORD, AS_COORDINATOR, AS_CASEWORKER, AS_CASEMANAGER, AS_NOBODY };

struct call {
        enum http_method method;
        const char *path; /* with an optional ?query */
        const char *type; /* Content-Type; NULL: application/json when there is a body */
        const char *body;
        enum who who;
};

static const char *header_of(const struct request *r, const char *name)
{
        for (size_t i = 0; i < r->n_resp_headers; i++)
                if (strcmp(r->resp_headers[i].name, name) == 0)
                        return r->resp_headers[i].value;
        return NULL;
}

/* Send c; arena_nth > 0 fails that allocation of the request arena.  *fired: it did. */
static void send_call(struct world *w, const struct call *c, long arena_nth, bool *fired,
                      struct answer *a)
{
        static unsigned serial;
        struct request *r = calloc(1, sizeof(*r));
        assert_non_null(r);
        arena_init(&r->arena, 64u << 20);
        r->app = &w->app;
        snprintf(r->id, sizeof(r->id), "fa%014x", ++serial);
        r->method = c->method;
        r->remote_addr = "127.0.0.1";
        char *path = arena_strdup(&r->arena, c->path);
        char *q = strchr(path, '?');
        if (q) {
                *q++ = '\0';
                for (char *kv = strtok(q, "&"); kv; kv = strtok(NULL, "&")) {
                        char *eq = strchr(kv, '=');
                        r->query[r->n_query].key = kv;
                        r->query[r->n_query].value = eq ? eq + 1 : "";
                        if (eq)
                                *eq = '\0';
                        r->n_query++;
                }
        }
        r->path = path;
        assert_int_equal(router_match(w->app.routes, w->app.n_routes, r->method, r->path, &r->route,
                                      r->ids, NULL, 0),
                         ROUTE_FOUND);
        buf_init(&r->body, 1u << 20);
        if (c->body) {
                assert_int_equal(buf_append(&r->body, c->body, strlen(c->body)), 0);
                r->content_type = c->type ? c->type : "application/json";
        }
        if (c->who == AS_ADMIN || c->who == AS_COORD || c->who == AS_CASEWORKER ||
            c->who == AS_CASEMANAGER) {
                const char *t = c->who == AS_ADMIN        ? w->token
                                : c->who == AS_COORD      ? w->coord
                                : c->who == AS_CASEWORKER ? w->caseworker
                                                          : w->casemanager;
                r->authorization = arena_printf(&r->arena, "Bearer %s", t);
        } else if (c->who == AS_COORDINATOR) {
                r->session_cookie = w->cookie;
                r->csrf_header = w->csrf;
        }
        arena_fail_after(&r->arena, arena_nth);
        api_dispatch(r);
        *fired = arena_nth > 0 && r->arena.fail_after == 0;
        arena_fail_after(&r->arena, 0);

        memset(a, 0, sizeof(*a));
        a->status = r->status;
        const char *text = r->resp_heap ? r->resp_heap : r->resp_body;
        if (text && r->resp_len && r->resp_type && strstr(r->resp_type, "json"))
                a->json = json_loadb(text, r->resp_len, 0, NULL);
        json_t *id = a->json ? json_object_get(a->json, "id") : NULL;
        if (json_is_integer(id))
                a->id = json_integer_value(id);
        const char *cookie = header_of(r, "Set-Cookie");
        if (cookie) {
                size_t n = strcspn(cookie, ";");
                const char *eq = memchr(cookie, '=', n);
                if (eq && (size_t)(eq + 1 - cookie) < n)
                        snprintf(a->cookie, sizeof(a->cookie), "%.*s",
                                 (int)(n - (size_t)(eq + 1 - cookie)), eq + 1);
        }
        free(r->resp_heap);
        buf_free(&r->body);
        arena_free(&r->arena);
        free(r);
}

/* Report one wrong outcome and go on, so one run lists every route's faults. */
static void problem(struct world *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(struct world *w, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        char line[512];
        vsnprintf(line, sizeof(line), fmt, ap);
        va_end(ap);
        print_message("FAULT PATH: %s\n", line);
        w->problems++;
}

static void check_failure_shape(struct world *w, const struct call *c, long n,
                                const struct answer *a, enum mode mode)
{
        /*
         * A busy lock met where a write begins is the one failure a client can
         * usefully retry: 503 busy (respond.c, reply_begin_failed).  Busy met
         * later in a write is 500 like any other store failure.
         */
        bool status_ok = a->status == 500 || (mode == FAIL_ARENA && a->status == 413) ||
                         (mode == FAIL_STORE_BUSY && a->status == 503);
        const char *want = a->status == 500   ? "internal"
                           : a->status == 503 ? "busy"
                                              : "payload_too_large";
        json_t *err = a->json ? json_object_get(a->json, "error") : NULL;
        const char *code = json_string_value(json_object_get(err, "code"));
        const char *msg = json_string_value(json_object_get(err, "message"));
        if (!status_ok || !code || !msg || !*msg || strcmp(code, want) != 0)
                problem(w, "%s %s, failure %ld (mode %d): answered %d %s",
                        http_method_name(c->method), c->path, n, (int)mode, a->status,
                        code ? code : "(no error object)");
}

/*
 * The fault loop of one request: fail its 1st, 2nd, ... counted store call
 * (or arena allocation) until a run passes untouched, which must answer
 * want.  Returns that answer (its json the caller's to free).
 */
static struct answer loop(struct world *w, const struct call *c, int want)
{
        unsigned char before[32], after[32];
        struct answer a;
        w->cases++;
        for (long n = 1; n <= MAX_TRIES; n++) {
                fingerprint(w->db_path, before);
                bool fired = false;
                if (w->mode == FAIL_ARENA) {
                        send_call(w, c, n, &fired, &a);
                } else {
                        store_fault_arm(w->store, n,
                                        w->mode == FAIL_STORE_BUSY ? STORE_BUSY : STORE_ERROR);
                        send_call(w, c, 0, &fired, &a);
                        fired = store_fault_fired(w->store);
                        store_fault_arm(w->store, 0, STORE_OK);
                }
                if (!fired) {
                        if (a.status != want) {
                                char *text = a.json ? json_dumps(a.json, JSON_COMPACT) : NULL;
                                print_message("answer: %s\n", text ? text : "(none)");
                                free(text);
                                fail_msg("%s %s answered %d with no failure injected (want %d)",
                                         http_method_name(c->method), c->path, a.status, want);
                        }
                        return a;
                }
                w->runs++;
                check_failure_shape(w, c, n, &a, w->mode);
                json_decref(a.json);
                fingerprint(w->db_path, after);
                if (memcmp(before, after, 32) != 0)
                        problem(w, "%s %s, failure %ld (mode %d): the database changed (answer %d)",
                                http_method_name(c->method), c->path, n, (int)w->mode, a.status);
                int64_t count = 0;
                struct audit_problem broken;
                if (audit_verify(store_db(w->store), &count, &broken) != 0)
                        problem(w, "%s %s, failure %ld: audit chain broken at %lld: %s",
                                http_method_name(c->method), c->path, n, (long long)broken.id,
                                broken.reason);
        }
        fail_msg("%s %s still fails after %d tries", http_method_name(c->method), c->path,
                 MAX_TRIES);
        return a;
}

/* loop() a request formatted from fmt; the id of its answer. */
static int64_t step(struct world *w, enum http_method m, const char *path, const char *type,
                    enum who who, int want, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
static int64_t step(struct world *w, enum http_method m, const char *path, const char *type,
                    enum who who, int want, const char *fmt, ...)
{
        char body[2048];
        if (fmt) {
                va_list ap;
                va_start(ap, fmt);
                vsnprintf(body, sizeof(body), fmt, ap);
                va_end(ap);
        }
        struct call c = {m, path, type, fmt ? body : NULL, who};
        struct answer a = loop(w, &c, want);
        int64_t id = a.id;
        json_decref(a.json);
        return id;
}

static const char *pathf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *pathf(const char *fmt, ...)
{
        static char p[8][128];
        static int k;
        k = (k + 1) % 8;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p[k], sizeof(p[k]), fmt, ap);
        va_end(ap);
        return p[k];
}

/* --- the world --- */

static int group_setup(void **state)
{
        (void)state;
        log_set_level(LOG_ERROR);
        assert_int_equal(sodium_init() >= 0, 1);
        assert_int_equal(password_init(), 0);
        unsigned char key[32];
        memset(key, 7, sizeof(key));
        audit_set_key(key);
        assert_int_equal(field_keys_init(key), 0);
        assert_int_equal(totp_init(key), 0);
        throttle_configure(1000000, 1000000, 1000000, 60);
        snprintf(dir, sizeof(dir), "/tmp/ecat-fault-XXXXXX");
        assert_non_null(mkdtemp(dir));
        snprintf(demo_db, sizeof(demo_db), "%s/demo.db", dir);
        struct cli c = {.command = "demo"};
        config_defaults(&c.cfg);
        snprintf(c.cfg.db, sizeof(c.cfg.db), "%s", demo_db);
        char err[256];
        assert_int_equal(store_open(demo_db, true, &c.store, err, sizeof(err)), 0);
        FILE *quiet = fopen("/dev/null", "w");
        assert_int_equal(demo_populate(&c, quiet), 0);
        fclose(quiet);
        store_close(c.store);
        return 0;
}

static int group_teardown(void **state)
{
        (void)state;
        char cmd[128];
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
        return system(cmd) == 0 ? 0 : -1;
}

/* Log in with login (a JSON body) and make an API token of that session into out. */
static void bearer_token(struct world *w, const char *login, char out[128])
{
        bool fired;
        struct answer a;
        struct call in = {HTTP_POST, "/api/v1/session", NULL, login, AS_NOBODY};
        send_call(w, &in, 0, &fired, &a);
        assert_int_equal(a.status, 200);
        snprintf(w->cookie, sizeof(w->cookie), "%s", a.cookie);
        snprintf(w->csrf, sizeof(w->csrf), "%s",
                 json_string_value(json_object_get(a.json, "csrf_token")));
        json_decref(a.json);
        struct call tok = {HTTP_POST, "/api/v1/session/tokens", NULL, "{\"name\":\"faults\"}",
                           AS_COORDINATOR};
        send_call(w, &tok, 0, &fired, &a);
        assert_int_equal(a.status, 201);
        snprintf(out, 128, "%s", json_string_value(json_object_get(a.json, "token")));
        json_decref(a.json);
}

static void world_open(struct world *w, enum mode mode)
{
        memset(w, 0, sizeof(*w));
        w->mode = mode;
        snprintf(w->db_path, sizeof(w->db_path), "%s/work-%d.db", dir, (int)mode);
        copy_file(demo_db, w->db_path);
        config_defaults(&w->cfg);
        w->cfg.require_totp = 0; /* the admin and case roles log in with passwords here */
        char err[256];
        assert_int_equal(store_open_faulty(w->db_path, false, &w->store, err, sizeof(err)), 0);
        w->app = (struct app){.cfg = &w->cfg,
                              .store = w->store,
                              .routes = api_routes,
                              .n_routes = api_routes_count,
                              .csp = "default-src 'none'"};
        memset(w->app.login_key, 3, sizeof(w->app.login_key));

        /* The bearer tokens, made through the API with nothing failing. */
        bearer_token(w, "{\"login\":\"admin\",\"password\":\"demo-admin-pass-2013\"}", w->token);
        bearer_token(w, "{\"login\":\"coordinator\",\"password\":\"demo-coordinator-2013\"}",
                     w->coord);
        bearer_token(w, "{\"login\":\"caseworker\",\"password\":\"demo-caseworker-2013\"}",
                     w->caseworker);
        bearer_token(w, "{\"login\":\"casemanager\",\"password\":\"demo-casemanager-2013\"}",
                     w->casemanager);

        w->project = query_int(w->db_path, "SELECT min(id) FROM projects");
        /* The coordinator's own partner organisation: the activities it may write (partner scope).
         */
        w->partner_org =
            query_int(w->db_path, "SELECT pa.organisation_id FROM partners pa "
                                  "JOIN users u ON u.organisation_id = "
                                  "pa.organisation_id WHERE u.login = 'coordinator' "
                                  "AND pa.project_id = (SELECT min(id) FROM projects)");
        w->date = query_int(w->db_path, "SELECT min(date) FROM activities");
}

static void world_close(struct world *w)
{
        store_close(w->store);
        unlink(w->db_path);
}

/*
 * The case routes: each writes (the case, its indexes, notifications, the
 * access log of every read), so a GET of a case is looped as a write: a read
 * whose access record fails must answer 500 and show nothing.
 */
static void cases(struct world *w)
{
        const char *J = NULL;
        int64_t id = step(w, HTTP_POST, "/api/v1/cases", J, AS_CASEWORKER, 201,
                          "{\"given_name\":\"Fault\",\"family_name\":\"Loop\","
                          "\"birth_date\":\"2000-01-02\",\"gender\":\"feminine\","
                          "\"trafficking_status\":\"possible\"}");
        step(w, HTTP_GET, pathf("/api/v1/cases/%lld", (long long)id), J, AS_CASEWORKER, 200, NULL);
        step(w, HTTP_PATCH, pathf("/api/v1/cases/%lld", (long long)id), J, AS_CASEMANAGER, 200,
             "{\"phone\":\"+37060000000\",\"status\":\"follow_up\"}");
        step(w, HTTP_GET, "/api/v1/cases?q=fault", J, AS_CASEWORKER, 200, NULL);
        step(w, HTTP_GET, "/api/v1/cases", J, AS_CASEWORKER, 200, NULL);
        step(w, HTTP_GET, pathf("/api/v1/cases/%lld/access-log", (long long)id), J, AS_CASEMANAGER,
             200, NULL);
        step(w, HTTP_GET, "/api/v1/notifications", J, AS_CASEMANAGER, 200, NULL);
        /* The anonymised export writes its counts to the audit log before it answers. */
        step(w, HTTP_GET, "/api/v1/cases/anonymised.csv", J, AS_CASEMANAGER, 200, NULL);
        /* Statistics are checked against the release ledger, and a CSV is recorded in it. */
        step(w, HTTP_GET, "/api/v1/cases/statistics", J, AS_CASEMANAGER, 200, NULL);
        step(w, HTTP_GET, "/api/v1/cases/statistics.csv", J, AS_CASEMANAGER, 200, NULL);
        char c[64];
        snprintf(c, sizeof(c), "/api/v1/cases/%lld", (long long)id);
        int64_t consent = step(w, HTTP_POST, pathf("%s/consents", c), J, AS_CASEWORKER, 201,
                               "{\"given_by\":\"person\",\"given_on\":\"%s\","
                               "\"scopes\":[\"share_with_agencies\"],\"agencies\":[4]}",
                               "2026-01-01");
        step(w, HTTP_GET, pathf("%s/consents", c), J, AS_CASEWORKER, 200, NULL);
        int64_t ref = step(w, HTTP_POST, pathf("%s/referrals", c), J, AS_CASEWORKER, 201,
                           "{\"to_organisation_id\":4,\"services\":[\"shelter\"],"
                           "\"reason\":\"a safe place\"}");
        step(w, HTTP_GET, pathf("%s/referrals", c), J, AS_CASEWORKER, 200, NULL);
        step(w, HTTP_GET, "/api/v1/referrals?direction=outgoing", J, AS_CASEWORKER, 200, NULL);
        step(w, HTTP_GET, pathf("/api/v1/referrals/%lld", (long long)ref), J, AS_CASEWORKER, 200,
             NULL);
        step(w, HTTP_POST, pathf("/api/v1/referrals/%lld/revoke", (long long)ref), J, AS_CASEWORKER,
             200, NULL);
        /* A case manager's override; then the moves of the receiving side are the others'. */
        int64_t ref2 = step(w, HTTP_POST, pathf("%s/referrals", c), J, AS_CASEMANAGER, 201,
                            "{\"to_organisation_id\":3,\"services\":[\"legal\"],"
                            "\"override_justification\":\"immediate danger, consent "
                            "recorded on paper\"}");
        (void)ref2;
        step(w, HTTP_POST, pathf("%s/services", c), J, AS_CASEWORKER, 201,
             "{\"type\":\"medical\",\"status\":\"planned\"}");
        step(w, HTTP_GET, pathf("%s/services", c), J, AS_CASEWORKER, 200, NULL);
        step(w, HTTP_POST, pathf("%s/notes", c), J, AS_CASEWORKER, 201,
             "{\"body\":\"first meeting\",\"visibility\":\"shared\"}");
        step(w, HTTP_GET, pathf("%s/notes", c), J, AS_CASEWORKER, 200, NULL);
        step(w, HTTP_GET, pathf("%s/export", c), J, AS_CASEMANAGER, 200, NULL);
        step(w, HTTP_PATCH, pathf("%s/consents/%lld", c, (long long)consent), J, AS_CASEMANAGER,
             200, "{\"withdrawn_on\":\"2026-01-02\"}");
}

/* Every write route, each in the fault loop, in an order where each finds what it needs. */
static void every_write_route(struct world *w)
{
        const char *J = NULL; /* application/json */
        struct answer a;
        char day[11];
        format_date((int32_t)w->date, day);

        /* Organisations. */
        int64_t org = step(w, HTTP_POST, "/api/v1/organisations", J, AS_ADMIN, 201,
                           "{\"name\":\"Fault school\",\"kind\":\"school\",\"country\":\"LT\","
                           "\"municipality\":\"Vilnius city\",\"lat\":54.7,\"lon\":25.3}");
        step(w, HTTP_PATCH, pathf("/api/v1/organisations/%lld", (long long)org), J, AS_ADMIN, 200,
             "{\"notes\":\"visited twice\"}");
        int64_t spare = step(w, HTTP_POST, "/api/v1/organisations", J, AS_ADMIN, 201,
                             "{\"name\":\"Spare\",\"kind\":\"ngo\",\"country\":\"IT\"}");
        step(w, HTTP_DELETE, pathf("/api/v1/organisations/%lld", (long long)spare), J, AS_ADMIN,
             204, NULL);

        /* A project, its partners, expenses and indicators. */
        int64_t project = step(w, HTTP_POST, "/api/v1/projects", J, AS_ADMIN, 201,
                               "{\"code\":\"FAULT-1\",\"title\":\"A project\",\"start_date\":"
                               "\"2013-05-01\",\"end_date\":\"2014-12-31\"}");
        step(w, HTTP_PATCH, pathf("/api/v1/projects/%lld", (long long)project), J, AS_ADMIN, 200,
             "{\"title\":\"Another title\"}");
        int64_t partner =
            step(w, HTTP_POST, pathf("/api/v1/projects/%lld/partners", (long long)project), J,
                 AS_ADMIN, 201,
                 "{\"organisation_id\":%lld,\"role\":\"lead\","
                 "\"allocation_cents\":100000}",
                 (long long)w->partner_org);
        step(w, HTTP_PATCH, pathf("/api/v1/partners/%lld", (long long)partner), J, AS_ADMIN, 200,
             "{\"allocation_cents\":200000}");
        step(w, HTTP_POST, pathf("/api/v1/projects/%lld/expenses", (long long)project), J, AS_ADMIN,
             201,
             "{\"partner_id\":%lld,\"date\":\"2013-06-01\",\"category\":\"travel\","
             "\"amount_cents\":12345}",
             (long long)partner);
        int64_t ind =
            step(w, HTTP_POST, pathf("/api/v1/projects/%lld/indicators", (long long)w->project), J,
                 AS_ADMIN, 201,
                 "{\"name\":\"Schools\",\"metric\":\"institutions_reached\","
                 "\"kinds\":[\"school\"],\"target\":4,\"targets\":[{\"period_start\":"
                 "\"2014-01-01\",\"period_end\":\"2014-12-31\",\"target\":2}]}");
        step(w, HTTP_PATCH, pathf("/api/v1/indicators/%lld", (long long)ind), J, AS_ADMIN, 200,
             "{\"target\":5}");
        step(w, HTTP_DELETE, pathf("/api/v1/indicators/%lld", (long long)ind), J, AS_ADMIN, 204,
             NULL);

        /* Activities, one by one and imported. */
        int64_t act = step(w, HTTP_POST, "/api/v1/activities", J, AS_COORD, 201,
                           "{\"project_id\":%lld,\"organisation_id\":%lld,\"run_by\":%lld,"
                           "\"date\":\"%s\",\"kind\":\"lecture\",\"youths\":12,\"topics\":"
                           "[\"risks\"],\"materials\":[\"leaflet\"]}",
                           (long long)w->project, (long long)org, (long long)w->partner_org, day);
        step(w, HTTP_PATCH, pathf("/api/v1/activities/%lld", (long long)act), J, AS_COORD, 200,
             "{\"youths\":13}");
        step(w, HTTP_DELETE, pathf("/api/v1/activities/%lld", (long long)act), J, AS_COORD, 204,
             NULL);
        /* Materials and their distribution. */
        int64_t mat = step(w, HTTP_POST, "/api/v1/materials", J, AS_COORD, 201,
                           "{\"title\":\"Leaflet\",\"kind\":\"leaflet\",\"languages\":[\"lt\"],"
                           "\"audiences\":[\"parents\"]}");
        step(w, HTTP_PATCH, pathf("/api/v1/materials/%lld", (long long)mat), J, AS_COORD, 200,
             "{\"version\":\"2\"}");
        int64_t dist = step(w, HTTP_POST, "/api/v1/distributions", J, AS_COORD, 201,
                            "{\"project_id\":%lld,\"material_id\":%lld,\"organisation_id\":%lld,"
                            "\"run_by\":%lld,\"audience\":\"parents\",\"quantity\":20,"
                            "\"date\":\"%s\"}",
                            (long long)w->project, (long long)mat, (long long)org,
                            (long long)w->partner_org, day);
        step(w, HTTP_PATCH, pathf("/api/v1/distributions/%lld", (long long)dist), J, AS_COORD, 200,
             "{\"quantity\":21}");
        step(w, HTTP_DELETE, pathf("/api/v1/distributions/%lld", (long long)dist), J, AS_COORD, 204,
             NULL);
        step(w, HTTP_DELETE, pathf("/api/v1/materials/%lld", (long long)mat), J, AS_COORD, 204,
             NULL);
        /* Business engagement: an agreement and an engagement (its stage history on write). */
        int64_t biz = step(w, HTTP_POST, "/api/v1/organisations", J, AS_ADMIN, 201,
                           "{\"name\":\"Hotel under test\",\"kind\":\"hotel\",\"country\":\"IT\"}");
        int64_t agr = step(w, HTTP_POST, "/api/v1/agreements", J, AS_COORD, 201,
                           "{\"project_id\":%lld,\"organisation_id\":%lld,\"run_by\":%lld,"
                           "\"kind\":\"pledge\",\"status\":\"signed\",\"signed\":\"%s\"}",
                           (long long)w->project, (long long)biz, (long long)w->partner_org, day);
        step(w, HTTP_PATCH, pathf("/api/v1/agreements/%lld", (long long)agr), J, AS_COORD, 200,
             "{\"status\":\"withdrawn\"}");
        step(w, HTTP_DELETE, pathf("/api/v1/agreements/%lld", (long long)agr), J, AS_COORD, 204,
             NULL);
        int64_t eng = step(w, HTTP_POST, "/api/v1/engagements", J, AS_COORD, 201,
                           "{\"project_id\":%lld,\"organisation_id\":%lld,\"run_by\":%lld,"
                           "\"stage\":\"contacted\"}",
                           (long long)w->project, (long long)biz, (long long)w->partner_org);
        step(w, HTTP_PATCH, pathf("/api/v1/engagements/%lld", (long long)eng), J, AS_COORD, 200,
             "{\"stage\":\"trained\"}");
        step(w, HTTP_DELETE, pathf("/api/v1/engagements/%lld", (long long)eng), J, AS_COORD, 204,
             NULL);
        step(w, HTTP_POST, "/api/v1/organisations/import", "text/csv", AS_ADMIN, 200,
             "name,kind,country,municipality\nImported school,school,LT,Kaunas city\n"
             "Imported NGO,ngo,IT,\n");
        step(w, HTTP_POST, "/api/v1/activities/import", "text/csv", AS_COORD, 200,
             "project_id,organisation_id,run_by,date,kind,youths\n%lld,%lld,%lld,%s,lecture,9\n",
             (long long)w->project, (long long)org, (long long)w->partner_org, day);
        int64_t imported_mat =
            step(w, HTTP_POST, "/api/v1/materials/import", "text/csv", AS_COORD, 200,
                 "title,kind,audiences\nImported leaflet,leaflet,parents|pupils\n");
        (void)imported_mat;
        int64_t mat2 = query_int(w->db_path, "SELECT max(id) FROM materials");
        step(w, HTTP_POST, "/api/v1/distributions/import", "text/csv", AS_COORD, 200,
             "project_id,material_id,organisation_id,run_by,audience,quantity,date\n"
             "%lld,%lld,%lld,%lld,parents,5,%s\n",
             (long long)w->project, (long long)mat2, (long long)org, (long long)w->partner_org,
             day);
        step(w, HTTP_POST, "/api/v1/agreements/import", "text/csv", AS_COORD, 200,
             "project_id,organisation_id,run_by,kind,status\n%lld,%lld,%lld,pledge,draft\n",
             (long long)w->project, (long long)biz, (long long)w->partner_org);

        /* Sessions and tokens (the coordinator's cookie session for the ones of one's own). */
        struct call login = {HTTP_POST, "/api/v1/session", NULL,
                             "{\"login\":\"coordinator\",\"password\":\"demo-coordinator-2013\"}",
                             AS_NOBODY};
        a = loop(w, &login, 200);
        snprintf(w->cookie, sizeof(w->cookie), "%s", a.cookie);
        snprintf(w->csrf, sizeof(w->csrf), "%s",
                 json_string_value(json_object_get(a.json, "csrf_token")));
        json_decref(a.json);
        step(w, HTTP_PUT, "/api/v1/session/locale", J, AS_COORDINATOR, 200, "{\"locale\":\"it\"}");
        int64_t tok = step(w, HTTP_POST, "/api/v1/session/tokens", J, AS_COORDINATOR, 201,
                           "{\"name\":\"script\"}");
        int64_t other = step(w, HTTP_POST, "/api/v1/session/tokens", J, AS_COORDINATOR, 201,
                             "{\"name\":\"for the admin to revoke\",\"expires_in_days\":7}");
        step(w, HTTP_DELETE,
             pathf("/api/v1/users/%lld/tokens/%lld",
                   (long long)query_int(w->db_path,
                                        "SELECT id FROM users WHERE login = 'coordinator'"),
                   (long long)other),
             J, AS_ADMIN, 204, NULL);
        step(w, HTTP_DELETE, pathf("/api/v1/session/tokens/%lld", (long long)tok), J,
             AS_COORDINATOR, 204, NULL);

        /* Two-factor login: enrolment, its first code, an administrator's reset. */
        struct call begin = {HTTP_POST, "/api/v1/session/totp", NULL, NULL, AS_COORDINATOR};
        a = loop(w, &begin, 201);
        const char *b32 = json_string_value(json_object_get(a.json, "secret"));
        char *secret = NULL, code[16], confirm[64];
        size_t secret_len = 0;
        assert_int_equal(oath_base32_decode(b32, strlen(b32), &secret, &secret_len), OATH_OK);
        json_decref(a.json);
        assert_int_equal(oath_totp_generate(secret, secret_len, time(NULL), 30, 0, 6, code),
                         OATH_OK);
        free(secret);
        snprintf(confirm, sizeof(confirm), "{\"totp\":\"%s\"}", code);
        struct call done = {HTTP_POST, "/api/v1/session/totp/confirm", NULL, confirm,
                            AS_COORDINATOR};
        a = loop(w, &done, 200);
        json_decref(a.json);
        step(w, HTTP_DELETE,
             pathf("/api/v1/users/%lld/totp",
                   (long long)query_int(w->db_path,
                                        "SELECT id FROM users WHERE login = 'coordinator'")),
             J, AS_ADMIN, 204, NULL);
        /* The reset ended the coordinator's sessions: log in again for what follows. */
        a = loop(w, &login, 200);
        snprintf(w->cookie, sizeof(w->cookie), "%s", a.cookie);
        snprintf(w->csrf, sizeof(w->csrf), "%s",
                 json_string_value(json_object_get(a.json, "csrf_token")));
        json_decref(a.json);

        /* Users. */
        int64_t user = step(w, HTTP_POST, "/api/v1/users", J, AS_ADMIN, 201,
                            "{\"login\":\"faulty\",\"organisation_id\":1,\"role\":\"viewer\","
                            "\"password\":\"a-long-enough-pass-2024\"}");
        step(w, HTTP_PATCH, pathf("/api/v1/users/%lld", (long long)user), J, AS_ADMIN, 200,
             "{\"display_name\":\"F. Aulty\"}");
        step(w, HTTP_PATCH, pathf("/api/v1/users/%lld", (long long)user), J, AS_ADMIN, 200,
             "{\"password\":\"another-long-pass-2024\"}");
        step(w, HTTP_PATCH, pathf("/api/v1/users/%lld", (long long)user), J, AS_ADMIN, 200,
             "{\"disabled\":true}");

        /* One's own password, then the end of the session. */
        step(w, HTTP_PUT, "/api/v1/session/password", J, AS_COORDINATOR, 204,
             "{\"current_password\":\"demo-coordinator-2013\",\"new_password\":"
             "\"coordinator-new-pass-2024\"}");
        /* Before the case routes: however long they take, the session's idle clock is not
         * touched in between (a touch is a write of its own, whose failure is tolerated). */
        step(w, HTTP_DELETE, "/api/v1/session", J, AS_COORDINATOR, 204, NULL);
        cases(w);
}

/* Every write route in api_routes (recorded reads included) is one every_write_route() sends. */
static void test_every_write_route_is_looped(void **state)
{
        (void)state;
        static const char *const looped[] = {
            "POST /api/v1/session",
            "DELETE /api/v1/session",
            "PUT /api/v1/session/password",
            "POST /api/v1/session/tokens",
            "DELETE /api/v1/session/tokens/{id}",
            "PUT /api/v1/session/locale",
            "POST /api/v1/session/totp",
            "POST /api/v1/session/totp/confirm",
            "DELETE /api/v1/users/{id}/totp",
            "POST /api/v1/users",
            "PATCH /api/v1/users/{id}",
            "DELETE /api/v1/users/{id}/tokens/{id}",
            "POST /api/v1/organisations",
            "PATCH /api/v1/organisations/{id}",
            "DELETE /api/v1/organisations/{id}",
            "POST /api/v1/projects",
            "PATCH /api/v1/projects/{id}",
            "POST /api/v1/projects/{id}/partners",
            "PATCH /api/v1/partners/{id}",
            "POST /api/v1/projects/{id}/expenses",
            "POST /api/v1/projects/{id}/indicators",
            "PATCH /api/v1/indicators/{id}",
            "DELETE /api/v1/indicators/{id}",
            "POST /api/v1/activities",
            "PATCH /api/v1/activities/{id}",
            "DELETE /api/v1/activities/{id}",
            "POST /api/v1/agreements",
            "PATCH /api/v1/agreements/{id}",
            "DELETE /api/v1/agreements/{id}",
            "POST /api/v1/engagements",
            "PATCH /api/v1/engagements/{id}",
            "DELETE /api/v1/engagements/{id}",
            "POST /api/v1/organisations/import",
            "POST /api/v1/activities/import",
            "POST /api/v1/materials/import",
            "POST /api/v1/distributions/import",
            "POST /api/v1/agreements/import",
            "POST /api/v1/materials",
            "PATCH /api/v1/materials/{id}",
            "DELETE /api/v1/materials/{id}",
            "POST /api/v1/distributions",
            "PATCH /api/v1/distributions/{id}",
            "DELETE /api/v1/distributions/{id}",
            /*
             * A file's body is streamed by the server before the handler runs
             * (http/upload.h), which this loop's in-process requests have not:
             * its failure paths are in the API tests (test_materials.c).  An
             * agreement's document goes through the same doors (api/attached.c).
             */
            "PUT /api/v1/materials/{id}/file",
            "DELETE /api/v1/materials/{id}/file",
            "PUT /api/v1/agreements/{id}/file",
            "DELETE /api/v1/agreements/{id}/file",
            "POST /api/v1/cases",
            "GET /api/v1/cases/{id}",
            "PATCH /api/v1/cases/{id}",
            "GET /api/v1/cases",
            "GET /api/v1/cases/{id}/access-log",
            "GET /api/v1/notifications",
            "GET /api/v1/cases/anonymised.csv",
            "GET /api/v1/cases/statistics",
            "GET /api/v1/cases/statistics.csv",
            "GET /api/v1/cases/{id}/consents",
            "POST /api/v1/cases/{id}/consents",
            "PATCH /api/v1/cases/{id}/consents/{id}",
            "GET /api/v1/cases/{id}/referrals",
            "POST /api/v1/cases/{id}/referrals",
            "GET /api/v1/referrals",
            "GET /api/v1/referrals/{id}",
            "POST /api/v1/referrals/{id}/revoke",
            "GET /api/v1/cases/{id}/services",
            "POST /api/v1/cases/{id}/services",
            "GET /api/v1/cases/{id}/notes",
            "POST /api/v1/cases/{id}/notes",
            "GET /api/v1/cases/{id}/export",
            /* The receiving side's moves: the same door as revoke, looped in the API tests. */
            "POST /api/v1/referrals/{id}/accept",
            "POST /api/v1/referrals/{id}/decline",
            "POST /api/v1/referrals/{id}/complete",
        };
        for (size_t i = 0; i < api_routes_count; i++) {
                const struct route *rt = &api_routes[i];
                /* A GET whose reads are recorded writes too. */
                if (rt->method == HTTP_GET && !(rt->flags & ROUTE_AUDIT_READ))
                        continue;
                char name[160];
                snprintf(name, sizeof(name), "%s %s", http_method_name(rt->method), rt->pattern);
                bool found = false;
                for (size_t k = 0; k < sizeof(looped) / sizeof(looped[0]); k++)
                        found = found || strcmp(looped[k], name) == 0;
                if (!found)
                        fail_msg("write route %s has no fault loop", name);
        }
}

static void run_mode(enum mode mode, const char *label)
{
        struct world w;
        world_open(&w, mode);
        every_write_route(&w);
        print_message("%s: %ld write requests looped, %ld injected failures\n", label, w.cases,
                      w.runs);
        assert_true(w.runs > w.cases); /* every request met at least one failure */
        assert_int_equal(w.problems, 0);
        world_close(&w);
}

static void test_store_errors(void **state)
{
        (void)state;
        run_mode(FAIL_STORE_ERROR, "store errors");
}

static void test_store_busy(void **state)
{
        (void)state;
        run_mode(FAIL_STORE_BUSY, "store busy");
}

static void test_arena_exhaustion(void **state)
{
        (void)state;
        run_mode(FAIL_ARENA, "arena exhaustion");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_every_write_route_is_looped),
            cmocka_unit_test(test_store_errors),
            cmocka_unit_test(test_store_busy),
            cmocka_unit_test(test_arena_exhaustion),
        };
        return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

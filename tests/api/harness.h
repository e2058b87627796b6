/*
 * The API test harness: tests that start a real `ecat serve` (the binary
 * named by ECAT_BIN) on a copy of the demo database and drive it over
 * loopback with libcurl.
 *
 * A test file needs only its line in tests/api/meson.build:
 *
 *     #include "harness.h"
 *
 *     API_TEST(health_answers)
 *     {
 *             struct server *s = server_start(NULL);
 *             struct client *c = client_new(s);
 *             struct resp *r = http_get(c, "/api/v1/health");
 *             CHECK_STATUS(r, 200);
 *     }
 *
 * Ownership: everything the harness hands out during a test (servers,
 * clients, responses, strings from run_ecat and db_text) belongs to the
 * test and is released when the test ends, failed or not.  Servers still
 * running then are killed.  Nothing needs freeing by hand; resp_free()
 * exists for loops that make many requests.
 *
 * Failing: CHECK and friends record file:line and a message, print the tail
 * of the log of every server the test started, and end the test at once
 * (longjmp); the next test runs.  They may be used only on the thread that
 * runs the test.  Everything else here is safe on other threads as long as
 * each thread has its own client.
 *
 * Environment: ECAT_BIN (required) the ecat binary under test; ECAT_SLOW=1
 * stretches every timeout (sanitizer builds); ECAT_KEEP=1 keeps the
 * temporary directories; ECAT_TEST_VERBOSE=1 prints each test's duration
 * and notes; ECAT_TEST_SEED repeats a run of the randomised tests.
 */
#ifndef ECAT_API_HARNESS_H
#define ECAT_API_HARNESS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* ---- registration ---- */

struct api_test {
        const char *name;
        const char *file;
        int line;
        void (*fn)(void);
        struct api_test *next;
};

void api_test_register(struct api_test *t);

/* Define and register a test; its full name is "<file stem>.<name>" (test_auth.c: "auth."). */
#define API_TEST(name)                                                                             \
        static void api_test_fn_##name(void);                                                      \
        static struct api_test api_test_def_##name = {#name, __FILE__, __LINE__,                   \
                                                      api_test_fn_##name, NULL};                   \
        __attribute__((constructor)) static void api_test_reg_##name(void)                         \
        {                                                                                          \
                api_test_register(&api_test_def_##name);                                           \
        }                                                                                          \
        static void api_test_fn_##name(void)

/* ---- assertions (test thread only) ---- */

__attribute__((noreturn, format(printf, 3, 4))) void test_fail_at(const char *file, int line,
                                                                  const char *fmt, ...);
/* Print a note ("# ...") under the current test; shown only if the test fails. */
__attribute__((format(printf, 1, 2))) void test_note(const char *fmt, ...);

#define FAIL(...) test_fail_at(__FILE__, __LINE__, __VA_ARGS__)
/* CHECK(cond) or CHECK(cond, "format", args...): the format must be a string literal. */
#define CHECK(cond, ...)                                                                           \
        do {                                                                                       \
                if (!(cond))                                                                       \
                        test_fail_at(__FILE__, __LINE__, "check failed: %s:%s", #cond,             \
                                     test_msg(" " __VA_ARGS__));                                   \
        } while (0)
#define CHECK_INT(a, b)                                                                            \
        do {                                                                                       \
                long long a_ = (long long)(a), b_ = (long long)(b);                                \
                if (a_ != b_)                                                                      \
                        test_fail_at(__FILE__, __LINE__, "%s is %lld, expected %s (%lld)", #a, a_, \
                                     #b, b_);                                                      \
        } while (0)
#define CHECK_STR(a, b)                                                                            \
        do {                                                                                       \
                const char *a_ = (a), *b_ = (b);                                                   \
                if (!a_ || !b_ || strcmp(a_, b_) != 0)                                             \
                        test_fail_at(__FILE__, __LINE__, "%s is \"%s\", expected \"%s\"", #a,      \
                                     a_ ? a_ : "(null)", b_ ? b_ : "(null)");                      \
        } while (0)
/* The response has this status; else fail showing the body. */
#define CHECK_STATUS(r, want) check_status_at(__FILE__, __LINE__, (r), (want))
/*
 * The response is the documented error: this status, content type JSON, body
 * {"error": {"code": code, "message": "...", "fields": {...}}} and nothing
 * else; when field is not NULL, fields names it with a message.
 */
#define expect_error(r, status, code, field)                                                       \
        expect_error_at(__FILE__, __LINE__, (r), (status), (code), (field))
/* The response carries the security headers every answer must carry. */
#define expect_security_headers(r) expect_security_headers_at(__FILE__, __LINE__, (r))

/* printf into a per-test buffer (freed when the test ends). */
__attribute__((format(printf, 1, 2))) const char *test_msg(const char *fmt, ...);

/*
 * Call fn(p) when the test ends, passed or failed, before anything else the
 * test owns is released (latest first): stop a helper thread here.
 */
void test_defer(void (*fn)(void *), void *p);
/* n zeroed bytes owned by the test (freed when it ends); safe on any thread. */
void *test_alloc(size_t n);
/* unit repeated n times, owned by the test. */
const char *str_repeat(const char *unit, size_t n);

/* ---- timing ---- */

/* Multiply a timeout or a pause by this (3 when ECAT_SLOW is set). */
double slow_factor(void);
double now_ms(void); /* monotonic */
void sleep_ms(double ms);

/* ---- servers ---- */

struct server;

/*
 * Start `ecat serve` on a fresh copy of the demo database, in a new temporary
 * directory, listening on 127.0.0.1 on a free port.  extra_args (NULL or a
 * NULL-terminated list) are added to the command line, e.g.
 * (const char *[]){"--body-limit", "4096", NULL}.  Fails the test if the
 * server does not come up.
 */
struct server *server_start(const char *const *extra_args);
/* The same, serving an existing database (its key file must be db + ".key"). */
struct server *server_start_db(const char *db_path, const char *const *extra_args);
/* SIGTERM, wait, and check it exited 0 with no sanitizer report. */
void server_stop(struct server *s);
/* SIGKILL and reap: a crash at an arbitrary moment. */
void server_kill9(struct server *s);
/* Start again on the same database and arguments (after a stop or a kill). */
void server_restart(struct server *s);
const char *server_db(const struct server *s);
const char *server_dir(const struct server *s); /* the temporary directory */
int server_port(const struct server *s);
pid_t server_pid(const struct server *s);
/*
 * The upload spool files left in the material file store's tmp/.  A refused
 * upload's spool is removed when the server ends the request, which may be
 * just after the client has read the answer: this allows that a moment
 * (2 s at most) before counting.
 */
int server_spooled_files(const struct server *s);
/* How many stored files (not directories, not tmp/) the material file store of s holds. */
int server_stored_files(const struct server *s);
/* What the server has written to its log (stderr) so far; "" when nothing. */
const char *server_log_text(const struct server *s);

/*
 * Run `ecat ARGS... --db DB` against the server's database (s may be stopped)
 * with stdin_text on standard input (NULL: empty).  *out (if out is not
 * NULL) receives stdout and stderr together.  Returns the exit status, or
 * -1 if it was killed by a signal or timed out.
 */
int run_ecat(struct server *s, const char *const *args, const char *stdin_text, char **out);
/* The same against any database path. */
int run_ecat_db(const char *db, const char *const *args, const char *stdin_text, char **out);

/* Copy a file (mode 0600); 0 on success. */
int copy_file(const char *from, const char *to);
/* A new path inside the current test's scratch directory (removed at the end). */
const char *test_path(const char *name);

/* ---- the database file, read directly ---- */

/* The first column of the first row of sql, as an integer (fails the test on error). */
int64_t db_int(const char *db, const char *sql);
/* The first column of the first row of sql as text ("" for NULL or no row). */
const char *db_text(const char *db, const char *sql);
/*
 * A summary of every table's content (row count and a hash of every value)
 * except the ones that change on their own (audit_log, sessions,
 * login_failures): equal fingerprints mean no data changed.
 */
const char *db_fingerprint(const char *db);
/* Run statements (no result) on db, read-write; fails the test on error. */
void db_exec(const char *db, const char *sql);
/* Whether a write transaction holds db's write lock now (tried without waiting). */
bool db_write_locked(const char *db);

/* ---- HTTP ---- */

struct client;

struct resp {
        long status; /* 0: the request failed (see error) */
        char *body;  /* NUL-terminated; len bytes */
        size_t len;
        json_t *json;    /* the body parsed, NULL if not JSON */
        char error[256]; /* transport error text when status is 0 */
        double ms;       /* how long the exchange took */
        char **headers;  /* "Name: value" lines of the final response */
        size_t n_headers;
        struct resp *prev, *next; /* the test's list of responses */
};

/* A client of server s: no session until login(); owned by the test. */
struct client *client_new(struct server *s);
/* Send Authorization: Bearer token on every request (NULL: stop). */
void client_set_bearer(struct client *c, const char *token);
/* Whether unsafe methods carry the CSRF token from login (default: yes). */
void client_send_csrf(struct client *c, bool on);
/* Send request bodies with Transfer-Encoding: chunked (default: Content-Length). */
void client_chunked(struct client *c, bool on);
/* Each request on a new connection, closed after it (default: one kept alive). */
void client_fresh_connections(struct client *c, bool on);
/* The session cookie value (NULL when none) and a way to set it (replay, forgery). */
const char *client_cookie(const struct client *c);
void client_set_cookie(struct client *c, const char *value);
const char *client_csrf(const struct client *c);

/*
 * One request.  content_type and body may be NULL; body is len bytes (it may
 * hold NUL bytes).  The variable part is extra header lines ("Name: value"),
 * and the macro adds the terminating NULL.  The session cookie is sent and
 * updated from Set-Cookie; X-CSRF-Token is added on unsafe methods when the
 * client has one (unless an extra header sets it).  Never fails the test:
 * a transport failure gives status 0.
 */
struct resp *http_request(struct client *c, const char *method, const char *path,
                          const char *content_type, const char *body, size_t len, ...);
#define http(...) http_request(__VA_ARGS__, (const char *)NULL)
struct resp *http_get(struct client *c, const char *path);
/* A JSON body (application/json) given as text. */
struct resp *http_json(struct client *c, const char *method, const char *path, const char *json);
void resp_free(struct resp *r);
/* The first header of that name (case-insensitive), value only; NULL when absent. */
const char *resp_header(const struct resp *r, const char *name);
/* How many headers of that name. */
size_t resp_header_count(const struct resp *r, const char *name);

/* POST /api/v1/session with these credentials; the answer whatever it is. */
struct resp *try_login(struct client *c, const char *user, const char *password);
/* POST /api/v1/session with this body; on 200 the client keeps the session and CSRF token. */
struct resp *try_login_json(struct client *c, const char *json);
/* Log in (POST /api/v1/session); fails the test unless 200.  Sets cookie and CSRF token. */
struct resp *login(struct client *c, const char *user, const char *password);
/* How many users the demo database holds (src/cli/demo.c). */
#define DEMO_USERS 10
/* The password of a demo login ("admin" -> "demo-admin-pass-2013"); NULL if unknown. */
const char *demo_password(const char *login);
/* A new client of s logged in as the demo login. */
struct client *client_login(struct server *s, const char *login);
/* The demo login holding a role ("outreach_worker" -> "outreach"). */
const char *demo_login_for_role(const char *role);

/* ---- JSON helpers ---- */

/* The member at a dotted path ("error.fields.login"); NULL when absent. */
json_t *json_at(json_t *root, const char *path);
const char *json_str_at(json_t *root, const char *path); /* NULL unless a string */
long long json_int_at(json_t *root, const char *path);   /* fails unless an integer */

void check_status_at(const char *file, int line, const struct resp *r, long want);
void expect_error_at(const char *file, int line, const struct resp *r, long status,
                     const char *code, const char *field);
void expect_security_headers_at(const char *file, int line, const struct resp *r);

#endif

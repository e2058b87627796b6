/*
 * Durability: a write acknowledged is a write kept.  A writer creates API
 * tokens (cheap audited writes) as fast as it can while the server is
 * killed with SIGKILL at a random moment; every token acknowledged with 201
 * must then be in the database with its audit entry, the database must pass
 * PRAGMA integrity_check and the audit chain must verify.  Also: a graceful
 * stop under load, and an online backup taken under load that can be served.
 */
#include "harness.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CYCLES   20
#define MAX_ACKS 100000

struct writer {
        struct client *c;
        pthread_t thread;
        bool running;
        atomic_int stop;
        pthread_mutex_t lock;
        long long *ids; /* acknowledged token ids, in order (MAX_ACKS at most) */
        size_t n;
        int requests;
        int failures; /* transport failures (the server was killed) */
        int unexpected;
        char last_unexpected[256];
};

/* The writer thread: no CHECKs here (they belong to the test thread). */
static void *write_tokens(void *arg)
{
        struct writer *w = arg;
        while (!atomic_load(&w->stop) && w->requests < MAX_ACKS) {
                w->requests++;
                struct resp *r =
                    http_json(w->c, "POST", "/api/v1/session/tokens", "{\"name\":\"durable\"}");
                json_t *id = r->json ? json_object_get(r->json, "id") : NULL;
                if (r->status == 201 && json_is_integer(id)) {
                        pthread_mutex_lock(&w->lock);
                        w->ids[w->n++] = (long long)json_integer_value(id);
                        pthread_mutex_unlock(&w->lock);
                } else if (r->status == 0) {
                        w->failures++;
                        sleep_ms(1);
                } else {
                        w->unexpected++;
                        snprintf(w->last_unexpected, sizeof(w->last_unexpected), "%ld %.200s",
                                 r->status, r->body);
                }
                resp_free(r);
        }
        return NULL;
}

static void writer_stop(void *arg)
{
        struct writer *w = arg;
        if (!w->running)
                return;
        atomic_store(&w->stop, 1);
        pthread_join(w->thread, NULL);
        pthread_mutex_destroy(&w->lock);
        w->running = false;
}

/* A writer on its own thread; it is stopped when the test ends, however it ends. */
static struct writer *writer_start(struct server *s, const char *token)
{
        struct writer *w = test_alloc(sizeof(*w));
        pthread_mutex_init(&w->lock, NULL);
        w->ids = test_alloc(MAX_ACKS * sizeof(*w->ids));
        w->c = client_new(s);
        client_set_bearer(w->c, token);
        atomic_store(&w->stop, 0);
        CHECK(pthread_create(&w->thread, NULL, write_tokens, w) == 0);
        w->running = true;
        test_defer(writer_stop, w);
        return w;
}

static size_t writer_count(struct writer *w)
{
        pthread_mutex_lock(&w->lock);
        size_t n = w->n;
        pthread_mutex_unlock(&w->lock);
        return n;
}

/* "1,2,3" of the first n acknowledged ids. */
static const char *id_list(const struct writer *w, size_t n)
{
        size_t cap = n * 21 + 2, len = 0;
        char *p = malloc(cap);
        CHECK(p != NULL);
        p[0] = '\0';
        for (size_t i = 0; i < n; i++)
                len += (size_t)snprintf(p + len, cap - len, "%s%lld", i ? "," : "", w->ids[i]);
        const char *out = test_msg("%s", p);
        free(p);
        return out;
}

/* Every one of the first n acknowledged tokens is in db, with its audit entry. */
static void check_acknowledged(const char *db, const struct writer *w, size_t n)
{
        if (n == 0)
                return;
        const char *ids = id_list(w, n);
        int64_t found =
            db_int(db, test_msg("SELECT count(*) FROM api_tokens WHERE id IN (%s)", ids));
        if (found != (int64_t)n) {
                for (size_t i = 0; i < n; i++)
                        CHECK(db_int(db, test_msg("SELECT count(*) FROM api_tokens WHERE id = %lld",
                                                  w->ids[i])) == 1,
                              "token %lld was acknowledged and is lost", w->ids[i]);
        }
        int64_t audited = db_int(db, test_msg("SELECT count(DISTINCT object_id) FROM audit_log "
                                              "WHERE action = 'token.create' AND object_type = "
                                              "'api_token' AND object_id IN (%s)",
                                              ids));
        CHECK_INT(audited, n);
}

static void check_database(struct server *s, const char *db)
{
        CHECK_STR(db_text(db, "PRAGMA integrity_check"), "ok");
        CHECK_STR(db_text(db, "PRAGMA foreign_key_check"), "");
        char *out = NULL;
        int rc = s ? run_ecat(s, (const char *[]){"audit", "verify", NULL}, NULL, &out)
                   : run_ecat_db(db, (const char *[]){"audit", "verify", NULL}, NULL, &out);
        CHECK(rc == 0, "audit verify: %d %s", rc, out);
}

/* A token for the writer, made on the command line. */
static const char *admin_token(struct server *s)
{
        char *out = NULL;
        CHECK_INT(
            run_ecat(s, (const char *[]){"token", "create", "--login", "admin", NULL}, NULL, &out),
            0);
        return test_msg("%.*s", (int)strcspn(out, "\n"), out);
}

static unsigned test_seed(void)
{
        const char *s = getenv("ECAT_TEST_SEED");
        unsigned seed = s && *s ? (unsigned)strtoul(s, NULL, 10) : (unsigned)time(NULL);
        test_note("seed %u (ECAT_TEST_SEED repeats a run)", seed);
        return seed;
}

API_TEST(kill9_under_writes_loses_no_acknowledged_write)
{
        struct server *s = server_start(NULL);
        const char *token = admin_token(s);
        unsigned seed = test_seed();
        size_t total = 0;
        int cycles_with_writes = 0;
        for (int cycle = 0; cycle < CYCLES; cycle++) {
                if (cycle > 0)
                        server_restart(s);
                struct writer *w = writer_start(s, token);
                int delay = 50 + (int)(rand_r(&seed) % 251);
                sleep_ms(delay);
                server_kill9(s);
                writer_stop(w);
                test_note("cycle %d: killed after %d ms; %zu acknowledged of %d requests", cycle,
                          delay, w->n, w->requests);
                CHECK(w->unexpected == 0, "cycle %d: %d unexpected answers, the last: %s", cycle,
                      w->unexpected, w->last_unexpected);
                check_acknowledged(server_db(s), w, w->n);
                check_database(s, server_db(s));
                total += w->n;
                cycles_with_writes += w->n > 0;
        }
        test_note("%zu writes acknowledged in %d cycles", total, CYCLES);
        CHECK(cycles_with_writes >= CYCLES / 2, "only %d of %d cycles acknowledged a write",
              cycles_with_writes, CYCLES);
        /* After all that, the server starts and serves. */
        server_restart(s);
        struct client *c = client_login(s, "admin");
        CHECK_STATUS(http_get(c, "/api/v1/users"), 200);
}

API_TEST(graceful_stop_under_writes)
{
        struct server *s = server_start(NULL);
        const char *token = admin_token(s);
        struct writer *w = writer_start(s, token);
        sleep_ms(300);
        /* SIGTERM while writes run: exit 0, and nothing acknowledged is lost. */
        server_stop(s);
        writer_stop(w);
        CHECK(w->unexpected == 0, "unexpected answer: %s", w->last_unexpected);
        CHECK(w->n > 0, "no write acknowledged in 300 ms");
        check_acknowledged(server_db(s), w, w->n);
        check_database(s, server_db(s));
}

API_TEST(online_backup_under_writes_restores)
{
        struct server *s = server_start(NULL);
        const char *token = admin_token(s);
        struct writer *w = writer_start(s, token);
        sleep_ms(200 * slow_factor());
        /* Everything acknowledged before the backup starts must be in it. */
        size_t before = writer_count(w);
        const char *backup = test_path("backup.db");
        char *out = NULL;
        int rc = run_ecat(s, (const char *[]){"backup", backup, NULL}, NULL, &out);
        size_t during = writer_count(w);
        sleep_ms(100);
        writer_stop(w);
        CHECK(rc == 0, "ecat backup under writes: %d %s", rc, out);
        test_note("%zu writes before the backup, %zu by its end, %zu in all: %s", before, during,
                  w->n, out);
        CHECK(strstr(out, "backup written") != NULL, "ecat backup says: %s", out);
        CHECK(before > 0, "no write acknowledged before the backup");
        CHECK(during > before || w->n > during, "the writer stalled during the backup");
        /* A second backup does not overwrite the first. */
        char *out2 = NULL;
        CHECK(run_ecat(s, (const char *[]){"backup", backup, NULL}, NULL, &out2) != 0,
              "a backup overwrote an existing file: %s", out2);
        server_stop(s);
        check_acknowledged(server_db(s), w, w->n);
        check_acknowledged(backup, w, before);
        CHECK(db_int(backup, "SELECT count(*) FROM api_tokens") <= (int64_t)w->n + 1);

        /* Restore: the copy, with the key file kept apart, is served as it was. */
        CHECK(copy_file(test_msg("%s.key", server_db(s)), test_msg("%s.key", backup)) == 0);
        check_database(NULL, backup);
        struct server *r = server_start_db(backup, NULL);
        struct client *admin = client_login(r, "admin");
        struct resp *users = http_get(admin, "/api/v1/users");
        CHECK_STATUS(users, 200);
        CHECK_INT(json_int_at(users->json, "total"), DEMO_USERS);
        struct client *api = client_new(r);
        client_set_bearer(api, token);
        CHECK_STATUS(http_get(api, "/api/v1/session"), 200);
        /* And it takes writes. */
        CHECK_STATUS(http_json(admin, "POST", "/api/v1/session/tokens", "{\"name\":\"restored\"}"),
                     201);
        server_stop(r);
        check_database(NULL, backup);
}

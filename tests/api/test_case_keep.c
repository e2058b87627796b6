/*
 * Keeping case data over time: `ecat key rotate` killed at random points and
 * resumed, a rotation stopped by a tampered value, `ecat cases purge`, and
 * the subject-access export GET /api/v1/cases/{id}/export.
 */
#include "harness.h"

#include <sqlite3.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Flip one bit of a stored value (the server stopped). */
static void flip_bit(const char *db, const char *table, const char *column, long long id,
                     size_t byte)
{
        sqlite3 *h = NULL;
        CHECK(sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK);
        sqlite3_blob *b = NULL;
        CHECK(sqlite3_blob_open(h, "main", table, column, id, 1, &b) == SQLITE_OK, "%s",
              sqlite3_errmsg(h));
        unsigned char v;
        CHECK(sqlite3_blob_read(b, &v, 1, (int)byte) == SQLITE_OK);
        v ^= 0x01;
        CHECK(sqlite3_blob_write(b, &v, 1, (int)byte) == SQLITE_OK);
        sqlite3_blob_close(b);
        sqlite3_close(h);
}

/* Whether the bytes whose hex is hex appear in the file at path (absent file: no). */
static bool file_holds(const char *path, const char *hex)
{
        FILE *f = fopen(path, "rb");
        if (!f)
                return false;
        size_t cap = 64u << 20;
        unsigned char *file = test_alloc(cap);
        size_t n = fread(file, 1, cap, f);
        fclose(f);
        size_t len = strlen(hex) / 2;
        unsigned char *needle = test_alloc(len + 1);
        for (size_t i = 0; i < len; i++) {
                unsigned v = 0;
                CHECK(sscanf(hex + 2 * i, "%2x", &v) == 1);
                needle[i] = (unsigned char)v;
        }
        return len > 0 && memmem(file, n, needle, len) != NULL;
}

static unsigned test_seed(void)
{
        const char *s = getenv("ECAT_TEST_SEED");
        unsigned seed = s && *s ? (unsigned)strtoul(s, NULL, 10) : (unsigned)time(NULL);
        test_note("seed %u (ECAT_TEST_SEED repeats a run)", seed);
        return seed;
}

/* Register a case as c; its id. */
static long long new_case(struct client *c, const char *given, const char *family,
                          const char *birth)
{
        struct resp *r = http_json(
            c, "POST", "/api/v1/cases",
            test_msg("{\"given_name\":\"%s\",\"family_name\":\"%s\",\"birth_date\":\"%s\","
                     "\"trafficking_status\":\"possible\",\"gender\":\"feminine\"}",
                     given, family, birth));
        CHECK_STATUS(r, 201);
        return json_int_at(r->json, "id");
}

static void new_note(struct client *c, long long case_id, const char *body)
{
        struct resp *r =
            http_json(c, "POST", test_msg("/api/v1/cases/%lld/notes", case_id),
                      test_msg("{\"visibility\":\"own_agency\",\"body\":\"%s\"}", body));
        CHECK_STATUS(r, 201);
}

/* Rows of the encrypted tables not on the newest key version. */
static long long rows_behind(const char *db)
{
        return db_int(db, "SELECT (SELECT count(*) FROM cases WHERE key_version < v) + "
                          "(SELECT count(*) FROM case_notes WHERE key_version < v) + "
                          "(SELECT count(*) FROM referrals WHERE key_version < v) FROM "
                          "(SELECT max(version) AS v FROM field_keys)");
}

/* Start `ecat key rotate --batch N --db DB` in the background; its pid. */
static pid_t rotate_start(const char *db, const char *batch)
{
        const char *bin = getenv("ECAT_BIN");
        CHECK(bin != NULL);
        pid_t pid = fork();
        CHECK(pid >= 0);
        if (pid == 0) {
                FILE *devnull = freopen("/dev/null", "w", stdout);
                (void)devnull;
                execl(bin, bin, "key", "rotate", "--batch", batch, "--db", db, (char *)NULL);
                _exit(127);
        }
        return pid;
}

/*
 * How long the program takes to start and stop doing nothing (the least of
 * three runs of ecat --version): the kills below aim past it, at the rotation,
 * however many libraries the binary loads.
 */
static double startup_ms(void)
{
        const char *bin = getenv("ECAT_BIN");
        CHECK(bin != NULL);
        double best = 1e9;
        for (int i = 0; i < 3; i++) {
                double t0 = now_ms();
                pid_t pid = fork();
                CHECK(pid >= 0);
                if (pid == 0) {
                        FILE *devnull = freopen("/dev/null", "w", stdout);
                        (void)devnull;
                        execl(bin, bin, "--version", (char *)NULL);
                        _exit(127);
                }
                int status = 0;
                CHECK(waitpid(pid, &status, 0) == pid);
                double t = now_ms() - t0;
                best = t < best ? t : best;
        }
        return best;
}

#define CASES       240
#define NOTES_EVERY 4
#define MIN_KILLS   20

API_TEST(key_rotation_killed_at_random_points_finishes_with_every_case_readable)
{
        struct server *s = server_start(NULL);
        struct client *w = client_login(s, "caseworker");
        long long ids[CASES + 1];
        for (int i = 1; i <= CASES; i++) {
                ids[i] = new_case(w, test_msg("Rotacija%d", i), test_msg("Canary%d", i),
                                  test_msg("1990-01-%02d", 1 + i % 28));
                if (i % NOTES_EVERY == 0)
                        new_note(w, ids[i], test_msg("rotation note %d", i));
        }
        server_stop(s);
        const char *db = server_db(s);
        unsigned seed = test_seed();
        int kills = 0, mid_way = 0, finished = 0, runs = 0;
        double start = startup_ms();
        test_note("start-up takes %.1f ms", start);
        while (kills < MIN_KILLS && runs < 200) {
                runs++;
                pid_t pid = rotate_start(db, "4");
                /* start-up is measured as it is (slow builds included); only the aim scales */
                int delay = (int)(start + (double)(rand_r(&seed) % 25) * slow_factor());
                sleep_ms(delay);
                int status = 0;
                if (waitpid(pid, &status, WNOHANG) == pid) {
                        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                              "a rotation that was not killed exits 0 (status %d)", status);
                        finished++;
                        continue;
                }
                kill(pid, SIGKILL);
                CHECK(waitpid(pid, &status, 0) == pid);
                if (WIFEXITED(status)) { /* it finished just before the signal */
                        finished++;
                        continue;
                }
                kills++;
                long long behind = rows_behind(db);
                if (behind > 0)
                        mid_way++;
                test_note("run %d: killed after %d ms, %lld rows left behind", runs, delay, behind);
        }
        CHECK(kills >= MIN_KILLS, "only %d kills in %d runs", kills, runs);
        CHECK(mid_way >= MIN_KILLS / 4,
              "only %d of %d kills landed in the middle of a rotation: the test proves little",
              mid_way, kills);
        /* The last, uninterrupted run finishes whatever rotation is open. */
        char *out = NULL;
        CHECK_INT(run_ecat(s, (const char *[]){"key", "rotate", NULL}, NULL, &out), 0);
        CHECK(strstr(out, ", 0 left on older versions") != NULL, "%s", out);
        CHECK_INT(rows_behind(db), 0);
        long long versions = db_int(db, "SELECT max(version) FROM field_keys");
        CHECK(versions >= 2, "no rotation took place");
        test_note("%d kills (%d mid-way), %d runs finished, key version %lld", kills, mid_way,
                  finished, versions);
        /* An interrupted rotation is resumed, never abandoned for a new version. */
        CHECK_INT(db_int(db, "SELECT count(*) FROM audit_log WHERE action = "
                             "'field_key.rotate_begin'"),
                  versions - 1);

        server_restart(s);
        w = client_login(s, "caseworker");
        for (int i = 1; i <= CASES; i++) {
                struct resp *r = http_get(w, test_msg("/api/v1/cases/%lld", ids[i]));
                CHECK_STATUS(r, 200);
                CHECK_STR(json_str_at(r->json, "family_name"), test_msg("Canary%d", i));
                if (i % NOTES_EVERY == 0) {
                        struct resp *n = http_get(w, test_msg("/api/v1/cases/%lld/notes", ids[i]));
                        CHECK_STATUS(n, 200);
                        CHECK_STR(json_str_at(json_array_get(json_at(n->json, "items"), 0), "body"),
                                  test_msg("rotation note %d", i));
                        resp_free(n);
                }
                resp_free(r);
        }
        /* A write after the rotation seals under the newest version. */
        long long id = new_case(w, "Po", "Rotacijos", "1991-02-03");
        CHECK_INT(db_int(db, test_msg("SELECT key_version FROM cases WHERE id = %lld", id)),
                  versions);
}

API_TEST(key_rotation_stops_at_a_tampered_value_and_writes_nothing_of_its_batch)
{
        struct server *s = server_start(NULL);
        struct client *w = client_login(s, "caseworker");
        long long ids[6];
        for (int i = 1; i <= 5; i++)
                ids[i] = new_case(w, test_msg("Sugadinta%d", i), "Canaryvalue", "1985-05-05");
        server_stop(s);
        const char *db = server_db(s);
        /* One bit of the third case's family name flipped, inside the ciphertext. */
        flip_bit(db, "cases", "family_name", ids[3], 30);
        const char *before = db_text(db, "SELECT group_concat(hex(family_name)) FROM cases");
        char *out = NULL;
        int rc = run_ecat(s, (const char *[]){"key", "rotate", "--batch", "100", NULL}, NULL, &out);
        CHECK_INT(rc, 1);
        CHECK(strstr(out, test_msg("cases row %lld cannot be opened", ids[3])) != NULL, "%s", out);
        CHECK(strstr(out, "Canaryvalue") == NULL && strstr(out, "Sugadinta") == NULL, "%s", out);
        /* The batch held every row: none was written under the new version. */
        CHECK_STR(db_text(db, "SELECT group_concat(hex(family_name)) FROM cases"), before);
        CHECK_INT(db_int(db, "SELECT count(*) FROM cases WHERE key_version > 1"), 0);
}

API_TEST(cases_purge_erases_closed_cases_past_retention_and_keeps_the_rest)
{
        struct server *s = server_start(NULL);
        struct client *w = client_login(s, "caseworker");
        struct client *m = client_login(s, "casemanager");
        long long old = new_case(w, "Senas", "Purgecanary", "1980-03-03");
        long long recent = new_case(w, "Naujas", "Keptcanary", "1981-04-04");
        long long open = new_case(w, "Atviras", "Opencanary", "1982-05-05");
        new_note(w, old, "purge note canary");
        struct resp *r = http_json(m, "POST", test_msg("/api/v1/cases/%lld/services", old),
                                   "{\"type\":\"medical\",\"status\":\"completed\"}");
        CHECK_STATUS(r, 201);
        const char *close = "{\"status\":\"closed\",\"closure_reason\":\"services_completed\"}";
        CHECK_STATUS(http_json(m, "PATCH", test_msg("/api/v1/cases/%lld", old), close), 200);
        CHECK_STATUS(http_json(m, "PATCH", test_msg("/api/v1/cases/%lld", recent), close), 200);
        server_stop(s);
        const char *db = server_db(s);
        /* The old case closed six years ago. */
        db_exec(db, test_msg("UPDATE cases SET closed_on = closed_on - 2200 WHERE id = %lld", old));
        const char *sealed =
            db_text(db, test_msg("SELECT hex(family_name) FROM cases WHERE id = %lld", old));
        const char *reference =
            db_text(db, test_msg("SELECT reference FROM cases WHERE id = %lld", old));

        const char *print = db_fingerprint(db);
        char *out = NULL;
        CHECK_INT(run_ecat(s, (const char *[]){"cases", "purge", "--dry-run", NULL}, NULL, &out),
                  0);
        CHECK(strstr(out, test_msg("would erase case %lld %s", old, reference)) != NULL, "%s", out);
        CHECK(strstr(out, "1 closed case ") != NULL, "%s", out);
        CHECK_STR(db_fingerprint(db), print);

        CHECK_INT(run_ecat(s, (const char *[]){"cases", "purge", NULL}, NULL, &out), 0);
        CHECK(strstr(out, "1 closed case ") != NULL && strstr(out, "erased") != NULL, "%s", out);
        CHECK_INT(db_int(db, test_msg("SELECT count(*) FROM cases WHERE id = %lld AND erased_at "
                                      "IS NOT NULL AND given_name IS NULL AND family_name IS "
                                      "NULL AND birth_date IS NULL",
                                      old)),
                  1);
        CHECK_INT(db_int(db, test_msg("SELECT count(*) FROM case_blind WHERE case_id = %lld", old)),
                  0);
        CHECK_INT(db_int(db, test_msg("SELECT count(*) FROM case_notes WHERE case_id = %lld", old)),
                  0);
        /* The coarse fields and the services stay for statistics. */
        CHECK_STR(
            db_text(db, test_msg("SELECT gender || '/' || status FROM cases WHERE id = %lld", old)),
            "feminine/closed");
        CHECK_INT(
            db_int(db, test_msg("SELECT count(*) FROM case_services WHERE case_id = %lld", old)),
            1);
        CHECK_INT(db_int(db, test_msg("SELECT count(*) FROM audit_log WHERE action = "
                                      "'case.purge' AND object_id = %lld",
                                      old)),
                  1);
        CHECK_INT(db_int(db, "SELECT count(*) FROM cases WHERE erased_at IS NOT NULL"), 1);
        /* The destroyed ciphertext is gone from the file and its WAL, not just unlinked. */
        CHECK(strlen(sealed) > 80);
        CHECK(!file_holds(db, sealed), "the erased case's sealed name is still in the file");
        CHECK(!file_holds(test_msg("%s-wal", db), sealed), "... or in its WAL");

        server_restart(s);
        w = client_login(s, "caseworker");
        m = client_login(s, "casemanager");
        expect_error(http_get(w, test_msg("/api/v1/cases/%lld", old)), 404, "not_found", NULL);
        expect_error(http_get(m, test_msg("/api/v1/cases/%lld/export", old)), 404, "not_found",
                     NULL);
        r = http_get(w, "/api/v1/cases?q=Purgecanary");
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "total"), 0);
        r = http_get(w, test_msg("/api/v1/cases/%lld", recent));
        CHECK_STATUS(r, 200);
        CHECK_STR(json_str_at(r->json, "family_name"), "Keptcanary");
        CHECK_STATUS(http_get(w, test_msg("/api/v1/cases/%lld", open)), 200);
}

API_TEST(case_export_gives_the_owning_case_manager_the_whole_record_and_is_audited)
{
        struct server *s = server_start(NULL);
        struct client *w = client_login(s, "caseworker");
        struct client *m = client_login(s, "casemanager");
        struct client *admin = client_login(s, "admin");
        long long id = new_case(w, "Eksportas", "Exportcanary", "1999-09-09");
        new_note(w, id, "export note canary");
        struct resp *r = http_json(w, "POST", test_msg("/api/v1/cases/%lld/consents", id),
                                   "{\"given_by\":\"person\",\"given_on\":\"2026-01-05\","
                                   "\"scopes\":[\"services\",\"share_with_agencies\"]}");
        CHECK_STATUS(r, 201);
        /* A case manager of another agency (Rahab). */
        struct client *other = client_login(s, "rahabmanager");

        long long reads = db_int(server_db(s), "SELECT count(*) FROM case_access_log");
        r = http_get(m, test_msg("/api/v1/cases/%lld/export", id));
        CHECK_STATUS(r, 200);
        CHECK_STR(json_str_at(r->json, "format"), "ecat-case-export-1");
        CHECK_STR(json_str_at(r->json, "case.family_name"), "Exportcanary");
        CHECK_STR(json_str_at(json_array_get(json_at(r->json, "notes"), 0), "body"),
                  "export note canary");
        CHECK_INT(json_array_size(json_at(r->json, "consents")), 1);
        CHECK(json_is_array(json_at(r->json, "referrals")) &&
              json_is_array(json_at(r->json, "services")));
        const char *disposition = resp_header(r, "Content-Disposition");
        CHECK(disposition && strstr(disposition, "attachment"), "%s",
              disposition ? disposition : "(none)");
        CHECK_INT(db_int(server_db(s), "SELECT count(*) FROM case_access_log"), reads + 1);
        CHECK_INT(db_int(server_db(s), test_msg("SELECT count(*) FROM audit_log WHERE action = "
                                                "'case.export' AND object_id = %lld",
                                                id)),
                  1);

        /* A case worker lacks the action; another agency, or no such case, is 404 alike. */
        r = http_get(w, test_msg("/api/v1/cases/%lld/export", id));
        CHECK_STATUS(r, 403);
        CHECK(strstr(r->body, "Exportcanary") == NULL);
        r = http_get(other, test_msg("/api/v1/cases/%lld/export", id));
        expect_error(r, 404, "not_found", NULL);
        CHECK(strstr(r->body, "Exportcanary") == NULL);
        struct resp *missing = http_get(other, "/api/v1/cases/999999/export");
        CHECK_STR(missing->body, r->body);
        r = http_get(admin, test_msg("/api/v1/cases/%lld/export", id));
        CHECK_STATUS(r, 403);
        CHECK(strstr(r->body, "Exportcanary") == NULL);
}

API_TEST(case_references_are_numbered_per_agency)
{
        struct server *s = server_start(NULL);
        struct client *admin = client_login(s, "admin");
        /* The ombudsperson's office is a second Lithuanian agency (organisation 8). */
        struct resp *r = http_json(admin, "POST", "/api/v1/users",
                                   "{\"login\":\"ombudscases\",\"organisation_id\":8,\"role\":"
                                   "\"case_worker\",\"password\":\"ombuds-cases-pass-2013\"}");
        CHECK_STATUS(r, 201);
        struct client *o = client_new(s);
        login(o, "ombudscases", "ombuds-cases-pass-2013");
        struct client *w = client_login(s, "caseworker");
        long long a = new_case(w, "Pirma", "Referencecanary", "1990-01-01");
        long long b = new_case(o, "Antra", "Referencecanary", "1991-01-01");
        const char *ra =
            db_text(server_db(s), test_msg("SELECT reference FROM cases WHERE id = %lld", a));
        const char *rb =
            db_text(server_db(s), test_msg("SELECT reference FROM cases WHERE id = %lld", b));
        CHECK(strncmp(rb, "LT-", 3) == 0 && strcmp(rb + 7, "-00001") == 0, "%s", rb);
        CHECK(strncmp(ra, "LT-", 3) == 0, "%s", ra);
        /* Each agency finds its own case by reference, never the other's. */
        r = http_get(o, test_msg("/api/v1/cases?reference=%s", rb));
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "total"), 1);
        CHECK_INT(json_int_at(json_array_get(json_at(r->json, "items"), 0), "id"), b);
}

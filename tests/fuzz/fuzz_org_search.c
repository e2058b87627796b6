/*
 * libFuzzer harness: any bytes as the ?q= of the organisation list.
 * store_search_query() must only ever build the quoted prefix terms it
 * promises, and FTS5 must accept what it builds: the list query runs against a
 * small database and must not fail.  The same text also goes through the
 * municipality lookup and the contact-field checks, each checked against
 * what it promises.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/organisations.h"
#include "audit/audit.h"
#include "core/arena.h"
#include "core/util.h"
#include "domain/municipalities.h"
#include "domain/org.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
        do {                                                                                       \
                if (!(cond))                                                                       \
                        abort();                                                                   \
        } while (0)

static struct store *store;
static struct db *db;

/* A database with a few organisations, made once per process and removed at exit. */
static char dir[64];
static char path[96];

static void cleanup(void)
{
        store_close(store);
        static const char *const suffix[] = {"", "-wal", "-shm"};
        for (size_t i = 0; i < 3; i++) {
                char p[128];
                snprintf(p, sizeof(p), "%s%s", path, suffix[i]);
                unlink(p);
        }
        rmdir(dir);
}

static void open_db(void)
{
        snprintf(dir, sizeof(dir), "/tmp/ecat-fuzz-XXXXXX");
        CHECK(mkdtemp(dir));
        snprintf(path, sizeof(path), "%s/f.db", dir);
        static const unsigned char key[32] = {9};
        audit_set_key(key);
        char err[256];
        CHECK(store_open(path, true, &store, err, sizeof(err)) == 0);
        db = store_db(store);
        CHECK(db);
        atexit(cleanup);
        static const char *const orgs[] = {
            "{\"name\":\"Šiaulių globos namai\",\"kind\":\"shelter\",\"country\":\"LT\"}",
            "{\"name\":\"Kaunas Hotel\",\"kind\":\"hotel\",\"country\":\"LT\"}",
            "{\"name\":\"\\\"NEAR\\\" (or) * : ^ -x\",\"kind\":\"other\",\"country\":\"IT\"}",
        };
        struct arena a;
        arena_init(&a, 1u << 20);
        CHECK(db_begin_write(db) == STORE_OK);
        struct principal who = {0, ROLE_ADMIN, 0, "fuzz", 0};
        for (size_t i = 0; i < sizeof(orgs) / sizeof(orgs[0]); i++) {
                struct problems p;
                problems_init(&p, &a);
                int64_t id;
                CHECK(door_create_json(db, &who, &organisation_api, 0, orgs[i], strlen(orgs[i]), &p,
                                       &id) == E_OK);
        }
        CHECK(db_commit(db) == STORE_OK);
        arena_free(&a);
}

static bool word_byte(unsigned char c)
{
        return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
               (c >= 'A' && c <= 'Z');
}

/* The query is `{name} : "w"*` terms joined by one space, each w of word bytes. */
static void check_shape(const char *fts)
{
        const char *p = fts;
        int terms = 0;
        while (*p) {
                if (terms)
                        CHECK(*p++ == ' ');
                CHECK(strncmp(p, "{name} : \"", 10) == 0);
                p += 10;
                const char *start = p;
                while (*p && word_byte((unsigned char)*p))
                        p++;
                CHECK(p > start);
                CHECK(p[0] == '"' && p[1] == '*');
                p += 2;
                terms++;
        }
        CHECK(p - fts <= STORE_SEARCH_MAX_BYTES);
        CHECK(terms >= 1 && terms <= STORE_SEARCH_MAX_WORDS);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        if (!db)
                open_db();
        if (size > 4096)
                return 0;
        char *text = malloc(size + 1);
        CHECK(text);
        memcpy(text, data, size);
        text[size] = '\0';
        struct arena a;
        arena_init(&a, 1u << 20);
        const char *fts = store_search_query(&a, text);
        if (fts) {
                check_shape(fts);
                /* Only valid UTF-8 reaches the query over HTTP; FTS5 must take it. */
                if (utf8_valid(text, strlen(text))) {
                        struct stmt *st = db_prepare(db, STMT_ORG_LIST);
                        CHECK(st);
                        st_bind_text(st, 6, fts);
                        st_bind_int(st, 7, 500);
                        st_bind_int(st, 8, 0);
                        enum store_rc rc;
                        while ((rc = st_step(st)) == STORE_ROW)
                                ;
                        st_reset(st);
                        CHECK(rc == STORE_DONE);
                }
        }
        const struct municipality *m = municipality_lookup(text);
        if (m) {
                CHECK(municipality_by_name(m->name) == m);
                CHECK(municipality_lookup(m->name) == m);
        }
        if (email_valid(text)) {
                const char *at = strchr(text, '@');
                CHECK(at && at != text && !strchr(at + 1, '@') && strlen(text) <= 254);
                CHECK(!strchr(text, ' '));
        }
        if (website_valid(text))
                CHECK(strlen(text) <= 500 && !strchr(text, ' ') &&
                      (strncasecmp(text, "http://", 7) == 0 ||
                       strncasecmp(text, "https://", 8) == 0));
        if (phone_valid(text))
                CHECK(strlen(text) <= 50 && strspn(text, "0123456789 +-()") == strlen(text));
        arena_free(&a);
        free(text);
        return 0;
}

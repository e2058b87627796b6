/*
 * Column tables and what they drive: values checked into records, PATCH
 * merges, every resource's SELECT statements in the shape of its table, and
 * the cipher hook of encrypted columns (sealed on bind, opened on read,
 * refused when tampered with or read as another row's).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "audit/audit.h"
#include "core/log.h"
#include "core/record.h"
#include "domain/activity.h"
#include "domain/material.h"
#include "domain/engagement.h"
#include "domain/indicator.h"
#include "domain/organisation.h"
#include "store/rows.h"
#include "store/store.h"

/* --- a small record of every field type --- */

struct thing {
        struct record_head head;
        int64_t id;
        const char *name;
        int64_t count;
        bool active;
        const char *colour;
        int32_t day;
        double weight;
        uint32_t tags;
        const char *words;
        const char *secret;
};

static const char *const colours[] = {"red", "green", NULL};
static const char *const tags[] = {"a", "b", "c", NULL};

enum {
        T_ID,
        T_NAME,
        T_COUNT,
        T_ACTIVE,
        T_COLOUR,
        T_DAY,
        T_WEIGHT,
        T_TAGS,
        T_WORDS,
        T_SECRET,
        T__N
};

static const struct column thing_columns[T__N] = {
    [T_ID] = {"id", "id", FT_INT, COL_READ_ONLY, offsetof(struct thing, id), 0, 0, 0, 0, NULL},
    [T_NAME] = {"name", "a", FT_TEXT, FIELD_REQUIRED, offsetof(struct thing, name), 1, 5, 0, 0,
                NULL},
    [T_COUNT] = {"count", "count", FT_INT, 0, offsetof(struct thing, count), 0, 10, 0, 0, NULL},
    [T_ACTIVE] = {"active", "active", FT_BOOL, 0, offsetof(struct thing, active), 0, 0, 0, 0, NULL},
    [T_COLOUR] = {"colour", "colour", FT_ENUM, FIELD_NULLABLE, offsetof(struct thing, colour), 0, 0,
                  0, 0, colours},
    [T_DAY] = {"day", "day", FT_DATE, 0, offsetof(struct thing, day), 0, 0, 0, 0, NULL},
    [T_WEIGHT] = {"weight", "weight", FT_REAL, 0, offsetof(struct thing, weight), 0, 0, -1, 1,
                  NULL},
    [T_TAGS] = {"tags", "tags", FT_ENUM_SET, 0, offsetof(struct thing, tags), 0, 0, 0, 0, tags},
    [T_WORDS] = {"words", "words", FT_TEXT_LIST, 0, offsetof(struct thing, words), 1, 3, 0, 0,
                 NULL},
    [T_SECRET] = {"secret", "b", FT_TEXT, FIELD_NULLABLE | COL_ENCRYPTED,
                  offsetof(struct thing, secret), 0, 100, 0, 0, NULL},
};

static struct value text(const char *s)
{
        struct value v = {.kind = V_STRING, .s = s, .len = strlen(s)};
        return v;
}

static struct value number(int64_t i)
{
        struct value v = {.kind = V_INT, .i = i};
        return v;
}

static void test_record_set_checks_each_type(void **state)
{
        (void)state;
        struct arena a;
        arena_init(&a, 1u << 20);
        struct thing t = {0};
        struct value v = text("abc");
        assert_null(record_set(&a, &thing_columns[T_NAME], &v, &t));
        assert_string_equal(t.name, "abc");
        v = text("abcdef");
        assert_string_equal(record_set(&a, &thing_columns[T_NAME], &v, &t),
                            "must be 1 to 5 characters");
        v = text("a\x01");
        assert_string_equal(record_set(&a, &thing_columns[T_NAME], &v, &t),
                            "must not contain control characters");
        v = number(11);
        assert_non_null(record_set(&a, &thing_columns[T_COUNT], &v, &t));
        v = number(10);
        assert_null(record_set(&a, &thing_columns[T_COUNT], &v, &t));
        assert_int_equal(t.count, 10);
        v = text("blue");
        assert_non_null(record_set(&a, &thing_columns[T_COLOUR], &v, &t));
        v = text("green");
        assert_null(record_set(&a, &thing_columns[T_COLOUR], &v, &t));
        assert_string_equal(t.colour, "green");
        v = text("2014-02-30");
        assert_non_null(record_set(&a, &thing_columns[T_DAY], &v, &t));
        v = text("1970-01-02");
        assert_null(record_set(&a, &thing_columns[T_DAY], &v, &t));
        assert_int_equal(t.day, 1);
        struct value d = {.kind = V_REAL, .d = 1.5};
        assert_non_null(record_set(&a, &thing_columns[T_WEIGHT], &d, &t));
        const char *items[] = {"c", "a"};
        const size_t lens[] = {1, 1};
        struct value set = {.kind = V_LIST, .n_items = 2, .items = items, .item_lens = lens};
        assert_null(record_set(&a, &thing_columns[T_TAGS], &set, &t));
        assert_int_equal(t.tags, 5u);
        assert_null(record_set(&a, &thing_columns[T_WORDS], &set, &t));
        assert_string_equal(t.words, "[\"c\",\"a\"]");
        arena_free(&a);
}

static void test_record_mark_require_merge(void **state)
{
        (void)state;
        struct thing patch = {0}, stored = {0};
        struct problems p;
        struct arena a;
        arena_init(&a, 1u << 16);
        problems_init(&p, &a);
        record_require(thing_columns, T__N, &patch, &p);
        assert_int_equal(p.n, 1);
        assert_string_equal(p.item[0].field, "name");
        assert_string_equal(p.item[0].text, "is required");
        /* null: refused unless the column is nullable */
        assert_non_null(record_mark(thing_columns, T_COUNT, &patch, true));
        assert_null(record_mark(thing_columns, T_COLOUR, &patch, true));
        assert_true(REC_HAS(&patch, T_COLOUR) && REC_NULL(&patch, T_COLOUR));

        stored.name = "old";
        stored.count = 3;
        stored.colour = "red";
        stored.head.present = (UINT64_C(1) << T__N) - 1;
        patch.count = 7;
        record_give(&patch, T_COUNT);
        record_merge(thing_columns, T__N, &patch, &stored);
        assert_string_equal(patch.name, "old"); /* taken from stored */
        assert_int_equal(patch.count, 7);       /* the patch's own */
        assert_null(patch.colour);              /* cleared by the patch's null */
        assert_true(REC_NULL(&patch, T_COLOUR));
        assert_int_equal(patch.head.present, (UINT64_C(1) << T__N) - 1);
        arena_free(&a);
}

/* --- against a real store --- */

struct fixture {
        char dir[64];
        char path[128];
        struct store *store;
};

static int setup(void **state)
{
        struct fixture *f = calloc(1, sizeof(*f));
        if (!f)
                return -1;
        snprintf(f->dir, sizeof(f->dir), "/tmp/ecat-unit-record-XXXXXX");
        if (!mkdtemp(f->dir))
                return -1;
        snprintf(f->path, sizeof(f->path), "%s/r.db", f->dir);
        log_set_level(LOG_ERROR);
        static const unsigned char key[32] = {9};
        audit_set_key(key);
        char err[256];
        if (store_open(f->path, true, &f->store, err, sizeof(err)) < 0)
                return -1;
        *state = f;
        return 0;
}

static int teardown(void **state)
{
        struct fixture *f = *state;
        store_close(f->store);
        char cmd[128];
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
        int rc = system(cmd);
        free(f);
        return rc == 0 ? 0 : -1;
}

/* Every statement that reads rows of a resource, with that resource's table. */
static const struct {
        const char *name;
        enum stmt_id stmt;
        const struct column *cols;
        size_t n;
} shapes[] = {
    {"STMT_ACTIVITY_BY_ID", STMT_ACTIVITY_BY_ID, activity_columns, ACTIVITY__COLUMNS},
    {"STMT_ACTIVITY_LIST", STMT_ACTIVITY_LIST, activity_columns, ACTIVITY__COLUMNS},
    {"STMT_ACTIVITY_LIST_PROJECT", STMT_ACTIVITY_LIST_PROJECT, activity_columns, ACTIVITY__COLUMNS},
    {"STMT_MATERIAL_BY_ID", STMT_MATERIAL_BY_ID, material_columns, MATERIAL__COLUMNS},
    {"STMT_MATERIAL_LIST", STMT_MATERIAL_LIST, material_columns, MATERIAL__COLUMNS},
    {"STMT_DISTRIBUTION_BY_ID", STMT_DISTRIBUTION_BY_ID, distribution_columns, DIST__COLUMNS},
    {"STMT_DISTRIBUTION_LIST", STMT_DISTRIBUTION_LIST, distribution_columns, DIST__COLUMNS},
    {"STMT_ORG_BY_ID", STMT_ORG_BY_ID, organisation_columns, ORG_F__MAX},
    {"STMT_ORG_LIST_ALL", STMT_ORG_LIST_ALL, organisation_columns, ORG_F__MAX},
    {"STMT_ORG_LIST", STMT_ORG_LIST, organisation_columns, ORG_F__MAX},
    {"STMT_ORG_EXPORT", STMT_ORG_EXPORT, organisation_columns, ORG_F__MAX},
    {"STMT_INDICATOR_BY_ID", STMT_INDICATOR_BY_ID, indicator_columns, IND__COLUMNS},
    {"STMT_INDICATOR_LIST", STMT_INDICATOR_LIST, indicator_columns, IND__COLUMNS},
    {"STMT_INDICATOR_TARGETS", STMT_INDICATOR_TARGETS, indicator_target_columns, TARGET__COLUMNS},
    {"STMT_AGREEMENT_BY_ID", STMT_AGREEMENT_BY_ID, agreement_columns, AGREEMENT__COLUMNS},
    {"STMT_AGREEMENT_LIST", STMT_AGREEMENT_LIST, agreement_columns, AGREEMENT__COLUMNS},
    {"STMT_ENGAGEMENT_BY_ID", STMT_ENGAGEMENT_BY_ID, engagement_columns, ENGAGEMENT__COLUMNS},
    {"STMT_ENGAGEMENT_LIST", STMT_ENGAGEMENT_LIST, engagement_columns, ENGAGEMENT__COLUMNS},
    {"STMT_ENGAGEMENT_STAGES", STMT_ENGAGEMENT_STAGES, engagement_stage_columns, STAGE__COLUMNS},
};

static void test_statements_have_their_tables_shape(void **state)
{
        struct fixture *f = *state;
        struct db *db = store_db(f->store);
        assert_non_null(db);
        for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
                struct stmt *st = db_prepare(db, shapes[i].stmt);
                assert_non_null(st);
                char why[200];
                if (!row_shape_matches(st, shapes[i].cols, shapes[i].n, why, sizeof(why)))
                        fail_msg("%s: %s", shapes[i].name, why);
        }
        /* and a mismatch is seen: the organisation table against the activities' rows */
        char why[200];
        assert_false(row_shape_matches(db_prepare(db, STMT_ACTIVITY_BY_ID), organisation_columns,
                                       ORG_F__MAX, why, sizeof(why)));
}

/*
 * A cipher for the test: XChaCha20-Poly1305 under a fixed key, the
 * associated data being table, column, row id and key version.
 */
static unsigned char test_key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES] = {1, 2, 3};

static size_t ad_bytes(const struct cipher_ad *ad, unsigned char *out, size_t max)
{
        int n = snprintf((char *)out, max, "%s|%s|%lld|%d", ad->table, ad->column,
                         (long long)ad->row_id, ad->key_version);
        return n > 0 ? (size_t)n : 0;
}

static int seal(void *ctx, const struct cipher_ad *ad, const void *p, size_t len, struct arena *a,
                const void **out, size_t *out_len)
{
        (void)ctx;
        size_t nb = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
        unsigned char *c = arena_alloc(a, nb + len + crypto_aead_xchacha20poly1305_ietf_ABYTES);
        if (!c)
                return -1;
        unsigned char adb[256];
        size_t adn = ad_bytes(ad, adb, sizeof(adb));
        randombytes_buf(c, nb);
        unsigned long long clen;
        crypto_aead_xchacha20poly1305_ietf_encrypt(c + nb, &clen, p, len, adb, adn, NULL, c,
                                                   test_key);
        *out = c;
        *out_len = nb + (size_t)clen;
        return 0;
}

static int open_(void *ctx, const struct cipher_ad *ad, const void *cv, size_t len, struct arena *a,
                 const char **out)
{
        (void)ctx;
        const unsigned char *c = cv;
        size_t nb = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
        if (len < nb + crypto_aead_xchacha20poly1305_ietf_ABYTES)
                return -1;
        char *p = arena_alloc(a, len + 1);
        if (!p)
                return -1;
        unsigned char adb[256];
        size_t adn = ad_bytes(ad, adb, sizeof(adb));
        unsigned long long plen;
        if (crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)p, &plen, NULL, c + nb,
                                                       len - nb, adb, adn, c, test_key) != 0)
                return -1;
        p[plen] = '\0';
        *out = p;
        return 0;
}

static const struct row_cipher cipher = {NULL, 1, seal, open_, NULL};

/* The two stored columns of the echo statement: a plain one and an encrypted one. */
static const struct column echo_columns[] = {
    {"name", "a", FT_TEXT, 0, offsetof(struct thing, name), 0, 100, 0, 0, NULL},
    {"secret", "b", FT_TEXT, FIELD_NULLABLE | COL_ENCRYPTED, offsetof(struct thing, secret), 0, 100,
     0, 0, NULL},
};

static void test_encrypted_columns_pass_the_cipher(void **state)
{
        struct fixture *f = *state;
        struct db *db = store_db(f->store);
        struct arena a;
        arena_init(&a, 1u << 20);
        struct thing in = {.name = "Plain", .secret = "Jane Doe, born 2001-02-03"};
        record_give(&in, 0);
        record_give(&in, 1);
        struct row_place here = {"cases", 42, &cipher, 0};

        /* Sealed on bind: what the store receives is not the plaintext. */
        struct stmt *st = db_prepare(db, STMT_ROWS_ECHO);
        assert_non_null(st);
        assert_int_equal(row_bind(st, echo_columns, 2, &in, 1, &here, &a), 3);
        assert_int_equal(st_step(st), STORE_ROW);
        size_t clen = st_bytes(st, 1);
        unsigned char *sealed = arena_alloc(&a, clen);
        memcpy(sealed, st_blob(st, 1), clen);
        assert_null(memmem(sealed, clen, "Jane", 4));

        /* Opened on read, for the same table, column and row. */
        struct thing out = {0};
        assert_int_equal(row_read(st, echo_columns, 2, &out, &a, &here), 0);
        assert_string_equal(out.name, "Plain");
        assert_string_equal(out.secret, "Jane Doe, born 2001-02-03");

        /* Read as another row's: refused. */
        struct row_place moved = {"cases", 43, &cipher, 0};
        assert_int_equal(row_read(st, echo_columns, 2, &out, &a, &moved), -1);
        st_reset(st);

        /* Tampered with: refused. */
        sealed[clen - 1] ^= 1;
        st_bind_text(st, 1, "Plain");
        st_bind_blob(st, 2, sealed, clen);
        assert_int_equal(st_step(st), STORE_ROW);
        assert_int_equal(row_read(st, echo_columns, 2, &out, &a, &here), -1);
        st_reset(st);

        /* No cipher: an encrypted column is neither bound nor read. */
        struct row_place bare = {"cases", 42, NULL, 0};
        assert_int_equal(row_bind(st, echo_columns, 2, &in, 1, &bare, &a), -1);
        st_reset(st);
        arena_free(&a);
}

int main(void)
{
        if (sodium_init() < 0)
                return 1;
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_record_set_checks_each_type),
            cmocka_unit_test(test_record_mark_require_merge),
            cmocka_unit_test_setup_teardown(test_statements_have_their_tables_shape, setup,
                                            teardown),
            cmocka_unit_test_setup_teardown(test_encrypted_columns_pass_the_cipher, setup,
                                            teardown),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

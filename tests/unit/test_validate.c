/* record_from_json: a JSON body checked against a column table into a typed record. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "api/respond.h"
#include "api/validate.h"
#include "core/buf.h"

struct sample {
        struct record_head head;
        const char *name;  /* text, required, 1..10 */
        const char *notes; /* text, multiline, nullable, 0..20 */
        const char *code;  /* text, exactly 2 */
        int64_t count;     /* -5..100 */
        bool active;
        const char *kind; /* enum, required */
        int32_t day;      /* date, nullable */
        double lat;       /* -90..90 */
        uint32_t topics;  /* enum set */
        const char *tags; /* text list, items 1..5 */
};

enum { F_NAME, F_NOTES, F_CODE, F_COUNT, F_ACTIVE, F_KIND, F_DAY, F_LAT, F_TOPICS, F_TAGS };

static const char *const kinds[] = {"ngo", "police", "school", NULL};
static const char *const topics[] = {"risks", "safety", "rights", NULL};

#define OFF(f) offsetof(struct sample, f)
static const struct column spec[] = {
    [F_NAME] = {"name", "name", FT_TEXT, FIELD_REQUIRED, OFF(name), 1, 10, 0, 0, NULL},
    [F_NOTES] = {"notes", "notes", FT_TEXT, FIELD_MULTILINE | FIELD_NULLABLE, OFF(notes), 0, 20, 0,
                 0, NULL},
    [F_CODE] = {"code", "code", FT_TEXT, 0, OFF(code), 2, 2, 0, 0, NULL},
    [F_COUNT] = {"count", "count", FT_INT, 0, OFF(count), -5, 100, 0, 0, NULL},
    [F_ACTIVE] = {"active", "active", FT_BOOL, 0, OFF(active), 0, 0, 0, 0, NULL},
    [F_KIND] = {"kind", "kind", FT_ENUM, FIELD_REQUIRED, OFF(kind), 0, 0, 0, 0, kinds},
    [F_DAY] = {"day", "day", FT_DATE, FIELD_NULLABLE, OFF(day), 0, 0, 0, 0, NULL},
    [F_LAT] = {"lat", "lat", FT_REAL, 0, OFF(lat), 0, 0, -90, 90, NULL},
    [F_TOPICS] = {"topics", "topics", FT_ENUM_SET, 0, OFF(topics), 0, 0, 0, 0, topics},
    [F_TAGS] = {"tags", "tags", FT_TEXT_LIST, 0, OFF(tags), 1, 5, 0, 0, NULL},
};
#define N_SPEC (sizeof(spec) / sizeof(spec[0]))

struct run {
        struct arena arena;
        struct sample in;
        json_t *errors;
        const char *message;
        enum validate_result rc;
};

static void run_len(struct run *r, const char *body, size_t len, bool partial)
{
        memset(&r->in, 0, sizeof(r->in));
        struct problems p;
        problems_init(&p, &r->arena);
        r->rc =
            record_from_json(&r->arena, body, len, spec, N_SPEC, &r->in, partial, &p, &r->message);
        r->errors = p.n ? problems_json(&p) : NULL;
}

static void run(struct run *r, const char *body, bool partial)
{
        run_len(r, body, strlen(body), partial);
}

static int setup(void **state)
{
        struct run *r = calloc(1, sizeof(*r));
        if (!r)
                return -1;
        arena_init(&r->arena, 1 << 20);
        *state = r;
        return 0;
}

static int teardown(void **state)
{
        struct run *r = *state;
        json_decref(r->errors);
        arena_free(&r->arena);
        free(r);
        return 0;
}

/* The message for field in the last run, or NULL. */
static const char *field_error(struct run *r, const char *field)
{
        json_t *m = r->errors ? json_object_get(r->errors, field) : NULL;
        return m ? json_string_value(m) : NULL;
}

static void reset(struct run *r)
{
        json_decref(r->errors);
        r->errors = NULL;
}

/* body must be refused with exactly one field error, message msg. */
static void expect_field(struct run *r, const char *body, const char *field, const char *msg)
{
        reset(r);
        run(r, body, true);
        if (r->rc != INVALID_FIELDS)
                fail_msg("%s: result %d (%s), expected invalid %s", body, (int)r->rc,
                         r->message ? r->message : "", field);
        assert_null(r->message);
        assert_int_equal(json_object_size(r->errors), 1);
        const char *got = field_error(r, field);
        if (!got || strcmp(got, msg) != 0)
                fail_msg("%s: %s says \"%s\", expected \"%s\"", body, field, got ? got : "(none)",
                         msg);
}

static void expect_valid(struct run *r, const char *body)
{
        reset(r);
        run(r, body, true);
        if (r->rc != VALID) {
                char *e = r->errors ? json_dumps(r->errors, 0) : NULL;
                fail_msg("%s: result %d %s %s", body, (int)r->rc, r->message ? r->message : "",
                         e ? e : "");
                free(e);
        }
        assert_null(r->errors);
        assert_null(r->message);
}

static void expect_malformed(struct run *r, const char *body, size_t len, const char *prefix)
{
        reset(r);
        run_len(r, body, len, false);
        if (r->rc != MALFORMED)
                fail_msg("body #%.*s#: result %d, expected malformed", (int)len, body, (int)r->rc);
        assert_null(r->errors);
        assert_non_null(r->message);
        if (strncmp(r->message, prefix, strlen(prefix)) != 0)
                fail_msg("message \"%s\", expected \"%s...\"", r->message, prefix);
}

#define EXPECT_MALFORMED(r, lit, prefix) expect_malformed(r, lit, sizeof(lit) - 1, prefix)

static void test_full_body(void **state)
{
        struct run *r = *state;
        run(r,
            "{\"name\":\"Vilniaus \\u0105\",\"notes\":\"two\\nlines\\tand tab\",\"code\":\"LT\","
            "\"count\":-5,\"active\":true,\"kind\":\"police\",\"day\":\"2024-02-29\","
            "\"lat\":54.6872,\"topics\":[\"rights\",\"risks\"],\"tags\":[\"a\",\"\\u0161\\u012f\"]"
            "}",
            false);
        assert_int_equal(r->rc, VALID);
        assert_null(r->errors);
        struct sample *in = &r->in;
        assert_int_equal(in->head.present, (UINT64_C(1) << N_SPEC) - 1);
        assert_int_equal(in->head.nulls, 0);
        assert_string_equal(in->name, "Vilniaus \xc4\x85");
        assert_string_equal(in->notes, "two\nlines\tand tab");
        assert_string_equal(in->code, "LT");
        assert_int_equal(in->count, -5);
        assert_true(in->active);
        assert_string_equal(in->kind, "police");
        assert_ptr_equal(in->kind, kinds[1]); /* the table's own string */
        assert_int_equal(in->day, 19782);
        assert_true(in->lat == 54.6872);
        assert_int_equal(in->topics, (1u << 0) | (1u << 2));
        assert_string_equal(in->tags, "[\"a\",\"\xc5\xa1\xc4\xaf\"]");
        for (int i = 0; i < (int)N_SPEC; i++) {
                assert_true(REC_HAS(in, i));
                assert_false(REC_NULL(in, i));
        }
}

static void test_present_bits(void **state)
{
        struct run *r = *state;
        run(r, "{\"kind\":\"ngo\",\"name\":\"x\"}", false);
        assert_int_equal(r->rc, VALID);
        assert_true(REC_HAS(&r->in, F_KIND));
        assert_true(REC_HAS(&r->in, F_NAME));
        assert_false(REC_HAS(&r->in, F_COUNT));
        assert_false(REC_HAS(&r->in, F_TAGS));
        assert_null(r->in.notes);
        /* Booleans: false is a value, not absence. */
        expect_valid(r, "{\"active\":false}");
        assert_true(REC_HAS(&r->in, F_ACTIVE));
        assert_false(r->in.active);
        expect_valid(r, "{}");
        assert_int_equal(r->in.head.present, 0);
}

static void test_unknown_key(void **state)
{
        struct run *r = *state;
        expect_field(r, "{\"bogus\":1}", "bogus", "is not a known field");
        expect_field(r, "{\"Name\":\"x\"}", "Name", "is not a known field");
        expect_field(r, "{\"\":1}", "", "is not a known field");
        /* A long or unprintable key is not echoed back. */
        char body[200];
        snprintf(body, sizeof(body), "{\"%070d\":1}", 0);
        expect_field(r, body, "(unknown)", "is not a known field");
        expect_field(r, "{\"a\\u0001b\":1}", "(unknown)", "is not a known field");
        expect_field(r, "{\"a\\nb\":1}", "(unknown)", "is not a known field");
        /* Unknown keys are refused even beside valid fields. */
        reset(r);
        run(r, "{\"name\":\"x\",\"kind\":\"ngo\",\"extra\":null}", false);
        assert_int_equal(r->rc, INVALID_FIELDS);
        assert_string_equal(field_error(r, "extra"), "is not a known field");
        assert_int_equal(json_object_size(r->errors), 1);
}

static void test_wrong_types(void **state)
{
        struct run *r = *state;
        expect_field(r, "{\"name\":5}", "name", "must be a string");
        expect_field(r, "{\"name\":[\"x\"]}", "name", "must be a string");
        expect_field(r, "{\"name\":{}}", "name", "must be a string");
        expect_field(r, "{\"name\":true}", "name", "must be a string");
        expect_field(r, "{\"count\":\"5\"}", "count", "must be a whole number");
        expect_field(r, "{\"count\":1.5}", "count", "must be a whole number");
        expect_field(r, "{\"count\":1.0}", "count", "must be a whole number");
        expect_field(r, "{\"count\":true}", "count", "must be a whole number");
        expect_field(r, "{\"active\":1}", "active", "must be true or false");
        expect_field(r, "{\"active\":\"true\"}", "active", "must be true or false");
        expect_field(r, "{\"kind\":1}", "kind", "must be a string");
        expect_field(r, "{\"kind\":[\"ngo\"]}", "kind", "must be a string");
        expect_field(r, "{\"day\":20240101}", "day", "must be a date YYYY-MM-DD");
        expect_field(r, "{\"day\":[]}", "day", "must be a date YYYY-MM-DD");
        expect_field(r, "{\"lat\":\"1\"}", "lat", "must be a number");
        expect_field(r, "{\"lat\":false}", "lat", "must be a number");
        expect_field(r, "{\"topics\":\"risks\"}", "topics", "must be a list");
        expect_field(r, "{\"topics\":{}}", "topics", "must be a list");
        expect_field(r, "{\"tags\":\"a\"}", "tags", "must be a list of strings");
        expect_field(r, "{\"tags\":[1]}", "tags", "must be a list of strings");
        expect_field(r, "{\"tags\":[\"a\",null]}", "tags", "must be a list of strings");
        expect_field(r, "{\"tags\":[[\"a\"]]}", "tags", "must be a list of strings");
}

static void test_nulls(void **state)
{
        struct run *r = *state;
        expect_field(r, "{\"name\":null}", "name", "is required and may not be null");
        expect_field(r, "{\"kind\":null}", "kind", "is required and may not be null");
        expect_field(r, "{\"count\":null}", "count", "may not be null");
        expect_field(r, "{\"active\":null}", "active", "may not be null");
        expect_field(r, "{\"topics\":null}", "topics", "may not be null");
        expect_field(r, "{\"tags\":null}", "tags", "may not be null");
        /* Nullable fields: null means "clear". */
        expect_valid(r, "{\"notes\":null,\"day\":null}");
        assert_true(REC_HAS(&r->in, F_NOTES));
        assert_true(REC_NULL(&r->in, F_NOTES));
        assert_true(REC_HAS(&r->in, F_DAY));
        assert_true(REC_NULL(&r->in, F_DAY));
        assert_null(r->in.notes);
        assert_int_equal(r->in.day, 0);
        assert_false(REC_NULL(&r->in, F_NAME));
}

static void test_required(void **state)
{
        struct run *r = *state;
        reset(r);
        run(r, "{\"notes\":\"x\"}", false);
        assert_int_equal(r->rc, INVALID_FIELDS);
        assert_int_equal(json_object_size(r->errors), 2);
        assert_string_equal(field_error(r, "name"), "is required");
        assert_string_equal(field_error(r, "kind"), "is required");
        reset(r);
        run(r, "{}", false);
        assert_int_equal(r->rc, INVALID_FIELDS);
        assert_int_equal(json_object_size(r->errors), 2);
        /* A PATCH may leave them out. */
        expect_valid(r, "{\"notes\":\"x\"}");
        /* Every problem is reported at once. */
        reset(r);
        run(r, "{\"name\":\"\",\"count\":1000,\"x\":1}", false);
        assert_int_equal(r->rc, INVALID_FIELDS);
        assert_int_equal(json_object_size(r->errors), 4);
        assert_string_equal(field_error(r, "name"), "must be 1 to 10 characters");
        assert_string_equal(field_error(r, "count"), "must be from -5 to 100");
        assert_string_equal(field_error(r, "x"), "is not a known field");
        assert_string_equal(field_error(r, "kind"), "is required");
}

static void test_text_length(void **state)
{
        struct run *r = *state;
        /* Ten characters of two bytes each: 20 bytes, still 10 characters. */
        expect_valid(r, "{\"name\":\"\xc4\x85\xc4\x85\xc4\x85\xc4\x85\xc4\x85"
                        "\xc4\x85\xc4\x85\xc4\x85\xc4\x85\xc4\x85\"}");
        assert_int_equal(strlen(r->in.name), 20);
        /* The same as escapes. */
        expect_valid(r, "{\"name\":\"\\u0105\\u0105\\u0105\\u0105\\u0105"
                        "\\u0105\\u0105\\u0105\\u0105\\u0105\"}");
        /* Ten four-byte characters (a surrogate pair each as escapes). */
        expect_valid(r, "{\"name\":\"\\ud83d\\ude00\\ud83d\\ude00\\ud83d\\ude00\\ud83d\\ude00"
                        "\\ud83d\\ude00\\ud83d\\ude00\\ud83d\\ude00\\ud83d\\ude00"
                        "\\ud83d\\ude00\\ud83d\\ude00\"}");
        assert_int_equal(strlen(r->in.name), 40);
        expect_field(r,
                     "{\"name\":\"\xc4\x85\xc4\x85\xc4\x85\xc4\x85\xc4\x85"
                     "\xc4\x85\xc4\x85\xc4\x85\xc4\x85\xc4\x85\xc4\x85\"}",
                     "name", "must be 1 to 10 characters");
        expect_valid(r, "{\"name\":\"0123456789\"}");
        expect_field(r, "{\"name\":\"0123456789a\"}", "name", "must be 1 to 10 characters");
        expect_field(r, "{\"name\":\"\"}", "name", "must be 1 to 10 characters");
        expect_valid(r, "{\"code\":\"\xc5\xa0\xc4\x85\"}");
        expect_field(r, "{\"code\":\"L\"}", "code", "must be exactly 2 characters");
        expect_field(r, "{\"code\":\"LTU\"}", "code", "must be exactly 2 characters");
        expect_valid(r, "{\"notes\":\"\"}");
        assert_string_equal(r->in.notes, "");
        expect_field(r, "{\"notes\":\"123456789012345678901\"}", "notes",
                     "must be at most 20 characters");
}

static void test_control_characters(void **state)
{
        struct run *r = *state;
        expect_field(r, "{\"name\":\"a\\tb\"}", "name", "must not contain control characters");
        expect_field(r, "{\"name\":\"a\\nb\"}", "name", "must not contain control characters");
        expect_field(r, "{\"name\":\"a\\rb\"}", "name", "must not contain control characters");
        expect_field(r, "{\"name\":\"\\u001b[31m\"}", "name",
                     "must not contain control characters");
        expect_field(r, "{\"name\":\"a\\u007f\"}", "name", "must not contain control characters");
        /* Multiline text takes newlines and tabs, not other controls. */
        expect_valid(r, "{\"notes\":\"a\\r\\nb\\tc\"}");
        expect_field(r, "{\"notes\":\"a\\u0001\"}", "notes", "must not contain control characters");
        expect_field(r, "{\"notes\":\"\\u000b\"}", "notes", "must not contain control characters");
        expect_field(r, "{\"notes\":\"\\u007f\"}", "notes", "must not contain control characters");
        expect_field(r, "{\"tags\":[\"a\\tb\"]}", "tags",
                     "items must not contain control characters");
        expect_field(r, "{\"tags\":[\"a\\nb\"]}", "tags",
                     "items must not contain control characters");
        /* Raw control bytes inside a JSON string are not JSON at all. */
        EXPECT_MALFORMED(r, "{\"name\":\"a\x01\"}", "the request body is not valid JSON");
}

static void test_escaped_nul(void **state)
{
        struct run *r = *state;
        expect_field(r, "{\"name\":\"a\\u0000b\"}", "name", "must not contain NUL characters");
        expect_field(r, "{\"name\":\"\\u0000\"}", "name", "must not contain NUL characters");
        expect_field(r, "{\"notes\":\"x\\u0000\"}", "notes", "must not contain NUL characters");
        expect_field(r, "{\"kind\":\"ngo\\u0000\"}", "kind", "must be one of: ngo, police, school");
        expect_field(r, "{\"kind\":\"ngo\\u0000x\"}", "kind",
                     "must be one of: ngo, police, school");
        expect_field(r, "{\"day\":\"2024-01-01\\u0000\"}", "day", "must be a date YYYY-MM-DD");
        expect_field(r, "{\"day\":\"2024-01-01\\u0000x\"}", "day", "must be a date YYYY-MM-DD");
        expect_field(r, "{\"topics\":[\"risks\\u0000\"]}", "topics",
                     "must list only: risks, safety, rights");
        expect_field(r, "{\"tags\":[\"a\\u0000b\"]}", "tags",
                     "items must not contain control characters");
        /* In a key: refused, never matched against a field name. */
        reset(r);
        run(r, "{\"name\\u0000x\":\"a\"}", true);
        assert_int_not_equal(r->rc, VALID);
        if (r->rc == INVALID_FIELDS)
                assert_null(field_error(r, "name"));
}

static void test_enum(void **state)
{
        struct run *r = *state;
        expect_valid(r, "{\"kind\":\"school\"}");
        assert_string_equal(r->in.kind, "school");
        expect_field(r, "{\"kind\":\"hospital\"}", "kind", "must be one of: ngo, police, school");
        expect_field(r, "{\"kind\":\"NGO\"}", "kind", "must be one of: ngo, police, school");
        expect_field(r, "{\"kind\":\"\"}", "kind", "must be one of: ngo, police, school");
        expect_field(r, "{\"kind\":\"ngo \"}", "kind", "must be one of: ngo, police, school");
}

static void test_enum_set(void **state)
{
        struct run *r = *state;
        expect_valid(r, "{\"topics\":[]}");
        assert_true(REC_HAS(&r->in, F_TOPICS));
        assert_int_equal(r->in.topics, 0);
        expect_valid(r, "{\"topics\":[\"safety\"]}");
        assert_int_equal(r->in.topics, 2);
        expect_valid(r, "{\"topics\":[\"rights\",\"safety\",\"risks\"]}");
        assert_int_equal(r->in.topics, 7);
        expect_field(r, "{\"topics\":[\"risks\",\"risks\"]}", "topics",
                     "must not list a value twice");
        expect_field(r, "{\"topics\":[\"safety\",\"rights\",\"safety\"]}", "topics",
                     "must not list a value twice");
        expect_field(r, "{\"topics\":[\"war\"]}", "topics",
                     "must list only: risks, safety, rights");
        expect_field(r, "{\"topics\":[1]}", "topics", "must list only: risks, safety, rights");
        expect_field(r, "{\"topics\":[null]}", "topics", "must list only: risks, safety, rights");
        expect_field(r, "{\"topics\":[[\"risks\"]]}", "topics",
                     "must list only: risks, safety, rights");
}

static void test_text_list(void **state)
{
        struct run *r = *state;
        expect_valid(r, "{\"tags\":[]}");
        assert_string_equal(r->in.tags, "[]");
        expect_valid(r, "{\"tags\":[ \"one\" , \"two\" ]}");
        assert_string_equal(r->in.tags, "[\"one\",\"two\"]");
        /* Five characters of any script; quotes and backslashes stay escaped. */
        expect_valid(r, "{\"tags\":[\"\\u0105\\u010d\\u0119\\u0117\\u012f\",\"a\\\"b\\\\\"]}");
        assert_string_equal(r->in.tags,
                            "[\"\xc4\x85\xc4\x8d\xc4\x99\xc4\x97\xc4\xaf\",\"a\\\"b\\\\\"]");
        expect_field(r, "{\"tags\":[\"\"]}", "tags", "items must be 1 to 5 characters");
        expect_field(r, "{\"tags\":[\"ok\",\"sixsix\"]}", "tags",
                     "items must be 1 to 5 characters");
        struct buf b;
        buf_init(&b, 4096);
        buf_puts(&b, "{\"tags\":[");
        for (int i = 0; i < 50; i++)
                buf_printf(&b, "%s\"t%d\"", i ? "," : "", i);
        buf_puts(&b, "]}");
        expect_valid(r, b.data);
        buf_reset(&b);
        buf_puts(&b, "{\"tags\":[");
        for (int i = 0; i < 51; i++)
                buf_printf(&b, "%s\"t%d\"", i ? "," : "", i);
        buf_puts(&b, "]}");
        expect_field(r, b.data, "tags", "must list at most 50 items");
        buf_free(&b);
}

static void test_dates(void **state)
{
        struct run *r = *state;
        expect_valid(r, "{\"day\":\"1970-01-01\"}");
        assert_int_equal(r->in.day, 0);
        expect_valid(r, "{\"day\":\"2000-02-29\"}");
        assert_int_equal(r->in.day, 11016);
        static const char *const bad[] = {
            "2023-02-29", "1900-02-29", "2024-04-31", "2024-13-01",           "2024-1-1",
            "24-01-01",   "2024/01/01", "",           "2024-01-01T00:00:00Z", " 2024-01-01"};
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                char body[128];
                snprintf(body, sizeof(body), "{\"day\":\"%s\"}", bad[i]);
                expect_field(r, body, "day", "must be a date YYYY-MM-DD");
        }
}

static void test_reals(void **state)
{
        struct run *r = *state;
        expect_valid(r, "{\"lat\":-90}");
        assert_true(r->in.lat == -90.0);
        expect_valid(r, "{\"lat\":90.0}");
        assert_true(r->in.lat == 90.0);
        expect_valid(r, "{\"lat\":0}");
        expect_valid(r, "{\"lat\":-0.0}");
        expect_valid(r, "{\"lat\":1e1}");
        assert_true(r->in.lat == 10.0);
        expect_field(r, "{\"lat\":90.000001}", "lat", "must be from -90 to 90");
        expect_field(r, "{\"lat\":-91}", "lat", "must be from -90 to 90");
        expect_field(r, "{\"lat\":1e300}", "lat", "must be from -90 to 90");
        expect_field(r, "{\"lat\":9223372036854775807}", "lat", "must be from -90 to 90");
        /* Not JSON numbers at all. */
        EXPECT_MALFORMED(r, "{\"lat\":NaN}", "the request body is not valid JSON");
        EXPECT_MALFORMED(r, "{\"lat\":Infinity}", "the request body is not valid JSON");
        EXPECT_MALFORMED(r, "{\"lat\":1e400}", "the request body is not valid JSON");
        EXPECT_MALFORMED(r, "{\"lat\":.5}", "the request body is not valid JSON");
        EXPECT_MALFORMED(r, "{\"lat\":+1}", "the request body is not valid JSON");
}

static void test_integers(void **state)
{
        struct run *r = *state;
        expect_valid(r, "{\"count\":100}");
        assert_int_equal(r->in.count, 100);
        expect_valid(r, "{\"count\":-5}");
        assert_int_equal(r->in.count, -5);
        expect_valid(r, "{\"count\":-0}");
        assert_int_equal(r->in.count, 0);
        expect_field(r, "{\"count\":101}", "count", "must be from -5 to 100");
        expect_field(r, "{\"count\":-6}", "count", "must be from -5 to 100");
        expect_field(r, "{\"count\":9223372036854775807}", "count", "must be from -5 to 100");
        expect_field(r, "{\"count\":-9223372036854775808}", "count", "must be from -5 to 100");
        expect_field(r, "{\"count\":1e2}", "count", "must be a whole number");
        EXPECT_MALFORMED(r, "{\"count\":9223372036854775808}",
                         "the request body is not valid JSON");
        EXPECT_MALFORMED(r, "{\"count\":-9223372036854775809}",
                         "the request body is not valid JSON");
        EXPECT_MALFORMED(r, "{\"count\":0x10}", "the request body is not valid JSON");
        EXPECT_MALFORMED(r, "{\"count\":010}", "the request body is not valid JSON");
}

static void test_duplicate_keys(void **state)
{
        struct run *r = *state;
        EXPECT_MALFORMED(r, "{\"name\":\"a\",\"name\":\"b\"}",
                         "the request body is not valid JSON");
        EXPECT_MALFORMED(r, "{\"x\":1,\"x\":1}", "the request body is not valid JSON");
        /* The same key through an escape is the same key. */
        EXPECT_MALFORMED(r, "{\"name\":\"a\",\"n\\u0061me\":\"b\"}",
                         "the request body is not valid JSON");
}

static void test_not_an_object(void **state)
{
        struct run *r = *state;
        EXPECT_MALFORMED(r, "[]", "the request body must be a JSON object");
        EXPECT_MALFORMED(r, "[{\"name\":\"x\"}]", "the request body must be a JSON object");
        EXPECT_MALFORMED(r, " [ ] ", "the request body must be a JSON object");
        /* Bare values are not even taken as a JSON document. */
        static const char *const bodies[] = {"\"x\"", "1", "null", "true", "1.5"};
        for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++)
                expect_malformed(r, bodies[i], strlen(bodies[i]), "the request body ");
}

static void test_malformed(void **state)
{
        struct run *r = *state;
        EXPECT_MALFORMED(r, "", "the request body is empty");
        expect_malformed(r, NULL, 0, "the request body is empty");
        EXPECT_MALFORMED(r, " ", "the request body is not valid JSON");
        EXPECT_MALFORMED(r, "{", "the request body is not valid JSON");
        EXPECT_MALFORMED(r, "{\"name\":\"x\"", "the request body is not valid JSON");
        EXPECT_MALFORMED(r, "{\"name\":\"x\"}}", "the request body is not valid JSON");
        EXPECT_MALFORMED(r, "{} {}", "the request body is not valid JSON");
        EXPECT_MALFORMED(r, "{'name':'x'}", "the request body is not valid JSON");
        EXPECT_MALFORMED(r, "{name:\"x\"}", "the request body is not valid JSON");
        EXPECT_MALFORMED(r, "{\"name\":\"x\",}", "the request body is not valid JSON");
        EXPECT_MALFORMED(r, "{\"name\":\"\\x41\"}", "the request body is not valid JSON");
        EXPECT_MALFORMED(r, "{\"name\":\"\\ud800\"}", "the request body is not valid JSON");
        EXPECT_MALFORMED(r, "{\"name\":\"\\udc00x\"}", "the request body is not valid JSON");
        /* Invalid UTF-8 and raw NUL bytes are refused before parsing. */
        EXPECT_MALFORMED(r, "{\"name\":\"\xff\"}", "the request body is not valid UTF-8 text");
        EXPECT_MALFORMED(r, "{\"name\":\"\xc0\xaf\"}", "the request body is not valid UTF-8 text");
        EXPECT_MALFORMED(r, "{\"name\":\"\xed\xa0\x80\"}",
                         "the request body is not valid UTF-8 text");
        EXPECT_MALFORMED(r, "{\"name\":\"\xe2\x82\"}", "the request body is not valid UTF-8 text");
        EXPECT_MALFORMED(r, "{\"name\":\"x\"}\0", "the request body is not valid UTF-8 text");
        EXPECT_MALFORMED(r, "{\"na\0me\":\"x\"}", "the request body is not valid UTF-8 text");
        /* A byte order mark is not JSON. */
        EXPECT_MALFORMED(r, "\xef\xbb\xbf{}", "the request body is not valid JSON");
        /* Only len bytes are read: a valid prefix of a longer buffer. */
        reset(r);
        run_len(r, "{\"name\":\"x\"}garbage", 12, true);
        assert_int_equal(r->rc, VALID);
        assert_string_equal(r->in.name, "x");
}

static void test_deep_nesting(void **state)
{
        struct run *r = *state;
        struct buf b;
        buf_init(&b, 1 << 20);
        buf_puts(&b, "{\"tags\":");
        for (int i = 0; i < 100000; i++)
                buf_putc(&b, '[');
        for (int i = 0; i < 100000; i++)
                buf_putc(&b, ']');
        buf_putc(&b, '}');
        expect_malformed(r, b.data, b.len, "the request body is not valid JSON");
        buf_free(&b);
}

static void test_arena_exhausted(void **state)
{
        (void)state;
        /* With no room left for copies or messages, nothing is taken as valid. */
        static const char *const bodies[] = {
            "{\"name\":\"0123456789abc\"}",
            "{\"name\":\"ok\"}",
            "{\"code\":\"L\"}",
            "{\"notes\":\"123456789012345678901\"}",
            "{\"count\":1000}",
            "{\"lat\":91}",
            "{\"tags\":[\"sixsix\"]}",
            "{\"tags\":[\"ok\"]}",
            "{\"kind\":\"x\"}",
            "{\"topics\":[\"x\"]}",
        };
        for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
                struct arena a;
                arena_init(&a, 0);
                struct sample in;
                const char *message = NULL;
                struct problems p;
                problems_init(&p, &a);
                enum validate_result rc = record_from_json(&a, bodies[i], strlen(bodies[i]), spec,
                                                           N_SPEC, &in, true, &p, &message);
                json_t *errors = problems_json(&p);
                if (rc != INVALID_FIELDS)
                        fail_msg("%s with an exhausted arena: result %d", bodies[i], (int)rc);
                assert_int_equal(json_object_size(errors), 1);
                json_decref(errors);
                arena_free(&a);
        }
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        const struct CMUnitTest tests[] = {
            T(test_full_body),     T(test_present_bits),
            T(test_unknown_key),   T(test_wrong_types),
            T(test_nulls),         T(test_required),
            T(test_text_length),   T(test_control_characters),
            T(test_escaped_nul),   T(test_enum),
            T(test_enum_set),      T(test_text_list),
            T(test_dates),         T(test_reals),
            T(test_integers),      T(test_duplicate_keys),
            T(test_not_an_object), T(test_malformed),
            T(test_deep_nesting),  T(test_arena_exhausted),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

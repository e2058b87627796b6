/*
 * libFuzzer harness: bytes as a JSON request body through record_from_json()
 * against a table using every field type and flag.  Besides "no crash, no
 * leak", a body found valid must have filled the struct within the table's
 * bounds, and a refused one must say why.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/respond.h"
#include "api/validate.h"
#include "core/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct input {
        struct record_head head;
        const char *name;
        const char *notes;
        const char *country;
        const char *secret;
        int64_t count;
        int64_t any;
        bool flag;
        const char *kind;
        int32_t day;
        double lat;
        uint32_t topics;
        uint32_t many;
        const char *tags;
};

static const char *const kinds[] = {"ngo", "police", "municipality", "health_service", NULL};
static const char *const topics[] = {"forms_of_trafficking", "risks", "safety", "rights", NULL};
/* More values than a 32-bit set holds: the 33rd must be refused, not shifted. */
static const char *const many[] = {"v0",  "v1",  "v2",  "v3",  "v4",  "v5",  "v6",  "v7",  "v8",
                                   "v9",  "v10", "v11", "v12", "v13", "v14", "v15", "v16", "v17",
                                   "v18", "v19", "v20", "v21", "v22", "v23", "v24", "v25", "v26",
                                   "v27", "v28", "v29", "v30", "v31", "v32", NULL};

#define OFF(f) offsetof(struct input, f)
static const struct column spec[] = {
    {"name", "name", FT_TEXT, FIELD_REQUIRED, OFF(name), 1, 200, 0, 0, NULL},
    {"notes", "notes", FT_TEXT, FIELD_MULTILINE | FIELD_NULLABLE, OFF(notes), 0, 2000, 0, 0, NULL},
    {"country", "country", FT_TEXT, 0, OFF(country), 2, 2, 0, 0, NULL},
    {"secret", "secret", FT_TEXT, FIELD_SECRET | FIELD_REQUIRED | FIELD_NULLABLE, OFF(secret), 12,
     1024, 0, 0, NULL},
    {"count", "count", FT_INT, FIELD_NULLABLE, OFF(count), 0, 100000, 0, 0, NULL},
    {"any", "any", FT_INT, 0, OFF(any), INT64_MIN, INT64_MAX, 0, 0, NULL},
    {"flag", "flag", FT_BOOL, 0, OFF(flag), 0, 0, 0, 0, NULL},
    {"kind", "kind", FT_ENUM, FIELD_REQUIRED, OFF(kind), 0, 0, 0, 0, kinds},
    {"day", "day", FT_DATE, FIELD_NULLABLE, OFF(day), 0, 0, 0, 0, NULL},
    {"lat", "lat", FT_REAL, FIELD_NULLABLE, OFF(lat), 0, 0, -90, 90, NULL},
    {"topics", "topics", FT_ENUM_SET, 0, OFF(topics), 0, 0, 0, 0, topics},
    {"many", "many", FT_ENUM_SET, 0, OFF(many), 0, 0, 0, 0, many},
    {"tags", "tags", FT_TEXT_LIST, 0, OFF(tags), 1, 40, 0, 0, NULL},
};
#define N_SPEC (sizeof(spec) / sizeof(spec[0]))

#define CHECK(cond)                                                                                \
        do {                                                                                       \
                if (!(cond))                                                                       \
                        abort();                                                                   \
        } while (0)

static void check_text(const char *s, const struct column *f)
{
        CHECK(s != NULL);
        size_t len = strlen(s);
        CHECK(utf8_valid(s, len));
        size_t chars = utf8_length(s, len);
        CHECK((int64_t)chars >= f->min && (int64_t)chars <= f->max);
        for (size_t i = 0; i < len; i++) {
                unsigned char c = (unsigned char)s[i];
                CHECK(c != 0x7f);
                if (c < 0x20)
                        CHECK((f->flags & FIELD_MULTILINE) &&
                              (c == '\n' || c == '\t' || c == '\r'));
        }
}

/* Everything a handler may rely on once record_from_json said VALID. */
static void check_valid(const struct input *in, bool partial)
{
        for (size_t i = 0; i < N_SPEC; i++) {
                const struct column *f = &spec[i];
                bool has = REC_HAS(in, i), null = REC_NULL(in, i);
                CHECK(has || !null);
                if (!partial && (f->flags & FIELD_REQUIRED))
                        CHECK(has);
                if (null)
                        CHECK(f->flags & FIELD_NULLABLE);
                if (!has || null)
                        continue;
                const char *base = (const char *)in + f->offset;
                switch (f->type) {
                case FT_TEXT: {
                        const char *s;
                        memcpy(&s, base, sizeof(s));
                        check_text(s, f);
                        break;
                }
                case FT_ENUM: {
                        const char *s;
                        memcpy(&s, base, sizeof(s));
                        CHECK(enum_index(f->values, s) >= 0);
                        break;
                }
                case FT_INT: {
                        int64_t v;
                        memcpy(&v, base, sizeof(v));
                        CHECK(v >= f->min && v <= f->max);
                        break;
                }
                case FT_BOOL:
                        break;
                case FT_DATE: {
                        int32_t d;
                        char text[11];
                        memcpy(&d, base, sizeof(d));
                        format_date(d, text);
                        int32_t back;
                        CHECK(parse_date(text, &back) == 0 && back == d);
                        break;
                }
                case FT_REAL: {
                        double v;
                        memcpy(&v, base, sizeof(v));
                        CHECK(v >= f->dmin && v <= f->dmax);
                        break;
                }
                case FT_ENUM_SET: {
                        uint32_t set;
                        size_t n = 0;
                        memcpy(&set, base, sizeof(set));
                        while (f->values[n])
                                n++;
                        if (n < 32)
                                CHECK((set >> n) == 0);
                        break;
                }
                case FT_TIMESTAMP:
                        CHECK(0); /* never input */
                        break;
                case FT_TEXT_LIST: {
                        const char *s;
                        memcpy(&s, base, sizeof(s));
                        CHECK(s != NULL);
                        json_error_t jerr;
                        json_t *list = json_loads(s, 0, &jerr);
                        CHECK(json_is_array(list) && json_array_size(list) <= 50);
                        size_t k;
                        json_t *e;
                        json_array_foreach(list, k, e)
                        {
                                CHECK(json_is_string(e));
                                struct column item = *f;
                                item.flags = 0;
                                check_text(json_string_value(e), &item);
                        }
                        json_decref(list);
                        break;
                }
                }
        }
}

static void run(const char *body, size_t size, size_t arena_limit, bool partial)
{
        struct arena a;
        arena_init(&a, arena_limit);
        struct input in;
        memset(&in, 0, sizeof(in));
        const char *message = NULL;
        struct problems p;
        problems_init(&p, &a);
        enum validate_result rc =
            record_from_json(&a, body, size, spec, N_SPEC, &in, partial, &p, &message);
        json_t *errors = p.n ? problems_json(&p) : NULL;
        switch (rc) {
        case VALID:
                CHECK(errors == NULL && message == NULL);
                check_valid(&in, partial);
                break;
        case INVALID_FIELDS: {
                CHECK(message == NULL && json_is_object(errors) && json_object_size(errors) > 0);
                const char *key;
                json_t *v;
                json_object_foreach(errors, key, v)
                {
                        CHECK(json_is_string(v) && json_string_length(v) > 0);
                        CHECK(strlen(key) <= 64);
                }
                break;
        }
        case MALFORMED:
                CHECK(errors == NULL && message != NULL && message[0] != '\0');
                break;
        default:
                abort();
        }
        json_decref(errors);
        arena_free(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        /* A copy of exactly size bytes, so reading past the input is caught. */
        char *body = malloc(size ? size : 1);
        if (!body)
                return 0;
        if (size)
                memcpy(body, data, size);
        run(body, size, 1 << 20, false); /* a create, with a request's room */
        run(body, size, 1 << 20, true);  /* a PATCH */
        run(body, size, 256, false);     /* with the arena nearly full */
        free(body);
        return 0;
}

#include "api/validate.h"

#include "api/respond.h"
#include "core/util.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static bool has_control(const char *s, size_t len, bool multiline)
{
        return text_has_control(s, len, multiline);
}

/* A message made in the arena, or fallback when the arena is full (NULL would mean "valid"). */
static const char *or_else(const char *message, const char *fallback)
{
        return message ? message : fallback;
}

/* One field: returns NULL when valid, else the message for it. */
static const char *check_field(struct arena *a, const struct field_spec *f, json_t *v, void *out)
{
        char *dst = (char *)out + f->offset;
        switch (f->type) {
        case FT_TEXT: {
                if (!json_is_string(v))
                        return "must be a string";
                const char *s = json_string_value(v);
                size_t len = json_string_length(v);
                if (strlen(s) != len)
                        return "must not contain NUL characters";
                if (has_control(s, len, f->flags & FIELD_MULTILINE))
                        return "must not contain control characters";
                size_t chars = utf8_length(s, len);
                if ((int64_t)chars < f->min || (int64_t)chars > f->max) {
                        if (f->min == f->max)
                                return or_else(arena_printf(a, "must be exactly %lld characters",
                                                            (long long)f->min),
                                               "has the wrong length");
                        if (f->min <= 0)
                                return or_else(arena_printf(a, "must be at most %lld characters",
                                                            (long long)f->max),
                                               "has the wrong length");
                        return or_else(arena_printf(a, "must be %lld to %lld characters",
                                                    (long long)f->min, (long long)f->max),
                                       "has the wrong length");
                }
                const char *copy = arena_strndup(a, s, len);
                if (!copy)
                        return "is too large";
                memcpy(dst, &copy, sizeof(copy));
                return NULL;
        }
        case FT_ENUM: {
                if (!json_is_string(v))
                        return "must be a string";
                int k = enum_index(f->values, json_string_value(v));
                if (k < 0 || strlen(json_string_value(v)) != json_string_length(v)) {
                        /* Name the allowed values so the message is enough to fix the input. */
                        struct buf b;
                        buf_init(&b, 2048);
                        buf_puts(&b, "must be one of: ");
                        for (int i = 0; f->values[i]; i++)
                                buf_printf(&b, "%s%s", i ? ", " : "", f->values[i]);
                        const char *m = arena_strdup(a, b.data ? b.data : "a known value");
                        buf_free(&b);
                        return m ? m : "must be a known value";
                }
                const char *val = f->values[k];
                memcpy(dst, &val, sizeof(val));
                return NULL;
        }
        case FT_INT: {
                if (!json_is_integer(v))
                        return "must be a whole number";
                json_int_t x = json_integer_value(v);
                if (x < f->min || x > f->max)
                        return or_else(arena_printf(a, "must be from %lld to %lld",
                                                    (long long)f->min, (long long)f->max),
                                       "is out of range");
                int64_t val = (int64_t)x;
                memcpy(dst, &val, sizeof(val));
                return NULL;
        }
        case FT_BOOL: {
                if (!json_is_boolean(v))
                        return "must be true or false";
                bool val = json_is_true(v);
                memcpy(dst, &val, sizeof(val));
                return NULL;
        }
        case FT_DATE: {
                int32_t days;
                if (!json_is_string(v) || parse_date(json_string_value(v), &days) < 0 ||
                    strlen(json_string_value(v)) != json_string_length(v))
                        return "must be a date YYYY-MM-DD";
                memcpy(dst, &days, sizeof(days));
                return NULL;
        }
        case FT_REAL: {
                if (!json_is_number(v))
                        return "must be a number";
                double x = json_number_value(v);
                if (!isfinite(x) || x < f->dmin || x > f->dmax)
                        return or_else(arena_printf(a, "must be from %g to %g", f->dmin, f->dmax),
                                       "is out of range");
                memcpy(dst, &x, sizeof(x));
                return NULL;
        }
        case FT_ENUM_SET: {
                if (!json_is_array(v))
                        return "must be a list";
                uint32_t set = 0;
                size_t i;
                json_t *e;
                json_array_foreach(v, i, e)
                {
                        int k =
                            json_is_string(e) ? enum_index(f->values, json_string_value(e)) : -1;
                        if (k < 0 || k > 31 ||
                            strlen(json_string_value(e)) != json_string_length(e)) {
                                struct buf b;
                                buf_init(&b, 2048);
                                buf_puts(&b, "must list only: ");
                                for (int j = 0; f->values[j]; j++)
                                        buf_printf(&b, "%s%s", j ? ", " : "", f->values[j]);
                                const char *m = arena_strdup(a, b.data ? b.data : "known values");
                                buf_free(&b);
                                return m ? m : "must list known values";
                        }
                        if (set & (UINT32_C(1) << k))
                                return "must not list a value twice";
                        set |= UINT32_C(1) << k;
                }
                memcpy(dst, &set, sizeof(set));
                return NULL;
        }
        case FT_TEXT_LIST: {
                if (!json_is_array(v))
                        return "must be a list of strings";
                if (json_array_size(v) > 50)
                        return "must list at most 50 items";
                size_t i;
                json_t *e;
                json_array_foreach(v, i, e)
                {
                        if (!json_is_string(e))
                                return "must be a list of strings";
                        const char *s = json_string_value(e);
                        size_t len = json_string_length(e);
                        size_t chars = utf8_length(s, len);
                        if (strlen(s) != len || has_control(s, len, false))
                                return "items must not contain control characters";
                        if ((int64_t)chars < f->min || (int64_t)chars > f->max)
                                return or_else(arena_printf(a,
                                                            "items must be %lld to %lld characters",
                                                            (long long)f->min, (long long)f->max),
                                               "has the wrong length");
                }
                char *text = json_dumps(v, JSON_COMPACT);
                const char *copy = text ? arena_strdup(a, text) : NULL;
                free(text);
                if (!copy)
                        return "is too large";
                memcpy(dst, &copy, sizeof(copy));
                return NULL;
        }
        case FT_TIMESTAMP:
                break;
        }
        return "has an unknown type";
}

enum validate_result validate_json(struct arena *a, const char *body, size_t len,
                                   const struct field_spec *spec, size_t n, void *out, bool partial,
                                   json_t **errors, const char **message)
{
        *errors = NULL;
        *message = NULL;
        if (len == 0) {
                *message = "the request body is empty; a JSON object is expected";
                return MALFORMED;
        }
        if (!utf8_valid(body, len)) {
                /* utf8_valid also refuses a raw NUL byte. */
                *message = "the request body is not valid UTF-8 text";
                return MALFORMED;
        }
        json_error_t jerr;
        json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
        if (!root) {
                *message = arena_printf(a, "the request body is not valid JSON: %s (line %d)",
                                        jerr.text, jerr.line);
                if (!*message)
                        *message = "the request body is not valid JSON";
                return MALFORMED;
        }
        if (!json_is_object(root)) {
                json_decref(root);
                *message = "the request body must be a JSON object";
                return MALFORMED;
        }
        struct input_head *head = out;
        head->present = head->nulls = 0;
        json_t *errs = json_object();
        const char *key;
        json_t *v;
        json_object_foreach(root, key, v)
        {
                size_t i;
                for (i = 0; i < n; i++)
                        if (strcmp(spec[i].name, key) == 0)
                                break;
                if (i == n) {
                        /* The key is echoed only when it is short, printable text. */
                        bool printable = strlen(key) <= 64 && !has_control(key, strlen(key), false);
                        json_object_set_new(errs, printable ? key : "(unknown)",
                                            json_string("is not a known field"));
                        continue;
                }
                head->present |= UINT64_C(1) << i;
                if (json_is_null(v)) {
                        if (!(spec[i].flags & FIELD_NULLABLE) && spec[i].flags & FIELD_REQUIRED) {
                                json_object_set_new(errs, spec[i].name,
                                                    json_string("is required and may not be null"));
                        } else if (!(spec[i].flags & FIELD_NULLABLE)) {
                                json_object_set_new(errs, spec[i].name,
                                                    json_string("may not be null"));
                        }
                        head->nulls |= UINT64_C(1) << i;
                        continue;
                }
                const char *msg = check_field(a, &spec[i], v, out);
                if (msg)
                        json_object_set_new(errs, spec[i].name, json_string(msg));
        }
        if (!partial)
                for (size_t i = 0; i < n; i++)
                        if ((spec[i].flags & FIELD_REQUIRED) && !(head->present >> i & 1))
                                json_object_set_new(errs, spec[i].name, json_string("is required"));
        json_decref(root);
        if (json_object_size(errs) > 0) {
                *errors = errs;
                return INVALID_FIELDS;
        }
        json_decref(errs);
        return VALID;
}

static bool is_json_type(const char *ct)
{
        if (!ct)
                return false;
        size_t n = strcspn(ct, ";");
        while (n && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
                n--;
        return n == 16 && strncasecmp(ct, "application/json", 16) == 0;
}

int validate_request(struct request *r, const struct field_spec *spec, size_t n, void *out,
                     bool partial)
{
        if (!is_json_type(r->content_type)) {
                reply_error(r, E_UNSUPPORTED_MEDIA_TYPE,
                            "the request body must be application/json");
                return -1;
        }
        json_t *errors;
        const char *message;
        switch (validate_json(&r->arena, r->body.data ? r->body.data : "", r->body.len, spec, n,
                              out, partial, &errors, &message)) {
        case VALID:
                return 0;
        case INVALID_FIELDS:
                reply_error_fields(r, E_VALIDATION, "the request has invalid fields", errors);
                return -1;
        case MALFORMED:
                reply_error(r, E_BAD_REQUEST, message);
                return -1;
        }
        return -1;
}

/* ---- the column-table forms ---- */

/* v as a core value; list items that are not strings become NULL. */
static int json_value(struct arena *a, json_t *j, struct value *v)
{
        memset(v, 0, sizeof(*v));
        switch (json_typeof(j)) {
        case JSON_STRING:
                v->kind = V_STRING;
                v->s = json_string_value(j);
                v->len = json_string_length(j);
                return 0;
        case JSON_INTEGER:
                v->kind = V_INT;
                v->i = (int64_t)json_integer_value(j);
                return 0;
        case JSON_REAL:
                v->kind = V_REAL;
                v->d = json_real_value(j);
                return 0;
        case JSON_TRUE:
        case JSON_FALSE:
                v->kind = V_BOOL;
                v->b = json_is_true(j);
                return 0;
        case JSON_ARRAY: {
                v->kind = V_LIST;
                v->n_items = json_array_size(j);
                const char **items = arena_alloc(a, (v->n_items + 1) * sizeof(*items));
                size_t *lens = arena_alloc(a, (v->n_items + 1) * sizeof(*lens));
                if (!items || !lens)
                        return -1;
                for (size_t i = 0; i < v->n_items; i++) {
                        json_t *e = json_array_get(j, i);
                        items[i] = json_is_string(e) ? json_string_value(e) : NULL;
                        lens[i] = json_is_string(e) ? json_string_length(e) : 0;
                }
                v->items = items;
                v->item_lens = lens;
                return 0;
        }
        default:
                v->kind = V_OTHER;
                return 0;
        }
}

enum validate_result record_from_json(struct arena *a, const char *body, size_t len,
                                      const struct column *cols, size_t n, void *rec, bool partial,
                                      struct problems *p, const char **message)
{
        *message = NULL;
        if (len == 0) {
                *message = "the request body is empty; a JSON object is expected";
                return MALFORMED;
        }
        if (!utf8_valid(body, len)) {
                /* utf8_valid also refuses a raw NUL byte. */
                *message = "the request body is not valid UTF-8 text";
                return MALFORMED;
        }
        json_error_t jerr;
        json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
        if (!root) {
                *message = arena_printf(a, "the request body is not valid JSON: %s (line %d)",
                                        jerr.text, jerr.line);
                if (!*message)
                        *message = "the request body is not valid JSON";
                return MALFORMED;
        }
        if (!json_is_object(root)) {
                json_decref(root);
                *message = "the request body must be a JSON object";
                return MALFORMED;
        }
        struct record_head *head = rec;
        head->present = head->nulls = 0;
        const char *key;
        json_t *j;
        json_object_foreach(root, key, j)
        {
                int i = column_index(cols, n, key);
                if (i < 0 || !column_is_input(&cols[i])) {
                        /* The key is echoed only when it is short, printable text. */
                        bool printable =
                            strlen(key) <= 64 && !text_has_control(key, strlen(key), false);
                        const char *name = printable ? arena_strdup(a, key) : NULL;
                        problem_add(p, name ? name : "(unknown)", "is not a known field");
                        continue;
                }
                const char *msg;
                if (json_is_null(j)) {
                        msg = record_mark(cols, (size_t)i, rec, true);
                } else {
                        struct value v;
                        msg = json_value(a, j, &v) < 0 ? "is too large"
                                                       : record_set(a, &cols[i], &v, rec);
                        record_mark(cols, (size_t)i, rec, false);
                }
                if (msg)
                        problem_add(p, cols[i].name, msg);
        }
        if (!partial)
                record_require(cols, n, rec, p);
        json_decref(root);
        return p->n ? INVALID_FIELDS : VALID;
}

int request_record(struct request *r, const struct column *cols, size_t n, void *rec, bool partial)
{
        struct problems p;
        problems_init(&p, &r->arena);
        const char *message;
        switch (record_from_json(&r->arena, r->body.data ? r->body.data : "", r->body.len, cols, n,
                                 rec, partial, &p, &message)) {
        case VALID:
                return 0;
        case INVALID_FIELDS:
                reply_problems(r, E_VALIDATION, &p, "record");
                return -1;
        case MALFORMED:
                reply_error(r, E_BAD_REQUEST, message);
                return -1;
        }
        return -1;
}

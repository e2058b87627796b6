/* JSON bodies into records, checked against their column tables (api/validate.h). */
#include "api/validate.h"

#include "api/respond.h"
#include "core/util.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

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

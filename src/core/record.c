/*
 * Checking values against a column and moving fields between records; see
 * core/record.h.  The messages here are the API's: a client reads them.
 */
#include "core/record.h"

#include "core/buf.h"
#include "core/util.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void problems_init(struct problems *p, struct arena *a)
{
        memset(p, 0, sizeof(*p));
        p->arena = a;
}

bool problem_has(const struct problems *p, const char *field)
{
        for (size_t i = 0; i < p->n; i++)
                if (strcmp(p->item[i].field, field) == 0)
                        return true;
        return false;
}

void problem_add(struct problems *p, const char *field, const char *text)
{
        if (problem_has(p, field) || p->n == RECORD_MAX_COLUMNS)
                return;
        p->item[p->n].field = field;
        p->item[p->n].text = text;
        p->n++;
}

const char *problem_printf(struct problems *p, const char *fallback, const char *fmt, ...)
{
        if (!p->arena)
                return fallback;
        va_list ap;
        va_start(ap, fmt);
        char tmp[512];
        int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
        va_end(ap);
        if (n < 0)
                return fallback;
        const char *s = arena_strdup(p->arena, tmp);
        return s ? s : fallback;
}

int enum_index(const char *const *values, const char *value)
{
        for (int i = 0; values && values[i]; i++)
                if (strcmp(values[i], value) == 0)
                        return i;
        return -1;
}

int column_index(const struct column *cols, size_t n, const char *name)
{
        for (size_t i = 0; i < n; i++)
                if (strcmp(cols[i].name, name) == 0)
                        return (int)i;
        return -1;
}

bool text_has_control(const char *s, size_t len, bool multiline)
{
        for (size_t i = 0; i < len; i++) {
                unsigned char c = (unsigned char)s[i];
                if (c == 0x7f ||
                    (c < 0x20 && !(multiline && (c == '\n' || c == '\t' || c == '\r'))))
                        return true;
        }
        return false;
}

/* A message made in the arena, or fallback when the arena is full (NULL would mean "valid"). */
static const char *or_else(const char *message, const char *fallback)
{
        return message ? message : fallback;
}

/* "must be one of: a, b, c" (prefix and the column's values), from the arena. */
static const char *values_message(struct arena *a, const char *prefix, const char *const *values,
                                  const char *fallback)
{
        struct buf b;
        buf_init(&b, 2048);
        buf_puts(&b, prefix);
        for (int i = 0; values && values[i]; i++)
                buf_printf(&b, "%s%s", i ? ", " : "", values[i]);
        const char *m = b.data ? arena_strdup(a, b.data) : NULL;
        buf_free(&b);
        return m ? m : fallback;
}

static bool has_nul(const char *s, size_t len)
{
        return memchr(s, '\0', len) != NULL;
}

static const char *set_text(struct arena *a, const struct column *c, const struct value *v,
                            char *dst)
{
        if (v->kind != V_STRING)
                return "must be a string";
        if (has_nul(v->s, v->len))
                return "must not contain NUL characters";
        if (text_has_control(v->s, v->len, c->flags & FIELD_MULTILINE))
                return "must not contain control characters";
        size_t chars = utf8_length(v->s, v->len);
        if ((int64_t)chars < c->min || (int64_t)chars > c->max) {
                if (c->min == c->max)
                        return or_else(
                            arena_printf(a, "must be exactly %lld characters", (long long)c->min),
                            "has the wrong length");
                if (c->min <= 0)
                        return or_else(
                            arena_printf(a, "must be at most %lld characters", (long long)c->max),
                            "has the wrong length");
                return or_else(arena_printf(a, "must be %lld to %lld characters", (long long)c->min,
                                            (long long)c->max),
                               "has the wrong length");
        }
        const char *copy = arena_strndup(a, v->s, v->len);
        if (!copy)
                return "is too large";
        memcpy(dst, &copy, sizeof(copy));
        return NULL;
}

/* JSON array text of the strings of v (items hold no control characters). */
static const char *list_json(struct arena *a, const struct value *v)
{
        struct buf b;
        buf_init(&b, 1u << 20);
        int bad = buf_putc(&b, '[');
        for (size_t i = 0; i < v->n_items; i++) {
                if (i)
                        bad |= buf_putc(&b, ',');
                bad |= buf_putc(&b, '"');
                const char *s = v->items[i];
                for (size_t k = 0; k < v->item_lens[i]; k++) {
                        if (s[k] == '"' || s[k] == '\\')
                                bad |= buf_putc(&b, '\\');
                        bad |= buf_putc(&b, s[k]);
                }
                bad |= buf_putc(&b, '"');
        }
        bad |= buf_putc(&b, ']');
        const char *out = b.data && !bad ? arena_strndup(a, b.data, b.len) : NULL;
        buf_free(&b);
        return out;
}

const char *record_set(struct arena *a, const struct column *c, const struct value *v, void *rec)
{
        char *dst = (char *)rec + c->offset;
        switch (c->type) {
        case FT_TEXT:
                return set_text(a, c, v, dst);
        case FT_ENUM: {
                if (v->kind != V_STRING)
                        return "must be a string";
                int k = has_nul(v->s, v->len) ? -1 : enum_index(c->values, v->s);
                if (k < 0)
                        /* Name the allowed values so the message is enough to fix the input. */
                        return values_message(a, "must be one of: ", c->values,
                                              "must be a known value");
                const char *val = c->values[k];
                memcpy(dst, &val, sizeof(val));
                return NULL;
        }
        case FT_INT: {
                if (v->kind != V_INT)
                        return "must be a whole number";
                if (v->i < c->min || v->i > c->max)
                        return or_else(arena_printf(a, "must be from %lld to %lld",
                                                    (long long)c->min, (long long)c->max),
                                       "is out of range");
                memcpy(dst, &v->i, sizeof(v->i));
                return NULL;
        }
        case FT_BOOL: {
                if (v->kind != V_BOOL)
                        return "must be true or false";
                memcpy(dst, &v->b, sizeof(v->b));
                return NULL;
        }
        case FT_DATE: {
                int32_t days;
                if (v->kind != V_STRING || has_nul(v->s, v->len) || parse_date(v->s, &days) < 0)
                        return "must be a date YYYY-MM-DD";
                memcpy(dst, &days, sizeof(days));
                return NULL;
        }
        case FT_REAL: {
                double x;
                if (v->kind == V_REAL)
                        x = v->d;
                else if (v->kind == V_INT)
                        x = (double)v->i;
                else
                        return "must be a number";
                if (!isfinite(x) || x < c->dmin || x > c->dmax)
                        return or_else(arena_printf(a, "must be from %g to %g", c->dmin, c->dmax),
                                       "is out of range");
                memcpy(dst, &x, sizeof(x));
                return NULL;
        }
        case FT_ENUM_SET: {
                if (v->kind != V_LIST)
                        return "must be a list";
                uint32_t set = 0;
                for (size_t i = 0; i < v->n_items; i++) {
                        const char *e = v->items[i];
                        int k = e && !has_nul(e, v->item_lens[i]) ? enum_index(c->values, e) : -1;
                        if (k < 0 || k > 31)
                                return values_message(a, "must list only: ", c->values,
                                                      "must list known values");
                        if (set & (UINT32_C(1) << k))
                                return "must not list a value twice";
                        set |= UINT32_C(1) << k;
                }
                memcpy(dst, &set, sizeof(set));
                return NULL;
        }
        case FT_TEXT_LIST: {
                if (v->kind != V_LIST)
                        return "must be a list of strings";
                if (v->n_items > 50)
                        return "must list at most 50 items";
                for (size_t i = 0; i < v->n_items; i++) {
                        const char *s = v->items[i];
                        if (!s)
                                return "must be a list of strings";
                        size_t len = v->item_lens[i];
                        if (has_nul(s, len) || text_has_control(s, len, false))
                                return "items must not contain control characters";
                        size_t chars = utf8_length(s, len);
                        if ((int64_t)chars < c->min || (int64_t)chars > c->max)
                                return or_else(arena_printf(a,
                                                            "items must be %lld to %lld characters",
                                                            (long long)c->min, (long long)c->max),
                                               "has the wrong length");
                }
                const char *copy = list_json(a, v);
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

const char *record_mark(const struct column *cols, size_t i, void *rec, bool null)
{
        struct record_head *h = rec;
        h->present |= UINT64_C(1) << i;
        if (!null)
                return NULL;
        h->nulls |= UINT64_C(1) << i;
        if (cols[i].flags & FIELD_NULLABLE)
                return NULL;
        return cols[i].flags & FIELD_REQUIRED ? "is required and may not be null"
                                              : "may not be null";
}

void record_require(const struct column *cols, size_t n, const void *rec, struct problems *p)
{
        for (size_t i = 0; i < n; i++)
                if ((cols[i].flags & FIELD_REQUIRED) && column_is_input(&cols[i]) &&
                    !REC_HAS(rec, i))
                        problem_add(p, cols[i].name, "is required");
}

static size_t field_size(enum field_type t)
{
        switch (t) {
        case FT_TEXT:
        case FT_ENUM:
        case FT_TEXT_LIST:
                return sizeof(const char *);
        case FT_INT:
        case FT_TIMESTAMP:
                return sizeof(int64_t);
        case FT_BOOL:
                return sizeof(bool);
        case FT_DATE:
                return sizeof(int32_t);
        case FT_REAL:
                return sizeof(double);
        case FT_ENUM_SET:
                return sizeof(uint32_t);
        }
        return 0;
}

void record_merge(const struct column *cols, size_t n, void *patch, const void *stored)
{
        struct record_head *h = patch;
        const struct record_head *s = stored;
        for (size_t i = 0; i < n; i++) {
                uint64_t bit = UINT64_C(1) << i;
                if (h->present & bit)
                        continue;
                memcpy((char *)patch + cols[i].offset, (const char *)stored + cols[i].offset,
                       field_size(cols[i].type));
                h->present |= s->present & bit;
                h->nulls = (h->nulls & ~bit) | (s->nulls & bit);
        }
}

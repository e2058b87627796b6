/* Records as JSON and CSV; see api/render.h. */
#include "api/render.h"

#include "api/respond.h"
#include "core/csv_out.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

static bool shown(const struct column *c)
{
        return !(c->flags & (COL_HIDDEN | COL_WRITE_ONLY));
}

static const char *text_of(const void *rec, const struct column *c)
{
        const char *s;
        memcpy(&s, (const char *)rec + c->offset, sizeof(s));
        return s;
}

#define GETTER(fn, type)                                                                           \
        static type fn(const void *rec, const struct column *c)                                    \
        {                                                                                          \
                type v;                                                                            \
                memcpy(&v, (const char *)rec + c->offset, sizeof(v));                              \
                return v;                                                                          \
        }
GETTER(get_i64, int64_t)
GETTER(get_f64, double)
GETTER(get_bool, bool)
GETTER(get_i32, int32_t)
GETTER(get_u32, uint32_t)

static json_t *set_json(const struct column *c, uint32_t set)
{
        json_t *a = json_array();
        for (int k = 0; k < 32 && c->values[k]; k++)
                if (set >> k & 1u)
                        json_array_append_new(a, json_string(c->values[k]));
        return a;
}

static json_t *list_json(const char *text)
{
        json_t *m = text ? json_loads(text, 0, NULL) : NULL;
        if (!json_is_array(m)) {
                json_decref(m);
                return json_array();
        }
        return m;
}

static json_t *value_json(const struct column *c, const void *rec, size_t i)
{
        bool null = REC_NULL(rec, i);
        switch (c->type) {
        case FT_TEXT:
        case FT_ENUM: {
                const char *s = null ? NULL : text_of(rec, c);
                if (c->flags & FIELD_NULLABLE)
                        return json_string_or_null(s);
                return json_string(s ? s : "");
        }
        case FT_INT:
                return null ? json_null() : json_integer(get_i64(rec, c));
        case FT_REAL:
                return null ? json_null() : json_real(get_f64(rec, c));
        case FT_BOOL:
                return json_boolean(get_bool(rec, c));
        case FT_DATE: {
                if (null)
                        return json_null();
                char d[11];
                format_date(get_i32(rec, c), d);
                return json_string(d);
        }
        case FT_TIMESTAMP:
                return null ? json_null() : json_timestamp(get_i64(rec, c));
        case FT_ENUM_SET:
                return set_json(c, get_u32(rec, c));
        case FT_TEXT_LIST:
                return list_json(null ? NULL : text_of(rec, c));
        }
        return json_null();
}

json_t *record_json(const struct column *cols, size_t n, const void *rec)
{
        return record_json_as(cols, n, rec, 0);
}

unsigned render_hidden(const struct request *r)
{
        return policy_allows(r->auth.role, ACT_BUDGET_READ) ? 0u : (unsigned)COL_MONEY;
}

json_t *record_json_as(const struct column *cols, size_t n, const void *rec, unsigned hide)
{
        json_t *o = json_object();
        for (size_t i = 0; o && i < n; i++) {
                if (!shown(&cols[i]) || (cols[i].flags & hide))
                        continue;
                json_t *v = value_json(&cols[i], rec, i);
                if (!v || json_object_set_new(o, cols[i].name, v) < 0) {
                        json_decref(o);
                        return NULL;
                }
        }
        return o;
}

int record_csv_header(struct buf *b, const struct column *cols, size_t n)
{
        size_t last = n;
        while (last > 0 && !shown(&cols[last - 1]))
                last--;
        int rc = 0;
        for (size_t i = 0; i < last; i++)
                if (shown(&cols[i]))
                        rc |= csv_cell(b, cols[i].name, i + 1 == last);
        return rc | csv_end(b);
}

/* A list as one cell, items joined with '|'. */
static int joined_cell(struct buf *b, const struct column *c, const void *rec, size_t i, int last)
{
        struct buf tmp;
        buf_init(&tmp, 1u << 20);
        int rc = 0;
        if (c->type == FT_ENUM_SET) {
                uint32_t set = get_u32(rec, c);
                for (int k = 0, shown_n = 0; k < 32 && c->values[k]; k++)
                        if (set >> k & 1u) {
                                if (shown_n++)
                                        rc |= buf_putc(&tmp, '|');
                                rc |= buf_puts(&tmp, c->values[k]);
                        }
        } else {
                json_t *m = list_json(REC_NULL(rec, i) ? NULL : text_of(rec, c));
                size_t k;
                json_t *v;
                json_array_foreach(m, k, v)
                {
                        if (k)
                                rc |= buf_putc(&tmp, '|');
                        rc |= buf_puts(&tmp, json_string_value(v) ? json_string_value(v) : "");
                }
                json_decref(m);
        }
        rc |= csv_cell(b, tmp.data ? tmp.data : "", last);
        buf_free(&tmp);
        return rc ? -1 : 0;
}

int record_csv(struct buf *b, const struct column *cols, size_t n, const void *rec)
{
        size_t last = n;
        while (last > 0 && !shown(&cols[last - 1]))
                last--;
        int rc = 0;
        for (size_t i = 0; i < last; i++) {
                const struct column *c = &cols[i];
                if (!shown(c))
                        continue;
                int end = i + 1 == last;
                bool null = REC_NULL(rec, i);
                switch (c->type) {
                case FT_TEXT:
                case FT_ENUM:
                        rc |= csv_cell(b, null ? NULL : text_of(rec, c), end);
                        break;
                case FT_INT:
                        rc |= null ? csv_cell(b, NULL, end) : csv_int(b, get_i64(rec, c), end);
                        break;
                case FT_BOOL:
                        rc |= csv_cell(b, get_bool(rec, c) ? "true" : "false", end);
                        break;
                case FT_REAL:
                        /* Plain digits, never through the formula guard. */
                        rc |= null ? csv_cell(b, NULL, end)
                                   : buf_printf(b, "%.15g%s", get_f64(rec, c), end ? "" : ",");
                        break;
                case FT_DATE: {
                        char d[11] = "";
                        if (!null)
                                format_date(get_i32(rec, c), d);
                        rc |= csv_cell(b, d, end);
                        break;
                }
                case FT_TIMESTAMP: {
                        char ts[21] = "";
                        if (!null)
                                format_timestamp(get_i64(rec, c), ts);
                        rc |= csv_cell(b, ts, end);
                        break;
                }
                case FT_ENUM_SET:
                case FT_TEXT_LIST:
                        rc |= joined_cell(b, c, rec, i, end);
                        break;
                }
        }
        rc |= csv_end(b);
        return rc ? -1 : 0;
}

void reply_record_json(struct request *r, int status, json_t *body)
{
        char *text = body ? json_dumps(body, JSON_COMPACT | JSON_REAL_PRECISION(15)) : NULL;
        json_decref(body);
        if (!text) {
                reply_internal(r, "cannot render the response");
                return;
        }
        reply_raw(r, status, "application/json", text, strlen(text));
}

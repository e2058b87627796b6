/* Column-table driven binds and row reads; see store/rows.h. */
#include "store/rows.h"

#include "core/log.h"

#include <stdio.h>
#include <string.h>

static const char *text_at(const void *rec, const struct column *c)
{
        const char *s;
        memcpy(&s, (const char *)rec + c->offset, sizeof(s));
        return s;
}

/* The version a write seals under. */
static int write_version(const struct row_place *place)
{
        if (!place || !place->cipher)
                return 0;
        return place->key_version ? place->key_version : place->cipher->key_version;
}

static int bind_sealed(struct stmt *st, int idx, const struct column *c, const char *plain,
                       const struct row_place *place, struct arena *a)
{
        if (!place || !place->cipher) {
                log_error("msg=\"encrypted column without a cipher\" column=%s", c->sql);
                return -1;
        }
        struct cipher_ad ad = {place->table, c->sql, place->row_id, write_version(place)};
        const void *out;
        size_t len;
        if (place->cipher->seal(place->cipher->ctx, &ad, plain, strlen(plain), a, &out, &len) < 0)
                return -1;
        st_bind_blob(st, idx, out, len);
        return 0;
}

int row_bind(struct stmt *st, const struct column *cols, size_t n, const void *rec, int first,
             const struct row_place *place, struct arena *a)
{
        int idx = first;
        for (size_t i = 0; i < n; i++) {
                const struct column *c = &cols[i];
                if (!column_is_written(c))
                        continue;
                const char *p = (const char *)rec + c->offset;
                if (c->flags & COL_KEY_VERSION) {
                        st_bind_int(st, idx++, write_version(place));
                        continue;
                }
                if (!REC_GIVEN(rec, i) && c->type != FT_TEXT && c->type != FT_ENUM &&
                    c->type != FT_TEXT_LIST) {
                        /* Absent numbers bind their zero unless the column may be null. */
                        if (c->flags & FIELD_NULLABLE) {
                                st_bind_null(st, idx++);
                                continue;
                        }
                }
                switch (c->type) {
                case FT_TEXT:
                case FT_ENUM:
                case FT_TEXT_LIST: {
                        const char *s = REC_NULL(rec, i) ? NULL : text_at(rec, c);
                        if (s && (c->flags & COL_ENCRYPTED)) {
                                if (bind_sealed(st, idx, c, s, place, a) < 0)
                                        return -1;
                        } else {
                                st_bind_text(st, idx, s);
                        }
                        break;
                }
                case FT_INT:
                case FT_TIMESTAMP: {
                        int64_t v;
                        memcpy(&v, p, sizeof(v));
                        st_bind_int(st, idx, v);
                        break;
                }
                case FT_BOOL: {
                        bool v;
                        memcpy(&v, p, sizeof(v));
                        st_bind_int(st, idx, v);
                        break;
                }
                case FT_DATE: {
                        int32_t v;
                        memcpy(&v, p, sizeof(v));
                        st_bind_int(st, idx, v);
                        break;
                }
                case FT_REAL: {
                        double v;
                        memcpy(&v, p, sizeof(v));
                        st_bind_double(st, idx, v);
                        break;
                }
                case FT_ENUM_SET: {
                        uint32_t v;
                        memcpy(&v, p, sizeof(v));
                        st_bind_int(st, idx, v);
                        break;
                }
                }
                idx++;
        }
        return idx;
}

static int read_opened(struct stmt *st, int col, const struct column *c, char *dst,
                       const struct row_place *place, int version, struct arena *a)
{
        if (!place || !place->cipher) {
                log_error("msg=\"encrypted column without a cipher\" column=%s", c->sql);
                return -1;
        }
        struct cipher_ad ad = {place->table, c->sql, place->row_id, version};
        const char *plain;
        if (place->cipher->open(place->cipher->ctx, &ad, st_blob(st, col), st_bytes(st, col), a,
                                &plain) < 0) {
                log_error("msg=\"ciphertext refused\" table=%s column=%s row=%lld", place->table,
                          c->sql, (long long)place->row_id);
                return -1;
        }
        memcpy(dst, &plain, sizeof(plain));
        return 0;
}

int row_read(struct stmt *st, const struct column *cols, size_t n, void *rec, struct arena *a,
             const struct row_place *place)
{
        struct record_head *h = rec;
        /* The version the row was sealed under, before any encrypted column is opened. */
        int version = place && place->cipher ? place->cipher->key_version : 0;
        for (size_t i = 0, k = 0; i < n; i++) {
                if (!column_is_read(&cols[i]))
                        continue;
                if (cols[i].flags & COL_KEY_VERSION) {
                        version = (int)st_int(st, (int)k);
                        break;
                }
                k++;
        }
        int col = 0;
        for (size_t i = 0; i < n; i++) {
                const struct column *c = &cols[i];
                if (!column_is_read(c))
                        continue;
                char *dst = (char *)rec + c->offset;
                uint64_t bit = UINT64_C(1) << i;
                h->present |= bit;
                if (st_null(st, col)) {
                        h->nulls |= bit;
                        memset(dst, 0,
                               c->type == FT_REAL                             ? sizeof(double)
                               : c->type == FT_DATE || c->type == FT_ENUM_SET ? sizeof(int32_t)
                               : c->type == FT_BOOL                           ? sizeof(bool)
                                                                              : sizeof(int64_t));
                        col++;
                        continue;
                }
                h->nulls &= ~bit;
                switch (c->type) {
                case FT_TEXT:
                case FT_ENUM:
                case FT_TEXT_LIST: {
                        if (c->flags & COL_ENCRYPTED) {
                                if (read_opened(st, col, c, dst, place, version, a) < 0)
                                        return -1;
                                break;
                        }
                        const char *s = arena_strndup(a, st_text(st, col), st_bytes(st, col));
                        if (!s)
                                return -1;
                        if (c->type == FT_ENUM) {
                                /* The value set's own string, so pointers compare. */
                                int k = enum_index(c->values, s);
                                if (k >= 0)
                                        s = c->values[k];
                        }
                        memcpy(dst, &s, sizeof(s));
                        break;
                }
                case FT_INT:
                case FT_TIMESTAMP: {
                        int64_t v = st_int(st, col);
                        memcpy(dst, &v, sizeof(v));
                        break;
                }
                case FT_BOOL: {
                        bool v = st_int(st, col) != 0;
                        memcpy(dst, &v, sizeof(v));
                        break;
                }
                case FT_DATE: {
                        int32_t v = (int32_t)st_int(st, col);
                        memcpy(dst, &v, sizeof(v));
                        break;
                }
                case FT_REAL: {
                        double v = st_double(st, col);
                        memcpy(dst, &v, sizeof(v));
                        break;
                }
                case FT_ENUM_SET: {
                        uint32_t v = (uint32_t)st_int(st, col);
                        memcpy(dst, &v, sizeof(v));
                        break;
                }
                }
                col++;
        }
        return 0;
}

bool row_shape_matches(struct stmt *st, const struct column *cols, size_t n, char *why,
                       size_t why_len)
{
        int col = 0;
        for (size_t i = 0; i < n; i++) {
                if (!column_is_read(&cols[i]))
                        continue;
                const char *got = col < st_column_count(st) ? st_column_name(st, col) : "";
                if (strcmp(got, cols[i].sql) != 0) {
                        snprintf(why, why_len, "result column %d is \"%s\", the table says \"%s\"",
                                 col, got, cols[i].sql);
                        return false;
                }
                col++;
        }
        if (col != st_column_count(st)) {
                snprintf(why, why_len, "the statement returns %d columns, the table stores %d",
                         st_column_count(st), col);
                return false;
        }
        return true;
}

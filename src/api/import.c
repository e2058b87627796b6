#include "api/import.h"

#include "api/respond.h"
#include "core/csv_in.h"
#include "core/util.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ROW_ARENA_LIMIT (1u << 20)

struct import_ctx {
        const struct import_target *t;
        const struct import_options *o;
        struct db *db;
        const struct principal *who;
        struct import_result *res;
        int map[CSV_MAX_CELLS]; /* column -> field index, -1 ignored */
        int id_col;             /* the "id" column of a target that keeps ids, or -1 */
        size_t n_cols;
        struct arena arena;    /* per row */
        struct csv_row header; /* a copy of row 1, for target checks */
};

/* Trimmed, case-insensitive comparison of a header cell with a name. */
static bool header_is(const char *cell, size_t len, const char *name)
{
        while (len && isspace((unsigned char)*cell)) {
                cell++;
                len--;
        }
        while (len && isspace((unsigned char)cell[len - 1]))
                len--;
        return strlen(name) == len && strncasecmp(cell, name, len) == 0;
}

static void add_error(struct import_result *res, int64_t row, json_t *fields)
{
        if (json_array_size(res->errors) < IMPORT_MAX_ERRORS)
                json_array_append_new(
                    res->errors, json_pack("{s:I, s:o}", "row", (json_int_t)row, "fields", fields));
        else
                json_decref(fields);
}

/* The first error of fields as "row N: field message" for the summary. */
static void first_message(struct import_result *res, int64_t row, json_t *fields)
{
        if (res->message[0])
                return;
        const char *key;
        json_t *v;
        json_object_foreach(fields, key, v)
        {
                snprintf(res->message, sizeof(res->message), "row %lld: %s %s", (long long)row, key,
                         json_is_string(v) ? json_string_value(v) : "is invalid");
                return;
        }
        snprintf(res->message, sizeof(res->message), "row %lld is invalid", (long long)row);
}

static int map_header(struct import_ctx *c, const struct csv_row *row)
{
        const struct import_target *t = c->t;
        c->header.number = 1;
        c->header.n = row->n;
        for (size_t i = 0; i < row->n; i++) {
                char *copy = strndup(row->cells[i], row->lens[i]);
                if (!copy) {
                        c->header.n = i;
                        c->res->err = E_INTERNAL;
                        return 1;
                }
                c->header.cells[i] = copy;
                c->header.lens[i] = row->lens[i];
        }
        json_t *fields = json_object();
        uint64_t seen = 0;
        c->n_cols = row->n;
        const struct column *cols = t->res->cols;
        size_t n_cols = t->res->n_cols;
        for (size_t i = 0; i < row->n; i++) {
                c->map[i] = -1;
                size_t f;
                for (f = 0; f < n_cols; f++)
                        if (column_is_input(&cols[f]) &&
                            header_is(row->cells[i], row->lens[i], cols[f].name))
                                break;
                if (f < n_cols) {
                        if (seen >> f & 1)
                                json_object_set_new(fields, cols[f].name,
                                                    json_string("column appears twice"));
                        seen |= UINT64_C(1) << f;
                        c->map[i] = (int)f;
                        continue;
                }
                if (t->keeps_id && header_is(row->cells[i], row->lens[i], "id")) {
                        c->id_col = (int)i;
                        continue;
                }
                bool ignored = row->lens[i] == 0;
                for (size_t k = 0; t->ignored && t->ignored[k] && !ignored; k++)
                        ignored = header_is(row->cells[i], row->lens[i], t->ignored[k]);
                if (!ignored) {
                        char name[80];
                        snprintf(name, sizeof(name), "%.64s", row->cells[i]);
                        json_object_set_new(fields, name,
                                            json_string("is not a column of this import"));
                }
        }
        for (size_t f = 0; f < n_cols; f++)
                if ((cols[f].flags & FIELD_REQUIRED) && column_is_input(&cols[f]) &&
                    !(seen >> f & 1))
                        json_object_set_new(fields, cols[f].name, json_string("column is missing"));
        if (json_object_size(fields)) {
                add_error(c->res, 1, json_incref(fields));
                first_message(c->res, 1, fields);
                json_decref(fields);
                c->res->err = E_VALIDATION;
                return 1; /* a bad header stops the import, whatever skip_bad says */
        }
        json_decref(fields);
        return 0;
}

/* '|'-separated items of s, each trimmed, empty ones left out, as a V_LIST. */
static int list_value(struct arena *a, const char *s, struct value *v)
{
        size_t cap = 1;
        for (const char *p = s; *p; p++)
                cap += *p == '|';
        const char **items = arena_alloc(a, cap * sizeof(*items));
        size_t *lens = arena_alloc(a, cap * sizeof(*lens));
        if (!items || !lens)
                return -1;
        size_t n = 0;
        const char *p = s;
        while (*p) {
                size_t k = strcspn(p, "|");
                const char *x = p, *y = p + k;
                while (x < y && isspace((unsigned char)*x))
                        x++;
                while (y > x && isspace((unsigned char)y[-1]))
                        y--;
                if (y > x) {
                        items[n] = arena_strndup(a, x, (size_t)(y - x));
                        if (!items[n])
                                return -1;
                        lens[n++] = (size_t)(y - x);
                }
                p += k;
                if (*p == '|')
                        p++;
        }
        v->kind = V_LIST;
        v->n_items = n;
        v->items = items;
        v->item_lens = lens;
        return 0;
}

/*
 * One cell (NUL-terminated, len bytes) as the value its column expects; text
 * that does not parse stays text, so the column's check names what is wrong.
 */
static int cell_value(struct arena *a, const struct column *f, const char *s, size_t len,
                      struct value *v)
{
        memset(v, 0, sizeof(*v));
        v->kind = V_STRING;
        v->s = s;
        v->len = len;
        switch (f->type) {
        case FT_INT: {
                int64_t x;
                if (parse_int64(s, INT64_MIN, INT64_MAX, &x) == 0) {
                        v->kind = V_INT;
                        v->i = x;
                }
                return 0;
        }
        case FT_REAL: {
                char *end = NULL;
                double x = strtod(s, &end);
                /* A decimal comma, as Lithuanian and Italian spreadsheets write it. */
                if (end && *end == ',' && strchr(end + 1, ',') == NULL) {
                        char tmp[64];
                        if (len < sizeof(tmp)) {
                                memcpy(tmp, s, len + 1);
                                tmp[end - s] = '.';
                                x = strtod(tmp, &end);
                                if (end && *end == '\0' && isfinite(x)) {
                                        v->kind = V_REAL;
                                        v->d = x;
                                }
                        }
                        return 0;
                }
                if (end && end != s && *end == '\0' && isfinite(x)) {
                        v->kind = V_REAL;
                        v->d = x;
                }
                return 0;
        }
        case FT_BOOL:
                if (strcasecmp(s, "true") == 0 || strcmp(s, "1") == 0 ||
                    strcasecmp(s, "yes") == 0) {
                        v->kind = V_BOOL;
                        v->b = true;
                } else if (strcasecmp(s, "false") == 0 || strcmp(s, "0") == 0 ||
                           strcasecmp(s, "no") == 0) {
                        v->kind = V_BOOL;
                        v->b = false;
                }
                return 0;
        case FT_ENUM_SET:
        case FT_TEXT_LIST:
                return list_value(a, s, v);
        default:
                return 0;
        }
}

static json_t *fields_json(const struct problems *p)
{
        json_t *o = problems_json(p);
        if (!o && p->message)
                o = json_pack("{s:s}", "row", p->message);
        return o;
}

static int import_row(const struct csv_row *row, void *ctx)
{
        struct import_ctx *c = ctx;
        struct import_result *res = c->res;
        if (row->number == 1)
                return map_header(c, row);
        res->rows++;
        if (c->o->progress_every && c->o->progress && res->rows % c->o->progress_every == 0)
                c->o->progress(res->rows, c->o->progress_ctx);

        const struct resource *rs = c->t->res;
        void *rec = arena_alloc(&c->arena, rs->size);
        struct problems p;
        problems_init(&p, &c->arena);
        if (!rec) {
                res->err = E_INTERNAL;
                snprintf(res->message, sizeof(res->message), "row %lld: out of memory",
                         (long long)row->number);
                return 1;
        }
        memset(rec, 0, rs->size);
        for (size_t i = 0; i < row->n && i < c->n_cols; i++) {
                if (c->map[i] < 0 || row->lens[i] == 0)
                        continue;
                const struct column *f = &rs->cols[c->map[i]];
                /* Spreadsheets pad cells; text is taken trimmed of outer spaces. */
                const char *s = row->cells[i];
                size_t len = row->lens[i];
                while (len && (*s == ' ' || *s == '\t')) {
                        s++;
                        len--;
                }
                while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
                        len--;
                /* Undo the apostrophe an export puts before formula-like text. */
                if (len >= 2 && s[0] == '\'' && strchr("=+-@\t\r", s[1])) {
                        s++;
                        len--;
                }
                if (!len)
                        continue;
                char *cell = arena_strndup(&c->arena, s, len);
                struct value v;
                const char *msg = !cell || cell_value(&c->arena, f, cell, len, &v) < 0
                                      ? "is too large"
                                      : record_set(&c->arena, f, &v, rec);
                record_mark(rs->cols, (size_t)c->map[i], rec, false);
                if (msg)
                        problem_add(&p, f->name, msg);
        }
        record_require(rs->cols, rs->n_cols, rec, &p);
        if (p.n)
                res_check_beside(rs, rec, &p);
        if (c->t->check)
                c->t->check(c->db, &c->header, row, &p);
        int64_t id = 0, want_id = 0;
        if (c->id_col >= 0 && (size_t)c->id_col < row->n && row->lens[c->id_col] &&
            parse_int64(row->cells[c->id_col], 1, INT64_MAX, &want_id) < 0)
                problem_add(&p, "id", "must be a whole number from 1 up");
        enum ecat_err e = p.n ? E_VALIDATION : c->t->create(c->db, c->who, rec, want_id, &p, &id);
        if (e == E_OK) {
                arena_free(&c->arena);
                res->imported++;
                if (!res->first_id)
                        res->first_id = id;
                res->last_id = id;
                return 0;
        }
        if (e == E_NOT_FOUND && !p.n) /* a row outside the caller's partner scope */
                problem_add(&p, c->t->scope_field ? c->t->scope_field : "row",
                            "is not a record you may write (it belongs to another partner)");
        if (e == E_VALIDATION || e == E_CONFLICT || e == E_NOT_FOUND) {
                json_t *errors = fields_json(&p);
                arena_free(&c->arena);
                if (!errors)
                        errors = json_pack("{s:s}", "row",
                                           e == E_CONFLICT ? "conflicts with "
                                                             "existing data"
                                                           : "is invalid");
                first_message(res, row->number, errors);
                add_error(res, row->number, errors);
                if (c->o->skip_bad) {
                        res->skipped++;
                        return 0;
                }
                res->err = E_VALIDATION;
                /* Keep reading to report every bad row, but write nothing more. */
                return 0;
        }
        arena_free(&c->arena);
        res->err = E_INTERNAL;
        snprintf(res->message, sizeof(res->message), "row %lld: the database refused it",
                 (long long)row->number);
        return 1;
}

void import_csv(struct db *db, const struct import_target *t, const char *data, size_t len,
                const struct import_options *o, const struct principal *who,
                struct import_result *res)
{
        memset(res, 0, sizeof(*res));
        res->errors = json_array();
        struct import_ctx c;
        memset(&c, 0, sizeof(c));
        c.t = t;
        c.o = o;
        c.db = db;
        c.who = who;
        c.res = res;
        c.id_col = -1;
        arena_init(&c.arena, ROW_ARENA_LIMIT);
        char err[256] = "";
        int rc = len ? csv_read(data, len, import_row, &c, err, sizeof(err)) : 0;
        arena_free(&c.arena);
        for (size_t i = 0; i < c.header.n; i++)
                free((void *)c.header.cells[i]);
        if (rc < 0) {
                res->err = E_BAD_REQUEST;
                snprintf(res->message, sizeof(res->message), "%s", err);
        } else if (len == 0 || (res->rows == 0 && res->err == E_OK)) {
                if (res->err == E_OK && len == 0) {
                        res->err = E_BAD_REQUEST;
                        snprintf(res->message, sizeof(res->message),
                                 "the file is empty; a header row is expected");
                }
        }
        if (res->err == E_OK && res->imported > 0 && !o->dry_run) {
                /* One audit entry for the whole import, naming the id range. */
                if (res_audit(db, who, t->object_type, "import", res->last_id) != E_OK) {
                        res->err = E_INTERNAL;
                        snprintf(res->message, sizeof(res->message),
                                 "cannot write the audit entry");
                }
        }
        res->commit = res->err == E_OK && !o->dry_run;
}

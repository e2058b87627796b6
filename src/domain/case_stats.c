/* Case statistics under disclosure control; see domain/case_stats.h. */
#include "domain/case_stats.h"

#include "domain/case.h"
#include "domain/casework.h"
#include "core/util.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Start a table of rows x cols with the given labels (a NULL-terminated value set each). */
static struct stats_table *table_new(struct case_stats *s, const char *name, const char *rows_name,
                                     const char *const *rows, const char *cols_name,
                                     const char *const *cols, const char *unit)
{
        struct stats_table *t = &s->table[s->n++];
        t->name = name;
        t->rows_name = rows_name;
        t->cols_name = cols_name;
        t->unit = unit;
        t->n_cols = 1;
        for (int i = 0; rows && rows[i] && t->n_rows < SDC_MAX_ROWS; i++)
                t->row_label[t->n_rows++] = rows[i];
        if (cols) {
                t->n_cols = 0;
                for (int i = 0; cols[i] && t->n_cols < SDC_MAX_COLS; i++)
                        t->col_label[t->n_cols++] = cols[i];
        }
        return t;
}

/* The row of label v (NULL: "unknown"), added when not yet there; -1 when full. */
static int row_of(struct stats_table *t, const char *v)
{
        if (!v)
                v = "unknown";
        for (int i = 0; i < t->n_rows; i++)
                if (strcmp(t->row_label[i], v) == 0)
                        return i;
        if (t->n_rows == SDC_MAX_ROWS)
                return -1;
        snprintf(t->row_text[t->n_rows], sizeof(t->row_text[0]), "%s", v);
        t->row_label[t->n_rows] = t->row_text[t->n_rows];
        return t->n_rows++;
}

static int col_of(const struct stats_table *t, const char *v)
{
        if (!v)
                v = "unknown";
        for (int i = 0; i < t->n_cols; i++)
                if (strcmp(t->col_label[i], v) == 0)
                        return i;
        return -1;
}

/* Positions are laid out as in disclosure.h once n_rows and n_cols are final. */
static int64_t *cell(struct stats_table *t, int r, int c)
{
        int stride = t->n_cols == 1 ? 1 : t->n_cols + 1;
        return &t->value[r * stride + c];
}

/* Add n to (row v, column w); rows may grow (kept in a scratch of their own until laid out). */
struct counter {
        struct stats_table *t;
        int64_t n[SDC_MAX_ROWS][SDC_MAX_COLS];
        bool full;
};

static void count(struct counter *c, const char *row, const char *col, int64_t n)
{
        int r = row_of(c->t, row);
        int k = c->t->cols_name ? col_of(c->t, col) : 0;
        if (r < 0)
                c->full = true;
        else if (k >= 0)
                c->n[r][k] += n;
}

static void lay_out(struct counter *c)
{
        struct stats_table *t = c->t;
        for (int r = 0; r < t->n_rows; r++)
                for (int k = 0; k < t->n_cols; k++)
                        *cell(t, r, k) = c->n[r][k];
        t->t = (struct sdc_table){t->n_rows, t->n_cols, t->value, t->mark};
        sdc_fill_margins(&t->t);
}

/* A text column that may be NULL. */
static const char *text_or_null(struct stmt *st, int col)
{
        return st_null(st, col) ? NULL : st_text(st, col);
}

static void bind_filter(struct stmt *st, const struct stats_filter *f)
{
        st_bind_int(st, 1, f->from);
        st_bind_int(st, 2, f->to ? f->to : INT32_MAX);
        st_bind_int(st, 3, f->agency);
}

enum {
        T_STATUS,
        T_TRAFFICKING,
        T_EXPLOITATION,
        T_GENDER,
        T_AGE,
        T_CITIZENSHIP,
        T_SOURCE,
        T_AGENCY,
        T_REFERRAL,
        T_SERVICE,
        T_EXPLOITATION_GENDER,
        T_AGE_GENDER,
        T__N
};

static int count_cases(struct db *db, const struct stats_filter *f, struct counter *c)
{
        struct stmt *st = db_prepare(db, STMT_CASE_STATS_CASES);
        if (!st)
                return -1;
        bind_filter(st, f);
        enum store_rc rc;
        while ((rc = st_step(st)) == STORE_ROW) {
                int64_t n = st_int(st, 8);
                const char *gender = text_or_null(st, 3);
                count(&c[T_STATUS], text_or_null(st, 0), NULL, n);
                count(&c[T_TRAFFICKING], text_or_null(st, 1), NULL, n);
                uint64_t types = (uint64_t)st_int(st, 2);
                for (int i = 0; exploitation_types[i]; i++)
                        if (types & (UINT64_C(1) << i)) {
                                count(&c[T_EXPLOITATION], exploitation_types[i], NULL, n);
                                count(&c[T_EXPLOITATION_GENDER], exploitation_types[i], gender, n);
                        }
                count(&c[T_GENDER], gender, NULL, n);
                count(&c[T_AGE], text_or_null(st, 4), NULL, n);
                count(&c[T_AGE_GENDER], text_or_null(st, 4), gender, n);
                count(&c[T_CITIZENSHIP], text_or_null(st, 5), NULL, n);
                count(&c[T_SOURCE], text_or_null(st, 6), NULL, n);
                count(&c[T_AGENCY], text_or_null(st, 7), NULL, n);
        }
        st_reset(st);
        return rc == STORE_DONE ? 0 : -1;
}

static int count_rows(struct db *db, enum stmt_id id, const struct stats_filter *f,
                      struct counter *c)
{
        struct stmt *st = db_prepare(db, id);
        if (!st)
                return -1;
        bind_filter(st, f);
        enum store_rc rc;
        while ((rc = st_step(st)) == STORE_ROW)
                count(c, text_or_null(st, 0), NULL, st_int(st, 1));
        st_reset(st);
        return rc == STORE_DONE ? 0 : -1;
}

/* p, a pointer into from's row or column texts, moved to the same place in to. */
static const char *moved(const char *p, const struct stats_table *from, struct stats_table *to)
{
        const char *lo = (const char *)from->row_text, *hi = lo + sizeof(from->row_text);
        return p >= lo && p < hi ? (const char *)to->row_text + (p - lo) : p;
}

int case_stats_keep(struct case_stats *s, const char *name)
{
        int i = 0;
        while (i < s->n && strcmp(s->table[i].name, name) != 0)
                i++;
        if (i == s->n)
                return -1;
        if (i > 0) {
                struct stats_table *to = &s->table[0];
                const struct stats_table *from = &s->table[i];
                memcpy(to, from, sizeof(*to));
                for (int r = 0; r < to->n_rows; r++)
                        to->row_label[r] = moved(from->row_label[r], from, to);
                for (int c = 0; c < to->n_cols; c++)
                        to->col_label[c] = moved(from->col_label[c], from, to);
                to->t.value = to->value;
                to->t.mark = to->mark;
        }
        s->n = 1;
        return 0;
}

void case_stats_round(struct case_stats *s, int base)
{
        for (int i = 0; i < s->n && base > 1; i++) {
                struct stats_table *t = &s->table[i];
                int np = t->n_rows ? sdc_positions(t->n_rows, t->n_cols) : 0;
                for (int p = 0; p < np; p++)
                        if (t->mark[p] == SDC_PUBLISHED)
                                t->value[p] = (t->value[p] + base / 2) / base * base;
        }
}

/* Every table, or only the one named only (the others neither checked nor protected). */
static int make(struct db *db, const struct stats_filter *f, int k, const char *only,
                struct case_stats *out)
{
        static const char *const none[] = {NULL};
        table_new(out, "status", "status", case_statuses, NULL, NULL, "cases");
        table_new(out, "trafficking_status", "trafficking_status", trafficking_statuses, NULL, NULL,
                  "cases");
        table_new(out, "exploitation_type", "exploitation_type", exploitation_types, NULL, NULL,
                  "mentions");
        table_new(out, "gender", "gender", case_genders, NULL, NULL, "cases");
        table_new(out, "age_band", "age_band", age_bands, NULL, NULL, "cases");
        table_new(out, "citizenship", "citizenship", none, NULL, NULL, "cases");
        table_new(out, "identification_source", "identification_source", identification_sources,
                  NULL, NULL, "cases");
        table_new(out, "agency", "agency", none, NULL, NULL, "cases");
        table_new(out, "referral_outcome", "referral_status", referral_statuses, NULL, NULL,
                  "referrals");
        table_new(out, "service_type", "service_type", service_types, NULL, NULL, "cases");
        table_new(out, "exploitation_type_by_gender", "exploitation_type", exploitation_types,
                  "gender", case_genders, "mentions");
        table_new(out, "age_band_by_gender", "age_band", age_bands, "gender", case_genders,
                  "cases");
        struct counter *cs = calloc(T__N, sizeof(*cs)); /* large: not on a worker's stack */
        if (!cs)
                return -1;
        for (int i = 0; i < T__N; i++)
                cs[i].t = &out->table[i];
        int rc = count_cases(db, f, cs);
        if (rc == 0)
                rc = count_rows(db, STMT_CASE_STATS_REFERRALS, f, &cs[T_REFERRAL]);
        if (rc == 0)
                rc = count_rows(db, STMT_CASE_STATS_SERVICES, f, &cs[T_SERVICE]);
        for (int i = 0; rc == 0 && i < T__N; i++) {
                if (only && strcmp(out->table[i].name, only) != 0)
                        continue;
                if (cs[i].full) {
                        rc = -2;
                        break;
                }
                lay_out(&cs[i]);
                if (out->table[i].n_rows == 0)
                        continue; /* nothing counted: an empty table, total 0 */
                if (sdc_protect(&out->table[i].t, k) < 0)
                        rc = -1;
        }
        free(cs);
        if (rc == 0 && only && case_stats_keep(out, only) < 0)
                rc = -3;
        return rc;
}

int case_stats_make(struct db *db, const struct stats_filter *f, int k, struct case_stats *out)
{
        return make(db, f, k, NULL, out);
}

int case_stats_make_one(struct db *db, const struct stats_filter *f, int k, const char *name,
                        struct case_stats *out)
{
        return make(db, f, k, name, out);
}

/* ---- the anonymised export ---- */

static const char *keep_text(struct anon_record *r, int slot, const char *s)
{
        if (!s)
                return "unknown";
        snprintf(r->text[slot], sizeof(r->text[slot]), "%s", s);
        return r->text[slot];
}

/* An age band as minor or adult ("0-8", "9-17": minor). */
static const char *majority_of(const char *band)
{
        if (!band || strcmp(band, "unknown") == 0)
                return "unknown";
        return strcmp(band, "0-8") == 0 || strcmp(band, "9-17") == 0 ? "minor" : "adult";
}

/* Records ordered by their quasi-identifiers: a group is a run. */
static int group_cmp(const void *x, const void *y)
{
        const struct anon_record *a = *(const struct anon_record *const *)x;
        const struct anon_record *b = *(const struct anon_record *const *)y;
        int c = (a->year > b->year) - (a->year < b->year);
        if (!c)
                c = strcmp(a->gender, b->gender);
        if (!c)
                c = strcmp(a->age_band, b->age_band);
        if (!c)
                c = strcmp(a->citizenship, b->citizenship);
        if (!c)
                c = strcmp(a->exploitation_country, b->exploitation_country);
        if (!c)
                c = strcmp(a->exploitation, b->exploitation);
        return c;
}

/* Sort e->order by group and mark the records of groups under k in small[] (by record index). */
static void mark_small(struct anon_export *e, bool *small, size_t k)
{
        qsort(e->order, e->n, sizeof(struct anon_record *), group_cmp);
        for (size_t i = 0; i < e->n;) {
                size_t j = i + 1;
                while (j < e->n && group_cmp(&e->order[i], &e->order[j]) == 0)
                        j++;
                for (size_t m = i; m < j; m++)
                        small[e->order[m] - e->rec] = j - i < k;
                i = j;
        }
}

int anon_export_make(struct db *db, const struct stats_filter *f, int k, struct anon_export *out)
{
        memset(out, 0, sizeof(*out));
        struct stmt *st = db_prepare(db, STMT_CASE_ANON_RECORDS);
        if (!st)
                return -1;
        bind_filter(st, f);
        enum store_rc rc;
        while ((rc = st_step(st)) == STORE_ROW) {
                if (out->n == out->cap) {
                        size_t cap = out->cap ? out->cap * 2 : 256;
                        struct anon_record *p = realloc(out->rec, cap * sizeof(*p));
                        if (!p) {
                                st_reset(st);
                                anon_free(out);
                                return -1;
                        }
                        out->rec = p;
                        out->cap = cap;
                }
                struct anon_record *r = &out->rec[out->n++];
                memset(r, 0, sizeof(*r));
                int32_t day = (int32_t)st_int(st, 0);
                int y;
                unsigned m, d;
                civil_from_days(day, &y, &m, &d);
                r->year = y;
                /* Value-set names: the set's own strings, so nothing read is cut. */
                const char *gender = text_or_null(st, 1);
                r->gender = "unknown";
                for (int i = 0; gender && case_genders[i]; i++)
                        if (strcmp(gender, case_genders[i]) == 0)
                                r->gender = case_genders[i];
                const char *band = text_or_null(st, 2);
                r->age_band = band ? band : "unknown";
                for (int i = 0; age_bands[i]; i++)
                        if (band && strcmp(band, age_bands[i]) == 0)
                                r->age_band = age_bands[i];
                r->majority = majority_of(r->age_band);
                r->citizenship = keep_text(r, 1, text_or_null(st, 3));
                r->exploitation_country = keep_text(r, 2, text_or_null(st, 4));
                uint64_t types = (uint64_t)st_int(st, 5);
                size_t len = 0;
                for (int i = 0; exploitation_types[i]; i++)
                        if (types & (UINT64_C(1) << i))
                                len += (size_t)snprintf(r->exploitation + len,
                                                        sizeof(r->exploitation) - len, "%s%s",
                                                        len ? ";" : "", exploitation_types[i]);
        }
        st_reset(st);
        if (rc != STORE_DONE) {
                anon_free(out);
                return -1;
        }
        /* Generalise the records of small groups once, then drop what is still small. */
        bool *small = calloc(out->n ? out->n : 1, sizeof(bool));
        out->order = calloc(out->n ? out->n : 1, sizeof(struct anon_record *));
        if (!small || !out->order) {
                free(small);
                anon_free(out);
                return -1;
        }
        for (size_t i = 0; i < out->n; i++)
                out->order[i] = &out->rec[i];
        mark_small(out, small, (size_t)k);
        for (size_t i = 0; i < out->n; i++)
                if (small[i]) {
                        struct anon_record *r = &out->rec[i];
                        r->age_band = r->majority;
                        r->citizenship = "unknown";
                        r->exploitation_country = "unknown";
                        r->generalised = true;
                }
        mark_small(out, small, (size_t)k);
        for (size_t i = 0; i < out->n; i++) {
                out->rec[i].dropped = small[i];
                if (small[i])
                        out->dropped++;
                else if (out->rec[i].generalised)
                        out->generalised++;
        }
        free(small);
        out->kept = out->n - out->dropped;
        return 0;
}

void anon_free(struct anon_export *e)
{
        free(e->order);
        free(e->rec);
        memset(e, 0, sizeof(*e));
}

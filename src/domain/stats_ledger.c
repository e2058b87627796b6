/* The release ledger of case statistics; see domain/stats_ledger.h. */
#include "domain/stats_ledger.h"

#include "core/util.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NP_MAX ((SDC_MAX_ROWS + 1) * (SDC_MAX_COLS + 1))

/* One table of an earlier release laid out over the new table's labels. */
struct earlier {
        int64_t value[NP_MAX];
        enum sdc_mark mark[NP_MAX];
        struct sdc_table t;
};

static int label_index(json_t *labels, const char *label)
{
        size_t i;
        json_t *v;
        json_array_foreach(labels, i, v) if (json_is_string(v) && strcmp(json_string_value(v),
                                                                         label) == 0) return (int)i;
        return -1;
}

/*
 * Lay the stored table o out over t's labels: 0 when it could, -1 when the
 * stored table is malformed or of another kind.  Labels the earlier release
 * had no row for are published zeros there.
 */
static int align(const struct stats_table *t, json_t *o, struct earlier *e)
{
        json_t *rows = json_object_get(o, "rows"), *cols = json_object_get(o, "cols");
        json_t *value = json_object_get(o, "value"), *mark = json_object_get(o, "mark");
        bool two_way = t->cols_name != NULL;
        if (!json_is_array(rows) || !json_is_array(value) || !json_is_array(mark) ||
            two_way != json_is_array(cols))
                return -1;
        int orows = (int)json_array_size(rows);
        int ocols = two_way ? (int)json_array_size(cols) : 1;
        e->t = (struct sdc_table){t->n_rows, t->n_cols, e->value, e->mark};
        int np = sdc_positions(t->n_rows, t->n_cols);
        for (int p = 0; p < np; p++) {
                e->value[p] = 0;
                e->mark[p] = SDC_PUBLISHED;
        }
        if (orows == 0 && json_array_size(value) == 0)
                return 0; /* nothing was counted then: every count a published zero */
        if (orows > SDC_MAX_ROWS || ocols < 1 || ocols > SDC_MAX_COLS ||
            json_array_size(value) != (size_t)sdc_positions(orows, ocols) ||
            json_array_size(mark) != json_array_size(value))
                return -1;
        int last_col = two_way ? t->n_cols : 0; /* a one-way table: one column, no row totals */
        for (int r = 0; r <= t->n_rows; r++) {
                int orow = r == t->n_rows ? orows : label_index(rows, t->row_label[r]);
                for (int c = 0; c <= last_col; c++) {
                        int ocol = !two_way         ? 0
                                   : c == t->n_cols ? ocols
                                                    : label_index(cols, t->col_label[c]);
                        if (orow < 0 || ocol < 0)
                                continue;
                        int op = two_way ? orow * (ocols + 1) + ocol : orow;
                        int p = two_way ? r * (t->n_cols + 1) + c : r;
                        json_t *v = json_array_get(value, (size_t)op);
                        json_t *m = json_array_get(mark, (size_t)op);
                        if (!json_is_integer(v) || !json_is_integer(m))
                                return -1;
                        e->value[p] = json_integer_value(v);
                        e->mark[p] =
                            json_integer_value(m) == SDC_PUBLISHED ? SDC_PUBLISHED : SDC_SECONDARY;
                }
        }
        return 0;
}

static int suppressed_of(const struct stats_table *t)
{
        int n = 0, np = sdc_positions(t->n_rows, t->n_cols);
        for (int p = 0; p < np && t->n_rows; p++)
                n += t->mark[p] != SDC_PUBLISHED;
        return n;
}

/* Protect t against one earlier table; 0, or -1 on error. */
static int against(struct stats_table *t, json_t *o, bool inside, int k, int k_then)
{
        struct earlier *e = malloc(sizeof(*e));
        if (!e)
                return -1;
        int kk = k_then < k ? k_then : k; /* an earlier release under a smaller k is held to it */
        int rc = align(t, o, e) < 0 ? -1 : sdc_protect_pair(&t->t, &e->t, inside, kk);
        if (rc == 0 && kk < k)
                rc = sdc_protect_more(&t->t, k);
        free(e);
        return rc;
}

int ledger_protect(struct db *db, const struct stats_filter *f, int k, struct case_stats *s,
                   int *compared, int *added)
{
        *compared = *added = 0;
        int before = 0;
        for (int i = 0; i < s->n; i++)
                before += suppressed_of(&s->table[i]);
        struct stmt *st = db_prepare(db, STMT_STATS_RELEASES_NESTED);
        if (!st)
                return -1;
        st_bind_int(st, 1, f->from);
        st_bind_int(st, 2, f->to ? f->to : INT32_MAX);
        st_bind_int(st, 3, f->agency);
        st_bind_int(st, 4, LEDGER_MAX_COMPARED);
        enum store_rc got;
        int rc = 0;
        while (rc == 0 && (got = st_step(st)) == STORE_ROW) {
                int k_then = (int)st_int(st, 1);
                bool inside = st_int(st, 3) != 0;
                json_t *tables = json_loads(st_text(st, 2), 0, NULL);
                if (!json_is_array(tables) || k_then < 2) {
                        json_decref(tables);
                        rc = -1;
                        break;
                }
                (*compared)++;
                for (int i = 0; i < s->n && rc == 0; i++) {
                        struct stats_table *t = &s->table[i];
                        if (!t->n_rows)
                                continue;
                        size_t j;
                        json_t *o;
                        json_array_foreach(tables, j, o)
                        {
                                const char *name = json_string_value(json_object_get(o, "name"));
                                if (name && strcmp(name, t->name) == 0) {
                                        rc = against(t, o, inside, k, k_then);
                                        break;
                                }
                        }
                }
                json_decref(tables);
        }
        st_reset(st);
        if (rc == 0 && got != STORE_DONE)
                rc = -1;
        int after = 0;
        for (int i = 0; i < s->n; i++)
                after += suppressed_of(&s->table[i]);
        *added = after - before;
        return rc;
}

static json_t *table_record(const struct stats_table *t)
{
        json_t *rows = json_array(), *value = json_array(), *mark = json_array();
        json_t *cols = t->cols_name ? json_array() : json_null();
        for (int r = 0; r < t->n_rows; r++)
                json_array_append_new(rows, json_string(t->row_label[r]));
        for (int c = 0; t->cols_name && c < t->n_cols; c++)
                json_array_append_new(cols, json_string(t->col_label[c]));
        int np = t->n_rows ? sdc_positions(t->n_rows, t->n_cols) : 0;
        for (int p = 0; p < np; p++) {
                json_array_append_new(value, json_integer(t->value[p]));
                json_array_append_new(mark, json_integer(t->mark[p]));
        }
        return json_pack("{s:s, s:o, s:o, s:o, s:o}", "name", t->name, "rows", rows, "cols", cols,
                         "value", value, "mark", mark);
}

int ledger_record(struct db *db, int64_t user_id, const char *via, const struct stats_filter *f,
                  int k, const struct case_stats *s, int64_t *id)
{
        json_t *all = json_array();
        int suppressed = 0;
        for (int i = 0; i < s->n; i++) {
                json_array_append_new(all, table_record(&s->table[i]));
                suppressed += suppressed_of(&s->table[i]);
        }
        char *text = json_dumps(all, JSON_COMPACT);
        json_decref(all);
        if (!text)
                return -1;
        char head[160];
        snprintf(head, sizeof(head), "%d|%d|%lld|%d|%s|%lld|", (int)f->from, (int)f->to,
                 (long long)f->agency, k, via, (long long)user_id);
        unsigned char h[32];
        crypto_generichash_state g;
        crypto_generichash_init(&g, NULL, 0, sizeof(h));
        crypto_generichash_update(&g, (const unsigned char *)head, strlen(head));
        crypto_generichash_update(&g, (const unsigned char *)text, strlen(text));
        crypto_generichash_final(&g, h, sizeof(h));
        char digest[65];
        sodium_bin2hex(digest, sizeof(digest), h, sizeof(h));
        struct stmt *st = db_prepare(db, STMT_STATS_RELEASE_ADD);
        int rc = -1;
        if (st) {
                st_bind_int(st, 1, now_seconds());
                st_bind_int(st, 2, user_id);
                st_bind_text(st, 3, via);
                st_bind_int(st, 4, f->from);
                st_bind_int(st, 5, f->to);
                st_bind_int(st, 6, f->agency);
                st_bind_int(st, 7, k);
                st_bind_int(st, 8, suppressed);
                st_bind_text(st, 9, digest);
                st_bind_text(st, 10, text);
                if (st_step(st) == STORE_ROW) {
                        *id = st_int(st, 0);
                        rc = 0;
                }
                st_reset(st);
        }
        free(text);
        return rc;
}

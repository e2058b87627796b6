/* The release ledger of case statistics; see domain/stats_ledger.h. */
#include "domain/stats_ledger.h"

#include "audit/audit.h"
#include "core/util.h"

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

static int index_of(const char *const *labels, int n, const char *label)
{
        for (int i = 0; i < n; i++)
                if (strcmp(labels[i], label) == 0)
                        return i;
        return -1;
}

/* The position in t of the count labelled (row, col), NULL a total; -1 when t has no such label. */
static int position_of(const struct stats_table *t, const char *row, const char *col)
{
        int r = row ? index_of(t->row_label, t->n_rows, row) : t->n_rows;
        if (!t->cols_name)
                return col ? -1 : r;
        int c = col ? index_of(t->col_label, t->n_cols, col) : t->n_cols;
        return r < 0 || c < 0 ? -1 : r * (t->n_cols + 1) + c;
}

/* The labels of position (r, c) of t: NULL for a total. */
static void labels_of(const struct stats_table *t, int r, int c, const char **row, const char **col)
{
        *row = r < t->n_rows ? t->row_label[r] : NULL;
        *col = t->cols_name && c < t->n_cols ? t->col_label[c] : NULL;
}

static int suppressed_of(const struct stats_table *t)
{
        int n = 0, np = sdc_positions(t->n_rows, t->n_cols);
        for (int p = 0; p < np && t->n_rows; p++)
                n += t->mark[p] != SDC_PUBLISHED;
        return n;
}

/* Protect t against one earlier table e; 0, or -1 on error. */
static int against(struct stats_table *t, const struct earlier *e, bool inside, int k, int k_then)
{
        int kk = k_then < k ? k_then : k; /* an earlier release under a smaller k is held to it */
        int rc = sdc_protect_pair(&t->t, &e->t, inside, kk);
        if (rc == 0 && kk < k)
                rc = sdc_protect_more(&t->t, k);
        return rc;
}

/*
 * Lay release id's counts out over the tables of s (e[i] for table i): every
 * count a published zero unless the release counted it; labels the new
 * tables lack are left out.  0, or -1 on a store error.
 */
static int load_earlier(struct db *db, int64_t id, const struct case_stats *s, struct earlier *e)
{
        for (int i = 0; i < s->n; i++) {
                const struct stats_table *t = &s->table[i];
                e[i].t = (struct sdc_table){t->n_rows, t->n_cols, e[i].value, e[i].mark};
                int np = t->n_rows ? sdc_positions(t->n_rows, t->n_cols) : 0;
                for (int p = 0; p < np; p++) {
                        e[i].value[p] = 0;
                        e[i].mark[p] = SDC_PUBLISHED;
                }
        }
        struct stmt *st = db_prepare(db, STMT_STATS_RELEASE_COUNTS);
        if (!st)
                return -1;
        st_bind_int(st, 1, id);
        enum store_rc rc;
        while ((rc = st_step(st)) == STORE_ROW) {
                const char *name = st_text(st, 0);
                const char *row = st_null(st, 1) ? NULL : st_text(st, 1);
                const char *col = st_null(st, 2) ? NULL : st_text(st, 2);
                for (int i = 0; i < s->n; i++) {
                        const struct stats_table *t = &s->table[i];
                        if (!t->n_rows || strcmp(t->name, name) != 0)
                                continue;
                        int p = position_of(t, row, col);
                        if (p >= 0) {
                                e[i].value[p] = st_int(st, 3);
                                e[i].mark[p] = st_int(st, 4) ? SDC_SECONDARY : SDC_PUBLISHED;
                        }
                        break;
                }
        }
        st_reset(st);
        return rc == STORE_DONE ? 0 : -1;
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
        struct earlier *e = malloc(sizeof(*e) * (size_t)s->n);
        enum store_rc got = STORE_ERROR;
        int rc = e ? 0 : -1;
        while (rc == 0 && (got = st_step(st)) == STORE_ROW) {
                int64_t id = st_int(st, 0);
                int k_then = (int)st_int(st, 1);
                bool inside = st_int(st, 2) != 0;
                if (k_then < 2 || load_earlier(db, id, s, e) < 0) {
                        rc = -1;
                        break;
                }
                (*compared)++;
                for (int i = 0; i < s->n && rc == 0; i++)
                        if (s->table[i].n_rows)
                                rc = against(&s->table[i], &e[i], inside, k, k_then);
        }
        free(e);
        st_reset(st);
        if (rc == 0 && got != STORE_DONE)
                rc = -1;
        int after = 0;
        for (int i = 0; i < s->n; i++)
                after += suppressed_of(&s->table[i]);
        *added = after - before;
        return rc;
}

/* Every count of t into release id but the published zeros (absent means that); 0, or -1. */
static int record_table(struct db *db, int64_t id, const struct stats_table *t)
{
        int last_col = t->cols_name ? t->n_cols : 0;
        for (int r = 0; r <= t->n_rows && t->n_rows; r++)
                for (int c = 0; c <= last_col; c++) {
                        const char *row, *col;
                        labels_of(t, r, c, &row, &col);
                        int p = position_of(t, row, col);
                        if (p < 0)
                                return -1;
                        if (t->value[p] == 0 && t->mark[p] == SDC_PUBLISHED)
                                continue;
                        struct stmt *st = db_prepare(db, STMT_STATS_RELEASE_COUNT_ADD);
                        if (!st)
                                return -1;
                        st_bind_int(st, 1, id);
                        st_bind_text(st, 2, t->name);
                        st_bind_text(st, 3, row);
                        st_bind_text(st, 4, col);
                        st_bind_int(st, 5, t->value[p]);
                        st_bind_int(st, 6, t->mark[p] != SDC_PUBLISHED);
                        if (st_exec(st) != STORE_DONE)
                                return -1;
                }
        return 0;
}

/* Run statement sid on one id (and a time); 0, or -1. */
static int exec_id(struct db *db, enum stmt_id sid, int64_t id, int64_t when)
{
        struct stmt *st = db_prepare(db, sid);
        if (!st)
                return -1;
        st_bind_int(st, 1, id);
        if (sid == STMT_STATS_RELEASE_AGAIN)
                st_bind_int(st, 2, when);
        return st_exec(st) == STORE_DONE ? 0 : -1;
}

int ledger_record(struct db *db, int64_t user_id, const char *via, const struct stats_filter *f,
                  int k, const struct case_stats *s, int64_t *id)
{
        int suppressed = 0;
        for (int i = 0; i < s->n; i++)
                suppressed += suppressed_of(&s->table[i]);
        int64_t now = now_seconds(), made = 0;
        struct stmt *st = db_prepare(db, STMT_STATS_RELEASE_ADD);
        if (!st)
                return -1;
        st_bind_int(st, 1, now);
        st_bind_int(st, 2, user_id);
        st_bind_text(st, 3, via);
        st_bind_int(st, 4, f->from);
        st_bind_int(st, 5, f->to);
        st_bind_int(st, 6, f->agency);
        st_bind_int(st, 7, k);
        st_bind_int(st, 8, suppressed);
        if (st_insert(st, &made) != STORE_DONE)
                return -1;
        for (int i = 0; i < s->n; i++)
                if (record_table(db, made, &s->table[i]) < 0)
                        return -1;
        /* The same release made again: one row, counted once more. */
        st = db_prepare(db, STMT_STATS_RELEASE_SAME);
        if (!st)
                return -1;
        st_bind_int(st, 1, made);
        enum store_rc rc = st_step(st);
        int64_t same = rc == STORE_ROW ? st_int(st, 0) : 0;
        st_reset(st);
        if (rc != STORE_ROW && rc != STORE_DONE)
                return -1;
        if (same && (exec_id(db, STMT_STATS_RELEASE_FORGET_COUNTS, made, 0) < 0 ||
                     exec_id(db, STMT_STATS_RELEASE_FORGET, made, 0) < 0 ||
                     exec_id(db, STMT_STATS_RELEASE_AGAIN, same, now) < 0))
                return -1;
        *id = same ? same : made;
        return 0;
}

int stats_release_make(struct db *db, const struct stats_filter *f, int k, int round_base,
                       const char *only, int64_t user_id, const char *via, const char *request_id,
                       struct case_stats *s, struct stats_release *out)
{
        *out = (struct stats_release){0};
        int rc = only ? case_stats_make_one(db, f, k, only, s) : case_stats_make(db, f, k, s);
        if (rc == -3)
                return -4;
        if (rc < 0)
                return rc;
        if (ledger_protect(db, f, k, s, &out->compared, &out->added) < 0)
                return -3;
        if (via) {
                if (ledger_record(db, user_id, via, f, k, s, &out->id) < 0)
                        return -3;
                struct audit_entry e = {.actor_id = user_id,
                                        .action = "case.statistics_release",
                                        .object_type = "stats_release",
                                        .object_id = out->id,
                                        .outcome = "ok",
                                        .request_id = request_id ? request_id : ""};
                if (audit_append(db, &e) != STORE_OK)
                        return -3;
        }
        case_stats_round(s, round_base);
        return 0;
}

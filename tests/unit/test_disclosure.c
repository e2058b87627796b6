/*
 * Disclosure control (domain/disclosure.h), checked from the attacker's side
 * by a method that shares nothing with the one under test: for small tables,
 * every non-negative whole-number table agreeing with what was published is
 * enumerated, and each suppressed count's range over them must be at least
 * k - 1 wide.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/disclosure.h"

#define MAXP ((SDC_MAX_ROWS + 1) * (SDC_MAX_COLS + 1))

struct fixture {
        struct sdc_table t;
        int64_t value[MAXP];
        enum sdc_mark mark[MAXP];
};

static void load(struct fixture *f, int rows, int cols, const int64_t *cells)
{
        memset(f, 0, sizeof(*f));
        f->t = (struct sdc_table){rows, cols, f->value, f->mark};
        for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                        f->value[sdc_cell(&f->t, r, c)] = cells[r * cols + c];
        sdc_fill_margins(&f->t);
}

/* ---- the attacker: exhaustive enumeration of consistent tables ---- */

struct attack {
        const struct sdc_table *t;
        int unknown[MAXP]; /* inner suppressed positions */
        int n;
        int64_t bound; /* each unknown cell is at most this */
        int64_t trial[MAXP];
        int64_t lo[MAXP], hi[MAXP];
        long consistent;
};

static int published_agrees(struct attack *a)
{
        const struct sdc_table *t = a->t;
        /* Margins of the trial table against every published position. */
        int64_t grand = 0, col[SDC_MAX_COLS] = {0};
        for (int r = 0; r < t->rows; r++) {
                int64_t row = 0;
                for (int c = 0; c < t->cols; c++) {
                        int64_t v = a->trial[sdc_cell(t, r, c)];
                        row += v;
                        col[c] += v;
                }
                a->trial[sdc_row_total(t, r)] = row;
                grand += row;
        }
        if (t->cols > 1)
                for (int c = 0; c < t->cols; c++)
                        a->trial[sdc_col_total(t, c)] = col[c];
        a->trial[sdc_grand_total(t)] = grand;
        int np = sdc_positions(t->rows, t->cols);
        for (int p = 0; p < np; p++)
                if (t->mark[p] == SDC_PUBLISHED && a->trial[p] != t->value[p])
                        return 0;
        return 1;
}

/*
 * Whether the cells known so far (published, or unknowns 0..i) can still meet
 * the published totals: 1 yes, 0 not with this value, -1 not with this value
 * or any larger one.
 */
static int partial_ok(struct attack *a, int i)
{
        const struct sdc_table *t = a->t;
        int p = a->unknown[i];
        int r = t->cols == 1 ? p : p / (t->cols + 1), c = t->cols == 1 ? 0 : p % (t->cols + 1);
        bool row_done = true, col_done = true;
        for (int j = i + 1; j < a->n; j++) {
                int q = a->unknown[j];
                int qr = t->cols == 1 ? q : q / (t->cols + 1),
                    qc = t->cols == 1 ? 0 : q % (t->cols + 1);
                row_done &= qr != r;
                col_done &= qc != c;
        }
        if (t->cols > 1) {
                int64_t row = 0, col = 0;
                for (int k = 0; k < t->cols; k++) {
                        int q = sdc_cell(t, r, k);
                        if (t->mark[q] == SDC_PUBLISHED || q <= p || row_done)
                                row += a->trial[q];
                }
                for (int k = 0; k < t->rows; k++) {
                        int q = sdc_cell(t, k, c);
                        if (t->mark[q] == SDC_PUBLISHED || q <= p || col_done)
                                col += a->trial[q];
                }
                int rt = sdc_row_total(t, r), ct = sdc_col_total(t, c);
                if ((t->mark[rt] == SDC_PUBLISHED && row > t->value[rt]) ||
                    (t->mark[ct] == SDC_PUBLISHED && col > t->value[ct]))
                        return -1;
                if ((t->mark[rt] == SDC_PUBLISHED && row_done && row != t->value[rt]) ||
                    (t->mark[ct] == SDC_PUBLISHED && col_done && col != t->value[ct]))
                        return 0;
        }
        return 1;
}

static void enumerate(struct attack *a, int i)
{
        if (i == a->n) {
                if (!published_agrees(a))
                        return;
                a->consistent++;
                int np = sdc_positions(a->t->rows, a->t->cols);
                for (int p = 0; p < np; p++) {
                        if (a->trial[p] < a->lo[p])
                                a->lo[p] = a->trial[p];
                        if (a->trial[p] > a->hi[p])
                                a->hi[p] = a->trial[p];
                }
                return;
        }
        for (int64_t v = 0; v <= a->bound; v++) {
                a->trial[a->unknown[i]] = v;
                int ok = partial_ok(a, i);
                if (ok < 0)
                        break;
                if (ok)
                        enumerate(a, i + 1);
        }
}

/* Every suppressed position ranges over at least k - 1 among the consistent tables. */
static void attacker_check(const struct sdc_table *t, int k)
{
        struct attack a = {.t = t};
        int np = sdc_positions(t->rows, t->cols);
        for (int r = 0; r < t->rows; r++)
                for (int c = 0; c < t->cols; c++) {
                        int p = sdc_cell(t, r, c);
                        if (t->mark[p] == SDC_PUBLISHED)
                                a.trial[p] = t->value[p];
                        else
                                a.unknown[a.n++] = p;
                }
        /* No count exceeds the grand total; an unpublished grand total: a generous bound. */
        a.bound = t->mark[sdc_grand_total(t)] == SDC_PUBLISHED ? t->value[sdc_grand_total(t)]
                                                               : t->value[sdc_grand_total(t)] + k;
        for (int p = 0; p < np; p++) {
                a.lo[p] = INT64_MAX;
                a.hi[p] = INT64_MIN;
        }
        enumerate(&a, 0);
        assert_true(a.consistent >= 1); /* the true table itself */
        for (int p = 0; p < np; p++) {
                if (t->mark[p] == SDC_PUBLISHED)
                        continue;
                if (a.hi[p] - a.lo[p] < k - 1)
                        fail_msg("position %d (true %lld) is narrowed to [%lld, %lld], k = %d", p,
                                 (long long)t->value[p], (long long)a.lo[p], (long long)a.hi[p], k);
        }
}

static int suppressed(const struct fixture *f)
{
        int n = 0, np = sdc_positions(f->t.rows, f->t.cols);
        for (int p = 0; p < np; p++)
                n += f->mark[p] != SDC_PUBLISHED;
        return n;
}

static void protect_and_attack(struct fixture *f, int k)
{
        assert_int_equal(sdc_protect(&f->t, k), 0);
        assert_int_equal(sdc_check(&f->t, k), 1);
        attacker_check(&f->t, k);
}

/* ---- cases ---- */

static void test_nothing_small_nothing_hidden(void **state)
{
        (void)state;
        struct fixture f;
        const int64_t cells[] = {10, 0, 7, 12, 9, 30};
        load(&f, 2, 3, cells);
        protect_and_attack(&f, 5);
        assert_int_equal(suppressed(&f), 0);
}

static void test_single_small_cell_needs_a_rectangle(void **state)
{
        (void)state;
        struct fixture f;
        const int64_t cells[] = {2, 10, 11, 12, 9, 30, 7, 8, 20};
        load(&f, 3, 3, cells);
        protect_and_attack(&f, 5);
        assert_int_equal(f.mark[sdc_cell(&f.t, 0, 0)], SDC_PRIMARY);
        /* Its row and its column each need a second suppressed cell, and they a fourth. */
        assert_true(suppressed(&f) >= 4);
        double lo, hi;
        assert_int_equal(sdc_interval(&f.t, sdc_cell(&f.t, 0, 0), &lo, &hi), 0);
        assert_true(hi < 0 || hi - lo >= 4);
}

static void test_two_singletons_in_a_row(void **state)
{
        (void)state;
        struct fixture f;
        /* 1 + 1 = 2: each is at most 2 unless more is hidden. */
        const int64_t cells[] = {1, 1, 20, 9, 8, 7};
        load(&f, 2, 3, cells);
        protect_and_attack(&f, 5);
        assert_true(suppressed(&f) >= 3);
}

static void test_three_singletons_in_a_row(void **state)
{
        (void)state;
        struct fixture f;
        /* 1 + 1 + 1 = 3 beside a 12: the three alone would be known to be 0..3 each. */
        const int64_t cells[] = {1, 1, 1, 12, 9, 8, 7, 6};
        load(&f, 2, 4, cells);
        protect_and_attack(&f, 5);
        assert_int_equal(f.mark[sdc_cell(&f.t, 0, 3)], SDC_SECONDARY);
}

static void test_zeros_deducible_from_non_negativity(void **state)
{
        (void)state;
        struct fixture f;
        /* A row of 3, 0, 0: its total alone says the 3 unless the total goes too. */
        const int64_t cells[] = {3, 0, 0, 6, 7, 9, 8, 10, 6};
        load(&f, 3, 3, cells);
        protect_and_attack(&f, 5);
        assert_int_equal(f.mark[sdc_row_total(&f.t, 0)], SDC_PRIMARY);
}

static void test_one_way_table(void **state)
{
        (void)state;
        struct fixture f;
        const int64_t cells[] = {3, 0, 10, 25};
        load(&f, 4, 1, cells);
        protect_and_attack(&f, 5);
        assert_int_equal(f.mark[0], SDC_PRIMARY);
        /* The 0 cannot help (non-negativity): the next smallest count goes. */
        assert_int_equal(f.mark[2], SDC_SECONDARY);
        assert_int_equal(f.mark[1], SDC_PUBLISHED);
}

static void test_small_total(void **state)
{
        (void)state;
        struct fixture f;
        const int64_t cells[] = {1, 2, 0, 1};
        load(&f, 2, 2, cells);
        protect_and_attack(&f, 5);
        assert_int_equal(f.mark[sdc_grand_total(&f.t)], SDC_PRIMARY);
}

static void test_ctdc_threshold(void **state)
{
        (void)state;
        struct fixture f;
        const int64_t cells[] = {12, 3, 15, 40, 11, 2};
        load(&f, 2, 3, cells);
        protect_and_attack(&f, 11);
        assert_true(suppressed(&f) >= 4);
}

/* 1,000 random small tables (one- and two-way) with many small counts, every one attacked. */
static void test_random_tables(void **state)
{
        (void)state;
        unsigned seed = 20261203;
        for (int round = 0; round < 1000; round++) {
                int rows = 1 + (int)(rand_r(&seed) % 3), cols = 1 + (int)(rand_r(&seed) % 3);
                int64_t cells[9];
                for (int i = 0; i < rows * cols; i++) {
                        unsigned u = (unsigned)rand_r(&seed) % 10;
                        cells[i] = u < 3   ? 0
                                   : u < 7 ? (int64_t)(1 + rand_r(&seed) % 4)
                                           : (int64_t)(5 + rand_r(&seed) % 4);
                }
                struct fixture f;
                load(&f, rows, cols, cells);
                protect_and_attack(&f, rows * cols > 6 ? 3 : 5);
        }
}

/* The check itself sees through primary suppression alone. */
static void test_primary_alone_is_seen_through(void **state)
{
        (void)state;
        struct fixture f;
        const int64_t cells[] = {2, 10, 11, 12, 9, 30};
        load(&f, 2, 3, cells);
        f.mark[sdc_cell(&f.t, 0, 0)] = SDC_PRIMARY;
        assert_int_equal(sdc_check(&f.t, 5), 0);
        double lo, hi;
        assert_int_equal(sdc_interval(&f.t, sdc_cell(&f.t, 0, 0), &lo, &hi), 0);
        assert_true(lo > 1.999 && lo < 2.001 && hi > 1.999 && hi < 2.001);
}

static void test_refusals(void **state)
{
        (void)state;
        struct fixture f;
        const int64_t cells[] = {1};
        load(&f, 1, 1, cells);
        assert_int_equal(sdc_protect(&f.t, 1), -1);
        f.t.rows = SDC_MAX_ROWS + 1;
        assert_int_equal(sdc_protect(&f.t, 5), -1);
}

/* ---- two releases of nested populations (the release ledger) ---- */

/*
 * The attacker of two one-way releases, by enumeration: every pair of
 * non-negative tables (big, small) agreeing with both publications and with
 * big >= small at every row; each suppressed count of either, and each
 * difference that truly is 1 to k - 1, must range over at least k - 1.
 */
struct pair_attack {
        const struct sdc_table *t[2]; /* big, small */
        int64_t bound, trial[2][SDC_MAX_ROWS + 1];
        int64_t lo[3][SDC_MAX_ROWS + 1], hi[3][SDC_MAX_ROWS + 1];
        long consistent;
};

static void pair_note(struct pair_attack *a)
{
        const struct sdc_table *b = a->t[0];
        for (int w = 0; w < 2; w++) {
                int64_t sum = 0;
                for (int r = 0; r < b->rows; r++)
                        sum += a->trial[w][r];
                a->trial[w][b->rows] = sum;
                if (a->t[w]->mark[b->rows] == SDC_PUBLISHED && a->t[w]->value[b->rows] != sum)
                        return;
        }
        a->consistent++;
        for (int p = 0; p <= b->rows; p++) {
                int64_t v[3] = {a->trial[0][p], a->trial[1][p], a->trial[0][p] - a->trial[1][p]};
                for (int i = 0; i < 3; i++) {
                        a->lo[i][p] = v[i] < a->lo[i][p] ? v[i] : a->lo[i][p];
                        a->hi[i][p] = v[i] > a->hi[i][p] ? v[i] : a->hi[i][p];
                }
        }
}

/* Cells in order: big's row r, then small's row r (never above big's). */
static void pair_enumerate(struct pair_attack *a, int i)
{
        const struct sdc_table *b = a->t[0];
        if (i == 2 * b->rows) {
                pair_note(a);
                return;
        }
        int w = i % 2, r = i / 2;
        const struct sdc_table *t = a->t[w];
        int64_t top = w ? a->trial[0][r] : a->bound;
        if (t->mark[r] == SDC_PUBLISHED) {
                a->trial[w][r] = t->value[r];
                if (t->value[r] <= top)
                        pair_enumerate(a, i + 1);
                return;
        }
        for (int64_t v = 0; v <= top; v++) {
                a->trial[w][r] = v;
                pair_enumerate(a, i + 1);
        }
}

static void pair_attacker_check(const struct sdc_table *big, const struct sdc_table *small, int k)
{
        struct pair_attack a = {.t = {big, small}};
        int rows = big->rows;
        a.bound = big->mark[rows] == SDC_PUBLISHED ? big->value[rows] : big->value[rows] + k;
        for (int i = 0; i < 3; i++)
                for (int p = 0; p <= rows; p++) {
                        a.lo[i][p] = INT64_MAX;
                        a.hi[i][p] = INT64_MIN;
                }
        pair_enumerate(&a, 0);
        assert_true(a.consistent >= 1);
        for (int p = 0; p <= rows; p++) {
                int64_t d = big->value[p] - small->value[p];
                for (int i = 0; i < 3; i++) {
                        bool hidden =
                            i == 2 ? d >= 1 && d <= k - 1
                                   : a.t[i]->mark[p] != SDC_PUBLISHED && a.t[i]->value[p] != 0;
                        if (hidden && a.hi[i][p] - a.lo[i][p] < k - 1)
                                fail_msg("%s at %d (true %lld) narrowed to [%lld, %lld], k = %d",
                                         i == 0   ? "big"
                                         : i == 1 ? "small"
                                                  : "difference",
                                         p, (long long)(i == 2 ? d : a.t[i]->value[p]),
                                         (long long)a.lo[i][p], (long long)a.hi[i][p], k);
                }
        }
}

/* Jan-Jun: 30 women, 40 men; Jan-Jul: 31 and 40.  One woman in July, unless the ledger acts. */
static void test_ledger_difference_of_one(void **state)
{
        (void)state;
        struct fixture before, after;
        const int64_t jun[] = {30, 40}, jul[] = {31, 40};
        load(&before, 2, 1, jun);
        load(&after, 2, 1, jul);
        assert_int_equal(sdc_protect(&before.t, 5), 0);
        assert_int_equal(sdc_protect(&after.t, 5), 0);
        assert_int_equal(suppressed(&after), 0); /* alone, nothing is small */
        int where = -1;
        assert_int_equal(sdc_pair_check(&after.t, &before.t, 5, &where), 0);
        assert_int_equal(where, 0);
        assert_int_equal(sdc_protect_pair(&after.t, &before.t, true, 5), 0);
        assert_int_not_equal(after.mark[0], SDC_PUBLISHED);
        assert_int_equal(sdc_pair_check(&after.t, &before.t, 5, &where), 1);
        assert_int_equal(sdc_check(&after.t, 5), 1);
        pair_attacker_check(&after.t, &before.t, 5);
}

/* The newer release is the smaller population: all time first, then one period. */
static void test_ledger_newer_inside_earlier(void **state)
{
        (void)state;
        struct fixture all, part;
        const int64_t a[] = {12, 20, 9}, p[] = {12, 17, 9};
        load(&all, 3, 1, a);
        load(&part, 3, 1, p);
        assert_int_equal(sdc_protect(&all.t, 5), 0);
        assert_int_equal(sdc_protect(&part.t, 5), 0);
        int where = -1;
        assert_int_equal(sdc_pair_check(&all.t, &part.t, 5, &where), 0);
        assert_int_equal(sdc_protect_pair(&part.t, &all.t, false, 5), 0);
        assert_int_equal(sdc_pair_check(&all.t, &part.t, 5, &where), 1);
        pair_attacker_check(&all.t, &part.t, 5);
}

/* A cell the earlier release hid is not given away by the newer one's counts. */
static void test_ledger_earlier_suppression_kept(void **state)
{
        (void)state;
        struct fixture before, after;
        const int64_t b[] = {3, 20, 20}, a[] = {3, 20, 26};
        load(&before, 3, 1, b);
        load(&after, 3, 1, a);
        assert_int_equal(sdc_protect(&before.t, 5), 0);
        assert_int_equal(sdc_protect(&after.t, 5), 0);
        assert_int_equal(sdc_protect_pair(&after.t, &before.t, true, 5), 0);
        pair_attacker_check(&after.t, &before.t, 5);
}

/* Counts that fell (records changed in between): only the differences both publish count. */
static void test_ledger_counts_fell(void **state)
{
        (void)state;
        struct fixture before, after;
        const int64_t b[] = {30, 40}, a[] = {28, 50};
        load(&before, 2, 1, b);
        load(&after, 2, 1, a);
        assert_int_equal(sdc_protect(&after.t, 5), 0);
        assert_int_equal(sdc_protect(&before.t, 5), 0);
        int where = -1;
        assert_int_equal(sdc_pair_check(&after.t, &before.t, 5, &where), 0); /* 30 -> 28 */
        assert_int_equal(sdc_protect_pair(&after.t, &before.t, true, 5), 0);
        assert_int_not_equal(after.mark[0], SDC_PUBLISHED);
        const int64_t c[] = {20, 50};
        load(&after, 2, 1, c);
        assert_int_equal(sdc_protect(&after.t, 5), 0);
        assert_int_equal(sdc_pair_check(&after.t, &before.t, 5, &where), 2);
}

/* 1,000 random nested pairs of one-way tables, each protected against the other and attacked. */
static void test_ledger_random_pairs(void **state)
{
        (void)state;
        unsigned seed = 20261204;
        int acted = 0;
        for (int round = 0; round < 1000; round++) {
                int rows = 2 + (int)(rand_r(&seed) % 2);
                int64_t small_cells[3], big_cells[3];
                for (int i = 0; i < rows; i++) {
                        unsigned u = (unsigned)rand_r(&seed) % 10;
                        small_cells[i] = u < 2   ? 0
                                         : u < 5 ? (int64_t)(1 + rand_r(&seed) % 3)
                                                 : (int64_t)(3 + rand_r(&seed) % 5);
                        unsigned g = (unsigned)rand_r(&seed) % 10;
                        big_cells[i] = small_cells[i] + (g < 5 ? 0 : (int64_t)(g - 4) % 4);
                }
                bool newer_is_big = rand_r(&seed) % 2;
                struct fixture earlier, newer;
                load(&earlier, rows, 1, newer_is_big ? small_cells : big_cells);
                load(&newer, rows, 1, newer_is_big ? big_cells : small_cells);
                assert_int_equal(sdc_protect(&earlier.t, 3), 0);
                assert_int_equal(sdc_protect(&newer.t, 3), 0);
                int before = suppressed(&newer);
                assert_int_equal(sdc_protect_pair(&newer.t, &earlier.t, newer_is_big, 3), 0);
                acted += suppressed(&newer) > before;
                assert_int_equal(sdc_check(&newer.t, 3), 1);
                if (newer_is_big)
                        pair_attacker_check(&newer.t, &earlier.t, 3);
                else
                        pair_attacker_check(&earlier.t, &newer.t, 3);
        }
        assert_true(acted > 50); /* the pairs do put the ledger to work */
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_nothing_small_nothing_hidden),
            cmocka_unit_test(test_single_small_cell_needs_a_rectangle),
            cmocka_unit_test(test_two_singletons_in_a_row),
            cmocka_unit_test(test_three_singletons_in_a_row),
            cmocka_unit_test(test_zeros_deducible_from_non_negativity),
            cmocka_unit_test(test_one_way_table),
            cmocka_unit_test(test_small_total),
            cmocka_unit_test(test_ctdc_threshold),
            cmocka_unit_test(test_random_tables),
            cmocka_unit_test(test_primary_alone_is_seen_through),
            cmocka_unit_test(test_refusals),
            cmocka_unit_test(test_ledger_difference_of_one),
            cmocka_unit_test(test_ledger_newer_inside_earlier),
            cmocka_unit_test(test_ledger_earlier_suppression_kept),
            cmocka_unit_test(test_ledger_counts_fell),
            cmocka_unit_test(test_ledger_random_pairs),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

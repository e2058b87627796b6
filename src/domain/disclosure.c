/* Disclosure control of count tables; see domain/disclosure.h. */
#include "domain/disclosure.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EPS 1e-9

int sdc_positions(int rows, int cols)
{
        return cols == 1 ? rows + 1 : (rows + 1) * (cols + 1);
}

int sdc_cell(const struct sdc_table *t, int r, int c)
{
        return t->cols == 1 ? r : r * (t->cols + 1) + c;
}

int sdc_row_total(const struct sdc_table *t, int r)
{
        return t->cols == 1 ? r : r * (t->cols + 1) + t->cols;
}

int sdc_col_total(const struct sdc_table *t, int c)
{
        return t->cols == 1 ? t->rows : t->rows * (t->cols + 1) + c;
}

int sdc_grand_total(const struct sdc_table *t)
{
        return t->cols == 1 ? t->rows : t->rows * (t->cols + 1) + t->cols;
}

static bool is_inner(const struct sdc_table *t, int p)
{
        if (t->cols == 1)
                return p < t->rows;
        return p / (t->cols + 1) < t->rows && p % (t->cols + 1) < t->cols;
}

void sdc_fill_margins(struct sdc_table *t)
{
        int64_t grand = 0;
        for (int c = 0; c < t->cols && t->cols > 1; c++)
                t->value[sdc_col_total(t, c)] = 0;
        for (int r = 0; r < t->rows; r++) {
                int64_t row = 0;
                for (int c = 0; c < t->cols; c++) {
                        int64_t v = t->value[sdc_cell(t, r, c)];
                        row += v;
                        if (t->cols > 1)
                                t->value[sdc_col_total(t, c)] += v;
                }
                if (t->cols > 1)
                        t->value[sdc_row_total(t, r)] = row;
                grand += row;
        }
        t->value[sdc_grand_total(t)] = grand;
}

/*
 * The table's equations, each "sum of its terms = 0": the positions and
 * coefficients of equation e are at pos[start[e] .. start[e + 1]).
 */
struct equations {
        int n;
        int start[SDC_MAX_ROWS + SDC_MAX_COLS + 2];
        int pos[(SDC_MAX_ROWS + 1) * (SDC_MAX_COLS + 1) * 3];
        int coef[(SDC_MAX_ROWS + 1) * (SDC_MAX_COLS + 1) * 3];
};

static void eq_term(struct equations *q, int *k, int p, int coef)
{
        q->pos[*k] = p;
        q->coef[*k] = coef;
        (*k)++;
}

static void equations_of(const struct sdc_table *t, struct equations *q)
{
        int k = 0;
        q->n = 0;
        if (t->cols == 1) {
                q->start[q->n++] = k;
                for (int r = 0; r < t->rows; r++)
                        eq_term(q, &k, r, 1);
                eq_term(q, &k, sdc_grand_total(t), -1);
                q->start[q->n] = k;
                return;
        }
        for (int r = 0; r < t->rows; r++) {
                q->start[q->n++] = k;
                for (int c = 0; c < t->cols; c++)
                        eq_term(q, &k, sdc_cell(t, r, c), 1);
                eq_term(q, &k, sdc_row_total(t, r), -1);
        }
        for (int c = 0; c < t->cols; c++) {
                q->start[q->n++] = k;
                for (int r = 0; r < t->rows; r++)
                        eq_term(q, &k, sdc_cell(t, r, c), 1);
                eq_term(q, &k, sdc_col_total(t, c), -1);
        }
        q->start[q->n++] = k;
        for (int r = 0; r < t->rows; r++)
                eq_term(q, &k, sdc_row_total(t, r), 1);
        eq_term(q, &k, sdc_grand_total(t), -1);
        q->start[q->n] = k;
}

/*
 * A small dense two-phase simplex: maximise c.x subject to A x = b, x >= 0
 * (A is m x n, row-major).  Bland's rule, so it cannot cycle.  Returns 0 with
 * the optimum in *opt, 1 when unbounded, 2 when infeasible, -1 out of memory.
 */
static void pivot(double *T, int rows, int width, int pr, int pc)
{
        double *prow = T + (size_t)pr * width;
        double d = prow[pc];
        for (int j = 0; j < width; j++)
                prow[j] /= d;
        for (int i = 0; i < rows; i++) {
                double *row = T + (size_t)i * width;
                double f = row[pc];
                if (i == pr || fabs(f) < EPS)
                        continue;
                for (int j = 0; j < width; j++)
                        row[j] -= f * prow[j];
        }
}

/* Run the simplex on the tableau with objective row m; columns >= allowed never enter. */
static int simplex_run(double *T, int m, int width, int allowed, int *basis)
{
        int rhs = width - 1;
        for (int iter = 0; iter < 100000; iter++) {
                const double *obj = T + (size_t)m * width;
                int pc = -1;
                for (int j = 0; j < allowed; j++)
                        if (obj[j] < -EPS) {
                                pc = j;
                                break;
                        }
                if (pc < 0)
                        return 0;
                int pr = -1;
                double best = 0;
                for (int i = 0; i < m; i++) {
                        double a = T[(size_t)i * width + pc];
                        if (a <= EPS)
                                continue;
                        double ratio = T[(size_t)i * width + rhs] / a;
                        if (pr < 0 || ratio < best - EPS ||
                            (fabs(ratio - best) <= EPS && basis[i] < basis[pr])) {
                                pr = i;
                                best = ratio;
                        }
                }
                if (pr < 0)
                        return 1;
                pivot(T, m + 1, width, pr, pc);
                basis[pr] = pc;
        }
        return -1;
}

static int lp_max(int m, int n, const double *A, const double *b, const double *c, double *opt)
{
        int width = n + m + 1, rhs = n + m;
        double *T = calloc((size_t)(m + 1) * (size_t)width, sizeof(double));
        int *basis = calloc((size_t)(m ? m : 1), sizeof(int));
        if (!T || !basis) {
                free(T);
                free(basis);
                return -1;
        }
        for (int i = 0; i < m; i++) {
                double sign = b[i] < 0 ? -1 : 1;
                double *row = T + (size_t)i * width;
                for (int j = 0; j < n; j++)
                        row[j] = sign * A[(size_t)i * n + j];
                row[n + i] = 1;
                row[rhs] = sign * b[i];
                basis[i] = n + i;
        }
        /* Phase 1: maximise -(sum of the artificials). */
        double *obj = T + (size_t)m * width;
        for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                        obj[j] -= T[(size_t)i * width + j];
        for (int i = 0; i < m; i++)
                obj[rhs] -= T[(size_t)i * width + rhs];
        int rc = simplex_run(T, m, width, n + m, basis);
        if (rc == 0 && obj[rhs] < -1e-7)
                rc = 2;
        if (rc == 0) {
                /* Artificials still basic (at zero) leave where a real column can take them. */
                for (int i = 0; i < m; i++) {
                        if (basis[i] < n)
                                continue;
                        for (int j = 0; j < n; j++)
                                if (fabs(T[(size_t)i * width + j]) > EPS) {
                                        pivot(T, m + 1, width, i, j);
                                        basis[i] = j;
                                        break;
                                }
                }
                /* Phase 2: the objective's reduced costs over the basis found. */
                for (int j = 0; j < width; j++)
                        obj[j] = j < n ? -c[j] : 0;
                for (int i = 0; i < m; i++) {
                        double cb = basis[i] < n ? c[basis[i]] : 0;
                        if (cb == 0)
                                continue;
                        for (int j = 0; j < width; j++)
                                obj[j] += cb * T[(size_t)i * width + j];
                }
                rc = simplex_run(T, m, width, n, basis);
                if (rc == 0)
                        *opt = obj[rhs];
        }
        free(T);
        free(basis);
        return rc;
}

int sdc_interval(const struct sdc_table *t, int p, double *lo, double *hi)
{
        int np = sdc_positions(t->rows, t->cols);
        if (t->rows < 1 || t->rows > SDC_MAX_ROWS || t->cols < 1 || t->cols > SDC_MAX_COLS ||
            p < 0 || p >= np)
                return -1;
        if (t->mark[p] == SDC_PUBLISHED) {
                *lo = *hi = (double)t->value[p];
                return 0;
        }
        /* The unknowns are the suppressed positions. */
        int var[(SDC_MAX_ROWS + 1) * (SDC_MAX_COLS + 1)];
        int n = 0;
        for (int i = 0; i < np; i++)
                var[i] = t->mark[i] == SDC_PUBLISHED ? -1 : n++;
        struct equations *q = malloc(sizeof(*q));
        if (!q)
                return -1;
        equations_of(t, q);
        double *A = calloc((size_t)q->n * (size_t)n, sizeof(double));
        double *b = calloc((size_t)q->n + 1, sizeof(double));
        double *c = calloc((size_t)n, sizeof(double));
        int rc = -1;
        if (!A || !b || !c)
                goto out;
        int m = 0;
        for (int e = 0; e < q->n; e++) {
                bool any = false;
                double known = 0;
                for (int k = q->start[e]; k < q->start[e + 1]; k++) {
                        int v = var[q->pos[k]];
                        if (v >= 0) {
                                A[(size_t)m * n + v] += q->coef[k];
                                any = true;
                        } else {
                                known += q->coef[k] * (double)t->value[q->pos[k]];
                        }
                }
                if (any)
                        b[m++] = -known;
        }
        double best = 0;
        c[var[p]] = 1;
        int up = lp_max(m, n, A, b, c, &best);
        if (up < 0 || up == 2)
                goto out;
        *hi = up == 1 ? -1 : best;
        c[var[p]] = -1;
        int down = lp_max(m, n, A, b, c, &best);
        if (down != 0)
                goto out;
        *lo = -best;
        rc = 0;
out:
        free(q);
        free(A);
        free(b);
        free(c);
        return rc;
}

/* Whether p's interval is wide enough: 1, 0, or -1 on error. */
static int wide_enough(const struct sdc_table *t, int p, int k)
{
        double lo, hi;
        if (sdc_interval(t, p, &lo, &hi) < 0)
                return -1;
        return hi < 0 || hi - lo >= (double)(k - 1) - 1e-6;
}

int sdc_check(const struct sdc_table *t, int k)
{
        int np = sdc_positions(t->rows, t->cols);
        for (int p = 0; p < np; p++) {
                if (t->mark[p] == SDC_PUBLISHED)
                        continue;
                int w = wide_enough(t, p, k);
                if (w <= 0)
                        return w;
        }
        return 1;
}

/* The cost of suppressing x: non-zero inner cells first (smallest first), then zeros, then margins.
 */
static int64_t cost_of(const struct sdc_table *t, int x)
{
        int64_t v = t->value[x];
        return is_inner(t, x) ? (v > 0 ? v : INT64_C(1) << 40) : (INT64_C(1) << 41) + v;
}

/* The width of p's interval (unbounded: a very large one); -1 on error. */
static double width_of(const struct sdc_table *t, int p)
{
        double lo, hi;
        if (sdc_interval(t, p, &lo, &hi) < 0)
                return -1;
        return hi < 0 ? 1e18 : hi - lo;
}

/*
 * The published position to suppress next for p: of those sharing an
 * equation with a suppressed position, the cheapest whose suppression makes
 * p's interval wide enough, else the one widening it most (the cheapest among
 * equals); -1 when none is left or on error.
 */
static int next_suppression(struct sdc_table *t, const struct equations *q, int p, int k)
{
        int np = sdc_positions(t->rows, t->cols);
        bool frontier[(SDC_MAX_ROWS + 1) * (SDC_MAX_COLS + 1)] = {false};
        bool any = false;
        for (int e = 0; e < q->n; e++) {
                bool touches = false;
                for (int j = q->start[e]; j < q->start[e + 1]; j++)
                        touches |= t->mark[q->pos[j]] != SDC_PUBLISHED;
                for (int j = q->start[e]; touches && j < q->start[e + 1]; j++)
                        if (t->mark[q->pos[j]] == SDC_PUBLISHED)
                                any = frontier[q->pos[j]] = true;
        }
        int best = -1;
        double best_width = -1;
        int64_t best_cost = 0;
        for (int x = 0; x < np; x++) {
                if (t->mark[x] != SDC_PUBLISHED || (any && !frontier[x]))
                        continue;
                t->mark[x] = SDC_SECONDARY;
                double w = width_of(t, p);
                t->mark[x] = SDC_PUBLISHED;
                if (w < 0)
                        return -1;
                int64_t cost = cost_of(t, x);
                /* Every width that suffices is as good as any other. */
                if (w > k - 1 - 1e-6)
                        w = k - 1;
                if (best < 0 || w > best_width + 1e-6 ||
                    (w > best_width - 1e-6 && cost < best_cost)) {
                        best = x;
                        best_width = w;
                        best_cost = cost;
                }
        }
        return best;
}

int sdc_protect(struct sdc_table *t, int k)
{
        if (t->rows < 1 || t->rows > SDC_MAX_ROWS || t->cols < 1 || t->cols > SDC_MAX_COLS || k < 2)
                return -1;
        int np = sdc_positions(t->rows, t->cols);
        for (int p = 0; p < np; p++)
                t->mark[p] = t->value[p] >= 1 && t->value[p] <= k - 1 ? SDC_PRIMARY : SDC_PUBLISHED;
        return sdc_protect_more(t, k);
}

int sdc_protect_more(struct sdc_table *t, int k)
{
        if (t->rows < 1 || t->rows > SDC_MAX_ROWS || t->cols < 1 || t->cols > SDC_MAX_COLS || k < 2)
                return -1;
        int np = sdc_positions(t->rows, t->cols);
        struct equations *q = malloc(sizeof(*q));
        if (!q)
                return -1;
        equations_of(t, q);
        int rc = 0;
        for (bool changed = true; changed && rc == 0;) {
                changed = false;
                for (int p = 0; p < np; p++) {
                        if (t->mark[p] == SDC_PUBLISHED)
                                continue;
                        int w = wide_enough(t, p, k);
                        if (w < 0) {
                                rc = -1;
                                break;
                        }
                        if (w)
                                continue;
                        int x = next_suppression(t, q, p, k);
                        if (x < 0) {
                                rc = -1; /* everything is suppressed and still narrow: cannot be */
                                break;
                        }
                        t->mark[x] = SDC_SECONDARY;
                        changed = true;
                        break;
                }
        }
        free(q);
        return rc;
}

int sdc_suppress_near(struct sdc_table *t, int p)
{
        int np = sdc_positions(t->rows, t->cols);
        if (p < 0 || p >= np)
                return -1;
        if (t->mark[p] == SDC_PUBLISHED) {
                t->mark[p] = SDC_SECONDARY;
                return p;
        }
        struct equations *q = malloc(sizeof(*q));
        if (!q)
                return -1;
        equations_of(t, q);
        int best = -1;
        for (int pass = 0; pass < 2 && best < 0; pass++)
                for (int x = 0; x < np; x++) {
                        if (t->mark[x] != SDC_PUBLISHED)
                                continue;
                        bool near = pass == 1; /* the second pass: any published position */
                        for (int e = 0; e < q->n && !near; e++) {
                                bool has_p = false, has_x = false;
                                for (int j = q->start[e]; j < q->start[e + 1]; j++) {
                                        has_p |= q->pos[j] == p;
                                        has_x |= q->pos[j] == x;
                                }
                                near = has_p && has_x;
                        }
                        if (near && (best < 0 || cost_of(t, x) < cost_of(t, best)))
                                best = x;
                }
        free(q);
        if (best >= 0)
                t->mark[best] = SDC_SECONDARY;
        return best;
}

/*
 * The joint attacker of two releases of nested populations: the unknowns are
 * the suppressed positions of each table and, where either side is
 * suppressed, the difference d = big - small (d >= 0, a count of the people
 * in big and not in small).
 */
struct pair_lp {
        int np, n, m;
        int vbig[(SDC_MAX_ROWS + 1) * (SDC_MAX_COLS + 1)];
        int vsmall[(SDC_MAX_ROWS + 1) * (SDC_MAX_COLS + 1)];
        int vdiff[(SDC_MAX_ROWS + 1) * (SDC_MAX_COLS + 1)];
        double *A, *b, *c;
};

/* Add table t's equations over its variables var[] (published positions known). */
static void pair_table_rows(struct pair_lp *l, const struct sdc_table *t, const int *var,
                            const struct equations *q)
{
        for (int e = 0; e < q->n; e++) {
                bool any = false;
                double known = 0;
                for (int j = q->start[e]; j < q->start[e + 1]; j++) {
                        int v = var[q->pos[j]];
                        if (v >= 0) {
                                l->A[(size_t)l->m * l->n + v] += q->coef[j];
                                any = true;
                        } else {
                                known += q->coef[j] * (double)t->value[q->pos[j]];
                        }
                }
                if (any)
                        l->b[l->m++] = -known;
        }
}

/* The interval of variable v: 0, 1 when the facts contradict each other, -1 on error. */
static int pair_interval(struct pair_lp *l, int v, double *lo, double *hi)
{
        double best = 0;
        memset(l->c, 0, sizeof(double) * (size_t)l->n);
        l->c[v] = 1;
        int up = lp_max(l->m, l->n, l->A, l->b, l->c, &best);
        if (up < 0)
                return -1;
        if (up == 2)
                return 1;
        *hi = up == 1 ? -1 : best;
        l->c[v] = -1;
        int down = lp_max(l->m, l->n, l->A, l->b, l->c, &best);
        if (down == 2)
                return 1;
        if (down != 0)
                return -1;
        *lo = -best;
        return 0;
}

static bool wide(double lo, double hi, int k)
{
        return hi < 0 || hi - lo >= (double)(k - 1) - 1e-6;
}

int sdc_pair_check(const struct sdc_table *big, const struct sdc_table *small, int k, int *where)
{
        if (big->rows != small->rows || big->cols != small->cols || big->rows < 1 ||
            big->rows > SDC_MAX_ROWS || big->cols < 1 || big->cols > SDC_MAX_COLS || k < 2)
                return -1;
        struct pair_lp *l = calloc(1, sizeof(*l));
        struct equations *q = malloc(sizeof(*q));
        int rc = -1;
        if (!l || !q)
                goto out;
        l->np = sdc_positions(big->rows, big->cols);
        /* Differences both sides publish are known exactly, nested or not. */
        bool fell = false;
        for (int p = 0; p < l->np; p++) {
                if (big->mark[p] != SDC_PUBLISHED || small->mark[p] != SDC_PUBLISHED)
                        continue;
                int64_t d = big->value[p] - small->value[p];
                fell |= d < 0;
                if ((d >= 1 && d <= k - 1) || (d <= -1 && d >= -(k - 1))) {
                        *where = p;
                        rc = 0;
                        goto out;
                }
        }
        if (fell) {
                rc = 2;
                goto out;
        }
        for (int p = 0; p < l->np; p++) {
                l->vbig[p] = big->mark[p] == SDC_PUBLISHED ? -1 : l->n++;
                l->vsmall[p] = small->mark[p] == SDC_PUBLISHED ? -1 : l->n++;
                l->vdiff[p] = l->vbig[p] < 0 && l->vsmall[p] < 0 ? -1 : l->n++;
        }
        if (l->n == 0) {
                rc = 1;
                goto out;
        }
        equations_of(big, q);
        size_t rows = (size_t)q->n * 2 + (size_t)l->np;
        l->A = calloc(rows * (size_t)l->n, sizeof(double));
        l->b = calloc(rows, sizeof(double));
        l->c = calloc((size_t)l->n, sizeof(double));
        if (!l->A || !l->b || !l->c)
                goto out;
        pair_table_rows(l, big, l->vbig, q);
        pair_table_rows(l, small, l->vsmall, q);
        for (int p = 0; p < l->np; p++) {
                if (l->vdiff[p] < 0)
                        continue;
                /* big_p - small_p - d_p = 0, known sides moved right. */
                double *row = l->A + (size_t)l->m * l->n;
                double known = 0;
                if (l->vbig[p] >= 0)
                        row[l->vbig[p]] = 1;
                else
                        known += (double)big->value[p];
                if (l->vsmall[p] >= 0)
                        row[l->vsmall[p]] = -1;
                else
                        known -= (double)small->value[p];
                row[l->vdiff[p]] = -1;
                l->b[l->m++] = -known;
        }
        rc = 1;
        for (int p = 0; p < l->np && rc == 1; p++) {
                int vs[3] = {l->vbig[p], l->vsmall[p], l->vdiff[p]};
                for (int i = 0; i < 3 && rc == 1; i++) {
                        if (vs[i] < 0)
                                continue;
                        double lo = 0, hi = 0;
                        int got = pair_interval(l, vs[i], &lo, &hi);
                        if (got != 0) {
                                rc = got == 1 ? 2 : -1;
                                break;
                        }
                        /* A difference matters when it is a small count (1 to k-1) of people. */
                        int64_t d = big->value[p] - small->value[p];
                        /* A zero known as one is nobody: only counts of people need width. */
                        int64_t v = i == 0 ? big->value[p] : small->value[p];
                        bool fine = i < 2 ? v == 0 || wide(lo, hi, k)
                                          : d < 1 || d > k - 1 || wide(lo, hi, k);
                        if (!fine) {
                                *where = p;
                                rc = 0;
                        }
                }
        }
out:
        if (l) {
                free(l->A);
                free(l->b);
                free(l->c);
        }
        free(l);
        free(q);
        return rc;
}

int sdc_protect_pair(struct sdc_table *newer, const struct sdc_table *earlier, bool newer_is_big,
                     int k)
{
        int np = sdc_positions(newer->rows, newer->cols);
        for (int guard = 0; guard <= np; guard++) {
                int where = -1;
                int got = newer_is_big ? sdc_pair_check(newer, earlier, k, &where)
                                       : sdc_pair_check(earlier, newer, k, &where);
                if (got != 0)
                        return got < 0 ? -1 : 0;
                if (sdc_suppress_near(newer, where) < 0)
                        return 0; /* all suppressed: nothing left to give away */
                if (sdc_protect_more(newer, k) < 0)
                        return -1;
        }
        return 0;
}

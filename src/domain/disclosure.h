/*
 * Disclosure control of published count tables: no published table may let
 * anyone recompute, or narrow down, a count of fewer than k people.
 *
 * A table is a grid of R rows by C columns of counts with its margins: the
 * row totals, the column totals and the grand total (a one-way table, C = 1,
 * has only the grand total).  Positions are numbered over the whole grid,
 * margins included: inner cell (r, c) is r * (C + 1) + c, row total r is
 * r * (C + 1) + C, column total c is R * (C + 1) + c and the grand total
 * R * (C + 1) + C.  For C = 1 the row-total column is absent and positions
 * are r (cells) and R (the total).
 *
 * Primary suppression: every position (margins too) holding 1 to k-1.
 *
 * Secondary suppression and the attacker check: what is published are the
 * other positions' values and the additivity of the table (each row and
 * column adds up to its total, the totals to the grand total), with every
 * count non-negative.  For each suppressed position the interval it can take
 * under those facts is found exactly by linear programming (a 2-D table with
 * its margins is a transportation polytope, whose vertices are whole
 * numbers, so the LP bounds are the integer bounds).  While some suppressed
 * position's interval is narrower than k - 1 (hi - lo < k - 1; an unbounded
 * one is wide enough), one more position is suppressed: among the published
 * positions sharing a row or column equation with it, the smallest non-zero
 * inner cell, else a zero inner cell, else the smallest margin; the check
 * then runs again.  This is the hypercube idea done with exact bounds instead
 * of a fixed pattern; it suppresses at most the whole table, and a published
 * table always passes the check it was made with (sdc_check).
 */
#ifndef ECAT_DISCLOSURE_H
#define ECAT_DISCLOSURE_H

#include <stdbool.h>
#include <stdint.h>

#define SDC_MAX_ROWS 64
#define SDC_MAX_COLS 16

enum sdc_mark { SDC_PUBLISHED, SDC_PRIMARY, SDC_SECONDARY };

struct sdc_table {
        int rows, cols;      /* inner cells; cols = 1: a one-way table */
        int64_t *value;      /* sdc_positions() counts, margins filled by sdc_fill_margins */
        enum sdc_mark *mark; /* as many marks */
};

/* How many positions a rows x cols table has, margins included. */
int sdc_positions(int rows, int cols);
/* Position numbers of an inner cell, a row total, a column total and the grand total. */
int sdc_cell(const struct sdc_table *t, int r, int c);
int sdc_row_total(const struct sdc_table *t, int r);
int sdc_col_total(const struct sdc_table *t, int c);
int sdc_grand_total(const struct sdc_table *t);
/* Fill the margins from the inner cells. */
void sdc_fill_margins(struct sdc_table *t);

/* Mark what to suppress for threshold k (2 or more); 0, or -1 when the table is too large. */
int sdc_protect(struct sdc_table *t, int k);

/* As sdc_protect, keeping the marks t already has (a release ledger's further suppressions). */
int sdc_protect_more(struct sdc_table *t, int k);

/*
 * Suppress p if published, else the cheapest published position sharing an
 * equation with p (else any): the position marked, or -1 when none is left.
 */
int sdc_suppress_near(struct sdc_table *t, int p);

/*
 * Two releases of one table (same rows and columns) over nested
 * populations, small's people all among big's (a period inside another, one
 * agency inside all): the attacker knows both publications, both tables'
 * additivity, and that d = big - small is a non-negative count at every
 * position.  1 when every suppressed non-zero position of either table keeps
 * an interval at least k - 1 wide (a zero the other release shows as zero is
 * nobody) and no difference d that is 1 to k - 1 is
 * known to within fewer than k - 1 values; 0 when not, with *where a
 * position whose suppression in the newer release is due (sdc_suppress_near);
 * 2 when the two cannot be nested (a count fell: the records changed in
 * between); -1 on error.
 */
int sdc_pair_check(const struct sdc_table *big, const struct sdc_table *small, int k, int *where);

/*
 * Suppress newer further until sdc_pair_check passes against earlier (newer
 * the big side when newer_is_big) or says the two are not nested; its own
 * protection kept throughout (sdc_protect_more).  0, or -1 on error.
 */
int sdc_protect_pair(struct sdc_table *newer, const struct sdc_table *earlier, bool newer_is_big,
                     int k);

/*
 * The interval position p can take given the published positions and the
 * table's additivity: 0 and [*lo, *hi] (*hi < 0: unbounded), or -1.
 */
int sdc_interval(const struct sdc_table *t, int p, double *lo, double *hi);

/* Whether every suppressed position's interval is at least k - 1 wide; -1 on error. */
int sdc_check(const struct sdc_table *t, int k);

#endif

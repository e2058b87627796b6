/*
 * The release ledger of case statistics: every release that leaves ecat is
 * recorded, and a new release is suppressed further until no combination of
 * it with any one earlier release of a nested population gives away a count
 * its own protection hid, or a small count of the people in one and not the
 * other.
 *
 * Nested: the period of one lies inside the period of the other (an open end
 * is the beginning of time or today) and its agency is the other's or the
 * other covers all agencies.  Two releases of the same query at different
 * times are nested too: the later one's people include the earlier one's
 * plus those registered since.  For each table the two share, the attacker
 * of domain/disclosure.h's sdc_pair_check is run with both publications,
 * both tables' additivity and the difference (a non-negative count of people)
 * at every position; while it finds a narrow interval, one more count of the
 * new release is suppressed (sdc_suppress_near) and the new table protected
 * again on its own.  When the records changed between the two so that a
 * count fell (a status changed, a case was edited), the populations are not
 * nested as counted and only the differences both publish are checked (none
 * may be 1 to k-1 either way).  Releases of overlapping but not nested
 * populations, and combinations of three or more releases, are not compared.
 * The newest LEDGER_MAX_COMPARED nested releases are compared.
 *
 * Each release is kept once (stats_releases, its counts in
 * stats_release_counts): a repeat of the same query with the same counts for
 * the same user and channel counts as the same release (times).
 */
#ifndef ECAT_STATS_LEDGER_H
#define ECAT_STATS_LEDGER_H

#include <stdint.h>

#include "domain/case_stats.h"
#include "store/store.h"

#define LEDGER_MAX_COMPARED 200

/*
 * Suppress s (protected by case_stats_make, not yet rounded) further against
 * the earlier releases nested with f.  0 with *compared releases compared and
 * *added positions suppressed; -1 on a store error.
 */
int ledger_protect(struct db *db, const struct stats_filter *f, int k, struct case_stats *s,
                   int *compared, int *added);

/* Record s as released to user_id via "csv", "xlsx", "pdf" or "token": 0 and *id, or -1. */
int ledger_record(struct db *db, int64_t user_id, const char *via, const struct stats_filter *f,
                  int k, const struct case_stats *s, int64_t *id);

/* What a release did: the ledger's row (0: not recorded), releases compared, counts added. */
struct stats_release {
        int64_t id;
        int compared, added;
};

/*
 * The one way case statistics are made for anyone to see, in the caller's
 * write transaction: every table counted and protected (case_stats_make),
 * or only the table named only when it is not NULL (case_stats_make_one,
 * the report's one table), suppressed further
 * against the ledger (ledger_protect), recorded as released to user_id via
 * via with its audit entry case.statistics_release (request_id) when via
 * is not NULL, then rounded to round_base.  s zeroed by the caller (large:
 * keep it off the stack).  0; -1 a store error counting; -2 a table with
 * more rows than can be protected; -3 the ledger could not be checked or
 * written; -4 no table named only.
 */
int stats_release_make(struct db *db, const struct stats_filter *f, int k, int round_base,
                       const char *only, int64_t user_id, const char *via, const char *request_id,
                       struct case_stats *s, struct stats_release *out);

#endif

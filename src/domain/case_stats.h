/*
 * Case statistics: counts about victims assisted that cannot point at a person.
 *
 * Every table is counted from the coarse fields of cases (never a sealed
 * one), over the cases of a period (the day a case was identified, else the
 * day it was registered) and optionally one agency, erased cases included
 * (their coarse fields are kept for this).  Each table is then protected by
 * domain/disclosure.h with the threshold k (`statistics_k`): a suppressed
 * count is published as "suppressed", never as a number, and what is
 * published lets no suppressed count be narrowed to fewer than k - 1 values.
 * Published counts may be rounded to a base (`statistics_round`) after the
 * check (case_stats_round); rounding only widens what an attacker can infer.
 * Before rounding, domain/stats_ledger.h suppresses further against earlier
 * releases.
 *
 * Units.  Tables count cases (persons) unless named otherwise: a case with
 * two exploitation types is one person in each of two rows, so the
 * exploitation tables' totals count mentions, said by their unit;
 * referral_outcome counts referrals, service_type cases that received the
 * service.  Each table is protected on its own: combining several tables
 * of the same cases is not guarded against beyond each table's own margins.
 */
#ifndef ECAT_CASE_STATS_H
#define ECAT_CASE_STATS_H

#include <stdint.h>

#include "domain/disclosure.h"
#include "store/store.h"

struct stats_filter {
        int32_t from, to; /* days since epoch, inclusive; 0: open */
        int64_t agency;   /* organisation id; 0: all */
};

struct stats_table {
        const char *name;      /* "exploitation_type_by_gender" */
        const char *rows_name; /* "exploitation_type" */
        const char *cols_name; /* "gender"; NULL for a one-way table */
        const char *unit;      /* "cases", "mentions", "referrals" */
        int n_rows, n_cols;
        const char *row_label[SDC_MAX_ROWS]; /* a value set's names, or row_text */
        const char *col_label[SDC_MAX_COLS];
        char row_text[SDC_MAX_ROWS][128]; /* labels read from the store (countries, agencies) */
        int64_t value[(SDC_MAX_ROWS + 1) * (SDC_MAX_COLS + 1)];
        enum sdc_mark mark[(SDC_MAX_ROWS + 1) * (SDC_MAX_COLS + 1)];
        struct sdc_table t; /* over value and mark */
};

#define STATS_TABLES 12

struct case_stats {
        int n;
        struct stats_table table[STATS_TABLES];
};

/*
 * Count and protect every table into out (zeroed by the caller; large: keep
 * it off the stack).  0; -1 on a store error; -2 when a table has more rows
 * than SDC_MAX_ROWS (more agencies or citizenships than it can hold).
 */
int case_stats_make(struct db *db, const struct stats_filter *f, int k, struct case_stats *out);

/* As case_stats_make, but out holds only the table named name; -3 when there is none. */
int case_stats_make_one(struct db *db, const struct stats_filter *f, int k, const char *name,
                        struct case_stats *out);

/* Keep only the table named name (the first of s); 0, or -1 when s has none of that name. */
int case_stats_keep(struct case_stats *s, const char *name);

/* Published counts to the nearest multiple of base (halves up); base 0 or 1: as they are. */
void case_stats_round(struct case_stats *s, int base);

/*
 * The anonymised record-level export: one record per case with only its
 * quasi-identifiers, coarse and clear (year, gender, age band, minority,
 * citizenship, country of exploitation, exploitation types), never a name,
 * a reference, a date finer than the year or free text.  A record is kept
 * only when at least k records share its combination; records of smaller
 * groups are generalised once (age band to minor or adult, citizenship and
 * country of exploitation to unknown) and kept if their generalised group
 * then reaches k, else dropped.
 */
struct anon_record {
        int year;
        const char *gender, *age_band, *majority, *citizenship, *exploitation_country;
        char exploitation[256]; /* types joined by ';' */
        char text[3][8];        /* the two-letter country codes read */
        bool generalised, dropped;
};

struct anon_export {
        size_t n, cap;
        struct anon_record *rec;
        struct anon_record **order; /* the records by group (quasi-identifiers), for output */
        size_t kept, generalised, dropped;
};

/* Read and anonymise; 0, or -1 on a store error or out of memory.  anon_free() after. */
int anon_export_make(struct db *db, const struct stats_filter *f, int k, struct anon_export *out);
void anon_free(struct anon_export *e);

#endif

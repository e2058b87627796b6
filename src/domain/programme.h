/*
 * The prevention programme's pure rules: the value sets of domain.md for
 * activities, partners, expenses and indicators, the indicator maths, the
 * month arithmetic of the dashboard's monthly series, and the shape checks
 * of project codes, currencies and money.  Plain C over plain values.
 */
#ifndef ECAT_DOMAIN_PROGRAMME_H
#define ECAT_DOMAIN_PROGRAMME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Value sets, NULL-terminated, in the order their bit sets use. */
extern const char *const activity_kinds[];
extern const char *const activity_topics[]; /* bit k of activities.topics = topic k */
extern const char *const partner_roles[];
extern const char *const expense_categories[];
extern const char *const indicator_metrics[];
extern const char *const material_kinds[];

/*
 * Who a material is handed to (a distribution's audience, the bit set of a
 * material's intended audiences, bit k = group k).  Append only.
 */
#define DISTRIBUTION_AUDIENCES 6
extern const char *const distribution_audiences[]; /* teachers, pupils, parents, ... */

/*
 * Audience groups, in the column order of the activities table and of every
 * head-count array in ecat (int64_t audience[AUDIENCE_GROUPS]).
 */
#define AUDIENCE_GROUPS 6
extern const char *const audience_groups[]; /* youths, specialists, teachers, parents, ... */

/* Head-counts per group are whole numbers in [0, HEADCOUNT_MAX]. */
#define HEADCOUNT_MAX 100000
/* Money: integer cents in [0, MONEY_MAX], i.e. below 10^13. */
#define MONEY_MAX INT64_C(9999999999999)

enum metric {
        METRIC_INSTITUTIONS, /* distinct organisations with an activity in scope */
        METRIC_ACTIVITIES,   /* number of activities in scope */
        METRIC_AUDIENCE,     /* first of AUDIENCE_GROUPS sums: audience:youths ... */
        METRIC_CASES_ASSISTED = METRIC_AUDIENCE + AUDIENCE_GROUPS, /* cases given a service */
        METRIC_REFERRALS_COMPLETED, /* referrals received and completed */
        METRIC_MATERIALS,           /* materials_distributed: copies handed out */
        /* first of DISTRIBUTION_AUDIENCES: materials_distributed:teachers ... */
        METRIC_MATERIALS_AUDIENCE,
        /*
         * Business engagement, counted from its tables each time (no kept
         * aggregates, no disclosure control: they count organisations, not
         * people).  businesses_engaged:<stage>: distinct organisations whose
         * engagement reached the stage or a later one; bare: committed.
         */
        METRIC_BUSINESSES_ENGAGED = METRIC_MATERIALS_AUDIENCE + DISTRIBUTION_AUDIENCES,
        METRIC_BUSINESSES_ENGAGED_STAGE, /* first of four: met, committed, trained, active */
        METRIC_AGREEMENTS_SIGNED = METRIC_BUSINESSES_ENGAGED_STAGE + 4, /* signed in the period */
        METRIC_MANUAL,                                                  /* typed in: manual_value */
        METRIC__MAX
};

/* Whether m counts victims' cases (its figures are published under disclosure control). */
bool metric_counts_cases(enum metric m);

/*
 * Whether m counts distributions (read from the distributions each time;
 * *audience set to the audience group it is narrowed to, or NULL).
 */
bool metric_counts_materials(enum metric m, const char **audience);
/* Whether m counts business engagement (read from its tables when asked for). */
bool metric_counts_engagement(enum metric m);
/*
 * The least pipeline stage (index in engagement_stage_names: 1 met .. 4
 * active) a businesses_engaged metric asks for; -1 for other metrics.
 */
int metric_engagement_stage(enum metric m);

/* enum metric of a metric name ("audience:youths"), or -1. */
int metric_parse(const char *name);
const char *metric_name(enum metric m);

/*
 * What the records say about one scope: the figures every metric is read
 * from.  institutions counts distinct organisations.
 */
struct reach {
        int64_t institutions;
        int64_t activities;
        int64_t audience[AUDIENCE_GROUPS];
};

/* Sum of the head-counts of r (people reached, counted once per activity). */
int64_t reach_headcount(const struct reach *r);
/* The achieved value of metric m for r; manual_value serves METRIC_MANUAL. */
int64_t metric_achieved(enum metric m, const struct reach *r, int64_t manual_value);

/*
 * Percent of target achieved, rounded half away from zero to one decimal
 * (achieved 7 of 20 -> 35.0; 1 of 3 -> 33.3).  false when target is 0 or
 * negative: the percent is then undefined (null in the API).
 */
bool indicator_percent(int64_t achieved, int64_t target, double *percent);

/*
 * Months are counted from January 1970 (month 0), so that the months of a
 * series are consecutive integers.  Days are days since 1970-01-01 as
 * everywhere in ecat.  The SQL of the dashboard's aggregates computes the
 * same number (store/migrations/0003_programme.sql); the two must agree.
 */
int32_t month_of_day(int32_t days);
int32_t month_first_day(int32_t month);
int32_t month_last_day(int32_t month);
/* "YYYY-MM" into out[8]. */
void month_format(int32_t month, char out[8]);

/* First and last day any date filter can name: "from the beginning", "to the end". */
#define DAY_MIN (-25567) /* 1900-01-01 */
#define DAY_MAX 376199   /* 2999-12-31 */

/* A project code: 1 to 32 characters of A-Z, 0-9, '_' and '-'. */
bool project_code_valid(const char *s);
/* An ISO 4217 code's shape: exactly three capital letters. */
bool currency_valid(const char *s);

#endif

/*
 * Indicators: a metric over a scope of one project, with a target and
 * optional further targets per partner and/or period.  The achieved figure
 * is always computed from the records when asked for (never stored, never
 * typed in), except for the manual metric whose value is typed in.
 *
 * Scope: the project; optionally one partner (the activities that partner's
 * organisation ran), a period (inclusive dates), organisation kinds and a
 * country of the institutions reached.  A target's own partner or period
 * replaces the indicator's where the target sets one.
 *
 * The doors below are the one way an indicator is written - by the API and
 * the demo data set alike - inside the caller's write transaction (results
 * as in domain/resource.h; creating under a project that does not exist is
 * E_NOT_FOUND with p->message "no such project").  The rules, on the whole
 * record (a PATCH merged over the stored one):
 *   - partner_id, and each target's, is a partner of the indicator's project
 *     ("is not a partner of this project");
 *   - country is an ISO 3166-1 alpha-2 code in use, as given (upper case);
 *   - period_end is not before period_start, the indicator's and each
 *     target's;
 *   - manual_value is taken only by the manual metric; a stored value goes
 *     when a PATCH makes the metric another one.
 * A target's fields are named "targets[i].field" in p.  An indicator's
 * targets, and the kept figures of its period scopes, are written with it
 * in the same transaction.
 *
 * Where the figures come from: scopes without a period are sums over the
 * groups of institutions kept on write (project_group); a scope with a
 * period has its own kept row (indicator_scopes), made from the activities
 * in the period when the indicator is written and kept current by triggers
 * from then on.  Either way a figure costs a few rows, not a scan of the
 * activities.  (Should a kept row be missing, the figure is computed from
 * the activities through covering indexes, and is still right.)
 */
#ifndef ECAT_DOMAIN_INDICATOR_H
#define ECAT_DOMAIN_INDICATOR_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/programme.h"
#include "domain/resource.h"

/* Targets (the indicator's and its further ones) are whole numbers in [0, INDICATOR_TARGET_MAX]. */
#define INDICATOR_TARGET_MAX INT64_C(1000000000000)
/* An indicator has at most this many further targets. */
#define INDICATOR_TARGETS_MAX 50

/* One further target of an indicator; partner and period NULL: the indicator's. */
struct indicator_target {
        struct record_head head;
        int64_t id; /* read only, never shown */
        int64_t partner_id;
        int32_t period_start;
        int32_t period_end;
        int64_t target;
};

enum indicator_target_column {
        TARGET_ID,
        TARGET_PARTNER,
        TARGET_START,
        TARGET_END,
        TARGET_TARGET,
        TARGET__COLUMNS
};

extern const struct column indicator_target_columns[TARGET__COLUMNS];

struct indicator {
        struct record_head head;
        int64_t id;
        int64_t project_id; /* set by the create door */
        const char *name;
        const char *metric; /* one of indicator_metrics */
        int64_t partner_id;
        uint32_t kinds; /* bit k: org_kinds[k]; 0: every kind */
        const char *country;
        int32_t period_start;
        int32_t period_end;
        int64_t target;
        int64_t manual_value;
        int64_t created_at;
        int64_t updated_at;
        /*
         * Not columns: the further targets a write carries.  has_targets:
         * targets[0..n_targets) replace the stored ones (a create always
         * has its own, none when n_targets is 0); otherwise they stay.
         */
        bool has_targets;
        size_t n_targets;
        struct indicator_target *targets;
        /* The columns the input named (set by the doors, before a PATCH is merged). */
        uint64_t given;
};

enum indicator_column {
        IND_ID,
        IND_PROJECT,
        IND_NAME,
        IND_METRIC,
        IND_PARTNER,
        IND_KINDS,
        IND_COUNTRY,
        IND_START,
        IND_END,
        IND_TARGET,
        IND_MANUAL,
        IND_CREATED,
        IND_UPDATED,
        IND__COLUMNS
};

extern const struct column indicator_columns[IND__COLUMNS];
extern const struct resource indicator_resource;

enum ecat_err indicator_create(struct db *db, const struct principal *who, int64_t project_id,
                               struct indicator *in, struct problems *p, int64_t *id);
enum ecat_err indicator_update(struct db *db, const struct principal *who, int64_t id,
                               struct indicator *patch, struct problems *p);
enum ecat_err indicator_delete(struct db *db, const struct principal *who, int64_t id,
                               struct problems *p);
/* The indicator's columns; its targets are read with indicator_targets. */
enum ecat_err indicator_get(struct db *db, const struct principal *who, struct arena *a, int64_t id,
                            struct indicator *out);

/* The further targets of indicator id, in the order given, into out[INDICATOR_TARGETS_MAX]. */
enum ecat_err indicator_targets(struct db *db, int64_t id, struct indicator_target *out, size_t *n);

/* --- figures --- */

/*
 * A scope is the project plus what narrows it; the figures for it come from
 * the aggregates kept on write (project-wide and per partner) or, for a
 * period, from the activities in it.  (An indicator's own period scopes are
 * kept on write as well; indicator_scope_reach serves any scope.)
 */
struct indicator_scope {
        int64_t project_id;
        int64_t run_by;      /* partner organisation that ran the activities; 0: any */
        bool period;         /* from..to applies */
        int32_t from, to;    /* days, inclusive */
        uint32_t kinds;      /* bit k: org_kinds[k]; 0: every kind */
        const char *country; /* NULL: any */
};

/*
 * Institutions reached, grouped by the organisation attributes a scope can
 * filter on; each institution counts in exactly one group, so a scope's
 * distinct institutions are the sum over the groups it takes.  The
 * dashboard reads these once and answers every project-wide scope from
 * them without another read.
 */
struct reach_group {
        int kind; /* index into org_kinds, -1 when unknown */
        const char *country;
        const char *municipality; /* NULL when none */
        struct reach r;
};

/* Figures of scope s: from groups when s is project-wide and groups is not NULL.  0 or -1. */
int indicator_scope_reach(struct db *db, const struct indicator_scope *s,
                          const struct reach_group *groups, size_t n_groups, struct reach *out);

/*
 * The achieved figure of stored indicator ind over its own scope (t NULL)
 * or over its target t's, computed now; groups as above (may be NULL).
 * A scope whose partner has left the project holds nothing (0).  The manual
 * metric achieves its manual_value.  0, or -1 on a storage error.
 */
int indicator_achieved(struct db *db, const struct indicator *ind, const struct indicator_target *t,
                       const struct reach_group *groups, size_t n_groups, int64_t *achieved);

#endif

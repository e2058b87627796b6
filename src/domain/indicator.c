/* Indicators: the column tables, the rules, the doors and the figures (domain/indicator.h). */
#include "domain/indicator.h"

#include "domain/engagement.h"
#include "domain/scope.h"

#include "core/buf.h"
#include "core/util.h"
#include "domain/org.h"
#include "domain/project.h"

#include <string.h>

/* org_kinds entries a kinds bit set can name. */
#define ORG_KINDS_MAX 32

const struct column indicator_target_columns[TARGET__COLUMNS] = {
    [TARGET_ID] = {"id", "id", FT_INT, COL_READ_ONLY | COL_HIDDEN,
                   offsetof(struct indicator_target, id), 0, 0, 0, 0, NULL},
    [TARGET_PARTNER] = {"partner_id", "partner_id", FT_INT, FIELD_NULLABLE,
                        offsetof(struct indicator_target, partner_id), 1, INT64_MAX, 0, 0, NULL},
    [TARGET_START] = {"period_start", "period_start", FT_DATE, FIELD_NULLABLE,
                      offsetof(struct indicator_target, period_start), 0, 0, 0, 0, NULL},
    [TARGET_END] = {"period_end", "period_end", FT_DATE, FIELD_NULLABLE,
                    offsetof(struct indicator_target, period_end), 0, 0, 0, 0, NULL},
    [TARGET_TARGET] = {"target", "target", FT_INT, FIELD_REQUIRED,
                       offsetof(struct indicator_target, target), 0, INDICATOR_TARGET_MAX, 0, 0,
                       NULL},
};

const struct column indicator_columns[IND__COLUMNS] = {
    [IND_ID] = {"id", "id", FT_INT, COL_READ_ONLY, offsetof(struct indicator, id), 0, 0, 0, 0,
                NULL},
    [IND_PROJECT] = {"project_id", "project_id", FT_INT, COL_NO_INPUT,
                     offsetof(struct indicator, project_id), 1, INT64_MAX, 0, 0, NULL},
    [IND_NAME] = {"name", "name", FT_TEXT, FIELD_REQUIRED, offsetof(struct indicator, name), 1, 200,
                  0, 0, NULL},
    [IND_METRIC] = {"metric", "metric", FT_ENUM, FIELD_REQUIRED, offsetof(struct indicator, metric),
                    0, 0, 0, 0, indicator_metrics},
    [IND_PARTNER] = {"partner_id", "partner_id", FT_INT, FIELD_NULLABLE,
                     offsetof(struct indicator, partner_id), 1, INT64_MAX, 0, 0, NULL},
    [IND_KINDS] = {"kinds", "kinds", FT_ENUM_SET, 0, offsetof(struct indicator, kinds), 0, 0, 0, 0,
                   org_kinds},
    [IND_COUNTRY] = {"country", "country", FT_TEXT, FIELD_NULLABLE,
                     offsetof(struct indicator, country), 2, 2, 0, 0, NULL},
    [IND_START] = {"period_start", "period_start", FT_DATE, FIELD_NULLABLE,
                   offsetof(struct indicator, period_start), 0, 0, 0, 0, NULL},
    [IND_END] = {"period_end", "period_end", FT_DATE, FIELD_NULLABLE,
                 offsetof(struct indicator, period_end), 0, 0, 0, 0, NULL},
    [IND_TARGET] = {"target", "target", FT_INT, FIELD_REQUIRED, offsetof(struct indicator, target),
                    0, INDICATOR_TARGET_MAX, 0, 0, NULL},
    [IND_MANUAL] = {"manual_value", "manual_value", FT_INT, FIELD_NULLABLE,
                    offsetof(struct indicator, manual_value), 0, INDICATOR_TARGET_MAX, 0, 0, NULL},
    [IND_CREATED] = {"created_at", "created_at", FT_TIMESTAMP, COL_READ_ONLY,
                     offsetof(struct indicator, created_at), 0, 0, 0, 0, NULL},
    [IND_UPDATED] = {"updated_at", "updated_at", FT_TIMESTAMP, COL_READ_ONLY,
                     offsetof(struct indicator, updated_at), 0, 0, 0, 0, NULL},
};

_Static_assert(IND__COLUMNS <= RECORD_MAX_COLUMNS, "present bits hold every column");

#define BIT(i) (UINT64_C(1) << (i))

/* The columns the kept figures of an indicator's period scopes depend on. */
static const uint64_t scope_columns = BIT(IND_METRIC) | BIT(IND_PARTNER) | BIT(IND_KINDS) |
                                      BIT(IND_COUNTRY) | BIT(IND_START) | BIT(IND_END);

static enum metric metric_of(const struct indicator *ind)
{
        int m = metric_parse(ind->metric);
        return m < 0 ? METRIC_MANUAL : (enum metric)m;
}

/* The organisation of partner_id in project_id: 1 found, 0 not, -1 error. */
static int partner_org(struct db *db, int64_t partner_id, int64_t project_id, int64_t *org)
{
        struct stmt *st = db_prepare(db, STMT_PARTNER_ORG_IN_PROJECT);
        if (!st)
                return -1;
        st_bind_int(st, 1, partner_id);
        st_bind_int(st, 2, project_id);
        enum store_rc rc = st_step(st);
        if (rc == STORE_ROW)
                *org = st_int(st, 0);
        st_reset(st);
        return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : -1;
}

/* "targets[i].field" from p's arena. */
static const char *target_field(struct problems *p, size_t i, const char *field)
{
        return problem_printf(p, "targets", "targets[%zu].%s", i, field);
}

/* The rules of target i of in; -1 on a storage error. */
static int target_rules(struct db *db, const struct indicator *in, size_t i, struct problems *p)
{
        const struct indicator_target *t = &in->targets[i];
        for (size_t c = 0; c < TARGET__COLUMNS; c++)
                if ((indicator_target_columns[c].flags & FIELD_REQUIRED) && !REC_HAS(t, c))
                        problem_add(p, target_field(p, i, indicator_target_columns[c].name),
                                    "is required");
        if (REC_GIVEN(t, TARGET_PARTNER)) {
                int64_t org;
                int found = partner_org(db, t->partner_id, in->project_id, &org);
                if (found < 0)
                        return -1;
                if (!found)
                        problem_add(p, target_field(p, i, "partner_id"),
                                    "is not a partner of this project");
        }
        if (REC_GIVEN(t, TARGET_START) && REC_GIVEN(t, TARGET_END) &&
            t->period_end < t->period_start)
                problem_add(p, target_field(p, i, "period_end"), "must not be before period_start");
        return 0;
}

/* The rules of a complete indicator (a PATCH merged over the stored one), whatever wrote it. */
static int indicator_rules(struct db *db, const struct principal *who, void *rec,
                           const void *stored, struct problems *p)
{
        (void)who;
        (void)stored;
        struct indicator *in = rec;
        if (REC_GIVEN(in, IND_PARTNER)) {
                int64_t org;
                int found = partner_org(db, in->partner_id, in->project_id, &org);
                if (found < 0)
                        return -1;
                if (!found)
                        problem_add(p, "partner_id", "is not a partner of this project");
        }
        if (REC_GIVEN(in, IND_COUNTRY) && in->country && !country_valid(in->country))
                problem_add(p, "country", "must be an ISO 3166-1 alpha-2 code in use");
        if (REC_GIVEN(in, IND_START) && REC_GIVEN(in, IND_END) && in->period_end < in->period_start)
                problem_add(p, "period_end", "must not be before period_start");
        if (metric_counts_cases(metric_of(in)) && in->kinds)
                problem_add(p, "kinds",
                            "does not apply to a case metric (it counts the partner agencies' "
                            "cases, not institutions)");
        if (metric_counts_engagement(metric_of(in)) && in->kinds)
                problem_add(p, "kinds",
                            "does not apply to an engagement metric (it counts businesses and "
                            "hotels)");
        if (REC_GIVEN(in, IND_MANUAL) && metric_of(in) != METRIC_MANUAL) {
                if (in->given & BIT(IND_MANUAL))
                        problem_add(p, "manual_value", "is taken only by the manual metric");
                else
                        in->head.nulls |=
                            BIT(IND_MANUAL); /* the stored value goes with its metric */
        }
        if (!in->has_targets)
                return 0;
        if (in->n_targets > INDICATOR_TARGETS_MAX) {
                problem_add(p, "targets", "must list at most 50 targets");
                return 0;
        }
        for (size_t i = 0; i < in->n_targets; i++)
                if (target_rules(db, in, i, p) < 0)
                        return -1;
        return 0;
}

/* --- what is written with an indicator --- */

/* Replace the targets of indicator id with in's. */
static enum store_rc targets_store(struct db *db, int64_t id, const struct indicator *in)
{
        struct stmt *st = db_prepare(db, STMT_INDICATOR_TARGETS_DELETE);
        if (!st)
                return STORE_ERROR;
        st_bind_int(st, 1, id);
        if (st_exec(st) != STORE_DONE)
                return STORE_ERROR;
        for (size_t i = 0; i < in->n_targets; i++) {
                if (!(st = db_prepare(db, STMT_INDICATOR_TARGET_INSERT)))
                        return STORE_ERROR;
                int k = row_bind(st, indicator_target_columns, TARGET__COLUMNS, &in->targets[i], 1,
                                 NULL, NULL);
                if (k < 0) {
                        st_reset(st);
                        return STORE_ERROR;
                }
                st_bind_int(st, k, id);
                if (st_exec(st) != STORE_DONE)
                        return STORE_ERROR;
        }
        return STORE_OK;
}

enum ecat_err indicator_targets(struct db *db, int64_t id, struct indicator_target *out, size_t *n)
{
        *n = 0;
        struct stmt *st = db_prepare(db, STMT_INDICATOR_TARGETS);
        if (!st)
                return E_INTERNAL;
        st_bind_int(st, 1, id);
        struct arena a; /* for text columns; targets have none */
        arena_init(&a, 4096);
        enum store_rc rc = STORE_DONE;
        while (*n < INDICATOR_TARGETS_MAX && (rc = st_step(st)) == STORE_ROW) {
                struct indicator_target *t = &out[*n];
                memset(t, 0, sizeof(*t));
                if (row_read(st, indicator_target_columns, TARGET__COLUMNS, t, &a, NULL) < 0) {
                        rc = STORE_ERROR;
                        break;
                }
                (*n)++;
        }
        st_reset(st);
        arena_free(&a);
        return rc == STORE_ROW || rc == STORE_DONE ? E_OK : E_INTERNAL;
}

/*
 * The scope one figure is computed over: the indicator's own (t NULL), or a
 * target's, whose own partner and period replace the indicator's where set.
 */
struct effective_scope {
        int64_t target_id; /* 0: the indicator's own */
        int64_t partner_id;
        bool has_start, has_end;
        int32_t start, end;
};

static void effective_scope(const struct indicator *ind, const struct indicator_target *t,
                            struct effective_scope *e)
{
        bool own_period = t && (REC_GIVEN(t, TARGET_START) || REC_GIVEN(t, TARGET_END));
        e->target_id = t ? t->id : 0;
        e->partner_id = t && REC_GIVEN(t, TARGET_PARTNER) ? t->partner_id
                        : REC_GIVEN(ind, IND_PARTNER)     ? ind->partner_id
                                                          : 0;
        if (own_period) {
                e->has_start = REC_GIVEN(t, TARGET_START);
                e->start = t->period_start;
                e->has_end = REC_GIVEN(t, TARGET_END);
                e->end = t->period_end;
        } else {
                e->has_start = REC_GIVEN(ind, IND_START);
                e->start = ind->period_start;
                e->has_end = REC_GIVEN(ind, IND_END);
                e->end = ind->period_end;
        }
}

/*
 * The scope's parameters for the figures; 0 when set, 1 when the partner
 * is no longer in the project (nothing is in scope), -1 on error.
 */
static int scope_params(struct db *db, const struct indicator *ind, const struct effective_scope *e,
                        struct indicator_scope *s)
{
        memset(s, 0, sizeof(*s));
        s->project_id = ind->project_id;
        s->period = e->has_start || e->has_end;
        s->from = e->has_start ? e->start : DAY_MIN;
        s->to = e->has_end ? e->end : DAY_MAX;
        s->kinds = ind->kinds;
        s->country = REC_GIVEN(ind, IND_COUNTRY) ? ind->country : NULL;
        if (!e->partner_id)
                return 0;
        int found = partner_org(db, e->partner_id, ind->project_id, &s->run_by);
        return found < 0 ? -1 : !found;
}

/* ",kind,kind," for the SQL filter, '' for every kind. */
static void kinds_filter(uint32_t kinds, struct buf *b)
{
        if (!kinds)
                return;
        buf_putc(b, ',');
        for (int k = 0; k < ORG_KINDS_MAX && org_kinds[k]; k++)
                if (kinds >> k & 1u)
                        buf_printf(b, "%s,", org_kinds[k]);
}

/* Make and fill the kept row of one period scope of indicator id. */
static enum store_rc scope_make(struct db *db, int64_t id, const struct indicator *ind,
                                const struct effective_scope *e)
{
        struct indicator_scope s;
        int rc = scope_params(db, ind, e, &s);
        if (rc < 0)
                return STORE_ERROR;
        if (rc > 0 || !s.period)
                return STORE_OK; /* nothing to keep: no period, or no partner any more */
        struct buf kinds;
        buf_init(&kinds, 1024);
        kinds_filter(s.kinds, &kinds);
        const char *k = kinds.data ? kinds.data : "", *country = s.country ? s.country : "";
        enum store_rc out = STORE_ERROR;
        struct stmt *st = db_prepare(db, STMT_SCOPE_INSERT);
        if (!st)
                goto done;
        st_bind_int(st, 1, id);
        if (e->target_id)
                st_bind_int(st, 2, e->target_id);
        st_bind_int(st, 3, s.project_id);
        st_bind_int(st, 4, s.run_by);
        st_bind_int(st, 5, s.from);
        st_bind_int(st, 6, s.to);
        st_bind_text(st, 7, k);
        st_bind_text(st, 8, country);
        int64_t scope = 0;
        if (st_insert(st, &scope) != STORE_DONE)
                goto done;
        if (!(st = db_prepare(db, STMT_SCOPE_FILL)))
                goto done;
        st_bind_int(st, 1, scope);
        st_bind_int(st, 2, s.project_id);
        st_bind_int(st, 3, s.run_by);
        st_bind_int(st, 4, s.from);
        st_bind_int(st, 5, s.to);
        st_bind_text(st, 6, k);
        st_bind_text(st, 7, country);
        if (st_exec(st) != STORE_DONE || !(st = db_prepare(db, STMT_SCOPE_TOTALS)))
                goto done;
        st_bind_int(st, 1, scope);
        out = st_exec(st) == STORE_DONE ? STORE_OK : STORE_ERROR;
done:
        buf_free(&kinds);
        return out;
}

/*
 * Make again the kept figures of every period scope of indicator id (as in
 * holds it now), after its scope or targets changed.  Reading the
 * activities in each period once here is what lets every later read take
 * one row; the triggers of migration 3 keep the rows current from then on.
 */
static enum store_rc scopes_rebuild(struct db *db, int64_t id, const struct indicator *in)
{
        struct stmt *st = db_prepare(db, STMT_SCOPE_DELETE);
        if (!st)
                return STORE_ERROR;
        st_bind_int(st, 1, id);
        if (st_exec(st) != STORE_DONE)
                return STORE_ERROR;
        const char *audience;
        if (metric_of(in) == METRIC_MANUAL || metric_counts_cases(metric_of(in)) ||
            metric_counts_materials(metric_of(in), &audience) ||
            metric_counts_engagement(metric_of(in)))
                return STORE_OK; /* nothing kept: typed in, or counted each time */
        struct effective_scope e;
        effective_scope(in, NULL, &e);
        struct indicator_target rows[INDICATOR_TARGETS_MAX];
        size_t n = 0;
        enum store_rc rc =
            indicator_targets(db, id, rows, &n) != E_OK ? STORE_ERROR : scope_make(db, id, in, &e);
        for (size_t i = 0; i < n && rc == STORE_OK; i++) {
                effective_scope(in, &rows[i], &e);
                rc = scope_make(db, id, in, &e);
        }
        return rc;
}

/* After a create or update: the targets it carries, then the kept figures they change. */
static enum ecat_err indicator_written(struct db *db, const struct principal *who, int64_t id,
                                       const void *rec, struct problems *p)
{
        (void)who;
        (void)p;
        const struct indicator *in = rec;
        if (in->has_targets && targets_store(db, id, in) != STORE_OK)
                return E_INTERNAL;
        if ((in->has_targets || (in->given & scope_columns)) &&
            scopes_rebuild(db, id, in) != STORE_OK)
                return E_INTERNAL;
        return E_OK;
}

/* A project's indicators are its settings: written by its lead partner. */
static enum ecat_err indicator_scope(struct db *db, const struct principal *who, const void *rec)
{
        return scope_lead(db, who, ((const struct indicator *)rec)->project_id);
}

const struct resource indicator_resource = {
    .name = "indicator",
    .table = "indicators",
    .cols = indicator_columns,
    .n_cols = IND__COLUMNS,
    .size = sizeof(struct indicator),
    .by_id = STMT_INDICATOR_BY_ID,
    .insert = STMT_INDICATOR_INSERT,
    .update = STMT_INDICATOR_UPDATE,
    .del = STMT_INDICATOR_DELETE,
    .has_update = true,
    .has_delete = true,
    .rules = indicator_rules,
    .scope = indicator_scope,
    .after_write = indicator_written,
};

enum ecat_err indicator_create(struct db *db, const struct principal *who, int64_t project_id,
                               struct indicator *in, struct problems *p, int64_t *id)
{
        enum ecat_err e = project_find(db, project_id, NULL, NULL);
        if (e == E_OK)
                e = scope_lead(db, who, project_id);
        if (e != E_OK) {
                if (e == E_NOT_FOUND)
                        p->message = "no such project"; /* missing or out of scope alike */
                return e;
        }
        in->given = in->head.present;
        in->project_id = project_id;
        record_give(in, IND_PROJECT);
        in->has_targets = true;
        return res_create(db, who, &indicator_resource, in, 0, p, id);
}

enum ecat_err indicator_update(struct db *db, const struct principal *who, int64_t id,
                               struct indicator *patch, struct problems *p)
{
        patch->given = patch->head.present;
        return res_update(db, who, &indicator_resource, id, patch, p);
}

enum ecat_err indicator_delete(struct db *db, const struct principal *who, int64_t id,
                               struct problems *p)
{
        return res_delete(db, who, &indicator_resource, id, p);
}

enum ecat_err indicator_get(struct db *db, const struct principal *who, struct arena *a, int64_t id,
                            struct indicator *out)
{
        (void)who;
        return res_load(db, &indicator_resource, a, id, out);
}

/* --- figures --- */

static bool group_in_scope(const struct reach_group *g, const struct indicator_scope *s)
{
        if (s->kinds && (g->kind < 0 || !(s->kinds >> g->kind & 1u)))
                return false;
        return !s->country || (g->country && strcmp(g->country, s->country) == 0);
}

int indicator_scope_reach(struct db *db, const struct indicator_scope *s,
                          const struct reach_group *groups, size_t n_groups, struct reach *out)
{
        memset(out, 0, sizeof(*out));
        if (!s->period && !s->run_by && groups) {
                for (size_t i = 0; i < n_groups; i++) {
                        if (!group_in_scope(&groups[i], s))
                                continue;
                        out->institutions += groups[i].r.institutions;
                        out->activities += groups[i].r.activities;
                        for (int k = 0; k < AUDIENCE_GROUPS; k++)
                                out->audience[k] += groups[i].r.audience[k];
                }
                return 0;
        }
        bool filtered = s->kinds || s->country;
        enum stmt_id id = !s->period  ? STMT_REACH_GROUPS
                          : s->run_by ? (filtered ? STMT_REACH_PARTNER_PERIOD_FILTERED
                                                  : STMT_REACH_PARTNER_PERIOD)
                                      : (filtered ? STMT_REACH_PERIOD_FILTERED : STMT_REACH_PERIOD);
        struct stmt *st = db_prepare(db, id);
        if (!st)
                return -1;
        struct buf kinds;
        buf_init(&kinds, 1024);
        kinds_filter(s->kinds, &kinds);
        st_bind_int(st, 1, s->project_id);
        st_bind_text(st, 2, kinds.data ? kinds.data : "");
        st_bind_text(st, 3, s->country);
        st_bind_int(st, 4, s->run_by);
        st_bind_int(st, 5, s->from);
        st_bind_int(st, 6, s->to);
        enum store_rc rc = st_step(st);
        if (rc == STORE_ROW) {
                out->institutions = st_int(st, 0);
                out->activities = st_int(st, 1);
                for (int k = 0; k < AUDIENCE_GROUPS; k++)
                        out->audience[k] = st_int(st, 2 + k);
        }
        st_reset(st);
        buf_free(&kinds);
        return rc == STORE_ROW ? 0 : -1;
}

/* The kept figures of a period scope (indicator_scopes); 1 found, 0 not, -1 error. */
static int kept_scope_reach(struct db *db, int64_t indicator_id, int64_t target_id,
                            struct reach *out)
{
        struct stmt *st = db_prepare(db, STMT_SCOPE_FIGURES);
        if (!st)
                return -1;
        st_bind_int(st, 1, indicator_id);
        if (target_id)
                st_bind_int(st, 2, target_id);
        enum store_rc rc = st_step(st);
        if (rc == STORE_ROW) {
                out->institutions = st_int(st, 0);
                out->activities = st_int(st, 1);
                for (int k = 0; k < AUDIENCE_GROUPS; k++)
                        out->audience[k] = st_int(st, 2 + k);
        }
        st_reset(st);
        return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : -1;
}

/* A case metric over scope s, counted from the cases now (they are few); 0, or -1. */
static int case_metric(struct db *db, enum metric m, const struct indicator_scope *s,
                       int64_t *achieved)
{
        struct stmt *st = db_prepare(db, m == METRIC_CASES_ASSISTED ? STMT_CASE_METRIC_ASSISTED
                                                                    : STMT_CASE_METRIC_REFERRALS);
        if (!st)
                return -1;
        st_bind_int(st, 1, s->project_id);
        st_bind_int(st, 2, s->run_by);
        st_bind_text(st, 3, s->country ? s->country : "");
        st_bind_int(st, 4, s->from);
        st_bind_int(st, 5, s->to);
        enum store_rc rc = st_step(st);
        if (rc == STORE_ROW)
                *achieved = st_int(st, 0);
        st_reset(st);
        return rc == STORE_ROW ? 0 : -1;
}

/*
 * An engagement metric over scope s, counted from the engagement tables now:
 * businesses_engaged from the stage history (a row of the asked stage or a
 * later one, declined never counting, dated in the period), agreements_signed
 * from the agreements signed (or expired after being signed) in the period.
 * The partner is run_by, the country the organisation's.  0, or -1.
 */
static int engagement_metric(struct db *db, enum metric m, const struct indicator_scope *s,
                             int64_t *achieved)
{
        int stage = metric_engagement_stage(m);
        struct stmt *st = db_prepare(db, stage >= 0 ? STMT_ENGAGEMENT_METRIC_REACHED
                                                    : STMT_ENGAGEMENT_METRIC_AGREEMENTS);
        if (!st)
                return -1;
        st_bind_int(st, 1, s->project_id);
        st_bind_int(st, 2, s->run_by);
        st_bind_text(st, 3, s->country ? s->country : "");
        st_bind_int(st, 4, s->period ? s->from : DAY_MIN);
        st_bind_int(st, 5, s->period ? s->to : DAY_MAX);
        if (stage >= 0) {
                /* The stages from the asked one to active, as ",committed,trained,active,". */
                char set[96] = ",";
                for (int k = stage; k < ENGAGEMENT_DECLINED; k++) {
                        strncat(set, engagement_stage_names[k], sizeof(set) - strlen(set) - 2);
                        strncat(set, ",", sizeof(set) - strlen(set) - 1);
                }
                st_bind_text(st, 6, set);
        }
        enum store_rc rc = st_step(st);
        if (rc == STORE_ROW)
                *achieved = st_int(st, 0);
        st_reset(st);
        return rc == STORE_ROW ? 0 : -1;
}

/* Copies of materials handed out in scope s (to audience, or to all); 0, or -1. */
static int materials_metric(struct db *db, const struct indicator_scope *s, const char *audience,
                            int64_t *achieved)
{
        struct stmt *st = db_prepare(db, STMT_DIST_METRIC);
        if (!st)
                return -1;
        struct buf kinds;
        buf_init(&kinds, 1024);
        kinds_filter(s->kinds, &kinds);
        st_bind_int(st, 1, s->project_id);
        st_bind_int(st, 2, s->run_by);
        st_bind_text(st, 3, s->country ? s->country : "");
        st_bind_int(st, 4, s->period ? s->from : DAY_MIN);
        st_bind_int(st, 5, s->period ? s->to : DAY_MAX);
        st_bind_text(st, 6, audience ? audience : "");
        st_bind_text(st, 7, kinds.data ? kinds.data : "");
        enum store_rc rc = st_step(st);
        if (rc == STORE_ROW)
                *achieved = st_int(st, 0);
        st_reset(st);
        buf_free(&kinds);
        return rc == STORE_ROW ? 0 : -1;
}

int indicator_achieved(struct db *db, const struct indicator *ind, const struct indicator_target *t,
                       const struct reach_group *groups, size_t n_groups, int64_t *achieved)
{
        enum metric metric = metric_of(ind);
        if (metric == METRIC_MANUAL) {
                *achieved = REC_GIVEN(ind, IND_MANUAL) ? ind->manual_value : 0;
                return 0;
        }
        struct effective_scope e;
        effective_scope(ind, t, &e);
        struct indicator_scope s;
        int rc = scope_params(db, ind, &e, &s);
        if (rc != 0) {
                *achieved = 0;
                return rc < 0 ? -1 : 0;
        }
        if (metric_counts_cases(metric))
                return case_metric(db, metric, &s, achieved);
        const char *audience;
        if (metric_counts_materials(metric, &audience))
                return materials_metric(db, &s, audience, achieved);
        if (metric_counts_engagement(metric))
                return engagement_metric(db, metric, &s, achieved);
        struct reach r;
        int kept = s.period ? kept_scope_reach(db, ind->id, e.target_id, &r) : 0;
        if (kept < 0 || (!kept && indicator_scope_reach(db, &s, groups, n_groups, &r) < 0))
                return -1;
        *achieved = metric_achieved(metric, &r, 0);
        return 0;
}

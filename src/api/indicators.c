/*
 * Indicators: a metric over a scope, with a target and optional further
 * targets per partner and/or period.  The achieved figure is always
 * computed from the records when asked for (never stored, never typed in),
 * except for the manual metric whose value is typed in.
 *
 * Scope: the project; optionally one partner (the activities that partner's
 * organisation ran), a period (inclusive dates), organisation kinds and a
 * country of the institutions reached.  A target's own partner or period
 * replaces the indicator's where the target sets one.
 *
 * Where the figures come from: scopes without a period are sums over the
 * groups of institutions kept on write (project_group); a scope with a
 * period has its own kept row (indicator_scopes), made from the activities
 * in the period when the indicator is written and kept current by triggers
 * from then on.  Either way a figure costs a few rows, not a scan of the
 * activities.  (Should a kept row be missing, the figure is computed from
 * the activities through covering indexes, and is still right.)
 */
#include "api/app.h"
#include "api/handlers.h"
#include "api/params.h"
#include "api/programme.h"
#include "api/respond.h"
#include "api/validate.h"
#include "audit/audit.h"
#include "core/buf.h"
#include "core/util.h"
#include "domain/org.h"

#include <stdlib.h>
#include <string.h>

#define TARGET_MAX    INT64_C(1000000000000)
#define TARGETS_MAX   50
#define ORG_KINDS_MAX 32

struct indicator_input {
        struct input_head head;
        const char *name;
        const char *metric;
        int64_t partner_id;
        uint32_t kinds;
        const char *country;
        int32_t period_start;
        int32_t period_end;
        int64_t target;
        int64_t manual_value;
};

enum { I_NAME, I_METRIC, I_PARTNER, I_KINDS, I_COUNTRY, I_START, I_END, I_TARGET, I_MANUAL };

static const struct field_spec indicator_fields[] = {
    [I_NAME] = {"name", FT_TEXT, FIELD_REQUIRED, offsetof(struct indicator_input, name), 1, 200, 0,
                0, NULL},
    [I_METRIC] = {"metric", FT_ENUM, FIELD_REQUIRED, offsetof(struct indicator_input, metric), 0, 0,
                  0, 0, indicator_metrics},
    [I_PARTNER] = {"partner_id", FT_INT, FIELD_NULLABLE,
                   offsetof(struct indicator_input, partner_id), 1, INT64_MAX, 0, 0, NULL},
    [I_KINDS] = {"kinds", FT_ENUM_SET, 0, offsetof(struct indicator_input, kinds), 0, 0, 0, 0,
                 org_kinds},
    [I_COUNTRY] = {"country", FT_TEXT, FIELD_NULLABLE, offsetof(struct indicator_input, country), 2,
                   2, 0, 0, NULL},
    [I_START] = {"period_start", FT_DATE, FIELD_NULLABLE,
                 offsetof(struct indicator_input, period_start), 0, 0, 0, 0, NULL},
    [I_END] = {"period_end", FT_DATE, FIELD_NULLABLE, offsetof(struct indicator_input, period_end),
               0, 0, 0, 0, NULL},
    [I_TARGET] = {"target", FT_INT, FIELD_REQUIRED, offsetof(struct indicator_input, target), 0,
                  TARGET_MAX, 0, 0, NULL},
    [I_MANUAL] = {"manual_value", FT_INT, FIELD_NULLABLE,
                  offsetof(struct indicator_input, manual_value), 0, TARGET_MAX, 0, 0, NULL},
};

struct target_input {
        struct input_head head;
        int64_t partner_id;
        int32_t period_start;
        int32_t period_end;
        int64_t target;
};

enum { T_PARTNER, T_START, T_END, T_TARGET };

static const struct field_spec target_fields[] = {
    [T_PARTNER] = {"partner_id", FT_INT, FIELD_NULLABLE, offsetof(struct target_input, partner_id),
                   1, INT64_MAX, 0, 0, NULL},
    [T_START] = {"period_start", FT_DATE, FIELD_NULLABLE,
                 offsetof(struct target_input, period_start), 0, 0, 0, 0, NULL},
    [T_END] = {"period_end", FT_DATE, FIELD_NULLABLE, offsetof(struct target_input, period_end), 0,
               0, 0, 0, NULL},
    [T_TARGET] = {"target", FT_INT, FIELD_REQUIRED, offsetof(struct target_input, target), 0,
                  TARGET_MAX, 0, 0, NULL},
};

/* --- figures --- */

/* ",kind,kind," for the SQL filter, '' for every kind. */
static void kinds_filter(uint32_t kinds, struct buf *b)
{
        if (!kinds)
                return;
        buf_putc(b, ',');
        for (int k = 0; org_kinds[k] && k < ORG_KINDS_MAX; k++)
                if (kinds >> k & 1u)
                        buf_printf(b, "%s,", org_kinds[k]);
}

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

/* One indicator's stored fields, as the figures need them. */
struct indicator_row {
        int64_t id, project_id;
        enum metric metric;
        int64_t partner_id; /* 0: none */
        uint32_t kinds;
        const char *country; /* malloc'd copy or NULL */
        bool has_start, has_end;
        int32_t start, end;
        int64_t target;
        bool has_manual;
        int64_t manual;
        json_t *obj; /* the JSON object being built */
};

static json_t *date_or_null(bool has, int32_t days)
{
        if (!has)
                return json_null();
        char d[11];
        format_date(days, d);
        return json_string(d);
}

static json_t *percent_json(int64_t achieved, int64_t target)
{
        double p;
        return indicator_percent(achieved, target, &p) ? json_real(p) : json_null();
}

/* A stored target of an indicator. */
struct target_row {
        int64_t id, partner_id, target;
        bool has_start, has_end;
        int32_t start, end;
};

/* The targets of indicator_id into rows[TARGETS_MAX]; -1 on a storage error. */
static int read_targets(struct db *db, int64_t indicator_id, struct target_row *rows, size_t *n)
{
        *n = 0;
        struct stmt *st = db_prepare(db, STMT_INDICATOR_TARGETS);
        if (!st)
                return -1;
        st_bind_int(st, 1, indicator_id);
        enum store_rc rc;
        while ((rc = st_step(st)) == STORE_ROW && *n < TARGETS_MAX) {
                struct target_row *t = &rows[(*n)++];
                t->partner_id = st_null(st, 0) ? 0 : st_int(st, 0);
                t->has_start = !st_null(st, 1);
                t->start = (int32_t)st_int(st, 1);
                t->has_end = !st_null(st, 2);
                t->end = (int32_t)st_int(st, 2);
                t->target = st_int(st, 3);
                t->id = st_int(st, 4);
        }
        st_reset(st);
        return rc == STORE_ROW || rc == STORE_DONE ? 0 : -1;
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

static void effective_scope(const struct indicator_row *ind, const struct target_row *t,
                            struct effective_scope *e)
{
        bool own_period = t && (t->has_start || t->has_end);
        e->target_id = t ? t->id : 0;
        e->partner_id = t && t->partner_id ? t->partner_id : ind->partner_id;
        e->has_start = own_period ? t->has_start : ind->has_start;
        e->start = own_period ? t->start : ind->start;
        e->has_end = own_period ? t->has_end : ind->has_end;
        e->end = own_period ? t->end : ind->end;
}

/*
 * The scope's parameters for the figures; 0 when set, 1 when the partner
 * is no longer in the project (nothing is in scope), -1 on error.
 */
static int scope_params(struct db *db, const struct indicator_row *ind,
                        const struct effective_scope *e, struct indicator_scope *s)
{
        memset(s, 0, sizeof(*s));
        s->project_id = ind->project_id;
        s->period = e->has_start || e->has_end;
        s->from = e->has_start ? e->start : DAY_MIN;
        s->to = e->has_end ? e->end : DAY_MAX;
        s->kinds = ind->kinds;
        s->country = ind->country;
        if (!e->partner_id)
                return 0;
        int found = partner_org(db, e->partner_id, ind->project_id, &s->run_by);
        return found < 0 ? -1 : !found;
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

/*
 * The achieved figure of the indicator over scope e: a period scope from
 * its kept row (computed from the activities only if the row is missing),
 * any other from the groups.  -1 on a storage error.
 */
static int scope_achieved(struct db *db, const struct indicator_row *ind,
                          const struct effective_scope *e, const struct reach_group *groups,
                          size_t n_groups, int64_t *achieved)
{
        if (ind->metric == METRIC_MANUAL) {
                *achieved = ind->has_manual ? ind->manual : 0;
                return 0;
        }
        struct indicator_scope s;
        int rc = scope_params(db, ind, e, &s);
        if (rc != 0) {
                *achieved = 0;
                return rc < 0 ? -1 : 0;
        }
        struct reach r;
        int kept = s.period ? kept_scope_reach(db, ind->id, e->target_id, &r) : 0;
        if (kept < 0 || (!kept && indicator_scope_reach(db, &s, groups, n_groups, &r) < 0))
                return -1;
        *achieved = metric_achieved(ind->metric, &r, 0);
        return 0;
}

/* Finish ind->obj: achieved, percent and targets with theirs. */
static int indicator_finish(struct db *db, struct indicator_row *ind,
                            const struct reach_group *groups, size_t n_groups)
{
        struct effective_scope e;
        effective_scope(ind, NULL, &e);
        int64_t achieved;
        if (scope_achieved(db, ind, &e, groups, n_groups, &achieved) < 0)
                return -1;
        json_object_set_new(ind->obj, "achieved", json_integer(achieved));
        json_object_set_new(ind->obj, "percent", percent_json(achieved, ind->target));

        struct target_row rows[TARGETS_MAX];
        size_t n;
        if (read_targets(db, ind->id, rows, &n) < 0)
                return -1;
        json_t *targets = json_array();
        for (size_t i = 0; i < n; i++) {
                struct target_row *t = &rows[i];
                effective_scope(ind, t, &e);
                int64_t got;
                if (scope_achieved(db, ind, &e, groups, n_groups, &got) < 0) {
                        json_decref(targets);
                        return -1;
                }
                json_array_append_new(
                    targets, json_pack("{s:o, s:o, s:o, s:I, s:I, s:o}", "partner_id",
                                       t->partner_id ? json_integer(t->partner_id) : json_null(),
                                       "period_start", date_or_null(t->has_start, t->start),
                                       "period_end", date_or_null(t->has_end, t->end), "target",
                                       (json_int_t)t->target, "achieved", (json_int_t)got,
                                       "percent", percent_json(got, t->target)));
        }
        json_object_set_new(ind->obj, "targets", targets);
        return 0;
}

static json_t *kinds_json(uint32_t kinds)
{
        json_t *a = json_array();
        for (int k = 0; org_kinds[k] && k < ORG_KINDS_MAX; k++)
                if (kinds >> k & 1u)
                        json_array_append_new(a, json_string(org_kinds[k]));
        return a;
}

/* INDICATOR_COLS positions; the row's strings are copied. */
static void indicator_read(struct stmt *st, struct indicator_row *ind)
{
        memset(ind, 0, sizeof(*ind));
        ind->id = st_int(st, 0);
        ind->project_id = st_int(st, 1);
        int m = metric_parse(st_text(st, 3));
        ind->metric = m < 0 ? METRIC_MANUAL : (enum metric)m;
        ind->partner_id = st_null(st, 4) ? 0 : st_int(st, 4);
        ind->kinds = (uint32_t)st_int(st, 5);
        ind->country = st_null(st, 6) ? NULL : strdup(st_text(st, 6));
        ind->has_start = !st_null(st, 7);
        ind->start = (int32_t)st_int(st, 7);
        ind->has_end = !st_null(st, 8);
        ind->end = (int32_t)st_int(st, 8);
        ind->target = st_int(st, 9);
        ind->has_manual = !st_null(st, 10);
        ind->manual = st_int(st, 10);
        ind->obj = json_pack(
            "{s:I, s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:I, s:o, s:o, s:o}", "id",
            (json_int_t)ind->id, "project_id", (json_int_t)ind->project_id, "name", st_text(st, 2),
            "metric", st_text(st, 3), "partner_id",
            ind->partner_id ? json_integer(ind->partner_id) : json_null(), "kinds",
            kinds_json(ind->kinds), "country", json_string_or_null(ind->country), "period_start",
            date_or_null(ind->has_start, ind->start), "period_end",
            date_or_null(ind->has_end, ind->end), "target", (json_int_t)ind->target, "manual_value",
            ind->has_manual ? json_integer(ind->manual) : json_null(), "created_at",
            json_timestamp(st_int(st, 11)), "updated_at", json_timestamp(st_int(st, 12)));
}

/*
 * Indicators of project_id (limit < 0: all) as a JSON array; the rows are
 * read first, then each one's figures, so no statement is stepped twice.
 */
static json_t *indicators_page(struct db *db, int64_t project_id, int64_t limit, int64_t offset,
                               const struct reach_group *groups, size_t n_groups)
{
        struct stmt *st = db_prepare(db, STMT_INDICATOR_LIST);
        if (!st)
                return NULL;
        st_bind_int(st, 1, project_id);
        st_bind_int(st, 2, limit);
        st_bind_int(st, 3, offset);
        struct indicator_row *rows = NULL;
        size_t n = 0, cap = 0;
        bool ok = true;
        enum store_rc rc;
        while ((rc = st_step(st)) == STORE_ROW) {
                if (n == cap) {
                        size_t ncap = cap ? cap * 2 : 16;
                        struct indicator_row *bigger = realloc(rows, ncap * sizeof(*rows));
                        if (!bigger) {
                                ok = false;
                                break;
                        }
                        rows = bigger;
                        cap = ncap;
                }
                indicator_read(st, &rows[n++]);
        }
        st_reset(st);
        if (rc != STORE_DONE)
                ok = false;
        json_t *list = json_array();
        for (size_t i = 0; i < n; i++) {
                if (ok && rows[i].obj && indicator_finish(db, &rows[i], groups, n_groups) == 0)
                        json_array_append_new(list, rows[i].obj);
                else {
                        ok = false;
                        json_decref(rows[i].obj);
                }
                free((char *)rows[i].country);
        }
        free(rows);
        if (!ok) {
                json_decref(list);
                return NULL;
        }
        return list;
}

json_t *indicators_render(struct db *db, int64_t project_id, const struct reach_group *groups,
                          size_t n_groups)
{
        return indicators_page(db, project_id, -1, 0, groups, n_groups);
}

json_t *indicator_load(struct db *db, int64_t id)
{
        struct stmt *st = db_prepare(db, STMT_INDICATOR_BY_ID);
        if (!st)
                return NULL;
        st_bind_int(st, 1, id);
        struct indicator_row ind;
        bool found = st_step(st) == STORE_ROW;
        if (found)
                indicator_read(st, &ind);
        st_reset(st);
        if (!found)
                return NULL;
        json_t *obj = ind.obj;
        if (obj && indicator_finish(db, &ind, NULL, 0) < 0) {
                json_decref(obj);
                obj = NULL;
        }
        free((char *)ind.country);
        return obj;
}

/* --- kept figures of period scopes --- */

/* Make and fill the kept row of one period scope of ind. */
static enum store_rc scope_make(struct db *db, const struct indicator_row *ind,
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
        st_bind_int(st, 1, ind->id);
        if (e->target_id)
                st_bind_int(st, 2, e->target_id);
        st_bind_int(st, 3, s.project_id);
        st_bind_int(st, 4, s.run_by);
        st_bind_int(st, 5, s.from);
        st_bind_int(st, 6, s.to);
        st_bind_text(st, 7, k);
        st_bind_text(st, 8, country);
        if (st_exec(st) != STORE_DONE)
                goto done;
        int64_t scope = db_last_id(db);
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
 * Make again the kept figures of every period scope of indicator id, after
 * its scope or targets changed.  Reading the activities in each period once
 * here is what lets every later read take one row; the triggers of
 * migration 3 keep the rows current from then on.
 */
static enum store_rc scopes_rebuild(struct db *db, int64_t id)
{
        struct stmt *st = db_prepare(db, STMT_SCOPE_DELETE);
        if (!st)
                return STORE_ERROR;
        st_bind_int(st, 1, id);
        if (st_exec(st) != STORE_DONE || !(st = db_prepare(db, STMT_INDICATOR_BY_ID)))
                return STORE_ERROR;
        st_bind_int(st, 1, id);
        struct indicator_row ind;
        enum store_rc rc = st_step(st);
        if (rc == STORE_ROW)
                indicator_read(st, &ind);
        st_reset(st);
        if (rc != STORE_ROW)
                return STORE_ERROR;
        json_decref(ind.obj);
        struct target_row rows[TARGETS_MAX];
        size_t n = 0;
        rc = STORE_OK;
        if (ind.metric != METRIC_MANUAL) {
                struct effective_scope e;
                effective_scope(&ind, NULL, &e);
                rc = read_targets(db, id, rows, &n) < 0 ? STORE_ERROR : scope_make(db, &ind, &e);
                for (size_t i = 0; i < n && rc == STORE_OK; i++) {
                        effective_scope(&ind, &rows[i], &e);
                        rc = scope_make(db, &ind, &e);
                }
        }
        free((char *)ind.country);
        return rc;
}

/* --- input --- */

/* An indicator body: its own fields, and its targets when it names them. */
struct indicator_body {
        struct indicator_input in;
        bool has_targets;
        struct target_input targets[TARGETS_MAX];
        size_t n_targets;
};

static void target_error(json_t **errors, size_t i, const char *field, const char *message)
{
        char key[64];
        snprintf(key, sizeof(key), "targets[%zu].%s", i, field);
        error_add(errors, key, message);
}

/*
 * Validate json into b.  "targets" is checked here, as a list of at most
 * TARGETS_MAX objects each validated against target_fields; every other key
 * goes through validate_json against indicator_fields.
 */
static enum ecat_err indicator_parse(struct arena *a, const char *json, size_t len, bool partial,
                                     struct indicator_body *b, json_t **errors)
{
        memset(b, 0, sizeof(*b));
        if (!utf8_valid(json, len)) {
                error_add(errors, "body", "the request body is not valid UTF-8 text");
                return E_BAD_REQUEST;
        }
        json_t *root = json_object_of(json, len, errors);
        if (!root)
                return E_BAD_REQUEST;
        json_t *list = json_object_get(root, "targets");
        if (list) {
                json_incref(list);
                json_object_del(root, "targets");
                b->has_targets = true;
        }
        char *rest = json_dumps(root, JSON_COMPACT);
        json_decref(root);
        if (!rest) {
                json_decref(list);
                return E_INTERNAL;
        }
        const char *message = NULL;
        json_t *ferr = NULL;
        enum validate_result v =
            validate_json(a, rest, strlen(rest), indicator_fields, ARRAY_LEN(indicator_fields),
                          &b->in, partial, &ferr, &message);
        free(rest);
        if (v == MALFORMED) {
                json_decref(list);
                error_add(errors, "body", message);
                return E_BAD_REQUEST;
        }
        *errors = ferr; /* json_object_of succeeded, so nothing was there before */
        if (list && !json_is_array(list)) {
                error_add(errors, "targets", "must be a list of targets");
        } else if (list && json_array_size(list) > TARGETS_MAX) {
                error_add(errors, "targets", "must list at most 50 targets");
        } else if (list) {
                size_t i;
                json_t *t;
                json_array_foreach(list, i, t)
                {
                        if (!json_is_object(t)) {
                                char key[32];
                                snprintf(key, sizeof(key), "targets[%zu]", i);
                                error_add(errors, key, "must be an object");
                                continue;
                        }
                        char *text = json_dumps(t, JSON_COMPACT);
                        json_t *terr = NULL;
                        v = text ? validate_json(a, text, strlen(text), target_fields,
                                                 ARRAY_LEN(target_fields), &b->targets[i], false,
                                                 &terr, &message)
                                 : MALFORMED;
                        free(text);
                        if (v == MALFORMED) {
                                target_error(errors, i, "target", "cannot be read");
                                continue;
                        }
                        const char *k;
                        json_t *m;
                        json_object_foreach(terr, k, m)
                            target_error(errors, i, k, json_string_value(m));
                        json_decref(terr);
                }
                b->n_targets = json_array_size(list);
        }
        json_decref(list);
        return *errors ? E_VALIDATION : E_OK;
}

/*
 * The rules beyond each field's bounds, on the merged record: partners of
 * this project, a country in use, periods in order, a value only for the
 * manual metric.  Adds to *errors; -1 on a storage error.
 */
static int indicator_rules(struct db *db, int64_t project_id, const struct indicator_body *b,
                           json_t **errors)
{
        const struct indicator_input *in = &b->in;
        int64_t org;
        if (INPUT_HAS(in, I_PARTNER) && !INPUT_NULL(in, I_PARTNER)) {
                int found = partner_org(db, in->partner_id, project_id, &org);
                if (found < 0)
                        return -1;
                if (!found)
                        error_add(errors, "partner_id", "is not a partner of this project");
        }
        if (in->country && !country_valid(in->country))
                error_add(errors, "country", "must be an ISO 3166-1 alpha-2 code in use");
        if (INPUT_HAS(in, I_START) && !INPUT_NULL(in, I_START) && INPUT_HAS(in, I_END) &&
            !INPUT_NULL(in, I_END) && in->period_end < in->period_start)
                error_add(errors, "period_end", "must not be before period_start");
        if (INPUT_HAS(in, I_MANUAL) && !INPUT_NULL(in, I_MANUAL) &&
            metric_parse(in->metric) != METRIC_MANUAL)
                error_add(errors, "manual_value", "is taken only by the manual metric");
        for (size_t i = 0; i < b->n_targets; i++) {
                const struct target_input *t = &b->targets[i];
                if (INPUT_HAS(t, T_PARTNER) && !INPUT_NULL(t, T_PARTNER)) {
                        int found = partner_org(db, t->partner_id, project_id, &org);
                        if (found < 0)
                                return -1;
                        if (!found)
                                target_error(errors, i, "partner_id",
                                             "is not a partner of this project");
                }
                if (INPUT_HAS(t, T_START) && !INPUT_NULL(t, T_START) && INPUT_HAS(t, T_END) &&
                    !INPUT_NULL(t, T_END) && t->period_end < t->period_start)
                        target_error(errors, i, "period_end", "must not be before period_start");
        }
        return 0;
}

static void bind_nullable_int(struct stmt *st, int idx, bool has, int64_t v)
{
        if (has)
                st_bind_int(st, idx, v);
        else
                st_bind_null(st, idx);
}

#define SET(in, i) (INPUT_HAS(in, i) && !INPUT_NULL(in, i))

/* Replace the targets of indicator id with b's. */
static enum store_rc targets_store(struct db *db, int64_t id, const struct indicator_body *b)
{
        struct stmt *st = db_prepare(db, STMT_INDICATOR_TARGETS_DELETE);
        if (!st)
                return STORE_ERROR;
        st_bind_int(st, 1, id);
        if (st_exec(st) != STORE_DONE)
                return STORE_ERROR;
        for (size_t i = 0; i < b->n_targets; i++) {
                const struct target_input *t = &b->targets[i];
                st = db_prepare(db, STMT_INDICATOR_TARGET_INSERT);
                if (!st)
                        return STORE_ERROR;
                st_bind_int(st, 1, id);
                bind_nullable_int(st, 2, SET(t, T_PARTNER), t->partner_id);
                bind_nullable_int(st, 3, SET(t, T_START), t->period_start);
                bind_nullable_int(st, 4, SET(t, T_END), t->period_end);
                st_bind_int(st, 5, t->target);
                if (st_exec(st) != STORE_DONE)
                        return STORE_ERROR;
        }
        return STORE_OK;
}

enum ecat_err indicator_insert_json(struct db *db, struct arena *a, int64_t project_id,
                                    const char *json, size_t len, int64_t actor_id,
                                    const char *request_id, json_t **errors, int64_t *id)
{
        *errors = NULL;
        int32_t start, end;
        if (!project_dates(db, project_id, &start, &end))
                return E_NOT_FOUND;
        struct indicator_body *b = arena_alloc(a, sizeof(*b));
        if (!b)
                return E_INTERNAL;
        enum ecat_err e = indicator_parse(a, json, len, false, b, errors);
        if (e != E_OK)
                return e;
        if (indicator_rules(db, project_id, b, errors) < 0)
                return E_INTERNAL;
        if (*errors)
                return E_VALIDATION;
        const struct indicator_input *in = &b->in;
        int64_t now = now_seconds();
        struct stmt *st = db_prepare(db, STMT_INDICATOR_INSERT);
        if (!st)
                return E_INTERNAL;
        st_bind_int(st, 1, project_id);
        st_bind_text(st, 2, in->name);
        st_bind_text(st, 3, in->metric);
        bind_nullable_int(st, 4, SET(in, I_PARTNER), in->partner_id);
        st_bind_int(st, 5, in->kinds);
        st_bind_text(st, 6, in->country);
        bind_nullable_int(st, 7, SET(in, I_START), in->period_start);
        bind_nullable_int(st, 8, SET(in, I_END), in->period_end);
        st_bind_int(st, 9, in->target);
        bind_nullable_int(st, 10, SET(in, I_MANUAL), in->manual_value);
        bind_nullable_int(st, 11, actor_id != 0, actor_id);
        st_bind_int(st, 12, now);
        st_bind_int(st, 13, now);
        if (st_exec(st) != STORE_DONE)
                return E_INTERNAL;
        *id = db_last_id(db);
        if (targets_store(db, *id, b) != STORE_OK || scopes_rebuild(db, *id) != STORE_OK)
                return E_INTERNAL;
        struct audit_entry entry = {actor_id, "indicator.create", "indicator", *id,
                                    "ok",     request_id};
        return audit_append(db, &entry) == STORE_OK ? E_OK : E_INTERNAL;
}

/* --- handlers --- */

void indicators_list(struct request *r)
{
        int64_t limit, offset;
        if (query_page(r, &limit, &offset) < 0)
                return;
        struct db *db = request_db(r);
        if (!db)
                return;
        int32_t start, end;
        /* One read transaction: the list, its figures and its total agree. */
        if (db_begin_read(db) != STORE_OK) {
                reply_internal(r, "cannot begin a read");
                return;
        }
        if (!project_dates(db, r->ids[0], &start, &end)) {
                db_rollback(db);
                reply_error(r, E_NOT_FOUND, "no such project");
                return;
        }
        json_t *items = indicators_page(db, r->ids[0], limit, offset, NULL, 0);
        int64_t total = 0;
        struct stmt *cnt = db_prepare(db, STMT_INDICATOR_COUNT);
        if (cnt) {
                st_bind_int(cnt, 1, r->ids[0]);
                if (st_step(cnt) == STORE_ROW)
                        total = st_int(cnt, 0);
                st_reset(cnt);
        }
        db_rollback(db);
        if (!items) {
                reply_internal(r, "cannot compute indicators");
                return;
        }
        reply_json(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}

void indicators_create(struct request *r)
{
        if (!request_body_is_json(r))
                return;
        struct db *db;
        if (tx_begin(r, &db) < 0)
                return;
        json_t *errors = NULL;
        int64_t id = 0;
        enum ecat_err e =
            indicator_insert_json(db, &r->arena, r->ids[0], r->body.data ? r->body.data : "",
                                  r->body.len, r->auth.user_id, r->id, &errors, &id);
        if (e != E_OK) {
                db_rollback(db);
                reply_write_error(r, e, errors, "project");
                return;
        }
        if (tx_commit(r, db) < 0)
                return;
        reply_created_found(r, "/api/v1/indicators", id, indicator_load(db, id));
}

void indicators_get(struct request *r)
{
        struct db *db = request_db(r);
        if (!db)
                return;
        if (db_begin_read(db) != STORE_OK) {
                reply_internal(r, "cannot begin a read");
                return;
        }
        json_t *obj = indicator_load(db, r->ids[0]);
        db_rollback(db);
        if (!obj) {
                reply_error(r, E_NOT_FOUND, "no such indicator");
                return;
        }
        reply_json(r, 200, obj);
}

void indicators_update(struct request *r)
{
        if (!request_body_is_json(r))
                return;
        struct indicator_body *b = arena_alloc(&r->arena, sizeof(*b));
        if (!b) {
                reply_error(r, E_PAYLOAD_TOO_LARGE, "the request is too large");
                return;
        }
        json_t *errors = NULL;
        enum ecat_err e = indicator_parse(&r->arena, r->body.data ? r->body.data : "", r->body.len,
                                          true, b, &errors);
        if (e != E_OK) {
                reply_write_error(r, e, errors, "indicator");
                return;
        }
        struct db *db;
        if (tx_begin(r, &db) < 0)
                return;
        struct stmt *st = db_prepare(db, STMT_INDICATOR_BY_ID);
        if (!st) {
                db_rollback(db);
                reply_internal(r, "prepare failed");
                return;
        }
        st_bind_int(st, 1, r->ids[0]);
        if (st_step(st) != STORE_ROW) {
                st_reset(st);
                db_rollback(db);
                reply_error(r, E_NOT_FOUND, "no such indicator");
                return;
        }
        /* Start from the stored values; the body names what changes. */
        struct indicator_input *in = &b->in;
        const uint64_t sent = in->head.present; /* before stored values are merged in */
        struct arena *a = &r->arena;
        int64_t project_id = st_int(st, 1);
        if (!INPUT_HAS(in, I_NAME))
                in->name = arena_strdup(a, st_text(st, 2));
        if (!INPUT_HAS(in, I_METRIC))
                in->metric = arena_strdup(a, st_text(st, 3));
        if (!INPUT_HAS(in, I_PARTNER) && !st_null(st, 4)) {
                in->head.present |= UINT64_C(1) << I_PARTNER;
                in->partner_id = st_int(st, 4);
        }
        if (!INPUT_HAS(in, I_KINDS))
                in->kinds = (uint32_t)st_int(st, 5);
        if (!INPUT_HAS(in, I_COUNTRY) && !st_null(st, 6))
                in->country = arena_strdup(a, st_text(st, 6));
        if (!INPUT_HAS(in, I_START) && !st_null(st, 7)) {
                in->head.present |= UINT64_C(1) << I_START;
                in->period_start = (int32_t)st_int(st, 7);
        }
        if (!INPUT_HAS(in, I_END) && !st_null(st, 8)) {
                in->head.present |= UINT64_C(1) << I_END;
                in->period_end = (int32_t)st_int(st, 8);
        }
        if (!INPUT_HAS(in, I_TARGET))
                in->target = st_int(st, 9);
        /* A stored value goes when the metric stops being manual. */
        if (!INPUT_HAS(in, I_MANUAL) && !st_null(st, 10) &&
            metric_parse(in->metric) == METRIC_MANUAL) {
                in->head.present |= UINT64_C(1) << I_MANUAL;
                in->manual_value = st_int(st, 10);
        }
        st_reset(st);
        if (!in->name || !in->metric) {
                db_rollback(db);
                reply_internal(r, "out of request memory");
                return;
        }
        if (indicator_rules(db, project_id, b, &errors) < 0) {
                db_rollback(db);
                json_decref(errors);
                reply_internal(r, "cannot check the indicator");
                return;
        }
        if (errors) {
                db_rollback(db);
                reply_error_fields(r, E_VALIDATION, "the request has invalid fields", errors);
                return;
        }
        st = db_prepare(db, STMT_INDICATOR_UPDATE);
        if (!st) {
                db_rollback(db);
                reply_internal(r, "prepare failed");
                return;
        }
        st_bind_text(st, 1, in->name);
        st_bind_text(st, 2, in->metric);
        bind_nullable_int(st, 3, SET(in, I_PARTNER), in->partner_id);
        st_bind_int(st, 4, in->kinds);
        st_bind_text(st, 5, in->country);
        bind_nullable_int(st, 6, SET(in, I_START), in->period_start);
        bind_nullable_int(st, 7, SET(in, I_END), in->period_end);
        st_bind_int(st, 8, in->target);
        bind_nullable_int(st, 9, SET(in, I_MANUAL), in->manual_value);
        st_bind_int(st, 10, now_seconds());
        st_bind_int(st, 11, r->ids[0]);
        struct audit_entry entry = {
            r->auth.user_id, "indicator.update", "indicator", r->ids[0], "ok", r->id};
        /* The kept period figures are made again only when what they count changed. */
        const uint64_t scope_fields = UINT64_C(1) << I_METRIC | UINT64_C(1) << I_PARTNER |
                                      UINT64_C(1) << I_KINDS | UINT64_C(1) << I_COUNTRY |
                                      UINT64_C(1) << I_START | UINT64_C(1) << I_END;
        bool rescope = b->has_targets || (sent & scope_fields) != 0;
        if (st_exec(st) != STORE_DONE ||
            (b->has_targets && targets_store(db, r->ids[0], b) != STORE_OK) ||
            (rescope && scopes_rebuild(db, r->ids[0]) != STORE_OK) ||
            audit_append(db, &entry) != STORE_OK) {
                db_rollback(db);
                reply_internal(r, "cannot update indicator");
                return;
        }
        if (tx_commit(r, db) < 0)
                return;
        reply_saved(r, indicator_load(db, r->ids[0]));
}

void indicators_delete(struct request *r)
{
        delete_by_id(r, STMT_INDICATOR_DELETE, "indicator", "indicator.delete",
                     "no such indicator");
}

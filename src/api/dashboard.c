/*
 * The project dashboard: GET /api/v1/projects/{id}/dashboard.
 *
 * How it stays fast without ever being stale
 * ------------------------------------------
 * 1. Aggregates kept on write.  Triggers of migration 3 keep, inside every
 *    writing transaction, per project and month (activities, head-counts,
 *    distinct institutions of the month), per project, partner and group of
 *    institutions (kind, country, municipality: institutions, activities,
 *    head-counts), and the totals of every indicator scope that has a
 *    period (indicator_scopes).  Building a dashboard reads one row per
 *    month, one per group and one per period scope - a few hundred rows
 *    however many activities there are - never the activities themselves.
 *    (Only making a period scope, when an indicator is written, reads the
 *    activities in the period, once.)  Distributions of materials are few
 *    beside activities and are summed from their own table (by the project's
 *    index) when a page is built.
 *
 * 2. Rendered pages cached per process, checked against the database.
 *    Table programme_generation holds a counter per project, bumped by
 *    triggers in the same transaction as any write the dashboard can show
 *    (activities, partners, expenses, indicators and their targets,
 *    distributions, the project), and a global counter (row 0) bumped by changes to an
 *    organisation's name, kind, country or municipality.  Because the
 *    triggers do it, every writer bumps them: the API, the CSV import, the
 *    command line, another ecat process on the same database.
 *
 *    A rendered page is kept with the two counters read in the same read
 *    transaction that built it, today's month (the monthly series runs to
 *    today), and whether it shows the budget (roles without budget.read see
 *    "budget": null).  A request reads the two counters (one indexed
 *    statement) and serves the kept page only when all four match; else it
 *    builds the page again in a read transaction and keeps that.  A write
 *    that has committed has bumped a counter, so a request that starts after
 *    the commit cannot match a page built before it: no stale page is ever
 *    served.  Concurrent requests that miss on the same key wait for the
 *    one that builds, rather than all building it.
 *
 * 3. Business engagement (migration 10) is read when a page is built, not
 *    kept: "engagement" (engagements per stage, agreements per kind and
 *    status) groups the project's rows through its own indexes, and
 *    "cooperation" (per partner, the meetings held at businesses or hotels
 *    and at health services) reads table partner_meetings (migration 13),
 *    which triggers keep per project, partner and kind of the organisation
 *    met.  Their writes bump the project's counter like the activities' do.
 */
#include "api/app.h"
#include "api/handlers.h"
#include "api/indicators.h"
#include "api/programme.h"
#include "api/respond.h"
#include "api/validate.h"
#include "core/util.h"
#include "domain/engagement.h"
#include "domain/municipalities.h"
#include "domain/org.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define DASH_SLOTS       64
#define DASH_ARENA_LIMIT (64u << 20)

/* What a kept page depends on. */
struct dash_key {
        const struct store *store;
        int64_t project_id;
        int64_t gen, gen_global;
        int32_t month; /* today's */
        bool budget;
};

struct dash_slot {
        struct dash_key key;
        char *body; /* malloc'd JSON text; NULL: empty slot */
        size_t len;
        uint64_t used; /* for eviction: the least recently used slot goes */
        bool building; /* a request is building the page for key */
};

static struct {
        pthread_mutex_t lock;
        pthread_cond_t built;
        uint64_t clock;
        struct dash_slot slots[DASH_SLOTS];
} cache = {.lock = PTHREAD_MUTEX_INITIALIZER, .built = PTHREAD_COND_INITIALIZER};

static bool same_page(const struct dash_key *a, const struct dash_key *b)
{
        return a->store == b->store && a->project_id == b->project_id && a->budget == b->budget;
}

static bool same_key(const struct dash_key *a, const struct dash_key *b)
{
        return same_page(a, b) && a->gen == b->gen && a->gen_global == b->gen_global &&
               a->month == b->month;
}

/* The slot for k's page (caller holds the lock): its own, else the least used. */
static struct dash_slot *slot_for(const struct dash_key *k)
{
        struct dash_slot *victim = NULL;
        for (int i = 0; i < DASH_SLOTS; i++) {
                struct dash_slot *s = &cache.slots[i];
                if ((s->body || s->building) && same_page(&s->key, k))
                        return s;
                if (!s->building && (!victim || s->used < victim->used))
                        victim = s;
        }
        return victim;
}

/* --- building a page --- */

/* Counters of one breakdown row. */
struct tally {
        const char *name;
        struct reach r;
};

static json_t *tally_json(const char *label, const struct tally *t)
{
        json_t *o =
            json_pack("{s:s, s:I, s:I}", label, t->name, "institutions",
                      (json_int_t)t->r.institutions, "activities", (json_int_t)t->r.activities);
        for (int k = 0; o && k < AUDIENCE_GROUPS; k++)
                json_object_set_new(o, audience_groups[k], json_integer(t->r.audience[k]));
        return o;
}

static void reach_add(struct reach *to, const struct reach *from)
{
        to->institutions += from->institutions;
        to->activities += from->activities;
        for (int k = 0; k < AUDIENCE_GROUPS; k++)
                to->audience[k] += from->audience[k];
}

static int tally_by_name(const void *a, const void *b)
{
        return strcmp(((const struct tally *)a)->name, ((const struct tally *)b)->name);
}

/* Institutions reached, grouped (STMT_DASH_REACH_GROUPS); copies into a. */
static int read_groups(struct db *db, int64_t project_id, struct arena *a, struct reach_group **out,
                       size_t *n_out)
{
        struct stmt *st = db_prepare(db, STMT_DASH_REACH_GROUPS);
        if (!st)
                return -1;
        st_bind_int(st, 1, project_id);
        size_t n = 0, cap = 64;
        struct reach_group *g = arena_alloc(a, cap * sizeof(*g));
        enum store_rc rc = STORE_ERROR;
        while (g && (rc = st_step(st)) == STORE_ROW) {
                if (n == cap) {
                        struct reach_group *bigger = arena_alloc(a, 2 * cap * sizeof(*g));
                        if (!bigger) {
                                g = NULL;
                                break;
                        }
                        memcpy(bigger, g, cap * sizeof(*g));
                        g = bigger;
                        cap *= 2;
                }
                struct reach_group *x = &g[n++];
                x->kind = enum_index(org_kinds, st_text(st, 0));
                x->country = arena_strdup(a, st_text(st, 1));
                /* '' in project_group: no municipality */
                x->municipality = *st_text(st, 2) ? arena_strdup(a, st_text(st, 2)) : NULL;
                x->r.institutions = st_int(st, 3);
                x->r.activities = st_int(st, 4);
                for (int k = 0; k < AUDIENCE_GROUPS; k++)
                        x->r.audience[k] = st_int(st, 5 + k);
                if (!x->country || (*st_text(st, 2) && !x->municipality))
                        g = NULL;
        }
        st_reset(st);
        if (!g || rc != STORE_DONE)
                return -1;
        *out = g;
        *n_out = n;
        return 0;
}

static json_t *by_kind_json(const struct reach_group *g, size_t n)
{
        json_t *list = json_array();
        for (int k = 0; org_kinds[k]; k++) {
                struct tally t = {org_kinds[k], {0}};
                for (size_t i = 0; i < n; i++)
                        if (g[i].kind == k)
                                reach_add(&t.r, &g[i].r);
                json_array_append_new(list, tally_json("kind", &t));
        }
        return list;
}

/*
 * by_municipality: the 60 of Lithuania in the order of municipality_at()
 * (zeros included), then any other municipality reached, by name;
 * not_reached: the Lithuanian ones with no institution reached.
 */
static int by_municipality_json(const struct reach_group *g, size_t n, struct arena *a,
                                json_t **list_out, json_t **gap_out)
{
        size_t lt = municipality_count();
        struct tally *t = arena_alloc(a, (lt + n) * sizeof(*t) + 1);
        if (!t)
                return -1;
        for (size_t m = 0; m < lt; m++)
                t[m].name = municipality_at(m)->name;
        size_t others = 0;
        for (size_t i = 0; i < n; i++) {
                if (!g[i].municipality)
                        continue;
                size_t m;
                for (m = 0; m < lt + others; m++)
                        if (strcmp(t[m].name, g[i].municipality) == 0)
                                break;
                if (m == lt + others)
                        t[lt + others++].name = g[i].municipality;
                reach_add(&t[m].r, &g[i].r);
        }
        qsort(t + lt, others, sizeof(*t), tally_by_name);
        json_t *list = json_array(), *gap = json_array();
        for (size_t m = 0; m < lt + others; m++) {
                json_array_append_new(list, tally_json("municipality", &t[m]));
                if (m < lt && t[m].r.institutions == 0)
                        json_array_append_new(gap, json_string(t[m].name));
        }
        *list_out = list;
        *gap_out = gap;
        return 0;
}

static json_t *audience_json(const int64_t audience[AUDIENCE_GROUPS])
{
        json_t *o = json_object();
        for (int k = 0; k < AUDIENCE_GROUPS; k++)
                json_object_set_new(o, audience_groups[k], json_integer(audience[k]));
        return o;
}

/*
 * Every month from the project's start to its end or today, whichever is
 * first, zero months included; *totals collects the whole project.
 */
static json_t *monthly_json(struct db *db, int64_t project_id, int32_t start, int32_t end,
                            int32_t today, struct arena *a, struct reach *totals)
{
        int32_t first = month_of_day(start), last = month_of_day(end < today ? end : today);
        size_t span = last >= first ? (size_t)(last - first + 1) : 0;
        struct reach *month = arena_alloc(a, (span + 1) * sizeof(*month));
        struct stmt *st = db_prepare(db, STMT_DASH_MONTHS);
        if (!month || !st)
                return NULL;
        st_bind_int(st, 1, project_id);
        enum store_rc rc;
        while ((rc = st_step(st)) == STORE_ROW) {
                int32_t m = (int32_t)st_int(st, 0);
                struct reach r = {.activities = st_int(st, 1), .institutions = st_int(st, 2)};
                for (int k = 0; k < AUDIENCE_GROUPS; k++)
                        r.audience[k] = st_int(st, 3 + k);
                totals->activities += r.activities;
                for (int k = 0; k < AUDIENCE_GROUPS; k++)
                        totals->audience[k] += r.audience[k];
                if (m >= first && m <= last)
                        month[m - first] = r;
        }
        st_reset(st);
        if (rc != STORE_DONE)
                return NULL;
        json_t *list = json_array();
        for (size_t i = 0; i < span; i++) {
                char ym[8];
                month_format(first + (int32_t)i, ym);
                json_t *o = json_pack("{s:s, s:I, s:I}", "month", ym, "activities",
                                      (json_int_t)month[i].activities, "institutions_reached",
                                      (json_int_t)month[i].institutions);
                for (int k = 0; o && k < AUDIENCE_GROUPS; k++)
                        json_object_set_new(o, audience_groups[k],
                                            json_integer(month[i].audience[k]));
                json_array_append_new(list, o);
        }
        return list;
}

static json_t *budget_json(struct db *db, int64_t project_id, const char *currency, int64_t total)
{
        struct stmt *st = db_prepare(db, STMT_DASH_BUDGET);
        if (!st)
                return NULL;
        st_bind_int(st, 1, project_id);
        json_t *partners = json_array();
        int64_t allocated = 0, spent = 0;
        enum store_rc rc;
        while ((rc = st_step(st)) == STORE_ROW) {
                allocated += st_int(st, 4);
                spent += st_int(st, 5);
                json_array_append_new(partners,
                                      json_pack("{s:I, s:I, s:s, s:s, s:I, s:I}", "partner_id",
                                                (json_int_t)st_int(st, 0), "organisation_id",
                                                (json_int_t)st_int(st, 1), "organisation_name",
                                                st_text(st, 2), "role", st_text(st, 3),
                                                "allocation_cents", (json_int_t)st_int(st, 4),
                                                "spent_cents", (json_int_t)st_int(st, 5)));
        }
        st_reset(st);
        if (rc != STORE_DONE) {
                json_decref(partners);
                return NULL;
        }
        return json_pack("{s:s, s:I, s:I, s:I, s:o}", "currency", currency, "total_cents",
                         (json_int_t)total, "allocated_cents", (json_int_t)allocated, "spent_cents",
                         (json_int_t)spent, "partners", partners);
}

/* Rows of (label text, quantity) from st as [{key: label, "quantity": n}]; NULL on failure. */
static json_t *quantities_json(struct stmt *st, int label_col, const char *key, int qty_col,
                               bool with_material)
{
        json_t *a = json_array();
        enum store_rc rc;
        while (a && (rc = st_step(st)) == STORE_ROW) {
                json_t *o = json_pack("{s:s?, s:I}", key, st_text(st, label_col), "quantity",
                                      (json_int_t)st_int(st, qty_col));
                if (o && with_material)
                        json_object_set_new(o, "material_id", json_integer(st_int(st, 0)));
                if (o && with_material)
                        json_object_set_new(o, "kind", json_string(st_text(st, 2)));
                if (!o || json_array_append_new(a, o) < 0) {
                        json_decref(a);
                        a = NULL;
                }
        }
        st_reset(st);
        if (a && rc != STORE_DONE) {
                json_decref(a);
                a = NULL;
        }
        return a;
}

/*
 * The materials handed out in the project: the total, by material (most
 * first), by audience group (every group, 0 when none) and by the
 * municipality of the receiving organisation ("" for none).  Distributions
 * are counted from their table: they are few beside the activities, and the
 * project's index reads only its own.
 */
static json_t *distributions_json(struct db *db, int64_t project_id)
{
        struct stmt *by_m = db_prepare(db, STMT_DIST_TOTAL_MATERIAL);
        struct stmt *by_a = db_prepare(db, STMT_DIST_TOTAL_AUDIENCE);
        struct stmt *by_mu = db_prepare(db, STMT_DIST_TOTAL_MUNICIPALITY);
        if (!by_m || !by_a || !by_mu)
                return NULL;
        st_bind_int(by_m, 1, project_id);
        st_bind_int(by_a, 1, project_id);
        st_bind_int(by_mu, 1, project_id);
        int64_t per[DISTRIBUTION_AUDIENCES] = {0}, total = 0;
        enum store_rc rc;
        while ((rc = st_step(by_a)) == STORE_ROW)
                for (int k = 0; k < DISTRIBUTION_AUDIENCES; k++)
                        if (strcmp(st_text(by_a, 0), distribution_audiences[k]) == 0) {
                                per[k] = st_int(by_a, 1);
                                total += per[k];
                        }
        st_reset(by_a);
        if (rc != STORE_DONE)
                return NULL;
        json_t *audience = json_object();
        for (int k = 0; audience && k < DISTRIBUTION_AUDIENCES; k++)
                json_object_set_new(audience, distribution_audiences[k], json_integer(per[k]));
        json_t *materials = quantities_json(by_m, 1, "title", 3, true);
        json_t *munis = quantities_json(by_mu, 0, "municipality", 1, false);
        if (!audience || !materials || !munis) {
                json_decref(audience);
                json_decref(materials);
                json_decref(munis);
                return NULL;
        }
        return json_pack("{s:I, s:o, s:o, s:o}", "total", (json_int_t)total, "by_material",
                         materials, "by_audience", audience, "by_municipality", munis);
}

/* "engagement": {"stages": {stage: n, ...}, "agreements": [{kind, status, count}]}. */
static json_t *engagement_json(struct db *db, int64_t project_id)
{
        struct stmt *st = db_prepare(db, STMT_DASH_ENGAGEMENT_STAGES);
        if (!st)
                return NULL;
        json_t *stages = json_object();
        for (int k = 0; engagement_stage_names[k]; k++)
                json_object_set_new(stages, engagement_stage_names[k], json_integer(0));
        st_bind_int(st, 1, project_id);
        enum store_rc rc;
        while ((rc = st_step(st)) == STORE_ROW)
                json_object_set_new(stages, st_text(st, 0), json_integer(st_int(st, 1)));
        st_reset(st);
        json_t *agreements = json_array();
        if (rc == STORE_DONE && (st = db_prepare(db, STMT_DASH_AGREEMENTS))) {
                st_bind_int(st, 1, project_id);
                while ((rc = st_step(st)) == STORE_ROW)
                        json_array_append_new(agreements,
                                              json_pack("{s:s, s:s, s:I}", "kind", st_text(st, 0),
                                                        "status", st_text(st, 1), "count",
                                                        (json_int_t)st_int(st, 2)));
                st_reset(st);
        } else {
                rc = STORE_ERROR;
        }
        if (rc != STORE_DONE) {
                json_decref(stages);
                json_decref(agreements);
                return NULL;
        }
        return json_pack("{s:o, s:o}", "stages", stages, "agreements", agreements);
}

/* "cooperation": per partner, meetings at businesses (and hotels) and at health services. */
static json_t *cooperation_json(struct db *db, int64_t project_id)
{
        struct stmt *st = db_prepare(db, STMT_DASH_COOPERATION);
        if (!st)
                return NULL;
        st_bind_int(st, 1, project_id);
        json_t *rows = json_array();
        enum store_rc rc;
        while ((rc = st_step(st)) == STORE_ROW)
                json_array_append_new(
                    rows, json_pack("{s:I, s:s, s:I, s:I}", "organisation_id",
                                    (json_int_t)st_int(st, 0), "organisation_name", st_text(st, 1),
                                    "business_meetings", (json_int_t)st_int(st, 2),
                                    "health_service_meetings", (json_int_t)st_int(st, 3)));
        st_reset(st);
        if (rc != STORE_DONE) {
                json_decref(rows);
                return NULL;
        }
        return rows;
}

/*
 * The page of project_id as JSON text (malloc'd), read inside the caller's
 * read transaction.  NULL when the project is gone (*gone set) or storage
 * failed.
 */
static char *dashboard_build(struct db *db, int64_t project_id, bool with_budget, int32_t today,
                             size_t *len, bool *gone)
{
        struct stmt *st = db_prepare(db, STMT_PROJECT_BY_ID);
        if (!st)
                return NULL;
        st_bind_int(st, 1, project_id);
        enum store_rc found = st_step(st);
        if (found != STORE_ROW) {
                *gone = found == STORE_DONE;
                st_reset(st);
                return NULL;
        }
        /* The project's budget_cents, like the budget part, only with budget.read. */
        json_t *project = project_row_json(st, with_budget ? 0u : (unsigned)COL_MONEY);
        int32_t start = (int32_t)st_int(st, 5), end = (int32_t)st_int(st, 6);
        char currency[8];
        snprintf(currency, sizeof(currency), "%s", st_text(st, 7));
        int64_t budget_total = st_int(st, 8);
        st_reset(st);

        struct arena a;
        arena_init(&a, DASH_ARENA_LIMIT);
        char *text = NULL;
        json_t *page = NULL, *monthly = NULL, *by_muni = NULL, *gap = NULL;
        struct reach totals = {0};
        struct reach_group *groups = NULL;
        size_t n_groups = 0;
        if (!project || read_groups(db, project_id, &a, &groups, &n_groups) < 0 ||
            !(monthly = monthly_json(db, project_id, start, end, today, &a, &totals)) ||
            by_municipality_json(groups, n_groups, &a, &by_muni, &gap) < 0)
                goto out;
        for (size_t i = 0; i < n_groups; i++)
                totals.institutions += groups[i].r.institutions;
        json_t *indicators = indicators_render(db, project_id, groups, n_groups);
        json_t *budget =
            with_budget ? budget_json(db, project_id, currency, budget_total) : json_null();
        json_t *distributions = distributions_json(db, project_id);
        json_t *engagement = engagement_json(db, project_id);
        json_t *cooperation = cooperation_json(db, project_id);
        if (!indicators || !budget || !distributions || !engagement || !cooperation) {
                json_decref(indicators);
                json_decref(budget);
                json_decref(distributions);
                json_decref(engagement);
                json_decref(cooperation);
                goto out;
        }
        json_t *tot = json_pack("{s:I, s:I, s:I, s:o}", "activities", (json_int_t)totals.activities,
                                "institutions_reached", (json_int_t)totals.institutions,
                                "headcount", (json_int_t)reach_headcount(&totals), "audience",
                                audience_json(totals.audience));
        page = json_pack("{s:O, s:o, s:o, s:O, s:o, s:O, s:O, s:o, s:o, s:o, s:o}", "project",
                         project, "indicators", indicators, "totals", tot, "monthly", monthly,
                         "by_kind", by_kind_json(groups, n_groups), "by_municipality", by_muni,
                         "not_reached", gap, "budget", budget, "distributions", distributions,
                         "engagement", engagement, "cooperation", cooperation);
        if (page)
                text = json_dumps(page, JSON_COMPACT);
out:
        json_decref(page);
        json_decref(project);
        json_decref(monthly);
        json_decref(by_muni);
        json_decref(gap);
        arena_free(&a);
        if (text)
                *len = strlen(text);
        return text;
}

/* The two counters; 0 and *found false when the project does not exist. */
static int read_generation(struct db *db, int64_t project_id, struct dash_key *k, bool *found)
{
        struct stmt *st = db_prepare(db, STMT_DASH_GENERATION);
        if (!st)
                return -1;
        st_bind_int(st, 1, project_id);
        enum store_rc rc = st_step(st);
        if (rc == STORE_ROW) {
                *found = !st_null(st, 0);
                k->gen = st_int(st, 0);
                k->gen_global = st_int(st, 1);
        }
        st_reset(st);
        return rc == STORE_ROW ? 0 : -1;
}

/* A copy of the kept page for k, or NULL (caller holds the lock). */
static char *kept_copy(const struct dash_key *k, size_t *len)
{
        struct dash_slot *s = slot_for(k);
        if (!s || !s->body || s->building || !same_key(&s->key, k))
                return NULL;
        char *copy = malloc(s->len + 1);
        if (copy) {
                memcpy(copy, s->body, s->len + 1);
                *len = s->len;
                s->used = ++cache.clock;
        }
        return copy;
}

void dashboard_get(struct request *r)
{
        struct db *db = request_db(r);
        if (!db)
                return;
        int32_t today = today_days();
        struct dash_key k = {
            .store = r->app->store,
            .project_id = r->ids[0],
            .month = month_of_day(today),
            .budget = policy_allows(r->auth.role, ACT_BUDGET_READ),
        };
        bool found = false;
        if (read_generation(db, k.project_id, &k, &found) < 0) {
                reply_internal(r, "cannot read the dashboard generation");
                return;
        }
        if (!found) {
                reply_error(r, E_NOT_FOUND, "no such project");
                return;
        }
        size_t len = 0;
        char *body = NULL;
        struct dash_slot *mine = NULL;
        pthread_mutex_lock(&cache.lock);
        for (;;) {
                body = kept_copy(&k, &len);
                if (body)
                        break;
                struct dash_slot *s = slot_for(&k);
                if (s && s->building && same_key(&s->key, &k)) {
                        /* Someone is building exactly this page: wait for it. */
                        pthread_cond_wait(&cache.built, &cache.lock);
                        continue;
                }
                if (s && !s->building) {
                        free(s->body);
                        s->body = NULL;
                        s->key = k;
                        s->building = true;
                        mine = s;
                }
                break;
        }
        pthread_mutex_unlock(&cache.lock);
        if (body) {
                reply_raw(r, 200, "application/json", body, len);
                return;
        }

        /* Build it; the counters are read again inside the same snapshot. */
        struct dash_key built = k;
        bool gone = false;
        if (db_begin_read(db) == STORE_OK &&
            read_generation(db, k.project_id, &built, &found) == 0) {
                gone = !found;
                if (found)
                        body = dashboard_build(db, k.project_id, k.budget, today, &len, &gone);
        }
        db_rollback(db);
        char *keep = NULL;
        if (body && mine) {
                keep = malloc(len + 1);
                if (keep)
                        memcpy(keep, body, len + 1);
        }
        pthread_mutex_lock(&cache.lock);
        if (mine) {
                mine->building = false;
                mine->key = built;
                mine->body = keep;
                mine->len = len;
                mine->used = ++cache.clock;
                pthread_cond_broadcast(&cache.built);
        }
        pthread_mutex_unlock(&cache.lock);
        if (!body && gone) {
                reply_error(r, E_NOT_FOUND, "no such project");
                return;
        }
        if (!body) {
                reply_internal(r, "cannot build the dashboard");
                return;
        }
        reply_raw(r, 200, "application/json", body, len);
}

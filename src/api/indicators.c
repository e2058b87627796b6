/*
 * Indicators over HTTP: list (a project's), create, read, update, delete.
 * Every write goes through the doors of domain/indicator.h; an indicator is
 * shown with its targets and the achieved figures computed when asked for.
 *
 * A body is an indicator's fields plus, optionally, "targets": a list of at
 * most INDICATOR_TARGETS_MAX objects, each checked against
 * indicator_target_columns, whose faults are named "targets[i].field".
 * Given, the list replaces the stored targets; left out of a PATCH, they
 * stay.
 */
#include "api/indicators.h"

#include "api/app.h"
#include "api/handlers.h"
#include "api/params.h"
#include "api/programme.h"
#include "api/projects.h"
#include "api/render.h"
#include "domain/case.h"
#include "api/respond.h"
#include "core/util.h"
#include "domain/project.h"

#include <stdlib.h>
#include <string.h>

/* --- the body --- */

static void target_problem(struct problems *p, size_t i, const char *field, const char *text)
{
        problem_add(p, problem_printf(p, "targets", "targets[%zu].%s", i, field), text);
}

/* The "targets" member of a body into in (from a); faults into p. */
static void read_targets(struct arena *a, json_t *list, struct indicator *in, struct problems *p)
{
        in->has_targets = true;
        if (!json_is_array(list)) {
                problem_add(p, "targets", "must be a list of targets");
                return;
        }
        size_t n = json_array_size(list);
        if (n > INDICATOR_TARGETS_MAX) {
                problem_add(p, "targets", "must list at most 50 targets");
                return;
        }
        if (!n)
                return;
        in->targets = arena_alloc(a, n * sizeof(*in->targets));
        if (!in->targets) {
                problem_add(p, "targets", "cannot be read");
                return;
        }
        memset(in->targets, 0, n * sizeof(*in->targets));
        in->n_targets = n;
        size_t i;
        json_t *t;
        json_array_foreach(list, i, t)
        {
                if (!json_is_object(t)) {
                        problem_add(p, problem_printf(p, "targets", "targets[%zu]", i),
                                    "must be an object");
                        continue;
                }
                char *text = json_dumps(t, JSON_COMPACT);
                struct problems tp;
                problems_init(&tp, a);
                const char *message;
                enum validate_result v =
                    text ? record_from_json(a, text, strlen(text), indicator_target_columns,
                                            TARGET__COLUMNS, &in->targets[i], false, &tp, &message)
                         : MALFORMED;
                free(text);
                if (v == MALFORMED) {
                        target_problem(p, i, "target", "cannot be read");
                        continue;
                }
                for (size_t k = 0; k < tp.n; k++)
                        target_problem(p, i, tp.item[k].field, tp.item[k].text);
        }
}

/*
 * An indicator body into rec (api_door's read): "targets" apart, every key
 * is checked against indicator_columns.
 */
static enum validate_result read_indicator(struct arena *a, const char *body, size_t len, void *rec,
                                           bool partial, struct problems *p, const char **message)
{
        struct indicator *in = rec;
        *message = NULL;
        if (!utf8_valid(body, len)) {
                *message = "the request body is not valid UTF-8 text";
                return MALFORMED;
        }
        json_error_t jerr;
        json_t *root = len ? json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr) : NULL;
        if (!json_is_object(root)) {
                json_decref(root);
                *message = len ? "the request body must be a JSON object"
                               : "the request body is empty; a JSON object is expected";
                return MALFORMED;
        }
        json_t *list = json_incref(json_object_get(root, "targets"));
        if (list)
                json_object_del(root, "targets");
        char *rest = json_dumps(root, JSON_COMPACT);
        json_decref(root);
        enum validate_result v = MALFORMED;
        if (rest)
                v = record_from_json(a, rest, strlen(rest), indicator_columns, IND__COLUMNS, rec,
                                     partial, p, message);
        else
                *message = "the request body cannot be read";
        free(rest);
        if (v != MALFORMED && list)
                read_targets(a, list, in, p);
        json_decref(list);
        if (v == MALFORMED)
                return v;
        return p->n ? INVALID_FIELDS : VALID;
}

/* --- the API object --- */

static json_t *percent_json(int64_t achieved, int64_t target)
{
        double p;
        return indicator_percent(achieved, target, &p) ? json_real(p) : json_null();
}

/* --- a project's indicators --- */

/* The rows of a page, kept (text copied into a) until their figures are computed. */
struct page {
        struct arena *a;
        struct indicator *rows;
        size_t n, cap;
        bool failed;
};

static const char *keep_text(struct page *pg, const char *s)
{
        if (!s)
                return NULL;
        const char *copy = arena_strdup(pg->a, s);
        if (!copy)
                pg->failed = true;
        return copy;
}

static int keep_row(const void *rec, void *ctx)
{
        struct page *pg = ctx;
        if (pg->n == pg->cap) {
                size_t cap = pg->cap ? pg->cap * 2 : 16;
                struct indicator *bigger = realloc(pg->rows, cap * sizeof(*bigger));
                if (!bigger) {
                        pg->failed = true;
                        return 1;
                }
                pg->rows = bigger;
                pg->cap = cap;
        }
        struct indicator *ind = &pg->rows[pg->n++];
        *ind = *(const struct indicator *)rec;
        ind->name = keep_text(pg, ind->name);
        ind->metric = keep_text(pg, ind->metric);
        ind->country = keep_text(pg, ind->country);
        return pg->failed;
}

/* The indicators of project_id (limit < 0: all) into pg, their text kept in pg->a. */
static int read_rows(struct db *db, int64_t project_id, int64_t limit, int64_t offset,
                     struct page *pg)
{
        struct stmt *st = db_prepare(db, STMT_INDICATOR_LIST);
        if (!st)
                return -1;
        st_bind_int(st, 1, project_id);
        st_bind_int(st, 2, limit);
        st_bind_int(st, 3, offset);
        enum store_rc rc = res_each(st, &indicator_resource, keep_row, pg);
        return rc == STORE_DONE && !pg->failed ? 0 : -1;
}

/* The figures of ind: its own (*achieved) and its targets' (rows, got; *n of them). */
static int figures_of(struct db *db, const struct indicator *ind, const struct reach_group *groups,
                      size_t n_groups, int64_t *achieved, struct indicator_target *rows,
                      int64_t *got, size_t *n)
{
        if (indicator_achieved(db, ind, NULL, groups, n_groups, achieved) < 0 ||
            indicator_targets(db, ind->id, rows, n) != E_OK)
                return -1;
        for (size_t i = 0; i < *n; i++)
                if (indicator_achieved(db, ind, &rows[i], groups, n_groups, &got[i]) < 0)
                        return -1;
        return 0;
}

/*
 * The figures of a case metric (cases_assisted, referrals_completed) count
 * people, so they are published under the case statistics' threshold k
 * (`statistics_k`).  Every figure of the metric in the project (each
 * indicator's own and each of its targets') is known to the dashboard's
 * readers at once, so a figure is hidden ("achieved" and "percent" null,
 * "suppressed" true) when it is 1 to k - 1, or when another figure of the
 * same metric in the project differs from it by 1 to k - 1: a partner's or a
 * period's figure beside the whole would give the rest away by difference,
 * so both of such a pair are hidden.  Differences of three or more figures
 * (the whole less two partners) are not guarded against.
 */
struct case_figures {
        int64_t *v;
        size_t n, cap;
};

static int figure_add(struct case_figures *f, int64_t v)
{
        if (f->n == f->cap) {
                size_t cap = f->cap ? f->cap * 2 : 16;
                int64_t *bigger = realloc(f->v, cap * sizeof(*bigger));
                if (!bigger)
                        return -1;
                f->v = bigger;
                f->cap = cap;
        }
        f->v[f->n++] = v;
        return 0;
}

/* Every figure of ind's metric in ind's project into f; 0, or -1. */
static int case_figures_of(struct db *db, const struct indicator *ind, struct case_figures *f)
{
        struct arena a;
        arena_init(&a, 4u << 20);
        struct page pg = {.a = &a};
        int rc = read_rows(db, ind->project_id, -1, 0, &pg);
        struct indicator_target *rows = malloc(sizeof(*rows) * INDICATOR_TARGETS_MAX);
        int64_t got[INDICATOR_TARGETS_MAX];
        if (!rows)
                rc = -1;
        for (size_t i = 0; rc == 0 && i < pg.n; i++) {
                if (strcmp(pg.rows[i].metric, ind->metric) != 0)
                        continue;
                int64_t own;
                size_t n = 0;
                rc = figures_of(db, &pg.rows[i], NULL, 0, &own, rows, got, &n);
                if (rc == 0)
                        rc = figure_add(f, own);
                for (size_t t = 0; rc == 0 && t < n; t++)
                        rc = figure_add(f, got[t]);
        }
        free(rows);
        free(pg.rows);
        arena_free(&a);
        return rc;
}

static bool figure_hidden(int64_t v, const struct case_figures *f, int k)
{
        if (v >= 1 && v <= k - 1)
                return true;
        for (size_t i = 0; i < f->n; i++) {
                int64_t d = v > f->v[i] ? v - f->v[i] : f->v[i] - v;
                if (d >= 1 && d <= k - 1)
                        return true;
        }
        return false;
}

/* achieved and percent of one figure into o; for a case metric (f) suppressed too. */
static void set_figure(json_t *o, int64_t achieved, int64_t target, const struct case_figures *f)
{
        if (f && figure_hidden(achieved, f, case_settings()->statistics_k)) {
                json_object_set_new(o, "achieved", json_null());
                json_object_set_new(o, "percent", json_null());
                json_object_set_new(o, "suppressed", json_true());
                return;
        }
        json_object_set_new(o, "achieved", json_integer(achieved));
        json_object_set_new(o, "percent", percent_json(achieved, target));
        if (f)
                json_object_set_new(o, "suppressed", json_false());
}

/*
 * The case figures of a page of indicators, one set per case metric, each
 * read once for the page (figures: the set of that metric, known: read yet).
 */
struct page_figures {
        struct case_figures figures[2];
        bool known[2];
};

/* The figure set ind's metric is published against, read for the page once; NULL when none. */
static const struct case_figures *figures_for(struct db *db, const struct indicator *ind,
                                              struct page_figures *pf, int *rc)
{
        int m = metric_parse(ind->metric);
        if (m < 0 || !metric_counts_cases((enum metric)m))
                return NULL;
        int i = m == METRIC_CASES_ASSISTED ? 0 : 1;
        if (!pf->known[i]) {
                *rc = case_figures_of(db, ind, &pf->figures[i]);
                pf->known[i] = *rc == 0;
        }
        return &pf->figures[i];
}

static void page_figures_free(struct page_figures *pf)
{
        free(pf->figures[0].v);
        free(pf->figures[1].v);
}

/* The figures of stored indicator ind: achieved and percent, then its targets with theirs. */
static int add_figures(struct db *db, const struct indicator *ind, const struct reach_group *groups,
                       size_t n_groups, struct page_figures *pf, json_t *o)
{
        int64_t achieved, got[INDICATOR_TARGETS_MAX];
        struct indicator_target *rows = malloc(sizeof(*rows) * INDICATOR_TARGETS_MAX);
        size_t n = 0;
        int rc = rows ? figures_of(db, ind, groups, n_groups, &achieved, rows, got, &n) : -1;
        const struct case_figures *all = rc == 0 ? figures_for(db, ind, pf, &rc) : NULL;
        if (rc == 0)
                set_figure(o, achieved, ind->target, all);
        json_t *targets = rc == 0 ? json_array() : NULL;
        if (!targets || json_object_set_new(o, "targets", targets) < 0)
                rc = -1;
        for (size_t i = 0; rc == 0 && i < n; i++) {
                json_t *t = record_json(indicator_target_columns, TARGET__COLUMNS, &rows[i]);
                if (!t || json_array_append_new(targets, t) < 0)
                        rc = -1;
                else
                        set_figure(t, got[i], rows[i].target, all);
        }
        free(rows);
        return rc;
}

/* Stored indicator ind as the API shows it, or NULL (out of memory, storage failure). */
static json_t *indicator_json(struct db *db, const struct indicator *ind,
                              const struct reach_group *groups, size_t n_groups,
                              struct page_figures *pf)
{
        json_t *o = record_json(indicator_columns, IND__COLUMNS, ind);
        if (o && add_figures(db, ind, groups, n_groups, pf, o) < 0) {
                json_decref(o);
                o = NULL;
        }
        return o;
}

static json_t *render_with_figures(struct db *db, const struct principal *who, const void *rec)
{
        (void)who;
        struct page_figures pf = {0};
        json_t *o = indicator_json(db, rec, NULL, 0, &pf);
        page_figures_free(&pf);
        return o;
}

static enum ecat_err create_in(struct db *db, const struct principal *who, int64_t project_id,
                               void *rec, struct problems *p, int64_t *id)
{
        return indicator_create(db, who, project_id, rec, p, id);
}

static enum ecat_err update_any(struct db *db, const struct principal *who, int64_t id, void *patch,
                                struct problems *p)
{
        return indicator_update(db, who, id, patch, p);
}

static enum ecat_err load_any(struct db *db, const struct principal *who, struct arena *a,
                              int64_t id, void *out)
{
        return indicator_get(db, who, a, id, out);
}

const struct api_door indicator_api = {
    .res = &indicator_resource,
    .collection = "/api/v1/indicators",
    .create = create_in,
    .update = update_any,
    .remove = indicator_delete,
    .load = load_any,
    .render = render_with_figures,
    .read = read_indicator,
};

/*
 * Indicators of project_id (limit < 0: all) as a JSON array; the rows are
 * read first, then each one's figures, so no statement is stepped twice.
 */
static json_t *indicators_page(struct db *db, int64_t project_id, int64_t limit, int64_t offset,
                               const struct reach_group *groups, size_t n_groups)
{
        struct arena a;
        arena_init(&a, 4u << 20);
        struct page pg = {.a = &a};
        json_t *list = read_rows(db, project_id, limit, offset, &pg) == 0 ? json_array() : NULL;
        struct page_figures pf = {0};
        for (size_t i = 0; list && i < pg.n; i++) {
                json_t *o = indicator_json(db, &pg.rows[i], groups, n_groups, &pf);
                if (!o || json_array_append_new(list, o) < 0) {
                        json_decref(list);
                        list = NULL;
                }
        }
        page_figures_free(&pf);
        free(pg.rows);
        arena_free(&a);
        return list;
}

json_t *indicators_render(struct db *db, int64_t project_id, const struct reach_group *groups,
                          size_t n_groups)
{
        return indicators_page(db, project_id, -1, 0, groups, n_groups);
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
        /* One read transaction: the list, its figures and its total agree. */
        if (db_begin_read(db) != STORE_OK) {
                reply_internal(r, "cannot begin a read");
                return;
        }
        enum ecat_err found = project_find(db, r->ids[0], NULL, NULL);
        if (found != E_OK) {
                db_rollback(db);
                if (found == E_NOT_FOUND)
                        reply_error(r, E_NOT_FOUND, "no such project");
                else
                        reply_internal(r, "cannot read the project");
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
        reply_record_json(r, 200,
                          json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}

void indicators_create(struct request *r)
{
        struct db *db = request_db(r);
        if (db && api_path_project_lead(r, db))
                api_create(r, &indicator_api);
}

void indicators_get(struct request *r)
{
        api_get(r, &indicator_api);
}

void indicators_update(struct request *r)
{
        api_update(r, &indicator_api);
}

void indicators_delete(struct request *r)
{
        api_delete(r, &indicator_api);
}

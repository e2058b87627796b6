/*
 * The funder's period report: GET /api/v1/projects/{id}/report.xlsx and
 * /report.pdf, and what `ecat report` prints.
 *
 * Contract
 * --------
 * Query: from, to (YYYY-MM-DD, default the project's start and end; from
 * after to is 400 naming "from"), lang (lt|en|it, default the user's
 * interface language, else en; any other value is 400 naming "lang").
 * Action report.read.  Unknown project: 404.  The answer is the file, with
 * Content-Disposition: attachment; filename="ECAT-report-FROM-TO.xlsx".
 *
 * Sections, in this order: indicators against targets (the dashboard's
 * figures: indicators_render, the project to date); people reached by
 * audience group in the period; the monthly series of the period
 * (activities, head-count; the chart); institutions reached in the period
 * by kind and by municipality; the budget per partner (allocation, spent
 * within the period; only for roles holding budget.read); the map of the
 * institutions visited in the period that have coordinates; the materials
 * distributed in the period, per material and audience group (the
 * distributions dated in it); business engagement as it stands at the time
 * of the report, as on the dashboard: businesses and hotels per pipeline
 * stage, and agreements per kind and status; the cases identified in the
 * period by age band and gender (fill_cases: the statistics API's table
 * through its own release path, only for case.statistics, recorded in the
 * ledger as xlsx or pdf).  Everything is read in one transaction: a write
 * transaction committed once the file is made when the case table is in it
 * (nothing recorded for a report that fails), else a read transaction.
 * Value codes are printed as words of the language (report_label).
 */
#include "api/report.h"

#include <malloc.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "api/handlers.h"
#include "api/indicators.h"
#include "api/params.h"
#include "api/programme.h"
#include "api/respond.h"
#include "core/util.h"
#include "domain/case.h"
#include "domain/engagement.h"
#include "domain/stats_ledger.h"
#include "domain/org.h"
#include "domain/programme.h"

static char *dup_text(struct stmt *st, int col)
{
        const char *t = st_text(st, col);
        return strdup(t ? t : "");
}

static int step_all(struct stmt *st, enum store_rc rc)
{
        st_reset(st);
        return rc == STORE_DONE ? 0 : -1;
}

static int fill_cover(struct db *db, int64_t id, struct report *rp, int32_t *from, int32_t *to)
{
        struct stmt *st = db_prepare(db, STMT_PROJECT_BY_ID);
        if (!st)
                return -1;
        st_bind_int(st, 1, id);
        enum store_rc rc = st_step(st);
        if (rc != STORE_ROW) {
                st_reset(st);
                return rc == STORE_DONE ? 1 : -1;
        }
        rp->code = dup_text(st, 1);
        rp->title = dup_text(st, 2);
        rp->funder = dup_text(st, 3);
        rp->programme = dup_text(st, 4);
        if (!*from)
                *from = (int32_t)st_int(st, 5);
        if (!*to)
                *to = (int32_t)st_int(st, 6);
        snprintf(rp->currency, sizeof(rp->currency), "%s", st_text(st, 7));
        st_reset(st);
        rp->from = *from;
        rp->to = *to;
        if (!rp->code || !rp->title || !rp->funder || !rp->programme)
                return -1;
        st = db_prepare(db, STMT_REPORT_PARTNERS);
        if (!st)
                return -1;
        st_bind_int(st, 1, id);
        while ((rc = st_step(st)) == STORE_ROW)
                if (report_partner_add(rp, st_text(st, 0), st_text(st, 1), st_text(st, 2)) < 0)
                        break;
        return step_all(st, rc);
}

static int fill_indicators(struct db *db, int64_t id, struct report *rp)
{
        enum report_lang l = rp->lang;
        json_t *list = indicators_render(db, id, NULL, 0);
        if (!list)
                return -1;
        struct report_section *s =
            report_section_add(rp, report_word(l, W_INDICATORS), report_word(l, W_INDICATOR));
        if (!s) {
                json_decref(list);
                return -1;
        }
        report_col(s, report_word(l, W_TARGET), COL_COUNT);
        report_col(s, report_word(l, W_ACHIEVED), COL_COUNT);
        report_col(s, report_word(l, W_PERCENT), COL_PERCENT);
        size_t i;
        json_t *ind;
        int rc = 0;
        json_array_foreach(list, i, ind)
        {
                struct report_row *row =
                    report_row_add(s, json_string_value(json_object_get(ind, "name")));
                if (!row) {
                        rc = -1;
                        break;
                }
                json_t *ach = json_object_get(ind, "achieved"),
                       *pct = json_object_get(ind, "percent");
                row->v[0] = (double)json_integer_value(json_object_get(ind, "target"));
                /* suppressed case figures stay empty, as on the dashboard */
                row->v[1] = json_is_integer(ach) ? (double)json_integer_value(ach) : NAN;
                row->v[2] = json_is_number(pct) ? json_number_value(pct) : NAN;
        }
        json_decref(list);
        return rc;
}

static int fill_activity_sections(struct db *db, int64_t id, struct report *rp)
{
        enum report_lang l = rp->lang;
        /* monthly series */
        int32_t first = month_of_day(rp->from), last = month_of_day(rp->to);
        size_t span = last >= first ? (size_t)(last - first + 1) : 0;
        double *acts = calloc(span + 1, sizeof(double)), *heads = calloc(span + 1, sizeof(double));
        int64_t audience[AUDIENCE_GROUPS] = {0};
        struct stmt *st = db_prepare(db, STMT_REPORT_ACTIVITIES);
        int rc = -1;
        if (!acts || !heads || !st)
                goto out;
        st_bind_int(st, 1, id);
        st_bind_int(st, 2, rp->from);
        st_bind_int(st, 3, rp->to);
        enum store_rc src;
        while ((src = st_step(st)) == STORE_ROW) {
                int32_t m = month_of_day((int32_t)st_int(st, 0)) - first;
                if (m < 0 || (size_t)m >= span)
                        continue;
                acts[m] += 1;
                for (int k = 0; k < AUDIENCE_GROUPS; k++) {
                        audience[k] += st_int(st, 1 + k);
                        heads[m] += (double)st_int(st, 1 + k);
                }
        }
        if (step_all(st, src) < 0)
                goto out;

        struct report_section *aud =
            report_section_add(rp, report_word(l, W_AUDIENCE), report_word(l, W_GROUP));
        if (!aud)
                goto out;
        report_col(aud, report_word(l, W_PEOPLE), COL_COUNT);
        int64_t total = 0;
        for (int k = 0; k < AUDIENCE_GROUPS; k++) {
                struct report_row *row = report_row_add(aud, report_label(l, audience_groups[k]));
                if (!row)
                        goto out;
                row->v[0] = (double)audience[k];
                total += audience[k];
        }
        struct report_row *tr = report_row_add(aud, report_word(l, W_TOTAL));
        if (!tr)
                goto out;
        tr->v[0] = (double)total;

        struct report_section *mon =
            report_section_add(rp, report_word(l, W_MONTHLY), report_word(l, W_MONTH));
        if (!mon)
                goto out;
        report_col(mon, report_word(l, W_ACTIVITIES), COL_COUNT);
        report_col(mon, report_word(l, W_HEADCOUNT), COL_COUNT);
        mon->chart_cols = 2;
        for (size_t i = 0; i < span; i++) {
                char ym[8];
                month_format(first + (int32_t)i, ym);
                struct report_row *row = report_row_add(mon, ym);
                if (!row)
                        goto out;
                row->v[0] = acts[i];
                row->v[1] = heads[i];
        }

        /* institutions: by kind, by municipality, and the map */
        struct report_section *kind =
            report_section_add(rp, report_word(l, W_BY_KIND), report_word(l, W_KIND));
        if (!kind)
                goto out;
        report_col(kind, report_word(l, W_INSTITUTIONS), COL_COUNT);
        report_col(kind, report_word(l, W_ACTIVITIES), COL_COUNT);
        report_col(kind, report_word(l, W_HEADCOUNT), COL_COUNT);
        for (int k = 0; org_kinds[k]; k++)
                if (!report_row_add(kind, report_label(l, org_kinds[k])))
                        goto out;
        struct report_section *muni = report_section_add(rp, report_word(l, W_BY_MUNICIPALITY),
                                                         report_word(l, W_MUNICIPALITY));
        if (!muni)
                goto out;
        report_col(muni, report_word(l, W_INSTITUTIONS), COL_COUNT);
        report_col(muni, report_word(l, W_ACTIVITIES), COL_COUNT);
        report_col(muni, report_word(l, W_HEADCOUNT), COL_COUNT);
        struct report_section *map =
            report_section_add(rp, report_word(l, W_MAP), report_word(l, W_VISITED));
        if (!map)
                goto out;
        st = db_prepare(db, STMT_REPORT_INSTITUTIONS);
        if (!st)
                goto out;
        st_bind_int(st, 1, id);
        st_bind_int(st, 2, rp->from);
        st_bind_int(st, 3, rp->to);
        double sum[3] = {0};
        while ((src = st_step(st)) == STORE_ROW) {
                double n_act = (double)st_int(st, 5), n_head = 0;
                for (int k = 0; k < AUDIENCE_GROUPS; k++)
                        n_head += (double)st_int(st, 6 + k);
                int k = enum_index(org_kinds, st_text(st, 1));
                if (k >= 0) {
                        kind->rows[k].v[0] += 1;
                        kind->rows[k].v[1] += n_act;
                        kind->rows[k].v[2] += n_head;
                }
                const char *mname = *st_text(st, 2) ? st_text(st, 2) : "-";
                struct report_row *mr = NULL;
                for (size_t j = 0; j < muni->n_rows; j++)
                        if (strcmp(muni->rows[j].label, mname) == 0)
                                mr = &muni->rows[j];
                if (!mr && !(mr = report_row_add(muni, mname)))
                        break;
                mr->v[0] += 1;
                mr->v[1] += n_act;
                mr->v[2] += n_head;
                sum[0] += 1;
                sum[1] += n_act;
                sum[2] += n_head;
                if (!st_null(st, 3) && !st_null(st, 4) &&
                    report_point_add(map, st_text(st, 0), st_double(st, 3), st_double(st, 4)) < 0)
                        break;
        }
        if (step_all(st, src) < 0)
                goto out;
        struct report_row *kt = report_row_add(kind, report_word(l, W_TOTAL));
        struct report_row *mt = report_row_add(muni, report_word(l, W_TOTAL));
        if (!kt || !mt)
                goto out;
        memcpy(kt->v, sum, sizeof(sum));
        memcpy(mt->v, sum, sizeof(sum));
        rc = 0;
out:
        free(acts);
        free(heads);
        return rc;
}

static int fill_budget(struct db *db, int64_t id, struct report *rp)
{
        enum report_lang l = rp->lang;
        struct report_section *s =
            report_section_add(rp, report_word(l, W_BUDGET), report_word(l, W_PARTNER));
        struct stmt *st = s ? db_prepare(db, STMT_REPORT_BUDGET) : NULL;
        if (!st)
                return -1;
        report_col(s, report_word(l, W_ALLOCATED), COL_MONEYC);
        report_col(s, report_word(l, W_SPENT), COL_MONEYC);
        report_col(s, report_word(l, W_PERCENT), COL_PERCENT);
        st_bind_int(st, 1, id);
        st_bind_int(st, 2, rp->from);
        st_bind_int(st, 3, rp->to);
        double alloc = 0, spent = 0;
        enum store_rc rc;
        while ((rc = st_step(st)) == STORE_ROW) {
                struct report_row *row = report_row_add(s, st_text(st, 0));
                if (!row)
                        break;
                row->v[0] = (double)st_int(st, 1);
                row->v[1] = (double)st_int(st, 2);
                row->v[2] = row->v[0] > 0 ? row->v[1] * 100.0 / row->v[0] : NAN;
                alloc += row->v[0];
                spent += row->v[1];
        }
        if (step_all(st, rc) < 0)
                return -1;
        struct report_row *t = report_row_add(s, report_word(l, W_TOTAL));
        if (!t)
                return -1;
        t->v[0] = alloc;
        t->v[1] = spent;
        t->v[2] = alloc > 0 ? spent * 100.0 / alloc : NAN;
        return 0;
}

/* Materials distributed in the period: a row per material, a column per audience group. */
static int fill_materials(struct db *db, int64_t id, struct report *rp)
{
        enum report_lang l = rp->lang;
        enum { N = 6 }; /* distribution_audiences */
        struct report_section *s =
            report_section_add(rp, report_word(l, W_MATERIALS), report_word(l, W_MATERIAL));
        struct stmt *st = s ? db_prepare(db, STMT_REPORT_DISTRIBUTIONS) : NULL;
        if (!st)
                return -1;
        for (int k = 0; k < N; k++)
                report_col(s, report_label(l, distribution_audiences[k]), COL_COUNT);
        report_col(s, report_word(l, W_TOTAL), COL_COUNT);
        st_bind_int(st, 1, id);
        st_bind_int(st, 2, rp->from);
        st_bind_int(st, 3, rp->to);
        double sum[N + 1] = {0};
        int64_t last = 0;
        struct report_row *row = NULL;
        enum store_rc rc;
        while ((rc = st_step(st)) == STORE_ROW) {
                if (!row || st_int(st, 0) != last) {
                        last = st_int(st, 0);
                        char label[600];
                        snprintf(label, sizeof(label), "%s (%s)", st_text(st, 1),
                                 report_label(l, st_text(st, 4)));
                        if (!(row = report_row_add(s, label)))
                                break;
                }
                int k = enum_index(distribution_audiences, st_text(st, 2));
                double q = (double)st_int(st, 3);
                if (k < 0 || k >= N)
                        continue;
                row->v[k] += q;
                row->v[N] += q;
                sum[k] += q;
                sum[N] += q;
        }
        if (step_all(st, rc) < 0)
                return -1;
        struct report_row *t = report_row_add(s, report_word(l, W_TOTAL));
        if (!t)
                return -1;
        memcpy(t->v, sum, sizeof(sum));
        return 0;
}

/* The pipeline per stage, and agreements per kind and status, as the dashboard counts them. */
static int fill_engagement(struct db *db, int64_t id, struct report *rp)
{
        enum report_lang l = rp->lang;
        struct report_section *s =
            report_section_add(rp, report_word(l, W_ENGAGEMENT), report_word(l, W_STAGE));
        struct stmt *st = s ? db_prepare(db, STMT_DASH_ENGAGEMENT_STAGES) : NULL;
        if (!st)
                return -1;
        report_col(s, report_word(l, W_BUSINESSES), COL_COUNT);
        for (int k = 0; engagement_stage_names[k]; k++)
                if (!report_row_add(s, report_label(l, engagement_stage_names[k])))
                        return -1;
        size_t n_stages = s->n_rows;
        st_bind_int(st, 1, id);
        double total = 0;
        enum store_rc rc;
        while ((rc = st_step(st)) == STORE_ROW) {
                int k = engagement_stage_index(st_text(st, 0));
                if (k < 0 || (size_t)k >= n_stages)
                        continue;
                s->rows[k].v[0] += (double)st_int(st, 1);
                total += (double)st_int(st, 1);
        }
        if (step_all(st, rc) < 0)
                return -1;
        struct report_row *t = report_row_add(s, report_word(l, W_TOTAL));
        if (!t)
                return -1;
        t->v[0] = total;

        struct report_section *a =
            report_section_add(rp, report_word(l, W_AGREEMENTS), report_word(l, W_KIND));
        st = a ? db_prepare(db, STMT_DASH_AGREEMENTS) : NULL;
        if (!st)
                return -1;
        size_t n_status = 0;
        for (; agreement_statuses[n_status]; n_status++)
                report_col(a, report_label(l, agreement_statuses[n_status]), COL_COUNT);
        report_col(a, report_word(l, W_TOTAL), COL_COUNT);
        for (int k = 0; agreement_kinds[k]; k++)
                if (!report_row_add(a, report_label(l, agreement_kinds[k])))
                        return -1;
        size_t n_kinds = a->n_rows;
        struct report_row *at = report_row_add(a, report_word(l, W_TOTAL));
        if (!at)
                return -1;
        st_bind_int(st, 1, id);
        while ((rc = st_step(st)) == STORE_ROW) {
                int k = enum_index(agreement_kinds, st_text(st, 0));
                int c = enum_index(agreement_statuses, st_text(st, 1));
                double n = (double)st_int(st, 2);
                if (k < 0 || (size_t)k >= n_kinds || c < 0 || (size_t)c >= n_status)
                        continue;
                a->rows[k].v[c] += n;
                a->rows[k].v[n_status] += n;
                a->rows[n_kinds].v[c] += n;
                a->rows[n_kinds].v[n_status] += n;
        }
        return step_all(st, rc);
}

/* The table of the case statistics the report prints (domain/case_stats.h). */
#define CASE_TABLE "age_band_by_gender"

/*
 * The cases identified in the period by age band and gender, as the
 * statistics API publishes that table (stats_release_make: the same
 * suppression, the same ledger), recorded as released to the reader; for a
 * reader without case.statistics, or at the console, a note that it is not
 * included.  0, -1, or -2 (too many rows to protect).
 */
/*
 * The cell of row r and column c of t, where row n_rows and column n_cols are
 * the totals; -1 for an empty table (nothing counted), which is all zeros.
 */
static int table_cell(const struct stats_table *t, int r, int c)
{
        const struct sdc_table *g = &t->t;
        if (t->n_rows <= 0)
                return -1;
        if (r < t->n_rows)
                return c < t->n_cols ? sdc_cell(g, r, c) : sdc_row_total(g, r);
        return c < t->n_cols ? sdc_col_total(g, c) : sdc_grand_total(g);
}

static int fill_cases(struct db *db, const struct report_reader *who, struct report *rp)
{
        enum report_lang l = rp->lang;
        struct report_section *s =
            report_section_add(rp, report_word(l, W_CASES), report_word(l, W_AGE));
        if (!s)
                return -1;
        if (!who->api || !who->cases)
                return report_note(s, report_word(l, who->api ? W_CASES_ROLE : W_CASES_CLI));
        struct case_stats *cs = calloc(1, sizeof(*cs)); /* large: not on a worker's stack */
        if (!cs)
                return -1;
        struct stats_filter f = {.from = rp->from, .to = rp->to, .agency = 0};
        struct stats_release rel;
        int rc = stats_release_make(db, &f, who->k, who->round_base, CASE_TABLE, who->user_id,
                                    who->via, who->request_id, cs, &rel);
        const struct stats_table *t = &cs->table[0];
        if (rc < 0 || t->n_cols > REPORT_COLS_MAX - 1) {
                free(cs);
                return rc == -2 ? -2 : -1;
        }
        for (int c = 0; c < t->n_cols; c++)
                report_col(s, report_label(l, t->col_label[c]), COL_COUNT);
        report_col(s, report_word(l, W_TOTAL), COL_COUNT);
        for (int r = 0; r <= t->n_rows && rc == 0; r++) {
                struct report_row *row = report_row_add(
                    s, r < t->n_rows ? report_label(l, t->row_label[r]) : report_word(l, W_TOTAL));
                if (!row) {
                        rc = -1;
                        break;
                }
                for (int c = 0; c <= t->n_cols; c++) {
                        int p = table_cell(t, r, c);
                        row->v[c] = p < 0                         ? 0
                                    : t->mark[p] == SDC_PUBLISHED ? (double)t->value[p]
                                                                  : NAN;
                }
        }
        free(cs);
        char note[1024];
        snprintf(note, sizeof(note), "%s %d %s", report_word(l, W_CASES_NOTE), who->k,
                 report_word(l, W_CASES_NOTE2));
        return rc == 0 ? report_note(s, note) : rc;
}

int report_fill(struct db *db, int64_t project_id, int32_t *from, int32_t *to,
                const struct report_reader *who, struct report *rp)
{
        int rc = fill_cover(db, project_id, rp, from, to);
        if (rc != 0)
                return rc;
        if (*from > *to)
                return 2;
        if (fill_indicators(db, project_id, rp) < 0 ||
            fill_activity_sections(db, project_id, rp) < 0 ||
            fill_materials(db, project_id, rp) < 0 || fill_engagement(db, project_id, rp) < 0)
                return -1;
        rc = fill_cases(db, who, rp);
        if (rc < 0)
                return rc;
        if (who->budget && fill_budget(db, project_id, rp) < 0)
                return -1;
        /* the map last: it takes a page of its own */
        for (size_t i = 0; i + 1 < rp->n_sections; i++)
                if (rp->sections[i].title == report_word(rp->lang, W_MAP)) {
                        struct report_section m = rp->sections[i];
                        memmove(&rp->sections[i], &rp->sections[i + 1],
                                (rp->n_sections - i - 1) * sizeof(m));
                        rp->sections[rp->n_sections - 1] = m;
                        break;
                }
        return 0;
}

int report_project_by_code(struct db *db, const char *code, int64_t *id)
{
        struct stmt *st = db_prepare(db, STMT_REPORT_PROJECT_BY_CODE);
        if (!st)
                return -1;
        st_bind_text(st, 1, code);
        enum store_rc rc = st_step(st);
        if (rc == STORE_ROW)
                *id = st_int(st, 0);
        st_reset(st);
        return rc == STORE_ROW ? 0 : rc == STORE_DONE ? 1 : -1;
}

/* --- the routes --- */

static const char *const lang_codes[] = {"en", "lt", "it", NULL};

static void report_get(struct request *r, bool pdf)
{
        int32_t from = 0, to = 0;
        const char *lang = NULL;
        if (query_date(r, "from", &from) < 0 || query_date(r, "to", &to) < 0 ||
            query_enum(r, "lang", lang_codes, &lang) < 0)
                return;
        if (from && to && from > to) {
                reply_error_fields(r, E_BAD_REQUEST, "from is after to",
                                   json_pack("{s:s}", "from", "must not be after to"));
                return;
        }
        int l = report_lang_parse(lang ? lang : r->auth.locale);
        struct db *db = request_db(r);
        if (!db)
                return;
        const struct config *cfg = r->app->cfg;
        struct report_reader who = {.budget = policy_allows(r->auth.role, ACT_BUDGET_READ),
                                    .api = true,
                                    .cases = policy_allows(r->auth.role, ACT_CASE_STATISTICS),
                                    .user_id = r->auth.user_id,
                                    .via = pdf ? "pdf" : "xlsx",
                                    .request_id = r->id,
                                    .k = (int)cfg->statistics_k,
                                    .round_base = (int)cfg->statistics_round};
        struct report rp;
        report_init(&rp, l < 0 ? LANG_EN : (enum report_lang)l);
        struct buf out;
        buf_init(&out, 64u << 20);
        /*
         * The case table is a release of the ledger: its record, with its
         * audit entry, is written in the transaction the report is read in,
         * committed once the file is made and before it leaves; a report that
         * fails records nothing.  Without the case table a read transaction.
         */
        enum store_rc begun = who.cases ? db_begin_write(db) : db_begin_read(db);
        int rc = begun == STORE_OK ? report_fill(db, r->ids[0], &from, &to, &who, &rp) : -1;
        if (rc == 0)
                rc = pdf ? report_pdf(&rp, &out) : report_xlsx(&rp, &out);
        report_free(&rp);
        /*
         * A large period's sections (a row and a point per institution) are
         * given back to the system, not kept by the allocator for the
         * server's lifetime.
         */
        malloc_trim(0);
        if (rc == 0 && who.cases && db_commit(db) != STORE_OK)
                rc = -1;
        db_rollback(db); /* harmless after the commit */
        if (rc != 0)
                buf_free(&out);
        if (rc == 1) {
                reply_error(r, E_NOT_FOUND, "no such project");
                return;
        }
        if (rc == 2) {
                /* one end given, the other the project's: name the one given */
                reply_error_fields(r, E_BAD_REQUEST, "from is after to",
                                   json_pack("{s:s}", req_query(r, "from") ? "from" : "to",
                                             req_query(r, "from") ? "must not be after to"
                                                                  : "must not be before from"));
                return;
        }
        if (rc == -2) {
                reply_error(r, E_UNAVAILABLE, "the case table has more rows than can be protected");
                return;
        }
        if (begun != STORE_OK) {
                reply_begin_failed(r, begun); /* 503 with Retry-After when busy */
                return;
        }
        if (rc != 0) {
                reply_internal(r, "cannot make the report");
                return;
        }
        char f[11], t[11], disp[96];
        format_date(from, f);
        format_date(to, t);
        snprintf(disp, sizeof(disp), "attachment; filename=\"ECAT-report-%s-%s.%s\"", f, t,
                 pdf ? "pdf" : "xlsx");
        req_add_header(r, "Content-Disposition", disp);
        size_t len = 0;
        char *data = buf_steal(&out, &len);
        reply_raw(r, 200,
                  pdf ? "application/pdf"
                      : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                  data, len);
}

void report_xlsx_get(struct request *r)
{
        report_get(r, false);
}

void report_pdf_get(struct request *r)
{
        report_get(r, true);
}

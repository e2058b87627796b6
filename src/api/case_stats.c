/*
 * Case statistics for coordinators, viewers and the agencies' case staff.
 *
 *   GET /api/v1/cases/statistics[.csv]?from=YYYY-MM-DD&to=YYYY-MM-DD&agency=ID
 *
 * Contract: every table of domain/case_stats.h over the cases identified (or,
 * without that date, registered) from `from` to `to` inclusive, of one agency
 * or all.  A count under `statistics_k`, and every count that would let one be
 * recomputed or narrowed from the totals and other cells, is published as
 * null (JSON) or an empty count with `suppressed` (CSV); nothing else about
 * it.  Margins are part of the table and suppressed like cells.  Nothing
 * identifying is read: only the coarse columns of cases, referrals and
 * services.  Action `case.statistics`; no case scope applies, since no
 * answer here is about one case.
 */
#include "api/app.h"
#include "api/handlers.h"
#include "api/params.h"
#include "api/respond.h"
#include "audit/audit.h"
#include "core/buf.h"
#include "core/csv_out.h"
#include "core/util.h"
#include "domain/case_stats.h"
#include "domain/stats_ledger.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *count_json(const struct stats_table *t, int p)
{
        return t->mark[p] == SDC_PUBLISHED ? json_integer(t->value[p]) : json_null();
}

static json_t *table_json(const struct stats_table *t)
{
        const struct sdc_table *g = &t->t;
        json_t *rows = json_array(), *cells = json_array();
        int suppressed = 0, np = sdc_positions(t->n_rows, t->n_cols);
        for (int p = 0; p < np && t->n_rows; p++)
                suppressed += t->mark[p] != SDC_PUBLISHED;
        for (int r = 0; r < t->n_rows; r++) {
                json_array_append_new(rows, json_string(t->row_label[r]));
                if (!t->cols_name) {
                        json_array_append_new(cells, count_json(t, sdc_cell(g, r, 0)));
                        continue;
                }
                json_t *line = json_array();
                for (int c = 0; c < t->n_cols; c++)
                        json_array_append_new(line, count_json(t, sdc_cell(g, r, c)));
                json_array_append_new(cells, line);
        }
        json_t *out = json_pack("{s:s, s:s, s:s?, s:s, s:o, s:o, s:o, s:i}", "name", t->name,
                                "rows", t->rows_name, "columns", t->cols_name, "unit", t->unit,
                                "row_labels", rows, "cells", cells, "total",
                                t->n_rows ? count_json(t, sdc_grand_total(g)) : json_integer(0),
                                "suppressed", suppressed);
        if (out && t->cols_name) {
                json_t *cols = json_array(), *rt = json_array(), *ct = json_array();
                for (int c = 0; c < t->n_cols; c++) {
                        json_array_append_new(cols, json_string(t->col_label[c]));
                        json_array_append_new(ct, count_json(t, sdc_col_total(g, c)));
                }
                for (int r = 0; r < t->n_rows; r++)
                        json_array_append_new(rt, count_json(t, sdc_row_total(g, r)));
                json_object_set_new(out, "column_labels", cols);
                json_object_set_new(out, "row_totals", rt);
                json_object_set_new(out, "column_totals", ct);
        }
        return out;
}

/* The filter from the query; -1 when it has answered r. */
static int read_filter(struct request *r, struct stats_filter *f)
{
        int64_t agency = 0;
        if (query_date(r, "from", &f->from) < 0 || query_date(r, "to", &f->to) < 0 ||
            query_int(r, "agency", 1, INT64_MAX, &agency) < 0)
                return -1;
        f->agency = agency;
        if (f->from && f->to && f->to < f->from) {
                reply_invalid(r, "to", "is before from");
                return -1;
        }
        return 0;
}

/*
 * The tables, or NULL when it has answered r: stats_release_make() counts and
 * protects them, suppresses further against the release ledger, records them
 * there when via is not NULL (a release leaving ecat; with an audit entry),
 * then rounds.  The gate's write transaction (ROUTE_AUDIT_READ) holds the
 * check and the record together, so two releases cannot both miss each other.
 */
static struct case_stats *make(struct request *r, struct stats_filter *f, const char *via,
                               struct stats_release *out)
{
        if (read_filter(r, f) < 0)
                return NULL;
        struct db *db = r->tx;
        struct case_stats *s = calloc(1, sizeof(*s));
        if (!db || !s) {
                free(s);
                reply_internal(r, "cannot count");
                return NULL;
        }
        const struct config *cfg = r->app->cfg;
        int rc = stats_release_make(db, f, (int)cfg->statistics_k, (int)cfg->statistics_round, NULL,
                                    r->auth.user_id, via, r->id, s, out);
        if (rc < 0) {
                free(s);
                if (rc == -2)
                        reply_error(
                            r, E_UNAVAILABLE,
                            "a table has more rows than can be protected; choose one agency");
                else if (rc == -3)
                        reply_internal(r, "cannot check or record the release");
                else
                        reply_internal(r, "cannot count the cases");
                return NULL;
        }
        return s;
}

static json_t *date_or_null(int32_t day)
{
        if (!day)
                return json_null();
        char text[11];
        format_date(day, text);
        return json_string(text);
}

void case_statistics(struct request *r)
{
        struct stats_filter f = {0};
        struct stats_release rel = {0};
        /* An answer to an API token leaves ecat; the screen's offers its CSV to take away. */
        struct case_stats *s = make(r, &f, r->auth.session_id ? NULL : "token", &rel);
        if (!s)
                return;
        json_t *tables = json_array();
        for (int i = 0; i < s->n; i++)
                json_array_append_new(tables, table_json(&s->table[i]));
        free(s);
        const struct config *cfg = r->app->cfg;
        json_t *round_to =
            cfg->statistics_round > 1 ? json_integer(cfg->statistics_round) : json_null();
        reply_json(r, 200,
                   json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:i, s:i}", "k",
                             (json_int_t)cfg->statistics_k, "rounded_to", round_to, "from",
                             date_or_null(f.from), "to", date_or_null(f.to), "agency",
                             f.agency ? json_integer(f.agency) : json_null(), "tables", tables,
                             "release", rel.id ? json_integer(rel.id) : json_null(),
                             "releases_compared", rel.compared, "suppressed_by_ledger", rel.added));
}

/* One CSV line: table, unit, row, column, count (empty when suppressed), suppressed. */
static int csv_line(struct buf *b, const struct stats_table *t, const char *row, const char *col,
                    int p)
{
        bool hidden = t->mark[p] != SDC_PUBLISHED;
        int bad = csv_cell(b, t->name, 0) || csv_cell(b, t->unit, 0) || csv_cell(b, row, 0) ||
                  csv_cell(b, col, 0);
        bad = bad || (hidden ? csv_cell(b, "", 0) : csv_int(b, t->value[p], 0));
        return bad || csv_cell(b, hidden ? "true" : "false", 1) || csv_end(b);
}

void case_statistics_csv(struct request *r)
{
        struct stats_filter f = {0};
        struct stats_release rel = {0};
        struct case_stats *s = make(r, &f, "csv", &rel);
        if (!s)
                return;
        struct buf b;
        buf_init(&b, (size_t)8 << 20);
        int bad = csv_cell(&b, "table", 0) || csv_cell(&b, "unit", 0) || csv_cell(&b, "row", 0) ||
                  csv_cell(&b, "column", 0) || csv_cell(&b, "count", 0) ||
                  csv_cell(&b, "suppressed", 1) || csv_end(&b);
        for (int i = 0; i < s->n && !bad; i++) {
                const struct stats_table *t = &s->table[i];
                const struct sdc_table *g = &t->t;
                for (int row = 0; row < t->n_rows && !bad; row++) {
                        for (int c = 0; c < t->n_cols && !bad; c++)
                                bad = csv_line(&b, t, t->row_label[row],
                                               t->cols_name ? t->col_label[c] : "",
                                               sdc_cell(g, row, c));
                        if (t->cols_name && !bad)
                                bad = csv_line(&b, t, t->row_label[row], "total",
                                               sdc_row_total(g, row));
                }
                for (int c = 0; t->cols_name && c < t->n_cols && !bad; c++)
                        bad = csv_line(&b, t, "total", t->col_label[c], sdc_col_total(g, c));
                if (t->n_rows && !bad)
                        bad = csv_line(&b, t, "total", t->cols_name ? "total" : "",
                                       sdc_grand_total(g));
        }
        free(s);
        size_t len = 0;
        char *data = bad ? NULL : buf_steal(&b, &len);
        buf_free(&b);
        if (!data) {
                reply_internal(r, "cannot write the statistics");
                return;
        }
        char id[24];
        snprintf(id, sizeof(id), "%lld", (long long)rel.id);
        req_add_header(r, "X-Statistics-Release", id);
        req_add_header(r, "Content-Disposition", "attachment; filename=\"case-statistics.csv\"");
        reply_raw(r, 200, "text/csv; charset=utf-8", data, len);
}

/*
 * The export's names.  HTCDS 2.0 (IOM) names its fields with a table prefix
 * and its values in PascalCase: prs_Gender (Feminine, Masculine,
 * TransgenderFeminine, TransgenderMasculine, NonConforming,
 * NonSpecifiedUnknown), prs_Citizenship (ISO 3166 alpha-2),
 * vic_TypeOfExploitation (ForcedLabour, SexualExploitation, ...,
 * ForcedMilitaryByNonStateActors, ..., Other; several joined by ';').  What
 * HTCDS has no field for comes from the CTDC codebook: yearOfRegistration,
 * ageBroad ("0--8" ... "48+"), majorityStatus (Adult, Minor) and
 * CountryOfExploitation.  ecat's own forced_criminality has no HTCDS value
 * and is exported as Other.  Unknown values are empty cells.
 */
/* A snake_case value name in PascalCase ("forced_labour": "ForcedLabour") into out. */
static void pascal(const char *v, char *out, size_t size)
{
        static const char upper[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        size_t n = 0;
        for (bool up = true; *v && n + 1 < size; v++) {
                if (*v == '_') {
                        up = true;
                        continue;
                }
                if (up && *v >= 'a' && *v <= 'z')
                        out[n++] = upper[*v - 'a'];
                else
                        out[n++] = *v;
                up = false;
        }
        out[n] = 0;
}

static int gender_cell(struct buf *b, const char *g)
{
        char out[64];
        pascal(strcmp(g, "unknown") == 0 ? "non_specified_unknown" : g, out, sizeof(out));
        return csv_cell(b, out, 0);
}

static int known_cell(struct buf *b, const char *v, int last)
{
        return csv_cell(b, strcmp(v, "unknown") == 0 ? "" : v, last);
}

/* A CTDC age band: "18-20" as "18--20"; generalised or unknown bands empty. */
static int age_cell(struct buf *b, const char *band)
{
        char out[16];
        size_t n = 0;
        if (!(band[0] >= '0' && band[0] <= '9'))
                return csv_cell(b, "", 0);
        for (; *band && n + 2 < sizeof(out); band++) {
                out[n++] = *band;
                if (*band == '-')
                        out[n++] = '-';
        }
        out[n] = 0;
        return csv_cell(b, out, 0);
}

/* ecat's exploitation types ("a;b") as HTCDS values, each once. */
static int exploitation_cell(struct buf *b, const char *types)
{
        char out[512];
        size_t n = 0;
        out[0] = 0;
        char copy[256];
        snprintf(copy, sizeof(copy), "%s", types);
        char *save = NULL;
        for (char *t = strtok_r(copy, ";", &save); t; t = strtok_r(NULL, ";", &save)) {
                char name[64];
                if (strcmp(t, "forced_military") == 0)
                        snprintf(name, sizeof(name), "ForcedMilitaryByNonStateActors");
                else if (strcmp(t, "forced_criminality") == 0 || strcmp(t, "other") == 0)
                        snprintf(name, sizeof(name), "Other");
                else if (strcmp(t, "unknown") == 0)
                        continue;
                else
                        pascal(t, name, sizeof(name));
                char key[70];
                snprintf(key, sizeof(key), ";%s;", name);
                char have[520];
                snprintf(have, sizeof(have), ";%s;", out);
                if (strstr(have, key))
                        continue;
                n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%s", n ? ";" : "", name);
                if (n >= sizeof(out))
                        return -1;
        }
        return csv_cell(b, out, 1);
}

/*
 *   GET /api/v1/cases/anonymised.csv?from=&to=&agency=
 *
 * Contract: one line per kept case of domain/case_stats.h's anonymised
 * export, HTCDS value names, CTDC age bands, the year only; the counts of
 * kept, generalised and dropped records in X-Records-* headers and in the
 * audit log (case.anonymised_export, its object the number of records kept;
 * case.anonymised_dropped, the number dropped), written in the read's
 * transaction before the answer leaves (ROUTE_AUDIT_READ).
 */
void case_anonymised_csv(struct request *r)
{
        struct stats_filter f = {0};
        if (read_filter(r, &f) < 0)
                return;
        struct db *db = r->tx; /* opened by the gate: the audit entries commit before the answer */
        if (!db) {
                reply_internal(r, "no transaction");
                return;
        }
        struct anon_export e;
        if (anon_export_make(db, &f, (int)r->app->cfg->export_k, &e) < 0) {
                reply_internal(r, "cannot make the export");
                return;
        }
        struct buf b;
        buf_init(&b, (size_t)64 << 20);
        int bad = csv_cell(&b, "yearOfRegistration", 0) || csv_cell(&b, "prs_Gender", 0) ||
                  csv_cell(&b, "ageBroad", 0) || csv_cell(&b, "majorityStatus", 0) ||
                  csv_cell(&b, "prs_Citizenship", 0) || csv_cell(&b, "CountryOfExploitation", 0) ||
                  csv_cell(&b, "vic_TypeOfExploitation", 1) || csv_end(&b);
        for (size_t i = 0; i < e.n && !bad; i++) {
                const struct anon_record *a = e.order[i]; /* by group, not by date */
                if (a->dropped)
                        continue;
                const char *majority = strcmp(a->majority, "minor") == 0   ? "Minor"
                                       : strcmp(a->majority, "adult") == 0 ? "Adult"
                                                                           : "";
                bad = csv_int(&b, a->year, 0) || gender_cell(&b, a->gender) ||
                      age_cell(&b, a->age_band) || csv_cell(&b, majority, 0) ||
                      known_cell(&b, a->citizenship, 0) ||
                      known_cell(&b, a->exploitation_country, 0) ||
                      exploitation_cell(&b, a->exploitation) || csv_end(&b);
        }
        struct audit_entry kept = {
            r->auth.user_id, "case.anonymised_export", "records", (int64_t)e.kept, "ok", r->id};
        struct audit_entry dropped = {
            r->auth.user_id, "case.anonymised_dropped", "records", (int64_t)e.dropped, "ok", r->id};
        char n_kept[24], n_gen[24], n_drop[24];
        snprintf(n_kept, sizeof(n_kept), "%zu", e.kept);
        snprintf(n_gen, sizeof(n_gen), "%zu", e.generalised);
        snprintf(n_drop, sizeof(n_drop), "%zu", e.dropped);
        anon_free(&e);
        size_t len = 0;
        char *data = bad ? NULL : buf_steal(&b, &len);
        buf_free(&b);
        if (!data || audit_append(db, &kept) != STORE_OK ||
            audit_append(db, &dropped) != STORE_OK) {
                free(data);
                reply_internal(r, "cannot write the export");
                return;
        }
        req_add_header(r, "X-Records-Kept", n_kept);
        req_add_header(r, "X-Records-Generalised", n_gen);
        req_add_header(r, "X-Records-Dropped", n_drop);
        req_add_header(r, "Content-Disposition", "attachment; filename=\"cases-anonymised.csv\"");
        reply_raw(r, 200, "text/csv; charset=utf-8", data, len);
}

/*
 *   GET /api/v1/cases/statistics/releases?limit=&offset=
 *
 * Contract: the release ledger, newest first: each release's number, when
 * it was first and last made and how often, to whom (user id), how it left
 * (csv, xlsx, token), its query (from, to, agency), k and how many counts it
 * suppressed.  Never the counts themselves.  Action `case.anonymised`: those
 * who may release record-level data oversee what was released.
 */
static json_t *day_or_null(int64_t day)
{
        return day ? date_or_null((int32_t)day) : json_null();
}

static json_t *time_json(int64_t t)
{
        char text[21];
        format_timestamp(t, text);
        return json_string(text);
}

void case_statistics_releases(struct request *r)
{
        int64_t limit, offset;
        if (query_page(r, &limit, &offset) < 0)
                return;
        struct db *db = store_db(r->app->store);
        struct stmt *st = db ? db_prepare(db, STMT_STATS_RELEASES_LIST) : NULL;
        struct stmt *cnt = db ? db_prepare(db, STMT_STATS_RELEASES_COUNT) : NULL;
        if (!st || !cnt || db_begin_read(db) != STORE_OK) {
                reply_internal(r, "cannot read the release ledger");
                return;
        }
        st_bind_int(st, 1, limit);
        st_bind_int(st, 2, offset);
        json_t *items = json_array();
        enum store_rc rc;
        while ((rc = st_step(st)) == STORE_ROW) {
                int64_t agency = st_int(st, 8);
                json_array_append_new(
                    items,
                    json_pack("{s:I, s:o, s:o, s:I, s:I, s:s, s:o, s:o, s:o, s:I, s:I}", "id",
                              (json_int_t)st_int(st, 0), "released_at", time_json(st_int(st, 1)),
                              "last_released_at", time_json(st_int(st, 2)), "times",
                              (json_int_t)st_int(st, 3), "user_id", (json_int_t)st_int(st, 4),
                              "via", st_text(st, 5), "from", day_or_null(st_int(st, 6)), "to",
                              day_or_null(st_int(st, 7)), "agency",
                              agency ? json_integer(agency) : json_null(), "k",
                              (json_int_t)st_int(st, 9), "suppressed", (json_int_t)st_int(st, 10)));
        }
        st_reset(st);
        int64_t total = 0;
        if (rc == STORE_DONE && st_step(cnt) == STORE_ROW)
                total = st_int(cnt, 0);
        else
                rc = STORE_ERROR;
        st_reset(cnt);
        db_rollback(db);
        if (rc != STORE_DONE) {
                json_decref(items);
                reply_internal(r, "cannot read the release ledger");
                return;
        }
        reply_json(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}

/*
 * The report as an XLSX workbook (libxlsxwriter): a cover sheet, then one
 * sheet per section with real numbers, money in the currency's format,
 * percents as percents, and a column chart on the sheet of the section that
 * has a chart series.  libxlsxwriter writes to a path: the file is made in
 * a fresh directory under $TMPDIR (or /tmp), read back and removed.
 */
#include "report/report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/util.h"

/* A sheet name: the title cut at a character boundary, without []:*?/\. */
static void sheet_name(size_t i, const char *title, char out[32])
{
        int k = snprintf(out, 32, "%zu ", i + 1);
        size_t n = (size_t)k;
        for (const char *p = title; *p && n < 28;) {
                size_t len = 1;
                while ((p[len] & 0xC0) == 0x80)
                        len++;
                if (n + len > 28)
                        break;
                if (!strchr("[]:*?/\\'", *p))
                        for (size_t j = 0; j < len; j++)
                                out[n++] = p[j];
                p += len;
        }
        out[n] = 0;
}

static lxw_datetime datetime_of(int32_t days)
{
        int y;
        unsigned m, d;
        civil_from_days(days, &y, &m, &d);
        lxw_datetime dt = {y, (int)m, (int)d, 0, 0, 0};
        return dt;
}

static int write_book(const struct report *rp, const char *path)
{
        lxw_workbook *wb = workbook_new(path);
        if (!wb)
                return -1;
        enum report_lang l = rp->lang;
        lxw_format *bold = workbook_add_format(wb);
        format_set_bold(bold);
        lxw_format *date = workbook_add_format(wb);
        format_set_num_format(date, "yyyy-mm-dd");
        lxw_format *money = workbook_add_format(wb);
        char fmt[64];
        snprintf(fmt, sizeof(fmt), "#,##0.00 \"%s\"", rp->currency);
        format_set_num_format(money, fmt);
        lxw_format *pct = workbook_add_format(wb);
        format_set_num_format(pct, "0.0%");

        lxw_worksheet *cover = workbook_add_worksheet(wb, report_word(l, W_REPORT));
        worksheet_set_column(cover, 0, 0, 22, NULL);
        worksheet_set_column(cover, 1, 3, 40, NULL);
        worksheet_write_string(cover, 0, 0, report_word(l, W_REPORT), bold);
        const struct {
                enum report_word w;
                const char *v;
        } cov[] = {{W_PROJECT, rp->code},
                   {W_PROJECT, rp->title},
                   {W_FUNDER, rp->funder},
                   {W_PROGRAMME, rp->programme},
                   {W_CURRENCY, rp->currency}};
        lxw_row_t row = 2;
        for (size_t i = 0; i < sizeof(cov) / sizeof(cov[0]); i++, row++) {
                worksheet_write_string(cover, row, 0, report_word(l, cov[i].w), bold);
                worksheet_write_string(cover, row, 1, cov[i].v ? cov[i].v : "", NULL);
        }
        lxw_datetime from = datetime_of(rp->from), to = datetime_of(rp->to);
        worksheet_write_string(cover, row, 0, report_word(l, W_PERIOD), bold);
        worksheet_write_datetime(cover, row, 1, &from, date);
        worksheet_write_datetime(cover, row++, 2, &to, date);
        row++;
        worksheet_write_string(cover, row, 0, report_word(l, W_PARTNERS), bold);
        worksheet_write_string(cover, row, 1, report_word(l, W_PARTNER), bold);
        worksheet_write_string(cover, row, 2, report_word(l, W_ROLE), bold);
        worksheet_write_string(cover, row++, 3, report_word(l, W_COUNTRY), bold);
        for (size_t i = 0; i < rp->n_partners; i++, row++) {
                worksheet_write_string(cover, row, 1, rp->partners[i].name, NULL);
                worksheet_write_string(cover, row, 2, rp->partners[i].role, NULL);
                worksheet_write_string(cover, row, 3, rp->partners[i].country, NULL);
        }

        for (size_t i = 0; i < rp->n_sections; i++) {
                const struct report_section *s = &rp->sections[i];
                char name[32];
                sheet_name(i, s->title, name);
                lxw_worksheet *ws = workbook_add_worksheet(wb, name);
                if (!ws)
                        continue;
                worksheet_set_column(ws, 0, 0, 36, NULL);
                worksheet_set_column(ws, 1, (lxw_col_t)s->n_cols, 16, NULL);
                worksheet_write_string(ws, 0, 0, s->title, bold);
                worksheet_write_string(ws, 1, 0, s->label, bold);
                for (size_t c = 0; c < s->n_cols; c++)
                        worksheet_write_string(ws, 1, (lxw_col_t)(c + 1), s->cols[c], bold);
                for (size_t r = 0; r < s->n_rows; r++) {
                        lxw_row_t y = (lxw_row_t)(r + 2);
                        worksheet_write_string(ws, y, 0, s->rows[r].label, NULL);
                        for (size_t c = 0; c < s->n_cols; c++) {
                                double v = s->rows[r].v[c];
                                lxw_col_t x = (lxw_col_t)(c + 1);
                                if (isnan(v))
                                        continue;
                                if (s->kinds[c] == COL_MONEYC)
                                        worksheet_write_number(ws, y, x, v / 100.0, money);
                                else if (s->kinds[c] == COL_PERCENT)
                                        worksheet_write_number(ws, y, x, v / 100.0, pct);
                                else
                                        worksheet_write_number(ws, y, x, v, NULL);
                        }
                }
                for (size_t p = 0; p < s->n_points; p++) {
                        lxw_row_t y = (lxw_row_t)(s->n_rows + 3 + p);
                        worksheet_write_string(ws, y, 0, s->points[p].name, NULL);
                        worksheet_write_number(ws, y, 1, s->points[p].lat, NULL);
                        worksheet_write_number(ws, y, 2, s->points[p].lon, NULL);
                }
                if (s->note) {
                        lxw_row_t y = (lxw_row_t)(s->n_cols ? s->n_rows + s->n_points + 3 : 1);
                        worksheet_write_string(ws, y, 0, s->note, NULL);
                }
                if (s->chart_cols && s->n_rows) {
                        lxw_chart *ch = workbook_add_chart(wb, LXW_CHART_COLUMN);
                        for (size_t c = 0; c < s->chart_cols && c < s->n_cols; c++) {
                                lxw_chart_series *se = chart_add_series(ch, NULL, NULL);
                                chart_series_set_categories(se, name, 2, 0,
                                                            (lxw_row_t)(s->n_rows + 1), 0);
                                chart_series_set_values(se, name, 2, (lxw_col_t)(c + 1),
                                                        (lxw_row_t)(s->n_rows + 1),
                                                        (lxw_col_t)(c + 1));
                                chart_series_set_name(se, s->cols[c]);
                        }
                        chart_title_set_name(ch, s->title);
                        worksheet_insert_chart(ws, 1, (lxw_col_t)(s->n_cols + 2), ch);
                }
        }
        return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
}

int report_xlsx(const struct report *rp, struct buf *out)
{
        const char *tmp = getenv("TMPDIR");
        char dir[4096], path[4200];
        snprintf(dir, sizeof(dir), "%s/ecat-report-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(dir))
                return -1;
        snprintf(path, sizeof(path), "%s/report.xlsx", dir);
        int rc = write_book(rp, path);
        FILE *f = rc == 0 ? fopen(path, "rb") : NULL;
        if (f) {
                char chunk[16384];
                size_t n;
                while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
                        if (buf_append(out, chunk, n) < 0) {
                                rc = -1;
                                break;
                        }
                if (ferror(f))
                        rc = -1;
                (void)fclose(f);
        } else {
                rc = -1;
        }
        (void)unlink(path);
        (void)rmdir(dir);
        return rc;
}

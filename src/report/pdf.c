/*
 * The report as a PDF (cairo + pango): A4, DejaVu Sans (found by
 * fontconfig; cairo embeds the subset used, so ąčęėįšųūž and àèéìòù
 * print), a cover page, each section as a table, a bar chart of a section
 * with a chart series, the map of a section with points drawn over the
 * bundled outline of Lithuania (data/lithuania-outline.txt, Natural Earth
 * via world-atlas), and "Page n / N" at the foot of every page.  The pages
 * are laid out twice: once into a surface that discards its output, to
 * count them, then into the real one.
 */
#include "report/report.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/embed.h"
#include "core/util.h"

/* "LON LAT" at the start of a line of the outline: true when both numbers are there. */
static bool read_point(const char *t, double *lon, double *lat)
{
        char *end;
        *lon = strtod(t, &end);
        if (end == t)
                return false;
        const char *rest = end;
        *lat = strtod(rest, &end);
        return end != rest;
}

#define PAGE_W 595.276
#define PAGE_H 841.89
#define MARGIN 50.0
#define LINE   15.0
#define FOOT   (PAGE_H - 40.0)

struct pen {
        cairo_t *cr;
        const struct report *rp;
        double y;
        int page, pages;
};

static double text_at(cairo_t *cr, double x, double y, const char *s, double size, bool bold,
                      double width, PangoAlignment align)
{
        PangoLayout *lay = pango_cairo_create_layout(cr);
        char font[64];
        snprintf(font, sizeof(font), "DejaVu Sans %s%.1f", bold ? "Bold " : "", size);
        PangoFontDescription *fd = pango_font_description_from_string(font);
        pango_layout_set_font_description(lay, fd);
        pango_font_description_free(fd);
        if (width > 0) {
                pango_layout_set_width(lay, (int)(width * PANGO_SCALE));
                pango_layout_set_ellipsize(lay, PANGO_ELLIPSIZE_END);
                pango_layout_set_alignment(lay, align);
        }
        pango_layout_set_text(lay, s, -1);
        int h = 0;
        pango_layout_get_size(lay, NULL, &h);
        cairo_move_to(cr, x, y);
        pango_cairo_show_layout(cr, lay);
        g_object_unref(lay);
        return (double)h / PANGO_SCALE;
}

/* A paragraph wrapped at width from (x, y); its height. */
static double paragraph(cairo_t *cr, double x, double y, const char *s, double size, double width,
                        bool draw)
{
        PangoLayout *lay = pango_cairo_create_layout(cr);
        PangoFontDescription *fd = pango_font_description_from_string("DejaVu Sans");
        pango_font_description_set_size(fd, (int)(size * PANGO_SCALE));
        pango_layout_set_font_description(lay, fd);
        pango_font_description_free(fd);
        pango_layout_set_width(lay, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(lay, PANGO_WRAP_WORD);
        pango_layout_set_text(lay, s, -1);
        int h = 0;
        pango_layout_get_size(lay, NULL, &h);
        if (draw) {
                cairo_move_to(cr, x, y);
                pango_cairo_show_layout(cr, lay);
        }
        g_object_unref(lay);
        return (double)h / PANGO_SCALE;
}

static void footer(struct pen *p)
{
        char s[64];
        snprintf(s, sizeof(s), "%s %d / %d", report_word(p->rp->lang, W_PAGE), p->page, p->pages);
        cairo_set_source_rgb(p->cr, 0.3, 0.3, 0.3);
        text_at(p->cr, MARGIN, FOOT, s, 8, false, PAGE_W - 2 * MARGIN, PANGO_ALIGN_CENTER);
        cairo_set_source_rgb(p->cr, 0, 0, 0);
}

static void new_page(struct pen *p)
{
        footer(p);
        cairo_show_page(p->cr);
        p->page++;
        p->y = MARGIN;
}

static void need(struct pen *p, double h)
{
        if (p->y + h > FOOT - 10)
                new_page(p);
}

static void note(struct pen *p, const char *text)
{
        double w = PAGE_W - 2 * MARGIN;
        double h = paragraph(p->cr, MARGIN, p->y, text, 8.5, w, false);
        need(p, h);
        paragraph(p->cr, MARGIN, p->y, text, 8.5, w, true);
        p->y += h + 12;
}

static void cover(struct pen *p)
{
        const struct report *rp = p->rp;
        enum report_lang l = rp->lang;
        p->y = 120;
        text_at(p->cr, MARGIN, p->y, report_word(l, W_REPORT), 22, true, 0, PANGO_ALIGN_LEFT);
        p->y += 50;
        p->y += text_at(p->cr, MARGIN, p->y, rp->title, 16, true, PAGE_W - 2 * MARGIN,
                        PANGO_ALIGN_LEFT) +
                10;
        char from[11], to[11], period[40];
        format_date(rp->from, from);
        format_date(rp->to, to);
        snprintf(period, sizeof(period), "%s – %s", from, to);
        const struct {
                enum report_word w;
                const char *v;
        } rows[] = {{W_PROJECT, rp->code},
                    {W_FUNDER, rp->funder},
                    {W_PROGRAMME, rp->programme},
                    {W_PERIOD, period},
                    {W_CURRENCY, rp->currency}};
        for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
                text_at(p->cr, MARGIN, p->y, report_word(l, rows[i].w), 11, true, 0,
                        PANGO_ALIGN_LEFT);
                text_at(p->cr, MARGIN + 130, p->y, rows[i].v ? rows[i].v : "", 11, false,
                        PAGE_W - 2 * MARGIN - 130, PANGO_ALIGN_LEFT);
                p->y += 20;
        }
        p->y += 20;
        text_at(p->cr, MARGIN, p->y, report_word(l, W_PARTNERS), 13, true, 0, PANGO_ALIGN_LEFT);
        p->y += 24;
        for (size_t i = 0; i < rp->n_partners; i++) {
                need(p, LINE);
                char line[600];
                snprintf(line, sizeof(line), "%s — %s, %s", rp->partners[i].name,
                         rp->partners[i].role, rp->partners[i].country);
                text_at(p->cr, MARGIN, p->y, line, 10, false, PAGE_W - 2 * MARGIN,
                        PANGO_ALIGN_LEFT);
                p->y += LINE;
        }
        new_page(p);
}

static void table(struct pen *p, const struct report_section *s)
{
        double w = PAGE_W - 2 * MARGIN;
        size_t nc = s->n_cols;
        double label_w = nc > 4 ? w * 0.34 : w * 0.5;
        double col_w = nc ? (w - label_w) / (double)nc : 0;
        for (size_t r = 0; r <= s->n_rows; r++) {
                need(p, LINE + (r == 0 ? 10 : 0));
                bool head = r == 0;
                if (head && p->y > MARGIN) {
                        /* header row; repeated at the top of a continued page below */
                }
                const char *label = head ? s->label : s->rows[r - 1].label;
                double fs = nc > 6 ? 7.0 : 8.5;
                text_at(p->cr, MARGIN, p->y, label, fs, head, label_w - 4, PANGO_ALIGN_LEFT);
                for (size_t c = 0; c < nc; c++) {
                        char num[64];
                        const char *t = s->cols[c];
                        if (!head) {
                                report_number(p->rp->lang, s->rows[r - 1].v[c], s->kinds[c], num,
                                              sizeof(num));
                                t = num;
                        }
                        text_at(p->cr, MARGIN + label_w + col_w * (double)c, p->y, t, fs, head,
                                col_w - 4, PANGO_ALIGN_RIGHT);
                }
                p->y += LINE;
                if (head) {
                        cairo_move_to(p->cr, MARGIN, p->y - 1);
                        cairo_line_to(p->cr, PAGE_W - MARGIN, p->y - 1);
                        cairo_set_line_width(p->cr, 0.5);
                        cairo_stroke(p->cr);
                }
        }
        p->y += 12;
}

static void chart(struct pen *p, const struct report_section *s)
{
        double h = 200, w = PAGE_W - 2 * MARGIN;
        need(p, h + 40);
        double top = p->y, base = p->y + h;
        double max = 1;
        for (size_t r = 0; r < s->n_rows; r++)
                for (size_t c = 0; c < s->chart_cols; c++)
                        if (s->rows[r].v[c] > max)
                                max = s->rows[r].v[c];
        double slot = s->n_rows ? w / (double)s->n_rows : w;
        double bar = slot / (double)(s->chart_cols + 1);
        static const double colour[][3] = {{0.16, 0.38, 0.67}, {0.93, 0.55, 0.15}};
        for (size_t r = 0; r < s->n_rows; r++)
                for (size_t c = 0; c < s->chart_cols; c++) {
                        double v = s->rows[r].v[c], bh = isnan(v) ? 0 : v / max * h;
                        cairo_set_source_rgb(p->cr, colour[c % 2][0], colour[c % 2][1],
                                             colour[c % 2][2]);
                        cairo_rectangle(p->cr, MARGIN + slot * (double)r + bar * (double)c,
                                        base - bh, bar * 0.9, bh);
                        cairo_fill(p->cr);
                }
        cairo_set_source_rgb(p->cr, 0, 0, 0);
        cairo_move_to(p->cr, MARGIN, base);
        cairo_line_to(p->cr, MARGIN + w, base);
        cairo_stroke(p->cr);
        char m[64];
        report_number(p->rp->lang, max, COL_COUNT, m, sizeof(m));
        text_at(p->cr, MARGIN, top - 12, m, 7, false, 0, PANGO_ALIGN_LEFT);
        size_t every = s->n_rows > 12 ? (s->n_rows + 11) / 12 : 1;
        for (size_t r = 0; r < s->n_rows; r += every)
                text_at(p->cr, MARGIN + slot * (double)r, base + 2, s->rows[r].label, 6, false, 0,
                        PANGO_ALIGN_LEFT);
        double ly = base + 14;
        for (size_t c = 0; c < s->chart_cols; c++) {
                cairo_set_source_rgb(p->cr, colour[c % 2][0], colour[c % 2][1], colour[c % 2][2]);
                cairo_rectangle(p->cr, MARGIN + 120 * (double)c, ly + 2, 8, 8);
                cairo_fill(p->cr);
                cairo_set_source_rgb(p->cr, 0, 0, 0);
                text_at(p->cr, MARGIN + 120 * (double)c + 12, ly, s->cols[c], 8, false, 0,
                        PANGO_ALIGN_LEFT);
        }
        p->y = ly + 24;
}

/* Lithuania's outline from the embedded file, as a cairo path in box (x, y, w, h). */
#define LON0 20.8
#define LON1 27.0
#define LAT0 53.8
#define LAT1 56.5

static void project_pt(double lon, double lat, double x, double y, double w, double h, double *px,
                       double *py)
{
        *px = x + (lon - LON0) / (LON1 - LON0) * w;
        *py = y + (LAT1 - lat) / (LAT1 - LAT0) * h;
}

static void outline(cairo_t *cr, double x, double y, double w, double h)
{
        for (size_t f = 0; f < ecat_maps_count; f++) {
                const char *t = (const char *)ecat_maps[f].data;
                bool first = true;
                while (t && *t) {
                        const char *nl = strchr(t, '\n');
                        size_t len = nl ? (size_t)(nl - t) : strlen(t);
                        double lon, lat;
                        if (len >= 4 && strncmp(t, "ring", 4) == 0) {
                                if (!first)
                                        cairo_close_path(cr);
                                first = true;
                        } else if (*t != '#' && read_point(t, &lon, &lat)) {
                                double px, py;
                                project_pt(lon, lat, x, y, w, h, &px, &py);
                                if (first)
                                        cairo_move_to(cr, px, py);
                                else
                                        cairo_line_to(cr, px, py);
                                first = false;
                        }
                        t = nl ? nl + 1 : NULL;
                }
                if (!first)
                        cairo_close_path(cr);
        }
}

static void map(struct pen *p, const struct report_section *s)
{
        double w = PAGE_W - 2 * MARGIN;
        /* keep the shape: a degree of longitude is cos(55.3°) of one of latitude */
        double h = w * (LAT1 - LAT0) / ((LON1 - LON0) * cos(55.3 * M_PI / 180.0));
        need(p, h + 20);
        double x = MARGIN, y = p->y;
        cairo_save(p->cr);
        cairo_rectangle(p->cr, x, y, w, h);
        cairo_clip(p->cr);
        outline(p->cr, x, y, w, h);
        cairo_set_source_rgb(p->cr, 0.93, 0.95, 0.97);
        cairo_fill_preserve(p->cr);
        cairo_set_source_rgb(p->cr, 0.3, 0.35, 0.4);
        cairo_set_line_width(p->cr, 0.8);
        cairo_stroke(p->cr);
        cairo_set_source_rgb(p->cr, 0.8, 0.1, 0.1);
        for (size_t i = 0; i < s->n_points; i++) {
                double px, py;
                project_pt(s->points[i].lon, s->points[i].lat, x, y, w, h, &px, &py);
                cairo_arc(p->cr, px, py, 3, 0, 2 * M_PI);
                cairo_fill(p->cr);
        }
        cairo_restore(p->cr);
        cairo_set_source_rgb(p->cr, 0, 0, 0);
        cairo_rectangle(p->cr, x, y, w, h);
        cairo_set_line_width(p->cr, 0.5);
        cairo_stroke(p->cr);
        p->y += h + 16;
        for (size_t i = 0; i < s->n_points; i++) {
                need(p, 12);
                text_at(p->cr, MARGIN, p->y, s->points[i].name, 7.5, false, w, PANGO_ALIGN_LEFT);
                p->y += 11;
        }
}

/* Lay the report out on surface; the number of pages. */
static int draw(cairo_surface_t *surface, const struct report *rp, int pages)
{
        struct pen p = {cairo_create(surface), rp, MARGIN, 1, pages};
        cover(&p);
        for (size_t i = 0; i < rp->n_sections; i++) {
                const struct report_section *s = &rp->sections[i];
                if (i > 0 && p.y > MARGIN + 300)
                        new_page(&p);
                need(&p, 60);
                text_at(p.cr, MARGIN, p.y, s->title, 14, true, 0, PANGO_ALIGN_LEFT);
                p.y += 26;
                if (s->chart_cols)
                        chart(&p, s);
                if (s->n_points)
                        map(&p, s);
                if (s->n_cols)
                        table(&p, s);
                if (s->note)
                        note(&p, s->note);
        }
        footer(&p);
        cairo_show_page(p.cr);
        int n = p.page;
        cairo_destroy(p.cr);
        return n;
}

static cairo_status_t discard(void *closure, const unsigned char *data, unsigned int len)
{
        (void)closure;
        (void)data;
        (void)len;
        return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
        return buf_append(closure, data, len) < 0 ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

int report_pdf(const struct report *rp, struct buf *out)
{
        cairo_surface_t *count = cairo_pdf_surface_create_for_stream(discard, NULL, PAGE_W, PAGE_H);
        int pages = draw(count, rp, 0);
        cairo_surface_finish(count);
        cairo_surface_destroy(count);
        cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream(to_buf, out, PAGE_W, PAGE_H);
        cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_TITLE, rp->title ? rp->title : "");
        draw(pdf, rp, pages);
        cairo_surface_finish(pdf);
        cairo_status_t st = cairo_surface_status(pdf);
        cairo_surface_destroy(pdf);
        return st == CAIRO_STATUS_SUCCESS ? 0 : -1;
}

void report_fonts_warm(void)
{
        cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_A8, 8, 8);
        cairo_t *cr = cairo_create(img);
        (void)text_at(cr, 0, 0, "ecat ąė", 8.0, false, 0, PANGO_ALIGN_LEFT);
        (void)text_at(cr, 0, 0, "ecat àé", 8.0, true, 0, PANGO_ALIGN_LEFT);
        cairo_destroy(cr);
        cairo_surface_destroy(img);
}

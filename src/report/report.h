/*
 * A funder's period report as plain C values, and its two renderings.
 *
 * The model knows no library: src/api/report.c fills it from the database,
 * xlsx.c (libxlsxwriter) and pdf.c (cairo + pango) draw it.  Only this
 * folder includes xlsxwriter.h, cairo.h or pango's headers.
 *
 * A report is a cover and a list of sections.  A section is a title, a
 * table (column headers with a kind each, rows of a label and numbers) and
 * optionally a chart series or map points.  Adding a section is:
 * report_section_add(), the columns, then report_row_add() per row; both
 * renderers draw any section.
 */
#ifndef ECAT_REPORT_H
#define ECAT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

enum report_lang { LANG_EN, LANG_LT, LANG_IT, LANG__MAX };

/* How a column's numbers are shown. */
enum col_kind {
        COL_COUNT,   /* whole number */
        COL_MONEYC,  /* cents, shown as money in the report's currency */
        COL_PERCENT, /* percent to one decimal (value 12.5 = 12.5 %); NaN: none */
};

#define REPORT_COLS_MAX 12

struct report_row {
        char *label;
        double v[REPORT_COLS_MAX];
};

struct report_point {
        char *name;
        double lat, lon;
};

struct report_section {
        const char *title; /* from strings.c, or owned text */
        const char *label; /* header of the label column */
        const char *cols[REPORT_COLS_MAX];
        enum col_kind kinds[REPORT_COLS_MAX];
        size_t n_cols;
        struct report_row *rows;
        size_t n_rows, cap_rows;
        /* chart: the first chart_cols columns of every row as a bar series */
        size_t chart_cols;
        /* a paragraph under the table (or instead of it), owned; NULL: none */
        char *note;
        /* map: the institutions with coordinates */
        struct report_point *points;
        size_t n_points, cap_points;
};

struct report_partner {
        char *name, *role, *country;
};

struct report {
        enum report_lang lang;
        char *code, *title, *funder, *programme;
        char currency[4];
        int32_t from, to; /* days since 1970-01-01 */
        struct report_partner *partners;
        size_t n_partners;
        struct report_section *sections;
        size_t n_sections, cap_sections;
};

void report_init(struct report *rp, enum report_lang lang);
void report_free(struct report *rp);
/* A new section (NULL out of memory); columns are added with report_col(). */
struct report_section *report_section_add(struct report *rp, const char *title, const char *label);
void report_col(struct report_section *s, const char *header, enum col_kind kind);
/* A new row of s with label; its numbers are set through the returned row. */
struct report_row *report_row_add(struct report_section *s, const char *label);
/* Set s's note (a copy of text); 0, or -1 out of memory. */
int report_note(struct report_section *s, const char *text);
int report_point_add(struct report_section *s, const char *name, double lat, double lon);
int report_partner_add(struct report *rp, const char *name, const char *role, const char *country);

/* The rendered file into out; 0, or -1 (out of memory, library failure). */
int report_xlsx(const struct report *rp, struct buf *out);
int report_pdf(const struct report *rp, struct buf *out);
/*
 * Lay out a line in the report's fonts once, so fontconfig has read its
 * configuration and caches (on a thread pango starts for it) before the
 * system-call filter closes: its first start touches files (chmod on cache
 * directories among them) that the serving process may no longer do.
 */
void report_fonts_warm(void);

/* --- strings.c: words in the three languages --- */
enum report_word {
        W_REPORT,
        W_PROJECT,
        W_FUNDER,
        W_PROGRAMME,
        W_PERIOD,
        W_CURRENCY,
        W_PARTNERS,
        W_PAGE,
        W_INDICATORS,
        W_INDICATOR,
        W_TARGET,
        W_ACHIEVED,
        W_PERCENT,
        W_AUDIENCE,
        W_GROUP,
        W_PEOPLE,
        W_MONTHLY,
        W_MONTH,
        W_ACTIVITIES,
        W_HEADCOUNT,
        W_BY_KIND,
        W_KIND,
        W_INSTITUTIONS,
        W_BY_MUNICIPALITY,
        W_MUNICIPALITY,
        W_BUDGET,
        W_PARTNER,
        W_ALLOCATED,
        W_SPENT,
        W_MAP,
        W_VISITED,
        W_TOTAL,
        W_ROLE,
        W_COUNTRY,
        W_MATERIALS,
        W_MATERIAL,
        W_ENGAGEMENT,
        W_STAGE,
        W_BUSINESSES,
        W_AGREEMENTS,
        W_CASES,
        W_AGE,
        W_CASES_NOTE,
        W_CASES_NOTE2,
        W_CASES_ROLE,
        W_CASES_CLI,
        W__MAX
};

const char *report_word(enum report_lang lang, enum report_word w);
/*
 * An API value code ("business_staff", "hotel", "committed", "pledge",
 * "feminine") as the report prints it in lang, the web's wording where the
 * web labels it; a code it does not know as it is (a country, an age band).
 */
const char *report_label(enum report_lang lang, const char *code);
/* lang's code "lt", "en", "it"; report_lang_parse: -1 unknown. */
const char *report_lang_code(enum report_lang lang);
int report_lang_parse(const char *s);
/* A number as the language writes it: "34 690" / "34,690", two decimals with money. */
void report_number(enum report_lang lang, double v, enum col_kind kind, char *out, size_t n);

#endif

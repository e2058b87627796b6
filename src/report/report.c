/* The report model's storage (report.h). */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

void report_init(struct report *rp, enum report_lang lang)
{
        memset(rp, 0, sizeof(*rp));
        rp->lang = lang;
}

void report_free(struct report *rp)
{
        free(rp->code);
        free(rp->title);
        free(rp->funder);
        free(rp->programme);
        for (size_t i = 0; i < rp->n_partners; i++) {
                free(rp->partners[i].name);
                free(rp->partners[i].role);
                free(rp->partners[i].country);
        }
        free(rp->partners);
        for (size_t i = 0; i < rp->n_sections; i++) {
                struct report_section *s = &rp->sections[i];
                for (size_t j = 0; j < s->n_rows; j++)
                        free(s->rows[j].label);
                free(s->rows);
                for (size_t j = 0; j < s->n_points; j++)
                        free(s->points[j].name);
                free(s->points);
                free(s->note);
        }
        free(rp->sections);
        memset(rp, 0, sizeof(*rp));
}

static bool grow(void **p, size_t *cap, size_t n, size_t size)
{
        if (n < *cap)
                return true;
        size_t c = *cap ? *cap * 2 : 8;
        void *q = realloc(*p, c * size);
        if (!q)
                return false;
        *p = q;
        *cap = c;
        return true;
}

struct report_section *report_section_add(struct report *rp, const char *title, const char *label)
{
        void *p = rp->sections;
        if (!grow(&p, &rp->cap_sections, rp->n_sections, sizeof(*rp->sections)))
                return NULL;
        rp->sections = p;
        struct report_section *s = &rp->sections[rp->n_sections++];
        memset(s, 0, sizeof(*s));
        s->title = title;
        s->label = label;
        return s;
}

void report_col(struct report_section *s, const char *header, enum col_kind kind)
{
        if (s->n_cols == REPORT_COLS_MAX)
                return;
        s->cols[s->n_cols] = header;
        s->kinds[s->n_cols++] = kind;
}

struct report_row *report_row_add(struct report_section *s, const char *label)
{
        void *p = s->rows;
        if (!grow(&p, &s->cap_rows, s->n_rows, sizeof(*s->rows)))
                return NULL;
        s->rows = p;
        struct report_row *r = &s->rows[s->n_rows];
        memset(r, 0, sizeof(*r));
        r->label = strdup(label ? label : "");
        if (!r->label)
                return NULL;
        s->n_rows++;
        return r;
}

int report_note(struct report_section *s, const char *text)
{
        free(s->note);
        s->note = strdup(text ? text : "");
        return s->note ? 0 : -1;
}

int report_point_add(struct report_section *s, const char *name, double lat, double lon)
{
        void *p = s->points;
        if (!grow(&p, &s->cap_points, s->n_points, sizeof(*s->points)))
                return -1;
        s->points = p;
        struct report_point *pt = &s->points[s->n_points];
        pt->name = strdup(name ? name : "");
        if (!pt->name)
                return -1;
        pt->lat = lat;
        pt->lon = lon;
        s->n_points++;
        return 0;
}

int report_partner_add(struct report *rp, const char *name, const char *role, const char *country)
{
        struct report_partner *p = realloc(rp->partners, (rp->n_partners + 1) * sizeof(*p));
        if (!p)
                return -1;
        rp->partners = p;
        struct report_partner *x = &p[rp->n_partners];
        x->name = strdup(name);
        x->role = strdup(role);
        x->country = strdup(country);
        rp->n_partners++;
        return x->name && x->role && x->country ? 0 : -1;
}

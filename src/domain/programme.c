#include "domain/programme.h"

#include "core/util.h"

#include <string.h>

const char *const activity_kinds[] = {
    "lecture",  "film_screening", "discussion",      "workshop",
    "training", "meeting",        "awareness_event", NULL,
};

/* Order matters: bit k of activities.topics is topic k.  Append only. */
const char *const activity_topics[] = {
    "forms_of_trafficking",
    "risks",
    "recruitment_methods",
    "safety",
    "help_available",
    "rights",
    "regional_situation",
    "cooperation",
    NULL,
};

const char *const audience_groups[] = {
    "youths", "specialists", "teachers", "parents", "business_staff", "public", NULL,
};

const char *const distribution_audiences[] = {
    "teachers", "pupils", "parents", "specialists", "business_staff", "public", NULL,
};

const char *const material_kinds[] = {
    "film", "leaflet", "poster", "presentation", "lesson_plan", "booklet", "other", NULL,
};

const char *const partner_roles[] = {"lead", "partner", "associate", "supporter", NULL};

const char *const expense_categories[] = {
    "staff", "travel", "materials", "equipment", "subcontracting", "other", NULL,
};

/* In enum metric order. */
const char *const indicator_metrics[] = {
    "institutions_reached",
    "activities",
    "audience:youths",
    "audience:specialists",
    "audience:teachers",
    "audience:parents",
    "audience:business_staff",
    "audience:public",
    "cases_assisted",
    "referrals_completed",
    "materials_distributed",
    "materials_distributed:teachers",
    "materials_distributed:pupils",
    "materials_distributed:parents",
    "materials_distributed:specialists",
    "materials_distributed:business_staff",
    "materials_distributed:public",
    "businesses_engaged",
    "businesses_engaged:met",
    "businesses_engaged:committed",
    "businesses_engaged:trained",
    "businesses_engaged:active",
    "agreements_signed",
    "manual",
    NULL,
};

_Static_assert(sizeof(indicator_metrics) / sizeof(indicator_metrics[0]) == METRIC__MAX + 1,
               "one name per metric");
_Static_assert(sizeof(distribution_audiences) / sizeof(distribution_audiences[0]) ==
                   DISTRIBUTION_AUDIENCES + 1,
               "one name per distribution audience");
_Static_assert(sizeof(audience_groups) / sizeof(audience_groups[0]) == AUDIENCE_GROUPS + 1,
               "one name per audience group");

bool metric_counts_cases(enum metric m)
{
        return m == METRIC_CASES_ASSISTED || m == METRIC_REFERRALS_COMPLETED;
}

bool metric_counts_materials(enum metric m, const char **audience)
{
        if (m < METRIC_MATERIALS || m >= METRIC_MATERIALS_AUDIENCE + DISTRIBUTION_AUDIENCES)
                return false;
        *audience =
            m == METRIC_MATERIALS ? NULL : distribution_audiences[m - METRIC_MATERIALS_AUDIENCE];
        return true;
}

bool metric_counts_engagement(enum metric m)
{
        return m >= METRIC_BUSINESSES_ENGAGED && m <= METRIC_AGREEMENTS_SIGNED;
}

int metric_engagement_stage(enum metric m)
{
        if (m == METRIC_BUSINESSES_ENGAGED)
                return 2; /* committed */
        if (m >= METRIC_BUSINESSES_ENGAGED_STAGE && m < METRIC_AGREEMENTS_SIGNED)
                return 1 + (int)(m - METRIC_BUSINESSES_ENGAGED_STAGE);
        return -1;
}

int metric_parse(const char *name)
{
        for (int i = 0; name && i < METRIC__MAX; i++)
                if (strcmp(indicator_metrics[i], name) == 0)
                        return i;
        return -1;
}

const char *metric_name(enum metric m)
{
        return (unsigned)m < METRIC__MAX ? indicator_metrics[m] : "?";
}

int64_t reach_headcount(const struct reach *r)
{
        int64_t n = 0;
        for (int i = 0; i < AUDIENCE_GROUPS; i++)
                n += r->audience[i];
        return n;
}

int64_t metric_achieved(enum metric m, const struct reach *r, int64_t manual_value)
{
        if (m == METRIC_INSTITUTIONS)
                return r->institutions;
        if (m == METRIC_ACTIVITIES)
                return r->activities;
        if (m >= METRIC_AUDIENCE && m < METRIC_AUDIENCE + AUDIENCE_GROUPS)
                return r->audience[m - METRIC_AUDIENCE];
        if (m == METRIC_MANUAL)
                return manual_value;
        return 0;
}

bool indicator_percent(int64_t achieved, int64_t target, double *percent)
{
        if (target <= 0)
                return false;
        /*
         * Tenths of a percent in integers, rounded half away from zero, so
         * 1/3 gives 33.3 and 2/3 gives 66.7 on every machine.  Figures are
         * below 2^53 / 1000, so the arithmetic cannot overflow.
         */
        int64_t num = achieved * 1000;
        int64_t tenths = (num + (num >= 0 ? target / 2 : -(target / 2))) / target;
        *percent = (double)tenths / 10.0;
        return true;
}

int32_t month_of_day(int32_t days)
{
        char d[11];
        format_date(days, d);
        int y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
        int m = (d[5] - '0') * 10 + (d[6] - '0');
        return (int32_t)((y - 1970) * 12 + m - 1);
}

int32_t month_first_day(int32_t month)
{
        char text[11];
        char ym[8];
        month_format(month, ym);
        memcpy(text, ym, 7);
        memcpy(text + 7, "-01", 4);
        int32_t days = 0;
        parse_date(text, &days);
        return days;
}

int32_t month_last_day(int32_t month)
{
        return month_first_day(month + 1) - 1;
}

void month_format(int32_t month, char out[8])
{
        int32_t y = 1970 + (month >= 0 ? month / 12 : (month - 11) / 12);
        int32_t m = month - (y - 1970) * 12 + 1;
        /* Years are 1900..2999 wherever dates come from (parse_date). */
        out[0] = (char)('0' + y / 1000 % 10);
        out[1] = (char)('0' + y / 100 % 10);
        out[2] = (char)('0' + y / 10 % 10);
        out[3] = (char)('0' + y % 10);
        out[4] = '-';
        out[5] = (char)('0' + m / 10);
        out[6] = (char)('0' + m % 10);
        out[7] = '\0';
}

bool project_code_valid(const char *s)
{
        size_t n = s ? strlen(s) : 0;
        if (n < 1 || n > 32)
                return false;
        for (size_t i = 0; i < n; i++)
                if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
                      s[i] == '-'))
                        return false;
        return true;
}

bool currency_valid(const char *s)
{
        return s && strlen(s) == 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' &&
               s[2] >= 'A' && s[2] <= 'Z';
}

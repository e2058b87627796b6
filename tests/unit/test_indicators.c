/*
 * The programme's pure rules: indicator percent and achieved figures, the
 * month arithmetic of the monthly series, value sets, code and currency
 * shapes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/util.h"
#include "domain/programme.h"

static double percent_of(int64_t achieved, int64_t target)
{
        double p = -1;
        assert_true(indicator_percent(achieved, target, &p));
        return p;
}

static void test_percent(void **state)
{
        (void)state;
        assert_true(percent_of(7, 20) == 35.0);
        assert_true(percent_of(34, 20) == 170.0);
        assert_true(percent_of(0, 20) == 0.0);
        assert_true(percent_of(20, 20) == 100.0);
        /* One decimal, rounded half away from zero. */
        assert_true(percent_of(1, 3) == 33.3);
        assert_true(percent_of(2, 3) == 66.7);
        assert_true(percent_of(1, 8) == 12.5);   /* exact */
        assert_true(percent_of(1, 16) == 6.3);   /* 6.25 rounds up */
        assert_true(percent_of(1, 1600) == 0.1); /* 0.0625 -> 0.1 */
        assert_true(percent_of(1, 2001) == 0.0); /* 0.04997 -> 0.0 */
        assert_true(percent_of(690, 690) == 100.0);
        assert_true(percent_of(141, 150) == 94.0);
        assert_true(percent_of(INT64_C(1000000000000), INT64_C(1000000000000)) == 100.0);
}

static void test_percent_undefined(void **state)
{
        (void)state;
        double p = 12345;
        assert_false(indicator_percent(5, 0, &p));
        assert_false(indicator_percent(0, 0, &p));
        assert_false(indicator_percent(5, -1, &p));
        assert_true(p == 12345); /* untouched */
}

static void test_metrics(void **state)
{
        (void)state;
        struct reach r = {
            .institutions = 34, .activities = 50, .audience = {690, 141, 12, 3, 7, 0}};
        assert_int_equal(metric_parse("institutions_reached"), METRIC_INSTITUTIONS);
        assert_int_equal(metric_parse("activities"), METRIC_ACTIVITIES);
        assert_int_equal(metric_parse("audience:youths"), METRIC_AUDIENCE);
        assert_int_equal(metric_parse("audience:public"), METRIC_AUDIENCE + 5);
        assert_int_equal(metric_parse("manual"), METRIC_MANUAL);
        assert_int_equal(metric_parse("audience:"), -1);
        assert_int_equal(metric_parse("Activities"), -1);
        assert_int_equal(metric_parse(NULL), -1);
        assert_int_equal(metric_achieved(METRIC_INSTITUTIONS, &r, 9), 34);
        assert_int_equal(metric_achieved(METRIC_ACTIVITIES, &r, 9), 50);
        assert_int_equal(metric_achieved(METRIC_AUDIENCE, &r, 9), 690);
        assert_int_equal(metric_achieved(METRIC_AUDIENCE + 1, &r, 9), 141);
        assert_int_equal(metric_achieved(METRIC_AUDIENCE + 4, &r, 9), 7);
        assert_int_equal(metric_achieved(METRIC_MANUAL, &r, 9), 9);
        /* Head-counts and institutions are two different numbers. */
        assert_int_equal(reach_headcount(&r), 690 + 141 + 12 + 3 + 7);
        for (int m = 0; m < METRIC__MAX; m++)
                assert_int_equal(metric_parse(metric_name((enum metric)m)), m);
        /* audience:<group> names follow audience_groups. */
        for (int k = 0; k < AUDIENCE_GROUPS; k++) {
                const char *name = metric_name((enum metric)(METRIC_AUDIENCE + k));
                assert_string_equal(name + strlen("audience:"), audience_groups[k]);
        }
}

static int32_t day(const char *s)
{
        int32_t d;
        assert_int_equal(parse_date(s, &d), 0);
        return d;
}

static void test_months(void **state)
{
        (void)state;
        char ym[8];
        assert_int_equal(month_of_day(0), 0);
        assert_int_equal(month_of_day(day("1970-01-31")), 0);
        assert_int_equal(month_of_day(day("1970-02-01")), 1);
        assert_int_equal(month_of_day(day("2013-05-01")), (2013 - 1970) * 12 + 4);
        assert_int_equal(month_of_day(day("2014-12-31")), (2014 - 1970) * 12 + 11);
        assert_int_equal(month_of_day(day("1969-12-31")), -1);
        month_format(month_of_day(day("2013-10-03")), ym);
        assert_string_equal(ym, "2013-10");
        month_format(0, ym);
        assert_string_equal(ym, "1970-01");
        month_format(-1, ym);
        assert_string_equal(ym, "1969-12");
        month_format(month_of_day(day("2999-12-31")), ym);
        assert_string_equal(ym, "2999-12");
        int32_t feb2016 = month_of_day(day("2016-02-10"));
        assert_int_equal(month_first_day(feb2016), day("2016-02-01"));
        assert_int_equal(month_last_day(feb2016), day("2016-02-29")); /* leap year */
        int32_t feb2014 = month_of_day(day("2014-02-10"));
        assert_int_equal(month_last_day(feb2014), day("2014-02-28"));
        int32_t dec = month_of_day(day("2013-12-05"));
        assert_int_equal(month_last_day(dec), day("2013-12-31"));
        assert_int_equal(month_first_day(dec + 1), day("2014-01-01"));
        /* Every day of a span maps into its month's first..last days. */
        for (int32_t d = day("2012-12-25"); d <= day("2014-03-05"); d++) {
                int32_t m = month_of_day(d);
                assert_true(month_first_day(m) <= d && d <= month_last_day(m));
        }
}

static void test_codes(void **state)
{
        (void)state;
        assert_true(project_code_valid("ECAT"));
        assert_true(project_code_valid("ECAT-2013_LT"));
        assert_true(project_code_valid("A"));
        assert_true(project_code_valid("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345")); /* 32 */
        assert_false(project_code_valid("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456"));
        assert_false(project_code_valid(""));
        assert_false(project_code_valid(NULL));
        assert_false(project_code_valid("ecat"));
        assert_false(project_code_valid("EC AT"));
        assert_false(project_code_valid("EČAT"));
        assert_true(currency_valid("EUR"));
        assert_true(currency_valid("GBP"));
        assert_false(currency_valid("eur"));
        assert_false(currency_valid("EURO"));
        assert_false(currency_valid("EU"));
        assert_false(currency_valid("E1R"));
        assert_false(currency_valid(NULL));
}

static size_t count(const char *const *values)
{
        size_t n = 0;
        while (values[n])
                n++;
        return n;
}

static void test_value_sets(void **state)
{
        (void)state;
        assert_int_equal(count(activity_kinds), 7);
        assert_int_equal(count(activity_topics), 8);
        assert_int_equal(count(audience_groups), AUDIENCE_GROUPS);
        assert_int_equal(count(partner_roles), 4);
        assert_int_equal(count(expense_categories), 6);
        assert_int_equal(count(indicator_metrics), METRIC__MAX);
        /* Stored bit positions: the first topics keep their places. */
        assert_string_equal(activity_topics[0], "forms_of_trafficking");
        assert_string_equal(activity_topics[7], "cooperation");
        assert_string_equal(audience_groups[0], "youths");
        assert_string_equal(audience_groups[5], "public");
        assert_int_equal(MONEY_MAX, INT64_C(9999999999999));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_percent), cmocka_unit_test(test_percent_undefined),
            cmocka_unit_test(test_metrics), cmocka_unit_test(test_months),
            cmocka_unit_test(test_codes),   cmocka_unit_test(test_value_sets),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

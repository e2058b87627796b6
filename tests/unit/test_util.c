/* Strict parsers and formatters: integers, booleans, dates, UTF-8, hex. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/util.h"

static void test_parse_int64_valid(void **state)
{
        (void)state;
        static const struct {
                const char *s;
                int64_t v;
        } ok[] = {
            {"0", 0},
            {"-0", 0},
            {"7", 7},
            {"-7", -7},
            {"123456789", 123456789},
            {"9223372036854775807", INT64_MAX},
            {"-9223372036854775808", INT64_MIN},
        };
        for (size_t i = 0; i < ARRAY_LEN(ok); i++) {
                int64_t v = 99;
                assert_int_equal(parse_int64(ok[i].s, INT64_MIN, INT64_MAX, &v), 0);
                assert_true(v == ok[i].v);
        }
}

static void test_parse_int64_bounds(void **state)
{
        (void)state;
        int64_t v = 0;
        assert_int_equal(parse_int64("1", 1, 10, &v), 0);
        assert_int_equal(v, 1);
        assert_int_equal(parse_int64("10", 1, 10, &v), 0);
        assert_int_equal(v, 10);
        v = 55;
        assert_int_equal(parse_int64("0", 1, 10, &v), -1);
        assert_int_equal(parse_int64("11", 1, 10, &v), -1);
        assert_int_equal(parse_int64("-1", 0, 10, &v), -1);
        assert_int_equal(parse_int64("-11", -10, 10, &v), -1);
        assert_int_equal(v, 55); /* untouched on failure */
        assert_int_equal(parse_int64("-10", -10, 10, &v), 0);
        assert_int_equal(v, -10);
}

static void test_parse_int64_garbage(void **state)
{
        (void)state;
        static const char *const bad[] = {
            "",
            "-",
            "+1",
            " 1",
            "1 ",
            "1a",
            "a1",
            "0x10",
            "1.0",
            "1e3",
            "--1",
            "-+1",
            "- 1",
            "1-",
            "\t1",
            "1\n",
            "١",
            "1,000",
            "½",
            "0-",
            "9223372036854775808",
            "-9223372036854775809",
            "99999999999999999999",
            "18446744073709551616",
            "-99999999999999999999999999999999999999",
        };
        for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
                int64_t v = 42;
                if (parse_int64(bad[i], INT64_MIN, INT64_MAX, &v) != -1)
                        fail_msg("parse_int64 accepted \"%s\"", bad[i]);
                assert_int_equal(v, 42);
        }
        int64_t v = 42;
        assert_int_equal(parse_int64(NULL, 0, 10, &v), -1);
}

static void test_parse_bool(void **state)
{
        (void)state;
        bool b = false;
        assert_int_equal(parse_bool("true", &b), 0);
        assert_true(b);
        assert_int_equal(parse_bool("false", &b), 0);
        assert_false(b);
        assert_int_equal(parse_bool("1", &b), 0);
        assert_true(b);
        assert_int_equal(parse_bool("0", &b), 0);
        assert_false(b);
        static const char *const bad[] = {"",      "TRUE", "True", "yes",  "no", "on",
                                          "off",   "2",    "-1",   "00",   "01", " true",
                                          "true ", "t",    "fals", "truee"};
        for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
                b = true;
                if (parse_bool(bad[i], &b) != -1)
                        fail_msg("parse_bool accepted \"%s\"", bad[i]);
                assert_true(b);
        }
        assert_int_equal(parse_bool(NULL, &b), -1);
}

static void test_parse_date_valid(void **state)
{
        (void)state;
        static const struct {
                const char *s;
                int32_t days;
        } ok[] = {
            {"1970-01-01", 0},      {"1969-12-31", -1},     {"1900-01-01", -25567},
            {"1900-02-28", -25509}, {"1900-03-01", -25508}, {"2000-02-29", 11016},
            {"2000-03-01", 11017},  {"2024-02-29", 19782},  {"2026-12-31", 20818},
            {"2999-12-31", 376199},
        };
        for (size_t i = 0; i < ARRAY_LEN(ok); i++) {
                int32_t d = 12345;
                if (parse_date(ok[i].s, &d) != 0)
                        fail_msg("parse_date refused \"%s\"", ok[i].s);
                assert_int_equal(d, ok[i].days);
        }
}

static void test_parse_date_invalid(void **state)
{
        (void)state;
        static const char *const bad[] = {
            "2023-02-29", /* not a leap year */
            "1900-02-29", /* divisible by 100, not by 400 */
            "2100-02-29", "2000-02-30",   "2024-04-31",  "2024-06-31",  "2024-09-31",
            "2024-11-31", "2024-01-32",   "2024-13-01",  "2024-00-10",  "2024-01-00",
            "2024-99-99", "1899-12-31", /* before the supported range */
            "3000-01-01",               /* after it */
            "0000-01-01", "2024-1-01",    "2024-01-1",   "24-01-01",    "2024/01/01",
            "20240101",   "2024-01-01T",  " 2024-01-01", "2024-01-01 ", "2024-01-0a",
            "2024-0a-01", "2o24-01-01",   "+024-01-01",  "-024-01-01",  "2024--1-01",
            "",           "2024-01-01\n", "2024-01-001", "2024-001-01",
        };
        for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
                int32_t d = 777;
                if (parse_date(bad[i], &d) != -1)
                        fail_msg("parse_date accepted \"%s\"", bad[i]);
                assert_int_equal(d, 777);
        }
        int32_t d;
        assert_int_equal(parse_date(NULL, &d), -1);
}

static void test_date_every_day(void **state)
{
        (void)state;
        /* Every month length of every supported year, against the leap-year rule. */
        static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        int32_t expect = -25567; /* 1900-01-01 */
        for (int y = 1900; y <= 2999; y++) {
                bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
                for (int m = 1; m <= 12; m++) {
                        int n = mdays[m - 1] + (m == 2 && leap);
                        for (int d = 1; d <= 31; d++) {
                                char s[48];
                                int32_t days = 0;
                                snprintf(s, sizeof(s), "%04d-%02d-%02d", y, m, d);
                                int rc = parse_date(s, &days);
                                if (d > n) {
                                        if (rc != -1)
                                                fail_msg("accepted %s", s);
                                        continue;
                                }
                                if (rc != 0 || days != expect)
                                        fail_msg("%s: rc %d days %d, expected %d", s, rc, (int)days,
                                                 (int)expect);
                                char back[11];
                                format_date(days, back);
                                assert_string_equal(back, s);
                                expect++;
                        }
                }
        }
        assert_int_equal(expect, 376200);
}

static void test_format_date(void **state)
{
        (void)state;
        char out[11];
        memset(out, 'x', sizeof(out));
        format_date(0, out);
        assert_string_equal(out, "1970-01-01");
        format_date(-1, out);
        assert_string_equal(out, "1969-12-31");
        format_date(11016, out);
        assert_string_equal(out, "2000-02-29");
        format_date(-25567, out);
        assert_string_equal(out, "1900-01-01");
        format_date(376199, out);
        assert_string_equal(out, "2999-12-31");
}

static void test_timestamps(void **state)
{
        (void)state;
        char ts[21];
        format_timestamp(0, ts);
        assert_string_equal(ts, "1970-01-01T00:00:00Z");
        format_timestamp(1700000000, ts);
        assert_string_equal(ts, "2023-11-14T22:13:20Z");
        int64_t now = now_seconds();
        assert_true(now > 1700000000);
        int32_t today = today_days();
        assert_true(today == now / 86400 || today == now / 86400 + 1);
        double a = mono_ms(), b = mono_ms();
        assert_true(b >= a);
}

#define U(s) s, sizeof(s) - 1

static void test_utf8_valid(void **state)
{
        (void)state;
        static const struct {
                const char *s;
                size_t len;
        } ok[] = {
            {U("")},
            {U("plain ASCII ~\x7f")},
            {U("\xc2\x80")},         /* U+0080, smallest two-byte */
            {U("\xc4\x85")},         /* ą */
            {U("\xdf\xbf")},         /* U+07FF */
            {U("\xe0\xa0\x80")},     /* U+0800, smallest three-byte */
            {U("\xe2\x82\xac")},     /* € */
            {U("\xed\x9f\xbf")},     /* U+D7FF, just below the surrogates */
            {U("\xee\x80\x80")},     /* U+E000, just above them */
            {U("\xef\xbf\xbf")},     /* U+FFFF */
            {U("\xf0\x90\x80\x80")}, /* U+10000, smallest four-byte */
            {U("\xf0\x9f\x98\x80")}, /* 😀 */
            {U("\xf4\x8f\xbf\xbf")}, /* U+10FFFF, the last code point */
            {U("Vilnius \xc5\xa0iauliai Torin\xc3\xb2")},
        };
        for (size_t i = 0; i < ARRAY_LEN(ok); i++)
                if (!utf8_valid(ok[i].s, ok[i].len))
                        fail_msg("valid UTF-8 #%zu refused", i);

        static const struct {
                const char *s;
                size_t len;
                const char *why;
        } bad[] = {
            {U("\xc0\x80"), "overlong NUL"},
            {U("\xc0\xaf"), "overlong /"},
            {U("\xc1\xbf"), "overlong two-byte"},
            {U("\xe0\x80\x80"), "overlong three-byte NUL"},
            {U("\xe0\x9f\xbf"), "overlong U+07FF"},
            {U("\xf0\x80\x80\x80"), "overlong four-byte NUL"},
            {U("\xf0\x8f\xbf\xbf"), "overlong U+FFFF"},
            {U("\xed\xa0\x80"), "surrogate U+D800"},
            {U("\xed\xbf\xbf"), "surrogate U+DFFF"},
            {U("\xed\xa0\xbd\xed\xb8\x80"), "surrogate pair (CESU-8)"},
            {U("\xf4\x90\x80\x80"), "U+110000"},
            {U("\xf5\x80\x80\x80"), "lead byte F5"},
            {U("\xf7\xbf\xbf\xbf"), "U+1FFFFF"},
            {U("\xf8\x88\x80\x80\x80"), "five-byte form"},
            {U("\xfc\x84\x80\x80\x80\x80"), "six-byte form"},
            {U("\xfe"), "byte FE"},
            {U("\xff"), "byte FF"},
            {U("\x80"), "lone continuation"},
            {U("a\xbf"), "continuation after ASCII"},
            {U("\xc4"), "truncated two-byte"},
            {U("\xe2\x82"), "truncated three-byte"},
            {U("\xf0\x9f\x98"), "truncated four-byte"},
            {U("\xe2\x82"
               "a"),
             "three-byte cut by ASCII"},
            {U("\xc4"
               "a"),
             "two-byte cut by ASCII"},
            {U("\xf0\x9f\x98\x80\xf0"), "truncated at the end"},
            {U("\xe2\x82\xac\x82"), "extra continuation"},
            {U("a\0b"), "NUL byte"},
            {U("\0"), "only a NUL"},
            {U("\xc4\0"), "NUL as a continuation"},
        };
        for (size_t i = 0; i < ARRAY_LEN(bad); i++)
                if (utf8_valid(bad[i].s, bad[i].len))
                        fail_msg("invalid UTF-8 accepted: %s", bad[i].why);

        /* Only len bytes are looked at. */
        assert_true(utf8_valid("ab\xff", 2));
        assert_false(utf8_valid("\xe2\x82\xac", 2));
}

static void test_utf8_length(void **state)
{
        (void)state;
        assert_int_equal(utf8_length(U("")), 0);
        assert_int_equal(utf8_length(U("abc")), 3);
        assert_int_equal(utf8_length(U("\xc4\x85")), 1);
        assert_int_equal(utf8_length(U("a\xc4\x85\xe2\x82\xac\xf0\x9f\x98\x80")), 4);
        /* "Šiauliai" is 8 characters in 9 bytes. */
        assert_int_equal(utf8_length(U("\xc5\xa0iauliai")), 8);
        assert_int_equal(utf8_length("\xc4\x85\xc4\x85", 2), 1);
}

static void test_hex_encode(void **state)
{
        (void)state;
        const unsigned char in[] = {0x00, 0x01, 0x7f, 0x80, 0xab, 0xff};
        char out[2 * sizeof(in) + 1];
        memset(out, 'x', sizeof(out));
        hex_encode(in, sizeof(in), out);
        assert_string_equal(out, "00017f80abff");
        hex_encode(in, 0, out);
        assert_string_equal(out, "");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_parse_int64_valid),   cmocka_unit_test(test_parse_int64_bounds),
            cmocka_unit_test(test_parse_int64_garbage), cmocka_unit_test(test_parse_bool),
            cmocka_unit_test(test_parse_date_valid),    cmocka_unit_test(test_parse_date_invalid),
            cmocka_unit_test(test_date_every_day),      cmocka_unit_test(test_format_date),
            cmocka_unit_test(test_timestamps),          cmocka_unit_test(test_utf8_valid),
            cmocka_unit_test(test_utf8_length),         cmocka_unit_test(test_hex_encode),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

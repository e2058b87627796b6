/* CSV cells: quoting, doubled quotes, formula neutralisation, integers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/csv_out.h"

static void expect_cell(const char *in, const char *out)
{
        struct buf b;
        buf_init(&b, 1024);
        assert_int_equal(csv_cell(&b, in, 1), 0);
        if (strcmp(b.data ? b.data : "", out) != 0)
                fail_msg("cell \"%s\" written as [%s], expected [%s]", in ? in : "(null)",
                         b.data ? b.data : "", out);
        buf_free(&b);
}

static void test_plain(void **state)
{
        (void)state;
        expect_cell("abc", "abc");
        expect_cell("Vilnius \xc5\xa0iauliai", "Vilnius \xc5\xa0iauliai");
        expect_cell("", "");
        expect_cell(NULL, "");
        expect_cell("a=b", "a=b");
        expect_cell("1+1", "1+1");
        expect_cell("a-b", "a-b");
        expect_cell("x@example.org", "x@example.org");
        expect_cell("'quoted'", "'quoted'");
        expect_cell("a b", "a b");
}

static void test_quoting(void **state)
{
        (void)state;
        expect_cell("a,b", "\"a,b\"");
        expect_cell("a;b", "\"a;b\"");
        expect_cell("line\nbreak", "\"line\nbreak\"");
        expect_cell("cr\rinside", "\"cr\rinside\"");
        expect_cell("crlf\r\n", "\"crlf\r\n\"");
        expect_cell("say \"hi\"", "\"say \"\"hi\"\"\"");
        expect_cell("\"", "\"\"\"\"");
        expect_cell("\"\"", "\"\"\"\"\"\"");
        expect_cell(",", "\",\"");
}

static void test_formulas(void **state)
{
        (void)state;
        expect_cell("=1+1", "\"'=1+1\"");
        expect_cell("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"");
        expect_cell("+1", "\"'+1\"");
        expect_cell("-1", "\"'-1\"");
        expect_cell("-", "\"'-\"");
        expect_cell("@SUM(A1:A2)", "\"'@SUM(A1:A2)\"");
        expect_cell("\tx", "\"'\tx\"");
        expect_cell("\rx", "\"'\rx\"");
        expect_cell("=cmd|' /C calc'!A0", "\"'=cmd|' /C calc'!A0\"");
        expect_cell("=a,b", "\"'=a,b\"");
}

static void test_row(void **state)
{
        (void)state;
        struct buf b;
        buf_init(&b, 1024);
        assert_int_equal(csv_int(&b, 42, 0), 0);
        assert_int_equal(csv_cell(&b, "name, with comma", 0), 0);
        assert_int_equal(csv_cell(&b, NULL, 0), 0);
        assert_int_equal(csv_int(&b, -7, 0), 0);
        assert_int_equal(csv_int(&b, INT64_MIN, 0), 0);
        assert_int_equal(csv_int(&b, INT64_MAX, 0), 0);
        assert_int_equal(csv_cell(&b, "=1", 1), 0);
        assert_int_equal(csv_end(&b), 0);
        assert_int_equal(csv_cell(&b, "x", 1), 0);
        assert_int_equal(csv_end(&b), 0);
        assert_string_equal(b.data, "42,\"name, with comma\",,-7,-9223372036854775808,"
                                    "9223372036854775807,\"'=1\"\r\nx\r\n");
        buf_free(&b);
}

static void test_ceiling(void **state)
{
        (void)state;
        struct buf b;
        buf_init(&b, 8);
        assert_int_equal(csv_cell(&b, "abcdefghij", 1), -1);
        assert_int_equal(csv_int(&b, 1234567890, 1), -1);
        assert_true(b.len <= 8);
        buf_free(&b);
        buf_init(&b, 6);
        assert_int_equal(csv_cell(&b, "abcd", 0), 0);
        assert_int_equal(csv_end(&b), -1);
        assert_string_equal(b.data, "abcd,");
        buf_free(&b);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_plain),    cmocka_unit_test(test_quoting),
            cmocka_unit_test(test_formulas), cmocka_unit_test(test_row),
            cmocka_unit_test(test_ceiling),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

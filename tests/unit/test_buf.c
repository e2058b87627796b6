/* The bounded buffer: appends, the ceiling (refused and unchanged), printf, steal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"

static void test_append(void **state)
{
        (void)state;
        struct buf b;
        buf_init(&b, 1 << 20);
        assert_null(b.data);
        assert_int_equal(buf_append(&b, "abc", 3), 0);
        assert_int_equal(buf_puts(&b, "def"), 0);
        assert_int_equal(buf_putc(&b, 'g'), 0);
        assert_int_equal(b.len, 7);
        assert_string_equal(b.data, "abcdefg");
        /* Binary data with NUL bytes is kept; the buffer stays NUL-terminated after it. */
        assert_int_equal(buf_append(&b, "\0x\0", 3), 0);
        assert_int_equal(b.len, 10);
        assert_memory_equal(b.data, "abcdefg\0x\0", 11);
        assert_int_equal(buf_append(&b, NULL, 0), 0);
        assert_int_equal(b.len, 10);
        /* Growth far past the first allocation keeps the contents. */
        for (int i = 0; i < 10000; i++)
                assert_int_equal(buf_putc(&b, (char)('a' + i % 26)), 0);
        assert_int_equal(b.len, 10010);
        assert_true(b.cap > b.len);
        assert_int_equal(b.data[b.len], '\0');
        assert_memory_equal(b.data, "abcdefg\0x\0abc", 13);
        assert_int_equal(b.data[10009], 'a' + 9999 % 26);
        buf_reset(&b);
        assert_int_equal(b.len, 0);
        assert_string_equal(b.data, "");
        assert_int_equal(buf_puts(&b, "again"), 0);
        assert_string_equal(b.data, "again");
        buf_free(&b);
        assert_null(b.data);
        assert_int_equal(b.len, 0);
        buf_free(&b); /* twice is harmless */
}

static void test_ceiling(void **state)
{
        (void)state;
        struct buf b;
        buf_init(&b, 10);
        assert_int_equal(buf_puts(&b, "0123456789"), 0); /* exactly max */
        assert_int_equal(b.len, 10);
        char *before = b.data;
        size_t cap = b.cap;
        assert_int_equal(buf_putc(&b, 'x'), -1);
        assert_int_equal(buf_append(&b, "xyz", 3), -1);
        assert_int_equal(buf_printf(&b, "%d", 1), -1);
        assert_int_equal(buf_append(&b, "x", SIZE_MAX), -1);
        assert_int_equal(b.len, 10);
        assert_ptr_equal(b.data, before);
        assert_int_equal(b.cap, cap);
        assert_string_equal(b.data, "0123456789");
        buf_free(&b);

        buf_init(&b, 8);
        assert_int_equal(buf_puts(&b, "abcd"), 0);
        /* An append that would cross the ceiling adds nothing, not a part. */
        assert_int_equal(buf_puts(&b, "efghi"), -1);
        assert_int_equal(b.len, 4);
        assert_string_equal(b.data, "abcd");
        assert_int_equal(buf_printf(&b, "%s", "efghi"), -1);
        assert_int_equal(b.len, 4);
        assert_string_equal(b.data, "abcd");
        assert_int_equal(buf_puts(&b, "efgh"), 0);
        assert_string_equal(b.data, "abcdefgh");
        buf_free(&b);

        buf_init(&b, 0);
        assert_int_equal(buf_putc(&b, 'a'), -1);
        assert_int_equal(buf_append(&b, "", 0), 0);
        assert_int_equal(b.len, 0);
        buf_free(&b);
}

static void test_printf(void **state)
{
        (void)state;
        struct buf b;
        buf_init(&b, 1 << 16);
        assert_int_equal(buf_printf(&b, "%s=%d", "n", -42), 0);
        assert_int_equal(buf_printf(&b, ";%05.2f;%x", 2.5, 255), 0);
        assert_string_equal(b.data, "n=-42;02.50;ff");
        assert_int_equal(b.len, strlen("n=-42;02.50;ff"));
        assert_int_equal(buf_printf(&b, "%s", ""), 0);
        assert_int_equal(b.len, strlen("n=-42;02.50;ff"));
        /* Longer than the first allocation. */
        buf_reset(&b);
        assert_int_equal(buf_printf(&b, "%1000d|", 5), 0);
        assert_int_equal(b.len, 1001);
        assert_int_equal(b.data[999], '5');
        assert_int_equal(b.data[1000], '|');
        assert_int_equal(b.data[1001], '\0');
        buf_free(&b);
}

static void test_steal(void **state)
{
        (void)state;
        struct buf b;
        buf_init(&b, 100);
        assert_int_equal(buf_puts(&b, "owned"), 0);
        size_t len = 0;
        char *p = buf_steal(&b, &len);
        assert_non_null(p);
        assert_int_equal(len, 5);
        assert_string_equal(p, "owned");
        assert_null(b.data);
        assert_int_equal(b.len, 0);
        assert_int_equal(b.cap, 0);
        /* The emptied buffer can be used again, and keeps its ceiling. */
        assert_int_equal(buf_puts(&b, "next"), 0);
        assert_string_equal(b.data, "next");
        assert_ptr_not_equal(b.data, p);
        assert_int_equal(b.max, 100);
        free(p);
        buf_free(&b);

        /* Stealing an empty buffer still gives a NUL-terminated string. */
        buf_init(&b, 100);
        p = buf_steal(&b, NULL);
        assert_non_null(p);
        assert_string_equal(p, "");
        free(p);
        buf_free(&b);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_append),
            cmocka_unit_test(test_ceiling),
            cmocka_unit_test(test_printf),
            cmocka_unit_test(test_steal),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The per-request arena: alignment, zeroing, the ceiling, copies, reuse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"

static void test_alignment(void **state)
{
        (void)state;
        struct arena a;
        arena_init(&a, 1 << 20);
        static const size_t sizes[] = {1, 3, 7, 8, 15, 16, 17, 31, 100, 4095, 9000, 20000, 1};
        for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
                void *p = arena_alloc(&a, sizes[i]);
                assert_non_null(p);
                assert_int_equal((uintptr_t)p % 16, 0);
                assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
        }
        arena_free(&a);
}

static void test_zeroed(void **state)
{
        (void)state;
        struct arena a;
        arena_init(&a, 1 << 20);
        for (int round = 0; round < 3; round++) {
                unsigned char *p = arena_alloc(&a, 300);
                assert_non_null(p);
                for (size_t i = 0; i < 300; i++)
                        assert_int_equal(p[i], 0);
                memset(p, 0xAB, 300);
                unsigned char *big = arena_alloc(&a, 10000); /* a chunk of its own */
                assert_non_null(big);
                for (size_t i = 0; i < 10000; i++)
                        assert_int_equal(big[i], 0);
                memset(big, 0xCD, 10000);
                arena_free(&a); /* memory comes back dirty; the next allocations must be zero */
        }
}

static void test_distinct_blocks(void **state)
{
        (void)state;
        struct arena a;
        arena_init(&a, 1 << 20);
        char *p[64];
        for (int i = 0; i < 64; i++) {
                p[i] = arena_alloc(&a, 200);
                assert_non_null(p[i]);
                memset(p[i], i, 200);
        }
        for (int i = 0; i < 64; i++)
                for (int k = 0; k < 200; k++)
                        assert_int_equal((unsigned char)p[i][k], i);
        arena_free(&a);
}

static void test_zero_size(void **state)
{
        (void)state;
        struct arena a;
        arena_init(&a, 1024);
        void *p = arena_alloc(&a, 0);
        void *q = arena_alloc(&a, 0);
        assert_non_null(p);
        assert_non_null(q);
        assert_ptr_not_equal(p, q);
        arena_free(&a);
}

static void test_ceiling(void **state)
{
        (void)state;
        struct arena a;
        arena_init(&a, 1000);
        assert_null(arena_alloc(&a, 1001));
        assert_null(arena_alloc(&a, SIZE_MAX));
        assert_null(arena_alloc(&a, SIZE_MAX - 8));
        assert_int_equal(a.used, 0);
        /* 15 blocks of 64 bytes fit (960); the 16th does not. */
        for (int i = 0; i < 15; i++)
                assert_non_null(arena_alloc(&a, 64));
        assert_null(arena_alloc(&a, 64));
        assert_int_equal(a.used, 960);
        /* Small ones still fit under the ceiling, each rounded up to 16 bytes. */
        assert_non_null(arena_alloc(&a, 16));
        assert_non_null(arena_alloc(&a, 1));
        assert_int_equal(a.used, 992);
        assert_null(arena_alloc(&a, 1));
        assert_int_equal(a.used, 992);
        arena_free(&a);
        assert_int_equal(a.used, 0);
        /* After a free the whole ceiling is available again. */
        assert_non_null(arena_alloc(&a, 992));
        arena_free(&a);
}

static void test_ceiling_exact(void **state)
{
        (void)state;
        struct arena a;
        arena_init(&a, 4096);
        assert_non_null(arena_alloc(&a, 4096));
        assert_null(arena_alloc(&a, 1));
        arena_free(&a);
        arena_init(&a, 0);
        assert_null(arena_alloc(&a, 1));
        assert_null(arena_strdup(&a, ""));
        arena_free(&a);
}

static void test_strndup(void **state)
{
        (void)state;
        struct arena a;
        arena_init(&a, 4096);
        char *s = arena_strndup(&a, "hello world", 5);
        assert_non_null(s);
        assert_string_equal(s, "hello");
        char *e = arena_strndup(&a, NULL, 0);
        assert_non_null(e);
        assert_string_equal(e, "");
        /* Embedded NUL: len bytes are copied, then a terminator. */
        char *z = arena_strndup(&a, "ab\0cd", 5);
        assert_non_null(z);
        assert_memory_equal(z, "ab\0cd", 6);
        char *d = arena_strdup(&a, "copy");
        assert_string_equal(d, "copy");
        assert_null(arena_strdup(&a, NULL));
        assert_null(arena_strndup(&a, "x", SIZE_MAX));
        char big[5000];
        memset(big, 'x', sizeof(big));
        assert_null(arena_strndup(&a, big, sizeof(big)));
        arena_free(&a);
}

static void test_printf(void **state)
{
        (void)state;
        struct arena a;
        arena_init(&a, 256);
        char *s = arena_printf(&a, "%s-%d-%05.1f", "id", 42, 3.14159);
        assert_non_null(s);
        assert_string_equal(s, "id-42-003.1");
        char *e = arena_printf(&a, "%s", "");
        assert_non_null(e);
        assert_string_equal(e, "");
        /* 300 characters do not fit under a 256-byte ceiling. */
        assert_null(arena_printf(&a, "%300s", "x"));
        arena_free(&a);
        arena_init(&a, 1 << 16);
        char *long_s = arena_printf(&a, "%9000d", 7);
        assert_non_null(long_s);
        assert_int_equal(strlen(long_s), 9000);
        assert_int_equal(long_s[8999], '7');
        arena_free(&a);
}

static void test_free_and_reuse(void **state)
{
        (void)state;
        struct arena a;
        arena_init(&a, 1 << 16);
        arena_free(&a); /* freeing an empty arena is harmless */
        for (int round = 0; round < 50; round++) {
                for (int i = 0; i < 20; i++)
                        assert_non_null(arena_alloc(&a, 1000));
                assert_non_null(arena_alloc(&a, 20000));
                assert_null(arena_alloc(&a, 1 << 16));
                arena_free(&a);
                assert_null(a.head);
                assert_int_equal(a.used, 0);
        }
        arena_free(&a);
}

static void test_fail_after(void **state)
{
        (void)state;
        struct arena a;
        arena_init(&a, 1 << 20);
        /* The third allocation from now fails, once; the rest succeed. */
        arena_fail_after(&a, 3);
        assert_non_null(arena_alloc(&a, 10));
        assert_non_null(arena_strdup(&a, "two"));
        assert_null(arena_printf(&a, "%d", 3));
        assert_non_null(arena_alloc(&a, 10));
        for (int i = 0; i < 100; i++)
                assert_non_null(arena_alloc(&a, 100));
        /* 1: the next one. */
        arena_fail_after(&a, 1);
        assert_null(arena_strndup(&a, "abc", 3));
        assert_non_null(arena_strndup(&a, "abc", 3));
        /* Disarmed by 0 (and by a negative count). */
        arena_fail_after(&a, 2);
        arena_fail_after(&a, 0);
        arena_fail_after(&a, -4);
        for (int i = 0; i < 10; i++)
                assert_non_null(arena_alloc(&a, 1));
        /* The count runs across arena_free(); arena_init() disarms. */
        arena_fail_after(&a, 2);
        assert_non_null(arena_alloc(&a, 1));
        arena_free(&a);
        assert_null(arena_alloc(&a, 1));
        arena_fail_after(&a, 1);
        arena_free(&a);
        arena_init(&a, 1 << 20);
        assert_non_null(arena_alloc(&a, 1));
        /* A failed allocation hands out nothing. */
        size_t used = a.used;
        arena_fail_after(&a, 1);
        assert_null(arena_alloc(&a, 64));
        assert_int_equal(a.used, used);
        arena_free(&a);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_alignment),       cmocka_unit_test(test_zeroed),
            cmocka_unit_test(test_distinct_blocks), cmocka_unit_test(test_zero_size),
            cmocka_unit_test(test_ceiling),         cmocka_unit_test(test_ceiling_exact),
            cmocka_unit_test(test_strndup),         cmocka_unit_test(test_printf),
            cmocka_unit_test(test_free_and_reuse),  cmocka_unit_test(test_fail_after),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * store_search_query(): the free text of a search becomes whole quoted prefix
 * terms only, at most STORE_SEARCH_MAX_WORDS of them and never past
 * STORE_SEARCH_MAX_BYTES, however long or strange the text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "store/store.h"

static bool word_byte(unsigned char c)
{
        return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
               (c >= 'A' && c <= 'Z');
}

/* The number of `{name} : "w"*` terms, each w non-empty word bytes; fails on any other shape. */
static int terms_of(const char *fts)
{
        const char *p = fts;
        int terms = 0;
        while (*p) {
                if (terms)
                        assert_int_equal(*p++, ' ');
                assert_int_equal(strncmp(p, "{name} : \"", 10), 0);
                p += 10;
                const char *start = p;
                while (*p && word_byte((unsigned char)*p))
                        p++;
                assert_true(p > start);
                assert_true(p[0] == '"' && p[1] == '*');
                p += 2;
                terms++;
        }
        assert_null(strstr(fts, "\"\""));
        assert_true(strlen(fts) <= STORE_SEARCH_MAX_BYTES);
        return terms;
}

static void test_words(void **state)
{
        (void)state;
        struct arena a;
        arena_init(&a, 1 << 20);
        assert_string_equal(store_search_query(&a, "kaun"), "{name} : \"kaun\"*");
        assert_string_equal(store_search_query(&a, "  Kaunas  hotel "),
                            "{name} : \"Kaunas\"* {name} : \"hotel\"*");
        /* FTS5 syntax is only a separator. */
        assert_string_equal(store_search_query(&a, "\"NEAR\" (or) * : ^ -x"),
                            "{name} : \"NEAR\"* {name} : \"or\"* {name} : \"x\"*");
        /* Bytes of UTF-8 stay inside words. */
        assert_string_equal(store_search_query(&a, "Šiauliai,globos"),
                            "{name} : \"Šiauliai\"* {name} : \"globos\"*");
        assert_null(store_search_query(&a, ""));
        assert_null(store_search_query(&a, " \"*:()^- "));
        arena_free(&a);
}

static void test_max_words(void **state)
{
        (void)state;
        struct arena a;
        arena_init(&a, 1 << 20);
        char q[256] = "";
        for (int i = 0; i < STORE_SEARCH_MAX_WORDS + 5; i++)
                strcat(q, "ab ");
        const char *fts = store_search_query(&a, q);
        assert_non_null(fts);
        assert_int_equal(terms_of(fts), STORE_SEARCH_MAX_WORDS);
        arena_free(&a);
}

/* count words of n letters each, separated by one space (a new string). */
static char *words(int count, size_t n)
{
        char *q = malloc((size_t)count * (n + 1) + 1);
        assert_non_null(q);
        char *p = q;
        for (int i = 0; i < count; i++) {
                memset(p, 'a' + i % 26, n);
                p += n;
                *p++ = ' ';
        }
        *p = '\0';
        return q;
}

static void test_byte_cap(void **state)
{
        (void)state;
        struct arena a;
        arena_init(&a, 1 << 20);
        /* Terms of 2,012 bytes: two fit in 4,096, the third would not. */
        char *q = words(3, 2000);
        const char *fts = store_search_query(&a, q);
        assert_non_null(fts);
        assert_int_equal(terms_of(fts), 2);
        assert_non_null(strstr(fts, "bbbb\"*"));
        assert_null(strchr(fts, 'c'));
        free(q);
        /* Every length around the cap: only whole terms, never an empty one. */
        for (size_t n = 1000; n <= 1400; n += 7) {
                q = words(STORE_SEARCH_MAX_WORDS, n);
                fts = store_search_query(&a, q);
                assert_non_null(fts);
                int t = terms_of(fts);
                assert_true(t >= 1 && t <= 4);
                assert_int_equal(t, (int)(4096 + 1) / (int)(n + 13));
                free(q);
        }
        /* A first word that cannot fit leaves nothing to search. */
        q = words(2, 5000);
        assert_null(store_search_query(&a, q));
        free(q);
        q = words(1, STORE_SEARCH_MAX_BYTES - 12); /* exactly fits */
        fts = store_search_query(&a, q);
        assert_non_null(fts);
        assert_int_equal(strlen(fts), STORE_SEARCH_MAX_BYTES);
        assert_int_equal(terms_of(fts), 1);
        free(q);
        q = words(1, STORE_SEARCH_MAX_BYTES - 11);
        assert_null(store_search_query(&a, q));
        free(q);
        arena_free(&a);
}

static void test_arena_full(void **state)
{
        (void)state;
        struct arena a;
        arena_init(&a, 1 << 20);
        arena_fail_after(&a, 1);
        assert_null(store_search_query(&a, "kaunas"));
        assert_non_null(store_search_query(&a, "kaunas"));
        arena_free(&a);
        arena_init(&a, 8);
        assert_null(store_search_query(&a, "kaunas"));
        arena_free(&a);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_words),
            cmocka_unit_test(test_max_words),
            cmocka_unit_test(test_byte_cap),
            cmocka_unit_test(test_arena_full),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

/* csv_read: records and cells as spreadsheets write them, and the input it refuses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sys/resource.h>

#include "core/csv_in.h"

struct seen {
        int rows;
        char first[64];  /* cell 1 of the last row */
        size_t max_cell; /* the longest cell passed on */
};

static int collect(const struct csv_row *row, void *ctx)
{
        struct seen *s = ctx;
        s->rows++;
        snprintf(s->first, sizeof(s->first), "%s", row->n ? row->cells[0] : "");
        for (size_t i = 0; i < row->n; i++)
                if (row->lens[i] > s->max_cell)
                        s->max_cell = row->lens[i];
        return 0;
}

static int read_text(const char *text, struct seen *s, char *err, size_t errlen)
{
        memset(s, 0, sizeof(*s));
        err[0] = '\0';
        return csv_read(text, strlen(text), collect, s, err, errlen);
}

static void test_rows_and_separators(void **state)
{
        (void)state;
        struct seen s;
        char err[200];
        assert_int_equal(
            read_text("\xEF\xBB\xBFname;kind\r\nA;school\r\n\"B;C\";ngo\r\n", &s, err, sizeof(err)),
            0);
        assert_int_equal(s.rows, 3);
        assert_string_equal(s.first, "B;C");
        assert_int_equal(
            read_text("name,kind\n\"say \"\"hi\"\"\nthere\",x\n", &s, err, sizeof(err)), 0);
        assert_string_equal(s.first, "say \"hi\"\nthere");
}

static void test_byte_order_mark_inside(void **state)
{
        (void)state;
        struct seen s;
        char err[200];
        /* Only the file's first bytes may be one: two files joined are refused. */
        assert_int_equal(read_text("\xEF\xBB\xBFname,kind\nA,school\n\xEF\xBB\xBFname,kind\n", &s,
                                   err, sizeof(err)),
                         -1);
        assert_non_null(strstr(err, "row 3: cell 1 holds a byte-order mark"));
        assert_int_equal(read_text("name,kind\nA\xEF\xBB\xBF B,school\n", &s, err, sizeof(err)),
                         -1);
        assert_non_null(strstr(err, "row 2: cell 1"));
}

static void test_long_cells(void **state)
{
        (void)state;
        struct seen s;
        char err[200];
        size_t n = CSV_MAX_CELL_BYTES;
        char *text = malloc(n + 32);
        assert_non_null(text);
        memcpy(text, "name\n", 5);
        memset(text + 5, 'x', n);
        strcpy(text + 5 + n, "\n");
        assert_int_equal(read_text(text, &s, err, sizeof(err)), 0);
        assert_int_equal(s.max_cell, n);
        text[5 + n] = 'x';
        strcpy(text + 6 + n, "\n");
        assert_int_equal(read_text(text, &s, err, sizeof(err)), -1);
        assert_non_null(strstr(err, "longer than 10000 bytes"));
        free(text);
}

/*
 * An unclosed quote makes the rest of the file one cell: it is refused as
 * soon as it passes the limit, not after the whole body has been buffered
 * into it (the peak resident size grows by far less than the 64 MiB input).
 */
static void test_unclosed_quote_is_refused_early(void **state)
{
        (void)state;
        size_t n = 64u << 20;
        char *text = malloc(n + 1);
        assert_non_null(text);
        memcpy(text, "name\n\"", 6);
        memset(text + 6, 'y', n - 6);
        text[n] = '\0';
        struct rusage before, after;
        getrusage(RUSAGE_SELF, &before);
        struct seen s;
        char err[200];
        assert_int_equal(csv_read(text, n, collect, &s, err, sizeof(err)), -1);
        getrusage(RUSAGE_SELF, &after);
        /* The input is resident already; the peak grows by far less than another copy of it. */
        long grown_kib = after.ru_maxrss - before.ru_maxrss;
        if (grown_kib > 16 * 1024)
                fail_msg("reading took the peak resident size up by %ld KiB", grown_kib);
        assert_non_null(strstr(err, "row 2: a cell is longer than 10000 bytes"));
        free(text);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_rows_and_separators),
            cmocka_unit_test(test_byte_order_mark_inside),
            cmocka_unit_test(test_long_cells),
            cmocka_unit_test(test_unclosed_quote_is_refused_early),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

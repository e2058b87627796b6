/*
 * Reading CSV as spreadsheets write it: UTF-8 with or without a byte-order
 * mark, ',' or ';' between cells (a spreadsheet set to Lithuanian writes ';'),
 * quoted cells that may hold separators, quotes and newlines.
 *
 * csv_read() calls on_row once per record with the record's cells; the cells
 * are NUL-terminated and valid only during the call.  Records are numbered
 * from 1 (the header).  A callback returning non-zero stops the read.
 */
#ifndef ECAT_CSV_IN_H
#define ECAT_CSV_IN_H

#include <stddef.h>
#include <stdint.h>

#define CSV_MAX_CELLS      64
#define CSV_MAX_CELL_BYTES 10000

struct csv_row {
        int64_t number; /* 1 = header */
        size_t n;
        const char *cells[CSV_MAX_CELLS];
        size_t lens[CSV_MAX_CELLS];
};

typedef int (*csv_row_fn)(const struct csv_row *row, void *ctx);

/*
 * Parse data[0..len).  Returns 0 when the whole input was read, the
 * callback's non-zero value when it stopped, or -1 on malformed input with
 * a message (naming the record) in err.
 */
int csv_read(const char *data, size_t len, csv_row_fn on_row, void *ctx, char *err, size_t errlen);

/* The separator the header line uses: ';' when it has more of them than ','. */
char csv_detect_separator(const char *data, size_t len);

#endif

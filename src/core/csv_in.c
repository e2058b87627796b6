#include "core/csv_in.h"

#include "core/util.h"

#include <csv.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bytes handed to libcsv at a time. */
#define CSV_BLOCK 16384

struct reader {
        struct csv_row row;
        char *cells[CSV_MAX_CELLS]; /* owned copies of the current record */
        csv_row_fn on_row;
        void *ctx;
        int stopped; /* the callback's return */
        char *err;
        size_t errlen;
        bool failed;
};

char csv_detect_separator(const char *data, size_t len)
{
        size_t commas = 0, semis = 0;
        bool quoted = false;
        for (size_t i = 0; i < len; i++) {
                char c = data[i];
                if (c == '"')
                        quoted = !quoted;
                else if (!quoted && (c == '\n' || c == '\r'))
                        break;
                else if (!quoted && c == ',')
                        commas++;
                else if (!quoted && c == ';')
                        semis++;
        }
        return semis > commas ? ';' : ',';
}

static void fail(struct reader *r, const char *msg)
{
        if (!r->failed)
                snprintf(r->err, r->errlen, "row %lld: %s", (long long)r->row.number, msg);
        r->failed = true;
}

static void on_cell(void *s, size_t len, void *data)
{
        struct reader *r = data;
        if (r->failed || r->stopped)
                return;
        if (r->row.n >= CSV_MAX_CELLS) {
                fail(r, "more than 64 cells");
                return;
        }
        if (len > CSV_MAX_CELL_BYTES) {
                fail(r, "a cell is longer than 10000 bytes");
                return;
        }
        const char *text = s ? s : "";
        if (!utf8_valid(text, len)) {
                char msg[64];
                snprintf(msg, sizeof(msg), "cell %zu is not valid UTF-8 text", r->row.n + 1);
                fail(r, msg);
                return;
        }
        /* A byte-order mark past the start of the file (two files joined) is not text. */
        if (len >= 3 && memmem(text, len, "\xEF\xBB\xBF", 3)) {
                char msg[96];
                snprintf(msg, sizeof(msg),
                         "cell %zu holds a byte-order mark (U+FEFF); was a second file joined on?",
                         r->row.n + 1);
                fail(r, msg);
                return;
        }
        char *copy = malloc(len + 1);
        if (!copy) {
                fail(r, "out of memory");
                return;
        }
        memcpy(copy, text, len);
        copy[len] = '\0';
        r->cells[r->row.n] = copy;
        r->row.cells[r->row.n] = copy;
        r->row.lens[r->row.n] = len;
        r->row.n++;
}

static void clear_row(struct reader *r)
{
        for (size_t i = 0; i < r->row.n; i++) {
                free(r->cells[i]);
                r->cells[i] = NULL;
        }
        r->row.n = 0;
}

static void on_row_end(int c, void *data)
{
        (void)c;
        struct reader *r = data;
        if (!r->failed && !r->stopped)
                r->stopped = r->on_row(&r->row, r->ctx);
        clear_row(r);
        r->row.number++;
}

int csv_read(const char *data, size_t len, csv_row_fn on_row, void *ctx, char *err, size_t errlen)
{
        struct reader r;
        memset(&r, 0, sizeof(r));
        r.row.number = 1;
        r.on_row = on_row;
        r.ctx = ctx;
        r.err = err;
        r.errlen = errlen;
        if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
                data += 3;
                len -= 3;
        }
        struct csv_parser p;
        if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
                snprintf(err, errlen, "cannot start the CSV reader");
                return -1;
        }
        csv_set_delim(&p, (unsigned char)csv_detect_separator(data, len));
        /*
         * Feed in blocks so a callback that stops is honoured promptly, and a
         * cell that grows past its limit (an unclosed quote takes in the rest
         * of the file) is refused before the reader has buffered much more
         * than one block of it.
         */
        size_t off = 0;
        while (off < len && !r.failed && !r.stopped) {
                size_t n = len - off > CSV_BLOCK ? CSV_BLOCK : len - off;
                if (p.entry_pos > CSV_MAX_CELL_BYTES) {
                        fail(&r, "a cell is longer than 10000 bytes (is a quote not closed?)");
                        break;
                }
                if (csv_parse(&p, data + off, n, on_cell, on_row_end, &r) != n) {
                        if (!r.failed)
                                fail(&r, csv_error(&p) == CSV_EPARSE
                                             ? "malformed CSV (a quote is not closed or "
                                               "stray text follows a quoted cell)"
                                             : "the CSV reader failed");
                        break;
                }
                off += n;
        }
        if (!r.failed && !r.stopped && csv_fini(&p, on_cell, on_row_end, &r) != 0)
                fail(&r, "malformed CSV at the end of the file (a quote is not closed)");
        clear_row(&r);
        csv_free(&p);
        if (r.failed)
                return -1;
        return r.stopped;
}

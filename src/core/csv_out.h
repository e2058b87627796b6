/*
 * Writing CSV (RFC 4180): every cell quoted when it needs it, and cells that
 * a spreadsheet would run as a formula (starting with = + - @, tab or CR)
 * neutralised with a leading apostrophe.
 */
#ifndef ECAT_CSV_OUT_H
#define ECAT_CSV_OUT_H

#include <stdint.h>

#include "core/buf.h"

/* Append one text cell (NULL: empty) and, unless last, a comma. */
int csv_cell(struct buf *b, const char *s, int last);
/* Append one integer cell. */
int csv_int(struct buf *b, int64_t v, int last);
/* End the row (CRLF). */
int csv_end(struct buf *b);

#endif

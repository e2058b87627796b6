/*
 * Records as the API shows them, driven by their column tables: JSON
 * objects and CSV rows, every column but COL_HIDDEN and COL_WRITE_ONLY ones,
 * in table order.
 *
 *   FT_TEXT, FT_ENUM  string; a FIELD_NULLABLE column shows null when empty
 *   FT_INT, FT_REAL   number (null when null)
 *   FT_BOOL           true/false
 *   FT_DATE           "YYYY-MM-DD"; FT_TIMESTAMP RFC 3339
 *   FT_ENUM_SET       list of the chosen values' names
 *   FT_TEXT_LIST      list of strings
 * In CSV, lists are joined with '|', text goes through the formula guard of
 * core/csv_out.h and numbers do not.
 */
#ifndef ECAT_RENDER_H
#define ECAT_RENDER_H

#include <jansson.h>

#include "core/buf.h"
#include "core/record.h"
#include "http/request.h"

/* A new object (the caller owns it), or NULL when out of memory. */
json_t *record_json(const struct column *cols, size_t n, const void *rec);
/* The same without the columns whose flags meet hide (COL_MONEY for a caller without budget.read).
 */
json_t *record_json_as(const struct column *cols, size_t n, const void *rec, unsigned hide);
/* What r's caller may not be shown: COL_MONEY unless its role holds budget.read. */
unsigned render_hidden(const struct request *r);

/* The header row and one record as a CSV row; 0, or -1 past the buffer's ceiling. */
int record_csv_header(struct buf *b, const struct column *cols, size_t n);
int record_csv(struct buf *b, const struct column *cols, size_t n, const void *rec);

/* Answer status with body as JSON, reals with 15 significant digits (54.6872). */
void reply_record_json(struct request *r, int status, json_t *body);

#endif

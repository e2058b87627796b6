/*
 * Input at the edge: a JSON body is checked against a resource's column
 * table (core/record.h) and copied into its record.  Handlers never look at
 * JSON text; they read the record.
 */
#ifndef ECAT_VALIDATE_H
#define ECAT_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/record.h"
#include "http/request.h"

enum validate_result { VALID = 0, INVALID_FIELDS = 1, MALFORMED = 2 };

/*
 * Parse body (len bytes) and check it against the input columns of
 * cols[0..n) into rec (zeroed by the caller).  partial: a PATCH, so
 * required columns may be absent.  VALID; INVALID_FIELDS with p holding
 * every field at fault (unknown keys too); MALFORMED with *message saying
 * what is wrong with the document (empty, not UTF-8, not JSON, a key given
 * twice, not an object).  Text is copied into a.
 */
enum validate_result record_from_json(struct arena *a, const char *body, size_t len,
                                      const struct column *cols, size_t n, void *rec, bool partial,
                                      struct problems *p, const char **message);

/*
 * The same for a request's body: 0 when valid; otherwise it has answered r
 * (400 or 422).  The gate has checked the media type.
 */
int request_record(struct request *r, const struct column *cols, size_t n, void *rec, bool partial);

#endif

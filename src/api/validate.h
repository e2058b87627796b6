/*
 * Input validation at the edge: a JSON body is checked against a table of
 * field specs and copied into a typed struct.  Handlers never look at JSON
 * text; they read the struct.
 *
 * Every input struct begins with struct input_head.  Bit i of present is set
 * when spec[i] was in the body (null included); bit i of nulls when it was an
 * explicit null (allowed only for FIELD_NULLABLE fields, and means "clear").
 *
 * What each field type writes at its offset:
 *   FT_TEXT, FT_ENUM  const char *  (arena copy; NULL when null)
 *   FT_INT            int64_t
 *   FT_BOOL           bool
 *   FT_DATE           int32_t       (days since 1970-01-01)
 *   FT_REAL           double
 *   FT_ENUM_SET       uint32_t      (bit k: values[k] chosen)
 *   FT_TEXT_LIST      const char *  (compact JSON array text of strings,
 *                                    each min..max characters, at most 50)
 */
#ifndef ECAT_VALIDATE_H
#define ECAT_VALIDATE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/record.h"
#include "http/request.h"

struct field_spec {
        const char *name;
        enum field_type type;
        unsigned flags;
        size_t offset;
        int64_t min, max;          /* FT_TEXT: characters; FT_INT: value */
        double dmin, dmax;         /* FT_REAL */
        const char *const *values; /* FT_ENUM, FT_ENUM_SET: NULL-terminated */
};

/* Old name of core/record.h's record head. */
#define input_head record_head

enum validate_result { VALID = 0, INVALID_FIELDS = 1, MALFORMED = 2 };

/*
 * Parse body (len bytes) and validate it against spec[0..n) into out.
 * partial: a PATCH, so required fields may be absent.
 * On INVALID_FIELDS *errors holds {"field": "message"} (caller owns it);
 * on MALFORMED *message says what is wrong with the document.
 * Text copies come from arena a.
 */
enum validate_result validate_json(struct arena *a, const char *body, size_t len,
                                   const struct field_spec *spec, size_t n, void *out, bool partial,
                                   json_t **errors, const char **message);

/*
 * The same for a request: checks Content-Type, then validates r's body.
 * Returns 0 when valid; otherwise it has answered r (400, 415 or 422).
 */
int validate_request(struct request *r, const struct field_spec *spec, size_t n, void *out,
                     bool partial);

#endif

/* ---- the column-table forms (core/record.h) ---- */

/*
 * Parse body (len bytes) and check it against the input columns of
 * cols[0..n) into rec (zeroed by the caller).  partial: a PATCH, so
 * required columns may be absent.  VALID; INVALID_FIELDS with p holding
 * every field at fault (unknown keys too); MALFORMED with *message saying
 * what is wrong with the document.  Text is copied into a.
 */
enum validate_result record_from_json(struct arena *a, const char *body, size_t len,
                                      const struct column *cols, size_t n, void *rec, bool partial,
                                      struct problems *p, const char **message);

/*
 * The same for a request's body: 0 when valid; otherwise it has answered r
 * (400 or 422).  The gate has checked the media type.
 */
int request_record(struct request *r, const struct column *cols, size_t n, void *rec, bool partial);

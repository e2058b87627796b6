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
#include "http/request.h"

enum field_type { FT_TEXT, FT_INT, FT_BOOL, FT_ENUM, FT_DATE, FT_REAL, FT_ENUM_SET, FT_TEXT_LIST };

enum {
        FIELD_REQUIRED = 1 << 0,  /* must be present on create */
        FIELD_NULLABLE = 1 << 1,  /* may be null (cleared) */
        FIELD_MULTILINE = 1 << 2, /* text may hold newlines and tabs */
        FIELD_SECRET = 1 << 3,    /* never echoed in messages */
};

struct field_spec {
        const char *name;
        enum field_type type;
        unsigned flags;
        size_t offset;
        int64_t min, max;          /* FT_TEXT: characters; FT_INT: value */
        double dmin, dmax;         /* FT_REAL */
        const char *const *values; /* FT_ENUM, FT_ENUM_SET: NULL-terminated */
};

struct input_head {
        uint64_t present;
        uint64_t nulls;
};

#define INPUT_HAS(in, i)  (((in)->head.present >> (i)) & 1u)
#define INPUT_NULL(in, i) (((in)->head.nulls >> (i)) & 1u)

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

/* Index of value in a NULL-terminated list, or -1. */
int enum_index(const char *const *values, const char *value);

#endif

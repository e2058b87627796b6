/*
 * Writing responses.  Every JSON body goes through reply_json(); every error
 * through reply_error*(), which gives the one error shape of the API:
 *   {"error": {"code": "...", "message": "...", "fields": {"name": "..."}}}
 * Functions taking a json_t * take ownership of it.
 */
#ifndef ECAT_RESPOND_H
#define ECAT_RESPOND_H

#include <jansson.h>

#include "core/err.h"
#include "core/record.h"
#include "http/request.h"

void reply_json(struct request *r, int status, json_t *body);
void reply_error(struct request *r, enum ecat_err e, const char *message);
/* An error with per-field messages (fields may be NULL). */
void reply_error_fields(struct request *r, enum ecat_err e, const char *message, json_t *fields);
/* 422 naming one field. */
void reply_invalid(struct request *r, const char *field, const char *message);
void reply_no_content(struct request *r);
/* A body of another type (CSV, GeoJSON), taking ownership of malloc'd data. */
void reply_raw(struct request *r, int status, const char *type, char *data, size_t len);
/* 500 and an error log line naming the request. */
void reply_internal(struct request *r, const char *what);
/*
 * A write that could not get the database's write lock within write_wait_ms
 * (another write, e.g. an import, holds it): 503 with Retry-After, nothing
 * written.  rc is what db_begin_write() answered; other failures are a 500.
 */
void reply_begin_failed(struct request *r, int rc);

/* {"field": "message", ...} of p, or NULL when p names no field. */
json_t *problems_json(const struct problems *p);
/*
 * Answer the failure e of a door on a record of kind what ("activity"):
 * 422 naming the fields, 409 (the field or p->message), 404 "no such
 * <what>", 400 with p->message, 403 with p->message, else 500.
 */
void reply_problems(struct request *r, enum ecat_err e, const struct problems *p, const char *what);

/* Timestamps as RFC 3339 strings. */
json_t *json_timestamp(int64_t t);
/* A string, or null when s is NULL or empty. */
json_t *json_string_or_null(const char *s);

#endif

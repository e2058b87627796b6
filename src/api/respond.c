#include "api/respond.h"

#include "core/log.h"
#include "core/util.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

void reply_json(struct request *r, int status, json_t *body)
{
        size_t len = 0;
        char *text = NULL;
        if (body) {
                text = json_dumps(body, JSON_COMPACT);
                json_decref(body);
        }
        if (!text) {
                r->status = 500;
                r->err = E_INTERNAL;
                r->resp_type = "application/json";
                r->resp_body = "{\"error\":{\"code\":\"internal\",\"message\":\"out of memory\"}}";
                r->resp_len = strlen(r->resp_body);
                return;
        }
        len = strlen(text);
        free(r->resp_heap);
        r->resp_heap = text;
        r->resp_len = len;
        r->resp_type = "application/json";
        r->status = status;
}

void reply_error_fields(struct request *r, enum ecat_err e, const char *message, json_t *fields)
{
        json_t *err = json_pack("{s:s, s:s}", "code", err_code(e), "message", message);
        if (err && fields)
                json_object_set_new(err, "fields", fields);
        else if (fields)
                json_decref(fields);
        r->err = e;
        reply_json(r, err_status(e), json_pack("{s:o}", "error", err));
}

void reply_error(struct request *r, enum ecat_err e, const char *message)
{
        reply_error_fields(r, e, message, NULL);
}

void reply_invalid(struct request *r, const char *field, const char *message)
{
        reply_error_fields(r, E_VALIDATION, "the request has invalid fields",
                           json_pack("{s:s}", field, message));
}

void reply_no_content(struct request *r)
{
        r->status = 204;
        r->resp_body = "";
        r->resp_len = 0;
        r->resp_type = NULL;
}

void reply_raw(struct request *r, int status, const char *type, char *data, size_t len)
{
        free(r->resp_heap);
        r->resp_heap = data;
        r->resp_len = len;
        r->resp_type = type;
        r->status = status;
}

void reply_internal(struct request *r, const char *what)
{
        log_error("msg=\"request failed\" req=%s what=\"%s\"", r->id, what);
        reply_error(r, E_INTERNAL, "internal error; the request id names it in the log");
}

void reply_begin_failed(struct request *r, int rc)
{
        if (rc != STORE_BUSY) {
                reply_internal(r, "cannot begin transaction");
                return;
        }
        log_info("msg=\"write lock busy\" req=%s", r->id);
        req_add_header(r, "Retry-After", "2");
        reply_error(r, E_BUSY,
                    "another write holds the database (an import, perhaps); nothing was changed: "
                    "try again in a moment");
}

json_t *json_timestamp(int64_t t)
{
        char ts[21];
        format_timestamp(t, ts);
        return json_string(ts);
}

json_t *json_string_or_null(const char *s)
{
        return s && *s ? json_string(s) : json_null();
}

json_t *problems_json(const struct problems *p)
{
        if (!p->n)
                return NULL;
        json_t *o = json_object();
        for (size_t i = 0; o && i < p->n; i++)
                json_object_set_new(o, p->item[i].field, json_string(p->item[i].text));
        return o;
}

void reply_problems(struct request *r, enum ecat_err e, const struct problems *p, const char *what)
{
        const char *msg;
        switch (e) {
        case E_VALIDATION:
                reply_error_fields(r, E_VALIDATION, "the request has invalid fields",
                                   problems_json(p));
                return;
        case E_CONFLICT:
                reply_error_fields(r, E_CONFLICT,
                                   p->message ? p->message
                                              : "the request conflicts with a stored record",
                                   problems_json(p));
                return;
        case E_NOT_FOUND:
                msg = p->message ? p->message : arena_printf(&r->arena, "no such %s", what);
                reply_error(r, E_NOT_FOUND, msg ? msg : "no such record");
                return;
        case E_BAD_REQUEST:
                reply_error_fields(r, E_BAD_REQUEST,
                                   p->message ? p->message : "the request is malformed",
                                   problems_json(p));
                return;
        case E_FORBIDDEN:
                reply_error(r, E_FORBIDDEN, p->message ? p->message : "your role may not do this");
                return;
        default:
                msg = arena_printf(&r->arena, "cannot write %s", what);
                reply_internal(r, msg ? msg : "cannot write");
                return;
        }
}

/*
 * Plumbing shared by the programme's handlers (projects, partners,
 * expenses, indicators, activities, dashboard): getting the connection,
 * the body's media type, and turning an insert or update result into the
 * API's error shape.
 */
#include "api/programme.h"

#include "api/app.h"
#include "api/respond.h"

#include <string.h>
#include <strings.h>

struct db *request_db(struct request *r)
{
        struct db *db = store_db(r->app->store);
        if (!db)
                reply_internal(r, "no database connection");
        return db;
}

bool request_body_is_json(struct request *r)
{
        const char *ct = r->content_type;
        size_t n = ct ? strcspn(ct, ";") : 0;
        while (n && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
                n--;
        if (n == 16 && strncasecmp(ct, "application/json", 16) == 0)
                return true;
        reply_error(r, E_UNSUPPORTED_MEDIA_TYPE, "the request body must be application/json");
        return false;
}

void error_add(json_t **errors, const char *field, const char *message)
{
        if (!*errors)
                *errors = json_object();
        if (*errors && !json_object_get(*errors, field))
                json_object_set_new(*errors, field, json_string(message));
}

json_t *json_object_of(const char *json, size_t len, json_t **errors)
{
        json_error_t jerr;
        json_t *root = len ? json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr) : NULL;
        if (!root || !json_is_object(root)) {
                json_decref(root);
                error_add(errors, "body",
                          len ? "the request body must be a JSON object"
                              : "the request body is empty; a JSON object is expected");
                return NULL;
        }
        return root;
}

void reply_write_error(struct request *r, enum ecat_err e, json_t *errors, const char *what)
{
        const char *msg;
        switch (e) {
        case E_BAD_REQUEST: {
                json_t *why = errors ? json_object_get(errors, "body") : NULL;
                reply_error(r, E_BAD_REQUEST,
                            json_is_string(why) ? json_string_value(why)
                                                : "the request body is not a JSON object");
                json_decref(errors);
                return;
        }
        case E_VALIDATION:
                reply_error_fields(r, E_VALIDATION, "the request has invalid fields", errors);
                return;
        case E_CONFLICT:
                reply_error_fields(r, E_CONFLICT, "the request conflicts with a stored record",
                                   errors);
                return;
        case E_NOT_FOUND:
                json_decref(errors);
                msg = arena_printf(&r->arena, "no such %s", what);
                reply_error(r, E_NOT_FOUND, msg ? msg : "no such record");
                return;
        default:
                json_decref(errors);
                msg = arena_printf(&r->arena, "cannot write %s", what);
                reply_internal(r, msg ? msg : "cannot write");
                return;
        }
}

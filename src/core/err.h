/*
 * Errors are values: one enum, a stable code string for the API and the HTTP
 * status it maps to.  Expected failures (validation, not found, forbidden) are
 * ordinary return values; only E_INTERNAL means something is broken.
 */
#ifndef ECAT_ERR_H
#define ECAT_ERR_H

#define ECAT_ERRORS(X)                                                                             \
        X(E_OK, "ok", 200)                                                                         \
        X(E_BAD_REQUEST, "bad_request", 400)                                                       \
        X(E_UNAUTHENTICATED, "unauthenticated", 401)                                               \
        X(E_TOTP_REQUIRED, "totp_required", 401)                                                   \
        X(E_FORBIDDEN, "forbidden", 403)                                                           \
        X(E_TOTP_ENROL, "totp_enrolment_required", 403)                                            \
        X(E_NOT_FOUND, "not_found", 404)                                                           \
        X(E_METHOD_NOT_ALLOWED, "method_not_allowed", 405)                                         \
        X(E_CONFLICT, "conflict", 409)                                                             \
        X(E_PAYLOAD_TOO_LARGE, "payload_too_large", 413)                                           \
        X(E_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", 415)                                 \
        X(E_VALIDATION, "validation_failed", 422)                                                  \
        X(E_RATE_LIMITED, "rate_limited", 429)                                                     \
        X(E_INTERNAL, "internal", 500)                                                             \
        X(E_UNAVAILABLE, "unavailable", 503)                                                       \
        X(E_BUSY, "busy", 503)

enum ecat_err {
#define X(name, code, status) name,
        ECAT_ERRORS(X)
#undef X
            E__MAX
};

/* The API code string of an error ("validation_failed"); never NULL. */
const char *err_code(enum ecat_err e);
/* The HTTP status of an error (422). */
int err_status(enum ecat_err e);

#endif

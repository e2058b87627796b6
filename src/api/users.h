/*
 * Users over HTTP, and the request bodies of the session routes.  The
 * user's record, column table, rules and doors are in domain/user.h; the
 * session and locale handlers answer with the user as user_api renders it.
 *
 * The session bodies are records of their own, checked against their column
 * tables by request_record (api/validate.h); nothing stores them as they
 * come.
 */
#ifndef ECAT_API_USERS_H
#define ECAT_API_USERS_H

#include "api/crud.h"
#include "domain/user.h"

extern const struct api_door user_api;

/* POST /session: logging in. */
struct login_input {
        struct record_head head;
        const char *login;
        const char *password;
        const char *totp; /* a code from the authenticator app, or a recovery code */
};
enum { LOGIN_F_LOGIN, LOGIN_F_PASSWORD, LOGIN_F_TOTP, LOGIN_F__MAX };
extern const struct column login_columns[LOGIN_F__MAX];

/* POST /session/totp/confirm: the first code of an enrolment. */
struct totp_input {
        struct record_head head;
        const char *totp;
};
enum { TOTP_F_CODE, TOTP_F__MAX };

/* PUT /session/password: changing one's own password. */
struct password_input {
        struct record_head head;
        const char *current_password;
        const char *new_password;
};
enum { PASSWORD_F_CURRENT, PASSWORD_F_NEW, PASSWORD_F__MAX };
extern const struct column password_columns[PASSWORD_F__MAX];

/* POST /session/tokens: a new API token. */
struct token_input {
        struct record_head head;
        const char *name;
        int64_t expires_in_days; /* absent: token_lifetime_days */
};
enum { TOKEN_F_NAME, TOKEN_F_EXPIRES_IN_DAYS, TOKEN_F__MAX };
extern const struct column token_columns[TOKEN_F__MAX];

/* PUT /session/locale: the language of the interface; null follows the browser. */
struct locale_input {
        struct record_head head;
        const char *locale;
};
enum { LOCALE_F_LOCALE, LOCALE_F__MAX };
extern const struct column locale_columns[LOCALE_F__MAX];

#endif

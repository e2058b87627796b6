/*
 * Users: the accounts that log in, each of one organisation and one role.
 * The record, its column table, its rules and the doors that are the one
 * way a user is written (API, `ecat user`, demo), inside the caller's write
 * transaction (results as in domain/resource.h).
 *
 * Rules: login 3-64 of A-Z a-z 0-9 . _ - @, unique without regard to case
 * (E_CONFLICT "a user with this login exists", login: "is taken") and
 * never changed; role one of user_roles; organisation_id an organisation
 * that exists; locale one of user_locales or null (follow the browser);
 * display_name up to 200 characters.  password is input only: never stored
 * nor shown, it passes the policy of auth/password.h (for the user's login)
 * and becomes password_hash, which is written and never read back.  An
 * administrator cannot disable themselves nor give up their own admin role
 * (E_CONFLICT).
 *
 * Side effects, in the same transaction: a new password ends every session
 * of the user but the principal's own and revokes the user's API tokens; a
 * disabled user's sessions end and tokens are revoked (enabling again revives
 * none).
 */
#ifndef ECAT_DOMAIN_USER_H
#define ECAT_DOMAIN_USER_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/resource.h"

/* The roles of auth/policy.h by name, and the languages of the interface; NULL-terminated. */
extern const char *const user_roles[];
extern const char *const user_locales[];

struct user {
        struct record_head head;
        int64_t id;
        const char *login;
        const char *display_name;
        int64_t organisation_id;
        const char *role;
        bool disabled;
        const char *locale; /* NULL: follow the browser */
        int64_t created_at;
        int64_t updated_at;
        bool totp_enabled;
        const char *password;      /* input only: the new password */
        const char *password_hash; /* written only: made from password by the doors */
};

enum user_column {
        USER_F_ID,
        USER_F_LOGIN,
        USER_F_DISPLAY_NAME,
        USER_F_ORGANISATION,
        USER_F_ROLE,
        USER_F_DISABLED,
        USER_F_LOCALE,
        USER_F_CREATED,
        USER_F_UPDATED,
        USER_F_TOTP,
        USER_F_PASSWORD,
        USER_F_PASSWORD_HASH,
        USER_F__MAX
};

extern const struct column user_columns[USER_F__MAX];
extern const struct resource user_resource;

/*
 * The slow part of a write, for a caller to run before its write
 * transaction (no lock is held meanwhile): the login's shape (create) or
 * that it is left alone (update, id the user's), then the policy of a new
 * password in rec and its hash into rec->password_hash.  E_OK, E_VALIDATION,
 * E_NOT_FOUND (update: no such user) or E_INTERNAL.  The doors do the same
 * themselves for a record whose password has no hash yet.
 */
enum ecat_err user_prepare(struct db *db, int64_t id, struct user *rec, struct problems *p);

/* Audit "user.create". */
enum ecat_err user_create(struct db *db, const struct principal *who, struct user *in,
                          struct problems *p, int64_t *id);
/* Audit "user.update", or "user.password_reset" when patch sets a password. */
enum ecat_err user_update(struct db *db, const struct principal *who, int64_t id,
                          struct user *patch, struct problems *p);
/* Disable or enable user id; audit "user.disable" or "user.enable". */
enum ecat_err user_set_disabled(struct db *db, const struct principal *who, int64_t id,
                                bool disabled, struct problems *p);
enum ecat_err user_get(struct db *db, const struct principal *who, struct arena *a, int64_t id,
                       struct user *out);

#endif

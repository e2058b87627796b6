/*
 * User accounts as stored facts, shared by the API and the command line.
 * Each function runs inside the caller's write transaction and writes no
 * audit entry itself (the caller knows who acted and why).
 */
#ifndef ECAT_ACCOUNT_H
#define ECAT_ACCOUNT_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

struct account_new {
        const char *login;
        const char *display_name;
        int64_t organisation_id;
        const char *role;
        const char *password_hash;
};

/* STORE_CONSTRAINT when the login is taken. */
enum store_rc account_insert(struct db *db, const struct account_new *a, int64_t *id);
/*
 * New password hash; ends every session of the user except keep_session (0: all)
 * and revokes the user's API tokens.
 */
enum store_rc account_set_password(struct db *db, int64_t user_id, const char *hash,
                                   int64_t keep_session);
/* End every session of the user and revoke its API tokens (disabling a user). */
enum store_rc account_end_access(struct db *db, int64_t user_id);
/* Logins are short and plain so they can be typed anywhere: 3-64 of A-Z a-z 0-9 . _ - @ */
bool account_login_valid(const char *login);
/* The id of login, 0 when none, -1 on error. */
int64_t account_id(struct db *db, const char *login);

#endif

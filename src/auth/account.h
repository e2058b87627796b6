/*
 * User accounts as stored facts, shared by the API and the command line:
 * their passwords, sessions and tokens, and their logins.  Accounts are
 * created and changed through the doors of domain/user.h; the functions
 * here run inside the caller's write transaction and write no audit entry
 * themselves (the caller knows who acted and why).
 */
#ifndef ECAT_ACCOUNT_H
#define ECAT_ACCOUNT_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

/*
 * New password hash; ends every session of the user except keep_session (0: all)
 * and revokes the user's API tokens.
 */
enum store_rc account_set_password(struct db *db, int64_t user_id, const char *hash,
                                   int64_t keep_session);
/*
 * End every session of the user except keep_session (0: all) and revoke its
 * API tokens (a new password, disabling a user).
 */
enum store_rc account_end_access(struct db *db, int64_t user_id, int64_t keep_session);
/* Logins are short and plain so they can be typed anywhere: 3-64 of A-Z a-z 0-9 . _ - @ */
bool account_login_valid(const char *login);
/* The id of login, 0 when none, -1 on error. */
int64_t account_id(struct db *db, const char *login);

#endif

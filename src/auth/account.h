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

#include "auth/totp.h"
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
/*
 * Two-factor login (auth/totp.h), inside the caller's write transaction.
 *
 * account_totp_begin: a new secret awaiting its first code (replacing one
 * that awaited), sealed into the user's row; secret receives it to show once.
 * Refused (TOTP_ALREADY_ON) while a confirmed one is set up.
 *
 * account_totp_confirm: code checked against the awaiting secret; on
 * success the secret is the user's second factor, the code's step counts as
 * used, and ten new recovery codes replace any old ones (codes receives
 * them to show once).
 *
 * account_totp_reset: the second factor, an awaiting secret and the recovery
 * codes removed, the reset recorded to tell the user at the next login, every
 * session and API token of the user ended.
 */
enum totp_outcome {
        TOTP_DONE,
        TOTP_ALREADY_ON,
        TOTP_NOT_BEGUN,
        TOTP_WRONG_CODE,
        TOTP_NO_USER,
        TOTP_FAILED
};
enum totp_outcome account_totp_begin(struct db *db, int64_t user_id,
                                     unsigned char secret[TOTP_SECRET_BYTES]);
enum totp_outcome account_totp_confirm(struct db *db, int64_t user_id, const char *code,
                                       char codes[TOTP_RECOVERY_CODES][TOTP_RECOVERY_CHARS + 1]);
enum totp_outcome account_totp_reset(struct db *db, int64_t user_id);

/* Logins are short and plain so they can be typed anywhere: 3-64 of A-Z a-z 0-9 . _ - @ */
bool account_login_valid(const char *login);
/* The id of login, 0 when none, -1 on error. */
int64_t account_id(struct db *db, const char *login);

#endif

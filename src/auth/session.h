/*
 * Login sessions and API tokens as stored facts: create, look up, touch, end.
 * The caller supplies the connection; functions that write say whether they
 * need the caller's write transaction.
 */
#ifndef ECAT_SESSION_H
#define ECAT_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/token.h"
#include "core/arena.h"
#include "http/request.h"
#include "store/store.h"

enum auth_result {
        AUTH_OK,
        AUTH_NONE,     /* no credentials, or unknown ones */
        AUTH_EXPIRED,  /* a session past its idle or absolute timeout (now removed) */
        AUTH_DISABLED, /* the user is disabled */
        AUTH_ERROR,    /* storage failed */
};

struct session_limits {
        int64_t idle;     /* seconds */
        int64_t absolute; /* seconds */
};

/*
 * New session for user_id (caller holds a write transaction).  The cookie
 * value goes to token_out, the CSRF token to csrf_out.
 */
enum store_rc session_create(struct db *db, int64_t user_id, char token_out[TOKEN_CHARS + 1],
                             char csrf_out[TOKEN_CHARS + 1], int64_t *session_id);

/* Resolve a session cookie value into *out (strings from arena a). */
enum auth_result session_authenticate(struct db *db, const struct session_limits *lim,
                                      const char *token, struct auth *out, struct arena *a);

/* Resolve "Authorization: Bearer ..." (the whole header value). */
enum auth_result token_authenticate(struct db *db, const char *authorization, struct auth *out,
                                    struct arena *a);

/*
 * New API token for user_id, valid until expires_at (seconds; the caller
 * holds a write transaction).  An expired token is refused like an unknown one.
 */
enum store_rc api_token_create(struct db *db, int64_t user_id, const char *name, int64_t expires_at,
                               char token_out[API_TOKEN_LEN + 1], int64_t *token_id);

/*
 * Whether a's session may do nothing but set up its second factor: the
 * role is in require_totp (bits of enum role) and no second factor is set up.
 */
bool totp_enrolment_due(uint32_t require_totp, const struct auth *a);
/* The same for a role and whether the user has a second factor. */
bool totp_role_must_enrol(uint32_t require_totp, enum role role, bool has_totp);

/* Per-account login throttling, keyed by a keyed hash of the lower-cased login. */
void login_key(const unsigned char key[32], const char *login, unsigned char out[32]);
/* Failures of the account within window seconds; -1 on error.  *oldest: first of them. */
int64_t login_failures(struct db *db, const unsigned char lkey[32], int64_t window,
                       int64_t *oldest);
/* Record one failure (caller holds a write transaction). */
enum store_rc login_failure_add(struct db *db, const unsigned char lkey[32]);

#endif

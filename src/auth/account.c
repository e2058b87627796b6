#include "auth/account.h"

#include "core/util.h"

#include <sodium.h>
#include <string.h>

enum store_rc account_set_password(struct db *db, int64_t user_id, const char *hash,
                                   int64_t keep_session)
{
        struct stmt *st = db_prepare(db, STMT_USER_SET_PASSWORD);
        if (!st)
                return STORE_ERROR;
        st_bind_text(st, 1, hash);
        st_bind_int(st, 2, now_seconds());
        st_bind_int(st, 3, user_id);
        enum store_rc rc = st_exec(st);
        if (rc != STORE_DONE)
                return rc;
        /* A new password answers a suspicion; long-lived API tokens go with the old one. */
        return account_end_access(db, user_id, keep_session);
}

enum store_rc account_end_access(struct db *db, int64_t user_id, int64_t keep_session)
{
        struct stmt *st = db_prepare(db, STMT_SESSION_DELETE_USER_EXCEPT);
        if (!st)
                return STORE_ERROR;
        st_bind_int(st, 1, user_id);
        st_bind_int(st, 2, keep_session);
        if (st_exec(st) != STORE_DONE)
                return STORE_ERROR;
        st = db_prepare(db, STMT_TOKEN_REVOKE_USER);
        if (!st)
                return STORE_ERROR;
        st_bind_int(st, 1, user_id);
        return st_exec(st) == STORE_DONE ? STORE_OK : STORE_ERROR;
}

bool account_login_valid(const char *s)
{
        size_t n = strlen(s);
        if (n < 3 || n > 64)
                return false;
        for (; *s; s++)
                if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
                      (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' || *s == '-' || *s == '@'))
                        return false;
        return true;
}

int64_t account_id(struct db *db, const char *login)
{
        struct stmt *st = db_prepare(db, STMT_USER_ID_BY_LOGIN);
        if (!st)
                return -1;
        st_bind_text(st, 1, login);
        enum store_rc rc = st_step(st);
        int64_t id = rc == STORE_ROW ? st_int(st, 0) : rc == STORE_DONE ? 0 : -1;
        st_reset(st);
        return id;
}

/* The user's confirmed and awaiting secrets (copied out) and last step; TOTP_NO_USER, _FAILED. */
struct totp_state {
        bool on;
        unsigned char pending[TOTP_SEALED_BYTES];
        size_t pending_len; /* 0: none */
        int64_t last_step;
};

static enum totp_outcome totp_state(struct db *db, int64_t user_id, struct totp_state *out)
{
        struct stmt *st = db_prepare(db, STMT_TOTP_STATE);
        if (!st)
                return TOTP_FAILED;
        st_bind_int(st, 1, user_id);
        enum store_rc rc = st_step(st);
        if (rc == STORE_ROW) {
                out->on = !st_null(st, 0);
                size_t n = st_null(st, 1) ? 0 : st_bytes(st, 1);
                out->pending_len = n <= sizeof(out->pending) ? n : 0;
                if (out->pending_len)
                        memcpy(out->pending, st_blob(st, 1), n);
                out->last_step = st_int(st, 2);
        }
        st_reset(st);
        return rc == STORE_ROW ? TOTP_DONE : rc == STORE_DONE ? TOTP_NO_USER : TOTP_FAILED;
}

/* The state of a user without a confirmed second factor; TOTP_ALREADY_ON when there is one. */
static enum totp_outcome totp_state_off(struct db *db, int64_t user_id, struct totp_state *out)
{
        enum totp_outcome o = totp_state(db, user_id, out);
        return o == TOTP_DONE && out->on ? TOTP_ALREADY_ON : o;
}

/* Forget every recovery code of user_id. */
static enum store_rc recovery_forget(struct db *db, int64_t user_id)
{
        struct stmt *st = db_prepare(db, STMT_RECOVERY_DELETE);
        if (!st)
                return STORE_ERROR;
        st_bind_int(st, 1, user_id);
        return st_exec(st) == STORE_DONE ? STORE_OK : STORE_ERROR;
}

enum totp_outcome account_totp_begin(struct db *db, int64_t user_id,
                                     unsigned char secret[TOTP_SECRET_BYTES])
{
        struct totp_state cur;
        enum totp_outcome o = totp_state_off(db, user_id, &cur);
        if (o != TOTP_DONE)
                return o;
        unsigned char sealed[TOTP_SEALED_BYTES];
        totp_secret_new(secret);
        if (totp_seal(user_id, secret, sealed) < 0)
                return TOTP_FAILED;
        struct stmt *st = db_prepare(db, STMT_TOTP_PENDING_SET);
        if (!st)
                return TOTP_FAILED;
        st_bind_blob(st, 1, sealed, sizeof(sealed));
        st_bind_int(st, 2, user_id);
        return st_exec(st) == STORE_DONE ? TOTP_DONE : TOTP_FAILED;
}

enum totp_outcome account_totp_confirm(struct db *db, int64_t user_id, const char *code,
                                       char codes[TOTP_RECOVERY_CODES][TOTP_RECOVERY_CHARS + 1])
{
        struct totp_state cur;
        enum totp_outcome o = totp_state_off(db, user_id, &cur);
        if (o != TOTP_DONE)
                return o;
        if (!cur.pending_len)
                return TOTP_NOT_BEGUN;
        unsigned char secret[TOTP_SECRET_BYTES];
        if (totp_open(user_id, cur.pending, cur.pending_len, secret) < 0)
                return TOTP_FAILED;
        int64_t step = totp_check(secret, code, now_seconds(), cur.last_step);
        sodium_memzero(secret, sizeof(secret));
        if (step < 0)
                return TOTP_FAILED;
        if (step == 0)
                return TOTP_WRONG_CODE;
        struct stmt *st = db_prepare(db, STMT_TOTP_CONFIRM);
        if (!st)
                return TOTP_FAILED;
        st_bind_int(st, 1, step);
        st_bind_int(st, 2, now_seconds());
        st_bind_int(st, 3, user_id);
        st_bind_blob(st, 4, cur.pending, cur.pending_len);
        if (st_exec(st) != STORE_DONE)
                return TOTP_FAILED;
        if (db_changes(db) != 1)
                return TOTP_NOT_BEGUN; /* begun again or confirmed meanwhile */
        if (recovery_forget(db, user_id) != STORE_OK)
                return TOTP_FAILED;
        unsigned char hashes[TOTP_RECOVERY_CODES][TOTP_HASH_BYTES];
        totp_recovery_new(codes, hashes);
        for (int i = 0; i < TOTP_RECOVERY_CODES; i++) {
                st = db_prepare(db, STMT_RECOVERY_INSERT);
                if (!st)
                        return TOTP_FAILED;
                st_bind_int(st, 1, user_id);
                st_bind_blob(st, 2, hashes[i], sizeof(hashes[i]));
                if (st_exec(st) != STORE_DONE)
                        return TOTP_FAILED;
        }
        return TOTP_DONE;
}

enum totp_outcome account_totp_reset(struct db *db, int64_t user_id)
{
        struct stmt *st = db_prepare(db, STMT_TOTP_RESET);
        if (!st)
                return TOTP_FAILED;
        st_bind_int(st, 1, now_seconds());
        st_bind_int(st, 2, user_id);
        if (st_exec(st) != STORE_DONE)
                return TOTP_FAILED;
        if (db_changes(db) != 1)
                return TOTP_NO_USER;
        if (recovery_forget(db, user_id) != STORE_OK)
                return TOTP_FAILED;
        /* A lost or taken device: whatever was opened with it ends too. */
        return account_end_access(db, user_id, 0) == STORE_OK ? TOTP_DONE : TOTP_FAILED;
}

#include "auth/account.h"

#include "core/util.h"

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

#include "auth/session.h"

#include "core/util.h"

#include <ctype.h>
#include <sodium.h>
#include <string.h>
#include <strings.h>

enum store_rc session_create(struct db *db, int64_t user_id, char token_out[TOKEN_CHARS + 1],
                             char csrf_out[TOKEN_CHARS + 1], int64_t *session_id)
{
        unsigned char h[TOKEN_HASH];
        token_new(token_out);
        token_new(csrf_out);
        token_hash(token_out, TOKEN_CHARS, h);
        int64_t now = now_seconds();
        struct stmt *st = db_prepare(db, STMT_SESSION_INSERT);
        if (!st)
                return STORE_ERROR;
        st_bind_blob(st, 1, h, sizeof(h));
        st_bind_int(st, 2, user_id);
        st_bind_text(st, 3, csrf_out);
        st_bind_int(st, 4, now);
        st_bind_int(st, 5, now);
        enum store_rc rc = st_insert(st, session_id);
        return rc == STORE_DONE ? STORE_OK : rc;
}

static enum store_rc exec_in_tx(struct db *db, enum stmt_id id, int64_t a, int64_t b)
{
        enum store_rc rc = db_begin_write(db);
        if (rc != STORE_OK)
                return rc;
        struct stmt *st = db_prepare(db, id);
        if (!st) {
                db_rollback(db);
                return STORE_ERROR;
        }
        st_bind_int(st, 1, a);
        if (b >= 0)
                st_bind_int(st, 2, b);
        rc = st_exec(st);
        if (rc == STORE_DONE)
                rc = db_commit(db);
        if (rc != STORE_OK)
                db_rollback(db);
        return rc;
}

enum auth_result session_authenticate(struct db *db, const struct session_limits *lim,
                                      const char *token, struct auth *out, struct arena *a)
{
        size_t len = strlen(token);
        if (!token_well_formed(token, len))
                return AUTH_NONE;
        unsigned char h[TOKEN_HASH];
        token_hash(token, len, h);
        struct stmt *st = db_prepare(db, STMT_SESSION_LOOKUP);
        if (!st)
                return AUTH_ERROR;
        st_bind_blob(st, 1, h, sizeof(h));
        enum store_rc rc = st_step(st);
        if (rc == STORE_DONE) {
                st_reset(st);
                return AUTH_NONE;
        }
        if (rc != STORE_ROW) {
                st_reset(st);
                return AUTH_ERROR;
        }
        int64_t sid = st_int(st, 0);
        int64_t created = st_int(st, 3), seen = st_int(st, 4);
        enum role role;
        bool role_ok = role_parse(st_text(st, 5), &role) == 0;
        bool disabled = st_int(st, 7) != 0;
        out->user_id = st_int(st, 1);
        out->csrf_token = arena_strdup(a, st_text(st, 2));
        out->org_id = st_int(st, 6);
        out->login = arena_strdup(a, st_text(st, 8));
        out->locale = st_null(st, 9) ? NULL : arena_strdup(a, st_text(st, 9));
        out->totp = st_int(st, 10) != 0;
        st_reset(st);
        int64_t now = now_seconds();
        if (now - created >= lim->absolute || now - seen >= lim->idle) {
                exec_in_tx(db, STMT_SESSION_DELETE, sid, -1);
                return AUTH_EXPIRED;
        }
        if (disabled || !role_ok)
                return AUTH_DISABLED;
        /*
         * Record activity, but not on every request: a write per read would make
         * every GET wait for the disk.  The idle clock is then late by at most
         * a tenth of the timeout (and never more than a minute).
         */
        int64_t step = lim->idle / 10;
        if (step > 60)
                step = 60;
        if (step < 1)
                step = 1;
        if (now - seen >= step)
                exec_in_tx(db, STMT_SESSION_TOUCH, now, sid);
        out->authenticated = true;
        out->via_cookie = true;
        out->session_id = sid;
        out->role = role;
        return AUTH_OK;
}

enum auth_result token_authenticate(struct db *db, const char *authorization, struct auth *out,
                                    struct arena *a)
{
        if (strncasecmp(authorization, "Bearer ", 7) != 0)
                return AUTH_NONE;
        const char *tok = authorization + 7;
        while (*tok == ' ')
                tok++;
        size_t len = strlen(tok);
        if (!token_well_formed(tok, len))
                return AUTH_NONE;
        unsigned char h[TOKEN_HASH];
        token_hash(tok, len, h);
        struct stmt *st = db_prepare(db, STMT_TOKEN_LOOKUP);
        if (!st)
                return AUTH_ERROR;
        st_bind_blob(st, 1, h, sizeof(h));
        st_bind_int(st, 2, now_seconds());
        enum store_rc rc = st_step(st);
        if (rc != STORE_ROW) {
                st_reset(st);
                return rc == STORE_DONE ? AUTH_NONE : AUTH_ERROR;
        }
        enum role role;
        bool role_ok = role_parse(st_text(st, 2), &role) == 0;
        out->user_id = st_int(st, 1);
        out->org_id = st_int(st, 3);
        bool disabled = st_int(st, 4) != 0;
        out->login = arena_strdup(a, st_text(st, 5));
        out->locale = st_null(st, 6) ? NULL : arena_strdup(a, st_text(st, 6));
        st_reset(st);
        if (disabled || !role_ok)
                return AUTH_DISABLED;
        out->authenticated = true;
        out->via_cookie = false;
        out->role = role;
        return AUTH_OK;
}

enum store_rc api_token_create(struct db *db, int64_t user_id, const char *name, int64_t expires_at,
                               char token_out[API_TOKEN_LEN + 1], int64_t *token_id)
{
        api_token_new(token_out);
        unsigned char h[TOKEN_HASH];
        token_hash(token_out, API_TOKEN_LEN, h);
        struct stmt *st = db_prepare(db, STMT_TOKEN_INSERT);
        if (!st)
                return STORE_ERROR;
        st_bind_blob(st, 1, h, sizeof(h));
        st_bind_int(st, 2, user_id);
        st_bind_text(st, 3, name ? name : "");
        st_bind_int(st, 4, now_seconds());
        st_bind_int(st, 5, expires_at);
        enum store_rc rc = st_insert(st, token_id);
        return rc == STORE_DONE ? STORE_OK : rc;
}

bool totp_role_must_enrol(uint32_t require_totp, enum role role, bool has_totp)
{
        return !has_totp && (unsigned)role < 32 && ((require_totp >> (unsigned)role) & 1u);
}

bool totp_enrolment_due(uint32_t require_totp, const struct auth *a)
{
        return totp_role_must_enrol(require_totp, a->role, a->totp);
}

void login_key(const unsigned char key[32], const char *login, unsigned char out[32])
{
        char lower[256];
        size_t n = strnlen(login, sizeof(lower) - 1);
        for (size_t i = 0; i < n; i++)
                lower[i] = (char)tolower((unsigned char)login[i]);
        crypto_generichash(out, 32, (const unsigned char *)lower, n, key, 32);
}

int64_t login_failures(struct db *db, const unsigned char lkey[32], int64_t window, int64_t *oldest)
{
        struct stmt *st = db_prepare(db, STMT_LOGIN_FAILURE_COUNT);
        if (!st)
                return -1;
        st_bind_blob(st, 1, lkey, 32);
        st_bind_int(st, 2, now_seconds() - window);
        int64_t n = -1;
        if (st_step(st) == STORE_ROW) {
                n = st_int(st, 0);
                *oldest = st_null(st, 1) ? 0 : st_int(st, 1);
        }
        st_reset(st);
        return n;
}

enum store_rc login_failure_add(struct db *db, const unsigned char lkey[32])
{
        struct stmt *st = db_prepare(db, STMT_LOGIN_FAILURE_INSERT);
        if (!st)
                return STORE_ERROR;
        st_bind_blob(st, 1, lkey, 32);
        st_bind_int(st, 2, now_seconds());
        enum store_rc rc = st_exec(st);
        return rc == STORE_DONE ? STORE_OK : rc;
}

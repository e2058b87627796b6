/*
 * Logging in and out, who am I, changing one's own password, API tokens.
 *
 * A failed login answers the same for an unknown login, a wrong password and
 * a disabled account, and takes about as long (the unknown login is checked
 * against a dummy hash).  Failures are counted per account (in the database)
 * and per address (in memory).
 */
#include "api/app.h"
#include "api/handlers.h"
#include "api/params.h"
#include "api/respond.h"
#include "api/users.h"
#include "api/validate.h"
#include "audit/audit.h"
#include "auth/account.h"
#include "auth/password.h"
#include "auth/session.h"
#include "auth/throttle.h"
#include "core/log.h"
#include "core/util.h"

#include <sodium.h>
#include <string.h>

#define INPUT_TEXT(f, type, field, fl, lo, hi)                                                     \
        [f] = {#field, NULL, FT_TEXT, fl, offsetof(struct type, field), lo, hi, 0, 0, NULL}

const struct column login_columns[LOGIN_F__MAX] = {
    INPUT_TEXT(LOGIN_F_LOGIN, login_input, login, FIELD_REQUIRED, 1, 128),
    INPUT_TEXT(LOGIN_F_PASSWORD, login_input, password, FIELD_REQUIRED | FIELD_SECRET, 1,
               PASSWORD_MAX_BYTES),
};

const struct column password_columns[PASSWORD_F__MAX] = {
    INPUT_TEXT(PASSWORD_F_CURRENT, password_input, current_password, FIELD_REQUIRED | FIELD_SECRET,
               1, PASSWORD_MAX_BYTES),
    INPUT_TEXT(PASSWORD_F_NEW, password_input, new_password, FIELD_REQUIRED | FIELD_SECRET, 1,
               PASSWORD_MAX_BYTES),
};

const struct column token_columns[TOKEN_F__MAX] = {
    INPUT_TEXT(TOKEN_F_NAME, token_input, name, FIELD_REQUIRED, 1, 100),
    [TOKEN_F_EXPIRES_IN_DAYS] = {"expires_in_days", NULL, FT_INT, 0,
                                 offsetof(struct token_input, expires_in_days), 1, 3650, 0, 0,
                                 NULL},
};

/* Forget expired sessions and failures older than the window; runs with each login. */
static enum store_rc session_prune(struct db *db, const struct config *cfg)
{
        int64_t now = now_seconds();
        struct stmt *st = db_prepare(db, STMT_SESSION_DELETE_EXPIRED);
        if (!st)
                return STORE_ERROR;
        st_bind_int(st, 1, now - cfg->session_absolute_timeout);
        st_bind_int(st, 2, now - cfg->session_idle_timeout);
        if (st_exec(st) != STORE_DONE)
                return STORE_ERROR;
        st = db_prepare(db, STMT_LOGIN_FAILURE_PRUNE);
        if (!st)
                return STORE_ERROR;
        st_bind_int(st, 1, now - cfg->login_window);
        return st_exec(st) == STORE_DONE ? STORE_OK : STORE_ERROR;
}

static void login_failed(struct request *r, struct db *db, int64_t user_id,
                         const unsigned char lkey[32])
{
        throttle_login_failed(r->remote_addr);
        if (db_begin_write(db) == STORE_OK) {
                struct audit_entry e = {user_id, "session.login_failed", "user", user_id, "failed",
                                        r->id};
                if (login_failure_add(db, lkey) != STORE_OK || audit_append(db, &e) != STORE_OK ||
                    db_commit(db) != STORE_OK) {
                        db_rollback(db);
                        log_error("msg=\"cannot record failed login\" req=%s", r->id);
                }
        }
        reply_error(r, E_UNAUTHENTICATED, "wrong login or password");
}

static void session_reply(struct request *r, struct db *db, int64_t user_id, const char *csrf)
{
        json_t *user = api_load_json(r, &user_api, db, user_id);
        if (!user) {
                reply_internal(r, "user vanished");
                return;
        }
        reply_json(r, 200,
                   json_pack("{s:o, s:o}", "user", user, "csrf_token", json_string_or_null(csrf)));
}

void session_login(struct request *r)
{
        struct login_input in = {0};
        if (request_record(r, login_columns, LOGIN_F__MAX, &in, false) < 0)
                return;
        if (throttle_login_blocked(r->remote_addr)) {
                req_add_header(r, "Retry-After", "60");
                reply_error(r, E_RATE_LIMITED, "too many failed logins from this address");
                return;
        }
        struct db *db = store_db(r->app->store);
        if (!db) {
                reply_internal(r, "no database connection");
                return;
        }
        const struct config *cfg = r->app->cfg;
        unsigned char lkey[32];
        login_key(r->app->login_key, in.login, lkey);
        int64_t oldest = 0;
        int64_t fails = login_failures(db, lkey, cfg->login_window, &oldest);
        if (fails < 0) {
                reply_internal(r, "cannot read login failures");
                return;
        }

        /* Look the account up and check the password (a dummy when unknown). */
        int64_t user_id = 0;
        bool disabled = false;
        char hash[PASSWORD_HASH_MAX] = "";
        struct stmt *st = db_prepare(db, STMT_USER_AUTH_BY_LOGIN);
        if (!st) {
                reply_internal(r, "prepare failed");
                return;
        }
        st_bind_text(st, 1, in.login);
        enum store_rc found = st_step(st);
        if (found == STORE_ROW) {
                user_id = st_int(st, 0);
                snprintf(hash, sizeof(hash), "%s", st_text(st, 1));
                disabled = st_int(st, 2) != 0;
        }
        st_reset(st);
        /* A failed lookup is not a wrong password: nothing is counted against the account. */
        if (found != STORE_ROW && found != STORE_DONE) {
                reply_internal(r, "cannot look the account up");
                return;
        }

        if (fails >= cfg->login_max_failures) {
                int64_t wait = oldest + cfg->login_window - now_seconds();
                char retry[32];
                snprintf(retry, sizeof(retry), "%lld", (long long)(wait > 0 ? wait : 1));
                req_add_header(r, "Retry-After", retry);
                struct audit_entry e = {
                    user_id, "session.login_throttled", "user", user_id, "denied", r->id};
                if (audit_record(db, &e) != STORE_OK)
                        log_error("msg=\"cannot write audit entry\" req=%s", r->id);
                reply_error(r, E_RATE_LIMITED,
                            "too many failed logins for this account; wait and try again");
                return;
        }
        bool ok = password_verify(user_id ? hash : NULL, in.password);
        if (!ok || disabled) {
                login_failed(r, db, user_id, lkey);
                return;
        }

        char rehash[PASSWORD_HASH_MAX];
        bool do_rehash = password_needs_rehash(hash) && password_hash(in.password, rehash) == 0;
        char token[TOKEN_CHARS + 1], csrf[TOKEN_CHARS + 1];
        int64_t sid;
        if (tx_begin(r, &db) < 0)
                return;
        struct audit_entry e = {user_id, "session.login", "user", user_id, "ok", r->id};
        if (session_create(db, user_id, token, csrf, &sid) != STORE_OK ||
            audit_append(db, &e) != STORE_OK || session_prune(db, cfg) != STORE_OK) {
                db_rollback(db);
                reply_internal(r, "cannot create session");
                return;
        }
        if (do_rehash) {
                st = db_prepare(db, STMT_USER_SET_PASSWORD);
                if (st) {
                        st_bind_text(st, 1, rehash);
                        st_bind_int(st, 2, now_seconds());
                        st_bind_int(st, 3, user_id);
                        st_exec(st);
                }
        }
        /* The answer is made before the commit: a session nobody was told of is not kept. */
        r->auth.user_id = user_id;
        char *cookie =
            arena_printf(&r->arena, "ecat_session=%s; Path=/; HttpOnly; SameSite=Strict%s", token,
                         cfg->cookie_secure ? "; Secure" : "");
        if (cookie)
                req_add_header(r, "Set-Cookie", cookie);
        sodium_memzero(token, sizeof(token));
        json_t *user = api_load_json(r, &user_api, db, user_id);
        if (!user || !cookie) {
                json_decref(user);
                db_rollback(db);
                reply_internal(r, "cannot answer the login");
                return;
        }
        if (tx_commit(r, db) < 0) {
                json_decref(user);
                return;
        }
        reply_json(r, 200,
                   json_pack("{s:o, s:o}", "user", user, "csrf_token", json_string_or_null(csrf)));
}

void session_get(struct request *r)
{
        struct db *db = store_db(r->app->store);
        if (!db) {
                reply_internal(r, "no database connection");
                return;
        }
        session_reply(r, db, r->auth.user_id, r->auth.via_cookie ? r->auth.csrf_token : NULL);
}

void session_logout(struct request *r)
{
        struct db *db;
        if (tx_begin(r, &db) < 0)
                return;
        if (r->auth.session_id) {
                struct stmt *st = db_prepare(db, STMT_SESSION_DELETE);
                if (!st) {
                        db_rollback(db);
                        reply_internal(r, "prepare failed");
                        return;
                }
                st_bind_int(st, 1, r->auth.session_id);
                if (st_exec(st) != STORE_DONE) {
                        db_rollback(db);
                        reply_internal(r, "cannot end the session");
                        return;
                }
        }
        struct audit_entry e = {
            r->auth.user_id, "session.logout", "user", r->auth.user_id, "ok", r->id};
        if (audit_append(db, &e) != STORE_OK) {
                db_rollback(db);
                reply_internal(r, "audit failed");
                return;
        }
        req_add_header(r, "Set-Cookie",
                       "ecat_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        if (tx_commit(r, db) < 0)
                return;
        reply_no_content(r);
}

void session_password(struct request *r)
{
        struct password_input in = {0};
        if (request_record(r, password_columns, PASSWORD_F__MAX, &in, false) < 0)
                return;
        struct db *db = store_db(r->app->store);
        if (!db) {
                reply_internal(r, "no database connection");
                return;
        }
        char hash[PASSWORD_HASH_MAX] = "";
        struct stmt *st = db_prepare(db, STMT_USER_PASSWORD_HASH);
        if (!st) {
                reply_internal(r, "prepare failed");
                return;
        }
        st_bind_int(st, 1, r->auth.user_id);
        enum store_rc found = st_step(st);
        if (found == STORE_ROW)
                snprintf(hash, sizeof(hash), "%s", st_text(st, 0));
        st_reset(st);
        if (found != STORE_ROW && found != STORE_DONE) {
                reply_internal(r, "cannot read the password");
                return;
        }
        if (!password_verify(hash[0] ? hash : NULL, in.current_password)) {
                reply_invalid(r, "current_password", "is not your current password");
                return;
        }
        const char *why = password_policy(in.new_password, r->auth.login);
        if (why) {
                reply_invalid(r, "new_password", why);
                return;
        }
        char newhash[PASSWORD_HASH_MAX];
        if (password_hash(in.new_password, newhash) < 0) {
                reply_internal(r, "hashing failed");
                return;
        }
        if (tx_begin(r, &db) < 0)
                return;
        struct audit_entry e = {
            r->auth.user_id, "user.password_change", "user", r->auth.user_id, "ok", r->id};
        /* Every other session of the user ends (this one stays); API tokens are revoked. */
        enum store_rc rc = account_set_password(db, r->auth.user_id, newhash, r->auth.session_id);
        if (rc != STORE_OK || audit_append(db, &e) != STORE_OK) {
                db_rollback(db);
                reply_internal(r, "cannot change password");
                return;
        }
        if (tx_commit(r, db) < 0)
                return;
        reply_no_content(r);
}

void session_token_create(struct request *r)
{
        struct token_input in = {0};
        if (request_record(r, token_columns, TOKEN_F__MAX, &in, false) < 0)
                return;
        int64_t days = r->app->cfg->token_lifetime_days;
        if (REC_GIVEN(&in, TOKEN_F_EXPIRES_IN_DAYS)) {
                if (in.expires_in_days > days) {
                        const char *why = arena_printf(
                            &r->arena, "must be at most %lld (the token_lifetime_days setting)",
                            (long long)days);
                        reply_invalid(r, "expires_in_days",
                                      why ? why : "is longer than tokens may live");
                        return;
                }
                days = in.expires_in_days;
        }
        int64_t expires_at = now_seconds() + days * 86400;
        struct db *db;
        if (tx_begin(r, &db) < 0)
                return;
        char token[API_TOKEN_LEN + 1];
        int64_t id;
        enum store_rc rc = api_token_create(db, r->auth.user_id, in.name, expires_at, token, &id);
        struct audit_entry e = {r->auth.user_id, "token.create", "api_token", id, "ok", r->id};
        if (rc != STORE_OK || audit_append(db, &e) != STORE_OK) {
                db_rollback(db);
                reply_internal(r, "cannot create token");
                return;
        }
        json_t *o = json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)id, "name", in.name,
                              "token", token, "expires_at", json_timestamp(expires_at));
        sodium_memzero(token, sizeof(token));
        char loc[64];
        snprintf(loc, sizeof(loc), "/api/v1/session/tokens/%lld", (long long)id);
        req_add_header(r, "Location", loc);
        if (!o) {
                db_rollback(db);
                reply_internal(r, "cannot answer the new token");
                return;
        }
        /* Made before the commit: a token nobody was shown is not kept. */
        if (tx_commit(r, db) < 0) {
                json_decref(o);
                return;
        }
        reply_json(r, 201, o);
}

/* The live tokens (not revoked, not expired) of user_id, oldest first. */
static void token_list(struct request *r, int64_t user_id)
{
        struct db *db = store_db(r->app->store);
        struct stmt *st = db ? db_prepare(db, STMT_TOKEN_LIST) : NULL;
        if (!st) {
                reply_internal(r, "no database connection");
                return;
        }
        st_bind_int(st, 1, user_id);
        st_bind_int(st, 2, now_seconds());
        json_t *items = json_array();
        enum store_rc rc;
        while ((rc = st_step(st)) == STORE_ROW)
                json_array_append_new(items,
                                      json_pack("{s:I, s:s, s:o, s:o}", "id",
                                                (json_int_t)st_int(st, 0), "name", st_text(st, 1),
                                                "created_at", json_timestamp(st_int(st, 2)),
                                                "expires_at", json_timestamp(st_int(st, 3))));
        st_reset(st);
        if (rc != STORE_DONE) {
                json_decref(items);
                reply_internal(r, "cannot list tokens");
                return;
        }
        reply_json(
            r, 200,
            json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

/* Revoke token_id of user_id: 204 with a token.revoke entry, or 404 like an unknown id. */
static void token_revoke(struct request *r, int64_t user_id, int64_t token_id)
{
        struct db *db;
        if (tx_begin(r, &db) < 0)
                return;
        struct stmt *st = db_prepare(db, STMT_TOKEN_REVOKE);
        if (!st) {
                db_rollback(db);
                reply_internal(r, "prepare failed");
                return;
        }
        st_bind_int(st, 1, token_id);
        st_bind_int(st, 2, user_id);
        if (st_exec(st) != STORE_DONE) {
                db_rollback(db);
                reply_internal(r, "cannot revoke token");
                return;
        }
        if (db_changes(db) == 0) {
                db_rollback(db);
                reply_error(r, E_NOT_FOUND, "no such token");
                return;
        }
        struct audit_entry e = {r->auth.user_id, "token.revoke", "api_token",
                                token_id,        "ok",           r->id};
        if (audit_append(db, &e) != STORE_OK) {
                db_rollback(db);
                reply_internal(r, "audit failed");
                return;
        }
        if (tx_commit(r, db) < 0)
                return;
        reply_no_content(r);
}

void session_token_list(struct request *r)
{
        token_list(r, r->auth.user_id);
}

/* Only one's own tokens: another user's id answers 404 like an unknown one. */
void session_token_revoke(struct request *r)
{
        token_revoke(r, r->auth.user_id, r->ids[0]);
}

/* Whether user ids[0] exists; else answers 404 "no such user" (or 500). */
static bool path_user(struct request *r)
{
        struct db *db = store_db(r->app->store);
        struct stmt *st = db ? db_prepare(db, STMT_USER_BY_ID) : NULL;
        if (!st) {
                reply_internal(r, "no database connection");
                return false;
        }
        st_bind_int(st, 1, r->ids[0]);
        enum store_rc rc = st_step(st);
        st_reset(st);
        if (rc == STORE_DONE)
                reply_error(r, E_NOT_FOUND, "no such user");
        else if (rc != STORE_ROW)
                reply_internal(r, "cannot read the user");
        return rc == STORE_ROW;
}

void users_token_list(struct request *r)
{
        if (path_user(r))
                token_list(r, r->ids[0]);
}

void users_token_revoke(struct request *r)
{
        if (path_user(r))
                token_revoke(r, r->ids[0], r->ids[1]);
}

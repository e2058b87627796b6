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
#include "auth/totp.h"
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
    INPUT_TEXT(LOGIN_F_TOTP, login_input, totp, FIELD_SECRET, 1, 32),
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
                         const unsigned char lkey[32], const char *why)
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
        reply_error(r, E_UNAUTHENTICATED, why);
}

/* The second factor of a login: a code's time step, or a recovery code's hash. */
struct second {
        int64_t step;
        bool recovery;
        unsigned char hash[TOTP_HASH_BYTES];
};

/* 1 when code may log user_id in (to be spent in the login's transaction), 0 wrong, -1 error. */
static int second_check(int64_t user_id, const unsigned char *sealed, size_t sealed_len,
                        int64_t last_step, const char *code, struct second *out)
{
        if (totp_is_recovery(code)) {
                out->recovery = true;
                return totp_recovery_hash(code, out->hash) == 0 ? 1 : -1;
        }
        unsigned char secret[TOTP_SECRET_BYTES];
        if (totp_open(user_id, sealed, sealed_len, secret) < 0) {
                log_error("msg=\"the second-factor secret of a user cannot be opened\" user=%lld",
                          (long long)user_id);
                return -1;
        }
        int64_t step = totp_check(secret, code, now_seconds(), last_step);
        sodium_memzero(secret, sizeof(secret));
        if (step < 0)
                return -1;
        out->step = step;
        return step > 0;
}

/* Spend the second factor in the login's transaction: 1, 0 when it was spent meanwhile, -1. */
static int second_spend(struct db *db, int64_t user_id, const struct second *sec)
{
        struct stmt *st = db_prepare(db, sec->recovery ? STMT_RECOVERY_USE : STMT_TOTP_STEP);
        if (!st)
                return -1;
        if (sec->recovery) {
                st_bind_int(st, 1, now_seconds());
                st_bind_int(st, 2, user_id);
                st_bind_blob(st, 3, sec->hash, sizeof(sec->hash));
        } else {
                st_bind_int(st, 1, sec->step);
                st_bind_int(st, 2, user_id);
        }
        if (st_exec(st) != STORE_DONE)
                return -1;
        return db_changes(db) == 1;
}

/* The user has been told of an administrator's reset of the second factor. */
static enum store_rc reset_told(struct db *db, int64_t user_id)
{
        struct stmt *st = db_prepare(db, STMT_TOTP_TOLD);
        if (!st)
                return STORE_ERROR;
        st_bind_int(st, 1, user_id);
        return st_exec(st) == STORE_DONE ? STORE_OK : STORE_ERROR;
}

/* Unused recovery codes of user_id, -1 on error. */
static int64_t recovery_left(struct db *db, int64_t user_id)
{
        struct stmt *st = db_prepare(db, STMT_RECOVERY_LEFT);
        if (!st)
                return -1;
        st_bind_int(st, 1, user_id);
        int64_t n = st_step(st) == STORE_ROW ? st_int(st, 0) : -1;
        st_reset(st);
        return n;
}

static void session_reply(struct request *r, struct db *db, int64_t user_id, const char *csrf)
{
        json_t *user = api_load_json(r, &user_api, db, user_id);
        if (!user) {
                reply_internal(r, "user vanished");
                return;
        }
        bool due = r->auth.via_cookie && totp_enrolment_due(r->app->cfg->require_totp, &r->auth);
        reply_json(r, 200,
                   json_pack("{s:o, s:o, s:b}", "user", user, "csrf_token",
                             json_string_or_null(csrf), "totp_enrolment_required", due));
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
        int64_t user_id = 0, last_step = 0;
        bool disabled = false, has_totp = false, was_reset = false;
        enum role role = ROLE_VIEWER;
        unsigned char sealed[TOTP_SEALED_BYTES];
        size_t sealed_len = 0;
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
                has_totp = !st_null(st, 3);
                if (has_totp) {
                        sealed_len = st_bytes(st, 3);
                        if (sealed_len > sizeof(sealed))
                                sealed_len = 0; /* refused by totp_open */
                        else
                                memcpy(sealed, st_blob(st, 3), sealed_len);
                }
                last_step = st_int(st, 4);
                if (role_parse(st_text(st, 5), &role) < 0)
                        disabled = true;
                was_reset = !st_null(st, 6);
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
                login_failed(r, db, user_id, lkey, "wrong login or password");
                return;
        }
        /*
         * The second factor, asked for only once the password is right: an
         * unknown login and a wrong password still answer alike.
         */
        struct second second = {0};
        if (has_totp) {
                if (!in.totp) {
                        reply_error(r, E_TOTP_REQUIRED,
                                    "this account needs a code from its authenticator app (totp)");
                        return;
                }
                int checked =
                    second_check(user_id, sealed, sealed_len, last_step, in.totp, &second);
                if (checked < 0) {
                        reply_internal(r, "cannot check the code");
                        return;
                }
                if (checked == 0) {
                        login_failed(r, db, user_id, lkey, "wrong or already used code");
                        return;
                }
        }

        char rehash[PASSWORD_HASH_MAX];
        bool do_rehash = password_needs_rehash(hash) && password_hash(in.password, rehash) == 0;
        char token[TOKEN_CHARS + 1], csrf[TOKEN_CHARS + 1];
        int64_t sid;
        if (tx_begin(r, &db) < 0)
                return;
        if (has_totp) {
                int spent = second_spend(db, user_id, &second);
                if (spent <= 0) {
                        db_rollback(db);
                        if (spent < 0)
                                reply_internal(r, "cannot record the code");
                        else
                                login_failed(r, db, user_id, lkey, "wrong or already used code");
                        return;
                }
        }
        int64_t codes_left = second.recovery ? recovery_left(db, user_id) : 0;
        struct audit_entry e = {
            user_id, second.recovery ? "session.login_recovery" : "session.login",
            "user",  user_id,
            "ok",    r->id};
        if (codes_left < 0 || (was_reset && reset_told(db, user_id) != STORE_OK) ||
            session_create(db, user_id, token, csrf, &sid) != STORE_OK ||
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
        json_t *body = json_pack("{s:o, s:o, s:b}", "user", user, "csrf_token",
                                 json_string_or_null(csrf), "totp_enrolment_required",
                                 totp_role_must_enrol(cfg->require_totp, role, has_totp));
        /* An administrator's reset is told once, at the next login. */
        if (body && was_reset)
                json_object_set_new(body, "totp_reset", json_true());
        if (body && second.recovery)
                json_object_set_new(body, "recovery_codes_left", json_integer(codes_left));
        reply_json(r, 200, body);
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

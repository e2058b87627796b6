/*
 * User administration (admin role): list, create, read, update.  A password
 * set here (a reset) ends every session of the user; disabling a user stops
 * its sessions and tokens at once because every lookup checks the flag.
 */
#include "api/users.h"

#include "api/app.h"
#include "api/handlers.h"
#include "api/params.h"
#include "api/respond.h"
#include "api/validate.h"
#include "audit/audit.h"
#include "auth/account.h"
#include "auth/password.h"
#include "core/util.h"

#include <string.h>

static const char *const role_values[] = {
#define X(name, text) text,
    ECAT_ROLES(X)
#undef X
        NULL};

static const char *const locale_values[] = {"lt", "en", "it", NULL};

/* USER_COLS positions (store/sql_auth.h). */
static json_t *user_row(struct stmt *st)
{
        return json_pack("{s:I, s:s, s:s, s:I, s:s, s:b, s:o, s:o, s:o, s:b}", "id",
                         (json_int_t)st_int(st, 0), "login", st_text(st, 1), "display_name",
                         st_text(st, 2), "organisation_id", (json_int_t)st_int(st, 3), "role",
                         st_text(st, 4), "disabled", (int)st_int(st, 5), "locale",
                         st_null(st, 6) ? json_null() : json_string(st_text(st, 6)), "created_at",
                         json_timestamp(st_int(st, 7)), "updated_at", json_timestamp(st_int(st, 8)),
                         "totp_enabled", (int)st_int(st, 9));
}

json_t *user_load(struct db *db, int64_t id)
{
        struct stmt *st = db_prepare(db, STMT_USER_BY_ID);
        if (!st)
                return NULL;
        st_bind_int(st, 1, id);
        json_t *u = st_step(st) == STORE_ROW ? user_row(st) : NULL;
        st_reset(st);
        return u;
}

void users_list(struct request *r)
{
        int64_t limit, offset, org = 0;
        const char *role = NULL;
        bool disabled = false;
        int has_org, has_disabled;
        if (query_page(r, &limit, &offset) < 0 || query_enum(r, "role", role_values, &role) < 0 ||
            (has_org = query_int(r, "organisation", 1, INT64_MAX, &org)) < 0 ||
            (has_disabled = query_bool(r, "disabled", &disabled)) < 0)
                return;
        struct db *db = store_db(r->app->store);
        if (!db) {
                reply_internal(r, "no database connection");
                return;
        }
        struct stmt *st = db_prepare(db, STMT_USER_LIST);
        if (!st) {
                reply_internal(r, "prepare failed");
                return;
        }
        st_bind_text(st, 1, role);
        if (has_org)
                st_bind_int(st, 2, org);
        if (has_disabled)
                st_bind_int(st, 3, disabled);
        st_bind_int(st, 4, limit);
        st_bind_int(st, 5, offset);
        json_t *items = json_array();
        while (st_step(st) == STORE_ROW)
                json_array_append_new(items, user_row(st));
        st_reset(st);
        struct stmt *cnt = db_prepare(db, STMT_USER_COUNT);
        int64_t total = 0;
        if (cnt) {
                st_bind_text(cnt, 1, role);
                if (has_org)
                        st_bind_int(cnt, 2, org);
                if (has_disabled)
                        st_bind_int(cnt, 3, disabled);
                if (st_step(cnt) == STORE_ROW)
                        total = st_int(cnt, 0);
                st_reset(cnt);
        }
        reply_json(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}

struct user_input {
        struct input_head head;
        const char *login;
        const char *display_name;
        int64_t organisation_id;
        const char *role;
        const char *password;
        bool disabled;
        const char *locale;
};

enum { U_LOGIN, U_DISPLAY_NAME, U_ORG, U_ROLE, U_PASSWORD, U_DISABLED, U_LOCALE };

static const struct field_spec user_spec[] = {
    [U_LOGIN] = {"login", FT_TEXT, FIELD_REQUIRED, offsetof(struct user_input, login), 3, 64, 0, 0,
                 NULL},
    [U_DISPLAY_NAME] = {"display_name", FT_TEXT, 0, offsetof(struct user_input, display_name), 0,
                        200, 0, 0, NULL},
    [U_ORG] = {"organisation_id", FT_INT, FIELD_REQUIRED,
               offsetof(struct user_input, organisation_id), 1, INT64_MAX, 0, 0, NULL},
    [U_ROLE] = {"role", FT_ENUM, FIELD_REQUIRED, offsetof(struct user_input, role), 0, 0, 0, 0,
                role_values},
    [U_PASSWORD] = {"password", FT_TEXT, FIELD_REQUIRED | FIELD_SECRET,
                    offsetof(struct user_input, password), 1, 1024, 0, 0, NULL},
    [U_DISABLED] = {"disabled", FT_BOOL, 0, offsetof(struct user_input, disabled), 0, 1, 0, 0,
                    NULL},
    [U_LOCALE] = {"locale", FT_ENUM, FIELD_NULLABLE, offsetof(struct user_input, locale), 0, 0, 0,
                  0, locale_values},
};

/* Write the editable fields of in to user id. */
static enum store_rc user_store(struct db *db, int64_t id, const struct user_input *in, int64_t now)
{
        struct stmt *st = db_prepare(db, STMT_USER_UPDATE);
        if (!st)
                return STORE_ERROR;
        st_bind_text(st, 1, in->display_name ? in->display_name : "");
        st_bind_int(st, 2, in->organisation_id);
        st_bind_text(st, 3, in->role);
        st_bind_int(st, 4, in->disabled);
        st_bind_text(st, 5, in->locale);
        st_bind_int(st, 6, now);
        st_bind_int(st, 7, id);
        return st_exec(st);
}

static bool org_exists(struct db *db, int64_t id)
{
        struct stmt *st = db_prepare(db, STMT_ORG_BY_ID);
        if (!st)
                return false;
        st_bind_int(st, 1, id);
        bool found = st_step(st) == STORE_ROW;
        st_reset(st);
        return found;
}

void users_create(struct request *r)
{
        struct user_input in;
        memset(&in, 0, sizeof(in));
        if (validate_request(r, user_spec, ARRAY_LEN(user_spec), &in, false) < 0)
                return;
        if (!account_login_valid(in.login)) {
                reply_invalid(r, "login", "may hold only letters, digits and . _ - @");
                return;
        }
        const char *why = password_policy(in.password, in.login);
        if (why) {
                reply_invalid(r, "password", why);
                return;
        }
        char hash[PASSWORD_HASH_MAX];
        if (password_hash(in.password, hash) < 0) {
                reply_internal(r, "hashing failed");
                return;
        }
        struct db *db;
        if (tx_begin(r, &db) < 0)
                return;
        if (!org_exists(db, in.organisation_id)) {
                db_rollback(db);
                reply_invalid(r, "organisation_id", "no such organisation");
                return;
        }
        int64_t now = now_seconds();
        struct account_new acc = {in.login, in.display_name, in.organisation_id, in.role, hash};
        int64_t id = 0;
        enum store_rc rc = account_insert(db, &acc, &id);
        if (rc == STORE_CONSTRAINT) {
                db_rollback(db);
                reply_error_fields(r, E_CONFLICT, "a user with this login exists",
                                   json_pack("{s:s}", "login", "is taken"));
                return;
        }
        struct audit_entry e = {r->auth.user_id, "user.create", "user", id, "ok", r->id};
        if (rc != STORE_OK || audit_append(db, &e) != STORE_OK) {
                db_rollback(db);
                reply_internal(r, "cannot create user");
                return;
        }
        if (INPUT_HAS(&in, U_DISABLED) || INPUT_HAS(&in, U_LOCALE)) {
                if (user_store(db, id, &in, now) != STORE_DONE) {
                        db_rollback(db);
                        reply_internal(r, "cannot create user");
                        return;
                }
        }
        if (tx_commit(r, db) < 0)
                return;
        reply_created_found(r, "/api/v1/users", id, user_load(db, id));
}

void users_get(struct request *r)
{
        struct db *db = store_db(r->app->store);
        if (!db) {
                reply_internal(r, "no database connection");
                return;
        }
        reply_found(r, user_load(db, r->ids[0]), "no such user");
}

void users_update(struct request *r)
{
        struct user_input in;
        memset(&in, 0, sizeof(in));
        if (validate_request(r, user_spec, ARRAY_LEN(user_spec), &in, true) < 0)
                return;
        if (INPUT_HAS(&in, U_LOGIN)) {
                reply_invalid(r, "login", "cannot be changed");
                return;
        }
        char hash[PASSWORD_HASH_MAX];
        bool new_password = INPUT_HAS(&in, U_PASSWORD);
        struct db *db;
        if (tx_begin(r, &db) < 0)
                return;
        struct stmt *st = db_prepare(db, STMT_USER_BY_ID);
        if (!st) {
                db_rollback(db);
                reply_internal(r, "prepare failed");
                return;
        }
        st_bind_int(st, 1, r->ids[0]);
        if (st_step(st) != STORE_ROW) {
                st_reset(st);
                db_rollback(db);
                reply_error(r, E_NOT_FOUND, "no such user");
                return;
        }
        /* Start from the stored values; the body names what changes. */
        const char *login = arena_strdup(&r->arena, st_text(st, 1));
        if (!INPUT_HAS(&in, U_DISPLAY_NAME))
                in.display_name = arena_strdup(&r->arena, st_text(st, 2));
        if (!INPUT_HAS(&in, U_ORG))
                in.organisation_id = st_int(st, 3);
        if (!INPUT_HAS(&in, U_ROLE))
                in.role = arena_strdup(&r->arena, st_text(st, 4));
        if (!INPUT_HAS(&in, U_DISABLED))
                in.disabled = st_int(st, 5) != 0;
        if (!INPUT_HAS(&in, U_LOCALE))
                in.locale = st_null(st, 6) ? NULL : arena_strdup(&r->arena, st_text(st, 6));
        st_reset(st);
        if (new_password) {
                /* Hashing is slow; do it outside the write lock. */
                db_rollback(db);
                const char *why = password_policy(in.password, login);
                if (why) {
                        reply_invalid(r, "password", why);
                        return;
                }
                if (password_hash(in.password, hash) < 0) {
                        reply_internal(r, "hashing failed");
                        return;
                }
                if (tx_begin(r, &db) < 0)
                        return;
        }
        if (INPUT_HAS(&in, U_ORG) && !org_exists(db, in.organisation_id)) {
                db_rollback(db);
                reply_invalid(r, "organisation_id", "no such organisation");
                return;
        }
        if (r->ids[0] == r->auth.user_id &&
            ((INPUT_HAS(&in, U_DISABLED) && in.disabled) ||
             (INPUT_HAS(&in, U_ROLE) && strcmp(in.role, "admin") != 0))) {
                db_rollback(db);
                reply_error(r, E_CONFLICT,
                            "you cannot disable yourself or give up your own admin role");
                return;
        }
        int64_t now = now_seconds();
        enum store_rc rc = user_store(db, r->ids[0], &in, now);
        if (rc == STORE_DONE && new_password) {
                /* A reset ends every session of the user but the caller's own. */
                int64_t keep = r->ids[0] == r->auth.user_id ? r->auth.session_id : 0;
                rc = account_set_password(db, r->ids[0], hash, keep) == STORE_OK ? STORE_DONE
                                                                                 : STORE_ERROR;
        }
        /* Disabling ends the user's sessions and tokens; enabling again revives none. */
        if (rc == STORE_DONE && in.disabled)
                rc = account_end_access(db, r->ids[0]) == STORE_OK ? STORE_DONE : STORE_ERROR;
        struct audit_entry e = {r->auth.user_id,
                                new_password ? "user.password_reset" : "user.update",
                                "user",
                                r->ids[0],
                                "ok",
                                r->id};
        if (rc != STORE_DONE || audit_append(db, &e) != STORE_OK) {
                db_rollback(db);
                reply_internal(r, "cannot update user");
                return;
        }
        if (tx_commit(r, db) < 0)
                return;
        reply_saved(r, user_load(db, r->ids[0]));
}

/* Users: column table, rules, doors (domain/user.h). */
#include "domain/user.h"

#include "auth/account.h"
#include "auth/password.h"

#include <string.h>

const char *const user_roles[] = {
#define X(name, text) text,
    ECAT_ROLES(X)
#undef X
        NULL};

const char *const user_locales[] = {"lt", "en", "it", NULL};

#define USER_COLUMN(f, field, sql, type, fl, lo, hi, vals)                                         \
        [f] = {#field, sql, type, fl, offsetof(struct user, field), lo, hi, 0, 0, vals}

const struct column user_columns[USER_F__MAX] = {
    USER_COLUMN(USER_F_ID, id, "id", FT_INT, COL_READ_ONLY, 0, 0, NULL),
    USER_COLUMN(USER_F_LOGIN, login, "login", FT_TEXT, FIELD_REQUIRED, 3, 64, NULL),
    USER_COLUMN(USER_F_DISPLAY_NAME, display_name, "display_name", FT_TEXT, 0, 0, 200, NULL),
    USER_COLUMN(USER_F_ORGANISATION, organisation_id, "organisation_id", FT_INT, FIELD_REQUIRED, 1,
                INT64_MAX, NULL),
    USER_COLUMN(USER_F_ROLE, role, "role", FT_ENUM, FIELD_REQUIRED, 0, 0, user_roles),
    USER_COLUMN(USER_F_DISABLED, disabled, "disabled", FT_BOOL, 0, 0, 1, NULL),
    USER_COLUMN(USER_F_LOCALE, locale, "locale", FT_ENUM, FIELD_NULLABLE, 0, 0, user_locales),
    USER_COLUMN(USER_F_CREATED, created_at, "created_at", FT_TIMESTAMP, COL_READ_ONLY, 0, 0, NULL),
    USER_COLUMN(USER_F_UPDATED, updated_at, "updated_at", FT_TIMESTAMP, COL_READ_ONLY, 0, 0, NULL),
    USER_COLUMN(USER_F_TOTP, totp_enabled, "totp_enabled", FT_BOOL, COL_READ_ONLY, 0, 0, NULL),
    /* Taken, checked and hashed; never stored, never shown. */
    USER_COLUMN(USER_F_PASSWORD, password, NULL, FT_TEXT,
                FIELD_REQUIRED | FIELD_SECRET | COL_HIDDEN, 1, PASSWORD_MAX_BYTES, NULL),
    /* Set by the doors, written, never read back. */
    USER_COLUMN(USER_F_PASSWORD_HASH, password_hash, "password_hash", FT_TEXT,
                COL_NO_INPUT | COL_HIDDEN | COL_WRITE_ONLY, 0, 0, NULL),
};

_Static_assert(USER_F__MAX <= RECORD_MAX_COLUMNS, "present bits hold every column");

static const char login_shape[] = "may hold only letters, digits and . _ - @";

/* The policy of u's new password for login, then its hash into u (from p->arena). */
static enum ecat_err seal_password(struct user *u, const char *login, struct problems *p)
{
        const char *why = password_policy(u->password, login);
        if (why) {
                problem_add(p, "password", why);
                return E_VALIDATION;
        }
        char hash[PASSWORD_HASH_MAX];
        if (password_hash(u->password, hash) < 0)
                return E_INTERNAL;
        u->password_hash = p->arena ? arena_strdup(p->arena, hash) : NULL;
        if (!u->password_hash)
                return E_INTERNAL;
        record_give(u, USER_F_PASSWORD_HASH);
        return E_OK;
}

/* Whether a password is to be hashed: given, and not hashed by user_prepare already. */
static bool unsealed(const struct user *u)
{
        return REC_GIVEN(u, USER_F_PASSWORD) && !u->password_hash;
}

enum ecat_err user_prepare(struct db *db, int64_t id, struct user *rec, struct problems *p)
{
        if (!id) {
                record_require(user_columns, USER_F__MAX, rec, p);
                if (p->n)
                        return E_VALIDATION;
                if (!account_login_valid(rec->login)) {
                        problem_add(p, "login", login_shape);
                        return E_VALIDATION;
                }
                return unsealed(rec) ? seal_password(rec, rec->login, p) : E_OK;
        }
        if (REC_HAS(rec, USER_F_LOGIN)) {
                problem_add(p, "login", "cannot be changed");
                return E_VALIDATION;
        }
        if (!unsealed(rec))
                return E_OK;
        struct user stored;
        enum ecat_err e = res_load(db, &user_resource, p->arena, id, &stored);
        return e == E_OK ? seal_password(rec, stored.login, p) : e;
}

/* 1 when organisation id exists, 0 when not, -1 on a store failure. */
static int org_exists(struct db *db, int64_t id)
{
        struct stmt *st = db_prepare(db, STMT_ORG_BY_ID);
        if (!st)
                return -1;
        st_bind_int(st, 1, id);
        enum store_rc rc = st_step(st);
        st_reset(st);
        return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : -1;
}

/* The rules of a whole user (stored: before an update, NULL on create), in the order answered. */
static int user_rules(struct db *db, const struct principal *who, void *rec, const void *stored,
                      struct problems *p)
{
        struct user *u = rec;
        const struct user *s = stored;
        if (!s && !account_login_valid(u->login)) {
                problem_add(p, "login", login_shape);
                return 0;
        }
        if (unsealed(u)) {
                enum ecat_err e = seal_password(u, s ? s->login : u->login, p);
                if (e != E_OK)
                        return e == E_VALIDATION ? 0 : -1;
        }
        if (!s || u->organisation_id != s->organisation_id) {
                int found = org_exists(db, u->organisation_id);
                if (found < 0)
                        return -1;
                if (!found) {
                        problem_add(p, "organisation_id", "no such organisation");
                        return 0;
                }
        }
        /* Whoever administers must stay able to. */
        if (s && u->id == who->user_id && (u->disabled || strcmp(u->role, "admin") != 0))
                p->message = "you cannot disable yourself or give up your own admin role";
        return 0;
}

static enum ecat_err user_after_write(struct db *db, const struct principal *who, int64_t id,
                                      const void *rec, struct problems *p)
{
        (void)p;
        const struct user *u = rec;
        /* A new password ends the user's sessions but the principal's own, and their tokens. */
        if (REC_GIVEN(u, USER_F_PASSWORD) &&
            account_end_access(db, id, id == who->user_id ? who->session_id : 0) != STORE_OK)
                return E_INTERNAL;
        /* A disabled user's access ends at once; enabling again revives none. */
        if (u->disabled && account_end_access(db, id, 0) != STORE_OK)
                return E_INTERNAL;
        return E_OK;
}

const struct resource user_resource = {
    .name = "user",
    .table = "users",
    .cols = user_columns,
    .n_cols = USER_F__MAX,
    .size = sizeof(struct user),
    .by_id = STMT_USER_BY_ID,
    .insert = STMT_USER_INSERT,
    .update = STMT_USER_UPDATE,
    .has_update = true,
    .rules = user_rules,
    .unique_field = "login",
    .unique_message = "is taken",
    .after_write = user_after_write,
};

enum ecat_err user_create(struct db *db, const struct principal *who, struct user *in,
                          struct problems *p, int64_t *id)
{
        enum ecat_err e = res_create(db, who, &user_resource, in, 0, p, id);
        if (e == E_CONFLICT && !p->message)
                p->message = "a user with this login exists";
        return e;
}

/* An update audited as action. */
static enum ecat_err update_as(struct db *db, const struct principal *who, int64_t id,
                               struct user *patch, const char *action, struct problems *p)
{
        if (REC_HAS(patch, USER_F_LOGIN)) {
                problem_add(p, "login", "cannot be changed");
                return E_VALIDATION;
        }
        struct resource r = user_resource;
        r.audit_update = action;
        return res_update(db, who, &r, id, patch, p);
}

enum ecat_err user_update(struct db *db, const struct principal *who, int64_t id,
                          struct user *patch, struct problems *p)
{
        return update_as(db, who, id, patch,
                         REC_HAS(patch, USER_F_PASSWORD) ? "user.password_reset" : "user.update",
                         p);
}

enum ecat_err user_set_disabled(struct db *db, const struct principal *who, int64_t id,
                                bool disabled, struct problems *p)
{
        struct user patch = {.disabled = disabled};
        record_give(&patch, USER_F_DISABLED);
        return update_as(db, who, id, &patch, disabled ? "user.disable" : "user.enable", p);
}

enum ecat_err user_get(struct db *db, const struct principal *who, struct arena *a, int64_t id,
                       struct user *out)
{
        (void)who;
        return res_load(db, &user_resource, a, id, out);
}

/*
 * Two-factor login: enrolment for oneself and an administrator's reset.
 *
 *   POST   /api/v1/session/totp          a new secret awaiting its first code:
 *                                        {secret, uri, qr_svg}; 409 when one is set up
 *   POST   /api/v1/session/totp/confirm  {"totp": "123456"}: the first code; answers the
 *                                        ten recovery codes, shown this once
 *   DELETE /api/v1/users/{id}/totp       an administrator removes a user's second factor
 *                                        (lost device): the user's sessions and tokens end,
 *                                        the next login says so
 *
 * Enrolment is open to a session that require_totp holds back (ROUTE_ENROL);
 * each step is audited in the transaction of its write.  The secret is shown
 * only in the answer of the first call, never logged or audited.
 */
#include "api/app.h"
#include "api/handlers.h"
#include "api/params.h"
#include "api/respond.h"
#include "api/users.h"
#include "api/validate.h"
#include "audit/audit.h"
#include "auth/account.h"
#include "auth/totp.h"

#include <sodium.h>
#include <stddef.h>

static const struct column totp_columns[TOTP_F__MAX] = {
    [TOTP_F_CODE] = {"totp", NULL, FT_TEXT, FIELD_REQUIRED | FIELD_SECRET,
                     offsetof(struct totp_input, totp), 1, 32, 0, 0, NULL},
};

/* Roll back and answer for an outcome other than TOTP_DONE. */
static void refuse(struct request *r, struct db *db, enum totp_outcome o)
{
        db_rollback(db);
        switch (o) {
        case TOTP_ALREADY_ON:
                reply_error(r, E_CONFLICT,
                            "two-factor login is already set up; an administrator can reset it");
                return;
        case TOTP_NOT_BEGUN:
                reply_error(r, E_CONFLICT,
                            "no enrolment is waiting: start one with POST /api/v1/session/totp");
                return;
        case TOTP_WRONG_CODE:
                reply_error_fields(
                    r, E_VALIDATION, "the code is not right",
                    json_pack("{s:s}", "totp", "is not the current code of the authenticator app"));
                return;
        case TOTP_NO_USER:
                reply_error(r, E_NOT_FOUND, "no such user");
                return;
        case TOTP_DONE:
        case TOTP_FAILED:
                break;
        }
        reply_internal(r, "cannot change two-factor login");
}

static bool audited(struct request *r, struct db *db, const char *action, int64_t user_id)
{
        struct audit_entry e = {r->auth.user_id, action, "user", user_id, "ok", r->id};
        if (audit_append(db, &e) == STORE_OK)
                return true;
        db_rollback(db);
        reply_internal(r, "audit failed");
        return false;
}

void session_totp_begin(struct request *r)
{
        struct db *db;
        if (tx_begin(r, &db) < 0)
                return;
        unsigned char secret[TOTP_SECRET_BYTES];
        enum totp_outcome o = account_totp_begin(db, r->auth.user_id, secret);
        if (o != TOTP_DONE) {
                sodium_memzero(secret, sizeof(secret));
                refuse(r, db, o);
                return;
        }
        char *b32 = totp_base32(secret, &r->arena);
        sodium_memzero(secret, sizeof(secret));
        char *uri = b32 ? totp_uri("ecat", r->auth.login, b32, &r->arena) : NULL;
        char *svg = uri ? totp_qr_svg(uri, &r->arena) : NULL;
        if (!svg) {
                db_rollback(db);
                reply_internal(r, "cannot make the enrolment code");
                return;
        }
        if (!audited(r, db, "session.totp_begin", r->auth.user_id) || tx_commit(r, db) < 0)
                return;
        reply_json(r, 201,
                   json_pack("{s:s, s:s, s:s, s:i, s:i}", "secret", b32, "uri", uri, "qr_svg", svg,
                             "digits", 6, "period", TOTP_STEP));
}

void session_totp_confirm(struct request *r)
{
        struct totp_input in = {0};
        if (request_record(r, totp_columns, TOTP_F__MAX, &in, false) < 0)
                return;
        struct db *db;
        if (tx_begin(r, &db) < 0)
                return;
        char codes[TOTP_RECOVERY_CODES][TOTP_RECOVERY_CHARS + 1];
        enum totp_outcome o = account_totp_confirm(db, r->auth.user_id, in.totp, codes);
        if (o != TOTP_DONE) {
                refuse(r, db, o);
                return;
        }
        json_t *list = json_array();
        for (int i = 0; i < TOTP_RECOVERY_CODES; i++)
                json_array_append_new(list, json_string(codes[i]));
        sodium_memzero(codes, sizeof(codes));
        json_t *user = api_load_json(r, &user_api, db, r->auth.user_id);
        if (!user || !list) {
                json_decref(user);
                json_decref(list);
                db_rollback(db);
                reply_internal(r, "cannot answer the enrolment");
                return;
        }
        if (!audited(r, db, "session.totp_enrol", r->auth.user_id) || tx_commit(r, db) < 0) {
                json_decref(user);
                json_decref(list);
                return;
        }
        reply_json(r, 200, json_pack("{s:o, s:o}", "user", user, "recovery_codes", list));
}

void users_totp_reset(struct request *r)
{
        struct db *db;
        if (tx_begin(r, &db) < 0)
                return;
        enum totp_outcome o = account_totp_reset(db, r->ids[0]);
        if (o != TOTP_DONE) {
                refuse(r, db, o);
                return;
        }
        if (!audited(r, db, "user.totp_reset", r->ids[0]) || tx_commit(r, db) < 0)
                return;
        reply_no_content(r);
}

/*
 * What the web interface needs beyond the resources: the language a user
 * chose (kept with the user, so it follows them to another browser) and the
 * public settings of the page (the map tile URL), served as JSON because the
 * page may run no inline script.
 */
#include "api/app.h"
#include "api/handlers.h"
#include "api/params.h"
#include "api/respond.h"
#include "api/users.h"
#include "api/validate.h"
#include "audit/audit.h"
#include "core/util.h"

const struct column locale_columns[LOCALE_F__MAX] = {
    [LOCALE_F_LOCALE] = {"locale", NULL, FT_ENUM, FIELD_REQUIRED | FIELD_NULLABLE,
                         offsetof(struct locale_input, locale), 0, 0, 0, 0, user_locales},
};

void session_locale_set(struct request *r)
{
        struct locale_input in = {0};
        if (request_record(r, locale_columns, LOCALE_F__MAX, &in, false) < 0)
                return;
        /* An explicit null is only flagged in the head; the field itself is left as it was. */
        const char *locale = REC_NULL(&in, LOCALE_F_LOCALE) ? NULL : in.locale;
        struct db *db;
        if (tx_begin(r, &db) < 0)
                return;
        struct audit_entry e = {
            r->auth.user_id, "user.locale_change", "user", r->auth.user_id, "ok", r->id};
        struct stmt *st = db_prepare(db, STMT_USER_SET_LOCALE);
        enum store_rc rc = STORE_ERROR;
        if (st) {
                st_bind_text(st, 1, locale);
                st_bind_int(st, 2, now_seconds());
                st_bind_int(st, 3, r->auth.user_id);
                rc = st_exec(st);
        }
        if (rc != STORE_DONE || audit_append(db, &e) != STORE_OK) {
                db_rollback(db);
                reply_internal(r, "cannot change locale");
                return;
        }
        json_t *user = api_load_json(r, &user_api, db, r->auth.user_id);
        if (!user) {
                db_rollback(db);
                reply_internal(r, "user vanished");
                return;
        }
        if (tx_commit(r, db) < 0) {
                json_decref(user);
                return;
        }
        reply_json(r, 200, json_pack("{s:o}", "user", user));
}

void web_config_get(struct request *r)
{
        reply_json(r, 200,
                   json_pack("{s:o}", "tile_url", json_string_or_null(r->app->cfg->tile_url)));
}

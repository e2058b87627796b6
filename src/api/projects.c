/*
 * Projects: list, create, read, update.  A project has a code (unique, of
 * A-Z 0-9 _ -), a title, its funder and programme, start and end dates, a
 * currency and a total budget in integer cents.  Its dates bound every
 * activity and expense of it, so an update may not move them past one.
 */
#include "api/app.h"
#include "api/handlers.h"
#include "api/params.h"
#include "api/programme.h"
#include "api/respond.h"
#include "api/validate.h"
#include "audit/audit.h"
#include "core/util.h"

#include <string.h>

struct project_input {
        struct input_head head;
        const char *code;
        const char *title;
        const char *funder;
        const char *programme;
        int32_t start_date;
        int32_t end_date;
        const char *currency;
        int64_t budget_cents;
};

enum { P_CODE, P_TITLE, P_FUNDER, P_PROGRAMME, P_START, P_END, P_CURRENCY, P_BUDGET };

static const struct field_spec project_fields[] = {
    [P_CODE] = {"code", FT_TEXT, FIELD_REQUIRED, offsetof(struct project_input, code), 1, 32, 0, 0,
                NULL},
    [P_TITLE] = {"title", FT_TEXT, FIELD_REQUIRED, offsetof(struct project_input, title), 1, 300, 0,
                 0, NULL},
    [P_FUNDER] = {"funder", FT_TEXT, 0, offsetof(struct project_input, funder), 0, 200, 0, 0, NULL},
    [P_PROGRAMME] = {"programme", FT_TEXT, 0, offsetof(struct project_input, programme), 0, 300, 0,
                     0, NULL},
    [P_START] = {"start_date", FT_DATE, FIELD_REQUIRED, offsetof(struct project_input, start_date),
                 0, 0, 0, 0, NULL},
    [P_END] = {"end_date", FT_DATE, FIELD_REQUIRED, offsetof(struct project_input, end_date), 0, 0,
               0, 0, NULL},
    [P_CURRENCY] = {"currency", FT_TEXT, 0, offsetof(struct project_input, currency), 3, 3, 0, 0,
                    NULL},
    [P_BUDGET] = {"budget_cents", FT_INT, 0, offsetof(struct project_input, budget_cents), 0,
                  MONEY_MAX, 0, 0, NULL},
};

json_t *project_row_json(struct stmt *st)
{
        char start[11], end[11];
        format_date((int32_t)st_int(st, 5), start);
        format_date((int32_t)st_int(st, 6), end);
        return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:o, s:o}", "id",
                         (json_int_t)st_int(st, 0), "code", st_text(st, 1), "title", st_text(st, 2),
                         "funder", st_text(st, 3), "programme", st_text(st, 4), "start_date", start,
                         "end_date", end, "currency", st_text(st, 7), "budget_cents",
                         (json_int_t)st_int(st, 8), "created_at", json_timestamp(st_int(st, 9)),
                         "updated_at", json_timestamp(st_int(st, 10)));
}

json_t *project_load(struct db *db, int64_t id)
{
        struct stmt *st = db_prepare(db, STMT_PROJECT_BY_ID);
        if (!st)
                return NULL;
        st_bind_int(st, 1, id);
        json_t *p = st_step(st) == STORE_ROW ? project_row_json(st) : NULL;
        st_reset(st);
        return p;
}

/* The rules beyond each field's own bounds; adds to *errors. */
static void project_rules(const struct project_input *in, json_t **errors)
{
        if (!project_code_valid(in->code))
                error_add(errors, "code",
                          "must be 1 to 32 characters of capital letters, digits, _ and -");
        if (!currency_valid(in->currency))
                error_add(errors, "currency", "must be an ISO 4217 code of three capital letters");
        if (in->end_date < in->start_date)
                error_add(errors, "end_date", "must not be before start_date");
}

/* Whether another project than self already has code; -1 on a storage error. */
static int code_taken(struct db *db, const char *code, int64_t self)
{
        struct stmt *st = db_prepare(db, STMT_PROJECT_ID_BY_CODE);
        if (!st)
                return -1;
        st_bind_text(st, 1, code);
        enum store_rc rc = st_step(st);
        int taken = rc == STORE_ROW ? st_int(st, 0) != self : rc == STORE_DONE ? 0 : -1;
        st_reset(st);
        return taken;
}

static enum ecat_err validated(enum validate_result v, const char *message, json_t **errors)
{
        if (v == MALFORMED) {
                error_add(errors, "body", message);
                return E_BAD_REQUEST;
        }
        return v == INVALID_FIELDS ? E_VALIDATION : E_OK;
}

enum ecat_err project_insert_json(struct db *db, struct arena *a, const char *json, size_t len,
                                  int64_t actor_id, const char *request_id, json_t **errors,
                                  int64_t *id)
{
        struct project_input in;
        memset(&in, 0, sizeof(in));
        const char *message = NULL;
        *errors = NULL;
        enum ecat_err e =
            validated(validate_json(a, json, len, project_fields, ARRAY_LEN(project_fields), &in,
                                    false, errors, &message),
                      message, errors);
        if (e != E_OK)
                return e;
        if (!in.currency)
                in.currency = "EUR";
        project_rules(&in, errors);
        if (*errors)
                return E_VALIDATION;
        int taken = code_taken(db, in.code, 0);
        if (taken < 0)
                return E_INTERNAL;
        if (taken) {
                error_add(errors, "code", "is taken by another project");
                return E_CONFLICT;
        }
        int64_t now = now_seconds();
        struct stmt *st = db_prepare(db, STMT_PROJECT_INSERT);
        if (!st)
                return E_INTERNAL;
        st_bind_text(st, 1, in.code);
        st_bind_text(st, 2, in.title);
        st_bind_text(st, 3, in.funder ? in.funder : "");
        st_bind_text(st, 4, in.programme ? in.programme : "");
        st_bind_int(st, 5, in.start_date);
        st_bind_int(st, 6, in.end_date);
        st_bind_text(st, 7, in.currency);
        st_bind_int(st, 8, in.budget_cents);
        st_bind_int(st, 9, now);
        st_bind_int(st, 10, now);
        enum store_rc rc = st_exec(st);
        if (rc == STORE_CONSTRAINT) {
                error_add(errors, "code", "is taken by another project");
                return E_CONFLICT;
        }
        if (rc != STORE_DONE)
                return E_INTERNAL;
        *id = db_last_id(db);
        struct audit_entry entry = {actor_id, "project.create", "project", *id, "ok", request_id};
        return audit_append(db, &entry) == STORE_OK ? E_OK : E_INTERNAL;
}

void projects_list(struct request *r)
{
        int64_t limit, offset;
        if (query_page(r, &limit, &offset) < 0)
                return;
        struct db *db = request_db(r);
        if (!db)
                return;
        struct stmt *st = db_prepare(db, STMT_PROJECT_LIST);
        if (!st) {
                reply_internal(r, "prepare failed");
                return;
        }
        st_bind_int(st, 1, limit);
        st_bind_int(st, 2, offset);
        json_t *items = json_array();
        while (st_step(st) == STORE_ROW)
                json_array_append_new(items, project_row_json(st));
        st_reset(st);
        int64_t total = 0;
        struct stmt *cnt = db_prepare(db, STMT_PROJECT_COUNT);
        if (cnt && st_step(cnt) == STORE_ROW)
                total = st_int(cnt, 0);
        st_reset(cnt);
        reply_json(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}

void projects_create(struct request *r)
{
        if (!request_body_is_json(r))
                return;
        struct db *db;
        if (tx_begin(r, &db) < 0)
                return;
        json_t *errors = NULL;
        int64_t id = 0;
        enum ecat_err e = project_insert_json(db, &r->arena, r->body.data ? r->body.data : "",
                                              r->body.len, r->auth.user_id, r->id, &errors, &id);
        if (e != E_OK) {
                db_rollback(db);
                reply_write_error(r, e, errors, "project");
                return;
        }
        if (tx_commit(r, db) < 0)
                return;
        reply_created_found(r, "/api/v1/projects", id, project_load(db, id));
}

void projects_get(struct request *r)
{
        struct db *db = request_db(r);
        if (!db)
                return;
        reply_found(r, project_load(db, r->ids[0]), "no such project");
}

void projects_update(struct request *r)
{
        struct project_input in;
        memset(&in, 0, sizeof(in));
        if (validate_request(r, project_fields, ARRAY_LEN(project_fields), &in, true) < 0)
                return;
        struct db *db;
        if (tx_begin(r, &db) < 0)
                return;
        struct stmt *st = db_prepare(db, STMT_PROJECT_BY_ID);
        if (!st) {
                db_rollback(db);
                reply_internal(r, "prepare failed");
                return;
        }
        st_bind_int(st, 1, r->ids[0]);
        if (st_step(st) != STORE_ROW) {
                st_reset(st);
                db_rollback(db);
                reply_error(r, E_NOT_FOUND, "no such project");
                return;
        }
        /* Start from the stored values; the body names what changes. */
        struct arena *a = &r->arena;
        if (!INPUT_HAS(&in, P_CODE))
                in.code = arena_strdup(a, st_text(st, 1));
        if (!INPUT_HAS(&in, P_TITLE))
                in.title = arena_strdup(a, st_text(st, 2));
        if (!INPUT_HAS(&in, P_FUNDER))
                in.funder = arena_strdup(a, st_text(st, 3));
        if (!INPUT_HAS(&in, P_PROGRAMME))
                in.programme = arena_strdup(a, st_text(st, 4));
        int32_t old_start = (int32_t)st_int(st, 5), old_end = (int32_t)st_int(st, 6);
        if (!INPUT_HAS(&in, P_START))
                in.start_date = old_start;
        if (!INPUT_HAS(&in, P_END))
                in.end_date = old_end;
        if (!INPUT_HAS(&in, P_CURRENCY))
                in.currency = arena_strdup(a, st_text(st, 7));
        if (!INPUT_HAS(&in, P_BUDGET))
                in.budget_cents = st_int(st, 8);
        st_reset(st);
        if (!in.code || !in.title || !in.funder || !in.programme || !in.currency) {
                db_rollback(db);
                reply_internal(r, "out of request memory");
                return;
        }
        json_t *errors = NULL;
        project_rules(&in, &errors);
        if (!errors && (in.start_date > old_start || in.end_date < old_end)) {
                /* Narrower dates may not leave a record of the project outside them. */
                struct stmt *out = db_prepare(db, STMT_PROJECT_OUTSIDE_DATES);
                enum store_rc orc = STORE_ERROR;
                if (out) {
                        st_bind_int(out, 1, r->ids[0]);
                        st_bind_int(out, 2, in.start_date);
                        st_bind_int(out, 3, in.end_date);
                        orc = st_step(out);
                }
                if (orc != STORE_ROW) {
                        st_reset(out);
                        db_rollback(db);
                        reply_internal(r, "cannot check the project's records");
                        return;
                }
                int64_t acts = st_int(out, 0), exps = st_int(out, 1);
                st_reset(out);
                if (acts || exps) {
                        const char *m = arena_printf(
                            a, "would leave %lld activities and %lld expenses outside the dates",
                            (long long)acts, (long long)exps);
                        m = m ? m : "would leave records outside the dates";
                        error_add(&errors, INPUT_HAS(&in, P_START) ? "start_date" : "end_date", m);
                        if (INPUT_HAS(&in, P_START) && INPUT_HAS(&in, P_END))
                                error_add(&errors, "end_date", m);
                }
        }
        if (errors) {
                db_rollback(db);
                reply_error_fields(r, E_VALIDATION, "the request has invalid fields", errors);
                return;
        }
        int taken = code_taken(db, in.code, r->ids[0]);
        if (taken) {
                db_rollback(db);
                if (taken < 0)
                        reply_internal(r, "cannot check the code");
                else
                        reply_error_fields(
                            r, E_CONFLICT, "the code is taken",
                            json_pack("{s:s}", "code", "is taken by another project"));
                return;
        }
        st = db_prepare(db, STMT_PROJECT_UPDATE);
        if (!st) {
                db_rollback(db);
                reply_internal(r, "prepare failed");
                return;
        }
        st_bind_text(st, 1, in.code);
        st_bind_text(st, 2, in.title);
        st_bind_text(st, 3, in.funder);
        st_bind_text(st, 4, in.programme);
        st_bind_int(st, 5, in.start_date);
        st_bind_int(st, 6, in.end_date);
        st_bind_text(st, 7, in.currency);
        st_bind_int(st, 8, in.budget_cents);
        st_bind_int(st, 9, now_seconds());
        st_bind_int(st, 10, r->ids[0]);
        struct audit_entry entry = {
            r->auth.user_id, "project.update", "project", r->ids[0], "ok", r->id};
        if (st_exec(st) != STORE_DONE || audit_append(db, &entry) != STORE_OK) {
                db_rollback(db);
                reply_internal(r, "cannot update project");
                return;
        }
        if (tx_commit(r, db) < 0)
                return;
        reply_saved(r, project_load(db, r->ids[0]));
}

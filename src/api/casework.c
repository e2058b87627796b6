/*
 * Consents, referrals, services and notes over HTTP (domain/casework.h).
 *
 * As in api/cases.c, every route is ROUTE_SCOPED | ROUTE_AUDIT_READ: the
 * handler runs in the gate's write transaction, each case whose contents an
 * answer carries is recorded as read (access log and audit) in it, and a
 * case or referral outside the caller's scope answers 404 "no such case" /
 * "no such referral".
 */
#include "api/app.h"
#include "api/crud.h"
#include "api/handlers.h"
#include "api/params.h"
#include "api/render.h"
#include "api/respond.h"
#include "api/validate.h"
#include "core/util.h"
#include "domain/case.h"
#include "domain/casework.h"

#include <string.h>

static const char *route_label(struct request *r)
{
        const char *s =
            arena_printf(&r->arena, "%s %s", http_method_name(r->method), r->route->pattern);
        return s ? s : "?";
}

static void *new_rec(struct request *r, size_t size)
{
        void *p = arena_alloc(&r->arena, size);
        if (!p)
                reply_internal(r, "out of request memory");
        else
                memset(p, 0, size);
        return p;
}

static void fail(struct request *r, enum ecat_err e, struct problems *p, const char *what)
{
        reply_problems(r, e, p, what);
}

/* The case in scope, recorded as read through this route; -1 after answering. */
static int case_read(struct request *r, int64_t case_id)
{
        struct principal who = principal_of(r);
        enum ecat_err e = case_scope(r->tx, &who, case_id, NULL);
        if (e == E_OK)
                e = case_access(r->tx, &who, case_id, route_label(r));
        if (e != E_OK) {
                struct problems p;
                problems_init(&p, &r->arena);
                fail(r, e, &p, "case");
                return -1;
        }
        return 0;
}

struct page {
        const struct resource *res;
        json_t *items;
        struct request *r;
        bool overdue;      /* referrals: fill in overdue */
        bool record_cases; /* record each row's case as read */
        int failed;
};

static int append_row(const void *rec, void *arg)
{
        struct page *pg = arg;
        if (pg->overdue)
                referral_overdue((struct referral *)rec, now_seconds());
        if (pg->record_cases) {
                struct principal who = principal_of(pg->r);
                const struct referral *f = rec;
                if (case_access(pg->r->tx, &who, f->case_id, route_label(pg->r)) != E_OK) {
                        pg->failed = 1;
                        return 1;
                }
        }
        json_t *o = record_json(pg->res->cols, pg->res->n_cols, rec);
        if (!o || json_array_append_new(pg->items, o) < 0) {
                pg->failed = 1;
                return 1;
        }
        return 0;
}

/* The rows of st (bound) as a JSON array; NULL on failure. */
static json_t *rows_json(struct request *r, struct stmt *st, const struct resource *res,
                         bool overdue, bool record_cases)
{
        struct page pg = {res, json_array(), r, overdue, record_cases, 0};
        enum store_rc rc = pg.items ? res_each(st, res, append_row, &pg) : STORE_ERROR;
        if (rc != STORE_DONE || pg.failed) {
                json_decref(pg.items);
                return NULL;
        }
        return pg.items;
}

/* Answer {"items": [...], "total": N} of the rows of st (bound). */
static void answer_rows(struct request *r, struct stmt *st, const struct resource *res,
                        bool overdue, bool record_cases, int64_t total)
{
        json_t *items = rows_json(r, st, res, overdue, record_cases);
        if (!items) {
                reply_internal(r, "cannot list the records");
                return;
        }
        if (total < 0)
                total = (int64_t)json_array_size(items);
        reply_record_json(r, 200,
                          json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)total));
}

/* List the rows of sid for case r->ids[0], ?2 bound to the caller's organisation. */
static void list_of_case(struct request *r, enum stmt_id sid, const struct resource *res,
                         bool overdue)
{
        if (case_read(r, r->ids[0]) < 0)
                return;
        struct stmt *st = db_prepare(r->tx, sid);
        if (!st) {
                reply_internal(r, "prepare failed");
                return;
        }
        st_bind_int(st, 1, r->ids[0]);
        st_bind_int(st, 2, r->auth.org_id);
        answer_rows(r, st, res, overdue, false, -1);
}

/* Read record id of res back, record the case read, answer status. */
static void answer_one(struct request *r, const struct resource *res, int64_t id, int64_t case_id,
                       int status, const char *collection)
{
        void *rec = new_rec(r, res->size);
        if (!rec)
                return;
        struct principal who = principal_of(r);
        enum ecat_err e = res_load(r->tx, res, &r->arena, id, rec);
        if (e == E_OK)
                e = case_access(r->tx, &who, case_id, route_label(r));
        if (e != E_OK) {
                reply_internal(r, "the record cannot be read back");
                return;
        }
        if (res == &referral_resource)
                referral_overdue(rec, now_seconds());
        json_t *o = record_json(res->cols, res->n_cols, rec);
        if (!o) {
                reply_internal(r, "cannot render the record");
                return;
        }
        if (collection) {
                char loc[96];
                snprintf(loc, sizeof(loc), "%s/%lld", collection, (long long)id);
                req_add_header(r, "Location", loc);
        }
        reply_record_json(r, status, o);
}

/* --- consents --- */

void consents_list(struct request *r)
{
        list_of_case(r, STMT_CONSENT_LIST, &consent_resource, false);
}

/*
 * The body of a new consent: its columns, and "agencies", a list of
 * organisation ids (read here: the column keeps them as text).  -1 after
 * answering.
 */
static int read_consent(struct request *r, struct consent *c, int64_t *agencies, size_t *n)
{
        json_error_t jerr;
        json_t *o = json_loadb(r->body.data ? r->body.data : "", r->body.len,
                               JSON_REJECT_DUPLICATES, &jerr);
        if (!json_is_object(o)) {
                json_decref(o);
                reply_error(r, E_BAD_REQUEST, "the body must be a JSON object");
                return -1;
        }
        *n = 0;
        json_t *list = json_object_get(o, "agencies");
        if (list && !json_is_null(list)) {
                bool ok = json_is_array(list) && json_array_size(list) <= 50;
                size_t i;
                json_t *v;
                json_array_foreach(list, i, v)
                {
                        if (!ok || !json_is_integer(v) || json_integer_value(v) < 1) {
                                ok = false;
                                break;
                        }
                        agencies[(*n)++] = json_integer_value(v);
                }
                if (!ok) {
                        json_decref(o);
                        reply_invalid(r, "agencies",
                                      "must be a list of at most 50 organisation ids");
                        return -1;
                }
        }
        json_object_del(o, "agencies");
        char *rest = json_dumps(o, JSON_COMPACT);
        json_decref(o);
        if (!rest) {
                reply_internal(r, "out of memory");
                return -1;
        }
        struct problems p;
        problems_init(&p, &r->arena);
        const char *message;
        enum validate_result v = record_from_json(&r->arena, rest, strlen(rest), consent_columns,
                                                  CONSENT__COLUMNS, c, false, &p, &message);
        free(rest);
        if (v == INVALID_FIELDS) {
                reply_problems(r, E_VALIDATION, &p, "consent");
                return -1;
        }
        if (v == MALFORMED) {
                reply_error(r, E_BAD_REQUEST, message);
                return -1;
        }
        return 0;
}

void consents_create(struct request *r)
{
        struct consent *c = new_rec(r, sizeof(*c));
        int64_t agencies[50];
        size_t n = 0;
        struct principal who = principal_of(r);
        struct problems p;
        problems_init(&p, &r->arena);
        enum ecat_err e = c ? case_scope(r->tx, &who, r->ids[0], NULL) : E_INTERNAL;
        if (e != E_OK) {
                fail(r, e, &p, "case");
                return;
        }
        if (read_consent(r, c, agencies, &n) < 0)
                return;
        int64_t id = 0;
        e = consent_create(r->tx, &who, r->ids[0], c, agencies, n, &p, &id);
        if (e != E_OK) {
                fail(r, e, &p, "consent");
                return;
        }
        char coll[64];
        snprintf(coll, sizeof(coll), "/api/v1/cases/%lld/consents", (long long)r->ids[0]);
        answer_one(r, &consent_resource, id, r->ids[0], 201, coll);
}

void consents_withdraw(struct request *r)
{
        struct principal who = principal_of(r);
        struct problems p;
        problems_init(&p, &r->arena);
        enum ecat_err e = case_scope(r->tx, &who, r->ids[0], NULL);
        if (e != E_OK) {
                fail(r, e, &p, "case");
                return;
        }
        static const struct column withdrawal[] = {
            {"withdrawn_on", "withdrawn_on", FT_DATE, FIELD_REQUIRED,
             offsetof(struct consent, withdrawn_on), 0, 0, 0, 0, NULL},
        };
        struct consent *c = new_rec(r, sizeof(*c));
        if (!c || request_record(r, withdrawal, 1, c, false) < 0)
                return;
        if (!REC_GIVEN(c, 0)) {
                reply_invalid(r, "withdrawn_on", "is required");
                return;
        }
        e = consent_withdraw(r->tx, &who, r->ids[0], r->ids[1], c->withdrawn_on, &p);
        if (e != E_OK) {
                fail(r, e, &p, "consent");
                return;
        }
        answer_one(r, &consent_resource, r->ids[1], r->ids[0], 200, NULL);
}

/* --- referrals --- */

void case_referrals_list(struct request *r)
{
        list_of_case(r, STMT_REFERRAL_LIST_CASE, &referral_resource, true);
}

void case_referrals_create(struct request *r)
{
        struct referral *f = new_rec(r, sizeof(*f));
        struct principal who = principal_of(r);
        struct problems p;
        problems_init(&p, &r->arena);
        enum ecat_err e = f ? case_scope(r->tx, &who, r->ids[0], NULL) : E_INTERNAL;
        if (e != E_OK) {
                fail(r, e, &p, "case");
                return;
        }
        if (request_record(r, referral_columns, REFERRAL__COLUMNS, f, false) < 0)
                return;
        int64_t id = 0;
        e = referral_create(r->tx, &who, r->ids[0], f, &p, &id);
        if (e != E_OK) {
                fail(r, e, &p, "referral");
                return;
        }
        answer_one(r, &referral_resource, id, r->ids[0], 201, "/api/v1/referrals");
}

void referrals_list(struct request *r)
{
        int64_t limit, offset;
        const char *status = NULL, *direction = NULL;
        bool overdue = false;
        static const char *const directions[] = {"incoming", "outgoing", NULL};
        if (query_page(r, &limit, &offset) < 0 ||
            query_enum(r, "direction", directions, &direction) < 0 ||
            query_enum(r, "status", referral_statuses, &status) < 0 ||
            query_bool(r, "overdue", &overdue) < 0)
                return;
        struct stmt *st = db_prepare(r->tx, STMT_REFERRAL_LIST);
        struct stmt *cnt = db_prepare(r->tx, STMT_REFERRAL_COUNT);
        if (!st || !cnt) {
                reply_internal(r, "prepare failed");
                return;
        }
        const struct case_settings *s = case_settings();
        int64_t now = now_seconds();
        struct stmt *both[2] = {st, cnt};
        for (int i = 0; i < 2; i++) {
                st_bind_int(both[i], 1, r->auth.org_id);
                st_bind_text(both[i], 2, direction);
                st_bind_text(both[i], 3, status);
                if (overdue)
                        st_bind_int(both[i], 4, 1);
                else
                        st_bind_null(both[i], 4);
                st_bind_int(both[i], 7, now - (int64_t)s->referral_answer_days * 86400);
                st_bind_int(both[i], 8, now - (int64_t)s->referral_outcome_days * 86400);
        }
        st_bind_int(st, 5, limit);
        st_bind_int(st, 6, offset);
        enum store_rc rc = st_step(cnt);
        int64_t total = rc == STORE_ROW ? st_int(cnt, 0) : -1;
        st_reset(cnt);
        if (total < 0) {
                reply_internal(r, "cannot count referrals");
                return;
        }
        /* A principal without an agency is a side of none. */
        if (!r->auth.org_id) {
                st_reset(st);
                reply_record_json(r, 200, json_pack("{s:[],s:i}", "items", "total", 0));
                return;
        }
        answer_rows(r, st, &referral_resource, true, true, total);
}

void referrals_get(struct request *r)
{
        struct referral *f = new_rec(r, sizeof(*f));
        struct principal who = principal_of(r);
        enum ecat_err e = f ? referral_get(r->tx, &who, &r->arena, r->ids[0], f) : E_INTERNAL;
        if (e != E_OK) {
                struct problems p;
                problems_init(&p, &r->arena);
                fail(r, e, &p, "referral");
                return;
        }
        answer_one(r, &referral_resource, r->ids[0], f->case_id, 200, NULL);
}

static void move(struct request *r, const char *what)
{
        const char *reason = NULL;
        if (r->body.len) {
                static const struct column body[] = {
                    {"reason", "reason", FT_ENUM, 0, 0, 0, 0, 0, 0, decline_reasons},
                };
                struct {
                        struct record_head head;
                        const char *reason;
                } in;
                memset(&in, 0, sizeof(in));
                struct column cols[1] = {body[0]};
                cols[0].offset = offsetof(__typeof__(in), reason);
                if (request_record(r, cols, 1, &in, false) < 0)
                        return;
                reason = REC_GIVEN(&in.head, 0) ? in.reason : NULL;
        }
        struct principal who = principal_of(r);
        struct problems p;
        problems_init(&p, &r->arena);
        enum ecat_err e = referral_move(r->tx, &who, r->ids[0], what, reason, &p);
        if (e != E_OK) {
                fail(r, e, &p, "referral");
                return;
        }
        struct referral *f = new_rec(r, sizeof(*f));
        if (!f || referral_get(r->tx, &who, &r->arena, r->ids[0], f) != E_OK) {
                reply_internal(r, "the referral cannot be read back");
                return;
        }
        answer_one(r, &referral_resource, r->ids[0], f->case_id, 200, NULL);
}

void referrals_accept(struct request *r)
{
        move(r, "accept");
}

void referrals_decline(struct request *r)
{
        move(r, "decline");
}

void referrals_complete(struct request *r)
{
        move(r, "complete");
}

void referrals_revoke(struct request *r)
{
        move(r, "revoke");
}

/* --- services and notes --- */

void services_list(struct request *r)
{
        list_of_case(r, STMT_SERVICE_LIST, &service_resource, false);
}

void services_create(struct request *r)
{
        struct service *s = new_rec(r, sizeof(*s));
        struct principal who = principal_of(r);
        struct problems p;
        problems_init(&p, &r->arena);
        enum ecat_err e = s ? case_scope(r->tx, &who, r->ids[0], NULL) : E_INTERNAL;
        if (e != E_OK) {
                fail(r, e, &p, "case");
                return;
        }
        if (request_record(r, service_columns, SERVICE__COLUMNS, s, false) < 0)
                return;
        int64_t id = 0;
        if ((e = service_create(r->tx, &who, r->ids[0], s, &p, &id)) != E_OK) {
                fail(r, e, &p, "service");
                return;
        }
        char coll[64];
        snprintf(coll, sizeof(coll), "/api/v1/cases/%lld/services", (long long)r->ids[0]);
        answer_one(r, &service_resource, id, r->ids[0], 201, coll);
}

void notes_list(struct request *r)
{
        list_of_case(r, STMT_NOTE_LIST, &note_resource, false);
}

void notes_create(struct request *r)
{
        struct note *n = new_rec(r, sizeof(*n));
        struct principal who = principal_of(r);
        struct problems p;
        problems_init(&p, &r->arena);
        enum ecat_err e = n ? case_scope(r->tx, &who, r->ids[0], NULL) : E_INTERNAL;
        if (e != E_OK) {
                fail(r, e, &p, "case");
                return;
        }
        if (request_record(r, note_columns, NOTE__COLUMNS, n, false) < 0)
                return;
        int64_t id = 0;
        if ((e = note_create(r->tx, &who, r->ids[0], n, &p, &id)) != E_OK) {
                fail(r, e, &p, "note");
                return;
        }
        char coll[64];
        snprintf(coll, sizeof(coll), "/api/v1/cases/%lld/notes", (long long)r->ids[0]);
        answer_one(r, &note_resource, id, r->ids[0], 201, coll);
}

/* --- the whole record of one person (a subject access request) --- */

/* The rows of case id that the caller's agency may read, from statement sid. */
static json_t *case_rows(struct request *r, enum stmt_id sid, const struct resource *res,
                         bool overdue)
{
        struct stmt *st = db_prepare(r->tx, sid);
        if (!st)
                return NULL;
        st_bind_int(st, 1, r->ids[0]);
        st_bind_int(st, 2, r->auth.org_id);
        return rows_json(r, st, res, overdue, false);
}

void cases_export(struct request *r)
{
        struct principal who = principal_of(r);
        struct problems p;
        problems_init(&p, &r->arena);
        bool owner = false;
        enum ecat_err e = case_scope(r->tx, &who, r->ids[0], &owner);
        if (e == E_OK && !owner)
                e = E_NOT_FOUND; /* the owning agency's case managers only */
        struct case_record *c = e == E_OK ? new_rec(r, sizeof(*c)) : NULL;
        if (e == E_OK && !c)
                return;
        if (e == E_OK)
                e = case_get(r->tx, &who, &r->arena, r->ids[0], c);
        if (e == E_OK)
                e = case_access(r->tx, &who, r->ids[0], route_label(r));
        if (e == E_OK)
                e = res_audit(r->tx, &who, "case", "case.export", r->ids[0]);
        if (e != E_OK) {
                fail(r, e, &p, "case");
                return;
        }
        json_t *o = json_pack(
            "{s:s,s:o,s:o,s:o,s:o,s:o,s:o}", "format", "ecat-case-export-1", "exported_at",
            json_timestamp(now_seconds()), "case", record_json(case_columns, CASE__COLUMNS, c),
            "consents", case_rows(r, STMT_CONSENT_LIST, &consent_resource, false), "referrals",
            case_rows(r, STMT_REFERRAL_LIST_CASE, &referral_resource, true), "services",
            case_rows(r, STMT_SERVICE_LIST, &service_resource, false), "notes",
            case_rows(r, STMT_NOTE_LIST, &note_resource, false));
        if (!o) {
                reply_internal(r, "cannot assemble the case export");
                return;
        }
        req_add_header(r, "Content-Disposition", "attachment; filename=\"case-export.json\"");
        reply_record_json(r, 200, o);
}

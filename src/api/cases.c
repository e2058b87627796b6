/*
 * Victims' cases over HTTP: list and search, register, read, change, the
 * access log and the agency's notifications.
 *
 * Every route here is ROUTE_SCOPED | ROUTE_AUDIT_READ: the handler runs in
 * the write transaction the gate opened (r->tx), every answer that carries
 * a case's identifying fields records the read (access log row and audit
 * entry, domain/case.h's case_access) in that transaction, and the gate
 * lets the answer leave only after it has committed.  A case outside the
 * caller's scope answers 404 "no such case", as a missing id does, on every
 * route; the routes' actions (case.read, case.write, case.manage) are held
 * by the case roles only.
 *
 * Lists show the coarse fields only.  A search by name or date of birth
 * (q, matched through the blind index) shows the identifying fields of the
 * rows it finds, and records a read of each.
 */
#include "api/app.h"
#include "api/handlers.h"
#include "api/params.h"
#include "api/render.h"
#include "api/respond.h"
#include "api/validate.h"
#include "core/util.h"
#include "domain/case.h"
#include "domain/casework.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/crud.h"

/* "GET /api/v1/cases/{id}": what the access log names. */
static const char *route_label(struct request *r)
{
        const char *s =
            arena_printf(&r->arena, "%s %s", http_method_name(r->method), r->route->pattern);
        return s ? s : "?";
}

static bool identity_column(const struct column *c)
{
        return (c->flags & COL_ENCRYPTED) != 0;
}

/* The case as the API shows it; identifying fields only when with_identity. */
static json_t *case_json(const struct case_record *c, bool with_identity)
{
        json_t *o = record_json(case_columns, CASE__COLUMNS, c);
        if (!o || with_identity)
                return o;
        for (size_t i = 0; i < CASE__COLUMNS; i++)
                if (identity_column(&case_columns[i]))
                        json_object_del(o, case_columns[i].name);
        return o;
}

/* Read case id (scoped), record the read, answer status with it; extra keys merged in. */
static void answer_case(struct request *r, struct db *db, int64_t id, int status, json_t *extra)
{
        struct principal who = principal_of(r);
        struct case_record *c = arena_alloc(&r->arena, sizeof(*c));
        enum ecat_err e = c ? case_get(db, &who, &r->arena, id, c) : E_INTERNAL;
        if (e == E_OK)
                e = case_access(db, &who, id, route_label(r));
        if (e != E_OK) {
                json_decref(extra);
                struct problems p;
                problems_init(&p, &r->arena);
                reply_problems(r, e, &p, "case");
                return;
        }
        json_t *o = case_json(c, true);
        if (!o) {
                json_decref(extra);
                reply_internal(r, "cannot render the case");
                return;
        }
        if (extra)
                json_object_update(o, extra);
        json_decref(extra);
        reply_record_json(r, status, o);
}

void cases_get(struct request *r)
{
        answer_case(r, r->tx, r->ids[0], 200, NULL);
}

void cases_create(struct request *r)
{
        struct case_record *c = arena_alloc(&r->arena, sizeof(*c));
        if (!c) {
                reply_internal(r, "out of request memory");
                return;
        }
        memset(c, 0, sizeof(*c));
        if (request_record(r, case_columns, CASE__COLUMNS, c, false) < 0)
                return;
        struct principal who = principal_of(r);
        struct problems p;
        problems_init(&p, &r->arena);
        int64_t id = 0;
        bool duplicate = false;
        enum ecat_err e = case_create(r->tx, &who, c, &p, &id, &duplicate);
        if (e != E_OK) {
                reply_problems(r, e, &p, "case");
                return;
        }
        char loc[64];
        snprintf(loc, sizeof(loc), "/api/v1/cases/%lld", (long long)id);
        req_add_header(r, "Location", loc);
        /*
         * The registering worker learns only that a record of this person may
         * exist in another agency, which has been told; nothing of it.
         */
        answer_case(r, r->tx, id, 201,
                    json_pack("{s:b}", "possible_duplicate_elsewhere", duplicate));
}

void cases_update(struct request *r)
{
        struct case_record *c = arena_alloc(&r->arena, sizeof(*c));
        if (!c) {
                reply_internal(r, "out of request memory");
                return;
        }
        memset(c, 0, sizeof(*c));
        struct principal who = principal_of(r);
        /* Out of scope is 404 before the body is looked at: nothing tells the case exists. */
        enum ecat_err e = case_scope(r->tx, &who, r->ids[0], NULL);
        struct problems p;
        problems_init(&p, &r->arena);
        if (e != E_OK) {
                reply_problems(r, e, &p, "case");
                return;
        }
        if (request_record(r, case_columns, CASE__COLUMNS, c, true) < 0)
                return;
        e = case_update(r->tx, &who, r->ids[0], c, &p);
        if (e != E_OK) {
                reply_problems(r, e, &p, "case");
                return;
        }
        answer_case(r, r->tx, r->ids[0], 200, NULL);
}

/* --- list and search --- */

struct case_page {
        struct request *r;
        struct principal who;
        json_t *items;
        bool identity;
        const char *route;
        int failed;
};

static int append_case(const void *rec, void *arg)
{
        struct case_page *pg = arg;
        const struct case_record *c = rec;
        if (pg->identity && case_access(pg->r->tx, &pg->who, c->id, pg->route) != E_OK) {
                pg->failed = 1;
                return 1;
        }
        json_t *o = case_json(c, pg->identity);
        if (!o || json_array_append_new(pg->items, o) < 0) {
                pg->failed = 1;
                return 1;
        }
        return 0;
}

/* What q asks for: a reference (LT-2026-00042), a date of birth, or a name. */
static const char *search_kind(const char *q)
{
        int32_t d;
        if (strlen(q) == 10 && parse_date(q, &d) == 0)
                return "birth";
        size_t n = strlen(q);
        if (n >= 9 && n <= 20 && q[2] == '-' && q[7] == '-')
                return "reference";
        return "name";
}

void cases_list(struct request *r)
{
        int64_t limit, offset;
        const char *status = NULL, *q = NULL, *reference = NULL;
        if (query_page(r, &limit, &offset) < 0 ||
            query_enum(r, "status", case_statuses, &status) < 0 ||
            query_text(r, "q", 200, &q) < 0 || query_text(r, "reference", 20, &reference) < 0)
                return;
        if (q && !*q)
                q = NULL;
        const char *kind = q ? search_kind(q) : NULL;
        if (kind && strcmp(kind, "reference") == 0) {
                reference = q;
                kind = NULL;
        }
        struct db *db = r->tx;
        struct case_page pg = {r, principal_of(r), json_array(), kind != NULL, route_label(r), 0};
        struct stmt *st = db_prepare(db, kind ? STMT_CASE_SEARCH : STMT_CASE_LIST);
        struct stmt *cnt = db_prepare(db, kind ? STMT_CASE_SEARCH_COUNT : STMT_CASE_COUNT);
        if (!pg.items || !st || !cnt) {
                json_decref(pg.items);
                reply_internal(r, "prepare failed");
                return;
        }
        unsigned char blind[32];
        if (kind)
                case_search_index(kind, q, blind);
        struct stmt *both[2] = {st, cnt};
        for (int i = 0; i < 2; i++) {
                st_bind_int(both[i], 1, pg.who.org_id);
                st_bind_text(both[i], 2, status);
                st_bind_text(both[i], 3, reference);
                if (kind) {
                        st_bind_text(both[i], 6, kind);
                        st_bind_blob(both[i], 7, blind, sizeof(blind));
                }
        }
        st_bind_int(st, 4, limit);
        st_bind_int(st, 5, offset);
        int64_t total = 0;
        enum store_rc rc = st_step(cnt);
        if (rc == STORE_ROW)
                total = st_int(cnt, 0);
        st_reset(cnt);
        if (rc != STORE_ROW) {
                json_decref(pg.items);
                reply_internal(r, "cannot count cases");
                return;
        }
        /* The role check of the policy is not scope: a principal with no agency sees none. */
        if (!pg.who.org_id)
                total = 0;
        rc = pg.who.org_id ? res_each(st, &case_resource, append_case, &pg) : STORE_DONE;
        /* Each case's open and overdue referrals that the caller's agency is a side of. */
        size_t n = json_array_size(pg.items);
        int64_t *counts = calloc(n ? 3 * n : 1, sizeof(*counts)); /* ids, open, overdue */
        if (!counts)
                rc = STORE_ERROR;
        for (size_t i = 0; counts && i < n; i++)
                counts[i] = json_integer_value(json_object_get(json_array_get(pg.items, i), "id"));
        if (rc == STORE_DONE && case_open_referrals(db, counts, n, pg.who.org_id, now_seconds(),
                                                    counts + n, counts + 2 * n) < 0)
                rc = STORE_ERROR;
        for (size_t i = 0; rc == STORE_DONE && i < n; i++) {
                json_t *item = json_array_get(pg.items, i);
                json_object_set_new(item, "open_referrals", json_integer(counts[n + i]));
                json_object_set_new(item, "overdue_referrals", json_integer(counts[2 * n + i]));
        }
        free(counts);
        if (rc != STORE_DONE || pg.failed) {
                json_decref(pg.items);
                reply_internal(r, "cannot list cases");
                return;
        }
        reply_record_json(r, 200,
                          json_pack("{s:o,s:I}", "items", pg.items, "total", (json_int_t)total));
}

/* --- access log and notifications --- */

void cases_access_log(struct request *r)
{
        struct principal who = principal_of(r);
        bool owner = false;
        int64_t limit, offset;
        if (query_page(r, &limit, &offset) < 0)
                return;
        enum ecat_err e = case_scope(r->tx, &who, r->ids[0], &owner);
        if (e == E_OK && !owner)
                e = E_NOT_FOUND; /* the owning agency's case managers only */
        struct problems p;
        problems_init(&p, &r->arena);
        if (e != E_OK) {
                reply_problems(r, e, &p, "case");
                return;
        }
        struct stmt *st = db_prepare(r->tx, STMT_CASE_ACCESS_LIST);
        struct stmt *cnt = db_prepare(r->tx, STMT_CASE_ACCESS_COUNT);
        json_t *items = json_array();
        if (!st || !cnt || !items) {
                json_decref(items);
                reply_internal(r, "prepare failed");
                return;
        }
        st_bind_int(cnt, 1, r->ids[0]);
        int64_t total = st_step(cnt) == STORE_ROW ? st_int(cnt, 0) : -1;
        st_reset(cnt);
        st_bind_int(st, 1, r->ids[0]);
        st_bind_int(st, 2, limit);
        st_bind_int(st, 3, offset);
        enum store_rc rc;
        while ((rc = st_step(st)) == STORE_ROW) {
                json_t *o =
                    json_pack("{s:I,s:o,s:s,s:I,s:s,s:o}", "id", (json_int_t)st_int(st, 0),
                              "user_id", st_null(st, 1) ? json_null() : json_integer(st_int(st, 1)),
                              "login", st_null(st, 2) ? "" : st_text(st, 2), "organisation_id",
                              (json_int_t)st_int(st, 3), "route", st_text(st, 4), "at",
                              json_timestamp(st_int(st, 5)));
                if (!o || json_array_append_new(items, o) < 0) {
                        rc = STORE_ERROR;
                        break;
                }
        }
        st_reset(st);
        if (rc != STORE_DONE || total < 0 ||
            res_audit(r->tx, &who, "case", "case.access_log.read", r->ids[0]) != E_OK) {
                json_decref(items);
                reply_internal(r, "cannot read the access log");
                return;
        }
        reply_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)total));
}

void notifications_list(struct request *r)
{
        struct principal who = principal_of(r);
        int64_t limit, offset;
        if (query_page(r, &limit, &offset) < 0)
                return;
        struct stmt *st = db_prepare(r->tx, STMT_NOTIFICATION_LIST);
        struct stmt *cnt = db_prepare(r->tx, STMT_NOTIFICATION_COUNT);
        json_t *items = json_array();
        if (!st || !cnt || !items) {
                json_decref(items);
                reply_internal(r, "prepare failed");
                return;
        }
        st_bind_int(cnt, 1, who.org_id);
        int64_t total = st_step(cnt) == STORE_ROW ? st_int(cnt, 0) : -1;
        st_reset(cnt);
        st_bind_int(st, 1, who.org_id);
        st_bind_int(st, 2, limit);
        st_bind_int(st, 3, offset);
        enum store_rc rc;
        while ((rc = st_step(st)) == STORE_ROW) {
                json_t *o = json_pack(
                    "{s:I,s:s,s:I,s:s,s:s,s:o,s:o}", "id", (json_int_t)st_int(st, 0), "kind",
                    st_text(st, 1), "other_organisation_id", (json_int_t)st_int(st, 2),
                    "other_organisation_name", st_text(st, 3), "other_reference", st_text(st, 4),
                    "case_id", st_null(st, 5) ? json_null() : json_integer(st_int(st, 5)),
                    "created_at", json_timestamp(st_int(st, 6)));
                if (!o || json_array_append_new(items, o) < 0) {
                        rc = STORE_ERROR;
                        break;
                }
        }
        st_reset(st);
        if (rc != STORE_DONE || total < 0) {
                json_decref(items);
                reply_internal(r, "cannot read the notifications");
                return;
        }
        reply_json(r, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)total));
}

/*
 * Organisations: list (JSON and CSV), create, read, update, delete, and the
 * list of Lithuanian municipalities their "municipality" field takes.
 *
 * Reading needs ACT_ORG_READ, creating and editing ACT_ORG_WRITE, deleting
 * ACT_ORG_DELETE (the route table says which).  Every write and its audit
 * entry commit in one transaction.  An organisation still referred to by an
 * activity, a partner entry or a user cannot be deleted (409).
 */
#include "api/organisations.h"

#include "api/app.h"
#include "api/handlers.h"
#include "api/params.h"
#include "api/respond.h"
#include "audit/audit.h"
#include "core/csv_out.h"
#include "core/util.h"
#include "domain/municipalities.h"
#include "domain/org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const struct field_spec organisation_fields[] = {
    [ORG_F_NAME] = {"name", FT_TEXT, FIELD_REQUIRED, offsetof(struct organisation_input, name), 1,
                    200, 0, 0, NULL},
    [ORG_F_KIND] = {"kind", FT_ENUM, FIELD_REQUIRED, offsetof(struct organisation_input, kind), 0,
                    0, 0, 0, org_kinds},
    [ORG_F_COUNTRY] = {"country", FT_TEXT, FIELD_REQUIRED,
                       offsetof(struct organisation_input, country), 2, 2, 0, 0, NULL},
    [ORG_F_MUNICIPALITY] = {"municipality", FT_TEXT, FIELD_NULLABLE,
                            offsetof(struct organisation_input, municipality), 0, 100, 0, 0, NULL},
    [ORG_F_ADDRESS] = {"address", FT_TEXT, FIELD_NULLABLE,
                       offsetof(struct organisation_input, address), 0, 300, 0, 0, NULL},
    [ORG_F_CONTACT_NAME] = {"contact_name", FT_TEXT, FIELD_NULLABLE,
                            offsetof(struct organisation_input, contact_name), 0, 200, 0, 0, NULL},
    [ORG_F_PHONE] = {"phone", FT_TEXT, FIELD_NULLABLE, offsetof(struct organisation_input, phone),
                     0, 50, 0, 0, NULL},
    [ORG_F_EMAIL] = {"email", FT_TEXT, FIELD_NULLABLE, offsetof(struct organisation_input, email),
                     0, 254, 0, 0, NULL},
    [ORG_F_WEBSITE] = {"website", FT_TEXT, FIELD_NULLABLE,
                       offsetof(struct organisation_input, website), 0, 500, 0, 0, NULL},
    [ORG_F_NOTES] = {"notes", FT_TEXT, FIELD_NULLABLE | FIELD_MULTILINE,
                     offsetof(struct organisation_input, notes), 0, 4000, 0, 0, NULL},
    [ORG_F_LAT] = {"lat", FT_REAL, FIELD_NULLABLE, offsetof(struct organisation_input, lat), 0, 0,
                   -90, 90, NULL},
    [ORG_F_LON] = {"lon", FT_REAL, FIELD_NULLABLE, offsetof(struct organisation_input, lon), 0, 0,
                   -180, 180, NULL},
};

const size_t organisation_fields_count = ARRAY_LEN(organisation_fields);
_Static_assert(ARRAY_LEN(organisation_fields) == ORG_F__MAX, "one spec per field");

/* Coordinates and similar reals print with 15 significant digits: 54.6872, not 54.68719999... */
#define JSON_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(15))

static void reply_org_json(struct request *r, int status, json_t *body)
{
        char *text = body ? json_dumps(body, JSON_FLAGS) : NULL;
        json_decref(body);
        if (!text) {
                reply_internal(r, "cannot render the response");
                return;
        }
        reply_raw(r, status, "application/json", text, strlen(text));
}

/* ------------------------------------------------------------------------ */
/* Rules                                                                     */

static bool given(const struct organisation_input *in, int f)
{
        return INPUT_HAS(in, f) && !INPUT_NULL(in, f);
}

/* "" and all-space text mean "no value" in optional fields. */
static bool blank(const char *s)
{
        if (!s)
                return true;
        for (; *s; s++)
                if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
                        return false;
        return true;
}

json_t *organisation_check(struct arena *a, struct organisation_input *in)
{
        json_t *errs = json_object();
        if (!in->name || blank(in->name))
                json_object_set_new(errs, "name", json_string("must not be blank"));
        /* validate_json() checks kind; this guards callers that fill in by hand. */
        if (!in->kind || enum_index(org_kinds, in->kind) < 0)
                json_object_set_new(errs, "kind", json_string("must be an organisation kind"));
        if (in->country && strlen(in->country) == 2) {
                char cc[3] = {in->country[0], in->country[1], '\0'};
                for (int i = 0; i < 2; i++)
                        if (cc[i] >= 'a' && cc[i] <= 'z')
                                cc[i] = (char)(cc[i] - 'a' + 'A');
                if (!country_valid(cc))
                        json_object_set_new(
                            errs, "country",
                            json_string("must be an ISO 3166-1 alpha-2 country code (LT, GB, IT)"));
                else
                        in->country = arena_strdup(a, cc);
        } else {
                json_object_set_new(errs, "country",
                                    json_string(in->country ? "must be an ISO 3166-1 alpha-2 "
                                                              "country code (LT, GB, IT)"
                                                            : "is required"));
        }
        const char **text[] = {&in->municipality, &in->address, &in->contact_name, &in->phone,
                               &in->email,        &in->website, &in->notes};
        for (size_t i = 0; i < ARRAY_LEN(text); i++)
                if (blank(*text[i]))
                        *text[i] = NULL;
        if (in->municipality && in->country && strcmp(in->country, "LT") == 0) {
                const struct municipality *m = municipality_lookup(in->municipality);
                if (!m)
                        json_object_set_new(errs, "municipality",
                                            json_string("must be one of the 60 municipalities of "
                                                        "Lithuania (GET /api/v1/municipalities)"));
                else
                        in->municipality = m->name;
        }
        if (in->phone && !phone_valid(in->phone))
                json_object_set_new(
                    errs, "phone",
                    json_string("must be digits, with only spaces and + - ( ) besides"));
        if (in->email && !email_valid(in->email))
                json_object_set_new(errs, "email", json_string("must be an e-mail address"));
        if (in->website && !website_valid(in->website))
                json_object_set_new(errs, "website",
                                    json_string("must be an http:// or https:// address"));
        bool lat = given(in, ORG_F_LAT), lon = given(in, ORG_F_LON);
        if (lat && !lon)
                json_object_set_new(errs, "lon", json_string("is required when lat is given"));
        if (lon && !lat)
                json_object_set_new(errs, "lat", json_string("is required when lon is given"));
        if (json_object_size(errs) == 0) {
                json_decref(errs);
                return NULL;
        }
        return errs;
}

/* Bind the 12 stored fields of in to parameters 1..12. */
static void bind_fields(struct stmt *st, const struct organisation_input *in)
{
        st_bind_text(st, 1, in->name);
        st_bind_text(st, 2, in->kind);
        st_bind_text(st, 3, in->country);
        st_bind_text(st, 4, in->municipality);
        st_bind_text(st, 5, in->address);
        st_bind_text(st, 6, in->contact_name);
        st_bind_text(st, 7, in->phone);
        st_bind_text(st, 8, in->email);
        st_bind_text(st, 9, in->website);
        st_bind_text(st, 10, in->notes);
        if (given(in, ORG_F_LAT) && given(in, ORG_F_LON)) {
                st_bind_double(st, 11, in->lat);
                st_bind_double(st, 12, in->lon);
        } else {
                st_bind_null(st, 11);
                st_bind_null(st, 12);
        }
}

enum ecat_err organisation_insert(struct db *db, struct arena *a, struct organisation_input *in,
                                  int64_t actor_id, const char *request_id, json_t **errors,
                                  int64_t *id)
{
        *errors = organisation_check(a, in);
        if (*errors)
                return E_VALIDATION;
        struct stmt *st = db_prepare(db, STMT_ORG_INSERT);
        if (!st)
                return E_INTERNAL;
        int64_t now = now_seconds();
        bind_fields(st, in);
        st_bind_int(st, 13, now);
        st_bind_int(st, 14, now);
        if (in->id)
                st_bind_int(st, 15, in->id);
        enum store_rc rc = st_exec(st);
        if (rc == STORE_CONSTRAINT && in->id) {
                *errors = json_pack("{s:s}", "id", "is taken by another organisation");
                return E_CONFLICT;
        }
        if (rc != STORE_DONE)
                return E_INTERNAL;
        *id = db_last_id(db);
        struct audit_entry e = {actor_id, "organisation.create",       "organisation", *id,
                                "ok",     request_id ? request_id : ""};
        return audit_append(db, &e) == STORE_OK ? E_OK : E_INTERNAL;
}

enum ecat_err organisation_insert_json(struct db *db, struct arena *a, const char *json, size_t len,
                                       int64_t actor_id, const char *request_id, json_t **errors,
                                       int64_t *id)
{
        return organisation_insert_json_id(db, a, json, len, 0, actor_id, request_id, errors, id);
}

enum ecat_err organisation_insert_json_id(struct db *db, struct arena *a, const char *json,
                                          size_t len, int64_t want_id, int64_t actor_id,
                                          const char *request_id, json_t **errors, int64_t *id)
{
        struct organisation_input in;
        memset(&in, 0, sizeof(in));
        in.id = want_id;
        const char *message = NULL;
        switch (validate_json(a, json, len, organisation_fields, organisation_fields_count, &in,
                              false, errors, &message)) {
        case VALID:
                break;
        case INVALID_FIELDS: {
                /*
                 * Report the cross-field rules too, so one answer names every
                 * field to fix; a field keeps its first message.
                 */
                for (size_t i = 0; i < organisation_fields_count; i++)
                        if (json_object_get(*errors, organisation_fields[i].name))
                                in.head.present &= ~(UINT64_C(1) << i);
                json_t *more = organisation_check(a, &in);
                if (more) {
                        json_object_update_missing(*errors, more);
                        json_decref(more);
                }
                return E_VALIDATION;
        }
        case MALFORMED:
                *errors = json_string(message ? message : "the body is not a JSON object");
                return E_BAD_REQUEST;
        }
        return organisation_insert(db, a, &in, actor_id, request_id, errors, id);
}

/* ------------------------------------------------------------------------ */
/* Reading                                                                   */

static json_t *real_or_null(struct stmt *st, int col)
{
        return st_null(st, col) ? json_null() : json_real(st_double(st, col));
}

/* One organisation from the ORG_COLS columns of st. */
static json_t *org_row(struct stmt *st)
{
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(st_int(st, 0)));
        json_object_set_new(o, "name", json_string(st_text(st, 1)));
        json_object_set_new(o, "kind", json_string(st_text(st, 2)));
        json_object_set_new(o, "country", json_string(st_text(st, 3)));
        static const char *const optional[] = {"municipality", "address", "contact_name", "phone",
                                               "email",        "website", "notes"};
        for (size_t i = 0; i < ARRAY_LEN(optional); i++)
                json_object_set_new(o, optional[i], json_string_or_null(st_text(st, 4 + (int)i)));
        json_object_set_new(o, "lat", real_or_null(st, 11));
        json_object_set_new(o, "lon", real_or_null(st, 12));
        json_object_set_new(o, "created_at", json_timestamp(st_int(st, 13)));
        json_object_set_new(o, "updated_at", json_timestamp(st_int(st, 14)));
        return o;
}

json_t *organisation_load(struct db *db, int64_t id, bool with_activity)
{
        struct stmt *st = db_prepare(db, STMT_ORG_BY_ID);
        if (!st)
                return NULL;
        st_bind_int(st, 1, id);
        json_t *o = st_step(st) == STORE_ROW ? org_row(st) : NULL;
        st_reset(st);
        if (!o || !with_activity)
                return o;
        st = db_prepare(db, STMT_ORG_ACTIVITY_STATS);
        if (st)
                st_bind_int(st, 1, id);
        if (!st || st_step(st) != STORE_ROW) {
                if (st)
                        st_reset(st);
                json_decref(o);
                return NULL;
        }
        json_object_set_new(o, "activities_count", json_integer(st_int(st, 0)));
        if (st_null(st, 1)) {
                json_object_set_new(o, "last_activity", json_null());
        } else {
                char date[11];
                format_date((int32_t)st_int(st, 1), date);
                json_object_set_new(o, "last_activity", json_string(date));
        }
        st_reset(st);
        return o;
}

/* The list filters, read from the query string. */
struct org_filter {
        const char *kind, *country, *municipality, *fts;
        bool visited;
        int has_visited, has_project;
        int64_t project;
};

#define Q_MAX_CHARS 200

/* Read the filters shared by the JSON list and the CSV export; -1 when r is answered. */
static int read_filter(struct request *r, struct org_filter *f)
{
        memset(f, 0, sizeof(*f));
        const char *country = NULL, *muni = NULL, *q = NULL;
        if (query_enum(r, "kind", org_kinds, &f->kind) < 0 ||
            query_text(r, "country", 2, &country) < 0 ||
            query_text(r, "municipality", 100, &muni) < 0 ||
            query_text(r, "q", Q_MAX_CHARS, &q) < 0 ||
            (f->has_visited = query_bool(r, "visited", &f->visited)) < 0 ||
            (f->has_project = query_int(r, "project", 1, INT64_MAX, &f->project)) < 0)
                return -1;
        if (country) {
                char cc[3] = {country[0], country[0] ? country[1] : '\0', '\0'};
                for (int i = 0; i < 2; i++)
                        if (cc[i] >= 'a' && cc[i] <= 'z')
                                cc[i] = (char)(cc[i] - 'a' + 'A');
                if (!country_valid(cc)) {
                        reply_error_fields(
                            r, E_BAD_REQUEST, "a query parameter is invalid",
                            json_pack("{s:s}", "country", "must be an ISO 3166-1 alpha-2 code"));
                        return -1;
                }
                f->country = arena_strdup(&r->arena, cc);
        }
        if (muni && *muni) {
                /* Lithuanian names match however they are typed; others as stored. */
                const struct municipality *m = municipality_lookup(muni);
                f->municipality = m ? m->name : muni;
        }
        if (q)
                f->fts = store_search_query(&r->arena, q);
        return 0;
}

static void bind_filter(struct stmt *st, const struct org_filter *f)
{
        st_bind_text(st, 1, f->kind);
        st_bind_text(st, 2, f->country);
        st_bind_text(st, 3, f->municipality);
        if (f->has_visited)
                st_bind_int(st, 4, f->visited);
        else
                st_bind_null(st, 4);
        if (f->has_project)
                st_bind_int(st, 5, f->project);
        else
                st_bind_null(st, 5);
        st_bind_text(st, 6, f->fts);
}

void organisations_list(struct request *r)
{
        int64_t limit, offset;
        struct org_filter f;
        if (query_page(r, &limit, &offset) < 0 || read_filter(r, &f) < 0)
                return;
        struct db *db = store_db(r->app->store);
        if (!db) {
                reply_internal(r, "no database connection");
                return;
        }
        /* One read transaction: the page and its total see the same data. */
        if (db_begin_read(db) != STORE_OK) {
                reply_internal(r, "cannot begin read");
                return;
        }
        struct stmt *st = db_prepare(db, STMT_ORG_LIST);
        struct stmt *cnt = db_prepare(db, STMT_ORG_COUNT);
        if (!st || !cnt) {
                db_rollback(db);
                reply_internal(r, "prepare failed");
                return;
        }
        bind_filter(st, &f);
        st_bind_int(st, 7, limit);
        st_bind_int(st, 8, offset);
        json_t *items = json_array();
        enum store_rc rc;
        while ((rc = st_step(st)) == STORE_ROW)
                json_array_append_new(items, org_row(st));
        st_reset(st);
        bind_filter(cnt, &f);
        enum store_rc crc = st_step(cnt);
        int64_t total = crc == STORE_ROW ? st_int(cnt, 0) : 0;
        st_reset(cnt);
        db_rollback(db);
        if (rc != STORE_DONE || crc != STORE_ROW) {
                json_decref(items);
                reply_internal(r, "organisation list failed");
                return;
        }
        reply_org_json(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}

/* Ceiling of one CSV export; far above any real register of organisations. */
#define CSV_EXPORT_MAX (256u << 20)

/* A REAL column as a CSV cell: plain digits, never through the formula guard. */
static int csv_real(struct buf *b, struct stmt *st, int col, int last)
{
        if (st_null(st, col))
                return csv_cell(b, NULL, last);
        return buf_printf(b, "%.15g%s", st_double(st, col), last ? "" : ",");
}

void organisations_csv(struct request *r)
{
        struct org_filter f;
        if (read_filter(r, &f) < 0)
                return;
        struct db *db = store_db(r->app->store);
        struct stmt *st = db ? db_prepare(db, STMT_ORG_EXPORT) : NULL;
        if (!st) {
                reply_internal(r, "prepare failed");
                return;
        }
        static const char *const header[] = {
            "id",      "name",         "kind",  "country",    "municipality",
            "address", "contact_name", "phone", "email",      "website",
            "notes",   "lat",          "lon",   "created_at", "updated_at"};
        struct buf b;
        buf_init(&b, CSV_EXPORT_MAX);
        int bad = 0;
        for (size_t i = 0; i < ARRAY_LEN(header); i++)
                bad |= csv_cell(&b, header[i], i + 1 == ARRAY_LEN(header));
        bad |= csv_end(&b);
        enum store_rc rc;
        bind_filter(st, &f);
        while (!bad && (rc = st_step(st)) == STORE_ROW) {
                char created[21], updated[21];
                format_timestamp(st_int(st, 13), created);
                format_timestamp(st_int(st, 14), updated);
                bad |= csv_int(&b, st_int(st, 0), 0);
                for (int col = 1; col <= 10; col++)
                        bad |= csv_cell(&b, st_null(st, col) ? NULL : st_text(st, col), 0);
                bad |= csv_real(&b, st, 11, 0);
                bad |= csv_real(&b, st, 12, 0);
                bad |= csv_cell(&b, created, 0);
                bad |= csv_cell(&b, updated, 1);
                bad |= csv_end(&b);
        }
        st_reset(st);
        if (bad || rc != STORE_DONE) {
                buf_free(&b);
                if (bad)
                        reply_error(r, E_BAD_REQUEST,
                                    "the export is over its size ceiling; narrow it with filters");
                else
                        reply_internal(r, "organisation export failed");
                return;
        }
        req_add_header(r, "Content-Disposition", "attachment; filename=\"organisations.csv\"");
        size_t len = 0;
        char *data = buf_steal(&b, &len);
        reply_raw(r, 200, "text/csv; charset=utf-8", data, len);
}

void organisations_get(struct request *r)
{
        struct db *db = store_db(r->app->store);
        if (!db) {
                reply_internal(r, "no database connection");
                return;
        }
        json_t *o = organisation_load(db, r->ids[0], true);
        if (!o) {
                reply_error(r, E_NOT_FOUND, "no such organisation");
                return;
        }
        reply_org_json(r, 200, o);
}

/* ------------------------------------------------------------------------ */
/* Writing                                                                   */

/* Whether a Content-Type names JSON ("application/json", parameters allowed). */
static bool json_media_type(const char *ct)
{
        if (!ct)
                return false;
        size_t n = strcspn(ct, ";");
        while (n && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
                n--;
        return n == 16 && strncasecmp(ct, "application/json", 16) == 0;
}

/*
 * Creation goes through organisation_insert_json(), the very path of the CSV
 * import and the demo data, so the three can never disagree on the rules.
 */
void organisations_create(struct request *r)
{
        if (!json_media_type(r->content_type)) {
                reply_error(r, E_UNSUPPORTED_MEDIA_TYPE,
                            "the request body must be application/json");
                return;
        }
        struct db *db;
        if (tx_begin(r, &db) < 0)
                return;
        json_t *errors = NULL;
        int64_t id = 0;
        enum ecat_err e =
            organisation_insert_json(db, &r->arena, r->body.data ? r->body.data : "", r->body.len,
                                     r->auth.user_id, r->id, &errors, &id);
        if (e != E_OK) {
                db_rollback(db);
                if (e == E_VALIDATION) {
                        reply_error_fields(r, E_VALIDATION, "the request has invalid fields",
                                           errors);
                        return;
                }
                if (e == E_BAD_REQUEST && json_is_string(errors)) {
                        const char *msg = arena_strdup(&r->arena, json_string_value(errors));
                        reply_error(r, E_BAD_REQUEST, msg ? msg : "the request body is malformed");
                } else {
                        reply_internal(r, "cannot create organisation");
                }
                json_decref(errors);
                return;
        }
        if (tx_commit(r, db) < 0)
                return;
        json_t *o = organisation_load(db, id, false);
        if (!o) {
                reply_internal(r, "organisation vanished");
                return;
        }
        char loc[64];
        snprintf(loc, sizeof(loc), "/api/v1/organisations/%lld", (long long)id);
        req_add_header(r, "Location", loc);
        reply_org_json(r, 201, o);
}

/* Fill the fields the PATCH body leaves out from the stored row (ORG_COLS). */
static void merge_stored(struct arena *a, struct organisation_input *in, struct stmt *st)
{
        const char **text[] = {&in->name,    &in->kind,         &in->country, &in->municipality,
                               &in->address, &in->contact_name, &in->phone,   &in->email,
                               &in->website, &in->notes};
        for (int i = 0; i < (int)ARRAY_LEN(text); i++)
                if (!INPUT_HAS(in, i))
                        *text[i] = st_null(st, 1 + i) ? NULL : arena_strdup(a, st_text(st, 1 + i));
        double *real[] = {&in->lat, &in->lon};
        for (int k = 0; k < 2; k++) {
                int i = ORG_F_LAT + k;
                if (INPUT_HAS(in, i))
                        continue;
                /* Mark the stored value as given, or null, as if the body had said so. */
                in->head.present |= UINT64_C(1) << i;
                if (st_null(st, 11 + k))
                        in->head.nulls |= UINT64_C(1) << i;
                else
                        *real[k] = st_double(st, 11 + k);
        }
}

void organisations_update(struct request *r)
{
        struct organisation_input in;
        memset(&in, 0, sizeof(in));
        if (validate_request(r, organisation_fields, organisation_fields_count, &in, true) < 0)
                return;
        struct db *db;
        if (tx_begin(r, &db) < 0)
                return;
        struct stmt *st = db_prepare(db, STMT_ORG_BY_ID);
        if (!st) {
                db_rollback(db);
                reply_internal(r, "prepare failed");
                return;
        }
        st_bind_int(st, 1, r->ids[0]);
        if (st_step(st) != STORE_ROW) {
                st_reset(st);
                db_rollback(db);
                reply_error(r, E_NOT_FOUND, "no such organisation");
                return;
        }
        merge_stored(&r->arena, &in, st);
        st_reset(st);
        json_t *errors = organisation_check(&r->arena, &in);
        if (errors) {
                db_rollback(db);
                reply_error_fields(r, E_VALIDATION, "the request has invalid fields", errors);
                return;
        }
        struct stmt *up = db_prepare(db, STMT_ORG_UPDATE);
        if (!up) {
                db_rollback(db);
                reply_internal(r, "prepare failed");
                return;
        }
        bind_fields(up, &in);
        st_bind_int(up, 13, now_seconds());
        st_bind_int(up, 14, r->ids[0]);
        struct audit_entry e = {
            r->auth.user_id, "organisation.update", "organisation", r->ids[0], "ok", r->id};
        if (st_exec(up) != STORE_DONE || audit_append(db, &e) != STORE_OK) {
                db_rollback(db);
                reply_internal(r, "cannot update organisation");
                return;
        }
        if (tx_commit(r, db) < 0)
                return;
        json_t *o = organisation_load(db, r->ids[0], false);
        if (!o) {
                reply_internal(r, "organisation vanished");
                return;
        }
        reply_org_json(r, 200, o);
}

/* "the organisation is still referred to by 2 activities and 1 user; ..." */
static const char *in_use_message(struct arena *a, int64_t activities, int64_t partners,
                                  int64_t users)
{
        const struct {
                int64_t n;
                const char *one, *many;
        } refs[] = {{activities, "activity", "activities"},
                    {partners, "partner entry", "partner entries"},
                    {users, "user", "users"}};
        struct buf b;
        buf_init(&b, 512);
        buf_puts(&b, "the organisation is still referred to by ");
        size_t shown = 0, total = 0;
        for (size_t i = 0; i < ARRAY_LEN(refs); i++)
                total += refs[i].n > 0;
        for (size_t i = 0; i < ARRAY_LEN(refs); i++) {
                if (refs[i].n <= 0)
                        continue;
                buf_puts(&b, shown == 0 ? "" : shown + 1 == total ? " and " : ", ");
                buf_printf(&b, "%lld %s", (long long)refs[i].n,
                           refs[i].n == 1 ? refs[i].one : refs[i].many);
                shown++;
        }
        buf_puts(&b, "; it cannot be deleted");
        const char *msg = b.data ? arena_strdup(a, b.data) : NULL;
        buf_free(&b);
        return msg ? msg : "the organisation is still referred to; it cannot be deleted";
}

void organisations_delete(struct request *r)
{
        struct db *db;
        if (tx_begin(r, &db) < 0)
                return;
        struct stmt *st = db_prepare(db, STMT_ORG_BY_ID);
        struct stmt *refs = db_prepare(db, STMT_ORG_REFERENCES);
        if (!st || !refs) {
                db_rollback(db);
                reply_internal(r, "prepare failed");
                return;
        }
        st_bind_int(st, 1, r->ids[0]);
        bool found = st_step(st) == STORE_ROW;
        st_reset(st);
        if (!found) {
                db_rollback(db);
                reply_error(r, E_NOT_FOUND, "no such organisation");
                return;
        }
        st_bind_int(refs, 1, r->ids[0]);
        if (st_step(refs) != STORE_ROW) {
                st_reset(refs);
                db_rollback(db);
                reply_internal(r, "reference count failed");
                return;
        }
        int64_t activities = st_int(refs, 0), partners = st_int(refs, 1), users = st_int(refs, 2);
        st_reset(refs);
        if (activities || partners || users) {
                db_rollback(db);
                reply_error(r, E_CONFLICT, in_use_message(&r->arena, activities, partners, users));
                return;
        }
        struct stmt *del = db_prepare(db, STMT_ORG_DELETE);
        if (del)
                st_bind_int(del, 1, r->ids[0]);
        enum store_rc rc = del ? st_exec(del) : STORE_ERROR;
        if (rc == STORE_CONSTRAINT) {
                /* Some other record (added by a later schema) still names it. */
                db_rollback(db);
                reply_error(r, E_CONFLICT,
                            "other records still refer to the organisation; it cannot be deleted");
                return;
        }
        struct audit_entry e = {
            r->auth.user_id, "organisation.delete", "organisation", r->ids[0], "ok", r->id};
        if (rc != STORE_DONE || audit_append(db, &e) != STORE_OK) {
                db_rollback(db);
                reply_internal(r, "cannot delete organisation");
                return;
        }
        if (tx_commit(r, db) < 0)
                return;
        reply_no_content(r);
}

/* ------------------------------------------------------------------------ */
/* Municipalities                                                            */

void municipalities_list(struct request *r)
{
        json_t *items = json_array();
        size_t n = municipality_count();
        for (size_t i = 0; i < n; i++) {
                const struct municipality *m = municipality_at(i);
                json_array_append_new(items, json_pack("{s:s, s:f, s:f}", "name", m->name, "lat",
                                                       m->lat, "lon", m->lon));
        }
        reply_org_json(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)n));
}

/* Organisations: column table, rules, doors (domain/organisation.h). */
#include "domain/organisation.h"

#include "core/buf.h"
#include "core/util.h"
#include "domain/municipalities.h"
#include "domain/org.h"

#include <string.h>

#define ORG_TEXT(f, field, fl, lo, hi)                                                             \
        [f] = {#field, #field, FT_TEXT, fl, offsetof(struct organisation, field),                  \
               lo,     hi,     0,       0,  NULL}

const struct column organisation_columns[ORG_F__MAX] = {
    [ORG_F_ID] = {"id", "id", FT_INT, COL_READ_ONLY, offsetof(struct organisation, id), 0, 0, 0, 0,
                  NULL},
    ORG_TEXT(ORG_F_NAME, name, FIELD_REQUIRED | COL_SEARCHABLE, 1, 200),
    [ORG_F_KIND] = {"kind", "kind", FT_ENUM, FIELD_REQUIRED, offsetof(struct organisation, kind), 0,
                    0, 0, 0, org_kinds},
    ORG_TEXT(ORG_F_COUNTRY, country, FIELD_REQUIRED, 2, 2),
    ORG_TEXT(ORG_F_MUNICIPALITY, municipality, FIELD_NULLABLE, 0, 100),
    ORG_TEXT(ORG_F_ADDRESS, address, FIELD_NULLABLE, 0, 300),
    ORG_TEXT(ORG_F_CONTACT_NAME, contact_name, FIELD_NULLABLE, 0, 200),
    ORG_TEXT(ORG_F_PHONE, phone, FIELD_NULLABLE, 0, 50),
    ORG_TEXT(ORG_F_EMAIL, email, FIELD_NULLABLE, 0, 254),
    ORG_TEXT(ORG_F_WEBSITE, website, FIELD_NULLABLE, 0, 500),
    ORG_TEXT(ORG_F_NOTES, notes, FIELD_NULLABLE | FIELD_MULTILINE, 0, 4000),
    [ORG_F_LAT] = {"lat", "lat", FT_REAL, FIELD_NULLABLE, offsetof(struct organisation, lat), 0, 0,
                   -90, 90, NULL},
    [ORG_F_LON] = {"lon", "lon", FT_REAL, FIELD_NULLABLE, offsetof(struct organisation, lon), 0, 0,
                   -180, 180, NULL},
    [ORG_F_CREATED] = {"created_at", "created_at", FT_TIMESTAMP, COL_READ_ONLY,
                       offsetof(struct organisation, created_at), 0, 0, 0, 0, NULL},
    [ORG_F_UPDATED] = {"updated_at", "updated_at", FT_TIMESTAMP, COL_READ_ONLY,
                       offsetof(struct organisation, updated_at), 0, 0, 0, 0, NULL},
};

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

/*
 * The cross-field rules of a whole record; normalises it in place.  Needs no
 * database, so it also runs beside the field errors of a create (one answer
 * names every field to fix).
 */
static void organisation_check(void *rec, struct problems *p)
{
        struct organisation *in = rec;
        if (!in->name || blank(in->name))
                problem_add(p, "name", "must not be blank");
        if (!in->kind || enum_index(org_kinds, in->kind) < 0)
                problem_add(p, "kind", "must be an organisation kind");
        if (in->country && strlen(in->country) == 2) {
                char cc[3] = {in->country[0], in->country[1], '\0'};
                for (int i = 0; i < 2; i++)
                        if (cc[i] >= 'a' && cc[i] <= 'z')
                                cc[i] = (char)(cc[i] - 'a' + 'A');
                if (!country_valid(cc)) {
                        problem_add(p, "country",
                                    "must be an ISO 3166-1 alpha-2 country code (LT, GB, IT)");
                } else {
                        const char *up = p->arena ? arena_strdup(p->arena, cc) : NULL;
                        if (up)
                                in->country = up;
                }
        } else {
                problem_add(p, "country",
                            in->country ? "must be an ISO 3166-1 alpha-2 country code (LT, GB, IT)"
                                        : "is required");
        }
        const char **text[] = {&in->municipality, &in->address, &in->contact_name, &in->phone,
                               &in->email,        &in->website, &in->notes};
        for (size_t i = 0; i < ARRAY_LEN(text); i++)
                if (blank(*text[i]))
                        *text[i] = NULL;
        if (in->municipality && in->country && strcmp(in->country, "LT") == 0) {
                const struct municipality *m = municipality_lookup(in->municipality);
                if (!m)
                        problem_add(p, "municipality",
                                    "must be one of the 60 municipalities of Lithuania (GET "
                                    "/api/v1/municipalities)");
                else
                        in->municipality = m->name;
        }
        if (in->phone && !phone_valid(in->phone))
                problem_add(p, "phone", "must be digits, with only spaces and + - ( ) besides");
        if (in->email && !email_valid(in->email))
                problem_add(p, "email", "must be an e-mail address");
        if (in->website && !website_valid(in->website))
                problem_add(p, "website", "must be an http:// or https:// address");
        bool lat = REC_GIVEN(in, ORG_F_LAT), lon = REC_GIVEN(in, ORG_F_LON);
        if (lat && !lon)
                problem_add(p, "lon", "is required when lat is given");
        if (lon && !lat)
                problem_add(p, "lat", "is required when lon is given");
}

/* "the organisation is still referred to by 2 activities and 1 user; ..." */
static const char *in_use_message(struct arena *a, const int64_t n[3])
{
        static const char *const one[] = {"activity", "partner entry", "user"};
        static const char *const many[] = {"activities", "partner entries", "users"};
        struct buf b;
        buf_init(&b, 512);
        buf_puts(&b, "the organisation is still referred to by ");
        size_t shown = 0, total = 0;
        for (size_t i = 0; i < 3; i++)
                total += n[i] > 0;
        for (size_t i = 0; i < 3; i++) {
                if (n[i] <= 0)
                        continue;
                buf_puts(&b, shown == 0 ? "" : shown + 1 == total ? " and " : ", ");
                buf_printf(&b, "%lld %s", (long long)n[i], n[i] == 1 ? one[i] : many[i]);
                shown++;
        }
        buf_puts(&b, "; it cannot be deleted");
        const char *msg = b.data && a ? arena_strdup(a, b.data) : NULL;
        buf_free(&b);
        return msg ? msg : "the organisation is still referred to; it cannot be deleted";
}

static enum ecat_err organisation_unused(struct db *db, const struct principal *who, int64_t id,
                                         const void *stored, struct problems *p)
{
        (void)who;
        (void)stored;
        struct stmt *refs = db_prepare(db, STMT_ORG_REFERENCES);
        if (!refs)
                return E_INTERNAL;
        st_bind_int(refs, 1, id);
        if (st_step(refs) != STORE_ROW) {
                st_reset(refs);
                return E_INTERNAL;
        }
        int64_t n[3] = {st_int(refs, 0), st_int(refs, 1), st_int(refs, 2)};
        st_reset(refs);
        if (!n[0] && !n[1] && !n[2])
                return E_OK;
        p->message = in_use_message(p->arena, n);
        return E_CONFLICT;
}

const struct resource organisation_resource = {
    .name = "organisation",
    .table = "organisations",
    .cols = organisation_columns,
    .n_cols = ORG_F__MAX,
    .size = sizeof(struct organisation),
    .by_id = STMT_ORG_BY_ID,
    .insert = STMT_ORG_INSERT,
    .update = STMT_ORG_UPDATE,
    .del = STMT_ORG_DELETE,
    .has_update = true,
    .has_delete = true,
    .check = organisation_check,
    .unique_field = "id",
    .unique_message = "is taken by another organisation",
    .before_delete = organisation_unused,
};

enum ecat_err organisation_create(struct db *db, const struct principal *who,
                                  struct organisation *in, int64_t want_id, struct problems *p,
                                  int64_t *id)
{
        return res_create(db, who, &organisation_resource, in, want_id, p, id);
}

enum ecat_err organisation_update(struct db *db, const struct principal *who, int64_t id,
                                  struct organisation *patch, struct problems *p)
{
        return res_update(db, who, &organisation_resource, id, patch, p);
}

enum ecat_err organisation_delete(struct db *db, const struct principal *who, int64_t id,
                                  struct problems *p)
{
        return res_delete(db, who, &organisation_resource, id, p);
}

enum ecat_err organisation_get(struct db *db, const struct principal *who, struct arena *a,
                               int64_t id, struct organisation *out)
{
        (void)who;
        return res_load(db, &organisation_resource, a, id, out);
}

enum ecat_err organisation_activity(struct db *db, int64_t id, int64_t *count, bool *any,
                                    int32_t *last)
{
        struct stmt *st = db_prepare(db, STMT_ORG_ACTIVITY_STATS);
        if (!st)
                return E_INTERNAL;
        st_bind_int(st, 1, id);
        if (st_step(st) != STORE_ROW) {
                st_reset(st);
                return E_INTERNAL;
        }
        *count = st_int(st, 0);
        *any = !st_null(st, 1);
        *last = *any ? (int32_t)st_int(st, 1) : 0;
        st_reset(st);
        return E_OK;
}

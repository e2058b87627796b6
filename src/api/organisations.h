/*
 * Organisations: the field table, the cross-field rules and the one way to
 * insert an organisation, shared by the HTTP handlers (organisations.c), the
 * CSV import and the demo data set.
 *
 * Rules (domain.md): name 1-200 characters and not blank; kind one of
 * org_kinds; country an ISO 3166-1 alpha-2 code (lower case accepted, stored
 * upper case); for LT the municipality is one of the 60 of
 * domain/municipalities.h (matched ignoring case and diacritics, stored in its
 * canonical spelling), elsewhere free text up to 100 characters; lat -90..90
 * and lon -180..180, both or neither; email, website and phone of the shapes
 * of domain/org.h; address 300, contact_name 200, notes 4000 characters
 * (notes may span lines).  An empty string in an optional field means null.
 */
#ifndef ECAT_API_ORGANISATIONS_H
#define ECAT_API_ORGANISATIONS_H

#include <jansson.h>
#include <stdint.h>

#include "api/validate.h"
#include "core/arena.h"
#include "core/err.h"
#include "store/store.h"

/* What validate_json() fills from organisation_fields. */
struct organisation_input {
        struct input_head head;
        const char *name;
        const char *kind;
        const char *country;
        const char *municipality;
        const char *address;
        const char *contact_name;
        const char *phone;
        const char *email;
        const char *website;
        const char *notes;
        double lat;
        double lon;
        int64_t id; /* not an input field: 0 lets the database choose (see import) */
};

/* Index of each field in organisation_fields (for INPUT_HAS / INPUT_NULL). */
enum organisation_field {
        ORG_F_NAME,
        ORG_F_KIND,
        ORG_F_COUNTRY,
        ORG_F_MUNICIPALITY,
        ORG_F_ADDRESS,
        ORG_F_CONTACT_NAME,
        ORG_F_PHONE,
        ORG_F_EMAIL,
        ORG_F_WEBSITE,
        ORG_F_NOTES,
        ORG_F_LAT,
        ORG_F_LON,
        ORG_F__MAX
};

extern const struct field_spec organisation_fields[];
extern const size_t organisation_fields_count;

/*
 * Apply the cross-field rules to a complete record in: normalises it in place
 * (country upper case, municipality canonical, empty optional text to NULL;
 * new strings come from a) and returns NULL when it is valid, else a new
 * object {"field": "message"} the caller owns.  lat/lon count as given when
 * their bit is set in in->head.present and clear in in->head.nulls.
 */
json_t *organisation_check(struct arena *a, struct organisation_input *in);

/*
 * Check and insert in (a complete record, as validate_json() fills it for a
 * create) and append its audit entry "organisation.create", all inside the
 * caller's write transaction.  Returns E_OK with *id set; E_VALIDATION with
 * *errors = {"field": "message"}; E_INTERNAL when the store fails (the caller
 * rolls back).  *errors is NULL unless set; the caller owns it.
 */
enum ecat_err organisation_insert(struct db *db, struct arena *a, struct organisation_input *in,
                                  int64_t actor_id, const char *request_id, json_t **errors,
                                  int64_t *id);

/*
 * The same from a JSON object of len bytes (validate_json against
 * organisation_fields, then organisation_insert); POST /api/v1/organisations
 * runs through here too.  On E_VALIDATION *errors names every field at fault,
 * type errors and cross-field rules together.  Returns in addition
 * E_BAD_REQUEST when json is not a JSON object, with *errors a JSON string
 * saying what is wrong.  Strings come from arena a.
 */
/*
 * The same, keeping the id want_id (an import of an export keeps its ids so
 * the activities that name them still point at the same institutions);
 * E_CONFLICT naming "id" when it is taken.  want_id 0: the database chooses.
 */
enum ecat_err organisation_insert_json_id(struct db *db, struct arena *a, const char *json,
                                          size_t len, int64_t want_id, int64_t actor_id,
                                          const char *request_id, json_t **errors, int64_t *id);
enum ecat_err organisation_insert_json(struct db *db, struct arena *a, const char *json, size_t len,
                                       int64_t actor_id, const char *request_id, json_t **errors,
                                       int64_t *id);

/*
 * The organisation with id as its API object (see api.md), or NULL when there
 * is none or the store fails.  with_activity adds "activities_count" and
 * "last_activity" (YYYY-MM-DD or null).  The caller owns the result.
 */
json_t *organisation_load(struct db *db, int64_t id, bool with_activity);

#endif

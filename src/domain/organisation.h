/*
 * Organisations: every partner, visited institution, hotel, business,
 * police force or funder.  The record, its column table, its rules and the
 * doors that are the one way an organisation is written (API, CSV import,
 * demo, `ecat org add`), inside the caller's write transaction (results as
 * in domain/resource.h).
 *
 * Rules (domain.md): name 1-200 characters and not blank; kind one of
 * org_kinds; country an ISO 3166-1 alpha-2 code (lower case accepted, stored
 * upper case); for LT the municipality is one of the 60 of
 * domain/municipalities.h (matched ignoring case and diacritics, stored in
 * its canonical spelling), elsewhere free text up to 100 characters; lat
 * -90..90 and lon -180..180, both or neither; email, website and phone of the
 * shapes of domain/org.h; address 300, contact_name 200, notes 4000
 * characters (notes may span lines).  An empty string in an optional field
 * means null.  An organisation still referred to by an activity, a partner
 * entry or a user cannot be deleted (E_CONFLICT saying by what).
 */
#ifndef ECAT_DOMAIN_ORGANISATION_H
#define ECAT_DOMAIN_ORGANISATION_H

#include <stdint.h>

#include "domain/resource.h"

struct organisation {
        struct record_head head;
        int64_t id;
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
        int64_t created_at;
        int64_t updated_at;
};

enum organisation_column {
        ORG_F_ID,
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
        ORG_F_CREATED,
        ORG_F_UPDATED,
        ORG_F__MAX
};

extern const struct column organisation_columns[ORG_F__MAX];
extern const struct resource organisation_resource;

/* want_id: the id to keep (an import of an export); 0: the database chooses. */
enum ecat_err organisation_create(struct db *db, const struct principal *who,
                                  struct organisation *in, int64_t want_id, struct problems *p,
                                  int64_t *id);
enum ecat_err organisation_update(struct db *db, const struct principal *who, int64_t id,
                                  struct organisation *patch, struct problems *p);
enum ecat_err organisation_delete(struct db *db, const struct principal *who, int64_t id,
                                  struct problems *p);
enum ecat_err organisation_get(struct db *db, const struct principal *who, struct arena *a,
                               int64_t id, struct organisation *out);

/* How many activities took place at organisation id, and the date of the last (0: none). */
enum ecat_err organisation_activity(struct db *db, int64_t id, int64_t *count, bool *any,
                                    int32_t *last);

#endif

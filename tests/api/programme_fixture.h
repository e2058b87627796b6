/*
 * Shared set-up for the programme's API tests (projects, activities,
 * dashboard): organisations made with `ecat org add`, records created over
 * the API, and lookups in JSON arrays.  Everything fails the test on an
 * unexpected answer, so a test reads as its scenario.
 */
#ifndef ECAT_API_PROGRAMME_FIXTURE_H
#define ECAT_API_PROGRAMME_FIXTURE_H

#include "harness.h"

/* A demo organisation's id by its exact name. */
int64_t fx_org_id(struct server *s, const char *name);
/* A new organisation (`ecat org add`); municipality may be NULL. */
int64_t fx_org(struct server *s, const char *name, const char *kind, const char *country,
               const char *municipality);

/*
 * A new user of organisation org with role (`ecat user add`), logged in: a
 * client acting for that organisation (partner scope, domain/scope.h).
 * Logins are "fx-<role>-<counter>"; the password is FX_PASSWORD.
 */
#define FX_PASSWORD "fixture-password-2013"
struct client *fx_user(struct server *s, const char *role, int64_t org);

/* POST json to path; CHECK 201 and return the new id. */
int64_t fx_create(struct client *c, const char *path, const char *json);
/* POST json and expect the documented error naming field (may be NULL). */
void fx_refused(struct client *c, const char *method, const char *path, const char *json,
                long status, const char *code, const char *field);

/* A project code no other test uses in this server ("T<counter>"). */
const char *fx_code(void);

/*
 * A project 2013-05-01 .. 2014-12-31 in EUR with budget 395,000.00, and two
 * partners: Lithuanian Caritas (partner, 30,209.00) and the Royal Borough of
 * Kensington and Chelsea (lead, 100,000.00).  The coordinator given (the demo
 * one is of Caritas) sets it up while it has no lead; from then on its
 * settings, partners and indicators are written by lead, a coordinator of the
 * Borough, who also writes the Borough's activities and expenses.
 */
struct fx_project {
        int64_t id;
        int64_t caritas_org, borough_org; /* organisation ids */
        int64_t caritas, borough;         /* partner ids */
        struct client *lead;              /* a coordinator of the Borough, the lead partner */
};
void fx_project(struct client *coordinator, struct server *s, struct fx_project *p);

/* An activity of p run by run_by at org on date with youths and specialists; its id. */
int64_t fx_activity(struct client *c, const struct fx_project *p, int64_t org, int64_t run_by,
                    const char *date, const char *kind, int youths, int specialists);

/* The element of array whose member key is the string value; fails when none. */
json_t *fx_find(json_t *array, const char *key, const char *value);
/* The element of array whose member key is the integer value; NULL when none. */
json_t *fx_find_int(json_t *array, const char *key, long long value);
/* Integer member key of object (fails unless an integer). */
long long fx_int(json_t *object, const char *key);

#endif

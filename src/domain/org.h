/*
 * Organisations: the value sets and checks of domain.md, in plain C.
 */
#ifndef ECAT_DOMAIN_ORG_H
#define ECAT_DOMAIN_ORG_H

#include <stdbool.h>

/* NULL-terminated list of organisation kinds. */
extern const char *const org_kinds[];
/* Whether s is an ISO 3166-1 alpha-2 code in use ("LT", "GB", "IT"). */
bool country_valid(const char *s);

/*
 * Shapes of an organisation's contact fields.  Each takes NUL-terminated
 * UTF-8 that has already passed the length and control-character checks of
 * the field table, and says whether it has the shape the field needs.
 */
/* One '@' with text before it, a domain holding a dot not at either end,
 * no spaces, at most 254 bytes. */
bool email_valid(const char *s);
/* "http://" or "https://" (any case) followed by a host and no spaces, at most 500 bytes. */
bool website_valid(const char *s);
/* Digits, spaces and + - ( ) only, with at least one digit, at most 50 bytes. */
bool phone_valid(const char *s);

#endif

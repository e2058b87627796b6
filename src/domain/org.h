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

#endif

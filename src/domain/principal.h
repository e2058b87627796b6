/*
 * Who is acting: the user, their role and their agency, and the request on
 * whose behalf (for the audit entry).  Every door of the domain layer takes
 * one; a door that shows or changes agency-owned records scopes by org_id.
 * The demo data set and the command line act as a principal too (an admin
 * of the organisation they name, or user 0: the system).  A door that ends
 * a user's sessions keeps the principal's own (session_id).
 */
#ifndef ECAT_PRINCIPAL_H
#define ECAT_PRINCIPAL_H

#include <stdint.h>

#include "auth/policy.h"

struct principal {
        int64_t user_id; /* 0: the system (ecat's own command line) */
        enum role role;
        int64_t org_id;         /* the user's organisation (agency); 0: none */
        const char *request_id; /* "" outside a request */
        int64_t session_id;     /* the login session acting; 0: a token or the command line */
};

#endif

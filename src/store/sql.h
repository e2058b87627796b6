/*
 * Every SQL statement of ecat, named.  Each concern keeps its statements in
 * its own list below; STORE_STATEMENTS joins them into one enum (store.h).
 * Values are always bound ('?'), never spliced into the text.  The text is
 * written to run on SQLite and PostgreSQL alike; a backend may override one.
 */
#ifndef ECAT_SQL_H
#define ECAT_SQL_H

#include "store/sql_auth.h"
#include "store/sql_audit.h"
#include "store/sql_org.h"
/* --- programme --- */
/* --- imports --- */
/* --- web --- */
#include "store/sql_web.h"

#define STORE_STATEMENTS(X)                                                                        \
        SQL_AUTH(X)                                                                                \
        SQL_AUDIT(X)                                                                               \
        SQL_ORG(X)                                                                                 \
        /* --- programme --- */                                                                    \
        /* --- imports --- */                                                                      \
        /* --- web --- */                                                                          \
        SQL_WEB(X)

#endif

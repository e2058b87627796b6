/*
 * Every SQL statement of ecat, named.  Each concern keeps its statements in
 * its own list below; STORE_STATEMENTS joins them into one enum (store.h).
 * Values are always bound ('?' or '?N'), never spliced into the text.  The
 * text is SQLite's; a PostgreSQL backend will carry its own table for the
 * statements whose dialect differs (COLLATE NOCASE, numbered parameters).
 */
#ifndef ECAT_SQL_H
#define ECAT_SQL_H

#include "store/sql_auth.h"
#include "store/sql_case.h"
#include "store/sql_audit.h"
#include "store/sql_org.h"
/* --- programme --- */
#include "store/sql_activity.h"
#include "store/sql_dashboard.h"
#include "store/sql_material.h"
#include "store/sql_engagement.h"
#include "store/sql_programme.h"
#include "store/sql_report.h"
/* --- imports --- */
/* --- web --- */
#include "store/sql_web.h"

/* Returns its two parameters as a row: the tests of row binds and reads (store/rows.h). */
#define SQL_STORE_SELF(X) X(STMT_ROWS_ECHO, "SELECT ?1 AS a, ?2 AS b")

#define STORE_STATEMENTS(X)                                                                        \
        SQL_STORE_SELF(X)                                                                          \
        SQL_AUTH(X)                                                                                \
        SQL_AUDIT(X)                                                                               \
        SQL_ORG(X)                                                                                 \
        /* --- programme --- */                                                                    \
        SQL_PROGRAMME(X)                                                                           \
        SQL_ACTIVITY(X)                                                                            \
        SQL_DASHBOARD(X)                                                                           \
        SQL_MATERIAL(X)                                                                            \
        SQL_REPORT(X)                                                                              \
        SQL_ENGAGEMENT(X)                                                                          \
        /* --- cases --- */                                                                        \
        SQL_CASE(X)                                                                                \
        SQL_CASEWORK(X)                                                                            \
        SQL_CASE_KEEP(X)                                                                           \
        /* --- imports --- */                                                                      \
        /* --- web --- */                                                                          \
        SQL_WEB(X)

#endif

/*
 * The project dashboard: what it reads from the aggregates that migration 3
 * keeps current on write, and the generation counters its cache checks.
 */
#ifndef ECAT_SQL_DASHBOARD_H
#define ECAT_SQL_DASHBOARD_H

#define SQL_DASHBOARD(X)                                                                           \
        /* The project's generation (NULL: no such project) and the global one. */                 \
        X(STMT_DASH_GENERATION,                                                                    \
          "SELECT (SELECT gen FROM programme_generation WHERE project_id = ?1), "                  \
          "(SELECT gen FROM programme_generation WHERE project_id = 0)")                           \
        X(STMT_DASH_MONTHS,                                                                        \
          "SELECT month, activities, institutions, youths, specialists, teachers, parents, "       \
          "business_staff, public FROM project_month WHERE project_id = ? ORDER BY month")         \
        /* Institutions reached, grouped by kind, country and municipality                         \
         * ('' for none); each institution falls in exactly one group. */                          \
        X(STMT_DASH_REACH_GROUPS,                                                                  \
          "SELECT kind, country, municipality, institutions, activities, youths, specialists, "    \
          "teachers, parents, business_staff, public FROM project_group "                          \
          "WHERE project_id = ? AND run_by = 0")                                                   \
        X(STMT_DASH_BUDGET,                                                                        \
          "SELECT pa.id, pa.organisation_id, o.name, pa.role, pa.allocation_cents, "               \
          "coalesce((SELECT sum(e.amount_cents) FROM expenses e WHERE e.partner_id = pa.id), 0) "  \
          "FROM partners pa JOIN organisations o ON o.id = pa.organisation_id "                    \
          "WHERE pa.project_id = ? ORDER BY pa.id")

#endif

/*
 * The funder's period report (api/report.c): what it reads of a project in
 * a period [?2, ?3] (days since 1970-01-01), from the records themselves.
 */
#ifndef ECAT_SQL_REPORT_H
#define ECAT_SQL_REPORT_H

#define SQL_REPORT(X)                                                                              \
        X(STMT_REPORT_PARTNERS,                                                                    \
          "SELECT o.name, pa.role, o.country FROM partners pa "                                    \
          "JOIN organisations o ON o.id = pa.organisation_id WHERE pa.project_id = ? "             \
          "ORDER BY pa.id")                                                                        \
        /* The activities of the period, one row each, for the monthly series. */                  \
        X(STMT_REPORT_ACTIVITIES,                                                                  \
          "SELECT date, youths, specialists, teachers, parents, business_staff, public "           \
          "FROM activities WHERE project_id = ?1 AND date BETWEEN ?2 AND ?3 ORDER BY date")        \
        /* The institutions visited in the period, with what they had. */                          \
        X(STMT_REPORT_INSTITUTIONS,                                                                \
          "SELECT o.name, o.kind, coalesce(o.municipality, ''), o.lat, o.lon, count(*), "          \
          "sum(a.youths), sum(a.specialists), sum(a.teachers), sum(a.parents), "                   \
          "sum(a.business_staff), sum(a.public) FROM activities a "                                \
          "JOIN organisations o ON o.id = a.organisation_id "                                      \
          "WHERE a.project_id = ?1 AND a.date BETWEEN ?2 AND ?3 GROUP BY o.id ORDER BY o.name, "   \
          "o.id")                                                                                  \
        /* Allocation per partner and what it spent within the period. */                          \
        X(STMT_REPORT_BUDGET,                                                                      \
          "SELECT o.name, pa.allocation_cents, "                                                   \
          "coalesce((SELECT sum(e.amount_cents) FROM expenses e WHERE e.partner_id = pa.id "       \
          "AND e.date BETWEEN ?2 AND ?3), 0) "                                                     \
          "FROM partners pa JOIN organisations o ON o.id = pa.organisation_id "                    \
          "WHERE pa.project_id = ?1 ORDER BY pa.id")                                               \
        /* What was distributed in the period, per material and audience group. */                 \
        X(STMT_REPORT_DISTRIBUTIONS,                                                               \
          "SELECT m.id, m.title, d.audience, sum(d.quantity), m.kind FROM distributions d "        \
          "JOIN materials m ON m.id = d.material_id "                                              \
          "WHERE d.project_id = ?1 AND d.date BETWEEN ?2 AND ?3 "                                  \
          "GROUP BY m.id, d.audience ORDER BY m.title, m.id")                                      \
        X(STMT_REPORT_PROJECT_BY_CODE, "SELECT id FROM projects WHERE code = ?")                   \
        X(STMT_REPORT_USER_LOCALE, "SELECT locale FROM users WHERE id = ?")

#endif

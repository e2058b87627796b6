/*
 * Projects, partners, expenses, indicators and their targets.
 * Dates are days since 1970-01-01, money integer cents (see migrations 2, 3).
 */
#ifndef ECAT_SQL_PROGRAMME_H
#define ECAT_SQL_PROGRAMME_H

#define PROJECT_COLS                                                                               \
        "p.id, p.code, p.title, p.funder, p.programme, p.start_date, p.end_date, p.currency, "     \
        "p.budget_cents, p.created_at, p.updated_at"

/* A partner with what its expenses add up to, in the project's currency. */
#define PARTNER_COLS                                                                               \
        "pa.id, pa.project_id, pa.organisation_id, o.name AS organisation_name, o.country, "       \
        "pa.role, pa.allocation_cents, "                                                           \
        "coalesce((SELECT sum(e.amount_cents) FROM expenses e WHERE e.partner_id = pa.id), 0) "    \
        "AS spent_cents, pr.currency, pa.created_at, pa.updated_at"
#define PARTNER_FROM                                                                               \
        " FROM partners pa JOIN organisations o ON o.id = pa.organisation_id "                     \
        "JOIN projects pr ON pr.id = pa.project_id"

#define EXPENSE_COLS                                                                               \
        "e.id, e.project_id, e.partner_id, e.date, e.category, e.amount_cents, pr.currency, "      \
        "e.description, e.created_at, e.updated_at"
#define EXPENSE_FROM " FROM expenses e JOIN projects pr ON pr.id = e.project_id"
/* ?1 project, ?2 partner or NULL, ?3 category or NULL, ?4..?5 date range. */
#define EXPENSE_WHERE                                                                              \
        " WHERE e.project_id = ?1 AND (?2 IS NULL OR e.partner_id = ?2) "                          \
        "AND (?3 IS NULL OR e.category = ?3) AND e.date BETWEEN ?4 AND ?5"

#define INDICATOR_COLS                                                                             \
        "i.id, i.project_id, i.name, i.metric, i.partner_id, i.kinds, i.country, i.period_start, " \
        "i.period_end, i.target, i.manual_value, i.created_at, i.updated_at"

/*
 * What the records say about one indicator scope: distinct institutions,
 * activities, then the six head-count sums.  ?1 project; ?2 the kinds
 * allowed as ",kind,kind," or '' for every kind; ?3 country or NULL; ?4 the
 * partner organisation (run_by; 0 for the whole project); ?5..?6 the period.
 * Without a period the figures are sums over project_group (kept on write,
 * a few rows).  A period scope of an indicator has its figures kept too
 * (indicator_scopes, STMT_SCOPE_*); the _PERIOD statements compute any
 * other period scope from the activities in it, read from the covering
 * indexes activities_project_scope and activities_partner_scope and checked
 * against their organisations only when kinds or a country filter them.
 */
#define REACH_ACTIVITY_SUMS                                                                        \
        "count(DISTINCT a.organisation_id), count(*), coalesce(sum(a.youths), 0), "                \
        "coalesce(sum(a.specialists), 0), coalesce(sum(a.teachers), 0), "                          \
        "coalesce(sum(a.parents), 0), coalesce(sum(a.business_staff), 0), "                        \
        "coalesce(sum(a.public), 0)"
/* The organisations a kinds or country filter keeps, as one list built once per query. */
#define REACH_ORG_FILTER                                                                           \
        " AND a.organisation_id IN (SELECT o.id FROM organisations o "                             \
        "WHERE (?2 = '' OR instr(?2, ',' || o.kind || ',') > 0) AND (?3 IS NULL OR o.country = "   \
        "?3))"

#define SQL_PROGRAMME(X)                                                                           \
        X(STMT_PROJECT_INSERT,                                                                     \
          "INSERT INTO projects (code, title, funder, programme, start_date, end_date, currency, " \
          "budget_cents, created_at, updated_at) VALUES (?1, ?2, coalesce(?3, ''), "               \
          "coalesce(?4, ''), ?5, ?6, coalesce(?7, 'EUR'), coalesce(?8, 0), ?9, ?9)")               \
        X(STMT_PROJECT_BY_ID, "SELECT " PROJECT_COLS " FROM projects p WHERE p.id = ?")            \
        X(STMT_PROJECT_DATES, "SELECT start_date, end_date FROM projects WHERE id = ?")            \
        X(STMT_PROJECT_LIST,                                                                       \
          "SELECT " PROJECT_COLS " FROM projects p ORDER BY p.start_date DESC, p.id DESC "         \
          "LIMIT ?1 OFFSET ?2")                                                                    \
        X(STMT_PROJECT_COUNT, "SELECT count(*) FROM projects")                                     \
        X(STMT_PROJECT_UPDATE,                                                                     \
          "UPDATE projects SET code = ?1, title = ?2, funder = coalesce(?3, ''), "                 \
          "programme = coalesce(?4, ''), start_date = ?5, end_date = ?6, "                         \
          "currency = coalesce(?7, 'EUR'), budget_cents = coalesce(?8, 0), updated_at = ?9 "       \
          "WHERE id = ?10")                                                                        \
        X(STMT_PROJECT_OUTSIDE_DATES,                                                              \
          "SELECT (SELECT count(*) FROM activities WHERE project_id = ?1 "                         \
          "AND (date < ?2 OR date > ?3)), (SELECT count(*) FROM expenses WHERE project_id = ?1 "   \
          "AND (date < ?2 OR date > ?3))")                                                         \
        X(STMT_PARTNER_INSERT,                                                                     \
          "INSERT INTO partners (project_id, organisation_id, role, allocation_cents, "            \
          "created_at, updated_at) VALUES (?1, ?2, ?3, coalesce(?4, 0), ?5, ?5)")                  \
        X(STMT_PARTNER_BY_ID, "SELECT " PARTNER_COLS PARTNER_FROM " WHERE pa.id = ?")              \
        X(STMT_PARTNER_LIST, "SELECT " PARTNER_COLS PARTNER_FROM " WHERE pa.project_id = ?1 "      \
                             "AND (?2 IS NULL OR pa.role = ?2) ORDER BY pa.id LIMIT ?3 OFFSET ?4") \
        X(STMT_PARTNER_COUNT, "SELECT count(*) FROM partners pa WHERE pa.project_id = ?1 "         \
                              "AND (?2 IS NULL OR pa.role = ?2)")                                  \
        /* The project and the organisation of a partner entry never change. */                    \
        X(STMT_PARTNER_UPDATE,                                                                     \
          "UPDATE partners SET role = ?3, allocation_cents = coalesce(?4, 0), "                    \
          "updated_at = ?5 WHERE id = ?6")                                                         \
        X(STMT_PARTNER_RULES, "SELECT EXISTS (SELECT 1 FROM organisations WHERE id = ?1)")         \
        /* Partner scope (domain/scope.h): a partner entry's organisation; whether ?2 is a         \
         * lead partner of project ?1, and whether the project has a lead at all. */               \
        X(STMT_SCOPE_PARTNER_ORG, "SELECT organisation_id FROM partners WHERE id = ?1")            \
        X(STMT_SCOPE_LEAD,                                                                         \
          "SELECT EXISTS (SELECT 1 FROM partners WHERE project_id = ?1 AND organisation_id = ?2 "  \
          "AND role = 'lead'), EXISTS (SELECT 1 FROM partners WHERE project_id = ?1 "              \
          "AND role = 'lead')")                                                                    \
        X(STMT_PARTNER_ORG_IN_PROJECT,                                                             \
          "SELECT organisation_id FROM partners WHERE id = ? AND project_id = ?")                  \
        X(STMT_EXPENSE_INSERT,                                                                     \
          "INSERT INTO expenses (project_id, partner_id, date, category, amount_cents, "           \
          "description, created_by, created_at, updated_at) "                                      \
          "VALUES (?1, ?2, ?3, ?4, ?5, coalesce(?6, ''), ?8, ?7, ?7)")                             \
        X(STMT_EXPENSE_BY_ID, "SELECT " EXPENSE_COLS EXPENSE_FROM " WHERE e.id = ?")               \
        X(STMT_EXPENSE_LIST, "SELECT " EXPENSE_COLS EXPENSE_FROM EXPENSE_WHERE                     \
                             " ORDER BY e.date DESC, e.id DESC LIMIT ?6 OFFSET ?7")                \
        X(STMT_EXPENSE_COUNT, "SELECT count(*) FROM expenses e" EXPENSE_WHERE)                     \
        /* The facts the rules of an expense need, in one read: the project's dates                \
         * (NULL: no project) and whether the partner belongs to the project. */                   \
        X(STMT_EXPENSE_RULES, "SELECT (SELECT start_date FROM projects WHERE id = ?1), "           \
                              "(SELECT end_date FROM projects WHERE id = ?1), "                    \
                              "EXISTS (SELECT 1 FROM partners WHERE id = ?2 AND project_id = ?1)") \
        X(STMT_INDICATOR_INSERT,                                                                   \
          "INSERT INTO indicators (project_id, name, metric, partner_id, kinds, country, "         \
          "period_start, period_end, target, manual_value, created_by, created_at, updated_at) "   \
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?12, ?11, ?11)")                       \
        X(STMT_INDICATOR_BY_ID, "SELECT " INDICATOR_COLS " FROM indicators i WHERE i.id = ?")      \
        X(STMT_INDICATOR_LIST,                                                                     \
          "SELECT " INDICATOR_COLS " FROM indicators i WHERE i.project_id = ?1 "                   \
          "ORDER BY i.id LIMIT ?2 OFFSET ?3")                                                      \
        X(STMT_INDICATOR_COUNT, "SELECT count(*) FROM indicators WHERE project_id = ?")            \
        /* ?1, the project, is bound but not set: an indicator stays in its project. */            \
        X(STMT_INDICATOR_UPDATE,                                                                   \
          "UPDATE indicators SET name = ?2, metric = ?3, partner_id = ?4, kinds = ?5, "            \
          "country = ?6, period_start = ?7, period_end = ?8, target = ?9, manual_value = ?10, "    \
          "updated_at = ?11 WHERE id = ?12")                                                       \
        X(STMT_INDICATOR_DELETE, "DELETE FROM indicators WHERE id = ?")                            \
        /* A target's columns as ?1..?4 (indicator_target_columns), ?5 its indicator. */           \
        X(STMT_INDICATOR_TARGET_INSERT,                                                            \
          "INSERT INTO indicator_targets (partner_id, period_start, period_end, target, "          \
          "indicator_id) VALUES (?1, ?2, ?3, ?4, ?5)")                                             \
        X(STMT_INDICATOR_TARGETS,                                                                  \
          "SELECT id, partner_id, period_start, period_end, target FROM indicator_targets "        \
          "WHERE indicator_id = ? ORDER BY id")                                                    \
        X(STMT_INDICATOR_TARGETS_DELETE, "DELETE FROM indicator_targets WHERE indicator_id = ?")   \
        /* Period scopes (migration 3, indicator_scopes): made and filled when an                  \
         * indicator is written, kept by triggers afterwards, read in one row. */                  \
        X(STMT_SCOPE_DELETE, "DELETE FROM indicator_scopes WHERE indicator_id = ?")                \
        X(STMT_SCOPE_INSERT,                                                                       \
          "INSERT INTO indicator_scopes (indicator_id, target_id, project_id, run_by, date_from, " \
          "date_to, kinds, country) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")                              \
        X(STMT_SCOPE_FILL,                                                                         \
          "INSERT INTO indicator_scope_org (scope_id, organisation_id, activities, youths, "       \
          "specialists, teachers, parents, business_staff, public) "                               \
          "SELECT ?1, a.organisation_id, count(*), sum(a.youths), sum(a.specialists), "            \
          "sum(a.teachers), sum(a.parents), sum(a.business_staff), sum(a.public) "                 \
          "FROM activities a WHERE a.project_id = ?2 AND a.date BETWEEN ?4 AND ?5 "                \
          "AND (?3 = 0 OR a.run_by = ?3) AND (?6 = '' AND ?7 = '' OR a.organisation_id IN "        \
          "(SELECT o.id FROM organisations o WHERE (?6 = '' OR instr(?6, ',' || o.kind || ',') > " \
          "0) AND (?7 = '' OR o.country = ?7))) GROUP BY a.organisation_id")                       \
        X(STMT_SCOPE_TOTALS,                                                                       \
          "UPDATE indicator_scopes SET (institutions, activities, youths, specialists, teachers, " \
          "parents, business_staff, public) = (SELECT count(*), coalesce(sum(activities), 0), "    \
          "coalesce(sum(youths), 0), coalesce(sum(specialists), 0), coalesce(sum(teachers), 0), "  \
          "coalesce(sum(parents), 0), coalesce(sum(business_staff), 0), coalesce(sum(public), 0) " \
          "FROM indicator_scope_org WHERE scope_id = ?1) WHERE id = ?1")                           \
        X(STMT_SCOPE_FIGURES,                                                                      \
          "SELECT institutions, activities, youths, specialists, teachers, parents, "              \
          "business_staff, public FROM indicator_scopes WHERE indicator_id = ?1 "                  \
          "AND target_id IS ?2")                                                                   \
        X(STMT_REACH_GROUPS,                                                                       \
          "SELECT coalesce(sum(g.institutions), 0), coalesce(sum(g.activities), 0), "              \
          "coalesce(sum(g.youths), 0), coalesce(sum(g.specialists), 0), "                          \
          "coalesce(sum(g.teachers), 0), coalesce(sum(g.parents), 0), "                            \
          "coalesce(sum(g.business_staff), 0), coalesce(sum(g.public), 0) "                        \
          "FROM project_group g WHERE g.project_id = ?1 AND g.run_by = ?4 "                        \
          "AND (?2 = '' OR instr(?2, ',' || g.kind || ',') > 0) "                                  \
          "AND (?3 IS NULL OR g.country = ?3)")                                                    \
        X(STMT_REACH_PERIOD, "SELECT " REACH_ACTIVITY_SUMS " FROM activities a "                   \
                             "WHERE a.project_id = ?1 AND a.date BETWEEN ?5 AND ?6")               \
        X(STMT_REACH_PERIOD_FILTERED,                                                              \
          "SELECT " REACH_ACTIVITY_SUMS " FROM activities a "                                      \
          "WHERE a.project_id = ?1 AND a.date BETWEEN ?5 AND ?6" REACH_ORG_FILTER)                 \
        X(STMT_REACH_PARTNER_PERIOD,                                                               \
          "SELECT " REACH_ACTIVITY_SUMS " FROM activities a "                                      \
          "WHERE a.project_id = ?1 AND a.run_by = ?4 AND a.date BETWEEN ?5 AND ?6")                \
        /* Case indicators: cases given a service, referrals completed, by the project's */        \
        /* partner agencies (?2: one organisation, 0 any; ?3: its country, '' any) in ?4..?5. */   \
        X(STMT_CASE_METRIC_ASSISTED,                                                               \
          "SELECT count(DISTINCT s.case_id) FROM case_services s JOIN partners p ON "              \
          "p.organisation_id = s.provider_id AND p.project_id = ?1 JOIN organisations o ON o.id "  \
          "= s.provider_id WHERE s.status IN ('ongoing', 'completed') AND (?2 = 0 OR "             \
          "s.provider_id = ?2) AND (?3 = '' OR o.country = ?3) AND coalesce(s.start_on, "          \
          "s.created_at / 86400) BETWEEN ?4 AND ?5")                                               \
        X(STMT_CASE_METRIC_REFERRALS,                                                              \
          "SELECT count(*) FROM referrals r JOIN partners p ON p.organisation_id = r.to_org AND "  \
          "p.project_id = ?1 JOIN organisations o ON o.id = r.to_org WHERE r.status = "            \
          "'completed' AND (?2 = 0 OR r.to_org = ?2) AND (?3 = '' OR o.country = ?3) AND "         \
          "coalesce(r.closed_at, r.updated_at) / 86400 BETWEEN ?4 AND ?5")                         \
        X(STMT_REACH_PARTNER_PERIOD_FILTERED, "SELECT " REACH_ACTIVITY_SUMS " FROM activities a "  \
                                              "WHERE a.project_id = ?1 AND a.run_by = ?4 AND "     \
                                              "a.date BETWEEN ?5 AND ?6" REACH_ORG_FILTER)

#endif

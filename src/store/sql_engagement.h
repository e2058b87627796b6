/*
 * Business engagement: agreements, engagements and the stage history
 * (domain/engagement.h).  Lists are newest first; every write moves the
 * project's dashboard generation (triggers of migration 10).
 */
#ifndef ECAT_SQL_ENGAGEMENT_H
#define ECAT_SQL_ENGAGEMENT_H

#define AGREEMENT_COLS                                                                             \
        "g.id, g.organisation_id, o.name AS organisation_name, g.project_id, g.run_by, "           \
        "rb.name AS run_by_name, g.kind, g.signed, g.expires, g.status, g.notes, g.file_sha256, "  \
        "g.file_type, g.file_name, g.file_size, g.created_at, g.updated_at"
#define AGREEMENT_FROM                                                                             \
        " FROM agreements g JOIN organisations o ON o.id = g.organisation_id "                     \
        "JOIN organisations rb ON rb.id = g.run_by"
/* Filters: ?1 organisation, ?2 project, ?3 kind, ?4 status (each NULL for any). */
#define AGREEMENT_WHERE                                                                            \
        " WHERE (?1 IS NULL OR g.organisation_id = ?1) AND (?2 IS NULL OR g.project_id = ?2) "     \
        "AND (?3 IS NULL OR g.kind = ?3) AND (?4 IS NULL OR g.status = ?4)"

#define ENGAGEMENT_COLS                                                                            \
        "e.id, e.project_id, e.organisation_id, o.name AS organisation_name, e.run_by, "           \
        "rb.name AS run_by_name, e.stage, e.next_follow_up, e.notes, e.created_at, e.updated_at"
#define ENGAGEMENT_FROM                                                                            \
        " FROM engagements e JOIN organisations o ON o.id = e.organisation_id "                    \
        "JOIN organisations rb ON rb.id = e.run_by"
/*
 * Filters: ?1 project, ?2 stage, ?3 organisation (each NULL for any), ?4
 * overdue: the day before which a follow-up is overdue (NULL: any).
 */
#define ENGAGEMENT_WHERE                                                                           \
        " WHERE (?1 IS NULL OR e.project_id = ?1) AND (?2 IS NULL OR e.stage = ?2) "               \
        "AND (?3 IS NULL OR e.organisation_id = ?3) "                                              \
        "AND (?4 IS NULL OR e.next_follow_up < ?4)"

#define STAGE_COLS                                                                                 \
        "s.id, s.engagement_id, s.stage, s.from_stage, s.skipped, s.date, s.user_id, s.at, "       \
        "(SELECT CASE WHEN u.display_name <> '' THEN u.display_name ELSE u.login END "             \
        "FROM users u WHERE u.id = s.user_id) AS \"by\""

#define SQL_ENGAGEMENT(X)                                                                          \
        X(STMT_AGREEMENT_INSERT,                                                                   \
          "INSERT INTO agreements (organisation_id, project_id, run_by, kind, signed, expires, "   \
          "status, notes, created_by, created_at, updated_at) "                                    \
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, coalesce(?8, ''), ?10, ?9, ?9)")                    \
        X(STMT_AGREEMENT_BY_ID, "SELECT " AGREEMENT_COLS AGREEMENT_FROM " WHERE g.id = ?")         \
        X(STMT_AGREEMENT_UPDATE,                                                                   \
          "UPDATE agreements SET organisation_id = ?1, project_id = ?2, run_by = ?3, kind = ?4, "  \
          "signed = ?5, expires = ?6, status = ?7, notes = coalesce(?8, ''), updated_at = ?9 "     \
          "WHERE id = ?10")                                                                        \
        X(STMT_AGREEMENT_DELETE, "DELETE FROM agreements WHERE id = ?")                            \
        /* The file door: ?1 hash, ?2 type, ?3 name, ?4 size, ?5 time, ?6 id. */                   \
        X(STMT_AGREEMENT_SET_FILE,                                                                 \
          "UPDATE agreements SET file_sha256 = ?1, file_type = ?2, file_name = ?3, "               \
          "file_size = ?4, updated_at = ?5 WHERE id = ?6")                                         \
        X(STMT_AGREEMENT_LIST, "SELECT " AGREEMENT_COLS AGREEMENT_FROM AGREEMENT_WHERE             \
                               " ORDER BY g.id DESC LIMIT ?5 OFFSET ?6")                           \
        X(STMT_AGREEMENT_COUNT, "SELECT count(*) FROM agreements g" AGREEMENT_WHERE)               \
        X(STMT_ENGAGEMENT_INSERT,                                                                  \
          "INSERT INTO engagements (project_id, organisation_id, run_by, stage, next_follow_up, "  \
          "notes, created_by, created_at, updated_at) "                                            \
          "VALUES (?1, ?2, ?3, ?4, ?5, coalesce(?6, ''), ?8, ?7, ?7)")                             \
        X(STMT_ENGAGEMENT_BY_ID, "SELECT " ENGAGEMENT_COLS ENGAGEMENT_FROM " WHERE e.id = ?")      \
        X(STMT_ENGAGEMENT_UPDATE,                                                                  \
          "UPDATE engagements SET project_id = ?1, organisation_id = ?2, run_by = ?3, "            \
          "stage = ?4, next_follow_up = ?5, notes = coalesce(?6, ''), updated_at = ?7 "            \
          "WHERE id = ?8")                                                                         \
        X(STMT_ENGAGEMENT_DELETE, "DELETE FROM engagements WHERE id = ?")                          \
        X(STMT_ENGAGEMENT_LIST, "SELECT " ENGAGEMENT_COLS ENGAGEMENT_FROM ENGAGEMENT_WHERE         \
                                " ORDER BY e.id DESC LIMIT ?5 OFFSET ?6")                          \
        X(STMT_ENGAGEMENT_COUNT, "SELECT count(*) FROM engagements e" ENGAGEMENT_WHERE)            \
        /* ?1 engagement: its latest stage (no row: none yet). */                                  \
        X(STMT_ENGAGEMENT_LAST_STAGE,                                                              \
          "SELECT stage FROM engagement_stages WHERE engagement_id = ?1 ORDER BY id DESC LIMIT 1") \
        X(STMT_ENGAGEMENT_STAGE_INSERT,                                                            \
          "INSERT INTO engagement_stages (engagement_id, project_id, stage, from_stage, skipped, " \
          "date, user_id, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")                            \
        /* ?1 engagement: its history, oldest first. */                                            \
        X(STMT_ENGAGEMENT_STAGES, "SELECT " STAGE_COLS " FROM engagement_stages s "                \
                                  "WHERE s.engagement_id = ?1 ORDER BY s.id")                      \
        /* Indicators (domain/indicator.c): ?1 project, ?2 run_by (0: any), ?3 country ('':        \
         * any), ?4..?5 the period, ?6 the stages that count (",committed,trained,active,"). */    \
        X(STMT_ENGAGEMENT_METRIC_REACHED,                                                          \
          "SELECT count(DISTINCT e.organisation_id) FROM engagement_stages s "                     \
          "JOIN engagements e ON e.id = s.engagement_id "                                          \
          "JOIN organisations o ON o.id = e.organisation_id "                                      \
          "WHERE s.project_id = ?1 AND instr(?6, ',' || s.stage || ',') > 0 "                      \
          "AND (?2 = 0 OR e.run_by = ?2) AND (?3 = '' OR o.country = ?3) "                         \
          "AND s.date BETWEEN ?4 AND ?5")                                                          \
        X(STMT_ENGAGEMENT_METRIC_AGREEMENTS,                                                       \
          "SELECT count(*) FROM agreements g JOIN organisations o ON o.id = g.organisation_id "    \
          "WHERE g.project_id = ?1 AND g.status IN ('signed', 'expired') "                         \
          "AND g.signed IS NOT NULL AND (?2 = 0 OR g.run_by = ?2) "                                \
          "AND (?3 = '' OR o.country = ?3) AND g.signed BETWEEN ?4 AND ?5")                        \
        /* The dashboard (api/dashboard.c), ?1 project: engagements per stage and agreements       \
         * per kind and status (the project's indexes), and per partner the meetings held at       \
         * businesses and hotels and at health services (partner_meetings, schema 13: a few        \
         * rows per partner, kept on write). */                                                    \
        X(STMT_DASH_ENGAGEMENT_STAGES,                                                             \
          "SELECT stage, count(*) FROM engagements WHERE project_id = ?1 GROUP BY stage")          \
        X(STMT_DASH_AGREEMENTS,                                                                    \
          "SELECT kind, status, count(*) FROM agreements "                                         \
          "WHERE project_id = ?1 GROUP BY kind, status ORDER BY kind, status")                     \
        X(STMT_DASH_COOPERATION,                                                                   \
          "SELECT pm.run_by, rb.name, "                                                            \
          "sum(CASE WHEN pm.org_kind IN ('business', 'hotel') THEN pm.meetings ELSE 0 END), "      \
          "sum(CASE WHEN pm.org_kind = 'health_service' THEN pm.meetings ELSE 0 END) "             \
          "FROM partner_meetings pm JOIN organisations rb ON rb.id = pm.run_by "                   \
          "WHERE pm.project_id = ?1 AND pm.org_kind IN ('business', 'hotel', 'health_service') "   \
          "GROUP BY pm.run_by ORDER BY rb.name, pm.run_by")                                        \
        /* An organisation's cooperation record (GET /organisations/{id}/activities), ?1 the       \
         * organisation: whether it exists; the meetings held there and the trainings of its       \
         * staff (activities with a business_staff head-count), newest first, in the shape of      \
         * an activity (index activities_organisation). */                                         \
        X(STMT_ENGAGE_ORG_EXISTS, "SELECT EXISTS (SELECT 1 FROM organisations WHERE id = ?1)")     \
        X(STMT_ORG_MEETINGS,                                                                       \
          "SELECT " ACTIVITY_COLS ACTIVITY_FROM " WHERE a.organisation_id = ?1 "                   \
          "AND a.kind = 'meeting' ORDER BY a.date DESC, a.id DESC")                                \
        X(STMT_ORG_TRAININGS, "SELECT " ACTIVITY_COLS ACTIVITY_FROM                                \
                              " WHERE a.organisation_id = ?1 AND a.business_staff > 0 "            \
                              "ORDER BY a.date DESC, a.id DESC")                                   \
        /* The facts of the rules: the project exists, the organisation's kind (NULL: none),       \
         * run_by exists, run_by is a partner of the project. */                                   \
        X(STMT_ENGAGE_RULES,                                                                       \
          "SELECT EXISTS (SELECT 1 FROM projects WHERE id = ?1), "                                 \
          "(SELECT kind FROM organisations WHERE id = ?2), "                                       \
          "EXISTS (SELECT 1 FROM organisations WHERE id = ?3), "                                   \
          "EXISTS (SELECT 1 FROM partners WHERE project_id = ?1 AND organisation_id = ?3)")

#endif

/*
 * Outreach activities.  Lists are newest first (date, then id); the
 * aggregates the dashboard reads are kept by the triggers of migration 3.
 */
#ifndef ECAT_SQL_ACTIVITY_H
#define ECAT_SQL_ACTIVITY_H

#define ACTIVITY_COLS                                                                              \
        "a.id, a.project_id, a.organisation_id, o.name AS organisation_name, a.run_by, "           \
        "rb.name AS run_by_name, a.date, a.kind, "                                                 \
        "a.youths, a.specialists, a.teachers, a.parents, a.business_staff, a.public, a.topics, "   \
        "a.materials, a.notes, a.created_at, a.updated_at"
#define ACTIVITY_FROM                                                                              \
        " FROM activities a JOIN organisations o ON o.id = a.organisation_id "                     \
        "JOIN organisations rb ON rb.id = a.run_by"
/*
 * Filters: ?1 project, ?2 organisation, ?3 run_by, ?4 kind, ?7 municipality
 * of the organisation (each NULL for any) and ?5..?6 the date range (always
 * bound, so a date index serves both the range and the order).  The
 * _PROJECT forms take ?1 as given and use the (project, date) indexes.
 * Every filter tests a column of activities_list / activities_project_scope
 * (the municipality through the list of its organisations), and a filter
 * left NULL is decided before any column is read, so counts and filtered
 * pages read indexes rather than the table.
 */
#define ACTIVITY_FILTERS                                                                           \
        " AND (?2 IS NULL OR a.organisation_id = ?2) AND (?3 IS NULL OR a.run_by = ?3) "           \
        "AND (?4 IS NULL OR a.kind = ?4) AND (?7 IS NULL OR a.organisation_id IN "                 \
        "(SELECT m.id FROM organisations m WHERE m.municipality = ?7))"
#define ACTIVITY_WHERE                                                                             \
        " WHERE a.date BETWEEN ?5 AND ?6 AND (?1 IS NULL OR a.project_id = ?1)" ACTIVITY_FILTERS
#define ACTIVITY_WHERE_PROJECT                                                                     \
        " WHERE a.project_id = ?1 AND a.date BETWEEN ?5 AND ?6" ACTIVITY_FILTERS

#define SQL_ACTIVITY(X)                                                                            \
        X(STMT_ACTIVITY_INSERT,                                                                    \
          "INSERT INTO activities (project_id, organisation_id, run_by, date, kind, youths, "      \
          "specialists, teachers, parents, business_staff, public, topics, materials, notes, "     \
          "created_by, created_at, updated_at) "                                                   \
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, coalesce(?13, '[]'), "       \
          "coalesce(?14, ''), ?16, ?15, ?15)")                                                     \
        X(STMT_ACTIVITY_BY_ID, "SELECT " ACTIVITY_COLS ACTIVITY_FROM " WHERE a.id = ?")            \
        X(STMT_ACTIVITY_UPDATE,                                                                    \
          "UPDATE activities SET project_id = ?, organisation_id = ?, run_by = ?, date = ?, "      \
          "kind = ?, youths = ?, specialists = ?, teachers = ?, parents = ?, business_staff = ?, " \
          "public = ?, topics = ?, materials = coalesce(?13, '[]'), notes = coalesce(?14, ''), "   \
          "updated_at = ?15 WHERE id = ?16")                                                       \
        X(STMT_ACTIVITY_DELETE, "DELETE FROM activities WHERE id = ?")                             \
        X(STMT_ACTIVITY_LIST, "SELECT " ACTIVITY_COLS ACTIVITY_FROM ACTIVITY_WHERE                 \
                              " ORDER BY a.date DESC, a.id DESC LIMIT ?8 OFFSET ?9")               \
        X(STMT_ACTIVITY_COUNT, "SELECT count(*) FROM activities a" ACTIVITY_WHERE)                 \
        X(STMT_ACTIVITY_LIST_PROJECT, "SELECT " ACTIVITY_COLS ACTIVITY_FROM ACTIVITY_WHERE_PROJECT \
                                      " ORDER BY a.date DESC, a.id DESC LIMIT ?8 OFFSET ?9")       \
        X(STMT_ACTIVITY_COUNT_PROJECT, "SELECT count(*) FROM activities a" ACTIVITY_WHERE_PROJECT) \
        /* The facts the rules of an activity need, in one read: the project's                     \
         * dates (NULL: no project), whether the organisation and run_by exist, and                \
         * whether run_by is a partner of the project. */                                          \
        X(STMT_ACTIVITY_RULES,                                                                     \
          "SELECT (SELECT start_date FROM projects WHERE id = ?1), "                               \
          "(SELECT end_date FROM projects WHERE id = ?1), "                                        \
          "EXISTS (SELECT 1 FROM organisations WHERE id = ?2), "                                   \
          "EXISTS (SELECT 1 FROM organisations WHERE id = ?3), "                                   \
          "EXISTS (SELECT 1 FROM partners WHERE project_id = ?1 AND organisation_id = ?3)")

#endif

/*
 * Materials, their files and their distributions.  Lists are by title
 * (materials) and newest first (distributions); the dashboard's totals of
 * distributions are grouped here too.
 */
#ifndef ECAT_SQL_MATERIAL_H
#define ECAT_SQL_MATERIAL_H

#define MATERIAL_COLS                                                                              \
        "m.id, m.title, m.kind, m.languages, m.audiences, m.version, m.description, "              \
        "m.project_id, m.file_sha256, m.file_type, m.file_name, m.file_size, "                     \
        "(SELECT coalesce(sum(d.quantity), 0) FROM distributions d WHERE d.material_id = m.id) "   \
        "AS distributed, m.created_at, m.updated_at"
/* Filters: ?1 kind, ?2 project, ?3 audience bit (0: any), ?4 title words (NULL: any). */
#define MATERIAL_WHERE                                                                             \
        " WHERE (?1 IS NULL OR m.kind = ?1) AND (?2 IS NULL OR m.project_id = ?2) "                \
        "AND (?3 = 0 OR (m.audiences & ?3) != 0) "                                                 \
        "AND (?4 IS NULL OR m.title LIKE '%' || ?4 || '%' ESCAPE '\\')"

#define DIST_COLS                                                                                  \
        "d.id, d.material_id, m.title AS material_title, d.project_id, d.run_by, "                 \
        "rb.name AS run_by_name, d.organisation_id, o.name AS organisation_name, d.activity_id, "  \
        "d.audience, d.quantity, d.date, d.notes, d.created_at, d.updated_at"
#define DIST_FROM                                                                                  \
        " FROM distributions d JOIN materials m ON m.id = d.material_id "                          \
        "JOIN organisations rb ON rb.id = d.run_by JOIN organisations o ON o.id = "                \
        "d.organisation_id"
/*
 * Filters: ?1 project, ?2 material, ?3 organisation, ?4 run_by, ?5 audience,
 * ?6 activity (each NULL for any), ?7..?8 the date range (always bound).
 */
#define DIST_WHERE                                                                                 \
        " WHERE d.date BETWEEN ?7 AND ?8 AND (?1 IS NULL OR d.project_id = ?1) "                   \
        "AND (?2 IS NULL OR d.material_id = ?2) AND (?3 IS NULL OR d.organisation_id = ?3) "       \
        "AND (?4 IS NULL OR d.run_by = ?4) AND (?5 IS NULL OR d.audience = ?5) "                   \
        "AND (?6 IS NULL OR d.activity_id = ?6)"

#define SQL_MATERIAL(X)                                                                            \
        X(STMT_MATERIAL_INSERT,                                                                    \
          "INSERT INTO materials (title, kind, languages, audiences, version, description, "       \
          "project_id, created_by, created_at, updated_at, id) "                                   \
          "VALUES (?1, ?2, coalesce(?3, '[]'), ?4, coalesce(?5, ''), coalesce(?6, ''), ?7, ?9, "   \
          "?8, ?8, ?10)")                                                                          \
        X(STMT_MATERIAL_BY_ID, "SELECT " MATERIAL_COLS " FROM materials m WHERE m.id = ?")         \
        X(STMT_MATERIAL_UPDATE,                                                                    \
          "UPDATE materials SET title = ?1, kind = ?2, languages = coalesce(?3, '[]'), "           \
          "audiences = ?4, version = coalesce(?5, ''), description = coalesce(?6, ''), "           \
          "project_id = ?7, updated_at = ?8 WHERE id = ?9")                                        \
        X(STMT_MATERIAL_DELETE, "DELETE FROM materials WHERE id = ?")                              \
        X(STMT_MATERIAL_LIST, "SELECT " MATERIAL_COLS " FROM materials m" MATERIAL_WHERE           \
                              " ORDER BY m.title COLLATE NOCASE, m.id LIMIT ?5 OFFSET ?6")         \
        X(STMT_MATERIAL_COUNT, "SELECT count(*) FROM materials m" MATERIAL_WHERE)                  \
        X(STMT_MATERIAL_RULES, "SELECT EXISTS (SELECT 1 FROM projects WHERE id = ?1)")             \
        /* What refers to a material: its distributions, the activities that used it. */           \
        X(STMT_MATERIAL_REFERENCES,                                                                \
          "SELECT (SELECT count(*) FROM distributions WHERE material_id = ?1), "                   \
          "(SELECT count(*) FROM activity_materials WHERE material_id = ?1)")                      \
        X(STMT_MATERIAL_BY_TITLE,                                                                  \
          "SELECT id FROM materials WHERE title = ?1 COLLATE NOCASE ORDER BY id LIMIT 1")          \
        /* The file door: ?1 hash, ?2 type, ?3 name, ?4 size, ?5 time, ?6 id. */                   \
        X(STMT_MATERIAL_SET_FILE,                                                                  \
          "UPDATE materials SET file_sha256 = ?1, file_type = ?2, file_name = ?3, "                \
          "file_size = ?4, updated_at = ?5 WHERE id = ?6")                                         \
        /* Whether any material or agreement still has the file of hash ?1. */                     \
        X(STMT_FILE_USED, "SELECT EXISTS (SELECT 1 FROM materials WHERE file_sha256 = ?1) OR "     \
                          "EXISTS (SELECT 1 FROM agreements WHERE file_sha256 = ?1)")              \
        /* Every stored file, for a backup. */                                                     \
        X(STMT_STORED_FILES, "SELECT file_sha256 FROM materials WHERE file_sha256 IS NOT NULL "    \
                             "UNION SELECT file_sha256 FROM agreements "                           \
                             "WHERE file_sha256 IS NOT NULL ORDER BY 1")                           \
        /* An activity's materials as references: ?1 activity. */                                  \
        X(STMT_ACTIVITY_MATERIALS_CLEAR, "DELETE FROM activity_materials WHERE activity_id = ?1")  \
        X(STMT_ACTIVITY_MATERIAL_TITLES, "SELECT value FROM json_each(?1) WHERE type = 'text' "    \
                                         "AND length(value) BETWEEN 1 AND 300")                    \
        X(STMT_ACTIVITY_MATERIALS_ADD,                                                             \
          "INSERT OR IGNORE INTO activity_materials (activity_id, material_id) VALUES (?1, ?2)")   \
        /* --- distributions --- */                                                                \
        X(STMT_DISTRIBUTION_INSERT,                                                                \
          "INSERT INTO distributions (material_id, project_id, run_by, organisation_id, "          \
          "activity_id, audience, quantity, date, notes, created_by, created_at, updated_at) "     \
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, coalesce(?9, ''), ?11, ?10, ?10)")              \
        X(STMT_DISTRIBUTION_BY_ID, "SELECT " DIST_COLS DIST_FROM " WHERE d.id = ?")                \
        X(STMT_DISTRIBUTION_UPDATE,                                                                \
          "UPDATE distributions SET material_id = ?1, project_id = ?2, run_by = ?3, "              \
          "organisation_id = ?4, activity_id = ?5, audience = ?6, quantity = ?7, date = ?8, "      \
          "notes = coalesce(?9, ''), updated_at = ?10 WHERE id = ?11")                             \
        X(STMT_DISTRIBUTION_DELETE, "DELETE FROM distributions WHERE id = ?")                      \
        X(STMT_DISTRIBUTION_LIST, "SELECT " DIST_COLS DIST_FROM DIST_WHERE                         \
                                  " ORDER BY d.date DESC, d.id DESC LIMIT ?9 OFFSET ?10")          \
        X(STMT_DISTRIBUTION_COUNT, "SELECT count(*) FROM distributions d" DIST_WHERE)              \
        /* The facts the rules of a distribution need, in one read: the project's                  \
         * dates (NULL: no project), whether the material, organisation and run_by                 \
         * exist, whether run_by is a partner of the project, and the activity's                   \
         * project and organisation (NULL: no such activity). */                                   \
        X(STMT_DISTRIBUTION_RULES,                                                                 \
          "SELECT (SELECT start_date FROM projects WHERE id = ?1), "                               \
          "(SELECT end_date FROM projects WHERE id = ?1), "                                        \
          "EXISTS (SELECT 1 FROM materials WHERE id = ?2), "                                       \
          "EXISTS (SELECT 1 FROM organisations WHERE id = ?3), "                                   \
          "EXISTS (SELECT 1 FROM organisations WHERE id = ?4), "                                   \
          "EXISTS (SELECT 1 FROM partners WHERE project_id = ?1 AND organisation_id = ?4), "       \
          "(SELECT project_id FROM activities WHERE id = ?5), "                                    \
          "(SELECT organisation_id FROM activities WHERE id = ?5)")                                \
        /* The dashboard's totals of a project's distributions: ?1 project. */                     \
        X(STMT_DIST_TOTAL_MATERIAL,                                                                \
          "SELECT d.material_id, m.title, m.kind, sum(d.quantity) FROM distributions d "           \
          "JOIN materials m ON m.id = d.material_id WHERE d.project_id = ?1 "                      \
          "GROUP BY d.material_id ORDER BY sum(d.quantity) DESC, m.title")                         \
        X(STMT_DIST_TOTAL_AUDIENCE,                                                                \
          "SELECT audience, sum(quantity) FROM distributions WHERE project_id = ?1 "               \
          "GROUP BY audience")                                                                     \
        X(STMT_DIST_TOTAL_MUNICIPALITY,                                                            \
          "SELECT o.municipality, sum(d.quantity) FROM distributions d "                           \
          "JOIN organisations o ON o.id = d.organisation_id WHERE d.project_id = ?1 "              \
          "GROUP BY o.municipality ORDER BY sum(d.quantity) DESC, o.municipality")                 \
        /*                                                                                         \
         * The materials_distributed metric over a scope: ?1 project, ?2 run_by                    \
         * (0: any), ?3 country of the receiving organisation ('': any), ?4..?5                    \
         * period, ?6 audience ('': any), ?7 organisation kinds (',k1,k2,' or '').                 \
         */                                                                                        \
        X(STMT_DIST_METRIC,                                                                        \
          "SELECT coalesce(sum(d.quantity), 0) FROM distributions d "                              \
          "JOIN organisations o ON o.id = d.organisation_id "                                      \
          "WHERE d.project_id = ?1 AND d.date BETWEEN ?4 AND ?5 AND (?2 = 0 OR d.run_by = ?2) "    \
          "AND (?3 = '' OR o.country = ?3) AND (?6 = '' OR d.audience = ?6) "                      \
          "AND (?7 = '' OR instr(?7, ',' || o.kind || ',') > 0)")

#endif

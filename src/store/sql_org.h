/* Organisations and the organisation map. */
#ifndef ECAT_SQL_ORG_H
#define ECAT_SQL_ORG_H

#define ORG_COLS                                                                                   \
        "o.id, o.name, o.kind, o.country, o.municipality, o.address, o.contact_name, o.phone, "    \
        "o.email, o.website, o.notes, o.lat, o.lon, o.created_at, o.updated_at"

/*
 * Shared by the list and the map, which both bind ?4 visited (0/1 or NULL)
 * and ?5 project (or NULL).  Project alone keeps the organisations taking
 * part in it: its partners and the places and runners of its activities.
 * With visited given, the project only scopes what "visited" means, so
 * visited=false&project=N gives the organisations project N has not reached.
 */
#define ORG_PROJECT_SCOPE                                                                          \
        "(?5 IS NULL OR ?4 IS NOT NULL "                                                           \
        "OR EXISTS (SELECT 1 FROM partners p "                                                     \
        "WHERE p.organisation_id = o.id AND p.project_id = ?5) "                                   \
        "OR EXISTS (SELECT 1 FROM activities a WHERE a.project_id = ?5 "                           \
        "AND (a.organisation_id = o.id OR a.run_by = o.id)))"

/*
 * The filters of the organisation list and its CSV export; a NULL parameter
 * leaves its filter out.  ?1 kind, ?2 country, ?3 municipality, ?4 visited
 * (0/1: has an activity at it, of project ?5 when given), ?5 project (see
 * ORG_PROJECT_SCOPE), ?6 an FTS5 query over organisations_fts that the caller
 * builds from the user's words (never the user's text as it came).
 */
#define ORG_FILTER                                                                                 \
        " WHERE (?1 IS NULL OR o.kind = ?1) AND (?2 IS NULL OR o.country = ?2) "                   \
        "AND (?3 IS NULL OR o.municipality = ?3) "                                                 \
        "AND (?4 IS NULL OR EXISTS (SELECT 1 FROM activities a WHERE a.organisation_id = o.id "    \
        "AND (?5 IS NULL OR a.project_id = ?5)) = ?4) "                                            \
        "AND " ORG_PROJECT_SCOPE " "                                                               \
        "AND (?6 IS NULL OR o.id IN (SELECT rowid FROM organisations_fts "                         \
        "WHERE organisations_fts MATCH ?6)) "

#define SQL_ORG(X)                                                                                 \
        X(STMT_ORG_INSERT,                                                                         \
          "INSERT INTO organisations (name, kind, country, municipality, address, contact_name, "  \
          "phone, email, website, notes, lat, lon, created_at, updated_at, id) "                   \
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?15)")             \
        X(STMT_ORG_BY_ID, "SELECT " ORG_COLS " FROM organisations o WHERE o.id = ?")               \
        X(STMT_ORG_ID_BY_NAME, "SELECT id FROM organisations WHERE name = ?")                      \
        X(STMT_ORG_LIST_ALL, "SELECT " ORG_COLS " FROM organisations o ORDER BY o.id")             \
        X(STMT_ORG_LIST, "SELECT " ORG_COLS " FROM organisations o" ORG_FILTER                     \
                         "ORDER BY o.name COLLATE NOCASE, o.id LIMIT ?7 OFFSET ?8")                \
        X(STMT_ORG_COUNT, "SELECT count(*) FROM organisations o" ORG_FILTER)                       \
        X(STMT_ORG_EXPORT, "SELECT " ORG_COLS " FROM organisations o" ORG_FILTER                   \
                           "ORDER BY o.name COLLATE NOCASE, o.id")                                 \
        X(STMT_ORG_UPDATE,                                                                         \
          "UPDATE organisations SET name = ?, kind = ?, country = ?, municipality = ?, "           \
          "address = ?, contact_name = ?, phone = ?, email = ?, website = ?, notes = ?, "          \
          "lat = ?, lon = ?, updated_at = ? WHERE id = ?")                                         \
        X(STMT_ORG_DELETE, "DELETE FROM organisations WHERE id = ?")                               \
        /* What still refers to an organisation (a delete is refused while any does). */           \
        X(STMT_ORG_REFERENCES,                                                                     \
          "SELECT (SELECT count(*) FROM activities WHERE organisation_id = ?1 OR run_by = ?1), "   \
          "(SELECT count(*) FROM partners WHERE organisation_id = ?1), "                           \
          "(SELECT count(*) FROM users WHERE organisation_id = ?1)")                               \
        X(STMT_ORG_ACTIVITY_STATS,                                                                 \
          "SELECT count(*), max(date) FROM activities WHERE organisation_id = ?")                  \
        /*                                                                                         \
         * The map: every organisation matching the filters with its activity                      \
         * totals.  ?1 kind, ?2 from and ?3 to (days), ?4 visited (0/1), ?5 project:               \
         * project and dates choose the activities counted and what "visited"                      \
         * means; project alone keeps the organisations taking part in it.                         \
         */                                                                                        \
        X(STMT_MAP_ORGS,                                                                           \
          "SELECT o.id, o.name, o.kind, o.municipality, o.country, o.lat, o.lon, count(a.id), "    \
          "coalesce(sum(a.youths), 0), coalesce(sum(a.specialists), 0), "                          \
          "coalesce(sum(a.teachers), 0), coalesce(sum(a.parents), 0), "                            \
          "coalesce(sum(a.business_staff), 0), coalesce(sum(a.public), 0), max(a.date) "           \
          "FROM organisations o LEFT JOIN activities a ON a.organisation_id = o.id "               \
          "AND (?5 IS NULL OR a.project_id = ?5) AND (?2 IS NULL OR a.date >= ?2) "                \
          "AND (?3 IS NULL OR a.date <= ?3) "                                                      \
          "WHERE (?1 IS NULL OR o.kind = ?1) AND " ORG_PROJECT_SCOPE " "                           \
          "GROUP BY o.id HAVING (?4 IS NULL OR (count(a.id) > 0) = ?4) ORDER BY o.id")

#endif

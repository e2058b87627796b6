/*
 * Victims' cases and what hangs on them.  Scope is in the statements: a
 * case is found only for its owning organisation or an organisation holding
 * an accepted referral for it (CASE_IN_SCOPE, ?S the caller's organisation),
 * and never once erased.  List forms read the coarse columns only (NULL for
 * the identifying ones); the search forms, matched by blind index, read them
 * too, and each row they return is recorded as a read.
 */
#ifndef ECAT_SQL_CASE_H
#define ECAT_SQL_CASE_H

#define CASE_COLS_HEAD                                                                             \
        "c.id, c.organisation_id, o.name AS organisation_name, c.reference, c.status, "            \
        "c.closure_reason, c.closed_on, c.trafficking_status, c.deciding_body, c.identified_on, "  \
        "c.identification_source, "
#define CASE_COLS_IDENTITY                                                                         \
        "c.given_name, c.family_name, c.aliases, c.birth_date, c.phone, c.email, c.address, "      \
        "c.identity_document, c.languages, "
#define CASE_COLS_NO_IDENTITY                                                                      \
        "NULL AS given_name, NULL AS family_name, NULL AS aliases, NULL AS birth_date, "           \
        "NULL AS phone, NULL AS email, NULL AS address, NULL AS identity_document, "               \
        "NULL AS languages, "
#define CASE_COLS_TAIL                                                                             \
        "c.key_version, c.gender, c.age_band, c.minor, c.citizenship, c.exploitation_types, "      \
        "c.labour_industry, c.exploitation_country, c.recruitment, c.control_methods, "            \
        "c.relationship AS relationship_to_trafficker, c.rg_decision AS reasonable_grounds, "      \
        "c.rg_date AS reasonable_grounds_date, c.recovery_end AS recovery_period_end, "            \
        "c.cg_decision AS conclusive_grounds, c.cg_date AS conclusive_grounds_date, "              \
        "(c.recovery_end IS NOT NULL AND c.cg_decision IS NULL AND "                               \
        "c.recovery_end < CAST(strftime('%s', 'now') AS INTEGER) / 86400) AS recovery_overdue, "   \
        "c.created_at, c.updated_at"
#define CASE_FROM " FROM cases c JOIN organisations o ON o.id = c.organisation_id"
#define CASE_IN_SCOPE(S)                                                                           \
        " c.erased_at IS NULL AND (c.organisation_id = " S " OR EXISTS (SELECT 1 FROM referrals "  \
        "rf WHERE rf.case_id = c.id AND rf.to_org = " S " AND rf.status = 'accepted'))"
/* List filters: ?2 status, ?3 reference (each NULL for any). */
#define CASE_LIST_WHERE                                                                            \
        " WHERE" CASE_IN_SCOPE("?1") " AND (?2 IS NULL OR c.status = ?2) "                         \
                                     "AND (?3 IS NULL OR c.reference = ?3 COLLATE NOCASE)"
/* Search: ?6 blind index kind, ?7 its value. */
#define CASE_SEARCH_WHERE                                                                          \
        CASE_LIST_WHERE " AND c.id IN (SELECT b.case_id FROM case_blind b WHERE b.kind = ?6 AND "  \
                        "b.value = ?7)"

#define SQL_CASE(X)                                                                                \
        X(STMT_FIELD_KEY_CURRENT, "SELECT max(version) FROM field_keys")                           \
        X(STMT_CASE_NEXT_ID, "SELECT coalesce(max(id), 0) + 1 FROM cases")                         \
        X(STMT_CASE_ORG_COUNTRY, "SELECT country FROM organisations WHERE id = ?")                 \
        X(STMT_CASE_NUMBER,                                                                        \
          "INSERT INTO case_numbers (organisation_id, year, last) VALUES (?1, ?2, 1) "             \
          "ON CONFLICT (organisation_id, year) DO UPDATE SET last = last + 1 RETURNING last")      \
        X(STMT_CASE_INSERT,                                                                        \
          "INSERT INTO cases (organisation_id, reference, status, closure_reason, closed_on, "     \
          "trafficking_status, deciding_body, identified_on, identification_source, given_name, "  \
          "family_name, aliases, birth_date, phone, email, address, identity_document, "           \
          "languages, key_version, gender, age_band, minor, citizenship, exploitation_types, "     \
          "labour_industry, exploitation_country, recruitment, control_methods, relationship, "    \
          "rg_decision, rg_date, recovery_end, cg_decision, cg_date, created_by, created_at, "     \
          "updated_at, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "  \
          "?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, "  \
          "?32, ?33, ?34, ?36, ?35, ?35, ?37)")                                                    \
        X(STMT_CASE_BY_ID, "SELECT " CASE_COLS_HEAD CASE_COLS_IDENTITY CASE_COLS_TAIL CASE_FROM    \
                           " WHERE c.id = ? AND c.erased_at IS NULL")                              \
        X(STMT_CASE_UPDATE,                                                                        \
          "UPDATE cases SET organisation_id = ?1, reference = ?2, status = ?3, "                   \
          "closure_reason = ?4, closed_on = ?5, trafficking_status = ?6, deciding_body = ?7, "     \
          "identified_on = ?8, identification_source = ?9, given_name = ?10, family_name = ?11, "  \
          "aliases = ?12, birth_date = ?13, phone = ?14, email = ?15, address = ?16, "             \
          "identity_document = ?17, languages = ?18, key_version = ?19, gender = ?20, "            \
          "age_band = ?21, minor = ?22, citizenship = ?23, exploitation_types = ?24, "             \
          "labour_industry = ?25, exploitation_country = ?26, recruitment = ?27, "                 \
          "control_methods = ?28, relationship = ?29, rg_decision = ?30, rg_date = ?31, "          \
          "recovery_end = ?32, cg_decision = ?33, cg_date = ?34, updated_at = ?35 "                \
          "WHERE id = ?36 AND erased_at IS NULL")                                                  \
        /* One row when ?2's organisation may see case ?1: whether it owns it. */                  \
        X(STMT_CASE_SCOPE,                                                                         \
          "SELECT c.organisation_id = ?2 FROM cases c WHERE c.id = ?1 AND" CASE_IN_SCOPE("?2"))    \
        X(STMT_CASE_LIST,                                                                          \
          "SELECT " CASE_COLS_HEAD CASE_COLS_NO_IDENTITY CASE_COLS_TAIL CASE_FROM CASE_LIST_WHERE  \
          " ORDER BY c.id DESC LIMIT ?4 OFFSET ?5")                                                \
        X(STMT_CASE_COUNT, "SELECT count(*) FROM cases c" CASE_LIST_WHERE)                         \
        X(STMT_CASE_SEARCH,                                                                        \
          "SELECT " CASE_COLS_HEAD CASE_COLS_IDENTITY CASE_COLS_TAIL CASE_FROM CASE_SEARCH_WHERE   \
          " ORDER BY c.id DESC LIMIT ?4 OFFSET ?5")                                                \
        X(STMT_CASE_SEARCH_COUNT, "SELECT count(*) FROM cases c" CASE_SEARCH_WHERE)                \
        X(STMT_CASE_BLIND_CLEAR, "DELETE FROM case_blind WHERE case_id = ?")                       \
        X(STMT_CASE_BLIND_ADD,                                                                     \
          "INSERT OR IGNORE INTO case_blind (case_id, kind, value) VALUES (?1, ?2, ?3)")           \
        /* Other organisations' cases with the 'person' index ?1 (not ?2's own). */                \
        X(STMT_CASE_DUPLICATES,                                                                    \
          "SELECT DISTINCT c.id, c.organisation_id FROM case_blind b JOIN cases c ON "             \
          "c.id = b.case_id WHERE b.kind = 'person' AND b.value = ?1 AND "                         \
          "c.organisation_id <> ?2 AND c.erased_at IS NULL ORDER BY c.id")                         \
        X(STMT_NOTIFICATION_INSERT,                                                                \
          "INSERT INTO notifications (organisation_id, kind, other_org, other_reference, "         \
          "case_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")                                  \
        X(STMT_CASE_ACCESS_INSERT,                                                                 \
          "INSERT INTO case_access_log (case_id, user_id, organisation_id, route, at) "            \
          "VALUES (?1, ?2, ?3, ?4, ?5)")                                                           \
        X(STMT_CASE_ACCESS_LIST,                                                                   \
          "SELECT l.id, l.user_id, u.login, l.organisation_id, l.route, l.at FROM "                \
          "case_access_log l LEFT JOIN users u ON u.id = l.user_id WHERE l.case_id = ?1 "          \
          "ORDER BY l.id DESC LIMIT ?2 OFFSET ?3")                                                 \
        X(STMT_CASE_ACCESS_COUNT, "SELECT count(*) FROM case_access_log WHERE case_id = ?")        \
        /* An agency's notices; the case named is its own (?1's). */                               \
        X(STMT_NOTIFICATION_LIST,                                                                  \
          "SELECT n.id, n.kind, n.other_org, o.name, n.other_reference, n.case_id, n.created_at "  \
          "FROM notifications n JOIN organisations o ON o.id = n.other_org WHERE "                 \
          "n.organisation_id = ?1 ORDER BY n.id DESC LIMIT ?2 OFFSET ?3")                          \
        X(STMT_NOTIFICATION_COUNT, "SELECT count(*) FROM notifications WHERE organisation_id = ?")

#endif

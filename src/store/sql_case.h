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

/* Today as days since 1970-01-01, as the records keep dates. */
#define SQL_TODAY "(CAST(strftime('%s', 'now') AS INTEGER) / 86400)"

#define CONSENT_COLS                                                                               \
        "k.id, k.case_id, k.given_by, k.given_on, k.scopes, k.agencies, k.expires_on, "            \
        "k.withdrawn_on, (k.withdrawn_on IS NULL AND k.given_on <= " SQL_TODAY " AND "             \
        "(k.expires_on IS NULL OR k.expires_on >= " SQL_TODAY ")) AS current, k.created_at, "      \
        "k.updated_at FROM consents k"
#define REFERRAL_COLS                                                                              \
        "f.id, f.case_id, c.reference AS case_reference, f.from_org, fo.name AS from_name, "       \
        "f.to_org, t.name AS to_name, f.services, f.reason, f.key_version, f.status, "             \
        "f.decline_reason, f.consent_id, f.override_justification, f.answered_at, f.closed_at, "   \
        "c.age_band, c.gender, f.created_at, f.updated_at FROM referrals f JOIN cases c ON "       \
        "c.id = f.case_id JOIN organisations fo ON fo.id = f.from_org JOIN organisations t ON "    \
        "t.id = f.to_org"
/* Overdue: ?7 the latest creation time a pending one may have, ?8 the latest acceptance time. */
#define REFERRAL_LATE_SQL                                                                          \
        "(f.status = 'pending' AND f.created_at < ?7 OR f.status = 'accepted' AND "                \
        "f.answered_at < ?8)"
/* ?1 the caller's organisation, ?2 direction (NULL: both), ?3 status, ?4 overdue only. */
#define REFERRAL_LIST_WHERE                                                                        \
        " WHERE c.erased_at IS NULL AND (?2 IS NULL AND (f.from_org = ?1 OR f.to_org = ?1) OR "    \
        "?2 = 'incoming' AND f.to_org = ?1 OR ?2 = 'outgoing' AND f.from_org = ?1) AND "           \
        "(?3 IS NULL OR f.status = ?3) AND (?4 IS NULL OR " REFERRAL_LATE_SQL ")"
#define SERVICE_COLS                                                                               \
        "s.id, s.case_id, s.provider_id, o.name AS provider_name, s.type, s.start_on, s.end_on, "  \
        "s.status, s.created_at, s.updated_at FROM case_services s JOIN organisations o ON "       \
        "o.id = s.provider_id"
#define NOTE_COLS                                                                                  \
        "n.id, n.case_id, n.organisation_id, o.name AS organisation_name, n.visibility, n.body, "  \
        "n.key_version, n.created_by AS author_id, n.created_at, n.updated_at FROM case_notes n "  \
        "JOIN organisations o ON o.id = n.organisation_id"

#define SQL_CASEWORK(X)                                                                            \
        X(STMT_CONSENT_INSERT,                                                                     \
          "INSERT INTO consents (case_id, given_by, given_on, scopes, agencies, expires_on, "      \
          "withdrawn_on, created_by, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, "             \
          "coalesce(?5, '[]'), ?6, ?7, ?9, ?8, ?8)")                                               \
        X(STMT_CONSENT_BY_ID, "SELECT " CONSENT_COLS " WHERE k.id = ?")                            \
        X(STMT_CONSENT_LIST, "SELECT " CONSENT_COLS " WHERE k.case_id = ?1 ORDER BY k.id")         \
        X(STMT_CONSENT_WITHDRAW,                                                                   \
          "UPDATE consents SET withdrawn_on = ?1, updated_at = ?2 WHERE id = ?3 AND case_id = ?4 " \
          "AND withdrawn_on IS NULL")                                                              \
        /* The newest current consent of case ?1 to share with organisation ?2. */                 \
        X(STMT_CONSENT_COVERING,                                                                   \
          "SELECT k.id FROM consents k WHERE k.case_id = ?1 AND (k.scopes & 2) != 0 AND "          \
          "k.withdrawn_on IS NULL AND k.given_on <= " SQL_TODAY " AND (k.expires_on IS NULL OR "   \
          "k.expires_on >= " SQL_TODAY ") AND (k.agencies = '[]' OR EXISTS (SELECT 1 FROM "        \
          "json_each(k.agencies) j WHERE j.value = ?2)) ORDER BY k.id DESC LIMIT 1")               \
        X(STMT_REFERRAL_REVOKE_UNDER,                                                              \
          "UPDATE referrals SET status = 'revoked', closed_at = ?2, updated_at = ?2 WHERE "        \
          "consent_id = ?1 AND status IN ('pending', 'accepted') RETURNING id")                    \
        X(STMT_REFERRAL_NEXT_ID, "SELECT coalesce(max(id), 0) + 1 FROM referrals")                 \
        X(STMT_REFERRAL_INSERT,                                                                    \
          "INSERT INTO referrals (case_id, from_org, to_org, services, reason, key_version, "      \
          "status, decline_reason, consent_id, override_justification, answered_at, closed_at, "   \
          "created_by, created_at, updated_at, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "   \
          "?10, ?11, ?12, ?14, ?13, ?13, ?15)")                                                    \
        X(STMT_REFERRAL_BY_ID, "SELECT " REFERRAL_COLS " WHERE f.id = ? AND c.erased_at IS NULL")  \
        X(STMT_REFERRAL_UPDATE,                                                                    \
          "UPDATE referrals SET case_id = ?1, from_org = ?2, to_org = ?3, services = ?4, "         \
          "reason = ?5, key_version = ?6, status = ?7, decline_reason = ?8, consent_id = ?9, "     \
          "override_justification = ?10, answered_at = ?11, closed_at = ?12, updated_at = ?13 "    \
          "WHERE id = ?14")                                                                        \
        X(STMT_REFERRAL_OPEN_TO,                                                                   \
          "SELECT 1 FROM referrals WHERE case_id = ?1 AND to_org = ?2 AND status IN "              \
          "('pending', 'accepted')")                                                               \
        X(STMT_ORG_EXISTS, "SELECT 1 FROM organisations WHERE id = ?")                             \
        /* A case's referrals as ?2's organisation may see them: all for the owner, else its own.  \
         */                                                                                        \
        X(STMT_REFERRAL_LIST_CASE,                                                                 \
          "SELECT " REFERRAL_COLS " WHERE f.case_id = ?1 AND (c.organisation_id = ?2 OR "          \
          "f.to_org = ?2) ORDER BY f.id DESC")                                                     \
        X(STMT_REFERRAL_LIST,                                                                      \
          "SELECT " REFERRAL_COLS REFERRAL_LIST_WHERE " ORDER BY " REFERRAL_LATE_SQL               \
          " DESC, f.id DESC LIMIT ?5 OFFSET ?6")                                                   \
        X(STMT_REFERRAL_COUNT, "SELECT count(*) FROM referrals f JOIN cases c ON c.id = "          \
                               "f.case_id" REFERRAL_LIST_WHERE)                                    \
        X(STMT_SERVICE_INSERT,                                                                     \
          "INSERT INTO case_services (case_id, provider_id, type, start_on, end_on, status, "      \
          "created_by, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?8, ?7, ?7)")       \
        X(STMT_SERVICE_BY_ID, "SELECT " SERVICE_COLS " WHERE s.id = ?")                            \
        X(STMT_SERVICE_LIST, "SELECT " SERVICE_COLS " WHERE s.case_id = ?1 ORDER BY s.id")         \
        X(STMT_NOTE_NEXT_ID, "SELECT coalesce(max(id), 0) + 1 FROM case_notes")                    \
        X(STMT_NOTE_INSERT,                                                                        \
          "INSERT INTO case_notes (case_id, organisation_id, visibility, body, key_version, "      \
          "created_by, created_at, updated_at, id) VALUES (?1, ?2, ?3, ?4, ?5, ?7, ?6, ?6, ?8)")   \
        X(STMT_NOTE_BY_ID, "SELECT " NOTE_COLS " WHERE n.id = ?")                                  \
        /* Notes of case ?1 that organisation ?2 may read. */                                      \
        X(STMT_NOTE_LIST, "SELECT " NOTE_COLS " WHERE n.case_id = ?1 AND (n.visibility = "         \
                          "'shared' OR n.organisation_id = ?2) ORDER BY n.id")

/*
 * Operator tasks over cases (domain/case_keep.h): re-sealing under a new key
 * version, page by page of the rows still on an older one (each PAGE reads
 * id, key_version and the table's encrypted columns in column-table order;
 * each SET writes them back as ?1.., then the version, the id and the version
 * read), and erasing closed cases past their retention.
 */
#define CASE_ERASED_COLUMNS                                                                        \
        "given_name = NULL, family_name = NULL, aliases = NULL, birth_date = NULL, phone = NULL, " \
        "email = NULL, address = NULL, identity_document = NULL, languages = NULL"
#define SQL_CASE_KEEP(X)                                                                           \
        /* Case statistics (domain/case_stats.h): coarse fields only, over a period and agency. */ \
        X(STMT_CASE_STATS_CASES,                                                                   \
          "SELECT c.status, c.trafficking_status, c.exploitation_types, c.gender, c.age_band, "    \
          "c.citizenship, c.identification_source, o.name, count(*) FROM cases c JOIN "            \
          "organisations o ON o.id = c.organisation_id WHERE coalesce(c.identified_on, "           \
          "c.created_at / 86400) BETWEEN ?1 AND ?2 AND (?3 = 0 OR c.organisation_id = ?3) "        \
          "GROUP BY 1, 2, 3, 4, 5, 6, 7, 8")                                                       \
        X(STMT_CASE_STATS_REFERRALS,                                                               \
          "SELECT r.status, count(*) FROM referrals r JOIN cases c ON c.id = r.case_id WHERE "     \
          "coalesce(c.identified_on, c.created_at / 86400) BETWEEN ?1 AND ?2 AND (?3 = 0 OR "      \
          "c.organisation_id = ?3) GROUP BY r.status")                                             \
        X(STMT_CASE_ANON_RECORDS,                                                                  \
          "SELECT coalesce(c.identified_on, c.created_at / 86400), c.gender, c.age_band, "         \
          "c.citizenship, c.exploitation_country, c.exploitation_types FROM cases c WHERE "        \
          "coalesce(c.identified_on, c.created_at / 86400) BETWEEN ?1 AND ?2 AND (?3 = 0 OR "      \
          "c.organisation_id = ?3) ORDER BY 1, 2, 3, 4, 5, 6")                                     \
        X(STMT_CASE_STATS_SERVICES,                                                                \
          "SELECT s.type, count(DISTINCT s.case_id) FROM case_services s JOIN cases c ON c.id = "  \
          "s.case_id WHERE coalesce(c.identified_on, c.created_at / 86400) BETWEEN ?1 AND ?2 AND " \
          "(?3 = 0 OR c.organisation_id = ?3) GROUP BY s.type")                                    \
        /* The open referrals of cases ?1..?2 that agency ?3 is a side of (list counts). */        \
        X(STMT_CASE_OPEN_REFERRALS,                                                                \
          "SELECT case_id, status, created_at, answered_at FROM referrals WHERE case_id BETWEEN "  \
          "?1 AND ?2 AND (from_org = ?3 OR to_org = ?3) AND status IN ('pending', 'accepted')")    \
        /* The release ledger (domain/stats_ledger.h): releases nested with (?1, ?2, ?3), */       \
        /* inside: 1 when the earlier one's population lies inside the new one's. */               \
        X(STMT_STATS_RELEASES_NESTED,                                                              \
          "SELECT id, k, ((?3 = 0 OR agency = ?3) AND from_day >= ?1 AND "                         \
          "coalesce(nullif(to_day, 0), 2147483647) <= ?2) FROM stats_releases WHERE ((?3 = 0 OR "  \
          "agency = ?3) AND from_day >= ?1 AND coalesce(nullif(to_day, 0), 2147483647) <= ?2) OR " \
          "((agency = 0 OR agency = ?3) AND ?1 >= from_day AND ?2 <= coalesce(nullif(to_day, 0), " \
          "2147483647)) ORDER BY id DESC LIMIT ?4")                                                \
        X(STMT_STATS_RELEASE_COUNTS,                                                               \
          "SELECT tbl, row_label, col_label, value, suppressed FROM stats_release_counts WHERE "   \
          "release_id = ?1")                                                                       \
        X(STMT_STATS_RELEASE_ADD,                                                                  \
          "INSERT INTO stats_releases (released_at, last_released_at, user_id, via, from_day, "    \
          "to_day, agency, k, suppressed) VALUES (?1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")            \
        X(STMT_STATS_RELEASE_COUNT_ADD,                                                            \
          "INSERT INTO stats_release_counts (release_id, tbl, row_label, col_label, value, "       \
          "suppressed) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")                                           \
        /* The newest earlier release of release ?1's query, user and channel whose counts */      \
        /* are the same as ?1's, if any. */                                                        \
        X(STMT_STATS_RELEASE_SAME,                                                                 \
          "SELECT o.id FROM stats_releases n JOIN stats_releases o ON o.id < n.id AND o.from_day " \
          "= n.from_day AND o.to_day = n.to_day AND o.agency = n.agency AND o.k = n.k AND o.via "  \
          "= n.via AND o.user_id = n.user_id WHERE n.id = ?1 AND NOT EXISTS (SELECT tbl, "         \
          "row_label, col_label, value, suppressed FROM stats_release_counts WHERE release_id = "  \
          "n.id EXCEPT SELECT tbl, row_label, col_label, value, suppressed FROM "                  \
          "stats_release_counts WHERE release_id = o.id) AND NOT EXISTS (SELECT tbl, row_label, "  \
          "col_label, value, suppressed FROM stats_release_counts WHERE release_id = o.id EXCEPT " \
          "SELECT tbl, row_label, col_label, value, suppressed FROM stats_release_counts WHERE "   \
          "release_id = n.id) ORDER BY o.id DESC LIMIT 1")                                         \
        X(STMT_STATS_RELEASE_FORGET_COUNTS,                                                        \
          "DELETE FROM stats_release_counts WHERE release_id = ?1")                                \
        X(STMT_STATS_RELEASE_FORGET, "DELETE FROM stats_releases WHERE id = ?1")                   \
        X(STMT_STATS_RELEASE_AGAIN,                                                                \
          "UPDATE stats_releases SET times = times + 1, last_released_at = ?2 WHERE id = ?1")      \
        X(STMT_STATS_RELEASES_LIST,                                                                \
          "SELECT id, released_at, last_released_at, times, user_id, via, from_day, to_day, "      \
          "agency, k, suppressed FROM stats_releases ORDER BY id DESC LIMIT ?1 OFFSET ?2")         \
        X(STMT_STATS_RELEASES_COUNT, "SELECT count(*) FROM stats_releases")                        \
        X(STMT_FIELD_KEY_ADD, "INSERT INTO field_keys (version, created_at) VALUES (?1, ?2)")      \
        X(STMT_FIELD_KEY_LEFT,                                                                     \
          "SELECT (SELECT count(*) FROM cases WHERE key_version < ?1) + (SELECT count(*) FROM "    \
          "referrals WHERE key_version < ?1) + (SELECT count(*) FROM case_notes WHERE "            \
          "key_version < ?1)")                                                                     \
        X(STMT_RESEAL_CASES_PAGE,                                                                  \
          "SELECT id, key_version, given_name, family_name, aliases, birth_date, phone, email, "   \
          "address, identity_document, languages FROM cases WHERE key_version < ?1 ORDER BY id "   \
          "LIMIT ?2")                                                                              \
        X(STMT_RESEAL_CASES_SET,                                                                   \
          "UPDATE cases SET given_name = ?1, family_name = ?2, aliases = ?3, birth_date = ?4, "    \
          "phone = ?5, email = ?6, address = ?7, identity_document = ?8, languages = ?9, "         \
          "key_version = ?10 WHERE id = ?11 AND key_version = ?12")                                \
        X(STMT_RESEAL_REFERRALS_PAGE,                                                              \
          "SELECT id, key_version, reason, override_justification FROM referrals WHERE "           \
          "key_version < ?1 ORDER BY id LIMIT ?2")                                                 \
        X(STMT_RESEAL_REFERRALS_SET,                                                               \
          "UPDATE referrals SET reason = ?1, override_justification = ?2, key_version = ?3 "       \
          "WHERE id = ?4 AND key_version = ?5")                                                    \
        X(STMT_RESEAL_NOTES_PAGE,                                                                  \
          "SELECT id, key_version, body FROM case_notes WHERE key_version < ?1 ORDER BY id "       \
          "LIMIT ?2")                                                                              \
        X(STMT_RESEAL_NOTES_SET,                                                                   \
          "UPDATE case_notes SET body = ?1, key_version = ?2 WHERE id = ?3 AND key_version = ?4")  \
        /* Closed cases closed before day ?1 and not yet erased. */                                \
        X(STMT_CASE_PURGE_DUE,                                                                     \
          "SELECT id, reference, closed_on FROM cases WHERE erased_at IS NULL AND status IN "      \
          "('closed', 'closed_referred') AND closed_on IS NOT NULL AND closed_on < ?1 AND id > "   \
          "?2 "                                                                                    \
          "ORDER BY id LIMIT ?3")                                                                  \
        X(STMT_CASE_ERASE,                                                                         \
          "UPDATE cases SET " CASE_ERASED_COLUMNS ", erased_at = ?2, updated_at = ?2 WHERE id = "  \
          "?1 AND erased_at IS NULL")                                                              \
        X(STMT_CASE_ERASE_BLIND, "DELETE FROM case_blind WHERE case_id = ?1")                      \
        X(STMT_CASE_ERASE_NOTES, "DELETE FROM case_notes WHERE case_id = ?1")                      \
        X(STMT_CASE_ERASE_REFERRAL_TEXTS,                                                          \
          "UPDATE referrals SET reason = NULL, override_justification = NULL, updated_at = ?2 "    \
          "WHERE case_id = ?1")                                                                    \
        /* After erasing: the log of changes (SQLite's WAL) emptied into the file. */              \
        X(STMT_STORE_FORGET, "PRAGMA wal_checkpoint(TRUNCATE)")

#endif

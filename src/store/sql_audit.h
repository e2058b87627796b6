/* The hash-chained audit log. */
#ifndef ECAT_SQL_AUDIT_H
#define ECAT_SQL_AUDIT_H

#define SQL_AUDIT(X)                                                                               \
        X(STMT_AUDIT_LAST, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")              \
        X(STMT_AUDIT_VERSION_MAX, "SELECT coalesce(max(version), 0) FROM audit_log")               \
        X(STMT_AUDIT_INSERT,                                                                       \
          "INSERT INTO audit_log (id, at, actor_id, action, object_type, object_id, outcome, "     \
          "request_id, prev_hash, hash, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")        \
        X(STMT_AUDIT_ALL,                                                                          \
          "SELECT id, at, actor_id, action, object_type, object_id, outcome, request_id, "         \
          "prev_hash, hash, version FROM audit_log ORDER BY rowid")                                \
        X(STMT_AUDIT_HEAD, "SELECT last_id, last_hash, at, mac FROM audit_head WHERE one = 1")     \
        X(STMT_AUDIT_HEAD_SET,                                                                     \
          "UPDATE audit_head SET last_id = ?1, last_hash = ?2, at = ?3, mac = ?4 WHERE one = 1")   \
        X(STMT_AUDIT_LIST,                                                                         \
          "SELECT id, at, actor_id, action, object_type, object_id, outcome, request_id "          \
          "FROM audit_log WHERE (?1 IS NULL OR actor_id = ?1) AND (?2 IS NULL OR action = ?2) "    \
          "AND (?3 IS NULL OR object_type = ?3) AND (?4 IS NULL OR object_id = ?4) "               \
          "ORDER BY id DESC LIMIT ?5 OFFSET ?6")                                                   \
        X(STMT_AUDIT_COUNT,                                                                        \
          "SELECT count(*) FROM audit_log WHERE (?1 IS NULL OR actor_id = ?1) "                    \
          "AND (?2 IS NULL OR action = ?2) AND (?3 IS NULL OR object_type = ?3) "                  \
          "AND (?4 IS NULL OR object_id = ?4)")

#endif

/* Users, login sessions, API tokens, login throttling. */
#ifndef ECAT_SQL_AUTH_H
#define ECAT_SQL_AUTH_H

/* The columns of domain/user.h's table that are read back (never the password hash). */
#define USER_COLS                                                                                  \
        "u.id, u.login, u.display_name, u.organisation_id, u.role, u.disabled, u.locale, "         \
        "u.created_at, u.updated_at, u.totp_secret IS NOT NULL AS totp_enabled"

#define SQL_AUTH(X)                                                                                \
        X(STMT_USER_INSERT,                                                                        \
          "INSERT INTO users (login, display_name, organisation_id, role, disabled, locale, "      \
          "password_hash, created_at, updated_at, id) "                                            \
          "VALUES (?1, coalesce(?2, ''), ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?10)")                        \
        X(STMT_USER_BY_ID, "SELECT " USER_COLS " FROM users u WHERE u.id = ?")                     \
        X(STMT_USER_AUTH_BY_LOGIN,                                                                 \
          "SELECT u.id, u.password_hash, u.disabled, u.totp_secret, u.totp_last_step, u.role, "    \
          "u.totp_reset_at FROM users u WHERE u.login = ? COLLATE NOCASE")                         \
        X(STMT_USER_PASSWORD_HASH, "SELECT password_hash FROM users WHERE id = ?")                 \
        X(STMT_USER_LIST,                                                                          \
          "SELECT " USER_COLS " FROM users u WHERE (?1 IS NULL OR u.role = ?1) "                   \
          "AND (?2 IS NULL OR u.organisation_id = ?2) AND (?3 IS NULL OR u.disabled = ?3) "        \
          "ORDER BY u.id LIMIT ?4 OFFSET ?5")                                                      \
        X(STMT_USER_COUNT,                                                                         \
          "SELECT count(*) FROM users u WHERE (?1 IS NULL OR u.role = ?1) "                        \
          "AND (?2 IS NULL OR u.organisation_id = ?2) AND (?3 IS NULL OR u.disabled = ?3)")        \
        /* ?1 the login is not written: it never changes. */                                       \
        X(STMT_USER_UPDATE,                                                                        \
          "UPDATE users SET display_name = coalesce(?2, ''), organisation_id = ?3, role = ?4, "    \
          "disabled = ?5, locale = ?6, password_hash = coalesce(?7, password_hash), "              \
          "updated_at = ?8 WHERE id = ?9")                                                         \
        X(STMT_USER_SET_PASSWORD,                                                                  \
          "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?")                       \
        /* Two-factor login (auth/totp.h): enrolment, codes used, an administrator's reset. */     \
        X(STMT_TOTP_STATE,                                                                         \
          "SELECT totp_secret, totp_pending, totp_last_step FROM users WHERE id = ?1")             \
        X(STMT_TOTP_PENDING_SET, "UPDATE users SET totp_pending = ?1 WHERE id = ?2")               \
        X(STMT_TOTP_CONFIRM,                                                                       \
          "UPDATE users SET totp_secret = totp_pending, totp_pending = NULL, totp_last_step = "    \
          "?1, "                                                                                   \
          "totp_reset_at = NULL, updated_at = ?2 WHERE id = ?3 AND totp_pending = ?4 AND "         \
          "totp_secret IS NULL")                                                                   \
        X(STMT_TOTP_STEP,                                                                          \
          "UPDATE users SET totp_last_step = ?1 WHERE id = ?2 AND totp_last_step < ?1")            \
        X(STMT_TOTP_RESET,                                                                         \
          "UPDATE users SET totp_secret = NULL, totp_pending = NULL, totp_last_step = 0, "         \
          "totp_reset_at = ?1, updated_at = ?1 WHERE id = ?2")                                     \
        X(STMT_TOTP_TOLD, "UPDATE users SET totp_reset_at = NULL WHERE id = ?1")                   \
        X(STMT_RECOVERY_DELETE, "DELETE FROM totp_recovery WHERE user_id = ?1")                    \
        X(STMT_RECOVERY_INSERT, "INSERT INTO totp_recovery (user_id, code_hash) VALUES (?1, ?2)")  \
        X(STMT_RECOVERY_USE,                                                                       \
          "UPDATE totp_recovery SET used_at = ?1 WHERE user_id = ?2 AND code_hash = ?3 AND "       \
          "used_at IS NULL")                                                                       \
        X(STMT_RECOVERY_LEFT,                                                                      \
          "SELECT count(*) FROM totp_recovery WHERE user_id = ?1 AND used_at IS NULL")             \
        X(STMT_USER_ID_BY_LOGIN, "SELECT id FROM users WHERE login = ? COLLATE NOCASE")            \
        X(STMT_SESSION_INSERT,                                                                     \
          "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at) "      \
          "VALUES (?, ?, ?, ?, ?)")                                                                \
        X(STMT_SESSION_LOOKUP,                                                                     \
          "SELECT s.id, s.user_id, s.csrf_token, s.created_at, s.last_seen_at, u.role, "           \
          "u.organisation_id, u.disabled, u.login, u.locale, u.totp_secret IS NOT NULL "           \
          "FROM sessions s "                                                                       \
          "JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?")                               \
        X(STMT_SESSION_TOUCH, "UPDATE sessions SET last_seen_at = ? WHERE id = ?")                 \
        X(STMT_SESSION_DELETE, "DELETE FROM sessions WHERE id = ?")                                \
        X(STMT_SESSION_DELETE_USER_EXCEPT, "DELETE FROM sessions WHERE user_id = ? AND id <> ?")   \
        X(STMT_SESSION_DELETE_EXPIRED,                                                             \
          "DELETE FROM sessions WHERE created_at < ? OR last_seen_at < ?")                         \
        X(STMT_TOKEN_INSERT,                                                                       \
          "INSERT INTO api_tokens (token_hash, user_id, name, created_at, expires_at) "            \
          "VALUES (?, ?, ?, ?, ?)")                                                                \
        X(STMT_TOKEN_LOOKUP,                                                                       \
          "SELECT t.id, t.user_id, u.role, u.organisation_id, u.disabled, u.login, u.locale, "     \
          "t.expires_at FROM api_tokens t JOIN users u ON u.id = t.user_id "                       \
          "WHERE t.token_hash = ?1 AND t.revoked = 0 AND t.expires_at > ?2")                       \
        X(STMT_AUTH_GENERATION, "SELECT gen FROM auth_generation WHERE id = 1")                    \
        X(STMT_TOKEN_LIST,                                                                         \
          "SELECT id, name, created_at, expires_at FROM api_tokens WHERE user_id = ?1 "            \
          "AND revoked = 0 AND expires_at > ?2 ORDER BY id")                                       \
        X(STMT_TOKEN_REVOKE,                                                                       \
          "UPDATE api_tokens SET revoked = 1 WHERE id = ? AND user_id = ? AND revoked = 0")        \
        X(STMT_TOKEN_REVOKE_USER, "UPDATE api_tokens SET revoked = 1 WHERE user_id = ?")           \
        X(STMT_LOGIN_FAILURE_INSERT, "INSERT INTO login_failures (login_key, at) VALUES (?, ?)")   \
        X(STMT_LOGIN_FAILURE_COUNT,                                                                \
          "SELECT count(*), min(at) FROM login_failures WHERE login_key = ? AND at > ?")           \
        X(STMT_LOGIN_FAILURE_PRUNE, "DELETE FROM login_failures WHERE at <= ?")

#endif

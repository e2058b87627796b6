/* The web interface: a user's own settings. */
#ifndef ECAT_SQL_WEB_H
#define ECAT_SQL_WEB_H

#define SQL_WEB(X)                                                                                 \
        X(STMT_USER_SET_LOCALE, "UPDATE users SET locale = ?, updated_at = ? WHERE id = ?")

#endif

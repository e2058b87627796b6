/* Organisations. */
#ifndef ECAT_SQL_ORG_H
#define ECAT_SQL_ORG_H

#define ORG_COLS                                                                                   \
        "o.id, o.name, o.kind, o.country, o.municipality, o.address, o.contact_name, o.phone, "    \
        "o.email, o.website, o.notes, o.lat, o.lon, o.created_at, o.updated_at"

#define SQL_ORG(X)                                                                                 \
        X(STMT_ORG_INSERT,                                                                         \
          "INSERT INTO organisations (name, kind, country, municipality, address, contact_name, "  \
          "phone, email, website, notes, lat, lon, created_at, updated_at) "                       \
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")                                     \
        X(STMT_ORG_BY_ID, "SELECT " ORG_COLS " FROM organisations o WHERE o.id = ?")               \
        X(STMT_ORG_ID_BY_NAME, "SELECT id FROM organisations WHERE name = ?")                      \
        X(STMT_ORG_LIST_ALL, "SELECT " ORG_COLS " FROM organisations o ORDER BY o.id")

#endif

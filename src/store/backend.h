/*
 * The store's backend table: private to src/store/.
 *
 * store.h is the one public door; store.c turns each of its functions into
 * one indirect call through the struct store_ops that the store, connection
 * or statement at hand points to.  A backend defines its own struct for each
 * of the three objects and makes the public struct (below) its first member,
 * so a pointer to one is a pointer to the other:
 *
 *     struct sqlite_stmt { struct stmt base; sqlite3_stmt *s; ... };
 *
 * Backends: "sqlite" (sqlite.c) and the fault-injecting wrapper of tests
 * (fault.c).  A PostgreSQL backend supplies one more table and is chosen in
 * store_open() (store.c).
 */
#ifndef ECAT_STORE_BACKEND_H
#define ECAT_STORE_BACKEND_H

#include "store/store.h"

struct store_ops;

/* The common heads: every backend's store, connection and statement begin so. */
struct store {
        const struct store_ops *ops;
};

struct db {
        const struct store_ops *ops;
};

struct stmt {
        const struct store_ops *ops;
};

/* One entry per operation of store.h; the contracts are those of store.h. */
struct store_ops {
        /* The store. */
        int (*open)(const char *path, bool create, struct store **out, char *err, size_t errlen);
        void (*close)(struct store *s);
        const char *(*store_kind)(const struct store *s);
        int (*schema_version)(struct store *s);
        struct db *(*db)(struct store *s);
        void (*set_lock_wait)(struct store *s, int ms);
        int (*backup)(struct store *s, const char *out, char *err, size_t errlen);
        int (*check)(struct store *s, char *err, size_t errlen);
        int (*check_file)(const char *path, char *err, size_t errlen);

        /* A connection. */
        enum store_rc (*begin_read)(struct db *db);
        enum store_rc (*begin_write)(struct db *db);
        enum store_rc (*commit)(struct db *db);
        void (*rollback)(struct db *db);
        void (*read_scope_begin)(struct db *db);
        void (*read_scope_end)(struct db *db);
        enum store_rc (*lock)(struct db *db, enum store_lock what);
        void (*bulk_hint)(struct db *db, unsigned cache_mib);
        struct stmt *(*prepare)(struct db *db, enum stmt_id id);
        int64_t (*changes)(struct db *db);
        const char *(*errmsg)(struct db *db);
        void (*set_deadline)(struct db *db, double deadline_ms);
        bool (*timed_out)(struct db *db);

        /* A statement. */
        void (*bind_int)(struct stmt *st, int idx, int64_t v);
        void (*bind_double)(struct stmt *st, int idx, double v);
        void (*bind_null)(struct stmt *st, int idx);
        void (*bind_text)(struct stmt *st, int idx, const char *s);
        void (*bind_textn)(struct stmt *st, int idx, const char *s, size_t len);
        void (*bind_blob)(struct stmt *st, int idx, const void *p, size_t len);
        enum store_rc (*step)(struct stmt *st);
        enum store_rc (*exec)(struct stmt *st);
        enum store_rc (*insert)(struct stmt *st, int64_t *id);
        bool (*null)(struct stmt *st, int col);
        int64_t (*int64)(struct stmt *st, int col);
        double (*dbl)(struct stmt *st, int col);
        const char *(*text)(struct stmt *st, int col);
        const void *(*blob)(struct stmt *st, int col);
        size_t (*bytes)(struct stmt *st, int col);
        int (*column_count)(struct stmt *st);
        const char *(*column_name)(struct stmt *st, int col);
        void (*reset)(struct stmt *st);
};

extern const struct store_ops store_sqlite_ops;

/* Open path with the backend ops (what store_open() does with the chosen one). */
int store_open_backend(const struct store_ops *ops, const char *path, bool create,
                       struct store **out, char *err, size_t errlen);

#endif

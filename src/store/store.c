/*
 * The functions of store.h: each one indirect call through the backend table
 * of the object at hand (backend.h).
 */
#include "store/backend.h"

#include "core/embed.h"

int store_open_backend(const struct store_ops *ops, const char *path, bool create,
                       struct store **out, char *err, size_t errlen)
{
        return ops->open(path, create, out, err, errlen);
}

int store_open(const char *path, bool create, struct store **out, char *err, size_t errlen)
{
        /*
         * The one backend today.  PostgreSQL: a path that is a connection URI
         * ("postgresql://...") will choose its table here.
         */
        return store_open_backend(&store_sqlite_ops, path, create, out, err, errlen);
}

void store_close(struct store *s)
{
        if (s)
                s->ops->close(s);
}

const char *store_kind(const struct store *s)
{
        return s->ops->store_kind(s);
}

void store_set_lock_wait(struct store *s, int ms)
{
        s->ops->set_lock_wait(s, ms < 0 ? 0 : ms);
}

int store_schema_version(struct store *s)
{
        return s->ops->schema_version(s);
}

int store_schema_latest(void)
{
        return (int)ecat_migrations_count;
}

struct db *store_db(struct store *s)
{
        return s->ops->db(s);
}

int store_backup(struct store *s, const char *out, char *err, size_t errlen)
{
        return s->ops->backup(s, out, err, errlen);
}

int store_check(struct store *s, char *err, size_t errlen)
{
        return s->ops->check(s, err, errlen);
}

int store_check_file(const char *path, char *err, size_t errlen)
{
        /* Backup copies are SQLite files whatever the backend. */
        return store_sqlite_ops.check_file(path, err, errlen);
}

enum store_rc db_begin_read(struct db *db)
{
        return db->ops->begin_read(db);
}

enum store_rc db_begin_write(struct db *db)
{
        return db->ops->begin_write(db);
}

enum store_rc db_commit(struct db *db)
{
        return db->ops->commit(db);
}

void db_rollback(struct db *db)
{
        db->ops->rollback(db);
}

void db_read_scope_begin(struct db *db)
{
        db->ops->read_scope_begin(db);
}

void db_read_scope_end(struct db *db)
{
        db->ops->read_scope_end(db);
}

enum store_rc db_lock(struct db *db, enum store_lock what)
{
        return db->ops->lock(db, what);
}

void db_bulk_hint(struct db *db, unsigned cache_mib)
{
        db->ops->bulk_hint(db, cache_mib);
}

struct stmt *db_prepare(struct db *db, enum stmt_id id)
{
        return db->ops->prepare(db, id);
}

int64_t db_changes(struct db *db)
{
        return db->ops->changes(db);
}

const char *db_errmsg(struct db *db)
{
        return db->ops->errmsg(db);
}

void db_set_deadline(struct db *db, double deadline_ms)
{
        db->ops->set_deadline(db, deadline_ms);
}

bool db_timed_out(struct db *db)
{
        return db->ops->timed_out(db);
}

void st_bind_int(struct stmt *st, int idx, int64_t v)
{
        st->ops->bind_int(st, idx, v);
}

void st_bind_double(struct stmt *st, int idx, double v)
{
        st->ops->bind_double(st, idx, v);
}

void st_bind_null(struct stmt *st, int idx)
{
        st->ops->bind_null(st, idx);
}

void st_bind_text(struct stmt *st, int idx, const char *s)
{
        st->ops->bind_text(st, idx, s);
}

void st_bind_textn(struct stmt *st, int idx, const char *s, size_t len)
{
        st->ops->bind_textn(st, idx, s, len);
}

void st_bind_blob(struct stmt *st, int idx, const void *p, size_t len)
{
        st->ops->bind_blob(st, idx, p, len);
}

enum store_rc st_step(struct stmt *st)
{
        return st->ops->step(st);
}

enum store_rc st_exec(struct stmt *st)
{
        return st->ops->exec(st);
}

enum store_rc st_insert(struct stmt *st, int64_t *id)
{
        return st->ops->insert(st, id);
}

bool st_null(struct stmt *st, int col)
{
        return st->ops->null(st, col);
}

int64_t st_int(struct stmt *st, int col)
{
        return st->ops->int64(st, col);
}

double st_double(struct stmt *st, int col)
{
        return st->ops->dbl(st, col);
}

const char *st_text(struct stmt *st, int col)
{
        return st->ops->text(st, col);
}

const void *st_blob(struct stmt *st, int col)
{
        return st->ops->blob(st, col);
}

size_t st_bytes(struct stmt *st, int col)
{
        return st->ops->bytes(st, col);
}

int st_column_count(struct stmt *st)
{
        return st->ops->column_count(st);
}

const char *st_column_name(struct stmt *st, int col)
{
        return st->ops->column_name(st, col);
}

void st_reset(struct stmt *st)
{
        if (st)
                st->ops->reset(st);
}

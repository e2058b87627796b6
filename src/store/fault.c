/*
 * The fault-injecting store of tests (store.h): a backend that wraps another
 * (the sqlite backend) and passes every call through, except that it counts
 * the calls that can fail in service (prepare, step, exec, insert, begin,
 * commit) and makes the armed one fail without reaching the database.
 *
 * Each wrapped connection has its own wrapped statements, one per stmt_id,
 * pointing at the inner backend's; connections are kept per thread as the
 * inner backend keeps its own.  The counters are atomics shared by all
 * threads.
 */
#include "store/backend.h"

#include "core/log.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

struct fault_store;
struct fault_db;

struct fault_stmt {
        struct stmt base;
        struct stmt *inner;
        struct fault_db *db;
};

struct fault_db {
        struct db base;
        struct db *inner;
        struct fault_store *store;
        struct fault_db *next; /* all connections of the store */
        struct fault_stmt stmts[STMT__MAX];
};

struct fault_store {
        struct store base;
        struct store *inner;
        pthread_mutex_t lock;
        struct fault_db *conns;
        atomic_long calls; /* counted calls since arming */
        atomic_long nth;   /* the call to fail; 0: none */
        atomic_int how;    /* what the failed call returns */
        atomic_bool fired; /* the armed call has failed */
};

static const struct store_ops fault_ops;

static __thread struct fault_db *tl_db;
static __thread struct fault_store *tl_store;

static inline struct fault_store *to_store(struct store *s)
{
        return (struct fault_store *)s;
}

static inline const struct fault_store *to_cstore(const struct store *s)
{
        return (const struct fault_store *)s;
}

static inline struct fault_db *to_db(struct db *db)
{
        return (struct fault_db *)db;
}

static inline struct fault_stmt *to_stmt(struct stmt *st)
{
        return (struct fault_stmt *)st;
}

/* Count one call; true when it is the one to fail. */
static bool fault_hit(struct fault_store *s, const char *op)
{
        long n = atomic_fetch_add(&s->calls, 1) + 1;
        long nth = atomic_load(&s->nth);
        if (nth <= 0 || n != nth)
                return false;
        atomic_store(&s->fired, true);
        log_warn("msg=\"injected store failure\" call=%ld op=%s", n, op);
        return true;
}

static enum store_rc fault_rc(const struct fault_store *s)
{
        return (enum store_rc)atomic_load(&s->how);
}

/* The store. */

int store_open_faulty(const char *path, bool create, struct store **out, char *err, size_t errlen)
{
        struct fault_store *s = calloc(1, sizeof(*s));
        if (!s) {
                snprintf(err, errlen, "out of memory");
                return -1;
        }
        if (store_open_backend(&store_sqlite_ops, path, create, &s->inner, err, errlen) < 0) {
                free(s);
                return -1;
        }
        s->base.ops = &fault_ops;
        pthread_mutex_init(&s->lock, NULL);
        atomic_init(&s->calls, 0);
        atomic_init(&s->nth, 0);
        atomic_init(&s->how, STORE_ERROR);
        atomic_init(&s->fired, false);
        *out = &s->base;
        return 0;
}

void store_fault_arm(struct store *store, long nth, enum store_rc how)
{
        if (!store || store->ops != &fault_ops)
                return;
        struct fault_store *s = to_store(store);
        atomic_store(&s->nth, 0);
        atomic_store(&s->calls, 0);
        atomic_store(&s->fired, false);
        atomic_store(&s->how, how == STORE_BUSY ? STORE_BUSY : STORE_ERROR);
        atomic_store(&s->nth, nth > 0 ? nth : 0);
}

long store_fault_calls(const struct store *store)
{
        if (!store || store->ops != &fault_ops)
                return 0;
        return atomic_load(&to_cstore(store)->calls);
}

bool store_fault_fired(const struct store *store)
{
        if (!store || store->ops != &fault_ops)
                return false;
        return atomic_load(&to_cstore(store)->fired);
}

static int fault_open(const char *path, bool create, struct store **out, char *err, size_t errlen)
{
        return store_open_faulty(path, create, out, err, errlen);
}

static void fault_close(struct store *store)
{
        struct fault_store *s = to_store(store);
        pthread_mutex_lock(&s->lock);
        struct fault_db *c = s->conns;
        while (c) {
                struct fault_db *next = c->next;
                free(c);
                c = next;
        }
        s->conns = NULL;
        pthread_mutex_unlock(&s->lock);
        if (tl_store == s) {
                tl_store = NULL;
                tl_db = NULL;
        }
        s->inner->ops->close(s->inner);
        pthread_mutex_destroy(&s->lock);
        free(s);
}

static const char *fault_kind(const struct store *store)
{
        const struct store *in = to_cstore(store)->inner;
        return in->ops->store_kind(in);
}

static int fault_schema_version(struct store *store)
{
        struct store *in = to_store(store)->inner;
        return in->ops->schema_version(in);
}

static struct db *fault_store_db(struct store *store)
{
        struct fault_store *s = to_store(store);
        struct db *inner = s->inner->ops->db(s->inner);
        if (!inner)
                return NULL;
        if (tl_store == s && tl_db && tl_db->inner == inner)
                return &tl_db->base;
        struct fault_db *db = calloc(1, sizeof(*db));
        if (!db)
                return NULL;
        db->base.ops = &fault_ops;
        db->inner = inner;
        db->store = s;
        for (int i = 0; i < (int)STMT__MAX; i++) {
                db->stmts[i].base.ops = &fault_ops;
                db->stmts[i].db = db;
        }
        pthread_mutex_lock(&s->lock);
        db->next = s->conns;
        s->conns = db;
        pthread_mutex_unlock(&s->lock);
        tl_store = s;
        tl_db = db;
        return &db->base;
}

static void fault_set_lock_wait(struct store *store, int ms)
{
        struct store *in = to_store(store)->inner;
        in->ops->set_lock_wait(in, ms);
}

static int fault_backup(struct store *store, const char *out, char *err, size_t errlen)
{
        struct store *in = to_store(store)->inner;
        return in->ops->backup(in, out, err, errlen);
}

static int fault_check(struct store *store, char *err, size_t errlen)
{
        struct store *in = to_store(store)->inner;
        return in->ops->check(in, err, errlen);
}

static int fault_check_file(const char *path, char *err, size_t errlen)
{
        return store_sqlite_ops.check_file(path, err, errlen);
}

/* A connection. */

static enum store_rc fault_begin_read(struct db *db)
{
        if (fault_hit(to_db(db)->store, "begin_read"))
                return fault_rc(to_db(db)->store);
        struct db *in = to_db(db)->inner;
        return in->ops->begin_read(in);
}

static enum store_rc fault_begin_write(struct db *db)
{
        if (fault_hit(to_db(db)->store, "begin_write"))
                return fault_rc(to_db(db)->store);
        struct db *in = to_db(db)->inner;
        return in->ops->begin_write(in);
}

static enum store_rc fault_commit(struct db *db)
{
        struct db *in = to_db(db)->inner;
        if (fault_hit(to_db(db)->store, "commit")) {
                /* As a commit that failed for good: nothing of the transaction stays. */
                in->ops->rollback(in);
                return fault_rc(to_db(db)->store);
        }
        return in->ops->commit(in);
}

static void fault_rollback(struct db *db)
{
        struct db *in = to_db(db)->inner;
        in->ops->rollback(in);
}

static void fault_read_scope_begin(struct db *db)
{
        struct db *in = to_db(db)->inner;
        in->ops->read_scope_begin(in);
}

static void fault_read_scope_end(struct db *db)
{
        struct db *in = to_db(db)->inner;
        in->ops->read_scope_end(in);
}

static enum store_rc fault_lock(struct db *db, enum store_lock what)
{
        struct db *in = to_db(db)->inner;
        return in->ops->lock(in, what);
}

static void fault_bulk_hint(struct db *db, unsigned cache_mib)
{
        struct db *in = to_db(db)->inner;
        in->ops->bulk_hint(in, cache_mib);
}

static struct stmt *fault_prepare(struct db *base, enum stmt_id id)
{
        struct fault_db *db = to_db(base);
        if ((unsigned)id >= STMT__MAX)
                return NULL;
        if (fault_hit(db->store, "prepare"))
                return NULL;
        struct stmt *inner = db->inner->ops->prepare(db->inner, id);
        if (!inner)
                return NULL;
        db->stmts[id].inner = inner;
        return &db->stmts[id].base;
}

static int64_t fault_changes(struct db *db)
{
        struct db *in = to_db(db)->inner;
        return in->ops->changes(in);
}

static const char *fault_errmsg(struct db *db)
{
        struct db *in = to_db(db)->inner;
        return in->ops->errmsg(in);
}

static void fault_set_deadline(struct db *db, double deadline_ms)
{
        struct db *in = to_db(db)->inner;
        in->ops->set_deadline(in, deadline_ms);
}

static bool fault_timed_out(struct db *db)
{
        struct db *in = to_db(db)->inner;
        return in->ops->timed_out(in);
}

/* A statement. */

static void fault_bind_int(struct stmt *st, int idx, int64_t v)
{
        struct stmt *in = to_stmt(st)->inner;
        in->ops->bind_int(in, idx, v);
}

static void fault_bind_double(struct stmt *st, int idx, double v)
{
        struct stmt *in = to_stmt(st)->inner;
        in->ops->bind_double(in, idx, v);
}

static void fault_bind_null(struct stmt *st, int idx)
{
        struct stmt *in = to_stmt(st)->inner;
        in->ops->bind_null(in, idx);
}

static void fault_bind_text(struct stmt *st, int idx, const char *s)
{
        struct stmt *in = to_stmt(st)->inner;
        in->ops->bind_text(in, idx, s);
}

static void fault_bind_textn(struct stmt *st, int idx, const char *s, size_t len)
{
        struct stmt *in = to_stmt(st)->inner;
        in->ops->bind_textn(in, idx, s, len);
}

static void fault_bind_blob(struct stmt *st, int idx, const void *p, size_t len)
{
        struct stmt *in = to_stmt(st)->inner;
        in->ops->bind_blob(in, idx, p, len);
}

static enum store_rc fault_step(struct stmt *st)
{
        struct fault_store *s = to_stmt(st)->db->store;
        if (fault_hit(s, "step"))
                return fault_rc(s);
        struct stmt *in = to_stmt(st)->inner;
        return in->ops->step(in);
}

static enum store_rc fault_exec(struct stmt *st)
{
        struct stmt *in = to_stmt(st)->inner;
        struct fault_store *s = to_stmt(st)->db->store;
        if (fault_hit(s, "exec")) {
                in->ops->reset(in); /* st_exec leaves the statement reset */
                return fault_rc(s);
        }
        return in->ops->exec(in);
}

static enum store_rc fault_insert(struct stmt *st, int64_t *id)
{
        struct stmt *in = to_stmt(st)->inner;
        struct fault_store *s = to_stmt(st)->db->store;
        if (fault_hit(s, "insert")) {
                in->ops->reset(in);
                return fault_rc(s);
        }
        return in->ops->insert(in, id);
}

static bool fault_null(struct stmt *st, int col)
{
        struct stmt *in = to_stmt(st)->inner;
        return in->ops->null(in, col);
}

static int64_t fault_int(struct stmt *st, int col)
{
        struct stmt *in = to_stmt(st)->inner;
        return in->ops->int64(in, col);
}

static double fault_double(struct stmt *st, int col)
{
        struct stmt *in = to_stmt(st)->inner;
        return in->ops->dbl(in, col);
}

static const char *fault_text(struct stmt *st, int col)
{
        struct stmt *in = to_stmt(st)->inner;
        return in->ops->text(in, col);
}

static const void *fault_blob(struct stmt *st, int col)
{
        struct stmt *in = to_stmt(st)->inner;
        return in->ops->blob(in, col);
}

static size_t fault_bytes(struct stmt *st, int col)
{
        struct stmt *in = to_stmt(st)->inner;
        return in->ops->bytes(in, col);
}

static int fault_column_count(struct stmt *st)
{
        struct stmt *in = to_stmt(st)->inner;
        return in->ops->column_count(in);
}

static const char *fault_column_name(struct stmt *st, int col)
{
        struct stmt *in = to_stmt(st)->inner;
        return in->ops->column_name(in, col);
}

static void fault_reset(struct stmt *st)
{
        struct stmt *in = to_stmt(st)->inner;
        in->ops->reset(in);
}

static const struct store_ops fault_ops = {
    .open = fault_open,
    .close = fault_close,
    .store_kind = fault_kind,
    .schema_version = fault_schema_version,
    .db = fault_store_db,
    .set_lock_wait = fault_set_lock_wait,
    .backup = fault_backup,
    .check = fault_check,
    .check_file = fault_check_file,
    .begin_read = fault_begin_read,
    .begin_write = fault_begin_write,
    .commit = fault_commit,
    .rollback = fault_rollback,
    .read_scope_begin = fault_read_scope_begin,
    .read_scope_end = fault_read_scope_end,
    .lock = fault_lock,
    .bulk_hint = fault_bulk_hint,
    .prepare = fault_prepare,
    .changes = fault_changes,
    .errmsg = fault_errmsg,
    .set_deadline = fault_set_deadline,
    .timed_out = fault_timed_out,
    .bind_int = fault_bind_int,
    .bind_double = fault_bind_double,
    .bind_null = fault_bind_null,
    .bind_text = fault_bind_text,
    .bind_textn = fault_bind_textn,
    .bind_blob = fault_bind_blob,
    .step = fault_step,
    .exec = fault_exec,
    .insert = fault_insert,
    .null = fault_null,
    .int64 = fault_int,
    .dbl = fault_double,
    .text = fault_text,
    .blob = fault_blob,
    .bytes = fault_bytes,
    .column_count = fault_column_count,
    .column_name = fault_column_name,
    .reset = fault_reset,
};

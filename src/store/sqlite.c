/*
 * The SQLite store.  One connection per thread (opened on first use), each
 * with its own cache of prepared statements indexed by enum stmt_id.
 *
 * Durability: WAL with synchronous=FULL, so a commit that returned is on disk.
 * Writes take the lock up front (BEGIN IMMEDIATE) so a transaction never
 * fails half-way on a lock upgrade.  Within the process, writers queue on a
 * semaphore of the store before that (waiting lock_wait_ms at most): the next
 * writer is woken the moment the previous one ends, where SQLite's busy
 * handler would poll the lock with sleeps of 1 to 100 ms.  Other processes
 * (the command line) still meet the busy handler.
 *
 * Every function is static: the backend is reached only through its table,
 * store_sqlite_ops (backend.h).
 */
#include "store/backend.h"

#include "core/embed.h"
#include "core/log.h"
#include "core/util.h"

#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BUSY_TIMEOUT_MS 10000 /* the default of store_set_lock_wait() */

static const char *const stmt_sql[STMT__MAX] = {
#define X(name, sql) [name] = (sql),
    STORE_STATEMENTS(X)
#undef X
};

struct sq_stmt {
        struct stmt base;
        sqlite3_stmt *s;
        struct sq_db *db;
};

struct sq_db {
        struct db base;
        sqlite3 *h;
        struct sq_store *store;
        struct sq_db *next; /* all connections of the store */
        double deadline;    /* mono_ms() past which statements are interrupted; 0: none */
        bool timed_out;     /* a statement was interrupted by the deadline */
        bool scoped;        /* a read scope is open (db_read_scope_begin) */
        bool joined;        /* ... and a db_begin_read() inside it has not ended */
        struct sq_stmt stmts[STMT__MAX];
        sqlite3_stmt *tx[4]; /* enum tx_word, prepared on first use */
        bool writer;         /* holds the store's writer semaphore */
};

struct sq_store {
        struct store base;
        char *path;
        pthread_mutex_t lock;
        struct sq_db *conns;
        int version;
        int lock_wait_ms;
        sem_t writer; /* 1: no write transaction of this process is open */
};

/* The public heads are the first members: a cast goes from one to the other. */
static inline struct sq_store *to_store(struct store *s)
{
        return (struct sq_store *)s;
}

static inline struct sq_db *to_db(struct db *db)
{
        return (struct sq_db *)db;
}

static inline struct sq_stmt *to_stmt(struct stmt *st)
{
        return (struct sq_stmt *)st;
}

static __thread struct sq_db *tl_db;
static __thread struct sq_store *tl_store;

static const char *sq_kind(const struct store *s)
{
        (void)s;
        return "sqlite";
}

static int sq_schema_version(struct store *s)
{
        return to_store(s)->version;
}

static int conn_open(const char *path, int flags, int wait_ms, sqlite3 **out, char *err,
                     size_t errlen)
{
        sqlite3 *h = NULL;
        int rc = sqlite3_open_v2(path, &h, flags | SQLITE_OPEN_NOMUTEX, NULL);
        if (rc != SQLITE_OK) {
                snprintf(err, errlen, "cannot open database %s: %s", path,
                         h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
                sqlite3_close(h);
                return -1;
        }
        sqlite3_extended_result_codes(h, 1);
        sqlite3_busy_timeout(h, wait_ms);
        /*
         * trusted_schema stays ON: the organisation name index (FTS5) is kept
         * current by triggers, and SQLite refuses FTS5 inside triggers when the
         * schema is untrusted.  The schema is ecat's own (the file is 0600).
         */
        static const char pragmas[] = "PRAGMA journal_mode=WAL;"
                                      "PRAGMA synchronous=FULL;"
                                      "PRAGMA foreign_keys=ON;"
                                      "PRAGMA secure_delete=ON;"
                                      "PRAGMA trusted_schema=ON;"
                                      "PRAGMA cache_size=-16000;"
                                      "PRAGMA temp_store=MEMORY;";
        char *msg = NULL;
        if (sqlite3_exec(h, pragmas, NULL, NULL, &msg) != SQLITE_OK) {
                snprintf(err, errlen, "database %s: %s", path, msg ? msg : "pragma failed");
                sqlite3_free(msg);
                sqlite3_close(h);
                return -1;
        }
        *out = h;
        return 0;
}

static int exec_simple(sqlite3 *h, const char *sql, char *err, size_t errlen)
{
        char *msg = NULL;
        if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK) {
                snprintf(err, errlen, "%s", msg ? msg : sqlite3_errmsg(h));
                sqlite3_free(msg);
                return -1;
        }
        return 0;
}

static int user_version(sqlite3 *h)
{
        sqlite3_stmt *st;
        int v = -1;
        if (sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
                if (sqlite3_step(st) == SQLITE_ROW)
                        v = sqlite3_column_int(st, 0);
                sqlite3_finalize(st);
        }
        return v;
}

/* Apply every migration newer than the database, each in its own transaction. */
static int migrate(sqlite3 *h, const char *path, int *version, char *err, size_t errlen)
{
        int latest = store_schema_latest();
        int v = user_version(h);
        if (v < 0) {
                snprintf(err, errlen, "database %s: cannot read schema version: %s", path,
                         sqlite3_errmsg(h));
                return -1;
        }
        if (v > latest) {
                snprintf(err, errlen,
                         "database %s has schema version %d, newer than this ecat knows (%d); "
                         "use a newer ecat",
                         path, v, latest);
                return -1;
        }
        for (int i = v; i < latest; i++) {
                char msg[512];
                if (exec_simple(h, "BEGIN IMMEDIATE", msg, sizeof(msg)) < 0) {
                        snprintf(err, errlen, "database %s: %s", path, msg);
                        return -1;
                }
                char setv[64];
                snprintf(setv, sizeof(setv), "PRAGMA user_version=%d", i + 1);
                if (exec_simple(h, (const char *)ecat_migrations[i].data, msg, sizeof(msg)) < 0 ||
                    exec_simple(h, setv, msg, sizeof(msg)) < 0) {
                        snprintf(err, errlen, "database %s: migration %s failed: %s", path,
                                 ecat_migrations[i].name, msg);
                        exec_simple(h, "ROLLBACK", msg, sizeof(msg));
                        return -1;
                }
                if (exec_simple(h, "COMMIT", msg, sizeof(msg)) < 0) {
                        snprintf(err, errlen, "database %s: %s", path, msg);
                        return -1;
                }
                log_info("msg=\"schema migrated\" version=%d", i + 1);
        }
        *version = latest;
        return 0;
}

static int sq_open(const char *path, bool create, struct store **out, char *err, size_t errlen)
{
        for (int i = 0; i < (int)STMT__MAX; i++)
                if (!stmt_sql[i]) {
                        snprintf(err, errlen, "internal: statement %d has no SQL", i);
                        return -1;
                }
        if (!create && access(path, F_OK) != 0) {
                snprintf(err, errlen,
                         "database %s does not exist (create it with 'ecat init' or 'ecat demo')",
                         path);
                return -1;
        }
        sqlite3 *h;
        mode_t old = umask(077); /* the database and its WAL are readable by ecat only */
        int rc = conn_open(path, SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0),
                           BUSY_TIMEOUT_MS, &h, err, errlen);
        umask(old);
        if (rc < 0)
                return -1;
        struct sq_store *s = calloc(1, sizeof(*s));
        if (!s || !(s->path = strdup(path))) {
                free(s);
                sqlite3_close(h);
                snprintf(err, errlen, "out of memory");
                return -1;
        }
        s->lock_wait_ms = BUSY_TIMEOUT_MS;
        pthread_mutex_init(&s->lock, NULL);
        sem_init(&s->writer, 0, 1);
        if (migrate(h, path, &s->version, err, errlen) < 0) {
                sqlite3_close(h);
                sem_destroy(&s->writer);
                pthread_mutex_destroy(&s->lock);
                free(s->path);
                free(s);
                return -1;
        }
        sqlite3_close(h);
        s->base.ops = &store_sqlite_ops;
        *out = &s->base;
        return 0;
}

/* Give the writer semaphore back once db's write transaction has ended. */
static void writer_release(struct sq_db *db)
{
        if (db->writer && sqlite3_get_autocommit(db->h)) {
                db->writer = false;
                sem_post(&db->store->writer);
        }
}

/* Wait lock_wait_ms at most for the writer semaphore; false when it stayed taken. */
static bool writer_take(struct sq_db *db)
{
        if (db->writer)
                return true;
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        int ms = db->store->lock_wait_ms;
        until.tv_sec += ms / 1000;
        until.tv_nsec += (long)(ms % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
                until.tv_sec++;
                until.tv_nsec -= 1000000000L;
        }
        int rc;
        while ((rc = sem_clockwait(&db->store->writer, CLOCK_MONOTONIC, &until)) != 0 &&
               errno == EINTR)
                ;
        if (rc != 0)
                return false;
        db->writer = true;
        return true;
}

static void conn_close(struct sq_db *db)
{
        if (db->writer) {
                db->writer = false;
                sem_post(&db->store->writer);
        }
        for (int i = 0; i < (int)STMT__MAX; i++)
                sqlite3_finalize(db->stmts[i].s);
        for (size_t i = 0; i < sizeof(db->tx) / sizeof(db->tx[0]); i++)
                sqlite3_finalize(db->tx[i]);
        sqlite3_close(db->h);
        free(db);
}

static void sq_close(struct store *store)
{
        struct sq_store *s = to_store(store);
        pthread_mutex_lock(&s->lock);
        struct sq_db *c = s->conns;
        while (c) {
                struct sq_db *next = c->next;
                conn_close(c);
                c = next;
        }
        s->conns = NULL;
        pthread_mutex_unlock(&s->lock);
        if (tl_store == s) {
                tl_store = NULL;
                tl_db = NULL;
        }
        sem_destroy(&s->writer);
        pthread_mutex_destroy(&s->lock);
        free(s->path);
        free(s);
}

/* Connections opened from now on wait ms; those open already are changed too. */
static void sq_set_lock_wait(struct store *store, int ms)
{
        struct sq_store *s = to_store(store);
        pthread_mutex_lock(&s->lock);
        s->lock_wait_ms = ms;
        for (struct sq_db *c = s->conns; c; c = c->next)
                sqlite3_busy_timeout(c->h, ms);
        pthread_mutex_unlock(&s->lock);
}

/* The progress handler: non-zero interrupts the running statement. */
static int past_deadline(void *arg)
{
        struct sq_db *db = arg;
        if (db->deadline > 0 && mono_ms() > db->deadline) {
                db->timed_out = true;
                return 1;
        }
        return 0;
}

static void sq_set_deadline(struct db *base, double deadline_ms)
{
        struct sq_db *db = to_db(base);
        db->deadline = deadline_ms;
        db->timed_out = false;
}

static bool sq_timed_out(struct db *base)
{
        return to_db(base)->timed_out;
}

static struct db *sq_store_db(struct store *store)
{
        struct sq_store *s = to_store(store);
        if (tl_store == s && tl_db)
                return &tl_db->base;
        struct sq_db *db = calloc(1, sizeof(*db));
        if (!db)
                return NULL;
        char err[512];
        if (conn_open(s->path, SQLITE_OPEN_READWRITE, s->lock_wait_ms, &db->h, err, sizeof(err)) <
            0) {
                log_error("msg=\"%s\"", err);
                free(db);
                return NULL;
        }
        db->base.ops = &store_sqlite_ops;
        db->store = s;
        /* Every few thousand steps of a statement, its request's deadline is looked at. */
        sqlite3_progress_handler(db->h, 4000, past_deadline, db);
        for (int i = 0; i < (int)STMT__MAX; i++) {
                db->stmts[i].base.ops = &store_sqlite_ops;
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

static enum store_rc map_rc(int rc)
{
        switch (rc & 0xff) {
        case SQLITE_OK:
                return STORE_OK;
        case SQLITE_ROW:
                return STORE_ROW;
        case SQLITE_DONE:
                return STORE_DONE;
        case SQLITE_CONSTRAINT:
                return STORE_CONSTRAINT;
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
                return STORE_BUSY;
        default:
                return STORE_ERROR;
        }
}

/*
 * The transaction words, each a statement prepared once per connection: every
 * authenticated GET begins and ends a read scope, and sqlite3_exec() would
 * parse the word anew each time.
 */
enum tx_word { TX_BEGIN, TX_BEGIN_IMMEDIATE, TX_COMMIT, TX_ROLLBACK };
static const char *const tx_sql[] = {"BEGIN", "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK"};

static enum store_rc exec_tx(struct sq_db *db, enum tx_word w)
{
        sqlite3_stmt **st = &db->tx[w];
        int rc =
            *st ? SQLITE_OK
                : sqlite3_prepare_v3(db->h, tx_sql[w], -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
        if (rc == SQLITE_OK) {
                rc = sqlite3_step(*st);
                if (rc == SQLITE_DONE)
                        rc = SQLITE_OK;
                (void)sqlite3_reset(*st);
        }
        if (rc != SQLITE_OK)
                log_error("msg=\"%s failed\" error=\"%s\"", tx_sql[w], sqlite3_errmsg(db->h));
        return map_rc(rc);
}

static bool tx_wrote(struct sq_db *db)
{
        return sqlite3_txn_state(db->h, "main") == SQLITE_TXN_WRITE;
}

/*
 * End the read scope and its transaction.  The transaction has only read,
 * unless a db_begin_read() inside the scope wrote and has not ended (the
 * request's last db_rollback() ends it, as outside a scope): that is undone.
 * COMMIT of a transaction that only read leaves statements still stepping
 * as they are; ROLLBACK would abort them.
 */
static void scope_close(struct sq_db *db)
{
        bool wrote = !sqlite3_get_autocommit(db->h) && tx_wrote(db);
        db->scoped = false;
        db->joined = false;
        if (!sqlite3_get_autocommit(db->h))
                (void)exec_tx(db, wrote ? TX_ROLLBACK : TX_COMMIT);
        writer_release(db);
}

static void sq_read_scope_begin(struct db *base)
{
        struct sq_db *db = to_db(base);
        /* Inside a transaction already: its own commit or rollback ends it. */
        if (db->scoped || !sqlite3_get_autocommit(db->h))
                return;
        /* Deferred: the shared lock is taken by the first read, and kept. */
        if (exec_tx(db, TX_BEGIN) == STORE_OK)
                db->scoped = true;
}

static void sq_read_scope_end(struct db *base)
{
        struct sq_db *db = to_db(base);
        if (db->scoped)
                scope_close(db);
}

static enum store_rc sq_begin_read(struct db *base)
{
        struct sq_db *db = to_db(base);
        if (db->scoped && !db->joined) {
                db->joined = true;
                return STORE_OK;
        }
        return exec_tx(db, TX_BEGIN);
}

static enum store_rc sq_begin_write(struct db *base)
{
        struct sq_db *db = to_db(base);
        if (db->scoped && !db->joined)
                scope_close(db); /* a write takes the lock on the newest state */
        bool autocommit = sqlite3_get_autocommit(db->h) != 0;
        if (autocommit && !writer_take(db))
                return STORE_BUSY; /* another write of this process held it lock_wait_ms */
        enum store_rc rc = exec_tx(db, TX_BEGIN_IMMEDIATE);
        writer_release(db); /* when BEGIN failed: nothing is open */
        return rc;
}

static enum store_rc sq_commit(struct db *base)
{
        struct sq_db *db = to_db(base);
        if (db->scoped) {
                if (!db->joined)
                        scope_close(db); /* then COMMIT fails as outside a scope */
                else if (!tx_wrote(db)) {
                        db->joined = false; /* its reads stay in the scope's transaction */
                        return STORE_OK;
                } else {
                        db->scoped = db->joined = false; /* what it wrote is committed now */
                }
        }
        enum store_rc rc = exec_tx(db, TX_COMMIT);
        writer_release(db);
        return rc;
}

static void sq_rollback(struct db *base)
{
        struct sq_db *db = to_db(base);
        if (db->scoped && db->joined && !tx_wrote(db)) {
                db->joined = false;
                return;
        }
        if (db->scoped) {
                scope_close(db);
                return;
        }
        if (!sqlite3_get_autocommit(db->h))
                (void)exec_tx(db, TX_ROLLBACK);
        writer_release(db);
}

/*
 * SQLite has one writer at a time: an open write transaction (BEGIN
 * IMMEDIATE) already excludes every other writer until it ends, so each lock
 * is held as soon as the transaction is; only check that it is.
 */
static enum store_rc sq_lock(struct db *db, enum store_lock what)
{
        sqlite3 *h = to_db(db)->h;
        if (sqlite3_get_autocommit(h) || sqlite3_txn_state(h, "main") != SQLITE_TXN_WRITE) {
                log_error("msg=\"store lock outside a write transaction\" lock=%d", (int)what);
                return STORE_ERROR;
        }
        return STORE_OK;
}

static void sq_bulk_hint(struct db *db, unsigned cache_mib)
{
        char sql[64];
        snprintf(sql, sizeof(sql), "PRAGMA cache_size=-%u", cache_mib * 1024u);
        sqlite3_exec(to_db(db)->h, sql, NULL, NULL, NULL);
}

static struct stmt *sq_prepare(struct db *base, enum stmt_id id)
{
        if ((unsigned)id >= STMT__MAX)
                return NULL;
        struct sq_db *db = to_db(base);
        struct sq_stmt *st = &db->stmts[id];
        if (!st->s) {
                if (sqlite3_prepare_v3(db->h, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &st->s,
                                       NULL) != SQLITE_OK) {
                        log_error("msg=\"prepare failed\" stmt=%d error=\"%s\"", (int)id,
                                  sqlite3_errmsg(db->h));
                        st->s = NULL;
                        return NULL;
                }
        }
        sqlite3_reset(st->s);
        sqlite3_clear_bindings(st->s);
        return &st->base;
}

static int64_t sq_changes(struct db *db)
{
        return sqlite3_changes64(to_db(db)->h);
}

static const char *sq_errmsg(struct db *db)
{
        return sqlite3_errmsg(to_db(db)->h);
}

static void sq_bind_int(struct stmt *st, int idx, int64_t v)
{
        sqlite3_bind_int64(to_stmt(st)->s, idx, v);
}

static void sq_bind_double(struct stmt *st, int idx, double v)
{
        sqlite3_bind_double(to_stmt(st)->s, idx, v);
}

static void sq_bind_null(struct stmt *st, int idx)
{
        sqlite3_bind_null(to_stmt(st)->s, idx);
}

static void sq_bind_text(struct stmt *st, int idx, const char *s)
{
        if (s)
                sqlite3_bind_text(to_stmt(st)->s, idx, s, -1, SQLITE_TRANSIENT);
        else
                sqlite3_bind_null(to_stmt(st)->s, idx);
}

static void sq_bind_textn(struct stmt *st, int idx, const char *s, size_t len)
{
        sqlite3_bind_text64(to_stmt(st)->s, idx, s, len, SQLITE_TRANSIENT, SQLITE_UTF8);
}

static void sq_bind_blob(struct stmt *st, int idx, const void *p, size_t len)
{
        sqlite3_bind_blob64(to_stmt(st)->s, idx, p, len, SQLITE_TRANSIENT);
}

static enum store_rc step(struct sq_stmt *st)
{
        /* A write outside a transaction ends a read scope first: it commits at once, as ever. */
        if (st->db->scoped && !st->db->joined && !sqlite3_stmt_readonly(st->s))
                scope_close(st->db);
        int rc = sqlite3_step(st->s);
        enum store_rc r = map_rc(rc);
        if (r == STORE_ERROR || r == STORE_BUSY)
                log_error("msg=\"statement failed\" error=\"%s\"", sqlite3_errmsg(st->db->h));
        return r;
}

static enum store_rc sq_step(struct stmt *st)
{
        return step(to_stmt(st));
}

static enum store_rc sq_exec(struct stmt *base)
{
        struct sq_stmt *st = to_stmt(base);
        enum store_rc r = step(st);
        sqlite3_reset(st->s);
        return r == STORE_ROW ? STORE_DONE : r;
}

static enum store_rc sq_insert(struct stmt *base, int64_t *id)
{
        struct sq_stmt *st = to_stmt(base);
        enum store_rc r = step(st);
        if (r == STORE_ROW || r == STORE_DONE) {
                *id = sqlite3_last_insert_rowid(st->db->h);
                r = STORE_DONE;
        }
        sqlite3_reset(st->s);
        return r;
}

static bool sq_null(struct stmt *st, int col)
{
        return sqlite3_column_type(to_stmt(st)->s, col) == SQLITE_NULL;
}

static int64_t sq_int(struct stmt *st, int col)
{
        return sqlite3_column_int64(to_stmt(st)->s, col);
}

static double sq_double(struct stmt *st, int col)
{
        return sqlite3_column_double(to_stmt(st)->s, col);
}

static const char *sq_text(struct stmt *st, int col)
{
        const unsigned char *t = sqlite3_column_text(to_stmt(st)->s, col);
        return t ? (const char *)t : "";
}

static const void *sq_blob(struct stmt *st, int col)
{
        return sqlite3_column_blob(to_stmt(st)->s, col);
}

static size_t sq_bytes(struct stmt *st, int col)
{
        return (size_t)sqlite3_column_bytes(to_stmt(st)->s, col);
}

static int sq_column_count(struct stmt *st)
{
        return sqlite3_column_count(to_stmt(st)->s);
}

static const char *sq_column_name(struct stmt *st, int col)
{
        const char *n = sqlite3_column_name(to_stmt(st)->s, col);
        return n ? n : "";
}

static void sq_reset(struct stmt *st)
{
        sqlite3_reset(to_stmt(st)->s);
}

static int sq_backup(struct store *store, const char *out, char *err, size_t errlen)
{
        struct sq_store *s = to_store(store);
        if (access(out, F_OK) == 0) {
                snprintf(err, errlen, "backup target %s already exists", out);
                return -1;
        }
        sqlite3 *src, *dst = NULL;
        if (conn_open(s->path, SQLITE_OPEN_READONLY, s->lock_wait_ms, &src, err, errlen) < 0)
                return -1;
        mode_t old = umask(077);
        int rc = sqlite3_open_v2(out, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
        umask(old);
        if (rc != SQLITE_OK) {
                snprintf(err, errlen, "cannot create %s: %s", out, sqlite3_errstr(rc));
                sqlite3_close(dst);
                sqlite3_close(src);
                return -1;
        }
        sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
        if (!b) {
                snprintf(err, errlen, "backup: %s", sqlite3_errmsg(dst));
                sqlite3_close(dst);
                sqlite3_close(src);
                unlink(out);
                return -1;
        }
        /* Copy in steps so writers are not held up for the whole copy. */
        do {
                rc = sqlite3_backup_step(b, 256);
                if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
                        sqlite3_sleep(20);
        } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
        sqlite3_backup_finish(b);
        if (rc != SQLITE_DONE) {
                snprintf(err, errlen, "backup: %s", sqlite3_errstr(rc));
                sqlite3_close(dst);
                sqlite3_close(src);
                unlink(out);
                return -1;
        }
        sqlite3_close(dst);
        sqlite3_close(src);
        return 0;
}

static int sq_check_file(const char *path, char *err, size_t errlen);

static int sq_check(struct store *s, char *err, size_t errlen)
{
        return sq_check_file(to_store(s)->path, err, errlen);
}

static int sq_check_file(const char *path, char *err, size_t errlen)
{
        sqlite3 *h;
        if (conn_open(path, SQLITE_OPEN_READONLY, BUSY_TIMEOUT_MS, &h, err, errlen) < 0)
                return -1;
        sqlite3_stmt *st;
        int ok = -1;
        if (sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK) {
                if (sqlite3_step(st) == SQLITE_ROW) {
                        const char *r = (const char *)sqlite3_column_text(st, 0);
                        if (r && strcmp(r, "ok") == 0)
                                ok = 0;
                        else
                                snprintf(err, errlen, "integrity_check: %s", r ? r : "?");
                }
                sqlite3_finalize(st);
        }
        sqlite3_close(h);
        return ok;
}

const struct store_ops store_sqlite_ops = {
    .open = sq_open,
    .close = sq_close,
    .store_kind = sq_kind,
    .schema_version = sq_schema_version,
    .db = sq_store_db,
    .set_lock_wait = sq_set_lock_wait,
    .backup = sq_backup,
    .check = sq_check,
    .check_file = sq_check_file,
    .begin_read = sq_begin_read,
    .begin_write = sq_begin_write,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .read_scope_begin = sq_read_scope_begin,
    .read_scope_end = sq_read_scope_end,
    .lock = sq_lock,
    .bulk_hint = sq_bulk_hint,
    .prepare = sq_prepare,
    .changes = sq_changes,
    .errmsg = sq_errmsg,
    .set_deadline = sq_set_deadline,
    .timed_out = sq_timed_out,
    .bind_int = sq_bind_int,
    .bind_double = sq_bind_double,
    .bind_null = sq_bind_null,
    .bind_text = sq_bind_text,
    .bind_textn = sq_bind_textn,
    .bind_blob = sq_bind_blob,
    .step = sq_step,
    .exec = sq_exec,
    .insert = sq_insert,
    .null = sq_null,
    .int64 = sq_int,
    .dbl = sq_double,
    .text = sq_text,
    .blob = sq_blob,
    .bytes = sq_bytes,
    .column_count = sq_column_count,
    .column_name = sq_column_name,
    .reset = sq_reset,
};

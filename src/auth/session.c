#include "auth/session.h"

#include "core/util.h"

#include <ctype.h>
#include <sodium.h>
#include <string.h>
#include <strings.h>

enum store_rc session_create(struct db *db, int64_t user_id, char token_out[TOKEN_CHARS + 1],
                             char csrf_out[TOKEN_CHARS + 1], int64_t *session_id)
{
        unsigned char h[TOKEN_HASH];
        token_new(token_out);
        token_new(csrf_out);
        token_hash(token_out, TOKEN_CHARS, h);
        int64_t now = now_seconds();
        struct stmt *st = db_prepare(db, STMT_SESSION_INSERT);
        if (!st)
                return STORE_ERROR;
        st_bind_blob(st, 1, h, sizeof(h));
        st_bind_int(st, 2, user_id);
        st_bind_text(st, 3, csrf_out);
        st_bind_int(st, 4, now);
        st_bind_int(st, 5, now);
        enum store_rc rc = st_insert(st, session_id);
        return rc == STORE_DONE ? STORE_OK : rc;
}

static enum store_rc exec_in_tx(struct db *db, enum stmt_id id, int64_t a, int64_t b)
{
        enum store_rc rc = db_begin_write(db);
        if (rc != STORE_OK)
                return rc;
        struct stmt *st = db_prepare(db, id);
        if (!st) {
                db_rollback(db);
                return STORE_ERROR;
        }
        st_bind_int(st, 1, a);
        if (b >= 0)
                st_bind_int(st, 2, b);
        rc = st_exec(st);
        if (rc == STORE_DONE)
                rc = db_commit(db);
        if (rc != STORE_OK)
                db_rollback(db);
        return rc;
}

enum auth_result session_authenticate(struct db *db, const struct session_limits *lim,
                                      const char *token, struct auth *out, struct arena *a)
{
        size_t len = strlen(token);
        if (!token_well_formed(token, len))
                return AUTH_NONE;
        unsigned char h[TOKEN_HASH];
        token_hash(token, len, h);
        struct stmt *st = db_prepare(db, STMT_SESSION_LOOKUP);
        if (!st)
                return AUTH_ERROR;
        st_bind_blob(st, 1, h, sizeof(h));
        enum store_rc rc = st_step(st);
        if (rc == STORE_DONE) {
                st_reset(st);
                return AUTH_NONE;
        }
        if (rc != STORE_ROW) {
                st_reset(st);
                return AUTH_ERROR;
        }
        int64_t sid = st_int(st, 0);
        int64_t created = st_int(st, 3), seen = st_int(st, 4);
        enum role role;
        bool role_ok = role_parse(st_text(st, 5), &role) == 0;
        bool disabled = st_int(st, 7) != 0;
        out->user_id = st_int(st, 1);
        out->csrf_token = arena_strdup(a, st_text(st, 2));
        out->org_id = st_int(st, 6);
        out->login = arena_strdup(a, st_text(st, 8));
        out->locale = st_null(st, 9) ? NULL : arena_strdup(a, st_text(st, 9));
        out->totp = st_int(st, 10) != 0;
        st_reset(st);
        int64_t now = now_seconds();
        /* Sessions that may open case records end sooner when idle (case_idle_timeout). */
        int64_t idle = lim->idle;
        if (role_ok && (role == ROLE_CASE_WORKER || role == ROLE_CASE_MANAGER) &&
            lim->case_idle > 0 && lim->case_idle < idle)
                idle = lim->case_idle;
        if (now - created >= lim->absolute || now - seen >= idle) {
                exec_in_tx(db, STMT_SESSION_DELETE, sid, -1);
                return AUTH_EXPIRED;
        }
        if (disabled || !role_ok)
                return AUTH_DISABLED;
        /*
         * Record activity, but not on every request: a write per read would make
         * every GET wait for the disk.  The idle clock is then late by at most
         * a tenth of the timeout (and never more than a minute).
         */
        int64_t step = idle / 10;
        if (step > 60)
                step = 60;
        if (step < 1)
                step = 1;
        if (now - seen >= step)
                exec_in_tx(db, STMT_SESSION_TOUCH, now, sid);
        out->authenticated = true;
        out->via_cookie = true;
        out->session_id = sid;
        out->role = role;
        return AUTH_OK;
}

/*
 * The API tokens a worker thread has authenticated lately, each with the
 * database's auth generation (schema 14) read before its lookup.  A request
 * is answered from here only while that generation is still the database's:
 * any revocation, removal or change of a user bumps it in the write's own
 * transaction, so the next request on every thread (and every process) reads
 * the new value and looks the token up again.  An entry also ends at its
 * token's expiry.  Only successful lookups are kept; the token itself never
 * is, only its hash.
 */
enum { TOKEN_MEMORY = 16, MEMO_LOGIN = 128, MEMO_LOCALE = 16 };

struct token_memo {
        unsigned char hash[TOKEN_HASH];
        int64_t gen, expires_at, user_id, org_id;
        enum role role;
        uint64_t used; /* the memory's clock at the last hit, for eviction */
        bool set, has_locale;
        char login[MEMO_LOGIN];
        char locale[MEMO_LOCALE];
};

struct token_memory {
        struct token_memo e[TOKEN_MEMORY];
        uint64_t clock;
};

/* __thread (the GNU spelling of _Thread_local), which cppcheck follows into the members. */
static __thread struct token_memory thread_memory;

static struct token_memo *memo_find(const unsigned char h[TOKEN_HASH])
{
        for (int i = 0; i < TOKEN_MEMORY; i++)
                if (thread_memory.e[i].set &&
                    sodium_memcmp(thread_memory.e[i].hash, h, TOKEN_HASH) == 0)
                        return &thread_memory.e[i];
        return NULL;
}

static void memo_forget(const unsigned char h[TOKEN_HASH])
{
        struct token_memo *m = memo_find(h);
        if (m)
                sodium_memzero(m, sizeof(*m));
}

static void memo_keep(const unsigned char h[TOKEN_HASH], int64_t gen, int64_t expires_at,
                      const struct auth *a)
{
        size_t ll = strlen(a->login), lc = a->locale ? strlen(a->locale) : 0;
        if (ll >= MEMO_LOGIN || lc >= MEMO_LOCALE)
                return; /* too long to keep: looked up each time */
        struct token_memo *m = memo_find(h);
        for (int i = 0; !m && i < TOKEN_MEMORY; i++)
                if (!thread_memory.e[i].set)
                        m = &thread_memory.e[i];
        if (!m) { /* full: the least recently used goes */
                m = &thread_memory.e[0];
                for (int i = 1; i < TOKEN_MEMORY; i++)
                        if (thread_memory.e[i].used < m->used)
                                m = &thread_memory.e[i];
        }
        memset(m, 0, sizeof(*m));
        memcpy(m->hash, h, TOKEN_HASH);
        m->gen = gen;
        m->expires_at = expires_at;
        m->user_id = a->user_id;
        m->org_id = a->org_id;
        m->role = a->role;
        m->used = ++thread_memory.clock;
        memcpy(m->login, a->login, ll + 1);
        m->has_locale = a->locale != NULL;
        if (a->locale)
                memcpy(m->locale, a->locale, lc + 1);
        m->set = true;
}

static int64_t auth_generation(struct db *db)
{
        struct stmt *st = db_prepare(db, STMT_AUTH_GENERATION);
        if (!st)
                return -1;
        int64_t gen = st_step(st) == STORE_ROW ? st_int(st, 0) : -1;
        st_reset(st);
        return gen;
}

enum auth_result token_authenticate(struct db *db, const char *authorization, struct auth *out,
                                    struct arena *a)
{
        if (strncasecmp(authorization, "Bearer ", 7) != 0)
                return AUTH_NONE;
        const char *tok = authorization + 7;
        while (*tok == ' ')
                tok++;
        size_t len = strlen(tok);
        if (!token_well_formed(tok, len))
                return AUTH_NONE;
        unsigned char h[TOKEN_HASH];
        token_hash(tok, len, h);
        int64_t now = now_seconds();
        int64_t gen = auth_generation(db);
        if (gen < 0)
                return AUTH_ERROR;
        struct token_memo *m = memo_find(h);
        if (m && m->gen == gen && now < m->expires_at) {
                m->used = ++thread_memory.clock;
                out->user_id = m->user_id;
                out->org_id = m->org_id;
                out->login = arena_strdup(a, m->login);
                out->locale = m->has_locale ? arena_strdup(a, m->locale) : NULL;
                out->authenticated = true;
                out->via_cookie = false;
                out->role = m->role;
                return AUTH_OK;
        }
        if (m)
                memo_forget(h);
        struct stmt *st = db_prepare(db, STMT_TOKEN_LOOKUP);
        if (!st)
                return AUTH_ERROR;
        st_bind_blob(st, 1, h, sizeof(h));
        st_bind_int(st, 2, now);
        enum store_rc rc = st_step(st);
        if (rc != STORE_ROW) {
                st_reset(st);
                return rc == STORE_DONE ? AUTH_NONE : AUTH_ERROR;
        }
        enum role role;
        bool role_ok = role_parse(st_text(st, 2), &role) == 0;
        out->user_id = st_int(st, 1);
        out->org_id = st_int(st, 3);
        bool disabled = st_int(st, 4) != 0;
        out->login = arena_strdup(a, st_text(st, 5));
        out->locale = st_null(st, 6) ? NULL : arena_strdup(a, st_text(st, 6));
        int64_t expires_at = st_int(st, 7);
        st_reset(st);
        if (disabled || !role_ok)
                return AUTH_DISABLED;
        out->authenticated = true;
        out->via_cookie = false;
        out->role = role;
        if (out->login)
                memo_keep(h, gen, expires_at, out);
        return AUTH_OK;
}

enum store_rc api_token_create(struct db *db, int64_t user_id, const char *name, int64_t expires_at,
                               char token_out[API_TOKEN_LEN + 1], int64_t *token_id)
{
        api_token_new(token_out);
        unsigned char h[TOKEN_HASH];
        token_hash(token_out, API_TOKEN_LEN, h);
        struct stmt *st = db_prepare(db, STMT_TOKEN_INSERT);
        if (!st)
                return STORE_ERROR;
        st_bind_blob(st, 1, h, sizeof(h));
        st_bind_int(st, 2, user_id);
        st_bind_text(st, 3, name ? name : "");
        st_bind_int(st, 4, now_seconds());
        st_bind_int(st, 5, expires_at);
        enum store_rc rc = st_insert(st, token_id);
        return rc == STORE_DONE ? STORE_OK : rc;
}

bool totp_role_must_enrol(uint32_t require_totp, enum role role, bool has_totp)
{
        return !has_totp && (unsigned)role < 32 && ((require_totp >> (unsigned)role) & 1u);
}

bool totp_enrolment_due(uint32_t require_totp, const struct auth *a)
{
        return totp_role_must_enrol(require_totp, a->role, a->totp);
}

void login_key(const unsigned char key[32], const char *login, unsigned char out[32])
{
        char lower[256];
        size_t n = strnlen(login, sizeof(lower) - 1);
        for (size_t i = 0; i < n; i++)
                lower[i] = (char)tolower((unsigned char)login[i]);
        crypto_generichash(out, 32, (const unsigned char *)lower, n, key, 32);
}

int64_t login_failures(struct db *db, const unsigned char lkey[32], int64_t window, int64_t *oldest)
{
        struct stmt *st = db_prepare(db, STMT_LOGIN_FAILURE_COUNT);
        if (!st)
                return -1;
        st_bind_blob(st, 1, lkey, 32);
        st_bind_int(st, 2, now_seconds() - window);
        int64_t n = -1;
        if (st_step(st) == STORE_ROW) {
                n = st_int(st, 0);
                *oldest = st_null(st, 1) ? 0 : st_int(st, 1);
        }
        st_reset(st);
        return n;
}

enum store_rc login_failure_add(struct db *db, const unsigned char lkey[32])
{
        struct stmt *st = db_prepare(db, STMT_LOGIN_FAILURE_INSERT);
        if (!st)
                return STORE_ERROR;
        st_bind_blob(st, 1, lkey, 32);
        st_bind_int(st, 2, now_seconds());
        enum store_rc rc = st_exec(st);
        return rc == STORE_DONE ? STORE_OK : rc;
}

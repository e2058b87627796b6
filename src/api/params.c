#include "api/params.h"

#include "api/app.h"
#include "api/respond.h"
#include "api/validate.h"
#include "audit/audit.h"
#include "core/util.h"
#include "store/store.h"

#include <string.h>

static int bad_param(struct request *r, const char *key, const char *msg)
{
        reply_error_fields(r, E_BAD_REQUEST, "a query parameter is invalid",
                           json_pack("{s:s}", key, msg));
        return -1;
}

int query_int(struct request *r, const char *key, int64_t min, int64_t max, int64_t *out)
{
        const char *v = req_query(r, key);
        if (!v)
                return 0;
        if (parse_int64(v, min, max, out) < 0) {
                char msg[96];
                snprintf(msg, sizeof(msg), "must be a whole number from %lld to %lld",
                         (long long)min, (long long)max);
                return bad_param(r, key, msg);
        }
        return 1;
}

int query_page(struct request *r, int64_t *limit, int64_t *offset)
{
        *limit = 50;
        *offset = 0;
        if (query_int(r, "limit", 1, 500, limit) < 0 ||
            query_int(r, "offset", 0, INT64_C(1) << 40, offset) < 0)
                return -1;
        return 0;
}

int query_bool(struct request *r, const char *key, bool *out)
{
        const char *v = req_query(r, key);
        if (!v)
                return 0;
        if (parse_bool(v, out) < 0)
                return bad_param(r, key, "must be true or false");
        return 1;
}

int query_date(struct request *r, const char *key, int32_t *out)
{
        const char *v = req_query(r, key);
        if (!v)
                return 0;
        if (parse_date(v, out) < 0)
                return bad_param(r, key, "must be a date YYYY-MM-DD");
        return 1;
}

int query_enum(struct request *r, const char *key, const char *const *values, const char **out)
{
        const char *v = req_query(r, key);
        if (!v)
                return 0;
        int k = enum_index(values, v);
        if (k < 0)
                return bad_param(r, key, "is not one of the known values");
        *out = values[k];
        return 1;
}

int query_text(struct request *r, const char *key, size_t max, const char **out)
{
        const char *v = req_query(r, key);
        if (!v)
                return 0;
        if (utf8_length(v, strlen(v)) > max)
                return bad_param(r, key, "is too long");
        *out = v;
        return 1;
}

int tx_begin(struct request *r, struct db **db)
{
        *db = store_db(r->app->store);
        if (!*db) {
                reply_internal(r, "no database connection");
                return -1;
        }
        enum store_rc rc = db_begin_write(*db);
        if (rc != STORE_OK) {
                reply_begin_failed(r, rc);
                return -1;
        }
        return 0;
}

bool request_late(const struct request *r)
{
        return r->deadline_ms > 0 && mono_ms() > r->deadline_ms;
}

int tx_commit(struct request *r, struct db *db)
{
        /* An allocation that failed on the way may have lost a part of the write. */
        if (arena_failed(&r->arena) || request_late(r)) {
                db_rollback(db);
                reply_internal(r, arena_failed(&r->arena) ? "out of request memory"
                                                          : "past the request's time limit");
                return -1;
        }
        if (db_commit(db) != STORE_OK) {
                db_rollback(db);
                reply_internal(r, "commit failed");
                return -1;
        }
        return 0;
}

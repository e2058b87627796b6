/* Query parameters: typed readers that answer 400 naming the parameter. */
#ifndef ECAT_PARAMS_H
#define ECAT_PARAMS_H

#include <stdbool.h>
#include <stdint.h>

#include "http/request.h"
#include "store/store.h"

#define LIST_QUERY "limit", "offset"

/* limit (default 50, 1..500) and offset (default 0); -1 when it has answered r. */
int query_page(struct request *r, int64_t *limit, int64_t *offset);
/* An integer parameter; 0 absent, 1 present (*out set), -1 answered r. */
int query_int(struct request *r, const char *key, int64_t min, int64_t max, int64_t *out);
/* A boolean parameter; same returns. */
int query_bool(struct request *r, const char *key, bool *out);
/* A date parameter (days since epoch); same returns. */
int query_date(struct request *r, const char *key, int32_t *out);
/* A parameter from a fixed list; same returns, *out points into values. */
int query_enum(struct request *r, const char *key, const char *const *values, const char **out);
/* Free text at most max characters; same returns. */
int query_text(struct request *r, const char *key, size_t max, const char **out);

/* Begin a write transaction or answer 500/503; 0 when begun. */
int tx_begin(struct request *r, struct db **db);
/*
 * Commit or answer 500; 0 when committed.  A request whose arena has run out
 * (arena_failed) is rolled back instead: a part of its write may be missing.
 */
int tx_commit(struct request *r, struct db *db);
/* Whether r has run past its request_timeout (the gate then answers 503). */
bool request_late(const struct request *r);

#endif

/* GET /api/v1/audit: the audit log for auditors, newest first. */
#include "api/app.h"
#include "api/handlers.h"
#include "api/params.h"
#include "api/respond.h"

void audit_list(struct request *r)
{
        int64_t limit, offset, actor = 0, object_id = 0;
        const char *action = NULL, *object_type = NULL;
        int has_actor, has_object;
        if (query_page(r, &limit, &offset) < 0 ||
            (has_actor = query_int(r, "actor", 1, INT64_MAX, &actor)) < 0 ||
            query_text(r, "action", 64, &action) < 0 ||
            query_text(r, "object_type", 64, &object_type) < 0 ||
            (has_object = query_int(r, "object_id", 1, INT64_MAX, &object_id)) < 0)
                return;
        struct db *db = store_db(r->app->store);
        if (!db) {
                reply_internal(r, "no database connection");
                return;
        }
        enum stmt_id ids[2] = {STMT_AUDIT_LIST, STMT_AUDIT_COUNT};
        json_t *items = json_array();
        int64_t total = 0;
        for (int k = 0; k < 2; k++) {
                struct stmt *st = db_prepare(db, ids[k]);
                if (!st) {
                        json_decref(items);
                        reply_internal(r, "prepare failed");
                        return;
                }
                if (has_actor)
                        st_bind_int(st, 1, actor);
                st_bind_text(st, 2, action);
                st_bind_text(st, 3, object_type);
                if (has_object)
                        st_bind_int(st, 4, object_id);
                if (k == 0) {
                        st_bind_int(st, 5, limit);
                        st_bind_int(st, 6, offset);
                        while (st_step(st) == STORE_ROW)
                                json_array_append_new(
                                    items,
                                    json_pack(
                                        "{s:I, s:o, s:o, s:s, s:s, s:o, s:s, s:s}", "id",
                                        (json_int_t)st_int(st, 0), "at",
                                        json_timestamp(st_int(st, 1)), "actor_id",
                                        st_null(st, 2) ? json_null() : json_integer(st_int(st, 2)),
                                        "action", st_text(st, 3), "object_type", st_text(st, 4),
                                        "object_id",
                                        st_null(st, 5) ? json_null() : json_integer(st_int(st, 5)),
                                        "outcome", st_text(st, 6), "request_id", st_text(st, 7)));
                } else if (st_step(st) == STORE_ROW) {
                        total = st_int(st, 0);
                }
                st_reset(st);
        }
        reply_json(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}

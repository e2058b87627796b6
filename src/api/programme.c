/* Plumbing shared by the programme's handlers: getting the connection (api/programme.h). */
#include "api/programme.h"

#include "api/app.h"
#include "api/respond.h"

struct db *request_db(struct request *r)
{
        struct db *db = store_db(r->app->store);
        if (!db)
                reply_internal(r, "no database connection");
        return db;
}

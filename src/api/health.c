#include "api/app.h"
#include "api/handlers.h"
#include "api/respond.h"

#ifndef ECAT_VERSION
#define ECAT_VERSION "0.0.0"
#endif

void health_get(struct request *r)
{
        reply_json(r, 200,
                   json_pack("{s:s, s:s, s:s}", "status", "ok", "version", ECAT_VERSION, "store",
                             store_kind(r->app->store)));
}

/*
 * The organisation map: GET /api/v1/map/organisations.geojson.
 *
 * An RFC 7946 FeatureCollection with one Point feature per organisation that
 * matches the filters and has coordinates; its properties carry the activity
 * totals at that organisation (the number of activities, each audience
 * head-count, the last activity date).  The collection's foreign member
 * "missing_coordinates" counts the organisations that match but cannot be
 * drawn, so a map can say how many are not on it.
 *
 * Filters: kind; project and from/to (YYYY-MM-DD, inclusive) choose which
 * activities are counted and what "visited" means; visited=true|false keeps
 * the organisations with or without such an activity; project alone keeps the
 * organisations taking part in the project (partners, places and runners of
 * its activities).  The route needs ACT_DASHBOARD_READ: the totals are
 * programme figures, not just the register of organisations.
 */
#include "api/app.h"
#include "api/handlers.h"
#include "api/params.h"
#include "api/respond.h"
#include "core/util.h"
#include "domain/org.h"

#include <stdlib.h>
#include <string.h>

/* Columns of STMT_MAP_ORGS (store/sql_org.h). */
enum {
        MAP_ID,
        MAP_NAME,
        MAP_KIND,
        MAP_MUNICIPALITY,
        MAP_COUNTRY,
        MAP_LAT,
        MAP_LON,
        MAP_ACTIVITIES,
        MAP_YOUTHS, /* the six head-counts follow in audience order */
        MAP_LAST = MAP_YOUTHS + 6,
};

static const char *const audience[] = {"youths",  "specialists",    "teachers",
                                       "parents", "business_staff", "public"};

static json_t *feature(struct stmt *st)
{
        json_t *props = json_object();
        json_object_set_new(props, "id", json_integer(st_int(st, MAP_ID)));
        json_object_set_new(props, "name", json_string(st_text(st, MAP_NAME)));
        json_object_set_new(props, "kind", json_string(st_text(st, MAP_KIND)));
        json_object_set_new(props, "municipality",
                            json_string_or_null(st_text(st, MAP_MUNICIPALITY)));
        json_object_set_new(props, "country", json_string(st_text(st, MAP_COUNTRY)));
        json_object_set_new(props, "activities", json_integer(st_int(st, MAP_ACTIVITIES)));
        for (int i = 0; i < 6; i++)
                json_object_set_new(props, audience[i], json_integer(st_int(st, MAP_YOUTHS + i)));
        if (st_null(st, MAP_LAST)) {
                json_object_set_new(props, "last_activity", json_null());
        } else {
                char date[11];
                format_date((int32_t)st_int(st, MAP_LAST), date);
                json_object_set_new(props, "last_activity", json_string(date));
        }
        /* RFC 7946: positions are [longitude, latitude]. */
        json_t *geometry = json_pack("{s:s, s:[f, f]}", "type", "Point", "coordinates",
                                     st_double(st, MAP_LON), st_double(st, MAP_LAT));
        return json_pack("{s:s, s:I, s:o, s:o}", "type", "Feature", "id",
                         (json_int_t)st_int(st, MAP_ID), "geometry", geometry, "properties", props);
}

void map_organisations(struct request *r)
{
        bool visited = false;
        int64_t project = 0;
        const char *kind = NULL;
        int32_t from = 0, to = 0;
        int has_visited, has_project, has_from, has_to;
        if ((has_visited = query_bool(r, "visited", &visited)) < 0 ||
            (has_project = query_int(r, "project", 1, INT64_MAX, &project)) < 0 ||
            query_enum(r, "kind", org_kinds, &kind) < 0 ||
            (has_from = query_date(r, "from", &from)) < 0 ||
            (has_to = query_date(r, "to", &to)) < 0)
                return;
        if (has_from && has_to && to < from) {
                reply_error_fields(r, E_BAD_REQUEST, "a query parameter is invalid",
                                   json_pack("{s:s}", "to", "must not be before from"));
                return;
        }
        struct db *db = store_db(r->app->store);
        struct stmt *st = db ? db_prepare(db, STMT_MAP_ORGS) : NULL;
        if (!st) {
                reply_internal(r, "prepare failed");
                return;
        }
        /* Parameters as STMT_MAP_ORGS numbers them; left unbound means NULL. */
        st_bind_text(st, 1, kind);
        if (has_from)
                st_bind_int(st, 2, from);
        if (has_to)
                st_bind_int(st, 3, to);
        if (has_visited)
                st_bind_int(st, 4, visited);
        if (has_project)
                st_bind_int(st, 5, project);
        json_t *features = json_array();
        int64_t missing = 0;
        enum store_rc rc;
        while ((rc = st_step(st)) == STORE_ROW) {
                if (st_null(st, MAP_LAT) || st_null(st, MAP_LON))
                        missing++;
                else
                        json_array_append_new(features, feature(st));
        }
        st_reset(st);
        if (rc != STORE_DONE) {
                json_decref(features);
                reply_internal(r, "map query failed");
                return;
        }
        json_t *fc = json_pack("{s:s, s:o, s:I}", "type", "FeatureCollection", "features", features,
                               "missing_coordinates", (json_int_t)missing);
        /* 15 significant digits print stored coordinates as they were entered. */
        char *text = fc ? json_dumps(fc, JSON_COMPACT | JSON_REAL_PRECISION(15)) : NULL;
        json_decref(fc);
        if (!text) {
                reply_internal(r, "cannot render the map");
                return;
        }
        reply_raw(r, 200, "application/geo+json", text, strlen(text));
}

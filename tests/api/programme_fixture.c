#include "programme_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int64_t fx_org_id(struct server *s, const char *name)
{
        char sql[512];
        snprintf(sql, sizeof(sql),
                 "SELECT coalesce((SELECT id FROM organisations WHERE name = '%s'), 0)", name);
        int64_t id = db_int(server_db(s), sql);
        CHECK(id > 0, "no demo organisation named %s", name);
        return id;
}

int64_t fx_org(struct server *s, const char *name, const char *kind, const char *country,
               const char *municipality)
{
        const char *args[] = {"org",       "add",   "--name",         name,         "--kind", kind,
                              "--country", country, "--municipality", municipality, NULL};
        if (!municipality)
                args[8] = NULL;
        char *out = NULL;
        int rc = run_ecat(s, args, NULL, &out);
        CHECK(rc == 0, "ecat org add failed (%d): %s", rc, out ? out : "");
        long long id = 0;
        CHECK(out && sscanf(strstr(out, "organisation ") ? strstr(out, "organisation ") : "",
                            "organisation %lld", &id) == 1,
              "unexpected output of ecat org add: %s", out ? out : "");
        return id;
}

struct client *fx_user(struct server *s, const char *role, int64_t org)
{
        static int n;
        const char *name = test_msg("fx-%s-%d", role, ++n);
        const char *org_text = test_msg("%lld", (long long)org);
        const char *args[] = {"user",   "add",    "--login", name, "--org",
                              org_text, "--role", role,      NULL};
        char *out = NULL;
        int rc = run_ecat(s, args, FX_PASSWORD "\n", &out);
        CHECK(rc == 0, "ecat user add failed (%d): %s", rc, out ? out : "");
        struct client *c = client_new(s);
        login(c, name, FX_PASSWORD);
        return c;
}

int64_t fx_create(struct client *c, const char *path, const char *json)
{
        struct resp *r = http_json(c, "POST", path, json);
        CHECK_STATUS(r, 201);
        CHECK(resp_header(r, "Location") != NULL, "201 without Location for %s", path);
        return json_int_at(r->json, "id");
}

void fx_refused(struct client *c, const char *method, const char *path, const char *json,
                long status, const char *code, const char *field)
{
        struct resp *r = http_json(c, method, path, json);
        if (r->status != status)
                test_note("request: %s %s %s", method, path, json);
        expect_error(r, status, code, field);
}

const char *fx_code(void)
{
        static int n;
        return test_msg("T%d", ++n);
}

void fx_project(struct client *coordinator, struct server *s, struct fx_project *p)
{
        memset(p, 0, sizeof(*p));
        p->caritas_org = fx_org_id(s, "Lithuanian Caritas");
        p->borough_org = fx_org_id(s, "Royal Borough of Kensington and Chelsea");
        p->id = fx_create(coordinator, "/api/v1/projects",
                          test_msg("{\"code\":\"%s\",\"title\":\"European Communities Against "
                                   "Trafficking\",\"funder\":\"European Commission\","
                                   "\"start_date\":\"2013-05-01\",\"end_date\":\"2014-12-31\","
                                   "\"currency\":\"EUR\",\"budget_cents\":39500000}",
                                   fx_code()));
        const char *partners = test_msg("/api/v1/projects/%lld/partners", (long long)p->id);
        p->caritas = fx_create(coordinator, partners,
                               test_msg("{\"organisation_id\":%lld,\"role\":\"partner\","
                                        "\"allocation_cents\":3020900}",
                                        (long long)p->caritas_org));
        p->borough = fx_create(coordinator, partners,
                               test_msg("{\"organisation_id\":%lld,\"role\":\"lead\","
                                        "\"allocation_cents\":10000000}",
                                        (long long)p->borough_org));
        p->lead = fx_user(s, "coordinator", p->borough_org);
}

int64_t fx_activity(struct client *c, const struct fx_project *p, int64_t org, int64_t run_by,
                    const char *date, const char *kind, int youths, int specialists)
{
        return fx_create(c, "/api/v1/activities",
                         test_msg("{\"project_id\":%lld,\"organisation_id\":%lld,\"run_by\":%lld,"
                                  "\"date\":\"%s\",\"kind\":\"%s\",\"youths\":%d,"
                                  "\"specialists\":%d}",
                                  (long long)p->id, (long long)org, (long long)run_by, date, kind,
                                  youths, specialists));
}

json_t *fx_find(json_t *array, const char *key, const char *value)
{
        size_t i;
        json_t *v;
        json_array_foreach(array, i, v)
        {
                json_t *m = json_object_get(v, key);
                if (json_is_string(m) && strcmp(json_string_value(m), value) == 0)
                        return v;
        }
        FAIL("no element with %s = \"%s\"", key, value);
}

json_t *fx_find_int(json_t *array, const char *key, long long value)
{
        size_t i;
        json_t *v;
        json_array_foreach(array, i, v)
        {
                json_t *m = json_object_get(v, key);
                if (json_is_integer(m) && json_integer_value(m) == value)
                        return v;
        }
        return NULL;
}

long long fx_int(json_t *object, const char *key)
{
        json_t *m = json_object_get(object, key);
        if (!json_is_integer(m))
                FAIL("member %s is not an integer", key);
        return (long long)json_integer_value(m);
}

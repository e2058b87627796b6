/*
 * Partner scope of programme writes (domain/scope.h), walked from a table:
 * every programme write route x every role x {own partner, other partner}.
 *
 * The consortium: the Royal Borough (lead partner), Lithuanian Caritas and
 * STOP THE TRAFFIK (partners).  Each role has one user at STOP THE TRAFFIK
 * and one at the Borough.  "Own" and "other" mean, by the route's scope:
 *
 *   partner  (activities, expenses, the activities import) the caller is
 *            of STOP THE TRAFFIK; own: a record of STOP THE TRAFFIK
 *            (run_by, partner_id), other: one of Lithuanian Caritas
 *   lead     (a project's settings, its partners and their allocations,
 *            its indicators) own: the caller is of the lead partner (the
 *            Borough), other: of STOP THE TRAFFIK, a partner but not the lead
 *   shared   (the register of organisations, new projects) no scope: every
 *            role holding the action, either way; each change audited
 *
 * A role without the route's action is refused 403 by the gate.  One that
 * holds it is refused 404, exactly as for a missing id, when out of scope,
 * unless it is an administrator (in scope everywhere).  A refusal changes
 * nothing: the record the route touches, read before and after, and the
 * whole database's fingerprint are the same.  An accepted write changes the
 * database.  The last tests check that money is shown only to roles holding
 * budget.read, on every route and representation that carries it.
 */
#include "programme_fixture.h"

#include <stdio.h>
#include <string.h>

enum scope { SCOPE_PARTNER, SCOPE_LEAD, SCOPE_SHARED };

static const char *const roles[] = {"admin",        "coordinator", "outreach_worker", "case_worker",
                                    "case_manager", "viewer",      "auditor"};
enum { N_ROLES = sizeof(roles) / sizeof(roles[0]) };
enum { AT_STT, AT_LEAD, N_AT };

struct world {
        struct server *s;
        struct client *admin;      /* the demo admin: reads records before and after */
        struct client *caritas;    /* the demo coordinator, of Lithuanian Caritas */
        struct client *stt_coord;  /* a coordinator of STOP THE TRAFFIK */
        struct client *lead_coord; /* a coordinator of the Borough, the lead partner */
        struct client *users[N_ROLES][N_AT];
        struct fx_project p;
        int64_t stt_org, stt; /* organisation and partner entry */
        int64_t site;         /* an institution visited */
        int n;                /* a counter that makes each write differ */
};

/* One request of the walk and the record it touches. */
struct call {
        const char *method, *path, *content_type, *body;
        const char
            *probe; /* GET path whose answer (read by the admin) a refusal leaves as it was */
};

struct write_route {
        const char *route; /* as `ecat routes` prints it: "PATCH\t/api/v1/activities/{id}" */
        enum scope scope;
        const char *holders; /* ",role,role," holding the route's actions */
        long ok, refused;    /* status when allowed; when out of scope */
        /* The request for a caller in (own) or out of (!own) scope, with a fresh target. */
        void (*make)(struct world *w, bool own, struct call *c);
};

static const char *activity_body(struct world *w, int64_t run_by)
{
        return test_msg("{\"project_id\":%lld,\"organisation_id\":%lld,\"run_by\":%lld,"
                        "\"date\":\"2013-10-03\",\"kind\":\"lecture\",\"youths\":%d}",
                        (long long)w->p.id, (long long)w->site, (long long)run_by, ++w->n);
}

/* A new activity run by STOP THE TRAFFIK (own) or Lithuanian Caritas (other). */
static int64_t new_activity(struct world *w, bool own)
{
        return fx_create(own ? w->stt_coord : w->caritas, "/api/v1/activities",
                         activity_body(w, own ? w->stt_org : w->p.caritas_org));
}

static int64_t new_indicator(struct world *w)
{
        return fx_create(w->lead_coord,
                         test_msg("/api/v1/projects/%lld/indicators", (long long)w->p.id),
                         "{\"name\":\"Visits\",\"metric\":\"activities\",\"target\":3}");
}

static const char *project_path(struct world *w, const char *tail)
{
        return test_msg("/api/v1/projects/%lld%s", (long long)w->p.id, tail);
}

static void make_activity_post(struct world *w, bool own, struct call *c)
{
        *c = (struct call){
            "POST", "/api/v1/activities", "application/json",
            activity_body(w, own ? w->stt_org : w->p.caritas_org),
            test_msg("/api/v1/activities?project=%lld&limit=500", (long long)w->p.id)};
}

static void make_activity_patch(struct world *w, bool own, struct call *c)
{
        const char *one = test_msg("/api/v1/activities/%lld", (long long)new_activity(w, own));
        *c = (struct call){"PATCH", one, "application/json",
                           test_msg("{\"specialists\":%d}", ++w->n), one};
}

/* Handing one's own activity to another partner is out of scope too. */
static void make_activity_move(struct world *w, bool own, struct call *c)
{
        const char *one = test_msg("/api/v1/activities/%lld", (long long)new_activity(w, true));
        int64_t to = own ? w->stt_org : w->p.caritas_org;
        *c = (struct call){"PATCH", one, "application/json",
                           test_msg("{\"run_by\":%lld,\"youths\":%d}", (long long)to, ++w->n), one};
}

static void make_activity_delete(struct world *w, bool own, struct call *c)
{
        const char *one = test_msg("/api/v1/activities/%lld", (long long)new_activity(w, own));
        *c = (struct call){"DELETE", one, NULL, NULL, one};
}

static void make_activity_import(struct world *w, bool own, struct call *c)
{
        *c = (struct call){
            "POST", "/api/v1/activities/import", "text/csv",
            test_msg("project_id,organisation_id,run_by,date,kind,youths\n"
                     "%lld,%lld,%lld,2013-11-04,meeting,%d\n",
                     (long long)w->p.id, (long long)w->site,
                     (long long)(own ? w->stt_org : w->p.caritas_org), ++w->n),
            test_msg("/api/v1/activities?project=%lld&limit=500", (long long)w->p.id)};
}

static void make_expense_post(struct world *w, bool own, struct call *c)
{
        *c = (struct call){"POST", project_path(w, "/expenses"), "application/json",
                           test_msg("{\"partner_id\":%lld,\"date\":\"2013-06-01\",\"category\":"
                                    "\"travel\",\"amount_cents\":%d}",
                                    (long long)(own ? w->stt : w->p.caritas), ++w->n),
                           project_path(w, "/expenses?limit=500")};
}

static void make_project_patch(struct world *w, bool own, struct call *c)
{
        (void)own;
        int n = ++w->n;
        *c = (struct call){"PATCH", project_path(w, ""), "application/json",
                           test_msg("{\"title\":\"ECAT %d\",\"budget_cents\":%d}", n, n),
                           project_path(w, "")};
}

static void make_partner_post(struct world *w, bool own, struct call *c)
{
        (void)own;
        int64_t org = fx_org(w->s, test_msg("Scope partner %d", ++w->n), "ngo", "LT", NULL);
        *c = (struct call){"POST", project_path(w, "/partners"), "application/json",
                           test_msg("{\"organisation_id\":%lld,\"role\":\"associate\","
                                    "\"allocation_cents\":100}",
                                    (long long)org),
                           project_path(w, "/partners?limit=500")};
}

/* Another partner's allocation: Lithuanian Caritas's. */
static void make_partner_patch(struct world *w, bool own, struct call *c)
{
        (void)own;
        const char *one = test_msg("/api/v1/partners/%lld", (long long)w->p.caritas);
        *c = (struct call){"PATCH", one, "application/json",
                           test_msg("{\"allocation_cents\":%d}", 3020900 + ++w->n), one};
}

static void make_indicator_post(struct world *w, bool own, struct call *c)
{
        (void)own;
        *c = (struct call){"POST", project_path(w, "/indicators"), "application/json",
                           test_msg("{\"name\":\"Visits %d\",\"metric\":\"activities\","
                                    "\"target\":5}",
                                    ++w->n),
                           project_path(w, "/indicators?limit=500")};
}

static void make_indicator_patch(struct world *w, bool own, struct call *c)
{
        (void)own;
        const char *one = test_msg("/api/v1/indicators/%lld", (long long)new_indicator(w));
        *c = (struct call){"PATCH", one, "application/json",
                           test_msg("{\"target\":%d}", 10 + ++w->n), one};
}

static void make_indicator_delete(struct world *w, bool own, struct call *c)
{
        (void)own;
        const char *one = test_msg("/api/v1/indicators/%lld", (long long)new_indicator(w));
        *c = (struct call){"DELETE", one, NULL, NULL, one};
}

static void make_project_post(struct world *w, bool own, struct call *c)
{
        (void)own;
        (void)w;
        *c = (struct call){"POST", "/api/v1/projects", "application/json",
                           test_msg("{\"code\":\"%s\",\"title\":\"t\",\"start_date\":"
                                    "\"2013-05-01\",\"end_date\":\"2014-12-31\"}",
                                    fx_code()),
                           "/api/v1/projects?limit=500"};
}

/* The register is shared: STOP THE TRAFFIK's own record, or Lithuanian Caritas's. */
static void make_org_patch(struct world *w, bool own, struct call *c)
{
        const char *one = test_msg("/api/v1/organisations/%lld",
                                   (long long)(own ? w->stt_org : w->p.caritas_org));
        *c = (struct call){"PATCH", one, "application/json",
                           test_msg("{\"notes\":\"Checked %d\"}", ++w->n), one};
}

static void make_org_post(struct world *w, bool own, struct call *c)
{
        (void)own;
        *c = (struct call){"POST", "/api/v1/organisations", "application/json",
                           test_msg("{\"name\":\"Scope school %d\",\"kind\":\"school\","
                                    "\"country\":\"LT\",\"municipality\":\"Kaunas city\"}",
                                    ++w->n),
                           "/api/v1/organisations?q=Scope&limit=500"};
}

static void make_org_delete(struct world *w, bool own, struct call *c)
{
        (void)own;
        int64_t org = fx_org(w->s, test_msg("Scope spare %d", ++w->n), "ngo", "LT", NULL);
        const char *one = test_msg("/api/v1/organisations/%lld", (long long)org);
        *c = (struct call){"DELETE", one, NULL, NULL, one};
}

static void make_org_import(struct world *w, bool own, struct call *c)
{
        (void)own;
        *c = (struct call){"POST", "/api/v1/organisations/import", "text/csv",
                           test_msg("name,kind,country\nScope import %d,ngo,GB\n", ++w->n),
                           "/api/v1/organisations?q=Scope&limit=500"};
}

#define PROGRAMME_WRITERS ",coordinator,outreach_worker,"
#define BUDGET_WRITERS    ",admin,coordinator,"
static const struct write_route walk[] = {
    {"POST\t/api/v1/activities", SCOPE_PARTNER, PROGRAMME_WRITERS, 201, 404, make_activity_post},
    {"PATCH\t/api/v1/activities/{id}", SCOPE_PARTNER, PROGRAMME_WRITERS, 200, 404,
     make_activity_patch},
    {"PATCH\t/api/v1/activities/{id}", SCOPE_PARTNER, PROGRAMME_WRITERS, 200, 404,
     make_activity_move},
    {"DELETE\t/api/v1/activities/{id}", SCOPE_PARTNER, PROGRAMME_WRITERS, 204, 404,
     make_activity_delete},
    /* A file is not an id: a row of another partner is a row error, and nothing is written. */
    {"POST\t/api/v1/activities/import", SCOPE_PARTNER, PROGRAMME_WRITERS, 200, 422,
     make_activity_import},
    {"POST\t/api/v1/projects/{id}/expenses", SCOPE_PARTNER, BUDGET_WRITERS, 201, 404,
     make_expense_post},
    {"PATCH\t/api/v1/projects/{id}", SCOPE_LEAD, BUDGET_WRITERS, 200, 404, make_project_patch},
    {"POST\t/api/v1/projects/{id}/partners", SCOPE_LEAD, BUDGET_WRITERS, 201, 404,
     make_partner_post},
    {"PATCH\t/api/v1/partners/{id}", SCOPE_LEAD, BUDGET_WRITERS, 200, 404, make_partner_patch},
    {"POST\t/api/v1/projects/{id}/indicators", SCOPE_LEAD, BUDGET_WRITERS, 201, 404,
     make_indicator_post},
    {"PATCH\t/api/v1/indicators/{id}", SCOPE_LEAD, BUDGET_WRITERS, 200, 404, make_indicator_patch},
    {"DELETE\t/api/v1/indicators/{id}", SCOPE_LEAD, BUDGET_WRITERS, 204, 404,
     make_indicator_delete},
    {"POST\t/api/v1/projects", SCOPE_SHARED, BUDGET_WRITERS, 201, 0, make_project_post},
    {"POST\t/api/v1/organisations", SCOPE_SHARED, ",admin,coordinator,outreach_worker,", 201, 0,
     make_org_post},
    {"PATCH\t/api/v1/organisations/{id}", SCOPE_SHARED, ",admin,coordinator,outreach_worker,", 200,
     0, make_org_patch},
    {"DELETE\t/api/v1/organisations/{id}", SCOPE_SHARED, BUDGET_WRITERS, 204, 0, make_org_delete},
    /* The organisations import needs import and organisation.write. */
    {"POST\t/api/v1/organisations/import", SCOPE_SHARED, ",admin,coordinator,outreach_worker,", 200,
     0, make_org_import},
};
enum { N_WALK = sizeof(walk) / sizeof(walk[0]) };

static void world_make(struct world *w)
{
        memset(w, 0, sizeof(*w));
        w->s = server_start(NULL);
        w->admin = client_login(w->s, "admin");
        w->caritas = client_login(w->s, "coordinator");
        fx_project(w->caritas, w->s, &w->p);
        w->lead_coord = w->p.lead;
        w->stt_org = fx_org_id(w->s, "STOP THE TRAFFIK");
        w->site = fx_org_id(w->s, "Demo care home, Vilnius");
        w->stt = fx_create(w->lead_coord, project_path(w, "/partners"),
                           test_msg("{\"organisation_id\":%lld,\"role\":\"partner\","
                                    "\"allocation_cents\":4500000}",
                                    (long long)w->stt_org));
        for (size_t i = 0; i < N_ROLES; i++) {
                w->users[i][AT_STT] = fx_user(w->s, roles[i], w->stt_org);
                w->users[i][AT_LEAD] = fx_user(w->s, roles[i], w->p.borough_org);
        }
        w->stt_coord = w->users[1][AT_STT];
}

static bool holds(const struct write_route *wr, const char *role)
{
        return strstr(wr->holders, test_msg(",%s,", role)) != NULL;
}

/* The status a role is answered, in scope (own) or not. */
static long expected(const struct write_route *wr, size_t role, bool own)
{
        if (!holds(wr, roles[role]))
                return 403;
        if (own || wr->scope == SCOPE_SHARED || strcmp(roles[role], "admin") == 0)
                return wr->ok;
        return wr->refused;
}

static const char *probe(struct world *w, const char *path)
{
        struct resp *r = http_get(w->admin, path);
        CHECK(r->status == 200 || r->status == 404, "probe %s answered %ld", path, r->status);
        return test_msg("%ld %s", r->status, r->body);
}

/* Every programme write route of the route table is walked. */
API_TEST(walk_covers_every_programme_write_route)
{
        struct server *s = server_start(NULL);
        char *out = NULL;
        CHECK_INT(run_ecat(s, (const char *[]){"routes", NULL}, NULL, &out), 0);
        int checked = 0;
        for (char *line = out; line && *line;) {
                char *end = strchr(line, '\n');
                if (end)
                        *end = '\0';
                bool write = strncmp(line, "GET\t", 4) != 0;
                bool programme =
                    strstr(line, "/api/v1/projects") || strstr(line, "/api/v1/partners") ||
                    strstr(line, "/api/v1/expenses") || strstr(line, "/api/v1/indicators") ||
                    strstr(line, "/api/v1/activities") || strstr(line, "/api/v1/organisations");
                if (write && programme) {
                        bool found = false;
                        for (size_t i = 0; i < N_WALK; i++) {
                                size_t n = strlen(walk[i].route);
                                if (strncmp(line, walk[i].route, n) == 0 && line[n] == '\t')
                                        found = true;
                        }
                        CHECK(found, "write route not in the walk: %s", line);
                        checked++;
                }
                line = end ? end + 1 : NULL;
        }
        CHECK(checked >= 16, "only %d programme write routes found", checked);
}

API_TEST(walk_every_write_route_role_and_partner)
{
        struct world *w = test_alloc(sizeof(*w));
        world_make(w);
        const char *db = server_db(w->s);
        int allowed = 0, refused = 0;
        for (size_t i = 0; i < N_WALK; i++)
                for (size_t role = 0; role < N_ROLES; role++)
                        for (int own = 1; own >= 0; own--) {
                                const struct write_route *wr = &walk[i];
                                struct client *c = NULL;
                                if (wr->scope == SCOPE_LEAD)
                                        c = w->users[role][own ? AT_LEAD : AT_STT];
                                else
                                        c = w->users[role][AT_STT];
                                struct call call;
                                wr->make(w, own, &call);
                                long want = expected(wr, role, own);
                                const char *record = probe(w, call.probe);
                                const char *before = db_fingerprint(db);
                                int64_t audited = db_int(db, "SELECT count(*) FROM audit_log "
                                                             "WHERE outcome = 'ok'");
                                struct resp *r = http(c, call.method, call.path, call.content_type,
                                                      call.body, call.body ? strlen(call.body) : 0);
                                if (r->status != want)
                                        test_note("%s %s as %s (%s): %s", call.method, call.path,
                                                  roles[role], own ? "own" : "other",
                                                  call.body ? call.body : "");
                                CHECK(r->status == want, "%s as %s, %s partner: %ld, expected %ld",
                                      wr->route, roles[role], own ? "own" : "other", r->status,
                                      want);
                                if (want >= 400) {
                                        expect_error(r, want,
                                                     want == 403   ? "forbidden"
                                                     : want == 404 ? "not_found"
                                                                   : "validation_failed",
                                                     NULL);
                                        CHECK_STR(probe(w, call.probe), record);
                                        CHECK_STR(db_fingerprint(db), before);
                                        refused++;
                                } else {
                                        CHECK(strcmp(db_fingerprint(db), before) != 0,
                                              "%s as %s answered %ld and changed nothing",
                                              wr->route, roles[role], r->status);
                                        /* Each change is audited, the shared register's too. */
                                        CHECK(db_int(db, "SELECT count(*) FROM audit_log WHERE "
                                                         "outcome = 'ok'") > audited);
                                        allowed++;
                                }
                                resp_free(r);
                        }
        test_note("%d writes allowed, %d refused", allowed, refused);
}

/* The scenario, as a new user tries it: STOP THE TRAFFIK's staff against Caritas. */
API_TEST(another_partners_records_are_as_missing)
{
        struct world *w = test_alloc(sizeof(*w));
        world_make(w);
        const char *db = server_db(w->s);
        struct client *outreach = w->users[2][AT_STT], *coordinator = w->stt_coord;
        int64_t caritas_act = new_activity(w, false);
        const char *one = test_msg("/api/v1/activities/%lld", (long long)caritas_act);
        const char *before = db_fingerprint(db);
        struct resp *missing =
            http_json(outreach, "PATCH", "/api/v1/activities/999999", "{\"youths\":1}");
        struct resp *other = http_json(outreach, "PATCH", one, "{\"youths\":1}");
        /* The same answer, byte for byte but the request id. */
        CHECK_INT(other->status, 404);
        CHECK_STR(json_str_at(other->json, "error.message"),
                  json_str_at(missing->json, "error.message"));
        expect_error(http(outreach, "DELETE", one, NULL, NULL, 0), 404, "not_found", NULL);
        expect_error(http_json(coordinator, "PATCH",
                               test_msg("/api/v1/partners/%lld", (long long)w->p.caritas),
                               "{\"allocation_cents\":1}"),
                     404, "not_found", NULL);
        /* A nested create under a project outside the lead scope: as a project that is not there.
         */
        struct resp *nowhere = http_json(coordinator, "POST", "/api/v1/projects/999999/indicators",
                                         "{\"name\":\"x\",\"metric\":\"activities\",\"target\":1}");
        struct resp *not_lead =
            http_json(coordinator, "POST", project_path(w, "/indicators"), "{\"bad\":1}");
        CHECK_INT(not_lead->status, 404);
        CHECK_STR(json_str_at(not_lead->json, "error.message"),
                  json_str_at(nowhere->json, "error.message"));
        CHECK_STR(db_fingerprint(db), before);
        /* The activity is Caritas's still; Caritas's own coordinator changes it. */
        CHECK_STATUS(http_json(w->caritas, "PATCH", one, "{\"youths\":2}"), 200);
}

/* The command line and the demo act as an administrator with no organisation: full writes. */
API_TEST(the_command_line_writes_every_partners_records)
{
        struct world *w = test_alloc(sizeof(*w));
        world_make(w);
        const char *file = test_path("acts.csv");
        FILE *f = fopen(file, "w");
        CHECK(f != NULL);
        fprintf(f,
                "project_id,organisation_id,run_by,date,kind\n%lld,%lld,%lld,2013-11-05,lecture\n"
                "%lld,%lld,%lld,2013-11-06,lecture\n",
                (long long)w->p.id, (long long)w->site, (long long)w->p.caritas_org,
                (long long)w->p.id, (long long)w->site, (long long)w->stt_org);
        fclose(f);
        char *out = NULL;
        CHECK_INT(run_ecat(w->s, (const char *[]){"import", "activities", file, NULL}, NULL, &out),
                  0);
        CHECK_INT(db_int(server_db(w->s),
                         test_msg("SELECT count(*) FROM activities WHERE project_id = %lld",
                                  (long long)w->p.id)),
                  2);
}

/* Whether any object within j has a member key ending in "_cents". */
static bool has_money(json_t *j)
{
        const char *key;
        json_t *v;
        size_t i;
        if (json_is_object(j)) {
                json_object_foreach(j, key, v)
                {
                        size_t n = strlen(key);
                        if ((n > 6 && strcmp(key + n - 6, "_cents") == 0) || has_money(v))
                                return true;
                }
        } else if (json_is_array(j)) {
                json_array_foreach(j, i, v) if (has_money(v)) return true;
        }
        return false;
}

/* Money fields are shown only to roles holding budget.read, on every route that carries them. */
API_TEST(money_only_with_budget_read)
{
        struct world *w = test_alloc(sizeof(*w));
        world_make(w);
        fx_create(w->stt_coord, project_path(w, "/expenses"),
                  test_msg("{\"partner_id\":%lld,\"date\":\"2013-06-01\",\"category\":\"travel\","
                           "\"amount_cents\":700}",
                           (long long)w->stt));
        const char *reads[] = {
            "/api/v1/projects",
            project_path(w, ""),
            project_path(w, "/partners"),
            test_msg("/api/v1/partners/%lld", (long long)w->p.caritas),
            project_path(w, "/dashboard"),
            project_path(w, "/expenses"),
            project_path(w, "/indicators"),
            test_msg("/api/v1/activities?project=%lld", (long long)w->p.id),
            "/api/v1/activities.csv",
            "/api/v1/organisations.csv",
            "/api/v1/map/organisations.geojson",
        };
        const char *budget_readers = ",admin,coordinator,viewer,";
        int shown = 0, hidden = 0;
        for (size_t role = 0; role < N_ROLES; role++)
                for (size_t i = 0; i < sizeof(reads) / sizeof(reads[0]); i++) {
                        struct resp *r = http_get(w->users[role][AT_STT], reads[i]);
                        if (r->status == 403 || r->status == 401)
                                continue; /* the route is not the role's to read at all */
                        CHECK(r->status == 200, "%s as %s: %ld", reads[i], roles[role], r->status);
                        bool reader = strstr(budget_readers, test_msg(",%s,", roles[role]));
                        bool csv = strstr(reads[i], ".csv") != NULL;
                        bool money = csv ? strstr(r->body, "_cents") != NULL : has_money(r->json);
                        if (!reader) {
                                CHECK(!money, "%s shows money to %s", reads[i], roles[role]);
                                hidden++;
                        } else if (strstr(reads[i], "/projects") &&
                                   !strstr(reads[i], "indicators")) {
                                CHECK(money, "%s hides money from %s", reads[i], roles[role]);
                                shown++;
                        }
                }
        CHECK(shown > 0 && hidden > 0, "shown %d, hidden %d", shown, hidden);
        /* The dashboard's budget part is null for them, not only its figures left out. */
        struct resp *r = http_get(w->users[2][AT_STT], project_path(w, "/dashboard"));
        CHECK_STATUS(r, 200);
        CHECK(json_is_null(json_at(r->json, "budget")));
        CHECK(json_at(r->json, "project.title") && !json_at(r->json, "project.budget_cents"));
        /* The writes answer as the reads do: an allocation set by the lead is shown to it. */
        r = http_json(w->lead_coord, "PATCH", test_msg("/api/v1/partners/%lld", (long long)w->stt),
                      "{\"allocation_cents\":4500001}");
        CHECK_STATUS(r, 200);
        CHECK_INT(json_int_at(r->json, "allocation_cents"), 4500001);
}

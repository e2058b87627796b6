/*
 * The demo data set: the ECAT project of 2013-2014 as the seed page tells it.
 *
 * Lithuanian Caritas's outreach reproduces the page's own figures exactly:
 * 34 distinct institutions visited against a target of 20, 690 youths and
 * 141 specialists reached; the project's budget is EUR 395,000 of which
 * EUR 30,209 is Lithuanian Caritas's.  Institution names are fictional
 * ("Demo care home, Kaunas") and placed near their municipality's centre.
 * Every record goes through the same doors as the API, so the demo obeys
 * every validation rule.  The demo logins are printed; they are for
 * demonstration only.
 *
 * Illustrative, because the seed gives no figures for them (and the demo's
 * output says so): the programme's three materials with their kinds,
 * leaflets handed to teachers, pupils and parents at some of the schools
 * visited, the two hotels and the business association in the engagement
 * pipeline at different stages (one follow-up overdue), and one pledge
 * signed.  None of it is a visit: the seed's figures stay as they are.
 * Staff trainings at the hotels are left out for that reason: a training is
 * an activity, and an activity at a hotel would make it a 35th institution
 * reached.
 */
#include "cli/cli.h"
#include "cli/demo.h"

#include "domain/activity.h"
#include "domain/budget.h"
#include "domain/engagement.h"
#include "domain/indicator.h"
#include "domain/material.h"
#include "domain/organisation.h"
#include "domain/project.h"
#include "domain/user.h"
#include "api/import.h"
#include "audit/audit.h"
#include "auth/password.h"
#include "core/util.h"
#include "domain/municipalities.h"

#include <string.h>

#define DEMO_YOUTHS      690
#define DEMO_SPECIALISTS 141

struct demo_org {
        const char *name, *kind, *country, *municipality;
        double lat, lon;
};

/* The partners and supporters named in the seed. */
static const struct demo_org partners[] = {
    {"Royal Borough of Kensington and Chelsea", "municipality", "GB", NULL, 51.5020, -0.1947},
    {"Lithuanian Caritas", "ngo", "LT", "Vilnius city", 54.6872, 25.2797},
    {"Metropolitan Police", "police", "GB", NULL, 51.5025, -0.1350},
    {"Rahab", "ngo", "GB", NULL, 51.5155, -0.0922},
    {"STOP THE TRAFFIK", "ngo", "GB", NULL, 51.4975, -0.1357},
    {"Borgorete", "ngo", "IT", "Perugia", 43.1107, 12.3908},
    {"Westminster City Council", "municipality", "GB", NULL, 51.4973, -0.1372},
    {"Office of the Ombudsperson for Children's Rights of Lithuania", "ombudsman", "LT",
     "Vilnius city", 54.6896, 25.2799},
};
enum { P_RBKC, P_CARITAS, P_MET, P_RAHAB, P_STT, P_BORGORETE, P_WCC, P_OMBUDS, P__N };

/* Role and allocation (EUR) of each partner; allocations add up to 395,000. */
static const struct {
        const char *role;
        int64_t euros;
} demo_partner_roles[P__N] = {
    [P_RBKC] = {"lead", 180000},  [P_CARITAS] = {"partner", 30209},
    [P_MET] = {"partner", 60000}, [P_RAHAB] = {"partner", 45000},
    [P_STT] = {"partner", 45000}, [P_BORGORETE] = {"partner", 34791},
    [P_WCC] = {"supporter", 0},   [P_OMBUDS] = {"supporter", 0},
};

/* The 34 institutions Lithuanian Caritas visited, of the kinds the page names. */
static const struct {
        const char *name, *kind, *municipality;
} institutions[] = {
    {"Demo care home, Vilnius", "childrens_home", "Vilnius city"},
    {"Demo care home, Kaunas", "childrens_home", "Kaunas city"},
    {"Demo care home, Klaipėda", "childrens_home", "Klaipėda city"},
    {"Demo care home, Šiauliai", "childrens_home", "Šiauliai city"},
    {"Demo care home, Panevėžys", "childrens_home", "Panevėžys city"},
    {"Demo care home, Alytus", "childrens_home", "Alytus city"},
    {"Demo care home, Utena", "childrens_home", "Utena district"},
    {"Demo care home, Telšiai", "childrens_home", "Telšiai district"},
    {"Demo care home, Tauragė", "childrens_home", "Tauragė district"},
    {"Demo care home, Rokiškis", "childrens_home", "Rokiškis district"},
    {"Demo care home, Kėdainiai", "childrens_home", "Kėdainiai district"},
    {"Demo care home, Mažeikiai", "childrens_home", "Mažeikiai district"},
    {"Demo socialisation centre, Vilnius", "socialisation_centre", "Vilnius city"},
    {"Demo socialisation centre, Kaunas district", "socialisation_centre", "Kaunas district"},
    {"Demo socialisation centre, Šiauliai district", "socialisation_centre", "Šiauliai district"},
    {"Demo socialisation centre, Marijampolė", "socialisation_centre", "Marijampolė"},
    {"Demo socialisation centre, Ukmergė", "socialisation_centre", "Ukmergė district"},
    {"Demo special school, Vilnius", "special_school", "Vilnius city"},
    {"Demo special school, Kaunas", "special_school", "Kaunas city"},
    {"Demo special school, Klaipėda district", "special_school", "Klaipėda district"},
    {"Demo special school, Jonava", "special_school", "Jonava district"},
    {"Demo special school, Plungė", "special_school", "Plungė district"},
    {"Demo special school, Šilutė", "special_school", "Šilutė district"},
    {"Demo youth centre, Kretinga", "youth_centre", "Kretinga district"},
    {"Demo social services centre, Jurbarkas", "social_service", "Jurbarkas district"},
    {"Demo municipality, Alytus district", "municipality", "Alytus district"},
    {"Demo municipality, Biržai", "municipality", "Biržai district"},
    {"Demo municipality, Visaginas", "municipality", "Visaginas"},
    {"Demo municipality, Druskininkai", "municipality", "Druskininkai"},
    {"Demo municipality, Raseiniai", "municipality", "Raseiniai district"},
    {"Demo university, Vilnius", "higher_education", "Vilnius city"},
    {"Demo college, Kaunas", "higher_education", "Kaunas city"},
    {"Demo college, Šiauliai", "higher_education", "Šiauliai city"},
    {"Demo college, Panevėžys", "higher_education", "Panevėžys city"},
};
#define N_INSTITUTIONS 34
#define N_YOUTH_SITES  25 /* the first 25 work with young people; the rest with specialists */
_Static_assert(sizeof(institutions) / sizeof(institutions[0]) == N_INSTITUTIONS,
               "the seed names 34 institutions");

/* Institutions visited a second time (indexes into institutions[]). */
static const int second_visits[] = {0, 1, 3, 12, 17, 18};

/* Hotels engaged later under the business strand: known, not yet visited. */
static const struct demo_org hotels[] = {
    {"Demo hotel, Vilnius old town", "hotel", "LT", "Vilnius city", 54.6810, 25.2860},
    {"Demo hotel, Palanga seaside", "hotel", "LT", "Palanga city", 55.9190, 21.0680},
    {"Demo business association, Kaunas", "business", "LT", "Kaunas city", 54.8990, 23.9030},
};

struct demo_user {
        const char *login, *role;
        int org;
        const char *password;
};

static const struct demo_user users[] = {
    {"admin", "admin", P_CARITAS, "demo-admin-pass-2013"},
    {"coordinator", "coordinator", P_CARITAS, "demo-coordinator-2013"},
    {"outreach", "outreach_worker", P_CARITAS, "demo-outreach-2013"},
    {"caseworker", "case_worker", P_CARITAS, "demo-caseworker-2013"},
    {"casemanager", "case_manager", P_CARITAS, "demo-casemanager-2013"},
    {"viewer", "viewer", P_RBKC, "demo-viewer-pass-2013"},
    {"auditor", "auditor", P_OMBUDS, "demo-auditor-pass-2013"},
    /* The case users of the other agencies in the demo's case work. */
    {"rahabworker", "case_worker", P_RAHAB, "demo-rahabworker-2013"},
    {"rahabmanager", "case_manager", P_RAHAB, "demo-rahabmanager-2013"},
    {"policecases", "case_manager", P_MET, "demo-policecases-2013"},
};

struct demo {
        struct cli *c;
        struct db *db;
        struct arena arena;
        const char *failed_what;
};

/* The end of a door call: the new id, or 0 after saying why the demo row was refused. */
static int64_t done(struct demo *d, enum ecat_err e, const struct problems *p, const char *what,
                    int64_t id)
{
        if (e != E_OK) {
                cli_error(d->c, "demo %s refused: %s %s%s%s", what, err_code(e),
                          p->n ? p->item[0].field : "", p->n ? " " : "",
                          p->n ? p->item[0].text : (p->message ? p->message : ""));
                d->failed_what = what;
                id = 0;
        }
        arena_free(&d->arena);
        return id;
}

static const struct principal demo_actor = {0, ROLE_ADMIN, 0, "demo", 0};

static int64_t put_org(struct demo *d, const char *name, const char *kind, const char *country,
                       const char *municipality, double lat, double lon, const char *what)
{
        struct organisation o = {.name = name,
                                 .kind = kind,
                                 .country = country,
                                 .municipality = municipality,
                                 .lat = lat,
                                 .lon = lon};
        static const int given[] = {ORG_F_NAME, ORG_F_KIND, ORG_F_COUNTRY, ORG_F_LAT, ORG_F_LON};
        for (size_t i = 0; i < sizeof(given) / sizeof(given[0]); i++)
                record_give(&o, (size_t)given[i]);
        if (municipality)
                record_give(&o, ORG_F_MUNICIPALITY);
        struct problems p;
        problems_init(&p, &d->arena);
        int64_t id = 0;
        enum ecat_err e = organisation_create(d->db, &demo_actor, &o, 0, &p, &id);
        return done(d, e, &p, what, id);
}

/* The project, its dates given as YYYY-MM-DD. */
static int64_t put_project(struct demo *d, const char *code, const char *title, const char *funder,
                           const char *programme, const char *start, const char *end,
                           const char *currency, int64_t budget_cents)
{
        struct project pr = {.code = code,
                             .title = title,
                             .funder = funder,
                             .programme = programme,
                             .currency = currency,
                             .budget_cents = budget_cents};
        struct problems p;
        problems_init(&p, &d->arena);
        if (parse_date(start, &pr.start_date) < 0 || parse_date(end, &pr.end_date) < 0)
                return done(d, E_VALIDATION, &p, "project", 0);
        for (size_t i = PROJECT_CODE; i <= PROJECT_BUDGET; i++)
                record_give(&pr, i);
        int64_t id = 0;
        enum ecat_err e = project_create(d->db, &demo_actor, &pr, &p, &id);
        return done(d, e, &p, "project", id);
}

static int64_t put_partner(struct demo *d, int64_t project, int64_t org, const char *role,
                           int64_t allocation_cents)
{
        struct partner pa = {
            .organisation_id = org, .role = role, .allocation_cents = allocation_cents};
        record_give(&pa, PARTNER_ORGANISATION);
        record_give(&pa, PARTNER_ROLE);
        record_give(&pa, PARTNER_ALLOCATION);
        struct problems p;
        problems_init(&p, &d->arena);
        int64_t id = 0;
        enum ecat_err e = partner_create(d->db, &demo_actor, project, &pa, &p, &id);
        return done(d, e, &p, "partner", id);
}

static int64_t put_expense(struct demo *d, int64_t project, int64_t partner, const char *date,
                           const char *category, int64_t amount_cents, const char *description)
{
        struct expense ex = {.partner_id = partner,
                             .category = category,
                             .amount_cents = amount_cents,
                             .description = description};
        struct problems p;
        problems_init(&p, &d->arena);
        if (parse_date(date, &ex.date) < 0)
                return done(d, E_VALIDATION, &p, "expense", 0);
        static const int given[] = {EXPENSE_PARTNER, EXPENSE_DATE, EXPENSE_CATEGORY, EXPENSE_AMOUNT,
                                    EXPENSE_DESCRIPTION};
        for (size_t i = 0; i < sizeof(given) / sizeof(given[0]); i++)
                record_give(&ex, (size_t)given[i]);
        int64_t id = 0;
        enum ecat_err e = expense_create(d->db, &demo_actor, project, &ex, &p, &id);
        return done(d, e, &p, "expense", id);
}

/* A demo login, named as it logs in, through the user door. */
static int64_t put_user(struct demo *d, const struct demo_user *u, int64_t org)
{
        struct user rec = {.login = u->login,
                           .display_name = u->login,
                           .organisation_id = org,
                           .role = u->role,
                           .password = u->password};
        static const int given[] = {USER_F_LOGIN, USER_F_DISPLAY_NAME, USER_F_ORGANISATION,
                                    USER_F_ROLE, USER_F_PASSWORD};
        for (size_t i = 0; i < sizeof(given) / sizeof(given[0]); i++)
                record_give(&rec, (size_t)given[i]);
        struct problems p;
        problems_init(&p, &d->arena);
        int64_t id = 0;
        enum ecat_err e = user_create(d->db, &demo_actor, &rec, &p, &id);
        return done(d, e, &p, "user", id);
}

/* A small deterministic spread so points of one municipality do not overlap. */
static double jitter(int i, int axis)
{
        unsigned h = (unsigned)(i * 2654435761u) ^ (unsigned)(axis * 40503u);
        return ((double)(h % 2001) / 1000.0 - 1.0) * 0.02;
}

/*
 * Head-counts per activity: a fixed pattern scaled so the sums are exactly
 * the seed's figures.
 */
static void spread(int64_t total, const int *weights, int n, int64_t *out)
{
        int64_t wsum = 0, given = 0;
        for (int i = 0; i < n; i++)
                wsum += weights[i];
        for (int i = 0; i < n; i++) {
                out[i] = wsum ? total * weights[i] / wsum : 0;
                given += out[i];
        }
        /* The rounding remainder goes, one each, to the entries that have a weight. */
        for (int i = 0; given < total && wsum > 0; i = (i + 1) % n)
                if (weights[i]) {
                        out[i]++;
                        given++;
                }
}

/* Bit of each topic's name in activity_topics. */
static uint32_t topic_bits(const char *const *names)
{
        uint32_t bits = 0;
        for (size_t i = 0; names[i]; i++) {
                int k = enum_index(activity_topics, names[i]);
                if (k >= 0)
                        bits |= UINT32_C(1) << k;
        }
        return bits;
}

/* One visit: a lecture or film for young people, a discussion or meeting for specialists. */
static int64_t put_activity(struct demo *d, int64_t project, int64_t site, int64_t run_by,
                            const char *date, bool youth, int v, int64_t youths,
                            int64_t specialists)
{
        static const char *const youth_topics[] = {"forms_of_trafficking", "risks",
                                                   "recruitment_methods",  "safety",
                                                   "help_available",       NULL};
        static const char *const specialist_topics[] = {"forms_of_trafficking",
                                                        "regional_situation", "cooperation", NULL};
        struct activity a = {
            .project_id = project,
            .organisation_id = site,
            .run_by = run_by,
            .kind =
                youth ? (v % 2 ? "film_screening" : "lecture") : (v % 2 ? "meeting" : "discussion"),
            .topics = topic_bits(youth ? youth_topics : specialist_topics),
            .materials = youth ? "[\"Prevention film (demo)\",\"Leaflet: where to find help\"]"
                               : "[\"Presentation: trafficking in Lithuania\"]",
            .notes = youth ? NULL
                           : "Specialists discussed the regional situation and ways to cooperate.",
        };
        struct problems p;
        problems_init(&p, &d->arena);
        if (parse_date(date, &a.date) < 0)
                return done(d, E_VALIDATION, &p, "activity", 0);
        a.audience[0] = youths;
        a.audience[1] = specialists;
        static const int given[] = {
            ACTIVITY_PROJECT,      ACTIVITY_ORGANISATION, ACTIVITY_RUN_BY,
            ACTIVITY_DATE,         ACTIVITY_KIND,         ACTIVITY_AUDIENCE,
            ACTIVITY_AUDIENCE + 1, ACTIVITY_TOPICS,       ACTIVITY_MATERIALS};
        for (size_t i = 0; i < sizeof(given) / sizeof(given[0]); i++)
                record_give(&a, (size_t)given[i]);
        if (a.notes)
                record_give(&a, ACTIVITY_NOTES);
        int64_t id = 0;
        enum ecat_err e = activity_create(d->db, &demo_actor, &a, &p, &id);
        return done(d, e, &p, "activity", id);
}

/* The programme's materials: the titles the visits name, with their kinds (illustrative). */
static const struct {
        const char *title, *kind, *description;
        const char *audiences[4];
} demo_materials[] = {
    {"Prevention film (demo)",
     "film",
     "A short film shown at lectures: how recruiters approach young people.",
     {"pupils", "teachers", NULL}},
    {"Leaflet: where to find help",
     "leaflet",
     "Where victims and those worried about someone can turn; helpline numbers.",
     {"pupils", "teachers", "parents", NULL}},
    {"Presentation: trafficking in Lithuania",
     "presentation",
     "For specialists: the regional situation and ways to cooperate.",
     {"specialists", NULL}},
};
#define DEMO_LEAFLET 1 /* index of the leaflet in demo_materials[] */

static int64_t put_material(struct demo *d, size_t i)
{
        struct material m = {.title = demo_materials[i].title,
                             .kind = demo_materials[i].kind,
                             .languages = "[\"lt\"]",
                             .description = demo_materials[i].description};
        for (size_t k = 0; demo_materials[i].audiences[k]; k++) {
                int bit = enum_index(distribution_audiences, demo_materials[i].audiences[k]);
                if (bit >= 0)
                        m.audiences |= 1u << bit;
        }
        static const int given[] = {MATERIAL_TITLE, MATERIAL_KIND, MATERIAL_LANGUAGES,
                                    MATERIAL_AUDIENCES, MATERIAL_DESCRIPTION};
        for (size_t k = 0; k < sizeof(given) / sizeof(given[0]); k++)
                record_give(&m, (size_t)given[k]);
        struct problems p;
        problems_init(&p, &d->arena);
        int64_t id = 0;
        enum ecat_err e = material_create(d->db, &demo_actor, &m, &p, &id);
        return done(d, e, &p, "material", id);
}

/* Leaflets handed to one audience group at an institution (illustrative). */
static int64_t put_distribution(struct demo *d, int64_t project, int64_t material, int64_t org,
                                int64_t run_by, const char *audience, int64_t quantity,
                                const char *date)
{
        struct distribution x = {.material_id = material,
                                 .project_id = project,
                                 .run_by = run_by,
                                 .organisation_id = org,
                                 .audience = audience,
                                 .quantity = quantity};
        struct problems p;
        problems_init(&p, &d->arena);
        if (parse_date(date, &x.date) < 0)
                return done(d, E_VALIDATION, &p, "distribution", 0);
        static const int given[] = {DIST_MATERIAL, DIST_PROJECT,  DIST_RUN_BY, DIST_ORGANISATION,
                                    DIST_AUDIENCE, DIST_QUANTITY, DIST_DATE};
        for (size_t k = 0; k < sizeof(given) / sizeof(given[0]); k++)
                record_give(&x, (size_t)given[k]);
        int64_t id = 0;
        enum ecat_err e = distribution_create(d->db, &demo_actor, &x, &p, &id);
        return done(d, e, &p, "distribution", id);
}

/*
 * A business in the pipeline: entered at contacted, moved stage by stage to
 * stage (each move a row of its history), with its next follow-up day
 * (0: none).
 */
static int64_t put_engagement(struct demo *d, int64_t project, int64_t org, int64_t run_by,
                              const char *stage, int32_t follow_up, const char *notes)
{
        struct engagement x = {.project_id = project,
                               .organisation_id = org,
                               .run_by = run_by,
                               .stage = engagement_stage_names[0],
                               .notes = notes};
        static const int given[] = {ENGAGEMENT_PROJECT, ENGAGEMENT_ORGANISATION, ENGAGEMENT_RUN_BY,
                                    ENGAGEMENT_STAGE, ENGAGEMENT_NOTES};
        for (size_t k = 0; k < sizeof(given) / sizeof(given[0]); k++)
                record_give(&x, (size_t)given[k]);
        struct problems p;
        problems_init(&p, &d->arena);
        int64_t id = 0;
        enum ecat_err e = engagement_create(d->db, &demo_actor, &x, &p, &id);
        int last = engagement_stage_index(stage);
        for (int k = 1; e == E_OK && k <= last; k++) {
                struct engagement move = {.stage = engagement_stage_names[k],
                                          .next_follow_up = follow_up};
                record_give(&move, ENGAGEMENT_STAGE);
                if (k == last && follow_up)
                        record_give(&move, ENGAGEMENT_FOLLOW_UP);
                e = engagement_update(d->db, &demo_actor, id, &move, &p);
        }
        return done(d, e, &p, "engagement", id);
}

static int64_t put_pledge(struct demo *d, int64_t project, int64_t org, int64_t run_by,
                          const char *signed_on, const char *notes)
{
        struct agreement a = {.project_id = project,
                              .organisation_id = org,
                              .run_by = run_by,
                              .kind = "pledge",
                              .status = "signed",
                              .notes = notes};
        struct problems p;
        problems_init(&p, &d->arena);
        if (parse_date(signed_on, &a.signed_on) < 0)
                return done(d, E_VALIDATION, &p, "agreement", 0);
        static const int given[] = {AGREEMENT_PROJECT, AGREEMENT_ORGANISATION, AGREEMENT_RUN_BY,
                                    AGREEMENT_KIND,    AGREEMENT_STATUS,       AGREEMENT_SIGNED,
                                    AGREEMENT_NOTES};
        for (size_t k = 0; k < sizeof(given) / sizeof(given[0]); k++)
                record_give(&a, (size_t)given[k]);
        int64_t id = 0;
        enum ecat_err e = agreement_create(d->db, &demo_actor, &a, &p, &id);
        return done(d, e, &p, "agreement", id);
}

/* An indicator of the project over one partner's work, with its target. */
static int64_t put_indicator(struct demo *d, int64_t project, const char *name, const char *metric,
                             int64_t partner, int64_t target)
{
        struct indicator in = {
            .name = name, .metric = metric, .partner_id = partner, .target = target};
        static const int given[] = {IND_NAME, IND_METRIC, IND_PARTNER, IND_TARGET};
        for (size_t i = 0; i < sizeof(given) / sizeof(given[0]); i++)
                record_give(&in, (size_t)given[i]);
        struct problems p;
        problems_init(&p, &d->arena);
        int64_t id = 0;
        enum ecat_err e = indicator_create(d->db, &demo_actor, project, &in, &p, &id);
        return done(d, e, &p, "indicator", id);
}

/* The id given to the demo login (ids: put_user's results, in users[] order). */
static int64_t user_id_of(const int64_t *ids, const char *login)
{
        for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++)
                if (strcmp(users[i].login, login) == 0)
                        return ids[i];
        return 0;
}

static int populate(struct demo *d, FILE *out)
{
        int64_t org_ids[P__N], inst_ids[N_INSTITUTIONS];
        for (int i = 0; i < P__N; i++) {
                const struct demo_org *o = &partners[i];
                org_ids[i] = put_org(d, o->name, o->kind, o->country, o->municipality, o->lat,
                                     o->lon, "organisation");
                if (!org_ids[i])
                        return -1;
        }
        for (int i = 0; i < N_INSTITUTIONS; i++) {
                const struct municipality *m = municipality_by_name(institutions[i].municipality);
                if (!m) {
                        cli_error(d->c, "demo: unknown municipality %s",
                                  institutions[i].municipality);
                        return -1;
                }
                inst_ids[i] = put_org(d, institutions[i].name, institutions[i].kind, "LT", m->name,
                                      m->lat + jitter(i, 0), m->lon + jitter(i, 1), "institution");
                if (!inst_ids[i])
                        return -1;
        }
        enum { N_HOTELS = sizeof(hotels) / sizeof(hotels[0]) };
        int64_t hotel_ids[N_HOTELS];
        for (size_t i = 0; i < N_HOTELS; i++)
                if (!(hotel_ids[i] =
                          put_org(d, hotels[i].name, hotels[i].kind, hotels[i].country,
                                  hotels[i].municipality, hotels[i].lat, hotels[i].lon, "hotel")))
                        return -1;
        /* Before the visits, so that the visits' material titles refer to them. */
        int64_t material_ids[sizeof(demo_materials) / sizeof(demo_materials[0])];
        for (size_t i = 0; i < sizeof(demo_materials) / sizeof(demo_materials[0]); i++)
                if (!(material_ids[i] = put_material(d, i)))
                        return -1;

        int64_t project = put_project(
            d, "ECAT", "European Communities Against Trafficking (ECAT)", "European Commission",
            "Prevention of and Fight against Crime", "2013-05-01", "2014-12-31", "EUR", 39500000);
        if (!project)
                return -1;
        int64_t partner_ids[P__N];
        for (int i = 0; i < P__N; i++) {
                partner_ids[i] = put_partner(d, project, org_ids[i], demo_partner_roles[i].role,
                                             demo_partner_roles[i].euros * 100);
                if (!partner_ids[i])
                        return -1;
        }
        if (!put_indicator(d, project, "Institutions visited", "institutions_reached",
                           partner_ids[P_CARITAS], 20))
                return -1;

        /* Lithuanian Caritas's spending, in cents. */
        static const struct {
                const char *date, *category, *description;
                int64_t cents;
        } spent[] = {
            {"2013-09-30", "materials", "Prevention film licences and leaflets", 638000},
            {"2013-12-31", "staff", "Outreach staff, 2013", 612000},
            {"2014-06-30", "travel", "Visits to institutions, first half of 2014", 461540},
            {"2014-12-31", "staff", "Outreach staff, 2014", 808000},
            {"2014-12-31", "other", "Meetings with specialists", 125000},
        };
        for (size_t i = 0; i < sizeof(spent) / sizeof(spent[0]); i++)
                if (!put_expense(d, project, partner_ids[P_CARITAS], spent[i].date,
                                 spent[i].category, spent[i].cents, spent[i].description))
                        return -1;

        /* The visits: every institution once, six twice, in date order. */
        enum { N_VISITS = N_INSTITUTIONS + 6 };
        int site[N_VISITS];
        for (int i = 0; i < N_INSTITUTIONS; i++)
                site[i] = i;
        for (int i = 0; i < 6; i++)
                site[N_INSTITUTIONS + i] = second_visits[i];
        int youth_w[N_VISITS], spec_w[N_VISITS];
        for (int v = 0; v < N_VISITS; v++) {
                bool youth = site[v] < N_YOUTH_SITES;
                youth_w[v] = youth ? 14 + (v * 7) % 13 : 0;
                spec_w[v] = youth ? 1 + v % 3 : 6 + (v * 5) % 7;
        }
        int64_t youths[N_VISITS], specialists[N_VISITS];
        spread(DEMO_YOUTHS, youth_w, N_VISITS, youths);
        spread(DEMO_SPECIALISTS, spec_w, N_VISITS, specialists);
        for (int v = 0; v < N_VISITS; v++) {
                bool youth = site[v] < N_YOUTH_SITES;
                /* Two or three visits a month from June 2013 to November 2014. */
                int month = 5 + v * 18 / N_VISITS; /* 0 = January 2013 */
                char date[32]; /* "YYYY-MM-DD"; room for any int the compiler imagines */
                snprintf(date, sizeof(date), "%04d-%02d-%02d", 2013 + month / 12, month % 12 + 1,
                         4 + (v * 9) % 22);
                if (!put_activity(d, project, inst_ids[site[v]], org_ids[P_CARITAS], date, youth, v,
                                  youths[v], specialists[v]))
                        return -1;
        }

        /* Illustrative: leaflets at four of the schools visited, to each group. */
        static const struct {
                int site;
                const char *date;
                int64_t teachers, pupils, parents;
        } handed[] = {
            {0, "2013-06-14", 12, 60, 40},
            {2, "2013-09-20", 8, 45, 30},
            {5, "2014-02-11", 10, 50, 35},
            {9, "2014-05-16", 6, 40, 25},
        };
        for (size_t i = 0; i < sizeof(handed) / sizeof(handed[0]); i++) {
                const char *group[] = {"teachers", "pupils", "parents"};
                int64_t n[] = {handed[i].teachers, handed[i].pupils, handed[i].parents};
                for (int g = 0; g < 3; g++)
                        if (!put_distribution(d, project, material_ids[DEMO_LEAFLET],
                                              inst_ids[handed[i].site], org_ids[P_CARITAS],
                                              group[g], n[g], handed[i].date))
                                return -1;
        }
        /* Illustrative: the business strand's pipeline and its one pledge. */
        int32_t overdue = 0;
        if (parse_date("2014-11-20", &overdue) < 0 ||
            !put_engagement(d, project, hotel_ids[0], org_ids[P_CARITAS], "active", 0,
                            "Staff briefed; display of the helpline in every room.") ||
            !put_engagement(d, project, hotel_ids[1], org_ids[P_CARITAS], "met", overdue,
                            "Manager interested; to send the pledge text.") ||
            !put_engagement(d, project, hotel_ids[2], org_ids[P_CARITAS], "contacted", 0,
                            "First letter sent to the association's members.") ||
            !put_pledge(d, project, hotel_ids[0], org_ids[P_CARITAS], "2014-06-12",
                        "STOP THE TRAFFIK model pledge: train staff, report suspicions."))
                return -1;

        int64_t user_ids[sizeof(users) / sizeof(users[0])];
        for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++)
                if (!(user_ids[i] = put_user(d, &users[i], org_ids[users[i].org])))
                        return -1;
        const struct demo_case_people people = {org_ids[P_CARITAS],
                                                org_ids[P_RAHAB],
                                                org_ids[P_MET],
                                                user_id_of(user_ids, "caseworker"),
                                                user_id_of(user_ids, "casemanager"),
                                                user_id_of(user_ids, "rahabworker"),
                                                user_id_of(user_ids, "rahabmanager"),
                                                user_id_of(user_ids, "policecases")};
        (void)out;
        return demo_cases(d->c, d->db, &people);
}

int demo_populate(struct cli *c, FILE *out)
{
        if (password_init() < 0) {
                cli_error(c, "cannot load the common-password list");
                return 1;
        }
        struct demo d = {.c = c, .db = store_db(c->store)};
        arena_init(&d.arena, 1u << 20);
        if (!d.db || db_begin_write(d.db) != STORE_OK) {
                cli_error(c, "cannot write the demo database");
                return 1;
        }
        if (populate(&d, out) < 0 || db_commit(d.db) != STORE_OK) {
                cli_error(c, "cannot write the demo data (%s): %s",
                          d.failed_what ? d.failed_what : "users", db_errmsg(d.db));
                db_rollback(d.db);
                arena_free(&d.arena);
                return 1;
        }
        arena_free(&d.arena);
        fprintf(out,
                "demo database %s created: project ECAT 2013-2014, %d institutions visited, "
                "%d youths, %d specialists\n\n",
                c->cfg.db, N_INSTITUTIONS, DEMO_YOUTHS, DEMO_SPECIALISTS);
        fprintf(out, "illustrative, not from the seed (it gives no figures for them): 3 materials, "
                     "leaflets handed to teachers, pupils and parents at 4 schools, 3 hotels and "
                     "businesses in the engagement pipeline, 1 pledge signed\n\n");
        fprintf(out, "Demo logins (FOR DEMONSTRATION ONLY - never use these passwords for real "
                     "data):\n");
        for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++)
                fprintf(out, "  %-12s %-24s %s\n", users[i].login, users[i].password,
                        users[i].role);
        return 0;
}

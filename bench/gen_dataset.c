/*
 * gen_dataset: fill an ecat database with a large, deterministic, plausible
 * data set for benchmarks.
 *
 *   ecat init --db big.db
 *   gen_dataset --db big.db --organisations 100000 --activities 1000000
 *
 * Writes organisations (every kind, spread over the 60 municipalities of
 * Lithuania, with a few British and Italian bodies), one project with its
 * partners, activities over the project's dates with head-counts and topic
 * bit sets, and optionally users that cannot log in.  The same options and
 * seed give the same rows.  Everything goes in one transaction through
 * prepared statements; progress goes to stderr, the summary to stdout.
 *
 * The tool talks to SQLite directly and writes only the tables of schemas 1
 * and 2 it knows (by column name), so later migrations that add tables do not
 * disturb it.
 */
#include <errno.h>
#include <inttypes.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Days since 1970-01-01: the ECAT project ran through 2013 and 2014. */
#define PROJECT_START 15706 /* 2013-01-01 */
#define PROJECT_END   16435 /* 2014-12-31 */
#define DAY           86400

/* ---- deterministic pseudo-random numbers (splitmix64) ---- */

static uint64_t rng_state;

static uint64_t rng_next(void)
{
        uint64_t z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));
        z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
        z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
        return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static int64_t rng_range(int64_t lo, int64_t hi)
{
        uint64_t span = (uint64_t)(hi - lo) + 1;
        return lo + (int64_t)(rng_next() % span);
}

/* Uniform in [0, 1). */
static double rng_unit(void)
{
        return (double)(rng_next() >> 11) * (1.0 / 9007199254740992.0);
}

static bool rng_chance(double p)
{
        return rng_unit() < p;
}

/* ---- value sets (design/domain.md) ---- */

struct weighted {
        const char *value;
        unsigned weight;
};

/* Organisation kinds, every one present; visited institutions dominate. */
static const struct weighted org_kinds[] = {
    {"school", 300},
    {"special_school", 40},
    {"childrens_home", 40},
    {"socialisation_centre", 10},
    {"youth_centre", 60},
    {"higher_education", 30},
    {"hotel", 80},
    {"business", 120},
    {"social_service", 60},
    {"health_service", 50},
    {"municipality", 20},
    {"police", 30},
    {"ngo", 80},
    {"shelter", 15},
    {"government", 15},
    {"ombudsman", 3},
    {"international", 7},
    {"funder", 5},
    {"other", 35},
};

static const struct weighted activity_kinds[] = {
    {"lecture", 30},  {"film_screening", 20}, {"discussion", 20},     {"workshop", 10},
    {"training", 10}, {"meeting", 5},         {"awareness_event", 5},
};

static const char *const materials[] = {
    "[]",
    "[]",
    "[\"leaflet\"]",
    "[\"film\",\"leaflet\"]",
    "[\"booklet\"]",
    "[\"poster\",\"leaflet\"]",
    "[\"presentation\"]",
};

static const char *const partner_roles[] = {"lead",    "partner",   "partner",
                                            "partner", "associate", "supporter"};

static const char *const user_roles[] = {"coordinator",  "outreach_worker", "case_worker",
                                         "case_manager", "viewer",          "auditor"};

/* The 60 municipalities of Lithuania, with the approximate place of their seat. */
struct municipality {
        const char *name;
        double lat, lon;
        unsigned weight; /* rough share of institutions */
};

static const struct municipality municipalities[] = {
    {"Vilnius city", 54.687, 25.280, 200},
    {"Kaunas city", 54.898, 23.904, 110},
    {"Klaipėda city", 55.703, 21.144, 55},
    {"Šiauliai city", 55.934, 23.314, 40},
    {"Panevėžys city", 55.738, 24.360, 35},
    {"Alytus city", 54.396, 24.046, 18},
    {"Birštonas", 54.605, 24.033, 3},
    {"Druskininkai", 54.017, 23.971, 7},
    {"Elektrėnai", 54.786, 24.663, 8},
    {"Neringa", 55.304, 21.006, 2},
    {"Palanga city", 55.918, 21.069, 8},
    {"Visaginas", 55.598, 26.438, 8},
    {"Akmenė district", 56.317, 22.900, 8},
    {"Alytus district", 54.330, 24.150, 9},
    {"Anykščiai district", 55.526, 25.103, 9},
    {"Biržai district", 56.201, 24.756, 9},
    {"Ignalina district", 55.340, 26.166, 6},
    {"Jonava district", 55.083, 24.279, 14},
    {"Joniškis district", 56.240, 23.616, 8},
    {"Jurbarkas district", 55.078, 22.763, 10},
    {"Kaišiadorys district", 54.866, 24.453, 10},
    {"Kalvarija", 54.416, 23.225, 4},
    {"Kaunas district", 54.950, 24.050, 30},
    {"Kazlų Rūda", 54.749, 23.490, 4},
    {"Kelmė district", 55.630, 22.933, 9},
    {"Kėdainiai district", 55.288, 23.974, 16},
    {"Klaipėda district", 55.712, 21.399, 18},
    {"Kretinga district", 55.889, 21.243, 13},
    {"Kupiškis district", 55.840, 24.978, 6},
    {"Lazdijai district", 54.234, 23.516, 6},
    {"Marijampolė", 54.559, 23.354, 17},
    {"Mažeikiai district", 56.309, 22.341, 16},
    {"Molėtai district", 55.230, 25.418, 6},
    {"Pagėgiai", 55.137, 21.908, 3},
    {"Pakruojis district", 55.979, 23.859, 6},
    {"Panevėžys district", 55.700, 24.450, 11},
    {"Pasvalys district", 56.059, 24.403, 7},
    {"Plungė district", 55.911, 21.844, 10},
    {"Prienai district", 54.634, 23.944, 7},
    {"Radviliškis district", 55.814, 23.544, 11},
    {"Raseiniai district", 55.376, 23.116, 9},
    {"Rietavas", 55.724, 21.931, 3},
    {"Rokiškis district", 55.963, 25.587, 9},
    {"Skuodas district", 56.270, 21.528, 5},
    {"Šakiai district", 54.953, 23.046, 8},
    {"Šalčininkai district", 54.309, 25.388, 10},
    {"Šiauliai district", 55.850, 23.250, 11},
    {"Šilalė district", 55.491, 22.188, 7},
    {"Šilutė district", 55.349, 21.483, 11},
    {"Širvintos district", 55.044, 24.956, 5},
    {"Švenčionys district", 55.134, 26.159, 8},
    {"Tauragė district", 55.252, 22.289, 12},
    {"Telšiai district", 55.981, 22.248, 11},
    {"Trakai district", 54.638, 24.934, 9},
    {"Ukmergė district", 55.245, 24.775, 11},
    {"Utena district", 55.498, 25.603, 11},
    {"Varėna district", 54.217, 24.574, 7},
    {"Vilkaviškis district", 54.651, 23.035, 11},
    {"Vilnius district", 54.800, 25.350, 28},
    {"Zarasai district", 55.731, 26.246, 5},
};

_Static_assert(ARRAY_LEN(municipalities) == 60, "Lithuania has 60 municipalities");

struct foreign_place {
        const char *country;
        double lat, lon;
};

static const struct foreign_place foreign[] = {
    {"GB", 51.507, -0.128}, /* London */
    {"IT", 43.110, 12.390}, /* Perugia */
};

static unsigned weight_total(const unsigned *w, size_t n)
{
        unsigned t = 0;
        for (size_t i = 0; i < n; i++)
                t += w[i];
        return t;
}

static size_t pick_weighted(const struct weighted *v, size_t n)
{
        unsigned w[32];
        for (size_t i = 0; i < n; i++)
                w[i] = v[i].weight;
        unsigned r = (unsigned)rng_range(0, weight_total(w, n) - 1);
        for (size_t i = 0; i < n; i++) {
                if (r < w[i])
                        return i;
                r -= w[i];
        }
        return n - 1;
}

static size_t pick_municipality(void)
{
        static unsigned total;
        if (!total)
                for (size_t i = 0; i < ARRAY_LEN(municipalities); i++)
                        total += municipalities[i].weight;
        unsigned r = (unsigned)rng_range(0, total - 1);
        for (size_t i = 0; i < ARRAY_LEN(municipalities); i++) {
                if (r < municipalities[i].weight)
                        return i;
                r -= municipalities[i].weight;
        }
        return 0;
}

/* ---- SQLite wrappers ---- */

static sqlite3 *db;

static void die_db(const char *what)
{
        fprintf(stderr, "gen_dataset: %s: %s\n", what, sqlite3_errmsg(db));
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close(db);
        exit(1);
}

static void exec_sql(const char *sql)
{
        char *msg = NULL;
        if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
                fprintf(stderr, "gen_dataset: %s: %s\n", sql, msg ? msg : "failed");
                sqlite3_free(msg);
                sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
                sqlite3_close(db);
                exit(1);
        }
}

static sqlite3_stmt *prepare(const char *sql)
{
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
                die_db(sql);
        return st;
}

static int64_t query_int(const char *sql, int64_t fallback)
{
        sqlite3_stmt *st = prepare(sql);
        int64_t v = fallback;
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
                v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        return v;
}

static void step_done(sqlite3_stmt *st, const char *what)
{
        if (sqlite3_step(st) != SQLITE_DONE)
                die_db(what);
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
        if (s)
                sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
        else
                sqlite3_bind_null(st, i);
}

/* ---- progress ---- */

static double now_s(void)
{
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct progress {
        const char *what;
        int64_t total, step, next;
        double started;
};

static void progress_start(struct progress *p, const char *what, int64_t total)
{
        p->what = what;
        p->total = total;
        p->step = total / 20 > 0 ? total / 20 : 1;
        p->next = p->step;
        p->started = now_s();
}

static void progress_tick(struct progress *p, int64_t done)
{
        if (done < p->next && done != p->total)
                return;
        p->next += p->step;
        double s = now_s() - p->started;
        fprintf(stderr, "\r%s: %" PRId64 " / %" PRId64 " (%3.0f%%, %.0f rows/s)", p->what, done,
                p->total, p->total ? 100.0 * (double)done / (double)p->total : 100.0,
                s > 0 ? (double)done / s : 0.0);
        if (done == p->total)
                fputc('\n', stderr);
}

/* ---- options ---- */

struct options {
        const char *db;
        int64_t organisations, activities, partners, users, seed;
        const char *project_code;
};

static void usage(FILE *f)
{
        fprintf(f,
                "usage: gen_dataset --db FILE [--organisations N] [--activities N]\n"
                "                   [--partners N] [--users N] [--seed N] [--project-code CODE]\n"
                "\n"
                "Fill a database made by 'ecat init' with a deterministic data set.\n"
                "Defaults: 1000 organisations, 10000 activities, 8 partners, 0 users,\n"
                "seed 2013, project code BENCH.  Users get no password: they cannot log in.\n");
}

static int parse_count(const char *flag, const char *s, int64_t max, int64_t *out)
{
        char *end;
        errno = 0;
        long long v = strtoll(s, &end, 10);
        if (!*s || *end || errno || v < 0 || v > max) {
                fprintf(stderr,
                        "gen_dataset: %s: '%s' is not a whole number from 0 to %" PRId64 "\n", flag,
                        s, max);
                return -1;
        }
        *out = v;
        return 0;
}

static int parse_options(int argc, char **argv, struct options *o)
{
        *o = (struct options){NULL, 1000, 10000, 8, 0, 2013, "BENCH"};
        for (int i = 1; i < argc; i++) {
                const char *a = argv[i];
                if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
                        usage(stdout);
                        exit(0);
                }
                if (i + 1 >= argc) {
                        usage(stderr);
                        return -1;
                }
                const char *v = argv[++i];
                int rc = 0;
                if (strcmp(a, "--db") == 0)
                        o->db = v;
                else if (strcmp(a, "--organisations") == 0)
                        rc = parse_count(a, v, INT64_C(100000000), &o->organisations);
                else if (strcmp(a, "--activities") == 0)
                        rc = parse_count(a, v, INT64_C(1000000000), &o->activities);
                else if (strcmp(a, "--partners") == 0)
                        rc = parse_count(a, v, 1000, &o->partners);
                else if (strcmp(a, "--users") == 0)
                        rc = parse_count(a, v, INT64_C(10000000), &o->users);
                else if (strcmp(a, "--seed") == 0)
                        rc = parse_count(a, v, INT64_MAX, &o->seed);
                else if (strcmp(a, "--project-code") == 0)
                        o->project_code = v;
                else {
                        fprintf(stderr, "gen_dataset: unknown option %s\n", a);
                        usage(stderr);
                        return -1;
                }
                if (rc < 0)
                        return -1;
        }
        if (!o->db) {
                usage(stderr);
                return -1;
        }
        if (o->activities && (!o->organisations || !o->partners)) {
                fprintf(stderr, "gen_dataset: activities need organisations and partners\n");
                return -1;
        }
        if (o->users && !o->organisations) {
                fprintf(stderr, "gen_dataset: users need organisations\n");
                return -1;
        }
        if (o->partners > o->organisations)
                o->partners = o->organisations;
        if (strlen(o->project_code) < 1 || strlen(o->project_code) > 32) {
                fprintf(stderr, "gen_dataset: --project-code takes 1 to 32 characters\n");
                return -1;
        }
        return 0;
}

/* ---- the generators ---- */

/* A fixed clock: the rows do not depend on when the tool runs. */
static int64_t created_at(int64_t day)
{
        return day * DAY + rng_range(8 * 3600, 18 * 3600);
}

static void gen_organisations(const struct options *o, int64_t *ids, int64_t first_number)
{
        sqlite3_stmt *st = prepare(
            "INSERT INTO organisations (name, kind, country, municipality, address, contact_name, "
            "phone, email, website, notes, lat, lon, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        /* Partners are the first organisations: NGOs, a municipality, the police. */
        static const char *const partner_kinds[] = {"ngo",          "ngo",      "municipality",
                                                    "police",       "ngo",      "social_service",
                                                    "youth_centre", "ombudsman"};
        struct progress p;
        progress_start(&p, "organisations", o->organisations);
        char name[64], address[96], contact[64], phone[32], email[64], website[64];
        for (int64_t i = 0; i < o->organisations; i++) {
                int64_t n = first_number + i;
                const char *kind =
                    i < o->partners
                        ? partner_kinds[i % (int64_t)ARRAY_LEN(partner_kinds)]
                        : org_kinds[pick_weighted(org_kinds, ARRAY_LEN(org_kinds))].value;
                const char *country = "LT", *muni = NULL;
                double lat, lon;
                if (i >= o->partners && rng_chance(0.03)) {
                        const struct foreign_place *f = &foreign[rng_range(0, 1)];
                        country = f->country;
                        lat = f->lat;
                        lon = f->lon;
                } else {
                        const struct municipality *m = &municipalities[pick_municipality()];
                        muni = m->name;
                        lat = m->lat;
                        lon = m->lon;
                }
                lat += (rng_unit() - 0.5) * 0.16;
                lon += (rng_unit() - 0.5) * 0.24;
                snprintf(name, sizeof(name), "Bench org %" PRId64, n);
                snprintf(address, sizeof(address), "Bench street %" PRId64 ", %s",
                         rng_range(1, 200), muni ? muni : country);
                snprintf(contact, sizeof(contact), "Contact %" PRId64, n);
                snprintf(phone, sizeof(phone), "+3706%07" PRId64, rng_range(0, 9999999));
                snprintf(email, sizeof(email), "org%" PRId64 "@bench.example", n);
                snprintf(website, sizeof(website), "https://org%" PRId64 ".bench.example", n);
                int64_t day = PROJECT_START - rng_range(0, 365);
                int64_t made = created_at(day);
                bind_text(st, 1, name);
                bind_text(st, 2, kind);
                bind_text(st, 3, country);
                bind_text(st, 4, muni);
                bind_text(st, 5, address);
                bind_text(st, 6, rng_chance(0.7) ? contact : NULL);
                bind_text(st, 7, rng_chance(0.8) ? phone : NULL);
                bind_text(st, 8, rng_chance(0.8) ? email : NULL);
                bind_text(st, 9, rng_chance(0.4) ? website : NULL);
                bind_text(st, 10, rng_chance(0.1) ? "Generated for benchmarks." : NULL);
                if (rng_chance(0.9)) {
                        sqlite3_bind_double(st, 11, lat);
                        sqlite3_bind_double(st, 12, lon);
                } else {
                        sqlite3_bind_null(st, 11);
                        sqlite3_bind_null(st, 12);
                }
                sqlite3_bind_int64(st, 13, made);
                sqlite3_bind_int64(st, 14, made);
                step_done(st, "insert organisation");
                ids[i] = sqlite3_last_insert_rowid(db);
                progress_tick(&p, i + 1);
        }
        sqlite3_finalize(st);
}

static int64_t gen_project(const struct options *o, const int64_t *org_ids)
{
        sqlite3_stmt *st = prepare(
            "INSERT INTO projects (code, title, funder, programme, start_date, end_date, currency, "
            "budget_cents, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'EUR', ?, ?, ?)");
        int64_t made = created_at(PROJECT_START - 30);
        int64_t allocation = 5000000; /* 50 000.00 EUR each */
        bind_text(st, 1, o->project_code);
        bind_text(st, 2, "Bench prevention programme");
        bind_text(st, 3, "European Commission");
        bind_text(st, 4, "Prevention of and Fight against Crime");
        sqlite3_bind_int64(st, 5, PROJECT_START);
        sqlite3_bind_int64(st, 6, PROJECT_END);
        sqlite3_bind_int64(st, 7, allocation * o->partners);
        sqlite3_bind_int64(st, 8, made);
        sqlite3_bind_int64(st, 9, made);
        step_done(st, "insert project (does a project with this code exist? use --project-code)");
        sqlite3_finalize(st);
        int64_t project = sqlite3_last_insert_rowid(db);

        st = prepare("INSERT INTO partners (project_id, organisation_id, role, allocation_cents, "
                     "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)");
        for (int64_t i = 0; i < o->partners; i++) {
                sqlite3_bind_int64(st, 1, project);
                sqlite3_bind_int64(st, 2, org_ids[i]);
                bind_text(st, 3,
                          i == 0 ? "lead"
                                 : partner_roles[1 + i % (int64_t)(ARRAY_LEN(partner_roles) - 1)]);
                sqlite3_bind_int64(st, 4, allocation);
                sqlite3_bind_int64(st, 5, made);
                sqlite3_bind_int64(st, 6, made);
                step_done(st, "insert partner");
        }
        sqlite3_finalize(st);
        return project;
}

static void gen_users(const struct options *o, const int64_t *org_ids, int64_t first_number)
{
        sqlite3_stmt *st =
            prepare("INSERT INTO users (login, display_name, organisation_id, role, password_hash, "
                    "disabled, locale, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)");
        struct progress p;
        progress_start(&p, "users", o->users);
        char login[48], display[64];
        for (int64_t i = 0; i < o->users; i++) {
                int64_t n = first_number + i;
                snprintf(login, sizeof(login), "bench.user%" PRId64, n);
                snprintf(display, sizeof(display), "Bench user %" PRId64, n);
                int64_t made = created_at(PROJECT_START + rng_range(0, 60));
                bind_text(st, 1, login);
                bind_text(st, 2, display);
                /* Users work for the partners mostly. */
                sqlite3_bind_int64(
                    st, 3,
                    org_ids[rng_chance(0.8) && o->partners ? rng_range(0, o->partners - 1)
                                                           : rng_range(0, o->organisations - 1)]);
                bind_text(st, 4, user_roles[rng_range(0, (int64_t)ARRAY_LEN(user_roles) - 1)]);
                /* Not an Argon2id string: no password matches it. */
                bind_text(st, 5, "!bench-no-login");
                bind_text(st, 6, rng_chance(0.7) ? "lt" : "en");
                sqlite3_bind_int64(st, 7, made);
                sqlite3_bind_int64(st, 8, made);
                step_done(st, "insert user (does a user with this login exist?)");
                progress_tick(&p, i + 1);
        }
        sqlite3_finalize(st);
}

struct audience {
        int64_t youths, specialists, teachers, parents, business_staff, public_;
};

static struct audience audience_for(const char *kind)
{
        struct audience a = {0, 0, 0, 0, 0, 0};
        if (strcmp(kind, "lecture") == 0) {
                a.youths = rng_range(15, 60);
                a.teachers = rng_range(0, 3);
        } else if (strcmp(kind, "film_screening") == 0) {
                a.youths = rng_range(20, 120);
                a.teachers = rng_range(0, 4);
                a.public_ = rng_chance(0.3) ? rng_range(0, 30) : 0;
        } else if (strcmp(kind, "discussion") == 0) {
                a.youths = rng_range(8, 30);
                a.specialists = rng_range(0, 5);
        } else if (strcmp(kind, "workshop") == 0) {
                a.youths = rng_range(8, 25);
                a.teachers = rng_range(0, 2);
        } else if (strcmp(kind, "training") == 0) {
                a.specialists = rng_range(5, 30);
                a.teachers = rng_range(0, 15);
                a.business_staff = rng_chance(0.3) ? rng_range(5, 20) : 0;
        } else if (strcmp(kind, "meeting") == 0) {
                a.specialists = rng_range(2, 15);
        } else {
                a.public_ = rng_range(20, 300);
                a.parents = rng_range(0, 40);
        }
        return a;
}

static void gen_activities(const struct options *o, int64_t project, const int64_t *org_ids,
                           int64_t created_by)
{
        sqlite3_stmt *st = prepare(
            "INSERT INTO activities (project_id, organisation_id, run_by, date, kind, youths, "
            "specialists, teachers, parents, business_staff, public, topics, materials, notes, "
            "created_by, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        struct progress p;
        progress_start(&p, "activities", o->activities);
        char note[64];
        for (int64_t i = 0; i < o->activities; i++) {
                /* Visited institutions, skewed: some are visited far more often. */
                double u = rng_unit();
                int64_t org = (int64_t)(u * u * (double)o->organisations);
                int64_t run_by = rng_range(0, o->partners - 1);
                int64_t day = rng_range(PROJECT_START, PROJECT_END);
                const char *kind =
                    activity_kinds[pick_weighted(activity_kinds, ARRAY_LEN(activity_kinds))].value;
                struct audience a = audience_for(kind);
                int64_t topics = 0;
                while (!topics)
                        for (int b = 0; b < 8; b++)
                                if (rng_chance(0.35))
                                        topics |= INT64_C(1) << b;
                int64_t made = created_at(day);
                sqlite3_bind_int64(st, 1, project);
                sqlite3_bind_int64(st, 2, org_ids[org]);
                sqlite3_bind_int64(st, 3, org_ids[run_by]);
                sqlite3_bind_int64(st, 4, day);
                bind_text(st, 5, kind);
                sqlite3_bind_int64(st, 6, a.youths);
                sqlite3_bind_int64(st, 7, a.specialists);
                sqlite3_bind_int64(st, 8, a.teachers);
                sqlite3_bind_int64(st, 9, a.parents);
                sqlite3_bind_int64(st, 10, a.business_staff);
                sqlite3_bind_int64(st, 11, a.public_);
                sqlite3_bind_int64(st, 12, topics);
                bind_text(st, 13, materials[rng_range(0, (int64_t)ARRAY_LEN(materials) - 1)]);
                if (rng_chance(0.1)) {
                        snprintf(note, sizeof(note), "Bench note %" PRId64, i + 1);
                        bind_text(st, 14, note);
                } else {
                        bind_text(st, 14, "");
                }
                if (created_by)
                        sqlite3_bind_int64(st, 15, created_by);
                else
                        sqlite3_bind_null(st, 15);
                sqlite3_bind_int64(st, 16, made);
                sqlite3_bind_int64(st, 17, made);
                step_done(st, "insert activity");
                progress_tick(&p, i + 1);
        }
        sqlite3_finalize(st);
}

static bool table_exists(const char *name)
{
        sqlite3_stmt *st = prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?");
        bind_text(st, 1, name);
        bool found = sqlite3_step(st) == SQLITE_ROW;
        sqlite3_finalize(st);
        return found;
}

int main(int argc, char **argv)
{
        struct options o;
        if (parse_options(argc, argv, &o) < 0)
                return 2;
        rng_state = (uint64_t)o.seed;

        if (sqlite3_open_v2(o.db, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
                fprintf(stderr, "gen_dataset: cannot open %s: %s (create it with 'ecat init')\n",
                        o.db, db ? sqlite3_errmsg(db) : "out of memory");
                sqlite3_close(db);
                return 1;
        }
        sqlite3_busy_timeout(db, 10000);
        static const char *const needed[] = {"organisations", "users", "projects", "partners",
                                             "activities"};
        for (size_t i = 0; i < ARRAY_LEN(needed); i++)
                if (!table_exists(needed[i])) {
                        fprintf(stderr,
                                "gen_dataset: %s has no table %s; create it with a current "
                                "'ecat init'\n",
                                o.db, needed[i]);
                        sqlite3_close(db);
                        return 1;
                }
        /*
         * The name-search triggers write to an FTS5 table; SQLite allows that from
         * a trigger only when the schema is trusted.  This tool trusts the schema
         * ecat created.  A bulk load needs no fsync per page: the file is either
         * complete at the end or thrown away.  Statement journals stay in memory:
         * every activity insert fires the aggregate triggers of schema 3, and each
         * such statement would otherwise open and write a temporary file.
         */
        sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 1, (int *)NULL);
        exec_sql("PRAGMA foreign_keys=ON; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; "
                 "PRAGMA temp_store=MEMORY;");

        int64_t *org_ids =
            calloc((size_t)(o.organisations ? o.organisations : 1), sizeof(*org_ids));
        if (!org_ids) {
                fprintf(stderr, "gen_dataset: out of memory\n");
                return 1;
        }
        double started = now_s();
        exec_sql("BEGIN IMMEDIATE");
        /* Numbers continue after rows already there, so names and logins stay unique. */
        int64_t first_org = query_int("SELECT count(*) FROM organisations", 0) + 1;
        int64_t first_user = query_int("SELECT count(*) FROM users", 0) + 1;
        gen_organisations(&o, org_ids, first_org);
        int64_t project = 0;
        if (o.partners)
                project = gen_project(&o, org_ids);
        gen_users(&o, org_ids, first_user);
        /* Activities name their recorder: the first administrator, if there is one. */
        int64_t created_by = query_int("SELECT min(id) FROM users WHERE role = 'admin'", 0);
        if (o.activities)
                gen_activities(&o, project, org_ids, created_by);
        fprintf(stderr, "committing...\n");
        exec_sql("COMMIT");
        exec_sql("PRAGMA wal_checkpoint(TRUNCATE)");
        double secs = now_s() - started;
        free(org_ids);
        sqlite3_close(db);

        int64_t rows = o.organisations + (o.partners ? 1 + o.partners : 0) + o.users + o.activities;
        printf("%s: %" PRId64 " organisations, %d project, %" PRId64 " partners, %" PRId64
               " users, %" PRId64 " activities\n",
               o.db, o.organisations, o.partners ? 1 : 0, o.partners, o.users, o.activities);
        printf("%" PRId64 " rows in %.1f s: %.0f rows/s (seed %" PRId64 ")\n", rows, secs,
               secs > 0 ? (double)rows / secs : 0.0, o.seed);
        return 0;
}

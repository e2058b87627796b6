/*
 * gen_cases: the case data set of `make bench-cases`, written through ecat's
 * own doors (so every case is sealed, blind-indexed, duplicate-checked and
 * audited as the API would), in transactions of 500 cases.
 *
 *   gen_cases --db FILE [--agencies 20] [--cases 100000] [--referrals 2]
 *
 * FILE is a database made by `ecat init` (its key file beside it).  Makes
 * AGENCIES agencies with a case worker each (login cw1.., password
 * "bench-case-pass-2013"), then CASES cases dealt round-robin to the
 * agencies (case id k belongs to agency (k - 1) % AGENCIES + 1 of them), each
 * with a consent and REFERRALS referrals to the following agencies, every
 * second one accepted.  Family names are "Family<n>", n = (k - 1) / AGENCIES
 * % 100, so within one agency each family name is on CASES / AGENCIES / 100
 * cases (50 with the defaults: one page of search results).  Prints progress
 * and a closing line with the rates.
 */
#include "api/validate.h"
#include "cli/cli.h"
#include "core/util.h"
#include "domain/case.h"
#include "domain/casework.h"
#include "domain/organisation.h"
#include "domain/user.h"
#include "auth/password.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH 500

static int parse(struct arena *a, const char *json, const struct column *cols, size_t n, void *rec,
                 size_t size)
{
        memset(rec, 0, size);
        struct problems p;
        problems_init(&p, a);
        const char *msg = NULL;
        if (record_from_json(a, json, strlen(json), cols, n, rec, false, &p, &msg) != VALID) {
                fprintf(stderr, "gen_cases: %s refused: %s %s\n", json,
                        p.n ? p.item[0].field : (msg ? msg : ""), p.n ? p.item[0].text : "");
                return -1;
        }
        return 0;
}

static int failed(const char *what, enum ecat_err e, const struct problems *p)
{
        fprintf(stderr, "gen_cases: %s refused: %s %s %s\n", what, err_code(e),
                p->n ? p->item[0].field : "",
                p->n ? p->item[0].text : (p->message ? p->message : ""));
        return -1;
}

int main(int argc, char **argv)
{
        if (sodium_init() < 0)
                return 1;
        struct cli c = {.command = "gen_cases"};
        const char *agencies_arg = NULL, *cases_arg = NULL, *refs_arg = NULL;
        const struct cli_opt opts[] = {{"agencies", true, &agencies_arg},
                                       {"cases", true, &cases_arg},
                                       {"referrals", true, &refs_arg},
                                       {NULL, false, NULL}};
        const char *args[1];
        int nargs;
        bool done;
        int rc =
            cli_parse(&c, argc - 1, argv + 1, opts,
                      "usage: gen_cases --db FILE [--agencies N] [--cases N] [--referrals N]\n",
                      args, 1, &nargs, &done);
        if (rc || done)
                return rc;
        int64_t agencies = 20, cases = 100000, refs = 2;
        if ((agencies_arg && parse_int64(agencies_arg, 2, 1000, &agencies) < 0) ||
            (cases_arg && parse_int64(cases_arg, 1, 10000000, &cases) < 0) ||
            (refs_arg && parse_int64(refs_arg, 0, 10, &refs) < 0) || refs >= agencies) {
                fprintf(stderr, "gen_cases: bad --agencies, --cases or --referrals\n");
                return 2;
        }
        if (password_init() < 0 || cli_open(&c, false))
                return 1;
        struct db *db = store_db(c.store);
        struct arena a;
        arena_init(&a, 8u << 20);
        const struct principal system = {0, ROLE_ADMIN, 0, "bench", 0};
        int64_t *org = calloc((size_t)agencies + 1, sizeof(*org));
        int64_t *user = calloc((size_t)agencies + 1, sizeof(*user));
        if (!org || !user || db_begin_write(db) != STORE_OK)
                return 1;
        for (int64_t i = 1; i <= agencies; i++) {
                struct organisation o;
                struct problems p;
                problems_init(&p, &a);
                if (parse(&a,
                          arena_printf(&a,
                                       "{\"name\":\"Bench agency %lld\",\"kind\":\"ngo\","
                                       "\"country\":\"LT\"}",
                                       (long long)i),
                          organisation_columns, ORG_F__MAX, &o, sizeof(o)) < 0)
                        return 1;
                enum ecat_err e = organisation_create(db, &system, &o, 0, &p, &org[i]);
                if (e != E_OK)
                        return failed("organisation", e, &p);
                struct user u;
                if (parse(&a,
                          arena_printf(&a,
                                       "{\"login\":\"cw%lld\",\"organisation_id\":%lld,\"role\":"
                                       "\"case_worker\",\"password\":\"bench-case-pass-2013\"}",
                                       (long long)i, (long long)org[i]),
                          user_columns, USER_F__MAX, &u, sizeof(u)) < 0)
                        return 1;
                if ((e = user_create(db, &system, &u, &p, &user[i])) != E_OK)
                        return failed("user", e, &p);
        }
        if (db_commit(db) != STORE_OK)
                return 1;
        fprintf(stderr, "gen_cases: %lld agencies with a case worker each\n", (long long)agencies);

        double t0 = mono_ms();
        int64_t made = 0, referred = 0;
        while (made < cases) {
                if (db_begin_write(db) != STORE_OK)
                        return 1;
                for (int b = 0; b < BATCH && made < cases; b++, made++) {
                        arena_free(&a);
                        arena_init(&a, 8u << 20);
                        int64_t k = made + 1, ag = made % agencies + 1;
                        struct principal who = {user[ag], ROLE_CASE_WORKER, org[ag], "bench", 0};
                        struct case_record cr;
                        if (parse(&a,
                                  arena_printf(
                                      &a,
                                      "{\"given_name\":\"Person%lld\",\"family_name\":"
                                      "\"Family%lld\",\"birth_date\":\"%04lld-%02lld-%02lld\","
                                      "\"trafficking_status\":\"possible\",\"gender\":\"%s\","
                                      "\"exploitation_types\":[\"forced_labour\"],\"phone\":"
                                      "\"+3706%07lld\"}",
                                      (long long)k, (long long)((made / agencies) % 100),
                                      (long long)(1960 + k % 45), (long long)(1 + k % 12),
                                      (long long)(1 + k % 28), k % 2 ? "feminine" : "masculine",
                                      (long long)k),
                                  case_columns, CASE__COLUMNS, &cr, sizeof(cr)) < 0)
                                return 1;
                        struct problems p;
                        problems_init(&p, &a);
                        int64_t id = 0, consent = 0;
                        bool dup = false;
                        enum ecat_err e = case_create(db, &who, &cr, &p, &id, &dup);
                        if (e != E_OK)
                                return failed("case", e, &p);
                        if (!refs)
                                continue;
                        struct consent cn;
                        if (parse(&a,
                                  "{\"given_by\":\"person\",\"given_on\":\"2026-01-02\","
                                  "\"scopes\":[\"services\",\"share_with_agencies\"]}",
                                  consent_columns, CONSENT__COLUMNS, &cn, sizeof(cn)) < 0)
                                return 1;
                        if ((e = consent_create(db, &who, id, &cn, NULL, 0, &p, &consent)) != E_OK)
                                return failed("consent", e, &p);
                        for (int64_t r = 1; r <= refs; r++) {
                                int64_t to = (ag - 1 + r) % agencies + 1;
                                struct referral f;
                                if (parse(&a,
                                          arena_printf(&a,
                                                       "{\"to_organisation_id\":%lld,\"services\":"
                                                       "[\"shelter\"],\"reason\":\"bench\"}",
                                                       (long long)org[to]),
                                          referral_columns, REFERRAL__COLUMNS, &f, sizeof(f)) < 0)
                                        return 1;
                                int64_t fid = 0;
                                if ((e = referral_create(db, &who, id, &f, &p, &fid)) != E_OK)
                                        return failed("referral", e, &p);
                                referred++;
                                struct principal them = {user[to], ROLE_CASE_WORKER, org[to],
                                                         "bench", 0};
                                if ((fid + k) % 2 == 0 &&
                                    (e = referral_move(db, &them, fid, "accept", NULL, &p)) != E_OK)
                                        return failed("accept", e, &p);
                        }
                }
                if (db_commit(db) != STORE_OK) {
                        fprintf(stderr, "gen_cases: commit failed: %s\n", db_errmsg(db));
                        return 1;
                }
                fprintf(stderr, "\rgen_cases: %lld of %lld cases (%3lld%%)", (long long)made,
                        (long long)cases, (long long)(made * 100 / cases));
        }
        double secs = (mono_ms() - t0) / 1000;
        fprintf(stderr, "\n");
        printf("%lld cases and %lld referrals in %.1f s (%.0f cases/s)\n", (long long)made,
               (long long)referred, secs, secs > 0 ? (double)made / secs : 0.0);
        arena_free(&a);
        cli_close(&c);
        free(org);
        free(user);
        return 0;
}

/* ecat org add|list. */
#include "cli/cli.h"

#include "audit/audit.h"
#include "core/util.h"
#include "domain/org.h"

#include <string.h>

int cli_org_insert(struct db *db, const char *name, const char *kind, const char *country,
                   const char *municipality, const double *lat, const double *lon, long long *id)
{
        int64_t now = now_seconds();
        struct stmt *st = db_prepare(db, STMT_ORG_INSERT);
        if (!st)
                return -1;
        st_bind_text(st, 1, name);
        st_bind_text(st, 2, kind);
        st_bind_text(st, 3, country);
        st_bind_text(st, 4, municipality);
        if (lat)
                st_bind_double(st, 11, *lat);
        if (lon)
                st_bind_double(st, 12, *lon);
        st_bind_int(st, 13, now);
        st_bind_int(st, 14, now);
        if (st_exec(st) != STORE_DONE)
                return -1;
        *id = db_last_id(db);
        struct audit_entry e = {0, "organisation.create", "organisation", *id, "ok", "cli"};
        return audit_append(db, &e) == STORE_OK ? 0 : -1;
}

int cmd_org(int argc, char **argv)
{
        static const char usage[] =
            "usage: ecat org add --name NAME --kind KIND --country CC [--municipality M]\n"
            "       ecat org list\n"
            "\n"
            "KIND is one of ngo, police, municipality, ombudsman, health_service,\n"
            "social_service, government, international, funder, childrens_home,\n"
            "socialisation_centre, special_school, school, higher_education,\n"
            "youth_centre, shelter, hotel, business, other.  CC is an ISO 3166-1\n"
            "alpha-2 country code (LT, GB, IT).\n";
        struct cli c = {.command = "org"};
        const char *name = NULL, *kind = NULL, *country = NULL, *muni = NULL;
        const struct cli_opt opts[] = {{"name", true, &name},
                                       {"kind", true, &kind},
                                       {"country", true, &country},
                                       {"municipality", true, &muni},
                                       {NULL, false, NULL}};
        const char *args[1];
        int nargs;
        bool done;
        int rc = cli_parse(&c, argc, argv, opts, usage, args, 1, &nargs, &done);
        if (rc || done)
                return rc;
        if (nargs != 1 || (strcmp(args[0], "add") != 0 && strcmp(args[0], "list") != 0)) {
                cli_error(&c, "expected add or list (see --help)");
                return EXIT_USAGE;
        }
        if (strcmp(args[0], "add") == 0) {
                bool kind_ok = false;
                for (int i = 0; kind && org_kinds[i]; i++)
                        kind_ok |= strcmp(org_kinds[i], kind) == 0;
                if (!name || !*name || utf8_length(name, strlen(name)) > 200 ||
                    !utf8_valid(name, strlen(name))) {
                        cli_error(&c, "--name: 1 to 200 characters of UTF-8 text required");
                        return EXIT_USAGE;
                }
                if (!kind_ok) {
                        cli_error(&c, "--kind: required, one of the kinds listed in --help");
                        return EXIT_USAGE;
                }
                if (!country_valid(country)) {
                        cli_error(&c, "--country: an ISO 3166-1 alpha-2 code is required (LT)");
                        return EXIT_USAGE;
                }
        }
        if (cli_open(&c, false))
                return 1;
        struct db *db = store_db(c.store);
        rc = 1;
        if (!db)
                goto out;
        if (strcmp(args[0], "list") == 0) {
                struct stmt *st = db_prepare(db, STMT_ORG_LIST_ALL);
                if (!st)
                        goto out;
                printf("%-6s %-22s %-3s %s\n", "ID", "KIND", "CC", "NAME");
                while (st_step(st) == STORE_ROW)
                        printf("%-6lld %-22s %-3s %s\n", (long long)st_int(st, 0), st_text(st, 2),
                               st_text(st, 3), st_text(st, 1));
                st_reset(st);
                rc = 0;
                goto out;
        }
        long long id;
        if (db_begin_write(db) != STORE_OK ||
            cli_org_insert(db, name, kind, country, muni, NULL, NULL, &id) < 0 ||
            db_commit(db) != STORE_OK) {
                db_rollback(db);
                cli_error(&c, "cannot add the organisation: %s", db_errmsg(db));
                goto out;
        }
        printf("organisation %lld '%s' added\n", id, name);
        rc = 0;
out:
        cli_close(&c);
        return rc;
}

/* ecat org add|list. */
#include "cli/cli.h"

#include "audit/audit.h"
#include "core/util.h"
#include "api/organisations.h"

#include <jansson.h>
#include <stdlib.h>

#include <string.h>

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
        if (strcmp(args[0], "add") == 0 && (!name || !kind || !country)) {
                cli_error(&c, "--name, --kind and --country are required (see --help)");
                return EXIT_USAGE;
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
        /* The same rules as the API: the organisation's own insert function. */
        json_t *obj = json_pack("{s:s, s:s, s:s}", "name", name, "kind", kind, "country", country);
        if (obj && muni)
                json_object_set_new(obj, "municipality", json_string(muni));
        char *text = obj ? json_dumps(obj, JSON_COMPACT) : NULL;
        json_decref(obj);
        struct arena arena;
        arena_init(&arena, 1u << 20);
        struct problems p;
        problems_init(&p, &arena);
        struct principal system = {
            .user_id = 0, .role = ROLE_ADMIN, .org_id = 0, .request_id = "cli"};
        int64_t id = 0;
        enum ecat_err e = E_INTERNAL;
        if (text && db_begin_write(db) == STORE_OK) {
                e = door_create_json(db, &system, &organisation_api, 0, text, strlen(text), &p,
                                     &id);
                if (e == E_OK && db_commit(db) != STORE_OK)
                        e = E_INTERNAL;
                if (e != E_OK)
                        db_rollback(db);
        }
        free(text);
        if (e != E_OK) {
                for (size_t i = 0; i < p.n; i++)
                        cli_error(&c, "--%s %s", p.item[i].field, p.item[i].text);
                if (!p.n)
                        cli_error(&c, "cannot add the organisation: %s", db_errmsg(db));
                arena_free(&arena);
                goto out;
        }
        arena_free(&arena);
        printf("organisation %lld '%s' added\n", (long long)id, name);
        rc = 0;
out:
        cli_close(&c);
        return rc;
}

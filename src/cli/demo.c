/*
 * The demo data set: the ECAT project of 2013-2014 as the seed page tells it.
 * Every demo login's password is printed; they are for demonstration only.
 */
#include "cli/cli.h"

#include "audit/audit.h"
#include "auth/account.h"
#include "auth/password.h"

#include <string.h>

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
    {"Borgorete", "ngo", "IT", NULL, 43.1107, 12.3908},
    {"Westminster City Council", "municipality", "GB", NULL, 51.4973, -0.1372},
    {"Office of the Ombudsperson for Children's Rights of Lithuania", "ombudsman", "LT",
     "Vilnius city", 54.6896, 25.2799},
};

struct demo_user {
        const char *login, *role, *org, *password;
};

static const struct demo_user users[] = {
    {"admin", "admin", "Lithuanian Caritas", "demo-admin-pass-2013"},
    {"coordinator", "coordinator", "Lithuanian Caritas", "demo-coordinator-2013"},
    {"outreach", "outreach_worker", "Lithuanian Caritas", "demo-outreach-2013"},
    {"caseworker", "case_worker", "Lithuanian Caritas", "demo-caseworker-2013"},
    {"casemanager", "case_manager", "Lithuanian Caritas", "demo-casemanager-2013"},
    {"viewer", "viewer", "Royal Borough of Kensington and Chelsea", "demo-viewer-pass-2013"},
    {"auditor", "auditor", "Office of the Ombudsperson for Children's Rights of Lithuania",
     "demo-auditor-pass-2013"},
};

int demo_populate(struct cli *c, FILE *out)
{
        if (password_init() < 0) {
                cli_error(c, "cannot load the common-password list");
                return 1;
        }
        struct db *db = store_db(c->store);
        if (!db || db_begin_write(db) != STORE_OK) {
                cli_error(c, "cannot write the demo database");
                return 1;
        }
        long long org_ids[sizeof(partners) / sizeof(partners[0])];
        for (size_t i = 0; i < sizeof(partners) / sizeof(partners[0]); i++) {
                const struct demo_org *o = &partners[i];
                if (cli_org_insert(db, o->name, o->kind, o->country, o->municipality, &o->lat,
                                   &o->lon, &org_ids[i]) < 0)
                        goto fail;
        }
        for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++) {
                long long org = 0;
                for (size_t k = 0; k < sizeof(partners) / sizeof(partners[0]); k++)
                        if (strcmp(partners[k].name, users[i].org) == 0)
                                org = org_ids[k];
                char hash[PASSWORD_HASH_MAX];
                if (password_hash(users[i].password, hash) < 0)
                        goto fail;
                struct account_new a = {users[i].login, users[i].login, org, users[i].role, hash};
                int64_t id;
                if (account_insert(db, &a, &id) != STORE_OK)
                        goto fail;
                struct audit_entry e = {0, "user.create", "user", id, "ok", "demo"};
                if (audit_append(db, &e) != STORE_OK)
                        goto fail;
        }
        if (db_commit(db) != STORE_OK)
                goto fail;
        fprintf(out, "demo database %s created\n\n", c->cfg.db);
        fprintf(out, "Demo logins (FOR DEMONSTRATION ONLY - never use these passwords for real "
                     "data):\n");
        for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++)
                fprintf(out, "  %-12s %-24s %s\n", users[i].login, users[i].password,
                        users[i].role);
        return 0;
fail:
        cli_error(c, "cannot write the demo data: %s", db_errmsg(db));
        db_rollback(db);
        return 1;
}

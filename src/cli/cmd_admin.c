/* ecat init, backup, audit verify, config. */
#include "cli/cli.h"

#include "api/app.h"
#include "audit/audit.h"
#include "core/util.h"

#include <string.h>
#include <unistd.h>

int cmd_init(int argc, char **argv)
{
        static const char usage[] = "usage: ecat init [--db PATH] [--key-file PATH]\n"
                                    "\n"
                                    "Create a new, empty database and its key file (mode 0600).\n"
                                    "Refuses to touch an existing database.\n";
        struct cli c = {.command = "init"};
        const char *args[1];
        int nargs;
        bool done;
        int rc = cli_parse(&c, argc, argv, NULL, usage, args, 0, &nargs, &done);
        if (rc || done)
                return rc;
        if (access(c.cfg.db, F_OK) == 0) {
                cli_error(&c, "database %s already exists", c.cfg.db);
                return 1;
        }
        if (cli_open(&c, true))
                return 1;
        printf("created %s (schema %d) with key file %s\n", c.cfg.db, store_schema_version(c.store),
               c.cfg.key_file);
        printf("next: ecat org add --name NAME --kind KIND --country CC, then\n"
               "      ecat user add --login L --org NAME --role admin\n");
        cli_close(&c);
        return 0;
}

int cmd_demo(int argc, char **argv)
{
        static const char usage[] =
            "usage: ecat demo [--db PATH]\n"
            "\n"
            "Create a new database holding the demo data set (the ECAT project\n"
            "2013-2014) and print the demo logins.  Refuses an existing database.\n";
        struct cli c = {.command = "demo"};
        const char *args[1];
        int nargs;
        bool done;
        int rc = cli_parse(&c, argc, argv, NULL, usage, args, 0, &nargs, &done);
        if (rc || done)
                return rc;
        if (access(c.cfg.db, F_OK) == 0) {
                cli_error(&c, "database %s already exists", c.cfg.db);
                return 1;
        }
        if (cli_open(&c, true))
                return 1;
        rc = demo_populate(&c, stdout);
        cli_close(&c);
        if (rc) {
                unlink(c.cfg.db);
                return 1;
        }
        return 0;
}

int cmd_backup(int argc, char **argv)
{
        static const char usage[] =
            "usage: ecat backup [--db PATH] OUT\n"
            "\n"
            "Write a consistent copy of the database to OUT while it stays in use.\n"
            "OUT must not exist.  The key file is not copied: keep it apart.\n";
        struct cli c = {.command = "backup"};
        const char *args[1];
        int nargs;
        bool done;
        int rc = cli_parse(&c, argc, argv, NULL, usage, args, 1, &nargs, &done);
        if (rc || done)
                return rc;
        if (nargs != 1) {
                cli_error(&c, "name the file to write (see --help)");
                return EXIT_USAGE;
        }
        char err[512];
        if (store_open(c.cfg.db, false, &c.store, err, sizeof(err)) < 0) {
                cli_error(&c, "%s", err);
                return 1;
        }
        double t0 = mono_ms();
        rc = store_backup(c.store, args[0], err, sizeof(err));
        if (rc == 0)
                rc = store_check_file(args[0], err, sizeof(err)) == 0 ? 0 : -1;
        cli_close(&c);
        if (rc < 0) {
                cli_error(&c, "%s", err);
                return 1;
        }
        printf("backup written to %s in %.0f ms\n", args[0], mono_ms() - t0);
        return 0;
}

int cmd_audit(int argc, char **argv)
{
        static const char usage[] =
            "usage: ecat audit verify [--db PATH] [--key-file PATH]\n"
            "\n"
            "Check the whole audit chain.  Exits 0 when intact; 1 naming the first\n"
            "entry that was edited, removed, reordered or inserted.\n";
        struct cli c = {.command = "audit"};
        const char *args[1];
        int nargs;
        bool done;
        int rc = cli_parse(&c, argc, argv, NULL, usage, args, 1, &nargs, &done);
        if (rc || done)
                return rc;
        if (nargs != 1 || strcmp(args[0], "verify") != 0) {
                cli_error(&c, "expected 'verify' (see --help)");
                return EXIT_USAGE;
        }
        c.command = "audit verify";
        if (cli_open(&c, false))
                return 1;
        struct db *db = store_db(c.store);
        int64_t count = 0;
        struct audit_problem problem = {0};
        int res = db ? audit_verify(db, &count, &problem) : -1;
        cli_close(&c);
        if (res < 0) {
                cli_error(&c, "cannot read the audit log");
                return 1;
        }
        if (res > 0) {
                printf("audit chain BROKEN at entry %lld: %s\n", (long long)problem.id,
                       problem.reason);
                return 1;
        }
        printf("audit chain intact: %lld entries\n", (long long)count);
        return 0;
}

int cmd_config(int argc, char **argv)
{
        static const char usage[] =
            "usage: ecat config [--config FILE] [SETTINGS]\n"
            "\n"
            "Print the effective configuration (defaults < file < ECAT_* < flags).\n";
        struct cli c = {.command = "config"};
        const char *args[1];
        int nargs;
        bool done;
        int rc = cli_parse(&c, argc, argv, NULL, usage, args, 0, &nargs, &done);
        if (rc || done)
                return rc;
        config_print(&c.cfg);
        return 0;
}

int cmd_routes(int argc, char **argv)
{
        static const char usage[] =
            "usage: ecat routes\n"
            "\n"
            "Print the route table, one route a line, tab-separated: method, path,\n"
            "action, body kind, and the roles that hold the action.\n";
        struct cli c = {.command = "routes"};
        const char *args[1];
        int nargs;
        bool done;
        int rc = cli_parse(&c, argc, argv, NULL, usage, args, 0, &nargs, &done);
        if (rc || done)
                return rc;
        static const char *const bodies[] = {"none", "json", "csv"};
        for (size_t i = 0; i < api_routes_count; i++) {
                const struct route *r = &api_routes[i];
                printf("%s\t%s\t%s\t%s\t", http_method_name(r->method), r->pattern,
                       action_name(r->action), bodies[r->body]);
                bool first = true;
                for (int k = 0; k < ROLE__MAX; k++)
                        if (policy_allows((enum role)k, r->action)) {
                                printf("%s%s", first ? "" : ",", role_name((enum role)k));
                                first = false;
                        }
                putchar('\n');
        }
        return 0;
}

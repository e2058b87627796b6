/* ecat: the command line.  main() only dispatches to one file per command. */
#include "cli/cli.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#ifndef ECAT_VERSION
#define ECAT_VERSION "0.0.0"
#endif

static const struct {
        const char *name;
        int (*run)(int argc, char **argv);
        const char *summary;
} commands[] = {
    {"init", cmd_init, "create a new database and key file"},
    {"demo", cmd_demo, "create a database holding the demo data set"},
    {"serve", cmd_serve, "run the HTTP service"},
    {"user", cmd_user, "add, list, disable users; set passwords"},
    {"org", cmd_org, "add and list organisations"},
    {"token", cmd_token, "create API tokens"},
    {"backup", cmd_backup, "write a consistent online copy of the database"},
    {"audit", cmd_audit, "verify the audit chain"},
    {"config", cmd_config, "print the effective configuration"},
    {"routes", cmd_routes, "print the HTTP route table and who may use each route"},
    {"import", cmd_import,
     "import organisations, activities, materials, distributions or agreements from a CSV file"},
    {"report", cmd_report, "write a project's period report as PDF or XLSX"},
    {"key", cmd_key, "re-encrypt the case fields under a new key version"},
    {"cases", cmd_cases, "erase closed cases past their retention"},
};

static void usage(FILE *f)
{
        (void)fputs("usage: ecat [--config FILE] [--db PATH] COMMAND [OPTIONS]\n\ncommands:\n", f);
        for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
                fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
        (void)fputs("\n'ecat COMMAND --help' describes a command; 'man ecat' describes them all.\n"
                    "Exit codes: 0 success, 1 failure, 2 usage error.\n",
                    f);
}

int main(int argc, char **argv)
{
        if (sodium_init() < 0) {
                (void)fputs("ecat: libsodium failed to initialise\n", stderr);
                return 1;
        }
        /* Options before the command are kept and handed to it. */
        int cmd = 1;
        while (cmd < argc && argv[cmd][0] == '-') {
                if (strcmp(argv[cmd], "--version") == 0) {
                        printf("ecat %s\n", ECAT_VERSION);
                        return 0;
                }
                if (strcmp(argv[cmd], "--help") == 0 || strcmp(argv[cmd], "-h") == 0) {
                        usage(stdout);
                        return 0;
                }
                /* --name value or --name=value */
                cmd += strchr(argv[cmd], '=') ? 1 : 2;
        }
        if (cmd >= argc) {
                usage(stderr);
                return 2;
        }
        for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
                if (strcmp(argv[cmd], commands[i].name) != 0)
                        continue;
                /* Rebuild argv as: command options..., global options... */
                char *args[256];
                int n = 0;
                if (argc > 250) {
                        (void)fputs("ecat: too many arguments\n", stderr);
                        return 2;
                }
                for (int k = cmd + 1; k < argc; k++)
                        args[n++] = argv[k];
                for (int k = 1; k < cmd; k++)
                        args[n++] = argv[k];
                args[n] = NULL;
                return commands[i].run(n, args);
        }
        fprintf(stderr, "ecat: unknown command '%s'\n", argv[cmd]);
        usage(stderr);
        return 2;
}

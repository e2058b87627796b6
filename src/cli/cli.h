/*
 * Shared pieces of the subcommands: option parsing with the configuration
 * settings as flags, opening the store with its keys, reading passwords.
 * Exit codes: 0 success, 1 failure, 2 usage error.
 */
#ifndef ECAT_CLI_H
#define ECAT_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "core/config.h"
#include "store/store.h"

#define EXIT_USAGE 2

struct cli {
        struct config cfg;
        const char *command; /* "user add" */
        const char *config_path;
        struct store *store;
};

/* One command-specific option: --name (with a value when has_arg). */
struct cli_opt {
        const char *name;
        bool has_arg;
        const char **value; /* set to the value (or "1" for a flag) */
};

/*
 * Parse argv (after the command words): the command's own options, any
 * configuration setting as --setting VALUE, --config FILE, and --help.
 * Loads the configuration in order defaults < file < environment < flags.
 * Positional arguments are left in args[0..*nargs).
 * Returns 0, or the exit code to leave with (help printed: 0 via *done).
 */
int cli_parse(struct cli *c, int argc, char **argv, const struct cli_opt *opts, const char *usage,
              const char **args, int max_args, int *nargs, bool *done);

/* Open the database (with create: make it) and load the keys; prints errors. */
int cli_open(struct cli *c, bool create);
void cli_close(struct cli *c);

/*
 * Read a password from file (first line) or, when file is NULL, from stdin
 * (prompting with echo off when stdin is a terminal).  out has size len.
 */
int cli_read_password(const char *file, const char *prompt, char *out, size_t len);

/* Resolve --org: an id or an exact organisation name. */
int cli_org_id(struct cli *c, const char *org, long long *id);

void cli_error(const struct cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Subcommands. */
int cmd_init(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_org(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_key(int argc, char **argv);
int cmd_cases(int argc, char **argv);

/* Demo data (demo.c): fills an empty, open store; prints the logins. */
int demo_populate(struct cli *c, FILE *out);

#endif

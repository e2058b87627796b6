/* ecat user add|list|passwd|disable|enable|totp-reset, ecat token create, ecat org add|list. */
#include "cli/cli.h"

#include "audit/audit.h"
#include "auth/account.h"
#include "auth/password.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "core/util.h"
#include "domain/user.h"

#include <sodium.h>
#include <string.h>

/* Run one write with its audit entry in a transaction; 0 on success. */
static int write_audited(struct cli *c, struct db *db, enum store_rc rc,
                         const struct audit_entry *e)
{
        if (rc == STORE_OK)
                rc = audit_append(db, e);
        if (rc == STORE_OK)
                rc = db_commit(db);
        if (rc != STORE_OK) {
                db_rollback(db);
                cli_error(c, "the database refused the change: %s", db_errmsg(db));
                return 1;
        }
        return 0;
}

/* The command line acts as the system: user 0, audited with request id "cli". */
static const struct principal cli_actor = {0, ROLE_ADMIN, 0, "cli", 0};

/* The first problem a door named, as "field message" (or its message). */
static void say_problem(struct cli *c, const struct problems *p)
{
        if (p->n)
                cli_error(c, "%s %s", p->item[0].field, p->item[0].text);
        else
                cli_error(c, "%s", p->message ? p->message : "the change was refused");
}

/* Commit a door's write, or roll back and say why; 0 on success. */
static int finish(struct cli *c, struct db *db, enum ecat_err e, const struct problems *p)
{
        if (e == E_OK && db_commit(db) == STORE_OK)
                return 0;
        db_rollback(db);
        if (e == E_OK || e == E_INTERNAL)
                cli_error(c, "the database refused the change: %s", db_errmsg(db));
        else
                say_problem(c, p);
        return 1;
}

static int user_add(struct cli *c, const char *login, const char *org, const char *role,
                    const char *name, const char *pwfile)
{
        enum role r;
        if (!login || !org || !role) {
                cli_error(c, "--login, --org and --role are required (see --help)");
                return EXIT_USAGE;
        }
        if (role_parse(role, &r) < 0) {
                cli_error(c,
                          "--role: '%s' is not one of admin, coordinator, outreach_worker, "
                          "case_worker, case_manager, viewer, auditor",
                          role);
                return EXIT_USAGE;
        }
        if (!account_login_valid(login)) {
                cli_error(c, "--login: 3 to 64 letters, digits or . _ - @");
                return EXIT_USAGE;
        }
        if (cli_open(c, false))
                return 1;
        long long org_id;
        char pw[PASSWORD_MAX_BYTES + 2];
        int rc = 1;
        struct arena arena;
        arena_init(&arena, 1u << 16);
        struct problems p;
        problems_init(&p, &arena);
        if (cli_org_id(c, org, &org_id) < 0 ||
            cli_read_password(pwfile, "password: ", pw, sizeof(pw)) < 0)
                goto out;
        struct user u = {.login = login,
                         .display_name = name,
                         .organisation_id = org_id,
                         .role = role,
                         .password = pw};
        static const int given[] = {USER_F_LOGIN, USER_F_ORGANISATION, USER_F_ROLE,
                                    USER_F_PASSWORD};
        for (size_t i = 0; i < ARRAY_LEN(given); i++)
                record_give(&u, (size_t)given[i]);
        if (name)
                record_give(&u, USER_F_DISPLAY_NAME);
        struct db *db = store_db(c->store);
        enum ecat_err e = db ? user_prepare(db, 0, &u, &p) : E_INTERNAL;
        if (e == E_VALIDATION) {
                say_problem(c, &p);
                goto out;
        }
        if (e != E_OK) {
                cli_error(c, "cannot hash the password");
                goto out;
        }
        if (db_begin_write(db) != STORE_OK) {
                cli_error(c, "cannot write to the database");
                goto out;
        }
        int64_t id = 0;
        e = user_create(db, &cli_actor, &u, &p, &id);
        if (e == E_CONFLICT) {
                db_rollback(db);
                cli_error(c, "a user with login '%s' exists", login);
                goto out;
        }
        if (finish(c, db, e, &p))
                goto out;
        printf("user %lld '%s' added (%s)\n", (long long)id, login, role);
        rc = 0;
out:
        sodium_memzero(pw, sizeof(pw));
        arena_free(&arena);
        cli_close(c);
        return rc;
}

static int print_user(const void *rec, void *ctx)
{
        (void)ctx;
        const struct user *u = rec;
        printf("%-6lld %-24s %-16s %-6lld %s\n", (long long)u->id, u->login, u->role,
               (long long)u->organisation_id, u->disabled ? "disabled" : "active");
        return 0;
}

static int user_list(struct cli *c)
{
        if (cli_open(c, false))
                return 1;
        struct db *db = store_db(c->store);
        struct stmt *st = db ? db_prepare(db, STMT_USER_LIST) : NULL;
        if (!st) {
                cli_close(c);
                return 1;
        }
        st_bind_int(st, 4, INT64_MAX);
        st_bind_int(st, 5, 0);
        printf("%-6s %-24s %-16s %-6s %s\n", "ID", "LOGIN", "ROLE", "ORG", "STATE");
        enum store_rc rc = res_each(st, &user_resource, print_user, NULL);
        cli_close(c);
        return rc == STORE_DONE ? 0 : 1;
}

static int user_passwd(struct cli *c, const char *login, const char *pwfile)
{
        if (!login) {
                cli_error(c, "--login is required");
                return EXIT_USAGE;
        }
        if (cli_open(c, false))
                return 1;
        char pw[PASSWORD_MAX_BYTES + 2];
        int rc = 1;
        struct arena arena;
        arena_init(&arena, 1u << 16);
        struct problems p;
        problems_init(&p, &arena);
        struct db *db = store_db(c->store);
        int64_t id = db ? account_id(db, login) : -1;
        if (id <= 0) {
                cli_error(c, "no user with login '%s'", login);
                goto out;
        }
        if (cli_read_password(pwfile, "new password: ", pw, sizeof(pw)) < 0)
                goto out;
        struct user patch = {.password = pw};
        record_give(&patch, USER_F_PASSWORD);
        enum ecat_err e = user_prepare(db, id, &patch, &p);
        if (e == E_VALIDATION) {
                say_problem(c, &p);
                goto out;
        }
        if (e != E_OK || db_begin_write(db) != STORE_OK) {
                cli_error(c, "cannot set the password");
                goto out;
        }
        if (finish(c, db, user_update(db, &cli_actor, id, &patch, &p), &p))
                goto out;
        printf("password of '%s' set; its sessions have ended\n", login);
        rc = 0;
out:
        sodium_memzero(pw, sizeof(pw));
        arena_free(&arena);
        cli_close(c);
        return rc;
}

/*
 * Open the database and begin a write on the user named by --login: 0 with
 * *db and *id set, else the exit code (the database closed again).
 */
static int open_user(struct cli *c, const char *login, struct db **db, int64_t *id)
{
        if (!login) {
                cli_error(c, "--login is required");
                return EXIT_USAGE;
        }
        if (cli_open(c, false))
                return 1;
        *db = store_db(c->store);
        *id = *db ? account_id(*db, login) : -1;
        if (*id <= 0)
                cli_error(c, "no user with login '%s'", login);
        else if (db_begin_write(*db) == STORE_OK)
                return 0;
        cli_close(c);
        return 1;
}

static int user_set_state(struct cli *c, const char *login, bool disabled)
{
        struct db *db;
        int64_t id;
        int rc = open_user(c, login, &db, &id);
        if (rc)
                return rc;
        rc = 1;
        struct arena arena;
        arena_init(&arena, 1u << 16);
        struct problems p;
        problems_init(&p, &arena);
        if (finish(c, db, user_set_disabled(db, &cli_actor, id, disabled, &p), &p))
                goto out;
        printf("user '%s' %s\n", login, disabled ? "disabled" : "enabled");
        rc = 0;
out:
        arena_free(&arena);
        cli_close(c);
        return rc;
}

/* Remove a user's second factor (a lost device): sessions and tokens end, the next login says so.
 */
static int user_totp_reset(struct cli *c, const char *login)
{
        struct db *db;
        int64_t id;
        int rc = open_user(c, login, &db, &id);
        if (rc)
                return rc;
        rc = 1;
        enum totp_outcome o = account_totp_reset(db, id);
        struct audit_entry e = {cli_actor.user_id,   "user.totp_reset", "user", id, "ok",
                                cli_actor.request_id};
        if (write_audited(c, db, o == TOTP_DONE ? STORE_OK : STORE_ERROR, &e))
                goto out;
        printf("two-factor login of '%s' reset: its sessions and API tokens ended; it sets up "
               "a new one at its next login\n",
               login);
        rc = 0;
out:
        cli_close(c);
        return rc;
}

int cmd_user(int argc, char **argv)
{
        static const char usage[] =
            "usage: ecat user add --login L --org ORG --role ROLE [--name NAME]\n"
            "                     [--password-file FILE]\n"
            "       ecat user list\n"
            "       ecat user passwd --login L [--password-file FILE]\n"
            "       ecat user disable --login L\n"
            "       ecat user enable --login L\n"
            "       ecat user totp-reset --login L\n"
            "\n"
            "ORG is an organisation id or its exact name.  ROLE is one of admin,\n"
            "coordinator, outreach_worker, case_worker, case_manager, viewer, auditor.\n"
            "Passwords are read from the first line of --password-file or of stdin,\n"
            "never from the command line; at least 12 characters, not a common one.\n";
        struct cli c = {.command = "user"};
        const char *login = NULL, *org = NULL, *role = NULL, *name = NULL, *pwfile = NULL;
        const struct cli_opt opts[] = {{"login", true, &login},
                                       {"org", true, &org},
                                       {"role", true, &role},
                                       {"name", true, &name},
                                       {"password-file", true, &pwfile},
                                       {NULL, false, NULL}};
        const char *args[1];
        int nargs;
        bool done;
        int rc = cli_parse(&c, argc, argv, opts, usage, args, 1, &nargs, &done);
        if (rc || done)
                return rc;
        if (nargs != 1) {
                cli_error(&c,
                          "expected add, list, passwd, disable, enable or totp-reset (see --help)");
                return EXIT_USAGE;
        }
        if (password_init() < 0) {
                cli_error(&c, "cannot load the common-password list");
                return 1;
        }
        if (strcmp(args[0], "add") == 0)
                return user_add(&c, login, org, role, name, pwfile);
        if (strcmp(args[0], "list") == 0)
                return user_list(&c);
        if (strcmp(args[0], "passwd") == 0)
                return user_passwd(&c, login, pwfile);
        if (strcmp(args[0], "disable") == 0)
                return user_set_state(&c, login, true);
        if (strcmp(args[0], "enable") == 0)
                return user_set_state(&c, login, false);
        if (strcmp(args[0], "totp-reset") == 0)
                return user_totp_reset(&c, login);
        cli_error(&c, "unknown subcommand '%s' (see --help)", args[0]);
        return EXIT_USAGE;
}

int cmd_token(int argc, char **argv)
{
        static const char usage[] =
            "usage: ecat token create --login L [--name NAME] [--days N]\n"
            "\n"
            "Print a new API token for the user.  It is shown once; only its hash\n"
            "is stored.  Send it as 'Authorization: Bearer TOKEN'.  It expires after\n"
            "N days (default and longest: the token_lifetime_days setting).\n";
        struct cli c = {.command = "token"};
        const char *login = NULL, *name = NULL, *days_text = NULL;
        const struct cli_opt opts[] = {{"login", true, &login},
                                       {"name", true, &name},
                                       {"days", true, &days_text},
                                       {NULL, false, NULL}};
        const char *args[1];
        int nargs;
        bool done;
        int rc = cli_parse(&c, argc, argv, opts, usage, args, 1, &nargs, &done);
        if (rc || done)
                return rc;
        if (nargs != 1 || strcmp(args[0], "create") != 0 || !login) {
                cli_error(&c, "expected 'create --login L' (see --help)");
                return EXIT_USAGE;
        }
        int64_t days = c.cfg.token_lifetime_days;
        if (days_text && parse_int64(days_text, 1, c.cfg.token_lifetime_days, &days) < 0) {
                cli_error(&c, "--days: must be a whole number from 1 to %lld (token_lifetime_days)",
                          (long long)c.cfg.token_lifetime_days);
                return EXIT_USAGE;
        }
        if (cli_open(&c, false))
                return 1;
        rc = 1;
        struct db *db = store_db(c.store);
        int64_t id = db ? account_id(db, login) : -1;
        if (id <= 0) {
                cli_error(&c, "no user with login '%s'", login);
                goto out;
        }
        char token[API_TOKEN_LEN + 1];
        int64_t tid = 0;
        if (db_begin_write(db) != STORE_OK)
                goto out;
        enum store_rc src = api_token_create(db, id, name ? name : "cli",
                                             now_seconds() + days * 86400, token, &tid);
        struct audit_entry e = {0, "token.create", "api_token", tid, "ok", "cli"};
        if (write_audited(&c, db, src, &e))
                goto out;
        printf("%s\n", token);
        sodium_memzero(token, sizeof(token));
        rc = 0;
out:
        cli_close(&c);
        return rc;
}

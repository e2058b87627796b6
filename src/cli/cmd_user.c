/* ecat user add|list|passwd|disable|enable, ecat token create, ecat org add|list. */
#include "cli/cli.h"

#include "audit/audit.h"
#include "auth/account.h"
#include "auth/password.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "core/util.h"

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
        char pw[PASSWORD_MAX_BYTES + 2], hash[PASSWORD_HASH_MAX];
        int rc = 1;
        if (cli_org_id(c, org, &org_id) < 0 ||
            cli_read_password(pwfile, "password: ", pw, sizeof(pw)) < 0)
                goto out;
        const char *why = password_policy(pw, login);
        if (why) {
                cli_error(c, "password %s", why);
                goto out;
        }
        if (password_hash(pw, hash) < 0) {
                cli_error(c, "cannot hash the password");
                goto out;
        }
        struct db *db = store_db(c->store);
        if (!db || db_begin_write(db) != STORE_OK) {
                cli_error(c, "cannot write to the database");
                goto out;
        }
        struct account_new a = {login, name, org_id, role, hash};
        int64_t id = 0;
        enum store_rc src = account_insert(db, &a, &id);
        if (src == STORE_CONSTRAINT) {
                db_rollback(db);
                cli_error(c, "a user with login '%s' exists", login);
                goto out;
        }
        struct audit_entry e = {0, "user.create", "user", id, "ok", "cli"};
        if (write_audited(c, db, src, &e))
                goto out;
        printf("user %lld '%s' added (%s)\n", (long long)id, login, role);
        rc = 0;
out:
        sodium_memzero(pw, sizeof(pw));
        cli_close(c);
        return rc;
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
        while (st_step(st) == STORE_ROW)
                printf("%-6lld %-24s %-16s %-6lld %s\n", (long long)st_int(st, 0), st_text(st, 1),
                       st_text(st, 4), (long long)st_int(st, 3),
                       st_int(st, 5) ? "disabled" : "active");
        st_reset(st);
        cli_close(c);
        return 0;
}

static int user_passwd(struct cli *c, const char *login, const char *pwfile)
{
        if (!login) {
                cli_error(c, "--login is required");
                return EXIT_USAGE;
        }
        if (cli_open(c, false))
                return 1;
        char pw[PASSWORD_MAX_BYTES + 2], hash[PASSWORD_HASH_MAX];
        int rc = 1;
        struct db *db = store_db(c->store);
        int64_t id = db ? account_id(db, login) : -1;
        if (id <= 0) {
                cli_error(c, "no user with login '%s'", login);
                goto out;
        }
        if (cli_read_password(pwfile, "new password: ", pw, sizeof(pw)) < 0)
                goto out;
        const char *why = password_policy(pw, login);
        if (why) {
                cli_error(c, "password %s", why);
                goto out;
        }
        if (password_hash(pw, hash) < 0 || db_begin_write(db) != STORE_OK) {
                cli_error(c, "cannot set the password");
                goto out;
        }
        struct audit_entry e = {0, "user.password_reset", "user", id, "ok", "cli"};
        if (write_audited(c, db, account_set_password(db, id, hash, 0), &e))
                goto out;
        printf("password of '%s' set; its sessions have ended\n", login);
        rc = 0;
out:
        sodium_memzero(pw, sizeof(pw));
        cli_close(c);
        return rc;
}

static int user_set_disabled(struct cli *c, const char *login, bool disabled)
{
        if (!login) {
                cli_error(c, "--login is required");
                return EXIT_USAGE;
        }
        if (password_init() < 0 || cli_open(c, false))
                return 1;
        int rc = 1;
        struct db *db = store_db(c->store);
        int64_t id = db ? account_id(db, login) : -1;
        if (id <= 0) {
                cli_error(c, "no user with login '%s'", login);
                goto out;
        }
        struct stmt *st = db_prepare(db, STMT_USER_BY_ID);
        if (!st || db_begin_write(db) != STORE_OK)
                goto out;
        st_bind_int(st, 1, id);
        if (st_step(st) != STORE_ROW) {
                st_reset(st);
                db_rollback(db);
                goto out;
        }
        char *name = strdup(st_text(st, 2)), *role = strdup(st_text(st, 4));
        char *locale = st_null(st, 6) ? NULL : strdup(st_text(st, 6));
        int64_t org = st_int(st, 3);
        st_reset(st);
        struct stmt *up = db_prepare(db, STMT_USER_UPDATE);
        enum store_rc src = STORE_ERROR;
        if (up && name && role) {
                st_bind_text(up, 1, name);
                st_bind_int(up, 2, org);
                st_bind_text(up, 3, role);
                st_bind_int(up, 4, disabled);
                st_bind_text(up, 5, locale);
                st_bind_int(up, 6, now_seconds());
                st_bind_int(up, 7, id);
                src = st_exec(up) == STORE_DONE ? STORE_OK : STORE_ERROR;
        }
        if (src == STORE_OK && disabled)
                src = account_end_access(db, id);
        free(name);
        free(role);
        free(locale);
        struct audit_entry e = {0,    disabled ? "user.disable" : "user.enable", "user", id, "ok",
                                "cli"};
        if (write_audited(c, db, src, &e))
                goto out;
        printf("user '%s' %s\n", login, disabled ? "disabled" : "enabled");
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
                cli_error(&c, "expected add, list, passwd, disable or enable (see --help)");
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
                return user_set_disabled(&c, login, true);
        if (strcmp(args[0], "enable") == 0)
                return user_set_disabled(&c, login, false);
        cli_error(&c, "unknown subcommand '%s' (see --help)", args[0]);
        return EXIT_USAGE;
}

int cmd_token(int argc, char **argv)
{
        static const char usage[] =
            "usage: ecat token create --login L [--name NAME]\n"
            "\n"
            "Print a new API token for the user.  It is shown once; only its hash\n"
            "is stored.  Send it as 'Authorization: Bearer TOKEN'.\n";
        struct cli c = {.command = "token"};
        const char *login = NULL, *name = NULL;
        const struct cli_opt opts[] = {
            {"login", true, &login}, {"name", true, &name}, {NULL, false, NULL}};
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
        enum store_rc src = api_token_create(db, id, name ? name : "cli", token, &tid);
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

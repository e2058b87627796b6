#include "cli/cli.h"

#include "audit/audit.h"
#include "auth/password.h"
#include "crypto/field.h"
#include "auth/totp.h"
#include "crypto/keys.h"
#include "domain/case.h"
#include "core/log.h"
#include "core/util.h"

#include <errno.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define DEFAULT_CONFIG "/etc/ecat/ecat.conf"

void cli_error(const struct cli *c, const char *fmt, ...)
{
        va_list ap;
        fprintf(stderr, "ecat %s: ", c->command);
        va_start(ap, fmt);
        (void)vfprintf(stderr, fmt, ap);
        va_end(ap);
        (void)fputc('\n', stderr);
}

int cli_parse(struct cli *c, int argc, char **argv, const struct cli_opt *opts, const char *usage,
              const char **args, int max_args, int *nargs, bool *done)
{
        *done = false;
        *nargs = 0;
        config_defaults(&c->cfg);
        c->config_path = getenv("ECAT_CONFIG");
        /* Settings given as flags are applied last; keep them until then. */
        const char *set_name[64], *set_value[64];
        int n_set = 0;
        int rc = 0;
        char err[512];
        for (int i = 0; i < argc; i++) {
                const char *a = argv[i];
                if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
                        (void)fputs(usage, stdout);
                        *done = true;
                        goto out;
                }
                if (strncmp(a, "--", 2) != 0 || strcmp(a, "--") == 0 || a[2] == '\0') {
                        if (strcmp(a, "--") == 0) {
                                for (i++; i < argc; i++) {
                                        if (*nargs >= max_args)
                                                goto too_many;
                                        args[(*nargs)++] = argv[i];
                                }
                                break;
                        }
                        if (a[0] == '-' && a[1] != '\0') {
                                cli_error(c, "unknown option %s (see --help)", a);
                                rc = EXIT_USAGE;
                                goto out;
                        }
                        if (*nargs >= max_args)
                                goto too_many;
                        args[(*nargs)++] = a;
                        continue;
                }
                char name[64];
                const char *eq = strchr(a + 2, '=');
                size_t nl = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
                if (nl >= sizeof(name)) {
                        cli_error(c, "unknown option %s (see --help)", a);
                        rc = EXIT_USAGE;
                        goto out;
                }
                memcpy(name, a + 2, nl);
                name[nl] = '\0';
                const struct cli_opt *o = NULL;
                for (size_t k = 0; opts && opts[k].name; k++)
                        if (strcmp(opts[k].name, name) == 0)
                                o = &opts[k];
                bool is_config = strcmp(name, "config") == 0;
                bool is_setting = !o && !is_config && config_known(name);
                if (!o && !is_config && !is_setting) {
                        cli_error(c, "unknown option --%s (see --help)", name);
                        rc = EXIT_USAGE;
                        goto out;
                }
                const char *value = "1";
                if (is_config || is_setting || o->has_arg) {
                        if (eq) {
                                value = eq + 1;
                        } else if (i + 1 < argc) {
                                value = argv[++i];
                        } else {
                                cli_error(c, "option --%s needs a value", name);
                                rc = EXIT_USAGE;
                                goto out;
                        }
                } else if (eq) {
                        cli_error(c, "option --%s takes no value", name);
                        rc = EXIT_USAGE;
                        goto out;
                }
                if (o) {
                        *o->value = value;
                } else if (is_config) {
                        c->config_path = value;
                } else {
                        if (n_set >= 64) {
                                cli_error(c, "too many options");
                                rc = EXIT_USAGE;
                                goto out;
                        }
                        set_name[n_set] = name[0] ? strdup(name) : NULL;
                        set_value[n_set++] = value;
                }
        }
        bool explicit_config = c->config_path != NULL;
        if (config_load_file(&c->cfg, explicit_config ? c->config_path : DEFAULT_CONFIG,
                             explicit_config, err, sizeof(err)) < 0 ||
            config_load_env(&c->cfg, err, sizeof(err)) < 0) {
                cli_error(c, "%s", err);
                rc = 1;
        }
        for (int k = 0; k < n_set; k++) {
                if (rc == 0 &&
                    config_set(&c->cfg, set_name[k], set_value[k], err, sizeof(err)) < 0) {
                        cli_error(c, "--%s", err);
                        rc = EXIT_USAGE;
                }
        }
        if (rc == 0 && config_finish(&c->cfg, err, sizeof(err)) < 0) {
                cli_error(c, "%s", err);
                rc = 1;
        }
        if (rc == 0) {
                enum log_level lvl;
                if (log_level_parse(c->cfg.log_level, &lvl) == 0)
                        log_set_level(lvl);
        }
        goto out;
too_many:
        cli_error(c, "too many arguments (see --help)");
        rc = EXIT_USAGE;
out:
        for (int k = 0; k < n_set; k++)
                free((void *)set_name[k]);
        return rc;
}

int cli_open(struct cli *c, bool create)
{
        char err[512];
        unsigned char master[KEY_BYTES], audit_key[KEY_BYTES];
        if (create && access(c->cfg.key_file, F_OK) != 0 &&
            key_file_create(c->cfg.key_file, err, sizeof(err)) < 0) {
                cli_error(c, "%s", err);
                return 1;
        }
        if (key_file_load(c->cfg.key_file, master, err, sizeof(err)) < 0) {
                cli_error(c, "%s", err);
                return 1;
        }
        unsigned char totp_key[KEY_BYTES];
        key_derive(master, KEY_TOTP, totp_key);
        int kept = totp_init(totp_key);
        sodium_memzero(totp_key, sizeof(totp_key));
        key_derive(master, KEY_AUDIT, audit_key);
        if (kept == 0)
                kept = field_keys_init(master);
        sodium_memzero(master, sizeof(master));
        audit_set_key(audit_key);
        if (kept < 0) {
                sodium_memzero(audit_key, sizeof(audit_key));
                cli_error(c, "cannot keep the field keys in secure memory");
                return 1;
        }
        struct case_settings cs = {(int)c->cfg.recovery_period_days,
                                   (int)c->cfg.referral_answer_days,
                                   (int)c->cfg.referral_outcome_days,
                                   c->cfg.consent_withdrawal_revokes, (int)c->cfg.statistics_k};
        case_configure(&cs);
        sodium_memzero(audit_key, sizeof(audit_key));
        if (store_open(c->cfg.db, create, &c->store, err, sizeof(err)) < 0) {
                cli_error(c, "%s", err);
                return 1;
        }
        store_set_lock_wait(c->store, (int)c->cfg.write_wait_ms);
        /* A new database's audit chain is anchored from its first moment. */
        struct db *db = create ? store_db(c->store) : NULL;
        if (create && (!db || audit_anchor(db) != STORE_OK)) {
                cli_error(c, "cannot anchor the audit chain of %s", c->cfg.db);
                cli_close(c);
                return 1;
        }
        return 0;
}

void cli_close(struct cli *c)
{
        store_close(c->store);
        c->store = NULL;
}

int cli_read_password(const char *file, const char *prompt, char *out, size_t len)
{
        FILE *f = stdin;
        if (file && !(f = fopen(file, "r"))) {
                fprintf(stderr, "ecat: cannot read password file %s: %s\n", file, strerror(errno));
                return -1;
        }
        struct termios old, quiet;
        bool tty = !file && isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
        if (tty) {
                (void)fputs(prompt, stderr);
                quiet = old;
                quiet.c_lflag &= ~(tcflag_t)ECHO;
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
        }
        char *got = fgets(out, (int)len, f);
        if (tty) {
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
                (void)fputc('\n', stderr);
        }
        if (file)
                (void)fclose(f);
        if (!got) {
                fprintf(stderr, "ecat: no password given (stdin or --password-file)\n");
                return -1;
        }
        size_t n = strlen(out);
        if (n == len - 1 && out[n - 1] != '\n') {
                fprintf(stderr, "ecat: password too long\n");
                sodium_memzero(out, len);
                return -1;
        }
        while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
                out[--n] = '\0';
        return 0;
}

int cli_org_id(struct cli *c, const char *org, long long *id)
{
        struct db *db = store_db(c->store);
        if (!db)
                return -1;
        int64_t v;
        struct stmt *st;
        if (parse_int64(org, 1, INT64_MAX, &v) == 0) {
                st = db_prepare(db, STMT_ORG_BY_ID);
                if (!st)
                        return -1;
                st_bind_int(st, 1, v);
        } else {
                st = db_prepare(db, STMT_ORG_ID_BY_NAME);
                if (!st)
                        return -1;
                st_bind_text(st, 1, org);
        }
        int rc = -1;
        if (st_step(st) == STORE_ROW) {
                *id = st_int(st, 0);
                rc = 0;
        }
        st_reset(st);
        if (rc < 0)
                cli_error(c, "no organisation with id or name '%s'", org);
        return rc;
}

/* ecat serve: open everything, then serve until SIGTERM or SIGINT. */
#include "cli/cli.h"

#include "api/app.h"
#include "api/files.h"
#include "audit/audit.h"
#include "auth/password.h"
#include "auth/throttle.h"
#include "core/log.h"
#include "core/sandbox.h"
#include "report/report.h"
#include "crypto/field.h"
#include "auth/totp.h"
#include "crypto/keys.h"
#include "domain/case.h"
#include "http/server.h"
#include "http/static.h"

#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#ifndef ECAT_VERSION
#define ECAT_VERSION "0.0.0"
#endif

static const char usage[] =
    "usage: ecat serve [--listen HOST:PORT] [--web-dir DIR] [--port-file FILE] [SETTINGS]\n"
    "\n"
    "Serve the JSON API (and the web interface when --web-dir is set) until\n"
    "SIGTERM or SIGINT, then finish the requests in flight and exit 0.\n"
    "Every setting of ecat.conf(5) is also a flag: --session-idle-timeout 900.\n"
    "Started as root, it drops to the account of the setting user once the\n"
    "database, key file and socket are open; then (seccomp = on) a system-call\n"
    "filter kills it at any call the service does not make.\n"
    "  --port-file FILE   write the bound port there (useful with port 0)\n";

/* The policy of every response; tile hosts are added when tiles are configured. */
static char *build_csp(const char *tile_url)
{
        char origin[300] = "";
        const char *p = strstr(tile_url, "://");
        if (p) {
                size_t n = strcspn(p + 3, "/");
                size_t total = (size_t)(p - tile_url) + 3 + n;
                if (total < sizeof(origin)) {
                        memcpy(origin, tile_url, total);
                        origin[total] = '\0';
                        /* {s}.tile.example.org → *.tile.example.org */
                        char *s = strstr(origin, "{s}");
                        if (s) {
                                s[0] = '*';
                                memmove(s + 1, s + 3, strlen(s + 3) + 1);
                        }
                }
        }
        size_t len = 512 + strlen(origin);
        char *csp = malloc(len);
        if (csp)
                snprintf(csp, len,
                         "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' "
                         "data:%s%s; connect-src 'self'; font-src 'self'; object-src 'none'; "
                         "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
                         origin[0] ? " " : "", origin);
        return csp;
}

/*
 * Every connection is a descriptor: raise the soft limit to the hard one, so
 * that connection_limit is reached before the descriptors run out (a common
 * soft limit is 1024; past it accept(2) fails and new clients wait in the
 * kernel's queue however few connections each address holds).
 */
static void raise_file_limit(const struct config *cfg)
{
        struct rlimit fl;
        if (getrlimit(RLIMIT_NOFILE, &fl) < 0)
                return;
        /* Room for the database, the log, the listening socket and the threads' own. */
        rlim_t need = (rlim_t)cfg->connection_limit + 64;
        if (fl.rlim_cur != RLIM_INFINITY && fl.rlim_cur < fl.rlim_max) {
                /* An unlimited hard limit cannot be the soft one (fs.nr_open caps it). */
                fl.rlim_cur = fl.rlim_max != RLIM_INFINITY ? fl.rlim_max
                              : need > fl.rlim_cur         ? need
                                                           : fl.rlim_cur;
                (void)setrlimit(RLIMIT_NOFILE, &fl);
                (void)getrlimit(RLIMIT_NOFILE, &fl);
        }
        if (fl.rlim_cur != RLIM_INFINITY && fl.rlim_cur < need)
                log_warn("msg=\"the open-file limit is below connection_limit\" limit=%llu "
                         "connection_limit=%lld need=%llu",
                         (unsigned long long)fl.rlim_cur, (long long)cfg->connection_limit,
                         (unsigned long long)need);
}

/*
 * Started as root, the service runs as cfg->user: the file store and its
 * tmp/ are given to that account, as the database must be by the operator.
 */
static int give_file_store(const char *dir, const char *user, char *err, size_t errlen)
{
        struct passwd entry, *pw = NULL;
        char text[4096];
        if (!user || !user[0] || getpwnam_r(user, &entry, text, sizeof(text), &pw) != 0 || !pw)
                return 0; /* sandbox_drop says what is wrong with the account */
        char tmp[1100];
        snprintf(tmp, sizeof(tmp), "%s/tmp", dir);
        if (chown(dir, pw->pw_uid, pw->pw_gid) < 0 || chown(tmp, pw->pw_uid, pw->pw_gid) < 0) {
                snprintf(err, errlen, "file store %.300s: cannot give it to %.63s: %s", dir, user,
                         strerror(errno));
                return -1;
        }
        return 0;
}

/* Drop to the service account (when root), check the database is still ours, filter. */
static int enter_sandbox(const struct config *cfg, bool was_root, char *err, size_t errlen)
{
        if (sandbox_drop(cfg->user, err, errlen) < 0)
                return -1;
        /* Worker threads open their own connections by path, as the new user. */
        if (was_root && access(cfg->db, R_OK | W_OK) < 0) {
                snprintf(err, errlen,
                         "setting user %.63s: cannot read and write the database %.300s as that "
                         "account (give it, its directory, -wal and -shm files to the account)",
                         cfg->user, cfg->db);
                return -1;
        }
        char dir[1024];
        if (was_root && files_dir_of(cfg, dir, sizeof(dir)) == 0 && access(dir, R_OK | W_OK) < 0) {
                snprintf(err, errlen,
                         "setting user %.63s: cannot read and write the file store %.300s as "
                         "that account (give it and its subdirectories to the account)",
                         cfg->user, dir);
                return -1;
        }
        /* fontconfig's first start, as the service account, before the filter. */
        report_fonts_warm();
        if (cfg->seccomp && sandbox_seccomp(err, errlen) < 0)
                return -1;
        return 0;
}

int cmd_serve(int argc, char **argv)
{
        struct cli c = {.command = "serve"};
        const char *port_file = NULL;
        const struct cli_opt opts[] = {{"port-file", true, &port_file}, {NULL, false, NULL}};
        const char *args[1];
        int nargs;
        bool done;
        int rc = cli_parse(&c, argc, argv, opts, usage, args, 0, &nargs, &done);
        if (rc || done)
                return rc;

        /* No core files: a dump of this process could hold keys and case data. */
        struct rlimit nocore = {0, 0};
        setrlimit(RLIMIT_CORE, &nocore);
        prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
        raise_file_limit(&c.cfg);

        if (password_init() < 0) {
                cli_error(&c, "cannot load the common-password list");
                return 1;
        }
        char err[512];
        unsigned char master[KEY_BYTES], key[KEY_BYTES];
        if (key_file_load(c.cfg.key_file, master, err, sizeof(err)) < 0) {
                cli_error(&c, "%s", err);
                return 1;
        }
        key_derive(master, KEY_AUDIT, key);
        audit_set_key(key);
        struct app app = {.cfg = &c.cfg, .routes = api_routes, .n_routes = api_routes_count};
        key_derive(master, KEY_LOGIN, app.login_key);
        key_derive(master, KEY_TOTP, key);
        if (totp_init(key) < 0 || field_keys_init(master) < 0) {
                sodium_memzero(master, sizeof(master));
                cli_error(&c, "cannot keep the field keys in secure memory");
                return 1;
        }
        sodium_memzero(master, sizeof(master));
        struct case_settings cs = {(int)c.cfg.recovery_period_days, (int)c.cfg.referral_answer_days,
                                   (int)c.cfg.referral_outcome_days,
                                   c.cfg.consent_withdrawal_revokes, (int)c.cfg.statistics_k};
        case_configure(&cs);
        sodium_memzero(key, sizeof(key));

        if (store_open(c.cfg.db, false, &c.store, err, sizeof(err)) < 0) {
                cli_error(&c, "%s", err);
                return 1;
        }
        store_set_lock_wait(c.store, (int)c.cfg.write_wait_ms);
        app.store = c.store;
        /* A chain from before heads were kept gets its anchor now. */
        struct db *anchor_db = store_db(c.store);
        if (!anchor_db || audit_anchor(anchor_db) != STORE_OK) {
                cli_error(&c, "cannot anchor the audit chain");
                cli_close(&c);
                return 1;
        }
        /* The material file store, and libmagic's type database, before the sandbox closes. */
        char file_dir[1024];
        if (files_dir_of(&c.cfg, file_dir, sizeof(file_dir)) < 0 ||
            files_init(file_dir, err, sizeof(err)) < 0) {
                cli_error(&c, "%s", file_dir[0] ? err : "setting file_dir: the path is too long");
                cli_close(&c);
                return 1;
        }
        if (geteuid() == 0 && give_file_store(file_dir, c.cfg.user, err, sizeof(err)) < 0) {
                cli_error(&c, "%s", err);
                cli_close(&c);
                return 1;
        }
        app.file_dir = file_dir;
        struct static_files *files = NULL;
        if (c.cfg.web_dir[0]) {
                files = static_load(c.cfg.web_dir, err, sizeof(err));
                if (!files) {
                        cli_error(&c, "%s", err);
                        cli_close(&c);
                        return 1;
                }
                app.files = files;
        }
        char *csp = build_csp(c.cfg.tile_url);
        app.csp = csp ? csp : "default-src 'none'; frame-ancestors 'none'";
        throttle_configure(c.cfg.rate_limit, c.cfg.rate_burst, c.cfg.login_ip_max_failures,
                           c.cfg.login_window);

        /* Worker threads inherit this mask; only the main thread takes the signals. */
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGTERM);
        sigaddset(&set, SIGINT);
        pthread_sigmask(SIG_BLOCK, &set, NULL);
        (void)signal(SIGPIPE, SIG_IGN);
        /* A closed terminal must not stop the service; configuration is read at start. */
        (void)signal(SIGHUP, SIG_IGN);

        uint16_t port = 0;
        struct server *srv = server_start(&app, &port, err, sizeof(err));
        if (!srv) {
                cli_error(&c, "%s", err);
                static_free(files);
                free(csp);
                cli_close(&c);
                return 1;
        }
        /* Access lines from here on in batches, written by a thread of the log's own. */
        if (log_batch_start() < 0)
                log_warn("msg=\"cannot start the log writer: one write per line\"");
        /* Everything is open: drop to the service account, then the filter. */
        bool was_root = geteuid() == 0;
        if (enter_sandbox(&c.cfg, was_root, err, sizeof(err)) < 0) {
                log_batch_stop();
                cli_error(&c, "%s", err);
                server_stop(srv, 1000);
                static_free(files);
                free(csp);
                cli_close(&c);
                return 1;
        }
        if (was_root)
                log_info("msg=\"running as user %s\" uid=%u gid=%u", c.cfg.user, (unsigned)getuid(),
                         (unsigned)getgid());
        if (!c.cfg.seccomp)
                log_warn("msg=\"seccomp = off: no system-call filter\"");
        log_info("msg=\"ecat %s serving\" listen=%s port=%u store=%s schema=%d web_files=%zu",
                 ECAT_VERSION, c.cfg.listen, port, store_kind(c.store),
                 store_schema_version(c.store), static_count(files));
        if (port_file) {
                FILE *f = fopen(port_file, "w");
                if (!f || fprintf(f, "%u\n", port) < 0 || fclose(f) != 0)
                        cli_error(&c, "cannot write port file %s", port_file);
        }
        int sig = 0;
        sigwait(&set, &sig);
        log_info("msg=\"stopping\" signal=%d", sig);
        server_stop(srv, 10000);
        log_batch_stop();
        static_free(files);
        free(csp);
        cli_close(&c);
        files_end();
        log_info("msg=\"stopped\"");
        return 0;
}
